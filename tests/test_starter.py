"""`briefing new`: the starter spec passes `check`, builds both layouts, fills its one page as a
real brief would, and prints no markup or placeholder syntax (issue 12, item 7)."""

from __future__ import annotations

import pypdfium2

from briefing.cli import main
from briefing.starter import STARTER

import pdfcheck


def _blank_runs(image, left: int, right: int, top: int, bottom: int) -> int:
    """The tallest run of rows, in pixels, with no ink between `left` and `right`."""
    longest = run = 0
    for y in range(top, bottom):
        row = [image.getpixel((x, y)) for x in range(left, right)]
        run = run + 1 if min(row) > 235 else 0
        longest = max(longest, run)
    return longest


def test_the_starter_checks_builds_and_fills_its_page(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "brief"]) == 0
    assert main(["check", "brief.yaml"]) == 0
    assert capsys.readouterr().out.endswith("brief.yaml: ok\n")
    assert main(["make", "brief.yaml", "--out-dir", "out"]) == 0
    one_page, multi_page = (
        tmp_path / "out" / "brief-one-page.pdf",
        tmp_path / "out" / "brief-multi-page.pdf",
    )
    for pdf in (one_page, multi_page):
        text = pdfcheck.text(pdf)
        for leak in ("`", "**", "{{", "}}", "__"):
            assert leak not in text, (pdf.name, leak)
        assert "[Replace: the finding] 240 families evicted in Riverton" in text
    assert len(pdfcheck.page_texts(one_page)) == 1
    # At 72 dpi a pixel is a point: between the key figures and the notes, neither column has
    # a hole taller than 60 pt (the starter used to leave 60% of the page empty).
    page = pypdfium2.PdfDocument(str(one_page))[0]
    image = page.render(scale=1).to_pil().convert("L")
    width, height = image.size
    margin = round(15 * 72 / 25.4)
    inner = width - 2 * margin
    side = round(inner * 0.35)
    top, bottom = round(height * 0.3), round(height * 0.85)
    assert _blank_runs(image, margin, width - margin - side - 20, top, bottom) <= 60
    assert _blank_runs(image, width - margin - side, width - margin, top, bottom) <= 60


def test_the_starter_invents_no_real_facts():
    """Its example is fictional, and says so, and every text says what to replace."""
    assert "fictional" in STARTER and "[Replace:" in STARTER
    body = [line for line in STARTER.splitlines() if not line.lstrip().startswith("#")]
    assert not any("`" in line for line in body)
