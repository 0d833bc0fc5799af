"""Issue 11: straight quotes and apostrophes typed in a spec print as the language's marks;
addresses and ids stay as typed, and the source check still reads the spec as typed."""

from __future__ import annotations

import pytest

from briefing.cli import main
from briefing.design.i18n import printed_marks
from briefing.design.typography import smart_quotes, typeset
from briefing.spec import markup
from briefing.spec.records import Quote, Source
from briefing.spec.spec import Spec

import pdfcheck
from conftest import RAQQA

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "language, typed, printed",
    [
        ("en-GB", 'its self-proclaimed "caliphate"', "its self-proclaimed \u201ccaliphate\u201d"),
        ("en", "the coalition's count", "the coalition\u2019s count"),
        ("en", "Amnesty and Airwars' findings", "Amnesty and Airwars\u2019 findings"),
        (
            "en",
            "He said \"it's 'fine' now\".",
            "He said \u201cit\u2019s \u2018fine\u2019 now\u201d.",
        ),
        ("en", "the '90s", "the \u201990s"),
        ("en", '"Stop." She left.', "\u201cStop.\u201d She left."),
        ("en", '("quoted")', "(\u201cquoted\u201d)"),
        ("en", '**"bold"** and *"italic"*', "**\u201cbold\u201d** and *\u201citalic\u201d*"),
        ("fr", 'du "califat" autoproclamé', f"du \u00ab{NBSP}califat{NBSP}\u00bb autoproclamé"),
        ("fr", 'il a dit " bonjour " hier', f"il a dit \u00ab{NBSP}bonjour{NBSP}\u00bb hier"),
        ("fr-CA", "l'enquête d'Amnesty", "l\u2019enquête d\u2019Amnesty"),
        ("es", 'el "califato"', "el \u00abcalifato\u00bb"),
        ("ar", 'عاصمة "الخلافة"', "عاصمة \u00abالخلافة\u00bb"),
        ("de", 'das "Kalifat"', "das \u201eKalifat\u201c"),
        ("xx", '"x"', "\u201cx\u201d"),
        ("en", "no quotes at all", "no quotes at all"),
        ("en", "already \u201ccurly\u201d", "already \u201ccurly\u201d"),
    ],
)
def test_straight_quotes_become_the_language_marks(language, typed, printed):
    assert smart_quotes(typed, language) == printed


@pytest.mark.parametrize(
    "language, typed, printed",
    [
        ("en", 'not "accurate"', "not \u2018accurate\u2019"),
        ("fr", 'pas "précises"', "pas \u201cprécises\u201d"),
        ("ar", 'ليست "دقيقة"', "ليست \u201dدقيقة\u201c"),
    ],
)
def test_quotes_inside_a_quote_take_the_inner_marks(language, typed, printed):
    assert smart_quotes(typed, language, inside_quote=True) == printed


@pytest.mark.parametrize(
    "typed",
    [
        '[the "report"](https://example.org/?q="a"&b=\'c\')',
        "see https://example.org/it's-here or mailto:o'brien@example.org",
        "write to o'brien@example.org",
        "[a](mailto:o'brien@example.org)",
    ],
)
def test_web_and_email_addresses_are_never_touched(typed):
    quoted = smart_quotes(typed, "en")
    for address in ("https://example.org/?q=\"a\"&b='c'", "it's-here", "o'brien@example.org"):
        if address in typed:
            assert address in quoted, quoted


def test_a_link_target_keeps_its_quotes_and_its_label_gets_marks():
    quoted = smart_quotes('[the "report"](https://example.org/?q="a") says "no"', "en")
    assert quoted == '[the \u201creport\u201d](https://example.org/?q="a") says \u201cno\u201d'
    assert 'href="https://example.org/?q=&quot;a&quot;"' in markup.to_paragraph(quoted)


def test_a_spec_is_typeset_field_by_field():
    spec = Spec(
        title='The "caliphate" fell',
        organisations=["Médecins Sans Frontières' team"],
        summary="It's **over**, see [the \"report\"](https://x.org/a'b).",
        quotes=[Quote(text='It was "chaos"', speaker="O'Brien", source="it's")],
        sources=[Source(id="it's", title="A 'report'", url="https://x.org/it's", text="a'b.txt")],
        language="en-GB",
    )
    done = typeset(spec, "en-GB")
    assert done.title == f"The \u201ccaliphate\u201d{NBSP}fell"
    assert done.organisations == [f"Médecins Sans Frontières\u2019{NBSP}team"]
    assert (
        done.summary == f"It\u2019s **over**, see [the{NBSP}\u201creport\u201d](https://x.org/a'b)."
    )
    assert done.quotes[0] == Quote(
        text=f"It was{NBSP}\u2018chaos\u2019", speaker="O\u2019Brien", source="it's"
    )
    assert done.sources[0] == Source(
        id="it's", title=f"A{NBSP}\u2018report\u2019", url="https://x.org/it's", text="a'b.txt"
    )
    assert done.language == "en-GB"
    plain = Spec(title="T", organisations=["X"], summary="S")
    assert typeset(plain, "fr") is plain


def test_french_guillemets_never_end_or_start_a_line():
    """The no-break spaces inside « » are U+00A0, which ReportLab keeps (it breaks lines at a
    narrow no-break space, U+202F, and prints it as a plain space)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    text = smart_quotes(" ".join(f'mot "citation{n}" suite' for n in range(40)), "fr")
    paragraph = Paragraph(markup.plain(text), ParagraphStyle("p", fontSize=10))
    for width in range(60, 200, 7):
        paragraph.wrap(width, 10_000)
        lines = [" ".join(line[1]) for line in paragraph.blPara.lines]
        assert not any(line.endswith("\u00ab") or line.startswith("\u00bb") for line in lines)
        assert all(f"\u00ab{NBSP}citation" in line for line in lines if "\u00ab" in line)


def test_the_marks_printed_are_listed_for_the_glyph_check():
    assert printed_marks("fr") == f"{NBSP}\u00ab\u00bb\u2019\u201c\u201d"
    assert printed_marks("en") == "\u2018\u2019\u201c\u201d"


def test_the_raqqa_brief_prints_curly_quotes_and_apostrophes(raqqa_pdfs):
    for built in raqqa_pdfs.values():
        text = pdfcheck.text(built.path)
        assert "self-proclaimed \u201ccaliphate\u201d" in text
        assert "coalition\u2019s 2017 offensive" in text
        assert '"' not in text and "'" not in text


def test_the_raqqa_brief_still_passes_the_strict_source_check(capsys):
    """The source check compares the spec as typed: smart quotes are for the page only."""
    assert main(["check", "--strict", str(RAQQA)]) == 0
    assert capsys.readouterr().out == f"{RAQQA}: ok\n"
