"""`briefing watch` in a real browser (issue 14): the command runs as a subprocess on a copy of
the Raqqa brief with every audience; Debian's Chromium, headless, driven by Playwright, opens
its page and sees every page picture; a save of a new title brings new pictures without a
reload (and the PDF on disk has the title); a broken save shows `make`'s located messages in a
banner over the last good pages; a fixed save recovers; axe-core finds no violation, banner or
not; Ctrl-C ends the command with status 0 and no traceback (stderr holds only the broken
save's messages).

With BRIEFING_UPDATE_SCREENSHOT=1 it also writes the README's screenshot, docs/preview.png.
Neither Chromium nor axe-core missing is a reason to skip: `.ci/run` installs both."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from pypdf import PdfReader

from briefing.cli import main

from conftest import RAQQA, ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SCREENSHOT = ROOT / "docs" / "preview.png"
TITLE = "More than 1,600 civilians killed in four months as the coalition retook Raqqa"
WAIT_MS = 20_000


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`briefing watch briefs/raqqa.yaml --all-audiences` running in a copy of the brief, and
    its preview address; stopped with Ctrl-C at the end, which must end it quietly."""
    shutil.copytree(RAQQA.parent / "sources", tmp_path / "briefs" / "sources")
    shutil.copy(RAQQA, tmp_path / "briefs" / "raqqa.yaml")
    command = [sys.executable, "-m", "briefing", "watch", "briefs/raqqa.yaml", "--all-audiences"]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first = process.stdout.readline() if process.stdout else ""
        assert first.startswith("Preview: http://127.0.0.1:"), first
        yield process, first.removeprefix("Preview: ").strip()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
        assert process.returncode == 0
        assert all(line.startswith("briefs/raqqa.yaml:10:") for line in err.splitlines()), err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _pictures(page: Page) -> list[str]:
    """The addresses of the page pictures shown, once every one has loaded."""
    page.wait_for_function(
        "() => [...document.images].length > 0 && [...document.images].every("
        "(img) => img.complete && img.naturalWidth > 0 && img.src.endsWith(img.dataset.want))",
        timeout=WAIT_MS,
    )
    return page.eval_on_selector_all("img", "(all) => all.map((img) => img.getAttribute('src'))")


def _built(page: Page, after: int) -> int:
    """The number of the build on screen, once one after build `after` has finished."""
    page.wait_for_function(
        f"() => Number(document.body.dataset.build) > {after} && "
        "!document.body.classList.contains('building')",
        timeout=WAIT_MS,
    )
    return int(page.evaluate("document.body.dataset.build"))


def _builds(sources: list[str]) -> set[int]:
    """The builds that made the pictures at `sources` (`/page/<build>/<column>/<page>.png`)."""
    return {int(src.split("/")[2]) for src in sources}


def _axe(page: Page) -> None:
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document)")
    found = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in result["violations"]
    ]
    assert found == []


def _text(pdf: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_watch_in_the_browser_updates_on_save_shows_errors_and_recovers(
    watching: tuple[subprocess.Popen[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert CHROMIUM.is_file(), f"{CHROMIUM} missing: apt-get install -y chromium"
    assert AXE.is_file(), f"{AXE} missing: npm ci in {AXE.parents[2]}"
    _, url = watching
    spec = tmp_path / "briefs" / "raqqa.yaml"
    good = spec.read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url)
        _built(page, 0)
        first = _pictures(page)
        pdfs = sorted((tmp_path / "out").glob("*.pdf"))
        assert len(pdfs) == 6
        assert len(first) == sum(len(PdfReader(pdf).pages) for pdf in pdfs)
        assert _builds(first) == {1}
        headings = page.eval_on_selector_all("h2", "(all) => all.map((h) => h.textContent)")
        assert headings == [
            f"{audience} · {layout}"
            for audience in ("journalist", "advocate", "policymaker")
            for layout in ("one-page", "multi-page")
        ]
        if os.environ.get("BRIEFING_UPDATE_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
        assert page.is_hidden("#errors")
        _axe(page)

        saved = time.monotonic()
        spec.write_text(good.replace(TITLE, "Edited headline of the Raqqa brief"))
        edited = _built(page, 1)
        second = _pictures(page)
        with capsys.disabled():
            print(f"\na save to new pictures on screen: {time.monotonic() - saved:.2f} s")
        assert len(second) == len(first)
        assert _builds(second) == {edited}
        one_page = tmp_path / "out" / "raqqa-journalist-one-page.pdf"
        assert "Edited headline of the Raqqa brief" in _text(one_page)

        spec.write_text(good.replace("\ntitle:", "\ntitle: [unclosed\n  <b>bold</b>:", 1))
        page.wait_for_selector("#errors", state="visible", timeout=WAIT_MS)
        shown = page.eval_on_selector_all("#errors li", "(all) => all.map((li) => li.textContent)")
        capsys.readouterr()
        monkeypatch.chdir(tmp_path)
        assert main(["make", "briefs/raqqa.yaml", "--out-dir", "unused"]) == 2
        assert shown == capsys.readouterr().err.splitlines()
        assert shown[0].startswith("briefs/raqqa.yaml:10:")
        assert page.query_selector("#errors b") is None
        assert _pictures(page) == second
        assert "failed" in page.text_content("#status")
        assert "Edited headline of the Raqqa brief" in _text(one_page)
        _axe(page)

        spec.write_text(good)
        page.wait_for_selector("#errors", state="hidden", timeout=WAIT_MS)
        fixed = _built(page, edited + 1)
        assert _builds(_pictures(page)) == {fixed}
        assert TITLE.replace(" ", "") in _text(one_page).replace(" ", "").replace("\n", "")
        browser.close()
