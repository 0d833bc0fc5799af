"""Turn a YAML syntax error into a message that says how to fix it, with the line shown.

YAML's own messages name the parser's state ("mapping values are not allowed in this
context", "did not find expected '-' indicator"), not the writer's slip. The slips a press
officer makes are few: a `: ` inside unquoted text, a line indented unlike its neighbours, a
tab, a quote left open. Each gets a message that names it and says what to write, followed by
the line, numbered, with a caret under the column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import Location, Problem, printable

_KEY_LINE = re.compile(
    r"""(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>"[^"]*"|'[^']*'|[^\s#'"\-{\[][^:#]*?|-[^\s:#][^:#]*?)"""
    r""":(?:[ \t]+(?P<value>.*))?$"""
)
"""A line holding `key: value` (maybe in a list item, `- key: value`)."""
_WORD = re.compile(r"-?[ ]*[A-Za-z_][A-Za-z0-9_-]*")
"""What a key usually is: a word, not a phrase (`heading`, `- text`)."""
_OPENS_QUOTE = re.compile(r"""(?:^[ ]*(?:-[ ]+)*|:[ ]+)(?P<quote>["'])""")


@dataclass(frozen=True)
class ShownProblem(Problem):
    """A problem printed with the line it is on, numbered, and a caret under its column."""

    shown: str = ""
    """The line of the file the problem is on, as typed."""

    def __str__(self) -> str:
        number = str(self.location.line)
        before = _width(printable(self.shown[: self.location.column - 1]))
        gutter = " " * len(number)
        return "\n".join(
            [
                super().__str__(),
                f"  {number} | {printable(self.shown)}",
                f"  {gutter} | {' ' * before}^",
            ]
        )


def _width(text: str) -> int:
    """Columns `text` takes on a terminal: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


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
    for explained in (_tab, _open_quote, _colon_in_text, _indentation):
        found = explained(lines, line, column, problem, context)
        if found is not None:
            where, message = found
            return ShownProblem(Location(file, *where), "", message, shown=lines[where[0] - 1])
    return None


_Found = tuple[tuple[int, int], str] | None


def _tab(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            text = lines[number - 1]
            lead = text[: len(text) - len(text.lstrip(" \t"))]
            if "\t" in lead and text.strip():
                return (number, lead.index("\t") + 1), (
                    "a tab indents this line; YAML indents with spaces only: replace the tab "
                    "with spaces, as many as the lines beside it use"
                )
    return None


def _open_quote(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    """A quote opened and never closed on its line, before the error: the text it opens runs
    on into the next keys, or to the end of the file."""
    if "quoted scalar" not in context and "end of stream" not in problem:
        first = _first_open_quote(lines[: line - 1])
        if first is None or not any(
            _KEY_LINE.fullmatch(text) and _indent(text) <= _indent(lines[first[0] - 1])
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
            if after.strip() and _indent(after) <= _indent(text):
                break
            following.append(after)
        rest = "\n".join([text[match.end() :], *following])
        rest = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in rest:
            return number, match.end()
    return None


def _key_above(lines: list[str], line: int) -> tuple[int, re.Match[str]] | None:
    """The nearest line above `line` that holds a key, and its match of `_KEY_LINE`."""
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        match = _KEY_LINE.fullmatch(above)
        if match and not above.lstrip().startswith("#"):
            return number, match
    return None


def _colon_in_text(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    if "mapping values are not allowed" not in problem or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = _KEY_LINE.fullmatch(text)
    if match is not None and match.group("value") and column > match.start("value"):
        fixed = text[: match.start("value")] + _quoted(match.group("value").rstrip())
        return (line, column), (
            "YAML reads ': ' inside a text as the start of a key; put the text in quotes: "
            f"{fixed.strip()}"
        )
    owner = _key_above(lines, line)
    before = text[: column - 1].strip()
    if owner is None or not owner[1].group("value") or _WORD.fullmatch(before):
        return None
    number, above = owner
    return (line, column), (
        "YAML reads ': ' inside a text as the start of a key; put the whole text of "
        f"{above.group('key')!r} (line {number}) in quotes, or write `>-` after its key and the "
        "text on the lines below"
    )


_INDENTATION = (
    "mapping values are not allowed",
    "did not find expected '-' indicator",
    "did not find expected key",
    "expected <block end>",
)


def _indentation(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    if not any(p in problem for p in _INDENTATION) or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if not text.strip():
        return None
    owner = _key_above(lines, line)
    if owner is None:
        return None
    number, match = owner
    expected = match.start("key") + 1
    lead = len(text) - len(text.lstrip(" "))
    found = lead + len(text.lstrip(" ")) - len(text.lstrip(" ").lstrip("- ")) + 1
    if found == expected:
        return None
    mine = _KEY_LINE.fullmatch(text)
    what = repr(mine.group("key")) if mine else "this line"
    return (line, found), (
        f"{what} starts in column {found} and {match.group('key')!r} above it (line {number}) "
        f"in column {expected}: keys of the same mapping start in the same column; start "
        f"{'it' if mine else 'this line'} in column {expected}"
    )
