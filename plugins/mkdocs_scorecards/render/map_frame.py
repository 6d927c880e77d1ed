"""What is drawn around Graphviz's layout: full-width bands or columns, their titles, the legend.

Graphviz cannot make clusters of equal width, so a map is laid out without
perspective clusters (one rank per perspective), and this module reads
where Graphviz put each node (`read_layout`) and draws, in one new SVG
document: the title and description, a band per row (or a column per
level) across the whole map with its title, the layout itself moved to
make room, and a legend that explains every status and every arrow style.

Graphviz's SVG has passed `svg_check.check_svg` before it is read here, and
the document written here is checked again (with the few elements and
attributes this module adds). User text only ever becomes XML text or an
attribute value through `xml_text`, escaped, with template braces written
as character references; tooltips replace the tokens Graphviz was given.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..compute.evidence import Verdict
from ..compute.status import Status
from .map_dot import (
    DASH_ARRAYS,
    FONT,
    FONT_SIZE,
    STATUS_ICON,
    STATUS_LOOK,
    SUPPORT_LOOK,
    VERDICT_LOOK,
    printable,
    wrapped,
)
from .svg_check import SVG_NS, XLINK_NS, XML_NS
from .text import STATUS_SHORT, STATUS_WORDS, VERDICT_WORDS, score_text

PAD = 8                 # around the whole map
BAND_PAD = 9            # between a band's edge and its tallest box
TITLE_COLUMN = 118      # the bands' titles, left of the layout
HEADER_ROW = 34         # the columns' titles, above the layout
LINE = 14               # line height of titles and legend text
LEGEND_SIZE = 10.5
MAX_LEGEND_WIDTH = 600  # a map at least this wide shows each legend row on one line
MIN_SCALE = 0.72        # a map is never drawn smaller than this (in CSS px per pt), so its text stays readable
PT_TO_PX = 4 / 3
_XLINK_TITLE = f"{{{XLINK_NS}}}title"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_TRANSLATE = re.compile(r"translate\(\s*(-?[\d.]+)[ ,]+(-?[\d.]+)\s*\)")
_SCALE = re.compile(r"scale\(\s*(-?[\d.]+)(?:[ ,]+(-?[\d.]+))?\s*\)")


# --- reading the layout -------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Layout:
    """Graphviz's drawing, parsed: its content group and where each node and cluster lies.

    Coordinates are those of Graphviz's viewBox (0..width, 0..height).
    """

    graph: ET.Element
    width: float
    height: float
    nodes: dict[str, Box] = field(default_factory=dict)
    clusters: dict[str, Box] = field(default_factory=dict)


def _box(element: ET.Element, scale: tuple[float, float], shift: tuple[float, float]) -> Box | None:
    """The bounding box of an element's first shape, in viewBox coordinates."""
    for shape in element.iter():
        tag = shape.tag.rpartition("}")[2]
        if tag in ("polygon", "polyline"):
            numbers = [float(n) for n in _NUMBER.findall(shape.get("points", ""))]
        elif tag == "path":
            numbers = [float(n) for n in _NUMBER.findall(shape.get("d", ""))]
        elif tag == "ellipse":
            cx, cy, rx, ry = (float(shape.get(k, "0")) for k in ("cx", "cy", "rx", "ry"))
            numbers = [cx - rx, cy - ry, cx + rx, cy + ry]
        else:
            continue
        xs, ys = numbers[0::2], numbers[1::2]
        if not xs or not ys:
            continue
        return Box(min(xs) * scale[0] + shift[0], min(ys) * scale[1] + shift[1],
                   max(xs) * scale[0] + shift[0], max(ys) * scale[1] + shift[1])
    return None


