"""A build's plan walks the spec's texts once for every check (`build.plan`), and keeps which
key paths are printed and which run in the running heads (`glyphs._printed`, `_in_heads`):
a text changed after warm builds is still checked as a first build checks it."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.build import Request, plan, prepare
from briefing.design.template import LoadedTemplate
from briefing.errors import SpecError
from briefing.spec.validate import LoadedSpec

from conftest import RAQQA

REQUEST = Request(layouts=("one-page",))
ADVICE = "; replace these characters or use a template with fonts that have them"


@pytest.fixture(scope="module")
def raqqa() -> tuple[LoadedSpec, LoadedTemplate]:
    loaded, tpl = prepare(RAQQA)
    for _ in range(2):  # warm: every key path classified, every text checked once
        plan(loaded, tpl, REQUEST)
    return loaded, tpl


def refused(raqqa: tuple[LoadedSpec, LoadedTemplate], **fields: object) -> str:
    loaded, tpl = raqqa
    changed = dataclasses.replace(loaded, spec=dataclasses.replace(loaded.spec, **fields))
    with pytest.raises(SpecError) as caught:
        plan(changed, tpl, REQUEST)
    return str(caught.value)


def test_warm2_placeholder_added_after_warm_builds_is_refused(
    raqqa: tuple[LoadedSpec, LoadedTemplate],
) -> None:
    assert refused(raqqa, dateline="Beirut, {{ city }}") == (
        f"{RAQQA}:9:1: dateline: {{{{city}}}} is filled only in a mail-merge: build with "
        "--recipients FILE, a list with a 'city' column, or write the text out"
    )


def test_warm2_braces_that_are_no_placeholder_pass(
    raqqa: tuple[LoadedSpec, LoadedTemplate],
) -> None:
    loaded, tpl = raqqa
    for dateline in ("Beirut { {city}}", "Beirut {{city}", "Beirut {{1city}}"):
        changed = dataclasses.replace(loaded.spec, dateline=dateline)
        plan(dataclasses.replace(loaded, spec=changed), tpl, REQUEST)


def test_warm2_running_head_character_is_refused_after_warm_builds(
    raqqa: tuple[LoadedSpec, LoadedTemplate],
) -> None:
    assert refused(raqqa, dateline="Beirut \u0628") == (
        f"{RAQQA}:9:1: dateline: the brief's fonts cannot draw '\u0628' (U+0628 ARABIC "
        "LETTER BEH); this text is also drawn in running heads, footers or charts, which use "
        "the main fonts without fallback: replace these characters or use a template whose "
        "own fonts have them"
    )
    loaded, tpl = raqqa
    summary = dataclasses.replace(loaded.spec, summary="A \u0628")  # set with fallback
    plan(dataclasses.replace(loaded, spec=summary), tpl, REQUEST)


def test_warm2_undrawable_character_is_refused_after_warm_builds(
    raqqa: tuple[LoadedSpec, LoadedTemplate],
) -> None:
    assert refused(raqqa, summary="A \u4e2d") == (
        f"{RAQQA}:21:10: summary: the brief's fonts cannot draw '\u4e2d' (U+4E2D CJK "
        f"UNIFIED IDEOGRAPH-4E2D){ADVICE}"
    )
