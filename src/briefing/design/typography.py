"""Turn straight quotes and apostrophes typed in a spec into the marks of the brief's language.

`"` and `'` are what a keyboard types; a printed brief wants “ ” ‘ ’ and ’ in English,
« » with no-break spaces inside in French, « » in Spanish and Arabic. Quotation marks
typed inside a quote (which briefing itself puts between marks) take the language's inner
marks. Marks already typographic are left as typed, and so are web and email addresses
(a link's target, a bare `https://...`).

The no-break space inside French guillemets is U+00A0, not the narrow U+202F: ReportLab
breaks lines at U+202F and prints it as an ordinary space. In Arabic, « » are the marks of
the Arabic press; they are mirrored characters, so the bidirectional algorithm turns them to
face the text in a right-to-left line. (CLDR gives ” “ instead, the convention that needs no
mirroring; those are the inner marks here.)

A spec is typeset once, just before layout (`typeset`), so every printed field gets its marks:
paragraphs, headings, the running head, chart labels, the PDF's title; and, after the marks,
the no-break spaces that keep a short last word from a line of its own (`runts`).
`briefing check` and the comparison with sources read the spec as typed.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, TypeVar

from ..bounded import Bounded
from ..spec.records import Figure, Quote, Source
from .i18n import APOSTROPHE, Marks, marks
from .runts import Measure, bind

if TYPE_CHECKING:
    from ..spec.validate import LoadedSpec


_PROTECTED = re.compile(
    r"\]\([^()\s]+\)"  # a link's target in markup: [label](https://...)
    r"|(?:https?://|mailto:|www\.)[^\s\"]*[^\s\"'.,;:!?)]"  # a bare address
    r"|[\w.+-]+(?:'[\w.+-]+)*@[\w-]+(?:\.[\w-]+)+"  # an email address
)
_ENDS_WORD = frozenset(".,!?)]}%\u2026\u2019\u201d\u00bb")
_MARKUP = "*"


def smart_quotes(text: str, language: str, *, inside_quote: bool = False) -> str:
    """`text` with its straight `"` and `'` as `language`'s marks and apostrophes.

    A `"` opens after white space, a bracket, a dash, an opening mark or a sign such as `=`,
    before a word (or before a space when none is open: `" bonjour "`), and closes elsewhere;
    quotes inside quotes take the inner marks (`inside_quote`: the text is itself a quotation,
    so its own quotes are inner ones). A `'` that opens before a word and closes after one is
    a single quote in the inner marks; any other is an apostrophe."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    position = 0
    state = _State(marks(language), depth=1 if inside_quote else 0)
    for match in _PROTECTED.finditer(text):
        out.append(state.convert(text, position, match.start()))
        out.append(match.group(0))
        position = match.end()
    out.append(state.convert(text, position, len(text)))
    return "".join(out)


class _State:
    """Which quotes are open, across the pieces of one text that addresses split."""

    def __init__(self, language_marks: Marks, *, depth: int) -> None:
        self.marks = language_marks
        self.base = depth
        self.doubles: list[str] = []
        """The closing mark of each `"` still open, innermost last."""
        self.single_open = False

    def convert(self, text: str, start: int, end: int) -> str:
        out: list[str] = []
        i = start
        while i < end:
            char = text[i]
            before = _before(text, i)
            after = text[i + 1] if i + 1 < len(text) else ""
            if char == '"' and _boundary(before) and (_word(after) or not self.doubles):
                out.append(self._open_double())
                if self.marks.space and self.doubles[-1] == self.marks.close:
                    while i + 1 < end and text[i + 1] in " \t":
                        i += 1
            elif char == '"':
                closing = self.doubles.pop() if self.doubles else self.marks.close
                if self.marks.space and closing == self.marks.close:
                    while out and out[-1] in " \t":
                        out.pop()
                    closing = self.marks.space + closing
                out.append(closing)
            elif char == "'":
                out.append(self._single(before, after))
            else:
                out.append(char)
            i += 1
        return "".join(out)

    def _open_double(self) -> str:
        m = self.marks
        if (self.base + len(self.doubles)) % 2 == 1:
            self.doubles.append(m.inner_close)
            return m.inner_open
        self.doubles.append(m.close)
        return m.open + m.space

    def _single(self, before: str, after: str) -> str:
        """An apostrophe, or a single quotation mark (the language's inner marks)."""
        word_after = after.isalpha() or after == "_"
        if self.single_open and before.strip() and not (after.isalnum() or after == "_"):
            self.single_open = False
            return self.marks.inner_close
        if not before.isalnum() and _boundary(before) and word_after:
            self.single_open = True
            return self.marks.inner_open
        return APOSTROPHE


def _before(text: str, i: int) -> str:
    """The character before position `i`, looking through markup markers (`**"x"**`)."""
    j = i - 1
    while j >= 0 and text[j] in _MARKUP:
        j -= 1
    return text[j] if j >= 0 else ""


