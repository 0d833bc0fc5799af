"""Turn a brief's language into the words, dates and digits briefing prints itself.

Every word a brief holds that its spec did not write (headings, "Page 1 of 2", "Source", "To X
and Y", the footer, chart captions) comes from a catalogue: one YAML file per language in
`catalogues/` (`en.yaml`, `fr.yaml`...), which a translator edits without Python. A catalogue
is found by the primary subtag of the spec's BCP 47 tag (`fr-CA` → `fr.yaml`); a language with
no catalogue prints English, with one warning per spec. Dates come from CLDR through Babel for
the whole tag (`en-GB` → 17 October 2017, `en-US` → October 17, 2017, `fr` → 17 octobre
2017, `ar-SY` → 17 تشرين الأول 2017), whether or not a catalogue exists. Digits are Latin
unless the template asks for Arabic-Indic ones (`digits: arabic-indic`), which Babel does not
produce: they are transliterated.
"""

from __future__ import annotations

import datetime
import functools
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from babel import Locale

    from ...errors import Location

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "catalogues"
FALLBACK = "en"
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur"})
"""Languages written right to left, by primary subtag."""
_ARABIC_INDIC = str.maketrans(
    "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
)
_BETWEEN_DIGITS = re.compile(r"(?<=[\u0660-\u0669])([.,])(?=[\u0660-\u0669])")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def primary(language: str) -> str:
    """The primary subtag of a BCP 47 tag, lower-cased: `fr-CA` → `fr`."""
    return re.split(r"[-_]", language.strip(), maxsplit=1)[0].lower()


def text_direction(language: str) -> Literal["ltr", "rtl"]:
    """`rtl` for languages written right to left (Arabic, Hebrew, Persian, Urdu), else `ltr`."""
    return "rtl" if primary(language) in RIGHT_TO_LEFT else "ltr"


def shipped() -> tuple[str, ...]:
    """The languages that have a catalogue, by primary subtag, sorted."""
    return tuple(sorted(p.stem for p in CATALOGUE_DIR.glob("*.yaml")))


@dataclass(frozen=True)
class Catalogue:
    """The words of one language, by dotted key (`headings.summary`), with the digits to print.

    `language` is the spec's tag (dates and numbers follow it); `code` the catalogue's own
    (`en` when the language has none)."""

    language: str
    code: str
    entries: Mapping[str, str]
    digits: str = "latin"

    def say(self, key: str, **fields: str | int) -> str:
        """The entry `key` with its `{placeholders}` filled; numbers in the catalogue's digits."""
        template = self.entries[key]

        return _PLACEHOLDER.sub(lambda match: self.say_field(fields[match.group(1)]), template)

    def say_markup(self, key: str, **fields: str | int) -> str:
        """Paragraph markup of the entry `key`: its own text escaped, its `{placeholders}`
        filled with `fields`, which are markup already (or numbers)."""
        parts = _PLACEHOLDER.split(self.entries[key])
        return "".join(
            _escape(part) if i % 2 == 0 else self.say_field(fields[part])
            for i, part in enumerate(parts)
        )

    def say_field(self, value: str | int) -> str:
        return self.number(value) if isinstance(value, int) else value

    def number(self, number: int) -> str:
        """A whole number (a page, a list item, a note) in this catalogue's digits."""
        return self.digitised(str(number))

    def digitised(self, text: str) -> str:
        """`text` with its Latin digits (and the points and commas between them) in this
        catalogue's digits."""
        if self.digits == "latin":
            return text
        from babel.numbers import get_decimal_symbol

        decimal = get_decimal_symbol(babel_locale(self.language), numbering_system="latn")
        return native_digits(text, self.digits, decimal=decimal)

    def join(self, names: Sequence[str]) -> str:
        """`a`, `a and b`, `a, b and c`, as the language joins a list."""
        if len(names) <= 1:
            return "".join(names)
        joined = names[0]
        for name in names[1:-1]:
            joined = self.say("lists.more", first=joined, next=name)
        return self.say("lists.last", first=joined, last=names[-1])

    def date(self, day: datetime.date) -> str:
        """`day` written out as the language writes dates, in this catalogue's digits; in
        English for a language briefing has no words for (whose month names the fonts may not
        draw, and whose brief prints English anyway)."""
        language = self.language if primary(self.language) == self.code else "en-GB"
        return self.digitised(format_date(day, language))

    def printed(self) -> str:
        """Every character this catalogue may print (its entries outside their placeholders,
        the language's quotation marks, its digits), for the glyph check."""
        texts = [_PLACEHOLDER.sub("", entry) for entry in self.entries.values()]
        digits = self.digitised("0123456789 0.0 0,0 %")
        return "".join(sorted(set("".join(texts) + printed_marks(self.language) + digits)))

    def with_digits(self, digits: str) -> Catalogue:
        return replace(self, digits=digits)

    def with_entries(self, entries: Mapping[str, str]) -> Catalogue:
        """This catalogue with some entries replaced (a template's own words), so that they
        are printed, and checked against the fonts, like the catalogue's."""
        return replace(self, entries={**self.entries, **entries})


