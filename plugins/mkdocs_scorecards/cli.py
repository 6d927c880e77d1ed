"""The `scorecards` command: the core without MkDocs, for CI, editors and scripts.

Exit codes: 0 done, 1 the inputs have problems (each printed as
`file:line: message; hint`), 2 the command was used wrongly, 3 the machine
failed (a file could not be read or written, Graphviz would not run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import yaml

from . import __version__
from .buildlog import rows_sentence
from .compute.explain import explain
from .errors import BuildFailure, InputError, Problem, did_you_mean, terminal_safe
from .options import Options, read_options
from .render.diff_text import diff_markdown, diff_text
from .render.explanation import explanation_steps
from .render.json_out import scorecard_json
from .site import evaluate_site, validate_site
from .site_history import diff_revisions

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: unknown tags become None."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def settings_options(project: Path, settings_file: str = Options.settings_file, as_of: str | None = None) -> Options:
    """The scorecards plugin's options from the project's settings file (the defaults without one),
    checked by the same `read_options` as the plugin's; `as_of` given on the command line wins."""
    settings = project / settings_file
    values: dict = {}
    if settings.exists():
        config = yaml.load(settings.read_text(encoding="utf-8"), Loader=_SettingsLoader) or {}
        for entry in config.get("plugins") or []:
            if isinstance(entry, dict) and "scorecards" in entry:
                values = dict(entry["scorecards"] or {})
    if as_of:
        values["as_of"] = as_of
    return read_options(values, Path(settings_file).as_posix())   # relative to the project, as every input


def _options(args) -> tuple[Path, Options]:
    project = Path(args.project).resolve()
    return project, settings_options(project, args.config_file, getattr(args, "as_of", None))


def print_problems(problems: list[Problem], style: str = "text", stream=sys.stderr) -> None:
    """Problems as text lines, JSON, GitHub Actions annotations (`::error file=...`), or a GitLab Code
    Quality report (`gitlab`)."""
    if style == "json":
        print(json.dumps([{"file": p.file, "line": p.line, "column": p.column, "message": p.message,
                           "hint": p.hint} for p in problems], indent=2), file=stream)
        return
    if style == "gitlab":
        print(json.dumps(code_quality(problems), indent=2, ensure_ascii=False), file=stream)
        return
    for problem in problems:
        if style == "github":
            place = f"file={_github_escape(problem.file, True)}"
            if problem.line:
                place += f",line={problem.line}"
            if problem.column:
                place += f",col={problem.column}"
            text = terminal_safe(problem.message + (f"; {problem.hint}" if problem.hint else ""))
            print(f"::error {place}::{_github_escape(text)}", file=stream)
        else:
            print(terminal_safe(str(problem)), file=stream)


def code_quality(problems: list[Problem]) -> list[dict]:
    """GitLab's Code Quality report (a subset of the Code Climate issue format), which a merge request
    shows on the changed lines: each problem a `blocker` (the build would fail), at its file and line
    (line 1 for a problem of a whole file), with a fingerprint of its place and text."""
    found = []
    for problem in problems:
        description = problem.message + (f"; {problem.hint}" if problem.hint else "")
        place = f"{problem.file}:{problem.line}:{problem.column}: {description}"
        found.append({"description": description, "check_name": "scorecards-validate",
                      "fingerprint": hashlib.sha256(place.encode("utf-8")).hexdigest(), "severity": "blocker",
                      "location": {"path": problem.file, "lines": {"begin": max(problem.line, 1)}}})
    return found


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _print_rows(error: InputError) -> None:
    """Where the CSV rows went, so that no value is lost unnoticed even in a failed run."""
    if error.rows is not None:
        print(rows_sentence(error.rows), file=sys.stderr)


def _failed(error: BuildFailure) -> int:
    print(terminal_safe(f"scorecards: {error}"), file=sys.stderr)
    return EXIT_FAILURE


def build_data(args) -> int:
    try:
        project, options = _options(args)
        result = evaluate_site(project, options, history=True)
        out = Path(args.output) if args.output else project / "build" / "scorecards"
        _write_json(result, out)
    except InputError as error:
        print_problems(error.problems)
        _print_rows(error)
        print(f"{len(error.problems)} problem(s) found; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except BuildFailure as error:
        return _failed(error)
    rows = result.rows
    print(f"read {rows.read} rows from {rows.files} CSV files; "
          f"wrote {len(result.scorecards)} scorecard.json files to {out}")
    return EXIT_OK


def _write_json(result, out: Path) -> None:
    for scorecard in result.scorecards:
        folder = out / scorecard.scorecard.id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "scorecard.json").write_text(scorecard_json(scorecard, result), encoding="utf-8")
        except OSError as error:
            raise BuildFailure(f"{folder}: cannot write scorecard.json: {error.strerror or error}",
                               "check that the output folder can be written, or choose another with -o") from None


