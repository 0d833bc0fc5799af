"""Budgets: every list and text of a spec has a limit that is checked before anything reads
it, a layout has a deadline, and a font is tried in full before it is used. Going over a
limit is a located message that names the limit, in well under a second."""

from __future__ import annotations

import dataclasses
import shutil
import struct
import time
import typing
from pathlib import Path

import pytest

from briefing.build import make
from briefing.cli import main
from briefing.design import fonts
from briefing.design.direction import fit_line
from briefing.errors import BriefingError, SpecError
from briefing.layout import paragraphs
from briefing.spec import crosschecks, validate, walker
from briefing.spec.records import spec_field
from briefing.spec.spec import RECORD_TYPES
from briefing.spec.yamlsource import load_yaml

import pdfcheck

HEAD = "title: T\norganisations: X\nsummary: S\n"
NOTO = Path(__file__).resolve().parents[1] / "assets" / "fonts"


def char_boxes(pdf: Path) -> list[tuple[tuple[float, float], tuple[float, float, float, float]]]:
    """(page width and height, (left, bottom, right, top)) of every character drawn, read back
    from the PDF with PDFium."""
    import pypdfium2

    pdfcheck.assert_valid(pdf)
    boxes = []
    for page in pypdfium2.PdfDocument(str(pdf)):
        size, text = page.get_size(), page.get_textpage()
        boxes += [(size, text.get_charbox(i)) for i in range(text.count_chars())]
    return boxes


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[int, str]:
    """`briefing check` on a spec holding `text`: exit status and standard error, with the
    spec's path written as SPEC."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    status = main(["check", str(spec)])
    return status, capsys.readouterr().err.replace(str(spec), "SPEC")


# Lists -----------------------------------------------------------------------------------------


def test_every_list_and_mapping_of_the_spec_has_a_budget_of_its_own():
    default = spec_field("").metadata["max_items"]
    for cls in RECORD_TYPES:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            kinds = {typing.get_origin(a) for a in (hints[f.name], *typing.get_args(hints[f.name]))}
            if kinds & {list, dict}:
                assert f.metadata["max_items"] < default, f"{cls.__name__}.{f.name}"
                assert f.metadata["max_items"] <= 200, f"{cls.__name__}.{f.name}"


@pytest.mark.parametrize(
    "field, item, count, message",
    [
        ("keywords", "a", 1_000_000, "4:11: keywords: expected at most 50 items, found 1,000,000"),
        (
            "findings",
            "{heading: H, text: T}",
            50_000,
            "4:11: findings: expected at most 100 items, found 50,000",
        ),
        (
            "sources",
            "{id: a, title: A}",
            201,
            "4:10: sources: expected at most 200 items, found 201",
        ),
    ],
)
def test_an_overlong_list_is_refused_before_any_item_is_read(
    tmp_path, monkeypatch, field, item, count, message
):
    """Issue 9: a million keywords took 52 s and 50,000 findings 255 s. The list is now refused
    by its length alone: its items are never converted (parsing the YAML is the rest)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"{HEAD}{field}: [{item}]\n", encoding="utf-8")
    root = load_yaml(spec)
    node = next(value for key, value in root.value if key.value == field)
    node.value = node.value * count
    converted: list[object] = []
    convert = walker.Walker.convert

    def counting(self: walker.Walker, node: object, *args: object, **kwargs: object) -> object:
        converted.append(node)
        return convert(self, node, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(walker.Walker, "convert", counting)
    start = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        validate.validate(root, file="spec.yaml", path=spec)
    elapsed = time.perf_counter() - start
    assert caught.value.lines() == [f"spec.yaml:{message}"]
    assert len(converted) < 10
    assert elapsed < 0.5


def test_a_mapping_has_a_budget_too(tmp_path, capsys):
    audiences = "".join(f"  a{i}: {{title: T}}\n" for i in range(21))
    status, err = check(tmp_path, capsys, f"{HEAD}audiences:\n{audiences}")
    assert (status, err) == (2, "SPEC:5:3: audiences: expected at most 20 items, found 21\n")


def test_lists_at_their_budget_are_accepted(tmp_path, capsys):
    sources = "".join(f"  - {{id: s{i}, title: Source {i}}}\n" for i in range(200))
    keywords = ", ".join(f"k{i}" for i in range(50))
    status, err = check(tmp_path, capsys, f"{HEAD}keywords: [{keywords}]\nsources:\n{sources}")
    assert (status, err) == (0, "")


# Text ------------------------------------------------------------------------------------------

WORD = "expected words of at most 120 characters (a longer one cannot break into lines)"


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "summary: " + "word " * 1000 + "end",
            "3:10: summary: expected at most 5,000 characters, found 5,003",
        ),
        (
            "summary: S\nfindings: [{heading: " + "h" * 121 + ", text: T}]",
            f"4:22: findings[0].heading: {WORD}, found one of 121: '{'h' * 20}...'",
        ),
        (
            "summary: S\nquotes: [{speaker: A, text: Before " + "q" * 4000 + " after}]",
            f"4:29: quotes[0].text: {WORD}, found one of 4,000: '{'q' * 20}...'",
        ),
        (
            "summary: 'Read [the " + "L" * 130 + "](https://example.org) now'",
            f"3:10: summary: {WORD}, found one of 130: '{'L' * 20}...'",
        ),
        (
            "summary: 'Read [the report](https://example.org/" + "u" * 2000 + ")'",
            "3:10: summary: expected link targets of at most 2,000 characters, "
            "found a link of 2,029",
        ),
        (
            "summary: S\ntalking_points: [one, '" + "p " * 501 + "']",
            "4:23: talking_points[1]: expected at most 1,000 characters, found 1,001",
        ),
        (
            "summary: S\ntalking_points: '" + "p " * 501 + "'",
            "4:17: talking_points[0]: expected at most 1,000 characters, found 1,001",
        ),
        (
            "summary: S\ncontacts: [{name: N, email: " + "e" * 250 + "@example.org}]",
            "4:29: contacts[0].email: expected at most 254 characters, found 262",
        ),
    ],
)
def test_text_over_its_budget_is_refused_with_the_limit(tmp_path, capsys, body, message):
    status, err = check(tmp_path, capsys, "title: T\norganisations: X\n" + body + "\n")
    assert (status, err) == (2, f"SPEC:{message}\n")


