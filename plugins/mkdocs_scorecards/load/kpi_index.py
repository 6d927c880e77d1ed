"""Finding the KPI or measure a CSV names, by bare id, by scorecard/id, or by its `source:` file.

Measures share their scorecard's id space with its KPIs (FORMAT section 11)
and are named in CSV files exactly like KPIs, so one index finds both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import did_you_mean, nearest
from ..model import Kpi, Measure, Scorecard

# The message for rows of a KPI whose definition has errors; reported once per file.
UNUSABLE = "rows of a KPI whose definition has errors"
# The message for rows that may belong to a scorecard whose file could not be read.
UNREADABLE = "rows of a KPI that is not known, while a scorecard could not be read"


@dataclass
class KpiIndex:
    """Finds a KPI or measure from how a CSV names it: bare id, or scorecard/id."""

    scorecards: dict[str, Scorecard]
    by_bare_id: dict[str, list[tuple[str, Kpi | Measure]]] = field(default_factory=dict)
    by_source: dict[str, tuple[str, Kpi | Measure]] = field(default_factory=dict)
    by_full_id: dict[str, tuple[str, Kpi | Measure]] = field(default_factory=dict)
    # Bare and full ids of KPIs with broken definitions -> the file that defines them.
    unusable: dict[str, str] = field(default_factory=dict)
    # Scorecards whose definitions could not be read in full (id -> file): a KPI
    # not found may be theirs, so its rows are set aside.
    partly_read: Mapping[str, str] = field(default_factory=dict)
    # `source:` files of KPIs with broken definitions (path below data/ -> (KPI id, definition file)).
    broken_sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    _found: dict[str, tuple] = field(default_factory=dict)
    # "KPI", or "KPI or measure" once any scorecard has measures: what messages call the ids.
    what: str = "KPI"

    @classmethod
    def build(cls, scorecards: list[Scorecard], partly_read: Mapping[str, str],
              broken_sources: Mapping[str, tuple[str, str]]) -> KpiIndex:
        index = cls({s.id: s for s in scorecards}, partly_read=partly_read, broken_sources=dict(broken_sources))
        for scorecard in scorecards:
            if scorecard.measures:
                index.what = "KPI or measure"
            for kpi in scorecard.series():
                index.by_bare_id.setdefault(kpi.id, []).append((scorecard.id, kpi))
                index.by_full_id[f"{scorecard.id}/{kpi.id}"] = (scorecard.id, kpi)
                if kpi.source:
                    index.by_source[kpi.source] = (scorecard.id, kpi)
            for kpi_id in scorecard.unusable_kpis:
                index.unusable.setdefault(kpi_id, scorecard.place.file)
                index.unusable[f"{scorecard.id}/{kpi_id}"] = scorecard.place.file
        return index

    def find(self, name: str) -> tuple[tuple[str, Kpi | Measure] | None, str, str]:
        """(scorecard id, KPI), or None with a message and a hint (remembered per name)."""
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = self._find(name)
        return found

    def _find(self, name: str) -> tuple[tuple[str, Kpi | Measure] | None, str, str]:
        if name in self.by_full_id:
            return self.by_full_id[name], "", ""
        if name in self.unusable and name not in self.by_bare_id:
            return None, UNUSABLE, f"fix them in {self.unusable[name]}"
        if "/" in name:
            scorecard_id, _, kpi_id = name.partition("/")
            scorecard = self.scorecards.get(scorecard_id)
            if scorecard_id in self.partly_read:
                return None, UNREADABLE, f"fix the errors in {self.partly_read[scorecard_id]} first"
            if scorecard is None:
                return None, f"unknown scorecard '{scorecard_id}' in '{name}'", \
                    did_you_mean(scorecard_id, self.scorecards, "scorecard")
            return None, f"scorecard '{scorecard_id}' has no {self.what} '{kpi_id}'", \
                did_you_mean(kpi_id, {k.id for k in scorecard.series()}, self.what)
        matches = self.by_bare_id.get(name, [])
        if len(matches) == 1:
            return matches[0], "", ""
        if matches:
            names = ", ".join(f"{s}/{name}" for s, _ in matches)
            return None, f"the {self.what} id '{name}' is ambiguous: it could be {names}", \
                "write it as scorecard-id/kpi-id"
        if self.partly_read:
            guess = nearest(name, self.by_bare_id)
            return None, UNREADABLE, f"it may be defined in {listed(self.partly_read.values())}, which has errors " \
                "to fix first" + (f"; or did you mean '{guess}'?" if guess else "")
        return None, f"unknown {self.what} '{name}'", did_you_mean(name, self.by_bare_id, self.what)



def listed(files) -> str:
    return " or ".join(sorted(set(files)))
