"""Turn a spec into the claims a reader takes from it, each with its key path and the sources it
cites: running text, key figures, chart numbers, quotes, names and web addresses.

What the brief says is checked; what only describes the brief is not: the publisher (and the
organisations, when they publish it), release line, dateline and date, contacts (the
publisher's own people), keywords, file paths, alt text and image credits, and the sources'
own titles. Audience content is walked like the
spec's own, under `audiences.NAME.`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..spec import markup
from ..spec.records import Chart, Figure, Quote
from ..spec.spec import AudienceContent, Spec

Cites = tuple[str, ...]
"""Ids of the sources a claim cites; empty when it cites none (it is then compared with every
source text)."""

_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
_LINK = re.compile(r"\]\((?P<url>[^()\s]+)\)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MARKUP_FIELDS = frozenset(
    {"summary", "methodology", "notes_to_editors", "talking_points", "targets", "actions"}
)


@dataclass(frozen=True)
class Text:
    """A field of running text (markup removed), with the sources it cites."""

    key_path: str
    text: str
    cites: Cites


@dataclass(frozen=True)
class FigureClaim:
    """A key figure: its number and qualifier, read with its label."""

    key_path: str
    figure: Figure
    cites: Cites


@dataclass(frozen=True)
class ChartNumber:
    """A number a chart plots that is not a key figure's, with the words that say what it is."""

    key_path: str
    value: float
    words: str
    cites: Cites


@dataclass(frozen=True)
class QuoteClaim:
    """A quote, said to be verbatim from the source it cites."""

    key_path: str
    quote: Quote
    cites: Cites


@dataclass(frozen=True)
class Address:
    """A web or email address the brief prints (as a QR code when `qr`)."""

    key_path: str
    address: str
    qr: bool = False


@dataclass(frozen=True)
class Uncited:
    """A figure, finding, quote or chart that names no source."""

    key_path: str
    what: str
    field: str


@dataclass
class Claims:
    """Everything a spec claims, sorted by kind."""

    texts: list[Text]
    names: list[Text]
    """Fields that are names as a whole (organisations, addressees)."""
    figures: list[FigureClaim]
    chart_numbers: list[ChartNumber]
    quotes: list[QuoteClaim]
    addresses: list[Address]
    uncited: list[Uncited]


def claims_of(spec: Spec) -> Claims:
    """The claims of `spec` and of every audience's content."""
    claims = Claims([], [], [], [], [], [], [])
    _walk(spec, "", claims)
    for name, content in spec.audiences.items():
        _walk(content, f"audiences.{name}.", claims)
    if spec.publisher:
        # With a publisher, the organisations are those whose findings the brief reports;
        # without one, they are who publishes it, which no source need say.
        for i, organisation in enumerate(spec.organisations):
            claims.names.append(Text(f"organisations[{i}]", _clean(organisation), ()))
    for i, source in enumerate(spec.sources):
        if source.url:
            claims.addresses.append(Address(f"sources[{i}].url", source.url, source.qr))
    return claims


def _walk(part: Spec | AudienceContent, prefix: str, claims: Claims) -> None:
    for name in ("title", "subtitle", "summary", "methodology"):
        value = getattr(part, name)
        if value:
            _text(claims, f"{prefix}{name}", value, (), markup_text=name in _MARKUP_FIELDS)
    for name in ("notes_to_editors", "talking_points", "targets", "actions"):
        for i, item in enumerate(getattr(part, name) or []):
            _text(claims, f"{prefix}{name}[{i}]", item, (), markup_text=True)
    for i, figure in enumerate(part.figures or []):
        key = f"{prefix}figures[{i}]"
        cites = (figure.source,) if figure.source else ()
        claims.figures.append(FigureClaim(key, figure, cites))
        _text(claims, f"{key}.label", figure.label, cites)
        if not cites:
            claims.uncited.append(Uncited(key, "figure", "source"))
    for i, quote in enumerate(part.quotes or []):
        key = f"{prefix}quotes[{i}]"
        cites = (quote.source,) if quote.source else ()
        claims.quotes.append(QuoteClaim(key, quote, cites))
        for name in ("context", "speaker", "role"):
            if getattr(quote, name):
                _text(claims, f"{key}.{name}", getattr(quote, name), cites)
        if not cites:
            claims.uncited.append(Uncited(key, "quote", "source"))
    for i, demand in enumerate(part.demands or []):
        _text(claims, f"{prefix}demands[{i}].text", demand.text, (), markup_text=True)
        for j, addressee in enumerate(demand.to):
            claims.names.append(Text(f"{prefix}demands[{i}].to[{j}]", _clean(addressee), ()))
    if isinstance(part, Spec):
        _walk_spec_only(part, claims)


