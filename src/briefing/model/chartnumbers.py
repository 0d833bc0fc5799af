"""Turn a spec's charts into the numbers every output draws and describes them with: each bar's
number and printed value, a proportion's share and its sentence, and the short name of a source
that has no publisher.

A bar can plot a key figure by its id: its number is read from the figure's printed value with
the grammar of the spec's language, the same reading that validated it (`numbers.py`), and its
printed value is what labels the bar, so a number is never typed twice nor plotted otherwise
than it reads. A proportion prints its part's own words (`nearly 80%`); a share it computes from
a part and a whole carries the direction of their qualifiers (`159` of `more than 1,600` is
`less than 10%`) and its note says it was computed. The PDF's drawings (`layout/charts.py`),
the model's alt text and the HTML read these same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..design.i18n import Catalogue, words
from ..spec.numbers import direction_of, format_number, read_number, share_direction, share_words
from ..spec.records import Chart, Figure
from ..spec.spec import Spec

SHORT_TITLE = 40
"""The most characters of a source's title that name it under a chart when it has no
publisher; a longer title is cut at a word and ends with an ellipsis."""


@dataclass(frozen=True)
class Bar:
    label: str
    number: float
    shown: str
    """The number as printed: the figure's own value, with its qualifier."""


@dataclass(frozen=True)
class Share:
    """What a proportion chart shows: the part's share of the whole (0 to 1), the share as
    printed and the words before it (`nearly`, `less than`), and the note under the chart."""

    fraction: float
    shown: str
    qualifier: str | None
    caption: str


def _figures(spec: Spec) -> dict[str, Figure]:
    return {f.id: f for f in spec.figures if f.id}


def _shown(figure: Figure) -> str:
    return f"{figure.qualifier} {figure.value}" if figure.qualifier else figure.value


def _number(spec: Spec, figure: Figure) -> float:
    """A charted figure's number, read as validation read it (validation refused the rest)."""
    number = read_number(figure.value, language=spec.language).number
    assert number is not None
    return number


def bars_of(spec: Spec, chart: Chart, catalogue: Catalogue | None = None) -> list[Bar]:
    """The bars of a `bars` chart, numbers resolved from key figures; a bar's own number
    printed as the spec's language writes it, in the template's digits."""
    catalogue = catalogue or words(spec.language)
    figures = _figures(spec)
    bars = []
    for bar in chart.bars:
        if bar.figure:
            figure = figures[bar.figure]
            bars.append(Bar(bar.label or figure.label, _number(spec, figure), _shown(figure)))
        else:
            assert bar.value is not None and bar.label is not None
            shown = catalogue.digitised(format_number(bar.value, language=spec.language))
            bars.append(Bar(bar.label, bar.value, shown))
    return bars


def share_of(spec: Spec, chart: Chart, catalogue: Catalogue | None = None) -> Share:
    """The share a `proportion` chart shows. A part alone is a percentage, printed as its
    figure is (`nearly` `80%`, caption 'nearly 80% of the city destroyed'); a part of a whole
    is computed, with the direction its figures' qualifiers give it (`less than` `10%`,
    caption '159 of more than 1,600 civilians killed (share computed from these figures)'),
    in the words of the catalogue (default: the spec's language's) and its digits."""
    catalogue = catalogue or words(spec.language)
    figures = _figures(spec)
    assert chart.part is not None
    part = figures[chart.part]
    if chart.whole is None:
        caption = catalogue.say("charts.share", share=_shown(part), label=part.label)
        return Share(_number(spec, part) / 100, part.value, part.qualifier, caption)
    whole = figures[chart.whole]
    fraction = _number(spec, part) / _number(spec, whole)
    direction = share_direction(direction_of(part.qualifier), direction_of(whole.qualifier))
    qualifier, shown = share_words(fraction, direction, language=spec.language)
    caption = catalogue.say(
        "charts.computed_share", part=_shown(part), whole=_shown(whole), label=whole.label
    )
    return Share(fraction, catalogue.digitised(shown), qualifier, caption)


def short_title(title: str) -> str:
    """`title` in at most `SHORT_TITLE` characters: cut after the last whole word that fits
    (short words such as `and`, `of` do not end it) and followed by an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= SHORT_TITLE:
        return title
    kept = title[: SHORT_TITLE + 1].split(" ")[:-1] or [title[:SHORT_TITLE]]
    while len(kept) > 1 and len(kept[-1].strip(",;:")) <= 3:
        kept.pop()
    return " ".join(kept).rstrip(",;:") + "\u2026"
