"""Turn a loaded spec (or a `--template` path) into its loaded template: looked up beside the
spec, then among the built-in ones, and kept across builds of one process while none of the
files it was made from changed (`filestamp`) and no file appeared where a name it uses would
be found first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..bounded import Bounded
from ..errors import Problem

if TYPE_CHECKING:
    from ..spec.validate import LoadedSpec
    from .template import LoadedTemplate


def resolve_template(
    loaded: LoadedSpec, template_path: Path | None = None, *, root: Path | None = None
) -> LoadedTemplate:
    """The template for a spec: a path from the command line, else the spec's `template:`
    looked up beside the spec, then among the built-in ones; `default` when neither is given.
    Everything a template names must lie inside the project folder."""
    from ..spec.assets import project_root
    from .lookup import command_line_template, find_template
    from .template import DEFAULT_NAME

    if template_path is not None:
        path = command_line_template(template_path)
        return _template_at(path, root=project_root(path, root=root))
    name = loaded.spec.template or DEFAULT_NAME
    folder = loaded.path.parent
    project = project_root(loaded.path, root=root)
    path = find_template(
        name,
        base=folder,
        near=_near(loaded),
        root=project,
        where=loaded.where("template"),
        key="template",
    )
    return _template_at(path, root=project)


def _near(loaded: LoadedSpec) -> list[Path]:
    """The folders a spec's template name is looked up in before the built-in templates."""
    return [loaded.path.parent / "templates"]


def lookup_places(loaded: LoadedSpec) -> list[Path]:
    """The files where the spec's template, when named, would be found before the built-in
    ones: one that appears there is the spec's template from then on."""
    from .lookup import is_path
    from .template import DEFAULT_NAME

    name = loaded.spec.template or DEFAULT_NAME
    if is_path(name):
        return []
    return [folder / f"{name}.yaml" for folder in _near(loaded)]


TEMPLATES_KEPT = 8
"""Loaded templates kept between builds of one process (a watch session, a server)."""
_templates: Bounded[tuple[tuple[object, ...], LoadedTemplate]] = Bounded(
    entries=TEMPLATES_KEPT, size=TEMPLATES_KEPT
)


def _template_at(path: Path, *, root: Path) -> LoadedTemplate:
    """`load_template(path, root=root)`, kept while none of the files it was made from (the
    chain, the logo, the fonts, and where a parent would be found first) changed. A template
    with a file changed in the last `filestamp.SETTLED_SECONDS` is not kept: it may have
    changed while it was read."""
    from .template import load_template

    key = (path.resolve(), root)
    kept = _templates.get(key)
    if kept is not None and kept[0] == _identity(kept[1]):
        return kept[1]
    tpl = load_template(path, root=root)
    identity = _identity(tpl)
    if not any(isinstance(part, tuple) and part[1][5] is not None for part in identity):
        _templates.put(key, (identity, tpl), size=1)
    return tpl


def _identity(tpl: LoadedTemplate) -> tuple[object, ...]:
    """What a loaded template depends on: each file's stamp (`filestamp`; None when it is
    gone), and whether a file now lies where a parent's name would be found first (beside the
    template that extends it)."""
    import os

    from ..filestamp import stamp

    files = list(tpl.files)
    shadows = [c.parent / f"{p.stem}.yaml" for p, c in zip(files, files[1:], strict=False)]
    if tpl.template.logo:
        files.append(Path(tpl.template.logo))
    for role in tpl.template.fonts.values():
        files += [Path(p) for p in (role.regular, role.bold, role.italic, role.bold_italic)]
    identity: list[object] = []
    for file in dict.fromkeys(files):
        stamped = stamp(file)
        identity.append(None if stamped is None else (str(file), stamped))
    identity += [os.path.lexists(path) for path in shadows if path not in tpl.files]
    return tuple(identity)


def check_audiences(loaded: LoadedSpec, tpl: LoadedTemplate) -> None:
    """Every audience the spec writes content for is one its template knows."""
    import difflib

    from ..errors import SpecError

    known = list(tpl.template.audiences)
    problems = []
    for name in loaded.spec.audiences:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            key_path = f"audiences.{name}"
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"template {tpl.name!r} has no audience {name!r} (its "
                    f"audiences: {', '.join(known) or 'none'}){hint}",
                )
            )
    if problems:
        raise SpecError(problems)
