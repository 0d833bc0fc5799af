"""Plain text and Markdown (`textout.py`), read back: every figure, quote, demand and source of
the Raqqa brief in every audience and language, lines of 72 columns, and spec text that cannot
inject Markdown."""

from __future__ import annotations

import re
import unicodedata

import pytest

from briefing.build import Request, build, prepare
from briefing.design.runts import unbind
from briefing.design.typography import typeset_spec

from conftest import RAQQA, SPECS

LANGUAGES = {
    "en": RAQQA,
    "fr": RAQQA.with_name("raqqa.fr.yaml"),
    "ar": RAQQA.with_name("raqqa.ar.yaml"),
}
AUDIENCES = (None, "journalist", "advocate", "policymaker")


@pytest.fixture(scope="module")
def raqqa_texts(tmp_path_factory):
    """Every audience of the Raqqa brief in each language, as text and Markdown, with the spec
    each was made from: {(language, audience): (spec, txt, md)}."""
    out = tmp_path_factory.mktemp("texts")
    texts = {}
    for language, path in LANGUAGES.items():
        loaded, tpl = prepare(path)
        request = Request(audiences=AUDIENCES, formats=("txt", "md"), out_dir=out)
        built = build(loaded, tpl, request)
        for audience in AUDIENCES:
            view = loaded.spec.for_audience(audience)
            spec = typeset_spec(loaded.__class__(view, loaded.path, loaded.locations)).spec
            txt, md = (
                next(b.path for b in built if b.audience == audience and b.format == f)
                for f in ("txt", "md")
            )
            texts[(language, audience)] = (
                spec,
                txt.read_text(encoding="utf-8"),
                md.read_text(encoding="utf-8"),
            )
    return texts


def flat(text: str) -> str:
    return " ".join(unbind(text).split())


def unescaped(md: str) -> str:
    return flat(re.sub(r"\\(.)", r"\1", md))


def expected_texts(spec) -> list[str]:
    """What every output of the brief must print whole: figures, quotes with attribution,
    demands, sources."""
    wanted = []
    for figure in spec.figures:
        wanted += [figure.value, figure.label, figure.qualifier or ""]
    for quote in spec.quotes:
        wanted += [quote.text, quote.speaker, quote.role or ""]
    wanted += [demand.text for demand in spec.demands]
    for source in spec.sources:
        wanted += [source.title, source.publisher or "", source.url or ""]
    return [flat(w) for w in wanted if w]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_figure_quote_demand_and_source_is_printed_whole(raqqa_texts, language, audience):
    spec, txt, md = raqqa_texts[(language, audience)]
    for wanted in expected_texts(spec):
        assert wanted in flat(txt), wanted
        assert wanted in unescaped(md), wanted


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_lines_hold_72_columns_and_arabic_stays_in_logical_order(raqqa_texts, language):
    for audience in AUDIENCES:
        spec, txt, _ = raqqa_texts[(language, audience)]
        for line in txt.splitlines():
            assert len(line) <= 72 or " " not in line.strip(), line
        assert "\u00a0" not in txt and "\ue000" not in txt
        if language == "ar":
            assert flat(spec.title) in flat(txt)  # as typed: not reshaped, not reordered
            assert not any(0xFE70 <= ord(c) <= 0xFEFF for c in txt)  # no presentation forms


def test_the_journalist_text_opens_with_the_title_block_and_underlines_headings(raqqa_texts):
    _, txt, _ = raqqa_texts[("en", "journalist")]
    lines = txt.splitlines()
    assert lines[:6] == [
        "Press release \u00b7 FOR IMMEDIATE RELEASE",
        "The briefing project \u00b7 findings by Amnesty International and Airwars",
        "",
        "More than 1,600 civilians killed in four months as the coalition retook",
        "Raqqa",
        "=" * 71,
    ]
    assert "The story\n---------\n" in txt
    assert "- more than 1,600 \u2014 civilians killed in four months of the 2017\n" in txt
    assert "  \u2014 Donatella Rovera, speaking to AFP [2]\n" in txt
    assert "To Coalition forces\n  3. Stop denying the shocking scale" in txt
    assert "\n[2] News report on Amnesty International" in txt


def test_markdown_has_one_title_its_section_headings_quotes_and_numbered_demands(raqqa_texts):
    _, _, md = raqqa_texts[("en", "journalist")]
    assert re.findall(r"^# (.+)$", md, re.M) == [
        "More than 1,600 civilians killed in four months as the coalition retook Raqqa"
    ]
    assert re.findall(r"^## (.+)$", md, re.M) == [
        "The story",
        "Key figures",
        "Quotes",
        "Findings",
        "The numbers",
        "What Amnesty International and Airwars ask",
        "Notes to editors",
        "Notes and sources",
    ]
    assert len(re.findall(r"^> \u201c", md, re.M)) == 4
    assert re.findall(r"^(\d+)\. (?:Be|Take|Stop) ", md, re.M) == ["1", "2", "3"]
    assert "**To Coalition forces**\n\n3. Stop denying" in md
    assert re.search(r"^2\. News report on Amnesty International", md, re.M)
    assert "\\[2\\]" in md and "[Raqqa]" not in md


def test_urls_and_links_of_the_full_spec(tmp_path):
    loaded, tpl = prepare(SPECS / "full.yaml")
    build(loaded, tpl, Request(formats=("txt", "md"), out_dir=tmp_path))
    txt = (tmp_path / "full.txt").read_text(encoding="utf-8")
    md = (tmp_path / "full.md").read_text(encoding="utf-8")
    assert "https://example.org/report" in txt
    assert re.search(r"^\d+\. .*<https://example\.org/report>$", md, re.M)


HOSTILE = """\
title: "Click [x](javascript:alert(1)) <script>alert(1)</script> `code` & *not bold*"
organisations: Example Rights Watch
summary: "Water points were destroyed. <img src=x onerror=alert(1)> | a | b |"
figures:
  - value: "12"
    label: "# heading [y](javascript:alert(2))"
quotes:
  - text: |-
      first line
      # not a heading
      - not a list
      1. not a list either
      > not a quote
    speaker: "<b>Someone</b>"
demands:
  - to: "[Ministry](https://evil.example)"
    text: Stop it.
layouts: one-page
"""


def test_spec_text_cannot_inject_markdown(tmp_path):
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE, encoding="utf-8")
    loaded, tpl = prepare(spec)
    build(loaded, tpl, Request(formats=("md", "txt"), out_dir=tmp_path / "out"))
    md = (tmp_path / "out" / "hostile.md").read_text(encoding="utf-8")
    assert "# Click \\[x\\](javascript:alert(1)) \\<script\\>alert(1)\\</script\\> " in md
    assert "\\`code\\` \\& \\*not bold\\*" in md
    assert re.findall(r"^#+ ", md, re.M) == ["# ", "## ", "## ", "## ", "## "]
    assert not re.search(r"(?<!\\)[<\[`]", md)  # no tag, link or code opens anywhere
    assert "> \u201cfirst line \\# not a heading - not a list 1. not a list either \\> not" in md
    assert not re.search(r"^(?:[-+*]|\d+\.) (?!\*\*)", md.replace("1. Stop it.", ""), re.M)
    txt = (tmp_path / "out" / "hostile.txt").read_text(encoding="utf-8")
    assert "Click [x](javascript:alert(1)) <script>alert(1)</script> `code`" in txt
    assert all(unicodedata.category(c)[0] != "C" for c in txt.replace("\n", ""))
