"""The example site as a reader sees it, in headless Chromium.

Uses Debian's chromium (never a downloaded browser) through Playwright, and
axe-core from npm for accessibility. `make test` installs both.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, run_mkdocs_build, serve_site
from history_repo import git

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


# --- maps on a phone, in print --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["scorecards/enterprise/", "scorecards/cascade/"])
def test_a_map_on_a_phone_scrolls_sideways_and_says_so(browser, served_site, path):
    """At 375 px a map keeps its readable size and scrolls inside its frame; the frame says so first."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(served_site + path)
    frame = page.locator(".sc-map").first
    scroll_width, client_width = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
    cue = frame.evaluate("f => getComputedStyle(f, '::before').content")
    font = page.locator(".sc-map svg text").first.evaluate("t => t.getBoundingClientRect().height")
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    context.close()
    assert scroll_width > client_width and page_width <= 375     # the map scrolls, not the page
    assert "scroll sideways to see the whole map" in cue
    assert font >= 9                                               # text stays readable: never scaled to fit


@pytest.mark.parametrize("path", ["scorecards/enterprise/report/", "scorecards/enterprise/"])
def test_map_labels_are_not_underlined(page, served_site, path):
    """The report underlines its links; the map's boxes are links too, but their text is a label."""
    page.goto(served_site + path)
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        # An underline set on the <a> is drawn under every <text> in it (text-decoration propagates).
        lines = page.locator(".sc-map svg a").evaluate_all(
            "links => [...new Set(links.map(a => getComputedStyle(a).textDecorationLine))]")
        assert lines == ["none"], (media, lines)


# --- the audit trail of a published, then restated, example -------------------------------------------------

@pytest.fixture(scope="module")
def audited_site(tmp_path_factory):
    """The example in a git repository of its own: the enterprise board report 2026-Q2 published with a tag,
    then June's net revenue retention restated with a note; built and served."""
    root = tmp_path_factory.mktemp("audited")
    repo = root / "repo"
    repo.mkdir()
    for name in ("scorecards", "data", "site_src", "theme"):
        shutil.copytree(REPO / name, repo / name)
    shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "Scorecards", date="2026-07-10T10:00:00+00:00")
    git(repo, "tag", "-a", "-m", "Board report", "scorecards/enterprise/2026-Q2", date="2026-07-10T10:00:00+00:00")
    nrr = repo / "data" / "finance" / "nrr.csv"
    lines = nrr.read_text(encoding="utf-8").splitlines(keepends=True)
    june = next(i for i, line in enumerate(lines) if line.startswith("2026-06,"))
    value = float(lines[june].split(",")[1])
    lines[june] = f'2026-06,{value + 3.9:.1f},,"restated after audit: late churn credits"\n'
    nrr.write_text("".join(lines), encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "Restate June NRR after audit", date="2026-08-02T09:00:00+00:00")
    site = root / "site"
    done = run_mkdocs_build(repo, site)
    assert done.returncode == 0, done.stdout + done.stderr
    with serve_site(site) as address:
        yield address


@pytest.mark.parametrize("width", [1280, 375])
def test_the_restatements_table_reads_on_a_laptop_and_a_phone(browser, audited_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(audited_site + "scorecards/enterprise/restatements/")
    wrap = page.locator(".sc-restatements").first.locator("xpath=..")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")                       # nothing cut off
    kpi = page.locator(".sc-restatements th[scope=row] a").first
    assert kpi.inner_text() == "Net revenue retention"
    assert kpi.evaluate("a => a.getClientRects().length") <= 2                        # whole words, not letters
    assert page.locator(".sc-restatements .sc-sha").first.evaluate("c => c.getClientRects().length") == 1
    assert "restated after audit: late churn credits" in page.locator(".sc-restatements").inner_text()
    row = page.locator(".sc-restatements tbody tr").first
    stacked = row.evaluate("r => getComputedStyle(r).display") == "block"
    labels = row.locator("td").evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    context.close()
    assert stacked == (width < 500)                                                   # a card per row on a phone
    if stacked:
        assert labels[0] == '"What changed"' and labels[-1] == '"Row and note"'


def test_the_archived_report_shows_every_objective(browser, audited_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(audited_site + "scorecards/enterprise/archive/2026-Q2/")
    wrap = page.locator(".sc-report-perspectives").first.locator("xpath=..")
    fits = wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
    crumbs = page.locator(".sc-crumbs li").all_inner_texts()
    context.close()
    assert fits
    assert crumbs == ["Scorecards", "Northwind Software - Enterprise Scorecard", "Published board reports",
                      "2026-Q2"]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["scorecards/enterprise/restatements/", "scorecards/enterprise/archive/",
                                  "scorecards/enterprise/archive/2026-Q2/", "scorecards/enterprise/changes/"])
def test_audit_pages_have_no_serious_accessibility_violations(browser, audited_site, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(audited_site + path)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
