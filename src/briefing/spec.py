"""The briefing spec, declared once: every field with its type, default and description.

These dataclasses are both the schema that `validate.py` checks a YAML file against and the
model that the layouts read. The README's spec reference is generated from them
(`briefing reference`), so a field documented here is documented everywhere.

Text fields typed `Markup` accept the small inline markup described in `markup.py`
(`**bold**`, `*italic*`, `[label](https://...)`); fields typed `str` print exactly as typed.

Every field also declares its budgets (`spec_field`): how many items a list or mapping may
hold, how many characters a text may have and how long one of its words may be. A spec comes
from anyone; the budgets keep what it can cost to read and lay out in seconds.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any, Literal, NewType

Markup = NewType("Markup", str)
"""Text that may carry the inline markup of `markup.py`."""

PageSize = Literal["A4", "letter"]
LayoutName = Literal["one-page", "multi-page"]
LAYOUTS: tuple[LayoutName, ...] = ("one-page", "multi-page")


SHORT_TEXT = 300
"""Characters in a short text field (a name, a label, a heading) unless it says otherwise."""
MEDIUM_TEXT = 1_000
"""Characters in a list item, a caption or a context line."""
LONG_TEXT = 5_000
"""Characters in a field of running text (a summary, a finding, a quote)."""
MAX_WORD = 120
"""Characters in one word (a run without spaces) of printed text: longer runs cannot break
into lines and cost line breaking minutes."""
MAX_URL = 2_000
"""Characters in a web address, in a `url:` field or a link's target."""
MAX_PATH = 1_000
"""Characters in a file path."""
MAX_CHART_LABEL = 60
"""Characters in a chart's bar label, category or series name, so that a chart fits its box."""
MAX_CATEGORIES = 12
"""Categories of a grouped bar chart (and so numbers in each of its series)."""
MAX_EMAIL = 254
"""Characters in an email address (the most an address may have)."""
MAX_QUOTES = 50
MAX_DEMANDS = 50
MAX_CONTACTS = 20
"""Items in each of these lists, in the spec and in an audience's content alike."""
MAX_LIST_ITEMS = 50
"""Items in a list of text such as talking points or notes to editors."""


def spec_field(
    doc: str,
    *,
    default: Any = dataclasses.MISSING,
    one_or_many: bool = False,
    min_items: int = 0,
    max_items: int = 1_000,
    max_length: int = SHORT_TEXT,
    max_word: int | None = MAX_WORD,
    cites: bool = False,
) -> Any:
    """Declare a spec field: `doc` is its one-line description for users.

    `one_or_many` lets a list field be written as a single value; `min_items` and `max_items`
    bound the entries of a list or mapping field; `max_length` bounds the characters of a text
    field (of each item, for a list of text) and `max_word` the characters of each word in it
    (None for text that is never printed, such as a file path). `cites` marks a field that
    holds source ids (`references.py` checks every such field, audiences' content included).
    """
    metadata = {
        "cites": cites,
        "doc": doc,
        "one_or_many": one_or_many,
        "min_items": min_items,
        "max_items": max_items,
        "max_length": max_length,
        "max_word": max_word,
    }
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


_TEXT_LIST: dict[str, Any] = {
    "one_or_many": True,
    "max_items": MAX_LIST_ITEMS,
    "max_length": MEDIUM_TEXT,
}


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A key figure, printed as a large numeral with a one-line label."""

    value: str = spec_field("The figure as printed, e.g. `1,600` or `80%`.", max_length=20)
    label: str = spec_field("What the figure counts, in one short line.")
    qualifier: str | None = spec_field(
        "A word or two printed above the value, e.g. `more than` or `nearly`.",
        default=None,
        max_length=30,
    )
    source: str | None = spec_field(
        "Id of the source that backs the figure.", default=None, cites=True
    )
    id: str | None = spec_field(
        "Name that charts use to plot this figure, e.g. `killed`.", default=None
    )


@dataclass(frozen=True, kw_only=True)
class ChartBar:
    """One bar: a key figure named by its id, or a label and a number of the chart's own."""

    figure: str | None = spec_field(
        "Id of the key figure to plot; its value is the number.", default=None
    )
    label: str | None = spec_field(
        "Label of the bar (default: the figure's label).",
        default=None,
        max_length=MAX_CHART_LABEL,
    )
    value: float | None = spec_field(
        "The number, for a bar that is not a key figure.", default=None
    )


