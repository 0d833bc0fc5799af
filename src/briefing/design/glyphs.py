"""Turn a loaded spec into located problems for every character the brief's fonts cannot draw.

ReportLab has no font fallback: a character missing from the font prints as an empty box, with
no warning. `paragraphs.para` sets a run its font cannot draw in the next face of the style's
fallback chain; this check runs before layout against those chains and names the characters
none of them can draw and the fields that hold them, so a brief never goes out with boxes where
a name should be.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, get_args

from ..bounded import Bounded
from ..errors import BriefingError, Problem, SpecError
from ..spec.validate import LoadedSpec
from . import fonts
from .cmap import CmapError, code_points
from .i18n import text_direction
from .template import LoadedTemplate, ShippedFamily, locate

if TYPE_CHECKING:
    from ..spec.assets import ImageAsset


@lru_cache(maxsize=64)
def drawable(families: tuple[str | tuple[str, ...], ...]) -> frozenset[int]:
    """Code points that text of every family in `families` can be drawn with. An entry is a
    family, which falls back on `fonts.FALLBACK`, or a chain of families (`Theme.chains`): a
    character is drawable in a chain when every face (regular, bold, italic, bold italic) of
    one of its families has it, since any text may be printed in any face (a quote in
    italics, a name in bold) and a template's fonts need not cover the same characters in
    each face. Cached by family names (64 at most): a template's font files that change are
    registered under a new name (`fonts.register_files`)."""
    common: frozenset[int] | None = None
    for entry in families:
        chain = (entry, *fonts.FALLBACK) if isinstance(entry, str) else entry
        points = frozenset().union(*(_all_faces(family) for family in dict.fromkeys(chain)))
        common = points if common is None else common & points
    return common or frozenset()


@lru_cache(maxsize=64)
def _all_faces(family: str) -> frozenset[int]:
    """Code points every face of `family` can draw: read from the files' character maps for
    a shipped family (`cmap`), without parsing the fonts or importing ReportLab; from
    ReportLab's parse for a template's own fonts, which it checks as it parses them."""
    common: frozenset[int] | None = None
    shipped = fonts.fonts_dir() if family in get_args(ShippedFamily) else None
    for style, suffix in fonts.FACES.items():
        if shipped is not None:
            path = shipped / f"{family}-{suffix}.ttf"
            try:
                points = code_points(str(path))
            except CmapError as err:
                raise BriefingError(f"{path}: cannot load font ({err})") from None
        else:
            from reportlab.pdfbase import pdfmetrics

            points = frozenset(pdfmetrics.getFont(fonts.face(family, style)).face.charToGlyph)
        common = points if common is None else common & points
    return common or frozenset()


TOOL_CHARACTERS = (
    "".join(chr(c) for c in range(0x21, 0x7F)) + "\u2026\u00b7\u2014\u2022\u201c\u201d"
)
"""What briefing prints itself, whatever the spec says: digits of dates and page numbers,
numbering, headings and labels, quotation marks, bullets, dashes, ellipses."""
NEVER_PRINTED = frozenset(
    {"id", "source", "sources", "figure", "template", "logo", "path", "alt", "language"}
    | {"layouts", "keywords", "page_size", "qr"}
)
"""Keys whose text is never set in the brief's fonts (ids, file paths, settings; alt text and
keywords go to the PDF's metadata, not its pages), by the last part of their key path."""
_SOURCE_TEXT = re.compile(r"sources\[\d+\]\.text")
"""A source's `text:` is the path of its local copy, never printed (a finding's `text` is)."""


