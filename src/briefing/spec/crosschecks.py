"""Turn a validated spec tree into the problems no single field can show: field formats
(web addresses, email addresses, language tags), charts that cannot be drawn from the spec's
numbers, chart numbers and key figures whose value reads more than one way, and QR codes too
long to read. (Citations are checked in `references.py`.)

All work on what `validate.py` has already walked; the chart-number check reads the YAML nodes
rather than the model, so that it runs, and reports, even when other parts of the spec are
invalid. A key figure's number is read here, once, with the grammar of the spec's `language`
(`numbers.py`): what the chart plots is what the printed figure says (`1,600` → 1600, `80%` →
80, `2 million` → 2,000,000 in English; `1 600`, `80 %`, `1,34 million` in French).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, Protocol

from . import markup, numbers
from .numbers import format_number
from .records import Chart, ChartSeries, Figure
from .spec import Spec
from .yamlsource import MappingNode, Node, ScalarNode, SequenceNode

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_THREE_DECIMALS = re.compile(r"[1-9]\d{0,2}\.\d{3}")
MAX_CHART_NUMBER = 1e12
"""The largest number a chart plots: it prints as `1,000,000,000,000`, which still fits."""
MAX_QR_BYTES = 1_000
"""The longest web address (in UTF-8 bytes) a QR code is drawn for: a code holds about 2,200,
but past about 1,000 its squares are too small to scan at the size it is printed."""


class Reporter(Protocol):
    """What the reference check needs from the validator's walker."""

    def problem(self, node: Node, key_path: str, message: str) -> Any: ...

    def suggest(self, word: str, choices: list[str]) -> str: ...


def check_url(url: str) -> str | None:
    if markup.url_scheme(url) in ("http", "https") and markup.is_allowed_url(url):
        return None
    return f"expected a web address starting with http:// or https://, found {url!r}"


def check_email(email: str) -> str | None:
    return None if _EMAIL.match(email) else f"expected an email address, found {email!r}"


def check_language(tag: str) -> str | None:
    if _LANGUAGE.match(tag):
        return None
    return f"expected a language tag such as 'en-GB' or 'fr', found {tag!r}"


FIELD_CHECKS: dict[tuple[str, str], Callable[[Any], str | None]] = {
    ("Source", "url"): check_url,
    ("Contact", "email"): check_email,
    ("Spec", "language"): check_language,
}


