"""Turn numbers and PDF objects into PDF syntax quicker, byte for byte as ReportLab does (and
measure strings quicker, to the same widths).

Without its C accelerator (`rl-accel`, not a dependency), ReportLab writes every number of a
page (`fp_str`: ~800 calls drawing the Raqqa one-page brief) and of its objects (~900 more when
the document is written) in Python, each through a logarithm and a `%` format, and writes the
objects through `pdfdoc.format`, a recursive function called ~2,500 times a build; it escapes
each string drawn a character at a time (`escapePDF`, ~140 a build) and measures strings a
character at a time. `install` puts exact stand-ins in their place, in the modules that draw,
measure and write a brief:

- `fp_str` looks each number, and each group of numbers (a colour, a matrix, a point), up in
  a table of those already written (`CACHED_NUMBERS` at most, emptied when full), and writes
  the ones it has not seen with ReportLab's own `fp_str`;
- `escapePDF` escapes the bytes of a string drawn with one `str.translate`, not a character
  at a time;
- `format` writes plain dictionaries, arrays, references, names, numbers and text itself,
  as `pdfdoc.format` would, and hands anything else to it; a string object (`PDFString`: a
  link's address and description, an element's alternative or actual text, the title) of a
  document not encrypted it writes once and looks up after that, in a table keyed on its text
  and how it is escaped and encoded (at most `CACHED_NUMBERS` strings of
  `CACHED_WIDTH_CHARACTERS` characters; what a build did not write forgotten at the next);
- a TrueType string's width (`instanceStringWidthTTF`, a sum over its characters, ~120 a
  build) is looked up in a table of the widths already measured, keyed on the face, the
  number of widths it knows (ReportLab only ever adds to them), the string and the size: at
  most `CACHED_NUMBERS` strings of `CACHED_WIDTH_CHARACTERS` characters, emptied when full.

A build after a new dateline draws mostly the numbers of the build before it. Integers and
floats have a table each, where 0.0 and -0.0 are one entry, and (1, 2.0) and (1.0, 2) are one
group: ReportLab's Python `fp_str` writes equal numbers alike (-0.0 as 0). Under the C
accelerator only `format` is installed, and it hands numbers to ReportLab.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfdoc, ttfonts
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)

from ..bounded import Bounded

CACHED_NUMBERS = 4096
"""The most entries each table holds: numbers, groups of them and their bytes in an object
(emptied when full), names and dictionary keys (which stop growing there), widths."""
CACHED_WIDTH_CHARACTERS = 200_000
"""The most characters of the strings whose widths are kept (emptied when over)."""

_written: Callable[..., str] = rl_accel.fp_str
"""ReportLab's own `fp_str`: what every number not yet in a table is written by."""
_format: Callable[..., bytes] = pdfdoc.format
_TABLES = _written is getattr(rl_accel, "_py_fp_str", None)
"""Whether numbers are kept in tables: ReportLab's Python `fp_str` writes equal numbers alike
(-0.0 as 0), which its C accelerator's is not known to do."""
_measured: Callable[..., float] = ttfonts.instanceStringWidthTTF
"""ReportLab's own `instanceStringWidthTTF`: what measures every string not yet measured."""
_escaped: Callable[[Any], str] = rl_accel.escapePDF
"""ReportLab's own `escapePDF`, and the characters it writes otherwise than as they are."""
_ESCAPES = {c: e for c, e in getattr(rl_accel, "_ESCAPEDICT", {}).items() if e != chr(c)}
_ints: dict[int, str] = {}
_floats: dict[float, str] = {}
_groups: dict[tuple[Any, ...], str] = {}
_int_bytes: dict[int, bytes] = {}
_float_bytes: dict[float, bytes] = {}
_names: dict[str, bytes] = {}
_keys: dict[str, bytes] = {}
_widths: dict[tuple[Any, str, float, int], float] = {}
_width_characters = 0
_strings: Bounded[bytes] = Bounded(entries=CACHED_NUMBERS, size=CACHED_WIDTH_CHARACTERS)
_MODULES = (
    "reportlab.pdfgen.canvas",
    "reportlab.pdfgen.textobject",
    "reportlab.pdfgen.pathobject",
    "reportlab.pdfbase.pdfdoc",
    "reportlab.platypus.flowables",
    "reportlab.platypus.tables",
    "reportlab.lib.colors",
    "reportlab.graphics.shapes",
)
"""The modules that draw and write a brief and call `fp_str` (their `from ... import`)."""
_ESCAPING = ("reportlab.pdfgen.canvas", "reportlab.pdfbase.pdfdoc")
"""The modules that draw and write a brief and call `escapePDF`."""


