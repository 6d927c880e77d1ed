"""Formula text to a typed `Formula`: a small tokenizer and a recursive-descent parser of our own.

Python's parser is no use here: ids hold hyphens (`part1-crimes` is one
id, not a subtraction), and a formula must never reach `eval`. Only what
FORMAT section 11 allows is read: numbers, ids (`id` or `scorecard/id`),
`+ - * /`, unary minus, parentheses, `ytd(x)` and `prev(x, k)`. Anything
else is refused with the position of the first character that is wrong,
so a formula that tries to run code is a syntax error and runs nothing.

The rules of the text:
- an id is the longest run of slug characters (`a-z 0-9 -`) starting with a
  letter or digit, so `a-b` is the id `a-b` and a subtraction needs spaces;
- a run of digits alone (optionally with `.digits`) is a number;
- `x/y` with no space on either side of the slash, between two ids, names
  the id `y` of scorecard `x`; to divide, write spaces (`x / y`), as the
  formulas in FORMAT do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..expressions import MAX_PREVIOUS, Binary, Expression, Formula, Negate, Number, Previous, Reference, YearToDate

MAX_FORMULA_LENGTH = 2000
MAX_DEPTH = 40
MAX_TOKENS = 300   # numbers, ids, operators and brackets: keeps every walk of the tree shallow
FUNCTIONS = ("ytd", "prev")
ID_LENGTH = 64

_RUN = re.compile(r"[a-z0-9][a-z0-9-]*")
_DIGITS = re.compile(r"[0-9]+\Z")
_FRACTION = re.compile(r"\.[0-9]+")
_WORDISH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_SLUG_CHAR = re.compile(r"[a-z0-9-]")


class FormulaSyntaxError(ValueError):
    """What is wrong with a formula, where (`offset`, 0-based in its text), and how to fix it."""

    def __init__(self, message: str, offset: int, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


@dataclass(frozen=True)
class Token:
    kind: str       # number | id | op | ( | ) | , | end
    text: str
    offset: int
    scorecard: str = ""   # for an id written scorecard/id


def tokens(text: str) -> list[Token]:
    """The formula's tokens, ending with an `end` token; FormulaSyntaxError at the first bad character."""
    found: list[Token] = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char in " \t\r\n":
            position += 1
            continue
        if char in "+-*/":
            if text.startswith("**", position):
                raise FormulaSyntaxError("'**' is not an operator of formulas", position,
                                         "there is no power operator: multiply, e.g. x * x")
            found.append(Token("op", char, position))
            position += 1
            continue
        if char in "(),":
            found.append(Token(char, char, position))
            position += 1
            continue
        if char == "." and position + 1 < length and text[position + 1].isdigit() and text[position + 1].isascii():
            fraction = _FRACTION.match(text, position)
            found.append(_number(text, position, fraction.end()))
            position = fraction.end()
            continue
        run = _RUN.match(text, position)
        if run is None:
            raise _unexpected(text, position)
        word, end = run[0], run.end()
        if _DIGITS.match(word):
            if (fraction := _FRACTION.match(text, end)) is not None:
                end = fraction.end()
            found.append(_number(text, position, end))
            position = end
            continue
        second = _RUN.match(text, end + 1) if end < length and text[end] == "/" else None
        if second is not None and not _DIGITS.match(second[0]):
            if second.end() < length and text[second.end()] == "/" and second.end() + 1 < length \
                    and _SLUG_CHAR.match(text, second.end() + 1):
                raise FormulaSyntaxError(f"'{text[position:second.end() + 1]}...' names neither an id nor "
                                         "scorecard/id", second.end(),
                                         "to divide, put spaces around '/': a / b")
            _check_length(second[0], end + 1)
            _check_length(word, position)
            found.append(Token("id", second[0], position, scorecard=word))
            position = second.end()
            continue
        _check_length(word, position)
        found.append(Token("id", word, position))
        position = end
    found.append(Token("end", "", length))
    return found


