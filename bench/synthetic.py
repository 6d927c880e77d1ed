"""Synthetic organisations for the benchmarks, and plain MkDocs sites of the same shape to compare with.

An organisation is a cascade of scorecards (each department below its
parent, every objective supporting one of the parent's), each scorecard
with `per_scorecard` objectives spread over the four perspectives and four
themes, `drives` arrows from each perspective to the one above, two KPIs per
objective, and on every fourth objective a calculated KPI: a rate of two
measures, with a year-to-date and a change against a year earlier on some.
The data is monthly, long form, in one CSV per scorecard, with as many months
as it takes to reach the number of data points asked for.

A plain site has the same number of pages at the same paths, each a
paragraph and a 12-row table of Markdown, with the navigation the plugin
would give the generated pages (`nav_for`), the same theme features and the
search plugin: what MkDocs and Material cost on their own for that site.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

PERSPECTIVES = ("financial", "customer", "internal", "learning")
THEMES = ("growth", "retention", "quality", "efficiency")
FANOUT = 3                   # departments below each scorecard of the cascade
NAV_OBJECTIVES = 500         # the plugin's default: objectives are listed in the navigation up to this many
# Pages of each scorecard that are built but not listed in the navigation.
HISTORY_PAGES = (("archive", "Archive"), ("restatements", "Restatements"), ("changes", "Change history"))
PERSPECTIVE_TITLES = ("Financial", "Customer", "Internal process", "Learning and growth")
THEME_FEATURES = "[navigation.sections, navigation.prune]"


@dataclass(frozen=True)
class Organisation:
    scorecards: int
    objectives: int
    kpis: int
    measures: int
    months: int
    points: int

    def pages(self) -> list[tuple[str, str]]:
        """(path under docs_dir, title) of every page the plugin generates without a git history."""
        pages = [("index.md", "Home"), ("scorecards/index.md", "All scorecards"),
                 ("scorecards/cascade/index.md", "Cascade of objectives")]
        for s in range(self.scorecards):
            pages += [(f"scorecards/s{s}/index.md", "Overview"), (f"scorecards/s{s}/report/index.md", "Board report"),
                      (f"scorecards/s{s}/hypotheses/index.md", "Is the strategy working?")]
            pages += [(f"scorecards/s{s}/{page}/index.md", title) for page, title in HISTORY_PAGES]
            pages += [(f"scorecards/s{s}/o{o}/index.md", objective_title(s, o))
                      for o in range(self._objectives_of(s))]
        return pages

    def _objectives_of(self, s: int) -> int:
        per = math.ceil(self.objectives / self.scorecards)
        return max(0, min(per, self.objectives - s * per))


def objective_title(s: int, o: int) -> str:
    return f"Objective {o} of department {s}"


def plan(objectives: int, points: int, per_scorecard: int = 50) -> tuple[int, int]:
    """(scorecards, months) for an organisation of about `points` data points."""
    scorecards = math.ceil(objectives / per_scorecard)
    series_per_objective = 2 + 2 / 4 - 1 / 4      # two KPIs; every fourth objective: one calculated, two measures
    return scorecards, max(24, round(points / (objectives * series_per_objective)))


def write_organisation(root: Path, objectives: int, points: int, per_scorecard: int = 50,
                       site_name: str = "Synthetic organisation", months: int | None = None) -> Organisation:
    """A whole scorecard project under `root` (mkdocs.yml, scorecards/, data/, site_src/); `months`, when
    given, instead of as many as it takes to reach `points`."""
    scorecards, planned = plan(objectives, points, per_scorecard)
    months = months or planned
    for folder in ("scorecards", "data", "site_src"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "site_src" / "index.md").write_text("# Synthetic organisation\n\n<!-- scorecards:status -->\n")
    (root / "mkdocs.yml").write_text(
        f"site_name: {site_name}\ndocs_dir: site_src\n"
        f"theme: {{name: material, font: false, features: {THEME_FEATURES}}}\n"
        "plugins:\n  - search\n  - scorecards\n")
    per = math.ceil(objectives / scorecards)
    kpis = measures = written = 0
    for s in range(scorecards):
        count = max(0, min(per, objectives - s * per))
        parent = (s - 1) // FANOUT if s else None
        definition, rows, counts = _scorecard(s, count, parent, per, months)
        (root / "scorecards" / f"s{s}.yml").write_text(definition)
        (root / "data" / f"s{s}.csv").write_text(rows)
        kpis += counts[0]
        measures += counts[1]
        written += counts[2]
    return Organisation(scorecards, objectives, kpis, measures, months, written)


def _scorecard(s: int, count: int, parent: int | None, parent_size: int, months: int) -> tuple[str, str, tuple]:
    lines = [f"title: Department {s}", f"owner: Head of department {s}", "frequency: quarterly",
             "fiscal_year_start: 4"]
    if parent is not None:
        lines.append(f"parent: s{parent}")
    lines.append("themes:")
    lines += [f"  - {{id: {t}, title: Theme {t}}}" for t in THEMES]
    measures: list[str] = []
    objectives: list[str] = []
    rows = ["kpi,period,actual"]
    kpis = 0
    periods = [f"{2018 + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    for o in range(count):
        row = o % 4
        objectives += [f"  - id: o{o}", f"    title: {objective_title(s, o)}", f"    perspective: {PERSPECTIVES[row]}",
                       f"    theme: {THEMES[(o // 4) % 4]}", f"    owner: Owner {o % 7}",
                       f"    description: What objective {o} of department {s} is for, in a sentence."]
        above = [t for t in (o - 1, o + 3) if 0 <= t < count and t % 4 == row - 1]   # the perspective above
        if above:
            objectives.append(f"    drives: [{', '.join(f'o{t}' for t in above)}]")
        if parent is not None:
            objectives.append(f"    supports: [s{parent}/o{o % parent_size}]")
        objectives.append("    kpis:")
        objectives.append(f"      - {{id: k{o}a, title: Leading measure of objective {o}, unit: '%', better: higher,"
                          f" target: 100, aggregate: mean, decimals: 1}}")
        _values(rows, f"s{s}/k{o}a", periods, 80 + o % 13, o)
        if o % 4 == 3:
            measures += [f"  - {{id: m{o}n, title: Events of objective {o}, aggregate: sum}}",
                         f"  - {{id: m{o}d, title: Population of objective {o}, aggregate: last}}"]
            _values(rows, f"s{s}/m{o}n", periods, 40 + o % 9, o + 1)
            _values(rows, f"s{s}/m{o}d", periods, 1000 + o % 17, o + 2)
            formula = (f"m{o}n / m{o}d * 1000" if o % 8 == 3 else
                       f"(ytd(m{o}n) - prev(ytd(m{o}n), 4)) / prev(ytd(m{o}n), 4) * 100")
            objectives.append(f"      - {{id: k{o}b, title: Rate of objective {o}, better: lower, "
                              f"formula: '{formula}', target: 150, tolerance: 20, decimals: 2}}")
        else:
            objectives.append(f"      - {{id: k{o}b, title: Lagging measure of objective {o}, better: lower,"
                              f" target: 50, aggregate: sum, decimals: 0}}")
            _values(rows, f"s{s}/k{o}b", periods, 12 + o % 5, o + 3)
        kpis += 2
    text = "\n".join(lines + (["measures:"] + measures if measures else []) + ["objectives:"] + objectives) + "\n"
    return text, "\n".join(rows) + "\n", (kpis, len(measures), len(rows) - 1)


def _values(rows: list[str], series: str, periods: list[str], base: int, seed: int) -> None:
    """A series that wanders around `base`: a slow wave plus a repeatable wobble, never negative."""
    for m, period in enumerate(periods):
        value = base * (1 + 0.15 * math.sin((m + seed) / 5)) + (seed * 7 + m * 13) % 11 - 5
        rows.append(f"{series},{period},{max(value, 0):.2f}")


def nav_for(organisation: Organisation, nested: bool = True) -> list:
    """The navigation the plugin builds for the organisation's pages, as a mkdocs.yml `nav`:
    each scorecard's pages, then the scorecards that cascade from it (all side by side when not `nested`)."""
    with_objectives = organisation.objectives <= NAV_OBJECTIVES

    def section(s: int) -> dict:
        pages: list = [{"Overview": f"scorecards/s{s}/index.md"}, {"Board report": f"scorecards/s{s}/report/index.md"},
                       {"Is the strategy working?": f"scorecards/s{s}/hypotheses/index.md"}]
        if with_objectives:
            for row, title in enumerate(PERSPECTIVE_TITLES):
                listed = [{objective_title(s, o): f"scorecards/s{s}/o{o}/index.md"}
                          for o in range(organisation._objectives_of(s)) if o % 4 == row]
                if listed:
                    pages.append({title: listed})
        if nested:
            pages += [section(child) for child in _children(s, organisation.scorecards)]
        return {f"Department {s}": pages}

    sections = [{"All scorecards": "scorecards/index.md"}, {"Cascade of objectives": "scorecards/cascade/index.md"}]
    sections += [section(s) for s in ([0] if nested else _cascade_order(organisation.scorecards))]
    return [{"Home": "index.md"}, {"Scorecards": sections}]


