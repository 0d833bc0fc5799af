"""Turn a spec as one audience reads it, and its design, into the resolved `Brief` (`model.py`):
the title block, then the blocks in the order of the design's multi-page arrangement, with their
headings as printed, their text typeset without the no-break spaces of a PDF column, and the
numbers and alt text of their charts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..design.i18n import Catalogue, text_direction
from ..design.issuing import document_line
from ..design.runts import unbind
from ..spec import markup
from ..spec.records import Chart
from ..spec.spec import Spec
from .chartnumbers import short_title
from .model import (
    Block,
    Brief,
    ChartData,
    ChartKind,
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
    TitleBlock,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..design.design import Design
    from ..spec.assets import ImageAsset
    from ..spec.validate import LoadedSpec


UNHEADED = frozenset({"quote", "ends"})
LISTS = {"talking_points": False, "targets": False, "actions": False, "notes_to_editors": True}
"""List blocks, and whether each is numbered."""


def resolve(loaded: LoadedSpec, design: Design) -> Brief:
    """The brief `loaded` (the spec as the design's audience reads it, recipient applied) gives
    with `design`."""
    from ..design.typography import typeset_spec

    spec = typeset_spec(loaded).spec
    words = design.words
    maker = _Maker(spec, design, loaded.images)
    blocks = []
    for kind in design.multi_page:
        parts = maker.parts(kind)
        if parts:
            heading = None if kind in UNHEADED else unbind(design.title(kind))
            blocks.append(Block(kind, heading, tuple(parts)))
    title = TitleBlock(
        headline=unbind(spec.title),
        document=unbind(document_line(spec, words)),
        kicker=unbind(kicker_line(spec, words)),
        addressed_to=_plain(spec.addressed_to),
        embargo=_plain(design.embargo),
        release=_plain(spec.release),
        dek=_plain(spec.subtitle),
        translated_from=_plain(design.translated_from),
        logo=design.logo,
    )
    return Brief(
        language=spec.language,
        direction=text_direction(spec.language),
        audience=design.audience,
        title=title,
        blocks=tuple(blocks),
    )


def kicker_line(spec: Spec, words: Catalogue) -> str:
    """The line above the headline: who publishes the brief and, when that is not the
    organisations whose findings it reports, whose findings they are."""
    if spec.publisher:
        organisations = words.join(spec.organisations)
        return words.say(
            "masthead.findings_by", publisher=spec.publisher, organisations=organisations
        )
    return " · ".join(spec.organisations)


def _plain(text: str | None) -> str | None:
    return unbind(text) if text else None


_TAG = re.compile(r'<(/?)(b|i|a)(?: href="([^"]*)"[^>]*)?>')
_ENTITY = re.compile(r"&(amp|lt|gt|quot);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}


def spans(text: str) -> tuple[Span, ...]:
    """The spans of one paragraph of spec text with the inline markup of `markup.py`, read
    with the very rules the PDFs use (`markup.to_paragraph`)."""
    out: list[Span] = []
    strong = emphasis = False
    href: str | None = None
    made = markup.to_paragraph(text)
    position = 0
    for match in _TAG.finditer(made):
        _add(out, made[position : match.start()], strong, emphasis, href)
        position = match.end()
        closing, tag = match.group(1) == "/", match.group(2)
        if tag == "b":
            strong = not closing
        elif tag == "i":
            emphasis = not closing
        else:
            href = None if closing else _unescape(match.group(3) or "")
    _add(out, made[position:], strong, emphasis, href)
    return tuple(out)


def _add(out: list[Span], made: str, strong: bool, emphasis: bool, href: str | None) -> None:
    text = unbind(_unescape(made))
    if not text:
        return
    if out and (out[-1].strong, out[-1].emphasis, out[-1].href) == (strong, emphasis, href):
        out[-1] = Span(out[-1].text + text, strong, emphasis, href)
    else:
        out.append(Span(text, strong, emphasis, href))


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def paragraphs(text: str, notes: tuple[int, ...] = ()) -> tuple[Text, ...]:
    """`text` split at blank lines; the notes it cites after the last paragraph."""
    parts = markup.paragraphs(text)
    return tuple(Text(spans(p), notes if i == len(parts) - 1 else ()) for i, p in enumerate(parts))


def chart_alt(kind: ChartKind, values: tuple[tuple[str, str], ...], words: Catalogue) -> str:
    """`Bar chart: documented by Amnesty International and Airwars, more than 1,600; admitted
    by the coalition, 159`: what the chart is (in the catalogue's words), then each label with
    its value as printed."""
    name = words.say(f"alt.{kind.replace('-', '_')}")
    if kind == "proportion":
        return words.say("alt.described", kind=name, values=values[0][1])
    listed = words.say("alt.between").join(
        words.say("alt.value", label=_lower_first(label), value=value) for label, value in values
    )
    return words.say("alt.described", kind=name, values=listed)


def chart_values(
    spec: Spec, chart: Chart, words: Catalogue
) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """Each label of `chart` with its value as printed, and a proportion's sentence (None for
    bars): the numbers every output describes the chart with."""
    from ..spec.numbers import format_number
    from . import chartnumbers as charts

    if chart.kind == "bars":
        return tuple((b.label, b.shown) for b in charts.bars_of(spec, chart, words)), None
    if chart.kind == "grouped-bars":
        values = tuple(
            (
                words.say("alt.category", category=category, series=series.name),
                words.digitised(format_number(series.values[i], language=spec.language)),
            )
            for i, category in enumerate(chart.categories)
            for series in chart.series
        )
        return values, None
    share = charts.share_of(spec, chart, words)
    return ((share.caption, share.caption),), share.caption


def figure_alt(spec: Spec, chart: Chart, words: Catalogue) -> str:
    """The alt text of a chart drawn in a PDF: its title, then what it is and its numbers
    (`chart_alt`)."""
    values, _ = chart_values(spec, chart, words)
    return unbind(f"{chart.title.rstrip('.')}. {chart_alt(chart.kind, values, words)}")


def _lower_first(label: str) -> str:
    """`label` with a capital that only opens a sentence lowered (`Admitted` but not `UN`)."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


class _Maker:
    """The parts of each block of one spec and design."""

    def __init__(self, spec: Spec, design: Design, images: Mapping[str, ImageAsset]) -> None:
        self.spec, self.design, self.words = spec, design, design.words
        self.images = images

    def notes(self, *ids: str | None) -> tuple[int, ...]:
        return tuple(sorted({self.spec.source_number(i) for i in ids if i}))

    def parts(self, kind: str) -> list[Part]:
        spec = self.spec
        if kind in LISTS:
            items: list[str] = getattr(spec, kind)
            if not items:
                return []
            return [ListItems(tuple(Text(spans(i)) for i in items), numbered=LISTS[kind])]
        if kind == "summary":
            return list(paragraphs(spec.summary)) if spec.summary else []
        if kind == "methodology":
            return list(paragraphs(spec.methodology)) if spec.methodology else []
        if kind == "findings":
            return [
                Finding(unbind(f.heading), paragraphs(f.text, self.notes(*f.sources)))
                for f in spec.findings
            ]
        if kind == "figures":
            return [
                KeyFigure(
                    unbind(f.value), unbind(f.label), _plain(f.qualifier), self.notes(f.source)
                )
                for f in spec.figures
            ]
        if kind in ("quote", "quotes"):
            chosen = spec.quotes[:1] if kind == "quote" else spec.quotes
            return [self.quote(i, q) for i, q in enumerate(chosen)]
        if kind == "demands":
            return self.demands()
        if kind == "timeline":
            return [Event(unbind(e.date), Text(spans(e.text))) for e in spec.timeline]
        if kind == "contacts":
            return [
                ContactCard(unbind(c.name), _plain(c.role), c.email, _plain(c.phone))
                for c in spec.contacts
            ]
        if kind == "sources":
            return [self.note(n) for n in range(1, len(spec.sources) + 1)]
        if kind == "charts":
            return [self.chart(chart) for chart in spec.charts]
        if kind == "images":
            return [
                ImageItem(
                    unbind(p.alt),
                    _plain(p.caption),
                    _plain(p.credit),
                    self.images.get(f"images[{i}]"),
                )
                for i, p in enumerate(spec.images)
            ]
        if kind == "qr":
            return [QrTarget(unbind(s.title), s.url) for s in spec.sources if s.qr and s.url]
        if kind == "ends":
            return [Ends(self.words.say("press.ends"))] if spec.summary else []
        return []

    def quote(self, index: int, quote: object) -> QuoteItem:
        from ..design.i18n import marks
        from ..spec.records import Quote

        assert isinstance(quote, Quote)
        words, m = self.words, marks(self.spec.language)
        if quote.role:
            said = words.say("quotes.attribution_with_role", speaker=quote.speaker, role=quote.role)
        else:
            said = words.say("quotes.attribution", speaker=quote.speaker)
        context = words.say("quotes.context", context=quote.context) if quote.context else None
        translated = index in self.design.translated_quotes
        return QuoteItem(
            text=unbind(f"{m.open}{m.space}{quote.text}{m.space}{m.close}"),
            attribution=unbind(said),
            context=_plain(context),
            translated=unbind(words.say("translation.quote")) if translated else None,
            notes=self.notes(quote.source),
        )

    def demands(self) -> list[Part]:
        groups: dict[tuple[str, ...], list[tuple[int, Text]]] = {}
        for number, demand in enumerate(self.spec.demands, start=1):
            groups.setdefault(tuple(demand.to), []).append((number, Text(spans(demand.text))))
        parts: list[Part] = []
        for to, items in groups.items():
            key = "demands.to_one" if len(to) == 1 else "demands.to_many"
            addressees = unbind(self.words.say(key, addressees=self.words.join(list(to))))
            parts.append(DemandGroup(addressees, tuple(items)))
        return parts

    def note(self, number: int) -> Note:
        source = self.spec.sources[number - 1]
        found = [source.title, *(p for p in (source.publisher, source.date) if p)]
        text = ". ".join(p.rstrip(".") for p in found) + "."
        return Note(number, unbind(text), source.url)

    def chart(self, chart: Chart) -> ChartData:
        spec = self.spec
        values, share = chart_values(spec, chart, self.words)
        captions = [_sentence(part) for part in (share, chart.axis) if part]
        return ChartData(
            kind=chart.kind,
            title=unbind(chart.title),
            values=tuple((unbind(label), unbind(value)) for label, value in values),
            alt=unbind(chart_alt(chart.kind, values, self.words)),
            caption=unbind(". ".join(captions) + ".") if captions else None,
            source=self.chart_source(chart.source) if chart.source else None,
            notes=self.notes(chart.source),
            series=tuple(unbind(s.name) for s in chart.series),
        )

    def chart_source(self, source_id: str) -> str:
        source = next(s for s in self.spec.sources if s.id == source_id)
        note = self.words.say("charts.note", number=self.spec.source_number(source_id))
        name = source.publisher or short_title(source.title)
        return unbind(self.words.say("charts.source", source=f"{name} ({note})"))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
