"""Speed of the PDF bytes (issue 15): subset font programs made once per glyph set and kept
across builds, font files read again when they change, every stream compressed once (by the
tagging pass). The caches never serve a stale subset, and the bytes do not depend on them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pdfua
import pikepdf
import pytest
from reportlab.pdfbase import pdfdoc

from briefing.build import make
from briefing.design import fonts, subsets

from conftest import ROOT, SPECS

FONTS = ROOT / "src" / "briefing" / "assets" / "fonts"
if not FONTS.is_dir():
    FONTS = ROOT / "assets" / "fonts"


def _build(spec: Path, out: Path, **options: object) -> bytes:
    (built,) = make(spec, layouts=["one-page"], out_dir=out, **options)  # type: ignore[arg-type]
    return built.path.read_bytes()


def _assert_pdfua(path: Path) -> None:
    report = pdfua.validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0


def _base_fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    """The embedded fonts' PostScript names, without their subset tags."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as document:
        names = {
            str(font.BaseFont).split("+", 1)[-1]
            for page in document.pages
            for font in page.Resources.Font.values()
        }
    path.unlink()
    return names


class _Face:
    """A stand-in for a parsed TTFontFace: its bytes, and a subsetter that notes its calls."""

    def __init__(self, data: bytes) -> None:
        self._ttf_data = data
        self.calls: list[list[int]] = []

    def make(self, face: _Face, subset: list[int]) -> bytes:
        face.calls.append(subset)
        return face._ttf_data + bytes(c % 256 for c in subset)


def test_speed_pdf_subset_made_once_per_face_and_glyph_set() -> None:
    subsets.clear()
    face = _Face(b"font one")
    first = subsets.program(face, [65, 66], make=face.make)
    assert subsets.program(face, [65, 66], make=face.make) == first
    assert face.calls == [[65, 66]]
    # the order of the characters is the order of the glyphs: another program
    assert subsets.program(face, [66, 65], make=face.make) != first
    assert subsets.program(face, [65, 66, 67], make=face.make) != first
    # the same characters of a face read from other bytes (a file changed on disk)
    other = _Face(b"font two")
    assert subsets.program(other, [65, 66], make=other.make) == b"font twoAB"
    assert face.calls == [[65, 66], [66, 65], [65, 66, 67]] and other.calls == [[65, 66]]


def test_speed_pdf_subset_cache_is_bounded() -> None:
    subsets.clear()
    face = _Face(b"f")
    for n in range(subsets.MAX_PROGRAMS + 40):
        subsets.program(face, [n, n + 1], make=face.make)
    assert subsets.held()[0] == subsets.MAX_PROGRAMS
    big = _Face(b"x" * (subsets.MAX_BYTES // 3))
    for n in range(5):
        subsets.program(big, [n], make=big.make)
    count, held = subsets.held()
    assert held <= subsets.MAX_BYTES and count < subsets.MAX_PROGRAMS
    # the least recently used went first: the last program made is still served
    calls = len(big.calls)
    subsets.program(big, [4], make=big.make)
    assert len(big.calls) == calls
    subsets.clear()


def test_speed_pdf_second_build_makes_no_subset_and_the_same_bytes(tmp_path: Path) -> None:
    spec = SPECS / "full.yaml"
    subsets.clear()
    before = subsets.counts.made
    cold = _build(spec, tmp_path / "cold")
    made, served = subsets.counts.made, subsets.counts.served
    assert made > before
    warm = _build(spec, tmp_path / "warm")
    assert subsets.counts.made == made  # every subset of the second build was served
    assert subsets.counts.served - served == made - before
    assert warm == cold
    subsets.clear()
    assert _build(spec, tmp_path / "again") == cold


def test_speed_pdf_every_stream_is_compressed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ReportLab's compression is never used: our side compresses each stream once
    (`serialise.py`), none is left uncompressed but the XMP metadata, no image keeps
    ReportLab's ASCII85."""
    compressed: list[int] = []
    encode = pdfdoc.PDFStreamFilterZCompress.encode

    def counted(self: object, text: bytes) -> bytes:
        compressed.append(len(text))
        return encode(self, text)  # type: ignore[arg-type]

    monkeypatch.setattr(pdfdoc.PDFStreamFilterZCompress, "encode", counted)
    path = tmp_path / "brief.pdf"
    path.write_bytes(_build(SPECS / "full.yaml", tmp_path / "out"))
    assert compressed == []
    with pikepdf.open(path) as document:
        filters = {
            # a name, or an array of names (an image's): the filters in the order they apply
            tuple(map(str, f)) if isinstance(f, pikepdf.Array) else (str(f),)
            for o in document.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Type") != "/Metadata"
            for f in [o.get("/Filter")]
        }
        metadata = document.Root.Metadata.get("/Filter")
    assert filters == {("/FlateDecode",)} and metadata is None


def _template(folder: Path) -> Path:
    """A template whose fonts are files in `folder/fonts`, Noto Sans to start with."""
    (folder / "fonts").mkdir(parents=True)
    for suffix in fonts.FACES.values():
        shutil.copy(FONTS / f"NotoSans-{suffix}.ttf", folder / "fonts" / f"House-{suffix}.ttf")
    lines = ["extends: default", "fonts:"]
    for role in ("sans", "serif"):
        lines.append(f"  {role}:")
        for style, suffix in (
            ("regular", "Regular"),
            ("bold", "Bold"),
            ("italic", "Italic"),
            ("bold_italic", "BoldItalic"),
        ):
            lines.append(f"    {style}: fonts/House-{suffix}.ttf")
    template = folder / "house.yaml"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return template


def test_speed_pdf_font_file_replaced_is_read_again(tmp_path: Path) -> None:
    """`briefing watch` rebuilds in one process: a template's font file replaced between two
    builds is embedded as it now is, never the parse or the subsets of the old file."""
    project = tmp_path / "project"
    template = _template(project)
    spec = project / "brief.yaml"
    shutil.copy(SPECS / "minimal.yaml", spec)
    first = _build(spec, tmp_path / "one", template=template)
    assert _base_fonts(first, tmp_path) == {"NotoSans-Regular", "NotoSans-Bold"}
    for suffix in fonts.FACES.values():
        target = project / "fonts" / f"House-{suffix}.ttf"
        shutil.copy(FONTS / f"NotoSerif-{suffix}.ttf", target)
        os.utime(target, ns=(1, 1))  # an old time: only the size and content say it changed
    second = _build(spec, tmp_path / "two", template=template)
    assert _base_fonts(second, tmp_path) == {"NotoSerif-Regular", "NotoSerif-Bold"}
    _assert_pdfua(tmp_path / "two" / "brief-one-page.pdf")


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_speed_pdf_raqqa_still_passes_pdfua_with_cached_subsets(
    tmp_path: Path, layout: str
) -> None:
    spec = ROOT / "briefs" / "raqqa.ar.yaml"
    make(spec, layouts=[layout], out_dir=tmp_path / "first")  # type: ignore[list-item]
    (built,) = make(spec, layouts=[layout], out_dir=tmp_path / "second")  # type: ignore[list-item]
    _assert_pdfua(built.path)
