"""Invisible format characters in spec text: bidirectional overrides and isolates, invisible
operators, the word joiner and U+FEFF are refused in every value and key; the ones real text
needs (joiners, directional marks, the soft hyphen, Arabic number signs) are kept."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.errors import printable
from briefing.spec.yamlsource import control_character

SPEC = "title: {title}\norganisations: X\nsummary: S\n"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = ["\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff"]
OTHER_FORMAT = ["\u180e", "\u206a", "\ufff9", "\U000e0001", "\U000e0041"]
NEEDED = [
    "\u200b",
    "\u070f",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u00ad",
    "\u0600",
    "\u0605",
    "\u06dd",
]


def check(tmp_path: Path, text: str, capsys) -> str:
    """What `briefing check` says about a spec holding `text`, with exit status 2."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    return capsys.readouterr().err.replace(str(spec), "SPEC")


def test_the_testers_title_is_refused_at_its_first_format_character(tmp_path, capsys):
    # U+202E went into the PDF's /Title, where viewers apply it; U+2060 printed as a wide gap.
    assert check(tmp_path, SPEC.format(title='"A\\u202eD\\u2060G"'), capsys) == (
        "SPEC:1:8: title: format character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed; "
        "briefing orders right-to-left text itself (found 'A\\u202eD\\u2060G')\n"
    )


@pytest.mark.parametrize("character", BIDI)
def test_bidirectional_controls_are_refused(tmp_path, capsys, character):
    name = unicodedata.name(character)
    escaped = f"\\u{ord(character):04x}"
    assert check(tmp_path, SPEC.format(title=f"Raqqa {character}2017"), capsys) == (
        f"SPEC:1:8: title: format character U+{ord(character):04X} ({name}) is not allowed; "
        f"briefing orders right-to-left text itself (found 'Raqqa {escaped}2017')\n"
    )


@pytest.mark.parametrize("character", INVISIBLE + OTHER_FORMAT)
def test_other_invisible_format_characters_are_refused(tmp_path, capsys, character):
    code = f"{ord(character):04X}"
    escape = f"\\U{ord(character):08X}" if ord(character) > 0xFFFF else f"\\u{code}"
    shown = repr(f"a{character}b")
    spec = "title: T\norganisations: X\nsummary: S\nfindings:\n  - heading: H\n"
    spec += f'    text: "a{escape}b"\n'
    assert check(tmp_path, spec, capsys) == (
        f"SPEC:6:11: findings[0].text: format character U+{code} "
        f"({unicodedata.name(character)}) is not allowed; it is invisible, and would print as "
        f"a gap or not at all (found {shown})\n"
    )


def test_a_raw_override_is_refused_like_an_escaped_one(tmp_path, capsys):
    assert check(tmp_path, SPEC.format(title="Deaths \u202e0061"), capsys) == (
        "SPEC:1:8: title: format character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed; "
        "briefing orders right-to-left text itself (found 'Deaths \\u202e0061')\n"
    )


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u2060", "\ufeff"])
def test_keys_refuse_format_characters(tmp_path, capsys, character):
    spec = SPEC.format(title="T") + f'"sub\\u{ord(character):04x}title": x\n'
    key = printable(f"sub{character}title")  # bidi controls escaped; invisible ones not yet
    assert check(tmp_path, spec, capsys) == (
        f"SPEC:4:1: {key}: format character U+{ord(character):04X} "
        f"({unicodedata.name(character)}) is not allowed in a key\n"
    )


def test_control_characters_keep_their_message(tmp_path, capsys):
    assert check(tmp_path, SPEC.format(title='"A\\x1b\\u202eB"'), capsys) == (
        "SPEC:1:8: title: control character U+001B is not allowed (found 'A\\x1b\\u202eB')\n"
    )


@pytest.mark.parametrize("character", NEEDED)
def test_format_characters_real_text_needs_are_kept(character):
    assert control_character(f"a{character}b") is None
    assert control_character(f"a{character}b", in_key=True) is None


def test_joiners_marks_and_soft_hyphens_build(tmp_path, capsys):
    title = "Mosul\u00adRaqqa \u200ealliance\u200f co\u200dordination non\u200cjoiner"
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.format(title=title), encoding="utf-8")
    assert main(["check", str(spec)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain ASCII", None),
        ("café – naïve “quoted”", None),
        ("a\u2060b\u202ec", "format character U+2060 (WORD JOINER) is not allowed"),
        ("\u202ea\u2060", "format character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed"),
    ],
)
def test_the_first_format_character_is_named(text, expected):
    assert control_character(text, in_key=True) == expected
