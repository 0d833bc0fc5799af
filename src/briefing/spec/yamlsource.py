"""Turn YAML bytes into a tree of located nodes, refusing what a spec never needs.

Parsing uses libyaml (PyYAML's C parser) when it is available and PyYAML's pure-Python parser
otherwise; the composing, and every check below, is the same Python code either way.

The tree is PyYAML's own node graph (`MappingNode`, `SequenceNode`, `ScalarNode`), composed
without any implicit typing: every scalar stays the text the user typed, so `no`, `on`, `012345`
or `2024-02-30` are never turned into booleans, octal numbers or dates behind the user's back.
The schema decides what a scalar means (see `walker.py`).

Refused, each with a located message: anchors and aliases (alias bombs, cycles), explicit tags
(`!!python/object` and friends), nesting deeper than `MAX_DEPTH`, files over `MAX_BYTES`, text
that is not UTF-8, empty files and files holding more than one document.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import Location, Problem, SpecError
from .deferred import compiled_on_first_use
from .yamlhints import explain

NON_PRINTABLE = "[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""The pattern PyYAML's pure-Python reader checks text with, compiled at its import (3 ms, a
sixth of `import yaml`): libyaml reads our files, so it is compiled only where libyaml is
missing (`deferred.py`)."""

with compiled_on_first_use(lambda pattern, flags: pattern == NON_PRINTABLE and not flags):
    import yaml
    from yaml.composer import Composer
    from yaml.events import (
        AliasEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.resolver import BaseResolver
    from yaml.scanner import Scanner

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000
"""Values (scalars, lists and mappings) in one file: a spec at every budget holds about 60,000,
and a million-item list is refused after a tenth of a second instead of parsed for seconds."""
_PLAIN_TAGS = {
    BaseResolver.DEFAULT_SCALAR_TAG,
    BaseResolver.DEFAULT_SEQUENCE_TAG,
    BaseResolver.DEFAULT_MAPPING_TAG,
}

_TAGS = {
    ScalarEvent: BaseResolver.DEFAULT_SCALAR_TAG,
    SequenceStartEvent: BaseResolver.DEFAULT_SEQUENCE_TAG,
    MappingStartEvent: BaseResolver.DEFAULT_MAPPING_TAG,
}
"""The tag of a node with none (or `!`): no implicit resolvers, so always its kind's plain one."""
_END_EVENTS = frozenset([SequenceEndEvent, MappingEndEvent])

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: in a PDF's metadata or a page they reorder what a reader
sees, and briefing sets right-to-left text itself."""
_TEXT_FORMAT = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u061c\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd"
    "\u070f\u0890\u0891\u08e2"
)
"""The format characters real text needs: the zero-width space that marks word breaks in Thai,
Khmer and Lao, the joiners of Arabic and Indic scripts, the directional marks, the soft hyphen,
and the Arabic and Syriac number and abbreviation signs."""


def control_character(text: str, *, in_key: bool = False) -> str | None:
    """A description of the first control character in `text` (tab and line feed apart), or of
    its first format character (Unicode category Cf: bidirectional controls, invisible operators,
    the word joiner, U+FEFF...) other than those real text needs (`_TEXT_FORMAT`), or None.
    YAML's reader refuses raw control characters; escapes in double-quoted scalars (`"\\0"`,
    `"\\x1b"`) would otherwise smuggle them into a value or a key."""
    match = (_CONTROL_OR_BREAK if in_key else _CONTROL).search(text)
    if match:
        return f"control character U+{ord(match.group()):04X} is not allowed"
    if text.isascii():
        return None
    found = [c for c in set(text) if unicodedata.category(c) == "Cf" and c not in _TEXT_FORMAT]
    if not found:
        return None
    first = min(found, key=text.index)
    said = f"format character U+{ord(first):04X} ({unicodedata.name(first)}) is not allowed"
    if in_key:
        return said
    if first in _BIDI_CONTROLS:
        return f"{said}; briefing orders right-to-left text itself"
    return f"{said}; it is invisible, and would print as a gap or not at all"


__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "load_yaml",
    "location_of",
    "read_yaml",
    "MAX_BYTES",
    "control_character",
    "MAX_DEPTH",
]


class _Refused(yaml.MarkedYAMLError):
    pass


class _StrictComposer(Composer, BaseResolver):
    """PyYAML's composer with no implicit resolvers and no aliases, anchors or tags."""

    def __init__(self) -> None:
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self._nodes = 0
        self.kind = "spec"
        self.max_nodes = MAX_NODES

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """The node of the next event and all beneath it, composed as PyYAML's composer does
        (no recursion, no resolver: every tag is the plain one of its kind); each event is
        checked as it comes, before the parser reads on."""
        peek: Any = self.peek_event  # type: ignore[attr-defined]  # from the parser mixed in
        get: Any = self.get_event  # type: ignore[attr-defined]
        open_nodes: list[Any] = []
        """The sequences and mappings being composed: each with its key waiting for a value,
        and whether it is a sequence."""
        node: Node
        while True:
            event = peek()
            kind = type(event)
            if kind in _END_EVENTS:
                get()
                node = open_nodes.pop()[0]
                node.end_mark = event.end_mark
            else:
                tag = getattr(event, "tag", None)
                fine = kind is not AliasEvent and event.anchor is None and tag in (None, "!")
                if fine and self._nodes < self.max_nodes and len(open_nodes) < MAX_DEPTH:
                    self._nodes += 1
                    tag = _TAGS[kind]
                else:  # refused, or a plain tag written out (`!!str`)
                    self._check(event, depth=len(open_nodes) + 1)
                    tag = tag if tag not in (None, "!") else _TAGS[kind]
                get()
                if kind is ScalarEvent:
                    # libyaml marks a plain scalar with style '', PyYAML's parser with None:
                    # one meaning, so that `subtitle:` and `subtitle: ~` are no value under
                    # either parser.
                    style = event.style or None
                    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style)
                else:
                    sequence = kind is SequenceStartEvent
                    start = SequenceNode if sequence else MappingNode
                    made = start(tag, [], event.start_mark, None, flow_style=event.flow_style)
                    open_nodes.append([made, None, sequence])
                    continue
            if not open_nodes:
                return node
            holder = open_nodes[-1]
            if holder[2]:
                holder[0].value.append(node)
            elif holder[1] is None:
                holder[1] = node
            else:
                holder[0].value.append((holder[1], node))
                holder[1] = None

    def _check(self, event: Any, *, depth: int) -> None:
        """Refuse an alias, an anchor, a tag, a node past `max_nodes` or deeper than
        `MAX_DEPTH`."""
        mark: Any = event.start_mark
        if isinstance(event, AliasEvent):
            raise _Refused(
                problem=f"aliases (*name) are not allowed in a {self.kind}; "
                "write the value out in full",
                problem_mark=mark,
            )
        if event.anchor is not None:
            raise _Refused(
                problem=f"anchors (&name) are not allowed in a {self.kind}; "
                "write the value out in full",
                problem_mark=mark,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            raise _Refused(
                problem=f"tags such as {tag!r} are not allowed in a {self.kind}", problem_mark=mark
            )
        self._nodes += 1
        if self._nodes > self.max_nodes:
            raise _Refused(
                problem=f"the file holds more than {self.max_nodes:,} values; a {self.kind} "
                f"may hold at most {self.max_nodes:,}",
                problem_mark=mark,
            )
        if depth > MAX_DEPTH:
            raise _Refused(problem=f"nesting is deeper than {MAX_DEPTH} levels", problem_mark=mark)


class _PythonLoader(Reader, Scanner, Parser, _StrictComposer):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self)


_LibYAMLLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _LibYAMLLoader(_StrictComposer, CParser):  # type: ignore[no-redef]
        """The same composer over libyaml's parser, about ten times faster."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _StrictComposer.__init__(self)


_StrictLoader: Any = _LibYAMLLoader or _PythonLoader


def location_of(node: Node, file: str) -> Location:
    """Where `node` starts in `file` (or in the file a translation merge recorded on it),
    1-based."""
    file = getattr(node, "briefing_file", file)
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _fail(file: str, line: int, column: int, message: str) -> SpecError:
    return SpecError([Problem(Location(file, line, column), "", message)])


def _decode(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, 1, 1, "the file is UTF-16 text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            file,
            line,
            column,
            f"the file is not UTF-8 text (byte 0x{data[err.start]:02x} cannot be "
            "decoded); save it as UTF-8",
        ) from None


def load_yaml(
    path: Path,
    *,
    display_name: str | None = None,
    kind: str = "spec",
    max_nodes: int = MAX_NODES,
) -> MappingNode:
    """Read `path` and return its single top-level mapping node. `kind` names the file in
    messages: a spec, a template, a recipients file.

    Raises `SpecError` (located) for anything that is not one readable YAML mapping.
    """
    return read_yaml(path, display_name=display_name, kind=kind, max_nodes=max_nodes)[0]


def read_yaml(
    path: Path,
    *,
    display_name: str | None = None,
    kind: str = "spec",
    max_nodes: int = MAX_NODES,
) -> tuple[MappingNode, str]:
    """`load_yaml`, with the text the node was parsed from (each node's marks index it)."""
    file = display_name or str(path)
    try:
        if not path.is_file():
            raise _fail(file, 1, 1, "no such file" if not path.exists() else "not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                file,
                1,
                1,
                f"the file is {size:,} bytes; a {kind} may be at most {MAX_BYTES:,} bytes",
            )
        data = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as err:
        raise _fail(file, 1, 1, f"cannot read the file ({err.strerror})") from None
    text = _decode(data, file)
    loader = None
    try:
        loader = _StrictLoader(text)
        loader.kind = kind
        loader.max_nodes = max_nodes
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or "invalid YAML"
        several = "single document" in (err.context or "")
        if isinstance(err, yaml.composer.ComposerError) and several:
            problem = f"the file holds more than one YAML document (---); a {kind} is one document"
        elif "maximum nesting depth" in problem:
            problem = f"nesting is deeper than {MAX_DEPTH} levels"
        elif not isinstance(err, _Refused):
            hint = explain(
                file=file,
                lines=text.splitlines(),
                line=line,
                column=column,
                problem=problem,
                context=err.context or "",
            )
            if hint is not None:
                raise SpecError([hint]) from None
            problem = f"YAML syntax error: {problem}"
        raise _fail(file, line, column, problem) from None
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        line, column = before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        raise _fail(
            file, line, column, f"control character U+{ord(char):04X} is not allowed in a {kind}"
        ) from None
    except yaml.YAMLError as err:
        raise _fail(file, 1, 1, f"YAML error: {err}") from None
    except RecursionError:
        raise _fail(file, 1, 1, f"nesting is deeper than {MAX_DEPTH} levels") from None
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:
        raise _fail(
            file,
            1,
            1,
            f"the file is empty; a {kind} is a mapping of keys"
            + (" such as 'title:'" if kind == "spec" else ""),
        )
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        loc = location_of(root, file)
        raise _fail(
            file,
            loc.line,
            loc.column,
            f"expected a mapping of keys (such as 'title:') at the top level, found {kind}",
        )
    return root, text
