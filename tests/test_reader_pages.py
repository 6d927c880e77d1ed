"""The pages as a board member reads them, in headless Chromium: the first screen, a phone, paper,
and a user's own site with stock mkdocs-material and no theme overrides."""

from __future__ import annotations

import datetime
import io
import re
import shutil

import pytest
import yaml
from conftest import REPO, build_env, run_mkdocs_build, serve_site

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# The published date: SOURCE_DATE_EPOCH of the build (the Makefile sets it from the inputs' latest commit).
PUBLISHED = datetime.datetime.fromtimestamp(int(build_env()["SOURCE_DATE_EPOCH"]), datetime.timezone.utc).date()
READER_PAGES = ["", "scorecards/", "scorecards/enterprise/", "scorecards/enterprise/rely-on-product/",
                "scorecards/enterprise/report/", "scorecards/enterprise/hypotheses/",
                "scorecards/onboarding-team/", "scorecards/onboarding-team/run-the-playbook/"]


@pytest.fixture(scope="module")
def served_site(example_site):
    with serve_site(example_site) as address:
        yield address


def _open(browser, address: str, width: int, height: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(address)
    page.wait_for_load_state("networkidle")
    return context, page


def _on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_first_screen_says_how_we_are_doing_and_where_it_is_worst(browser, served_site, width, height):
    context, page = _open(browser, served_site + "scorecards/enterprise/", width, height)
    try:
        headline = page.locator(".sc-headline").first
        assert _on_first_screen(page, ".sc-headline .sc-status")
        text = headline.inner_text()
        assert "Amber" in text and "6.06" in text and "As of 2026-Q3" in text and f"published {PUBLISHED}" in text
        assert _on_first_screen(page, "#where-it-is-worst")
        worst = page.locator(".sc-gaps li").first
        assert _on_first_screen(page, ".sc-gaps li") and "Be a product customers can rely on" in worst.inner_text()
        assert worst.locator("a").get_attribute("href") == "rely-on-product/"
        # the whole list of gaps and the summary's first words are in view, on a phone too
        assert _on_first_screen(page, ".sc-gaps li:last-child")
        assert _on_first_screen(page, "#summary")
        if width == 375:
            assert _on_first_screen(page, ".sc-commentary-summary .sc-prose > *")
    finally:
        context.close()


def test_overview_lays_objectives_side_by_side(browser, served_site):
    """Objective cards with one or two KPI tiles share a row at 1280 px, so the page stays short."""
    context, page = _open(browser, served_site + "scorecards/enterprise/", 1280, 900)
    try:
        rows = page.evaluate("""() => [...document.querySelectorAll('.sc-objectives')].map(row =>
            [...row.children].map(card => Math.round(card.getBoundingClientRect().top)))""")
        assert len(rows) == 4 and all(len(set(tops)) == 1 for tops in rows), rows     # one row per perspective
        assert page.evaluate("document.documentElement.scrollHeight") < 5600
    finally:
        context.close()


def test_small_layout_breaks_are_gone(browser, served_site):
    context, page = _open(browser, served_site + "scorecards/enterprise/", 375, 812)
    try:
        # the published date never breaks at its hyphens; no line of facts starts with a separator
        assert page.locator(".sc-headline .sc-nowrap").first.evaluate("el => el.getClientRects().length") == 1
        starts = page.evaluate("""() => [...document.querySelectorAll('.sc-items > span')]
            .map(el => el.textContent.trim()).filter(t => t.startsWith('·'))""")
        assert starts == []
        page.goto(served_site + "scorecards/enterprise/report/")
        page.set_viewport_size({"width": 1280, "height": 900})
        title = page.locator("h1").first
        line = float(title.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
        assert title.bounding_box()["height"] < 1.5 * line                 # the report's title on one line
    finally:
        context.close()


def test_phone_charts_are_legible_and_the_as_of_label_is_clear_of_the_dots(browser, served_site):
    context, page = _open(browser, served_site + "scorecards/enterprise/rely-on-product/", 375, 812)
    try:
        for chart in page.locator(".sc-chart").all():
            sizes = chart.evaluate("""svg => [...svg.querySelectorAll('.sc-chart__tick')]
                .filter(t => getComputedStyle(t).display !== 'none')
                .map(t => t.getBoundingClientRect().height)""")
            assert sizes and min(sizes) >= 10, sizes                    # labels at least 10 px high
            clear = chart.evaluate("""svg => {
                const label = svg.querySelector('.sc-chart__tick--asof').getBoundingClientRect();
                const labels = [...svg.querySelectorAll('.sc-chart__tick')]
                    .filter(t => getComputedStyle(t).display !== 'none').map(t => t.getBoundingClientRect());
                const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
                const dots = [...svg.querySelectorAll('.sc-dot')].map(d => d.getBoundingClientRect());
                return !dots.some(d => overlap(d, label))
                    && labels.every((a, i) => labels.every((b, j) => i >= j || !overlap(a, b)));
            }""")
            assert clear
    finally:
        context.close()


_COLOURS = """() => {
    const probe = document.createElement('span');
    document.body.appendChild(probe);
    const resolve = value => { probe.style.color = value; return getComputedStyle(probe).color; };
    const get = (sel, prop) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el)[prop] : null;
    };
    const out = {
        page: resolve('var(--md-default-bg-color)'),
        card: get('.sc-headline', 'backgroundColor'),
        line: get('.sc-chart__line', 'stroke'), target: get('.sc-chart__target', 'stroke'),
        tick: get('.sc-chart__tick', 'fill'), asof: get('.sc-chart__tick--asof', 'fill'),
        needle: get('.sc-scorebar__needle', 'fill'), edge: get('.sc-scorebar__needle', 'stroke'),
    };
    for (const s of ['green', 'amber', 'red']) {
        out['band-' + s] = get('.sc-chart .sc-band--' + s, 'fill');
        out['dot-' + s] = get('.sc-chart .sc-dot--' + s, 'fill');
        out['bar-' + s] = get('.sc-bar--' + s, 'fill');
    }
    probe.remove();
    return out;
}"""


def _rgb(colour: str, under: tuple[float, ...] = (1, 1, 1)) -> tuple[float, ...]:
    parts = [float(x) for x in re.findall(r"[\d.]+", colour)]
    rgb, alpha = [p / 255 for p in parts[:3]], parts[3] if len(parts) > 3 else 1.0
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under))


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def luminance(rgb):
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_chart_and_score_bar_colours_stand_out_in_both_schemes(browser, served_site, scheme):
    """Lines, target, dots and labels of a KPI chart against the page and its bands, and the score bar's
    bands against the card, by WCAG's contrast ratio: 3 for graphics, 4.5 for text."""
    context, page = _open(browser, served_site + "scorecards/enterprise/rely-on-product/", 1280, 900, scheme)
    try:
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        c = page.evaluate(_COLOURS)
        assert all(c.values()), c
        bg = _rgb(c["page"])
        card = _rgb(c["card"], bg)
        for name in ("line", "target"):
            assert _contrast(_rgb(c[name]), bg) >= 3, (name, c)
        for status in ("green", "amber", "red"):
            band = _rgb(c["band-" + status], bg)
            assert _contrast(_rgb(c["line"]), band) >= 3 and _contrast(_rgb(c["target"]), band) >= 3, (status, c)
            assert _contrast(_rgb(c["dot-" + status]), band) >= 3, (status, c)
            bar = _rgb(c["bar-" + status], card)
            assert _contrast(bar, card) >= 3, (status, c)
            assert max(_contrast(_rgb(c["needle"]), bar), _contrast(_rgb(c["edge"]), bar)) >= 3, (status, c)
        assert _contrast(_rgb(c["tick"], bg), bg) >= 4.5 and _contrast(_rgb(c["asof"], bg), bg) >= 4.5, c
        page.goto(served_site + "scorecards/enterprise/")
        spark = page.evaluate("""() => ['.sc-spark__line', '.sc-spark__target', '.sc-tile'].map(s =>
            getComputedStyle(document.querySelector(s))[s === '.sc-tile' ? 'backgroundColor' : 'stroke'])""")
        tile = _rgb(spark[2], bg)
        assert _contrast(_rgb(spark[0]), tile) >= 3 and _contrast(_rgb(spark[1]), tile) >= 3, spark
    finally:
        context.close()