def read_layout(svg: str) -> Layout:
    """The content group and geometry of a Graphviz SVG (already checked)."""
    root = ET.fromstring(re.sub(r"^.*?(?=<svg\b)", "", svg, count=1, flags=re.S))
    _, _, width, height = (float(n) for n in root.get("viewBox", "0 0 0 0").split())
    graph = next(g for g in root if g.tag == f"{{{SVG_NS}}}g")
    transform = graph.get("transform", "")
    scale_match, shift_match = _SCALE.search(transform), _TRANSLATE.search(transform)
    sx = float(scale_match[1]) if scale_match else 1.0
    sy = float(scale_match[2] or scale_match[1]) if scale_match else 1.0
    tx, ty = (float(shift_match[1]), float(shift_match[2])) if shift_match else (0.0, 0.0)
    layout = Layout(graph, width, height)
    for group in graph.findall(f"{{{SVG_NS}}}g"):
        name = group.find(f"{{{SVG_NS}}}title")
        box = _box(group, (sx, sy), (tx * sx, ty * sy))
        if name is None or box is None:
            continue
        kinds = (group.get("class") or "").split()
        if "node" in kinds:
            layout.nodes[name.text or ""] = box
        elif "cluster" in kinds:
            layout.clusters[name.text or ""] = box
    return layout


def tidy_layout(layout: Layout, tooltips: dict[str, str], drop: Iterable[str]) -> None:
    """Graphviz's drawing made ready to show: no background, no helper nodes, tooltips in place.

    `drop` names helper nodes (the rows' anchors); their groups and the
    invisible edges between them are removed. Each tooltip token Graphviz
    wrote as a link title is replaced by its text: the tooltip browsers show
    and the link's accessible name. Graphviz's own <title> of each node, edge
    and cluster (its synthetic name, `o3`, `o3->o1`, `cluster_t0`) is removed,
    so that no reader is shown it as hover text or hears it read out.
    """
    graph, dropped = layout.graph, set(drop)
    for child in list(graph):
        tag = child.tag.rpartition("}")[2]
        name = child.find(f"{{{SVG_NS}}}title")
        if tag in ("title", "polygon"):
            graph.remove(child)
        elif tag == "g" and name is not None and (name.text in dropped or name.text.partition("->")[0] in dropped):
            graph.remove(child)
    for group in graph.iter(f"{{{SVG_NS}}}g"):
        for name in group.findall(f"{{{SVG_NS}}}title"):
            group.remove(name)
    for link in graph.iter(f"{{{SVG_NS}}}a"):
        text = tooltips.get(link.get(_XLINK_TITLE, ""))
        if text is not None:
            link.set(_XLINK_TITLE, " ".join(printable(text).split()))     # one line, as a tooltip shows it


# --- drawing ---------------------------------------------------------------------------------

def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def element(tag: str, text: str | None = None, **attributes) -> ET.Element:
    """An SVG element; attribute names with `_` are written with `-` (`font_size` -> font-size)."""
    node = ET.Element(f"{{{SVG_NS}}}{tag}",
                      {k.rstrip("_").replace("_", "-"): _number(v) if isinstance(v, float | int) else str(v)
                       for k, v in attributes.items() if v is not None})
    node.text = text
    return node


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of a line's width in a sans-serif font, for laying out titles and the legend."""
    narrow, wide = set("iljtfI.,:;'|!()[] "), set("mwMW@%")
    units = sum(0.3 if ch in narrow else 0.85 if ch in wide else 0.68 if ch.isupper() else 0.56 for ch in text)
    return units * size * (1.07 if bold else 1.0)


def text_lines(x: float, y: float, lines: list[str], size: float, css: str, anchor: str = "start",
               bold: bool = False, fill: str = "#263238") -> list[ET.Element]:
    return [element("text", line, x=x, y=y + i * LINE, class_=css, text_anchor=anchor, font_family=FONT,
                    font_size=size, font_weight="bold" if bold else None, fill=fill)
            for i, line in enumerate(lines)]


# --- the legend --------------------------------------------------------------------------------

@dataclass(frozen=True)
class LegendItem:
    kind: str     # status | arrow | theme | note
    key: str      # the status or verdict drawn
    text: str


def status_items(statuses: Iterable[Status] = (Status.GREEN, Status.AMBER, Status.RED, Status.NO_DATA)
                 ) -> list[LegendItem]:
    def words(status: Status) -> str:
        short, meaning = STATUS_SHORT[status], STATUS_WORDS[status]
        return short if short.lower() == meaning.lower() else f"{short}: {meaning.lower()}"
    return [LegendItem("status", s, words(s)) for s in statuses]


