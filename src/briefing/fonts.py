"""Turn TTF files into registered ReportLab font families, once per process.

Two families ship with briefing, both under the SIL Open Font License (`assets/fonts/OFL.txt`):
Noto Sans for headings and figures, Noto Serif for body text. Templates may bring their own
(`register_files`). Each family is registered with regular, bold, italic and bold-italic faces,
so `<b>` and `<i>` work in paragraphs and every face used is embedded (as a subset) in the PDF.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BriefingError

FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "boldItalic": "BoldItalic"}
FAMILIES = ("NotoSans", "NotoSerif")
_registered: set[str] = set()


def fonts_dir() -> Path:
    """The folder holding the shipped fonts: inside the installed package, or the checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "assets" / "fonts", here.parents[1] / "assets" / "fonts"):
        if candidate.is_dir():
            return candidate
    raise BriefingError(f"the fonts folder is missing (looked in {here / 'assets' / 'fonts'} "
                        f"and {here.parents[1] / 'assets' / 'fonts'}); reinstall briefing")


def register_files(family: str, paths: dict[str, str]) -> str:
    """Register `family` from four TTF files (keyed like `FACES`), once; return its name."""
    if family in _registered:
        return family
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    names = {}
    for style, suffix in FACES.items():
        name = f"{family}-{suffix}"
        try:
            pdfmetrics.registerFont(TTFont(name, paths[style]))
        except (OSError, TTFError) as err:
            raise BriefingError(f"{paths[style]}: cannot load font ({err})") from None
        names[style] = name
    pdfmetrics.registerFontFamily(family, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["boldItalic"])
    _registered.add(family)
    return family


def register_family(family: str) -> str:
    """Register one of the shipped families (`NotoSans`, `NotoSerif`) by name."""
    folder = fonts_dir()
    return register_files(family, {style: str(folder / f"{family}-{suffix}.ttf")
                                   for style, suffix in FACES.items()})


def face(family: str, style: str = "regular") -> str:
    """The registered font name of one face of `family`, registering a shipped one if needed."""
    if family not in _registered:
        register_family(family)
    return f"{family}-{FACES[style]}"
