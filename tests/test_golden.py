"""Golden pages pin how the briefs look: every page of the Raqqa brief for every audience in
both layouts, and of tests/specs/full.yaml (QR code, timeline, logo, images) in both layouts,
compared as a reader would see them (see `pages` for how, and for what a failure writes to
`tests/_failed/`). After a deliberate layout change, look at the new pages, then regenerate:

    BRIEFING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py tests/test_rtl.py

The comparison's own tests show that it passes sub-pixel noise and fails real changes. Builds
stay deterministic: the same spec gives byte-identical PDFs, in one process or two.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from briefing.build import PartialBuild, make
from briefing.design.theme import Theme
from briefing.layout import charts

import pages

ROOT = Path(__file__).resolve().parents[1]
RAQQA = ROOT / "briefs" / "raqqa.yaml"
FULL = ROOT / "tests" / "specs" / "full.yaml"
AUDIENCES = (None, "journalist", "advocate", "policymaker")
LAYOUTS = ("one-page", "multi-page")
CASES = [("raqqa", audience, layout) for audience in AUDIENCES for layout in LAYOUTS]
CASES += [("full", None, layout) for layout in LAYOUTS]


@pytest.fixture(scope="module")
def golden_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """Every PDF with a golden, by file stem; a layout that could not be built maps to its
    message."""
    built: dict[str, Path | str] = {}
    for spec, audiences in ((RAQQA, AUDIENCES), (FULL, (None,))):
        out = tmp_path_factory.mktemp(spec.stem)
        try:
            made = make(spec, layouts=LAYOUTS, audiences=audiences, out_dir=out)
        except PartialBuild as error:
            made = error.built
            for audience, layout in ((a, layout) for a in audiences for layout in LAYOUTS):
                stem = "-".join(p for p in (spec.stem, audience, layout) if p)
                built[stem] = "\n".join(error.lines())
        for pdf in made:
            built[pdf.path.stem] = pdf.path
    return built


@pytest.mark.parametrize(
    "spec, audience, layout",
    CASES,
    ids=["-".join(p for p in case if p) for case in CASES],
)
def test_pages_match_their_goldens(
    golden_builds: dict[str, Path | str], spec: str, audience: str | None, layout: str
) -> None:
    name = "-".join(p for p in (spec, audience, layout) if p)
    pdf = golden_builds[name]
    if isinstance(pdf, str):
        pytest.fail(f"{name} was not built:\n{pdf}")
    pages.assert_matches_golden(pdf, name)


def test_every_golden_file_belongs_to_a_case() -> None:
    """A golden that no test compares (a page a brief no longer has, a renamed case) is
    reported, not left to mislead."""
    names = {"-".join(p for p in case if p) for case in CASES} | {"raqqa.ar-one-page"}
    expected = {f"{name}.txt" for name in names} | {"chart-bars.png"}
    for path in pages.GOLDEN.iterdir():
        stem = path.stem.rsplit("-p", 1)[0] if path.suffix == ".png" else path.stem
        assert path.name in expected or (path.suffix == ".png" and stem in names), path.name


# The comparison itself ---------------------------------------------------------------------


def _shifted(pdf: Path, dx: float, dy: float) -> Path:
    """A copy of `pdf` whose pages are drawn `dx`, `dy` points off (sub-pixel noise)."""
    target = pdf.with_name(f"{pdf.stem}-shift-{dx}-{dy}.pdf")
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            page.contents_add(
                pikepdf.Stream(document, f"1 0 0 1 {dx} {dy} cm".encode()), prepend=True
            )
        document.save(target)
    return target


def test_the_same_pdf_rendered_twice_matches(raqqa_pdfs) -> None:
    pdf = raqqa_pdfs["one-page"].path
    (first,), (second,) = pages.render(pdf), pages.render(pdf)
    difference = pages.compare(first, second)
    assert (difference.pixels, difference.differs) == (0, False)


@pytest.mark.parametrize("dx, dy", [(0.05, 0.05), (0.1, 0.0), (0.25, 0.25), (0.0, 0.5), (0.5, 0.5)])
def test_sub_pixel_shifts_pass(raqqa_pdfs, full_pdfs, dx: float, dy: float) -> None:
    """Moving every page by up to half a point (half a pixel at 72 dpi) changes how pdfium
    anti-aliases and snaps every glyph (thousands of pixels change by up to 228 grey levels),
    yet is not a change a reader sees."""
    for built in (raqqa_pdfs["one-page"], full_pdfs["one-page"], full_pdfs["multi-page"]):
        for before, after in zip(
            pages.render(built.path), pages.render(_shifted(built.path, dx, dy)), strict=True
        ):
            difference = pages.compare(before, after)
            assert not difference.differs, (built.path.name, difference.densest)


def _mutated(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    """The Raqqa one-page brief built from a copy of briefs/, as it is and with `old` replaced
    by `new` in the spec."""
    briefs = tmp_path / "briefs"
    shutil.copytree(RAQQA.parent, briefs)
    text = (briefs / "raqqa.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (briefs / "changed.yaml").write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "out"
    (before,) = make(briefs / "raqqa.yaml", layouts=["one-page"], out_dir=out)
    (after,) = make(briefs / "changed.yaml", layouts=["one-page"], out_dir=out)
    return before.path, after.path


@pytest.mark.parametrize(
    "old, new",
    [
        ('value: "159"', 'value: "158"'),
        ("combined months of field research", "combined months of research field"),
        ("label: satellite images scrutinised", "label: images scrutinised"),
    ],
    ids=["one digit of a key figure", "two words swapped", "one word removed"],
)
def test_a_real_change_fails(tmp_path: Path, old: str, new: str) -> None:
    before, after = _mutated(tmp_path, old, new)
    (expected,), (actual,) = pages.render(before), pages.render(after)
    difference = pages.compare(expected, actual)
    assert difference.differs, (difference.pixels, difference.densest)


def _bar_chart(admitted: float) -> Image.Image:
    """Two bars, their labels fixed, the second one `admitted` long, rendered as goldens are."""
    bars = [charts.Bar("Documented", 1600, "1,600"), charts.Bar("Admitted", admitted, "800")]
    drawing = charts.draw_bars(bars, Theme(), width=260)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(260, drawing.height), invariant=1)
    drawing.drawOn(canvas, 0, 0)
    canvas.save()
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    grey = page.render(scale=pages.DPI / 72, grayscale=True).to_pil().convert("L")
    return grey.point(lambda v: round(v / 17) * 17)


def test_a_bar_five_percent_longer_fails() -> None:
    assert pages.compare(_bar_chart(800), _bar_chart(840)).differs
    assert not pages.compare(_bar_chart(800), _bar_chart(800)).differs


def test_a_failed_comparison_writes_the_new_page_the_golden_and_a_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, after = _mutated(tmp_path, 'value: "159"', 'value: "158"')
    monkeypatch.setattr(pages, "GOLDEN", tmp_path / "golden")
    monkeypatch.setattr(pages, "FAILED", tmp_path / "failed")
    monkeypatch.delenv(pages.UPDATE, raising=False)
    pages.update(before, "brief")
    assert sorted(p.name for p in (tmp_path / "golden").iterdir()) == ["brief-p1.png", "brief.txt"]
    assert pages.problems_with(before, "brief") == []
    assert not (tmp_path / "failed").exists()

    problems = pages.problems_with(after, "brief")
    assert problems[0].startswith("brief-p1: ")
    assert problems[0].endswith(f"see {tmp_path / 'failed' / 'brief-p1'}.diff.png")
    assert problems[1].startswith("brief.txt differs:\n--- golden\n+++ built\n")
    assert "\n-159\n+158\n" in problems[1]
    failed = tmp_path / "failed"
    written = sorted(p.name for p in failed.iterdir())
    assert written == ["brief-p1.diff.png", "brief-p1.golden.png", "brief-p1.png", "brief.txt"]
    assert pages.load(failed / "brief-p1.png").tobytes() == pages.render(after)[0].tobytes()
    assert pages.load(failed / "brief-p1.golden.png").tobytes() == pages.render(before)[0].tobytes()
    with Image.open(failed / "brief-p1.diff.png") as diff:
        colours = dict((c, n) for n, c in diff.convert("RGB").getcolors(1 << 20) or [])
    difference = pages.compare(pages.render(before)[0], pages.render(after)[0])
    assert colours[(220, 0, 0)] == difference.pixels > 0
    with pytest.raises(AssertionError, match="differs from its goldens"):
        pages.assert_matches_golden(after, "brief")

    pages.update(after, "brief")  # a brief that lost a page loses its golden page too
    (tmp_path / "golden" / "brief-p2.png").write_bytes(b"")
    pages.update(after, "brief")
    assert not (tmp_path / "golden" / "brief-p2.png").exists()
    assert pages.problems_with(after, "brief") == []
    assert not list(failed.iterdir())


def test_a_golden_stored_as_a_small_png_reads_back_unchanged(raqqa_pdfs, tmp_path: Path) -> None:
    (picture,) = pages.render(raqqa_pdfs["one-page"].path)
    pages.save(picture, tmp_path / "p.png")
    assert pages.load(tmp_path / "p.png").tobytes() == picture.tobytes()
    with Image.open(tmp_path / "p.png") as stored:
        assert (stored.mode, stored.info.get("bits", 4)) == ("P", 4)
    assert (tmp_path / "p.png").stat().st_size < 80_000


# Determinism ------------------------------------------------------------------------------


def test_the_same_spec_builds_byte_identical_pdfs_in_one_process(
    raqqa_pdfs, full_pdfs, tmp_path: Path
) -> None:
    for spec, earlier in ((RAQQA, raqqa_pdfs), (FULL, full_pdfs)):
        for again in make(spec, layouts=LAYOUTS, out_dir=tmp_path / spec.stem):
            assert again.path.read_bytes() == earlier[again.layout].path.read_bytes(), again.path


def test_the_same_spec_builds_byte_identical_pdfs_in_two_processes(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        subprocess.run(
            [sys.executable, "-m", "briefing", "make", str(FULL), "--out", str(tmp_path / folder)],
            check=True,
            capture_output=True,
        )
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["full-multi-page.pdf", "full-one-page.pdf"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
