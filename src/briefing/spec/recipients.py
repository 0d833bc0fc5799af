"""Turn a spec and recipient rows into one personalised spec per row (mail-merge).

A spec names row fields as `{{field}}` in any text: `addressed_to: Prepared for {{title}}
{{name}}`, a demand `to: the Government of {{country}}`. Each row of the recipients file (read by
`recipientfiles.py`) fills them in as plain text: a row value can never open, close or complete
any inline markup. A field the spec uses but the file lacks, or leaves empty in a row, is an
error that names the file, the row and where the spec uses it. File names come from a pattern
over the same fields (`--name "{country}-{name}"`), by default the row number.
"""

from __future__ import annotations

import dataclasses
import re
import typing
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import Problem, SpecError
from .markup import ESCAPABLE
from .recipientfiles import Recipient, load_recipients
from .records import Markup
from .spec import Spec
from .validate import LoadedSpec

__all__ = ["Recipient", "load_recipients", "check_recipients", "personalise", "file_stems"]

MAX_NAME = 100
MAX_NAME_BYTES = 150
"""A file name from `--name`, before its audience and layout: characters, and bytes in UTF-8
(file systems count bytes, 255 at most, and the layout and a temporary suffix need room)."""

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_NAME_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")
_LITERAL = re.compile(f"([{re.escape(ESCAPABLE)}])")


def placeholders(spec: Spec) -> dict[str, list[str]]:
    """Field name -> the key paths of the spec texts that use it."""
    from .walker import strings

    return placeholders_in(strings(spec))


def placeholders_in(texts: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """`placeholders` of the texts of a spec (`walker.strings`), walked already."""
    used: dict[str, list[str]] = {}
    for key_path, text in texts:
        if "{{" in text:  # every PLACEHOLDER starts so: most texts need no search
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
    """The spec with every `{{field}}` filled from `row`, as plain text; `SpecError` at the row
    if a filled-in text breaks its field's rules (length, words, web and email addresses, QR
    codes), which were checked on the spec before anything was filled in."""
    from .crosschecks import model_problems

    problems: list[tuple[str, str]] = []
    spec = _fill(loaded.spec, row.fields, Spec, "", problems=problems, meta=None, check=None)
    if not problems:
        problems = model_problems(spec)
    if problems:
        raise SpecError(
            [
                Problem(
                    row.location,
                    f"row {row.number}",
                    f"filled in, {key_path} ({loaded.where(key_path)}) breaks its rule: {message}",
                )
                for key_path, message in problems
            ]
        )
    return dataclasses.replace(loaded, spec=spec)


def _fill(
    value: Any,
    fields: dict[str, str],
    kind: Any,
    key_path: str,
    *,
    problems: list[tuple[str, str]],
    meta: Any,
    check: Any,
) -> Any:
    if isinstance(value, str):
        if kind is Markup:
            filled = PLACEHOLDER.sub(lambda match: _literal(match, fields), value)
        else:
            filled = PLACEHOLDER.sub(lambda match: fields[match.group(1)], value)
        if filled != value and meta is not None:
            from .walker import text_problem

            message = text_problem(filled, markup_text=kind is Markup, meta=meta)
            message = message or (check(filled) if check else None)
            if message:
                problems.append((key_path, message))
        return filled
    if isinstance(value, list):
        return [
            _fill(v, fields, kind, f"{key_path}[{i}]", problems=problems, meta=meta, check=check)
            for i, v in enumerate(value)
        ]
    if isinstance(value, dict):
        return {
            k: _fill(v, fields, kind, f"{key_path}.{k}", problems=problems, meta=meta, check=check)
            for k, v in value.items()
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        from .crosschecks import FIELD_CHECKS
        from .walker import schema_of

        hints = schema_of(type(value))[1]
        filled_fields = {}
        for f in dataclasses.fields(value):
            child = f"{key_path}.{f.name}" if key_path else f.name
            filled_fields[f.name] = _fill(
                getattr(value, f.name),
                fields,
                _text_kind(hints[f.name]),
                child,
                problems=problems,
                meta=f.metadata,
                check=FIELD_CHECKS.get((type(value).__name__, f.name)),
            )
        return dataclasses.replace(value, **filled_fields)
    return value


def _literal(match: re.Match[str], fields: dict[str, str]) -> str:
    """A row's value for markup text, every markup character escaped. A lone backslash just
    before the placeholder is doubled: it printed as itself, and must not escape the value's
    first backslash and so free the character after it."""
    before = match.string[: match.start()]
    backslashes = len(before) - len(before.rstrip("\\"))
    return "\\" * (backslashes % 2) + _LITERAL.sub(r"\\\1", fields[match.group(1)])


def _text_kind(tp: Any) -> Any:
    """Markup for fields that hold markup (alone, optional or in a list), else str."""
    return (
        Markup
        if tp is Markup
        or Markup in typing.get_args(tp)
        or any(Markup in typing.get_args(a) for a in typing.get_args(tp))
        else str
    )


def file_stems(spec_path: Path, rows: list[Recipient], pattern: str | None) -> list[str]:
    """Each row's file name stem: `raqqa-0003`, or `--name`'s pattern filled from the row and
    made safe (letters, digits, `.`, `-`, `_`; never `.`, `..` or empty). `SpecError` naming
    every row whose name is longer than `MAX_NAME` characters or `MAX_NAME_BYTES` bytes."""
    stems, problems = [], []
    for row in rows:
        stem = _file_stem(spec_path, row, pattern)
        size = len(stem.encode("utf-8"))
        if len(stem) > MAX_NAME or size > MAX_NAME_BYTES:
            long = f"{len(stem)} characters" if len(stem) > MAX_NAME else f"{size} bytes in UTF-8"
            problems.append(
                Problem(
                    row.location,
                    f"row {row.number}",
                    f"--name gives a file name of {long} ({stem[:30]!r}...); the most is "
                    f"{MAX_NAME} characters and {MAX_NAME_BYTES} bytes in UTF-8: use fewer or "
                    "shorter fields",
                )
            )
        stems.append(stem)
    if problems:
        raise SpecError(problems)
    return stems


def _file_stem(spec_path: Path, row: Recipient, pattern: str | None) -> str:
    default = f"{spec_path.stem}-{row.number:04d}"
    if pattern is None:
        return default
    filled = _NAME_FIELD.sub(
        lambda m: str(row.number) if m.group(1) == "n" else row.fields.get(m.group(1), ""), pattern
    )
    safe = _UNSAFE_IN_NAME.sub("-", unicodedata.normalize("NFC", filled)).strip("-.")
    return safe or default
