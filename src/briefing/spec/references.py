"""Turn a spec's YAML tree into problems with its citations: duplicate source ids, and every
field that cites a source (`cites=True` in `records.py`) naming one that does not exist.

The fields that cite are declared once, on the schema; this walk finds them wherever they sit,
the content of each audience included (an audience's figures and quotes cite sources too). It
reads the YAML nodes rather than the model, so that it runs, and reports, even when other parts
of the spec are invalid.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .yamlsource import MappingNode, Node, ScalarNode, SequenceNode


class Reporter(Protocol):
    """What the check needs from the validator's walker."""

    def problem(self, node: Node, key_path: str, message: str) -> Any: ...

    def suggest(self, word: str, choices: list[str]) -> str: ...


def check_citations(
    root: MappingNode,
    spec_type: type,
    walker: Reporter,
    *,
    known: Callable[[Node], frozenset[str] | None] | None = None,
) -> None:
    """Report duplicate source ids, and citations of ids the spec's `sources` do not list.
    `known` may give the ids a top-level value cites (None when it does not know): one that
    cites only listed ids is not walked again."""
    from .walker import schema_of

    ids: list[str] = []
    sources = _items(_get(root, "sources"))
    if len(sources) > schema_of(spec_type)[0]["sources"].metadata["max_items"]:
        return  # over its budget: reported as such, and never read
    for i, source in enumerate(sources):
        id_node = _get(source, "id")
        if not isinstance(id_node, ScalarNode):
            continue
        if id_node.value in ids:
            walker.problem(id_node, f"sources[{i}].id", f"duplicate source id {id_node.value!r}")
        ids.append(id_node.value)
    listed = frozenset(["", *ids])
    for key_path, node in cited(root, spec_type, "", skip=_skip(known, listed)):
        if node.value in listed:
            continue
        hint = (
            walker.suggest(node.value, ids).replace("valid keys", "source ids")
            if ids
            else "the spec lists no sources"
        )
        walker.problem(node, key_path, f"unknown source id {node.value!r}; {hint}")


def _skip(
    known: Callable[[Node], frozenset[str] | None] | None, listed: frozenset[str]
) -> Callable[[Node], bool] | None:
    """Whether a top-level value is known to cite only `listed` ids."""
    if known is None:
        return None

    def skip(node: Node) -> bool:
        ids = known(node)
        return ids is not None and ids <= listed

    return skip


def cited(
    node: Node, tp: Any, key_path: str, *, skip: Callable[[Node], bool] | None = None
) -> Iterator[tuple[str, ScalarNode]]:
    """Every source id written in a field marked `cites`, under `node` of schema type `tp`;
    a field of `node` whose value `skip` says yes to is left out."""
    from .walker import schema_of

    tp = _unwrap(tp)
    if dataclasses.is_dataclass(tp) and isinstance(node, MappingNode):
        fields, hints, _ = schema_of(tp)  # type: ignore[arg-type]
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.value not in fields:
                continue
            if skip is not None and skip(value):
                continue
            child = f"{key_path}.{key_node.value}" if key_path else key_node.value
            metadata = fields[key_node.value].metadata
            if isinstance(value, (SequenceNode, MappingNode)) and len(value.value) > metadata.get(
                "max_items", len(value.value)
            ):
                continue  # over its budget: reported as such, and never read
            if metadata.get("cites"):
                for j, item in enumerate(_items(value)):
                    if isinstance(item, ScalarNode):
                        path = f"{child}[{j}]" if isinstance(value, SequenceNode) else child
                        yield path, item
            else:
                yield from cited(value, hints[key_node.value], child)
    elif typing.get_origin(tp) is list and isinstance(node, SequenceNode):
        (item_type,) = typing.get_args(tp)
        if not dataclasses.is_dataclass(_unwrap(item_type)):
            return
        for j, item in enumerate(node.value):
            yield from cited(item, item_type, f"{key_path}[{j}]")
    elif typing.get_origin(tp) is dict and isinstance(node, MappingNode):
        _, value_type = typing.get_args(tp)
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode):
                yield from cited(value, value_type, f"{key_path}.{key_node.value}")


def _unwrap(tp: Any) -> Any:
    """`X` from `X | None`."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if type(None) in typing.get_args(tp) and len(args) == 1:
        return args[0]
    return tp


def _get(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value
                return found
    return None


def _items(node: Node | None) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [node] if node is not None else []
