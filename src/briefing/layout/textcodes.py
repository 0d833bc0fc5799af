"""Turn the text a TrueType font draws into the codes of its subset, and a subset's codes back
into text (its ToUnicode map), quicker, byte for byte as ReportLab does.

ReportLab draws each fragment of each line through `TTFont.splitString`, which maps the text a
character at a time, in Python, to the codes the document's subsets give its characters
(~110 fragments, ~3,000 characters a Raqqa one-page brief). Once a document has given every
character of a fragment a code in its first subset, which is what almost every fragment after
a document's first lines is, the fragment's codes are one `str.translate` away: `install`
puts in its place a `splitString` that does that, and hands any other fragment (a character
not yet given a code, one past the first subset, one the font lacks, shaped or non-`str`
text) to ReportLab's own, which gives the codes and keeps them as before.

The table is kept with the document's subset state (ReportLab's `TTFont.State`, one per font
and document, gone with the document), as large as the codes the state has given (at most the
256 of one subset), and brought up to date whenever the state gave codes since: ReportLab only
ever adds codes to a state, never changes one.

Each subset's ToUnicode map (`ttfonts.makeToUnicodeCMap`, ~0.05 ms a subset, five a brief) is
a function of the subset's name and characters alone: `install` puts in its place one that
keeps the maps it wrote (`MAX_MAPS` of them, at most `MAX_MAP_CHARACTERS` characters in all),
keyed on both.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ..bounded import Bounded

_NBSP, _SPACE = 0xA0, 0x20
"""ReportLab draws a no-break space with the code of a space."""
_ATTRIBUTE = "_briefing_codes"

_reportlabs = TTFont.splitString
_reportlabs_map = ttfonts.makeToUnicodeCMap

MAX_MAPS = 256
MAX_MAP_CHARACTERS = 4 * 1024 * 1024
"""The bounds of the ToUnicode maps kept: a map is ~4,000 characters (five a brief, a few
dozen for a batch with several templates and languages)."""
_MAPS: Bounded[str] = Bounded(entries=MAX_MAPS, size=MAX_MAP_CHARACTERS)


class _Codes:
    """The first subset's codes of one font's state in one document, as a translation table,
    and the characters it holds."""

    __slots__ = ("table", "known", "seen")

    def __init__(self) -> None:
        self.table: dict[int, int] = {}
        self.known: set[str] = set()
        self.seen = 0
        """How many of the state's codes the table has taken in (codes are only added)."""

    def update(self, assignments: dict[int, int]) -> None:
        for character, code in islice(assignments.items(), self.seen, None):
            if code < 256 and character != _NBSP:
                self.table[character] = code
                self.known.add(chr(character))
        self.seen = len(assignments)
        space = assignments.get(_SPACE)
        if space is not None and space < 256:
            self.table[_NBSP] = space
            self.known.add(chr(_NBSP))


def split_string(
    font: TTFont, text: str | bytes, doc: Any, encoding: str = "utf-8"
) -> list[tuple[int, bytes]]:
    """What `TTFont.splitString` gives: `text` as runs of codes, each of one subset."""
    if type(text) is str and text:
        state = font.state.get(doc)
        if state is not None:
            codes: _Codes | None = getattr(state, _ATTRIBUTE, None)
            if codes is None:
                codes = _Codes()
                setattr(state, _ATTRIBUTE, codes)
            if codes.seen != len(state.assignments):
                codes.update(state.assignments)
            if codes.known.issuperset(text):
                return [(0, text.translate(codes.table).encode("latin-1"))]
    split: list[tuple[int, bytes]] = _reportlabs(font, text, doc, encoding)
    return split


def to_unicode_map(fontname: str, subset: list[int]) -> str:
    """What `ttfonts.makeToUnicodeCMap` gives: the ToUnicode map of the subset named
    `fontname` whose codes stand for the characters `subset`."""
    key = (fontname, tuple(subset))
    known = _MAPS.get(key)
    if known is None:
        known = _reportlabs_map(fontname, subset)
        _MAPS.put(key, known, size=len(known))
    return known


def install() -> None:
    """Put `split_string` in the place of ReportLab's `TTFont.splitString`, and
    `to_unicode_map` in the place of its `makeToUnicodeCMap`."""
    if TTFont.splitString is _reportlabs:
        TTFont.splitString = split_string
    if ttfonts.makeToUnicodeCMap is _reportlabs_map:
        ttfonts.makeToUnicodeCMap = to_unicode_map
