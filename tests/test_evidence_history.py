"""An arrow's verdict in every past period and since when it holds, and the hypotheses page's plots.

Hand-worked: with MIN_PAIRS = 8, a cause and an effect that both rise
every period have no lag with 8 pairs until the 8th period (positions
0..7), from which lag 0 has rho = 1: insufficient data for 7 periods,
then supported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import REPO
from mkdocs_scorecards.compute.evidence import MIN_PAIRS, SUPPORTED_RHO, Evidence, Verdict
from mkdocs_scorecards.compute.evidence_history import VerdictAt, arrow_history, holding_since, verdict_history
from mkdocs_scorecards.options import Options
from mkdocs_scorecards.render.evidence_plots import scatter, series_plot
from mkdocs_scorecards.site import evaluate_site

PERIODS = [f"P{i}" for i in range(12)]


def rising(n: int) -> dict[int, float]:
    return {i: float(i) for i in range(n)}


def test_the_thresholds_this_file_was_worked_with():
    assert (MIN_PAIRS, SUPPORTED_RHO) == (8, 0.5)


def test_a_verdict_is_judged_with_the_data_up_to_each_period():
    history = verdict_history(rising(10), rising(10), PERIODS[:10])
    verdicts = [step.evidence.verdict for step in history]
    assert verdicts == [Verdict.INSUFFICIENT_DATA] * 7 + [Verdict.SUPPORTED] * 3
    assert [step.evidence.n for step in history[:8]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert history[7].evidence.lag == 0 and history[7].evidence.rho == pytest.approx(1.0)
    assert holding_since(history) == "P7"


def test_a_verdict_that_turns_holds_since_the_turn():
    # the effect falls as the cause rises from position 8 on: rho at lag 0 over 0..11 drops below 0.5
    effect = rising(8) | {8: 0.0, 9: -1.0, 10: -2.0, 11: -3.0}
    history = verdict_history(rising(12), effect, PERIODS)
    verdicts = [step.evidence.verdict for step in history]
    assert verdicts[7] == Verdict.SUPPORTED
    assert verdicts[-1] != Verdict.SUPPORTED
    since = holding_since(history)
    first = PERIODS.index(since)
    assert all(v == verdicts[-1] for v in verdicts[first:]) and verdicts[first - 1] != verdicts[-1]


def at(period: str, verdict: Verdict) -> VerdictAt:
    return VerdictAt(period, Evidence(verdict, None, None, 0, ()))


def test_holding_since_is_the_start_of_the_last_run():
    s, w = Verdict.SUPPORTED, Verdict.WEAK
    assert holding_since((at("a", s), at("b", w), at("c", s), at("d", s))) == "c"
    assert holding_since((at("a", w),)) == "a"
    assert holding_since(()) is None


def test_history_agrees_with_the_published_verdict():
    """The last period's verdict is the verdict the page shows: the same rule, the same data."""
    project = evaluate_site(REPO, Options())
    for result in project.scorecards:
        for link in result.links:
            history = arrow_history(result, link)
            assert history.verdicts[-1].evidence == link.evidence
            assert history.since is not None


# --- plots ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project():
    return evaluate_site(REPO, Options())


def test_the_scatter_places_each_pair_by_its_scores(project):
    result = project.scorecard("enterprise")
    link = next(l for l in result.links if l.evidence.lag is not None)
    plot = scatter(arrow_history(result, link))
    assert len(plot.points) == len(link.pairs) == link.evidence.n
    width, height = plot.width - plot.left - plot.right, plot.height - plot.top - plot.bottom
    for point, (_, cause, _, effect) in zip(plot.points, link.pairs):
        assert point.x == pytest.approx(plot.left + cause / 10 * width)
        assert point.y == pytest.approx(plot.top + (10 - effect) / 10 * height)


def test_the_series_plot_moves_the_cause_by_the_lag(project):
    result = project.scorecard("enterprise")
    link = next(l for l in result.links if l.evidence.lag)
    history = arrow_history(result, link)
    plot = series_plot(result, history)
    (_, _, effect), (_, _, cause) = plot.series
    lag = history.shown_lag
    assert len(effect) == len(cause) == len(result.periods)
    assert all(p is None for p in cause[:lag])
    cause_scores = result.objective(link.cause).history
    shown = cause[lag]
    assert shown is not None and shown.x == effect[lag].x      # drawn above the effect it is compared with
    assert shown.label.startswith(f"{result.periods[0]}: cause {cause_scores[result.periods[0]]:.2f}")


def test_a_plot_exists_for_every_arrow_with_data(example_site, project):
    for result in project.scorecards:
        sid = result.scorecard.id
        html = (example_site / f"scorecards/{sid}/hypotheses/index.html").read_text(encoding="utf-8")
        for link in result.links:
            anchor = f'id="arrow-{link.cause}--{link.effect}"'
            assert anchor in html, (sid, anchor)
            section = html[html.index(anchor):]
            following = re.search(r'<h2 id="arrow-', section[len(anchor):])
            section = section[:len(anchor) + following.start()] if following else section
            with_data = any(v is not None for v in result.objective(link.cause).history.values())
            plots = re.findall(r'<svg class="sc-plot.*?</svg>', section, re.S)
            if link.pairs or with_data:
                assert len(plots) == 2, (sid, link.cause, link.effect)
            for plot in plots:
                root = ET.fromstring(plot)          # inline in HTML: no namespace
                assert root.find("title").text and root.find("desc").text
            if link.pairs:
                assert len(ET.fromstring(plots[0]).findall("circle")) == len(link.pairs)
            assert "since" in section or "–" in section


def test_the_page_states_the_caveat_with_the_rule_s_own_numbers(example_site):
    html = (example_site / "scorecards/enterprise/hypotheses/index.html").read_text(encoding="utf-8")
    assert "Evidence, not proof." in html
    assert "choosing the best of five lags" in html
    assert f"at least {MIN_PAIRS} pairs" in html and f"rho is {SUPPORTED_RHO:g} or more" in html
    assert re.search(r"(supported|contradicted|weak|insufficient data)</span> <span class=\"sc-muted\">since "
                     r"\d{4}-(Q\d|\d\d)", html)


def test_the_one_pass_history_is_weigh_arrow_on_each_prefix():
    """Exactly the same evidence, float for float, as weighing the arrow again with the data up to each period."""
    import random

    from mkdocs_scorecards.compute.evidence import weigh_arrow
    generator = random.Random(11)
    for case in range(60):
        n = generator.randint(0, 30)
        levels = generator.choice([3, 10, 1000])          # few levels: many ties; one level: constant runs
        cause = {i: generator.randint(0, levels) / levels * 10 for i in range(n) if generator.random() < 0.85}
        effect = {i: generator.randint(0, levels) / levels * 10 for i in range(n) if generator.random() < 0.85}
        periods = [f"P{i}" for i in range(n)]
        fast = verdict_history(cause, effect, periods)
        for last, step in enumerate(fast):
            slow = weigh_arrow({i: s for i, s in cause.items() if i <= last},
                               {i: s for i, s in effect.items() if i <= last})
            assert step.evidence == slow, (case, last)
