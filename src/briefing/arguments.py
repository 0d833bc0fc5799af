"""Turn briefing's command line into parsed arguments: the commands, their options and help.

Nothing here imports ReportLab, nor any part of the pipeline: `briefing --help` imports
argparse and this module, and declares no command's arguments but the one it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Collection, Sequence

from . import __version__

LAYOUT_CHOICES = ("one-page", "multi-page", "all")

_SUMMARIES: dict[str, tuple[str, str]] = {
    "make": (
        "build the PDFs of one or more specs",
        "Build the PDFs of one or more specs.",
    ),
    "check": (
        "validate specs without rendering",
        "Validate specs without rendering them.",
    ),
    "watch": (
        "build a spec, then rebuild it on every save and show its pages in a browser",
        "Build SPEC, then rebuild it whenever the spec, its template, a translation "
        "or an asset it uses changes, and show every page on a preview page served on "
        "127.0.0.1 that updates itself after each save.",
    ),
    "templates": (
        "list templates and audiences",
        "List the templates a spec can use, and the audiences of each.",
    ),
    "schema": (
        "print the JSON Schema of specs or templates, for editors",
        "Print the JSON Schema of briefing specs (or templates), with a "
        "description of every field: editors use it to complete keys and show their docs.",
    ),
    "new": (
        "write a commented starter spec",
        "Write NAME.yaml, a commented starter spec that builds as it is.",
    ),
    "server": (
        "keep a warm process that runs briefing's commands without its start-up time",
        "Start, stop or report on your warm server: a background process with briefing "
        "loaded that runs each `briefing` command you type (but watch) as a fresh copy of "
        "itself, in your folder, with your environment and terminal, with the same results as "
        "a cold start in a fraction of the time. It serves only you, only this installation "
        "of briefing in this environment, and stops after 30 minutes without a command.",
    ),
    "reference": (
        "print the spec reference (Markdown)",
        "Print the reference of every spec field, in Markdown.",
    ),
}
"""Each command's line in `briefing --help`, and the description its own `--help` opens with."""
COMMANDS = tuple(_SUMMARIES)


def parser(*, declare: Collection[str] = COMMANDS) -> argparse.ArgumentParser:
    """The parser of briefing's command line: its commands, their arguments and help. Only the
    arguments of the commands in `declare` are declared (every command is still listed, for the
    help and for the message about a wrong name): `main` declares those of the command it runs
    alone (`run_by`), since declaring them all costs more than `briefing --help` itself."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn a YAML briefing spec into print-ready PDF briefs.",
        epilog="Exit status: 0 on success, 2 for invalid input, 1 for any other failure.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (summary, description) in _SUMMARIES.items():
        declared = commands.add_parser(name, help=summary, description=description)
        if name in declare and name in _ARGUMENTS:
            _ARGUMENTS[name](declared)
    return parser


def help_texts() -> dict[str, str]:
    """The help `--help` prints at `HELP_COLUMNS` columns, by command ("" for the top level):
    what `helptext.py` keeps, so that `briefing --help` prints it without building a parser.
    `python -m briefing.arguments` writes that file again."""
    import os

    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(HELP_COLUMNS)
    try:
        full = parser()
        subparsers = full._subparsers._group_actions[0]  # type: ignore[union-attr]  # noqa: SLF001
        choices: dict[str, argparse.ArgumentParser] = subparsers.choices  # type: ignore[assignment]
        texts = {"": full.format_help()}
        texts.update((name, command.format_help()) for name, command in choices.items())
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    return texts


HELP_COLUMNS = 80
"""The terminal width the kept help texts are made for: argparse's when the output is not a
terminal, and the most common terminal's."""


def _write_help_texts() -> None:
    import sys
    from pathlib import Path

    lines = [
        '"""Turn a request for help into the text argparse prints for it, without argparse.',
        "",
        "Written by `python -m briefing.arguments` from the parser (`arguments.help_texts`) for a",
        "terminal of `COLUMNS` columns, under the Python of `PYTHON` (argparse's layout changes",
        "between versions); `test_speed_cold2_kept_help_is_the_parsers` checks it.",
        '"""',
        "",
        f"PYTHON = {tuple(sys.version_info[:2])!r}",
        f"COLUMNS = {HELP_COLUMNS}",
        "TEXTS = {",
    ]
    for command, text in help_texts().items():
        lines.append(f"    {command!r}: (")
        lines += [f"        {line!r}" for line in text.splitlines(keepends=True)]
        lines.append("    ),")
    lines.append("}")
    kept = Path(__file__).with_name("helptext.py")
    kept.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import subprocess

    subprocess.run([sys.executable, "-m", "ruff", "format", str(kept)], check=True)


def run_by(argv: Sequence[str]) -> tuple[str, ...]:
    """The command `argv` runs, alone, or nothing: its first argument that is not an option
    (the top level has no option that takes a value)."""
    return tuple(argument for argument in argv if not argument.startswith("-"))[:1]


