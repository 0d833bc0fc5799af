"""Turn repeated layout work into lookups that a long batch can afford: bounded caches
(`bounded.Bounded`), and a short key for a paragraph style's every attribute.

A batch builds thousands of briefs in one worker, so every cache that lives across builds is
bounded twice: by entries, and by the size of what they hold (what an entry's memory grows
with: the characters of a paragraph, the shapes of a drawing). The least recently used entries
go first.
"""

from __future__ import annotations

import itertools
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle

from ..bounded import Bounded

if TYPE_CHECKING:
    from ..design.theme import Theme


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
