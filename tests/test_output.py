"""Writing PDFs: atomic, never partial, never over an input, safe when builds race."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing import output
from briefing.build import make
from briefing.errors import BriefingError, OutputError

import pdfcheck
from conftest import SPECS

MINIMAL = SPECS / "minimal.yaml"


def test_failure_while_writing_leaves_old_pdf_and_no_temporary(tmp_path, monkeypatch):
    (built,) = make(MINIMAL, layouts=["one-page"], out_dir=tmp_path)
    before = built.path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OutputError) as caught:
        make(MINIMAL, layouts=["one-page"], out_dir=tmp_path)
    assert str(caught.value) == f"{built.path}: cannot write the PDF (No space left on device)"
    assert built.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [built.path.name]


def test_output_that_is_the_spec_itself_is_refused(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text())
    (tmp_path / "brief-one-page.pdf").symlink_to(spec)
    with pytest.raises(BriefingError) as caught:
        make(spec, layouts=["one-page"], out_dir=tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'brief-one-page.pdf'}: refusing to overwrite an input file with a PDF"
    )
    assert caught.value.exit_status == 2
    assert spec.read_text() == MINIMAL.read_text()


def test_unwritable_output_folder(tmp_path):
    with pytest.raises(OutputError) as caught:
        make(MINIMAL, layouts=["one-page"], out_dir=Path("/proc/briefing-out"))
    assert str(caught.value).startswith("/proc/briefing-out: cannot create the output folder (")


def test_concurrent_builds_to_one_path_leave_one_valid_pdf(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "briefing", "make", str(MINIMAL), "--out-dir", str(out)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "minimal-multi-page.pdf",
        "minimal-one-page.pdf",
    ]
    for pdf in out.iterdir():
        pdfcheck.assert_valid(pdf)
        assert "Minimal brief" in pdfcheck.text(pdf)


def test_written_pdf_is_readable_by_others(tmp_path):
    (built,) = make(MINIMAL, layouts=["one-page"], out_dir=tmp_path)
    assert built.path.stat().st_mode & 0o777 == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
