"""A quicker cold start, round two: `briefing --help` prints a kept copy of argparse's help,
which must be the parser's own, and falls back to the parser wherever the copy would differ;
numbers and dates print the CLDR facts kept for common languages, which must be Babel's."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import helptext
from briefing.arguments import COMMANDS, help_texts, parser
from briefing.cli import kept_help, main, terminal_columns
from briefing.design import i18n
from briefing.design.i18n import cldr, cldrdata
from briefing.spec import cldrkeep, numbers

ROOT = Path(__file__).resolve().parents[1]


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


def test_speed_cold2_kept_cldr_is_babels() -> None:
    """The kept CLDR facts are the installed Babel's: every kept tag's numbers, and its long
    date for every month, short and long days and years (if not: `python -m
    briefing.spec.cldrkeep` writes them again)."""
    import babel
    from babel.dates import format_date

    assert cldrdata.BABEL == babel.__version__
    assert cldr.is_current()
    assert cldrdata.NUMBERS == cldrkeep.numbers_from_babel()
    assert cldrdata.DATES == cldr.dates_from_babel()
    assert set(cldrdata.DATES) == set(cldr.KEPT_TAGS)
    for tag in cldr.KEPT_TAGS:
        assert numbers._language(tag) == numbers.language_from_babel(tag)
        locale = babel.Locale.parse(tag, sep="-")
        for day in (
            datetime.date(year, month, d)
            for year in (7, 2017, 9999)
            for month in range(1, 13)
            for d in (1, 9, 28)
        ):
            assert cldr.kept_long_date(day, tag) == format_date(day, "long", locale=locale)


def test_speed_cold2_another_babel_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With another Babel first on the path, or a tag not kept, nothing kept is used: Babel
    is asked, and answers the same for the tags it answered before."""
    assert cldr.kept_numbers("de-CH") is None
    assert cldr.kept_long_date(datetime.date(2017, 10, 17), "en-AU") is None
    assert i18n.format_date(datetime.date(2017, 10, 17), "en-AU") == "17 October 2017"
    other = tmp_path / "babel"
    other.mkdir()
    (other / "__init__.py").write_text("__version__ = '2.14.0'\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    cldr.is_current.cache_clear()
    try:
        assert not cldr.is_current()
        assert cldr.kept_numbers("fr") is None
        assert cldr.kept_long_date(datetime.date(2017, 10, 17), "fr") is None
        assert i18n.format_date(datetime.date(2017, 10, 17), "fr") == "17 octobre 2017"
    finally:
        cldr.is_current.cache_clear()


@pytest.mark.parametrize("code", i18n.shipped())
def test_speed_cold2_catalogues_read_alike(code: str) -> None:
    """libyaml reads every shipped catalogue as PyYAML's pure-Python loader does."""
    import yaml

    text = (i18n.CATALOGUE_DIR / f"{code}.yaml").read_text(encoding="utf-8")
    pure = i18n._flatten(yaml.load(text, Loader=yaml.SafeLoader), "")  # noqa: SLF001
    assert i18n.load_catalogue(code) == pure
    assert len(pure) > 50


def test_speed_cold2_reportlab_uri_pattern_compiles_on_first_use() -> None:
    """In a fresh interpreter, `import_platypus` leaves ReportLab's URI pattern (the
    installed ReportLab's) to compile on first use, restores `re.compile`, and the stand-in
    matches as the compiled pattern does."""
    script = (
        "import re, sys\n"
        "from briefing.rlimport import LazyPattern, import_platypus\n"
        "compile_now = re.compile\n"
        "import_platypus()\n"
        "from reportlab.platypus import paragraph\n"
        "assert re.compile is compile_now\n"
        "assert isinstance(paragraph.uri_pat, LazyPattern), type(paragraph.uri_pat)\n"
        "assert paragraph.uri_pat._compiled is None\n"
        "lazy, real = paragraph.uri_pat, re.compile(paragraph.uri_pat._source, re.I)\n"
        "for uri in ('https://example.org/a/b?x=1', 'HTTP://[::1]:8080/x', 'www.x', 'a b', ''):\n"
        "    paragraph.uri_pat = lazy\n"
        "    got = paragraph._uri_split_pairs(uri)\n"
        "    paragraph.uri_pat = real\n"
        "    assert got == paragraph._uri_split_pairs(uri), uri\n"
        "print('ok')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", "")


def test_speed_cold2_check_imports_what_it_uses() -> None:
    """`briefing check` of the Raqqa brief, every claim of which its sources hold as written,
    imports neither rapidfuzz (for claims not found as written) nor Babel (its language's
    facts are kept) nor json (for `--format json`)."""
    from test_speed_cold import _modules_after

    modules, output = _modules_after("check", str(ROOT / "briefs" / "raqqa.yaml"))
    assert "briefs/raqqa.yaml: ok" in output
    assert {m.split(".")[0] for m in modules} & {"rapidfuzz", "babel", "json"} == set()
