"""Pictures: page images at a chosen resolution (their size, their bytes, the limits on both) and
the share card (its size, its text read back from the PDF it is drawn from, text that stays
inside the margins however long, a card without a figure)."""

from __future__ import annotations

import ctypes
import dataclasses
import io
import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from briefing.build import Request, plan, prepare
from briefing.design.design import PAPER, Design
from briefing.errors import BriefingError
from briefing.outputs.pictures import MAX_PIXELS, check_dpi, page_images, pixel_size
from briefing.outputs.sharecard import HEIGHT, MARGIN, WIDTH, card_pdf, share_card
from briefing.spec.validate import LoadedSpec

from conftest import RAQQA, ROOT, SPECS

NGO = ROOT / "briefs" / "templates" / "example-ngo.yaml"


def _pdf(*sizes: tuple[float, float]) -> bytes:
    """A PDF of one page of each size, each with a line of text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for number, size in enumerate(sizes, start=1):
        canvas.setPageSize(size)
        canvas.drawString(72, size[1] - 72, f"Page {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _brief(path: Path, template: Path | None = None) -> tuple[LoadedSpec, Design]:
    loaded, tpl = prepare(path, template)
    work = plan(loaded, tpl, Request(template=template))
    return work.views[None], work.designs[None]


def _text(pdf: bytes) -> str:
    """The PDF's text as pypdf reads it, on one line."""
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def _chunks(png: bytes) -> list[bytes]:
    names, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        names.append(png[at + 4 : at + 8])
        at += 12 + length
    return names


def test_page_images_have_the_pdfs_pages_at_the_resolutions_size() -> None:
    pdf = _pdf(PAPER["A4"], PAPER["letter"], PAPER["legal"])
    images = page_images(pdf, dpi=150)
    assert len(images) == 3
    sizes = [Image.open(io.BytesIO(png)).size for png in images]
    assert sizes == [(1241, 1754), (1275, 1650), (1275, 2100)]
    assert [pixel_size(*PAPER[p], dpi=150) for p in ("A4", "letter", "legal")] == sizes
    picture = Image.open(io.BytesIO(images[0]))
    assert picture.mode == "RGB"
    assert picture.info["dpi"] == pytest.approx((150, 150), abs=0.05)  # stored per metre
    assert Image.open(io.BytesIO(page_images(pdf, dpi=36)[0])).size == (298, 421)


def test_page_images_of_a_brief_are_its_pages(raqqa_pdfs: dict) -> None:
    built = raqqa_pdfs["multi-page"]
    images = page_images(built.path.read_bytes(), dpi=72)
    assert len(images) == built.pages
    page = Image.open(io.BytesIO(images[0])).convert("L")
    assert page.size == (596, 842)
    darkest, lightest = page.getextrema()
    assert darkest < 64 and lightest == 255  # ink on white paper


def test_page_images_are_the_same_bytes_every_time() -> None:
    pdf = _pdf(PAPER["A4"])
    first = page_images(pdf, dpi=100)
    assert page_images(pdf, dpi=100) == first
    assert _chunks(first[0]) == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]  # no time, no text


@pytest.mark.parametrize("dpi", [2000, 601, 35, 0, -150])
def test_a_resolution_outside_the_bounds_is_refused(dpi: int) -> None:
    message = f"briefing: --dpi: expected 36 to 600, found {dpi}"
    with pytest.raises(BriefingError) as caught:
        check_dpi(dpi)
    assert caught.value.lines() == [message]
    with pytest.raises(BriefingError) as caught:
        page_images(_pdf(PAPER["A4"]), dpi=dpi)
    assert caught.value.lines() == [message]


def test_a_page_over_the_pixel_budget_is_refused_before_any_is_drawn() -> None:
    pdf = _pdf(PAPER["A4"], PAPER["legal"])
    started = time.monotonic()
    with pytest.raises(BriefingError) as caught:
        page_images(pdf, dpi=600)
    assert time.monotonic() - started < 1
    assert caught.value.lines() == [
        "briefing: --dpi 600: page 2 (612 x 1008 pt) would be 5,100 x 8,400 = 42,840,000 "
        "pixels, over the limit of 40,000,000 a page; use --dpi 579 or less"
    ]
    legal = PAPER["legal"]
    assert pixel_size(*legal, dpi=579)[0] * pixel_size(*legal, dpi=579)[1] <= MAX_PIXELS
    assert pixel_size(*legal, dpi=580)[0] * pixel_size(*legal, dpi=580)[1] > MAX_PIXELS
    a4 = pixel_size(*PAPER["A4"], dpi=600)
    assert a4[0] * a4[1] <= MAX_PIXELS  # A4 and Letter fit at the highest resolution


def test_the_share_card_is_1200_by_630_with_the_headline_figure_and_issuer() -> None:
    loaded, design = _brief(RAQQA)
    png = share_card(loaded, design)
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
    assert share_card(loaded, design) == png
    text = _text(card_pdf(loaded, design))
    assert "More than 1,600 civilians killed in four months as the coalition retook Raqqa" in text
    assert "more than 1,600 civilians killed in four months of the 2017 offensive" in text
    assert "THE BRIEFING PROJECT · FINDINGS BY AMNESTY INTERNATIONAL AND AIRWARS" in text


