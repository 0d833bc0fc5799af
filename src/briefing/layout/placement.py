"""Turn a one-page arrangement into the placements the fitter may try, each measured.

A placement says where each block goes: the main column, the side column, or a full-width row
under the columns. A block made of parts (several charts, quotes or images) may be split: some
parts stay under the block's heading, the others move without it (they read on their own).
Blocks are built once per width and measured part by part, so that a placement's column heights
are sums, not layouts; the fitter lays out only the placement it keeps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.flowables import _listWrapOn

from ..design import direction
from ..design.design import Design
from ..design.theme import Theme
from ..spec.validate import LoadedSpec
from .guards import BlockMarker
from .kept import kept
from .refit import noted_pieces, noted_row
from .sections import BlockContext, build_block

SPLITTABLE = frozenset({"charts", "quotes", "images"})
"""Blocks made of parts that read on their own, so that they may be split between regions."""
ROW_COLUMNS = {"charts": (2, 3), "images": (2, 3), "quotes": (2,)}
"""How many of a block's parts a full-width row may set side by side."""
PINNED = frozenset({"ends"})
"""Blocks that close their column ("ENDS" closes a press release's story): they never move,
and blocks moved into their column go before them."""
SCALED = frozenset({"charts", "images"})
"""Blocks whose flowables change with the chart scale: the others are built once for every
chart scale of one theme."""
MAX_RUN_UNITS = 12
"""A column with more units than this moves only its last ones: the search stays small."""

MOVE_COST = 1.0
"""What moving a whole block to the other column costs, against 1.0 for spacing tightened by
a tenth and 1.5 for charts shrunk by 15% (`fitting.attempt_cost`)."""
PART_COST = 0.6
"""Moving some parts of a block (a quote, a chart) and keeping the others costs less."""
ROW_COST = 1.2
OUT_OF_ORDER = 0.2
"""Extra cost of moving a run from the middle of a column rather than from its end."""


@dataclass(frozen=True)
class Unit:
    """A whole block (`part` None) or one part of a block made of parts."""

    block: str
    part: int | None = None


@dataclass(frozen=True)
class Placement:
    """Which units go in the main column, the side column and the full-width row, in order."""

    main: tuple[Unit, ...]
    side: tuple[Unit, ...]
    row: tuple[Unit, ...] = ()
    row_columns: int = 0
    cost: float = 0.0


@dataclass(frozen=True)
class Piece:
    """Flowables and what they measure at one width: height, and the space before and after;
    `shape` is all the fitter reads of them (`measure`)."""

    flowables: list[Flowable]
    height: float
    before: float
    after: float
    shape: tuple[Any, ...] = ()


class _Spaces:
    """Where `_listWrapOn` leaves the space before the first flowable and after the last."""

    _spaceBefore = 0.0
    _spaceAfter = 0.0


def measure(flowables: list[Flowable], width: float) -> Piece:
    """`flowables` measured as Platypus stacks them in a frame `width` wide, with their shape:
    what `_listWrapOn` reads of each flowable at this width (its height, spaces, whether it
    passes on the space before it, an indenter's indents), and which block or part each
    marker opens (`grid.Region.gaps`). Flowables of equal shapes stack to equal heights in
    any order and mix, so a fit of the one is a fit of the other (`refit.py`)."""
    spaces = _Spaces()
    dims: list[tuple[float, float]] = []
    height = _listWrapOn(flowables, width, None, obj=spaces, dims=dims)[1] if flowables else 0.0
    wrapped = iter(dims)
    shape = tuple(
        (type(f), getattr(f, "left", None), getattr(f, "right", None))
        if hasattr(f, "frameAction")
        else (
            type(f),
            next(wrapped)[1],
            f.getSpaceBefore(),
            f.getSpaceAfter(),
            getattr(f, "_SPACETRANSFER", False),
            f.key_path if isinstance(f, BlockMarker) else None,
        )
        for f in flowables
    )
    return Piece(flowables, float(height), spaces._spaceBefore, spaces._spaceAfter, shape)


