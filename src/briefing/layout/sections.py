"""Turn a block name (`summary`, `demands`, `talking_points`...) into the flowables of that block.

Templates arrange blocks by name; this module is where each name is built, once for both
layouts. A block with nothing to show gives no flowables, heading included, so an arrangement
can list blocks a spec does not fill. In the multi-page layout every heading is also a PDF
bookmark, and every block announces itself so that a layout failure can name it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..design import direction
from ..design.design import Design
from ..design.i18n import Catalogue
from ..design.runts import unbind
from ..spec import markup
from ..spec.assets import ImageAsset
from ..spec.spec import LayoutName, Spec
from . import blocks, keyfigures, pagination, tagging, visualblocks
from .guards import BlockMarker
from .memo import interned
from .paragraphs import para

WIDE = 420.0
"""Lists and source notes in a region at least this wide are set in two balanced columns on the
one-page brief."""
GUTTER = 18.0
"""Space between those two columns."""


class OutlineEntry(Flowable):
    """Marks a point in the story as a bookmark of the PDF outline; draws nothing."""

    _ZEROSIZE = True
    _SPACETRANSFER = True

    def __init__(self, title: str, level: int, key: str) -> None:
        super().__init__()
        self.title, self.level, self.key = title, level, key
        self.width = self.height = 0
        self.keepWithNext = True

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(unbind(self.title), self.key, level=self.level, closed=False)


@dataclass
class BlockContext:
    """What a block builder needs: the spec as this audience reads it, the design, the room."""

    spec: Spec
    design: Design
    layout: LayoutName
    width: float
    lead: bool = False
    """True for the first block of the one-page main column."""
    images: Mapping[str, ImageAsset] = field(default_factory=dict)
    """Decoded images by key path (`images[0]`)."""

    @property
    def multi_page(self) -> bool:
        return self.layout == "multi-page"

    @property
    def words(self) -> Catalogue:
        return self.design.words

    def heading(self, block: str, *, style: str = "section.heading") -> list[Flowable]:
        """The block's heading; in the multi-page layout also its bookmark."""
        title = self.design.title(block)
        flow: list[Flowable] = [BlockMarker(block)]
        if self.multi_page:
            flow.append(OutlineEntry(title, 0, block))
        flow.append(blocks.heading(title, self.design.theme, style=style))
        return flow


def summary(ctx: BlockContext) -> list[Flowable]:
    theme = ctx.design.theme
    body = blocks.rich(ctx.spec.summary, theme, "summary")
    if ctx.multi_page or not ctx.lead or ctx.design.audience:
        return ctx.heading("summary") + body
    return [BlockMarker("summary"), *body]


