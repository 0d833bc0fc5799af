"""Turn a recipients file (CSV or YAML) into rows, or located problems: untrusted input, read
within budgets.

A recipients file comes from partners. It must be a regular file within the budgets below; CSV
is read by the `csv` module as a spreadsheet writes it (quoted line breaks kept, `,`, `;` or tab
as the separator, told from the header row); duplicate columns or keys, unnamed columns and
control characters are located errors.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, SpecError
from .yamlsource import MAX_BYTES as MAX_YAML_BYTES
from .yamlsource import MappingNode, Node, ScalarNode, SequenceNode, load_yaml, location_of

MAX_BYTES = 10 * 1024 * 1024
"""Size of a CSV recipients file (a YAML one: `yamlsource.MAX_BYTES`)."""
MAX_ROWS = 10_000
MAX_COLUMNS = 100
MAX_FIELD = 10_000
"""Characters in one field of one row."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAK = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_SEPARATORS = {",": "','", ";": "';'", "\t": "tab"}


@dataclass(frozen=True)
class Recipient:
    """One row: its 1-based number, where it sits in its file, and its fields."""

    number: int
    location: Location
    fields: dict[str, str]


def _fail(file: str, line: int, key_path: str, message: str, column: int = 1) -> SpecError:
    return SpecError([Problem(Location(file, line, column), key_path, message)])


