"""Every number, name and quote in the Raqqa brief traces back to the source article."""

from __future__ import annotations

import re

import pytest
from conftest import RAQQA, ROOT

from briefing.validate import load_spec

ARTICLE = re.sub(r"\s+", " ", (ROOT / "briefs" / "sources" / "raqqa-article.txt").read_text())
SPEC = load_spec(RAQQA).spec
NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "10": "ten"}
EDITORIAL = {"[Raqqa]": "Raqa"}
"""Bracketed editorial corrections inside quotes, and what the article has there."""


def _all_text() -> str:
    parts = [SPEC.title, SPEC.subtitle or "", SPEC.summary]
    parts += [f"{f.qualifier or ''} {f.value} {f.label}" for f in SPEC.figures]
    parts += [f"{f.heading} {f.text}" for f in SPEC.findings]
    parts += [f"{q.context or ''} {q.text} {q.speaker} {q.role or ''}" for q in SPEC.quotes]
    parts += [f"{' '.join(d.to)} {d.text}" for d in SPEC.demands]
    return " ".join(parts)


@pytest.mark.parametrize("number", sorted(set(re.findall(r"\d[\d,]*", _all_text()))))
def test_every_number_is_in_the_article(number):
    word = NUMBER_WORDS.get(number)
    assert re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", ARTICLE) or (
        word and re.search(rf"\b{word}\b", ARTICLE, re.IGNORECASE)), number


@pytest.mark.parametrize("quote", SPEC.quotes, ids=lambda q: q.text[:30])
def test_every_quote_is_verbatim(quote):
    text = quote.text
    for bracketed, original in EDITORIAL.items():
        text = text.replace(bracketed, original)
    assert re.sub(r"\s+", " ", text) in ARTICLE


@pytest.mark.parametrize("name", ["Donatella Rovera", "Amnesty International", "Airwars",
                                  "United States", "United Kingdom", "France", "AFP"])
def test_names_come_from_the_article(name):
    assert name in ARTICLE
    assert name in _all_text() + " ".join(s.title for s in SPEC.sources)


def test_the_brief_adds_no_date_url_or_contact_the_article_lacks():
    assert SPEC.date is None and SPEC.dateline is None
    assert not SPEC.contacts
    assert all(s.url is None for s in SPEC.sources)


def test_the_city_is_spelled_raqqa():
    text = _all_text()
    assert "Raqqa" in text
    assert not re.search(r"\bRaqa\b|Daq Raqqa", text.replace("[Raqqa]", ""))
