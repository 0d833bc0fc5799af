"""Issue 12, visuals round 2: key-figure columns sized from their labels as well as their
numbers, labels and chart captions bound at the width they are set in, and Arabic numbers
ordered in the key figures, the proportion chart and the body alike."""

from __future__ import annotations

import ctypes

import pypdfium2
import pypdfium2.raw as raw
import pytest

from briefing.build import make
from briefing.design.theme import Theme
from briefing.layout import charttext, keyfigures
from briefing.layout.paragraphs import para
from briefing.spec import markup

from conftest import RAQQA

NGO = RAQQA.parent / "templates" / "example-ngo.yaml"


def _lines(paragraph):
    """The text of each line of a wrapped paragraph."""
    return [
        "".join(getattr(word, "text", "") for word in line.words)
        if hasattr(line, "words")
        else " ".join(line[1])
        for line in paragraph.blPara.lines
    ]


@pytest.mark.parametrize("template", [None, NGO], ids=["default", "example-ngo"])
@pytest.mark.parametrize("spec", [RAQQA, RAQQA.with_name("raqqa.fr.yaml")], ids=["en", "fr"])
def test_no_key_figure_label_runs_to_many_lines(spec, template, tmp_path, monkeypatch):
    """Issue 12: the "159" label broke into five lines ("civilian deaths / the coalition /
    admits, about / 10% of / the total") beside a cell with room to spare, and "volunteers¹"
    was alone on a line. Read from the band as the multi-page brief drew it."""
    bands = []
    band = keyfigures.figures_band

    def record(*args, **kwargs):
        bands.append(band(*args, **kwargs))
        return bands[-1]

    monkeypatch.setattr(keyfigures, "figures_band", record)
    make(spec, template=template, layouts=["multi-page"], out_dir=tmp_path)
    (table,) = bands[-1]
    labels = [_lines(cell[2]) for cell in table._cellvalues[0]]
    assert max(len(lines) for lines in labels) <= keyfigures.LABEL_LINES, labels
    if spec == RAQQA and template is None:
        last = [line.replace("\u00a0", " ") for line in labels[-1]]
        assert last == ["satellite images scrutinised by", "3,000 volunteers1"]


def test_a_chart_caption_keeps_its_last_words_together():
    """Issue 12: "figures)." was alone on the last line of the proportion's caption."""
    style = Theme()["chart.note"]
    caption = "12 of 30 water points surveyed (share computed from these figures)."
    loose = para(markup.plain(caption), style)
    loose.wrap(210, 1e6)
    assert _lines(loose)[-1] == "figures)."
    bound = para(markup.plain(charttext.bound(caption, width=210, style=style)), style)
    bound.wrap(210, 1e6)
    assert _lines(bound)[-1] == "these\u00a0figures)."


def _glyphs(pdf, page=0):
    """(character, left edge of its origin, baseline, size) of every character of a page."""
    text = pypdfium2.PdfDocument(str(pdf))[page].get_textpage()
    found = []
    for i in range(text.count_chars()):
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
        found.append(
            (text.get_text_range(i, 1), x.value, y.value, raw.FPDFText_GetFontSize(text.raw, i))
        )
    return found


def _percent_side(glyphs, *, large):
    """For each `80%` drawn (in large type or not), whether its `%` is left of its `80`."""
    sides = []
    for char, x, y, size in glyphs:
        if char != "8" or (size > 15) != large:
            continue
        near = [g for g in glyphs if abs(g[2] - y) < 0.5 and abs(g[1] - x) < 3 * size]
        zero = [g for g in near if g[0] == "0" and g[1] > x]
        percent = [g for g in near if g[0] == "%"]
        if zero and percent:
            sides.append(min(percent, key=lambda g: abs(g[1] - x))[1] < x)
    return sides


def test_arabic_percentages_read_one_way_and_notes_follow_their_number(tmp_path):
    """Issue 12: the proportion chart drew `80%` where the key figure and the body draw `%80`
    (the order the bidirectional algorithm gives a number after Arabic words), and the first
    figure label's note marker sat between `عام` and `2017` instead of after the year."""
    built = {b.layout: b.path for b in make(RAQQA.with_name("raqqa.ar.yaml"), out_dir=tmp_path)}
    one_page = _glyphs(built["one-page"])
    body, big = _percent_side(one_page, large=False), _percent_side(one_page, large=True)
    assert len(big) == 2 and len(body) >= 2  # key figure and chart; body and caption
    assert set(big) == set(body) == {True}
    text = "".join(g[0] for g in one_page)
    marked = []
    for start in (i for i in range(len(text)) if text.startswith("2017", i)):
        year = one_page[start : start + 4]
        left, right = min(g[1] for g in year), max(g[1] for g in year)
        notes = [
            g
            for g in one_page
            if g[0] == "1" and g[3] < year[0][3] - 0.5 and 0 < g[2] - year[0][2] < 8
            if left - 10 < g[1] < right + 12
        ]
        if notes:
            marked.append((left, notes))
    ((left, notes),) = marked  # the first figure's label, the only year with a note
    assert [g[1] < left for g in notes] == [True], (left, notes)


def test_a_label_is_bound_for_the_characters_its_column_holds():
    """Issue 12: labels were bound for the nearest of three fixed measures (22, 25, 34
    characters) below their column's, so a column of 33 characters was treated as 25 and left
    "volunteers¹" alone: now the pair is bound when it takes at most half of what the column
    holds, whatever that is."""
    style = Theme()["figure.label"]
    label = "satellite images scrutinised by 3,000 volunteers"
    letter = charttext.text_width("abcdefghijklmnopqrstuvwxyz", style.fontName, style.fontSize)
    wide = 33 * letter / 26
    assert charttext.bound(label, width=wide, style=style).endswith("3,000\u00a0volunteers")
    twenty = 20 * letter / 26  # 16 characters would be more than half the column
    assert charttext.bound(label, width=twenty, style=style).endswith("3,000 volunteers")
