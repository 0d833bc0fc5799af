"""`briefing check` compares a brief's claims with the text of its sources (issue 10, item 5).

Each kind of finding has its exact message here, on a small project of its own: a spec and a
short article in `sources/`. The Raqqa brief and its mutation corpus are in `test_faithful.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.check.claims import names_in
from briefing.check.quantities import quantities
from briefing.cli import main

from conftest import RAQQA, ROOT

ARTICLE = """\
Aid groups said on Monday that more than 1,200 people fled Kafr Nabl in March.

"We counted every tent, and there were 340 of them in the camp," said Leila Haddad of Relief
Now. The camp holds about 5,000 people, roughly a quarter of the town. The town was nearly 60%
empty by April.

In 2015 the town had a market. Relief Now publishes its figures at https://relief.example/kafr.
"""

SOURCES = """\
sources:
  - id: article
    title: News article
    text: sources/article.txt
"""


def project(tmp_path: Path, body: str, article: str = ARTICLE, sources: str = SOURCES) -> Path:
    """A spec (`body`, then `sources`) beside `sources/article.txt`."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "article.txt").write_text(article, encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    summary = "" if body.startswith("summary:") else "summary: S\n"
    spec.write_text("title: T\norganisations: Relief Now\n" + summary + body + sources)
    return spec


def check(spec: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    status = main(["check", *options, str(spec)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "subtitle: Some 1,500 people fled.\n",
            "spec.yaml:4:11: subtitle: warning: 'some 1,500 people' is not in source 1 "
            "(article.txt); nearest, line 1: 'Aid groups said on Monday that more than 1,200 "
            "people fled Kafr Nabl in March.'",
        ),
        (
            "subtitle: 1,200 people fled Kafr Nabl.\n",
            "spec.yaml:4:11: subtitle: warning: '1,200' drops the qualifier of 'more than "
            "1,200 people' in source 1 (article.txt), line 1: 'Aid groups said on Monday that "
            "more than 1,200 people fled Kafr Nabl in March.'",
        ),
        (
            "subtitle: The town was more than 60% empty.\n",
            "spec.yaml:4:11: subtitle: warning: 'more than 60%' contradicts 'nearly 60%' in "
            "source 1 (article.txt), line 4: 'The town was nearly 60% empty by April.'",
        ),
        ("subtitle: Exactly 340 tents stood; about 5,000 people live there.\n", ""),
        (
            "subtitle: More than 340 tents stood.\n",
            "spec.yaml:4:11: subtitle: warning: the qualifier 'more than' is not in source 1 "
            "(article.txt): there it is '340', line 3: '\"We counted every tent, and there were "
            "340 of them in the camp,\" said Leila Haddad of Relief Now.'",
        ),
        (
            "subtitle: 1,200 families fled.\n",
            "spec.yaml:4:11: subtitle: warning: '1,200 families' is not in source 1 "
            "(article.txt); there it is 'more than 1,200 people', line 1: 'Aid groups said on "
            "Monday that more than 1,200 people fled Kafr Nabl in March.'",
        ),
        (
            "figures:\n  - {value: '2015', label: people in the camp, source: article}\n",
            "spec.yaml:5:13: figures[0].value: warning: '2015' is in source 1 (article.txt) "
            "only as a year, line 7: 'In 2015 the town had a market.'",
        ),
        ("subtitle: In 2015, the town held a market.\n", ""),
        (
            "subtitle: About a third of the town lives in the camp.\n",
            "spec.yaml:4:11: subtitle: warning: 'about a third' is not in source 1 "
            "(article.txt); nearest, line 4: 'The camp holds about 5,000 people, roughly a "
            "quarter of the town.'",
        ),
        ("subtitle: Roughly a quarter of the town fled to the camp.\n", ""),
        (
            "subtitle: Of more than 1,200 who fled, 340 were in tents, nearly 60% of them.\n",
            "spec.yaml:4:11: subtitle: warning: 340 is 28.3% of 1,200 (stated in this text), "
            "not 'nearly 60%'",
        ),
        (
            "figures:\n  - {qualifier: more than, value: '1,200', label: fled, source: article}\n"
            "  - {value: '340', label: 'tents, nearly 60% of the total', source: article}\n",
            "spec.yaml:6:27: figures[1].label: warning: 340 is 28.3% of 1,200 (key figure "
            "'fled'), not 'nearly 60%'",
        ),
        (
            "summary: Leila Haddad of Relief Now and Omar Said of Hope Aid spoke.\n",
            "spec.yaml:3:10: summary: warning: 'Omar Said of Hope Aid' is named in no source: "
            "not in source 1 (article.txt); nearest, line 3: '\"We counted every tent, and "
            "there were 340 of them in the camp,\" said Leila Haddad of Relief Now.'",
        ),
        (
            "summary: Leila Haddad of Hope Aid spoke in Kafr Nabl.\n",
            "spec.yaml:3:10: summary: warning: 'Hope Aid' is named in no source: not in source "
            "1 (article.txt); nearest, line 3: '\"We counted every tent, and there were 340 of "
            "them in the camp,\" said Leila Haddad of Relief Now.'",
        ),
        (
            "actions: ['[Give](https://relief.example/kafr) or write to help@relief.example']\n",
            "spec.yaml:4:11: actions[0]: warning: email address 'help@relief.example' is in no "
            "source: not in source 1 (article.txt); check it, and keep a copy of the page that "
            "gives it as a source's `text:`",
        ),
        (
            "demands:\n  - {to: Relief now, text: Keep counting.}\n"
            "  - {to: the Town Council, text: Open the market.}\n",
            "spec.yaml:6:10: demands[1].to[0]: warning: 'Town Council' is named in no source: "
            "not in source 1 (article.txt); nearest, line 4: 'The town was nearly 60% empty by "
            "April.'",
        ),
    ],
    ids=[
        "not-in-source",
        "qualifier-dropped",
        "qualifier-differs",
        "exactly-and-about-are-fine",
        "qualifier-not-in-source",
        "counts-something-else",
        "only-as-year",
        "year",
        "fraction",
        "fraction-backed",
        "share-of-this-text",
        "share-of-a-key-figure",
        "names",
        "part-of-a-name",
        "addresses",
        "addressees",
    ],
)
def test_each_kind_of_finding_has_its_message(tmp_path, capsys, body, expected):
    spec = project(tmp_path, body)
    status, out, err = check(spec, capsys)
    assert status == 0
    assert err.replace(str(tmp_path) + "/", "") == (expected + "\n" if expected else "")
    warnings = expected.count("\n") + 1 if expected else 0
    plural = "" if warnings == 1 else "s"
    assert out == f"{spec}: ok" + (f", {warnings} warning{plural}" if warnings else "") + "\n"


