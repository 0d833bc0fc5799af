"""Turn a path written in a spec into a checked asset file, or a message saying why not.

Assets (logos and images) resolve relative to the spec's folder and must stay inside the
project: the nearest folder above the spec that holds `.git` or `pyproject.toml`, else the
spec's own folder. Absolute paths, `..` escapes and symlinks that point outside are
refused; so is anything that is not a regular file under `MAX_ASSET_BYTES`. Images are decoded
in full with Pillow before use, because ReportLab embeds JPEG bytes without decoding them and
would put a truncated or corrupt image into the PDF silently.
"""

from __future__ import annotations

import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

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
    """A decoded, checked image: where it is and its size in pixels."""

    path: Path
    width: int
    height: int
    format: str
    root: Path | None = None
    """For SVG: the folder its external references must stay in."""


def project_root(spec_path: Path, *, root: Path | None = None) -> Path:
    """The folder assets must stay inside: `root` when given (`--root`), else the nearest
    folder holding `.git` or `pyproject.toml` at most `PROJECT_LEVELS` folders above the
    spec's, else the spec's own folder. (A marker further up, such as a dotfiles repository
    in the home folder, must not open every file below it to a spec in `~/Downloads`.)"""
    if root is not None:
        return root.resolve()
    folder = spec_path.resolve().parent
    for candidate in (folder, *folder.parents)[: PROJECT_LEVELS + 1]:
        if any((candidate / marker).exists() for marker in _PROJECT_MARKERS):
            return candidate
    return folder


def resolve_asset(raw: str, *, spec_path: Path, root: Path | None = None) -> Path:
    """The real path of asset `raw`, checked to be a regular file inside the project."""
    written = PurePosixPath(raw.replace("\\", "/"))
    if written.is_absolute() or raw.startswith("~") or (len(raw) > 1 and raw[1] == ":"):
        raise AssetError(f"asset paths must be relative to the spec's folder, found {raw!r}")
    root = project_root(spec_path, root=root)
    candidate = spec_path.resolve().parent / Path(*written.parts)
    real = candidate.resolve()
    if real != root and root not in real.parents:
        raise AssetError(f"{raw!r} points outside the project folder {root}")
    try:
        info = real.stat()
    except FileNotFoundError:
        raise AssetError(f"no file at {raw!r}") from None
    except OSError as err:
        raise AssetError(f"cannot read {raw!r} ({err.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise AssetError(f"{raw!r} is not a regular file")
    if info.st_size > MAX_ASSET_BYTES:
        raise AssetError(
            f"{raw!r} is {info.st_size:,} bytes; assets may be at most {MAX_ASSET_BYTES:,} bytes"
        )
    return real


def load_image(raw: str, *, spec_path: Path, root: Path | None = None) -> ImageAsset:
    """Resolve and fully decode a PNG, JPEG or SVG image; `AssetError` if it is unusable."""
    path = resolve_asset(raw, spec_path=spec_path, root=root)
    if path.suffix.lower() == ".svg":
        return decode_svg(path, shown_as=raw, root=project_root(spec_path, root=root))
    return decode_image(path, shown_as=raw)


def svg_drawing(path: Path, *, root: Path) -> Any:
    """The SVG at `path` as a ReportLab drawing, parsed by svglib with XML entities off and
    every external reference (`<image>`, `<use>`) confined to `root`; None if unreadable."""
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)
    return svg2rlg(str(path), resolve_entities=False, external_reference_root=str(root))


def decode_svg(path: Path, *, shown_as: str, root: Path) -> ImageAsset:
    """Check that an SVG parses into a drawing of a sensible size."""
    try:
        drawing = svg_drawing(path, root=root)
    except Exception as err:  # noqa: BLE001 - svglib and lxml raise many kinds of error
        raise AssetError(
            f"{shown_as!r} is not a readable SVG image ({type(err).__name__})"
        ) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise AssetError(f"{shown_as!r} is not a readable SVG image")
    width, height = float(drawing.width), float(drawing.height)
    if not (0 < width < 20_000 and 0 < height < 20_000):
        raise AssetError(
            f"{shown_as!r} declares a size of {width:g}x{height:g}; "
            "SVG images may be at most 20000 units a side"
        )
    return ImageAsset(path, round(width), round(height), "SVG", root)


def decode_image(path: Path, *, shown_as: str) -> ImageAsset:
    """Fully decode the image at an already resolved `path`; `shown_as` names it in errors."""
    from PIL import Image, UnidentifiedImageError

    raw = shown_as
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    raise AssetError(f"{raw!r} is a {image.format} image; use PNG, JPEG or SVG")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AssetError(
                        f"{raw!r} is {width}x{height} pixels; images may have at "
                        f"most {MAX_PIXELS:,} pixels"
                    )
                image.load()
                return ImageAsset(path, width, height, image.format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError(f"{raw!r} is too large to decode safely") from None
    except UnidentifiedImageError:
        raise AssetError(f"{raw!r} is not a PNG, JPEG or SVG image") from None
    except (OSError, SyntaxError, ValueError) as err:
        if isinstance(err, AssetError):
            raise
        raise AssetError(f"{raw!r} is corrupt or truncated ({err})") from None
