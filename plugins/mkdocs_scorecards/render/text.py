"""Turning values and user text into safe display text.

User text reaches pages three ways, each escaped here: plain text through
Jinja's autoescape, Markdown headings through `markdown_heading`, and
Markdown descriptions and commentary through `user_markdown`, which renders
and then sanitises with nh3.
"""

from __future__ import annotations

import html
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import markdown as markdown_lib
import nh3

STATUS_WORDS = {
    "green": "On target",
    "amber": "Within tolerance",
    "red": "Off target",
    "no-data": "No data",
    "no-target": "No target",
}
STATUS_SHORT = {"green": "Green", "amber": "Amber", "red": "Red", "no-data": "No data", "no-target": "No target"}
TREND_WORDS = {"improving": "Improving", "declining": "Declining", "steady": "Steady", "n/a": "n/a"}
TREND_ARROWS = {"improving": "▲", "declining": "▼", "steady": "▶", "n/a": "–"}

ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5", "h6",
                "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
                "thead", "tr", "ul"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
# A note's own headings sit below the page's: `#` becomes h3.
_HEADING = re.compile(r"<(/?)h([1-6])(\b[^>]*)?>")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def round_half_away(value: float, places: int = 2) -> float:
    """Round half away from zero on the decimal value (2.675 -> 2.68), as published."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded)


def number(value: float | None, decimals: int | None = None) -> str:
    """A value for display: the KPI's decimals, else as read without float noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is not None:
        text = f"{round_half_away(value, decimals):,.{decimals}f}"
    else:
        text = f"{value:,.10g}" if abs(value) < 1e15 else f"{value:.6g}"
        if "e" not in text and "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace("-", "−") if value < 0 else text


def with_unit(text: str, unit: str) -> str:
    if text == "–" or not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "‰") else f"{text} {unit}"


def target_text(target, decimals: int | None = None, unit: str = "") -> str:
    if target is None:
        return "–"
    if isinstance(target, tuple):
        return with_unit(f"{number(target[0], decimals)} to {number(target[1], decimals)}", unit)
    return with_unit(number(target, decimals), unit)


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{round_half_away(score, 2):.2f}"


def markdown_heading(text: str) -> str:
    """User text safe in a Markdown heading line: HTML escaped, Markdown inert."""
    flat = " ".join(text.split())
    escaped = html.escape(flat, quote=False)
    return _MARKDOWN_SPECIAL.sub(lambda m: m.group(1) if m.group(1) in "<>&" else "\\" + m.group(1), escaped)


def user_markdown(text: str) -> str:
    """Render a user's Markdown and keep only harmless HTML.

    No scripts, styles, frames, forms, images or event handlers survive, and
    links may only be http(s), mailto or relative.
    """
    if not text.strip():
        return ""
    rendered = markdown_lib.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    rendered = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}{m[3] or ''}>", rendered)
    cleaned = nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return cleaned.strip()
