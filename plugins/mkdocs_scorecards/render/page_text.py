"""What the pages say in sentences: strategic gaps, the commentary's opening, the printed report's header."""

from __future__ import annotations

import datetime
import html
import math
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..compute.provenance import target_place
from ..compute.results import Gap, GapKind, KpiPeriod, KpiResult, ObjectiveResult, ScorecardResult, TargetOrigin
from ..compute.status import Status
from ..compute.trend import Trend
from . import text as fmt

GAP_LABELS = {
    GapKind.RED_OBJECTIVE: "Red", GapKind.DECLINING_OBJECTIVE: "Declining",
    GapKind.OVERDUE_INITIATIVE: "Overdue", GapKind.CONTRADICTED_ARROW: "Question",
    GapKind.EMPTY_PERSPECTIVE: "Gap", GapKind.NO_KPIS: "Gap", GapKind.OFF_THE_MAP: "Gap",
    GapKind.NO_ACTUAL: "No data", GapKind.NO_TARGET: "No target",
}


# What each label of the list of gaps means, for the page's key.
GAP_MEANINGS = {
    "Red": "an objective off target", "Declining": "its score fell by more than 0.1 since the previous period",
    "Overdue": "an initiative past its due date", "Question": "the data contradicts an arrow of the strategy map",
    "Gap": "something the scorecard itself lacks", "No data": "a KPI without an actual for the period",
    "No target": "a KPI without a target for the period",
}


def gap_message(gap: Gap, result: ScorecardResult) -> str:
    """What a strategic gap means, in a sentence that follows its subject."""
    match gap.kind:
        case GapKind.RED_OBJECTIVE:
            return f"score {fmt.score_text(gap.score)} of 10, off target" + _moved(gap)
        case GapKind.DECLINING_OBJECTIVE:
            return f"score {fmt.score_text(gap.score)} of 10" + _moved(gap)
        case GapKind.OVERDUE_INITIATIVE:
            return f"initiative '{gap.detail}' is overdue (due {gap.due})"
        case GapKind.CONTRADICTED_ARROW:
            return (f"the data contradicts the belief that it drives '{gap.detail}', "
                    "a question for the next strategy review")
        case GapKind.EMPTY_PERSPECTIVE:
            return "this perspective has no objectives"
        case GapKind.NO_KPIS:
            return "no KPIs measure this objective"
        case GapKind.OFF_THE_MAP:
            return "no arrow of the strategy map leads to or from this objective"
        case GapKind.NO_ACTUAL:
            return f"KPI '{gap.detail}' has no actual for {result.as_of_label or 'any period'}"
        case GapKind.NO_TARGET:
            return f"KPI '{gap.detail}' has no target for {result.as_of_label}"
    raise ValueError(gap.kind)


def _moved(gap: Gap) -> str:
    if gap.change is None:
        return ""
    if is_zero_at(gap.change, 1):
        return ", unchanged since the previous period"
    return f", {fmt.score_change_text(gap.change)} since the previous period"


def is_zero_at(value: float, places: int) -> bool:
    """Whether `value` is zero once shown with `places` decimals."""
    return fmt.round_half_away(value, places) == 0


@dataclass(frozen=True)
class Change:
    """A change from the previous period as the pages show it.

    The arrow points the way the shown number moved; `tone` says whether that
    move is better or worse for this KPI (its sign against `better`), which is
    what the change's colour shows; `word` is the FORMAT's trend where it adds
    something (a move within 1% is "steady"). A change that is zero at the
    shown decimals has no arrow and says "no change".
    """

    arrow: str   # "▲", "▼", or "" when the shown change is zero
    text: str    # "+1.2 pts", "−3 days", "0.4", "no change"
    tone: str    # "better", "worse" or "same"
    word: str    # "improving", "declining", "steady", "steady, slightly worse", or ""


_TONE_OF_TREND = {Trend.IMPROVING: "better", Trend.DECLINING: "worse"}


def _word(trend: Trend, tone: str) -> str:
    if trend == Trend.STEADY and tone != "same":
        return f"steady, slightly {tone}"
    return "" if trend == Trend.NA else fmt.TREND_WORDS[trend].lower()


