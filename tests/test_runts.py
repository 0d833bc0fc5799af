"""Issue 12: no runts. The last two words of a paragraph, heading, label or list item are bound
by a no-break space when the last one would otherwise stand alone on a line; a number keeps its
unit and "note" its number; long pairs are never bound, so a narrow column cannot overflow."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from briefing.build import make
from briefing.design.runts import LONGEST_RUNT, Measure, bind, unbind
from briefing.design.typography import typeset
from briefing.spec.records import Figure, Quote
from briefing.spec.spec import Spec

from conftest import RAQQA, ROOT

NBSP = "\u00a0"
SHORT = 7
"""A line holding one word of at most this many characters, under a line of the same
paragraph, is a runt ("total", "Raqqa.", "France")."""


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("Why it matters", f"Why it{NBSP}matters"),
        ("about 10% of the total", f"about 10% of the{NBSP}total"),
        ("Be more transparent about the destruction caused in Raqqa.", "caused in\u00a0Raqqa."),
        ("See note 2 for the count", f"See note{NBSP}2 for the{NBSP}count"),
        ("see p. 3 and the annex", f"see p.{NBSP}3 and the{NBSP}annex"),
        ("2 million satellite images were examined", f"2{NBSP}million satellite images"),
        ("soit environ 10 % du total", f"soit environ 10{NBSP}% du{NBSP}total"),
        ("It's **really over**.", f"It's **really{NBSP}over**."),
        (
            "read [the full report](https://x.org/a b).",
            "read [the full report](https://x.org/a b).",
        ),
        ("read [the report](https://example.org/long).", f"read [the{NBSP}report]("),
        ("One paragraph ends here.\n\nThe next one\nends in Raqqa.\n", "here.\n\n"),
        ("One paragraph ends here.\n\nThe next one\nends in Raqqa.\n", f"in{NBSP}Raqqa.\n"),
        ("It was\na mess", f"a{NBSP}mess"),
        ("أي نحو 10 في المئة من العدد الإجمالي", f"العدد{NBSP}الإجمالي"),
        ("قتلوا في أربعة أشهر من هجوم 2017.", f"هجوم{NBSP}2017."),
    ],
)
def test_short_last_pairs_and_number_units_are_bound(typed, printed):
    assert printed in bind(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "an unprecedented transformation",  # the last word is long enough to stand alone
        "according to Amnesty's crisis management advisor.",  # the pair is too long to bind
        "Raqqa",  # one word
        "",
        "il a dit \u00ab\u00a0oui\u00a0\u00bb.",  # already bound by the author or the marks
    ],
)
def test_long_pairs_single_words_and_bound_ends_are_left_alone(typed):
    assert bind(typed) == typed


def test_a_pair_binds_only_within_its_share_of_the_narrowest_measure():
    label = "of the city of Raqqa destroyed"
    assert bind(label) == f"of the city of Raqqa{NBSP}destroyed"  # 15 characters: running text
    assert bind(label, measure=Measure.FIGURE) == label  # too wide for a band of four figures
    assert Measure.FIGURE.longest_pair == 11 and Measure.TEXT.longest_pair == 17
    assert LONGEST_RUNT == 10


def test_markup_is_not_counted_and_survives():
    """`**`, a link's brackets and target are not printed: they count for nothing, and a bound
    space inside a link's label keeps the link whole."""
    from briefing.spec import markup

    bound = bind("see the [annual report](https://example.org/a-very-long-address).")
    assert bound == f"see the [annual{NBSP}report](https://example.org/a-very-long-address)."
    paragraph = markup.to_paragraph(bound)
    assert f">annual{NBSP}report</a>." in paragraph
    assert bind("**bold** ending **in bold**") == f"**bold** ending **in{NBSP}bold**"


def test_binding_twice_changes_nothing():
    for text in ["of the total", "caused in Raqqa.", "see note 2", "a b c d", "x\n\ny z"]:
        assert bind(bind(text)) == bind(text)


