"""The parts of pages repeated for every period of every KPI, written as HTML here rather than in templates.

An objective page draws a chart and lists a data table for each KPI, with a
few elements per period; a site of thousands of objectives renders millions
of them. Through Jinja every value costs a Markup object, an escape and a
filter call; built here, each is one formatted string. The markup is the
same as a template would give (the site is byte-identical), and the rules
are the templates' own: every text that is not a number goes through
`text.html_text`, escaped and inert.
"""

from __future__ import annotations

from markupsafe import Markup

from . import text as fmt
from ..compute.results import KpiResult
from .charts import Chart
from .evidence_plots import Plot


def _text(value) -> str:
    """`text.html_text` as a plain string: most values need no escaping, and a Markup object per value
    costs more than the value's markup."""
    text = str(value)
    return text if fmt.NEEDS_ESCAPE.search(text) is None else str(fmt.html_text(text))


def kpi_chart(chart: Chart | None, title: str, table_id: str, unit: str) -> Markup:
    """A KPI's chart as an <svg>: status bands, value and period ticks, target, actuals, the as-of mark."""
    if not chart:
        return Markup("")
    esc = _text
    left, top, right, bottom = chart.plot
    table_id = esc(table_id)
    parts = [f'<svg class="sc-chart" role="img" aria-labelledby="{table_id}-title" aria-describedby="{table_id}" '
             f'viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" height="{chart.height}">\n'
             f'<title id="{table_id}-title">{esc(title)}</title>\n']
    parts += [f'<rect class="sc-band--{b.status}" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}"/>'
              for b in chart.bands]
    parts += [f'<line class="sc-chart__grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>'
              f'<text class="sc-chart__tick" x="{left - 6}" y="{y:.1f}" text-anchor="end" '
              f'dominant-baseline="central">{esc(label)}</text>\n' for y, label in chart.y_ticks]
    last_anchor = "end" if len(chart.points) > 1 else "middle"
    parts += [f'<text class="sc-chart__tick{kind}" x="{x:.1f}" y="{bottom + 7}" '
              f'text-anchor="{last_anchor if number == len(chart.x_ticks) - 1 else "middle"}" '
              f'dominant-baseline="hanging">{esc(label)}</text>\n'
              for number, (x, label, kind) in enumerate(chart.x_ticks)]
    if unit:
        parts.append(f'<text class="sc-chart__axis" x="2" y="{top - 9}">{esc(unit)}</text>')
    if chart.band_low:
        parts.append(f'<path class="sc-chart__target" d="{chart.band_low}"/>')
    if chart.target_path:
        parts.append(f'<path class="sc-chart__target" d="{chart.target_path}"/>')
    parts.append(f'<polyline class="sc-chart__line" points="{chart.polyline}"/>\n')
    last = chart.points[-1]
    parts.append(f'<line class="sc-chart__asof" x1="{last.x:.1f}" x2="{last.x:.1f}" y1="{top}" y2="{bottom + 4}"/>\n')
    final = len(chart.points) - 1
    parts += [f'<circle class="sc-dot sc-dot--{p.status}{" sc-dot--last" if number == final else ""}" '
              f'cx="{p.x:.1f}" cy="{p.y:.1f}" r="{5 if number == final else 3.5}">'
              f'<title>{esc(p.label)}: {esc(p.text)} ({esc(fmt.STATUS_SHORT[p.status])})</title></circle>\n'
              for number, p in enumerate(chart.points)]
    parts.append("</svg>")
    return Markup("".join(parts))


def status_badge(status) -> Markup:
    """A status as a word with its icon: never by colour alone."""
    return Markup(f'<span class="sc-status sc-status--{status}"><span class="sc-status__icon" aria-hidden="true">'
                  f'</span>{_text(fmt.STATUS_SHORT[status])}</span>')


