"""Turn a spec's charts, images and QR codes into the flowables of their blocks.

Each chart comes with its title, the drawing and a note naming what it counts and its source,
kept together so that a page break never parts them; each image with its caption and credit;
each QR code with the title and address it leads to, and white around it (its quiet zone) for
a phone to find it. Every source or credit line is set the same way: on its own line under the
caption, `Source: PUBLISHER (note N)` with the note linked to the source's endnote, a source
without a publisher named by its title (shortened to `SHORT_TITLE` characters).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..bounded import Bounded
from ..model.chartnumbers import SHORT_TITLE as SHORT_TITLE
from ..model.chartnumbers import short_title
from ..spec import markup
from . import bignumbers, blocks, charts, charttext
from .guards import BlockMarker
from .memo import theme_key
from .paragraphs import para

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from ..spec.records import Chart
    from .sections import BlockContext

QR_SIZE = 72.0
"""A QR code's side, in points, without its quiet zone."""
QUIET_MODULES = 4
"""The white a QR code needs on every side for a reader to find it, in modules: above and
below it is kept here; beside it, the gutter or the page margin (both wider) keeps it."""
CACHED_DRAWINGS = 32
CACHED_SHAPES = 10_000
"""The bounds of the drawings kept across fitting attempts and builds: drawings, and the shapes
they hold in all (a proportion's grid is ~300)."""
_DRAWN: Bounded[Drawing] = Bounded(entries=CACHED_DRAWINGS, size=CACHED_SHAPES)


def charts_block(ctx: BlockContext) -> list[Flowable]:
    """Each chart with its title, the drawing, and a note naming what it counts and its source,
    the three kept together."""
    if not ctx.spec.charts:
        return []
    theme, words, width = ctx.design.theme, ctx.words, ctx.width
    flow = ctx.heading("charts") if ctx.multi_page else [BlockMarker("charts")]
    for i, chart in enumerate(ctx.spec.charts):
        notes = []
        if chart.kind == "proportion":
            share = charts.share_of(ctx.spec, chart, words)
            notes.append(_sentence(share.caption))
        drawing = _drawing(ctx, chart)
        if chart.axis:
            notes.append(_sentence(chart.axis))
        caption = None
        if notes:
            style = theme["chart.note"]
            caption = ". ".join(notes) + "."
            caption = markup.plain(charttext.bound(caption, width=width, style=style))
        source = source_line(ctx, chart.source) if chart.source else None
        flow += [
            BlockMarker(f"charts[{i}]"),
            *_together(
                ctx,
                [
                    blocks.heading(chart.title, theme, style="chart.title"),
                    drawing,
                    _note(ctx, caption, source),
                ],
            ),
        ]
    return flow


def _drawing(ctx: BlockContext, chart: Chart) -> Drawing:
    """The drawing of `chart` in the reader's direction (`charts.directed`), drawn once for
    its numbers, the theme (but its spacing, which no drawing reads), the width and the chart
    scale; each use directs and tags shapes of its own."""
    theme, scale, words, width = ctx.design.theme, ctx.design.chart_scale, ctx.words, ctx.width
    data: Any
    if chart.kind == "bars":
        data = tuple(charts.bars_of(ctx.spec, chart, words))
    elif chart.kind == "grouped-bars":
        return charts.directed(
            charts.draw_grouped(chart, theme, width=width, scale=scale, words=words), theme
        )
    else:
        data = charts.share_of(ctx.spec, chart, words)
    key = (chart.kind, data, theme_key(theme), width, scale)
    drawing = _DRAWN.get(key)
    if drawing is None:
        if chart.kind == "bars":
            drawing = charts.draw_bars(list(data), theme, width=width, scale=scale)
        else:
            drawing = bignumbers.draw_proportion(data, theme, width=width, scale=scale)
        _DRAWN.put(key, drawing, size=len(charts._nodes(drawing)))
    return charts.directed(_copied(drawing), theme)


