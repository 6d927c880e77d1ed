"""What the cascade page and an objective's line of sight show: the cascade's records with titles,
statuses and links relative to the page that shows them (templates `cascade.html.j2` and
`_line_of_sight.html.j2`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..compute.cascade import Cascade, CascadeIndex, LineOfSight, Ref, SupportTree
from ..compute.results import ProjectResult
from ..compute.status import Status
from .urls import Urls, relative


@dataclass(frozen=True)
class ObjectiveView:
    href: str
    title: str
    scorecard: str     # the scorecard's title
    status: Status
    score: float | None
    top: bool          # an objective of a top scorecard


@dataclass(frozen=True)
class TreeView:
    objective: ObjectiveView
    supporters: tuple[TreeView, ...]
    repeat: bool
    cut: bool


class CascadeViews:
    """Views of one project's cascade for pages at any URL."""

    def __init__(self, project: ProjectResult, urls: Urls, index: CascadeIndex | None = None):
        self.project = project
        self.urls = urls
        self.index = index or CascadeIndex(project)

    def objective(self, ref: Ref, here: str) -> ObjectiveView:
        result = self.project.scorecard(ref.scorecard)
        objective = result.objective(ref.objective)
        return ObjectiveView(relative(here, self.urls.objective(ref.scorecard, ref.objective)),
                             objective.objective.title, result.scorecard.title, objective.status, objective.score,
                             self.index.is_top(ref.scorecard))

    def tree(self, tree: SupportTree, here: str) -> TreeView:
        return TreeView(self.objective(tree.ref, here), tuple(self.tree(t, here) for t in tree.supporters),
                        tree.repeat, tree.cut)

    def line_of_sight(self, scorecard: str, objective: str) -> dict:
        """The objective page's section: each chain up (every step linked) and the tree below."""
        here = self.urls.objective(scorecard, objective)
        ref = Ref(scorecard, objective)
        found: LineOfSight = self.index.line_of_sight(ref)
        return {
            "top": self.index.is_top(scorecard),
            "chains": [{"steps": [self.objective(step, here) for step in chain.steps],
                        "reaches_top": chain.reaches_top, "stopped": chain.stopped} for chain in found.chains],
            "more_chains": found.more_chains,
            "below": [self.tree(t, here) for t in found.below],
            "cascade": relative(here, self.urls.cascade()),
        }

    def cascade_page(self) -> dict:
        here = self.urls.cascade()
        cascade: Cascade = self.index.cascade()
        return {
            "trees": [self.tree(t, here) for t in cascade.trees],
            "unlinked": [self.objective(ref, here) for ref in cascade.unlinked],
            "levels": max(cascade.levels.values(), default=0) + 1,
            "index": relative(here, self.urls.index()),
        }

    def link_for(self, ref: Ref) -> str:
        """A cascade map node's link, relative to the cascade page (and its map.svg beside it)."""
        return relative(self.urls.cascade(), self.urls.objective(ref.scorecard, ref.objective))
