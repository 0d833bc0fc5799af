"""Turn a spec and a design into a share card: a 1200 × 630 picture for social media with the
issuer line, the headline and the first key figure, in the template's fonts and colours.

The card is drawn as a one-page PDF of 1200 × 630 points with the same paragraphs the briefs
use (`paragraphs.para`: Arabic joined and ordered right to left, characters a font lacks set
in its fallback chain), then drawn at 72 dpi by `pictures`, so one point is one pixel. Drawing
it with Pillow instead would mean a second text engine, without the fallback chains, the
bidirectional ordering or the template's TrueType faces as the PDFs set them.

Every text fits its box: a headline shrinks to `HEADLINE_FLOOR`, then takes up to
`HEADLINE_LINES` lines, then is cut at a word with an ellipsis; the issuer line and the
figure's label likewise. Nothing is drawn inside the margins.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.pdfgen.canvas import Canvas

from ..design.runts import unbind
from ..design.typography import typeset_spec
from ..layout import bignumbers
from ..layout.masthead import kicker
from ..layout.paragraphs import Para, para
from ..spec import markup

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from ..design.design import Design
    from ..design.theme import Theme
    from ..spec.records import Figure
    from ..spec.validate import LoadedSpec

WIDTH, HEIGHT = 1200, 630
"""The card's size in pixels (and points): what Facebook, LinkedIn and X show in full."""
MARGIN = 72.0
"""Space left empty on every side: 6% of the width, 11% of the height."""
STRIPE = 18.0
"""The accent stripe down the card's start edge, inside the margin's space."""
GAP = 30.0
"""Space between the issuer line, the headline and the figure."""
HEADLINE_SIZES = (64.0, 40.0)
"""The headline's largest and smallest type, in points."""
HEADLINE_LINES = 4
ISSUER_SIZES = (22.0, 16.0)
ISSUER_LINES = 2
VALUE_SIZES = (84.0, 48.0)
VALUE_SHARE = 0.5
"""The most of the card's width the figure's number may take; its label has the rest."""
LABEL_SIZES = (26.0, 18.0)
LABEL_LINES = 3
DEK_SIZES = (30.0, 20.0)
RTL_LEADING = 1.3
"""The least line spacing, as a share of the type size, of right-to-left text: Amiri's marks
reach far above and below its letters (ascent and descent together are 1.76 of its size)."""
LOGO_HEIGHT = 56.0
ELLIPSIS = "\u2026"


@dataclass
class _Placed:
    """A paragraph wrapped to its width, with room for its font's tallest and deepest glyphs:
    `above` its first line's type and `below` its last line's leading."""

    paragraph: Para
    width: float
    lines: float
    """The paragraph's own height: its lines' leading."""
    above: float
    below: float

    @property
    def height(self) -> float:
        return self.lines + self.above + self.below

    def last_baseline(self) -> float:
        """How far above the bottom of the box its last baseline lies."""
        style = self.paragraph.style
        count = len(self.paragraph.blPara.lines)
        return float(self.below + self.lines - style.fontSize - (count - 1) * style.leading)


def share_card(loaded: LoadedSpec, design: Design) -> bytes:
    """The share card of a brief as PNG bytes, 1200 × 630 pixels."""
    from .pictures import page_images

    return page_images(card_pdf(loaded, design), dpi=72)[0]


