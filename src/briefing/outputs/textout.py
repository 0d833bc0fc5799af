"""Turn a resolved brief (`model.Brief`) into plain text or Markdown: what a press officer pastes
into an email.

Plain text is wrapped at `WIDTH` columns (a web address longer than a line keeps a line of its
own), headings underlined, lists numbered or bulleted with a hanging indent, citations as `[1]`
and the endnotes as a numbered list with their addresses. Right-to-left text is written in
logical order, as typed: the reader's software orders and joins it.

Markdown has `#` and `##` headings, `>` quotes, numbered demands under each addressee, `[1]`
citations and the endnotes as a numbered list of links. Spec text is hostile: every character
Markdown could read as syntax (`[`, `*`, `<`, `#`, a backtick, a list marker opening a line...)
is escaped, white space runs (line breaks included) become one space, and the only links are
those the spec's inline markup makes to http, https and mailto addresses (`markup.py`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator

from ..model.model import (
    Block,
    Brief,
    ChartData,
    ContactCard,
    DemandGroup,
    Ends,
    Event,
    Finding,
    ImageItem,
    KeyFigure,
    ListItems,
    Note,
    Part,
    QrTarget,
    QuoteItem,
    Span,
    Text,
)
from ..spec import markup

WIDTH = 72
"""Columns of a line of plain text."""
_GLUE = "\ue000"
"""Stands for a space no line may break at while text is wrapped."""
_BOUND = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=«) | (?=[%:;!?»](?!\w))")
"""Spaces French typography keeps: inside `1 600`, after `«`, before `%`, `:`, `»`..."""


def notes_mark(notes: tuple[int, ...], *, space: str = " ") -> str:
    """` [1, 2]`: the notes a text cites, after it."""
    return f"{space}[{', '.join(str(n) for n in notes)}]" if notes else ""


def _marked(notes: tuple[int, ...]) -> str:
    """`notes_mark` that plain text never parts from the word before it."""
    return notes_mark(notes, space=_GLUE)


# Plain text -------------------------------------------------------------------------------------


def to_text(brief: Brief) -> str:
    """The brief as plain text, lines at most `WIDTH` columns but for unbreakable addresses."""
    out: list[str] = []
    title = brief.title
    top = [title.addressed_to, title.embargo]
    top.append(" · ".join(p for p in (title.document, (title.release or "").upper()) if p))
    top.append(title.kicker)
    for line in top:
        if line:
            out += _wrap(line)
    out.append("")
    headline = _wrap(title.headline)
    out += [*headline, "=" * max(len(line) for line in headline), ""]
    if title.dek:
        out += [*_wrap(title.dek), ""]
    if title.translated_from:
        out += [*_wrap(title.translated_from), ""]
    for block in brief.blocks:
        out += _text_block(block)
    lines = [line for i, line in enumerate(out) if line or (i and out[i - 1])]
    return "\n".join(lines).strip("\n") + "\n"


def _text_block(block: Block) -> list[str]:
    out: list[str] = []
    if block.heading:
        heading = _wrap(block.heading)
        out += ["", *heading, "-" * max(len(line) for line in heading), ""]
    for part in block.parts:
        out += _text_part(part)
    return out


def _text_part(part: Part) -> list[str]:
    if isinstance(part, Text):
        return [*_wrap(_inline_text(part)), ""]
    if isinstance(part, Finding):
        lines = _wrap(part.heading)
        for paragraph in part.paragraphs:
            lines += _wrap(_inline_text(paragraph)) + [""]
        return lines
    if isinstance(part, ListItems):
        lines = []
        for n, item in enumerate(part.items, start=1):
            lines += _hanging(f"{n}." if part.numbered else "-", _inline_text(item))
        return [*lines, ""]
    if isinstance(part, KeyFigure):
        return _hanging("-", f"{part.shown} — {part.label}{_marked(part.notes)}")
    if isinstance(part, ChartData):
        lines = [*_wrap(part.title), *_wrap(part.alt)]
        for line in (part.caption, part.source):
            lines += _wrap(line) if line else []
        return [*lines, ""]
    if isinstance(part, QuoteItem):
        lines = _wrap(part.context, indent="  ") if part.context else []
        lines += _wrap(part.text, indent="  ")
        said = " ".join(p for p in (part.attribution, part.translated) if p)
        return [*lines, *_wrap(said + _marked(part.notes), indent="  "), ""]
    if isinstance(part, DemandGroup):
        lines = _wrap(part.addressees)
        for number, text in part.items:
            lines += _hanging(f"{number}.", _inline_text(text), indent="  ")
        return [*lines, ""]
    if isinstance(part, Event):
        return _hanging(f"{part.date}:", _inline_text(part.text))
    if isinstance(part, ContactCard):
        found = (part.name, part.role, part.email, part.phone)
        return [line for p in found if p for line in _wrap(p)] + [""]
    if isinstance(part, Note):
        return _hanging(f"[{part.number}]", " ".join(p for p in (part.text, part.url) if p))
    if isinstance(part, ImageItem):
        lines = _wrap(f"[{part.alt}]")
        for line in (part.caption, part.credit):
            lines += _wrap(line) if line else []
        return [*lines, ""]
    if isinstance(part, QrTarget):
        return [*_wrap(part.title), *_wrap(part.url), ""]
    assert isinstance(part, Ends)
    return [part.text, ""]


def _inline_text(text: Text) -> str:
    """A paragraph as plain text: emphasis dropped, a link's address after its label."""
    pieces = []
    for span in text.spans:
        pieces.append(span.text)
        if span.href and span.href.removeprefix("mailto:") != span.text.strip():
            pieces.append(f" ({span.href.removeprefix('mailto:')})")
    return "".join(pieces) + _marked(text.notes)


