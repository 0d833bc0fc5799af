"""The one-page fitter places blocks before it shrinks type, and leaves the columns balanced."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build import Request, make, plan, prepare
from briefing.cli import main
from briefing.fitting import (
    BALANCED_LINES,
    NOTE_FLOOR_PT,
    Grid,
    _attempts,
    fit_to_one_page,
)
from briefing.placement import Placement
from briefing.theme import BODY_FLOOR_PT, BODY_STYLE
from briefing.typography import typeset_spec

import pdfcheck
from test_onepage import long_spec

ROOT = Path(__file__).resolve().parents[1]
NGO = ROOT / "briefs" / "templates" / "example-ngo.yaml"
SPECS = [
    "briefs/raqqa.yaml",
    "briefs/raqqa.fr.yaml",
    "briefs/raqqa.ar.yaml",
    "tests/specs/full.yaml",
]
MOST_EMPTY = 60.0
"""The most a column may leave empty under itself while type is shrunk."""


def fitted(spec: str, template: Path | None) -> dict[str | None, Grid]:
    """The fitted grid of every audience (and the general brief) of `spec` with `template`."""
    loaded, tpl = prepare(ROOT / spec, template)
    work = plan(loaded, tpl, Request(layouts=("one-page",), all_audiences=True))
    general = plan(loaded, tpl, Request(layouts=("one-page",)))
    designs = {**general.designs, **work.designs}
    views = {**general.views, **work.views}
    return {a: fit_to_one_page(typeset_spec(views[a]), designs[a]) for a in designs}


def line_height(grid: Grid) -> float:
    return grid.theme.size(BODY_STYLE) * grid.theme.styles[BODY_STYLE].leading


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("template", [None, NGO], ids=["default", "example-ngo"])
def test_columns_end_together(spec, template):
    """Shrunk, no column leaves more than ~60 pt empty; at full size, the columns end within
    three body lines of each other, or no block of the taller column could be moved to the
    shorter one without making it the taller by more."""
    for audience, grid in fitted(spec, template).items():
        room = grid.column_room()
        main, side = grid.main.height(), grid.side.height()
        where = f"{spec} {template and template.name} {audience}: main {main:.0f}, side {side:.0f}"
        assert main <= room + 0.01 and side <= room + 0.01, where
        if grid.theme.scale < 1:
            assert room - min(main, side) <= MOST_EMPTY, f"{where}, room {room:.0f}"
            assert room - max(main, side) <= MOST_EMPTY, f"{where}, room {room:.0f}"
        elif abs(main - side) > BALANCED_LINES * line_height(grid):
            taller = grid.main if main > side else grid.side
            smallest = min(h for h in taller.block_heights().values() if h > 0)
            assert smallest >= abs(main - side) / 2, f"{where}, smallest block {smallest:.0f}"


def test_the_readme_example_builds_every_one_page(tmp_path):
    """The example-ngo journalist page overflowed its side column by 19 pt (38 pt in French)
    although the main column had room: a chart or quotes now move there."""
    for spec in ("briefs/raqqa.yaml", "briefs/raqqa.fr.yaml"):
        built = make(
            ROOT / spec,
            layouts=["one-page"],
            all_audiences=True,
            template=NGO,
            out_dir=tmp_path,
        )
        assert [(b.audience, b.pages) for b in built] == [
            ("journalist", 1),
            ("advocate", 1),
            ("policymaker", 1),
        ]


def test_moving_beats_shrinking_with_a_hole():
    """The default journalist page was shrunk to 84% with a 114 pt hole under the main column;
    now parts of the side column move to the main column and both columns end together."""
    grid = fitted("briefs/raqqa.yaml", None)["journalist"]
    assert grid.placement is not None
    designed = grid.design.one_page
    assert grid.placement != Placement(grid.placement.main, grid.placement.side)
    assert [u.block for u in grid.placement.main][: len(designed.main or [])] != list(
        designed.main or []
    ) or {u.block for u in grid.placement.main} - set(designed.main or [])
    room = grid.column_room()
    assert room - min(grid.main.height(), grid.side.height()) <= MOST_EMPTY


def test_notes_stop_shrinking_at_their_floor():
    """Source and chart notes (7 pt at full size) stop at 6.5 pt while the body goes on to
    7.5 pt: they were printed at 5.9 pt on the journalist page."""
    loaded, tpl = prepare(ROOT / "briefs" / "raqqa.yaml")
    design = plan(loaded, tpl, Request(layouts=("one-page",))).designs[None]
    attempts = _attempts(design)
    assert attempts[-1].theme.size(BODY_STYLE) == pytest.approx(BODY_FLOOR_PT)
    for attempt in attempts:
        theme = attempt.theme
        for name, style in design.theme.styles.items():
            if style.size >= NOTE_FLOOR_PT:
                assert theme.size(name) >= NOTE_FLOOR_PT - 1e-9, (name, theme.scale)
        assert theme.size("source.text") == pytest.approx(max(7 * theme.scale, NOTE_FLOOR_PT))


def test_an_overflow_names_the_pdf_it_leaves_out_of_date(tmp_path, capsys):
    """Other layouts are written; the one that does not fit is named, and so is the earlier
    PDF it leaves out of date."""
    spec = long_spec(tmp_path, 4)
    out = tmp_path / "out"
    assert main(["make", str(spec), "--layout", "all", "--out-dir", str(out)]) == 0
    capsys.readouterr()
    spec.write_text(long_spec(tmp_path, 14).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["make", str(spec), "--layout", "all", "--out-dir", str(out)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"{spec}:5:3: one-page brief does not fit on one page")
    assert lines[1:] == [
        f"{out / 'long4-one-page.pdf'} was not built; the earlier file there is out of date"
    ]
    assert captured.out.startswith(f"{out / 'long4-multi-page.pdf'}: ")
    assert pdfcheck.text(out / "long4-multi-page.pdf").count("Finding 13") == 1


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("template", [None, NGO], ids=["default", "example-ngo"])
def test_ends_closes_the_press_release_whatever_moves(spec, template):
    """Blocks moved into the main column go before "ENDS", never after it, and "ENDS" itself
    never moves."""
    grid = fitted(spec, template)["journalist"]
    names = list(grid.main.blocks)
    assert names[-1] == "ends", names
    assert "ends" not in grid.side.blocks and "ends" not in grid.row.blocks
