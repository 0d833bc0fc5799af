"""Fuzzing recipient files, bounded for CI: random CSV and YAML tables (headers, quoting,
separators, line breaks inside cells, control characters, long fields, duplicate and empty
names, blank rows) either build one PDF per row or fail with located messages only, exit 2.

Not derandomised: each run explores new tables; Hypothesis prints how to reproduce a failure.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.errors import printable

import pdfcheck

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "40"))
"""Bounded for CI; set BRIEFING_FUZZ_EXAMPLES=1000 for a longer local run."""

SPEC = (
    "title: Water points destroyed in three districts\n"
    "organisations: Example Rights Watch\n"
    "addressed_to: Prepared for {{name}}\n"
    'summary: "Dear {{name}}, [Donate]{{name}} *twelve* water points were destroyed."\n'
    "layouts: one-page\n"
)

PIECES = st.sampled_from(
    [",", ";", "\t", '"', "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x00", "\x07",
     "\x1b[31m", "\x7f", " ", "*", "**", "[", "](", ")", "(https://evil.example)", "\\", "é",
     "中", "😀", "\u202e", "Ana", "Lima", "ana", "{n}", ".", "..", "/"]
)  # fmt: skip
WORD = st.text(st.sampled_from("abcdefghij ABCéñ-'."), min_size=1, max_size=10)
CELL = st.one_of(
    st.lists(st.one_of(WORD, PIECES), max_size=6).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
    *[WORD] * 8,
)
HEADER = st.one_of(
    st.sampled_from(["name", "ask", "", " name", "Name", "x;y", "a,b", "n\u2028m", "\x07"]),
    CELL,
)
HEADERS = st.one_of(
    st.just(["name"]),
    st.lists(st.sampled_from(["ask", "title", "country"]), max_size=3, unique=True).map(
        lambda names: ["name", *names]
    ),
    st.lists(HEADER, min_size=1, max_size=3).map(lambda names: ["name", *names]),
    st.lists(HEADER, min_size=1, max_size=3),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header and rows, mostly as wide as the header, now and then with a cell too long."""
    headers = draw(HEADERS)
    width = st.integers(0, len(headers) + 1) if draw(st.booleans()) else st.just(len(headers))
    rows = [
        draw(st.lists(CELL, min_size=n, max_size=n))
        for n in draw(st.lists(width, min_size=1, max_size=4))
    ]
    if draw(st.sampled_from(range(10))) == 7:
        long = draw(st.sampled_from([10_001, 140_000]))
        target = draw(st.sampled_from([r for r in rows if r] or [headers]))
        target[draw(st.integers(0, len(target) - 1))] = "x" * long
    return headers, rows


CSV_STYLE = st.tuples(
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from(["", "\ufeff"]),
)


def as_csv(headers: list[str], rows: list[list[str]], style: tuple[str, int, str, str]) -> str:
    delimiter, quoting, terminator, bom = style
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerows([headers, *rows])
    return bom + stream.getvalue()


def as_raw(headers: list[str], rows: list[list[str]], style: tuple[str, int, str, str]) -> str:
    """Cells joined with no quoting at all, as a careless script would write them."""
    delimiter, _, terminator, _ = style
    return "".join(delimiter.join(cells) + terminator for cells in [headers, *rows])