def figures(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.figures:
        return []
    theme = ctx.design.theme
    if ctx.width < 300:
        return ctx.heading("figures") + keyfigures.figures_stack(
            ctx.spec, theme, words=ctx.words, width=ctx.width
        )
    band = keyfigures.figures_band(ctx.spec, theme, width=ctx.width, words=ctx.words)
    if ctx.multi_page:  # the band never splits: each value stays above its label
        return ctx.heading("figures") + [KeepTogether(band)]
    return [BlockMarker("figures"), *band]


def findings(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.findings:
        return []
    theme = ctx.design.theme
    flow = ctx.heading("findings")
    for i, finding in enumerate(ctx.spec.findings):
        flow.append(BlockMarker(f"findings[{i}]"))
        if ctx.multi_page:
            flow.append(OutlineEntry(finding.heading, 1, f"finding-{i + 1}"))
        flow.append(blocks.heading(finding.heading, theme, style="finding.heading"))
        cited = blocks.cite(ctx.spec, finding.sources, theme, words=ctx.words)
        flow += blocks.rich(finding.text, theme, "body", suffix=cited)
    return flow


def quote(ctx: BlockContext) -> list[Flowable]:
    """The pull quote: the first quote, without a heading."""
    if not ctx.spec.quotes:
        return []
    return [
        BlockMarker("quotes[0]"),
        *_whole(
            ctx,
            blocks.quote_block(
                ctx.spec,
                ctx.spec.quotes[0],
                ctx.design.theme,
                width=ctx.width,
                words=ctx.words,
                translated=0 in ctx.design.translated_quotes,
            ),
        ),
        Spacer(0, ctx.design.theme.space(10)),
    ]


def _whole(ctx: BlockContext, flow: list[Flowable]) -> list[Flowable]:
    """`flow` kept on one page of the multi-page brief, unless it is taller than a page."""
    return [KeepTogether(flow)] if ctx.multi_page else flow


def quotes(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.quotes:
        return []
    flow = ctx.heading("quotes")
    for i, item in enumerate(ctx.spec.quotes):
        flow.append(BlockMarker(f"quotes[{i}]"))
        flow += _whole(
            ctx,
            blocks.quote_block(
                ctx.spec,
                item,
                ctx.design.theme,
                width=ctx.width,
                words=ctx.words,
                translated=i in ctx.design.translated_quotes,
            ),
        )
        flow.append(Spacer(0, ctx.design.theme.space(8)))
    return flow


def demands(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.demands:
        return []
    theme = ctx.design.theme
    if ctx.multi_page:
        title = ctx.design.title("demands")
        box = blocks.ask_panel(
            ctx.spec, theme, width=ctx.width, words=ctx.words, title=title, pad=14
        )
        return ctx.heading("demands") + [box]
    box = blocks.ask_box(
        ctx.spec, theme, width=ctx.width, words=ctx.words, title=ctx.design.title("demands")
    )
    return [BlockMarker("demands"), box, Spacer(0, theme.space(10))]


def _list_block(name: str, *, numbered: bool = False) -> Callable[[BlockContext], list[Flowable]]:
    def build(ctx: BlockContext) -> list[Flowable]:
        items: list[str] = getattr(ctx.spec, name)
        if not items:
            return []
        theme, words = ctx.design.theme, ctx.words
        if ctx.multi_page or ctx.width < WIDE or len(items) < 2:
            return ctx.heading(name) + blocks.bullet_list(
                items, theme, words=words, numbered=numbered
            )
        entries = blocks.bullet_list(items, theme, words=words, numbered=numbered)
        return ctx.heading(name) + [_two_columns(entries, ctx)]

    build.__name__ = name
    return build


def methodology(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.methodology:
        return []
    return ctx.heading("methodology") + blocks.rich(ctx.spec.methodology, ctx.design.theme, "body")


TIMELINE_SPACE_AFTER = 12.0
"""Points between the timeline's rule and the block below it (an image, often)."""


def timeline(ctx: BlockContext) -> list[Flowable]:
    """Dated events down a rule: the date in the accent colour, then what happened."""
    if not ctx.spec.timeline:
        return []
    theme = ctx.design.theme
    # the cell is the measure
    in_cell = interned(theme.restyled({"list.text": {"right_indent": 0.0}}))
    date_width = min(64.0, ctx.width * 0.3)
    rows = [
        [
            para(markup.plain(event.date), theme["timeline.date"]),
            blocks.rich(event.text, in_cell, "list.text"),
        ]
        for event in ctx.spec.timeline
    ]
    table = direction.grid_table(
        rows,
        [date_width, ctx.width - date_width],
        theme,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBEFORE", (1, 0), (1, -1), 1.5, theme.color("accent")),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("LEFTPADDING", (1, 0), (1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), theme.space(5)),
        ],
    )
    table.spaceAfter = theme.space(TIMELINE_SPACE_AFTER)
    return ctx.heading("timeline") + [table]


ENDS_SPACE = 6.0
"""Points above and below "ENDS"."""


def ends(ctx: BlockContext) -> list[Flowable]:
    """ "ENDS" on a line of its own after a press release's story, in the brief's language: what
    follows (media contacts, notes to editors, sources) is not for print. Nothing on a brief
    with no story to end."""
    if not ctx.spec.summary:
        return []
    theme = ctx.design.theme
    mark = blocks.text(ctx.words.say("press.ends"), theme, "press.ends")
    mark.keepWithNext = False
    space = theme.space(ENDS_SPACE)
    return [BlockMarker("ends"), Spacer(0, space), mark, Spacer(0, space)]


def contacts(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.contacts:
        return []
    return ctx.heading("contacts") + blocks.contacts(ctx.spec, ctx.design.theme)


def sources(ctx: BlockContext) -> list[Flowable]:
    if not ctx.spec.sources:
        return []
    theme = ctx.design.theme
    notes = blocks.sources(ctx.spec, theme, words=ctx.words)
    if ctx.multi_page:
        return ctx.heading("sources") + notes
    rule = blocks.rule(theme, width=ctx.width, space=8, after=2)
    if ctx.width < WIDE or len(notes) < 2:
        return [BlockMarker("sources"), rule, *notes]
    return [BlockMarker("sources"), rule, _two_columns(notes, ctx)]


def _two_columns(entries: list[Flowable], ctx: BlockContext) -> Flowable:
    """`entries` in two columns, down the first and on down the second, split where the
    columns come closest to the same height (the first, if either, the taller)."""
    column = (ctx.width - GUTTER) / 2
    heights = [e.wrap(column, ctx.width * 100)[1] + e.getSpaceAfter() for e in entries]
    split = min(
        range(1, len(entries)),
        key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), -k),
    )
    return direction.grid_table(
        [[entries[:split], entries[split:]]],
        [column + GUTTER, column],
        ctx.design.theme,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *[
                (side, (0, 0), (-1, -1), 0)
                for side in ("LEFTPADDING", "TOPPADDING", "BOTTOMPADDING")
            ],
            ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ],
    )


Builder = Callable[[BlockContext], list[Flowable]]


def _figures(build: Builder) -> Builder:
    """`build`, whose figures (what it keeps together) may, in the multi-page brief, shrink
    to fit the rest of a page or float to the top of the next (`pagination.Figure`)."""

    def figures(ctx: BlockContext) -> list[Flowable]:
        flow = build(ctx)
        if not ctx.multi_page:
            return flow
        kept = [i for i, flowable in enumerate(flow) if isinstance(flowable, KeepTogether)]
        for n, i in enumerate(kept):
            rebuild = partial(_figure_at_scale, build, ctx, n, list(flow[i]._content))
            flow[i] = pagination.Figure(list(flow[i]._content), rebuild=rebuild)
        return flow

    figures.__name__ = build.__name__
    return figures


def _figure_at_scale(
    build: Builder, ctx: BlockContext, n: int, original: list[Flowable], scale: float
) -> list[Flowable]:
    """The `n`th figure of `build`, its drawing or image `scale` times its size, tagged and in
    the reading order of the `original` it replaces."""
    design = dataclasses.replace(ctx.design, chart_scale=ctx.design.chart_scale * scale)
    flow = _tagged(build.__name__, build(dataclasses.replace(ctx, design=design)), ctx)
    kept = [flowable for flowable in flow if isinstance(flowable, KeepTogether)]
    return tagging.same_order(list(kept[n]._content), original)


BUILDERS: dict[str, Builder] = {
    "summary": summary,
    "figures": figures,
    "findings": findings,
    "quote": quote,
    "quotes": quotes,
    "demands": demands,
    "talking_points": _list_block("talking_points"),
    "targets": _list_block("targets"),
    "actions": _list_block("actions"),
    "notes_to_editors": _list_block("notes_to_editors", numbered=True),
    "methodology": methodology,
    "contacts": contacts,
    "ends": ends,
    "sources": sources,
    "charts": _figures(visualblocks.charts_block),
    "timeline": timeline,
    "images": _figures(visualblocks.images_block),
    "qr": visualblocks.qr_codes,
}


def build_block(name: str, ctx: BlockContext) -> list[Flowable]:
    """The flowables of block `name`, tagged (`tagging.tag_block`); empty when the spec has
    nothing for it."""
    return _tagged(name, BUILDERS[name](ctx), ctx)


def _tagged(name: str, flow: list[Flowable], ctx: BlockContext) -> list[Flowable]:
    return tagging.tag_block(
        name, flow, spec=ctx.spec, words=ctx.words, kept=ctx.design.kept_languages
    )
