"""Turn a library's import into a quicker one: the regular expressions it compiles at import
that briefing seldom or never uses are compiled on first use instead.

Two are worth it: ReportLab's `uri_pat` (a third of its paragraph module's import, `rlimport.py`)
and PyYAML's printable-character check (a sixth of `import yaml`, `yamlsource.py`). Each is
named by its exact text, so under a version of the library whose pattern differs everything is
compiled as before (tests check that the installed versions' patterns are the ones deferred).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class LazyPattern:
    """A compiled pattern that compiles itself on first use."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return getattr(self._compiled, name)


@contextmanager
def compiled_on_first_use(deferred: Callable[[str, int], bool]) -> Iterator[None]:
    """Within the block, `re.compile(pattern, flags)` of a text pattern that `deferred`
    accepts gives a `LazyPattern`; every other pattern is compiled at once, as usual. Meant
    for an import, and only the first: a module already imported is not run again."""
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and isinstance(flags, int) and deferred(pattern, flags):
            return LazyPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer
    try:
        yield
    finally:
        re.compile = compile_now
