"""Turn many build jobs (specs, or one spec times many recipients) into PDFs, in parallel.

Jobs run in this process or in worker processes (`--jobs N`, `workers.py`), each of which
keeps what does not change between jobs: fonts registered once, each spec and template loaded
once (`PREPARED`). One failing job never stops the others; each outcome carries its PDFs or its
error lines. Outcomes come back in job order.

A job's files are staged (written, not yet flushed to disk), and the batch puts them in place
in groups (`GROUP`): one flush of the file system for the whole group, then each job's set
renamed into place, then its outcome reported. A file is never in place before it is on disk.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build import Built, Request, Staging, build, prepare
from .design.resolve import lookup_places
from .design.template import LoadedTemplate
from .errors import EXIT_FAILURE, BriefingError, OutputError, Problem, SpecError, printable
from .filestamp import Stamp, stamp
from .outputs.output import Staged, clean_leftovers, commit_set, discard_set, flush
from .spec.recipients import Recipient, personalise
from .spec.validate import LoadedSpec


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
    staged: Staged | None = None
    """Its files, staged for the batch to put in place (`run_job` with an `owner`)."""


GROUP = 32
"""At most this many jobs' files are flushed to disk at once and then put in place."""
GROUP_SECONDS = 0.5
"""A group is put in place once its first job has waited this long."""


PREPARED = 16
"""Specs (with their templates) a process keeps loaded: a batch of many specs loads each once
when it is built, a mail-merge loads its one spec once for all its rows."""
_prepared_specs: OrderedDict[
    tuple[Path, Path | None, Path | None],
    tuple[tuple[tuple[Path, Stamp | None], ...], LoadedSpec, LoadedTemplate],
] = OrderedDict()


def _prepared(
    spec: Path, template: Path | None, root: Path | None
) -> tuple[LoadedSpec, LoadedTemplate]:
    """`build.prepare(spec, template, root=root)`, loaded again when a file it read (the spec,
    the original it translates, its images, the template and what that extends) has changed
    (`filestamp`), or a file appeared or went where its template's name is looked up first;
    the last `PREPARED` are kept."""
    key = (spec.resolve(), template, root)
    kept = _prepared_specs.get(key)
    if kept is not None and kept[0] == _stamps(stamp[0] for stamp in kept[0]):
        _prepared_specs.move_to_end(key)
        return kept[1], kept[2]
    first = _stamp(spec)  # before reading it: a change while it is read is seen next time
    loaded, tpl = prepare(spec, template, root=root)
    places = lookup_places(loaded) if template is None else []
    _prepared_specs[key] = ((first, *_stamps([*_read_by(loaded, tpl), *places])), loaded, tpl)
    while len(_prepared_specs) > PREPARED:
        _prepared_specs.popitem(last=False)
    return loaded, tpl


def _read_by(loaded: LoadedSpec, tpl: LoadedTemplate) -> list[Path]:
    """The files besides the spec itself that loading it and its template read."""
    files: list[Path] = [*tpl.files]
    spec: LoadedSpec | None = loaded
    while spec is not None:
        files += [image.path for image in spec.images.values()]
        if spec.original is not None:
            files.append(spec.original.path)
        spec = spec.original
    return files


def _stamps(paths: Iterable[Path]) -> tuple[tuple[Path, Stamp | None], ...]:
    return tuple(_stamp(path) for path in paths)


def _stamp(path: Path) -> tuple[Path, Stamp | None]:
    """A file's path and stamp (`filestamp`; None when it cannot be read, or is not there)."""
    return path, stamp(path)


_cleaned: set[Path] = set()
"""The output folders this process has cleaned of what killed builds left (one per folder:
in a batch, nothing it stages can be left by a process that is gone)."""

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


def run_job(job: Job, request: Request, *, owner: int | None = None) -> Outcome:
    """Build one job; never raises for anything a user can fix. With an `owner` (the process
    that will put them in place), its files are only staged (`Outcome.staged`)."""
    _trim_memory()
    staging = None
    if owner is not None:
        staging = Staging(owner, clean=request.out_dir not in _cleaned)
        _cleaned.add(request.out_dir)
    try:
        loaded, tpl = _prepared(job.spec, request.template, request.root)
        if job.recipient is not None:
            loaded = personalise(loaded, job.recipient)
        built = build(loaded, tpl, request, stem=job.stem, staging=staging)
        return Outcome(job, built, staged=staging.staged if staging else None)
    except BriefingError as error:
        written = list(getattr(error, "built", []))
        return Outcome(
            job,
            built=written,
            errors=error.lines(),
            status=error.exit_status,
            staged=staging.staged if staging else None,
        )
    except OSError as error:
        return Outcome(
            job, errors=[printable(f"{job.spec}:1:1: {error.strerror or error}")], status=2
        )
    except Exception as error:  # noqa: BLE001 - a bug; report it, keep the batch going
        return Outcome(
            job,
            status=EXIT_FAILURE,
            errors=[
                printable(
                    f"{job.spec}: internal error in briefing ({type(error).__name__}: {error}); "
                    "please report it with the spec attached"
                )
            ],
        )


def run_jobs(
    jobs: list[Job],
    request: Request,
    *,
    workers: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
    cluster: Any = None,
) -> list[Outcome]:
    """Run every job, in `workers` processes, or on the Dask cluster of the client `cluster`
    (`cluster.connect`); outcomes in job order. A job whose worker dies (killed, or crashed
    in native code) fails with a line saying so; the others go on."""
    outcomes: list[Outcome] = []
    try:
        with closing(_outcomes(jobs, request, workers, cluster)) as built:
            for outcome in _in_place(built):
                outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
    finally:  # what a killed worker staged
        clean_leftovers(request.out_dir, finished=os.getpid())
    return outcomes


