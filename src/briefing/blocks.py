"""Turn the parts of a spec into Platypus flowables, one function per block.

Both layouts compose these blocks; they differ in where the blocks go and how wide they are,
not in how a figure or a demand looks. Every string from the spec passes through `markup`
before it reaches a `Paragraph`; every word briefing adds comes from the catalogue of the
spec's language (`words`), numbers in the template's digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from . import bidi, markup
from .i18n import Catalogue
from .paragraphs import Para, para
from .spec import Demand, Quote, Source, Spec
from .theme import Theme
from .typography import marks

if TYPE_CHECKING:
    from .assets import ImageAsset
    from .design import Design


def source_anchor(number: int) -> str:
    return f"source-{number}"


def cite(spec: Spec, ids: Iterable[str | None], theme: Theme, *, words: Catalogue) -> str:
    """Superscript endnote numbers, each a link to its note; empty when nothing is cited."""
    numbers = sorted({spec.source_number(i) for i in ids if i})
    if not numbers:
        return ""
    links = ",".join(
        f'<a href="#{source_anchor(n)}" color="{theme.hex("accent")}">{words.number(n)}</a>'
        for n in numbers
    )
    return f"<super>{links}</super>"


def text(value: str, theme: Theme, style: str) -> Para:
    """A paragraph of plain spec text, printed as typed."""
    return para(markup.plain(value), theme[style])


def rich(value: str, theme: Theme, style: str, *, suffix: str = "") -> list[Para]:
    """Paragraphs of spec text with inline markup; `suffix` (trusted markup) ends the last."""
    parts = [markup.to_paragraph(p, link_color=theme.hex("link")) for p in markup.paragraphs(value)]
    parts[-1] += suffix
    return [para(p, theme[style]) for p in parts]


def heading(label: str, theme: Theme, *, style: str = "section.heading") -> Para:
    """A section heading that never ends a column on its own."""
    paragraph = para(markup.plain(label), theme[style])
    paragraph.keepWithNext = True
    return paragraph


def grid_table(
    rows: list[list[Any]],
    widths: list[float],
    theme: Theme,
    commands: list[tuple[Any, ...]],
    *,
    split_in_row: bool = True,
    space_before: float = 0,
) -> Table:
    """A layout table aligned at the start of the line (the left, or the right in a
    right-to-left brief, where its columns, paddings and rules are mirrored), whose cells
    default to the body font, not Helvetica.

    With `split_in_row` a row taller than the space left may break across pages; without it,
    rows are kept whole."""
    body = theme.styles["body"]
    rtl = theme.direction == "rtl"
    if rtl:
        rows = [list(reversed(row)) for row in rows]
        widths = list(reversed(widths))
        commands = [_mirrored(command, len(widths)) for command in commands]
    table = Table(
        rows,
        colWidths=widths,
        hAlign="RIGHT" if rtl else "LEFT",
        splitInRow=int(split_in_row),
        spaceBefore=space_before,
    )
    table.setStyle(
        TableStyle(
            [("FONT", (0, 0), (-1, -1), theme.font(body.family, body.face), theme.size("body"))]
            + commands
        )
    )
    return table


def draw_ends(
    canvas: Any, *, y: float, left: float, right: float, start: str, end: str, theme: Theme
) -> None:
    """Draw `start` at the start of the line from `left` to `right` and `end` at its end (the
    left and right ends, or the other way round in a right-to-left brief), each in drawing
    order: for running heads and footers, which are drawn straight on the page."""
    rtl = theme.direction == "rtl"
    ends = [(right, start, canvas.drawRightString), (left, end, canvas.drawString)]
    for x, text, draw in ends if rtl else [(left, start, ends[1][2]), (right, end, ends[0][2])]:
        draw(x, y, bidi.visual(text, base="rtl" if rtl else "ltr"))


_MIRRORED_COMMANDS = {
    "LEFTPADDING": "RIGHTPADDING",
    "RIGHTPADDING": "LEFTPADDING",
    "LINEBEFORE": "LINEAFTER",
    "LINEAFTER": "LINEBEFORE",
}


def _mirrored(command: tuple[Any, ...], columns: int) -> tuple[Any, ...]:
    """A table style command for the same table with its columns in reverse order."""
    name, (c0, r0), (c1, r1), *rest = command

    def column(c: int) -> int:
        return columns - 1 - c if c >= 0 else -1 - c

    return (_MIRRORED_COMMANDS.get(name, name), (column(c1), r0), (column(c0), r1), *rest)


def fit_line(text: str, font: str, size: float, room: float) -> str:
    """`text`, or as many of its first words as fit `room` points with an ellipsis (as many of
    its first characters, when its first word alone is too wide): for lines drawn straight
    on the page, such as running headers and footers, which cannot wrap."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = bidi.reshape(text)
    if stringWidth(text, font, size) <= room:
        return text
    words = text.split()

    def longest(parts: list[str], joiner: str) -> str:
        low, high = 0, len(parts)  # the longest prefix that fits, found by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if stringWidth(joiner.join(parts[:middle]) + "\u2026", font, size) <= room:
                low = middle
            else:
                high = middle - 1
        return joiner.join(parts[:low])

    return (longest(words, " ") or longest(list(text), "")) + "\u2026"


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


