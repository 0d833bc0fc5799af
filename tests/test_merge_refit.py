"""A one-page fit is served again with this build's blocks when they are of the same shapes as
the blocks it measured (`layout/refit.py`): a mail-merge recipient whose name breaks into as
many lines is not fitted again, and gets the bytes a build with every cache emptied gives; a
name that takes one more line is fitted again. Work is counted (fits made), never timed."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from briefing.build import Request, plan, prepare
from briefing.layout import kept, paragraphs, refit
from briefing.layout.onepage import render_one_page
from briefing.layout.placement import Blocks
from briefing.spec.recipients import load_recipients, personalise
from briefing.spec.validate import LoadedSpec

from conftest import RAQQA, ROOT

MERGE = ROOT / "tests" / "specs" / "merge" / "brief.yaml"
LOADED = prepare(MERGE)[0]
ROW = load_recipients(MERGE.parent / "recipients.csv")[0]


def addressed(name: str) -> LoadedSpec:
    """The merge brief filled in for the first recipient, renamed `name`."""
    return personalise(LOADED, dataclasses.replace(ROW, fields={**ROW.fields, "name": name}))


def one_page(loaded: LoadedSpec) -> bytes:
    """The one-page PDF of `loaded`, built as a new build of a process that keeps what
    earlier builds made."""
    paragraphs.forget()
    work = plan(loaded, prepare(loaded.path)[1], Request(layouts=("one-page",)))
    return render_one_page(work.views[None], work.designs[None])[0]


def fresh(loaded: LoadedSpec) -> bytes:
    """The same, with every kept block, fit and paragraph forgotten first."""
    kept.clear()
    paragraphs.forget()
    paragraphs.forget()
    return one_page(loaded)


def fits(action: object) -> tuple[int, int]:
    """The fits made, and the fits served refilled with this build's blocks, by `action`."""
    made, refilled = refit.TALLY.made, refit.TALLY.refilled
    assert callable(action)
    action()
    return refit.TALLY.made - made, refit.TALLY.refilled - refilled


def test_merge_a_name_as_long_is_not_fitted_again() -> None:
    one_page(addressed("Ana Lima"))
    result: list[bytes] = []
    assert fits(lambda: result.append(one_page(addressed("Ana Lime")))) == (0, 1)
    assert result[0] == fresh(addressed("Ana Lime"))
    assert result[0] != fresh(addressed("Ana Lima"))


def test_merge_a_name_one_line_longer_is_fitted_again() -> None:
    one_page(addressed("Ana Lima"))
    longer = addressed("Ana Lima Wolfeschlegelstein Bergmann Lindqvist")
    assert _heights(longer, _fit_of(LOADED)) == (0.0, pytest.approx(LINE))
    result: list[bytes] = []
    assert fits(lambda: result.append(one_page(longer))) == (1, 0)
    assert result[0] == fresh(longer)


LINE = 14.07
"""A line of the summary, at the merge brief's body size and leading."""


def _heights(loaded: LoadedSpec, fit: refit._Fit) -> tuple[float, float]:
    """How much taller `loaded`'s masthead and summary are than those `fit` measured, at its
    first attempt."""
    fixed = next(step for step in fit.steps if isinstance(step, refit._Fixed))
    summary = next(
        step for step in fit.steps if isinstance(step, refit._Pieces) and step.block == "summary"
    )
    blocks = Blocks(loaded, summary.design, lead=None)
    head = blocks.pieces("summary", summary.width, lead=summary.lead)[0]
    return (
        refit._fixed(loaded, fixed.design)[0].height() - fixed.regions[0].height(),
        head.height - summary.pieces[0].height,
    )


def test_merge_a_changed_word_refills_the_rows_measured() -> None:
    raqqa = prepare(RAQQA)[0]
    one_page(raqqa)
    spec = raqqa.spec
    other = dataclasses.replace(
        raqqa,
        spec=dataclasses.replace(spec, summary=spec.summary.replace("civilians", "cıvilians")),
    )
    assert any(isinstance(step, refit._Row) for step in _fit_of(raqqa).steps)
    result: list[bytes] = []
    assert fits(lambda: result.append(one_page(other))) == (0, 1)
    assert result[0] == fresh(other)


def _fit_of(loaded: LoadedSpec) -> refit._Fit:
    """The fit kept for `loaded`'s brief, in its default template and for every reader."""
    found = refit._FITS.get((str(loaded.path), "default", None))
    assert found is not None
    return found


NAMES = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñçøł -'",
    min_size=1,
    max_size=48,
).filter(lambda name: name.strip() != "")


@settings(
    max_examples=12,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(NAMES, min_size=2, max_size=4))
def test_merge_any_names_in_turn_give_a_fresh_builds_bytes(names: list[str]) -> None:
    for name in names:
        note(f"recipient {name!r}")
        assert one_page(addressed(name)) == fresh(addressed(name))
