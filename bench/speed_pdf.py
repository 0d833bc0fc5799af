"""Measure the PDF-bytes work of a build (issue 15): subsets, compression, rl-accel.

    .venv/bin/python bench/speed_pdf.py [--runs N]

1. The in-process one-page build of the Raqqa brief and of a mail-merge brief, A and B
   interleaved (ABAB) in one process: A as before issue 15 (ReportLab compresses every stream,
   which the tagging pass decompresses and compresses again, and every subset is made anew),
   B as now (ReportLab writes streams as they are, subsets are kept across builds). Prints
   medians, the ratio B/A, and the work counted per build: subsets made, bytes ReportLab
   compressed.
2. With `rl-accel` installed (ReportLab's C accelerator): the same build in two processes
   run in turn, one with the accelerator blocked, one with it (CPU time of each process);
   prints the ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RAQQA = ROOT / "briefs" / "raqqa.yaml"
MERGE = ROOT / "tests" / "specs" / "merge" / "brief.yaml"


def builder(spec: Path, out: Path) -> Callable[[int], None]:
    """A one-page build of `spec` whose dateline changes with the run, so no two are equal."""
    from briefing.build import Request, build, prepare

    loaded, tpl = prepare(spec)
    request = Request(layouts=("one-page",), out_dir=out)

    def run(number: int) -> None:
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {number}")
        build(dataclasses.replace(loaded, spec=varied), tpl, request)

    return run


def merged(out: Path) -> Callable[[int], None]:
    """The mail-merge brief built for one recipient after another, as a batch worker does."""
    from briefing.build import Request, build, prepare
    from briefing.spec.recipients import load_recipients, personalise

    loaded, tpl = prepare(MERGE)
    rows = load_recipients(MERGE.parent / "recipients.csv")
    request = Request(layouts=("one-page",), out_dir=out)

    def run(number: int) -> None:
        build(personalise(loaded, rows[number % len(rows)]), tpl, request)

    return run


@contextmanager
def as_before() -> Iterator[None]:
    """Builds as before issue 15: streams compressed by ReportLab, no subset kept."""
    from briefing.design import subsets
    from briefing.layout import masthead

    metadata = masthead.metadata

    def compressed(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {**metadata(*args, **kwargs), "pageCompression": 1}

    masthead.metadata = compressed  # type: ignore[assignment]
    subsets.clear()
    try:
        yield
    finally:
        masthead.metadata = metadata  # type: ignore[assignment]


class Work:
    """Bytes ReportLab compressed, counted while installed."""

    def __init__(self) -> None:
        from reportlab.pdfbase import pdfdoc

        self.compressed = 0
        encode = pdfdoc.PDFStreamFilterZCompress.encode

        def counted(filter_: Any, text: bytes | str) -> bytes:
            self.compressed += len(text)
            return encode(filter_, text)  # type: ignore[no-any-return]

        pdfdoc.PDFStreamFilterZCompress.encode = counted  # type: ignore[method-assign]


def paired(name: str, run: Callable[[int], None], runs: int, work: Work) -> None:
    from briefing.design import subsets

    times: dict[str, list[float]] = {"A": [], "B": []}
    counted: dict[str, list[tuple[int, int]]] = {"A": [], "B": []}
    run(-1)
    for number in range(runs):
        for side in "AB":
            made, compressed = subsets.counts.made, work.compressed
            start = time.perf_counter()
            if side == "A":
                with as_before():
                    run(number)
            else:
                run(number)
            times[side].append(time.perf_counter() - start)
            counted[side].append((subsets.counts.made - made, work.compressed - compressed))
    a, b = (statistics.median(times[s]) * 1000 for s in "AB")
    print(f"{name}: before {a:.1f} ms, now {b:.1f} ms, ratio {b / a:.2f}x ({runs} pairs)")
    for side in "AB":
        made, compressed = counted[side][-1]
        print(f"  {side}: {made} subsets made, {compressed} bytes compressed by ReportLab")


def accelerated(runs: int) -> None:
    """Raqqa one-page in-process medians, with and without rl-accel, in separate processes."""
    try:
        import _rl_accel  # noqa: F401
    except ImportError:
        print("rl-accel: not installed (pip install rl-accel to measure it)")
        return
    medians: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(5):
        for side in medians:
            command = [sys.executable, __file__, "--inner", str(runs)]
            if side == "without":
                command.append("--block-accel")
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            medians[side].append(float(done.stdout.split()[-1]))
    a, b = (statistics.median(medians[s]) for s in medians)
    print(f"rl-accel: without {a:.1f} ms, with {b:.1f} ms, ratio {b / a:.2f}x")


def inner(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        run = builder(RAQQA, Path(folder))
        run(-1)
        times = []
        for number in range(runs):
            # CPU time of this process: the other processes on a busy machine count less
            start = time.process_time()
            run(number)
            times.append(time.process_time() - start)
    print(statistics.median(times) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--inner", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--block-accel", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.block_accel:
        sys.modules["_rl_accel"] = None  # type: ignore[assignment]
    sys.path.insert(0, str(ROOT / "src"))
    if args.inner:
        inner(args.inner)
        return
    work = Work()
    with tempfile.TemporaryDirectory() as folder:
        paired("Raqqa one-page", builder(RAQQA, Path(folder)), args.runs, work)
        paired("mail-merge brief", merged(Path(folder)), args.runs, work)
    accelerated(max(5, args.runs // 3))


if __name__ == "__main__":
    main()
