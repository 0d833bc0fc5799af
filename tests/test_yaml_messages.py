"""YAML slips get messages that say how to fix them, with the line shown and a caret under the
column: a `: ` inside unquoted text, a mis-indented key, a tab, a quote left open; and text
after ` #` that YAML dropped as a comment is a warning in `check` (issue 14, item 4)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check.yamlcomments import text_read_as_comments
from briefing.cli import main
from briefing.errors import SpecError
from briefing.spec.validate import load_spec
from briefing.spec.yamlsource import load_yaml

HEAD = "title: Civilians killed in Mosul\norganisations: Example Watch\nsummary: Many died.\n"


def _check(tmp_path: Path, monkeypatch, capsys, text: str) -> str:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "spec.yaml"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_colon_in_unquoted_text_says_to_quote_it(tmp_path, monkeypatch, capsys):
    text = "title: Mosul: at least 9,000 dead\norganisations: X\nsummary: y\n"
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:1:13: YAML reads ': ' inside a text as the start of a key; put the text in "
        'quotes: title: "Mosul: at least 9,000 dead"\n'
        "  1 | title: Mosul: at least 9,000 dead\n"
        "    |             ^\n"
    )


def test_the_fixed_line_keeps_double_quotes_in_the_text(tmp_path, monkeypatch, capsys):
    text = HEAD + 'subtitle: He said: "go"\n'
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:4:18: YAML reads ': ' inside a text as the start of a key; put the text in "
        "quotes: subtitle: 'He said: \"go\"'\n"
        '  4 | subtitle: He said: "go"\n'
        "    |                  ^\n"
    )


def test_a_colon_on_a_continued_line_names_the_text_it_belongs_to(tmp_path, monkeypatch, capsys):
    text = "title: T\norganisations: X\nsummary: Between March and May,\n  the council said: no.\n"
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:4:19: YAML reads ': ' inside a text as the start of a key; put the whole "
        "text of 'summary' (line 3) in quotes, or write `>-` after its key and the text on the "
        "lines below\n"
        "  4 |   the council said: no.\n"
        "    |                   ^\n"
    )


def test_a_key_indented_too_little_shows_the_column_of_its_siblings(tmp_path, monkeypatch, capsys):
    text = HEAD + "findings:\n  - heading: Homes destroyed\n   text: Streets flattened.\n"
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:6:4: 'text' starts in column 4 and 'heading' above it (line 5) in column 5: "
        "keys of the same mapping start in the same column; start it in column 5\n"
        "  6 |    text: Streets flattened.\n"
        "    |    ^\n"
    )


def test_a_key_indented_too_much_shows_the_column_of_its_siblings(tmp_path, monkeypatch, capsys):
    text = HEAD + "findings:\n  - heading: Homes destroyed\n     text: Streets flattened.\n"
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:6:6: 'text' starts in column 6 and 'heading' above it (line 5) in column 5: "
        "keys of the same mapping start in the same column; start it in column 5\n"
        "  6 |      text: Streets flattened.\n"
        "    |      ^\n"
    )


def test_a_tab_in_the_indentation_says_to_use_spaces(tmp_path, monkeypatch, capsys):
    text = HEAD + 'figures:\n  - value: "9,000"\n\t  label: civilians killed\n'
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:6:1: a tab indents this line; YAML indents with spaces only: replace the tab "
        "with spaces, as many as the lines beside it use\n"
        "  6 | \\t  label: civilians killed\n"
        "    | ^\n"
    )


def test_an_unclosed_quote_is_shown_where_it_opened(tmp_path, monkeypatch, capsys):
    text = 'title: "Civilians killed\norganisations: X\nsummary: "Many died."\n'
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        'spec.yaml:1:8: the quote (") opened here is never closed, so the text runs on into the '
        'lines below; end the text with " on this line\n'
        '  1 | title: "Civilians killed\n'
        "    |        ^\n"
    )
    text = "title: T\norganisations: X\nsummary: 'Many died\n"
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:3:10: the quote (') opened here is never closed, so the text runs on to the "
        "end of the file; end the text with ' on this line\n"
        "  3 | summary: 'Many died\n"
        "    |          ^\n"
    )


def test_the_caret_stands_under_wide_and_escaped_characters(tmp_path, monkeypatch, capsys):
    text = "title: 摩苏尔: 死亡\norganisations: X\nsummary: y\n"
    err = _check(tmp_path, monkeypatch, capsys, text)
    assert err.splitlines()[1:] == ["  1 | title: 摩苏尔: 死亡", "    |              ^"]


def test_other_syntax_errors_keep_yamls_own_message(tmp_path, monkeypatch, capsys):
    text = "title: [unclosed\n"
    assert _check(tmp_path, monkeypatch, capsys, text) == (
        "spec.yaml:2:1: YAML syntax error: did not find expected ',' or ']'\n"
    )


def test_text_after_a_hash_is_a_warning_in_check(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    text = HEAD + "dateline: London #1 office\nkeywords:\n  - Mosul #MeToo\n"
    text += "date: 2026-01-15   # YYYY-MM-DD\nrelease: For release # now\n"
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    lines = [f.line() for f in text_read_as_comments(load_spec(spec))]
    assert lines == [
        f"{spec}:4:11: dateline: warning: YAML reads ' #1 office' as a comment, so only "
        "'London' is printed; to print it all, put the text in quotes: "
        'dateline: "London #1 office"',
        f"{spec}:6:5: keywords[0]: warning: YAML reads ' #MeToo' as a comment, so only 'Mosul' "
        'is printed; to print it all, put the text in quotes: - "Mosul #MeToo"',
    ]
    assert [f.kind for f in text_read_as_comments(load_spec(spec))] == ["text-read-as-comment"] * 2


def test_shipped_specs_and_the_starter_have_no_text_read_as_comment(tmp_path, monkeypatch):
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    assert main(["new", "brief"]) == 0
    specs = [*sorted((root / "briefs").glob("*.yaml")), tmp_path / "brief.yaml"]
    for path in specs:
        assert text_read_as_comments(load_spec(path)) == [], path.name


_LINE = re.compile(r"[^\n]*:\d+:\d+: ")


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.sampled_from(
            [
                "title: ",
                "  ",
                "\t",
                "- ",
                ": ",
                "#",
                " #",
                '"',
                "'",
                "\n",
                "a",
                "Mosul",
                "9,000",
                "[",
                "]",
                "{",
                "}",
                ">-",
                "|",
                "é",
                "摩",
                "&a",
                "*a",
                "!t",
                "---",
            ]
        ),
        max_size=40,
    )
)
def test_no_yaml_text_crashes_the_loader(tmp_path, parts):
    spec = tmp_path / "any.yaml"
    spec.write_text("".join(parts), encoding="utf-8")
    try:
        load_yaml(spec)
    except SpecError as error:
        for problem in error.problems:
            assert _LINE.match(str(problem).split("\n")[0])
            assert str(problem).startswith(f"{spec}:{problem.location.line}:")


def test_an_empty_or_null_optional_field_is_no_value_under_either_parser(tmp_path):
    """libyaml marked plain scalars with style '' and PyYAML's parser with None: under libyaml
    `subtitle:` was refused as "found nothing" and `subtitle: ~` printed a tilde (the schema
    for editors, like the walker's intent, takes both as no value)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + "subtitle:\nmethodology: ~\ndateline: null\n", encoding="utf-8")
    loaded = load_spec(spec)
    assert (loaded.spec.subtitle, loaded.spec.methodology, loaded.spec.dateline) == (None,) * 3


def test_check_prints_the_hash_warning_and_strict_fails_on_it(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + "dateline: London #1 office\n", encoding="utf-8")
    assert main(["check", str(spec), "--audience", "advocate"]) == 0
    warning = (
        f"{spec}:4:11: dateline: warning: YAML reads ' #1 office' as a comment, so only "
        "'London' is printed; to print it all, put the text in quotes: "
        'dateline: "London #1 office"'
    )
    assert warning in capsys.readouterr().err.splitlines()
    assert main(["check", str(spec), "--audience", "advocate", "--strict"]) == 2
    assert warning.replace(": warning: ", ": error: ") in capsys.readouterr().err.splitlines()


def test_a_quoted_text_over_two_lines_is_not_taken_for_an_open_quote(tmp_path, monkeypatch, capsys):
    text = (
        HEAD
        + "talking_points:\n  - '**Coalition forces**, which call on to stop denying\n"
        + "    the scale of civilian deaths.'\n"
        + "dateline: Raqqa: Syria\n"
    )
    assert _check(tmp_path, monkeypatch, capsys, text).splitlines() == [
        "spec.yaml:7:16: YAML reads ': ' inside a text as the start of a key; put the text in "
        'quotes: dateline: "Raqqa: Syria"',
        "  7 | dateline: Raqqa: Syria",
        "    |                ^",
    ]


def _slip(tmp_path: Path, monkeypatch, capsys, text: str) -> list[str]:
    return _check(tmp_path, monkeypatch, capsys, text).splitlines()


def test_an_apostrophe_that_ends_a_quoted_text_says_how_to_write_it(tmp_path, monkeypatch, capsys):
    text = HEAD + "quotes:\n  - text: Go\n    speaker: A\n    role: 'It's late'\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:7:14: the quote (') in column 14 ends the text opened in column 11, and YAML "
        "cannot read what follows; inside '...', write it twice (''), or quote the text with "
        """the other mark: role: "It's late\"""",
        "  7 |     role: 'It's late'",
        "    |              ^",
    ]


