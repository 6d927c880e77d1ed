"""MkDocs events only: each hands one stage of the pipeline to the core."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .buildlog import placement_lines, problems_sentence, rows_sentence
from .config import ScorecardsConfig
from .errors import BuildFailure, InputError, terminal_safe
from .options import Options, read_options
from .render.urls import Urls
from .site import evaluate_site, site_files

log = get_plugin_logger(__name__)


class ScorecardsPlugin(BasePlugin[ScorecardsConfig]):
    """Generates the scorecard pages, maps and JSON as virtual files."""

    def __init__(self) -> None:
        self.options = Options()
        self.result = None
        self.generated: dict[str, str] = {}
        self.root = Path.cwd()

    def on_config(self, config):
        """Load, evaluate and render before MkDocs cleans site_dir, so bad input publishes nothing
        and the previous site stays as it was."""
        settings = Path(config.config_file_path).resolve() if config.config_file_path else None
        self.root = settings.parent if settings else Path.cwd()
        try:
            self.options = read_options(dict(self.config), settings.name if settings else Options.settings_file)
            self.result = evaluate_site(self.root, self.options)
            self.generated = site_files(self.result, self.options, config.use_directory_urls)
        except InputError as error:
            for problem in error.problems:
                log.error(terminal_safe(str(problem)))
            if error.rows is not None:
                log.info(rows_sentence(error.rows))
            raise PluginError(problems_sentence(len(error.problems))) from None
        except BuildFailure as error:
            raise PluginError(terminal_safe(f"the scorecards could not be built: {error}")) from None
        log.info(rows_sentence(self.result.rows))
        for line in placement_lines(self.result.placement):
            log.info(line)
        stylesheet = Urls(self.options.output).stylesheet()
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        return config

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages; only the index and overviews may enter the navigation.

        The navigation is rendered into every page, so listing thousands of
        objective pages there would make the build grow with their square.
        """
        urls = Urls(self.options.output)
        in_nav = {urls.index_src()} | {urls.overview_src(r.scorecard.id) for r in self.result.scorecards}
        for path, content in self.generated.items():
            inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_serve(self, server, config, builder):
        for folder in (self.options.definitions, self.options.data):
            path = self.root / folder
            if path.exists():
                server.watch(str(path))
        return server
