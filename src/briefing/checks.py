"""Turn a spec or template file into `briefing check`'s verdict: everything `make` would refuse
short of laying out the pages, and what it would print badly.

A spec is loaded, validated and planned with the options `make` would get (audiences,
recipients), so that what `check` passes, `make` renders unless a page is too full. A template
is checked on its own. Warnings (`findings`): claims its sources do not back (`provenance.py`'s
work), and images too small for the size a layout prints them at (below `MIN_DPI`); infos: a
press release without a date or media contacts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .build import Request, plan, prepare
from .design.design import MM
from .spec.spec import LAYOUTS
from .spec.validate import LoadedSpec

if TYPE_CHECKING:
    from .check.provenance import Finding
    from .design.design import Design
    from .design.template import LoadedTemplate

MIN_DPI = 150
"""The least resolution, in pixels per inch at the size printed, of an image fit to print."""


def check(
    path: Path,
    *,
    template: Path | None = None,
    root: Path | None = None,
    audiences: Iterable[str | None] | None = None,
    all_audiences: bool = False,
    recipients: Path | None = None,
) -> LoadedSpec:
    """Load and validate one spec and its template, and plan what `make` would build with the
    same options: `SpecError` for anything `make` would refuse before laying out. Without
    `audiences`, every audience of the template is planned, with the general brief, in both
    layouts; with `recipients`, every row."""
    loaded, tpl = prepare(path, template, root=root)
    wanted = tuple(audiences) if audiences else (None, *tpl.template.audiences)
    request = Request(layouts=LAYOUTS, audiences=wanted, all_audiences=all_audiences, root=root)
    if recipients is None:
        plan(loaded, tpl, request)
        return loaded
    from .spec.recipients import check_recipients, load_recipients, personalise

    rows = load_recipients(recipients)
    check_recipients(loaded, rows)
    for row in rows:
        plan(personalise(loaded, row), tpl, request)
    return loaded


def is_template(path: Path) -> bool:
    """Whether a file given to `check` is a template rather than a spec: it sits in a
    `templates/` folder, or has no `title:`, `summary:` or `organisations:` and some key that
    only templates have (a mistyped key besides does not make it a spec)."""
    import dataclasses

    from .design.template import Template
    from .errors import BriefingError
    from .spec.spec import Spec
    from .spec.yamlsource import ScalarNode, load_yaml

    if path.parent.name == "templates":
        return True
    try:
        keys = {k.value for k, _ in load_yaml(path).value if isinstance(k, ScalarNode)}
    except BriefingError:
        return False
    template_keys = {f.name for f in dataclasses.fields(Template)}
    spec_keys = {f.name for f in dataclasses.fields(Spec)}
    return not keys & {"title", "summary", "organisations"} and bool(
        keys & (template_keys - spec_keys)
    )


def check_template(path: Path, *, root: Path | None = None) -> LoadedTemplate:
    """Check a template on its own: schema, `extends:`, colours, files, fonts, logo, and that
    its fonts draw its headings and what briefing prints itself, for the general brief and every
    audience. `SpecError` lists every problem at once; the fonts' characters are checked only
    when the fonts themselves are usable, and the logo's text only when the logo is."""
    from .design.design import arrangement_for, template_families
    from .design.glyphs import check_template_logo, check_template_text
    from .design.lookup import command_line_template
    from .design.template import collect_template
    from .design.templatecheck import template_logo
    from .errors import Problem, SpecError
    from .spec.assets import project_root

    file = command_line_template(path)
    problems: list[Problem] = []
    tpl = collect_template(file, root=project_root(file, root=root), problems=problems)
    wrong = {p.key_path.split(".")[0] for p in problems}
    if tpl is not None and not wrong & {"", "fonts", "fallback", "extends"}:
        families = tuple(template_families(tpl).values())
        for audience in (None, *tpl.template.audiences):
            titles = {str(k): v for k, v in arrangement_for(tpl, audience).titles.items()}
            try:
                check_template_text(tpl, titles, audience, families)
            except SpecError as error:
                problems += error.problems
        try:
            if tpl.template.logo and "logo" not in wrong:
                check_template_logo(template_logo(tpl), tpl, families)
        except SpecError as error:
            problems += error.problems
    if problems or tpl is None:
        raise SpecError(list({str(p): p for p in problems}.values()))
    return tpl


def findings(
    loaded: LoadedSpec,
    *,
    template: Path | None = None,
    root: Path | None = None,
    audiences: Iterable[str | None] | None = None,
    all_audiences: bool = False,
    strict: bool = False,
) -> list[Finding]:
    """Every warning and info `check` prints for a spec that passed `check`, sorted by place:
    claims its sources do not back, images that would print below `MIN_DPI`, and press
    releases asked for (`audiences`, or every audience with `all_audiences`) that lack a date
    or media contacts; and text that YAML read as a comment (` #1 office`)."""
    from .check.provenance import check_sources
    from .check.yamlcomments import text_read_as_comments
    from .design.resolve import resolve_template

    # A translation's claims are the original's: its sources are in that language.
    found = check_sources(loaded.original or loaded, root=root, strict=strict)
    tpl = resolve_template(loaded, template, root=root)
    found += image_findings(loaded, tpl, audiences=audiences)
    asked = list(tpl.template.audiences) if all_audiences else list(audiences or ())
    found += press_findings(loaded, tpl, audiences=asked)
    found += text_read_as_comments(loaded)
    return sorted(found, key=lambda f: (f.location, f.key_path, f.message))


