"""Turn command-line arguments into calls to `build`, and errors into messages and exit codes.

Exit status: 0 on success, 2 for invalid input (a spec, an argument), 1 for anything else.
Each command imports what it runs when it runs: `briefing --help` imports argparse and
nothing of the pipeline, `briefing check` nothing of ReportLab.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing for `--help`
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from .errors import BriefingError


def kept_help(arguments: Sequence[str]) -> str | None:
    """The help `arguments` ask for (`--help`, `make -h`...) as argparse prints it, kept in
    `helptext` for this Python and this terminal's width; None when it is not kept there."""
    *command, flag = arguments or ("",)
    if flag not in ("-h", "--help") or len(command) > 1:
        return None
    from . import helptext

    if sys.version_info[:2] != helptext.PYTHON or terminal_columns() != helptext.COLUMNS:
        return None
    return helptext.TEXTS.get(command[0] if command else "")


def terminal_columns() -> int:
    """The terminal's width as argparse reads it (`shutil.get_terminal_size`, whose import
    costs more than printing the help)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _fail(error: BriefingError) -> int:
    for line in error.lines():
        print(line, file=sys.stderr)
    return error.exit_status


def expand_specs(arguments: list[Path]) -> list[Path]:
    """Spec files from arguments that may be files, folders (every .yaml below them, outside
    `templates/` folders) or glob patterns. A file that exists is taken as named, even when its
    name looks like a pattern (`x[1].yaml`)."""
    import glob
    from pathlib import Path

    from .errors import BriefingError

    specs: dict[Path, None] = {}
    for argument in arguments:
        text = str(argument)
        if argument.is_dir():
            found = sorted(
                p
                for p in argument.rglob("*.y*ml")
                if "templates" not in p.relative_to(argument).parts
            )
        elif any(c in text for c in "*?[") and not argument.exists():
            found = sorted(Path(p) for p in glob.glob(text, recursive=True))
        else:
            found = [argument]
        if not found:
            raise BriefingError(f"{argument}: no spec matches (looked for .yaml files)")
        specs.update(dict.fromkeys(found))
    return list(specs)


def run_make(
    specs: list[Path],
    *,
    layout: str | None,
    out_dir: Path,
    audiences: list[str] | None = None,
    all_audiences: bool = False,
    template: Path | None = None,
    jobs: int | None = None,
    recipients: Path | None = None,
    name: str | None = None,
    root: Path | None = None,
    language: str | None = None,
    draft: bool = False,
    formats: str = "pdf",
    dpi: int = 150,
    dask: str | None = None,
) -> int:
    from .batch import Progress, jobs_for, run_jobs, usable_cpus
    from .build import Request
    from .errors import BriefingError
    from .outputs.formats import parse
    from .spec.spec import LAYOUTS

    try:
        chosen = parse(formats)
        if "png" in chosen:
            from .outputs.pictures import check_dpi

            check_dpi(dpi)
    except BriefingError as error:
        return _fail(error)
    if dask is not None and jobs is not None:
        return _fail(
            BriefingError(
                "briefing: --dask and --jobs: give one (--dask runs the jobs on the cluster)"
            )
        )
    jobs = 1 if jobs is None else jobs
    if jobs < 1:
        return _fail(BriefingError(f"briefing: --jobs: expected 1 or more, found {jobs}"))
    if name is not None and recipients is None:
        return _fail(BriefingError("briefing: --name names the files of --recipients; give both"))
    cpus = usable_cpus()
    if jobs > cpus:
        plural = "" if cpus == 1 else "s"
        print(
            f"briefing: --jobs {jobs} is more than this machine's {cpus} CPU{plural}; using {cpus}",
            file=sys.stderr,
        )
        jobs = cpus
    layouts = None if layout is None else (LAYOUTS if layout == "all" else (layout,))
    request = Request(
        layouts=layouts,  # type: ignore[arg-type]
        audiences=tuple(audiences) if audiences else (None,),
        all_audiences=all_audiences,
        template=template,
        out_dir=out_dir,
        root=root,
        protected=(recipients,) if recipients else (),
        draft=draft,
        formats=chosen,
        dpi=dpi,
    )
    try:
        expanded = expand_specs(specs)
        if language is not None:
            from .spec.translation import in_language

            expanded = in_language(expanded, language)
        work = jobs_for(expanded, recipients, name, request=request)
    except BriefingError as error:
        return _fail(error)
    cluster = None
    if dask is not None:
        from .cluster import connect

        try:
            cluster = connect(dask)
        except BriefingError as error:
            return _fail(error)
    progress = Progress(len(work), stream=sys.stderr, enabled=len(work) > 1 and sys.stderr.isatty())

    def report(outcome: Any) -> None:
        progress.clear()
        for built in outcome.built:
            plural = "" if built.pages == 1 else "s"
            print(f"{built.path}: {built.pages} page{plural}" if built.pages else f"{built.path}")
        for line in outcome.errors:
            print(line, file=sys.stderr)
        progress.step()

    try:
        outcomes = run_jobs(work, request, workers=jobs, on_outcome=report, cluster=cluster)
    finally:
        if cluster is not None:
            cluster.close()
    failed = [o for o in outcomes if o.status]
    if len(work) > 1:
        files = sum(len(o.built) for o in outcomes)
        pages = sum(b.pages for o in outcomes for b in o.built)
        kind = "PDFs" if chosen == ("pdf",) else "files"
        print(
            f"{files} {kind}, {pages} pages from {len(work)} briefs in "
            f"{progress.seconds:.1f} s; {len(failed)} failed"
        )
    return max((o.status for o in outcomes), default=0)


def run_check(
    specs: list[Path],
    *,
    template: Path | None = None,
    root: Path | None = None,
    audiences: list[str] | None = None,
    all_audiences: bool = False,
    recipients: Path | None = None,
    strict: bool = False,
    output_format: str = "text",
) -> int:
    """Check each spec as `make` would, then compare its claims with its sources' texts.
    Findings are warnings (exit 0) unless `strict`; with `output_format` "json", one JSON
    document on stdout holds every finding and error instead of lines on stderr."""
    from .check.provenance import error_json, summary
    from .checks import check, check_template, findings, is_template
    from .errors import BriefingError, printable

    status, report, checked = 0, [], []
    as_json = output_format == "json"
    try:
        paths = expand_specs(specs)
    except BriefingError as error:
        paths, status = [], error.exit_status
        report += error_json(error, spec=None) if as_json else []
        if not as_json:
            return _fail(error)
    for spec in paths:
        if is_template(spec):
            try:
                check_template(spec, root=root)
            except BriefingError as error:
                status = max(status, error.exit_status)
                checked.append({"file": str(spec), "valid": False, "warnings": 0, "infos": 0})
                report += error_json(error, spec=spec) if as_json else []
                if not as_json:
                    _fail(error)
                continue
            checked.append({"file": str(spec), "valid": True, "warnings": 0, "infos": 0})
            if not as_json:
                print(printable(f"{spec}: ok (a template)"))
            continue
        try:
            loaded = check(
                spec,
                template=template,
                root=root,
                audiences=audiences,
                all_audiences=all_audiences,
                recipients=recipients,
            )
            found = findings(
                loaded,
                template=template,
                root=root,
                audiences=audiences,
                all_audiences=all_audiences,
                strict=strict,
            )
        except BriefingError as error:
            status = max(status, error.exit_status)
            checked.append({"file": str(spec), "valid": False, "warnings": 0, "infos": 0})
            if as_json:
                report += error_json(error, spec=spec)
            else:
                _fail(error)
            continue
        counts = summary(found)
        checked.append({"file": str(spec), "valid": True, **counts})
        failed = strict and counts["warnings"] > 0
        status = max(status, 2 if failed else 0)
        if as_json:
            report += [finding.as_json(strict=strict) for finding in found]
            continue
        for finding in found:
            print(finding.line(strict=strict), file=sys.stderr)
        if not failed:
            plural = "" if counts["warnings"] == 1 else "s"
            more = f", {counts['warnings']} warning{plural}" if counts["warnings"] else ""
            print(printable(f"{spec}: ok{more}"))
    if as_json:
        import json

        document = {"strict": strict, "status": status, "specs": checked, "findings": report}
        print(json.dumps(document, indent=2))
    return status


def run_new(name: str) -> int:
    from .errors import BriefingError
    from .starter import write_starter

    try:
        path = write_starter(name)
    except BriefingError as error:
        return _fail(error)
    print(f"{path}: written; build it with: briefing make {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with `argv` (default: sys.argv[1:]) and return the exit status."""
    try:
        return _run(argv)
    except KeyboardInterrupt:  # Ctrl-C while the command line is still being read
        print("briefing: interrupted", file=sys.stderr)
        return 130


