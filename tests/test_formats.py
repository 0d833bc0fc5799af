"""`make --format`: the registry of output formats, file names, sets written atomically,
mail-merge and batches in every format."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from briefing.build import make
from briefing.cli import main
from briefing.errors import BriefingError, OutputError
from briefing.outputs import formats, output

from conftest import RAQQA, SPECS

MINIMAL = SPECS / "minimal.yaml"


def test_text_formats_are_named_per_audience_and_pdfs_per_layout(tmp_path, capsys):
    status = main(
        ["make", str(RAQQA), "--audience", "journalist", "--layout", "one-page", "--format",
         "txt,pdf,md,txt", "--out-dir", str(tmp_path)]
    )  # fmt: skip
    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path}/raqqa-journalist.txt",
        f"{tmp_path}/raqqa-journalist-one-page.pdf: 1 page",
        f"{tmp_path}/raqqa-journalist.md",
    ]


def test_all_builds_every_registered_format_and_the_default_is_pdf(tmp_path, capsys):
    assert main(["make", str(MINIMAL), "--format", "all", "--out-dir", str(tmp_path / "a")]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    wanted = [f"minimal{s}" for s in (".md", ".txt")] + [
        "minimal-multi-page.pdf",
        "minimal-one-page.pdf",
    ]
    assert set(wanted) <= set(names)
    assert len(names) >= len(formats.FORMATS) + 1
    assert main(["make", str(MINIMAL), "--out-dir", str(tmp_path / "b")]) == 0
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "minimal-multi-page.pdf",
        "minimal-one-page.pdf",
    ]


def test_an_unknown_format_is_named_with_the_closest_one(tmp_path, capsys):
    status = main(["make", str(MINIMAL), "--format", "pdf,mdd,xlsx", "--out-dir", str(tmp_path)])
    known = ", ".join([*formats.FORMATS, "all"])
    assert (status, capsys.readouterr().err) == (
        2,
        f"briefing: --format: unknown format 'mdd' (formats: {known}); did you mean 'md'?\n"
        f"briefing: --format: unknown format 'xlsx' (formats: {known})\n",
    )
    assert not any(tmp_path.iterdir())


def _boom(source: formats.Source) -> list[formats.Rendered]:
    raise BriefingError(f"{source.loaded.path}: the test format failed")


def test_a_failing_format_leaves_the_earlier_set_untouched(tmp_path, monkeypatch):
    built = make(MINIMAL, out_dir=tmp_path, formats=("pdf", "txt", "md"))
    before = {b.path: b.path.read_bytes() for b in built}
    assert len(before) == 4
    monkeypatch.setitem(formats.FORMATS, "boom", formats.OutputFormat("boom", ".boom", _boom))
    spec = tmp_path / "minimal.yaml"
    spec.write_text(MINIMAL.read_text(encoding="utf-8").replace("One", "A new"), encoding="utf-8")
    with pytest.raises(BriefingError, match="the test format failed"):
        make(spec, out_dir=tmp_path, formats=("txt", "md", "boom", "pdf"))
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(p.name for p in before), "minimal.yaml"]
    )


def test_a_failed_rename_puts_back_the_text_already_replaced(tmp_path, monkeypatch):
    spec = tmp_path / "brief.yaml"
    shutil.copy(MINIMAL, spec)
    out = tmp_path / "out"
    built = make(spec, out_dir=out, layouts=["one-page"], formats=("txt", "md"))
    before = {b.path: b.path.read_bytes() for b in built}
    spec.write_text(MINIMAL.read_text(encoding="utf-8").replace("One", "A new"), encoding="utf-8")
    real_replace = os.replace

    def disk_full_on_the_markdown(src: str, dst: str) -> None:
        if str(dst).endswith(".md"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", disk_full_on_the_markdown)
    with pytest.raises(OutputError) as caught:
        make(spec, out_dir=out, layouts=["one-page"], formats=("txt", "md"))
    monkeypatch.undo()
    assert (
        str(caught.value) == f"{out}/brief.md: cannot write the MD file (No space left on device)"
    )
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(p.name for p in out.iterdir()) == ["brief.md", "brief.txt"]


def test_a_planted_journal_cannot_remove_a_text_file(tmp_path):
    """A journal names a new file to remove on rollback only with the file number the build
    gave it: one planted in `out/` cannot make a build delete someone's notes."""
    out = tmp_path / "out"
    out.mkdir()
    notes = out / "minimal.md"
    notes.write_text("my notes", encoding="utf-8")
    journal = out / f".minimal-one-page.pdf.{2**22 + 7}.deadbeef.journal"
    journal.write_text(f'[["{notes}", null, 1], ["{notes}", null]]', encoding="utf-8")
    make(MINIMAL, out_dir=out, formats=("pdf",))
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert not journal.exists()


