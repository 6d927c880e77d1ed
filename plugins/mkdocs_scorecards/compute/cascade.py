"""The cascade as data: which objectives support which, across scorecards (FORMAT section 7, `supports`).

Pure: reads the evaluated project, returns plain records. An objective's
line of sight is every chain of `supports` links from it up to an
objective that supports nothing further (an objective of a top scorecard,
when the cascade is complete), and the tree of objectives below that
support it, directly or through others.

`supports` may form a diamond (an objective supporting two objectives that
both support a third) or, since nothing forbids it, a loop across
scorecards. So chains stop where they would come back to an objective
already on them (and say so), at most `MAX_CHAINS` chains are listed, and
in a tree below an objective each objective is expanded once: a second
meeting is marked `repeat` instead of being drawn again. Every size stays
linear in the number of objectives, and chains and trees deeper than
`MAX_DEPTH` objectives (far more than any organisation has levels) are cut
there and marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from .results import ProjectResult

MAX_CHAINS = 20
MAX_DEPTH = 60


@dataclass(frozen=True, order=True)
class Ref:
    """An objective of a scorecard, by ids."""

    scorecard: str
    objective: str

    @classmethod
    def of(cls, reference: str) -> Ref:
        """From a `supports` reference `scorecard/objective`, as the loader checked it."""
        scorecard, _, objective = reference.partition("/")
        return cls(scorecard, objective)

    def __str__(self) -> str:
        return f"{self.scorecard}/{self.objective}"


@dataclass(frozen=True)
class Chain:
    """The objectives one chain of `supports` links passes through, nearest first.

    `reaches_top` says whether its last objective belongs to a scorecard
    without a parent; `stopped` that the chain was cut where it would have
    come back to an objective already on it (or at MAX_DEPTH).
    """

    steps: tuple[Ref, ...]
    reaches_top: bool
    stopped: bool = False


@dataclass(frozen=True)
class SupportTree:
    """An objective and the objectives that support it; `repeat` when it was expanded elsewhere in the tree."""

    ref: Ref
    supporters: tuple[SupportTree, ...] = ()
    repeat: bool = False
    cut: bool = False     # deeper than MAX_DEPTH: its supporters are not listed

    def size(self) -> int:
        return 1 + sum(child.size() for child in self.supporters)


@dataclass(frozen=True)
class LineOfSight:
    chains: tuple[Chain, ...]
    more_chains: bool              # more than MAX_CHAINS chains lead up
    below: tuple[SupportTree, ...]


@dataclass(frozen=True)
class Cascade:
    """The whole cascade: each scorecard's level, a tree per top objective, and what no chain links to the top."""

    levels: dict[str, int]                 # scorecard id -> 0 for a top scorecard, 1 below it, ...
    trees: tuple[SupportTree, ...]         # one per objective of a top scorecard, in definition order
    unlinked: tuple[Ref, ...]              # objectives below the top that no chain of supporters links to it


class CascadeIndex:
    """The `supports` links of a project, indexed once for every objective's line of sight."""

    def __init__(self, project: ProjectResult):
        self.project = project
        self.order: dict[Ref, int] = {}
        self.up: dict[Ref, tuple[Ref, ...]] = {}
        self.down: dict[Ref, tuple[Ref, ...]] = {}
        for result in project.scorecards:
            for objective in result.objectives:
                ref = Ref(result.scorecard.id, objective.objective.id)
                self.order[ref] = len(self.order)
        for result in project.scorecards:
            for objective in result.objectives:
                ref = Ref(result.scorecard.id, objective.objective.id)
                self.up[ref] = tuple(r for r in map(Ref.of, objective.objective.supports) if r in self.order)
                self.down[ref] = self._ordered(Ref.of(r) for r in objective.supported_by)
        self.parents = {r.scorecard.id: r.scorecard.parent for r in project.scorecards}
        self.levels = {sid: self._level(sid) for sid in self.parents}

    def _ordered(self, refs) -> tuple[Ref, ...]:
        return tuple(sorted((r for r in refs if r in self.order), key=self.order.__getitem__))

    def _level(self, scorecard: str) -> int:
        seen = {scorecard}
        parent = self.parents.get(scorecard, "")
        while parent and parent in self.parents and parent not in seen:
            seen.add(parent)
            parent = self.parents[parent]
        return len(seen) - 1

    def is_top(self, scorecard: str) -> bool:
        return self.levels.get(scorecard, 0) == 0

    def chains(self, ref: Ref) -> tuple[tuple[Chain, ...], bool]:
        """Every chain of `supports` from `ref` up (at most MAX_CHAINS), and whether there were more."""
        found: list[Chain] = []
        more = False

        def walk(at: Ref, path: tuple[Ref, ...]) -> None:
            nonlocal more
            if len(found) >= MAX_CHAINS:
                more = True
                return
            above = self.up.get(at, ())
            if len(path) >= MAX_DEPTH:
                found.append(Chain(path, False, stopped=True))
                return
            if not above and path:
                found.append(Chain(path, self.is_top(at.scorecard)))
            for parent in above:
                if parent in path or parent == ref:
                    if len(found) < MAX_CHAINS:
                        found.append(Chain(path, False, stopped=True))
                    else:
                        more = True
                    continue
                walk(parent, path + (parent,))

        walk(ref, ())
        return tuple(found), more

    def tree(self, ref: Ref, expanded: set[Ref] | None = None, depth: int = 0) -> SupportTree:
        """`ref` and everything that supports it; each objective expanded once (`expanded` is shared)."""
        expanded = set() if expanded is None else expanded
        expanded.add(ref)
        below = self.down.get(ref, ())
        if depth >= MAX_DEPTH:
            return SupportTree(ref, cut=bool(below))
        children = []
        for supporter in below:
            if supporter in expanded:
                children.append(SupportTree(supporter, repeat=True))
            else:
                children.append(self.tree(supporter, expanded, depth + 1))
        return SupportTree(ref, tuple(children))

    def line_of_sight(self, ref: Ref) -> LineOfSight:
        chains, more = self.chains(ref)
        return LineOfSight(chains, more, self.tree(ref).supporters)

    def cascade(self) -> Cascade:
        expanded: set[Ref] = set()
        trees = tuple(self.tree(ref, expanded) for ref in self.order if self.is_top(ref.scorecard))
        unlinked = tuple(ref for ref in self.order if ref not in expanded)
        return Cascade(dict(self.levels), trees, unlinked)
