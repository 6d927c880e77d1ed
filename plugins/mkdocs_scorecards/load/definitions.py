"""Scorecard YAML to the model: every key, type and value checked at its line.

References between scorecards (parent, supports) are checked afterwards in
`references`, once every file has been read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Problems, did_you_mean, nearest
from ..model import (
    DEFAULT_PERSPECTIVES,
    Initiative,
    Kpi,
    Measure,
    Objective,
    Perspective,
    Place,
    ScheduleEntry,
    Scorecard,
    Theme,
    Tolerance,
    is_relative,
    stretch_lies_beyond,
)
from ..periods import FREQUENCIES, Calendar
from .kpi_keys import MEASURE_KEYS, SeriesKeys
from .periodtext import read_period
from .yamlnodes import Node, date_value, mapping, number, parse_yaml, text

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")
RESERVED_PAGE_IDS = frozenset({"index", "report", "hypotheses", "cascade", "archive", "restatements",
                               "changes", "schema", "manifest", "assets"})
RESERVED_KPI_IDS = frozenset({"kpi", "period", "actual", "target", "note"})
BETTER = ("higher", "lower", "in-range")
AGGREGATES = ("last", "sum", "mean", "median", "min", "max")
INDICATORS = ("lead", "lag")
_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$")
_NUMERIC = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")

# Words people write for a valid choice, for "did you mean" hints.
_SYNONYMS = {"average": "mean", "avg": "mean", "total": "sum", "latest": "last", "minimum": "min",
             "maximum": "max", "up": "higher", "more": "higher", "high": "higher", "down": "lower",
             "less": "lower", "low": "lower", "between": "in-range", "range": "in-range", "within": "in-range",
             "month": "monthly", "quarter": "quarterly", "year": "yearly", "annual": "yearly",
             "annually": "yearly", "leading": "lead", "lagging": "lag"}

SCORECARD_KEYS = {"title": True, "owner": False, "description": False, "parent": False,
                  "frequency": False, "fiscal_year_start": False, "perspectives": False,
                  "themes": False, "measures": False, "objectives": True}
OBJECTIVE_KEYS = {"id": True, "title": True, "perspective": True, "theme": False, "owner": False,
                  "description": False, "weight": False, "drives": False, "supports": False,
                  "kpis": False, "initiatives": False}
KPI_KEYS = {"id": True, "title": True, "unit": False, "better": True, "target": False,
            "tolerance": False, "stretch": False, "aggregate": False, "indicator": False,
            "weight": False, "decimals": False, "source": False, "description": False,
            "formula": False, "baseline": False, "phasing": False, "grain": False, "frequency": False}
INITIATIVE_KEYS = {"id": True, "title": True, "owner": False, "start": False, "due": False,
                   "budget": False, "progress": False}
TITLED_KEYS = {"id": True, "title": True}
PERSPECTIVE_KEYS = {"id": True, "title": True, "weight": False}


@dataclass
class BrokenDefinitions:
    """What later checks need to know about definitions with errors, so they
    report each mistake once instead of as a flood of "unknown" rows."""

    # `source:` files of KPIs whose definitions have errors (path below data/ -> (KPI id, file)).
    broken_sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Scorecards with an objective or KPI whose id could not be read: an id
    # that is not found may be one of those.
    incomplete: set[str] = field(default_factory=set)


def load_definition(scorecard_id: str, file: str, yaml_text: str, problems: Problems,
                    broken: BrokenDefinitions | None = None) -> Scorecard | None:
    """One scorecard file; None when it is too broken to use (no objectives can be read)."""
    if not SLUG.match(scorecard_id):
        problems.add(file, 1, f"the file name '{scorecard_id}' is not a valid scorecard id",
                     "rename the file to lowercase letters, digits and '-', e.g. enterprise.yml")
    elif scorecard_id in RESERVED_PAGE_IDS:
        problems.add(file, 1, f"'{scorecard_id}' is reserved and cannot name a scorecard",
                     "rename the file")
    root = parse_yaml(yaml_text, file, problems)
    if root is None:
        return None
    fields = mapping(root, problems, "the scorecard", SCORECARD_KEYS)
    if fields is None:
        return None
    broken = broken if broken is not None else BrokenDefinitions()
    reader = _Reader(problems)
    reader.broken_sources = broken.broken_sources
    frequency = reader.choice(fields.get("frequency"), FREQUENCIES, "frequency") or "quarterly"
    fiscal_year_start = 1
    if "fiscal_year_start" in fields:
        value = number(fields["fiscal_year_start"], problems, "fiscal_year_start")
        if value is not None and (value != int(value) or not 1 <= value <= 12):
            node = fields["fiscal_year_start"]
            problems.add(file, node.line, f"fiscal_year_start must be a month from 1 to 12, not {node.raw}",
                         "write the number of the month the fiscal year starts in", node.column)
        elif value is not None:
            fiscal_year_start = int(value)
    reader.calendar = calendar = Calendar(frequency, fiscal_year_start)
    perspectives = reader.titled_list(fields.get("perspectives"), "perspective", Perspective, PERSPECTIVE_KEYS)
    if "perspectives" not in fields:
        perspectives = tuple(Perspective(pid, title) for pid, title in DEFAULT_PERSPECTIVES)
    themes = reader.titled_list(fields.get("themes"), "theme", Theme)
    if "objectives" in fields and not fields["objectives"].is_sequence:
        node = fields["objectives"]
        problems.add(file, node.line, "objectives should be a list",
                     "write one `- id: ...` entry per objective", node.column)
        return None
    measures = reader.measures(fields.get("measures"))
    objectives = reader.objectives(fields.get("objectives"))
    if reader.incomplete:
        broken.incomplete.add(scorecard_id)
    parent = reader.slug(fields.get("parent"), "parent", optional=True)
    scorecard = Scorecard(
        id=scorecard_id,
        title=reader.title(fields, "title"),
        place=Place(file, 1),
        owner=reader.text(fields.get("owner"), "owner"),
        description=reader.text(fields.get("description"), "description"),
        parent=parent or "",
        parent_line=fields["parent"].line if "parent" in fields else 0,
        calendar=calendar,
        perspectives=perspectives,
        themes=themes,
        objectives=objectives,
        unusable_kpis=tuple(sorted(set(reader.unusable_kpis))),
        measures=measures,
    )
    _check_local_references(scorecard, problems)
    return scorecard


class _Reader:
    """Reads the parts of one scorecard file, reporting problems as it goes."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.calendar = Calendar()
        self.unusable_kpis: list[str] = []
        self.broken_sources: dict[str, tuple[str, str]] = {}
        self.incomplete = False
        self.series_seen: dict[str, int] = {}   # KPI and measure ids: one id space per scorecard
        self.has_measures = False
        self.keys = SeriesKeys(self)

    def text(self, node: Node | None, what: str) -> str:
        if node is None:
            return ""
        return text(node, self.problems, what) or ""

    def title(self, fields: dict[str, Node], what: str) -> str:
        """A required title: present (checked by `mapping`), text, and not blank."""
        node = fields.get("title")
        if node is None:
            return ""
        value = text(node, self.problems, what)
        if value is not None and not value.strip():
            self.problems.add(node.file, node.line, f"{what} is blank", "write a short title", node.column)
        return value or ""

    def slug(self, node: Node | None, what: str, optional: bool = False) -> str:
        if node is None:
            return ""
        value = text(node, self.problems, what)
        if value is None or (optional and value == ""):
            return ""
        if not SLUG.match(value):
            self.problems.add(node.file, node.line, f"{what} '{value}' is not a valid id",
                              "use 1 to 64 lowercase letters, digits and '-', starting with a letter or digit",
                              node.column)
            return ""
        return value

    def choice(self, node: Node | None, choices: tuple[str, ...], what: str) -> str:
        if node is None:
            return ""
        value = text(node, self.problems, what)
        if value is None:
            return ""
        if value not in choices:
            guess = _SYNONYMS.get(value.strip().lower(), "")
            guess = guess if guess in choices else nearest(value, choices)
            self.problems.add(node.file, node.line, f"{what} must be one of {', '.join(choices)}, not '{value}'",
                              f"did you mean '{guess}'?" if guess else f"write one of: {', '.join(choices)}",
                              node.column)
            return ""
        return value

    def positive(self, node: Node | None, what: str, default: float = 1.0) -> float:
        if node is None:
            return default
        value = number(node, self.problems, what)
        if value is None:
            return default
        if value <= 0:
            self.problems.add(node.file, node.line, f"{what} must be greater than 0, not {node.raw}",
                              "give a positive weight, or remove the item", node.column)
            return default
        return value

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if node.is_scalar and node.value() is None:
            return []
        if not node.is_sequence:
            self.problems.add(node.file, node.line, f"{what} should be a list",
                              "write one `- item` per line, or [a, b]", node.column)
            self.incomplete = self.incomplete or what in ("objectives", "kpis")
            return []
        return node.items()

    def ids(self, node: Node | None, what: str, pattern: re.Pattern = SLUG) -> tuple[tuple[str, Node], ...]:
        found = []
        seen: dict[str, int] = {}
        for item in self.sequence(node, what):
            value = text(item, self.problems, f"an entry of {what}")
            if value is None:
                continue
            if not pattern.match(value):
                self.problems.add(item.file, item.line, f"'{value}' in {what} is not a valid reference",
                                  "write an objective id" if pattern is SLUG else
                                  "write scorecard-id/objective-id", item.column)
                continue
            if value in seen:
                self.problems.add(item.file, item.line, f"'{value}' is listed twice in {what} "
                                  f"(first on line {seen[value]})", "remove one of them", item.column)
                continue
            seen[value] = item.line
            found.append((value, item))
        return tuple(found)

    def titled_list(self, node, what, cls, keys=TITLED_KEYS):
        seen: dict[str, int] = {}
        result = []
        for item in self.sequence(node, f"{what}s"):
            fields = mapping(item, self.problems, f"a {what}", keys)
            if fields is None:
                continue
            item_id = self.slug(fields.get("id"), f"{what} id")
            title = self.title(fields, f"{what} title")
            weight = {"weight": self.positive(fields.get("weight"), "weight")} if "weight" in keys else {}
            if item_id and self._unique(item_id, item, seen, what):
                result.append(cls(item_id, title, **weight))
        return tuple(result)

    @property
    def id_space(self) -> str:
        """What the ids of one scorecard's KPIs (and its measures, when it has any) are called in messages."""
        return "KPI or measure" if self.has_measures else "KPI"

    def measures(self, node: Node | None) -> tuple[Measure, ...]:
        """The scorecard's measures; one whose definition has a problem is left out, its id noted as unusable."""
        found = []
        self.has_measures = node is not None and node.is_sequence and bool(node.items())
        for item in self.sequence(node, "measures"):
            measure = self.measure(item)
            if measure and self._unique(measure.id, item, self.series_seen, self.id_space):
                found.append(measure)
        return tuple(found)

    def measure(self, node: Node) -> Measure | None:
        problems_before = len(self.problems.items)
        fields = mapping(node, self.problems, "a measure", MEASURE_KEYS)
        if fields is None:
            self.incomplete = True
            return None
        measure_id = self.series_id(node, fields, "measure")
        title = self.title(fields, "title")
        source = self.source(fields)
        aggregate = self.choice(fields.get("aggregate"), AGGREGATES, "aggregate") or "last"
        grain = self.keys.grain(fields.get("grain"))
        frequency = self.keys.frequency(fields.get("frequency"))
        decimals = self.decimals(fields.get("decimals"))
        unit = self.text(fields.get("unit"), "unit")
        description = self.text(fields.get("description"), "description")
        if not measure_id or len(self.problems.items) > problems_before:
            self.incomplete = self.incomplete or not measure_id
            if measure_id:
                self.unusable_kpis.append(measure_id)
                if source:
                    self.broken_sources.setdefault(source, (measure_id, node.file))
            return None
        return Measure(measure_id, title, Place(node.file, node.line), unit=unit, aggregate=aggregate, grain=grain,
                       frequency=frequency, decimals=decimals, source=source,
                       source_line=fields["source"].line if source else 0, description=description)

    def series_id(self, node: Node, fields: dict[str, Node], what: str) -> str:
        """A KPI's or measure's id: a slug that names no CSV column ('' when it cannot be used)."""
        series_id = self.slug(fields.get("id"), f"{what} id")
        if not series_id:
            self.incomplete = True
        if series_id in RESERVED_KPI_IDS:
            self.problems.add(node.file, fields["id"].line, f"'{series_id}' is reserved and cannot name a {what}",
                              "it names a CSV column; choose another id", fields["id"].column)
            self.unusable_kpis.append(series_id)
            return ""
        return series_id

    def source(self, fields: dict[str, Node]) -> str:
        source = self.text(fields.get("source"), "source")
        if source and (source.startswith("/") or ".." in source.split("/") or not source.endswith(".csv")):
            self.problems.add(fields["source"].file, fields["source"].line,
                              f"source '{source}' must be a .csv path inside data/",
                              "write a relative path such as finance/nrr.csv", fields["source"].column)
            return ""
        return source

    def decimals(self, node: Node | None) -> int | None:
        if node is None:
            return None
        value = number(node, self.problems, "decimals")
        if value is not None and (value != int(value) or not 0 <= value <= 10):
            self.problems.add(node.file, node.line, "decimals must be a whole number from 0 to 10",
                              "write e.g. `decimals: 1`", node.column)
            return None
        return int(value) if value is not None else None

    def _unique(self, item_id: str, node: Node, seen: dict[str, int], what: str) -> bool:
        if item_id in seen:
            self.problems.add(node.file, node.line, f"the {what} id '{item_id}' is used twice "
                              f"(first on line {seen[item_id]})", "give each one its own id")
            return False
        seen[item_id] = node.line
        return True

    def objectives(self, node: Node | None) -> tuple[Objective, ...]:
        seen: dict[str, int] = {}
        kpi_seen = self.series_seen
        result = []
        for item in self.sequence(node, "objectives"):
            fields = mapping(item, self.problems, "an objective", OBJECTIVE_KEYS)
            if fields is None:
                self.incomplete = True
                continue
            objective_id = self.slug(fields.get("id"), "objective id")
            if objective_id in RESERVED_PAGE_IDS:
                self.problems.add(item.file, fields["id"].line, f"'{objective_id}' is reserved and cannot name an objective",
                                  "choose another id", fields["id"].column)
                objective_id = ""
            kpis = []
            for kpi_node in self.sequence(fields.get("kpis"), "kpis"):
                kpi = self.kpi(kpi_node)
                if kpi and self._unique(kpi.id, kpi_node, kpi_seen, self.id_space):
                    kpis.append(kpi)
            initiatives = []
            initiative_seen: dict[str, int] = {}
            for initiative_node in self.sequence(fields.get("initiatives"), "initiatives"):
                initiative = self.initiative(initiative_node)
                if initiative and self._unique(initiative.id, initiative_node, initiative_seen, "initiative"):
                    initiatives.append(initiative)
            if not objective_id or not self._unique(objective_id, item, seen, "objective"):
                self.unusable_kpis.extend(kpi.id for kpi in kpis)
                for kpi in kpis:
                    if kpi.source:
                        self.broken_sources.setdefault(kpi.source, (kpi.id, item.file))
                self.incomplete = self.incomplete or not objective_id
                continue
            drives = self.ids(fields.get("drives"), "drives")
            supports = self.ids(fields.get("supports"), "supports", SUPPORT_REF)
            lines = [(f"drives:{value}", node.line) for value, node in drives]
            lines += [(f"supports:{value}", node.line) for value, node in supports]
            lines += [(key, fields[key].line) for key in ("perspective", "theme") if key in fields]
            result.append(Objective(
                id=objective_id,
                title=self.title(fields, "title"),
                perspective=self.slug(fields.get("perspective"), "perspective"),
                place=Place(item.file, item.line),
                theme=self.slug(fields.get("theme"), "theme", optional=True),
                owner=self.text(fields.get("owner"), "owner"),
                description=self.text(fields.get("description"), "description"),
                weight=self.positive(fields.get("weight"), "weight"),
                drives=tuple(value for value, _ in drives),
                supports=tuple(value for value, _ in supports),
                kpis=tuple(kpis),
                initiatives=tuple(initiatives),
                reference_lines=tuple(lines),
            ))
        return tuple(result)

    def kpi(self, node: Node) -> Kpi | None:
        """A KPI, or None (its id noted as unusable) when its definition has any problem."""
        problems_before = len(self.problems.items)
        fields = mapping(node, self.problems, "a KPI", KPI_KEYS)
        if fields is None:
            self.incomplete = True
            return None
        kpi_id = self.series_id(node, fields, "KPI")
        better = self.choice(fields.get("better"), BETTER, "better")
        title = self.title(fields, "title")
        frequency = self.keys.frequency(fields.get("frequency"))
        target, schedule = self.target(fields.get("target"), better)
        tolerance = self.tolerance(fields.get("tolerance"))
        stretch = None
        if "stretch" in fields:
            stretch = number(fields["stretch"], self.problems, "stretch")
            if better == "in-range":
                self.problems.add(node.file, fields["stretch"].line, "an in-range KPI cannot have a stretch",
                                  "remove `stretch:`", fields["stretch"].column)
            elif stretch is not None:
                self._check_stretch(fields["stretch"], stretch, better, target, schedule)
        decimals = self.decimals(fields.get("decimals"))
        source = self.source(fields)
        self._check_percent_of_zero(node, fields, better, target, schedule, tolerance)
        aggregate = self.choice(fields.get("aggregate"), AGGREGATES, "aggregate") or "last"
        indicator = self.choice(fields.get("indicator"), INDICATORS, "indicator")
        weight = self.positive(fields.get("weight"), "weight")
        unit = self.text(fields.get("unit"), "unit")
        description = self.text(fields.get("description"), "description")
        formula = self.keys.formula(fields.get("formula"))
        baseline = self.keys.baseline(fields.get("baseline"), frequency)
        phasing = self.keys.phasing(fields.get("phasing"), better)
        grain = self.keys.grain(fields.get("grain"))
        self.keys.check_relative(node, fields, target, schedule, baseline)
        if not kpi_id or not better or len(self.problems.items) > problems_before:
            if kpi_id:
                self.unusable_kpis.append(kpi_id)
                if source:
                    self.broken_sources.setdefault(source, (kpi_id, node.file))
            return None
        return Kpi(
            id=kpi_id,
            title=title,
            better=better,
            place=Place(node.file, node.line),
            unit=unit,
            target=target,
            schedule=schedule,
            tolerance=tolerance,
            stretch=stretch,
            aggregate=aggregate,
            indicator=indicator,
            weight=weight,
            decimals=decimals,
            source=source,
            source_line=fields["source"].line if source else 0,
            target_line=fields["target"].line if "target" in fields else 0,
            description=description,
            formula=formula,
            baseline=baseline,
            phasing=phasing,
            grain=grain,
            frequency=frequency,
            key_lines=tuple((key, fields[key].line) for key in ("target", "stretch", "tolerance", "baseline",
                                                               "formula", "frequency") if key in fields),
        )

    def target_value(self, node: Node, better: str):
        if better == "in-range":
            items = node.items() if node.is_sequence else []
            if len(items) != 2:
                self.problems.add(node.file, node.line, "an in-range target must be a pair [low, high]",
                                  "write e.g. `target: [70, 85]`", node.column)
                return None
            low = self.keys.target_number(items[0], "the low end of the range")
            high = self.keys.target_number(items[1], "the high end of the range")
            if low is None or high is None:
                return None
            if isinstance(low, float) and isinstance(high, float) and low > high:
                self.problems.add(node.file, node.line, f"the range [{items[0].raw}, {items[1].raw}] runs backwards",
                                  "write the low end first", node.column)
                return None
            return (low, high)
        if node.is_sequence:
            self.problems.add(node.file, node.line, "a pair [low, high] is only for in-range KPIs",
                              "write one number, or set `better: in-range`", node.column)
            return None
        return self.keys.target_number(node, "target")

    def target(self, node: Node | None, better: str):
        if node is None or not better:
            return None, ()
        if not node.is_mapping:
            return self.target_value(node, better), ()
        entries = []
        seen: dict[int, str] = {}
        for key_node, value_node in node.node.value:
            key, value = Node(key_node, node.file), Node(value_node, node.file)
            if not key.is_scalar:
                self.problems.add(node.file, key.line, "a key of the target schedule is a list or mapping",
                                  "write `period: value`, e.g. `2026-Q1: 95`", key.column)
                continue
            period, message, hint = read_period(key.raw, self.calendar.fiscal_year_start)
            if period is None:
                self.problems.add(node.file, key.line, f"{message} (in the target schedule)",
                                  hint if hint.startswith("did you mean") else
                                  "use labels such as 2026-Q1, 2026-03, 2026 or FY2027-Q1", key.column)
                continue
            if period.first in seen:
                self.problems.add(node.file, key.line, f"the schedule has two entries starting in the same month "
                                  f"('{seen[period.first]}' and '{key.raw}')", "keep one", key.column)
                continue
            seen[period.first] = key.raw
            if value.is_null:   # FORMAT section 11: from this period on, no target
                entries.append(ScheduleEntry(period, None))
                continue
            target = self.target_value(value, better)
            if target is not None:
                entries.append(ScheduleEntry(period, target, value.line))
        if not node.node.value:
            self.problems.add(node.file, node.line, "the target schedule is empty", "add `period: value` entries")
        return None, tuple(sorted(entries, key=lambda entry: entry.period.first))

    def tolerance(self, node: Node | None) -> Tolerance:
        if node is None:
            return Tolerance(10.0, True)
        if node.is_scalar and (match := _PERCENT.match(node.raw)) and float(match[1]) != float("inf"):
            return Tolerance(float(match[1]), True)
        if node.is_scalar and not node.literal and _NUMERIC.match(node.raw.strip()):
            value = number(node, self.problems, "tolerance")
            if value is None:
                return Tolerance(10.0, True)
            if value >= 0:
                return Tolerance(value, False)
        self.problems.add(node.file, node.line, f"tolerance must be a number of at least 0 or a percent such as 10%, "
                          f"not `{node.raw}`" if node.is_scalar else
                          "tolerance must be a number of at least 0 or a percent such as 10%",
                          "write e.g. `tolerance: 5` or `tolerance: 10%`", node.column)
        return Tolerance(10.0, True)

    def _check_percent_of_zero(self, node: Node, fields, better: str, target, schedule, tolerance) -> None:
        """A percent of a zero target is no width at all: FORMAT asks for an absolute tolerance."""
        if not tolerance.percent or better not in ("higher", "lower"):
            return
        targets = [target] if target is not None else [entry.value for entry in schedule]
        if any(value == 0 for value in targets if not is_relative(value)):
            where = fields.get("tolerance") or fields.get("target") or node
            self.problems.add(node.file, where.line, f"a tolerance of {tolerance} of a target of 0 has no width",
                              "give an absolute tolerance in the KPI's unit, e.g. `tolerance: 1`", where.column)

    def _check_stretch(self, node: Node, stretch: float, better: str, target, schedule) -> None:
        targets = [target] if target is not None else [entry.value for entry in schedule]
        for value in targets:
            if value is None or is_relative(value):
                continue   # a relative target is checked once its baseline is known
            if not stretch_lies_beyond(stretch, value, better):
                side = "above" if better == "higher" else "below"
                self.problems.add(node.file, node.line, f"stretch {node.raw} is not {side} the target {value:g}",
                                  f"a stretch lies {side} every target in force", node.column)
                return

    def initiative(self, node: Node) -> Initiative | None:
        fields = mapping(node, self.problems, "an initiative", INITIATIVE_KEYS)
        if fields is None:
            return None
        initiative_id = self.slug(fields.get("id"), "initiative id")
        title = self.title(fields, "title")
        progress = None
        if "progress" in fields:
            progress = number(fields["progress"], self.problems, "progress")
            if progress is not None and not 0 <= progress <= 100:
                self.problems.add(node.file, fields["progress"].line, "progress must be a percent from 0 to 100",
                                  "write e.g. `progress: 60`", fields["progress"].column)
                progress = None
        budget = number(fields["budget"], self.problems, "budget") if "budget" in fields else None
        start = date_value(fields["start"], self.problems, "start") if "start" in fields else None
        due = date_value(fields["due"], self.problems, "due") if "due" in fields else None
        if start and due and start > due:
            self.problems.add(node.file, fields["due"].line, f"due {due} is before start {start}",
                              "check the dates", fields["due"].column)
        if not initiative_id:
            return None
        return Initiative(initiative_id, title, Place(node.file, node.line),
                          owner=self.text(fields.get("owner"), "owner"), start=start, due=due,
                          budget=budget, progress=progress)


