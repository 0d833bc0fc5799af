"""Turn a quote and the texts of its sources into where its words stand, or why they do not.

A quote must appear word for word, once quotation marks, apostrophes, dashes and white space
are written one way and a capital at its start is forgiven. Two edits are allowed and listed:
a `[word]` in brackets stands for up to `MAX_REPLACED_WORDS` words of the source (or adds one),
and `…` or `...` (or `[…]`) cuts up to `MAX_CUT` characters. The words must stand between
quotation marks in the source (else they are the reporter's, not the speaker's), must not
stop or start in the middle of the quoted sentence unless a `…` says so, and the speaker must
be named near them: in the same paragraph, within `SPEAKER_WINDOW` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from .claims import QuoteClaim
from .quantities import quantities
from .sourcetext import Passage, SourceText, flatten

Severity = Literal["warning", "info"]

MAX_REPLACED_WORDS = 6
MAX_REPLACED_CHARACTERS = 80
MAX_CUT = 600
SPEAKER_WINDOW = 600
MAX_STARTS = 200
"""Places the first words of a quote are tried at: a quote starting `the` in a long report."""
_EDIT = re.compile(r"\[(?:\u2026|\.\.\.)\]|\u2026|\[[^\[\]]*\]")
_GENERIC = frozenset(
    "International National Group Office Council Committee Ministry Organisation Organization "
    "Union United Nations Human Rights Watch Foundation Institute Agency Government Department "
    "Forces Coalition State States The And For Of".split()
)


@dataclass(frozen=True)
class Edit:
    """A bracketed insertion or a cut, and the source's words it stands for."""

    written: str
    replaced: str


@dataclass
class Placed:
    """Where a quote's words stand in one source text."""

    source: SourceText
    start: int
    end: int
    edits: list[Edit] = field(default_factory=list)
    cut_start: bool = False
    cut_end: bool = False

    @property
    def quoted(self) -> bool:
        """True when the words stand between quotation marks in the source."""
        return self.source.in_quotation(self.start)

    def cut_short(self) -> str | None:
        """Which end of the quotation, if any, the quote leaves off without a `…`."""
        flat = self.source.flat
        before = flat[max(self.start - 20, 0) : self.start].rstrip()[-1:]
        if not self.cut_start and before not in ('"', ".", "!", "?", ":", ""):
            return "start"
        after = flat[self.end : self.end + 4].lstrip(",;:")
        if not self.cut_end and not re.match(r'[.!?\u2026]|\s?"|$', after):
            return "end"
        return None

    def names_speaker(self, speaker: str) -> bool:
        """True when the source names `speaker` (in full, or a telling word of the name) in
        the paragraph that holds the quote, within `SPEAKER_WINDOW` characters of it."""
        start, end = self.source.paragraph(self.start)
        start, end = max(start, self.start - SPEAKER_WINDOW), min(end, self.end + SPEAKER_WINDOW)
        return any(
            self.source.has_phrase(name, start=start, end=end) for name in speaker_names(speaker)
        )


def speaker_names(speaker: str) -> list[str]:
    """The ways a source may name a speaker: in full, or by a telling word of the name
    (`Rovera`, `Amnesty`), never by a generic one (`International`)."""
    names = [speaker.strip()]
    for word in re.findall(r"[^\W\d_][\w'-]+", speaker):
        if word[0].isupper() and len(word) >= 3 and word not in _GENERIC:
            names.append(word)
    return names


@dataclass(frozen=True)
class Parsed:
    """A quote's words as literal runs, with the edits between them."""

    runs: list[str]
    edits: list[str]
    """`edits[i]` stands between `runs[i]` and `runs[i + 1]`."""
    cut_start: bool
    """The quote starts with an edit (`…`, or `[The coalition]` for the source's words)."""
    cut_end: bool
    added: list[str]
    """Bracketed insertions at the start or end, which stand for no words we can find."""


def parse(text: str) -> Parsed:
    """Split a quote at its `[insertions]` and `…` cuts."""
    flat = flatten(text).replace('"', "").strip()
    runs, edits, position = [], [], 0
    for match in _EDIT.finditer(flat):
        runs.append(flat[position : match.start()].strip())
        edits.append(match.group())
        position = match.end()
    runs.append(flat[position:].strip())
    cut_start = bool(edits) and not runs[0]
    cut_end = bool(edits) and not runs[-1]
    added = []
    while runs and not runs[0]:
        runs.pop(0)
        if edits:
            added.append(edits.pop(0))
    while runs and not runs[-1]:
        runs.pop()
        if edits:
            added.append(edits.pop())
    return Parsed(runs, edits, cut_start, cut_end, [e for e in added if not _is_cut(e)])


def _is_cut(edit: str) -> bool:
    return edit in ("\u2026", "[\u2026]", "[...]")


def place(text: str, source: SourceText) -> Placed | None:
    """Where the quote `text` stands in `source`, or None when it is not there verbatim;
    among several places, one between quotation marks."""
    parsed = parse(text)
    if not parsed.runs:
        return None
    unquoted = source.unquoted
    first = parsed.runs[0]
    places: list[Placed] = []
    position = 0
    for _ in range(MAX_STARTS):
        found = unquoted.find(first[1:], position)
        if found < 0:
            break
        position = found + 1
        start = found - 1 if first[:1] else found
        if start < 0 or unquoted[start].lower() != first[0].lower():
            continue
        placed = _follow(parsed, start, found + len(first) - 1, source)
        if placed is not None:
            places.append(placed)
            if placed.quoted:
                return placed
    return places[0] if places else None


