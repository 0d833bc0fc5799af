"""Turn a template's values into problems the schema cannot find (ranges, style and colour
names, files), its file paths into absolute ones, and a merged template's keys back into the
files and lines that set them (the logo, for messages)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import Location, Problem, SpecError
from ..spec.assets import (
    AssetError,
    ImageAsset,
    load_image,
    load_resolved,
    project_root,
    resolve_asset,
)
from ..spec.yamlsource import ScalarNode, load_yaml, location_of
from .fonts import check_font_file
from .template import AUDIENCE_NAME, LOGO_HEIGHTS, FontFiles, LoadedTemplate, StyleTokens, Template

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_RANGES = {
    "size": (4.0, 96.0),
    "leading": (1.0, 2.0),
    "space_before": (0.0, 72.0),
    "space_after": (0.0, 72.0),
}


def _meant(written: str, known: Iterable[str], before: str) -> str:
    """`; did you mean 'accent'?` for a name close to one of `known`, else nothing."""
    import difflib

    close = difflib.get_close_matches(written, list(known), n=1)
    return f"{before}did you mean {close[0]!r}?" if close else ""


def check_and_anchor(
    template: Template,
    path: Path,
    locations: dict[str, Location],
    *,
    root: Path,
    problems: list[Problem],
) -> Template:
    """Check what the schema cannot (ranges, style and colour names, files), adding a problem
    to `problems` for each, and turn asset paths into absolute ones, so that merged templates
    keep pointing at the right files."""
    from .theme import DEFAULT_COLORS, DEFAULT_STYLES

    def problem(key_path: str, message: str) -> None:
        problems.append(
            Problem(locations.get(key_path, Location(str(path), 1, 1)), key_path, message)
        )

    def check_styles(styles: dict[str, StyleTokens], prefix: str) -> None:
        for name, tokens in styles.items():
            if name not in DEFAULT_STYLES:
                import difflib

                close = difflib.get_close_matches(name, list(DEFAULT_STYLES), n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "styles: " + ", ".join(DEFAULT_STYLES)
                )
                problem(f"{prefix}.{name}", f"unknown style; {hint}")
            for token, (low, high) in _RANGES.items():
                value = getattr(tokens, token)
                if value is not None and not low <= value <= high:
                    problem(
                        f"{prefix}.{name}.{token}",
                        f"expected a number from {low:g} to {high:g}, found {value:g}",
                    )
            if (
                tokens.color
                and tokens.color not in DEFAULT_COLORS
                and not _COLOR.match(tokens.color)
            ):
                problem(
                    f"{prefix}.{name}.color",
                    f"expected a colour name ({', '.join(DEFAULT_COLORS)}) or #rrggbb, found "
                    f"{tokens.color!r}{_meant(tokens.color, DEFAULT_COLORS, '; ')}",
                )

    check_styles(template.styles, "styles")
    folded: dict[str, str] = {}
    for audience in template.audiences:
        if not AUDIENCE_NAME.fullmatch(audience):
            problem(
                f"audiences.{audience}",
                f"expected an audience name of letters, digits, '-' and '_' (at most 40, "
                f"starting with a letter or digit), found {audience!r}",
            )
        elif folded.setdefault(audience.casefold(), audience) != audience:
            problem(
                f"audiences.{audience}",
                f"audience {audience!r} differs from {folded[audience.casefold()]!r} only in "
                "case; their files would overwrite each other on macOS and Windows",
            )
    for audience, arrangement in template.audiences.items():
        check_styles(arrangement.styles, f"audiences.{audience}.styles")
    if template.layout:
        check_styles(template.layout.styles, "layout.styles")
    for name, value in template.colors.items():
        if name not in DEFAULT_COLORS:
            hint = _meant(name, DEFAULT_COLORS, "; ") or f"; colours: {', '.join(DEFAULT_COLORS)}"
            problem(f"colors.{name}", f"unknown colour name{hint}")
        elif not _COLOR.match(value):
            problem(f"colors.{name}", f"expected a colour as #rrggbb, found {value!r}")
    if template.margin is not None and not 8 <= template.margin <= 40:
        problem("margin", f"expected a number from 8 to 40, found {template.margin:g}")
    low, high = LOGO_HEIGHTS
    if template.logo_height is not None and not low <= template.logo_height <= high:
        problem(
            "logo_height",
            f"expected a logo height in points from {low:g} to {high:g}, "
            f"found {template.logo_height:g}",
        )
    if template.side_column is not None and not 0.25 <= template.side_column <= 0.45:
        problem(
            "side_column", f"expected a number from 0.25 to 0.45, found {template.side_column:g}"
        )

    logo = template.logo
    if logo is not None:
        try:
            logo = str(load_image(logo, spec_path=path, root=root, holder="template").path)
        except AssetError as err:
            problem("logo", str(err))
            logo = None
    fonts = {}
    for role, files in template.fonts.items():
        anchored = {}
        for face in ("regular", "bold", "italic", "bold_italic"):
            try:
                font = resolve_asset(
                    getattr(files, face), spec_path=path, root=root, holder="template"
                )
            except AssetError as err:
                problem(f"fonts.{role}.{face}", str(err))
                continue
            unusable = check_font_file(font)
            if unusable:
                problem(f"fonts.{role}.{face}", unusable)
            else:
                anchored[face] = str(font)
        if len(anchored) == 4:
            fonts[role] = FontFiles(**anchored)
    return dataclasses.replace(template, logo=logo, fonts=fonts)


def template_logo(template: LoadedTemplate) -> ImageAsset:
    """The logo a template names (anchored to an absolute path when the template was loaded
    and checked, so this finds it in the cache); `SpecError` at the template's `logo` key if
    the file has become unusable since."""
    assert template.template.logo is not None
    path = Path(template.template.logo)
    try:
        return load_resolved(path, shown_as=path.name, root=template_root(template, path))
    except AssetError as err:
        raise SpecError([Problem(template_key(template, "logo"), "logo", str(err))]) from None


def template_root(template: LoadedTemplate, path: Path) -> Path:
    """The project folder of the template (in the `extends:` chain, nearest the spec first)
    whose project holds `path`: the one `template.py` checked it against."""
    if template.root is not None and template.root.resolve() in path.parents:
        return template.root.resolve()
    for file in reversed(template.files):
        root = project_root(file)
        if root in path.parents:
            return root
    return path.parent


def template_key(template: LoadedTemplate, key: str) -> Location:
    """Where the nearest template file in the `extends:` chain sets top-level `key`."""
    for file in reversed(template.files):
        for name, value in load_yaml(file).value:
            if isinstance(name, ScalarNode) and name.value == key:
                return location_of(value, str(file))
    return Location(str(template.files[-1]), 1, 1)
