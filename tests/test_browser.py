"""The example site as a reader sees it, in headless Chromium.

Uses Debian's chromium (never a downloaded browser) through Playwright, and
axe-core from npm for accessibility. `make test` installs both.
"""

from __future__ import annotations

import pytest
from conftest import REPO, serve_site

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "guide/getting-started/", "guide/format/", "guide/methodology/", "guide/decisions/",
         "guide/editor-support/", "scorecards/", "scorecards/enterprise/", "scorecards/enterprise/fast-time-to-value/",
         "scorecards/enterprise/report/", "scorecards/enterprise/hypotheses/", "scorecards/customer-success/",
         "guide/publishing/", "scorecards/enterprise/archive/", "scorecards/enterprise/restatements/",
         "scorecards/enterprise/changes/",
         "scorecards/cascade/", "scorecards/onboarding-team/run-the-playbook/", "guide/maps/"]


@pytest.fixture(scope="module")
def served_site(example_site):
    with serve_site(example_site) as address:
        yield address


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_map_nodes_open_their_objective_pages(page, served_site):
    page.goto(served_site + "scorecards/enterprise/")
    nodes = page.locator(".sc-map svg .node a")
    assert nodes.count() == 8
    assert page.locator(".sc-map svg .edge a").count() == 6      # arrows lead to their test
    node = page.locator(".sc-map svg a", has_text="Get customers to value")
    node.click()
    page.wait_for_url("**/scorecards/enterprise/fast-time-to-value/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Get customers to value quickly"
    assert page.locator(".sc-headline .sc-status").first.inner_text().strip() == "Amber"


def test_status_is_written_not_only_coloured(page, served_site):
    page.goto(served_site + "scorecards/enterprise/")
    words = page.locator(".sc-objective__head .sc-status, .sc-tile__status .sc-status").all_inner_texts()
    assert len(words) == 8 + 12   # one per objective and per KPI tile
    assert {w.strip() for w in words} <= {"Green", "Amber", "Red", "No data", "No target"}
    labels = page.locator(".sc-map svg text").all_text_contents()
    assert any(label.startswith("■ Red · ") for label in labels)
    assert any(label.startswith("● Green · ") for label in labels)


def test_cascade_nodes_open_their_objective_pages(page, served_site):
    page.goto(served_site + "scorecards/cascade/")
    assert page.locator(".sc-map svg a").count() == 8 + 4 + 4 + 2     # every objective of the four scorecards
    page.locator(".sc-map svg a", has_text="Run every onboarding on the").click()
    page.wait_for_url("**/scorecards/onboarding-team/run-the-playbook/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Run every onboarding on the playbook"
    chain = page.locator(".sc-line-of-sight .sc-chain a")
    chain.last.click()
    page.wait_for_url("**/scorecards/enterprise/fast-time-to-value/")


def test_a_map_arrow_opens_its_test(page, served_site):
    page.goto(served_site + "scorecards/enterprise/")
    page.locator(".sc-map svg .sc-arrow--contradicted a polygon").first.click()     # the arrowhead
    page.wait_for_url("**/scorecards/enterprise/hypotheses/#arrow-ship-frequently--rely-on-product")
    assert page.locator("#arrow-ship-frequently--rely-on-product").is_visible()


@pytest.mark.parametrize("path", ["scorecards/enterprise/", "scorecards/customer-success/", "scorecards/engineering/",
                                  "scorecards/onboarding-team/", "scorecards/cascade/"])
def test_maps_fit_a_laptop_screen(browser, served_site, path):
    """At 1280 x 800 the whole map is in view at once: no scrolling inside its frame, not taller than the screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(served_site + path)
    frame = page.locator(".sc-map").first
    size = frame.evaluate("f => [f.scrollWidth, f.clientWidth, f.querySelector('svg').getBoundingClientRect().height]")
    context.close()
    scroll_width, client_width, height = size
    assert scroll_width <= client_width and height <= 800, size


def test_map_colours_follow_the_dark_scheme(page, served_site):
    page.goto(served_site + "scorecards/enterprise/")
    fill = "() => getComputedStyle(document.querySelector('.sc-map svg .sc-node--green path')).fill"
    light = page.evaluate(fill)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = page.evaluate(fill)
    assert light != dark
    text = page.evaluate("() => getComputedStyle(document.querySelector('.sc-map svg text')).fill")
    assert text in ("rgb(231, 236, 239)",), text


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(page, served_site, path):
    assert AXE.exists(), "axe-core is needed: run `make browser` (npm install axe-core)"
    page.goto(served_site + path)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_board_report_prints_to_pdf(page, served_site, tmp_path):
    page.goto(served_site + "scorecards/enterprise/report/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar").first.is_hidden()
    pdf = page.pdf(path=str(tmp_path / "report.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
