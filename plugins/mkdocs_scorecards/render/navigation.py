"""Where the generated pages sit in the site's navigation, as a plain tree the plugin hands to MkDocs.

A user should not have to list every scorecard in mkdocs.yml: the pages join
the navigation by themselves, scorecards in cascade order (a parent before the
scorecards that cascade from it), each with its overview, board report and
evidence page, then its objectives under their perspectives.

The navigation is rendered into every page, so with thousands of objectives
listing them all would make the build grow with the square of the pages:
objectives are listed only while the site has at most `objectives_limit` of
them; beyond that, readers reach them from the overviews and the maps.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute.results import ProjectResult, ScorecardResult
from .text import theme_title
from .urls import Urls


@dataclass(frozen=True)
class NavEntry:
    """A page (with its source path) or a section (path None, with children).

    `title` is HTML, escaped from the user's text: themes print navigation titles unescaped.
    """

    title: str
    path: str | None = None
    children: tuple[NavEntry, ...] = ()


def cascade_order(project: ProjectResult) -> list[ScorecardResult]:
    """Scorecards depth first from the top of the cascade; siblings keep the order they were read in."""
    by_id = {r.scorecard.id: r for r in project.scorecards}
    ordered: list[ScorecardResult] = []

    def visit(result: ScorecardResult) -> None:
        ordered.append(result)
        for child in result.children:
            if child in by_id:
                visit(by_id[child])

    for result in project.scorecards:
        if result.scorecard.parent not in by_id:
            visit(result)
    return ordered


def scorecards_section(project: ProjectResult, urls: Urls, title: str, objectives_limit: int) -> NavEntry:
    """The section of the navigation that holds every generated page worth a place there."""
    with_objectives = sum(len(r.objectives) for r in project.scorecards) <= objectives_limit
    entries = [NavEntry("All scorecards", urls.index_src()), NavEntry("Cascade of objectives", urls.cascade_src())]
    entries += [_scorecard_entry(result, urls, with_objectives) for result in cascade_order(project)]
    return NavEntry(title, None, tuple(entries))


def _scorecard_entry(result: ScorecardResult, urls: Urls, with_objectives: bool) -> NavEntry:
    sid = result.scorecard.id
    pages = [NavEntry("Overview", urls.overview_src(sid)), NavEntry("Board report", urls.report_src(sid)),
             NavEntry("Is the strategy working?", urls.hypotheses_src(sid))]
    if with_objectives:
        for perspective in result.perspectives:
            if perspective.objectives:
                objectives = tuple(NavEntry(theme_title(o.objective.title), urls.objective_src(sid, o.objective.id))
                                   for o in perspective.objectives)
                pages.append(NavEntry(theme_title(perspective.perspective.title), None, objectives))
    return NavEntry(theme_title(result.scorecard.title), None, tuple(pages))
