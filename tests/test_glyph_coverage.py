"""Characters the fonts cannot draw are refused before layout: in the spec's printed text
(capitals included), in a template's headings, and in what briefing prints itself."""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset

from briefing.cli import main

import pdfcheck
from conftest import ROOT, SPECS

MINIMAL = SPECS / "minimal.yaml"
NOTO = ROOT / "assets" / "fonts"


def _project(tmp_path: Path, template: str, spec_extra: str = "") -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.yaml").write_text(template, encoding="utf-8")
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "template: t\n" + spec_extra, encoding="utf-8")
    return spec


def test_a_heading_from_the_template_is_checked(tmp_path, capsys):
    spec = _project(
        tmp_path, "layout:\n  titles: {summary: '要約 Zusammenfassung'}\n  multi_page: [summary]\n"
    )
    assert main(["check", str(spec)]) == 2
    template = tmp_path / "templates" / "t.yaml"
    assert capsys.readouterr().err.startswith(
        f"{template}:2:21: layout.titles.summary: the brief's fonts cannot draw '約' "
    )


def test_a_font_without_digits_and_quotation_marks_is_refused(tmp_path, capsys):
    fonts = tmp_path / "templates" / "fonts"
    fonts.mkdir(parents=True)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,-"
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        subset.main(
            [
                str(NOTO / f"NotoSans-{face}.ttf"),
                f"--text={letters}",
                f"--output-file={fonts / f'{face}.ttf'}",
            ]
        )
    files = "{regular: fonts/Regular.ttf, bold: fonts/Bold.ttf, italic: fonts/Italic.ttf, "
    files += "bold_italic: fonts/BoldItalic.ttf}"
    (tmp_path / "templates" / "t.yaml").write_text(
        f"fonts:\n  sans: {files}\n  serif: {files}\n", encoding="utf-8"
    )
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        "title: A brief\norganisations: Example Rights Watch\nsummary: A summary.\ntemplate: t\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"{tmp_path / 'templates' / 't.yaml'}:2:3: fonts: the template's fonts cannot draw '!' "
    )
    assert "'\"' (U+0022 QUOTATION MARK)" in err and "which briefing prints itself" in err


def test_capitals_of_a_typed_letter_are_checked(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        "title: A brief\norganisations: Reversed\u2184 Org\nsummary: A summary.\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:2:16: organisations[0]: the brief's fonts cannot draw '\u2183' (U+2183 ROMAN "
        "NUMERAL REVERSED ONE HUNDRED) (the capital of a letter typed here); replace these "
        "characters or use a template with fonts that have them\n"
    )


def test_text_that_is_never_printed_is_not_checked(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    shutil.copy(MINIMAL, spec)
    spec.write_text(
        MINIMAL.read_text()
        + "keywords: [中文]\nsources:\n  - {id: 来源, title: A source}\n"
        + "findings:\n  - {heading: H, text: T, sources: [来源]}\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 0


def test_running_text_named_text_is_checked(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        MINIMAL.read_text() + "findings:\n  - {heading: H, text: 中文}\n"
        "sources:\n  - {id: s, title: S, text: 来源.txt}\n",
        encoding="utf-8",
    )
    (tmp_path / "来源.txt").write_text("A source.", encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err.startswith(
        f"{spec}:6:24: findings[0].text: the brief's fonts cannot draw '中'"
    )


def test_a_template_names_the_fallback_chain_of_a_role(tmp_path, capsys):
    spec = _project(tmp_path, "fallback: {serif: []}\n", "findings:\n  - {heading: H, text: حلب}\n")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err.startswith(
        f"{spec}:7:24: findings[0].text: the brief's fonts cannot draw 'ب' (U+0628 ARABIC LETTER"
    )
    (tmp_path / "templates" / "t.yaml").write_text("fallback: {serif: [Amiri]}\n")
    assert main(["check", str(spec)]) == 0


def test_a_title_in_another_script_says_where_fallback_does_not_reach(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        "title: Report by منظمة العفو\norganisations: X\nsummary: S\n", encoding="utf-8"
    )
    assert main(["check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{spec}:1:8: title: the brief's fonts cannot draw ")
    assert err.endswith(
        "; this text is also drawn in running heads, footers or charts, which use the main fonts "
        "without fallback: replace these characters or use a template whose own fonts have them\n"
    )


def test_an_arabic_brief_with_a_latin_template_is_set_in_amiri(tmp_path):
    """Found by the before-stop check: the example template's Lato cannot draw Arabic, so an
    Arabic brief with it failed; the roles whose font lacks the script now take Amiri."""
    from briefing.build import make

    out = tmp_path / "out"
    built = make(
        ROOT / "briefs" / "raqqa.ar.yaml",
        layouts=["one-page"],
        template=ROOT / "briefs" / "templates" / "example-ngo.yaml",
        out_dir=out,
    )
    fonts = pdfcheck.fonts(built[0].path)
    assert any(name.split("+")[-1].startswith("Amiri") for name in fonts)
    assert all(fonts.values()), "every font is embedded"
