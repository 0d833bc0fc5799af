"""Key-figure labels' lines counted from their words' widths (`layout/linecount.py`): the same
count as ReportLab's wrap, at every width, in every style, in every script."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.bounded import Bounded
from briefing.build import prepare
from briefing.design.i18n import words
from briefing.design.theme import Theme
from briefing.layout import keyfigures, linecount, paragraphs
from briefing.layout.paragraphs import para
from briefing.spec import markup

from conftest import RAQQA

CITED = '<super><a href="#source-1" color="#b03a2e">1</a></super>'
TWICE = (
    '<super><a href="#source-1" color="#b03a2e">1</a>,'
    '<a href="#source-3" color="#b03a2e">3</a></super>'
)
ALM = "\u061c"

THEMES = {"ltr": Theme(), "rtl": Theme().with_direction("rtl")}
STYLES = {
    "label": {},
    "capitals": {"upper": True},
    "indented": {"indent": 3, "right_indent": 5},
    "large": {"size": 14},
}


def wrapped(text: str, style, width: float) -> int:
    """Lines of `text` in `style` wrapped `width` wide, as ReportLab breaks them."""
    paragraph = para(text, style)
    paragraph.wrap(width, 1e6)
    return len(paragraph.blPara.lines)


def counted(text: str, style, width: float) -> int | None:
    """Lines counted from the words' widths; None where the paragraph is wrapped instead:
    only a paragraph of one fragment (no citation) with a word too long for its line."""
    paragraph = para(text, style)
    measured = linecount.measure(paragraph)
    assert measured is not None
    count = linecount.count(measured, width)
    assert count is not None or len(paragraph.frags) == 1
    return count


def style_of(direction: str, variant: str):
    return THEMES[direction].restyled({"figure.label": STYLES[variant]})["figure.label"]


WORDS = st.one_of(
    st.sampled_from(
        ["the", "of", "city", "civilians", "Raqqa", "2017", "80%", "killed", "a", "destroyed"]
    ),
    st.sampled_from(["مدنيين", "قتلوا", "في", "الرقة", "عام", "2017", "من", "المدينة", "دمرت"]),
    st.sampled_from(["déplacées", "l’offensive", "«\u00a0ville\u00a0»", "été", "10\u00a0%"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéARQ0123456789-", min_size=1, max_size=40),
)
MIXED = st.sampled_from(
    ['<font size="14">Bi</font>g', "<b>bo</b>ld", "x<super>2</super>y", "<i>in</i>", "abcمدن"]
)
"""Words of several fragments: the space after one is as wide as ReportLab makes it."""
MARKED = st.one_of(
    st.tuples(WORDS, st.sampled_from(["", "", "", CITED, TWICE])).map(
        lambda t: markup.plain(t[0]) + t[1]
    ),
    MIXED,
)
"""A word, sometimes cited (a word after a citation is spaced as its superscript's font)."""
LABELS = st.tuples(
    st.lists(MARKED, min_size=1, max_size=14),
    st.sampled_from(["", CITED, TWICE]),
    st.booleans(),
).map(lambda t: " ".join(t[0]) + (ALM if t[2] and t[1] else "") + t[1])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=LABELS,
    direction=st.sampled_from(sorted(THEMES)),
    variant=st.sampled_from(sorted(STYLES)),
    widths=st.lists(st.floats(min_value=2, max_value=400), min_size=1, max_size=12),
    shrink=st.sampled_from([None, 0, 0.2]),
    split_long=st.sampled_from([None, 0]),
    first_indent=st.sampled_from([0, 11]),
)
def test_keyfig_count_is_the_wrap(
    text, direction, variant, widths, shrink, split_long, first_indent
):
    """Whatever the label (Latin, Arabic, French no-break spaces, long unbreakable words,
    a citation or two, the Arabic letter mark before it), style and width, the count is the
    wrap's, or none at all."""
    style = style_of(direction, variant)
    if shrink is not None:
        style = style.clone("shrunk", spaceShrinkage=shrink)
    if split_long is not None:
        style = style.clone("overflowing", splitLongWords=split_long)
    if first_indent:
        style = style.clone("hanging", firstLineIndent=first_indent)
    for width in widths:
        count = counted(text, style, width)
        if count is not None:
            assert count == wrapped(text, style, width), (text, width)


