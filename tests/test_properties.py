"""Properties of the evaluation rules (FORMAT section 6) that must hold for any input.

- A better actual never gives a worse status or a lower score.
- A score lies within 0..10 and agrees with its status:
  red < 10/3 <= amber < 20/3 <= green.
- A rolled-up score lies between the lowest and highest of its children.
- The order of CSV rows, and how they are split across files, change nothing.
- Multiplying actual, target, stretch and an absolute tolerance by one positive
  number changes neither status nor score.

Each property is checked with hypothesis on the compute functions (many
cases, fast) and, where the rule spans loading and computing, end to end on
tiny projects written to a temporary folder (fewer cases).
"""

from __future__ import annotations

import json
import math
import posixpath
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.compute.rollup import plain_mean, weighted_mean
from mkdocs_scorecards.compute.status import evaluate, status_from_score
from mkdocs_scorecards.options import Options, read_options
from mkdocs_scorecards.render.json_out import scorecard_json
from mkdocs_scorecards.render.text import _round_decimal, round_half_away
from mkdocs_scorecards.render.urls import relpath
from mkdocs_scorecards.site import evaluate_site

GREEN_FROM = 20 / 3
AMBER_FROM = 10 / 3
RANK = {"red": 0, "amber": 1, "green": 2}

FAST = settings(max_examples=200, deadline=None)
END_TO_END = settings(max_examples=25, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

def decimals(low: int, high: int, places: int = 2):
    """Numbers as people write them: integers from low..high scaled by 10**-places."""
    scale = 10 ** places
    return st.integers(low * scale, high * scale).map(lambda i: i / scale)


@st.composite
def magnitudes(draw, signed: bool = True):
    """A decimal of 1 to 4 significant digits at any magnitude from 1e-12 to about 1e13."""
    mantissa = draw(st.integers(1, 9999))
    exponent = draw(st.integers(-12, 9))
    value = float(f"{mantissa}e{exponent}")
    return -value if signed and draw(st.booleans()) else value


@st.composite
def near(draw, points):
    """A value on, just around, near or away from one of the given points."""
    point = draw(st.sampled_from(points))
    kind = draw(st.sampled_from(["exact", "hair", "hair", "step", "free"]))
    if kind == "exact":
        return point
    if kind == "hair":   # within a few 1e-10 of the point's magnitude: on it, in decimal terms
        return point + draw(st.integers(-30, 30)) * 1e-10 * max(abs(point), 1e-300)
    if kind == "step":
        return point + draw(st.integers(-2000, 2000)) / 1000 * max(abs(point), 1e-9)
    return draw(magnitudes())


@st.composite
def directional_kpis(draw):
    """(better, target, tolerance amount, percent, stretch) for higher/lower KPIs."""
    better = draw(st.sampled_from(["higher", "lower"]))
    target = draw(magnitudes())
    percent = draw(st.booleans())
    if percent:
        amount = draw(decimals(0, 100, 1))
    else:
        amount = draw(st.one_of(st.just(0.0), magnitudes(signed=False)))
    stretch = None
    if draw(st.booleans()):
        beyond = draw(st.one_of(magnitudes(signed=False),
                                st.integers(1, 50).map(lambda i: i * 1e-10 * abs(target))))
        stretch = target + beyond if better == "higher" else target - beyond
        if stretch == target:
            stretch = None
    return better, target, amount, percent, stretch


@st.composite
def in_range_kpis(draw):
    """(low, high, tolerance amount, percent)."""
    low = draw(magnitudes())
    width = draw(st.one_of(st.just(0.0), magnitudes(signed=False)))
    percent = draw(st.booleans())
    amount = draw(decimals(0, 100, 1)) if percent else draw(st.one_of(st.just(0.0), magnitudes(signed=False)))
    return low, low + width, amount, percent


def edges(better, target, amount, percent, stretch):
    """The points where the rules change for a higher/lower KPI."""
    t = abs(target) * amount / 100 if percent else amount
    sign = 1 if better == "higher" else -1
    points = [target, target - sign * t]
    if stretch is not None:
        points.append(stretch)
    return points


@st.composite
def directional_samples(draw, count: int):
    """A higher/lower KPI and `count` actuals on, around or away from its edges."""
    case = draw(directional_kpis())
    points = edges(*case)
    return (case, *(draw(near(points)) for _ in range(count)))


@st.composite
def in_range_samples(draw):
    """An in-range KPI, a side of the range, and two distances from it (far first)."""
    low, high, amount, percent = draw(in_range_kpis())
    below = draw(st.booleans())
    bound = low if below else high
    t = abs(bound) * amount / 100 if percent else amount
    scale = max(abs(bound), t, 1e-9)
    distance = st.one_of(
        st.just(t), st.just(0.0),
        st.integers(0, 3000).map(lambda i: i / 1000 * scale),
        st.integers(-30, 30).map(lambda i: max(t + i * 1e-10 * scale, 0.0)))
    far, close = sorted((draw(distance), draw(distance)), reverse=True)
    return (low, high, amount, percent), below, far, close


def check_status_and_score(result) -> None:
    """0 <= score <= 10 and red < 10/3 <= amber < 20/3 <= green."""
    assert result.status in RANK
    assert 0.0 <= result.score <= 10.0, result
    if result.status == "red":
        assert result.score < AMBER_FROM, result
    elif result.status == "amber":
        assert AMBER_FROM <= result.score < GREEN_FROM, result
    else:
        assert result.score >= GREEN_FROM, result


# ---------------------------------------------------------------------------
# A better actual never gives a worse status or a lower score
# ---------------------------------------------------------------------------

# Regression: with a stretch, an actual within 1e-9 below the target counts as met
# (green) but its score comes from the stretch line, 20/3 + (a - T) / (S - T) * 10/3,
# without the floor at 20/3 the no-stretch branch has (max(a - T, 0)) and
# without clamping. Input: higher, target 1e9, tolerance 10% (1e8), stretch
# 1e9 + 1: actual 999999999.5 is green with score 5.0, while the worse actual
# 999999998 is amber with score 6.6667. Expected: the better actual scores at
# least as much (and a green score is never below 20/3). compute/status.py,
# the "between target and stretch" branch. Second input: lower, target 1e6,
# tolerance 5, stretch 1e6 - 1e-4: 1000000.0005 is green with score -10.0,
# 1000000.01 amber with 6.66.
@example(sample=(("higher", 1e9, 10.0, True, 1e9 + 1), 999999999.5, 999999998.0))
@example(sample=(("lower", 1e6, 5.0, False, 1e6 - 1e-4), 1e6 + 5e-4, 1e6 + 0.01))
@given(sample=directional_samples(2))
@FAST
def test_a_better_actual_is_never_worse(sample):
    case, a1, a2 = sample
    better, target, amount, percent, stretch = case
    worse, best = sorted((a1, a2)) if better == "higher" else sorted((a1, a2), reverse=True)
    r_worse = evaluate(worse, target, better, amount, percent, stretch)
    r_best = evaluate(best, target, better, amount, percent, stretch)
    assert RANK[r_best.status] >= RANK[r_worse.status], (worse, r_worse, best, r_best)
    assert r_best.score >= r_worse.score, (worse, r_worse, best, r_best)


@given(sample=in_range_samples())
@FAST
def test_closer_to_the_range_is_never_worse(sample):
    (low, high, amount, percent), below, far, close = sample
    bound = low if below else high
    side = -1 if below else 1
    a_far, a_close = bound + side * far, bound + side * close
    r_far = evaluate(a_far, (low, high), "in-range", amount, percent)
    r_close = evaluate(a_close, (low, high), "in-range", amount, percent)
    assert RANK[r_close.status] >= RANK[r_far.status], (a_far, r_far, a_close, r_close)
    assert r_close.score >= r_far.score, (a_far, r_far, a_close, r_close)


# ---------------------------------------------------------------------------
# Score within 0..10 and consistent with status
# ---------------------------------------------------------------------------

# Regression: (same cause as above) with a stretch, an actual "equal" to the target
# within 1e-9 is green with a score below 20/3, below 0 when the stretch is
# close to the target: higher, target 1e6, tolerance 5 (absolute), stretch
# 1e6 + 1e-4, actual 1e6 - 5e-4 -> green with score -10.0. Expected a score in
# 0..10 and >= 20/3 for green.
@example(sample=(("higher", 1e6, 5.0, False, 1e6 + 1e-4), 1e6 - 5e-4))
@example(sample=(("higher", 100.0, 10.0, False, 110.0), 99.9999999999))
@given(sample=directional_samples(1))
@FAST
def test_score_is_within_0_to_10_and_agrees_with_status(sample):
    case, value = sample
    better, target, amount, percent, stretch = case
    check_status_and_score(evaluate(value, target, better, amount, percent, stretch))


@given(case=in_range_kpis(), actual=st.data())
@FAST
def test_in_range_score_is_within_0_to_10_and_agrees_with_status(case, actual):
    low, high, amount, percent = case
    t_low = abs(low) * amount / 100 if percent else amount
    t_high = abs(high) * amount / 100 if percent else amount
    value = actual.draw(near([low, high, low - t_low, high + t_high, (low + high) / 2]))
    check_status_and_score(evaluate(value, (low, high), "in-range", amount, percent))


@given(score=st.one_of(st.none(), st.floats(0, 10)))
@FAST
def test_rolled_up_status_agrees_with_score(score):
    status = status_from_score(score)
    if score is None:
        assert status == "no-data"
    elif status == "green":
        assert score >= GREEN_FROM - 1e-9
    elif status == "amber":
        assert AMBER_FROM - 1e-9 <= score < GREEN_FROM - 1e-9
    else:
        assert score < AMBER_FROM - 1e-9


# ---------------------------------------------------------------------------
# Scale invariance
# ---------------------------------------------------------------------------

MULTIPLIERS = st.one_of(
    st.sampled_from([1e-9, 1e-6, 0.001, 0.01, 0.1, 0.3, 0.7, 1.1, 3, 7, 12.5, 1000, 1e6, 1e9]),
    decimals(0, 1000, 3).filter(lambda k: k > 0),
)


def same_score(one: float, other: float) -> bool:
    """Equal but for 1e-9 relative (and 1e-9 absolute, for scores that cancel to about 0)."""
    return math.isclose(one, other, rel_tol=1e-9, abs_tol=1e-9)


@given(better=st.sampled_from(["higher", "lower"]), target=decimals(-10000, 10000),
       tolerance=decimals(0, 5000), actual=decimals(-10000, 10000), stretch_by=st.one_of(st.none(), decimals(0, 5000)),
       k=MULTIPLIERS, on_edge=st.sampled_from([None, "target", "amber", "stretch"]))
@FAST
def test_scaling_changes_nothing_absolute_tolerance(better, target, tolerance, actual, stretch_by, k, on_edge):
    sign = 1 if better == "higher" else -1
    stretch = target + sign * stretch_by if stretch_by else None
    # exactly on an edge, in decimal (the edge written as a decimal, like a user would)
    if on_edge == "target":
        actual = target
    elif on_edge == "amber":
        actual = round(target - sign * tolerance, 2)
    elif on_edge == "stretch" and stretch is not None:
        actual = stretch
    one = evaluate(actual, target, better, tolerance, False, stretch)
    scaled = evaluate(actual * k, target * k, better, tolerance * k, False, None if stretch is None else stretch * k)
    assert scaled.status == one.status, (one, scaled)
    assert same_score(scaled.score, one.score), (one, scaled)


@given(better=st.sampled_from(["higher", "lower"]), target=decimals(-10000, 10000).filter(bool),
       percent=decimals(0, 100, 1), actual=decimals(-10000, 10000), k=MULTIPLIERS)
@FAST
def test_scaling_changes_nothing_percent_tolerance(better, target, percent, actual, k):
    one = evaluate(actual, target, better, percent, True)
    scaled = evaluate(actual * k, target * k, better, percent, True)
    assert scaled.status == one.status, (one, scaled)
    assert same_score(scaled.score, one.score), (one, scaled)


@given(low=decimals(-10000, 10000), width=decimals(0, 5000), tolerance=decimals(0, 5000), percent=st.booleans(),
       actual=decimals(-20000, 20000), k=MULTIPLIERS, on_edge=st.sampled_from([None, "low", "high", "below", "above"]))
@FAST
def test_scaling_changes_nothing_in_range(low, width, tolerance, percent, actual, k, on_edge):
    high = round(low + width, 2)
    amount = min(tolerance, 100.0) if percent else tolerance
    t_low = abs(low) * amount / 100 if percent else amount
    t_high = abs(high) * amount / 100 if percent else amount
    actual = {None: actual, "low": low, "high": high, "below": round(low - t_low, 6),
              "above": round(high + t_high, 6)}[on_edge]
    one = evaluate(actual, (low, high), "in-range", amount, percent)
    scaled = evaluate(actual * k, (low * k, high * k), "in-range", amount if percent else amount * k, percent)
    assert scaled.status == one.status, (one, scaled)
    assert same_score(scaled.score, one.score), (one, scaled)


# ---------------------------------------------------------------------------
# Roll-ups lie between their children
# ---------------------------------------------------------------------------

SCORES = st.one_of(st.none(), st.floats(0, 10), st.sampled_from([0.0, AMBER_FROM, GREEN_FROM, 10.0]))
WEIGHTS = st.one_of(st.floats(0.001, 1000), st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.0, 2.0, 3.0]))
# Children equal to the last bit can average to one bit above or below them
# (0.1 * 20/3 + 0.7 * 20/3) / 0.8 = 6.666666666666668): FORMAT's 1e-9 equality.
SLACK = 1e-9


