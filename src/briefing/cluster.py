"""Turn build jobs (a mail-merge, or many specs) into outcomes on a Dask cluster (`--dask`).

The client loads and checks every spec as `make` does (so every rule about which files may be
read applies here), then ships the bytes of every file the builds read (`Bundle`: specs, the
originals they translate, images, the template chain, logo and fonts; not briefing's own
templates and fonts, which each worker's install has) once to every worker. A worker writes
them once into a private folder (0700, in its Dask scratch space: removed when it exits, and
when it was killed, by the next worker to start) and renders from there: it never reads the
client's files, and writes none. Rows go out in chunks (`chunk_size`); each comes back as the
bytes of its files, which the client stages into the output folder as they arrive and puts in
place in job order, as `--jobs` does (`batch.run_jobs`), so the lines, the summary and the exit
status are those of a local run. A worker must run the very briefing the client runs
(`identity`): any other is refused, never used.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import posixpath
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__, batch
from .batch import Job, Outcome
from .build import Built, Rendered, Request, Staging, render_files, store
from .design.template import LoadedTemplate
from .errors import EXIT_FAILURE, BriefingError, LayoutError, printable
from .spec.validate import LoadedSpec

CONNECT_SECONDS = 10.0
"""How long the client tries to reach the scheduler, and then waits for a first worker."""
CHUNK = 16
"""At most this many jobs per task: 16 briefs are a fraction of a second of work, against a
task's cost of a millisecond or two, and a lost worker costs at most that much work again."""
TASKS_PER_THREAD = 4
"""Smaller chunks for small runs, so that each worker thread gets several tasks and the
fastest are not left idle at the end."""
BUNDLES_KEPT = 4
"""Bundles a worker keeps written out (the oldest is removed when a fifth arrives)."""
EXTRA = "pip install 'briefing[dask]'"


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


def connect(address: str) -> Any:
    """A Dask client of the scheduler at `address`, with at least one worker, each running this
    very briefing; `BriefingError` (one line) when the extra is missing, the scheduler cannot
    be reached within `CONNECT_SECONDS`, or a worker differs."""
    try:
        dask = _distributed()
    except ImportError:
        raise BriefingError(f"briefing: --dask needs the Dask extra: {EXTRA}") from None
    seconds = f"{CONNECT_SECONDS:g} s"
    try:  # before a client is made: one made with a bad address hangs when collected
        from distributed.comm.addressing import get_address_host_port, parse_address
        from distributed.comm.registry import get_backend

        get_backend(parse_address(address)[0])
        get_address_host_port(address)
    except ValueError as error:
        raise BriefingError(
            f"briefing: --dask {address!r}: not a scheduler address ({printable(str(error))})"
        ) from None
    _quiet()
    try:
        kind = _answering(address)
        if kind == "Scheduler":
            client = dask.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as error:  # noqa: BLE001 - refused, unroutable, silent: one line
        cause = re.sub(r"^in <[^>]*>: ", "", str(error.__cause__ or ""))
        cause = (cause or str(error) or type(error).__name__).splitlines()[0]
        if isinstance(error, TimeoutError):
            cause = "no answer"
        raise BriefingError(
            f"briefing: --dask {address!r}: cannot reach the scheduler within {seconds} "
            f"({printable(cause)})"
        ) from None
    if kind != "Scheduler":
        raise BriefingError(
            f"briefing: --dask {address!r}: a Dask {printable(kind.lower())} answers there, not a "
            "scheduler; give the scheduler's address (a worker's log names it: 'Registered to:')"
        )
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError):
            raise BriefingError(
                f"briefing: --dask {address!r}: the scheduler has no worker (waited {seconds})"
            ) from None
        ours = identity()
        for worker, theirs in sorted(client.run(identity).items()):
            if theirs != ours:
                raise BriefingError(
                    f"briefing: --dask {address!r}: worker {worker} runs {theirs}, this client "
                    f"{ours}; install the same briefing on every worker"
                )
    except BaseException:
        client.close()
        raise
    return client


def _answering(address: str) -> str:
    """What answers at `address` ("Scheduler", "Worker"...), asked within `CONNECT_SECONDS`:
    a Dask client waits without end for a peer that accepts and never speaks."""
    import asyncio
    import importlib

    core: Any = importlib.import_module("distributed.core")
    security: Any = importlib.import_module("distributed.security")

    async def ask() -> str:
        arguments = security.Security().get_connection_args("client")
        async with core.rpc(address, timeout=CONNECT_SECONDS, connection_args=arguments) as remote:
            answer = await remote.identity()
        return str(answer.get("type", "")) if isinstance(answer, dict) else ""

    return asyncio.run(asyncio.wait_for(ask(), CONNECT_SECONDS))


