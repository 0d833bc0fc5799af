"""Turn a save into a rebuild: build the specs as `make` does, in this process, and keep what the
preview page shows (the last good pages, the errors of the last build, the files to watch).

A `Session` is shared by the thread that rebuilds and the threads that serve the page: every
change to what it shows happens under its condition, and waiting readers are woken by it.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import Built, Request, build, jobs_of, prepare
from ..errors import BriefingError, printable
from ..spec.spec import LayoutName

PREVIEW_DPI = 96
"""Resolution of the page pictures on the preview page: a page at about its printed size."""

_drawing = threading.Lock()
"""pdfium draws one page at a time in a process: every thread takes this lock first."""

Key = tuple[Path, str | None, LayoutName]
"""One column of the preview: (spec, audience, layout)."""


@dataclass
class Column:
    """One PDF of the last good build, as the preview shows it."""

    key: Key
    label: str
    path: Path
    build: int
    """The build that last changed this PDF: part of its pictures' addresses."""
    digest: str
    pdf: bytes
    pages: int
    pictures: list[bytes] | None = None
    """Drawn when the page first asks for one of them (`Session.picture`)."""


@dataclass
class Snapshot:
    """What the preview page shows at one moment."""

    number: int
    building: bool
    seconds: float | None
    errors: list[str]
    columns: list[tuple[str, int, int]]
    """Each column's label, the build of its pictures and its page count."""

    def as_json(self) -> dict[str, Any]:
        return {
            "build": self.number,
            "building": self.building,
            "seconds": self.seconds,
            "errors": self.errors,
            "columns": [
                {
                    "label": label,
                    "pages": [f"/page/{build}/{index}/{n}.png" for n in range(1, pages + 1)],
                }
                for index, (label, build, pages) in enumerate(self.columns)
            ],
        }


