"""No value is lost or silently overwritten: every CSV row is accounted for (FORMAT section 4).

A row is a line (or, with a quoted line break, lines) below a file's header
that holds at least one non-blank cell. Blank rows are not rows: they are
skipped and not counted. Every row is counted once as read, and then as
placed (its values are in the table, with its file and line) or as rejected
(a problem names it, or its file's header when the whole file is refused, or
the first row of a KPI whose definition cannot be read). So

    rows read == rows placed + rows rejected

always, with or without errors. Rows dated after `as_of` are validated and
placed like any other; they only take no part in evaluation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.errors import InputError, Problems
from mkdocs_scorecards.load import load_project
from mkdocs_scorecards.load.actuals import read_actuals
from mkdocs_scorecards.options import read_options
from mkdocs_scorecards.site import evaluate_site

BASE = Path(__file__).parent / "bad_inputs" / "_base"


def project_with(tmp_path: Path, files: dict[str, str], definitions: dict[str, str] | None = None) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    for name, text in {**files, **(definitions or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def counted_rows(text: str) -> list[int]:
    """Lines of the rows below the header, counted independently of the loader (no quoted line breaks here)."""
    lines = [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.replace(",", "").strip()]
    return [number for number, _ in lines[1:]]


def all_rows(root: Path) -> dict[str, list[int]]:
    data = root / "data"
    return {path.relative_to(root).as_posix(): counted_rows(path.read_text(encoding="utf-8"))
            for path in sorted(data.rglob("*.csv"))}


LATER = """kpi,period,actual,target,note

revenue,2026-04,40,,
revenue,2026-05,41,,

revenue,2026-07,45,,after as_of
deals,2026-09,14,,after as_of
nps,2026-Q4,48,,after as_of
"""
WIDE = """period,deals,enterprise/days-to-value
2026-03,12,
2026-04,,
,,
2026-Q2,,13
"""


def test_a_clean_project_places_every_row_and_rows_after_as_of_too(tmp_path):
    root = project_with(tmp_path, {"data/later.csv": LATER, "data/wide.csv": WIDE})
    project = load_project(root)
    actuals = project.actuals
    expected = all_rows(root)
    assert actuals.rows.files == len(expected) == 4
    assert actuals.rows.read == sum(len(lines) for lines in expected.values()) == 7 + 3 + 5 + 3
    assert actuals.rows.placed == actuals.rows.read
    assert actuals.rows.rejected == 0
    # Every row with a value is in the table at its file and line; the wide row
    # `2026-04,,` holds no value, so it is placed without adding to the table.
    table = actuals.table
    placed = set(zip(table["file"].astype(str), table["line"].astype(int)))
    with_values = {(file, line) for file, lines in expected.items() for line in lines} - {("data/wide.csv", 3)}
    assert placed == with_values
    # Rows after as_of are placed, and evaluation leaves them out without losing count of them.
    assert {"2026-07", "2026-09"} <= {f"{first // 12}-{first % 12 + 1:02d}" for first in table["first"]}
    result = evaluate_site(root, read_options({"as_of": "2026-Q2"}))
    assert (result.rows.read, result.rows.placed, result.rows.rejected) == (18, 18, 0)


BAD_ACTUALS = """kpi,period,actual,target,note
revenue,2026-01,30,,
revenue,2026-02,thirty,,
revenu,2026-03,35,,

