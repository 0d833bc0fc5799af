"""Writing PDFs: atomic, never partial, never over an input, safe when builds race."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.build import make
from briefing.errors import BriefingError, OutputError
from briefing.outputs import output

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
    finished = [(process.communicate(timeout=120)[1], process.returncode) for process in processes]
    assert [(err, 0) for err, _ in finished] == finished
    assert sorted(p.name for p in out.iterdir()) == [
        "minimal-multi-page.pdf",
        "minimal-one-page.pdf",
    ]
    for pdf in out.iterdir():
        pdfcheck.assert_valid(pdf)
        assert "Minimal brief" in pdfcheck.text(pdf)


def test_the_old_pdf_kept_aside_is_the_one_there_when_another_build_replaced_it(
    tmp_path, monkeypatch
):
    """Linking the old file aside races with another build renaming its file over it: the file
    found can be gone when it is linked (ENOENT); the one now there is kept instead."""
    target = tmp_path / "brief.txt"
    target.write_bytes(b"earlier")
    link, raced = os.link, []

    def racing(source, destination):
        if not raced:
            raced.append(source)
            raise FileNotFoundError(2, "No such file or directory")
        link(source, destination)

    monkeypatch.setattr(os, "link", racing)
    backup = output._keep_old(target)
    assert raced == [target] and backup is not None
    assert backup.read_bytes() == b"earlier"


def test_written_pdf_is_readable_by_others(tmp_path):
    (built,) = make(MINIMAL, layouts=["one-page"], out_dir=tmp_path)
    assert built.path.stat().st_mode & 0o777 == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _two_layouts(tmp_path: Path, summary: str) -> Path:
    spec = tmp_path / "set.yaml"
    spec.write_text(
        f"title: A set of PDFs\norganisations: Example Rights Watch\nsummary: {summary}\n",
        encoding="utf-8",
    )
    return spec


def test_a_failed_rename_puts_back_the_pdfs_already_replaced(tmp_path, monkeypatch):
    out = tmp_path / "out"
    built = make(_two_layouts(tmp_path, "The old summary."), out_dir=out)
    before = {b.path: b.path.read_bytes() for b in built}
    real_replace = os.replace
    calls = []

    def disk_full_on_the_second(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", disk_full_on_the_second)
    with pytest.raises(OutputError) as caught:
        make(_two_layouts(tmp_path, "The new summary."), out_dir=out)
    monkeypatch.undo()
    assert str(caught.value) == f"{calls[1]}: cannot write the PDF (No space left on device)"
    assert {p: p.read_bytes() for p in before} == before
    assert "The old summary." in pdfcheck.text(out / "set-one-page.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["set-multi-page.pdf", "set-one-page.pdf"]


KILL_AFTER_FIRST_RENAME = """
import os, sys
from pathlib import Path
from briefing.outputs import output
from briefing.build import make
real = os.replace
def replace_then_die(src, dst):
    real(src, dst)
    os.kill(os.getpid(), 9)
output.os.replace = replace_then_die
make(Path(sys.argv[1]), out_dir=Path(sys.argv[2]))
"""


def test_a_build_killed_between_renames_is_rolled_back_by_the_next(tmp_path):
    out = tmp_path / "out"
    spec = _two_layouts(tmp_path, "The old summary.")
    make(spec, out_dir=out)
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    _two_layouts(tmp_path, "The new summary.")
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_FIRST_RENAME, str(spec), str(out)], timeout=120
    )
    assert killed.returncode == -9
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers, "the killed build should have left its journal and backups"
    mixed = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert sum(mixed[name] != old[name] for name in old) == 1, "one file was already replaced"
    output.clean_leftovers(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old


def test_leftovers_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = tmp_path / f".brief-one-page.pdf.{dead}.0a1b2c3d.part"
    live = tmp_path / f".brief-one-page.pdf.{os.getpid()}.0a1b2c3d.part"
    unrelated = tmp_path / ".brief-one-page.pdf.notes"
    for path in (stale, live, unrelated):
        path.write_bytes(b"partial")
    make(MINIMAL, layouts=["one-page"], out_dir=tmp_path)
    assert not stale.exists()
    assert live.exists() and unrelated.exists()


def test_a_planted_journal_cannot_touch_files_outside_the_folder(tmp_path):
    """A journal is a file in a folder others can write to (a partner's zip unpacked into
    `out/`): only entries naming this folder's PDFs and their own backups are ever acted on."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "important.txt").write_text("precious", encoding="utf-8")
    (victim / "rc.txt").write_text("safe", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    payload = out / f".payload.{dead}.00000000.bak"
    payload.write_text("echo pwned", encoding="utf-8")
    own = out / "minimal-notes.txt"
    own.write_text("not a PDF", encoding="utf-8")
    journal = out / f".minimal-one-page.pdf.{dead}.deadbeef.journal"
    journal.write_text(
        json.dumps(
            [
                [str(victim / "important.txt"), None],
                [str(victim / "rc.txt"), str(payload)],
                [str(own), None],
                [str(out / "minimal-multi-page.pdf"), str(victim / "rc.txt")],
            ]
        ),
        encoding="utf-8",
    )
    make(MINIMAL, out_dir=out)
    assert (victim / "important.txt").read_text(encoding="utf-8") == "precious"
    assert (victim / "rc.txt").read_text(encoding="utf-8") == "safe"
    assert own.read_text(encoding="utf-8") == "not a PDF"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["minimal-notes.txt", "minimal-one-page.pdf", "minimal-multi-page.pdf"]
    )
