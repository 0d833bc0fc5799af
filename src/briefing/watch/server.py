"""Turn HTTP requests into the preview page, its events and its page pictures.

The server listens on 127.0.0.1 only and answers only its own routes: `/` (the page),
`/events` (server-sent events: the session's state as JSON after every change) and
`/page/<build>/<column>/<page>.png` (a picture from the session's memory). Nothing in a URL
ever reaches the file system; anything else is a 404. A request whose Host header is not this
server's own address (a DNS-rebinding page in the browser), or that has several, is refused;
a connection idle for `IDLE` seconds is closed.
"""

from __future__ import annotations

import json
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..errors import printable
from .page import POLICY, preview_page
from .session import Session

HOST = "127.0.0.1"
KEEPALIVE = 15.0
"""Seconds between comments on a quiet event stream, so that a closed tab is noticed."""
IDLE = 60.0
"""Seconds a connection may send nothing, or leave what it was sent unread, before it is
closed: each holds a thread."""
_PICTURE = re.compile(r"/page/([0-9]{1,9})/([0-9]{1,4})/([0-9]{1,4})\.png")


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server for one session; its handler threads end with the process."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, session: Session, *, port: int, title: str) -> None:
        self.session, self.title = session, title
        super().__init__((HOST, port), Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A reader that went away mid-answer is no news; anything else is a bug in briefing,
        told in one line, never a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        print(
            printable(
                f"briefing: internal error in the preview server ({type(error).__name__}: "
                f"{error}); please report it"
            ),
            file=sys.stderr,
            flush=True,
        )

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE
    server_version = "briefing-watch"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its signature
        """Say nothing: the terminal is for build messages."""

    def _answer(self, *, body: bool) -> None:
        port = self.server.port
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0] not in (f"{HOST}:{port}", f"localhost:{port}"):
            self._send(HTTPStatus.FORBIDDEN, b"unknown host\n", "text/plain", body=body)
            return
        path = self.path.split("?", 1)[0]
        if path == "/":
            page = preview_page(self.server.title)
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8", body=body)
            return
        if path == "/events":
            self._events(body=body)
            return
        found = _PICTURE.fullmatch(path)
        picture = None
        if found:
            build, column, number = (int(part) for part in found.groups())
            picture = self.server.session.picture(build, column, number)
        if picture is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", body=body)
            return
        self._send(HTTPStatus.OK, picture, "image/png", body=body, cache="max-age=3600, immutable")

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        kind: str,
        *,
        body: bool,
        cache: str = "no-store",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self._common(cache)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _common(self, cache: str) -> None:
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")

    def _events(self, *, body: bool) -> None:
        """The session's state now, then again after every change, until the reader leaves."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._common("no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if not body:
            return
        session = self.server.session
        seen = session.version()
        try:
            while True:
                state = json.dumps(session.snapshot().as_json(), ensure_ascii=True)
                self.wfile.write(f"event: state\ndata: {state}\n\n".encode())
                self.wfile.flush()
                while (now := session.wait(seen, KEEPALIVE)) == seen:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                seen = now
        except OSError:
            return
