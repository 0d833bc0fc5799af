"""Turn an SVG file into a checked ReportLab drawing, or an `AssetError` saying why not.

An SVG is a small program: `<use>` copies other elements (a 1 KB file can ask for millions of
shapes), `<image>` names other files, numbers can be anything. So, in order:

1. the file is read once and parsed by lxml (no DTD, no entities, no network, no huge trees);
2. a budget scan of that tree (`svgbudget`) counts what svglib would draw, `<use>` copies
   included, and refuses the file before svglib sees it if it is too much; the pictures its
   `<image>` elements link to or embed are read and decoded in full (`svglinks`);
3. svglib draws the same tree, its log kept from the terminal (anything it warns about means
   the picture would be wrong, so that is a refusal too), with a time limit as a backstop;
   it is handed those decoded pictures and never opens a file itself (no other SVG, no image
   that ReportLab would read later);
4. the drawing is walked: numbers must be finite and sane, sizes within limits; shapes scaled
   to nothing are dropped and zero dash patterns drawn solid, as SVG says;
5. the drawing is drawn once on a throwaway canvas, so what cannot be drawn is refused here,
   where the message can name the file, rather than halfway through a build.

Each file is parsed once per process (`load_svg` caches by path, size, modification time and
project folder); callers that change the drawing get their own copy (`fresh_drawing`).
"""

from __future__ import annotations

import copy
import io
import logging
import re
import time
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Group, String
from reportlab.lib.colors import Color

from .assets import AssetError, read_regular, shorten
from .svgbudget import check_budget
from .svglinks import Picture, SvgRefused, href_of, is_internal

MIN_SIDE = 1.0
MAX_SIDE = 20_000.0
"""Declared size of a drawing, in points, a side."""
MAX_SECONDS = 10.0
"""Backstop: svglib may spend at most this long on one file (the budgets keep it below 5 s)."""
MAX_NUMBER = 1e9
"""Largest coordinate, length or transform entry (PDF readers choke on integers past 2**31)."""
MAX_FONT_SIZE = 1e6
_CACHE_SIZE = 16
_INKSCAPE_DPI_WARNING = "This SVG was created with Inkscape"


@dataclass(frozen=True)
class Svg:
    """A checked drawing, its declared size in points, the text it draws, and the images it
    holds (shared by every copy of the drawing: a JPEG is read from its image when drawn)."""

    drawing: Any
    width: float
    height: float
    texts: tuple[str, ...]
    images: tuple[Any, ...]


_cache: OrderedDict[tuple[Path, int, int, Path], Svg | str] = OrderedDict()


def load_svg(path: Path, *, shown_as: str, root: Path) -> Svg:
    """The checked drawing of the SVG at the resolved `path`; external references must stay in
    `root`. The result (or the reason for a refusal) is cached; do not change its drawing."""
    try:
        info = path.stat()
    except OSError as err:
        raise AssetError(f"cannot read {shown_as!r} ({err.strerror})") from None
    key = (path, info.st_size, info.st_mtime_ns, root)
    if key not in _cache:
        try:
            _cache[key] = _load(path, shown_as=shown_as, root=root)
        except SvgRefused as refused:
            _cache[key] = str(refused)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    _cache.move_to_end(key)
    found = _cache[key]
    if isinstance(found, str):
        raise AssetError(f"{shown_as!r} {found}")
    return found


def fresh_drawing(path: Path, *, root: Path) -> Any:
    """A copy of the checked drawing of `path` that the caller may scale and restyle."""
    checked = load_svg(path, shown_as=path.name, root=root)
    return copy.deepcopy(checked.drawing, {id(image): image for image in checked.images})


def _load(path: Path, *, shown_as: str, root: Path) -> Svg:
    tree = _parse(read_regular(path, shown_as=shown_as), path=path)
    pictures = check_budget(tree, source=path, root=root)
    deadline = time.monotonic() + MAX_SECONDS
    drawing, images = _draw(tree, path=path, root=root, pictures=pictures, deadline=deadline)
    width, height = float(drawing.width), float(drawing.height)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise SvgRefused(
            f"declares a size of {width:g}x{height:g} points; SVG images must be "
            f"{MIN_SIDE:g} to {MAX_SIDE:,.0f} points a side"
        )
    texts = _check_numbers(drawing)
    _trial_render(drawing)
    if time.monotonic() > deadline:
        raise _too_slow()
    return Svg(drawing, width, height, texts, images)


