"""Turn a spec, an audience and a template into the words that say what a brief is and when
it may be read: its document type ("Press release"), its date line, its embargo line, and the
stamp of a draft.

The masthead prints them at the top of the first page and the footers repeat the document
type and the date; `design.py` resolves them once per audience, so that a bad embargo is
refused (located) before anything is laid out.
"""

from __future__ import annotations

import datetime
import re
from typing import NoReturn

from ..errors import Location, Problem, SpecError
from ..spec.spec import Spec
from .i18n import Catalogue
from .template import Arrangement, LoadedTemplate

DOCUMENT_KEY = "documents.current"
"""The catalogue entry holding the document type of the brief being built (the template's own,
when it names one), so that the glyph check sees it with the catalogue's other words."""

_EMBARGO_TIME = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?:\s*(?P<zone>[A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?"
)
_LOOKS_DATED = re.compile(r"\d{4}-\d{2}-\d{2}\b")


def document_type(words: Catalogue, template: LoadedTemplate, audience: str | None) -> str:
    """What the brief is, in its language: the template's `document:` for the audience (or for
    the general brief), else the catalogue's for the audience, else the general one."""
    tokens = template.template
    arrangement = tokens.audiences.get(audience) if audience else tokens.layout
    own = (arrangement or Arrangement()).document
    if own:
        return own
    key = f"documents.{audience}"
    return words.entries.get(key, words.entries["documents.general"])


def with_document_type(words: Catalogue, document: str) -> Catalogue:
    """`words` holding `document` as the brief's document type (`DOCUMENT_KEY`)."""
    return words.with_entries({DOCUMENT_KEY: document})


def date_line(spec: Spec, words: Catalogue) -> str:
    """`Beirut, 25 April 2019` as the spec's language writes it, or as much of it as the spec
    gives."""
    when = words.date(spec.date) if spec.date else ""
    if spec.dateline and when:
        return words.say("masthead.place_and_date", place=spec.dateline, date=when)
    return spec.dateline or when


def document_line(spec: Spec, words: Catalogue) -> str:
    """`Press release · Beirut, 25 April 2019`: the document type, then where and when."""
    return " · ".join(part for part in (words.say(DOCUMENT_KEY), date_line(spec, words)) if part)


def embargo_line(spec: Spec, words: Catalogue, where: Location) -> str | None:
    """`Embargoed until 00:01 GMT 12 June 2019`, from an embargo written as `2019-06-12 00:01
    GMT` (the date in the brief's language) or as text, printed as typed; None without one.
    An embargo that starts like a date but is not a real date and time is refused."""
    if spec.embargo is None:
        return None
    text = spec.embargo.strip()
    match = _EMBARGO_TIME.fullmatch(text)
    if match is None:
        if _LOOKS_DATED.match(text):
            _refuse(where, f"expected a date and time as YYYY-MM-DD HH:MM, found {text!r}")
        return words.say("press.embargo", until=text)
    try:
        day = datetime.date.fromisoformat(match["date"])
        moment = datetime.time(int(match["hour"]), int(match["minute"]))
    except ValueError as err:
        _refuse(where, f"{text!r} is not a real date and time ({err})")
    time = moment.strftime("%H:%M") + (f" {match['zone'].upper()}" if match["zone"] else "")
    return words.say("press.embargo_at", time=words.digitised(time), date=words.date(day))


def _refuse(where: Location, message: str) -> NoReturn:
    raise SpecError([Problem(where, "embargo", message)])


def draft_stamp(words: Catalogue, now: datetime.datetime) -> str:
    """`Draft built 2024-05-01 14:32 UTC`: when a `--draft` build was made, in the brief's
    digits."""
    moment = now.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return words.say("draft.built", time=words.digitised(moment))
