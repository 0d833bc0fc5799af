"""The Raqqa briefs, read back from the PDFs: what the issue's 'done when' asks for."""

from __future__ import annotations

import pytest

from briefing.build import make

import pdfcheck
from conftest import RAQQA

MUST_SAY = [
    "1,600",
    "159",
    "80%",
    "Donatella Rovera",
    "United States",
    "United Kingdom",
    "France",
    "Amnesty International",
    "Airwars",
]


def test_one_page_is_exactly_one_page(raqqa_pdfs):
    assert len(pdfcheck.reader(raqqa_pdfs["one-page"].path).pages) == 1
    assert raqqa_pdfs["one-page"].pages == 1


def test_multi_page_has_at_least_two_pages(raqqa_pdfs):
    pages = len(pdfcheck.reader(raqqa_pdfs["multi-page"].path).pages)
    assert pages >= 2
    assert raqqa_pdfs["multi-page"].pages == pages


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
@pytest.mark.parametrize("phrase", MUST_SAY)
def test_brief_carries_the_key_facts(raqqa_pdfs, layout, phrase):
    assert phrase in pdfcheck.text(raqqa_pdfs[layout].path)


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_every_font_is_embedded_and_ours(raqqa_pdfs, layout):
    fonts = pdfcheck.fonts(raqqa_pdfs[layout].path)
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"not embedded: {[f for f, e in fonts.items() if not e]}"
    assert {"NotoSans-Bold", "NotoSerif-Regular", "NotoSerif-Italic"} <= set(fonts)
    assert all(name.startswith(("NotoSans-", "NotoSerif-")) for name in fonts)


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_metadata_comes_from_the_spec(raqqa_pdfs, layout):
    pdf = pdfcheck.reader(raqqa_pdfs[layout].path)
    info = pdf.metadata
    assert info.title == (
        "More than 1,600 civilians killed in four months as the coalition retook Raqqa"
    )
    assert info.author == "The briefing project"
    assert info.subject.startswith("Amnesty International and Airwars combined months")
    assert "Raqqa" in info["/Keywords"] and "Airwars" in info["/Keywords"]
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True


def test_multi_page_outline_has_every_section_on_its_page(raqqa_pdfs):
    path = raqqa_pdfs["multi-page"].path
    entries = pdfcheck.outline(path)
    titles = [title for _, title, _ in entries]
    assert titles == [
        "Executive summary",
        "Key figures",
        "The numbers",
        "Findings",
        "Inaccurate air strikes and indiscriminate artillery",
        "Intelligence failures killed entire families",
        "The coalition admits about a tenth of the deaths",
        "How the deaths were counted",
        "In their words",
        "What Amnesty International and Airwars ask",
        "Notes and sources",
    ]
    assert [level for level, _, _ in entries] == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0]
    texts = pdfcheck.page_texts(path)
    for _, title, page in entries:
        assert title in texts[page], f"{title!r} is not on page {page + 1}"


def test_multi_page_running_footer_says_page_x_of_y(raqqa_pdfs):
    texts = pdfcheck.page_texts(raqqa_pdfs["multi-page"].path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    assert all("More than 1,600 civilians killed" in t for t in texts[1:])


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_citations_link_to_their_endnotes(raqqa_pdfs, layout):
    path = raqqa_pdfs[layout].path
    internal = [link for link in pdfcheck.links(path) if link.dest_page is not None]
    assert len(internal) >= 8
    notes_page = (
        next(page for _, title, page in pdfcheck.outline(path) if title == "Notes and sources")
        if layout == "multi-page"
        else 0
    )
    assert {link.dest_page for link in internal} == {notes_page}


def test_demands_are_numbered_and_grouped_by_addressee(raqqa_pdfs):
    text = pdfcheck.text(raqqa_pdfs["multi-page"].path)
    group1 = text.index("To the United States, the United Kingdom and France")
    group2 = text.index("To Coalition forces")
    first, second, third = (text.index(f"{n}. ", group1) for n in (1, 2, 3))
    assert group1 < first < second < group2 < third
    assert text[first:].startswith("1. Be more transparent")
    assert text[third:].startswith("3. Stop denying")


def test_two_builds_are_byte_identical(tmp_path, raqqa_pdfs):
    again = {b.layout: b for b in make(RAQQA, out_dir=tmp_path)}
    for layout in ("one-page", "multi-page"):
        assert again[layout].path.read_bytes() == raqqa_pdfs[layout].path.read_bytes()
