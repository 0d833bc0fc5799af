"""The Raqqa brief says only what its source article says, by the tool's own check.

`briefing check --strict` passes the brief as it is; each altered copy in `tests/mutations/`
(a number, a qualifier, a quote's words or speaker, a name, an address, a share, audience
content) fails it, naming the field that was altered. A mutation file holds `replace:` (a
list of `old`/`new` texts, each `old` found exactly once in `briefs/raqqa.yaml`) and `expect:`
(the key path and kind of the finding that must name it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from briefing.cli import main

from conftest import RAQQA

MUTATIONS = sorted((Path(__file__).parent / "mutations").glob("*.yaml"))


def _project(tmp_path: Path, text: str) -> Path:
    """A copy of the Raqqa brief and its article, with `text` as the spec."""
    shutil.copytree(RAQQA.parent / "sources", tmp_path / "sources")
    spec = tmp_path / "raqqa.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def _check(spec: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, dict]:
    status = main(["check", "--format", "json", *options, str(spec)])
    return status, json.loads(capsys.readouterr().out)


def test_the_brief_passes_the_strict_check(capsys):
    assert main(["check", "--strict", str(RAQQA)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{RAQQA}: ok\n"
    assert "warning" not in captured.err and "error" not in captured.err


def test_the_brief_lists_its_one_editorial_insertion(capsys):
    status, report = _check(RAQQA, capsys, "--strict")
    assert status == 0
    assert [(f["key_path"], f["severity"], f["message"]) for f in report["findings"]] == [
        (
            "quotes[2].text",
            "info",
            "[Raqqa] stands for 'Raqa' in sources 1 and 2 (raqqa-article.txt), line 9",
        )
    ]


def test_the_corpus_is_large_enough():
    assert len(MUTATIONS) >= 25


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda p: p.stem)
def test_each_mutation_is_caught_naming_its_field(mutation, tmp_path, capsys):
    patch = yaml.safe_load(mutation.read_text(encoding="utf-8"))
    text = RAQQA.read_text(encoding="utf-8")
    for change in patch["replace"]:
        assert text.count(change["old"]) == 1, f"{mutation.name}: {change['old']!r}"
        text = text.replace(change["old"], change["new"])
    spec = _project(tmp_path, text)

    status, report = _check(spec, capsys)
    assert status == 0, report  # still a valid spec: only its sources disagree
    status, report = _check(spec, capsys, "--strict")
    assert status == 2
    named = [(f["key_path"], f["kind"]) for f in report["findings"] if f["severity"] == "error"]
    expected = patch["expect"]
    assert (expected["key_path"], expected["kind"]) in named, named

    assert main(["check", "--strict", str(spec)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert any(f": {expected['key_path']}: error: " in line for line in lines), lines
