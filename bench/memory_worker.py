"""A batch worker's memory: build personalised one-page briefs one after another, exactly as
`briefing make --recipients` does in a worker, and print the resident memory (MiB, after a
garbage collection) after the 10th brief and after the last.

    python bench/memory_worker.py SPEC RECIPIENTS OUT_DIR COUNT
"""

from __future__ import annotations

import gc
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from briefing.batch import Job, Outcome, run_jobs  # noqa: E402
from briefing.build import Request  # noqa: E402
from briefing.spec.recipients import load_recipients  # noqa: E402


def rss_mib() -> float:
    gc.collect()
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    spec, rows, out, count = (
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        Path(sys.argv[3]),
        int(sys.argv[4]),
    )
    jobs = [Job(spec, row, f"m{row.number}") for row in load_recipients(rows)][:count]
    done = 0

    def sample(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        assert not outcome.errors, outcome.errors
        if done in (10, count):
            print(done, f"{rss_mib():.1f}")

    run_jobs(jobs, Request(layouts=("one-page",), out_dir=out), workers=1, on_outcome=sample)


if __name__ == "__main__":
    main()
