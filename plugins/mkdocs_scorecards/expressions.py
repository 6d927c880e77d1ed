"""Formulas of calculated KPIs as typed values (FORMAT section 11).

A formula is read once, in `load.formula`, into a tree of these nodes; from
there on nothing reads its text again. Evaluation (`compute.formulas`) walks
the tree over whole series at once; explanations print it with `str()`.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PREVIOUS = 24   # prev(x, k): k from 1 to this many reporting periods


@dataclass(frozen=True)
class Number:
    value: float
    text: str          # as written, so that `100000` is printed as 100000, not 100000.0
    column: int = 0    # 1-based position in the formula text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Reference:
    """An id of a measure or KPI: of the same scorecard (`scorecard` empty) or `scorecard/id` of another."""

    scorecard: str
    id: str
    column: int = 0

    @property
    def text(self) -> str:
        return f"{self.scorecard}/{self.id}" if self.scorecard else self.id

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Negate:
    operand: Expression
    column: int = 0

    def __str__(self) -> str:
        return f"-{_wrapped(self.operand, 3)}"


@dataclass(frozen=True)
class Binary:
    operator: str      # + - * /
    left: Expression
    right: Expression
    column: int = 0    # where the operator is

    def __str__(self) -> str:
        rank = _RANK[self.operator]
        # a - (b - c) and a / (b / c) keep their parentheses; a + (b + c) needs none either way.
        right_rank = rank + 1 if self.operator in "-/" else rank
        return f"{_wrapped(self.left, rank)} {self.operator} {_wrapped(self.right, right_rank)}"


@dataclass(frozen=True)
class YearToDate:
    """ytd(x): the sum of x over the reporting periods from the first of the fiscal year through this one."""

    operand: Expression
    column: int = 0

    def __str__(self) -> str:
        return f"ytd({self.operand})"


@dataclass(frozen=True)
class Previous:
    """prev(x, k): x in the reporting period k periods earlier."""

    operand: Expression
    k: int
    column: int = 0

    def __str__(self) -> str:
        return f"prev({self.operand}, {self.k})"


Expression = Number | Reference | Negate | Binary | YearToDate | Previous

_RANK = {"+": 1, "-": 1, "*": 2, "/": 2}


def _wrapped(node: Expression, rank: int) -> str:
    own = _RANK[node.operator] if isinstance(node, Binary) else 4
    return f"({node})" if own < rank else str(node)


def references(node: Expression) -> list[Reference]:
    """Every reference in the tree, left to right, each occurrence."""
    found: list[Reference] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Reference):
            found.append(current)
        elif isinstance(current, Binary):
            stack += [current.right, current.left]
        elif isinstance(current, (Negate, YearToDate, Previous)):
            stack.append(current.operand)
    return found


@dataclass(frozen=True)
class Formula:
    """A KPI's formula, parsed: the text as written, its tree, and where it was written."""

    text: str
    root: Expression
    line: int = 0
    column: int = 0       # where its first character was written
    one_line: bool = True

    def position(self, column_in_text: int) -> tuple[int, int]:
        """Line and column in the definition file of a 1-based column of the formula's text."""
        if not self.one_line:
            return self.line, self.column
        return self.line, self.column + column_in_text - 1

    @property
    def references(self) -> tuple[Reference, ...]:
        """Each id the formula names, once, in order of first appearance."""
        seen: dict[str, Reference] = {}
        for reference in references(self.root):
            seen.setdefault(reference.text, reference)
        return tuple(seen.values())

    def __str__(self) -> str:
        return str(self.root)
