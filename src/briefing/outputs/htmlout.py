"""Turn a resolved brief (`model.Brief`) into one self-contained, accessible HTML file: semantic
markup (a `header` with the `h1`, an `h2` per block, `h3` per finding and addressee, quotes in
`blockquote`, demands in `ol`, key figures in a `dl`, charts as `figure`s holding an SVG image
and a data table, endnotes with back links), the brief's `lang` and `dir`, the template's
colours darkened where they would fall short of WCAG AA contrast and print CSS (`htmlstyle.py`).

Spec text is hostile: every piece of it is escaped, and the only links are those the spec's
inline markup makes to http, https and mailto addresses (`markup.is_allowed_url`). Images and
the logo are embedded as `data:` URIs (`htmlimages.py`), and a Content-Security-Policy forbids
the page to fetch anything at all. The same brief gives the same bytes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from html import escape

from ..design.i18n import Catalogue
from ..design.runts import unbind
from ..model.model import (
    Block,
    Brief,
    ChartData,
    ContactCard,
    DemandGroup,
    Ends,
    Event,
    Finding,
    ImageItem,
    KeyFigure,
    ListItems,
    Note,
    Part,
    QrTarget,
    QuoteItem,
    Span,
    Text,
)
from ..spec import markup
from .htmlcharts import chart_legend, chart_svg, chart_table
from .htmlimages import data_uri
from .htmlstyle import legible, stylesheet

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
"""The page may load nothing: its images are `data:` URIs, its style inline."""
LOGO_HEIGHT = 48
"""The logo's height in CSS pixels."""
_ID = re.compile(r"[^a-z0-9]+")


def to_html(brief: Brief, *, colors: dict[str, str], words: Catalogue) -> str:
    """The brief as an HTML document, in `colors` (the design's palette by name) made legible,
    saying what it says itself (link names, table headers) in `words`."""
    return _Writer(brief, legible(colors), words).document()


# The document -----------------------------------------------------------------------------------