def data_rows(kpi: KpiResult, decimals: int | None, target_sources: dict, provenance: dict) -> Markup:
    """The rows of a KPI's data table, newest period first: actual, target, status, score and where each
    came from (its rows, notes, the target's origin, its commits, and whether it was restated)."""
    esc = _text
    calculated = kpi.kpi.formula is not None
    rows = []
    for p in reversed(kpi.series):
        key = (kpi.kpi.id, p.label)
        if calculated:
            count = len(p.inputs)
            source = f"calculated from {count} input value{'' if count == 1 else 's'}"
        else:
            count, places = len(p.months), p.rows
            source = (f"{count} value{'' if count == 1 else 's'} from {esc(places[0][0])}:{places[0][1]}"
                      + (f" and {len(places) - 1} more" if len(places) > 1 else ""))
        if p.notes:
            source += f'<br><span class="sc-note">{fmt.safe_join(p.notes, "; ")}</span>'
        if origin := target_sources[key]:
            source += f'<br><span class="sc-provenance">{esc(origin)}</span>'
        found = provenance.get(key)
        if found and found.summary:
            source += (f'<details class="sc-prov"><summary>{esc(found.summary)}</summary>'
                       f'<span class="sc-prov__detail">{esc(found.detail)}</span></details>')
        if found and found.restated_href:
            source += (f' <a class="sc-tag sc-tag--restated" href="{esc(found.restated_href)}">'
                       'restated since published</a>')
        partial = ' <span class="sc-tag sc-tag--partial">partial</span>' if p.partial else ""
        rows.append(f'<tr><th scope="row">{esc(p.label)}{partial}</th>'
                    f'<td class="sc-num">{esc(fmt.number(p.actual, decimals))}</td>'
                    f'<td class="sc-num">{esc(fmt.target_text(p.target, decimals))}</td>'
                    f'<td>{status_badge(p.status)}</td><td class="sc-num">{esc(fmt.score_text(p.score))}</td>'
                    f'<td class="sc-source">{source}</td></tr>\n')
    return Markup("".join(rows))


def plot_grid(plot: Plot, vertical: bool = True) -> Markup:
    """An evidence plot's grid lines and tick labels (horizontal, and vertical where `vertical`)."""
    esc = _text
    parts = [f'<line class="sc-plot__grid" x1="{plot.left}" x2="{plot.width - plot.right}" y1="{y:.1f}" y2="{y:.1f}"/>'
             f'<text class="sc-plot__tick" x="{plot.left - 6}" y="{y + 4:.1f}" text-anchor="end">{esc(text)}</text>\n'
             for y, text in plot.y_ticks]
    bottom = plot.height - plot.bottom
    for x, text in plot.x_ticks:
        line = (f'<line class="sc-plot__grid" x1="{x:.1f}" x2="{x:.1f}" y1="{plot.top}" y2="{bottom}"/>'
                if vertical else "")
        parts.append(f'{line}<text class="sc-plot__tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">'
                     f'{esc(text)}</text>\n')
    return Markup("".join(parts))


def scatter_dots(plot: Plot) -> Markup:
    """The scatter's dots, one per pair of periods, each named by its tooltip."""
    return Markup("".join(f'<circle class="sc-plot__dot" cx="{p.x:.1f}" cy="{p.y:.1f}" r="4">'
                          f'<title>{_text(p.label)}</title></circle>\n' for p in plot.points))


def series_lines(plot: Plot) -> Markup:
    """The lines and marks of the series plot: round dots for the effect, squares for the cause."""
    esc = _text
    parts = []
    for _, kind, points in plot.series:
        kind = esc(kind)
        parts += [f'<polyline class="sc-plot__line sc-plot__line--{kind}" points="{esc(run)}"/>'
                  for run in plot.runs(points)]
        for p in points:
            if not p:
                continue
            if kind == "cause":
                parts.append(f'<rect class="sc-plot__mark sc-plot__mark--cause" x="{p.x - 3:.1f}" y="{p.y - 3:.1f}" '
                             f'width="6" height="6"><title>{esc(p.label)}</title></rect>')
            else:
                parts.append(f'<circle class="sc-plot__mark sc-plot__mark--effect" cx="{p.x:.1f}" cy="{p.y:.1f}" '
                             f'r="3.2"><title>{esc(p.label)}</title></circle>')
    return Markup("".join(parts))


def verdict_rows(history: list[dict]) -> Markup:
    """The verdict in each period, newest first."""
    esc = _text
    return Markup("".join(
        f'<tr><th scope="row">{esc(h["period"])}</th><td><span class="sc-verdict sc-verdict--{h["verdict"]}">'
        f'{esc(fmt.VERDICT_WORDS[h["verdict"]])}</span></td><td class="sc-num">{esc(h["lag"])}</td>'
        f'<td class="sc-num">{esc(h["rho"])}</td><td class="sc-num">{h["n"]}</td></tr>\n'
        for h in reversed(history)))


def pair_rows(pairs) -> Markup:
    """The pairs of periods compared: cause period and score, effect period and score."""
    esc = _text
    return Markup("".join(
        f'<tr><td>{esc(cause)}</td><td class="sc-num">{esc(fmt.score_text(cause_score))}</td><td>{esc(effect)}</td>'
        f'<td class="sc-num">{esc(fmt.score_text(effect_score))}</td></tr>\n'
        for cause, cause_score, effect, effect_score in pairs))
