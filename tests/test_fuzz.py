"""Fuzzing, bounded for CI: random specs end as a valid PDF or a located user error, never
any other exception."""

from __future__ import annotations

import os
import re
from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.build import make
from briefing.checks import check
from briefing.errors import BriefingError

import pdfcheck

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "40"))
"""Bounded for CI; set BRIEFING_FUZZ_EXAMPLES=1000 for a longer local run."""
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""New examples every run (each run explores further), and a failure prints the example and a
`@reproduce_failure` blob that replays it; nothing is written to the working tree."""

MARKUP_BITS = st.sampled_from(
    [
        "**",
        "*",
        "[",
        "](",
        ")",
        "<",
        ">",
        "&",
        ";",
        "\\",
        "\n\n",
        "https://example.org",
        "javascript:",
        "<b>",
        "</i>",
        "&amp;",
        "<font color='red'>",
        '"',
        "'",
        "\t",
        " ",
    ]
)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
WORDS = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x24F, exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=120,
)
TEXT = st.one_of(WORDS, ANY_TEXT, st.lists(st.one_of(WORDS, MARKUP_BITS), max_size=12).map("".join))
SCALAR = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True))
ANYTHING = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
MAYBE_TEXT = st.one_of(TEXT, TEXT, TEXT, ANYTHING)
IDS = st.sampled_from(["a", "b", "c"])

SPECS = st.fixed_dictionaries(
    {
        "title": MAYBE_TEXT,
        "organisations": st.one_of(TEXT, st.lists(TEXT, max_size=3)),
        "summary": MAYBE_TEXT,
    },
    optional={
        "subtitle": TEXT,
        "dateline": TEXT,
        "date": st.one_of(st.dates().map(str), TEXT),
        "figures": st.lists(
            st.fixed_dictionaries(
                {"value": TEXT, "label": TEXT}, optional={"qualifier": TEXT, "source": IDS}
            ),
            max_size=6,
        ),
        "findings": st.lists(
            st.fixed_dictionaries(
                {"heading": TEXT, "text": TEXT}, optional={"sources": st.lists(IDS, max_size=3)}
            ),
            max_size=5,
        ),
        "quotes": st.lists(
            st.fixed_dictionaries(
                {"text": TEXT, "speaker": TEXT},
                optional={"role": TEXT, "context": TEXT, "source": IDS},
            ),
            max_size=3,
        ),
        "demands": st.lists(
            st.fixed_dictionaries(
                {"to": st.one_of(TEXT, st.lists(TEXT, max_size=3)), "text": TEXT}
            ),
            max_size=4,
        ),
        "sources": st.lists(
            st.fixed_dictionaries(
                {"id": IDS, "title": TEXT},
                optional={
                    "publisher": TEXT,
                    "date": TEXT,
                    "url": st.sampled_from(["https://example.org/a", "ftp://x", "x"]),
                },
            ),
            max_size=3,
        ),
        "contacts": st.lists(
            st.fixed_dictionaries(
                {"name": TEXT},
                optional={"email": st.sampled_from(["a@b.org", "nope"]), "phone": TEXT},
            ),
            max_size=2,
        ),
        "page_size": st.sampled_from(["A4", "letter", "a4", "A3"]),
        "layouts": st.sampled_from(["one-page", "multi-page", ["one-page", "multi-page"], "x"]),
        "language": st.sampled_from(["en-GB", "fr", "x"]),
        "extra": ANYTHING,
    },
)


PROSE = (
    st.lists(st.one_of(WORDS, WORDS, MARKUP_BITS), min_size=1, max_size=10)
    .map("".join)
    .filter(lambda t: t.strip() != "")
)
SHORT = st.text(
    st.characters(min_codepoint=33, max_codepoint=0x17F, exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=12,
)
SOURCE_IDS = ["a", "b", "c"]
NUMBER = st.one_of(
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.integers(1, 9).map(lambda n: f"{n} million"),
)
WELL_FORMED = st.fixed_dictionaries(
    {
        "title": WORDS.filter(str.strip),
        "organisations": st.lists(WORDS.filter(str.strip), min_size=1, max_size=3),
        "summary": PROSE,
        "sources": st.just([{"id": i, "title": f"Source {i}"} for i in SOURCE_IDS]),
    },
    optional={
        "subtitle": PROSE,
        "dateline": WORDS.filter(str.strip),
        "date": st.dates(),
        "figures": st.lists(
            st.fixed_dictionaries(
                {"value": st.one_of(SHORT, NUMBER), "label": PROSE},
                optional={"qualifier": SHORT, "source": st.sampled_from(SOURCE_IDS)},
            ),
            max_size=5,
        ).map(lambda figures: [{**f, "id": f"f{i}"} for i, f in enumerate(figures)]),
        "charts": st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {
                        "kind": st.just("bars"),
                        "title": WORDS.filter(str.strip),
                        "bars": st.lists(
                            st.one_of(
                                st.builds(lambda i: {"figure": f"f{i}"}, st.integers(0, 4)),
                                st.fixed_dictionaries(
                                    {"label": WORDS.filter(str.strip), "value": st.floats(0, 1e9)}
                                ),
                            ),
                            min_size=2,
                            max_size=6,
                        ),
                    }
                ),
                st.fixed_dictionaries(
                    {
                        "kind": st.just("proportion"),
                        "title": WORDS.filter(str.strip),
                        "part": st.builds(lambda i: f"f{i}", st.integers(0, 4)),
                    },
                    optional={"whole": st.builds(lambda i: f"f{i}", st.integers(0, 4))},
                ),
                st.builds(
                    lambda n, values: {
                        "kind": "grouped-bars",
                        "title": "Grouped",
                        "categories": [f"C{i}" for i in range(n)],
                        "series": [
                            {"name": "S", "values": values[:n]},
                            {"name": "T", "values": values[-n:]},
                        ],
                    },
                    st.integers(1, 6),
                    st.lists(st.floats(0, 1e6), min_size=6, max_size=6),
                ),
            ),
            max_size=3,
        ),
        "timeline": st.lists(st.fixed_dictionaries({"date": SHORT, "text": PROSE}), max_size=4),
        "findings": st.lists(
            st.fixed_dictionaries(
                {"heading": WORDS.filter(str.strip), "text": PROSE},
                optional={"sources": st.lists(st.sampled_from(SOURCE_IDS), max_size=3)},
            ),
            max_size=6,
        ),
        "quotes": st.lists(
            st.fixed_dictionaries(
                {"text": PROSE, "speaker": WORDS.filter(str.strip)},
                optional={"role": WORDS.filter(str.strip), "context": PROSE},
            ),
            max_size=3,
        ),
        "demands": st.lists(
            st.fixed_dictionaries(
                {"to": st.lists(WORDS.filter(str.strip), min_size=1, max_size=3), "text": PROSE}
            ),
            max_size=5,
        ),
        "contacts": st.lists(
            st.fixed_dictionaries(
                {"name": WORDS.filter(str.strip)}, optional={"phone": WORDS.filter(str.strip)}
            ),
            max_size=2,
        ),
        "page_size": st.sampled_from(["A4", "letter"]),
    },
)


def _build(document: object) -> None:
    with TemporaryDirectory() as folder:
        spec = Path(folder) / "fuzz.yaml"
        spec.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        out = Path(folder) / "out"
        try:
            built = make(spec, layouts=["one-page", "multi-page"], out_dir=out)
        except BriefingError as error:
            for line in error.lines():
                assert line.startswith(f"{spec}:"), line
            assert not out.exists() or not list(out.iterdir())
            return
        for result in built:
            pages = len(pdfcheck.reader(result.path).pages)
            assert pages == result.pages
            if result.layout == "one-page":
                assert pages == 1


@FUZZ
@given(SPECS)
def test_random_specs_build_or_fail_with_a_located_message(document):
    _build(document)


@FUZZ
@given(WELL_FORMED)
def test_well_formed_specs_with_random_text_build_or_fail_with_a_located_message(document):
    _build(document)


CHART_LABEL = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x17F, exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=60,
).filter(str.strip)
CHART_NUMBER = st.one_of(
    st.floats(0, 1e12), st.sampled_from([0.0, 1e12, 1e-300, 0.05, 999_999_999_999.9])
)


@FUZZ
@given(
    width=st.floats(90, 560),
    scale=st.sampled_from([1.0, 0.85, 0.7]),
    type_scale=st.floats(0.78, 1.0),
    bars=st.lists(st.tuples(CHART_LABEL, CHART_NUMBER), min_size=2, max_size=20),
    categories=st.lists(CHART_LABEL, min_size=1, max_size=12),
    series=st.lists(
        st.tuples(CHART_LABEL, st.lists(CHART_NUMBER, min_size=12, max_size=12)),
        min_size=1,
        max_size=6,
    ),
)
def test_charts_of_any_allowed_content_keep_their_text_in_their_box(
    width, scale, type_scale, bars, categories, series
):
    """Whatever the validator lets through (labels of up to 60 characters, numbers up to
    10^12, up to 20 bars, 12 categories and 6 series), every string of a chart lies inside its
    box, and numbers print without exponents."""
    from test_visuals import _extents

    from briefing.design.theme import Theme
    from briefing.layout import charts
    from briefing.spec.crosschecks import format_number
    from briefing.spec.records import Chart, ChartSeries

    theme = Theme().scaled(scale=type_scale, spacing=1.0)
    drawn = [
        (
            charts.draw_bars(
                [charts.Bar(label, n, format_number(n)) for label, n in bars],
                theme,
                width=width,
                scale=scale,
            ),
            charts.OVERHANG,
        ),
        (
            charts.draw_grouped(
                Chart(
                    kind="grouped-bars",
                    title="T",
                    categories=categories,
                    series=[ChartSeries(name=n, values=v[: len(categories)]) for n, v in series],
                ),
                theme,
                width=width,
                scale=scale,
            ),
            0.0,
        ),
    ]
    for drawing, overhang in drawn:
        for text, left, right, bottom, top in _extents(drawing):
            assert -0.01 <= left and right <= width + overhang + 0.01, (text, left, right, width)
            assert -0.01 <= bottom and top <= drawing.height + 0.01, (text, bottom, top)
    printed = {text for text, *_ in _extents(drawn[1][0])}
    for _, values in series:
        for value in values[: len(categories)]:
            assert format_number(value) in printed
            assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d)?", format_number(value)), value


@FUZZ
@given(ANYTHING)
def test_random_yaml_documents_never_crash_the_checker(document):
    with TemporaryDirectory() as folder:
        spec = Path(folder) / "any.yaml"
        spec.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        try:
            check(spec)
        except BriefingError as error:
            assert all(line.startswith(f"{spec}:") for line in error.lines())
