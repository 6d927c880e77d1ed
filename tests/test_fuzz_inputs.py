"""Whatever text arrives, the loader loads it or reports problems: it never crashes.

Hypothesis writes CSV and YAML text (well-formed, nearly well-formed and
plain garbage, in several encodings) into a copy of the corpus base project
and runs `load_project`. The only acceptable outcomes are a loaded project
or an InputError listing problems as `file:line: message; hint`. Any other
exception is a bug. The row accounting holds either way.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.load import load_project

BASE = Path(__file__).parent / "bad_inputs" / "_base"
ENTERPRISE = (BASE / "scorecards" / "enterprise.yml").read_text(encoding="utf-8")
ACTUALS = (BASE / "data" / "actuals.csv").read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def project():
    """One copy of the base project; each example overwrites the files it fuzzes and puts them back."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(BASE, root)
        yield root


def load_or_report(root: Path) -> None:
    """The property: a project, or InputError with well-formed problems; row counts add up either way."""
    try:
        loaded = load_project(root)
    except InputError as error:
        assert error.problems, "InputError without problems"
        for problem in error.problems:
            assert problem.file and problem.message and problem.hint, problem
            place = f"{problem.file}:{problem.line}" if problem.line else problem.file
            assert str(problem).startswith(place + (f":{problem.column}: " if problem.column else ": ")), problem
        if error.rows is not None:
            assert error.rows.read == error.rows.placed + error.rows.rejected
        return
    actuals = loaded.actuals
    assert actuals.rows.read == actuals.rows.placed + actuals.rows.rejected
    assert actuals.rows.rejected == 0


def put(root: Path, relative: str, content: bytes):
    path = root / relative
    original = (BASE / relative).read_bytes() if (BASE / relative).exists() else None
    path.write_bytes(content)
    return lambda: path.write_bytes(original) if original is not None else path.unlink()


# --------------------------------------------------------------------------- CSV

CSV_TOKENS = ["revenue", "nps", "deals", "days-to-value", "enterprise/revenue", "sales/deals", "revenu", "nrr",
              "2026-01", "2026-03-31", "2026-Q1", "2026", "FY2026-Q2", "2026-13", "Mar-26", "2206-01",
              "101.5", "1,234.5", "1.234,5", "12.5%", "-3", "1e3", "1e999", "nan", "inf", "#N/A", "٣", "30..50",
              "0", "", " ", '"', '""', "é", "\x00", "\u00a0", "\ufeff", "kpi", "period", "actual", "target", "note"]
HEADERS = ["kpi,period,actual,target,note", "kpi,period,actual", "period,revenue,deals", "period,actual,target",
           "period,enterprise/nps,sales/deals", "KPI,Period,Actual", "sep=;", "", "kpi,kpi,period,actual"]
cell = st.one_of(st.sampled_from(CSV_TOKENS), st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
                 st.text(alphabet=',;\t"\r\n .-0123456789%e', max_size=8))
row = st.lists(cell, max_size=7)


@st.composite
def csv_bytes(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    header = draw(st.one_of(st.sampled_from(HEADERS), st.builds(delimiter.join, row)))
    quoting = draw(st.booleans())
    lines = [header.replace(",", delimiter)]
    for cells in draw(st.lists(row, max_size=12)):
        lines.append(delimiter.join('"' + c.replace('"', '""') + '"' if quoting else c for c in cells))
    text = end.join(lines) + draw(st.sampled_from(["", end, end * 3]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-be", "latin-1"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(content=csv_bytes(), where=st.sampled_from(["data/fuzz.csv", "data/actuals.csv", "data/finance/nrr.csv"]))
def test_fuzzed_csv_loads_or_reports(project, content, where):
    restore = put(project, where, content)
    try:
        load_or_report(project)
    finally:
        restore()


@FUZZ
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]),
                                 st.sampled_from(CSV_TOKENS + [",", ";", "\n", "\r\n", '"', "\t"])),
                       min_size=1, max_size=6))
def test_mutated_csv_loads_or_reports(project, edits):
    restore = put(project, "data/actuals.csv", mutate(ACTUALS, edits).encode("utf-8", errors="surrogatepass"))
    try:
        load_or_report(project)
    finally:
        restore()


# -------------------------------------------------------------------------- YAML

YAML_TOKENS = [":", ": ", "-", "- ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "!!str ", "!x ", "|", ">",
               "#", "%", "@", "`", "?", "\t", "\n", "\n  ", "    ", "no", "on", "yes", "~", "012", "12:30",
               "2026-01-01", "2026-02-30", ".inf", ".nan", "1e999", "=", "<<", "---", "...", "é", "\x00", "\x85",
               "\ufeff", "id", "title", "kpis", "drives", "target", "tolerance", "10%", "better", "in-range"]
KEYS = ["title", "owner", "description", "parent", "frequency", "fiscal_year_start", "perspectives", "themes",
        "objectives", "id", "perspective", "theme", "weight", "drives", "supports", "kpis", "initiatives", "unit",
        "better", "target", "tolerance", "stretch", "aggregate", "indicator", "decimals", "source", "start", "due",
        "budget", "progress", "Title", "colour"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    st.sampled_from(YAML_TOKENS + ["financial", "higher", "quarterly", "grow-revenue", "2026-Q1",
                                                   "enterprise/grow-revenue", "finance/nrr.csv"]),
                    st.text(max_size=10), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(KEYS), scalars), inner, max_size=5)),
    max_leaves=25)


def mutate(text: str, edits) -> str:
    for where, how, token in edits:
        at = int(where * len(text))
        if how == "insert":
            text = text[:at] + token + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + len(token):]
        else:
            text = text[:at] + token + text[at + 1:]
    return text


@FUZZ
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace"]),
                                 st.sampled_from(YAML_TOKENS)), min_size=1, max_size=6))
def test_mutated_yaml_loads_or_reports(project, edits):
    text = mutate(ENTERPRISE, edits)
    restore = put(project, "scorecards/enterprise.yml", text.encode("utf-8", errors="surrogatepass"))
    try:
        load_or_report(project)
    finally:
        restore()


@FUZZ
@given(value=values, flow=st.booleans(), where=st.sampled_from(["root", "objective", "kpi"]))
def test_generated_yaml_loads_or_reports(project, value, flow, where):
    if where == "objective":
        value = {"title": "T", "objectives": [value]}
    elif where == "kpi":
        value = {"title": "T", "objectives": [{"id": "o", "title": "O", "perspective": "financial", "kpis": [value]}]}
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    restore = put(project, "scorecards/enterprise.yml", text.encode("utf-8", errors="surrogatepass"))
    try:
        load_or_report(project)
    finally:
        restore()


@FUZZ
@given(content=st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_arbitrary_yaml_text_loads_or_reports(project, content, encoding):
    restore = put(project, "scorecards/enterprise.yml", content.encode(encoding, errors="replace"))
    try:
        load_or_report(project)
    finally:
        restore()


@FUZZ
@given(name=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/\\\x00"), min_size=1, max_size=20),
       folder=st.sampled_from(["enterprise", "sales", "enterprize", "enterprise/2026-Q1", "enterprise/2026-Q2"]))
def test_commentary_file_names_load_or_report(project, name, folder):
    if name in (".", ".."):
        return
    path = project / "data" / "commentary" / folder / f"{name}.md"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Note\n", encoding="utf-8")
    except OSError:   # a name the file system refuses is not an input
        return
    try:
        load_or_report(project)
    finally:
        path.unlink()
