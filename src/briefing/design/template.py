"""Turn a template file into a checked, merged `Template`: schema, files, `extends:`, merge.

A template is a YAML file of design tokens: page size, margin, side column, fonts, colours,
named styles, a logo, and which blocks go where, in which order, for the general brief and for
each audience. Every template implicitly extends the built-in `default`, or the template
its `extends:` names, and only says what it changes.

Where a name or path may lead is `lookup.py`'s business; every file a template names (parent,
logo, fonts) must lie inside the project folder it is loaded with. Templates get the same
located messages as specs.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import Location, Problem, SpecError
from ..spec.records import MAX_PATH, spec_field
from ..spec.spec import PageSize
from ..spec.yamlsource import MappingNode, ScalarNode, load_yaml
from .lookup import BUILTIN_DIR, find_template

BlockName = Literal[
    "summary",
    "figures",
    "findings",
    "quote",
    "quotes",
    "demands",
    "talking_points",
    "targets",
    "actions",
    "contacts",
    "notes_to_editors",
    "methodology",
    "sources",
    "charts",
    "timeline",
    "images",
    "qr",
    "ends",
]
BLOCKS: dict[str, str] = {
    "summary": "The summary (a lead paragraph at the top of the general one-page brief).",
    "figures": "Key figures: a band across the page, or a stack in a narrow column.",
    "findings": "Findings, each under its own heading.",
    "quote": "The pull quote: the first quote, without a heading.",
    "quotes": "Every quote, with its attribution.",
    "demands": "The demands, numbered and grouped by addressee, on a tinted panel.",
    "talking_points": "Talking points, as a list.",
    "targets": "Who to target, as a list.",
    "actions": "Where to act, as a list.",
    "contacts": "Contacts, with mailto links.",
    "notes_to_editors": "Notes to editors, numbered.",
    "methodology": "How the findings were established.",
    "sources": "Numbered sources (endnotes), which citations link to.",
    "charts": "Every chart of the spec.",
    "timeline": "The timeline.",
    "images": "Images and maps, with caption and credit.",
    "qr": "QR codes for the sources marked `qr: true`.",
    "ends": '"ENDS" after the story of a press release, in the brief\'s language.',
}
"""Every block a template can place, with what it shows (in the README's reference)."""
FontRole = Literal["sans", "serif"]
FaceName = Literal["regular", "bold", "italic", "boldItalic"]
ShippedFamily = Literal["Amiri", "NotoSans", "NotoSerif"]
LogoAlign = Literal["kicker", "headline"]
LOGO_HEIGHTS = (12.0, 72.0)
"""Smallest and largest logo height a template may ask for, in points."""
DEFAULT_NAME = "default"
AUDIENCE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
"""Audience names become parts of file names, so they are words, never paths."""


_PATH: dict[str, Any] = {"max_length": MAX_PATH, "max_word": None}
"""File paths are never printed: no word limit, only a length."""


@dataclass(frozen=True, kw_only=True)
class StyleTokens:
    """Changes to one named style (`brief.title`, `figure.value`...); unset fields are kept."""

    family: FontRole | None = spec_field("Font role: `sans` or `serif`.", default=None)
    face: FaceName | None = spec_field("`regular`, `bold`, `italic` or `boldItalic`.", default=None)
    size: float | None = spec_field("Type size in points, 4 to 96.", default=None)
    leading: float | None = spec_field(
        "Line height as a multiple of the size, 1 to 2.", default=None
    )
    color: str | None = spec_field("A colour name from `colors` or `#rrggbb`.", default=None)
    space_before: float | None = spec_field("Space above, in points, 0 to 72.", default=None)
    space_after: float | None = spec_field("Space below, in points, 0 to 72.", default=None)
    upper: bool | None = spec_field("Set in capitals.", default=None)


@dataclass(frozen=True, kw_only=True)
class FontFiles:
    """The four TTF faces of one font family, relative to the template's folder."""

    regular: str = spec_field("Regular face (.ttf).", **_PATH)
    bold: str = spec_field("Bold face (.ttf).", **_PATH)
    italic: str = spec_field("Italic face (.ttf).", **_PATH)
    bold_italic: str = spec_field("Bold italic face (.ttf).", **_PATH)


@dataclass(frozen=True, kw_only=True)
class OnePageArrangement:
    """Which blocks go in which region of the one-page brief, top to bottom."""

    top: list[BlockName] | None = spec_field("Full width, under the headline.", default=None)
    main: list[BlockName] | None = spec_field("The wide main column.", default=None)
    side: list[BlockName] | None = spec_field("The narrow side column.", default=None)
    bottom: list[BlockName] | None = spec_field("Full width, above the footer.", default=None)


@dataclass(frozen=True, kw_only=True)
class Arrangement:
    """Which blocks a brief shows, where and in which order, their titles and emphasis."""

    description: str | None = spec_field("One line saying who this is for.", default=None)
    document: str | None = spec_field(
        "Document type printed in the masthead and the footers (default: the catalogue's, "
        "e.g. `Press release` for `journalist`, `Briefing` for the general brief).",
        default=None,
        max_length=40,
    )
    one_page: OnePageArrangement | None = spec_field("Blocks of the one-page brief.", default=None)
    multi_page: list[BlockName] | None = spec_field(
        "Blocks of the multi-page brief, in order.", default=None
    )
    titles: dict[BlockName, str] = spec_field("Headings for blocks, by block name.", default={})
    styles: dict[str, StyleTokens] = spec_field(
        "Style changes for this arrangement only.", default={}
    )


@dataclass(frozen=True, kw_only=True)
class Template:
    """A template: design tokens and block arrangements."""

    description: str | None = spec_field("One line saying what the template is for.", default=None)
    extends: str | None = spec_field(
        "Template this one changes (default: `default`).", default=None, **_PATH
    )
    page_size: PageSize | None = spec_field("Paper size, unless the spec sets one.", default=None)
    digits: Literal["latin", "arabic-indic"] | None = spec_field(
        "Digits for what briefing writes itself (dates, page and list numbers, endnotes, chart "
        "numbers): `latin` or `arabic-indic`; digits typed in the spec print as typed.",
        default=None,
    )
    margin: float | None = spec_field("Page margin in millimetres, 8 to 40.", default=None)
    side_column: float | None = spec_field(
        "Share of the one-page width given to the side column, 0.25 to 0.45.", default=None
    )
    fonts: dict[FontRole, FontFiles] = spec_field(
        "Font files for the `sans` and `serif` roles.", default={}
    )
    fallback: dict[FontRole, list[ShippedFamily]] = spec_field(
        "Fonts that draw, in order, what a role's own font cannot (a name in another script): "
        "`Amiri`, `NotoSans`, `NotoSerif`; default `Amiri`, and `[]` for none.",
        default={},
        max_items=2,
    )
    colors: dict[str, str] = spec_field(
        "Palette: `accent`, `ink`, `muted`, `rule`, `tint`, `link`, as `#rrggbb`.", default={}
    )
    styles: dict[str, StyleTokens] = spec_field("Style changes by semantic name.", default={})
    logo: str | None = spec_field(
        "Logo (PNG, JPEG or SVG) for every brief that uses the template, unless the spec has "
        "its own.",
        default=None,
        **_PATH,
    )
    logo_height: float | None = spec_field(
        f"Height of the logo in points, {LOGO_HEIGHTS[0]:g} to {LOGO_HEIGHTS[1]:g} "
        "(default 30); a very wide logo is narrowed to a third of the page.",
        default=None,
    )
    logo_align: LogoAlign | None = spec_field(
        "Where the logo sits, at the end of the line: `kicker` (its foot on the baseline of the "
        "line above the headline, the default) or `headline` (its top at the headline's "
        "capitals, the headline set beside it).",
        default=None,
    )
    layout: Arrangement | None = spec_field(
        "Arrangement of the general brief (no audience).", default=None
    )
    audiences: dict[str, Arrangement] = spec_field(
        "Arrangement for each audience, by name.", default={}, max_items=20
    )


TEMPLATE_TYPES: tuple[type, ...] = (
    Template,
    Arrangement,
    OnePageArrangement,
    StyleTokens,
    FontFiles,
)


@dataclass(frozen=True)
class LoadedTemplate:
    """A merged template, the chain of files it came from, and its name."""

    template: Template
    name: str
    files: tuple[Path, ...]
    root: Path | None = None
    """The project folder every file of the chain was checked against."""


def load_template(path: Path, *, root: Path) -> LoadedTemplate:
    """Load, check and merge the template at `path` with everything it extends. Every file the
    chain names (parents, logo, fonts) must lie inside `root`, the project folder. `SpecError`
    lists every problem of every file of the chain at once."""
    problems: list[Problem] = []
    loaded = collect_template(path, root=root, problems=problems)
    if problems or loaded is None:
        raise SpecError(problems)
    return loaded


def collect_template(
    path: Path, *, root: Path, problems: list[Problem], _seen: tuple[Path, ...] = ()
) -> LoadedTemplate | None:
    """The template at `path` merged as far as it can be, each problem found added to
    `problems` (a key with a problem is left out, so that the rest is still checked); None when
    the chain cannot be merged at all."""
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(p.name for p in (*_seen, path))
        where = Location(str(path), 1, 1)
        problems.append(
            Problem(where, "extends", f"templates extend each other in a circle: {chain}")
        )
        return None
    try:
        node = load_yaml(path, kind="template")
    except SpecError as error:
        problems += error.problems
        return None
    checked = _validated(node, path, problems)
    if checked is None:
        return None
    template, locations = checked
    builtin = path.parent == BUILTIN_DIR
    from .templatecheck import check_and_anchor

    template = check_and_anchor(
        template, path, locations, root=BUILTIN_DIR if builtin else root, problems=problems
    )
    if template.extends is None and path == (BUILTIN_DIR / f"{DEFAULT_NAME}.yaml").resolve():
        return LoadedTemplate(template, DEFAULT_NAME, (path,), root)
    parent_name = template.extends or DEFAULT_NAME
    where = locations.get("extends", Location(str(path), 1, 1))
    near = [path.parent] if template.extends and parent_name != path.stem else []
    try:
        parent_path = find_template(
            parent_name, base=path.parent, near=near, root=root, where=where, key="extends"
        )
    except SpecError as error:
        problems += error.problems
        return None
    parent = collect_template(parent_path, root=root, problems=problems, _seen=(*_seen, path))
    if parent is None:
        return None
    return LoadedTemplate(merge(parent.template, template), path.stem, (*parent.files, path), root)


def _validated(
    node: MappingNode, path: Path, problems: list[Problem]
) -> tuple[Template, dict[str, Location]] | None:
    """`node` as a `Template`; when some keys are wrong, their problems go to `problems` and the
    template is made of the other keys, so that those are still checked."""
    from ..spec.validate import validate_record

    try:
        return validate_record(node, Template, file=str(path))
    except SpecError as error:
        problems += error.problems
        paths = [p.key_path for p in error.problems]
    if "" in paths:
        return None
    for pruned in (_pruned(node, paths, deep=True), _pruned(node, paths, deep=False)):
        try:
            return validate_record(pruned, Template, file=str(path))
        except SpecError:
            continue
    return None


def _pruned(node: MappingNode, key_paths: list[str], *, deep: bool) -> MappingNode:
    """`node` without the entries `key_paths` point into: the deepest mapping entry each names
    (`styles` keeps its other styles when one is wrong), or, not `deep`, its top-level key."""
    kept = []
    for key, value in node.value:
        name = key.value if isinstance(key, ScalarNode) else None
        inside = [
            p[len(name) + 1 :] if p[len(name) : len(name) + 1] == "." else ""
            for p in key_paths
            if name is not None and (p == name or p.startswith((f"{name}.", f"{name}[")))
        ]
        if not inside:
            kept.append((key, value))
        elif deep and all(inside) and isinstance(value, MappingNode):
            kept.append((key, _pruned(value, inside, deep=True)))
    return MappingNode(node.tag, kept, node.start_mark, node.end_mark, node.flow_style)


def locate(template: LoadedTemplate, key_paths: list[str]) -> tuple[str, Location]:
    """The first of `key_paths` that a file of the template's chain sets (nearest the spec
    first), and where; else the first key path, at the top of the nearest file. For messages
    about a merged template, found only when one is needed."""
    for file in reversed(template.files):
        checked = _validated(load_yaml(file, kind="template"), file, [])
        locations = checked[1] if checked else {}
        for key_path in key_paths:
            if key_path in locations:
                return key_path, locations[key_path]
    return key_paths[0], Location(str(template.files[-1]), 1, 1)


def merge(base: Any, change: Any) -> Any:
    """`change` laid over `base`: unset (None) fields inherit, mappings merge by key."""
    if change is None:
        return base
    if base is None:
        return change
    if dataclasses.is_dataclass(change) and not isinstance(change, type):
        return type(change)(
            **{
                f.name: merge(getattr(base, f.name), getattr(change, f.name))
                for f in dataclasses.fields(change)
            }
        )
    if isinstance(change, dict):
        return {**base, **{k: merge(base.get(k), v) for k, v in change.items()}}
    return change
