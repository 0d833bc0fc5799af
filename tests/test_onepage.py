"""The one-page layout always fits one page: it tightens, shrinks to a floor, or says why not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.build import make
from briefing.errors import LayoutError

import pdfcheck

PARA = (
    "Witnesses described the strikes in detail and the team cross-checked every account "
    "against satellite imagery and hospital records. "
)


def long_spec(folder: Path, findings: int) -> Path:
    """A spec that grows with `findings`: 6 fit as they are, 8 need shrinking, 14 never fit."""
    items = "".join(f"  - heading: Finding {i}\n    text: {PARA * 3}\n" for i in range(findings))
    path = folder / f"long{findings}.yaml"
    path.write_text(
        "title: A long brief\norganisations: Example Rights Watch\n"
        f"summary: {PARA * 2}\nfindings:\n{items}",
        encoding="utf-8",
    )
    return path


def body_sizes(pdf: Path) -> set[float]:
    return pdfcheck.font_sizes(pdf, "NotoSerif-Regular")


def test_short_brief_keeps_full_size(tmp_path):
    (built,) = make(long_spec(tmp_path, 4), layouts=["one-page"], out_dir=tmp_path)
    assert built.pages == 1
    assert 9.5 in body_sizes(built.path)


def test_long_brief_shrinks_but_not_below_the_floor(tmp_path):
    (built,) = make(long_spec(tmp_path, 8), layouts=["one-page"], out_dir=tmp_path)
    assert len(pdfcheck.reader(built.path).pages) == 1
    sizes = body_sizes(built.path)
    body = max(sizes)
    assert 7.5 <= body < 9.5
    for i in range(8):
        assert f"Finding {i}" in pdfcheck.text(built.path)


def test_shrinking_keeps_every_word(tmp_path):
    (built,) = make(long_spec(tmp_path, 10), layouts=["one-page"], out_dir=tmp_path)
    text = pdfcheck.text(built.path)
    assert text.count("cross-checked every account") == 3 * 10 + 2
    assert min(body_sizes(built.path)) >= 7.5 - 1e-6


def test_too_long_brief_fails_naming_blocks_and_overflow(tmp_path):
    spec = long_spec(tmp_path, 14)
    with pytest.raises(LayoutError) as caught:
        make(spec, layouts=["one-page"], out_dir=tmp_path)
    message = str(caught.value)
    assert re.fullmatch(
        rf"{re.escape(str(spec))}:5:3: one-page brief does not fit on one page even with body "
        r"text at 7\.5 pt: the main column is \d+ pt too tall "
        r"\(findings \d+ pt, summary \d+ pt\)\. "
        r"Shorten these blocks, or build the multi-page layout \(--layout multi-page\)\.\n"
        rf"{re.escape(str(tmp_path / 'long14-one-page.pdf'))} was not built",
        message,
    ), message
    assert not list(tmp_path.glob("*.pdf"))


def test_letter_page_size(full_pdfs):
    for built in full_pdfs.values():
        box = pdfcheck.reader(built.path).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert full_pdfs["one-page"].pages == 1


def test_a4_page_size(raqqa_pdfs):
    box = pdfcheck.reader(raqqa_pdfs["one-page"].path).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)


def test_one_page_block_order(raqqa_pdfs):
    text = pdfcheck.text(raqqa_pdfs["one-page"].path)
    order = [
        "THE BRIEFING PROJECT · FINDINGS BY AMNESTY INTERNATIONAL AND AIRWARS",
        "More than 1,600 civilians killed",
        "more than 1,600 civilians killed in four months of",
        "More than 1,600 civilians were killed",
        " FINDINGS Inaccurate",
        "WHAT AMNESTY INTERNATIONAL AND AIRWARS ASK",
        "1. Investigation of civilian deaths",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)


def test_huge_quote_flows_across_pages_in_multi_page(tmp_path):
    spec = tmp_path / "quote.yaml"
    words = " ".join(["zebra"] * 833)  # a quote of 5,000 characters, its budget
    spec.write_text(
        f"title: T\norganisations: X\nsummary: S\nquotes:\n"
        f"  - {{text: {words}, speaker: Someone}}\n"
    )
    (built,) = make(spec, layouts=["multi-page"], out_dir=tmp_path)
    assert built.pages > 2
    assert pdfcheck.text(built.path).count("zebra") == 833


def test_block_taller_than_a_page_is_named(tmp_path):
    spec = tmp_path / "demand.yaml"
    # 50 demands of 950 characters each: within every budget, but one panel taller than a page.
    demands = f"  - {{to: X, text: {' '.join(['word'] * 190)}}}\n" * 50
    spec.write_text(f"title: T\norganisations: X\nsummary: S\ndemands:\n{demands}")
    with pytest.raises(LayoutError) as caught:
        make(spec, layouts=["multi-page"], out_dir=tmp_path)
    assert str(caught.value) == (
        f"{spec}:5:3: demands: cannot lay out the multi-page brief: a "
        "part of this block is taller than a page; shorten it\n"
        f"{tmp_path / 'demand-multi-page.pdf'} was not built"
    )
    assert not list(tmp_path.glob("*.pdf"))


def test_the_longest_word_allowed_is_broken_not_lost(tmp_path):
    spec = tmp_path / "word.yaml"
    spec.write_text(f"title: T\norganisations: X\nsummary: {'Z' * 120}\n")
    for built in make(spec, out_dir=tmp_path):
        assert pdfcheck.text(built.path).replace(" ", "").count("Z") == 120
