"""Turn a block built by an earlier build into a lookup: the one-page brief's blocks, kept
across builds of one process while what they read is unchanged.

A build of the same brief again (`briefing watch`, another dateline, another recipient of a
mail-merge) changes few blocks: a dateline only the masthead, a recipient's name only the
blocks that print it. A block is built with its spec and design behind a `_Reading` stand-in
that notes every attribute the builder reads (the attributes its methods and properties read,
too); the block is kept with what it read, and served again only to a build whose spec and
design give the same values (equal, or the same object) at the same width, place and audience,
in the same theme object and chart scale, and with the same image files (path, size and
modification time of each, when the block reads any image). So a note number, a colour, a
font (its registered name changes with its file: `fonts.register_files`) or a word of the
catalogue that changed is never served stale: it is something the block read.

At most `KEPT_BLOCKS` blocks of at most `KEPT_SIZE` characters of text in all are kept, and
what a build did not use is forgotten at the next (`forget`), so that a batch's memory stays
that of about two builds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from reportlab.platypus import Flowable

from .. import filestamp
from ..bounded import Bounded
from . import tagging

if TYPE_CHECKING:
    from ..design.design import Design
    from ..spec.spec import Spec
    from .sections import BlockContext

T = TypeVar("T")

KEPT_BLOCKS = 1024
KEPT_SIZE = 600_000
"""The bounds of the kept blocks: entries, and characters of their paragraphs (each flowable
counts `FLOWABLE_SIZE` more). A one-page fit of the Raqqa brief builds ~100 blocks (each block
at each theme and width it tries) of ~150,000 characters in all."""
FLOWABLE_SIZE = 200


class _Reading:
    """Stands for `target` and notes, in `reads`, each attribute read from it with its value.
    A method or property runs with the stand-in as `self`, so that what it reads is noted."""

    __slots__ = ("_target", "_reads")

    def __init__(self, target: object, reads: dict[str, Any]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_reads", reads)

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance() sees the target's type
        return type(object.__getattribute__(self, "_target"))

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        found = _static(type(target), name)
        if isinstance(found, property) and found.fget is not None:
            return found.fget(self)
        if isinstance(found, FunctionType):
            return MethodType(found, self)
        value = getattr(target, name)
        object.__getattribute__(self, "_reads").setdefault(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot set {name!r} on a stand-in")


def _static(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


def _same(reads: Mapping[str, Any], target: object) -> bool:
    """Whether every attribute noted in `reads` has the same value (or object) on `target`."""
    for name, value in reads.items():
        now = getattr(target, name, _MISSING)
        if now is not value and now != value:
            return False
    return True


_MISSING = object()


@dataclass(frozen=True)
class _Kept:
    spec: dict[str, Any]
    design: dict[str, Any]
    images: tuple[Any, ...] | None
    """The image files' stamps, when the block read its images; else None."""
    value: Any
    context: BlockContext
    """The stand-ins the block was built with, which it may still read (a chart's alt text
    is written when the PDF is tagged): served again, they stand for the new build's."""

    def serve(self, context: BlockContext) -> Any:
        self.retarget(context.spec, context.design, context.images)
        return self.value

    def retarget(self, spec: Spec, design: Design, images: Mapping[str, Any]) -> None:
        object.__setattr__(self.context.spec, "_target", spec)
        object.__setattr__(self.context.design, "_target", design)
        cast(_Images, self.context.images).retarget(images)


_KEPT: Bounded[_Kept] = Bounded(entries=KEPT_BLOCKS, size=KEPT_SIZE)


@dataclass
class Tally:
    """The blocks built and the blocks served kept, since the process started: work counted,
    for tests and the benchmark."""

    built: int = 0
    kept: int = 0


TALLY = Tally()


def forget() -> None:
    """Forget the blocks the last build did not use (as `paragraphs.forget`); called twice,
    everything."""
    _KEPT.age()


def clear() -> None:
    """Forget every kept block."""
    _KEPT.clear()