def between(value, children) -> bool:
    present = [c for c in children if c is not None]
    if not present:
        return value is None
    return value is not None and min(present) - SLACK <= value <= max(present) + SLACK


@given(pairs=st.lists(st.tuples(SCORES, WEIGHTS), max_size=12))
@FAST
def test_weighted_mean_lies_between_its_children(pairs):
    assert between(weighted_mean(pairs), [score for score, _ in pairs])


@given(scores=st.lists(SCORES, max_size=8))
@FAST
def test_plain_mean_lies_between_its_children(scores):
    assert between(plain_mean(scores), scores)


@given(score=st.floats(0, 10), weights=st.lists(WEIGHTS, min_size=1, max_size=8))
@FAST
def test_equal_children_roll_up_to_about_themselves(score, weights):
    assert abs(weighted_mean((score, w) for w in weights) - score) <= SLACK


def write_project(root: Path, scorecards: dict[str, str], files: dict[str, str]) -> Path:
    (root / "scorecards").mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(parents=True, exist_ok=True)
    for scorecard_id, text in scorecards.items():
        (root / "scorecards" / f"{scorecard_id}.yml").write_text(text, encoding="utf-8")
    for name, text in files.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


PERSPECTIVES = ["financial", "customer", "internal", "learning"]


@st.composite
def random_scorecards(draw):
    """A quarterly scorecard of random objectives and KPIs, and two quarters of actuals."""
    objectives, rows = [], ["kpi,period,actual"]
    count = 0
    for o in range(draw(st.integers(1, 6))):
        kpis = []
        for _ in range(draw(st.integers(1, 3))):
            count += 1
            kpi_id = f"k{count}"
            better = draw(st.sampled_from(["higher", "lower", "in-range"]))
            target = "[40, 60]" if better == "in-range" else "100"
            has_target = draw(st.integers(0, 9)) > 0
            weight = draw(st.sampled_from([0.1, 0.2, 0.5, 1, 2, 3.5]))
            kpis.append(f"      - {{id: {kpi_id}, title: {kpi_id}, better: {better}, weight: {weight}"
                        + (f", target: {target}, tolerance: {draw(st.sampled_from(['0', '10', '30', '10%']))}"
                           if has_target else "") + "}")
            for quarter in ("2026-Q1", "2026-Q2"):
                if draw(st.integers(0, 4)) > 0:
                    rows.append(f"{kpi_id},{quarter},{draw(decimals(0, 200, 1))}")
        perspective = draw(st.sampled_from(PERSPECTIVES))
        weight = draw(st.sampled_from([0.1, 0.3, 1, 2, 5]))
        objectives.append(f"  - id: o{o}\n    title: O{o}\n    perspective: {perspective}\n    weight: {weight}\n"
                          f"    kpis:\n" + "\n".join(kpis))
    card = "title: Card\nobjectives:\n" + "\n".join(objectives) + "\n"
    return card, "\n".join(rows) + "\n"


