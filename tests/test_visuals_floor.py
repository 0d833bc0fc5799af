"""Issue 12: chart text on a shrunk one-page fell to 6.0 pt ("Documentés par…" in the French
journalist brief, the grouped bars' numbers and names). No chart string is set below
`charttext.TEXT_FLOOR`, however far the page or the chart shrinks, and it stays in its box."""

from __future__ import annotations

import pytest
from reportlab.graphics import shapes

from briefing.build import make, prepare
from briefing.design.theme import Theme
from briefing.layout import bignumbers, charts, charttext
from briefing.spec.records import Chart, ChartSeries

from conftest import RAQQA, SPECS

SHIPPED = [RAQQA, RAQQA.with_name("raqqa.fr.yaml"), RAQQA.with_name("raqqa.ar.yaml")]
TEMPLATES = [None, RAQQA.parent / "templates" / "example-ngo.yaml"]
WIDE_LABEL = "W" * 60
WIDE_WORDS = ("Wide words " * 6)[:60]


def _strings(drawing):
    return [n for n in charts._nodes(drawing) if isinstance(n, shapes.String)]


@pytest.mark.parametrize("template", TEMPLATES, ids=["default", "example-ngo"])
@pytest.mark.parametrize("spec", [*SHIPPED, SPECS / "full.yaml"], ids=lambda p: p.stem)
def test_no_chart_glyph_below_the_floor_on_any_shipped_one_page(
    spec, template, tmp_path, monkeypatch
):
    """Every chart drawn on every shipped one-page (spec x template x audience), read as it is
    drawn onto the page: the drawings `charts.directed` hands to the page, at their size."""
    made, drawn = {}, []
    directed, draw_on = charts.directed, shapes.Drawing.drawOn

    def record(drawing, theme):
        made[id(drawing)] = drawing  # kept alive, so no other drawing reuses its id
        return directed(drawing, theme)

    def drawing_on(self, *args, **kwargs):
        if id(self) in made:
            drawn.append((min(s.fontSize for s in _strings(self)), self.height))
        return draw_on(self, *args, **kwargs)

    monkeypatch.setattr(charts, "directed", record)
    monkeypatch.setattr(shapes.Drawing, "drawOn", drawing_on)
    _, tpl = prepare(spec, template)
    built = make(
        spec,
        template=template,
        layouts=["one-page"],
        audiences=[None, *tpl.template.audiences],
        out_dir=tmp_path,
    )
    assert len(built) == 1 + len(tpl.template.audiences)
    assert len(drawn) >= 2 * len(built)
    assert min(size for size, _ in drawn) >= charttext.TEXT_FLOOR


@pytest.mark.parametrize("width", [90.0, 160.0, 313.0])
@pytest.mark.parametrize("scale", [1.0, 0.8, 0.7])
def test_charts_of_a_shrunk_page_keep_the_floor_and_their_box(width, scale):
    """At every type scale the fitter may reach, with the longest labels and numbers allowed,
    each string is at least `TEXT_FLOOR` and lies inside the drawing's box: a word too wide at
    the floor is broken, and the drawing grows to hold what takes more lines."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    theme = Theme().scaled(scale=scale, spacing=1)
    bars = [
        charts.Bar(WIDE_LABEL, 1e12, "1,000,000,000,000"),
        charts.Bar(WIDE_WORDS, 0, "0"),
        charts.Bar("Short", 999e9, "more than a few dozen thousand 999 billion"),
    ]
    grouped = Chart(
        kind="grouped-bars",
        title="T",
        categories=[WIDE_LABEL, WIDE_WORDS, "North", "Centre"],
        series=[ChartSeries(name=n, values=[1e12, 0.05, 7, 0]) for n in (WIDE_LABEL, "Working")],
    )
    share = charts.Share(0.1, "99.9%", "a little more than some of the", "caption")
    for drawing, overhang in (
        (charts.draw_bars(bars, theme, width=width, scale=0.7), charts.OVERHANG),
        (charts.draw_grouped(grouped, theme, width=width, scale=0.7), 0.0),
        (bignumbers.draw_proportion(share, theme, width=width, scale=0.7), 0.0),
    ):
        for node in _strings(drawing):
            assert node.fontSize >= charttext.TEXT_FLOOR, (node.text, node.fontSize)
            text_width = stringWidth(node.text, node.fontName, node.fontSize)
            left = node.x - {"start": 0, "middle": text_width / 2}[node.textAnchor]
            assert -0.01 <= left and left + text_width <= width + overhang + 0.01, node.text
            assert -0.01 <= node.y and node.y + node.fontSize * 0.75 <= drawing.height + 0.01


def test_a_word_wider_than_its_place_at_the_floor_is_broken():
    font = Theme().font("sans")
    lines, size = charttext.fitted("W" * 30 + " end", font, 7.0, 40.0)
    assert size == charttext.TEXT_FLOOR and len(lines) > 3
    assert "".join(lines) == "W" * 30 + "end"
    assert charttext.fitted("Documentés par Amnesty", font, 6.5, 300.0) == (
        ["Documentés par Amnesty"],
        6.5,
    )
