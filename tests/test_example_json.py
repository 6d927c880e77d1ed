"""The example site's scorecard.json files hold the numbers FORMAT promises.

Every expected value here is worked by hand from data/*.csv and
scorecards/*.yml, with the working in a comment next to it; none is computed
with the code under test. Published scores are rounded to 2 decimals (FORMAT
section 8); the hand working carries 4 or 5 decimals. Shorthand used below:
20/3 = 6.66667 and 10/3 = 3.33333, and for higher-is-better
score = 20/3 + (a - T) / t * 10/3, for lower-is-better 20/3 + (T - a) / t * 10/3.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml
from scipy.stats import spearmanr

REPO = Path(__file__).resolve().parents[1]
SCORECARD_IDS = ("customer-success", "engineering", "enterprise", "onboarding-team")


@pytest.fixture(scope="module")
def docs(example_site) -> dict[str, dict]:
    return {sid: json.loads((example_site / "scorecards" / sid / "scorecard.json").read_text(encoding="utf-8"))
            for sid in SCORECARD_IDS}


@pytest.fixture(scope="module")
def enterprise(docs) -> dict:
    return docs["enterprise"]


@pytest.fixture(scope="module")
def customer_success(docs) -> dict:
    return docs["customer-success"]


def objective(doc: dict, objective_id: str) -> dict:
    found = [o for o in doc["objectives"] if o["id"] == objective_id]
    assert len(found) == 1, f"{doc['id']} has no single objective {objective_id}"
    return found[0]


def kpi(doc: dict, kpi_id: str) -> dict:
    found = [k for o in doc["objectives"] for k in o["kpis"] if k["id"] == kpi_id]
    assert len(found) == 1, f"{doc['id']} has no single KPI {kpi_id}"
    return found[0]


def entry(kpi_doc: dict, period: str) -> dict:
    found = [e for e in kpi_doc["series"] if e["period"] == period]
    assert len(found) == 1, f"{kpi_doc['id']} has no single series entry for {period}"
    # Every flag and reason is always there (null or false where it does not apply); the cases below
    # list them only where they do. Where the numbers came from depends on the repository's history;
    # test_audit_trail asserts it.
    assert isinstance(found[0]["partial"], bool) and isinstance(found[0]["restated"], bool)
    assert "reason" in found[0]
    defaults = {"partial": False, "reason": None}
    return {key: value for key, value in found[0].items()
            if key not in ("sources", "target_origin", "restated") and not (key in defaults and value == defaults[key])}


def perspective(doc: dict, perspective_id: str) -> dict:
    found = [p for p in doc["perspectives"] if p["id"] == perspective_id]
    assert len(found) == 1
    return found[0]


def definitions() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((REPO / "scorecards").glob("*.yml"))}


# ---------------------------------------------------------------------------
# The shape of the published files
# ---------------------------------------------------------------------------

def test_one_json_per_scorecard_definition(example_site):
    published = sorted(p.parent.name for p in (example_site / "scorecards").glob("*/scorecard.json"))
    assert published == sorted(definitions()) == sorted(SCORECARD_IDS)


def test_every_defined_objective_and_kpi_is_published(docs):
    for sid, definition in definitions().items():
        doc = docs[sid]
        assert doc["id"] == sid
        assert doc["title"] == definition["title"]
        assert sorted(o["id"] for o in doc["objectives"]) == sorted(o["id"] for o in definition["objectives"])
        for defined in definition["objectives"]:
            published = objective(doc, defined["id"])
            assert published["perspective"] == defined["perspective"]
            assert published["drives"] == defined.get("drives", [])
            assert published["supports"] == defined.get("supports", [])
            assert [k["id"] for k in published["kpis"]] == [k["id"] for k in defined.get("kpis", [])]
            for k in defined.get("kpis", []):
                assert kpi(doc, k["id"])["better"] == k["better"]


def test_as_of_and_frequency(docs):
    # The latest data is 2026-09 everywhere: 2026-Q3 on the quarterly scorecards,
    # 2026-09 on the monthly ones.
    assert {sid: (d["as_of"], d["frequency"]) for sid, d in docs.items()} == {
        "enterprise": ("2026-Q3", "quarterly"),
        "engineering": ("2026-Q3", "quarterly"),
        "customer-success": ("2026-09", "monthly"),
        "onboarding-team": ("2026-09", "monthly"),
    }


# ---------------------------------------------------------------------------
# Enterprise KPIs at the as-of period and in earlier periods
# ---------------------------------------------------------------------------

def test_higher_is_better_nrr(enterprise):
    nrr = kpi(enterprise, "nrr")
    # aggregate last: 2026-Q3 takes September's 102.2 (data/finance/nrr.csv:37).
    # Target 105 (schedule entry 2026-Q1), tolerance 8 (absolute).
    # (102.2 - 105) / 8 = -0.35 -> 6.66667 - 0.35 * 3.33333 = 5.50, amber (97 <= 102.2 < 105).
    # The stretch 110 plays no part below the target.
    assert (nrr["period"], nrr["actual"], nrr["target"]) == ("2026-Q3", 102.2, 105)
    assert (nrr["status"], nrr["score"], nrr["tolerance"]) == ("amber", 5.5, 8)
    # Trend: 101.6 (June) -> 102.2 is +0.6, within 1% of 101.6 (1.016): steady
    assert nrr["trend"] == "steady"
    assert nrr["partial"] is False


def test_target_schedule_in_force_in_earlier_periods(enterprise):
    # nrr target: {2023-Q4: 100, 2025-Q1: 103, 2026-Q1: 105}, tolerance 8
    nrr = kpi(enterprise, "nrr")
    # 2023-Q4: December 91.8 against 100: (91.8 - 100) / 8 = -1.025 -> 6.66667 - 3.41667 = 3.25,
    # red (91.8 < 92); the score 3.25 < 10/3 agrees.
    assert entry(nrr, "2023-Q4") == {"period": "2023-Q4", "actual": 91.8, "target": 100, "status": "red",
                                     "score": 3.25}
    # 2024-Q4: still 100. (94.2 - 100) / 8 = -0.725 -> 6.66667 - 2.41667 = 4.25 amber
    assert (entry(nrr, "2024-Q4")["target"], entry(nrr, "2024-Q4")["score"]) == (100, 4.25)
    # 2025-Q1: 103 from here. (95.6 - 103) / 8 = -0.925 -> 6.66667 - 3.08333 = 3.58333 -> 3.58 amber
    assert (entry(nrr, "2025-Q1")["target"], entry(nrr, "2025-Q1")["status"],
            entry(nrr, "2025-Q1")["score"]) == (103, "amber", 3.58)
    # 2025-Q3: still 103. (98.4 - 103) / 8 = -0.575 -> 6.66667 - 1.91667 = 4.75
    assert (entry(nrr, "2025-Q3")["target"], entry(nrr, "2025-Q3")["score"]) == (103, 4.75)
    # 2025-Q4: (98.7 - 103) / 8 = -0.5375 -> 6.66667 - 1.79167 = 4.875 exactly in decimal,
    # published half away from zero: 4.88
    assert (entry(nrr, "2025-Q4")["target"], entry(nrr, "2025-Q4")["score"]) == (103, 4.88)
    # 2026-Q1: 105. (100.6 - 105) / 8 = -0.55 -> 6.66667 - 1.83333 = 4.83333 -> 4.83
    assert (entry(nrr, "2026-Q1")["target"], entry(nrr, "2026-Q1")["score"]) == (105, 4.83)

    # new-arr target: {2023-Q4: 1000, 2025-Q1: 1200}, tolerance 15%
    new_arr = kpi(enterprise, "new-arr")
    # 2024-Q4: 387 + 470 + 383 = 1240 against 1000 (t = 150): (1240 - 1000) / 150 = 1.6
    # -> 6.66667 + 5.33333 = 12 -> clamped to 10, green
    assert entry(new_arr, "2024-Q4") == {"period": "2024-Q4", "actual": 1240, "target": 1000, "status": "green",
                                         "score": 10.0}
    # 2025-Q1: 256 + 412 + 382 = 1050 against 1200 (t = 180): -150 / 180 = -0.83333
    # -> 6.66667 - 2.77778 = 3.88889 -> 3.89 amber
    assert entry(new_arr, "2025-Q1") == {"period": "2025-Q1", "actual": 1050, "target": 1200, "status": "amber",
                                         "score": 3.89}


def test_monthly_sum_to_quarters_new_arr(enterprise):
    new_arr = kpi(enterprise, "new-arr")
    # 2026-Q3: 468 + 457 + 385 = 1310 against 1200, t = 15% of 1200 = 180:
    # 110 / 180 = 0.61111 -> 6.66667 + 2.03704 = 8.70370 -> 8.70 green
    assert (new_arr["actual"], new_arr["target"], new_arr["tolerance"]) == (1310, 1200, 180)
    assert (new_arr["status"], new_arr["score"]) == ("green", 8.7)
    # 2023-Q4: 358 + 361 + 261 = 980 against 1000, t = 150: -20 / 150 = -0.13333
    # -> 6.66667 - 0.44444 = 6.22222 -> 6.22 amber
    assert entry(new_arr, "2023-Q4") == {"period": "2023-Q4", "actual": 980, "target": 1000, "status": "amber",
                                         "score": 6.22}
    # 2026-Q2: 375 + 346 + 539 = 1260; trend 1260 -> 1310 is +3.97%: improving
    assert entry(new_arr, "2026-Q2")["actual"] == 1260
    assert new_arr["trend"] == "improving"


def test_monthly_sum_to_quarters_releases(enterprise):
    releases = kpi(enterprise, "releases")
    # 2026-Q3: 9 + 10 + 10 = 29 against 24, t = 25% of 24 = 6: 5 / 6 = 0.83333
    # -> 6.66667 + 2.77778 = 9.44444 -> 9.44 green
    assert (releases["actual"], releases["target"], releases["status"], releases["score"]) == (29, 24, "green", 9.44)
    # 2023-Q4: 4 + 4 + 4 = 12: -12 / 6 = -2 -> 6.66667 - 6.66667 = 0 red
    assert entry(releases, "2023-Q4") == {"period": "2023-Q4", "actual": 12, "target": 24, "status": "red",
                                          "score": 0.0}


def test_csv_target_overrides_the_definition_for_its_period(enterprise):
    new_arr = kpi(enterprise, "new-arr")
    # data/enterprise.csv:28 `new-arr,2025-12,547,1400`: 2025-Q4 is judged against 1400, not 1200.
    # 501 + 302 + 547 = 1350; t = 15% of 1400 = 210: -50 / 210 = -0.238095
    # -> 6.66667 - 0.79365 = 5.87302 -> 5.87 amber (against 1200 it would be green)
    assert entry(new_arr, "2025-Q4") == {"period": "2025-Q4", "actual": 1350, "target": 1400, "status": "amber",
                                         "score": 5.87}
    # The override is for its period only: 2026-Q1 is back on 1200.
    # 411 + 383 + 356 = 1150: -50 / 180 = -0.27778 -> 6.66667 - 0.92593 = 5.74074 -> 5.74
    assert entry(new_arr, "2026-Q1") == {"period": "2026-Q1", "actual": 1150, "target": 1200, "status": "amber",
                                         "score": 5.74}


def test_lower_is_better(enterprise):
    poor = kpi(enterprise, "poor-onboarding-share")
    # one quarterly row: 11.2 against 10, tolerance 10: (10 - 11.2) / 10 = -0.12
    # -> 6.66667 - 0.4 = 6.26667 -> 6.27 amber (10 < 11.2 <= 20)
    assert (poor["actual"], poor["target"], poor["status"], poor["score"]) == (11.2, 10, "amber", 6.27)
    # 11.5 -> 11.2: -0.3, beyond 1% of 11.5 (0.115), lower is better: improving
    assert poor["trend"] == "improving"
    # 2023-Q4: 30.4: (10 - 30.4) / 10 = -2.04 -> below 0, clamped: 0 red
    assert entry(poor, "2023-Q4")["score"] == 0.0

    sev1 = kpi(enterprise, "sev1-incidents")
    # sum 2 + 2 + 2 = 6 against 3, tolerance 2: (3 - 6) / 2 = -1.5 -> 6.66667 - 5 = 1.66667 -> 1.67 red
    assert (sev1["actual"], sev1["status"], sev1["score"]) == (6, "red", 1.67)
    # 6 -> 6: steady
    assert sev1["trend"] == "steady"


def test_in_range_eng_utilisation(enterprise):
    util = kpi(enterprise, "eng-utilisation")
    # mean (84 + 84 + 85) / 3 = 84.33333, inside [70, 85]: 20/3 -> 6.67 green
    assert util["target"] == [70, 85]
    assert util["actual"] == pytest.approx(253 / 3, abs=1e-9)
    assert (util["status"], util["score"]) == ("green", 6.67)
    # 84 -> 84.33: both inside the range: steady
    assert util["trend"] == "steady"
    # 2025-Q2: (87 + 84 + 87) / 3 = 86, 1 above 85, tolerance 5:
    # 6.66667 - 1 / 5 * 3.33333 = 6.0 amber
    assert entry(util, "2025-Q2") == {"period": "2025-Q2", "actual": 86, "target": [70, 85], "status": "amber",
                                      "score": 6.0}
    # 2023-Q4: (77 + 79 + 78) / 3 = 78: green
    assert (entry(util, "2023-Q4")["actual"], entry(util, "2023-Q4")["status"]) == (78, "green")


def test_monthly_mean_to_quarters_time_to_value(enterprise):
    ttv = kpi(enterprise, "time-to-value")
    # 2026-Q3: (14 + 16 + 16) / 3 = 15.33333 against 14, tolerance 16, lower:
    # (14 - 15.33333) / 16 = -0.08333 -> 6.66667 - 0.27778 = 6.38889 -> 6.39 amber
    assert ttv["actual"] == pytest.approx(46 / 3, abs=1e-9)
    assert (ttv["status"], ttv["score"]) == ("amber", 6.39)
    # 2026-Q2: (16 + 14 + 15) / 3 = 15 -> 15.33: +0.33, beyond 0.15, lower is better: declining
    assert entry(ttv, "2026-Q2")["actual"] == 15
    assert ttv["trend"] == "declining"
    # 2026-Q1 is written as month-end dates (2026-01-31, 2026-02-28, 2026-03-31):
    # (19 + 15 + 14) / 3 = 16: (14 - 16) / 16 = -0.125 -> 6.66667 - 0.41667 = 6.25
    assert entry(ttv, "2026-Q1") == {"period": "2026-Q1", "actual": 16, "target": 14, "status": "amber",
                                     "score": 6.25}
    # 2023-Q4: (44 + 47 + 44) / 3 = 45: -31 / 16 = -1.9375 -> 6.66667 - 6.45833 = 0.20833 -> 0.21 red
    assert entry(ttv, "2023-Q4")["score"] == 0.21


def test_monthly_mean_to_quarters_uptime(enterprise):
    uptime = kpi(enterprise, "uptime")
    # 2026-Q3 (dates): (99.851 + 99.627 + 99.862) / 3 = 299.34 / 3 = 99.78 against 99.9, tolerance 0.1:
    # (99.78 - 99.9) / 0.1 = -1.2 -> 6.66667 - 4 = 2.66667 -> 2.67 red
    assert uptime["actual"] == pytest.approx(99.78, abs=1e-9)
    assert (uptime["status"], uptime["score"]) == ("red", 2.67)
    # 2026-Q2: (99.822 + 99.829 + 99.839) / 3 = 99.83: -0.7 -> 6.66667 - 2.33333 = 4.33 amber
    q2 = entry(uptime, "2026-Q2")
    assert (q2["actual"], q2["status"], q2["score"]) == (pytest.approx(99.83, abs=1e-9), "amber", 4.33)
    # 2024-Q2: May's actual is empty (no value, not 0): (99.983 + 99.974) / 2 = 99.9785,
    # beyond the stretch 99.95 -> 10 green. June has data, so not partial.
    q2_2024 = entry(uptime, "2024-Q2")
    assert q2_2024["actual"] == pytest.approx(99.9785, abs=1e-9)
    assert (q2_2024["status"], q2_2024["score"]) == ("green", 10.0)
    assert not q2_2024.get("partial", False)
    # 2023-Q4: (99.935 + 99.958 + 99.957) / 3 = 99.95, exactly the stretch -> 10
    assert entry(uptime, "2023-Q4")["score"] == 10.0


def test_partial_period(enterprise, docs):
    csat = kpi(enterprise, "csat")
    # enterprise/csat has July 4.23 and August 4.25 but no September row: 2026-Q3 is partial.
    # mean (4.23 + 4.25) / 2 = 4.24 against 4.3, t = 5% of 4.3 = 0.215:
    # (4.24 - 4.3) / 0.215 = -0.27907 -> 6.66667 - 0.93023 = 5.73643 -> 5.74 amber
    assert (csat["actual"], csat["target"], csat["tolerance"]) == (4.24, 4.3, pytest.approx(0.215))
    assert (csat["status"], csat["score"], csat["partial"]) == ("amber", 5.74, True)
    assert csat["series"][-1]["partial"] is True
    # 2026-Q2 is complete: (4.25 + 4.23 + 4.32) / 3 = 4.26667: -0.15504 -> 6.66667 - 0.51680 = 6.15
    q2 = entry(csat, "2026-Q2")
    assert q2["actual"] == pytest.approx(12.8 / 3, abs=1e-9)
    assert q2["score"] == 6.15
    assert not q2.get("partial", False)
    # 4.26667 -> 4.24: -0.027, within 1% (0.0427): steady
    assert csat["trend"] == "steady"
    # No other KPI of the example is partial at its as-of period.
    partial = [(sid, k["id"]) for sid, d in docs.items() for o in d["objectives"] for k in o["kpis"] if k["partial"]]
    assert partial == [("enterprise", "csat")]


def test_certified_partners_starts_late(enterprise):
    partners = kpi(enterprise, "certified-partners")
    # Rows from 2025-Q1 to 2026-Q3: 7 periods. Target {2025-Q1: 5, 2026-Q1: 15}, tolerance 30%.
    assert [e["period"] for e in partners["series"]] == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    # 2026-Q3: 14 against 15, t = 4.5: -1 / 4.5 = -0.22222 -> 6.66667 - 0.74074 = 5.92593 -> 5.93 amber
    assert (partners["actual"], partners["target"], partners["status"], partners["score"]) == (14, 15, "amber", 5.93)
    # 2025-Q3: 5 against 5 -> exactly on target: 6.67 green
    assert entry(partners, "2025-Q3")["score"] == 6.67


# ---------------------------------------------------------------------------
# Enterprise roll-ups at 2026-Q3
# ---------------------------------------------------------------------------
# KPI scores (unrounded, worked above or here):
#   nrr 5.50000; new-arr 8.70370
#   poor-onboarding-share 6.26667; csat 5.73643; sev1-incidents 1.66667; uptime 2.66667
#   time-to-value 6.38889; releases 9.44444; eng-utilisation 6.66667
#   specialist-coverage: last = September 95 against 90, tolerance 40: 5 / 40 = 0.125 -> 7.08333
#   playbook-adoption: September 88 against 90, t = 50% of 90 = 45: -2 / 45 = -0.04444 -> 6.51852
#   certified-partners 5.92593

def test_enterprise_kpis_used_in_the_roll_up(enterprise):
    assert kpi(enterprise, "specialist-coverage")["score"] == 7.08
    assert (kpi(enterprise, "playbook-adoption")["score"], kpi(enterprise, "playbook-adoption")["status"]) == \
        (6.52, "amber")


def test_enterprise_objective_roll_up(enterprise):
    expected = {
        # one KPI each
        "grow-retained-revenue": ("amber", 5.5),
        "grow-new-revenue": ("green", 8.7),
        "fast-time-to-value": ("amber", 6.39),
        "enable-partners": ("amber", 5.93),
        # (6.26667 + 5.73643) / 2 = 6.00155 -> 6.00 amber (below 20/3)
        "onboard-customers-well": ("amber", 6.0),
        # (1.66667 + 2.66667) / 2 = 2.16667 -> 2.17 red
        "rely-on-product": ("red", 2.17),
        # (9.44444 + 6.66667) / 2 = 8.05556 -> 8.06 green
        "ship-frequently": ("green", 8.06),
        # (7.08333 + 6.51852) / 2 = 6.80093 -> 6.80 green
        "build-onboarding-capability": ("green", 6.8),
    }
    assert {o["id"]: (o["status"], o["score"]) for o in enterprise["objectives"]} == expected


def test_enterprise_objective_trends(enterprise):
    # grow-retained-revenue: 5.25 (2026-Q2: (101.6 - 105) / 8 = -0.425 -> 5.25) -> 5.5: +0.25 improving
    assert objective(enterprise, "grow-retained-revenue")["trend"] == "improving"
    # onboard-customers-well 2026-Q2: poor (10 - 11.5) / 10 = -0.15 -> 6.16667; csat 6.14987;
    # mean 6.15827 -> 6.00155 in Q3: -0.157 declining
    assert objective(enterprise, "onboard-customers-well")["trend"] == "declining"


def test_enterprise_perspective_and_scorecard_roll_up(enterprise):
    # financial: weights 2 and 1: (2 * 5.5 + 1 * 8.70370) / 3 = 19.70370 / 3 = 6.56790 -> 6.57 amber
    #   (a plain mean would be 7.10, green: the weight matters)
    # customer: (6.00155 + 2.16667) / 2 = 4.08411 -> 4.08 amber
    # internal: (6.38889 + 8.05556) / 2 = 7.22222 -> 7.22 green
    # learning: (6.80093 + 5.92593) / 2 = 6.36343 -> 6.36 amber
    assert [(p["id"], p["status"], p["score"]) for p in enterprise["perspectives"]] == [
        ("financial", "amber", 6.57),
        ("customer", "amber", 4.08),
        ("internal", "green", 7.22),
        ("learning", "amber", 6.36),
    ]
    # scorecard: plain mean of the perspectives, from unrounded scores:
    # (6.56790 + 4.08411 + 7.22222 + 6.36343) / 4 = 24.23766 / 4 = 6.05941 -> 6.06 amber
    assert (enterprise["status"], enterprise["score"]) == ("amber", 6.06)


# ---------------------------------------------------------------------------
# The monthly Customer Success scorecard at 2026-09
# ---------------------------------------------------------------------------

def test_customer_success_kpis(customer_success):
    churn = kpi(customer_success, "logo-churn")
    # 1.02 against 1.0, lower, t = 50% of 1.0 = 0.5: (1.0 - 1.02) / 0.5 = -0.04
    # -> 6.66667 - 0.13333 = 6.53333 -> 6.53 amber. 1.00 -> 1.02 is +2%, worse: declining
    assert (churn["period"], churn["actual"], churn["status"], churn["score"], churn["trend"]) == \
        ("2026-09", 1.02, "amber", 6.53, "declining")
    # 2026-08: 1.00 exactly on target: 6.67 green
    assert entry(churn, "2026-08") == {"period": "2026-08", "actual": 1.0, "target": 1.0, "status": "green",
                                       "score": 6.67}

    pipeline = kpi(customer_success, "expansion-pipeline")
    # 2520 against 2500, t = 30% of 2500 = 750: 20 / 750 = 0.02667 -> 6.66667 + 0.08889 = 6.75556 -> 6.76 green
    assert (pipeline["actual"], pipeline["status"], pipeline["score"]) == (2520, "green", 6.76)
    # No row for 2025-02: that month is absent from the series (36 months, 35 with data)
    assert "2025-02" not in [e["period"] for e in pipeline["series"]]
    assert len(pipeline["series"]) == 35

    csat = kpi(customer_success, "csat")
    # customer-success/csat: 92.6 against 92, tolerance 4: 0.6 / 4 = 0.15 -> 6.66667 + 0.5 = 7.16667 -> 7.17
    # 93.0 -> 92.6: -0.4, within 1% of 93 (0.93): steady
    assert (csat["actual"], csat["status"], csat["score"], csat["trend"]) == (92.6, "green", 7.17, "steady")

    certification = kpi(customer_success, "csm-certification")
    # wide file data/people-wide.csv, September 94 against 90, tolerance 40: 4 / 40 = 0.1 -> 7.0 green
    assert (certification["actual"], certification["score"]) == (94, 7.0)
    # empty cells before 2024-04 are no value: the series starts in 2024-04 (30 months)
    assert certification["series"][0]["period"] == "2024-04"
    assert len(certification["series"]) == 30


def test_customer_success_monthly_target_schedule(customer_success):
    onboardings = kpi(customer_success, "on-time-onboardings")
    # target {2023-10: 30, 2025-01: 60, 2026-01: 80}, tolerance 25%
    # 2026-09: 77 against 80, t = 20: -3 / 20 = -0.15 -> 6.66667 - 0.5 = 6.16667 -> 6.17 amber
    assert (onboardings["actual"], onboardings["target"], onboardings["status"], onboardings["score"]) == \
        (77, 80, "amber", 6.17)
    # 2024-12: 45 against 30, t = 7.5: 15 / 7.5 = 2 -> 6.66667 + 6.66667 = 13.3 -> clamped 10 green
    assert entry(onboardings, "2024-12") == {"period": "2024-12", "actual": 45, "target": 30, "status": "green",
                                             "score": 10.0}
    # 2025-01: the 60 entry is in force: 48 against 60, t = 15: -12 / 15 = -0.8
    # -> 6.66667 - 2.66667 = 4.0 amber
    assert entry(onboardings, "2025-01") == {"period": "2025-01", "actual": 48, "target": 60, "status": "amber",
                                             "score": 4.0}
    # 2025-12: still 60: 68 against 60: 8 / 15 = 0.53333 -> 6.66667 + 1.77778 = 8.44444 -> 8.44
    assert (entry(onboardings, "2025-12")["target"], entry(onboardings, "2025-12")["score"]) == (60, 8.44)
    # 2026-01: 80: 67 against 80, t = 20: -13 / 20 = -0.65 -> 6.66667 - 2.16667 = 4.5
    assert (entry(onboardings, "2026-01")["target"], entry(onboardings, "2026-01")["score"]) == (80, 4.5)


def test_customer_success_roll_up(customer_success):
    # retain-and-expand: (6.53333 + 6.75556) / 2 = 6.64444 -> 6.64 amber (just below 20/3)
    # delight-customers 7.16667, onboard-quickly 6.16667, certified-team 7.0
    assert {o["id"]: (o["status"], o["score"]) for o in customer_success["objectives"]} == {
        "retain-and-expand": ("amber", 6.64),
        "delight-customers": ("green", 7.17),
        "onboard-quickly": ("amber", 6.17),
        "certified-team": ("green", 7.0),
    }
    # one objective per perspective
    assert [(p["id"], p["status"], p["score"]) for p in customer_success["perspectives"]] == [
        ("financial", "amber", 6.64), ("customer", "green", 7.17),
        ("internal", "amber", 6.17), ("learning", "green", 7.0)]
    # (6.64444 + 7.16667 + 6.16667 + 7.0) / 4 = 26.97778 / 4 = 6.74444 -> 6.74 green
    assert (customer_success["status"], customer_success["score"]) == ("green", 6.74)
    # delight-customers: 2026-08 93.0 -> 7.5; 2026-09 7.16667: -0.33 declining
    assert objective(customer_success, "delight-customers")["trend"] == "declining"


# ---------------------------------------------------------------------------
# Links: the evidence for each enterprise arrow
# ---------------------------------------------------------------------------
# Every enterprise objective has a score in all 12 periods 2023-Q4 .. 2026-Q3, except
# enable-partners (7 periods, from 2025-Q1). With 12 periods on both sides a lag k
# gives n = 12 - k pairs; from enable-partners, n = 7 - k, so no lag reaches 8.

ENTERPRISE_LINKS = [
    # (from, to, verdict, lag, n)
    ("onboard-customers-well", "grow-retained-revenue", "supported", 4, 8),
    ("rely-on-product", "grow-new-revenue", "weak", 2, 10),
    ("fast-time-to-value", "onboard-customers-well", "supported", 0, 12),
    # rho is -0.98..-1 at every lag: the highest (least negative) is lag 0
    ("ship-frequently", "rely-on-product", "contradicted", 0, 12),
    ("build-onboarding-capability", "fast-time-to-value", "supported", 1, 11),
    ("enable-partners", "grow-new-revenue", "insufficient-data", None, 7),
]


def test_enterprise_links(enterprise):
    published = {(link["from"], link["to"]): (link["verdict"], link["lag"], link["n"]) for link in enterprise["links"]}
    assert published == {(a, b): (verdict, lag, n) for a, b, verdict, lag, n in ENTERPRISE_LINKS}
    for link in enterprise["links"]:
        if link["verdict"] == "insufficient-data":
            assert link["rho"] is None
        elif link["verdict"] == "supported":
            assert link["rho"] >= 0.5
        elif link["verdict"] == "contradicted":
            assert link["rho"] <= -0.5
        else:
            assert -0.5 < link["rho"] < 0.5


def test_enterprise_links_agree_with_scipy(enterprise):
    """Rebuild each objective's score history from the published KPI series (weighted
    means of 2-decimal scores) and redo the lag search with scipy's Spearman."""
    periods = sorted({e["period"] for o in enterprise["objectives"] for k in o["kpis"] for e in k["series"]})
    assert periods[0] == "2023-Q4" and periods[-1] == "2026-Q3" and len(periods) == 12
    history = {}
    for o in enterprise["objectives"]:
        scores = {}
        for index, label in enumerate(periods):
            pairs = [(e["score"], k["weight"]) for k in o["kpis"] for e in k["series"]
                     if e["period"] == label and e["score"] is not None]
            if pairs:
                scores[index] = sum(s * w for s, w in pairs) / sum(w for _, w in pairs)
        history[o["id"]] = scores
    for link in enterprise["links"]:
        cause, effect = history[link["from"]], history[link["to"]]
        lags = []
        for lag in range(5):
            positions = [p for p in sorted(effect) if p - lag in cause]
            x, y = [cause[p - lag] for p in positions], [effect[p] for p in positions]
            rho = spearmanr(x, y).statistic if len(set(x)) > 1 and len(set(y)) > 1 else None
            lags.append((lag, len(positions), rho))
        eligible = [(lag, n, rho) for lag, n, rho in lags if n >= 8 and rho is not None]
        if eligible:
            # the highest rho; on equal rho the smaller lag
            best = max(eligible, key=lambda item: (round(item[2], 9), -item[0]))
            assert (link["lag"], link["n"]) == (best[0], best[1]), link
            assert link["rho"] == pytest.approx(best[2], abs=0.005)
        else:
            assert (link["lag"], link["rho"]) == (None, None)
            assert link["n"] == max(n for _, n, _ in lags)


