"""Turn the declared spec and template schemas into JSON Schema documents for editors."""

from __future__ import annotations

import sys


def run_schema(kind: str) -> int:
    """Print the JSON Schema of `kind` ("spec" or "template"); return the exit status."""
    print(f"briefing schema {kind}: not built yet", file=sys.stderr)
    return 1
