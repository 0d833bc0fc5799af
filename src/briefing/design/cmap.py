"""Turn a TrueType font file into the set of code points it maps, without ReportLab.

`briefing check` asks which characters the brief's fonts can draw. ReportLab answers by parsing
the whole font (metrics, glyph positions: about 8 ms a face, twelve faces for a brief) after an
import of its own that costs more than the check; the answer is in one table, `cmap`, read here
in well under a millisecond. The set is the one ReportLab's `TTFontFile.charToGlyph` has as
keys: the same subtable chosen, every code point of a segment (a code point mapped to glyph 0
included, as ReportLab keeps it), and the no-break space standing in for a missing space and
the other way round. Formats 4 (the 16-bit one every font has) and 12 and 13 (32-bit ranges)
are read; a font that maps characters only through another format is `CmapError`.
"""

from __future__ import annotations

import functools
import os
import struct
from typing import BinaryIO


class CmapError(Exception):
    """The font's character map cannot be read here (the file's fault, or a rare format)."""


def code_points(path: str) -> frozenset[int]:
    """The code points the TrueType font at `path` maps, as ReportLab reads them. Cached by
    path, size and modification time (64 files at most): an edited file is read again."""
    try:
        info = os.stat(path)
    except OSError as err:
        raise CmapError(err.strerror) from None
    return _read(path, info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read(path: str, size: int, mtime: int) -> frozenset[int]:
    del size, mtime  # part of the cache key only
    try:
        with open(path, "rb") as stream:
            points = _subtable(_cmap_table(stream))
    except (struct.error, IndexError):
        raise CmapError("the file is truncated or damaged") from None
    except OSError as err:
        raise CmapError(err.strerror) from None
    if 0x20 in points:
        points.add(0xA0)
    elif 0xA0 in points:
        points.add(0x20)
    return frozenset(points)


def _cmap_table(stream: BinaryIO) -> bytes:
    """The bytes of the font's `cmap` table (a few KB of a file of hundreds), found in its
    table directory; what the file lacks reads short, and fails to unpack."""
    head = stream.read(12)
    (tables,) = struct.unpack_from(">H", head, 4)
    directory = stream.read(16 * tables)
    for n in range(tables):
        tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * n)
        if tag == b"cmap":
            stream.seek(offset)
            return stream.read(length)
    raise CmapError("it has no 'cmap' table")


def _subtable(data: bytes) -> set[int]:
    """Code points of the subtable ReportLab chooses in the `cmap` table `data`: the last
    Unicode one listed."""
    version, count = struct.unpack_from(">HH", data, 0)
    if count == 0 and version != 0:
        count = version
    chosen, kind = None, 0
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * n)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        raise CmapError("could not find a suitable cmap encoding")
    start = chosen
    (fmt,) = struct.unpack_from(">H", data, start)
    if fmt == 4:
        (segments,) = struct.unpack_from(">H", data, start + 6)
        segments //= 2
        ends = struct.unpack_from(f">{segments}H", data, start + 14)
        starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
        points: set[int] = set()
        for first, last in zip(starts, ends, strict=True):
            points.update(range(first, last + 1))
        return points
    if fmt in (12, 13):
        (groups,) = struct.unpack_from(">I", data, start + 12)
        ranges = struct.unpack_from(f">{3 * groups}I", data, start + 16)
        points = set()
        for g in range(groups):
            points.update(range(ranges[3 * g], ranges[3 * g + 1] + 1))
        return points
    raise CmapError(f"its character map has format {fmt}, which briefing does not read")
