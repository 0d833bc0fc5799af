"""Batches and mail-merge: many specs, folders and globs, parallel jobs, one PDF per recipient,
failures reported without stopping the others."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from briefing import batch
from briefing.batch import Job, Outcome, run_jobs, usable_cpus
from briefing.build import Request
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
        f"{rows}:3:1: row 2: would write the same file as row 1 (Same-one-page.pdf); add {{n}} "
        "or another field to --name\n"
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
        f"{tmp_path / 'b' / 'brief.yaml'}: would write the same file as "
        f"{tmp_path / 'a' / 'brief.yaml'} (brief-one-page.pdf); rename one, or build them into "
        "different --out-dir folders\n"
    )
    assert not (tmp_path / "out").exists()


def test_names_that_differ_only_in_case_or_normalisation_collide(tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    nfd = unicodedata.normalize("NFD", "Chloé")
    rows.write_text(
        f"name,title,organisation,country,ask\nAna,M,O,Brazil,Act.\nana,M,O,Norway,Act.\n"
        f"Chloé,D,O,France,Act.\n{nfd},D,O,France,Act.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["make", str(MERGE / "brief.yaml"), "--recipients", str(rows), "--out-dir", str(out)]
    assert main([*args, "--name", "{name}"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{rows}:3:1: row 2: would write the same file as row 1 (Ana-one-page.pdf and "
        "ana-one-page.pdf, one file on macOS and Windows); add {n} or another field to --name",
        f"{rows}:5:1: row 4: would write the same file as row 3 (Chloé-one-page.pdf); add "
        "{n} or another field to --name",
    ]
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    shutil.copy(SPECS / "minimal.yaml", tmp_path / "a" / "Brief.yaml")
    shutil.copy(SPECS / "minimal.yaml", tmp_path / "b" / "brief.yaml")
    assert main(["make", str(tmp_path / "a"), str(tmp_path / "b"), "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'b' / 'brief.yaml'}: would write the same file as "
        f"{tmp_path / 'a' / 'Brief.yaml'} (Brief-one-page.pdf and brief-one-page.pdf, one file "
        "on macOS and Windows); rename one, or build them into different --out-dir folders\n"
    )
    shutil.copy(MERGE / "brief.yaml", tmp_path / "a" / "letter.yaml")
    assert (
        main(
            [
                *args[:1],
                str(MERGE / "brief.yaml"),
                str(tmp_path / "a" / "letter.yaml"),
                *args[2:],
                "--name",
                "{n}-{name}",
            ]
        )
        == 2
    )
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{rows}:2:1: row 1: would write the same file from {tmp_path / 'a' / 'letter.yaml'} "
        f"as row 1 from {MERGE / 'brief.yaml'} (1-Ana-one-page.pdf); build them into different "
        "--out-dir folders"
    )
    assert not out.exists()


def test_name_without_recipients_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["make", str(SPECS / "minimal.yaml"), "--name", "{n}", "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err == (
        "briefing: --name names the files of --recipients; give both\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_must_be_positive(tmp_path, capsys, jobs):
    out = tmp_path / "out"
    assert main(["make", str(SPECS / "minimal.yaml"), "--jobs", jobs, "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err == f"briefing: --jobs: expected 1 or more, found {jobs}\n"
    assert not out.exists()


def test_jobs_are_capped_at_the_cpu_count(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["make", str(MERGE / "brief.yaml"), "--recipients", str(MERGE / "recipients.csv")]
    assert main([*args, "--layout", "one-page", "--jobs", "100000", "--out-dir", str(out)]) == 0
    cpus = usable_cpus()
    plural = "" if cpus == 1 else "s"
    assert capsys.readouterr().err == (
        f"briefing: --jobs 100000 is more than this machine's {cpus} CPU{plural}; using {cpus}\n"
    )
    assert len(list(out.iterdir())) == 3
    assert _children(os.getpid()) == []


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc: no psutil)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _dying_run_job(job: Job, request: Request, **_: object) -> Outcome:
    """Stands in for `run_job` in the forked workers: two jobs kill their own process."""
    if job.spec.name == "killed.yaml":
        os.kill(os.getpid(), signal.SIGKILL)
    if job.spec.name == "crashed.yaml":
        os._exit(3)
    return Outcome(job, errors=[f"{job.spec}: built"])


def test_a_dead_worker_fails_its_job_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setattr(batch, "run_job", _dying_run_job)
    names = ["a", "killed", "b", "c", "crashed", "d", "e", "killed", "f"]
    jobs = [Job(Path(f"{name}.yaml")) for name in names]
    outcomes = run_jobs(jobs, Request(), workers=2)
    assert [o.job for o in outcomes] == jobs
    assert [(o.errors, o.status) for o in outcomes] == [
        (
            [
                f"{name}.yaml: the worker building this brief stopped unexpectedly "
                f"({'killed by SIGKILL, signal 9' if name == 'killed' else 'exit status 3'}); "
                "build it again"
            ],
            1,
        )
        if name in ("killed", "crashed")
        else ([f"{name}.yaml: built"], 0)
        for name in names
    ]
    assert _children(os.getpid()) == []


def _wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _started(out: Path) -> bool:
    """Whether a batch into `out` has staged or written a file."""
    return out.exists() and any(out.glob(".*.part")) or any(out.glob("*.pdf"))


def _start_batch(tmp_path: Path, rows: int) -> tuple[subprocess.Popen[str], Path]:
    table = tmp_path / "rows.csv"
    table.write_text(
        "name,title,organisation,country,ask\n"
        + "".join(f"Person {i},Minister,Ministry,Country {i},Act.\n" for i in range(rows))
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "briefing", "make", str(MERGE / "brief.yaml")]
    command += ["--recipients", str(table), "--layout", "one-page", "--jobs", "2"]
    process = subprocess.Popen(
        [*command, "--out-dir", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_ctrl_c,
    )
    return process, out


def _default_ctrl_c() -> None:
    """Ctrl-C as on a terminal, even when the tests run where it is ignored (`pytest &`)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_killing_a_worker_is_reported_and_every_written_pdf_listed(tmp_path):
    process, out = _start_batch(tmp_path, 24)
    _wait_for(lambda: _started(out))
    _wait_for(lambda: len(_children(process.pid)) == 2)
    os.kill(_children(process.pid)[0], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    failed = re.fullmatch(
        rf"{re.escape(str(tmp_path / 'rows.csv'))}:(\d+):1: row (\d+): the worker building its "
        rf"brief from {re.escape(str(MERGE / 'brief.yaml'))} stopped unexpectedly \(killed by "
        r"SIGKILL, signal 9\); build it again\n",
        stderr,
    )
    assert failed, stderr
    row = int(failed.group(2))
    assert int(failed.group(1)) == row + 1
    lines = stdout.splitlines()
    reported = {line.removesuffix(": 1 page") for line in lines[:-1]}
    assert len(reported) == len(lines) - 1 == 23
    written = {str(p) for p in out.glob("*.pdf")}
    # the killed job's own PDF exists only if it was killed after writing it
    assert written - reported <= {str(out / f"brief-{row:04d}-one-page.pdf")}
    assert reported <= written
    assert re.fullmatch(r"23 PDFs, 23 pages from 24 briefs in [\d.]+ s; 1 failed", lines[-1])
    assert not list(out.glob(".*")), "what the killed worker staged is removed"


def test_ctrl_c_leaves_no_worker_behind(tmp_path):
    process, out = _start_batch(tmp_path, 40)
    _wait_for(lambda: _started(out))
    _wait_for(lambda: len(_children(process.pid)) == 2)
    workers = _children(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, "briefing: interrupted\n")
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_an_audience_cannot_make_one_specs_file_another_specs(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.yaml").write_text(
        "audiences:\n  press: {description: p}\n  eu-press: {description: e}\n", encoding="utf-8"
    )
    for stem in ("brief", "brief-eu"):
        (tmp_path / f"{stem}.yaml").write_text(
            (SPECS / "minimal.yaml").read_text() + "template: t\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    specs = [str(tmp_path / "brief.yaml"), str(tmp_path / "brief-eu.yaml")]
    status = main(
        ["make", *specs, "--all-audiences", "--layout", "one-page", "--out-dir", str(out)]
    )
    assert status == 2
    assert capsys.readouterr().err == (
        f"{specs[1]}: would write the same file as {specs[0]} (brief-eu-press-one-page.pdf); "
        "rename one, or build them into different --out-dir folders\n"
    )
    assert not out.exists()
