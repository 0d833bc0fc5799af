"""Turn an SVG's XML tree into a verdict on what drawing it would cost, before svglib runs.

svglib's time grows with what it draws, not with the file's size: `<use>` and `clip-path`
copy other elements, and copies may hold further copies, so 14 levels of four `<use>` in a
1 KB file ask for millions of shapes. This scan counts, for every element, what drawing it
instantiates (itself, its children, and whatever it copies), each element once (memoised,
without recursion), and refuses a file that asks for more than the budgets below. It also
checks every file an SVG names: only PNG and JPEG images inside the project, never another
SVG, a URL or a special file.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets import MAX_PIXELS, AssetError, decode_image, resolve_asset

MAX_ELEMENTS = 10_000
"""Elements in the file."""
MAX_DRAWN = 10_000
"""Elements drawn, counting every copy that `<use>` and `clip-path` make (svglib takes about
0.3 ms an element, more the deeper it is nested)."""
MAX_REFERENCE_DEPTH = 8
"""References followed in a chain (`<use>` of something holding a `<use>`...)."""
MAX_NESTING = 16
"""Elements nested inside each other, copies included (svglib looks up every inherited
attribute through every level)."""
MAX_PATH_NUMBERS = 100_000
"""Numbers in path and polygon data drawn, copies included."""
MAX_STYLE_RULES = 1_000
"""Rules in `<style>` elements (each one is matched against every element drawn)."""
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_DEFS = "{http://www.w3.org/2000/svg}defs"
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_URL_ID = re.compile(r"url\(\s*['\"]?#([^)'\"]*)")
_CLIP_IN_STYLE = re.compile(r"clip-path\s*:\s*url\(\s*['\"]?#([^)'\"]*)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpe?g);base64,")


class SvgRefused(Exception):
    """An SVG is refused; the message reads on from its name ("'logo.svg' <message>")."""


@dataclass(frozen=True)
class _Cost:
    drawn: int
    numbers: int
    pixels: int
    depth: int
    nesting: int


def check_budget(tree: Any, *, source: Path, root: Path) -> None:
    """Refuse (`SvgRefused`) an SVG tree that would cost too much to draw, or that names a
    file it may not use; `source` is its file, `root` the folder its references must stay in."""
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    if len(elements) > MAX_ELEMENTS:
        raise SvgRefused(
            f"has {len(elements):,} elements; SVG images may have at most {MAX_ELEMENTS:,}"
        )
    ids: dict[str, list[Any]] = {}
    for element in elements:
        if element.get("id"):
            ids.setdefault(element.get("id"), []).append(element)
    _check_styles(elements)
    edges = {e: _edges(e, ids) for e in elements}
    own = {e: _own_cost(e, source=source, root=root) for e in elements}
    total = _costs(tree, edges, own)
    limits = [
        (
            total.drawn,
            MAX_DRAWN,
            "would draw {:,} elements through <use>; SVG images may draw at most {:,}",
        ),
        (
            total.nesting,
            MAX_NESTING,
            "nests elements {:,} deep; SVG images may nest them at most {:,} deep",
        ),
        (
            total.numbers,
            MAX_PATH_NUMBERS,
            "would draw {:,} numbers of path data; SVG images may draw at most {:,}",
        ),
        (
            total.pixels,
            MAX_PIXELS,
            "would draw {:,} pixels of embedded images; SVG images may draw at most {:,}",
        ),
    ]
    for found, limit, said in limits:
        if found > limit:
            raise SvgRefused(said.format(found, limit))


def _check_styles(elements: list[Any]) -> None:
    rules = sum("".join(e.itertext()).count("{") for e in elements if _local(e) == "style")
    if rules > MAX_STYLE_RULES:
        raise SvgRefused(
            f"has {rules:,} style rules; SVG images may have at most {MAX_STYLE_RULES:,}"
        )


def _local(element: Any) -> str:
    tag = str(element.tag)
    return tag.rsplit("}", 1)[-1]


def _href(element: Any) -> str:
    return str(element.get(_XLINK_HREF) or element.get("href") or "").strip()


def _edges(element: Any, ids: dict[str, list[Any]]) -> list[Any]:
    """What drawing `element` draws besides itself: its children, then (as references) what it
    copies (`<use>`, `clip-path`: drawn again for each element that names it) or inherits
    from (a gradient's `href`). svglib skips `<defs>` where they stand and draws each one
    once for every `<svg>` that holds it, however deep."""
    found: list[Any] = [
        child for child in element if isinstance(child.tag, str) and _local(child) != "defs"
    ]
    if _local(element) == "svg":
        found += list(element.iter(_DEFS, "defs"))
    names = _URL_ID.findall(element.get("clip-path", ""))
    names += _CLIP_IN_STYLE.findall(element.get("style", ""))
    href = _href(element)
    if href.startswith("#"):
        names.append(href[1:])
    for name in names:
        found += [_Reference(target) for target in ids.get(name.strip(), [])]
    return found


@dataclass(frozen=True)
class _Reference:
    target: Any


def _costs(tree: Any, edges: dict[Any, list[Any]], own: dict[Any, _Cost]) -> _Cost:
    """The cost of drawing `tree`: every element's cost computed once, children and referenced
    elements first, with an explicit stack (a chain of references may be long)."""
    done: dict[Any, _Cost] = {}
    active = {tree}
    stack = [(tree, iter(edges[tree]))]
    while stack:
        element, pending = stack[-1]
        for edge in pending:
            target = edge.target if isinstance(edge, _Reference) else edge
            if target in done:
                continue
            if target in active:
                raise SvgRefused(
                    f"has a reference that leads back to itself (#{target.get('id')}); "
                    "remove the loop"
                )
            active.add(target)
            stack.append((target, iter(edges[target])))
            break
        else:
            stack.pop()
            active.discard(element)
            done[element] = _combine(own[element], edges[element], done)
    return done[tree]


def _combine(own: _Cost, edges: list[Any], done: dict[Any, _Cost]) -> _Cost:
    drawn, numbers, pixels, depth, nesting = (
        own.drawn,
        own.numbers,
        own.pixels,
        own.depth,
        own.nesting,
    )
    for edge in edges:
        reference = isinstance(edge, _Reference)
        cost = done[edge.target if reference else edge]
        drawn += cost.drawn
        numbers += cost.numbers
        pixels += cost.pixels
        depth = max(depth, cost.depth + (1 if reference else 0))
        nesting = max(nesting, cost.nesting + 1)
        if depth > MAX_REFERENCE_DEPTH:
            raise SvgRefused(
                f"nests references (<use> within <use>) more than {MAX_REFERENCE_DEPTH} deep; "
                f"SVG images may nest them at most {MAX_REFERENCE_DEPTH} deep"
            )
    return _Cost(drawn, numbers, pixels, depth, nesting)


def _own_cost(element: Any, *, source: Path, root: Path) -> _Cost:
    """What drawing `element` alone costs: one element, its path numbers, its image's pixels."""
    name = _local(element)
    numbers = 0
    if name in ("path", "polygon", "polyline"):
        data = element.get("d" if name == "path" else "points") or ""
        numbers = len(_NUMBER.findall(data.encode()))
    pixels = 0
    href = _href(element)
    if name in ("image", "use") and href and not href.startswith("#"):
        pixels = _linked_pixels(href, is_image=name == "image", source=source, root=root)
    return _Cost(1, numbers, pixels, 0, 1)


def _linked_pixels(href: str, *, is_image: bool, source: Path, root: Path) -> int:
    """The pixels of the PNG or JPEG image `href` names (embedded as data, or a file inside the
    project); `SvgRefused` for anything else an SVG might try to pull in."""
    shown = href if len(href) <= 60 else href[:60] + "..."
    if not is_image:
        raise SvgRefused(f"uses {shown!r}; <use> may only refer to elements in the same file")
    embedded = _DATA_IMAGE.match(href)
    if embedded:
        return _embedded_pixels(href[embedded.end() :])
    if _SCHEME.match(href):
        raise SvgRefused(
            f"links to {shown!r}; SVG images may only embed PNG or JPEG images, or link to "
            "them inside the project"
        )
    if href.lower().endswith((".svg", ".svgz")):
        raise SvgRefused(f"links to {shown!r}; SVG images may not include other SVG files")
    try:
        linked = decode_image(resolve_asset(href, spec_path=source, root=root), shown_as=href)
    except AssetError as err:
        raise SvgRefused(f"links to an image that cannot be used: {err}") from None
    return linked.width * linked.height


def _embedded_pixels(data: str) -> int:
    from PIL import Image, UnidentifiedImageError

    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            width, height = image.size
            if image.format not in ("PNG", "JPEG"):
                raise UnidentifiedImageError
    except (binascii.Error, ValueError, OSError, Image.DecompressionBombError):
        raise SvgRefused("embeds an image that is not a readable PNG or JPEG") from None
    return int(width * height)
