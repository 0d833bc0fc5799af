"""Turn a brief's content into the `Spec` the layouts read: the whole spec and an audience's
replacement content, declared once with every field's type, default, description and budgets.

These dataclasses, with the records of a brief's parts in `records.py`, are both the schema
that `validate.py` checks a YAML file against and the model that the layouts read. The
README's spec reference is generated from them (`briefing reference`), so a field documented
here is documented everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any, Literal

from .records import (
    LONG_TEXT,
    MAX_CONTACTS,
    MAX_DEMANDS,
    MAX_PATH,
    MAX_QUOTES,
    TEXT_LIST,
    Chart,
    ChartBar,
    ChartSeries,
    Contact,
    Demand,
    Event,
    Figure,
    Finding,
    Markup,
    Picture,
    Quote,
    Source,
    spec_field,
)

PageSize = Literal["A4", "letter", "legal", "A5"]
LayoutName = Literal["one-page", "multi-page"]
LAYOUTS: tuple[LayoutName, ...] = ("one-page", "multi-page")


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
        "Notes to editors.", default=None, **TEXT_LIST
    )
    talking_points: list[Markup] | None = spec_field("Talking points.", default=None, **TEXT_LIST)
    targets: list[Markup] | None = spec_field("Who to target.", default=None, **TEXT_LIST)
    actions: list[Markup] | None = spec_field("Where to act.", default=None, **TEXT_LIST)
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
        "Release line for the press, e.g. `For immediate release`.", default=None
    )
    embargo: str | None = spec_field(
        "When the press may publish: a date and time as `YYYY-MM-DD HH:MM` with an optional "
        "zone (`2019-06-12 00:01 GMT`), printed in the brief's language, or text printed as "
        "typed; printed at the top of every brief as `Embargoed until ...`.",
        default=None,
        max_length=100,
    )
    notes_to_editors: list[Markup] = spec_field(
        "Background notes for journalists.", default=[], **TEXT_LIST
    )
    talking_points: list[Markup] = spec_field(
        "Short points campaigners can repeat.", default=[], **TEXT_LIST
    )
    targets: list[Markup] = spec_field(
        "Who to target: people or bodies that can act.", default=[], **TEXT_LIST
    )
    actions: list[Markup] = spec_field(
        "Where to act: what readers can do, with links.", default=[], **TEXT_LIST
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
