"""Golden PDFs pin the output: any change to a page shows up as a readable diff.

The reference PDFs in `tests/golden/` are compared through `pdfcheck.normalised_dump`
(metadata, outline, fonts, links and decompressed content streams). After a deliberate change
to the layout, look at the new pages, then regenerate:

    BRIEFING_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

import pdfcheck

GOLDEN = Path(__file__).resolve().parent / "golden"
FAILED = Path(__file__).resolve().parent / "_failed"
CASES = [
    ("raqqa_pdfs", "one-page"),
    ("raqqa_pdfs", "multi-page"),
    ("full_pdfs", "one-page"),
    ("full_pdfs", "multi-page"),
]


@pytest.mark.parametrize("fixture, layout", CASES)
def test_pdf_matches_golden(fixture, layout, request):
    built = request.getfixturevalue(fixture)[layout]
    golden = GOLDEN / built.path.name
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        shutil.copyfile(built.path, golden)
    assert golden.exists(), f"no golden file {golden}; run with BRIEFING_UPDATE_GOLDEN=1"
    expected = pdfcheck.normalised_dump(golden)
    actual = pdfcheck.normalised_dump(built.path)
    if actual != expected:
        FAILED.mkdir(exist_ok=True)
        shutil.copyfile(built.path, FAILED / built.path.name)
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), "golden", "actual", n=2
                )
            )[:80]
        )
        pytest.fail(
            f"{built.path.name} differs from its golden file (actual PDF saved in "
            f"{FAILED}):\n{diff}"
        )
    assert built.path.read_bytes() == golden.read_bytes()
