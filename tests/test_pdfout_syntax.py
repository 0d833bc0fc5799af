"""Numbers and PDF objects written by `layout/pdfsyntax.py` (issue 15): byte for byte what
ReportLab's own `fp_str` and `pdfdoc.format` write, whatever its tables hold, within their
bounds; the briefs built with and without it are the same bytes."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFString,
)

from briefing.build import make
from briefing.layout import pdfsyntax, serialise

from conftest import RAQQA, SPECS


@contextmanager
def reportlab_own() -> Iterator[None]:
    """ReportLab's own `fp_str`, `escapePDF`, `pdfdoc.format`, `pdfdocEnc` and
    `instanceStringWidthTTF` in place while inside (and a build does not install pdfsyntax's)."""
    modules = [sys.modules[m] for m in pdfsyntax._MODULES if m in sys.modules]
    before = {m: m.fp_str for m in modules}
    escaping = [sys.modules[m] for m in pdfsyntax._ESCAPING if m in sys.modules]
    escapes = {m: m.escapePDF for m in escaping}
    formatter, install, encoded = pdfdoc.format, pdfsyntax.install, serialise._encoded
    measured = ttfonts.instanceStringWidthTTF
    serialise._encoded = pdfdoc.pdfdocEnc
    ttfonts.instanceStringWidthTTF = rl_accel._py_instanceStringWidthTTF
    for module in modules:
        module.fp_str = rl_accel._py_fp_str
    for module in escaping:
        module.escapePDF = rl_accel._py_escapePDF
    pdfdoc.format = pdfsyntax._format
    pdfsyntax.install = lambda: None  # type: ignore[assignment]
    try:
        yield
    finally:
        for module in modules:
            module.fp_str = before[module]
        for module in escaping:
            module.escapePDF = escapes[module]
        pdfdoc.format, pdfsyntax.install = formatter, install  # type: ignore[method-assign]
        serialise._encoded = encoded
        ttfonts.instanceStringWidthTTF = measured


NUMBERS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e-5, max_value=1e-5),
    st.sampled_from([0, 0.0, -0.0, 1e-7, -1e-7, 1.0000005, 0.5, 12.499999, 595.2756]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(NUMBERS, min_size=1, max_size=8))
def test_pdfout_numbers_as_reportlab_writes_them(numbers: list[Any]) -> None:
    expected = rl_accel._py_fp_str(*numbers)
    for _ in range(2):  # written, then looked up
        assert pdfsyntax.fp_str(*numbers) == expected
        assert pdfsyntax.fp_str(numbers) == expected
        assert pdfsyntax.fp_str(tuple(numbers)) == expected
    assert pdfsyntax.fp_str(numbers[0]) == rl_accel._py_fp_str(numbers[0])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.text(alphabet=st.characters(codec="latin-1"), max_size=20))
def test_pdfout_strings_escaped_as_reportlab_escapes_them(drawn: bytes, text: str) -> None:
    every = bytes(range(256))
    assert pdfsyntax.escapePDF(every) == rl_accel._py_escapePDF(every)
    assert pdfsyntax.escapePDF(drawn) == rl_accel._py_escapePDF(drawn)
    assert pdfsyntax.escapePDF(text) == rl_accel._py_escapePDF(text)


def test_pdfout_equal_numbers_of_two_types_and_zeros() -> None:
    from decimal import Decimal
    from fractions import Fraction

    for value in (5, 5.0, -0.0, 0, 0.0, 2**53, float(2**53), True, Decimal("0.5"), Fraction(1, 3)):
        assert pdfsyntax.fp_str(value) == rl_accel._py_fp_str(value)
        assert pdfsyntax.fp_str(value, 1) == rl_accel._py_fp_str(value, 1)
        assert pdfsyntax.fp_str([1.0, value]) == rl_accel._py_fp_str([1.0, value])
        assert pdfsyntax.format(value, PDFDocument()) == pdfsyntax._format(value, PDFDocument())


def test_pdfout_number_tables_stay_bounded_and_right_when_emptied() -> None:
    count = pdfsyntax.CACHED_NUMBERS * 2 + 10
    for i in range(count):
        value = i + 0.25
        assert pdfsyntax.fp_str(value) == rl_accel._py_fp_str(value)
        assert pdfsyntax.format(value, None) == rl_accel._py_fp_str(value).encode()
        assert pdfsyntax.format(f"/N{i}", None) == f"/N{i}".encode()
        assert pdfsyntax.fp_str(value, i) == rl_accel._py_fp_str(value, i)
    for table in (
        pdfsyntax._groups,
        pdfsyntax._floats,
        pdfsyntax._ints,
        pdfsyntax._int_bytes,
        pdfsyntax._float_bytes,
        pdfsyntax._names,
        pdfsyntax._keys,
    ):
        assert len(table) <= pdfsyntax.CACHED_NUMBERS
    assert pdfsyntax.fp_str(0.25) == rl_accel._py_fp_str(0.25) == ".25"


