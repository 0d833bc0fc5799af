"""`briefing watch`: the rebuild loop called in process (a save rebuilds, a broken save keeps
the last good pages and shows `make`'s messages, unchanged PDFs keep their pictures), the
files it watches, the preview server's routes and refusals, and the command's startup errors.
The whole command in a browser is in test_watch_browser.py."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.build import Request
from briefing.cli import main
from briefing.watch import _open
from briefing.watch.loop import follow, print_outcome
from briefing.watch.server import IDLE, KEEPALIVE, Handler, PreviewServer
from briefing.watch.session import Session

from conftest import SPECS

GOOD = "title: Minimal brief\norganisations: Example Rights Watch\nsummary: One paragraph.\n"


def _session(tmp_path: Path, text: str = GOOD) -> Session:
    spec = tmp_path / "brief.yaml"
    spec.write_text(text)
    request = Request(layouts=("one-page",), out_dir=tmp_path / "out")
    return Session([spec], request)


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _text(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_watch_rebuild_writes_the_pdf_and_shows_its_pages(tmp_path: Path) -> None:
    session = _session(tmp_path)
    assert session.rebuild() == []
    state = session.snapshot().as_json()
    assert state["build"] == 1 and state["errors"] == [] and not state["building"]
    assert state["columns"] == [{"label": "general · one-page", "pages": ["/page/1/0/1.png"]}]
    assert "Minimal brief" in _text(tmp_path / "out" / "brief-one-page.pdf")
    picture = session.picture(1, 0, 1)
    assert picture is not None and picture.startswith(b"\x89PNG\r\n\x1a\n")
    assert session.picture(1, 0, 2) is None
    assert session.picture(0, 0, 1) is None
    assert session.picture(1, 1, 1) is None


def test_watch_unchanged_pdf_keeps_its_picture_address(tmp_path: Path) -> None:
    session = _session(tmp_path)
    session.rebuild()
    session.rebuild()
    assert session.snapshot().as_json()["columns"][0]["pages"] == ["/page/1/0/1.png"]
    (tmp_path / "brief.yaml").write_text(GOOD.replace("Minimal", "Changed"))
    session.rebuild()
    assert session.snapshot().as_json()["columns"][0]["pages"] == ["/page/3/0/1.png"]
    assert session.picture(1, 0, 1) is None


def test_watch_broken_save_keeps_the_last_good_pages_and_shows_makes_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _session(tmp_path)
    session.rebuild()
    good = session.picture(1, 0, 1)
    spec = tmp_path / "brief.yaml"
    spec.write_text(GOOD + "titel: typo\nfigures: [1]\n")
    errors = session.rebuild()
    assert main(["make", str(spec), "--layout", "one-page", "--out-dir", str(tmp_path / "o")]) == 2
    assert errors == capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and errors[0].startswith(f"{spec}:4:1: titel: unknown key")
    state = session.snapshot().as_json()
    assert state["build"] == 2 and state["errors"] == errors
    assert state["columns"][0]["pages"] == ["/page/1/0/1.png"]
    assert session.picture(1, 0, 1) == good
    spec.write_text(GOOD.replace("Minimal", "Mended"))
    assert session.rebuild() == []
    assert session.snapshot().as_json()["columns"][0]["pages"] == ["/page/3/0/1.png"]
    assert "Mended brief" in _text(tmp_path / "out" / "brief-one-page.pdf")


def test_watch_broken_spec_at_start_shows_its_errors_and_no_pages(tmp_path: Path) -> None:
    session = _session(tmp_path, "title: [unclosed\n")
    errors = session.rebuild()
    assert errors and all(line.startswith(f"{tmp_path / 'brief.yaml'}:") for line in errors)
    assert session.snapshot().as_json()["columns"] == []
    (tmp_path / "brief.yaml").write_text(GOOD)
    assert session.rebuild() == []
    assert len(session.snapshot().columns) == 1


def test_watch_watches_the_template_and_the_images_the_spec_uses(tmp_path: Path) -> None:
    shutil.copytree(SPECS / "assets", tmp_path / "assets")
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "house.yaml"
    template.write_text("logo: ../assets/example-logo.png\n")
    spec = tmp_path / "brief.yaml"
    images = "images:\n  - {path: assets/example-map.png, alt: A map.}\n"
    spec.write_text(GOOD + "template: house\n" + images)
    session = Session([spec], Request(layouts=("one-page",), out_dir=tmp_path / "out"))
    assert session.rebuild() == []
    assert session.inputs == {spec, template, tmp_path / "assets" / "example-logo.png"} | {
        tmp_path / "assets" / "example-map.png"
    }


@pytest.fixture
def following(tmp_path: Path) -> Iterator[Session]:
    """A session built once, rebuilt by `follow` in a thread until the test ends."""
    session = _session(tmp_path)
    session.rebuild()
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(session,), kwargs={"stop": stop})
    thread.start()
    time.sleep(0.3)
    yield session
    stop.set()
    thread.join(10)
    assert not thread.is_alive()


def test_watch_a_save_rebuilds(tmp_path: Path, following: Session) -> None:
    (tmp_path / "brief.yaml").write_text(GOOD.replace("Minimal", "Saved"))
    _until(lambda: following.snapshot().number == 2)
    assert "Saved brief" in _text(tmp_path / "out" / "brief-one-page.pdf")


def test_watch_a_save_by_rename_rebuilds_and_other_files_do_not(
    tmp_path: Path, following: Session
) -> None:
    (tmp_path / "notes.txt").write_text("not read by the build")
    (tmp_path / "brief.yaml~").write_text("a backup")
    time.sleep(0.3)
    assert following.snapshot().number == 1
    fresh = tmp_path / ".brief.yaml.swp"
    fresh.write_text(GOOD.replace("Minimal", "Renamed"))
    os.replace(fresh, tmp_path / "brief.yaml")
    _until(lambda: following.snapshot().number == 2)
    assert "Renamed brief" in _text(tmp_path / "out" / "brief-one-page.pdf")
    (tmp_path / "brief.yaml").write_text(GOOD.replace("Minimal", "Again"))
    _until(lambda: following.snapshot().number == 3)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """One preview server for the route tests, its spec built once."""
    session = _session(tmp_path_factory.mktemp("served"))
    session.rebuild()
    preview = PreviewServer(session, port=0, title="brief.yaml")
    thread = threading.Thread(target=preview.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield preview
    preview.shutdown()
    preview.server_close()


def _request(server: PreviewServer, path: str, host: str | None) -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{server.port}")
    connection.endheaders()
    return connection


def _get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    """Status, headers and body of a GET of `path` with `host` as its Host header."""
    connection = _request(server, path, host)
    try:
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def test_watch_server_serves_its_page_events_and_pictures(server: PreviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1" and server.port > 0
    status, headers, body = _get(server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert b"<title>Preview: brief.yaml</title>" in body
    connection = _request(server, "/events", f"localhost:{server.port}")
    try:
        events = connection.getresponse()
        assert events.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        assert events.readline() == b"event: state\n"
        state = json.loads(events.readline().removeprefix(b"data: "))
        assert state["columns"][0]["pages"] == ["/page/1/0/1.png"]
    finally:
        connection.close()
    status, headers, body = _get(server, "/page/1/0/1.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body == server.session.picture(1, 0, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/page/1/0/2.png",
        "/page/2/0/1.png",
        "/page/1/0/../../brief.yaml",
        "/../brief.yaml",
        "/brief.yaml",
        "/out/",
        "/out/brief-one-page.pdf",
        "//etc/passwd",
        "/page/1/0/1.png/",
        "/index.html",
    ],
)
def test_watch_server_answers_404_outside_its_routes(server: PreviewServer, path: str) -> None:
    status, _, body = _get(server, path)
    assert (status, body) == (404, b"not found\n")


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{0}", "127.0.0.1", "", "[::1]"])
def test_watch_server_refuses_other_hosts(server: PreviewServer, host: str) -> None:
    status, _, body = _get(server, "/", host=host or " ")
    assert (status, body) == (403, b"unknown host\n")


def test_watch_port_taken_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "brief.yaml").write_text(GOOD)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["watch", str(tmp_path / "brief.yaml"), "--port", str(port)])
    assert status == 2
    assert capsys.readouterr().err == (
        f"briefing: --port {port}: cannot listen on 127.0.0.1:{port} (Address already in use); "
        "choose another port, or leave --port out for a free one\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.yaml"], "{tmp}/missing.yaml:1:1: No such file or directory"),
        (["."], "{tmp}:1:1: is a folder, not a spec"),
        (["brief.yaml", "--port", "70000"], "briefing: --port: expected 0 to 65535, found 70000"),
        (
            ["brief.yaml", "--audience", "journalists"],
            "briefing: --audience journalists: template 'default' has no such audience (its "
            "audiences: journalist, advocate, policymaker); did you mean 'journalist'?",
        ),
        (
            ["brief.yaml", "--language", "fr"],
            "{tmp}/brief.yaml: no translation into 'fr' beside it (translations: none); "
            "write brief.fr.yaml with `translates: brief.yaml`",
        ),
    ],
)
def test_watch_bad_start_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    (tmp_path / "brief.yaml").write_text(GOOD)
    assert main(["watch", str(tmp_path / argv[0]), *argv[1:]]) == 2
    assert capsys.readouterr().err == message.format(tmp=tmp_path) + "\n"


def test_watch_a_translation_watches_its_original_too(tmp_path: Path) -> None:
    original = tmp_path / "brief.yaml"
    original.write_text(GOOD)
    french = tmp_path / "brief.fr.yaml"
    french.write_text(
        "translates: brief.yaml\nlanguage: fr\ntitle: Un bref\nsummary: Un paragraphe.\n"
    )
    session = Session([french], Request(layouts=("one-page",), out_dir=tmp_path / "out"))
    assert session.rebuild() == []
    assert session.inputs == {french, original}
    assert session.snapshot().as_json()["columns"][0]["label"] == "general · one-page"
    original.write_text(GOOD.replace("Example Rights Watch", "Observatoire Exemple"))
    assert session.rebuild() == []
    assert "Observatoire Exemple" in _text(tmp_path / "out" / "brief.fr-one-page.pdf")


def test_watch_open_without_a_graphical_browser_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    _open("http://127.0.0.1:8000/")
    assert opened == []
    assert capsys.readouterr().err == (
        "briefing: --open: no graphical web browser here; open http://127.0.0.1:8000/ yourself\n"
    )
    monkeypatch.setenv("DISPLAY", ":0")
    _open("http://127.0.0.1:8000/")
    _until(lambda: opened == ["http://127.0.0.1:8000/"])


def test_watch_server_errors_are_one_line_and_a_gone_reader_is_silent(
    server: PreviewServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> bytes:
        raise ValueError("a bug")

    monkeypatch.setattr(server.session, "picture", broken)
    connection = _request(server, "/page/1/0/1.png", None)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        connection.getresponse()
    connection.close()
    time.sleep(0.2)
    assert capsys.readouterr().err == (
        "briefing: internal error in the preview server (ValueError: a bug); please report it\n"
    )
    monkeypatch.undo()
    with socket.create_connection(("127.0.0.1", server.port)) as gone:
        gone.sendall(
            f"GET /page/1/0/1.png HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode()
        )
        gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    time.sleep(0.2)
    assert capsys.readouterr().err == ""


def test_watch_terminal_lines_of_a_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = _session(tmp_path)
    print_outcome(session.rebuild(), session)
    seconds = session.snapshot().seconds
    assert capsys.readouterr() == (f"build 1: 1 PDF, 1 page in {seconds:.2f} s\n", "")
    (tmp_path / "brief.yaml").write_text(GOOD + "titel: x\n")
    print_outcome(session.rebuild(), session)
    assert capsys.readouterr() == (
        "",
        f"{tmp_path / 'brief.yaml'}:4:1: titel: unknown key; did you mean 'title'?\n",
    )


def test_watch_follows_an_image_the_spec_starts_to_use(tmp_path: Path, following: Session) -> None:
    (tmp_path / "assets").mkdir()
    image = tmp_path / "assets" / "map.png"
    shutil.copy(SPECS / "assets" / "example-map.png", image)
    images = "images:\n  - {path: assets/map.png, alt: A map.}\n"
    (tmp_path / "brief.yaml").write_text(GOOD + images)
    _until(lambda: following.snapshot().number == 2)
    assert image in following.inputs
    time.sleep(0.3)
    shutil.copy(SPECS / "assets" / "example-logo.png", image)
    _until(lambda: following.snapshot().number == 3)
    assert following.snapshot().errors == []


def test_watch_server_refuses_a_second_host_header(server: PreviewServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.putrequest("GET", "/", skip_host=True)
        connection.putheader("Host", f"127.0.0.1:{server.port}")
        connection.putheader("Host", "evil.example")
        connection.endheaders()
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (403, b"unknown host\n")
    finally:
        connection.close()


def test_watch_server_closes_a_connection_that_sends_nothing(
    server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Handler.timeout == IDLE and KEEPALIVE < IDLE <= 120
    monkeypatch.setattr(Handler, "timeout", 0.3)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as idle:
        started = time.monotonic()
        assert idle.recv(100) == b""
        assert time.monotonic() - started < 3


def test_watch_a_folder_deleted_and_made_again_is_followed(tmp_path: Path) -> None:
    folder = tmp_path / "proj"
    folder.mkdir()
    session = _session(folder)
    session.rebuild()
    stop = threading.Event()
    thread = threading.Thread(target=follow, args=(session,), kwargs={"stop": stop})
    thread.start()
    try:
        time.sleep(0.3)
        shutil.rmtree(folder)
        _until(lambda: session.snapshot().number == 2)
        assert session.snapshot().errors == [f"{folder / 'brief.yaml'}:1:1: no such file"]
        time.sleep(0.3)
        folder.mkdir()
        (folder / "brief.yaml").write_text(GOOD.replace("Minimal", "Restored"))
        _until(lambda: session.snapshot().number >= 3 and not session.snapshot().errors)
        assert "Restored brief" in _text(folder / "out" / "brief-one-page.pdf")
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
