"""Turn the TTF files in `assets/fonts/` into registered ReportLab font families.

Two families ship with briefing, both under the SIL Open Font License (`assets/fonts/OFL.txt`):
Noto Sans for headings and figures, Noto Serif for body text. Each is registered once per
process with regular, bold, italic and bold-italic faces, so `<b>` and `<i>` work in paragraphs
and every face is embedded (as a subset) in the PDF.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import BriefingError

FACES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "boldItalic": "BoldItalic"}
FAMILIES = ("NotoSans", "NotoSerif")


def fonts_dir() -> Path:
    """The folder holding the shipped fonts: inside the installed package, or the checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "assets" / "fonts", here.parents[1] / "assets" / "fonts"):
        if candidate.is_dir():
            return candidate
    raise BriefingError(f"the fonts folder is missing (looked in {here / 'assets' / 'fonts'} "
                        f"and {here.parents[1] / 'assets' / 'fonts'}); reinstall briefing")


@cache
def register_family(family: str) -> str:
    """Register `family`'s four faces with ReportLab (once) and return the family name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    folder = fonts_dir()
    names = {}
    for style, suffix in FACES.items():
        name = f"{family}-{suffix}"
        path = folder / f"{name}.ttf"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (OSError, TTFError) as err:
            raise BriefingError(f"{path}: cannot load font ({err})") from None
        names[style] = name
    pdfmetrics.registerFontFamily(family, normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["boldItalic"])
    return family


def face(family: str, style: str = "regular") -> str:
    """The registered font name of one face of `family`, registering the family if needed."""
    register_family(family)
    return f"{family}-{FACES[style]}"
