"""Turn a located YAML node into a value of a schema type (a record, a list, a mapping, a
literal, a date...), or a problem for every place where it is not one.

`Walker` reads the schema dataclasses' type hints and field metadata, so a new field needs no
code here. The metadata holds each field's budgets (`text_problem`): a list or mapping longer
than its `max_items` is refused before any of its items is read, and a text longer than
`max_length`, or with a word longer than `max_word`, before anything else reads it. Each
problem names file, line, column and key path, says what was expected and what was found,
and suggests the nearest valid key or choice.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import re
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from ..errors import Location, Problem
from . import markup
from .crosschecks import FIELD_CHECKS
from .records import MAX_URL, Markup, spec_field
from .yamlsource import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    control_character,
    location_of,
)

INVALID: Any = object()
_NULLS = {"", "~", "null", "Null", "NULL"}
NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SPACES = re.compile(
    "[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+"
)
"""Where ReportLab may break a line (its `_wsc`): a word is what lies between."""
_DEFAULT_META: Mapping[str, Any] = spec_field("").metadata
"""The budgets of text that no field declares (a mapping's key)."""


def text_problem(text: str, *, markup_text: bool, meta: Mapping[str, Any]) -> str | None:
    """Why `text` is over its field's budgets, or None: at most `max_length` characters, no
    printed word longer than `max_word`, and (in markup) no link target longer than `MAX_URL`.

    Checked before anything else reads the text: a word longer than a line can hold costs
    ReportLab's line breaking minutes."""
    if len(text) > meta["max_length"]:
        return f"expected at most {meta['max_length']:,} characters, found {len(text):,}"
    limit = meta["max_word"]
    if limit is None:
        return None
    printed = markup.to_plain(text) if markup_text else text
    word = max(_SPACES.split(printed), key=len)
    if len(word) > limit:
        return (
            f"expected words of at most {limit:,} characters (a longer one cannot break into "
            f"lines), found one of {len(word):,}: {word[:20] + '...'!r}"
        )
    run = max(_SPACES.split(text), key=len)
    if len(run) > MAX_URL:
        return (
            f"expected link targets of at most {MAX_URL:,} characters, found a link of {len(run):,}"
        )
    return None


def describe_type(tp: Any) -> str:
    """A user's name for a schema type: 'text', 'a list of figures', ..."""
    origin = typing.get_origin(tp)
    if tp in (str, Markup):
        return "text"
    if tp is datetime.date:
        return "a date as YYYY-MM-DD"
    if tp is bool:
        return "true or false"
    if tp is float:
        return "a number"
    if origin is dict:
        key, value = typing.get_args(tp)
        keys = f" ({describe_type(key).removeprefix('one of ')})" if key is not str else ""
        target = describe_type(value)
        if dataclasses.is_dataclass(value):
            target = _plural(target)
        return f"a mapping of names{keys} to {target}"
    if origin is Literal:
        return "one of " + ", ".join(repr(c) for c in typing.get_args(tp))
    if origin is list:
        (item,) = typing.get_args(tp)
        if typing.get_origin(item) is Literal:
            return "a list of " + ", ".join(repr(c) for c in typing.get_args(item))
        inner = describe_type(item)
        plural = _plural(inner) if dataclasses.is_dataclass(item) else inner
        return "a list of " + plural
    if _optional_inner(tp) is not None:
        return describe_type(_optional_inner(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        noun = re.sub(r"(?<!^)(?=[A-Z])", " ", tp.__name__).lower()
        return ("an " if noun[0] in "aeiou" else "a ") + noun
    return str(tp)


def _plural(noun_phrase: str) -> str:
    """'a figure' -> 'figures', 'a font files' -> 'font files', 'a policy' -> 'policies'."""
    noun = noun_phrase.split(" ", 1)[1]
    if noun.endswith("s"):
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _optional_inner(tp: Any) -> Any:
    union = isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union
    if union and type(None) in typing.get_args(tp):
        return next(a for a in typing.get_args(tp) if a is not type(None))
    return None


def _found(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = node.value
    if value == "" and getattr(node, "style", None) is None:
        return "nothing"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return repr(shown)


def _colon_hint(node: Node, tp: Any) -> str:
    """For text that YAML read as a one-key mapping (`- Note: text`): how to keep it text."""
    if tp not in (str, Markup) or not isinstance(node, MappingNode) or len(node.value) != 1:
        return ""
    key, value = node.value[0]
    if not (isinstance(key, ScalarNode) and isinstance(value, ScalarNode)):
        return ""
    if key.style is not None or value.style is not None or "\n" in value.value:
        return ""
    text = f"{key.value}: {value.value}"
    quoted = f'"{text}"' if '"' not in text else f"'{text}'"
    return f"; a ': ' in text makes YAML read a key: put the text in quotes: {quoted}"


def _suggest(word: str, choices: list[str]) -> str:
    import difflib  # on a mistake only

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "valid keys: " + ", ".join(choices)


class Walker:
    """One walk over a file's nodes: the values it converts, every problem it finds, and
    where each key path sits in the file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.locations: dict[str, Location] = {}

    def problem(self, node: Node, key_path: str, message: str) -> Any:
        self.problems.append(Problem(location_of(node, self.file), key_path, message))
        return INVALID

    def suggest(self, word: str, choices: list[str]) -> str:
        return _suggest(word, choices)

    def convert(self, node: Node, tp: Any, key_path: str, *, meta: Any = None) -> Any:
        """`node` as a value of schema type `tp`; `meta` is the field's metadata (its budgets),
        None for a type that no field declares (a record, a mapping's key)."""
        meta = meta or _DEFAULT_META
        self.locations.setdefault(key_path, location_of(node, self.file))
        inner = _optional_inner(tp)
        if inner is not None:
            if isinstance(node, ScalarNode) and node.value in _NULLS and node.style is None:
                return None
            tp = inner
        if dataclasses.is_dataclass(tp):
            return self.record(node, tp, key_path)
        if typing.get_origin(tp) is list:
            return self.sequence(node, tp, key_path, meta)
        if typing.get_origin(tp) is dict:
            return self.mapping(node, tp, key_path, meta)
        if not isinstance(node, ScalarNode):
            return self.problem(
                node,
                key_path,
                f"expected {describe_type(tp)}, found {_found(node)}{_colon_hint(node, tp)}",
            )
        return self.scalar(node, tp, key_path, meta)

    def scalar(
        self, node: ScalarNode, tp: Any, key_path: str, meta: Mapping[str, Any] = _DEFAULT_META
    ) -> Any:
        text = node.value.strip()
        control = control_character(text)
        if control:
            return self.problem(node, key_path, f"{control} (found {_found(node)})")
        if node.style != "|":
            # Plain, quoted and folded scalars are already folded: a newline left in them
            # stands for a blank line the user typed, so it is a paragraph break.
            text = text.replace("\n", "\n\n")
        if tp in (str, Markup):
            if not text:
                return self.problem(node, key_path, "expected text, found nothing")
            over = text_problem(text, markup_text=tp is Markup, meta=meta)
            if over:
                return self.problem(node, key_path, over)
            if tp is Markup:
                for message in markup.link_problems(text):
                    self.problem(node, key_path, message)
            return text
        if tp is datetime.date:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return self.problem(
                    node, key_path, f"expected a date as YYYY-MM-DD, found {_found(node)}"
                )
            try:
                return datetime.date.fromisoformat(text)
            except ValueError as err:
                return self.problem(node, key_path, f"{text!r} is not a real date ({err})")
        if tp is bool:
            if text.lower() in ("true", "yes", "on"):
                return True
            if text.lower() in ("false", "no", "off"):
                return False
            return self.problem(node, key_path, f"expected true or false, found {_found(node)}")
        if tp is float:
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or not NUMBER_TEXT.fullmatch(text):
                return self.problem(node, key_path, f"expected a number, found {_found(node)}")
            return number + 0.0  # -0 is 0: printed, compared and kept as one number
        if typing.get_origin(tp) is Literal:
            choices = list(typing.get_args(tp))
            for choice in choices:
                if text.lower() == choice.lower():
                    return choice
            import difflib

            close = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return self.problem(
                node, key_path, f"expected {describe_type(tp)}, found {_found(node)}{hint}"
            )
        raise TypeError(f"no conversion for schema type {tp!r}")

    def sequence(self, node: Node, tp: Any, key_path: str, meta: dict[str, Any]) -> Any:
        (item_type,) = typing.get_args(tp)
        if isinstance(node, SequenceNode):
            items = node.value
        elif meta.get("one_or_many") and not (isinstance(node, ScalarNode) and node.value == ""):
            items = [node]
        else:
            return self.problem(
                node, key_path, f"expected {describe_type(tp)}, found {_found(node)}"
            )
        if len(items) > meta["max_items"]:
            return self.too_many(node, key_path, meta, len(items))
        values = [
            self.convert(item, item_type, f"{key_path}[{i}]", meta=meta)
            for i, item in enumerate(items)
        ]
        if len(values) < meta["min_items"]:
            return self.problem(
                node,
                key_path,
                f"expected at least {meta['min_items']} "
                f"item{'s' if meta['min_items'] > 1 else ''}, found none",
            )
        return INVALID if INVALID in values else values

    def too_many(self, node: Node, key_path: str, meta: Mapping[str, Any], count: int) -> Any:
        """A list or mapping over its budget, refused before any of its items is read."""
        return self.problem(
            node, key_path, f"expected at most {meta['max_items']:,} items, found {count:,}"
        )

    def mapping(self, node: Node, tp: Any, key_path: str, meta: Mapping[str, Any]) -> Any:
        key_type, value_type = typing.get_args(tp)
        if not isinstance(node, MappingNode):
            return self.problem(
                node, key_path, f"expected {describe_type(tp)}, found {_found(node)}"
            )
        if len(node.value) > meta["max_items"]:
            return self.too_many(node, key_path, meta, len(node.value))
        result: dict[str, Any] = {}
        entries = list(self.entries(node, key_path))
        for key_node, value_node, child_path in entries:
            key = self.scalar(key_node, key_type, child_path)
            value = self.convert(value_node, value_type, child_path, meta=meta)
            if key is not INVALID:
                result[key] = value
        return INVALID if INVALID in result.values() or len(result) < len(entries) else result

    def entries(self, node: MappingNode, key_path: str) -> Iterator[tuple[ScalarNode, Node, str]]:
        """(key node, value node, key path) of each entry; keys that are not text, and keys
        given twice, are reported and skipped."""
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, key_path, f"expected a key, found {_found(key_node)}")
                continue
            key = key_node.value
            child_path = f"{key_path}.{key}" if key_path else key
            control = control_character(key, in_key=True)
            if control:
                self.problem(key_node, child_path, f"{control} in a key")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.problem(key_node, child_path, f"duplicate key; first given on line {first}")
                continue
            seen[key] = key_node
            yield key_node, value_node, child_path

    def record(self, node: Node, cls: Any, key_path: str) -> Any:
        fields, hints, required = schema_of(cls)
        if not isinstance(node, MappingNode):
            keys = " and ".join(repr(k) for k in required)
            some = ", ".join(repr(f) for f in list(fields)[:3])
            what = f"a mapping with {keys}" if keys else f"a mapping of keys such as {some}"
            return self.problem(
                node, key_path, f"expected {describe_type(cls)} ({what}), found {_found(node)}"
            )
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node, child_path in self.entries(node, key_path):
            key = key_node.value
            seen.add(key)
            if key not in fields:
                self.problem(key_node, child_path, "unknown key; " + _suggest(key, list(fields)))
                continue
            meta = fields[key].metadata
            values[key] = self.convert(value_node, hints[key], child_path, meta=meta)
            check = FIELD_CHECKS.get((cls.__name__, key))
            if check and values[key] not in (INVALID, None):
                message = check(values[key])
                if message:
                    values[key] = self.problem(value_node, child_path, message)
        for name in required:
            if name not in seen:
                child_path = f"{key_path}.{name}" if key_path else name
                self.problem(
                    node,
                    child_path,
                    f"required key is missing (expected "
                    f"{describe_type(hints[name])}: {fields[name].metadata['doc']})",
                )
                values[name] = INVALID
        if INVALID in values.values():
            return INVALID
        return cls(**values)


@functools.cache
def schema_of(cls: type) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """A schema class's fields by name, their type hints, and the names it requires."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    required = [
        name
        for name, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    return fields, typing.get_type_hints(cls), required


def strings(value: Any, key_path: str = "") -> Iterator[tuple[str, str]]:
    """Every text value in a spec with its key path, e.g. ('quotes[0].speaker', 'Ana')."""
    if isinstance(value, str):
        yield key_path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{key_path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{key_path}.{key}" if key_path else str(key))
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            child = f"{key_path}.{field.name}" if key_path else field.name
            yield from strings(getattr(value, field.name), child)
