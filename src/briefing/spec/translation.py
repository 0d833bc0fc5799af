"""Turn a translation spec and the brief it translates into one located YAML tree to validate.

A translation is a small spec that names the brief it translates and gives only its own words:

    translates: raqqa.yaml
    language: fr
    title: Plus de 1 600 civils tués en quatre mois ...
    figures:
      - {value: "1 600", label: civils tués en quatre mois ...}

Mappings merge by key and lists of records item by item, so figures, sources, charts and every
id are shared with the original; a list the translation gives must have as many items as the
original's. A figure's value may be written as the translation's language writes numbers, but
must read the same number. Every node keeps the file it came from, so messages point into the
translation or the original, whichever holds the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, Problem, SpecError
from .yamlsource import MappingNode, Node, ScalarNode, SequenceNode, load_yaml, location_of

if TYPE_CHECKING:
    from .validate import LoadedSpec

TRANSLATES = "translates"


@dataclass(frozen=True)
class Translation:
    """A translation merged over its original: the tree to validate, and both files."""

    root: MappingNode
    original: Path


def translated_file(path: Path) -> Path | None:
    """The original a spec file translates (its `translates:`), or None for an original."""
    root = load_yaml(path)
    node = _get(root, TRANSLATES)
    if node is None:
        return None
    return _original_path(path, node)


def merge_translation(path: Path, *, root_folder: Path) -> Translation:
    """The translation at `path` laid over the brief it translates; `SpecError` (located) when
    the original is missing, is itself a translation, or does not match the translation's
    lists."""
    from .assets import AssetError, resolve_asset

    translation = load_yaml(path)
    written = _get(translation, TRANSLATES)
    if not isinstance(written, ScalarNode) or not written.value.strip():
        where = location_of(written or translation, str(path))
        raise SpecError(
            [Problem(where, TRANSLATES, "expected the file name of the original brief")]
        )
    try:
        original_path = resolve_asset(written.value, spec_path=path, root=root_folder)
    except AssetError as err:
        raise SpecError([Problem(location_of(written, str(path)), TRANSLATES, str(err))]) from None
    if original_path.parent != path.resolve().parent:
        raise SpecError(
            [
                Problem(
                    location_of(written, str(path)),
                    TRANSLATES,
                    f"{written.value!r} is in another folder; keep a translation beside the "
                    "brief it translates (their images and templates are shared)",
                )
            ]
        )
    original = load_yaml(original_path)
    if _get(original, TRANSLATES) is not None:
        raise SpecError(
            [
                Problem(
                    location_of(written, str(path)),
                    TRANSLATES,
                    f"{written.value!r} is itself a translation; translate the original brief",
                )
            ]
        )
    if _scalar(translation, "language") is None:
        raise SpecError(
            [
                Problem(
                    location_of(translation, str(path)),
                    "language",
                    "a translation says which language it is in (`language: fr`)",
                )
            ]
        )
    _mark(translation, str(path))
    _mark(original, str(original_path))
    problems: list[Problem] = []
    entries = [(k, v) for k, v in translation.value if not _is_key(k, TRANSLATES)]
    merged = _merge(original, MappingNode(translation.tag, entries), "", problems)
    if problems:
        raise SpecError(problems)
    assert isinstance(merged, MappingNode)
    return Translation(merged, original_path)


def _original_path(path: Path, node: Node) -> Path | None:
    if not isinstance(node, ScalarNode):
        raise SpecError(
            [Problem(location_of(node, str(path)), TRANSLATES, "expected the original's file")]
        )
    written: str = node.value
    return path.parent / written


def _merge(base: Node, change: Node, key_path: str, problems: list[Problem]) -> Node:
    """`change` laid over `base`: mappings by key, lists item by item, anything else replaced."""
    if isinstance(base, MappingNode) and isinstance(change, MappingNode):
        entries = list(base.value)
        for key, value in change.value:
            if not isinstance(key, ScalarNode):
                entries.append((key, value))
                continue
            child = f"{key_path}.{key.value}" if key_path else key.value
            for i, (old_key, old_value) in enumerate(entries):
                if _is_key(old_key, key.value):
                    entries[i] = (key, _merge(old_value, value, child, problems))
                    break
            else:
                if child != "language":
                    problems.append(
                        Problem(
                            _located(key),
                            child,
                            "the original has no such value; a translation translates what "
                            "the original says, and adds nothing",
                        )
                    )
                entries.append((key, value))
        return MappingNode(base.tag, entries, base.start_mark, base.end_mark)
    if isinstance(base, SequenceNode) and isinstance(change, SequenceNode):
        if len(base.value) != len(change.value) and key_path != "keywords":
            problems.append(
                Problem(
                    _located(change),
                    key_path,
                    f"the translation has {len(change.value)} items here and the original "
                    f"{len(base.value)}; translate each item, in the same order",
                )
            )
            return change
        if not any(isinstance(item, MappingNode) for item in base.value):
            return change
        items = [
            _merge(old, new, f"{key_path}[{i}]", problems)
            for i, (old, new) in enumerate(zip(base.value, change.value, strict=True))
        ]
        return SequenceNode(base.tag, items, base.start_mark, base.end_mark)
    return change


def figure_problems(loaded: LoadedSpec, original: LoadedSpec) -> list[Problem]:
    """Problems for numbers the translation changes: a key figure that reads as another number
    (or as none, where the original's is one), and any text whose numbers in digits differ from
    the same field's in the original. (Numbers written in words are compared by `check`'s
    source comparison of the original only.)"""
    from .numbers import read_number
    from .walker import strings

    problems = []
    pairs = zip(loaded.spec.figures, original.spec.figures, strict=False)
    for i, (ours, theirs) in enumerate(pairs):
        if ours.value == theirs.value:
            continue
        mine = read_number(ours.value, language=loaded.spec.language).number
        source = read_number(theirs.value, language=original.spec.language).number
        if source is not None and mine != source:
            key_path = f"figures[{i}].value"
            said = (
                "reads as a different number from" if mine is not None else "is not a number like"
            )
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"{ours.value!r} {said} {theirs.value!r} in {original.path.name}; a "
                    "translation writes the same number, in digits",
                )
            )
    theirs_by_path = dict(strings(original.spec))
    for key_path, text in strings(loaded.spec):
        before = theirs_by_path.get(key_path)
        if before is None or before == text or key_path.startswith("figures["):
            continue
        mine_numbers = _numbers(text, loaded.spec.language)
        their_numbers = _numbers(before, original.spec.language)
        if mine_numbers != their_numbers:
            shown = ", ".join(_shown(n) for n in mine_numbers) or "none"
            wanted = ", ".join(_shown(n) for n in their_numbers) or "none"
            problems.append(
                Problem(
                    loaded.where(key_path),
                    key_path,
                    f"the translation's numbers ({shown}) are not the original's ({wanted}); a "
                    "translation changes words, never numbers",
                )
            )
    return problems


_DIGITS = re.compile(r"\d(?:[\d\u00a0\u202f ,.]*\d)?%?")


def _numbers(text: str, language: str) -> list[float]:
    """The numbers written in digits in `text`, read as `language` writes them, sorted."""
    from .numbers import read_number

    found = []
    for match in _DIGITS.finditer(text):
        token = match.group().rstrip(" .,")
        number = read_number(token, language=language).number
        if number is None:
            number = read_number(token.replace(" ", ""), language=language).number
        if number is not None:
            found.append(number)
    return sorted(found)


def _shown(number: float) -> str:
    return f"{number:g}" if number != int(number) else str(int(number))


def _mark(node: Node, file: str) -> None:
    """Record on every node the file it comes from (see `yamlsource.location_of`)."""
    stack = [node]
    while stack:
        current = stack.pop()
        current.briefing_file = file  # type: ignore[attr-defined]
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack += [key, value]
        elif isinstance(current, SequenceNode):
            stack += list(current.value)


def _located(node: Node) -> Location:
    return location_of(node, getattr(node, "briefing_file", ""))


def _is_key(node: Node, name: str) -> bool:
    return isinstance(node, ScalarNode) and node.value == name


def _get(root: MappingNode, key: str) -> Node | None:
    return next((v for k, v in root.value if _is_key(k, key)), None)


def _scalar(root: MappingNode, key: str) -> str | None:
    node = _get(root, key)
    return node.value.strip() if isinstance(node, ScalarNode) else None


def _language(root: MappingNode) -> str:
    return _scalar(root, "language") or "en-GB"


def in_language(specs: list[Path], language: str) -> list[Path]:
    """For `--language`: each spec's translation into `language` (`STEM.LANG.yaml` beside it,
    translating it), or, for `all`, each spec and all of its translations; `BriefingError` when
    a spec has none in that language. A file named like a translation that cannot be read is
    taken, so that its build reports why; one that leads out of the spec's folder (a symlink)
    is refused."""
    import glob

    from ..errors import BriefingError

    chosen: dict[Path, None] = {}
    for spec in specs:
        folder = spec.parent.resolve()
        named = sorted(spec.parent.glob(f"{glob.escape(spec.stem)}.*.yaml"))
        for path in named:
            if path.resolve().parent != folder:
                raise BriefingError(
                    f"{path}: a translation must be a file in its brief's folder, not a link "
                    "to somewhere else"
                )
        found = {p: _language_of(p) for p in named if _translates(p, spec)}
        if language == "all":
            chosen.update(dict.fromkeys([spec, *found]))
            continue
        wanted = [p for p, lang in found.items() if _primary(lang) == _primary(language)]
        if _primary(_language_of(spec)) == _primary(language):
            wanted.insert(0, spec)
        if not wanted:
            have = ", ".join(sorted({_primary(lang) for lang in found.values()})) or "none"
            raise BriefingError(
                f"{spec}: no translation into {language!r} beside it (translations: {have}); "
                f"write {spec.stem}.{language}.yaml with `translates: {spec.name}`"
            )
        chosen.update(dict.fromkeys(wanted))
    return list(chosen)


def _translates(path: Path, original: Path) -> bool:
    """Whether `path` translates `original`; a file that cannot be read counts, by its name,
    so that building it reports why."""
    try:
        target = translated_file(path)
    except SpecError:
        return True
    return target is not None and target.resolve() == original.resolve()


def _language_of(path: Path) -> str:
    """The language a spec says it is in; for a file that cannot be read, the one its name
    says (`raqqa.es.yaml`)."""
    try:
        return _language(load_yaml(path))
    except SpecError:
        return path.stem.rsplit(".", 1)[-1]


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()
