"""The `scorecards` command: the core without MkDocs, for CI, editors and scripts.

Exit codes: 0 done, 1 the inputs have problems (each printed as
`file:line: message; hint`), 2 the command was used wrongly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from . import __version__
from .compute.explain import explain_kpi
from .errors import InputError, Problem, did_you_mean, terminal_safe
from .render.json_out import scorecard_json
from .site import Options, evaluate_site, load_site

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: unknown tags become None."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_options(project: Path) -> Options:
    """The scorecards plugin's options from the project's mkdocs.yml, or the defaults."""
    settings = project / "mkdocs.yml"
    if not settings.exists():
        return Options()
    config = yaml.load(settings.read_text(encoding="utf-8"), Loader=_SettingsLoader) or {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "scorecards" in entry:
            values = entry["scorecards"] or {}
            known = {k: str(v) for k, v in values.items() if k in Options.__dataclass_fields__}
            return Options(**known)
    return Options()


def _options(args) -> tuple[Path, Options]:
    project = Path(args.project).resolve()
    options = read_options(project)
    if getattr(args, "as_of", None):
        options = Options(**{**options.__dict__, "as_of": args.as_of})
    return project, options


def print_problems(problems: list[Problem], style: str = "text", stream=sys.stderr) -> None:
    """Problems as text lines, JSON, or GitHub Actions annotations (`::error file=...`)."""
    if style == "json":
        print(json.dumps([{"file": p.file, "line": p.line, "column": p.column, "message": p.message,
                           "hint": p.hint} for p in problems], indent=2), file=stream)
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


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def _print_summary(error: InputError) -> None:
    """Where the CSV rows went, so that no value is lost unnoticed even in a failed run."""
    if error.summary:
        print(error.summary, file=sys.stderr)


def build_data(args) -> int:
    project, options = _options(args)
    try:
        result = evaluate_site(project, options)
    except InputError as error:
        print_problems(error.problems)
        _print_summary(error)
        print(f"{len(error.problems)} problem(s) found; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    out = Path(args.output) if args.output else project / "build" / "scorecards"
    for scorecard in result.scorecards:
        folder = out / scorecard.scorecard.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scorecard.json").write_text(scorecard_json(scorecard, result), encoding="utf-8")
    print(f"read {result.rows_read} rows from {result.files_read} CSV files; "
          f"wrote {len(result.scorecards)} scorecard.json files to {out}")
    return EXIT_OK


def validate(args) -> int:
    project, options = _options(args)
    try:
        project_data = load_site(project, options)
    except InputError as error:
        print_problems(error.problems, args.format, sys.stdout)
        if args.format == "text":
            _print_summary(error)
            print(f"{len(error.problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.format == "json":
        print("[]")
    elif args.format == "text":
        actuals = project_data.actuals
        print(f"no problems: {len(project_data.scorecards)} scorecards, {actuals.rows_read} rows read from "
              f"{actuals.files_read} CSV files, {actuals.rows_placed} placed")
    return EXIT_OK


def explain(args) -> int:
    project, options = _options(args)
    try:
        result = evaluate_site(project, options)
    except InputError as error:
        print_problems(error.problems)
        return EXIT_PROBLEMS
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
    label = args.period
    if label and label != scorecard.as_of and label not in {p.label for p in kpi.series}:
        print(f"scorecards explain: {kpi.kpi.id} has no data for '{label}' in scorecard {scorecard.scorecard.id}; "
              f"periods with data: {', '.join(p.label for p in kpi.series) or 'none'}", file=sys.stderr)
        return EXIT_USAGE
    print(terminal_safe(f"{scorecard.scorecard.title} / {objective.objective.title} / {kpi.kpi.title} — "
                        f"{label or scorecard.as_of}"))
    for step in explain_kpi(scorecard, kpi.kpi.id, label):
        print(terminal_safe(f"\n{step.title}"))
        for line in step.lines:
            print(terminal_safe(f"  {line}"))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scorecards", description="Balanced Scorecards from YAML and CSV.")
    parser.add_argument("--version", action="version", version=f"mkdocs-scorecards {__version__}")
    commands = parser.add_subparsers(dest="command")

    data = commands.add_parser("build-data", help="compute every scorecard and write scorecard.json files")
    data.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    data.add_argument("-o", "--output", help="folder to write into (default: PROJECT/build/scorecards)")
    data.add_argument("--as-of", help="period to evaluate (default: the as_of in mkdocs.yml, else latest)")

    check = commands.add_parser("validate", help="check every definition, CSV and commentary file")
    check.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="text lines, a JSON list, or GitHub Actions annotations")

    why = commands.add_parser("explain", help="show how one KPI's status and score were worked out")
    why.add_argument("kpi", help="scorecard-id/kpi-id (or a KPI id that only one scorecard has)")
    why.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    why.add_argument("--period", help="reporting period to explain (default: the as-of period)")
    why.add_argument("--as-of", help="as-of period (default: the as_of in mkdocs.yml, else latest)")

    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    handlers = {"build-data": build_data, "validate": validate, "explain": explain}
    if args.command in handlers:
        return handlers[args.command](args)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
