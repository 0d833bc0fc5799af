"""A quicker cold start, round three: PyYAML's printable-character pattern is compiled on first
use (libyaml reads our files), and `check` never imports what only a build needs (the subset
cache, hashlib). What the shortcuts give must be what the long way gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.errors import SpecError
from briefing.spec import yamlsource
from briefing.spec.deferred import LazyPattern, compiled_on_first_use

ROOT = Path(__file__).resolve().parents[1]
RAQQA = ROOT / "briefs" / "raqqa.yaml"


def test_cold_yaml_pattern_compiles_on_first_use() -> None:
    """In a fresh interpreter, importing the YAML reader leaves the installed PyYAML's
    printable check to compile on first use, restores `re.compile`, and the stand-in finds
    what the compiled pattern finds."""
    script = (
        "import re\n"
        "compile_now = re.compile\n"
        "from briefing.spec import yamlsource\n"
        "from briefing.spec.deferred import LazyPattern\n"
        "from yaml.reader import Reader\n"
        "assert re.compile is compile_now\n"
        "lazy = Reader.NON_PRINTABLE\n"
        "assert isinstance(lazy, LazyPattern), type(lazy)\n"
        "assert lazy._compiled is None\n"
        "real = re.compile(lazy._source)\n"
        "for text in ('plain', 'tab\\tok', 'bell\\x07', 'del\\x7f', '\\ufffe', '\\U0001f600'):\n"
        "    got, want = lazy.search(text), real.search(text)\n"
        "    assert (got and got.span()) == (want and want.span()), repr(text)\n"
        "print('ok')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", "")


@pytest.mark.parametrize("loader", ["_LibYAMLLoader", "_PythonLoader"])
def test_cold_control_character_refused_by_either_parser(
    loader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A control character in a spec is refused at its place by libyaml and by PyYAML's own
    reader (which uses the deferred pattern), with one message."""
    monkeypatch.setattr(yamlsource, "_StrictLoader", getattr(yamlsource, loader))
    spec = tmp_path / "bell.yaml"
    spec.write_bytes(b"title: Raqqa\nsummary: one \x07 two\n")
    with pytest.raises(SpecError) as caught:
        yamlsource.load_yaml(spec)
    assert str(caught.value) == f"{spec}:2:14: control character U+0007 is not allowed in a spec"


def test_cold_deferral_is_only_for_the_named_pattern() -> None:
    """Inside the block, a pattern the test does not accept (or a bytes pattern) is compiled at
    once, and after it `re.compile` is itself again, even when the block raises."""
    compile_now = re.compile
    with pytest.raises(KeyError), compiled_on_first_use(lambda text, flags: text == "a+"):
        assert isinstance(re.compile("a+"), LazyPattern)
        assert isinstance(re.compile("b+"), re.Pattern)
        assert isinstance(re.compile(b"a+"), re.Pattern)
        raise KeyError("a failing import")
    assert re.compile is compile_now


def test_cold_check_imports_no_subset_cache() -> None:
    """`briefing check` of a brief in the shipped fonts parses no font, so it imports neither
    the subset cache nor hashlib (OpenSSL), which only a build needs."""
    from test_speed_cold import _modules_after

    modules, output = _modules_after("check", str(RAQQA))
    assert f"{RAQQA}: ok" in output
    assert not modules & {"briefing.design.subsets", "hashlib", "_hashlib"}
