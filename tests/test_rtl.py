"""Right-to-left text: word order, joining and line order checked against references that are
not our own code (python-bidi's Rust implementation of the bidirectional algorithm, the glyph
positions pypdfium2 reads back), the logical text written as /ActualText, and the fallback of
text a font cannot draw into Amiri."""

from __future__ import annotations

import ctypes
import io
import re
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from bidi import get_display
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from briefing import bidi, markup
from briefing.cli import main
from briefing.paragraphs import para
from briefing.theme import Theme

MIXED = (
    "قالت منظمة العفو الدولية (Amnesty International) إن 1,600 مدني على الأقل قُتلوا في الرقة "
    "عام 2017، وإن التحالف نفّذ أكثر من ٣٠ ألف ضربة [مصدر ١] بحسب Airwars."
)


def _pdf(texts: list[str], theme: Theme, *, width: float = 300) -> bytes:
    buffer = io.BytesIO()
    margin = (A4[0] - width) / 2
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin)
    doc.build([para(markup.plain(text), theme["body"]) for text in texts])
    return buffer.getvalue()


_LAM_ALEF = re.compile("ل([اأإآ])|([اأإآ])ل")


def _plain(text: str) -> str:
    """`text` as compared: joined forms unjoined, no spaces, and a lam and an alef side by
    side read as one (pdfium gives the two letters of the lam-alef ligature either way)."""
    plain = "".join(unicodedata.normalize("NFKC", c) for c in text if not c.isspace())
    return _LAM_ALEF.sub(lambda m: "§" + (m.group(1) or m.group(2)), plain)


