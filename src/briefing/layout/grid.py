"""Turn a one-page brief's blocks into the regions of its grid, and measure them.

The page is a grid of regions: the masthead, then a full-width `top` region (the key figures,
usually), a wide `main` column beside a narrow `side` column, an optional full-width row of a
block's parts set side by side, and a full-width `bottom` region (notes and sources) above the
footer. A `Grid` holds one attempt's regions and says how much height the columns may use and
which overflow it.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cached_property

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus.flowables import _listWrapOn

from ..design.design import Design
from ..design.theme import BODY_STYLE, Theme
from ..spec.markup import join_names
from ..spec.validate import LoadedSpec
from .guards import BlockMarker
from .placement import Placement

GUTTER: float = 6.5 * mm
FOOTER_HEIGHT = 16.0
REGION_GAP = 11.0


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

    def gaps(self) -> int:
        """How many spaces there are between its blocks, and between the parts of a block
        (findings, quotes, charts) after the first."""
        return len(self._breaks())

    def _breaks(self) -> set[tuple[str, int]]:
        """Where space may open: (block, index of the flowable it goes before)."""
        found, first = set(), True
        for name, content in self.blocks.items():
            if not content:
                continue
            if not first:
                found.add((name, 0))
            first = False
            parts = [
                i
                for i, f in enumerate(content)
                if isinstance(f, BlockMarker) and f.key_path.endswith("]")
            ]
            found.update((name, i) for i in parts[1:])
        return found

    def feathered(self, extra: float) -> Region:
        """The region `extra` points taller, the space shared evenly between its blocks and
        the parts of its blocks, so that no one gap opens into a hole."""
        if self.gaps() == 0 or extra <= 0:
            return self
        each = extra / self.gaps()
        spaced = self._spaced(each)  # a spacer also keeps the space its neighbours merged
        each -= (spaced.height() - self.height() - extra) / self.gaps()
        return self._spaced(each) if each > 0 else self

    def _spaced(self, each: float) -> Region:
        breaks = self._breaks()
        blocks = {
            name: [
                flowable
                for i, f in enumerate(content)
                for flowable in ([Spacer(0, each), f] if (name, i) in breaks else [f])
            ]
            for name, content in self.blocks.items()
        }
        return Region(self.name, self.width, blocks)

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
    row: Region = dataclasses.field(default_factory=lambda: Region("full-width row", 0, {}))
    """Parts of a block set side by side under the columns (charts, quotes), when moved there."""
    placement: Placement | None = None

    @property
    def theme(self) -> Theme:
        return self.design.theme

    def column_room(self) -> float:
        fixed = [r for r in (self.masthead, self.top, self.row, self.bottom) if r.flowables]
        used = sum(r.height() for r in fixed) + region_gap(self.theme) * len(fixed)
        return self.design.page_size[1] - 2 * self.design.margin - FOOTER_HEIGHT - used

    def frames(self) -> list[tuple[Region, float, float, float]]:
        """Each region that has content with where it goes: its left edge, its top and its
        height. The columns (the main one on the right in a right-to-left language) end
        together; the full-width row and the bottom band follow them at the region gap, so
        that what a page leaves over stays at its foot, above the footer."""
        width, height = self.design.page_size
        margin, gap = self.design.margin, region_gap(self.theme)
        placed: list[tuple[Region, float, float, float]] = []
        top = height - margin

        def stack(region: Region, x: float, region_height: float) -> None:
            nonlocal top
            placed.append((region, x, top, region_height))
            top -= region_height + gap

        for region in (self.masthead, self.top):
            if region.flowables:
                stack(region, margin, region.height())
        main_x, side_x = margin, width - margin - self.side.width
        if self.theme.direction == "rtl":
            main_x, side_x = width - margin - self.main.width, margin
        columns = [(r, x) for r, x in ((self.main, main_x), (self.side, side_x)) if r.flowables]
        if columns:
            tallest = max(r.height() for r, _ in columns)
            placed += [(r, x, top, tallest) for r, x in columns]
            top -= tallest + gap
        for region in (self.row, self.bottom):
            if region.flowables:
                stack(region, margin, region.height())
        return placed

    def overflows(self) -> list[tuple[Region, float]]:
        room = self.column_room()
        over = [(r, r.height() - room) for r in (self.main, self.side)]
        return [(r, amount) for r, amount in over if amount > 0.01]


def overflow_message(loaded: LoadedSpec, grid: Grid) -> str:
    """What a grid that does not fit says: each overflowing region, its blocks and by how
    much, or the bands that leave the columns no room, located at the biggest block."""
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
