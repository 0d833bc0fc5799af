"""The one-page fit shares work between its attempts without changing what it chooses: a size
is only asked whether something fits, a block is built once per theme and width (and chart
scale, when it draws charts or images), and a wider or narrower side column keeps the bands."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reportlab.platypus import Frame

from briefing.build import Request, plan, prepare
from briefing.design.design import Design
from briefing.design.typography import typeset_spec
from briefing.layout import keyfigures, multipage
from briefing.layout.attempts import _FIXED_TYPE, attempts
from briefing.layout.fitting import Trial, _placements
from briefing.layout.placement import Blocks, Built
from briefing.spec.validate import LoadedSpec

from test_onepage import long_spec

ROOT = Path(__file__).resolve().parents[1]
RAQQA = ROOT / "briefs" / "raqqa.yaml"


@pytest.fixture(scope="module")
def raqqa() -> tuple[LoadedSpec, Design]:
    loaded, tpl = prepare(RAQQA)
    work = plan(loaded, tpl, Request(layouts=("one-page",)))
    (audience,) = work.designs
    return typeset_spec(work.views[audience]), work.designs[audience]


def heights(blocks: Blocks, block: str, width: float) -> list[float]:
    head, parts = blocks.pieces(block, width)
    return [head.height, *(part.height for part in parts)]


def test_speed_fit2_a_size_that_fits_is_one_the_best_placement_fits_at(raqqa):
    """`Trial.fits` stops at the first placement that fits; it says the same as `best` at
    every size the fitter may try, whether the size fits or not."""
    loaded, design = raqqa
    answers = set()
    for attempt in attempts(design)[_FIXED_TYPE - 1 :: 3]:
        fits = Trial.of(loaded, attempt).fits(_placements(Trial.of(loaded, attempt)))
        best = Trial.of(loaded, attempt).best(_placements(Trial.of(loaded, attempt)))
        assert fits == (best is not None)
        answers.add(fits)
    assert answers == {True, False}


def test_speed_fit2_charts_are_built_again_at_another_chart_scale(raqqa):
    loaded, design = raqqa
    built = Built()
    full = Blocks(loaded, design, lead=None, built=built)
    small = Blocks(loaded, dataclasses.replace(design, chart_scale=0.7), lead=None, built=built)
    assert heights(small, "charts", 200)[1] < heights(full, "charts", 200)[1]
    assert heights(small, "charts", 200) == heights(
        Blocks(loaded, small.design, lead=None), "charts", 200
    )
    assert small.pieces("demands", 200) is full.pieces("demands", 200)


def test_speed_fit2_another_spacing_type_size_or_width_is_built_again(raqqa):
    loaded, design = raqqa
    built = Built()
    blocks = Blocks(loaded, design, lead=None, built=built)
    theme = design.theme
    for other, width in [
        (theme.scaled(scale=1.0, spacing=0.6), 200),
        (theme.scaled(scale=0.9, spacing=1.0), 200),
        (theme, 150),
    ]:
        changed = Blocks(loaded, dataclasses.replace(design, theme=other), lead=None, built=built)
        fresh = Blocks(loaded, changed.design, lead=None)
        assert heights(changed, "demands", width) == heights(fresh, "demands", width)
        assert heights(changed, "demands", width) != heights(blocks, "demands", 200)


def test_speed_fit2_a_trial_with_another_share_is_the_one_built_for_it(raqqa):
    """`Trial.shared` keeps the bands and the blocks built: its grid measures as the grid of
    an attempt built afresh with that share of the width for the side column."""
    loaded, design = raqqa
    trial = Trial.of(loaded, design)
    placement = _placements(trial)[0]
    trial.grid(placement)
    for share in (design.side_share - 0.06, design.side_share + 0.03):
        shared = trial.shared(share).grid(placement)
        fresh = Trial.of(loaded, dataclasses.replace(design, side_share=share)).grid(placement)
        assert shared.design == fresh.design
        assert (shared.main.width, shared.side.width) == (fresh.main.width, fresh.side.width)
        assert [r.height() for r in (shared.main, shared.side, shared.top, shared.bottom)] == [
            r.height() for r in (fresh.main, fresh.side, fresh.top, fresh.bottom)
        ]


def test_speed_fit2_a_column_known_too_tall_is_as_tall_as_it_is_said(raqqa):
    """A column stops being built once it is taller than the limit: whatever the limit, it is
    said too tall exactly when the whole column is."""
    loaded, design = raqqa
    trial = Trial.of(loaded, design)
    for placement in _placements(trial)[:8]:
        whole = trial.blocks.column_height(placement.main, trial.main_width, main=True)
        for limit in (0.0, whole / 3, whole - 0.01, whole, whole + 0.01):
            stopped = trial.blocks.column_height(
                placement.main, trial.main_width, main=True, limit=limit
            )
            assert (stopped > limit) == (whole > limit)
            assert stopped <= whole


def test_speed_fit2_a_changed_key_figure_band_is_set_again(raqqa):
    """The key figures' widths and number size are kept across builds: a changed label,
    number, citation, label style or width is set again, as it is from cold."""
    loaded, design = raqqa
    spec, theme, words = loaded.spec, design.theme, design.words
    figures = list(spec.figures)
    longer = dataclasses.replace(figures[2], label=figures[2].label + " across the whole city")
    variants = [
        (spec, theme, 500.0),
        (dataclasses.replace(spec, figures=[*figures[:2], longer, *figures[3:]]), theme, 500.0),
        (
            dataclasses.replace(
                spec, figures=[dataclasses.replace(figures[0], value="1,600,000"), *figures[1:]]
            ),
            theme,
            500.0,
        ),
        (
            dataclasses.replace(
                spec, figures=[dataclasses.replace(figures[0], source=None), *figures[1:]]
            ),
            theme,
            500.0,
        ),
        (spec, theme.restyled({"figure.label": {"upper": True, "size": 11}}), 500.0),
        (spec, theme, 380.0),
    ]

    def band(spec, theme, width, *, cold):
        if cold:
            keyfigures._BANDS.clear()
            keyfigures._LINES.clear()
        return keyfigures._band(spec, theme, width=width, pad=8 * theme.scale, words=words)

    colds = [band(*variant, cold=True) for variant in variants]
    assert all(cold != colds[0] for cold in colds[1:3] + colds[4:])
    band(*variants[0], cold=True)
    assert [band(*variant, cold=False) for variant in variants] == colds
    assert len(keyfigures._BANDS) == len(variants)


@pytest.mark.parametrize("findings", [5, 11])
def test_speed_fit2_a_trial_pass_that_does_not_draw_counts_as_one_that_does(
    tmp_path, monkeypatch, findings
):
    """The multi-page trial passes place flowables without drawing them: they find the same
    pages, lines, filling and starts as passes that draw, and the same PDF comes out."""
    specs = [RAQQA, ROOT / "briefs" / "raqqa.ar.yaml", long_spec(tmp_path, findings)]
    build = multipage._build

    def run() -> list[object]:
        seen: list[object] = []

        def recorded(*args, **kwargs):
            doc, pdf = build(*args, **kwargs)
            seen.append((doc.page, doc.lines, doc.filled, doc.starts, pdf))
            return doc, pdf

        monkeypatch.setattr(multipage, "_build", recorded)
        for spec in specs:
            loaded, tpl = prepare(spec)
            work = plan(loaded, tpl, Request(layouts=("multi-page",)))
            (audience,) = work.designs
            multipage.render_multi_page(work.views[audience], work.designs[audience])
        return seen

    placed = run()
    monkeypatch.setattr(multipage, "_PlacingFrame", Frame)
    drawn = run()
    assert placed == drawn
    assert len(placed) > 2 * len(specs)  # some brief was tightened or pushed


def test_speed_fit2_a_kept_right_to_left_chart_is_mirrored_once():
    """Charts are kept drawn, and their texts in drawing order: each use of an Arabic chart
    is mirrored and ordered once, as it is from cold, however often the caches serve it."""
    from reportlab.graphics.shapes import String

    from briefing.layout import charts, visualblocks
    from briefing.layout.sections import BlockContext

    loaded, tpl = prepare(ROOT / "briefs" / "raqqa.ar.yaml")
    work = plan(loaded, tpl, Request(layouts=("one-page",)))
    (audience,) = work.designs
    view, design = work.views[audience], work.designs[audience]
    assert design.theme.direction == "rtl"
    ctx = BlockContext(view.spec, design, "one-page", 200.0, images=view.images)
    chart = next(c for c in view.spec.charts if c.kind == "bars")

    def strings(drawing) -> list[tuple[float, str, str]]:
        nodes = charts._nodes(drawing)
        return [(n.x, n.text, n.textAnchor) for n in nodes if isinstance(n, String)]

    visualblocks._DRAWN.clear()
    charts._shown.cache_clear()
    cold = strings(visualblocks._drawing(ctx, chart))
    assert [strings(visualblocks._drawing(ctx, chart)) for _ in range(3)] == [cold] * 3
