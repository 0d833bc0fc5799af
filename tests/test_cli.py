"""The command line: output lines, exit codes, and never a lost or half-written PDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import __version__
from briefing.cli import main

import pdfcheck
from conftest import RAQQA, SPECS
from test_onepage import long_spec


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_make_prints_one_line_per_pdf(tmp_path, capsys):
    assert main(["make", str(RAQQA), "--out-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path / 'raqqa-one-page.pdf'}: 1 page",
        f"{tmp_path / 'raqqa-multi-page.pdf'}: 3 pages",
    ]


def test_make_one_layout_only(tmp_path, capsys):
    assert (
        main(
            [
                "make",
                str(SPECS / "minimal.yaml"),
                "--layout",
                "one-page",
                "--out-dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal-one-page.pdf"]


def test_make_defaults_to_the_specs_layouts(tmp_path, capsys):
    spec = tmp_path / "only-multi.yaml"
    spec.write_text((SPECS / "minimal.yaml").read_text() + "layouts: multi-page\n")
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["only-multi-multi-page.pdf"]


def test_make_writes_into_out_by_default(tmp_path):
    result = run("make", str(SPECS / "minimal.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "minimal-multi-page.pdf",
        "minimal-one-page.pdf",
    ]


def test_invalid_spec_never_clobbers_a_good_pdf(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text((SPECS / "minimal.yaml").read_text())
    out = tmp_path / "out"
    assert main(["make", str(spec), "--out-dir", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    spec.write_text("title: [broken\n")
    assert main(["make", str(spec), "--out-dir", str(out)]) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert capsys.readouterr().err.startswith(f"{spec}:2:1: YAML syntax error")


def test_overflowing_brief_never_clobbers_a_good_pdf(tmp_path, capsys):
    spec = long_spec(tmp_path, 4)
    out = tmp_path / "out"
    assert main(["make", str(spec), "--out-dir", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    os.replace(long_spec(tmp_path, 14), spec)
    assert main(["make", str(spec), "--out-dir", str(out)]) == 2
    captured = capsys.readouterr()
    assert "one-page brief does not fit on one page" in captured.err
    # The one-page brief that fitted is kept; the multi-page brief, which has room for the
    # longer text, is still written and reported.
    one_page, multi_page = out / "long4-one-page.pdf", out / "long4-multi-page.pdf"
    assert one_page.read_bytes() == before[one_page.name]
    assert multi_page.read_bytes() != before[multi_page.name]
    assert captured.out.startswith(f"{multi_page}: ")
    assert pdfcheck.text(multi_page).count("Finding") > pdfcheck.text(one_page).count("Finding")
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def test_other_specs_still_build_when_one_fails(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\n")
    assert (
        main(
            [
                "make",
                str(bad),
                str(SPECS / "minimal.yaml"),
                "--layout",
                "one-page",
                "--out-dir",
                str(tmp_path),
            ]
        )
        == 2
    )
    assert (tmp_path / "minimal-one-page.pdf").exists()
    assert pdfcheck.reader(tmp_path / "minimal-one-page.pdf").pages


def test_out_dir_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    assert main(["make", str(SPECS / "minimal.yaml"), "--out-dir", str(blocker)]) == 1
    assert capsys.readouterr().err == (
        f"{blocker}: cannot create the output folder (File exists)\n"
    )


def test_output_path_that_is_a_folder(tmp_path, capsys):
    (tmp_path / "minimal-one-page.pdf").mkdir()
    assert (
        main(
            [
                "make",
                str(SPECS / "minimal.yaml"),
                "--layout",
                "one-page",
                "--out-dir",
                str(tmp_path),
            ]
        )
        == 1
    )
    assert capsys.readouterr().err == (
        f"{tmp_path / 'minimal-one-page.pdf'}: cannot write the PDF: a folder has that name\n"
    )


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"briefing {__version__}\n"


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for word in ("make", "check", "reference", "Exit status"):
        assert word in out


def test_unknown_layout_is_a_usage_error():
    result = run("make", str(RAQQA), "--layout", "poster")
    assert result.returncode == 2
    assert "invalid choice: 'poster'" in result.stderr


def test_errors_are_messages_not_tracebacks(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("title: T\norganisations: X\nsummary: S\nfigures: 3\n")
    result = run("make", str(spec), "--out-dir", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{spec}:4:10: figures: expected a list of figures, found '3'\n"
    assert "Traceback" not in result.stderr


def test_help_and_check_never_import_the_layout_engine():
    # `check` reads the fonts (to find characters they cannot draw, as `make` does) but never
    # loads ReportLab's layout engine or graphics; `--help` loads no ReportLab at all.
    code = (
        "import sys; from briefing.cli import main; "
        f"status = main(['check', {str(RAQQA)!r}]); "
        "print(status, any(m.startswith(('reportlab.platypus', 'reportlab.graphics')) "
        "for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "0 False"
    code = (
        "import sys\nfrom briefing.cli import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\n"
        "print(any(m.startswith('reportlab') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "False"


def test_ctrl_c_while_the_command_line_is_read_says_interrupted(monkeypatch, capsys):
    """Ctrl-C before a command runs (while its arguments are parsed) is no traceback either."""
    import briefing.arguments

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(briefing.arguments, "parser", interrupted)
    assert main(["make", "x.yaml"]) == 130
    assert capsys.readouterr().err == "briefing: interrupted\n"
