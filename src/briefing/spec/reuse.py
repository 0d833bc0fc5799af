"""Turn the top-level entries a save left as they were into what the last load of the spec found
for them (value, key paths and their places, the source ids cited), so that a rebuild in
`briefing watch` (or any later load in one process) walks only what changed.

An entry (`title: ...`, or `figures:` and all beneath it) is known by its exact text, from its
key to the end of its value, with the column it starts at and the style of the mapping around
it, in its file: the same text in the same context parses to the same nodes, so the walk would
find the same value and the same key paths, each moved by as many lines as the entry moved.
Only entries whose walk found no problem are kept, so every message comes from a fresh walk.
For each file only the entries of its latest load are kept, for at most `KEPT_FILES` files and
`KEPT_CHARACTERS` characters of entry text in all; so are the checks across fields of its last
load (`model_problems`), served again while every field they read is equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..bounded import Bounded
from ..errors import Location
from .references import cited
from .spec import Spec
from .walker import INVALID, Walker
from .yamlsource import MappingNode, Node, ScalarNode

KEPT_FILES = 16
"""Specs whose entries are kept: the specs of a watch session, a translation and its brief."""
KEPT_CHARACTERS = 4 * 1024 * 1024
"""Characters of entry text kept in all: two specs at the 2 MiB a spec may hold (the values
kept are those the spec's latest load holds anyway)."""

EntryKey = tuple[int, str]
"""An entry's column and text."""


@dataclass(frozen=True)
class _Entry:
    """What a walk found for one entry that starts on `line` (0-based)."""

    line: int
    value: Any
    locations: tuple[tuple[str, Location], ...]
    cites: frozenset[str]


@dataclass
class Tally:
    """Entries served from an earlier load, and entries walked: work counted, for tests."""

    kept: int = 0
    walked: int = 0


TALLY = Tally()
_LOADS: Bounded[dict[EntryKey, _Entry]] = Bounded(entries=KEPT_FILES, size=KEPT_CHARACTERS)
_PROBLEMS: Bounded[tuple[tuple[Any, ...], list[tuple[str, str]]]] = Bounded(
    entries=KEPT_FILES, size=KEPT_FILES
)
"""Per file, the fields the last load's model checks read, and what they found."""


class ReusingWalker(Walker):
    """A `Walker` over the spec `root` parsed from `text` that serves each unchanged top-level
    entry from the file's last load; `keep` remembers this load's entries for the next."""

    def __init__(self, file: str, root: MappingNode, text: str) -> None:
        super().__init__(file)
        self._root = root
        self._file = (file, root.flow_style)
        self._last = _LOADS.get(self._file) or {}
        self._entries: dict[int, tuple[EntryKey, ScalarNode]] = {}
        for key_node, value_node in root.value:
            if isinstance(key_node, ScalarNode):
                start, end = key_node.start_mark, value_node.end_mark
                entry = (start.column, text[start.index : end.index])
                self._entries[id(value_node)] = (entry, key_node)
        self._this: dict[EntryKey, _Entry] = {}

    def convert(self, node: Node, tp: Any, key_path: str, *, meta: Any = None) -> Any:
        found = self._entries.get(id(node))
        if found is None or found[1].value != key_path:  # not a top-level entry's value
            return super().convert(node, tp, key_path, meta=meta)
        entry_key, key_node = found
        line = key_node.start_mark.line
        entry = self._last.get(entry_key)
        if entry is not None:
            TALLY.kept += 1
            if entry.line != line:
                entry = _moved(entry, line)
            for path, location in entry.locations:
                self.locations.setdefault(path, location)
            self._this[entry_key] = entry
            return entry.value
        TALLY.walked += 1
        outer, self.locations = self.locations, {}
        problems = len(self.problems)
        value = super().convert(node, tp, key_path, meta=meta)
        found_here, self.locations = self.locations, outer
        for path, location in found_here.items():
            outer.setdefault(path, location)
        if len(self.problems) == problems and value is not INVALID:
            single = MappingNode(self._root.tag, [(key_node, node)])
            cites = frozenset(item.value for _, item in cited(single, Spec, ""))
            self._this[entry_key] = _Entry(line, value, tuple(found_here.items()), cites)
        return value

    def cites(self, node: Node) -> frozenset[str] | None:
        """The source ids top-level value `node` cites, when its entry was kept; else None."""
        found = self._entries.get(id(node))
        entry = self._this.get(found[0]) if found is not None else None
        return entry.cites if entry is not None else None

    def keep(self) -> None:
        """Remember this load's entries, and only those, for the file's next load."""
        size = sum(len(text) for _, text in self._this)
        _LOADS.put(self._file, {}, size=0)  # what is left when this load is over the bound
        _LOADS.put(self._file, self._this, size=size)


def model_problems(spec: Spec, *, file: str) -> list[tuple[str, str]]:
    """`crosschecks.model_problems(spec)`, served from the file's last load when every field
    it reads (figures, audiences, charts, sources, language) is equal: the very objects when
    their entries were kept, so the comparison is one of identity."""
    from .crosschecks import model_problems as found

    read = (spec.figures, spec.audiences, spec.charts, spec.sources, spec.language)
    last = _PROBLEMS.get(file)
    if last is not None and last[0] == read:
        return list(last[1])
    problems = found(spec)
    _PROBLEMS.put(file, (read, problems), size=1)
    return problems


def _moved(entry: _Entry, line: int) -> _Entry:
    """`entry` as found when it starts on `line`."""
    shift = line - entry.line
    locations = tuple(
        (path, Location(at.file, at.line + shift, at.column)) for path, at in entry.locations
    )
    return _Entry(line, entry.value, locations, entry.cites)


def forget() -> None:
    """Keep nothing (tests, benchmarks)."""
    _LOADS.clear()
    _PROBLEMS.clear()
