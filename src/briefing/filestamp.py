"""Turn a file into its stamp: what tells a cache that the file is the one it read before.

A stamp is the file's size, modification and change times, inode and device, from one `stat`.
The modification time can be put back (`cp -p`, `rsync -t`, a restored backup, an archive
made with `SOURCE_DATE_EPOCH`); the change time cannot. A file changed in the last
`SETTLED_SECONDS` (by its modification time) may change again within the same tick of a
coarse clock (1-2 s on FAT, exFAT, HFS+ and some network shares) with neither time moving, so
its stamp also holds a digest of its bytes. Used by every stage that keeps what it read from a
file, so it imports nothing of briefing's.
"""

from __future__ import annotations

import os
import stat
import time

SETTLED_SECONDS = 2.0
"""A file changed more recently than this is stamped with a digest of its bytes too."""
DIGESTED_BYTES = 64 * 1024 * 1024
"""A recent file larger than this is stamped as changing every time (never served from a
cache until it settles)."""

Stamp = tuple[int, int, int, int, int, object]


def stamp(path: str | os.PathLike[str]) -> Stamp | None:
    """The stamp of the file at `path` (followed if a link); None when it cannot be read."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    digest: object = None
    if time.time_ns() - info.st_mtime_ns < SETTLED_SECONDS * 1e9:
        digest = _digest(path, info)
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, digest


def _digest(path: str | os.PathLike[str], info: os.stat_result) -> object:
    """A digest of a recent regular file's bytes; for anything else (a device, a FIFO, a file
    too large or unreadable) an object equal to nothing else, so the stamp never matches."""
    if not stat.S_ISREG(info.st_mode) or info.st_size > DIGESTED_BYTES:
        return object()
    import hashlib

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return object()
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return object()
        return hashlib.sha256(stream.read(DIGESTED_BYTES + 1)).digest()
