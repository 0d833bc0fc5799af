"""Turn a multi-page story into pages that keep things together: a heading with the first
lines of what follows it, a quote whole, a panel whole or split between its groups with a
"continued" heading, and no last page of a few lines.

`keep_starts` groups each run of flowables marked `keepWithNext` with the flowable after it
into a `KeepStart`, which moves the run to the next page only when the run and the first two
lines of what follows do not fit (ReportLab's own `KeepTogether` moves the whole group, which
leaves a hole the height of a long paragraph). `Panel` is a tinted panel that splits between
its groups, each part closed with its bottom padding. `LineCountingDoc` counts the lines of
text each page holds, so that `multipage` can pull a short last page back by tightening the
pages before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import _listWrapOn

FIRST_LINES = 2
"""A heading never ends a page with fewer than this many lines of what it heads below it."""
KEEP_WHOLE = 160.0
"""A panel shorter than this (points) moves to the next page whole rather than split."""
SLACK = 1.0
"""Room (points) left when checking that a heading and its first lines fit, against rounding."""
SHRINK_LEAST = 0.7
"""A figure shrinks to fit the rest of a page only when this share of its height fits there."""
SCALES = tuple(step / 20 for step in range(19, 9, -1))
"""The scales of its drawing a figure shrunk to fit tries, largest first (0.95 to 0.5)."""


class KeepStart(KeepTogether):
    """Flowables marked `keepWithNext` and the one after them: on this page when they and the
    start of the last one fit (its first `FIRST_LINES` lines, its first group of a panel, or
    all of something that cannot split or is kept together), otherwise on the next page."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        # as KeepTogether's, but a KeepTogether inside counts as tall as its contents
        flat = [m for f in self._content for m in (_members(f) or [f])]
        dims: list[tuple[float, float]] = []
        width, self._H = _listWrapOn(flat, aW, self.canv, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF

    def split(self, aW: float, aH: float) -> list[Flowable]:
        aH -= self._unseen_space()
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH or self._start_fits(aW, aH):
            return list(self._content)
        shrunk = self._shrunk(aW, aH)
        if shrunk is not None:
            return shrunk
        parts: list[Flowable] = super().split(aW, aH)
        return parts

    def _unseen_space(self) -> float:
        """The space above the first flowable that draws, which the frame has not taken off
        the room it offers when a marker of no size comes first, and which the group's height
        leaves out."""
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", False):
            return 0.0
        drawn = [f for f in self._content if not getattr(f, "_ZEROSIZE", False)]
        return max(drawn[0].getSpaceBefore() - self.getSpaceBefore(), 0.0) if drawn else 0.0

    def _start_fits(self, aW: float, aH: float) -> bool:
        *lead, last = self._content
        if not lead or getattr(last, "_ZEROSIZE", False) or isinstance(last, KeepTogether):
            return False
        room = self._room_under(lead, last, aW, aH)
        if room <= 0:
            return False
        parts = last.splitOn(self.canv, aW, room)
        if not parts:
            return False
        _, first = parts[0].wrapOn(self.canv, aW, room)
        return bool(first <= room and _start_is_enough(parts[0]))

    def _room_under(self, lead: list[Flowable], last: Flowable, aW: float, aH: float) -> float:
        """The height left for `last` under `lead` in `aH`."""
        _, lead_height = _listWrapOn(lead, aW, self.canv)
        drawn = [f for f in lead if not getattr(f, "_ZEROSIZE", False)]
        between = max(drawn[-1].getSpaceAfter() if drawn else 0, last.getSpaceBefore())
        return float(aH - lead_height - between - SLACK)

    def _shrunk(self, aW: float, aH: float) -> list[Flowable] | None:
        """The group with its last flowable, a figure, shrunk to fit under the rest; None
        when it is no figure or would have to shrink too far."""
        *lead, last = self._content
        if not isinstance(last, Figure) or _at_top(self):
            return None
        shrunk = last.shrunk(self.canv, aW, self._room_under(lead, last, aW, aH))
        return None if shrunk is None else [*lead, *shrunk]


class Figure(KeepTogether):
    """A chart with its title and note, or an image with its caption, kept together. Where
    the rest of a page holds at least `SHRINK_LEAST` of its height, it is built again smaller
    (`rebuild(scale)`, scales `SCALES`) to fit there; otherwise `LineCountingDoc` floats it to
    the top of the next page while the text after it fills this one."""

    def __init__(
        self, content: list[Flowable], *, rebuild: Callable[[float], list[Flowable]]
    ) -> None:
        super().__init__(content)
        self._rebuild = rebuild

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH and not _at_top(self):
            shrunk = self.shrunk(self.canv, aW, aH)
            if shrunk is not None:
                return shrunk
        parts: list[Flowable] = super().split(aW, aH)
        return parts

    def shrunk(self, canv: Any, aW: float, aH: float) -> list[Flowable] | None:
        """The figure built at the largest of `SCALES` that fits `aH`, when `aH` holds at
        least `SHRINK_LEAST` of its full height; else None."""
        _, full = _listWrapOn(self._content, aW, canv)
        if aH < SHRINK_LEAST * full:
            return None
        for scale in SCALES:
            content = self._rebuild(scale)
            if _listWrapOn(content, aW, canv)[1] <= aH:
                return content
        return None


def _at_top(flowable: Flowable) -> bool:
    frame = getattr(flowable, "_frame", None)
    return frame is None or bool(getattr(frame, "_atTop", False))


def floating(flowable: Flowable) -> bool:
    """Whether `flowable` is a figure, alone or with the markers that announce it."""
    if isinstance(flowable, Figure):
        return True
    if not isinstance(flowable, KeepStart):
        return False
    drawn = [f for f in flowable._content if not getattr(f, "_ZEROSIZE", False)]
    return len(drawn) == 1 and isinstance(drawn[0], Figure)


def _members(flowable: Flowable) -> list[Flowable]:
    return list(flowable._content) if isinstance(flowable, KeepTogether) else []


def _start_is_enough(part: Flowable) -> bool:
    """Whether the part of a flowable left under a heading is more than a line."""
    if isinstance(part, Paragraph):
        lines = getattr(getattr(part, "blPara", None), "lines", None)
        return lines is None or len(lines) >= FIRST_LINES
    return True


def keep_starts(flow: Iterable[Flowable]) -> list[Flowable]:
    """`flow` with each run of `keepWithNext` flowables and the flowable that follows it in one
    `KeepStart`; a `KeepTogether` that follows is kept whole with the run."""
    result: list[Flowable] = []
    run: list[Flowable] = []
    for flowable in flow:
        if getattr(flowable, "keepWithNext", False) and not isinstance(flowable, KeepTogether):
            run.append(flowable)
            continue
        if not run:
            result.append(flowable)
            continue
        for member in run:
            member.__dict__["keepWithNext"] = 0
        result.append(KeepStart([*run, flowable]))
        run = []
    if run:
        result += run
    return result


def number_story(flow: list[Flowable]) -> list[Flowable]:
    """`flow`, each flowable told its place in it, for `LineCountingDoc.starting_on`."""
    for index, flowable in enumerate(flow):
        flowable._story_index = index
    return flow


class Panel(Flowable):
    """A panel of groups (the demands of one addressee each) drawn by `table`: whole when it
    fits or is shorter than `KEEP_WHOLE`; otherwise split between groups, the first part closed
    with its bottom padding and the rest under `continued` (a heading)."""

    def __init__(
        self,
        groups: list[list[Flowable]],
        table: Callable[[list[list[Flowable]]], Table],
        *,
        continued: Callable[[], Flowable],
    ) -> None:
        super().__init__()
        self.groups, self._table_of, self._continued = groups, table, continued
        self._table = table(groups)
        self.hAlign = self._table.hAlign

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        self._table.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        _, height = self.wrap(availWidth, availHeight)
        if height <= availHeight:
            return [self]
        if height < KEEP_WHOLE:
            return []
        for k in range(len(self.groups) - 1, 0, -1):
            first = self._table_of(self.groups[:k])
            if first.wrapOn(self.canv, availWidth, availHeight)[1] <= availHeight:
                heading = self._continued()
                heading.keepWithNext = True
                rest = Panel(self.groups[k:], self._table_of, continued=self._continued)
                return [first, heading, rest]
        return []


class LineCountingDoc(BaseDocTemplate):
    """A document template that counts, page by page, the lines of text it draws in
    paragraphs, including those in tables (panels, quotes), and notes the page each flowable
    of a numbered story (`number_story`) starts on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[int, int] = {}
        self.filled: dict[int, float] = {}
        self.starts: dict[int, int] = {}
        self.keepTogetherClass = KeepStart
        self._story: list[Flowable] = []
        self._floats: list[Flowable] = []

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        self._story = flowables
        super().build(flowables, *args, **kwargs)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        first = flowables[0] if flowables else None
        if first is not None and flowables is self._story and self._floats_away(first):
            self._floats.append(first)
            del flowables[0]
        else:
            index = getattr(first, "_story_index", None)
            if index is not None:
                self.starts[index] = self.page
            super().handle_flowable(flowables)
        if flowables is self._story and not flowables:
            flowables += self._landed()  # the story ends: the figures still afloat follow it

    def _floats_away(self, flowable: Flowable) -> bool:
        """Whether a figure waits for the top of the next page: when one already waits (the
        figures keep their order), or when it fits here neither whole nor shrunk."""
        if not floating(flowable) or getattr(flowable, "_landed", False):
            return False
        if self._floats:
            return True
        frame = self.frame
        if frame is None or frame._atTop:
            return False
        parts = frame.split(flowable, self.canv)
        return not parts or isinstance(parts[0], ActionFlowable)

    def _landed(self) -> list[Flowable]:
        """The figures afloat, marked to be placed where they now come."""
        landed, self._floats = self._floats, []
        for flowable in landed:
            flowable._landed = True
        return landed

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        self._story[0:0] = self._landed()  # at the top of the new page

    def starting_on(self, page: int) -> list[int]:
        """The story indices (`number_story`) of the flowables that start on `page`."""
        return sorted(index for index, start in self.starts.items() if start == page)

    def afterFlowable(self, flowable: Flowable) -> None:
        self.lines[self.page] = self.lines.get(self.page, 0) + _lines(flowable)
        frame = getattr(self, "frame", None)
        if frame is not None and not getattr(flowable, "_ZEROSIZE", False):
            top = frame._y1 + frame._height - frame._topPadding
            self.filled[self.page] = (top - frame._y) / (top - frame._y1p)

    def last_page_lines(self) -> int:
        return self.lines.get(self.page, 0)

    def last_page_filled(self) -> float:
        """The share of the last page's text frame that its flowables fill, top down."""
        return self.filled.get(self.page, 0.0)


def _lines(flowable: Any) -> int:
    if isinstance(flowable, Paragraph):
        return len(getattr(getattr(flowable, "blPara", None), "lines", []) or [])
    if isinstance(flowable, Panel):
        flowable = flowable._table
    if isinstance(flowable, Table):
        return sum(
            _lines(item)
            for row in flowable._cellvalues
            for cell in row
            for item in (cell if isinstance(cell, list | tuple) else [cell])
        )
    return 0
