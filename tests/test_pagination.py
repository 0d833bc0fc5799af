"""Multi-page pagination, read back from the PDFs: quotes whole, headings with their text, no
short last page, panels split with padding, one right edge (issue 12, item 3)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from pypdf import PdfReader

from briefing.cli import main
from briefing.layout.blocks import TEXT_MEASURE
from briefing.layout.multipage import BOTTOM_MARGIN, SHORT_LAST_PAGE, TOP_MARGIN

from conftest import ROOT

SPECS = [
    "briefs/raqqa.yaml",
    "briefs/raqqa.fr.yaml",
    "briefs/raqqa.ar.yaml",
    "tests/specs/full.yaml",
]
TEMPLATES = {"default": [], "example-ngo": ["--template", "briefs/templates/example-ngo.yaml"]}
AUDIENCES = ["", "journalist", "advocate", "policymaker"]


@pytest.fixture(scope="module")
def multi_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """Every shipped spec x template x audience, multi-page, by (spec, template, audience)."""
    built = {}
    for template, options in TEMPLATES.items():
        out = tmp_path_factory.mktemp(template)
        for spec in SPECS:
            path = str(ROOT / spec)
            common = [path, "--layout", "multi-page", "--out-dir", str(out), *options]
            assert main(["make", *common]) == 0
            assert main(["make", *common, "--all-audiences"]) == 0
            stem = Path(spec).stem
            for audience in AUDIENCES:
                name = f"{stem}-{audience}-multi-page.pdf" if audience else f"{stem}-multi-page.pdf"
                built[(spec, template, audience)] = out / name
    return built


def frame_lines(path: Path) -> list[list[str]]:
    """Per page, the lines of text inside the text frame (running heads and footers left out)."""
    pages = []
    for page in pdfium.PdfDocument(str(path)):
        width, height = page.get_size()
        text = page.get_textpage().get_text_bounded(
            left=0, bottom=BOTTOM_MARGIN - 4, right=width, top=height - TOP_MARGIN + 4
        )
        lines = [_plain(line) for line in text.splitlines()]
        pages.append([line for line in lines if line])
    return pages


def _plain(text: str) -> str:
    """`text` as compared: Arabic presentation forms as letters, no vowel marks, spaces
    collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", _plain(text).casefold()))


def headings(path: Path) -> set[str]:
    """The section and finding headings: the titles of the PDF outline."""
    titles: set[str] = set()

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.add(_plain(str(item.title)))  # type: ignore[attr-defined]

    walk(PdfReader(str(path)).outline)
    return titles


def quotes(spec: str) -> list[tuple[str, str]]:
    """The spec's quotes: text and speaker (a translation's speaker is its original's)."""
    data = yaml.safe_load((ROOT / spec).read_text(encoding="utf-8"))
    original = yaml.safe_load((ROOT / "briefs/raqqa.yaml").read_text(encoding="utf-8"))
    return [
        (q["text"], q.get("speaker") or original["quotes"][i]["speaker"])
        for i, q in enumerate(data.get("quotes", []))
    ]


COMBINATIONS = [(s, t, a) for s in SPECS for t in TEMPLATES for a in AUDIENCES]


def _id(combination: tuple[str, str, str]) -> str:
    spec, template, audience = combination
    return f"{Path(spec).stem}-{template}-{audience or 'plain'}"


@pytest.mark.parametrize("combination", COMBINATIONS, ids=_id)
def test_no_quote_is_split_across_pages(multi_pages, combination):
    """Each quote's words on one page, its last words followed by its attribution line (a
    dash, then the speaker)."""
    pages = frame_lines(multi_pages[combination])
    words = [_words(" ".join(lines)) for lines in pages]
    everything = sum(words, Counter())
    for text, speaker in quotes(combination[0]):
        wanted = _words(text)
        if sum((wanted & everything).values()) < sum(wanted.values()) / 2:
            continue  # this audience's brief does not carry this quote
        *_, before_last, last = re.findall(r"\w+", _plain(text))
        first = re.findall(r"\w+", _plain(speaker))[0]
        # a right-to-left attribution's superscript note number is read as a line of its own
        note = r"(?:[\d\u0660-\u0669,]+\n)?"
        ending = re.compile(rf"{before_last}\W+{last}\W*\n{note}\u2014 ?{first}\b")
        whole = [
            number
            for number, (lines, found) in enumerate(zip(pages, words, strict=True))
            if not wanted - found and ending.search("\n".join(lines))
        ]
        assert whole, f"split: {text[:40]!r}"


