"""The SVG of a map, checked against what Graphviz draws for our DOT and what `map_frame` adds.

The check allows only the elements and attributes Graphviz writes for our
DOT, plus the few `map_frame` draws around the layout (a <desc>, <rect>
bands and legend swatches, classes on groups, rectangles and text, the
root's sizing style); no script, style, foreignObject, image or use; no
event handlers; values that are numbers, colours, names, classes and
paths; and links that are exactly the pages the map may lead to. Maps are
checked twice: Graphviz's SVG before anything reads it, and the finished
document, after user text (tooltips) was put in, escaped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..errors import MapError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_PAINT = {"fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "fill-opacity"}
_ALLOWED = {
    # What Graphviz writes for our DOT ...
    "svg": {"width", "height", "viewBox", "role", "aria-label", "style", "class"},
    "g": {"id", "class", "transform"},
    "title": set(),
    "polygon": {"points"} | _PAINT,
    "polyline": {"points"} | _PAINT,
    "path": {"d"} | _PAINT,
    "ellipse": {"cx", "cy", "rx", "ry"} | _PAINT,
    "text": {"x", "y", "text-anchor", "font-family", "font-size", "font-weight", "font-style", "fill", "class",
             "{%s}space" % XML_NS},
    "a": {"{%s}href" % XLINK_NS, "{%s}title" % XLINK_NS, "target"},
    # ... and what map_frame adds: a description, bands, legend swatches.
    "desc": set(),
    "rect": {"x", "y", "width", "height", "rx", "class"} | _PAINT,
}
# The root's own sizing: as wide as its container, never drawn smaller than a readable minimum.
_ROOT_STYLE = re.compile(r"max-width:100%;height:auto(;min-width:[0-9]{1,5}px)?\Z")
_ID = re.compile(r"[A-Za-z0-9_-]*\Z")
_CLASS = re.compile(r"[A-Za-z0-9_ -]*\Z")
_VALUE = re.compile(r"[A-Za-z0-9#.,\- ()%]*\Z")   # numbers, colours, points, paths, transforms, font names
_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def check_svg(svg: str, links: set[str]) -> None:
    """Raise MapError unless the SVG holds only what Graphviz draws for our DOT and `map_frame` adds.

    Only the elements and attributes of `_ALLOWED` (no script, style,
    foreignObject, image or use; no event handlers), attribute values that
    are numbers, colours, names, classes and paths, and links that are
    exactly the pages in `links` (objective pages, arrows' tests), opened in
    the same tab.
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
                    raise MapError(f"the map's SVG links to {value!r}, which is not a page the map leads to")
            elif name == "target":
                if value != "_top":
                    raise MapError(f"the map's SVG opens a link in {value!r}")
            elif name == "style":
                if not _ROOT_STYLE.match(value):
                    raise MapError("the map's SVG holds a style other than its own sizing")
            elif name in (f"{{{XLINK_NS}}}title", "aria-label"):
                continue   # text shown to the reader, escaped
            elif name in ("id", "class"):
                if not (_ID if name == "id" else _CLASS).match(value):
                    raise MapError(f"the map's SVG holds an unexpected {name} {value!r}")
            elif not _VALUE.match(value) or "url(" in value.lower():
                raise MapError(f"the map's SVG holds an unexpected value in {local} on <{tag}>")
