"""The lower bound for this stack: the Raqqa one-page text drawn by hand on a ReportLab canvas,
with the same embedded TTF fonts, wrapping with `simpleSplit` and no layout engine."""

from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from briefing.design import fonts
from briefing.spec.markup import to_plain
from briefing.spec.spec import Spec

MARGIN = 42.5


def draw_brief(spec: Spec, stream: BinaryIO, run: int) -> None:
    sans, bold = fonts.face("NotoSans"), fonts.face("NotoSans", "bold")
    serif, italic = fonts.face("NotoSerif"), fonts.face("NotoSerif", "italic")
    width, height = A4
    canvas = Canvas(stream, pagesize=A4, invariant=1, initialFontName=serif)
    y = height - MARGIN

    def lines(text: str, font: str, size: float, x: float, room: float, leading: float) -> None:
        nonlocal y
        for line in simpleSplit(text, font, size, room):
            y -= leading
            canvas.setFont(font, size)
            canvas.drawString(x, y, line)

    inner = width - 2 * MARGIN
    lines(" · ".join(spec.organisations).upper(), bold, 8, MARGIN, inner, 10)
    lines(spec.title, bold, 25, MARGIN, inner, 28)
    lines(spec.subtitle or "", sans, 11, MARGIN, inner, 14.5)
    y -= 14
    top = y
    column = inner / max(len(spec.figures), 1)
    for i, figure in enumerate(spec.figures):
        y = top
        lines(figure.value, bold, 24, MARGIN + i * column, column - 8, 26)
        lines(figure.label, sans, 8, MARGIN + i * column, column - 16, 10)
    y = top - 80
    main = inner * 0.62
    start = y
    lines(to_plain(spec.summary), serif, 10.5, MARGIN, main, 14)
    for finding in spec.findings:
        y -= 6
        lines(finding.heading, bold, 9.5, MARGIN, main, 12)
        lines(to_plain(finding.text), serif, 9.5, MARGIN, main, 12.5)
    y = start
    side = MARGIN + main + 18
    if spec.quotes:
        lines(f"\u201c{spec.quotes[0].text}\u201d", italic, 12.5, side, inner - main - 18, 16)
        lines(f"\u2014 {spec.quotes[0].speaker}", sans, 8, side, inner - main - 18, 10)
    y -= 12
    for number, demand in enumerate(spec.demands, start=1):
        lines(f"{number}. {demand.text}", sans, 8.5, side, inner - main - 18, 11)
    y = MARGIN + 30
    for number, source in enumerate(spec.sources, start=1):
        lines(f"{number}. {source.title}", sans, 7, MARGIN, inner, 9)
    canvas.setFont(sans, 7.5)
    canvas.drawString(MARGIN, MARGIN, f"{' and '.join(spec.organisations)} · run {run}")
    canvas.save()
