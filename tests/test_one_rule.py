"""Each rule is written once: the band evaluation chose is the one the explanation narrates,
options are read by one function for the plugin and the command line, periods stay values
from load to render, and a machine's failure is never reported as a mistake in the inputs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_env
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_scorecards.compute.results import KpiPeriod, TargetOrigin, TargetSource
from mkdocs_scorecards.compute.status import Band, Status, evaluate
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.model import Kpi, Place, Tolerance
from mkdocs_scorecards.options import Options, read_options
from mkdocs_scorecards.periods import parse_label
from mkdocs_scorecards.render.explanation import score_step

PACKAGE = REPO / "plugins" / "mkdocs_scorecards"


def explained(actual, target, better, tolerance: Tolerance, stretch=None):
    """The evaluation of one value, and the score step the explanation prints for it."""
    found = evaluate(actual, target, better, tolerance.amount, tolerance.percent, stretch)
    kpi = Kpi("k", "K", better, Place("scorecards/x.yml", 3), tolerance=tolerance, stretch=stretch)
    period = KpiPeriod(parse_label("2026-Q1"), actual, target, TargetSource(TargetOrigin.DEFINITION),
                       found.tolerance, found.band, found.status, found.score, False, ("2026-01",), (), ())
    return found, score_step(kpi, period).lines


# --- one scoring rule ------------------------------------------------------------------

def test_an_actual_a_hair_under_the_target_is_narrated_as_between_target_and_stretch():
    """The case that used to disagree: evaluation scored it between target and stretch, while the
    explanation worked the band out again and printed the tolerance formula."""
    found, lines = explained(100 - 1e-10, 100.0, "higher", Tolerance(10.0, True), stretch=110.0)
    assert (found.status, found.band) == (Status.GREEN, Band.BETWEEN_TARGET_AND_STRETCH)
    assert found.score == pytest.approx(20 / 3)
    assert lines == ("The actual is within 1e-9 of the target, so it counts as on the target.",
                     "Between target and stretch: 20/3 + (100 - 100) / (110 - 100) x 10/3 = 6.67")


# (actual, target, better, tolerance, stretch, band, first words of the score step's last line)
BANDS = [
    (112, 100, "higher", Tolerance(10, True), 110, Band.AT_OR_BEYOND_STRETCH, "At or beyond the stretch 110: 10.00."),
    (105, 100, "higher", Tolerance(10, True), 110, Band.BETWEEN_TARGET_AND_STRETCH, "Between target and stretch"),
    (104, 100, "higher", Tolerance(10, True), None, Band.MET, "published as 8.00"),
    (100, 100, "higher", Tolerance(0, False), None, Band.MET_NO_TOLERANCE, "No tolerance: 20/3 when met = 6.67."),
    (95, 100, "higher", Tolerance(10, True), None, Band.WITHIN_TOLERANCE, "published as 5.00"),
    (70, 100, "higher", Tolerance(10, True), None, Band.BEYOND_TOLERANCE, "kept within 0..10 (and its band): 0.00"),
    (99, 100, "higher", Tolerance(0, False), None, Band.MISSED_NO_TOLERANCE, "No tolerance: 0 when missed = 0.00."),
    (95, 100, "lower", Tolerance(10, True), 90, Band.BETWEEN_TARGET_AND_STRETCH, "Between target and stretch"),
    (75, (70, 80), "in-range", Tolerance(10, True), None, Band.INSIDE_RANGE, "Inside the range: 20/3 = 6.67."),
    (82, (70, 80), "in-range", Tolerance(0, False), None, Band.OUTSIDE_RANGE_NO_TOLERANCE,
     "Outside the range with no tolerance: 0.00."),
    (84, (70, 80), "in-range", Tolerance(10, True), None, Band.OUTSIDE_RANGE_WITHIN_TOLERANCE,
     "score = 20/3 - distance / 8 x 10/3, kept within 0..10 = 5.00"),
    (90, (70, 80), "in-range", Tolerance(10, True), None, Band.OUTSIDE_RANGE_BEYOND_TOLERANCE,
     "score = 20/3 - distance / 8 x 10/3, kept within 0..10 = 2.50"),
]


@pytest.mark.parametrize("actual, target, better, tolerance, stretch, band, last", BANDS)
def test_every_band_has_its_own_narration(actual, target, better, tolerance, stretch, band, last):
    found, lines = explained(float(actual), target, better, tolerance, stretch)
    assert found.band == band
    assert lines[-1].startswith(last), lines


def test_every_band_is_covered_by_the_table():
    assert {case[5] for case in BANDS} == set(Band) - {Band.NONE}


@settings(max_examples=300, deadline=None)
@given(actual=st.floats(-1e6, 1e6, allow_nan=False), target=st.floats(-1e6, 1e6, allow_nan=False),
       better=st.sampled_from(["higher", "lower"]), amount=st.floats(0, 50), percent=st.booleans(),
       beyond=st.one_of(st.none(), st.floats(0.01, 1e4)))
def test_the_narrated_formula_gives_the_published_score(actual, target, better, amount, percent, beyond):
    """Whatever the band, the number the score step ends with is the score evaluation gave."""
    if percent and target == 0:
        return
    stretch = None if beyond is None else target + (beyond if better == "higher" else -beyond)
    found, lines = explained(actual, target, better, Tolerance(amount, percent), stretch)
    assert lines[-1].rstrip(".").endswith(f"{found.score:.2f}"), (found, lines)


# --- periods stay values ---------------------------------------------------------------

TEXT_READERS = {"parse_label", "read_label", "read_period", "parse"}


@pytest.mark.parametrize("folder", ["compute", "render"])
def test_compute_and_render_turn_no_text_into_periods(folder):
    """Labels are read once, in load/ (and the command line reads its own --period); below that, periods are values."""
    for path in sorted((PACKAGE / folder).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not TEXT_READERS & {alias.name for alias in node.names}, f"{path.name} imports a text reader"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in TEXT_READERS, f"{path.name}:{node.lineno} reads period text"


# --- one options object ----------------------------------------------------------------

def test_options_are_defaulted_and_checked_once():
    assert read_options({}) == Options()
    chosen = read_options({"as_of": 2026, "output": "/board/", "definitions": None})
    assert chosen.as_of.text == "2026" and chosen.output == "board" and chosen.definitions == "scorecards"
    with pytest.raises(InputError) as caught:
        read_options({"as_of": "2026-Q5", "graphviz": "svg", "outptu": "x", "data": 3}, "site.yml")
    assert [str(p) for p in caught.value.problems] == [
        "site.yml: as_of '2026-Q5' is not a period; write `as_of: latest` or a label such as 2026-Q3, 2026-09 or 2026",
        "site.yml: graphviz must be one of wasm, native, not 'svg'; `wasm` runs Graphviz in-process; `native` runs "
        "the `dot` program",
        "site.yml: option 'data' must be a folder or path written as text, not 3; write e.g. `data: data`",
        "site.yml: unknown option 'outptu' of the scorecards plugin; did you mean 'output'?",
    ]


def _project_with_settings(tmp_path: Path, settings_name: str, as_of: str) -> Path:
    import shutil

    for folder in ("scorecards", "data", "site_src", "theme"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("as_of: latest", f"as_of: {as_of}")
    (tmp_path / settings_name).write_text(text, encoding="utf-8")
    return tmp_path


def test_errors_in_the_options_name_the_settings_file_mkdocs_was_given(tmp_path):
    project = _project_with_settings(tmp_path, "board.yml", "2026-Q9")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "board.yml"),
                           "-d", str(tmp_path / "out")], cwd=project, env=build_env(), capture_output=True,
                          text=True, check=False)
    assert done.returncode != 0
    assert "board.yml: as_of '2026-Q9' is not a period" in done.stderr
    assert "mkdocs.yml" not in done.stderr
    cli = subprocess.run([sys.executable, "-m", "mkdocs_scorecards.cli", "validate", str(project), "-f", "board.yml"],
                         capture_output=True, text=True, check=False)
    assert cli.returncode == 1
    assert "board.yml: as_of '2026-Q9' is not a period" in cli.stdout


# --- the machine's failures are not the user's ------------------------------------------

def test_a_graphviz_that_cannot_run_is_a_build_failure_not_an_input_problem(tmp_path):
    project = _project_with_settings(tmp_path, "mkdocs.yml", "latest")
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("as_of: latest", "as_of: latest\n      graphviz: native"))
    env = build_env()
    env["PATH"] = str(Path(sys.executable).parent)   # python and mkdocs, but no `dot`
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                          cwd=project, env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "the scorecards could not be built" in done.stderr and "could not be run" in done.stderr
    assert "problems in the scorecard inputs" not in done.stderr