RECIPIENTS = "name,country\nAda Lovelace,France\nAlan Turing,Chad\n"
LETTER = """\
title: Water points destroyed in three districts
organisations: Example Rights Watch
addressed_to: Prepared for {{name}}
summary: Dear {{name}}, twelve water points were destroyed.
demands:
  - to: the Government of {{country}}
    text: Repair them.
layouts: one-page
"""


def test_mail_merge_writes_one_markdown_file_per_row(tmp_path, capsys):
    spec, rows = tmp_path / "letter.yaml", tmp_path / "rows.csv"
    spec.write_text(LETTER, encoding="utf-8")
    rows.write_text(RECIPIENTS, encoding="utf-8")
    out = tmp_path / "out"
    status = main(
        ["make", str(spec), "--recipients", str(rows), "--name", "{country}-{name}",
         "--format", "md", "--out-dir", str(out), "--jobs", "2"]
    )  # fmt: skip
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "Chad-Alan-Turing.md",
        "France-Ada-Lovelace.md",
    ]
    ada = (out / "France-Ada-Lovelace.md").read_text(encoding="utf-8")
    assert ada.startswith("Prepared for Ada Lovelace\n")
    assert "**To the Government of France**\n\n1. Repair them.\n" in ada
    summary = capsys.readouterr().out.splitlines()[-1]
    assert re.fullmatch(r"2 files, 0 pages from 2 briefs in [\d.]+ s; 0 failed", summary)


def test_two_specs_whose_text_files_clash_are_refused(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(MINIMAL, tmp_path / "a" / "x.yaml")
    shutil.copy(MINIMAL, tmp_path / "b" / "X.yaml")
    status = main(
        ["make", str(tmp_path / "a" / "x.yaml"), str(tmp_path / "b" / "X.yaml"),
         "--format", "txt", "--out-dir", str(tmp_path / "out")]
    )  # fmt: skip
    assert status == 2
    assert capsys.readouterr().err == (
        f"{tmp_path}/b/X.yaml: would write the same file as {tmp_path}/a/x.yaml (x.txt and X.txt, "
        "one file on macOS and Windows); rename one, or build them into different --out-dir "
        "folders\n"
    )


def test_page_pictures_and_the_share_card_come_from_the_same_layout(tmp_path, capsys, monkeypatch):
    """`--format pdf,png,card`: every page as a PNG at `--dpi`, the 1200x630 card per audience,
    each PDF laid out once for both the PDF and its pictures."""
    from PIL import Image

    from briefing import build

    calls: list[str] = []
    real = build.render
    monkeypatch.setattr(build, "render", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    argv = ["make", str(MINIMAL), "--format", "pdf,png,card", "--dpi", "72"]
    assert main([*argv, "--out-dir", str(tmp_path)]) == 0
    assert sorted(calls) == ["multi-page", "one-page"]
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path}/minimal-one-page.pdf: 1 page",
        f"{tmp_path}/minimal-multi-page.pdf: 1 page",
        f"{tmp_path}/minimal-one-page-p1.png",
        f"{tmp_path}/minimal-multi-page-p1.png",
        f"{tmp_path}/minimal-card.png",
    ]
    with Image.open(tmp_path / "minimal-one-page-p1.png") as page:
        assert page.size == (596, 842)  # A4 (595.28 x 841.89 pt) at 72 dpi, rounded up
    with Image.open(tmp_path / "minimal-card.png") as card:
        assert card.size == (1200, 630)


def test_a_resolution_out_of_bounds_is_refused_before_any_layout(tmp_path, capsys):
    argv = ["make", str(MINIMAL), "--format", "png", "--dpi", "2000", "--out-dir", str(tmp_path)]
    assert main(argv) == 2
    assert capsys.readouterr().err == "briefing: --dpi: expected 36 to 600, found 2000\n"
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_a_misspelt_format_name_suggests_the_format_meant(capsys):
    status = main(["make", str(MINIMAL), "--format", "mardown,picture"])
    known = ", ".join([*formats.FORMATS, "all"])
    assert (status, capsys.readouterr().err) == (
        2,
        f"briefing: --format: unknown format 'mardown' (formats: {known}); did you mean 'md'?\n"
        f"briefing: --format: unknown format 'picture' (formats: {known}); did you mean 'png'?\n",
    )
