"""What batches keep and share across jobs is never stale and stays bounded; their files are
flushed to disk by the group and put in place by the set; a multi-page brief is serialised once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from briefing import batch
from briefing.batch import Job, run_jobs
from briefing.build import Request, make
from briefing.outputs import output
from briefing.spec.recipients import load_recipients

from conftest import SPECS


def _project(tmp_path: Path) -> Path:
    """A spec beside its own template and an image, in a folder of its own."""
    folder = tmp_path / "project"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "t.yaml").write_text("margin: 15\n", encoding="utf-8")
    Image.new("RGB", (40, 30), (200, 30, 30)).save(folder / "map.png")
    spec = folder / "brief.yaml"
    spec.write_text(
        (SPECS / "minimal.yaml").read_text(encoding="utf-8")
        + "template: t\nimages:\n  - path: map.png\n    alt: A map.\n",
        encoding="utf-8",
    )
    return spec


def _built(spec: Path, out: Path) -> bytes:
    """The one-page PDF of `spec` as a batch (in this process) builds it."""
    request = Request(layouts=("one-page",), out_dir=out)
    [outcome] = run_jobs([Job(spec)], request)
    assert outcome.errors == []
    return (out / "brief-one-page.pdf").read_bytes()


def _fresh(spec: Path, out: Path) -> bytes:
    """The same, built with nothing kept from before."""
    make(spec, layouts=["one-page"], out_dir=out)
    return (out / "brief-one-page.pdf").read_bytes()


def _touched(path: Path, text: str | None = None) -> None:
    """`path` rewritten (with `text`, else as it is), its time of change one second later."""
    before = path.stat()
    if text is not None:
        path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))


def test_speed_batch_a_changed_template_is_not_served_stale(tmp_path):
    spec = _project(tmp_path)
    first = _built(spec, tmp_path / "a")
    _touched(spec.parent / "templates" / "t.yaml", "margin: 30\n")
    second = _built(spec, tmp_path / "b")
    assert second != first
    assert second == _fresh(spec, tmp_path / "c")


def test_speed_batch_a_changed_image_is_not_served_stale(tmp_path):
    spec = _project(tmp_path)
    first = _built(spec, tmp_path / "a")
    Image.new("RGB", (40, 30), (30, 30, 200)).save(spec.parent / "map.png")
    _touched(spec.parent / "map.png")
    second = _built(spec, tmp_path / "b")
    assert second != first
    assert second == _fresh(spec, tmp_path / "c")


def test_speed_batch_a_spec_changed_within_the_same_time_is_read_again(tmp_path):
    spec = _project(tmp_path)
    _built(spec, tmp_path / "a")
    stamp = spec.stat()
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("Minimal brief", "A longer title now"),
        encoding="utf-8",
    )
    os.utime(spec, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    _built(spec, tmp_path / "b")
    page = PdfReader(tmp_path / "b" / "brief-one-page.pdf").pages[0].extract_text()
    assert "A longer title now" in page


def test_speed_batch_keeps_at_most_so_many_specs(tmp_path):
    specs = []
    for n in range(batch.PREPARED + 4):
        spec = tmp_path / f"s{n}.yaml"
        shutil.copy(SPECS / "minimal.yaml", spec)
        specs.append(spec)
    request = Request(layouts=("one-page",), out_dir=tmp_path / "out")
    outcomes = run_jobs([Job(spec) for spec in specs], request)
    assert [o.errors for o in outcomes] == [[]] * len(specs)
    assert len(batch._prepared_specs) == batch.PREPARED
    assert [key[0] for key in batch._prepared_specs] == specs[-batch.PREPARED :]


def test_speed_batch_flushes_by_the_group_and_reports_files_in_place(tmp_path, monkeypatch):
    flushed: list[int] = []
    real_flush = batch.flush

    def counting_flush(sets):
        sets = list(sets)
        flushed.append(len(sets))
        real_flush(sets)

    monkeypatch.setattr(batch, "flush", counting_flush)
    monkeypatch.setattr(batch, "GROUP_SECONDS", 600.0)
    out = tmp_path / "out"
    specs = []
    for n in range(batch.GROUP + 3):
        spec = tmp_path / f"s{n:02d}.yaml"
        shutil.copy(SPECS / "minimal.yaml", spec)
        specs.append(spec)
    in_place = []
    run_jobs(
        [Job(spec) for spec in specs],
        Request(layouts=("one-page",), out_dir=out),
        on_outcome=lambda o: in_place.append(all(b.path.exists() for b in o.built)),
    )
    assert flushed == [batch.GROUP, 3]
    assert in_place == [True] * len(specs)
    assert sorted(p.name for p in out.iterdir()) == [f"s{n:02d}-one-page.pdf" for n in range(35)]


def test_speed_batch_a_set_that_cannot_be_put_in_place_fails_alone(tmp_path, monkeypatch):
    real_replace = output.os.replace

    def disk_full_for_b(source, target):
        if Path(target).name == "b-one-page.pdf":
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", disk_full_for_b)
    specs = []
    for name in "abc":
        shutil.copy(SPECS / "minimal.yaml", tmp_path / f"{name}.yaml")
        specs.append(tmp_path / f"{name}.yaml")
    out = tmp_path / "out"
    outcomes = run_jobs([Job(spec) for spec in specs], Request(layouts=("one-page",), out_dir=out))
    assert [(o.errors, o.status, len(o.built)) for o in outcomes] == [
        ([], 0, 1),
        ([f"{out / 'b-one-page.pdf'}: cannot write the PDF (No space left on device)"], 1, 0),
        ([], 0, 1),
    ]
    assert sorted(p.name for p in out.iterdir()) == ["a-one-page.pdf", "c-one-page.pdf"]


@pytest.mark.parametrize("spec", ["full.yaml", "minimal.yaml"])
def test_speed_batch_a_multi_page_brief_is_serialised_once(tmp_path, monkeypatch, spec):
    from reportlab.pdfbase import pdfdoc

    from briefing.layout import multipage

    passes, saved = [], []
    real_build, real_save = multipage._build, pdfdoc.PDFDocument.SaveToFile

    def counted_build(*args, **kwargs):
        passes.append(kwargs["total"])
        return real_build(*args, **kwargs)

    def counted_save(self, *args, **kwargs):
        saved.append(1)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(multipage, "_build", counted_build)
    monkeypatch.setattr(pdfdoc.PDFDocument, "SaveToFile", counted_save)
    shutil.copytree(SPECS, tmp_path / "specs")
    make(tmp_path / "specs" / spec, layouts=["multi-page"], out_dir=tmp_path / "out")
    assert passes[0] is None and passes[-1] is not None
    assert saved == [1]


def test_speed_batch_leaves_the_callers_objects_collectable(tmp_path):
    import gc

    shutil.copy(SPECS / "minimal.yaml", tmp_path / "a.yaml")
    frozen = gc.get_freeze_count()
    run_jobs([Job(tmp_path / "a.yaml")], Request(layouts=("one-page",), out_dir=tmp_path / "o"))
    assert gc.get_freeze_count() == frozen == 0


def test_speed_batch_what_builds_keep_changes_no_byte_of_a_later_build(tmp_path):
    """Paragraph caches, fitting themes and font subsets outlive a build: a brief built after
    others in one process is byte for byte the brief a fresh process builds."""
    import subprocess
    import sys

    shutil.copytree(SPECS, tmp_path / "specs")
    full = tmp_path / "specs" / "full.yaml"
    merge = tmp_path / "specs" / "merge"
    rows = load_recipients(merge / "recipients.csv")
    run_jobs([Job(merge / "brief.yaml", row) for row in rows], Request(out_dir=tmp_path / "before"))
    make(tmp_path / "specs" / "minimal.yaml", layouts=["multi-page"], out_dir=tmp_path / "before")
    make(full, layouts=["one-page", "multi-page"], out_dir=tmp_path / "after")
    command = [sys.executable, "-m", "briefing", "make", str(full), "--layout", "all"]
    subprocess.run(
        [*command, "--out-dir", str(tmp_path / "fresh")], check=True, capture_output=True
    )
    for name in ("full-one-page.pdf", "full-multi-page.pdf"):
        assert (tmp_path / "after" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
