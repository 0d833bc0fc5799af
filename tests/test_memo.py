"""The one-page brief's blocks kept across builds (`layout/kept.py`) are never served stale: a
changed text, a changed note number, a changed colour or font, another audience or width, a
changed image file each give the bytes a build with every cache emptied gives. Work is counted
(blocks built), never timed; the kept blocks stay bounded over many builds."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from briefing.build import Request, plan, prepare
from briefing.layout import kept, paragraphs, refit
from briefing.layout.onepage import render_one_page
from briefing.spec.validate import LoadedSpec

from conftest import RAQQA, ROOT

OLD = 1_600_000_000
"""A time long past, for files that must count as settled."""


def one_page(loaded: LoadedSpec, audience: str | None = None, **theme: object) -> bytes:
    """The one-page PDF of `loaded` for `audience`, in its design with `theme` changed, built
    as a new build of a process that keeps what earlier builds made."""
    paragraphs.forget()
    tpl = prepare(loaded.path)[1]
    work = plan(loaded, tpl, Request(layouts=("one-page",), audiences=(audience,)))
    design = work.designs[audience]
    if theme:
        design = dataclasses.replace(design, theme=dataclasses.replace(design.theme, **theme))
    return render_one_page(work.views[audience], design)[0]


def fresh(loaded: LoadedSpec, audience: str | None = None, **theme: object) -> bytes:
    """The same, with every kept block and paragraph forgotten first."""
    kept.clear()
    paragraphs.forget()
    paragraphs.forget()
    return one_page(loaded, audience, **theme)


def changed(loaded: LoadedSpec, **fields: object) -> LoadedSpec:
    return dataclasses.replace(loaded, spec=dataclasses.replace(loaded.spec, **fields))


@pytest.fixture(scope="module")
def raqqa() -> LoadedSpec:
    return prepare(RAQQA)[0]


def built_by(action: object) -> int:
    before = kept.TALLY.built
    assert callable(action)
    action()
    return kept.TALLY.built - before


def test_memo_a_new_dateline_builds_no_block_again(raqqa: LoadedSpec) -> None:
    one_page(changed(raqqa, dateline="Beirut"))
    result: list[bytes] = []
    fits = refit.TALLY.kept
    assert built_by(lambda: result.append(one_page(changed(raqqa, dateline="Amman")))) == 0
    assert kept.TALLY.kept > 0
    assert refit.TALLY.kept == fits + 1
    assert result[0] == fresh(changed(raqqa, dateline="Amman"))


def test_memo_a_changed_text_is_built_again(raqqa: LoadedSpec) -> None:
    one_page(raqqa)
    other = changed(raqqa, summary=raqqa.spec.summary.replace("civilians", "people"))
    result: list[bytes] = []
    assert built_by(lambda: result.append(one_page(other))) > 0
    assert result[0] == fresh(other)
    assert result[0] != fresh(raqqa)


def test_memo_a_changed_note_number_is_not_served_stale(raqqa: LoadedSpec) -> None:
    """Swapping two sources renumbers the notes the findings cite: the findings read the
    sources, so they are built again with the new numbers."""
    sources = list(raqqa.spec.sources)
    assert len(sources) >= 2
    other = changed(raqqa, sources=[sources[1], sources[0], *sources[2:]])
    one_page(raqqa)
    assert one_page(other) == fresh(other)
    assert fresh(other) != fresh(raqqa)


@pytest.mark.parametrize("what", ["colour", "font"])
def test_memo_a_changed_theme_is_not_served_stale(raqqa: LoadedSpec, what: str) -> None:
    design = plan(raqqa, prepare(RAQQA)[1], Request(layouts=("one-page",))).designs[None]
    if what == "colour":
        theme = {"colors": {**design.theme.colors, "accent": "#0a7d3b"}}
    else:  # a replaced font file registers under another name, which the theme then holds
        theme = {"families": {"sans": "NotoSerif", "serif": "NotoSans"}}
    one_page(raqqa)
    assert one_page(raqqa, **theme) == fresh(raqqa, **theme)
    assert fresh(raqqa, **theme) != fresh(raqqa)


def test_memo_every_audience_in_any_order_is_its_own(raqqa: LoadedSpec) -> None:
    """Audiences change the blocks, their arrangement and the columns' widths."""
    audiences = [None, *prepare(RAQQA)[1].template.audiences]
    assert len(audiences) > 2
    expected = {audience: fresh(raqqa, audience) for audience in audiences}
    for audience in [*audiences, *reversed(audiences)]:
        assert one_page(raqqa, audience) == expected[audience], audience


def test_memo_a_changed_image_file_is_not_served_stale(tmp_path: Path) -> None:
    """An image replaced by another of the same size in pixels and bytes on disk."""
    project = tmp_path / "specs"
    shutil.copytree(ROOT / "tests" / "specs", project)
    picture = project / "assets" / "example-map.png"
    os.utime(picture, (OLD, OLD))
    loaded = prepare(project / "full.yaml")[0]
    first = fresh(loaded)
    assert one_page(loaded) == first
    with Image.open(picture) as image:
        other = image.convert("RGB").transpose(Image.Transpose.ROTATE_180)
    other.save(picture)
    os.utime(picture, (OLD + 60, OLD + 60))
    loaded = prepare(project / "full.yaml")[0]
    again = one_page(loaded)
    assert again != first
    assert again == fresh(loaded)


def test_memo_kept_blocks_stay_bounded(raqqa: LoadedSpec) -> None:
    """Each build with another summary keeps its blocks: what the one before used is
    forgotten, so what is kept after 12 builds is what was kept after 3."""
    held = []
    for n in range(12):
        one_page(changed(raqqa, summary=f"{raqqa.spec.summary} Build {n}."))
        held.append((len(kept._KEPT), kept._KEPT.held))
    assert held[-1][0] <= held[2][0] * 1.05
    assert held[-1][1] <= held[2][1] * 1.05
    assert held[-1][0] <= kept.KEPT_BLOCKS and held[-1][1] <= kept.KEPT_SIZE


def test_memo_a_taller_masthead_is_fitted_again(raqqa: LoadedSpec) -> None:
    """The same blocks under a masthead two lines taller: the fit is made again, and comes
    out as a fresh build's."""
    one_page(raqqa)
    other = changed(raqqa, subtitle=f"{raqqa.spec.subtitle} {raqqa.spec.subtitle}")
    made = refit.TALLY.made
    result = one_page(other)
    assert refit.TALLY.made == made + 1
    assert result == fresh(other)
    assert fresh(other) != fresh(raqqa)
