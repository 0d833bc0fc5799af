"""Turn the installed Babel into `design/i18n/cldrdata.py`, the CLDR facts briefing keeps for
common language tags (`design/i18n/cldr.py`): `python -m briefing.spec.cldrkeep`.

It lives here, above the reader, because the numbers' facts are `spec/numbers.py`'s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..design.i18n import cldr
from .numbers import language_from_babel


def numbers_from_babel() -> dict[str, dict[str, str | bool | None]]:
    """The fields of `numbers._Language` for each kept tag, from Babel (`cldrdata.NUMBERS`)."""
    return {tag: vars(language_from_babel(tag)) for tag in cldr.KEPT_TAGS}


def write() -> Path:
    """Write `cldrdata.py` from the installed Babel, formatted as the project's code is."""
    import babel

    lines = [
        '"""The CLDR facts `cldr.py` keeps, written by `python -m briefing.spec.cldrkeep` from',
        f"Babel {babel.__version__}: do not edit.",
        '"""',
        "",
        f"BABEL = {babel.__version__!r}",
        "NUMBERS: dict[str, dict[str, str | bool | None]] = {",
        *(f"    {tag!r}: {fields!r}," for tag, fields in numbers_from_babel().items()),
        "}",
        "DATES: dict[str, tuple[str, tuple[str, ...]]] = {",
        *(f"    {tag!r}: {kept!r}," for tag, kept in cldr.dates_from_babel().items()),
        "}",
    ]
    path = Path(cldr.__file__).with_name("cldrdata.py")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "ruff", "format", str(path)], check=True)
    return path


if __name__ == "__main__":
    write()
