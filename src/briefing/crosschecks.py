"""Turn a validated spec tree into the problems no single field can show: field formats
(web addresses, email addresses, language tags) and citations of sources that do not exist.

Both work on what `validate.py` has already walked; the reference check reads the YAML nodes
rather than the model, so that it runs, and reports, even when other parts of the spec are
invalid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

from . import markup
from .yamlsource import MappingNode, Node, ScalarNode, SequenceNode

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Reporter(Protocol):
    """What the reference check needs from the validator's walker."""

    def problem(self, node: Node, key_path: str, message: str) -> Any: ...

    def suggest(self, word: str, choices: list[str]) -> str: ...


def check_url(url: str) -> str | None:
    if markup.url_scheme(url) in ("http", "https") and markup.is_allowed_url(url):
        return None
    return f"expected a web address starting with http:// or https://, found {url!r}"


def check_email(email: str) -> str | None:
    return None if _EMAIL.match(email) else f"expected an email address, found {email!r}"


def check_language(tag: str) -> str | None:
    if _LANGUAGE.match(tag):
        return None
    return f"expected a language tag such as 'en-GB' or 'fr', found {tag!r}"


FIELD_CHECKS: dict[tuple[str, str], Callable[[Any], str | None]] = {
    ("Source", "url"): check_url,
    ("Contact", "email"): check_email,
    ("Spec", "language"): check_language,
}


def _mapping_get(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value_node
                return found
    return None


def _items(node: Node | None) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [node] if node is not None else []


def check_references(root: MappingNode, walker: Reporter) -> None:
    """Source ids are unique, and every citation names one of them.

    Works on the YAML nodes rather than the model, so that it runs, and reports, even when
    other parts of the spec are invalid."""
    ids: list[str] = []
    for i, source in enumerate(_items(_mapping_get(root, "sources"))):
        id_node = _mapping_get(source, "id")
        if not isinstance(id_node, ScalarNode):
            continue
        if id_node.value in ids:
            walker.problem(id_node, f"sources[{i}].id", f"duplicate source id {id_node.value!r}")
        ids.append(id_node.value)
    citations: list[tuple[str, Node | None]] = []
    for key, field_name in (("figures", "source"), ("quotes", "source")):
        for i, item in enumerate(_items(_mapping_get(root, key))):
            citations.append((f"{key}[{i}].{field_name}", _mapping_get(item, field_name)))
    for i, finding in enumerate(_items(_mapping_get(root, "findings"))):
        cited = _mapping_get(finding, "sources")
        for j, item in enumerate(_items(cited)):
            key_path = f"findings[{i}].sources" + (
                f"[{j}]" if isinstance(cited, SequenceNode) else ""
            )
            citations.append((key_path, item))
    for key_path, node in citations:
        if not isinstance(node, ScalarNode) or node.value in ("", *ids):
            continue
        hint = (
            walker.suggest(node.value, ids).replace("valid keys", "source ids")
            if ids
            else "the spec lists no sources"
        )
        walker.problem(node, key_path, f"unknown source id {node.value!r}; {hint}")