@dataclass(frozen=True, kw_only=True)
class ChartSeries:
    """One series of a grouped bar chart: a name and one number per category."""

    name: str = spec_field("Name of the series, shown in the legend.", max_length=MAX_CHART_LABEL)
    values: list[float] = spec_field(
        "One number per category, in order.", min_items=1, max_items=MAX_CATEGORIES
    )


ChartKind = Literal["bars", "grouped-bars", "proportion"]


@dataclass(frozen=True, kw_only=True)
class Chart:
    """A chart drawn from the spec's own numbers: bars, grouped bars or a proportion."""

    kind: ChartKind = spec_field(
        "`bars` (compare a few numbers), `grouped-bars` (compare "
        "series across categories) or `proportion` (a part of a whole)."
    )
    title: str = spec_field("What the chart shows, in one line.")
    bars: list[ChartBar] = spec_field("The bars of a `bars` chart.", default=[], max_items=20)
    categories: list[str] = spec_field(
        "Categories of a `grouped-bars` chart.",
        default=[],
        max_items=MAX_CATEGORIES,
        max_length=MAX_CHART_LABEL,
    )
    series: list[ChartSeries] = spec_field(
        "Series of a `grouped-bars` chart.", default=[], max_items=6
    )
    part: str | None = spec_field(
        "For `proportion`: id of the key figure that is the part.", default=None
    )
    whole: str | None = spec_field(
        "For `proportion`: id of the key figure that is the whole; "
        "leave it out when the part is a percentage.",
        default=None,
    )
    axis: str | None = spec_field("What the numbers count, e.g. `civilian deaths`.", default=None)
    source: str | None = spec_field("Id of the source of the numbers.", default=None, cites=True)


@dataclass(frozen=True, kw_only=True)
class Event:
    """A dated event on a timeline."""

    date: str = spec_field("When, as printed: `2014`, `June 2017`, `25 April 2019`.")
    text: Markup = spec_field("What happened.", max_length=MEDIUM_TEXT)