TEXT = st.text(alphabet=st.characters(codec="latin-1"), max_size=6)
LEAVES = st.one_of(
    NUMBERS,
    TEXT.map(lambda t: "/" + t),
    st.binary(max_size=6),
    TEXT.map(PDFString),
    st.sampled_from(["true", "false", "null"]),
)


def _tree(children: Any) -> Any:
    keys = st.text(alphabet=st.characters(codec="latin-1"), min_size=1, max_size=4)
    return st.one_of(
        st.lists(children, max_size=14).map(PDFArray),
        st.lists(children, max_size=14).map(PDFArrayCompact),
        st.dictionaries(keys, children, max_size=9).map(PDFDictionary),
        st.dictionaries(keys, children, max_size=9).map(lambda d: PDFDictionary(OrderedDict(d))),
    )


OBJECTS = st.recursive(LEAVES, _tree, max_leaves=40)


def _written(element: Any, document: Any, toplevel: int) -> bytes | str:
    """What `pdfdoc.format` writes, or the kind of error it raises (text that has no PDF
    encoding)."""
    try:
        written: bytes = pdfdoc.format(element, document, toplevel)
    except UnicodeEncodeError as error:
        return type(error).__name__
    return written


def _both(element: Any, *, toplevel: int = 0) -> tuple[bytes | str, bytes | str]:
    """What `pdfsyntax.format` writes, and ReportLab's own format, each in a document of its
    own that knows the same objects."""
    ours, theirs = PDFDocument(), PDFDocument()
    for document in (ours, theirs):
        document.Reference(PDFDictionary({"Type": PDFName("Page")}), "R1")
    pdfsyntax.install()
    written = _written(element, ours, toplevel)
    with reportlab_own():
        return written, _written(element, theirs, toplevel)


@settings(max_examples=150, deadline=None)
@given(OBJECTS)
def test_pdfout_objects_as_reportlab_writes_them(element: Any) -> None:
    ours, theirs = _both(element)
    assert ours == theirs
    assert _both(element, toplevel=1) == (theirs, theirs)


def test_pdfout_references_and_objects_written_by_reference() -> None:
    reference = pdfdoc.PDFObjectReference("R1")
    for make_element in (
        lambda: reference,
        lambda: PDFArray([reference, pdfdoc.PDFStream(PDFDictionary(), b"q Q"), 1.5]),
        lambda: PDFDictionary({"S": pdfdoc.PDFStream(PDFDictionary(), b"q Q")}),
    ):
        ours, theirs = PDFDocument(), PDFDocument()
        for document in (ours, theirs):
            document.Reference(PDFDictionary({"Type": PDFName("Page")}), "R1")
        pdfsyntax.install()
        written = _written(make_element(), ours, 0)
        with reportlab_own():
            assert written == _written(make_element(), theirs, 0)
        assert isinstance(written, bytes) and b" 0 R" in written


def test_pdfout_briefs_the_same_bytes_with_and_without(tmp_path: Path) -> None:
    """The Raqqa brief (every audience's one-page brief, its multi-page brief) and the spec
    that uses every field, built with ReportLab's own writing and with pdfsyntax's."""
    builds = [
        (RAQQA, {"layouts": ["one-page", "multi-page"]}),
        (RAQQA, {"layouts": ["one-page"], "audiences": ["journalist"]}),
        (SPECS / "full.yaml", {"layouts": ["one-page", "multi-page"]}),
    ]
    for spec, options in builds:
        with reportlab_own():
            theirs = [b.path.read_bytes() for b in make(spec, out_dir=tmp_path / "a", **options)]
            assert pdfdoc.format is pdfsyntax._format
        pdfsyntax.install()
        ours = [b.path.read_bytes() for b in make(spec, out_dir=tmp_path / "b", **options)]
        assert ours == theirs
        assert pdfdoc.format is pdfsyntax.format


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=30))
def test_pdfout_page_operators_encoded_as_reportlab_encodes_them(operators: str) -> None:
    """A page's operators as bytes: ASCII at once, the rest (and what cannot be encoded)
    as ReportLab's PDFDocEncoding does."""

    def encoded(encode: Any, text: str | bytes) -> bytes | str:
        try:
            result: bytes = encode(text)
        except UnicodeEncodeError as error:
            return type(error).__name__
        return result

    for text in (operators, "BT (a\\(b\\)) Tj ET\n" + operators, "".join(map(chr, range(128)))):
        assert encoded(serialise._encoded, text) == encoded(pdfdoc.pdfdocEnc, text)
    assert serialise._encoded(b"q Q") == b"q Q"


