"""Turn the one-page fit an earlier build found into this build's, when nothing it measured
changed: a new dateline, or a recipient's name in the masthead, keeps every block; another
recipient's name in the summary that breaks into as many lines keeps every height.

The fitter (`fitting.py`) is a function of the design and of what it measures: the masthead
and the bands of each attempt it makes (`fixed`), each block it builds at a theme and a width
(`placement.Blocks.pieces`, from the blocks kept across builds: `kept.py`), and each row of
parts it sets side by side (`Blocks.row`). It reads of a block only its pieces' shapes
(`placement.measure`: each flowable's height and spaces at that width, and its markers); every
column, row and gap it weighs is stacked from them. A fit notes each of these in order; the
next fit of the same brief with an equal design asks each again. When every masthead is as
tall as it was, every band holds the very blocks it held, and every block and row is the one
the fit measured (kept, so unchanged in all it read) or of the same shape, the fit would
choose the same grid: that grid is served, with this build's masthead and this build's
flowables in place of the ones they match. At most `KEPT_FITS` fits are kept; what a build did
not use is forgotten at the next (`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from ..bounded import Bounded
from . import masthead
from .kept import kept, served
from .sections import BlockContext, build_block

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reportlab.platypus import Flowable

    from ..design.design import Design
    from ..spec.validate import LoadedSpec
    from .grid import Grid, Region
    from .placement import Piece, Unit

KEPT_FITS = 16
"""Fits kept: one per brief, template and audience built lately."""


@dataclass(frozen=True)
class _Fixed:
    """An attempt's masthead and bands, as `fixed` made them."""

    design: Design
    regions: tuple[Region, Region, Region]


@dataclass(frozen=True)
class _Pieces:
    """A block the fit built and measured (`Blocks.pieces`)."""

    design: Design
    block: str
    width: float
    lead: bool
    pieces: tuple[Piece, list[Piece]]


@dataclass(frozen=True)
class _Row:
    """Parts of a block the fit set side by side and measured (`Blocks.row`)."""

    design: Design
    units: tuple[Unit, ...]
    columns: int
    width: float
    gutter: float
    piece: Piece


_Step = _Fixed | _Pieces | _Row


@dataclass(frozen=True)
class _Fit:
    design: Design
    steps: list[_Step]
    grid: Grid


_FITS: Bounded[_Fit] = Bounded(entries=KEPT_FITS, size=KEPT_FITS)
_steps: list[_Step] | None = None
"""What the running fit measured so far; None outside a fit."""


@dataclass
class Tally:
    """Fits made, and fits served from an earlier build's (of them, `refilled` with blocks this
    build made again, of the same shapes): work counted, for tests."""

    made: int = 0
    kept: int = 0
    refilled: int = 0


TALLY = Tally()


def forget() -> None:
    """Forget the fits the last build did not use; called twice, every fit."""
    _FITS.age()


def noted_pieces(
    design: Design, block: str, width: float, lead: bool, pieces: tuple[Piece, list[Piece]]
) -> None:
    """Note a block the running fit built and measured."""
    if _steps is not None:
        _steps.append(_Pieces(design, block, width, lead, pieces))


def noted_row(
    design: Design,
    units: Sequence[Unit],
    columns: int,
    width: float,
    gutter: float,
    piece: Piece,
) -> None:
    """Note a row of parts the running fit set side by side and measured."""
    if _steps is not None:
        _steps.append(_Row(design, tuple(units), columns, width, gutter, piece))


def fixed(loaded: LoadedSpec, design: Design) -> tuple[Region, Region, Region]:
    """The masthead, top band and bottom band of an attempt at `design`, noted."""
    regions = _fixed(loaded, design)
    if _steps is not None:
        _steps.append(_Fixed(design, regions))
    return regions


