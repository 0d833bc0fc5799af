"""Batches and mail-merge: many specs, folders and globs, parallel jobs, one PDF per recipient,
failures reported without stopping the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.cli import main

import pdfcheck
from conftest import SPECS

MERGE = SPECS / "merge"


def copy_specs(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    for name in ("minimal.yaml", "full.yaml"):
        shutil.copy(SPECS / name, folder / name)
    shutil.copytree(SPECS / "assets", folder / "assets")
    (folder / "broken.yaml").write_text("title: [unclosed\n")
    return folder


def test_folder_builds_every_spec_and_reports_failures(tmp_path, capsys):
    folder = copy_specs(tmp_path)
    out = tmp_path / "out"
    assert main(["make", str(folder), "--layout", "one-page", "--out-dir", str(out)]) == 2
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["full-one-page.pdf", "minimal-one-page.pdf"]
    assert captured.err.startswith(f"{folder / 'broken.yaml'}:2:1: YAML syntax error")
    assert "\r[" not in captured.err  # no progress bar when stderr is not a terminal
    summary = captured.out.splitlines()[-1]
    assert summary.startswith("2 PDFs, 2 pages from 3 briefs in ")
    assert summary.endswith(" s; 1 failed")


def test_globs_and_files_mix(tmp_path, capsys):
    folder = copy_specs(tmp_path)
    out = tmp_path / "out"
    assert (
        main(
            [
                "make",
                str(folder / "m*.yaml"),
                str(folder / "full.yaml"),
                "--layout",
                "one-page",
                "--out-dir",
                str(out),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == ["full-one-page.pdf", "minimal-one-page.pdf"]
    assert main(["make", str(folder / "nothing*.yaml"), "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err.endswith(
        "nothing*.yaml: no spec matches (looked for .yaml files)\n"
    )


def test_parallel_jobs_give_the_same_pdfs(tmp_path, capsys):
    folder = copy_specs(tmp_path)
    (folder / "broken.yaml").unlink()
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["make", str(folder), "--out-dir", str(one)]) == 0
    assert main(["make", str(folder), "--jobs", "2", "--out-dir", str(two)]) == 0
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) == 4
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes()


@pytest.mark.parametrize("rows", ["recipients.csv", "recipients.yaml"])
def test_mail_merge_one_pdf_per_recipient(tmp_path, capsys, rows):
    out = tmp_path / "out"
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(MERGE / rows),
                "--name",
                "{country}-{name}",
                "--layout",
                "one-page",
                "--jobs",
                "2",
                "--out-dir",
                str(out),
            ]
        )
        == 0
    )
    expected = {
        "Brazil-Ana-Lima-one-page.pdf": (
            "Minister Ana Lima",
            "Government of Brazil",
            "Raise the attacks at the Human Rights",
        ),
        "Norway-Jonas-Berg-one-page.pdf": (
            "Ambassador Jonas Berg",
            "Government of Norway",
            "Fund the repair of the destroyed",
        ),
    }
    if rows.endswith(".csv"):
        expected["France-Chloé-Martin-one-page.pdf"] = (
            "Deputy Chloé Martin",
            "Government of France",
            "Ask the government to **condemn**",
        )
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, phrases in expected.items():
        text = pdfcheck.text(out / name)
        assert "PREPARED FOR " + phrases[0].upper() in text
        for phrase in phrases[1:]:
            assert phrase in text, (name, phrase)
        others = [p[0] for n, p in expected.items() if n != name]
        assert not any(other in text for other in others)
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith(f"{len(expected)} PDFs, {len(expected)} pages from {len(expected)} briefs")
    )


def test_default_file_names_use_the_row_number(tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(MERGE / "recipients.csv"),
                "--layout",
                "multi-page",
                "--out-dir",
                str(out),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == [
        f"brief-{n:04d}-multi-page.pdf" for n in (1, 2, 3)
    ]


def test_missing_column_names_the_row_and_the_use(tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text("name,title,organisation,ask\nAna,Minister,Ministry,Act.\n")
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(rows),
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"{rows}:2:1: row 1: no field 'country'; the spec uses {{{{country}}}} in summary "
        f"({MERGE / 'brief.yaml'}:5:10)\n"
    )
    assert not (tmp_path / "out").exists()


def test_empty_required_field_names_the_row(tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,title,organisation,country,ask\nAna,Minister,M,Brazil,Act.\n"
        "Jonas,Ambassador,E,,Act.\n"
    )
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(rows),
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"{rows}:3:1: row 2: 'country' is empty; the spec uses it in summary "
        f"({MERGE / 'brief.yaml'}:5:10)\n"
    )


def test_name_pattern_fields_are_checked(tmp_path, capsys):
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(MERGE / "recipients.csv"),
                "--name",
                "{region}-{n}",
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"{MERGE / 'recipients.csv'}:2:1: row 1: no field 'region'; --name uses {{region}}\n"
    )


def test_progress_bar_draws_on_a_terminal_and_clears_itself():
    import io

    from briefing.batch import Progress

    stream = io.StringIO()
    progress = Progress(4, stream=stream, enabled=True)
    for _ in range(4):
        progress.step()
    progress.clear()
    shown = stream.getvalue()
    assert "\r[" + "#" * 15 + "." * 15 + "] 2/4" in shown
    assert "] 4/4" in shown and shown.endswith("\r")
    quiet = io.StringIO()
    Progress(4, stream=quiet, enabled=False).step()
    assert quiet.getvalue() == ""


def test_two_rows_may_not_write_the_same_file(tmp_path, capsys):
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(MERGE / "recipients.csv"),
                "--name",
                "{organisation}-x",
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,title,organisation,country,ask\nAna,M,Same,Brazil,Act.\nJonas,A,Same,Norway,Act.\n"
    )
    assert (
        main(
            [
                "make",
                str(MERGE / "brief.yaml"),
                "--recipients",
                str(rows),
                "--name",
                "{organisation}",
                "--out-dir",
                str(tmp_path / "out2"),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"{rows}:3:1: row 2 would write the same files as row 1 (Same-...); add {{n}} or "
        "another field to --name\n"
    )
    assert not (tmp_path / "out2").exists()


def test_two_specs_may_not_write_the_same_file(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SPECS / "minimal.yaml", tmp_path / folder / "brief.yaml")
    assert (
        main(["make", str(tmp_path / "a"), str(tmp_path / "b"), "--out-dir", str(tmp_path / "out")])
        == 2
    )
    assert capsys.readouterr().err == (
        f"{tmp_path / 'b' / 'brief.yaml'}: would write the same files as "
        f"{tmp_path / 'a' / 'brief.yaml'} (brief-...); rename one, or build them into "
        "different --out-dir folders\n"
    )
    assert not (tmp_path / "out").exists()
