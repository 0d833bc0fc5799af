"""Turn build jobs into outcomes in worker processes, one job at a time each.

The workers are forked once the layout engine is imported and the first job's fonts are parsed
(`_warm`), so they share that; each keeps its loaded specs and caches across its jobs. A worker
builds one job at a time, so when one dies (killed, or crashed in native code) only its job
fails, with a line saying so, and a fresh worker takes its place. Workers never outlive the
batch: they ignore Ctrl-C, are ended when the batch ends however it ends, and exit when the
parent's end of their pipe closes.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import batch
from .batch import Job, Outcome
from .build import Request
from .errors import EXIT_FAILURE, BriefingError, printable
from .spec.recipients import personalise


@dataclass
class _Worker:
    """A worker process, the parent's end of its pipe, and the job it is building."""

    process: Any
    connection: Any
    job: int | None = None


def in_workers(jobs: list[Job], request: Request, count: int) -> Iterator[Outcome]:
    """Outcomes from `count` worker processes, one job at a time each, so that the job of a
    worker that dies is known exactly; a dead worker is replaced. Every worker is gone when
    this ends, however it ends (an error, Ctrl-C)."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    waiting = deque(range(len(jobs)))
    finished: dict[int, Outcome] = {}
    pool: list[_Worker] = []
    done = 0
    completed = False
    _warm(jobs[0], request)
    try:
        while len(pool) < count:
            pool.append(_start(context, request, pool))
        while done < len(jobs):
            _give(pool, waiting, jobs, context, request)
            busy = [w for w in pool if w.job is not None]
            if not busy:
                continue  # a worker died idle and was replaced: give it the job
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
            for index, worker in enumerate(pool):
                job = worker.job
                if job is None or not {worker.connection, worker.process.sentinel} & ready:
                    continue
                try:
                    if not worker.connection.poll():
                        raise EOFError
                    finished[job] = worker.connection.recv()
                    worker.job = None
                except (EOFError, OSError):
                    finished[job] = _stopped(jobs[job], worker)
                    pool[index] = _replace(worker, context, request, pool)
            _give(pool, waiting, jobs, context, request)  # before the caller's turn: no idle wait
            while done in finished:
                yield finished.pop(done)
                done += 1
        completed = True
    finally:
        _stop(pool, wait_for_them=completed)


def _give(
    pool: list[_Worker], waiting: deque[int], jobs: list[Job], context: Any, request: Request
) -> None:
    """Send the next waiting job to each idle worker; a worker that died while idle is
    replaced, and its job waits for another."""
    for index, worker in enumerate(pool):
        if worker.job is None and waiting:
            try:
                worker.connection.send(jobs[waiting[0]])
                worker.job = waiting.popleft()
            except OSError:
                pool[index] = _replace(worker, context, request, pool)


def _warm(job: Job, request: Request) -> None:
    """Do once, before the workers are forked (which then share it), what each would do first:
    import the layout engine and register and parse the fonts of the first job's spec. What
    goes wrong here is left for the job to report."""
    from .build import plan
    from .rlimport import import_platypus

    import_platypus()  # before the layout imports ReportLab's paragraph module
    from .layout import multipage, onepage  # noqa: F401 - imported for the workers

    try:
        loaded, tpl = batch._prepared(job.spec, request.template, request.root)
        if job.recipient is not None:
            loaded = personalise(loaded, job.recipient)
        plan(loaded, tpl, request)
        from reportlab.pdfbase import pdfmetrics

        for font in list(pdfmetrics._fonts.values()):
            getattr(font, "face", None)
    except (BriefingError, OSError):
        pass


def _start(context: Any, request: Request, pool: list[_Worker]) -> _Worker:
    ours, theirs = context.Pipe()
    inherited = [w.connection for w in pool] + [ours]
    process = context.Process(target=_work, args=(theirs, request, inherited), daemon=True)
    process.start()
    theirs.close()
    return _Worker(process, ours)


def _replace(dead: _Worker, context: Any, request: Request, pool: list[_Worker]) -> _Worker:
    dead.connection.close()
    dead.process.join(5)
    return _start(context, request, [w for w in pool if w is not dead])


def _work(connection: Any, request: Request, inherited: list[Any]) -> None:
    """A worker: build each job the parent sends until the parent closes the pipe (or dies:
    the pipe's other ends, inherited from the parent, are closed so that its death is seen)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:
        other.close()
    gc.freeze()  # what the parent made is no garbage of the jobs: not scanned, pages shared
    owner = os.getppid()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        outcome = batch.run_job(job, request, owner=owner)
        try:
            connection.send(outcome)
        except OSError:
            return


def _stopped(job: Job, worker: _Worker) -> Outcome:
    """The outcome of a job whose worker died while building it."""
    worker.process.join(5)
    code = worker.process.exitcode
    if code is not None and code < 0 and -code in signal.valid_signals():
        how = f"killed by {signal.Signals(-code).name}, signal {-code}"
    else:
        how = f"exit status {code}"
    stopped = f"stopped unexpectedly ({how}); build it again"
    if job.recipient is None:
        line = f"{job.spec}: the worker building this brief {stopped}"
    else:
        row = job.recipient
        line = f"{row.location}: row {row.number}: the worker building its brief from "
        line += f"{job.spec} {stopped}"
    return Outcome(job, errors=[printable(line)], status=EXIT_FAILURE)


def _stop(pool: list[_Worker], *, wait_for_them: bool) -> None:
    """End every worker: closing its pipe lets an idle one exit; a busy one (after an error or
    Ctrl-C) is terminated."""
    for worker in pool:
        worker.connection.close()
        if not wait_for_them:
            worker.process.terminate()
    for worker in pool:
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
