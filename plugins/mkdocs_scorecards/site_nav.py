"""The generated pages in MkDocs' navigation: the plain tree of render/navigation.py as MkDocs objects.

The user's choice wins: if the nav in mkdocs.yml already lists an overview,
objective or report page, nothing is added. If it lists only the scorecards
index (`- Scorecards: scorecards/index.md`), that entry becomes the whole
section; otherwise the section is added at the end.

Nav labels are short ("Overview", "Board report") because the section above
already says which scorecard; the page keeps its full title in its front
matter, which the theme's <title> and the search index use.
"""

from __future__ import annotations

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .render.navigation import NavEntry

NavItem = Page | Section


def join_navigation(nav: Navigation, files: Files, section: NavEntry, index_path: str,
                    generated: set[str]) -> dict[str, str]:
    """Put `section` into `nav` (unless the user placed generated pages there), and return the nav label
    of every page it placed, by source path."""
    listed = {page.file.src_uri for page in nav.pages}
    if listed & (generated - {index_path}):
        return {}
    labels: dict[str, str] = {}
    built = _build(section, files, labels)
    if built is None:
        return {}
    if not _replace_page(nav.items, index_path, built, None):
        built.parent = None
        nav.items.append(built)
    _relink(nav)
    return labels


def _build(entry: NavEntry, files: Files, labels: dict[str, str]) -> NavItem | None:
    if entry.path is not None:
        file = files.get_file_from_path(entry.path)
        if file is None or file.page is None:
            return None
        labels[entry.path] = entry.title
        return file.page
    children = [item for item in (_build(child, files, labels) for child in entry.children) if item is not None]
    if not children:
        return None
    section = Section(entry.title, children)
    for child in children:
        child.parent = section
    return section


def _replace_page(items: list, index_path: str, built: Section, parent: Section | None) -> bool:
    """Swap the user's single entry for the scorecards index with the whole section, keeping its title."""
    for position, item in enumerate(items):
        if isinstance(item, Page) and item.file.src_uri == index_path:
            if item.title:
                built.title = item.title
            built.parent = parent
            items[position] = built
            return True
        if isinstance(item, Section) and _replace_page(item.children, index_path, built, item):
            return True
    return False


def _relink(nav: Navigation) -> None:
    """The page list and previous/next links follow the nav's new order."""
    pages: list[Page] = []

    def collect(items: list) -> None:
        for item in items:
            if isinstance(item, Page):
                pages.append(item)
            elif isinstance(item, Section):
                collect(item.children)

    collect(nav.items)
    for before, page, after in zip([None] + pages[:-1], pages, pages[1:] + [None]):
        page.previous_page, page.next_page = before, after
    nav.pages = pages
