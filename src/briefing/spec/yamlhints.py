"""Turn a YAML syntax error into a message that says how to fix it, with the line shown.

YAML's own messages name the parser's state ("mapping values are not allowed in this
context", "did not find expected '-' indicator"), not the writer's slip. The slips a press
officer makes are few: a `: ` inside unquoted text, a text that starts with a character YAML
reads as syntax (`[Draft]`, `**bold**`, `@`), a key or list item indented unlike its
neighbours, a tab or a non-breaking space as indentation, a quote left open or ended early by
the same mark inside the text (`'It's'`), a list item without its `-`, the text of a `>-` key
not indented under it. Each gets a message that names it and says what to write, followed by
the line, numbered, with a caret under the column.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
import unicodedata
from dataclasses import dataclass

from ..errors import Location, Problem, printable
from .yamlindent import (
    KEY_LINE,
    Found,
    indent,
    indentation,
    key_above,
    odd_space,
    tab,
    unkeyed_line,
)

_WORD = re.compile(r"-?[ ]*[A-Za-z_][A-Za-z0-9_-]*")
"""What a key usually is: a word, not a phrase (`heading`, `- text`)."""
_OPENS_QUOTE = re.compile(r"""(?:^[ ]*(?:-[ ]+)*|:[ ]+)(?P<quote>["'])""")


SHOWN = 120
"""Characters of a line shown under a message, and longest fixed line a message quotes."""


@dataclass(frozen=True)
class ShownProblem(Problem):
    """A problem printed with the line it is on, numbered, and a caret under its column."""

    shown: str = ""
    """The line of the file the problem is on, as typed."""

    def __str__(self) -> str:
        number = str(self.location.line)
        at = self.location.column - 1
        start = max(0, min(at - SHOWN // 2, len(self.shown) - SHOWN))
        end = start + SHOWN
        cut = "..." if start else ""
        before = _width(cut + printable(self.shown[start:at]))
        shown = cut + printable(self.shown[start:end]) + ("..." if end < len(self.shown) else "")
        gutter = " " * len(number)
        return "\n".join(
            [super().__str__(), f"  {number} | {shown}", f"  {gutter} | {' ' * before}^"]
        )


def _as_fix(fixed: str) -> str:
    """`: title: "..."`, the line to write, when it is short enough to read in a message."""
    return f": {fixed}" if len(fixed) <= SHOWN else ", from its first word to its last"


def _width(text: str) -> int:
    """Columns `text` takes on a terminal: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _quoted(text: str) -> str:
    """`text` as a YAML quoted scalar: in double quotes, or single ones when it holds `"`."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def explain(
    *, file: str, lines: list[str], line: int, column: int, problem: str, context: str
) -> Problem | None:
    """A message saying how to fix a YAML syntax error at 1-based `line`, `column` whose YAML
    message is `problem` (in `context`); None when it is none of the slips this knows."""
    for explained in (
        tab,
        odd_space,
        _open_quote,
        _closed_early,
        _indicator_start,
        _colon_in_text,
        unkeyed_line,
        indentation,
    ):
        found = explained(lines, line, column, problem, context)
        if found is not None:
            where, message = found
            return ShownProblem(Location(file, *where), "", message, shown=lines[where[0] - 1])
    return None


def _open_quote(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    """A quote opened and never closed on its line, before the error: the text it opens runs
    on into the next keys, or to the end of the file."""
    if "quoted scalar" not in context and "end of stream" not in problem:
        first = _first_open_quote(lines[: line - 1])
        if first is None or not any(
            KEY_LINE.fullmatch(text) and indent(text) <= indent(lines[first[0] - 1])
            for text in lines[first[0] : line]
        ):
            return None
    else:
        first = _first_open_quote(lines[:line])
        if first is None:
            return None
    number, at = first
    quote = lines[number - 1][at - 1]
    return (number, at), (
        f"the quote ({quote}) opened here is never closed, so the text runs on "
        + ("to the end of the file" if "end of stream" in problem else "into the lines below")
        + f"; end the text with {quote} on this line"
    )


def _closed_early(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    """A quoted text whose own quote character, inside it (`'It's'`), ends it early: YAML
    cannot read what follows the end."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = _OPENS_QUOTE.search(text)
    if match is None or text.lstrip().startswith("#"):
        return None
    quote, start = match.group("quote"), match.end()
    end = _closing(text, start, quote)
    after = text[end + 1 :].strip() if end is not None else ""
    if end is None or not after or after.startswith("#") or end + 1 >= column:
        return None
    inner = text[start:].rstrip()
    inner = inner[:-1] if inner.endswith(quote) and len(inner) > 1 else inner
    inner = inner.replace("''", "'") if quote == "'" else inner
    fixed = text[: start - 1] + _quoted(inner)
    escape = "write it twice ('')" if quote == "'" else 'write it as \\"'
    return (line, end + 1), (
        f"the quote ({quote}) in column {end + 1} ends the text opened in column {start}, and "
        f"YAML cannot read what follows; inside {quote}...{quote}, {escape}, or quote the text "
        f"with the other mark{_as_fix(fixed.strip())}"
    )


def _closing(text: str, start: int, quote: str) -> int | None:
    """Index of the quote that closes a quoted scalar opened just before index `start`."""
    at = start
    while at < len(text):
        if quote == '"' and text[at] == "\\":
            at += 2
            continue
        if text[at] == quote:
            if quote == "'" and text[at + 1 : at + 2] == "'":
                at += 2
                continue
            return at
        at += 1
    return None


def _first_open_quote(lines: list[str]) -> tuple[int, int] | None:
    """The last of `lines` that opens a quote left open: not closed on its line, nor on the
    lines indented under it that continue a quoted text, and the quote's column."""
    for number in range(len(lines), 0, -1):
        text = lines[number - 1]
        match = _OPENS_QUOTE.search(text)
        if match is None or text.lstrip().startswith("#"):
            continue
        quote = match.group("quote")
        following = []
        for after in lines[number:]:
            if after.strip() and indent(after) <= indent(text):
                break
            following.append(after)
        rest = "\n".join([text[match.end() :], *following])
        rest = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in rest:
            return number, match.end()
    return None


_COMMENT = re.compile(r"(?:[ \t]{2,}#|[ \t]#(?=\s|$)).*$")
"""A comment after a value, as people write them: set apart by two spaces, or `# ` with a
space after it (`#1` stays text)."""


def _requoted(text: str, match: re.Match[str]) -> str:
    """The `key: value` line `text` with its value in quotes, a comment after it kept out."""
    value = match.group("value")
    comment = _COMMENT.search(value)
    said = value[: comment.start()] if comment else value
    kept = comment.group() if comment else ""
    return (text[: match.start("value")] + _quoted(said.rstrip()) + kept).strip()


_INDICATORS = {
    "[": "YAML reads '[' at the start of a text as the start of a list",
    "{": "YAML reads '{' at the start of a text as the start of a mapping",
    "*": "YAML reads '*' at the start of a text as a reference (*name)",
    "&": "YAML reads '&' at the start of a text as an anchor (&name)",
    "!": "YAML reads '!' at the start of a text as a tag (!name)",
    "@": "YAML does not allow a text to start with '@'",
    "`": "YAML does not allow a text to start with '`'",
    "%": "YAML does not allow a text to start with '%'",
}

_CLOSES = {"[": "]", "{": "}"}


def _indicator_start(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    """A text that starts with a character YAML reads as syntax (`[Draft] ...`, `*New*
    figures`, `@handle`) when it is not in quotes."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = KEY_LINE.fullmatch(text)
    value = (match.group("value") or "").rstrip() if match else ""
    if match is None or value[:1] not in _INDICATORS or column <= match.start("value"):
        return None
    if value[0] in _CLOSES and _COMMENT.sub("", value).rstrip().endswith(_CLOSES[value[0]]):
        return None
    return (line, match.start("value") + 1), (
        f"{_INDICATORS[value[0]]}; put the text in quotes{_as_fix(_requoted(text, match))}"
    )


def _colon_in_text(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    if "mapping values are not allowed" not in problem or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = KEY_LINE.fullmatch(text)
    if match is not None and match.group("value") and column > match.start("value"):
        return (line, column), (
            "YAML reads ': ' inside a text as the start of a key; put the text in quotes"
            f"{_as_fix(_requoted(text, match))}"
        )
    owner = key_above(lines, line)
    before = text[: column - 1].strip()
    if owner is None or not owner[1].group("value"):
        return None
    if _WORD.fullmatch(before) and _a_key(lines, line, before.lstrip("- "), match):
        return None
    number, above = owner
    return (line, column), (
        "YAML reads ': ' inside a text as the start of a key; put the whole text of "
        f"{above.group('key')!r} (line {number}) in quotes, or write `>-` after its key and the "
        "text on the lines below"
    )


@functools.cache
def _spec_keys() -> frozenset[str]:
    """Every key a spec may hold, at any depth."""
    from .spec import Spec
    from .walker import schema_of

    names: set[str] = set()
    seen: set[object] = set()

    def walk(kind: object) -> None:
        if isinstance(kind, type) and dataclasses.is_dataclass(kind) and kind not in seen:
            seen.add(kind)
            fields, hints, _ = schema_of(kind)
            names.update(fields)
            for hint in hints.values():
                walk(hint)
        for argument in typing.get_args(kind):
            walk(argument)

    walk(Spec)
    return frozenset(names)


def _a_key(lines: list[str], line: int, word: str, match: re.Match[str] | None) -> bool:
    """Whether `word:` on `line` is more likely a key set too deep than words of a text that
    runs on: a spec's key, one the file uses elsewhere, or nothing follows it but a value's
    start."""
    value = (match.group("value") or "").strip() if match else ""
    if not value or value[0] in ">|[{\"'" or word in _spec_keys():
        return True
    return any(
        (other := KEY_LINE.fullmatch(text)) is not None and other.group("key") == word
        for number, text in enumerate(lines, 1)
        if number != line
    )
