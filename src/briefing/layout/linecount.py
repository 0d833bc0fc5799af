"""Turn a paragraph and a width into the number of lines ReportLab breaks it into, from its
words' widths measured once, without breaking it.

Searching for the narrowest column that sets a label in so many lines asks the same paragraph
for its line count at many widths; a wrap at each builds every line's fragments. `measure`
takes the words ReportLab itself makes of the paragraph (`_getFragWords`, or its `split` for a
paragraph of one fragment) with their widths, once; `count` then replays ReportLab 5.1's
greedy line breaking (`Paragraph.breakLines`) step by step with the same arithmetic, keeping
of each line only the text and font of its fragments (a line may run past its width by a share,
`spaceShrinkage`, of its spaces, summed in the order of its fragments), so that it counts the
same lines at every width. A word wider than its line is cut by ReportLab's own
`_splitFragWord`. Whatever the replay does not cover gives None, and the caller wraps: a style
that hyphenates, shapes, orders bidirectional words itself (`wordWrap`) or sets end dots; a
bullet; images, anchors, line breaks and soft hyphens; a word too long for its line in a
paragraph of one fragment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import (
    _FK_BREAK,
    _FK_TEXT,
    _FUZZ,
    _getFragWords,
    _HSFrag,
    _InjectedFrag,
    _processed_frags,
    _shy,
    _SplitFrag,
    _SplitFragH,
    _splitFragWord,
    sameFrag,
    split,
    strip,
)


@dataclass(frozen=True)
class Measured:
    """A paragraph's words as ReportLab breaks them into lines, and the style's measures."""

    words: tuple[Any, ...]
    """ReportLab's words: of several fragments, its frag words (never altered); of one, the
    width of each word."""
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
    indents = (style.leftIndent, style.firstLineIndent, style.rightIndent)
    shrink, split_long = style.spaceShrinkage, bool(style.splitLongWords)
    first = frags[0]
    if len(frags) == 1 and not (hasattr(first, "cbDefn") or hasattr(first, "backColor")):
        text = strip(first.text) if hasattr(first, "text") else None
        if text is None or _shy in text:
            return None
        font, size, encoding = first.fontName, first.fontSize, paragraph.encoding
        return Measured(
            words=tuple(
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
        words=tuple(words),
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
    line: list[list[Any]] = []
    """The line's fragments so far: [fragment, text]."""
    line_width = widths[0]
    pending = list(reversed(measured.words))
    while pending:
        w = pending.pop()
        last, f = w[-1][0], w[1][0]
        if not line:
            n, space, current = 0, 0, 0
        word = w[0]
        new = current + space + word if word > 0 else current
        breaks = f._fkind == _FK_BREAK
        limit = line_width
        if measured.shrink:
            shrink = space
            for frag, text in line:
                spaces = text.count(" ")
                if spaces:
                    shrink += spaces * stringWidth(" ", frag.fontName, frag.fontSize)
            limit += shrink * measured.shrink
        if not breaks and new > limit and not isinstance(w, _SplitFragH):
            if measured.split_long and not isinstance(w, _SplitFrag):
                if word > widths[min(lineno, 1)]:
                    cut = _splitFragWord(w, line_width - space - current, widths, lineno)
                    broken = _InjectedFrag([0, (f.clone(_fkind=_FK_BREAK, text=""), "")])
                    pending.extend(reversed([cut[0], broken, *cut[1:]]))
                    continue
        if not ((new > limit and n > 0) or breaks):
            n += _joined(line, w, space)
            space = stringWidth(" ", last.fontName, f.fontSize) if isinstance(w, _HSFrag) else 0
            current = new
            continue
        lines += 1
        lineno += 1
        line_width = widths[min(lineno, 1)]
        if breaks:
            line = []
            continue
        space = stringWidth(" ", last.fontName, last.fontSize) if isinstance(w, _HSFrag) else 0
        current, n = word, 1
        line = [[frag, text] for frag, text in w[1:]]
    return lines + 1 if line else lines


def _joined(line: list[list[Any]], w: Any, space: float) -> int:
    """Add word `w` to `line` after a space `space` wide (none if 0) as ReportLab does; 1 if
    it prints anything (a line breaks only after such a word), else 0."""
    f, text = w[1]
    if not line:
        line.append([f, text])
    elif not sameFrag(line[-1][0], f):
        if space and not line[-1][1].endswith(" "):
            line[-1][1] += " "
        line.append([f, text])
    elif space and not line[-1][1].endswith(" "):
        line[-1][1] += " " + text
    else:
        line[-1][1] += text
    line.extend([frag, piece] for frag, piece in w[2:])
    return 1 if text or any(piece for _, piece in w[2:]) else 0


def _count_single(measured: Measured, widths: list[float]) -> int | None:
    lines = lineno = on_line = 0
    line_width = widths[0]
    space = measured.space
    per_word = measured.shrink * space
    current = -space
    for word in measured.words:
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
