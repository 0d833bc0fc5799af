"""What writing numbers, strings and objects and measuring strings quicker (layout/pdfsyntax.py,
serialise._encoded) saves on the in-process Raqqa one-page build with a new dateline each run:
with them (A) and with ReportLab's own `fp_str`, `escapePDF`, `pdfdoc.format`,
`instanceStringWidthTTF` and PDFDocEncoding codec (B), A and B in turn, medians of CPU and wall
time; and the work counted per build (ReportLab's `fp_str`, `escapePDF`, `format` and width
calls, characters through its codec).

    .venv/bin/python bench/pdfout.py [--rounds N]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reportlab.lib import rl_accel  # noqa: E402
from reportlab.pdfbase import pdfdoc, ttfonts  # noqa: E402

from briefing.build import Request, build, prepare  # noqa: E402
from briefing.layout import pdfsyntax, serialise  # noqa: E402

COUNTS: Counter[str] = Counter()


def _counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **options: Any) -> Any:
        COUNTS[name] += 1
        return function(*args, **options)

    return counted


def _encoded(content: Any) -> bytes:
    if isinstance(content, str):
        COUNTS["codec characters"] += len(content)
    encoded: bytes = pdfdoc.pdfdocEnc(content)
    return encoded


@contextmanager
def reportlab_own(*, count: bool = False) -> Iterator[None]:
    """ReportLab's own writing while inside (counted, with `count`)."""
    numbers, escape = rl_accel._py_fp_str, rl_accel._py_escapePDF
    formatter, measure = pdfsyntax._format, rl_accel._py_instanceStringWidthTTF
    if count:
        numbers, escape = _counted("fp_str", numbers), _counted("escapePDF", escape)
        formatter, measure = _counted("format", formatter), _counted("widths", measure)
    modules = [sys.modules[m] for m in pdfsyntax._MODULES if m in sys.modules]
    escaping = [sys.modules[m] for m in pdfsyntax._ESCAPING if m in sys.modules]
    saved = (
        {m: m.fp_str for m in modules},
        {m: m.escapePDF for m in escaping},
        pdfdoc.format,
        pdfsyntax.install,
        serialise._encoded,
        ttfonts.instanceStringWidthTTF,
    )
    for module in modules:
        module.fp_str = numbers
    for module in escaping:
        module.escapePDF = escape
    pdfdoc.format = formatter
    pdfsyntax.install = lambda: None  # type: ignore[assignment]
    serialise._encoded = _encoded if count else pdfdoc.pdfdocEnc
    ttfonts.instanceStringWidthTTF = measure
    try:
        yield
    finally:
        for module, function in saved[0].items():
            module.fp_str = function
        for module, function in saved[1].items():
            module.escapePDF = function
        pdfdoc.format, pdfsyntax.install, serialise._encoded = saved[2:5]  # type: ignore[method-assign]
        ttfonts.instanceStringWidthTTF = saved[5]


@contextmanager
def ours_counted() -> Iterator[None]:
    """pdfsyntax's writing, with what it still hands to ReportLab counted."""
    pdfsyntax.install()
    written, formatter, escaped = pdfsyntax._written, pdfsyntax._format, pdfsyntax._escaped
    encoded, measured = serialise._encoded, pdfsyntax._measured
    pdfsyntax._measured = _counted("widths", measured)
    pdfsyntax._written = _counted("fp_str", written)
    pdfsyntax._format = _counted("format", formatter)
    pdfsyntax._escaped = _counted("escapePDF", escaped)

    def counted_encoded(content: Any) -> bytes:
        if isinstance(content, str) and not (
            content.isascii() and not serialise._UNWRITABLE.search(content)
        ):
            COUNTS["codec characters"] += len(content)
        return encoded(content)

    serialise._encoded = counted_encoded
    try:
        yield
    finally:
        pdfsyntax._written, pdfsyntax._format = written, formatter
        pdfsyntax._escaped, serialise._encoded = escaped, encoded
        pdfsyntax._measured = measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-pdfout-"))
    loaded, tpl = prepare(ROOT / "briefs" / "raqqa.yaml")
    request = Request(layouts=("one-page",), out_dir=out)

    def one_page(run: int) -> None:
        varied = dataclasses.replace(loaded.spec, dateline=f"Run {run}")
        build(dataclasses.replace(loaded, spec=varied), tpl, request)

    one_page(-1)
    times: dict[tuple[bool, str], list[float]] = {}
    run = 0
    for _ in range(args.rounds):
        for ours in (True, False):
            for k in range(3):  # the first of each group untimed
                run += 1
                wall, cpu = time.perf_counter(), time.process_time()
                if ours:
                    pdfsyntax.install()
                    one_page(run)
                else:
                    with reportlab_own():
                        one_page(run)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                if k:
                    times.setdefault((ours, "cpu"), []).append(cpu)
                    times.setdefault((ours, "wall"), []).append(wall)
    for clock in ("cpu", "wall"):
        a, b = (statistics.median(times[ours, clock]) * 1000 for ours in (True, False))
        print(
            f"one-page, new dateline ({clock}): {a:.1f} ms with, {b:.1f} ms without ({a / b:.2f}x)"
        )
    for ours in (True, False):
        COUNTS.clear()
        with ours_counted() if ours else reportlab_own(count=True):
            one_page(10_000 + ours)
        work = ", ".join(f"{name} {COUNTS[name]}" for name in sorted(COUNTS))
        print(f"  a build {'with' if ours else 'without'}: {work or 'nothing handed to ReportLab'}")


if __name__ == "__main__":
    main()
