"""The strategy and cascade maps as a reader gets them: bands, legend, boxes, tooltips, links, text alternative.

The example's maps are compared with golden DOT text (tests/golden/maps/;
run with UPDATE_GOLDEN=1 to rewrite them after an intended change, and
read the diff). The SVGs of the built example site are parsed and read
like a reader would: what each box says, where the bands lie, what the
legend explains, where every link leads.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO
from mkdocs_scorecards.compute.evidence import Verdict
from mkdocs_scorecards.options import Options
from mkdocs_scorecards.render.cascade_map import cascade_dot
from mkdocs_scorecards.render.cascade_views import CascadeViews
from mkdocs_scorecards.render.map_dot import map_dot
from mkdocs_scorecards.render.pages import SiteRenderer
from mkdocs_scorecards.render.strategy_map import scorecard_map
from mkdocs_scorecards.render.text import STATUS_SHORT, VERDICT_WORDS
from mkdocs_scorecards.render.urls import Urls
from mkdocs_scorecards.site import evaluate_site

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
GOLDEN = Path(__file__).parent / "golden" / "maps"
SCORECARDS = ("customer-success", "engineering", "enterprise", "onboarding-team")


@pytest.fixture(scope="module")
def project():
    return evaluate_site(REPO, Options())


@pytest.fixture(scope="module")
def renderer(project):
    return SiteRenderer(project, Urls(Options.output), Options.graphviz)


def compare_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDEN=1 and read the file"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("sid", SCORECARDS)
def test_example_map_dot_is_golden(project, renderer, sid):
    result = project.scorecard(sid)
    compare_golden(f"{sid}.dot", map_dot(result, renderer.map_links(sid, renderer.urls.overview(sid))))


def test_example_cascade_dot_is_golden(project, renderer):
    compare_golden("cascade.dot", cascade_dot(project, renderer.cascade.index, renderer.cascade.link_for))


def test_the_golden_dot_keeps_perspectives_in_their_configured_order(project):
    """FORMAT section 2: perspectives top of the map first; rows are tied bottom-up by invisible edges."""
    dot = (GOLDEN / "enterprise.dot").read_text(encoding="utf-8")
    assert "rankdir=BT" in dot
    assert re.findall(r"(p\d) -> (p\d) \[style=invis", dot) == [("p3", "p2"), ("p2", "p1"), ("p1", "p0")]
    titles = [p.perspective.title for p in project.scorecard("enterprise").perspectives]
    assert titles == ["Financial", "Customer", "Internal process", "Learning and growth"]


# --- the built maps, read like a reader would ----------------------------------------------------------

def parsed(site: Path, path: str) -> ET.Element:
    return ET.fromstring((site / path).read_text(encoding="utf-8"))


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def nodes(root: ET.Element) -> dict[str, ET.Element]:
    """Each objective box's group, by the page its link leads to."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        if "node" in (group.get("class") or "").split():
            link = group.find(f".//{SVG}a")
            if link is not None:
                found[link.get(f"{XLINK}href")] = group
    return found


@pytest.mark.parametrize("path", [f"scorecards/{sid}/map.svg" for sid in SCORECARDS] + ["scorecards/cascade/map.svg"])
def test_every_map_parses_and_is_described(example_site, path):
    root = parsed(example_site, path)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and "objectives" in desc.text
    assert root.get("aria-label") == title.text


GRAPHVIZ_NAME = re.compile(r"(cluster_[a-z]\d+|[ocpl]\d+)(->[ocpl]\d+)?\Z")


@pytest.mark.parametrize("path", [f"scorecards/{sid}/map.svg" for sid in SCORECARDS] + ["scorecards/cascade/map.svg"])
def test_no_graphviz_name_is_shown_to_a_reader(example_site, path):
    """Graphviz titles every node, edge and cluster with its name in the DOT (o3, o3->o1, cluster_t0); a
    browser shows a <title> as hover text, so the map keeps only its own title, and each box and arrow
    is named by its link's tooltip."""
    root = parsed(example_site, path)
    assert [t.text for t in root.iter(f"{SVG}title")] == [root.find(f"{SVG}title").text]
    assert not [t for t in root.iter(f"{SVG}title") if GRAPHVIZ_NAME.match(t.text or "")]
    for link in root.iter(f"{SVG}a"):
        tooltip = link.get(f"{XLINK}title") or ""
        assert tooltip and not tooltip.startswith("tip") and not GRAPHVIZ_NAME.match(tooltip), tooltip


@pytest.mark.parametrize("page", ["scorecards/enterprise/index.html", "scorecards/enterprise/report/index.html",
                                  "scorecards/cascade/index.html"])
