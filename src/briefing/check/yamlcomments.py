"""Turn a spec's YAML text into warnings for words that YAML read otherwise than typed.

In YAML, ` #` starts a comment, even in the middle of unquoted text: `dateline: London #1
office` gives the dateline `London`, silently. A comment that follows text after a single space
and begins with a word or a digit (`#1`, `#MeToo`) reads as part of the text; comments meant as
comments are set apart (`date: 2026-01-15   # YYYY-MM-DD`), so they are left alone.

And a key with text on its own line (`publisher: Amnesty`) followed by indented `- items`
gives one text, `Amnesty - Human Rights Watch`, not a list: YAML reads the items as more words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import SpecError
from ..spec.validate import LoadedSpec
from ..spec.yamlsource import MappingNode, Node, ScalarNode, SequenceNode, load_yaml, location_of
from .provenance import Finding

_CUT = re.compile(r" #(?P<rest>[^\s#].*)$")
"""After a plain scalar's end: one space, `#`, then text, as the rest of a typed sentence."""
KIND = "text-read-as-comment"
LIST_KIND = "list-read-as-text"
_ITEM = re.compile(r"[ ]*- \S")


def text_read_as_comments(loaded: LoadedSpec) -> list[Finding]:
    """A warning for each unquoted text, in the spec and (for a translation) its original,
    whose line goes on with ` #word`: YAML dropped those words as a comment."""
    found = _in_file(loaded.path)
    if loaded.original is not None:
        found += _in_file(loaded.original.path)
    return found


def _in_file(path: Path) -> list[Finding]:
    try:
        root = load_yaml(path)
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (SpecError, OSError, UnicodeDecodeError):
        return []
    found = []
    for key_path, node in _scalars(root, ""):
        if node.style or node.end_mark.line >= len(lines):
            continue
        following = lines[node.start_mark.line + 1 : node.end_mark.line + 1]
        if any(_ITEM.match(line) for line in following):
            found.append(
                Finding(
                    location_of(node, str(path)),
                    key_path,
                    "warning",
                    LIST_KIND,
                    f"YAML reads the '- ' lines under this text as more of its words, so "
                    f"{_short(node.value)!r} is printed as one text; for a list, start it on "
                    "the line after the key, each item on a line of its own",
                )
            )
            continue
        line = lines[node.end_mark.line]
        cut = _CUT.match(line, node.end_mark.column)
        if cut is None:
            continue
        typed = f"{node.value} #{cut.group('rest').rstrip()}"
        head = line[: node.start_mark.column]
        quoted = '"' + typed.replace("\\", "\\\\").replace('"', '\\"') + '"'
        found.append(
            Finding(
                location_of(node, str(path)),
                key_path,
                "warning",
                KIND,
                f"YAML reads ' #{cut.group('rest').rstrip()}' as a comment, so only "
                f"{node.value!r} is printed; to print it all, put the text in quotes: "
                f"{head.strip()} {quoted}".strip(),
            )
        )
    return found


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _scalars(node: Node, key_path: str) -> Iterator[tuple[str, ScalarNode]]:
    """Every scalar value under `node`, with its key path."""
    if isinstance(node, ScalarNode):
        yield key_path, node
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, f"{key_path}[{i}]")
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            yield from _scalars(value, f"{key_path}.{name}" if key_path else name)
