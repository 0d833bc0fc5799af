"""A kept fit asks each block it measured straight from the kept blocks (`kept.served`),
without a context made for it: the very block is served only while everything it read is
unchanged, exactly as `kept.kept` would serve it; a new dateline still builds no block, and
the PDF is a fresh build's."""

from __future__ import annotations

import dataclasses

import pytest

from briefing.build import Request, plan, prepare
from briefing.design.typography import typeset_spec
from briefing.layout import kept, paragraphs, refit
from briefing.layout.onepage import render_one_page
from briefing.spec.validate import LoadedSpec

from conftest import RAQQA


def one_page(loaded: LoadedSpec) -> bytes:
    paragraphs.forget()
    tpl = prepare(loaded.path)[1]
    work = plan(loaded, tpl, Request(layouts=("one-page",)))
    return render_one_page(work.views[None], work.designs[None])[0]


def changed(loaded: LoadedSpec, **fields: object) -> LoadedSpec:
    return dataclasses.replace(loaded, spec=dataclasses.replace(loaded.spec, **fields))


@pytest.fixture(scope="module")
def raqqa() -> LoadedSpec:
    return prepare(RAQQA)[0]


def summary_step(loaded: LoadedSpec) -> refit._Pieces:
    """The summary block as the kept fit of `loaded` measured it."""
    one_page(loaded)
    one_page(loaded)
    key = (str(loaded.path), "default", None)
    found = refit._FITS.get(key)
    assert found is not None, list(refit._FITS._items)
    return next(s for s in found.steps if isinstance(s, refit._Pieces) and s.block == "summary")


def served(step: refit._Pieces, loaded: LoadedSpec, value: object = None, **change: object) -> bool:
    typeset = typeset_spec(loaded)
    options: dict[str, object] = {
        "spec": typeset.spec,
        "design": step.design,
        "width": step.width,
        "lead": step.lead,
        "images": typeset.images,
        **change,
    }
    return kept.served(
        "pieces",
        "summary",
        step.pieces if value is None else value,
        **options,  # type: ignore[arg-type]
    )


def test_warm2_served_only_while_what_the_block_read_is_unchanged(raqqa: LoadedSpec) -> None:
    step = summary_step(raqqa)
    count = kept.TALLY.kept
    assert served(step, raqqa)
    assert kept.TALLY.kept == count + 1
    assert served(step, changed(raqqa, dateline="Amman"))  # the summary never reads it
    other = changed(raqqa, summary=raqqa.spec.summary.replace("civilians", "people"))
    assert not served(step, other)
    assert not served(step, raqqa, value=(step.pieces[0], list(step.pieces[1])))
    assert not served(step, raqqa, width=step.width + 1)
    assert not served(step, raqqa, lead=not step.lead)
    theme = dataclasses.replace(step.design.theme, colors={**step.design.theme.colors})
    assert not served(step, raqqa, design=dataclasses.replace(step.design, theme=theme))
    assert kept.TALLY.kept == count + 2


def test_warm2_a_new_dateline_is_served_and_matches_a_fresh_build(raqqa: LoadedSpec) -> None:
    one_page(changed(raqqa, dateline="Beirut"))
    built, fits = kept.TALLY.built, refit.TALLY.kept
    again = one_page(changed(raqqa, dateline="Amman"))
    assert (kept.TALLY.built, refit.TALLY.kept) == (built, fits + 1)
    kept.clear()
    paragraphs.forget()
    paragraphs.forget()
    assert again == one_page(changed(raqqa, dateline="Amman"))


def test_warm2_a_changed_finding_after_a_kept_fit_matches_a_fresh_build(
    raqqa: LoadedSpec,
) -> None:
    one_page(raqqa)
    one_page(raqqa)
    finding = raqqa.spec.findings[0]
    text = finding.text.replace("not accurate", "not precise", 1)
    assert text != finding.text
    other = changed(
        raqqa, findings=[dataclasses.replace(finding, text=text), *raqqa.spec.findings[1:]]
    )
    built = kept.TALLY.built
    result = one_page(other)
    assert kept.TALLY.built > built
    kept.clear()
    paragraphs.forget()
    paragraphs.forget()
    assert result == one_page(other)