def _number(value: Any) -> str:
    """How ReportLab writes one number `value`."""
    kind = type(value)
    table: dict[Any, str] | None = _floats if kind is float else _ints if kind is int else None
    if table is None or not _TABLES:
        return _written(value)
    text = table.get(value)
    if text is None:
        if len(table) >= CACHED_NUMBERS:
            table.clear()
        text = table[value] = _written(value)
    return text


def fp_str(*numbers: Any) -> str:
    """The numbers (or the one list or tuple of them) as ReportLab writes them, spaced."""
    if len(numbers) == 1:
        first = numbers[0]
        if not isinstance(first, tuple | list):
            return _number(first)
        numbers = tuple(first)
    text = _groups.get(numbers)
    if text is None:
        text = " ".join([_number(n) for n in numbers])
        if all(type(n) is float or type(n) is int for n in numbers):
            if len(_groups) >= CACHED_NUMBERS:
                _groups.clear()
            _groups[numbers] = text
    return text


def format(element: Any, document: Any, toplevel: int = 0) -> bytes:  # noqa: A001
    """`element` in PDF syntax, as `pdfdoc.format` writes it."""
    if rl_config.pdfComments and not rl_config.invariant:
        return _format(element, document, toplevel)
    kind = type(element)
    if kind is str:  # a name, `true`, `null`...
        written = _names.get(element)
        if written is None:
            written = element.encode("extpdfdoc")
            if len(_names) < CACHED_NUMBERS:
                _names[element] = written
        return written
    if (kind is int or kind is float) and _TABLES:
        table = _float_bytes if kind is float else _int_bytes
        written = table.get(element)
        if written is None:
            if len(table) >= CACHED_NUMBERS:
                table.clear()
            written = table[element] = _number(element).encode("extpdfdoc")
        return written
    if kind is bytes:
        return element  # type: ignore[no-any-return]
    if kind is PDFString and type(document.encrypt) is NoEncryption:
        return _string(element, document)
    if kind is PDFObjectReference:
        known = document.idToObjectNumberAndVersion.get(element.name)
        if known is not None:
            number, version = known
            return f"{number} {version} R".encode("ascii")  # digits: as in PDFDocEncoding
    elif kind is PDFDictionary or kind is PDFArray:
        if toplevel or not hasattr(element, "__RefOnly__"):  # else written as a reference
            if kind is PDFDictionary:
                return _dictionary(element, document)
            return _array(element, document)
    return _format(element, document, toplevel)


def _string(string: PDFString, document: Any) -> bytes:
    """`PDFString.format` in a document not encrypted: what it writes depends on the text, how
    it is escaped and encoded, and nothing else."""
    text = string.s
    key = (
        text,
        getattr(string, "escape", 1),
        getattr(string, "enc", "auto"),
        string.unicodeEncValid,
    )
    written = _strings.get(key)
    if written is None:
        written = string.format(document)
        _strings.put(key, written, size=len(text))
    return written


def forget() -> None:
    """Forget the strings the last build did not write (`paragraphs.forget` calls it at the
    start of each build): a mail-merge's titles, one a recipient, are not kept."""
    _strings.age()