nps,2026-Q5,42,,
days-to-value,2026-Q1,15,,
days-to-value,2026-Q1,16,,
deals,2026-01,9
deals,2026-02,11,,,x
nps,2026-Q1,42,,
nps,2026-04,41,,
,,,,
deals,2026-03,1,,
"""
BAD_WIDE = """period,deals,enterprise/days-to-value
2026-04,12,lots
2026-05,13,
"""
BAD_HEADER = """kpi,period,value
deals,2026-06,1
deals,2026-07,2
"""


def test_rows_with_errors_are_counted_as_rejected(tmp_path):
    root = project_with(tmp_path, {"data/actuals.csv": BAD_ACTUALS, "data/wide.csv": BAD_WIDE,
                                   "data/header.csv": BAD_HEADER})
    with pytest.raises(InputError) as caught:
        load_project(root)
    rows = caught.value.rows
    read, files, placed, rejected = rows.read, rows.files, rows.placed, rows.rejected
    expected = all_rows(root)
    assert files == len(expected) == 4
    assert read == sum(len(lines) for lines in expected.values()) == 11 + 3 + 2 + 2
    assert read == placed + rejected
    # thirty, revenu, 2026-Q5, the second days-to-value, two ragged rows, nps monthly after quarterly,
    # the wide row with `lots`, and both rows under the header with an unknown column.
    assert rejected == 10
    named = {(p.file, p.line) for p in caught.value.problems}
    assert {("data/actuals.csv", n) for n in (3, 4, 6, 8, 9, 10, 12)} <= named
    assert {("data/wide.csv", 2), ("data/header.csv", 1)} <= named


def test_rows_of_a_kpi_whose_definition_is_broken_are_rejected_and_named_once(tmp_path):
    definition = (BASE / "scorecards" / "enterprise.yml").read_text(encoding="utf-8")
    root = project_with(tmp_path, {"data/more.csv": "kpi,period,actual\nnps,2026-Q2,43\nnps,2026-Q3,44\n"},
                        {"scorecards/enterprise.yml": definition.replace("better: in-range", "better: inside")})
    with pytest.raises(InputError) as caught:
        load_project(root)
    rows = caught.value.rows
    read, placed, rejected = rows.read, rows.placed, rows.rejected
    assert (read, placed, rejected) == (12, 9, 3)
    set_aside = [str(p) for p in caught.value.problems if "were not read" in p.message]
    assert [text.split(":")[:2] for text in set_aside] == [["data/actuals.csv", "5"], ["data/more.csv", "2"]]


# Property: whatever mix of good, bad and blank rows a file holds, every row is
# counted once, every placed row is in the table, and every rejected row is named.
GOOD = ["revenue,2026-0{m},{n},,", "deals,2026-0{m},{n},,note {n}", "enterprise/revenue,2026-0{m},{n},,",
        "days-to-value,2026-Q{q},{n},,", "nps,2026-Q{q},{n},30..50,", "deals,2026-0{m}-28,{n},,"]
BAD = ["revenue,2026-0{m},x{n},,", "revenu,2026-0{m},{n},,", "revenue,2026-1{n},1,,", "revenue,2026,{n},,",
       "deals,2026-0{m},{n}", "deals,2026-0{m},{n},,,,extra", "nps,2026-Q{q},{n},40,", ",2026-0{m},{n},,",
       "revenue,2026-0{m},nan,,", "deals,2026-0{m},1e999,,", "revenue,,{n},,"]
BLANK = ["", "   ", ",,,,", " , ,,"]

row_spec = st.tuples(st.sampled_from(GOOD + BAD + BLANK), st.integers(1, 9), st.integers(1, 4), st.integers(0, 999))


def render(specs) -> str:
    return "kpi,period,actual,target,note\n" + "".join(
        template.format(m=month, q=quarter, n=number) + "\n" for template, month, quarter, number in specs)


@pytest.fixture(scope="module")
def scorecards():
    return list(load_project(BASE).scorecards)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(row_spec, max_size=25), second=st.lists(row_spec, max_size=10))
def test_every_row_is_placed_or_named(scorecards, first, second):
    texts = {"data/a.csv": render(first), "data/b.csv": render(second)}
    files = [(name, name[len("data/"):], text.encode()) for name, text in texts.items()]
    problems = Problems()
    actuals = read_actuals(files, scorecards, problems, {}, {}, {path for _, path, _ in files})
    rows = {(name, line) for name, text in texts.items() for line in counted_rows(text)}
    assert actuals.rows.read == len(rows)
    assert actuals.rows.read == actuals.rows.placed + actuals.rows.rejected
    table = actuals.table
    in_table = set(zip(table["file"].astype(str), table["line"].astype(int)))
    named = {(p.file, p.line) for p in problems.items}
    # A row is rejected exactly when a problem names it (a second value for a KPI and
    # period stays in the table but is named and rejected); otherwise its value is in the table.
    assert actuals.rows.rejected == len(rows & named)
    assert actuals.rows.placed == len(rows - named)
    assert rows - named <= in_table
