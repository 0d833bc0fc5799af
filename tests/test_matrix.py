"""Every shipped spec, built with every template, for every audience, in both layouts, on
every paper size the template schema accepts, read back for what a design desk checks first:

- the one-page brief has exactly one page, on the paper asked for;
- no quote is split across pages: each quote the layout shows is found whole on one page
  (compared on letters and digits only, so line breaks, hyphens, quotation marks and digit
  shapes do not matter), and no occurrence runs from one page onto the next;
- a multi-page brief's last page holds at least `MIN_LAST_LINES` lines of text besides its
  running head and footer.

The paper size is set on the loaded spec (which outranks the template's, as `page_size:` in a
spec does), so a spec that names its own paper (tests/specs/full.yaml) is tried on every size
too. Builds run in-process through `build.prepare`, `plan` and `render`, without writing files.

The whole matrix (320 PDFs) takes minutes, so the suite builds a subset that holds every pair
of values of any two dimensions (each spec on each paper, each audience in each layout...)
plus the README's example-ngo command; `BRIEFING_MATRIX=full` builds every combination:

    BRIEFING_MATRIX=full .venv/bin/python -m pytest tests/test_matrix.py
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import itertools
import os
import re
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.lib import pagesizes

from briefing.build import Request, plan, prepare, render
from briefing.design.template import Template
from briefing.errors import EXIT_INVALID_INPUT, LayoutError
from briefing.spec.spec import LayoutName
from briefing.spec.validate import LoadedSpec
from briefing.starter import write_starter

ROOT = Path(__file__).resolve().parents[1]
SPECS = {
    "raqqa": ROOT / "briefs" / "raqqa.yaml",
    "raqqa.fr": ROOT / "briefs" / "raqqa.fr.yaml",
    "raqqa.ar": ROOT / "briefs" / "raqqa.ar.yaml",
    "full": ROOT / "tests" / "specs" / "full.yaml",
    "starter": None,  # written by `briefing new` into a temporary folder
}
TEMPLATES = {"default": None, "example-ngo": ROOT / "briefs" / "templates" / "example-ngo.yaml"}
LAYOUTS = ("one-page", "multi-page")
MIN_LAST_LINES = 6
MAY_OVERFLOW = frozenset({("one-page", "A5")})
"""(layout, paper) that may fail with the overflow message instead of building: issue 12 says
"an A5 leaflet must work for the one-page brief, or fail with the usual located message"."""


def paper_sizes() -> tuple[str, ...]:
    """The paper sizes a template's `page_size:` accepts, read from the schema."""
    hint = typing.get_type_hints(Template)["page_size"]
    return tuple(a for arg in typing.get_args(hint) for a in typing.get_args(arg))


def _chars(page: pdfium.PdfPage) -> list[tuple[float, str]]:
    """Each character of the page with its baseline, in the order the page draws them."""
    text = page.get_textpage()
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for i in range(text.count_chars()):
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
        found.append((round(y.value, 1), chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))))
    return found


def _lines(chars: list[tuple[float, str]]) -> list[tuple[float, float]]:
    """The baselines (top, bottom) of the page's lines, top line first: baselines less than
    4 pt apart (a superscript and its line, two columns' lines side by side) are one line."""
    lines: list[tuple[float, float]] = []
    for baseline in sorted({y for y, c in chars if not c.isspace()}, reverse=True):
        if lines and lines[-1][1] - baseline < 4:
            lines[-1] = (lines[-1][0], baseline)
        else:
            lines.append((baseline, baseline))
    return lines


def body(page: pdfium.PdfPage, *, number: int, multi_page: bool) -> tuple[str, int]:
    """The page's text without its furniture (the footer, its lowest line, and from page 2 of
    a multi-page brief the running head, its highest), in drawing order; and how many lines
    that text makes."""
    chars = _chars(page)
    lines = _lines(chars)[:-1]
    if multi_page and number > 1:
        lines = lines[1:]
    if not lines:
        return "", 0
    top, bottom = lines[0][0], lines[-1][1]
    return "".join(c for y, c in chars if bottom <= y <= top), len(lines)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def letters(text: str) -> str:
    """`text` reduced to its letters and digits, lower case, digits as ASCII."""
    text = unicodedata.normalize("NFKC", _LINK.sub(r"\1", text))
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() else c.lower() for c in text if c.isalnum()
    )


def shown_quotes(count: int, blocks: list[str]) -> list[int]:
    """The indexes of the quotes (of `count`) a layout with `blocks` prints."""
    if "quotes" in blocks:
        return list(range(count))
    return [0] if "quote" in blocks and count else []


