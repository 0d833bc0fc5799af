"""Turn a loaded spec into located problems for every character the brief's fonts cannot draw.

ReportLab has no font fallback: a character missing from the font prints as an empty box, with
no warning. This check runs before layout and names the characters and the fields that hold
them, so a brief never goes out with boxes where a name should be.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from . import fonts
from .errors import Problem, SpecError
from .validate import LoadedSpec

if TYPE_CHECKING:
    from .assets import ImageAsset
    from .template import LoadedTemplate


@cache
def drawable(families: tuple[str, ...]) -> frozenset[int]:
    """Code points that every face (regular, bold, italic, bold italic) of every family in
    `families` can draw: any text may be printed in any of them (a quote in italics, a name in
    bold), and a template's fonts need not cover the same characters in each face."""
    from reportlab.pdfbase import pdfmetrics

    common: set[int] | None = None
    for family in families:
        for style in fonts.FACES:
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


def _missing(texts: Iterable[str], available: frozenset[int]) -> str | None:
    """The characters of `texts` that are not `available`, described (at most eight)."""
    missing = sorted({c for text in texts for c in text if ord(c) not in available})
    missing = [c for c in missing if not c.isspace()]
    if not missing:
        return None
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return ", ".join(_describe(c) for c in missing[:8]) + more


_ADVICE = "; replace these characters or use a font that has them"


def check_glyphs(loaded: LoadedSpec, families: tuple[str, ...]) -> None:
    """Raise `SpecError` naming each field that holds characters the fonts lack, and each
    SVG image whose text holds some (SVG text is set in the brief's fonts)."""
    available = drawable(families)
    problems = []
    for key_path, text in strings(loaded.spec):
        listed = _missing([text], available)
        if listed:
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"the brief's fonts cannot draw {listed}{_ADVICE}",
                )
            )
    for name, image in loaded.images.items():
        listed = _missing(image.texts, available)
        if listed:
            key_path = name if name == "logo" else f"{name}.path"
            written = next(text for path, text in strings(loaded.spec) if path == key_path)
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"the SVG {written!r} has text the brief's fonts cannot draw: "
                    f"{listed}{_ADVICE}",
                )
            )
    if problems:
        raise SpecError(problems)


def check_template_logo(
    logo: ImageAsset, template: LoadedTemplate, families: tuple[str, ...]
) -> None:
    """Raise `SpecError`, at the template's `logo` key, if the template's SVG logo has text
    the brief's fonts cannot draw."""
    from .assets import template_key

    listed = _missing(logo.texts, drawable(families))
    if listed:
        where = template_key(template, "logo")
        message = f"the SVG {logo.path.name!r} has text the brief's fonts cannot draw: {listed}"
        raise SpecError([Problem(where, "logo", message + _ADVICE)])
