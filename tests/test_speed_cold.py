"""A quick cold start: `briefing --help` and `briefing check` import only what they use, and the
shortcuts they take (reading a font's character map alone) give what the long way gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from briefing.arguments import COMMANDS, parser
from briefing.design.cmap import CmapError, code_points
from briefing.design.fonts import fonts_dir

ROOT = Path(__file__).resolve().parents[1]
RAQQA = ROOT / "briefs" / "raqqa.yaml"
SHIPPED = sorted(fonts_dir().glob("*.ttf"))


@pytest.mark.parametrize("font", SHIPPED, ids=lambda p: p.stem)
def test_speed_cold_cmap_is_reportlabs(font: Path) -> None:
    """The glyph check reads the shipped fonts' character maps itself: the same code points
    as ReportLab's full parse, space and no-break space included."""
    expected = frozenset(TTFontFace(str(font)).charToGlyph)
    assert code_points(str(font)) == expected
    assert {0x20, 0xA0} <= expected


def test_speed_cold_cmap_rereads_a_changed_file(tmp_path: Path) -> None:
    """The cache is keyed on the file's size and modification time: a font replaced in place
    is read again, and a damaged one is refused, never served from the cache."""
    font = tmp_path / "face.ttf"
    shutil.copy(fonts_dir() / "NotoSans-Regular.ttf", font)
    assert 0x0627 not in code_points(str(font))  # ARABIC LETTER ALEF
    shutil.copy(fonts_dir() / "Amiri-Regular.ttf", font)
    os.utime(font, ns=(1, 1))
    assert 0x0627 in code_points(str(font))
    font.write_bytes(font.read_bytes()[:300])
    with pytest.raises(CmapError, match="^the file is truncated or damaged$"):
        code_points(str(font))
    font.write_bytes(b"\x00\x01\x00\x00" + bytes(8))
    with pytest.raises(CmapError, match="^it has no 'cmap' table$"):
        code_points(str(font))


