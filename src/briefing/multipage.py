"""Turn a spec into a multi-page brief: title block, sections, endnotes, outline, page numbers.

Sections follow one another in a single text frame: executive summary, key figures, findings
(one subsection each), quotes, the ask (numbered, grouped by addressee), contacts, and sources
as numbered endnotes that citations in the text link to. Every section heading becomes a PDF
bookmark. Running headers and "Page X of Y" footers are drawn once the page count is known, by
a canvas that holds pages back until the document is saved.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from . import blocks
from .blocks import BlockMarker as Marker
from .theme import Theme
from .validate import LoadedSpec

MARGIN: float = 20 * mm
TOP_MARGIN: float = 22 * mm
BOTTOM_MARGIN: float = 22 * mm
TEXT_MEASURE = 360.0
"""Width of running text in points: about 70 characters of 10.5 pt serif."""

STYLE_CHANGES: dict[str, dict[str, Any]] = {
    "brief.title": {"size": 28},
    "brief.dek": {"size": 12.5},
    "summary": {"size": 11.5},
    "body": {"size": 10.5, "space_after": 7},
    "section.heading": {"size": 12.5, "space_before": 20, "space_after": 7, "upper": False},
    "finding.heading": {"size": 11, "space_before": 10, "space_after": 3},
    "quote.text": {"size": 13.5},
    "demand.addressee": {"size": 9, "space_before": 8, "space_after": 3},
    "demand.text": {"size": 10, "indent": 14, "space_after": 4},
    "contact.text": {"size": 9.5},
    "source.text": {"size": 8.5, "space_after": 4},
    "figure.value": {"size": 28},
    "figure.label": {"size": 8.5},
}
TEXT_STYLES = ("summary", "body", "finding.heading", "source.text")


class Heading(Flowable):
    """Marks a point in the story as a bookmark of the outline; draws nothing."""

    def __init__(self, title: str, level: int, key: str) -> None:
        super().__init__()
        self.title, self.level, self.key = title, level, key
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def section(title: str, theme: Theme, key: str, *, level: int = 0,
            style: str = "section.heading") -> list[Flowable]:
    """A heading with its bookmark, kept with what follows."""
    marker = Heading(title, level, key)
    marker.keepWithNext = True
    return [marker, blocks.heading(title, theme, style=style)]


def story(loaded: LoadedSpec, theme: Theme, *, width: float) -> list[Flowable]:
    """The whole brief as one list of flowables."""
    spec = loaded.spec
    flow: list[Flowable] = blocks.title_block(loaded, theme, width=width)
    flow.append(blocks.rule(theme, width=width, weight=1.5, color="ink", space=10))
    flow += [Marker("summary")] + section("Executive summary", theme, "summary")
    flow += blocks.summary(spec, theme)
    if spec.figures:
        flow += [Marker("figures")] + section("Key figures", theme, "figures")
        flow += blocks.figures_band(spec, theme, width=width)
    if spec.findings:
        flow += section("Findings", theme, "findings")
        for i, finding in enumerate(spec.findings, start=1):
            flow.append(Marker(f"findings[{i - 1}]"))
            flow += section(finding.heading, theme, f"finding-{i}", level=1,
                            style="finding.heading")
            flow += blocks.rich(finding.text, theme, "body",
                                suffix=blocks.cite(spec, finding.sources, theme))
    if spec.quotes:
        flow += section("In their words", theme, "quotes")
        for i, quote in enumerate(spec.quotes):
            flow.append(Marker(f"quotes[{i}]"))
            flow += blocks.quote_block(spec, quote, theme, width=width * 0.82)
            flow.append(Spacer(0, 10))
    if spec.demands:
        flow += [Marker("demands")] + section("What we ask", theme, "demands")
        flow.append(blocks.ask_box(spec, theme, width=TEXT_MEASURE + 28, pad=14))
    if spec.contacts:
        flow += [Marker("contacts")] + section("Contacts", theme, "contacts")
        flow += blocks.contacts(spec, theme)
    if spec.sources:
        flow += [Marker("sources")] + section("Notes and sources", theme, "sources")
        flow += blocks.sources(spec, theme)
    return flow


def render_multi_page(loaded: LoadedSpec, base: Theme) -> tuple[bytes, int]:
    """PDF bytes of the multi-page brief, and its page count.

    Built twice: the first pass counts the pages, the second prints "Page X of Y". Headers and
    footers sit outside the text frame, so both passes break pages identically.
    """
    spec = loaded.spec
    page_width, page_height = blocks.page_size(spec)
    width = page_width - 2 * MARGIN
    changes = dict(STYLE_CHANGES)
    for name in TEXT_STYLES:
        changes[name] = {**changes.get(name, {}), "right_indent": max(0.0, width - TEXT_MEASURE)}
    theme = base.restyled(changes)
    total: int | None = None
    for _ in range(2):
        frame = Frame(MARGIN, BOTTOM_MARGIN, width, page_height - TOP_MARGIN - BOTTOM_MARGIN,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        furniture = partial(_draw_furniture, loaded=loaded, theme=theme, total=total)
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=(page_width, page_height), leftMargin=MARGIN,
                              rightMargin=MARGIN, topMargin=TOP_MARGIN,
                              bottomMargin=BOTTOM_MARGIN, **blocks.metadata(spec, theme))
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture)])
        with blocks.layout_errors_named(loaded, doc, "multi-page"):
            doc.build(story(loaded, theme, width=width), canvasmaker=_OutlineCanvas)
        total = doc.page
    return buffer.getvalue(), doc.page


class _OutlineCanvas(Canvas):
    """A canvas that opens the outline panel when the PDF is opened."""

    def save(self) -> None:
        self.showOutline()
        super().save()


def _draw_furniture(canvas: Canvas, doc: BaseDocTemplate, *, loaded: LoadedSpec, theme: Theme,
                    total: int | None) -> None:
    """Running header (from page 2) and footer with "Page X of Y"."""
    spec = loaded.spec
    page_width, page_height = canvas._pagesize
    number = canvas.getPageNumber()
    header, footer = theme.styles["page.header"], theme.styles["page.footer"]
    canvas.saveState()
    canvas.setFillColor(theme.color(footer.color))
    canvas.setStrokeColor(theme.color("rule"))
    canvas.setLineWidth(0.5)
    if number > 1:
        y = page_height - TOP_MARGIN + 12
        canvas.setFont(theme.font(header.family, header.face), header.size)
        canvas.drawString(MARGIN, y, _short(spec.title, theme, header, page_width / 2))
        canvas.drawRightString(page_width - MARGIN, y, blocks.join_names(spec.organisations))
        canvas.line(MARGIN, y - 5, page_width - MARGIN, y - 5)
    y = BOTTOM_MARGIN - 20
    canvas.line(MARGIN, y + 10, page_width - MARGIN, y + 10)
    canvas.setFont(theme.font(footer.family, footer.face), footer.size)
    left = " · ".join(p for p in (blocks.join_names(spec.organisations), blocks.issued_line(spec))
                      if p)
    canvas.drawString(MARGIN, y, left)
    canvas.drawRightString(page_width - MARGIN, y, f"Page {number} of {total or '?'}")
    canvas.restoreState()


def _short(title: str, theme: Theme, style: Any, room: float) -> str:
    """`title`, cut at a word boundary with an ellipsis to fit `room` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = theme.font(style.family, style.face)
    if stringWidth(title, font, style.size) <= room:
        return title
    words = title.split()
    while words and stringWidth(" ".join(words) + "\u2026", font, style.size) > room:
        words.pop()
    return " ".join(words) + "\u2026"
