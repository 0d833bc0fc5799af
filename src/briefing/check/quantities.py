"""Turn running text into the quantities it states: value, kind, qualifier and what is counted.

`1,600 civilians`, `more than two million satellite images`, `nearly 80%`, `about a tenth`,
`in 2014`: each becomes a `Quantity` with its value (1600, 2000000, 80, 10, 2014), its kind
(a count, a percentage, a year, or a vague amount such as `tens of thousands`), the qualifier
written before or after it (`more than`, `nearly`, `about`, `or more`) and the words around it
(what it counts). Number words are read by text2num in the languages it knows (English,
French, Spanish, Portuguese, German, Dutch, Danish, Italian); digits follow the spec's
language (`1,600.5` in English, `1 600,5` in French, `1.600,5` in German).

Both sides of a comparison (the brief and its sources) are read by these same rules, so a
quirk of reading applies to both alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "percent", "year", "vague"]
Bound = Literal["exact", "lower", "upper", "about"]

MAX_PIECE = 2_000
"""Characters of text read at once (see `quantities`)."""
_ENGLISH_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|"
    r"trillion|dozen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)",
    re.IGNORECASE,
)
_WORD_LANGUAGES = {"en", "fr", "es", "pt", "de", "nl", "da", "it"}
_COMMA_DECIMAL = {"fr", "es", "pt", "de", "nl", "da", "it", "id", "tr", "ru", "pl", "sv", "nb"}
QUALIFIERS: dict[str, Bound] = {
    # English
    "more than": "lower",
    "over": "lower",
    "at least": "lower",
    "upwards of": "lower",
    "in excess of": "lower",
    "above": "lower",
    "no fewer than": "lower",
    "no less than": "lower",
    "less than": "upper",
    "fewer than": "upper",
    "under": "upper",
    "up to": "upper",
    "at most": "upper",
    "below": "upper",
    "nearly": "upper",
    "almost": "upper",
    "just under": "upper",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "close to": "about",
    "exactly": "exact",
    "precisely": "exact",
    # French, German, Spanish
    "plus de": "lower",
    "au moins": "lower",
    "moins de": "upper",
    "près de": "upper",
    "presque": "upper",
    "environ": "about",
    "quelque": "about",
    "mehr als": "lower",
    "mindestens": "lower",
    "weniger als": "upper",
    "fast": "upper",
    "beinahe": "upper",
    "etwa": "about",
    "rund": "about",
    "ungefähr": "about",
    "más de": "lower",
    "al menos": "lower",
    "menos de": "upper",
    "casi": "upper",
    "unos": "about",
    "alrededor de": "about",
}
_AFTERQUALIFIERS: dict[str, Bound] = {"or more": "lower", "or so": "about", "plus": "lower"}
_PERCENT = r"%|per ?cent\b|pour ?cent\b|prozent\b|por ciento\b|per cento\b|por cento\b|procent\b"
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "eighth": 8,
    "tenth": 10,
    "tenths": 10,
}
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_FRACTION = re.compile(
    rf"\b(?:(?P<n>{'|'.join(_SMALL)})[ -])?(?P<d>{'|'.join(_FRACTIONS)})\b", re.IGNORECASE
)
_ONE_IN = re.compile(r"\b(?P<n>\d+|one) (?:in|out of) (?P<d>\d+)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(?:(?:tens|dozens|scores|hundreds|thousands|millions|billions)"
    r"(?: of (?:thousands|millions|billions))?|a dozen|several (?:hundred|thousand|million))\b",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"(?:st|nd|rd|th|er|e|ème|ten|te)\b")
_PLURAL_COUNTED = re.compile(r"^(?:[a-z]{2,}s|people|men|women|children)\b")
_STOP = frozenset(
    "a an the of in on at to by for from with and or but as is was were are be been has have "
    "had that this these those its their his her it they which who whom than about some more "
    "most over under nearly almost around".split()
)
_DIGITS = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Quantity:
    """A number a text states, and how it states it."""

    value: float
    kind: Kind
    shown: str
    """As written, with its qualifier: `more than 1,600`."""
    bound: Bound
    qualifier: str
    """The qualifier's words, `more than`, or empty."""
    after: tuple[str, ...]
    """Up to three words after the number, lower-cased, small words left out (`civilians`)."""
    before: tuple[str, ...]
    """Up to four words before it, the same way."""
    share: bool = False
    """A percentage or fraction followed by `of` (`10 percent of the total`)."""

    def same_number(self, other: Quantity) -> bool:
        """True when both state the same number of the same kind (a fraction stated in
        words, `a tenth`, is the same as `10%`, give or take a point)."""
        if self.kind != other.kind:
            return False
        if self.kind == "vague":
            return self.shown.lower() == other.shown.lower()
        slack = 1.0 if self.kind == "percent" and (self.value % 1 or other.value % 1) else 0.0
        return abs(self.value - other.value) <= slack + 1e-9 * max(abs(self.value), 1)


