"""Turn a spec and a design into the grid of a one-page brief that fits its page, or say why not.

When the content is too tall, the fitter first places: it moves blocks, or some parts of a block
(a quote, a chart), between the columns, or sets a block's parts side by side in a full-width
row (`placement.py`). Then it tightens vertical space, shrinks charts to their smallest
readable size, and shrinks type, never below `BODY_FLOOR_PT` for body text and `NOTE_FLOOR_PT`
for notes. If it still does not fit it raises `LayoutError` naming each overflowing region, its
blocks and by how much. Nothing is clipped or dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..design.design import Design
from ..design.theme import BODY_STYLE
from ..errors import LayoutError
from ..spec.validate import LoadedSpec
from . import refit
from .attempts import (
    _FIXED_TYPE,
    LADDER,
    SIDE_LEAST,
    SIDE_MOST,
    attempt_cost,
    attempts,
    floored,
)
from .grid import FOOTER_HEIGHT, GUTTER, Grid, Region, overflow_message, region_gap
from .placement import Blocks, Built, Piece, Placement, Unit, candidates

AIRY = (1.5, 1.35, 1.2)
"""Spacings past the design's that the shorter column may take to end with the other."""
FEATHER_LINES = 3.0
"""The most space, in body lines, the shorter column may add between two of its blocks to end
with the other."""
BALANCED_LINES = 3
"""Columns that end within this many body lines of each other are balanced."""
SHARE_STEPS = (0.03, 0.06)
"""How far the side column's share of the width may move (either way) to make the columns end
together at full type, before spacing is opened to do it."""
LINE_COST = 0.4
"""What each body line of difference between the columns' ends, past `BALANCED_LINES`, costs
a placement (`attempt_cost`)."""


