"""The cascade as data (compute/cascade.py) and as the reader sees it (the cascade page, each objective's line of sight).

The index only reads scorecard ids and parents and each objective's
`supports` and `supported_by`, so small hand-made projects (including a
diamond and a loop, which nothing in FORMAT forbids) are written as plain
namespaces.
"""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from mkdocs_scorecards.compute import cascade as cascade_module
from mkdocs_scorecards.compute.cascade import CascadeIndex, Ref


def project_of(scorecards: dict[str, tuple[str, dict[str, list[str]]]]):
    """{scorecard: (parent, {objective: [supports...]})} -> a project the index can read."""
    supported_by: dict[str, list[str]] = {}
    for sid, (_, objectives) in scorecards.items():
        for oid, supports in objectives.items():
            for served in supports:
                supported_by.setdefault(served, []).append(f"{sid}/{oid}")
    results = []
    for sid, (parent, objectives) in scorecards.items():
        items = tuple(SimpleNamespace(objective=SimpleNamespace(id=oid, supports=tuple(supports)),
                                      supported_by=tuple(supported_by.get(f"{sid}/{oid}", ())))
                      for oid, supports in objectives.items())
        results.append(SimpleNamespace(scorecard=SimpleNamespace(id=sid, parent=parent), objectives=items))
    return SimpleNamespace(scorecards=tuple(results))


DIAMOND = project_of({
    "top": ("", {"win": [], "grow": []}),
    "dept": ("top", {"a": ["top/win"], "b": ["top/win", "top/grow"]}),
    "team": ("dept", {"x": ["dept/a", "dept/b"], "loose": []}),
})


def test_levels_follow_parents():
    assert CascadeIndex(DIAMOND).levels == {"top": 0, "dept": 1, "team": 2}


def test_every_chain_from_a_team_objective_up_to_the_top():
    chains, more = CascadeIndex(DIAMOND).chains(Ref("team", "x"))
    assert not more
    assert [tuple(map(str, c.steps)) for c in chains] == [
        ("dept/a", "top/win"), ("dept/b", "top/win"), ("dept/b", "top/grow")]
    assert all(c.reaches_top and not c.stopped for c in chains)


def test_an_objective_that_supports_nothing_has_no_chain():
    chains, _ = CascadeIndex(DIAMOND).chains(Ref("team", "loose"))
    assert chains == ()


def test_the_tree_below_expands_each_objective_once():
    index = CascadeIndex(DIAMOND)
    tree = index.tree(Ref("top", "win"))
    assert [str(t.ref) for t in tree.supporters] == ["dept/a", "dept/b"]
    [under_a], [under_b] = tree.supporters[0].supporters, tree.supporters[1].supporters
    assert str(under_a.ref) == str(under_b.ref) == "team/x"
    assert not under_a.repeat and under_b.repeat      # drawn under dept/a, pointed to under dept/b


def test_the_cascade_lists_what_no_chain_links_to_the_top():
    cascade = CascadeIndex(DIAMOND).cascade()
    assert [str(t.ref) for t in cascade.trees] == ["top/win", "top/grow"]
    assert [str(r) for r in cascade.unlinked] == ["team/loose"]


LOOP = project_of({
    "top": ("", {"goal": []}),
    "one": ("top", {"p": ["two/q"]}),
    "two": ("top", {"q": ["one/p", "top/goal"]}),
})


def test_a_loop_of_supports_stops_and_says_so():
    chains, _ = CascadeIndex(LOOP).chains(Ref("one", "p"))
    assert [(tuple(map(str, c.steps)), c.reaches_top, c.stopped) for c in chains] == [
        (("two/q",), False, True),             # two/q -> one/p would come back to the start
        (("two/q", "top/goal"), True, False)]


def test_many_chains_are_capped(monkeypatch):
    monkeypatch.setattr(cascade_module, "MAX_CHAINS", 2)
    chains, more = CascadeIndex(DIAMOND).chains(Ref("team", "x"))
    assert len(chains) == 2 and more


def test_a_long_chain_is_linear_and_cut_at_max_depth(monkeypatch):
    monkeypatch.setattr(cascade_module, "MAX_DEPTH", 5)
    levels = {f"s{i}": (f"s{i - 1}" if i else "", {"o": [f"s{i - 1}/o"] if i else []}) for i in range(10)}
    index = CascadeIndex(project_of(levels))
    [chain], _ = index.chains(Ref("s9", "o"))
    assert len(chain.steps) == 5 and chain.stopped and not chain.reaches_top
    tree = index.tree(Ref("s0", "o"))
    depth = 0
    while tree.supporters:
        tree, depth = tree.supporters[0], depth + 1
    assert depth == 5 and tree.cut


# --- in the built example --------------------------------------------------------------------------

class Links(HTMLParser):
    """The links of one section of a page: <div class="sc-line-of-sight"> ... </div>."""

    def __init__(self, css: str):
        super().__init__()
        self.css, self.depth, self.links = css, 0, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.depth:
            self.depth += tag == "div"
            if tag == "a":
                self.links.append(attributes["href"])
        elif tag == "div" and self.css in (attributes.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1


def section_links(html: str, css: str) -> list[str]:
    parser = Links(css)
    parser.feed(html)
    return parser.links


def test_a_team_objective_page_shows_its_chain_to_the_enterprise(example_site):
    page = example_site / "scorecards/onboarding-team/run-the-playbook/index.html"
    links = section_links(page.read_text(encoding="utf-8"), "sc-line-of-sight")
    assert links[0] == "../../cascade/"
    links = links[1:]
    assert links[:2] == ["../../customer-success/onboard-quickly/", "../../enterprise/fast-time-to-value/"]
    for link in links:
        assert (page.parent / link.partition("#")[0] / "index.html").resolve().is_file() or \
            (page.parent / link).resolve().is_file(), link


def test_an_enterprise_objective_page_lists_what_supports_it(example_site):
    page = example_site / "scorecards/enterprise/fast-time-to-value/index.html"
    html = page.read_text(encoding="utf-8")
    assert "belongs to the top of the" in html
    links = section_links(html, "sc-cascade")
    assert links == ["../../customer-success/onboard-quickly/", "../../onboarding-team/run-the-playbook/"]


@pytest.mark.parametrize("page", ["scorecards/index.html", "scorecards/enterprise/index.html",
                                  "scorecards/onboarding-team/index.html"])
def test_the_cascade_is_linked_from_the_index_and_every_overview(example_site, page):
    html = (example_site / page).read_text(encoding="utf-8")
    assert 'href="../cascade/"' in html or 'href="cascade/"' in html


def test_the_cascade_page_speaks_to_readers_not_in_yaml_keys(example_site):
    """The cascade page and its map are read by people who never open a definition file."""
    html = (example_site / "scorecards/cascade/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert "supports:" not in article
    assert "names the objective of the level above that it contributes to" in article
    assert "points at the objective it supports" in article          # the map's legend


def test_every_page_of_the_example_has_breadcrumbs(example_site):
    """Every generated page starts with the way back to the scorecards (the history pages included)."""
    pages = sorted((example_site / "scorecards").rglob("index.html"))
    assert len(pages) > 30
    missing = [page.relative_to(example_site).as_posix() for page in pages
               if html_crumbs(page.read_text(encoding="utf-8")) != 1]
    assert missing == []


def html_crumbs(html: str) -> int:
    return html.count('<nav class="sc-crumbs" aria-label="Breadcrumb">')
