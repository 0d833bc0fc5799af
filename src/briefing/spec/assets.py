"""Turn a path written in a spec into a checked asset file, or a message saying why not.

Assets (logos and images) resolve relative to the spec's folder and must stay inside the
folder briefing may read (`project_root`): `--root`, else the outermost of the spec's own folder,
the nearest folder above it that holds `.git` or `pyproject.toml`, and the folder briefing runs
from when that holds the spec (never the home folder or one above it). Absolute paths, `..`
escapes and symlinks that point outside are refused; so is anything that is not a regular file
under `MAX_ASSET_BYTES` (a FIFO or a device is never opened). Images are decoded in full with
Pillow before use, because ReportLab embeds JPEG bytes without decoding them and would put a
truncated or corrupt image into the PDF silently.
SVG images are checked and drawn by `svg` (budgets, sane numbers, a trial drawing).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

MAX_ASSET_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG", "JPEG"}
"""Bitmap formats accepted; SVG is accepted too, by its `.svg` suffix, through svglib."""
_PROJECT_MARKERS = (".git", "pyproject.toml")
PROJECT_LEVELS = 3
"""How many folders above a spec's own a project marker may be."""


class AssetError(ValueError):
    """An asset is refused; the message says why (the caller adds file, line and key)."""


@dataclass(frozen=True)
class ImageAsset:
    """A decoded, checked image: where it is and its size in pixels (in points for SVG)."""

    path: Path
    width: int
    height: int
    format: str
    root: Path | None = None
    """For SVG: the folder its external references must stay in."""
    texts: tuple[str, ...] = ()
    """For SVG: the text it draws (in the brief's fonts, so their glyphs are checked)."""


def project_root(spec_path: Path, *, root: Path | None = None) -> Path:
    """The folder assets must stay inside: `root` when given (`--root`), else the outermost of
    the spec's own folder, the nearest folder holding `.git` or `pyproject.toml` at most
    `PROJECT_LEVELS` folders above it, and the folder briefing runs from when the spec lies
    inside it. (A marker further up, such as a dotfiles repository in the home folder, must not
    open every file below it to a spec in `~/Downloads`; for the same reason, running from the
    home folder or one above it never opens it: that takes `--root`.)"""
    if root is not None:
        return root.resolve()
    folder = spec_path.resolve().parent
    found = folder
    for candidate in (folder, *folder.parents)[: PROJECT_LEVELS + 1]:
        if any((candidate / marker).exists() for marker in _PROJECT_MARKERS):
            found = candidate
            break
    working = _working_folder()
    if working is not None and working in found.parents:
        return working
    return found


def _working_folder() -> Path | None:
    """The folder briefing runs from, when it may widen a project: not the file system's root,
    the home folder or a folder above it, nor a folder anyone may write into (`/tmp`), where
    other people's files sit beside the user's."""
    try:
        working = Path.cwd().resolve()
        home = Path.home().resolve()
        shared = working.stat().st_mode & stat.S_IWOTH
    except (OSError, RuntimeError, KeyError):
        return None
    if working == home or working in home.parents or working == working.parent or shared:
        return None
    return working


def outside(shown: str, root: Path) -> str:
    """The message for a path `shown` (as written) that leads outside `root`, saying how to
    allow it."""
    return (
        f"{shown!r} is outside {root}, the folder briefing may read; run briefing from a folder "
        "that holds both files, or pass --root DIR"
    )


def resolve_asset(
    raw: str,
    *,
    spec_path: Path,
    root: Path | None = None,
    max_bytes: int | None = None,
    kind: str = "assets",
    holder: str = "spec",
) -> Path:
    """The real path of asset `raw`, checked to be a regular file inside the project of at most
    `max_bytes` (default `MAX_ASSET_BYTES`; `kind` names such files in the message, `holder`
    the file that names them: spec, template or SVG)."""
    max_bytes = MAX_ASSET_BYTES if max_bytes is None else max_bytes
    shown = shorten(raw)
    written = PurePosixPath(raw.replace("\\", "/"))
    if written.is_absolute() or raw.startswith("~") or (len(raw) > 1 and raw[1] == ":"):
        raise AssetError(f"asset paths must be relative to the {holder}'s folder, found {shown!r}")
    try:
        root = project_root(spec_path, root=root)
        real = (spec_path.resolve().parent / Path(*written.parts)).resolve()
        inside = real == root or root in real.parents
        info = real.stat() if inside else None
    except FileNotFoundError:
        raise AssetError(f"no file at {shown!r}") from None
    except (OSError, RuntimeError, ValueError) as err:
        raise AssetError(f"cannot read {shown!r} ({_reason(err)})") from None
    if info is None:
        raise AssetError(outside(shown, root))
    if not stat.S_ISREG(info.st_mode):
        raise AssetError(f"{shown!r} is not a regular file")
    if info.st_size > max_bytes:
        raise AssetError(
            f"{shown!r} is {info.st_size:,} bytes; {kind} may be at most {max_bytes:,} bytes"
        )
    return real