def picture(
    image: ImageAsset, theme: Theme, *, width: float, height: float, align: str = "LEFT"
) -> Flowable:
    """A bitmap or SVG image as a flowable of the given size."""
    from reportlab.platypus import Image

    if image.format != "SVG":
        return Image(str(image.path), width=width, height=height, hAlign=align)
    from reportlab.graphics.shapes import String

    from .assets import svg_drawing

    assert image.root is not None
    drawing = svg_drawing(image.path, root=image.root)
    drawing.initialFontName = theme.font("sans")
    for node in _walk(drawing):
        if isinstance(node, String):  # SVG text in the brief's own, embedded font
            bold = "bold" in str(getattr(node, "fontName", "")).lower()
            node.fontName = theme.font("sans", "bold" if bold else "regular")
    drawing.scale(width / drawing.width, height / drawing.height)
    drawing.width, drawing.height = width, height
    drawing.hAlign = align
    return drawing


def _walk(group: Any) -> Iterator[Any]:
    for node in getattr(group, "contents", []):
        yield node
        yield from _walk(node)


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


def figures_stack(spec: Spec, theme: Theme, *, words: Catalogue) -> list[Flowable]:
    """The key figures one under another, for a narrow column."""
    story: list[Flowable] = []
    for figure in spec.figures:
        if figure.qualifier:
            story.append(text(figure.qualifier, theme, "figure.qualifier"))
        story.append(text(figure.value, theme, "figure.value"))
        story.append(
            para(
                markup.plain(figure.label) + cite(spec, [figure.source], theme, words=words),
                theme["figure.label"],
            )
        )
        story.append(Spacer(0, theme.space(8)))
    return story


def bullet_list(
    items: list[str],
    theme: Theme,
    *,
    words: Catalogue,
    numbered: bool = False,
    style: str = "list.text",
    start: int = 1,
) -> list[Flowable]:
    """Items with inline markup, each with a bullet or its number hanging in the margin."""
    return [
        para(
            markup.to_paragraph(item, link_color=theme.hex("link")),
            theme[style],
            bulletText=f"{words.number(n)}." if numbered else "\u2022",
        )
        for n, item in enumerate(items, start=start)
    ]


def figures_band(spec: Spec, theme: Theme, *, width: float, words: Catalogue) -> list[Flowable]:
    """The key figures side by side: qualifier, large value, label with its citation."""
    if not spec.figures:
        return []
    cells = []
    pad = 8 * theme.scale
    value_style = _fitted_value_style(spec, theme, room=width / len(spec.figures) - 2 * pad)
    for figure in spec.figures:
        qualifier = markup.plain(figure.qualifier) if figure.qualifier else "&nbsp;"
        cells.append(
            [
                para(qualifier, theme["figure.qualifier"]),
                para(markup.plain(figure.value), value_style),
                Spacer(0, 3 * theme.scale),
                para(
                    markup.plain(figure.label) + cite(spec, [figure.source], theme, words=words),
                    theme["figure.label"],
                ),
            ]
        )
    count = len(cells)
    return [
        grid_table(
            [cells],
            [width / count] * count,
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), theme.space(8)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.space(9)),
                ("LINEABOVE", (0, 0), (-1, 0), 1.5, theme.color("ink")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, theme.color("rule")),
                ("LINEBEFORE", (1, 0), (-1, 0), 0.5, theme.color("rule")),
            ],
        )
    ]


def _fitted_value_style(spec: Spec, theme: Theme, *, room: float) -> Any:
    """The figure value style, shrunk so that the widest value fits its cell on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = theme["figure.value"]
    widest = max(stringWidth(f.value, style.fontName, style.fontSize) for f in spec.figures)
    if widest <= room:
        return style
    size = style.fontSize * room / widest
    return style.clone(f"{style.name}.fitted", fontSize=size, leading=size * 1.05)


def quote_text(quote: Quote, language: str) -> str:
    """The quote's words between the quotation marks of `language`."""
    m = marks(language)
    return f"{m.open}{m.space}{markup.plain(quote.text)}{m.space}{m.close}"


def attribution(quote: Quote, words: Catalogue) -> str:
    """`— Speaker, role` (markup)."""
    speaker = markup.plain(quote.speaker)
    if quote.role:
        role = markup.plain(quote.role)
        return words.say_markup("quotes.attribution_with_role", speaker=speaker, role=role)
    return words.say_markup("quotes.attribution", speaker=speaker)