def _run(argv: Sequence[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    text = kept_help(arguments)
    if text is not None:  # written and exited from as argparse does
        try:
            sys.stdout.write(text)
        except (AttributeError, OSError):
            pass
        raise SystemExit(0)
    if argv is None:  # the command line, not a call from Python: the warm server may run it
        from .warm import run as run_warm

        try:
            status = run_warm(sys.argv[1:])
        except KeyboardInterrupt:
            print("briefing: interrupted", file=sys.stderr)
            return 130
        if status is not None:
            return status
    from .arguments import parser, run_by

    args = parser(declare=run_by(arguments)).parse_args(arguments)
    from .errors import BriefingError, printable

    try:
        if args.command == "make":
            return run_make(
                args.specs,
                layout=args.layout,
                out_dir=args.out_dir,
                audiences=args.audiences,
                all_audiences=args.all_audiences,
                template=args.template,
                jobs=args.jobs,
                recipients=args.recipients,
                name=args.name,
                root=args.root,
                language=args.language,
                draft=args.draft,
                formats=args.formats,
                dpi=args.dpi,
                dask=args.dask,
            )
        if args.command == "check":
            return run_check(
                args.specs,
                template=args.template,
                root=args.root,
                audiences=args.audiences,
                all_audiences=args.all_audiences,
                recipients=args.recipients,
                strict=args.strict,
                output_format=args.format,
            )
        if args.command == "templates":
            if args.show is not None:
                from .design.listing import show_template

                return show_template(args.show, spec=args.spec)
            from .design.listing import list_templates

            return list_templates(args.spec)
        if args.command == "schema":
            from .schema import run_schema

            return run_schema(args.kind)
        if args.command == "watch":
            from .watch import run_watch

            return run_watch(args)
        if args.command == "new":
            return run_new(args.name)
        if args.command == "server":
            from .warm.server import run_server

            return run_server(args.action)
        from .reference import spec_reference

        print(spec_reference(), end="")
        return 0
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BriefingError as error:
        return _fail(error)
    except BrokenPipeError:
        # The reader went away (`briefing templates | head`): stop quietly, as `git log` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # noqa: BLE001 - a bug in briefing: one line, never a traceback
        print(
            f"briefing: internal error ({type(error).__name__}: {printable(str(error))[:200]}); "
            "please report it with the spec attached",
            file=sys.stderr,
        )
        return 1