def kept(
    kind: str,
    name: str,
    context: BlockContext,
    build: Callable[[BlockContext], T],
    *,
    flowables: Callable[[T], Iterable[Flowable]],
) -> T:
    """What `build(context)` gives for block `name` (`kind` tells apart what callers make of
    it), from an earlier build when it read nothing that changed since; `flowables` lists the
    flowables of a result, to weigh it."""
    design = context.design
    key = _key(kind, name, context.layout, context.width, context.lead, design)
    found = _KEPT.get(key)
    if found is not None and _fresh(found, context.spec, design, context.images):
        TALLY.kept += 1
        return cast(T, found.serve(context))
    TALLY.built += 1
    spec_reads: dict[str, Any] = {}
    design_reads: dict[str, Any] = {"theme": design.theme}
    images = _Images(context.images)
    reading = _context(context, spec_reads, design_reads, images)
    value = build(reading)
    stamps = _stamps(context.images) if images.read else None
    if stamps is not None and any(stamp is None for stamp in stamps):
        return value
    size = sum(_weight(f) for f in tagging.leaves(flowables(value)))
    _KEPT.put(key, _Kept(spec_reads, design_reads, stamps, value, reading), size=size)
    return value


def served(
    kind: str,
    name: str,
    value: object,
    *,
    spec: Spec,
    design: Design,
    width: float,
    lead: bool,
    images: Mapping[str, Any],
) -> bool:
    """Whether `kept` would give the very `value` for the one-page block `name` in a context
    of `spec`, `design`, `width`, `lead` and `images`; if so, it is served (as `kept` serves
    it), without a context made for it."""
    found = _KEPT.get(_key(kind, name, "one-page", width, lead, design))
    if found is None or found.value is not value or not _fresh(found, spec, design, images):
        return False
    TALLY.kept += 1
    found.retarget(spec, design, images)
    return True


def _key(
    kind: str, name: str, layout: str, width: float, lead: bool, design: Design
) -> tuple[Any, ...]:
    return (kind, name, layout, width, lead, design.audience, id(design.theme), design.chart_scale)


def _fresh(found: _Kept, spec: Spec, design: Design, images: Mapping[str, Any]) -> bool:
    """Whether every attribute, image and the theme the kept block read are the same now."""
    return (
        found.design.get("theme") is design.theme
        and _same(found.spec, spec)
        and _same(found.design, design)
        and (found.images is None or found.images == _stamps(images))
    )


def _context(
    context: BlockContext,
    spec: dict[str, Any],
    design: dict[str, Any],
    images: _Images,
) -> BlockContext:
    import dataclasses

    return dataclasses.replace(
        context,
        spec=cast("Spec", _Reading(context.spec, spec)),
        design=cast("Design", _Reading(context.design, design)),
        images=images,
    )


class _Images(Mapping[str, Any]):
    """The decoded images of a spec, noting whether any was read."""

    def __init__(self, images: Mapping[str, Any]) -> None:
        self._images, self.read = images, False

    def retarget(self, images: Mapping[str, Any]) -> None:
        self._images = images

    def __getitem__(self, key: str) -> Any:
        self.read = True
        return self._images[key]

    def __iter__(self) -> Any:
        self.read = True
        return iter(self._images)

    def __len__(self) -> int:
        self.read = True
        return len(self._images)


def _stamps(images: Mapping[str, Any]) -> tuple[Any, ...]:
    """Each image's key, asset and file stamp (`filestamp`; None for an image whose file
    cannot be read or whose drawing reads other files: an SVG)."""
    stamps: list[Any] = []
    for key, asset in sorted(images.items()):
        stamp: Any = None
        if asset.format != "svg":
            found = filestamp.stamp(asset.path)
            if found is not None:
                stamp = (key, asset, found)
        stamps.append(stamp)
    return tuple(stamps)


def _weight(flowable: Flowable) -> int:
    return FLOWABLE_SIZE + len(getattr(flowable, "text", "") or "")
