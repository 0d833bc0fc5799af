"""Turn a paragraph and a width into the number of lines ReportLab breaks it into, from its
words' widths measured once, without breaking it.

Searching for the narrowest column that sets a label in so many lines asks the same paragraph
for its line count at many widths; a wrap at each builds every line's fragments. `measure`
takes the words ReportLab itself makes of the paragraph (`_getFragWords`, or its `split` for a
paragraph of one fragment) with their widths, once; `count` then replays ReportLab 5.1's
greedy line breaking (`Paragraph.breakLines`) with the same arithmetic, so that it counts the
same lines at every width. Whatever that replay does not cover gives None, and the caller
wraps: a style that hyphenates, shapes, orders bidirectional words itself (`wordWrap`) or sets
end dots; a bullet; images, anchors, line breaks, soft hyphens and empty fragments; and, at a
given width, a word wider than its line when ReportLab would split it (`splitLongWords`).

A line may run past its width by a share (`spaceShrinkage`) of its spaces, each as wide as
the space of the fragment it ends (ReportLab adds them in the order of the line's fragments:
`count` sums them in that order, so that the floats are the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    _FK_TEXT,
    _FUZZ,
    _getFragWords,
    _HSFrag,
    _processed_frags,
    _shy,
    sameFrag,
    split,
    strip,
)


@dataclass(frozen=True)
class Measured:
    """A paragraph's words as ReportLab breaks them into lines, and the style's measures."""

    widths: tuple[float, ...]
    joined: tuple[float, ...]
    """The space after each word when it joins a line after another word."""
    leading: tuple[float, ...]
    """The space after each word when it starts a line."""
    runs: tuple[tuple[float, ...], ...]
    """The width of a space in each of a word's fragments (one for each of its pieces)."""
    same: tuple[bool, ...]
    """Whether each word's first piece continues the fragment of the word before it."""
    single: bool
    """One fragment: ReportLab's simpler breaking, one space width throughout (`joined`)."""
    indents: tuple[float, float, float]
    """The style's left, first-line and right indents."""
    shrink: float
    """The style's `spaceShrinkage`."""
    split_long: bool


def measure(paragraph: Any) -> Measured | None:
    """`paragraph`'s words and their widths; None when `count` would not replay its breaking.
    Measuring changes nothing a later wrap of `paragraph` reads."""
    style = paragraph.style
    if (
        getattr(paragraph, "bulletText", None)
        or getattr(style, "hyphenationLang", "")
        or style.uriWasteReduce
        or style.embeddedHyphenation
        or style.wordWrap
        or style.shaping
        or style.endDots
    ):
        return None
    frags = paragraph.frags
    if not frags or _processed_frags(frags):
        return None
    shape = (
        (style.leftIndent, style.firstLineIndent, style.rightIndent),
        style.spaceShrinkage,
        bool(style.splitLongWords),
    )
    first = frags[0]
    if len(frags) == 1 and not (hasattr(first, "cbDefn") or hasattr(first, "backColor")):
        return _single(first, paragraph.encoding, shape)
    if any(hasattr(f, "cbDefn") or hasattr(f, "lineBreak") for f in frags):
        return None
    words = _getFragWords([f.clone() for f in frags], None)
    if any(
        type(w) not in (list, _HSFrag) or any(f._fkind != _FK_TEXT or not t for f, t in w[1:])
        for w in words
    ):
        return None
    joined, leading = [], []
    for w in words:
        last = w[-1][0]
        spaced = type(w) is _HSFrag
        joined.append(stringWidth(" ", last.fontName, w[1][0].fontSize) if spaced else 0)
        leading.append(stringWidth(" ", last.fontName, last.fontSize) if spaced else 0)
    return Measured(
        widths=tuple(w[0] for w in words),
        joined=tuple(joined),
        leading=tuple(leading),
        runs=tuple(
            tuple(stringWidth(" ", f.fontName, f.fontSize) for f, _ in w[1:]) for w in words
        ),
        same=(False, *(bool(sameFrag(a[-1][0], b[1][0])) for a, b in pairwise(words))),
        single=False,
        indents=shape[0],
        shrink=shape[1],
        split_long=shape[2],
    )


def _single(
    frag: Any, encoding: str, shape: tuple[tuple[float, float, float], float, bool]
) -> Measured | None:
    text = strip(frag.text) if hasattr(frag, "text") else None
    if text is None:
        return None
    words = split(text) if text else []
    if any(_shy in word for word in words):
        return None
    font, size = frag.fontName, frag.fontSize
    space = stringWidth(" ", font, size, encoding)
    return Measured(
        widths=tuple(stringWidth(word, font, size, encoding) for word in words),
        joined=(space,),
        leading=(space,),
        runs=(),
        same=(),
        single=True,
        indents=shape[0],
        shrink=shape[1],
        split_long=shape[2],
    )


def count(measured: Measured, width: float) -> int | None:
    """How many lines the measured paragraph takes when wrapped `width` wide; None when
    ReportLab would break it otherwise than by whole words (a word split at this width)."""
    if width < _FUZZ:
        return None
    left, first_indent, right = measured.indents
    widths = (width - (left + first_indent) - right, width - left - right)
    if measured.single:
        return _count_single(measured, widths)
    lines = lineno = 0
    n = 0
    space: float = 0
    current: float = 0
    runs: list[list[float]] = []
    """The line's fragments so far: [spaces they end, width of their space]."""
    line_width = widths[0]
    for k, word in enumerate(measured.widths):
        new = current + space + word if word > 0 else current
        limit = line_width
        if measured.shrink:
            shrink = space
            for spaces, space_width in runs:
                if spaces:
                    shrink += spaces * space_width
            limit += shrink * measured.shrink
        if new > limit:
            if measured.split_long and word > widths[min(lineno, 1)]:
                return None
            if n > 0:
                lines += 1
                lineno += 1
                line_width = widths[min(lineno, 1)]
                space, current, n = measured.leading[k], word, 1
                runs = [[0, w] for w in measured.runs[k]]
                continue
        if runs and space:
            runs[-1][0] += 1
        pieces = measured.runs[k] if not (runs and measured.same[k]) else measured.runs[k][1:]
        runs.extend([0, w] for w in pieces)
        n += 1
        space, current = measured.joined[k], new
    return lines + 1 if runs else lines


def _count_single(measured: Measured, widths: tuple[float, float]) -> int | None:
    lines = lineno = on_line = 0
    line_width = widths[0]
    space = measured.joined[0]
    per_word = measured.shrink * space
    current = -space
    for word in measured.widths:
        new = current + space + word
        limit = line_width + per_word * on_line
        if new > limit and measured.split_long and word > widths[min(lineno, 1)]:
            return None
        if new <= limit or not on_line:
            on_line += 1
            current = new
        else:
            lines += 1
            lineno += 1
            line_width = widths[min(lineno, 1)]
            on_line, current = 1, word
    return lines + 1 if on_line else lines
