"""Recipient files are untrusted: read with the csv module as a spreadsheet writes them, within
budgets, with every problem located; row values fill the spec as plain text only."""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.spec.markup import to_paragraph
from briefing.spec.recipients import load_recipients

import pdfcheck

HEADER = "name,title,organisation,country,ask\n"


def letter(
    tmp_path: Path, summary: str = "Dear {{name}}, twelve water points were destroyed."
) -> Path:
    """A one-page spec that uses `{{name}}` (and whatever `summary` uses)."""
    spec = tmp_path / "letter.yaml"
    spec.write_text(
        "title: Water points destroyed in three districts\n"
        "organisations: Example Rights Watch\n"
        "addressed_to: Prepared for {{name}}\n"
        f"summary: {json.dumps(summary)}\n"
        "layouts: one-page\n",
        encoding="utf-8",
    )
    return spec


def make(tmp_path: Path, rows: Path, *extra: str, spec: Path | None = None) -> int:
    spec = spec or letter(tmp_path)
    out = str(tmp_path / "out")
    return main(["make", str(spec), "--recipients", str(rows), "--out-dir", out, *extra])


def write_rows(tmp_path: Path, text: str, name: str = "rows.csv") -> Path:
    rows = tmp_path / name
    rows.write_text(text, encoding="utf-8", newline="")
    return rows


def built(tmp_path: Path) -> list[str]:
    out = tmp_path / "out"
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def test_cells_keep_their_line_breaks_and_unicode_separators(tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["name", "ask"])
        writer.writerow(["Ana\u2028Lima", "Line one\nLine two"])
        writer.writerow(["Jonas\x85Berg", "Fund\r\nthe repair"])
    recipients = load_recipients(rows)
    assert [(r.number, r.location.line, r.fields) for r in recipients] == [
        (1, 2, {"name": "Ana\nLima", "ask": "Line one\nLine two"}),
        (2, 4, {"name": "Jonas\nBerg", "ask": "Fund\nthe repair"}),
    ]
    spec = letter(tmp_path, "Dear {{name}}: {{ask}}.")
    assert make(tmp_path, rows, "--name", "{name}", spec=spec) == 0
    assert built(tmp_path) == ["Ana-Lima-one-page.pdf", "Jonas-Berg-one-page.pdf"]
    assert "Dear Ana Lima: Line one Line two." in pdfcheck.text(
        tmp_path / "out" / built(tmp_path)[0]
    )
    assert "Dear Jonas Berg: Fund the repair." in pdfcheck.text(
        tmp_path / "out" / built(tmp_path)[1]
    )


