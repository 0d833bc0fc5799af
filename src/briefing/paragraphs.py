"""Turn paragraph markup and a style into a Platypus paragraph, without repeating work and
within the layout's time budget.

Fitting a one-page brief lays out the same paragraphs several times: at several spacings (the
same type, so the same parse and the same line breaks) and, once a fit is found, again for
drawing. `para` reuses the parse of identical markup in an identical font, and `Para.wrap`
reuses the line breaks of identical markup in an identical font at an identical width. Neither
changes a byte of the output; both caches are bounded and emptied before each build.

Every paragraph of every layout passes through `Para.wrap`, so that is where the clock of
`time_budget` is read: a layout that runs past its deadline stops there with `OutOfTime`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

_PARSED: OrderedDict[tuple[Any, ...], list[Any]] = OrderedDict()
_BROKEN: OrderedDict[tuple[Any, ...], tuple[Any, list[float], float]] = OrderedDict()
_MAX = 1024
LAYOUT_SECONDS = 20.0
"""The longest one layout of one brief may take (fitting the one-page brief, or building the
multi-page one); the budgets on lists and text keep real briefs far below it."""
_deadline: float | None = None


class OutOfTime(Exception):
    """A layout ran past the deadline of `time_budget`."""


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Lay out within `seconds` (default `LAYOUT_SECONDS`) from now, or within the deadline
    already running, whichever comes first: past it, `Para.wrap` raises `OutOfTime`."""
    global _deadline
    outer = _deadline
    mine = time.monotonic() + (LAYOUT_SECONDS if seconds is None else seconds)
    _deadline = mine if outer is None else min(outer, mine)
    try:
        yield
    finally:
        _deadline = outer


def check_time() -> None:
    """Raise `OutOfTime` if the running layout is past its deadline."""
    if _deadline is not None and time.monotonic() > _deadline:
        raise OutOfTime


def forget() -> None:
    """Empty both caches. Called at the start of each build, so that a long batch keeps its
    memory flat: the caches pay off within a build, where a page is fitted several times."""
    _PARSED.clear()
    _BROKEN.clear()


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    if len(cache) > _MAX:
        cache.popitem(last=False)


class Para(Paragraph):
    """A paragraph whose line breaks are shared with every identical paragraph at its width."""

    _key: tuple[Any, ...] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        check_time()
        style = self.style
        key = (
            None
            if self._key is None
            else (
                self._key,
                availWidth,
                style.leftIndent,
                style.rightIndent,
                style.firstLineIndent,
                style.wordWrap,
                style.autoLeading if hasattr(style, "autoLeading") else None,
            )
        )
        known = _BROKEN.get(key) if key is not None else None
        if known is not None:
            blPara, widths, height = known
            self.blPara = blPara.clone(lines=list(blPara.lines))
            self._wrapWidths, self.width, self.height = list(widths), availWidth, height
            return availWidth, height
        width, height = super().wrap(availWidth, availHeight)
        if key is not None:
            _remember(
                _BROKEN,
                key,
                (self.blPara.clone(lines=list(self.blPara.lines)), list(self._wrapWidths), height),
            )
        return width, height


def _key(text: str, style: ParagraphStyle) -> tuple[Any, ...]:
    color = style.textColor
    return (
        text,
        style.fontName,
        style.fontSize,
        style.leading,
        style.textTransform,
        color.hexval() if hasattr(color, "hexval") else color,
    )


def para(text: str, style: ParagraphStyle, *, bulletText: str | None = None) -> Para:
    """A paragraph of `text` (paragraph markup) in `style`, parsing identical markup once."""
    key = _key(text, style)
    frags = _PARSED.get(key)
    if frags is None:
        parser = ParaParser()
        parser.caseSensitive = 1
        _, parsed, _ = parser.parse(cleanBlockQuotedText(text), style)
        if parsed is None:
            raise ValueError(f"paragraph markup error: {parser.errors[0]}")
        textTransformFrags(parsed, style)
        frags = parsed
        _remember(_PARSED, key, frags)
    paragraph = Para(text, style, bulletText=bulletText, frags=[f.clone() for f in frags])
    paragraph._key = key
    return paragraph
