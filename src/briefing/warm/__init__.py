"""Turn a `briefing` command line into a run in the user's warm server, when one is running.

A cold `briefing make` spends most of its time importing and warming up, not building.
`briefing server start` keeps a process with everything imported; `briefing` then hands it
each command line (every command but `watch` and `server`) and the server forks a child that
runs it exactly as a cold process would: in the caller's working folder, with its environment,
umask, resource limits and standard streams (passed over the socket), nothing kept from one
command to the next (`server.py`).

This module is the client, imported by every `briefing` run: standard library only, a few
system calls when no server runs. A server is found by a fingerprint of what it runs (Python,
briefing's files and fonts, the installed distributions, the environment): after an upgrade, an
edit of briefing or in another environment the client finds no server and runs cold, and a
server asked with another fingerprint refuses and stops, so a stale server never answers.
The socket is `SOCKETS/<crc>.sock`, mode 0600, in a folder only the user can enter
(`folder`); a folder that is not private is never used.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import zlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on every run
if TYPE_CHECKING:
    import socket
    from collections.abc import Sequence

COLD_COMMANDS = frozenset({"watch", "server"})
"""Commands never run by the server: `watch` keeps running, `server` manages the server
(nor is any `--help`, quicker cold)."""
_IGNORED_VARIABLES = frozenset({"PWD", "OLDPWD", "_", "SHLVL"})
"""Environment variables that change from one shell or folder to the next and that nothing
reads on import: a server started in one folder serves the others."""
HEADER = struct.Struct(">I")


def folder() -> str:
    """The folder of this user's server sockets: `$XDG_RUNTIME_DIR/briefing`, else
    `/tmp/briefing-UID`."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        return os.path.join(runtime, "briefing")
    return f"/tmp/briefing-{os.getuid()}"


def is_private(path: str) -> bool:
    """True when `path` is a real folder (no symbolic link) of this user that no one else may
    enter, list or write."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def fingerprint() -> str:
    """What a server's results depend on besides the command: the interpreter, the name, size
    and modification time of every file of briefing and of its fonts and templates, the
    distributions installed beside it, and the environment."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    lines = [sys.version, sys.executable, *sys.path]
    for top in (package, os.path.join(os.path.dirname(os.path.dirname(package)), "assets")):
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                info = os.stat(os.path.join(root, name))
                lines.append(f"{root}/{name} {info.st_size} {info.st_mtime_ns}")
    for entry in sys.path:
        if os.path.isdir(entry) and entry != package:
            lines += sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".pth")))
    lines += sorted(f"{k}={v}" for k, v in os.environ.items() if k not in _IGNORED_VARIABLES)
    return "\n".join(lines)


def socket_path(print_: str) -> str:
    """Where the server with fingerprint `print_` listens."""
    return os.path.join(folder(), f"{zlib.crc32(print_.encode()):08x}.sock")


def run(arguments: Sequence[str]) -> int | None:
    """Run `arguments` in the warm server and return its exit status; None when no server for
    this briefing and environment runs (or the command is not one it runs): run cold."""
    command = next((a for a in arguments if not a.startswith("-")), None)
    if command is None or command in COLD_COMMANDS or {"-h", "--help"} & set(arguments):
        return None
    if not is_private(folder()):
        return None
    import marshal
    import socket

    try:
        print_ = fingerprint()
        path = socket_path(print_)
        if not os.path.exists(path):
            return None
        request = {
            "fingerprint": print_,
            "argv": [sys.argv[0], *arguments],
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "umask": _umask(),
            "limits": _limits(),
        }
    except OSError:  # a file of briefing's changing now, a deleted working folder: run cold
        return None
    data = marshal.dumps(request)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(path)
            if peer_user(connection) != os.getuid():
                return None
            socket.send_fds(connection, [HEADER.pack(len(data)) + data], [0, 1, 2])
            if connection.recv(1) != b"R":
                return None  # a stale server (it stops), or one that cannot be this caller
        except OSError:
            return None
        return _status(connection)


def peer_user(connection: socket.socket) -> int:
    """The user id of the process at the other end of `connection` (Linux); ours where the
    system cannot tell, the socket's mode and private folder then being the guard."""
    import socket

    if not hasattr(socket, "SO_PEERCRED"):
        return os.getuid()
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    return int(struct.unpack("3i", credentials)[1])


def _status(connection: socket.socket) -> int:
    """Wait for the exit status of the command; forward Ctrl-C to it."""
    reply = b""
    while True:
        try:
            chunk = connection.recv(2)
        except KeyboardInterrupt:
            connection.sendall(b"I")
            continue
        if not chunk:
            break
        reply += chunk
    if len(reply) == 2 and reply[:1] == b"X":
        return reply[1]
    print("briefing: the warm server stopped before the command finished", file=sys.stderr)
    return 1


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _limits() -> list[tuple[int, int, int]]:
    import resource

    kinds = ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_NOFILE")
    return [
        (number, *resource.getrlimit(number))
        for number in (getattr(resource, kind) for kind in kinds)
    ]
