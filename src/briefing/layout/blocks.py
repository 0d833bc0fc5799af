"""Turn the parts of a spec into Platypus flowables, one function per block (the masthead's
are in `masthead`).

Both layouts compose these blocks; they differ in where the blocks go and how wide they are,
not in how a figure or a demand looks. Every string from the spec passes through `markup`
before it reaches a `Paragraph`; every word briefing adds comes from the catalogue of the
spec's language (`words`), numbers in the template's digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, Spacer, Table

from ..design.direction import grid_table
from ..design.i18n import Catalogue, marks
from ..design.runts import bind
from ..design.theme import Theme
from ..spec import markup
from ..spec.records import Demand, Quote, Source
from ..spec.spec import Spec
from .pagination import Panel
from .paragraphs import Para, para

if TYPE_CHECKING:
    from ..spec.assets import ImageAsset


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


def picture(
    image: ImageAsset, theme: Theme, *, width: float, height: float, align: str = "LEFT"
) -> Flowable:
    """A bitmap or SVG image as a flowable of the given size."""
    from reportlab.platypus import Image

    if image.format != "SVG":
        return Image(str(image.path), width=width, height=height, hAlign=align)
    from reportlab.graphics.shapes import String

    from ..spec.assets import svg_drawing

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
            + ("\u00a0" + words.say_markup("translation.quote") if translated else "")
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
        addressees = bind(words.say(key, addressees=words.join(to)))
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
    return _panel_table(rows, theme, width=width, pad=pad)


def ask_panel(
    spec: Spec, theme: Theme, *, width: float, words: Catalogue, title: str, pad: float = 10
) -> Panel:
    """The demands on a tinted panel under the heading `title` (outside the panel), for pages
    that may split it: whole when it is short, otherwise between groups, each part with its
    bottom padding and the rest under "`title` (continued)"."""
    continued = bind(words.say("pages.continued", heading=title))
    return Panel(
        demands(spec, theme, words=words),
        partial(_panel_table, theme=theme, width=width, pad=pad),
        continued=partial(heading, continued, theme),
    )


def _panel_table(rows: list[list[Flowable]], theme: Theme, *, width: float, pad: float) -> Table:
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
    parts = [source.title, *(p for p in (source.publisher, source.date) if p)]
    plain = ". ".join(p.rstrip(".") for p in parts) + "."
    if source.url:
        link = markup.link(markup.plain(source.url), source.url, color=theme.hex("link"))
        note = f"{markup.plain(plain)} {link}"
    else:  # its last two words, not an address, end the note: no runt
        note = markup.plain(bind(plain))
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
    """A horizontal rule `width` long from the start of the line, with `space` above and
    `after` (default: the same) below."""
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(
        width=width,
        hAlign="RIGHT" if theme.direction == "rtl" else "LEFT",
        thickness=weight,
        color=theme.color(color),
        spaceBefore=theme.space(space),
        spaceAfter=theme.space(space if after is None else after),
    )


TEXT_MEASURE = 360.0
"""The measure of the multi-page brief, about 70 characters of 10.5 pt serif: running text,
panels, quotes, charts and rules all end on it."""
