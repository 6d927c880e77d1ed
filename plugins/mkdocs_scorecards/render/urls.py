"""The one place that knows where every generated page and file lives.

Links inside generated HTML and SVG are written relative to the page that
holds them, because MkDocs does not rewrite links in raw HTML.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Urls:
    output: str = "scorecards"
    directory_urls: bool = True

    # Source paths of the virtual files (relative to docs_dir).
    def index_src(self) -> str:
        return f"{self.output}/index.md"

    def overview_src(self, scorecard: str) -> str:
        return f"{self.output}/{scorecard}/index.md"

    def objective_src(self, scorecard: str, objective: str) -> str:
        return f"{self.output}/{scorecard}/{objective}/index.md"

    def report_src(self, scorecard: str) -> str:
        return f"{self.output}/{scorecard}/report/index.md"

    def hypotheses_src(self, scorecard: str) -> str:
        return f"{self.output}/{scorecard}/hypotheses/index.md"

    def map_svg(self, scorecard: str) -> str:
        return f"{self.output}/{scorecard}/map.svg"

    def json(self, scorecard: str) -> str:
        return f"{self.output}/{scorecard}/scorecard.json"

    def stylesheet(self) -> str:
        return f"{self.output}/assets/scorecards.css"

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


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative."""
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target = to_url.rstrip("/") or "."
    link = posixpath.relpath(target, from_dir.rstrip("/") or ".")
    if to_url.endswith("/"):
        link = "./" if link == "." else link + "/"
    return link
