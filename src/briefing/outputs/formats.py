"""Turn an output format's name (`pdf`, `txt`, `md`, `html`) into what makes its files: the
suffix of its file names, whether it makes one file per layout, and the function that renders
its bytes.

A format is registered once, in `FORMATS`, with `register`: `briefing make --format NAME`
then builds it, with mail-merge and batches, into the same set of files as the PDFs (written
together or not at all, `output.py`). A renderer receives a `Source` (the spec as one audience
and recipient read it, the design, and the layout for a format made per layout) and returns one
or more `Rendered` files; a file with a `tag` is named `<name>-<tag><suffix>`.

Nothing here imports ReportLab: renderers import what they draw with when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import BriefingError

if TYPE_CHECKING:
    from ..design.design import Design
    from ..spec.spec import LayoutName
    from ..spec.validate import LoadedSpec


def render(loaded: LoadedSpec, layout: LayoutName, design: Design) -> tuple[bytes, int]:
    """PDF bytes and page count of one layout of a loaded spec."""
    if layout == "one-page":
        from ..layout.onepage import render_one_page

        return render_one_page(loaded, design)
    from ..layout.multipage import render_multi_page

    return render_multi_page(loaded, design)


LayOut = Callable[["LoadedSpec", "LayoutName", "Design"], tuple[bytes, int]]


@dataclass(frozen=True)
class Source:
    """What one output is made from."""

    loaded: LoadedSpec
    """The spec as the audience (and recipient) reads it."""
    design: Design
    layout: LayoutName | None
    """The layout, for a format made per layout (`OutputFormat.per_layout`); else None."""
    dpi: int = 150
    """The resolution of page pictures (`--dpi`)."""
    laid_out: dict[tuple[int, str], tuple[bytes, int]] = field(default_factory=dict)
    """PDFs already laid out in this build, shared by the formats made from them (`pdf`,
    `png`), so that no layout is set twice."""
    lay_out: LayOut = render
    """What lays a layout out (`render`; the orchestrator may hand its own)."""


@dataclass(frozen=True)
class Rendered:
    """One file of an output: its bytes, its pages (0 for text), and the tag that tells it
    from the other files of the same output (`""` for the only one)."""

    data: bytes
    pages: int = 0
    tag: str = ""


Renderer = Callable[[Source], list[Rendered]]


@dataclass(frozen=True)
class OutputFormat:
    name: str
    suffix: str
    """The file name's ending, with its dot: `.pdf`."""
    render: Renderer
    per_layout: bool = False
    """True for a format made once per layout (`raqqa-one-page.pdf`); else once per audience
    (`raqqa-journalist.txt`)."""
    description: str = ""


FORMATS: dict[str, OutputFormat] = {}
"""Every format `make` can build, by name, in the order `all` builds them."""
ALL = "all"
SPELLED_OUT = {"markdown": "md", "text": "txt", "image": "png", "picture": "png", "share": "card"}
"""Words a user may mean a format by: a misspelt one suggests the format (`mardown` → `md`)."""


def register(output_format: OutputFormat) -> None:
    """Make `output_format` buildable by its name."""
    FORMATS[output_format.name] = output_format


def suffixes() -> frozenset[str]:
    """The endings of every file a format may write."""
    return frozenset(f.suffix for f in FORMATS.values())


def parse(text: str) -> tuple[str, ...]:
    """The formats a `--format` value names (`pdf,txt`, `all`), each once, in the order given;
    `BriefingError` naming each unknown one, with the closest known name."""
    names = [name.strip() for name in text.split(",")]
    if ALL in names:
        return tuple(FORMATS)
    known = [*FORMATS, ALL]
    problems = []
    for name in names:
        if name not in FORMATS:
            import difflib  # on a mistake only

            close = difflib.get_close_matches(name, [*known, *SPELLED_OUT], n=1, cutoff=0.4)
            meant = SPELLED_OUT.get(close[0], close[0]) if close else None
            hint = f"; did you mean {meant!r}?" if meant else ""
            problems.append(
                f"briefing: --format: unknown format {name!r} (formats: {', '.join(known)}){hint}"
            )
    if problems:
        raise BriefingError("\n".join(problems))
    return tuple(dict.fromkeys(names))


def chosen(names: Iterable[str]) -> list[OutputFormat]:
    return [FORMATS[name] for name in names]


def _laid_out(source: Source) -> tuple[bytes, int]:
    """The PDF of the source's layout, and its pages, laid out once per build."""
    assert source.layout is not None
    key = (id(source.design), source.layout)
    if key not in source.laid_out:
        source.laid_out[key] = source.lay_out(source.loaded, source.layout, source.design)
    return source.laid_out[key]


def _pdf(source: Source) -> list[Rendered]:
    data, pages = _laid_out(source)
    return [Rendered(data, pages)]


def _html(source: Source) -> list[Rendered]:
    from ..model.resolve import resolve
    from ..spec.assets import AssetError
    from .htmlout import to_html

    brief = resolve(source.loaded, source.design)
    try:
        html = to_html(brief, colors=source.design.theme.colors, words=source.design.words)
    except AssetError as err:
        raise BriefingError(f"{source.loaded.path}: {err}") from None
    return [Rendered(html.encode("utf-8"))]


def _png(source: Source) -> list[Rendered]:
    from .pictures import page_images

    data, _ = _laid_out(source)
    images = page_images(data, dpi=source.dpi)
    return [Rendered(png, 0, f"p{n}") for n, png in enumerate(images, start=1)]


def _card(source: Source) -> list[Rendered]:
    from .sharecard import share_card

    return [Rendered(share_card(source.loaded, source.design), 0, "card")]


def _txt(source: Source) -> list[Rendered]:
    from ..model.resolve import resolve
    from .textout import to_text

    return [Rendered(to_text(resolve(source.loaded, source.design)).encode("utf-8"))]


def _md(source: Source) -> list[Rendered]:
    from ..model.resolve import resolve
    from .textout import to_markdown

    return [Rendered(to_markdown(resolve(source.loaded, source.design)).encode("utf-8"))]


register(OutputFormat("pdf", ".pdf", _pdf, per_layout=True, description="print-ready PDF"))
register(OutputFormat("txt", ".txt", _txt, description="plain text, 72 columns"))
register(OutputFormat("md", ".md", _md, description="Markdown"))
register(OutputFormat("html", ".html", _html, description="accessible HTML, one file"))
register(OutputFormat("png", ".png", _png, per_layout=True, description="page pictures (--dpi)"))
register(OutputFormat("card", ".png", _card, description="a 1200x630 share card"))
