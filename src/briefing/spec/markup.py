"""Turn spec text into safe ReportLab paragraph markup.

Spec text is plain text: `&`, `<` and `>` print as typed, and nothing a user writes ever
reaches ReportLab's paragraph parser unescaped. Fields documented as accepting markup also
understand this small inline syntax, and nothing else:

| you write                  | you get                                   |
|----------------------------|-------------------------------------------|
| `**words**`                | **bold**                                  |
| `*words*`                  | *italic*                                  |
| `[label](https://...)`     | a link; http, https and mailto only       |
| `\\*`, `\\[`, `\\]`, `\\(`, `\\)`, `\\\\` | the character itself            |

Markers that are not closed, or that cross, print as typed. A link to any other scheme
(`javascript:`, `file:`) is a validation error, and prints as typed if it gets this far.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ATTRIBUTE_ENTITIES = {**_ENTITIES, '"': "&quot;"}
_UNESCAPE = {v: k for k, v in _ATTRIBUTE_ENTITIES.items()}


def escape(text: str, entities: dict[str, str] = _ENTITIES) -> str:
    """`text` with `&`, `<` and `>` (and, for attributes, `"`) as entities.

    Written out rather than imported from `xml.sax.saxutils`, which pulls in `urllib` and costs
    a cold start about 20 ms."""
    return "".join(entities.get(c, c) for c in text) if any(c in text for c in entities) else text


ESCAPABLE = "\\*[]()"
"""Characters that print as themselves after a backslash (`\\*`); text from elsewhere (a
recipient's row) is made literal by putting a backslash before each of them."""
_LITERAL = f"[{re.escape(ESCAPABLE)}]"
_TOKEN = re.compile(
    rf"\\(?P<escaped>{_LITERAL})"
    rf"|\[(?P<label>(?:\\{_LITERAL}|[^\]\\\n]|\\(?!{_LITERAL}))+)\]\((?P<url>[^()\s]+)\)"
    r"|(?P<bold>\*\*)"
    r"|(?P<italic>\*)"
)
_UNESCAPE_LABEL = re.compile(rf"\\({_LITERAL})")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TAGS = {"bold": "b", "italic": "i"}


def join_names(names: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def plain(text: str) -> str:
    """Paragraph markup that prints `text` exactly as typed."""
    return escape(text)


def url_scheme(url: str) -> str | None:
    """The lower-cased scheme of `url`, or None when it has none."""
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def is_allowed_url(url: str) -> bool:
    """True for http(s) URLs with a host and for mailto addresses."""
    scheme = url_scheme(url)
    if scheme in ("http", "https"):
        return re.match(r"^https?://[^/\s]+", url, re.IGNORECASE) is not None
    return scheme == "mailto" and len(url) > len("mailto:")


def link_problems(text: str) -> list[str]:
    """Messages for every link in `text` that `to_paragraph` would refuse to make."""
    problems = []
    for match in _TOKEN.finditer(text):
        url = match.group("url")
        if url is not None and not is_allowed_url(url):
            problems.append(
                f"link target {url!r} is not allowed; links must start with "
                "http://, https:// or mailto:"
            )
    return problems


def link(label_markup: str, url: str, *, color: str) -> str:
    """Paragraph markup for a link; the label must already be markup."""
    href = escape(url, _ATTRIBUTE_ENTITIES)
    return f'<a href="{href}" color="{color}">{label_markup}</a>'


def to_paragraph(text: str, *, link_color: str = "#1a4f8b") -> str:
    """Paragraph markup for `text` with the inline syntax above applied and all else escaped."""
    out: list[str] = []
    open_spans: list[tuple[str, int]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(escape(text[position : match.start()]))
        position = match.end()
        kind = match.lastgroup
        if kind == "escaped":
            out.append(escape(match.group("escaped")))
        elif kind in ("label", "url"):
            url = match.group("url")
            if is_allowed_url(url):
                label = _UNESCAPE_LABEL.sub(r"\1", match.group("label"))
                out.append(link(escape(label), url, color=link_color))
            else:
                out.append(escape(match.group(0)))
        else:
            assert kind is not None
            marker, tag = match.group(0), _TAGS[kind]
            after = text[match.end() : match.end() + 1]
            before = text[match.start() - 1 : match.start()] if match.start() else ""
            if open_spans and open_spans[-1][0] == tag and before.strip():
                open_spans.pop()
                out.append(f"</{tag}>")
            elif tag not in (t for t, _ in open_spans) and after.strip():
                open_spans.append((tag, len(out)))
                out.append(f"<{tag}>")
            else:
                out.append(escape(marker))
    out.append(escape(text[position:]))
    for tag, index in open_spans:
        out[index] = "**" if tag == "b" else "*"
    return "".join(out)


def to_plain(text: str) -> str:
    """`text` with the inline syntax removed: link labels kept, markers dropped."""
    stripped = re.sub(r"<[^>]+>", "", to_paragraph(text))
    return re.sub(r"&(amp|lt|gt|quot);", lambda m: _UNESCAPE[m.group(0)], stripped)


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines into paragraphs, joining wrapped lines with spaces."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block]
