"""The masthead and what every page carries: document type and date line, embargo, ENDS,
the logo's size and alignment, paper sizes, the dek's measure, and draft marks."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefing.build import make, prepare
from briefing.cli import main
from briefing.design.design import PAPER, design_for
from briefing.design.issuing import document_line
from briefing.layout.masthead import dek_measure, headline_to_dek
from briefing.layout.multipage import render_multi_page
from briefing.layout.onepage import render_one_page

import pdfcheck
from conftest import RAQQA, ROOT

EXAMPLE = ROOT / "briefs" / "templates" / "example-ngo.yaml"

RELEASE = """\
title: Thousands displaced as the river floods the valley
subtitle: >-
  Field teams counted the families who left their homes in the first week of the floods, and
  the shelters that took them in, village by village along the river.
organisations: Example Rights Watch
date: 2019-04-25
dateline: Beirut
summary: More than 4,000 families left their homes in the first week.
contacts:
  - name: Press office
    email: press@example.org
"""


def project(tmp_path: Path, text: str = RELEASE, *, template: str | None = None) -> Path:
    root = tmp_path / "proj"
    (root / "templates").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    spec = root / "brief.yaml"
    spec.write_text(text, encoding="utf-8")
    if template is not None:
        (root / "templates" / "house.yaml").write_text(template, encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    spec = project(tmp_path_factory.mktemp("release"), RELEASE + "embargo: 2019-06-12 00:01 gmt\n")
    built = make(spec, audiences=["journalist", "policymaker"], out_dir=spec.parent / "out")
    return {(b.audience, b.layout): b.path for b in built}


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_a_press_release_says_what_it_is_when_and_until_when(release, layout):
    pages = pdfcheck.page_texts(release[("journalist", layout)])
    first = pages[0]
    assert "Press release · Beirut, 25 April 2019" in first
    assert "EMBARGOED UNTIL 00:01 GMT 25 APRIL 2019" not in first
    assert "EMBARGOED UNTIL 00:01 GMT 12 JUNE 2019" in first
    assert first.index("EMBARGOED") < first.index("Thousands displaced")
    assert "Example Rights Watch · Beirut, 25 April 2019" in first
    assert all("Press release" in page for page in pages)
    assert "MEDIA CONTACTS" in first.upper()


def test_each_audience_has_its_own_document_type(release):
    first = pdfcheck.page_texts(release[("policymaker", "one-page")])[0]
    assert "Policy brief · Beirut, 25 April 2019" in first
    assert "Press release" not in first


def test_a_template_names_its_own_document_type(tmp_path):
    template = "audiences:\n  journalist:\n    document: Media advisory\n"
    spec = project(tmp_path, RELEASE + "template: house\n", template=template)
    (built,) = make(spec, audiences=["journalist"], layouts=["one-page"], out_dir=tmp_path)
    text = pdfcheck.text(built.path)
    assert "Media advisory · Beirut, 25 April 2019" in text
    assert "Press release" not in text


def _design(tmp_path: Path, extra: str, audience: str | None = None, **options):
    loaded, template = prepare(project(tmp_path, RELEASE + extra))
    return loaded, design_for(loaded, template, audience, **options)


def test_french_and_arabic_document_lines_use_the_languages_dates(tmp_path):
    _, french = _design(tmp_path / "fr", "language: fr\n", "journalist")
    assert document_line(french_spec(tmp_path / "fr"), french.words) == (
        "Communiqué de presse · Beirut, le 25 avril 2019"
    )
    _, arabic = _design(tmp_path / "ar", "language: ar\n", "advocate")
    assert document_line(french_spec(tmp_path / "ar"), arabic.words) == (
        "موجز حملة · Beirut، 25 أبريل 2019"
    )


def french_spec(folder: Path):
    loaded, _ = prepare(folder / "proj" / "brief.yaml")
    return loaded.spec


@pytest.mark.parametrize(
    ("language", "embargo", "expected"),
    [
        ("en-GB", "2019-06-12 00:01 GMT", "Embargoed until 00:01 GMT 12 June 2019"),
        ("fr", "2019-06-12 00:01 GMT", "Sous embargo jusqu’au 12 juin 2019 à 00:01 GMT"),
        ("en-GB", "the end of the summit", "Embargoed until the end of the summit"),
    ],
)
def test_an_embargo_is_a_date_and_time_or_text(tmp_path, language, embargo, expected):
    _, design = _design(tmp_path, f"language: {language}\nembargo: {embargo}\n")
    assert design.embargo == expected


@pytest.mark.parametrize(
    ("embargo", "message"),
    [
        (
            "2019-02-30 00:01",
            "embargo: '2019-02-30 00:01' is not a real date and time (day is out of range "
            "for month)",
        ),
        ("2019-06-12 25:00", "embargo: '2019-06-12 25:00' is not a real date and time"),
        ("2019-06-12 at noon", "embargo: expected a date and time as YYYY-MM-DD HH:MM, found "),
    ],
)
def test_a_bad_embargo_is_refused_where_it_is(tmp_path, capsys, embargo, message):
    spec = project(tmp_path, RELEASE + f"embargo: {embargo}\n")
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{spec}:12:10: {message}")
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("language", "word"), [("en-GB", "ENDS"), ("fr", "FIN"), ("es", "FIN")])
def test_ends_closes_the_story_in_the_briefs_language(tmp_path, language, word):
    from briefing.layout.sections import BlockContext, ends

    loaded, design = _design(tmp_path, f"language: {language}\n", "journalist")
    flow = ends(BlockContext(loaded.spec, design, "multi-page", 400.0))
    printed = [f.getPlainText() for f in flow if hasattr(f, "getPlainText")]
    assert printed == [word]
    assert design.theme["press.ends"].textTransform == "uppercase"


def test_the_journalist_brief_opens_with_the_story_on_page_1(raqqa_pdfs, tmp_path):
    built = make(RAQQA, audiences=["journalist"], layouts=["multi-page"], out_dir=tmp_path)
    first = pdfcheck.page_texts(built[0].path)[0].casefold()
    assert "the story" in first
    assert first.index("the story") < first.index("key figures")


# Logo --------------------------------------------------------------------------------------


def _logo_and_text(pdf: Path, text: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The logo's box (left, bottom, right, top) and the box of the first capital of `text`."""
    page = pdfium.PdfDocument(str(pdf))[0]
    (image,) = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    textpage = page.get_textpage()
    everything = textpage.get_text_range()
    return image.get_bounds(), textpage.get_charbox(everything.index(text))


