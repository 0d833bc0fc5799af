"""The PDF written once (issue 15, round two): the structure tree is added to ReportLab's own
objects before they are written, each stream is compressed once, and each embedded TrueType
program comes compressed from a bounded cache instead of being compressed anew. The cache never
serves the stream of another program, the bytes do not depend on it, and the `/ID` is a hash
of the content."""

from __future__ import annotations

import hashlib
import random
import re
import zlib
from pathlib import Path

import pdfua
import pikepdf

from briefing.build import make
from briefing.design import subsets

from conftest import ROOT, SPECS


def _build(spec: Path, out: Path, *, layout: str = "one-page") -> Path:
    (built,) = make(spec, layouts=[layout], out_dir=out)  # type: ignore[list-item]
    return built.path


def _programs(path: Path) -> list[tuple[bytes, bytes]]:
    """Each embedded TrueType program of the PDF at `path`: its raw and its decoded bytes."""
    with pikepdf.open(path) as document:
        return [
            (o.read_raw_bytes(), o.read_bytes())
            for o in document.objects
            if isinstance(o, pikepdf.Stream) and "/Length1" in o
        ]


def test_speed_pdf2_compressed_program_is_keyed_on_its_bytes() -> None:
    subsets.clear()
    first = subsets.compressed(b"program one" * 50)
    assert zlib.decompress(first) == b"program one" * 50
    assert first == zlib.compress(b"program one" * 50, 6)  # what qpdf itself would write
    served = subsets.counts.compressed_served
    assert subsets.compressed(b"program one" * 50) == first
    assert subsets.counts.compressed_served == served + 1
    changed = subsets.compressed(b"program One" * 50)  # same size, one byte changed
    assert zlib.decompress(changed) == b"program One" * 50
    assert subsets.held_streams()[0] == 2
    subsets.clear()
    assert subsets.held_streams() == (0, 0)


def test_speed_pdf2_compressed_programs_are_bounded() -> None:
    subsets.clear()
    for n in range(subsets.MAX_PROGRAMS + 40):
        subsets.compressed(n.to_bytes(4, "big"))
    assert subsets.held_streams()[0] == subsets.MAX_PROGRAMS
    for n in range(5):  # random bytes, which do not compress: each a third of the bound
        subsets.compressed(random.Random(n).randbytes(subsets.MAX_BYTES // 3))
    count, held = subsets.held_streams()
    assert held <= subsets.MAX_BYTES and count < subsets.MAX_PROGRAMS
    subsets.clear()


def test_speed_pdf2_second_build_compresses_no_program_and_writes_the_same_bytes(
    tmp_path: Path,
) -> None:
    spec = SPECS / "full.yaml"
    subsets.clear()
    cold = _build(spec, tmp_path / "cold")
    compressed = subsets.counts.compressed
    served = subsets.counts.compressed_served
    programs = _programs(cold)
    assert len(programs) >= 2
    for raw, program in programs:
        assert raw == zlib.compress(program, 6)
    warm = _build(spec, tmp_path / "warm")
    assert subsets.counts.compressed == compressed  # every program served, none compressed
    assert subsets.counts.compressed_served - served == len(programs)
    assert warm.read_bytes() == cold.read_bytes()
    subsets.clear()
    assert _build(spec, tmp_path / "again").read_bytes() == cold.read_bytes()


def test_speed_pdf2_other_characters_embed_their_own_program(tmp_path: Path) -> None:
    """A brief that draws other characters (Cyrillic: a Latin brief's subset holds every
    Latin glyph) is not handed the stream of an earlier program."""
    spec = tmp_path / "brief.yaml"
    text = (SPECS / "minimal.yaml").read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    first = _programs(_build(spec, tmp_path / "one"))
    spec.write_text(text.replace("title: ", "title: Жук, ", 1), encoding="utf-8")
    second = _build(spec, tmp_path / "two")
    assert {p for _, p in _programs(second)} != {p for _, p in first}
    for raw, program in _programs(second):
        assert zlib.decompress(raw) == program


def test_speed_pdf2_multi_page_raqqa_passes_pdfua_when_served(tmp_path: Path) -> None:
    spec = ROOT / "briefs" / "raqqa.yaml"
    _build(spec, tmp_path / "first", layout="multi-page")
    built = _build(spec, tmp_path / "second", layout="multi-page")
    report = pdfua.validate(str(built))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0


def test_speed_pdf2_id_is_a_hash_of_the_content(tmp_path: Path) -> None:
    """The README's promise: the trailer's `/ID` is the MD5 of everything before the trailer,
    so a brief that differs in one word has another `/ID`."""
    spec = tmp_path / "brief.yaml"
    text = (SPECS / "minimal.yaml").read_text(encoding="utf-8")
    ids = []
    for number, title in enumerate(("Minimal brief", "Minimal briefs")):
        spec.write_text(text.replace("Minimal brief", title, 1), encoding="utf-8")
        data = _build(spec, tmp_path / str(number)).read_bytes()
        trailer = data.rindex(b"trailer")
        digest = hashlib.md5(data[:trailer], usedforsecurity=False).hexdigest()
        found = re.search(rb"/ID\s*\[\s*<(\w+)>\s*<(\w+)>\s*\]", data[trailer:])
        assert found is not None and found[1] == found[2] == digest.encode()
        ids.append(digest)
    assert ids[0] != ids[1]
