"""The hostile corpus: each `tests/hostile/NAME.yaml` must fail with exactly `NAME.expected`.

Every case runs `briefing make` in a subprocess with limits on time, CPU and memory, so an
alias bomb or a parser that recurses forever fails the test instead of hanging the machine.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.stem for p in HOSTILE.glob("*.yaml"))
MEMORY_LIMIT = 1024 * 1024 * 1024
CPU_SECONDS = 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def make_limited(spec: str, out_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "make", spec, "--out-dir", str(out_dir)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        preexec_fn=_limits,
    )


def test_every_case_has_an_expected_message():
    assert CASES
    assert sorted(p.stem for p in HOSTILE.glob("*.expected")) == CASES


@pytest.mark.parametrize("case", CASES)
def test_hostile_spec_fails_cleanly(case, tmp_path):
    result = make_limited(f"{case}.yaml", tmp_path, HOSTILE)
    expected = (HOSTILE / f"{case}.expected").read_text(encoding="utf-8")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected)
    assert not list(tmp_path.iterdir()), "a failed build wrote files"


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
    import os

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
