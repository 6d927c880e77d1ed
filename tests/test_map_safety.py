"""The strategy map cannot be steered by the text it shows.

DOT is written by our own code: node names are synthetic, user text only
ever sits inside a double-quoted label, escaped so that Graphviz shows it
literally (quotes, backslash escapes such as \\N \\G \\L \\l \\r, `<b>` and
`<TABLE>`, `&amp;`, `a:b` ports, newlines, very long titles). Graphviz runs
with size and time limits, and the SVG it returns is checked before it is
published: anything Graphviz does not draw for our DOT (script, event
handlers, foreign objects, styles, other links) is refused with a MapError
that names the scorecard.
"""

from __future__ import annotations

import datetime
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from mkdocs_scorecards.compute.evidence import Evidence, Verdict
from mkdocs_scorecards.compute.results import LinkResult, ObjectiveResult, PerspectiveResult, ScorecardResult
from mkdocs_scorecards.compute.status import Status
from mkdocs_scorecards.compute.trend import Trend
from mkdocs_scorecards.errors import BuildFailure, InputError, MapError
from mkdocs_scorecards.model import Objective, Perspective, Place, Scorecard, Theme
from mkdocs_scorecards.periods import parse_label
from mkdocs_scorecards.render import graphviz
from mkdocs_scorecards.render import map_dot as dot_module
from mkdocs_scorecards.render import strategy_map as sm
from mkdocs_scorecards.render.graphviz import layout_svg
from mkdocs_scorecards.render.map_dot import label, map_dot, quoted
from mkdocs_scorecards.render.strategy_map import scorecard_map
from mkdocs_scorecards.render.svg_check import check_svg

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

HOSTILE_TITLES = [
    'say "hello" and \\"escaped\\"',
    "backslash escapes \\N \\G \\L \\l \\r \\n \\E \\T \\H \\\\ and a trailing \\",
    "<b>bold</b> and <TABLE><TR><TD>cell</TD></TR></TABLE>",
    "&amp; &lt;b&gt; &#60;script&#62; &nbsp;",
    "ports a:b a:b:n o1:n -> o2:s",
    'label"; URL="javascript:alert(1)"; x="',
    "] ; node [URL=\"javascript:alert(2)\"] ; o1 -> o9 [",
    "line one\nline two\r\nline three\u2028four",
    "{{ 7*7 }} {% raw %}",
    "control \x01 \x7f characters",
    "Ｒｅｖｅｎｕｅ \u202eevil\u202c \u200b",
]
LONG_TITLE = "Long " + "x" * 300 + " " + " ".join(["word"] * 200)


def result_of(titles: list[str], drives: dict[int, list[int]] | None = None, perspective_title="Financial",
              sid="hostile", theme_title="") -> ScorecardResult:
    """A scorecard result with one objective per title, all in one perspective, without computing anything.

    With a `theme_title`, every objective belongs to that one theme.
    """
    drives = drives or {}
    objectives = tuple(Objective(f"o-{i}", title, "financial", Place("scorecards/x.yml", i + 1),
                                 drives=tuple(f"o-{j}" for j in drives.get(i, [])), theme="t" if theme_title else "",
                                 owner=title)
                       for i, title in enumerate(titles))
    scorecard = Scorecard(sid, "Scorecard <b>", Place(f"scorecards/{sid}.yml"),
                          perspectives=(Perspective("financial", perspective_title),), objectives=objectives,
                          themes=(Theme("t", theme_title),) if theme_title else ())
    evaluated = tuple(ObjectiveResult(o, 7.0, Status.GREEN, Trend.STEADY, (), (), {}) for o in objectives)
    evidence = Evidence(Verdict.INSUFFICIENT_DATA, None, None, 0, ())
    links = tuple(LinkResult(o.id, effect, evidence, ()) for o in objectives for effect in o.drives)
    return ScorecardResult(scorecard, parse_label("2026-Q1"), datetime.date(2026, 3, 31), 7.0, Status.GREEN,
                           (PerspectiveResult(scorecard.perspectives[0], 7.0, Status.GREEN, evaluated, {}),), links,
                           (), {})


def link_for(objective_id: str) -> str:
    return f"{objective_id}/"


# --- DOT ----------------------------------------------------------------------------------

TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|->|[\[\]{};,=]|[A-Za-z_][A-Za-z0-9_]*|-?[0-9.]+|(.)', re.S)
DOT_WORDS = {"digraph", "strategy_map", "subgraph", "graph", "node", "edge", "rank", "same", "label", "labeljust",
             "labelloc", "l", "b", "fontname", "fontsize", "style", "fillcolor", "color", "shape", "point", "invis",
             "width", "height", "URL", "target", "tooltip", "rankdir", "BT", "newrank", "true", "nodesep", "ranksep",
             "bgcolor", "margin", "arrowsize", "penwidth", "dashed", "dotted", "constraint", "false", "weight", "box",
             "pad", "class", "fixedsize", "solid"}