@pytest.mark.parametrize(("align", "height"), [("kicker", 24), ("headline", 40)])
def test_the_logo_sits_where_the_template_says(tmp_path, align, height):
    folder = tmp_path / "proj"
    shutil.copytree(ROOT / "assets" / "example-ngo", folder / "assets")
    template = f"logo: ../assets/logo.png\nlogo_height: {height}\nlogo_align: {align}\n"
    spec = project(tmp_path, RELEASE + "template: house\n", template=template)
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    logo, capital = _logo_and_text(built.path, "EXAMPLE" if align == "kicker" else "Thousands")
    left, bottom, right, top = logo
    assert top - bottom == pytest.approx(height, abs=0.01)
    assert right == pytest.approx(PAPER["A4"][0] - 15 * 72 / 25.4, abs=0.01)
    if align == "kicker":  # its foot on the kicker's baseline
        assert bottom == pytest.approx(capital[1], abs=0.4)
    else:  # its top at the headline's capitals
        assert top == pytest.approx(capital[3], abs=0.6)


# Paper, dek ------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "letter", "legal", "A5"])
def test_every_paper_size_builds_both_layouts(tmp_path, paper):
    spec = project(tmp_path, RELEASE + f"page_size: {paper}\n")
    built = make(spec, out_dir=tmp_path / "out")
    assert [b.pages for b in built][0] == 1
    for b in built:
        box = pdfcheck.reader(b.path).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(PAPER[paper], abs=0.01)


def test_an_a5_one_page_that_cannot_fit_fails_with_the_located_message(tmp_path, capsys):
    spec = tmp_path / "raqqa.yaml"
    spec.write_text(RAQQA.read_text().replace("\ntitle:", "\npage_size: A5\ntitle:", 1))
    shutil.copytree(RAQQA.parent / "sources", tmp_path / "sources")
    (tmp_path / "pyproject.toml").write_text("")
    status = main(["make", str(spec), "--layout", "one-page", "--out-dir", str(tmp_path / "o")])
    assert status == 2
    line, *rest = capsys.readouterr().err.splitlines()
    assert rest == [f"{tmp_path / 'o' / 'raqqa-one-page.pdf'} was not built"]
    assert not (tmp_path / "o" / "raqqa-one-page.pdf").exists()
    assert line.startswith(f"{spec}:")
    assert ": one-page brief does not fit on one page" in line
    assert line.endswith("or build the multi-page layout (--layout multi-page).")


def test_the_dek_is_set_to_about_70_characters_and_clear_of_the_headline(tmp_path):
    _, design = _design(tmp_path, "")
    theme = design.theme
    width = PAPER["A4"][0] - 2 * design.margin
    assert 330 < dek_measure(theme) < 0.8 * width
    title = theme["brief.title"]
    assert headline_to_dek(theme) + title.spaceAfter > 12
    spec = project(tmp_path / "b", RELEASE)
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    lines = pdfcheck.reader(built.path).pages[0].extract_text().splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Field teams"))
    dek_lines = lines[first : first + 3]
    assert " ".join(dek_lines).endswith("village by village along the river.")
    assert max(len(line) for line in dek_lines) <= 72


# Draft --------------------------------------------------------------------------------------

BUILT_AT = datetime.datetime(2024, 5, 1, 14, 32, tzinfo=datetime.UTC)


@pytest.mark.parametrize("render", [render_one_page, render_multi_page])
def test_a_draft_is_marked_on_every_page_with_its_build_time(tmp_path, render):
    loaded, design = _design(tmp_path, "", draft=True, now=BUILT_AT)
    data, pages = render(loaded, design)
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(data)
    texts = pdfcheck.page_texts(pdf)
    assert len(texts) == pages
    for text in texts:
        assert "DRAFT" in text
        assert "Draft built 2024-05-01 14:32 UTC" in text


def test_without_draft_nothing_is_marked_and_builds_are_identical(tmp_path):
    spec = project(tmp_path)
    first = make(spec, out_dir=tmp_path / "a")
    second = make(spec, out_dir=tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()
        assert "DRAFT" not in pdfcheck.text(a.path)
