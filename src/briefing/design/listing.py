"""Turn the templates a spec can use into listings: names, audiences, and one merged template."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import BriefingError, printable


def fail(error: BriefingError) -> int:
    for line in error.lines():
        print(line, file=sys.stderr)
    return error.exit_status


def list_templates(spec: Path | None) -> int:
    """Print the templates a spec can use and the audiences of each; return the exit status."""
    from ..spec.assets import project_root
    from .lookup import BUILTIN_DIR, listed, searched
    from .template import load_template

    near = [spec.parent / "templates"] if spec else []
    root = project_root(spec) if spec else BUILTIN_DIR
    try:
        for folder, inside in searched(near, root):
            where = "built in" if folder == BUILTIN_DIR else "beside the spec"
            for path in listed(folder, inside):
                loaded = load_template(path, root=inside)
                description = loaded.template.description or ""
                print(printable(f"{path.stem} ({where}): {description}".rstrip()))
                for name, arrangement in loaded.template.audiences.items():
                    description = arrangement.description or ""
                    print(printable(f"  --audience {name}: {description}".rstrip()))
    except BriefingError as error:
        return fail(error)
    return 0


def show_template(name: str, *, spec: Path | None) -> int:
    """Print template NAME merged with the templates it extends, as YAML."""
    return fail(BriefingError(f"briefing templates --show {name}: not built yet"))
