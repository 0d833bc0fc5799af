"""Turn a spec's key figures into flowables: a band of figures side by side across the page, or
a stack of them down a narrow column.

Each figure is its big number as a reader reads it (`nearly 80%`: the qualifier smaller, on the
value's baseline, see `bignumbers.py`) and its label with the citation of its source. A band
gives each figure a column of equal width when that holds every number on one line, else
columns as wide as their numbers need; its type shrinks only when no such columns fit.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from . import bignumbers, markup
from .blocks import cite
from .direction import grid_table
from .i18n import Catalogue
from .paragraphs import para
from .spec import Spec
from .theme import Theme

LABEL_SHARE = 0.7
"""The narrowest a band's column may be, as a share of an equal column, so that its label
does not run to many short lines."""


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
        story.append(
            para(
                markup.plain(figure.label) + cite(spec, [figure.source], theme, words=words),
                theme["figure.label"],
            )
        )
        story.append(Spacer(0, theme.space(8)))
    return story


def figures_band(spec: Spec, theme: Theme, *, width: float, words: Catalogue) -> list[Flowable]:
    """The key figures side by side: big number, label with its citation."""
    if not spec.figures:
        return []
    pad = 8 * theme.scale
    size, widths = _band(spec, theme, width=width, pad=pad)
    value_style = _sized(theme["figure.value"], size)
    cells = []
    for figure in spec.figures:
        cells.append(
            [
                para(
                    bignumbers.number_markup(figure.qualifier, figure.value, size=size), value_style
                ),
                Spacer(0, 3 * theme.scale),
                para(
                    markup.plain(figure.label) + cite(spec, [figure.source], theme, words=words),
                    theme["figure.label"],
                ),
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


def _band(spec: Spec, theme: Theme, *, width: float, pad: float) -> tuple[float, list[float]]:
    """The big numbers' type size and the band's column widths: the largest size (down to
    `bignumbers.FLOOR` of the style's) at which columns can hold every number on one line, and
    at the floor (smaller if a value alone is wider than its column), equal columns in which
    the qualifier of a number that still does not fit takes a line of its own."""
    style = theme["figure.value"]
    count = len(spec.figures)
    least = LABEL_SHARE * width / count
    size = style.fontSize
    while size >= style.fontSize * bignumbers.FLOOR:
        needs = [
            max(
                bignumbers.phrase_width(f.qualifier, f.value, font=style.fontName, size=size)
                + 2 * pad,
                least,
            )
            for f in spec.figures
        ]
        needs[0] -= pad
        widths = bignumbers.band_widths(needs, width=width)
        if widths is not None:
            return size, widths
        size -= 0.5 * theme.scale
    room = width / count - 2 * pad
    values = [f.value for f in spec.figures]
    floor = style.fontSize * bignumbers.FLOOR
    size = bignumbers.value_size(values, font=style.fontName, size=floor, room=room)
    return size, [width / count] * count


def _sized(style: Any, size: float) -> Any:
    """`style` set at `size` (itself when that is its size)."""
    if size == style.fontSize:
        return style
    return style.clone(f"{style.name}.fitted", fontSize=size, leading=size * 1.05)
