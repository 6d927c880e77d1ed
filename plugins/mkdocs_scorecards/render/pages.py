"""Every generated file of a site, as text keyed by its path under docs_dir.

Pages are finished HTML rendered from autoescaped Jinja templates; MkDocs
gets a stub page (its title in front matter) for each and the HTML in
place of the stub's rendered Markdown, so Python-Markdown never parses
what we generated. Only text the user wrote as Markdown is rendered as
Markdown, by `text.user_markdown`, and sanitised.

User text is only ever a value in a template's context, never part of a
template. Every `{{ ... }}` that is not already Markup goes through
`text.html_text` (the environment's finalize: escaped, and inert for the
page's second reading as Markdown), `join` escapes its items the same way,
and front matter titles use `front_matter_title`.
`|safe` is used only for HTML from `text.user_markdown` (sanitised by nh3)
and for the strategy map, which `strategy_map.check_svg` has checked.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import resources

import jinja2
from markupsafe import Markup

from ..compute.evidence import MAX_LAG, MIN_PAIRS, SUPPORTED_RHO, Evidence, Verdict
from ..compute.initiatives import InitiativeStatus
from ..compute.results import ObjectiveResult, ProjectResult, ScorecardResult
from ..compute.status import Status
from ..errors import MapError
from . import fragments
from . import text as fmt
from .cascade_map import cascade_map
from .cascade_views import CascadeViews
from .charts import build_chart
from .csv_out import CsvFiles
from .evidence_plots import evidence_over_time
from .explanation import explanation_steps
from .formula_explanation import reason_sentence
from .graphviz import Layout, layout_svg
from .json_out import scorecard_json
from .map_dot import MapLinks
from .page_text import (commentary_summary, display_decimals, gap_items, key_facts, kpi_change, plain_text,
                        print_style, score_change, target_source, trend_note)
from .provenance import provenance_rows
from .strategy_map import map_link_targets, scorecard_map, standalone_svg
from .svg_check import check_svg
from .urls import Urls, arrow_anchor, relative


def _finalize(value, _special=fmt.NEEDS_ESCAPE.search):
    """Every value a template prints: user text escaped and made inert; Markup and numbers as they are."""
    if isinstance(value, Markup) or not isinstance(value, str):   # already safe; numbers, None
        return value
    return Markup(value) if _special(value) is None else fmt.html_text(value)


def template_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mkdocs_scorecards", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        auto_reload=False,           # a build's templates do not change while it runs: no file check per use
    )
    env.globals.update(kpi_chart=fragments.kpi_chart, data_rows=fragments.data_rows, plot_grid=fragments.plot_grid,
                       scatter_dots=fragments.scatter_dots, series_lines=fragments.series_lines,
                       verdict_rows=fragments.verdict_rows, pair_rows=fragments.pair_rows)
    env.filters.update(
        join=fmt.safe_join,
        front_matter_title=lambda s: Markup(fmt.front_matter_title(s)),
        status_short=lambda s: fmt.STATUS_SHORT[s],
        status_word=lambda s: fmt.STATUS_WORDS[s],
        verdict_word=lambda v: fmt.VERDICT_WORDS[v],
        trend_word=lambda t: fmt.TREND_WORDS[t],
        trend_arrow=lambda t: fmt.TREND_ARROWS[t],
        num=lambda v, d=None: fmt.number(v, d),
        unit=fmt.with_unit,
        target=lambda t, d=None, u="": fmt.target_text(t, d, u),
        score=fmt.score_text,
        change=lambda v, d=None, u="": fmt.change_text(v, d, u),
        change_arrow=fmt.change_arrow,
        kpi_change=kpi_change,
        score_change=score_change,
        better_word=lambda b: fmt.BETTER_WORDS[b],
        initiative_word=lambda s: fmt.INITIATIVE_WORDS[s],
        reason=reason_sentence,
    )
    return env


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str   # HTML: escaped text


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: its title (plain text), its finished HTML, and what search should know of it.

    `search_text` is a short plain text (what the page is about: titles,
    owners, KPI names, descriptions), so that the search index stays small
    instead of holding every number of every table.
    """

    title: str
    html: str
    headings: tuple[Heading, ...]
    search_text: str
    wide: bool = False

    def stub(self) -> str:
        return page_stub(self.title, self.wide)


    def render(self) -> GeneratedPage:
        return self


