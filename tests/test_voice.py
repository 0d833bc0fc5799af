"""Whose voice a brief speaks in: the publisher issues it, the organisations' findings and
demands are reported as theirs (issue 10, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build import make

import pdfcheck

SPEC = """\
title: Water points destroyed in three districts
organisations: [Example Rights Watch, Field Monitors]
summary: Twelve water points were destroyed.
demands:
  - {to: the Government of Freedonia, text: Repair the water points.}
methodology: Site visits.
"""


def _built(tmp_path: Path, extra: str) -> dict[str, Path]:
    spec = tmp_path / "brief.yaml"
    spec.write_text(SPEC + extra, encoding="utf-8")
    return {b.layout: b.path for b in make(spec, out_dir=tmp_path / "out")}


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_a_brief_issued_by_its_organisations_speaks_for_them(tmp_path, layout):
    pdf = _built(tmp_path, "")[layout]
    text = pdfcheck.text(pdf)
    assert pdfcheck.reader(pdf).metadata.author == "Example Rights Watch and Field Monitors"
    assert "EXAMPLE RIGHTS WATCH · FIELD MONITORS" in text
    assert "WHAT WE ASK" in text.upper()


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_a_brief_with_a_publisher_reports_the_organisations_demands(tmp_path, layout):
    pdf = _built(tmp_path, "publisher: Coalition Desk\nlayouts: [one-page, multi-page]\n")[layout]
    text = pdfcheck.text(pdf)
    assert pdfcheck.reader(pdf).metadata.author == "Coalition Desk"
    assert "COALITION DESK · FINDINGS BY EXAMPLE RIGHTS WATCH AND FIELD MONITORS" in text
    assert "WHAT EXAMPLE RIGHTS WATCH AND FIELD MONITORS ASK" in text.upper()
    assert "WHAT WE ASK" not in text.upper()
    last_page = pdfcheck.page_texts(pdf)[-1]
    assert "Coalition Desk" in last_page