class _Writer:
    """Writes one brief, numbering the citations of each note so that its back links resolve."""

    def __init__(self, brief: Brief, colors: dict[str, str], words: Catalogue) -> None:
        self.brief = brief
        self.colors = colors
        self.words = words
        self.listed = {p.number for b in brief.blocks for p in b.parts if isinstance(p, Note)}
        """The notes the brief lists: only these are linked to."""
        self.cited: dict[int, int] = {}
        """How many times each listed note has been cited so far."""

    def document(self) -> str:
        brief = self.brief
        body: list[str | Callable[[], str]] = [self.header()]
        seen: set[str] = set()
        for block in brief.blocks:
            body += self.block(block, seen)
        text = "".join(piece if isinstance(piece, str) else piece() for piece in body)
        lang, direction = escape(brief.language), brief.direction
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n'
            '<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(brief.title.headline)}</title>\n"
            f"<style>\n{stylesheet(self.colors, direction)}\n</style>\n</head>\n<body>\n"
            f"<main>\n{text}</main>\n</body>\n</html>\n"
        )

    def header(self) -> str:
        title = self.brief.title
        lines = [
            self.logo(),
            _p(title.addressed_to, "meta"),
            _p(title.embargo, "meta"),
            _p(
                " · ".join(p for p in (title.document, (title.release or "").upper()) if p),
                "document",
            ),
            _p(title.kicker, "kicker"),
            f"<h1>{escape(title.headline)}</h1>\n",
            _p(title.dek, "dek"),
            _p(title.translated_from, "translated"),
        ]
        return "<header>\n" + "".join(lines) + "</header>\n"

    def block(self, block: Block, seen: set[str]) -> list[str | Callable[[], str]]:
        name = _ID.sub("-", block.kind.lower()).strip("-") or "block"
        ident = f"block-{name}"
        while ident in seen:
            ident += "-"
        seen.add(ident)
        if block.heading:
            out: list[str | Callable[[], str]] = [
                f'<section aria-labelledby="{ident}">\n'
                f'<h2 id="{ident}">{escape(block.heading)}</h2>\n'
            ]
        else:
            out = [f'<section class="{ident}">\n']
        for run in _runs(block.parts):
            if isinstance(run[0], Note):
                notes = [p for p in run if isinstance(p, Note)]
                out.append(functools.partial(self.notes, notes))
            else:
                out.append(self.run(run))
        return [*out, "</section>\n"]

    def run(self, run: list[Part]) -> str:
        """Consecutive parts of one kind: key figures, events and contacts are listed together."""
        first = run[0]
        if isinstance(first, KeyFigure):
            items = "".join(self.figure(p) for p in run if isinstance(p, KeyFigure))
            return f'<dl class="figures">\n{items}</dl>\n'
        if isinstance(first, Event):
            items = "".join(
                f"<dt>{escape(p.date)}</dt><dd>{self.inline(p.text)}</dd>\n"
                for p in run
                if isinstance(p, Event)
            )
            return f'<dl class="timeline">\n{items}</dl>\n'
        if isinstance(first, QrTarget):
            items = "".join(self.qr(p) for p in run if isinstance(p, QrTarget))
            return f'<ul class="links">\n{items}</ul>\n' if items else ""
        return "".join(self.part(p) for p in run)

    def part(self, part: Part) -> str:
        if isinstance(part, Text):
            return f"<p>{self.inline(part)}</p>\n"
        if isinstance(part, Finding):
            paragraphs = "".join(f"<p>{self.inline(p)}</p>\n" for p in part.paragraphs)
            return f"<h3>{escape(part.heading)}</h3>\n{paragraphs}"
        if isinstance(part, ListItems):
            tag = "ol" if part.numbered else "ul"
            items = "".join(f"<li>{self.inline(item)}</li>\n" for item in part.items)
            return f"<{tag}>\n{items}</{tag}>\n"
        if isinstance(part, ChartData):
            return self.chart(part)
        if isinstance(part, QuoteItem):
            return self.quote(part)
        if isinstance(part, DemandGroup):
            items = "".join(
                f'<li value="{number}">{self.inline(text)}</li>\n' for number, text in part.items
            )
            return f"<h3>{escape(part.addressees)}</h3>\n<ol>\n{items}</ol>\n"
        if isinstance(part, ContactCard):
            return self.contact(part)
        if isinstance(part, ImageItem):
            return self.image(part)
        assert isinstance(part, Ends), part
        return f'<p class="ends">{escape(part.text)}</p>\n'

    def logo(self) -> str:
        """The logo, which the organisations' names beside it say in words (alt="")."""
        logo = self.brief.title.logo
        if logo is None:
            return ""
        width = max(1, round(LOGO_HEIGHT * logo.width / logo.height))
        return (
            f'<img class="logo" src="{data_uri(logo)}" alt="" width="{width}" '
            f'height="{LOGO_HEIGHT}">\n'
        )

    def image(self, part: ImageItem) -> str:
        lines = [p for p in (part.caption, part.credit) if p]
        caption = f"<figcaption>{escape(' — '.join(lines))}</figcaption>" if lines else ""
        if part.picture is None:
            shown = f'<p class="image">{escape(part.alt)}</p>'
        else:
            picture = part.picture
            shown = (
                f'<img src="{data_uri(picture)}" alt="{escape(part.alt)}" '
                f'width="{picture.width}" height="{picture.height}">'
            )
        return f"<figure>\n{shown}\n{caption}</figure>\n"

    def figure(self, part: KeyFigure) -> str:
        label = escape(part.label) + self.cite(part.notes)
        return f"<div><dt>{label}</dt><dd>{escape(part.shown)}</dd></div>\n"

    def chart(self, part: ChartData) -> str:
        svg = chart_svg(part, direction=self.brief.direction, colors=self.colors)
        headers = (self.words.say("html.item"), self.words.say("html.number"))
        source = self.chart_source(part.source, part.notes) if part.source else ""
        below = "<br>".join(line for line in (escape(part.caption or ""), source) if line)
        return (
            f'<figure class="chart-figure">\n<figcaption><span class="chart-title">'
            f"{escape(part.title)}</span>{below}</figcaption>\n{svg}\n"
            f"{chart_legend(part, colors=self.colors)}"
            f"{chart_table(part, headers=headers)}\n</figure>\n"
        )

    def quote(self, part: QuoteItem) -> str:
        context = _p(part.context, "context")
        said = " ".join(p for p in (part.attribution, part.translated) if p)
        return (
            f'<figure class="quote">\n{context}'
            f"<blockquote><p>{escape(part.text)}</p></blockquote>\n"
            f"<figcaption>{escape(said)}{self.cite(part.notes)}</figcaption>\n</figure>\n"
        )

    def contact(self, part: ContactCard) -> str:
        lines = [f"<strong>{escape(part.name)}</strong>"]
        lines += [escape(part.role)] if part.role else []
        if part.email:
            lines.append(_link(f"mailto:{part.email}", part.email))
        lines += [f'<span dir="ltr">{escape(part.phone)}</span>'] if part.phone else []
        return "<address>" + "<br>".join(lines) + "</address>\n"

    def qr(self, part: QrTarget) -> str:
        if not markup.is_allowed_url(part.url):
            return ""
        return f"<li>{_link(part.url, part.title)}</li>\n"

    def notes(self, notes: list[Note]) -> str:
        items = []
        for note in notes:
            url = ""
            if note.url and markup.is_allowed_url(note.url):
                url = " " + _link(note.url, note.url, attributes=' dir="ltr"')
            elif note.url:
                url = f' <span dir="ltr">{escape(note.url)}</span>'
            cited = self.cited.get(note.number, 0)
            back = "".join(
                f' <a href="#ref-{note.number}-{k}" class="back" aria-label="'
                f'{escape(self.back(k) if cited > 1 else self.words.say("html.back"))}">'
                f"↩{f'<sup>{k}</sup>' if cited > 1 else ''}</a>"
                for k in range(1, cited + 1)
            )
            items.append(
                f'<li id="note-{note.number}" value="{note.number}">'
                f"{escape(note.text)}{url}{back}</li>\n"
            )
        return '<ol class="notes">\n' + "".join(items) + "</ol>\n"

    def back(self, k: int) -> str:
        return self.words.say("html.back_numbered", number=k)

    def cite(self, notes: tuple[int, ...]) -> str:
        """The citation marks of `notes`: each a link to its note, with an id to come back to."""
        marks = []
        for number in notes:
            if number not in self.listed:
                marks.append(f"<sup>{number}</sup>")
                continue
            label = escape(self.words.say("html.note", number=number))
            marks.append(f"<sup>{self.note_link(number, str(number), label=label)}</sup>")
        return "".join(marks)

    def chart_source(self, source: str, notes: tuple[int, ...]) -> str:
        """A chart's source line, whose "(note 1)" becomes the link to its note: a mark after
        it would cite the note twice. A note the line does not name keeps its mark."""
        line, unnamed = escape(source), []
        for number in notes:
            named = escape(unbind(self.words.say("charts.note", number=number)))
            if number in self.listed and f"({named})" in line:
                line = line.replace(f"({named})", f"({self.note_link(number, named)})", 1)
            else:
                unnamed.append(number)
        return line + self.cite(tuple(unnamed))

    def note_link(self, number: int, shown: str, *, label: str = "") -> str:
        """A link to note `number` showing `shown` (escaped), with an id its back link uses."""
        k = self.cited[number] = self.cited.get(number, 0) + 1
        named = f' aria-label="{label}"' if label else ""
        return f'<a href="#note-{number}" id="ref-{number}-{k}"{named}>{shown}</a>'

    def inline(self, text: Text) -> str:
        return "".join(_span(span) for span in text.spans) + self.cite(text.notes)


def _runs(parts: tuple[Part, ...]) -> Iterator[list[Part]]:
    """`parts` in runs of consecutive parts of one type."""
    run: list[Part] = []
    for part in parts:
        if run and type(run[-1]) is not type(part):
            yield run
            run = []
        run.append(part)
    if run:
        yield run


def _p(text: str | None, name: str) -> str:
    return f'<p class="{name}">{escape(text)}</p>\n' if text else ""


def _link(url: str, label: str, *, attributes: str = "") -> str:
    return f'<a href="{escape(url)}"{attributes}>{escape(label)}</a>'


def _span(span: Span) -> str:
    body = escape(span.text)
    if span.href and span.text.strip() and markup.is_allowed_url(span.href):
        body = _link(span.href, span.text)
    if span.emphasis:
        body = f"<em>{body}</em>"
    if span.strong:
        body = f"<strong>{body}</strong>"
    return body
