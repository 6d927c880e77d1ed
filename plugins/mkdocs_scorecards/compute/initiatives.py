"""Initiative status on the last day of the as-of period ("today")."""

from __future__ import annotations

import datetime
from enum import StrEnum

from ..model import Initiative

# An initiative more than this many points behind its straight-line plan is at risk.
BEHIND_BY = 10.0


class InitiativeStatus(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    AT_RISK = "at-risk"
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"


def initiative_status(initiative: Initiative, today: datetime.date) -> tuple[InitiativeStatus, float | None]:
    """(status, expected progress).

    Missing progress counts as 0, so an initiative nobody reports on shows up
    as behind rather than quietly on track.
    """
    progress = initiative.progress if initiative.progress is not None else 0.0
    if progress >= 100:
        return InitiativeStatus.DONE, 100.0
    if initiative.due and initiative.due < today:
        return InitiativeStatus.OVERDUE, 100.0
    expected = _expected(initiative, today)
    if initiative.start and today < initiative.start:
        return InitiativeStatus.NOT_STARTED, expected
    if expected is not None and expected - progress > BEHIND_BY:
        return InitiativeStatus.AT_RISK, expected
    return InitiativeStatus.ON_TRACK, expected


def _expected(initiative: Initiative, today: datetime.date) -> float | None:
    if not (initiative.start and initiative.due):
        return None
    span = (initiative.due - initiative.start).days
    if span <= 0:
        return 100.0 if today >= initiative.due else 0.0
    return min(100.0, max(0.0, (today - initiative.start).days / span * 100))