def kpi_score(kpi_result, period):
    found = [p.score for p in kpi_result.series if p.period == period]
    return found[0] if found else None


@given(project=random_scorecards())
@END_TO_END
def test_rolled_up_scores_lie_between_their_children_end_to_end(project):
    card, data = project
    with tempfile.TemporaryDirectory() as folder:
        result = evaluate_site(write_project(Path(folder), {"card": card}, {"a.csv": data}), Options())
    scorecard = result.scorecard("card")
    for label in scorecard.periods:
        perspective_scores = []
        for perspective in scorecard.perspectives:
            objective_scores = []
            for objective in perspective.objectives:
                kpi_scores = [kpi_score(k, label) for k in objective.kpis]
                score = objective.history[label]
                assert between(score, kpi_scores), (label, objective.objective.id, score, kpi_scores)
                assert score == weighted_mean(zip(kpi_scores, (k.kpi.weight for k in objective.kpis)))
                objective_scores.append((score, objective.objective.weight))
            score = perspective.history[label]
            assert between(score, [s for s, _ in objective_scores]), (label, perspective.perspective.id)
            assert score == weighted_mean(objective_scores)
            perspective_scores.append(score)
        score = scorecard.history[label]
        assert between(score, perspective_scores)
        assert score == plain_mean(perspective_scores)
    # the as-of period: scores and statuses at every level
    for objective in scorecard.objectives:
        assert objective.score == (list(objective.history.values())[-1] if objective.history else None)
        assert objective.status == status_from_score(objective.score)
    for perspective in scorecard.perspectives:
        assert perspective.status == status_from_score(perspective.score)
    assert scorecard.status == status_from_score(scorecard.score)