def load_recipients(path: Path) -> list[Recipient]:
    """The rows of a CSV or YAML recipients file; `SpecError` (located) if it is unusable."""
    file = str(path)
    is_yaml = path.suffix.lower() in (".yaml", ".yml")
    limit = MAX_YAML_BYTES if is_yaml else MAX_BYTES
    try:
        info = os.stat(path)
    except OSError as err:
        raise _fail(file, 1, "", f"cannot read the recipients file ({err.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(file, 1, "", "not a regular file")
    if info.st_size > limit:
        kind = "a YAML recipients file" if is_yaml else "a recipients file"
        raise _fail(
            file,
            1,
            "",
            f"the file is {info.st_size:,} bytes; {kind} may be at most {limit:,} bytes",
        )
    return _from_yaml(path) if is_yaml else _from_csv(file, _read_text(path, limit))


def _read_text(path: Path, limit: int) -> str:
    file = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise _fail(file, 1, "", f"cannot read the recipients file ({err.strerror})") from None
    if len(data) > limit:
        raise _fail(file, 1, "", f"the file grew over {limit:,} bytes while it was read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, 1, "", "the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        raise _fail(
            file,
            before.count(b"\n") + 1,
            "",
            f"the file is not UTF-8 text (byte 0x{data[err.start]:02x} cannot be decoded); "
            "save it as UTF-8 (CSV UTF-8)",
            column=err.start - (before.rfind(b"\n") + 1) + 1,
        ) from None


def _from_csv(file: str, text: str) -> list[Recipient]:
    """Rows of CSV text; a row is located on the line where it starts (a quoted cell may hold
    line breaks, so the reader's own line number is where the row ends)."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_separator(file, text), strict=True
    )
    header: list[str] | None = None
    rows: list[Recipient] = []
    problems: list[Problem] = []
    end = 0
    previous_limit = csv.field_size_limit(MAX_FIELD)
    try:
        while True:
            start, key_path = end + 1, "header" if header is None else f"row {len(rows) + 1}"
            try:
                cells = next(reader, None)
            except csv.Error as err:
                raise _fail(file, start, key_path, _csv_message(str(err))) from None
            end = reader.line_num
            if cells is None:
                break
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _header(file, start, cells)
            elif len(rows) == MAX_ROWS:
                raise _fail(
                    file,
                    start,
                    key_path,
                    f"a recipients file may hold at most {MAX_ROWS:,} "
                    "rows; split it into several files",
                )
            else:
                rows.append(
                    _csv_row(Location(file, start, 1), len(rows) + 1, header, cells, problems)
                )
    finally:
        csv.field_size_limit(previous_limit)
    if problems:
        raise SpecError(problems)
    if not rows:
        raise _fail(
            file,
            1,
            "",
            "the recipients file has no rows; it needs a header row and one row per recipient",
        )
    return rows


def _csv_message(error: str) -> str:
    if error.startswith("field larger than field limit"):
        return (
            f"a cell is longer than {MAX_FIELD:,} characters, the most a recipients field may hold"
        )
    return f"this is not valid CSV ({error}); check the quotes in it"


def _separator(file: str, text: str) -> str:
    """`,`, `;` or tab: the one found between the names of the header row (comma if none)."""
    number, line = next(
        ((n, line) for n, line in enumerate(io.StringIO(text, newline=""), 1) if line.strip()),
        (1, ""),
    )
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    found = [_SEPARATORS[s] for s, n in counts.items() if n]
    if len(found) > 1:
        raise _fail(
            file,
            number,
            "header",
            f"the header row has both {' and '.join(found)} between its "
            "names, so the separator is ambiguous; use only one of them (a comma, for CSV)",
        )
    return next((s for s, n in counts.items() if n), ",")


def _header(file: str, line: int, cells: list[str]) -> list[str]:
    """The column names; `SpecError` for too many columns, unnamed or repeated ones."""
    location = Location(file, line, 1)
    if len(cells) > MAX_COLUMNS:
        raise SpecError(
            [
                Problem(
                    location,
                    "header",
                    f"{len(cells)} columns; a recipients file may have at most {MAX_COLUMNS}",
                )
            ]
        )
    names = [cell.strip() for cell in cells]
    problems = []
    first: dict[str, int] = {}
    for column, name in enumerate(names, start=1):
        control = _control(name)
        if control:
            problems.append(Problem(location, "header", f"column {column}: {control}"))
        elif not name:
            problems.append(
                Problem(location, "header", f"column {column} has no name; name every column")
            )
        elif name in first:
            problems.append(
                Problem(
                    location,
                    "header",
                    f"column {column} {name!r} repeats column {first[name]}; every column "
                    "needs its own name",
                )
            )
        first.setdefault(name, column)
    if problems:
        raise SpecError(problems)
    return names


def _csv_row(
    location: Location, number: int, header: list[str], cells: list[str], problems: list[Problem]
) -> Recipient:
    key_path = f"row {number}"
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        problems.append(
            Problem(
                location,
                key_path,
                f"the row has {len(cells)} cells but the header has {len(header)} columns",
            )
        )
    fields = {}
    padded = (cells + [""] * len(header))[: len(header)]
    for name, cell in zip(header, padded, strict=True):
        control = _control(cell)
        if control:
            problems.append(Problem(location, key_path, f"{name!r}: {control}"))
        fields[name] = _LINE_BREAK.sub("\n", cell).strip()
    return Recipient(number, location, fields)


def _control(text: str) -> str | None:
    match = _CONTROL.search(text)
    return f"control character U+{ord(match.group()):04X} is not allowed" if match else None


def _from_yaml(path: Path) -> list[Recipient]:
    root = load_yaml(path, kind="recipients file", max_nodes=2 * MAX_ROWS * (MAX_COLUMNS + 1) + 4)
    file = str(path)
    problems = _duplicates(root, file, "")
    items = next(
        (v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "recipients"), None
    )
    if not isinstance(items, SequenceNode) or not items.value:
        problems.append(
            Problem(
                location_of(items or root, file),
                "recipients",
                "expected `recipients:` with a list of mappings",
            )
        )
        raise SpecError(problems)
    if len(items.value) > MAX_ROWS:
        raise SpecError(
            [
                Problem(
                    location_of(items.value[MAX_ROWS], file),
                    f"recipients[{MAX_ROWS}]",
                    f"a recipients file may hold at most {MAX_ROWS:,} rows; split it into "
                    "several files",
                )
            ]
        )
    rows = [
        _yaml_row(file, number, item, problems) for number, item in enumerate(items.value, start=1)
    ]
    if problems:
        raise SpecError(problems)
    return rows


def _yaml_row(file: str, number: int, item: Node, problems: list[Problem]) -> Recipient:
    key_path = f"recipients[{number - 1}]"
    location = location_of(item, file)
    if not isinstance(item, MappingNode) or not all(
        isinstance(k, ScalarNode) and isinstance(v, ScalarNode) for k, v in item.value
    ):
        problems.append(Problem(location, key_path, "expected a mapping of field names to text"))
        return Recipient(number, location, {})
    if len(item.value) > MAX_COLUMNS:
        problems.append(
            Problem(
                location,
                key_path,
                f"{len(item.value)} fields; a recipient may have at most {MAX_COLUMNS}",
            )
        )
    problems += _duplicates(item, file, key_path)
    fields = {}
    for key, value in item.value:
        where = f"{key_path}.{key.value}"
        if not key.value.strip():
            problems.append(Problem(location_of(key, file), key_path, "a field has no name"))
        for node, text in ((key, key.value), (value, value.value)):
            control = _control(text)
            if control:
                problems.append(Problem(location_of(node, file), where, control))
        if len(value.value) > MAX_FIELD:
            problems.append(
                Problem(
                    location_of(value, file),
                    where,
                    f"{len(value.value):,} characters; a recipients field may hold at most "
                    f"{MAX_FIELD:,}",
                )
            )
        fields[key.value] = _LINE_BREAK.sub("\n", value.value).strip()
    return Recipient(number, location, fields)


def _duplicates(mapping: MappingNode, file: str, key_path: str) -> list[Problem]:
    """A problem for every key given twice in `mapping`, naming the line of the first."""
    problems = []
    first: dict[str, Node] = {}
    for key, _ in mapping.value:
        if isinstance(key, ScalarNode):
            earlier = first.setdefault(key.value, key)
            if earlier is not key:
                problems.append(
                    Problem(
                        location_of(key, file),
                        f"{key_path}.{key.value}" if key_path else key.value,
                        f"duplicate key; first given on line {earlier.start_mark.line + 1}",
                    )
                )
    return problems
