"""`briefing templates --show NAME` (issue 14): the merged template as YAML, under a comment
naming the files merged; an unknown name gets "did you mean" and the list."""

from __future__ import annotations

import yaml

from briefing.cli import main
from briefing.design.lookup import BUILTIN_DIR

from conftest import RAQQA, ROOT

DEFAULT = BUILTIN_DIR / "default.yaml"
EXAMPLE = ROOT / "briefs" / "templates" / "example-ngo.yaml"


def test_tpl_show_merges_a_template_with_what_it_extends(capsys):
    assert main(["templates", str(RAQQA), "--show", "example-ngo"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:4] == [
        "# Template 'example-ngo' as briefing uses it: these files merged, each changing the one "
        "before,",
        f"#   {DEFAULT}",
        f"#   {EXAMPLE}",
        "# with file paths made absolute.",
    ]
    merged = yaml.safe_load(out)
    assert "extends" not in merged
    assert merged["colors"] == {"accent": "#006269", "tint": "#e8f1f1", "link": "#005a8c"}
    assert merged["logo"] == str(ROOT / "assets" / "example-ngo" / "logo.png")
    assert merged["page_size"] == "letter"
    assert list(merged["audiences"]) == ["journalist", "advocate", "policymaker"]
    assert merged["audiences"]["advocate"]["titles"] == {"demands": "Act now"}
    assert max(len(line) for line in out.splitlines() if str(ROOT) not in line) <= 100
    assert "    face: bold\n    size: 24.0\n" in out
    assert "    top: [figures]\n" in out


def test_tpl_show_takes_a_path_and_gives_the_same(capsys):
    assert main(["templates", "--show", str(EXAMPLE)]) == 0
    by_path = capsys.readouterr().out
    assert main(["templates", str(RAQQA), "--show", "example-ngo"]) == 0
    assert capsys.readouterr().out == by_path


def test_tpl_show_an_unknown_name_says_what_was_meant(capsys):
    assert main(["templates", str(RAQQA), "--show", "exmple-ngo"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "briefing: templates --show exmple-ngo: no such template (templates: default, "
        "example-ngo); did you mean 'example-ngo'?\n"
    )
    assert main(["templates", "--show", "house\x1b[2J"]) == 2
    assert capsys.readouterr().err == (
        "briefing: templates --show house\\x1b[2J: no such template (templates: default)\n"
    )


def test_tpl_show_a_wrong_template_gives_its_located_problems(tmp_path, capsys):
    template = tmp_path / "house.yaml"
    template.write_text("margin: 3\ncolors: {acent: '#006269'}\n", encoding="utf-8")
    assert main(["templates", "--show", str(template)]) == 2
    assert capsys.readouterr().err == (
        f"{template}:1:9: margin: expected a number from 8 to 40, found 3\n"
        f"{template}:2:17: colors.acent: unknown colour name; did you mean 'accent'?\n"
    )


def test_tpl_a_broken_template_beside_the_spec_hides_none_of_the_others(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "alpha.yaml").write_text("styles:\n  brief.title: {size: big}\n")
    (tmp_path / "templates" / "beta.yaml").write_text("extends: alpha\n")
    (tmp_path / "templates" / "gamma.yaml").write_text("description: Gamma house style\n")
    (tmp_path / "spec.yaml").write_text("title: T\n")
    assert main(["templates", str(tmp_path / "spec.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:4] == [
        "alpha (beside the spec): cannot be used, see below",
        "beta (beside the spec): cannot be used, see below",
        "gamma (beside the spec): Gamma house style",
        "  --audience journalist: Press release - embargo or release line and dateline, the "
        "story first, headline figures, quotes with attribution, media contacts, notes to "
        "editors.",
    ]
    assert "default (built in): " in captured.out
    assert captured.err == (
        f"{tmp_path / 'templates' / 'alpha.yaml'}:2:23: styles.brief.title.size: expected a "
        "number, found 'big'\n"
    )


def test_tpl_show_a_name_beside_the_working_folder_says_how(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "house.yaml").write_text("description: House\n")
    assert main(["templates", "--show", "house"]) == 2
    assert capsys.readouterr().err == (
        "briefing: templates --show house: no such template (templates: default); for "
        "templates/house.yaml, name a spec beside it (briefing templates SPEC --show house) or "
        "give its path\n"
    )
