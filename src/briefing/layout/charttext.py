"""Turn chart text into what a drawing sets: strings in the brief's fonts, measured joined
(Arabic), in lines that fit their place and never below `TEXT_FLOOR`, with their last words
bound against runts at the width they are set in.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..design.theme import Theme

TEXT_FLOOR = 6.5
"""The smallest type a chart sets, in points: the floor of a one-page brief's notes."""


def new_drawing(width: float, height: float, theme: Theme, **kwargs: Any) -> Drawing:
    """An empty drawing whose initial font is the brief's own: ReportLab's default, Helvetica,
    would otherwise enter the PDF as an unembedded font."""
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(width, height, **kwargs)
    drawing.initialFontName = theme.font("sans")
    drawing.initialFontSize = 8
    return drawing


def string(
    x: float, y: float, text: str, *, font: str, size: float, color: Any, anchor: str = "start"
) -> Any:
    from reportlab.graphics.shapes import String

    return String(x, y, text, fontName=font, fontSize=size, fillColor=color, textAnchor=anchor)


def text_width(text: str, font: str, size: float) -> float:
    """How wide `text` is drawn: Arabic measured joined, as `directed` draws it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ..design.bidi import reshape

    return float(stringWidth(reshape(text), font, size))


def bound(text: str, *, width: float, style: Any) -> str:
    """`text` with its last two words bound (`runts.bind`) for a column `width` wide in the
    paragraph `style`: the characters of its font that the column holds."""
    chars = int(width / _letter_width(style.fontName, style.fontSize))
    return _bound(text, chars)


@functools.lru_cache(maxsize=256)
def _letter_width(font: str, size: float) -> float:
    """The average width of a lower-case letter of `font` at `size`."""
    return text_width("abcdefghijklmnopqrstuvwxyz", font, size) / 26


@functools.lru_cache(maxsize=2048)
def _bound(text: str, measure: int) -> str:
    from ..design.runts import bind

    return bind(text, measure=measure)


def floored(size: float) -> float:
    """`size`, or `TEXT_FLOOR` if it is smaller."""
    return max(size, TEXT_FLOOR)


def fitted(text: str, font: str, size: float, width: float) -> tuple[list[str], float]:
    """`text` in lines at most `width` wide, and its type size: `size`, unless a single word
    is wider than `width`, when every line shrinks to fit, down to `TEXT_FLOOR`; at the floor,
    a word still too wide is broken where it reaches `width`. Text that fits is left as it is."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ..design.bidi import reshape

    text = reshape(text)
    if stringWidth(text, font, size) <= width:
        return [text], size
    lines = simpleSplit(text, font, size, width) or [text]
    widest = max(stringWidth(line, font, size) for line in lines)
    if widest <= width:
        return lines, size
    smaller = size * width / widest
    if smaller >= TEXT_FLOOR:
        return lines, smaller
    size = min(size, TEXT_FLOOR)
    lines = simpleSplit(text, font, size, width) or [text]
    return [piece for line in lines for piece in _broken(line, font, size, width)], size


def _broken(line: str, font: str, size: float, width: float) -> list[str]:
    """`line` cut into pieces at most `width` wide (at least one character each)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = [""]
    for char in line:
        if pieces[-1] and stringWidth(pieces[-1] + char, font, size) > width:
            pieces.append("")
        pieces[-1] += char
    return [piece.strip() for piece in pieces if piece.strip()]