def test_a_colon_on_a_continued_line_that_reads_as_a_word_is_not_a_key(
    tmp_path, monkeypatch, capsys
):
    text = "title: Investigation of deaths, as\n  reported: in the news\norganisations: X\n"
    assert _slip(tmp_path, monkeypatch, capsys, text)[0] == (
        "spec.yaml:2:11: YAML reads ': ' inside a text as the start of a key; put the whole "
        "text of 'title' (line 1) in quotes, or write `>-` after its key and the text on the "
        "lines below"
    )


def test_a_key_set_between_two_levels_names_both(tmp_path, monkeypatch, capsys):
    text = HEAD + "audiences:\n  journalist:\n    notes_to_editors:\n      - One note\n advocate:\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:8:2: 'advocate' starts in column 2, between 'journalist' (line 5, column 3) "
        "and 'audiences' (line 4, column 1): keys of the same mapping start in the same column; "
        "start it in column 3 or 1, as the mapping it belongs to",
        "  8 |  advocate:",
        "    |  ^",
    ]


def test_a_list_item_indented_unlike_the_one_above(tmp_path, monkeypatch, capsys):
    text = "title: T\nsummary: Y\norganisations:\n    - A\n  - B\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:5:3: this list item's '-' is in column 3 and the one above it (line 4) in "
        "column 5: items of the same list start in the same column; start it in column 5",
        "  5 |   - B",
        "    |   ^",
    ]