# ---------------------------------------------------------------------------
# inputs, sources and series
# ---------------------------------------------------------------------------

def input_files() -> list[str]:
    """Every file under scorecards/ and data/ that is an input of the site, and the settings file
    (mkdocs.yml holds as_of and published).

    data/README.md documents the example data; it is not read by the plugin
    (FORMAT section 1: data/ holds CSV files and commentary/).
    """
    files = [REPO / "mkdocs.yml", *(p for p in (REPO / "scorecards").rglob("*") if p.is_file())]
    files += [p for p in (REPO / "data").rglob("*") if p.is_file() and p.name != "README.md"]
    return sorted(p.relative_to(REPO).as_posix() for p in files)


def test_inputs_have_a_sha256_for_every_input_file(docs):
    expected = {path: hashlib.sha256((REPO / path).read_bytes()).hexdigest() for path in input_files()}
    assert any(path.startswith("data/commentary/") for path in expected)
    for sid, doc in docs.items():
        published = {item["file"]: item["sha256"] for item in doc["inputs"]}
        assert len(published) == len(doc["inputs"]), f"{sid}: a file is listed twice"
        assert published == expected, sid


def _csv_row(path: Path, line: int) -> tuple[list[str], list[str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[line - 1]]))
    return header, row


def _in_period(text: str, as_of: str) -> bool:
    """Does a CSV period cell (month, date or quarter label) fall in the as-of period?"""
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", as_of)
    month = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text)
    if quarter:
        if text == as_of:
            return True
        return bool(month) and month[1] == quarter[1] and (int(month[2]) - 1) // 3 + 1 == int(quarter[2])
    return bool(month) and f"{month[1]}-{month[2]}" == as_of


