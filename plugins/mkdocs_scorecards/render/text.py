"""Turning values and user text into safe display text.

User text reaches pages four ways, each escaped here: plain text through
Jinja's autoescape and `html_text` (the templates' finalize), Markdown
headings through `markdown_heading`, page titles through `theme_title`
(the front matter keeps them as plain text: `front_matter_title`), and
Markdown descriptions and commentary through `user_markdown`, which
renders and then sanitises with nh3.

The pages are Markdown that MkDocs renders again, with whatever Markdown
extensions and plugins a site enables. So escaped user text is also made
inert for that second pass: no line of a page starts with user text (line
breaks are written `&#10;`), and `{` and `}` are written as character
references, so that no Jinja-based plugin (mkdocs-macros) can read user
text as a template.
"""

from __future__ import annotations

import functools
import html
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import markdown as markdown_lib
import nh3
from markupsafe import Markup, escape

from ..compute.evidence import Verdict
from ..compute.initiatives import InitiativeStatus
from ..compute.status import Status
from ..compute.trend import Trend

STATUS_WORDS = {
    Status.GREEN: "On target",
    Status.AMBER: "Within tolerance",
    Status.RED: "Off target",
    Status.NO_DATA: "No data",
    Status.NO_TARGET: "No target",
    Status.NOT_DUE: "Not due",
}
STATUS_SHORT = {Status.GREEN: "Green", Status.AMBER: "Amber", Status.RED: "Red", Status.NO_DATA: "No data",
                Status.NO_TARGET: "No target", Status.NOT_DUE: "Not due"}
# How a verdict of FORMAT section 7 is written for readers.
VERDICT_WORDS = {Verdict.SUPPORTED: "supported", Verdict.CONTRADICTED: "contradicted", Verdict.WEAK: "weak",
                 Verdict.INSUFFICIENT_DATA: "insufficient data"}
TREND_WORDS = {Trend.IMPROVING: "Improving", Trend.DECLINING: "Declining", Trend.STEADY: "Steady", Trend.NA: "n/a"}
BETTER_WORDS = {"higher": "higher is better", "lower": "lower is better", "in-range": "in range is better"}
INITIATIVE_WORDS = {InitiativeStatus.DONE: "Done", InitiativeStatus.OVERDUE: "Overdue",
                    InitiativeStatus.AT_RISK: "At risk", InitiativeStatus.NOT_STARTED: "Not started",
                    InitiativeStatus.ON_TRACK: "On track"}
TREND_ARROWS = {Trend.IMPROVING: "▲", Trend.DECLINING: "▼", Trend.STEADY: "▶", Trend.NA: "–"}

ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5", "h6",
                "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
                "thead", "tr", "ul"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A note's own headings sit below the page's: `#` becomes h3.
_HEADING = re.compile(r"<(/?)h([1-6])(\b[^>]*)?>")
# Characters written as references so that the page's second reading (as
# Markdown, or as a template by a plugin) sees no user line breaks or braces.
_INERT = str.maketrans({"{": "&#123;", "}": "&#125;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;",
                        "\u2028": "&#8232;", "\u2029": "&#8233;"})
NEEDS_ESCAPE = re.compile("[<>&\"'{}\n\r\t\u2028\u2029]")
# In a Markdown heading: what core Markdown unescapes gets a backslash; what
# extensions may give meaning to (~ ^ = : $ | @ %) gets a character reference.
_HEADING_ESCAPES = str.maketrans({
    **{c: "\\" + c for c in "\\`*_[]()#+-.!"},
    **{c: f"&#{ord(c)};" for c in "{}~^=:$|@%"},
    "<": "&lt;", ">": "&gt;", "&": "&amp;",
})


def round_half_away(value: float, places: int = 2) -> float:
    """Round half away from zero on the decimal value (2.675 -> 2.68), as published.

    A page rounds every number it shows, so the common cases skip Decimal: a
    value with no more decimals than asked for is already rounded, and one
    whose shortest decimal form does not end in a 5 just past the last place
    rounds the same way as its binary value (a cut-off between the two would
    be a shorter form of the same float), which is what `round` rounds."""
    text = repr(value)
    point = text.find(".")
    if point >= 0 and places >= 0 and "e" not in text:
        decimals = len(text) - point - 1
        if decimals <= places:
            return value
        if decimals != places + 1 or text[-1] != "5":
            return round(value, places)
    return _round_decimal(value, places)


