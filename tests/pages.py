"""Turn PDFs into small page pictures and a text dump, and compare them with golden files.

A golden is, for a PDF named NAME, one greyscale picture per page (`tests/golden/NAME-pN.png`,
72 dpi, 16 grey levels, 4-bit PNG) and `tests/golden/NAME.txt` (page count, metadata, outline,
fonts, links, and each page's text). `assert_matches_golden` compares a built PDF with them:

- Text and structure must be equal; a failure shows the diff.
- Pictures are compared for what a reader would see, not for anti-aliasing. Both pictures are
  softened (Gaussian blur, radius `BLUR` px); a pixel differs when its grey lies more than
  `THRESHOLD` levels outside the range of the other picture's pixels within one pixel of it
  (so a glyph that rasterises one pixel over, as pdfium snaps glyphs after a 0.05 pt shift,
  does not count), both ways; a page differs when some 3x3 pixel window holds `CLUSTER` or more
  differing pixels. Measured on the Raqqa one-page brief: shifting the whole page by 0.05 to
  0.5 pt gives at most 3 differing pixels in a window, a changed digit in a key figure, a bar
  5% longer or a word removed give 8 or 9 (tests/test_golden.py proves both).

When a comparison fails, `tests/_failed/` receives the new page (`NAME-pN.png`), the golden
(`NAME-pN.golden.png`), a diff (`NAME-pN.diff.png`: differences in red over the faded new page)
and the new text dump (`NAME.txt`). `BRIEFING_UPDATE_GOLDEN=1` rewrites the goldens instead
(after the pages have been looked at) and removes pages a brief no longer has.
"""

from __future__ import annotations

import difflib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter

import pdfcheck

GOLDEN = Path(__file__).resolve().parent / "golden"
FAILED = Path(__file__).resolve().parent / "_failed"
UPDATE = "BRIEFING_UPDATE_GOLDEN"

DPI = 72
LEVELS = 16
BLUR = 0.6
THRESHOLD = 48
CLUSTER = 5

_STEP = 255 // (LEVELS - 1)


def render(pdf: Path) -> list[Image.Image]:
    """Each page of `pdf` in grey at `DPI`, reduced to `LEVELS` grey levels (as stored)."""
    document = pdfium.PdfDocument(pdf)
    try:
        pictures = []
        for page in document:
            grey = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            pictures.append(grey.point(lambda v: round(v / _STEP) * _STEP))
        return pictures
    finally:
        document.close()


def save(picture: Image.Image, path: Path) -> None:
    """`picture` as a 4-bit palette PNG of `LEVELS` greys; `Image.open(path).convert("L")`
    gives back the same pixels."""
    index = picture.point(lambda v: round(v / _STEP))
    paletted = Image.frombytes("P", index.size, index.tobytes())
    paletted.putpalette([level * _STEP for level in range(LEVELS) for _ in range(3)])
    paletted.save(path, "PNG", optimize=True, bits=4)


def load(path: Path) -> Image.Image:
    with Image.open(path) as picture:
        return picture.convert("L")


def _outside(a: Image.Image, b: Image.Image) -> Image.Image:
    """How far each pixel of `a` lies outside the greys of `b` within one pixel of it."""
    below = ImageChops.subtract(b.filter(ImageFilter.MinFilter(3)), a)
    above = ImageChops.subtract(a, b.filter(ImageFilter.MaxFilter(3)))
    return ImageChops.lighter(below, above)


@dataclass(frozen=True)
class PageDifference:
    """Where two pictures of a page differ: a mask (255 where a pixel differs), how many
    pixels differ and the most that any 3x3 window holds."""

    mask: Image.Image
    pixels: int
    densest: int

    @property
    def differs(self) -> bool:
        return self.densest >= CLUSTER


def compare(expected: Image.Image, actual: Image.Image) -> PageDifference:
    """The differences a reader would see between two pictures of the same size."""
    a = expected.filter(ImageFilter.GaussianBlur(BLUR))
    b = actual.filter(ImageFilter.GaussianBlur(BLUR))
    distance = ImageChops.lighter(_outside(a, b), _outside(b, a))
    mask = distance.point(lambda v: 255 if v > THRESHOLD else 0)
    pixels = mask.histogram()[255]
    densest = round(mask.filter(ImageFilter.BoxBlur(1)).getextrema()[1] * 9 / 255)
    return PageDifference(mask, pixels, densest)


def diff_picture(actual: Image.Image, mask: Image.Image) -> Image.Image:
    """The new page faded, the pixels that differ in red, and a red box round them all."""
    faded = Image.blend(actual.convert("RGB"), Image.new("RGB", actual.size, "white"), 0.75)
    faded.paste((220, 0, 0), mask=mask)
    box = mask.getbbox()
    if box is not None:
        left, top, right, bottom = box
        ImageDraw.Draw(faded).rectangle((left - 4, top - 4, right + 3, bottom + 3), outline="red")
    return faded


