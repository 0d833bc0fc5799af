"""Turn a cold `briefing make --layout one-page` with key-figure labels' lines counted from
their words' widths (`layout/linecount.py`), and the same with every count a wrap, into median
wall times taken in turn (A, B, A, B...) and the work each does: the labels' line counts asked,
how many were wraps, and the paragraphs ReportLab broke into lines in the whole build.

    .venv/bin/python bench/keyfig.py [--rounds N] [SPEC]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAQQA = ROOT / "briefs" / "raqqa.yaml"

RUN = """
import sys
from briefing.layout import keyfigures
if sys.argv[1] == "wrapped":
    def wrapped(text, style, key, room):
        paragraph = keyfigures.para(text, style)
        paragraph.wrap(room, 1e6)
        return len(paragraph.blPara.lines)
    keyfigures._line_count = wrapped
if sys.argv[2] == "count":
    import json
    from reportlab.platypus import Paragraph
    counts = {"asked": 0, "label wraps": 0, "all wraps": 0}
    line_count, wrap = keyfigures._line_count, Paragraph.breakLines
    def asked(*args):
        counts["asked"] += 1
        inside = counts["all wraps"]
        try:
            return line_count(*args)
        finally:
            counts["label wraps"] += counts["all wraps"] - inside
    def broken(self, *args):
        counts["all wraps"] += 1
        return wrap(self, *args)
    keyfigures._line_count, Paragraph.breakLines = asked, broken
from briefing.cli import main
status = main(sys.argv[3:])
if sys.argv[2] == "count":
    print(json.dumps(counts))
raise SystemExit(status)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description="Time cold one-page builds, counted or wrapped.")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("spec", nargs="?", default=str(RAQQA))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache"),
        }

        def run(variant: str, mode: str) -> str:
            command = [sys.executable, "-c", RUN, variant, mode, "make", args.spec]
            command += ["--layout", "one-page", "--out-dir", str(Path(folder) / variant)]
            done = subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
            return done.stdout.decode()

        variants = ("counted", "wrapped")
        work = {v: json.loads(run(v, "count").splitlines()[-1]) for v in variants}
        same = all(
            (Path(folder) / "counted" / p.name).read_bytes() == p.read_bytes()
            for p in (Path(folder) / "wrapped").glob("*.pdf")
        )
        times: dict[str, list[float]] = {v: [] for v in variants}
        for round_ in range(args.rounds + 1):
            for variant in variants:
                start = time.perf_counter()
                run(variant, "time")
                if round_:  # the first round writes the bytecode
                    times[variant].append((time.perf_counter() - start) * 1000)
    median = {v: statistics.median(times[v]) for v in variants}
    for variant in variants:
        counts = ", ".join(f"{k} {n}" for k, n in work[variant].items())
        print(f"{variant:8} {median[variant]:7.1f} ms   {counts}")
    print(f"counted / wrapped {median['counted'] / median['wrapped']:.3f}x; same PDF: {same}")


if __name__ == "__main__":
    main()
