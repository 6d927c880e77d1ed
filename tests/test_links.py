"""Every link in the built example site leads somewhere.

Crawls each .html file (html.parser) and .svg file (xml.etree) of the site
built by the `example_site` fixture, resolves each href, src and xlink:href
that stays inside the site, and checks that the file exists and, for a
#fragment on a generated scorecard page, that the id exists in the page.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
LINK_ATTRIBUTES = {"href", "src", "xlink:href", XLINK_HREF}
NOT_IN_SITE = ("mailto:", "data:", "javascript:", "tel:")
# Links that leave the site, by host. Nothing the plugin generates links out,
# and mkdocs.yml turns off the theme's footer credit (`extra: generator: false`).
ALLOWED_EXTERNAL_HOSTS = {
    # site_src/guide/getting-started.md tells the reader to open `mkdocs serve`'s address
    "127.0.0.1:8000",
}


@dataclass
class Link:
    tag: str
    attribute: str
    value: str
    in_svg: bool


@dataclass
class Page:
    path: str                                   # site-relative, e.g. scorecards/enterprise/index.html
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _HtmlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.svg_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svg_depth += 1
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(Link(tag, name, value, self.svg_depth > 0))
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.svg_depth -= 1

    def handle_endtag(self, tag):
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1


def read_page(site: Path, path: Path) -> Page:
    page = Page(path.relative_to(site).as_posix())
    if path.suffix == ".html":
        collector = _HtmlCollector()
        collector.feed(path.read_text(encoding="utf-8"))
        collector.close()
        page.links, page.ids = collector.links, collector.ids
    else:
        root = ET.parse(path).getroot()
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            for name, value in element.attrib.items():
                if name in LINK_ATTRIBUTES:
                    page.links.append(Link(tag, name, value, True))
                elif name == "id":
                    page.ids.add(value)
    return page


@pytest.fixture(scope="module")
def pages(example_site) -> dict[str, Page]:
    files = sorted([*example_site.rglob("*.html"), *example_site.rglob("*.svg")])
    return {page.path: page for page in (read_page(example_site, f) for f in files)}


def is_external(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) or value.startswith("//")


def resolve(site: Path, page: str, value: str) -> tuple[str, str]:
    """(site-relative file, fragment) that a link on `page` points at.

    Relative to the page's URL (the folder holding the file); a link ending
    in / or naming a folder means that folder's index.html; a link starting
    with / is relative to the site root (MkDocs' 404 page uses those).
    """
    parts = urlsplit(value)
    path = unquote(parts.path)
    if path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/") or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target == ".":
        target = ""
    if path.endswith("/") or (site / target).is_dir():
        target = posixpath.join(target, "index.html") if target else "index.html"
    return target, unquote(parts.fragment)


def test_the_site_has_pages_to_crawl(pages):
    assert "index.html" in pages
    assert "scorecards/enterprise/index.html" in pages
    assert "scorecards/enterprise/map.svg" in pages
    assert "scorecards/cascade/index.html" in pages
    # a strategy map per scorecard (four) and the cascade map
    assert sum(1 for p in pages if p.endswith(".svg")) == 5


def test_every_internal_link_resolves(example_site, pages):
    missing = []
    checked = 0
    for page in pages.values():
        for link in page.links:
            value = link.value.strip()
            if not value or is_external(value) or value.lower().startswith(NOT_IN_SITE):
                continue
            if value.startswith("#"):
                continue
            target, _ = resolve(example_site, page.path, value)
            checked += 1
            if not (example_site / target).is_file():
                missing.append(f"{page.path}: <{link.tag} {link.attribute}={value!r}> -> {target}")
    assert checked > 500
    assert not missing, "\n".join(missing)


def test_fragments_on_scorecard_pages_exist(example_site, pages):
    missing = []
    checked = 0
    for page in pages.values():
        for link in page.links:
            value = link.value.strip()
            if "#" not in value or is_external(value) or value.lower().startswith(NOT_IN_SITE):
                continue
            if value.startswith("#"):
                target, fragment = page.path, unquote(value[1:])
            else:
                target, fragment = resolve(example_site, page.path, value)
            if not fragment or not target.startswith("scorecards/") or target not in pages:
                continue
            checked += 1
            if fragment not in pages[target].ids:
                missing.append(f"{page.path}: {value!r} -> {target} has no id {fragment!r}")
    assert checked > 50
    assert not missing, "\n".join(missing)


def test_no_links_leave_the_site_except_known_ones(pages):
    """What leaves the site: only the guide's local address. Nothing is loaded
    from another host (the site works on a closed intranet)."""
    found: dict[str, set[str]] = {}
    loaded = []
    for page in pages.values():
        for link in page.links:
            if not is_external(link.value):
                continue
            parts = urlsplit(link.value)
            if parts.scheme in ("http", "https") or link.value.startswith("//"):
                found.setdefault(parts.netloc, set()).add(page.path)
                if link.attribute != "href" or link.tag not in ("a",):
                    loaded.append(f"{page.path}: <{link.tag} {link.attribute}={link.value!r}>")
    assert not loaded, "resources loaded from other hosts:\n" + "\n".join(loaded)
    assert set(found) <= ALLOWED_EXTERNAL_HOSTS, found
    generated = {p for paths in found.values() for p in paths if p.startswith("scorecards/")}
    assert generated == set()


# ---------------------------------------------------------------------------
# Objective pages, the strategy maps and their node links
# ---------------------------------------------------------------------------

def defined_objectives() -> dict[str, list[str]]:
    return {path.stem: [o["id"] for o in yaml.safe_load(path.read_text(encoding="utf-8"))["objectives"]]
            for path in sorted((REPO / "scorecards").glob("*.yml"))}


def defined_arrows() -> dict[str, list[tuple[str, str]]]:
    """Each scorecard's `drives` arrows, as written in its YAML."""
    return {path.stem: [(o["id"], effect) for o in yaml.safe_load(path.read_text(encoding="utf-8"))["objectives"]
                        for effect in o.get("drives") or ()]
            for path in sorted((REPO / "scorecards").glob("*.yml"))}


def test_the_cascade_map_links_every_objective_of_every_scorecard(example_site, pages):
    svg = "scorecards/cascade/map.svg"
    targets = set()
    for link in pages[svg].links:
        target, _ = resolve(example_site, svg, link.value)
        assert (example_site / target).is_file(), f"{svg}: {link.value} -> {target}"
        folder = posixpath.dirname(target)
        targets.add((posixpath.basename(posixpath.dirname(folder)), posixpath.basename(folder)))
    assert targets == {(sid, oid) for sid, ids in defined_objectives().items() for oid in ids}


NON_OBJECTIVE_PAGES = {"report", "hypotheses", "archive", "restatements", "changes"}


def objective_pages(site: Path, scorecard: str) -> set[str]:
    folder = site / "scorecards" / scorecard
    return {p.parent.name for p in folder.glob("*/index.html") if p.parent.name not in NON_OBJECTIVE_PAGES}


def test_one_page_per_objective(example_site):
    objectives = defined_objectives()
    total = 0
    for scorecard, ids in objectives.items():
        assert objective_pages(example_site, scorecard) == set(ids), scorecard
        total += len(ids)
    counted = sum(len(objective_pages(example_site, s)) for s in objectives)
    # enterprise 8 + customer-success 4 + engineering 4 + onboarding-team 2
    assert counted == total == 18


@pytest.mark.parametrize("scorecard", sorted(defined_objectives()))
def test_map_svg_nodes_link_to_objective_pages(example_site, pages, scorecard):
    """Boxes lead to their objective pages, arrows to their test on the hypotheses page; nothing else."""
    svg = f"scorecards/{scorecard}/map.svg"
    targets, arrows = set(), set()
    for link in pages[svg].links:
        if link.attribute not in ("xlink:href", XLINK_HREF, "href"):
            continue
        target, fragment = resolve(example_site, svg, link.value)
        assert (example_site / target).is_file(), f"{svg}: {link.value} -> {target}"
        folder = posixpath.dirname(target)
        assert posixpath.dirname(folder) == f"scorecards/{scorecard}", f"{svg}: {link.value} leaves the scorecard"
        if posixpath.basename(folder) == "hypotheses":
            assert fragment in pages[target].ids, f"{svg}: {link.value}"
            arrows.add(fragment)
            continue
        assert posixpath.basename(folder) in defined_objectives()[scorecard], f"{svg}: {link.value}"
        targets.add(posixpath.basename(folder))
    assert targets == set(defined_objectives()[scorecard])
    assert arrows == {f"arrow-{cause}--{effect}" for cause, effect in defined_arrows()[scorecard]}


@pytest.mark.parametrize("scorecard", sorted(defined_objectives()))
def test_inline_map_on_overview_links_each_objective(example_site, pages, scorecard):
    overview = f"scorecards/{scorecard}/index.html"
    targets = set()
    for link in pages[overview].links:
        if not link.in_svg or link.attribute not in ("xlink:href", "href"):
            continue
        target, _ = resolve(example_site, overview, link.value)
        assert (example_site / target).is_file(), f"{overview}: {link.value} -> {target}"
        folder = posixpath.dirname(target)
        if posixpath.dirname(folder) == f"scorecards/{scorecard}" and posixpath.basename(folder) != "hypotheses":
            targets.add(posixpath.basename(folder))
    assert targets == set(defined_objectives()[scorecard])


def test_resolve_rules():
    """The resolution the crawl relies on, on a fixed layout."""
    site = REPO / "does-not-exist"
    page = "scorecards/enterprise/index.html"
    assert resolve(site, page, "nrr/") == ("scorecards/enterprise/nrr/index.html", "")
    assert resolve(site, page, "../") == ("scorecards/index.html", "")
    assert resolve(site, page, "../../guide/#top") == ("guide/index.html", "top")
    assert resolve(site, page, "scorecard.json") == ("scorecards/enterprise/scorecard.json", "")
    assert resolve(site, page, "/assets/x.css") == ("assets/x.css", "")
    assert resolve(site, "404.html", "/") == ("index.html", "")