def _children(s: int, scorecards: int) -> range:
    return range(s * FANOUT + 1, min(s * FANOUT + FANOUT + 1, scorecards))


def _cascade_order(scorecards: int) -> list[int]:
    order: list[int] = []

    def visit(s: int) -> None:
        order.append(s)
        for child in _children(s, scorecards):
            visit(child)

    if scorecards:
        visit(0)
    return order


def write_plain_site(root: Path, organisation: Organisation) -> int:
    """Plain Markdown pages at the organisation's paths, with its navigation; returns the number of pages."""
    import json

    docs = root / "docs"
    pages = organisation.pages()
    for number, (path, title) in enumerate(pages):
        file = docs / path
        file.parent.mkdir(parents=True, exist_ok=True)
        table = "\n".join(f"| {2018 + m // 4}-Q{m % 4 + 1} | {80 + (number + m) % 37:.1f} | 100 | Green |"
                          for m in range(12))
        file.write_text(f"# {title}\n\nPage {number} of a plain site: a paragraph of text that says what this page "
                        f"is about, who owns it and how it is doing, as a person would write it.\n\n"
                        f"| Period | Actual | Target | Status |\n|---|---|---|---|\n{table}\n")
    # JSON is YAML: the nav, however deep, in one line without a YAML writer.
    (root / "mkdocs.yml").write_text(
        f"site_name: Plain site\ndocs_dir: docs\ntheme: {{name: material, font: false, features: {THEME_FEATURES}}}\n"
        f"plugins:\n  - search\nmarkdown_extensions: [tables]\nnot_in_nav: |\n  archive/\n  restatements/\n  changes/\nnav: {json.dumps(nav_for(organisation))}\n")
    return len(pages)
