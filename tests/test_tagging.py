"""Tagged PDF: the structure tree read back (pikepdf) follows the brief, every MCID belongs to
one element, furniture is an artifact, and `pdfua` finds nothing."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfua
import pikepdf
import pytest
from pypdf import PdfReader

from briefing.build import prepare
from briefing.design.design import design_for
from briefing.layout import charts
from briefing.layout.masthead import issuer
from briefing.layout.multipage import render_multi_page
from briefing.layout.onepage import render_one_page

from conftest import RAQQA, ROOT, SPECS

SPECS_BUILT = {
    "raqqa": RAQQA,
    "raqqa.ar": ROOT / "briefs" / "raqqa.ar.yaml",
    "full": SPECS / "full.yaml",
}
RENDER = {"one-page": render_one_page, "multi-page": render_multi_page}


@dataclass
class Element:
    role: str
    depth: int
    alt: str | None
    marks: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""


def _squash(text: str) -> str:
    """Text without spaces of any kind, for comparing text broken into lines."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " ").replace("\u202f", " "))


def _marked_texts(pdf: bytes) -> tuple[dict[tuple[int, int], str], str]:
    """The text of each marked-content sequence by (page index, MCID), and the text of
    everything marked as an artifact."""
    texts: dict[tuple[int, int], str] = {}
    artifacts: list[str] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        current: list[tuple[int, int] | str | None] = [None]

        def before(op: bytes, args: list, cm, tm, number=number, current=current) -> None:
            if op == b"BDC" and "/MCID" in args[1]:
                key = (number, int(args[1]["/MCID"]))
                texts[key] = ""
                current[0] = key
            elif op == b"BMC" and args[0] == "/Artifact":
                current[0] = "artifact"
            elif op == b"EMC":
                current[0] = None

        def text(value: str, cm, tm, font, size, current=current) -> None:
            if current[0] == "artifact":
                artifacts.append(value)
            elif isinstance(current[0], tuple):
                texts[current[0]] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts, " ".join(artifacts)


def _tree(pdf: bytes) -> list[Element]:
    """The structure elements under Document, depth first, with their marked content."""
    document = pikepdf.open(io.BytesIO(pdf))
    pages = {page.obj.objgen: i for i, page in enumerate(document.pages)}
    texts, _ = _marked_texts(pdf)
    found: list[Element] = []

    def walk(node: pikepdf.Dictionary, depth: int) -> None:
        alt = node.get("/Alt")
        element = Element(str(node.S)[1:], depth, None if alt is None else str(alt))
        found.append(element)
        kids = node.K if isinstance(node.K, pikepdf.Array) else [node.K]
        for kid in kids:
            if kid.get("/Type") == "/MCR":
                key = (pages[kid.Pg.objgen], int(kid.MCID))
                element.marks.append(key)
                element.text += texts.get(key, "")
            elif kid.get("/Type") == "/StructElem":
                walk(kid, depth + 1)
                element.text += found[-1].text if found[-1].depth == depth + 1 else ""
        if element.role in {"BlockQuote", "L", "LI"}:
            element.text = "".join(e.text for e in found[found.index(element) + 1 :])

    root = document.Root.StructTreeRoot
    assert root.K.S == "/Document"
    for kid in root.K.K:
        walk(kid, 0)
    return found


def _build(name: str, layout: str) -> tuple[bytes, object, object]:
    loaded, template = prepare(SPECS_BUILT[name])
    design = design_for(loaded, template, None)
    pdf, _ = RENDER[layout](loaded, design)
    return pdf, loaded, design


CASES = [(name, layout) for name in SPECS_BUILT for layout in RENDER]


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}-{layout}" for n, layout in CASES])
def built(request: pytest.FixtureRequest) -> tuple[str, str, bytes, object, object]:
    name, layout = request.param
    return (name, layout, *_build(name, layout))


