"""The package flows one way: a module of one stage imports only its own stage and the stages
before it, never a later one. Every module's imports are read from its source (`ast`), those
inside functions and under `TYPE_CHECKING` too, so a late import cannot hide a backward one."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "briefing"
STAGES = (
    ("errors", "bounded", "filestamp"),
    ("design.i18n",),
    ("spec",),
    ("design",),
    ("check",),
    ("model",),
    ("layout",),
    ("outputs",),
    ("",),
)
"""The stages in the order a brief flows through them, each a tuple of module prefixes (dotted,
inside the package); "" is the top of the package (the command line and the orchestrators),
which may import anything. A module belongs to the stage of its longest matching prefix. The
language's words (`design/i18n/` and its catalogues) sit below `spec/`, whose messages and
numbers are worded in the brief's language."""

WAITING = {}
"""Backward imports known and waiting to be moved, each (importer, imported) with where the
code belongs. Nothing may join this list; an entry whose import is gone must leave it."""


def stage(module: str) -> int:
    """The rank of `module` (dotted, inside the package) in `STAGES`."""
    best, rank = -1, len(STAGES) - 1
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if prefix and (module == prefix or module.startswith(prefix + ".")):
                if len(prefix) > best:
                    best, rank = len(prefix), index
    return rank


def module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """Every module of the package that `path` imports, with the line that imports it."""
    module = module_of(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name.removeprefix("briefing."))
                for alias in node.names
                if alias.name.startswith("briefing.")
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.startswith("briefing"):
                target = node.module.removeprefix("briefing").removeprefix(".")
            else:
                continue
            names = [f"{target}.{a.name}" if target else a.name for a in node.names]
            found += [(node.lineno, n if _is_module(n) else target) for n in names]
    return found


def _is_module(dotted: str) -> bool:
    path = PACKAGE.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def backward_imports() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_of(path)
        for line, target in imported(path):
            if stage(target) > stage(module):
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {module} imports {target}")
    return found


def test_no_module_imports_a_later_stage():
    found = backward_imports()
    assert [line for line in found if _pair(line) not in WAITING] == []
    assert sorted(WAITING) == sorted({_pair(line) for line in found})


def _pair(line: str) -> tuple[str, str]:
    importer, imported = line.split(": ", 1)[1].split(" imports ")
    return importer, imported


def test_a_backward_import_is_found(tmp_path, monkeypatch):
    """The check above sees an import inside a function, relative or absolute."""
    package = tmp_path / "briefing"
    for folder in ("model", "layout"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "layout" / "charts.py").write_text("X = 1\n")
    (package / "model" / "resolve.py").write_text(
        "def f():\n    from ..layout import charts\n    import briefing.layout.charts\n"
    )
    monkeypatch.setattr(__import__(__name__), "PACKAGE", package)
    assert backward_imports() == [
        "model/resolve.py:2: model.resolve imports layout.charts",
        "model/resolve.py:3: model.resolve imports layout.charts",
    ]


def test_stages_rank_by_their_longest_prefix():
    assert stage("errors") < stage("design.i18n") < stage("spec.numbers") < stage("design.fonts")
    assert stage("design.fonts") < stage("model.resolve") < stage("layout.charts")
    assert stage("layout.charts") < stage("outputs.htmlout") < stage("build") == stage("cli")
