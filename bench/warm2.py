"""What a kept fit saves by asking each block it measured straight from the kept blocks
(`kept.served`, issue 15 round two): the in-process Raqqa one-page build with a new dateline
each run, timed (CPU) with the shortcut (A) and without it (B: every block asked through
`placement.Blocks.pieces`, as before), A and B in turn, medians; and the work it avoids,
counted in one build (blocks served without a context made for them).

    .venv/bin/python bench/warm2.py [--rounds N]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefing.build import Request, build, prepare  # noqa: E402
from briefing.layout import kept, refit  # noqa: E402

RAQQA = ROOT / "briefs" / "raqqa.yaml"


def never(*args: Any, **options: Any) -> bool:
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-warm2-"))
    loaded, tpl = prepare(RAQQA)
    request = Request(layouts=("one-page",), out_dir=out)
    run = 0

    def one_page() -> float:
        nonlocal run
        run += 1
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
        start = time.process_time()
        build(dataclasses.replace(loaded, spec=varied), tpl, request)
        return time.process_time() - start

    for _ in range(3):
        one_page()
    served = refit.served
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.rounds):
        for shortcut in (True, False):
            refit.served = served if shortcut else never  # type: ignore[assignment]
            for k in range(3):  # the first of each group untimed
                spent = one_page()
                if k:
                    times[shortcut].append(spent)
    refit.served = served  # type: ignore[assignment]
    a, b = (statistics.median(times[s]) * 1000 for s in (True, False))
    print(f"served: {a:.2f} ms CPU with, {b:.2f} ms without ({a / b:.3f}x)")
    before = kept.TALLY.kept
    calls = 0

    def counted(*args: Any, **options: Any) -> bool:
        nonlocal calls
        calls += 1
        return served(*args, **options)

    refit.served = counted  # type: ignore[assignment]
    one_page()
    refit.served = served  # type: ignore[assignment]
    print(f"  a build: {calls} blocks asked straight, of {kept.TALLY.kept - before} served")


if __name__ == "__main__":
    main()