def _parse(data: bytes, *, path: Path) -> Any:
    """The XML tree of an SVG: entities, DTDs and the network left alone."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        tree = etree.fromstring(data, parser=parser, base_url=str(path))
    except etree.XMLSyntaxError as err:
        line, column = err.position
        raise SvgRefused(
            f"is not a readable SVG image (XML error at line {line}, column {column})"
        ) from None
    if tree is None or etree.QName(tree).localname != "svg":
        raise SvgRefused("is not a readable SVG image (its root element is not <svg>)")
    return tree


def _too_slow() -> SvgRefused:
    return SvgRefused(f"takes more than {MAX_SECONDS:g} seconds to draw; simplify it")


class _BriefFonts:
    """svglib's font lookup, cut short: SVG text is set in the brief's own fonts anyway
    (`blocks.picture`), so no font is searched for on the system (`fc-match`) or loaded."""

    def find_font(
        self, name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        return ("Helvetica-Bold" if bold else "Helvetica"), True


def _draw(
    tree: Any, *, path: Path, root: Path, pictures: dict[str, Picture], deadline: float
) -> tuple[Any, tuple[Any, ...]]:
    """svglib's drawing of `tree` and the images in it, or `SvgRefused` if svglib fails,
    complains or dawdles. `pictures` are the checked images its links name."""
    from svglib.svglib import SvgRenderer

    images: dict[str, Any] = {}

    class Renderer(SvgRenderer):
        def renderNode(self, node: Any, parent: Any = None) -> None:
            if time.monotonic() > deadline:
                raise _too_slow()
            super().renderNode(node, parent)

        def xlink_href_target(self, node: Any, group: Any = None) -> Any:
            href = href_of(node.etree_element)
            if is_internal(href):
                return super().xlink_href_target(node, group)
            if href not in pictures:  # set after the budget scan; a style setting it is refused
                raise SvgRefused(f"links to {shorten(href)!r}, which was not checked")
            if href not in images:
                images[href] = pictures[href].image()
            return images[href]

    renderer = Renderer(str(path), font_map=_BriefFonts(), external_reference_root=str(root))
    with _svglib_log() as complaints:
        try:
            drawing = renderer.render(tree)
        except SvgRefused:
            raise
        except Exception as err:  # noqa: BLE001 - svglib raises whatever its input provokes
            raise SvgRefused(f"is not a readable SVG image ({type(err).__name__})") from None
    if complaints:
        said = complaints[0].rstrip(".")
        said = said if len(said) <= 100 else said[:100] + "..."
        raise SvgRefused(f"would not be drawn as written (svglib: {said})")
    return drawing, tuple(images.values())


@contextmanager
def _svglib_log() -> Iterator[list[str]]:
    """Keep what svglib logs (and any Python warning) off the terminal; yield the messages of
    warnings and errors, which mean the drawing would differ from the SVG."""
    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if not message.startswith(_INKSCAPE_DPI_WARNING):
                said.append(message)

    handler = Keep(logging.WARNING)
    # svglib.svglib's own level also decides whether it works out unused attributes per node.
    loggers = [logging.getLogger(name) for name in ("svglib", "svglib.svglib", "svglib.fonts")]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    loggers[0].addHandler(handler)
    loggers[0].propagate = False
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield said
    finally:
        loggers[0].removeHandler(handler)
        for logger, (level, propagate) in zip(loggers, saved, strict=True):
            logger.setLevel(level)
            logger.propagate = propagate


def _check_numbers(drawing: Any) -> tuple[str, ...]:
    """Refuse non-finite or absurd numbers anywhere in the drawing; drop groups that a
    transform flattens to nothing and draw all-zero dash patterns solid (both as SVG says).
    Returns the text the drawing shows, each string once, in drawing order."""
    texts: dict[str, None] = {}
    stack = [drawing]
    while stack:
        node = stack.pop()
        if isinstance(node, String):
            if not 0 <= node.fontSize <= MAX_FONT_SIZE:
                raise SvgRefused(
                    f"has text in a font size of {node.fontSize:g}; SVG text may be from 0 to "
                    f"{MAX_FONT_SIZE:,.0f} units high"
                )
            texts[str(node.text)] = None
        for name, value in vars(node).items():
            if name != "contents":
                _check_value(name, value)
        dashes = _dash_lengths(node)
        if dashes is not None and not sum(_numbers(dashes)):
            node.strokeDashArray = None
        if isinstance(node, Group):
            node.contents = [child for child in node.contents if not _flattened(child)]
            stack.extend(reversed(node.contents))
    return tuple(texts)


def _dash_lengths(node: Any) -> Any:
    """A shape's dash lengths (ReportLab also allows `(phase, lengths)`)."""
    dashes = getattr(node, "strokeDashArray", None)
    if isinstance(dashes, list | tuple) and len(dashes) == 2 and isinstance(dashes[1], list):
        return dashes[1]
    return dashes


def _flattened(node: Any) -> bool:
    transform = getattr(node, "transform", None)
    if transform is None or len(transform) != 6:
        return False
    a, b, c, d = transform[:4]
    return bool(a * d - b * c == 0)


def _check_value(name: str, value: Any) -> None:
    for number in _numbers(value):
        if not -MAX_NUMBER <= number <= MAX_NUMBER:  # NaN fails this too
            said = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()  # strokeWidth: stroke width
            raise SvgRefused(
                f"has a number out of range ({said}: {number:g}); numbers in SVG images must "
                f"be finite and at most {MAX_NUMBER:,.0f} in size"
            )
        if number < 0 and name in ("strokeWidth", "strokeDashArray"):
            said = "stroke width" if name == "strokeWidth" else "dash length"
            raise SvgRefused(f"has a negative {said} ({number:g})")


def _numbers(value: Any, depth: int = 0) -> list[float]:
    """The numbers in an attribute value: itself, a list's, a colour's components."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, Color):
        return list(value.rgba())
    if isinstance(value, list | tuple) and depth < 3:
        return [n for item in value for n in _numbers(item, depth + 1)]
    return []


def _trial_render(drawing: Any) -> None:
    """Draw on a throwaway canvas; what ReportLab cannot draw is refused now."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), pageCompression=0)
    with _svglib_log():
        try:
            renderPDF.draw(drawing, canvas, 0, 0)
        except Exception as err:  # noqa: BLE001 - ReportLab raises many kinds of error
            raise SvgRefused(f"cannot be drawn ({type(err).__name__})") from None