@dataclass
class Built:
    """The blocks one fit has built and measured, shared by its attempts: a block is built once
    per theme, width and place, and once per chart scale only if it holds charts or images
    (`SCALED`). Its designs differ only in theme, chart scale and the columns' shares."""

    pieces: dict[tuple[Any, ...], tuple[Piece, list[Piece]]] = field(default_factory=dict)
    themes: dict[int, Theme] = field(default_factory=dict)
    """The themes the keys name by `id`, kept alive so that no other takes their `id`."""

    def key(self, block: str, design: Design, width: float, lead: bool) -> tuple[Any, ...]:
        self.themes[id(design.theme)] = design.theme
        scale = design.chart_scale if block in SCALED else None
        return (block, round(width, 3), lead, id(design.theme), scale)


def stacked(pieces: Iterable[Piece], *, limit: float = math.inf) -> float:
    """The height of `pieces` one under the other, the space between two the larger of the
    space after the first and before the second (as `_listWrapOn` merges them); or, once the
    pieces so far are taller than `limit`, their height, and the rest are not taken (what
    they add is never negative: spaces are 0 or more, `templatecheck.py`)."""
    total, after, first = 0.0, 0.0, True
    for piece in pieces:
        if piece.height <= 0:
            continue
        total += piece.height if first else max(after, piece.before) + piece.height
        after, first = piece.after, False
        if total > limit:
            break
    return total


@dataclass
class Blocks:
    """The blocks of one design (one theme, one chart scale), built and measured per width."""

    loaded: LoadedSpec
    design: Design
    lead: str | None
    """The first block of the designed main column, built as the lead there."""
    built: Built = field(default_factory=Built)

    def pieces(self, block: str, width: float, *, lead: bool = False) -> tuple[Piece, list[Piece]]:
        """The block's head (what comes before its first part: its heading) and its parts; a
        block not made of parts is all head."""
        key = self.built.key(block, self.design, width, lead)
        if key not in self.built.pieces:
            context = BlockContext(
                self.loaded.spec,
                self.design,
                "one-page",
                width,
                lead=lead,
                images=self.loaded.images,
            )
            self.built.pieces[key] = kept(
                "pieces",
                block,
                context,
                partial(_pieces, block),
                flowables=lambda pieces: [f for p in [pieces[0], *pieces[1]] for f in p.flowables],
            )
            noted_pieces(self.design, block, width, lead, self.built.pieces[key])
        return self.built.pieces[key]

    def units(self, names: Sequence[str], width: float, *, main: bool) -> list[Unit]:
        """The units of the blocks `names` in a column: a block of several parts gives one unit
        per part, an empty block none."""
        found = []
        for name in names:
            head, parts = self.pieces(name, width, lead=main and name == self.lead)
            if len(parts) > 1:
                found += [Unit(name, i) for i in range(len(parts))]
            elif head.height > 0 or any(p.height > 0 for p in parts):
                found.append(Unit(name))
        return found

    def groups(
        self, units: Sequence[Unit], width: float, *, main: bool
    ) -> Iterator[tuple[str, list[Piece]]]:
        """Each run of units of one block with the pieces that print it: the block's head (its
        heading) over the run that holds its first part, then its parts. Parts moved away from
        the first print without the heading: quotes and charts read on their own."""
        start = 0
        while start < len(units):
            block = units[start].block
            end = start
            while end < len(units) and units[end].block == block:
                end += 1
            head, parts = self.pieces(block, width, lead=main and block == self.lead)
            chosen = [u.part for u in units[start:end]]
            if None in chosen:
                yield block, [head, *parts]
            else:
                first = chosen[0]
                name = block if first == 0 else f"{block}[{first}]"
                heading = [head] if 0 in chosen else []
                yield name, [*heading, *(parts[i] for i in chosen if i is not None)]
            start = end

    def column_height(
        self, units: Sequence[Unit], width: float, *, main: bool, limit: float = math.inf
    ) -> float:
        """The height of the column of `units`, or more than `limit` as soon as it is known to
        be: the blocks after that are not built."""
        pieces = (piece for _, group in self.groups(units, width, main=main) for piece in group)
        return stacked(pieces, limit=limit)

    def column(self, units: Sequence[Unit], width: float, *, main: bool) -> dict[str, list[Any]]:
        """The blocks of a column by name, as `grid.Region` holds them."""
        blocks: dict[str, list[Any]] = {}
        for name, pieces in self.groups(units, width, main=main):
            key = name
            while key in blocks:
                key += "'"
            blocks[key] = [f for piece in pieces for f in piece.flowables]
        return blocks

    def row(self, units: Sequence[Unit], columns: int, *, width: float, gutter: float) -> Piece:
        """The parts `units` (all of one block) side by side, `columns` to a line, under the
        block's heading, across `width`."""
        block = units[0].block
        cell = (width - gutter * (columns - 1)) / columns
        head, parts = self.pieces(block, cell)
        cells = [parts[u.part].flowables for u in units if u.part is not None]
        cells += [[] for _ in range(-len(cells) % columns)]
        lines = [cells[i : i + columns] for i in range(0, len(cells), columns)]
        table = direction.grid_table(
            lines,
            [cell + gutter] * (columns - 1) + [cell],
            self.design.theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[
                    (side, (0, 0), (-1, -1), 0)
                    for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
                ],
                ("RIGHTPADDING", (0, 0), (-2, -1), gutter),
            ],
            split_in_row=False,
        )
        piece = measure([*head.flowables, table], width)
        noted_row(self.design, units, columns, width, gutter, piece)
        return piece


