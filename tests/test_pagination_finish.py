"""The finish of both layouts, read back from the PDFs: superscripts never below the notes'
floor, the timeline spaced from the image under it, no addressee alone on a line (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefing.cli import main
from briefing.design.runts import NBSP
from briefing.layout.paragraphs import SUPERSCRIPT_FLOOR

from conftest import ROOT

NGO = ["--template", str(ROOT / "briefs/templates/example-ngo.yaml")]


@pytest.fixture(scope="module")
def one_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every shipped one-page brief: the Raqqa brief in every language, template and
    audience, and the full spec of every audience."""
    out = tmp_path_factory.mktemp("one-pages")
    raqqa = [str(ROOT / "briefs/raqqa.yaml"), "--language", "all"]
    full = [str(ROOT / "tests/specs/full.yaml")]
    for spec, template in ((raqqa, []), (raqqa, NGO), (full, [])):
        for audiences in ([], ["--all-audiences"]):
            command = ["make", *spec, *template, *audiences, "--layout", "one-page"]
            assert main([*command, "--out-dir", str(out / str(len(template)))]) == 0
    return sorted(out.glob("*/*.pdf"))


def test_no_type_below_the_floor_on_a_one_page(one_pages):
    """Superscript note numbers were set at 80% of their paragraph's size (5.2 pt on the French
    press release); now every glyph, superscripts included, is at least 6.5 pt."""
    assert len(one_pages) == 28
    for path in one_pages:
        text = pdfium.PdfDocument(str(path))[0].get_textpage()
        sizes = [
            pdfium.raw.FPDFText_GetFontSize(text.raw, i)
            for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()
        ]
        assert min(sizes) >= SUPERSCRIPT_FLOOR - 0.01, path.name


def _rule_over_image(page: pdfium.PdfPage) -> float | None:
    """The white between the foot of the timeline's rule and the top of the image under it."""
    images = [o.get_bounds() for o in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])]
    gaps = [
        bottom - image[3]
        for o in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH])
        for left, bottom, right, top in [o.get_bounds()]
        if right - left <= 3 and top - bottom > 10  # an upright rule
        for image in images
        if image[0] <= left <= image[2] and image[3] - 10 <= bottom < image[3] + 40
    ]
    return min(gaps) if gaps else None


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_the_timeline_keeps_its_space_above_the_image(tmp_path, layout):
    spec = ROOT / "tests/specs/full.yaml"
    assert main(["make", str(spec), "--layout", layout, "--out-dir", str(tmp_path)]) == 0
    pages = pdfium.PdfDocument(str(tmp_path / f"full-{layout}.pdf"))
    gaps = [gap for page in pages if (gap := _rule_over_image(page)) is not None]
    assert gaps, "the timeline's rule over the map was not found"
    assert min(gaps) >= 5, gaps  # was -1.8 (the map over the rule) on the one-page


def test_an_addressee_label_never_leaves_a_short_word_alone(tmp_path):
    """ "To the United States, the United Kingdom and France" ended on "France" alone."""
    spec = ROOT / "briefs/raqqa.yaml"
    command = ["make", str(spec), *NGO, "--audience", "policymaker", "--layout", "one-page"]
    assert main([*command, "--out-dir", str(tmp_path)]) == 0
    page = pdfium.PdfDocument(str(tmp_path / "raqqa-policymaker-one-page.pdf"))[0]
    lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
    label = next(i for i, line in enumerate(lines) if line.startswith("To the United States"))
    ending = lines[label] if lines[label].endswith("France") else lines[label + 1]
    assert re.search(r"\w+ France$", ending.replace(NBSP, " ")), lines[label : label + 2]
