"""One spec, a brief per audience: which blocks each PDF shows, in which order, and whose
content never leaks into another audience's PDF."""

from __future__ import annotations

import pytest

from briefing.build import make
from briefing.cli import main

import pdfcheck
from conftest import RAQQA

AUDIENCES = ["journalist", "advocate", "policymaker"]

# Text that proves a block is there, in the order the block must appear (one-page).
ONE_PAGE_ORDER = {
    "journalist": [
        "FOR IMMEDIATE RELEASE",
        "More than 1,600 civilians killed",
        "more than 1,600 civilians killed in four months of",
        "THE STORY",
        "FINDINGS",
        "NOTES TO EDITORS",
        "1. Investigation of civilian",
    ],
    "advocate": [
        "More than 1,600 civilians killed",
        "TAKE ACTION",
        "TALKING POINTS",
        "WHY IT MATTERS",
        "WHO TO TARGET",
        "1. Investigation of civilian",
    ],
    "policymaker": [
        "More than 1,600 civilians killed",
        "EXECUTIVE SUMMARY",
        "FINDINGS",
        "RECOMMENDATIONS",
        "METHODOLOGY",
        "1. Investigation of civilian",
    ],
}
ONE_PAGE_ABSENT = {
    "journalist": [
        "TAKE ACTION",
        "TALKING POINTS",
        "WHO TO TARGET",
        "METHODOLOGY",
        "RECOMMENDATIONS",
    ],
    "advocate": [
        "FOR IMMEDIATE RELEASE",
        "NOTES TO EDITORS",
        "METHODOLOGY",
        "RECOMMENDATIONS",
        "THE STORY",
    ],
    "policymaker": [
        "FOR IMMEDIATE RELEASE",
        "NOTES TO EDITORS",
        "TALKING POINTS",
        "WHO TO TARGET",
        "TAKE ACTION",
    ],
}
MULTI_PAGE_SECTIONS = {
    "journalist": [
        "The story",
        "Key figures",
        "Quotes",
        "Findings",
        "The numbers",
        "What Amnesty International and Airwars ask",
        "Notes to editors",
        "Notes and sources",
    ],
    "advocate": [
        "Take action",
        "Talking points",
        "Who to target",
        "Why it matters",
        "Key figures",
        "The numbers",
        "Findings",
        "In their words",
        "Notes and sources",
    ],
    "policymaker": [
        "Executive summary",
        "Recommendations",
        "Key figures",
        "The numbers",
        "Findings",
        "Methodology",
        "In their words",
        "Notes and sources",
    ],
}
# Content written for one audience only (spec `audiences:`), and a phrase from it.
ONLY_FOR = {
    "journalist": "Amnesty International reported on Thursday, in an investigation",
    "advocate": "The count rests on months of field research",
    "policymaker": "The coalition’s own count, 159 civilian deaths",
}


@pytest.fixture(scope="module")
def every_audience(tmp_path_factory):
    out = tmp_path_factory.mktemp("audiences")
    built = make(RAQQA, all_audiences=True, out_dir=out)
    general = make(RAQQA, out_dir=out)
    return {(b.audience, b.layout): b for b in built + general}


def test_all_audiences_writes_six_clearly_named_pdfs(tmp_path, capsys):
    assert main(["make", str(RAQQA), "--all-audiences", "--out-dir", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"raqqa-{a}-{layout}.pdf" for a in AUDIENCES for layout in ("one-page", "multi-page")
    )
    assert len(capsys.readouterr().out.splitlines()) == 6


@pytest.mark.parametrize("audience", AUDIENCES)
def test_one_page_is_one_page_for_every_audience(every_audience, audience):
    built = every_audience[(audience, "one-page")]
    assert len(pdfcheck.reader(built.path).pages) == 1


@pytest.mark.parametrize("audience", AUDIENCES)
def test_one_page_blocks_and_their_order(every_audience, audience):
    text = pdfcheck.text(every_audience[(audience, "one-page")].path)
    kicker = "THE BRIEFING PROJECT · FINDINGS BY AMNESTY INTERNATIONAL AND AIRWARS"
    assert kicker in text
    text = text.replace(kicker, "")  # its words ("FINDINGS") must not pass for a heading
    positions = [text.find(marker) for marker in ONE_PAGE_ORDER[audience]]
    missing = [m for m in ONE_PAGE_ORDER[audience] if m not in text]
    assert not missing
    assert positions == sorted(positions)
    for marker in ONE_PAGE_ABSENT[audience]:
        assert marker not in text, marker


@pytest.mark.parametrize("audience", AUDIENCES)
def test_multi_page_sections_in_order(every_audience, audience):
    outline = [
        title
        for level, title, _ in pdfcheck.outline(every_audience[(audience, "multi-page")].path)
        if level == 0
    ]
    assert outline == MULTI_PAGE_SECTIONS[audience]


@pytest.mark.parametrize("owner", AUDIENCES)
@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_audience_content_stays_with_its_audience(every_audience, owner, layout):
    phrase = ONLY_FOR[owner]
    for audience in [None, *AUDIENCES]:
        text = pdfcheck.text(every_audience[(audience, layout)].path)
        assert (phrase in text) == (audience == owner), (audience, layout)


def test_the_key_facts_are_in_every_audience_brief(every_audience):
    for built in every_audience.values():
        text = pdfcheck.text(built.path)
        for fact in ("1,600", "159", "80%", "Donatella Rovera", "United States"):
            assert fact in text, (built.path.name, fact)


def test_unknown_audience_is_named(tmp_path, capsys):
    assert main(["make", str(RAQQA), "--audience", "donor", "--out-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "briefing: --audience donor: template 'default' has no such audience (its audiences: "
        "journalist, advocate, policymaker)\n"
    )
    assert not list(tmp_path.iterdir())


def test_unknown_audience_in_the_spec_is_a_located_error(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text("title: T\norganisations: X\nsummary: S\naudiences:\n  jounalist: {}\n")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:5:14: audiences.jounalist: template 'default' has no audience 'jounalist' "
        "(its audiences: journalist, advocate, policymaker); did you mean 'journalist'?\n"
    )


def test_a_template_may_add_an_audience_with_its_own_content(tmp_path, capsys):
    root = tmp_path / "proj"
    (root / "templates").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    (root / "templates" / "house.yaml").write_text(
        "audiences:\n  donor:\n    description: For funders.\n"
        "    one_page: {top: [figures], main: [summary, methodology], side: [demands]}\n"
        "    multi_page: [summary, methodology, demands]\n"
        "    titles: {methodology: Where your money goes}\n"
    )
    spec = root / "brief.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\ntemplate: house\n"
        "audiences:\n  donor: {methodology: Funded by members only.}\n"
    )
    assert (
        main(
            [
                "make",
                str(spec),
                "--audience",
                "donor",
                "--audience",
                "journalist",
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    donor = pdfcheck.text(tmp_path / "out" / "brief-donor-one-page.pdf")
    assert "WHERE YOUR MONEY GOES" in donor and "Funded by members only." in donor
    journalist = pdfcheck.text(tmp_path / "out" / "brief-journalist-one-page.pdf")
    assert "Funded by members only." not in journalist
    assert "brief-donor-multi-page.pdf" in capsys.readouterr().out
