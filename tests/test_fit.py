"""The one-page fitter places blocks before it shrinks type, and leaves the columns balanced."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from briefing.build import Request, make, plan, prepare
from briefing.cli import main
from briefing.design.theme import BODY_FLOOR_PT, BODY_STYLE
from briefing.design.typography import typeset_spec
from briefing.layout.attempts import NOTE_FLOOR_PT
from briefing.layout.attempts import attempts as ladder
from briefing.layout.fitting import BALANCED_LINES, Grid, Trial, fit_to_one_page
from briefing.layout.grid import region_gap
from briefing.layout.guards import BlockMarker
from briefing.layout.onepage import render_one_page
from briefing.layout.placement import Placement

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
MOST_CHARACTERS = 84
"""The most characters a line of the main column holds (the readable measure is 55-80)."""


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
    """The columns end within three body lines of each other, at any type size and in either
    direction (the Arabic pages ended 91, 97 and 39 pt apart, full size); shrunk, neither leaves
    more than three lines empty (the policymaker page left 49 pt); the full-width row and the
    bottom band follow the columns at the region gap, never under a white band (the Arabic
    advocate page left 73 pt above its notes)."""
    for audience, grid in fitted(spec, template).items():
        room, lines = grid.column_room(), BALANCED_LINES * line_height(grid)
        main, side = grid.main.height(), grid.side.height()
        where = (
            f"{spec} {template and template.name} {audience} at {grid.theme.scale:.0%}: "
            f"main {main:.1f} pt, side {side:.1f} pt, room {room:.1f} pt, 3 lines {lines:.1f} pt"
        )
        assert main <= room + 0.01 and side <= room + 0.01, where
        assert abs(main - side) <= lines, where
        if grid.theme.scale < 1:
            assert room - min(main, side) <= lines, where
        frames = {region.name: (top, height) for region, _, top, height in grid.frames()}
        gap = region_gap(grid.theme)
        end = frames["main column"][0] - max(main, side) - gap
        for name in ("full-width row", "bottom band"):
            if name in frames:
                assert frames[name][0] == pytest.approx(end), f"{where}: {name} {frames[name]}"
                end -= frames[name][1] + gap


def _head_texts(flowables, block):
    """The text of what a block prints before its first part: its heading."""
    texts = []
    for f in flowables:
        if isinstance(f, BlockMarker) and f.key_path.startswith(f"{block}["):
            break
        if hasattr(f, "getPlainText"):
            texts.append(f.getPlainText())
    return texts


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("template", [None, NGO], ids=["default", "example-ngo"])
def test_a_moved_part_does_not_repeat_its_heading(spec, template):
    """ "QUOTES" was printed twice on the journalist pages: over the quotes in the side column
    and again over the one quote moved to the main column. A block's heading prints once."""
    split = 0
    for audience, grid in fitted(spec, template).items():
        regions = [grid.main, grid.side, grid.row]
        for region in regions:
            for key, flowables in region.blocks.items():
                if "[" not in key:
                    continue
                block = key.split("[")[0]
                heads = [
                    text
                    for other in regions
                    for name, content in other.blocks.items()
                    if name == block
                    for text in _head_texts(content, block)
                ]
                texts = [f.getPlainText() for f in flowables if hasattr(f, "getPlainText")]
                repeated = [t for t in heads if t in texts]
                assert not repeated, f"{spec} {audience}: {key} repeats {repeated}"
                split += 1
    if spec == "tests/specs/full.yaml":
        assert split > 0  # parts of charts move on these pages


@pytest.mark.parametrize("spec", SPECS)
def test_a_quote_moved_alone_prints_without_the_heading(spec):
    """The journalist page with its last quote moved to the main column prints the quotes'
    heading once, over the quotes left in the side column."""
    loaded, tpl = prepare(ROOT / spec)
    work = plan(loaded, tpl, Request(layouts=("one-page",), all_audiences=True))
    trial = Trial.of(typeset_spec(work.views["journalist"]), work.designs["journalist"])
    main, side = trial.designed()
    last = [u for u in side if u.block == "quotes"][-1]
    grid = trial.grid(Placement((*main, last), tuple(u for u in side if u != last)))
    heading = _head_texts(grid.side.blocks["quotes"], "quotes")
    assert heading
    printed = [
        f.getPlainText()
        for region in (grid.main, grid.side)
        for f in region.flowables
        if hasattr(f, "getPlainText")
    ]
    assert printed.count(heading[0]) == 1, (heading[0], list(grid.main.blocks))


def _longest_main_line(pdf: bytes, grid: Grid) -> tuple[int, str]:
    ((region, x, top, height),) = [f for f in grid.frames() if f[0].name == "main column"]
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage().get_text_bounded(
        left=x, bottom=top - height, right=x + region.width, top=top
    )
    return max((len(line), line) for line in text.replace("\r", "").split("\n"))


@pytest.mark.parametrize("spec", [s for s in SPECS if ".ar." not in s])
@pytest.mark.parametrize("template", [None, NGO], ids=["default", "example-ngo"])
def test_shrunk_type_keeps_the_main_column_readable(spec, template):
    """Shrunk type in an unchanged column ran 95 characters a line (example-ngo journalist),
    89 (its policymaker page), 90 (the French journalist page): the side column now widens
    instead, so that a main column's line holds at most ~80 characters (counted in the PDF)."""
    loaded, tpl = prepare(ROOT / spec, template)
    for request in (
        Request(layouts=("one-page",)),
        Request(layouts=("one-page",), all_audiences=True),
    ):
        work = plan(loaded, tpl, request)
        for audience, design in work.designs.items():
            pdf, _ = render_one_page(work.views[audience], design)
            grid = fit_to_one_page(typeset_spec(work.views[audience]), design)
            if grid.theme.scale == 1:  # the template's own measure
                continue
            length, line = _longest_main_line(pdf, grid)
            assert length <= MOST_CHARACTERS, (
                f"{spec} {template and template.name} {audience} at {grid.theme.scale:.0%}, "
                f"main column {grid.main.width:.0f} pt: {length} characters in {line!r}"
            )


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


def test_no_hole_where_type_shrinks():
    """The default journalist page was shrunk to 84% with a 114 pt hole under the main column:
    both columns now end within three lines of the notes."""
    grid = fitted("briefs/raqqa.yaml", None)["journalist"]
    assert grid.theme.scale < 1
    room = grid.column_room()
    assert room - min(grid.main.height(), grid.side.height()) <= 3 * line_height(grid)


def test_moving_beats_shrinking():
    """The full spec's journalist page keeps full-size type by moving its quotes to the main
    column rather than shrinking."""
    grid = fitted("tests/specs/full.yaml", None)["journalist"]
    assert grid.theme.scale == 1
    assert grid.placement is not None and grid.placement.cost > 0
    assert "quotes" in grid.main.blocks and "quotes" in grid.design.one_page.side


def test_notes_stop_shrinking_at_their_floor():
    """Source and chart notes (7 pt at full size) stop at 6.5 pt while the body goes on to
    7.5 pt: they were printed at 5.9 pt on the journalist page."""
    loaded, tpl = prepare(ROOT / "briefs" / "raqqa.yaml")
    design = plan(loaded, tpl, Request(layouts=("one-page",))).designs[None]
    attempts = ladder(design)
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
