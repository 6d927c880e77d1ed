"""What the reader pages say, read from their HTML: changes coloured as the key says, KPIs that are not due,
calculated KPIs at a sensible precision, and a search index of plain words."""

from __future__ import annotations

import html
import json
import re

import pytest
from mkdocs_scorecards.options import Options
from mkdocs_scorecards.render.page_text import display_decimals, kpi_change, plain_text, score_change
from mkdocs_scorecards.render.pages import GeneratedPage
from mkdocs_scorecards.render.text import user_markdown
from mkdocs_scorecards.site import site_files
from test_golden_rules import run

CHANGES = """\
title: Card
frequency: quarterly
objectives:
  - id: obj
    title: Objective
    perspective: customer
    owner: Head of Service
    kpis:
      - {id: up, title: Sales, better: higher, target: 100, tolerance: 10}
      - {id: down, title: Complaints, better: lower, target: 10, tolerance: 5}
      - {id: uptime, title: Availability, unit: "%", better: higher, target: 99.9, tolerance: 0.1, decimals: 2}
      - {id: days, title: Time to value, unit: days, better: lower, target: 14, tolerance: 7, decimals: 0}
      - {id: band, title: Utilisation, unit: "%", better: in-range, target: [70, 85], tolerance: 10}
      - {id: flat, title: Headcount, better: higher, target: 50, tolerance: 5}
"""
CHANGE_ROWS = """\
kpi,period,actual
up,2026-Q1,100
up,2026-Q2,110
down,2026-Q1,10
down,2026-Q2,9
uptime,2026-Q1,99.83
uptime,2026-Q2,99.78
days,2026-Q1,14.6
days,2026-Q2,15.0
band,2026-Q1,60
band,2026-Q2,65
flat,2026-Q1,50
flat,2026-Q2,50
"""


@pytest.fixture(scope="module")
def changes():
    result = run({"card": CHANGES}, {"a.csv": CHANGE_ROWS})
    objective = result.scorecard("card").objectives[0]
    kpis = {k.kpi.id: k for k in objective.kpis}
    shown = {kid: kpi_change(k, display_decimals(k)) for kid, k in kpis.items()}
    return result, objective, shown


def test_a_change_is_coloured_by_its_sign_against_better_not_by_the_trend_word(changes):
    _, _, shown = changes
    assert (shown["up"].arrow, shown["up"].text, shown["up"].tone, shown["up"].word) == \
        ("▲", "+10", "better", "improving")
    assert (shown["down"].arrow, shown["down"].text, shown["down"].tone) == ("▼", "−1", "better")
    # a fall of 0.05 points is within FORMAT's 1%: steady, yet worse for a KPI where higher is better
    assert (shown["uptime"].arrow, shown["uptime"].text, shown["uptime"].tone, shown["uptime"].word) == \
        ("▼", "−0.05 pts", "worse", "steady, slightly worse")
    # in range is better: 60 to 65 comes nearer to 70..85
    assert (shown["band"].arrow, shown["band"].tone) == ("▲", "better")


def test_a_change_that_rounds_to_zero_has_no_arrow_and_says_no_change(changes):
    _, _, shown = changes
    # 14.6 to 15.0 days is 2.7% worse (declining), but both read "15 days" at the KPI's 0 decimals
    assert (shown["days"].arrow, shown["days"].text, shown["days"].tone, shown["days"].word) == \
        ("", "no change", "same", "")
    assert (shown["flat"].arrow, shown["flat"].text, shown["flat"].tone) == ("", "no change", "same")


def test_an_objective_score_change_is_coloured_by_its_sign(changes):
    _, objective, _ = changes
    moved = score_change(objective)
    delta = objective.score - objective.previous_score
    assert moved.tone == ("better" if delta > 0 else "worse") and moved.arrow == ("▲" if delta > 0 else "▼")


TILE = re.compile(r'<div class="sc-tile sc-tile--[a-z-]+">(.*?)</div>\n', re.S)
CHANGE = re.compile(r'<span class="sc-change sc-change--(better|worse|same)"[^>]*><span class="sc-nowrap">'
                    r'(?:<span aria-hidden="true">([▲▼])</span> )?([^<]*)</span>')


def tiles(page_html: str) -> list[tuple[str, str, str, str]]:
    """(better word, tone, arrow, change text) of every KPI tile with a change."""
    found = []
    for tile in TILE.findall(page_html):
        better = re.search(r"(higher|lower|in range) is better", tile)[1]
        change = CHANGE.search(tile)
        if change:
            found.append((better, change[1], change[2] or "", html.unescape(change[3])))
    return found


def check_tile(better: str, tone: str, arrow: str, text: str) -> None:
    """The page's key: the arrow is the way the shown number moved, green (better) or red (worse)
    as that is better or worse for the KPI; no arrow, grey and "no change" when the shown change is zero."""
    if not arrow:
        assert (tone, text) == ("same", "no change"), (better, tone, text)
        return
    assert text[0] == ("+" if arrow == "▲" else "−") and re.search("[1-9]", text), (arrow, text)
    if better == "higher":
        assert tone == ("better" if arrow == "▲" else "worse"), (better, arrow, tone, text)
    elif better == "lower":
        assert tone == ("better" if arrow == "▼" else "worse"), (better, arrow, tone, text)