@dataclass
class Session:
    """The specs being watched, how to build them, and what the last builds gave."""

    specs: list[Path]
    request: Request
    number: int = 0
    building: bool = False
    seconds: float | None = None
    errors: list[str] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    inputs: set[Path] = field(default_factory=set)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def snapshot(self) -> Snapshot:
        with self.changed:
            return Snapshot(
                self.number,
                self.building,
                self.seconds,
                list(self.errors),
                [(c.label, c.build, c.pages) for c in self.columns],
            )

    def picture(self, build: int, index: int, page: int) -> bytes | None:
        """The picture of page `page` (from 1) of column `index` as built by `build`, if the
        page shows it now (old addresses are gone). A PDF's pages are drawn when the first of
        them is asked for, so a build is shown as soon as its PDFs are written."""
        with self.changed:
            if not 0 <= index < len(self.columns):
                return None
            column = self.columns[index]
            if column.build != build or not 1 <= page <= column.pages:
                return None
        with _drawing:
            if column.pictures is None:
                column.pictures = _pictures(column.pdf)
        return column.pictures[page - 1] if page <= len(column.pictures) else None

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the page changes after version `seen` (or `timeout` passes); the new
        version."""
        with self.changed:
            self.changed.wait_for(lambda: self._version() != seen, timeout=timeout)
            return self._version()

    def version(self) -> int:
        with self.changed:
            return self._version()

    def _version(self) -> int:
        return self.number * 2 + self.building

    def rebuild(self) -> list[str]:
        """Build every spec as `make` would and update what the page shows; the error lines
        (empty when all went well). PDFs that did not change keep their pictures."""
        with self.changed:
            self.building = True
            self.changed.notify_all()
        started = time.perf_counter()
        errors: list[str] = []
        results: dict[Key, Built] = {}
        order: list[Key] | None = []
        inputs: set[Path] = set()
        for spec in self.specs:
            inputs.add(absolute(spec))
            found = self._build_one(spec, errors, results, inputs)
            order = None if found is None or order is None else order + found
        fresh = {key: (built, _read(built.path)) for key, built in results.items()}
        seconds = time.perf_counter() - started
        with self.changed:
            self.number += 1
            self.columns = self._merge(fresh, order)
            self.errors, self.seconds, self.building = errors, seconds, False
            self.inputs |= inputs
            self.changed.notify_all()
        return errors

    def _build_one(
        self, spec: Path, errors: list[str], results: dict[Key, Built], inputs: set[Path]
    ) -> list[Key] | None:
        """Build `spec`, adding its files to `results`, its error lines to `errors` and the files
        it reads to `inputs`; the columns it asks for, in order (None when it cannot say)."""
        order: list[Key] | None = None
        try:
            loaded, tpl = prepare(spec, self.request.template, root=self.request.root)
            inputs.update(absolute(p) for p in inputs_of(loaded, tpl) if not _shipped(p))
            order = [(spec, a, lay) for a, lay in jobs_of(loaded, tpl, self.request)]
            built = build(loaded, tpl, self.request)
        except BriefingError as error:
            errors += error.lines()
            built = list(getattr(error, "built", []))
        except OSError as error:
            errors.append(printable(f"{spec}:1:1: {error.strerror or error}"))
            built = []
        except Exception as error:  # noqa: BLE001 - a bug in briefing must not end the session
            errors.append(
                printable(
                    f"{spec}: internal error in briefing ({type(error).__name__}: {error}); "
                    "please report it with the spec attached"
                )
            )
            built = []
        results.update({(spec, b.audience, b.layout): b for b in built if b.layout})
        return order

    def _merge(
        self, fresh: dict[Key, tuple[Built, bytes]], order: list[Key] | None
    ) -> list[Column]:
        """The columns after a build: fresh PDFs replace their column (a new picture set only
        when their bytes changed); a column the build could not make keeps its last good
        pages; the build's own list of columns decides which show, in its order."""
        old = {column.key: column for column in self.columns}
        keys = order if order is not None else [c.key for c in self.columns]
        keys += [key for key in fresh if key not in keys]
        columns = []
        for key in keys:
            if key in fresh:
                built, pdf = fresh[key]
                digest = hashlib.sha256(pdf).hexdigest()
                kept = old.get(key)
                if kept is not None and kept.digest == digest:
                    columns.append(kept)
                    continue
                columns.append(
                    Column(
                        key,
                        label(key, named=len(self.specs) > 1),
                        built.path,
                        self.number,
                        digest,
                        pdf,
                        built.pages,
                    )
                )
            elif key in old:
                columns.append(old[key])
        return columns


def label(key: Key, *, named: bool) -> str:
    """`journalist · one-page` (the general brief is `general`), after the spec's file name
    when the page shows several (`raqqa.fr.yaml · journalist · one-page`)."""
    spec, audience, layout = key
    parts = [spec.name] if named else []
    return printable(" · ".join([*parts, audience or "general", layout]))


def inputs_of(loaded: Any, tpl: Any) -> list[Path]:
    """The files a build of `loaded` with `tpl` reads: the spec (and the brief it translates),
    the template and those it extends, images, logos and fonts."""
    files: list[Path] = [loaded.path, *tpl.files]
    for spec in (loaded, loaded.original):
        if spec is not None:
            files += [spec.path, *(image.path for image in spec.images.values())]
    if tpl.template.logo:
        files.append(Path(tpl.template.logo))
    for role in tpl.template.fonts.values():
        files += [Path(p) for p in (role.regular, role.bold, role.italic, role.bold_italic)]
    return list(dict.fromkeys(files))


_PACKAGE = Path(__file__).resolve().parents[1]


def _shipped(path: Path) -> bool:
    """Whether `path` is part of briefing itself (a built-in template, a shipped font): the
    program, not the user's work, so not watched."""
    return _PACKAGE in Path(path).resolve().parents


def absolute(path: Path) -> Path:
    """`path` made absolute without following links: an editor replaces the link's target name."""
    return Path(os.path.abspath(path))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _pictures(pdf: bytes) -> list[bytes]:
    from ..outputs.pictures import page_images

    if not pdf:
        return []
    return page_images(pdf, dpi=PREVIEW_DPI)
