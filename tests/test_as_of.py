"""as_of read in each scorecard's calendar; rows after it take no part (FORMAT section 5)."""

from __future__ import annotations

from conftest import REPO
from mkdocs_scorecards.options import read_options
from mkdocs_scorecards.site import evaluate_site


def _kpi(result, scorecard_id, kpi_id):
    scorecard = result.scorecard(scorecard_id)
    return next(k for o in scorecard.objectives for k in o.kpis if k.kpi.id == kpi_id), scorecard


def test_a_month_as_of_on_a_quarterly_scorecard_cuts_the_quarter_at_that_month():
    result = evaluate_site(REPO, read_options({"as_of": "2026-08"}))
    releases, enterprise = _kpi(result, "enterprise", "releases")
    assert enterprise.as_of_label == "2026-Q3"
    # releases is summed: July 9 + August 10 (data/enterprise.csv:190-191); September's 10 is after as_of.
    assert releases.current.actual == 19.0
    assert releases.current.partial is True
    assert releases.current.rows[-1] == ("data/enterprise.csv", 191)
    monthly = result.scorecard("customer-success")
    assert monthly.as_of_label == "2026-08"


def test_a_quarter_as_of_on_a_monthly_scorecard_is_its_last_month():
    result = evaluate_site(REPO, read_options({"as_of": "2026-Q2"}))
    assert result.scorecard("customer-success").as_of_label == "2026-06"
    assert result.scorecard("enterprise").as_of_label == "2026-Q2"
    assert result.scorecard("enterprise").today.isoformat() == "2026-06-30"


def test_folders_outside_the_project_are_named_relative_to_it(tmp_path):
    import shutil

    project, outside = tmp_path / "site", tmp_path / "shared"
    project.mkdir()
    shutil.copytree(REPO / "scorecards", outside / "scorecards")
    shutil.copytree(REPO / "data", outside / "data")
    result = evaluate_site(project, read_options({"definitions": "../shared/scorecards", "data": "../shared/data"}))
    paths = [item.path for item in result.inputs]
    assert "../shared/scorecards/enterprise.yml" in paths
    assert all(path.startswith("../shared/") for path in paths)
    nrr, _ = _kpi(result, "enterprise", "nrr")
    assert nrr.current.rows[-1] == ("../shared/data/finance/nrr.csv", 37)
    import json
    from importlib import resources

    import jsonschema
    from mkdocs_scorecards.render.json_out import scorecard_json

    schema = json.loads(resources.files("mkdocs_scorecards").joinpath("schemas/scorecard-json.schema.json").read_text())
    document = json.loads(scorecard_json(result.scorecard("enterprise"), result))
    jsonschema.Draft202012Validator(schema).validate(document)
