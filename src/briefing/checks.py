"""Turn a spec or template file into `briefing check`'s verdict: everything `make` would refuse
short of laying out the pages.

A spec is loaded, validated and planned with the options `make` would get (audiences,
recipients), so that what `check` passes, `make` renders unless a page is too full. A template
is checked on its own. Comparing a brief with its sources' texts is `provenance.py`'s work.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .build import Request, plan, prepare
from .spec import LAYOUTS
from .validate import LoadedSpec

if TYPE_CHECKING:
    from .template import LoadedTemplate


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
    from .recipients import check_recipients, load_recipients, personalise

    rows = load_recipients(recipients)
    check_recipients(loaded, rows)
    for row in rows:
        plan(personalise(loaded, row), tpl, request)
    return loaded


def is_template(path: Path) -> bool:
    """Whether a file given to `check` is a template rather than a spec: it sits in a
    `templates/` folder, or says only what a template says (no `title:`, `summary:` or
    `organisations:`, and some key that only templates have)."""
    import dataclasses

    from .errors import BriefingError
    from .spec import Spec
    from .template import Template
    from .yamlsource import ScalarNode, load_yaml

    if path.parent.name == "templates":
        return True
    try:
        keys = {k.value for k, _ in load_yaml(path).value if isinstance(k, ScalarNode)}
    except BriefingError:
        return False
    template_keys = {f.name for f in dataclasses.fields(Template)}
    spec_keys = {f.name for f in dataclasses.fields(Spec)}
    return bool(keys) and keys <= template_keys and bool(keys - spec_keys)


def check_template(path: Path, *, root: Path | None = None) -> LoadedTemplate:
    """Check a template on its own: schema, files, fonts, logo, and that its fonts draw its
    headings and what briefing prints itself, for the general brief and every audience."""
    from .assets import project_root, template_logo
    from .design import arrangement_for, template_families
    from .glyphs import check_template_logo, check_template_text
    from .lookup import command_line_template
    from .template import load_template

    file = command_line_template(path)
    tpl = load_template(file, root=project_root(file, root=root))
    families = tuple(template_families(tpl).values())
    for audience in (None, *tpl.template.audiences):
        titles = {str(k): v for k, v in arrangement_for(tpl, audience).titles.items()}
        check_template_text(tpl, titles, audience, families)
    if tpl.template.logo:
        check_template_logo(template_logo(tpl), tpl, families)
    return tpl