def shorten(raw: str) -> str:
    """`raw` as a message may quote it: a very long path keeps its start and end."""
    return raw if len(raw) <= 100 else f"{raw[:60]}...{raw[-30:]}"


def _reason(err: Exception) -> str:
    if isinstance(err, RuntimeError) or getattr(err, "errno", None) == errno.ELOOP:
        return "a loop of symbolic links"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    return "not a usable path"


def read_regular(path: Path, *, shown_as: str) -> bytes:
    """The bytes of the regular file at `path`, opened so that a FIFO or a device swapped in
    since `resolve_asset` is neither waited on nor read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0)
    shown = shorten(shown_as)
    try:
        descriptor = os.open(path, flags)
    except OSError as err:
        raise AssetError(f"cannot read {shown!r} ({_reason(err)})") from None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ASSET_BYTES:
            raise AssetError(
                f"{shown!r} is not a regular file of at most {MAX_ASSET_BYTES:,} bytes"
            )
        return stream.read(MAX_ASSET_BYTES + 1)


def load_image(
    raw: str, *, spec_path: Path, root: Path | None = None, holder: str = "spec"
) -> ImageAsset:
    """Resolve and fully decode a PNG, JPEG or SVG image; `AssetError` if it is unusable."""
    path = resolve_asset(raw, spec_path=spec_path, root=root, holder=holder)
    return load_resolved(path, shown_as=raw, root=project_root(spec_path, root=root))


def load_resolved(path: Path, *, shown_as: str, root: Path) -> ImageAsset:
    """Decode the image at `path`, already resolved and confined to `root` (which an SVG's own
    references must stay inside too); each SVG is parsed once per process."""
    if path.suffix.lower() == ".svg":
        return decode_svg(path, shown_as=shown_as, root=root)
    return decode_image(path, shown_as=shown_as)


def svg_drawing(path: Path, *, root: Path) -> Any:
    """A fresh copy of the checked drawing of the SVG at `path` (parsed once per process), for
    a caller to scale and restyle."""
    from .svg import fresh_drawing

    return fresh_drawing(path, root=root)


def decode_svg(path: Path, *, shown_as: str, root: Path) -> ImageAsset:
    """Check an SVG (budgets, sane numbers, a trial drawing: see `svg`) and describe it."""
    from .svg import load_svg

    checked = load_svg(path, shown_as=shorten(shown_as), root=root)
    width, height = round(checked.width), round(checked.height)
    return ImageAsset(path, width, height, "SVG", root, checked.texts)


def decode_image(path: Path, *, shown_as: str) -> ImageAsset:
    """Fully decode the image at an already resolved `path`; `shown_as` names it in errors."""
    data = read_regular(path, shown_as=shown_as)
    try:
        image_format, width, height = decode_bitmap(data)
    except AssetError as err:
        raise AssetError(f"{shorten(shown_as)!r} {err}") from None
    return ImageAsset(path, width, height, image_format)


def decode_bitmap(
    data: bytes, *, in_full: bool = True, formats: str = "PNG, JPEG or SVG"
) -> tuple[str, int, int]:
    """The format, width and height of the PNG or JPEG image `data`, decoded in full (or, with
    `in_full` false, only as far as its size); else `AssetError` with what is wrong, worded to
    follow the image's name (`is a GIF image; use PNG, JPEG or SVG`). `formats` says what the
    caller accepts."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in IMAGE_FORMATS:
                    raise AssetError(f"is a {image.format} image; use {formats}")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AssetError(
                        f"is {width}x{height} pixels; images may have at most {MAX_PIXELS:,} pixels"
                    )
                if in_full:
                    image.load()
                return image.format, width, height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError("is too large to decode safely") from None
    except UnidentifiedImageError:
        raise AssetError(f"is not a {formats} image") from None
    except (OSError, SyntaxError, ValueError) as err:
        if isinstance(err, AssetError):
            raise
        raise AssetError(f"is corrupt or truncated ({err})") from None
