"""Turn a spec into a live preview: rebuild on every save and show the pages in a browser.

`run_watch` checks the options as `make` does, builds once, serves the preview page
(`server.py`, `page.py`) on 127.0.0.1 and rebuilds in this process whenever a file the build
reads changes (`loop.py`, `session.py`). A broken spec at the start is no reason to stop: the
page shows its errors until a save fixes them.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from ..build import Request, prepare
from ..errors import BriefingError, printable
from .server import PreviewServer
from .session import Session


def run_watch(args: argparse.Namespace) -> int:
    """Build args.spec, then rebuild on change and serve the preview page; return exit status:
    0 after Ctrl-C (or SIGTERM), 2 for a bad option or a spec that does not exist."""
    from .loop import follow, print_outcome

    try:
        specs, request = _options(args)
    except BriefingError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return error.exit_status
    session = Session(specs, request)
    try:
        server = _serve(session, port=args.port, title=", ".join(spec.name for spec in specs))
    except BriefingError as error:
        print(*error.lines(), sep="\n", file=sys.stderr)
        return error.exit_status
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.1,), name="preview server", daemon=True
    )
    thread.start()
    try:
        print(f"Preview: {server.url}", flush=True)
        print_outcome(session.rebuild(), session)
        print(_watching(session), flush=True)
        if args.open:
            _open(server.url)
        follow(session, stop=stop, report=print_outcome)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        signal.signal(signal.SIGTERM, previous)
        server.shutdown()
        server.server_close()
    return 0


def _watching(session: Session) -> str:
    """`Watching briefs/raqqa.yaml, briefs/assets/map.png` (paths below the working folder
    relative to it)."""
    here = Path.cwd()
    with session.changed:
        files = sorted(session.inputs)
    shown = [str(f.relative_to(here)) if here in f.parents else str(f) for f in files]
    return printable(f"Watching {', '.join(shown)}; stop with Ctrl-C")


def _open(url: str) -> None:
    """Open `url` in the user's web browser, in the background; where there is no graphical
    one (a Linux console, an SSH session), say so rather than start a text browser in this
    terminal."""
    import os
    import webbrowser

    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        print(
            f"briefing: --open: no graphical web browser here; open {url} yourself", file=sys.stderr
        )
        return
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _options(args: argparse.Namespace) -> tuple[list[Path], Request]:
    """The specs to watch (a translation, with --language) and the request to build them
    with, checked as `make` checks them; `BriefingError` for a bad option or a missing spec."""
    from ..spec.spec import LAYOUTS

    spec: Path = args.spec
    if not spec.is_file():
        reason = "is a folder, not a spec" if spec.is_dir() else "No such file or directory"
        raise BriefingError(f"{spec}:1:1: {reason}")
    if not 0 <= args.port <= 65535:
        raise BriefingError(f"briefing: --port: expected 0 to 65535, found {args.port}")
    specs = [spec]
    if args.language is not None:
        from ..spec.translation import in_language

        specs = in_language(specs, args.language)
    layout = args.layout
    layouts = None if layout is None else (LAYOUTS if layout == "all" else (layout,))
    request = Request(
        layouts=layouts,
        audiences=tuple(args.audiences) if args.audiences else (None,),
        all_audiences=args.all_audiences,
        template=args.template,
        out_dir=args.out_dir,
        root=args.root,
    )
    _check_audiences(specs, request)
    return specs, request


def _check_audiences(specs: list[Path], request: Request) -> None:
    """Refuse an --audience the template lacks now, when the spec and template load; a spec
    that does not load yet is the page's business."""
    from ..check.preflight import check_asked

    if request.all_audiences or request.audiences == (None,):
        return
    for spec in specs:
        try:
            _, tpl = prepare(spec, request.template, root=request.root)
        except (BriefingError, OSError):
            continue
        check_asked(list(request.audiences), tpl)


def _serve(session: Session, *, port: int, title: str) -> PreviewServer:
    """The preview server on 127.0.0.1:`port` (0: a free one); `BriefingError` when the port
    cannot be had."""
    try:
        return PreviewServer(session, port=port, title=title)
    except OSError as error:
        reason = error.strerror or str(error)
        raise BriefingError(
            f"briefing: --port {port}: cannot listen on 127.0.0.1:{port} ({reason}); "
            "choose another port, or leave --port out for a free one"
        ) from None