def test_the_share_card_is_in_the_templates_colours_fonts_and_logo() -> None:
    loaded, design = _brief(RAQQA, NGO)
    pdf = card_pdf(loaded, design)
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts == {"Lato-Bold", "Lato-Regular"}
    assert PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]  # the logo
    card = Image.open(io.BytesIO(share_card(loaded, design)))
    assert card.getpixel((5, 300)) == (0, 98, 105)  # the stripe in the accent, #006269


def _copied(pdf: bytes) -> str:
    """The card's text as poppler's `pdftotext` copies it: in typing order, joined forms
    unjoined (NFKC), its bidirectional marks removed, on one line."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", out))
    return " ".join(text.split())


_WORD = re.compile(r"[A-Za-z]+|\d+|[^\W\d_A-Za-z]+")


def _words(text: str) -> list[str]:
    """The words and numbers of `text` in order (poppler may drop the space between an Arabic
    word and a number), punctuation left out."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def test_the_arabic_share_card_reads_right_to_left_in_arabic() -> None:
    loaded, design = _brief(ROOT / "briefs" / "raqqa.ar.yaml")
    pdf = card_pdf(loaded, design)
    copied = _words(_copied(pdf))
    for typed in (
        "مقتل أكثر من 1600 مدني في أربعة أشهر خلال استعادة التحالف مدينة الرقة",
        "أكثر من 1600 مدني قتلوا في أربعة أشهر من هجوم عام 2017",
        "مشروع BRIEFING نتائج منظمة العفو الدولية وإيروورز",
    ):
        words = _words(typed)
        assert any(copied[i : i + len(words)] == words for i in range(len(copied))), typed
    drawn = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert re.search("[\ufe70-\ufefc]", drawn)  # Arabic drawn joined (presentation forms)
    stripe = Image.open(io.BytesIO(share_card(loaded, design))).getpixel((WIDTH - 5, 300))
    assert stripe == (163, 22, 26)  # at the start edge: the right


def _boxes(pdf: bytes) -> list[tuple[str, float, float, float, float, float, float]]:
    """Every glyph drawn: its character, type size, box (left, bottom, right, top) and
    baseline."""
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    glyphs = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            glyphs.append((char, size, *text.get_charbox(i), y.value))
    return glyphs


def test_a_long_headline_issuer_and_label_stay_inside_the_margins() -> None:
    loaded, design = _brief(RAQQA)
    words = "civilians killed in four months as the coalition retook the city of Raqqa"
    headline = " ".join([words] * 6)[:400]
    spec = loaded.spec
    figure = dataclasses.replace(spec.figures[0], label=" ".join([words] * 5))
    spec = dataclasses.replace(
        spec,
        title=headline,
        organisations=[f"Organisation number {n} for human rights" for n in range(20)],
        publisher=None,
        figures=[figure],
    )
    pdf = card_pdf(dataclasses.replace(loaded, spec=spec), design)
    glyphs = _boxes(pdf)
    assert glyphs
    for char, _, left, bottom, right, top, _ in glyphs:
        assert MARGIN - 1 <= left and right <= WIDTH - MARGIN + 1, char
        assert MARGIN - 1 <= bottom and top <= HEIGHT - MARGIN + 1, char
    heads = [g for g in glyphs if 39 <= g[1] <= 41]  # the headline, at its floor of 40 pt
    body = [g for g in glyphs if g[1] < 30]  # the issuer line and the label
    assert heads and body
    text = _text(pdf)
    assert text.count("…") == 3  # the headline, the issuer line and the label are each cut
    assert "FOR HUMAN RIGHTS…" in text  # the separator before the cut dropped
    lines = {round(g[6]) for g in heads}
    assert len(lines) <= 4
    below = max(g[5] for g in glyphs if g[1] < 30 and g[3] < 300)  # the label's top
    assert min(g[3] for g in heads) > below


def test_a_card_without_figures_has_no_figure() -> None:
    loaded, design = _brief(SPECS / "minimal.yaml")
    assert not loaded.spec.figures
    png = share_card(loaded, design)
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
    assert _text(card_pdf(loaded, design)) == "EXAMPLE RIGHTS WATCH Minimal brief"
    raqqa, design = _brief(RAQQA)
    spec = dataclasses.replace(raqqa.spec, figures=[])
    text = _text(card_pdf(dataclasses.replace(raqqa, spec=spec), design))
    assert "1,600 civilians killed in four months of" not in text
    assert "Amnesty International and Airwars combined months of field research" in text  # dek


def test_a_word_too_long_for_its_lines_is_cut_within_it() -> None:
    loaded, design = _brief(RAQQA)
    figure = dataclasses.replace(loaded.spec.figures[0], label="W" * 120, value="1,600,000,000,000")
    spec = dataclasses.replace(loaded.spec, figures=[figure])
    pdf = card_pdf(dataclasses.replace(loaded, spec=spec), design)
    cut = re.search("(W+)…", _text(pdf).replace(" ", ""))
    assert cut and 12 < len(cut.group(1)) < 120
    for char, _, left, bottom, right, top, _ in _boxes(pdf):
        assert MARGIN - 1 <= left and right <= WIDTH - MARGIN + 1, char
        assert MARGIN - 1 <= bottom and top <= HEIGHT - MARGIN + 1, char
