"""What a `briefing watch` rebuild costs beside the in-process build it is measured against:
the Raqqa one-page brief built from an already loaded spec with a new dateline (A), a watch
rebuild after the dateline is saved (B), and the same rebuild with nothing kept from the
spec's last load (C, `spec/reuse.py` emptied), A and B in turn, then A and C, medians; then
the parts of a rebuild timed alone, in turn, and the entries a save walks and keeps.

    .venv/bin/python bench/watchload.py [--rounds N]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from run import RAQQA, watch_rebuild  # noqa: E402

from briefing.bounded import Bounded  # noqa: E402
from briefing.build import Request, build, plan, prepare  # noqa: E402
from briefing.spec import reuse  # noqa: E402
from briefing.spec.validate import load_spec  # noqa: E402
from briefing.spec.yamlsource import read_yaml  # noqa: E402

Action = Callable[[int], object]


@contextmanager
def nothing_kept() -> Iterator[None]:
    saved = reuse._LOADS, reuse._PROBLEMS
    reuse._LOADS = Bounded(entries=0, size=0)
    reuse._PROBLEMS = Bounded(entries=0, size=0)
    try:
        yield
    finally:
        reuse._LOADS, reuse._PROBLEMS = saved


def in_turn(actions: dict[str, Action], rounds: int) -> dict[str, float]:
    """Median milliseconds of each action, run once each per round after one untimed run."""
    for action in actions.values():
        action(-1)
    times: dict[str, list[float]] = {name: [] for name in actions}
    for run in range(rounds):
        for name, action in actions.items():
            start = time.perf_counter()
            action(run)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-watchload-"))
    loaded, tpl = prepare(RAQQA)
    request = Request(layouts=("one-page",), out_dir=out / "one")

    def one_page(run: int) -> None:
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
        build(dataclasses.replace(loaded, spec=varied), tpl, request)

    rebuild = watch_rebuild(out)

    def rebuild_unkept(run: int) -> None:
        with nothing_kept():
            rebuild(run)

    # In pairs, as bench/run.py times them: each build of a pair forgets the fit the other
    # made (layout/refit.py), so neither is served one.
    for name, action in (("rebuild", rebuild), ("rebuild, nothing kept", rebuild_unkept)):
        timed = in_turn({"one-page": one_page, name: action}, args.rounds)
        ours, base = timed[name], timed["one-page"]
        print(
            f"{name:22} {ours:7.2f} ms beside the in-process one-page's {base:7.2f} ms "
            f"({ours / base:.3f}x)"
        )

    spec = out / "watched" / "raqqa.yaml"
    text = RAQQA.read_text(encoding="utf-8")
    watched, _ = prepare(spec)

    def saved(run: int) -> None:
        spec.write_text(f"{text}\ndateline: Part {run}\n", encoding="utf-8")

    def unkept_load() -> None:
        with nothing_kept():
            load_spec(spec)

    def saved_then(action: Callable[[], object]) -> Action:
        def act(run: int) -> None:
            saved(run)
            action()

        return act

    parts = in_turn(
        {
            "save": saved,
            "save, read and parse": saved_then(lambda: read_yaml(spec)),
            "save, load": saved_then(lambda: load_spec(spec)),
            "save, load, nothing kept": saved_then(unkept_load),
            "save, prepare": saved_then(lambda: prepare(spec)),
            "plan": lambda _: plan(watched, tpl, Request(layouts=("one-page",))),
        },
        args.rounds,
    )
    for name, ms in parts.items():
        print(f"  {name:26} {ms:6.2f} ms")
    walked, kept = reuse.TALLY.walked, reuse.TALLY.kept
    rebuild(10_000)
    print(
        f"a rebuild after the dateline is saved: {reuse.TALLY.walked - walked} top-level "
        f"entries walked, {reuse.TALLY.kept - kept} kept"
    )


if __name__ == "__main__":
    main()
