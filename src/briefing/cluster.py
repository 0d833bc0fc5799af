"""Turn build jobs (a mail-merge, or many specs) into outcomes on a Dask cluster (`--dask`).

The client loads and checks every spec as `make` does (so every rule about which files may be
read applies here), then ships the bytes of every file the builds read (`Bundle`: specs, the
originals they translate, images, the template chain, logo and fonts; not briefing's own
templates and fonts, which each worker's install has) once to every worker, which renders from
its own copy (`clusterwork.py`): it never reads the client's files, and writes none. Rows go
out in chunks (`chunk_size`); each comes back as the bytes of its files, which the client
stages into the output folder as they arrive and puts in place in job order, as `--jobs` does
(`batch.run_jobs`), so the lines, the summary and the exit status are those of a local run. A
worker must run the very briefing the client runs (`identity`): any other is refused, never
used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import batch
from .batch import Job, Outcome
from .build import Rendered, Request, Staging, store
from .clusterwork import Bundle, Mismatch, Result, Task, identity, render_chunk
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
EXTRA = "pip install 'briefing[dask]'"


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
        client.submit(render_chunk, shipped, chunk, sent, identity(), own, pure=False): chunk
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