@pytest.mark.parametrize("path", READER_PAGES)
def test_nothing_overflows_a_phone(browser, served_site, path):
    context, page = _open(browser, served_site + path, 375, 812)
    try:
        overflow = page.evaluate("""() => {
            const wide = [];
            for (const el of document.querySelectorAll('.md-content *')) {
              if (el.closest('.sc-table-wrap, .sc-map, .sc-chart-wrap, .md-typeset__scrollwrap, pre')) continue;
              const r = el.getBoundingClientRect();
              if (r.width > 0 && r.right > window.innerWidth + 1) wide.push(el.tagName + '.' + el.className);
            }
            return {page: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
        }""")
        assert overflow["page"] <= 375 and overflow["wide"] == [], overflow
        # tables scroll as a whole in their box: no word is broken inside a cell
        broken = page.evaluate("""() => [...document.querySelectorAll('.sc-table td, .sc-table th')]
            .filter(c => getComputedStyle(c).wordBreak === 'break-all' || getComputedStyle(c).overflowWrap === 'anywhere')
            .length""")
        assert broken == 0
    finally:
        context.close()


def test_legend_says_what_the_symbols_mean_once(example_site):
    for path in ("scorecards/enterprise/index.html", "scorecards/enterprise/rely-on-product/index.html"):
        html = (example_site / path).read_text(encoding="utf-8")
        assert html.count('class="sc-key"') == 1, path
        key = html.split('class="sc-key"', 1)[1].split("</aside>", 1)[0]
        assert "6.67 means exactly on target" in key and "when that is better" in key, path
        # what the page shows beyond status and arrows is explained where it appears
        assert "<em>steady</em>: it moved by at most 1%" in key and "it can fall while a KPI improves" in key, path
        assert ">lag</span> measures results already achieved" in key, path


