"""A watch rebuild keeps the loaded template while none of its files changed, and never serves
a stale one: a changed template (same size, or same time), a parent template that appears
beside it, a changed font. Work is counted (template loads), never timed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.bounded import Bounded
from briefing.build import Request
from briefing.design import resolve as resolve_module
from briefing.design import template as template_module
from briefing.watch.session import Session

from conftest import ROOT

GOOD = "title: Minimal brief\norganisations: Example Rights Watch\nsummary: One paragraph.\n"
OLD = 1_600_000_000
"""A time long past, for files that must count as settled (not changed while being read)."""


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths `load_template` is called with from now on (the cache starts empty)."""
    calls: list[Path] = []
    real = template_module.load_template

    def counted(path: Path, *, root: Path) -> template_module.LoadedTemplate:
        calls.append(path)
        return real(path, root=root)

    monkeypatch.setattr(template_module, "load_template", counted)
    monkeypatch.setattr(resolve_module, "_templates", Bounded(entries=8, size=8))
    return calls


def _project(tmp_path: Path, template: str) -> tuple[Session, Path]:
    (tmp_path / "templates").mkdir()
    house = tmp_path / "templates" / "house.yaml"
    _write(house, template, when=OLD)
    spec = tmp_path / "brief.yaml"
    spec.write_text(GOOD + "template: house\n")
    return Session([spec], Request(layouts=("one-page",), out_dir=tmp_path / "out")), house


FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


def _write(path: Path, text: str, *, when: int) -> None:
    path.write_text(text)
    os.utime(path, (when, when))


def _width(tmp_path: Path) -> float:
    return float(PdfReader(tmp_path / "out" / "brief-one-page.pdf").pages[0].mediabox.width)


def test_speed_watch_an_unchanged_template_is_loaded_once(
    tmp_path: Path, loads: list[Path]
) -> None:
    session, house = _project(tmp_path, "page_size: A5\n")
    for _ in range(3):
        assert session.rebuild() == []
    assert loads == [house.resolve()]
    assert round(_width(tmp_path)) == 420


def test_speed_watch_a_template_changed_in_place_is_read_again(
    tmp_path: Path, loads: list[Path]
) -> None:
    session, house = _project(tmp_path, "page_size: A5\n")
    assert session.rebuild() == []
    _write(house, "page_size: A4\n", when=OLD + 60)  # same size, another time
    assert session.rebuild() == []
    assert round(_width(tmp_path)) == 595
    _write(house, "page_size: A5 \n", when=OLD + 60)  # same time, another size
    assert session.rebuild() == []
    assert round(_width(tmp_path)) == 420
    assert len(loads) == 3


def test_speed_watch_a_template_saved_just_now_is_not_kept(
    tmp_path: Path, loads: list[Path]
) -> None:
    session, house = _project(tmp_path, "page_size: A5\n")
    house.write_text("page_size: A4\n")  # may have changed while it was read: not trusted
    assert session.rebuild() == [] and session.rebuild() == []
    assert len(loads) == 2 and round(_width(tmp_path)) == 595


def test_speed_watch_a_parent_that_appears_beside_the_template_is_used(
    tmp_path: Path, loads: list[Path]
) -> None:
    session, _ = _project(tmp_path, "extends: default\n")
    assert session.rebuild() == []
    assert round(_width(tmp_path)) == 595
    _write(tmp_path / "templates" / "default.yaml", "page_size: A5\n", when=OLD)
    assert session.rebuild() == []
    assert round(_width(tmp_path)) == 420
    assert len(loads) == 2


def test_speed_watch_a_changed_font_reloads_the_template(tmp_path: Path, loads: list[Path]) -> None:
    lato = ROOT / "assets" / "example-ngo" / "fonts"
    (tmp_path / "fonts").mkdir()
    for name, face in FACES.items():
        shutil.copy(lato / f"Lato-{face}.ttf", tmp_path / "fonts" / f"{name}.ttf")
        os.utime(tmp_path / "fonts" / f"{name}.ttf", (OLD, OLD))
    faces = "".join(f"    {n}: ../fonts/{n}.ttf\n" for n in ("regular", "bold", "italic"))
    session, _ = _project(
        tmp_path, f"fonts:\n  sans:\n{faces}    bold_italic: ../fonts/bold_italic.ttf\n"
    )
    assert session.rebuild() == [] and session.rebuild() == []
    assert len(loads) == 1
    (tmp_path / "fonts" / "bold.ttf").write_bytes(b"not a font")
    errors = session.rebuild()
    assert len(loads) == 2 and len(errors) == 1 and "fonts.sans.bold" in errors[0]


def test_speed_watch_kept_glyph_coverage_depends_on_the_fonts() -> None:
    from briefing.design.glyphs import _missing_in

    assert _missing_in("añ", frozenset(map(ord, "aAñÑ"))) is None
    assert (
        _missing_in("añ", frozenset(map(ord, "aAÑ")))
        == "'ñ' (U+00F1 LATIN SMALL LETTER N WITH TILDE)"
    )
