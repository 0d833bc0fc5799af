"""Charts, proportion graphics, QR codes, timelines and images: drawn from the spec's numbers,
readable as text, decodable, pinned by a small pixel test."""

from __future__ import annotations

import dataclasses
import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from briefing.build import make
from briefing.cli import main
from briefing.design.design import design_for
from briefing.design.resolve import resolve_template
from briefing.design.theme import Theme
from briefing.errors import LayoutError
from briefing.layout import bignumbers, charts
from briefing.layout.attempts import CHART_SCALES
from briefing.layout.fitting import fit_to_one_page
from briefing.spec import crosschecks
from briefing.spec.validate import load_spec

import pdfcheck
from conftest import RAQQA, SPECS

GOLDEN = Path(__file__).resolve().parent / "golden"
FAILED = Path(__file__).resolve().parent / "_failed"


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_raqqa_shows_the_documented_versus_admitted_chart(raqqa_pdfs, layout):
    text = pdfcheck.text(raqqa_pdfs[layout].path)
    start = text.index("Civilian deaths, documented and admitted")
    chart = text[start : start + 300]
    for piece in (
        "Documented by Amnesty International and Airwars",
        "more than 1,600",
        "Admitted by the coalition",
        "159",
    ):
        assert piece in chart, piece
    assert "How much of Raqqa was destroyed" in text and "Nearly 80% of the city" in text


def test_raqqa_proportion_prints_its_figure_qualifier():
    """Issue 10: the proportion printed "80%" for a figure of "nearly 80%"."""
    share = charts.share_of(load_spec(RAQQA).spec, load_spec(RAQQA).spec.charts[1])
    assert (share.qualifier, share.shown, share.fraction) == ("nearly", "80%", 0.8)
    assert share.caption == "nearly 80% of the city of Raqqa destroyed"
    drawn = [text for text, *_ in _extents(bignumbers.draw_proportion(share, Theme(), width=200))]
    assert drawn == ["nearly", "80%"]


def test_chart_numbers_come_from_the_key_figures():
    spec = load_spec(RAQQA).spec
    chart = spec.charts[0]
    assert all(bar.value is None and bar.figure for bar in chart.bars)
    bars = charts.bars_of(spec, chart)
    figures = {f.id: f for f in spec.figures}
    assert [b.number for b in bars] == [1600, 159]
    assert [b.shown for b in bars] == [
        f"{figures['killed'].qualifier} {figures['killed'].value}",
        figures["admitted"].value,
    ]


def test_every_chart_kind_is_drawn_as_text_and_vectors(full_pdfs):
    text = pdfcheck.text(full_pdfs["multi-page"].path)
    for piece in (
        "Water points surveyed and destroyed",
        "Surveyed",
        "30",
        "Repaired",
        "Water points by district",
        "North",
        "Centre",
        "South",
        "Working",
        "Share of water points destroyed",
        "40%",
        "12 of 30 water points surveyed",
    ):
        assert piece in text, piece
    fonts = pdfcheck.fonts(full_pdfs["multi-page"].path)
    assert all(fonts.values()) and "Helvetica" not in fonts


def test_qr_code_decodes_to_its_url(full_pdfs):
    import pypdfium2
    import zxingcpp

    for built in full_pdfs.values():
        found = []
        for page in pypdfium2.PdfDocument(str(built.path)):
            image = page.render(scale=200 / 72).to_pil()
            found += [result.text for result in zxingcpp.read_barcodes(image)]
        assert found == ["https://example.org/report"], built.path.name
        assert "https://example.org/report" in pdfcheck.text(built.path)


def test_timeline_and_image_with_caption_credit_and_alt(full_pdfs):
    text = pdfcheck.text(full_pdfs["multi-page"].path)
    assert text.index("January 2023") < text.index("March 2024 Report")
    assert "The districts and the destroyed water points. Map: Example Rights Watch." in text
    sizes = [
        (i.image.width, i.image.height)
        for page in pdfcheck.reader(full_pdfs["multi-page"].path).pages
        for i in page.images
    ]
    assert (400, 240) in sizes
    spec = load_spec(SPECS / "full.yaml").spec
    assert spec.images[0].alt.startswith("Map of the three districts")