QUOTES = """\
quotes:
  - text: {text}
    speaker: {speaker}
    source: article
"""


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        ("We counted every tent, and there were 340 of them in the camp", "Leila Haddad", ""),
        (
            "We counted every tent, and there were 430 of them in the camp",
            "Leila Haddad",
            "spec.yaml:5:11: quotes[0].text: warning: not found verbatim in source 1 "
            "(article.txt); nearest, line 3: '\"We counted every tent, and there were 340 of "
            "them in the camp,\" said Leila Haddad of Relief Now.'; the quote's 430 is not in that "
            "passage",
        ),
        (
            "We counted every tent",
            "Leila Haddad",
            "spec.yaml:5:11: quotes[0].text: warning: cut short: the quoted words go on in "
            "source 1 (article.txt) (', and there were 340 of them in the...'), line 3: "
            '\'"We counted every tent, and there were 340 of them in the camp," said Leila '
            "Haddad of Relief Now.'; mark the cut with … or quote the whole sentence",
        ),
        (
            "We counted every tent …",
            "Leila Haddad",
            "",
        ),
        (
            "We counted every tent … in the camp",
            "Leila Haddad",
            "spec.yaml:5:11: quotes[0].text: info: … leaves out 6 words of source 1 "
            "(article.txt), line 3: ', and there were 340 of them'",
        ),
        (
            "[Leila's team] counted every tent, and there were 340 of them in [Kafr Nabl's] camp",
            "Leila Haddad",
            "spec.yaml:5:11: quotes[0].text: info: [Kafr Nabl's] stands for 'the' in source 1 "
            "(article.txt), line 3\n"
            "spec.yaml:5:11: quotes[0].text: info: [Leila's team] is added to the words of "
            "source 1 (article.txt), line 3",
        ),
        (
            "The camp holds about 5,000 people",
            "Leila Haddad",
            "spec.yaml:5:11: quotes[0].text: warning: these words are in source 1 "
            "(article.txt), line 4: 'The camp holds about 5,000 people, roughly a quarter of "
            "the town.', but not between quotation marks: there they are the reporter's words, "
            "not a quote",
        ),
        (
            "We counted every tent, and there were 340 of them in the camp",
            "Omar Said",
            "spec.yaml:6:14: quotes[0].speaker: warning: 'Omar Said' is named in no source: "
            "not in source 1 (article.txt)\n"
            "spec.yaml:6:14: quotes[0].speaker: warning: 'Omar Said' is not named near this "
            "quote in source 1 (article.txt), line 3: '\"We counted every tent, and there were "
            "340 of them in the camp,\" said Leila Haddad of Relief Now.'",
        ),
        ("We counted every tent, and there were 340 of them in the camp", "Relief Now", ""),
    ],
    ids=[
        "verbatim",
        "number-changed",
        "cut-short",
        "cut-marked",
        "cut-inside",
        "insertion",
        "not-quoted",
        "other-speaker",
        "organisation-speaks",
    ],
)
def test_quotes(tmp_path, capsys, text, speaker, expected):
    spec = project(tmp_path, QUOTES.format(text=json.dumps(text), speaker=speaker))
    status, _, err = check(spec, capsys)
    assert status == 0
    assert err.replace(str(tmp_path) + "/", "") == (expected + "\n" if expected else "")


