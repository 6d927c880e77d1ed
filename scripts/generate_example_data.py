"""Generate the Northwind Software example actuals under data/.

The example organisation's story is written down here once, as a few numbers
per quarter for every KPI; this script spreads them over months with a little
seeded noise and writes the CSV files the scorecards read. Running it again
rewrites every CSV byte for byte. Commentary (data/commentary/) and
data/README.md are written by hand and left alone.

    python scripts/generate_example_data.py [--data DIR]

Only the standard library and numpy are used.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SEED = 20231001
FIRST_MONTH = (2023, 10)
N_QUARTERS = 12  # 2023-Q4 .. 2026-Q3
ROOT = Path(__file__).resolve().parents[1]

# One value per quarter, 2023-Q4 first. What each value means depends on the
# KPI's shape: "last" = the value at quarter end, "mean" = the quarter's level,
# "sum" = the quarter's total.
Q = list[float]


def months() -> list[tuple[int, int]]:
    """All 36 months, 2023-10 .. 2026-09."""
    year, month = FIRST_MONTH
    out = []
    for _ in range(N_QUARTERS * 3):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


MONTHS = months()


def month_label(ym: tuple[int, int]) -> str:
    return f"{ym[0]}-{ym[1]:02d}"


def month_end(ym: tuple[int, int]) -> str:
    """The month's last day, the date form a finance export uses."""
    return f"{ym[0]}-{ym[1]:02d}-{calendar.monthrange(*ym)[1]:02d}"


def quarter_label(q: int) -> str:
    year, month = MONTHS[3 * q]
    return f"{year}-Q{(month - 1) // 3 + 1}"


@dataclass
class Kpi:
    """How one KPI's rows are made from its quarterly story."""

    name: str            # as written in the CSV: bare id or scorecard/kpi
    shape: str           # last | mean | sum | quarterly
    story: Q             # one number per quarter (see Q above)
    decimals: int
    noise: float = 0.0   # monthly wobble: standard deviation, or for "sum" the
                         # relative wobble of each month's share of the total
    start: float | None = None     # "last": the value just before 2023-10
    first_quarter: int = 0         # quarters before this have no data yet
    notes: dict[str, str] = field(default_factory=dict)     # period -> note
    targets: dict[str, float] = field(default_factory=dict)  # period -> override
    missing: frozenset[str] = frozenset()    # months with no row at all
    empty: frozenset[str] = frozenset()      # months with a row but no actual
    dated: frozenset[str] = frozenset()      # months written as a month-end date
    shocks: dict[str, float] = field(default_factory=dict)  # month -> one-off change


def split_total(total: float, shares: np.ndarray, decimals: int) -> list[float]:
    """Split a quarter's total into months that add up to it exactly."""
    scale = 10 ** decimals
    units = round(total * scale)
    raw = shares * units
    parts = np.floor(raw).astype(int)
    for i in np.argsort(parts - raw, kind="stable")[: units - int(parts.sum())]:
        parts[i] += 1
    return [int(part) / scale for part in parts]


def spread(kpi: Kpi, rng: np.random.Generator) -> list[tuple[str, float]]:
    """(period, value) rows for one KPI, months unless shape is quarterly."""
    first, last = kpi.first_quarter, N_QUARTERS - 1
    if kpi.shape == "quarterly":
        return [(quarter_label(q), kpi.story[q]) for q in range(first, N_QUARTERS)]
    rows = []
    previous = kpi.start if kpi.start is not None else kpi.story[first]
    for q in range(first, N_QUARTERS):
        level = kpi.story[q]
        if kpi.shape == "sum":
            weights = np.clip(1.0 + rng.normal(0.0, kpi.noise, 3), 0.2, None)
            values = split_total(level, weights / weights.sum(), kpi.decimals)
        elif kpi.shape == "mean":  # sloping with the neighbouring quarters, same mean
            before, after = max(q - 1, first), min(q + 1, last)
            slope = (kpi.story[after] - kpi.story[before]) / (3 * (after - before))
            wobble = rng.normal(0.0, kpi.noise, 3)
            values = [level + slope * (i - 1) + w for i, w in enumerate(wobble - wobble.mean())]
        else:  # last: a straight line to the quarter-end value, wobbling on the way
            wobble = rng.normal(0.0, kpi.noise, 2)
            values = [previous + (level - previous) * (i + 1) / 3 + wobble[i] for i in range(2)]
            values.append(level)
            previous = level
        for i, value in enumerate(values):
            month = month_label(MONTHS[3 * q + i])
            rows.append((month, round(float(value) + kpi.shocks.get(month, 0.0), kpi.decimals)))
    return rows