def test_no_graphviz_name_is_shown_on_the_pages_with_maps(example_site, page):
    html = (example_site / page).read_text(encoding="utf-8")
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink'):]
    svg = svg[:svg.index("</svg>") + len("</svg>")]
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert len(titles) == 1 and titles[0].startswith(("Strategy map of ", "Cascade of objectives")), titles


def test_a_box_shows_title_status_word_shape_and_score(example_site, project):
    root = parsed(example_site, "scorecards/enterprise/map.svg")
    box = nodes(root)["fast-time-to-value/"]
    objective = project.scorecard("enterprise").objective("fast-time-to-value")
    assert objective.status.value == "amber"
    assert texts(box) == ["Get customers to value", "quickly", f"◆ Amber · {objective.score:.2f}/10"]
    assert "sc-node--amber" in box.get("class")
    red = nodes(root)["rely-on-product/"]
    assert texts(red)[-1].startswith("■ Red · ")
    # the second cue besides colour and icon: a red box has a heavier border
    assert float(red.find(f".//{SVG}path").get("stroke-width")) > float(box.find(f".//{SVG}path").get("stroke-width"))


def test_tooltips_name_owner_and_kpis(example_site, project):
    root = parsed(example_site, "scorecards/enterprise/map.svg")
    objective = project.scorecard("enterprise").objective("fast-time-to-value")
    link = nodes(root)["fast-time-to-value/"].find(f".//{SVG}a")
    tip = link.get(f"{XLINK}title")
    assert tip.startswith(f"Get customers to value quickly: Amber, score {objective.score:.2f} of 10.")
    assert f"Owner: {objective.objective.owner}." in tip
    for kpi in objective.kpis:
        assert kpi.kpi.title in tip


def band_rects(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if "sc-band" in (r.get("class") or "").split()]


@pytest.mark.parametrize("sid", SCORECARDS)
def test_perspectives_are_full_width_bands_in_their_order(example_site, project, sid):
    root = parsed(example_site, f"scorecards/{sid}/map.svg")
    width = float(root.get("viewBox").split()[2])
    bands = band_rects(root)
    result = project.scorecard(sid)
    assert len(bands) == len(result.perspectives)
    assert all(float(b.get("x")) == 0 and float(b.get("width")) == width for b in bands)
    tops = [float(b.get("y")) for b in bands]
    assert tops == sorted(tops)                         # top of the map first
    for upper, lower in zip(bands, bands[1:]):          # bands touch, without gaps or overlaps
        assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(float(lower.get("y")), abs=0.02)
    titles = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "sc-band__title"]
    assert " ".join(titles) == " ".join(p.perspective.title for p in result.perspectives)
    # each box lies inside the band of its perspective
    graph = root.find(f"{SVG}g[@class='sc-layout']")
    dx, dy = (float(n) for n in re.findall(r"-?[\d.]+", graph.get("transform")))
    inner = graph.find(f"{SVG}g").get("transform")
    shift = float(re.search(r"translate\(0 ([\d.]+)\)", inner)[1])
    boxes = nodes(root)
    for band, perspective in zip(bands, result.perspectives):
        top, bottom = float(band.get("y")), float(band.get("y")) + float(band.get("height"))
        for objective in perspective.objectives:
            path = boxes[f"{objective.objective.id}/"].find(f".//{SVG}path").get("d")
            ys = [float(y) + shift + dy for y in re.findall(r"-?[\d.]+,(-?[\d.]+)", path)]
            assert top <= min(ys) and max(ys) <= bottom, (sid, objective.objective.id)


def test_themes_are_drawn_as_titled_columns(example_site, project):
    root = parsed(example_site, "scorecards/enterprise/map.svg")
    themes = [g for g in root.iter(f"{SVG}g") if "sc-theme" in (g.get("class") or "").split()]
    titled = {" ".join(texts(g)) for g in themes}
    assert titled == {t.title for t in project.scorecard("enterprise").scorecard.themes}
    assert "Strategic themes" in texts(root)


@pytest.mark.parametrize("sid", SCORECARDS)
def test_the_legend_names_every_status_and_every_verdict(example_site, sid):
    root = parsed(example_site, f"scorecards/{sid}/map.svg")
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "sc-legend")
    words = " ".join(texts(legend))
    for verdict in Verdict:
        assert VERDICT_WORDS[verdict] in words
        assert legend.find(f".//{SVG}g[@class='sc-arrow sc-arrow--{verdict}']") is not None
    for status in ("Green", "Amber", "Red", "No data"):
        assert status in words


