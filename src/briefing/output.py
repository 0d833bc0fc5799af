"""Turn finished PDF bytes into a file, atomically: the old file or the new one, never half.

The bytes go to a unique temporary file in the target folder, are flushed to disk, and then
renamed over the target. A failure at any point removes the temporary file and leaves an
existing PDF untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def check_target(target: Path, *, inputs: list[Path]) -> None:
    """Raise `OutputError` if `target` cannot or must not be written."""
    if target.is_dir():
        raise OutputError(f"{target}: cannot write the PDF: a folder has that name")
    for source in inputs:
        if target.exists() and source.exists() and target.samefile(source):
            raise OutputError(f"{target}: refusing to overwrite an input file with a PDF")


def write_atomically(target: Path, data: bytes, *, inputs: list[Path]) -> None:
    """Write `data` to `target` by rename; raise `OutputError` on failure."""
    check_target(target, inputs=inputs)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the output folder ({err.strerror})") from None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as err:
        raise OutputError(f"{target}: cannot write in {folder} ({err.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as err:
        raise OutputError(f"{target}: cannot write the PDF ({err.strerror})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
