"""MkDocs events only: each hands one stage of the pipeline to the core, or one page to MkDocs.

The order matters, and is MkDocs' own:
- on_config: read the options, load and evaluate (bad input stops the build
  before MkDocs cleans site_dir, so the previous site stays as it was);
- on_pre_build: render every page and file, now that every plugin's
  on_config has run (an `offline` plugin listed after us may still change
  use_directory_urls);
- on_files: add the generated files, pages as stubs with only a title, large
  files (JSON, CSV) to be made when MkDocs writes them;
- on_nav: the pages join the navigation by themselves (site_nav.py);
- on_page_markdown (last): date each page by its inputs' commits (page_dates);
- on_page_content: a user's page that asks for the status tree gets it;
- on_env: hand the theme escaped titles (below);
- on_page_context: render the page, just before MkDocs writes it; show the
  search plugin a lean page, then the whole one;
- on_post_page: let go of the page's HTML once it is written.

Pages are rendered when they are written, one at a time, and let go of
afterwards, so that a site of thousands of objectives never holds all of its
HTML at once.

Titles. A generated page's front matter holds its title as plain text, so
`page.meta["title"]` is the title as written, for plugins that read text
(social cards, feeds). Themes print titles as HTML without escaping them
(mkdocs-material: `page.meta.title` in <title> and the header, `page.title`
in the navigation and the footer), so what a theme prints is escaped here:
- `page.title` is the escaped title (or nav label) from on_nav on, so that
  mkdocs-macros, which renders a page title holding `{` as a template in its
  on_page_markdown, finds nothing to render;
- after every plugin's on_page_markdown, while plugins read content
  (mkdocs-rss-plugin takes `page.title` in on_page_content), `page.title`
  is the plain title;
- on_env, once every page is read and before any is rendered: `page.title`
  is escaped again, and `page.meta` answers a template's `page.meta.title`
  (an attribute, which Jinja looks up before the item) with the escaped
  title, while `page.meta["title"]` stays plain text.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .buildlog import placement_lines, problems_sentence, rows_sentence
from .config import ScorecardsConfig
from .errors import BuildFailure, InputError, terminal_safe
from .options import Options, read_options
from .page_dates import date_page, page_commits
from .render.history_pages import history_notice
from .render.navigation import scorecards_section
from .render.pages import Content, GeneratedPage, Heading, PendingFile, PendingPage
from .render.prerender import Prerenderer
from .render.text import theme_title
from .render.theme_fixes import accessible_theme
from .render.urls import Urls
from .site import evaluate_site, generated_files, inputs_fingerprint, renderer
from .site_nav import join_navigation

# Written in a page of the user's own (in Markdown, an HTML comment survives), it becomes the
# cascade of every scorecard with status, score and as-of.
STATUS_MARKER = "<!-- scorecards:status -->"

log = get_plugin_logger(__name__)


class ScorecardsPlugin(BasePlugin[ScorecardsConfig]):
    """Generates the scorecard pages, maps and JSON as virtual files."""

    def __init__(self) -> None:
        self.options = Options()
        self.result = None
        self.generated: dict[str, Content] = {}
        self.renderer = None
        self.nav_labels: dict[str, str] = {}
        self.page_commits: dict = {}
        self.root = Path.cwd()
        self.serving = False
        self.prerenderer: Prerenderer | None = None
        self.positions: dict[str, int] = {}
        self.fingerprint: tuple | None = None    # of the inputs last evaluated, while serving

    def on_startup(self, command, dirty):
        """Defined so that MkDocs keeps this plugin between the builds of `mkdocs serve` (its rule): the
        previous evaluation is kept for a rebuild whose inputs did not change."""
        self.serving = command == "serve"

    def on_config(self, config):
        settings = Path(config.config_file_path).resolve() if config.config_file_path else None
        self.root = settings.parent if settings else Path.cwd()
        with _reported():
            self.options = read_options(dict(self.config), settings.name if settings else Options.settings_file)
            fingerprint = inputs_fingerprint(self.root, self.options) if self.serving else None
            if fingerprint is None or fingerprint != self.fingerprint:
                self.result = evaluate_site(self.root, self.options, history=True)
                self.fingerprint = fingerprint
        log.info(rows_sentence(self.result.rows))
        if notice := history_notice(self.result.audit):
            log.info(terminal_safe(notice))
        for line in placement_lines(self.result.placement):
            log.info(line)
        stylesheet = Urls(self.options.output).stylesheet()
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        return config

    def on_pre_build(self, config):
        with _reported():
            self.renderer = renderer(self.result, self.options, config.use_directory_urls, config.site_name,
                                     self.root)
            self.generated = generated_files(self.renderer)
        pages = [path for path, content in self.generated.items() if _is_page(content)]
        self.page_commits = page_commits(self.result, Urls(self.options.output, config.use_directory_urls), pages)

    @event_priority(-100)
    def on_page_markdown(self, markdown, page, config, files):
        """After other plugins have dated the page: the date of its inputs' last commit, not the clock.

        And after them (mkdocs-macros included) a generated page's title is its plain text, for the
        plugins that read pages' content and titles next (see the module's docstring)."""
        date_page(page, self.page_commits.get(page.file.src_uri), self.result.audit.published
                  if self.result.audit else None, config.plugins)
        if _is_page(self.generated.get(page.file.src_uri)):
            page.title = page.meta.get("title", page.title)
        return markdown

    @event_priority(-110)
    def on_files(self, files: Files, config) -> Files:
        """Add the generated files, kept out of MkDocs' own navigation: on_nav places them.

        Last of all (-110): plugins that rebuild the file list from the docs folder, such as
        mkdocs-static-i18n (at -100), would otherwise drop pages that have no file on disk.
        The pages are built once, in the default language's build: the numbers are the same in
        every language, and a second copy would overwrite the first with another language's nav.
        """
        if _translated_build(config):
            return files
        self._start_rendering()
        for path, content in self.generated.items():
            if isinstance(content, PendingFile):
                files.append(_MadeWhenWritten.made_by(config, path, partial(self._made, path)))
            else:
                text = content.stub() if _is_page(content) else content
                files.append(File.generated(config, path, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    @event_priority(-110)
    def on_nav(self, nav, config, files):
        """After plugins that rebuild the navigation (mkdocs-static-i18n's folder mode, at -100)."""
        if _translated_build(config):
            return nav
        urls = Urls(self.options.output)
        section = scorecards_section(self.result, urls, "Scorecards", self.options.nav_objectives)
        pages = {path for path, content in self.generated.items() if _is_page(content)}
        self.nav_labels = join_navigation(nav, files, section, urls.index_src(), pages)
        self._theme_titles(files)
        return nav

    def on_env(self, env, config, files):
        """Every page is read, none rendered yet: the titles themes print, escaped (module docstring)."""
        if not _translated_build(config):
            self._theme_titles(files, meta=True)
        return env

    def _theme_titles(self, files: Files, meta: bool = False) -> None:
        """Each generated page's `page.title` as a theme prints it: its nav label, else its full title,
        escaped; with `meta`, `page.meta` too (`ThemeMeta`)."""
        for path, content in self.generated.items():
            file = files.get_file_from_path(path) if _is_page(content) else None
            if file is None or file.page is None:
                continue
            page = file.page
            page.title = self.nav_labels.get(path) or theme_title(content.title)
            if meta and not isinstance(page.meta, ThemeMeta):
                page.meta = ThemeMeta(page.meta)

    def on_page_content(self, html, page, config, files):
        if _is_page(self.generated.get(page.file.src_uri)):
            return ""                   # rendered in on_page_context, when the page is written
        if STATUS_MARKER in html:       # a user's page asks for every scorecard's status
            html = html.replace(STATUS_MARKER, self.renderer.status_tree(page.url))
        return html

    @event_priority(100)
    def _render_lean_for_search(self, context, page, config, nav):
        """The page's HTML, made now; before the search plugin reads it, only what the page is about."""
        pending = self.generated.get(page.file.src_uri)
        if not _is_page(pending):
            return context
        with _reported():
            made = self._made(page.file.src_uri)
        page.toc = get_toc(_toc_tokens(made.headings))
        page.title = theme_title(page.meta["title"])   # search lists the full title (escaped), the nav its label
        context["scorecards_full_html"] = made.html
        page.content = f'<h1 id="{made.headings[0].id}">{made.headings[0].title}</h1>' \
                       f"<p>{escape(made.search_text)}</p>" if made.headings else made.html
        return context

    @event_priority(-100)
    def _whole_page(self, context, page, config, nav):
        if "scorecards_full_html" in context:
            page.content = context.pop("scorecards_full_html")
            page.title = self.nav_labels.get(page.file.src_uri, page.title)
        return context

    def on_post_page(self, output, page, config):
        if _is_page(self.generated.get(page.file.src_uri)):
            page.content = None         # written: its HTML need not be held to the end of the build
        return accessible_theme(output)

    on_page_context = CombinedEvent(_render_lean_for_search, _whole_page)

    def _start_rendering(self) -> None:
        """Pending files and pages in the order MkDocs writes them (files first, then pages), rendered on a
        second core as MkDocs goes (render/prerender.py), except while serving: `mkdocs serve` runs
        threads, which a fork must not copy."""
        self._stop_rendering()
        order = [p for p, c in self.generated.items() if isinstance(c, PendingFile)] + \
                [p for p, c in self.generated.items() if isinstance(c, PendingPage)]
        self.positions = {path: number for number, path in enumerate(order)}
        self.prerenderer = Prerenderer([self.generated[path].render for path in order],
                                       use_worker=self.options.parallel and not self.serving)

    def _made(self, path: str):
        """A generated file's content or a page's GeneratedPage, made now or by the worker."""
        content = self.generated[path]
        if path in self.positions:
            return self.prerenderer.get(self.positions[path])
        return content.render()

    def _stop_rendering(self) -> None:
        if self.prerenderer is not None:
            self.prerenderer.close()
            self.prerenderer = None

    def on_post_build(self, config):
        self._stop_rendering()

    def on_build_error(self, error):
        self._stop_rendering()

    def on_serve(self, server, config, builder):
        for folder in (self.options.definitions, self.options.data):
            path = self.root / folder
            if path.exists():
                server.watch(str(path))
        return server


class ThemeMeta(dict):
    """A generated page's `page.meta`: `meta["title"]` is plain text, `meta.title` the title escaped.

    Jinja reads `page.meta.title` as the attribute first and the item only
    without one, so a theme printing it unescaped (mkdocs-material's <title>
    and header) prints the escaped title, while plugins reading the item get
    the text as written.
    """

    @property
    def title(self) -> str:
        if "title" not in self:
            raise AttributeError("title")
        return theme_title(str(self["title"]))


class _reported:
    """Turns the core's errors into MkDocs' PluginError, each problem logged at its file and line."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, InputError):
            for problem in error.problems:
                log.error(terminal_safe(str(problem)))
            if error.rows is not None:
                log.info(rows_sentence(error.rows))
            raise PluginError(problems_sentence(len(error.problems))) from None
        if isinstance(error, BuildFailure):
            raise PluginError(terminal_safe(f"the scorecards could not be built: {error}")) from None
        return False


class _MadeWhenWritten(File):
    """A generated file whose content is made when MkDocs reads or writes it, and not kept.

    MkDocs keeps a generated file's content for the whole build; a site with
    a CSV per KPI and a JSON per scorecard would hold all of them at once.
    Content set by another plugin is kept as MkDocs keeps any.
    """

    _make = None
    _given = None

    @classmethod
    def made_by(cls, config, path: str, make) -> File:
        file = cls.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file._make = make
        return file

    @property
    def _content(self):
        return self._make() if self._make is not None else self._given

    @_content.setter
    def _content(self, value):
        self._make, self._given = None, value


def _is_page(content) -> bool:
    return isinstance(content, (GeneratedPage, PendingPage))


def _translated_build(config) -> bool:
    """Whether a translation plugin (mkdocs-static-i18n) is building a language other than its default."""
    return any(getattr(plugin, "is_default_language_build", True) is False for plugin in config.plugins.values())


def _toc_tokens(headings: tuple[Heading, ...]) -> list[dict]:
    """MkDocs' table of contents tokens, nested by heading level."""
    root: list[dict] = []
    stack: list[dict] = []
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": heading.title, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
