"""Turn a spec and a design into a multi-page brief: title block, sections, endnotes, outline.

The design's `multi_page` list says which blocks follow one another in a single text frame, in
which order; sources are numbered endnotes that citations in the text link to; every section
heading is a PDF bookmark. Everything ends on one right edge, the measure of running text
(`blocks.TEXT_MEASURE`): paragraphs, panels, quotes, charts and rules; only the title block, the
rule beneath it and the key figures band (`FULL_WIDTH`) span the frame. Pages keep things
together (`pagination`), figures shrink a little or float to the top of the next page, and a
last page of a few lines, or nearly empty, is pulled back by tightening the space on the pages
before it (`TIGHTER`). Running headers and "Page X of Y" footers sit outside the
text frame. The last pass is tagged (`tagging.py`, `structtree.py`) in the story's order.
"""

from __future__ import annotations

import dataclasses
import io
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageBreak, PageTemplate

from ..design.design import Design
from ..design.theme import Theme
from ..design.typography import typeset_spec
from ..spec.validate import LoadedSpec
from . import blocks, furniture, guards, masthead, pagination, structtree, tagging
from .guards import BlockMarker
from .sections import BlockContext, build_block

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
TEXT_STYLES = (
    "summary",
    "body",
    "section.heading",
    "finding.heading",
    "source.text",
    "list.text",
    "chart.title",
    "chart.note",
    "contact.text",
)
"""Styles of paragraphs set straight in the frame, which end at the measure."""
FULL_WIDTH = frozenset({"figures"})
"""Blocks that span the frame; every other block ends at the measure."""
SHORT_LAST_PAGE = 6
"""A last page with fewer lines of text than this is pulled back onto the pages before."""
NEARLY_EMPTY = 1 / 3
"""A last page whose text fills less than this share of it is pulled back too, when tightening
the pages before removes it (and left as it is when none does)."""
TIGHTER: tuple[tuple[float, float], ...] = ((0.85, 1.0), (0.7, 1.0), (0.7, 0.96))
"""Ways to pull a short last page back, tried in order: (space between blocks, leading), each
a factor of the normal; type keeps its size."""
PUSH_TRIES = 4
"""When no tightening pulls a short last page back, this many page breaks are tried that push
more of the page before onto it."""


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
    measure = min(width, blocks.TEXT_MEASURE)
    for block in design.multi_page:
        room = width if block in FULL_WIDTH else measure
        flow += build_block(
            block, BlockContext(loaded.spec, design, "multi-page", room, images=loaded.images)
        )
    return pagination.keep_starts(flow)


def render_multi_page(loaded: LoadedSpec, design: Design) -> tuple[bytes, int]:
    """PDF bytes of the multi-page brief, and its page count.

    A first pass counts the pages and the lines of the last one; when those are fewer than
    `SHORT_LAST_PAGE`, or fill less than `NEARLY_EMPTY` of the page, tighter passes (`TIGHTER`)
    try to pull them back; the last pass prints
    "Page X of Y". Headers and footers sit outside the text frame, so every pass with the same
    theme breaks pages identically. All passes together take at most
    `paragraphs.LAYOUT_SECONDS`. Straight quotes print as the language's marks (`typography.py`).
    """
    with guards.within_time(loaded, "multi-page"):
        return _render(typeset_spec(loaded), design)


def _render(loaded: LoadedSpec, design: Design) -> tuple[bytes, int]:
    page_width, page_height = design.page_size
    margin = design.margin + EXTRA_SIDE_MARGIN
    width = page_width - 2 * margin
    base = multi_page_theme(design.theme, width=width)
    design = dataclasses.replace(design, theme=base)
    doc, _ = _build(loaded, design, margin=margin, total=None)
    break_before: int | None = None
    short = doc.last_page_lines() < SHORT_LAST_PAGE
    if doc.page > 1 and (short or doc.last_page_filled() < NEARLY_EMPTY):
        for spacing, leading in TIGHTER:
            tighter = dataclasses.replace(design, theme=_tightened(base, spacing, leading))
            trial, _ = _build(loaded, tighter, margin=margin, total=None)
            if trial.page < doc.page:
                design, doc = tighter, trial
                break
        else:
            if short:
                doc, break_before = _pushed(loaded, design, margin=margin, short=doc)
    doc, pdf = _build(loaded, design, margin=margin, total=doc.page, break_before=break_before)
    return pdf, doc.page