def _round_decimal(value: float, places: int) -> float:
    """The rule itself, on the decimal value: for ties and exponents."""
    if not math.isfinite(value) or abs(value) >= 2.0 ** 52:   # no fraction to round (and past Decimal's precision)
        return value
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded)


def rho_text(rho: float | None) -> str:
    """A rank correlation as published: three decimals, "–" where there is none."""
    return "–" if rho is None else f"{round_half_away(rho, 3):.3f}"


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


def change_arrow(change: float | None) -> str:
    """Which way the number moved: up, down, or level (never which way is better; colour says that)."""
    if change is None:
        return "–"
    return "▲" if change > 0 else "▼" if change < 0 else "="


def change_text(change: float | None, decimals: int | None = None, unit: str = "") -> str:
    """A change with its sign: +1.2 pts for a percentage (points, not a relative change), −3 days."""
    if change is None:
        return "–"
    text = number(abs(change), decimals)
    sign = "+" if change > 0 else "−" if change < 0 and text.strip("0.,") else ""
    unit = "pts" if unit in ("%", "‰") else unit
    return f"{sign}{text} {unit}".rstrip() if unit else f"{sign}{text}"


def score_change_text(change: float | None) -> str:
    """An objective's score change as `▼ 0.4` (one decimal: a score is out of 10)."""
    if change is None:
        return ""
    rounded = round_half_away(change, 1)
    return f"{change_arrow(rounded)} {abs(rounded):.1f}"


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{round_half_away(score, 2):.2f}"


def inert(html_text: str) -> str:
    """Escaped HTML with line breaks and template braces written as character references."""
    return html_text.translate(_INERT)


def html_text(value) -> Markup:
    """Plain user text for HTML text or a quoted attribute: escaped and inert."""
    text = str(value)
    if not NEEDS_ESCAPE.search(text):   # most values: numbers, labels, plain words
        return Markup(text)
    return Markup(inert(str(escape(text))))


def safe_join(values, separator: str = "") -> Markup:
    """Jinja's `join` for user text: every item and the separator escaped by `html_text`."""
    return Markup(str(html_text(separator)).join(str(v) if isinstance(v, Markup) else str(html_text(v))
                                                 for v in values))


def markdown_heading(text: str) -> str:
    """User text safe in a Markdown heading line: HTML escaped, Markdown inert."""
    return " ".join(text.split()).translate(_HEADING_ESCAPES)


def plain_title(text: str) -> str:
    """A title as plain text on one line: whitespace runs (line breaks included) as one space."""
    return " ".join(text.split())


def theme_title(text: str) -> str:
    """A title as themes print it: `page.title`, `page.meta.title` and nav section titles go into the page
    as HTML, unescaped (mkdocs-material's <title>, header and navigation), so user text is escaped and
    made inert first (no `{` for a plugin such as mkdocs-macros to render)."""
    return inert(html.escape(plain_title(text), quote=True))


def front_matter_title(text: str) -> str:
    """A page title as plain text, written as a YAML double-quoted scalar on one line, for a page's front matter.

    `page.meta["title"]` is then the title as written (flattened to one
    line), for plugins that need text (social cards, feeds); where the
    title is printed as HTML, the plugin hands the theme `theme_title`
    instead (plugin.py). Everything outside printable ASCII, and `"` and
    the backslash, is a YAML escape, so no line break, `---`, quote or
    U+2028 can end the scalar or the front matter.
    """
    out = []
    for ch in plain_title(text):
        code = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


@functools.cache
def _markdown() -> markdown_lib.Markdown:
    """One converter for every text: setting up Python-Markdown's extensions costs twice what converting a
    short description does, and a site has thousands of them. Reset before each use, it keeps nothing."""
    return markdown_lib.Markdown(extensions=["tables", "sane_lists"],
                                 extension_configs={"tables": {"use_align_attribute": True}}, output_format="html")


def user_markdown(text: str) -> str:
    """Render a user's Markdown and keep only harmless HTML.

    No scripts, styles, frames, forms, images, SVG, MathML, ids, classes or
    event handlers survive, links may only be http(s), mailto or relative and
    carry rel="noopener noreferrer", and the result is one line (see `inert`).
    """
    if not text.strip():
        return ""
    rendered = _markdown().reset().convert(text)
    rendered = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}{m[3] or ''}>", rendered)
    cleaned = nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", strip_comments=True)
    return inert(cleaned.strip())
