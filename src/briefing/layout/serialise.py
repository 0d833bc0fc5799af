"""Turn a ReportLab document whose pages are drawn (and tagged, `structtree.py`) into the PDF's
bytes: every stream compressed once, the font programs and their ToUnicode maps taken
compressed from caches across builds (`subsets.compressed`, `_MAPS`), and the file's `/ID` a
hash of its content.

ReportLab would wrap its compressed page streams and images in ASCII85 (in Python); here
each stream is handed to it already compressed (zlib, `subsets.LEVEL`), and it writes it as it
is. Nothing here reads a clock: the same document gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    LinkAnnotation,
    PDFDictionary,
    PDFImageXObject,
    PDFName,
    PDFPage,
    PDFStream,
    pdfdocEnc,
)

from ..bounded import Bounded
from ..design import subsets

_FLATE = PDFName("FlateDecode")
_ID = b"[<" + b"0" * 32 + b"><" + b"0" * 32 + b">]"
"""Where the trailer's `/ID` goes, written once the rest of the file is known."""
_MAPS: Bounded[bytes] = Bounded(entries=64, size=1 << 20)
"""Compressed streams other than font programs (ToUnicode maps, ~2 KB each), keyed on their
content: at most 64, of a megabyte in all (content and compressed stream)."""
_UNWRITABLE = re.compile("[\x18-\x1f]")
"""The ASCII characters ReportLab's PDFDocEncoding has no byte for (it writes every other one
as its ASCII byte)."""


def pdf_bytes(canvas: Any) -> bytes:
    """The PDF of the saved `canvas` (its pages shown, its document not yet written)."""
    document = canvas._doc
    fonts, document.delayedFonts = document.delayedFonts, []
    named: set[bytes] = set()
    for font in fonts:  # makes the subsets, which ReportLab does when it writes
        _add_font(font, document, named)
    for name, obj in list(document.idToObject.items()):
        if type(obj) is LinkAnnotation:  # the dictionary it writes, written as every other
            document.idToObject[name] = obj.Dict()
        elif isinstance(obj, PDFPage):
            _page(obj)
        elif isinstance(obj, PDFImageXObject):
            _image(obj)
        elif isinstance(obj, PDFStream):
            _stream(obj)
    document._ID = _ID
    out = io.BytesIO()
    document.SaveToFile(out, canvas)
    data = out.getvalue()
    trailer = data.rindex(b"trailer")
    digest = hashlib.md5(data[:trailer], usedforsecurity=False).hexdigest().encode()
    at = data.rindex(_ID)
    return data[:at] + b"[<" + digest + b"><" + digest + b">]" + data[at + len(_ID) :]


def _add_font(font: Any, document: Any, named: set[bytes]) -> None:
    """Write `font`'s subsets into `document` under a PostScript name no other font of the
    document has. Subsets are named after their face (`AAAAAA+Lato-Regular`), so two faces of
    one name (a template's copies of one font under other file names, its own `Amiri` beside
    ours) would define the same PDF objects twice: the later font takes `-2`, `-3`... for this
    document alone, so the name depends on the document, not on what the process built before."""
    face = getattr(font, "face", None)
    if face is None:
        font.addObjects(document)
        return
    kept = face.subfontNameX
    number = 1
    while bytes(face.name) + face.subfontNameX in named:
        number += 1
        face.subfontNameX = kept + f"-{number}".encode()
    named.add(bytes(face.name) + face.subfontNameX)
    try:
        font.addObjects(document)
    finally:
        face.subfontNameX = kept


def _stream(stream: PDFStream) -> None:
    """A stream ReportLab made (a font program, its ToUnicode map), compressed now; the XMP
    metadata stays as it is, for tools that look for it in the bytes."""
    dictionary = stream.dictionary
    if stream.filters or "Filter" in dictionary or dictionary.dict.get("Type") == "/Metadata":
        return
    content = _encoded(stream.content)
    if "Length1" in dictionary:  # a TrueType program: the same in build after build
        stream.content = subsets.compressed(content)
    else:  # a ToUnicode map: the same while its font's subset is
        known = _MAPS.get(content)
        if known is None:
            known = zlib.compress(content, subsets.LEVEL)
            _MAPS.put(content, known, size=len(content) + len(known))
        stream.content = known
    dictionary["Filter"] = _FLATE


def _page(page: PDFPage) -> None:
    """The page's content stream, compressed."""
    if page.Contents or not page.stream:
        return
    content = zlib.compress(_encoded(page.stream), subsets.LEVEL)
    page.Contents = PDFStream(PDFDictionary({"Filter": _FLATE}), content)


def _encoded(content: str | bytes) -> bytes:
    """`pdfdocEnc(content)`: a page's operators (ASCII, strings escaped) at the speed of ASCII,
    not a character at a time through ReportLab's codec."""
    if isinstance(content, str) and content.isascii() and not _UNWRITABLE.search(content):
        return content.encode("ascii")
    encoded: bytes = pdfdocEnc(content)
    return encoded


def _image(image: PDFImageXObject) -> None:
    """The image's Flate stream without the ASCII85 ReportLab wraps around it (its soft mask,
    another image of the document, is unwrapped in its turn)."""
    if tuple(image._filters) == ("ASCII85Decode", "FlateDecode"):
        text = image.streamContent
        encoded = text.encode("latin-1") if isinstance(text, str) else text
        image.streamContent = base64.a85decode(encoded.strip().removesuffix(b"~>"))
        image._filters = ("FlateDecode",)