def describe(pdf: Path) -> str:
    """What a PDF holds besides its look: pages, metadata, outline, fonts, links and each
    page's text as pdfium reads it."""
    reader = pdfcheck.reader(pdf)
    lines = [f"pages: {len(reader.pages)}"]
    lines += [f"info {key}: {value}" for key, value in sorted((reader.metadata or {}).items())]
    lines += [
        f"outline {'  ' * lvl}{title} -> page {p + 1}" for lvl, title, p in pdfcheck.outline(pdf)
    ]
    lines += [
        f"font {name} embedded={embedded}" for name, embedded in sorted(pdfcheck.fonts(pdf).items())
    ]
    lines += [
        f"link on page {link.page + 1}: uri={link.uri} dest_page={link.dest_page}"
        for link in pdfcheck.links(pdf)
    ]
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            box = [round(float(v), 2) for v in reader.pages[number - 1].mediabox]
            lines.append(f"--- page {number} mediabox {box}")
            text = page.get_textpage().get_text_bounded()
            lines += [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    finally:
        document.close()
    return "\n".join(lines) + "\n"


def _visible(line: str) -> str:
    """`line` with spaces other than U+0020 and invisible characters written as `<U+00A0>`,
    so that a diff shows what changed."""
    return "".join(
        f"<U+{ord(c):04X}>"
        if (c.isspace() and c != " ") or unicodedata.category(c) in ("Cc", "Cf")
        else c
        for c in line
    )


def golden_pages(name: str) -> list[Path]:
    """The golden pictures of `name`, page 1 first."""
    found = GOLDEN.glob(f"{name}-p*.png")
    numbered = [
        (int(p.stem.rsplit("-p", 1)[1]), p) for p in found if p.stem.rsplit("-p", 1)[1].isdigit()
    ]
    return [path for _, path in sorted(numbered)]


def update(pdf: Path, name: str) -> None:
    """Rewrite the goldens of `name` from `pdf`, removing pages it no longer has."""
    GOLDEN.mkdir(exist_ok=True)
    for old in golden_pages(name):
        old.unlink()
    for number, picture in enumerate(render(pdf), start=1):
        save(picture, GOLDEN / f"{name}-p{number}.png")
    (GOLDEN / f"{name}.txt").write_text(describe(pdf), encoding="utf-8")


def _clear_failed(name: str) -> None:
    for old in [*FAILED.glob(f"{name}-p*.png"), FAILED / f"{name}.txt"]:
        if old.exists():
            old.unlink()


def problems_with(pdf: Path, name: str) -> list[str]:
    """How `pdf` differs from the goldens of `name` (nothing when it matches), the files that
    show it written to `FAILED`."""
    _clear_failed(name)
    text_golden = GOLDEN / f"{name}.txt"
    expected_pages = golden_pages(name)
    if not expected_pages or not text_golden.exists():
        return [f"{name}: no golden files in {GOLDEN}; look at the pages, then run with {UPDATE}=1"]
    problems: list[str] = []
    pictures = render(pdf)
    failed: list[tuple[str, Image.Image]] = []
    if len(pictures) != len(expected_pages):
        problems.append(f"{name}: {len(pictures)} pages, the golden has {len(expected_pages)}")
        failed += [(f"{name}-p{n}.png", p) for n, p in enumerate(pictures, start=1)]
    for number, (actual, path) in enumerate(zip(pictures, expected_pages, strict=False), start=1):
        expected = load(path)
        page = f"{name}-p{number}"
        if expected.size != actual.size:
            problems.append(f"{page}: page is {actual.size} px, the golden {expected.size} px")
            failed += [(f"{page}.png", actual), (f"{page}.golden.png", expected)]
            continue
        difference = compare(expected, actual)
        if difference.differs:
            box = difference.mask.getbbox()
            problems.append(
                f"{page}: {difference.pixels} pixels differ (up to {difference.densest} in a 3x3 "
                f"window) within {box} px at {DPI} dpi; see {FAILED / page}.diff.png"
            )
            failed += [
                (f"{page}.png", actual),
                (f"{page}.golden.png", expected),
                (f"{page}.diff.png", diff_picture(actual, difference.mask)),
            ]
    actual_text = describe(pdf)
    expected_text = text_golden.read_text(encoding="utf-8")
    if actual_text != expected_text:
        diff = difflib.unified_diff(
            expected_text.splitlines(),
            actual_text.splitlines(),
            "golden",
            "built",
            n=1,
            lineterm="",
        )
        shown = [_visible(line) for line in list(diff)[:40]]
        problems.append(f"{name}.txt differs:\n" + "\n".join(shown))
    if problems:
        FAILED.mkdir(exist_ok=True)
        for file_name, picture in failed:
            if file_name.endswith(".diff.png"):
                picture.save(FAILED / file_name, optimize=True)
            else:
                save(picture, FAILED / file_name)
        (FAILED / f"{name}.txt").write_text(actual_text, encoding="utf-8")
    return problems


def assert_matches_golden(pdf: Path, name: str) -> None:
    """`pdf` looks and reads as the goldens of `name`; with `BRIEFING_UPDATE_GOLDEN=1` set,
    the goldens are rewritten from it first."""
    if os.environ.get(UPDATE):
        update(pdf, name)
    problems = problems_with(pdf, name)
    if problems:
        raise AssertionError(
            f"{pdf.name} differs from its goldens (new pages, goldens and diffs in {FAILED}; "
            f"after looking at them, {UPDATE}=1 rewrites the goldens):\n" + "\n".join(problems)
        )
