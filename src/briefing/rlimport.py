"""Turn ReportLab's import into a quicker one: `import_platypus` imports its paragraph module
with the URI pattern it compiles at import (`uri_pat`, a third of that module's import time)
left to compile on first use.

ReportLab uses the pattern only to split long URIs when it hyphenates (`uriWasteReduce`,
`hyphenationLang`), which briefing never asks for, so a build never compiles it. The stand-in
replaces that one pattern, matched by its text: under a ReportLab whose pattern differs,
everything is compiled as before (a test checks the installed ReportLab's is replaced).
"""

from __future__ import annotations

import re
import sys
from typing import Any

_URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How ReportLab's `uri_pat` opens; with `_URI_END` and its flags, what names it."""
_URI_END = "(?:[/?#][^\\s]*)?\\Z"


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


def import_platypus() -> None:
    """Import `reportlab.platypus` (and its paragraph module), with `uri_pat` a `LazyPattern`;
    nothing happens when it is already imported."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: Any = 0) -> Any:
        if (
            isinstance(pattern, str)
            and pattern.startswith(_URI_START)
            and pattern.endswith(_URI_END)
            and flags == re.IGNORECASE
        ):
            return LazyPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = compile_now