def test_keyfig_count_answers_the_real_labels_at_every_width():
    """Each label of the Raqqa brief and its translations with its citation, at widths from
    a few letters' to the page's: counted without a wrap, as the wrap counts."""
    for language, direction in (("", "ltr"), ("fr", "ltr"), ("ar", "rtl")):
        path = RAQQA if not language else RAQQA.with_name(f"raqqa.{language}.yaml")
        spec = prepare(path)[0].spec
        theme = THEMES[direction]
        labels = keyfigures._Labels(spec, theme, words=words(language or "en"), pad=0, width=600)
        style = theme["figure.label"]
        for i, figure in enumerate(spec.figures):
            text = markup.plain(figure.label) + labels.cited[i]
            for quarter in range(80, 1600, 3):
                width = quarter / 4
                assert counted(text, style, width) == wrapped(text, style, width), (text, width)


def test_keyfig_count_falls_back_where_it_does_not_replay_the_wrap():
    """A bullet, a soft hyphen, a line break, hyphenation: measured as nothing, so wrapped; a
    word too long for its line is cut as ReportLab cuts it, except in a paragraph of one
    fragment, which is wrapped."""
    style = Theme()["figure.label"]
    assert linecount.measure(para("a<br/>b" + CITED, style)) is None
    assert linecount.measure(para("soft\u00adhyphen", style)) is None
    assert linecount.measure(para("a b", style, bulletText="•")) is None
    assert linecount.measure(para("a b", style.clone("h", hyphenationLang="en_GB"))) is None
    cited = linecount.measure(para("a unbreakable" + CITED, style))
    assert cited is not None
    assert [linecount.count(cited, w) for w in (12, 20, 200)] == [
        wrapped("a unbreakable" + CITED, style, w) for w in (12, 20, 200)
    ]
    assert linecount.count(cited, 12) > 2
    alone = linecount.measure(para("a unbreakable", style))
    assert alone is not None
    assert linecount.count(alone, 20) is None
    assert linecount.count(alone, 200) == 1


def test_keyfig_count_of_a_label_is_not_served_for_another_style():
    """Measured words are kept across builds by markup and style: a label in capitals is
    measured again, and its counts are the wrap's."""
    spec = prepare(RAQQA)[0].spec
    plain, upper = style_of("ltr", "label"), style_of("ltr", "capitals")
    text = markup.plain(spec.figures[0].label) + CITED
    paragraphs.forget()
    widths = [
        w
        for w in range(30, 300, 2)
        if keyfigures._line_count(text, plain, hash_of(plain), w)
        != keyfigures._line_count(text, upper, hash_of(upper), w)
    ]
    assert widths
    for width in widths:
        assert keyfigures._line_count(text, upper, hash_of(upper), width) == wrapped(
            text, upper, width
        )


def hash_of(style) -> int:
    from briefing.layout.memo import style_key

    return style_key(style)


CRAFTED = [
    "«\u00a0ville\u00a0» مدنيين «\u00a0ville\u00a0» في الرقة «\u00a0ville\u00a0» عام" + CITED,
    '<font size="14">Bi</font>g a <font size="14">Bi</font>g of <b>bo</b>ld a <i>in</i> Raqqa'
    + ' a <font size="14">Bi</font>g of a <font size="5">Bi</font>g a b c'
    + CITED,
    "x" + CITED + " the city" + TWICE + " of Raqqa destroyed in 2017" + ALM + CITED,
    "of the city of Raqqa destroyedandunbreakable" + CITED,
]
"""Labels where the replay's finer points decide a line: an empty word after a space (a
fragment with a no-break space ending in a space), words of several sizes and faces, citations
inside the label, a word cut."""


def test_keyfig_count_is_the_wrap_for_crafted_labels_in_fine_steps():
    """The crafted labels at every half point from 10 to 160, in spaces that shrink little
    and much: the count is the wrap's."""
    for shrink in (0.05, 1.0):
        for direction in ("ltr", "rtl"):
            style = THEMES[direction]["figure.label"].clone("s", spaceShrinkage=shrink)
            for text in CRAFTED:
                for step in range(20, 320):
                    width = step / 2
                    assert counted(text, style, width) == wrapped(text, style, width), (
                        text,
                        width,
                    )


def test_keyfig_count_wraps_under_another_reportlab(monkeypatch):
    """Under a ReportLab whose line breaking was not replayed, every label is wrapped."""
    style = Theme()["figure.label"]
    text = "of the city of Raqqa destroyed" + CITED
    monkeypatch.setattr(linecount, "REPLAYED", False)
    monkeypatch.setattr(keyfigures, "_MEASURED", Bounded(entries=4, size=1000))
    assert linecount.measure(para(text, style)) is None
    assert keyfigures._line_count(text, style, hash_of(style), 60) == wrapped(text, style, 60)
    assert keyfigures._MEASURED.get((text, hash_of(style))) == (None,)
