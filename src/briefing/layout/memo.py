"""Turn repeated layout work into lookups that a long batch can afford: bounded caches, and a
short key for a paragraph style's every attribute.

A batch builds thousands of briefs in one worker, so every cache that lives across builds is
bounded twice: by entries, and by the size of what they hold (what an entry's memory grows
with: the characters of a paragraph, the shapes of a drawing). The least recently used entries
go first.
"""

from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from reportlab.lib.styles import ParagraphStyle

if TYPE_CHECKING:
    from ..design.theme import Theme

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


_UNREAD = frozenset(
    {"name", "parent", "spaceBefore", "spaceAfter", "keepWithNext", "allowWidows", "allowOrphans"}
)
"""What a style says that a paragraph's parse and line breaks never read: the space around it
and how it may split, which the frame reads from the style when it places the paragraph."""
_STYLES_KNOWN = 256
"""Sets of style attributes whose number is remembered: a fitting attempt's theme makes ~35."""
_by_object: weakref.WeakKeyDictionary[ParagraphStyle, tuple[dict[str, Any], int]] = (
    weakref.WeakKeyDictionary()
)
"""Each live style's attributes when its number was found, and the number."""
_by_attributes: OrderedDict[tuple[Any, ...], int] = OrderedDict()
_numbers = itertools.count()


def style_key(style: ParagraphStyle) -> int:
    """A number that two styles share only when every attribute of one (but its name and
    parent) equals the other's: what a paragraph's parse and line breaks depend on. A style
    changed after its first use gets a new number."""
    known = _by_object.get(style)
    if known is not None and known[0] == style.__dict__:
        return known[1]
    attributes = tuple(
        sorted(
            (name, _hashable(value))
            for name, value in style.__dict__.items()
            if name not in _UNREAD
        )
    )
    number = _by_attributes.get(attributes)
    if number is None:
        number = next(_numbers)  # never reused: a forgotten style comes back under a new one
        _by_attributes[attributes] = number
        if len(_by_attributes) > _STYLES_KNOWN:
            _by_attributes.popitem(last=False)
    _by_object[style] = (dict(style.__dict__), number)
    return number


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def theme_key(theme: Theme) -> tuple[Any, ...]:
    """Everything of `theme` but its spacing (what a drawing of it depends on), as a key."""
    return (
        theme.scale,
        theme.direction,
        tuple(theme.styles.items()),
        tuple(theme.colors.items()),
        tuple(theme.families.items()),
        tuple(theme.fallbacks.items()),
    )


THEMES_KEPT = 32
"""Themes `interned` keeps, with the paragraph styles each makes (~70 kB a theme): a one-page
fit tries about a dozen, and the timeline sets its text in a variant of each."""
_interned: Bounded[Theme] = Bounded(entries=THEMES_KEPT, size=THEMES_KEPT)


def interned(theme: Theme) -> Theme:
    """The theme equal to `theme` that an earlier fit used, if one is kept, else `theme`: so
    that its paragraph styles are made once, not once per build."""
    key = (theme_key(theme), theme.spacing)
    kept = _interned.get(key)
    if kept is not None:
        return kept
    _interned.put(key, theme, size=1)
    return theme
