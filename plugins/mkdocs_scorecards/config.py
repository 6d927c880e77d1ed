"""The plugin's options as MkDocs declares them: every name of `options.OPTION_NAMES`, passed through.

The options are checked and defaulted once, by `options.read_options`, for
the plugin and the `scorecards` command alike; here MkDocs only learns their
names, so that it can report one it does not know.
"""

from __future__ import annotations

from mkdocs.config import base

from .options import OPTION_NAMES


class _Passed(base.BaseConfigOption):
    """A value handed on as written; `read_options` checks it."""

    def run_validation(self, value):
        return value


class ScorecardsConfig(base.Config):
    pass


# Set by name rather than as class attributes: Config is a UserDict, whose own
# `.data` holds the values, so an option called `data` cannot be an attribute.
ScorecardsConfig._schema = tuple((name, _Passed()) for name in OPTION_NAMES)