def _quiet() -> None:
    """Keep Dask's own log lines (a lost scheduler's traceback) off the client's terminal: the
    run reports what failed, one line per brief."""
    for name in [*logging.root.manager.loggerDict, "distributed", "tornado"]:
        if name.split(".")[0] in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def _distributed() -> Any:
    """The `distributed` package (the `dask` extra), imported on first use."""
    import importlib

    return importlib.import_module("distributed")


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


def on_cluster(jobs: list[Job], request: Request, client: Any) -> Iterator[Outcome]:
    """The outcomes of `jobs` rendered on the cluster of `client`, in job order, each with its
    files staged (`Outcome.staged`) for `batch` to put in place. A job whose spec the client
    cannot load fails here, exactly as locally; a task the cluster never completes (a lost
    worker) fails its jobs with a line saying so. Unfinished work is cancelled and what was
    staged is removed when this ends early (Ctrl-C)."""
    local: dict[int, Outcome] = {}
    inputs: dict[Path, list[Path]] = {}
    tasks: list[Task] = []
    for index, job in enumerate(jobs):
        if job.spec not in inputs:
            try:
                loaded, tpl = batch._prepared(job.spec, request.template, request.root)
                inputs[job.spec] = [*_read(loaded, tpl), *request.protected]
            except (BriefingError, OSError):
                inputs[job.spec] = []
        if not inputs[job.spec]:
            local[index] = batch.run_job(job, request, owner=os.getpid())
            continue
        tasks.append(Task(index, str(job.spec.resolve()), job.recipient, job.stem))
    bundle = _bundle([spec for spec, read in inputs.items() if read], request)
    shipped = client.scatter(bundle, broadcast=True, hash=False) if tasks else None
    size = chunk_size(len(tasks), sum(client.nthreads().values()))
    template, own = _template(request.template)
    sent = replace(request, template=template)
    futures = {
        client.submit(_render_chunk, shipped, chunk, sent, identity(), own, pure=False): chunk
        for chunk in (tasks[i : i + size] for i in range(0, len(tasks), size))
    }
    arrived: dict[int, Outcome] = dict(local)
    done = 0
    try:
        for future in _distributed().as_completed(futures, loop=client.loop):
            chunk = futures[future]
            try:
                results: list[Result] = future.result()
            except Mismatch as error:
                results = [Result(t.index, errors=[str(error)], status=2) for t in chunk]
            except Exception as error:  # noqa: BLE001 - a lost worker, a dead scheduler
                results = [_lost(t.index, jobs[t.index], _reason(error)) for t in chunk]
            for result in results:
                job = jobs[result.index]
                arrived[result.index] = _staged(job, result, request, inputs[job.spec])
            while done in arrived:
                yield arrived.pop(done)
                done += 1
        while done in arrived:
            yield arrived.pop(done)
            done += 1
    finally:
        client.cancel(list(futures))
        for outcome in arrived.values():
            if outcome.staged is not None:
                from .outputs.output import discard_set

                discard_set(outcome.staged)


def _template(path: Path | None) -> tuple[Path | None, str | None]:
    """The template file a request names as the client resolved it, or, when it is one of
    briefing's own (which the bundle leaves out), its place inside the package."""
    if path is None:
        return None, None
    resolved, package = path.resolve(), Path(__file__).resolve().parent
    if package in resolved.parents:
        return None, resolved.relative_to(package).as_posix()
    return resolved, None


