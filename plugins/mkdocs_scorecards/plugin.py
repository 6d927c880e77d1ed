"""MkDocs events only: each hands one stage of the pipeline to the core."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import ScorecardsConfig
from .errors import InputError, terminal_safe
from .render.urls import Urls
from .site import Options, evaluate_site, site_files

log = get_plugin_logger(__name__)


class ScorecardsPlugin(BasePlugin[ScorecardsConfig]):
    """Generates the scorecard pages, maps and JSON as virtual files."""

    def __init__(self) -> None:
        self.result = None
        self.generated: dict[str, str] = {}
        self.root = Path.cwd()

    def _options(self) -> Options:
        return Options(self.config.definitions, self.config["data"], self.config.output.strip("/"),
                       str(self.config.as_of), self.config.graphviz)

    def on_config(self, config):
        """Load, evaluate and render before MkDocs cleans site_dir, so bad input publishes nothing
        and the previous site stays as it was."""
        self.root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        try:
            self.result = evaluate_site(self.root, self._options())
            self.generated = site_files(self.result, self._options(), config.use_directory_urls)
        except InputError as error:
            for problem in error.problems:
                log.error(terminal_safe(str(problem)))
            if error.summary:
                log.info(error.summary)
            count = len(error.problems)
            raise PluginError(f"{count} problem{'s' if count != 1 else ''} in the scorecard inputs; "
                              "nothing was published") from None
        log.info(f"read {self.result.rows_read} rows from {self.result.files_read} CSV files: "
                 f"{self.result.rows_placed} placed, {self.result.rows_rejected} rejected")
        for line in self.result.placement:
            log.info(terminal_safe(line))
        stylesheet = Urls(self.config.output.strip("/")).stylesheet()
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        return config

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages; only the index and overviews may enter the navigation.

        The navigation is rendered into every page, so listing thousands of
        objective pages there would make the build grow with their square.
        """
        urls = Urls(self.config.output.strip("/"))
        in_nav = {urls.index_src()} | {urls.overview_src(r.scorecard.id) for r in self.result.scorecards}
        for path, content in self.generated.items():
            inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_serve(self, server, config, builder):
        for folder in (self.config.definitions, self.config["data"]):
            path = self.root / folder
            if path.exists():
                server.watch(str(path))
        return server