def fmt(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}"


def long_rows(kpi: Kpi, rng: np.random.Generator) -> list[list[str]]:
    out = []
    for period, value in spread(kpi, rng):
        if period in kpi.missing:
            continue
        actual = None if period in kpi.empty else value
        written = month_end(tuple(map(int, period.split("-")))) if period in kpi.dated else period
        target = kpi.targets.get(period)
        out.append([kpi.name, written, fmt(actual, kpi.decimals),
                    "" if target is None else f"{target:g}", kpi.notes.get(period, "")])
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------
# The story. Quarters: 23Q4 24Q1 24Q2 24Q3 24Q4 25Q1 25Q2 25Q3 25Q4 26Q1 26Q2 26Q3
# --------------------------------------------------------------------------

ENTERPRISE = [
    # Retention theme: specialists and playbook -> time-to-value -> fewer
    # "poor" ratings -> net revenue retention.
    Kpi("new-arr", "sum", [980, 870, 1010, 1060, 1240, 1050, 1130, 1190, 1350, 1150, 1260, 1310], 0, noise=0.3,
        targets={"2025-12": 1400},
        notes={"2024-12": "Two enterprise deals pulled into December",
               "2025-12": "Year-end push: Q4 target raised to 1,400 by the board"}),
    Kpi("enterprise/csat", "mean", [3.92, 3.90, 3.95, 4.00, 4.05, 4.10, 4.14, 4.18, 4.22, 4.24, 4.27, 4.26], 2,
        noise=0.03, missing=frozenset({"2026-09"}),
        notes={"2026-08": "September survey closes mid-October"}),
    Kpi("poor-onboarding-share", "quarterly",
        [30.4, 31.2, 28.9, 26.6, 22.8, 20.9, 19.8, 20.3, 14.2, 12.4, 11.5, 11.2], 1,
        notes={"2024-Q2": "First customers onboarded on playbook v1",
               "2025-Q3": "Spring cohort onboarded while two specialist posts were vacant",
               "2026-Q3": "Small customers still onboard without a specialist"}),
    Kpi("time-to-value", "mean", [45, 44, 40, 33, 28, 26, 29, 20, 17, 16, 15, 15.5], 0, noise=1.5,
        dated=frozenset({"2026-01", "2026-02", "2026-03"}),
        notes={"2024-07": "Onboarding specialists now cover most new customers",
               "2025-04": "Two specialists left in January; replacements still ramping up"}),
    Kpi("playbook-adoption", "last", [5, 10, 35, 55, 68, 69, 80, 86, 88, 90, 91, 88], 0, noise=1.0, start=0,
        notes={"2024-04": "Playbook v1 launched",
               "2026-09": "Playbook v2 late; small customers fall back to the old checklist"}),
    # Product theme: more releases, but incidents rose instead of falling.
    Kpi("releases", "sum", [12, 13, 15, 16, 18, 19, 21, 22, 24, 26, 28, 29], 0, noise=0.1,
        notes={"2025-07": "Weekly release train started"}),
    Kpi("eng-utilisation", "mean", [78, 80, 81, 83, 82, 84, 86, 84, 83, 84, 84, 84], 0, noise=1.0,
        notes={"2025-05": "Two engineers on leave during the integration sprint"}),
    Kpi("sev1-incidents", "sum", [2, 2, 1, 2, 3, 3, 4, 4, 5, 5, 6, 6], 0, noise=0.4,
        notes={"2026-08": "Database failover failed during a release; 3 hours degraded"}),
    Kpi("uptime", "mean", [99.95, 99.96, 99.97, 99.94, 99.93, 99.91, 99.90, 99.88, 99.86, 99.85, 99.83, 99.85], 3,
        noise=0.01, empty=frozenset({"2024-05"}), shocks={"2026-08": -0.21},
        dated=frozenset({"2026-07", "2026-08", "2026-09"}),
        notes={"2024-05": "Probe provider outage: no measurement for May"}),
    # Partner channel: started in 2025, too short to test its arrow yet.
    Kpi("certified-partners", "quarterly", [0, 0, 0, 0, 0, 1, 3, 5, 7, 9, 12, 14], 0, first_quarter=5,
        notes={"2025-Q1": "Programme launched in January"}),
]

