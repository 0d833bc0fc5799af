"""Turn the schema declared in `spec.py` and `records.py` into the Markdown spec reference of
the README.

`briefing reference` prints it; a test checks that the README carries exactly this text
between its `<!-- spec-reference -->` markers, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import dataclasses
import typing

from .spec.records import Markup
from .spec.spec import RECORD_TYPES, Spec
from .spec.walker import describe_type

START = "<!-- spec-reference:start -->"
END = "<!-- spec-reference:end -->"


def _type_name(tp: typing.Any, meta: typing.Mapping[str, typing.Any]) -> str:
    from .design.template import BlockName

    if _mentions(tp, BlockName):  # block names are listed once, in their own table
        if _mentions(tp, dict):
            return "a mapping of block names (see below) to text"
        return "a list of block names (see below)"
    name = describe_type(tp)
    inner = typing.get_args(tp)
    if tp is Markup or (inner and inner[0] is Markup):
        name += " (markup)"
    if meta.get("one_or_many"):
        name += ", or a single one"
    return name


def _mentions(tp: typing.Any, part: typing.Any) -> bool:
    """Whether `part` (a type, or a generic's origin) appears anywhere inside `tp`."""
    if tp == part or typing.get_origin(tp) is part:
        return True
    return any(_mentions(arg, part) for arg in typing.get_args(tp))


def _default(f: dataclasses.Field[typing.Any]) -> str:
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
        return "**required**"
    value = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
    if value is None:
        return "none"
    if value in ([], {}):
        return "empty"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value)
    return f"`{value}`"


def _record_table(cls: type) -> list[str]:
    hints = typing.get_type_hints(cls)
    lines = ["| key | type | default | description |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        lines.append(
            f"| `{f.name}` | {_type_name(hints[f.name], f.metadata)} | {_default(f)} "
            f"| {f.metadata['doc']} |"
        )
    return lines


def _records(types: tuple[type, ...], top: type, top_title: str) -> list[str]:
    lines: list[str] = []
    for cls in types:
        title = top_title if cls is top else f"`{cls.__name__}` entries"
        lines += [f"##### {title}", "", " ".join((cls.__doc__ or "").split()), ""]
        lines += _record_table(cls) + [""]
    return lines


def spec_reference() -> str:
    """The reference of every spec and template field, and of the style names, as Markdown."""
    from .design.template import BLOCKS, TEMPLATE_TYPES, Template
    from .design.theme import DEFAULT_STYLES

    lines = ["#### Spec fields", ""]
    lines += _records(RECORD_TYPES, Spec, "The spec (top level)")
    lines += ["#### Template fields", ""]
    lines += _records(TEMPLATE_TYPES, Template, "The template (top level)")
    lines += [
        "#### Block names",
        "",
        "What a template's arrangements place, by name.",
        "",
        "| block | shows |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {doc} |" for name, doc in BLOCKS.items()]
    lines += [
        "",
        "#### Style names",
        "",
        "Semantic names a template's `styles:` changes; sizes in "
        "points for the one-page brief (the multi-page brief sets type about 10% larger).",
        "",
        "| name | family | face | size | colour |",
        "|---|---|---|---|---|",
    ]
    for name, style in DEFAULT_STYLES.items():
        lines.append(
            f"| `{name}` | {style.family} | {style.face} | {style.size:g} | {style.color} |"
        )
    return "\n".join(lines) + "\n"
