"""Turn spec files into PDF files: the pipeline, read top to bottom.

spec file → `LoadedSpec` (yamlsource + validate) → `LoadedTemplate` (lookup + template) → for
each audience: `Design` (design) → `Plan` (every check short of layout, file names) → each
format asked for (`formats.py`): layout (onepage / multipage) → PDF bytes, or the resolved brief
(model) → text and Markdown (textout) → files, replaced as a set (output).
`checks.check` runs the same stages up to the plan, so it refuses what `make` would refuse,
short of a brief that does not fit its page. The CLI only parses arguments and calls `make` or
`check`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .check import preflight
from .design.resolve import check_audiences, resolve_template
from .errors import LayoutError, OutputError
from .outputs.formats import render
from .spec.spec import LAYOUTS, LayoutName
from .spec.validate import LoadedSpec, load_spec

if TYPE_CHECKING:
    from .design.design import Design
    from .design.template import LoadedTemplate
    from .outputs.output import Staged

MAX_STEM = 100
"""Characters of a file name before its audience and layout: `raqqa`, `raqqa-0003`."""
MAX_STEM_BYTES = 150
"""The same in UTF-8 bytes: with an audience and a layout, a name stays under the 255 bytes
most file systems allow."""
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Built:
    """One file written: a PDF of one layout, or another format's file (`layout` None for a
    format made once per audience; `pages` 0 for text)."""

    path: Path
    layout: LayoutName | None
    pages: int
    audience: str | None = None
    format: str = "pdf"


Output = tuple[str | None, LayoutName | None, str]
"""One output of a build: (audience, layout or None, format name)."""


@dataclass(frozen=True)
class Request:
    """What to build from a spec: layouts, audiences, template, where, and for whom."""

    layouts: tuple[LayoutName, ...] | None = None
    audiences: tuple[str | None, ...] = (None,)
    all_audiences: bool = False
    template: Path | None = None
    out_dir: Path = Path("out")
    root: Path | None = None
    """The project folder that specs and templates may read from (`--root`); default: found
    from each spec's place (`assets.project_root`)."""
    protected: tuple[Path, ...] = ()
    """Further inputs no PDF may overwrite (a recipients file)."""
    draft: bool = False
    """Mark every page as a draft, with the time of the build (--draft)."""
    formats: tuple[str, ...] = ("pdf",)
    """The output formats to build, by name (`formats.FORMATS`)."""
    dpi: int = 150
    """The resolution of page pictures (`--format png`, `--dpi`)."""


@dataclass(frozen=True)
class Plan:
    """Everything a build will do, checked: each audience's view and design, and each PDF."""

    loaded: LoadedSpec
    template: LoadedTemplate
    views: dict[str | None, LoadedSpec]
    designs: dict[str | None, Design]
    jobs: list[tuple[str | None, LayoutName]]
    inputs: list[Path] = field(default_factory=list)


@dataclass
class Staging:
    """Where a build leaves its files staged (`output.Staged`) rather than in place; their
    temporary files are named after process `owner`, which puts them in place. `clean`: the
    output folder may hold what killed builds left there (`output.clean_leftovers`)."""

    owner: int
    clean: bool = True
    staged: Staged | None = None


class PartialBuild(LayoutError):
    """Some layouts could not be laid out; the others were written (`built`)."""

    def __init__(self, errors: list[LayoutError], built: list[Built]) -> None:
        self.errors, self.built = errors, built
        super().__init__("\n".join(str(error) for error in errors))

    def lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]


def prepare(
    spec_path: Path, template: Path | None = None, *, root: Path | None = None
) -> tuple[LoadedSpec, LoadedTemplate]:
    """The loaded spec and its template: everything a build needs that does not change from
    one recipient to the next."""
    loaded = load_spec(spec_path, root=root)
    tpl = resolve_template(loaded, template, root=root)
    check_audiences(loaded, tpl)
    return loaded, tpl


def jobs_of(
    loaded: LoadedSpec, tpl: LoadedTemplate, request: Request
) -> list[tuple[str | None, LayoutName]]:
    """The (audience, layout) pairs a request asks of a spec, in build order."""
    chosen = list(request.layouts) if request.layouts is not None else list(loaded.spec.layouts)
    layouts = [layout for layout in LAYOUTS if layout in chosen]
    if request.all_audiences:
        wanted: list[str | None] = list(tpl.template.audiences)
    else:
        wanted = list(dict.fromkeys(request.audiences)) or [None]
    return [(audience, layout) for audience in wanted for layout in layouts]


def outputs_of(loaded: LoadedSpec, tpl: LoadedTemplate, request: Request) -> list[Output]:
    """The outputs a request asks of a spec: for each audience, each format's files (one per
    layout, or one for a format without layouts), in build order."""
    from .outputs.formats import chosen

    jobs = jobs_of(loaded, tpl, request)
    outputs: list[Output] = []
    for audience in dict.fromkeys(audience for audience, _ in jobs):
        for output_format in chosen(request.formats):
            if output_format.per_layout:
                outputs += [(audience, lay, output_format.name) for a, lay in jobs if a == audience]
            else:
                outputs.append((audience, None, output_format.name))
    return outputs


