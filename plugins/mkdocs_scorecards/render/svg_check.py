"""The SVG Graphviz returns: checked against what it draws for our DOT, then made ready for a page.

The check allows only the elements and attributes Graphviz writes for our
DOT (no script, style, foreignObject, image or use; no event handlers),
values that are numbers, colours, names and paths, and links that are
exactly the scorecard's objective pages. User text is put in after the
check passed once (tooltips), XML-escaped, and the SVG is checked again.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from ..compute.results import ScorecardResult
from ..errors import MapError
from .map_dot import printable
from .text import STATUS_SHORT

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# What Graphviz writes for our DOT, and nothing else.
_PAINT = {"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "fill-opacity"}
_ALLOWED = {
    "svg": {"width", "height", "viewBox", "role", "aria-label", "style"},
    "g": {"id", "class", "transform"},
    "title": set(),
    "polygon": {"points"} | _PAINT,
    "polyline": {"points"} | _PAINT,
    "path": {"d"} | _PAINT,
    "ellipse": {"cx", "cy", "rx", "ry"} | _PAINT,
    "text": {"x", "y", "text-anchor", "font-family", "font-size", "font-weight", "font-style", "fill",
             "{%s}space" % XML_NS},
    "a": {"{%s}href" % XLINK_NS, "{%s}title" % XLINK_NS, "target"},
}
_ROOT_STYLE = "max-width:100%;height:auto"
_NAME = re.compile(r"[A-Za-z0-9_-]*\Z")
_VALUE = re.compile(r"[A-Za-z0-9#.,\- ()%]*\Z")   # numbers, colours, points, paths, transforms, font names
_LINK = re.compile(r"[A-Za-z0-9._/-]+\Z")

def tooltips(result: ScorecardResult) -> dict[str, str]:
    """Each node's tooltip token and the text that replaces it in the SVG.

    Graphviz expands escapes such as `\\N` in tooltips even when escaped, so
    user text is put in after layout, XML-escaped, instead of through DOT.
    """
    return {f"tipo{i}": f"{o.objective.title}: {STATUS_SHORT[o.status]}"
            for i, o in enumerate(result.objectives, 1)}


def attribute_text(text: str) -> str:
    """User text for an XML or HTML attribute value: escaped, on one line, no template braces."""
    escaped = html.escape(" ".join(printable(text).split()), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def put_tooltips(svg: str, texts: dict[str, str]) -> str:
    for token, text in texts.items():
        svg = svg.replace(f'xlink:title="{token}"', f'xlink:title="{attribute_text(text)}"')
    return svg


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def inline_svg(svg: str, title: str) -> str:
    """The <svg> element alone, without prologue or comments, scalable and labelled."""
    body = _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1))
    body = _SIZE.sub(lambda m: f'<svg role="img" aria-label="{attribute_text(title)}" '
                     f'style="{_ROOT_STYLE}" width="{m[1]}pt" height="{m[2]}pt"', body, count=1)
    return "\n".join(line for line in body.splitlines() if line.strip())


def check_svg(svg: str, links: set[str]) -> None:
    """Raise MapError unless the SVG holds only what Graphviz draws for our DOT.

    Only the elements and attributes of `_ALLOWED` (no script, style,
    foreignObject, image or use; no event handlers), attribute values that
    are numbers, colours, names and paths, and links that are exactly the
    objective pages in `links`, opened in the same tab.
    """
    body = _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1))
    if "<!" in body or "<?" in body:
        raise MapError("the map's SVG holds a declaration, CDATA section or processing instruction")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise MapError(f"the map's SVG is not well-formed XML ({error})") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise MapError("the map is not an SVG document")
    for element in root.iter():
        namespace, _, tag = element.tag.rpartition("}")
        if namespace != "{" + SVG_NS or tag not in _ALLOWED or (tag == "svg" and element is not root):
            raise MapError(f"the map's SVG holds a <{tag}> element, which a strategy map never has")
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2]
            if local.lower().startswith("on"):
                raise MapError(f"the map's SVG holds an event handler ({local}) on <{tag}>")
            if name not in _ALLOWED[tag]:
                raise MapError(f"the map's SVG holds an attribute {local} on <{tag}>, which a strategy map never has")
            if name == f"{{{XLINK_NS}}}href":
                if value not in links:
                    raise MapError(f"the map's SVG links to {value!r}, which is not an objective page of the scorecard")
            elif name == "target":
                if value != "_top":
                    raise MapError(f"the map's SVG opens a link in {value!r}")
            elif name == "style":
                if value != _ROOT_STYLE:
                    raise MapError("the map's SVG holds a style other than its own sizing")
            elif name in (f"{{{XLINK_NS}}}title", "aria-label"):
                continue   # text shown to the reader, escaped
            elif name in ("id", "class"):
                if not _NAME.match(value):
                    raise MapError(f"the map's SVG holds an unexpected {name} {value!r}")
            elif not _VALUE.match(value) or "url(" in value.lower():
                raise MapError(f"the map's SVG holds an unexpected value in {local} on <{tag}>")
