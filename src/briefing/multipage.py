"""Turn a spec and a design into a multi-page brief: title block, sections, endnotes, outline.

The design's `multi_page` list says which blocks follow one another in a single text frame, in
which order; sources are numbered endnotes that citations in the text link to; every section
heading is a PDF bookmark. Running text keeps a readable measure (`TEXT_MEASURE`) while figures,
quotes and the ask may use the full width. Running headers and "Page X of Y" footers sit
outside the text frame.
"""

from __future__ import annotations

import dataclasses
import io
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from . import blocks, furniture, guards, masthead
from .design import Design
from .sections import BlockContext, build_block
from .theme import Theme
from .typography import typeset_spec
from .validate import LoadedSpec

EXTRA_SIDE_MARGIN: float = 5 * mm
TOP_MARGIN: float = 22 * mm
BOTTOM_MARGIN: float = 22 * mm
TYPE_SCALE = 1.1
"""Multi-page type is this much larger than the one-page sizes the template gives."""

SIZE_FACTORS = {
    "section.heading": 1.3,
    "finding.heading": 1.05,
    "brief.title": 1.02,
    "source.text": 1.1,
    "figure.value": 1.05,
    "list.text": 1.1,
}
STRUCTURE: dict[str, dict[str, Any]] = {
    "section.heading": {"upper": False, "space_before": 18, "space_after": 6},
    "body": {"space_after": 6.5},
    "finding.heading": {"space_before": 9, "space_after": 2.5},
    "demand.addressee": {"space_before": 7, "space_after": 3},
    "source.text": {"space_after": 3.5},
}
TEXT_STYLES = ("summary", "body", "finding.heading", "source.text", "list.text")


def multi_page_theme(base: Theme, *, width: float) -> Theme:
    """The design's theme adapted to reading at length: larger type, a text measure."""
    changes: dict[str, dict[str, Any]] = {name: dict(fields) for name, fields in STRUCTURE.items()}
    for name, factor in SIZE_FACTORS.items():
        changes.setdefault(name, {})["size"] = base.styles[name].size * factor
    for name in TEXT_STYLES:
        changes.setdefault(name, {})["right_indent"] = max(0.0, width - blocks.TEXT_MEASURE)
    return base.restyled(changes).scaled(scale=TYPE_SCALE, spacing=1.0)


def story(loaded: LoadedSpec, design: Design, *, width: float) -> list[Flowable]:
    """The whole brief as one list of flowables."""
    theme = design.theme
    flow: list[Flowable] = masthead.title_block(loaded.spec, design, width=width)
    flow.append(blocks.rule(theme, width=width, weight=1.5, color="ink", space=10))
    for block in design.multi_page:
        flow += build_block(
            block, BlockContext(loaded.spec, design, "multi-page", width, images=loaded.images)
        )
    return flow


def render_multi_page(loaded: LoadedSpec, design: Design) -> tuple[bytes, int]:
    """PDF bytes of the multi-page brief, and its page count.

    Built twice: the first pass counts the pages, the second prints "Page X of Y". Headers and
    footers sit outside the text frame, so both passes break pages identically. Both passes
    together take at most `paragraphs.LAYOUT_SECONDS`. Straight quotes print as the language's
    marks (`typography.py`).
    """
    with guards.within_time(loaded, "multi-page"):
        return _render(typeset_spec(loaded), design)


def _render(loaded: LoadedSpec, design: Design) -> tuple[bytes, int]:
    page_width, page_height = design.page_size
    margin = design.margin + EXTRA_SIDE_MARGIN
    width = page_width - 2 * margin
    design = dataclasses.replace(design, theme=multi_page_theme(design.theme, width=width))
    total: int | None = None
    for _ in range(2):
        frame = Frame(
            margin,
            BOTTOM_MARGIN,
            width,
            page_height - TOP_MARGIN - BOTTOM_MARGIN,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        on_page = partial(
            furniture.multi_page_furniture,
            loaded=loaded,
            design=design,
            margin=margin,
            top_margin=TOP_MARGIN,
            bottom_margin=BOTTOM_MARGIN,
            total=total,
        )
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=(page_width, page_height),
            leftMargin=margin,
            rightMargin=margin,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            **masthead.metadata(loaded.spec, design.theme, design.words),
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        with guards.layout_errors_named(loaded, doc, "multi-page"):
            doc.build(story(loaded, design, width=width), canvasmaker=_OutlineCanvas)
        total = doc.page
    return buffer.getvalue(), doc.page


class _OutlineCanvas(Canvas):
    """A canvas that opens the outline panel when the PDF is opened."""

    def save(self) -> None:
        self.showOutline()
        super().save()