def test_a_row_is_located_on_the_line_where_it_starts(tmp_path, capsys):
    rows = write_rows(tmp_path, 'name,note\n"Ana",\n\n"Jonas","three\nlines\nlong"\n"",x\n')
    assert make(tmp_path, rows) == 2
    assert capsys.readouterr().err == (
        f"{rows}:7:1: row 3: 'name' is empty; the spec uses it in addressed_to "
        f"({tmp_path / 'letter.yaml'}:3:15)\n"
    )
    assert [r.location.line for r in load_recipients(rows)] == [2, 4, 7]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEADER + "Ana,M,O,B," + "x" * 140_000 + "\n",
            "2:1: row 1: a cell is longer than "
            "10,000 characters, the most a recipients field may hold",
        ),
        (
            "name," + "x" * 10_001 + "\n",
            "1:1: header: a cell is longer than 10,000 characters, "
            "the most a recipients field may hold",
        ),
        (
            ",".join(f"c{i}" for i in range(101)) + "\n",
            "1:1: header: 101 columns; a recipients file may have at most 100",
        ),
        (
            "name\n" + "Ana\n" * 10_001,
            "10002:1: row 10001: a recipients file may hold at most "
            "10,000 rows; split it into several files",
        ),
        (
            'name,ask\nAna,x\n"Jonas,y\nChloé,z\n',
            "3:1: row 2: this is not valid CSV (unexpected end of data); check the quotes in it",
        ),
        (
            'name,ask\n"Ana"x,y\n',
            "2:1: row 1: this is not valid CSV (',' expected after '\"'); check the quotes in it",
        ),
        (
            "name,ask\nAna,\x1b[31mred\n",
            "2:1: row 1: 'ask': control character U+001B is not allowed",
        ),
        ("name,a\x00b\nAna,x\n", "1:1: header: column 2: control character U+0000 is not allowed"),
        (
            "name,title\nAna,M,extra\n",
            "2:1: row 1: the row has 3 cells but the header has 2 columns",
        ),
        ("name,,title\nAna,x,y\n", "1:1: header: column 2 has no name; name every column"),
        (
            "name,title, name\nAna,M,Bob\n",
            "1:1: header: column 3 'name' repeats column 1; every column needs its own name",
        ),
        (
            "name;title,organisation\nAna;M,O\n",
            "1:1: header: the header row has both ',' and "
            "';' between its names, so the separator is ambiguous; use only one of them (a comma, "
            "for CSV)",
        ),
        (
            "name\n\n",
            "1:1: the recipients file has no rows; it needs a header row and one row per recipient",
        ),
    ],
    ids=[
        "long-cell",
        "long-header",
        "columns",
        "rows",
        "unclosed-quote",
        "stray-quote",
        "escape-sequence",
        "nul-in-header",
        "extra-cells",
        "unnamed-column",
        "duplicate-column",
        "ambiguous-separator",
        "no-rows",
    ],
)
def test_bad_csv_gets_one_located_message(tmp_path, capsys, text, expected):
    rows = write_rows(tmp_path, text)
    started = time.perf_counter()
    assert make(tmp_path, rows) == 2
    assert time.perf_counter() - started < 5
    assert capsys.readouterr().err == f"{rows}:{expected}\n"
    assert not (tmp_path / "out").exists()


def test_a_field_of_exactly_the_limit_and_padded_rows_are_fine(tmp_path):
    rows = write_rows(tmp_path, "name,ask,\n" + "A" * 10_000 + ",,\n\n,,\nJonas\n")
    with pytest.raises(Exception) as refused:
        load_recipients(rows)
    assert str(refused.value) == f"{rows}:1:1: header: column 3 has no name; name every column"
    rows = write_rows(tmp_path, "name,ask\n" + "A" * 10_000 + ",x,,\n\n,,\nJonas\n")
    assert [
        (r.location.line, len(r.fields["name"]), r.fields["ask"]) for r in load_recipients(rows)
    ] == [
        (2, 10_000, "x"),
        (5, 5, ""),
    ]


def test_oversized_files_and_devices_are_refused_before_reading(tmp_path, capsys):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as stream:
        stream.truncate(10 * 1024 * 1024 + 1)
    big_yaml = tmp_path / "huge.yaml"
    with big_yaml.open("wb") as stream:
        stream.truncate(2 * 1024 * 1024 + 1)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    started = time.perf_counter()
    for rows in (huge, big_yaml, Path("/dev/zero"), fifo, folder, tmp_path / "missing.csv"):
        assert make(tmp_path, rows) == 2
    assert time.perf_counter() - started < 5
    assert capsys.readouterr().err.splitlines() == [
        f"{huge}:1:1: the file is 10,485,761 bytes; a recipients file may be at most "
        "10,485,760 bytes",
        f"{big_yaml}:1:1: the file is 2,097,153 bytes; a YAML recipients file may be at most "
        "2,097,152 bytes",
        "/dev/zero:1:1: not a regular file",
        f"{fifo}:1:1: not a regular file",
        f"{folder}:1:1: not a regular file",
        f"{tmp_path / 'missing.csv'}:1:1: cannot read the recipients file (No such file or "
        "directory)",
    ]


