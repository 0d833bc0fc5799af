"""Turn a spec and a design into a one-page brief that always fits one page, or say why not.

The fitter (`fitting.py`) chooses the grid: where each block goes and at what size. This module
draws it: one frame per region, the footer, and a check that the result is one page, then tags
it (`tagging.py`, `structtree.py`) in the regions' reading order.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
)

from ..design.design import Design
from ..design.typography import typeset_spec
from ..errors import LayoutError
from ..spec.validate import LoadedSpec
from . import furniture, guards, masthead, structtree, tagging
from .fitting import fit_to_one_page


def render_one_page(loaded: LoadedSpec, design: Design) -> tuple[bytes, int]:
    """PDF bytes of the one-page brief, and its page count (always 1); fitting and drawing
    together take at most `paragraphs.LAYOUT_SECONDS`. Straight quotes print as the language's
    marks (`typography.py`)."""
    with guards.within_time(loaded, "one-page"):
        return _render(typeset_spec(loaded), design)


def _render(loaded: LoadedSpec, design: Design) -> tuple[bytes, int]:
    grid = fit_to_one_page(loaded, design)
    design = grid.design
    width, height = design.page_size
    margin = design.margin
    frames: list[Frame] = []
    story: list[Flowable] = []
    for region, x, region_top, region_height in grid.frames():
        frames.append(
            Frame(
                x,
                region_top - region_height,
                region.width,
                region_height,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=region.name,
            )
        )
        if story:
            story.append(FrameBreak())
        story.append(KeepInFrame(region.width, region_height, region.flowables, mode="error"))

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        furniture.one_page_footer(canvas, loaded, design)

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        **masthead.metadata(loaded.spec, design.theme, design.words),
    )
    doc.addPageTemplates([PageTemplate(id="one-page", frames=frames, onPage=footer)])
    canvases: list[tagging.TaggedCanvas] = []

    def canvas(*args: Any, **kwargs: Any) -> tagging.TaggedCanvas:
        canvases.append(tagging.TaggedCanvas(*args, **kwargs))
        return canvases[-1]

    with guards.layout_errors_named(loaded, doc, "one-page"):
        doc.build(story, canvasmaker=canvas)
    if doc.page != 1:
        raise LayoutError(
            f"{loaded.path}: internal layout error: the one-page brief came out "
            f"as {doc.page} pages; please report this"
        )
    marks = canvases[-1].recorder.marks
    return structtree.tag_pdf(buffer.getvalue(), marks, order="drawn"), doc.page
