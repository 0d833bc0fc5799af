"""Turn a number the brief states, and the numbers its sources state, into a verdict.

A number is backed when a source states the same number, of the same kind (a count, a
percentage, a year), counting the same thing when the brief says what it counts (`3,000
volunteers` does not back `3,000 civilians`), with a compatible qualifier: `1,600` where the
source says `more than 1,600` drops the qualifier; `more than 80%` where it says `nearly 80%`
contradicts it; `about 159` where it says `159` is fine. A share the brief states (`159 ...,
about 10 percent of the total`) must agree with a key figure it can be a share of.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..spec.records import Figure
from .quantities import QUALIFIERS, Quantity, format_number, quantities
from .sourcetext import Passage, SourceText

Found = tuple[SourceText, int, Quantity]
"""A quantity of a source text, with the number of the sentence that states it."""


@dataclass(frozen=True)
class Verdict:
    """Why a number is not backed, and the passage that shows it."""

    kind: str
    stated: Quantity
    found: Found | None = None
    about_qualifier: bool = False

    @property
    def source(self) -> SourceText | None:
        return self.found[0] if self.found else None

    @property
    def passage(self) -> Passage | None:
        if self.found is None:
            return None
        source, sentence, quantity = self.found
        return source.passage(sentence, around=" ".join([*quantity.before[-2:], *quantity.after]))

    def message(self, label: str, passage: Passage | None) -> str:
        """What is wrong, in words, naming the source and the passage."""
        stated = repr(self.stated.shown)
        if self.found is None:
            nearest = f"; nearest, {passage}" if passage else ""
            return f"{with_unit(self.stated)!r} is not in {label}{nearest}"
        said = repr(with_unit(self.found[2]))
        where = f", {passage}" if passage else ""
        if self.kind == "number-only-as-year":
            return f"{stated} is in {label} only as a year{where}"
        if self.kind == "number-counts-something-else":
            return f"{with_unit(self.stated)!r} is not in {label}; there it is {said}{where}"
        if self.kind == "qualifier-dropped":
            return f"{stated} drops the qualifier of {said} in {label}{where}"
        if self.kind == "qualifier-not-in-source":
            qualifier = repr(self.stated.qualifier)
            return f"the qualifier {qualifier} is not in {label}: there it is {said}{where}"
        return f"{stated} contradicts {said} in {label}{where}"


def with_unit(quantity: Quantity) -> str:
    """A count with what it counts, when a plural noun follows it (`3,000 volunteers`)."""
    unit = quantity.after[0] if quantity.after else ""
    if quantity.kind == "count" and re.fullmatch(r"[^\W\d_]{2,}s|people|men|women|children", unit):
        return f"{quantity.shown} {unit}"
    return quantity.shown


class NumberIndex:
    """The quantities of one source text, by kind and value."""

    def __init__(self, source: SourceText, *, language: str) -> None:
        self._by_key: dict[tuple[str, object], list[Found]] = defaultdict(list)
        for number, (start, end) in enumerate(source.sentences):
            for quantity in quantities(source.flat[start:end], language=language):
                self._by_key[_key(quantity)].append((source, number, quantity))

    def same(self, stated: Quantity) -> list[Found]:
        """The source's quantities that state the same number as `stated`."""
        if stated.kind != "percent":
            return [f for f in self._by_key.get(_key(stated), []) if stated.same_number(f[2])]
        near = round(stated.value)
        keys = [("percent", value) for value in (near - 1, near, near + 1)]
        return [f for key in keys for f in self._by_key.get(key, []) if stated.same_number(f[2])]

    def years(self, stated: Quantity) -> list[Found]:
        """The source's years that are the number `stated`."""
        return self._by_key.get(("year", stated.value), [])


def _key(quantity: Quantity) -> tuple[str, object]:
    if quantity.kind == "vague":
        return ("vague", quantity.shown.lower())
    if quantity.kind == "percent":
        return ("percent", round(quantity.value))
    return (quantity.kind, quantity.value)