def _escape(text: str) -> str:
    """`text` with `&`, `<` and `>` as entities, as `spec.markup.escape` writes them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def words(language: str) -> Catalogue:
    """The catalogue for `language` (a BCP 47 tag), English when it has none."""
    code = primary(language)
    if code not in shipped():
        code = FALLBACK
    return Catalogue(language=language, code=code, entries=load_catalogue(code))


def has_words(language: str) -> bool:
    return primary(language) in shipped()


@functools.cache
def load_catalogue(code: str) -> Mapping[str, str]:
    """Every entry of `catalogues/<code>.yaml`, flattened to dotted keys. The catalogues are
    briefing's own files, read with libyaml when PyYAML has it (a tenth of the time of its
    pure-Python loader, the same entries)."""
    import yaml

    text = (CATALOGUE_DIR / f"{code}.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _flatten(yaml.load(text, Loader=loader), "")


def _flatten(node: object, prefix: str) -> dict[str, str]:
    if isinstance(node, str):
        return {prefix: node}
    if not isinstance(node, dict):
        raise TypeError(f"catalogue entry {prefix!r} is not text: {node!r}")
    entries: dict[str, str] = {}
    for key, value in node.items():
        entries.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return entries


def placeholders(entry: str) -> frozenset[str]:
    """The `{names}` an entry fills."""
    return frozenset(_PLACEHOLDER.findall(entry))


_warned: set[tuple[str, str]] = set()


def warn_if_unknown(language: str, where: Location) -> None:
    """Print, once per spec file and language, that `language` has no catalogue and prints
    English (on stderr: a warning, never a failure)."""
    if has_words(language) or (where.file, language) in _warned:
        return
    _warned.add((where.file, language))
    from ...errors import printable

    print(
        f"{where}: language: warning: no words for language {printable(repr(language))} yet; "
        f"printing English (languages: {', '.join(shipped())})",
        file=sys.stderr,
    )


def forget_warnings() -> None:
    """Warn again for every spec (a new build in the same process)."""
    _warned.clear()


# Dates and digits -----------------------------------------------------------------------------


@functools.cache
def babel_locale(language: str) -> Locale:
    """Babel's locale for a BCP 47 tag: the whole tag if CLDR knows it, else its primary
    language, else English (for CLDR's `root` and `und` too)."""
    from babel import Locale, UnknownLocaleError

    for candidate in (language.replace("_", "-"), primary(language)):
        if primary(candidate) in ("root", "und"):
            continue
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FALLBACK)


def format_date(day: datetime.date, language: str) -> str:
    """`day` as CLDR's long date format for `language` writes it, with Latin digits:
    `17 October 2017` (en-GB), `17 octobre 2017`, `17 de octubre de 2017`, `17 أكتوبر 2017`."""
    from .cldr import kept_long_date

    kept = kept_long_date(day, language)
    if kept is not None:
        return kept
    from babel.dates import format_date as babel_date

    return babel_date(day, format="long", locale=babel_locale(language))


def language_name(language: str, *, in_language: str) -> str:
    """The name of `language`'s primary language as `in_language` writes it, e.g. `anglais`
    for `en-GB` in French: for "Translated from English"."""
    code = primary(language)
    return (
        babel_locale(in_language).languages.get(code)
        or babel_locale(FALLBACK).languages.get(code)
        or language
    )


def translated_from(original: str, language: str) -> str:
    """ "Translated from English", in `language`, for a brief translated from `original`."""
    return words(language).say(
        "translation.translated_from", language=language_name(original, in_language=language)
    )


def native_digits(text: str, digits: str, *, decimal: str = ".") -> str:
    """`text` with Latin digits in `digits` (`latin` or `arabic-indic`). For Arabic-Indic
    digits, a point or comma between digits becomes the Arabic decimal mark (U+066B) when it is
    `decimal`, else the Arabic thousands mark (U+066C), and `%` the Arabic percent sign
    (U+066A)."""
    if digits != "arabic-indic" or not any(c.isascii() and c.isdigit() for c in text):
        return text
    converted = text.translate(_ARABIC_INDIC).replace("%", "\u066a")
    return _BETWEEN_DIGITS.sub(lambda m: "\u066b" if m.group(1) == decimal else "\u066c", converted)


@dataclass(frozen=True)
class Marks:
    """A language's quotation marks: outer pair, inner pair, and the space each outer mark
    keeps between itself and the words (French)."""

    open: str
    close: str
    inner_open: str
    inner_close: str
    space: str = ""


ENGLISH = Marks("\u201c", "\u201d", "\u2018", "\u2019")
MARKS: dict[str, Marks] = {
    "en": ENGLISH,
    "fr": Marks("\u00ab", "\u00bb", "\u201c", "\u201d", space="\u00a0"),
    "es": Marks("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "ar": Marks("\u00ab", "\u00bb", "\u201d", "\u201c"),
    "fa": Marks("\u00ab", "\u00bb", "\u201d", "\u201c"),
    "de": Marks("\u201e", "\u201c", "\u201a", "\u2018"),
}
"""Marks by primary language subtag; any other language takes English's."""
APOSTROPHE = "\u2019"


def marks(language: str) -> Marks:
    """The quotation marks of `language` (a BCP 47 tag)."""
    return MARKS.get(primary(language), ENGLISH)


def printed_marks(language: str) -> str:
    """Every character `smart_quotes` may print for `language`, for the glyph check."""
    m = marks(language)
    return "".join(sorted({m.open, m.close, m.inner_open, m.inner_close, APOSTROPHE, *m.space}))