def arrow_items() -> list[LegendItem]:
    return [LegendItem("arrow", v, VERDICT_WORDS[v]) for v in Verdict]


def _sample(item: LegendItem, x: float, y: float) -> tuple[list[ET.Element], float]:
    """The drawn sample of a legend item at (x, baseline y), and its width."""
    if item.kind == "status":
        look = STATUS_LOOK[Status(item.key)]
        dash = DASH_ARRAYS[look.dash] or None
        group = element("g", class_=f"sc-node sc-node--{item.key}")
        group.append(element("rect", x=x, y=y - 10.5, width=20, height=14, rx=3, fill=look.fill, stroke=look.stroke,
                             stroke_width=look.width, stroke_dasharray=dash))
        group.append(element("text", STATUS_ICON[Status(item.key)], x=x + 10, y=y, text_anchor="middle",
                             font_family=FONT, font_size=LEGEND_SIZE, fill="#263238"))
        return [group], 26
    if item.kind in ("arrow", "support"):
        look = VERDICT_LOOK[Verdict(item.key)] if item.kind == "arrow" else SUPPORT_LOOK
        group = element("g", class_=f"sc-arrow sc-arrow--{item.key}" if item.kind == "arrow" else "sc-support")
        group.append(element("path", d=f"M{_number(x)},{_number(y - 4)}L{_number(x + 24)},{_number(y - 4)}",
                             fill="none", stroke=look.stroke, stroke_width=look.width,
                             stroke_dasharray=DASH_ARRAYS[look.dash] or None))
        tip = f"{_number(x + 24)},{_number(y - 7.5)} {_number(x + 32)},{_number(y - 4)} {_number(x + 24)},{_number(y - 0.5)}"
        group.append(element("polygon", points=tip, fill=look.stroke, stroke=look.stroke))
        return [group], 38
    if item.kind == "theme":
        return [element("rect", x=x, y=y - 10, width=18, height=13, rx=3, class_="sc-legend__theme", fill="none",
                        stroke="#90a4ae", stroke_dasharray="5,2")], 24
    return [], 0


@dataclass(frozen=True)
class LegendRow:
    heading: str
    items: tuple[LegendItem, ...]


def legend_width(rows: list[LegendRow]) -> float:
    """The width the legend needs to show each row of items on one line (notes wrap to any width)."""
    widths = [text_width(row.heading, LEGEND_SIZE, bold=True) + 10
              + sum(_sample(item, 0, 0)[1] + text_width(item.text, LEGEND_SIZE) + 14 for item in row.items)
              for row in rows if row.heading]
    return min(max(widths, default=0.0), MAX_LEGEND_WIDTH) + 2 * PAD


def draw_legend(rows: list[LegendRow], left: float, top: float, width: float) -> tuple[ET.Element, float]:
    """The legend as a group starting at `top`, items wrapped to `width`; returns it and its height."""
    group = element("g", class_="sc-legend")
    y = top + LINE
    for row in rows:
        if not row.heading:      # a note across the legend's width
            lines = wrapped(" ".join(item.text for item in row.items), max(20, int(width / (LEGEND_SIZE * 0.56))))
            group.extend(text_lines(left, y, lines, LEGEND_SIZE, "sc-legend__text"))
            y += len(lines) * LINE + 6
            continue
        x = left
        heading_width = text_width(row.heading, LEGEND_SIZE, bold=True) + 10
        group.extend(text_lines(x, y, [row.heading], LEGEND_SIZE, "sc-legend__heading", bold=True))
        x += heading_width
        for item in row.items:
            shapes, sample = _sample(item, 0, 0)
            needed = sample + text_width(item.text, LEGEND_SIZE) + 14
            if x + needed > left + width and x > left + heading_width:
                x, y = left + heading_width, y + LINE + 4
            shapes, sample = _sample(item, x, y)
            group.extend(shapes)
            group.extend(text_lines(x + sample, y, [item.text], LEGEND_SIZE, "sc-legend__text"))
            x += needed
        y += LINE + 6
    return group, y - top