def press_findings(
    loaded: LoadedSpec, tpl: LoadedTemplate, *, audiences: Iterable[str | None]
) -> list[Finding]:
    """An info for each press release (a brief whose layouts end its story with "ENDS") of
    the `audiences` asked for that would be built without a date or media contacts. Not a
    warning, since a spec may only say what its sources say; and only when asked for, since
    a spec is checked as a whole, not as one audience's brief."""
    from .check.provenance import Finding
    from .design.design import design_for

    found = []
    for audience in audiences:
        design = design_for(loaded, tpl, audience)
        arrangement = design.one_page
        regions = (arrangement.top, arrangement.main, arrangement.side, arrangement.bottom)
        if not any("ends" in (blocks or []) for blocks in (design.multi_page, *regions)):
            continue
        spec = loaded.spec.for_audience(audience)
        given = (("date", spec.date), ("contacts", spec.contacts))
        missing = [what for what, value in given if not value]
        if not missing:
            continue
        key = f"audiences.{audience}" if audience in loaded.spec.audiences else ""
        message = _press(audience, missing)
        found.append(Finding(loaded.where(key), key, "info", "press-release", message))
    return found


def _press(audience: str | None, missing: list[str]) -> str:
    brief = f"the {audience!r} brief" if audience else "the brief"
    if missing == ["date"]:
        return (
            f"a press release usually carries a date; this spec has none, so {brief} prints "
            "no date: add `date:` (YYYY-MM-DD) when it is known"
        )
    if missing == ["contacts"]:
        return (
            f"a press release usually carries media contacts; this spec has none, so {brief} "
            "prints no contact block: add `contacts:` when they are known"
        )
    return (
        "a press release usually carries a date and media contacts; this spec has neither, so "
        f"{brief} prints no date and no contact block: add `date:` (YYYY-MM-DD) and "
        "`contacts:` when they are known"
    )


def image_findings(
    loaded: LoadedSpec, tpl: LoadedTemplate, *, audiences: Iterable[str | None] | None = None
) -> list[Finding]:
    """A warning for each bitmap image that some layout (for the general brief or any of
    `audiences`, default all the template's) prints below `MIN_DPI`, at the widest it prints
    it: its pixels, the size and layout, the resulting resolution, and what to do."""
    from .check.provenance import Finding
    from .design.design import design_for

    wanted = tuple(audiences) if audiences else (None, *tpl.template.audiences)
    designs = [design_for(loaded, tpl, audience) for audience in wanted]
    found = []
    for i, picture in enumerate(loaded.spec.images):
        asset = loaded.images.get(f"images[{i}]")
        if asset is None or asset.format == "SVG":
            continue
        drawn = [
            (_printed_width(design, layout, asset.width / asset.height), layout)
            for design in designs
            for layout in LAYOUTS
        ]
        width, layout = max(drawn)
        dpi = asset.width / (width / 72) if width else float("inf")
        if dpi >= MIN_DPI:
            continue
        needed = math.ceil(MIN_DPI * width / 72)
        message = (
            f"{picture.path!r} is {asset.width}x{asset.height} pixels and prints "
            f"{width / MM:.0f} mm wide in the {layout} brief, at {dpi:.0f} dpi; print needs at "
            f"least {MIN_DPI} dpi: use an image at least {needed} pixels wide, or an SVG"
        )
        key = f"images[{i}].path"
        found.append(Finding(loaded.where(key), key, "warning", "image-resolution", message))
    return found


def _printed_width(design: Design, layout: str, aspect: float) -> float:
    """How wide, in points, `layout` prints an image of width/height `aspect` at the most (the
    width of its column, or the multi-page measure, and at most a third of a page tall); 0 when
    the layout does not show images."""
    from .layout.blocks import TEXT_MEASURE
    from .layout.grid import GUTTER

    page_width, page_height = design.page_size
    inner = page_width - 2 * design.margin
    if layout == "multi-page":
        width = min(inner, TEXT_MEASURE) if "images" in design.multi_page else 0.0
    else:
        arrangement = design.one_page
        side = inner * design.side_share
        width = max(
            (
                room
                for room, blocks in (
                    (inner, arrangement.top),
                    (inner - side - GUTTER, arrangement.main),
                    (side, arrangement.side),
                    (inner, arrangement.bottom),
                )
                if "images" in (blocks or [])
            ),
            default=0.0,
        )
    return min(width, page_height / 3 * aspect)
