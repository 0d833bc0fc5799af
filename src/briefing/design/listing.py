"""Turn the templates a spec can use into listings: names, audiences, and one merged template."""

from __future__ import annotations

import dataclasses
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import BriefingError, printable

if TYPE_CHECKING:
    from .template import LoadedTemplate


def fail(error: BriefingError) -> int:
    for line in error.lines():
        print(line, file=sys.stderr)
    return error.exit_status


def list_templates(spec: Path | None) -> int:
    """Print the templates a spec can use and the audiences of each, then the problems of
    those that cannot be used, once each (a template still listed, so that one broken
    template hides none of the others); return the exit status."""
    from ..spec.assets import project_root
    from .lookup import BUILTIN_DIR, listed, searched
    from .template import load_template

    near = [spec.parent / "templates"] if spec else []
    root = project_root(spec) if spec else BUILTIN_DIR
    broken: list[BriefingError] = []
    try:
        for folder, inside in searched(near, root):
            where = "built in" if folder == BUILTIN_DIR else "beside the spec"
            for path in listed(folder, inside):
                try:
                    loaded = load_template(path, root=inside)
                except BriefingError as error:
                    broken.append(error)
                    print(printable(f"{path.stem} ({where}): cannot be used, see below"))
                    continue
                description = loaded.template.description or ""
                print(printable(f"{path.stem} ({where}): {description}".rstrip()))
                for name, arrangement in loaded.template.audiences.items():
                    description = arrangement.description or ""
                    print(printable(f"  --audience {name}: {description}".rstrip()))
    except BriefingError as error:
        broken.append(error)
    sys.stdout.flush()
    for line in dict.fromkeys(line for error in broken for line in error.lines()):
        print(line, file=sys.stderr)
    return max((error.exit_status for error in broken), default=0)


def show_template(name: str, *, spec: Path | None) -> int:
    """Print template NAME (a name `list_templates` lists, or a path to a .yaml file) merged
    with the templates it extends, as YAML under a comment naming the files merged; return the
    exit status."""
    from .lookup import command_line_template, is_path
    from .template import load_template

    try:
        if is_path(name):
            path = command_line_template(Path(name))
            loaded = load_template(path, root=_root(path))
        else:
            path, inside = _named(name, spec)
            loaded = load_template(path, root=inside)
    except BriefingError as error:
        return fail(error)
    print(merged_yaml(loaded), end="")
    return 0


def merged_yaml(loaded: LoadedTemplate) -> str:
    """The merged template as YAML, `extends:` left out, under a comment naming its files,
    the first one first."""
    files = "\n".join(f"#   {printable(str(file))}" for file in loaded.files)
    header = (
        f"# Template {printable(loaded.name)!r} as briefing uses it: these files merged, each "
        f"changing the one before,\n{files}\n# with file paths made absolute.\n"
    )
    tokens = _plain(loaded.template)
    tokens.pop("extends", None)
    body = yaml.dump(tokens, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    return header + body


class _Dumper(yaml.SafeDumper):
    """Block style, but a list of names on one line, as templates are written."""

    def represent_list(self, data: Any) -> yaml.SequenceNode:
        flow = all(isinstance(item, str | int | float) for item in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)


def _plain(value: Any) -> Any:
    """A template's value as plain YAML data: unset fields and empty mappings left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        plain = {str(k): _plain(v) for k, v in value.items()}
        return {k: v for k, v in plain.items() if v is not None and v != {}}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _root(path: Path) -> Path:
    from ..spec.assets import project_root

    return project_root(path)


def _named(name: str, spec: Path | None) -> tuple[Path, Path]:
    """The template `list_templates` lists as `name`, and the folder it may read; else a
    `BriefingError` with the nearest name and the list."""
    from .lookup import BUILTIN_DIR, listed, searched

    near = [spec.parent / "templates"] if spec else []
    places = searched(near, _root(spec) if spec else BUILTIN_DIR)
    known: dict[str, tuple[Path, Path]] = {}
    for folder, inside in reversed(places):
        known.update({path.stem: (path, inside) for path in listed(folder, inside)})
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    beside = Path("templates") / f"{name}.yaml"
    if spec is None and not close and beside.is_file():
        hint = (
            f"; for {printable(str(beside))}, name a spec beside it (briefing templates SPEC "
            f"--show {printable(name)}) or give its path"
        )
    raise BriefingError(
        f"briefing: templates --show {printable(name)}: no such template (templates: "
        f"{', '.join(sorted(known))}){hint}"
    )
