"""Drawing a paragraph quicker (issue 15): a left-to-right paragraph whose text holds no
right-to-left letter (known when it is parsed, `paragraphs._PARSED`) is drawn as ReportLab
draws it, without looking for right-to-left letters line by line; one that holds any is still
drawn in the order the bidirectional algorithm gives. The operators are those of the full
check."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from briefing.design.theme import Theme
from briefing.layout.paragraphs import Para, para
from briefing.spec import markup

TEXTS = (
    "The mayor said so (in 2017), “quoted” – and more.",
    "The mayor, حسين المحمد, said so.",
    "Aleppo (حلب) and <b>Raqqa</b> (الرقة).",
    "ש Hebrew too.",
)


def _drawn(paragraph: Para) -> str:
    canvas = Canvas("unused.pdf")
    paragraph.wrap(160, 1000)
    paragraph.drawOn(canvas, 20, 300)
    return "\n".join(canvas._code)


def test_pdfout_paragraphs_known_left_to_right_are_drawn_as_after_the_full_check() -> None:
    style = Theme()["body"]
    for text in TEXTS:
        known = para(markup.plain(text), style)
        checked = para(markup.plain(text), style)
        checked._rtl = None  # as a paragraph `para` did not make: every line looked at
        assert known._rtl is (text != TEXTS[0])
        assert _drawn(known) == _drawn(checked)


def test_pdfout_a_parsed_paragraph_served_again_keeps_what_it_holds() -> None:
    style = Theme()["body"]
    for text in TEXTS:
        first, again = para(markup.plain(text), style), para(markup.plain(text), style)
        assert first._rtl is again._rtl is (text != TEXTS[0])
