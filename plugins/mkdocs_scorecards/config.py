"""The plugin's options in mkdocs.yml (FORMAT section 1)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ScorecardsConfig(base.Config):
    definitions = c.Type(str, default="scorecards")
    output = c.Type(str, default="scorecards")
    as_of = c.Type((str, int), default="latest")
    graphviz = c.Choice(("wasm", "native"), default="wasm")


# `data` cannot be a class attribute: Config is a UserDict, whose own `.data`
# holds the values. The option is added to the schema by name instead and
# read as `config["data"]`.
ScorecardsConfig._schema = (*ScorecardsConfig._schema, ("data", c.Type(str, default="data")))