@dataclass(frozen=True)
class PendingPage:
    """A page known by its title until MkDocs builds it; then `render` makes its HTML.

    A site of thousands of objectives would otherwise hold every page's HTML
    (hundreds of megabytes) from the start of the build to its end: rendered
    when its turn comes, each page's HTML lives only while it is written.
    """

    title: str
    make: Callable[[], GeneratedPage]
    wide: bool = False

    def stub(self) -> str:
        return page_stub(self.title, self.wide)

    def render(self) -> GeneratedPage:
        return self.make()


@dataclass(frozen=True)
class PendingFile:
    """A generated file (CSV, JSON) made when MkDocs writes it, for the same reason as PendingPage."""

    make: Callable[[], str]

    def render(self) -> str:
        return self.make()


Content = str | GeneratedPage | PendingPage | PendingFile


def page_stub(title: str, wide: bool) -> str:
    """The Markdown MkDocs is given for a generated page: front matter only, nothing to parse.

    Wide pages (overview, board report) hide the theme's table of contents,
    so that the first screen has room for the status and the gaps side by side.
    """
    hide = "hide:\n  - toc\n" if wide else ""
    return f"---\ntitle: {fmt.front_matter_title(title)}\n{hide}---\n"


def rendered(files: dict[str, Content]) -> dict[str, str | GeneratedPage]:
    """Every file made now: pages as GeneratedPage, other files as text (for the command line and tests)."""
    return {path: content.render() if isinstance(content, (PendingPage, PendingFile)) else content
            for path, content in files.items()}


_HEADING_TAG = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)(?:<a class="headerlink"|</h\1>)')


def generated_page(title: str, html: str, search_text: str, wide: bool = False) -> GeneratedPage:
    headings = tuple(Heading(int(level), ident, text) for level, ident, text in _HEADING_TAG.findall(html))
    return GeneratedPage(title, html, headings, " ".join(search_text.split()), wide)