def test_tiles_of_a_small_project_follow_the_key(changes):
    result, _, _ = changes
    files = site_files(result, Options())
    page = files["scorecards/card/index.md"]
    shown = tiles(page.html)
    assert len(shown) == 6
    for tile in shown:
        check_tile(*tile)
    assert ("higher", "worse", "▼", "−0.05 pts") in shown and ("lower", "same", "", "no change") in shown


@pytest.mark.parametrize("scorecard", ["enterprise", "customer-success", "engineering", "onboarding-team"])
def test_every_tile_of_the_example_follows_the_key(example_site, scorecard):
    page = (example_site / "scorecards" / scorecard / "index.html").read_text(encoding="utf-8")
    shown = tiles(page)
    assert shown
    for tile in shown:
        check_tile(*tile)
    assert not re.search(r"[+−]0(\.0+)?( |<)", page)          # no rounded "+0 days"


def test_a_kpi_not_due_shows_its_latest_value_its_period_and_when_it_is_next_due(example_site):
    """FORMAT section 12: the engineering scorecard's yearly survey, not due in 2026-Q3."""
    for path in ("scorecards/engineering/index.html", "scorecards/engineering/report/index.html",
                 "scorecards/engineering/sustainable-engineering/index.html"):
        page = (example_site / path).read_text(encoding="utf-8")
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
        assert "71% in 2025" in text, path
        assert "Not due next due 2026-Q4 2025: Green" in text, path
        assert "▲ +7 pts vs 2024 (improving)" in text, path


CALCULATED = """\
title: Card
frequency: quarterly
measures:
  - {id: failed, title: Failed changes, aggregate: sum}
  - {id: changes, title: Changes, aggregate: sum}
objectives:
  - id: obj
    title: Objective
    perspective: internal
    kpis:
      - {id: rate, title: Change failure rate, unit: "%", better: lower, target: 10, tolerance: 5,
         formula: failed * 100 / changes}
      - {id: total, title: Failed changes this year, better: lower, target: 40, tolerance: 10, formula: ytd(failed)}
"""
CALCULATED_ROWS = """\
kpi,period,actual
failed,2026-Q1,7
changes,2026-Q1,303
failed,2026-Q2,11
changes,2026-Q2,97
"""


def test_a_calculated_kpi_without_decimals_is_shown_at_three_significant_digits():
    result = run({"card": CALCULATED}, {"a.csv": CALCULATED_ROWS})
    kpis = {k.kpi.id: k for k in result.scorecard("card").objectives[0].kpis}
    assert display_decimals(kpis["rate"]) == 1          # 11.34..., 2.31...: three digits of the largest
    assert display_decimals(kpis["total"]) == 0         # counts: whole numbers
    files = site_files(result, Options())
    page = files["scorecards/card/obj/index.md"].html
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    # the explanation works the status out at full precision; what the page shows is rounded
    shown = re.sub(r"How the 2026-Q2 status was worked out.*?(?=Every period of)", "", text)
    assert "11.3%" in shown and "▲ +9.0 pts" in shown and "11.34" not in shown
    assert "Actual 2026-Q2 18" in text
    assert "Calculated failed * 100 / changes" in text and "Calculated ytd(failed)" in text
    assert "Combined by" not in text
    assert json.loads(files["scorecards/card/scorecard.json"])["objectives"][0]["kpis"][0]["actual"] == \
        pytest.approx(1100 / 97)                        # the JSON keeps the value unrounded


def test_search_text_is_plain_words():
    rendered = user_markdown("We learned **a lot**: see [the plan](https://example.com) and `code`.\n\n- one\n- two")
    assert plain_text(rendered) == "We learned a lot: see the plan and code. one two"


def test_the_search_index_of_generated_pages_holds_plain_titles_owners_and_kpi_names(example_site):
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    generated = [d for d in index["docs"] if d["location"].startswith("scorecards/")]
    assert generated
    for doc in generated:
        text = re.sub(r"</?p>", "", doc["text"])
        assert not re.search(r"\*\*|__|\]\(|`|^#|\n#", text), (doc["location"], text[:200])
    by_location = {d["location"]: d["text"] for d in generated}
    overview = by_location["scorecards/enterprise/"]
    for words in ("Executive Leadership Team", "Be a product customers can rely on", "Chief Technology Officer",
                  "Severity-1 incidents", "Net revenue retention", "Customer", "new customers waited 45 days"):
        assert words in overview, words
    objective = by_location["scorecards/enterprise/rely-on-product/"]
    assert "Chief Technology Officer" in objective and "Severity-1 incidents" in objective
    assert "Availability" in objective


def test_generated_pages_are_searchable_by_what_they_are_about():
    """Every generated page gives search a short text: no table of numbers."""
    result = run({"card": CHANGES}, {"a.csv": CHANGE_ROWS})
    for path, page in site_files(result, Options()).items():
        if isinstance(page, GeneratedPage) and path.endswith("card/obj/index.md"):
            assert "Head of Service" in page.search_text and "Availability" in page.search_text
            assert "99.78" not in page.search_text