def printed_strings(texts: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Of the texts of a spec with their key paths (`walker.strings`), those set in the
    brief's fonts."""
    for key_path, text in texts:
        if _printed(key_path):
            yield key_path, text


@lru_cache(maxsize=4096)
def _printed(key_path: str) -> bool:
    """Whether the text at `key_path` is set in the brief's fonts; kept for the next build
    (4,096 key paths at most), as it depends on the key path alone."""
    last = key_path.rsplit(".", 1)[-1].split("[", 1)[0]
    return last not in NEVER_PRINTED and not _SOURCE_TEXT.fullmatch(key_path)


@lru_cache(maxsize=4096)
def _in_heads(key_path: str) -> bool:
    """Whether the text at `key_path` is drawn in running heads, footers or charts
    (`_RUNNING_HEADS`); kept as `_printed`."""
    return _RUNNING_HEADS.fullmatch(key_path) is not None


def _describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    shown = char if char.isprintable() else ""
    return f"{shown!r} (U+{ord(char):04X} {name})" if shown else f"U+{ord(char):04X} {name}"


def _missing(texts: Iterable[str], available: frozenset[int]) -> str | None:
    """The characters of `texts` that are not `available`, described (at most eight)."""
    texts = list(texts)
    typed = {c for text in texts for c in text}
    capitals = {c for text in texts for c in text.upper()} - typed
    missing = sorted(c for c in typed | capitals if ord(c) not in available and not c.isspace())
    if not missing:
        return None
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    listed = ", ".join(
        _describe(c) + (" (the capital of a letter typed here)" if c in capitals else "")
        for c in missing[:8]
    )
    return listed + more


_missed: Bounded[str] = Bounded(entries=2048, size=1_000_000)
"""`_missing_in`'s answers ("" for none), by text and font set; bounded by the characters of
the texts (a million), and what the last spec checked did not use is forgotten when another
is (`check_glyphs`): a mail-merge's names would fill it, each recipient's text its own."""
_last_checked: weakref.ref[LoadedSpec] | None = None


def _missing_in(text: str, available: frozenset[int]) -> str | None:
    """`_missing([text], available)`, kept for the next build: most of a brief's text is the
    same from one build to the next (`drawable` gives the same set for the same fonts)."""
    key = (text, available)
    found = _missed.get(key)
    if found is None:
        found = _missing([text], available) or ""
        _missed.put(key, found, size=len(text) + 1)
    return found or None


_RUNNING_HEADS = re.compile(
    r"title|publisher|organisations\[\d+\]|dateline|date"
    r"|charts\[\d+\]\.(bars\[\d+\]\.label|series\[\d+\]\.name|categories\[\d+\])"
)
"""Fields the running heads, footers and charts print: drawn straight on the canvas in the
main face, without fallback, so checked against the main faces alone in a left-to-right brief
(a right-to-left one is set in Amiri, `Theme.with_direction`)."""

_ADVICE = "; replace these characters or use a template with fonts that have them"


def check_glyphs(
    loaded: LoadedSpec,
    families: tuple[str | tuple[str, ...], ...],
    *,
    texts: Sequence[tuple[str, str]],
) -> None:
    """Raise `SpecError` naming each field that holds characters the fonts lack, and each
    SVG image whose text holds some (SVG text is set in the brief's fonts). `texts` are the
    spec's texts with their key paths (`walker.strings`)."""
    global _last_checked
    if _last_checked is None or _last_checked() is not loaded:  # a build checks one spec
        _missed.age()
        _last_checked = weakref.ref(loaded)
    available = drawable(families)
    main_faces = drawable(tuple((f if isinstance(f, str) else f[0],) for f in families))
    ltr = text_direction(loaded.spec.language or "en") == "ltr"
    problems = []
    for key_path, text in printed_strings(texts):
        in_heads = ltr and _in_heads(key_path)
        listed = _missing_in(text, main_faces if in_heads else available)
        if listed:
            advice = _ADVICE
            if in_heads and not _missing_in(text, available):
                advice = (
                    "; this text is also drawn in running heads, footers or charts, which use "
                    "the main fonts without fallback: replace these characters or use a "
                    "template whose own fonts have them"
                )
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"the brief's fonts cannot draw {listed}{advice}",
                )
            )
    for name, image in loaded.images.items():
        listed = _missing(image.texts, available)
        if listed:
            key_path = name if name == "logo" else f"{name}.path"
            written = next(text for path, text in texts if path == key_path)
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
    logo: ImageAsset, template: LoadedTemplate, families: tuple[str | tuple[str, ...], ...]
) -> None:
    """Raise `SpecError`, at the template's `logo` key, if the template's SVG logo has text
    the brief's fonts cannot draw."""
    from .templatecheck import template_key

    listed = _missing(logo.texts, drawable(families))
    if listed:
        where = template_key(template, "logo")
        message = f"the SVG {logo.path.name!r} has text the brief's fonts cannot draw: {listed}"
        raise SpecError([Problem(where, "logo", message + _ADVICE)])


def check_template_text(
    template: LoadedTemplate,
    titles: dict[str, str],
    audience: str | None,
    families: tuple[str | tuple[str, ...], ...],
    *,
    printed: str = "",
) -> None:
    """Raise `SpecError` if the fonts cannot draw what briefing prints itself (in the main
    faces: running heads and page numbers are drawn without fallback), the words of the
    language's catalogue (`printed`) included, or a heading the template gives a block
    (`titles:`), located in the template."""
    from .templatecheck import template_key

    available = drawable(families)
    problems = []
    main_faces = tuple((f if isinstance(f, str) else f[0],) for f in families)
    listed = _missing([TOOL_CHARACTERS + printed], drawable(main_faces))
    if listed:
        message = (
            f"the template's fonts cannot draw {listed}, which briefing prints itself in this "
            "language (headings, dates, page numbers, numbering, quotation marks, bullets); use "
            "fonts that draw them (for a right-to-left brief, fonts with its script)"
        )
        problems.append(Problem(template_key(template, "fonts"), "fonts", message))
    for block, title in titles.items():
        listed = _missing([title], available)
        if listed:
            key_path, where = _title_key(template, block, audience)
            problems.append(
                Problem(where, key_path, f"the brief's fonts cannot draw {listed}{_ADVICE}")
            )
    if problems:
        raise SpecError(problems)


def _title_key(template: LoadedTemplate, block: str, audience: str | None) -> tuple[str, Any]:
    """The key path and place, in the nearest template file, of the heading of `block`."""
    candidates = [f"layout.titles.{block}"]
    if audience is not None:
        candidates.insert(0, f"audiences.{audience}.titles.{block}")
    return locate(template, candidates)
