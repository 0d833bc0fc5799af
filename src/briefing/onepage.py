"""Turn a spec and a design into a one-page brief that always fits one page, or say why not.

The fitter (`fitting.py`) chooses the grid: where each block goes and at what size. This module
draws it: one frame per region, the footer, and a check that the result is one page.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
)

from . import furniture, guards, masthead
from .design import Design
from .errors import LayoutError
from .fitting import fit_to_one_page
from .grid import FOOTER_HEIGHT, Region, region_gap
from .typography import typeset_spec
from .validate import LoadedSpec


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
    gap = region_gap(design.theme)
    frames: list[Frame] = []
    story: list[Flowable] = []

    def place(region: Region, x: float, region_top: float, region_height: float) -> None:
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

    top = height - margin
    for region in (grid.masthead, grid.top):
        if region.flowables:
            place(region, margin, top, region.height())
            top -= region.height() + gap
    room = grid.column_room()
    if grid.row.flowables:  # the row sits under the taller column, the slack above the sources
        room = min(room, max(grid.main.height(), grid.side.height()))
    main_x, side_x = margin, width - margin - grid.side.width
    if design.theme.direction == "rtl":  # the side column on the left, the main on the right
        main_x, side_x = width - margin - grid.main.width, margin
    if grid.main.flowables:
        place(grid.main, main_x, top, room)
    if grid.side.flowables:
        place(grid.side, side_x, top, room)
    if grid.row.flowables:
        place(grid.row, margin, top - room - gap, grid.row.height())
    if grid.bottom.flowables:
        bottom_height = grid.bottom.height()
        place(grid.bottom, margin, margin + FOOTER_HEIGHT + bottom_height, bottom_height)

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
    with guards.layout_errors_named(loaded, doc, "one-page"):
        doc.build(story)
    if doc.page != 1:
        raise LayoutError(
            f"{loaded.path}: internal layout error: the one-page brief came out "
            f"as {doc.page} pages; please report this"
        )
    return buffer.getvalue(), doc.page
