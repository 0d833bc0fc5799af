"""Translations: a small spec that names the brief it translates and gives only its words
(issue 11, item 6)."""

from __future__ import annotations

from pathlib import Path

from briefing.cli import main

import pdfcheck
from conftest import SPECS

ORIGINAL = """\
title: Twelve water points destroyed
organisations: Example Rights Watch
summary: Twelve water points were destroyed in three districts.
figures:
  - {id: destroyed, value: "1,600", label: water points destroyed}
findings:
  - {heading: Attacks on water points, text: They were hit repeatedly.}
"""
FRENCH = """\
translates: brief.yaml
language: fr
title: Douze points d'eau détruits
summary: Douze points d'eau ont été détruits dans trois districts.
figures:
  - {value: "1 600", label: points d'eau détruits}
findings:
  - {heading: Attaques contre les points d'eau, text: Ils ont été frappés à plusieurs reprises.}
"""


def _project(tmp_path: Path, french: str = FRENCH) -> Path:
    (tmp_path / "brief.yaml").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "brief.fr.yaml").write_text(french, encoding="utf-8")
    return tmp_path / "brief.yaml"


def test_a_translation_shares_everything_but_its_words(tmp_path, capsys):
    spec = _project(tmp_path)
    out = tmp_path / "out"
    assert main(["make", str(spec), "--language", "all", "--out-dir", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "brief-multi-page.pdf",
        "brief-one-page.pdf",
        "brief.fr-multi-page.pdf",
        "brief.fr-one-page.pdf",
    ]
    french = pdfcheck.text(out / "brief.fr-multi-page.pdf")
    assert "Douze points d" in french and "1 600" in french
    assert "Example Rights Watch" in french  # shared: not translated, not repeated
    assert pdfcheck.reader(out / "brief.fr-one-page.pdf").trailer["/Root"]["/Lang"] == "fr"


def test_a_translation_may_not_change_a_number_or_add_content(tmp_path, capsys):
    french = FRENCH.replace('"1 600"', '"1 700"') + "quotes:\n  - {text: Q, speaker: S}\n"
    spec = _project(tmp_path, french)
    translation = tmp_path / "brief.fr.yaml"
    assert main(["check", str(translation)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{translation}:9:1: quotes: the original has no such value; a translation translates "
        "what the original says, and adds nothing",
    ]
    (tmp_path / "brief.fr.yaml").write_text(FRENCH.replace('"1 600"', '"1 700"'))
    assert main(["check", str(translation)]) == 2
    assert capsys.readouterr().err == (
        f"{translation}:6:13: figures[0].value: '1 700' reads as a different number from "
        "'1,600' in brief.yaml; a translation writes the same number, in digits\n"
    )
    assert spec.exists()


def test_a_translation_translates_each_item_in_order(tmp_path, capsys):
    french = FRENCH.replace(
        "findings:\n  - {heading: Attaques contre les points d'eau, text: Ils ont été frappés à "
        "plusieurs reprises.}\n",
        "findings:\n  - {heading: A, text: B}\n  - {heading: C, text: D}\n",
    )
    _project(tmp_path, french)
    translation = tmp_path / "brief.fr.yaml"
    assert main(["check", str(translation)]) == 2
    assert capsys.readouterr().err == (
        f"{translation}:8:3: findings: the translation has 2 items here and the original 1; "
        "translate each item, in the same order\n"
    )


def test_an_error_in_the_shared_part_points_into_the_original(tmp_path, capsys):
    spec = _project(tmp_path)
    spec.write_text(ORIGINAL + "date: 2024-02-30\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "brief.fr.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"{spec}:8:7: date: '2024-02-30' is not a real date")


def test_asking_for_a_language_that_has_no_translation(tmp_path, capsys):
    spec = _project(tmp_path)
    assert main(["make", str(spec), "--language", "ar", "--out-dir", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"{spec}: no translation into 'ar' beside it (translations: fr); write brief.ar.yaml "
        "with `translates: brief.yaml`\n"
    )


def test_a_translation_must_sit_beside_its_original(tmp_path, capsys):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "brief.yaml").write_text(ORIGINAL, encoding="utf-8")
    translation = tmp_path / "brief.fr.yaml"
    translation.write_text(FRENCH.replace("translates: brief.yaml", "translates: other/brief.yaml"))
    assert main(["check", str(translation)]) == 2
    assert capsys.readouterr().err == (
        f"{translation}:1:13: translates: 'other/brief.yaml' is in another folder; keep a "
        "translation beside the brief it translates (their images and templates are shared)\n"
    )
    assert SPECS.exists()


def test_translates_must_name_a_file_of_an_original(tmp_path, capsys):
    _project(tmp_path)
    cases = {
        "translates: [a]\nlanguage: de\n": "translates: expected the file name of the original "
        "brief",
        "translates: brief.fr.yaml\nlanguage: de\n": "translates: 'brief.fr.yaml' is itself a "
        "translation; translate the original brief",
        "translates: ../outside.yaml\nlanguage: de\n": "translates: '../outside.yaml' is "
        f"outside {tmp_path}, the folder briefing may read; "
        "run briefing from a folder that holds both files, or pass --root DIR",
    }
    spec = tmp_path / "brief.de.yaml"
    for text, message in cases.items():
        spec.write_text(text, encoding="utf-8")
        assert main(["check", str(spec)]) == 2
        assert capsys.readouterr().err == f"{spec}:1:13: {message}\n"


def test_a_translated_quote_says_it_is_a_translation(tmp_path):
    (tmp_path / "brief.yaml").write_text(
        ORIGINAL + "quotes:\n  - {text: We walk four hours for water, speaker: A resident}\n",
        encoding="utf-8",
    )
    (tmp_path / "brief.fr.yaml").write_text(
        FRENCH + "quotes:\n  - {text: Nous marchons quatre heures pour l'eau}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert (
        main(["make", str(tmp_path / "brief.yaml"), "--language", "all", "--out-dir", str(out)])
        == 0
    )
    french = pdfcheck.text(out / "brief.fr-multi-page.pdf")
    assert "Nous marchons quatre heures pour l’eau" in french
    assert "(notre traduction)" in french
    assert "Traduit de l’original anglais" in french
    assert "translation" not in pdfcheck.text(out / "brief-multi-page.pdf")


def test_a_translation_keeps_every_number_and_every_item(tmp_path, capsys):
    """Found by an attack run: numbers in a translated title, a figure written in words, and a
    list of plain text cut short all passed `check --strict`."""
    (tmp_path / "brief.yaml").write_text(
        ORIGINAL
        + "notes_to_editors: [One., Two.]\nfigures_words: x\n".replace("figures_words: x\n", ""),
        encoding="utf-8",
    )
    french = (
        FRENCH.replace(
            "title: Douze points d'eau détruits", "title: 9 999 points d'eau détruits"
        ).replace('value: "1 600"', "value: mille six cents")
        + "notes_to_editors: [Un.]\n"
    )
    translation = tmp_path / "brief.fr.yaml"
    translation.write_text(french, encoding="utf-8")
    assert main(["check", "--strict", str(translation)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{translation}:9:19: notes_to_editors: the translation has 1 items here and the "
        "original 2; translate each item, in the same order",
    ]
    translation.write_text(
        french.replace("notes_to_editors: [Un.]\n", "notes_to_editors: [Un., Deux.]\n")
    )
    assert main(["check", "--strict", str(translation)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{translation}:3:8: title: the translation's numbers (9999) are not the original's "
        "(none); a translation changes words, never numbers",
        f"{translation}:6:13: figures[0].value: 'mille six cents' is not a number like '1,600' "
        "in brief.yaml; a translation writes the same number, in digits",
    ]


def test_language_all_reports_a_broken_translation_and_refuses_links_out(tmp_path, capsys):
    spec = _project(tmp_path)
    broken = tmp_path / "brief.es.yaml"
    broken.write_text('translates: brief.yaml\nlanguage: es\ntitle: "Más de\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["make", str(spec), "--language", "all", "--out-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f'{broken}:3:8: the quote (") opened here is never closed')
    assert main(["make", str(spec), "--language", "es", "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err.startswith(
        f'{broken}:3:8: the quote (") opened here is never closed'
    )
    broken.unlink()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "brief.yaml").write_text(ORIGINAL.replace("Twelve", "SECRET"), encoding="utf-8")
    (elsewhere / "x.yaml").write_text("translates: brief.yaml\nlanguage: de\n", encoding="utf-8")
    (tmp_path / "brief.de.yaml").symlink_to(elsewhere / "x.yaml")
    assert main(["make", str(spec), "--language", "all", "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'brief.de.yaml'}: a translation must be a file in its brief's folder, not "
        "a link to somewhere else\n"
    )


def test_a_spec_name_with_pattern_characters_finds_its_translations(tmp_path, capsys):
    (tmp_path / "r[1].yaml").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "r[1].fr.yaml").write_text(
        FRENCH.replace("translates: brief.yaml", 'translates: "r[1].yaml"'), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert (
        main(["make", str(tmp_path / "r[1].yaml"), "--language", "fr", "--out-dir", str(out)]) == 0
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "r-1-.fr-multi-page.pdf",
        "r-1-.fr-one-page.pdf",
    ]


def test_a_quote_kept_in_the_originals_words_is_tagged_in_its_language(tmp_path, capsys):
    import pikepdf

    original = ORIGINAL + (
        "quotes:\n"
        "  - {text: We lost everything we had., speaker: A resident}\n"
        "  - {text: The strikes must stop., speaker: A doctor}\n"
    )
    french = FRENCH + (
        "quotes:\n  - {text: We lost everything we had.}\n  - {text: Les frappes doivent cesser.}\n"
    )
    (tmp_path / "brief.yaml").write_text(original.replace("title:", "language: en-GB\ntitle:"))
    (tmp_path / "brief.fr.yaml").write_text(french)
    out = tmp_path / "out"
    args = ["make", str(tmp_path / "brief.yaml"), "--language", "fr", "--out-dir", str(out)]
    assert main([*args, "--layout", "multi-page"]) == 0, capsys.readouterr().err
    with pikepdf.open(out / "brief.fr-multi-page.pdf") as pdf:
        quotes, todo = [], [pdf.Root.StructTreeRoot]
        while todo:
            element = todo.pop(0)
            if element.get("/S") == "/BlockQuote":
                quotes.append(str(element.get("/Lang", "")))
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            todo += [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert quotes == ["en-GB", ""]
