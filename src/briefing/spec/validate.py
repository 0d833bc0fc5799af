"""Turn a located YAML tree into a validated `Spec`, or a `SpecError` listing every problem.

The schema is the dataclasses of `spec.py` and `records.py`; `walker.py` walks the tree
against it, so a new field needs no code here unless it needs a check of its own
(`FIELD_CHECKS`). Here the walk's problems meet the checks across fields (`crosschecks.py`),
the citations (`references.py`) and the images, and a translation meets its original.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..errors import Location, Problem, SpecError
from . import reuse
from .assets import ImageAsset
from .crosschecks import check_chart_numbers, model_problems
from .references import check_citations
from .reuse import ReusingWalker
from .spec import Spec
from .walker import INVALID, Walker
from .yamlsource import MappingNode, ScalarNode, read_yaml

T = TypeVar("T")


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

    node, text = read_yaml(path)
    if not any(isinstance(k, ScalarNode) and k.value == TRANSLATES for k, _ in node.value):
        return validate(node, file=str(path), path=path, project=root, text=text)
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
    walker = Walker(file)
    value = walker.convert(root, cls, "")
    if walker.problems:
        raise SpecError(walker.problems)
    return value, walker.locations


def validate(
    root: MappingNode,
    *,
    file: str,
    path: Path,
    project: Path | None = None,
    text: str | None = None,
) -> LoadedSpec:
    """Check `root` against the schema; raise `SpecError` with every problem found. Images
    must lie inside `project` (default: the spec's project folder). Given the `text` that
    `root` was parsed from, the top-level entries unchanged since the file's last load are
    not walked again (`reuse.py`)."""
    reusing = ReusingWalker(file, root, text) if text is not None else None
    walker = reusing or Walker(file)
    value = walker.convert(root, Spec, "")
    check_citations(root, Spec, walker, known=reusing.cites if reusing else None)
    check_chart_numbers(root, walker)
    images = _load_images(value, walker, path, project) if value is not INVALID else {}
    if value is not INVALID:
        found = reuse.model_problems(value, file=file) if reusing else model_problems(value)
        for key_path, message in found:
            walker.problems.append(
                Problem(_where(walker.locations, key_path, file), key_path, message)
            )
    if reusing is not None:
        reusing.keep()  # its entries with no problem, also when others have one
    if walker.problems:
        raise SpecError(walker.problems)
    return LoadedSpec(value, path, walker.locations, images)


def _load_images(
    spec: Spec, walker: Walker, path: Path, project: Path | None
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


def _where(locations: dict[str, Location], key_path: str, file: str) -> Location:
    while key_path and key_path not in locations:
        parent = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", key_path)
        key_path = "" if parent == key_path else parent
    return locations.get(key_path, Location(file, 1, 1))