# --- the document -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    """One row of the map: its title lines, a status line, and the nodes in it (the anchor first)."""

    title: str
    status: Status
    score: float | None
    nodes: tuple[str, ...]


def _root(title: str, description: str, width: float, height: float) -> ET.Element:
    root = element("svg", class_="sc-map-svg", role="img", aria_label=" ".join(printable(title).split()),
                   width=f"{_number(width)}pt", height=f"{_number(height)}pt",
                   viewBox=f"0 0 {_number(width)} {_number(height)}",
                   style=f"max-width:100%;height:auto;min-width:{round(width * PT_TO_PX * MIN_SCALE)}px")
    root.append(element("title", title))
    root.append(element("desc", description))
    return root


def _moved(graph: ET.Element, dx: float, dy: float) -> ET.Element:
    holder = element("g", class_="sc-layout", transform=f"translate({_number(dx)} {_number(dy)})")
    holder.append(graph)
    return holder


def banded_map(layout: Layout, bands: list[Band], legend: list[LegendRow], title: str, description: str,
               header: str = "") -> str:
    """The map with a full-width band per row, each titled at the left, and the legend below.

    `header` titles the row above the bands where the themes' columns are
    labelled (empty when the map has no themes).
    """
    extents = []
    for band in bands:
        boxes = [layout.nodes[n] for n in band.nodes if n in layout.nodes]
        extents.append((min(b.top for b in boxes), max(b.bottom for b in boxes)) if boxes else (0.0, 0.0))
    edges = [extents[0][0] - BAND_PAD] if extents else [0.0]
    edges += [(extents[i][1] + extents[i + 1][0]) / 2 for i in range(len(extents) - 1)]
    edges.append(extents[-1][1] + BAND_PAD if extents else layout.height)
    for i, band in enumerate(bands):     # a band is at least as tall as its title
        needed = (len(_band_title(band)) + 1) * LINE + 2 * BAND_PAD - 6
        if edges[i + 1] - edges[i] < needed:
            grow = needed - (edges[i + 1] - edges[i])
            edges[i] -= grow / 2
            edges[i + 1] += grow / 2
    header_height = max(0.0, edges[0]) if header else 0.0
    dy = PAD + header_height - edges[0]          # the first band starts below the header row
    natural = PAD + TITLE_COLUMN + layout.width + PAD
    width = max(natural, legend_width(legend))
    dx = PAD + TITLE_COLUMN + (width - natural) / 2     # a narrow layout sits in the middle of its bands
    bands_bottom = max(edges[-1] + dy, layout.height + dy)
    legend_group, legend_height = draw_legend(legend, PAD, bands_bottom + 4, width - 2 * PAD)
    height = bands_bottom + 4 + legend_height + PAD
    root = _root(title, description, width, height)
    drawn = element("g", class_="sc-bands")
    if header:
        drawn.extend(text_lines(PAD, PAD + 14, [header], FONT_SIZE, "sc-band__header", bold=True))
    for i, band in enumerate(bands):
        top, bottom = edges[i] + dy, (edges[i + 1] if i + 1 < len(bands) else bands_bottom - dy) + dy
        drawn.append(element("rect", x=0, y=top, width=width, height=bottom - top, class_=f"sc-band sc-band--{i % 2}",
                             fill="#f3f5f6" if i % 2 == 0 else "#e8edf0"))
        drawn.append(element("rect", x=0, y=top, width=TITLE_COLUMN, height=bottom - top, class_="sc-band__head",
                             fill="#dfe5e8"))
        lines = _band_title(band)
        first = (top + bottom) / 2 - (len(lines) + 1) * LINE / 2 + 11
        drawn.extend(text_lines(PAD, first, lines, FONT_SIZE + 1, "sc-band__title", bold=True))
        drawn.extend(text_lines(PAD, first + len(lines) * LINE, [_band_status(band)], FONT_SIZE,
                                f"sc-band__status sc-band__status--{band.status}"))
    root.append(drawn)
    root.append(_moved(layout.graph, dx, dy))
    root.append(legend_group)
    return document_text(root)


def _band_title(band: Band) -> list[str]:
    return wrapped(" ".join(printable(band.title).split()), 15)[:4]


