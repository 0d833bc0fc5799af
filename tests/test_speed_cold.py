"""A quick cold start: `briefing --help` and `briefing check` import only what they use, and the
shortcuts they take (reading a font's character map alone) give what the long way gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    out, _, modules = run.stdout.rpartition("MODULES ")
    return set(modules.split()), out + run.stderr


def test_speed_cold_check_does_not_import_reportlab() -> None:
    """`briefing check` of the Raqqa brief, shipped fonts and all, runs without ReportLab
    (whose import costs more than the check) or Pillow."""
    modules, output = _modules_after("check", str(RAQQA))
    assert f"{RAQQA}: ok" in output
    assert sorted(m for m in modules if m.split(".")[0] in {"reportlab", "PIL"}) == []


def test_speed_cold_help_imports_only_argparse() -> None:
    """`briefing --help` imports nothing of the pipeline: no YAML, no dataclasses, no ReportLab,
    not even the module of output formats."""
    modules, output = _modules_after("--help")
    assert output.startswith("usage: briefing [-h] [--version] COMMAND ...")
    ours = sorted(m for m in modules if m.startswith("briefing"))
    assert ours == ["briefing", "briefing.arguments", "briefing.cli"]
    assert not modules & {"yaml", "dataclasses", "reportlab", "babel", "difflib", "glob"}


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