SUPPORT_REF = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}/[a-z0-9][a-z0-9-]{0,63}\Z")


def _check_local_references(scorecard: Scorecard, problems: Problems) -> None:
    """Perspectives, themes and drives name things in the same file."""
    perspective_ids = {p.id for p in scorecard.perspectives}
    theme_ids = {t.id for t in scorecard.themes}
    objective_ids = {o.id for o in scorecard.objectives}
    file = scorecard.place.file
    for objective in scorecard.objectives:
        if objective.perspective and objective.perspective not in perspective_ids:
            problems.add(file, objective.line_of("perspective"),
                         f"objective '{objective.id}' names an unknown perspective '{objective.perspective}'",
                         did_you_mean(objective.perspective, perspective_ids, "perspective"))
        if objective.theme and objective.theme not in theme_ids:
            problems.add(file, objective.line_of("theme"),
                         f"objective '{objective.id}' names an unknown theme '{objective.theme}'",
                         did_you_mean(objective.theme, theme_ids, "theme"))
        for target in objective.drives:
            if target not in objective_ids:
                problems.add(file, objective.line_of(f"drives:{target}"),
                             f"objective '{objective.id}' drives an unknown objective '{target}'",
                             did_you_mean(target, objective_ids - {objective.id}, "objective"))
            elif target == objective.id:
                problems.add(file, objective.line_of(f"drives:{target}"), f"objective '{objective.id}' drives itself",
                             "remove it from its own `drives`")
    graph = {o.id: [t for t in o.drives if t in objective_ids and t != o.id] for o in scorecard.objectives}
    by_id = {o.id: o for o in scorecard.objectives}
    for cycle in find_cycles(graph):
        problems.add(file, by_id[cycle[0]].line_of(f"drives:{cycle[1 % len(cycle)]}"),
                     "the drives arrows form a cycle: " + " -> ".join(cycle + [cycle[0]]),
                     "a strategy map runs from cause to effect; remove one of these arrows")


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One shortest cycle per strongly connected group of nodes, each starting at its smallest id.

    Iterative throughout, so a chain of thousands of objectives cannot
    exhaust Python's recursion limit.
    """
    nodes = sorted(set(graph) | {t for targets in graph.values() for t in targets})
    reverse: dict[str, list[str]] = {node: [] for node in nodes}
    for node in nodes:
        for target in graph.get(node, []):
            reverse[target].append(node)
    order: list[str] = []
    visited: set[str] = set()
    for root in nodes:
        if root in visited:
            continue
        visited.add(root)
        stack = [(root, iter(graph.get(root, [])))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in visited:
                    visited.add(child)
                    stack.append((child, iter(graph.get(child, []))))
                    break
            else:
                stack.pop()
                order.append(node)
    component: dict[str, int] = {}
    groups: list[list[str]] = []
    for root in reversed(order):
        if root in component:
            continue
        component[root] = len(groups)
        members, stack = [], [root]
        while stack:
            node = stack.pop()
            members.append(node)
            for parent in reverse[node]:
                if parent not in component:
                    component[parent] = len(groups)
                    stack.append(parent)
        groups.append(members)
    cycles = []
    for members in groups:
        if len(members) < 2:
            continue
        inside = set(members)
        start = min(members)
        previous = {start: ""}
        queue, found = [start], ""
        for node in queue:
            for child in sorted(graph.get(node, [])):
                if child == start:
                    found = node
                    break
                if child in inside and child not in previous:
                    previous[child] = node
                    queue.append(child)
            if found:
                break
        cycle = [found]
        while cycle[-1] != start:
            cycle.append(previous[cycle[-1]])
        cycles.append(cycle[::-1])
    return sorted(cycles)
