"""Turn the `text:` files of a spec's sources into searchable source texts.

A source text is untrusted input like any other: its path must stay inside the project
(`assets.resolve_asset`), it must be a regular UTF-8 file within `MAX_SOURCE_BYTES`, and every
problem is a located error at the `text:` that names it. Once read, a text is flattened for
comparison (quotation marks, apostrophes, dashes and runs of white space written one way),
cut into paragraphs and sentences, and indexed by word, so that `nearest` finds the passage a
claim most resembles in well under a second, however long the text. Positions map back to the
file's line numbers for messages.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Problem, SpecError
from ..spec.assets import AssetError, read_regular, resolve_asset, shorten
from ..spec.validate import LoadedSpec
from .claims import NAME_TOKEN, addresses_in

MAX_SOURCE_BYTES = 2 * 1024 * 1024
"""Bytes in one source text (a long report as plain text is well under this)."""
MAX_SOURCE_TOTAL = 8 * 1024 * 1024
"""Bytes in all the source texts of one spec together."""
MAX_QUERY_WORDS = 12
"""The rarest words of a claim that `nearest` looks for: common ones say little and cost
much in a long text."""
MAX_NAME_WORDS = 8
"""Words in the longest name looked for."""
PASSAGE_CHARACTERS = 100
"""Characters of a passage a message quotes."""

_SAME = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u0060\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
_SPACES = str.maketrans(
    dict.fromkeys(
        "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
        "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
        " ",
    )
)
_RUNS = re.compile(r" {2,}|\.\.\.")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]]*\s+(?=[\"'(\[]?[^\W_a-z])")
_WORD = re.compile(r"[^\W\d_][\w'-]{2,}")
_COMMON = frozenset(
    "the and for that with was were are has have had this these those from their they which "
    "who said also been not but its his her our out more than into over about some".split()
)


def flatten(text: str) -> str:
    """`text` as compared: one kind of quotation mark, apostrophe and dash, `...` as `…`, and
    each run of white space (line breaks too) as one space."""
    spaced = text.translate(_SAME).translate(_SPACES)
    return _RUNS.sub(lambda m: "\u2026" if m.group() == "..." else " ", spaced)


@dataclass(frozen=True)
class Passage:
    """A sentence of a source text, as a message quotes it."""

    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text!r}"


@dataclass
class SourceText:
    """The text of one file that one or more sources point to, ready to search."""

    path: Path
    name: str
    """The file's name, as messages show it."""
    raw: str
    numbers: list[int] = field(default_factory=list)
    """The 1-based numbers of the sources whose `text:` is this file."""
    ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.flat, self._flat_starts, self._raw_starts = _flatten_mapped(self.raw)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.raw)]
        self.quote_marks = [m.start() for m in re.finditer('"', self.flat)]
        self.sentences = self._split_sentences()
        self._sentence_starts = [start for start, _ in self.sentences]

    def label(self) -> str:
        """`source 2 (raqqa-article.txt)`, or `sources 1 and 2 (...)` when several share it."""
        listed = " and ".join(", ".join(map(str, self.numbers)).rsplit(", ", 1))
        plural = "s" if len(self.numbers) > 1 else ""
        return f"source{plural} {listed} ({self.name})"

    def raw_offset(self, flat: int) -> int:
        """Where character `flat` of the flattened text sits in the file's text."""
        segment = bisect.bisect_right(self._flat_starts, flat) - 1
        return self._raw_starts[segment] + flat - self._flat_starts[segment]

    def line(self, flat: int) -> int:
        """The 1-based line of the file that holds character `flat` of the flattened text."""
        return bisect.bisect_right(self._line_starts, self.raw_offset(flat))

    def sentence_at(self, flat: int) -> int:
        """The index of the sentence that holds character `flat`."""
        return max(bisect.bisect_right(self._sentence_starts, flat) - 1, 0)

    def passage(self, sentence: int, *, around: str | int | None = None) -> Passage:
        """Sentence number `sentence` (0-based), cut to `PASSAGE_CHARACTERS` around `around`
        (a position in the flattened text, or words the sentence best aligns with), with the
        line where the shown text starts."""
        start, end = self.sentences[sentence]
        text = self.flat[start:end]
        start += len(text) - len(text.lstrip())
        text = text.strip()
        if len(text) <= PASSAGE_CHARACTERS:
            return Passage(self.line(start), text)
        focus = 0
        if isinstance(around, int):
            focus = around - start
        elif around:
            from rapidfuzz import fuzz  # only for a claim not found as written (9 ms to import)

            alignment = fuzz.partial_ratio_alignment(around.lower(), text.lower())
            focus = alignment.dest_start if alignment is not None else 0
        begin = max(0, min(focus - 20, len(text) - PASSAGE_CHARACTERS + 8))
        if begin:
            begin = text.find(" ", begin) + 1 or begin
        piece = text[begin : begin + PASSAGE_CHARACTERS - 8]
        if begin + len(piece) < len(text):
            piece = piece.rsplit(" ", 1)[0] + " ..."
        return Passage(self.line(start + begin), ("... " if begin else "") + piece)

    def passage_at(self, flat: int) -> Passage:
        """The passage that holds character `flat`, shown around it."""
        return self.passage(self.sentence_at(flat), around=flat)

    def in_quotation(self, flat: int) -> bool:
        """True when character `flat` lies between quotation marks."""
        return bisect.bisect_right(self.quote_marks, flat) % 2 == 1

    def paragraph(self, flat: int) -> tuple[int, int]:
        """The start and end, in the flattened text, of the paragraph that holds `flat`."""
        index = bisect.bisect_right(self._paragraph_starts, flat) - 1
        return self._paragraphs[max(index, 0)]

    def has_phrase(
        self, phrase: str, *, start: int = 0, end: int | None = None, any_case: bool = False
    ) -> bool:
        """True when `phrase` (flattened) stands as whole words in the text, or in a part."""
        flags = re.IGNORECASE if any_case else 0
        pattern = re.compile(rf"(?<!\w){re.escape(flatten(phrase))}(?!\w)", flags)
        return pattern.search(self.flat, start, len(self.flat) if end is None else end) is not None

    def has_name(self, name: str) -> bool:
        """True when the text holds `name` as `claims.names_in` reads names: words joined by
        single spaces, starting with a capital, a possessive `'s` left off."""
        return flatten(name) in self._name_phrases

    @cached_property
    def _name_phrases(self) -> frozenset[str]:
        tokens = list(NAME_TOKEN.finditer(self.flat))
        phrases: set[str] = set()
        for first, token in enumerate(tokens):
            if not token.group()[0].isupper():
                continue
            words: list[str] = []
            end = token.start()
            for following in tokens[first : first + MAX_NAME_WORDS]:
                if words and self.flat[end : following.start()] != " ":
                    break
                word, end = following.group(), following.end()
                bare = re.sub(r"['\u2019]s$", "", word)
                words.append(bare)
                phrases.add(" ".join(words))
                if bare != word:
                    break
        return frozenset(phrases)

    @cached_property
    def unquoted(self) -> str:
        """The flattened text without its quotation marks: a quote is written without them,
        though the source may close and reopen them mid-sentence."""
        return self.flat.replace('"', "")

    def from_unquoted(self, index: int) -> int:
        """Where character `index` of `unquoted` stands in the flattened text."""
        flat = index
        while (moved := index + bisect.bisect_right(self.quote_marks, flat)) != flat:
            flat = moved
        return flat

    @cached_property
    def _paragraphs(self) -> list[tuple[int, int]]:
        breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", self.raw)]
        bounds, start = [], 0
        for raw_break in breaks:
            flat_break = self._flat_index(raw_break)
            if flat_break > start:
                bounds.append((start, flat_break))
                start = flat_break
        bounds.append((start, len(self.flat)))
        return bounds

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self._paragraphs]

    def _flat_index(self, raw: int) -> int:
        segment = bisect.bisect_right(self._raw_starts, raw) - 1
        return min(self._flat_starts[segment] + raw - self._raw_starts[segment], len(self.flat))

    def _split_sentences(self) -> list[tuple[int, int]]:
        sentences = []
        for start, end in self._paragraphs:
            position = start
            for match in _SENTENCE_END.finditer(self.flat, start, end):
                sentences.append((position, match.end()))
                position = match.end()
            if position < end:
                sentences.append((position, end))
        return sentences or [(0, len(self.flat))]

    @cached_property
    def _index(self) -> tuple[dict[str, list[int]], dict[str, float]]:
        postings: dict[str, list[int]] = defaultdict(list)
        for number, (start, end) in enumerate(self.sentences):
            for word in set(_words(self.flat[start:end])):
                postings[word].append(number)
        count = len(self.sentences)
        weights = {word: math.log(1 + count / len(where)) for word, where in postings.items()}
        return postings, weights

    def nearest(self, query: str) -> Passage | None:
        """The passage `query` most resembles (see `nearest_sentence`), or None."""
        number = self.nearest_sentence(query)
        return None if number is None else self.passage(number, around=query)

    def sentence(self, number: int) -> str:
        """Sentence `number` in full, flattened."""
        start, end = self.sentences[number]
        return self.flat[start:end]

    @cached_property
    def addresses(self) -> frozenset[str]:
        """Every web and email address the text holds, as `bare_address` writes them."""
        return frozenset(bare_address(address) for address in addresses_in(self.flat))

    def nearest_sentence(self, query: str) -> int | None:
        """The sentence `query` most resembles: of the sentences sharing the most telling
        words with it, the best by rapidfuzz's partial alignment; None when none shares one."""
        postings, weights = self._index
        scores: dict[int, float] = defaultdict(float)
        telling = sorted(
            set(_words(flatten(query))) & weights.keys(), key=lambda w: (-weights[w], w)
        )
        for word in telling[:MAX_QUERY_WORDS]:
            for sentence in postings[word]:
                scores[sentence] += weights[word]
        if not scores:
            return None
        candidates = heapq.nlargest(20, scores, key=lambda number: (scores[number], -number))
        wanted = flatten(query).lower()
        from rapidfuzz import fuzz

        def rank(number: int) -> tuple[float, float, int]:
            start, end = self.sentences[number]
            similarity = fuzz.partial_ratio(wanted, self.flat[start:end].lower())
            return (-similarity, -scores[number], number)

        return min(candidates, key=rank)


