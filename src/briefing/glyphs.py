"""Turn a loaded spec into located problems for every character the brief's fonts cannot draw.

ReportLab has no font fallback: a character missing from the font prints as an empty box, with
no warning. This check runs before layout and names the characters and the fields that hold
them, so a brief never goes out with boxes where a name should be.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from . import fonts
from .errors import Problem, SpecError
from .validate import LoadedSpec


@cache
def drawable(families: tuple[str, ...]) -> frozenset[int]:
    """Code points that the regular and bold faces of every family in `families` can draw.

    (Italics are left out: reading a face costs time, and a family's italics cover what its
    upright faces cover in every font briefing ships.)"""
    from reportlab.pdfbase import pdfmetrics

    common: set[int] | None = None
    for family in families:
        for style in ("regular", "bold"):
            font = pdfmetrics.getFont(fonts.face(family, style))
            points = set(font.face.charToGlyph)
            common = points if common is None else common & points
    return frozenset(common or ())


def strings(value: Any, key_path: str = "") -> Iterator[tuple[str, str]]:
    """Every text value in a spec with its key path, e.g. ('quotes[0].speaker', 'Ana')."""
    if isinstance(value, str):
        yield key_path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{key_path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{key_path}.{key}" if key_path else str(key))
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            child = f"{key_path}.{field.name}" if key_path else field.name
            yield from strings(getattr(value, field.name), child)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    shown = char if char.isprintable() else ""
    return f"{shown!r} (U+{ord(char):04X} {name})" if shown else f"U+{ord(char):04X} {name}"


def check_glyphs(loaded: LoadedSpec, families: tuple[str, ...]) -> None:
    """Raise `SpecError` naming each field that holds characters the fonts lack."""
    available = drawable(families)
    problems = []
    for key_path, text in strings(loaded.spec):
        missing = sorted({c for c in text if ord(c) not in available and not c.isspace()})
        if missing:
            listed = ", ".join(_describe(c) for c in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"the brief's fonts cannot draw {listed}{more}; replace "
                    "these characters or use a font that has them",
                )
            )
    if problems:
        raise SpecError(problems)