OUR_CLASS = re.compile(r"sc-[a-z]+( sc-[a-z]+--[a-z-]+)?")


def unquote_dot(token: str) -> str:
    """The text of a quoted DOT string as Graphviz shows it in a label: \\\\ -> \\, \\" -> ", \\n a break."""
    out, i, body = [], 0, token[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"\\": "\\", '"': '"', "n": "\n"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out).replace("&amp;", "&")


def dot_tokens(dot: str) -> list[str]:
    tokens = []
    for match in TOKEN.finditer(dot):
        assert match.group(1) is None, f"stray character {match.group(1)!r} outside a quoted string"
        if not match.group(0).isspace():
            tokens.append(match.group(0))
    return tokens


def test_user_text_only_ever_sits_inside_quoted_labels():
    result = result_of(HOSTILE_TITLES + [LONG_TITLE], drives={0: [1, 2], 3: [4]},
                       perspective_title='Persp "x" \\N <TABLE> a:b')
    dot = map_dot(result, link_for)
    names = set()
    for token in dot_tokens(dot):
        if token.startswith('"'):
            continue
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token):
            if re.fullmatch(r"o[0-9]+|p[0-9]+|cluster_t[0-9]+", token):
                names.add(token)
            else:
                assert token in DOT_WORDS, token
    assert {f"o{i}" for i in range(1, len(HOSTILE_TITLES) + 2)} <= names
    # Every quoted string ends on the line it starts: user text never breaks a DOT line.
    for line in dot.splitlines():
        dot_tokens(line)
    # No user text in URL, image, file or font attributes, nor HTML-like labels.
    assert not re.search(r"\b(image|imagepath|shapefile|fontpath|fontnames|href|id|stylesheet)\s*=", dot)
    for css in re.findall(r'class="([^"]*)"', dot):      # classes are our own words, never user text
        assert OUR_CLASS.fullmatch(css), css
    assert "label=<" not in dot.replace(" ", "")
    for url in re.findall(r'URL="([^"]*)"', dot):
        assert re.fullmatch(r"o-[0-9]+/", url)
    for fontname in re.findall(r'fontname="([^"]*)"', dot):
        assert fontname in ("Helvetica", "Helvetica-Bold")
    assert set(re.findall(r'tooltip="([^"]*)"', dot)) == ({f"tipo{i}" for i in range(1, len(HOSTILE_TITLES) + 2)}
                                                          | {"tipe1", "tipe2", "tipe3"})


@pytest.mark.parametrize("title, golden", [
    ('say "hi"', '"say \\"hi\\""'),
    ("\\N \\G \\L \\l \\r", '"\\\\N \\\\G \\\\L \\\\l \\\\r"'),
    ("<b>x</b>", '"<b>x</b>"'),
    ("&amp; &#60;", '"&amp;amp; &amp;#60;"'),
    ("a:b:n", '"a:b:n"'),
    ("one\ntwo\r\nthree", '"one two three"'),
    ("ends with \\", '"ends with \\\\"'),
    ("ctl\x01\x7f", '"ctl\ufffd\x7f"'),
])
def test_quoted_golden(title, golden):
    assert quoted(title) == golden


def test_label_golden():
    assert label(["a \"b\"", "\\N", "[Green]"]) == '"a \\"b\\"\\n\\\\N\\n[Green]"'


def test_long_titles_are_wrapped_and_cut_in_the_box():
    lines = dot_module.wrapped(dot_module.shortened(LONG_TITLE, dot_module.LABEL_CHARS))
    assert all(len(line) <= dot_module.WORD_CHARS for line in lines)
    assert len("".join(lines)) <= dot_module.LABEL_CHARS and lines[-1].endswith("…")
    assert len(lines) <= dot_module.LABEL_CHARS // dot_module.WORD_CHARS + 2


def node_texts(svg: str) -> dict[str, tuple[list[str], str]]:
    """Each node's label lines (as drawn) and tooltip, by the link it opens (its objective's page)."""
    root = ET.fromstring(svg)
    nodes = {}
    for group in root.iter(f"{SVG}g"):
        if "node" not in (group.get("class") or "").split():
            continue
        texts = [t.text or "" for t in group.iter(f"{SVG}text")]
        anchor = group.find(f".//{SVG}a")
        nodes[anchor.get(XLINK_HREF)] = (texts, anchor.get(XLINK_TITLE))
    return nodes