def test_a_list_item_without_its_dash(tmp_path, monkeypatch, capsys):
    text = "title: T\norganisations:\n  - Amnesty International\n  Airwars\nsummary: Y\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:4:3: this line has no '-' but stands in the list above (line 3): start it "
        "with '- ' as the other items, or, if it continues the text above, indent it further",
        "  4 |   Airwars",
        "    |   ^",
    ]


def test_a_list_item_after_a_key_that_has_its_value(tmp_path, monkeypatch, capsys):
    text = "title: T\norganisations: X\nsummary: Y\nlayouts: [one-page]\n  - multi-page\n"
    assert _slip(tmp_path, monkeypatch, capsys, text)[0] == (
        "spec.yaml:5:3: this list item follows 'layouts' (line 4), which already has its value "
        "on its line: move the item to the list it belongs to, or write that value as items "
        "under 'layouts'"
    )


def test_a_non_breaking_space_as_indentation(tmp_path, monkeypatch, capsys):
    text = HEAD + "figures:\n  - label: x\n\u00a0\u00a0\u00a0\u00a0qualifier: about\n    value: 3\n"
    assert _slip(tmp_path, monkeypatch, capsys, text)[0] == (
        "spec.yaml:6:1: a no-break space (U+00A0) indents this line; YAML indents with plain "
        "spaces only: replace it with a space"
    )