def _known(element: Any) -> bytes | None:
    """`element` written already: a name or a number `format` has written before, else None."""
    kind = type(element)
    if kind is str:
        return _names.get(element)
    if kind is float:
        return _float_bytes.get(element)
    if kind is int:
        return _int_bytes.get(element)
    return None


def _name(key: str) -> bytes:
    """A dictionary key as a PDF name."""
    written = _keys.get(key)
    if written is None:
        written = PDFName(key).encode("extpdfdoc")
        if len(_keys) < CACHED_NUMBERS:
            _keys[key] = written
    return written


def _dictionary(dictionary: PDFDictionary, document: Any) -> bytes:
    """`PDFDictionary.format`."""
    entries = dictionary.dict
    keys = list(entries.keys())
    if not isinstance(entries, OrderedDict):
        keys.sort()
    lines = [
        (_name(k) if type(k) is str else _format(PDFName(k), document))
        + b" "
        + (_known(entries[k]) or format(entries[k], document))
        for k in keys
    ]
    return b"<<\n" + _joined(lines, dictionary.multiline, every=6) + b"\n>>"


def _array(array: PDFArray, document: Any) -> bytes:
    """`PDFArray.format`."""
    items = [_known(e) or format(e, document) for e in array.sequence]
    return b"[ " + _joined(items, array.multiline, every=10) + b" ]"


def _joined(parts: list[bytes], multiline: Any, *, every: int) -> bytes:
    """`parts` as ReportLab joins a dictionary's entries or an array's items: one a line when
    the object asks for it, else spaced with a line break after each `every`."""
    if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
        return b"\n ".join(parts)
    for i in reversed(range(every, len(parts), every)):
        parts.insert(i, b"\n ")
    return b" ".join(parts)


def escapePDF(text: Any) -> str:  # noqa: N802
    """`text` (the bytes of a string drawn, or a string) as ReportLab writes it inside `( )`."""
    if type(text) is bytes:
        return text.decode("latin-1").translate(_ESCAPES)
    return _escaped(text)


def string_width(font: Any, text: Any, size: float, encoding: str = "utf8") -> float:
    """The width of `text` in the TrueType `font` at `size`, as ReportLab measures it."""
    global _width_characters
    if type(text) is not str:
        return _measured(font, text, size, encoding)
    face = font.face
    key = (face, text, size, len(face.charWidths))
    width = _widths.get(key)
    if width is None:
        width = _measured(font, text, size, encoding)
        if (
            _width_characters + len(text) > CACHED_WIDTH_CHARACTERS
            or len(_widths) >= CACHED_NUMBERS
        ):
            _widths.clear()
            _width_characters = 0
        _widths[key] = width
        _width_characters += len(text)
    return width


def install() -> None:
    """Put `format`, and `fp_str`, `escapePDF` and `instanceStringWidthTTF` where ReportLab
    runs on its Python fallbacks (not its C accelerator, quicker than they are), in place of
    ReportLab's in the modules that draw, measure and write a brief."""
    if pdfdoc.format is _format:
        pdfdoc.format = format
    if _written is getattr(rl_accel, "_py_fp_str", None):
        for name in _MODULES:
            module = sys.modules.get(name)
            if module is not None and getattr(module, "fp_str", None) is _written:
                module.fp_str = fp_str  # type: ignore[attr-defined]
    if _escaped is getattr(rl_accel, "_py_escapePDF", None):
        for name in _ESCAPING:
            module = sys.modules.get(name)
            if module is not None and getattr(module, "escapePDF", None) is _escaped:
                module.escapePDF = escapePDF  # type: ignore[attr-defined]
    if _measured is getattr(rl_accel, "_py_instanceStringWidthTTF", None):
        if ttfonts.instanceStringWidthTTF is _measured:
            ttfonts.instanceStringWidthTTF = string_width
