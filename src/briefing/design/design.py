"""Turn a merged template, an audience and a spec into the `Design` a layout draws with.

The design says everything about how the brief looks and what it shows: the theme (styles,
colours, fonts), the paper, the margin, the side column, the logo, the arrangement of blocks
for the chosen audience, or for the general brief when there is none, and the words briefing
prints itself, in the spec's language (`i18n.py`). A block's heading is, from the weakest: the
catalogue's, the template's general `titles:`, the catalogue's for the audience, the template's
for the audience.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from ..errors import Location, Problem, SpecError
from ..spec.assets import ImageAsset
from ..spec.spec import Spec
from ..spec.validate import LoadedSpec
from .glyphs import check_template_logo
from .i18n import Catalogue, text_direction, translated_from, warn_if_unknown, words
from .issuing import document_type, draft_stamp, embargo_line, with_document_type
from .template import (
    Arrangement,
    LoadedTemplate,
    LogoAlign,
    OnePageArrangement,
    StyleTokens,
    merge,
)
from .templatecheck import template_logo
from .theme import DEFAULT_COLORS, DEFAULT_FAMILIES, DEFAULT_STYLES, Style, Theme

MM = 72 / 25.4
PAPER: dict[str, tuple[float, float]] = {
    "A4": (595.2755905511812, 841.8897637795277),
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "A5": (419.52755905511816, 595.2755905511812),
}
"""Paper sizes in points, by the name a spec or template gives (`spec.PageSize`)."""
LOGO_HEIGHT = 30.0


@dataclass(frozen=True)
class Design:
    """How one brief looks and which blocks it shows."""

    template: str
    audience: str | None
    theme: Theme
    page_size: tuple[float, float]
    margin: float
    side_share: float
    one_page: OnePageArrangement
    multi_page: list[str]
    titles: dict[str, str]
    """The headings the template gives blocks (`titles:`), for this audience."""
    headings: dict[str, str]
    """Every block's heading as printed: the catalogue's, unless the template gives one."""
    words: Catalogue
    """The words briefing prints itself, in the spec's language and the template's digits."""
    logo: ImageAsset | None
    document: str = ""
    """The document type (`Press release`), in the brief's language or the template's words."""
    logo_height: float = LOGO_HEIGHT
    """Height of the logo in points, at full type size."""
    logo_align: LogoAlign = "kicker"
    embargo: str | None = None
    """`Embargoed until ...`, printed at the top, when the spec has an embargo."""
    draft: str | None = None
    """`Draft built ...` on a `--draft` build: every page is marked as a draft."""
    translated_from: str | None = None
    """"Translated from English" on a translation (a spec with `translates:`), in its language."""
    translated_quotes: frozenset[int] = frozenset()
    """Quotes (their indexes) that a translation words differently from the original: marked
    as translations on the page, since the words are not the speaker's."""
    chart_scale: float = 1.0
    """How much charts are shrunk to fit a page (1 = full size)."""
    kept_languages: dict[str, str] = dataclasses.field(default_factory=dict)
    """The language of each part a translation keeps in its original's words, by key path
    (`quotes[2]` → `en-GB`), so that a reader (and its `/Lang`) says it in that language."""

    def title(self, block: str) -> str:
        return self.headings.get(block, block.replace("_", " ").capitalize())


def arrangement_for(loaded: LoadedTemplate, audience: str | None) -> Arrangement:
    """The general arrangement, with the audience's laid over it."""
    template = loaded.template
    base = template.layout or Arrangement()
    if audience is None:
        return base
    if audience not in template.audiences:
        known = ", ".join(template.audiences) or "none"
        raise SpecError(
            [
                Problem(
                    Location(str(loaded.files[-1]), 1, 1),
                    "audiences",
                    f"template {loaded.name!r} has no audience {audience!r}; "
                    f"its audiences: {known}",
                )
            ]
        )
    return merge(base, template.audiences[audience])  # type: ignore[no-any-return]


def _styles(*layers: dict[str, StyleTokens]) -> dict[str, Style]:
    styles = dict(DEFAULT_STYLES)
    for layer in layers:
        for name, tokens in layer.items():
            changes = {
                f.name: getattr(tokens, f.name)
                for f in dataclasses.fields(tokens)
                if getattr(tokens, f.name) is not None
            }
            styles[name] = dataclasses.replace(styles[name], **changes)
    return styles


def template_families(loaded: LoadedTemplate) -> dict[str, str]:
    from . import fonts

    families = dict(DEFAULT_FAMILIES)
    for role, files in loaded.template.fonts.items():
        import hashlib  # a template's own fonts only: most checks import nothing of it

        paths = {
            "regular": files.regular,
            "bold": files.bold,
            "italic": files.italic,
            "boldItalic": files.bold_italic,
        }
        digest = hashlib.sha256("\n".join(paths.values()).encode()).hexdigest()[:8]
        families[role] = fonts.register_files(f"T{digest}-{role}", paths)
    return families


REPORTED = ("demands", "methodology")
"""Blocks whose built-in heading is in the first person ("What we ask"): when the brief
reports someone else's findings (a spec with a `publisher`), the catalogue's
`reported_headings` name them ("What Amnesty International and Airwars ask")."""


