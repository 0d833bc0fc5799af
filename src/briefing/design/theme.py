"""Turn semantic style names (`brief.title`, `figure.value`) into ReportLab paragraph styles.

All styles live in one default table, `DEFAULT_STYLES`, and colours in `DEFAULT_COLORS`; a
theme overrides entries by name. Sizes are in points at scale 1; a layout that must fit a page
asks for a smaller `scale` and gets every size, leading and space scaled together.

A theme has a direction (`with_direction`): right to left, a style aligned `left` (its start)
is set flush right and its indents change sides, and the built-in families give way to Amiri,
which draws Arabic and Latin. Each family role has a fallback chain (`fallbacks`): the faces
tried, in order, for characters its main face cannot draw.
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
RTL_FAMILIES: dict[str, str] = {"sans": "Amiri", "serif": "Amiri"}
"""The built-in families of a right-to-left brief."""

DEFAULT_STYLES: dict[str, Style] = {
    "brief.release": Style(
        family="sans", face="bold", size=8, leading=1.3, color="ink", upper=True, space_after=4
    ),
    "brief.embargo": Style(
        family="sans", face="bold", size=9.5, leading=1.3, color="accent", upper=True, space_after=4
    ),
    "brief.document": Style(family="sans", face="bold", size=9, leading=1.3, space_after=5),
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
    "press.ends": Style(family="sans", face="bold", size=9, leading=1.3, color="ink", upper=True),
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
    direction: str = "ltr"
    """`ltr` or `rtl`: the direction paragraphs run in, from the brief's language."""
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per family role, the families tried for a character its family cannot draw; a role
    not named here falls back on `fonts.FALLBACK`."""

    def with_direction(self, direction: str) -> Theme:
        """This theme for text running `direction` (`ltr` or `rtl`): right to left, the
        built-in families become Amiri (a template's own fonts stay)."""
        if direction != "rtl":
            return replace(self, direction="ltr")
        families = {
            role: RTL_FAMILIES.get(role, family) if DEFAULT_FAMILIES.get(role) == family else family
            for role, family in self.families.items()
        }
        return replace(self, direction="rtl", families=families)

    def chain(self, role: str) -> tuple[str, ...]:
        """The families that draw text of family `role`: its own, then its fallbacks."""
        family = self.families[role]
        return (family, *(f for f in self.fallbacks.get(role, fonts.FALLBACK) if f != family))

    def chains(self) -> tuple[tuple[str, ...], ...]:
        """`chain` of every family role: what the glyph check checks text against."""
        return tuple(self.chain(role) for role in self.families)

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
        rtl = self.direction == "rtl"
        if rtl:
            # ReportLab ends a justified paragraph flush left: right to left, text is ragged.
            aligns.update(left=TA_RIGHT, right=TA_LEFT, justify=TA_RIGHT)
        result = {}
        for name, style in self.styles.items():
            size = style.size * self.scale
            start, end = style.indent * self.scale, style.right_indent
            paragraph = ParagraphStyle(
                name,
                fontName=self.font(style.family, style.face),
                fontSize=size,
                leading=size * style.leading,
                textColor=self.color(style.color),
                spaceBefore=style.space_before * self.scale * self.spacing,
                spaceAfter=style.space_after * self.scale * self.spacing,
                alignment=aligns[style.align],
                textTransform="uppercase" if style.upper else None,
                leftIndent=end if rtl else start,
                rightIndent=start if rtl else end,
                bulletIndent=0,
                bulletFontName=self.font(style.family, style.face),
                bulletFontSize=size,
                allowWidows=0,
                allowOrphans=0,
            )
            fallback = self.chain(style.family)[1:]
            if rtl:
                paragraph.direction = "rtl"
            if fallback:
                paragraph.fallback = fallback
            result[name] = paragraph
        return result