def _walk_spec_only(spec: Spec, claims: Claims) -> None:
    for i, finding in enumerate(spec.findings):
        key, cites = f"findings[{i}]", tuple(finding.sources)
        _text(claims, f"{key}.heading", finding.heading, cites)
        _text(claims, f"{key}.text", finding.text, cites, markup_text=True)
        if not cites:
            claims.uncited.append(Uncited(key, "finding", "sources"))
    for i, chart in enumerate(spec.charts):
        _chart(claims, f"charts[{i}]", chart)
    for i, event in enumerate(spec.timeline):
        _text(claims, f"timeline[{i}].date", event.date, ())
        _text(claims, f"timeline[{i}].text", event.text, (), markup_text=True)
    for i, picture in enumerate(spec.images):
        if picture.caption:
            _text(claims, f"images[{i}].caption", picture.caption, ())


def _chart(claims: Claims, key: str, chart: Chart) -> None:
    cites = (chart.source,) if chart.source else ()
    if not cites:
        claims.uncited.append(Uncited(key, "chart", "source"))
    for name in ("title", "axis"):
        if getattr(chart, name):
            _text(claims, f"{key}.{name}", getattr(chart, name), cites)
    for j, bar in enumerate(chart.bars):
        if bar.label:
            _text(claims, f"{key}.bars[{j}].label", bar.label, cites)
        if bar.value is not None:
            words = f"{bar.label or ''} {chart.axis or ''}"
            claims.chart_numbers.append(
                ChartNumber(f"{key}.bars[{j}].value", bar.value, words, cites)
            )
    for j, category in enumerate(chart.categories):
        _text(claims, f"{key}.categories[{j}]", category, cites)
    for j, series in enumerate(chart.series):
        _text(claims, f"{key}.series[{j}].name", series.name, cites)
        for k, value in enumerate(series.values):
            category = chart.categories[k] if k < len(chart.categories) else ""
            words = f"{series.name} {category} {chart.axis or ''}"
            claims.chart_numbers.append(
                ChartNumber(f"{key}.series[{j}].values[{k}]", value, words, cites)
            )


def _text(
    claims: Claims, key_path: str, value: str, cites: Cites, *, markup_text: bool = False
) -> None:
    text = markup.to_plain(value) if markup_text else value
    claims.texts.append(Text(key_path, _clean(text), cites))
    for address in addresses_in(value):
        claims.addresses.append(Address(key_path, address))


def _clean(text: str) -> str:
    """`text` without mail-merge placeholders, which a recipient's row fills."""
    return _PLACEHOLDER.sub(" ", text)


def names_in(text: str) -> list[str]:
    """Names of people, places and organisations in `text`: runs of capitalised words
    (`Amnesty International`, `Syrian Observatory for Human Rights`), acronyms and single
    capitalised words inside a sentence (`Airwars`, `AFP`). A capital that only starts a
    sentence does not make a name; nor does a small word before one (`The`, `In`)."""
    names: list[str] = []
    for sentence in _NAME_BREAK.split(text):
        run: list[str] = []
        at_start, run_start, end = True, True, 0
        for match in NAME_TOKEN.finditer(sentence):
            word = match.group()
            gap, end = sentence[end : match.start()], match.end()
            if run and gap != " ":
                _close(run, names, at_start=run_start)
                run = []
            capital = word[0].isupper() and len(word) > 1
            if capital:
                if not run:
                    run_start = at_start
                run.append(word)
            elif run and word in _CONNECTORS:
                run.append(word)
            else:
                _close(run, names, at_start=run_start if run else False)
                run = []
            if run and re.search(r"['’]s$", word):
                _close(run, names, at_start=run_start)
                run = []
            at_start = False
        if run:
            _close(run, names, at_start=run_start)
    return list(dict.fromkeys(names))


_NAME_BREAK = re.compile(r"(?:[.!?:;]['’\"”)]*|\n)\s+|^\s*[-*•]\s+|\s[-–—]\s")
NAME_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_CONNECTORS = frozenset(
    {"of", "for", "on", "the", "de", "du", "des", "la", "le", "al", "van", "von"}
)
_STARTERS = frozenset(
    "the a an in on at for to by of from with as and but or if when while after before "
    "according this these that those its their his her our more most many some all no".split()
)


def _close(run: list[str], names: list[str], *, at_start: bool) -> None:
    """Add the name a run of words makes, if any."""
    while run and run[-1] in _CONNECTORS:
        run.pop()
    if not run:
        return
    if at_start:
        if run[0].lower() in _STARTERS:
            run = run[1:]
        elif len(run) == 1:
            return
    name = re.sub(r"['’]s$", "", " ".join(run))
    if run and len(name) > 1 and name.lower() not in _STARTERS:
        names.append(name)


def addresses_in(text: str) -> Iterator[str]:
    """Web and email addresses in `text`: link targets and addresses written out."""
    seen: set[str] = set()
    found = [m.group("url") for m in _LINK.finditer(text)]
    found += [m.group().rstrip(".,;:!?") for m in _URL.finditer(text)]
    found += [m.group().rstrip(".") for m in _EMAIL.finditer(text)]
    for address in found:
        address = address.removeprefix("mailto:")
        if address not in seen:
            seen.add(address)
            yield address