def headings_for(
    loaded: LoadedTemplate, audience: str | None, spec: Spec, catalogue: Catalogue
) -> dict[str, str]:
    """Every block's heading: the catalogue's general one, the template's general `titles:`,
    the catalogue's for `audience`, the template's for `audience`, each over the one before."""
    template = loaded.template
    general = dict((template.layout or Arrangement()).titles)
    own = dict(template.audiences[audience].titles) if audience in template.audiences else {}
    defaults = {
        key.rsplit(".", 1)[1]: value
        for key, value in catalogue.entries.items()
        if key.startswith("headings.")
    }
    if spec.publisher:
        count = "one" if len(spec.organisations) == 1 else "many"
        names = catalogue.join(spec.organisations)
        for block in REPORTED:
            key = f"reported_headings.{block}.{count}"
            defaults[block] = catalogue.say(key, organisations=names)
    prefix = f"audience_headings.{audience}."
    for_audience = {
        key.removeprefix(prefix): value
        for key, value in catalogue.entries.items()
        if key.startswith(prefix)
    }
    return {
        str(block): title
        for layer in (defaults, general, for_audience, own)
        for block, title in layer.items()
    }


def _translated_quotes(spec: LoadedSpec, audience: str | None) -> frozenset[int]:
    if spec.original is None:
        return frozenset()
    theirs = {q.text for q in spec.original.spec.for_audience(audience).quotes}
    return frozenset(i for i, q in enumerate(spec.spec.quotes) if q.text not in theirs)


def _kept_languages(spec: LoadedSpec, audience: str | None) -> dict[str, str]:
    if spec.original is None or spec.original.spec.language == spec.spec.language:
        return {}
    theirs = {q.text for q in spec.original.spec.for_audience(audience).quotes}
    kept = [i for i, q in enumerate(spec.spec.for_audience(audience).quotes) if q.text in theirs]
    return {f"quotes[{i}]": spec.original.spec.language for i in kept}


def _script_fonts(theme: Theme, catalogue: Catalogue) -> Theme:
    """For a right-to-left brief: `theme` with Amiri for each role whose font cannot draw the
    words briefing prints in the brief's language when Amiri can (a template's Latin fonts in
    an Arabic brief), so that it keeps the template's colours and layout in a font that reads.
    A left-to-right brief keeps its template's fonts, and the glyph check says what they lack."""
    from .fonts import FALLBACK
    from .glyphs import drawable

    needed = {ord(c) for c in catalogue.printed() if not c.isspace()}
    script = FALLBACK[0]
    if not needed <= drawable(((script,),)):
        return theme
    swapped = {
        role: family if needed <= drawable(((family,),)) else script
        for role, family in theme.families.items()
    }
    return dataclasses.replace(theme, families=swapped) if swapped != theme.families else theme


def design_for(
    spec: LoadedSpec,
    template: LoadedTemplate,
    audience: str | None,
    *,
    draft: bool = False,
    now: datetime.datetime | None = None,
) -> Design:
    """Everything a layout needs to draw `spec` for `audience` with `template`; with `draft`,
    marked as a draft built `now` (default: this moment)."""
    arrangement = arrangement_for(template, audience)
    tokens = template.template
    theme = Theme(
        styles=_styles(tokens.styles, arrangement.styles),
        colors={**DEFAULT_COLORS, **tokens.colors},
        families=template_families(template),
        fallbacks={str(role): tuple(names) for role, names in tokens.fallback.items()},
    ).with_direction(text_direction(spec.spec.language or "en"))
    paper = spec.spec.page_size or tokens.page_size or "A4"
    logo = spec.images.get("logo")
    if logo is None and tokens.logo:
        logo = template_logo(template)
        check_template_logo(logo, template, tuple(theme.families.values()))
    one_page = arrangement.one_page or OnePageArrangement()
    warn_if_unknown(spec.spec.language, spec.where("language"))
    catalogue = words(spec.spec.language).with_digits(tokens.digits or "latin")
    document = document_type(catalogue, template, audience)
    catalogue = with_document_type(catalogue, document)
    if text_direction(spec.spec.language or "en") == "rtl":
        theme = _script_fonts(theme, catalogue)
    original = spec.original.spec.language if spec.original is not None else None
    return Design(
        template=template.name,
        audience=audience,
        theme=theme,
        page_size=PAPER[paper],
        margin=(tokens.margin or 15) * MM,
        side_share=tokens.side_column or 0.35,
        one_page=OnePageArrangement(
            top=one_page.top or [],
            main=one_page.main or [],
            side=one_page.side or [],
            bottom=one_page.bottom or [],
        ),
        multi_page=list(arrangement.multi_page or []),
        titles={str(block): title for block, title in arrangement.titles.items()},
        headings=headings_for(template, audience, spec.spec, catalogue),
        words=catalogue,
        logo=logo,
        document=document,
        logo_height=tokens.logo_height or LOGO_HEIGHT,
        logo_align=tokens.logo_align or "kicker",
        embargo=embargo_line(spec.spec, catalogue, spec.where("embargo")),
        draft=draft_stamp(catalogue, now or datetime.datetime.now(datetime.UTC)) if draft else None,
        translated_from=translated_from(original, spec.spec.language) if original else None,
        translated_quotes=_translated_quotes(spec, audience),
        kept_languages=_kept_languages(spec, audience),
    )