def as_yaml(headers: list[str], rows: list[list[str]]) -> str:
    """One mapping per row, keys in header order (repeated headers give repeated keys)."""
    lines = ["recipients:" + ("" if rows else " []")]
    for cells in rows:
        pairs = [f"{quoted(h)}: {quoted(v)}" for h, v in zip(headers, cells, strict=False)]
        lines.append("  - {" + ", ".join(pairs) + "}")
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: escapes for control characters and line breaks."""
    return "".join(
        c
        if c.isprintable() and c != "\x85" or c == " "
        else (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        for c in json.dumps(text, ensure_ascii=False)
    )


def located(line: str, files: tuple[Path, ...]) -> bool:
    """A located message, or the line it is on and the caret under it that follow one."""
    shown = re.match(r"  (\d+| +) \| ", line)
    return printable(line) == line and (
        shown is not None or any(re.match(rf"{re.escape(str(f))}:\d+:\d+: \S", line) for f in files)
    )


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def run(folder: Path, text: str, suffix: str, *options: str) -> tuple[int, str, list[str]]:
    """`briefing make` in-process on the spec above and a recipients file holding `text`."""
    spec = folder / "letter.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    recipients = folder / f"rows{suffix}"
    recipients.write_text(text, encoding="utf-8", newline="")
    args = ["make", str(spec), "--recipients", str(recipients), "--out-dir", str(folder / "out")]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main([*args, *options])
    return status, stdout.getvalue(), stderr.getvalue().splitlines()


@FUZZ
@given(
    table=tables(),
    kind=st.sampled_from(["csv", "csv", "yaml", "raw"]),
    style=CSV_STYLE,
    name=st.sampled_from([None, "{name}", "{n}", "{name}-{n}", "{ask}"]),
)
def test_random_recipient_files_build_or_fail_with_located_messages(table, kind, style, name):
    headers, rows = table
    if kind == "yaml":
        text = as_yaml(headers, rows)
    else:
        text = (as_csv if kind == "csv" else as_raw)(headers, rows, style)
    with TemporaryDirectory() as folder:
        suffix = ".yaml" if kind == "yaml" else ".csv"
        status, stdout, errors = run(
            Path(folder), text, suffix, *(["--name", name] if name else [])
        )
        event(f"{kind}: exit {status}")
        out = Path(folder) / "out"
        if status == 0:
            assert errors == []
            pdfs = sorted(out.iterdir())
            if kind == "csv":
                # The separator is read from the header row: a header of one column has none,
                # so the file is read with commas, as a spreadsheet would.
                separator = style[0] if len(headers) > 1 else ","
                records = list(
                    csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=separator)
                )
                blank = not any(cell.strip() for cell in records[0])
                data = [cells for cells in records[1:] if any(cell.strip() for cell in cells)]
                assert len(pdfs) == len(data) - (1 if blank else 0)
            reported = [line for line in stdout.splitlines() if line.endswith("page")]
            assert sorted(reported) == sorted(f"{p}: 1 page" for p in pdfs)
        else:
            assert status == 2, errors
            files = (Path(folder) / "letter.yaml", Path(folder) / f"rows{suffix}")
            assert errors and all(located(line, files) for line in errors), errors


NAME = st.text(st.sampled_from("abcdefghij ABCéñ-'"), min_size=1, max_size=12).filter(str.strip)
VALUE = st.lists(
    st.one_of(
        NAME,
        st.sampled_from(
            [",", ";", "\t", '"', "\n", "\r\n", "\u2028", "\x85", "*", "**", "[", "](", ")", "\\",
             "(https://evil.example)", "[x](https://evil.example)", "{n}", "{{name}}"]
        ),
    ),
    max_size=4,
).map("".join)  # fmt: skip


@FUZZ
@given(
    rows=st.lists(st.tuples(NAME, VALUE), min_size=1, max_size=3),
    style=CSV_STYLE,
    kind=st.sampled_from(["csv", "yaml"]),
)
def test_well_formed_recipient_files_build_one_pdf_per_row(rows, style, kind):
    """Separators, quotes, line breaks and markup inside cells are data: every row builds, and
    no row value makes a link."""
    table = [list(row) for row in rows]
    text = (
        as_csv(["name", "ask"], table, style) if kind == "csv" else as_yaml(["name", "ask"], table)
    )
    with TemporaryDirectory() as folder:
        suffix = ".yaml" if kind == "yaml" else ".csv"
        status, stdout, errors = run(Path(folder), text, suffix, "--name", "{n}")
        assert (status, errors) == (0, [])
        pdfs = sorted((Path(folder) / "out").iterdir())
        assert [p.name for p in pdfs] == [f"{n}-one-page.pdf" for n in range(1, len(rows) + 1)]
        for pdf in pdfs:
            assert pdfcheck.links(pdf) == []
