"""Issue 15: a fragment's subset codes in one `str.translate` (layout/textcodes.py), ToUnicode
maps kept, and a font program's stream found by the program object (design/subsets.py): each
gives what ReportLab gives, never a stale answer, within its bounds."""

from __future__ import annotations

import random
import zlib

from reportlab.pdfbase.ttfonts import TTFont

from briefing.design import subsets
from briefing.layout import textcodes

from conftest import ROOT

FONT = TTFont("WarmNotoSans", str(ROOT / "assets" / "fonts" / "NotoSans-Regular.ttf"))


class _Encryption:
    """Stands for a document's encryption: each string written differently."""

    def encode(self, text: bytes) -> bytes:
        return text[1:] + text[:1]


class _Document:
    """Stands for a PDF document: a TTFont keeps one subset state per document."""


def _texts() -> list[str]:
    """Fragments as a brief draws them: repeated words, no-break spaces, characters the font
    lacks (CJK, an emoji), new characters late, then more than one subset's worth of them."""
    rng = random.Random(15)
    words = ["Raqqa", "coalition", "civilians\u00a0killed", "10\u00a0%", "«\u00a0chaos\u00a0»", "Ω"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 6))) for _ in range(300)]
    texts += ["", "\u4e2d\u6587 Raqqa", "\U0001f600", "Raqqa ŕ", "Raqqa"]
    texts += ["".join(map(chr, range(start, start + 40))) for start in range(0x100, 0x240, 40)]
    texts += ["Raqqa \u0150\u0151 " + "".join(map(chr, range(0x100, 0x240))), "ŕŕ"]
    return texts


def test_fragments_get_reportlabs_codes_and_the_state_grows_alike() -> None:
    ours, theirs = _Document(), _Document()
    for text in _texts():
        assert textcodes.split_string(FONT, text, ours) == textcodes._reportlabs(
            FONT, text, theirs
        ), text
    mine, reportlabs = FONT.state[ours], FONT.state[theirs]
    assert mine.assignments == reportlabs.assignments
    assert mine.subsets == reportlabs.subsets
    assert len(mine.subsets) > 1
    assert textcodes.split_string(FONT, b"Raqqa", ours) == [(0, b"Raqqa")]


def test_a_code_given_after_the_table_was_made_is_used() -> None:
    document = _Document()
    assert textcodes.split_string(FONT, "ab\u00a0", document) == [(0, b"ab ")]
    (subset, codes) = textcodes.split_string(FONT, "ŕ", document)[0]
    assert textcodes.split_string(FONT, "aŕb", document) == [(0, b"a" + codes + b"b")]
    table = FONT.state[document]._briefing_codes
    assert table.seen == len(FONT.state[document].assignments)
    assert chr(0x155) in table.known


def test_unicode_maps_are_keyed_on_name_and_characters_and_bounded() -> None:
    textcodes._MAPS.clear()
    first = textcodes.to_unicode_map("AAAAAA+Noto", [0, 65, 66])
    assert first == textcodes._reportlabs_map("AAAAAA+Noto", [0, 65, 66])
    assert textcodes.to_unicode_map("AAAAAA+Noto", [0, 65, 67]) == textcodes._reportlabs_map(
        "AAAAAA+Noto", [0, 65, 67]
    )
    assert textcodes.to_unicode_map("AAAAAB+Noto", [0, 65, 66]) == textcodes._reportlabs_map(
        "AAAAAB+Noto", [0, 65, 66]
    )
    assert textcodes.to_unicode_map("AAAAAA+Noto", [0, 65, 66]) is first
    for n in range(textcodes.MAX_MAPS + 10):
        textcodes.to_unicode_map(f"N{n}", [0, 65])
    assert len(textcodes._MAPS) == textcodes.MAX_MAPS


def test_a_program_stream_is_found_by_object_and_never_another_programs() -> None:
    subsets.clear()
    program = bytes(random.Random(1).randrange(256) for _ in range(5000))
    other = bytes(reversed(program))
    stream = subsets.compressed(program)
    assert zlib.decompress(stream) == program
    assert subsets.compressed(program) is stream
    assert zlib.decompress(subsets.compressed(other)) == other
    assert subsets.compressed(bytes(bytearray(program))) == stream
    for n in range(subsets.MAX_PROGRAMS + 5):
        subsets.compressed(n.to_bytes(4, "big") * 100)
    assert len(subsets._by_object) <= subsets.MAX_PROGRAMS
    assert zlib.decompress(subsets.compressed(program)) == program
    subsets.clear()


def test_strings_are_written_as_reportlab_writes_them_and_keyed_on_escape_and_encoding() -> None:
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFString

    from briefing.layout import pdfsyntax

    texts: list[str | bytes] = ["Raqqa (2017) \\ 10%", "الرقة", "é\u00a0»", b"(a)\xfe\xff", ""]
    document = PDFDocument()
    for text in texts:
        for escape in (0, 1, 2, 4, 6):
            for enc in ("auto", "raw", "utf_16_be"):
                string = PDFString(text, escape=escape, enc=enc)
                try:
                    expected = string.format(document)
                except ValueError:
                    continue
                assert pdfsyntax.format(string, document) == expected, (text, escape, enc)
                assert pdfsyntax.format(PDFString(text, escape, enc), document) == expected
    locked = PDFDocument()
    locked.encrypt = _Encryption()
    string = PDFString("Raqqa")
    assert pdfsyntax.format(string, locked) == b"(aqqaR)"
    for n in range(pdfsyntax.CACHED_NUMBERS + 5):
        pdfsyntax.format(PDFString(f"s{n}"), document)
    assert len(pdfsyntax._strings) <= pdfsyntax.CACHED_NUMBERS


def test_strings_a_build_did_not_write_are_forgotten_at_the_next() -> None:
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFString

    from briefing.layout import paragraphs, pdfsyntax

    document = PDFDocument()
    paragraphs.forget()
    paragraphs.forget()
    pdfsyntax.format(PDFString("Dear Ada"), document)
    paragraphs.forget()
    assert pdfsyntax.format(PDFString("Dear Bob"), document) == b"(Dear Bob)"
    assert len(pdfsyntax._strings) == 2
    paragraphs.forget()
    assert len(pdfsyntax._strings) == 1
