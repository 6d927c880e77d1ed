"""YAML read as a node tree, so every value keeps the line it was written on.

PyYAML's composer gives nodes with positions; we construct scalars one at a
time and check every mapping ourselves, which is what lets us report
duplicate keys, unknown keys and wrong types at their line.

Before anything is built, one pass over the parser's event stream checks a
budget: no aliases (so no "billion laughs" and no recursive structures), no
explicit tags, at most MAX_YAML_DEPTH levels of nesting and MAX_YAML_NODES
values. The stream is read lazily, so a hostile file is refused after reading
at most the part that breaks the budget, in bounded memory and time.

YAML 1.1 reads some plain words and numbers in surprising ways (`no` is
false, `012` is 10, `12:30` is 750, `2026-01-01` is a date). Where text or
an id is expected such a value is an error that says how YAML read it;
numbers are read from the text as written, and spellings YAML would read
differently from how they look are refused.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor

from ..errors import Problems, did_you_mean
from .encoding import looks_like_utf16

MAX_YAML_BYTES = 5_000_000
MAX_YAML_NODES = 100_000
MAX_YAML_DEPTH = 64
# libyaml's parser when PyYAML was built with it: the same nodes and marks, faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml stops at its own nesting limit (1,000 flow levels in PyYAML 6.0.4) while
# scanning ahead, before the budget below sees the 65th level; the pure parser
# reads lazily, so it finds our limit at the same place whatever PyYAML was built with.
_LIBYAML_DEPTH_ERROR = "exceeded maximum nesting depth"
_NULL_TAG = "tag:yaml.org,2002:null"

# Characters YAML does not allow in a stream (besides tab, LF and CR).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_GROUPED = re.compile(r"^[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
_NOT_FINITE = {".inf", "+.inf", "-.inf", ".nan", "inf", "+inf", "-inf", "nan", "infinity", "-infinity"}


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

    @property
    def is_null(self) -> bool:
        """A value left empty, or written `~` or `null`."""
        return self.is_scalar and self.node.tag == _NULL_TAG and not self.quoted

    def items(self) -> list[Node]:
        return [Node(child, self.file) for child in self.node.value]

    def value(self):
        """The scalar's Python value as YAML 1.1 reads it (None for a non-scalar).

        A plain scalar that looks like a value YAML cannot build (the date
        2026-02-30, a lone `=`) is read as the text it is.
        """
        if not self.is_scalar:
            return None
        try:
            return SafeConstructor().construct_object(self.node, deep=True)
        except Exception:   # noqa: BLE001 - any failure to build means: keep the text
            return self.node.value

    @property
    def raw(self) -> str:
        return self.node.value if self.is_scalar else ""

    @property
    def quoted(self) -> bool:
        return self.is_scalar and self.node.style in ("'", '"')

    @property
    def literal(self) -> bool:
        """Written quoted or as a block (| or >): always text."""
        return self.is_scalar and self.node.style in ("'", '"', "|", ">")


def decode_yaml(content: bytes, file: str, problems: Problems) -> str | None:
    """Text of a definition file: UTF-8 (with or without BOM), or UTF-16 with a BOM."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            problems.add(file, 1, "the file starts with a UTF-16 mark but is not UTF-16 text",
                         "save it as UTF-8")
            return None
    if b"\x00" in content[:2000] and looks_like_utf16(content):
        problems.add(file, 1, "the file looks like UTF-16 text without a byte order mark",
                     "save it with the encoding UTF-8")
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = content[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        guess = ""
        try:
            content.decode("cp1252")
            guess = "; it looks like Windows-1252 (ANSI)"
        except UnicodeDecodeError:
            pass
        problems.add(file, line, f"the file is not UTF-8 text: byte 0x{content[error.start]:02X} "
                     f"cannot be read{guess}",
                     "save the file with the encoding UTF-8", column)
        return None


def parse_yaml(text: str, file: str, problems: Problems) -> Node | None:
    """Compose one YAML document; a syntax error becomes a problem at its line."""
    control = _CONTROL.search(text)
    if control:
        line, column = _position(text, control.start())
        problems.add(file, line, f"the file contains the control character U+{ord(control.group()):04X}",
                     "remove it (it cannot be typed; it usually comes from a copy and paste)", column)
        return None
    if not _within_budget(text, file, problems):
        return None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        _syntax_error(error, text, file, problems)
        return None
    if root is None:
        problems.add(file, 1, "the file is empty", "write at least `title:` and `objectives:`")
        return None
    return Node(root, file)


def _within_budget(text: str, file: str, problems: Problems, loader=None) -> bool:
    """Check aliases, tags, depth and size on the event stream, before any node is built."""
    loader = loader or _LOADER
    depth = nodes = 0
    aliases: list[yaml.Event] = []
    tags: list[yaml.Event] = []
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases.append(event)
                continue
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if event.tag is not None:
                    tags.append(event)
                if nodes > MAX_YAML_NODES:
                    line, column = _mark(event)
                    problems.add(file, line, f"the file holds more than {MAX_YAML_NODES:,} YAML values",
                                 "split it into several scorecards; a scorecard this large cannot be read "
                                 "by people either", column)
                    return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    line, column = _mark(event)
                    problems.add(file, line, f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep",
                                 "a scorecard needs about 7 levels; check the indentation and brackets", column)
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        if loader is not yaml.SafeLoader and _LIBYAML_DEPTH_ERROR in str(error):
            return _within_budget(text, file, problems, yaml.SafeLoader)
        _syntax_error(error, text, file, problems)
        return False
    if aliases:
        line, column = _mark(aliases[0])
        count = f" (the file uses {len(aliases)} aliases)" if len(aliases) > 1 else ""
        problems.add(file, line, f"the YAML alias *{aliases[0].anchor} is not allowed{count}",
                     "write the value out in full; anchors (&) and aliases (*) are not supported", column)
    if tags:
        line, column = _mark(tags[0])
        count = f" (the file uses {len(tags)} tags)" if len(tags) > 1 else ""
        tag = str(tags[0].tag).replace("tag:yaml.org,2002:", "!!")
        problems.add(file, line, f"the YAML tag {tag} is not allowed{count}",
                     "remove the tag; to make a value text, put it in quotes", column)
    return not aliases and not tags


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


_HINTS = {
    "mapping values are not allowed here": "put quotes around a value that contains ': ', or check the indentation",
    "mapping values are not allowed in this context":
        "put quotes around a value that contains ': ', or check the indentation",
    "expected a single document in the stream": "remove the second `---`: one file holds one scorecard",
    "found character that cannot start any token": "put the value in quotes",
    "did not find expected ',' or ']'": "a list opened with [ is not closed: look for the missing ] on this line "
                                        "or the ones above",
    "did not find expected ',' or '}'": "a mapping opened with { is not closed: look for the missing } on this "
                                        "line or the ones above",
}


def _syntax_error(error: yaml.YAMLError, text: str, file: str, problems: Problems) -> None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif getattr(error, "position", None) is not None:
        line, column = _position(text, error.position)
    else:
        line, column = 1, 0
    for number, row in enumerate(text.split("\n")[:line], 1):
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            problems.add(file, number, "a tab is used for indentation", "indent with spaces only",
                         indent.index("\t") + 1)
            return
    context = str(getattr(error, "context", None) or "").strip()
    problem = str(getattr(error, "problem", None) or context or error).strip()
    if problem.startswith("but ") and context:
        problem = f"{context}, {problem}"
    hint = next((h for key, h in _HINTS.items() if problem.startswith(key)),
                "check the indentation and quoting on this line")
    problems.add(file, line, f"this is not valid YAML: {problem}", hint, column)


def mapping(node: Node, problems: Problems, what: str, known: dict[str, bool]) -> dict[str, Node] | None:
    """Check a mapping's keys: known ones only, each once, required ones present.

    `known` maps each valid key to whether it is required. A key left empty
    (`parent:`, `target: ~`) counts as absent when it is optional, and is an
    error when it is required.
    """
    if not node.is_mapping:
        problems.add(node.file, node.line, f"{what} should be a mapping of keys to values",
                     "write `key: value` lines", node.column)
        return None
    found: dict[str, Node] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.node.value:
        key = Node(key_node, node.file)
        if not key.is_scalar:
            problems.add(node.file, key.line, f"a key in {what} is a list or mapping, not a name",
                         "write `name: value`", key.column)
            continue
        name = key.raw
        if name in lines:
            problems.add(node.file, key.line, f"the key '{name}' appears twice in {what} "
                         f"(first on line {lines[name]})", "keep one of them", key.column)
            continue
        lines[name] = key.line
        if name not in known:
            problems.add(node.file, key.line, f"unknown key '{name}' in {what}",
                         did_you_mean(name, known, "key", shown=20), key.column)
            continue
        value = Node(value_node, node.file)
        if value.is_null:
            if known[name]:
                problems.add(node.file, key.line, f"'{name}' is empty in {what}",
                             f"write a value after `{name}:`; it is required", key.column)
            continue
        found[name] = value
    for name, required in known.items():
        if required and name not in lines:
            problems.add(node.file, node.line, f"{what} has no '{name}'",
                         f"add `{name}:`; it is required", node.column)
    return found


def text(node: Node, problems: Problems, what: str) -> str | None:
    """A text value; a YAML scalar read as something else is an error, not a guess."""
    if not node.is_scalar:
        problems.add(node.file, node.line, f"{what} should be text, not a {_collection(node)}",
                     "write a single line of text", node.column)
        return None
    if node.literal:
        return node.raw
    value = node.value()
    if isinstance(value, str):
        return value
    if node.is_null:
        return ""
    quote = "'" if '"' in node.raw else '"'
    problems.add(node.file, node.line,
                 f"{what} should be text, but YAML reads `{node.raw}` as {_kind(node.raw, value)}",
                 f"put it in quotes: {quote}{node.raw}{quote}", node.column)
    return None


def number(node: Node, problems: Problems, what: str) -> float | None:
    """A number as written: plain decimal digits, optionally with a sign, point and exponent."""
    if not node.is_scalar:
        problems.add(node.file, node.line, f"{what} should be a number, not a {_collection(node)}",
                     "write a plain number such as 105 or 12.5", node.column)
        return None
    raw = node.raw.strip()
    if node.is_null:
        problems.add(node.file, node.line, f"{what} is empty", "write a number such as 105 or 12.5", node.column)
        return None
    if _PLAIN_NUMBER.match(raw):
        if node.quoted:
            problems.add(node.file, node.line, f"{what} should be a number, but `{node.raw}` is in quotes, "
                         "which makes it text", f"remove the quotes: {raw}", node.column)
            return None
        if _LEADING_ZERO.match(raw):
            read = node.value()
            how = f"; YAML reads it as the octal number {read}" if _OCTAL.match(raw) and read != float(raw) else ""
            plain = raw.lstrip("+-").lstrip("0") or "0"
            plain = ("0" + plain) if plain.startswith(".") else plain
            problems.add(node.file, node.line, f"{what} `{raw}` starts with 0{how}",
                         f"write it without the leading zero: {raw[0] if raw[0] in '+-' else ''}{plain}",
                         node.column)
            return None
        value = float(raw)
        if not math.isfinite(value):
            problems.add(node.file, node.line, f"{what} `{raw}` is too large to be a number",
                         "check the value; numbers go up to about 1.8e308", node.column)
            return None
        return value
    hint = "write a plain number such as 105 or 12.5"
    if node.literal:
        message = f"{what} should be a number, not the text `{node.raw}`"
    elif raw.lower() in _NOT_FINITE:
        message = f"{what} should be a finite number, not `{raw}`"
        hint = "write a plain number"
    elif _SEXAGESIMAL.match(raw):
        message = f"{what} `{raw}` is read by YAML as the base-60 number {node.value()}"
        hint = "write a plain decimal number"
    elif _GROUPED.match(raw):
        message = f"{what} should be a number, not `{raw}`"
        hint = f"write it without the thousands separator: {raw.replace(',', '')}"
    elif raw.endswith("%") and _PLAIN_NUMBER.match(raw[:-1].strip()):
        message = f"{what} should be a number, not `{raw}`"
        hint = f"write the number without %: {raw[:-1].strip()} (the unit goes in `unit:`)"
    else:
        value = node.value()
        shown = f"the boolean {str(value).lower()}" if isinstance(value, bool) else f"`{node.raw}`"
        message = f"{what} should be a number, not {shown}"
    problems.add(node.file, node.line, message, hint, node.column)
    return None


def date_value(node: Node, problems: Problems, what: str) -> datetime.date | None:
    """An ISO date, written either as a YAML date or as quoted text."""
    value = node.value()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            problems.add(node.file, node.line, f"{what} `{node.raw}` is not a date of the calendar",
                         "check the day and the month", node.column)
            return None
    shown = f"`{node.raw}`" if node.is_scalar else f"a {_collection(node)}"
    problems.add(node.file, node.line, f"{what} should be a date such as 2026-06-30, not {shown}",
                 "write the date as YYYY-MM-DD", node.column)
    return None


def _collection(node: Node) -> str:
    return "list" if node.is_sequence else "mapping"


def _kind(raw: str, value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int) and _OCTAL.match(raw.strip()):
        return f"the octal number {value}"
    if isinstance(value, (int, float)) and ":" in raw:
        return f"the base-60 number {value:g}" if isinstance(value, float) else f"the base-60 number {value}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    return type(value).__name__