@dataclass(frozen=True, kw_only=True)
class Picture:
    """An image or map from the project's files, with its caption, credit and alt text."""

    path: str = spec_field(
        "PNG, JPEG or SVG file, relative to the spec's folder.", max_length=MAX_PATH, max_word=None
    )
    alt: str = spec_field(
        "What the image shows, for readers who cannot see it.", max_length=MEDIUM_TEXT
    )
    caption: str | None = spec_field(
        "Caption printed under the image.", default=None, max_length=MEDIUM_TEXT
    )
    credit: str | None = spec_field(
        "Who made the image, e.g. `Satellite image: ...`.", default=None
    )


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One finding: a heading that states it and a paragraph that backs it."""

    heading: str = spec_field("The finding in a few words; it becomes a section heading.")
    text: Markup = spec_field(
        "One or two paragraphs (separate them with a blank line).", max_length=LONG_TEXT
    )
    sources: list[str] = spec_field(
        "Ids of the sources that back the finding.",
        default=[],
        one_or_many=True,
        max_items=20,
        cites=True,
    )


@dataclass(frozen=True, kw_only=True)
class Quote:
    """Words someone said, with who said them."""

    text: str = spec_field(
        "The quoted words exactly as said, without quotation marks.", max_length=LONG_TEXT
    )
    speaker: str = spec_field("Who said it: a person's name or an organisation.")
    role: str | None = spec_field(
        "The speaker's role, e.g. `Crisis adviser, Amnesty`.", default=None
    )
    context: str | None = spec_field(
        "Words around the quote that are not the speaker's, printed before it.",
        default=None,
        max_length=MEDIUM_TEXT,
    )
    source: str | None = spec_field(
        "Id of the source the quote comes from.", default=None, cites=True
    )


@dataclass(frozen=True, kw_only=True)
class Demand:
    """What the brief asks of a named government or body."""

    to: list[str] = spec_field(
        "Who the demand is addressed to: one name or a list.",
        one_or_many=True,
        min_items=1,
        max_items=20,
    )
    text: Markup = spec_field(
        "The demand, beginning with a verb: `Publish ...`, `Stop ...`.", max_length=MEDIUM_TEXT
    )


@dataclass(frozen=True, kw_only=True)
class Source:
    """A document the brief relies on; cited by its `id` and listed as a numbered note."""

    id: str = spec_field("Short name used to cite the source, e.g. `amnesty-report`.")
    title: str = spec_field("Title or description of the document.", max_length=MEDIUM_TEXT)
    publisher: str | None = spec_field("Who published it.", default=None)
    date: str | None = spec_field(
        "When it was published, as printed, e.g. `2019` or `25 April 2019`.", default=None
    )
    url: str | None = spec_field(
        "Where to read it (http or https).", default=None, max_length=MAX_URL, max_word=MAX_URL
    )
    qr: bool = spec_field(
        "Print a QR code for the URL (in blocks that show QR codes).", default=False
    )
    text: str | None = spec_field(
        "A local copy of the source's text (UTF-8), relative to the spec's folder, which "
        "`briefing check` compares every claim citing this source with.",
        default=None,
        max_length=MAX_PATH,
        max_word=None,
    )


@dataclass(frozen=True, kw_only=True)
class Contact:
    """Someone readers can reach about the brief."""

    name: str = spec_field("Name of the person or desk.")
    role: str | None = spec_field("Role or organisation.", default=None)
    email: str | None = spec_field(
        "Email address.", default=None, max_length=MAX_EMAIL, max_word=MAX_EMAIL
    )
    phone: str | None = spec_field("Phone number, as printed.", default=None)


@dataclass(frozen=True, kw_only=True)
class AudienceContent:
    """Content for one audience: each field given here replaces the spec's own in that
    audience's briefs only."""

    title: str | None = spec_field("Headline for this audience.", default=None, max_length=200)
    subtitle: str | None = spec_field("Dek for this audience.", default=None, max_length=500)
    summary: Markup | None = spec_field(
        "Summary for this audience.", default=None, max_length=LONG_TEXT
    )
    release: str | None = spec_field("Release line for this audience.", default=None)
    figures: list[Figure] | None = spec_field(
        "Key figures for this audience.", default=None, max_items=5
    )
    quotes: list[Quote] | None = spec_field(
        "Quotes for this audience.", default=None, max_items=MAX_QUOTES
    )
    demands: list[Demand] | None = spec_field(
        "Demands for this audience.", default=None, max_items=MAX_DEMANDS
    )
    contacts: list[Contact] | None = spec_field(
        "Contacts for this audience.", default=None, max_items=MAX_CONTACTS
    )
    notes_to_editors: list[Markup] | None = spec_field(
        "Notes to editors.", default=None, **_TEXT_LIST
    )
    talking_points: list[Markup] | None = spec_field("Talking points.", default=None, **_TEXT_LIST)
    targets: list[Markup] | None = spec_field("Who to target.", default=None, **_TEXT_LIST)
    actions: list[Markup] | None = spec_field("Where to act.", default=None, **_TEXT_LIST)
    methodology: Markup | None = spec_field(
        "How the findings were established.", default=None, max_length=LONG_TEXT
    )