NRR = Kpi("nrr", "last", [91.8, 91.5, 92.3, 93.1, 94.2, 95.6, 97.0, 98.4, 98.7, 100.6, 101.6, 102.2], 1,
          noise=0.15, start=92.1,
          notes={"2024-03": "Two large customers downgraded at renewal",
                 "2025-06": "First full cohort onboarded by specialists reaches renewal",
                 "2025-12": "Growth paused: downgrades in the cohort signed in early 2025"})

CUSTOMER_SUCCESS = [
    Kpi("logo-churn", "mean", [1.80, 1.85, 1.75, 1.60, 1.45, 1.35, 1.25, 1.15, 1.05, 1.00, 0.95, 0.97], 2, noise=0.12,
        notes={"2024-01": "Annual renewals concentrated in January"}),
    Kpi("expansion-pipeline", "last", [1400, 1380, 1500, 1620, 1750, 1850, 1980, 2100, 2250, 2350, 2450, 2520], 0,
        noise=60, start=1450, missing=frozenset({"2025-02"}),
        notes={"2025-03": "February not captured during the CRM migration"}),
    Kpi("customer-success/csat", "mean", [87.0, 87.5, 88.0, 88.5, 89.5, 90.0, 90.5, 91.0, 91.5, 92.0, 92.0, 92.5], 1,
        noise=0.8),
    Kpi("on-time-onboardings", "last", [12, 16, 24, 36, 45, 52, 58, 63, 68, 72, 75, 77], 0, noise=2.0, start=10,
        notes={"2026-01": "Target raised to 80% for 2026"}),
]

ENGINEERING = [
    Kpi("cloud-cost-share", "last", [16.0, 15.8, 15.5, 15.1, 14.6, 14.2, 13.9, 13.5, 13.2, 12.9, 12.7, 12.5], 1,
        noise=0.15, start=16.1),
    Kpi("mttr-hours", "mean", [2.6, 2.5, 2.3, 2.2, 2.0, 1.9, 1.7, 1.6, 1.5, 1.5, 1.4, 1.4], 1, noise=0.2),
    Kpi("deploy-frequency", "mean", [3.0, 3.4, 4.0, 4.6, 5.3, 6.0, 6.8, 7.6, 8.5, 9.4, 10.3, 11.0], 1, noise=0.3),
    Kpi("change-lead-time", "mean", [6.2, 5.8, 5.3, 4.9, 4.4, 4.0, 3.6, 3.2, 2.9, 2.6, 2.4, 2.2], 1, noise=0.25),
    Kpi("on-call-pages", "sum", [45, 48, 44, 50, 56, 58, 63, 66, 72, 78, 84, 91], 0, noise=0.15,
        dated=frozenset({"2026-01", "2026-02", "2026-03"})),
]