def _make(command: argparse.ArgumentParser) -> None:
    from pathlib import Path

    from .outputs.formats import FORMATS

    command.add_argument(
        "specs", nargs="+", type=Path, metavar="SPEC", help="a briefing spec (YAML)"
    )
    command.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default=None,
        help="which layout to build (default: the spec's `layouts`, else all)",
    )
    command.add_argument(
        "--format",
        default="pdf",
        metavar="LIST",
        dest="formats",
        help="output formats, separated by commas: "
        + ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
        + ", or 'all' for every one (default: pdf)",
    )
    command.add_argument(
        "--dpi",
        type=int,
        default=150,
        metavar="N",
        help="resolution of page pictures (--format png), 36 to 600 (default: 150)",
    )
    command.add_argument(
        "--out-dir",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="folder for the PDFs (default: out)",
    )
    command.add_argument(
        "--audience",
        action="append",
        metavar="NAME",
        dest="audiences",
        help="build the brief for this audience (repeatable; see `briefing templates`)",
    )
    command.add_argument(
        "--all-audiences",
        action="store_true",
        help="build every audience of the template, in every layout",
    )
    command.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="template file to use instead of the spec's own",
    )
    command.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="build in N parallel processes (default: 1)",
    )
    command.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="build on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
        "needs pip install 'briefing[dask]'",
    )
    command.add_argument(
        "--language",
        metavar="LANG",
        help="build the translation in this language (SPEC.LANG.yaml beside the spec), or "
        "'all': the spec and every translation of it",
    )
    command.add_argument(
        "--draft",
        action="store_true",
        help="mark every page as a draft: a light DRAFT across it and the time it was built "
        "(the PDFs then differ from one build to the next)",
    )
    command.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="CSV or YAML file with one row per recipient: one brief per row, "
        "with {{field}} in the spec filled from the row",
    )
    command.add_argument(
        "--name",
        metavar="PATTERN",
        help="file name pattern for --recipients, e.g. '{country}-{name}' "
        "({n} is the row number; default: <spec>-<row number>)",
    )
    _root(command)


def _check(command: argparse.ArgumentParser) -> None:
    from pathlib import Path

    command.add_argument(
        "specs", nargs="+", type=Path, metavar="SPEC", help="a briefing spec (YAML)"
    )
    command.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="template file to use instead of the spec's own",
    )
    command.add_argument(
        "--audience",
        action="append",
        metavar="NAME",
        dest="audiences",
        help="check this audience's brief (repeatable; default: the general brief and every "
        "audience of the template)",
    )
    command.add_argument(
        "--all-audiences", action="store_true", help="check every audience of the template"
    )
    command.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="check the brief of every row of this CSV or YAML file, as make would build them",
    )
    command.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2) when a claim is not backed by the text of its sources, or when no "
        "source has a text to check against",
    )
    command.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: findings as lines on stderr (default); json: one JSON document on stdout "
        "with every finding",
    )
    _root(command)


def _watch(command: argparse.ArgumentParser) -> None:
    from pathlib import Path

    command.add_argument("spec", type=Path, metavar="SPEC", help="a briefing spec (YAML)")
    command.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default=None,
        help="which layout to show (default: the spec's `layouts`, else all)",
    )
    command.add_argument(
        "--audience",
        action="append",
        metavar="NAME",
        dest="audiences",
        help="show the brief for this audience (repeatable; see `briefing templates`)",
    )
    command.add_argument(
        "--all-audiences", action="store_true", help="show every audience of the template"
    )
    command.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="template file to use instead of the spec's own",
    )
    command.add_argument(
        "--language",
        metavar="LANG",
        help="show the translation in this language (SPEC.LANG.yaml beside the spec)",
    )
    command.add_argument(
        "--out-dir",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="folder for the PDFs, rebuilt on every good save (default: out)",
    )
    command.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="N",
        help="port of the preview page on 127.0.0.1 (default: a free one, printed)",
    )
    command.add_argument(
        "--open", action="store_true", help="open the preview page in the web browser"
    )
    _root(command)


def _templates(command: argparse.ArgumentParser) -> None:
    from pathlib import Path

    command.add_argument(
        "spec",
        nargs="?",
        type=Path,
        metavar="SPEC",
        help="also list the templates in a templates/ folder beside SPEC",
    )
    command.add_argument(
        "--show",
        metavar="NAME",
        help="print template NAME (a name from the list, or a file) as briefing uses it: "
        "merged with the templates it extends, in YAML",
    )


def _schema(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "kind",
        nargs="?",
        choices=("spec", "template"),
        default="spec",
        help="which file format (default: spec)",
    )


def _new(command: argparse.ArgumentParser) -> None:
    command.add_argument("name", metavar="NAME", help="name of the spec file to write (NAME.yaml)")


def _server(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "action",
        choices=("start", "stop", "status"),
        help="start the server, stop every server of yours, or tell whether one runs",
    )


def _root(command: argparse.ArgumentParser) -> None:
    from pathlib import Path

    command.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="project folder that specs and templates may read files from (default: the "
        "folder briefing runs from and the spec's folder, and what lies below them)",
    )


_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "make": _make,
    "check": _check,
    "watch": _watch,
    "templates": _templates,
    "schema": _schema,
    "new": _new,
    "server": _server,
}


if __name__ == "__main__":
    _write_help_texts()