def _without_spans(data: bytes) -> bytes:
    """`data` without its marked-content spans: pdfium then reports the glyphs as drawn, not
    the /ActualText that stands for them."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        kept = [
            (operands, operator)
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) not in ("BDC", "EMC")
        ]
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _drawn_lines(data: bytes) -> list[str]:
    """Each line of page 1 as drawn, top to bottom, glyphs left to right (pdfium's boxes)."""
    page = pdfium.PdfDocument(_without_spans(data))[0]
    text = page.get_textpage()
    glyphs: dict[int, list[tuple[float, str]]] = {}
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if not char.strip():
            continue
        left, _, right, _ = text.get_charbox(i, loose=True)
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
        glyphs.setdefault(round(y.value), []).append(((left + right) / 2, char))
    return [_plain("".join(c for _, c in sorted(glyphs[y]))) for y in sorted(glyphs, reverse=True)]


_SAME_BRACKET = str.maketrans("()[]", "||!!")


def test_lines_are_in_the_order_the_bidirectional_algorithm_gives() -> None:
    """Multi-line Arabic with Latin in brackets, digits and Arabic-Indic digits: each drawn
    line is python-bidi's (Rust) display of the same words, and the lines run top to bottom
    in reading order."""
    drawn = _drawn_lines(_pdf([MIXED], Theme().with_direction("rtl"), width=260))
    assert len(drawn) >= 3
    words = bidi.reshape(MIXED).split(" ")
    start = 0
    for line in drawn:
        end = start
        while end < len(words) and len(_plain(" ".join(words[start:end]))) < len(line):
            end += 1
        logical = " ".join(words[start:end])
        expected = _plain(get_display(logical, base_dir="R"))
        assert line.translate(_SAME_BRACKET) == expected.translate(_SAME_BRACKET)
        start = end
    assert start == len(words)
    assert drawn[0].endswith(_plain(bidi.reshape("قالت")[::-1]))


def test_brackets_face_the_right_way_and_latin_reads_left_to_right() -> None:
    """What a reader sees, left to right: the word after the bracket, the bracketed Latin
    name reading left to right in brackets that open on its left, the word before it."""
    drawn = bidi.logical(bidi.visual("الدولية (Amnesty International) إن 1,600 [مصدر ١]."))
    assert drawn == ".[١ ردصم] 1,600 نإ (Amnesty International) ةيلودلا"
    drawn_lines = "".join(_drawn_lines(_pdf([MIXED], Theme().with_direction("rtl"), width=460)))
    assert "AmnestyInternational" in drawn_lines and "1,600" in drawn_lines


def test_arabic_letters_are_joined() -> None:
    """The PDF draws the contextual forms (initial, medial, final), not the isolated letters
    the writer typed: 'قالت' is drawn as QAF initial, ALEF final, LAM initial, TEH final."""
    data = _pdf(["قالت"], Theme().with_direction("rtl"))
    page = pdfium.PdfDocument(data)[0].get_textpage()
    assert page.count_chars() == 4
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = {str(font.BaseFont) for font in pdf.pages[0].Resources.Font.values()}
    assert any("Amiri" in name for name in fonts)
    assert bidi.reshape("قالت") == "\ufed7\ufe8e\ufedf\ufe96"
    assert bidi.visual("قالت") == "\ufe96\ufedf\ufe8e\ufed7"


def test_lines_are_right_aligned() -> None:
    data = _pdf(["سقطت المدينة", MIXED], Theme().with_direction("rtl"), width=300)
    page = pdfium.PdfDocument(data)[0].get_textpage()
    rights = [page.get_charbox(i)[2] for i in range(page.count_chars())]
    margin = (A4[0] - 300) / 2
    frame_right = margin + 300 - 6  # a frame's padding is 6 points
    assert max(rights) == pytest.approx(frame_right, abs=1.5)
    first_line_right = max(page.get_charbox(i)[2] for i in range(len("سقطت المدينة")))
    assert first_line_right == pytest.approx(frame_right, abs=1.5)


def _actual_texts(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found = []
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) == "BDC" and "/ActualText" in operands[1]:
                found.append(str(operands[1].ActualText))
        return found


def test_each_line_carries_its_text_in_typing_order() -> None:
    """Search and copy read the logical text: each line is a span whose /ActualText is the
    line as typed (plain letters, first word first), and the spans make up the paragraph. The
    vowel marks (here a damma and a shadda) are not drawn (arabic-reshaper drops them; the
    PDF would place them without mark positioning), so the text layer lacks them too."""
    data = _pdf([MIXED], Theme().with_direction("rtl"), width=260)
    spans = _actual_texts(data)
    assert len(spans) == len(_drawn_lines(data))
    assert " ".join(spans) == MIXED.replace("\u064f", "").replace("\u0651", "")
    assert spans[0].startswith("قالت منظمة")


def test_left_to_right_text_is_drawn_as_before() -> None:
    data = _pdf(["The mayor said so (in 2017)."], Theme())
    assert _actual_texts(data) == []


def test_an_arabic_name_in_english_text_falls_back_to_amiri() -> None:
    """Noto Serif has no Arabic: the name is set in Amiri, joined and right to left inside the
    left-to-right line, and the line says what it holds in typing order."""
    text = "The mayor, حسين المحمد, said so."
    data = _pdf([text], Theme())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = sorted(str(f.BaseFont).split("+")[-1] for f in pdf.pages[0].Resources.Font.values())
    assert any(name.startswith("Amiri") for name in fonts)
    assert any(name.startswith("NotoSerif") for name in fonts)
    (line,) = _drawn_lines(data)
    assert line == _plain("The mayor, " + get_display(bidi.reshape("حسين المحمد")) + ", said so.")
    assert _actual_texts(data) == [text]


def test_a_brief_with_an_arabic_name_builds(tmp_path: Path) -> None:
    spec = tmp_path / "b.yaml"
    spec.write_text(
        "title: T\norganisations: [X]\nsummary: 'Aleppo (حلب) and Raqqa (الرقة).'\n",
        encoding="utf-8",
    )
    assert main(["make", str(spec), "--out", str(tmp_path / "out")]) == 0


def test_a_right_to_left_theme_sets_amiri_and_mirrors_alignment() -> None:
    theme = Theme().with_direction("rtl")
    assert theme.families == {"sans": "Amiri", "serif": "Amiri"}
    assert theme["body"].alignment == 2  # TA_RIGHT
    assert theme["demand.text"].rightIndent == theme.styles["demand.text"].indent
    assert theme["demand.text"].leftIndent == 0
    assert Theme().chain("serif") == ("NotoSerif", "Amiri")


def test_arabic_in_the_running_heads_of_an_english_brief_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The running heads and footers are drawn without fallback: an organisation's name
    there must be one the main face can draw."""
    spec = tmp_path / "b.yaml"
    spec.write_text("title: T\norganisations: [حلب]\nsummary: S\n", encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err.startswith(
        f"{spec}:2:17: organisations[0]: the brief's fonts cannot draw 'ب' (U+0628 ARABIC "
        "LETTER BEH)"
    )


def _span_boxes(data: bytes) -> dict[str, tuple[float, float]]:
    """Each /ActualText span of page 1 (a line, in typing order) and the left and right ends
    of the glyphs drawn in it, read by pdfium from the page without its spans."""
    page = pdfium.PdfDocument(_without_spans(data))[0].get_textpage()
    lines = _drawn_lines(data)
    spans = _actual_texts(data)
    boxes: dict[float, list[float]] = {}
    for i in range(page.count_chars()):
        if page.get_text_range(i, 1).strip():
            left, bottom, right, _ = page.get_charbox(i, loose=True)
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(page.raw, i, x, y)
            boxes.setdefault(round(y.value), []).extend([left, right])
    ends = [(min(v), max(v)) for _, v in sorted(boxes.items(), reverse=True)]
    assert len(ends) == len(lines)
    found = {}
    for span in spans:
        shown = _plain(bidi.visual(span))
        for line, end in zip(lines, ends, strict=True):
            if line.translate(_SAME_BRACKET) == shown.translate(_SAME_BRACKET):
                found[span] = end
    return found


def test_the_arabic_brief_is_mirrored(tmp_path: Path) -> None:
    """Built from briefs/raqqa.ar.yaml: the side column (the charts) is left of the main
    column (the summary), and the footer's own word ('إحاطة', Briefing) is at the left, the
    publisher ('مشروع briefing') at the right."""
    out = str(tmp_path)
    assert main(["make", "briefs/raqqa.ar.yaml", "--layout", "one-page", "--out", out]) == 0
    data = (tmp_path / "raqqa.ar-one-page.pdf").read_bytes()
    boxes = _span_boxes(data)
    chart_title = next(x for s, x in boxes.items() if s.startswith("وفيات المدنيين بين"))
    summary = next(x for s, x in boxes.items() if s.startswith("الولايات المتحدة عام 2017"))
    assert chart_title[1] < summary[0]
    page = pdfium.PdfDocument(_without_spans(data))[0].get_textpage()
    footer = []
    for i in range(page.count_chars()):
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(page.raw, i, x, y)
        if y.value < 50 and page.get_text_range(i, 1).strip():
            footer.append((x.value, page.get_text_range(i, 1)))
    latin = [x for x, char in footer if char.isascii()]
    arabic = [x for x, char in footer if not char.isascii()]
    assert "briefing" in "".join(char for _, char in sorted(footer))
    assert min(arabic) < 60 and min(latin) > A4[0] / 2  # 'إحاطة' left, the publisher right
    assert {"إحاطة", "مشروع briefing"} <= set(_actual_texts(data))


def test_list_numbers_hang_at_the_right() -> None:
    theme = Theme().with_direction("rtl")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [para("الكف عن إنكار الحجم الصادم للوفيات", theme["demand.text"], bulletText="3.")]
    )
    page = pdfium.PdfDocument(_without_spans(buffer.getvalue()))[0].get_textpage()
    boxes = [(page.get_text_range(i, 1), page.get_charbox(i)) for i in range(page.count_chars())]
    text_right = max(box[2] for char, box in boxes if char not in "3. ")
    number = next(box for char, box in boxes if char == "3")
    assert number[0] > text_right
    frame_right = A4[0] - 72 - 6
    assert number[2] == pytest.approx(frame_right, abs=1.5)
    assert text_right == pytest.approx(frame_right - theme.styles["demand.text"].indent, abs=1.5)


def test_layout_tables_are_mirrored() -> None:
    """A table's columns, paddings and the rules between them change sides."""
    from reportlab.platypus import Spacer

    from briefing.blocks import grid_table

    a, b, c = Spacer(1, 1), Spacer(2, 2), Spacer(3, 3)
    commands = [("LINEBEFORE", (1, 0), (-1, 0), 0.5, None), ("LEFTPADDING", (0, 0), (0, 0), 0)]
    table = grid_table([[a, b, c]], [10, 20, 30], Theme().with_direction("rtl"), commands)
    assert table._cellvalues == [[c, b, a]]
    assert table._argW == [30, 20, 10]
    assert table.hAlign == "RIGHT"
    assert [tuple(cmd[:5]) for cmd in table._linecmds] == [("LINEAFTER", (0, 0), (1, 0), 0.5, None)]
    assert [cell.rightPadding for cell in table._cellStyles[0]] == [6, 6, 0]
    assert [cell.leftPadding for cell in table._cellStyles[0]] == [6, 6, 6]


GOLDEN_PAGE = Path(__file__).resolve().parent / "golden" / "raqqa-ar-one-page.png"


def test_the_arabic_one_page_brief_looks_as_it_did(tmp_path: Path) -> None:
    """Pins the look of briefs/raqqa.ar.yaml's one-page brief (looked at when it was made:
    joined letters, lines right to left, side column and chart mirrored) with a small render;
    `BRIEFING_UPDATE_GOLDEN=1` rewrites it after the page has been looked at again."""
    import os

    from PIL import Image, ImageChops

    out = str(tmp_path)
    assert main(["make", "briefs/raqqa.ar.yaml", "--layout", "one-page", "--out", out]) == 0
    data = (tmp_path / "raqqa.ar-one-page.pdf").read_bytes()
    actual = pdfium.PdfDocument(data)[0].render(scale=0.6).to_pil().convert("RGB")
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        actual.save(GOLDEN_PAGE)
    expected = Image.open(GOLDEN_PAGE).convert("RGB")
    assert actual.size == expected.size
    difference = ImageChops.difference(actual, expected).convert("L")
    changed = difference.point(lambda v: 255 if v > 40 else 0).histogram()[255]
    if changed > 20:
        failed = Path(__file__).resolve().parent / "_failed"
        failed.mkdir(exist_ok=True)
        actual.save(failed / GOLDEN_PAGE.name)
        pytest.fail(f"the Arabic one-page brief changed ({changed} pixels); see {failed}")


def test_arabic_in_a_chart_label_of_an_english_brief_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Chart labels are drawn without fallback too; the chart's title is a paragraph, so an
    Arabic word there falls back to Amiri."""
    spec = tmp_path / "b.yaml"
    spec.write_text(
        "title: T\norganisations: [X]\nsummary: S\ncharts:\n  - kind: bars\n"
        "    title: 'Aleppo (حلب)'\n    bars:\n      - {label: 'حلب', value: 1}\n"
        "      - {label: B, value: 2}\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err.startswith(
        f"{spec}:8:17: charts[0].bars[0].label: the brief's fonts cannot draw 'ب' (U+0628"
    )


def test_bold_and_a_citation_inside_right_to_left_text_keep_their_places() -> None:
    """Inline markup makes a line of several runs (fonts, a superscript link): the runs are
    cut and ordered as one line, so the bold words sit where the plain text would have them."""
    theme = Theme().with_direction("rtl")
    text = "نص **عريض جدا** ثم (Airwars) وأرقام 42%"
    markup_text = markup.to_paragraph(text, link_color="#000000")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [para(markup_text + '<super><a href="https://example.org">1</a></super>', theme["body"])]
    )
    data = buffer.getvalue()
    superscript, line = _drawn_lines(data)  # the superscript is raised off the baseline
    plain = "نص عريض جدا ثم (Airwars) وأرقام 42%"
    assert superscript == "1"
    assert line.translate(_SAME_BRACKET) == _plain(
        get_display(bidi.reshape(plain), base_dir="R")
    ).translate(_SAME_BRACKET)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = {str(f.BaseFont).split("+")[-1] for f in pdf.pages[0].Resources.Font.values()}
    assert {"Amiri-Regular", "Amiri-Bold"} <= fonts
    assert _actual_texts(data) == [plain + "1"]