def test_charts_shrink_before_body_text(tmp_path):
    """As charts multiply, they reach their smallest size before type starts to shrink."""
    head = (
        "title: T\norganisations: X\nsummary: S\n"
        "figures:\n  - {id: a, value: '10', label: a}\n  - {id: b, value: '4', label: b}\n"
        f"findings:\n  - {{heading: Finding, text: {'Words of evidence. ' * 60}}}\n"
    )
    chart = "  - {kind: bars, title: A chart, bars: [{figure: a}, {figure: b}]}\n"
    outcomes = []
    for count in range(2, 21):
        spec_path = tmp_path / f"charty{count}.yaml"
        spec_path.write_text(head + "charts:\n" + chart * count)
        loaded = load_spec(spec_path)
        try:
            grid = fit_to_one_page(loaded, design_for(loaded, resolve_template(loaded), None))
        except LayoutError:
            break
        outcomes.append((grid.design.chart_scale, grid.theme.scale))
    assert any(chart < 1 and type_scale == 1 for chart, type_scale in outcomes), outcomes
    assert any(type_scale < 1 for _, type_scale in outcomes), outcomes
    assert all(type_scale == 1 or chart == min(CHART_SCALES) for chart, type_scale in outcomes), (
        outcomes
    )


@pytest.mark.parametrize(
    "case, message",
    [
        (
            "charts: [{kind: bars, title: T, bars: [{figure: nope}, {figure: a}]}]",
            "{f}:6:49: charts[0].bars[0].figure: no key figure has id 'nope'; figure ids: a, b, c, "
            "d, z",
        ),
        (
            "charts: [{kind: proportion, title: T, part: b, whole: a}]",
            "{f}:6:45: charts[0].part: the part (12) must be between 0 and the whole (10)",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{figure: a}, {value: 3}]}]",
            "{f}:6:53: charts[0].bars[1]: a bar with a `value` needs a `label`",
        ),
        (
            "charts: [{kind: grouped-bars, title: T, categories: [x, y], "
            "series: [{name: s, values: [1]}]}]",
            "{f}:6:88: charts[0].series[0].values: expected 2 numbers, one per category, found 1",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{figure: c}, {figure: a}]}]",
            "{f}:6:49: charts[0].bars[0].figure: figure 'c' has value 'many', "
            "which is not a number a chart can plot (write it like `1,600`, `80%` or `2 million`)",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{label: x, value: .nan}, {figure: a}]}]",
            "{f}:6:58: charts[0].bars[0].value: expected a number, found '.nan'",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{label: x, value: 1e300}, {figure: a}]}]",
            "{f}:6:58: charts[0].bars[0].value: expected a number from 0 to "
            "1,000,000,000,000, found 1e+300",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{label: x, value: -2}, {figure: a}]}]",
            "{f}:6:58: charts[0].bars[0].value: expected a number from 0 to "
            "1,000,000,000,000, found -2",
        ),
        (
            "charts: [{kind: grouped-bars, title: T, categories: [x], "
            "series: [{name: s, values: [1e308]}]}]",
            "{f}:6:86: charts[0].series[0].values[0]: expected a number from 0 to "
            "1,000,000,000,000, found 1e+308",
        ),
        (
            "charts: [{kind: proportion, title: T, part: z, whole: z}]",
            "{f}:6:55: charts[0].whole: the whole must be more than 0",
        ),
        (
            "charts: [{kind: proportion, title: T, part: d}]",
            "{f}:6:45: charts[0].part: without `whole` the part is a percentage: expected a "
            "figure written like `80%`, found figure 'd', which is not a percentage",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{label: " + "L" * 61 + ", value: 1}, "
            "{figure: a}]}]",
            "{f}:6:48: charts[0].bars[0].label: expected at most 60 characters, found 61",
        ),
        (
            "charts: [{kind: grouped-bars, title: T, categories: [x], "
            "series: [{name: s, values: [1]}, {name: s, values: [1]}, {name: s, values: [1]}, "
            "{name: s, values: [1]}, {name: s, values: [1]}, {name: s, values: [1]}, "
            "{name: s, values: [1]}]}]",
            "{f}:6:66: charts[0].series: expected at most 6 items, found 7",
        ),
        (
            "sources: [{id: r, title: R, qr: true, url: 'https://example.org/" + "q" * 990 + "'}]",
            "{f}:6:44: sources[0].url: expected a web address of at most 1,000 bytes for a QR "
            "code (`qr: true`), found 1,010; a longer code cannot be scanned at its size",
        ),
        (
            "charts: [{kind: bars, title: T, bars: [{figure: a}, {figure: b}]}]\n"
            "audiences: {journalist: {figures: [{value: '3', label: c}]}}",
            "{f}:6:49: charts[0].bars[0].figure: in the 'journalist' audience's briefs, no key "
            "figure has id 'a'; figure ids: none (give figures an `id:`)\n"
            "{f}:6:62: charts[0].bars[1].figure: in the 'journalist' audience's briefs, no key "
            "figure has id 'b'; figure ids: none (give figures an `id:`)",
        ),
    ],
)
def test_chart_problems_are_located(tmp_path, capsys, case, message):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\nfigures: [{id: a, value: '10', "
        "label: a}, {id: b, value: '12', label: b},\n  {id: c, value: many, label: "
        "c}, {id: d, value: '150', label: d}, {id: z, value: '0', label: z}]\n"
        f"{case}\n"
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == message.format(f=spec) + "\n"


def test_bar_chart_pixels(tmp_path):
    """Pins how a bar chart is drawn: a tiny render compared with tests/golden/chart-bars.png."""
    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    bars = [charts.Bar("Documented", 1600, "more than 1,600"), charts.Bar("Admitted", 159, "159")]
    drawing = charts.draw_bars(bars, Theme(), width=200)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, drawing.height), invariant=1)
    drawing.drawOn(canvas, 0, 0)
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    actual = page.render(scale=1.5).to_pil().convert("RGB")
    golden = GOLDEN / "chart-bars.png"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        actual.save(golden)
    expected = Image.open(golden).convert("RGB")
    difference = ImageChops.difference(actual, expected)
    changed = difference.convert("L").point(lambda v: 255 if v > 40 else 0).histogram()[255]
    if actual.size != expected.size or changed > 20:
        FAILED.mkdir(exist_ok=True)
        actual.save(FAILED / "chart-bars.png")
        pytest.fail(
            f"bar chart drawing changed ({changed} pixels differ); actual saved in "
            f"{FAILED}, expected {golden}"
        )
    column = [actual.getpixel((10, y)) for y in range(actual.height)]
    assert any(r > 120 and g < 60 for r, g, _ in column), "no accent-coloured bar"


