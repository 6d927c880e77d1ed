"""The `scorecards` command: the core without MkDocs, for CI and scripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import __version__
from .errors import InputError
from .site import Options, evaluate_site
from .render.json_out import scorecard_json


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


def build_data(args) -> int:
    project = Path(args.project).resolve()
    options = read_options(project)
    if args.as_of:
        options = Options(**{**options.__dict__, "as_of": args.as_of})
    try:
        result = evaluate_site(project, options)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found; nothing was written", file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else project / "build" / "scorecards"
    for scorecard in result.scorecards:
        folder = out / scorecard.scorecard.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scorecard.json").write_text(scorecard_json(scorecard, result), encoding="utf-8")
    print(f"read {result.rows_read} rows from {result.files_read} CSV files; "
          f"wrote {len(result.scorecards)} scorecard.json files to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scorecards", description="Balanced Scorecards from YAML and CSV.")
    parser.add_argument("--version", action="version", version=f"mkdocs-scorecards {__version__}")
    commands = parser.add_subparsers(dest="command")
    data = commands.add_parser("build-data", help="compute every scorecard and write scorecard.json files")
    data.add_argument("project", nargs="?", default=".", help="the site project folder (default: .)")
    data.add_argument("-o", "--output", help="folder to write into (default: PROJECT/build/scorecards)")
    data.add_argument("--as-of", help="period to evaluate (default: the as_of in mkdocs.yml, else latest)")
    args = parser.parse_args(argv)
    if args.command == "build-data":
        return build_data(args)
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
