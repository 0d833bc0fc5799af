"""Invalid specs get exact, located messages, all at once, and exit status 2."""

from __future__ import annotations

import textwrap

import pytest

from briefing.cli import main

VALID = """\
title: A brief
organisations: Example Rights Watch
summary: Something happened.
"""

CASES = {
    "unknown key with suggestion": (
        VALID + "titel: Another\n",
        ["{f}:4:1: titel: unknown key; did you mean 'title'?"],
    ),
    "unknown key without a close match": (
        VALID + "colour: red\n",
        [
            "{f}:4:1: colour: unknown key; valid keys: title, subtitle, date, dateline, "
            "organisations, publisher, logo, addressed_to, summary, figures, findings, quotes, "
            "demands, sources, contacts, charts, timeline, images, release, embargo, "
            "notes_to_editors, talking_points, targets, actions, methodology, audiences, keywords, "
            "language, template, page_size, layouts"
        ],
    ),
    "wrong type": (
        "title: [a, b]\norganisations: X\nsummary: S\n",
        ["{f}:1:8: title: expected text, found a list"],
    ),
    "missing required field": (
        "title: A brief\nsummary: S\n",
        [
            "{f}:1:1: organisations: required key is missing (expected a list of text: "
            "Organisation or organisations whose findings the brief reports (and, unless "
            "`publisher` says otherwise, who publish it).)"
        ],
    ),
    "YAML syntax error": (
        "title: A brief\nsummary: [unclosed\n",
        ["{f}:3:1: YAML syntax error: did not find expected ',' or ']'"],
    ),
    "tab indentation": (
        "title: A brief\n\tsummary: S\n",
        [
            "{f}:2:1: a tab indents this line; YAML indents with spaces only: replace the tab "
            "with spaces, as many as the lines beside it use",
            "  2 | \\tsummary: S",
            "    | ^",
        ],
    ),
    "invalid choice with suggestion": (
        VALID + "page_size: a3\nlayouts: one-pager\n",
        [
            "{f}:4:12: page_size: expected one of 'A4', 'letter', 'legal', 'A5', found 'a3'",
            "{f}:5:10: layouts[0]: expected one of 'one-page', 'multi-page', found 'one-pager'; "
            "did you mean 'one-page'?",
        ],
    ),
    "empty audience": (
        VALID + "audiences:\n  policymaker:\n",
        [
            "{f}:5:15: audiences.policymaker: expected an audience content (a mapping of keys "
            "such as 'title', 'subtitle', 'summary'), found nothing"
        ],
    ),
    "colon in a list of texts": (
        VALID + "talking_points:\n  - Note: text\n",
        [
            "{f}:5:5: talking_points[0]: expected text, found a mapping; a ': ' in text makes "
            'YAML read a key: put the text in quotes: "Note: text"'
        ],
    ),
    "impossible date": (
        VALID + "date: 2024-02-30\n",
        ["{f}:4:7: date: '2024-02-30' is not a real date (day is out of range for month)"],
    ),
    "date in another format": (
        VALID + "date: 15/03/2024\n",
        ["{f}:4:7: date: expected a date as YYYY-MM-DD, found '15/03/2024'"],
    ),
    "nested errors are all reported": (
        VALID
        + textwrap.dedent("""\
            figures:
              - value: "12"
                lable: things
              - label: no value
            """),
        [
            "{f}:5:5: figures[0].label: required key is missing (expected text: What the figure "
            "counts, in one short line.)",
            "{f}:6:5: figures[0].lable: unknown key; did you mean 'label'?",
            "{f}:7:5: figures[1].value: required key is missing (expected text: The figure as "
            "printed, e.g. `1,600` or `80%`.)",
        ],
    ),
    "duplicate key": (
        VALID + "title: Again\n",
        ["{f}:4:1: title: duplicate key; first given on line 1"],
    ),
    "unknown source id": (
        VALID
        + textwrap.dedent("""\
            figures: [{value: "1", label: one, source: reprot}]
            sources: [{id: report, title: The report}]
            """),
        ["{f}:4:44: figures[0].source: unknown source id 'reprot'; did you mean 'report'?"],
    ),
    "duplicate source id": (
        VALID + "sources: [{id: a, title: One}, {id: a, title: Two}]\n",
        ["{f}:4:37: sources[1].id: duplicate source id 'a'"],
    ),
    "references are checked even when other fields are invalid": (
        "title: [x]\norganisations: X\nsummary: S\n"
        "findings: [{heading: H, text: T, sources: nope}]\n",
        [
            "{f}:1:8: title: expected text, found a list",
            "{f}:4:43: findings[0].sources: unknown source id 'nope'; the spec lists no sources",
        ],
    ),
    "disallowed link scheme": (
        "title: T\norganisations: X\nsummary: 'see [this](javascript:alert)'\n",
        [
            "{f}:3:10: summary: link target 'javascript:alert' is not allowed; links must start "
            "with http://, https:// or mailto:"
        ],
    ),
    "source url that is not a web address": (
        VALID + "sources: [{id: a, title: One, url: 'file:///etc/passwd'}]\n",
        [
            "{f}:4:36: sources[0].url: expected a web address starting with http:// or https://, "
            "found 'file:///etc/passwd'"
        ],
    ),
    "bad email": (
        VALID + "contacts: [{name: Desk, email: not-an-address}]\n",
        ["{f}:4:32: contacts[0].email: expected an email address, found 'not-an-address'"],
    ),
    "empty required text": (
        "title: ''\norganisations: X\nsummary: S\n",
        ["{f}:1:8: title: expected text, found nothing"],
    ),
    "demand without addressee": (
        VALID + "demands: [{to: [], text: Do it.}]\n",
        ["{f}:4:16: demands[0].to: expected at least 1 item, found none"],
    ),
    "top-level list": (
        "- title: A brief\n",
        ["{f}:1:1: expected a mapping of keys (such as 'title:') at the top level, found a list"],
    ),
    "empty file": (
        "# only a comment\n",
        ["{f}:1:1: the file is empty; a spec is a mapping of keys such as 'title:'"],
    ),
    "two documents": (
        VALID + "---\ntitle: B\n",
        ["{f}:4:1: the file holds more than one YAML document (---); a spec is one document"],
    ),
    "python tag": (
        VALID + "subtitle: !!python/object/apply:os.system ['echo hacked']\n",
        [
            "{f}:4:11: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not "
            "allowed in a spec"
        ],
    ),
    "alias": (
        VALID + "subtitle: &x words\nkeywords: *x\n",
        ["{f}:4:11: anchors (&name) are not allowed in a spec; write the value out in full"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_invalid_spec_gets_exact_messages(case, tmp_path, capsys):
    content, expected = CASES[case]
    spec = tmp_path / "spec.yaml"
    spec.write_text(content, encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [line.format(f=spec) for line in expected]


def test_yaml_11_words_stay_text(tmp_path, capsys):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "title: no\norganisations: [on, off]\nsummary: 012345\nkeywords: [yes, 2024-01-01]\n"
    )
    from briefing.spec.validate import load_spec

    loaded = load_spec(spec).spec
    assert (loaded.title, loaded.organisations, loaded.summary) == ("no", ["on", "off"], "012345")
    assert loaded.keywords == ["yes", "2024-01-01"]


def test_not_utf8_is_located(tmp_path, capsys):
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(VALID.encode() + b"subtitle: caf\xe9\n")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:4:14: the file is not UTF-8 text (byte 0xe9 cannot be decoded); save it as UTF-8\n"
    )


def test_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nope.yaml'}:1:1: no such file\n"


def test_valid_spec_checks_ok(capsys):
    from conftest import RAQQA

    assert main(["check", str(RAQQA)]) == 0
    assert capsys.readouterr().out == f"{RAQQA}: ok\n"


def test_pure_python_parser_gives_the_same_spec_and_refusals(tmp_path, monkeypatch, capsys):
    """Without libyaml the same composer runs over PyYAML's Python parser."""
    from briefing.spec import yamlsource
    from briefing.spec.validate import load_spec

    from conftest import RAQQA

    with_libyaml = load_spec(RAQQA).spec
    monkeypatch.setattr(yamlsource, "_StrictLoader", yamlsource._PythonLoader)
    assert load_spec(RAQQA).spec == with_libyaml
    spec = tmp_path / "spec.yaml"
    spec.write_text(VALID + "subtitle: &x words\n")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:4:11: anchors (&name) are not allowed in a spec; write the value out in full\n"
    )
