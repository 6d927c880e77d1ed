"""YAML read as a node tree, so every value keeps the line it was written on.

PyYAML's composer gives nodes with positions; we construct scalars one at a
time and check every mapping ourselves, which is what lets us report
duplicate keys, unknown keys and wrong types at their line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import yaml

from ..errors import Problems, did_you_mean

MAX_YAML_BYTES = 5_000_000
# libyaml's parser when PyYAML was built with it: the same nodes and marks, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Node:
    """A YAML node and the file it came from."""

    node: yaml.Node
    file: str

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    @property
    def column(self) -> int:
        return self.node.start_mark.column + 1

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    @property
    def is_scalar(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode)

    def items(self) -> list[Node]:
        return [Node(child, self.file) for child in self.node.value]

    def value(self):
        """The scalar's Python value as YAML 1.1 reads it (None for a non-scalar)."""
        if not self.is_scalar:
            return None
        return yaml.SafeLoader("").construct_object(self.node, deep=True)

    @property
    def raw(self) -> str:
        return self.node.value if self.is_scalar else ""

    @property
    def quoted(self) -> bool:
        return self.is_scalar and self.node.style in ("'", '"')


def parse_yaml(text: str, file: str, problems: Problems) -> Node | None:
    """Compose one YAML document; a syntax error becomes a problem at its line."""
    if "\t" in text.split("\n", 1)[0] or any(line.startswith("\t") for line in text.splitlines()):
        for number, line in enumerate(text.splitlines(), 1):
            if line[: len(line) - len(line.lstrip())].count("\t"):
                problems.add(file, number, "a tab is used for indentation",
                             "indent with spaces only")
                return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 0
        problems.add(file, line, f"this is not valid YAML: {error.problem or error.context}",
                     "check the indentation and quoting on this line", column)
        return None
    except yaml.YAMLError as error:
        problems.add(file, 1, f"this is not valid YAML: {error}", "check the file's syntax")
        return None
    if root is None:
        problems.add(file, 1, "the file is empty", "write at least `title:` and `objectives:`")
        return None
    return Node(root, file)


def mapping(node: Node, problems: Problems, what: str, known: dict[str, bool]) -> dict[str, Node] | None:
    """Check a mapping's keys: known ones only, each once, required ones present.

    `known` maps each valid key to whether it is required.
    """
    if not node.is_mapping:
        problems.add(node.file, node.line, f"{what} should be a mapping of keys to values",
                     "write `key: value` lines", node.column)
        return None
    found: dict[str, Node] = {}
    for key_node, value_node in node.node.value:
        key = Node(key_node, node.file)
        name = key.raw if key.is_scalar else ""
        if name in found:
            problems.add(node.file, key.line, f"the key '{name}' appears twice in {what} "
                         f"(first on line {found[name].line})", "keep one of them", key.column)
            continue
        if name not in known:
            problems.add(node.file, key.line, f"unknown key '{name}' in {what}",
                         did_you_mean(name, known, "key"), key.column)
            continue
        found[name] = Node(value_node, node.file)
    for name, required in known.items():
        if required and name not in found:
            problems.add(node.file, node.line, f"{what} has no '{name}'",
                         f"add `{name}:`; it is required", node.column)
    return found


def text(node: Node, problems: Problems, what: str) -> str | None:
    """A text value; a YAML scalar read as something else is an error, not a guess."""
    value = node.value()
    if isinstance(value, str):
        return value
    if value is None and node.is_scalar and node.raw in ("", "~", "null", "Null", "NULL"):
        return ""
    if node.is_scalar:
        kind = _kind(value)
        problems.add(node.file, node.line,
                     f"{what} should be text, but YAML reads `{node.raw}` as {kind}",
                     f'put it in quotes: "{node.raw}"', node.column)
    else:
        problems.add(node.file, node.line, f"{what} should be text", "write a single line of text",
                     node.column)
    return None


def number(node: Node, problems: Problems, what: str) -> float | None:
    value = node.value()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = f"`{node.raw}`" if node.is_scalar else "a list or mapping"
        problems.add(node.file, node.line, f"{what} should be a number, not {shown}",
                     "write a plain number such as 105 or 12.5", node.column)
        return None
    if value != value or value in (float("inf"), float("-inf")):
        problems.add(node.file, node.line, f"{what} should be a finite number, not `{node.raw}`",
                     "write a plain number", node.column)
        return None
    return float(value)


def date_text(node: Node, problems: Problems, what: str) -> str | None:
    """An ISO date, written either as a YAML date or as quoted text."""
    value = node.value()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    problems.add(node.file, node.line, f"{what} should be a date such as 2026-06-30, not `{node.raw}`",
                 "write the date as YYYY-MM-DD", node.column)
    return None


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if value is None:
        return "empty"
    return type(value).__name__