class SiteRenderer:
    """Renders one project's pages; holds the template environment and URL scheme."""

    def __init__(self, project: ProjectResult, urls: Urls, graphviz: str, site_name: str = "",
                 published: datetime.date | None = None, layout: Layout = layout_svg):
        self.project = project
        self.site_name = site_name
        self.published = published
        self.urls = urls
        self.graphviz = graphviz
        self.layout = layout
        self.env = template_environment()
        self.by_id = {r.scorecard.id: r for r in project.scorecards}
        self.cascade = CascadeViews(project, urls)
        self.csv = CsvFiles()
        self._explanations: dict[tuple[str, str], list] = {}

    def explanation(self, result: ScorecardResult, kpi_id: str) -> list:
        """The steps behind a KPI's as-of status, worded once for the overview and its objective page."""
        key = (result.scorecard.id, kpi_id)
        if key not in self._explanations:
            found = result.explanations.get(kpi_id)
            self._explanations[key] = explanation_steps(found) if found else []
        return self._explanations[key]

    def files(self) -> dict[str, Content]:
        """Path under docs_dir -> content, for every generated file.

        The maps are drawn now (a map that cannot be drawn stops the build
        here); pages, JSON and CSV are pending, made when they are written.
        """
        out: dict[str, Content] = {
            self.urls.index_src(): self.index_page(),
            self.urls.stylesheet(): stylesheet(),
            # The JSON Schema of scorecard.json, so that other systems can validate what they download.
            self.urls.json_schema(): _package_text(SCHEMA_FOR_JSON),
        }
        out.update(self.cascade_files())
        for result in self.project.scorecards:
            sid = result.scorecard.id
            svg = scorecard_map(result, self.map_links(sid, self.urls.overview(sid)), self.graphviz,
                                layout=self.layout)
            out[self.urls.map_svg(sid)] = standalone_svg(svg)
            out[self.urls.json(sid)] = PendingFile(partial(scorecard_json, result, self.project))
            out[self.urls.data_csv(sid)] = PendingFile(partial(self.csv.scorecard, result))
            out[self.urls.overview_src(sid)] = PendingPage(result.scorecard.title,
                                                           partial(self.overview_page, result, svg), wide=True)
            out[self.urls.report_src(sid)] = PendingPage(report_title(result), partial(self.report_page, result, svg),
                                                         wide=True)
            out[self.urls.hypotheses_src(sid)] = PendingPage(hypotheses_title(result),
                                                             partial(self.hypotheses_page, result))
            for objective in result.objectives:
                oid = objective.objective.id
                out[self.urls.objective_src(sid, oid)] = PendingPage(objective.objective.title,
                                                                     partial(self.objective_page, result, objective))
                out[self.urls.objective_csv(sid, oid)] = PendingFile(partial(self.csv.objective, objective))
                for kpi in objective.kpis:
                    out[self.urls.kpi_csv(sid, oid, kpi.kpi.id)] = PendingFile(partial(self.csv.kpi, objective, kpi))
        return out

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def page(self, template: str, title: str, search_text: str, wide: bool = False, **context) -> GeneratedPage:
        return generated_page(title, self.render(template, **context), search_text, wide)

    # --- pages -----------------------------------------------------------------

    def index_page(self) -> GeneratedPage:
        search = " ".join(f"{r.scorecard.title} {r.scorecard.owner}" for r in self.project.scorecards)
        frequencies = {r.scorecard.calendar.frequency for r in self.project.scorecards}
        return self.page("index.html.j2", "Scorecards", f"Every scorecard of the organisation: {search}",
                         status_tree=Markup(self.status_tree(self.urls.index())), mixed_frequencies=len(frequencies) > 1,
                         cascade_href=relative(self.urls.index(), self.urls.cascade()))

    def status_tree(self, here: str) -> str:
        """Every scorecard as the cascade tree, with status, score and the period each shows; links relative
        to the page at `here` (the index, or a user's own page that asks for it)."""

        def node(result: ScorecardResult) -> dict:
            return {"result": result, "href": relative(here, self.urls.overview(result.scorecard.id)),
                    "children": [node(self.by_id[c]) for c in result.children]}

        roots = [r for r in self.project.scorecards if not r.scorecard.parent or r.scorecard.parent not in self.by_id]
        return self.render("_status_tree.html.j2", tree=[node(r) for r in roots])

    def cascade_files(self) -> dict[str, str | GeneratedPage]:
        """The cascade page and its map, which links every objective of every scorecard."""
        svg = cascade_map(self.project, self.cascade.index, self.cascade.link_for, self.graphviz, layout=self.layout)
        here = self.urls.cascade()
        search = " ".join(f"{r.scorecard.title} " + " ".join(o.objective.title for o in r.objectives)
                          for r in self.project.scorecards)
        page = self.page("cascade.html.j2", "Cascade of objectives", f"How every objective supports the top: {search}",
                         map_svg=svg, links={"index": relative(here, self.urls.index()),
                                             "svg": relative(here, self.urls.cascade_svg())},
                         **self.cascade.cascade_page())
        return {self.urls.cascade_src(): page, **({self.urls.cascade_svg(): standalone_svg(svg)} if svg else {})}

    def _common_links(self, here: str, sid: str) -> dict[str, str]:
        return {
            "overview": relative(here, self.urls.overview(sid)),
            "report": relative(here, self.urls.report(sid)),
            "hypotheses": relative(here, self.urls.hypotheses(sid)),
            "map": relative(here, self.urls.map_svg(sid)),
            "json": relative(here, self.urls.json(sid)),
            "csv": relative(here, self.urls.data_csv(sid)),
            "index": relative(here, self.urls.index()),
            **self._history_links(here, sid),
            "cascade": relative(here, self.urls.cascade()),
        }

    def _history_links(self, here: str, sid: str) -> dict[str, str]:
        """The audit-trail pages (render.history_pages), which exist when the history was read."""
        if self.project.audit is None:
            return {"archive": "", "restatements": "", "changes": ""}
        return {"archive": relative(here, self.urls.archive_index(sid)),
                "restatements": relative(here, self.urls.restatements(sid)),
                "changes": relative(here, self.urls.changes(sid))}

    def _objective_links(self, here: str, result: ScorecardResult) -> dict[str, str]:
        sid = result.scorecard.id
        return {o.objective.id: relative(here, self.urls.objective(sid, o.objective.id)) for o in result.objectives}

    def map_links(self, sid: str, here: str) -> MapLinks:
        """Where a map's nodes and arrows lead, relative to the page at `here`."""
        return MapLinks(lambda oid: relative(here, self.urls.objective(sid, oid)),
                        lambda cause, effect: relative(here, self.urls.hypotheses(sid)) + "#"
                        + arrow_anchor(cause, effect))

    def _relocated_map(self, svg: str, result: ScorecardResult, here: str) -> str:
        """The overview's map with its links made relative to another page, checked again."""
        sid = result.scorecard.id
        old, new = self.map_links(sid, self.urls.overview(sid)), self.map_links(sid, here)
        moved = dict(zip(map_link_targets(result, old), map_link_targets(result, new)))
        svg = re.sub(r'xlink:href="([^"]*)"', lambda m: f'xlink:href="{moved.get(m[1], m[1])}"', svg)
        try:
            check_svg(svg, set(map_link_targets(result, new)))
        except MapError as error:
            raise MapError(f"{result.scorecard.place.file}: the strategy map of scorecard '{sid}' could not be "
                           f"drawn: {error.message}", error.hint) from None
        return svg

    def overview_page(self, result: ScorecardResult, svg: str) -> GeneratedPage:
        sid = result.scorecard.id
        here = self.urls.overview(sid)
        sparklines = {f"{o.objective.id}/{k.kpi.id}": build_chart(k.series[-12:], 160, 36, (4, 4, 4, 4))
                      for o in result.objectives for k in o.kpis}
        kpis = [k for o in result.objectives for k in o.kpis]
        decimals = {k.kpi.id: display_decimals(k) for k in kpis}
        parent = self.by_id.get(result.scorecard.parent)
        children = [{"href": relative(here, self.urls.overview(c)), "title": self.by_id[c].scorecard.title,
                     "status": self.by_id[c].status, "score": self.by_id[c].score} for c in result.children]
        scorecard = result.scorecard
        description = fmt.user_markdown(result.scorecard.description)
        search = " ".join([scorecard.owner, plain_text(description)]
                          + [p.perspective.title for p in result.perspectives] + [
            f"{o.objective.title} {o.objective.owner} " + " ".join(k.kpi.title for k in o.kpis)
            for o in result.objectives])
        commentary = fmt.user_markdown(result.commentary)
        summary, rest = commentary_summary(commentary)
        gaps = gap_items(result)
        return self.page(
            "overview.html.j2", scorecard.title, search, wide=True, r=result, map_svg=svg, links=self._common_links(here, sid),
            objective_links=self._objective_links(here, result), sparklines=sparklines, arrows=self._arrows(result, here),
            anchors={p.perspective.id: f"perspective-{p.perspective.id}" for p in result.perspectives},
            description=description, dec=decimals,
            key=key_facts(kpis, decimals, result.objectives, gaps),
            summary=summary, commentary_rest=rest,
            earlier=[(label, fmt.user_markdown(text)) for label, text in result.earlier_commentary],
            gaps=gaps, published=self.published,
            parent={"href": relative(here, self.urls.overview(parent.scorecard.id)),
                    "title": parent.scorecard.title} if parent else None,
            children=children,
        )

    def objective_page(self, result: ScorecardResult, objective: ObjectiveResult) -> GeneratedPage:
        sid, oid = result.scorecard.id, objective.objective.id
        here = self.urls.objective(sid, oid)
        verdicts = {(link.cause, link.effect): link.evidence.verdict for link in result.links}

        def local(other: str, verdict: str) -> dict:
            return {"href": relative(here, self.urls.objective(sid, other)),
                    "title": result.objective(other).objective.title, "verdict": verdict}

        def remote(reference: str) -> dict:
            other_sid, _, other_oid = reference.partition("/")
            other = self.by_id[other_sid]
            return {"href": relative(here, self.urls.objective(other_sid, other_oid)),
                    "title": other.objective(other_oid).objective.title, "scorecard": other.scorecard.title}

        themes = {t.id: t.title for t in result.scorecard.themes}
        perspectives = {p.id: p.title for p in result.scorecard.perspectives}
        decimals = {k.kpi.id: display_decimals(k) for k in objective.kpis}
        charts = {k.kpi.id: build_chart(k.series, 680, 280, (30, 24, 36, 40),
                                        lambda v, d=decimals[k.kpi.id]: fmt.number(v, d), k.kpi)
                  for k in objective.kpis}
        explained = next((result.explanations[k.kpi.id] for k in objective.kpis if k.kpi.id in result.explanations),
                         None)
        links = self._common_links(here, sid)
        links["objective_csv"] = relative(here, self.urls.objective_csv(sid, oid))
        description = fmt.user_markdown(objective.objective.description)
        kpi_descriptions = {k.kpi.id: fmt.user_markdown(k.kpi.description) for k in objective.kpis}
        search = " ".join([objective.objective.owner, plain_text(description), result.scorecard.title]
                          + [f"{k.kpi.title} {plain_text(kpi_descriptions[k.kpi.id])}" for k in objective.kpis]
                          + [f"{i.initiative.title} {i.initiative.owner}" for i in objective.initiatives])
        previous_label = result.periods[-2].label if len(result.periods) > 1 else ""
        return self.page(
            "objective.html.j2", objective.objective.title, search, r=result, o=objective, links=links,
            perspective_title=perspectives.get(objective.objective.perspective, ""),
            perspective_anchor=f"perspective-{objective.objective.perspective}",
            rollup=explained.rollup[0] if explained and explained.rollup else None,
            kpi_csv={k.kpi.id: relative(here, self.urls.kpi_csv(sid, oid, k.kpi.id)) for k in objective.kpis},
            theme_title=themes.get(objective.objective.theme, ""),
            description=description, dec=decimals,
            key=key_facts(objective.kpis, decimals, [objective], history=True),
            trend_note=trend_note(objective, decimals, previous_label),
            target_sources={(k.kpi.id, p.label): target_source(k, p) for k in objective.kpis for p in k.series},
            commentary=fmt.user_markdown(objective.commentary),
            earlier=[(label, fmt.user_markdown(text)) for label, text in objective.earlier_commentary],
            kpi_descriptions=kpi_descriptions,
            charts=charts,
            explanations={k.kpi.id: self.explanation(result, k.kpi.id) for k in objective.kpis},
            drives=[local(e, verdicts[(oid, e)]) for e in objective.objective.drives],
            driven_by=[local(c, verdicts[(c, oid)]) for c in objective.driven_by],
            supports=[remote(s) for s in objective.objective.supports],
            supported_by=[remote(s) for s in objective.supported_by],
            provenance=provenance_rows(result, objective.kpis, self.project.audit,
                                       relative(here, self.urls.restatements(sid))),
            line_of_sight=self.cascade.line_of_sight(sid, oid),
        )

    def _arrows(self, result: ScorecardResult, here: str) -> list[dict]:
        sid = result.scorecard.id
        arrows = []
        for link in result.links:
            evidence = link.evidence
            cause, effect = result.objective(link.cause), result.objective(link.effect)
            arrows.append({
                "cause": cause.objective.title, "effect": effect.objective.title,
                "cause_title": cause.objective.title, "effect_title": effect.objective.title,
                "cause_href": relative(here, self.urls.objective(sid, link.cause)),
                "effect_href": relative(here, self.urls.objective(sid, link.effect)),
                "anchor": arrow_anchor(link.cause, link.effect),
                "verdict": evidence.verdict,
                "lag": "–" if evidence.lag is None else evidence.lag,
                "rho": "–" if evidence.rho is None else f"{fmt.round_half_away(evidence.rho, 3):.3f}",
                "n": evidence.n,
                "sentence": _evidence_sentence(evidence),
                "lags": [{"lag": lag.lag, "n": lag.n, "chosen": lag.lag == evidence.lag,
                          "rho": "–" if lag.rho is None else f"{fmt.round_half_away(lag.rho, 3):.3f}"}
                         for lag in evidence.lags],
                "pairs": link.pairs,
            })
        return arrows

    def report_page(self, result: ScorecardResult, svg: str) -> GeneratedPage:
        sid = result.scorecard.id
        here = self.urls.report(sid)
        counts = {Status.GREEN: 0, Status.AMBER: 0, Status.RED: 0, "other": 0}
        attention = []
        for objective in result.objectives:
            for kpi in objective.kpis:
                status = kpi.current.status
                counts[status if status in counts else "other"] += 1
            for initiative in objective.initiatives:
                if initiative.status in (InitiativeStatus.OVERDUE, InitiativeStatus.AT_RISK):
                    attention.append({"initiative": initiative, "objective": objective.objective.title})
        off_target = sorted((o for o in result.objectives if o.status in (Status.RED, Status.AMBER)),
                            key=lambda o: (o.status != Status.RED, o.score))
        summary, rest = commentary_summary(fmt.user_markdown(result.commentary))
        title = report_title(result)
        shown = [k for o in off_target for k in o.kpis]
        decimals = {k.kpi.id: display_decimals(k) for o in result.objectives for k in o.kpis}
        gaps = gap_items(result)
        return self.page(
            "report.html.j2", title, f"{title} {result.scorecard.owner}", wide=True, r=result, links=self._common_links(here, sid),
            dec=decimals, key=key_facts(shown, decimals, off_target, gaps[:6]),
            objective_links=self._objective_links(here, result), counts={str(k): v for k, v in counts.items()},
            attention=attention, summary=summary, commentary_rest=rest,
            objective_commentary={o.objective.id: fmt.user_markdown(o.commentary) for o in off_target},
            attention_objectives=off_target,
            on_target=[o for o in result.objectives if o.status == Status.GREEN],
            gaps=gaps, published=self.published,
            print_style=print_style(self.site_name, result, self.published),
            map_svg=self._relocated_map(svg, result, here), arrows=self._arrows(result, here),
        )

    def hypotheses_page(self, result: ScorecardResult) -> GeneratedPage:
        here = self.urls.hypotheses(result.scorecard.id)
        arrows = [dict(arrow, **evidence_over_time(result, link)) for arrow, link in
                  zip(self._arrows(result, here), result.links)]
        search = " ".join(f"{a['cause_title']} drives {a['effect_title']}" for a in arrows)
        return self.page("hypotheses.html.j2", hypotheses_title(result), search,
                         r=result, links=self._common_links(here, result.scorecard.id), arrows=arrows,
                         thresholds=EVIDENCE_THRESHOLDS)


