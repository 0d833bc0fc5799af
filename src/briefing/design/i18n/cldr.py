"""Turn a BCP 47 tag into the CLDR facts briefing prints: how it writes numbers
(`spec/numbers.py`) and long dates (`format_date`).

Babel holds them, but its import and a locale's data cost more than the rest of a `briefing
check`. The facts of the tags briefs use most (`KEPT_TAGS`) are kept in `cldrdata.py`, written
from Babel by `python -m briefing.spec.cldrkeep`, and used only with the Babel they were
written from (its version, read from its files without importing it); any other tag, or
another Babel, asks Babel. A test checks the kept facts are Babel's, for every tag, month and
day they cover.
"""

from __future__ import annotations

import datetime
import functools
import os
import sys

from . import cldrdata

KEPT_TAGS = ("en", "en-GB", "en-US", "fr", "fr-FR", "es", "es-ES", "ar")
"""The tags kept: the shipped catalogues' languages, and the regions briefs name most."""
_FIELDS = {("d", 1), ("M", 4), ("y", 1)}
"""The fields a kept long date may hold: day, month name, year (`d`, `MMMM`, `y`)."""


@functools.cache
def is_current() -> bool:
    """True when the Babel that Python would import is the one `cldrdata` was written from."""
    for folder in sys.path:
        try:
            with open(os.path.join(folder or ".", "babel", "__init__.py"), encoding="utf-8") as f:
                text = f.read()
        except OSError:
            continue
        return f"__version__ = {cldrdata.BABEL!r}" in text
    return False


def kept_numbers(tag: str) -> dict[str, str | bool | None] | None:
    """The fields of `numbers._Language` for `tag`, when kept; None: ask Babel."""
    return cldrdata.NUMBERS.get(tag) if is_current() else None


def kept_long_date(day: datetime.date, tag: str) -> str | None:
    """`day` as CLDR's long date format for `tag` writes it, when kept; None: ask Babel."""
    kept = cldrdata.DATES.get(tag) if is_current() else None
    if kept is None:
        return None
    template, months = kept
    return template.format(d=day.day, MMMM=months[day.month - 1], y=day.year)


def dates_from_babel() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The long date of each of `KEPT_TAGS` as the installed Babel gives it: a template of
    `{d}`, `{MMMM}` and `{y}`, and the months' names (what `cldrdata.DATES` keeps)."""
    from babel import Locale
    from babel.dates import get_date_format, tokenize_pattern

    dates = {}
    for tag in KEPT_TAGS:
        locale = Locale.parse(tag, sep="-")
        pattern = get_date_format("long", locale=locale).pattern
        template = ""
        for _, value in tokenize_pattern(pattern):
            if isinstance(value, str):  # kind "chars"
                template += value.replace("{", "{{").replace("}", "}}")
            elif value in _FIELDS:
                template += f"{{{str(value[0]) * int(value[1])}}}"
            else:
                raise ValueError(f"{tag}: the long date {pattern!r} has other fields")
        months = locale.months["format"]["wide"]
        dates[tag] = (template, tuple(months[m] for m in range(1, 13)))
    return dates