def card_pdf(loaded: LoadedSpec, design: Design) -> bytes:
    """The share card as a one-page PDF of 1200 × 630 points, the source of its picture: the
    issuer line (and the template's logo) at the top, the first key figure at the bottom (the
    dek when there is none), the headline in between."""
    spec = typeset_spec(loaded).spec
    theme = design.theme
    rtl = theme.direction == "rtl"
    inner = WIDTH - 2 * MARGIN
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(WIDTH, HEIGHT),
        invariant=1,
        initialFontName=theme.font("sans"),
        lang=spec.language,
    )
    canvas.setTitle(unbind(spec.title))
    canvas.setFillColor(theme.color("accent"))
    canvas.rect(WIDTH - STRIPE if rtl else 0, 0, STRIPE, HEIGHT, stroke=0, fill=1)

    top, room, logo_height = HEIGHT - MARGIN, inner, 0.0
    if design.logo is not None:
        logo_width, logo_height = _draw_logo(canvas, design, top=top, room=inner)
        room -= logo_width + GAP
    line = kicker(spec, theme, design.words).text
    issuer = _fitted(line, theme["brief.kicker"], room, ISSUER_SIZES, ISSUER_LINES, HEIGHT)
    band = max(issuer.height, logo_height)
    _draw(
        canvas,
        issuer,
        x=WIDTH - MARGIN - room if rtl else MARGIN,
        top=top - (band - issuer.height) / 2,
    )
    top -= band + GAP

    bottom = MARGIN
    if spec.figures:
        bottom += _draw_figure(canvas, spec.figures[0], theme, inner=inner) + GAP
    elif spec.subtitle:
        dek = _fitted(
            markup.plain(spec.subtitle), theme["brief.dek"], inner, DEK_SIZES, 3, HEIGHT / 4
        )
        _draw(canvas, dek, x=MARGIN, top=MARGIN + dek.height)
        bottom += dek.height + GAP
    headline = _fitted(
        markup.plain(spec.title),
        theme["brief.title"],
        inner,
        HEADLINE_SIZES,
        HEADLINE_LINES,
        top - bottom,
    )
    if bottom == MARGIN:  # nothing below: the headline stands on the bottom margin
        top = bottom + headline.height
    _draw(canvas, headline, x=MARGIN, top=top)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_figure(canvas: Canvas, figure: Figure, theme: Theme, *, inner: float) -> float:
    """Draw the figure's number on the bottom margin and, beside it, its label, its last line
    on the number's baseline, with a rule above them; give back their height."""
    style = theme["figure.value"]
    font = style.fontName
    phrase = [(figure.qualifier, figure.value)]
    largest, floor = VALUE_SIZES
    share = inner * VALUE_SHARE
    size = max(bignumbers.fitted_size(phrase, font=font, size=largest, room=share), floor)
    size = bignumbers.value_size([figure.value], font=font, size=size, room=share)
    number_width = bignumbers.phrase_width(figure.qualifier, figure.value, font=font, size=size)
    number_style = style.clone("card.value", fontSize=size, leading=size * 1.1)
    markup_ = bignumbers.number_markup(figure.qualifier, figure.value, size=size)
    number = _wrapped(markup_, number_style, number_width)
    label_room = inner - number_width - GAP
    label_style = theme["figure.label"]
    label = _fitted(
        markup.plain(figure.label), label_style, label_room, LABEL_SIZES, LABEL_LINES, HEIGHT / 4
    )
    number_base, label_base = number.last_baseline(), label.last_baseline()
    baseline = MARGIN + max(number_base, label_base)
    height = max(baseline - number_base + number.height, baseline - label_base + label.height)
    height -= MARGIN
    rtl = theme.direction == "rtl"
    number_x = WIDTH - MARGIN - number_width if rtl else MARGIN
    label_x = MARGIN if rtl else MARGIN + number_width + GAP
    _draw(canvas, number, x=number_x, top=baseline - number_base + number.height)
    _draw(canvas, label, x=label_x, top=baseline - label_base + label.height)
    canvas.setStrokeColor(theme.color("rule"))
    canvas.setLineWidth(1.5)
    rule = MARGIN + height + GAP / 2
    canvas.line(MARGIN, rule, WIDTH - MARGIN, rule)
    return height


