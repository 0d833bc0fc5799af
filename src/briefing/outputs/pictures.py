"""Turn PDF bytes into pictures: each page as a PNG at a chosen resolution.

ReportLab writes PDFs but cannot rasterise one; pdfium (pypdfium2), the renderer the tests
already read pages with, draws them, and Pillow writes the PNG. The bytes depend only on the
PDF and the resolution: no time, software name or other varying chunk is written (only the
resolution, as `pHYs`, so a picture prints at its size).

A page is drawn whole in memory before it is written, so its size is bounded: at most
`MAX_PIXELS` pixels, checked for every page before any is drawn.
"""

from __future__ import annotations

import io
import math

from ..errors import BriefingError

MIN_DPI = 36
MAX_DPI = 600
DEFAULT_DPI = 150
MAX_PIXELS = 40_000_000
"""Pixels a page may have: 120 MB of colour drawn at once, the same limit as an image a spec
may hold. A4 and Letter pages fit it at 600 dpi, a Legal page up to 579 dpi."""


def check_dpi(dpi: int) -> None:
    """Refuse a resolution outside `MIN_DPI` to `MAX_DPI`: the CLI calls this before building,
    so that a wrong `--dpi` costs no layout."""
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise BriefingError(f"briefing: --dpi: expected {MIN_DPI} to {MAX_DPI}, found {dpi!r}")


def _scale(dpi: int) -> float:
    """Pixels a point at `dpi`. pdfium rounds a page's size up to whole pixels; the scale is a
    billionth less than exact, so that a page a whole number of pixels wide (Letter at 150 dpi:
    1650) is not rounded up by a float's error."""
    return dpi / 72 * (1 - 1e-9)


def pixel_size(width: float, height: float, *, dpi: int) -> tuple[int, int]:
    """The pixels a page of `width` by `height` points takes at `dpi`, as pdfium draws it."""
    scale = _scale(dpi)
    return math.ceil(width * scale), math.ceil(height * scale)


def page_images(pdf: bytes, *, dpi: int) -> list[bytes]:
    """Each page of `pdf` as a PNG at `dpi`, in colour on white. A page over `MAX_PIXELS` at
    that resolution is refused before any page is drawn, naming the most `--dpi` it allows."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    check_dpi(dpi)
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [document[i] for i in range(len(document))]
        for number, page in enumerate(pages, start=1):
            _check_pixels(number, *page.get_size(), dpi=dpi)
        return [
            _png(page.render(scale=_scale(dpi), rev_byteorder=True).to_pil(), dpi=dpi)
            for page in pages
        ]
    finally:
        document.close()


def _check_pixels(number: int, width: float, height: float, *, dpi: int) -> None:
    across, down = pixel_size(width, height, dpi=dpi)
    if across * down <= MAX_PIXELS:
        return
    most = next(
        d for d in range(dpi, 0, -1) if math.prod(pixel_size(width, height, dpi=d)) <= MAX_PIXELS
    )
    raise BriefingError(
        f"briefing: --dpi {dpi}: page {number} ({width:.0f} x {height:.0f} pt) would be "
        f"{across:,} x {down:,} = {across * down:,} pixels, over the limit of {MAX_PIXELS:,} "
        f"a page; use --dpi {most} or less"
    )


def _png(picture: object, *, dpi: int) -> bytes:
    """`picture` (a Pillow image) as PNG bytes that depend only on its pixels and `dpi`."""
    from PIL import Image

    assert isinstance(picture, Image.Image)
    buffer = io.BytesIO()
    rgb = picture if picture.mode == "RGB" else picture.convert("RGB")
    rgb.save(buffer, "PNG", dpi=(dpi, dpi), compress_level=6)
    return buffer.getvalue()
