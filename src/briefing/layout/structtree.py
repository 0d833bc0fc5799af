"""Turn a PDF whose content is marked (`tagging.py`) and the record of its marks into a tagged
PDF: a structure tree in reading order (Document > headings, paragraphs, quotes, lists,
figures with alt text, notes, links), the parent tree that maps each MCID back to its element,
`/StructParents` and `/Tabs /S` on pages, `/MarkInfo`, and XMP metadata that names the PDF/UA
part it follows.

ReportLab writes no structure; pikepdf adds it here. The output stays byte-identical for the
same input: nothing here reads a clock, and the file's `/ID` is a hash of its content.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Literal
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..design import subsets
from .tagging import Mark, Tag

Order = Literal["drawn", "serial"]
"""How the elements of the document are put in reading order: as they were drawn (the one-page
brief, whose regions are drawn in reading order), or as they were made (the multi-page brief,
whose figures may float past the text after them). The parts of an element are always in the
order they were made."""


def tag_pdf(pdf: bytes, marks: Sequence[Mark], *, order: Order) -> bytes:
    """`pdf` with the structure tree of `marks` (in `order`), tagged as PDF/UA-1."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _Tree(document, marks, order).build()
        _metadata(document)
        _compress_fonts(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


class _Tree:
    def __init__(self, document: pikepdf.Pdf, marks: Sequence[Mark], order: Order) -> None:
        self.pdf, self.marks, self.order = document, marks, order
        self.root = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.top = document.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.elements: dict[int, Dictionary] = {}
        self.key: dict[int, int] = {}
        self.kids: dict[int, list[Tag]] = {}
        self.tops: list[Tag] = []
        self.links = 0

    def build(self) -> None:
        pages = self.pdf.pages
        for index, mark in enumerate(self.marks):
            self._place(mark.tag, index if self.order == "drawn" else mark.tag.serial)
        for tag in sorted(self.tops, key=self._reading_key):
            self.top.K.append(self._element(tag, self.top))
        parents: dict[int, list[Dictionary | None]] = {}
        links: list[Dictionary] = []
        for mark in self.marks:
            page = pages[mark.page - 1]
            element = self.elements[id(mark.tag)]
            element.K.append(Dictionary(Type=Name.MCR, Pg=page.obj, MCID=mark.mcid))
            if Name.Pg not in element:
                element.Pg = page.obj
            slots = parents.setdefault(mark.page - 1, [])
            slots += [None] * (mark.mcid + 1 - len(slots))
            slots[mark.mcid] = element
            annotations = page.obj.get(Name.Annots, Array())
            for i in mark.annotations:
                links.append(self._link(annotations[i], page, element))
        for page in pages:
            for annotation in page.obj.get(Name.Annots, Array()):
                if Name.StructParent not in annotation:
                    links.append(self._link(annotation, page, self.top))
        nums = Array()
        for number, page in enumerate(pages):
            page.obj.StructParents = number
            page.obj.Tabs = Name.S
            nums.append(number)
            nums.append(self.pdf.make_indirect(Array(parents.get(number, []))))
        for offset, link in enumerate(links):
            nums.append(len(pages) + offset)
            nums.append(link)
        for element in self.elements.values():
            if len(element.K) == 1:  # a lone kid stands on its own, as most readers expect
                element.K = element.K[0]
        self.root.K = self.top
        self.root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = len(pages) + len(links)
        notes = sorted((str(e.ID), e) for e in self.elements.values() if Name.ID in e)
        if notes:
            names = Array()
            for name, element in notes:
                names.append(pikepdf.String(name))
                names.append(element)
            self.root.IDTree = Dictionary(Names=names)
        catalog = self.pdf.Root
        catalog.StructTreeRoot = self.root
        catalog.MarkInfo = Dictionary(Marked=True)
        preferences = catalog.get(Name.ViewerPreferences, Dictionary())
        preferences.DisplayDocTitle = True
        catalog.ViewerPreferences = preferences

    def _reading_key(self, top: Tag) -> tuple[int, int]:
        """Where a top-level element is read: drawn, its block's place (where any part of the
        block is first drawn) and then the order the block made its parts in; the parts of a
        right-to-left grid are drawn from its end. Else the order the elements were made in."""
        if self.order != "drawn" or top.block is None:
            return self.key[id(top)], 0
        first = min(self.key[id(t)] for t in self.tops if t.block == top.block)
        return first, top.serial

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

    def _element(self, tag: Tag, parent: Dictionary) -> Dictionary:
        element = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + tag.role), P=parent, K=Array())
        )
        alt = tag.told()
        if alt is not None:
            element.Alt = pikepdf.String(alt)
        if tag.id is not None:
            element.ID = pikepdf.String(tag.id)
        if tag.actual is not None:
            element.ActualText = pikepdf.String(tag.actual)
        if tag.lang is not None:
            element.Lang = pikepdf.String(tag.lang)
        self.elements[id(tag)] = element
        # inside an element, the order its parts were made in: a block's reading order, which
        # a right-to-left band of key figures draws from its end
        for kid in sorted(self.kids.get(id(tag), []), key=lambda t: t.serial):
            element.K.append(self._element(kid, element))
        return element

    def _link(
        self, annotation: pikepdf.Object, page: pikepdf.Page, parent: Dictionary
    ) -> Dictionary:
        """A Link element for `annotation` under `parent`, the annotation described."""
        link = self.pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem,
                S=Name.Link,
                P=parent,
                Pg=page.obj,
                K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj)]),
            )
        )
        parent.K.append(link)
        annotation.StructParent = len(self.pdf.pages) + self.links
        self.links += 1
        if not str(annotation.get(Name.Contents, "")):
            annotation.Contents = pikepdf.String(_describe(annotation))
        return link


def _describe(annotation: pikepdf.Object) -> str:
    """What a link leads to, for a reader who cannot see it."""
    action = annotation.get(Name.A)
    if action is not None and Name.URI in action:
        return str(action.URI)
    destination = annotation.get(Name.Dest)
    if destination is not None:
        return str(destination)
    return "link"


def _compress_fonts(document: pikepdf.Pdf) -> None:
    """Hand qpdf every embedded TrueType program compressed, from the cache of compressed
    programs (`subsets.compressed`), instead of compressing it anew."""
    for obj in document.objects:
        if isinstance(obj, pikepdf.Stream) and Name.Length1 in obj and Name.Filter not in obj:
            obj.write(subsets.compressed(obj.read_raw_bytes()), filter=Name.FlateDecode)


def _metadata(document: pikepdf.Pdf) -> None:
    """XMP metadata with the title, author, language and PDF/UA part, from the document's
    information dictionary."""
    info = document.docinfo
    title = escape(str(info.get(Name.Title, "")))
    author = escape(str(info.get(Name.Author, "")))
    language = escape(str(document.Root.get(Name.Lang, "")))
    producer = escape(str(info.get(Name.Producer, "")))
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
    stream = pikepdf.Stream(document, xmp.encode("utf-8"))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    document.Root.Metadata = document.make_indirect(stream)
