"""Turn a spec into a one-page brief that always fits one page, or a message saying why not.

The page is a grid of regions: the masthead and the key figures across the full width, then a
main column (summary, findings) beside a side column (pull quote, the ask, contacts), then the
sources. Every region is measured before anything is drawn. When the content is too tall the
layout first tightens vertical space, then shrinks type, never below `BODY_FLOOR_PT` for body
text; if it still does not fit it raises `LayoutError` naming each overflowing region, its
blocks and by how much. Nothing is clipped or dropped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import _listWrapOn

from . import blocks
from .errors import LayoutError
from .theme import BODY_FLOOR_PT, BODY_STYLE, Theme
from .validate import LoadedSpec

MARGIN: float = 15 * mm
GUTTER: float = 6.5 * mm
SIDE_SHARE = 0.35
FOOTER_HEIGHT = 16.0
REGION_GAP = 11.0
SPACINGS = (1.0, 0.9, 0.8, 0.7, 0.6)


@dataclass
class Region:
    """A named rectangle of the grid and the blocks that go in it."""

    name: str
    width: float
    blocks: dict[str, list[Flowable]]

    @property
    def flowables(self) -> list[Flowable]:
        return [f for content in self.blocks.values() for f in content]

    def height(self) -> float:
        return float(_listWrapOn(self.flowables, self.width, None)[1]) if self.flowables else 0.0

    def block_heights(self) -> dict[str, float]:
        return {name: _listWrapOn(content, self.width, None)[1]
                for name, content in self.blocks.items() if content}


@dataclass
class Grid:
    """The regions of one attempt at one scale, and the height the columns may use."""

    theme: Theme
    masthead: Region
    figures: Region
    main: Region
    side: Region
    notes: Region
    page_height: float

    def column_room(self) -> float:
        fixed = [self.masthead, self.figures, self.notes]
        used = sum(r.height() for r in fixed) + REGION_GAP * self.theme.spacing * 3
        return self.page_height - 2 * MARGIN - FOOTER_HEIGHT - used

    def overflows(self) -> list[tuple[Region, float]]:
        room = self.column_room()
        over = [(r, r.height() - room) for r in (self.main, self.side)]
        return [(r, amount) for r, amount in over if amount > 0.5]


def build_grid(loaded: LoadedSpec, theme: Theme) -> Grid:
    """Lay the spec's blocks into regions at the theme's scale."""
    spec = loaded.spec
    width, height = blocks.page_size(spec)
    inner = width - 2 * MARGIN
    side_width = inner * SIDE_SHARE
    main_width = inner - side_width - GUTTER

    ask: list[Flowable] = []
    if spec.demands:
        ask = [blocks.ask_box(spec, theme, width=side_width, title="What we ask")]
    findings: list[Flowable] = []
    if spec.findings:
        findings = [blocks.heading("Findings", theme)] + blocks.findings(spec, theme)
    quote = (blocks.quote_block(spec, spec.quotes[0], theme, width=side_width)
             + [Spacer(0, theme.space(10))] if spec.quotes else [])
    contacts = ([blocks.heading("Contacts", theme)] + blocks.contacts(spec, theme)
                if spec.contacts else [])
    notes = ([blocks.rule(theme, width=inner, space=0)] + blocks.sources(spec, theme)
             if spec.sources else [])
    return Grid(
        theme=theme,
        masthead=Region("masthead", inner,
                        {"title": blocks.title_block(loaded, theme, width=inner)}),
        figures=Region("key figures", inner,
                       {"figures": blocks.figures_band(spec, theme, width=inner)}),
        main=Region("main column", main_width,
                    {"summary": blocks.summary(spec, theme), "findings": findings}),
        side=Region("side column", side_width,
                    {"quote": quote, "demands": ask, "contacts": contacts}),
        notes=Region("sources", inner, {"sources": notes}),
        page_height=height,
    )


def _attempts(base: Theme) -> list[Theme]:
    """Themes to try, loosest first: tighter spacing, then smaller type down to the floor."""
    body = base.styles[BODY_STYLE].size
    floor_scale = BODY_FLOOR_PT / body
    attempts = [base.scaled(scale=1.0, spacing=s) for s in SPACINGS]
    scale = 1.0
    while scale - 0.02 >= floor_scale - 1e-9:
        scale = round(scale - 0.02, 4)
        attempts.append(base.scaled(scale=scale, spacing=SPACINGS[-1]))
    if attempts[-1].scale > floor_scale:
        attempts.append(base.scaled(scale=floor_scale, spacing=SPACINGS[-1]))
    return attempts


def fit_to_one_page(loaded: LoadedSpec, base: Theme) -> Grid:
    """The loosest grid that fits one page; `LayoutError` naming the overflow otherwise."""
    grid = None
    for theme in _attempts(base):
        grid = build_grid(loaded, theme)
        if not grid.overflows() and grid.column_room() > 0:
            return grid
    assert grid is not None
    raise LayoutError(_overflow_message(loaded, grid))


def _overflow_message(loaded: LoadedSpec, grid: Grid) -> str:
    floor = grid.theme.size(BODY_STYLE)
    problems = []
    regions = grid.overflows() or [(grid.main, -grid.column_room())]
    for region, amount in regions:
        heights = sorted(region.block_heights().items(), key=lambda kv: -kv[1])
        listed = ", ".join(f"{name} {h:.0f} pt" for name, h in heights)
        problems.append(f"the {region.name} is {amount:.0f} pt too tall ({listed})")
    biggest = max(regions[0][0].block_heights().items(), key=lambda kv: kv[1],
                  default=("title", 0.0))[0]
    where = loaded.where(biggest)
    return (f"{where}: one-page brief does not fit on one page even with body text at "
            f"{floor:.1f} pt: " + "; ".join(problems)
            + ". Shorten these blocks, or build the multi-page layout (--layout multi-page).")


def render_one_page(loaded: LoadedSpec, base: Theme) -> tuple[bytes, int]:
    """PDF bytes of the one-page brief, and its page count (always 1)."""
    grid = fit_to_one_page(loaded, base)
    spec, theme = loaded.spec, grid.theme
    width, height = blocks.page_size(spec)
    gap = REGION_GAP * theme.spacing
    frames: list[Frame] = []
    story: list[Flowable] = []
    top = height - MARGIN

    def place(region: Region, x: float, region_top: float, region_height: float) -> None:
        frames.append(Frame(x, region_top - region_height, region.width, region_height,
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                            id=region.name))
        if story:
            story.append(FrameBreak())
        story.append(KeepInFrame(region.width, region_height, region.flowables, mode="error"))

    for region in (grid.masthead, grid.figures):
        h = region.height()
        if h:
            place(region, MARGIN, top, h)
            top -= h + gap
    room = grid.column_room()
    place(grid.main, MARGIN, top, room)
    if grid.side.flowables:
        place(grid.side, width - MARGIN - grid.side.width, top, room)
    if grid.notes.flowables:
        notes_height = grid.notes.height()
        place(grid.notes, MARGIN, MARGIN + FOOTER_HEIGHT + notes_height, notes_height)

    def footer(canvas: object, doc: object) -> None:
        _draw_footer(canvas, loaded, theme, width)

    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=MARGIN,
                          rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
                          **blocks.metadata(spec, theme))
    doc.addPageTemplates([PageTemplate(id="one-page", frames=frames, onPage=footer)])
    with blocks.layout_errors_named(loaded, doc, "one-page"):
        doc.build(story)
    if doc.page != 1:
        raise LayoutError(f"{loaded.path}: internal layout error: the one-page brief came out "
                          f"as {doc.page} pages; please report this")
    return buffer.getvalue(), doc.page


def _draw_footer(canvas: object, loaded: LoadedSpec, theme: Theme, width: float) -> None:
    from reportlab.pdfgen.canvas import Canvas

    assert isinstance(canvas, Canvas)
    spec = loaded.spec
    style = theme.styles["page.footer"]
    canvas.saveState()
    canvas.setStrokeColor(theme.color("rule"))
    canvas.setLineWidth(0.5)
    y = MARGIN + 4
    canvas.line(MARGIN, y + 9, width - MARGIN, y + 9)
    canvas.setFont(theme.font(style.family, style.face), style.size)
    canvas.setFillColor(theme.color(style.color))
    left = " · ".join(part for part in (blocks.join_names(spec.organisations),
                                        blocks.issued_line(spec)) if part)
    canvas.drawString(MARGIN, y, left)
    canvas.drawRightString(width - MARGIN, y, "Briefing")
    canvas.restoreState()
