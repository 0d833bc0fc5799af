"""Turn the declared spec and template schemas into JSON Schema documents for editors.

The documents are derived from the same dataclasses the validator walks (`spec.py`,
`records.py`, `design/template.py`), so a field declared once gets its description, type,
choices and budgets in the editor too. They follow draft 2020-12 but use only what draft 7
also knows (`$ref` to `#/$defs/...`, `if`/`then`/`else`, `anyOf`), so YAML editors that
validate with draft 7 read them the same way.

An editor reads YAML 1.2: `2019` is a number, `true` a boolean, `2026-01-15` text. The
validator reads every scalar as the text typed and lets the field decide, so text fields accept
numbers and booleans, number fields accept numbers written as text, and choices accept any
case, as `briefing check` does. What a schema cannot say (a word longer than a line, numbers
read against the brief's language, citations, files, checks across fields) stays with
`briefing check`.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sys
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from .spec.records import Markup
from .spec.walker import NUMBER_TEXT, schema_of

Kind = Literal["spec", "template"]
SCHEMA_IDS: dict[str, str] = {
    "spec": "urn:briefing:schema:spec",
    "template": "urn:briefing:schema:template",
}
"""Stable identifiers: they name the format, not a place to fetch it from."""
SCHEMA_FILE = Path(".briefing") / "spec.schema.json"
"""Where `briefing new` writes the spec schema, relative to the new spec."""
TRANSLATES = "translates"

_TEXT = "\\S"
"""Text must hold something besides spaces (the validator strips it first)."""
_NULL = {"type": "null"}


def _anycase(choice: str) -> str:
    """`A4` as a pattern that matches `a4` too: the validator compares choices in any case."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.upper() != c.lower() else c for c in choice)


def _choices(values: tuple[str, ...]) -> dict[str, Any]:
    pattern = "^(?:" + "|".join(_anycase(v).replace(".", "\\.") for v in values) + ")$"
    return {"anyOf": [{"enum": list(values)}, {"type": "string", "pattern": pattern}]}


def _text(meta: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": ["string", "number", "boolean"],
        "pattern": _TEXT,
        "maxLength": meta["max_length"],
    }


_BOOLEAN = {
    "type": ["boolean", "string"],
    "pattern": "^(?:"
    + "|".join(_anycase(w) for w in ("true", "yes", "on", "false", "no", "off"))
    + ")$",
}
_NUMBER_SCHEMA = {
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": f"^{NUMBER_TEXT.pattern}$"}]
}
_DATE = {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "format": "date"}


def _optional_inner(tp: Any) -> Any:
    args = typing.get_args(tp)
    if type(None) in args:
        return next(a for a in args if a is not type(None))
    return None


class _Builder:
    """One document's `$defs`, filled as records are met; `partial` records (a translation's)
    require no key, since a translation gives only its own words."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def record(self, cls: type, *, partial: bool = False) -> dict[str, Any]:
        name = ("Translated" if partial else "") + cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder, in case a record ever contains itself
            fields, hints, required = schema_of(cls)
            properties = {
                key: self.field(hints[key], f, partial=partial) for key, f in fields.items()
            }
            definition: dict[str, Any] = {
                "type": "object",
                "description": " ".join((cls.__doc__ or "").split()),
                "properties": properties,
                "additionalProperties": False,
            }
            if required and not partial:
                definition["required"] = required
            self.defs[name] = definition
        return {"$ref": f"#/$defs/{name}"}

    def field(self, tp: Any, f: dataclasses.Field[Any], *, partial: bool) -> dict[str, Any]:
        schema = self.value(tp, f.metadata, partial=partial)
        described: dict[str, Any] = {"description": f.metadata["doc"]}
        if "$ref" in schema:
            described["allOf"] = [schema]
        else:
            described.update(schema)
        default = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
        if default is not dataclasses.MISSING and default is not None:
            described["default"] = default
        return described

    def value(self, tp: Any, meta: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
        """The schema of a value of type `tp` whose field declares `meta`."""
        inner = _optional_inner(tp)
        if inner is not None:
            schema = self.value(inner, meta, partial=partial)
            if list(schema) == ["anyOf"]:
                return {"anyOf": [*schema["anyOf"], _NULL]}
            return {"anyOf": [schema, _NULL]}
        origin = typing.get_origin(tp)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return self.record(tp, partial=partial)
        if origin is list:
            (item_type,) = typing.get_args(tp)
            item = self.value(item_type, meta, partial=partial)
            array: dict[str, Any] = {"type": "array", "items": item, "maxItems": meta["max_items"]}
            if meta["min_items"]:
                array["minItems"] = meta["min_items"]
            return {"anyOf": [array, item]} if meta["one_or_many"] else array
        if origin is dict:
            key_type, value_type = typing.get_args(tp)
            mapping: dict[str, Any] = {
                "type": "object",
                "additionalProperties": self.value(value_type, meta, partial=partial),
                "maxProperties": meta["max_items"],
            }
            if typing.get_origin(key_type) is Literal:
                mapping["propertyNames"] = _choices(typing.get_args(key_type))
            else:
                mapping["propertyNames"] = {"pattern": _TEXT}
            return mapping
        if origin is Literal:
            return _choices(typing.get_args(tp))
        if tp in (str, Markup):
            return _text(meta)
        if tp is float:
            return dict(_NUMBER_SCHEMA)
        if tp is bool:
            return dict(_BOOLEAN)
        if tp is datetime.date:
            return dict(_DATE)
        raise TypeError(f"no JSON Schema for schema type {tp!r}")


def schema_document(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a spec (an original or a translation) or of a template."""
    from .design.template import Template
    from .spec.spec import Spec

    builder = _Builder()
    document: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_IDS[kind],
    }
    if kind == "template":
        document["title"] = "briefing template"
        document["description"] = " ".join((Template.__doc__ or "").split())
        document["allOf"] = [builder.record(Template)]
    else:
        document["title"] = "briefing spec"
        document["description"] = (
            "A briefing spec, or a translation of one (a spec with `translates:`)."
        )
        original = builder.record(Spec)
        translated = builder.record(Spec, partial=True)
        translation = builder.defs["TranslatedSpec"]
        translation["properties"][TRANSLATES] = {
            "description": "File name of the brief this one translates, in the same folder; "
            "give only the translated words, and the language (`language:`).",
            "type": "string",
            "pattern": _TEXT,
        }
        translation["required"] = [TRANSLATES, "language"]
        document["if"] = {"type": "object", "required": [TRANSLATES]}
        document["then"] = translated
        document["else"] = original
    document["$defs"] = builder.defs
    return document


def schema_text(kind: Kind) -> str:
    """The JSON Schema of `kind` as JSON text, keys sorted, so it is the same on every run."""
    return json.dumps(schema_document(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_spec_schema(folder: Path) -> Path:
    """Write the spec schema to `.briefing/spec.schema.json` in `folder`, where a spec's
    `# yaml-language-server: $schema=` line finds it; rewritten only when it changed."""
    path = folder / SCHEMA_FILE
    text = schema_text("spec")
    if path.is_file() and not path.is_symlink() and path.read_text(encoding="utf-8") == text:
        return path
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return path


def run_schema(kind: str) -> int:
    """Print the JSON Schema of `kind` ("spec" or "template"); return the exit status."""
    sys.stdout.write(schema_text("template" if kind == "template" else "spec"))
    return 0