def _draw_logo(canvas: Canvas, design: Design, *, top: float, room: float) -> tuple[float, float]:
    """Draw the template's logo at the top end of the card; give back its width and height."""
    from ..layout.blocks import picture

    image = design.logo
    assert image is not None
    width = min(LOGO_HEIGHT * image.width / image.height, room / 4)
    height = width * image.height / image.width
    mark = picture(image, design.theme, width=width, height=height)
    mark.wrapOn(canvas, width, height)
    x = MARGIN if design.theme.direction == "rtl" else WIDTH - MARGIN - width
    mark.drawOn(canvas, x, top - height)
    return float(width), float(height)


def _fitted(
    text: str,
    style: ParagraphStyle,
    width: float,
    sizes: tuple[float, float],
    lines: int,
    room: float,
) -> _Placed:
    """`text` (paragraph markup) in `style` at the largest of `sizes` (down to the second) at
    which it takes at most `lines` lines and `room` points of height in `width`; failing that,
    at the smallest, cut after as many words as fit (or within the first word, if it alone
    does not fit), with an ellipsis."""
    largest, floor = sizes
    ratio = style.leading / style.fontSize
    if getattr(style, "direction", "ltr") == "rtl":
        ratio = max(ratio, RTL_LEADING)
    size = largest
    while True:
        sized = style.clone(f"card.{style.name}", fontSize=size, leading=size * ratio)
        placed = _wrapped(text, sized, width)
        if _fits(placed, lines, room):
            return placed
        if size <= floor:
            break
        size = max(floor, size - 2)
    words = text.split(" ")
    low, high = 0, len(words)
    while high - low > 1:
        middle = (low + high) // 2
        cut = _wrapped(_cut(words, middle), sized, width)
        low, high = (middle, high) if _fits(cut, lines, room) else (low, middle)
    if low == 0:  # not even the first word fits: it is cut too
        first = words[0]
        high = len(first)
        while high - low > 1:
            middle = (low + high) // 2
            cut = _wrapped(_cut([_prefix(first, middle)], 1), sized, width)
            low, high = (middle, high) if _fits(cut, lines, room) else (low, middle)
        return _wrapped(_cut([_prefix(first, low)], 1), sized, width)
    return _wrapped(_cut(words, low), sized, width)


def _prefix(word: str, count: int) -> str:
    """The first `count` characters of a word of markup, never ending inside an entity."""
    kept = word[:count]
    entity = kept.rfind("&")
    return kept[:entity] if entity > kept.rfind(";") else kept


def _cut(words: list[str], count: int) -> str:
    """The first `count` words with an ellipsis, punctuation before it dropped (markup is cut
    at a space: never in an entity)."""
    kept = " ".join(words[:count])
    while kept and (kept[-1].isspace() or unicodedata.category(kept[-1]).startswith("P")):
        kept = kept[:-1]
    return kept + ELLIPSIS


def _wrapped(text: str, style: ParagraphStyle, width: float) -> _Placed:
    """`text` wrapped to `width`, with room for the glyphs of its fonts (its own and its
    fallbacks') that reach above its type size or below its leading."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    paragraph = para(text, style)
    _, height = paragraph.wrap(width, HEIGHT)
    names = {style.fontName, *(getattr(f, "fontName", style.fontName) for f in paragraph.frags)}
    extents = [getAscentDescent(name, style.fontSize) for name in names]
    above = max(0.0, max(a for a, _ in extents) - style.fontSize)
    below = max(0.0, -min(d for _, d in extents) - (style.leading - style.fontSize))
    return _Placed(paragraph, width, height, above, below)


def _fits(placed: _Placed, lines: int, room: float) -> bool:
    """Whether a wrapped paragraph takes at most `lines` lines and `room` points of height, no
    line wider than its width."""
    wrapped: Any = placed.paragraph.blPara.lines
    spare = [line[0] if isinstance(line, tuple) else line.extraSpace for line in wrapped]
    return len(wrapped) <= lines and placed.height <= room and min(spare, default=0) > -0.01


def _draw(canvas: Canvas, placed: _Placed, *, x: float, top: float) -> None:
    placed.paragraph.drawOn(canvas, x, top - placed.above - placed.lines)
