"""Turn a language into the words it writes around numbers: words for scale (`million`,
`Milliarde`, `مليون`) and percent (`per cent`), and qualifiers (`more than`, `près de`), both
as a figure's qualifier is read and as a computed share is written.

Words are keyed by primary language subtag; `numbers.py` reads a language without a table of
its own with English's. A computed share is written with the catalogue's words (`i18n.py`)
where the language has one. Each language's scale words are its own: German `Billion` and French
`billion` are 10^12, a milliard (`Milliarde`, `milliard`, `mil millones`) 10^9.
"""

from __future__ import annotations

import enum


class Direction(enum.Enum):
    """Where the true number lies from the one written."""

    EXACT = "exact"
    ABOVE = "above"
    BELOW = "below"
    ABOUT = "about"


SCALES: dict[str, dict[str, float]] = {
    "en": {"million": 1e6, "millions": 1e6, "thousand": 1e3, "thousands": 1e3}
    | {"billion": 1e9, "billions": 1e9, "trillion": 1e12, "trillions": 1e12},
    "fr": {"millions": 1e6, "million": 1e6, "mille": 1e3, "milliard": 1e9, "milliards": 1e9}
    | {"billion": 1e12, "billions": 1e12},
    "de": {"Millionen": 1e6, "Million": 1e6, "Mio.": 1e6, "Tausend": 1e3}
    | {"Milliarde": 1e9, "Milliarden": 1e9, "Mrd.": 1e9, "Billion": 1e12, "Billionen": 1e12},
    "es": {"millones": 1e6, "millón": 1e6, "mil millones": 1e9, "mil": 1e3}
    | {"millardo": 1e9, "millardos": 1e9, "billón": 1e12, "billones": 1e12},
    "it": {"milioni": 1e6, "milione": 1e6, "mila": 1e3, "mille": 1e3}
    | {"miliardo": 1e9, "miliardi": 1e9},
    "pt": {"milhões": 1e6, "milhão": 1e6, "mil milhões": 1e9, "mil": 1e3}
    | {"bilhão": 1e9, "bilhões": 1e9, "bilião": 1e12, "biliões": 1e12},
    "nl": {"miljoen": 1e6, "duizend": 1e3, "miljard": 1e9, "biljoen": 1e12},
    "ar": {"مليون": 1e6, "ملايين": 1e6, "ألف": 1e3, "آلاف": 1e3, "مليار": 1e9, "مليارات": 1e9},
}
"""Words for scale after a number, by primary language; the first word for a million is the
one examples use. Each language's own: German `Billion` is 10^12, not 10^9."""
PERCENT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("percent", "per cent"),
    "fr": ("pour cent",),
    "de": ("Prozent",),
    "es": ("por ciento",),
    "it": ("per cento",),
    "pt": ("por cento",),
    "nl": ("procent",),
    "ar": ("بالمئة", "في المئة", "بالمائة", "في المائة"),
}
QUALIFIERS: dict[Direction, tuple[str, ...]] = {
    Direction.EXACT: ("exactly", "précisément", "exactement", "genau", "exactamente"),
    Direction.ABOVE: (
        *("more than", "over", "at least", "upwards of", "in excess of", "above", "just over"),
        *("no fewer than", "no less than", "greater than", "exceeding", "well over"),
        *("plus de", "plus d'", "au moins", "au-delà de"),
        *("mehr als", "über", "mindestens", "gut", "weit über"),
        *("más de", "al menos", "por lo menos"),
        *("più di", "oltre", "almeno", "mais de", "pelo menos", "meer dan", "minstens"),
        *("أكثر من", "ما لا يقل عن", "على الأقل", "أزيد من", "ما يزيد على", "ما يزيد عن"),
    ),
    Direction.BELOW: (
        *("less than", "fewer than", "under", "up to", "at most", "below", "no more than"),
        *("as many as", "just under", "moins de", "moins d'", "jusqu'à", "au plus"),
        *("au maximum", "weniger als", "unter", "bis zu", "höchstens", "menos de", "hasta"),
        *("como máximo", "meno di", "fino a", "até", "minder dan", "tot", "hooguit"),
        *("أقل من", "حتى", "ما يصل إلى", "على الأكثر"),
    ),
    Direction.ABOUT: (
        *("about", "around", "nearly", "almost", "approximately", "roughly", "some"),
        *("an estimated", "estimated", "close to", "circa", "c.", "approx.", "~"),
        *("environ", "près de", "presque", "quelque", "autour de", "quasiment"),
        *("approximativement", "à peu près", "etwa", "rund", "fast", "beinahe", "ungefähr"),
        *("ca.", "knapp", "nahezu", "alrededor de", "casi", "cerca de", "unos", "unas"),
        *("aproximadamente", "quasi", "quase", "ongeveer", "bijna"),
        *("نحو", "حوالي", "حوالى", "قرابة", "ما يقرب من", "تقريبا", "زهاء"),
    ),
}
"""A figure's qualifier and where it puts the true number; any other qualifier reads as
`about`. `nearly` and `almost` read as `about`: close to the number, on either side of it
once rounded."""
SHARE_WORDS: dict[str, dict[Direction, str]] = {
    "de": {Direction.ABOUT: "etwa", Direction.BELOW: "weniger als", Direction.ABOVE: "mehr als"},
    "it": {Direction.ABOUT: "circa", Direction.BELOW: "meno di", Direction.ABOVE: "più di"},
    "pt": {Direction.ABOUT: "cerca de", Direction.BELOW: "menos de", Direction.ABOVE: "mais de"},
    "nl": {Direction.ABOUT: "ongeveer", Direction.BELOW: "minder dan"}
    | {Direction.ABOVE: "meer dan"},
}
"""How a language without a catalogue of its own (`catalogues/`) qualifies a computed number;
the catalogues say it for theirs (`shares:`)."""

DIRECTIONS = {word: direction for direction, words in QUALIFIERS.items() for word in words}
"""Every qualifier known, in any language, and its direction."""