def _band_status(band: Band) -> str:
    text = f"{STATUS_ICON[band.status]} {STATUS_SHORT[band.status]}"
    return text if band.score is None else f"{text} · {score_text(band.score)}"


@dataclass(frozen=True)
class Column:
    """One column of the cascade: its title and the nodes in it."""

    title: str
    nodes: tuple[str, ...]


def columned_map(layout: Layout, columns: list[Column], legend: list[LegendRow], title: str,
                 description: str) -> str:
    """The map with a full-height column per level, titled at the top, and the legend below."""
    extents = []
    for column in columns:
        boxes = [layout.nodes[n] for n in column.nodes if n in layout.nodes]
        extents.append((min(b.left for b in boxes), max(b.right for b in boxes)) if boxes else None)
    present = [(c, e) for c, e in zip(columns, extents) if e is not None]
    edges = [0.0] + [(present[i][1][1] + present[i + 1][1][0]) / 2 for i in range(len(present) - 1)] + [layout.width]
    width = max(layout.width + 2 * PAD, legend_width(legend))
    dx = (width - layout.width) / 2
    titles = [wrapped(" ".join(printable(c.title).split()), max(12, int((edges[i + 1] - edges[i]) / 6.5)))[:3]
              for i, (c, _) in enumerate(present)]
    header = max([len(t) for t in titles] + [1]) * LINE + 10
    dy = PAD + header
    graph_bottom = dy + layout.height
    legend_group, legend_height = draw_legend(legend, PAD, graph_bottom + 4, width - 2 * PAD)
    height = graph_bottom + 4 + legend_height + PAD
    root = _root(title, description, width, height)
    drawn = element("g", class_="sc-bands")
    for i, lines in enumerate(titles):
        left, right = edges[i] + dx, edges[i + 1] + dx
        if i == 0:
            left = 0
        if i == len(titles) - 1:
            right = width
        drawn.append(element("rect", x=left, y=0, width=right - left, height=graph_bottom + 2,
                             class_=f"sc-band sc-band--{i % 2}", fill="#f3f5f6" if i % 2 == 0 else "#e8edf0"))
        drawn.append(element("rect", x=left, y=0, width=right - left, height=dy - 4, class_="sc-band__head",
                             fill="#dfe5e8"))
        drawn.extend(text_lines((left + right) / 2, PAD + 10, lines, FONT_SIZE + 1, "sc-band__title",
                                anchor="middle", bold=True))
    root.append(drawn)
    root.append(_moved(layout.graph, dx, dy))
    root.append(legend_group)
    return document_text(root)


# --- writing the document ---------------------------------------------------------------------------

def xml_text(text: str) -> str:
    """Text for XML content or a double-quoted attribute: escaped, no template braces, no stray controls."""
    return html.escape(printable(text), quote=True).replace("{", "&#123;").replace("}", "&#125;")


_KEEP_TEXT = {"text", "title", "desc"}
_QUALIFIED = {f"{{{XLINK_NS}}}": "xlink:", f"{{{XML_NS}}}": "xml:"}


def _name(name: str) -> str:
    for namespace, prefix in _QUALIFIED.items():
        if name.startswith(namespace):
            return prefix + name[len(namespace):]
    return name.rpartition("}")[2]


def _write(node: ET.Element, out: list[str], root: bool = False) -> None:
    tag = node.tag.rpartition("}")[2]
    attributes = ' xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"' if root else ""
    attributes += "".join(f' {_name(k)}="{xml_text(v)}"' for k, v in node.attrib.items())
    text = node.text if tag in _KEEP_TEXT else None
    children = list(node)
    if not children and not text:
        out.append(f"<{tag}{attributes}/>")
        return
    out.append(f"<{tag}{attributes}>" + (xml_text(text) if text else ""))
    for child in children:
        out.append("\n")
        _write(child, out)
    out.append(("\n" if children else "") + f"</{tag}>")


def document_text(root: ET.Element) -> str:
    """The <svg> element as text: one element a line, attributes in the order they were set."""
    out: list[str] = []
    _write(root, out, root=True)
    return "".join(out)
