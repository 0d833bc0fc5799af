"""Turn a spec's key figures into flowables: a band of figures side by side across the page, or
a stack of them down a narrow column.

Each figure is its big number as a reader reads it (`nearly 80%`: the qualifier smaller, on the
value's baseline, see `bignumbers.py`) and its label with the citation of its source. A band's
columns are sized from what both need: each at least as wide as its number on one line, and
the width left shared so that the longest label takes as few lines as it can, columns as even
as that allows (equal when they do as well); its type shrinks only when no columns hold every
number. A label's last two words are bound (`runts.bind`) for the width it is set in.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from ..bounded import Bounded
from ..design.direction import grid_table
from ..design.i18n import Catalogue
from ..design.theme import Theme
from ..spec import markup
from ..spec.records import Figure
from ..spec.spec import Spec
from . import bignumbers, linecount
from .blocks import cite
from .charttext import bound
from .memo import style_key, theme_key
from .paragraphs import Para, check_time, para

PRECISION = 1.0
"""How close, in points, a column's width is sized to the least its label needs."""
LABEL_LINES = 3
"""The most lines a key figure's label takes before the numbers are set smaller to give the
labels room."""


def figures_stack(
    spec: Spec, theme: Theme, *, words: Catalogue, width: float | None = None
) -> list[Flowable]:
    """The key figures one under another, for a narrow column; given the column's `width`, the
    numbers are set smaller where one would not fit it on one line."""
    style = theme["figure.value"]
    size = style.fontSize
    if width is not None:
        phrases = [(f.qualifier, f.value) for f in spec.figures]
        size = bignumbers.fitted_size(phrases, font=style.fontName, size=size, room=width)
        values = [f.value for f in spec.figures]
        size = bignumbers.value_size(values, font=style.fontName, size=size, room=width)
    value_style = _sized(style, size)
    story: list[Flowable] = []
    for figure in spec.figures:
        story.append(
            para(bignumbers.number_markup(figure.qualifier, figure.value, size=size), value_style)
        )
        story.append(Spacer(0, 2 * theme.scale))
        room = width if width is not None else 1e6
        story.append(_label(spec, figure, theme, words=words, width=room))
        story.append(Spacer(0, theme.space(8)))
    return story


def figures_band(spec: Spec, theme: Theme, *, width: float, words: Catalogue) -> list[Flowable]:
    """The key figures side by side: big number, label with its citation."""
    if not spec.figures:
        return []
    pad = 8 * theme.scale
    size, widths = _band(spec, theme, width=width, pad=pad, words=words)
    value_style = _sized(theme["figure.value"], size)
    cells = []
    for i, figure in enumerate(spec.figures):
        cells.append(
            [
                para(
                    bignumbers.number_markup(figure.qualifier, figure.value, size=size), value_style
                ),
                Spacer(0, 3 * theme.scale),
                _label(spec, figure, theme, words=words, width=widths[i] - _pads(i, pad)),
            ]
        )
    return [
        grid_table(
            [cells],
            widths,
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), theme.space(8)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.space(9)),
                ("LINEABOVE", (0, 0), (-1, 0), 1.5, theme.color("ink")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, theme.color("rule")),
                ("LINEBEFORE", (1, 0), (-1, 0), 0.5, theme.color("rule")),
            ],
        )
    ]


def _band(
    spec: Spec, theme: Theme, *, width: float, pad: float, words: Catalogue
) -> tuple[float, list[float]]:
    """The big numbers' type size and the band's column widths. Each column is at least as
    wide as its number on one line; the size is the largest (down to `bignumbers.FLOOR` of the
    style's) at which the tallest label takes at most `LABEL_LINES` lines, or failing that as
    few as any size allows; each column is as narrow as its label allows in those lines, and
    the width left is shared as evenly as those widths allow (`bignumbers.band_widths`). When
    no size holds every number, equal columns at the floor (smaller if a value alone is wider
    than its column), where the qualifier of a number that still does not fit takes a line of
    its own."""
    labels = _Labels(spec, theme, words=words, pad=pad, width=width)
    key = (
        tuple((f.qualifier, f.value, f.label) for f in spec.figures),
        tuple(labels.cited),
        theme_key(theme),
        width,
        pad,
    )
    known = _BANDS.get(key)
    if known is None:
        known = _banded(spec, theme, labels)
        _BANDS.put(key, known, size=1)
    return known[0], list(known[1])


_BANDS: Bounded[tuple[float, list[float]]] = Bounded(entries=256, size=256)
"""`_band`'s answers, kept across builds (a fit sets the band at every spacing of a type size,
and a batch's briefs mostly share their figures): 256 of them, by the figures, their citations,
the theme but its spacing (which `_band` never reads) and the band's width."""


def _banded(spec: Spec, theme: Theme, labels: _Labels) -> tuple[float, list[float]]:
    width, pad = labels.width, labels.pad
    style = theme["figure.value"]
    best: tuple[int, float, list[float]] | None = None
    size = style.fontSize
    while size >= style.fontSize * bignumbers.FLOOR:
        needs = [
            bignumbers.phrase_width(f.qualifier, f.value, font=style.fontName, size=size)
            + _pads(i, pad)
            for i, f in enumerate(spec.figures)
        ]
        if sum(needs) <= width:
            most = labels.fewest_lines(needs)
            if best is None or most < best[0]:
                best = (most, size, needs)
            if most <= LABEL_LINES:
                break
        size -= 0.5 * theme.scale
    if best is not None:
        most, size, needs = best
        least = [max(need, labels.narrowest(i, most)) for i, need in enumerate(needs)]
        widths = bignumbers.band_widths(least, width=width) or bignumbers.band_widths(
            needs, width=width
        )
        assert widths is not None
        return size, widths
    count = len(spec.figures)
    values = [f.value for f in spec.figures]
    floor = style.fontSize * bignumbers.FLOOR
    size = bignumbers.value_size(
        values, font=style.fontName, size=floor, room=width / count - 2 * pad
    )
    return size, [width / count] * count


