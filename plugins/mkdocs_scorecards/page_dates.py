"""What MkDocs and other plugins are told about when each page last changed: never the build's clock.

MkDocs dates every page (`page.update_date`, written to sitemap.xml and
used as the mtime of sitemap.xml.gz) with the clock unless SOURCE_DATE_EPOCH
is set; mkdocs-git-revision-date-localized dates generated pages with the
clock too. A generated page is dated here by the last commit to its own
inputs (its scorecard's definition, the CSV files holding its values, its
commentary; the index and the cascade, which show every scorecard, by the
last commit to any input; an archived report by its publication commit), and a
hand-written page by the site's published date when SOURCE_DATE_EPOCH is
not set, so that two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable

from .compute.results import ProjectResult
from .history import Commit
from .render.urls import Urls

REVISION_DATE_PLUGIN = "git-revision-date-localized"


def page_commits(result: ProjectResult, urls: Urls, pages: Iterable[str] = ()) -> dict[str, tuple[Commit, Commit]]:
    """Source path of each generated page -> the last commit to the inputs it shows, and the first commit of
    its scorecard's definition (its creation); nothing without git.

    A scorecard's own pages are dated by its inputs; the pages that show every
    scorecard (the index, the cascade) by the latest commit to any input; an
    archived report by its publication commit. Any other page in `pages` (every
    generated page's source path) is dated like the index, so that no generated
    page is left to another plugin's clock.
    """
    audit = result.audit
    if audit is None:
        return {}
    history = audit.history
    found: dict[str, tuple[Commit, Commit]] = {}
    firsts = [history.commits[shas[-1]] for shas in history.definition_commits.values()
              if shas and shas[-1] in history.commits]
    site = audit.page_commits.get("")
    whole = (site, min(firsts, key=lambda c: c.commit_time, default=site)) if site is not None else None
    if whole is not None:
        found.update(dict.fromkeys([urls.index_src(), urls.cascade_src()], whole))
    for scorecard in result.scorecards:
        sid = scorecard.scorecard.id
        commit = audit.page_commits.get(sid)
        if commit is None:
            continue
        shas = history.definition_commits.get(sid, ())
        first = history.commits.get(shas[-1], commit) if shas else commit
        sources = [urls.overview_src(sid), urls.report_src(sid), urls.hypotheses_src(sid),
                   urls.archive_index_src(sid), urls.restatements_src(sid), urls.changes_src(sid)]
        sources += [urls.objective_src(sid, o.objective.id) for o in scorecard.objectives]
        found.update(dict.fromkeys(sources, (commit, first)))
        for report in audit.reports_of(sid):
            published = audit.history.commit(report.publication.commit)
            if published is not None:
                found[urls.archive_src(sid, report.publication.period)] = (published, first)
    if whole is not None:
        found.update({page: whole for page in pages if page not in found})
    return found


def utc_date(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date().isoformat()


def date_page(page, commits: tuple[Commit, Commit] | None, published: datetime.datetime | None, plugins) -> None:
    """Give a page its date: its commits for a generated page, else the published date (without SOURCE_DATE_EPOCH)."""
    if commits is not None:
        page.update_date = utc_date(commits[0].commit_time)
        _tell_revision_date_plugin(page, *commits, plugins)
    elif published is not None and not os.environ.get("SOURCE_DATE_EPOCH"):
        page.update_date = published.astimezone(datetime.timezone.utc).date().isoformat()


def _tell_revision_date_plugin(page, commit: Commit, first: Commit, plugins) -> None:
    """Re-date a generated page the way mkdocs-git-revision-date-localized dates a committed one.

    That plugin dates pages that have no source file (ours) with the clock;
    it runs before this, and its own rendering is asked again with the
    commit, so that its locale, format and time zone settings still apply.
    """
    other = plugins.get(REVISION_DATE_PLUGIN) if plugins is not None else None
    render = getattr(other, "_render_date", None)
    if other is None or render is None or not other.config.get("enabled", True):
        return
    locale = other._get_locale(page) if hasattr(other, "_get_locale") else "en"
    render(markdown="", page=page, locale=locale, variable="git_revision_date_localized",
           commit_hash=commit.sha, commit_timestamp=commit.commit_time)
    if other.config.get("enable_creation_date"):
        render(markdown="", page=page, locale=locale, variable="git_creation_date_localized",
               commit_hash=first.sha, commit_timestamp=first.commit_time)