def format_number(value: float, kind: Kind) -> str:
    """A number as a message shows it: `1,600`, `2 million`, `80%`, `2014`."""
    if kind == "year":
        return f"{value:.0f}"
    if kind == "percent":
        return f"{value:g}%"
    for name, scale in (("billion", 1e9), ("million", 1e6)):
        if value >= scale and (value / scale * 10) % 1 == 0:
            return f"{value / scale:g} {name}"
    return f"{value:,.0f}" if value % 1 == 0 else f"{value:,}"


def word_language(language: str) -> str:
    """The two-letter code of a BCP 47 tag, `en` for `en-GB`."""
    return language.split("-", 1)[0].lower() or "en"


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit (Arabic-Indic, Devanagari...) written 0-9."""
    if text.isascii():
        return text
    return _DIGITS.sub(
        lambda m: str(d) if (d := unicodedata.decimal(m.group(), -1)) >= 0 else m.group(), text
    )


def _number_pattern(language: str) -> re.Pattern[str]:
    if language == "fr":
        group, decimal = " ", ","
    elif language in _COMMA_DECIMAL:
        group, decimal = r"\.", ","
    else:
        group, decimal = ",", r"\."
    return re.compile(
        rf"(?<![\w.,])(?P<int>\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(?P<frac>\d+))?"
        rf"(?![\w]|[.,]\d)"
    )


def _words(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_][\w'-]*", text.lower())
    return [w for w in words if w not in _STOP and not _HELD.fullmatch(w)]


def _last_words(text: str) -> str:
    """The end of `text`, at most 60 characters, starting at a whole word."""
    return text if len(text) <= 60 else text[-61:].partition(" ")[2]


def _qualifier_before(text: str) -> tuple[Bound, str]:
    tail = " ".join(text.lower().split()[-4:])
    best = ""
    for phrase in QUALIFIERS:
        if (tail == phrase or tail.endswith(" " + phrase)) and len(phrase) > len(best):
            best = phrase
    if best:
        return QUALIFIERS[best], best
    # `at nearly 80%`, `about a tenth`: a qualifier one small word earlier.
    words = tail.split()
    if len(words) >= 2 and words[-1] in ("a", "an", "at", "the", "of", "by"):
        return _qualifier_before(" ".join(words[:-1]))
    return "exact", ""


def _qualifier_after(text: str) -> tuple[Bound, str]:
    head = " ".join(text.lower().split()[:2])
    for phrase, bound in _AFTERQUALIFIERS.items():
        if head == phrase or head.startswith(phrase + " "):
            return bound, phrase
    return "exact", ""


def quantities(text: str, *, language: str = "en") -> list[Quantity]:
    """Every quantity `text` states, in order (number words read as digits, fractions such
    as `a tenth` as percentages, vague amounts such as `tens of thousands` kept as words).

    A text longer than `MAX_PIECE` is read in pieces cut at white space: reading number
    words takes time that grows with the square of a run of text."""
    if len(text) > MAX_PIECE:
        found = []
        for piece in _pieces(text):
            found += _quantities(piece, word_language(language))
        return found
    return _quantities(text, word_language(language))


def _pieces(text: str) -> list[str]:
    pieces, start = [], 0
    while start < len(text):
        end = start + MAX_PIECE
        if end < len(text):
            space = text.rfind(" ", start + MAX_PIECE // 2, end)
            end = space if space > 0 else end
        pieces.append(text[start:end])
        start = end
    return pieces


def _quantities(text: str, code: str) -> list[Quantity]:
    held: list[tuple[str, float, Kind]] = []

    def hold(match: re.Match[str], value: float, kind: Kind) -> str:
        held.append((match.group(), value, kind))
        return f" {_placeholder(len(held) - 1)} "

    def fraction(match: re.Match[str]) -> str:
        if match.group("d").lower().startswith("half") and not match.group("n"):
            if not re.match(r"\s+of\b", match.string[match.end() :]):
                return match.group()
        numerator = _SMALL.get((match.group("n") or "a").lower(), 1)
        return hold(
            match, round(100 * numerator / _FRACTIONS[match.group("d").lower()], 1), "percent"
        )

    text = ascii_digits(text).replace("qzq", "qz q")  # no placeholder but ours
    if code == "en":
        text = _VAGUE.sub(lambda m: hold(m, 0.0, "vague"), text)
        text = _FRACTION.sub(fraction, text)
    if code in _WORD_LANGUAGES and (code != "en" or _ENGLISH_NUMBER_WORD.search(text)):
        text = _spell_out_words(text, code)
    text = re.sub(r"  +", " ", text)
    found: list[tuple[int, Quantity]] = []
    for match in _HELD.finditer(text):
        shown, value, kind = held[_unplaceholder(match.group())]
        found.append((match.start(), _make(text, match, value, kind, shown=shown)))
    covered: list[range] = []
    for match in _ONE_IN.finditer(text):
        part, whole = match.group("n"), float(match.group("d"))
        if whole:
            value = round(100 * (1.0 if part.lower() == "one" else float(part)) / whole, 1)
            found.append((match.start(), _make(text, match, value, "percent")))
            covered.append(range(match.start(), match.end()))
    found += [
        item
        for item in _digits(text, _number_pattern(code))
        if not any(item[0] in span for span in covered)
    ]
    return [quantity for _, quantity in sorted(found, key=lambda item: item[0])]


_HELD = re.compile(r"\bqzq[a-j]+qzq\b")


def _placeholder(index: int) -> str:
    return "qzq" + "".join("abcdefghij"[int(d)] for d in str(index)) + "qzq"


def _unplaceholder(token: str) -> int:
    return int("".join(str("abcdefghij".index(c)) for c in token[3:-3]))


def _spell_out_words(text: str, code: str) -> str:
    """Number words as digits (`two million` → `2000000`, by text2num); a text it cannot
    read is left as it is."""
    from text_to_num import alpha2digit  # type: ignore[import-untyped]

    try:
        return str(alpha2digit(text, code, threshold=2))
    except Exception:
        return text
    except BaseException as error:
        # text2num is Rust: a panic there arrives as pyo3's PanicException, a BaseException.
        if type(error).__name__ == "PanicException":
            return text
        raise


def _digits(text: str, pattern: re.Pattern[str]) -> list[tuple[int, Quantity]]:
    found: list[tuple[int, Quantity]] = []
    matches = list(pattern.finditer(text))
    skip: set[int] = set()
    for index, match in enumerate(matches):
        if index in skip:
            continue
        rest = text[match.end() : match.end() + 80]
        if _ORDINAL.match(rest):
            continue
        digits = re.sub(r"\D", "", match.group("int"))
        value = float(f"{digits}.{match.group('frac') or 0}")
        end = match.end()
        kind: Kind = "count"
        scale = re.match(rf"\s?(?:({'|'.join(_SCALES)})s?\b|(1000|1000000|1000000000)\b)", rest)
        percent = re.match(rf"\s?(?:{_PERCENT})", rest, re.IGNORECASE)
        if percent:
            kind, end = "percent", match.end() + percent.end()
        elif scale:
            value *= _SCALES[scale.group(1).lower()] if scale.group(1) else float(scale.group(2))
            end = match.end() + scale.end()
            if scale.group(2):
                skip.add(index + 1)
        elif _is_year(match, text, value):
            kind = "year"
        found.append((match.start(), _make(text, match, value, kind, end=end)))
    return found


def _is_year(match: re.Match[str], text: str, value: float) -> bool:
    """`2014` is a year unless a plural noun follows it (`2014 civilians`)."""
    if match.group("frac") or not re.fullmatch(r"\d{4}", match.group("int")):
        return False
    if not 1000 <= value <= 2199:
        return False
    return not _PLURAL_COUNTED.match(text[match.end() : match.end() + 40].lstrip().lower())


def _make(
    text: str,
    match: re.Match[str],
    value: float,
    kind: Kind,
    *,
    end: int | None = None,
    shown: str | None = None,
) -> Quantity:
    end = match.end() if end is None else end
    before_text = text[max(match.start() - 80, 0) : match.start()]
    after_text = text[end : end + 80]
    written = shown if shown is not None else format_number(value, kind)
    bound, qualifier = _qualifier_before(before_text)
    if qualifier:
        written = f"{qualifier} {written}"
    else:
        bound, qualifier = _qualifier_after(after_text)
        written = f"{written} {qualifier}".strip()
    share = bool(re.match(r"\s*of\b", after_text)) and kind == "percent"
    return Quantity(
        value=value,
        kind=kind,
        shown=written,
        bound=bound,
        qualifier=qualifier,
        after=tuple(_words(after_text[:60])[:3]),
        before=tuple(_words(_last_words(before_text))[-4:]),
        share=share,
    )