def test_the_tree_follows_the_brief(built) -> None:
    name, layout, pdf, loaded, design = built
    spec = loaded.spec
    tree = _tree(pdf)
    headings = [e for e in tree if e.role in {"H1", "H2", "H3"}]
    assert headings[0].role == "H1"
    assert headings[0].text
    if not name.endswith(".ar"):  # Arabic is drawn in visual order, joined: not compared
        assert _squash(headings[0].text) == _squash(spec.title)
        finding_headings = [_squash(e.text) for e in tree if e.role == "H3"]
        assert finding_headings == [_squash(f.heading) for f in spec.findings]
        if layout == "multi-page":
            titles = [_squash(design.title(b)) for b in design.multi_page]
            places = [titles.index(_squash(e.text)) for e in tree if e.role == "H2"]
            assert places == sorted(places) and len(places) >= 4
    quotes = [e for e in tree if e.role == "BlockQuote"]
    shown = spec.quotes if layout == "multi-page" else spec.quotes[: len(quotes)]
    assert len(quotes) == len(shown) >= 1
    if not name.endswith(".ar"):
        for element, quote in zip(quotes, shown, strict=True):
            assert _squash(quote.text) in _squash(element.text)
    figures = [e for e in tree if e.role == "Figure"]
    for chart in spec.charts:
        (figure,) = [f for f in figures if f.alt and f.alt.startswith(chart.title)]
        assert figure.alt.split(": ", 1)[1]
        if chart.kind == "bars":
            for bar in charts.bars_of(spec, chart, design.words):
                assert bar.shown.replace("\u00a0", " ") in figure.alt
    for image in spec.images:
        assert any(f.alt == image.alt for f in figures)
    assert all(f.alt for f in figures)
    kinds = [e.role for e in tree if e.depth == 0]
    assert kinds.index("H1") < min(kinds.index(r) for r in ("H2", "BlockQuote", "Figure"))
    assert "L" in kinds


def test_every_mcid_belongs_to_one_element_and_furniture_is_an_artifact(built) -> None:
    name, layout, pdf, loaded, design = built
    document = pikepdf.open(io.BytesIO(pdf))
    drawn = set()
    for number, page in enumerate(document.pages):
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator == pikepdf.Operator("BDC") and "/MCID" in operands[1]:
                drawn.add((number, int(operands[1].MCID)))
        assert page.obj.Tabs == "/S" and int(page.obj.StructParents) == number
        nums = document.Root.StructTreeRoot.ParentTree.Nums
        assert int(nums[2 * number]) == number
        assert len(nums[2 * number + 1]) == len([d for d in drawn if d[0] == number])
    claimed = Counter(mark for element in _tree(pdf) for mark in element.marks)
    assert set(claimed) == drawn and set(claimed.values()) == {1}
    texts, artifacts = _marked_texts(pdf)
    footer = issuer(loaded.spec, design.words)
    if layout == "multi-page":
        footer = design.words.say("pages.number", number=1, total=len(document.pages))
    if name.endswith(".ar"):  # drawn in visual order, joined: its Latin word stands for it
        assert "briefing" in artifacts
        return
    assert _squash(footer) in _squash(artifacts)
    if layout == "multi-page":
        assert not any(_squash(footer) in _squash(t) for t in texts.values())


def test_the_pdf_says_it_is_tagged_and_passes_pdfua(built, tmp_path: Path) -> None:
    name, layout, pdf, loaded, design = built
    document = pikepdf.open(io.BytesIO(pdf))
    assert document.Root.MarkInfo.Marked is True
    assert document.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(document.Root.Lang) == loaded.spec.language
    xmp = document.Root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "<dc:title>" in xmp
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    report = pdfua.validate(str(path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert report.exit_code == 0


def test_chart_alt_text_is_written_from_its_data() -> None:
    pdf, _, _ = _build("raqqa", "one-page")
    alts = [e.alt for e in _tree(pdf) if e.role == "Figure"]
    assert alts == [  # the same description as the text outputs give (model.chart_alt)
        "Civilian deaths, documented and admitted. Bar chart: documented by Amnesty "
        "International and Airwars, more than 1,600; admitted by the coalition, 159",
        "How much of Raqqa was destroyed. Proportion: nearly 80% of the city of Raqqa destroyed",
    ]


@pytest.mark.parametrize("layout", RENDER)
def test_tagged_output_is_byte_identical(layout: str) -> None:
    assert _build("raqqa", layout)[0] == _build("raqqa", layout)[0]
