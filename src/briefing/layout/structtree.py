"""Turn a drawn ReportLab document whose content is marked (`tagging.py`) and the record of its
marks into a tagged PDF: a structure tree in reading order (Document > headings, paragraphs,
quotes, lists, figures with alt text, notes, links), the parent tree that maps each MCID back to
its element, `/StructParents` and `/Tabs /S` on pages, `/MarkInfo`, and XMP metadata that names
the PDF/UA part it follows.

ReportLab writes no structure: it is added here to ReportLab's own objects before ReportLab
writes them (`serialise.py`), so the PDF is written once. The output stays byte-identical for
the same input: nothing here reads a clock, and the file's `/ID` is a hash of its content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from reportlab.pdfbase.pdfdoc import (
    Annotation,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    PDFtrue,
)

from ..spec.markup import escape
from . import serialise
from .tagging import Mark, Marks, Tag

_ELEMENT, _MCR, _OBJR = PDFName("StructElem"), PDFName("MCR"), PDFName("OBJR")
"""The names every element, marked-content reference and object reference is written with."""

Order = Literal["drawn", "serial"]
"""How the elements of the document are put in reading order: as they were drawn (the one-page
brief, whose regions are drawn in reading order), or as they were made (the multi-page brief,
whose figures may float past the text after them). The parts of an element are always in the
order they were made."""


def tag_pdf(pdf: bytes, marks: Sequence[Mark], *, order: Order) -> bytes:
    """The PDF of the canvas that drew `marks`, with their structure tree (in `order`), tagged
    as PDF/UA-1. `pdf` is what that canvas wrote when it was saved: nothing, since a
    `TaggedCanvas` leaves writing its document to this."""
    if not isinstance(marks, Marks) or marks.canvas is None or pdf:
        raise ValueError("tag_pdf needs the marks of a saved TaggedCanvas")
    canvas, marks.canvas = marks.canvas, None  # the canvas holds the marks: no cycle kept
    _Tree(canvas._doc, marks, order).build()
    _metadata(canvas._doc)
    return serialise.pdf_bytes(canvas)


@dataclass
class _Element:
    """A structure element being built: its dictionary, a reference to it, its kids."""

    dictionary: PDFDictionary
    ref: PDFObjectReference
    kids: list[Any] = field(default_factory=list)


class _Tree:
    def __init__(self, document: Any, marks: Sequence[Mark], order: Order) -> None:
        self.doc, self.marks, self.order = document, marks, order
        self.pages: list[PDFPage] = list(document.Pages.pages)
        self.root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        self.top = self._new({"S": PDFName("Document"), "P": document.Reference(self.root)})
        self.elements: dict[int, _Element] = {}
        self.made: list[_Element] = [self.top]
        self.key: dict[int, int] = {}
        self.kids: dict[int, list[Tag]] = {}
        self.tops: list[Tag] = []
        self.notes: list[tuple[str, PDFObjectReference]] = []
        self.links = 0
        self.firsts: dict[int, int] = {}
        """Where each block's parts are first drawn (its top-level element read first)."""

    def _new(self, entries: dict[str, Any]) -> _Element:
        dictionary = PDFDictionary({"Type": _ELEMENT, **entries})
        return _Element(dictionary, self.doc.Reference(dictionary))

    def build(self) -> None:
        pages = [self.doc.Reference(page) for page in self.pages]
        for index, mark in enumerate(self.marks):
            self._place(mark.tag, index if self.order == "drawn" else mark.tag.serial)
        for top in self.tops:
            if top.block is not None:
                known = self.firsts.get(top.block, self.key[id(top)])
                self.firsts[top.block] = min(known, self.key[id(top)])
        for tag in sorted(self.tops, key=self._reading_key):
            self.top.kids.append(self._element(tag, self.top).ref)
        parents: dict[int, list[Any]] = {}
        links: list[PDFObjectReference] = []
        for mark in self.marks:
            page = pages[mark.page - 1]
            element = self.elements[id(mark.tag)]
            element.kids.append(PDFDictionary({"Type": _MCR, "Pg": page, "MCID": mark.mcid}))
            if "Pg" not in element.dictionary:
                element.dictionary["Pg"] = page
            slots = parents.setdefault(mark.page - 1, [])
            slots += ["null"] * (mark.mcid + 1 - len(slots))
            slots[mark.mcid] = element.ref
            annotations = self.pages[mark.page - 1].Annots or []
            for i in mark.annotations:
                links.append(self._link(annotations[i], page, element))
        for number, page in enumerate(self.pages):
            for annotation in page.Annots or []:
                if not _has_parent(self._annotation(annotation)):
                    links.append(self._link(annotation, pages[number], self.top))
        nums: list[Any] = []
        for number, page in enumerate(self.pages):
            page.StructParents = number
            page.Tabs = PDFName("S")
            page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
            nums += [number, self.doc.Reference(PDFArray(parents.get(number, [])))]
        for offset, link in enumerate(links):
            nums += [len(self.pages) + offset, link]
        for element in self.made:
            kids = element.kids
            # a lone kid stands on its own, as most readers expect
            element.dictionary["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
        self.root["K"] = self.top.ref
        self.root["ParentTree"] = self.doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
        self.root["ParentTreeNextKey"] = len(self.pages) + len(links)
        if self.notes:
            names: list[Any] = []
            for name, ref in sorted(self.notes):
                names += [PDFString(name), ref]
            self.root["IDTree"] = PDFDictionary({"Names": PDFArray(names)})
        catalog = self.doc.Catalog
        catalog.StructTreeRoot = self.root
        catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})

    def _reading_key(self, top: Tag) -> tuple[int, int]:
        """Where a top-level element is read: drawn, its block's place (where any part of the
        block is first drawn) and then the order the block made its parts in; the parts of a
        right-to-left grid are drawn from its end. Else the order the elements were made in."""
        if self.order != "drawn" or top.block is None:
            return self.key[id(top)], 0
        return self.firsts[top.block], top.serial

    def _place(self, tag: Tag, key: int) -> None:
        """Note `tag` and its ancestors as drawn, each ordered by its first drawn content."""
        child: Tag | None = None
        node: Tag | None = tag
        while node is not None:
            known = id(node) in self.key
            self.key[id(node)] = min(self.key.get(id(node), key), key)
            if child is not None and child not in self.kids.setdefault(id(node), []):
                self.kids[id(node)].append(child)
            if known:
                return
            if node.parent is None:
                self.tops.append(node)
            child, node = node, node.parent

    def _element(self, tag: Tag, parent: _Element) -> _Element:
        entries: dict[str, Any] = {"S": _role(tag.role), "P": parent.ref}
        alt = tag.told()
        if alt is not None:
            entries["Alt"] = PDFString(alt)
        if tag.id is not None:
            entries["ID"] = PDFString(tag.id)
        if tag.actual is not None:
            entries["ActualText"] = PDFString(tag.actual)
        if tag.lang is not None:
            entries["Lang"] = PDFString(tag.lang)
        element = self._new(entries)
        if tag.id is not None:
            self.notes.append((tag.id, element.ref))
        self.made.append(element)
        self.elements[id(tag)] = element
        # inside an element, the order its parts were made in: a block's reading order, which
        # a right-to-left band of key figures draws from its end
        for kid in sorted(self.kids.get(id(tag), []), key=lambda t: t.serial):
            element.kids.append(self._element(kid, element).ref)
        return element

    def _annotation(self, ref: PDFObjectReference) -> Any:
        return self.doc.idToObject[ref.name]

    def _link(
        self, ref: PDFObjectReference, page: PDFObjectReference, parent: _Element
    ) -> PDFObjectReference:
        """A Link element for the annotation `ref` under `parent`, the annotation described."""
        link = self._new({"S": PDFName("Link"), "P": parent.ref, "Pg": page})
        link.kids.append(PDFDictionary({"Type": _OBJR, "Obj": ref, "Pg": page}))
        self.made.append(link)
        parent.kids.append(link.ref)
        annotation = self._annotation(ref)
        number = len(self.pages) + self.links
        self.links += 1
        if isinstance(annotation, Annotation):  # a link inside the PDF (`LinkAnnotation`)
            annotation.permitted = (*type(annotation).permitted, "StructParent")
            annotation.otherkw["StructParent"] = number
            if not annotation.Contents:
                annotation.Contents = _describe(annotation)
        else:  # a link out (`Canvas.linkURL`)
            annotation["StructParent"] = number
            if not str(annotation.dict.get("Contents", "")):
                annotation["Contents"] = PDFString(_describe(annotation))
        return link.ref


@lru_cache(maxsize=64)
def _role(role: str) -> str:
    """The structure type `role` (H1, P, LI...) as a PDF name."""
    name: str = PDFName(role)
    return name


def _has_parent(annotation: Any) -> bool:
    if isinstance(annotation, Annotation):
        return "StructParent" in annotation.otherkw
    return "StructParent" in annotation


def _describe(annotation: Any) -> str:
    """What a link leads to, for a reader who cannot see it: its address, or the name of the
    place in the PDF it leads to."""
    if isinstance(annotation, Annotation):
        return str(getattr(annotation.Destination, "name", "link"))
    action = annotation.dict.get("A")
    if action is not None and "URI" in action:
        return str(action["URI"].s)
    return "link"


def _metadata(document: Any) -> None:
    """XMP metadata with the title, author, language and PDF/UA part, from the document's
    information dictionary."""
    info = document.info
    title = escape(str(info.title))
    author = escape(str(info.author))
    language = escape(str(getattr(document.Catalog, "Lang", None) or ""))
    producer = escape(str(info.producer))
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    document.Catalog.Metadata = PDFStream(dictionary, xmp.encode("utf-8"))
