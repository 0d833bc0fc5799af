"""Turn an SVG's XML tree into a verdict on what drawing it would cost, before svglib runs.

svglib's time grows with what it draws, not with the file's size: `<use>` and `clip-path`
copy other elements, and copies may hold further copies, so 14 levels of four `<use>` in a
1 KB file ask for millions of shapes. This scan counts, for every element, what drawing it
instantiates (itself, its children, and whatever it copies), each element once (memoised,
without recursion), and refuses a file that asks for more than the budgets below. It also
reads every picture an SVG links to or embeds (`svglinks`: only PNG and JPEG images inside
the project, never another SVG, a URL or a special file), and refuses styles that would set
an element's link or id, which svglib would follow although this scan never saw them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets import MAX_PIXELS
from .svglinks import Picture, Pictures, SvgRefused, href_of, is_internal

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
_DEFS = "{http://www.w3.org/2000/svg}defs"
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_URL_ID = re.compile(r"url\(\s*['\"]?#([^)'\"]*)")
_CLIP_IN_STYLE = re.compile(r"clip-path\s*:\s*url\(\s*['\"]?#([^)'\"]*)")
_STRUCTURE = ("href", "id")
"""Attributes a style may not set: svglib copies every declaration into the element's
attributes, so `style="href: other.svg#a"` would make it open another file."""


@dataclass(frozen=True)
class _Cost:
    drawn: int
    numbers: int
    pixels: int
    depth: int
    nesting: int


def check_budget(tree: Any, *, source: Path, root: Path) -> dict[str, Picture]:
    """Refuse (`SvgRefused`) an SVG tree that would cost too much to draw, or that names a
    file it may not use; `source` is its file, `root` the folder its references must stay in.
    Returns the pictures its `<image>` elements link to or embed, by link, decoded in full."""
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
    pictures = Pictures(source=source, root=root)
    own = {e: _own_cost(e, pictures) for e in elements}
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
    return pictures.decoded()


def _check_styles(elements: list[Any]) -> None:
    sheets = ["".join(e.itertext()) for e in elements if _local(e) == "style"]
    rules = sum(sheet.count("{") for sheet in sheets)
    if rules > MAX_STYLE_RULES:
        raise SvgRefused(
            f"has {rules:,} style rules; SVG images may have at most {MAX_STYLE_RULES:,}"
        )
    declared = [d for sheet in sheets for d in _sheet_declarations(sheet)]
    declared += [d for e in elements for d in _attribute_declarations(e.get("style") or "")]
    for name, value in declared:
        if name.lower() in _STRUCTURE:
            shown = value if len(value) <= 60 else value[:60] + "..."
            raise SvgRefused(
                f"sets {name!r} in a style ({shown!r}); SVG images may give links and ids "
                "only as attributes"
            )


def _sheet_declarations(sheet: str) -> list[tuple[str, str]]:
    """The declarations of a `<style>` element, split as svglib splits them (which is not
    quite CSS: a value ends at the next colon)."""
    import tinycss2  # type: ignore[import-untyped]

    found = []
    for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule" or not rule.prelude:
            continue
        for declaration in tinycss2.serialize(rule.content).split(";"):
            if ":" in declaration:
                name, value = declaration.split(":")[:2]
                found.append((name.strip(), value.strip()))
    return found


def _attribute_declarations(style: str) -> list[tuple[str, str]]:
    """The declarations of a `style` attribute, split as svglib splits them."""
    parts = [part.split(":") for part in style.split(";")]
    return [(part[0].strip(), part[1].strip()) for part in parts if len(part) == 2]


def _local(element: Any) -> str:
    tag = str(element.tag)
    return tag.rsplit("}", 1)[-1]


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
    href = href_of(element)
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


def _own_cost(element: Any, pictures: Pictures) -> _Cost:
    """What drawing `element` alone costs: one element, its path numbers, its image's pixels."""
    name = _local(element)
    numbers = 0
    if name in ("path", "polygon", "polyline"):
        data = element.get("d" if name == "path" else "points") or ""
        numbers = len(_NUMBER.findall(data.encode()))
    pixels = 0
    href = href_of(element)
    if name == "use" and not is_internal(href):
        shown = href if len(href) <= 60 else href[:60] + "..."
        raise SvgRefused(f"uses {shown!r}; <use> may only refer to elements in the same file")
    if name == "image" and not is_internal(href):
        picture = pictures.sized(href)
        pixels = picture.width * picture.height
    return _Cost(1, numbers, pixels, 0, 1)
