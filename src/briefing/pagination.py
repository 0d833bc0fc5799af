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
from reportlab.platypus.flowables import _listWrapOn

FIRST_LINES = 2
"""A heading never ends a page with fewer than this many lines of what it heads below it."""
KEEP_WHOLE = 160.0
"""A panel shorter than this (points) moves to the next page whole rather than split."""
SLACK = 1.0
"""Room (points) left when checking that a heading and its first lines fit, against rounding."""


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
        _, lead_height = _listWrapOn(lead, aW, self.canv)
        drawn = [f for f in lead if not getattr(f, "_ZEROSIZE", False)]
        between = max(drawn[-1].getSpaceAfter() if drawn else 0, last.getSpaceBefore())
        room = aH - lead_height - between - SLACK
        if room <= 0:
            return False
        parts = last.splitOn(self.canv, aW, room)
        if not parts:
            return False
        _, first = parts[0].wrapOn(self.canv, aW, room)
        return bool(first <= room and _start_is_enough(parts[0]))


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
        self.starts: dict[int, int] = {}
        self.keepTogetherClass = KeepStart

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        index = getattr(flowables[0], "_story_index", None) if flowables else None
        if index is not None:
            self.starts[index] = self.page
        super().handle_flowable(flowables)

    def starting_on(self, page: int) -> list[int]:
        """The story indices (`number_story`) of the flowables that start on `page`."""
        return sorted(index for index, start in self.starts.items() if start == page)

    def afterFlowable(self, flowable: Flowable) -> None:
        self.lines[self.page] = self.lines.get(self.page, 0) + _lines(flowable)

    def last_page_lines(self) -> int:
        return self.lines.get(self.page, 0)


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
