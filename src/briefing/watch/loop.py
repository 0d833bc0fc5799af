"""Turn saves of the files a session reads into rebuilds, with `watchfiles`.

The folders that hold those files are watched (not the files themselves): an editor that saves
by writing a new file and renaming it over the old one replaces the file watched, and a watch on
the old file would see nothing more. Only changes to the session's own files count. A burst of
changes (a save that writes, renames and touches) is one rebuild. When a build reads new files
(an image added to the spec), or a folder that holds them is deleted or made again, the watch
follows them.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .session import Session, absolute

STEP_MS = 50
"""Quiet time after a change before rebuilding: a save's burst of events is over by then."""
DEBOUNCE_MS = 400
"""The longest a stream of changes is gathered before a rebuild starts anyway."""


def watched_folders(files: set[Path]) -> list[Path]:
    """The existing folders that hold `files`, and those that hold them, sorted: a folder
    deleted and made again (by a sync, a checkout) is a new folder, seen from the one above."""
    near = {file.parent for file in files} | {file.parent.parent for file in files}
    return sorted(folder for folder in near if folder.is_dir())


def follow(
    session: Session,
    *,
    stop: threading.Event,
    report: Callable[[list[str], Session], None] | None = None,
) -> None:
    """Rebuild `session` after every change to a file it reads, until `stop` is set; `report`
    is told each rebuild's error lines."""
    from watchfiles import watch

    while not stop.is_set():
        with session.changed:
            files = {absolute(path) for path in session.inputs} | {
                absolute(spec) for spec in session.specs
            }
        holders = {str(file.parent) for file in files}
        folders = watched_folders(files)
        if not folders:
            stop.wait(0.5)
            continue
        for changes in watch(
            *folders,
            watch_filter=_only({str(file) for file in files} | holders),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            recursive=False,
            raise_interrupt=True,
        ):
            errors = session.rebuild()
            if report is not None:
                report(errors, session)
            with session.changed:
                now = {absolute(path) for path in session.inputs}
            if not now <= files or any(path in holders for _, path in changes):
                break


def _only(names: set[str]) -> Callable[[object, str], bool]:
    """A watch filter that lets through changes to the files and folders named in `names`."""
    return lambda _change, path: path in names


def print_outcome(errors: list[str], session: Session) -> None:
    """What a build says on the terminal: one line with its time, or its errors as `make`
    prints them."""
    if errors:
        for line in errors:
            print(line, file=sys.stderr, flush=True)
        return
    snapshot = session.snapshot()
    pages = sum(count for _, _, count in snapshot.columns)
    pdfs = len(snapshot.columns)
    print(
        f"build {snapshot.number}: {pdfs} PDF{'' if pdfs == 1 else 's'}, {pages} "
        f"page{'' if pages == 1 else 's'} in {snapshot.seconds or 0:.2f} s",
        flush=True,
    )
