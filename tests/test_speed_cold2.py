"""A quicker cold start, round two: `briefing --help` prints a kept copy of argparse's help,
which must be the parser's own, and falls back to the parser wherever the copy would differ."""

from __future__ import annotations

import shutil
import sys

import pytest

from briefing import helptext
from briefing.arguments import COMMANDS, help_texts, parser
from briefing.cli import kept_help, main, terminal_columns


def test_speed_cold2_kept_help_is_the_parsers() -> None:
    """The kept help is what the parser prints at 80 columns under this Python, for the top
    level and every command (if not: `python -m briefing.arguments` writes it again)."""
    assert helptext.PYTHON == sys.version_info[:2]
    assert helptext.COLUMNS == 80
    assert helptext.TEXTS == help_texts()
    assert set(helptext.TEXTS) == {"", *COMMANDS}


@pytest.mark.parametrize(
    "argv", [["--help"], ["-h"], ["make", "--help"], ["check", "-h"], ["server", "--help"]]
)
@pytest.mark.parametrize("columns", ["80", "57", "131"])
def test_speed_cold2_help_is_argparses_at_any_width(
    argv: list[str],
    columns: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`main` prints the kept help at 80 columns and argparse's own at any other width: the
    same text, exit status 0, either way."""
    monkeypatch.setenv("COLUMNS", columns)
    full = parser()
    if len(argv) == 1:
        expected = full.format_help()
    else:
        choices = full._subparsers._group_actions[0].choices  # type: ignore[union-attr]  # noqa: SLF001
        expected = choices[argv[0]].format_help()
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    assert capsys.readouterr() == (expected, "")
    assert (kept_help(argv) is not None) == (columns == "80")


@pytest.mark.parametrize(
    "argv", [[], ["make"], ["make", "x.yaml", "--help"], ["--version"], ["--help", "make"]]
)
def test_speed_cold2_other_command_lines_are_argparses(argv: list[str]) -> None:
    """Only `--help`/`-h` alone or after a command alone take the kept help."""
    assert kept_help(argv) is None


@pytest.mark.parametrize("columns", [None, "", "x", "0", "-3", "80", "200"])
def test_speed_cold2_terminal_columns_are_shutils(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The width read without importing shutil is the one argparse reads through shutil."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