def test_charts_pass_every_audience(tmp_path):
    built = make(RAQQA, all_audiences=True, layouts=["one-page"], out_dir=tmp_path)
    for item in built:
        assert "Civilian deaths, documented and admitted" in pdfcheck.text(item.path)
    assert dataclasses.is_dataclass(built[0])


WIDE_LABEL = "W" * 60
WIDE_WORDS = ("Wide words " * 6)[:60]


def _extents(drawing):
    """(text, left, right, baseline, top) of every string in a drawing, in its own units; the
    top is the height of capitals (descenders may reach a little below a chart's box, into the
    space that follows it, as they always have)."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def walk(group):
        for node in getattr(group, "contents", []):
            yield node
            yield from walk(node)

    for node in walk(drawing):
        if isinstance(node, String):
            size = node.fontSize
            width = stringWidth(node.text, node.fontName, size)
            left = node.x - {"start": 0, "middle": width / 2, "end": width}[node.textAnchor]
            yield (
                node.text,
                left,
                left + width,
                node.y,
                node.y + size * 0.75,
            )


@pytest.mark.parametrize("width", [90.0, 160.0, 313.0, 520.0])
def test_charts_keep_their_text_inside_their_box(width):
    """Labels of 60 characters (the most allowed) and numbers up to 10^12 stay inside the
    chart's box (a bar's label may overhang by `OVERHANG`, into the gutter or margin), and no
    number is printed in exponent notation."""
    from briefing.spec.records import Chart, ChartSeries

    theme = Theme()
    longest = "more than a few dozen thousand 999 billion"
    bars = [
        charts.Bar(WIDE_LABEL, 1e12, crosschecks.format_number(1e12)),
        charts.Bar(WIDE_WORDS, 1e-300, crosschecks.format_number(1e-300)),
        charts.Bar("Short", 999e9, longest),
    ]
    grouped = Chart(
        kind="grouped-bars",
        title="T",
        categories=[WIDE_LABEL, WIDE_WORDS, *"abcdefghij"],
        series=[ChartSeries(name=n, values=[1e12, 0.05] + [7.0] * 10) for n in [WIDE_LABEL] * 6],
    )
    for drawing, overhang in (
        (charts.draw_bars(bars, theme, width=width), charts.OVERHANG),
        (charts.draw_bars(bars, theme.scaled(scale=0.8, spacing=1), width=width), charts.OVERHANG),
        (charts.draw_grouped(grouped, theme, width=width), 0.0),
        (charts.draw_grouped(grouped, theme, width=width, scale=0.7), 0.0),
    ):
        texts = list(_extents(drawing))
        assert len(texts) > 2
        for text, left, right, bottom, top in texts:
            assert -0.01 <= left and right <= width + overhang + 0.01, (text, left, right)
            assert -0.01 <= bottom and top <= drawing.height + 0.01, (text, bottom, top)
            assert not re.search(r"\de[+-]?\d", text), text
    shown = {text for text, *_ in _extents(charts.draw_grouped(grouped, theme, width=width))}
    assert {"1,000,000,000,000", "0.1", "7"} <= shown


def test_a_narrow_column_keeps_long_chart_labels_on_the_page(tmp_path):
    """Issue 9: a 300-character bar label ran off the page. Labels now have at most 60
    characters, and the longest, in the narrowest side column a template can make, stays on
    the page: every character PDFium reads back lies within the margins (give or take the
    overhang a label may have)."""
    from test_budgets import char_boxes

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "narrow.yaml").write_text(
        "margin: 40\nside_column: 0.25\n", encoding="utf-8"
    )
    spec = tmp_path / "narrow.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\ntemplate: narrow\n"
        "figures: [{id: a, qualifier: more than a few dozen thousand, value: 999 billion, "
        "label: a}]\ncharts:\n"
        f"  - {{kind: bars, title: B, bars: [{{label: {WIDE_LABEL}, value: 1e12}}, "
        f"{{label: {WIDE_WORDS}, value: 1}}, {{figure: a}}]}}\n"
        f"  - {{kind: grouped-bars, title: G, categories: [{WIDE_LABEL}, {WIDE_WORDS}, c], "
        f"series: [{{name: {WIDE_LABEL}, values: [1e12, 2, 3]}}, "
        f"{{name: {WIDE_WORDS}, values: [1, 0.5, 3]}}]}}\n",
        encoding="utf-8",
    )
    margin = 40 * 72 / 25.4
    for built in make(spec, out_dir=tmp_path / "out"):
        boxes = char_boxes(built.path)
        assert len(boxes) > 300
        for (page_width, _), (left, _, right, _) in boxes:
            assert (
                margin - charts.OVERHANG - 1
                <= left
                <= right
                <= (page_width - margin + charts.OVERHANG + 1)
            ), (built.layout, left, right)


# Numbers as the spec's language writes them (issue 10) ------------------------------------------

HEAD = "title: T\norganisations: X\nsummary: S\n"


def _make(tmp_path, body, *, layouts=("multi-page",)):
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + body, encoding="utf-8")
    return [pdfcheck.text(b.path) for b in make(spec, layouts=list(layouts), out_dir=tmp_path)]


def test_a_french_proportion_reads_french_numbers(tmp_path):
    """Issue 10: `820 000` was refused, and `1,34 million` read as 134 million, so that the
    share printed "<1%" where the truth is 61%."""
    for space in (" ", "\u00a0", "\u202f"):
        (text,) = _make(
            tmp_path,
            "language: fr\n"
            f"figures: [{{id: part, value: '820{space}000', label: maisons}}, "
            "{id: whole, value: '1,34 million', label: maisons recensées}]\n"
            "charts: [{kind: proportion, title: Part, part: part, whole: whole}]\n",
        )
        assert "61 %" in text and "<1%" not in text
        assert "820 000 sur 1,34 million maisons recensées (part calculée" in text


def test_a_computed_share_carries_the_qualifiers_of_its_figures(tmp_path):
    """Issue 10: 159 of "more than 1,600" printed "10%"; the share is less than that, and the
    note says it was computed."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "figures: [{id: killed, qualifier: more than, value: '1,600', label: killed}, "
        "{id: admitted, value: '159', label: admitted}]\n"
        "charts: [{kind: proportion, title: Admitted, part: admitted, whole: killed}]\n",
        encoding="utf-8",
    )
    loaded = load_spec(spec).spec
    share = charts.share_of(loaded, loaded.charts[0])
    assert (share.qualifier, share.shown) == ("less than", "10%")
    assert share.caption == "159 of more than 1,600 killed (share computed from these figures)"
    drawn = [text for text, *_ in _extents(bignumbers.draw_proportion(share, Theme(), width=200))]
    assert drawn == ["less than", "10%"]
    (text,) = _make(tmp_path, spec.read_text(encoding="utf-8").removeprefix(HEAD))
    assert "less than 10%" in text
    assert "159 of more than 1,600 killed (share computed from these figures)" in text


