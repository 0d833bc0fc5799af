"""Turn semantic style names (`brief.title`, `figure.value`) into ReportLab paragraph styles.

All styles live in one default table, `DEFAULT_STYLES`, and colours in `DEFAULT_COLORS`; a
theme overrides entries by name. Sizes are in points at scale 1; a layout that must fit a page
asks for a smaller `scale` and gets every size, leading and space scaled together.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from . import fonts

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle


@dataclass(frozen=True)
class Style:
    """One semantic style: family role (`sans` or `serif`), face, size and spacing in points."""

    family: str = "serif"
    face: str = "regular"
    size: float = 9.5
    leading: float = 1.3
    color: str = "ink"
    space_before: float = 0.0
    space_after: float = 0.0
    align: str = "left"
    upper: bool = False
    indent: float = 0.0
    right_indent: float = 0.0


DEFAULT_COLORS: dict[str, str] = {
    "ink": "#1b1b1b",
    "muted": "#4d4d4d",
    "accent": "#a3161a",
    "rule": "#bdbdbd",
    "tint": "#f2efe9",
    "secondary": "#a3a3a3",
    "link": "#1a4f8b",
}

DEFAULT_FAMILIES: dict[str, str] = {"sans": "NotoSans", "serif": "NotoSerif"}

DEFAULT_STYLES: dict[str, Style] = {
    "brief.release": Style(
        family="sans", face="bold", size=8, leading=1.3, color="ink", upper=True, space_after=4
    ),
    "brief.kicker": Style(
        family="sans", face="bold", size=8, leading=1.2, color="accent", upper=True
    ),
    "brief.title": Style(family="sans", face="bold", size=25, leading=1.12, space_after=6),
    "brief.dek": Style(family="sans", size=11, leading=1.32, color="muted"),
    "brief.meta": Style(family="sans", size=8, leading=1.3, color="muted"),
    "section.heading": Style(
        family="sans",
        face="bold",
        size=9,
        leading=1.25,
        color="accent",
        upper=True,
        space_before=11,
        space_after=4,
    ),
    "summary": Style(family="serif", size=10.5, leading=1.34, space_after=2),
    "body": Style(family="serif", size=9.5, leading=1.32, space_after=5),
    "finding.heading": Style(
        family="sans", face="bold", size=9.5, leading=1.25, space_before=6, space_after=1.5
    ),
    "figure.qualifier": Style(
        family="sans", face="bold", size=6.5, leading=1.2, color="muted", upper=True
    ),
    "figure.value": Style(family="sans", face="bold", size=24, leading=1.05, color="accent"),
    "figure.label": Style(family="sans", size=8, leading=1.28),
    "quote.text": Style(family="serif", face="italic", size=12.5, leading=1.3),
    "quote.context": Style(family="serif", size=9, leading=1.3, color="muted"),
    "quote.attribution": Style(
        family="sans", size=8, leading=1.3, color="muted", space_before=3, space_after=6
    ),
    "demand.addressee": Style(
        family="sans",
        face="bold",
        size=8,
        leading=1.25,
        color="accent",
        space_before=5,
        space_after=2,
    ),
    "demand.text": Style(family="sans", size=8.5, leading=1.3, space_after=2.5, indent=11),
    "list.text": Style(family="sans", size=8.5, leading=1.3, space_after=3, indent=10),
    "chart.title": Style(
        family="sans", face="bold", size=8.5, leading=1.25, space_before=8, space_after=4
    ),
    "chart.note": Style(
        family="sans", size=7, leading=1.3, color="muted", space_before=3, space_after=8
    ),
    "timeline.date": Style(family="sans", face="bold", size=8, leading=1.3, color="accent"),
    "contact.text": Style(family="sans", size=8, leading=1.3),
    "source.text": Style(family="sans", size=7, leading=1.3, color="muted", space_after=1),
    "page.header": Style(family="sans", size=7.5, leading=1.2, color="muted"),
    "page.footer": Style(family="sans", size=7.5, leading=1.2, color="muted"),
}

BODY_STYLE = "body"
BODY_FLOOR_PT = 7.5


@dataclass(frozen=True)
class Theme:
    """A complete set of styles, colours and font families, possibly scaled to fit a page."""

    styles: dict[str, Style] = field(default_factory=lambda: dict(DEFAULT_STYLES))
    colors: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLORS))
    families: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FAMILIES))
    scale: float = 1.0
    spacing: float = 1.0

    def scaled(self, *, scale: float, spacing: float) -> Theme:
        """This theme with type scaled by `scale` and vertical space by `spacing`."""
        return replace(self, scale=scale, spacing=spacing)

    def restyled(self, changes: dict[str, dict[str, Any]]) -> Theme:
        """This theme with some fields of some named styles changed."""
        styles = dict(self.styles)
        for name, fields in changes.items():
            styles[name] = replace(styles[name], **fields)
        return replace(self, styles=styles)

    def color(self, name: str) -> Any:
        """A ReportLab colour for a palette name (or a literal `#rrggbb`)."""
        from reportlab.lib.colors import HexColor

        return HexColor(self.colors.get(name, name))

    def hex(self, name: str) -> str:
        return self.colors.get(name, name)

    def font(self, role: str, face: str = "regular") -> str:
        """The registered font name for a family role (`sans`, `serif`) and face."""
        return fonts.face(self.families[role], face)

    def size(self, name: str) -> float:
        return self.styles[name].size * self.scale

    def space(self, points: float) -> float:
        """A vertical space of `points` at this theme's spacing."""
        return points * self.spacing

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self._paragraph_styles[name]

    @cached_property
    def _paragraph_styles(self) -> dict[str, ParagraphStyle]:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        aligns = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
        result = {}
        for name, style in self.styles.items():
            size = style.size * self.scale
            result[name] = ParagraphStyle(
                name,
                fontName=self.font(style.family, style.face),
                fontSize=size,
                leading=size * style.leading,
                textColor=self.color(style.color),
                spaceBefore=style.space_before * self.scale * self.spacing,
                spaceAfter=style.space_after * self.scale * self.spacing,
                alignment=aligns[style.align],
                textTransform="uppercase" if style.upper else None,
                leftIndent=style.indent * self.scale,
                rightIndent=style.right_indent,
                bulletIndent=0,
                bulletFontName=self.font(style.family, style.face),
                bulletFontSize=size,
                allowWidows=0,
                allowOrphans=0,
            )
        return result
