"""The number grammar: a number as the spec's language writes it, read once, the same way for
validation and for charts; numbers that read two ways refused with both readings; shares
computed from qualified figures worded so that they stay true."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.spec import crosschecks, numbers
from briefing.spec.numbers import Direction, read_number
from briefing.spec.yamlsource import load_yaml

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


@pytest.mark.parametrize(
    "language, written, number, percent",
    [
        # English, as before: the forms the README documents.
        ("en-GB", "1,600", 1600, False),
        ("en-GB", "159", 159, False),
        ("en-GB", "80%", 80, True),
        ("en-GB", "2 million", 2_000_000, False),
        ("en-GB", "3.5", 3.5, False),
        ("en-GB", "12 thousand", 12_000, False),
        ("en", "1,600.5", 1600.5, False),
        ("en", "1.34 million", 1_340_000, False),
        ("en", "80 per cent", 80, True),
        ("en", "0.500", 0.5, False),
        # White space groups thousands in every language (issue 10: `820 000` was refused).
        ("en", "820 000", 820_000, False),
        ("en", f"820{NBSP}000", 820_000, False),
        ("en", f"820{NNBSP}000", 820_000, False),
        ("en", f"820{THIN}000", 820_000, False),
        # Two marks fix their roles, in any language.
        ("en", "1.600.000", 1_600_000, False),
        ("en", "1 600,5", 1600.5, False),
        # French: comma decimals, space groups (issue 10: `1,34 million` read as 134 million).
        ("fr", "1 600,5", 1600.5, False),
        ("fr", f"1{NNBSP}600,5", 1600.5, False),
        ("fr", "1,34 million", 1_340_000, False),
        ("fr", "80 %", 80, True),
        ("fr", "2 milliards", 2e9, False),
        ("fr-BE", f"820{NBSP}000", 820_000, False),
        # German and its neighbours: point groups, comma decimals; German `Billion` is 10^12.
        ("de", "280.000", 280_000, False),
        ("de", "1.600,5", 1600.5, False),
        ("de", "2,5 Millionen", 2_500_000, False),
        ("de", "2 Billionen", 2e12, False),
        ("de-CH", "1\u2019600.5", 1600.5, False),
        ("es", "1.600", 1600, False),
        ("es", "3 mil millones", 3e9, False),
        ("es", "1,5 millones", 1_500_000, False),
        ("es-MX", "1,600", 1600, False),
        ("it", "2 miliardi", 2e9, False),
        ("pt", "1,5 milhões", 1_500_000, False),
        ("nl", "2 miljoen", 2e6, False),
        # Arabic: Arabic-Indic and Persian digits with Arabic separators, or Latin digits.
        ("ar", "٢٨٠٬٠٠٠", 280_000, False),
        ("ar", "١٫٥ مليون", 1_500_000, False),
        ("ar", "٨٠٪", 80, True),
        ("ar", "۱۶۰۰", 1600, False),
        ("ar", "1,600", 1600, False),
        ("ar", "2 مليون", 2_000_000, False),
        ("tr", "%80", 80, True),
        # A tag nobody knows reads as English.
        ("xx", "1,600", 1600, False),
    ],
)
def test_a_number_reads_as_its_language_writes_it(language, written, number, percent):
    assert read_number(written, language=language) == numbers.Reading(number, percent)


@pytest.mark.parametrize(
    "language, written",
    [
        ("en", "about 10"),
        ("en", "n/a"),
        ("en", ""),
        ("en", "1,600+"),
        ("en", "2 Millionen"),
        ("en", "12 3"),
        ("en", "٢٨0"),
        ("en", "%80%"),
        ("en", "1" * 41),
    ],
)
def test_what_is_not_a_number_has_no_reading_and_no_problem(language, written):
    assert read_number(written, language=language) == numbers.Reading(None)


@pytest.mark.parametrize(
    "language, written, problem",
    [
        (
            "en-GB",
            "280.000",
            "'280.000' reads as 280 in English, but as 280,000 where a point groups thousands; "
            "write 280 or 280,000",
        ),
        (
            "en-GB",
            "1.600",
            "'1.600' reads as 1.6 in English, but as 1,600 where a point groups thousands; "
            "write 1.6 or 1,600",
        ),
        (
            "en",
            "1.234",
            "'1.234' reads as 1.234 in English, but as 1,234 where a point groups thousands; "
            "write 1.2340 or 1,234",
        ),
        (
            "en",
            "2.000 million",
            "'2.000 million' reads as 2 million in English, but as 2,000 million where a point "
            "groups thousands; write 2 million or 2,000 million",
        ),
        (
            "en",
            "1,34 million",
            "'1,34 million' is not how English writes a number: where a comma marks decimals it "
            "reads as 1.34 million; write 1.34 million",
        ),
        (
            "en",
            "1,5",
            "'1,5' is not how English writes a number: where a comma marks decimals it reads as "
            "1.5; write 1.5",
        ),
        (
            "fr",
            "1,600",
            "'1,600' reads as 1,6 in French, but as 1 600 where a comma groups thousands; "
            "write 1,6 or 1 600",
        ),
        (
            "fr",
            "1.600",
            "'1.600' is not how French writes a number: it reads as 1,6 where a point marks "
            "decimals, but as 1 600 where a point groups thousands; write 1,6 or 1 600",
        ),
        (
            "fr",
            "1.5",
            "'1.5' is not how French writes a number: where a point marks decimals it reads as "
            "1,5; write 1,5",
        ),
        (
            "de",
            "1,600",
            "'1,600' reads as 1,6 in German, but as 1.600 where a comma groups thousands; "
            "write 1,6 or 1.600",
        ),
        (
            "de-CH",
            "1,600",
            "'1,600' is not how German (Switzerland) writes a number: it reads as 1.6 where a "
            "comma marks decimals, but as 1\u2019600 where a comma groups thousands; write 1.6 "
            "or 1\u2019600",
        ),
        (
            "ar",
            "280.000",
            "'280.000' reads as 280 in Arabic, but as 280,000 where a point groups thousands; "
            "write 280 or 280,000",
        ),
        (
            "xx",
            "280.000",
            "'280.000' reads as 280 in 'xx', but as 280,000 where a point groups thousands; "
            "write 280 or 280,000",
        ),
    ],
)
def test_a_number_that_reads_two_ways_is_a_problem_showing_both(language, written, problem):
    reading = read_number(written, language=language)
    assert (reading.number, reading.problem) == (None, problem)


def test_every_suggested_spelling_reads_one_way_only():
    for language, written in [("en", "1.234"), ("en", "280.000"), ("fr", "1,600"), ("de", "2.5")]:
        problem = read_number(written, language=language).problem
        assert problem is not None
        suggestions = problem.split("; write ")[1].split(" or ")
        for suggestion in suggestions:
            reading = read_number(suggestion, language=language)
            assert reading.problem is None and reading.number is not None, suggestion


@pytest.mark.parametrize(
    "language, number, printed, percent",
    [
        ("en-GB", 1600, "1,600", "1,600%"),
        ("en-GB", 3.5, "3.5", "3.5%"),
        ("en", 1e12, "1,000,000,000,000", "1,000,000,000,000%"),
        ("fr", 1600.5, f"1{NBSP}600,5", f"1{NBSP}600,5{NBSP}%"),
        ("de", 1600.5, "1.600,5", f"1.600,5{NBSP}%"),
        ("de-CH", 1600, "1\u2019600", "1\u2019600%"),
        ("ar", 1600, "1,600", "1,600%"),
        ("tr", 80, "80", "%80"),
    ],
)
def test_numbers_print_as_their_language_writes_them(language, number, printed, percent):
    assert numbers.format_number(number, language=language) == printed
    assert numbers.format_percent(number, language=language) == percent
    assert read_number(printed, language=language).number == number


@pytest.mark.parametrize(
    "qualifier, direction",
    [
        (None, Direction.EXACT),
        ("more than", Direction.ABOVE),
        ("More  than", Direction.ABOVE),
        ("at least", Direction.ABOVE),
        ("over", Direction.ABOVE),
        ("plus de", Direction.ABOVE),
        ("mehr als", Direction.ABOVE),
        ("أكثر من", Direction.ABOVE),
        ("up to", Direction.BELOW),
        ("less than", Direction.BELOW),
        ("jusqu\u2019à", Direction.BELOW),
        ("nearly", Direction.ABOUT),
        ("almost", Direction.ABOUT),
        ("about", Direction.ABOUT),
        ("près de", Direction.ABOUT),
        ("a record", Direction.ABOUT),
    ],
)
def test_a_qualifier_says_where_the_true_number_lies(qualifier, direction):
    assert numbers.direction_of(qualifier) is direction


@pytest.mark.parametrize(
    "part, whole, share",
    [
        (Direction.EXACT, Direction.EXACT, Direction.EXACT),
        (Direction.EXACT, Direction.ABOVE, Direction.BELOW),
        (Direction.EXACT, Direction.BELOW, Direction.ABOVE),
        (Direction.ABOVE, Direction.EXACT, Direction.ABOVE),
        (Direction.ABOVE, Direction.BELOW, Direction.ABOVE),
        (Direction.BELOW, Direction.ABOVE, Direction.BELOW),
        (Direction.ABOVE, Direction.ABOVE, Direction.ABOUT),
        (Direction.BELOW, Direction.BELOW, Direction.ABOUT),
        (Direction.ABOUT, Direction.EXACT, Direction.ABOUT),
        (Direction.EXACT, Direction.ABOUT, Direction.ABOUT),
    ],
)
def test_a_share_takes_its_direction_from_its_part_and_whole(part, whole, share):
    assert numbers.share_direction(part, whole) is share


@pytest.mark.parametrize(
    "fraction, direction, language, words",
    [
        # Issue 10: 159 of more than 1,600 printed "10%".
        (159 / 1600, Direction.BELOW, "en-GB", ("less than", "10%")),
        (159 / 1600, Direction.ABOVE, "en-GB", ("more than", "9%")),
        (159 / 1600, Direction.ABOUT, "en-GB", ("about", "10%")),
        (159 / 1600, Direction.EXACT, "en-GB", (None, "10%")),
        (0.10, Direction.BELOW, "en", ("less than", "10%")),
        (0.10, Direction.ABOVE, "en", ("more than", "10%")),
        (0.004, Direction.EXACT, "en", (None, "0.4%")),
        (0.0004, Direction.EXACT, "en", ("less than", "0.1%")),
        (0.9996, Direction.EXACT, "en", ("more than", "99.9%")),
        (1.0, Direction.EXACT, "en", (None, "100%")),
        (0.0, Direction.EXACT, "en", (None, "0%")),
        # Issue 10: 820 000 of 1,34 million printed "<1%".
        (820_000 / 1_340_000, Direction.EXACT, "fr", (None, f"61{NBSP}%")),
        (0.8, Direction.ABOUT, "fr", ("environ", f"80{NBSP}%")),
        (0.8, Direction.BELOW, "de", ("weniger als", f"80{NBSP}%")),
        (0.8, Direction.ABOVE, "es", ("más de", f"80{NBSP}%")),
        (0.8, Direction.ABOUT, "ar", ("نحو", "80%")),
        (0.8, Direction.ABOUT, "xx", ("about", "80%")),
    ],
)
def test_a_computed_share_is_worded_so_that_it_stays_true(fraction, direction, language, words):
    assert numbers.share_words(fraction, direction, language=language) == words


@pytest.mark.parametrize(
    "language, examples",
    [
        ("en-GB", "`1,600`, `80%` or `2 million`"),
        ("fr", "`1 600`, `80 %` or `2 millions`"),
        ("de", "`1.600`, `80 %` or `2 Millionen`"),
    ],
)
def test_messages_give_examples_in_the_spec_language(language, examples):
    assert numbers.examples(language) == examples


@settings(max_examples=300, deadline=None)
@given(
    number=st.one_of(
        st.integers(0, 10**12).map(float), st.integers(0, 10**6).map(lambda n: n / 10)
    ),
    language=st.sampled_from(["en-GB", "fr", "de", "de-CH", "es-MX", "ar", "sv", "xx"]),
)
def test_a_printed_chart_number_reads_back_as_itself(number, language):
    """What a chart prints is what it plots, in every language."""
    printed = numbers.format_number(number, language=language)
    assert read_number(printed, language=language) == numbers.Reading(number)


# Checking a spec ------------------------------------------------------------------------------

HEAD = "title: T\norganisations: X\nsummary: S\n"


@pytest.mark.parametrize(
    "body, message",
    [
        (
            # Issue 10: plotted as 280 beside 150, and `check` said ok.
            "figures: [{id: a, value: '280.000', label: a}, {id: b, value: '150', label: b}]\n"
            "charts: [{kind: bars, title: T, bars: [{figure: a}, {figure: b}]}]\n",
            "{f}:4:26: figures[0].value: '280.000' reads as 280 in English, but as 280,000 where "
            "a point groups thousands; write 280 or 280,000",
        ),
        (
            # Issue 10: read as 134 million, and `check` said ok.
            "figures: [{id: a, value: '820 000', label: a}, "
            "{id: b, value: '1,34 million', label: b}]\n"
            "charts: [{kind: proportion, title: T, part: a, whole: b}]\n",
            "{f}:4:63: figures[1].value: '1,34 million' is not how English writes a number: "
            "where a comma marks decimals it reads as 1.34 million; write 1.34 million",
        ),
        (
            "language: fr\nfigures: [{value: '1,600', label: a}]\n",
            "{f}:5:19: figures[0].value: '1,600' reads as 1,6 in French, but as 1 600 where a "
            "comma groups thousands; write 1,6 or 1 600",
        ),
        (
            "audiences:\n  journalist:\n    figures: [{value: '1.600', label: a}]\n",
            "{f}:6:23: audiences.journalist.figures[0].value: '1.600' reads as 1.6 in English, "
            "but as 1,600 where a point groups thousands; write 1.6 or 1,600",
        ),
        (
            "language: fr\nfigures: [{id: a, value: beaucoup, label: a}, {id: b, value: '3', "
            "label: b}]\ncharts: [{kind: bars, title: T, bars: [{figure: a}, {figure: b}]}]\n",
            "{f}:6:49: charts[0].bars[0].figure: figure 'a' has value 'beaucoup', which is not a "
            "number a chart can plot (write it like `1 600`, `80 %` or `2 millions`)",
        ),
        (
            "figures: [{id: a, value: 80%, label: a}, {id: b, value: '100', label: b}]\n"
            "charts: [{kind: proportion, title: T, part: a, whole: b}]\n",
            "{f}:5:45: charts[0].part: figure 'a' is a percentage; the part and the whole of a "
            "proportion are counts (leave `whole` out to chart a percentage)",
        ),
        (
            "figures: [{id: a, value: 150%, label: a}]\n"
            "charts: [{kind: proportion, title: T, part: a}]\n",
            "{f}:5:45: charts[0].part: without `whole` the part is a percentage: expected 0 to "
            "100, found 150",
        ),
    ],
)
def test_check_reports_numbers_that_read_two_ways(tmp_path, capsys, body, message):
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + body, encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == message.format(f=spec) + "\n"


@pytest.mark.parametrize(
    "language, value", [("fr", "1,34 million"), ("fr", "820\u202f000"), ("de", "280.000")]
)
def test_check_accepts_numbers_as_the_language_writes_them(tmp_path, capsys, language, value):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + f"language: {language}\nfigures: [{{id: a, value: '{value}', label: a}}, "
        "{id: b, value: '1', label: b}]\n"
        "charts: [{kind: bars, title: T, bars: [{figure: a}, {figure: b}]}]\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 0, capsys.readouterr().err


class _Reporter:
    def __init__(self) -> None:
        self.problems: list[tuple[int, int, str, str]] = []

    def problem(self, node, key_path, message):
        self.problems.append(
            (node.start_mark.line + 1, node.start_mark.column + 1, key_path, message)
        )

    def suggest(self, word, choices):
        return ""


def test_a_chart_number_written_like_grouped_thousands_is_refused(tmp_path):
    """A bar's `value: 280.000` is YAML's 280.0: refused, as a figure's `280.000` is."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "charts:\n  - {kind: bars, title: T, bars: [{label: a, value: 280.000}, "
        "{label: b, value: 1.5}, {label: c, value: 0.125}]}\n"
        "  - {kind: grouped-bars, title: G, categories: [x, y], "
        "series: [{name: s, values: [1.234, 12.5]}]}\n",
        encoding="utf-8",
    )
    reporter = _Reporter()
    crosschecks.check_chart_numbers(load_yaml(spec), reporter)
    assert reporter.problems == [
        (
            5,
            53,
            "charts[0].bars[0].value",
            "'280.000' reads as 280 (a chart's own numbers take a point for decimals), but as "
            "280,000 where a point groups thousands; write 280 or 280000",
        ),
        (
            6,
            84,
            "charts[1].series[0].values[0]",
            "'1.234' reads as 1.234 (a chart's own numbers take a point for decimals), but as "
            "1,234 where a point groups thousands; write 1.2340 or 1234",
        ),
    ]


def test_no_qualifier_is_listed_in_two_directions():
    from briefing.spec.numberwords import DIRECTIONS, QUALIFIERS

    assert sum(len(words) for words in QUALIFIERS.values()) == len(DIRECTIONS)