def test_text_that_is_not_utf8_is_located(tmp_path, capsys):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,ask\nAna,x\nChloé,y\n".encode("latin-1"))
    wide = tmp_path / "wide.csv"
    wide.write_bytes("name\task\nAna\tx\n".encode("utf-16"))
    assert make(tmp_path, latin) == 2
    assert make(tmp_path, wide) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{latin}:3:5: the file is not UTF-8 text (byte 0xe9 cannot be decoded); save it as "
        "UTF-8 (CSV UTF-8)",
        f"{wide}:1:1: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)",
    ]


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path, capsys, separator):
    rows = write_rows(
        tmp_path,
        "\ufeff"
        + separator.join(["name", "ask"])
        + "\r\n"
        + separator.join(["Ana Lima", '"Act, now; please"'])
        + "\r\n"
        + separator.join(["Jonas Berg", "Fund"])
        + "\r\n",
    )
    assert [r.fields for r in load_recipients(rows)] == [
        {"name": "Ana Lima", "ask": "Act, now; please"},
        {"name": "Jonas Berg", "ask": "Fund"},
    ]
    assert make(tmp_path, rows, "--name", "{name}") == 0
    assert built(tmp_path) == ["Ana-Lima-one-page.pdf", "Jonas-Berg-one-page.pdf"]


def test_yaml_rows_refuse_duplicate_keys_control_characters_and_long_values(tmp_path, capsys):
    rows = write_rows(
        tmp_path,
        "recipients:\n"
        "  - name: Ana\n"
        "    ask: Act\n"
        "    name: Bob\n"
        '  - {name: "Jo\\anas", ask: x, ask: y}\n'
        f"  - name: {'x' * 10_001}\n"
        "recipients: []\n",
        name="rows.yaml",
    )
    assert make(tmp_path, rows) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{rows}:4:5: recipients[0].name: duplicate key; first given on line 2",
        f"{rows}:5:12: recipients[1].name: control character U+0007 is not allowed",
        f"{rows}:5:31: recipients[1].ask: duplicate key; first given on line 5",
        f"{rows}:6:11: recipients[2].name: 10,001 characters; a recipients field may hold at most "
        "10,000",
        f"{rows}:7:1: recipients: duplicate key; first given on line 1",
    ]


def test_too_long_file_names_are_refused_by_row(tmp_path, capsys):
    rows = write_rows(tmp_path, "name,ask\nAna,x\n" + "A" * 101 + ",y\n" + "中" * 51 + ",z\n")
    assert make(tmp_path, rows, "--name", "{name}") == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{rows}:3:1: row 2: --name gives a file name of 101 characters ('{'A' * 30}'...); the "
        "most is 100 characters and 150 bytes in UTF-8: use fewer or shorter fields",
        f"{rows}:4:1: row 3: --name gives a file name of 153 bytes in UTF-8 ('{'中' * 30}'...); "
        "the most is 100 characters and 150 bytes in UTF-8: use fewer or shorter fields",
    ]
    assert not (tmp_path / "out").exists()


def test_file_names_are_slugged_and_never_leave_the_folder(tmp_path, capsys):
    rows = write_rows(tmp_path, "name,ask\n../../x,a\n..,b\nA\u0301na/\x7fb,c\n")
    assert make(tmp_path, rows, "--name", "{name}") == 2
    assert capsys.readouterr().err == (
        f"{rows}:4:1: row 3: 'name': control character U+007F is not allowed\n"
    )
    rows = write_rows(tmp_path, "name,ask\n../../x,a\n..,b\nA\u0301na/b,c\n")
    assert make(tmp_path, rows, "--name", "{name}") == 0
    assert built(tmp_path) == ["letter-0002-one-page.pdf", "x-one-page.pdf", "Ána-b-one-page.pdf"]
    assert make(tmp_path, rows, "--name", "{n}") == 0
    assert "1-one-page.pdf" in built(tmp_path)


def test_a_row_value_can_never_complete_or_open_markup(tmp_path, capsys):
    spec = letter(tmp_path, "[Donate]{{ask}} Dear \\{{name}}, see [our site](https://example.org).")
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(
            [
                ["name", "ask"],
                ["*Ana* **Lima** [x](https://evil.example)", "(https://evil.example)"],
            ]
        )
    assert make(tmp_path, rows, spec=spec) == 0
    pdf = tmp_path / "out" / "letter-0001-one-page.pdf"
    assert [link.uri for link in pdfcheck.links(pdf)] == ["https://example.org"]
    assert (
        "[Donate](https://evil.example) Dear \\*Ana* **Lima** [x](https://evil.example), see our "
        "site." in pdfcheck.text(pdf)
    )