def test_graphviz_draws_every_hostile_title_literally():
    titles = HOSTILE_TITLES + [LONG_TITLE]
    result = result_of(titles, drives={0: [1], 2: [3]})
    svg = scorecard_map(result, link_for)
    nodes = node_texts(svg)
    for i, title in enumerate(titles):
        texts, tooltip = nodes[link_for(f"o-{i}")]
        expected = dot_module.wrapped(dot_module.shortened(title, dot_module.LABEL_CHARS))
        assert [" ".join(t.split()) for t in texts[:-1]] == [" ".join(x.split()) for x in expected], title
        assert texts[-1] == "● Green · 7.00/10"
        # the full title, not cut, then the status and score
        assert tooltip.startswith(" ".join(dot_module.printable(title).split()) + ": Green, score 7.00 of 10.")
    assert "{" not in svg and "}" not in svg          # braces are character references
    assert "\n\n" not in svg


@pytest.mark.parametrize("hostile", HOSTILE_TITLES)
def test_band_theme_and_owner_texts_are_drawn_literally(hostile):
    """Texts that `map_frame` draws itself (band titles, theme titles via Graphviz, tooltips with the owner)."""
    result = result_of([hostile, "Two"], drives={0: [1]}, perspective_title=hostile, theme_title=hostile)
    svg = scorecard_map(result, link_for)
    root = ET.fromstring(svg)
    flat = " ".join(dot_module.printable(hostile).split())
    band = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "sc-band__title")
    assert band == " ".join(dot_module.wrapped(flat, 15)[:4])
    theme = next(g for g in root.iter(f"{SVG}g") if "sc-theme" in (g.get("class") or "").split())
    drawn = " ".join(t.text or "" for t in theme.iter(f"{SVG}text"))
    expected = dot_module.wrapped(dot_module.shortened(hostile, dot_module.CLUSTER_LABEL_CHARS), dot_module.THEME_CHARS)
    assert " ".join(drawn.split()) == " ".join(" ".join(expected).split())
    tips = [a.get(XLINK_TITLE) for a in root.iter(f"{SVG}a")]
    assert any(f"Owner: {flat}." in tip for tip in tips)
    assert "{" not in svg and "}" not in svg
    check_svg(svg, {"o-0/", "o-1/"})


# --- the SVG check ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def good():
    result = result_of(["One", "Two <b>", "Three"], drives={0: [1]})
    return scorecard_map(result, link_for), {"o-0/", "o-1/", "o-2/"}


def test_a_real_map_passes_the_check(good):
    svg, links = good
    check_svg(svg, links)
    check_svg(sm.standalone_svg(svg), links)


# Inside a node of Graphviz's layout (its own <title>s are removed from the finished map).
NODE = 'class="node sc-node sc-node--green">'
INJECTIONS = {
    "script element": (NODE, NODE + "<script>alert(1)</script>"),
    "onload on svg": ("<svg ", '<svg onload="alert(1)" '),
    "onclick on g": ('class="node sc-node sc-node--green"', 'class="node sc-node sc-node--green" onclick="alert(1)"'),
    "javascript href": ('xlink:href="o-0/"', 'xlink:href="javascript:alert(1)"'),
    "other site": ('xlink:href="o-0/"', 'xlink:href="https://example.com/"'),
    "other page": ('xlink:href="o-0/"', 'xlink:href="../../index.html"'),
    "svg2 href": ('xlink:href="o-0/"', 'href="o-0/" xlink:href="o-0/"'),
    "new window": ('target="_top"', 'target="_blank"'),
    "foreignObject": (NODE, NODE + "<foreignObject><p>x</p></foreignObject>"),
    "style element": (NODE, NODE + "<style>svg{display:none}</style>"),
    "image": (NODE, NODE + '<image xlink:href="https://example.com/x.png"/>'),
    "use": (NODE, NODE + '<use xlink:href="#node1"/>'),
    "animate": (NODE, NODE + '<animate attributeName="href" to="javascript:alert(1)"/>'),
    "set": (NODE, NODE + '<set attributeName="onmouseover" to="alert(1)"/>'),
    "style attribute": ('class="node sc-node sc-node--green"', 'class="node sc-node sc-node--green" style="display:none"'),
    "fill url": ('fill="#d7f0dd"', 'fill="url(https://example.com/#x)"'),
    "entity declaration": ("</desc>", '</desc><!DOCTYPE svg [<!ENTITY x "y">]>'),
    "processing instruction": ("</desc>", "</desc><?xml-stylesheet href='x.css'?>"),
    "cdata": ("</desc>", "<![CDATA[x]]></desc>"),
    "other namespace": (NODE, NODE + '<h:script xmlns:h="http://www.w3.org/1999/xhtml">'
                                  'alert(1)</h:script>'),
    "nested svg": (NODE, NODE + "<svg></svg>"),
    "xml:base": ('class="node sc-node sc-node--green"', 'class="node sc-node sc-node--green" xml:base="https://example.com/"'),
    "broken xml": ("</desc>", "<desc>"),
    # what map_frame adds may hold no more than it draws
    "onclick on a band": ('class="sc-band sc-band--0"', 'class="sc-band sc-band--0" onclick="alert(1)"'),
    "href on a band": ('class="sc-band sc-band--0"', 'class="sc-band sc-band--0" xlink:href="javascript:x"'),
    "class with a quote trick": ('class="sc-band sc-band--0"', 'class="sc-band&quot; onclick=&quot;x"'),
    "root style beyond sizing": ('style="max-width:100%;height:auto;', 'style="background:url(x);max-width:100%;height:auto;'),
    "root min-width with more": ('px"', 'px;position:fixed"'),
    "script in the legend": ('<g class="sc-legend">', '<g class="sc-legend"><script>alert(1)</script>'),
    "a link in the desc": ("<desc>", '<desc><a xlink:href="https://example.com/">x</a>'),
}