def chunk_size(tasks: int, threads: int) -> int:
    """Jobs per task: at most `CHUNK`, fewer so that each thread gets `TASKS_PER_THREAD`."""
    return max(1, min(CHUNK, -(-tasks // (max(threads, 1) * TASKS_PER_THREAD))))


def _bundle(specs: list[Path], request: Request) -> Bundle:
    """Every input file of `specs` that briefing's install does not ship, read on the client."""
    from .design.fonts import fonts_dir

    own = (Path(__file__).resolve().parent, fonts_dir().resolve())
    wanted: dict[str, str] = {}
    for spec in dict.fromkeys(specs):
        loaded, tpl = batch._prepared(spec, request.template, request.root)
        for file in _read(loaded, tpl):
            resolved = file.resolve()
            if not any(folder in resolved.parents for folder in own):
                wanted.setdefault(str(resolved), str(file))
    digest = hashlib.sha256()
    contents: dict[str, tuple[bytes, int]] = {}
    for name in sorted(wanted):
        try:
            data = Path(name).read_bytes()
            contents[name] = (data, Path(name).stat().st_mtime_ns)
        except OSError as error:
            raise BriefingError(f"{wanted[name]}: cannot read it ({error.strerror})") from None
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return Bundle(digest.hexdigest(), contents, wanted)


def _read(loaded: LoadedSpec, tpl: LoadedTemplate) -> list[Path]:
    """Every file a build of `loaded` reads: the spec, the originals it translates, their
    images, the template chain, its logo and fonts."""
    files = [loaded.path, *batch._read_by(loaded, tpl)]
    if tpl.template.logo:
        files.append(Path(tpl.template.logo))
    for role in tpl.template.fonts.values():
        files += [Path(p) for p in (role.regular, role.bold, role.italic, role.bold_italic)]
    return list(dict.fromkeys(files))


def _staged(job: Job, result: Result, request: Request, inputs: list[Path]) -> Outcome:
    """The outcome of a job from its result: its files staged into the output folder."""
    if result.errors and not result.files and not result.failed:
        return Outcome(job, errors=result.errors, status=result.status)
    staging = Staging(os.getpid(), clean=request.out_dir not in batch._cleaned)
    batch._cleaned.add(request.out_dir)
    failed = [(LayoutError(text), target) for text, target in result.failed]
    try:
        built = store(Rendered(result.files, result.built, failed, inputs), staging=staging)
        return Outcome(job, built, staged=staging.staged)
    except BriefingError as error:
        return Outcome(
            job,
            built=list(getattr(error, "built", [])),
            errors=error.lines(),
            status=error.exit_status,
            staged=staging.staged,
        )


def _reason(error: Exception) -> str:
    """Why the cluster did not return a task's briefs, in words for whoever runs briefing."""
    kind = type(error).__name__
    if kind == "KilledWorker":
        return "a worker died while building it"
    if "scheduler-connection-lost" in str(error):
        return "the connection to the scheduler was lost"
    if "Cancelled" in kind:
        return "the cluster cancelled it"
    return printable(f"{kind}: {error}".splitlines()[0])[:200]


def _lost(index: int, job: Job, reason: str) -> Result:
    """The result of a job whose task the cluster never completed."""
    how = f"the cluster did not return its brief ({reason}); build it again"
    if job.recipient is None:
        line = f"{job.spec}: {how}"
    else:
        row = job.recipient
        line = f"{row.location}: row {row.number}: {how}"
    return Result(index, errors=[printable(line)], status=EXIT_FAILURE)


_lock = threading.Lock()
_folders: dict[str, Path] = {}


def _render_chunk(
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
        folder = _written(bundle)
        inside = replace(
            request,
            root=folder,
            template=_inside(folder, request.template)
            if own is None
            else _under(Path(__file__).resolve().parent, f"/{own}"),
            protected=(),
        )
        return [_render_one(task, inside, folder, bundle) for task in chunk]


def _render_one(task: Task, request: Request, folder: Path, bundle: Bundle) -> Result:
    from .spec.recipients import personalise

    spec = _under(folder, task.spec)
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
    return None if path is None else _under(folder, str(path))


def _under(folder: Path, resolved: str) -> Path:
    """Where the file the client resolved as `resolved` lies inside `folder`: `ValueError` for
    a name that is not an absolute, normal path (`..` would lead out of the folder)."""
    if not resolved.startswith("/") or posixpath.normpath(resolved) != resolved:
        raise ValueError(f"briefing: --dask: refused a file outside the bundle: {resolved!r}")
    return Path(f"{folder}{resolved}")


def _written(bundle: Bundle) -> Path:
    """The private folder holding `bundle`'s files under their client paths, written once."""
    folder = _folders.get(bundle.key)
    if folder is not None:
        return folder
    folder = Path(tempfile.mkdtemp(prefix="briefing-", dir=_scratch())).resolve()
    try:
        places = {resolved: _under(folder, resolved) for resolved in bundle.files}
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
        return str(_distributed().get_worker().local_directory)
    except (ImportError, ValueError):
        return None


def _remove_all() -> None:
    for folder in _folders.values():
        shutil.rmtree(folder, ignore_errors=True)
    _folders.clear()