def test_a_charted_figure_is_plotted_as_its_language_reads_it(tmp_path):
    """A number is never plotted otherwise than the printed figure reads: `280.000` in a German
    spec is 280,000; bars of the chart's own numbers print in the spec's language."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "language: de\n"
        "figures: [{id: a, value: '280.000', label: a}, {id: b, value: '150', label: b}, "
        "{id: c, value: '1,5 Mio.', label: c}]\n"
        "charts: [{kind: bars, title: T, bars: [{figure: a}, {figure: b}, {figure: c}, "
        "{label: d, value: 1600.5}]}]\n",
        encoding="utf-8",
    )
    loaded = load_spec(spec).spec
    bars = charts.bars_of(loaded, loaded.charts[0])
    assert [(b.number, b.shown) for b in bars] == [
        (280_000, "280.000"),
        (150, "150"),
        (1_500_000, "1,5 Mio."),
        (1600.5, "1.600,5"),
    ]


def test_grouped_bars_print_numbers_in_the_spec_language(tmp_path):
    (text,) = _make(
        tmp_path,
        "language: fr\ncharts: [{kind: grouped-bars, title: G, categories: [x], "
        "series: [{name: s, values: [1600.5]}, {name: t, values: [20000]}]}]\n",
    )
    assert "1 600,5" in text and "20 000" in text


@pytest.mark.parametrize("width", [90.0, 160.0, 313.0])
@pytest.mark.parametrize("qualifier", ["less than", "a little more than some of the"])
def test_a_proportion_keeps_its_words_inside_its_box(width, qualifier):
    share = charts.Share(0.1, "99.9%", qualifier, "caption")
    drawing = bignumbers.draw_proportion(share, Theme(), width=width)
    texts = list(_extents(drawing))
    assert "".join(t for t, *_ in texts).replace(" ", "") == (qualifier + "99.9%").replace(" ", "")
    for text, left, right, bottom, top in texts:
        assert 0 <= left and right <= width + 0.01, (text, left, right)
        assert 0 <= bottom and top <= drawing.height + 0.01, (text, bottom, top)


# Issue 12: visuals a design desk signs ----------------------------------------------------------


def _shapes(drawing, kind):
    from reportlab.graphics import shapes

    return [node for node in charts._nodes(drawing) if isinstance(node, getattr(shapes, kind))]


def test_a_zero_bar_is_no_bar_only_its_zero(tmp_path):
    """Issue 12: a zero was drawn as a 2 pt stub, which reads as a small number."""
    from briefing.design.i18n import words
    from briefing.spec.records import Chart, ChartSeries

    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "language: ar\nfigures: [{id: a, value: '30', label: a}]\n"
        "charts: [{kind: bars, title: T, bars: [{figure: a}, {label: b, value: 0}]}]\n",
        encoding="utf-8",
    )
    loaded = load_spec(spec).spec
    bars = charts.bars_of(loaded, loaded.charts[0], words("ar").with_digits("arabic-indic"))
    assert [b.shown for b in bars] == ["30", "٠"]
    drawing = charts.draw_bars(bars, Theme(), width=200)
    assert [(r.x, r.width) for r in _shapes(drawing, "Rect")] == [(0, pytest.approx(188.5, 1))]
    zero = [s for s in _shapes(drawing, "String") if s.text == "٠"]
    assert len(zero) == 1 and zero[0].x == 0
    grouped = Chart(
        kind="grouped-bars",
        title="T",
        categories=["x", "y"],
        series=[ChartSeries(name="s", values=[0, 3])],
    )
    drawn = charts.draw_grouped(grouped, Theme(), width=200)
    assert [r.height > 0 for r in _shapes(drawn, "Rect")] == [True, True]  # y's bar, legend key
    assert "0" in [s.text for s in _shapes(drawn, "String")]


def test_the_zero_bar_of_the_full_spec_has_no_filled_shape(full_pdfs):
    """Read back from the PDF: nothing is painted on the row of the `Repaired` bar, whose value
    is 0, left of its "0" label."""
    import pypdfium2
    import pypdfium2.raw as raw

    for built in full_pdfs.values():
        for page in pypdfium2.PdfDocument(str(built.path)):
            text = page.get_textpage()
            found = text.search("Repaired").get_next()
            if found is None:
                continue
            start = found[0] + found[1]
            chars = [
                (text.get_text_range(i, 1), text.get_charbox(i)) for i in range(start, start + 4)
            ]
            left, bottom, right, top = next(box for char, box in chars if char == "0")
            paths = [
                obj.get_bounds() for obj in page.get_objects() if obj.type == raw.FPDF_PAGEOBJ_PATH
            ]
            stubs = [
                p
                for p in paths
                if p[0] >= left - 8 and p[2] <= left + 1 and p[1] < top and p[3] > bottom
            ]
            assert stubs == [], built.path.name
            break
        else:
            pytest.fail(f"no zero bar in {built.path.name}")


def _chars(pdf):
    """(character, font size, left, right, baseline) of every character drawn on the first
    page of `pdf`, read back with PDFium."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    text = pypdfium2.PdfDocument(str(pdf))[0].get_textpage()
    chars = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            left, _, right, _ = text.get_charbox(i)
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            chars.append((char, raw.FPDFText_GetFontSize(text.raw, i), left, right, y.value))
    return chars