def _follow(parsed: Parsed, start: int, end: int, source: SourceText) -> Placed | None:
    """The place of every run after the first, each after the one before, or None."""
    unquoted, edits = source.unquoted, []
    for edit, run in zip(parsed.edits, parsed.runs[1:], strict=True):
        reach = MAX_CUT if _is_cut(edit) else MAX_REPLACED_CHARACTERS
        found = unquoted.find(run, end, end + reach + len(run))
        if found < 0:
            return None
        gap = unquoted[end:found]
        if _is_cut(edit):
            if len(gap) > MAX_CUT or not gap.strip():
                return None
        elif len(gap.split()) > MAX_REPLACED_WORDS:
            return None
        edits.append(Edit(edit, gap.strip()))
        end = found + len(run)
    return Placed(
        source,
        source.from_unquoted(start),
        source.from_unquoted(end - 1) + 1,
        [Edit(added, "") for added in parsed.added] + edits,
        parsed.cut_start,
        parsed.cut_end,
    )


Report = tuple[str, str, str, Severity, SourceText, Passage | None]
"""A finding about a quote: key path, kind, message, severity, source and passage."""


def check_quote(
    claim: QuoteClaim, targets: list[SourceText], *, language: str = "en"
) -> Iterator[Report]:
    """What is wrong with a quote (or allowed but worth listing), given its sources' texts;
    `language` reads the numbers of a quote that is not verbatim."""
    text_key, speaker_key = f"{claim.key_path}.text", f"{claim.key_path}.speaker"
    placed = [p for p in (place(claim.quote.text, source) for source in targets) if p]
    if not placed:
        yield _not_verbatim(claim.quote.text, targets, text_key, language)
        return
    chosen = next((p for p in placed if p.quoted), placed[0])
    source, label = chosen.source, chosen.source.label()
    passage = source.passage_at(chosen.start)
    for edit in chosen.edits:
        if _is_cut(edit.written):
            words = len(re.findall(r"\w+", edit.replaced))
            plural = "s" if words != 1 else ""
            left_out = _shown(edit.replaced)
            message = (
                f"{edit.written} leaves out {words} word{plural} of {label}, line "
                f"{passage.line}: {left_out!r}"
            )
        elif edit.replaced:
            message = f"{edit.written} stands for {edit.replaced!r} in {label}, line {passage.line}"
        else:
            message = f"{edit.written} is added to the words of {label}, line {passage.line}"
        yield text_key, "quote-edit", message, "info", source, passage
    if not chosen.quoted:
        message = (
            f"these words are in {label}, {passage}, but not between quotation marks: there "
            "they are the reporter's words, not a quote"
        )
        yield text_key, "quote-not-quoted", message, "warning", source, passage
    elif (end := chosen.cut_short()) is not None:
        if end == "end":
            passage = source.passage_at(chosen.end)
            goes_on = source.flat[chosen.end : chosen.end + 60].split('"')[0]
            message = f"cut short: the quoted words go on in {label} ({_shown(goes_on)!r})"
        else:
            came = source.flat[max(chosen.start - 60, 0) : chosen.start].split('"')[-1]
            came = _shown(came, end=True)
            message = f"starts mid-sentence: the quoted words begin earlier in {label} ({came!r})"
        message += f", {passage}; mark the cut with \u2026 or quote the whole sentence"
        yield text_key, "quote-cut-short", message, "warning", source, passage
    if not chosen.names_speaker(claim.quote.speaker):
        message = f"{claim.quote.speaker!r} is not named near this quote in {label}, {passage}"
        yield speaker_key, "quote-speaker-not-named", message, "warning", source, passage


def _not_verbatim(text: str, targets: list[SourceText], key_path: str, language: str) -> Report:
    source = targets[0]
    number = None
    for candidate in targets:
        number = candidate.nearest_sentence(text)
        if number is not None:
            source = candidate
            break
    labels = " or ".join(t.label() for t in targets)
    if number is None:
        return (
            key_path,
            "quote-not-verbatim",
            f"not found verbatim in {labels}",
            "warning",
            source,
            None,
        )
    passage = source.passage(number, around=flatten(text))
    message = f"not found verbatim in {labels}; nearest, {passage}"
    there = quantities(source.sentence(number), language=language)
    read = quantities(text, language=language)
    differ = [q.shown for q in read if not any(q.same_number(t) for t in there)]
    if differ:
        verb = "is" if len(differ) == 1 else "are"
        message += f"; the quote's {', '.join(differ)} {verb} not in that passage"
    return key_path, "quote-not-verbatim", message, "warning", source, passage


def _shown(words: str, *, end: bool = False) -> str:
    """A few words of a source, for a message: at most 40 characters."""
    words = words.strip()
    if len(words) <= 40:
        return words
    return "..." + words[-37:].split(" ", 1)[-1] if end else words[:37].rsplit(" ", 1)[0] + "..."
