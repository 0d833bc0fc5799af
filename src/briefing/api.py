"""Turn a spec (and a recipient) into the bytes of its files: briefing as a library call.

Nothing is written: each call returns file name → bytes, the same bytes `briefing make` would
write under those names. Errors are the `BriefingError` subclasses `make` reports, with the
same lines (`error.lines()`); a layout that does not fit raises `LayoutError` naming the files
it leaves unbuilt.

    import briefing

    pdfs = briefing.render("briefs/raqqa.yaml", layouts=["one-page"])
    # {"raqqa-one-page.pdf": b"%PDF-1.4 ..."}

    brief = briefing.load("letters/brief.yaml")  # loaded and checked once
    for row in rows:  # dicts of field -> text
        files = brief.render(row, name=row["name"])

Rendering holds caches that are not thread-safe: calls from several threads of one process
run one at a time (use processes, `briefing make --jobs`, or a cluster, `--dask`, for more).
An argument of the wrong kind raises `TypeError`; an unknown layout, `BriefingError`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .build import PartialBuild, Request, file_part, prepare, render_files
from .errors import BriefingError, LayoutError, Location
from .spec.recipients import Recipient, check_recipients, personalise
from .spec.spec import LAYOUTS

if TYPE_CHECKING:
    from .design.template import LoadedTemplate
    from .spec.spec import LayoutName
    from .spec.validate import LoadedSpec

__all__ = ["Brief", "load", "render"]

_one_at_a_time = threading.RLock()
"""Held by every load and render: the caches they share are not thread-safe."""


class Brief:
    """A spec and its template, loaded and checked once, ready to render for any recipient
    (`render`). Made by `load`."""

    def __init__(self, loaded: LoadedSpec, tpl: LoadedTemplate, request: Request) -> None:
        self.loaded, self.template, self.request = loaded, tpl, request

    def render(
        self, recipient: Mapping[str, str] | Recipient | None = None, *, name: str | None = None
    ) -> dict[str, bytes]:
        """The files of this brief, file name → bytes, with every `{{field}}` filled from
        `recipient` (a mapping of field → text, or a row of `load_recipients`). `name` names
        the files instead of the spec's file name (`name-one-page.pdf`), as `--name` does."""
        with _one_at_a_time:
            return self._render(recipient, name)

    def _render(
        self, recipient: Mapping[str, str] | Recipient | None, name: str | None
    ) -> dict[str, bytes]:
        loaded = self.loaded
        if recipient is not None:
            row = recipient if isinstance(recipient, Recipient) else _row(recipient)
            check_recipients(loaded, [row])
            loaded = personalise(loaded, row)
        stem = file_part(name) if name is not None else None
        rendered = render_files(loaded, self.template, self.request, stem=stem)
        if rendered.failed:
            errors = [
                LayoutError(f"{error}\n{target.name} was not built")
                for error, target in rendered.failed
            ]
            raise PartialBuild(errors, rendered.built)
        return {path.name: data for path, data in rendered.files.items()}


def load(
    spec: str | Path,
    *,
    template: str | Path | None = None,
    layouts: Iterable[LayoutName] | None = None,
    audiences: Iterable[str] | None = None,
    all_audiences: bool = False,
    formats: Iterable[str] = ("pdf",),
    root: str | Path | None = None,
    draft: bool = False,
) -> Brief:
    """Load and check `spec` and its template once (`SpecError` as `briefing check` reports
    it), for many `Brief.render` calls. `layouts` (default: the spec's own list), `audiences`
    (default: the general brief) or `all_audiences`, `formats` ("pdf", "txt", "md", "html",
    "png"...), `template` and `root` mean what `briefing make`'s options of those names mean;
    files may be read only inside the project folder, as with `make`."""
    from .outputs.formats import parse

    chosen = _names("layouts", layouts)
    for layout in chosen or ():
        if layout not in LAYOUTS:
            raise BriefingError(
                f"briefing: layouts: unknown layout {layout!r} (layouts: {', '.join(LAYOUTS)})"
            )
    template_path = Path(template) if template is not None else None
    root_path = Path(root) if root is not None else None
    named = _names("audiences", audiences)
    formats_named = _names("formats", formats) or ()
    with _one_at_a_time:
        loaded, tpl = prepare(Path(spec), template_path, root=root_path)
    request = Request(
        layouts=cast("tuple[LayoutName, ...]", chosen),
        audiences=named or (None,),
        all_audiences=all_audiences,
        template=template_path,
        root=root_path,
        draft=draft,
        formats=parse(",".join(formats_named)),
    )
    return Brief(loaded, tpl, request)


def render(
    spec: str | Path,
    *,
    recipient: Mapping[str, str] | None = None,
    name: str | None = None,
    template: str | Path | None = None,
    layouts: Iterable[LayoutName] | None = None,
    audiences: Iterable[str] | None = None,
    all_audiences: bool = False,
    formats: Iterable[str] = ("pdf",),
    root: str | Path | None = None,
    draft: bool = False,
) -> dict[str, bytes]:
    """The files `briefing make` would write for `spec`, file name → bytes, none written
    (`load(spec, ...).render(recipient, name=name)`)."""
    brief = load(
        spec,
        template=template,
        layouts=layouts,
        audiences=audiences,
        all_audiences=all_audiences,
        formats=formats,
        root=root,
        draft=draft,
    )
    return brief.render(recipient, name=name)


def _names(option: str, names: Iterable[str] | None) -> tuple[str, ...] | None:
    """`names` as a tuple; a single text counts as one name (not as its letters)."""
    if names is None:
        return None
    if isinstance(names, str):
        return (names,)
    chosen = tuple(names)
    for name in chosen:
        if not isinstance(name, str):
            raise TypeError(f"briefing: {option}: expected names (text), found {name!r}")
    return chosen


def _row(fields: Mapping[str, str]) -> Recipient:
    """A recipient given as a mapping of field → text (or a number): its errors are located at
    `recipient:1:1`, row 1."""
    if not isinstance(fields, Mapping):
        raise TypeError(
            "briefing: recipient: expected a mapping of field to text, "
            f"found {type(fields).__name__}"
        )
    for key, value in fields.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise TypeError(
                f"briefing: recipient[{key!r}]: expected text or a number, found {value!r}"
            )
    return Recipient(1, Location("recipient", 1, 1), {str(k): str(v) for k, v in fields.items()})
