"""Turn a paragraph and a width into the number of lines ReportLab breaks it into, from its
words' widths measured once, without breaking it.

Searching for the narrowest column that sets a label in so many lines asks the same paragraph
for its line count at many widths; a wrap at each builds every line's fragments. `measure`
takes the words ReportLab itself makes of the paragraph (`_getFragWords`, or its `split` for a
paragraph of one fragment) with their widths, once; `count` then replays ReportLab 5.1's
greedy line breaking (`Paragraph.breakLines`) step by step with the same arithmetic, keeping
of each line only how many spaces end each of its fragments and how wide they are (a line may
run past its width by a share, `spaceShrinkage`, of its spaces, summed in the order of its
fragments), so that it counts the same lines at every width. A word wider than its line is cut
by ReportLab's own `_splitFragWord`. Whatever the replay does not cover gives None, and the
caller wraps: another ReportLab than the one replayed (`REPLAYED`); a style that hyphenates,
shapes, orders bidirectional words itself (`wordWrap`) or sets end dots; a bullet; images,
anchors, line breaks and soft hyphens; a word too long for its line in a paragraph of one
fragment.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from reportlab import Version
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    _FK_TEXT,
    _FUZZ,
    _getFragWords,
    _HSFrag,
    _processed_frags,
    _shy,
    _splitFragWord,
    sameFrag,
    split,
    strip,
)

REPLAYED = Version.startswith("5.1.")
"""Whether this is the ReportLab whose line breaking `count` replays (5.1)."""


class _Word(NamedTuple):
    """A frag word of ReportLab's and what its line breaking reads of it."""

    frag_word: Any
    """As `_getFragWords` or `_splitFragWord` made it (never altered)."""
    width: float
    first: Any
    """The fragment of its first piece."""
    last: Any
    """The fragment of its last piece."""
    text: str
    """The text of its first piece."""
    spaces: tuple[float, ...]
    """The width of a space in the fragment of each of its pieces."""
    joined: float
    """The space after it when it joins a line after another word (0: none)."""
    leading: float
    """The space after it when it starts a line (0: none)."""
    prints: bool
    """Whether any piece has text (a line breaks only after such a word)."""
    same: bool
    """Whether its first piece continues the fragment of the last piece of the word before."""
    breaks: bool
    """A line break ReportLab put after the first piece of a word it cut."""
    whole: bool
    """Never cut: neither a piece of a word ReportLab cut nor one it may not cut."""


@dataclass(frozen=True)
class Measured:
    """A paragraph's words as ReportLab breaks them into lines, and the style's measures."""

    words: tuple[_Word, ...]
    """The words of a paragraph of several fragments."""
    widths: tuple[float, ...]
    """The width of each word of a paragraph of one fragment."""
    space: float
    """The width of a space, in a paragraph of one fragment."""
    single: bool
    """One fragment: ReportLab's simpler breaking, one space width throughout."""
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
        not REPLAYED
        or getattr(paragraph, "bulletText", None)
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
    indents = (style.leftIndent, style.firstLineIndent, style.rightIndent)
    shrink, split_long = style.spaceShrinkage, bool(style.splitLongWords)
    first = frags[0]
    if len(frags) == 1 and not (hasattr(first, "cbDefn") or hasattr(first, "backColor")):
        text = strip(first.text) if hasattr(first, "text") else None
        if text is None or _shy in text:
            return None
        font, size, encoding = first.fontName, first.fontSize, paragraph.encoding
        return Measured(
            words=(),
            widths=tuple(
                stringWidth(w, font, size, encoding) for w in (split(text) if text else ())
            ),
            space=stringWidth(" ", font, size, encoding),
            single=True,
            indents=indents,
            shrink=shrink,
            split_long=split_long,
        )
    if any(hasattr(f, "cbDefn") or hasattr(f, "lineBreak") for f in frags):
        return None
    words = _getFragWords([f.clone() for f in frags], None)
    if any(
        type(w) not in (list, _HSFrag) or any(f._fkind != _FK_TEXT for f, _ in w[1:]) for w in words
    ):
        return None
    return Measured(
        words=_words(words, after=None),
        widths=(),
        space=0,
        single=False,
        indents=indents,
        shrink=shrink,
        split_long=split_long,
    )