def _wrap(text: str, *, indent: str = "", hang: str | None = None) -> list[str]:
    """`text` (white space runs as one space) in lines of at most `WIDTH` columns."""
    glued = _BOUND.sub(_GLUE, " ".join(text.split()))
    wrapper = textwrap.TextWrapper(
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hang is None else hang,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_GLUE, " ") for line in wrapper.wrap(glued)] or [indent.rstrip()]


def _hanging(marker: str, text: str, *, indent: str = "") -> list[str]:
    """`text` after `marker`, its further lines aligned with its first word."""
    return _wrap(f"{marker} {text}", indent=indent, hang=indent + " " * (len(marker) + 1))


# Markdown ---------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
_UNSAFE_URL = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&*+,;=%]")


def md_escape(text: str) -> str:
    """`text` as Markdown that prints it literally: white space runs as one space, syntax
    characters escaped, and a list or heading marker opening it escaped."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def md_url(url: str) -> str:
    """`url` as a Markdown link target: anything but the characters of an address encoded."""
    return _UNSAFE_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url)


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown: spec text escaped, links only where its markup makes them."""
    out: list[str] = []
    title = brief.title
    for line in (title.addressed_to, title.embargo):
        if line:
            out += [md_escape(line), ""]
    document = " · ".join(p for p in (title.document, (title.release or "").upper()) if p)
    out += [md_escape(document), "", md_escape(title.kicker), ""]
    out += [f"# {md_escape(title.headline)}", ""]
    for line in (title.dek, title.translated_from):
        if line:
            out += [f"*{md_escape(line)}*", ""]
    for block in brief.blocks:
        if block.heading:
            out += [f"## {md_escape(block.heading)}", ""]
        for part in block.parts:
            out += list(_md_part(part))
        if out[-1]:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_part(part: Part) -> Iterator[str]:
    if isinstance(part, Text):
        yield from (_md_inline(part), "")
    elif isinstance(part, Finding):
        yield from (f"### {md_escape(part.heading)}", "")
        for paragraph in part.paragraphs:
            yield from (_md_inline(paragraph), "")
    elif isinstance(part, ListItems):
        for n, item in enumerate(part.items, start=1):
            yield f"{n}. {_md_inline(item)}" if part.numbered else f"- {_md_inline(item)}"
        yield ""
    elif isinstance(part, KeyFigure):
        figure = f"**{md_escape(part.shown)}** — {md_escape(part.label)}"
        yield f"- {figure}{_md_notes(part.notes)}"
    elif isinstance(part, ChartData):
        yield from (f"**{md_escape(part.title)}**", "", md_escape(part.alt), "")
        lines = [md_escape(line) for line in (part.caption, part.source) if line]
        yield from ("  \n".join(lines), "") if lines else ()
    elif isinstance(part, QuoteItem):
        if part.context:
            yield from (f"> {md_escape(part.context)}", ">")
        said = " ".join(p for p in (part.attribution, part.translated) if p)
        yield from (f"> {md_escape(part.text)}", ">")
        yield from (f"> {md_escape(said)}{_md_notes(part.notes)}", "")
    elif isinstance(part, DemandGroup):
        yield from (f"**{md_escape(part.addressees)}**", "")
        for number, text in part.items:
            yield f"{number}. {_md_inline(text)}"
        yield ""
    elif isinstance(part, Event):
        yield f"- **{md_escape(part.date)}**: {_md_inline(part.text)}"
    elif isinstance(part, ContactCard):
        found = [md_escape(p) for p in (part.name, part.role, part.email, part.phone) if p]
        yield from ("  \n".join(found), "")
    elif isinstance(part, Note):
        link = f" <{md_url(part.url)}>" if part.url and markup.is_allowed_url(part.url) else ""
        yield f"{part.number}. {md_escape(part.text)}{link}"
    elif isinstance(part, ImageItem):
        lines = [f"*{md_escape(part.alt)}*"]
        lines += [md_escape(line) for line in (part.caption, part.credit) if line]
        yield from ("  \n".join(lines), "")
    elif isinstance(part, QrTarget):
        if markup.is_allowed_url(part.url):
            yield f"- [{md_escape(part.title)}]({md_url(part.url)})"
    else:
        assert isinstance(part, Ends)
        yield from (f"**{md_escape(part.text)}**", "")


def _md_inline(text: Text) -> str:
    return "".join(_md_span(span) for span in text.spans) + _md_notes(text.notes)


def _md_notes(notes: tuple[int, ...]) -> str:
    return " " + md_escape(notes_mark(notes)) if notes else ""


def _md_span(span: Span) -> str:
    stripped = span.text.strip()
    if not stripped:
        return " " if span.text else ""
    body = md_escape(stripped)
    if span.href and markup.is_allowed_url(span.href):
        body = f"[{body}]({md_url(span.href)})"
    marker = "*" * ((2 if span.strong else 0) + (1 if span.emphasis else 0))
    before = " " if span.text[0].isspace() else ""
    after = " " if span.text[-1].isspace() else ""
    return f"{before}{marker}{body}{marker}{after}"
