"""Turn what goes wrong while laying out into located errors: the block that would not fit on a
page, and a layout that runs past its time budget.

Sections put a `BlockMarker` before each block; it draws nothing, but tells the canvas which
key of the spec is being laid out, so that ReportLab's own LayoutError can name it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable

from ..errors import LayoutError

if TYPE_CHECKING:
    from ..spec.validate import LoadedSpec


class BlockMarker(Flowable):
    """Records on the canvas which spec block is being laid out, so a failure can name it."""

    _ZEROSIZE = True
    _SPACETRANSFER = True  # the space around it merges as if it were not there

    def __init__(self, key_path: str) -> None:
        super().__init__()
        self.key_path = key_path
        self.width = self.height = 0
        self.keepWithNext = True  # never separates a heading from what follows it

    def draw(self) -> None:
        self.canv._briefing_block = self.key_path


def block_being_laid_out(canvas: Any) -> str:
    """The key path of the last block a `BlockMarker` announced on `canvas`."""
    return getattr(canvas, "_briefing_block", "")


@contextmanager
def layout_errors_named(loaded: LoadedSpec, doc: Any, layout: str) -> Iterator[None]:
    """Turn ReportLab's LayoutError into ours, naming the spec block being laid out."""
    from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

    try:
        yield
    except ReportLabLayoutError:
        key = block_being_laid_out(getattr(doc, "canv", None))
        raise LayoutError(
            f"{loaded.where(key)}: {key or 'the brief'}: cannot lay out the "
            f"{layout} brief: a part of this block is taller than a page; "
            "shorten it"
        ) from None


@contextmanager
def within_time(loaded: LoadedSpec, layout: str) -> Iterator[None]:
    """Lay out within `paragraphs.LAYOUT_SECONDS`: past it, a `LayoutError` naming the limit,
    so that no input keeps a build busy for minutes."""
    from . import paragraphs

    try:
        with paragraphs.time_budget():
            yield
    except paragraphs.OutOfTime:
        hint = (
            ", or build the multi-page layout (--layout multi-page)" if layout == "one-page" else ""
        )
        raise LayoutError(
            f"{loaded.where('')}: laying out the {layout} brief took longer than "
            f"{paragraphs.LAYOUT_SECONDS:g} s, the limit; shorten the longest blocks{hint}"
        ) from None
