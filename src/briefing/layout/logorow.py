"""Turn lines of the masthead and a logo into one row, the logo at the end of the line aligned
to the type: its foot on the baseline of the last line (the kicker), or its top at the height
of the capitals of the first line (the headline); and turn a paragraph into one set no wider
than a comfortable measure.

ReportLab's tables align a cell's box, not its type: a logo bottom-aligned beside a kicker
sits on the kicker's descender line and floats. These flowables place the logo from the font's
own metrics instead.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from .paragraphs import Para

GAP = 12.0
"""Points between the text and the logo."""
CAP_HEIGHT = 0.71
"""Height of capitals as a share of the type size, for a font that does not say."""


def first_baseline(paragraph: Para) -> float:
    """Distance from the top of a wrapped paragraph to its first baseline: its type size, or
    its font's ascent when ReportLab is set to place first lines by ascent."""
    from reportlab import rl_config

    size = paragraph.style.fontSize
    if rl_config.paraFontSizeHeightOffset:
        return float(size)
    return float(getattr(paragraph.blPara, "ascent", size))


def last_baseline(paragraph: Para) -> float:
    """Height of a wrapped paragraph's last baseline above its bottom."""
    count = max(1, len(paragraph.blPara.lines))
    return float(
        paragraph.height - first_baseline(paragraph) - (count - 1) * paragraph.style.leading
    )


def cap_height(font_name: str, size: float) -> float:
    """Height of the capitals of `font_name` at `size`, from the font's metrics."""
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getFont(font_name).face
    cap = getattr(face, "capHeight", 0) or CAP_HEIGHT * 1000
    return float(cap) / 1000 * size


class BesideLogo(Flowable):
    """Paragraphs stacked at the start of the line and a logo at its end, aligned to them
    (`kicker`: the logo's foot on the last paragraph's last baseline; `headline`: its top at
    the first paragraph's capitals)."""

    def __init__(
        self, texts: list[Para], logo: Flowable, *, align: str, rtl: bool, size: tuple[float, float]
    ) -> None:
        super().__init__()
        self.texts, self.logo, self.align, self.rtl = texts, logo, align, rtl
        self.logo_width, self.logo_height = size
        self.text_height = self.logo_y = self.text_y = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        room = max(availWidth - self.logo_width - GAP, availWidth / 3)
        self.text_height = sum(t.wrap(room, availHeight)[1] for t in self.texts)
        self.text_height += sum(t.getSpaceAfter() for t in self.texts[:-1])
        self.text_room = room
        if self.align == "headline":
            top = self.texts[0]
            style = top.style
            capitals = self.text_height - first_baseline(top)
            capitals += cap_height(style.fontName, style.fontSize)
            self.text_y = max(0.0, self.logo_height - capitals)
            self.logo_y = self.text_y + capitals - self.logo_height
        else:
            self.text_y = 0.0
            self.logo_y = last_baseline(self.texts[-1])
        self.width = availWidth
        self.height = max(self.text_y + self.text_height, self.logo_y + self.logo_height)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return []

    def draw(self) -> None:
        text_x = self.width - self.text_room if self.rtl else 0.0
        logo_x = 0.0 if self.rtl else self.width - self.logo_width
        y = self.text_y + self.text_height
        for text in self.texts:
            y -= text.height
            text.drawOn(self.canv, text_x, y)
            y -= text.getSpaceAfter()
        self.logo.drawOn(self.canv, logo_x, self.logo_y)


class Measure(Flowable):
    """A paragraph set no wider than `measure` points, at the start of the line."""

    def __init__(self, paragraph: Para, *, measure: float, rtl: bool) -> None:
        super().__init__()
        self.paragraph, self.measure, self.rtl = paragraph, measure, rtl
        self.room = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.room = min(availWidth, self.measure)
        _, height = self.paragraph.wrap(self.room, availHeight)
        self.width, self.height = availWidth, height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return []

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, self.width - self.room if self.rtl else 0.0, 0)

    def getSpaceBefore(self) -> float:
        return float(self.paragraph.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.paragraph.getSpaceAfter())
