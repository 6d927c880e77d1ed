"""Initiative status on the last day of the as-of period ("today")."""

from __future__ import annotations

import datetime

from ..model import Initiative

BEHIND_BY = 10.0


def initiative_status(initiative: Initiative, today: str) -> tuple[str, float | None]:
    """(status, expected progress). Status: done | overdue | at-risk | not-started | on-track.

    Missing progress counts as 0, so an initiative nobody reports on shows up
    as behind rather than quietly on track.
    """
    progress = initiative.progress if initiative.progress is not None else 0.0
    if progress >= 100:
        return "done", 100.0
    if initiative.due and initiative.due < today:
        return "overdue", 100.0
    expected = _expected(initiative, today)
    if initiative.start and today < initiative.start:
        return "not-started", expected
    if expected is not None and expected - progress > BEHIND_BY:
        return "at-risk", expected
    return "on-track", expected


def _expected(initiative: Initiative, today: str) -> float | None:
    if not (initiative.start and initiative.due):
        return None
    start = datetime.date.fromisoformat(initiative.start)
    due = datetime.date.fromisoformat(initiative.due)
    now = datetime.date.fromisoformat(today)
    span = (due - start).days
    if span <= 0:
        return 100.0 if now >= due else 0.0
    return min(100.0, max(0.0, (now - start).days / span * 100))
