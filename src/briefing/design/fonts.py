"""Turn TTF files into registered ReportLab font families, once per process.

Three families ship with briefing, all under the SIL Open Font License (`assets/fonts/OFL.txt`,
`assets/fonts/OFL-Amiri.txt`): Noto Sans for headings and figures, Noto Serif for body text, and
Amiri, which draws Arabic and Latin, for right-to-left briefs and as the fallback for any text
the main face cannot draw (`FALLBACK`). Templates may bring their own
(`register_files`). Each family is registered with regular, bold, italic and bold-italic faces,
so `<b>` and `<i>` work in paragraphs and every face used is embedded (as a subset) in the PDF.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ..errors import BriefingError
from ..filestamp import Stamp, stamp

FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "boldItalic": "BoldItalic"}
FALLBACK = ("Amiri",)
"""The families tried, in order, for a character the main face of a style cannot draw."""
_registered: set[str] = set()
_by_file: dict[tuple[str, Stamp | None], Any] = {}
_names: dict[tuple[str, tuple[tuple[str, Stamp | None], ...]], str] = {}


def fonts_dir() -> Path:
    """The folder holding the shipped fonts: inside the installed package, or the checkout's."""
    here = Path(__file__).resolve().parents[1]  # the package, above design/
    for candidate in (here / "assets" / "fonts", here.parents[1] / "assets" / "fonts"):
        if candidate.is_dir():
            return candidate
    raise BriefingError(
        f"the fonts folder is missing (looked in {here / 'assets' / 'fonts'} "
        f"and {here.parents[1] / 'assets' / 'fonts'}); reinstall briefing"
    )


_TTF_MAGIC = (b"\x00\x01\x00\x00", b"true")


def check_font_file(path: Path) -> str | None:
    """Why the TrueType font at `path` cannot be used, or None when it can.

    The font is read in full and a subset of every glyph it maps is made, as embedding it in
    a PDF would, so a file that is truncated, damaged or missing a table needed there is
    refused before any layout starts. Any exception from ReportLab's parser is the file's
    fault, never ours. Cached by path and stamp (`filestamp`): a batch reads a file once."""
    try:
        path.stat()
    except OSError as err:
        return f"cannot load font ({err.strerror})"
    return _trial(str(path), stamp(path))


@functools.lru_cache(maxsize=64)
def _trial(path: str, stamped: Stamp | None) -> str | None:
    try:
        with open(path, "rb") as stream:
            magic = stream.read(4)
    except OSError as err:
        return f"cannot load font ({err.strerror})"
    if magic not in _TTF_MAGIC:
        return "cannot load font (not a TrueType font file)"
    from reportlab.pdfbase.ttfonts import TTFontFace

    try:
        face = TTFontFace(path)
        face.makeSubset(sorted(face.charToGlyph))
    except Exception as err:  # noqa: BLE001 - whatever the parser trips on is in the file
        return f"cannot load font ({_reason(err)})"
    return None


def _reason(err: Exception) -> str:
    from reportlab.pdfbase.ttfonts import TTFError

    if isinstance(err, TTFError):
        return str(err)
    if isinstance(err, KeyError):
        return f"it has no {err.args[0]!r} table"
    return "the file is truncated or damaged"


def _lazy_ttfont(name: str, path: str) -> Any:
    """A TTFont that reads and parses its file only when first used.

    A brief uses five or six of the eight faces it registers; parsing a face costs about 8 ms,
    so the faces nobody draws with are never parsed. The file is checked to be a TrueType font
    now, so a missing or wrong file is still reported at registration; a font that is not one
    of the shipped ones is tried in full (`check_font_file`) before its first use. A font that
    fails stays unparsed, and fails the same way at its next use."""
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        with open(path, "rb") as stream:
            magic = stream.read(4)
    except OSError as err:
        raise BriefingError(f"{path}: cannot load font ({err.strerror})") from None
    if magic not in _TTF_MAGIC:
        raise BriefingError(f"{path}: cannot load font (not a TrueType font file)")
    shipped = Path(path).resolve().parent == fonts_dir().resolve()

    class LazyTTFont(TTFont):
        def __init__(self) -> None:
            self.fontName = name

        def __getattr__(self, attribute: str) -> Any:
            known = self.__dict__
            if attribute.startswith("__") or "_parsing" in known:
                raise AttributeError(attribute)
            problem = None if shipped else check_font_file(Path(path))
            if problem:
                raise BriefingError(f"{path}: {problem}")
            before = set(known)
            known["_parsing"] = True
            try:
                TTFont.__init__(self, name, path)
            except Exception as err:  # noqa: BLE001 - as in _trial
                for half_made in set(known) - before:
                    del known[half_made]
                raise BriefingError(f"{path}: cannot load font ({_reason(err)})") from None
            from . import subsets  # on a first parse: a check in the shipped fonts parses none

            subsets.install(known["face"])
            del known["_parsing"]
            # parsed, it is a TTFont like any other: ReportLab asks fonts for attributes they
            # may not have (thousands of times a build), which must not come here again
            self.__class__ = TTFont
            return getattr(self, attribute)

    return LazyTTFont()