# ---------------------------------------------------------------------------
# Row order and file boundaries change nothing
# ---------------------------------------------------------------------------

CARD = """\
title: Card
frequency: quarterly
objectives:
  - id: grow
    title: Grow
    perspective: financial
    drives: [keep]
    kpis:
      - {id: sales, title: Sales, better: higher, target: 100, tolerance: 30, aggregate: sum}
      - {id: cost, title: Cost, better: lower, target: {2024-Q1: 60, 2025-08: 50}, tolerance: 10%, aggregate: last}
  - id: keep
    title: Keep
    perspective: customer
    kpis:
      - {id: churn, title: Churn, better: in-range, target: [2, 4], tolerance: 25%, aggregate: mean}
      - {id: nps, title: NPS, better: higher, target: 40, tolerance: 10, stretch: 60, aggregate: max}
"""
TEAM = """\
title: Team
frequency: monthly
fiscal_year_start: 4
objectives:
  - id: ship
    title: Ship
    perspective: internal
    kpis:
      - {id: sales, title: Team sales, better: higher, target: 30, tolerance: 5, aggregate: min}
"""
# (KPI as written in a CSV, whether it takes a range target)
KPIS = [("card/sales", False), ("cost", False), ("churn", True), ("nps", False), ("team/sales", False)]
MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025, 2026) for month in range(1, 13)][:30]


