"""Turn what an SVG's `<image>` elements link to or embed into checked, decoded PNG and JPEG
pictures, or a refusal (`SvgRefused`).

Left to itself, svglib reads an element's `xlink:href` (else `href`, untrimmed) like this:
`data:image/png;base64,...` is an embedded image; anything else is split at the first `#`, and
a non-empty part before it is a path beside the SVG, taken as written (no percent-decoding). A
path ending in `.svg` is opened with svglib's own XML parser (no size limit, no regular-file
check, no budgets, no time limit); any other path is handed to ReportLab, which opens it when
the page is drawn. Here every link is read the same way, but a file is opened only through
`assets` (a regular file inside the project, at most 10 MiB) and must be a PNG or JPEG by its
content; every picture is decoded in full with Pillow. `svg` then hands svglib the decoded
picture, so svglib and ReportLab never open a file an SVG names.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets import MAX_ASSET_BYTES, AssetError, decode_bitmap, read_regular, resolve_asset

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpe?g);base64,")
_ACCEPTED = "PNG or JPEG"
MAX_LINKED_BYTES = MAX_ASSET_BYTES
"""Bytes of the image files one SVG links to, all together."""


class SvgRefused(Exception):
    """An SVG is refused; the message reads on from its name ("'logo.svg' <message>")."""


def href_of(element: Any) -> str:
    """The link of an XML element exactly as svglib reads it: `xlink:href`, else `href`."""
    return str(element.get(_XLINK_HREF) or element.get("href") or "")


def is_internal(href: str) -> bool:
    """Whether svglib resolves `href` inside the same file (`#id`), or finds no link at all."""
    return not href or href.startswith("#")


@dataclass(frozen=True)
class Picture:
    """A PNG or JPEG image an SVG links to or embeds, checked and decoded in full."""

    data: bytes
    width: int
    height: int

    def image(self) -> Any:
        """A Pillow image of the picture, as svglib makes one for an embedded image (a palette
        with transparency as RGBA); left unloaded, so that ReportLab copies a JPEG's bytes into
        the PDF unchanged."""
        from PIL import Image

        image = Image.open(io.BytesIO(self.data))
        if image.mode == "P" and "transparency" in image.info:
            return image.convert("RGBA")
        return image


class Pictures:
    """The pictures an SVG's `<image>` elements name, read once each (by link, and by file)."""

    def __init__(self, *, source: Path, root: Path) -> None:
        self._source = source
        self._root = root
        self._by_href: dict[str, Picture] = {}
        self._by_file: dict[Path, Picture] = {}
        self._linked_bytes = 0

    def sized(self, href: str) -> Picture:
        """The picture `href` names, read as far as its size (see `decoded`); `SvgRefused`
        for anything but an embedded PNG or JPEG or such a file inside the project."""
        if href not in self._by_href:
            self._by_href[href] = self._read(href)
        return self._by_href[href]

    def decoded(self) -> dict[str, Picture]:
        """Every picture read so far, by link, each decoded in full (call this once the
        budgets have passed: decoding costs time in proportion to the pixels)."""
        done: set[int] = set()
        for href, picture in self._by_href.items():
            if id(picture) not in done:
                done.add(id(picture))
                try:
                    decode_bitmap(picture.data, formats=_ACCEPTED)
                except AssetError as err:
                    raise _refusal(href, str(err)) from None
        return dict(self._by_href)

    def _read(self, href: str) -> Picture:
        shown = _shown(href)
        embedded = _DATA_IMAGE.match(href)
        if embedded:
            try:
                data = base64.b64decode("".join(href[embedded.end() :].split()), validate=True)
            except (binascii.Error, ValueError):
                raise SvgRefused("embeds an image that is not a readable PNG or JPEG") from None
            return _sized(data, href, linked=False)
        if _SCHEME.match(href):
            raise SvgRefused(
                f"links to {shown!r}; SVG images may only embed PNG or JPEG images, or link to "
                "them inside the project"
            )
        written = href.split("#", 1)[0]
        if written.lower().endswith((".svg", ".svgz")):
            raise _other_svg(href)
        try:
            path = resolve_asset(written, spec_path=self._source, root=self._root, holder="SVG")
            if path not in self._by_file:
                data = read_regular(path, shown_as=written)
                self._linked_bytes += len(data)
                if self._linked_bytes > MAX_LINKED_BYTES:
                    raise SvgRefused(
                        f"links to more than {MAX_LINKED_BYTES:,} bytes of images; SVG images may "
                        f"link to at most {MAX_LINKED_BYTES:,} bytes of images in all"
                    )
                self._by_file[path] = _sized(data, href, linked=True)
        except AssetError as err:
            raise SvgRefused(f"links to an image that cannot be used: {err}") from None
        return self._by_file[path]


def _sized(data: bytes, href: str, *, linked: bool) -> Picture:
    try:
        _, width, height = decode_bitmap(data, in_full=False, formats=_ACCEPTED)
    except AssetError as err:
        if linked and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise _other_svg(href) from None
        raise _refusal(href, str(err)) from None
    return Picture(data, width, height)


def _refusal(href: str, reason: str) -> SvgRefused:
    if _DATA_IMAGE.match(href):
        if reason == f"is not a {_ACCEPTED} image":
            return SvgRefused("embeds an image that is not a readable PNG or JPEG")
        return SvgRefused(f"embeds an image that {reason}")
    return SvgRefused(f"links to an image that cannot be used: {_shown(href)!r} {reason}")


def _other_svg(href: str) -> SvgRefused:
    return SvgRefused(f"links to {_shown(href)!r}; SVG images may not include other SVG files")


def _shown(href: str) -> str:
    return href if len(href) <= 60 else href[:60] + "..."
