"""Turn a checked image of the brief (`spec.assets.ImageAsset`: a spec's picture, the logo) into a
`data:` URI the HTML brief embeds, so that the page fetches nothing.

A PNG or JPEG is embedded as it is, after its bytes are read once more and decoded in full (the
file the browser gets is the file that was checked, not one swapped in since). An SVG is never
embedded as written: it is the drawing its checks built (`spec/svg.py`: budgets, no scripts,
its own pictures read and decoded) written out again by ReportLab, so nothing in it can name a
file, an address or a script; its fonts are named by CSS's generic families. The same image
gives the same bytes.
"""

from __future__ import annotations

import base64
import re

from ..spec.assets import AssetError, ImageAsset, decode_bitmap, read_regular, svg_drawing

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "SVG": "image/svg+xml"}
_PROLOGUE = re.compile(rb"<\?xml[^>]*>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
"""What ReportLab writes around the drawing: the XML declaration, a DOCTYPE naming a DTD by its
address (which nothing should even look like fetching), comments."""
_FONT = re.compile(rb"font-family: ([^;\"]*);")
"""ReportLab's font names (`Helvetica-Bold`, `NotoSerif-Italic`), which no browser knows."""


def data_uri(image: ImageAsset) -> str:
    """`data:image/png;base64,...` for `image`; `AssetError` if its file no longer reads as the
    image it was."""
    if image.format == "SVG":
        data = svg_bytes(image)
    else:
        data = read_regular(image.path, shown_as=image.path.name)
        try:
            found = decode_bitmap(data)
        except AssetError as err:
            raise AssetError(f"{image.path.name!r} {err}") from None
        if found != (image.format, image.width, image.height):
            raise AssetError(f"{image.path.name!r} has changed since it was checked")
    return f"data:{MIME[image.format]};base64,{base64.b64encode(data).decode('ascii')}"


def svg_bytes(image: ImageAsset) -> bytes:
    """The checked drawing of an SVG image, written out as SVG by ReportLab."""
    from reportlab.graphics import renderSVG

    assert image.root is not None
    drawing = svg_drawing(image.path, root=image.root)
    text: str = renderSVG.drawToString(drawing)
    return _FONT.sub(_css_font, _PROLOGUE.sub(b"", text.encode("utf-8"))).strip()


def _css_font(match: re.Match[bytes]) -> bytes:
    """A ReportLab font name as the CSS generic family, weight and style it stands for."""
    name = match.group(1)
    serif = (b"Times" in name or b"Serif" in name) and b"Sans" not in name
    family = b"monospace" if b"Courier" in name else b"serif" if serif else b"sans-serif"
    weight = b" font-weight: bold;" if b"Bold" in name else b""
    style = b" font-style: italic;" if b"Italic" in name or b"Oblique" in name else b""
    return b"font-family: " + family + b";" + weight + style