def bare_address(address: str) -> str:
    """A web or email address as compared: no scheme, `www.`, `mailto:` or final `/`, and
    its host in lower case."""
    bare = re.sub(r"^(?:https?://|mailto:)?(?:www\.)?", "", address.strip(), flags=re.I)
    host, slash, rest = bare.partition("/")
    return (host.lower() + slash + rest).rstrip("/.")


def _words(text: str) -> list[str]:
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _COMMON]


def _flatten_mapped(raw: str) -> tuple[str, list[int], list[int]]:
    """The flattened text, and where each of its stretches starts in it and in `raw` (a new
    stretch starts wherever flattening shortened the text)."""
    spaced = raw.translate(_SAME).translate(_SPACES)
    parts, flat_starts, raw_starts = [], [0], [0]
    position = length = 0
    for match in _RUNS.finditer(spaced):
        parts.append(spaced[position : match.start()])
        parts.append("\u2026" if match.group() == "..." else " ")
        length += match.start() - position + 1
        position = match.end()
        flat_starts.append(length)
        raw_starts.append(position)
    parts.append(spaced[position:])
    return "".join(parts), flat_starts, raw_starts


def load_texts(loaded: LoadedSpec, *, root: Path | None = None) -> dict[str, SourceText]:
    """The text of every source with a `text:`, by source id (sources naming the same file
    share one `SourceText`); `SpecError` at each `text:` that cannot be used."""
    by_file: dict[Path, SourceText] = {}
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    total = 0
    for number, source in enumerate(loaded.spec.sources, start=1):
        if source.text is None:
            continue
        key_path = f"sources[{number - 1}].text"
        try:
            path = resolve_asset(
                source.text,
                spec_path=loaded.path,
                root=root,
                max_bytes=MAX_SOURCE_BYTES,
                kind="source texts",
            )
            if path not in by_file:
                data = read_regular(path, shown_as=source.text)
                text = _decode(data, source.text)
                total += len(data)
                if total > MAX_SOURCE_TOTAL:
                    raise AssetError(
                        f"the source texts of this spec are more than {MAX_SOURCE_TOTAL:,} "
                        f"bytes together; they may be at most {MAX_SOURCE_TOTAL:,} bytes"
                    )
                by_file[path] = SourceText(path, Path(source.text).name, text)
        except AssetError as err:
            problems.append(Problem(loaded.where(key_path), key_path, str(err)))
            continue
        shared = by_file[path]
        shared.numbers.append(number)
        shared.ids.append(source.id)
        texts[source.id] = shared
    if problems:
        raise SpecError(problems)
    return texts


def _decode(data: bytes, shown: str) -> str:
    """The UTF-8 text of a source file; `AssetError` saying where it is not UTF-8."""
    name = shorten(shown)
    if len(data) > MAX_SOURCE_BYTES:
        raise AssetError(
            f"{name!r} is more than {MAX_SOURCE_BYTES:,} bytes; a source text may be at most "
            f"{MAX_SOURCE_BYTES:,} bytes"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AssetError(f"{name!r} is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line, column = before.count(b"\n") + 1, err.start - before.rfind(b"\n")
        raise AssetError(
            f"{name!r} is not UTF-8 text (byte 0x{data[err.start]:02x} at line {line}, column "
            f"{column} cannot be decoded); save it as UTF-8"
        ) from None
