"""Turn a template name or path, as written in a spec or a template, into a file that may be read.

A template arrives with a spec from a partner, so where it may come from is confined:

- a *name* (`partner`) is looked up in the `templates/` folder beside the spec (for `extends:`,
  in the extending template's own folder), then among the built-in templates;
- a *path* (`../coalition/partner.yaml`, anything with a `/` or ending in `.yaml`) is relative to
  the file that writes it, ends in `.yaml` or `.yml`, and must stay inside the folder briefing
  may read (`assets.project_root`, or `--root`): absolute paths, `~`, `..` escapes and symlinks that
  leave the project are refused;
- a path typed on the command line (`--template`) is the user's own choice, but must still be a
  `.yaml` file, and what it `extends:` or names is confined to that template's project.

A refused path is named as written; the file is never opened, so nothing it holds can reach a
message, and the answer is the same whether or not the file exists.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from ..errors import Location, Problem, SpecError
from ..spec.assets import outside

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_SUFFIXES = (".yaml", ".yml")


def is_path(written: str) -> bool:
    """Whether a `template:` or `extends:` value is a path rather than a name."""
    return "/" in written or "\\" in written or written.endswith(_SUFFIXES)


def find_template(
    written: str, *, base: Path, near: list[Path], root: Path, where: Location, key: str
) -> Path:
    """The template file that `written` refers to; `SpecError` at `where` (key `key`) if it is
    refused or missing. Paths are relative to `base` and confined to `root`; names are looked up
    in `near`, then among the built-in templates."""
    if is_path(written):
        return _confined(written, base=base, root=root, where=where, key=key)
    if not TEMPLATE_NAME.fullmatch(written):
        raise _refuse(
            where,
            key,
            f"{written!r} is not a template name (letters, digits, '-' and '_'), nor a path "
            "to a .yaml file",
        )
    places = searched(near, root)
    for folder, inside in places:
        candidate = folder / f"{written}.yaml"
        if os.path.lexists(candidate):
            return _confined(
                candidate.name,
                base=folder,
                root=inside,
                where=where,
                key=key,
                shown=str(candidate),
            )
    known = sorted({p.stem for folder, inside in places for p in listed(folder, inside)})
    import difflib

    close = difflib.get_close_matches(written, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "templates: " + ", ".join(known)
    raise _refuse(where, key, f"no template named {written!r}; {hint}")


def searched(near: list[Path], root: Path) -> list[tuple[Path, Path]]:
    """The folders a template name is looked up in, each with the folder it must stay inside:
    those of `near` that lie inside `root` (a `templates/` that is a symlink out of the project
    is not looked in, nor listed), then the built-in templates."""
    real_root = root.resolve()
    places = []
    for folder in near:
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            continue
        if real == real_root or real_root in real.parents:
            places.append((folder, root))
    return [*places, (BUILTIN_DIR, BUILTIN_DIR)]


def listed(folder: Path, root: Path) -> list[Path]:
    """The templates in `folder` that stay inside `root`, by name: a file that is a symlink out
    of the project is never listed, read or named."""
    real_root = root.resolve()
    found = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            continue
        if real_root in real.parents and real.is_file():
            found.append(path)
    return found


def command_line_template(path: Path) -> Path:
    """A template path typed with `--template`: any place the user can read, but a `.yaml`
    file that exists; `SpecError` otherwise."""
    where = Location(str(path), 1, 1)
    if path.suffix.lower() not in _SUFFIXES:
        raise _refuse(where, "", "a template is a .yaml file")
    if not path.is_file():
        raise _refuse(where, "", "no such template file")
    return path


def _confined(
    written: str, *, base: Path, root: Path, where: Location, key: str, shown: str | None = None
) -> Path:
    parts = PurePosixPath(written.replace("\\", "/"))
    if parts.is_absolute() or written.startswith("~") or re.match(r"^[A-Za-z]:", written):
        raise _refuse(
            where,
            key,
            f"template paths must be relative to the file that names them, found {written!r}",
        )
    if parts.suffix.lower() not in _SUFFIXES:
        raise _refuse(where, key, f"a template path must end in .yaml, found {written!r}")
    try:
        real = (base / Path(*parts.parts)).resolve()
    except (OSError, RuntimeError):
        raise _refuse(where, key, f"cannot follow the path {written!r}") from None
    root = root.resolve()
    if root not in real.parents:
        raise _refuse(where, key, outside(shown or written, root))
    if not real.is_file():
        raise _refuse(where, key, f"no template file at {written!r}")
    return real


def _refuse(where: Location, key: str, message: str) -> SpecError:
    return SpecError([Problem(where, key, message)])
