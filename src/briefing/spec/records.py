"""Turn a part of a brief (a figure, a chart, a quote, a demand, a source...) into a typed
record whose every field declares its description and its budgets.

These dataclasses are, like `Spec` in `spec.py`, both schema and model. Every field declares
its budgets (`spec_field`): how many items a list or mapping may hold, how many characters a
text may have and how long one of its words may be. A spec comes from anyone; the budgets
keep what it can cost to read and lay out in seconds.

Text fields typed `Markup` accept the small inline markup described in `markup.py`
(`**bold**`, `*italic*`, `[label](https://...)`); fields typed `str` print exactly as typed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, NewType

Markup = NewType("Markup", str)
"""Text that may carry the inline markup of `markup.py`."""

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


TEXT_LIST: dict[str, Any] = {
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
