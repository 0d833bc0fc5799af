"""Turn the flowables of a brief into tagged content: each block's text and pictures get a
structure role (H1, H2, P, BlockQuote, L/LI, Figure with alt text, Note), and what they draw is
wrapped in marked content with an MCID; everything else on a page (running heads, footers,
rules, tints, logos, the draft mark) is an artifact.

`tag_block` gives the flowables of a block their roles, from their paragraph styles and the
block they belong to, without changing their types or how they lay out: a tagged flowable is the
same object, of a subclass that marks what it draws and hands its tag to the parts it splits
into. `TaggedCanvas` opens every page as an artifact and records, page by page, which MCID
belongs to which tag; `structtree.py` turns that record into the PDF's structure tree.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Spacer, Table

from ..design.runts import unbind

if TYPE_CHECKING:
    from ..design.i18n import Catalogue
    from ..spec.spec import Spec

F = TypeVar("F", bound=Flowable)
_serials = itertools.count()


@dataclass(eq=False)
class Tag:
    """A structure element: its role, the element it belongs to, and what a reader is told
    instead of its content (`alt`); `serial` is its place in the order tags were made."""

    role: str
    parent: Tag | None = None
    alt: str | None = None
    id: str | None = None
    serial: int = field(default_factory=lambda: next(_serials))


@dataclass
class Mark:
    """One marked-content sequence: the page, its MCID there, the tag it belongs to, the
    indices of the link annotations it made on that page."""

    page: int
    mcid: int
    tag: Tag
    annotations: list[int] = field(default_factory=list)


HEADINGS = {"brief.title": "H1", "section.heading": "H2", "finding.heading": "H3"}
"""Paragraph styles that are headings, and their level."""


class _Marked:
    """Draws its flowable inside `/Role <</MCID n>> BDC ... EMC` on a `TaggedCanvas`."""

    _tag: Tag

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        recorder: Recorder | None = getattr(canvas, "_tagging", None)
        if recorder is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        recorder.begin(canvas, self._tag)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            recorder.end(canvas)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)  # type: ignore[misc]
        for part in parts:
            if isinstance(part, _Marked) and "_tag" not in part.__dict__:
                part.__dict__["_tag"] = self._tag
        return parts


_CLASSES: dict[type, type] = {}


def mark(flowable: F, tag: Tag) -> F:
    """`flowable`, now drawing its content as marked content of `tag` (its type a subclass of
    its own, so every check on its type still holds)."""
    base = type(flowable)
    if not issubclass(base, _Marked):
        cls = _CLASSES.get(base)
        if cls is None:
            cls = _CLASSES[base] = type(base.__name__, (_Marked, base), {})
        object.__setattr__(flowable, "__class__", cls)
    flowable.__dict__["_tag"] = tag
    return flowable


def tag_of(flowable: Flowable) -> Tag | None:
    tag: Tag | None = flowable.__dict__.get("_tag")
    return tag


class Recorder:
    """The marked-content sequences drawn on a canvas, in drawing order."""

    def __init__(self) -> None:
        self.marks: list[Mark] = []
        self._next: dict[int, int] = {}
        self._depth = 0
        self._start = 0

    def begin(self, canvas: Any, tag: Tag) -> None:
        self._depth += 1
        if self._depth > 1:  # drawn inside another tagged flowable: part of its content
            return
        page = canvas.getPageNumber()
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        canvas._code.append("EMC")
        canvas._code.append(f"/{tag.role} <</MCID {mcid}>> BDC")
        self.marks.append(Mark(page, mcid, tag))
        self._start = len(canvas._annotationrefs)

    def end(self, canvas: Any) -> None:
        self._depth -= 1
        if self._depth:
            return
        canvas._code.append("EMC")
        canvas._code.append("/Artifact BMC")
        self.marks[-1].annotations = list(range(self._start, len(canvas._annotationrefs)))


class TaggedCanvas(Canvas):
    """A canvas whose pages are artifacts except what tagged flowables draw, which it records
    (`recorder`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tagging = Recorder()

    @property
    def recorder(self) -> Recorder:
        return self._tagging

    def showPage(self) -> None:
        self._code.insert(0, "/Artifact BMC")
        self._code.append("EMC")
        super().showPage()


def leaves(flow: Iterable[Flowable]) -> Iterator[Flowable]:
    """The flowables that draw something of their own, in reading order, inside the tables,
    panels and groups that hold them."""
    from .logorow import BesideLogo, Measure
    from .pagination import Panel

    for flowable in flow:
        if isinstance(flowable, KeepTogether | KeepInFrame):
            yield from leaves(flowable._content)
        elif isinstance(flowable, Panel):
            for group in flowable.groups:
                yield from leaves(group)
        elif isinstance(flowable, Table):
            for row in flowable._cellvalues:
                for cell in row:
                    yield from leaves(cell if isinstance(cell, list | tuple) else [cell])
        elif isinstance(flowable, BesideLogo):
            yield from leaves([*flowable.texts, flowable.logo])
        elif isinstance(flowable, Measure):
            yield from leaves([flowable.paragraph])
        else:
            yield flowable


def _style(paragraph: Paragraph) -> str:
    return str(paragraph.style.name).removesuffix(".fitted")


@dataclass
class _Tagger:
    """Roles for the flowables of one block, in reading order."""

    spec: Spec
    words: Catalogue
    block: str = ""
    part: str = ""
    groups: dict[str, Tag] = field(default_factory=dict)
    items: Tag | None = None
    item: Tag | None = None
    notes: int = 0
    codes: int = 0

    def paragraph(self, paragraph: Paragraph) -> None:
        style = _style(paragraph)
        parent = self.groups.get(self.part) if self.part.startswith("quotes[") else None
        if parent is None and self.part.startswith("quotes["):
            parent = self.groups[self.part] = Tag("BlockQuote")
        if style == "timeline.date":
            self.item = Tag("LI", self._list())
            mark(paragraph, Tag("Lbl", self.item))
            return
        if style == "list.text" and self.block == "timeline" and self.item is not None:
            mark(paragraph, Tag("LBody", self.item))
            return
        if paragraph.bulletText:
            mark(paragraph, Tag("LBody", Tag("LI", self._list())))
            return
        self.items = self.item = None
        if style == "source.text":
            self.notes += 1
            mark(paragraph, Tag("Note", id=f"note-{self.notes}"))
            return
        mark(paragraph, Tag(HEADINGS.get(style, "P"), parent))

    def _list(self) -> Tag:
        if self.items is None:
            self.items = Tag("L")
        return self.items

    def picture(self, flowable: Flowable) -> None:
        alt = None
        if self.part.startswith("charts["):
            alt = chart_alt(self.spec, int(self.part[7:-1]), self.words)
        elif self.part.startswith("images["):
            alt = unbind(self.spec.images[int(self.part[7:-1])].alt)
        elif self.block == "qr":
            coded = [s for s in self.spec.sources if s.qr and s.url]
            alt = f"QR code: {coded[self.codes].url}" if self.codes < len(coded) else None
            self.codes += 1
        if alt is not None:
            mark(flowable, Tag("Figure", alt=alt))


def tag_block(block: str, flow: list[Flowable], *, spec: Spec, words: Catalogue) -> list[Flowable]:
    """`flow`, the flowables of `block`, with their roles: headings by level, paragraphs, each
    quote a BlockQuote, bulleted and numbered items (demands, talking points...) and timeline
    events a list (L > LI > Lbl/LBody), each source a Note, charts, images and QR codes a
    Figure with alt text. Logos, rules and spacers stay artifacts."""
    from reportlab.platypus.flowables import HRFlowable

    from .guards import BlockMarker

    tagger = _Tagger(spec, words, block=block)
    for flowable in leaves(flow):
        if isinstance(flowable, BlockMarker):
            tagger.part = flowable.key_path
        elif isinstance(flowable, Paragraph):
            tagger.paragraph(flowable)
        elif not isinstance(flowable, Spacer | HRFlowable) and not getattr(
            flowable, "_ZEROSIZE", False
        ):
            tagger.picture(flowable)
    return flow


def same_order(rebuilt: list[Flowable], original: list[Flowable]) -> list[Flowable]:
    """`rebuilt` (a figure built again at another size) placed in reading order where the
    figure it replaces was."""
    old = [t for t in map(tag_of, leaves(original)) if t is not None]
    new = [t for t in map(tag_of, leaves(rebuilt)) if t is not None]
    for before, after in zip(old, new, strict=False):
        after.serial = before.serial
    return rebuilt


def chart_alt(spec: Spec, index: int, words: Catalogue) -> str:
    """The alt text of chart `index`, as every output describes it (`model.figure_alt`)."""
    from ..model.resolve import figure_alt

    return figure_alt(spec, spec.charts[index], words)
