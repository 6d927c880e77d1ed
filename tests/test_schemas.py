"""The JSON Schemas shipped in mkdocs_scorecards/schemas/.

scorecard-json.schema.json describes scorecard.json exactly as the plugin
writes it (FORMAT section 8); every object in it is closed, so a key added,
renamed or retyped in render/json_out.py fails here until the schema says
so too. scorecard-yaml.schema.json describes a scorecard definition
(FORMAT section 3) for editors; it must accept what the loader accepts and
reject what it can of what the loader rejects, and the tests below check
both directions against load/definitions.py itself.
"""

from __future__ import annotations

import copy
import fnmatch
import importlib.resources
import json
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.validators import validator_for
from mkdocs_scorecards.errors import InputError
from mkdocs_scorecards.load import definitions, kpi_keys, load_project
from mkdocs_scorecards.options import Options, read_options
from mkdocs_scorecards.render.json_out import scorecard_json
from mkdocs_scorecards.site import evaluate_site

JSON_SCHEMA = "scorecard-json.schema.json"
YAML_SCHEMA = "scorecard-yaml.schema.json"
SCHEMA_DIR = REPO / "plugins" / "mkdocs_scorecards" / "schemas"
EXAMPLE_IDS = ("customer-success", "engineering", "enterprise", "onboarding-team")
CORPUS = Path(__file__).parent / "bad_inputs"