def _number(text: str, start: int, end: int) -> Token:
    if end < len(text) and (_SLUG_CHAR.match(text, end) or text[end] == "."):
        tail = _WORDISH.match(text, end)
        shown = text[start:tail.end() if tail else end + 1]
        raise FormulaSyntaxError(f"'{shown}' is neither a number nor an id", start,
                                 "numbers are written like 100000 or 0.5; an id starts with a letter or digit "
                                 "and holds only a-z, 0-9 and '-'")
    return Token("number", text[start:end], start)


def _check_length(word: str, offset: int) -> None:
    if len(word) > ID_LENGTH:
        raise FormulaSyntaxError(f"'{word[:20]}...' is longer than {ID_LENGTH} characters, so it is no id", offset,
                                 "check the formula for a missing space or operator")


def _unexpected(text: str, position: int) -> FormulaSyntaxError:
    char = text[position]
    word = _WORDISH.match(text, position)
    guess = word[0].lower().replace("_", "-") if word else ""
    if word and (any(c.isupper() for c in word[0]) or "_" in word[0]) and _RUN.fullmatch(guess):
        what = "ids are lowercase and use '-', not '_'" if "_" in word[0] else "ids are lowercase"
        return FormulaSyntaxError(f"'{word[0]}' is not an id: {what}", position, f"did you mean '{guess}'?")
    hints = {
        "^": "there is no power operator: multiply, e.g. x * x",
        "%": "write a percentage as a share times 100, e.g. a / b * 100",
        "=": "a formula computes a value: comparisons and assignments are not part of it",
        "<": "a formula computes a value: comparisons are not part of it",
        ">": "a formula computes a value: comparisons are not part of it",
        "'": "a formula holds no text; write ids without quotes",
        '"': "a formula holds no text; write ids without quotes",
        "[": "use parentheses ( ) to group",
        "{": "use parentheses ( ) to group",
    }
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return FormulaSyntaxError(f"the character '{shown}' cannot be part of a formula", position,
                              hints.get(char, "formulas use numbers, ids, + - * /, parentheses, ytd(x) and "
                                              "prev(x, k)"))