ONBOARDING_TEAM = [
    Kpi("handover-rating", "mean", [3.85, 3.90, 3.95, 4.05, 4.15, 4.22, 4.28, 4.33, 4.38, 4.41, 4.44, 4.46], 2,
        noise=0.05),
    Kpi("reopened-onboardings", "sum", [18, 17, 15, 13, 11, 10, 9, 8, 7, 6, 6, 5], 0, noise=0.2,
        notes={"2024-11": "Reopen reasons now tracked per playbook step"}),
    Kpi("playbook-steps-completed", "last", [0, 0, 62, 70, 76, 81, 85, 88, 90, 92, 93, 93], 0, noise=2.0,
        start=55, first_quarter=2, notes={"2024-04": "Playbook v1 launched"}),
    Kpi("kickoff-days", "mean", [8.5, 8.0, 7.0, 5.8, 4.9, 4.2, 3.8, 3.5, 3.3, 3.1, 3.0, 2.9], 1, noise=0.3,
        dated=frozenset({"2025-10", "2025-11", "2025-12"})),
]

# Wide form: one column per KPI; a blank cell is a month without a value.
PEOPLE = [
    Kpi("specialist-coverage", "last", [15, 30, 45, 60, 70, 58, 80, 88, 91, 93, 94, 95], 0, noise=1.5, start=0),
    Kpi("csm-certification", "last", [0, 0, 20, 38, 52, 64, 72, 79, 84, 88, 91, 94], 0, noise=1.5, start=10,
        first_quarter=2),
    Kpi("eng-attrition", "last", [14.0, 13.5, 12.8, 12.0, 11.2, 10.5, 9.8, 9.5, 9.7, 10.4, 11.3, 12.1], 1,
        noise=0.2, start=14.2),
]

# Measures (FORMAT section 11): the counts engineering's change failure rate is
# calculated from. 1,000 production changes a quarter (deployments and
# configuration and feature-flag changes), of which the story's share failed,
# so the quarter's rate is exactly the story's: 8.0% is 80 of 1,000.
CHANGE_FAILURE_RATE = [8.0, 8.4, 8.9, 9.3, 10.2, 11.0, 12.1, 13.0, 13.8, 14.9, 15.6, 16.8]
CHANGES = [
    Kpi("production-changes", "sum", [1000] * N_QUARTERS, 0, noise=0.1),
    Kpi("failed-changes", "sum", [rate * 10 for rate in CHANGE_FAILURE_RATE], 0, noise=0.2,
        notes={"2026-09": "Failed releases traced to skipped canary stage"}),
]
# The yearly developer-experience survey, run each December (FORMAT section 12).
SURVEY = {"2024": 64, "2025": 71}

LONG_FILES = {
    "enterprise.csv": ENTERPRISE,
    "customer-success.csv": CUSTOMER_SUCCESS,
    "engineering.csv": ENGINEERING,
    "onboarding-team.csv": ONBOARDING_TEAM,
}


def generate(data: Path) -> list[Path]:
    rng = np.random.default_rng(SEED)
    written = []
    for name, kpis in LONG_FILES.items():
        rows = [row for kpi in kpis for row in long_rows(kpi, rng)]
        write_csv(data / name, ["kpi", "period", "actual", "target", "note"], rows)
        written.append(data / name)

    nrr = [row[1:] for row in long_rows(NRR, rng)]
    write_csv(data / "finance" / "nrr.csv", ["period", "actual", "target", "note"], nrr)
    written.append(data / "finance" / "nrr.csv")

    columns = {kpi.name: dict(spread(kpi, rng)) for kpi in PEOPLE}
    wide = [[month_label(ym)] + [fmt(columns[kpi.name].get(month_label(ym)), kpi.decimals) for kpi in PEOPLE]
            for ym in MONTHS]
    write_csv(data / "people-wide.csv", ["period"] + [kpi.name for kpi in PEOPLE], wide)
    written.append(data / "people-wide.csv")

    # A generator of its own, so that the files above stay as they were.
    changes_rng = np.random.default_rng(SEED + 1)
    changes = [row for kpi in CHANGES for row in long_rows(kpi, changes_rng)]
    changes += [["developer-experience", year, f"{score}", "", ""] for year, score in SURVEY.items()]
    write_csv(data / "engineering-changes.csv", ["kpi", "period", "actual", "target", "note"], changes)
    written.append(data / "engineering-changes.csv")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="folder to write the CSV files into")
    args = parser.parse_args()
    for path in generate(args.data):
        print(path)


if __name__ == "__main__":
    main()
