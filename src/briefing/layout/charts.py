"""Turn the spec's charts into vector drawings, with every number taken from the spec once
(`model/chartnumbers.py` reads them, for every output).

A bar can plot a key figure by its id: its number is read from the figure's printed value with
the grammar of the spec's language, the same reading that validated it (`numbers.py`: `1,600`
→ 1600, `80%` → 80, `2 million` → 2,000,000 in English, `1,34 million` → 1,340,000 in French),
and its printed value is what labels the bar, so a number is never typed twice nor plotted
otherwise than it reads. A proportion prints its part's own words (`nearly 80%`); a share it
computes from a part and a whole carries the direction of their qualifiers (`159` of `more than
1,600` is `less than 10%`) and its note says it was computed. Drawings use ReportLab's own
graphics, the theme's colours and the brief's embedded fonts; values, labels and the source are
real text in the PDF. The proportion's grid and its big label are drawn by `bignumbers.py`.

The numbers are read, and charts that cannot be drawn refused, when the spec is validated
(`crosschecks.py`): here every chart is drawable. Whatever its labels and numbers, a chart
keeps its text inside its box and never sets it below `TEXT_FLOOR`, however far a page
shrinks: a label too wide for it takes more lines, values or names too wide for their place
are set smaller down to the floor, then take more lines too (broken inside a word only when
one word alone is wider than its place), and the drawing grows to hold them.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from ..design.i18n import words as _catalogue
from ..model.chartnumbers import Bar as Bar
from ..model.chartnumbers import Share as Share
from ..model.chartnumbers import bars_of as bars_of
from ..model.chartnumbers import share_of as share_of
from ..spec.numbers import format_number
from ..spec.records import Chart
from .charttext import fitted, floored, new_drawing, string, text_width

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..design.bidi import Direction
    from ..design.i18n import Catalogue
    from ..design.theme import Theme

OVERHANG = 6.0
"""How far a bar's label may run past the chart's edge, into the gutter or the page margin
(both wider), before it takes another line."""
SERIES_COLORS = ("accent", "secondary", "ink", "rule")
"""Bar colours in order; each differs from its neighbours in lightness, so greyscale prints
keep them apart."""


# Drawing --------------------------------------------------------------------------------------


def draw_bars(bars: list[Bar], theme: Theme, *, width: float, scale: float = 1.0) -> Drawing:
    """Horizontal bars, one per row: label above (on more lines when it is wider than the
    chart), bar, printed value at the bar's end (smaller when it would run past the edge, on
    more lines at the floor). A zero is no bar at all, only its printed value: a stub would
    read as a small number."""
    from reportlab.graphics.shapes import Rect
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label_size, value_size = floored(7.5 * theme.scale), floored(9 * theme.scale)
    sans, bold = theme.font("sans"), theme.font("sans", "bold")
    bar_height = 13 * scale * theme.scale
    labels = [fitted(b.label, sans, label_size, width + OVERHANG) for b in bars]
    value_room = width * 0.7 - 6
    widest_value = max(text_width(b.shown, bold, value_size) for b in bars)
    if widest_value > value_room:
        value_size = floored(value_size * value_room / widest_value)
    values = [fitted(b.shown, bold, value_size, value_room + 0.01)[0] for b in bars]
    widest_value = max(stringWidth(line, bold, value_size) for lines in values for line in lines)
    room = max(width - widest_value - 6, width * 0.3)
    top = max(b.number for b in bars) or 1
    bands = [max(bar_height, _block(len(lines), value_size)) for lines in values]
    rows = [
        band + label_size * 1.9 + (len(lines) - 1) * label_size * 1.2
        for band, (lines, _) in zip(bands, labels, strict=True)
    ]
    drawing = new_drawing(width, sum(rows), theme)
    colours = [theme.color(name) for name in SERIES_COLORS]
    for i, bar in enumerate(bars):
        y, band = drawing.height - sum(rows[: i + 1]), bands[i]
        length = max(room * bar.number / top, 1.5) if bar.number else 0.0
        lines, size = labels[i]
        for n, line in enumerate(reversed(lines)):
            drawing.add(
                string(
                    0,
                    y + band + label_size * 0.45 + n * label_size * 1.2,
                    line,
                    font=sans,
                    size=size,
                    color=theme.color("ink"),
                )
            )
        if length:
            drawing.add(
                Rect(
                    0,
                    y + (band - bar_height) / 2,
                    length,
                    bar_height,
                    fillColor=colours[i % len(colours)],
                    strokeColor=None,
                )
            )
        first = y + (band + _block(len(values[i]), value_size)) / 2 - value_size * 0.7
        for n, line in enumerate(values[i]):
            drawing.add(
                string(
                    length + 4 if length else 0,
                    first - n * value_size * 1.2,
                    line,
                    font=bold,
                    size=value_size,
                    color=theme.color("ink"),
                )
            )
    return drawing


def _block(lines: int, size: float) -> float:
    """The height of `lines` lines of type at `size`, from the first's capitals to the last's
    baseline."""
    return size * 0.7 + (lines - 1) * size * 1.2


def draw_grouped(
    chart: Chart,
    theme: Theme,
    *,
    width: float,
    scale: float = 1.0,
    words: Catalogue | None = None,
) -> Drawing:
    """Vertical bars grouped by category, one colour per series, with a legend and values
    written as the catalogue's language (default: English) writes numbers, in its digits.

    Everything stays inside `width`: a category wider than its group takes more lines, values
    wider than their bar are set smaller (down to the floor, then centred as near their bar as
    the box allows), and the legend takes more rows, a name wider than the chart more lines."""
    from reportlab.graphics.shapes import Line, Rect

    size = floored(7 * theme.scale)
    sans, bold = theme.font("sans"), theme.font("sans", "bold")
    plot_height = 90 * scale * theme.scale
    group = width / len(chart.categories)
    bar = group * 0.7 / len(chart.series)
    categories = [fitted(category, sans, size, group) for category in chart.categories]
    below = (max(len(lines) for lines, _ in categories) - 1) * size * 1.2
    words = words or _catalogue("en")
    values = [
        [words.digitised(format_number(v, language=words.language)) for v in s.values]
        for s in chart.series
    ]
    widest = max(text_width(text, bold, size) for texts in values for text in texts)
    value_size = size if widest <= bar else floored(size * bar / widest)
    legend_rows = _legend_rows(chart, sans, size, width)
    legend = size * 0.6 + sum(_legend_height(row, size) for row in legend_rows)
    height = plot_height + size * 4 + legend + below
    drawing = new_drawing(width, height, theme)
    colours = [theme.color(name) for name in SERIES_COLORS]
    top = max((v for s in chart.series for v in s.values), default=1) or 1
    base = size * 2.2 + below
    drawing.add(Line(0, base, width, base, strokeColor=theme.color("rule"), strokeWidth=0.5))
    for c, (lines, category_size) in enumerate(categories):
        x0 = c * group + group * 0.15
        for n, line in enumerate(lines):
            drawing.add(
                string(
                    c * group + group / 2,
                    base - size * 1.5 - n * size * 1.2,
                    line,
                    font=sans,
                    size=category_size,
                    color=theme.color("ink"),
                    anchor="middle",
                )
            )
        for s, series in enumerate(chart.series):
            h = plot_height * series.values[c] / top
            x = x0 + s * bar
            if h:
                drawing.add(
                    Rect(
                        x,
                        base,
                        bar * 0.92,
                        h,
                        fillColor=colours[s % len(colours)],
                        strokeColor=None,
                    )
                )
            half = text_width(values[s][c], bold, value_size) / 2
            drawing.add(
                string(
                    min(max(x + bar * 0.46, half), width - half),
                    base + h + 2,
                    values[s][c],
                    font=bold,
                    size=value_size,
                    color=theme.color("ink"),
                    anchor="middle",
                )
            )
    y = height
    for row in legend_rows:
        for x, s, lines, name_size in row:
            drawing.add(
                Rect(x, y - size, size, size, fillColor=colours[s % len(colours)], strokeColor=None)
            )
            for n, line in enumerate(lines):
                drawing.add(
                    string(
                        x + size * 1.4,
                        y - size * 0.9 - n * size * 1.2,
                        line,
                        font=sans,
                        size=name_size,
                        color=theme.color("ink"),
                    )
                )
        y -= _legend_height(row, size)
    return drawing


LegendRow = list[tuple[float, int, list[str], float]]


def _legend_rows(chart: Chart, font: str, size: float, width: float) -> list[LegendRow]:
    """The legend's rows, each a list of (x, series index, lines of its name, their type
    size): entries flow left to right and start a new row where the next would run past
    `width`; a name wider than the chart takes more lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows: list[LegendRow] = [[]]
    x = 0.0
    for s, series in enumerate(chart.series):
        lines, name_size = fitted(series.name, font, size, width - size * 1.4)
        name_width = max(stringWidth(line, font, name_size) for line in lines)
        if rows[-1] and x + size * 1.4 + name_width > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, s, lines, name_size))
        x += size * 3 + name_width
    return rows


