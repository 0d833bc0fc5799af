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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Spacer, Table

from ..design import bidi
from ..design.runts import unbind
from . import pdfsyntax, textcodes

if TYPE_CHECKING:
    from ..design.i18n import Catalogue
    from ..spec.spec import Spec

F = TypeVar("F", bound=Flowable)
_serials = itertools.count()


@dataclass(eq=False)
class Tag:
    """A structure element: its role, the element it belongs to, what a reader is told
    instead of its content (`alt`, for a picture, or `describe`, which writes it when the PDF
    is tagged; `actual`, the text as typed where it is drawn in another order) and its language
    where it differs from the document's (`lang`); `serial` is its place in the order tags were
    made."""

    role: str
    parent: Tag | None = None
    alt: str | None = None
    id: str | None = None
    actual: str | None = None
    lang: str | None = None
    serial: int = field(default_factory=lambda: next(_serials))
    describe: Callable[[], str] | None = None
    block: int | None = None
    """The `tag_block` call that made it (top-level elements only): the parts of one block
    read in the order they were made, wherever a mirrored grid draws them."""

    def told(self) -> str | None:
        """What a reader is told instead of the content: `alt`, or what `describe` writes."""
        return self.alt if self.describe is None else self.describe()


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


class Marks(list[Mark]):
    """The marks of a canvas, in drawing order, and the canvas once it is saved (`canvas`),
    whose document `structtree.tag_pdf` tags and writes."""

    canvas: Any = None


class _Marked:
    """Draws its flowable inside `/Role <</MCID n>> BDC ... EMC` on a `TaggedCanvas`; a list
    item's paragraph draws its bullet or number as its `Lbl` and its text as its `LBody`."""

    _tag: Tag

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        recorder: Recorder | None = getattr(canvas, "_tagging", None)
        if recorder is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        label: Tag | None = self.__dict__.get("_label")
        bullet = getattr(self, "bulletText", None)
        first = self._tag
        if label is not None and isinstance(bullet, str):
            first = label
            if getattr(getattr(self, "style", None), "direction", "") == "rtl":
                label.actual = bullet if bidi.visual(bullet) != bullet else None
        self.__dict__["_pending"] = first is not self._tag
        recorder.begin(canvas, first)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            self.__dict__["_pending"] = False
            recorder.end(canvas)

    def beginText(self, x: float, y: float) -> Any:
        """The paragraph's text begins, after its bullet: what follows is its `LBody`."""
        if self.__dict__.get("_pending"):
            self.__dict__["_pending"] = False
            self.canv._tagging.switch(self.canv, self._tag)  # type: ignore[attr-defined]
        return super().beginText(x, y)  # type: ignore[misc]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)  # type: ignore[misc]
        for part in parts:
            if isinstance(part, _Marked) and "_tag" not in part.__dict__:
                part.__dict__["_tag"] = self._tag
                part.__dict__["_label"] = self.__dict__.get("_label")
        return parts


_CLASSES: dict[type, type] = {}


def mark(flowable: F, tag: Tag, *, label: Tag | None = None) -> F:
    """`flowable`, now drawing its content as marked content of `tag` (its type a subclass of
    its own, so every check on its type still holds); a paragraph's bullet or number, as
    marked content of `label`."""
    base = type(flowable)
    if not issubclass(base, _Marked):
        cls = _CLASSES.get(base)
        if cls is None:
            cls = _CLASSES[base] = type(base.__name__, (_Marked, base), {})
        object.__setattr__(flowable, "__class__", cls)
    flowable.__dict__["_tag"] = tag
    flowable.__dict__["_label"] = label
    return flowable


def tag_of(flowable: Flowable) -> Tag | None:
    tag: Tag | None = flowable.__dict__.get("_tag")
    return tag


class Recorder:
    """The marked-content sequences drawn on a canvas, in drawing order."""

    def __init__(self) -> None:
        self.marks = Marks()
        self._next: dict[int, int] = {}
        self._depth = 0
        self._start = 0
        self._owner = 0

    def _open(self, canvas: Any, tag: Tag) -> str:
        """The operator that opens a marked-content sequence of `tag`, with the next MCID of
        the page."""
        page = canvas.getPageNumber()
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        self.marks.append(Mark(page, mcid, tag))
        return f"/{tag.role} <</MCID {mcid}>> BDC"

    def begin(self, canvas: Any, tag: Tag) -> None:
        self._depth += 1
        if self._depth > 1:  # drawn inside another tagged flowable: part of its content
            return
        canvas._code.append("EMC")
        canvas._code.append(self._open(canvas, tag))
        self._owner = len(self.marks) - 1
        self._start = len(canvas._annotationrefs)

    def switch(self, canvas: Any, tag: Tag) -> None:
        """What the flowable being drawn draws from here on is marked content of `tag`, which
        also holds its links."""
        if self._depth == 1:
            canvas._code.append("EMC")
            canvas._code.append(self._open(canvas, tag))
            self._owner = len(self.marks) - 1

    def splittable(self) -> bool:
        """True when the flowable being drawn has a marked-content sequence of its own, which
        `span` may cut into lines."""
        return self._depth == 1

    def span(self, canvas: Any, actual: str) -> str:
        """The operator that opens a line of the element being drawn, a `Span` whose text as
        typed is `actual`."""
        return self._open(canvas, Tag("Span", self.marks[self._owner].tag, actual=actual))

    def end(self, canvas: Any) -> None:
        self._depth -= 1
        if self._depth:
            return
        canvas._code.append("EMC")
        canvas._code.append("/Artifact BMC")
        owner = self.marks[self._owner]
        owner.annotations = list(range(self._start, len(canvas._annotationrefs)))


