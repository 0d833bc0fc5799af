"""Right-to-left text: word order, joining and line order checked against references that are
not our own code (python-bidi's Rust implementation of the bidirectional algorithm, the glyph
positions pypdfium2 reads back, the text poppler's `pdftotext` copies out of the page), and the
fallback of text a font cannot draw into Amiri."""

from __future__ import annotations

import ctypes
import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from bidi import get_display
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from briefing.cli import main
from briefing.design import bidi
from briefing.design.theme import Theme
from briefing.layout.paragraphs import para
from briefing.spec import markup

import pages

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


def _rows(data: bytes) -> list[list[tuple[float, float, str]]]:
    """The glyphs of page 1 (left, right, character), grouped by baseline, top to bottom, each
    row left to right, as pdfium reads them."""
    text = pdfium.PdfDocument(data)[0].get_textpage()
    glyphs: dict[int, list[tuple[float, float, str]]] = {}
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if not char.strip():
            continue
        left, _, right, _ = text.get_charbox(i, loose=True)
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
        glyphs.setdefault(round(y.value), []).append((left, right, char))
    return [sorted(glyphs[y], key=lambda g: g[0] + g[1]) for y in sorted(glyphs, reverse=True)]


def _drawn_lines(data: bytes) -> list[str]:
    """Each line of page 1 as drawn, top to bottom, glyphs left to right (pdfium's boxes)."""
    return [_plain("".join(c for _, _, c in row)) for row in _rows(data)]


def _copied(data: bytes, *pdftotext_options: str) -> list[str]:
    """The lines `pdftotext` (poppler) copies out of `data`, joined forms unjoined (NFKC), its
    own bidirectional marks (U+202A to U+202E) removed, empty lines left out."""
    out = subprocess.run(
        ["pdftotext", *pdftotext_options, "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    text = re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", out))
    return [line for line in text.replace("\f", "\n").split("\n") if line.strip()]


_WORD = re.compile(r"[A-Za-z]+|\d+|[^\W\d_A-Za-z]+")


def _words(text: str) -> list[str]:
    """The words and numbers of `text` in order: runs of Latin letters, of other letters, of
    digits; spaces, brackets and punctuation left out."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


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
    drawn = unicodedata.normalize(
        "NFKC", bidi.visual("الدولية (Amnesty International) إن 1,600 [مصدر ١].")
    )
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


def _unmarked(text: str) -> str:
    """`text` without its vowel marks (harakat), which are not drawn."""
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def test_copied_lines_read_in_typing_order() -> None:
    """Search and copy read the logical text: poppler's `pdftotext` gives each line of a
    multi-line paragraph of Arabic with Latin in brackets, digits and Arabic-Indic digits with
    its words in the order they were typed, first word first, line by line, as the paragraph
    broke them (no line reads backwards). Measured limit: a bracket or a punctuation mark at the
    edge of a Latin or digit run comes out on the wrong side of it, and brackets turned round
    ('إيروورز ) (Airwars' for 'إيروورز (Airwars)'), so words are compared, not punctuation."""
    theme = Theme().with_direction("rtl")
    paragraph = para(markup.plain(MIXED), theme["body"])
    buffer = io.BytesIO()
    margin = (A4[0] - 260) / 2
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin).build([paragraph])
    typed = _unmarked(MIXED).split(" ")
    expected, start = [], 0
    for _, words in paragraph.blPara.lines:
        expected.append(" ".join(typed[start : start + len(words)]))
        start += len(words)
    assert start == len(typed) and len(expected) >= 3
    copied = _copied(buffer.getvalue())
    assert len(copied) == len(_drawn_lines(buffer.getvalue()))
    assert [_words(line) for line in copied] == [_words(line) for line in expected]

    def marks(line: str) -> list[str]:  # every character, only its place (and facing) aside
        return sorted(line.replace(" ", "").translate(_SAME_BRACKET))

    assert [marks(line) for line in copied] == [marks(line) for line in expected]
    assert copied[0].startswith("قالت منظمة العفو الدولية")
    assert copied[-1].endswith("Airwars")


def test_the_arabic_brief_copies_in_typing_order(tmp_path: Path) -> None:
    """briefs/raqqa.ar.yaml, one page, read back by `pdftotext`: the title, the subtitle and
    the summary each come out as the words typed, in typing order, across their lines."""
    import yaml

    spec = yaml.safe_load(Path("briefs/raqqa.ar.yaml").read_text(encoding="utf-8"))
    out = str(tmp_path)
    assert main(["make", "briefs/raqqa.ar.yaml", "--layout", "one-page", "--out", out]) == 0
    copied = _words(" ".join(_copied((tmp_path / "raqqa.ar-one-page.pdf").read_bytes())))
    for key in ("title", "subtitle", "summary"):
        typed = _words(_unmarked(spec[key]))
        assert any(copied[i : i + len(typed)] == typed for i in range(len(copied))), key


def test_left_to_right_text_is_drawn_as_before() -> None:
    data = _pdf(["The mayor said so (in 2017)."], Theme())
    assert _copied(data) == ["The mayor said so (in 2017)."]


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
    assert _copied(data) == [text]


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


def _box(data: bytes, typed: str) -> tuple[float, float]:
    """The left and right ends of where page 1 draws the words `typed` (in typing order) as
    python-bidi orders them, found among pdfium's glyphs grouped by baseline."""
    shown = _plain(get_display(bidi.reshape(typed), base_dir="R"))
    found = []
    for row in _rows(data):
        plain = [unicodedata.normalize("NFKC", char) for _, _, char in row]
        ends = [0]
        for piece in plain:
            ends.append(ends[-1] + len(piece))
        at = _plain("".join(plain)).find(shown)
        if at >= 0:
            glyphs = [
                g for g, end in zip(row, ends[1:], strict=True) if at < end <= at + len(shown)
            ]
            found.append((glyphs[0][0], glyphs[-1][1]))
    assert len(found) == 1, (typed, found)
    return found[0]


