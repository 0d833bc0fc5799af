"""A batch worker's memory: build personalised one-page briefs one after another, exactly as
a worker of `briefing make --recipients --jobs N` does (`batch.run_job`, each outcome handed
on and dropped: the batch's parent keeps the outcomes, not its workers), and print the
resident memory (MiB, after a garbage collection) after the 10th brief, the 100th and the
last. With `--trace`, also what Python allocated between the 10th brief and the last, by the
lines that allocated most.

    python bench/memory_worker.py SPEC RECIPIENTS OUT_DIR COUNT [--trace]
"""

from __future__ import annotations

import gc
import resource
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from briefing.batch import Job, run_job  # noqa: E402
from briefing.build import Request  # noqa: E402
from briefing.spec.recipients import load_recipients  # noqa: E402

FIRST = 10
TRACED_LINES = 15


def rss_mib() -> float:
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    trace = "--trace" in sys.argv
    args = [arg for arg in sys.argv[1:] if arg != "--trace"]
    spec, rows, out, count = Path(args[0]), Path(args[1]), Path(args[2]), int(args[3])
    jobs = [Job(spec, row, f"m{row.number}") for row in load_recipients(rows)][:count]
    first: tracemalloc.Snapshot | None = None
    if trace:
        tracemalloc.start(8)
    request = Request(layouts=("one-page",), out_dir=out)
    for done, job in enumerate(jobs, 1):
        outcome = run_job(job, request)
        assert not outcome.errors, outcome.errors
        if done in (FIRST, 100, count):
            print(done, f"{rss_mib():.1f}", flush=True)
        if trace and done == FIRST:
            first = tracemalloc.take_snapshot()
        if trace and done == count and first is not None:
            grown = tracemalloc.take_snapshot().compare_to(first, "traceback")
            print(f"traced: {sum(s.size_diff for s in grown) / 1024:.0f} KiB more at {count}")
            for stat in grown[:TRACED_LINES]:
                print(f"{stat.size_diff / 1024:8.1f} KiB {stat.count_diff:+6d}")
                for line in stat.traceback.format()[-6:]:
                    print("   ", line)


if __name__ == "__main__":
    main()