def register_files(family: str, paths: dict[str, str]) -> str:
    """Register `family` from four TTF files (keyed like `FACES`), once for the files as they
    are now; return the name it is registered under: `family`, or, when a file has changed
    since (`briefing watch` after a font is replaced), a name of its own, so that nothing
    cached under the old name (widths, line breaks, subsets) is served for the new files."""
    files = {style: _identity(paths[style]) for style in FACES}
    key = (family, tuple(files.values()))
    if key in _names:
        return _names[key]
    from reportlab.pdfbase import pdfmetrics

    name = family
    if family in _registered:
        import hashlib

        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:8]
        name = f"{family}@{digest}"
    faces = {}
    for style, suffix in FACES.items():
        face_name = f"{name}-{suffix}"
        # What pdfmetrics.registerFont does for a TrueType font, minus its look at
        # `font.face`, which would parse the file there and then: one font object per file,
        # shared by every name that uses the file.
        if files[style] not in _by_file:
            _by_file[files[style]] = _lazy_ttfont(face_name, paths[style])
        pdfmetrics._fonts[face_name] = _by_file[files[style]]
        pdfmetrics.registerFontFamily(face_name)
        faces[style] = face_name
    pdfmetrics.registerFontFamily(
        name,
        normal=faces["regular"],
        bold=faces["bold"],
        italic=faces["italic"],
        boldItalic=faces["boldItalic"],
    )
    _registered.add(name)
    _names[key] = name
    return name


def _identity(path: str) -> tuple[str, Stamp | None]:
    """A font file as it is now: its resolved path and its stamp (`filestamp`: None when it
    cannot be read, and registering it then says why)."""
    resolved = str(Path(path).resolve())
    return resolved, stamp(resolved)


def register_family(family: str) -> str:
    """Register one of the shipped families (`NotoSans`, `NotoSerif`, `Amiri`) by name."""
    folder = fonts_dir()
    return register_files(
        family, {style: str(folder / f"{family}-{suffix}.ttf") for style, suffix in FACES.items()}
    )


_charsets: dict[str, frozenset[int] | None] = {}


def charset(name: str) -> frozenset[int] | None:
    """The code points the registered font `name` maps to a glyph (None: a built-in PDF font,
    which is never asked to draw what it lacks)."""
    if name not in _charsets:
        from reportlab.pdfbase import pdfmetrics

        mapped = getattr(pdfmetrics.getFont(name).face, "charToGlyph", None)
        _charsets[name] = None if mapped is None else frozenset(mapped)
    return _charsets[name]


def covers(name: str, text: str) -> bool:
    """True when the font `name` can draw every character of `text` but spaces."""
    known = charset(name)
    if known is None:
        return True
    return all(chr(code).isspace() for code in set(map(ord, text)).difference(known))


def draws(name: str, char: str) -> bool:
    """True when the font `name` can draw `char`."""
    return covers(name, char)


def same_face(name: str, families: tuple[str, ...]) -> list[str]:
    """The face of each of `families` that matches the registered face `name` (bold for bold,
    italic for italic)."""
    suffix = name.rsplit("-", 1)[-1]
    style = next((key for key, value in FACES.items() if value == suffix), "regular")
    return [face(family, style) for family in families]


def face(family: str, style: str = "regular") -> str:
    """The registered font name of one face of `family`, registering a shipped one if needed."""
    if family not in _registered:
        register_family(family)
    return f"{family}-{FACES[style]}"