def _copied(group: Any) -> Any:
    """`group` and every shape in it copied (`charts.directed` moves shapes and sets their
    text anew, in place), their other attributes shared."""
    copied = copy.copy(group)
    if hasattr(group, "contents"):
        copied.contents = [_copied(node) for node in group.contents]
    return copied


def source_line(ctx: BlockContext, source_id: str) -> str:
    """Markup for the line naming a chart's source: `Source: PUBLISHER (note N)`, or its
    shortened title for a source without a publisher, the note linked to the source's
    endnote."""
    theme, words = ctx.design.theme, ctx.words
    source = next(s for s in ctx.spec.sources if s.id == source_id)
    number = ctx.spec.source_number(source_id)
    note = words.say("charts.note", number=number).replace(" ", "\u00a0")
    link = markup.link(
        markup.plain(note), f"#{blocks.source_anchor(number)}", color=theme.hex("link")
    )
    name = source.publisher or short_title(source.title)
    return words.say_markup("charts.source", source=f"{markup.plain(name)} ({link})")


def _note(ctx: BlockContext, caption: str | None, source: str | None) -> Flowable:
    """The note under a chart or an image: its caption, then its source or credit on a line of
    its own."""
    lines = [line for line in (caption, source) if line]
    return para("<br/>".join(lines), ctx.design.theme["chart.note"])


def _together(ctx: BlockContext, flowables: list[Flowable]) -> list[Flowable]:
    """`flowables` kept on one page of a multi-page brief (a one-page brief has no breaks)."""
    return [KeepTogether(flowables)] if ctx.multi_page else flowables


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def images_block(ctx: BlockContext) -> list[Flowable]:
    """Each image at the column's width (narrower when charts shrink to fit, and at most a third
    of a page tall), with its caption and credit; the alt text stays in the model."""
    if not ctx.spec.images:
        return []
    theme = ctx.design.theme
    flow: list[Flowable] = [BlockMarker("images")]
    for i, picture in enumerate(ctx.spec.images):
        asset = ctx.images[f"images[{i}]"]
        room = ctx.width
        width = room * ctx.design.chart_scale
        height = width * asset.height / asset.width
        limit = ctx.design.page_size[1] / 3
        if height > limit:
            width, height = width * limit / height, limit
        image = blocks.picture(asset, theme, width=width, height=height)
        caption = markup.plain(picture.caption or ("" if picture.credit else picture.alt))
        credit = markup.plain(picture.credit) if picture.credit else None
        flow += [
            BlockMarker(f"images[{i}]"),
            *_together(ctx, [image, _note(ctx, caption, credit)]),
        ]
    return flow


def qr_codes(ctx: BlockContext) -> list[Flowable]:
    """A QR code for each source marked `qr: true`, with its title and URL beneath."""
    marked = [s for s in ctx.spec.sources if s.qr and s.url]
    if not marked:
        return []
    from reportlab.graphics.barcode.qr import QrCodeWidget

    theme = ctx.design.theme
    flow = ctx.heading("qr")
    for source in marked:
        assert source.url is not None
        widget = QrCodeWidget(source.url, barLevel="M", barBorder=0)
        widget.qr.make()
        quiet = QUIET_MODULES * QR_SIZE / widget.qr.getModuleCount()
        x0, y0, x1, y1 = widget.getBounds()
        drawing = charttext.new_drawing(
            QR_SIZE,
            QR_SIZE,
            theme,
            transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0],
        )
        widget.barFillColor = theme.color("ink")
        drawing.add(widget)
        link = markup.link(markup.plain(source.url), source.url, color=theme.hex("link"))
        flow += _together(
            ctx,
            [
                Spacer(0, quiet),
                drawing,
                Spacer(0, quiet),
                para(f"{markup.plain(source.title)}<br/>{link}", theme["chart.note"]),
            ],
        )
    return flow
