"""Turn a spec's masthead into flowables and document settings: the embargo and release
lines, the document line (`Press release · Beirut, 25 April 2019`), the kicker, the logo, the
headline and its dek, and the PDF's properties.

The layouts place the title block at the top of the first page and use the issuer and the
document line in their running heads and footers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Spacer

from ..design.i18n import Catalogue
from ..design.issuing import document_line
from ..design.runts import unbind
from ..design.theme import Theme
from ..spec import markup
from ..spec.spec import Spec
from . import tagging
from .blocks import picture, text
from .logorow import BesideLogo, Measure
from .paragraphs import Para, para

if TYPE_CHECKING:
    from ..design.design import Design
    from ..spec.assets import ImageAsset


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


DEK_MEASURE = 70
"""Characters a line of the dek holds at most: wider, the eye loses the line."""
_SAMPLE = "Field teams counted the families who left their homes in the first week of the floods. "
"""Running prose, whose average character width sets the dek's measure."""
LOGO_MAX_SHARE = 1 / 3
"""Share of the masthead's width a very wide logo may take."""


def logo(image: ImageAsset, design: Design, *, width: float) -> tuple[Flowable, float, float]:
    """The logo at the template's height (narrower if it is very wide), with its size."""
    theme = design.theme
    height = design.logo_height * theme.scale
    room = width * LOGO_MAX_SHARE
    logo_width = height * image.width / image.height
    if logo_width > room:
        logo_width, height = room, room * image.height / image.width
    mark = picture(image, theme, width=logo_width, height=height, align="RIGHT")
    return mark, logo_width, height


def dek_measure(theme: Theme) -> float:
    """Width in points of `DEK_MEASURE` characters of the dek's type."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = theme["brief.dek"]
    average = stringWidth(_SAMPLE, style.fontName, style.fontSize) / len(_SAMPLE)
    return float(DEK_MEASURE * average)


def headline_to_dek(theme: Theme) -> float:
    """Space between the headline's box and the dek's, from their type sizes: the dek's first
    baseline sits 0.65 headline size plus one dek size under the headline's last baseline."""
    from reportlab.pdfbase.pdfmetrics import getAscent

    title, dek = theme["brief.title"], theme["brief.dek"]
    title_below = title.leading - getAscent(title.fontName, title.fontSize)
    dek_above = getAscent(dek.fontName, dek.fontSize)
    between = 0.65 * title.fontSize + dek.fontSize
    return float(max(0.0, between - title_below - dek_above - title.spaceAfter))


def _document_and_release(spec: Spec, theme: Theme, words: Catalogue) -> Para:
    """`Press release · Beirut, 25 April 2019 · FOR IMMEDIATE RELEASE`: the document line, and
    the release line in the release's capitals on the same line."""
    line = markup.plain(document_line(spec, words))
    if spec.release:
        release = markup.plain(spec.release.upper())
        size = theme["brief.release"].fontSize
        line += f' · <font size="{size:.2f}">{release}</font>'
    return para(line, theme["brief.document"])


def title_block(spec: Spec, design: Design, *, width: float) -> list[Flowable]:
    """Embargo and release lines, the document line and the kicker (beside the logo, if any),
    headline, dek, and on a translation the language it was translated from."""
    theme, words = design.theme, design.words
    rtl = theme.direction == "rtl"
    story: list[Flowable] = []
    if spec.addressed_to:
        story.append(text(spec.addressed_to, theme, "brief.release"))
    top: list[Flowable] = []
    if design.embargo:
        top.append(text(design.embargo, theme, "brief.embargo"))
    top.append(_document_and_release(spec, theme, words))
    top.append(kicker(spec, theme, words))
    headline = text(spec.title, theme, "brief.title")
    if design.logo is None:
        story += [*top, Spacer(0, theme.space(5)), headline]
    else:
        mark, mark_width, mark_height = logo(design.logo, design, width=width)
        size = (mark_width, mark_height)
        if design.logo_align == "headline":
            row = BesideLogo([headline], mark, align="headline", rtl=rtl, size=size)
            story += [*top, Spacer(0, theme.space(5)), row]
        else:
            row = BesideLogo(top, mark, align="kicker", rtl=rtl, size=size)
            story += [row, Spacer(0, theme.space(5)), headline]
    if spec.subtitle:
        dek = text(spec.subtitle, theme, "brief.dek")
        story += [
            Spacer(0, headline_to_dek(theme)),
            Measure(dek, measure=dek_measure(theme), rtl=rtl),
        ]
    if design.translated_from:
        story += [Spacer(0, theme.space(4)), text(design.translated_from, theme, "brief.meta")]
    return tagging.tag_block("masthead", story, spec=spec, words=words)


def metadata(spec: Spec, theme: Theme, words: Catalogue) -> dict[str, Any]:
    """Doc template settings from the spec: properties, language, determinism, and an initial
    font of our own so the standard, unembedded Helvetica never enters the PDF."""
    body = theme.styles["body"]
    return {
        "initialFontName": theme.font(body.family, body.face),
        "title": unbind(spec.title),
        "author": unbind(issuer(spec, words)),
        "subject": unbind(spec.subtitle or markup.to_plain(spec.summary)[:200]),
        "keywords": ", ".join(spec.keywords),
        "creator": "briefing",
        "producer": "briefing (ReportLab)",
        "lang": spec.language,
        "displayDocTitle": 1,
        "invariant": 1,
        # every stream is compressed once, when the tagged PDF is written (`serialise.py`)
        "pageCompression": 0,
    }