@st.composite
def actuals(draw):
    """Monthly rows of five KPIs over up to 30 months: (kpi, period, actual, target) cells."""
    rnd = draw(st.randoms(use_true_random=False))
    density = draw(st.sampled_from([0.3, 0.7, 1.0]))
    months = MONTHS[: draw(st.integers(6, len(MONTHS)))]
    rows = []
    for kpi, in_range in KPIS:
        for month in months:
            if rnd.random() > density:
                continue
            actual = "" if rnd.random() < 0.05 else f"{rnd.randint(0, 2000) / 10:g}"
            target = ""
            if rnd.random() < 0.15:
                low = rnd.randint(1, 30) / 10
                # nps keeps its CSV targets below its stretch (60)
                target = f"{low:g}..{low + rnd.randint(0, 30) / 10:g}" if in_range else \
                    f"{rnd.randint(1, 59 if kpi == 'nps' else 150)}"
            period = month if rnd.random() < 0.7 else f"{month}-{[28, 15, 1][rnd.randint(0, 2)]:02d}"
            rows.append((kpi, period, actual, target))
    return rows


def csv_text(rows) -> str:
    return "kpi,period,actual,target\n" + "".join(f"{k},{p},{a},{t}\n" for k, p, a, t in rows)


def normalised(result) -> dict[str, str]:
    """Each scorecard's JSON without what legitimately names files and lines."""
    documents = {}
    for scorecard in result.scorecards:
        document = json.loads(scorecard_json(scorecard, result))
        document.pop("inputs")
        for objective in document["objectives"]:
            for kpi in objective["kpis"]:
                kpi.pop("sources")
                kpi.pop("target_origin")
                for entry in kpi["series"]:
                    entry.pop("sources")
                    entry.pop("target_origin")
                # a CSV target is credited to its file and line ("data/a.csv:12")
                if kpi["target_source"] and ".csv:" in kpi["target_source"]:
                    kpi["target_source"] = "csv"
        documents[scorecard.scorecard.id] = json.dumps(document, indent=1, sort_keys=True)
    return documents


