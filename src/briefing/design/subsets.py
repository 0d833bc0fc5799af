"""Turn a font face and the characters one PDF draws with it into the subset font program that
PDF embeds, made once per glyph set in a process.

ReportLab makes every subset anew for each PDF, in Python (about 2 ms a face). A batch of
briefs, or `briefing watch` saving after saving, draws the same characters again and again:
here a subset is made once and kept (`MAX_PROGRAMS` programs, at most `MAX_BYTES` bytes
together, the least recently used dropped first). An entry is keyed on the face's own bytes
(their SHA-256: a font file changed on disk and read again is another key, whatever its name,
size or time) and on the subset's characters in their order, which fixes the glyph order in the
program.

Writing the PDF (`layout/serialise.py`) compresses every stream once; a font program, the bulk
of a brief's bytes, it takes compressed from `compressed`, which keeps the Flate stream of each
program it was given (as many and as big as the programs, keyed on the program's SHA-256), so
the same program is compressed once in a process and the PDF does not depend on the cache. A
program served from this cache comes back as the very object it was: its stream is found by
that object first (bytes never change), without hashing the program again.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from typing import Any

from ..bounded import Bounded

MAX_PROGRAMS = 128
"""Subset programs kept: a brief embeds five to ten, a batch with several templates a few
dozen."""
MAX_BYTES = 8 * 1024 * 1024
"""Bytes kept, all programs together (a Latin subset of Noto is 20 to 25 KB)."""
LEVEL = 6
"""The zlib level of every stream we compress: zlib's default, about as small as 9 at half the
time (a Noto subset: 11,881 bytes, 11,885 at 9, 12,384 at 1)."""


@dataclass
class Counts:
    """Work done since the process started, for the benchmark and the tests: subsets made
    (and their bytes), and subsets served from the cache; the same for compressed programs."""

    made: int = 0
    made_bytes: int = 0
    served: int = 0
    compressed: int = 0
    compressed_bytes: int = 0
    compressed_served: int = 0


counts = Counts()
_programs: Bounded[bytes] = Bounded(entries=MAX_PROGRAMS, size=MAX_BYTES)
_streams: Bounded[bytes] = Bounded(entries=MAX_PROGRAMS, size=MAX_BYTES)
_by_object: Bounded[tuple[bytes, bytes]] = Bounded(entries=MAX_PROGRAMS, size=MAX_BYTES)
"""Each program's stream, keyed on the program object's `id`, with the program itself: held,
it keeps its `id` from being another object's."""


def install(face: Any) -> None:
    """Make the parsed TTFontFace `face` take its subsets from `program`."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    def make_subset(subset: list[int]) -> bytes:
        return program(face, subset, make=TTFontFace.makeSubset)

    face.makeSubset = make_subset


def program(face: Any, subset: list[int], *, make: Any) -> bytes:
    """The program of `subset` (code points, in the order of their glyphs) of the parsed
    TTFontFace `face`, made by `make(face, subset)` now or served from an earlier call."""
    key = (_digest(face), tuple(subset))
    known = _programs.get(key)
    if known is not None:
        counts.served += 1
        return known
    made: bytes = make(face, subset)
    counts.made += 1
    counts.made_bytes += len(made)
    _programs.put(key, made, size=len(made))
    return made


def compressed(program: bytes) -> bytes:
    """The Flate stream of the font `program` (zlib, `LEVEL`), made now or served from an
    earlier call with the same bytes."""
    same = _by_object.get(id(program))
    if same is not None and same[0] is program:
        counts.compressed_served += 1
        return same[1]
    key = hashlib.sha256(program).digest()
    known = _streams.get(key)
    if known is not None:
        counts.compressed_served += 1
    else:
        known = zlib.compress(program, LEVEL)
        counts.compressed += 1
        counts.compressed_bytes += len(program)
        _streams.put(key, known, size=len(known))
    _by_object.put(id(program), (program, known), size=len(program) + len(known))
    return known


def _digest(face: Any) -> bytes:
    """The SHA-256 of the bytes `face` was parsed from, computed once per face."""
    digest: bytes | None = face.__dict__.get("_briefing_digest")
    if digest is None:
        digest = hashlib.sha256(face._ttf_data).digest()
        face._briefing_digest = digest
    return digest


def held() -> tuple[int, int]:
    """How many programs the cache holds, and their bytes."""
    return len(_programs), _programs.held


def held_streams() -> tuple[int, int]:
    """How many compressed programs the cache holds, and their bytes."""
    return len(_streams), _streams.held


def clear() -> None:
    """Forget every program and compressed program (for tests and the benchmark's uncached
    runs)."""
    _programs.clear()
    _streams.clear()
    _by_object.clear()