def test_long_web_addresses_and_file_paths_are_not_words(tmp_path, capsys):
    url = "https://example.org/" + "u" * 1900
    status, err = check(
        tmp_path,
        capsys,
        f"title: T\norganisations: X\nsummary: 'See [the report]({url}).'\n"
        f"sources: [{{id: a, title: A, url: '{url}'}}]\n",
    )
    assert (status, err) == (0, "")


def test_a_ten_thousand_character_word_is_refused_at_once(tmp_path, capsys):
    """Issue 9: ReportLab took 42 s to break a 10,000-character word into lines (and a minute
    for a 100,000-character one in a quote); the word budget refuses it before layout."""
    spec = tmp_path / "word.yaml"
    spec.write_text(f"title: T\norganisations: X\nsummary: {'w' * 4_900}\n", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        make(spec, out_dir=tmp_path / "out")
    assert time.perf_counter() - start < 1.0
    assert caught.value.lines() == [
        f"{spec}:3:10: summary: {WORD}, found one of 4,900: '{'w' * 20}...'"
    ]


# Numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number, printed",
    [
        (1e12, "1,000,000,000,000"),
        (123_456.75, "123,456.8"),
        (3.5, "3.5"),
        (0, "0"),
        (1e-300, "0.0"),
    ],
)
def test_chart_numbers_print_without_exponents(number, printed):
    assert crosschecks.format_number(number) == printed


def test_a_key_figure_too_large_to_plot_is_refused(tmp_path, capsys):
    status, err = check(
        tmp_path,
        capsys,
        f"{HEAD}figures: [{{id: big, value: 9999 billion, label: b}}, "
        "{id: small, value: '1', label: s}]\n"
        "charts: [{kind: bars, title: T, bars: [{figure: big}, {figure: small}]}]\n",
    )
    assert (status, err) == (
        2,
        "SPEC:5:49: charts[0].bars[0].figure: figure 'big' has value '9999 billion', more than "
        "a chart can plot (at most 1,000,000,000,000)\n",
    )


# Layout time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout, hint",
    [
        ("one-page", ", or build the multi-page layout (--layout multi-page)"),
        ("multi-page", ""),
    ],
)
def test_a_layout_past_its_deadline_stops_naming_the_limit(
    tmp_path, capsys, monkeypatch, layout, hint
):
    monkeypatch.setattr(paragraphs, "LAYOUT_SECONDS", 0.0)
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["make", str(spec), "--layout", layout, "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:1:1: laying out the {layout} brief took longer than 0 s, the limit; "
        f"shorten the longest blocks{hint}\n{out / f'spec-{layout}.pdf'} was not built\n"
    )
    assert not out.exists() or not list(out.iterdir())


