"""What keeping blocks and fits across builds (layout/kept.py, layout/refit.py) saves: each
action timed with them (A) and with them emptied at every build (B), A and B in turn, medians;
and the work counted (blocks built, fits made) per build.

    .venv/bin/python bench/memo.py [--rounds N] [--merge N]

Actions: the in-process Raqqa one-page build with a new dateline each run (beside Typst with its
compiler reused, when installed), a `briefing watch` rebuild after the dateline is saved, and a
mail-merge of N one-page briefs (CPU milliseconds a brief, one process: `run_jobs`, workers=1).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import MERGE, RAQQA, recipients, typst_compile, watch_rebuild  # noqa: E402

from briefing.batch import Job, run_jobs  # noqa: E402
from briefing.bounded import Bounded  # noqa: E402
from briefing.build import Request, build, prepare  # noqa: E402
from briefing.layout import kept, refit  # noqa: E402
from briefing.spec.recipients import load_recipients  # noqa: E402

Action = Callable[[int], None]


@contextmanager
def without_memo() -> Iterator[None]:
    """Nothing kept across builds: both caches hold no entry while inside."""
    saved = kept._KEPT, refit._FITS
    kept._KEPT, refit._FITS = Bounded(entries=0, size=0), Bounded(entries=0, size=0)
    try:
        yield
    finally:
        kept._KEPT, refit._FITS = saved


def paired(
    action: Action, rounds: int, *, clock: Callable[[], float], runs: int = 3
) -> tuple[float, float]:
    """Median milliseconds of `action` with the caches (A) and without (B): `runs` runs of A,
    then `runs` of B, and so on, the first of each group untimed (the builds before it were
    the other's, and the paragraph caches keep what the last build used)."""
    times: dict[bool, list[float]] = {True: [], False: []}
    run = 0
    for _ in range(rounds):
        for memo in (True, False):
            for k in range(runs):
                run += 1
                start = clock()
                if memo:
                    action(run)
                else:
                    with without_memo():
                        action(run)
                if k:
                    times[memo].append(clock() - start)
    return statistics.median(times[True]) * 1000, statistics.median(times[False]) * 1000


def counted(action: Action, run: int) -> str:
    built, served = kept.TALLY.built, kept.TALLY.kept
    made, reused, refilled = refit.TALLY.made, refit.TALLY.kept, refit.TALLY.refilled
    action(run)
    return (
        f"blocks built {kept.TALLY.built - built}, kept {kept.TALLY.kept - served}; "
        f"fits made {refit.TALLY.made - made}, kept {refit.TALLY.kept - reused} "
        f"(of them refilled with blocks built again {refit.TALLY.refilled - refilled})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--merge", type=int, default=100)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-memo-"))
    loaded, tpl = prepare(RAQQA)
    request = Request(layouts=("one-page",), out_dir=out / "one")

    def one_page(run: int) -> None:
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
        build(dataclasses.replace(loaded, spec=varied), tpl, request)

    rows = recipients(args.merge, out)
    jobs = [Job(MERGE, row, f"m{row.number}") for row in load_recipients(rows)]

    def merge(run: int) -> None:
        run_jobs(jobs, Request(layouts=("one-page",), out_dir=out / "merge"), workers=1)

    a, b = paired(one_page, args.rounds, clock=time.perf_counter)
    print(f"one-page, new dateline: {a:.1f} ms kept, {b:.1f} ms not ({a / b:.2f}x)")
    typst = typst_compile(loaded.spec, out)
    if typst is not None:  # one-page (kept) and Typst in turn
        times: dict[str, list[float]] = {"ours": [], "typst": []}
        for run in range(-2, args.rounds * 2):
            for name, act in (("ours", one_page), ("typst", typst)):
                start = time.perf_counter()
                act(run)
                if run >= 0:
                    times[name].append(time.perf_counter() - start)
        ours, theirs = (statistics.median(times[n]) * 1000 for n in ("ours", "typst"))
        print(f"  beside Typst: {ours:.1f} ms against {theirs:.1f} ms ({ours / theirs:.2f}x)")
    print("  a build:", counted(one_page, 10_000))
    watch = watch_rebuild(out)
    a, b = paired(watch, args.rounds, clock=time.perf_counter)
    print(f"watch rebuild: {a:.1f} ms kept, {b:.1f} ms not ({a / b:.2f}x)")
    print("  a rebuild:", counted(watch, 10_001))
    a, b = paired(merge, max(2, args.rounds // 6), runs=2, clock=time.process_time)
    n = len(jobs)
    print(f"mail-merge CPU a brief: {a / n:.1f} ms kept, {b / n:.1f} ms not ({a / b:.2f}x)")
    print(f"  {n} briefs:", counted(merge, 0))


if __name__ == "__main__":
    main()
