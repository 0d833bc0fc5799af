"""A file's stamp tells a cache whether the file is the one it read (`briefing/filestamp.py`)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from briefing.filestamp import stamp


def _aged(path: Path, seconds: float = 60) -> int:
    when = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(when, when))
    return when


def test_a_settled_file_is_stamped_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"twelve")
    _aged(path)
    time.sleep(0.01)
    first = stamp(path)
    assert first is not None and first[0] == 6
    # the change time moved when the times were set; stamps of a file untouched since are equal
    assert stamp(path) == first


def test_a_file_whose_time_is_put_back_is_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"twelve")
    was = _aged(path)
    before = stamp(path)
    path.write_bytes(b"thirty")  # same size
    os.utime(path, ns=(was, was))  # as cp -p or rsync -t would leave it
    assert stamp(path) != before


def test_a_recent_file_is_stamped_with_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"twelve")
    first = stamp(path)
    assert first is not None and isinstance(first[5], bytes)
    assert stamp(path) == first
    info = path.stat()
    path.write_bytes(b"thirty")  # within the same tick of a coarse clock: both times kept
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert stamp(path) != first


def test_a_recent_fifo_never_matches_and_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert stamp(fifo) != stamp(fifo)  # and returns: a FIFO is never opened


def test_a_missing_file_has_no_stamp(tmp_path: Path) -> None:
    assert stamp(tmp_path / "gone.txt") is None