@pytest.mark.parametrize("name", sorted(INJECTIONS))
def test_the_check_refuses_injected_content(good, name):
    svg, links = good
    old, new = INJECTIONS[name]
    assert old in svg, name
    with pytest.raises(MapError):
        check_svg(svg.replace(old, new, 1), links)


def test_a_refused_svg_is_a_build_failure_naming_the_scorecard(monkeypatch):
    result = result_of(["One"], sid="finance")
    def planted(*args):
        return layout_svg(*args).replace("<title>o1</title>", "<title>o1</title><script>alert(1)</script>")
    with pytest.raises(MapError) as caught:
        scorecard_map(result, link_for, layout=planted)
    assert isinstance(caught.value, BuildFailure) and not isinstance(caught.value, InputError)
    assert caught.value.message.startswith("scorecards/finance.yml: the strategy map of scorecard 'finance'")
    assert "<script>" in caught.value.message


# --- limits -----------------------------------------------------------------------------------

def test_too_many_objectives_is_an_input_error_at_the_scorecard():
    result = result_of([f"Objective {i}" for i in range(dot_module.MAX_OBJECTIVES + 1)], sid="huge")
    with pytest.raises(InputError) as caught:
        scorecard_map(result, link_for)
    text = str(caught.value)
    assert text.startswith("scorecards/huge.yml: the strategy map of scorecard 'huge'")
    assert f"{dot_module.MAX_OBJECTIVES + 1} objectives" in text and "split the scorecard" in text


def test_too_many_arrows_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(dot_module, "MAX_ARROWS", 3)
    result = result_of(["a", "b", "c", "d"], drives={0: [1, 2, 3], 1: [2]}, sid="arrows")
    with pytest.raises(InputError, match=r"scorecard 'arrows'.*4 drives arrows"):
        scorecard_map(result, link_for)


HEAVY = "digraph {" + " ".join(f"n{i} -> n{(i * 7 + 3) % 400}; n{i} -> n{(i * 13 + 5) % 400};"
                               for i in range(400)) + "}"


def test_a_runaway_layout_is_stopped_and_the_next_one_works():
    with pytest.raises(MapError, match=r"took longer than 0.2 s"):
        layout_svg(HEAVY, timeout=0.2)
    assert "<svg" in layout_svg("digraph { a -> b }")


def test_a_runaway_layout_names_the_scorecard(monkeypatch):
    monkeypatch.setattr(sm, "map_dot", lambda result, link_for: HEAVY)
    with pytest.raises(MapError, match=r"scorecard 'slow' could not be drawn: Graphviz took longer than 0.2 s"):
        scorecard_map(result_of(["One"], sid="slow"), link_for, timeout=0.2)


def test_oversized_dot_is_refused(monkeypatch):
    monkeypatch.setattr(graphviz, "MAX_DOT_BYTES", 100)
    with pytest.raises(MapError, match="larger than 100 bytes"):
        layout_svg("digraph { " + "a -> b; " * 50 + "}")


def test_graphviz_syntax_errors_are_map_errors():
    with pytest.raises(MapError, match="could not lay out"):
        layout_svg("digraph { a -> ")


@pytest.mark.skipif(shutil.which("dot") is None, reason="no native Graphviz installed")
def test_native_graphviz_gives_a_map_that_passes_the_check():
    result = result_of(HOSTILE_TITLES)
    svg = scorecard_map(result, link_for, engine="native")
    assert len(node_texts(svg)) == len(HOSTILE_TITLES)


def test_missing_native_graphviz_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(MapError, match="could not be run"):
        layout_svg("digraph { a }", engine="native")