def _qualified(pdf, value, *, rtl=False):
    """For each place `value` is drawn in large type (the key figures, a proportion chart), the
    smaller text on its baseline right before it in reading order (left of it, or right in a
    right-to-left brief), each character less than 8 pt from the next."""
    chars = _chars(pdf)
    found = []
    for i in range(len(chars) - len(value) + 1):
        run = chars[i : i + len(value)]
        if "".join(c[0] for c in run) != value or not 18 <= run[0][1] <= 24.5:
            continue
        baseline, size = run[0][4], run[0][1]
        left, right = min(c[2] for c in run), max(c[3] for c in run)
        beside = [
            c
            for c in chars
            if abs(c[4] - baseline) < 0.5
            and c[1] < size * 0.6
            and (
                left - 4 * size < c[3] <= left + 0.5
                if not rtl
                else right - 0.5 <= c[2] < right + 4 * size
            )
        ]
        edge, touching = (left, []) if not rtl else (right, [])
        for c in sorted(beside, key=lambda c: abs(c[2] - edge)):
            if (edge - c[3] if not rtl else c[2] - edge) > 8:
                break
            touching.append(c)
            edge = c[2] if not rtl else c[3]
        found.append("".join(c[0] for c in sorted(touching, key=lambda c: c[2])))
    return found


