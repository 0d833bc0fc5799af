"""briefing as a library call: `briefing.render` and `briefing.load(...).render(recipient)`
return the bytes `make` writes, write nothing, and raise `make`'s errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading

import pytest
from pypdf import PdfReader

import briefing
from briefing.cli import main
from briefing.errors import BriefingError, LayoutError, SpecError

from conftest import ROOT, SPECS

MERGE = SPECS / "merge"


def test_api_render_gives_the_bytes_make_writes(tmp_path, monkeypatch):
    shutil.copytree(SPECS / "assets", tmp_path / "assets")
    shutil.copy(SPECS / "full.yaml", tmp_path / "full.yaml")
    monkeypatch.chdir(tmp_path)
    files = briefing.render("full.yaml", layouts=["one-page"], formats=["pdf", "txt"])
    assert sorted(files) == ["full-one-page.pdf", "full.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assets", "full.yaml"]  # none written
    assert main(["make", "full.yaml", "--layout", "one-page", "--format", "pdf,txt"]) == 0
    for name, data in files.items():
        assert data == (tmp_path / "out" / name).read_bytes(), name


def test_api_load_once_render_each_recipient(tmp_path):
    brief = briefing.load(MERGE / "brief.yaml", layouts=["one-page"])
    fields = {
        "name": "Ana Lima",
        "title": "Minister",
        "organisation": "Ministry of Foreign Affairs",
        "country": "Brazil",
        "ask": "Raise the attacks.",
    }
    for name in ("Ana Lima", "Jonas Berg"):
        files = brief.render({**fields, "name": name}, name=name)
        stem = name.replace(" ", "-")
        assert list(files) == [f"{stem}-one-page.pdf"]
        (tmp_path / "x.pdf").write_bytes(files[f"{stem}-one-page.pdf"])
        pages = PdfReader(tmp_path / "x.pdf").pages
        assert len(pages) == 1 and f"Minister {name}" in pages[0].extract_text()


def test_api_errors_are_makes(tmp_path):
    brief = briefing.load(MERGE / "brief.yaml", layouts=["one-page"])
    with pytest.raises(SpecError) as raised:
        brief.render({"name": "Ana Lima"})
    assert raised.value.lines()[0] == (
        f"recipient:1:1: row 1: no field 'title'; the spec uses {{{{title}}}} in addressed_to "
        f"({MERGE / 'brief.yaml'}:3:15)"
    )
    with pytest.raises(SpecError) as raised:
        briefing.render(tmp_path / "missing.yaml")
    assert raised.value.lines()[0].startswith(f"{tmp_path / 'missing.yaml'}:")
    spec = tmp_path / "long.yaml"
    demands = "".join(f"  - to: Party {n}\n    text: {'Act now. ' * 110}\n" for n in range(4))
    spec.write_text(
        f"title: Long\norganisations: Us\nsummary: {'Twelve water points. ' * 40}\n"
        f"demands:\n{demands}layouts: [one-page]\n"
    )
    with pytest.raises(LayoutError) as failed:
        briefing.render(spec)
    assert failed.value.lines()[-1] == "long-one-page.pdf was not built"


def test_api_import_stays_cheap():
    code = "import briefing, sys; print(sorted(m for m in sys.modules if m.startswith('briefing')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['briefing']"


FIELDS = {
    "name": "Ana Lima",
    "title": "Minister",
    "organisation": "Ministry of Foreign Affairs",
    "country": "Brazil",
    "ask": "Raise the attacks.",
}


def test_api_arguments_of_the_wrong_kind(tmp_path):
    spec = MERGE / "brief.yaml"
    with pytest.raises(BriefingError) as raised:
        briefing.load(spec, layouts=["two-page"])
    assert raised.value.lines() == [
        "briefing: layouts: unknown layout 'two-page' (layouts: one-page, multi-page)"
    ]
    brief = briefing.load(spec, layouts="one-page", formats="txt")  # one name, not letters
    assert list(brief.render(FIELDS)) == ["brief.txt"]
    assert list(briefing.load(spec, layouts=["one-page"]).render(FIELDS)) == ["brief-one-page.pdf"]
    with pytest.raises(TypeError) as wrong:
        brief.render(["Ana Lima"])  # type: ignore[arg-type]
    assert str(wrong.value) == (
        "briefing: recipient: expected a mapping of field to text, found list"
    )
    with pytest.raises(TypeError) as wrong:
        brief.render({**FIELDS, "ask": None})  # type: ignore[dict-item]
    assert str(wrong.value) == "briefing: recipient['ask']: expected text or a number, found None"
    with pytest.raises(TypeError) as wrong:
        briefing.load(spec, audiences=[None])  # type: ignore[list-item]
    assert str(wrong.value) == "briefing: audiences: expected names (text), found None"


def test_api_renders_from_two_threads_one_at_a_time():
    one = briefing.load(ROOT / "briefs" / "raqqa.yaml", layouts=["one-page"])
    other = briefing.load(SPECS / "full.yaml")
    expected = {id(one): one.render(), id(other): other.render()}
    seen: list[object] = []

    def render(brief: briefing.Brief, recipient: dict[str, str] | None) -> None:
        for _ in range(4):
            try:
                seen.append(brief.render(recipient) == expected[id(brief)])
            except Exception as error:  # noqa: BLE001 - what the test looks for
                seen.append(error)

    threads = [
        threading.Thread(target=render, args=(one, None)),
        threading.Thread(target=render, args=(other, None)),
    ]
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads take turns often, as on a busy server
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switching)
    assert seen == [True] * 8