class _Parser:
    """expression := term (('+' | '-') term)*; term := unary (('*' | '/') unary)*;
    unary := '-' unary | primary; primary := number | id | function '(' arguments ')' | '(' expression ')'."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokens(text)
        if len(self.tokens) > MAX_TOKENS:
            raise FormulaSyntaxError(f"the formula has more than {MAX_TOKENS} numbers, ids and operators",
                                     self.tokens[MAX_TOKENS].offset, "split it into calculated KPIs")
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def nested(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaSyntaxError(f"the formula is nested more than {MAX_DEPTH} levels deep", offset,
                                     "split it into calculated KPIs, or remove parentheses")

    def parse(self) -> Expression:
        if self.current.kind == "end":
            raise FormulaSyntaxError("the formula is empty", 0, "write e.g. `formula: crimes / residents * 100000`")
        node = self.expression()
        token = self.current
        if token.kind == ")":
            raise FormulaSyntaxError("this ')' closes no '('", token.offset, "remove it, or add the '(' it closes")
        if token.kind != "end":
            raise self.expected_operator(token)
        return node

    def expression(self) -> Expression:
        node = self.term()
        while self.current.kind == "op" and self.current.text in "+-":
            operator = self.advance()
            node = Binary(operator.text, node, self.term(), operator.offset + 1)
        return node

    def term(self) -> Expression:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in "*/":
            operator = self.advance()
            node = Binary(operator.text, node, self.unary(), operator.offset + 1)
        return node

    def unary(self) -> Expression:
        token = self.current
        if token.kind == "op" and token.text == "-":
            self.advance()
            self.nested(token.offset)
            node = Negate(self.unary(), token.offset + 1)
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Expression:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Number(float(token.text), token.text, token.offset + 1)
        if token.kind == "id":
            self.advance()
            if self.current.kind == "(" and not token.scorecard:
                return self.function(token)
            return Reference(token.scorecard, token.text, token.offset + 1)
        if token.kind == "(":
            self.advance()
            self.nested(token.offset)
            node = self.expression()
            self.depth -= 1
            self.closing(token)
            return node
        raise self.expected_operand(token)

    def function(self, name: Token) -> Expression:
        opening = self.advance()
        if name.text not in FUNCTIONS:
            raise FormulaSyntaxError(f"unknown function '{name.text}'", name.offset,
                                     "the functions are ytd(x) and prev(x, k); to multiply, write "
                                     f"{name.text} * (...)")
        self.nested(name.offset)
        operand = self.expression()
        self.depth -= 1
        if name.text == "ytd":
            if self.current.kind == ",":
                raise FormulaSyntaxError("ytd takes one argument", self.current.offset, "write ytd(x)")
            self.closing(opening)
            return YearToDate(operand, name.offset + 1)
        if self.current.kind != ",":
            raise FormulaSyntaxError("prev takes two arguments", self.current.offset,
                                     f"write prev(x, k) with k from 1 to {MAX_PREVIOUS}, e.g. prev(x, 4)")
        self.advance()
        k_token = self.current
        k = self.whole_number(k_token)
        self.advance()
        self.closing(opening)
        return Previous(operand, k, name.offset + 1)

    def whole_number(self, token: Token) -> int:
        hint = f"k counts reporting periods back: a whole number from 1 to {MAX_PREVIOUS}, e.g. prev(x, 4)"
        if token.kind != "number":
            shown = token.text or "nothing"
            raise FormulaSyntaxError(f"the k of prev(x, k) must be a whole number, not {shown}", token.offset, hint)
        if not _DIGITS.match(token.text) or not 1 <= int(token.text) <= MAX_PREVIOUS:
            raise FormulaSyntaxError(f"the k of prev(x, k) must be a whole number from 1 to {MAX_PREVIOUS}, "
                                     f"not {token.text}", token.offset, hint)
        return int(token.text)

    def closing(self, opening: Token) -> None:
        token = self.current
        if token.kind == ")":
            self.advance()
            return
        if token.kind == "end":
            raise FormulaSyntaxError(f"the '(' at character {opening.offset + 1} is never closed", opening.offset,
                                     "add the missing ')'")
        if token.kind == ",":
            raise FormulaSyntaxError("unexpected ','", token.offset, "only prev(x, k) takes two arguments")
        raise self.expected_operator(token)

    def expected_operand(self, token: Token) -> FormulaSyntaxError:
        before = self.tokens[self.index - 1].text if self.index else ""
        where = f"after '{before}'" if before else "at the start"
        if token.kind == "end":
            return FormulaSyntaxError(f"the formula ends {where}: a number, an id or '(' is missing", token.offset,
                                      "complete the formula")
        if token.kind == "op" and token.text == "+":
            return FormulaSyntaxError(f"unexpected '+' {where}", token.offset, "a number, an id or '(' goes here")
        return FormulaSyntaxError(f"expected a number, an id or '(' {where}, not '{token.text}'", token.offset,
                                  "check for a missing value or an extra operator")

    def expected_operator(self, token: Token) -> FormulaSyntaxError:
        before = self.tokens[self.index - 1].text
        hint = "write an operator (+ - * /) between them"
        if token.kind == "id" and "-" in before + token.text:
            hint += "; a minus between two ids needs spaces: a - b"
        if token.kind == "(":
            hint = f"to multiply, write {before} * (...)"
        return FormulaSyntaxError(f"'{token.text}' follows '{before}' with no operator between them", token.offset,
                                  hint)


def parse_formula(text: str, line: int = 0, column: int = 0, one_line: bool = True) -> Formula:
    """The formula's tree; FormulaSyntaxError with the offset of the first problem.

    `line` and `column` say where the formula's first character was written."""
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaSyntaxError(f"the formula is {len(text):,} characters long, over the limit of "
                                 f"{MAX_FORMULA_LENGTH:,}", 0, "split it into calculated KPIs")
    return Formula(" ".join(text.split()), _Parser(text).parse(), line, column, one_line and "\n" not in text)
