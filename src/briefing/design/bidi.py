"""Turn text in typing (logical) order into the order a line of it is drawn in, left to right.

ReportLab draws every line left to right, glyph by glyph, and has neither Arabic joining nor
a working bidirectional algorithm of its own (its RTL path needs `rlbidi`, which cannot be
installed; its HarfBuzz path leaves words in logical order). So:

- `reshape` joins Arabic letters, turning them into their contextual presentation forms
  (arabic-reshaper), on the text in typing order, before line breaking measures it;
- `levels` resolves the embedding level of every character of a paragraph (the Unicode
  bidirectional algorithm, python-bidi's implementation) on a base direction, and
  `line_levels` resolves a paragraph broken into lines as one, then cuts the levels per line;
- `visual_order` reorders one line by those levels (rules L1 and L2: per line, after the
  paragraph is broken into lines, so the first line of a paragraph stays on top) and
  `mirror` turns brackets round in right-to-left runs (rule L4);
- `visual` does all of that to a single line, for text drawn straight onto a canvas.

The text layer is the glyphs as drawn, with no `/ActualText`: extractors that run the
bidirectional algorithm on it (poppler's `pdftotext`) give each line back in typing order, in
presentation forms (NFKC maps them to the letters typed). `/ActualText` in typing order made
both poppler and pdfium read every line backwards.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Direction = Literal["ltr", "rtl"]

_STRONG_RTL = frozenset({"R", "AL"})


def has_rtl(text: str) -> bool:
    """True when `text` holds a letter written right to left (Arabic, Hebrew, Syriac...)."""
    return not text.isascii() and any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text)


def _is_arabic(char: str) -> bool:
    return 0x0600 <= ord(char) <= 0x08FF


def reshape(text: str) -> str:
    """`text` with its Arabic letters joined (contextual forms and the lam-alef ligature);
    text without Arabic is returned as it is (and not kept: a mail-merge's every recipient
    would fill the cache)."""
    if text.isascii() or not any(_is_arabic(c) for c in text):
        return text
    return _reshaped(text)


@lru_cache(maxsize=4096)
def _reshaped(text: str) -> str:
    import arabic_reshaper

    try:
        return str(arabic_reshaper.reshape(text))
    except (IndexError, KeyError, ValueError):
        # arabic-reshaper trips on some joiners next to a ligature ("\u200dلآ"); without the
        # joiners the letters still join by their own rules.
        pass
    try:
        return str(arabic_reshaper.reshape(text.replace("\u200d", "")))
    except (IndexError, KeyError, ValueError):
        return text


def levels(text: str, *, base: Direction) -> list[int]:
    """The resolved embedding level of each character of the paragraph `text` (even: left to
    right, odd: right to left), before the per-line rules."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if base == "rtl" else 0
    storage["base_dir"] = "R" if base == "rtl" else "L"
    uba.get_embedding_levels(text, storage, False, False)
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    chars = storage["chars"]
    if len(chars) != len(text):  # characters outside the BMP or removed by rule X9
        return [storage["base_level"]] * len(text)
    return [int(char["level"]) for char in chars]


def line_levels(lines: list[str], *, base: Direction) -> list[list[int]]:
    """The resolved levels of each line of a paragraph broken into `lines`, resolved over the
    whole paragraph (rules W1-I2 look past a line's start: a number opening a line after Arabic
    words is an Arabic number, as on the line before), then cut per line."""
    resolved = levels(" ".join(lines), base=base)
    cut, start = [], 0
    for line in lines:
        cut.append(resolved[start : start + len(line)])
        start += len(line) + 1
    return cut


def ordered(line: str, resolved: list[int], *, base: Direction) -> str:
    """The shaped `line`, whose levels are `resolved`, as drawn left to right, mirrored."""
    return "".join(mirror(line[i], resolved[i]) for i in visual_order(line, resolved, base=base))


def visual_order(text: str, resolved: list[int], *, base: Direction) -> list[int]:
    """The indices of the characters of the line `text`, whose levels are `resolved`, in the
    order they are drawn from left to right (rules L1 and L2)."""
    base_level = 1 if base == "rtl" else 0
    line = list(resolved)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        kind = unicodedata.bidirectional(text[i])
        if kind in ("S", "B"):
            line[i], trailing = base_level, True
        elif trailing and kind in ("WS", "BN"):
            line[i] = base_level
        else:
            trailing = False
    order = list(range(len(text)))
    if not line:
        return order
    lowest_odd = min((level for level in line if level % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(line), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line[order[i]] >= level:
                j = i
                while j < len(order) and line[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def mirror(char: str, level: int) -> str:
    """`char` as drawn at embedding `level`: a bracket in a right-to-left run turned round."""
    if level % 2 and unicodedata.mirrored(char):
        from bidi.mirror import MIRRORED

        return str(MIRRORED.get(char, char))
    return char


def visual(text: str, *, base: Direction = "rtl") -> str:
    """One line of `text` (typing order) as it is drawn left to right: Arabic joined, runs
    ordered by the bidirectional algorithm on the `base` direction, brackets mirrored."""
    shaped = reshape(text)
    if base == "ltr" and not has_rtl(shaped):
        return shaped
    resolved = levels(shaped, base=base)
    return "".join(
        mirror(shaped[i], resolved[i]) for i in visual_order(shaped, resolved, base=base)
    )
