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
    for explained in (
        _tab,
        _odd_space,
        _open_quote,
        _closed_early,
        _indicator_start,
        _colon_in_text,
        _unkeyed_line,
        _indentation,
    ):
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


_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _odd_space(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    """A non-breaking (or other Unicode) space in the indentation: it looks like a space, and
    YAML reads it as text."""
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            text = lines[number - 1]
            lead = text[: len(text) - len(_ODD_SPACES.sub(" ", text).lstrip(" \t"))]
            found = _ODD_SPACES.search(lead)
            if found is not None and text.strip():
                name = unicodedata.name(found.group(), "space").lower()
                return (number, found.start() + 1), (
                    f"a {name} (U+{ord(found.group()):04X}) indents this line; YAML indents "
                    "with plain spaces only: replace it with a space"
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


def _closed_early(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
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


def _indicator_start(
    lines: list[str], line: int, column: int, problem: str, context: str
) -> _Found:
    """A text that starts with a character YAML reads as syntax (`[Draft] ...`, `*New*
    figures`, `@handle`) when it is not in quotes."""
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = _KEY_LINE.fullmatch(text)
    value = (match.group("value") or "").rstrip() if match else ""
    if match is None or value[:1] not in _INDICATORS or column <= match.start("value"):
        return None
    if value[0] in _CLOSES and _COMMENT.sub("", value).rstrip().endswith(_CLOSES[value[0]]):
        return None
    return (line, match.start("value") + 1), (
        f"{_INDICATORS[value[0]]}; put the text in quotes{_as_fix(_requoted(text, match))}"
    )


def _colon_in_text(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    if "mapping values are not allowed" not in problem or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    match = _KEY_LINE.fullmatch(text)
    if match is not None and match.group("value") and column > match.start("value"):
        return (line, column), (
            "YAML reads ': ' inside a text as the start of a key; put the text in quotes"
            f"{_as_fix(_requoted(text, match))}"
        )
    owner = _key_above(lines, line)
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


def _a_key(lines: list[str], line: int, word: str, match: re.Match[str] | None) -> bool:
    """Whether `word:` on `line` is more likely a key set too deep than words of a text that
    runs on: the file uses it as a key elsewhere, or nothing follows it but a value's start."""
    from ..schema import key_names

    value = (match.group("value") or "").strip() if match else ""
    if not value or value[0] in ">|[{\"'" or word in key_names():
        return True
    return any(
        (other := _KEY_LINE.fullmatch(text)) is not None and other.group("key") == word
        for number, text in enumerate(lines, 1)
        if number != line
    )


def _unkeyed_line(lines: list[str], line: int, column: int, problem: str, context: str) -> _Found:
    """A line with no `key:` where YAML needs one: a list item without its `-`, or the text of
    a `>-` or `|` key not indented under it."""
    if "could not find expected ':'" not in problem:
        return None
    number = _content_above(lines, line)
    if number is None or _KEY_LINE.fullmatch(lines[number - 1]) or _is_item(lines[number - 1]):
        return None
    text = lines[number - 1]
    above = _content_above(lines, number)
    if above is None:
        return None
    previous = lines[above - 1]
    if _is_item(previous) and _indent(previous) == _indent(text):
        return (number, _indent(text) + 1), (
            f"this line has no '-' but stands in the list above (line {above}): start it with "
            "'- ' as the other items, or, if it continues the text above, indent it further"
        )
    key = _KEY_LINE.fullmatch(previous)
    value = (key.group("value") or "").strip() if key else ""
    if key is not None and value[:1] in (">", "|") and _indent(text) <= _indent(previous):
        expected = key.start("key") + 3
        return (number, _indent(text) + 1), (
            f"the text of {key.group('key')!r} (line {above}, after {value!r}) must be indented "
            f"further than its key: start its lines in column {expected}"
        )
    return None


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
    sibling = _item_above(lines, line) if _is_item(text) else None
    if sibling is not None:
        found, expected = _indent(text) + 1, _indent(lines[sibling - 1]) + 1
        if found == expected:
            return None
        return (line, found), (
            f"this list item's '-' is in column {found} and the one above it (line {sibling}) "
            f"in column {expected}: items of the same list start in the same column; start it "
            f"in column {expected}"
        )
    above = _content_above(lines, line)
    owner = _KEY_LINE.fullmatch(lines[above - 1]) if above is not None else None
    if (
        above is not None
        and owner is not None
        and _is_item(text)
        and _indent(text) > _indent(lines[above - 1])
        and (owner.group("value") or "")[:1] not in "#>|"
    ):
        return (line, _indent(text) + 1), (
            f"this list item follows {owner.group('key')!r} (line {above}), which already has "
            "its value on its line: move the item to the list it belongs to, or write that "
            f"value as items under {owner.group('key')!r}"
        )
    mine = _KEY_LINE.fullmatch(text)
    what = repr(mine.group("key")) if mine else "this line"
    found = _indent(text) + len(text.lstrip(" ")) - len(text.lstrip(" ").lstrip("- ")) + 1
    keys = _open_keys(lines, line)
    if not keys or found in (column for _, column, _ in keys):
        return None
    deeper = [key for key in keys if key[1] > found]
    shallower = [key for key in keys if key[1] < found]
    near = deeper[-1:] + shallower[:1]
    if len(near) == 2 and abs(near[0][1] - found) != abs(near[1][1] - found):
        near = [min(near, key=lambda key: abs(key[1] - found))]
    if len(near) == 1:
        number, expected, key = near[0]
        return (line, found), (
            f"{what} starts in column {found} and {key!r} above it (line {number}) in column "
            f"{expected}: keys of the same mapping start in the same column; start "
            f"{'it' if mine else 'this line'} in column {expected}"
        )
    (one, first, key), (two, second, other) = near
    return (line, found), (
        f"{what} starts in column {found}, between {key!r} (line {one}, column {first}) and "
        f"{other!r} (line {two}, column {second}): keys of the same mapping start in the same "
        f"column; start {'it' if mine else 'this line'} in column {first} or {second}, as the "
        "mapping it belongs to"
    )


def _content_above(lines: list[str], line: int) -> int | None:
    """The nearest line above `line` that holds more than blanks and a comment."""
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _item_above(lines: list[str], line: int) -> int | None:
    """The list item above the item on `line` that it stands beside: the first item reached
    over lines indented deeper than that item; None when a key at or left of `line`'s
    indentation comes first."""
    floor: int | None = None
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = _indent(text)
        if _is_item(text) and (floor is None or indent < floor):
            return number
        if not _is_item(text) and indent <= _indent(lines[line - 1]):
            return None
        floor = indent if floor is None else min(floor, indent)
    return None


def _is_item(text: str) -> bool:
    stripped = text.lstrip(" ")
    return stripped == "-" or stripped.startswith("- ")


def _open_keys(lines: list[str], line: int) -> list[tuple[int, int, str]]:
    """The keys whose mappings are still open at `line`, nearest first: each key line above
    that starts left of every one after it, as (line, column of the key, key)."""
    keys: list[tuple[int, int, str]] = []
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        match = _KEY_LINE.fullmatch(above)
        if match is None or above.lstrip().startswith("#"):
            continue
        start = match.start("key") + 1
        if not keys or start < keys[-1][1]:
            keys.append((number, start, match.group("key")))
        if start == 1:
            break
    return keys
