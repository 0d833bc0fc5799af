"""Turn a mail-merge of ROWS briefs into briefs per second: local `--jobs 1` and `--jobs 2`
beside a Dask LocalCluster of one and of two workers (`--dask`), each a whole `briefing make`
process, taken in turn round after round (a different order each round) so that a busy machine
slows all alike; the median of each is printed, with briefs per second per worker.

    .venv/bin/python bench/dask_throughput.py [--rows 1000] [--rounds 3]

The clusters start once before the first round (not timed) and stay up, as a real cluster
does; every run ships its bundle again. The one-page layout of tests/specs/merge/brief.yaml.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "tests" / "specs" / "merge" / "brief.yaml"
BRIEFING = Path(sys.executable).parent / "briefing"


def recipients(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        out = csv.writer(stream)
        out.writerow(["name", "title", "organisation", "country", "ask"])
        for n in range(rows):
            out.writerow(
                [
                    f"Person {n}",
                    "Minister",
                    f"Ministry {n % 17}",
                    ["Brazil", "Norway", "France", "Kenya"][n % 4],
                    f"Raise the attacks at session {n}.",
                ]
            )


def timed(arguments: list[str], out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [str(BRIEFING), "make", *arguments, "--out-dir", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(SPEC, work / "brief.yaml")
        recipients(work / "rows.csv", options.rows)
        merge = ["brief.yaml", "--recipients", "rows.csv", "--name", "{n}"]
        merge += ["--layout", "one-page"]
        clusters = [
            LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=":0") for n in (1, 2)
        ]
        try:
            configs = {
                "--jobs 1": (["--jobs", "1"], 1),
                "--jobs 2": (["--jobs", "2"], 2),
                "--dask, 1 worker": (["--dask", clusters[0].scheduler_address], 1),
                "--dask, 2 workers": (["--dask", clusters[1].scheduler_address], 2),
            }
            times: dict[str, list[float]] = {name: [] for name in configs}
            names = list(configs)
            for round_ in range(options.rounds):
                for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                    arguments, _ = configs[name]
                    times[name].append(
                        timed(
                            [str(work / a) if a.endswith((".yaml", ".csv")) else a for a in merge]
                            + arguments,
                            work / "out",
                        )
                    )
        finally:
            for local in clusters:
                local.close()
    base = statistics.median(times["--jobs 1"])
    print(f"{options.rows} briefs, one-page, median of {options.rounds} interleaved rounds:")
    for name, (_, workers) in configs.items():
        seconds = statistics.median(times[name])
        rate = options.rows / seconds
        print(
            f"  {name:18} {seconds:6.2f} s  {rate:6.1f} briefs/s  "
            f"{rate / workers:6.1f} per worker  {base / seconds:4.2f}x --jobs 1"
        )


if __name__ == "__main__":
    main()