def test_markup_escapes_parentheses():
    assert to_paragraph(r"[Donate]\(https://evil.example\)") == "[Donate](https://evil.example)"
    assert to_paragraph(r"\(a\) [Ana \(MP\) \*](https://x.org)") == (
        '(a) <a href="https://x.org" color="#1a4f8b">Ana (MP) *</a>'
    )


def test_recipients_with_a_template_from_the_command_line(tmp_path, capsys):
    template = tmp_path / "brand.yaml"
    template.write_text("description: Letter paper.\nextends: default\npage_size: letter\n")
    rows = write_rows(tmp_path, "name\nAna\n")
    spec = letter(tmp_path)
    spec.write_text(spec.read_text() + "template: house-style-the-partner-never-sent\n")
    assert make(tmp_path, rows, "--template", str(template), spec=spec) == 0
    pdf = pdfcheck.reader(tmp_path / "out" / "letter-0001-one-page.pdf")
    assert [float(x) for x in pdf.pages[0].mediabox] == [0, 0, 612, 792]


def test_a_row_value_cannot_bring_a_word_longer_than_a_line(tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text(f"name\nAna\n{'Z' * 121}\n", encoding="utf-8")
    assert make(tmp_path, rows) == 2
    letter_yaml = tmp_path / "letter.yaml"
    assert capsys.readouterr().err.splitlines() == [
        f"{rows}:3:1: row 2: filled in, {key} ({letter_yaml}:{where}) breaks its rule: expected "
        f"words of at most 120 characters (a longer one cannot break into lines), found one of "
        f"{length}: 'ZZZZZZZZZZZZZZZZZZZZ...'"
        for key, where, length in (("addressed_to", "3:15", 121), ("summary", "4:10", 122))
    ]


def test_filled_in_values_keep_the_rules_of_their_fields(tmp_path, capsys):
    spec = tmp_path / "letter.yaml"
    spec.write_text(
        "title: Water points destroyed for {{name}}\n"
        "organisations: Example Rights Watch\n"
        "summary: Hello {{name}}.\n"
        "sources:\n"
        "  - {id: s, title: Src, url: 'https://example.org/?q={{slug}}', qr: true}\n"
        "contacts:\n"
        "  - {name: Desk, email: 'desk+{{slug}}@example.org'}\n"
        "layouts: one-page\n",
        encoding="utf-8",
    )
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["name", "slug"])
        writer.writerow(["Ana", "ok"])
        writer.writerow(["Cy", " ".join(["a" * 100] * 12)])
        writer.writerow(["Di", "x@evil.example?cc=boss@corp"])
        writer.writerow([" ".join(["Long"] * 50), "ok"])
    assert make(tmp_path, rows, spec=spec) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{rows}:3:1: row 2: filled in, contacts[0].email ({spec}:7:25) breaks its rule: "
        "expected at most 254 characters, found 1,228",
        f"{rows}:4:1: row 3: filled in, contacts[0].email ({spec}:7:25) breaks its rule: "
        "expected an email address, found 'desk+x@evil.example?cc=boss@corp@example.org'",
        f"{rows}:5:1: row 4: filled in, title ({spec}:1:8) breaks its rule: expected at most "
        "200 characters, found 276",
    ]
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["letter-0001-one-page.pdf"]


def test_a_filled_in_web_address_too_long_for_its_qr_code_is_refused(tmp_path, capsys):
    spec = tmp_path / "letter.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: Hello {{name}}.\nlayouts: one-page\n"
        "sources:\n  - {id: s, title: Src, url: 'https://example.org/{{slug}}', qr: true}\n",
        encoding="utf-8",
    )
    rows = tmp_path / "rows.csv"
    rows.write_text(f"name,slug\nAna,{'a' * 100 + '/' + 'b' * 1000}\n", encoding="utf-8")
    assert make(tmp_path, rows, spec=spec) == 2
    assert capsys.readouterr().err == (
        f"{rows}:2:1: row 1: filled in, sources[0].url ({spec}:6:30) breaks its rule: expected a "
        "web address of at most 1,000 bytes for a QR code (`qr: true`), found 1,121; a longer "
        "code cannot be scanned at its size\n"
    )