def _pieces(block: str, context: BlockContext) -> tuple[Piece, list[Piece]]:
    """The block's head and parts (`Blocks.pieces`), built and measured."""
    flow = build_block(block, context)
    starts = [
        i
        for i, f in enumerate(flow)
        if block in SPLITTABLE and isinstance(f, BlockMarker) and f.key_path.startswith(f"{block}[")
    ]
    bounds = [*starts, len(flow)]
    head = flow[: starts[0]] if starts else flow
    parts = [flow[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return measure(head, context.width), [measure(part, context.width) for part in parts]


def candidates(main: Sequence[Unit], side: Sequence[Unit]) -> Iterator[Placement]:
    """The designed placement, then each run of units moved to the end of the other column
    (never the main column's first, never all of a column, never into an empty one), then
    each block of several parts set in a full-width row. Always in this order."""
    yield Placement(tuple(main), tuple(side))
    for source, target, from_main in ((side, main, False), (main, side, True)):
        if not target:  # a column the design leaves empty stays empty
            continue
        for start, end in _runs(source, keep_first=from_main):
            run = tuple(source[start:end])
            if any(u.block in PINNED for u in run):
                continue
            kept = tuple(source[:start]) + tuple(source[end:])
            cost = _move_cost(run, source) + (OUT_OF_ORDER if end < len(source) else 0.0)
            moved = _before_pinned(tuple(target), run)
            yield Placement(
                main=kept if from_main else moved,
                side=moved if from_main else kept,
                cost=cost,
            )
    for block in sorted({u.block for u in (*main, *side) if u.part is not None}):
        parts = tuple(u for u in (*main, *side) if u.block == block)
        for columns in ROW_COLUMNS.get(block, ()):
            if len(parts) < columns:
                continue
            yield Placement(
                main=tuple(u for u in main if u.block != block),
                side=tuple(u for u in side if u.block != block),
                row=parts,
                row_columns=columns,
                cost=ROW_COST,
            )


def _before_pinned(column: tuple[Unit, ...], run: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """`column` with `run` added at its end, but before the pinned blocks that close it."""
    end = len(column)
    while end > 0 and column[end - 1].block in PINNED:
        end -= 1
    return column[:end] + run + column[end:]


def _runs(units: Sequence[Unit], *, keep_first: bool) -> Iterator[tuple[int, int]]:
    first = 1 if keep_first else 0
    if len(units) > MAX_RUN_UNITS:
        for start in range(max(first, 1), len(units)):
            yield start, len(units)
        return
    for start in range(first, len(units)):
        for end in range(start + 1, len(units) + 1):
            if end - start < len(units):
                yield start, end


def _move_cost(run: Sequence[Unit], source: Sequence[Unit]) -> float:
    cost = 0.0
    for block in dict.fromkeys(u.block for u in run):
        whole = sum(u.block == block for u in run) == sum(u.block == block for u in source)
        cost += MOVE_COST if whole else PART_COST
    return cost