@dataclass
class Trial:
    """One attempt (one type scale, spacing and chart scale): its fixed regions built once,
    its column blocks built per width, and every placement measured from them."""

    loaded: LoadedSpec
    design: Design
    masthead: Region
    top: Region
    bottom: Region
    blocks: Blocks
    inner: float
    main_width: float
    side_width: float
    rows: dict[tuple[Unit, ...], Piece] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, loaded: LoadedSpec, design: Design, *, built: Built | None = None) -> Trial:
        """The attempt at `design`, sharing the blocks `built` by the fit's other attempts."""
        inner = design.page_size[0] - 2 * design.margin
        side_width = inner * design.side_share
        title, top, bottom = refit.fixed(loaded, design)
        main = list(design.one_page.main or [])
        return cls(
            loaded=loaded,
            design=design,
            masthead=title,
            top=top,
            bottom=bottom,
            blocks=Blocks(loaded, design, lead=main[0] if main else None, built=built or Built()),
            inner=inner,
            main_width=inner - side_width - GUTTER,
            side_width=side_width,
        )

    def shared(self, share: float) -> Trial:
        """This attempt with the side column taking `share` of the width: the same bands and
        the same blocks built (none of them depends on the share, only on its width)."""
        design = dataclasses.replace(self.design, side_share=share)
        side_width = self.inner * share
        return dataclasses.replace(
            self,
            design=design,
            blocks=dataclasses.replace(self.blocks, design=design),
            main_width=self.inner - side_width - GUTTER,
            side_width=side_width,
            rows={},
        )

    def designed(self) -> tuple[list[Unit], list[Unit]]:
        arrangement = self.design.one_page
        return (
            self.blocks.units(arrangement.main or [], self.main_width, main=True),
            self.blocks.units(arrangement.side or [], self.side_width, main=False),
        )

    def room(self, row: Piece | None) -> float:
        fixed = [r.height() for r in (self.masthead, self.top, self.bottom) if r.flowables]
        if row is not None:
            fixed.append(row.height)
        used = sum(fixed) + region_gap(self.design.theme) * len(fixed)
        return self.design.page_size[1] - 2 * self.design.margin - FOOTER_HEIGHT - used

    def row(self, placement: Placement) -> Piece | None:
        if not placement.row:
            return None
        if placement.row not in self.rows:
            self.rows[placement.row] = self.blocks.row(
                placement.row, placement.row_columns, width=self.inner, gutter=GUTTER
            )
        return self.rows[placement.row]

    def estimate(self, placement: Placement) -> tuple[float, float, float]:
        """The main and side columns' heights and the room they have, by summing parts."""
        return (
            self.blocks.column_height(placement.main, self.main_width, main=True),
            self.blocks.column_height(placement.side, self.side_width, main=False),
            self.room(self.row(placement)),
        )

    def grid(self, placement: Placement) -> Grid:
        row = self.row(placement)
        return Grid(
            design=self.design,
            masthead=self.masthead,
            top=self.top,
            main=Region(
                "main column",
                self.main_width,
                self.blocks.column(placement.main, self.main_width, main=True),
            ),
            side=Region(
                "side column",
                self.side_width,
                self.blocks.column(placement.side, self.side_width, main=False),
            ),
            bottom=self.bottom,
            row=Region(
                "full-width row",
                self.inner,
                {placement.row[0].block: row.flowables} if row is not None else {},
            ),
            placement=placement,
        )

    def ranked(self, placements: Sequence[Placement]) -> list[tuple[float, int, Placement]]:
        """The placements that fit by measure, best first: the least moved, the best
        balanced, at this attempt's cost."""
        line = self.design.theme.size(BODY_STYLE) * self.design.theme.styles[BODY_STYLE].leading
        fitting = []
        for order, placement in enumerate(placements):
            main, side, room = self.estimate(placement)
            if main > room + 0.01 or side > room + 0.01 or room <= 0:
                continue
            uneven = abs(main - side)
            if self.design.theme.scale < 1:  # shrunk: a hole in either column counts
                uneven = max(uneven, room - min(main, side))
            excess = max(0.0, uneven - BALANCED_LINES * line) / line
            score = attempt_cost(self.design) + placement.cost + excess * LINE_COST
            fitting.append((score, order, placement))
        return sorted(fitting, key=lambda item: item[:2])

    def best(self, placements: Sequence[Placement]) -> tuple[float, Grid] | None:
        """The best placement that fits, laid out and checked, with its score."""
        for score, _, placement in self.ranked(placements):
            grid = self.grid(placement)
            if _fits(grid):
                return score, grid
        return None

    def fits(self, placements: Sequence[Placement]) -> bool:
        """Whether some placement fits (as `best` would find one), trying them in order and
        stopping at the first: a column is built only until it is too tall, and blocks at
        the other column's width only for the placements tried."""
        for placement in placements:
            room = self.room(self.row(placement))
            limit = room + 0.01
            if room <= 0 or any(
                self.blocks.column_height(units, width, main=main, limit=limit) > limit
                for units, width, main in (
                    (placement.main, self.main_width, True),
                    (placement.side, self.side_width, False),
                )
            ):
                continue
            if _fits(self.grid(placement)):
                return True
        return False

    def relaxed(self, grid: Grid) -> Grid:
        """`grid` with each column set as loosely (spacing, then charts) as its room allows,
        at the same type size, up to the design's spacing. Then the shorter column ends with
        the taller: it opens its spacing past the design's (`AIRY`) and shares what is still
        missing between its blocks, at most `FEATHER_LINES` body lines a gap."""
        placement = grid.placement
        if placement is None:
            return grid
        room, theme = grid.column_room(), self.design.theme
        looser = [
            (spacing, charts)
            for spacing, charts in LADDER
            if spacing >= theme.spacing and charts >= self.design.chart_scale
        ][:-1]
        columns = {"main": grid.main, "side": grid.side}
        for name in columns:
            columns[name] = self._loosest(grid, name, looser, room) or columns[name]
        if not (columns["main"].flowables and columns["side"].flowables):
            return dataclasses.replace(grid, main=columns["main"], side=columns["side"])
        short = min(columns, key=lambda name: columns[name].height())
        end = max(region.height() for region in columns.values())
        airy = [(spacing, 1.0) for spacing in AIRY if spacing > theme.spacing]
        region = self._loosest(grid, short, airy, end) or columns[short]
        line = theme.size(BODY_STYLE) * theme.styles[BODY_STYLE].leading
        extra = min(end - region.height(), FEATHER_LINES * line * region.gaps())
        feathered = region.feathered(extra)
        columns[short] = feathered if feathered.height() <= room else region
        return dataclasses.replace(grid, main=columns["main"], side=columns["side"])

    def _loosest(
        self, grid: Grid, name: str, ladder: Sequence[tuple[float, float]], limit: float
    ) -> Region | None:
        """The column `name` of `grid` at the first spacing and chart scale of `ladder` at
        which it is no taller than `limit`, or None."""
        placement, theme = grid.placement, self.design.theme
        assert placement is not None
        main = name == "main"
        units = placement.main if main else placement.side
        width = self.main_width if main else self.side_width
        region = grid.main if main else grid.side
        for spacing, charts in ladder:
            design = dataclasses.replace(
                self.design,
                theme=floored(theme.scaled(scale=theme.scale, spacing=spacing)),
                chart_scale=charts,
            )
            blocks = Blocks(self.loaded, design, lead=self.blocks.lead, built=self.blocks.built)
            if blocks.column_height(units, width, main=main, limit=limit) <= limit:
                looser = Region(region.name, width, blocks.column(units, width, main=main))
                if looser.height() <= limit:
                    return looser
        return None

    def least_overflow(self, placements: Sequence[Placement]) -> Grid:
        """The placement whose taller column overflows least (the designed one on a tie)."""

        def overflow(placement: Placement) -> float:
            main, side, room = self.estimate(placement)
            return max(main, side) - room

        return self.grid(min(placements, key=overflow))


