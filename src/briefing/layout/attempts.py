"""Turn a design into the designs the one-page fitter tries, loosest first.

Tighter spacing, then charts shrunk to their smallest readable size, then type shrunk step by
step to the floor (`BODY_FLOOR_PT` for body text, `NOTE_FLOOR_PT` for notes), each with the
side column wide enough to keep the main column's measure; each attempt with what its
tightening costs (`attempt_cost`), so that `fitting.py` can weigh it against a placement's.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..design.design import Design
from ..design.theme import BODY_FLOOR_PT, BODY_STYLE, Theme
from .grid import GUTTER
from .memo import interned

SPACINGS = (1.0, 0.9, 0.8, 0.7, 0.6)
CHART_SCALES = (1.0, 0.85, 0.7)
"""Charts shrink to 70% of their height (their smallest readable size) before type shrinks."""
LAST_RESORT = 0.5
"""Spacing tried last, with type at the floor: tighter than any page a designer would choose
while the type can still shrink."""
LADDER = [(s, 1.0) for s in SPACINGS] + [(SPACINGS[-1], c) for c in CHART_SCALES[1:]]
"""Spacing and chart scale from the loosest to the tightest, at one type size."""
_FIXED_TYPE = len(LADDER)
NOTE_FLOOR_PT = 6.5
"""Source notes, chart notes and labels stop shrinking here while body text goes on to
`BODY_FLOOR_PT`."""
MEASURE = 72
"""The most characters of body text (of average width) a line of the main column holds once
type shrinks: the side column widens instead, up to `SIDE_MOST` of the page's width."""
SIDE_MOST = 0.45
SIDE_LEAST = 0.25
SIDE_LEAST = 0.25
SAMPLE = "The coalition acknowledged responsibility for 159 civilian deaths, about a tenth."
"""Text whose average character width stands for a body line's."""


def attempt_cost(design: Design) -> float:
    """What an attempt's tightening costs: 1 for each tenth of spacing taken away, 1.5 for
    charts shrunk by 15%; a placement adds what its moves cost (`placement.MOVE_COST`)."""
    return (1.0 - design.theme.spacing) * 10 + (1.0 - design.chart_scale) * 10


def floored(theme: Theme) -> Theme:
    """`theme` with no style below `NOTE_FLOOR_PT` that is not smaller than it at full size:
    source notes and chart notes stop shrinking there while the body goes on. The same theme
    object as an earlier fit's, when equal (`memo.interned`)."""
    changes: dict[str, dict[str, Any]] = {
        name: {"size": NOTE_FLOOR_PT / theme.scale}
        for name, style in theme.styles.items()
        if style.size * theme.scale < NOTE_FLOOR_PT <= style.size
    }
    return interned(theme.restyled(changes) if changes else theme)


def attempts(design: Design) -> list[Design]:
    """Designs to try, loosest first: tighter spacing, then smaller charts down to their
    smallest readable size, then smaller type down to the floor, each with the side column
    wide enough to keep the main column's measure (`measured`); last, the floor with the
    designed columns, should the measure not fit. The first `_FIXED_TYPE` keep the type at
    full size."""
    base = design.theme
    floor_scale = BODY_FLOOR_PT / base.styles[BODY_STYLE].size
    tight = SPACINGS[-1]
    attempts = [(base.scaled(scale=1.0, spacing=s), 1.0) for s in SPACINGS]
    attempts += [(base.scaled(scale=1.0, spacing=tight), c) for c in CHART_SCALES[1:]]
    scale = 1.0
    while scale - 0.02 >= floor_scale - 1e-9:
        scale = round(scale - 0.02, 4)
        attempts.append((base.scaled(scale=scale, spacing=tight), CHART_SCALES[-1]))
    if attempts[-1][0].scale > floor_scale:
        attempts.append((base.scaled(scale=floor_scale, spacing=tight), CHART_SCALES[-1]))
    attempts.append((base.scaled(scale=floor_scale, spacing=LAST_RESORT), CHART_SCALES[-1]))
    designed = [
        dataclasses.replace(design, theme=floored(theme), chart_scale=charts)
        for theme, charts in attempts
    ]
    return [measured(d) for d in designed] + [d for d in designed[-2:] if measured(d) != d]


def measured(design: Design) -> Design:
    """`design`, or on shrunk type the same with a wider side column, so that the main column
    holds at most `MEASURE` characters a line."""
    theme = design.theme
    if theme.scale >= 1:
        return design
    body = theme.styles[BODY_STYLE]
    each = stringWidth(SAMPLE, theme.font(body.family, body.face), theme.size(BODY_STYLE))
    widest = MEASURE * each / len(SAMPLE)
    inner = design.page_size[0] - 2 * design.margin
    if inner * (1 - design.side_share) - GUTTER <= widest:
        return design
    share = min(SIDE_MOST, (inner - GUTTER - widest) / inner)
    return dataclasses.replace(design, side_share=max(share, design.side_share))