_LINES: dict[tuple[str, str, int, float], int] = {}
"""How many lines a label (with what follows it) takes in a style (`memo.style_key`) and width,
kept across builds: the fitter
sets the band at every attempt, and the search for column widths asks the same again."""
_LINES_KEPT = 4096


class _Labels:
    """The figures' labels in a band `width` wide: how many lines each takes in a column, and
    the narrowest column that sets it in a number of lines."""

    def __init__(
        self, spec: Spec, theme: Theme, *, words: Catalogue, pad: float, width: float
    ) -> None:
        from .charttext import text_width

        self.spec, self.theme, self.words, self.pad, self.width = spec, theme, words, pad, width
        style = theme["figure.label"]
        self.char = text_width("abcdefghijklmnopqrstuvwxyz", style.fontName, style.fontSize) / 26
        self.natural = [text_width(f.label, style.fontName, style.fontSize) for f in spec.figures]
        self.cited = [_cited(spec, f, theme, words=words) for f in spec.figures]
        self.known: dict[tuple[int, int], float] = {}
        self.style, self.style_key = style, style_key(style)

    def lines(self, i: int, column: float) -> int:
        room = column - _pads(i, self.pad)
        label, style = self.spec.figures[i].label, self.style
        key = (label, self.cited[i], self.style_key, round(room, 2))
        if key not in _LINES:
            if len(_LINES) >= _LINES_KEPT:
                _LINES.clear()
            text = markup.plain(bound(label, width=room, style=style)) + self.cited[i]
            _LINES[key] = _line_count(text, style, self.style_key, room)
        return _LINES[key]

    def narrowest(self, i: int, most: int) -> float:
        """The narrowest column (to `PRECISION`) in which label `i` takes at most `most`
        lines; the band's width when none does. It is no narrower than the label's length
        shared among its lines, nor wider than it is for a line less."""
        if (i, most) not in self.known:
            pads = _pads(i, self.pad)
            low = pads + max(4 * self.char, self.natural[i] / most - self.char)
            high = min(self.width, self.known.get((i, most - 1), self.width))
            if self.lines(i, high) <= most:
                while high - low > PRECISION:
                    middle = (low + high) / 2
                    low, high = (low, middle) if self.lines(i, middle) <= most else (middle, high)
            self.known[i, most] = high
        return self.known[i, most]

    def fewest_lines(self, needs: list[float]) -> int:
        """The fewest lines the tallest label can take in columns at least `needs` wide: at
        most as many as in columns exactly `needs` wide (found by halving: each column gets
        no wider as its label may take more lines)."""
        low, high = 0, max(self.lines(i, need) for i, need in enumerate(needs))
        while high - low > 1:
            most = (low + high) // 2
            least = [max(need, self.narrowest(i, most)) for i, need in enumerate(needs)]
            low, high = (low, most) if sum(least) <= self.width else (most, high)
        return high


def _line_count(text: str, style: Any, key: int, room: float) -> int:
    """How many lines the paragraph markup `text` takes in `style` (whose `memo.style_key` is
    `key`) `room` wide: counted from its words' widths (`linecount`), measured once per text and
    style, or where that count might differ, wrapped."""
    known = _MEASURED.get((text, key))
    if known is None:
        known = (linecount.measure(para(text, style)),)
        _MEASURED.put((text, key), known, size=len(text))
    measured = known[0]
    counted = linecount.count(measured, room) if measured is not None else None
    if counted is not None:
        check_time()
        return counted
    set_label = para(text, style)
    set_label.wrap(room, 1e6)
    return len(set_label.blPara.lines)


_MEASURED: Bounded[tuple[linecount.Measured | None]] = Bounded(entries=256, size=256 * 1024)
"""Each label's words measured (`linecount.measure`; None: it is wrapped) in a style, by its
markup (the label bound for a width, and its citation) and `memo.style_key`, kept across
builds: 256 of them (~4 KB each; a one-page fit measures ~35: a label has at most two markups,
its last words bound or not, in each type size it is tried in), of 256 KB of markup in all."""


def _pads(i: int, pad: float) -> float:
    """The padding in the band's `i`-th column: none before the first."""
    return pad if i == 0 else 2 * pad


def _label(spec: Spec, figure: Figure, theme: Theme, *, words: Catalogue, width: float) -> Para:
    """A figure's label with the citation of its source, its last two words bound for a column
    `width` wide; in a right-to-left label, the citation's number follows the last word in
    reading order even when that word is a number (`عام 2017¹`, not `عام ¹2017`)."""
    return para(_label_markup(spec, figure, theme, words=words, width=width), theme["figure.label"])


def _label_markup(
    spec: Spec, figure: Figure, theme: Theme, *, words: Catalogue, width: float
) -> str:
    text = markup.plain(bound(figure.label, width=width, style=theme["figure.label"]))
    return text + _cited(spec, figure, theme, words=words)


def _cited(spec: Spec, figure: Figure, theme: Theme, *, words: Catalogue) -> str:
    """What follows a figure's label: the citation of its source, if any."""
    cited = cite(spec, [figure.source], theme, words=words)
    if not cited:
        return ""
    font = theme["figure.label"].fontName
    return bignumbers.rtl_mark(figure.label, theme=theme, font=font) + cited


def _sized(style: Any, size: float) -> Any:
    """`style` set at `size` (itself when that is its size)."""
    if size == style.fontSize:
        return style
    return style.clone(f"{style.name}.fitted", fontSize=size, leading=size * 1.05)
