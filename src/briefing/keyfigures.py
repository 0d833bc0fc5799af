"""Turn a spec's key figures into flowables: a band of figures side by side across the page, or
a stack of them down a narrow column.

Each figure is its qualifier, its value in large type, and its label with the citation of its
source.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from . import markup
from .blocks import cite, text
from .direction import grid_table
from .i18n import Catalogue
from .paragraphs import para
from .spec import Spec
from .theme import Theme


def figures_stack(spec: Spec, theme: Theme, *, words: Catalogue) -> list[Flowable]:
    """The key figures one under another, for a narrow column."""
    story: list[Flowable] = []
    for figure in spec.figures:
        if figure.qualifier:
            story.append(text(figure.qualifier, theme, "figure.qualifier"))
        story.append(text(figure.value, theme, "figure.value"))
        story.append(
            para(
                markup.plain(figure.label) + cite(spec, [figure.source], theme, words=words),
                theme["figure.label"],
            )
        )
        story.append(Spacer(0, theme.space(8)))
    return story


def figures_band(spec: Spec, theme: Theme, *, width: float, words: Catalogue) -> list[Flowable]:
    """The key figures side by side: qualifier, large value, label with its citation."""
    if not spec.figures:
        return []
    cells = []
    pad = 8 * theme.scale
    value_style = _fitted_value_style(spec, theme, room=width / len(spec.figures) - 2 * pad)
    for figure in spec.figures:
        qualifier = markup.plain(figure.qualifier) if figure.qualifier else "&nbsp;"
        cells.append(
            [
                para(qualifier, theme["figure.qualifier"]),
                para(markup.plain(figure.value), value_style),
                Spacer(0, 3 * theme.scale),
                para(
                    markup.plain(figure.label) + cite(spec, [figure.source], theme, words=words),
                    theme["figure.label"],
                ),
            ]
        )
    count = len(cells)
    return [
        grid_table(
            [cells],
            [width / count] * count,
            theme,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), theme.space(8)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), theme.space(9)),
                ("LINEABOVE", (0, 0), (-1, 0), 1.5, theme.color("ink")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, theme.color("rule")),
                ("LINEBEFORE", (1, 0), (-1, 0), 0.5, theme.color("rule")),
            ],
        )
    ]


def _fitted_value_style(spec: Spec, theme: Theme, *, room: float) -> Any:
    """The figure value style, shrunk so that the widest value fits its cell on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = theme["figure.value"]
    widest = max(stringWidth(f.value, style.fontName, style.fontSize) for f in spec.figures)
    if widest <= room:
        return style
    size = style.fontSize * room / widest
    return style.clone(f"{style.name}.fitted", fontSize=size, leading=size * 1.05)