def report_title(result: ScorecardResult) -> str:
    return f"Board report {result.as_of_label}: {result.scorecard.title}"


def hypotheses_title(result: ScorecardResult) -> str:
    return f"Strategy map evidence: {result.scorecard.title}"


# The rules of section 7 as the hypotheses page states them, read from where they are applied.
EVIDENCE_THRESHOLDS = {"max_lag": MAX_LAG, "min_pairs": MIN_PAIRS, "rho": fmt.number(SUPPORTED_RHO),
                       "minus_rho": fmt.number(-SUPPORTED_RHO)}
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
EVIDENCE_THRESHOLDS["max_lag_words"] = _NUMBER_WORDS.get(MAX_LAG, str(MAX_LAG))
EVIDENCE_THRESHOLDS["lags_words"] = _NUMBER_WORDS.get(MAX_LAG + 1, str(MAX_LAG + 1))


def _evidence_sentence(evidence: Evidence) -> str:
    if evidence.verdict == Verdict.INSUFFICIENT_DATA:
        return (f"No lag has the {MIN_PAIRS} pairs of periods needed (the most at any lag is {evidence.n}); "
                "the arrow will be tested once more periods have scores on both sides.")
    if evidence.rho is None:
        return "One side's score did not change over the periods compared, so no correlation can be computed."
    rho = f"{fmt.round_half_away(evidence.rho, 3):.3f}"
    lag = "in the same period" if evidence.lag == 0 else \
        f"{evidence.lag} period{'s' if evidence.lag != 1 else ''} later"
    return f"The strongest rank correlation is rho = {rho} over {evidence.n} pairs, with the effect measured {lag}."


SCHEMA_FOR_JSON = "schemas/scorecard-json.schema.json"


def _package_text(path: str) -> str:
    return resources.files("mkdocs_scorecards").joinpath(path).read_text(encoding="utf-8")


def stylesheet() -> str:
    return _package_text("assets/scorecards.css")