def build_grid(loaded: LoadedSpec, design: Design) -> Grid:
    """Lay the arrangement's blocks into regions at the design's scale, as designed."""
    trial = Trial.of(loaded, design)
    main, side = trial.designed()
    return trial.grid(Placement(tuple(main), tuple(side)))


def _rebalanced(trial: Trial, grid: Grid) -> Grid:
    """`grid` relaxed; if its columns end more than `BALANCED_LINES` apart, with the side column
    a little wider or narrower (`SHARE_STEPS`) when that brings their ends closer, so that the
    gap is not left to spacing alone."""
    theme, placement = trial.design.theme, grid.placement
    line = theme.size(BODY_STYLE) * theme.styles[BODY_STYLE].leading

    def apart(candidate: Grid) -> float:
        return abs(candidate.main.height() - candidate.side.height())

    if placement is None or apart(grid) <= BALANCED_LINES * line:
        return trial.relaxed(grid)
    side_short = grid.side.height() < grid.main.height()  # a narrower side column is taller
    best = (apart(grid), trial, grid)
    for step in SHARE_STEPS:
        share = trial.design.side_share + (-step if side_short else step)
        if not SIDE_LEAST <= share <= SIDE_MOST:
            break
        other = trial.shared(share)
        candidate = other.grid(placement)
        if _fits(candidate) and apart(candidate) < best[0]:
            best = (apart(candidate), other, candidate)
    return best[1].relaxed(best[2])


def _fits(grid: Grid) -> bool:
    return not grid.overflows() and grid.column_room() > 0


def _best(trial: Trial) -> tuple[float, Grid] | None:
    """`trial.best` of its placements, asking first whether any fits (`Trial.fits`), which
    is cheaper to answer no."""
    placements = _placements(trial)
    return trial.best(placements) if trial.fits(placements) else None


def _placements(trial: Trial) -> list[Placement]:
    main, side = trial.designed()
    return list(candidates(main, side))


def fit_to_one_page(loaded: LoadedSpec, design: Design) -> Grid:
    """The best grid that fits one page (`_fit`), or the one an earlier build found when
    nothing it measured changed (`refit.py`); `LayoutError` naming the overflow otherwise."""
    return refit.fitted(loaded, design, _fit)


def _fit(loaded: LoadedSpec, design: Design) -> Grid:
    """The best grid that fits one page; `LayoutError` naming the overflow otherwise.

    At full type size, every placement (`placement.candidates`: blocks and parts of blocks
    moved between the columns or into a full-width row) at every spacing and chart scale is
    scored by what it moves, what it tightens and how unevenly the columns end, and the best
    that fits wins; the search stops when no tighter attempt could score better. Only when
    nothing fits at full size does type shrink: to the largest size at which some placement
    fits (found by bisection), with the best placement there."""
    ladder = attempts(design)
    built = Built()
    tightest = Trial.of(loaded, ladder[_FIXED_TYPE - 1], built=built)
    best = _best(tightest)
    if best is not None:  # something fits at full type: find the best, loosest first
        chosen = (tightest, best)
        for attempt in ladder[: _FIXED_TYPE - 1]:
            if chosen[1][0] <= attempt_cost(attempt):
                break
            trial = Trial.of(loaded, attempt, built=built)
            found = _best(trial)
            if found is not None and found[0] < chosen[1][0]:
                chosen = (trial, found)
        return _rebalanced(chosen[0], chosen[1][1])
    shrinking = ladder[_FIXED_TYPE:]
    tightest = Trial.of(loaded, shrinking[-1], built=built)
    placements = _placements(tightest)
    if not tightest.fits(placements):
        raise LayoutError(overflow_message(loaded, tightest.least_overflow(placements)))
    low, high, fit = -1, len(shrinking) - 1, tightest
    while high - low > 1:  # each size only asks whether something fits: the best is found once
        middle = (low + high) // 2
        trial = Trial.of(loaded, shrinking[middle], built=built)
        if trial.fits(_placements(trial)):
            high, fit = middle, trial
        else:
            low = middle
    found = fit.best(_placements(fit))
    assert found is not None
    return fit.relaxed(found[1])
