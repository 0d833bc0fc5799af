"""Shared fixtures: the project's folders, and the Raqqa briefs built once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.build import Built, make

ROOT = Path(__file__).resolve().parents[1]
SPECS = Path(__file__).resolve().parent / "specs"
RAQQA = ROOT / "briefs" / "raqqa.yaml"


@pytest.fixture(scope="session")
def raqqa_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The Raqqa briefs in both layouts, keyed by layout name."""
    out = tmp_path_factory.mktemp("raqqa")
    return {b.layout: b for b in make(RAQQA, layouts=["one-page", "multi-page"], out_dir=out)}


@pytest.fixture(scope="session")
def full_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The test spec that uses every field, in both layouts."""
    out = tmp_path_factory.mktemp("full")
    return {b.layout: b for b in make(SPECS / "full.yaml", out_dir=out)}
