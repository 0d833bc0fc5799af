"""Turn a bundle of input files and a chunk of build jobs into their files, on a Dask worker.

The other half of `cluster.py`, which runs on the client. A worker writes a bundle once into a
private folder (0700, in its Dask scratch space: removed when it exits, and when it was killed,
by the next worker to start) and renders from there, one build at a time per process: it never
reads the client's files, and writes none of the client's. A worker renders only for a client
running the very same briefing (`identity`).
"""

from __future__ import annotations

import atexit
import hashlib
import os
import posixpath
import shutil
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__, batch
from .build import Built, Request, render_files
from .errors import BriefingError, printable

BUNDLES_KEPT = 4
"""Bundles a worker keeps written out (the oldest is removed when a fifth arrives)."""


class Mismatch(Exception):
    """A worker runs another briefing than the client's (raised on the worker)."""


@dataclass(frozen=True)
class Bundle:
    """The bytes and modification times of every input file of a run, by resolved path on the
    client, how the client names each (`shown`, for error lines), and `key`, its digest."""

    key: str
    files: dict[str, tuple[bytes, int]]
    shown: dict[str, str]


@dataclass(frozen=True)
class Task:
    """One job as a worker builds it: its index in the run, the spec's resolved path on the
    client, the row and the file name stem."""

    index: int
    spec: str
    recipient: Any
    stem: str | None


@dataclass
class Result:
    """What a worker made of a task: the files (target → bytes), what each is, the layouts
    that did not fit (error text, target), or error lines and an exit status."""

    index: int
    files: dict[Path, bytes] = field(default_factory=dict)
    built: list[Built] = field(default_factory=list)
    failed: list[tuple[str, Path]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    status: int = 0


_identity: list[str] = []


def identity() -> str:
    """`briefing VERSION (files DIGEST)`: the version and a digest of every file of the
    installed package and its shipped fonts (names and bytes), computed once per process."""
    if not _identity:
        from .design.fonts import fonts_dir

        digest = hashlib.sha256()
        for top in (Path(__file__).parent, fonts_dir()):
            for folder, dirs, files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    path = Path(folder, name)
                    digest.update(f"{path.relative_to(top)}\0".encode())
                    digest.update(path.read_bytes())
        _identity.append(f"briefing {__version__} (files {digest.hexdigest()[:12]})")
    return _identity[0]


_lock = threading.Lock()


_folders: dict[str, Path] = {}


def render_chunk(
    bundle: Bundle, chunk: list[Task], request: Request, client: str, own: str | None = None
) -> list[Any]:
    """On a worker: the result of each task of `chunk`, rendered from `bundle` written out in
    this worker's private folder (with `own`, the template of that name inside the package).
    One build at a time per process (`_lock`): the caches and ReportLab are not thread-safe."""
    if identity() != client:
        raise Mismatch(
            f"briefing: --dask: worker on {os.uname().nodename} runs {identity()}, this client "
            f"{client}; install the same briefing on every worker"
        )
    with _lock:
        folder = written(bundle)
        inside = replace(
            request,
            root=folder,
            template=_inside(folder, request.template)
            if own is None
            else under(Path(__file__).resolve().parent, f"/{own}"),
            protected=(),
        )
        return [_render_one(task, inside, folder, bundle) for task in chunk]


def _render_one(task: Task, request: Request, folder: Path, bundle: Bundle) -> Result:
    from .spec.recipients import personalise

    spec = under(folder, task.spec)
    batch._trim_memory()
    try:
        loaded, tpl = batch._prepared(spec, request.template, request.root)
        if task.recipient is not None:
            loaded = personalise(loaded, task.recipient)
        rendered = render_files(loaded, tpl, request, stem=task.stem)
    except BriefingError as error:
        status = error.exit_status
        return Result(task.index, errors=_shown(error.lines(), folder, bundle), status=status)
    except OSError as error:
        line = f"{spec}:1:1: {error.strerror or error}"
        return Result(task.index, errors=_shown([printable(line)], folder, bundle), status=2)
    except Exception as error:  # noqa: BLE001 - a bug; report it, keep the run going
        line = (
            f"{spec}: internal error in briefing ({type(error).__name__}: {error}); "
            "please report it with the spec attached"
        )
        return Result(task.index, errors=_shown([printable(line)], folder, bundle), status=1)
    failed = [("\n".join(_shown(e.lines(), folder, bundle)), t) for e, t in rendered.failed]
    return Result(task.index, rendered.files, rendered.built, failed)


def _shown(lines: list[str], folder: Path, bundle: Bundle) -> list[str]:
    """`lines` naming each file as the client names it, not by its place on this worker."""
    names = sorted(bundle.shown.items(), key=lambda item: -len(item[0]))
    out = []
    for line in lines:
        for resolved, shown in names:
            line = line.replace(f"{folder}{resolved}", shown)
        out.append(line.replace(str(folder), ""))
    return out


def _inside(folder: Path, path: Path | None) -> Path | None:
    """Where the file the client resolved as `path` lies on this worker."""
    return None if path is None else under(folder, str(path))


def under(folder: Path, resolved: str) -> Path:
    """Where the file the client resolved as `resolved` lies inside `folder`: `ValueError` for
    a name that is not an absolute, normal path (`..` would lead out of the folder)."""
    if not resolved.startswith("/") or posixpath.normpath(resolved) != resolved:
        raise ValueError(f"briefing: --dask: refused a file outside the bundle: {resolved!r}")
    return Path(f"{folder}{resolved}")


def written(bundle: Bundle) -> Path:
    """The private folder holding `bundle`'s files under their client paths, written once."""
    folder = _folders.get(bundle.key)
    if folder is not None:
        return folder
    folder = Path(tempfile.mkdtemp(prefix="briefing-", dir=_scratch())).resolve()
    try:
        places = {resolved: under(folder, resolved) for resolved in bundle.files}
    except ValueError:
        folder.rmdir()
        raise
    for resolved, (data, mtime) in bundle.files.items():
        path = places[resolved]
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_bytes(data)
        os.utime(path, ns=(mtime, mtime))
    if not _folders:
        atexit.register(_remove_all)
    _folders[bundle.key] = folder
    while len(_folders) > BUNDLES_KEPT:
        shutil.rmtree(_folders.pop(next(iter(_folders))), ignore_errors=True)
    return folder


def _scratch() -> str | None:
    """The worker's own scratch folder, which Dask removes when the worker exits, and
    removes for a worker that died (a killed one); None outside a Dask worker."""
    try:
        import distributed

        return str(distributed.get_worker().local_directory)
    except (ImportError, ValueError):
        return None


def _remove_all() -> None:
    for folder in _folders.values():
        shutil.rmtree(folder, ignore_errors=True)
    _folders.clear()
