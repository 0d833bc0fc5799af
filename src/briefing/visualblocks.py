"""Turn a spec's charts, images and QR codes into the flowables of their blocks.

Each chart comes with its title, the drawing and a note naming what it counts and its source;
each image with its caption and credit; each QR code with the title and address it leads to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from . import blocks, charts, markup
from .guards import BlockMarker
from .paragraphs import para

if TYPE_CHECKING:
    from .sections import BlockContext


def charts_block(ctx: BlockContext) -> list[Flowable]:
    """Each chart with its title, the drawing, and a line naming what it counts and its source."""
    if not ctx.spec.charts:
        return []
    theme, scale, words = ctx.design.theme, ctx.design.chart_scale, ctx.words
    width = min(ctx.width, blocks.TEXT_MEASURE + 40) if ctx.multi_page else ctx.width
    flow = ctx.heading("charts") if ctx.multi_page else [BlockMarker("charts")]
    for i, chart in enumerate(ctx.spec.charts):
        notes = []
        if chart.kind == "bars":
            drawing = charts.draw_bars(
                charts.bars_of(ctx.spec, chart, words), theme, width=width, scale=scale
            )
        elif chart.kind == "grouped-bars":
            drawing = charts.draw_grouped(chart, theme, width=width, scale=scale, words=words)
        else:
            share = charts.share_of(ctx.spec, chart, words)
            drawing = charts.draw_proportion(share, theme, width=width, scale=scale)
            notes.append(markup.plain(_sentence(share.caption)))
        drawing = charts.directed(drawing, theme)
        if chart.axis:
            notes.append(markup.plain(_sentence(chart.axis)))
        if chart.source:
            source = next(s for s in ctx.spec.sources if s.id == chart.source)
            number = ctx.spec.source_number(chart.source)
            if source.publisher:
                cited = blocks.cite(ctx.spec, [chart.source], theme, words=words)
                notes.append(
                    words.say_markup("charts.source", source=markup.plain(source.publisher) + cited)
                )
            else:
                anchor = f"#{blocks.source_anchor(number)}"
                note = words.say("charts.note", number=number).replace(" ", "\u00a0")
                link = markup.link(markup.plain(note), anchor, color=theme.hex("link"))
                notes.append(words.say_markup("charts.source", source=link))
        flow += [
            BlockMarker(f"charts[{i}]"),
            blocks.heading(chart.title, theme, style="chart.title"),
            drawing,
            para(". ".join(notes) if notes else "", theme["chart.note"]),
        ]
    return flow


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
        room = min(ctx.width, blocks.TEXT_MEASURE + 40) if ctx.multi_page else ctx.width
        width = room * ctx.design.chart_scale
        height = width * asset.height / asset.width
        limit = ctx.design.page_size[1] / 3
        if height > limit:
            width, height = width * limit / height, limit
        image = blocks.picture(asset, theme, width=width, height=height)
        note = " ".join(markup.plain(p) for p in (picture.caption, picture.credit) if p)
        flow += [
            BlockMarker(f"images[{i}]"),
            image,
            para(note or markup.plain(picture.alt), theme["chart.note"]),
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
    size = 72.0
    for source in marked:
        assert source.url is not None
        widget = QrCodeWidget(source.url, barLevel="M", barBorder=0)
        x0, y0, x1, y1 = widget.getBounds()
        drawing = charts.new_drawing(
            size, size, theme, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0]
        )
        widget.barFillColor = theme.color("ink")
        drawing.add(widget)
        link = markup.link(markup.plain(source.url), source.url, color=theme.hex("link"))
        flow += [
            drawing,
            Spacer(0, 3),
            para(f"{markup.plain(source.title)}<br/>{link}", theme["chart.note"]),
        ]
    return flow
