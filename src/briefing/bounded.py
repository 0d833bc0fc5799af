"""Turn repeated work into lookups a long batch can afford: a map bounded twice, by entries and
by the size of what it holds, the least recently used going first.

A batch builds thousands of briefs in one worker, so every cache that lives across builds is
bounded by what its memory grows with (the characters of a paragraph, the shapes of a drawing,
the bytes of a font program), not by entries alone. Used by every stage, so it imports nothing
of briefing's.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Bounded(Generic[V]):
    """A map that keeps its most recently used entries, at most `entries` of them of at most
    `size` in all, and, with `age`, only what was used since the last `age` before it."""

    def __init__(self, *, entries: int, size: int) -> None:
        self.entries, self.size = entries, size
        self._items: OrderedDict[Any, tuple[V, int]] = OrderedDict()
        self._older: OrderedDict[Any, tuple[V, int]] = OrderedDict()
        """What was used before the last `age` and not since: evicted first."""
        self._held = 0

    def __len__(self) -> int:
        return len(self._items) + len(self._older)

    @property
    def held(self) -> int:
        """The size of the entries, in all."""
        return self._held

    def get(self, key: Any) -> V | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            return found[0]
        found = self._older.pop(key, None)
        if found is None:
            return None
        self._items[key] = found
        return found[0]

    def put(self, key: Any, value: V, *, size: int) -> None:
        """Remember `value` of `size`; one larger than the whole bound is not kept."""
        if size > self.size:
            return
        old = self._items.pop(key, None) or self._older.pop(key, None)
        if old is not None:
            self._held -= old[1]
        self._items[key] = (value, size)
        self._held += size
        while len(self) > self.entries or self._held > self.size:
            oldest = self._older if self._older else self._items
            self._held -= oldest.popitem(last=False)[1][1]

    def age(self) -> None:
        """Drop what was not used since the last call; what was is kept until the next."""
        self._held -= sum(size for _, size in self._older.values())
        self._older, self._items = self._items, OrderedDict()

    def clear(self) -> None:
        self._items.clear()
        self._older.clear()
        self._held = 0