def test_sources_name_real_rows_holding_the_kpi(docs):
    definition = definitions()
    for sid, doc in docs.items():
        sources_of = {k["id"]: k.get("source") for o in definition[sid]["objectives"] for k in o.get("kpis", [])}
        formulas = {k["id"]: k["formula"] for o in definition[sid]["objectives"] for k in o.get("kpis", [])
                    if "formula" in k}
        for o in doc["objectives"]:
            for k in o["kpis"]:
                if k["status"] == "not-due":   # FORMAT section 12: no value of its own in this period
                    assert k["sources"] == [] and k["actual"] is None, f"{sid}/{k['id']}"
                    continue
                assert k["sources"], f"{sid}/{k['id']} has no sources"
                for source in k["sources"]:
                    path = REPO / source["file"]
                    assert path.is_file() and source["file"].startswith("data/"), source
                    assert source["line"] >= 2, source     # line 1 is the header
                    header, row = _csv_row(path, source["line"])
                    values = dict(zip(header, row))
                    where = f"{sid}/{k['id']} -> {source['file']}:{source['line']}"
                    if k["id"] in formulas:
                        # a calculated KPI's sources are the rows of the inputs its formula names; a
                        # year-to-date formula's reach back to the first quarter of the year
                        assert re.search(rf"(?<![a-z0-9-]){re.escape(values['kpi'])}(?![a-z0-9-])",
                                         formulas[k["id"]]), where
                        if "ytd(" in formulas[k["id"]]:
                            assert values["period"][:4] == doc["as_of"][:4], where
                            continue
                    elif sources_of[k["id"]]:
                        assert source["file"] == "data/" + sources_of[k["id"]], where
                    elif "kpi" in values:
                        assert values["kpi"] in (k["id"], f"{sid}/{k['id']}"), where
                    else:
                        column = k["id"] if k["id"] in values else f"{sid}/{k['id']}"
                        assert values.get(column, "") != "", where
                    assert _in_period(values["period"], doc["as_of"]), where