def test_dark_mode_keeps_status_readable(browser, served_site):
    context, page = _open(browser, served_site + "scorecards/enterprise/", 1280, 900, "dark")
    try:
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        colours = page.evaluate("""() => [...document.querySelectorAll('.sc-status')].slice(0, 6).map(el => {
            const s = getComputedStyle(el); return [s.color, s.backgroundColor]; })""")
        assert colours and all(fg != bg for fg, bg in colours)
        results = _axe(page)
        assert [v for v in results if v[0] == "color-contrast"] == []
    finally:
        context.close()


def _axe(page) -> list:
    assert AXE.exists(), "axe-core is needed: run `make browser` (npm install axe-core)"
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def stock_material_site(tmp_path_factory):
    """The example's scorecards on a user's site: stock mkdocs-material, no custom_dir, no extra CSS,
    a page of their own, Material's light/dark toggle, nothing added for accessibility."""
    project = tmp_path_factory.mktemp("stock") / "project"
    project.mkdir()
    for name in ("scorecards", "data"):
        shutil.copytree(REPO / name, project / name)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Our strategy\n\n<!-- scorecards:status -->\n", encoding="utf-8")
    schemes = [{"media": f"(prefers-color-scheme: {media})", "scheme": scheme,
                "toggle": {"icon": "material/brightness-7", "name": "Switch colours"}}
               for media, scheme in (("light", "default"), ("dark", "slate"))]    # Material's documented toggle
    settings = {"site_name": "Strategy", "theme": {"name": "material", "palette": schemes},
                "plugins": ["search", "scorecards"]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    site = project.parent / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_site(site) as address:
        yield address


@pytest.mark.parametrize("path", ["", "scorecards/", "scorecards/enterprise/", "scorecards/enterprise/rely-on-product/",
                                  "scorecards/enterprise/report/", "scorecards/enterprise/hypotheses/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stock_material_site_has_no_serious_axe_violation(browser, stock_material_site, path, scheme):
    context, page = _open(browser, stock_material_site + path, 1280, 900, scheme)
    try:
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        assert _axe(page) == []
        assert page.locator(".md-search").get_attribute("aria-label") == "Search"
    finally:
        context.close()


def test_stock_material_site_joins_the_navigation(browser, stock_material_site):
    """No nav in mkdocs.yml: MkDocs builds it from the files, and the plugin adds its section."""
    context, page = _open(browser, stock_material_site + "scorecards/enterprise/", 1280, 900)
    try:
        labels = [t.strip() for t in page.locator(".md-sidebar--primary .md-nav__link").all_inner_texts()]
        assert "Scorecards" in labels and "Overview" in labels and "Board report" in labels
        assert page.title() == "Northwind Software - Enterprise Scorecard - Strategy"
    finally:
        context.close()


def test_board_report_prints_as_a_board_pack(browser, served_site):
    """Printed with Chromium: A4, summary on the first page, no heading at the foot of a page,
    navigation left out, the running header and page numbers printed."""
    from pypdf import PdfReader

    context, page = _open(browser, served_site + "scorecards/enterprise/report/", 1280, 900)
    try:
        page.emulate_media(media="print")
        headings = [h.strip().rstrip("¶").strip() for h in page.locator(".md-content h2, .md-content h3").all_inner_texts()]
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    finally:
        context.close()
    texts = [p.extract_text() for p in pdf.pages]
    assert 3 <= len(texts) <= 8, len(texts)
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)            # A4 in points
    first = texts[0]
    assert "Board report 2026-Q3" in first and "Where it is worst" in first and "Summary" in first
    assert "Be a product customers can rely on" in first
    squeezed = re.sub(r"\s+", "", first)              # text extraction drops some spaces of the margin boxes
    assert "NorthwindScorecards·NorthwindSoftware-EnterpriseScorecard" in squeezed     # running header
    assert f"2026-Q3·published{PUBLISHED}" in squeezed
    assert f"Page 1 of {len(texts)}" in first                                              # page numbers
    assert "Search" not in first and "User guide" not in first                           # no navigation
    for number, text in enumerate(texts[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"Page \d+ of \d+", line) and "·" not in line]
        assert body and body[-1] not in headings, (number, body[-1])     # no heading ends a page
    assert any("Strategy map" in text for text in texts[1:])
    whole = "\n".join(texts)
    assert "Objective page" not in whole                       # links that lead nowhere on paper are left out
    spaced = re.sub(r"\s+", " ", whole)
    assert "(due 2026-06-30)" in spaced and "2026-06-30 70%" in spaced      # dates do not break at their hyphens
