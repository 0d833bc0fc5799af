"""Benchmark briefing against its baselines, side by side in one run; print medians and ratios.

    .venv/bin/pip install -r bench/requirements.txt   # once: Typst, for the comparison
    .venv/bin/python bench/run.py [--quick]

Measures, on this machine, in this run:
1. In-process build of the Raqqa one-page brief (TTF fonts embedded) against a hand-written
   ReportLab canvas drawing of the same text (the lower bound for this stack) and Typst
   compiling an equivalent page with its compiler reused (the text varies per run, so Typst's
   memoisation cannot skip the work).
   A `briefing watch` rebuild after a save of the spec (read again, built, written).
2. `briefing make briefs/raqqa.yaml --layout one-page` as a whole process from a cold start,
   against `python -c "import reportlab.platypus, reportlab.graphics.charts.barcharts"`.
3. A batch of personalised one-page briefs (mail-merge): throughput with --jobs 2 against
   --jobs 1, and the memory of a worker after the 10th and after the last brief.
Ratios, not absolute times, are the result: this machine is noisy.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefing.build import Request, build, prepare  # noqa: E402

from canvas_baseline import draw_brief  # noqa: E402
from typst_baseline import typst_source  # noqa: E402

RAQQA = ROOT / "briefs" / "raqqa.yaml"
MERGE = ROOT / "tests" / "specs" / "merge" / "brief.yaml"


def median_ms(action: Callable[[int], object], runs: int) -> float:
    action(-1)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def in_process(runs: int, out: Path) -> list[tuple[str, float]]:
    loaded, tpl = prepare(RAQQA)
    request = Request(layouts=("one-page",), out_dir=out)

    def ours(run: int) -> None:
        # The footer line changes on every run, as the others' do, so no run is a pure repeat.
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
        build(dataclasses.replace(loaded, spec=varied), tpl, request)

    results = [("briefing: Raqqa one-page, in process", median_ms(ours, runs))]
    results.append(("briefing watch: the same, rebuilt after a save", watch_rebuild(runs, out)))
    spec = loaded.spec
    results.append(
        (
            "canvas: same text, hand-written",
            median_ms(lambda run: draw_brief(spec, io.BytesIO(), run), runs),
        )
    )
    try:
        import typst
    except ImportError:
        results.append(("typst: not installed (pip install -r bench/requirements.txt)", 0.0))
        return results
    source = ROOT / "bench" / "_raqqa.typ"
    source.write_text(typst_source(spec), encoding="utf-8")
    compiler = typst.Compiler(
        str(source), font_paths=[str(ROOT / "assets" / "fonts")], ignore_system_fonts=True
    )
    results.append(
        (
            "typst: equivalent page, compiler reused",
            median_ms(lambda run: compiler.compile(sys_inputs={"run": str(run)}), runs),
        )
    )
    source.unlink()
    return results


def watch_rebuild(runs: int, out: Path) -> float:
    """A `briefing watch` rebuild of the Raqqa one-page brief after its spec is saved: the
    spec read again, built and written, as the watch loop does (the page picture is drawn
    later, when the browser asks for it)."""
    from briefing.watch.session import Session

    spec = out / "watched" / "raqqa.yaml"
    spec.parent.mkdir(exist_ok=True)
    text = RAQQA.read_text(encoding="utf-8")
    session = Session([spec], Request(layouts=("one-page",), out_dir=out))

    def rebuild(run: int) -> None:
        spec.write_text(f"{text}\ndateline: Run {run}\n", encoding="utf-8")
        assert session.rebuild() == []

    return median_ms(rebuild, runs)


def cold_start(runs: int, out: Path) -> list[tuple[str, float]]:
    def timed(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    python = sys.executable
    briefing = [
        python,
        "-m",
        "briefing",
        "make",
        str(RAQQA),
        "--layout",
        "one-page",
        "--out-dir",
        str(out),
    ]
    imports = [python, "-c", "import reportlab.platypus, reportlab.graphics.charts.barcharts"]
    return [
        ("briefing make, one-page, whole process", timed(briefing)),
        ("python -c 'import reportlab.platypus, ...barcharts'", timed(imports)),
        ("briefing --help", timed([python, "-m", "briefing", "--help"])),
    ]


def batch(count: int, out: Path) -> list[tuple[str, float]]:
    rows = out / "recipients.csv"
    source = list(csv.DictReader((MERGE.parent / "recipients.csv").open(encoding="utf-8")))
    with rows.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(source[0]))
        writer.writeheader()
        for n in range(count):
            row = dict(source[n % len(source)])
            row["name"] = f"{row['name']} {n}"
            writer.writerow(row)

    def run(jobs: int) -> float:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "briefing",
                "make",
                str(MERGE),
                "--recipients",
                str(rows),
                "--layout",
                "one-page",
                "--jobs",
                str(jobs),
                "--out-dir",
                str(out / f"jobs{jobs}"),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        return count / (time.perf_counter() - start)

    one, two = run(1), run(2)
    worker = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "memory_worker.py"),
            str(MERGE),
            str(rows),
            str(out / "memory"),
            str(count),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    memory = {
        int(n): float(mib) for n, mib in (line.split() for line in worker.stdout.splitlines())
    }
    return [
        (f"--jobs 1: briefs per second ({count} briefs)", one),
        (f"--jobs 2: briefs per second ({count} briefs)", two),
        ("worker memory after the 10th brief (MiB)", memory[10]),
        (f"worker memory after brief {count} (MiB)", memory[count]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark briefing against its baselines.")
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 100-brief batch")
    args = parser.parse_args()
    runs, cold_runs, count = (10, 3, 100) if args.quick else (40, 9, 1000)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        warm = in_process(runs, out)
        cold = cold_start(cold_runs, out)
        many = batch(count, out)
    ours, watched, canvas, typst_ms = (t for _, t in warm)
    print(f"{'measurement':58} {'median':>10}")
    for name, value in warm + cold:
        print(f"{name:58} {value:8.1f} ms")
    for name, value in many:
        print(f"{name:58} {value:10.1f}")
    print()
    print("target                                                      ratio   goal   met")
    rows = [
        ("in-process build / typst (compiler reused)", ours / typst_ms if typst_ms else 0, 1.0),
        ("in-process build / hand-written canvas", ours / canvas, 1.2),
        ("watch rebuild after a save / in-process build", watched / ours, 1.0),
        (
            "cold `briefing make` / `import reportlab.platypus, barcharts`",
            cold[0][1] / cold[1][1],
            1.0,
        ),
        ("--jobs 2 throughput / --jobs 1 throughput", many[1][1] / many[0][1], 1.8),
        (f"worker memory, brief {count} / brief 10", many[3][1] / many[2][1], 1.05),
    ]
    for name, ratio, goal in rows:
        better_high = "throughput" in name
        met = (ratio >= goal) if better_high else (0 < ratio <= goal)
        print(f"{name:58} {ratio:6.2f}x {goal:5.2f}x  {'yes' if met else 'NO'}")


if __name__ == "__main__":
    main()