def test_pdfout_tounicode_maps_compressed_once_never_stale() -> None:
    """A ToUnicode map is compressed once while its content is the same; another content
    (a font's subset grew) gets its own stream; the cache keeps at most 64."""
    import zlib

    def written(content: str) -> bytes:
        stream = pdfdoc.PDFStream(PDFDictionary(), content)
        serialise._stream(stream)
        assert stream.dictionary["Filter"] == "/FlateDecode"
        assert isinstance(stream.content, bytes)
        return stream.content

    maps = [f"/CIDInit /ProcSet findresource begin {n} beginbfchar" for n in range(100)]
    first = written(maps[0])
    assert written(maps[0]) is first
    for content in maps:
        assert zlib.decompress(written(content)) == content.encode()
    assert len(serialise._MAPS) <= 64


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=30),
    st.sampled_from([7, 7.5, 9.2, 10, 10.0, 23.999]),
)
def test_pdfout_string_widths_as_reportlab_measures_them(text: str, size: float) -> None:
    from briefing.design import fonts

    pdfsyntax.install()
    for family, style in (("NotoSerif", "regular"), ("NotoSans", "bold")):
        font = pdfmetrics.getFont(f"{fonts.register_family(family)}-{fonts.FACES[style]}")
        expected = rl_accel._py_instanceStringWidthTTF(font, text, size)
        for _ in range(2):  # measured, then looked up
            assert pdfsyntax.string_width(font, text, size) == expected
            assert font.stringWidth(text, size) == expected
        assert pdfsyntax.string_width(font, text.encode(), size) == expected


def test_pdfout_a_width_is_not_served_after_the_face_learns_a_glyph() -> None:
    """ReportLab adds widths to a face (HarfBuzz's private glyphs): a string measured before
    is measured again; the widths kept stay within their bounds."""

    class Face:
        charWidths = {ord("a"): 500}
        defaultWidth = 1000

    class Font:
        face = Face()

    font = Font()
    assert pdfsyntax.string_width(font, "ab", 10) == 15.0
    Face.charWidths = {**Face.charWidths, ord("b"): 250}
    assert pdfsyntax.string_width(font, "ab", 10) == 7.5
    for i in range(pdfsyntax.CACHED_NUMBERS + 10):
        assert pdfsyntax.string_width(font, "a" * (i % 50), 10) == 5.0 * (i % 50)
    assert len(pdfsyntax._widths) <= pdfsyntax.CACHED_NUMBERS
    assert pdfsyntax._width_characters <= pdfsyntax.CACHED_WIDTH_CHARACTERS


def test_pdfout_link_annotations_written_as_their_dictionaries() -> None:
    """A link inside the PDF (`LinkAnnotation`) is written as the dictionary it makes: the same
    bytes as ReportLab writes the annotation itself."""
    from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFIndirectObject

    def link() -> LinkAnnotation:
        annotation = LinkAnnotation(
            (110.2181, 604.5644, 113.9361, 612.3644),
            "source-(1) é",
            pdfdoc.PDFArray([pdfdoc.PDFObjectReference("R1"), "/XYZ", 42.51969, 83.46479, 0]),
            Border="[0 0 0]",
        )
        annotation.permitted = (*LinkAnnotation.permitted, "StructParent")
        annotation.otherkw["StructParent"] = 3
        return annotation

    documents = PDFDocument(), PDFDocument()
    for document in documents:
        document.Reference(PDFDictionary({"Type": PDFName("Page")}), "R1")
        document.Reference(PDFDictionary(), "R2")
    pdfsyntax.install()
    ours = PDFIndirectObject("R2", link().Dict()).format(documents[0])
    with reportlab_own():
        assert ours == PDFIndirectObject("R2", link()).format(documents[1])


def test_pdfout_no_number_tables_under_another_fp_str(monkeypatch: Any) -> None:
    """Under ReportLab's C accelerator (whose `fp_str` is not known to write equal numbers
    alike) every number is handed to ReportLab, none kept."""
    written: list[Any] = []

    def accelerated(*numbers: Any) -> str:
        written.append(numbers)
        return "-0" if str(numbers[0]).startswith("-") else rl_accel._py_fp_str(*numbers)

    monkeypatch.setattr(pdfsyntax, "_TABLES", False)
    monkeypatch.setattr(pdfsyntax, "_written", accelerated)
    monkeypatch.setattr(pdfsyntax, "_ints", {})
    monkeypatch.setattr(pdfsyntax, "_floats", {})
    monkeypatch.setattr(pdfsyntax, "_float_bytes", {})
    assert [pdfsyntax._number(v) for v in (0.0, -0.0, 0.0)] == ["0", "-0", "0"]
    with reportlab_own():
        pdfdoc.fp_str = accelerated
        try:
            assert pdfsyntax.format(PDFArray([0.0, -0.0]), PDFDocument()) == b"[ 0 -0 ]"
        finally:
            pdfdoc.fp_str = rl_accel._py_fp_str
    assert len(written) == 5
    assert pdfsyntax._floats == pdfsyntax._float_bytes == {}
