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


@pytest.fixture(autouse=True)
def every_pdf_a_test_writes_is_valid(request: pytest.FixtureRequest):
    """After each test that uses `tmp_path`, every PDF it left there passes qpdf's check and
    pypdf's strict reading (issue 3: every PDF the tests produce opens in a strict parser)."""
    folder = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if folder is None:
        return
    import pdfcheck

    for pdf in sorted(Path(folder).rglob("*.pdf")):
        if pdf.is_file() and not pdf.is_symlink():
            pdfcheck.assert_valid(pdf)