def _boundary(before: str) -> bool:
    """Whether a quotation may open after `before`: anything but a letter, a digit or a mark
    that ends a word (`.`, `,`, `!`, `?`, a closing bracket or quotation mark)."""
    return not before or not (before.isalnum() or before in _ENDS_WORD)


def _word(after: str) -> bool:
    return bool(after) and not after.isspace()


# Typesetting a whole spec ---------------------------------------------------------------------

_NEVER = frozenset(
    {"id", "source", "sources", "figure", "part", "whole", "template", "logo", "path"}
    | {"url", "email", "language", "layouts", "page_size", "kind", "keywords"}
)
"""Fields that are ids, addresses, paths or settings: never printed as running text."""


def _never_printed(name: str, value: object) -> bool:
    """Whether a field holds ids, addresses, paths or settings (`sources` of a finding, not
    the spec's list of sources)."""
    texts = value if isinstance(value, list) else [value]
    return name in _NEVER and all(isinstance(text, str) for text in texts)


_NARROW: dict[tuple[type, str], Measure] = {
    (Quote, "text"): Measure.QUOTE,
    (Figure, "label"): Measure.FIGURE,
    (Figure, "qualifier"): Measure.FIGURE,
    (Figure, "value"): Measure.FIGURE,
}
"""Fields set narrower than running text, whose last two words may bind only when shorter."""

MAX_TEXTS = 4096
MAX_CHARACTERS = 2_000_000
"""The bounds of the texts kept typeset (`_TYPESET`): entries, and characters of the texts
and their typeset forms together. A brief has a few hundred printed texts of ~30,000
characters; a mail-merge adds the few fields each recipient changes."""
_TYPESET: Bounded[str] = Bounded(entries=MAX_TEXTS, size=MAX_CHARACTERS)
"""A text's typeset form, keyed on everything that makes it: the text, its language, whether
it is a quotation and its measure. A spec typeset again (another build, another audience, a
watch save) is mostly texts typeset before; what a build did not use is forgotten at the next
(`forget`), so that a mail-merge keeps about two recipients' texts."""

_Plan = tuple[tuple[str, bool, Measure], ...]
_PLANS: dict[type, _Plan] = {}
"""For each dataclass type: each field's name, whether it is a quotation and its measure."""

T = TypeVar("T")


def typeset(
    value: T, language: str, *, inside_quote: bool = False, measure: Measure = Measure.TEXT
) -> T:
    """`value` (a spec or any part of it) with `smart_quotes` and then `runts.bind` applied to
    every printed text field: ids, paths, web and email addresses and settings are left as
    typed, a source's `text` (the path of its local copy) too, and a quote's words are a
    quotation."""
    if isinstance(value, str):
        return _text(value, language, inside_quote, measure)  # type: ignore[return-value]
    if isinstance(value, list):
        items = [typeset(v, language, inside_quote=inside_quote, measure=measure) for v in value]
        return items  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: typeset(v, language) for k, v in value.items()}  # type: ignore[return-value]
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for name, quoted, narrow in _plan(type(value)):
        current = getattr(value, name)
        if _never_printed(name, current):
            continue
        changed = typeset(current, language, inside_quote=quoted, measure=narrow)
        if changed != current:
            changes[name] = changed
    return dataclasses.replace(value, **changes) if changes else value


def _text(text: str, language: str, inside_quote: bool, measure: Measure) -> str:
    """`text` with `smart_quotes` and then `runts.bind` applied, kept for the next time."""
    key = (text, language, inside_quote, measure)
    known = _TYPESET.get(key)
    if known is None:
        known = bind(smart_quotes(text, language, inside_quote=inside_quote), measure=measure)
        _TYPESET.put(key, known, size=len(text) + len(known))
    return known


def forget() -> None:
    """Forget the texts the last build did not typeset (`layout.paragraphs.forget` calls it
    at the start of each build); called twice, every text."""
    _TYPESET.age()


def _plan(kind: type) -> _Plan:
    """The fields of the dataclass `kind` that may be printed, with how each is set (a
    source's `text` is the path of its local copy, never printed)."""
    plan = _PLANS.get(kind)
    if plan is None:
        plan = tuple(
            (f.name, f.name == "text" and kind is Quote, _NARROW.get((kind, f.name), Measure.TEXT))
            for f in dataclasses.fields(kind)
            if not (f.name == "text" and kind is Source)
        )
        _PLANS[kind] = plan
    return plan


def typeset_spec(loaded: LoadedSpec) -> LoadedSpec:
    """`loaded` with its spec typeset in its own language, for a layout to draw."""
    return dataclasses.replace(loaded, spec=typeset(loaded.spec, loaded.spec.language))
