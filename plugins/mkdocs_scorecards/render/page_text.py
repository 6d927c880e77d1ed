"""What the pages say in sentences: strategic gaps, the commentary's opening, the printed report's header."""

from __future__ import annotations

import datetime
import re

from ..compute.results import Gap, GapKind, ScorecardResult
from . import text as fmt

GAP_LABELS = {
    GapKind.RED_OBJECTIVE: "Red", GapKind.DECLINING_OBJECTIVE: "Declining",
    GapKind.OVERDUE_INITIATIVE: "Overdue", GapKind.CONTRADICTED_ARROW: "Question",
    GapKind.EMPTY_PERSPECTIVE: "Gap", GapKind.NO_KPIS: "Gap", GapKind.OFF_THE_MAP: "Gap",
    GapKind.NO_ACTUAL: "No data", GapKind.NO_TARGET: "No target",
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
    shown = fmt.score_change_text(gap.change)
    return f", {shown} since the previous period" if shown else ""


def gap_items(result: ScorecardResult) -> list[dict]:
    return [{"kind": gap.kind, "label": GAP_LABELS[gap.kind], "objective": gap.objective, "subject": gap.subject,
             "message": gap_message(gap, result)} for gap in result.gaps]


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
