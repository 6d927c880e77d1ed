"""MkDocs events only: each hands one stage of the pipeline to the core, or one page to MkDocs.

The order matters, and is MkDocs' own:
- on_config: read the options, load and evaluate (bad input stops the build
  before MkDocs cleans site_dir, so the previous site stays as it was);
- on_pre_build: render every page and file, now that every plugin's
  on_config has run (an `offline` plugin listed after us may still change
  use_directory_urls);
- on_files: add the generated files, pages as stubs with only a title;
- on_page_content: put the finished HTML in place of the stub's;
- on_page_context: show the search plugin a lean page, then the whole one.
"""

from __future__ import annotations

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
from .render.pages import GeneratedPage, Heading
from .render.urls import Urls
from .site import evaluate_site, site_files

log = get_plugin_logger(__name__)


class ScorecardsPlugin(BasePlugin[ScorecardsConfig]):
    """Generates the scorecard pages, maps and JSON as virtual files."""

    def __init__(self) -> None:
        self.options = Options()
        self.result = None
        self.generated: dict[str, str | GeneratedPage] = {}
        self.root = Path.cwd()

    def on_config(self, config):
        settings = Path(config.config_file_path).resolve() if config.config_file_path else None
        self.root = settings.parent if settings else Path.cwd()
        with _reported():
            self.options = read_options(dict(self.config), settings.name if settings else Options.settings_file)
            self.result = evaluate_site(self.root, self.options)
        log.info(rows_sentence(self.result.rows))
        for line in placement_lines(self.result.placement):
            log.info(line)
        stylesheet = Urls(self.options.output).stylesheet()
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        return config

    def on_pre_build(self, config):
        with _reported():
            self.generated = site_files(self.result, self.options, config.use_directory_urls, self.root)

    def on_files(self, files: Files, config) -> Files:
        """Add the generated files; only the index and overviews may enter the navigation.

        The navigation is rendered into every page, so listing thousands of
        objective pages there would make the build grow with their square.
        """
        urls = Urls(self.options.output)
        in_nav = {urls.index_src()} | {urls.overview_src(r.scorecard.id) for r in self.result.scorecards}
        for path, content in self.generated.items():
            inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
            text = content.stub() if isinstance(content, GeneratedPage) else content
            files.append(File.generated(config, path, content=text, inclusion=inclusion))
        return files

    def on_page_content(self, html, page, config, files):
        generated = self.generated.get(page.file.src_uri)
        if not isinstance(generated, GeneratedPage):
            return html
        page.toc = get_toc(_toc_tokens(generated.headings))
        return generated.html

    @event_priority(100)
    def _lean_for_search(self, context, page, config, nav):
        """Before the search plugin reads the page: only what the page is about, not every table row."""
        generated = self.generated.get(page.file.src_uri)
        if isinstance(generated, GeneratedPage):
            context["scorecards_full_html"] = page.content
            page.content = f'<h1 id="{generated.headings[0].id}">{generated.headings[0].title}</h1>' \
                           f"<p>{escape(generated.search_text)}</p>" if generated.headings else page.content
        return context

    @event_priority(-100)
    def _whole_page(self, context, page, config, nav):
        if "scorecards_full_html" in context:
            page.content = context.pop("scorecards_full_html")
        return context

    on_page_context = CombinedEvent(_lean_for_search, _whole_page)

    def on_serve(self, server, config, builder):
        for folder in (self.options.definitions, self.options.data):
            path = self.root / folder
            if path.exists():
                server.watch(str(path))
        return server


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
