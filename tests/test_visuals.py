"""Charts, proportion graphics, QR codes, timelines and images: drawn from the spec's numbers,
readable as text, decodable, pinned by a small pixel test."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from briefing import charts
from briefing.build import make, resolve_template
from briefing.cli import main
from briefing.design import design_for
from briefing.errors import LayoutError
from briefing.onepage import CHART_SCALES, fit_to_one_page
from briefing.validate import load_spec

import pdfcheck
from conftest import RAQQA, SPECS

GOLDEN = Path(__file__).resolve().parent / "golden"
FAILED = Path(__file__).resolve().parent / "_failed"


@pytest.mark.parametrize(
    "printed, number",
    [
        ("1,600", 1600),
        ("159", 159),
        ("80%", 80),
        ("2 million", 2_000_000),
        ("3.5", 3.5),
        ("12 thousand", 12_000),
        ("about 10", None),
        ("n/a", None),
        ("", None),
    ],
)
def test_figure_number(printed, number):
    assert charts.figure_number(printed) == number


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
    for count in range(2, 40):
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
            "{f}:6:49: charts[0].bars[0].figure: no key figure has id 'nope'; figure ids: a, b, c",
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
    ],
)
def test_chart_problems_are_located(tmp_path, capsys, case, message):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\nfigures: [{id: a, value: '10', "
        "label: a}, {id: b, value: '12', label: b},\n  {id: c, value: many, label: "
        f"c}}]\n{case}\n"
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == message.format(f=spec) + "\n"


def test_bar_chart_pixels(tmp_path):
    """Pins how a bar chart is drawn: a tiny render compared with tests/golden/chart-bars.png."""
    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from briefing.theme import Theme

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