@pytest.mark.parametrize("combination", COMBINATIONS, ids=_id)
def test_no_short_last_page(multi_pages, combination):
    pages = frame_lines(multi_pages[combination])
    assert len(pages) >= 2
    assert len(pages[-1]) >= SHORT_LAST_PAGE, pages[-1]


@pytest.mark.parametrize("combination", COMBINATIONS, ids=_id)
def test_no_page_ends_with_a_heading(multi_pages, combination):
    path = multi_pages[combination]
    titles = headings(path)
    assert titles
    for number, lines in enumerate(frame_lines(path)[:-1], start=1):
        last = lines[-1]
        assert not any(title.endswith(last) for title in titles), (number, last)


def _tint_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the filled rectangles in the panel tint of the default
    template."""
    boxes = []
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH]):
        if _fill(obj)[:3] == (0xF2, 0xEF, 0xE9):
            boxes.append(obj.get_bounds())
    return boxes


def _fill(obj: pdfium.PdfObject) -> tuple[int, int, int, int]:
    import ctypes

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    pdfium.raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
    return r.value, g.value, b.value, a.value


def test_a_long_ask_panel_splits_between_groups_padded_and_continued(tmp_path):
    spec = tmp_path / "ask.yaml"
    demand = " ".join(["word"] * 40)
    demands = "".join(f"  - {{to: Body {n}, text: {demand}}}\n" for n in range(1, 13))
    spec.write_text(f"title: T\norganisations: X\nsummary: S\ndemands:\n{demands}")
    assert main(["make", str(spec), "--layout", "multi-page", "--out-dir", str(tmp_path)]) == 0
    path = tmp_path / "ask-multi-page.pdf"
    pages = frame_lines(path)
    assert len(pages) == 2
    assert pages[1][0] == "What we ask (continued)"  # over the rest of the panel
    assert re.fullmatch(r"To Body \d+", pages[1][1])
    document = pdfium.PdfDocument(str(path))
    for page in document:
        text = page.get_textpage()
        (left, bottom, right, top), *_ = _tint_boxes(page)
        inside = [
            text.get_charbox(i)
            for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()
            and left <= text.get_charbox(i)[0] <= right
            and bottom <= text.get_charbox(i)[1] <= top
        ]
        lowest = min(box[1] for box in inside)
        assert lowest - bottom >= 10  # the panel's bottom padding on both parts
        assert right - left == pytest.approx(TEXT_MEASURE)  # one right edge: the measure...
        heads = page.get_size()[1] - TOP_MARGIN
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        in_frame = [box[2] for box in boxes if BOTTOM_MARGIN <= box[1] <= heads]
        assert max(in_frame) <= right  # ...which no text inside the frame passes


def _chars(page: pdfium.PdfPage) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """Every printed character of `page`: itself, its type size, its box."""
    text = page.get_textpage()
    found = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            size = pdfium.raw.FPDFText_GetFontSize(text.raw, i)
            found.append((char, size, text.get_charbox(i)))
    return found


BIG = 14.0
"""Type at least this large in a multi-page brief's frame is a key figure's value (or a
headline, which no figure matches)."""


def _unraised_text(page: pdfium.PdfPage, box: tuple[float, float, float, float]) -> str:
    """The text inside `box` (left, bottom, right, top) without its superscripts (note numbers):
    the characters smaller than most there."""
    left, bottom, right, top = box
    text = page.get_textpage()
    inside = []
    last = -2
    for i in range(text.count_chars()):
        x0, y0, _, y1 = text.get_charbox(i)
        if left <= x0 <= right and bottom <= y0 and y1 <= top:
            if i != last + 1:  # words cut by the box's edge stay apart
                inside.append((" ", 0.0))
            inside.append((text.get_text_range(i, 1), pdfium.raw.FPDFText_GetFontSize(text.raw, i)))
            last = i
    sizes = Counter(round(size, 1) for char, size in inside if char.strip())
    common = sizes.most_common(1)[0][0] if sizes else 0
    return "".join(c if size >= 0.9 * common or not c.strip() else " " for c, size in inside)


def _alnum(text: str) -> str:
    return re.sub(r"\W", "", _plain(text))


@pytest.mark.parametrize("combination", COMBINATIONS, ids=_id)
def test_each_key_figure_keeps_its_label_under_it(multi_pages, combination):
    """The band never splits: each value is found in big type with its whole label in the
    band's column under it, on the same page."""
    figures = yaml.safe_load((ROOT / combination[0]).read_text(encoding="utf-8"))["figures"]
    document = pdfium.PdfDocument(str(multi_pages[combination]))
    width = document[0].get_size()[0]
    column = (width - 2 * 60) / len(figures)  # about the narrowest column of a band
    for figure in figures:
        wanted, label = _alnum(figure["value"]), _words(figure["label"])
        under = []
        for page in document:
            big = [(_alnum(c), box) for c, size, box in _chars(page) if size >= BIG]
            big = [(c, box) for c, box in big if c]
            line = "".join(c for c, _ in big)
            for at in [m.start() for m in re.finditer(re.escape(wanted), line)]:
                left, bottom = big[at][1][0], big[at][1][1]
                box = (left - column, bottom - 70, left + 1.2 * column, bottom - 2)
                text = _unraised_text(page, box)
                under.append(label - _words(text))
        assert under, f"value {figure['value']!r} not found in big type"
        assert any(not missing for missing in under), (figure["label"], under)