def _legend_height(row: LegendRow, size: float) -> float:
    return size * 1.6 + (max(len(entry[2]) for entry in row) - 1) * size * 1.2


@functools.lru_cache(maxsize=2048)
def _shown(text: str, base: Direction) -> str:
    """`text` of a chart in drawing order (`bidi.visual`), kept across uses and builds for the
    last 2,048 texts: a chart's drawing is directed anew at each use."""
    from ..design import bidi

    return bidi.visual(text, base=base)


def directed(drawing: Drawing, theme: Theme) -> Drawing:
    """`drawing` as a reader of the theme's direction reads it: text in drawing order (Arabic
    joined, runs ordered), and in a right-to-left brief the whole chart mirrored, so that bars
    grow from the right, the first category and the first square of a grid are on the right
    and labels are right-aligned (their text is not mirrored, only placed)."""
    from reportlab.graphics.shapes import Line, Path, Rect, String

    rtl = theme.direction == "rtl"
    width = drawing.width
    if rtl:
        drawing.hAlign = "RIGHT"
    base: Direction = "rtl" if rtl else "ltr"
    for node in _nodes(drawing):
        if isinstance(node, String):
            node.text = _shown(node.text, base)
            if rtl:
                node.x = width - node.x
                node.textAnchor = {"start": "end", "end": "start"}.get(
                    node.textAnchor, node.textAnchor
                )
        elif rtl and isinstance(node, Rect):
            node.x = width - node.x - node.width
        elif rtl and isinstance(node, Line):
            node.x1, node.x2 = width - node.x1, width - node.x2
        elif rtl and isinstance(node, Path):
            # numbers already: ReportLab's check of each point (a grid has hundreds) is skipped
            vars(node)["points"] = [
                width - v if i % 2 == 0 else v for i, v in enumerate(node.points)
            ]
    return drawing


def _nodes(group: Any) -> list[Any]:
    found = []
    for node in getattr(group, "contents", []):
        found.append(node)
        found += _nodes(node)
    return found
