"""Checks that span scorecards: parents, the cascade and `supports` links."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problems, did_you_mean
from ..model import Scorecard


def check_references(scorecards: list[Scorecard], problems: Problems, partly_read: Mapping[str, str]) -> None:
    """`partly_read` maps the scorecards whose definitions could not be read in full
    to their files: references into them are not reported as unknown (their errors are)."""
    by_id = {s.id: s for s in scorecards}
    for scorecard in scorecards:
        file = scorecard.place.file
        if scorecard.parent and scorecard.parent not in by_id and scorecard.parent not in partly_read:
            problems.add(file, _parent_line(scorecard), f"parent '{scorecard.parent}' is not a scorecard",
                         did_you_mean(scorecard.parent, set(by_id) - {scorecard.id}, "scorecard"))
        for objective in scorecard.objectives:
            for reference in objective.supports:
                target_id, _, objective_id = reference.partition("/")
                target = by_id.get(target_id)
                line = objective.line_of(f"supports:{reference}")
                if target_id in partly_read and (target is None or objective_id not in
                                               {o.id for o in target.objectives}):
                    continue
                if target is None:
                    problems.add(file, line, f"objective '{objective.id}' supports '{reference}', "
                                 f"but there is no scorecard '{target_id}'",
                                 did_you_mean(target_id, by_id, "scorecard"))
                elif target_id == scorecard.id:
                    problems.add(file, line, f"objective '{objective.id}' supports an objective of "
                                 "its own scorecard", "use `drives` within a scorecard; `supports` names another scorecard")
                elif objective_id not in {o.id for o in target.objectives}:
                    problems.add(file, line, f"objective '{objective.id}' supports '{reference}', "
                                 f"but scorecard '{target_id}' has no objective '{objective_id}'",
                                 did_you_mean(objective_id, {o.id for o in target.objectives}, "objective"))
    _check_parent_cycles(by_id, problems)


def _check_parent_cycles(by_id: dict[str, Scorecard], problems: Problems) -> None:
    reported: set[str] = set()
    for start in sorted(by_id):
        chain = [start]
        current = by_id[start].parent
        while current and current in by_id and current not in chain:
            chain.append(current)
            current = by_id[current].parent
        if current and current in chain and not reported.intersection(chain):
            cycle = chain[chain.index(current):]
            reported.update(cycle)
            first = by_id[min(cycle)]
            rotated = cycle[cycle.index(first.id):] + cycle[: cycle.index(first.id)]
            problems.add(first.place.file, _parent_line(first),
                         "the parent links form a cycle: " + " -> ".join(rotated + [rotated[0]]),
                         "a cascade is a tree; remove `parent:` from the top scorecard")


def _parent_line(scorecard: Scorecard) -> int:
    return scorecard.parent_line or scorecard.place.line
