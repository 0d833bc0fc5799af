"""Turn the spec's charts into vector drawings, with every number taken from the spec once.

A bar can plot a key figure by its id: its number is read from the figure's printed value
(`1,600` → 1600, `80%` → 80, `2 million` → 2,000,000) and its printed value is what labels the
bar, so a number is never typed twice. Drawings use ReportLab's own graphics, the theme's
colours and the brief's embedded fonts; values, labels and the source are real text in the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .spec import Chart, Figure, Spec

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from .theme import Theme

_NUMBER = re.compile(r"^\s*([\d][\d,]*(?:\.\d+)?)\s*(%|million|billion|thousand)?\s*$", re.I)
_MULTIPLIERS = {"million": 1e6, "billion": 1e9, "thousand": 1e3}
SERIES_COLORS = ("accent", "secondary", "ink", "rule")
"""Bar colours in order; each differs from its neighbours in lightness, so greyscale prints
keep them apart."""


@dataclass(frozen=True)
class Bar:
    label: str
    number: float
    shown: str
    """The number as printed: the figure's own value, with its qualifier."""


def figure_number(value: str) -> float | None:
    """The number a printed figure stands for, or None if it is not a plain number."""
    match = _NUMBER.match(value)
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    unit = (match.group(2) or "").lower()
    return number * _MULTIPLIERS.get(unit, 1)


def _figures(spec: Spec) -> dict[str, Figure]:
    return {f.id: f for f in spec.figures if f.id}


def _shown(figure: Figure) -> str:
    return f"{figure.qualifier} {figure.value}" if figure.qualifier else figure.value


