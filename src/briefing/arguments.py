"""Turn briefing's command line into parsed arguments: the commands, their options and help.

Nothing here imports ReportLab: `briefing --help` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import __version__
from .outputs.formats import FORMATS

LAYOUT_CHOICES = ("one-page", "multi-page", "all")


def parser() -> argparse.ArgumentParser:
    """The parser of briefing's command line: its commands, their arguments and help."""
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn a YAML briefing spec into print-ready PDF briefs.",
        epilog="Exit status: 0 on success, 2 for invalid input, 1 for any other failure.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    make = commands.add_parser(
        "make",
        help="build the PDFs of one or more specs",
        description="Build the PDFs of one or more specs.",
    )
    make.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help="a briefing spec (YAML)")
    make.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default=None,
        help="which layout to build (default: the spec's `layouts`, else all)",
    )
    make.add_argument(
        "--format",
        default="pdf",
        metavar="LIST",
        dest="formats",
        help="output formats, separated by commas: "
        + ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
        + ", or 'all' for every one (default: pdf)",
    )
    make.add_argument(
        "--dpi",
        type=int,
        default=150,
        metavar="N",
        help="resolution of page pictures (--format png), 36 to 600 (default: 150)",
    )
    make.add_argument(
        "--out-dir",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="folder for the PDFs (default: out)",
    )
    make.add_argument(
        "--audience",
        action="append",
        metavar="NAME",
        dest="audiences",
        help="build the brief for this audience (repeatable; see `briefing templates`)",
    )
    make.add_argument(
        "--all-audiences",
        action="store_true",
        help="build every audience of the template, in every layout",
    )
    make.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="template file to use instead of the spec's own",
    )
    make.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="build in N parallel processes (default: 1)",
    )
    make.add_argument(
        "--language",
        metavar="LANG",
        help="build the translation in this language (SPEC.LANG.yaml beside the spec), or "
        "'all': the spec and every translation of it",
    )
    make.add_argument(
        "--draft",
        action="store_true",
        help="mark every page as a draft: a light DRAFT across it and the time it was built "
        "(the PDFs then differ from one build to the next)",
    )
    make.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="CSV or YAML file with one row per recipient: one brief per row, "
        "with {{field}} in the spec filled from the row",
    )
    make.add_argument(
        "--name",
        metavar="PATTERN",
        help="file name pattern for --recipients, e.g. '{country}-{name}' "
        "({n} is the row number; default: <spec>-<row number>)",
    )

    check = commands.add_parser(
        "check",
        help="validate specs without rendering",
        description="Validate specs without rendering them.",
    )
    check.add_argument("specs", nargs="+", type=Path, metavar="SPEC", help="a briefing spec (YAML)")
    check.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="template file to use instead of the spec's own",
    )
    check.add_argument(
        "--audience",
        action="append",
        metavar="NAME",
        dest="audiences",
        help="check this audience's brief (repeatable; default: the general brief and every "
        "audience of the template)",
    )
    check.add_argument(
        "--all-audiences", action="store_true", help="check every audience of the template"
    )
    check.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="check the brief of every row of this CSV or YAML file, as make would build them",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2) when a claim is not backed by the text of its sources, or when no "
        "source has a text to check against",
    )
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: findings as lines on stderr (default); json: one JSON document on stdout "
        "with every finding",
    )
    watch = commands.add_parser(
        "watch",
        help="build a spec, then rebuild it on every save and show its pages in a browser",
        description="Build SPEC, then rebuild it whenever the spec, its template, a translation "
        "or an asset it uses changes, and show every page on a preview page served on "
        "127.0.0.1 that updates itself after each save.",
    )
    watch.add_argument("spec", type=Path, metavar="SPEC", help="a briefing spec (YAML)")
    watch.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default=None,
        help="which layout to show (default: the spec's `layouts`, else all)",
    )
    watch.add_argument(
        "--audience",
        action="append",
        metavar="NAME",
        dest="audiences",
        help="show the brief for this audience (repeatable; see `briefing templates`)",
    )
    watch.add_argument(
        "--all-audiences", action="store_true", help="show every audience of the template"
    )
    watch.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="template file to use instead of the spec's own",
    )
    watch.add_argument(
        "--language",
        metavar="LANG",
        help="show the translation in this language (SPEC.LANG.yaml beside the spec)",
    )
    watch.add_argument(
        "--out-dir",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="folder for the PDFs, rebuilt on every good save (default: out)",
    )
    watch.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="N",
        help="port of the preview page on 127.0.0.1 (default: a free one, printed)",
    )
    watch.add_argument(
        "--open", action="store_true", help="open the preview page in the web browser"
    )
    for command in (make, check, watch):
        command.add_argument(
            "--root",
            type=Path,
            metavar="DIR",
            help="project folder that specs and templates may read files from (default: the "
            "folder briefing runs from and the spec's folder, and what lies below them)",
        )

    templates = commands.add_parser(
        "templates",
        help="list templates and audiences",
        description="List the templates a spec can use, and the audiences of each.",
    )
    templates.add_argument(
        "spec",
        nargs="?",
        type=Path,
        metavar="SPEC",
        help="also list the templates in a templates/ folder beside SPEC",
    )
    templates.add_argument(
        "--show",
        metavar="NAME",
        help="print template NAME (a name from the list, or a file) as briefing uses it: "
        "merged with the templates it extends, in YAML",
    )

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of specs or templates, for editors",
        description="Print the JSON Schema of briefing specs (or templates), with a "
        "description of every field: editors use it to complete keys and show their docs.",
    )
    schema.add_argument(
        "kind",
        nargs="?",
        choices=("spec", "template"),
        default="spec",
        help="which file format (default: spec)",
    )

    new = commands.add_parser(
        "new",
        help="write a commented starter spec",
        description="Write NAME.yaml, a commented starter spec that builds as it is.",
    )
    new.add_argument("name", metavar="NAME", help="name of the spec file to write (NAME.yaml)")

    commands.add_parser(
        "reference",
        help="print the spec reference (Markdown)",
        description="Print the reference of every spec field, in Markdown.",
    )
    return parser