def test_big_numbers_keep_their_qualifier_on_their_baseline(raqqa_pdfs):
    """Issue 12: the big "80%" dropped "nearly", printed as a tiny caption above it. The key
    figures (band and stack) and the proportion chart print `nearly 80%` as one phrase: the
    qualifier smaller, on the value's baseline, before it."""
    one_page = raqqa_pdfs["one-page"].path
    assert [q for q in _qualified(one_page, "1,600") if q] == ["morethan"]
    assert [q for q in _qualified(one_page, "80%") if q] == ["nearly", "nearly"]  # band, chart
    assert _qualified(one_page, "159") == [""]
    assert [q for q in _qualified(raqqa_pdfs["multi-page"].path, "80%") if q] == ["nearly"]


def test_the_stack_of_figures_keeps_its_qualifiers(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "side.yaml").write_text(
        "layout:\n  one_page:\n    top: []\n    main: [summary]\n    side: [figures]\n",
        encoding="utf-8",
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "template: side\nfigures: [{qualifier: more than, value: '1,600', label: killed},"
        " {qualifier: nearly, value: 80%, label: destroyed}]\n",
        encoding="utf-8",
    )
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    assert _qualified(built.path, "1,600") == ["morethan"]
    assert _qualified(built.path, "80%") == ["nearly"]


