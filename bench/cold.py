"""Turn a few whole-process commands into their median wall times, taken in turn (A, B, A, B...)
from bytecode, and the cold-start ratios of issue 15: `make --layout one-page` against the bare
ReportLab import, `check` against `python -c pass`.

    .venv/bin/python bench/cold.py [--rounds N] [--python OTHER]...

With `--python`, each command is also timed under the other interpreters (each with briefing's
dependencies installed; briefing itself is run from this checkout's `src`), in the same turns.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAQQA = ROOT / "briefs" / "raqqa.yaml"
IMPORTS = "import reportlab.platypus, reportlab.graphics.charts.barcharts"


def commands(out: Path, python: str) -> dict[str, list[str]]:
    """Each command timed under `python`, by name."""
    briefing = [python, "-m", "briefing"]
    return {
        "pass": [python, "-c", "pass"],
        "import yaml": [python, "-c", "import yaml"],
        "import reportlab": [python, "-c", IMPORTS],
        "check": [*briefing, "check", str(RAQQA)],
        "make": [*briefing, "make", str(RAQQA), "--layout", "one-page", "--out-dir", str(out)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Time cold briefing processes, in turn.")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", action="append", default=[], help="another interpreter")
    args = parser.parse_args()
    pythons = [sys.executable, *args.python]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPATH"] = str(ROOT / "src")
        timed = {
            (python, name): command
            for n, python in enumerate(pythons)
            for name, command in commands(out / str(n), python).items()
        }
        times: dict[tuple[str, str], list[float]] = {key: [] for key in timed}
        for round_ in range(args.rounds + 1):
            for (python, name), command in timed.items():
                env = {**os.environ, "PYTHONPYCACHEPREFIX": str(out / "pycache" / python[1:])}
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
                if round_:  # the first round writes the bytecode
                    times[python, name].append((time.perf_counter() - start) * 1000)
    for python in pythons:
        median = {name: statistics.median(times[python, name]) for _, name in times}
        print(python)
        for name, value in median.items():
            print(f"  {name:20} {value:8.1f} ms")
        print(
            f"  make / import      {median['make'] / median['import reportlab']:8.2f}x (goal 1.4x)"
        )
        print(f"  check / pass       {median['check'] / median['pass']:8.2f}x (goal 3x)")
        print(f"  import yaml / pass {median['import yaml'] / median['pass']:8.2f}x")


if __name__ == "__main__":
    main()
