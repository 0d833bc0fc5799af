"""Turn one run on this machine into the table of issue 15's targets: each measured as a ratio
of two timings taken in turn (A, B, A, B...), so that what the machine's other work does to
one it does to the other, with the target beside it and whether it is met.

    .venv/bin/pip install -r bench/requirements.txt   # once: Typst, for the comparison
    .venv/bin/python bench/run.py [--quick]

1. In process, each round: the Raqqa one-page brief built and written (`build`, as `make` does:
   TTF subsets, tagging, a flushed file); the same text drawn by hand on a ReportLab canvas;
   Typst compiling an equivalent page with its compiler reused (the text varies per run, so
   its memoisation cannot skip the work); the general one-page and multi-page briefs and every
   audience in both layouts, each a single build from empty paragraph caches (which otherwise
   hold what the build before used: here another action's), so that their ratio is the work
   one build shares across audiences; a `briefing watch` rebuild after a save (timed from the
   save on). Every PDF is written to a file and flushed, the baselines' too. The one-page
   build, the baselines and the watch rebuild run three times in a row each round, the first
   untimed: a process that builds one brief over and over (watch, the warm server, a batch)
   never pays for another action's use of the caches.
2. Whole processes, each round: `briefing make --layout one-page`, a bare
   `import reportlab.platypus, reportlab.graphics.charts.barcharts`, `briefing check`,
   `python -c pass`, `briefing --help`.
3. A mail-merge of one-page briefs, `--jobs 1` and `--jobs 2` in turn: briefs per second,
   the CPU time each brief took, and how idle the machine was meanwhile (other work on a
   shared machine is what keeps `--jobs 2` from doubling).
4. A worker's memory after the 10th brief and after the last (`memory_worker.py`).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import os
import resource
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
from briefing.layout.paragraphs import forget  # noqa: E402
from briefing.spec.spec import Spec  # noqa: E402

from canvas_baseline import draw_brief  # noqa: E402
from typst_baseline import typst_source  # noqa: E402

RAQQA = ROOT / "briefs" / "raqqa.yaml"
MERGE = ROOT / "tests" / "specs" / "merge" / "brief.yaml"
Action = Callable[[int], object]


def in_turn(actions: dict[str, Action], rounds: int, *, streak: int = 1) -> dict[str, float]:
    """The median milliseconds of each action, run `streak` times in a row per round (A, B, C,
    A, B, C... or AAA, BBB, CCC, AAA...) after one run each to warm up. In a streak, the first
    run is not timed: it pays for what the action before it left in the caches, which a process
    building the same brief over and over (watch, the warm server, a batch) never does. An
    action that returns a number of seconds is timed by that (the part of it that counts)."""
    for action in actions.values():
        action(-1)
    times: dict[str, list[float]] = {name: [] for name in actions}
    for run in range(rounds):
        for name, action in actions.items():
            for again in range(streak):
                start = time.perf_counter()
                seconds = action(run * streak + again)
                elapsed = time.perf_counter() - start
                if streak == 1 or again:
                    times[name].append(seconds if isinstance(seconds, float) else elapsed)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def written(path: Path, data: bytes) -> None:
    """Write and flush `data`, as `briefing make` does its PDFs."""
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def in_process(rounds: int, out: Path) -> dict[str, float]:
    loaded, tpl = prepare(RAQQA)
    one_page = Request(layouts=("one-page",), out_dir=out / "one")
    both = Request(layouts=("one-page", "multi-page"), out_dir=out / "both")
    every = Request(layouts=("one-page", "multi-page"), all_audiences=True, out_dir=out / "all")

    def ours(request: Request, *, fresh: bool = False) -> Action:
        def action(run: int) -> None:
            if fresh:  # what the actions before left in the paragraph caches would flatter it
                forget()
                forget()
            # The dateline changes on every run, as the others' text does: no run is a repeat.
            varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
            build(dataclasses.replace(loaded, spec=varied), tpl, request)

        return action

    def canvas(run: int) -> None:
        stream = io.BytesIO()
        draw_brief(loaded.spec, stream, run)
        written(out / "canvas.pdf", stream.getvalue())

    # Three groups, each timed in turn: what one leaves in the caches would flatter or burden
    # another (the every-audience build empties them first, as a cold batch would).
    actions: dict[str, Action] = {"one-page": ours(one_page), "canvas": canvas}
    typst = typst_compile(loaded.spec, out)
    if typst is not None:
        actions["typst"] = typst
    timed = in_turn(actions, rounds, streak=3)
    timed |= in_turn(
        {
            "one-page + multi-page": ours(both, fresh=True),
            "every audience, both layouts": ours(every, fresh=True),
        },
        rounds,
    )
    paired = in_turn(
        {"one-page": ours(one_page), "watch rebuild": watch_rebuild(out)}, rounds, streak=3
    )
    timed["watch rebuild"] = paired["watch rebuild"]
    timed["one-page (beside the watch rebuild)"] = paired["one-page"]
    return timed


def typst_compile(spec: Spec, out: Path) -> Action | None:
    """Typst compiling the equivalent page, its compiler reused, and writing the PDF; None
    when Typst is not installed."""
    try:
        import typst
    except ImportError:
        return None
    source = out / "raqqa.typ"
    source.write_text(typst_source(spec), encoding="utf-8")
    compiler = typst.Compiler(
        str(source), font_paths=[str(ROOT / "assets" / "fonts")], ignore_system_fonts=True
    )

    def action(run: int) -> None:
        written(out / "typst.pdf", compiler.compile(sys_inputs={"run": str(run)}))

    return action


def watch_rebuild(out: Path) -> Action:
    """A `briefing watch` rebuild of the Raqqa one-page brief after its spec is saved: the
    spec read again, built and written, as the watch loop does (the page picture is drawn
    later, when the browser asks for it)."""
    from briefing.watch.session import Session

    spec = out / "watched" / "raqqa.yaml"
    spec.parent.mkdir(exist_ok=True)
    text = RAQQA.read_text(encoding="utf-8")
    session = Session([spec], Request(layouts=("one-page",), out_dir=out / "watched"))

    def action(run: int) -> float:
        spec.write_text(f"{text}\ndateline: Run {run}\n", encoding="utf-8")
        start = time.perf_counter()  # from the save on: the editor's writing is not ours
        assert session.rebuild() == []
        return time.perf_counter() - start

    return action


def processes(rounds: int, out: Path) -> dict[str, float]:
    python = sys.executable
    briefing = [python, "-m", "briefing"]

    def run(command: list[str]) -> Action:
        return lambda _: subprocess.run(command, check=True, capture_output=True, cwd=ROOT)

    make = [*briefing, "make", str(RAQQA), "--layout", "one-page", "--out-dir", str(out)]
    imports = "import reportlab.platypus, reportlab.graphics.charts.barcharts"
    return in_turn(
        {
            "make": run(make),
            "import": run([python, "-c", imports]),
            "check": run([*briefing, "check", str(RAQQA)]),
            "pass": run([python, "-c", "pass"]),
            "help": run([*briefing, "--help"]),
        },
        rounds,
    )


def recipients(count: int, out: Path) -> Path:
    """A recipients file of `count` rows, each name its own."""
    rows = out / "recipients.csv"
    source = list(csv.DictReader((MERGE.parent / "recipients.csv").open(encoding="utf-8")))
    with rows.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(source[0]))
        writer.writeheader()
        for n in range(count):
            row = dict(source[n % len(source)])
            row["name"] = f"{row['name']} {n}"
            writer.writerow(row)
    return rows


def _cpu_ticks() -> tuple[int, int]:
    """The machine's idle and total CPU time so far (/proc/stat, Linux)."""
    try:
        fields = [int(f) for f in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return 0, 0
    return fields[3] + fields[4], sum(fields)


def mail_merge(count: int, rounds: int, out: Path) -> dict[str, float]:
    """Briefs per second with --jobs 1 and --jobs 2 (medians, in turn), the CPU milliseconds
    each brief took, and the share of the machine left idle during the --jobs 2 runs."""
    rows = recipients(count, out)
    speed: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    idle: list[float] = []
    for _ in range(rounds):
        for jobs in (1, 2):
            command = [sys.executable, "-m", "briefing", "make", str(MERGE), "--recipients"]
            command += [str(rows), "--layout", "one-page", "--jobs", str(jobs)]
            command += ["--out-dir", str(out / f"jobs{jobs}")]
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            idle_before, total_before = _cpu_ticks()
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            seconds = time.perf_counter() - start
            idle_after, total_after = _cpu_ticks()
            now = resource.getrusage(resource.RUSAGE_CHILDREN)
            speed[jobs].append(count / seconds)
            spent = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
            cpu[jobs].append(spent / count * 1000)
            if jobs == 2 and total_after > total_before:
                idle.append((idle_after - idle_before) / (total_after - total_before))
    worker = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "memory_worker.py"), str(MERGE), str(rows)]
        + [str(out / "memory"), str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    memory = {
        int(n): float(mib)
        for n, mib in (line.split() for line in worker.stdout.split("\n") if line)
    }
    return {
        "jobs 1": statistics.median(speed[1]),
        "jobs 2": statistics.median(speed[2]),
        "cpu 1": statistics.median(cpu[1]),
        "cpu 2": statistics.median(cpu[2]),
        "idle": statistics.median(idle) if idle else 0.0,
        "memory 10": memory[10],
        "memory last": memory[count],
    }


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    value: float
    goal: float
    at_least: bool = False
    """True when the value must reach the goal; else it must not exceed it."""
    unit: str = "x"

    def line(self) -> str:
        if not self.value:
            return f"{self.name:58} {'n/a':>8} {self.goal:6.2f}{self.unit:2} not measured"
        met = self.value >= self.goal if self.at_least else self.value <= self.goal
        sign = ">=" if self.at_least else "<="
        value = f"{self.value:7.2f}{self.unit}"
        verdict = "yes" if met else "NO"
        return f"{self.name:58} {value:>9} {sign}{self.goal:6.2f}{self.unit:2} {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark briefing against its baselines.")
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a 100-brief batch")
    args = parser.parse_args()
    rounds, cold_rounds, count, merges = (8, 3, 100, 2) if args.quick else (30, 9, 1000, 3)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        # An installed briefing runs from bytecode: measure that, not compiling every module
        # in every process (the first, unmeasured round of each command writes it).
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(out / "pycache")
        warm = in_process(rounds, out)
        cold = processes(cold_rounds, out)
        many = mail_merge(count, merges, out)
    print(f"{'in process, one round each in turn (median ms)':58}")
    for name, value in warm.items():
        print(f"  {name:56} {value:8.1f}")
    print("whole processes, in turn (median ms)")
    for name, value in cold.items():
        print(f"  {name:56} {value:8.1f}")
    print(f"mail-merge of {count} one-page briefs, --jobs 1 and 2 in turn ({merges} each)")
    print(f"  {'--jobs 1: briefs per second':56} {many['jobs 1']:8.1f}")
    print(f"  {'--jobs 2: briefs per second':56} {many['jobs 2']:8.1f}")
    print(
        f"  {'CPU ms per brief, --jobs 1 / --jobs 2':56} {many['cpu 1']:8.1f} {many['cpu 2']:.1f}"
    )
    cpus = os.cpu_count() or 1
    print(
        f"  {'CPUs left idle during --jobs 2 (of ' + str(cpus) + ')':56} {many['idle'] * cpus:8.2f}"
    )
    print(f"  {'worker memory after the 10th brief (MiB)':56} {many['memory 10']:8.1f}")
    print(f"  {f'worker memory after brief {count} (MiB)':56} {many['memory last']:8.1f}")
    typst = warm.get("typst", 0.0)
    targets = [
        Target(
            "in-process one-page / Typst, compiler reused", _ratio(warm["one-page"], typst), 1.5
        ),
        Target(
            "every audience, both layouts / general one-page + multi-page",
            _ratio(warm["every audience, both layouts"], warm["one-page + multi-page"]),
            3.0,
        ),
        Target(
            "cold `make --layout one-page` / bare import", _ratio(cold["make"], cold["import"]), 1.4
        ),
        Target("`briefing check` / `python -c pass`", _ratio(cold["check"], cold["pass"]), 3.0),
        Target("`briefing --help` / `python -c pass`", _ratio(cold["help"], cold["pass"]), 2.0),
        Target(
            "watch rebuild / in-process one-page",
            _ratio(warm["watch rebuild"], warm["one-page (beside the watch rebuild)"]),
            1.0,
        ),
        Target(
            f"--jobs 2 / --jobs 1 ({count} briefs)",
            _ratio(many["jobs 2"], many["jobs 1"]),
            1.8,
            True,
        ),
        Target("--jobs 2 briefs per second", many["jobs 2"], 150, True, "/s"),
        Target(
            f"worker memory, brief {count} / brief 10",
            _ratio(many["memory last"], many["memory 10"]),
            1.05,
        ),
    ]
    print()
    print(f"{'target':58} {'measured':>9} {'goal':>8}   met")
    for target in targets:
        print(target.line())
    canvas = _ratio(warm["one-page"], warm["canvas"])
    print(f"(for reference: in-process one-page / hand-written canvas {canvas:.2f}x)")


def _ratio(a: float, b: float) -> float:
    return a / b if a and b else 0.0


if __name__ == "__main__":
    main()