def _modules_after(*argv: str) -> tuple[set[str], str]:
    """The modules a `briefing` run in a fresh interpreter imported, and its output."""
    script = (
        "import sys\n"
        "from briefing.cli import main\n"
        "try:\n"
        f"    status = main({list(argv)!r})\n"
        "except SystemExit as exit:\n"
        "    status = exit.code\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "COLUMNS": "80"}  # the width of the kept help (a shell may set another)
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    out, _, modules = run.stdout.rpartition("MODULES ")
    return set(modules.split()), out + run.stderr


def test_speed_cold_check_does_not_import_reportlab() -> None:
    """`briefing check` of the Raqqa brief, shipped fonts and all, runs without ReportLab
    (whose import costs more than the check) or Pillow."""
    modules, output = _modules_after("check", str(RAQQA))
    assert f"{RAQQA}: ok" in output
    assert sorted(m for m in modules if m.split(".")[0] in {"reportlab", "PIL"}) == []


def test_speed_cold_help_imports_only_its_text() -> None:
    """`briefing --help` imports nothing of the pipeline, nor argparse: it prints the help kept
    in `helptext` (at 80 columns, what a run whose output is not a terminal gets)."""
    modules, output = _modules_after("--help")
    assert output.startswith("usage: briefing [-h] [--version] COMMAND ...")
    ours = sorted(m for m in modules if m.startswith("briefing"))
    assert ours == ["briefing", "briefing.cli", "briefing.helptext"]
    assert not modules & {"argparse", "yaml", "dataclasses", "reportlab", "babel", "shutil"}


@pytest.mark.parametrize("command", COMMANDS)
def test_speed_cold_one_command_parser_is_the_full_one(command: str) -> None:
    """`main` declares only the arguments of the command it runs: each command's help, and the
    top-level help, are the same as with every command declared."""
    full = parser()
    assert parser(declare=()).format_help() == full.format_help()
    alone = parser(declare=(command,))
    assert alone.format_help() == full.format_help()
    choices = full._subparsers._group_actions[0].choices  # type: ignore[union-attr]  # noqa: SLF001
    alone_choices = alone._subparsers._group_actions[0].choices  # type: ignore[union-attr]  # noqa: SLF001
    assert alone_choices[command].format_help() == choices[command].format_help()


LAUNCH = "import sys; from briefing.cli import main; sys.argv[0] = 'briefing'; sys.exit(main())"
"""`briefing` from the command line (the warm server is for command lines, not for calls)."""
PROBE = (
    "import sys; from briefing.warm import run; status = run(sys.argv[1:]); "
    "print('cold' if status is None else f'warm {status}')"
)
"""What the client does with a command line: None when no server of this briefing and
environment answers (the command then runs cold)."""


def _briefing(env: dict[str, str], *argv: str, code: str = LAUNCH) -> tuple[int, str, str]:
    run = subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return run.returncode, run.stdout, run.stderr


def test_speed_cold_warm_server(tmp_path: Path) -> None:
    """`briefing server start` keeps a private warm server whose results are a cold run's,
    byte for byte; another environment never reaches it; a server asked with another
    fingerprint refuses and stops."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    warm = {**env, "XDG_RUNTIME_DIR": str(runtime)}
    cold = {**env, "XDG_RUNTIME_DIR": str(tmp_path / "none")}
    status, out, _ = _briefing(warm, "server", "start")
    assert status == 0 and out.startswith("briefing: warm server started (")
    try:
        sockets = list((runtime / "briefing").iterdir())
        assert [p.suffix for p in sockets] == [".sock"]
        assert (runtime / "briefing").stat().st_mode & 0o777 == 0o700
        assert sockets[0].stat().st_mode & 0o777 == 0o600
        assert _briefing(warm, "server", "status")[1] == (
            f"briefing: a warm server runs for this briefing and environment ({sockets[0]})\n"
        )
        status, out, err = _briefing(warm, "check", str(RAQQA), code=PROBE)
        assert (status, out.splitlines()[-1]) == (0, "warm 0")
        assert _briefing(cold, "check", str(RAQQA), code=PROBE)[1] == "cold\n"
        assert (0, out.replace("warm 0\n", ""), err) == _briefing(cold, "check", str(RAQQA))
        bad = str(ROOT / "tests" / "hostile" / "alias-bomb.yaml")
        assert _briefing(warm, "make", bad, code=PROBE)[1:] == (
            "warm 2\n",
            _briefing(cold, "make", bad)[2],
        )
        for name, spec in (("warm", warm), ("cold", cold)):
            made = (tmp_path / name).as_posix()
            assert (
                _briefing(spec, "make", str(RAQQA), "--layout", "one-page", "--out-dir", made)[0]
                == 0
            )
            assert _briefing(spec, "make", "tests/specs/full.yaml", "--out-dir", made)[0] == 0
        built = sorted(p.name for p in (tmp_path / "cold").iterdir())
        assert built == ["full-multi-page.pdf", "full-one-page.pdf", "raqqa-one-page.pdf"]
        for name in built:
            assert (tmp_path / "warm" / name).read_bytes() == (
                tmp_path / "cold" / name
            ).read_bytes()
        assert _briefing({**warm, "OTHER": "1"}, "check", str(RAQQA), code=PROBE)[1] == "cold\n"
        (runtime / "briefing").chmod(0o755)
        assert _briefing(warm, "check", str(RAQQA), code=PROBE)[1] == "cold\n"
        assert _briefing(warm, "server", "start")[2] == (
            f"briefing: {runtime / 'briefing'}: the folder of the warm server's socket must be a "
            "folder of yours that no one else can open (mode 0700); no server started\n"
        )
        (runtime / "briefing").chmod(0o700)
        stale = (
            "import marshal, socket, sys; from briefing.warm import HEADER; "
            "data = marshal.dumps({'fingerprint': 'another briefing'}); "
            "c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1]); "
            "socket.send_fds(c, [HEADER.pack(len(data)) + data], [0, 1, 2]); print(c.recv(1))"
        )
        assert _briefing(warm, str(sockets[0]), code=stale)[1] == "b'S'\n"
        deadline = time.monotonic() + 30  # the server goes when it can; a loaded machine is slow
        while sockets[0].exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not sockets[0].exists()
        assert _briefing(warm, "check", str(RAQQA), code=PROBE)[1] == "cold\n"
    finally:
        _briefing(warm, "server", "stop")
    assert _briefing(warm, "server", "stop")[1] == "briefing: 0 warm servers stopped\n"