def targets_of(
    loaded: LoadedSpec, tpl: LoadedTemplate, request: Request, *, stem: str | None = None
) -> dict[Output, Path]:
    """The file each output of a request is written to."""
    from .outputs.formats import FORMATS

    named = loaded.path.with_name(f"{stem}.yaml") if stem else loaded.path
    return {
        output: output_path(
            named, output[1], request.out_dir, output[0], suffix=FORMATS[output[2]].suffix
        )
        for output in outputs_of(loaded, tpl, request)
    }


def plan(loaded: LoadedSpec, tpl: LoadedTemplate, request: Request) -> Plan:
    """Check everything a build needs short of laying out: each audience's design and fonts,
    and that the fonts can draw every character. `SpecError` lists what is wrong."""
    from .design.design import design_for
    from .design.glyphs import check_glyphs, check_template_text
    from .spec.walker import strings

    jobs = jobs_of(loaded, tpl, request)
    wanted = list(dict.fromkeys(audience for audience, _ in jobs)) or [None]
    texts = list(strings(loaded.spec))  # walked once for every check below
    preflight.check_filled(loaded, texts=texts)
    preflight.check_asked(wanted, tpl)
    views = {audience: _for_audience(loaded, audience) for audience in wanted}
    designs = {
        audience: design_for(views[audience], tpl, audience, draft=request.draft)
        for audience in wanted
    }
    for chains in {d.theme.chains() for d in designs.values()}:
        check_glyphs(loaded, chains, texts=texts)
    for audience, design in designs.items():
        preflight.check_notes(
            views[audience], tpl, design, audience, layouts={job[1] for job in jobs}
        )
        printed = design.words.printed()
        check_template_text(tpl, design.titles, audience, design.theme.chains(), printed=printed)
    inputs = [loaded.path, *tpl.files, *request.protected]
    inputs += [image.path for image in loaded.images.values()]
    inputs += [d.logo.path for d in designs.values() if d.logo is not None]
    for role in tpl.template.fonts.values():
        inputs += [Path(p) for p in (role.regular, role.bold, role.italic, role.bold_italic)]
    return Plan(loaded, tpl, views, designs, jobs, list(dict.fromkeys(inputs)))


def file_part(text: str) -> str:
    """`text` as part of a file name: letters, digits, `.`, `-` and `_` only (anything else
    becomes `-`), never starting or ending with `.` or `-`, at most `MAX_STEM` characters and
    `MAX_STEM_BYTES` bytes."""
    slug = _UNSAFE.sub("-", unicodedata.normalize("NFC", text)).strip("-.")[:MAX_STEM]
    while len(slug.encode("utf-8")) > MAX_STEM_BYTES:
        slug = slug[:-1]
    return slug.rstrip("-.") or "brief"


def output_path(
    spec_path: Path,
    layout: LayoutName | None,
    out_dir: Path,
    audience: str | None = None,
    *,
    suffix: str = ".pdf",
) -> Path:
    """`out/raqqa-one-page.pdf`, or `out/raqqa-journalist-one-page.pdf` for an audience,
    `out/raqqa-journalist.txt` for a format without layouts; proven to lie directly inside
    `out_dir`."""
    parts = [file_part(spec_path.stem)]
    if audience:
        parts.append(file_part(audience))
    if layout:
        parts.append(layout)
    target = out_dir / f"{'-'.join(parts)}{suffix}"
    if target.parent != out_dir or target.name in (".", "..") or "/" in target.name:
        raise OutputError(f"{out_dir}: refusing to write {target.name!r} outside the folder")
    return target


@dataclass
class Rendered:
    """Every file of one build, in memory: target → bytes, what each is (`built`), and the
    layouts that did not fit, each with the file it leaves unbuilt (`failed`)."""

    files: dict[Path, bytes]
    built: list[Built]
    failed: list[tuple[LayoutError, Path]]
    inputs: list[Path]


def render_files(
    loaded: LoadedSpec, tpl: LoadedTemplate, request: Request, *, stem: str | None = None
) -> Rendered:
    """Render every file a request asks for (each format's, `formats.py`) into memory: reads
    no file of `request.out_dir` and writes none. `SpecError` or `OutputError` when the
    request cannot be built at all; a layout that does not fit is only listed (`failed`)."""
    work, targets = _planned(loaded, tpl, request, stem=stem)
    return _render(work, targets, request)


def _planned(
    loaded: LoadedSpec, tpl: LoadedTemplate, request: Request, *, stem: str | None
) -> tuple[Plan, dict[Output, Path]]:
    """The checked plan of a build and the file of each output."""
    from .rlimport import import_platypus

    import_platypus()  # before any of briefing's layout imports it
    from .layout.paragraphs import forget

    forget()  # what the last build did not use
    work = plan(loaded, tpl, request)
    targets = targets_of(loaded, tpl, request, stem=stem)
    _check_distinct(targets)
    return work, targets


