"""Turn a located YAML tree into a validated `Spec`, or a `SpecError` listing every problem.

The schema is the dataclasses of `spec.py` and `records.py`: the walk below reads their type
hints and field metadata, so a new field needs no code here unless it needs a check of its own
(`FIELD_CHECKS`). The metadata holds each field's budgets: a list or mapping longer than its
`max_items` is refused before any of its items is read, and a text longer than `max_length`,
or with a word longer than `max_word`, before anything else reads it.
Each problem names file, line, column and key path, says what was expected and what was found,
and suggests the nearest valid key or choice.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from . import markup
from .assets import ImageAsset
from .crosschecks import FIELD_CHECKS, check_chart_numbers, model_problems
from .errors import Location, Problem, SpecError
from .records import MAX_URL, Markup, spec_field
from .references import check_citations
from .spec import Spec
from .yamlsource import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    control_character,
    load_yaml,
    location_of,
)

T = TypeVar("T")
_INVALID: Any = object()
_NULLS = {"", "~", "null", "Null", "NULL"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SPACES = re.compile(
    "[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+"
)
"""Where ReportLab may break a line (its `_wsc`): a word is what lies between."""
_DEFAULT_META: Mapping[str, Any] = spec_field("").metadata
"""The budgets of text that no field declares (a mapping's key)."""


@dataclass(frozen=True)
class LoadedSpec:
    """A valid spec with the file it came from and where each key path sits in that file."""

    spec: Spec
    path: Path
    locations: dict[str, Location] = field(repr=False)
    images: dict[str, ImageAsset] = field(default_factory=dict, repr=False)
    """Decoded images by the key path that names them, e.g. `logo`."""
    original: LoadedSpec | None = field(default=None, repr=False)
    """For a translation, the brief it translates."""

    def where(self, key_path: str) -> Location:
        """The location of `key_path`, or of its nearest located parent."""
        return _where(self.locations, key_path, str(self.path))


def load_spec(path: Path, *, root: Path | None = None) -> LoadedSpec:
    """Read, parse and validate the spec at `path`; its images must lie inside `root` (default:
    the spec's project folder, `assets.project_root`). A translation (`translates:`) is merged
    over the brief it translates first (`translation.py`)."""
    from .assets import project_root
    from .translation import TRANSLATES, figure_problems, merge_translation

    node = load_yaml(path)
    if not any(isinstance(k, ScalarNode) and k.value == TRANSLATES for k, _ in node.value):
        return validate(node, file=str(path), path=path, project=root)
    merged = merge_translation(path, root_folder=project_root(path, root=root))
    original = load_spec(merged.original, root=root)
    loaded = validate(merged.root, file=str(path), path=path, project=root)
    problems = figure_problems(loaded, original)
    if problems:
        raise SpecError(problems)
    return dataclasses.replace(loaded, original=original)


def validate_record(root: MappingNode, cls: type[T], *, file: str) -> tuple[T, dict[str, Location]]:
    """Check any YAML mapping against a schema dataclass (a template, say); `SpecError` lists
    every problem. Returns the record and where each key path sits in the file."""
    walker = _Walker(file)
    value = walker.convert(root, cls, "")
    if walker.problems:
        raise SpecError(walker.problems)
    return value, walker.locations


def validate(
    root: MappingNode, *, file: str, path: Path, project: Path | None = None
) -> LoadedSpec:
    """Check `root` against the schema; raise `SpecError` with every problem found. Images
    must lie inside `project` (default: the spec's project folder)."""
    walker = _Walker(file)
    value = walker.convert(root, Spec, "")
    check_citations(root, Spec, walker)
    check_chart_numbers(root, walker)
    images = _load_images(value, walker, path, project) if value is not _INVALID else {}
    if value is not _INVALID:
        for key_path, message in model_problems(value):
            walker.problems.append(
                Problem(_where(walker.locations, key_path, file), key_path, message)
            )
    if walker.problems:
        raise SpecError(walker.problems)
    return LoadedSpec(value, path, walker.locations, images)


def _load_images(
    spec: Spec, walker: _Walker, path: Path, project: Path | None
) -> dict[str, ImageAsset]:
    """Decode every image the spec names; a problem for each one that is refused."""
    from .assets import AssetError, load_image

    images = {}
    wanted = [("logo", "logo", spec.logo)]
    wanted += [(f"images[{i}]", f"images[{i}].path", p.path) for i, p in enumerate(spec.images)]
    for name, key_path, raw in wanted:
        if raw is None:
            continue
        try:
            images[name] = load_image(raw, spec_path=path, root=project)
        except AssetError as err:
            walker.problems.append(Problem(walker.locations[key_path], key_path, str(err)))
    return images


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


def _where(locations: dict[str, Location], key_path: str, file: str) -> Location:
    while key_path and key_path not in locations:
        parent = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", key_path)
        key_path = "" if parent == key_path else parent
    return locations.get(key_path, Location(file, 1, 1))


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


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return "valid keys: " + ", ".join(choices)


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.locations: dict[str, Location] = {}

    def problem(self, node: Node, key_path: str, message: str) -> Any:
        self.problems.append(Problem(location_of(node, self.file), key_path, message))
        return _INVALID

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
                node, key_path, f"expected {describe_type(tp)}, found {_found(node)}"
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
            if not math.isfinite(number) or not _NUMBER.fullmatch(text):
                return self.problem(node, key_path, f"expected a number, found {_found(node)}")
            return number
        if typing.get_origin(tp) is Literal:
            choices = list(typing.get_args(tp))
            for choice in choices:
                if text.lower() == choice.lower():
                    return choice
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
        return _INVALID if _INVALID in values else values

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
            if key is not _INVALID:
                result[key] = value
        return _INVALID if _INVALID in result.values() or len(result) < len(entries) else result

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
            return self.problem(
                node,
                key_path,
                f"expected {describe_type(cls)} (a mapping with {keys}), found {_found(node)}",
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
            if check and values[key] not in (_INVALID, None):
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
                values[name] = _INVALID
        if _INVALID in values.values():
            return _INVALID
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