class TaggedCanvas(Canvas):
    """A canvas whose pages are artifacts except what tagged flowables draw, which it records
    (`recorder`). Saved, it writes nothing: `structtree.tag_pdf` adds the structure tree to
    its document and writes that."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pdfsyntax.install()  # numbers and objects written quicker, the same bytes
        textcodes.install()  # text mapped to a subset's codes quicker, the same bytes
        super().__init__(*args, **kwargs)
        self._tagging = Recorder()

    @property
    def recorder(self) -> Recorder:
        return self._tagging

    def showPage(self) -> None:
        self._code.insert(0, "/Artifact BMC")
        self._code.append("EMC")
        super().showPage()

    def save(self) -> None:
        if self._code:
            self.showPage()
        self._tagging.marks.canvas = self


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
            mirrored = flowable.hAlign == "RIGHT"  # a right-to-left brief's (`grid_table`)
            for row in flowable._cellvalues:
                for cell in reversed(row) if mirrored else row:
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
    kept: Mapping[str, str] = field(default_factory=dict)
    items: Tag | None = None
    item: Tag | None = None
    figure: Tag | None = None
    notes: int = 0
    codes: int = 0

    def paragraph(self, paragraph: Paragraph) -> None:
        style = _style(paragraph)
        parent = self.groups.get(self.part) if self.part.startswith("quotes[") else None
        if parent is None and self.part.startswith("quotes["):
            parent = self.groups[self.part] = Tag("BlockQuote", lang=self.kept.get(self.part))
        if style == "timeline.date":
            self.item = Tag("LI", self._list())
            mark(paragraph, Tag("Lbl", self.item))
            return
        if style == "list.text" and self.block == "timeline" and self.item is not None:
            mark(paragraph, Tag("LBody", self.item))
            return
        if self.block == "figures" and style in ("figure.value", "figure.label"):
            if style == "figure.value" or self.figure is None:
                self.figure = Tag("LBody", Tag("LI", self._list()))
            mark(paragraph, self.figure)
            return
        if paragraph.bulletText:
            item = Tag("LI", self._list())
            label = Tag("Lbl", item)
            mark(paragraph, Tag("LBody", item), label=label)
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
            # a fitted brief lays a chart out many times and draws it once: its alt text is
            # written from its data only when the PDF is tagged
            spec, index, words = self.spec, int(self.part[7:-1]), self.words
            mark(flowable, Tag("Figure", describe=lambda: chart_alt(spec, index, words)))
            return
        if self.part.startswith("images["):
            alt = unbind(self.spec.images[int(self.part[7:-1])].alt)
        elif self.block == "qr":
            coded = [s for s in self.spec.sources if s.qr and s.url]
            alt = (
                self.words.say("alt.qr", url=coded[self.codes].url or "")
                if self.codes < len(coded)
                else None
            )
            self.codes += 1
        if alt is not None:
            mark(flowable, Tag("Figure", alt=alt))


def tag_block(
    block: str,
    flow: list[Flowable],
    *,
    spec: Spec,
    words: Catalogue,
    kept: Mapping[str, str] | None = None,
) -> list[Flowable]:
    """`flow`, the flowables of `block`, with their roles: headings by level, paragraphs, each
    quote a BlockQuote (with the `/Lang` `kept` gives its key path, `quotes[2]`, when it is
    not in the brief's language), bulleted and numbered items (demands, talking points...),
    timeline events and key figures a list (L > LI > Lbl/LBody), each source a Note, charts,
    images and QR codes a Figure with alt text. Logos, rules and spacers stay artifacts."""
    from reportlab.platypus.flowables import HRFlowable

    from .guards import BlockMarker

    tagger = _Tagger(spec, words, block=block, kept=kept or {})
    for flowable in leaves(flow):
        if isinstance(flowable, BlockMarker):
            tagger.part = flowable.key_path
        elif isinstance(flowable, Paragraph):
            tagger.paragraph(flowable)
        elif not isinstance(flowable, Spacer | HRFlowable) and not getattr(
            flowable, "_ZEROSIZE", False
        ):
            tagger.picture(flowable)
    made = next(_serials)
    for flowable in leaves(flow):
        top = tag_of(flowable)
        while top is not None and top.parent is not None:
            top = top.parent
        if top is not None and top.block is None:
            top.block = made
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