def test_sources_of_some_kpis_exactly(enterprise, customer_success):
    def places(kpi_doc):
        return [(s["file"], s["line"]) for s in kpi_doc["sources"]]

    # the three months of 2026-Q3
    assert places(kpi(enterprise, "nrr")) == [("data/finance/nrr.csv", 35), ("data/finance/nrr.csv", 36),
                                               ("data/finance/nrr.csv", 37)]
    assert places(kpi(enterprise, "new-arr")) == [("data/enterprise.csv", 35), ("data/enterprise.csv", 36),
                                                   ("data/enterprise.csv", 37)]
    assert places(kpi(enterprise, "specialist-coverage")) == [
        ("data/people-wide.csv", 35), ("data/people-wide.csv", 36), ("data/people-wide.csv", 37)]
    # July and August only: September is missing
    assert places(kpi(enterprise, "csat")) == [("data/enterprise.csv", 71), ("data/enterprise.csv", 72)]
    # one quarterly row
    assert places(kpi(enterprise, "poor-onboarding-share")) == [("data/enterprise.csv", 84)]
    # monthly scorecard: one row
    assert places(kpi(customer_success, "logo-churn")) == [("data/customer-success.csv", 37)]
    assert places(kpi(customer_success, "csat")) == [("data/customer-success.csv", 108)]