def problems_of(pdf: bytes, pages: int, *, quotes: list[str], layout: str, paper: str) -> list[str]:
    """What is wrong with one built PDF that prints `quotes`."""
    problems: list[str] = []
    document = pdfium.PdfDocument(pdf)
    try:
        multi_page = layout == "multi-page"
        if not multi_page and (pages != 1 or len(document) != 1):
            problems.append(f"the one-page brief has {len(document)} pages")
        expected = getattr(pagesizes, paper.upper(), None)
        sizes = {tuple(round(v) for v in page.get_size()) for page in document}
        if expected is None or sizes != {tuple(round(v) for v in expected)}:
            problems.append(f"pages of {sorted(sizes)} pt, not {paper} ({expected})")
        bodies = [
            body(page, number=n, multi_page=multi_page) for n, page in enumerate(document, start=1)
        ]
    finally:
        document.close()
    texts = [letters(text) for text, _ in bodies]
    joined = "".join(texts)
    ends = [sum(len(t) for t in texts[: i + 1]) for i in range(len(texts))]
    for printed in quotes:
        quote, opening = letters(printed), printed[:40]
        if not any(quote in text for text in texts):
            problems.append(f"the quote {opening!r} is not found whole on any page")
        start = joined.find(quote)
        while start >= 0:
            crossed = [n for n, end in enumerate(ends, 1) if start < end < start + len(quote)]
            if crossed:
                problems.append(f"the quote {opening!r} runs from page {crossed[0]} onto the next")
            start = joined.find(quote, start + 1)
    last_text, last_lines = bodies[-1]
    if multi_page and len(bodies) > 1 and last_lines < MIN_LAST_LINES:
        problems.append(
            f"the last page (page {len(bodies)}) holds {last_lines} lines of text: "
            f"{' '.join(last_text.split())[:160]!r}"
        )
    return problems


def _with_paper(loaded: LoadedSpec, paper: str) -> LoadedSpec:
    spec = dataclasses.replace(loaded.spec, page_size=paper)
    return dataclasses.replace(loaded, spec=spec)


def _located(error: LayoutError, spec: Path) -> bool:
    """The overflow message as `make` prints it: located in the spec, exit status 2."""
    lines = error.lines()
    return (
        error.exit_status == EXIT_INVALID_INPUT
        and len(lines) == 1
        and re.match(rf"{re.escape(str(spec))}:\d+:\d+: .*does not fit", lines[0]) is not None
    )


def check_combinations(
    spec: Path,
    template: Path | None,
    wanted: list[Combination],
    *,
    may_overflow: frozenset[tuple[str, str]] = MAY_OVERFLOW,
) -> list[str]:
    """Build `wanted` (all of `spec` with `template`) and say what fails, each combination
    named; a (layout, paper) in `may_overflow` may instead fail with the overflow message."""
    loaded, tpl = prepare(spec, template)
    found: list[str] = []
    for paper in dict.fromkeys(c.paper for c in wanted):
        jobs = [(c.audience, c.layout) for c in wanted if c.paper == paper]
        audiences = tuple(dict.fromkeys(audience for audience, _ in jobs))
        work = plan(_with_paper(loaded, paper), tpl, Request(layouts=LAYOUTS, audiences=audiences))
        for audience, layout in jobs:
            name = f"{audience or 'general'}, {layout}, {paper}"
            design, view = work.designs[audience], work.views[audience]
            if layout == "one-page":
                regions = design.one_page.top, design.one_page.main, design.one_page.side
                blocks = [str(b) for region in (*regions, design.one_page.bottom) for b in region]
            else:
                blocks = [str(b) for b in design.multi_page]
            try:
                pdf, pages = render(view, layout, design)
            except LayoutError as error:
                if not ((layout, paper) in may_overflow and _located(error, spec)):
                    found.append(f"{name}: not built: {'; '.join(error.lines())}")
                continue
            quotes = [view.spec.quotes[i].text for i in shown_quotes(len(view.spec.quotes), blocks)]
            for problem in problems_of(pdf, pages, quotes=quotes, layout=layout, paper=paper):
                found.append(f"{name}: {problem}")
    return found


@dataclass(frozen=True)
class Combination:
    spec: str
    template: str
    audience: str | None
    layout: LayoutName
    paper: str


def every_combination() -> list[Combination]:
    """Spec x template x audience (none and each of the template's) x layout x paper."""
    found = []
    for spec in SPECS:
        for template, path in TEMPLATES.items():
            audiences = (None, *prepare(ROOT / "briefs" / "raqqa.yaml", path)[1].template.audiences)
            for audience, layout, paper in itertools.product(audiences, LAYOUTS, paper_sizes()):
                found.append(Combination(spec, template, audience, layout, paper))
    return found


def pairwise(combinations: list[Combination]) -> list[Combination]:
    """A few of `combinations` that hold every pair of values of any two of their fields
    (spec and paper, audience and layout...): chosen greedily, first best first."""

    def pairs(c: Combination) -> set[tuple[tuple[int, object], tuple[int, object]]]:
        values = list(enumerate(dataclasses.astuple(c)))
        return set(itertools.combinations(values, 2))

    wanted = set().union(*(pairs(c) for c in combinations))
    chosen = []
    while wanted:
        best = max(combinations, key=lambda c: len(pairs(c) & wanted))
        chosen.append(best)
        wanted -= pairs(best)
    return chosen