def test_the_arabic_brief_is_mirrored(tmp_path: Path) -> None:
    """Built from briefs/raqqa.ar.yaml: the side column (the charts) is left of the main
    column (the summary), and the footer's own word ('إحاطة', Briefing) is at the left, the
    publisher ('مشروع briefing') at the right."""
    out = str(tmp_path)
    assert main(["make", "briefs/raqqa.ar.yaml", "--layout", "one-page", "--out", out]) == 0
    data = (tmp_path / "raqqa.ar-one-page.pdf").read_bytes()
    chart_title = _box(data, "وفيات المدنيين بين التوثيق والاعتراف")
    summary = _box(data, "الولايات المتحدة عام 2017 لطرد تنظيم الدولة الإسلامية")
    assert chart_title[1] < summary[0]
    page = pdfium.PdfDocument(data)[0].get_textpage()
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
    copied = _copied(data, "-y", str(int(A4[1]) - 50), "-H", "50", "-W", str(int(A4[0])))
    assert copied == ["مشروع briefing", "إحاطة"]  # copied as typed, the right end first


def test_list_numbers_hang_at_the_right() -> None:
    theme = Theme().with_direction("rtl")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [para("الكف عن إنكار الحجم الصادم للوفيات", theme["demand.text"], bulletText="3.")]
    )
    page = pdfium.PdfDocument(buffer.getvalue())[0].get_textpage()
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

    from briefing.design.direction import grid_table

    a, b, c = Spacer(1, 1), Spacer(2, 2), Spacer(3, 3)
    commands = [("LINEBEFORE", (1, 0), (-1, 0), 0.5, None), ("LEFTPADDING", (0, 0), (0, 0), 0)]
    table = grid_table([[a, b, c]], [10, 20, 30], Theme().with_direction("rtl"), commands)
    assert table._cellvalues == [[c, b, a]]
    assert table._argW == [30, 20, 10]
    assert table.hAlign == "RIGHT"
    assert [tuple(cmd[:5]) for cmd in table._linecmds] == [("LINEAFTER", (0, 0), (1, 0), 0.5, None)]
    assert [cell.rightPadding for cell in table._cellStyles[0]] == [6, 6, 0]
    assert [cell.leftPadding for cell in table._cellStyles[0]] == [6, 6, 6]


def test_the_arabic_one_page_brief_looks_as_it_did(tmp_path: Path) -> None:
    """Pins the look of briefs/raqqa.ar.yaml's one-page brief (looked at when it was made:
    joined letters, lines right to left, side column and chart mirrored) with the golden
    pages' comparison (tests/pages.py); `BRIEFING_UPDATE_GOLDEN=1` rewrites it after the page
    has been looked at again."""
    out = str(tmp_path)
    assert main(["make", "briefs/raqqa.ar.yaml", "--layout", "one-page", "--out", out]) == 0
    pages.assert_matches_golden(tmp_path / "raqqa.ar-one-page.pdf", "raqqa.ar-one-page")


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
    assert [_words(line) for line in _copied(data)] == [_words(plain), ["1"]]


def test_a_number_opening_a_line_after_arabic_words_is_drawn_as_on_the_line_before():
    """Issue 12: a paragraph's lines were each run through the bidirectional algorithm alone,
    so `80%` drew as `%80` mid-line but as `80%` when a line break fell before it. Resolved
    over the whole paragraph, a number after Arabic words is an Arabic number wherever the
    line breaks (rule W2)."""
    from briefing.design import bidi

    lines = [bidi.reshape("ودمر قرابة"), bidi.reshape("80% من المدينة.")]
    second = bidi.ordered(lines[1], bidi.line_levels(lines, base="rtl")[1], base="rtl")
    assert "%80" in second and "80%" not in second
    assert "80%" in bidi.visual("80% من المدينة.")  # the same line alone: a European number