def _in_place(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    """`outcomes`, each once its files are in place: in groups of at most `GROUP` (or after
    `GROUP_SECONDS`), flushed to disk together. Files of a group not yet in place when this
    ends early (an error, Ctrl-C) are removed."""
    waiting: list[Outcome] = []
    started = 0.0
    try:
        for outcome in outcomes:
            if not waiting:
                started = time.monotonic()
            waiting.append(outcome)
            if len(waiting) >= GROUP or time.monotonic() - started >= GROUP_SECONDS:
                group, waiting = _put_in_place(waiting), []
                yield from group
        group, waiting = _put_in_place(waiting), []
        yield from group
    finally:
        for outcome in waiting:
            if outcome.staged is not None:
                discard_set(outcome.staged)


def _put_in_place(group: list[Outcome]) -> list[Outcome]:
    """The outcomes of `group`, with their staged files flushed and put in place; a job whose
    files cannot be written fails with the reason (and has built nothing)."""
    staged = [(outcome, outcome.staged) for outcome in group if outcome.staged is not None]
    try:
        flush(files for _, files in staged)
        flushed = True
    except OutputError:
        flushed = False  # each set is flushed on its own, to tell which cannot be
    for outcome, files in staged:
        if not flushed:
            try:
                flush([files])
            except OutputError as error:
                discard_set(files)
                _failed(outcome, error)
                continue
        _committed(outcome)
    return group


def _committed(outcome: Outcome) -> None:
    """Put the staged files of `outcome` in place, or fail it with the reason they are not."""
    assert outcome.staged is not None
    staged, outcome.staged = outcome.staged, None
    try:
        commit_set(staged)
    except OutputError as error:
        _failed(outcome, error)


def _failed(outcome: Outcome, error: OutputError) -> None:
    outcome.built, outcome.staged = [], None
    outcome.errors += error.lines()
    outcome.status = max(outcome.status, error.exit_status)


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def jobs_for(
    specs: list[Path], recipients: Path | None, name: str | None, *, request: Request
) -> list[Job]:
    """The jobs of a batch: one per spec, or, with a recipients file, one per spec and row
    (files named by the `--name` pattern); every row checked against every spec first, and no
    two jobs writing the same file (`check_distinct`)."""
    if recipients is None:
        work = [Job(spec) for spec in specs]
    else:
        from .spec.recipients import check_recipients, file_stems, load_recipients

        rows = load_recipients(recipients)
        work = []
        for spec in specs:
            loaded, _ = prepare(spec, request.template, root=request.root)
            check_recipients(loaded, rows, name_pattern=name)
            stems = file_stems(spec, rows, name)
            work += [Job(spec, row, stem) for row, stem in zip(rows, stems, strict=True)]
    check_distinct(work, request)
    return work


def check_distinct(jobs: list[Job], request: Request) -> None:
    """No two jobs may write the same file, also where names differ only in case or Unicode
    normalisation (one file on macOS and Windows), and whatever part of the name the spec,
    the row, the audience or the layout gave (`a.yaml` for the audience `journalist` and
    `a-journalist.yaml` both make `a-journalist-one-page.pdf`). `BriefingError` naming both,
    for each. A spec that cannot be loaded is left to fail on its own."""
    from .build import targets_of

    first: dict[str, tuple[Job, Path]] = {}
    lines, problems = [], []
    for job in jobs:
        try:
            loaded, tpl = _prepared(job.spec, request.template, request.root)
        except (BriefingError, OSError):
            continue
        clashes = []
        for target in targets_of(loaded, tpl, request, stem=job.stem).values():
            other, other_target = first.setdefault(_file_key(target.name), (job, target))
            if other is not job:
                clashes.append((other, other_target, target))
        if not clashes:
            continue
        other, other_target, target = clashes[0]
        names = target.name
        if other_target.name != target.name:
            names = f"{other_target.name} and {target.name}, one file on macOS and Windows"
        if job.recipient is None or other.recipient is None:
            lines.append(
                f"{job.spec}: would write the same file as {other.spec} ({names}); rename "
                "one, or build them into different --out-dir folders"
            )
            continue
        if job.spec == other.spec:
            message = f"would write the same file as row {other.recipient.number} ({names}); "
            message += "add {n} or another field to --name"
        else:
            message = (
                f"would write the same file from {job.spec} as row {other.recipient.number} "
                f"from {other.spec} ({names}); build them into different --out-dir folders"
            )
        problems.append(Problem(job.recipient.location, f"row {job.recipient.number}", message))
    if problems:
        raise SpecError(problems)
    if lines:
        raise BriefingError("\n".join(lines))


def _file_key(stem: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", stem).casefold())


def _outcomes(
    jobs: list[Job], request: Request, workers: int, cluster: Any
) -> Generator[Outcome, None, None]:
    if cluster is not None:
        from .cluster import on_cluster

        yield from on_cluster(jobs, request, cluster)
        return
    if workers <= 1 or len(jobs) <= 1:
        gc.freeze()  # what exists before the batch is no garbage of it: not scanned for cycles
        try:
            for job in jobs:
                yield run_job(job, request, owner=os.getpid())
        finally:
            gc.unfreeze()
        return
    from .workers import in_workers

    yield from in_workers(jobs, request, min(workers, len(jobs)))


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