def _format(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"


def problems(spec: Spec) -> list[tuple[str, str]]:
    """(key path, message) for every chart that cannot be drawn from the spec's numbers."""
    found: list[tuple[str, str]] = []
    figures = _figures(spec)

    def number_of(key_path: str, figure_id: str | None) -> float | None:
        if figure_id is None:
            return None
        if figure_id not in figures:
            known = ", ".join(figures) or "none (give figures an `id:`)"
            found.append((key_path, f"no key figure has id {figure_id!r}; figure ids: {known}"))
            return None
        number = figure_number(figures[figure_id].value)
        if number is None:
            found.append(
                (
                    key_path,
                    f"figure {figure_id!r} has value "
                    f"{figures[figure_id].value!r}, which is not a number a chart can "
                    "plot (write it like `1,600`, `80%` or `2 million`)",
                )
            )
        return number

    for i, chart in enumerate(spec.charts):
        at = f"charts[{i}]"
        if chart.kind == "bars":
            if len(chart.bars) < 2:
                found.append((f"{at}.bars", "a bar chart needs at least 2 bars"))
            for j, bar in enumerate(chart.bars):
                if (bar.figure is None) == (bar.value is None):
                    found.append(
                        (
                            f"{at}.bars[{j}]",
                            "give either `figure` (a key figure's id) or `value` with `label`",
                        )
                    )
                elif bar.value is not None and bar.label is None:
                    found.append((f"{at}.bars[{j}]", "a bar with a `value` needs a `label`"))
                elif bar.value is not None and bar.value < 0:
                    found.append((f"{at}.bars[{j}].value", "expected a number of 0 or more"))
                number_of(f"{at}.bars[{j}].figure", bar.figure)
        elif chart.kind == "grouped-bars":
            if not chart.categories or not chart.series:
                found.append((at, "a grouped bar chart needs `categories` and `series`"))
            for j, series in enumerate(chart.series):
                if len(series.values) != len(chart.categories):
                    found.append(
                        (
                            f"{at}.series[{j}].values",
                            f"expected "
                            f"{len(chart.categories)} numbers, one per category, found "
                            f"{len(series.values)}",
                        )
                    )
                if any(v < 0 for v in series.values):
                    found.append((f"{at}.series[{j}].values", "expected numbers of 0 or more"))
        else:
            if chart.part is None:
                found.append((at, "a proportion needs `part` (a key figure's id)"))
                continue
            part = number_of(f"{at}.part", chart.part)
            whole = number_of(f"{at}.whole", chart.whole) if chart.whole else 100.0
            if part is not None and whole is not None and not 0 <= part <= whole:
                found.append(
                    (
                        f"{at}.part",
                        f"the part ({_format(part)}) must be between 0 "
                        f"and the whole ({_format(whole)})",
                    )
                )
    return found


def bars_of(spec: Spec, chart: Chart) -> list[Bar]:
    """The bars of a `bars` chart, numbers resolved from key figures."""
    figures = _figures(spec)
    bars = []
    for bar in chart.bars:
        if bar.figure:
            figure = figures[bar.figure]
            number = figure_number(figure.value)
            assert number is not None
            bars.append(Bar(bar.label or figure.label, number, _shown(figure)))
        else:
            assert bar.value is not None and bar.label is not None
            bars.append(Bar(bar.label, bar.value, _format(bar.value)))
    return bars


def share_of(spec: Spec, chart: Chart) -> tuple[float, str]:
    """The proportion (0 to 1) of a `proportion` chart and its caption, e.g. '159 of more
    than 1,600'."""
    figures = _figures(spec)
    assert chart.part is not None
    part = figures[chart.part]
    part_number = figure_number(part.value)
    assert part_number is not None
    if chart.whole is None:
        return part_number / 100, f"{_shown(part)} {part.label}"
    whole = figures[chart.whole]
    whole_number = figure_number(whole.value)
    assert whole_number is not None and whole_number > 0
    return part_number / whole_number, f"{_shown(part)} of {_shown(whole)} {whole.label}"


# Drawing --------------------------------------------------------------------------------------


def new_drawing(width: float, height: float, theme: Theme, **kwargs: Any) -> Drawing:
    """An empty drawing whose initial font is the brief's own: ReportLab's default, Helvetica,
    would otherwise enter the PDF as an unembedded font."""
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(width, height, **kwargs)
    drawing.initialFontName = theme.font("sans")
    drawing.initialFontSize = 8
    return drawing


def _string(
    x: float, y: float, text: str, *, font: str, size: float, color: Any, anchor: str = "start"
) -> Any:
    from reportlab.graphics.shapes import String

    return String(x, y, text, fontName=font, fontSize=size, fillColor=color, textAnchor=anchor)


def draw_bars(bars: list[Bar], theme: Theme, *, width: float, scale: float = 1.0) -> Drawing:
    """Horizontal bars, one per row: label above, bar, printed value at the bar's end."""
    from reportlab.graphics.shapes import Rect
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label_size, value_size = 7.5 * theme.scale, 9 * theme.scale
    sans, bold = theme.font("sans"), theme.font("sans", "bold")
    bar_height = 13 * scale * theme.scale
    row = bar_height + label_size * 1.9
    widest_value = max(stringWidth(b.shown, bold, value_size) for b in bars)
    room = max(width - widest_value - 6, width * 0.3)
    top = max(b.number for b in bars) or 1
    drawing = new_drawing(width, row * len(bars), theme)
    colours = [theme.color(name) for name in SERIES_COLORS]
    for i, bar in enumerate(bars):
        y = drawing.height - (i + 1) * row
        length = max(room * bar.number / top, 1.5)
        drawing.add(
            _string(
                0,
                y + bar_height + label_size * 0.45,
                bar.label,
                font=sans,
                size=label_size,
                color=theme.color("ink"),
            )
        )
        drawing.add(
            Rect(0, y, length, bar_height, fillColor=colours[i % len(colours)], strokeColor=None)
        )
        drawing.add(
            _string(
                length + 4,
                y + (bar_height - value_size * 0.7) / 2,
                bar.shown,
                font=bold,
                size=value_size,
                color=theme.color("ink"),
            )
        )
    return drawing


def draw_grouped(chart: Chart, theme: Theme, *, width: float, scale: float = 1.0) -> Drawing:
    """Vertical bars grouped by category, one colour per series, with a legend and values."""
    from reportlab.graphics.shapes import Line, Rect
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 7 * theme.scale
    sans, bold = theme.font("sans"), theme.font("sans", "bold")
    plot_height = 90 * scale * theme.scale
    legend = size * 2.2
    height = plot_height + size * 4 + legend
    drawing = new_drawing(width, height, theme)
    colours = [theme.color(name) for name in SERIES_COLORS]
    top = max((v for s in chart.series for v in s.values), default=1) or 1
    base = size * 2.2
    group = width / len(chart.categories)
    bar = group * 0.7 / len(chart.series)
    drawing.add(Line(0, base, width, base, strokeColor=theme.color("rule"), strokeWidth=0.5))
    for c, category in enumerate(chart.categories):
        x0 = c * group + group * 0.15
        drawing.add(
            _string(
                c * group + group / 2,
                base - size * 1.5,
                category,
                font=sans,
                size=size,
                color=theme.color("ink"),
                anchor="middle",
            )
        )
        for s, series in enumerate(chart.series):
            h = plot_height * series.values[c] / top
            x = x0 + s * bar
            drawing.add(
                Rect(x, base, bar * 0.92, h, fillColor=colours[s % len(colours)], strokeColor=None)
            )
            drawing.add(
                _string(
                    x + bar * 0.46,
                    base + h + 2,
                    _format(series.values[c]),
                    font=bold,
                    size=size,
                    color=theme.color("ink"),
                    anchor="middle",
                )
            )
    x = 0.0
    for s, series in enumerate(chart.series):
        drawing.add(
            Rect(
                x, height - size, size, size, fillColor=colours[s % len(colours)], strokeColor=None
            )
        )
        drawing.add(
            _string(
                x + size * 1.4,
                height - size * 0.9,
                series.name,
                font=sans,
                size=size,
                color=theme.color("ink"),
            )
        )
        x += size * 3 + stringWidth(series.name, sans, size)
    return drawing


def draw_proportion(share: float, theme: Theme, *, width: float, scale: float = 1.0) -> Drawing:
    """A 10 by 10 grid of squares, the part in the accent colour, and the share beside it."""
    from reportlab.graphics.shapes import Path

    cell = min(width * 0.45 / 10, 11 * scale * theme.scale)
    gap = cell * 0.18
    filled = round(share * 100)
    grid = cell * 10
    value_size = min(26 * theme.scale * scale, width * 0.12)
    drawing = new_drawing(width, grid, theme)
    squares = {
        True: Path(fillColor=theme.color("accent"), strokeColor=None),
        False: Path(fillColor=theme.color("rule"), strokeColor=None),
    }
    for n in range(100):
        row, column = divmod(n, 10)
        x, y, side = column * cell, grid - (row + 1) * cell, cell - gap
        path = squares[n < filled]
        path.moveTo(x, y)
        path.lineTo(x + side, y)
        path.lineTo(x + side, y + side)
        path.lineTo(x, y + side)
        path.closePath()
    for path in squares.values():
        drawing.add(path)
    text = f"{share * 100:.0f}%" if share >= 0.01 else "<1%"
    drawing.add(
        _string(
            grid + cell,
            grid - value_size,
            text,
            font=theme.font("sans", "bold"),
            size=value_size,
            color=theme.color("accent"),
        )
    )
    return drawing
