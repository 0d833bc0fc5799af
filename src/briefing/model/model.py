"""The resolved brief: what a reader gets, whatever the output, as frozen data (`resolve.py`
builds it from a spec as one audience reads it, and its design).

The brief is the spec after audience, template, language and recipient are applied: a title
block, then the blocks in the order of the design's multi-page arrangement, each with its
heading as printed (`Design.title`) and its parts: paragraphs as spans of plain text (bold,
italic, a link), citations as note numbers, key figures, charts with their data and an alt text
written from it, quotes with their attribution, demands grouped by addressee, lists, contacts,
endnotes, images with their alt text and QR targets. Text is typeset as the PDFs set it
(`typography.typeset_spec`: the language's quotation marks) without the no-break spaces that
bind a line's last words in a PDF column (`runts.unbind`): other outputs wrap text their own
way. Everything here is frozen data; no output's drawing code is involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..spec.assets import ImageAsset


@dataclass(frozen=True)
class Span:
    """A run of text with one set of inline styles; `href` when it is a link's label."""

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Text:
    """A paragraph: its spans, then the numbers of the notes it cites (after its last word)."""

    spans: tuple[Span, ...]
    notes: tuple[int, ...] = ()

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class TitleBlock:
    """The top of the brief, in reading order."""

    headline: str
    document: str
    """`Press release · Beirut, 25 April 2019`: the document type, then where and when."""
    kicker: str
    addressed_to: str | None = None
    embargo: str | None = None
    release: str | None = None
    dek: str | None = None
    translated_from: str | None = None
    logo: ImageAsset | None = None
    """The logo the design prints (the spec's, else its template's), checked and decoded."""


@dataclass(frozen=True)
class Finding:
    heading: str
    paragraphs: tuple[Text, ...]


@dataclass(frozen=True)
class ListItems:
    items: tuple[Text, ...]
    numbered: bool = False


@dataclass(frozen=True)
class KeyFigure:
    value: str
    label: str
    qualifier: str | None = None
    notes: tuple[int, ...] = ()

    @property
    def shown(self) -> str:
        """The value with its qualifier, as printed: `more than 1,600`."""
        return f"{self.qualifier} {self.value}" if self.qualifier else self.value


ChartKind = Literal["bars", "grouped-bars", "proportion"]


@dataclass(frozen=True)
class ChartData:
    """A chart: its title, what it shows as (label, value as printed) pairs (for grouped bars,
    `category: series` labels), an alt text written from them, and the lines under it."""

    kind: ChartKind
    title: str
    values: tuple[tuple[str, str], ...]
    alt: str
    caption: str | None = None
    source: str | None = None
    """`Source: Amnesty International (note 1)`."""
    notes: tuple[int, ...] = ()
    series: tuple[str, ...] = ()
    """Grouped bars: the series' names, in order; `values` holds each category's value of
    every series in turn."""


@dataclass(frozen=True)
class QuoteItem:
    text: str
    """The words between the language's quotation marks."""
    attribution: str
    """`— Donatella Rovera, Crisis management advisor, Amnesty International`."""
    context: str | None = None
    translated: str | None = None
    """`(our translation)` when the words are a translation of what was said."""
    notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class DemandGroup:
    """The demands made of one addressee or group: `To Coalition forces`, numbered across the
    groups."""

    addressees: str
    items: tuple[tuple[int, Text], ...]


@dataclass(frozen=True)
class Event:
    date: str
    text: Text


@dataclass(frozen=True)
class ContactCard:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Note:
    """A numbered endnote: title, publisher and date as one sentence, and the address."""

    number: int
    text: str
    url: str | None = None


@dataclass(frozen=True)
class ImageItem:
    alt: str
    caption: str | None = None
    credit: str | None = None
    picture: ImageAsset | None = None
    """The image file, checked and decoded when the spec was loaded."""


@dataclass(frozen=True)
class QrTarget:
    title: str
    url: str


@dataclass(frozen=True)
class Ends:
    text: str
    """`ENDS`, in the brief's language."""


Part = (
    Text
    | Finding
    | ListItems
    | KeyFigure
    | ChartData
    | QuoteItem
    | DemandGroup
    | Event
    | ContactCard
    | Note
    | ImageItem
    | QrTarget
    | Ends
)


@dataclass(frozen=True)
class Block:
    """One block of the arrangement (`summary`, `demands`...); `heading` None for the pull
    quote and `ends`, which have none."""

    kind: str
    heading: str | None
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Brief:
    language: str
    direction: Literal["ltr", "rtl"]
    audience: str | None
    title: TitleBlock
    blocks: tuple[Block, ...]
