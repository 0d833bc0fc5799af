"""Turn spec files into PDF files: the pipeline, read top to bottom.

spec file → `LoadedSpec` (yamlsource + validate) → `LoadedTemplate` (template) → for each
audience: `Design` (design) → layout (onepage / multipage) → PDF bytes → file (output).
The CLI only parses arguments and calls `make` or `check`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .spec import LAYOUTS, LayoutName
from .validate import LoadedSpec, load_spec

if TYPE_CHECKING:
    from .design import Design
    from .template import LoadedTemplate


@dataclass(frozen=True)
class Built:
    """One PDF written."""

    path: Path
    layout: LayoutName
    pages: int
    audience: str | None = None


def check(path: Path, *, template: Path | None = None) -> LoadedSpec:
    """Load and validate one spec and its template; `SpecError` if either is invalid.

    Never imports ReportLab."""
    loaded, _ = prepare(path, template)
    return loaded


def output_path(
    spec_path: Path, layout: LayoutName, out_dir: Path, audience: str | None = None
) -> Path:
    """`out/raqqa-one-page.pdf`, or `out/raqqa-journalist-one-page.pdf` for an audience."""
    middle = f"-{audience}" if audience else ""
    return out_dir / f"{spec_path.stem}{middle}-{layout}.pdf"


def resolve_template(loaded: LoadedSpec, template_path: Path | None = None) -> LoadedTemplate:
    """The template for a spec: a path from the command line, else the spec's `template:`
    looked up beside the spec, then among the built-in ones; `default` when neither is given."""
    from .template import DEFAULT_NAME, find_template, load_template

    if template_path is not None:
        return load_template(template_path)
    name = loaded.spec.template or DEFAULT_NAME
    folder = loaded.path.parent
    near = [folder] if "/" in name or name.endswith((".yaml", ".yml")) else [folder / "templates"]
    return load_template(find_template(name, near=near, where=loaded.where("template")))


def render(loaded: LoadedSpec, layout: LayoutName, design: Design) -> tuple[bytes, int]:
    """PDF bytes and page count of one layout of a loaded spec."""
    if layout == "one-page":
        from .onepage import render_one_page

        return render_one_page(loaded, design)
    from .multipage import render_multi_page

    return render_multi_page(loaded, design)


@dataclass(frozen=True)
class Request:
    """What to build from a spec: layouts, audiences, template, where, and for whom."""

    layouts: tuple[LayoutName, ...] | None = None
    audiences: tuple[str | None, ...] = (None,)
    all_audiences: bool = False
    template: Path | None = None
    out_dir: Path = Path("out")


def prepare(spec_path: Path, template: Path | None = None) -> tuple[LoadedSpec, LoadedTemplate]:
    """The loaded spec and its template: everything a build needs that does not change from
    one recipient to the next."""
    loaded = load_spec(spec_path)
    tpl = resolve_template(loaded, template)
    check_audiences(loaded, tpl)
    return loaded, tpl


def check_audiences(loaded: LoadedSpec, tpl: LoadedTemplate) -> None:
    """Every audience the spec writes content for is one its template knows."""
    import difflib

    from .errors import Problem, SpecError

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


def build(
    loaded: LoadedSpec, tpl: LoadedTemplate, request: Request, *, stem: str | None = None
) -> list[Built]:
    """Render every PDF a request asks for, then write them all; nothing is written if any
    of them fails. `stem` names the files (default: the spec's file name)."""
    from .design import design_for
    from .glyphs import check_glyphs
    from .output import check_target, write_atomically
    from .paragraphs import forget

    forget()
    spec_path = loaded.path
    chosen = list(request.layouts) if request.layouts is not None else list(loaded.spec.layouts)
    chosen = [layout for layout in LAYOUTS if layout in chosen]
    if request.all_audiences:
        wanted: list[str | None] = list(tpl.template.audiences)
    else:
        wanted = list(dict.fromkeys(request.audiences)) or [None]
    views = {audience: _for_audience(loaded, audience) for audience in wanted}
    designs = {audience: design_for(views[audience], tpl, audience) for audience in wanted}
    for families in {tuple(d.theme.families.values()) for d in designs.values()}:
        check_glyphs(loaded, families)
    jobs = [(audience, layout) for audience in wanted for layout in chosen]
    named = spec_path.with_name(f"{stem}.yaml") if stem else spec_path
    targets = {job: output_path(named, job[1], request.out_dir, job[0]) for job in jobs}
    for target in targets.values():
        check_target(target, inputs=[spec_path])
    rendered = {job: render(views[job[0]], job[1], designs[job[0]]) for job in jobs}
    built = []
    for (audience, layout), (data, pages) in rendered.items():
        write_atomically(targets[(audience, layout)], data, inputs=[spec_path])
        built.append(Built(targets[(audience, layout)], layout, pages, audience))
    return built


def make(
    spec_path: Path,
    *,
    layouts: Iterable[LayoutName] | None = None,
    audiences: Iterable[str | None] | None = None,
    all_audiences: bool = False,
    template: Path | None = None,
    out_dir: Path = Path("out"),
) -> list[Built]:
    """Build one spec: the asked layouts (default: the spec's own list) for the asked
    audiences (default: the general brief) into `out_dir`.

    Every PDF is rendered before any file is written, so an invalid or overflowing brief
    leaves the PDFs of an earlier build untouched.
    """
    loaded, tpl = prepare(spec_path, template)
    request = Request(
        layouts=tuple(layouts) if layouts is not None else None,
        audiences=tuple(audiences) if audiences else (None,),
        all_audiences=all_audiences,
        template=template,
        out_dir=out_dir,
    )
    return build(loaded, tpl, request)


def _for_audience(loaded: LoadedSpec, audience: str | None) -> LoadedSpec:
    """The loaded spec as `audience` reads it (other audiences' content removed)."""
    return dataclasses.replace(loaded, spec=loaded.spec.for_audience(audience))