def test_arabic_big_numbers_keep_their_qualifier_before_them(tmp_path):
    arabic = RAQQA.with_name("raqqa.ar.yaml")
    (built,) = make(arabic, layouts=["one-page"], out_dir=tmp_path)
    qualifiers = _qualified(built.path, "1600", rtl=True)
    assert len(qualifiers) == 1 and len(qualifiers[0]) >= 4
    assert all("\u0600" <= c <= "\u06ff" or "\ufe70" <= c <= "\ufeff" for c in qualifiers[0])


def test_a_proportion_sets_its_qualifier_on_the_value_baseline():
    share = charts.Share(0.8, "80%", "nearly", "caption")
    strings = _shapes(bignumbers.draw_proportion(share, Theme(), width=200), "String")
    qualifier, value = strings
    assert (qualifier.text, value.text) == ("nearly", "80%")
    assert qualifier.y == value.y and qualifier.fontSize < value.fontSize * 0.5
    rtl = Theme().with_direction("rtl")
    mirrored = charts.directed(bignumbers.draw_proportion(share, rtl, width=200), rtl)
    qualifier, value = _shapes(mirrored, "String")
    assert qualifier.textAnchor == value.textAnchor == "end" and qualifier.x > value.x


def test_every_chart_source_line_has_one_style(raqqa_pdfs, full_pdfs):
    """Issue 12: "Source: Amnesty International with Airwars¹" beside "Source: note 2", then
    "Source: note 2" beside "Source: Amnesty International with Airwars (note 1)": a source
    without a publisher is named by its title, shortened at a word."""
    for built in (*raqqa_pdfs.values(), *full_pdfs.values()):
        text = pdfcheck.text(built.path)
        lines = re.findall(r"Source: [^.(]*\(note \d\)|Source: note \d", text)
        if "raqqa" in built.path.name:
            assert lines == [
                "Source: Amnesty International with Airwars (note 1)",
                "Source: News report on Amnesty International\u2026 (note 2)",
            ], built.path.name
        else:
            assert sorted(lines) == [
                "Source: Example Rights Watch (note 1)",
                "Source: Example Rights Watch (note 1)",
                "Source: Field Monitors Network (note 2)",
            ], built.path.name
        links = [
            a["/Dest"] if "/Dest" in a else a.get("/A", {}).get("/D")
            for page in pdfcheck.reader(built.path).pages
            for a in (x.get_object() for x in page.get("/Annots", []))
            if a.get("/Subtype") == "/Link" and "/URI" not in a.get("/A", {})
        ]
        assert len(links) >= len(lines), built.path.name