def test_the_deadline_stops_a_layout_part_way(tmp_path, monkeypatch):
    """A long multi-page build (about a second) stops within a tenth of a second past a
    deadline of 0.05 s, and the next build, with the deadline restored, runs to the end."""
    prose = "Witnesses described the strikes and the team checked every account. " * 60
    findings = "".join(f"  - heading: Finding {i}\n    text: {prose}\n" for i in range(60))
    spec = tmp_path / "long.yaml"
    spec.write_text(f"{HEAD}findings:\n{findings}", encoding="utf-8")
    monkeypatch.setattr(paragraphs, "LAYOUT_SECONDS", 0.05)
    start = time.perf_counter()
    with pytest.raises(BriefingError, match="took longer than 0.05 s, the limit"):
        make(spec, layouts=["multi-page"], out_dir=tmp_path / "out")
    assert time.perf_counter() - start < 0.5
    monkeypatch.setattr(paragraphs, "LAYOUT_SECONDS", 20.0)
    (built,) = make(spec, layouts=["multi-page"], out_dir=tmp_path / "out")
    assert built.pages > 10


def test_a_deadline_inside_another_keeps_the_earlier_one():
    with paragraphs.time_budget(0.0):
        with paragraphs.time_budget(60.0), pytest.raises(paragraphs.OutOfTime):
            paragraphs.check_time()
    paragraphs.check_time()


def test_a_one_page_brief_whose_bands_fill_the_page_blames_the_bands(tmp_path):
    """200 sources (the most a spec may have), even in two columns, leave the columns no room
    at all: the message names the sources, not the summary beside which nothing could fit."""
    sources = "".join(
        f"  - {{id: s{i}, title: Source number {i}, publisher: P}}\n" for i in range(200)
    )
    spec = tmp_path / "sources.yaml"
    spec.write_text(f"{HEAD}findings: [{{heading: H, text: T}}]\nsources:\n{sources}")
    with pytest.raises(BriefingError) as caught:
        make(spec, layouts=["one-page"], out_dir=tmp_path)
    assert caught.value.lines() == [
        f"{spec}:6:3: one-page brief does not fit on one page even with body text at 7.5 pt: "
        "the masthead and bottom band leave no room for the columns (sources 886 pt, title "
        "44 pt). Shorten these blocks, or build the multi-page layout (--layout multi-page).",
        f"{tmp_path / 'sources-one-page.pdf'} was not built",
    ]


# Lines drawn straight on the page --------------------------------------------------------------


def test_long_organisations_and_dateline_stay_on_the_page(tmp_path):
    names = ", ".join(f"'Organisation number {i} of many'" for i in range(20))
    spec = tmp_path / "many.yaml"
    spec.write_text(
        f"title: {'A long headline ' * 12}\norganisations: [{names}]\nsummary: S\n"
        f"dateline: {'Somewhere ' * 29}\n",
        encoding="utf-8",
    )
    for built in make(spec, out_dir=tmp_path):
        for page, (left, bottom, right, top) in char_boxes(built.path):
            assert 0 <= left <= right <= page[0] and 0 <= bottom <= top <= page[1]


@pytest.mark.parametrize(
    "text, room, fitted",
    [
        ("Short", 200, "Short"),
        ("Three words here", 50, "Three\u2026"),
        ("x" * 300, 30, "xxxx\u2026"),
    ],
)
def test_fit_line_keeps_whole_words_while_it_can(text, room, fitted):
    fonts.register_family("NotoSans")
    assert fit_line(text, "NotoSans-Regular", 10, room) == fitted


# Fonts -----------------------------------------------------------------------------------------


def _table_entry(data: bytes, tag: bytes) -> int:
    """The offset of `tag`'s entry in a TrueType font's table directory."""
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        if data[12 + 16 * i : 16 + 16 * i] == tag:
            return 12 + 16 * i
    raise AssertionError(f"no {tag!r} table")


def _without(data: bytes, tag: bytes) -> bytes:
    """The font with table `tag` renamed out of reach, as if it were missing."""
    entry = _table_entry(data, tag)
    return data[:entry] + b"zzzz" + data[entry + 4 :]


def _zeroed(data: bytes, tag: bytes) -> bytes:
    entry = _table_entry(data, tag)
    offset, length = struct.unpack(">II", data[entry + 8 : entry + 16])
    return data[:offset] + bytes(length) + data[offset + length :]