def shipped(name: str) -> dict:
    """A schema as an installed package hands it out."""
    resource = importlib.resources.files("mkdocs_scorecards").joinpath("schemas", name)
    return json.loads(resource.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def json_validator() -> Draft202012Validator:
    return Draft202012Validator(shipped(JSON_SCHEMA), format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def yaml_validator() -> Draft7Validator:
    return Draft7Validator(shipped(YAML_SCHEMA), format_checker=Draft7Validator.FORMAT_CHECKER)


class _TextDates(yaml.SafeLoader):
    """YAML as an editor sees it: 2026-01-01 stays the text it is (JSON has no dates)."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _string_keys(value):
    """Mapping keys as text, as in JSON (`2026: 95` in a schedule has the key "2026")."""
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def read_yaml(text: str):
    return _string_keys(yaml.load(text, Loader=_TextDates))


def messages(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in validator.iter_errors(document)]


# --------------------------------------------------------------- the schemas themselves

@pytest.mark.parametrize("name, draft", [(JSON_SCHEMA, Draft202012Validator), (YAML_SCHEMA, Draft7Validator)])
def test_each_schema_is_a_valid_schema_of_its_draft(name, draft):
    schema = shipped(name)
    assert validator_for(schema) is draft
    draft.check_schema(schema)
    assert schema["$id"] == f"https://mkdocs-scorecards.invalid/schemas/{name}"
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("name", [JSON_SCHEMA, YAML_SCHEMA])
def test_schemas_are_shipped_as_package_data(name):
    assert shipped(name) == json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["mkdocs_scorecards"]
    assert any(fnmatch.fnmatch(f"schemas/{name}", pattern) for pattern in patterns), patterns


def _objects(schema, where=""):
    """Every subschema that describes an object by its properties, with where it is."""
    if isinstance(schema, dict):
        if "properties" in schema and schema.get("type") in ("object", ["object", "null"]):
            yield where, schema
        for key, value in schema.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _objects(value, f"{where}/{index}")


@pytest.mark.parametrize("name", [JSON_SCHEMA, YAML_SCHEMA])
def test_every_object_is_closed(name):
    found = list(_objects(shipped(name)))
    assert len(found) >= 6
    for where, schema in found:
        assert schema.get("additionalProperties") is False, where


@pytest.mark.parametrize("name", [JSON_SCHEMA, YAML_SCHEMA])
def test_every_key_is_described(name):
    """Descriptions document the file, and for the YAML schema they are the editor's hover text."""
    schema = shipped(name)
    defined = schema.get("$defs") or schema["definitions"]
    for where, obj in _objects(schema):
        for key, value in obj["properties"].items():
            text = value.get("description") or defined[value["$ref"].rsplit("/", 1)[1]].get("description")
            assert text and len(text) > 20, f"{where}/{key}"


# ------------------------------------------------ (a) scorecard.json against its schema

@pytest.mark.parametrize("scorecard_id", EXAMPLE_IDS)
def test_the_example_sites_scorecard_json_is_valid(example_site, json_validator, scorecard_id):
    document = json.loads((example_site / "scorecards" / scorecard_id / "scorecard.json").read_text(encoding="utf-8"))
    assert messages(json_validator, document) == []


def test_no_scorecard_json_of_the_example_is_left_out(example_site):
    published = sorted(path.parent.name for path in (example_site / "scorecards").glob("*/scorecard.json"))
    assert published == sorted(EXAMPLE_IDS)


@pytest.mark.parametrize("as_of", ["2023-Q4", "2024-03", "2025-Q2", "2026-08"])
def test_scorecard_json_is_valid_at_earlier_as_of_periods(json_validator, as_of):
    result = evaluate_site(REPO, read_options({"as_of": as_of}))
    for scorecard in result.scorecards:
        assert messages(json_validator, json.loads(scorecard_json(scorecard, result))) == [], scorecard.scorecard.id


# A small project that reaches what the example does not: no data at all,
# no-data and no-target KPIs, a target from a CSV column, partial periods,
# fiscal quarters and years, an untestable arrow, initiatives of every status.
SYNTHETIC = {
    "scorecards/fiscal.yml": """\
title: Fiscal
frequency: quarterly
fiscal_year_start: 4
themes:
  - {id: t1, title: Theme one}
objectives:
  - id: measured
    title: Measured
    perspective: financial
    theme: t1
    drives: [unmeasured]
    kpis:
      - {id: stops-reporting, title: Stops reporting, better: higher, target: 10}
      - {id: no-target, title: No target, better: lower}
      - {id: csv-target, title: CSV target, better: higher, target: 5, tolerance: 1}
      - {id: half-quarter, title: Half a quarter, better: lower, target: 5, tolerance: 1, aggregate: sum}
      - {id: band, title: Band, better: in-range, target: {FY2026-Q1: [10, 20]}, tolerance: 10%, indicator: lead}
    initiatives:
      - {id: bare, title: No dates and no progress}
      - {id: later, title: Starts later, start: 2030-01-01, due: 2030-12-31, progress: 0}
      - {id: done, title: Done, progress: 100}
      - {id: late, title: Late, start: 2024-01-01, due: 2024-02-01, progress: 50}
  - id: unmeasured
    title: Unmeasured
    perspective: customer
""",
    "scorecards/yearly.yml": """\
title: Yearly
parent: fiscal
frequency: yearly
objectives:
  - id: one
    title: One
    perspective: learning
    supports: [fiscal/measured]
    kpis:
      - {id: yearly-kpi, title: Yearly KPI, better: higher, target: 3, stretch: 5, tolerance: 0}
""",
    "scorecards/fiscal-yearly.yml": """\
title: Fiscal yearly
frequency: yearly
fiscal_year_start: 7
objectives:
  - id: one
    title: One
    perspective: learning
    kpis:
      - {id: fy-kpi, title: FY KPI, better: lower, target: 3}
""",
    "scorecards/empty.yml": """\
title: Nothing yet
frequency: monthly
objectives:
  - id: one
    title: One
    perspective: learning
    kpis:
      - {id: nothing, title: Nothing, better: lower, target: 3}
""",
    "data/actuals.csv": """\
kpi,period,actual,target,note
stops-reporting,2025-04,8,,
stops-reporting,2025-07,12,,
no-target,2025-04,3,,
no-target,2025-10,4,,
csv-target,2025-10,4,6,
half-quarter,2025-10,4,,
half-quarter,2025-11,3,,
band,2025-10,25,,
band,2025-07,12,,
yearly-kpi,2024,2,,
yearly-kpi,2025,4,,
fy-kpi,2025-03,3.5,,
""",
}


def test_scorecard_json_is_valid_where_the_example_does_not_reach(tmp_path, json_validator):
    for name, text in SYNTHETIC.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = evaluate_site(tmp_path, Options())
    documents = {s.scorecard.id: json.loads(scorecard_json(s, result)) for s in result.scorecards}
    for scorecard_id, document in documents.items():
        assert messages(json_validator, document) == [], scorecard_id
    # The branches this project is here for are really reached.
    kpis = [k for d in documents.values() for o in d["objectives"] for k in o["kpis"]]
    assert {k["status"] for k in kpis} >= {"no-data", "no-target", "red"}
    assert any(k["target_source"].endswith("csv:6") for k in kpis if k["target_source"])
    assert any(e.get("partial") for k in kpis for e in k["series"])
    assert documents["empty"]["as_of"] is None
    assert {documents[i]["as_of"] for i in ("fiscal", "fiscal-yearly", "yearly")} == {"FY2026-Q3", "FY2025", "2025"}
    assert documents["fiscal"]["links"][0]["verdict"] == "insufficient-data"
    statuses = {i["status"] for o in documents["fiscal"]["objectives"] for i in o["initiatives"]}
    assert statuses == {"on-track", "not-started", "done", "overdue"}


def _set(document, path, value):
    *parents, last = path
    for key in parents:
        document = document[key]
    if value is _DELETE:
        del document[last]
    else:
        document[last] = value


_DELETE = object()

# Changes to a real scorecard.json that the schema must notice.
JSON_DRIFT = [
    ("a new key", ("generated_at",), "2026-10-01"),
    ("a key renamed", ("as_of",), _DELETE),
    ("a new key in a KPI", ("objectives", 0, "kpis", 0, "baseline"), 90),
    ("a KPI score out of range", ("objectives", 0, "kpis", 0, "score"), 10.5),
    ("a status that disagrees with the score", ("status",), "red"),
    ("an unknown status", ("objectives", 0, "status"), "grey"),
    ("an unknown trend", ("objectives", 0, "trend"), "up"),
    ("an unknown verdict", ("links", 0, "verdict"), "proven"),
    ("a series period of another grain", ("objectives", 0, "kpis", 0, "series", 0, "period"), "2024-01"),
    ("partial left out of a series entry", ("objectives", 0, "kpis", 0, "series", 0, "partial"), _DELETE),
    ("restated left out of a series entry", ("objectives", 0, "kpis", 0, "series", 0, "restated"), _DELETE),
    ("a missing owner written as empty text", ("owner",), ""),
    ("a missing unit written as empty text", ("objectives", 0, "kpis", 0, "unit"), ""),
    ("an actual as text", ("objectives", 0, "kpis", 0, "actual"), "102.2"),
    ("a short sha256", ("inputs", 0, "sha256"), "abc123"),
    ("an absolute input path", ("inputs", 0, "file"), "/home/someone/site/data/enterprise.csv"),
    ("a date that is not a date", ("objectives", 0, "initiatives"),
     [{"id": "x", "title": "X", "owner": None, "start": "2026-02-30", "due": None, "progress": None,
       "status": "on-track"}]),
]


def test_a_period_with_only_a_target_row_is_valid(json_validator):
    """2026-Q2 has a CSV row with a target and no actual: no data, no sources, the row is its target's origin."""
    from mkdocs_scorecards.render.json_out import scorecard_json
    from test_golden_rules import one_kpi_card, run

    data = "kpi,period,actual,target\nk,2026-Q1,5,\nk,2026-Q2,,7\n"
    result = run({"card": one_kpi_card("{id: k, title: K, better: higher, target: 1}")}, {"a.csv": data},
                 as_of="2026-Q2")
    document = json.loads(scorecard_json(result.scorecard("card"), result))
    assert messages(json_validator, document) == []
    kpi = document["objectives"][0]["kpis"][0]
    assert (kpi["status"], kpi["sources"], kpi["target"]) == ("no-data", [], 7)
    assert (kpi["target_origin"]["file"], kpi["target_origin"]["line"]) == ("data/a.csv", 3)


@pytest.mark.parametrize("what, path, value", JSON_DRIFT, ids=[case[0] for case in JSON_DRIFT])
def test_the_json_schema_notices_drift(example_site, json_validator, what, path, value):
    document = json.loads((example_site / "scorecards" / "enterprise" / "scorecard.json").read_text(encoding="utf-8"))
    _set(document, path, value)
    assert messages(json_validator, document), what


# ---------------------------------------- (b) the example definitions against the YAML schema

DEFINITION_FILES = sorted(REPO.glob("scorecards/*.yml")) + sorted((CORPUS / "_base" / "scorecards").glob("*.yml"))


@pytest.mark.parametrize("path", DEFINITION_FILES, ids=[f"{p.parent.parent.name}/{p.name}" for p in DEFINITION_FILES])
def test_the_example_definitions_are_valid(yaml_validator, path):
    assert messages(yaml_validator, read_yaml(path.read_text(encoding="utf-8"))) == []


def test_the_yaml_schema_has_the_loaders_keys_and_choices():
    schema = shipped(YAML_SCHEMA)
    defined = schema["definitions"]
    for obj, known in ((schema, definitions.SCORECARD_KEYS), (defined["objective"], definitions.OBJECTIVE_KEYS),
                       (defined["kpi"], definitions.KPI_KEYS), (defined["initiative"], definitions.INITIATIVE_KEYS),
                       (defined["perspective"], definitions.PERSPECTIVE_KEYS), (defined["theme"], definitions.TITLED_KEYS),
                       (defined["measure"], kpi_keys.MEASURE_KEYS)):
        assert set(obj["properties"]) == set(known)
        assert set(obj["required"]) == {key for key, required in known.items() if required}
    assert [v for v in schema["properties"]["frequency"]["enum"] if v] == list(definitions.FREQUENCIES)
    kpi = defined["kpi"]["properties"]
    assert kpi["better"]["enum"] == list(definitions.BETTER)
    assert [v for v in kpi["aggregate"]["enum"] if v] == list(definitions.AGGREGATES)
    assert [v for v in kpi["indicator"]["enum"] if v] == list(definitions.INDICATORS)
    assert [v for v in defined["measure"]["properties"]["aggregate"]["enum"] if v] == list(definitions.AGGREGATES)
    assert [v for v in kpi["phasing"]["enum"] if v] == list(kpi_keys.PHASINGS)
    assert [v for v in defined["grain"]["enum"] if v] == list(kpi_keys.GRAINS)
    assert [v for v in defined["ownFrequency"]["enum"] if v] == list(definitions.FREQUENCIES)
    # Python's `$` also matches before a final newline, so the loader ends its pattern with `\Z`;
    # in JSON Schema's (ECMA) regular expressions `$` already means the very end.
    assert defined["slug"]["pattern"] == definitions.SLUG.pattern.replace("\\Z", "$")
    page_id, kpi_id = defined["pageId"]["pattern"], kpi["id"]["pattern"]
    assert all(name in page_id for name in definitions.RESERVED_PAGE_IDS)
    assert all(name in kpi_id for name in definitions.RESERVED_KPI_IDS)


# ------------------------------------------- (c) what the YAML schema accepts and rejects

BASE = {
    "title": "Test scorecard",
    "owner": "Board",
    "description": "A scorecard for the schema tests.",
    "frequency": "quarterly",
    "fiscal_year_start": 1,
    "themes": [{"id": "retention", "title": "Keep the customers we win"}],
    "objectives": [
        {
            "id": "grow-revenue", "title": "Grow revenue", "perspective": "financial", "theme": "retention",
            "owner": "CFO", "description": "Why it matters.", "weight": 2,
            "kpis": [
                {"id": "nrr", "title": "Net revenue retention", "unit": "%", "better": "higher",
                 "target": {"2026-Q1": 100, "2026-Q3": 105}, "tolerance": "10%", "stretch": 110,
                 "aggregate": "last", "indicator": "lag", "weight": 1, "decimals": 1,
                 "source": "finance/nrr.csv", "description": "Trailing twelve months."},
                {"id": "utilisation", "title": "Utilisation", "unit": "%", "better": "in-range",
                 "target": [70, 85], "tolerance": 5, "aggregate": "mean"},
            ],
            "initiatives": [
                {"id": "playbook", "title": "Onboarding playbook", "owner": "Head of CS", "start": "2026-01-01",
                 "due": "2026-06-30", "budget": 120000, "progress": 60},
            ],
        },
        {
            "id": "happy-customers", "title": "Keep customers happy", "perspective": "customer",
            "drives": ["grow-revenue"], "supports": ["enterprise/rely-on-product"],
            "kpis": [{"id": "churn", "title": "Logo churn", "better": "lower", "target": 1, "tolerance": 0.5}],
        },
    ],
}

NRR = ("objectives", 0, "kpis", 0)
RANGE = ("objectives", 0, "kpis", 1)
CHURN = ("objectives", 1, "kpis", 0)
INITIATIVE = ("objectives", 0, "initiatives", 0)

# (what, changes as (path, value) pairs, where the schema must complain)
REJECTED = [
    ("unknown key", [(("colour",), "blue")], ()),
    ("unknown key in a KPI", [(NRR + ("goal",), 105)], NRR),
    ("key in the wrong case", [(CHURN + ("Better",), "lower"), (CHURN + ("better",), _DELETE)], CHURN),
    ("missing title", [(("title",), _DELETE)], ()),
    ("missing objectives", [(("objectives",), _DELETE)], ()),
    ("missing perspective", [(("objectives", 1, "perspective"), _DELETE)], ("objectives", 1)),
    ("missing better", [(CHURN + ("better",), _DELETE)], CHURN),
    ("initiative without a title", [(INITIATIVE + ("title",), _DELETE)], INITIATIVE),
    ("required key left empty", [(("objectives", 1, "title"), None)], ("objectives", 1, "title")),
    ("blank title", [(NRR + ("title",), "   ")], NRR + ("title",)),
    ("bad slug", [(("objectives", 0, "id"), "Grow_Revenue")], ("objectives", 0, "id")),
    ("id of 65 characters", [(CHURN + ("id",), "n" * 65)], CHURN + ("id",)),
    ("reserved objective id", [(("objectives", 1, "id"), "report")], ("objectives", 1, "id")),
    ("reserved KPI id", [(CHURN + ("id",), "target")], CHURN + ("id",)),
    ("reserved parent id", [(("parent",), "index")], ("parent",)),
    ("better: sideways", [(CHURN + ("better",), "sideways")], CHURN + ("better",)),
    ("frequency: weekly", [(("frequency",), "weekly")], ("frequency",)),
    ("aggregate: mode", [(NRR + ("aggregate",), "mode")], NRR + ("aggregate",)),
    ("relative target without a sign", [(CHURN + ("target",), "5%"), (CHURN + ("baseline",), 2)],
     CHURN + ("target",)),
    ("formula as a list", [(CHURN + ("formula",), ["nrr", "/", 2])], CHURN + ("formula",)),
    ("phasing: front", [(CHURN + ("phasing",), "front")], CHURN + ("phasing",)),
    ("grain: hourly", [(CHURN + ("grain",), "hourly")], CHURN + ("grain",)),
    ("frequency: weekly on a KPI", [(CHURN + ("frequency",), "weekly")], CHURN + ("frequency",)),
    ("perspective weight 0", [(("perspectives",), [{"id": "financial", "title": "Money", "weight": 0},
                                                   {"id": "customer", "title": "Customers"}])],
     ("perspectives", 0, "weight")),
    ("measure without a title", [(("measures",), [{"id": "seats"}])], ("measures", 0)),
    ("unknown key in a measure", [(("measures",), [{"id": "seats", "title": "Seats", "target": 3}])],
     ("measures", 0)),
    ("indicator: leading", [(NRR + ("indicator",), "leading")], NRR + ("indicator",)),
    ("tolerance: ten", [(CHURN + ("tolerance",), "ten")], CHURN + ("tolerance",)),
    ("negative tolerance", [(CHURN + ("tolerance",), -5)], CHURN + ("tolerance",)),
    ("objective weight 0", [(("objectives", 0, "weight"), 0)], ("objectives", 0, "weight")),
    ("negative KPI weight", [(CHURN + ("weight",), -2)], CHURN + ("weight",)),
    ("progress 150", [(INITIATIVE + ("progress",), 150)], INITIATIVE + ("progress",)),
    ("fiscal_year_start 13", [(("fiscal_year_start",), 13)], ("fiscal_year_start",)),
    ("fiscal_year_start 0", [(("fiscal_year_start",), 0)], ("fiscal_year_start",)),
    ("decimals 1.5", [(NRR + ("decimals",), 1.5)], NRR + ("decimals",)),
    ("bad period key in a schedule", [(NRR + ("target",), {"2026-Q5": 100})], NRR + ("target",)),
    ("schedule key in a typo'd year", [(NRR + ("target",), {"2206-Q1": 100})], NRR + ("target",)),
    ("schedule key as a spreadsheet writes it", [(NRR + ("target",), {"Mar-26": 100})], NRR + ("target",)),
    ("empty schedule", [(NRR + ("target",), {})], NRR + ("target",)),
    ("text in a schedule", [(NRR + ("target",), {"2026-Q1": "lots"})], NRR + ("target",)),
    ("pair target for a higher KPI", [(CHURN + ("target",), [1, 2])], CHURN + ("target",)),
    ("one number for an in-range KPI", [(RANGE + ("target",), 80)], RANGE + ("target",)),
    ("range of three numbers", [(RANGE + ("target",), [70, 80, 85])], RANGE + ("target",)),
    ("stretch for an in-range KPI", [(RANGE + ("stretch",), 90)], RANGE + ("stretch",)),
    ("percent of a zero target", [(CHURN + ("target",), 0), (CHURN + ("tolerance",), "5%")], CHURN + ("target",)),
    ("default 10% of a zero target", [(CHURN + ("target",), 0), (CHURN + ("tolerance",), _DELETE)],
     CHURN + ("target",)),
    ("number written as text", [(CHURN + ("target",), "1")], CHURN + ("target",)),
    ("start that is not a date", [(INITIATIVE + ("start",), "next spring")], INITIATIVE + ("start",)),
    ("day that is not in the calendar", [(INITIATIVE + ("due",), "2026-02-30")], INITIATIVE + ("due",)),
    ("duplicate drives entry", [(("objectives", 1, "drives"), ["grow-revenue", "grow-revenue"])],
     ("objectives", 1, "drives")),
    ("supports without the scorecard", [(("objectives", 1, "supports"), ["rely-on-product"])],
     ("objectives", 1, "supports", 0)),
    ("source outside data/", [(NRR + ("source",), "../finance/nrr.csv")], NRR + ("source",)),
    ("source that is not CSV", [(NRR + ("source",), "finance/nrr.xlsx")], NRR + ("source",)),
    ("kpis as a mapping", [(("objectives", 1, "kpis"), {"churn": {"title": "Churn"}})], ("objectives", 1, "kpis")),
    ("title as a list", [(CHURN + ("title",), ["Logo", "churn"])], CHURN + ("title",)),
    ("perspective without a title", [(("perspectives",), [{"id": "financial"}])], ("perspectives", 0)),
]

# Variations the loader accepts: the schema must not flag them either.
ACCEPTED = [
    ("the smallest scorecard", [(("objectives",), []), (("owner",), _DELETE), (("description",), _DELETE),
                                (("frequency",), _DELETE), (("fiscal_year_start",), _DELETE),
                                (("themes",), _DELETE)]),
    ("optional keys left empty", [(("owner",), None), (("parent",), None), (("frequency",), None),
                                  (("fiscal_year_start",), None), (("perspectives",), None),
                                  (("objectives", 1, "weight"), None), (("objectives", 1, "drives"), None),
                                  (CHURN + ("tolerance",), None), (CHURN + ("unit",), None),
                                  (NRR + ("stretch",), None), (NRR + ("aggregate",), None),
                                  (INITIATIVE + ("due",), None), (INITIATIVE + ("progress",), None)]),
    ("a parent", [(("parent",), "enterprise")]),
    ("every form of schedule key", [(NRR + ("target",), {"2026-03": 1, "2026-06-30": 2, "2026-Q3": 3, "2027": 4,
                                                           "FY2028-Q2": 5, "FY2029": 6})]),
    ("a fiscal year", [(("fiscal_year_start",), 4), (NRR + ("target",), {"FY2027-Q1": 100})]),
    ("a schedule of ranges", [(RANGE + ("target",), {"2026-Q1": [60, 90], "2027-Q1": [70, 85]})]),
    ("a percent of a zero bound", [(RANGE + ("target",), [0, 10]), (RANGE + ("tolerance",), "10%")]),
    ("a zero target with an absolute tolerance", [(CHURN + ("target",), 0), (CHURN + ("tolerance",), 1)]),
    ("a percent with spaces and decimals", [(NRR + ("tolerance",), " 2.5 %")]),
    ("a zero tolerance", [(CHURN + ("tolerance",), 0)]),
    ("no target", [(CHURN + ("target",), _DELETE)]),
    ("an id of 64 characters", [(CHURN + ("id",), "k" * 64)]),
    ("progress at both ends", [(INITIATIVE + ("progress",), 0), (("objectives", 1, "initiatives"),
                               [{"id": "done", "title": "Done", "progress": 100}])]),
    ("own perspectives", [(("perspectives",), [{"id": "financial", "title": "Money"},
                                               {"id": "customer", "title": "Customers"}])]),
    ("weighted perspectives", [(("perspectives",), [{"id": "financial", "title": "Money", "weight": 2},
                                                    {"id": "customer", "title": "Customers", "weight": 0.5}])]),
    ("a measure and a formula", [(("measures",), [{"id": "lost", "title": "Logos lost", "aggregate": "sum"},
                                                  {"id": "logos", "title": "Logos"}]),
                                 (CHURN + ("formula",), "lost / logos * 100")]),
    ("a baseline with a relative target", [(CHURN + ("baseline",), 2.5), (CHURN + ("target",), "-5%")]),
    ("a baseline period", [(CHURN + ("baseline",), "2026-Q1"), (CHURN + ("target",), {"2026-Q2": "-5%"})]),
    ("a schedule that ends", [(NRR + ("target",), {"2026-Q1": 100, "2026-Q3": None})]),
    ("a phased daily KPI", [(CHURN + ("phasing",), "even"), (CHURN + ("grain",), "daily"),
                            (CHURN + ("aggregate",), "median")]),
    ("a yearly KPI", [(CHURN + ("frequency",), "yearly")]),
]


def _changed(changes) -> dict:
    document = copy.deepcopy(BASE)
    for path, value in changes:
        _set(document, path, value)
    return document


# What the definition above refers to outside its own file.
NEIGHBOURS = {
    "scorecards/enterprise.yml": "title: Enterprise\nobjectives:\n"
                                 "  - {id: rely-on-product, title: Be reliable, perspective: customer}\n",
    "data/finance/nrr.csv": "period,actual\n",
}


def _loader_problems(document: dict, tmp_path: Path, first_line: str = "") -> list[str]:
    """What the plugin's own loader says of the same definition, written out as YAML."""
    definition = first_line + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    for name, text in NEIGHBOURS.items():
        if name.startswith("scorecards/") or name.removeprefix("data/") in definition:
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "scorecards" / "test.yml").write_text(definition, encoding="utf-8")
    try:
        load_project(tmp_path)
    except InputError as error:
        return [str(problem) for problem in error.problems]
    return []


def test_the_base_definition_is_valid_for_both(yaml_validator, tmp_path):
    assert messages(yaml_validator, BASE) == []
    assert _loader_problems(BASE, tmp_path) == []


def test_the_editor_line_the_guide_recommends_does_not_disturb_the_build(tmp_path):
    line = "# yaml-language-server: $schema=../.vscode/scorecard-yaml.schema.json\n"
    assert line.strip() in (REPO / "site_src" / "guide" / "editor-support.md").read_text(encoding="utf-8")
    assert _loader_problems(BASE, tmp_path, first_line=line) == []


@pytest.mark.parametrize("what, changes, where", REJECTED, ids=[case[0] for case in REJECTED])
def test_the_yaml_schema_rejects(yaml_validator, tmp_path, what, changes, where):
    document = _changed(changes)
    errors = list(yaml_validator.iter_errors(document))
    assert errors, f"the schema accepts {what}"
    assert any(tuple(error.absolute_path)[:len(where)] == where for error in errors), \
        [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    in_file = [p for p in _loader_problems(document, tmp_path) if p.startswith("scorecards/test.yml:")]
    assert in_file, f"the build accepts {what}: the schema is stricter than the build"


@pytest.mark.parametrize("what, changes", ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_the_yaml_schema_accepts_what_the_loader_accepts(yaml_validator, tmp_path, what, changes):
    document = _changed(changes)
    assert _loader_problems(document, tmp_path) == []
    assert messages(yaml_validator, document) == []


def test_there_are_enough_kinds_of_bad_input():
    assert len(REJECTED) >= 12 and len({what for what, _, _ in REJECTED}) == len(REJECTED)


# Cases of the bad-input corpus whose mistakes lie within one file: the
# schema flags them in the editor, before any build.
CORPUS_CASES = [
    "yaml-blank-title", "yaml-choices-invalid", "yaml-drives-duplicate-entry", "yaml-empty-required",
    "yaml-id-too-long", "yaml-ids-not-slugs", "yaml-initiative-dates", "yaml-missing-required",
    "yaml-numbers-as-text", "yaml-numbers-out-of-range", "yaml-objectives-not-a-list", "yaml-reserved-ids",
    "yaml-root-not-mapping", "yaml-root-scalar", "yaml-schedule-empty", "yaml-schedule-invalid",
    "yaml-source-invalid", "yaml-stretch-invalid", "yaml-target-invalid", "yaml-target-range-wrong-length",
    "yaml-tolerance-invalid", "yaml-tolerance-percent-of-zero-target", "yaml-unknown-key-objective",
    "yaml-unknown-key-scorecard", "yaml-unknown-key-wrong-case", "yaml-wrong-type-collections",
]


@pytest.mark.parametrize("case", CORPUS_CASES)
def test_the_yaml_schema_flags_the_corpus_case(yaml_validator, case):
    if not (CORPUS / case).is_dir():
        pytest.skip(f"the corpus has no case {case}")
    files = sorted((CORPUS / case / "scorecards").glob("*.yml"))
    assert files, case
    assert any(messages(yaml_validator, read_yaml(path.read_text(encoding="utf-8"))) for path in files)


def test_the_json_schema_is_published_beside_the_scorecards(example_site):
    import json
    from importlib import resources

    published = json.loads((example_site / "scorecards" / "schema.json").read_text())
    shipped = json.loads(resources.files("mkdocs_scorecards").joinpath(
        "schemas/scorecard-json.schema.json").read_text())
    assert published == shipped
