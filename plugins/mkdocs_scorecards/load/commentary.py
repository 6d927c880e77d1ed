"""Commentary Markdown files, matched to a scorecard, a period and maybe an objective."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problems, did_you_mean
from ..model import Commentary, Place, Scorecard
from .periodtext import read_period


def read_commentary(files: list[tuple[str, str, str]], scorecards: list[Scorecard], problems: Problems,
                    partly_read: Mapping[str, str]) -> list[Commentary]:
    """`files` are (path relative to the commentary folder, text, path shown in messages).

    A note for an unknown scorecard, period or objective is an error: a note
    that silently goes unpublished is worse than a failed build. Notes for a
    scorecard whose file could not be read are left for the next run (that
    file's problems are reported already), and so are notes for an unknown
    objective of a scorecard whose objectives could not all be read.
    """
    by_id = {s.id: s for s in scorecards}
    found = []
    for relative, text, shown in files:
        parts = relative[: -len(".md")].split("/")
        if len(parts) not in (2, 3):
            problems.add(shown, 1, "commentary must be at <scorecard>/<period>.md or <scorecard>/<period>/<objective>.md",
                         "move the file")
            continue
        scorecard = by_id.get(parts[0])
        if scorecard is None and parts[0] in partly_read:
            continue
        if scorecard is None:
            problems.add(shown, 1, f"commentary for unknown scorecard '{parts[0]}'",
                         did_you_mean(parts[0], by_id, "scorecard"))
            continue
        calendar = scorecard.calendar
        period, _, suggestion = read_period(parts[1], calendar.fiscal_year_start)
        expected = period and calendar.period_of(period.first)
        if not period or expected.label != parts[1] or expected.last != period.last:
            hint = f"name it after a reporting period of this {calendar.frequency} scorecard"
            if expected:
                hint += f", such as {expected.label}"
            elif suggestion.startswith("did you mean"):
                hint = suggestion.split("?")[0] + "?"
            problems.add(shown, 1, f"'{parts[1]}' is not a reporting period of scorecard '{scorecard.id}'", hint)
            continue
        objective = parts[2] if len(parts) == 3 else ""
        objective_ids = {o.id for o in scorecard.objectives}
        if objective and objective not in objective_ids and scorecard.id in partly_read:
            continue
        if objective and objective not in objective_ids:
            problems.add(shown, 1, f"commentary for unknown objective '{objective}' of scorecard '{scorecard.id}'",
                         did_you_mean(objective, objective_ids, "objective"))
            continue
        found.append(Commentary(scorecard.id, expected, objective, text, Place(shown, 1)))
    return found
