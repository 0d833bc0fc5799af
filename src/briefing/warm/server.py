"""Turn `briefing server start|stop|status` into a warm server: a process with briefing and
ReportLab imported that forks a child for every command line a client hands it.

The child is the server as it stood after its imports, nothing more: it takes the caller's
working folder, environment, umask, resource limits (never above the server's) and standard
streams, runs `cli.main` and sends back the exit status, so a command prints, writes and exits
as it would cold. Ctrl-C in the caller interrupts the command ("briefing: interrupted", 130).
The server answers its own user only (the socket is 0600 in a private folder, and the peer's
user is checked), stops when asked with a fingerprint that is not its own (briefing or the
environment changed), on `briefing server stop`, and after `IDLE_SECONDS` without a command.
"""

from __future__ import annotations

import io
import marshal
import os
import resource
import signal
import socket
import sys
import threading
import time
from typing import Any

from ..errors import BriefingError
from . import HEADER, fingerprint, folder, is_private, peer_user, socket_path

IDLE_SECONDS = 1800
"""A server with no command for half an hour stops."""
_MAX_REQUEST = 16 * 1024 * 1024


def run_server(action: str) -> int:
    """`briefing server ACTION`: start, stop or report on this user's warm server."""
    if action == "start":
        return _start()
    if action == "stop":
        return _stop()
    path = socket_path(fingerprint())
    if is_private(folder()) and _answers(path):
        print(f"briefing: a warm server runs for this briefing and environment ({path})")
        return 0
    print("briefing: no warm server runs for this briefing and environment")
    return 1


def _start() -> int:
    base = folder()
    try:
        if not os.path.isdir(base):
            os.mkdir(base, 0o700)
        if not is_private(base):
            raise BriefingError(
                f"briefing: {base}: the folder of the warm server's socket must be a folder of "
                "yours that no one else can open (mode 0700); no server started"
            )
        print_ = fingerprint()
        path = socket_path(print_)
        if _answers(path):
            print(f"briefing: a warm server already runs ({path})")
            return 0
        listener = _listen(path)
    except OSError as err:
        raise BriefingError(f"briefing: {base}: cannot listen there ({err.strerror})") from None
    ready, told = os.pipe()
    if os.fork():
        listener.close()
        os.close(told)
        started = os.read(ready, 1) == b"1"
        os.close(ready)
        if not started:
            os.unlink(path)
            print("briefing: the warm server could not start", file=sys.stderr)
            return 1
        print(f"briefing: warm server started ({path}); stop it with `briefing server stop`")
        return 0
    os.close(ready)
    os.setsid()
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    try:
        _preload()
    except BaseException:  # noqa: BLE001 - the starting process reports it
        os.write(told, b"0")
        os._exit(1)
    os.write(told, b"1")
    os.close(told)
    try:
        _serve(listener, print_, path)
    finally:
        os._exit(0)


def _preload() -> None:
    """Import every module a command may use, as a cold run imports it on its way."""
    import importlib
    import pkgutil

    import briefing

    for module in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if not module.name.startswith(("briefing.__main__", "briefing.watch", "briefing.warm")):
            importlib.import_module(module.name)
    _warm_up()


def _warm_up() -> None:
    """Check and build the starter spec once, so that what a first build reads and works out
    (CLDR data, the shipped fonts, ReportLab's caches) is ready in every child. Each of those
    caches is keyed on all it depends on (a font file's size and modification time, ...), so
    a child's results are a cold run's: the tests compare them byte for byte."""
    import contextlib
    import tempfile

    from ..cli import main

    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch, open(os.devnull, "w") as quiet:
        os.chdir(scratch)
        try:
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                main(["new", "warm-up"])
                main(["check", "warm-up.yaml"])
                main(["make", "warm-up.yaml", "--out-dir", "out"])
        finally:
            os.chdir(here)


def _listen(path: str) -> socket.socket:
    if os.path.lexists(path):
        os.unlink(path)  # left by a server that no longer answers (`_answers`)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(mask)
    os.chmod(path, 0o600)
    listener.listen(16)
    return listener