def _pushed(
    loaded: LoadedSpec, design: Design, *, margin: float, short: pagination.LineCountingDoc
) -> tuple[pagination.LineCountingDoc, int | None]:
    """When tightening cannot pull a short last page back: the page break, before one of
    the last `PUSH_TRIES` flowables starting on the page before, that gives the last page
    `SHORT_LAST_PAGE` lines without adding a page, and the document it gives (None and the
    short document when none does)."""
    for index in reversed(short.starting_on(short.page - 1)[1:][-PUSH_TRIES:]):
        trial, _ = _build(loaded, design, margin=margin, total=None, break_before=index)
        if trial.page == short.page and trial.last_page_lines() >= SHORT_LAST_PAGE:
            return trial, index
    return short, None


def _tightened(theme: Theme, spacing: float, leading: float) -> Theme:
    """`theme` with the space between blocks and the leading of every style by these factors."""
    changes = {name: {"leading": style.leading * leading} for name, style in theme.styles.items()}
    return theme.restyled(changes).scaled(scale=theme.scale, spacing=theme.spacing * spacing)


def _build(
    loaded: LoadedSpec,
    design: Design,
    *,
    margin: float,
    total: int | None,
    break_before: int | None = None,
) -> tuple[pagination.LineCountingDoc, bytes]:
    """One pass over the story: the document (its pages and their lines) and the PDF bytes;
    `total` is the page count the footers print (None on a trial pass, which only lays the
    pages out and gives no bytes); a page break before the flowable `break_before` of the
    story, if given."""
    page_width, page_height = design.page_size
    width = page_width - 2 * margin
    frame = (Frame if total is not None else _PlacingFrame)(
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
    doc = pagination.LineCountingDoc(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        **masthead.metadata(loaded.spec, design.theme, design.words),
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    if total is None:
        doc._doSave = 0  # a trial pass counts pages and lines: no PDF is serialised
    with guards.layout_errors_named(loaded, doc, "multi-page"):
        flow = pagination.number_story(story(loaded, design, width=width))
        if break_before is not None:
            flow.insert(break_before, PageBreak())
        canvases: list[_OutlineCanvas] = []

        def canvas(*args: Any, **kwargs: Any) -> _OutlineCanvas:
            canvases.append(_OutlineCanvas(*args, **kwargs))
            return canvases[-1]

        doc.build(flow, canvasmaker=canvas)
    if total is None:
        return doc, b""
    marks = canvases[-1].recorder.marks
    return doc, structtree.tag_pdf(buffer.getvalue(), marks, order="serial")


class _PlacingFrame(Frame):
    """A frame that places flowables without drawing them: a trial pass counts pages and
    lines, which drawing never changes. What holds a `BlockMarker` is drawn, so that an
    error names the block being laid out (`guards.py`)."""

    def _add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:
        if any(isinstance(leaf, BlockMarker) for leaf in tagging.leaves([flowable])):
            return int(super()._add(flowable, canv, trySplit))
        attributes = vars(flowable)  # not setattr: drawings refuse attributes they do not know
        own = attributes.get("drawOn")
        attributes["drawOn"] = _undrawn
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            if own is None:
                del attributes["drawOn"]
            else:
                attributes["drawOn"] = own

    add = _add


def _undrawn(*args: Any, **kwargs: Any) -> None:
    """What a trial pass draws of a flowable: nothing."""


class _OutlineCanvas(tagging.TaggedCanvas):
    """A tagging canvas that opens the outline panel when the PDF is opened."""

    def save(self) -> None:
        self.showOutline()
        super().save()
