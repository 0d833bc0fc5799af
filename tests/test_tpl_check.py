"""`briefing check` on a template (issue 14): recognised as a template, every problem reported in
one run, each located; unknown colour names are errors with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build import make
from briefing.cli import main
from briefing.errors import SpecError

from conftest import SPECS

MINIMAL = SPECS / "minimal.yaml"
GLYPHS = (
    "the brief's fonts cannot draw '約' (U+7D04 CJK UNIFIED IDEOGRAPH-7D04), '要' (U+8981 CJK "
    "UNIFIED IDEOGRAPH-8981); replace these characters or use a template with fonts that have them"
)


def check_template(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    template = tmp_path / "partner.yaml"
    template.write_text(text, encoding="utf-8")
    assert main(["check", str(template)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return [line.replace(str(template.resolve()), "T") for line in captured.err.splitlines()]


def test_tpl_every_problem_of_a_template_in_one_run(tmp_path, capsys):
    text = (
        "colour: x\n"
        "colors: {acent: '#aa0000', ink: red}\n"
        "margin: 3\n"
        "styles:\n"
        "  brief.title: {color: acent, size: 200}\n"
        "logo: missing.png\n"
        "layout:\n"
        "  titles: {summary: 要約}\n"
    )
    assert check_template(tmp_path, text, capsys) == [
        "T:1:1: colour: unknown key; did you mean 'colors'?",
        "T:2:17: colors.acent: unknown colour name; did you mean 'accent'?",
        "T:2:33: colors.ink: expected a colour as #rrggbb, found 'red'",
        "T:3:9: margin: expected a number from 8 to 40, found 3",
        "T:5:24: styles.brief.title.color: expected a colour name (ink, muted, accent, rule, "
        "tint, secondary, link) or #rrggbb, found 'acent'; did you mean 'accent'?",
        "T:5:37: styles.brief.title.size: expected a number from 4 to 96, found 200",
        "T:6:7: logo: no file at 'missing.png'",
        f"T:8:21: layout.titles.summary: {GLYPHS}",
    ]


def test_tpl_a_wrong_parent_comes_with_the_templates_own_problems(tmp_path, capsys):
    text = "extends: defualt\nmargin: 3\nlayout: {one_page: {main: [sumary]}}\n"
    assert check_template(tmp_path, text, capsys) == [
        "T:1:10: extends: no template named 'defualt'; did you mean 'default'?",
        "T:2:9: margin: expected a number from 8 to 40, found 3",
        "T:3:28: layout.one_page.main[0]: expected one of 'summary', 'figures', 'findings', "
        "'quote', 'quotes', 'demands', 'talking_points', 'targets', 'actions', 'contacts', "
        "'notes_to_editors', 'methodology', 'sources', 'charts', 'timeline', 'images', 'qr', "
        "'ends', found 'sumary'; did you mean 'summary'?",
    ]


def test_tpl_headings_of_every_audience_in_one_run(tmp_path, capsys):
    text = "layout:\n  titles: {summary: 要約}\naudiences:\n  donor: {titles: {figures: 要約}}\n"
    assert check_template(tmp_path, text, capsys) == [
        f"T:2:21: layout.titles.summary: {GLYPHS}",
        f"T:4:29: audiences.donor.titles.figures: {GLYPHS}",
    ]


def test_tpl_a_mistyped_key_does_not_make_a_template_a_spec(tmp_path, capsys):
    assert check_template(tmp_path, "colour: x\nmargin: 12\n", capsys) == [
        "T:1:1: colour: unknown key; did you mean 'colors'?"
    ]


def test_tpl_a_colour_name_far_from_any_lists_them(tmp_path, capsys):
    assert check_template(tmp_path, "colors: {brand: '#006269'}\n", capsys) == [
        "T:1:17: colors.brand: unknown colour name; colours: ink, muted, accent, rule, tint, "
        "secondary, link"
    ]


def test_tpl_make_refuses_an_unknown_colour_name_too(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "template: templates/house.yaml\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    house = tmp_path / "templates" / "house.yaml"
    house.write_text("colors: {acccent: '#006269'}\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        make(spec, out_dir=tmp_path / "out")
    assert caught.value.lines() == [
        f"{house}:1:19: colors.acccent: unknown colour name; did you mean 'accent'?"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["make", "check"])
def test_tpl_a_mistyped_audience_is_blamed_on_the_command_line(tmp_path, capsys, command):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text(), encoding="utf-8")
    extra = ["--out-dir", str(tmp_path / "out")] if command == "make" else []
    assert main([command, str(spec), "--audience", "journalists", *extra]) == 2
    assert capsys.readouterr().err == (
        "briefing: --audience journalists: template 'default' has no such audience (its "
        "audiences: journalist, advocate, policymaker); did you mean 'journalist'?\n"
    )
    assert not (tmp_path / "out").exists()


def test_tpl_an_absolute_path_is_said_relative_to_the_templates_folder(tmp_path, capsys):
    assert check_template(tmp_path, "margin: 12\nlogo: /etc/passwd\n", capsys) == [
        "T:2:7: logo: asset paths must be relative to the template's folder, found '/etc/passwd'"
    ]


def test_tpl_a_wrong_style_leaves_the_other_styles_checked(tmp_path, capsys):
    """A shape error in one style drops that style's value alone, not every style: the colour
    of the next one is checked in the same run."""
    text = "margin: 12\nstyles:\n  brief.title: {size: big}\n  section.heading: {color: accentt}\n"
    assert check_template(tmp_path, text, capsys) == [
        "T:3:23: styles.brief.title.size: expected a number, found 'big'",
        "T:4:28: styles.section.heading.color: expected a colour name (ink, muted, accent, rule, "
        "tint, secondary, link) or #rrggbb, found 'accentt'; did you mean 'accent'?",
    ]
