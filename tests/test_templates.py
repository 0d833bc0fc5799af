"""Templates are data: lookup order, `extends:`, custom colours, fonts, logo and page size,
and the same located messages as specs when a template is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build import make
from briefing.cli import main

import pdfcheck
from conftest import RAQQA, ROOT, SPECS

EXAMPLE = ROOT / "briefs" / "templates" / "example-ngo.yaml"
MINIMAL = SPECS / "minimal.yaml"
TEAL_FILL = "0 .384314 .411765 rg"


def project(tmp_path: Path, spec_text: str | None = None) -> Path:
    """A project folder with a spec and an empty templates/ folder; returns the spec."""
    root = tmp_path / "proj"
    (root / "templates").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    spec = root / "brief.yaml"
    spec.write_text(spec_text or MINIMAL.read_text())
    return spec


def page_content(pdf: Path) -> str:
    return pdfcheck.reader(pdf).pages[0].get_contents().get_data().decode("latin-1")


@pytest.fixture(scope="module")
def custom(tmp_path_factory):
    out = tmp_path_factory.mktemp("custom")
    return {b.layout: b for b in make(RAQQA, template=EXAMPLE, out_dir=out)}


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_custom_template_changes_page_size_fonts_logo_and_colour(custom, layout):
    path = custom[layout].path
    box = pdfcheck.reader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    fonts = pdfcheck.fonts(path)
    assert all(fonts.values())
    assert {name.split("-", 2)[-1] for name in fonts} >= {"Regular", "Bold"}
    assert not [name for name in fonts if "Noto" in name]
    images = pdfcheck.reader(path).pages[0].images
    assert [(i.image.width, i.image.height) for i in images] == [(480, 160)]
    assert TEAL_FILL in page_content(path)
    assert custom["one-page"].pages == 1


def test_custom_template_embeds_lato(custom):
    reader = pdfcheck.reader(custom["one-page"].path)
    programs = [
        font.get_object()["/FontDescriptor"].get_object()["/FontFile2"].get_data()
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    ]
    assert programs and all(b"Lato" in program for program in programs)


def test_default_look_is_unchanged_without_a_template(raqqa_pdfs):
    content = page_content(raqqa_pdfs["one-page"].path)
    assert TEAL_FILL not in content
    assert "NotoSans-Bold" in pdfcheck.fonts(raqqa_pdfs["one-page"].path)


def test_spec_names_a_template_in_the_templates_folder_beside_it(tmp_path):
    spec = project(tmp_path, MINIMAL.read_text() + "template: house\n")
    (spec.parent / "templates" / "house.yaml").write_text(
        "colors: {accent: '#006269'}\npage_size: letter\n"
    )
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    assert TEAL_FILL in page_content(built.path)
    assert round(float(pdfcheck.reader(built.path).pages[0].mediabox.width)) == 612


def test_templates_folder_beside_the_spec_overrides_a_builtin(tmp_path):
    spec = project(tmp_path)
    (spec.parent / "templates" / "default.yaml").write_text("colors: {accent: '#006269'}\n")
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    assert TEAL_FILL in page_content(built.path)


def test_command_line_template_wins_over_the_specs(tmp_path):
    spec = project(tmp_path, MINIMAL.read_text() + "template: house\n")
    (spec.parent / "templates" / "house.yaml").write_text("page_size: letter\n")
    other = spec.parent / "other.yaml"
    other.write_text("page_size: A4\ncolors: {accent: '#006269'}\n")
    (built,) = make(spec, layouts=["one-page"], template=other, out_dir=tmp_path / "out")
    assert round(float(pdfcheck.reader(built.path).pages[0].mediabox.width)) == 595
    assert TEAL_FILL in page_content(built.path)


def test_spec_page_size_wins_over_the_templates(tmp_path):
    spec = project(tmp_path, MINIMAL.read_text() + "page_size: A4\n")
    (built,) = make(spec, layouts=["one-page"], template=EXAMPLE, out_dir=tmp_path / "out")
    assert round(float(pdfcheck.reader(built.path).pages[0].mediabox.width)) == 595


def test_extends_chain_merges_by_name(tmp_path):
    spec = project(tmp_path, MINIMAL.read_text() + "template: child\n")
    folder = spec.parent / "templates"
    (folder / "parent.yaml").write_text(
        "colors: {accent: '#006269'}\nstyles: {brief.title: {size: 30}}\n"
    )
    (folder / "child.yaml").write_text("extends: parent\nstyles: {brief.title: {face: italic}}\n")
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    content = page_content(built.path)
    assert TEAL_FILL in content
    assert " 30 Tf" in content
    assert "NotoSans-Italic" in pdfcheck.fonts(built.path)


def test_template_cycle_is_reported(tmp_path, capsys):
    spec = project(tmp_path, MINIMAL.read_text() + "template: a\n")
    folder = spec.parent / "templates"
    (folder / "a.yaml").write_text("extends: b\n")
    (folder / "b.yaml").write_text("extends: a\n")
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"{(folder / 'a.yaml').resolve()}:1:1: extends: templates extend each other in a "
        "circle: a.yaml -> b.yaml -> a.yaml\n"
    )


BAD_TEMPLATES = {
    "unknown key": (
        "colours: {accent: '#000000'}\n",
        ["{t}:1:1: colours: unknown key; did you mean 'colors'?"],
    ),
    "bad colour": (
        "colors: {accent: red}\n",
        ["{t}:1:18: colors.accent: expected a colour as #rrggbb, found 'red'"],
    ),
    "NaN size": (
        "styles: {body: {size: .nan}}\n",
        ["{t}:1:23: styles.body.size: expected a number, found '.nan'"],
    ),
    "infinite size": (
        "styles: {body: {size: .inf}}\n",
        ["{t}:1:23: styles.body.size: expected a number, found '.inf'"],
    ),
    "negative size": (
        "styles: {body: {size: -3}}\n",
        ["{t}:1:23: styles.body.size: expected a number from 4 to 96, found -3"],
    ),
    "unknown style": (
        "styles: {brief.titel: {size: 20}}\n",
        ["{t}:1:23: styles.brief.titel: unknown style; did you mean 'brief.title'?"],
    ),
    "unknown block": (
        "layout: {multi_page: [summary, findngs]}\n",
        [
            "{t}:1:32: layout.multi_page[1]: expected one of 'summary', 'figures', "
            "'findings', 'quote', 'quotes', 'demands', 'talking_points', 'targets', "
            "'actions', 'contacts', 'notes_to_editors', 'methodology', 'sources', "
            "'charts', 'timeline', 'images', 'qr', 'ends', found 'findngs'; did you mean "
            "'findings'?"
        ],
    ),
    "margin out of range": (
        "margin: 2\n",
        ["{t}:1:9: margin: expected a number from 8 to 40, found 2"],
    ),
    "missing font file": (
        "fonts: {sans: {regular: a.ttf, bold: a.ttf, italic: a.ttf, bold_italic: a.ttf}}\n",
        [
            "{t}:1:25: fonts.sans.regular: no file at 'a.ttf'",
            "{t}:1:38: fonts.sans.bold: no file at 'a.ttf'",
            "{t}:1:53: fonts.sans.italic: no file at 'a.ttf'",
            "{t}:1:73: fonts.sans.bold_italic: no file at 'a.ttf'",
        ],
    ),
    "logo too tall": (
        "logo_height: 200\n",
        ["{t}:1:14: logo_height: expected a logo height in points from 12 to 72, found 200"],
    ),
    "logo height not a number": (
        "logo_height: tall\n",
        ["{t}:1:14: logo_height: expected a number, found 'tall'"],
    ),
    "unknown logo alignment": (
        "logo_align: kiker\n",
        [
            "{t}:1:13: logo_align: expected one of 'kicker', 'headline', found 'kiker'; "
            "did you mean 'kicker'?"
        ],
    ),
    "unknown paper": (
        "page_size: A3\n",
        ["{t}:1:12: page_size: expected one of 'A4', 'letter', 'legal', 'A5', found 'A3'"],
    ),
    "misspelt logo key": (
        "logo_hieght: 20\n",
        ["{t}:1:1: logo_hieght: unknown key; did you mean 'logo_height'?"],
    ),
    "unknown parent": (
        "extends: defualt\n",
        ["{t}:1:10: extends: no template named 'defualt'; did you mean 'default'?"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_TEMPLATES))
def test_invalid_template_gets_located_messages(case, tmp_path, capsys):
    content, expected = BAD_TEMPLATES[case]
    spec = project(tmp_path)
    template = spec.parent / "templates" / "bad.yaml"
    template.write_text(content)
    assert (
        main(["make", str(spec), "--template", str(template), "--out-dir", str(tmp_path / "out")])
        == 2
    )
    shown = str(template.resolve())
    assert capsys.readouterr().err.splitlines() == [line.format(t=shown) for line in expected]


def test_spec_naming_a_missing_template(tmp_path, capsys):
    spec = project(tmp_path, MINIMAL.read_text() + "template: hose\n")
    (spec.parent / "templates" / "house.yaml").write_text("margin: 20\n")
    message = f"{spec}:5:11: template: no template named 'hose'; did you mean 'house'?\n"
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == message
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == message


def test_templates_command_lists_templates_and_audiences(capsys):
    assert main(["templates", str(RAQQA)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "example-ngo (beside the spec): Example NGO house style - teal accent, "
        "Lato throughout, logo, US Letter."
    )
    assert (
        "default (built in): briefing's house style - Noto Sans and Noto Serif, one deep "
        "red accent, A4." in out
    )
    for audience in ("journalist", "advocate", "policymaker"):
        assert any(line.startswith(f"  --audience {audience}: ") for line in out)


def test_new_writes_a_starter_that_builds_for_every_audience(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "brief"]) == 0
    assert capsys.readouterr().out == (
        "brief.yaml: written; build it with: briefing make brief.yaml\n"
    )
    assert main(["make", "brief.yaml", "--all-audiences", "--out-dir", "out"]) == 0
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 6
    assert main(["make", "brief.yaml", "--out-dir", "out"]) == 0
    assert main(["new", "brief"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_example_template_is_in_the_repo_with_its_assets():
    text = EXAMPLE.read_text()
    for needed in ("logo:", "fonts:", "colors:", "page_size: letter"):
        assert needed in text
    assert (ROOT / "assets" / "example-ngo" / "fonts" / "OFL.txt").exists()
