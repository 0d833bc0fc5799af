"""Turn a spec and a design into a one-page brief that always fits one page, or say why not.

The page is a grid of regions: the masthead, then a full-width `top` region (the key figures,
usually), a wide `main` column beside a narrow `side` column, and a full-width `bottom` region
(sources) above the footer. The design says which blocks go in which region. Every region is
measured before anything is drawn. When the content is too tall the layout first tightens
vertical space, then shrinks type, never below `BODY_FLOOR_PT` for body text; if it still does
not fit it raises `LayoutError` naming each overflowing region, its blocks and by how much.
Nothing is clipped or dropped.
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    PageTemplate,
)
from reportlab.platypus.flowables import _listWrapOn

from . import furniture, guards, masthead
from .design import Design
from .errors import LayoutError
from .markup import join_names
from .sections import BlockContext, build_block
from .theme import BODY_FLOOR_PT, BODY_STYLE, Theme
from .typography import typeset_spec
from .validate import LoadedSpec

GUTTER: float = 6.5 * mm
FOOTER_HEIGHT = 16.0
REGION_GAP = 11.0
SPACINGS = (1.0, 0.9, 0.8, 0.7, 0.6)
CHART_SCALES = (1.0, 0.85, 0.7)
_FIXED_TYPE = len(SPACINGS) + len(CHART_SCALES) - 1
"""Charts shrink to 70% of their height (their smallest readable size) before type shrinks."""


def region_gap(theme: Theme) -> float:
    """Space between regions: it tightens with the rest, but less, so regions stay apart."""
    return REGION_GAP * max(theme.spacing, 0.8)


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
        return self._height

    @cached_property
    def _height(self) -> float:
        return float(_listWrapOn(self.flowables, self.width, None)[1]) if self.flowables else 0.0

    def block_heights(self) -> dict[str, float]:
        return {
            name: float(_listWrapOn(content, self.width, None)[1])
            for name, content in self.blocks.items()
            if content
        }


@dataclass
class Grid:
    """The regions of one attempt at one scale, and the height the columns may use."""

    design: Design
    masthead: Region
    top: Region
    main: Region
    side: Region
    bottom: Region

    @property
    def theme(self) -> Theme:
        return self.design.theme

    def column_room(self) -> float:
        fixed = [r for r in (self.masthead, self.top, self.bottom) if r.flowables]
        used = sum(r.height() for r in fixed) + region_gap(self.theme) * len(fixed)
        return self.design.page_size[1] - 2 * self.design.margin - FOOTER_HEIGHT - used

    def overflows(self) -> list[tuple[Region, float]]:
        room = self.column_room()
        over = [(r, r.height() - room) for r in (self.main, self.side)]
        return [(r, amount) for r, amount in over if amount > 0.01]


def build_grid(loaded: LoadedSpec, design: Design) -> Grid:
    """Lay the arrangement's blocks into regions at the design's scale."""
    spec = loaded.spec
    inner = design.page_size[0] - 2 * design.margin
    side_width = inner * design.side_share
    main_width = inner - side_width - GUTTER
    arrangement = design.one_page

    def region(name: str, width: float, names: Sequence[str] | None) -> Region:
        contents = {}
        for i, block in enumerate(names or []):
            ctx = BlockContext(
                spec,
                design,
                "one-page",
                width,
                lead=(name == "main column" and i == 0),
                images=loaded.images,
            )
            contents[block] = build_block(block, ctx)
        return Region(name, width, contents)

    return Grid(
        design=design,
        masthead=Region(
            "masthead", inner, {"title": masthead.title_block(spec, design, width=inner)}
        ),
        top=region("top band", inner, arrangement.top),
        main=region("main column", main_width, arrangement.main),
        side=region("side column", side_width, arrangement.side),
        bottom=region("bottom band", inner, arrangement.bottom),
    )


def _attempts(design: Design) -> list[Design]:
    """Designs to try, loosest first: tighter spacing, then smaller charts down to their
    smallest readable size, then smaller type down to the floor. The first `_FIXED_TYPE`
    keep the type at full size."""
    base = design.theme
    floor_scale = BODY_FLOOR_PT / base.styles[BODY_STYLE].size
    tight = SPACINGS[-1]
    attempts = [(base.scaled(scale=1.0, spacing=s), 1.0) for s in SPACINGS]
    attempts += [(base.scaled(scale=1.0, spacing=tight), c) for c in CHART_SCALES[1:]]
    scale = 1.0
    while scale - 0.02 >= floor_scale - 1e-9:
        scale = round(scale - 0.02, 4)
        attempts.append((base.scaled(scale=scale, spacing=tight), CHART_SCALES[-1]))
    if attempts[-1][0].scale > floor_scale:
        attempts.append((base.scaled(scale=floor_scale, spacing=tight), CHART_SCALES[-1]))
    return [
        dataclasses.replace(design, theme=theme, chart_scale=charts) for theme, charts in attempts
    ]


def _balanced(loaded: LoadedSpec, design: Design) -> Design:
    """The design as arranged, or, if one column overflows while the other has room, with the
    overflowing column's last blocks moved to the end of the other: whichever leaves the
    taller column shortest."""
    grid = build_grid(loaded, design)
    if not grid.overflows():
        return design
    arrangement = design.one_page
    main, side = list(arrangement.main or []), list(arrangement.side or [])
    candidates = [design]
    for moved in range(1, len(side)):
        candidates.append(
            dataclasses.replace(
                design,
                one_page=dataclasses.replace(
                    arrangement, main=main + side[-moved:], side=side[:-moved]
                ),
            )
        )
    for moved in range(1, len(main)):
        candidates.append(
            dataclasses.replace(
                design,
                one_page=dataclasses.replace(
                    arrangement, main=main[:-moved], side=side + main[-moved:]
                ),
            )
        )

    def tallest(candidate: Design) -> float:
        trial = build_grid(loaded, candidate)
        return max(trial.main.height(), trial.side.height())

    return min(candidates, key=tallest)


def _fits(grid: Grid) -> bool:
    return not grid.overflows() and grid.column_room() > 0


def _first_fit(loaded: LoadedSpec, attempts: list[Design]) -> tuple[Grid | None, Grid]:
    """The grid of the loosest attempt that fits, found by bisection (each attempt is tighter
    than the one before), and the grid of the tightest attempt."""
    first = build_grid(loaded, attempts[0])
    if _fits(first):
        return first, first
    last = build_grid(loaded, attempts[-1])
    if len(attempts) == 1 or not _fits(last):
        return None, last
    low, high, best = 0, len(attempts) - 1, last
    while high - low > 1:
        middle = (low + high) // 2
        grid = build_grid(loaded, attempts[middle])
        if _fits(grid):
            high, best = middle, grid
        else:
            low = middle
    return best, last


def fit_to_one_page(loaded: LoadedSpec, design: Design) -> Grid:
    """The loosest grid that fits one page; `LayoutError` naming the overflow otherwise.

    In order of preference: the arrangement as designed at full type size; the columns
    rebalanced at full type size; then smaller type, down to the floor."""
    attempts = _attempts(design)
    grid, _ = _first_fit(loaded, attempts[:_FIXED_TYPE])
    if grid:
        return grid
    balanced = _balanced(loaded, design)
    attempts = _attempts(balanced)
    grid, _ = _first_fit(loaded, attempts[:_FIXED_TYPE])
    if grid:
        return grid
    grid, tightest = _first_fit(loaded, attempts[_FIXED_TYPE - 1 :])
    if grid:
        return grid
    raise LayoutError(_overflow_message(loaded, tightest))


def _overflow_message(loaded: LoadedSpec, grid: Grid) -> str:
    floor = grid.theme.size(BODY_STYLE)
    problems = []
    if grid.column_room() <= 0:  # the masthead and the bands alone fill the page
        fixed = [r for r in (grid.masthead, grid.top, grid.bottom) if r.flowables]
        heights = sorted(
            (kv for region in fixed for kv in region.block_heights().items()), key=lambda kv: -kv[1]
        )
        listed = ", ".join(f"{name} {h:.0f} pt" for name, h in heights)
        names = join_names([region.name for region in fixed])
        problems.append(f"the {names} leave no room for the columns ({listed})")
        biggest = heights[0][0]
    else:
        regions = grid.overflows()
        for region, amount in regions:
            heights = sorted(region.block_heights().items(), key=lambda kv: -kv[1])
            listed = ", ".join(f"{name} {h:.0f} pt" for name, h in heights)
            problems.append(f"the {region.name} is {math.ceil(amount)} pt too tall ({listed})")
        biggest = max(regions[0][0].block_heights().items(), key=lambda kv: kv[1])[0]
    where = loaded.where(biggest)
    return (
        f"{where}: one-page brief does not fit on one page even with body text at "
        f"{floor:.1f} pt: "
        + "; ".join(problems)
        + ". Shorten these blocks, or build the multi-page layout (--layout multi-page)."
    )


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
    main_x, side_x = margin, width - margin - grid.side.width
    if design.theme.direction == "rtl":  # the side column on the left, the main on the right
        main_x, side_x = width - margin - grid.main.width, margin
    if grid.main.flowables:
        place(grid.main, main_x, top, room)
    if grid.side.flowables:
        place(grid.side, side_x, top, room)
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
