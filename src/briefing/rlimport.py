"""Turn ReportLab's import into a quicker one: `import_platypus` imports its paragraph module
with the URI pattern it compiles at import (`uri_pat`, a third of that module's import time)
left to compile on first use (`spec/deferred.py`).

ReportLab uses the pattern only to split long URIs when it hyphenates (`uriWasteReduce`,
`hyphenationLang`), which briefing never asks for, so a build never compiles it. The stand-in
replaces that one pattern, matched by its text: under a ReportLab whose pattern differs,
everything is compiled as before (a test checks the installed ReportLab's is replaced).
"""

from __future__ import annotations

import re
import sys

from .spec.deferred import LazyPattern, compiled_on_first_use

__all__ = ["LazyPattern", "import_platypus"]

_URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How ReportLab's `uri_pat` opens; with `_URI_END` and its flags, what names it."""
_URI_END = "(?:[/?#][^\\s]*)?\\Z"


def _is_uri_pattern(pattern: str, flags: int) -> bool:
    return pattern.startswith(_URI_START) and pattern.endswith(_URI_END) and flags == re.I


def import_platypus() -> None:
    """Import `reportlab.platypus` (and its paragraph module), with `uri_pat` a `LazyPattern`;
    nothing happens when it is already imported."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    with compiled_on_first_use(_is_uri_pattern):
        import reportlab.platypus  # noqa: F401
