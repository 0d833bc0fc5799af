"""Turn a recipients file and a spec into one personalised spec per row (mail-merge).

A spec names row fields as `{{field}}` in any text: `addressed_to: Prepared for {{title}}
{{name}}`, a demand `to: the Government of {{country}}`. Each row of the recipients file (CSV
with a header row, or YAML: `recipients:` followed by a list of mappings) fills them in as plain
text. A field the spec uses but the file lacks, or leaves empty in a row, is an error that names
the file, the row and where the spec uses it. File names come from a pattern over the same
fields (`--name "{country}-{name}"`), by default the row number.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Location, Problem, SpecError
from .spec import Markup, Spec
from .validate import LoadedSpec
from .yamlsource import MappingNode, ScalarNode, SequenceNode, load_yaml, location_of

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_NAME_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Recipient:
    """One row: its 1-based number, where it sits in its file, and its fields."""

    number: int
    location: Location
    fields: dict[str, str]


def load_recipients(path: Path) -> list[Recipient]:
    """The rows of a CSV or YAML recipients file; `SpecError` (located) if it is unusable."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        message = getattr(err, "strerror", None) or "not UTF-8 text"
        raise SpecError(
            [Problem(Location(str(path), 1, 1), "", f"cannot read the recipients file ({message})")]
        ) from None
    reader = csv.DictReader(text.splitlines())
    rows = []
    for number, row in enumerate(reader, start=1):
        if None in row:
            raise SpecError(
                [
                    Problem(
                        Location(str(path), reader.line_num, 1),
                        f"row {number}",
                        "the row has more cells than the header has columns",
                    )
                ]
            )
        rows.append(
            Recipient(
                number,
                Location(str(path), reader.line_num, 1),
                {k.strip(): (v or "").strip() for k, v in row.items()},
            )
        )
    if not rows:
        raise SpecError(
            [
                Problem(
                    Location(str(path), 1, 1),
                    "",
                    "the recipients file has no "
                    "rows; it needs a header row and one row per recipient",
                )
            ]
        )
    return rows


def _from_yaml(path: Path) -> list[Recipient]:
    root = load_yaml(path)
    file = str(path)
    items = next(
        (v for k, v in root.value if isinstance(k, ScalarNode) and k.value == "recipients"), None
    )
    if not isinstance(items, SequenceNode) or not items.value:
        raise SpecError(
            [
                Problem(
                    location_of(root, file),
                    "recipients",
                    "expected `recipients:` with a list of mappings",
                )
            ]
        )
    rows = []
    for number, item in enumerate(items.value, start=1):
        if not isinstance(item, MappingNode) or not all(
            isinstance(k, ScalarNode) and isinstance(v, ScalarNode) for k, v in item.value
        ):
            raise SpecError(
                [
                    Problem(
                        location_of(item, file),
                        f"recipients[{number - 1}]",
                        "expected a mapping of field names to text",
                    )
                ]
            )
        rows.append(
            Recipient(
                number, location_of(item, file), {k.value: v.value.strip() for k, v in item.value}
            )
        )
    return rows


def placeholders(spec: Spec) -> dict[str, list[str]]:
    """Field name -> the key paths of the spec texts that use it."""
    from .glyphs import strings

    used: dict[str, list[str]] = {}
    for key_path, text in strings(spec):
        for name in PLACEHOLDER.findall(text):
            used.setdefault(name, []).append(key_path)
    return used


def check_recipients(
    loaded: LoadedSpec, rows: list[Recipient], *, name_pattern: str | None = None
) -> None:
    """Every field the spec (or the file-name pattern) uses is present and filled in."""
    used = placeholders(loaded.spec)
    for name in _NAME_FIELD.findall(name_pattern or ""):
        if name != "n":
            used.setdefault(name, []).append("--name")
    problems = []
    for name, key_paths in used.items():
        if key_paths[0] == "--name":
            use, use_it = f"--name uses {{{name}}}", "--name uses it"
        else:
            where = f"{key_paths[0]} ({loaded.where(key_paths[0])})"
            use = f"the spec uses {{{{{name}}}}} in {where}"
            use_it = f"the spec uses it in {where}"
        for row in rows:
            if name not in row.fields:
                problems.append(
                    Problem(row.location, f"row {row.number}", f"no field {name!r}; {use}")
                )
                break
            if not row.fields[name]:
                problems.append(
                    Problem(row.location, f"row {row.number}", f"{name!r} is empty; {use_it}")
                )
    if problems:
        raise SpecError(problems)


def personalise(loaded: LoadedSpec, row: Recipient) -> LoadedSpec:
    """The spec with every `{{field}}` filled from `row`, as plain text."""
    return dataclasses.replace(loaded, spec=_fill(loaded.spec, row.fields, Spec))


def _fill(value: Any, fields: dict[str, str], kind: Any) -> Any:
    if isinstance(value, str):

        def replace(match: re.Match[str]) -> str:
            text = fields[match.group(1)]
            return re.sub(r"([\\*\[\]])", r"\\\1", text) if kind is Markup else text

        return PLACEHOLDER.sub(replace, value)
    if isinstance(value, list):
        return [_fill(v, fields, kind) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, fields, kind) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        from .validate import schema_of

        hints = schema_of(type(value))[1]
        return dataclasses.replace(
            value,
            **{
                f.name: _fill(getattr(value, f.name), fields, _text_kind(hints[f.name]))
                for f in dataclasses.fields(value)
            },
        )
    return value


def _text_kind(tp: Any) -> Any:
    """Markup for fields that hold markup (alone, optional or in a list), else str."""
    import typing

    return (
        Markup
        if tp is Markup
        or Markup in typing.get_args(tp)
        or any(Markup in typing.get_args(a) for a in typing.get_args(tp))
        else str
    )


def file_stem(spec_path: Path, row: Recipient, pattern: str | None) -> str:
    """`raqqa-0003`, or the pattern filled from the row, made safe as a file name."""
    if pattern is None:
        return f"{spec_path.stem}-{row.number:04d}"
    filled = _NAME_FIELD.sub(
        lambda m: str(row.number) if m.group(1) == "n" else row.fields.get(m.group(1), ""), pattern
    )
    safe = re.sub(r"[^\w.-]+", "-", filled, flags=re.UNICODE).strip("-.")
    return safe or f"{spec_path.stem}-{row.number:04d}"
