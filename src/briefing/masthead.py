"""Turn a spec's masthead into flowables and document settings: the kicker, the title block
with its logo, the issue line, and the PDF's properties.

The layouts place the title block at the top of the first page and use the issuer and the
issue line in their running heads and footers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Spacer

from . import markup
from .blocks import picture, text
from .direction import grid_table
from .i18n import Catalogue
from .paragraphs import Para
from .spec import Spec
from .theme import Theme

if TYPE_CHECKING:
    from .assets import ImageAsset
    from .design import Design


def issuer(spec: Spec, words: Catalogue) -> str:
    """Who issues the brief: its publisher, else the organisations whose findings it reports."""
    return spec.publisher or words.join(spec.organisations)


def kicker(spec: Spec, theme: Theme, words: Catalogue) -> Para:
    """The line above the headline: who publishes the brief, and, when that is not the
    organisations whose findings it reports, whose findings they are."""
    if spec.publisher:
        organisations = words.join(spec.organisations)
        line = words.say(
            "masthead.findings_by", publisher=spec.publisher, organisations=organisations
        )
        return text(line, theme, "brief.kicker")
    return text(" · ".join(spec.organisations), theme, "brief.kicker")


def issued_line(spec: Spec, words: Catalogue) -> str:
    """`Beirut, 25 April 2019` as the spec's language writes it, or as much of it as the spec
    gives."""
    when = words.date(spec.date) if spec.date else ""
    if spec.dateline and when:
        return words.say("masthead.place_and_date", place=spec.dateline, date=when)
    return spec.dateline or when


LOGO_HEIGHT = 30.0
LOGO_MAX_WIDTH = 130.0


def logo(image: ImageAsset, theme: Theme) -> Flowable:
    """The logo, scaled to `LOGO_HEIGHT` (or narrower if it is very wide)."""
    height = LOGO_HEIGHT * theme.scale
    width = height * image.width / image.height
    if width > LOGO_MAX_WIDTH * theme.scale:
        width = LOGO_MAX_WIDTH * theme.scale
        height = width * image.height / image.width
    return picture(image, theme, width=width, height=height, align="RIGHT")


def title_block(spec: Spec, design: Design, *, width: float) -> list[Flowable]:
    """Release line, kicker (beside the logo, if any), headline, dek, issue line, and on a
    translation the language it was translated from."""
    theme, words = design.theme, design.words
    top: Flowable = kicker(spec, theme, words)
    if design.logo is not None:
        mark = logo(design.logo, theme)
        mark_width = float(mark.drawWidth if hasattr(mark, "drawWidth") else mark.width)
        top = grid_table(
            [[top, mark]],
            [width - mark_width, mark_width],
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                *[
                    (side, (0, 0), (-1, -1), 0)
                    for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
                ],
            ],
        )
    story: list[Flowable] = []
    if spec.addressed_to:
        story.append(text(spec.addressed_to, theme, "brief.release"))
    issued = issued_line(spec, words)
    if spec.release:
        release = spec.release
        if issued:
            release = words.say("masthead.release_and_date", release=release, date=issued)
        story.append(text(release, theme, "brief.release"))
    story += [top, Spacer(0, theme.space(5)), text(spec.title, theme, "brief.title")]
    if spec.subtitle:
        story.append(text(spec.subtitle, theme, "brief.dek"))
    if issued and not spec.release:
        story += [Spacer(0, theme.space(4)), text(issued, theme, "brief.meta")]
    if design.translated_from:
        space = [] if issued and not spec.release else [Spacer(0, theme.space(4))]
        story += [*space, text(design.translated_from, theme, "brief.meta")]
    return story


def metadata(spec: Spec, theme: Theme, words: Catalogue) -> dict[str, Any]:
    """Doc template settings from the spec: properties, language, determinism, and an initial
    font of our own so the standard, unembedded Helvetica never enters the PDF."""
    body = theme.styles["body"]
    return {
        "initialFontName": theme.font(body.family, body.face),
        "title": spec.title,
        "author": issuer(spec, words),
        "subject": spec.subtitle or markup.to_plain(spec.summary)[:200],
        "keywords": ", ".join(spec.keywords),
        "creator": "briefing",
        "producer": "briefing (ReportLab)",
        "lang": spec.language,
        "displayDocTitle": 1,
        "invariant": 1,
    }
