"""Turn the finished files of one build (PDFs, text...) into files on disk, as a set: all of the
new ones, or all of the old.

Every file is first written in full to a temporary file beside its target and flushed to disk.
Only then are the targets replaced, one rename each, back to back. Before the first rename the
old files are kept as hard links (`.bak`) and a journal names them; if a rename fails (a full
disk), the files already replaced are put back, so readers never see a new one-page brief beside
an old multi-page one. A build killed between two renames leaves its journal behind: the next
build into the same folder rolls the set back to the old files and removes the leftovers of any
build whose process is gone.

A batch stages each set instead (`stage_set`: written, not yet flushed), flushes many sets at
once (`flush`: one `syncfs` per file system where Linux has it, much cheaper than a `fsync` per
file), then puts each set in place (`commit_set`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefingError, OutputError

_LEFTOVER = re.compile(r"^\..+\.(\d+)\.[0-9a-f]+\.(part|bak|journal)$")
_STALE_AFTER = 24 * 3600
"""Leftovers older than this are removed even if their process number is in use again."""


def _kind(target: Path) -> str:
    """What `target` is, in a message: `the PDF`, `the TXT file`."""
    return "the PDF" if target.suffix == ".pdf" else f"the {target.suffix[1:].upper()} file"


def check_target(target: Path, *, inputs: list[Path]) -> None:
    """Raise `OutputError` if `target` cannot or must not be written."""
    if target.is_dir():
        raise OutputError(f"{target}: cannot write {_kind(target)}: a folder has that name")
    if not target.exists():
        return
    for source in inputs:
        try:
            same = source.exists() and target.samefile(source)
        except OSError:
            same = False
        if same:
            made = "a PDF" if target.suffix == ".pdf" else "an output file"
            raise BriefingError(f"{target}: refusing to overwrite an input file with {made}")


@dataclass(frozen=True)
class Staged:
    """A set of files written in full to temporary files beside their targets (`temporaries`,
    target → temporary), waiting to be put in place together (`commit_set`)."""

    temporaries: dict[Path, Path]


def write_set(files: dict[Path, bytes], *, inputs: list[Path]) -> None:
    """Replace every target in `files` together; raise `OutputError` on failure, with every
    target left as it was."""
    commit_set(stage_set(files, inputs=inputs))


def stage_set(
    files: dict[Path, bytes],
    *,
    inputs: list[Path],
    flushed: bool = True,
    owner: int | None = None,
    clean: bool = True,
) -> Staged:
    """Write every file of `files` to a temporary file beside its target, flushed to disk
    unless `flushed` is False (then `flush` must see it before `commit_set`). Temporary files
    are named after process `owner` (default: this one), which must outlive them: a build
    into the same folder removes those of a process that is gone (`clean_leftovers`; `clean`
    False skips that, for a batch that has done it already). `OutputError` when a file
    cannot be written, with nothing left behind."""
    for target in files:
        check_target(target, inputs=inputs)
    for folder in dict.fromkeys(target.parent for target in files):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(
                f"{folder}: cannot create the output folder ({err.strerror})"
            ) from None
        if clean:
            clean_leftovers(folder)
    temporaries: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            temporaries[target] = _write_temporary(
                target, data, flushed=flushed, owner=owner or os.getpid()
            )
    except OutputError:
        discard_set(Staged(temporaries))
        raise
    return Staged(temporaries)


def flush(sets: Iterable[Staged]) -> None:
    """Make the temporary files of every set durable: one `syncfs` for each file system they
    lie on (Linux), else a `fsync` of each file. `OutputError` naming the first target whose
    file cannot be flushed."""
    staged = [pair for one in sets for pair in one.temporaries.items()]
    folders = {temporary.parent for _, temporary in staged}
    if folders and all(_syncfs(folder) for folder in folders):
        return
    for target, temporary in staged:
        try:
            handle = os.open(temporary, os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
        except OSError as err:
            raise OutputError(f"{target}: cannot write {_kind(target)} ({err.strerror})") from None


def _syncfs(folder: Path) -> bool:
    """Flush the file system that holds `folder`; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        handle = os.open(folder, os.O_RDONLY)
    except (OSError, AttributeError):
        return False
    try:
        return bool(libc.syncfs(handle) == 0)
    except AttributeError:
        return False
    finally:
        os.close(handle)


def commit_set(staged: Staged) -> None:
    """Put every staged file in place together (`OutputError` on failure, with every target
    left as it was); the temporary files are gone afterwards either way."""
    try:
        if staged.temporaries:
            _replace_all(staged.temporaries)
    finally:
        discard_set(staged)


def discard_set(staged: Staged) -> None:
    """Remove the temporary files of a set that will not be put in place."""
    for temporary in staged.temporaries.values():
        _remove(temporary)


def _leftover_name(target: Path, kind: str, owner: int | None = None) -> Path:
    number = owner or os.getpid()
    return target.with_name(f".{target.name}.{number}.{secrets.token_hex(4)}.{kind}")


