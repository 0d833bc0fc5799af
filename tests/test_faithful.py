"""Every number, name and quote in the Raqqa brief traces back to the source article."""

from __future__ import annotations

import re

import pytest

from briefing.glyphs import strings
from briefing.validate import load_spec

from conftest import RAQQA, ROOT

ARTICLE = re.sub(r"\s+", " ", (ROOT / "briefs" / "sources" / "raqqa-article.txt").read_text())
SPEC = load_spec(RAQQA).spec
NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "10": "ten"}
EDITORIAL = {"[Raqqa]": "Raqa"}
"""Bracketed editorial corrections inside quotes, and what the article has there."""


def _all_text() -> str:
    """Every text the brief prints, for every audience, except the sources list."""
    return " ".join(
        text
        for key, text in strings(SPEC)
        if not key.startswith(("sources", "keywords", "language"))
    )


@pytest.mark.parametrize("number", sorted(set(re.findall(r"\d[\d,]*", _all_text()))))
def test_every_number_is_in_the_article(number):
    word = NUMBER_WORDS.get(number)
    assert re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", ARTICLE) or (
        word and re.search(rf"\b{word}\b", ARTICLE, re.IGNORECASE)
    ), number


@pytest.mark.parametrize("quote", SPEC.quotes, ids=lambda q: q.text[:30])
def test_every_quote_is_verbatim(quote):
    text = quote.text
    for bracketed, original in EDITORIAL.items():
        text = text.replace(bracketed, original)
    assert re.sub(r"\s+", " ", text) in ARTICLE


@pytest.mark.parametrize(
    "name",
    [
        "Donatella Rovera",
        "Amnesty International",
        "Airwars",
        "United States",
        "United Kingdom",
        "France",
        "AFP",
    ],
)
def test_names_come_from_the_article(name):
    assert name in ARTICLE
    assert name in _all_text() + " ".join(s.title for s in SPEC.sources)


def test_every_audience_quote_or_figure_is_also_checked():
    assert "notes_to_editors" in " ".join(key for key, _ in strings(SPEC))


def test_the_brief_adds_no_date_url_or_contact_the_article_lacks():
    assert SPEC.date is None and SPEC.dateline is None
    assert not SPEC.contacts
    assert all(s.url is None for s in SPEC.sources)


def test_the_city_is_spelled_raqqa():
    text = _all_text()
    assert "Raqqa" in text
    assert not re.search(r"\bRaqa\b|Daq Raqqa", text.replace("[Raqqa]", ""))
