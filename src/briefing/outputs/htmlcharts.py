"""Turn a chart of the resolved brief (`model.ChartData`) into inline SVG a screen reader reads as
one image (`role="img"`, its alt text as its name), plus a data table of the same numbers.

The model gives each value as printed (`more than 1,600`, `près de 80 %`, `١٦٠٠`): the bars
are drawn from the number read back out of it (any script's digits, grouping marks, a decimal
mark, `million`/`milliard`...). A value with no number in it gets no bar; the table still
prints it. Right to left, the drawing is mirrored: bars grow from the right. Grouped bars give
each category a row of bars, one per series in the series' colour (the PDF's, `SERIES_COLORS`,
darkened where a bar would not stand out from the page at 3:1), named by a legend.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from ..layout.charts import SERIES_COLORS
from ..model.model import ChartData

WIDTH = 600
"""The drawing's width in its own units; it is scaled to the column."""
ROW = 44
"""The height of one bar's row: its label above, the bar under it."""
SERIES_ROW = 24
"""The height of one bar of a group: the bar, its value after it."""
_NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f\u2009 '\u066c]\d{3}(?!\d))*(?:[.,\u066b]\d+)?")
_GROUPING = re.compile(r"[,.\u00a0\u202f\u2009 '\u066c](?=\d{3}(?!\d))")
_SCALE = (
    (re.compile(r"\b(?:billion|milliards?)\b|مليار", re.IGNORECASE), 1e9),
    (re.compile(r"\b(?:million|millions)\b|مليون|ملايين", re.IGNORECASE), 1e6),
)