def _in_range_tone(previous: float, current: float, target) -> str:
    if not isinstance(target, tuple):
        return "same"
    low, high = target
    before, after = max(low - previous, previous - high, 0.0), max(low - current, current - high, 0.0)
    return "better" if after < before else "worse" if after > before else "same"


def compared_periods(k: KpiResult):
    """(the period whose value is shown, the one it is compared with), or None.

    A KPI that is not due (FORMAT section 12) shows its latest evaluated value,
    compared with its own period before that."""
    shown = k.current
    if shown.status == Status.NOT_DUE:
        shown = k.latest
    previous = k.previous
    if shown is None or previous is None or shown.actual is None or previous.actual is None \
            or previous.period == shown.period:
        return None
    return shown, previous


def kpi_change(k: KpiResult, decimals: int | None) -> Change | None:
    """The change of a KPI's shown value from its previous period, coloured by `better`."""
    pair = compared_periods(k)
    if pair is None:
        return None
    shown, previous = pair
    change = shown.actual - previous.actual
    digits = fmt.number(abs(change), decimals)
    if not any(ch in "123456789" for ch in digits):
        return Change("", "no change", "same", "")
    tone = _TONE_OF_TREND.get(k.trend)
    if tone is None:
        if k.kpi.better == "higher":
            tone = "better" if change > 0 else "worse"
        elif k.kpi.better == "lower":
            tone = "better" if change < 0 else "worse"
        else:
            tone = _in_range_tone(previous.actual, shown.actual, shown.target)
    return Change(fmt.change_arrow(change), fmt.change_text(change, decimals, k.kpi.unit), tone, _word(k.trend, tone))


def score_change(o: ObjectiveResult) -> Change | None:
    """An objective's score change from the previous period (one decimal): a higher score is better."""
    if o.score is None or o.previous_score is None:
        return None
    change = o.score - o.previous_score
    if is_zero_at(change, 1):
        return Change("", "no change", "same", "")
    tone = "better" if change > 0 else "worse"
    return Change(fmt.change_arrow(change), f"{abs(fmt.round_half_away(change, 1)):.1f}", tone, _word(o.trend, tone))


def gap_items(result: ScorecardResult) -> list[dict]:
    return [{"kind": gap.kind, "label": GAP_LABELS[gap.kind], "objective": gap.objective, "subject": gap.subject,
             "message": _dates_unbroken(gap_message(gap, result))} for gap in result.gaps]


_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _dates_unbroken(text: str) -> Markup:
    """Text as HTML (escaped and inert) where no date breaks at its hyphens, on screen or on paper."""
    return Markup(_DATE.sub(lambda m: f'<span class="sc-nowrap">{m[0]}</span>', str(fmt.html_text(text))))


def display_decimals(k: KpiResult) -> int | None:
    """The decimals a KPI's values are shown with on pages (the JSON keeps them unrounded).

    The KPI's `decimals` when it has them; values read from CSV otherwise as read. A calculated KPI
    without `decimals` (its values are quotients, such as 25.41254125) shows whole numbers when all its
    actuals and targets are whole, else enough decimals for three significant digits of its largest
    value, at least one and at most six: 25.4, 102.2, 1.46, 0.0123, 12,345.7.
    """
    if k.kpi.decimals is not None or k.kpi.formula is None:
        return k.kpi.decimals
    values = [abs(v) for p in k.series for v in (p.actual, *_targets(p)) if v is not None and math.isfinite(v)]
    if not values or all(abs(v - round(v)) <= 1e-9 * max(1.0, v) for v in values):
        return 0
    largest = max(values)
    return min(6, max(1, 2 - math.floor(math.log10(largest)))) if largest else 1


def _targets(period: KpiPeriod) -> tuple:
    target = period.target
    return target if isinstance(target, tuple) else (target,)