def _fixed(loaded: LoadedSpec, design: Design) -> tuple[Region, Region, Region]:
    from .grid import Region

    spec, arrangement = loaded.spec, design.one_page
    inner = design.page_size[0] - 2 * design.margin
    context = BlockContext(spec, design, "one-page", inner, images=loaded.images)

    def band(name: str, names: Sequence[str] | None) -> Region:
        return Region(
            name,
            inner,
            {
                b: kept("band", b, context, partial(build_block, b), flowables=list)
                for b in names or []
            },
        )

    title = Region("masthead", inner, {"title": masthead.title_block(spec, design, width=inner)})
    return title, band("top band", arrangement.top), band("bottom band", arrangement.bottom)


def fitted(loaded: LoadedSpec, design: Design, fit: Callable[[LoadedSpec, Design], Grid]) -> Grid:
    """`fit(loaded, design)`, or the grid it gave an earlier build when nothing it measured
    changed (with this build's masthead)."""
    global _steps
    key = (str(loaded.path), design.template, design.audience)
    found = _FITS.get(key)
    if found is not None and found.design == design:
        grid = _again(found, loaded)
        if grid is not None:
            TALLY.kept += 1
            return grid
    TALLY.made += 1
    outer, _steps = _steps, []
    try:
        grid = fit(loaded, design)
        steps = _steps
    finally:
        _steps = outer
    _FITS.put(key, _Fit(design, steps, grid), size=1)
    return grid


def _again(found: _Fit, loaded: LoadedSpec) -> Grid | None:
    """`found.grid` with this build's masthead and flowables, if every step of its fit
    measures the same now; else None."""
    import dataclasses

    from .placement import Blocks, Built

    built = Built()
    mastheads: dict[int, Region] = {}
    now: dict[int, Flowable] = {}
    """Each flowable of the fit's blocks (by `id`) that this build made again, and this
    build's."""
    for step in found.steps:
        if isinstance(step, _Fixed):
            fixed = _fixed(loaded, step.design)
            before = step.regions
            if fixed[0].height() != before[0].height() or any(
                _blocks(a) != _blocks(b) for a, b in zip(fixed[1:], before[1:], strict=True)
            ):
                return None
            mastheads[id(before[0])] = fixed[0]
            continue
        if isinstance(step, _Pieces) and served(
            "pieces",
            step.block,
            step.pieces,
            spec=loaded.spec,
            design=step.design,
            width=step.width,
            lead=step.lead,
            images=loaded.images,
        ):
            continue  # the very block `blocks.pieces` would give: kept, unchanged
        blocks = Blocks(loaded, step.design, lead=None, built=built)
        if isinstance(step, _Pieces):
            pieces = blocks.pieces(step.block, step.width, lead=step.lead)
            if pieces is step.pieces:
                continue
            olds, news = [step.pieces[0], *step.pieces[1]], [pieces[0], *pieces[1]]
        elif now:  # a row of blocks all kept holds the very flowables it held
            olds = [step.piece]
            news = [blocks.row(step.units, step.columns, width=step.width, gutter=step.gutter)]
        else:
            continue
        if [p.shape for p in olds] != [p.shape for p in news]:
            return None
        for old, new in zip(olds, news, strict=True):
            now.update(zip(map(id, old.flowables), new.flowables, strict=True))
    grid = found.grid
    title = mastheads.get(id(grid.masthead))
    if title is None:
        return None
    if not now:
        return dataclasses.replace(grid, masthead=title)
    TALLY.refilled += 1
    return dataclasses.replace(
        grid,
        masthead=title,
        main=_refilled(grid.main, now),
        side=_refilled(grid.side, now),
        row=_refilled(grid.row, now),
    )


def _refilled(region: Region, now: dict[int, Flowable]) -> Region:
    """`region` with this build's flowables in place of those they match; the others are
    the spaces `grid.Region.feathered` opened, as wide for blocks of equal shapes."""
    from .grid import Region

    blocks = {name: [now.get(id(f), f) for f in flows] for name, flows in region.blocks.items()}
    return Region(region.name, region.width, blocks)


def _blocks(region: Region) -> list[tuple[str, int]]:
    """The blocks of a band, each by name and the identity of its flowables."""
    flows: Any = region.blocks.items()
    return [(name, id(flow)) for name, flow in flows]