def _render(work: Plan, targets: dict[Output, Path], request: Request) -> Rendered:
    from .outputs.formats import FORMATS, Source

    files: dict[Path, bytes] = {}
    built: list[Built] = []
    failed: list[tuple[LayoutError, Path]] = []
    laid_out: dict[tuple[int, str], tuple[bytes, int]] = {}
    for output, target in targets.items():
        audience, layout, name = output
        output_format = FORMATS[name]
        design = work.designs[audience]
        source = Source(work.views[audience], design, layout, request.dpi, laid_out, render)
        try:
            pieces = output_format.render(source)
        except LayoutError as error:
            failed.append((error, target))
            continue
        for piece in pieces:
            path = _tagged(target, output_format.suffix, piece.tag)
            files[path] = piece.data
            built.append(Built(path, layout, piece.pages, audience, name))
    _check_distinct({(None, None, str(path)): path for path in files})
    return Rendered(files, built, failed, work.inputs)


def build(
    loaded: LoadedSpec,
    tpl: LoadedTemplate,
    request: Request,
    *,
    stem: str | None = None,
    staging: Staging | None = None,
) -> list[Built]:
    """Render every file a request asks for (`render_files`), then replace them all
    together. If a layout does not fit (`LayoutError`), the others are still written and
    `PartialBuild` says which failed and which files were not built (and are out of date, if
    an earlier build left them); any other error writes nothing. `stem` names the files
    (default: the spec's file name). With `staging`, the files are only staged there, not
    flushed nor put in place: the caller does that (`output.flush`, `output.commit_set`)."""
    from .outputs.output import check_target

    work, targets = _planned(loaded, tpl, request, stem=stem)
    for target in targets.values():
        check_target(target, inputs=work.inputs)
    return store(_render(work, targets, request), staging=staging)


def store(rendered: Rendered, *, staging: Staging | None = None) -> list[Built]:
    """Replace the files of `rendered` together (or only stage them, with `staging`), then
    raise `PartialBuild` if a layout did not fit; the `Built` records otherwise."""
    from .outputs.output import stage_set, write_set

    if staging is None:
        write_set(rendered.files, inputs=rendered.inputs)
    elif rendered.files:
        staging.staged = stage_set(
            rendered.files,
            inputs=rendered.inputs,
            flushed=False,
            owner=staging.owner,
            clean=staging.clean,
        )
    if rendered.failed:
        failed = [_not_built(error, target) for error, target in rendered.failed]
        raise PartialBuild(failed, rendered.built)
    return rendered.built


def _tagged(target: Path, suffix: str, tag: str) -> Path:
    """`out/raqqa-one-page-2.png` for the file tagged `2` of `out/raqqa-one-page.png`."""
    if not tag:
        return target
    return target.with_name(f"{target.name.removesuffix(suffix)}-{file_part(tag)}{suffix}")


def _not_built(error: LayoutError, target: Path) -> LayoutError:
    """`error`, followed by a line naming the PDF it leaves unbuilt, and saying that the one an
    earlier build left there (if any) no longer matches the spec."""
    stale = "; the earlier file there is out of date" if target.exists() else ""
    return LayoutError(f"{error}\n{target} was not built{stale}")


def _check_distinct(targets: dict[Output, Path]) -> None:
    """No two files of one build may share a name, even on a file system that ignores case."""
    seen: dict[str, Path] = {}
    for target in targets.values():
        other = seen.setdefault(target.name.casefold(), target)
        if other != target:
            raise OutputError(
                f"{target}: would overwrite {other.name} on a file system that ignores case"
            )


def make(
    spec_path: Path,
    *,
    layouts: Iterable[LayoutName] | None = None,
    audiences: Iterable[str | None] | None = None,
    all_audiences: bool = False,
    template: Path | None = None,
    out_dir: Path = Path("out"),
    root: Path | None = None,
    formats: Iterable[str] = ("pdf",),
) -> list[Built]:
    """Build one spec: the asked layouts (default: the spec's own list) for the asked
    audiences (default: the general brief) in the asked formats into `out_dir`.

    Every file is rendered before any is written, and the files are replaced together, so
    an invalid brief leaves the files of an earlier build untouched.
    """
    loaded, tpl = prepare(spec_path, template, root=root)
    request = Request(
        layouts=tuple(layouts) if layouts is not None else None,
        audiences=tuple(audiences) if audiences else (None,),
        all_audiences=all_audiences,
        template=template,
        out_dir=out_dir,
        root=root,
        formats=tuple(formats),
    )
    return build(loaded, tpl, request)


def _for_audience(loaded: LoadedSpec, audience: str | None) -> LoadedSpec:
    """The loaded spec as `audience` reads it (other audiences' content removed)."""
    return dataclasses.replace(loaded, spec=loaded.spec.for_audience(audience))