def _period_key(label: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(?:Q([1-4])|(\d{2}))", label)
    assert match, label
    return int(match[1]), int(match[2] or match[3])


def test_series_runs_oldest_first_and_ends_at_as_of(docs):
    for sid, doc in docs.items():
        for o in doc["objectives"]:
            for k in o["kpis"]:
                if k["status"] == "not-due":
                    continue   # a yearly KPI's series lists its own years; tested by name below
                labels = [e["period"] for e in k["series"]]
                keys = [_period_key(label) for label in labels]
                assert keys == sorted(keys) and len(set(keys)) == len(keys), f"{sid}/{k['id']}: {labels}"
                assert labels[-1] == doc["as_of"] == k["period"], f"{sid}/{k['id']}"
                # Without an actual only where a calculated KPI's input had data, with the reason.
                for e in k["series"]:
                    assert (e["actual"] is None) == (e["status"] == "no-data") == (e["reason"] is not None)
                    assert e["actual"] is not None or k["formula"] is not None, f"{sid}/{k['id']} {e['period']}"
                last = k["series"][-1]
                assert (last["actual"], last["target"], last["status"], last["score"]) == \
                    (k["actual"], k["target"], k["status"], k["score"])


def test_enterprise_series_cover_every_quarter(enterprise):
    quarters = [f"{year}-Q{q}" for year in (2024, 2025) for q in (1, 2, 3, 4)]
    expected = ["2023-Q4", *quarters, "2026-Q1", "2026-Q2", "2026-Q3"]
    for kpi_id in ("nrr", "new-arr", "releases", "uptime", "time-to-value", "eng-utilisation"):
        assert [e["period"] for e in kpi(enterprise, kpi_id)["series"]] == expected, kpi_id


def test_engineerings_measures_calculated_rate_year_to_date_and_yearly_survey(docs):
    """FORMAT sections 11 and 12 in the example, worked from scripts/generate_example_data.py's story.

    change-failure-rate = failed-changes x 100 / production-changes: 2026-Q3 has 168 failed of 1,000
    changes (the months split the quarter's totals exactly), so 16.8, as the quarterly rows gave before.
    on-call-pages-ytd = ytd(on-call-pages): 78 + 84 + 91 = 253 in 2026-Q3 against 240 x 9/12 = 180;
    tolerance 20% of 180 = 36; 253 > 216: red, score 20/3 + (180 - 253) / 36 x 10/3 = -0.09, kept at 0.
    developer-experience is yearly: not due in 2026-Q3; its 2025 survey (71 against 70, tolerance 7)
    scored 20/3 + 1/7 x 10/3 = 7.14 (2024: 64, 6 short, amber at 20/3 - 6/7 x 10/3 = 3.81); next due 2026-Q4.
    The objective "Keep the pace sustainable" is then the mean of eng-attrition (12.1 against 10,
    tolerance 3: 20/3 - 2.1/3 x 10/3 = 4.3333), on-call-pages (91 against 60, tolerance 18:
    20/3 - 31/18 x 10/3 = 0.9259) and on-call-pages-ytd (0): 5.2593 / 3 = 1.75, red; the survey,
    not due, takes no part.
    """
    engineering = docs["engineering"]
    assert [m["id"] for m in engineering["measures"]] == ["production-changes", "failed-changes"]
    changes = {m["id"]: {e["period"]: e["value"] for e in m["series"]} for m in engineering["measures"]}
    assert changes["production-changes"]["2026-Q3"] == 1000 and changes["failed-changes"]["2026-Q3"] == 168
    rate = kpi(engineering, "change-failure-rate")
    assert rate["formula"] == "failed-changes * 100 / production-changes"
    assert rate["actual"] == 16.8 and rate["status"] == "red" and rate["score"] == 2.13
    ytd = kpi(engineering, "on-call-pages-ytd")
    assert (ytd["actual"], ytd["target"], ytd["tolerance"], ytd["status"], ytd["score"]) == \
        (253, 180, 36, "red", 0)
    assert ytd["target_rule"] == {"relative": None, "annual": 240, "months": 9}
    survey = kpi(engineering, "developer-experience")
    assert (survey["status"], survey["actual"], survey["score"]) == ("not-due", None, None)
    assert [(e["period"], e["actual"], e["status"], e["score"]) for e in survey["series"]] == \
        [("2024", 64, "amber", 3.81), ("2025", 71, "green", 7.14)]
    objective = next(o for o in engineering["objectives"] if o["id"] == "sustainable-engineering")
    assert (objective["score"], objective["status"]) == (1.75, "red")


def test_a_calculated_kpis_period_without_an_actual_is_published_with_its_reason(docs):
    """Engineering's on-call pages start in 2023-Q4: the year to date of 2023-Q4 needs Q1 to Q3, which
    have no value, so the period is in the series as no-data with the reason (FORMAT sections 8 and 11)."""
    ytd = kpi(docs["engineering"], "on-call-pages-ytd")
    first = ytd["series"][0]
    assert (first["period"], first["actual"], first["status"], first["score"]) == ("2023-Q4", None, "no-data", None)
    assert first["reason"] == {"kind": "missing", "input": "on-call-pages", "period": "2023-Q1"}
    assert all(e["reason"] is None for e in ytd["series"][1:])

