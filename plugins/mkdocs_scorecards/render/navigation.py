"""Where the generated pages sit in the site's navigation, as a plain tree the plugin hands to MkDocs.

A user should not have to list every scorecard in mkdocs.yml: the pages join
the navigation by themselves, as the cascade: each scorecard with its overview,
board report and evidence page, its objectives under their perspectives, then
the scorecards that cascade from it, nested below it.

The navigation is rendered into every page, so what each page carries must not
grow with the site. Nested by the cascade, a page holds (with Material's
navigation.prune) only the scorecards on its own path and their siblings, not
every scorecard of the organisation side by side. With thousands of objectives
listing them all would still make the build grow with the square of the
pages: objectives are listed only while the site has at most
`objectives_limit` of them; beyond that, readers reach them from the overviews
and the maps.
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


def scorecards_section(project: ProjectResult, urls: Urls, title: str, objectives_limit: int) -> NavEntry:
    """The section of the navigation that holds every generated page worth a place there."""
    with_objectives = sum(len(r.objectives) for r in project.scorecards) <= objectives_limit
    entries = [NavEntry("All scorecards", urls.index_src()), NavEntry("Cascade of objectives", urls.cascade_src())]
    entries += [_scorecard_entry(result, project, urls, with_objectives) for result in _roots(project)]
    return NavEntry(title, None, tuple(entries))


def _roots(project: ProjectResult) -> list[ScorecardResult]:
    """The scorecards at the top of the cascade (no parent on this site), in the order they were read."""
    ids = {r.scorecard.id for r in project.scorecards}
    return [r for r in project.scorecards if r.scorecard.parent not in ids]


def _children(result: ScorecardResult, project: ProjectResult) -> list[ScorecardResult]:
    return [project.scorecard(child) for child in result.children]


def _scorecard_entry(result: ScorecardResult, project: ProjectResult, urls: Urls, with_objectives: bool) -> NavEntry:
    sid = result.scorecard.id
    pages = [NavEntry("Overview", urls.overview_src(sid)), NavEntry("Board report", urls.report_src(sid)),
             NavEntry("Is the strategy working?", urls.hypotheses_src(sid))]
    if with_objectives:
        for perspective in result.perspectives:
            if perspective.objectives:
                objectives = tuple(NavEntry(theme_title(o.objective.title), urls.objective_src(sid, o.objective.id))
                                   for o in perspective.objectives)
                pages.append(NavEntry(theme_title(perspective.perspective.title), None, objectives))
    pages += [_scorecard_entry(child, project, urls, with_objectives) for child in _children(result, project)]
    return NavEntry(theme_title(result.scorecard.title), None, tuple(pages))
