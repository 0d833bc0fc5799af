"""Turn a spec and a design into what every page carries besides the brief: running heads,
footers with the issuer, the date, the document type and page numbers, and on a draft the
"DRAFT" mark with the time it was built.

The layouts call these from their page templates; they draw outside the text frames, so they
never change how the text breaks.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from ..design import bidi, direction
from ..design.design import Design
from ..design.issuing import DOCUMENT_KEY, date_line
from ..spec.validate import LoadedSpec
from . import masthead


def one_page_footer(canvas: Canvas, loaded: LoadedSpec, design: Design) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    spec, theme, words = loaded.spec, design.theme, design.words
    width, margin = design.page_size[0], design.margin
    style = theme.styles["page.footer"]
    canvas.saveState()
    canvas.setStrokeColor(theme.color("rule"))
    canvas.setLineWidth(0.5)
    y = margin + 4
    canvas.line(margin, y + 9, width - margin, y + 9)
    font = theme.font(style.family, style.face)
    canvas.setFont(font, style.size)
    canvas.setFillColor(theme.color(style.color))
    issued = date_line(spec, words)
    left = " · ".join(part for part in (masthead.issuer(spec, words), issued) if part)
    product = words.say(DOCUMENT_KEY)
    room = width - 2 * margin - stringWidth(product, font, style.size) - 12
    start = direction.fit_line(left, font, style.size, room)
    direction.draw_ends(
        canvas, y=y, left=margin, right=width - margin, start=start, end=product, theme=theme
    )
    canvas.restoreState()
    draft_mark(canvas, design, margin=design.margin)


def multi_page_furniture(
    canvas: Canvas,
    doc: BaseDocTemplate,
    *,
    loaded: LoadedSpec,
    design: Design,
    margin: float,
    top_margin: float,
    bottom_margin: float,
    total: int | None,
) -> None:
    """Running header (from page 2) and footer with "Page X of Y", each cut to its room."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    spec, theme, words = loaded.spec, design.theme, design.words
    page_width, page_height = canvas._pagesize
    number = canvas.getPageNumber()
    header, footer = theme.styles["page.header"], theme.styles["page.footer"]
    canvas.saveState()
    canvas.setFillColor(theme.color(footer.color))
    canvas.setStrokeColor(theme.color("rule"))
    canvas.setLineWidth(0.5)
    if number > 1:
        y = page_height - top_margin + 12
        font = theme.font(header.family, header.face)
        canvas.setFont(font, header.size)
        title = direction.fit_line(spec.title, font, header.size, page_width / 2)
        room = page_width - 2 * margin - stringWidth(title, font, header.size) - 12
        names = direction.fit_line(masthead.issuer(spec, words), font, header.size, room)
        direction.draw_ends(
            canvas, y=y, left=margin, right=page_width - margin, start=title, end=names, theme=theme
        )
        canvas.line(margin, y - 5, page_width - margin, y - 5)
    y = bottom_margin - 20
    canvas.line(margin, y + 10, page_width - margin, y + 10)
    font = theme.font(footer.family, footer.face)
    canvas.setFont(font, footer.size)
    page = words.say("pages.number", number=number, total=total or "?")
    page = f"{words.say(DOCUMENT_KEY)} · {page}"
    left = " · ".join(p for p in (masthead.issuer(spec, words), date_line(spec, words)) if p)
    room = page_width - 2 * margin - stringWidth(page, font, footer.size) - 12
    start = direction.fit_line(left, font, footer.size, room)
    direction.draw_ends(
        canvas, y=y, left=margin, right=page_width - margin, start=start, end=page, theme=theme
    )
    canvas.restoreState()
    draft_mark(canvas, design, margin=margin)


DRAFT_GREY = 0.88
"""Grey level of the "DRAFT" mark: light enough to read the page through it."""


def draft_mark(canvas: Canvas, design: Design, *, margin: float) -> None:
    """On a draft (`design.draft`), "DRAFT" across the page, light, and the build time in the
    top margin, from the text's `margin`; nothing otherwise."""
    if design.draft is None:
        return
    from reportlab.pdfbase.pdfmetrics import stringWidth

    theme, words = design.theme, design.words
    width, height = canvas._pagesize
    style = theme.styles["page.footer"]
    bold = theme.font(style.family, "bold")
    base: bidi.Direction = "rtl" if theme.direction == "rtl" else "ltr"
    mark = bidi.visual(direction.fit_line(words.say("draft.mark"), bold, 10, width), base=base)
    size = min(110.0, 0.75 * width / max(1.0, stringWidth(mark, bold, 10)) * 10)
    canvas.saveState()
    canvas.setFillGray(DRAFT_GREY)
    canvas.setFont(bold, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -size / 3, mark)
    canvas.restoreState()
    canvas.saveState()
    font = theme.font(style.family, style.face)
    canvas.setFont(font, style.size)
    canvas.setFillColor(theme.color("accent"))
    stamp = direction.fit_line(design.draft, font, style.size, width - 2 * margin)
    y = height - design.margin / 2 - style.size / 2
    direction.draw_ends(
        canvas,
        y=y,
        left=margin,
        right=width - margin,
        start=stamp,
        end="",
        theme=theme,
    )
    canvas.restoreState()
