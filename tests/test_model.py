"""The resolved brief (`model.py`): what a reader gets, whatever the output."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.build import Request, plan, prepare
from briefing.design.i18n import words
from briefing.model.model import (
    Brief,
    ChartData,
    DemandGroup,
    Finding,
    KeyFigure,
    QuoteItem,
    Span,
    Text,
)
from briefing.model.resolve import chart_alt, resolve, spans

from conftest import RAQQA, SPECS


def resolved(spec, audience=None) -> tuple[Brief, object]:
    loaded, tpl = prepare(spec)
    work = plan(loaded, tpl, Request(audiences=(audience,)))
    return resolve(work.views[audience], work.designs[audience]), work.designs[audience]


def walk(value):
    """Every string held anywhere in a model value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from walk(item)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from walk(getattr(value, f.name))


@pytest.mark.parametrize("audience", [None, "journalist", "advocate", "policymaker"])
def test_blocks_follow_the_multi_page_arrangement_with_its_headings(audience):
    brief, design = resolved(RAQQA, audience)
    kinds = [block.kind for block in brief.blocks]
    assert kinds == [kind for kind in design.multi_page if kind in kinds]
    for block in brief.blocks:
        expected = None if block.kind in ("quote", "ends") else design.title(block.kind)
        assert block.heading == expected
    assert "\u00a0" not in "".join(walk(brief))


def test_the_raqqa_bar_chart_has_an_alt_text_written_from_its_data():
    brief, _ = resolved(RAQQA)
    charts = [p for b in brief.blocks for p in b.parts if isinstance(p, ChartData)]
    assert [c.alt for c in charts] == [
        "Bar chart: documented by Amnesty International and Airwars, more than 1,600; "
        "admitted by the coalition, 159",
        "Proportion: nearly 80% of the city of Raqqa destroyed",
    ]
    assert charts[0].source == "Source: Amnesty International with Airwars (note 1)"
    assert charts[0].caption == "Civilians killed in the 2017 offensive on Raqqa."


def test_figures_quotes_demands_and_findings_carry_their_notes():
    brief, _ = resolved(RAQQA, "journalist")
    parts = [p for b in brief.blocks for p in b.parts]
    figures = [p for p in parts if isinstance(p, KeyFigure)]
    assert [(f.shown, f.notes) for f in figures] == [
        ("more than 1,600", (1,)),
        ("nearly 80%", (2,)),
        ("159", (1,)),
        ("more than 2 million", (1,)),
    ]
    quote = next(p for p in parts if isinstance(p, QuoteItem) and p.context)
    assert quote.text == "\u201cif there had been adequate surveillance of these buildings\u201d"
    assert quote.attribution == "\u2014 Donatella Rovera, speaking to AFP"
    assert quote.notes == (2,)
    groups = [p for p in parts if isinstance(p, DemandGroup)]
    assert [(g.addressees, [n for n, _ in g.items]) for g in groups] == [
        ("To the United States, the United Kingdom and France", [1, 2]),
        ("To Coalition forces", [3]),
    ]
    finding = next(p for p in parts if isinstance(p, Finding))
    assert finding.paragraphs[-1].notes == (2,)


def test_a_journalist_brief_ends_its_story_and_the_title_block_is_resolved():
    brief, _ = resolved(RAQQA, "journalist")
    assert [b.kind for b in brief.blocks].index("ends") > 0
    assert brief.title.document == "Press release"
    assert brief.title.release == "For immediate release"
    assert brief.title.kicker == (
        "The briefing project \u00b7 findings by Amnesty International and Airwars"
    )


def test_an_arabic_brief_is_right_to_left_with_its_own_chart_words():
    brief, _ = resolved(RAQQA.with_name("raqqa.ar.yaml"))
    assert brief.direction == "rtl"
    chart = next(p for b in brief.blocks for p in b.parts if isinstance(p, ChartData))
    assert chart.alt.startswith("رسم بياني بالأعمدة: ")


def test_inline_markup_becomes_spans_with_the_pdfs_rules():
    assert spans("**Stop** the [report](https://example.org/r) *now* & <b>") == (
        Span("Stop", strong=True),
        Span(" the "),
        Span("report", href="https://example.org/r"),
        Span(" "),
        Span("now", emphasis=True),
        Span(" & <b>"),
    )
    assert spans("[x](javascript:alert(1))") == (Span("[x](javascript:alert(1))"),)
    assert Text(spans("a **b**"), (1,)).plain == "a b"


def test_chart_alt_keeps_acronyms_and_names_grouped_bars():
    values = (("UN count: 2017", "3"), ("Admitted", "2"))
    assert chart_alt("grouped-bars", values, words("en-GB")) == (
        "Grouped bar chart: UN count: 2017, 3; admitted, 2"
    )


def test_the_full_spec_resolves_urls_images_contacts_and_qr_targets():
    brief, _ = resolved(SPECS / "full.yaml")
    strings = list(walk(brief))
    assert "https://example.org/report" in strings
    assert "press@example.org" in strings
    assert {b.kind for b in brief.blocks} >= {"timeline", "images", "contacts", "qr", "sources"}


def test_chart_alt_follows_each_languages_punctuation():
    values = (("Documentés", "plus de 1 600"), ("Reconnus", "159"))
    assert chart_alt("bars", values, words("fr")) == (
        "Diagramme en barres\u00a0: documentés, plus de 1 600\u00a0; reconnus, 159"
    )
    assert chart_alt("bars", (("موثقة", "1600"), ("معترف بها", "159")), words("ar")) == (
        "رسم بياني بالأعمدة: موثقة، 1600؛ معترف بها، 159"
    )
    assert words("fr").say("alt.category", category="Nord", series="En service") == (
        "Nord\u00a0: En service"
    )