HOLE = 100.0
"""The most white (points) at the foot of a page before the last, unless the next page opens
with a section heading whose first block would not have fitted there."""
BLOCK_GAP = 8.0
"""White (points) that separates two blocks of a page: a heading from its first block, that
block from the next."""


def _ink(page: pdfium.PdfPage) -> list[tuple[float, float]]:
    """(bottom, top) of everything drawn inside the text frame: characters, rules, drawings,
    images."""
    top = page.get_size()[1] - TOP_MARGIN
    boxes = [box for _, _, box in _chars(page)]
    boxes += [obj.get_bounds() for obj in page.get_objects(max_depth=1)]
    return [(b, t) for _, b, _, t in boxes if b >= BOTTOM_MARGIN - 4 and t <= top + 4]


def _bands(ink: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ink of a page as (bottom, top) bands from the top down, split at `BLOCK_GAP`."""
    bands: list[tuple[float, float]] = []
    for bottom, top in sorted(ink, key=lambda box: -box[1]):
        if bands and top >= bands[-1][0] - BLOCK_GAP:
            bands[-1] = (min(bands[-1][0], bottom), bands[-1][1])
        else:
            bands.append((bottom, top))
    return bands


def foot_holes(path: Path) -> list[tuple[int, float, float]]:
    """(page, white at its foot, room the next page's heading and first block take) of every
    page but the last whose foot is whiter than `HOLE`; the room is 0 unless the next page
    opens with a section heading."""
    titles = headings(path)
    document = pdfium.PdfDocument(str(path))
    lines = frame_lines(path)
    holes = []
    for number in range(len(document) - 1):
        ink = _ink(document[number])
        hole = min(bottom for bottom, _ in ink) - BOTTOM_MARGIN
        if hole <= HOLE:
            continue
        bands = _bands(_ink(document[number + 1]))
        opens = lines[number + 1][0]
        heading = any(title.startswith(opens) for title in titles) and len(bands) >= 2
        top = document[number + 1].get_size()[1] - TOP_MARGIN
        needed = top - bands[1][0] if heading else 0.0
        holes.append((number + 1, hole, needed))
    return holes


@pytest.mark.parametrize("combination", COMBINATIONS, ids=_id)
def test_no_hole_at_the_foot_of_a_page(multi_pages, combination):
    """A figure that does not fit the rest of a page shrinks a little or floats to the next
    while the text after it fills the page: a page ends more than `HOLE` above the frame's foot
    only when the next opens with a section heading whose first block would not fit."""
    for page, hole, needed in foot_holes(multi_pages[combination]):
        assert hole < needed, f"page {page}: {hole:.0f} pt empty at its foot"


def test_the_starter_has_no_hole_either(tmp_path, monkeypatch):
    """The starter's proportion chart floats to page 2; its findings fill page 1."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "starter"]) == 0
    spec = tmp_path / "starter.yaml"
    assert main(["make", str(spec), "--layout", "multi-page", "--out-dir", str(tmp_path)]) == 0
    path = tmp_path / "starter-multi-page.pdf"
    assert foot_holes(path) == []
    pages = frame_lines(path)
    assert "Findings" in pages[0]
    assert pages[1][0] == "Children of evicted families out of school"


def test_a_nearly_empty_last_page_is_pulled_back(multi_pages):
    """The advocate's last page held one quote and two notes, 80% white: tightening the pages
    before removes it."""
    for template in TEMPLATES:
        path = multi_pages[("briefs/raqqa.yaml", template, "advocate")]
        assert len(pdfium.PdfDocument(str(path))) == 3


@pytest.mark.parametrize("template", TEMPLATES)
def test_read_more_follows_the_argument(multi_pages, template):
    """The advocate's QR code comes last, after the sources, not between the ask and why it
    matters."""
    path = multi_pages[("tests/specs/full.yaml", template, "advocate")]
    titles = [
        _plain(str(item.title))
        for item in PdfReader(str(path)).outline
        if not isinstance(item, list)
    ]
    assert titles[-1] == "Read more", titles
