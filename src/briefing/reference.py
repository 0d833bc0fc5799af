"""Turn the schema declared in `spec.py` into the Markdown spec reference of the README.

`briefing reference` prints it; a test checks that the README carries exactly this text
between its `<!-- spec-reference -->` markers, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import dataclasses
import typing

from .spec import RECORD_TYPES, Markup, Spec
from .validate import describe_type

START = "<!-- spec-reference:start -->"
END = "<!-- spec-reference:end -->"


def _type_name(tp: typing.Any, meta: typing.Mapping[str, typing.Any]) -> str:
    name = describe_type(tp)
    inner = typing.get_args(tp)
    if tp is Markup or (inner and inner[0] is Markup):
        name += " (markup)"
    if meta.get("one_or_many"):
        name += ", or a single one"
    return name


def _default(f: dataclasses.Field[typing.Any]) -> str:
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
        return "**required**"
    value = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
    if value is None:
        return "none"
    if value == []:
        return "empty"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _record_table(cls: type) -> list[str]:
    hints = typing.get_type_hints(cls)
    lines = ["| key | type | default | description |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        lines.append(f"| `{f.name}` | {_type_name(hints[f.name], f.metadata)} | {_default(f)} "
                     f"| {f.metadata['doc']} |")
    return lines


def spec_reference() -> str:
    """The whole reference as Markdown, ending with a newline."""
    lines: list[str] = []
    for cls in RECORD_TYPES:
        title = "The spec (top level)" if cls is Spec else f"`{cls.__name__.lower()}` entries"
        lines += [f"#### {title}", "", (cls.__doc__ or "").strip(), ""]
        lines += _record_table(cls) + [""]
    return "\n".join(lines)