def count(measured: Measured, width: float) -> int | None:
    """How many lines the measured paragraph takes when wrapped `width` wide; None when
    ReportLab would break it in a way `count` does not replay."""
    if width < _FUZZ:
        return None
    left, first_indent, right = measured.indents
    widths = [width - (left + first_indent) - right, width - left - right]
    if measured.single:
        return _count_single(measured, widths)
    lines = lineno = n = 0
    space: float = 0
    current: float = 0
    line: list[list[float]] = []
    """The line's fragments so far: [spaces it ends, width of its space]."""
    spaced = False
    """Whether the text of the line's last fragment ends in a space."""
    tail: Any = None
    """The line's last fragment."""
    line_width = widths[0]
    pending = list(reversed(measured.words))
    while pending:
        w = pending.pop()
        if not line:
            n, space, current = 0, 0, 0
        new = current + space + w.width if w.width > 0 else current
        limit = line_width
        if measured.shrink:
            shrink = space
            for spaces, space_width in line:
                if spaces:
                    shrink += spaces * space_width
            limit += shrink * measured.shrink
        if new > limit and w.whole and measured.split_long and w.width > widths[min(lineno, 1)]:
            cut = _splitFragWord(w.frag_word, line_width - space - current, widths, lineno)
            pending.extend(reversed(_words(cut, after=tail if line else None, cut=True)))
            continue
        if not ((new > limit and n > 0) or w.breaks):
            if line and w.same and space and not spaced:
                line[-1][0] += 1
                spaced = not w.text
            elif line and w.same:
                spaced = spaced and not w.text
            else:
                if line and space and not spaced:
                    line[-1][0] += 1
                line.append([0, w.spaces[0]])
                spaced = False
            if len(w.spaces) > 1:
                line.extend([0, s] for s in w.spaces[1:])
                spaced = False
            n += w.prints
            space, current, tail = w.joined, new, w.last
            continue
        lines += 1
        lineno += 1
        line_width = widths[min(lineno, 1)]
        if w.breaks:
            line = []
            continue
        space, current, n, tail = w.leading, w.width, 1, w.last
        line = [[0, s] for s in w.spaces]
        spaced = False
    return lines + 1 if line else lines


def _words(frag_words: list[Any], *, after: Any, cut: bool = False) -> tuple[_Word, ...]:
    """ReportLab's frag words as `count` reads them; `after`: the fragment of the last piece
    on the line before them, if any. Those of a word ReportLab `cut` are its pieces with the
    line break it puts after the first."""
    words = []
    for k, w in enumerate(frag_words):
        first, last = w[1][0], w[-1][0]
        hanging = isinstance(w, _HSFrag)
        same = after is not None and bool(sameFrag(after, first))
        words.append(
            _Word(
                frag_word=w,
                width=w[0],
                first=first,
                last=last,
                text=w[1][1],
                spaces=tuple(_space(f.fontName, f.fontSize) for f, _ in w[1:]),
                joined=_space(last.fontName, first.fontSize) if hanging else 0,
                leading=_space(last.fontName, last.fontSize) if hanging else 0,
                prints=any(text for _, text in w[1:]),
                same=same,
                breaks=False,
                whole=not cut,
            )
        )
        if cut and k == 0:
            words.append(_BREAK._replace(first=first, last=first))
        after = last
    return tuple(words)


_BREAK = _Word(None, 0, None, None, "", (0,), 0, 0, False, False, True, False)
"""The line break ReportLab puts after the first piece of a word it cut."""


@functools.lru_cache(maxsize=256)
def _space(font: str, size: float) -> float:
    """The width of a space of `font` at `size`."""
    return float(stringWidth(" ", font, size))


def _count_single(measured: Measured, widths: list[float]) -> int | None:
    lines = lineno = on_line = 0
    line_width = widths[0]
    space = measured.space
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
