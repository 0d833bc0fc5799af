"""Turn a qualifier and a value into the big number as a reader reads it: `nearly 80%`, `more
than 1,600`, one phrase on one line, the qualifier in smaller type on the value's baseline
before it (after it, to the eye, in a right-to-left brief: it comes first in reading order).

The key figures (a band across the page, a stack down a narrow column) and the proportion
chart's label all print their numbers this way, so that the qualifier is never read as a
separate caption and dropped. Type shrinks (to `FLOOR` of its size) before the qualifier is
moved to a line of its own, which happens only when a phrase cannot fit its room at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..spec import markup

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..design.theme import Theme
    from .charts import Share

SLACK = 0.5
"""Points added to a measured phrase, so that rounding never breaks it in its own width."""
QUALIFIER_RATIO = 0.45
"""The qualifier's type size, as a share of its value's."""
FLOOR = 0.7
"""The smallest a big number is set, as a share of its style's size, before the qualifier
takes a line of its own."""
ARABIC_LETTER_MARK = "\u061c"
"""An invisible right-to-left letter (ALM): before a number, it orders the number as it is
ordered after the Arabic words it follows (`80%` after `قرابة` is drawn `%80`, as in the
body), and after one, it keeps a citation's note number from joining its digits."""


def rtl_mark(before: str, *, theme: Theme, font: str) -> str:
    """`ARABIC_LETTER_MARK` to put after `before` in a right-to-left brief whose `font` draws it
    (it is zero-width), when `before` holds right-to-left letters; else nothing."""
    from ..design import bidi, fonts

    if theme.direction != "rtl" or not bidi.has_rtl(before):
        return ""
    return ARABIC_LETTER_MARK if fonts.covers(font, ARABIC_LETTER_MARK) else ""


def phrase_width(qualifier: str | None, value: str, *, font: str, size: float) -> float:
    """How wide `qualifier value` is on one line, the value at `size`."""
    from .charttext import text_width

    width = text_width(value, font, size)
    if qualifier:
        small = size * QUALIFIER_RATIO
        width += text_width(f"{qualifier} ", font, small)
    return float(width) + SLACK


def fitted_size(
    phrases: Sequence[tuple[str | None, str]], *, font: str, size: float, room: float
) -> float:
    """The largest size, at most `size` and at least `FLOOR` of it, at which every phrase fits
    `room` on one line (the floor when some cannot)."""
    widest = max((phrase_width(q, v, font=font, size=size) for q, v in phrases), default=0.0)
    if widest <= room:
        return size
    return max(size * room / widest, size * FLOOR)


def value_size(values: Sequence[str], *, font: str, size: float, room: float) -> float:
    """`size`, or less if the widest of `values` alone is wider than `room` at it."""
    from .charttext import text_width

    widest = max((text_width(value, font, size) + SLACK for value in values), default=0.0)
    return size if widest <= room else size * room / widest


def number_markup(qualifier: str | None, value: str, *, size: float) -> str:
    """Paragraph markup for the big number, in a style set at `size`: the qualifier smaller,
    on the same baseline, before the value (the space between them is the qualifier's, as
    `phrase_width` measures it). The value never breaks: a caller sets a size at which it fits
    (`value_size`)."""
    whole = markup.plain(value).replace(" ", "\u00a0")
    if not qualifier:
        return whole
    small = size * QUALIFIER_RATIO
    return f'<font size="{small:.2f}">{markup.plain(qualifier)} </font>{whole}'


def band_widths(needs: Sequence[float], *, width: float) -> list[float] | None:
    """Column widths for a band of cells that each need at least `needs[i]`, as even as those
    needs allow: every cell gets the same width `t` or its need if more, with `t` as large as
    `width` allows (equal columns when they give every cell what it needs); None when the
    needs exceed `width`."""
    if sum(needs) > width:
        return None
    ordered = sorted(needs)
    for k in range(len(ordered), 0, -1):
        level = (width - sum(ordered[k:])) / k
        if level >= ordered[k - 1]:
            return [max(need, level) for need in needs]
    return list(needs)


def draw_proportion(share: Share, theme: Theme, *, width: float, scale: float = 1.0) -> Drawing:
    """A 10 by 10 grid of squares, the part in the accent colour, and beside it the share as a
    reader reads it (`nearly 80%`), its qualifier on a line of its own only when the phrase
    cannot fit beside the grid, and in a right-to-left brief its value ordered as it is after
    the qualifier (`rtl_mark`), as the key figures and the body order it. No word is set
    below the charts' floor (`charts.TEXT_FLOOR`); the drawing is as tall as the grid, or as
    the words beside it if they need more."""
    from reportlab.graphics.shapes import Path

    from .charttext import fitted, floored, new_drawing, string, text_width

    cell = min(width * 0.45 / 10, 11 * scale * theme.scale)
    room = width - cell * 11
    bold, accent = theme.font("sans", "bold"), theme.color("accent")
    nominal = floored(min(26 * theme.scale * scale, width * 0.12))
    size = fitted_size([(share.qualifier, share.shown)], font=bold, size=nominal, room=room)
    # (x, depth of its baseline under the top, text, type size) of each line beside the grid
    words: list[tuple[float, float, str, float]] = []
    x, depth = cell * 11, 0.0
    small = floored(size * QUALIFIER_RATIO)
    inline = text_width(f"{share.qualifier} ", bold, small) if share.qualifier else 0.0
    if share.qualifier and inline + text_width(share.shown, bold, size) + SLACK > room:
        lines, small = fitted(share.qualifier, bold, floored(nominal * QUALIFIER_RATIO), room)
        for line in lines:
            depth += small * 1.2
            words.append((x, depth, line, small))
        depth += small * 0.3
    elif share.qualifier:
        words.append((x, depth + size, share.qualifier, small))
        x += inline
    size = min(size, size * (width - x) / text_width(share.shown, bold, size))
    mark = rtl_mark(share.qualifier or "", theme=theme, font=bold)
    words.append((x, depth + size, mark + share.shown, size))
    grid = cell * 10
    height = max(grid, depth + size * 1.2)
    drawing = new_drawing(width, height, theme)
    squares = {
        True: Path(fillColor=theme.color("accent"), strokeColor=None),
        False: Path(fillColor=theme.color("rule"), strokeColor=None),
    }
    filled, gap = round(share.fraction * 100), cell * 0.18
    for n in range(100):
        row, column = divmod(n, 10)
        left, bottom, side = column * cell, height - (row + 1) * cell, cell - gap
        path = squares[n < filled]
        path.moveTo(left, bottom)
        path.lineTo(left + side, bottom)
        path.lineTo(left + side, bottom + side)
        path.lineTo(left, bottom + side)
        path.closePath()
    for path in squares.values():
        drawing.add(path)
    for left, below, text, text_size in words:
        drawing.add(string(left, height - below, text, font=bold, size=text_size, color=accent))
    return drawing