def _write_temporary(target: Path, data: bytes, *, flushed: bool, owner: int) -> Path:
    temporary = _leftover_name(target, "part", owner)
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as err:
        raise OutputError(f"{target}: cannot write in {target.parent} ({err.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if flushed:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except OSError as err:
        _remove(temporary)
        raise OutputError(f"{target}: cannot write {_kind(target)} ({err.strerror})") from None
    return temporary


def _replace_all(temporaries: dict[Path, Path]) -> None:
    """Rename every temporary over its target, restoring the old targets if one rename fails."""
    backups: dict[Path, Path | None] = {}
    journal = _leftover_name(next(iter(temporaries)), "journal")
    try:
        for target in temporaries:
            backups[target] = _keep_old(target)
        if len(temporaries) > 1:
            _write_journal(journal, backups, temporaries)
        replaced: list[Path] = []
        try:
            for target, temporary in temporaries.items():
                os.replace(temporary, target)
                replaced.append(target)
        except OSError as err:
            _restore(replaced, backups)
            raise OutputError(f"{target}: cannot write {_kind(target)} ({err.strerror})") from None
    finally:
        _remove(journal)
        for backup in backups.values():
            if backup is not None:
                _remove(backup)


def _keep_old(target: Path) -> Path | None:
    """A hard link to the current `target` (None if there is none yet), to restore it from.
    Another build replacing `target` meanwhile (two `make`s into one folder) can leave the
    file found gone by the time it is linked (ENOENT): the one now there is linked instead."""
    backup = _leftover_name(target, "bak")
    for _ in range(_LINK_TRIES):
        if not target.exists():
            return None
        try:
            os.link(target, backup)
            return backup
        except FileNotFoundError:
            continue
        except OSError as err:
            raise OutputError(
                f"{target}: cannot keep the old {_kind(target)[4:]} aside ({err.strerror})"
            ) from None
    raise OutputError(
        f"{target}: cannot keep the old {_kind(target)[4:]} aside (it keeps changing)"
    )


_LINK_TRIES = 8


def _write_journal(
    journal: Path, backups: dict[Path, Path | None], temporaries: dict[Path, Path]
) -> None:
    """Name each target, its backup (None when it is new) and the file number of the new
    file, which a rollback checks before it removes a new target."""
    try:
        entries = [
            [str(t), str(b) if b else None, temporaries[t].stat().st_ino]
            for t, b in backups.items()
        ]
    except OSError as err:
        raise OutputError(f"{journal.parent}: cannot write there ({err.strerror})") from None
    try:
        with open(journal, "w", encoding="utf-8") as stream:
            json.dump(entries, stream)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as err:
        raise OutputError(f"{journal.parent}: cannot write there ({err.strerror})") from None


def _restore(replaced: list[Path], backups: dict[Path, Path | None]) -> None:
    for target in replaced:
        backup = backups[target]
        try:
            if backup is None:
                target.unlink()
            else:
                os.replace(backup, target)
        except OSError:
            pass


def clean_leftovers(folder: Path, *, finished: int | None = None) -> None:
    """Undo what a killed build left in `folder`: roll an interrupted set back to its old files
    (from its journal), then remove its temporary files and backups. Those named after
    process `finished` go too (a batch that has put in place all it will: its killed workers'
    staged files)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if _LEFTOVER.match(entry.name)]
    except OSError:
        return
    stale = [
        folder / name
        for name in names
        if _is_stale(folder / name) or (finished is not None and _owner(name) == finished)
    ]
    for journal in (p for p in stale if p.name.endswith(".journal")):
        backups = _read_journal(journal)
        existing = [t for t, b in backups.items() if b is None or b.exists()]
        _restore(existing, backups)
    for leftover in stale:
        _remove(leftover)


def _read_journal(journal: Path) -> dict[Path, Path | None]:
    """The targets and backups a journal names, keeping only entries this module could have
    written: a file of a known format (`formats.suffixes`) directly in the journal's folder,
    and a backup of that very file beside it, or, for a file the build made new, the file
    number it gave that file (so that a rollback removes only what the build wrote).
    A journal is a file in a folder others can write to (a partner's zip unpacked into `out/`),
    so anything else in it (another folder, another kind of file) is ignored."""
    from .formats import suffixes

    folder, known = journal.parent, suffixes()
    try:
        if journal.stat().st_size > 64 * 1024:
            return {}
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    backups: dict[Path, Path | None] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)):
            continue
        target, backup, number = Path(entry[0]), entry[1], entry[2]
        if target.parent != folder or target.suffix not in known or target.is_symlink():
            continue
        if backup is None:
            if isinstance(number, int) and _file_number(target) == number:
                backups[target] = None
            continue
        kept = Path(backup) if isinstance(backup, str) else None
        match = _LEFTOVER.match(kept.name) if kept is not None else None
        if kept is None or kept.parent != folder or match is None or match.group(2) != "bak":
            continue
        if not kept.name.startswith(f".{target.name}.") or kept.is_symlink():
            continue
        backups[target] = kept
    return backups


def _file_number(path: Path) -> int | None:
    try:
        return path.lstat().st_ino
    except OSError:
        return None


def _owner(name: str) -> int | None:
    match = _LEFTOVER.match(name)
    return int(match.group(1)) if match else None


def _is_stale(path: Path) -> bool:
    match = _LEFTOVER.match(path.name)
    if match is None:
        return False
    try:
        if time.time() - path.lstat().st_mtime > _STALE_AFTER:
            return True
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError, ValueError):
        return False
    return False


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
