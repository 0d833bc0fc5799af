"""Turn paragraph markup and a style into a Platypus paragraph, without repeating work and
within the layout's time budget.

Fitting a one-page brief lays out the same paragraphs several times: at several spacings (the
same type, so the same parse and the same line breaks) and, once a fit is found, again for
drawing; a batch or `briefing watch` lays out most of them again in the next brief. `para`
reuses the parse of identical markup in an identical style (every attribute: `memo.style_key`),
and `Para.wrap` the line breaks of an identical paragraph (markup, style, bullet) at an
identical width. Neither changes a byte of the output. Both caches live across builds (what a
build did not use is forgotten at the next: `forget`), each bounded by `CACHED_PARAGRAPHS`
entries and `CACHED_CHARACTERS` characters of text.

Every paragraph of every layout passes through `Para.wrap`, so that is where the clock of
`time_budget` is read: a layout that runs past its deadline stops there with `OutOfTime`.

Scripts and directions (`bidi`): `para` joins Arabic letters and sets each run of characters
its font cannot draw in the first face of the style's `fallback` chain that can. Lines are
broken in typing order; `Para.drawPara` then draws each line of a right-to-left paragraph (a
style whose `direction` is `rtl`), or of any paragraph holding right-to-left letters, in the
order the bidirectional algorithm gives (the text layer is those glyphs: see `bidi`), and on a
tagged canvas each such line is a `Span` whose `/ActualText` is the line as typed
(`actualtext.py`). Paragraphs of left-to-right text are drawn exactly as ReportLab draws them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from ..bounded import Bounded
from ..design import bidi, fonts
from .actualtext import LineSpans, line_pieces, typed_lines
from .memo import style_key

if TYPE_CHECKING:
    from .tagging import Recorder

CACHED_PARAGRAPHS = 4096
CACHED_CHARACTERS = 400_000
"""The bounds of each paragraph cache, in entries and characters of markup (a line-broken
paragraph takes ~30 bytes a character): a one-page fit of the Raqqa brief breaks ~900
paragraphs of 100,000 characters in all (`forget` keeps the caches to about two builds')."""
_PARSED: Bounded[tuple[list[Any], tuple[str, ...], bool]] = Bounded(
    entries=CACHED_PARAGRAPHS, size=CACHED_CHARACTERS
)
_BROKEN: Bounded[tuple[Any, list[float], float]] = Bounded(
    entries=CACHED_PARAGRAPHS, size=CACHED_CHARACTERS
)
LAYOUT_SECONDS = 20.0
"""The longest one layout of one brief may take (fitting the one-page brief, or building the
multi-page one); the budgets on lists and text keep real briefs far below it."""
_deadline: float | None = None
SUPERSCRIPT_FLOOR = 6.5
"""The smallest a superscript (a citation's note number) is set, in points, however small the
paragraph's type: ReportLab sets `<super>` 20% smaller than the text around it."""


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
    """Forget the paragraphs that the last build did not use. Called at the start of each
    build: a build of the same brief again (`briefing watch`, another recipient's, another
    dateline's) finds every paragraph they share, while a batch's memory stays that of about
    two builds. Called twice, it forgets everything. The blocks kept across builds
    (`kept.py`), the fits (`refit.py`), the texts typeset (`typography.py`) and the strings
    written (`pdfsyntax.py`) are forgotten the same way."""
    from ..design import typography
    from . import kept, pdfsyntax, refit

    _PARSED.age()
    _BROKEN.age()
    kept.forget()
    refit.forget()
    typography.forget()
    pdfsyntax.forget()


class Para(Paragraph):
    """A paragraph whose line breaks are shared with every identical paragraph at its width."""

    _key: tuple[str, int] | None = None
    """The markup and `memo.style_key` of the style it was parsed in (None: not parsed by
    `para`, its line breaks are not shared)."""
    _typed: tuple[str, ...] = ()
    """The text of each fragment as typed, before Arabic letters were joined."""
    _from = 0
    """Where this paragraph's text starts in its joined text (past the lines of the parts
    before it, once it is split)."""
    _spans: list[str] | None = None
    """While it is drawn in visual order, each line's text as typed (`actualtext.py`)."""
    _rtl: bool | None = None
    """Whether its text holds a right-to-left letter, when `para` made it (None: not known)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        check_time()
        bullet = getattr(self, "bulletText", None)
        if bullet and getattr(self.style, "direction", "ltr") == "rtl":
            # ReportLab makes room for a bullet in the left indent, on the first line; a
            # right-to-left paragraph hangs it in the right indent (`_draw_bullet_right`).
            self.bulletText = None
            try:
                return self._wrap(availWidth, availHeight)
            finally:
                self.bulletText = bullet
        return self._wrap(availWidth, availHeight)

    def _wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        parsed = self._key
        key = (
            None
            if parsed is None or parsed[1] != style_key(self.style) or hasattr(self, "autoLeading")
            else (parsed, availWidth, getattr(self, "bulletText", None))
        )
        known = _BROKEN.get(key) if key is not None else None
        if known is not None:
            blPara, widths, height = known
            self.blPara = blPara.clone(lines=list(blPara.lines))
            self._wrapWidths, self.width, self.height = list(widths), availWidth, height
            return availWidth, height
        width, height = super().wrap(availWidth, availHeight)
        if parsed is not None and key is not None:
            entry = (_copied(self.blPara), list(self._wrapWidths), height)
            _BROKEN.put(key, entry, size=len(parsed[0]))
        return width, height

    def drawPara(self, debug: int = 0) -> Any:
        base: bidi.Direction = "rtl" if getattr(self.style, "direction", "ltr") == "rtl" else "ltr"
        if base == "ltr" and self._rtl is False:  # its lines are pieces of its fragments
            return super().drawPara(debug)
        drawn = _visual_lines(self.blPara, base)
        if drawn is None:
            return super().drawPara(debug)
        written, bullet = self.blPara, getattr(self, "bulletText", None)
        self._spans = typed_lines(self._typed, line_pieces(written), start=self._from)[0]
        self.blPara = drawn
        if base == "rtl" and isinstance(bullet, str):
            self.bulletText = None
            self._draw_bullet_right(bullet)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara, self.bulletText, self._spans = written, bullet, None

    def beginText(self, x: float, y: float) -> Any:
        """The text object the lines are drawn in: on a tagged canvas, for lines drawn in
        another order than typed, one that marks each line as a `Span` whose `/ActualText` is
        the line as typed."""
        recorder: Recorder | None = getattr(self.canv, "_tagging", None)
        if self._spans is None or recorder is None or not recorder.splittable():
            return self.canv.beginText(x, y)
        return LineSpans(self.canv, x, y, typed=self._spans, recorder=recorder)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        blPara = getattr(self, "blPara", None)
        if blPara is not None:  # splitting appends a space to each line's last word, in place
            self.blPara = blPara = _copied(blPara)
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2 and blPara is not None and self._reordered():
            first = len(parts[0].blPara.lines)
            end = typed_lines(self._typed, line_pieces(blPara)[:first], start=self._from)[1]
            for part, start in zip(parts, (self._from, end), strict=True):
                part._typed, part._from = self._typed, start
        return parts

    def _reordered(self) -> bool:
        """True when some line may be drawn in another order than typed."""
        rtl = getattr(self.style, "direction", "ltr") == "rtl"
        return bool(self._typed) and (rtl or any(bidi.has_rtl(t) for t in self._typed))

    def _draw_bullet_right(self, bullet: str) -> None:
        """The bullet or number of a right-to-left paragraph, hanging at its right edge as
        ReportLab hangs it at the left edge of a left-to-right one."""
        from reportlab import rl_config
        from reportlab.pdfbase.pdfmetrics import stringWidth

        style, first = self.style, self.blPara
        first = first if first.kind == 0 else first.lines[0]
        size = first.fontSize
        top = size if rl_config.paraFontSizeHeightOffset else getattr(first, "ascent", size)
        shown = bidi.visual(bullet)
        width = stringWidth(shown, style.bulletFontName, style.bulletFontSize)
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(style.bulletFontName, style.bulletFontSize)
        canvas.setFillColor(getattr(style, "bulletColor", style.textColor))
        x = self.width - style.bulletIndent - width
        canvas.drawString(x, self.height - top + getattr(style, "bulletOffsetY", 0), shown)
        canvas.restoreState()


def _copied(blPara: Any) -> Any:
    """`blPara` with lines of its own, which no other paragraph shares (and alters)."""
    if blPara.kind == 0:
        lines = [(space, list(words)) for space, words in blPara.lines]
    else:
        lines = [line.clone(words=[word.clone() for word in line.words]) for line in blPara.lines]
    return blPara.clone(lines=lines)


_OBJECT = "\ufffc"
"""Stands for an inline object (an anchor, an image) when a line is ordered: a neutral."""


def _visual_lines(blPara: Any, base: bidi.Direction) -> Any | None:
    """`blPara` with each line's words in drawing order; None when the paragraph is left to
    right and holds no right-to-left letter."""
    if blPara.kind == 0:
        texts = [" ".join(words) for _, words in blPara.lines]
    else:
        texts = ["".join(getattr(f, "text", "") for f in line.words) for line in blPara.lines]
    if base == "ltr" and not any(bidi.has_rtl(text) for text in texts):
        return None
    if blPara.kind == 0:
        shaped = [bidi.reshape(text) for text in texts]
        resolved = bidi.line_levels(shaped, base=base)
        lines: list[Any] = [
            (space, bidi.ordered(text, levels, base=base).split(" "))
            for (space, _), text, levels in zip(blPara.lines, shaped, resolved, strict=True)
        ]
    else:
        joined = [_frag_text(line) for line in blPara.lines]
        resolved = bidi.line_levels([text for text, _ in joined], base=base)
        lines = [
            _visual_frag_line(line, text, owners, levels, base)
            for line, (text, owners), levels in zip(blPara.lines, joined, resolved, strict=True)
        ]
    return blPara.clone(lines=lines)


def _frag_text(line: Any) -> tuple[str, list[int]]:
    """A line of fragments as one text, and for each character the fragment it comes from."""
    text = ""
    owners: list[int] = []
    for k, frag in enumerate(line.words):
        piece = _OBJECT if hasattr(frag, "cbDefn") else frag.text
        text += piece
        owners += [k] * len(piece)
    return text, owners


def _visual_frag_line(
    line: Any, text: str, owners: list[int], resolved: list[int], base: bidi.Direction
) -> Any:
    """A line of fragments (runs of one font) cut and reordered into drawing order."""
    words: list[Any] = []
    run: list[int] = []
    for i in bidi.visual_order(text, resolved, base=base):
        if run and owners[run[-1]] != owners[i]:
            words.append(_run(line.words[owners[run[0]]], text, resolved, run))
            run = []
        run.append(i)
    if run:
        words.append(_run(line.words[owners[run[0]]], text, resolved, run))
    return line.clone(words=words)


def _run(frag: Any, text: str, resolved: list[int], run: list[int]) -> Any:
    if hasattr(frag, "cbDefn"):
        return frag
    return frag.clone(text="".join(bidi.mirror(text[i], resolved[i]) for i in run))


def para(text: str, style: ParagraphStyle, *, bulletText: str | None = None) -> Para:
    """A paragraph of `text` (paragraph markup) in `style`, parsing identical markup once."""
    key = (text, style_key(style))
    known = _PARSED.get(key)
    if known is None:
        parser = ParaParser()
        parser.caseSensitive = 1
        _, parsed, _ = parser.parse(cleanBlockQuotedText(text), style)
        if parsed is None:
            raise ValueError(f"paragraph markup error: {parser.errors[0]}")
        textTransformFrags(parsed, style)
        _floor_superscripts(parsed, style)
        typed = tuple(f.text for f in parsed if getattr(f, "text", "") and not hasattr(f, "cbDefn"))
        rtl = any(bidi.has_rtl(t) for t in typed)
        known = _in_fonts(parsed, getattr(style, "fallback", ())), typed, rtl
        _PARSED.put(key, known, size=len(text))
    frags, typed, rtl = known
    paragraph = Para(text, style, bulletText=bulletText, frags=[f.clone() for f in frags])
    paragraph._key, paragraph._typed, paragraph._rtl = key, typed, rtl
    return paragraph


def _floor_superscripts(frags: list[Any], style: ParagraphStyle) -> None:
    """Set the superscripts of `frags` no smaller than `SUPERSCRIPT_FLOOR`, nor larger than
    the paragraph's own type."""
    least = min(SUPERSCRIPT_FLOOR, style.fontSize)
    for frag in frags:
        if getattr(frag, "rise", 0) > 0 and frag.fontSize < least:
            frag.fontSize = least


def _in_fonts(frags: list[Any], fallback: tuple[str, ...]) -> list[Any]:
    """`frags` with Arabic letters joined, and each run of characters a fragment's font cannot
    draw cut out into a fragment in the first family of `fallback` that can."""
    result = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn"):
            result.append(frag)
            continue
        text = bidi.reshape(text)
        if not fallback or fonts.covers(frag.fontName, text):
            result.append(frag if text == frag.text else frag.clone(text=text))
            continue
        faces = [frag.fontName, *fonts.same_face(frag.fontName, fallback)]
        runs: list[tuple[str, str]] = []
        for char in text:
            name = next((f for f in faces if fonts.draws(f, char)), frag.fontName)
            if runs and (runs[-1][0] == name or char.isspace()):
                runs[-1] = (runs[-1][0], runs[-1][1] + char)
            else:
                runs.append((name, char))
        if len(runs) == 1 and runs[0][0] == frag.fontName:
            result.append(frag if text == frag.text else frag.clone(text=text))
        else:
            result += [frag.clone(text=part, fontName=name) for name, part in runs]
    return result
