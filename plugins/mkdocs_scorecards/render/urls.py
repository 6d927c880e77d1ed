"""The one place that knows where every generated page and file lives.

Links inside generated HTML and SVG are written relative to the page that
holds them, because MkDocs does not rewrite links in raw HTML. Ids are
slugs (the loader checks them); they are checked again here, since a path
or a link is the one place where anything else would do harm.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..errors import InputError, Problem
from ..options import Options

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
_PERIOD = re.compile(r"(FY)?[0-9]{4}(-Q[1-4]|-[0-9]{2})?\Z")


def slug(value: str) -> str:
    """An id for a path or link; an InputError for anything but a slug (1-64 of a-z, 0-9 and -)."""
    if not isinstance(value, str) or not _SLUG.match(value):
        raise InputError([Problem("scorecards", 0, 0, f"the id {value!r} is not a slug, so it cannot name a page",
                                  "use 1 to 64 lowercase letters, digits and '-', starting with a letter or digit")])
    return value


@dataclass(frozen=True)
class Urls:
    output: str = Options.output
    directory_urls: bool = True

    # Source paths of the virtual files (relative to docs_dir).
    def index_src(self) -> str:
        return f"{self.output}/index.md"

    def overview_src(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/index.md"

    def objective_src(self, scorecard: str, objective: str) -> str:
        return f"{self.output}/{slug(scorecard)}/{slug(objective)}/index.md"

    def report_src(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/report/index.md"

    def hypotheses_src(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/hypotheses/index.md"

    def cascade_src(self) -> str:
        return f"{self.output}/cascade/index.md"

    def cascade_svg(self) -> str:
        return f"{self.output}/cascade/map.svg"

    def map_svg(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/map.svg"

    def json(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/scorecard.json"

    def data_csv(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/data.csv"

    def objective_csv(self, scorecard: str, objective: str) -> str:
        return f"{self.output}/{slug(scorecard)}/{slug(objective)}/data.csv"

    def kpi_csv(self, scorecard: str, objective: str, kpi: str) -> str:
        return f"{self.output}/{slug(scorecard)}/{slug(objective)}/kpi-{slug(kpi)}.csv"

    def json_schema(self) -> str:
        return f"{self.output}/schema.json"

    def stylesheet(self) -> str:
        return f"{self.output}/assets/scorecards.css"

    def archive_index_src(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/archive/index.md"

    def archive_src(self, scorecard: str, period: str) -> str:
        return f"{self.output}/{slug(scorecard)}/archive/{period_slug(period)}/index.md"

    def archive_json(self, scorecard: str, period: str) -> str:
        return f"{self.output}/{slug(scorecard)}/archive/{period_slug(period)}/scorecard.json"

    def restatements_src(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/restatements/index.md"

    def changes_src(self, scorecard: str) -> str:
        return f"{self.output}/{slug(scorecard)}/changes/index.md"

    def manifest(self) -> str:
        return f"{self.output}/manifest.json"

    # Published URLs of pages (as MkDocs will serve them).
    def page(self, src: str) -> str:
        """The URL MkDocs gives a page at `src` (always a .../index.md here)."""
        folder = posixpath.dirname(src)
        return f"{folder}/" if self.directory_urls else f"{folder}/index.html"

    def index(self) -> str:
        return self.page(self.index_src())

    def overview(self, scorecard: str) -> str:
        return self.page(self.overview_src(scorecard))

    def objective(self, scorecard: str, objective: str) -> str:
        return self.page(self.objective_src(scorecard, objective))

    def report(self, scorecard: str) -> str:
        return self.page(self.report_src(scorecard))

    def hypotheses(self, scorecard: str) -> str:
        return self.page(self.hypotheses_src(scorecard))

    def archive_index(self, scorecard: str) -> str:
        return self.page(self.archive_index_src(scorecard))

    def archive(self, scorecard: str, period: str) -> str:
        return self.page(self.archive_src(scorecard, period))

    def restatements(self, scorecard: str) -> str:
        return self.page(self.restatements_src(scorecard))

    def changes(self, scorecard: str) -> str:
        return self.page(self.changes_src(scorecard))

    def cascade(self) -> str:
        return self.page(self.cascade_src())


def period_slug(label: str) -> str:
    """A reporting period's label for a path (2026-Q2, FY2027-Q1, 2026-08, 2026); an InputError for anything else."""
    if not isinstance(label, str) or not _PERIOD.match(label):
        raise InputError([Problem("scorecards", 0, 0, f"the period {label!r} cannot name a page",
                                  "periods are labelled like 2026-Q2, FY2027-Q1, 2026-08 or 2026")])
    return label


def arrow_anchor(cause: str, effect: str) -> str:
    """The id of an arrow's section on its scorecard's hypotheses page."""
    return f"arrow-{slug(cause)}--{slug(effect)}"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative."""
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    link = relpath(to_url.rstrip("/") or ".", from_dir.rstrip("/") or ".")
    if to_url.endswith("/"):
        link = "./" if link == "." else link + "/"
    return link


# What only posixpath's normalising against the working directory can resolve: a `..` step, a path from `/`.
_NEEDS_POSIXPATH = re.compile(r"^/|(^|/)\.\.(/|$)")


def relpath(target: str, start: str) -> str:
    """posixpath.relpath, without asking the operating system for the working directory where neither path
    needs it (a site links thousands of times): up from what the two do not share, then down."""
    if _NEEDS_POSIXPATH.search(target) or _NEEDS_POSIXPATH.search(start):
        return posixpath.relpath(target, start)
    base = [part for part in start.split("/") if part and part != "."]
    down = [part for part in target.split("/") if part and part != "."]
    shared = 0
    while shared < min(len(base), len(down)) and base[shared] == down[shared]:
        shared += 1
    return "/".join([".."] * (len(base) - shared) + down[shared:]) or "."


@dataclass(frozen=True)
class ArchiveUrls(Urls):
    """The URLs an archived board report links with: its own place in the archive for the report, and
    today's objective pages where the objective still exists (else the archived report itself)."""

    period: str = ""
    objectives: frozenset[tuple[str, str]] = frozenset()   # (scorecard, objective) with a page today

    def report(self, scorecard: str) -> str:
        return self.archive(scorecard, self.period)

    def objective(self, scorecard: str, objective: str) -> str:
        if (scorecard, objective) in self.objectives:
            return super().objective(scorecard, objective)
        return self.archive(scorecard, self.period)
