"""Turn command-line arguments into calls to `build`, and errors into messages and exit codes.

Exit status: 0 on success, 2 for invalid input (a spec, an argument), 1 for anything else.
Nothing here imports ReportLab: `briefing --help` and `briefing check` stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import EXIT_FAILURE, BriefingError

LAYOUT_CHOICES = ("one-page", "multi-page", "all")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn a YAML briefing spec into print-ready PDF briefs.",
        epilog="Exit status: 0 on success, 2 for invalid input, 1 for any other failure.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    make = commands.add_parser("make", help="build the PDFs of one or more specs",
                               description="Build the PDFs of one or more specs.")
    make.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help="a briefing spec (YAML)")
    make.add_argument("--layout", choices=LAYOUT_CHOICES, default=None,
                      help="which layout to build (default: the spec's `layouts`, else all)")
    make.add_argument("--out-dir", type=Path, default=Path("out"), metavar="DIR",
                      help="folder for the PDFs (default: out)")
    make.add_argument("--audience", action="append", metavar="NAME", dest="audiences",
                      help="build the brief for this audience (repeatable; see `briefing "
                           "templates`)")
    make.add_argument("--all-audiences", action="store_true",
                      help="build every audience of the template, in every layout")
    make.add_argument("--template", type=Path, metavar="PATH",
                      help="template file to use instead of the spec's own")

    check = commands.add_parser("check", help="validate specs without rendering",
                                description="Validate specs without rendering them.")
    check.add_argument("specs", nargs="+", type=Path, metavar="SPEC")

    templates = commands.add_parser(
        "templates", help="list templates and audiences",
        description="List the templates a spec can use, and the audiences of each.")
    templates.add_argument("spec", nargs="?", type=Path, metavar="SPEC",
                           help="also list the templates in a templates/ folder beside SPEC")

    new = commands.add_parser("new", help="write a commented starter spec",
                              description="Write NAME.yaml, a commented starter spec that "
                                          "builds as it is.")
    new.add_argument("name", metavar="NAME", help="name of the spec file to write (NAME.yaml)")

    commands.add_parser("reference", help="print the spec reference (Markdown)",
                        description="Print the reference of every spec field, in Markdown.")
    return parser


def _fail(error: BriefingError) -> int:
    for line in error.lines():
        print(line, file=sys.stderr)
    return error.exit_status


def _internal(spec: Path, error: Exception) -> int:
    print(f"{spec}: internal error in briefing ({type(error).__name__}: {error}); "
          "please report it with the spec attached", file=sys.stderr)
    return EXIT_FAILURE


def run_make(specs: list[Path], *, layout: str | None, out_dir: Path,
             audiences: list[str] | None = None, all_audiences: bool = False,
             template: Path | None = None) -> int:
    from .build import make
    from .spec import LAYOUTS

    layouts = None if layout is None else (LAYOUTS if layout == "all" else (layout,))
    status = 0
    for spec in specs:
        try:
            for built in make(spec, layouts=layouts, out_dir=out_dir,  # type: ignore[arg-type]
                              audiences=audiences, all_audiences=all_audiences,
                              template=template):
                plural = "" if built.pages == 1 else "s"
                print(f"{built.path}: {built.pages} page{plural}")
        except BriefingError as error:
            status = max(status, _fail(error))
        except Exception as error:  # noqa: BLE001 - a bug; report it without a traceback
            status = max(status, _internal(spec, error))
    return status


def run_check(specs: list[Path]) -> int:
    from .build import check

    status = 0
    for spec in specs:
        try:
            check(spec)
            print(f"{spec}: ok")
        except BriefingError as error:
            status = max(status, _fail(error))
    return status


def run_templates(spec: Path | None) -> int:
    from .template import BUILTIN_DIR, load_template

    folders = [(spec.parent / "templates", "beside the spec")] if spec else []
    folders.append((BUILTIN_DIR, "built in"))
    try:
        for folder, where in folders:
            for path in sorted(folder.glob("*.yaml")):
                loaded = load_template(path)
                print(f"{path.stem} ({where}): {loaded.template.description or ''}".rstrip())
                for name, arrangement in loaded.template.audiences.items():
                    print(f"  --audience {name}: {arrangement.description or ''}".rstrip())
    except BriefingError as error:
        return _fail(error)
    return 0


def run_new(name: str) -> int:
    from .starter import write_starter

    try:
        path = write_starter(name)
    except BriefingError as error:
        return _fail(error)
    print(f"{path}: written; build it with: briefing make {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with `argv` (default: sys.argv[1:]) and return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "make":
            return run_make(args.specs, layout=args.layout, out_dir=args.out_dir,
                            audiences=args.audiences, all_audiences=args.all_audiences,
                            template=args.template)
        if args.command == "check":
            return run_check(args.specs)
        if args.command == "templates":
            return run_templates(args.spec)
        if args.command == "new":
            return run_new(args.name)
        from .reference import spec_reference

        print(spec_reference(), end="")
        return 0
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130

