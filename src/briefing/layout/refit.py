"""Turn the one-page fit an earlier build found into this build's, when nothing it measured
changed: a new dateline, or a recipient's name in the masthead, keeps every block.

The fitter (`fitting.py`) is a function of the design and of what it measures: the masthead
and the bands of each attempt it makes (`fixed`), and each block it builds at a theme and a
width (`placement.Blocks.pieces`, from the blocks kept across builds: `kept.py`). A fit notes
each of these in order; the next fit of the same brief with an equal design asks each again,
and when every block is the very one the fit measured (kept, so unchanged in all it read) and
every masthead and band is as tall as it was, the fit would choose the same grid: that grid is
served, with this build's mastheads. At most `KEPT_FITS` fits are kept; what a build did not
use is forgotten at the next (`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from ..bounded import Bounded
from . import masthead
from .kept import kept
from .sections import BlockContext, build_block

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..design.design import Design
    from ..spec.validate import LoadedSpec
    from .grid import Grid, Region
    from .placement import Piece

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
class _Fit:
    design: Design
    steps: list[_Fixed | _Pieces]
    grid: Grid


_FITS: Bounded[_Fit] = Bounded(entries=KEPT_FITS, size=KEPT_FITS)
_steps: list[_Fixed | _Pieces] | None = None
"""What the running fit measured so far; None outside a fit."""


@dataclass
class Tally:
    """Fits served from an earlier build's, and fits made: work counted, for tests."""

    made: int = 0
    kept: int = 0


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
    """`found.grid` with this build's masthead, if every step of its fit measures the same
    now; else None."""
    import dataclasses

    from .placement import Blocks, Built

    built = Built()
    mastheads: dict[int, Region] = {}
    for step in found.steps:
        if isinstance(step, _Fixed):
            now = _fixed(loaded, step.design)
            before = step.regions
            if now[0].height() != before[0].height() or any(
                _blocks(a) != _blocks(b) for a, b in zip(now[1:], before[1:], strict=True)
            ):
                return None
            mastheads[id(before[0])] = now[0]
        else:
            blocks = Blocks(loaded, step.design, lead=None, built=built)
            if blocks.pieces(step.block, step.width, lead=step.lead) is not step.pieces:
                return None
    title = mastheads.get(id(found.grid.masthead))
    if title is None:
        return None
    return dataclasses.replace(found.grid, masthead=title)


def _blocks(region: Region) -> list[tuple[str, int]]:
    """The blocks of a band, each by name and the identity of its flowables."""
    flows: Any = region.blocks.items()
    return [(name, id(flow)) for name, flow in flows]
