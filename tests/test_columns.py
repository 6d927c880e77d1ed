"""Rules applied to whole columns give the same numbers as applied one value at a time.

Evaluation works on arrays: a scorecard's KPI cells are scored in one pass,
roll-ups are grouped means over tables of scores, every arrow of a
scorecard is weighed at once. Published numbers must not depend on how
many things were computed together, so each batch is checked here against
the same rule applied to each item on its own, bit for bit (repr).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.compute.evidence import decimal_scores, spearman, weigh_arrow, weigh_arrows
from mkdocs_scorecards.compute.rollup import weighted_mean, weighted_means
from mkdocs_scorecards.compute.status import evaluate, evaluate_columns

FAST = settings(max_examples=150, deadline=None)

numbers = st.one_of(st.sampled_from([0.0, 1.0, 1.1, 0.99, 100.0, -5.0]),
                    st.integers(-2000, 2000).map(lambda i: i / 10),
                    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
scores = st.one_of(st.none(), st.sampled_from([0.0, 10 / 3, 20 / 3, 10.0]), st.floats(0, 10))


@st.composite
def cells(draw):
    """(actual, target, better, tolerance amount, percent, stretch) as a KPI cell can hold them."""
    better = draw(st.sampled_from(["higher", "lower", "in-range"]))
    low = draw(numbers)
    target = (low, low + abs(draw(numbers))) if better == "in-range" else draw(st.one_of(st.none(), st.just(low)))
    actual = draw(st.one_of(st.none(), numbers, st.just(low), st.just(low * (1 + 1e-10))))
    stretch = None if better == "in-range" else draw(st.one_of(st.none(), numbers))
    return actual, target, better, draw(st.sampled_from([0.0, 5.0, 10.0, 20.0])), draw(st.booleans()), stretch


def _column(values) -> np.ndarray:
    return np.array([np.nan if value is None else value for value in values], dtype=float)


@FAST
@given(st.lists(cells(), min_size=1, max_size=12))
def test_a_batch_of_cells_scores_as_each_cell_alone(batch):
    lows = [None if t is None else (t[0] if isinstance(t, tuple) else t) for _, t, *_ in batch]
    highs = [None if t is None else (t[1] if isinstance(t, tuple) else t) for _, t, *_ in batch]
    found = evaluate_columns(_column([c[0] for c in batch]), _column(lows), _column(highs),
                             np.array([c[2] for c in batch], dtype=object), np.array([c[3] for c in batch]),
                             np.array([c[4] for c in batch]), _column([c[5] for c in batch]))
    for i, (actual, target, better, amount, percent, stretch) in enumerate(batch):
        assert repr(found.at(i)) == repr(evaluate(actual, target, better, amount, percent, stretch))


@FAST
@given(st.lists(st.lists(st.tuples(scores, st.sampled_from([0.5, 1.0, 2.0, 3.0])), max_size=6), min_size=1,
                max_size=5))
def test_grouped_means_are_each_group_s_own_mean(groups):
    children = [child for group in groups for child in group]
    rows, start = [], 0
    for group in groups:
        rows.append(list(range(start, start + len(group))))
        start += len(group)
    table = _column([score for score, _ in children]).reshape(len(children), 1)
    found = weighted_means(table, [weight for _, weight in children], rows)[:, 0]
    for mean, group in zip(found.tolist(), groups):
        assert repr(None if mean != mean else mean) == repr(weighted_mean(group))


@st.composite
def arrows(draw, length: int):
    """An arrow's cause and effect scores by period position, some periods without a score."""
    series = st.lists(scores, min_size=length, max_size=length)
    return draw(series), draw(series)


@FAST
@given(st.integers(0, 20).flatmap(lambda length: st.lists(arrows(length), min_size=1, max_size=6)))
def test_arrows_weighed_together_are_weighed_as_each_alone(batch):
    length = len(batch[0][0])
    causes = np.array([decimal_scores(_column(cause)) for cause, _ in batch]).reshape(len(batch), length)
    effects = np.array([decimal_scores(_column(effect)) for _, effect in batch]).reshape(len(batch), length)
    for found, (cause, effect) in zip(weigh_arrows(causes, effects), batch):
        alone = weigh_arrow({i: s for i, s in enumerate(cause) if s is not None},
                            {i: s for i, s in enumerate(effect) if s is not None})
        assert repr(found) == repr(alone)


def test_spearman_of_scores_equal_in_decimal_is_none():
    assert spearman(np.array([20 / 3, 6.666666666666667, 6.666666666666666]), np.array([1.0, 2.0, 3.0])) is None


FORMULAS = ["a / b", "ytd(a)", "(a - prev(a, 4)) / prev(a, 4)", "a - prev(a, 1) + prev(a, 1) * 2", "-a + b",
            "ytd(prev(a, 1)) / b", "prev(ytd(a), 2) - b", "prev(a, 1) / prev(b, 1)", "a / (b - 2)", "3 * ytd(a - b)"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(FORMULAS),
       st.lists(st.tuples(st.sampled_from(["a", "b"]), st.integers(0, 23), st.integers(0, 4)), min_size=1,
                max_size=30, unique_by=lambda row: row[:2]))
def test_the_periods_published_without_an_actual_are_those_an_input_of_the_period_was_used_in(formula, data):
    """A calculated KPI's periods without an actual are published where the inputs it used include a
    value of that very period (FORMAT sections 8 and 11). The walked tree finds them for all periods at
    once; here each period's listed inputs are read one at a time, and each is listed once."""
    import tempfile
    from pathlib import Path

    from mkdocs_scorecards.compute.scorecard import _as_of_and_values, evaluate_project
    from mkdocs_scorecards.options import read_options
    from mkdocs_scorecards.site import load_site
    from test_golden_rules import write_project

    card = ("title: Card\nfrequency: quarterly\nfiscal_year_start: 4\nmeasures:\n"
            "  - {id: a, title: A, aggregate: sum}\n  - {id: b, title: B}\n"
            "objectives:\n  - id: o\n    title: O\n    perspective: customer\n    kpis:\n"
            f"      - {{id: f, title: F, better: higher, target: 1, formula: '{formula}'}}\n")
    rows = "".join(f"{name},{2025 + month // 12}-{month % 12 + 1:02d},{value}\n" for name, month, value in data)
    options = read_options({"as_of": "2026-Q4"})
    with tempfile.TemporaryDirectory() as folder:
        project = load_site(write_project(Path(folder), {"card": card}, {"a.csv": "kpi,period,actual\n" + rows}),
                            options)
    _, values = _as_of_and_values(project, options.as_of)
    series = values[("card", "f")]
    expected = []
    for position, period in enumerate(series.periods):
        inputs = series.inputs_of(position)
        assert len(set(inputs)) == len(inputs)
        if series.actual_at(position) is None and any(value.label == period.label for value in inputs):
            expected.append(period.label)
    kpi = evaluate_project(project, options.as_of).scorecard("card").kpis_by_id["f"][1]
    assert [period.label for period in kpi.no_actual] == expected
    assert all(period.missing is not None and period.actual is None for period in kpi.no_actual)
