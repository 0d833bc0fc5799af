"""Turn the spaces that would leave a short word alone on a line into no-break spaces.

A runt is the last line of a paragraph, heading, label or list item holding one short word
("total¹", "Raqqa."). `bind` joins the last two words of each paragraph of a text with a
no-break space (U+00A0) when the pair is short enough to move down together: at most
`PAIR_SHARE` of the narrowest measure the text may be set in (`Measure`), so that a bound pair
can never overflow a column nor leave the line above it much shorter than its neighbours.
Whatever the pair, a number keeps its unit ("10 %", "2 million") and a reference word its
number ("note 2", "p. 3").

Lengths are counted in printed characters: inline markup (`**`, `*`, a link's brackets and
target, a backslash before a character) is not printed, and a citation's superscript is
added after the last word with no space, so it cannot leave it. Right-to-left text is bound
in typing order, before the bidirectional algorithm orders it; ReportLab never breaks a line
at U+00A0 and draws it with the font's space (code 32 of the subset), so copying text from the
PDF gives ordinary spaces.

A paragraph whose last word already holds a no-break space (typed by the author, or the
guillemets of a one-word French quotation) is left as it is, which makes `bind` idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

NBSP = "\u00a0"
PAIR_SHARE = 0.5
"""The widest pair bound at a paragraph's end, as a share of the measure."""
LONGEST_RUNT = 10
"""A last word longer than this (in characters) fills enough of a line not to be a runt."""


class Measure(Enum):
    """The narrowest measure a field may be set in, in characters: measured (lower-case Noto
    Sans) on A4 and Letter at full type size, in the narrowest column the layouts give it."""

    TEXT = 34
    """Running text, headings, list items and notes: the one-page side column."""
    QUOTE = 25
    """A pull quote's words, in large type."""
    FIGURE = 22
    """A key figure's label, qualifier and value: a band of four figures across the page."""

    @property
    def longest_pair(self) -> int:
        return int(self.value * PAIR_SHARE)


_UNITS = (
    r"%|‰|°C?|km²?|m²?|cm|mm|kg|ha|t|h|min|[kKmM]?[Ww]h?|"
    r"percent|per\s+cent|pour\s+cent|por\s+ciento|"
    r"thousand|millions?|billions?|trillions?|milliards?|mille|mil|millones|millón|"
    r"US\$|\$|€|£|USD|EUR|GBP|"
    r"مليون|ملايين|مليار|مليارات|بالمئة|بالمائة|في\s+المئة"
)
_REFERENCES = (
    r"notes?|p\.|pp\.|pages?|fig\.|figures?|tables?|tableaux?|no\.|n°|nº|art\.|articles?|"
    r"chapters?|chap\.|chapitres?|sections?|§|annex|annexes?|paragraphs?|para\.|vol\.|"
    r"resolutions?|résolutions?"
)
_NUMBER = r"\d(?:[\d.,\u202f\u00a0]*\d)?"
_SPACE = r"(?:[ \t]+\n?|\n)[ \t]*"
"""White space within a paragraph: at most one line break."""
_ALWAYS = re.compile(
    rf"(?<![\w.,])(?P<number>{_NUMBER}){_SPACE}(?=(?:{_UNITS})(?![\w%]))"
    rf"|(?<!\w)(?P<reference>{_REFERENCES}){_SPACE}(?={_NUMBER}(?!\d))",
    re.IGNORECASE,
)
"""A space between a number and its unit, or between a reference word and its number."""
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")
_LINK = re.compile(r"\[((?:\\.|[^\]\\\n])+)\]\([^()\s]+\)")
_ESCAPE = re.compile(r"\\[\\*\[\]()]")


def bind(text: str, *, measure: Measure | int = Measure.TEXT) -> str:
    """`text` with its number-unit and reference-number pairs bound, and the last two words
    of each of its paragraphs (they are separated by blank lines) bound when short enough
    for `measure`: a field's narrowest measure, or the characters a known column holds."""
    text = _ALWAYS.sub(lambda m: (m.group("number") or m.group("reference")) + NBSP, text)
    pieces = _PARAGRAPH_BREAK.split(text)
    longest = measure.longest_pair if isinstance(measure, Measure) else int(measure * PAIR_SHARE)
    pieces[::2] = [_bind_end(p, longest) for p in pieces[::2]]
    return "".join(pieces)


@dataclass(frozen=True)
class _Word:
    start: int
    """Where the word starts in the text; the white space before it ends here."""
    space: int
    """Where the white space before it starts."""
    printed: int
    """How many characters of it are printed."""


def _bind_end(paragraph: str, longest_pair: int) -> str:
    """`paragraph` with the white space before its last word a no-break space, when the last
    two words together print at most `longest_pair` characters."""
    shown = _printed(paragraph)
    words = _last_words(paragraph, shown, count=2)
    if len(words) < 2:
        return paragraph
    before, last = words
    end = len(paragraph.rstrip())
    if NBSP in paragraph[last.start : end] or last.printed > LONGEST_RUNT:
        return paragraph
    if before.printed + 1 + last.printed > longest_pair:
        return paragraph
    return paragraph[: last.space] + NBSP + paragraph[last.start :]


def _last_words(text: str, shown: list[bool], *, count: int) -> list[_Word]:
    """The last `count` words of `text` (fewer if it has fewer), first to last. Words are
    separated by white space that is printed (not inside a link's target) and breakable (not
    a no-break space)."""
    words: list[_Word] = []
    end = len(text.rstrip())
    i = end
    while i > 0 and len(words) < count:
        start = i
        while start > 0 and not _breakable(text, shown, start - 1):
            start -= 1
        space = start
        while space > 0 and _breakable(text, shown, space - 1):
            space -= 1
        printed = sum(shown[start:i])
        if printed:
            words.append(_Word(start=start, space=space, printed=printed))
        i = space
    return words[::-1]


def _breakable(text: str, shown: list[bool], i: int) -> bool:
    return text[i].isspace() and text[i] != NBSP and shown[i]


def _printed(text: str) -> list[bool]:
    """For each character of `text`, whether it prints: markup of links, emphasis and escapes
    does not."""
    shown = [c != "*" for c in text]
    for match in _LINK.finditer(text):
        label_start, label_end = match.span(1)
        for i in range(match.start(), match.end()):
            shown[i] = label_start <= i < label_end and shown[i]
    for match in _ESCAPE.finditer(text):
        shown[match.start()] = False
        shown[match.start() + 1] = True
    return shown


def unbind(text: str) -> str:
    """`text` with its no-break spaces as ordinary spaces: for text never broken into lines
    (the PDF's title, author and subject, its bookmarks), which a reader searches by typing
    spaces."""
    return text.replace(NBSP, " ")
