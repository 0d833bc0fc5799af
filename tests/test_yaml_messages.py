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
