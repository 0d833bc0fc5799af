"""Turn a few whole-process commands into their median wall times, taken in turn (A, B, A, B...)
from bytecode, and the cold-start ratios of issue 15: `make --layout one-page` against the bare
ReportLab import, `check` against `python -c pass`.

    .venv/bin/python bench/cold.py [ROUNDS]
"""

from __future__ import annotations

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


def commands(out: Path) -> dict[str, list[str]]:
    """Each command timed, by name."""
    python = sys.executable
    briefing = [python, "-m", "briefing"]
    return {
        "pass": [python, "-c", "pass"],
        "import yaml": [python, "-c", "import yaml"],
        "import reportlab": [python, "-c", IMPORTS],
        "check": [*briefing, "check", str(RAQQA)],
        "make": [*briefing, "make", str(RAQQA), "--layout", "one-page", "--out-dir", str(out)],
    }


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.setdefault("PYTHONPYCACHEPREFIX", str(out / "pycache"))
        timed = commands(out)
        times: dict[str, list[float]] = {name: [] for name in timed}
        for round_ in range(rounds + 1):
            for name, command in timed.items():
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
                if round_:
                    times[name].append((time.perf_counter() - start) * 1000)
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"  {name:20} {value:8.1f} ms")
    print(f"  make / import      {median['make'] / median['import reportlab']:8.2f}x (goal 1.4x)")
    print(f"  check / pass       {median['check'] / median['pass']:8.2f}x (goal 3x)")
    print(f"  import yaml / pass {median['import yaml'] / median['pass']:8.2f}x")


if __name__ == "__main__":
    main()