def _serve(listener: socket.socket, print_: str, path: str) -> None:
    own = os.stat(path).st_ino

    def stop(*_: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    listener.settimeout(IDLE_SECONDS)
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                return
            if peer_user(connection) != os.getuid():
                connection.close()
                continue
            if os.fork() == 0:
                status = 1
                try:
                    listener.close()
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    status = _child(connection, print_)
                finally:
                    os._exit(status)  # never back into the accept loop, never a traceback
            connection.close()
    finally:
        try:
            if os.stat(path).st_ino == own:
                os.unlink(path)
        except OSError:
            pass


def _child(connection: socket.socket, print_: str) -> int:
    """Run one request in this forked child; the exit status goes back over `connection`."""
    try:
        request, fds = _receive(connection)
    except (OSError, ValueError, EOFError, TypeError):
        return 1
    if request.get("stop"):
        os.kill(os.getppid(), signal.SIGTERM)
        connection.sendall(b"X\x00")
        return 0
    if request.get("fingerprint") != print_:
        connection.sendall(b"S")  # briefing or the environment changed: run cold, and stop
        os.kill(os.getppid(), signal.SIGTERM)
        return 0
    try:
        _take_over(request, fds)
    except (OSError, ValueError, KeyError, TypeError):
        connection.sendall(b"C")  # cannot be the caller's process: the caller runs cold
        return 0
    connection.sendall(b"R")
    status = _run(request["argv"], connection)
    connection.sendall(b"X" + bytes([status & 0xFF]))
    return 0


def _receive(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _, _ = socket.recv_fds(connection, 65536, 3)
    if len(data) < HEADER.size:
        raise ValueError("no request")
    (size,) = HEADER.unpack_from(data)
    if size > _MAX_REQUEST:
        raise ValueError("request too large")
    data = data[HEADER.size :]
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    request = marshal.loads(data)
    if not isinstance(request, dict):
        raise TypeError("not a request")
    return request, fds


def _take_over(request: dict[str, Any], fds: list[int]) -> None:
    """Become the caller's process: its folder, environment, umask, limits and streams."""
    if len(fds) != 3:
        raise ValueError("expected three streams")
    for kind, soft, hard in request["limits"]:
        _, own_hard = resource.getrlimit(kind)
        hard = _lower(hard, own_hard)
        resource.setrlimit(kind, (_lower(soft, hard), hard))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    for fd, received in enumerate(fds):
        os.dup2(received, fd)
        os.close(received)
    unbuffered = bool(getattr(sys.stdout, "write_through", False))  # python -u, PYTHONUNBUFFERED
    sys.stdin = _stream(0, sys.stdin, line_buffering=False, unbuffered=False)
    sys.stdout = _stream(1, sys.stdout, line_buffering=os.isatty(1), unbuffered=unbuffered)
    sys.stderr = _stream(2, sys.stderr, line_buffering=True, unbuffered=unbuffered)
    sys.argv = list(request["argv"])


def _lower(limit: int, other: int) -> int:
    if limit == resource.RLIM_INFINITY:
        return other
    return limit if other == resource.RLIM_INFINITY else min(limit, other)


def _stream(fd: int, like: Any, *, line_buffering: bool, unbuffered: bool) -> io.TextIOWrapper:
    """A text stream on `fd` as Python makes its standard streams at start-up (the same
    encoding and error handler as the server's, made from the same environment)."""
    mode = "rb" if fd == 0 else "wb"
    raw = open(fd, mode, buffering=0 if unbuffered else -1, closefd=False)  # noqa: SIM115
    return io.TextIOWrapper(
        raw,
        encoding=like.encoding,
        errors=like.errors,
        line_buffering=line_buffering,
        write_through=unbuffered,
    )


def _run(argv: list[str], connection: socket.socket) -> int:
    """`briefing` with `argv`, as a cold process runs it: its exit status."""
    from ..cli import main

    finished = threading.Event()

    def interrupt_on_request() -> None:
        try:
            connection.recv(1)  # b"I" on Ctrl-C in the caller; b"" if the caller went away
        except OSError:
            pass
        if not finished.is_set():
            signal.raise_signal(signal.SIGINT)

    threading.Thread(target=interrupt_on_request, daemon=True).start()
    try:
        status = main(argv[1:])
    except SystemExit as exit:
        status = _exit_status(exit.code)
    except KeyboardInterrupt:
        status = 130
    finally:
        finished.set()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    return status


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _answers(path: str) -> bool:
    """True when a server listens at `path`."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            return False
    return True


def _stop() -> int:
    base = folder()
    stopped = 0
    if is_private(base):
        for name in sorted(os.listdir(base)):
            path = os.path.join(base, name)
            if name.endswith(".sock") and _ask_to_stop(path):
                stopped += 1
                deadline = time.monotonic() + 5
                while os.path.lexists(path) and time.monotonic() < deadline:
                    time.sleep(0.02)
    plural = "" if stopped == 1 else "s"
    print(f"briefing: {stopped} warm server{plural} stopped")
    return 0


def _ask_to_stop(path: str) -> bool:
    data = marshal.dumps({"stop": True})
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(path)
            connection.sendall(HEADER.pack(len(data)) + data)
            return connection.recv(2) == b"X\x00"
        except OSError:
            return False