def quote_block(
    spec: Spec,
    quote: Quote,
    theme: Theme,
    *,
    width: float,
    words: Catalogue,
    style: str = "quote.text",
    translated: bool = False,
) -> list[Flowable]:
    """A quote set off by an accent rule, with its context and attribution, which says so when
    the words are a translation of what was said."""
    inner: list[Flowable] = []
    if quote.context:
        context = words.say_markup("quotes.context", context=markup.plain(quote.context))
        inner.append(para(context, theme["quote.context"]))
    inner.append(para(quote_text(quote, spec.language), theme[style]))
    inner.append(
        para(
            attribution(quote, words)
            + (" " + words.say_markup("translation.quote") if translated else "")
            + cite(spec, [quote.source], theme, words=words),
            theme["quote.attribution"],
        )
    )
    return [
        grid_table(
            [[inner]],
            [width],
            theme,
            space_before=theme.space(8),
            commands=[
                ("LINEBEFORE", (0, 0), (0, 0), 2.5, theme.color("accent")),
                ("LEFTPADDING", (0, 0), (0, 0), 10),
                ("RIGHTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (0, 0), 1),
                ("BOTTOMPADDING", (0, 0), (0, 0), 0),
            ],
        )
    ]


def demand_groups(demands: list[Demand]) -> list[tuple[list[str], list[tuple[int, Demand]]]]:
    """Demands grouped by addressees in order of first appearance, numbered 1..n overall."""
    groups: dict[tuple[str, ...], list[tuple[int, Demand]]] = {}
    for number, demand in enumerate(demands, start=1):
        groups.setdefault(tuple(demand.to), []).append((number, demand))
    return [(list(to), items) for to, items in groups.items()]


def demands(spec: Spec, theme: Theme, *, words: Catalogue) -> list[list[Flowable]]:
    """Per group of addressees: a heading, then its demands numbered 1..n across groups."""
    groups: list[list[Flowable]] = []
    style = theme["demand.text"]
    for to, items in demand_groups(spec.demands):
        key = "demands.to_one" if len(to) == 1 else "demands.to_many"
        addressees = words.say(key, addressees=words.join(to))
        group: list[Flowable] = [heading(addressees, theme, style="demand.addressee")]
        for number, demand in items:
            body = markup.to_paragraph(demand.text, link_color=theme.hex("link"))
            group.append(para(body, style, bulletText=f"{words.number(number)}."))
        groups.append(group)
    return groups


def ask_box(
    spec: Spec,
    theme: Theme,
    *,
    width: float,
    words: Catalogue,
    title: str | None = None,
    pad: float = 10,
) -> Table:
    """The demands on a tinted panel, one row per addressee group so the panel can split
    between groups but never inside one."""
    rows: list[list[Flowable]] = demands(spec, theme, words=words)
    if title:
        rows[0] = [heading(title, theme)] + rows[0]
    pad *= theme.scale
    return grid_table(
        [[row] for row in rows],
        [width],
        theme,
        [
            ("BACKGROUND", (0, 0), (-1, -1), theme.color("tint")),
            ("LINEABOVE", (0, 0), (-1, 0), 2.5, theme.color("accent")),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, -1), theme.space(5)),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
        ],
        split_in_row=False,
    )


def source_note(source: Source, number: int, theme: Theme, *, words: Catalogue) -> str:
    """Endnote markup: anchor, number, title, publisher, date and a link."""
    parts = [markup.plain(source.title)]
    parts += [markup.plain(p) for p in (source.publisher, source.date) if p]
    note = ". ".join(p.rstrip(".") for p in parts) + "."
    if source.url:
        note += " " + markup.link(markup.plain(source.url), source.url, color=theme.hex("link"))
    return f'<a name="{source_anchor(number)}"/>{words.number(number)}. {note}'


def sources(
    spec: Spec, theme: Theme, *, words: Catalogue, style: str = "source.text"
) -> list[Flowable]:
    return [
        para(source_note(s, n, theme, words=words), theme[style])
        for n, s in enumerate(spec.sources, start=1)
    ]


def contacts(spec: Spec, theme: Theme) -> list[Flowable]:
    """One paragraph per contact: name, role, email (a mailto link), phone."""
    story: list[Flowable] = []
    for contact in spec.contacts:
        parts = [f"<b>{markup.plain(contact.name)}</b>"]
        if contact.role:
            parts.append(markup.plain(contact.role))
        if contact.email:
            parts.append(
                markup.link(
                    markup.plain(contact.email), "mailto:" + contact.email, color=theme.hex("link")
                )
            )
        if contact.phone:
            parts.append(markup.plain(contact.phone))
        story.append(para("<br/>".join(parts), theme["contact.text"]))
        story.append(Spacer(0, theme.space(4)))
    return story


def rule(
    theme: Theme,
    *,
    width: float,
    weight: float = 0.5,
    color: str = "rule",
    space: float = 6,
    after: float | None = None,
) -> Flowable:
    """A horizontal rule with `space` above and `after` (default: the same) below."""
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(
        width=width,
        thickness=weight,
        color=theme.color(color),
        spaceBefore=theme.space(space),
        spaceAfter=theme.space(space if after is None else after),
    )


TEXT_MEASURE = 360.0
"""Width of running text in the multi-page brief: about 70 characters of 10.5 pt serif."""


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
