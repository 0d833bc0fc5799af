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

MAX_ASSET_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"PNG", "JPEG"}
_PROJECT_MARKERS = (".git", "pyproject.toml")


class AssetError(ValueError):
    """An asset is refused; the message says why (the caller adds file, line and key)."""


@dataclass(frozen=True)
class ImageAsset:
    """A decoded, checked image: where it is and its size in pixels."""

    path: Path
    width: int
    height: int
    format: str


def project_root(spec_path: Path) -> Path:
    """The folder assets must stay inside."""
    folder = spec_path.resolve().parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in _PROJECT_MARKERS):
            return candidate
    return folder


def resolve_asset(raw: str, *, spec_path: Path) -> Path:
    """The real path of asset `raw`, checked to be a regular file inside the project."""
    written = PurePosixPath(raw.replace("\\", "/"))
    if written.is_absolute() or raw.startswith("~") or (len(raw) > 1 and raw[1] == ":"):
        raise AssetError(f"asset paths must be relative to the spec's folder, found {raw!r}")
    root = project_root(spec_path)
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
        raise AssetError(f"{raw!r} is {info.st_size:,} bytes; assets may be at most "
                         f"{MAX_ASSET_BYTES:,} bytes")
    return real


def load_image(raw: str, *, spec_path: Path) -> ImageAsset:
    """Resolve and fully decode a PNG or JPEG image; `AssetError` if it is unusable."""
    return decode_image(resolve_asset(raw, spec_path=spec_path), shown_as=raw)


def decode_image(path: Path, *, shown_as: str) -> ImageAsset:
    """Fully decode the image at an already resolved `path`; `shown_as` names it in errors."""
    from PIL import Image, UnidentifiedImageError

    raw = shown_as
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    raise AssetError(f"{raw!r} is a {image.format} image; use PNG or JPEG")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise AssetError(f"{raw!r} is {width}x{height} pixels; images may have at "
                                     f"most {MAX_PIXELS:,} pixels")
                image.load()
                return ImageAsset(path, width, height, image.format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AssetError(f"{raw!r} is too large to decode safely") from None
    except UnidentifiedImageError:
        raise AssetError(f"{raw!r} is not a PNG or JPEG image") from None
    except (OSError, SyntaxError, ValueError) as err:
        if isinstance(err, AssetError):
            raise
        raise AssetError(f"{raw!r} is corrupt or truncated ({err})") from None