def test_a_spec_is_bound_field_by_field_with_each_fields_measure():
    spec = Spec(
        title="More than 1,600 civilians killed as the coalition retook Raqqa",
        organisations=["Amnesty International"],
        summary="The coalition admits about 10% of the total.",
        figures=[Figure(value="2 million", label="satellite images scrutinised by volunteers")],
        quotes=[Quote(text="Many air strikes were not accurate", speaker="Donatella Rovera")],
        language="en",
    )
    done = typeset(spec, "en")
    assert done.title.endswith(f"retook{NBSP}Raqqa")
    assert done.organisations == ["Amnesty International"]
    assert done.summary.endswith(f"the{NBSP}total.")
    assert done.figures[0].value == f"2{NBSP}million"
    assert done.figures[0].label == "satellite images scrutinised by volunteers"
    assert done.quotes[0].text.endswith(f"not{NBSP}accurate")
    assert done.quotes[0].speaker == f"Donatella{NBSP}Rovera"
    assert unbind(done.title) == spec.title


def _lines(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, baseline, size, left, right, text) of each run of characters set on one baseline
    in one size, cut where a gap wider than a space separates two columns."""
    import ctypes

    import pypdfium2.raw as raw

    found = []
    for number, page in enumerate(pdfium.PdfDocument(str(path))):
        textpage = page.get_textpage()
        rows: dict[tuple[float, float], list[tuple[float, float, str]]] = {}
        for i in range(textpage.count_chars()):
            char = chr(raw.FPDFText_GetUnicode(textpage, i))
            if char in "\r\n\x02":
                continue
            left, _, right, _ = textpage.get_charbox(i)
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            size = round(raw.FPDFText_GetFontSize(textpage, i), 1)
            rows.setdefault((round(y.value), size), []).append((left, right, char))
        for (baseline, size), chars in rows.items():
            chars.sort()
            runs = [[chars[0]]]
            for before, char in zip(chars, chars[1:], strict=False):
                if char[0] - before[1] > size * 1.2:
                    runs.append([])
                runs[-1].append(char)
            for run in runs:
                text = "".join(c for _, _, c in run).strip()
                found.append((number + 1, baseline, size, run[0][0], run[-1][1], text))
    return found


def runts(path: Path) -> list[str]:
    """Lines holding one short word under a longer line of the same paragraph: the same size,
    one line below, starting or ending with it."""
    lines = _lines(path)
    found = []
    for page, baseline, size, left, right, text in lines:
        if not text or " " in text or len(text) > SHORT or size < 5:
            continue
        for other in lines:
            _, above, other_size, other_left, other_right, other_text = other
            if (
                other[0] == page
                and other_size == size
                and 0.9 * size <= above - baseline <= 1.7 * size
                and other_left - 1 <= left <= other_right
                and (abs(left - other_left) < 20 or abs(right - other_right) < 20)
                and " " in other_text
            ):
                found.append(f"{path.name} p{page}: {other_text[-30:]!r} / {text!r}")
                break
    return found


@pytest.fixture(scope="module")
def english_and_french(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    french = make(
        ROOT / "briefs" / "raqqa.fr.yaml",
        layouts=["one-page", "multi-page"],
        all_audiences=True,
        out_dir=tmp_path_factory.mktemp("raqqa-fr"),
    )
    english = make(
        RAQQA,
        layouts=["one-page", "multi-page"],
        all_audiences=True,
        out_dir=tmp_path_factory.mktemp("raqqa-en"),
    )
    return [b.path for b in [*english, *french]]


def test_the_raqqa_pages_have_no_runts(english_and_french):
    """Before: "total¹", "Raqqa.", "Rovera." and "l’AFP)." alone on their lines, 16 such lines
    over the English and French pages."""
    assert len(english_and_french) == 12
    found = [runt for path in english_and_french for runt in runts(path)]
    assert not found, "\n".join(found)


def test_a_bound_space_prints_as_a_space_and_copies_as_one(english_and_french):
    """ReportLab draws U+00A0 with the font's space (code 32 of the subset): what a reader
    copies, searches or extracts has ordinary spaces."""
    for path in english_and_french:
        for page in PdfReader(str(path)).pages:
            assert NBSP not in (page.extract_text() or ""), path.name
        for page in pdfium.PdfDocument(str(path)):
            assert NBSP not in page.get_textpage().get_text_range(), path.name
