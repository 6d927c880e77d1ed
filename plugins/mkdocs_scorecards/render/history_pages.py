"""The pages of the audit trail: each published board report as the board saw it, the archive index,
the restatements since, the history of each definition, and the site-wide manifest.json.

Everything here reads `ProjectResult.audit` (computed before); an archived
report is rendered by `SiteRenderer.report_page`, the same code as today's
report, from the evaluation of the inputs at its publication commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import __version__
from ..compute.audit import AuditTrail, PublishedReport, Restatement, RestatementKind
from ..compute.results import ProjectResult, ScorecardResult
from ..history import Commit
from . import text as fmt
from .diff_text import change_sentence
from .json_out import json_text, scorecard_json
from .pages import GeneratedPage, SiteRenderer, generated_page
from .provenance import restatement_anchor
from .strategy_map import scorecard_map
from .urls import ArchiveUrls, Urls, relative

# How to get what a clone lacks, in the build log (the pages say it with markup: _history_macros.j2).
FULL_HISTORY_HINT = ("fetch the whole history and its tags (`git fetch --unshallow --tags`, or `fetch-depth: 0` "
                     "in CI)")
TAGS_HINT = "fetch the tags (`git fetch --tags`) and build again"


@dataclass(frozen=True)
class HistoryGap:
    """What the site cannot show for want of history, for a notice on the pages.

    `kind` is "no-git" (with `reason`), "shallow" (history from `since`) or
    "no-tags" (a clone made without tags); `unreadable` lists publications
    whose commits the clone does not have.
    """

    kind: str
    reason: str = ""
    since: str = ""
    unreadable: tuple[str, ...] = ()


def history_gap(audit: AuditTrail | None) -> HistoryGap | None:
    """What is missing from the history the site was built from; None when it is whole."""
    if audit is None:
        return None
    repository = audit.history.repository
    if not repository.available:
        return HistoryGap("no-git", reason=repository.reason)
    if repository.shallow:
        return HistoryGap("shallow", since=repository.shallow_since, unreadable=audit.history.unreadable)
    if repository.tags_skipped:
        return HistoryGap("no-tags")
    return None


def history_notice(audit: AuditTrail | None) -> str:
    """One sentence on what the site cannot show for want of history; '' when the history is whole.

    The build log prints it once; the pages say the same (`history_gap`).
    """
    gap = history_gap(audit)
    if gap is None:
        return ""
    if gap.kind == "no-git":
        return (f"no git history ({gap.reason}): numbers show their file and line but no commit, and "
                "there is no archive of board reports, no restatements and no change history; build inside a "
                "clone of the site's repository to show them")
    if gap.kind == "shallow":
        since = f" at {gap.since}" if gap.since else ""
        unreadable = f"; board reports whose commits are missing are not archived: " \
                     f"{', '.join(gap.unreadable)}" if gap.unreadable else ""
        return (f"shallow clone: the history fetched starts{since}, so lines unchanged since show no commit, "
                f"the change history stops there and board reports whose tags were not fetched are not "
                f"archived{unreadable}; {FULL_HISTORY_HINT}")
    return (f"tags not fetched (the clone was made with --no-tags): board reports published with a tag "
            f"scorecards/<scorecard>/<period> are not archived; {TAGS_HINT}")


def commit_entry(commit: Commit | None) -> dict | None:
    if commit is None:
        return None
    return {"sha": commit.sha, "short": commit.short, "date": commit.date, "author": commit.author,
            "subject": commit.subject}


class HistoryPages:
    """Renders the audit-trail pages of every scorecard with the site's own renderer and URLs."""

    def __init__(self, site: SiteRenderer):
        self.site = site
        self.project: ProjectResult = site.project
        self.urls: Urls = site.urls
        self.audit: AuditTrail | None = site.project.audit

    def files(self) -> dict[str, str | GeneratedPage]:
        out: dict[str, str | GeneratedPage] = {}
        if self.audit is None:
            return out
        for result in self.project.scorecards:
            sid = result.scorecard.id
            reports = self.audit.reports_of(sid)
            for report in reports:
                out[self.urls.archive_src(sid, report.publication.period)] = self.archived_report(report)
                out[self.urls.archive_json(sid, report.publication.period)] = scorecard_json(report.result,
                                                                                            report.project)
            out[self.urls.archive_index_src(sid)] = self.archive_index(result, reports)
            out[self.urls.restatements_src(sid)] = self.restatements_page(result, reports)
            out[self.urls.changes_src(sid)] = self.changes_page(result)
        out[self.urls.manifest()] = self.manifest()
        return out

    def _links(self, here: str, sid: str) -> dict[str, str]:
        return {"index": relative(here, self.urls.index()),
                "overview": relative(here, self.urls.overview(sid)), "report": relative(here, self.urls.report(sid)),
                "archive": relative(here, self.urls.archive_index(sid)),
                "restatements": relative(here, self.urls.restatements(sid)),
                "changes": relative(here, self.urls.changes(sid))}

    # --- the board report as published ------------------------------------------------

    def archived_report(self, report: PublishedReport) -> GeneratedPage:
        publication = report.publication
        sid = publication.scorecard
        today = {(r.scorecard.id, o.objective.id) for r in self.project.scorecards for o in r.objectives}
        urls = ArchiveUrls(self.urls.output, self.urls.directory_urls, period=publication.period,
                           objectives=frozenset(today))
        renderer = SiteRenderer(report.project, urls, self.site.graphviz, self.site.site_name,
                                publication.published_at.date())
        result = report.result
        svg = scorecard_map(result, lambda oid: relative(urls.overview(sid), urls.objective(sid, oid)),
                            self.site.graphviz, layout=self.site.layout)
        page = renderer.report_page(result, svg)
        here = self.urls.archive(sid, publication.period)
        banner = self.site.render("archived_banner.html.j2", report=report, links=self._links(here, sid),
                                  r=self.project.scorecard(sid),
                                  commit=commit_entry(self.audit.history.commit(publication.commit)),
                                  restated=len(report.restatements), changed=len(report.definition_changes))
        title = f"Board report {publication.period} as published {publication.date}: {result.scorecard.title}"
        # The banner carries the archive's own breadcrumbs, in place of the current report's.
        return generated_page(title, banner + _CRUMBS.sub("", page.html, count=1), f"{title} {page.search_text}",
                              wide=page.wide)

    def archive_index(self, result: ScorecardResult, reports: tuple[PublishedReport, ...]) -> GeneratedPage:
        sid = result.scorecard.id
        here = self.urls.archive_index(sid)
        rows = [{"report": report, "href": relative(here, self.urls.archive(sid, report.publication.period)),
                 "commit": commit_entry(self.audit.history.commit(report.publication.commit)),
                 "restated": len(report.restatements), "changed": len(report.definition_changes)}
                for report in reversed(reports)]
        title = f"Board reports as published: {result.scorecard.title}"
        return self.site.page("archive_index.html.j2", title, title, r=result, rows=rows,
                              links=self._links(here, sid), gap=history_gap(self.audit),
                              partial=self.audit.history.repository.partial,
                              git=self.audit.history.repository.available)

    # --- what changed since -------------------------------------------------------------

    def restatements_page(self, result: ScorecardResult, reports: tuple[PublishedReport, ...]) -> GeneratedPage:
        sid = result.scorecard.id
        here = self.urls.restatements(sid)
        decimals = {k.kpi.id: k.kpi.decimals for o in result.objectives for k in o.kpis}
        units = {k.kpi.id: k.kpi.unit for o in result.objectives for k in o.kpis}
        sections = []
        for report in reversed(reports):
            anchors: set[str] = set()
            rows = []
            for item in report.restatements:
                anchor = restatement_anchor(item.publication.period, item.kpi)
                rows.append(_restatement_row(item, decimals.get(item.kpi), units.get(item.kpi, ""),
                                             anchor if anchor not in anchors else "",
                                             relative(here, self.urls.objective(sid, item.objective))
                                             if result.objective(item.objective) else ""))
                anchors.add(anchor)
            sections.append({
                "report": report, "rows": rows, "anchor": f"published-{report.publication.period}",
                "href": relative(here, self.urls.archive(sid, report.publication.period)),
                "changes": [change_sentence(c) for c in report.definition_changes],
                "commits": [commit_entry(c) for c in report.definition_commits],
                "then": report.result.history.get(report.result.as_of), "now": report.now_score,
            })
        title = f"Restatements: {result.scorecard.title}"
        search = f"{title} values changed after their board report was published"
        return self.site.page("restatements.html.j2", title, search, r=result, sections=sections,
                              links=self._links(here, sid), gap=history_gap(self.audit),
                              partial=self.audit.history.repository.partial,
                              git=self.audit.history.repository.available)

    def changes_page(self, result: ScorecardResult) -> GeneratedPage:
        sid = result.scorecard.id
        here = self.urls.changes(sid)
        revisions = [{"commit": commit_entry(revision.commit), "created": revision.created,
                      "boundary": revision.boundary, "readable": revision.readable,
                      "changes": [change_sentence(c) for c in revision.changes]}
                     for revision in self.audit.revisions.get(sid, ())]
        title = f"Change history: {result.scorecard.title}"
        return self.site.page("changes.html.j2", title, f"{title} {result.scorecard.place.file}", r=result,
                              revisions=revisions, file=result.scorecard.place.file,
                              links=self._links(here, sid), gap=history_gap(self.audit))

    # --- for machines ---------------------------------------------------------------------

    def manifest(self) -> str:
        """scorecards/manifest.json: what the site was built from and by, for an auditor's records."""
        history = self.audit.history
        repository = history.repository
        inputs_commit = history.commit(history.inputs_commit) if history.inputs_commit else None
        document = {
            "generator": {"name": "mkdocs-scorecards", "version": __version__},
            "published": self.audit.published.isoformat() if self.audit.published else None,
            "repository": {"available": repository.available, "reason": repository.reason or None,
                           "head": repository.head, "clean": repository.clean, "shallow": repository.shallow},
            "inputs_commit": commit_entry(inputs_commit),
            "inputs": [{"file": item.path, "sha256": item.sha256,
                        "commit": history.touched.get(item.path)} for item in self.project.inputs],
            "scorecards": [{"id": r.scorecard.id, "as_of": r.as_of_label,
                            "json": self.urls.json(r.scorecard.id),
                            "published": [{"period": p.publication.period, "commit": p.publication.commit,
                                           "declared": p.publication.declared, "date": p.publication.date,
                                           "archive": self.urls.archive(r.scorecard.id, p.publication.period)}
                                          for p in self.audit.reports_of(r.scorecard.id)]}
                           for r in self.project.scorecards],
        }
        return json_text(document, line_depth=3)