@dataclass(frozen=True, kw_only=True)
class Spec:
    """A briefing spec: everything one brief says."""

    title: str = spec_field("The headline: state the finding, not the topic.", max_length=200)
    subtitle: str | None = spec_field(
        "A one-sentence dek under the headline: who found it, how.", default=None, max_length=500
    )
    date: datetime.date | None = spec_field("Date of the brief, as YYYY-MM-DD.", default=None)
    dateline: str | None = spec_field(
        "Place the brief is issued from, e.g. `Beirut`.", default=None
    )
    organisations: list[str] = spec_field(
        "Organisation or organisations whose findings the brief reports (and, unless "
        "`publisher` says otherwise, who publish it).",
        one_or_many=True,
        min_items=1,
        max_items=20,
    )
    publisher: str | None = spec_field(
        "Who issues the brief, when it is not the organisations whose findings it reports: "
        "the release line, the masthead and the PDF's author are theirs, and the demands are "
        "reported as the organisations' own.",
        default=None,
    )
    logo: str | None = spec_field(
        "Logo image (PNG, JPEG or SVG), relative to the spec's folder; printed at the top right.",
        default=None,
        max_length=MAX_PATH,
        max_word=None,
    )
    addressed_to: str | None = spec_field(
        "Who this copy is for, printed above the headline, e.g. `Prepared for {{title}} "
        "{{name}}` with `--recipients`.",
        default=None,
    )
    summary: Markup = spec_field(
        "The summary: what happened, how many, who is responsible.", max_length=LONG_TEXT
    )
    figures: list[Figure] = spec_field("Key figures, three to five.", default=[], max_items=5)
    findings: list[Finding] = spec_field(
        "The findings, most important first.", default=[], max_items=100
    )
    quotes: list[Quote] = spec_field(
        "Quotes; the first is the pull quote.", default=[], max_items=MAX_QUOTES
    )
    demands: list[Demand] = spec_field(
        "Demands, each addressed to named governments or bodies.",
        default=[],
        max_items=MAX_DEMANDS,
    )
    sources: list[Source] = spec_field(
        "Sources, numbered in this order.", default=[], max_items=200
    )
    contacts: list[Contact] = spec_field(
        "Contacts for readers.", default=[], max_items=MAX_CONTACTS
    )
    charts: list[Chart] = spec_field(
        "Charts drawn from the key figures or their own numbers.", default=[], max_items=20
    )
    timeline: list[Event] = spec_field(
        "Dated events, in the order given.", default=[], max_items=100
    )
    images: list[Picture] = spec_field(
        "Images and maps, with caption, credit and alt text.", default=[], max_items=20
    )
    release: str | None = spec_field(
        "Release line for the press: `For immediate release`, or an embargo.", default=None
    )
    notes_to_editors: list[Markup] = spec_field(
        "Background notes for journalists.", default=[], **_TEXT_LIST
    )
    talking_points: list[Markup] = spec_field(
        "Short points campaigners can repeat.", default=[], **_TEXT_LIST
    )
    targets: list[Markup] = spec_field(
        "Who to target: people or bodies that can act.", default=[], **_TEXT_LIST
    )
    actions: list[Markup] = spec_field(
        "Where to act: what readers can do, with links.", default=[], **_TEXT_LIST
    )
    methodology: Markup | None = spec_field(
        "How the findings were established.", default=None, max_length=LONG_TEXT
    )
    audiences: dict[str, AudienceContent] = spec_field(
        "Content for one audience only (an audience of the spec's template: `journalist`, "
        "`advocate`, `policymaker` for the built-in ones), replacing the fields above in that "
        "audience's briefs and nowhere else.",
        default={},
        max_items=20,
    )
    keywords: list[str] = spec_field(
        "Keywords written into the PDF's metadata.",
        default=[],
        one_or_many=True,
        max_items=50,
        max_length=100,
    )
    language: str = spec_field(
        "Language of the brief as a BCP 47 tag, e.g. `en-GB`.", default="en-GB", max_length=35
    )
    template: str | None = spec_field(
        "Template to use: a name from a `templates/` folder beside the spec or a built-in one, "
        "or a path to a template file.",
        default=None,
        max_length=MAX_PATH,
        max_word=None,
    )
    page_size: PageSize | None = spec_field(
        "Paper size (default: the template's, A4 for the built-in templates).", default=None
    )
    layouts: list[LayoutName] = spec_field(
        "Which layouts `briefing make` builds by default.",
        default=list(LAYOUTS),
        one_or_many=True,
        min_items=1,
        max_items=len(LAYOUTS),
    )

    def source_number(self, source_id: str) -> int:
        """The 1-based endnote number of a source."""
        return [s.id for s in self.sources].index(source_id) + 1

    def for_audience(self, audience: str | None) -> Spec:
        """This spec as one audience reads it: its own content in, every other audience's out."""
        content = self.audiences.get(audience) if audience else None
        changes: dict[str, Any] = {"audiences": {}}
        if content is not None:
            for f in dataclasses.fields(content):
                value = getattr(content, f.name)
                if value is not None:
                    changes[f.name] = value
        return dataclasses.replace(self, **changes)


RECORD_TYPES: tuple[type, ...] = (
    Spec,
    AudienceContent,
    Figure,
    Finding,
    Quote,
    Demand,
    Source,
    Contact,
    Chart,
    ChartBar,
    ChartSeries,
    Event,
    Picture,
)
