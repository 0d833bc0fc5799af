"""Joining Arabic letters never fails on what a spec may hold: arabic-reshaper raised
IndexError on a zero-width joiner before lam + alef with madda (tests/hostile/
bidi-joiner-ligature)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.design.bidi import reshape

ARABIC = "لآأإابتثجحخدذرزسشصضطظعغفقكمنهويىةءئؤ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
JOINERS = "\u200c\u200d"


def test_a_joiner_before_lam_alef_madda_joins_as_without_it():
    assert reshape("\u200dلآ") == reshape("لآ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC + MARKS + JOINERS + " 1a.", max_size=24))
def test_reshaping_never_fails(text: str) -> None:
    shaped = reshape(text)
    assert isinstance(shaped, str)
    assert len(shaped) <= len(text)
