"""What a `briefing watch` rebuild costs beside the in-process build it is measured against:
the Raqqa one-page brief built from an already loaded spec with a new dateline (A), a watch
rebuild after the dateline is saved (B), and the same rebuild with nothing kept from the
spec's last load (C, `spec/reuse.py` emptied), A and B in turn, then A and C, medians; then A
and B three in a row each (as a watch session rebuilds: after its own last rebuild); then
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
from briefing.watch.session import Session  # noqa: E402

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


def timed_in_turn(
    actions: dict[str, tuple[Action | None, Action]], rounds: int, *, runs: int = 1
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU milliseconds of each action (its untimed first step, then its timed
    one), run once each per round after one untimed run; with `runs` > 1, `runs` times in a
    row each round, the first untimed (it follows the other action's build)."""
    for before, action in actions.values():
        if before is not None:
            before(-1)
        action(-1)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    run = 0
    for _ in range(rounds):
        for name, (before, action) in actions.items():
            for k in range(runs):
                run += 1
                if before is not None:
                    before(run)
                wall, cpu = time.perf_counter(), time.process_time()
                action(run)
                if k or runs == 1:
                    times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        name: (
            statistics.median(w for w, _ in values) * 1000,
            statistics.median(c for _, c in values) * 1000,
        )
        for name, values in times.items()
    }


def report(name: str, ours: tuple[float, float], base: tuple[float, float]) -> None:
    (wall, cpu), (base_wall, base_cpu) = ours, base
    print(
        f"{name:22} {wall:6.2f} ms ({cpu:6.2f} CPU) beside the in-process one-page's "
        f"{base_wall:6.2f} ({base_cpu:6.2f}): {wall / base_wall:.3f}x ({cpu / base_cpu:.3f}x CPU)"
    )


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

    saved_and_rebuilt = watch_rebuild(out)  # as bench/run.py times it: the save included
    watched = out / "watched" / "raqqa.yaml"
    session = Session([watched], Request(layouts=("one-page",), out_dir=out / "watched"))
    original = RAQQA.read_text(encoding="utf-8")

    def save(run: int) -> None:
        watched.write_text(f"{original}\ndateline: Run {run}\n", encoding="utf-8")

    def rebuild(_: int) -> None:
        assert session.rebuild() == []

    def rebuild_unkept(_: int) -> None:
        with nothing_kept():
            assert session.rebuild() == []

    # In pairs, as bench/run.py times them: each build of a pair forgets the fit the other
    # made (layout/refit.py), so neither is served one.
    pairs: dict[str, tuple[Action | None, Action]] = {
        "save and rebuild": (None, saved_and_rebuilt),
        "rebuild after the save": (save, rebuild),
        "the same, nothing kept": (save, rebuild_unkept),
    }
    for name, action in pairs.items():
        timed = timed_in_turn({"one-page": (None, one_page), name: action}, args.rounds)
        report(name, timed[name], timed["one-page"])
    # As a session runs: rebuild after rebuild (and build after build), so that what the one
    # keeps was made by the same kind of build; three in a row, the first untimed.
    rounds = max(2, args.rounds // 3)
    grouped = timed_in_turn({"one-page": (None, one_page), "": (save, rebuild)}, rounds, runs=3)
    report("rebuilds in a row", grouped[""], grouped["one-page"])

    def unkept_load(_: int) -> None:
        with nothing_kept():
            load_spec(watched)

    # The parts of a rebuild, each after a save (not timed).
    plain = Request(layouts=("one-page",))
    prepared = [prepare(watched)]

    def save_and_prepare(run: int) -> None:
        save(run)
        prepared[0] = prepare(watched)

    parts = timed_in_turn(
        {
            "save": (None, save),
            "read and parse": (save, lambda _: read_yaml(watched)),
            "load": (save, lambda _: load_spec(watched)),
            "load, nothing kept": (save, unkept_load),
            "prepare (load, template)": (save, lambda _: prepare(watched)),
            "plan": (save_and_prepare, lambda _: plan(*prepared[0], plain)),
        },
        args.rounds,
    )
    for name, (wall, cpu) in parts.items():
        print(f"  {name:26} {wall:6.2f} ms ({cpu:6.2f} CPU)")
    walked, kept = reuse.TALLY.walked, reuse.TALLY.kept
    save(10_000)
    rebuild(10_000)
    print(
        f"a rebuild after the dateline is saved: {reuse.TALLY.walked - walked} top-level "
        f"entries walked, {reuse.TALLY.kept - kept} kept"
    )


if __name__ == "__main__":
    main()
