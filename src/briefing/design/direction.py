"""Turn start-and-end layout into left-and-right drawing: layout tables and lines drawn
straight on the page, mirrored in a right-to-left brief, and page lines cut to fit.

A brief is laid out in terms of the start and end of a line; these helpers are the one place
where that becomes the left or the right side of the page.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table, TableStyle

from . import bidi
from .theme import Theme


def grid_table(
    rows: list[list[Any]],
    widths: list[float],
    theme: Theme,
    commands: list[tuple[Any, ...]],
    *,
    split_in_row: bool = True,
    space_before: float = 0,
) -> Table:
    """A layout table aligned at the start of the line (the left, or the right in a
    right-to-left brief, where its columns, paddings and rules are mirrored), whose cells
    default to the body font, not Helvetica.

    With `split_in_row` a row taller than the space left may break across pages; without it,
    rows are kept whole."""
    body = theme.styles["body"]
    rtl = theme.direction == "rtl"
    if rtl:
        rows = [list(reversed(row)) for row in rows]
        widths = list(reversed(widths))
        commands = [_mirrored(command, len(widths)) for command in commands]
    table = Table(
        rows,
        colWidths=widths,
        hAlign="RIGHT" if rtl else "LEFT",
        splitInRow=int(split_in_row),
        spaceBefore=space_before,
    )
    table.setStyle(
        TableStyle(
            [("FONT", (0, 0), (-1, -1), theme.font(body.family, body.face), theme.size("body"))]
            + commands
        )
    )
    return table


def draw_ends(
    canvas: Any, *, y: float, left: float, right: float, start: str, end: str, theme: Theme
) -> None:
    """Draw `start` at the start of the line from `left` to `right` and `end` at its end (the
    left and right ends, or the other way round in a right-to-left brief), each in drawing
    order: for running heads and footers, which are drawn straight on the page."""
    rtl = theme.direction == "rtl"
    ends = [(right, start, canvas.drawRightString), (left, end, canvas.drawString)]
    for x, text, draw in ends if rtl else [(left, start, ends[1][2]), (right, end, ends[0][2])]:
        draw(x, y, bidi.visual(text, base="rtl" if rtl else "ltr"))


_MIRRORED_COMMANDS = {
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
}


def _mirrored(command: tuple[Any, ...], columns: int) -> tuple[Any, ...]:
    """A table style command for the same table with its columns in reverse order."""
    name, (c0, r0), (c1, r1), *rest = command

    def column(c: int) -> int:
        return columns - 1 - c if c >= 0 else -1 - c

    return (_MIRRORED_COMMANDS.get(name, name), (column(c1), r0), (column(c0), r1), *rest)


def fit_line(text: str, font: str, size: float, room: float) -> str:
    """`text`, or as many of its first words as fit `room` points with an ellipsis (as many of
    its first characters, when its first word alone is too wide): for lines drawn straight
    on the page, such as running headers and footers, which cannot wrap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = bidi.reshape(text)
    if stringWidth(text, font, size) <= room:
        return text
    words = text.split()

    def longest(parts: list[str], joiner: str) -> str:
        low, high = 0, len(parts)  # the longest prefix that fits, found by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if stringWidth(joiner.join(parts[:middle]) + "\u2026", font, size) <= room:
                low = middle
            else:
                high = middle - 1
        return joiner.join(parts[:low])

    return (longest(words, " ") or longest(list(text), "")) + "\u2026"