def evaluate_files(files: dict[str, str], as_of: str):
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), {"card": CARD, "team": TEAM}, files)
        return evaluate_site(root, read_options({"as_of": as_of}))


@given(rows=actuals(), shuffle=st.randoms(use_true_random=False), parts=st.integers(2, 5),
       as_of=st.sampled_from(["latest", "latest", "2025-08", "2025-Q2", "FY2026"]))
@END_TO_END
def test_row_order_and_file_split_change_nothing(rows, shuffle, parts, as_of):
    reference = normalised(evaluate_files({"actuals.csv": csv_text(rows)}, as_of))

    shuffled = list(rows)
    shuffle.shuffle(shuffled)
    assert normalised(evaluate_files({"actuals.csv": csv_text(shuffled)}, as_of)) == reference

    split: dict[str, list] = {}
    for row in shuffled:
        split.setdefault(f"part-{shuffle.randrange(parts)}.csv", []).append(row)
    names = {name: (f"sub/{name}" if index % 2 else name) for index, name in enumerate(sorted(split))}
    files = {names[name]: csv_text(part) for name, part in split.items()}
    assert normalised(evaluate_files(files, as_of)) == reference


@given(rows=actuals())
@END_TO_END
def test_long_and_wide_forms_give_the_same_results(rows):
    # The wide form carries no targets: drop them, and write one column per KPI.
    # A long row with an empty actual is no value; in the wide form it is an empty cell.
    rows = [(k, p, a, "") for k, p, a, _ in rows]
    reference = normalised(evaluate_files({"long.csv": csv_text(rows)}, "latest"))
    by_period: dict[str, dict[str, str]] = {}
    for kpi, period, actual, _ in rows:
        by_period.setdefault(period, {})[kpi] = actual
    columns = [kpi for kpi, _ in KPIS]
    lines = ["period," + ",".join(columns)]
    for period, values in by_period.items():
        if any(values.get(kpi, "") for kpi in columns):
            lines.append(period + "," + ",".join(values.get(kpi, "") for kpi in columns))
    wide = "\n".join(lines) + "\n"
    assert normalised(evaluate_files({"wide.csv": wide}, "latest")) == reference


def test_a_fixed_draw_of_the_generators_is_valid_input():
    # The shapes the generators above write (qualified ids, dates, ranges, empty cells) load cleanly.
    rows = [("card/sales", "2024-01", "12", ""), ("churn", "2024-02-15", "3", "2..4"), ("nps", "2024-03", "", "50"),
            ("team/sales", "2024-03-28", "7.5", "")]
    result = evaluate_files({"a.csv": csv_text(rows)}, "latest")
    assert (result.scorecard("card").as_of_label, result.scorecard("team").as_of_label) == ("2024-Q1", "2024-03")
    assert result.rows.read == result.rows.placed == 4


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.decimals(min_value=-10**6, max_value=10**6, places=6).map(float),
                 st.integers(-10**6, 10**6).map(lambda n: n / 1000 + 0.0005)),
       st.integers(0, 6))
@example(2.675, 2)
@example(-2.675, 2)
@example(0.125, 2)
@example(-0.001, 2)
@example(1e16, 2)
@example(99.995, 2)
def test_rounding_for_display_takes_shortcuts_that_keep_the_rule(value, places):
    """The quick paths of round_half_away give what the decimal rule gives, bit for bit (the sign of zero too)."""
    quick, rule = round_half_away(value, places), _round_decimal(value, places)
    assert math.copysign(1, quick) == math.copysign(1, rule) and quick == rule, (value, places, quick, rule)


_PATHS = st.lists(st.sampled_from(["a", "b", "ab", "x.csv", "index.html", ".", "..", ""]), max_size=4).map("/".join)


@given(_PATHS, _PATHS)
@example("a/b", ".")
@example(".", "a")
@example("a/b", "a/b")
@example("a/./b/", "a//c")
def test_links_between_pages_are_what_posixpath_gives(target, start):
    """The quick path of `relpath`, which every link between pages takes, gives posixpath's answer."""
    target, start = target or ".", start or "."
    assert relpath(target, start) == posixpath.relpath(target, start)