def judge(stated: Quantity, same: Sequence[Found], years: Sequence[Found]) -> Verdict | None:
    """None when a source quantity in `same` (those stating the same number) backs `stated`,
    else the verdict that says why not; `years` are the source's years of the same value."""
    if not same:
        if stated.kind == "count" and years:
            return Verdict("number-only-as-year", stated, years[0])
        return Verdict("number-not-in-source", stated)
    if stated.kind == "vague":
        return None
    if stated.kind == "count" and stated.after:
        fitting = [item for item in same if _counts_same(stated, item[2])]
        if not fitting:
            return Verdict("number-counts-something-else", stated, same[0])
        same = fitting
    bounds = {item[2].bound for item in same}
    if not stated.qualifier:
        qualified = [item for item in same if item[2].qualifier]
        if qualified:
            return Verdict("qualifier-dropped", stated, qualified[0], about_qualifier=True)
        return None
    if stated.bound in bounds or (stated.bound == "about" and "exact" in bounds):
        return None
    if bounds == {"exact"}:
        return Verdict("qualifier-not-in-source", stated, same[0], about_qualifier=True)
    differing = next(item for item in same if item[2].bound != "exact")
    return Verdict("qualifier-differs", stated, differing, about_qualifier=True)


def _stem(word: str) -> str:
    return word.removesuffix("s")[:5]


def _counts_same(stated: Quantity, found: Quantity) -> bool:
    """True when the word after the brief's number, what it counts, shares a stem with the
    words around the source's number."""
    wanted = {_stem(word) for word in stated.after[:1]}
    around = {_stem(word) for word in found.before[-3:] + found.after[:3]}
    return bool(wanted & around)


def figure_quantity(figure: Figure, *, language: str) -> Quantity | None:
    """A key figure's number, read with its label (what it counts) and its qualifier; a
    four-digit figure is a count, never a year."""
    found = quantities(f"{figure.value} {figure.label}", language=language)
    if not found:
        return None
    quantity = found[0]
    kind = "count" if quantity.kind == "year" else quantity.kind
    qualifier = (figure.qualifier or "").strip()
    bound = QUALIFIERS.get(qualifier.lower(), "about") if qualifier else "exact"
    shown = f"{qualifier} {figure.value.strip()}".strip()
    return dataclasses.replace(
        quantity, kind=kind, bound=bound, qualifier=qualifier, shown=shown, before=()
    )


def share_problem(stated: Sequence[Quantity], wholes: Sequence[tuple[str, Quantity]]) -> str | None:
    """Why a share in `stated` (a percentage followed by `of`, after a count in the same
    sentence) agrees with none of `wholes`, or None."""
    for index, share in enumerate(stated):
        if share.kind != "percent" or not share.share:
            continue
        parts = [q for q in stated[:index] if q.kind == "count"]
        if not parts:
            continue
        part = parts[-1]
        candidates = [(name, whole) for name, whole in wholes if whole.value > part.value]
        if not candidates:
            continue
        ratios = [(100 * part.value / whole.value, name, whole) for name, whole in candidates]
        if any(_agrees(ratio, share) for ratio, _, _ in ratios):
            continue
        ratio, name, whole = min(ratios, key=lambda r: abs(r[0] - share.value))
        return (
            f"{format_number(part.value, 'count')} is {ratio:.1f}% of "
            f"{format_number(whole.value, 'count')} ({name}), not {share.shown!r}"
        )
    return None


def _agrees(ratio: float, share: Quantity) -> bool:
    """True when `ratio` (a percentage) is what `share` says, given its qualifier."""
    stated = share.value
    slack = 1.0 if stated % 1 else 0.5
    if share.bound == "about":
        return abs(ratio - stated) <= max(1.0, 0.2 * stated)
    if share.bound == "lower":
        return ratio >= stated - slack
    if share.bound == "upper":
        near = share.qualifier in ("nearly", "almost", "just under", "près de", "presque", "fast")
        return ratio <= stated + slack and (not near or ratio >= 0.8 * stated)
    return abs(ratio - stated) <= slack
