"""Turn the lines of a paragraph drawn in another order than typed (Arabic: joined, reordered)
into the text a reader is given for each: the line as it was typed, carried by a `Span`
structure element with `/ActualText`, one per drawn line.

The `/ActualText` sits on the structure element, not in the content stream: poppler and
pdfium spread a marked-content `/ActualText` over its glyphs left to right in typing order,
then reorder the line as right-to-left text, so copying read every line backwards. They read
the glyphs themselves in the right order (see `design/bidi.py`), and a screen reader reads the
structure tree, where each line is a `Span` holding that line's marked content.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.textobject import PDFTextObject

from ..design import bidi

if TYPE_CHECKING:
    from .tagging import Recorder

_READ = str.maketrans({"\u00a0": " ", "\u061c": None})
"""What briefing adds to typed text for drawing alone: no-break spaces binding words (read as
spaces) and the Arabic letter mark keeping a citation number in place (not read)."""
_DROPPED = frozenset({"Mn", "Cf"})
"""Categories of typed characters that joining may leave out (vowel marks, joiners)."""


def _match(char: str, text: str, at: int) -> int | None:
    """Where the typed letters that the joined `char` stands for end, when they start at `at`
    in `text`: `char` itself, or the letters of a joined form (a lam-alef ligature is two,
    perhaps with a vowel mark between them); None when they do not start there."""
    if text.startswith(char, at):
        return at + 1
    letters = _unjoined(char)
    if letters == char:
        return None
    i = at
    for letter in letters:
        while i > at and i < len(text) and text[i] != letter and _dropped(text[i]):
            i += 1
        if i >= len(text) or text[i] != letter:
            return None
        i += 1
    return i


def _unjoined(char: str) -> str:
    if 0xFB50 <= ord(char) <= 0xFDFF or 0xFE70 <= ord(char) <= 0xFEFF:
        return unicodedata.normalize("NFKC", char)
    return char


def _dropped(char: str) -> bool:
    return unicodedata.category(char) in _DROPPED


@lru_cache(maxsize=256)
def _alignment(typed: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """The joined text of the fragments `typed`, and for each of its characters the stretch of
    the typed text it was made from (a vowel mark joining dropped goes with the letter before
    it, or after it at the start); None when joining did something this cannot follow."""
    joined: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for text in typed:
        shaped = bidi.reshape(text)
        i = 0
        for k, char in enumerate(shaped):
            begin = i
            while (end := _match(char, text, i)) is None:
                if i >= len(text) or not _dropped(text[i]):
                    return None
                i += 1
            if k and begin < i:  # marks dropped after a letter: that letter's
                spans[-1] = (spans[-1][0], offset + i)
                begin = i
            spans.append((offset + begin, offset + end))
            i = end
        if not all(_dropped(c) for c in text[i:]):
            return None
        if shaped and i < len(text):
            spans[-1] = (spans[-1][0], offset + len(text))
        joined.append(shaped)
        offset += len(text)
    return "".join(joined), tuple(spans)


def line_pieces(blPara: Any) -> list[list[str]]:
    """The texts each line of a broken paragraph draws, in typing order: its words, or the
    texts of its fragments."""
    pieces: list[list[str]] = []
    for line in blPara.lines:
        if isinstance(line, tuple):
            words = [str(word) for word in line[1]]
            pieces.append([f"{word} " for word in words[:-1]] + words[-1:])
        else:
            pieces.append([f.text for f in line.words if not hasattr(f, "cbDefn")])
    return pieces


def typed_lines(
    typed: tuple[str, ...], lines: list[list[str]], *, start: int = 0
) -> tuple[list[str] | None, int]:
    """The typed text of each line (`lines`, from `line_pieces`) of a paragraph typed as the
    fragments `typed`, its text from `start` on; and where in its joined text the last line
    ends. Where joining cannot be followed back, each line's letters unjoined, vowel marks
    left out; where a line cannot be found in the text typed, None (and `start`)."""
    found = _alignment(typed)
    if found is None:  # the letters drawn, unjoined: all but the vowel marks
        unjoined = ["".join(map(_unjoined, "".join(p).strip())) for p in lines]
        return [line.translate(_READ) for line in unjoined], start
    joined, spans = found
    text = "".join(typed)
    result: list[str] = []
    cursor = start
    for pieces in lines:
        first = last = None
        for piece in (p.strip() for p in pieces):
            at = joined.find(piece, cursor) if piece else -1
            if at < 0:
                if piece:
                    return None, start
                continue
            first = at if first is None else first
            cursor = last = at + len(piece)
        if first is None or last is None:
            result.append("")
            continue
        result.append(text[spans[first][0] : spans[last - 1][1]].translate(_READ))
    return result, cursor


class LineSpans(PDFTextObject):
    """A paragraph's text object that draws each line in a marked-content sequence of its
    own, a `Span` of the paragraph's element whose `/ActualText` is the line as typed. The
    paragraph's own sequence closes before the text and an artifact follows it."""

    def __init__(
        self, canvas: Any, x: float, y: float, *, typed: list[str], recorder: Recorder
    ) -> None:
        super().__init__(canvas, x, y)
        self._typed = list(reversed(typed))
        self._recorder = recorder
        self._open = False
        self._next_line()

    def _next_line(self) -> None:
        if self._typed:
            self._code.append(self._recorder.span(self._canvas, self._typed.pop()))
            self._open = True

    def _textOut(self, text: str, TStar: int = 0) -> None:
        super()._textOut(text, TStar)
        if TStar and self._open:
            self._code.append("EMC")
            self._open = False
            self._next_line()

    def getCode(self) -> str:
        if self._open:
            self._code.append("EMC")
            self._open = False
        return f"EMC {super().getCode()} /Artifact BMC"
