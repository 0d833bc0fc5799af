"""The Raqqa brief in French and Arabic (briefs/raqqa.fr.yaml, briefs/raqqa.ar.yaml), read back
from the PDFs: every audience builds in both layouts, in the translation's words (issue 11,
item 6)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from briefing.cli import main

import pdfcheck
from conftest import RAQQA
from test_matrix import body

TRANSLATIONS = {"fr": RAQQA.with_name("raqqa.fr.yaml"), "ar": RAQQA.with_name("raqqa.ar.yaml")}
AUDIENCES = ["journalist", "advocate", "policymaker"]
LAYOUTS = ["one-page", "multi-page"]
_QUOTES = str.maketrans({c: "'" for c in '"“”‘’«»'})


def _words(path: Path) -> dict:
    loaded: dict = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _plain(text: str) -> str:
    """Text as a PDF's text layer gives it back: no markup, one kind of space and quote."""
    return re.sub(r"\s+", " ", text.replace("**", "")).translate(_QUOTES).strip()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.) ", _plain(text)) if s]


def _summary(spec: dict, audience: str) -> str:
    """The summary an audience reads: its own, or the spec's."""
    own: str | None = spec["audiences"].get(audience, {}).get("summary")
    return own or str(spec["summary"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A folder with the brief in one language (`en`, `fr`, `ar`): every audience, both
    layouts; each language built once, so that one failing leaves the others' tests alone."""
    out = tmp_path_factory.mktemp("raqqa-translations")
    done: set[str] = set()

    def build(language: str) -> Path:
        if language not in done:
            argv = ["make", str(RAQQA), "--language", language, "--all-audiences"]
            assert main([*argv, "--layout", "all", "--out-dir", str(out)]) == 0
            done.add(language)
        return out

    return build


def _pdf(out: Path, stem: str, audience: str, layout: str) -> Path:
    return out / f"{stem}-{audience}-{layout}.pdf"


def _running_text(path: Path) -> str:
    """The brief's text without running heads and footers, so that a paragraph split across
    pages reads whole, in drawing order, one kind of space."""
    document = pdfium.PdfDocument(path)
    pages = [
        body(page, number=n, multi_page=len(document) > 1)[0]
        for n, page in enumerate(document, start=1)
    ]
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_each_translation_passes_check(language, capsys):
    path = TRANSLATIONS[language]
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: ok\n"
    # The only finding is the original's own note on its bracketed correction.
    assert err.splitlines() == [
        f"{RAQQA}:105:11: quotes[2].text: info: [Raqqa] stands for 'Raqa' in sources 1 and 2 "
        "(raqqa-article.txt), line 9"
    ]


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
def test_every_audience_builds_in_both_layouts(built, language):
    stem = f"raqqa.{language}"
    expected = {f"{stem}-{a}-{layout}.pdf" for a in AUDIENCES for layout in LAYOUTS}
    out = built(language)
    assert expected <= {p.name for p in out.iterdir()}
    title = _plain(_words(TRANSLATIONS[language])["title"])
    for audience in AUDIENCES:
        one_page = pdfcheck.reader(_pdf(out, stem, audience, "one-page"))
        assert len(one_page.pages) == 1
        assert len(pdfcheck.reader(_pdf(out, stem, audience, "multi-page")).pages) >= 2
        assert one_page.trailer["/Root"]["/Lang"] == language
        assert _plain(one_page.metadata.title) == title


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_french_pdfs_say_it_in_french(built, audience, layout):
    french = pdfcheck.text(_pdf(built("fr"), "raqqa.fr", audience, layout)).translate(_QUOTES)
    assert _plain(_words(TRANSLATIONS["fr"])["title"]) in french
    for figure in ["1 600", "80 %", "159", "2 millions", "3 000 volontaires"]:
        assert figure in french
    assert "1,600" not in french and "80%" not in french


@pytest.mark.parametrize("language", sorted(TRANSLATIONS))
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_english_sentence_of_the_summary_is_left(built, language, audience, layout):
    sentences = _sentences(_summary(_words(RAQQA), audience))
    assert len(sentences) >= 4
    english = _running_text(_pdf(built("en"), "raqqa", audience, layout)).translate(_QUOTES)
    assert [s for s in sentences if s not in english] == []  # the test can see them
    translated = _running_text(_pdf(built(language), f"raqqa.{language}", audience, layout))
    assert [s for s in sentences if s in translated.translate(_QUOTES)] == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_arabic_pdfs_keep_the_numbers(built, audience, layout):
    arabic = pdfcheck.text(_pdf(built("ar"), "raqqa.ar", audience, layout))
    # The text layer is in drawing order: in Arabic text "80%" is drawn with the sign to the
    # left of the number (the digits are an Arabic number, rule W2 of the bidi algorithm).
    for figure in ["1600", "%80", "159", "3000"]:
        assert figure in arabic
    assert "1,600" not in arabic