def _mapping_get(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value_node
                return found
    return None


def _items(node: Node | None, record: type, name: str) -> list[Node]:
    """The items of list field `name` of `record`; none when there are more than its budget
    allows (the validator refuses the list itself, without reading its items)."""
    if isinstance(node, SequenceNode):
        budget = next(f.metadata["max_items"] for f in dataclasses.fields(record) if f.name == name)
        return list(node.value) if len(node.value) <= budget else []
    return [node] if node is not None else []


def check_chart_numbers(root: MappingNode, walker: Reporter) -> None:
    """A chart's own numbers (`value:` of a bar, `values:` of a series) are YAML numbers, with
    a point for decimals whatever the spec's language; one written like `280.000` or `1.600`,
    which a reader who groups thousands with a point takes for 280,000 or 1,600, is refused."""
    for i, chart in enumerate(_items(_mapping_get(root, "charts"), Spec, "charts")):
        numbers_at: list[tuple[str, Node | None]] = []
        for j, bar in enumerate(_items(_mapping_get(chart, "bars"), Chart, "bars")):
            numbers_at.append((f"charts[{i}].bars[{j}].value", _mapping_get(bar, "value")))
        for j, series in enumerate(_items(_mapping_get(chart, "series"), Chart, "series")):
            values = _mapping_get(series, "values")
            for k, value in enumerate(_items(values, ChartSeries, "values")):
                numbers_at.append((f"charts[{i}].series[{j}].values[{k}]", value))
        for key_path, node in numbers_at:
            text = node.value.strip() if isinstance(node, ScalarNode) else ""
            if isinstance(node, ScalarNode) and _THREE_DECIMALS.fullmatch(text):
                whole, fraction = text.split(".")
                decimals = fraction.rstrip("0")
                read = f"{whole}.{decimals}" if decimals else whole
                walker.problem(
                    node,
                    key_path,
                    f"{text!r} reads as {read} (a chart's own numbers take a point for "
                    f"decimals), but as {format_number(int(whole + fraction))} where a point "
                    f"groups thousands; write {read + '0' if len(decimals) == 3 else read} or "
                    f"{int(whole + fraction)}",
                )


def model_problems(spec: Spec) -> list[tuple[str, str]]:
    """(key path, message) for every key figure whose value reads more than one way, every
    chart that cannot be drawn from the numbers of the spec (as each audience reads it), and
    every QR code too long to read."""
    found = _figure_problems(spec.figures, "figures", spec.language)
    for name, content in spec.audiences.items():
        at = f"audiences.{name}.figures"
        found += _figure_problems(content.figures or [], at, spec.language)
    charts = _chart_problems(spec)
    found += charts
    general = set(charts)
    for audience in spec.audiences:
        for key_path, message in _chart_problems(spec.for_audience(audience)):
            if (key_path, message) not in general:
                found.append((key_path, f"in the {audience!r} audience's briefs, {message}"))
    for i, source in enumerate(spec.sources):
        size = len(source.url.encode("utf-8")) if source.qr and source.url else 0
        if size > MAX_QR_BYTES:
            found.append(
                (
                    f"sources[{i}].url",
                    f"expected a web address of at most {MAX_QR_BYTES:,} bytes for a QR code "
                    f"(`qr: true`), found {size:,}; a longer code cannot be scanned at its size",
                )
            )
    return found


def _figure_problems(figures: list[Figure], at: str, language: str) -> list[tuple[str, str]]:
    """A problem for each figure whose value looks like a number but reads more than one way
    in `language` (`280.000` in English), charted or not: its readers would misread it too."""
    found = []
    for i, figure in enumerate(figures):
        problem = numbers.read_number(figure.value, language=language).problem
        if problem:
            found.append((f"{at}[{i}].value", problem))
    return found


def _chart_problems(spec: Spec) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    figures = {f.id: f for f in spec.figures if f.id}

    def reading_of(key_path: str, figure_id: str | None) -> numbers.Reading | None:
        """The reading of a charted figure's value; None when it cannot be charted (a figure
        whose value reads more than one way has its own problem, at the figure)."""
        if figure_id is None:
            return None
        if figure_id not in figures:
            known = ", ".join(figures) or "none (give figures an `id:`)"
            found.append((key_path, f"no key figure has id {figure_id!r}; figure ids: {known}"))
            return None
        value = figures[figure_id].value
        reading = numbers.read_number(value, language=spec.language)
        if reading.number is None and reading.problem is None:
            found.append(
                (
                    key_path,
                    f"figure {figure_id!r} has value {value!r}, which is not a number a chart "
                    f"can plot (write it like {numbers.examples(spec.language)})",
                )
            )
        elif reading.number is not None and reading.number > MAX_CHART_NUMBER:
            found.append(
                (
                    key_path,
                    f"figure {figure_id!r} has value {value!r}, more than a chart can plot "
                    f"(at most {format_number(MAX_CHART_NUMBER)})",
                )
            )
            return None
        return reading if reading.number is not None else None

    def in_range(key_path: str, number: float) -> None:
        if not 0 <= number <= MAX_CHART_NUMBER:
            limit = format_number(MAX_CHART_NUMBER)
            found.append((key_path, f"expected a number from 0 to {limit}, found {number:g}"))

    for i, chart in enumerate(spec.charts):
        at = f"charts[{i}]"
        if chart.kind == "bars":
            if len(chart.bars) < 2:
                found.append((f"{at}.bars", "a bar chart needs at least 2 bars"))
            for j, bar in enumerate(chart.bars):
                if (bar.figure is None) == (bar.value is None):
                    found.append(
                        (
                            f"{at}.bars[{j}]",
                            "give either `figure` (a key figure's id) or `value` with `label`",
                        )
                    )
                elif bar.value is not None and bar.label is None:
                    found.append((f"{at}.bars[{j}]", "a bar with a `value` needs a `label`"))
                elif bar.value is not None:
                    in_range(f"{at}.bars[{j}].value", bar.value)
                reading_of(f"{at}.bars[{j}].figure", bar.figure)
        elif chart.kind == "grouped-bars":
            if not chart.categories or not chart.series:
                found.append((at, "a grouped bar chart needs `categories` and `series`"))
            for j, series in enumerate(chart.series):
                if len(series.values) != len(chart.categories):
                    found.append(
                        (
                            f"{at}.series[{j}].values",
                            f"expected {len(chart.categories)} numbers, one per category, "
                            f"found {len(series.values)}",
                        )
                    )
                for k, value in enumerate(series.values):
                    in_range(f"{at}.series[{j}].values[{k}]", value)
        elif chart.part is None:
            found.append((at, "a proportion needs `part` (a key figure's id)"))
        else:
            found += _share_problems(
                at,
                chart.part,
                chart.whole,
                reading_of(f"{at}.part", chart.part),
                reading_of(f"{at}.whole", chart.whole),
            )
    return found


def _share_problems(
    at: str,
    part_id: str,
    whole_id: str | None,
    part: numbers.Reading | None,
    whole: numbers.Reading | None,
) -> list[tuple[str, str]]:
    """Why a proportion's part (and whole) cannot be drawn: a part alone is a percentage, as
    its figure is written; a part of a whole is a count, like the whole, and no greater."""
    if part is None or part.number is None:
        return []
    if whole_id is None:
        if not part.percent:
            return [
                (
                    f"{at}.part",
                    f"without `whole` the part is a percentage: expected a figure written like "
                    f"`80%`, found figure {part_id!r}, which is not a percentage",
                )
            ]
        if part.number > 100:
            return [
                (
                    f"{at}.part",
                    "without `whole` the part is a percentage: expected 0 to 100, found "
                    f"{format_number(part.number)}",
                )
            ]
        return []
    if whole is None or whole.number is None:
        return []
    for key, figure_id, reading in (("part", part_id, part), ("whole", whole_id, whole)):
        if reading.percent:
            return [
                (
                    f"{at}.{key}",
                    f"figure {figure_id!r} is a percentage; the part and the whole of a "
                    "proportion are counts (leave `whole` out to chart a percentage)",
                )
            ]
    if whole.number == 0:
        return [(f"{at}.whole", "the whole must be more than 0")]
    if part.number > whole.number:
        return [
            (
                f"{at}.part",
                f"the part ({format_number(part.number)}) must be between 0 "
                f"and the whole ({format_number(whole.number)})",
            )
        ]
    return []
