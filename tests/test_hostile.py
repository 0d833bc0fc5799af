"""The hostile corpus: every case must fail cleanly, with exactly its expected message.

Two kinds of case live in `tests/hostile/`:

- `NAME.yaml` with `NAME.expected`: a single spec, built with `briefing make NAME.yaml`.
- `NAME/`, a folder holding a small project (specs, templates, logos, fonts, recipient lists):
  `args` holds the command line after `briefing`, one argument per line; `expected` the exact
  standard error, where `{case}` stands for the folder's absolute path after it is copied;
  `status` the exit status when it is not 2; `outputs` the files the run may write (one path per
  line, relative to the folder), when it may write any.

Every case runs in a subprocess with limits on time, CPU and memory, so an alias bomb or a
parser that recurses forever fails the test instead of hanging the machine. A folder case runs
on a copy inside the test's temporary folder, beside an `outside/` folder that holds a decoy
file; after the run, nothing but the listed outputs may have changed anywhere under the
temporary folder.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.stem for p in HOSTILE.glob("*.yaml"))
FOLDER_CASES = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir())
MEMORY_LIMIT = 1024 * 1024 * 1024
CPU_SECONDS = 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        preexec_fn=_limits,
    )


def make_limited(spec: str, out_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_limited(["make", spec, "--out-dir", str(out_dir)], cwd)


def test_every_case_has_an_expected_message():
    assert CASES
    assert sorted(p.stem for p in HOSTILE.glob("*.expected")) == CASES
    for case in FOLDER_CASES:
        assert (HOSTILE / case / "args").is_file(), case
        assert (HOSTILE / case / "expected").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_hostile_spec_fails_cleanly(case, tmp_path):
    result = make_limited(f"{case}.yaml", tmp_path, HOSTILE)
    expected = (HOSTILE / f"{case}.expected").read_text(encoding="utf-8")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected)
    assert not list(tmp_path.iterdir()), "a failed build wrote files"


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (symlinks not followed) and a digest of what it holds."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = "-> " + os.readlink(path)
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = digest
    return found


def _setting(case: Path, name: str, default: str) -> str:
    path = case / name
    return path.read_text(encoding="utf-8").strip() if path.exists() else default


@pytest.mark.parametrize("case", FOLDER_CASES)
def test_hostile_project_fails_cleanly(case, tmp_path):
    work = tmp_path / "work" / "partner" / case
    shutil.copytree(HOSTILE / case, work, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    decoy = pikepdf.new()
    decoy.add_blank_page()
    decoy.save(outside / "annual-report-one-page.pdf")
    (outside / "leak.yaml").write_text("margin: sk-live-SECRET\n", encoding="utf-8")
    args = (work / "args").read_text(encoding="utf-8").splitlines()
    before = _snapshot(tmp_path)
    result = run_limited([a.replace("{case}", str(work)) for a in args if a], work)
    expected = (work / "expected").read_text(encoding="utf-8").replace("{case}", str(work))
    status = int(_setting(work, "status", "2"))
    assert (result.returncode, result.stderr) == (status, expected)
    assert "Traceback" not in result.stdout + result.stderr
    assert "SECRET" not in result.stdout + result.stderr
    allowed = {
        str((work / line).relative_to(tmp_path))
        for line in _setting(work, "outputs", "").splitlines()
        if line
    }
    after = _snapshot(tmp_path)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed <= allowed, f"the run changed files it must not: {sorted(changed - allowed)}"
    assert not [p for p in after if p.endswith((".part", ".bak"))], "temporary files left"


def test_python_tag_runs_nothing(tmp_path):
    marker = Path("/tmp/briefing-pwned")
    marker.unlink(missing_ok=True)
    make_limited("python-tag.yaml", tmp_path, HOSTILE)
    assert not marker.exists()


def test_oversized_file_is_refused_before_parsing(tmp_path):
    spec = tmp_path / "huge.yaml"
    spec.write_text("title: T\norganisations: X\nsummary: S\nkeywords:\n" + "  - word\n" * 400_000)
    result = make_limited(str(spec), tmp_path / "out", tmp_path)
    size = spec.stat().st_size
    assert result.returncode == 2
    assert result.stderr == (
        f"{spec}:1:1: the file is {size:,} bytes; a spec may be at most 2,097,152 bytes\n"
    )


def test_a_folder_or_fifo_is_not_a_spec(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = make_limited(str(fifo), tmp_path / "out", tmp_path)
    assert (result.returncode, result.stderr) == (2, f"{fifo}:1:1: not a regular file\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = make_limited(str(empty), tmp_path / "out", tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        f"{empty}: no spec matches (looked for .yaml files)\n",
    )


def test_very_deep_nesting_is_refused_without_recursion(tmp_path):
    spec = tmp_path / "deep.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\nkeywords: " + "[" * 100_000 + "]" * 100_000 + "\n"
    )
    result = make_limited(str(spec), tmp_path / "out", tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{spec}:4:")
    assert result.stderr.endswith(": nesting is deeper than 32 levels\n")
    assert "Traceback" not in result.stderr