def test_legend_arrow_styles_match_the_map_arrows(example_site):
    """What the legend draws for a verdict is what the map draws for an arrow with that verdict."""
    root = parsed(example_site, "scorecards/enterprise/map.svg")
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "sc-legend")
    for group in root.find(f"{SVG}g[@class='sc-layout']").iter(f"{SVG}g"):
        css = (group.get("class") or "").split()
        if "edge" not in css:
            continue
        verdict = next(c for c in css if c.startswith("sc-arrow--"))
        sample = legend.find(f".//{SVG}g[@class='sc-arrow {verdict}']/{SVG}path")
        drawn = group.find(f".//{SVG}path")
        assert drawn.get("stroke") == sample.get("stroke"), verdict
        assert drawn.get("stroke-dasharray") == sample.get("stroke-dasharray"), verdict


def test_arrows_link_to_their_test_and_say_their_verdict(example_site, project):
    root = parsed(example_site, "scorecards/enterprise/map.svg")
    result = project.scorecard("enterprise")
    for link in result.links:
        anchor = root.find(f".//{SVG}a[@{XLINK}href='hypotheses/#arrow-{link.cause}--{link.effect}']")
        assert anchor is not None, (link.cause, link.effect)
        assert VERDICT_WORDS[link.evidence.verdict] in anchor.get(f"{XLINK}title")


@pytest.mark.parametrize("sid", SCORECARDS)
def test_map_links_resolve_from_the_overview_and_from_map_svg(example_site, sid):
    """Relative links: the same targets from the inline map (on the overview) and from map.svg beside it."""
    for link in parsed(example_site, f"scorecards/{sid}/map.svg").iter(f"{SVG}a"):
        href = link.get(f"{XLINK}href")
        assert not href.startswith(("/", "http")), href
        page = posixpath.normpath(posixpath.join(f"scorecards/{sid}/", href.partition("#")[0]))
        assert (example_site / page / "index.html").is_file(), href


def test_the_overview_lists_the_map_as_text(example_site, project):
    html = (example_site / "scorecards/enterprise/index.html").read_text(encoding="utf-8")
    alternative = html[html.index('class="sc-data sc-map-text"'):]
    alternative = alternative[:alternative.index("</details>")]
    result = project.scorecard("enterprise")
    for objective in result.objectives:
        assert f">{objective.objective.title}</a>" in alternative
    for link in result.links:
        assert f"#arrow-{link.cause}--{link.effect}" in alternative
    assert alternative.count('class="sc-verdict') == len(result.links)


# --- a large map ---------------------------------------------------------------------------------------

def synthetic_result(tmp_path: Path, objectives: int):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from bench_map import write_project
    finally:
        sys.path.pop(0)
    from mkdocs_scorecards.compute.scorecard import evaluate_project
    from mkdocs_scorecards.load import load_project
    write_project(tmp_path / "project", objectives)
    return evaluate_project(load_project(tmp_path / "project", "scorecards", "data"), None).scorecards[0]


def test_a_map_of_thirty_objectives_stays_readable(tmp_path):
    """Drawn at its minimum width its text is at least 10 CSS px; labels wrap at word boundaries."""
    result = synthetic_result(tmp_path, 30)
    root = ET.fromstring(scorecard_map(result, lambda oid: f"{oid}/"))
    width = float(root.get("viewBox").split()[2])
    minimum = float(re.search(r"min-width:(\d+)px", root.get("style"))[1])
    smallest = min(float(t.get("font-size")) for t in root.iter(f"{SVG}text"))
    assert smallest * minimum / width >= 10
    boxes = nodes(root)
    assert len(boxes) == 30
    for oid, group in boxes.items():
        title = result.objective(oid.rstrip("/")).objective.title
        assert " ".join(texts(group)[:-1]) == title     # every word whole, in order


def test_statuses_are_named_for_every_status(project):
    assert set(STATUS_SHORT) >= {o.status for r in project.scorecards for o in r.objectives}


def test_cascade_map_nodes_link_to_objective_pages(example_site, project):
    root = parsed(example_site, "scorecards/cascade/map.svg")
    links = set(nodes(root))
    expected = {f"../{r.scorecard.id}/{o.objective.id}/" for r in project.scorecards for o in r.objectives}
    assert links == expected
    columns = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "sc-band__title"]
    assert columns == ["Top level", "Second level", "Third level"]


def test_cascade_views_reach_the_top_from_a_team(project):
    views = CascadeViews(project, Urls(Options.output))
    sight = views.line_of_sight("onboarding-team", "run-the-playbook")
    [chain] = sight["chains"]
    assert [s.title for s in chain["steps"]] == [
        project.scorecard("customer-success").objective("onboard-quickly").objective.title,
        project.scorecard("enterprise").objective("fast-time-to-value").objective.title]
    assert chain["reaches_top"] and chain["steps"][-1].top
    assert [s.href for s in chain["steps"]] == ["../../customer-success/onboard-quickly/",
                                                "../../enterprise/fast-time-to-value/"]
