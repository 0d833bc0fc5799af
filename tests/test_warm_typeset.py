"""Issue 15: texts typeset once are kept (design/typography.py `_TYPESET`), keyed on everything
that makes their typeset form, bounded, and never served to a text that differs in any of it."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.design import typography
from briefing.design.runts import Measure
from briefing.design.typography import typeset, typeset_spec
from briefing.spec.records import Figure, Quote
from briefing.spec.spec import Spec
from briefing.spec.validate import load_spec as load

from conftest import RAQQA

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _fresh() -> None:
    typography._TYPESET.clear()


def test_the_same_text_in_another_language_quote_or_measure_is_typeset_for_it() -> None:
    text = 'a "b" it\'s one of two'
    assert typeset(text, "en") == f"a \u201cb\u201d it\u2019s one of{NBSP}two"
    assert typeset(text, "fr") == f"a «{NBSP}b{NBSP}» it\u2019s one of{NBSP}two"
    assert typeset(text, "en", inside_quote=True) == f"a \u2018b\u2019 it\u2019s one of{NBSP}two"
    longer = "one two three four five six seven eight nine ten eleven twelve"
    assert typeset(longer, "en", measure=Measure.TEXT) == f"{longer[:-7]}{NBSP}twelve"
    assert typeset(longer, "en", measure=Measure.FIGURE) == longer


def test_a_changed_field_is_typeset_anew_and_the_rest_served() -> None:
    spec = Spec(
        title='The "caliphate" fell',
        organisations=["X"],
        summary="S",
        quotes=[Quote(text='It was "chaos"', speaker="O'Brien", source="s")],
        figures=[Figure(value="10 %", label='"Dead" in total')],
    )
    typeset(spec, "en")
    calls: list[str] = []
    real = typography.smart_quotes

    def counted(text: str, language: str, *, inside_quote: bool = False) -> str:
        calls.append(text)
        return real(text, language, inside_quote=inside_quote)

    typography.smart_quotes = counted  # type: ignore[assignment]
    try:
        changed = dataclasses.replace(spec, title="The 'city' fell")
        done = typeset(changed, "en")
    finally:
        typography.smart_quotes = real  # type: ignore[assignment]
    assert calls == ["The 'city' fell"]
    assert done.title == f"The \u2018city\u2019{NBSP}fell"
    assert done.quotes[0].text == f"It was{NBSP}\u2018chaos\u2019"
    assert done.quotes[0].speaker == "O\u2019Brien"
    assert done.figures[0].label == f"\u201cDead\u201d in{NBSP}total"
    assert done.figures[0].value == f"10{NBSP}%"


def test_a_spec_typeset_from_kept_texts_equals_one_typeset_from_nothing() -> None:
    loaded = load(RAQQA)
    warm = typeset_spec(loaded)
    again = typeset_spec(dataclasses.replace(loaded, spec=dataclasses.replace(loaded.spec)))
    typography._TYPESET.clear()
    cold = typeset_spec(loaded)
    assert again.spec == warm.spec == cold.spec
    assert cold.spec != loaded.spec


def test_the_kept_texts_are_bounded() -> None:
    for n in range(typography.MAX_TEXTS + 50):
        typeset(f"text number {n}", "en")
    assert len(typography._TYPESET) == typography.MAX_TEXTS
    huge = "word " * (typography.MAX_CHARACTERS // 4)
    assert typeset(huge, "en") == huge.rstrip()[:-5] + NBSP + "word" + " "
    assert typography._TYPESET.held <= typography.MAX_CHARACTERS


def test_texts_a_build_did_not_typeset_are_forgotten_at_the_next() -> None:
    from briefing.layout import paragraphs

    typeset("first recipient's name", "en")
    paragraphs.forget()
    typeset("second recipient's name", "en")
    assert len(typography._TYPESET) == 2
    paragraphs.forget()
    assert len(typography._TYPESET) == 1
    typeset("second recipient's name", "en")
    paragraphs.forget()
    paragraphs.forget()
    assert len(typography._TYPESET) == 0
