"""The glyph check's answers kept across builds (`design/glyphs.py`) stay those of about two
builds: a mail-merge, each recipient's text its own, does not fill them; a spec checked again
finds its answers, and a character the fonts lack is named whatever was checked before."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.build import Request, plan, prepare
from briefing.design import glyphs
from briefing.errors import SpecError
from briefing.spec.recipients import load_recipients, personalise
from briefing.spec.validate import LoadedSpec

from conftest import ROOT

MERGE = ROOT / "tests" / "specs" / "merge" / "brief.yaml"
LOADED, TEMPLATE = prepare(MERGE)
ROW = load_recipients(MERGE.parent / "recipients.csv")[0]


def addressed(name: str) -> LoadedSpec:
    return personalise(LOADED, dataclasses.replace(ROW, fields={**ROW.fields, "name": name}))


def checked(loaded: LoadedSpec) -> None:
    plan(loaded, TEMPLATE, Request(layouts=("one-page",)))


def test_merge_glyph_answers_stay_those_of_two_builds() -> None:
    checked(addressed("Ana Lima"))
    one = len(glyphs._missed)
    for n in range(40):
        checked(addressed(f"Ana Lima {n}"))
    assert len(glyphs._missed) <= 2 * one


def test_merge_a_spec_checked_again_finds_its_answers() -> None:
    loaded = addressed("Jonas Berg")
    checked(loaded)
    kept = dict(glyphs._missed._items)
    checked(loaded)
    assert dict(glyphs._missed._items) == kept


def test_merge_a_missing_character_is_named_after_many_recipients() -> None:
    for n in range(5):
        checked(addressed(f"Ana Lima {n}"))
    with pytest.raises(SpecError) as raised:
        checked(addressed("Ana \U0001d11e Lima"))
    lacks = (
        "the brief's fonts cannot draw '\U0001d11e' (U+1D11E MUSICAL SYMBOL G CLEF); replace "
        "these characters or use a template with fonts that have them"
    )
    assert str(raised.value) == (
        f"{MERGE}:3:15: addressed_to: {lacks}\n{MERGE}:5:10: summary: {lacks}"
    )


def test_merge_text_without_arabic_is_not_kept_by_the_reshaper() -> None:
    from briefing.design import bidi

    before = bidi._reshaped.cache_info().currsize
    for n in range(50):
        assert bidi.reshape(f"Prepared for Ms Recipient {n}") == f"Prepared for Ms Recipient {n}"
        assert bidi.reshape(f"Préparé pour Mme {n}") == f"Préparé pour Mme {n}"
    assert bidi._reshaped.cache_info().currsize == before
    assert bidi.reshape("ذاكرة الدمج ٣٧٤٢١") != "ذاكرة الدمج ٣٧٤٢١"
    assert bidi._reshaped.cache_info().currsize == before + 1
