"""The layout caches kept across builds never serve a stale result: a changed style, text or
bullet is laid out again, a split paragraph does not alter what the next one is given, the
same build twice gives the same bytes, and every cache stays within its bounds."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from reportlab.lib.enums import TA_JUSTIFY

from briefing.bounded import Bounded
from briefing.build import make, prepare
from briefing.design.i18n import words
from briefing.design.theme import Theme
from briefing.layout import keyfigures, memo, paragraphs, visualblocks
from briefing.layout.paragraphs import para

ROOT = Path(__file__).resolve().parents[1]
RAQQA = ROOT / "briefs" / "raqqa.yaml"
TEXT = (
    "Many aerial bombardments during the offensive were not accurate, and tens of thousands "
    "of artillery shells were fired indiscriminately<super>2</super>, according to the report."
)


def lines(paragraph: paragraphs.Para) -> list[str]:
    """The text of each line of a wrapped paragraph, as it will be drawn."""
    blpara = paragraph.blPara
    if blpara.kind == 0:
        return [" ".join(words) for _, words in blpara.lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in blpara.lines]


def cold() -> None:
    """Empty the paragraph caches: `forget` keeps what the last build used, twice nothing."""
    paragraphs.forget()
    paragraphs.forget()


def fresh(text: str, style, width: float, **kwargs) -> list[str]:
    cold()
    paragraph = para(text, style, **kwargs)
    paragraph.wrap(width, 1000)
    return lines(paragraph)


@pytest.fixture(autouse=True)
def _cold():
    cold()
    yield
    cold()


def test_speed_fit_a_changed_style_is_laid_out_again():
    style = Theme()["body"]
    first = para(TEXT, style)
    first.wrap(200, 1000)
    bigger = style.clone("bigger", fontSize=style.fontSize * 1.4)
    second = para(TEXT, bigger)
    second.wrap(200, 1000)
    assert lines(second) == fresh(TEXT, bigger, 200)
    assert len(lines(second)) > len(lines(first))


def test_speed_fit_a_style_changed_in_place_is_not_served_stale():
    style = Theme()["body"].clone("mine")
    para(TEXT, style).wrap(200, 1000)
    style.fontSize *= 1.4
    again = para(TEXT, style)
    again.wrap(200, 1000)
    assert lines(again) == fresh(TEXT, style, 200)


def test_speed_fit_changed_text_and_width_are_laid_out_again():
    style = Theme()["body"]
    para(TEXT, style).wrap(200, 1000)
    other = para(TEXT.replace("Many", "Some very many"), style)
    other.wrap(200, 1000)
    assert lines(other)[0].startswith("Some very many")
    wider = para(TEXT, style)
    wider.wrap(300, 1000)
    assert lines(wider) == fresh(TEXT, style, 300)


def test_speed_fit_a_bullet_takes_room_on_the_first_line():
    """The bullet is part of what a paragraph's line breaks are shared by: a numbered item
    with a wide number does not get the breaks of the same text without one."""
    style = Theme()["list.text"].clone("listed", bulletFontSize=14)
    plain = para(TEXT, style)
    plain.wrap(200, 1000)
    numbered = para(TEXT, style, bulletText="100000.")
    numbered.wrap(200, 1000)
    assert lines(numbered) == fresh(TEXT, style, 200, bulletText="100000.")
    assert lines(numbered) != lines(plain)


def test_speed_fit_a_split_paragraph_leaves_the_shared_breaks_as_they_were():
    """Splitting a paragraph appends a space to each line's last word, in place: the next
    paragraph of the same text used to be given those lines, and drew them."""
    style = Theme()["body"].clone("justified", alignment=TA_JUSTIFY)
    expected = fresh(TEXT, style, 150)
    first = para(TEXT, style)
    first.wrap(150, 1000)
    assert len(first.split(150, style.leading * 2)) == 2
    second = para(TEXT, style)
    second.wrap(150, 1000)
    assert lines(second) == expected


def test_speed_fit_a_brief_is_the_same_alone_or_after_the_others(tmp_path):
    """The policymaker's multi-page Raqqa brief, built after the other audiences (whose
    split paragraphs once altered the shared line breaks), is the one built alone."""
    alone = make(RAQQA, layouts=["multi-page"], audiences=["policymaker"], out_dir=tmp_path / "a")
    every = make(RAQQA, layouts=["multi-page"], all_audiences=True, out_dir=tmp_path / "b")
    (after,) = [b for b in every if b.audience == "policymaker"]
    assert after.path.read_bytes() == alone[0].path.read_bytes()


def test_speed_fit_the_same_build_twice_with_warm_caches_is_byte_identical(tmp_path):
    (cold,) = make(RAQQA, layouts=["one-page"], out_dir=tmp_path / "cold")
    (warm,) = make(RAQQA, layouts=["one-page"], out_dir=tmp_path / "warm")
    assert warm.path.read_bytes() == cold.path.read_bytes()


def test_speed_fit_caches_stay_within_their_bounds():
    cache: Bounded[str] = Bounded(entries=3, size=10)
    for i in range(5):
        cache.put(i, "x", size=2)
    assert len(cache) == 3 and cache.get(0) is None and cache.get(4) == "x"
    cache.put("long", "y", size=8)
    assert cache.held <= 10 and cache.get("long") == "y" and cache.get(3) is None
    cache.put("huge", "z", size=11)
    assert cache.get("huge") is None
    cache.age()
    assert cache.get("long") == "y"  # used since: kept one more time
    cache.age()
    cache.age()
    assert len(cache) == 0 and cache.held == 0
    style = Theme()["body"]
    for i in range(paragraphs.CACHED_PARAGRAPHS + 50):
        para(f"Paragraph {i}", style).wrap(200, 1000)
    for kept in (paragraphs._PARSED, paragraphs._BROKEN):
        assert len(kept) == paragraphs.CACHED_PARAGRAPHS
        assert kept.held <= paragraphs.CACHED_CHARACTERS


def test_speed_fit_a_changed_chart_is_drawn_again(tmp_path):
    """Drawings are kept across builds: a bar whose number changes is drawn again."""
    shutil.copytree(ROOT / "tests" / "specs", tmp_path / "specs")
    spec = tmp_path / "specs" / "full.yaml"
    (first,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "first")
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("{label: Repaired, value: 0}", "{label: Repaired, value: 3}"))
    (warm,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "warm")
    visualblocks._DRAWN.clear()
    (cold,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "cold")
    assert warm.path.read_bytes() == cold.path.read_bytes()
    assert warm.path.read_bytes() != first.path.read_bytes()


def test_speed_fit_a_key_figure_label_in_another_style_is_counted_again():
    """Label line counts are kept across builds: a template that sets labels in capitals
    (same font, same size) does not get the counts of lower-case labels."""
    spec = prepare(RAQQA)[0].spec
    plain = Theme()
    upper = plain.restyled({"figure.label": {"upper": True}})

    def count(theme: Theme, width: float, *, cold: bool) -> int:
        if cold:
            keyfigures._LINES.clear()
            paragraphs.forget()
            paragraphs.forget()
        labels = keyfigures._Labels(spec, theme, words=words("en"), pad=0, width=600)
        return labels.lines(0, width)

    widths = [
        w for w in range(40, 300, 4) if count(plain, w, cold=True) != count(upper, w, cold=True)
    ]
    assert widths
    for width in widths:
        count(plain, width, cold=True)
        assert count(upper, width, cold=False) == count(upper, width, cold=True)


def test_speed_fit_an_interned_theme_is_only_ever_an_equal_one():
    base = Theme().scaled(scale=0.9, spacing=0.8)
    assert memo.interned(base) is memo.interned(Theme().scaled(scale=0.9, spacing=0.8))
    for other in (
        Theme().scaled(scale=0.9, spacing=0.7),
        Theme().scaled(scale=0.92, spacing=0.8),
        base.restyled({"body": {"leading": 1.4}}),
        dataclasses.replace(base, colors={**base.colors, "accent": "#000000"}),
    ):
        assert memo.interned(other) is other


def test_speed_fit_a_build_keeps_what_the_last_one_used_and_forgets_the_rest():
    """What a mail-merge worker holds stays that of about two builds: a paragraph only one
    recipient's brief had is forgotten after the next brief."""
    style = Theme()["body"]
    shared, mine = para("For every recipient.", style), para("For Ana Lima only.", style)
    shared.wrap(200, 1000)
    mine.wrap(200, 1000)
    paragraphs.forget()  # the next brief
    para("For every recipient.", style).wrap(200, 1000)
    para("For Jonas Berg only.", style).wrap(200, 1000)
    paragraphs.forget()  # the one after
    assert len(paragraphs._BROKEN) == 2
    held = {key[0][0] for key in paragraphs._BROKEN._older}
    assert held == {"For every recipient.", "For Jonas Berg only."}
