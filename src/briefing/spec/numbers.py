"""Turn a number as a language writes it into its value, or a problem; and a value, or a share
computed from qualified figures, back into words as that language writes them.

The spec's `language` (a BCP 47 tag) decides how a number is written: its decimal mark and
thousands separator come from CLDR through Babel for the whole tag (`en-GB` → `1,600.5`,
`fr` → `1 600,5`, `de` → `1.600,5`, `de-CH` → `1’600.5`, `es-MX` → `1,600.5`), and its words
for scale, percent and qualifiers from the primary subtag (`numberwords.py`). A tag Babel does
not know is read as its primary language, and an unknown language as English. Numbers are
printed the same way, with a no-break space where a language groups thousands with white
space, so that what a chart prints reads back as what it plots.

Every language also reads, because they can only mean one thing: white space (a space, a
no-break space U+00A0, a narrow no-break space U+202F, a thin space U+2009) and apostrophes
(`'`, `’`) as thousands separators; Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9)
digits, with the Arabic decimal separator U+066B and thousands separator U+066C; a percent
sign (`%`, `٪`) before or after the number, with or without a space.

A point or a comma is another matter: `280.000` is 280 where a point marks decimals and
280,000 where it groups thousands. The rules, decided once:
- The language's own reading wins when it uses the mark as a thousands separator (`1,600` in
  English, `1.600` in German), or when no other convention reads the number differently
  (`1.5` in English, `1,34 million` in French).
- A number that the language reads with a decimal mark followed by exactly three digits, and
  another convention reads as grouped thousands (`280.000` or `1.600` in English, `1,600` in
  French), is a problem that shows both readings and how to write each so that it reads one
  way only (`write 280 or 280,000`).
- A number the language cannot read at all is accepted in another convention only when it
  holds two marks or more, which fix each mark's role (`1.600.000` or `1 600,5` in English).
  With a single mark (`1,5` or `1,34 million` in English) it is a problem that shows the
  other convention's reading and how the language writes it (`write 1.34 million`); when two
  conventions read it differently (`1.600` in French), a problem showing both.

A figure's qualifier (`more than`, `nearly`, `jusqu'à`...) gives the direction in which the
true number lies from the one written; a share computed from qualified figures carries the
direction its inputs give it (`159` of `more than 1,600` is `less than 10%`), and is rounded
towards that direction so that what it says stays true.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .numberwords import DIRECTIONS, PERCENT_WORDS, SCALES, SHARE_WORDS, Direction

if TYPE_CHECKING:
    from babel import Locale

SPACES = " \u00a0\u202f\u2009"
"""White space that groups thousands in every language."""
APOSTROPHES = "'\u2019"
"""Apostrophes that group thousands in every language (Swiss style)."""
_ARABIC_DECIMAL, _ARABIC_GROUP = "\u066b", "\u066c"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_MARK = f".,{_ARABIC_DECIMAL}{_ARABIC_GROUP}{SPACES}{APOSTROPHES}"
_NUMBER = re.compile(
    rf"\s*(?P<before>[%\u066a]\s*)?"
    rf"(?P<numeral>[{_DIGIT}](?:[{_DIGIT}{_MARK}]*[{_DIGIT}])?)(?P<tail>.*?)\s*"
)
_MAX_NUMERAL = 40
_ROLES = {
    (".", False): "a point marks decimals",
    (",", False): "a comma marks decimals",
    (".", True): "a point groups thousands",
    (",", True): "a comma groups thousands",
}


@dataclass(frozen=True)
class Reading:
    """What a written number stands for: its value (None if the text is not a number, or
    reads more than one way) and whether it is a percentage; `problem` says why a text that
    looks like a number has no single reading, and how to write it."""

    number: float | None
    percent: bool = False
    problem: str | None = None


@dataclass(frozen=True)
class _Language:
    name: str
    decimal: str
    group: str | None
    """The thousands separator when it is a point or a comma; None for white space or an
    apostrophe, which every language reads."""
    written_group: str
    """The thousands separator in messages: white space is written as a plain space."""
    printed_group: str
    """The thousands separator on the page: white space is a no-break space, which every
    font has."""
    percent_space: bool
    percent_before: bool
    primary: str


@dataclass(frozen=True)
class _Numeral:
    integer: str
    fraction: str
    decimal: str
    group: str | None
    """The mark that grouped thousands (a space stands for all white space), if any."""


def read_number(text: str, *, language: str) -> Reading:
    """The value of `text`, a number as `language` writes it, e.g. `1,600`, `80%`,
    `2 million` in English; `1 600,5`, `1,34 million`, `80 %` in French."""
    lang = _language(language)
    match = _NUMBER.fullmatch(text)
    if not match or len(match["numeral"]) > _MAX_NUMERAL:
        return Reading(None)
    numeral = _ascii_digits(match["numeral"])
    unit = _unit(match["tail"], lang)
    if numeral is None or unit is None or (match["before"] and unit[1]):
        return Reading(None)
    scale, percent = unit[0], unit[1] or bool(match["before"])
    native = _parse(numeral, lang.decimal, lang.group)
    others = {
        reading
        for decimal, group in ((".", ","), (",", "."))
        if (decimal, group) != (lang.decimal, lang.group)
        and (reading := _parse(numeral, decimal, group)) is not None
    }
    differing = {o for o in others if native is None or _value(o) != _value(native)}
    tail = match["tail"]
    if native is not None and (not differing or native.group in (".", ",")):
        return Reading(_value(native) * scale, percent)
    if native is not None:
        other = min(differing, key=_value)
        return Reading(
            None,
            percent,
            f"{text!r} reads as {_write(native, lang, tail)} in {lang.name}, but as "
            f"{_write(other, lang, tail)} where {_role(other)}; write "
            f"{_write(native, lang, tail, unambiguous=True)} or {_write(other, lang, tail)}",
        )
    if len({_value(o) for o in differing}) > 1:
        first, second = sorted(differing, key=lambda o: o.group is not None)
        return Reading(
            None,
            percent,
            f"{text!r} is not how {lang.name} writes a number: it reads as "
            f"{_write(first, lang, tail)} where {_role(first)}, but as "
            f"{_write(second, lang, tail)} where {_role(second)}; write "
            f"{_write(first, lang, tail, unambiguous=True)} or {_write(second, lang, tail)}",
        )
    if differing and sum(c in _MARK for c in numeral) >= 2:
        return Reading(_value(min(differing, key=_value)) * scale, percent)
    if differing:
        other = min(differing, key=_value)
        shown = _write(other, lang, tail, unambiguous=True)
        return Reading(
            None,
            percent,
            f"{text!r} is not how {lang.name} writes a number: where {_role(other)} it reads "
            f"as {shown}; write {shown}",
        )
    return Reading(None)


def format_number(number: float, *, language: str = "en") -> str:
    """A chart's number as printed in `language`: `1,600`, `3.5` in English, `1 600`, `3,5`
    in French (with a no-break space); at most one decimal, never in exponent notation."""
    lang = _language(language)
    english = f"{number:,.0f}" if number == int(number) else f"{number:,.1f}"
    return english.translate({ord(","): lang.printed_group, ord("."): lang.decimal})


def format_percent(percent: float, *, language: str = "en") -> str:
    """A percentage as printed in `language`: `10%` in English, `10 %` in French. CLDR's
    French space is a narrow no-break space (U+202F), but ReportLab breaks lines at it and sets
    it as an ordinary space: the space printed is U+00A0, which stays and never breaks."""
    lang = _language(language)
    number = format_number(percent, language=language)
    space = "\u00a0" if lang.percent_space else ""
    return f"%{space}{number}" if lang.percent_before else f"{number}{space}%"


def examples(language: str) -> str:
    """Numbers as `language` writes them, for messages: "`1,600`, `80%` or `2 million`"."""
    lang = _language(language)
    million = next(w for w, v in SCALES.get(lang.primary, SCALES["en"]).items() if v == 1e6)
    grouped = f"1{lang.written_group}600"
    percent = format_percent(80, language=language).replace("\u00a0", " ")
    return f"`{grouped}`, `{percent}` or `2 {million}`"


def direction_of(qualifier: str | None) -> Direction:
    """Where a figure's qualifier puts the true number: `more than` above, `up to` below,
    `nearly` about; no qualifier, exact; any qualifier not known here, about."""
    if not qualifier:
        return Direction.EXACT
    key = " ".join(qualifier.lower().replace("\u2019", "'").split())
    return DIRECTIONS.get(key, Direction.ABOUT)


def share_direction(part: Direction, whole: Direction) -> Direction:
    """Where the true share part/whole lies from the one computed: a whole `more than` the
    one written makes the share less; a part `more than` makes it more; `about` either way."""
    flipped = {Direction.ABOVE: Direction.BELOW, Direction.BELOW: Direction.ABOVE}.get(whole, whole)
    if Direction.ABOUT in (part, whole):
        return Direction.ABOUT
    if part is Direction.EXACT:
        return flipped
    if whole is Direction.EXACT or part is flipped:
        return part
    return Direction.ABOUT


def share_words(fraction: float, direction: Direction, *, language: str) -> tuple[str | None, str]:
    """A computed share (0 to 1) as `language` prints it: its qualifier, if any, and the
    percentage, e.g. (`less than`, `10%`). Whole percentages, with one decimal below 1% and
    above 99%; rounded down when the truth is above, up when it is below, so the words stay
    true."""
    percent = round(fraction * 100, 9)
    step = 1.0 if percent in (0, 100) or 1 <= percent <= 99 else 0.1
    if direction is Direction.ABOVE:
        shown = math.floor(percent / step) * step
    elif direction is Direction.BELOW:
        shown = max(math.ceil(percent / step) * step, step)
    else:
        shown = round(percent / step) * step
        if shown == 0 < percent:
            direction, shown = Direction.BELOW, step
        elif shown == 100 > percent:
            direction, shown = Direction.ABOVE, 100 - step
    shown = round(shown, 1)
    qualifier = None if direction is Direction.EXACT else share_qualifier(direction, language)
    return qualifier, format_percent(shown, language=language)


_SHARE_KEYS = {
    Direction.ABOUT: "shares.about",
    Direction.BELOW: "shares.less_than",
    Direction.ABOVE: "shares.more_than",
}


def share_qualifier(direction: Direction, language: str) -> str:
    """The words before a computed share that is not exact (`about`, `less than`): the
    catalogue's for a language that has one (`i18n.py`), else `numberwords.SHARE_WORDS`,
    else English."""
    from ..design.i18n import has_words, primary, words

    table = SHARE_WORDS.get(primary(language))
    if table is not None and not has_words(language):
        return table[direction]
    return words(language).say(_SHARE_KEYS[direction])


# Reading --------------------------------------------------------------------------------------


def _ascii_digits(numeral: str) -> str | None:
    """`numeral` with its digits as ASCII; None when it mixes digits of different scripts."""
    scripts = {(ord(c) & ~0xF) for c in numeral if c.isdigit() and not c.isascii()}
    if len(scripts) > 1 or (scripts and any(c.isascii() and c.isdigit() for c in numeral)):
        return None
    return "".join(str(int(c)) if c.isdigit() else c for c in numeral)


def _unit(tail: str, lang: _Language) -> tuple[float, bool] | None:
    """(scale, percent) of what follows a numeral, or None when it is not a unit of numbers."""
    word = " ".join(tail.split()).casefold()
    if not word:
        return 1.0, False
    if word in ("%", "\u066a"):
        return 1.0, True
    if not tail[:1].isspace():
        return None
    if word in (w.casefold() for w in PERCENT_WORDS.get(lang.primary, ())):
        return 1.0, True
    scales = {w.casefold(): v for w, v in SCALES.get(lang.primary, {}).items()}
    return (scales[word], False) if word in scales else None


def _parse(numeral: str, decimal: str, group: str | None) -> _Numeral | None:
    """`numeral` read with `decimal` as its decimal mark and `group` as a thousands
    separator (besides white space, apostrophes and the Arabic marks); None if it cannot be."""
    marks = [i for i, c in enumerate(numeral) if c in (decimal, _ARABIC_DECIMAL)]
    if len(marks) > 1:
        return None
    head, fraction = (numeral[: marks[0]], numeral[marks[0] + 1 :]) if marks else (numeral, "")
    if not fraction.isdigit() and fraction:
        return None
    kinds = {_kind(c) for c in head if not c.isdigit()}
    if not kinds:
        return _Numeral(head, fraction, decimal, None)
    if len(kinds) > 1 or kinds - {group, " ", "'", _ARABIC_GROUP}:
        return None
    chunks = re.split(f"[{re.escape(_MARK)}]", head)
    if not 1 <= len(chunks[0]) <= 3 or chunks[0][0] == "0" or {len(c) for c in chunks[1:]} != {3}:
        return None
    return _Numeral("".join(chunks), fraction, decimal, kinds.pop())


def _kind(mark: str) -> str:
    return " " if mark in SPACES else "'" if mark in APOSTROPHES else mark


def _value(numeral: _Numeral) -> float:
    return float(f"{numeral.integer}.{numeral.fraction or 0}")


def _role(numeral: _Numeral) -> str:
    """What a point or comma does in this reading, e.g. 'a point groups thousands'."""
    if numeral.group in (".", ","):
        return _ROLES[(numeral.group, True)]
    return _ROLES[(numeral.decimal, False)]


def _write(numeral: _Numeral, lang: _Language, tail: str, *, unambiguous: bool = False) -> str:
    """`numeral`'s value as `lang` writes it, with the unit as written; `unambiguous` adds a
    zero to a fraction of three digits, which would read as thousands elsewhere."""
    integer = numeral.integer.lstrip("0") or "0"
    groups = [integer[max(i - 3, 0) : i] for i in range(len(integer), 0, -3)][::-1]
    written = lang.written_group.join(groups) if len(integer) > 3 else integer
    fraction = numeral.fraction.rstrip("0")
    if unambiguous and len(fraction) == 3:
        fraction += "0"
    return (f"{written}{lang.decimal}{fraction}" if fraction else written) + tail


# Languages ------------------------------------------------------------------------------------


@functools.cache
def _language(tag: str) -> _Language:
    """How `tag` writes numbers, from CLDR: the whole tag's symbols, the primary language's
    words; a tag Babel does not know as its primary language, and an unknown one as English."""
    from ..design.i18n.cldr import kept_numbers

    kept = kept_numbers(tag)
    return _Language(**kept) if kept is not None else language_from_babel(tag)  # type: ignore[arg-type]


def language_from_babel(tag: str) -> _Language:
    """`_language` of `tag`, asking Babel (`design/i18n/cldr.py` keeps the answers for common
    tags)."""
    from babel import Locale, UnknownLocaleError

    primary = tag.split("-", 1)[0].lower()
    try:
        base = Locale.parse(primary)
    except (UnknownLocaleError, ValueError):
        base = Locale.parse("en")
    try:
        locale = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = base
    symbols = _symbols(locale)
    name = base.get_display_name("en") if base.language == primary else repr(tag)
    if symbols != _symbols(base):
        name = locale.get_display_name("en")
    decimal, group = symbols
    pattern = locale.percent_formats[None].pattern
    spaced = group in SPACES
    return _Language(
        name=name or repr(tag),
        decimal=decimal,
        group=group if group in ".," else None,
        written_group=" " if spaced else "\u2019" if group in APOSTROPHES else group,
        printed_group="\u00a0" if spaced else group,
        percent_space=any(c in pattern for c in SPACES),
        percent_before=pattern.startswith("%"),
        primary=primary if primary in SCALES else "en",
    )


def _symbols(locale: Locale) -> tuple[str, str]:
    """(decimal mark, thousands separator) of `locale` with Latin digits; a point and a comma
    for a locale whose marks are neither."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    decimal = get_decimal_symbol(locale, numbering_system="latn")
    group = get_group_symbol(locale, numbering_system="latn")
    if decimal not in ".," or group == decimal or group not in ".," + SPACES + APOSTROPHES:
        return ".", ","
    return decimal, group