def validate(args) -> int:
    try:
        project, options = _options(args)
        project_data = validate_site(project, options)
    except InputError as error:
        print_problems(error.problems, args.format, sys.stdout)
        if args.format == "text":
            _print_rows(error)
            print(f"{len(error.problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    except BuildFailure as error:
        return _failed(error)
    if args.format in ("json", "gitlab"):
        print("[]")
    elif args.format == "text":
        rows = project_data.actuals.rows
        print(f"no problems: {len(project_data.scorecards)} scorecards, {rows.read} rows read from "
              f"{rows.files} CSV files, {rows.placed} placed")
    return EXIT_OK


def explain_command(args) -> int:
    try:
        project, options = _options(args)
        result = evaluate_site(project, options)
    except InputError as error:
        print_problems(error.problems)
        return EXIT_PROBLEMS
    except BuildFailure as error:
        return _failed(error)
    scorecard_id, _, kpi_id = args.kpi.rpartition("/")
    matches = [(s, o, k) for s in result.scorecards for o in s.objectives for k in o.kpis
               if k.kpi.id == kpi_id and (not scorecard_id or s.scorecard.id == scorecard_id)]
    if len(matches) != 1:
        if matches:
            listed = ", ".join(sorted(f"{s.scorecard.id}/{k.kpi.id}" for s, _, k in matches))
            hint = f"is ambiguous; write scorecard-id/kpi-id: {listed}"
        else:
            known = {f"{s.scorecard.id}/{k.kpi.id}" for s in result.scorecards for o in s.objectives for k in o.kpis}
            known |= {k.split("/", 1)[1] for k in known}
            hint = "is not a KPI; " + did_you_mean(args.kpi, known, "KPI")
        print(f"scorecards explain: '{args.kpi}' {hint}", file=sys.stderr)
        return EXIT_USAGE
    scorecard, objective, kpi = matches[0]
    period = scorecard.scorecard.calendar.parse(args.period) if args.period else scorecard.as_of
    if args.period and (period is None or (period != scorecard.as_of and kpi.evaluated_in(period) is None)):
        listed = ", ".join(p.label for p in kpi.published_series) or "none"
        print(f"scorecards explain: {kpi.kpi.id} has no data for '{args.period}' in scorecard "
              f"{scorecard.scorecard.id}; periods with data: {listed}", file=sys.stderr)
        return EXIT_USAGE
    print(terminal_safe(f"{scorecard.scorecard.title} / {objective.objective.title} / {kpi.kpi.title} — "
                        f"{period.label if period else ''}"))
    explanation = scorecard.explanations.get(kpi.kpi.id) if period == scorecard.as_of else None
    for step in explanation_steps(explanation or explain(scorecard, kpi.kpi.id, period)):
        print(terminal_safe(f"\n{step.title}"))
        for line in step.lines:
            print(terminal_safe(f"  {line}"))
    return EXIT_OK


def diff_command(args) -> int:
    """What changed between two revisions: definitions, data and the statuses that follow."""
    try:
        project, options = _options(args)
        diff, old, new = diff_revisions(project, options, args.old, args.new)
    except InputError as error:
        print_problems(error.problems)
        return EXIT_PROBLEMS
    except BuildFailure as error:
        return _failed(error)
    print(terminal_safe(diff_markdown(diff, old, new) if args.format == "markdown" else diff_text(diff, old, new)),
          end="")
    return EXIT_OK


def _settings_argument(command) -> None:
    command.add_argument("-f", "--config-file", default=Options.settings_file,
                         help="the site's settings file, relative to PROJECT (default: mkdocs.yml)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scorecards", description="Balanced Scorecards from YAML and CSV.")
    parser.add_argument("--version", action="version", version=f"mkdocs-scorecards {__version__}")
    commands = parser.add_subparsers(dest="command")

    data = commands.add_parser("build-data", help="compute every scorecard and write scorecard.json files")
    data.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    data.add_argument("-o", "--output", help="folder to write into (default: PROJECT/build/scorecards)")
    data.add_argument("--as-of", help="period to evaluate (default: the as_of in mkdocs.yml, else latest)")
    _settings_argument(data)

    check = commands.add_parser("validate", help="check every definition, CSV and commentary file")
    check.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    check.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                       help="text lines, a JSON list, GitHub Actions annotations, or a GitLab Code Quality report")
    _settings_argument(check)

    why = commands.add_parser("explain", help="show how one KPI's status and score were worked out")
    why.add_argument("kpi", help="scorecard-id/kpi-id (or a KPI id that only one scorecard has)")
    why.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    why.add_argument("--period", help="reporting period to explain (default: the as-of period)")
    why.add_argument("--as-of", help="as-of period (default: the as_of in mkdocs.yml, else latest)")
    _settings_argument(why)

    changes = commands.add_parser("diff", help="what changed between two revisions, and which statuses follow")
    changes.add_argument("old", help="the earlier revision (a commit, tag or branch, e.g. origin/main)")
    changes.add_argument("new", nargs="?", help="the later revision (default: the work tree)")
    changes.add_argument("-C", "--project", default=".", help="the site project folder (default: .)")
    changes.add_argument("--format", choices=("text", "markdown"), default="text",
                         help="text for a terminal, or Markdown for a pull-request comment")
    changes.add_argument("--as-of", help="as-of period of both (default: the as_of in mkdocs.yml, else latest)")
    _settings_argument(changes)

    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    handlers = {"build-data": build_data, "validate": validate, "explain": explain_command, "diff": diff_command}
    if args.command in handlers:
        return handlers[args.command](args)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
