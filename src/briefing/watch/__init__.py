"""Turn a spec into a live preview: rebuild on every save and show the pages in a browser."""

from __future__ import annotations

import argparse
import sys


def run_watch(args: argparse.Namespace) -> int:
    """Build args.spec, then rebuild on change and serve the preview page; return exit status."""
    print("briefing watch: not built yet", file=sys.stderr)
    return 1
