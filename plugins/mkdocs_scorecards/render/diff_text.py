"""The wording of changes: one sentence per definition change, and `scorecards diff` as text or Markdown.

The change-history and restatements pages and the command word a change
the same way. Text for a terminal is made terminal-safe by the caller;
Markdown (for a pull-request comment) escapes user text so that a title
cannot become a link, an image or HTML in the comment.
"""

from __future__ import annotations

import re

from ..compute.diff import ChangeKind, DataChange, DefinitionChange, ProjectDiff, StatusChange
from ..model import Tolerance
from . import text as fmt

WHAT = {"scorecard": "scorecard", "perspective": "perspective", "theme": "theme", "objective": "objective",
        "kpi": "KPI", "arrow": "arrow", "support": "cascade link", "initiative": "initiative"}
FIELDS = {"fiscal_year_start": "fiscal year start", "decimals": "decimals", "parent": "parent scorecard"}
# Shown in a comment, the rest of a long diff is counted, not listed: a comment has a size limit.
MARKDOWN_ROWS = 100


def value_text(value) -> str:
    """A definition value as the pages write it: numbers as read, ranges, schedules, none."""
    if value is None or value == "":
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt.number(value)
    if isinstance(value, Tolerance):
        return str(value)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return fmt.target_text(value)
    if isinstance(value, tuple):   # a target schedule: ((label, value), ...)
        return "{" + ", ".join(f"{label}: {value_text(v)}" for label, v in value) + "}"
    return str(value)


def change_sentence(change: DefinitionChange) -> str:
    what = WHAT.get(change.what, change.what)
    subject = f"{what} {change.subject}" if change.what != "scorecard" else f"scorecard {change.subject}"
    if change.kind == ChangeKind.ADDED:
        return f"{subject} added" + (f": {change.new}" if change.new else "")
    if change.kind == ChangeKind.REMOVED:
        return f"{subject} removed" + (f" (was: {change.old})" if change.old else "")
    name = FIELDS.get(change.field, change.field)
    if change.field == "description":
        return f"{subject}: description changed"
    return f"{subject}: {name} {value_text(change.old)} → {value_text(change.new)}"


def data_sentence(change: DataChange) -> str:
    where = change.new_place or change.old_place
    if change.kind == ChangeKind.ADDED:
        body = f"added {fmt.number(change.new_actual)}"
    elif change.kind == ChangeKind.REMOVED:
        body = f"removed (was {fmt.number(change.old_actual)})"
    else:
        body = f"{fmt.number(change.old_actual)} → {fmt.number(change.new_actual)}"
    if change.old_target != change.new_target:
        body += f", target {fmt.target_text(change.old_target)} → {fmt.target_text(change.new_target)}"
    note = f' "{change.note}"' if change.note else ""
    return f"{change.scorecard}/{change.kpi} {change.period}: {body} ({where}){note}"


def status_sentence(change: StatusChange) -> str:
    level = "KPI" if change.level == "kpi" else change.level
    scores = ""
    if change.old_score is not None or change.new_score is not None:
        scores = f" ({fmt.score_text(change.old_score)} → {fmt.score_text(change.new_score)})"
    return (f"{change.scorecard} {change.period}: {level} {change.title}: "
            f"{fmt.STATUS_SHORT[change.old].lower()} → {fmt.STATUS_SHORT[change.new].lower()}{scores}")


def diff_text(diff: ProjectDiff, old: str, new: str) -> str:
    lines = [f"scorecards diff {old} -> {new}"]
    if diff.empty:
        return lines[0] + "\n\nNo change to definitions, data or statuses.\n"
    for title, items in (("Definitions", [f"{c.scorecard}: {change_sentence(c)}" for c in diff.definitions]),
                         ("Data", [data_sentence(c) for c in diff.data]),
                         ("Statuses that change", [status_sentence(c) for c in diff.statuses]),
                         ("As-of period", [f"{sid}: {a or 'none'} → {b or 'none'}" for sid, a, b in diff.as_of])):
        if items:
            lines += ["", f"{title} ({len(items)})", *(f"  {item}" for item in items)]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def markdown_escape(value: str) -> str:
    """User text inert in a GitHub or GitLab comment: no links, images, HTML, tables broken or mentions."""
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
    text = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def diff_markdown(diff: ProjectDiff, old: str, new: str) -> str:
    """The diff as a pull-request comment: a heading, then one table per kind of change."""
    lines = [f"### Scorecard changes: `{old}` → `{new}`", ""]
    if diff.empty:
        return "\n".join(lines + ["No change to definitions, data or statuses.", ""])
    counts = [f"{len(diff.definitions)} definition change(s)", f"{len(diff.data)} value(s) added, changed or "
              "removed", f"{len(diff.statuses)} status change(s)"]
    lines += [", ".join(counts) + ".", ""]
    sections = (
        ("Definitions", ("Scorecard", "Change"),
         [(c.scorecard, markdown_escape(change_sentence(c))) for c in diff.definitions]),
        ("Data", ("Scorecard", "KPI", "Period", "Before", "After", "Row", "Note"),
         [(c.scorecard, c.kpi, c.period, _before_after(c.old_actual, c.old_target, c.kind != ChangeKind.ADDED),
           _before_after(c.new_actual, c.new_target, c.kind != ChangeKind.REMOVED),
           markdown_escape(str(c.new_place or c.old_place)), markdown_escape(c.note)) for c in diff.data]),
        ("Statuses that change", ("Scorecard", "Period", "Level", "Title", "Before", "After"),
         [(c.scorecard, c.period, "KPI" if c.level == "kpi" else c.level, markdown_escape(c.title),
           _status(c.old, c.old_score), _status(c.new, c.new_score)) for c in diff.statuses]),
        ("As-of period", ("Scorecard", "Before", "After"),
         [(sid, a or "none", b or "none") for sid, a, b in diff.as_of]),
    )
    for title, header, rows in sections:
        if not rows:
            continue
        lines += [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows[:MARKDOWN_ROWS]]
        if len(rows) > MARKDOWN_ROWS:
            lines.append(f"\n… and {len(rows) - MARKDOWN_ROWS} more; run `scorecards diff {old.split()[0]} "
                         f"{new.split()[0]}` to see them all.")
        lines.append("")
    return "\n".join(lines)


def _before_after(actual, target, present: bool) -> str:
    if not present:
        return "–"
    text = fmt.number(actual)
    return f"{text} (target {fmt.target_text(target)})" if target is not None else text


def _status(status, score) -> str:
    word = fmt.STATUS_SHORT[status]
    return f"{word} {fmt.score_text(score)}" if score is not None else word
