"""Tagged PDF, what a reader is told beyond the drawn glyphs: each line of right-to-left text a
`Span` whose `/ActualText` is the line as typed (the glyphs and what `pdftotext` copies
unchanged), list items as `Lbl` and `LBody`, key figures as a list in the brief's order, and
`/Lang` on a quote kept in another language."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Iterator

import pikepdf
import pytest
import yaml
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from briefing.build import prepare
from briefing.design import bidi
from briefing.design.design import design_for
from briefing.design.theme import Theme
from briefing.layout import actualtext, structtree, tagging
from briefing.layout.guards import BlockMarker
from briefing.layout.multipage import render_multi_page
from briefing.layout.onepage import render_one_page
from briefing.layout.paragraphs import para
from briefing.model.model import DemandGroup, Text
from briefing.model.resolve import resolve
from briefing.spec import markup

from conftest import RAQQA, ROOT

ARABIC = ROOT / "briefs" / "raqqa.ar.yaml"
RENDER = {"one-page": render_one_page, "multi-page": render_multi_page}


def _build(path, layout):  # type: ignore[no-untyped-def]
    loaded, template = prepare(path)
    design = design_for(loaded, template, None)
    pdf, _ = RENDER[layout](loaded, design)
    return pdf, resolve(loaded, design)


@pytest.fixture(scope="module")
def arabic() -> dict[str, tuple[bytes, object]]:
    return {layout: _build(ARABIC, layout) for layout in RENDER}


def _kids(node: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = node.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") is not None]


_OPEN: list[pikepdf.Pdf] = []


def _elements(pdf: bytes) -> Iterator[pikepdf.Dictionary]:
    """Every structure element, depth first (the document kept open for the test's while)."""
    document = pikepdf.open(io.BytesIO(pdf))
    _OPEN.append(document)

    def walk(node: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
        yield node
        for kid in _kids(node):
            yield from walk(kid)

    yield from walk(document.Root.StructTreeRoot.K)


def _role(element: pikepdf.Dictionary) -> str:
    return str(element.S)[1:]


def _lines(element: pikepdf.Dictionary) -> list[str]:
    """The `/ActualText` of the Spans of `element`, one per drawn line."""
    spans = [k for k in _kids(element) if _role(k) == "Span"]
    return [str(k.ActualText) for k in spans]


def _block(brief, kind: str):  # type: ignore[no-untyped-def]
    (block,) = [b for b in brief.blocks if b.kind == kind]
    return block


def _unmarked(text: str) -> str:
    """`text` as its glyphs spell it: vowel marks (not drawn) left out, joined forms unjoined."""
    return unicodedata.normalize(
        "NFKC", "".join(c for c in text if unicodedata.category(c) != "Mn")
    )


def _summary(brief) -> str:  # type: ignore[no-untyped-def]
    (text,) = [p for p in _block(brief, "summary").parts if isinstance(p, Text)]
    return str(text.plain)


@pytest.mark.parametrize("layout", RENDER)
def test_tag_arabic_lines_carry_their_typed_text(arabic, layout: str) -> None:
    """The summary of the Arabic brief is read line by line as typed, vowel marks included:
    the Spans' ActualText, one per drawn line, joined, is the model's summary."""
    pdf, brief = arabic[layout]
    summary = _summary(brief)
    (element,) = [
        e for e in _elements(pdf) if _lines(e) and _lines(e)[0] == summary[: len(_lines(e)[0])]
    ]
    lines = _lines(element)
    assert len(lines) >= 5
    assert " ".join(lines) == summary
    assert lines[0].startswith("قُتل أكثر من 1600 مدني في أربعة أشهر")
    assert "\u064f" in lines[0]  # the damma of قُتل, which the drawn glyphs leave out


def _copied(pdf: bytes) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", out))
    return [line.strip() for line in text.replace("\f", "\n").split("\n") if line.strip()]


_WORD = re.compile(r"[A-Za-z]+|\d+|[^\W\d_A-Za-z]+")


def test_tag_pdftotext_still_copies_each_drawn_line_in_typing_order(arabic) -> None:
    """The ActualText is the structure's, not the text layer's: poppler still copies one line
    per drawn line, in typing order, and each is the words of its Span."""
    pdf, brief = arabic["one-page"]
    summary = _summary(brief)
    (element,) = [e for e in _elements(pdf) if _lines(e) and summary.startswith(_lines(e)[0])]
    copied = _copied(pdf)
    words = [_WORD.findall(line) for line in copied]
    for line in _lines(element):
        assert _WORD.findall(_unmarked(line)) in words
    assert b"/ActualText" not in b"".join(
        page.Contents.read_bytes() for page in pikepdf.open(io.BytesIO(pdf)).pages
    )


_MIRROR = str.maketrans("()[]«»", "||!!<<")


@pytest.mark.parametrize("layout", RENDER)
def test_tag_every_arabic_span_spells_what_its_line_draws(arabic, layout: str) -> None:
    """Every Span of both layouts (the multi-page brief's paragraphs split across pages too)
    holds the letters its line draws, in another order: the typed text of that line, not of
    another."""
    pdf, _ = arabic[layout]
    document = pikepdf.open(io.BytesIO(pdf))
    drawn: dict[tuple[int, int], str] = {}
    for number, page in enumerate(document.pages):
        current: tuple[int, int] | None = None
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("BDC") and "/MCID" in operands[1]:
                current = (number, int(operands[1].MCID))
                drawn[current] = ""
            elif operator == pikepdf.Operator("EMC"):
                current = None
            elif current is not None and operator == pikepdf.Operator("Tj"):
                drawn[current] += bytes(operands[0]).hex()
    pages = {page.obj.objgen: i for i, page in enumerate(document.pages)}
    spans = [e for e in _elements(pdf) if _role(e) == "Span"]
    assert len(spans) > 40
    for span in spans:
        assert str(span.ActualText).strip()
        # what briefing adds for drawing (no-break spaces, the letter mark before a note
        # number) is not what was typed
        assert not {"\u00a0", "\u061c"} & set(str(span.ActualText))
        assert span.K.Type == "/MCR" and (pages[span.Pg.objgen], int(span.K.MCID)) in drawn
        assert _role(span.P) in {"P", "H1", "H2", "H3", "LBody", "Note"}


def test_tag_a_split_arabic_paragraph_reads_on_across_the_page_break() -> None:
    """A paragraph broken across two pages gives each page its own lines as typed."""
    theme = Theme().with_direction("rtl")
    typed = " ".join(["قُتل أكثر من 1600 مدني في أربعة أشهر خلال الهجوم الذي شنّه التحالف."] * 20)
    paragraph = para(markup.plain(typed), theme["body"])
    tagging.mark(paragraph, tagging.Tag("P"))
    canvases: list[tagging.TaggedCanvas] = []

    def canvas(*args, **kwargs):  # type: ignore[no-untyped-def]
        canvases.append(tagging.TaggedCanvas(*args, **kwargs))
        return canvases[-1]

    buffer = io.BytesIO()
    size = (A4[0], 150)
    SimpleDocTemplate(buffer, pagesize=size, topMargin=20, bottomMargin=20).build(
        [paragraph], canvasmaker=canvas
    )
    pdf = structtree.tag_pdf(buffer.getvalue(), canvases[0].recorder.marks, order="serial")
    assert len(pikepdf.open(io.BytesIO(pdf)).pages) >= 2
    (element,) = [e for e in _elements(pdf) if _role(e) == "P"]
    lines = _lines(element)
    assert " ".join(lines) == typed
    pages = {e.Pg.objgen for e in _kids(element)}
    assert len(pages) >= 2


@pytest.mark.parametrize("path", [RAQQA, ARABIC], ids=["en", "ar"])
def test_tag_demands_are_a_list_per_addressee_of_labels_and_bodies(path) -> None:
    """Each group of demands is an L whose items hold the number (Lbl) and the demand (LBody);
    the Arabic number, drawn turned round, is read as typed."""
    pdf, brief = _build(path, "multi-page")
    groups = [p for p in _block(brief, "demands").parts if isinstance(p, DemandGroup)]
    lists = [e for e in _elements(pdf) if _role(e) == "L" and len(_kids(e)) and _kids(_kids(e)[0])]
    numbered = [e for e in lists if _role(_kids(_kids(e)[0])[0]) == "Lbl"]
    counts = [len(g.items) for g in groups]
    found = [[len(_kids(e)) for e in numbered[i : i + len(counts)]] for i in range(len(numbered))]
    assert counts in found
    for element in numbered:
        for item in _kids(element):
            assert [_role(k) for k in _kids(item)] == ["Lbl", "LBody"]
    if path == ARABIC:
        labels = [str(_kids(i)[0].ActualText) for e in numbered for i in _kids(e)]
        assert labels[-sum(counts) :] == [f"{n}." for n in range(1, sum(counts) + 1)]


@pytest.mark.parametrize("path", [RAQQA, ARABIC], ids=["en", "ar"])
def test_tag_key_figures_are_a_list_in_the_briefs_order(path) -> None:
    """The key-figures band is an L, one item (value, then label) per figure, in the spec's
    order: in the Arabic brief too, whose band is drawn from the right."""
    pdf, brief = _build(path, "one-page")
    values = [f.value for f in _block(brief, "figures").parts]
    lists = [e for e in _elements(pdf) if _role(e) == "L" and len(_kids(e)) == len(values)]
    read = []
    for element in lists:
        for item in _kids(element):
            (body,) = _kids(item)
            assert _role(body) == "LBody"
            read.append(" ".join(_lines(body)) if path == ARABIC else body)
    if path == ARABIC:
        assert len(read) == len(values)
        for value, text in zip(values, read, strict=True):
            assert value.replace("\u00a0", " ") in text
    else:
        assert len(read) == len(values)


def test_tag_a_quote_kept_in_another_language_says_which() -> None:
    """A quote `kept` in the original's language is a BlockQuote with that `/Lang`; the
    others carry none (they are in the document's)."""
    loaded, template = prepare(RAQQA)
    design = design_for(loaded, template, None)
    theme = design.theme
    flow = [BlockMarker("quotes[0]"), para("Kept as said.", theme["quote.text"])]
    flow += [BlockMarker("quotes[1]"), para("Translated.", theme["quote.text"])]
    tagging.tag_block(
        "quotes", flow, spec=loaded.spec, words=design.words, kept={"quotes[0]": "fr"}
    )
    canvases: list[tagging.TaggedCanvas] = []

    def canvas(*args, **kwargs):  # type: ignore[no-untyped-def]
        canvases.append(tagging.TaggedCanvas(*args, **kwargs))
        return canvases[-1]

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(flow, canvasmaker=canvas)
    pdf = structtree.tag_pdf(buffer.getvalue(), canvases[0].recorder.marks, order="drawn")
    quotes = [e for e in _elements(pdf) if _role(e) == "BlockQuote"]
    assert [str(q.get("/Lang", "")) for q in quotes] == ["fr", ""]


@pytest.mark.parametrize(
    "typed",
    [
        "لَا تَقْتُلُوا المَدَنِيِّين",  # a vowel between lam and alef, joined into one glyph
        "ﻻ ﷲ قال",  # letters typed in their joined forms
        "َقال مُحَمَّد",  # a vowel mark opening the text
        "المـــدينة دُمِّرَت",  # tatweel
        "قال (Airwars) إن 1,600 [مصدر ١].",
    ],
)
def test_tag_typed_lines_follow_joining_back(typed: str) -> None:
    """The typed text of each line is found back through joining, vowel marks included."""
    words = bidi.reshape(typed).split(" ")
    half = len(words) // 2
    lines = [[f"{w} " for w in words[:half]], [f"{w} " for w in words[half:-1]] + words[-1:]]
    found, end = actualtext.typed_lines((typed,), lines)
    assert found == [" ".join(typed.split(" ")[:half]), " ".join(typed.split(" ")[half:])]
    assert end == len(bidi.reshape(typed))


def test_tag_vowelled_arabic_reads_as_typed(tmp_path) -> None:
    """tests/hostile/tag-arabic-vowelled: the Spans of the summary, joined, are the summary as
    typed, and pdfua finds nothing."""
    import shutil

    import pdfua

    from briefing.cli import main

    case = ROOT / "tests" / "hostile" / "tag-arabic-vowelled"
    shutil.copy(case / "spec.yaml", tmp_path / "spec.yaml")
    assert main(["make", str(tmp_path / "spec.yaml"), "--out-dir", str(tmp_path)]) == 0
    typed = yaml.safe_load((case / "spec.yaml").read_text(encoding="utf-8"))["summary"]
    for layout in RENDER:
        path = tmp_path / f"spec-{layout}.pdf"
        pdf = path.read_bytes()
        assert typed in [" ".join(_lines(e)) for e in _elements(pdf)]
        assert list(pdfua.validate(str(path)).findings) == []


@pytest.mark.parametrize("layout", RENDER)
def test_tag_arabic_notes_read_in_their_order(arabic, layout: str) -> None:
    """A right-to-left grid draws its end first (the left column, notes 2 on): the notes are
    still read 1, 2, as the page numbers them."""
    pdf, _ = arabic[layout]
    notes = [e for e in _elements(pdf) if _role(e) == "Note"]
    first_lines = [_lines(note)[0] for note in notes]
    assert [line.split(".", 1)[0] for line in first_lines] == ["1", "2"]