@pytest.mark.parametrize(
    "title, short",
    [
        ("Short title", "Short title"),
        (
            "News report on Amnesty International and Airwars' investigation",
            "News report on Amnesty International\u2026",
        ),
        (
            "Article de presse sur l’enquête d’Amnesty International",
            "Article de presse sur l’enquête\u2026",
        ),
        ("X" * 60, "X" * 40 + "\u2026"),
    ],
)
def test_a_source_without_publisher_is_named_by_its_short_title(title, short):
    from briefing.layout.visualblocks import SHORT_TITLE, short_title

    assert short_title(title) == short and len(short) <= SHORT_TITLE + 1


def test_qr_code_has_its_quiet_zone(full_pdfs):
    """Issue 12: the QR code had no quiet zone and "READ MORE" sat 2 pt above it. Four modules
    of white on every side, measured on the rendered page, and the code still decodes."""
    import pypdfium2
    import zxingcpp
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget("https://example.org/report", barLevel="M")
    widget.qr.make()
    modules = widget.qr.getModuleCount()
    for built in full_pdfs.values():
        for page in pypdfium2.PdfDocument(str(built.path)):
            image = page.render(scale=200 / 72).to_pil().convert("L")
            results = zxingcpp.read_barcodes(image)
            if not results:
                continue
            (result,) = results
            assert result.text == "https://example.org/report"
            corners = result.position
            xs = [p.x for p in (corners.top_left, corners.top_right, corners.bottom_left)]
            ys = [p.y for p in (corners.top_left, corners.top_right, corners.bottom_left)]
            left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
            module = (right - left) / (modules - 1)
            quiet = 4 * module
            ring = image.crop(
                (
                    round(left - quiet - 1),
                    round(top - quiet - 1),
                    round(right + quiet + 1),
                    round(bottom + quiet + 1),
                )
            )
            inner = (
                round(quiet + 1),
                round(quiet + 1),
                round(quiet + right - left + 1),
                round(quiet + bottom - top + 1),
            )
            dark = [
                (x, y)
                for x in range(ring.width)
                for y in range(ring.height)
                if ring.getpixel((x, y)) < 160
                and not (
                    inner[0] - module <= x <= inner[2] + module
                    and inner[1] - module <= y <= inner[3] + module
                )
            ]
            assert dark == [], (built.path.name, dark[:5], module)
            break
        else:
            pytest.fail(f"no QR code in {built.path.name}")


def test_a_chart_is_never_parted_from_its_title_and_note(tmp_path):
    """Issue 12: a page break could fall between a chart's title, its drawing and its note.
    Whatever the length of the text before it, they are on one page."""
    body = (
        "figures: [{id: a, value: '10', label: a}, {id: b, value: '4', label: b}]\n"
        "sources: [{id: s, title: S, publisher: P}]\n"
        "charts:\n  - {kind: bars, title: Chart title, axis: counted things, source: s, "
        "bars: [{figure: a}, {figure: b}, {label: c, value: 3}, {label: d, value: 2}]}\n"
    )
    for sentences in range(50, 62, 2):
        spec = tmp_path / f"spec{sentences}.yaml"
        spec.write_text(
            HEAD.replace("summary: S", f"summary: {'Words of the summary. ' * sentences}") + body,
            encoding="utf-8",
        )
        (built,) = make(spec, layouts=["multi-page"], out_dir=tmp_path)
        pages = pdfcheck.page_texts(built.path)
        holding = [i for i, page in enumerate(pages) if "Chart title" in page]
        assert len(holding) == 1, sentences
        assert "Source: P (note 1)" in pages[holding[0]], sentences