REGULAR = (NOTO / "NotoSans-Regular.ttf").read_bytes()
BROKEN_FONTS = {
    "truncated": (REGULAR[:4096], "the file is truncated or damaged"),
    "cut short": (REGULAR[: len(REGULAR) // 2], "the file is truncated or damaged"),
    "no glyf": (_without(REGULAR, b"glyf"), "it has no 'glyf' table"),
    "no cmap": (_without(REGULAR, b"cmap"), "it has no 'cmap' table"),
    "zeroed head": (_zeroed(REGULAR, b"head"), "Unknown head table version 0.0000"),
    "zeroed name": (_zeroed(REGULAR, b"name"), "the file is truncated or damaged"),
    "not a font": (b"\x89PNG\r\n\x1a\n" + bytes(100), "not a TrueType font file"),
}


@pytest.mark.parametrize("case", BROKEN_FONTS)
def test_a_broken_font_is_described(tmp_path, case):
    data, reason = BROKEN_FONTS[case]
    path = tmp_path / "font.ttf"
    path.write_bytes(data)
    assert fonts.check_font_file(path) == f"cannot load font ({reason})"


def test_good_and_missing_fonts(tmp_path):
    assert fonts.check_font_file(NOTO / "NotoSerif-BoldItalic.ttf") is None
    missing = fonts.check_font_file(tmp_path / "nowhere.ttf")
    assert missing == "cannot load font (No such file or directory)"


def test_a_font_is_tried_once_per_version_of_its_file(tmp_path, monkeypatch):
    from reportlab.pdfbase import ttfonts

    parsed: list[str] = []
    face = ttfonts.TTFontFace

    def counting(path: str) -> object:
        parsed.append(path)
        return face(path)

    monkeypatch.setattr(ttfonts, "TTFontFace", counting)
    path = tmp_path / "font.ttf"
    path.write_bytes(REGULAR)
    for _ in range(3):
        assert fonts.check_font_file(path) is None
    path.write_bytes(REGULAR[:4096])
    assert fonts.check_font_file(path) == "cannot load font (the file is truncated or damaged)"
    assert len(parsed) == 2


def _project(tmp_path: Path, regular: bytes) -> tuple[Path, Path]:
    """A project with a spec whose template brings its own sans faces (the regular one given),
    and a spec whose template uses good copies of the same faces."""
    fonts_dir = tmp_path / "templates" / "fonts"
    fonts_dir.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copy(NOTO / f"NotoSans-{face}.ttf", fonts_dir)
    (fonts_dir / "partner.ttf").write_bytes(regular)
    for name, regular_file in (("partner", "partner.ttf"), ("good", "NotoSans-Regular.ttf")):
        (tmp_path / "templates" / f"{name}.yaml").write_text(
            f"fonts:\n  sans:\n    regular: fonts/{regular_file}\n"
            "    bold: fonts/NotoSans-Bold.ttf\n    italic: fonts/NotoSans-Italic.ttf\n"
            "    bold_italic: fonts/NotoSans-BoldItalic.ttf\n",
            encoding="utf-8",
        )
        (tmp_path / f"{name}.yaml").write_text(f"{HEAD}template: {name}\n", encoding="utf-8")
    return tmp_path / "partner.yaml", tmp_path / "good.yaml"


@pytest.mark.parametrize("case", ["truncated", "no glyf", "zeroed name"])
def test_a_bad_font_fails_its_brief_and_leaves_the_next_build_working(tmp_path, case):
    """Issue 9: a truncated TTF gave "internal error", and every later build of the same
    process failed with `AttributeError: face`. A font without a `glyf` table parsed but broke
    the PDF's font embedding at the very end."""
    data, reason = BROKEN_FONTS[case]
    partner, good = _project(tmp_path, data)
    for _ in range(2):
        with pytest.raises(BriefingError) as caught:
            make(partner, out_dir=tmp_path / "out")
        lines = caught.value.lines()
        assert lines and all(line.endswith(f": cannot load font ({reason})") for line in lines)
        assert not list(tmp_path.glob("out/partner*"))
        assert [b.pages for b in make(good, out_dir=tmp_path / "out")] == [1, 1]


def test_a_lazy_font_that_fails_stays_unparsed_and_fails_again(tmp_path):
    from reportlab.pdfbase import pdfmetrics

    path = tmp_path / "font.ttf"
    path.write_bytes(_without(REGULAR, b"glyf"))
    family = fonts.register_files("BudgetBroken", {style: str(path) for style in fonts.FACES})
    font = pdfmetrics.getFont(fonts.face(family))
    for _ in range(2):
        with pytest.raises(BriefingError) as caught:
            font.stringWidth("abc", 10)
        assert str(caught.value) == f"{path}: cannot load font (it has no 'glyf' table)"
    path.write_bytes(REGULAR)
    assert font.stringWidth("abc", 10) > 0


def test_a_million_values_are_refused_while_parsing(tmp_path, capsys):
    spec = tmp_path / "million.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\nkeywords: [" + ",".join(["a"] * 1_000_000) + "]\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:4:199994: the file holds more than 100,000 values; a spec may hold at most "
        "100,000\n"
    )
