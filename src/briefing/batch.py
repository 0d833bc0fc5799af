"""Turn many build jobs (specs, or one spec times many recipients) into PDFs, in parallel.

Jobs run in worker processes (`--jobs N`), each of which keeps what does not change between
jobs: fonts registered once, each spec and template loaded once. One failing job never stops
the others; each outcome carries its PDFs or its error lines. Outcomes come back in job order.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .build import Built, Request, build, prepare
from .errors import EXIT_FAILURE, BriefingError
from .recipients import Recipient, personalise
from .template import LoadedTemplate
from .validate import LoadedSpec


@dataclass(frozen=True)
class Job:
    """One spec to build, possibly for one recipient."""

    spec: Path
    recipient: Recipient | None = None
    stem: str | None = None


@dataclass
class Outcome:
    job: Job
    built: list[Built] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    status: int = 0


@lru_cache(maxsize=16)
def _prepared(
    spec: Path, mtime_ns: int, template: Path | None, root: Path | None
) -> tuple[LoadedSpec, LoadedTemplate]:
    return prepare(spec, template, root=root)


_TRIM_EVERY = 25
_jobs_done = 0


def _trim_memory() -> None:
    """Hand freed memory back to the system every few jobs (glibc only), so a worker's
    footprint stays flat over thousands of briefs instead of creeping with fragmentation."""
    global _jobs_done
    _jobs_done += 1
    if _jobs_done % _TRIM_EVERY:
        return
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def run_job(job: Job, request: Request) -> Outcome:
    """Build one job; never raises for anything a user can fix."""
    _trim_memory()
    try:
        loaded, tpl = _prepared(
            job.spec, job.spec.stat().st_mtime_ns, request.template, request.root
        )
        if job.recipient is not None:
            loaded = personalise(loaded, job.recipient)
        built = build(loaded, tpl, request, stem=job.stem)
        return Outcome(job, built)
    except BriefingError as error:
        written = list(getattr(error, "built", []))
        return Outcome(job, built=written, errors=error.lines(), status=error.exit_status)
    except OSError as error:
        return Outcome(job, errors=[f"{job.spec}:1:1: {error.strerror or error}"], status=2)
    except Exception as error:  # noqa: BLE001 - a bug; report it, keep the batch going
        return Outcome(
            job,
            status=EXIT_FAILURE,
            errors=[
                f"{job.spec}: internal error in briefing ({type(error).__name__}: {error}); "
                "please report it with the spec attached"
            ],
        )


def _run_chunk(args: tuple[list[Job], Request]) -> list[Outcome]:
    jobs, request = args
    return [run_job(job, request) for job in jobs]


def run_jobs(
    jobs: list[Job],
    request: Request,
    *,
    workers: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run every job, in `workers` processes; outcomes in job order."""
    outcomes: list[Outcome] = []
    for outcome in _outcomes(jobs, request, workers):
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return outcomes


def _outcomes(jobs: list[Job], request: Request, workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield run_job(job, request)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(20, len(jobs) // (workers * 4)))
    chunks = [(jobs[i : i + size], request) for i in range(0, len(jobs), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for chunk in pool.map(_run_chunk, chunks):
            yield from chunk


class Progress:
    """A one-line progress bar on a terminal; silent anywhere else."""

    def __init__(self, total: int, *, stream: Any, enabled: bool) -> None:
        self.total, self.done, self.stream, self.enabled = total, 0, stream, enabled
        self.started = time.perf_counter()
        self._shown = 0

    def clear(self) -> None:
        """Take the bar off the line, so that other output can be printed there."""
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def step(self, _outcome: Outcome | None = None) -> None:
        """Count one more job done and redraw the bar (cleared once all are done)."""
        self.done += 1
        if not self.enabled:
            return
        sys.stdout.flush()
        width = 30
        filled = width * self.done // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
        self.stream.write("\r" + line)
        self._shown = len(line)
        if self.done == self.total:
            self.clear()
        self.stream.flush()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