def target_source(k: KpiResult, period: KpiPeriod) -> str:
    """Where a period's target was written, as a data table shows it: `target: file:line`, and how it
    was derived (relative to the baseline, phased)."""
    place = target_place(k.kpi, period)
    if place is None:
        return ""
    source = period.target_from
    text = f"target {'row' if source.origin == TargetOrigin.CSV else 'from'} {place}"
    if source.relative:
        text += f", {source.relative} of the baseline"
    if source.annual is not None:
        text += f", {source.months}/12 of the year's {fmt.number(source.annual)}"
    return text


def trend_note(o: ObjectiveResult, decimals: dict, previous_label: str) -> str:
    """Why an objective's trend can differ from its KPIs' changes, said where it does."""
    moved = score_change(o)
    if moved is None or not moved.arrow:
        return ""
    kpis = [kpi_change(k, decimals[k.kpi.id]) for k in o.kpis]
    if not any(c is None or c.tone != moved.tone for c in kpis):
        return ""
    verb = "rose" if moved.tone == "better" else "fell"
    return (f"Its score {verb} from {fmt.score_text(o.previous_score)} in {previous_label} to "
            f"{fmt.score_text(o.score)}, though not every KPI got {moved.tone}: the score is the weighted mean "
            "of its KPIs' scores, so it follows the KPIs that moved most, and targets that changed.")


def key_facts(kpis, decimals: dict, objectives=(), gaps=(), objective_trends: bool = True,
              history: bool = False) -> dict:
    """Which symbols a page uses, so that its key explains those (and only those) beside the basic ones.

    `history`: the page shows every period of its KPIs (an objective page), so a partial period in any
    of them counts."""
    changes = [c for c in [*(kpi_change(k, decimals[k.kpi.id]) for k in kpis), *(score_change(o) for o in objectives)]
               if c]
    statuses = {k.current.status for k in kpis}
    return {
        "objectives": objective_trends,
        "not_due": Status.NOT_DUE in statuses,
        "no_data": Status.NO_DATA in statuses,
        "same": any(c.tone == "same" and c.arrow for c in changes),
        "steady": any(c.word.startswith("steady") for c in changes),
        "no_change": any(not c.arrow for c in changes),
        "partial": any(k.current.partial for k in kpis) or history and any(p.partial for k in kpis for p in k.series),
        "indicators": any(k.kpi.indicator for k in kpis),
        "gaps": [(label, GAP_MEANINGS[label]) for label in dict.fromkeys(g["label"] for g in gaps)],
    }


_TAG = re.compile(r"<[^>]*>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[.,;:!?)])")


def plain_text(rendered: str) -> str:
    """What a reader sees of HTML from `text.user_markdown`: its words, without tags or Markdown."""
    return _SPACE_BEFORE_PUNCTUATION.sub("", " ".join(html.unescape(_TAG.sub(" ", rendered)).split()))


_BLOCK = re.compile(r"(?:\s|&#10;)*<(p|h[3-6])>.*?</\1>", re.DOTALL)
SUMMARY_BLOCKS = 3


def commentary_summary(html: str) -> tuple[str, str]:
    """(the commentary's opening, the rest): headings and paragraphs from the start, at most three
    blocks, up to the first list, table or quote. Writers put the summary first; the overview shows it."""
    position, blocks = 0, 0
    while blocks < SUMMARY_BLOCKS:
        match = _BLOCK.match(html, position)
        if not match:
            break
        position, blocks = match.end(), blocks + 1
    return html[:position], html[position:]


def css_string(text: str) -> str:
    """Text as a CSS string that nothing can break out of: every character but letters,
    digits and spaces written as a hex escape."""
    return '"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):06x}"
                         for ch in " ".join(text.split())) + '"'


def print_style(site_name: str, result: ScorecardResult, published: datetime.date | None) -> str:
    """The printed report's running header (organisation, scorecard, period, published) and page numbers."""
    left = " · ".join(part for part in (site_name, result.scorecard.title) if part)
    right = " · ".join(part for part in (result.as_of_label, f"published {published}" if published else "") if part)
    return ("@media print { @page { size: A4; margin: 16mm 14mm 16mm 14mm;"
            f" @top-left {{ content: {css_string(left)}; }}"
            f" @top-right {{ content: {css_string(right)}; }}"
            ' @bottom-right { content: "Page " counter(page) " of " counter(pages); } } }')