# The current report's breadcrumbs, which an archived report replaces with the archive's.
_CRUMBS = re.compile(r'<nav class="sc-crumbs"[^>]*>.*?</nav>\n?', re.S)

KIND_WORDS = {RestatementKind.VALUE_CHANGED: "value changed", RestatementKind.VALUE_ADDED: "value added",
              RestatementKind.VALUE_REMOVED: "value removed", RestatementKind.TARGET_CHANGED: "target changed",
              RestatementKind.RECOMPUTED: "recomputed (definition changed)"}


def _restatement_row(item: Restatement, decimals: int | None, unit: str, anchor: str, href: str) -> dict:
    is_target = item.kind == RestatementKind.TARGET_CHANGED

    def shown(value) -> str:
        if value is None:
            return "–"
        return fmt.target_text(value, decimals) if is_target else fmt.number(value, decimals)

    return {"anchor": anchor, "kpi": item.kpi_title, "kpi_href": href, "kind": KIND_WORDS[item.kind],
            "month": item.month or "–", "old": shown(item.old), "new": shown(item.new),
            "old_actual": fmt.number(item.old_actual, decimals), "new_actual": fmt.number(item.new_actual, decimals),
            "old_status": item.old_status, "new_status": item.new_status,
            "status_changed": item.old_status != item.new_status, "unit": unit,
            "place": str(item.origin.place) if item.origin else "", "commit": commit_entry(item.commit),
            "note": item.note}