def test_the_text_of_a_folded_key_not_indented_under_it(tmp_path, monkeypatch, capsys):
    text = "title: T\norganisations: X\nsummary: >-\nMany died.\nlayouts: [one-page]\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:4:1: the text of 'summary' (line 3, after '>-') must be indented further than "
        "its key: start its lines in column 3",
        "  4 | Many died.",
        "    | ^",
    ]


def test_a_text_that_starts_with_yaml_syntax_says_to_quote_it(tmp_path, monkeypatch, capsys):
    text = "title: [Draft] 240 families evicted\norganisations: X\nsummary: y\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:1:8: YAML reads '[' at the start of a text as the start of a list; put the "
        'text in quotes: title: "[Draft] 240 families evicted"',
        "  1 | title: [Draft] 240 families evicted",
        "    |        ^",
    ]
    text = "title: T\norganisations: X\nsummary: **240 families** were evicted\n"
    assert _slip(tmp_path, monkeypatch, capsys, text)[0] == (
        "spec.yaml:3:10: YAML reads '*' at the start of a text as a reference (*name); put the "
        'text in quotes: summary: "**240 families** were evicted"'
    )


def test_the_quoted_fix_keeps_a_comment_out_of_the_text(tmp_path, monkeypatch, capsys):
    text = HEAD + "dateline: Riverton: HQ    # where the brief is issued from\n"
    assert _slip(tmp_path, monkeypatch, capsys, text)[0] == (
        "spec.yaml:4:19: YAML reads ': ' inside a text as the start of a key; put the text in "
        'quotes: dateline: "Riverton: HQ"    # where the brief is issued from'
    )


def test_a_very_long_line_is_shown_around_its_column(tmp_path, monkeypatch, capsys):
    text = "title: " + "word " * 400 + "Raqqa: more than 1,600 killed" + " more" * 100 + "\n"
    shown = _slip(tmp_path, monkeypatch, capsys, text + "organisations: X\nsummary: y\n")
    assert shown == [
        "spec.yaml:1:2013: YAML reads ': ' inside a text as the start of a key; put the text in "
        "quotes, from its first word to its last",
        "  1 | ..." + "word " * 11 + "Raqqa: more than 1,600 killed" + " more" * 7 + " ...",
        "    | " + " " * 63 + "^",
    ]


def test_an_item_of_a_list_of_mappings_set_left_of_the_others(tmp_path, monkeypatch, capsys):
    text = HEAD + "findings:\n  - heading: A\n    sources: [s]\n - heading: B\n"
    assert _slip(tmp_path, monkeypatch, capsys, text) == [
        "spec.yaml:7:2: this list item's '-' is in column 2 and the one above it (line 5) in "
        "column 3: items of the same list start in the same column; start it in column 3",
        "  7 |  - heading: B",
        "    |  ^",
    ]


def test_items_under_a_text_on_its_keys_line_are_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + "publisher: Amnesty\n  - Human Rights Watch\n", encoding="utf-8")
    assert [f.line() for f in text_read_as_comments(load_spec(spec))] == [
        f"{spec}:4:12: publisher: warning: YAML reads the '- ' lines under this text as more "
        "of its words, so 'Amnesty - Human Rights Watch' is printed as one text; for a list, "
        "start it on the line after the key, each item on a line of its own"
    ]
