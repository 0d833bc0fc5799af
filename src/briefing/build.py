"""Turn spec files into PDF files: the pipeline, read top to bottom.

spec file → `LoadedSpec` (yamlsource + validate) → `Theme` → layout (onepage / multipage)
→ PDF bytes → file (output). The CLI only parses arguments and calls `make` or `check`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .spec import LAYOUTS, LayoutName
from .validate import LoadedSpec, load_spec


@dataclass(frozen=True)
class Built:
    """One PDF written."""

    path: Path
    layout: LayoutName
    pages: int


def check(path: Path) -> LoadedSpec:
    """Load and validate one spec; raise `SpecError` if it is invalid. Never imports ReportLab."""
    return load_spec(path)


def output_path(spec_path: Path, layout: LayoutName, out_dir: Path) -> Path:
    """`out/raqqa-one-page.pdf` for `briefs/raqqa.yaml`."""
    return out_dir / f"{spec_path.stem}-{layout}.pdf"


def render(loaded: LoadedSpec, layout: LayoutName) -> tuple[bytes, int]:
    """PDF bytes and page count of one layout of a loaded spec."""
    from .glyphs import check_glyphs
    from .theme import Theme

    theme = Theme()
    check_glyphs(loaded, tuple(theme.families.values()))
    if layout == "one-page":
        from .onepage import render_one_page

        return render_one_page(loaded, theme)
    from .multipage import render_multi_page

    return render_multi_page(loaded, theme)


def make(spec_path: Path, *, layouts: Iterable[LayoutName] | None = None,
         out_dir: Path = Path("out")) -> list[Built]:
    """Build the asked layouts (default: the spec's own list) of one spec into `out_dir`.

    Every layout is rendered before any file is written, so an invalid or overflowing brief
    leaves the PDFs of an earlier build untouched.
    """
    from .output import check_target, write_atomically

    loaded = load_spec(spec_path)
    chosen = list(layouts) if layouts is not None else list(loaded.spec.layouts)
    chosen = [layout for layout in LAYOUTS if layout in chosen]
    targets = {layout: output_path(spec_path, layout, out_dir) for layout in chosen}
    for target in targets.values():
        check_target(target, inputs=[spec_path])
    rendered = {layout: render(loaded, layout) for layout in chosen}
    built = []
    for layout, (data, pages) in rendered.items():
        write_atomically(targets[layout], data, inputs=[spec_path])
        built.append(Built(targets[layout], layout, pages))
    return built
