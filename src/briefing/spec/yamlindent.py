"""Turn a YAML error about where a line starts into a message that says where it should start.

A line indented unlike its neighbours, a key set between two levels, a list item out of line
with the others or without its `-`, the text of a `>-` key not indented under it, a tab or a
non-breaking space as indentation. Each hint takes the file's lines, the 1-based line and
column of YAML's error and its message, and gives the place to show and what to say, or None.
"""

from __future__ import annotations

import re
import unicodedata

KEY_LINE = re.compile(
    r"""(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>"[^"]*"|'[^']*'|[^\s#'"\-{\[][^:#]*?|-[^\s:#][^:#]*?)"""
    r""":(?:[ \t]+(?P<value>.*))?$"""
)
"""A line holding `key: value` (maybe in a list item, `- key: value`)."""


def indent(line: str) -> int:
    """Spaces before the first other character of `line`."""
    return len(line) - len(line.lstrip(" "))


Found = tuple[tuple[int, int], str] | None
"""What a hint gives: the (line, column) to show, and the message."""


def tab(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    """A tab in the indentation of the line of the error or the one before it."""
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


def odd_space(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
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


def key_above(lines: list[str], line: int) -> tuple[int, re.Match[str]] | None:
    """The nearest line above `line` that holds a key, and its match of `KEY_LINE`."""
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        match = KEY_LINE.fullmatch(above)
        if match and not above.lstrip().startswith("#"):
            return number, match
    return None


def unkeyed_line(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    """A line with no `key:` where YAML needs one: a list item without its `-`, or the text of
    a `>-` or `|` key not indented under it."""
    if "could not find expected ':'" not in problem:
        return None
    number = _content_above(lines, line)
    if number is None or KEY_LINE.fullmatch(lines[number - 1]) or _is_item(lines[number - 1]):
        return None
    text = lines[number - 1]
    above = _content_above(lines, number)
    if above is None:
        return None
    previous = lines[above - 1]
    if _is_item(previous) and indent(previous) == indent(text):
        return (number, indent(text) + 1), (
            f"this line has no '-' but stands in the list above (line {above}): start it with "
            "'- ' as the other items, or, if it continues the text above, indent it further"
        )
    key = KEY_LINE.fullmatch(previous)
    value = (key.group("value") or "").strip() if key else ""
    if key is not None and value[:1] in (">", "|") and indent(text) <= indent(previous):
        expected = key.start("key") + 3
        return (number, indent(text) + 1), (
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


def indentation(lines: list[str], line: int, column: int, problem: str, context: str) -> Found:
    if not any(p in problem for p in _INDENTATION) or not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if not text.strip():
        return None
    sibling = _item_above(lines, line) if _is_item(text) else None
    if sibling is not None:
        found, expected = indent(text) + 1, indent(lines[sibling - 1]) + 1
        if found == expected:
            return None
        return (line, found), (
            f"this list item's '-' is in column {found} and the one above it (line {sibling}) "
            f"in column {expected}: items of the same list start in the same column; start it "
            f"in column {expected}"
        )
    above = _content_above(lines, line)
    owner = KEY_LINE.fullmatch(lines[above - 1]) if above is not None else None
    if (
        above is not None
        and owner is not None
        and _is_item(text)
        and indent(text) > indent(lines[above - 1])
        and (owner.group("value") or "")[:1] not in "#>|"
    ):
        return (line, indent(text) + 1), (
            f"this list item follows {owner.group('key')!r} (line {above}), which already has "
            "its value on its line: move the item to the list it belongs to, or write that "
            f"value as items under {owner.group('key')!r}"
        )
    mine = KEY_LINE.fullmatch(text)
    what = repr(mine.group("key")) if mine else "this line"
    found = indent(text) + len(text.lstrip(" ")) - len(text.lstrip(" ").lstrip("- ")) + 1
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
        depth = indent(text)
        if _is_item(text) and (floor is None or depth < floor):
            return number
        if not _is_item(text) and depth <= indent(lines[line - 1]):
            return None
        floor = depth if floor is None else min(floor, depth)
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
        match = KEY_LINE.fullmatch(above)
        if match is None or above.lstrip().startswith("#"):
            continue
        start = match.start("key") + 1
        if not keys or start < keys[-1][1]:
            keys.append((number, start, match.group("key")))
        if start == 1:
            break
    return keys