def ascii_digits(text: str) -> str:
    """`text` with the digits of any script as ASCII digits."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def numbers_in(text: str) -> list[float]:
    """The numbers `text` prints, in order, each times the scale word after it (`2 million`)."""
    digits = ascii_digits(text)
    found = []
    for match in _NUMBER.finditer(digits):
        body = _GROUPING.sub("", match.group(0))
        value = float(re.sub(r"[,\u066b]", ".", body))
        after = digits[match.end() : match.end() + 12]
        for pattern, scale in _SCALE:
            if pattern.match(after.strip()):
                value *= scale
                break
        found.append(value)
    return found


def share(text: str) -> float | None:
    """The part of a whole a proportion's sentence gives: `nearly 80%` → 0.8, `12 of 30` → 0.4;
    None if it gives neither."""
    numbers = numbers_in(text)
    if not numbers:
        return None
    if "%" in text or "٪" in text:
        part = numbers[0] / 100
    elif len(numbers) >= 2 and numbers[1] > 0:
        part = numbers[0] / numbers[1]
    else:
        return None
    return part if 0 <= part <= 1 else None


def chart_svg(chart: ChartData, *, direction: str, colors: dict[str, str]) -> str:
    """The chart as an SVG image named by its alt text."""
    if chart.kind == "proportion":
        body, height = _proportion(chart, direction, colors)
    elif chart.series:
        body, height = _groups(chart, direction, colors)
    else:
        body, height = _bars(chart, direction, colors)
    alt = escape(chart.alt)
    return (
        f'<svg class="chart" role="img" aria-label="{alt}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" direction="{direction}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{alt}</title>{body}</svg>'
    )


def _x(x: float, width: float, direction: str) -> float:
    """Where a shape `width` wide drawn at `x` from the start edge starts, in SVG units."""
    return WIDTH - x - width if direction == "rtl" else x


def _bars(chart: ChartData, direction: str, colors: dict[str, str]) -> tuple[str, int]:
    values = [numbers_in(value) for _, value in chart.values]
    top = max((v[0] for v in values if v), default=0.0)
    pieces = []
    for row, ((label, shown), numbers) in enumerate(zip(chart.values, values, strict=True)):
        y = row * ROW
        anchor_x = _x(0, 0, direction)
        pieces.append(
            f'<text x="{anchor_x:g}" y="{y + 14}" font-size="14" fill="{colors["ink"]}">'
            f"{escape(label)}</text>"
        )
        length = 0.0
        if numbers and top > 0:
            length = (WIDTH - 200) * numbers[0] / top
            length = max(2.0, length) if numbers[0] > 0 else 0.0
            pieces.append(
                f'<rect x="{_x(0, length, direction):g}" y="{y + 20}" width="{length:g}" '
                f'height="16" fill="{colors["accent"]}"/>'
            )
        pieces.append(
            f'<text x="{_x(length + 8, 0, direction):g}" y="{y + 33}" font-size="14" '
            f'font-weight="bold" fill="{colors["ink"]}">{escape(shown)}</text>'
        )
    return "".join(pieces), len(chart.values) * ROW + 4


def series_color(colors: dict[str, str], index: int) -> str:
    """The colour of series `index` (the palette `htmlout.legible` made: `series0`...)."""
    return colors[f"series{index % len(SERIES_COLORS)}"]


def _groups(chart: ChartData, direction: str, colors: dict[str, str]) -> tuple[str, int]:
    """Each category's name, then a bar per series under it, in the series' colour."""
    count = len(chart.series)
    rows = [chart.values[i : i + count] for i in range(0, len(chart.values), count)]
    numbers = [numbers_in(shown) for _, shown in chart.values]
    top = max((n[0] for n in numbers if n), default=0.0)
    pieces, y = [], 0
    for row, values in enumerate(rows):
        category = values[0][0].rsplit(": ", 1)[0] if ": " in values[0][0] else values[0][0]
        pieces.append(
            f'<text x="{_x(0, 0, direction):g}" y="{y + 14}" font-size="14" '
            f'fill="{colors["ink"]}">{escape(category)}</text>'
        )
        y += 20
        for s, (_, shown) in enumerate(values):
            found = numbers[row * count + s]
            length = 0.0
            if found and top > 0 and found[0] > 0:
                length = max(2.0, (WIDTH - 200) * found[0] / top)
                pieces.append(
                    f'<rect x="{_x(0, length, direction):g}" y="{y + 2}" width="{length:g}" '
                    f'height="16" fill="{series_color(colors, s)}"/>'
                )
            pieces.append(
                f'<text x="{_x(length + 8, 0, direction):g}" y="{y + 15}" font-size="14" '
                f'font-weight="bold" fill="{colors["ink"]}">{escape(shown)}</text>'
            )
            y += SERIES_ROW
        y += 8
    return "".join(pieces), y


def chart_legend(chart: ChartData, *, colors: dict[str, str]) -> str:
    """Which colour is which series, for grouped bars (empty for other charts)."""
    items = "".join(
        f'<li><span style="background: {series_color(colors, s)}"></span>{escape(name)}</li>'
        for s, name in enumerate(chart.series)
    )
    return f'<ul class="legend">{items}</ul>\n' if items else ""


def _proportion(chart: ChartData, direction: str, colors: dict[str, str]) -> tuple[str, int]:
    """A row of ten squares, as many filled as the share (rounded to a tenth), from the start."""
    part = share(chart.values[0][1]) if chart.values else None
    filled = round((part or 0) * 10)
    size, gap = 48, 8
    pieces = []
    for n in range(10):
        fill = colors["accent"] if n < filled else colors["tint"]
        pieces.append(
            f'<rect x="{_x(n * (size + gap) + 2, size, direction):g}" y="2" '
            f'width="{size}" height="{size}" '
            f'fill="{fill}" stroke="{colors["accent"]}" stroke-width="2"/>'
        )
    return "".join(pieces), size + 4


def chart_table(chart: ChartData, *, headers: tuple[str, str]) -> str:
    """The chart's numbers as a table: a row per value, its label as the row's header."""
    rows = [(chart.title, chart.values[0][1])] if chart.kind == "proportion" else list(chart.values)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>'
        for label, value in rows
    )
    return (
        f"<table><caption>{escape(chart.title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