EVERY = every_combination()
README = [c for c in EVERY if (c.spec, c.template, c.paper) == ("raqqa", "example-ngo", "letter")]
"""The README's `briefing make briefs/raqqa.yaml --template briefs/templates/example-ngo.yaml
--all-audiences` (and the general brief), which must build."""
CHOSEN = (
    EVERY
    if os.environ.get("BRIEFING_MATRIX") == "full"
    else list(dict.fromkeys([*pairwise(EVERY), *README]))
)
"""The combinations built: every one with `BRIEFING_MATRIX=full`, else a pairwise subset and
the README's command (`BRIEFING_MATRIX=full` takes about ten times as long)."""


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("spec", list(SPECS))
def test_every_combination_builds_and_reads_well(spec: str, template: str, tmp_path: Path):
    wanted = [c for c in CHOSEN if (c.spec, c.template) == (spec, template)]
    assert wanted
    path = SPECS[spec] or write_starter("starter", folder=tmp_path)
    found = check_combinations(path, TEMPLATES[template], wanted)
    assert not found, f"{path.name} with template {template}:\n" + "\n".join(found)


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_a_short_brief_builds_in_every_combination(template: str) -> None:
    """A5 may be too small for the Raqqa one-page brief, not for every brief: the smallest
    spec builds on every paper, A5 included, for every audience in both layouts."""
    wanted = [
        dataclasses.replace(c, spec="minimal")
        for c in EVERY
        if (c.spec, c.template) == ("raqqa", template)
    ]
    found = check_combinations(
        ROOT / "tests" / "specs" / "minimal.yaml",
        TEMPLATES[template],
        wanted,
        may_overflow=frozenset(),
    )
    assert not found, "\n".join(found)


def test_the_subset_holds_every_pair_of_values() -> None:
    pairs = {
        (i, a, j, b)
        for c in EVERY
        for (i, a), (j, b) in itertools.combinations(enumerate(dataclasses.astuple(c)), 2)
    }
    chosen = {
        (i, a, j, b)
        for c in CHOSEN
        for (i, a), (j, b) in itertools.combinations(enumerate(dataclasses.astuple(c)), 2)
    }
    assert chosen == pairs
    assert {c.paper for c in CHOSEN} == set(paper_sizes())
    assert {("one-page", "A5"), ("multi-page", "A5")} <= {(c.layout, c.paper) for c in CHOSEN}


def test_the_paper_sizes_come_from_the_template_schema() -> None:
    sizes = paper_sizes()
    assert {"A4", "letter"} <= set(sizes)
    assert all(getattr(pagesizes, size.upper(), None) for size in sizes)


# The checks themselves, on pages made to fail them ----------------------------------------

QUOTE = "We walk four hours for water now, and the well we reach is dry by noon most days."


def _document(paragraphs: list[str], *, top: float = 72) -> bytes:
    """An A4 PDF of `paragraphs` (10 pt on 12), with a footer on every page and a running head
    from page 2, as the layouts draw them; the first paragraph starts `top` points down."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    def furniture(canvas, doc) -> None:
        canvas.setFont("Helvetica", 7)
        canvas.drawString(72, 40, f"The briefing project · Page {doc.page}")
        if doc.page > 1:
            canvas.drawString(72, A4[1] - 50, "A brief's running head")

    buffer = io.BytesIO()
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
    story = [Spacer(1, top - 72), *(Paragraph(p, style) for p in paragraphs)]
    SimpleDocTemplate(buffer, pagesize=A4).build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )
    return buffer.getvalue()


def test_a_quote_split_across_pages_is_reported() -> None:
    quote = " ".join([QUOTE] * 3)
    filler = "Text before the quote, long enough to fill a line of the page. " * 2
    pdf = _document([filler, f"“{quote}”", "After it."], top=700)
    assert problems_of(pdf, 2, quotes=[quote], layout="multi-page", paper="A4") == [
        f"the quote {quote[:40]!r} is not found whole on any page",
        f"the quote {quote[:40]!r} runs from page 1 onto the next",
        "the last page (page 2) holds 2 lines of text: 'now, and the well we reach is dry by "
        "noon most days.” After it.'",
    ]


def test_a_quote_broken_over_lines_with_other_marks_is_found_whole() -> None:
    printed = (
        "« We walk four hours for wa-<br/>ter now, and the well we reach is dry by noon most "
        "days. »"
    )
    lines = ["A line of text."] * 5
    pdf = _document([*lines, printed, *lines, *lines])
    assert problems_of(pdf, 1, quotes=[QUOTE], layout="one-page", paper="A4") == []
    assert problems_of(pdf, 1, quotes=[QUOTE], layout="multi-page", paper="letter") == [
        f"pages of [(595, 842)] pt, not letter ({pagesizes.LETTER})"
    ]


def test_a_one_page_brief_of_two_pages_is_reported() -> None:
    pdf = _document(["A line of text."] * 80)
    assert problems_of(pdf, 2, quotes=[], layout="one-page", paper="A4") == [
        "the one-page brief has 2 pages"
    ]
    assert problems_of(pdf, 2, quotes=[], layout="multi-page", paper="A4") == []
