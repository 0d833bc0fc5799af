"""What each of the last cuts of the warm one-page build saves (issue 15, round two): the
in-process Raqqa one-page build with a new dateline each run, timed (CPU) with every cut (A)
and with one cut undone (B), A and B in turn, medians; then all cuts undone at once; the work
each cut avoids, counted in one build; and the build beside Typst with its compiler reused.

    .venv/bin/python bench/warm.py [--rounds N]

Cuts: `typeset` (design/typography.py: texts typeset once, kept), `textcodes`
(layout/textcodes.py: a fragment's subset codes in one `str.translate`, ToUnicode maps kept),
`streams` (design/subsets.py: a font program's stream found by the program object, unhashed),
`strings` (layout/pdfsyntax.py: each string object written once).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from reportlab.pdfbase import ttfonts  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from run import RAQQA, typst_compile  # noqa: E402

from briefing.bounded import Bounded  # noqa: E402
from briefing.build import Request, build, prepare  # noqa: E402
from briefing.design import runts, subsets, typography  # noqa: E402
from briefing.layout import pdfsyntax, textcodes  # noqa: E402

Action = Callable[[int], None]


@contextmanager
def no_typeset() -> Iterator[None]:
    saved = typography._TYPESET
    typography._TYPESET = Bounded(entries=0, size=0)
    try:
        yield
    finally:
        typography._TYPESET = saved


@contextmanager
def no_textcodes() -> Iterator[None]:
    saved = TTFont.splitString, ttfonts.makeToUnicodeCMap, textcodes.install
    TTFont.splitString, ttfonts.makeToUnicodeCMap = textcodes._reportlabs, textcodes._reportlabs_map
    textcodes.install = lambda: None  # type: ignore[assignment]
    try:
        yield
    finally:
        TTFont.splitString, ttfonts.makeToUnicodeCMap, textcodes.install = saved  # type: ignore[assignment]


@contextmanager
def no_strings() -> Iterator[None]:
    saved = pdfsyntax._string

    def written(string: Any, document: Any) -> bytes:
        return string.format(document)  # type: ignore[no-any-return]

    pdfsyntax._string = written  # type: ignore[assignment]
    try:
        yield
    finally:
        pdfsyntax._string = saved  # type: ignore[assignment]


@contextmanager
def no_streams() -> Iterator[None]:
    saved = subsets._by_object
    subsets._by_object = Bounded(entries=0, size=0)
    try:
        yield
    finally:
        subsets._by_object = saved


CUTS: dict[str, Callable[[], AbstractContextManager[None]]] = {
    "typeset": no_typeset,
    "textcodes": no_textcodes,
    "streams": no_streams,
    "strings": no_strings,
}


@contextmanager
def undone(names: list[str]) -> Iterator[None]:
    with ExitStack() as stack:
        for name in names:
            stack.enter_context(CUTS[name]())
        yield


def paired(action: Action, names: list[str], rounds: int, *, runs: int = 3) -> tuple[float, float]:
    """Median CPU milliseconds of `action` with every cut (A) and with `names` undone (B):
    `runs` runs of A, then `runs` of B, and so on, the first of each group untimed."""
    times: dict[bool, list[float]] = {True: [], False: []}
    run = 0
    for _ in range(rounds):
        for cut in (True, False):
            for k in range(runs):
                run += 1
                with ExitStack() as stack:
                    if not cut:
                        stack.enter_context(undone(names))
                    start = time.process_time()
                    action(run)
                    spent = time.process_time() - start
                if k:
                    times[cut].append(spent)
    return statistics.median(times[True]) * 1000, statistics.median(times[False]) * 1000


def work(action: Action) -> str:
    """The work one build does that the cuts avoid: texts typeset (`runts.bind` calls), and
    fragments drawn, of them mapped by ReportLab's `splitString` a character at a time."""
    counts = {"bind": 0, "fragments": 0, "slow": 0}
    bind, split, current = typography.bind, textcodes._reportlabs, TTFont.splitString

    def bound(*args: Any, **options: Any) -> str:
        counts["bind"] += 1
        return runts.bind(*args, **options)

    def slow(*args: Any) -> Any:
        counts["slow"] += 1
        return split(*args)

    def fragment(*args: Any) -> Any:
        counts["fragments"] += 1
        return current(*args)

    typography.bind, textcodes._reportlabs = bound, slow  # type: ignore[assignment]
    TTFont.splitString = fragment  # type: ignore[method-assign]
    try:
        action(0)
    finally:
        typography.bind, textcodes._reportlabs = bind, split  # type: ignore[assignment]
        TTFont.splitString = current  # type: ignore[method-assign]
    slowly = counts["fragments"] if current is split else counts["slow"]
    return (
        f"texts typeset {counts['bind']}, fragments {counts['fragments']}, "
        f"of them mapped a character at a time {slowly}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-warm-"))
    loaded, tpl = prepare(RAQQA)
    request = Request(layouts=("one-page",), out_dir=out / "one")

    def one_page(run: int) -> None:
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
        build(dataclasses.replace(loaded, spec=varied), tpl, request)

    for _ in range(3):
        one_page(-1)
    for name in CUTS:
        a, b = paired(one_page, [name], args.rounds)
        print(f"{name}: {a:.2f} ms CPU with, {b:.2f} ms without ({a / b:.3f}x)")
    a, b = paired(one_page, list(CUTS), args.rounds)
    print(f"all cuts: {a:.2f} ms CPU with, {b:.2f} ms without ({a / b:.3f}x)")
    print("  a build with them:", work(one_page))
    with undone(list(CUTS)):
        one_page(-1)
        print("  a build without:", work(one_page))
    typst = typst_compile(loaded.spec, out)
    if typst is not None:
        times: dict[str, list[float]] = {"ours": [], "typst": []}
        for run in range(-2, args.rounds * 2):
            for name, act in (("ours", one_page), ("typst", typst)):
                start = time.process_time()
                act(run)
                if run >= 0:
                    times[name].append(time.process_time() - start)
        ours, theirs = (statistics.median(times[n]) * 1000 for n in ("ours", "typst"))
        print(f"beside Typst (CPU): {ours:.2f} ms against {theirs:.2f} ms ({ours / theirs:.2f}x)")


if __name__ == "__main__":
    main()