def test_strict_fails_on_warnings_and_calls_them_errors(tmp_path, capsys):
    spec = project(tmp_path, "subtitle: 1,500 people fled.\n")
    status, out, err = check(spec, capsys, "--strict")
    assert (status, out) == (2, "")
    assert err.startswith(f"{spec}:4:11: subtitle: error: '1,500 people' is not in source 1 ")


def test_infos_alone_pass_strict(tmp_path, capsys):
    spec = project(
        tmp_path, QUOTES.format(text="We counted every tent … in the camp", speaker="Leila Haddad")
    )
    status, out, err = check(spec, capsys, "--strict")
    assert (status, out) == (0, f"{spec}: ok\n")
    assert ": quotes[0].text: info: " in err


def test_json_holds_every_finding(tmp_path, capsys):
    spec = project(
        tmp_path, "subtitle: 1,500 people fled.\nfigures:\n  - {value: '340', label: tents}\n"
    )
    status, out, err = check(spec, capsys, "--format", "json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert document["strict"] is False and document["status"] == 0
    assert document["specs"] == [{"file": str(spec), "valid": True, "warnings": 2, "infos": 0}]
    assert document["findings"] == [
        {
            "file": str(spec),
            "line": 4,
            "column": 11,
            "key_path": "subtitle",
            "severity": "warning",
            "kind": "number-not-in-source",
            "message": "'1,500 people' is not in source 1 (article.txt); nearest, line 1: 'Aid "
            "groups said on Monday that more than 1,200 people fled Kafr Nabl in March.'",
            "source": "article",
            "source_number": 1,
            "source_file": "article.txt",
            "passage": {
                "line": 1,
                "text": "Aid groups said on Monday that more than 1,200 people fled Kafr Nabl in "
                "March.",
            },
        },
        {
            "file": str(spec),
            "line": 6,
            "column": 5,
            "key_path": "figures[0]",
            "severity": "warning",
            "kind": "uncited",
            "message": "this figure cites no source; add `source:` with the id of the source "
            "that backs it",
            "source": None,
            "source_number": None,
            "source_file": None,
            "passage": None,
        },
    ]


def test_json_holds_the_errors_of_an_invalid_spec(tmp_path, capsys):
    spec = project(tmp_path, "subtitle: [a list]\n")
    status, out, err = check(spec, capsys, "--format", "json", "--strict")
    assert (status, err) == (2, "")
    document = json.loads(out)
    assert document["status"] == 2 and document["strict"] is True
    assert document["specs"] == [{"file": str(spec), "valid": False, "warnings": 0, "infos": 0}]
    [error] = document["findings"]
    assert (error["line"], error["key_path"], error["severity"]) == (4, "subtitle", "error")


def test_a_spec_without_source_texts_fails_only_strict(tmp_path, capsys):
    spec = project(tmp_path, "", sources="sources:\n  - {id: a, title: A}\n")
    assert check(spec, capsys) == (0, f"{spec}: ok\n", "")
    status, out, err = check(spec, capsys, "--strict")
    assert (status, out) == (2, "")
    assert err == (
        f"{spec}:5:3: sources: error: no source has a `text:` (a local copy of its text), so no "
        "claim could be checked against a source; add one, or check without --strict\n"
    )


def test_claims_citing_only_a_source_without_text_are_listed(tmp_path, capsys):
    sources = SOURCES + "  - {id: report, title: The report}\n"
    body = "figures:\n  - {value: '9,999', label: people, source: report}\n"
    spec = project(tmp_path, body, sources=sources)
    status, out, err = check(spec, capsys, "--strict")
    assert (status, out) == (0, f"{spec}: ok\n")
    assert err == (
        f"{spec}:10:5: sources[1]: info: source 2 (report) has no `text:`, so 2 claims citing "
        "only it could not be checked\n"
    )


@pytest.mark.parametrize(
    ("text", "make", "expected"),
    [
        ("sources/none.txt", None, "no file at 'sources/none.txt'"),
        (
            "/etc/passwd",
            None,
            "asset paths must be relative to the spec's folder, found '/etc/passwd'",
        ),
        (
            "../outside.txt",
            "outside",
            "'../outside.txt' is outside {root}"
            ", the folder briefing may read; "
            "run briefing from a folder that holds both files, or pass --root DIR",
        ),
        ("sources", None, "'sources' is not a regular file"),
        (
            "sources/latin.txt",
            "latin",
            "'sources/latin.txt' is not UTF-8 text (byte 0xe9 at line 2, column 3 cannot be "
            "decoded); save it as UTF-8",
        ),
        ("sources/utf16.txt", "utf16", "'sources/utf16.txt' is UTF-16 text; save it as UTF-8"),
        (
            "sources/big.txt",
            "big",
            "'sources/big.txt' is 2,097,155 bytes; source texts may be at most 2,097,152 bytes",
        ),
    ],
    ids=["missing", "absolute", "outside", "folder", "latin-1", "utf-16", "too-big"],
)
def test_a_source_text_that_cannot_be_used_is_a_located_error(
    tmp_path, capsys, text, make, expected
):
    root = tmp_path / "project"
    root.mkdir()
    sources = f"sources:\n  - id: article\n    title: A\n    text: {text}\n"
    spec = project(root, "", sources=sources)
    folder = root / "sources"
    if make == "outside":
        (tmp_path / "outside.txt").write_text("SECRET", encoding="utf-8")
    elif make == "latin":
        (folder / "latin.txt").write_bytes(b"ok\nca\xe9\n")
    elif make == "utf16":
        (folder / "utf16.txt").write_bytes("text".encode("utf-16"))
    elif make == "big":
        (folder / "big.txt").write_bytes(b"word " * (2 * 1024 * 1024 // 5 + 1))
    for options in ([], ["--strict"]):
        status, out, err = check(spec, capsys, *options)
        assert (status, out) == (2, "")
        message = expected.replace("{root}", str(root))
        assert err == f"{spec}:7:11: sources[0].text: {message}\n"
        assert "SECRET" not in err


def test_all_the_texts_of_a_spec_have_a_budget(tmp_path, capsys):
    chunk = ("A sentence of the report. " * 80_000)[: 2 * 1024 * 1024 - 10]
    sources = "sources:\n"
    for i in range(5):
        (tmp_path / "sources").mkdir(exist_ok=True)
        (tmp_path / "sources" / f"part{i}.txt").write_text(chunk + str(i), encoding="utf-8")
        sources += f"  - {{id: s{i}, title: Part, text: sources/part{i}.txt}}\n"
    spec = project(tmp_path, "", sources=sources)
    started = time.monotonic()
    status, _, err = check(spec, capsys)
    assert time.monotonic() - started < 10
    assert status == 2
    assert err == (
        f"{spec}:9:33: sources[4].text: the source texts of this spec are more than 8,388,608 "
        "bytes together; they may be at most 8,388,608 bytes\n"
    )


def test_a_long_source_is_checked_in_seconds(tmp_path, capsys):
    article = (ARTICLE.replace("\n", " ") + "\n\n") * 4_000
    assert len(article.encode()) > 1_500_000
    body = "findings:\n" + "".join(
        f"  - {{heading: H, text: 'Some {i:,} people and Org{i} Group fled.', sources: article}}\n"
        for i in range(100)
    )
    spec = project(tmp_path, body, article=article)
    started = time.monotonic()
    status, _, err = check(spec, capsys)
    elapsed = time.monotonic() - started
    assert status == 0
    assert err.count(": warning: ") == 201 and "the check stopped after 200 findings" in err
    assert elapsed < 15, elapsed


def test_messages_show_hostile_source_text_as_escapes(tmp_path, capsys):
    article = "More than 1,200 people fled\x1b[2J the \u202etown.\n"
    spec = project(tmp_path, "subtitle: 1,500 people fled the town.\n", article=article)
    status, _, err = check(spec, capsys)
    assert status == 0
    assert "\x1b" not in err and "\u202e" not in err
    assert "fled\\x1b[2J the \\u202etown." in err


def test_the_output_is_the_same_every_time(tmp_path):
    spec = project(tmp_path, "subtitle: Some 1,500 people and Omar Said fled the town.\n")
    runs = [
        subprocess.run(
            [sys.executable, "-m", "briefing", "check", "--format", "json", str(spec)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and json.loads(runs[0])["specs"][0]["warnings"] == 2


def test_make_never_reads_source_texts(tmp_path):
    spec = project(
        tmp_path, "", sources="sources:\n  - {id: a, title: A, text: sources/none.txt}\n"
    )
    code = (
        "import sys; from briefing.cli import main; "
        f"status = main(['make', {str(spec)!r}, '--out-dir', {str(tmp_path / 'out')!r}]); "
        "print(status, 'rapidfuzz' in sys.modules, 'briefing.check.provenance' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "0 False False"


def test_the_raqqa_check_is_fast():
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", "--strict", str(RAQQA)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("more than two million images", [("count", 2_000_000, "lower", "more than 2 million")]),
        ("about a tenth of the deaths", [("percent", 10, "about", "about a tenth")]),
        ("nearly 80% destroyed", [("percent", 80, "upper", "nearly 80%")]),
        ("about 10 per cent of the total", [("percent", 10, "about", "about 10%")]),
        (
            "in 2014, and 2014 civilians",
            [("year", 2014, "exact", "2014"), ("count", 2014, "exact", "2,014")],
        ),
        ("tens of thousands of shells", [("vague", 0, "exact", "tens of thousands")]),
        ("one in ten people", [("percent", 10, "exact", "10%")]),
        (
            "1.5 million and 1,600 or more",
            [
                ("count", 1_500_000, "exact", "1.5 million"),
                ("count", 1600, "lower", "1,600 or more"),
            ],
        ),
        ("on behalf of the first one", []),
    ],
)
def test_numbers_are_read_with_kind_and_qualifier(text, read):
    found = [(q.kind, q.value, q.bound, q.shown) for q in quantities(text)]
    assert found == read


def test_numbers_follow_the_language():
    assert [q.value for q in quantities("1 600,5 personnes et deux millions", language="fr")] == [
        1600.5,
        2_000_000,
    ]
    assert [q.value for q in quantities("1.600,5 Menschen", language="de-DE")] == [1600.5]


def test_names_are_runs_of_capitals_inside_sentences():
    assert names_in(
        "The governments of the United States, the United Kingdom and France. Amnesty's "
        "Donatella Rovera spoke to AFP; Raqqa was destroyed. The Syrian Observatory for Human "
        "Rights agreed."
    ) == [
        "United States",
        "United Kingdom",
        "France",
        "Donatella Rovera",
        "AFP",
        "Syrian Observatory for Human Rights",
    ]


def test_organisations_are_claims_only_when_someone_else_publishes(tmp_path, capsys):
    spec = project(tmp_path, "")
    spec.write_text(spec.read_text().replace("Relief Now", "Hope Aid"))
    assert check(spec, capsys) == (0, f"{spec}: ok\n", "")
    spec.write_text(spec.read_text().replace("summary:", "publisher: Desk\nsummary:"))
    status, out, err = check(spec, capsys)
    assert (status, out) == (0, f"{spec}: ok, 1 warning\n")
    assert err == (
        f"{spec}:2:16: organisations[0]: warning: 'Hope Aid' is named in no source: not in "
        "source 1 (article.txt); nearest, line 1: 'Aid groups said on Monday that more than "
        "1,200 people fled Kafr Nabl in March.'\n"
    )
