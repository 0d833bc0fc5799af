"""The HTML brief in a real browser: Debian's Chromium, headless, driven by Playwright, with
axe-core (tests/browser/node_modules, `npm ci` there) run on every shipped spec in every
audience: zero violations. Printed (print media emulated), the page keeps its headline.

Neither Chromium nor axe-core missing is a reason to skip: `.ci/run` installs both."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from briefing.build import make

from conftest import RAQQA, SPECS

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHIPPED = (RAQQA, RAQQA.with_name("raqqa.fr.yaml"), RAQQA.with_name("raqqa.ar.yaml"))
SPECS_CHECKED = (*SHIPPED, SPECS / "full.yaml")
AUDIENCES = [None, "journalist", "advocate", "policymaker"]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.is_file(), f"{CHROMIUM} missing: apt-get install -y chromium"
    assert AXE.is_file(), f"{AXE} missing: npm ci in {AXE.parents[2]}"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def html_files(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("html")
    files = []
    for spec in SPECS_CHECKED:
        built = make(spec, formats=["html"], audiences=AUDIENCES, out_dir=out)
        files += [b.path for b in built]
    assert len(files) == len(SPECS_CHECKED) * len(AUDIENCES)
    return files


def test_every_html_brief_has_no_axe_violations(browser: Browser, html_files):
    page = browser.new_page(bypass_csp=True)  # the page's policy would refuse axe's script
    found = {}
    checked = set()
    for path in html_files:
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document)")
        checked |= {rule["id"] for rule in result["passes"]}
        if result["violations"]:
            found[path.name] = [
                f"{v['id']} ({v['impact']}): {v['help']}: "
                + "; ".join(f"{n['target']} {n['failureSummary']}" for n in v["nodes"][:3])
                for v in result["violations"]
            ]
    page.close()
    print(f"axe-core: {len(html_files)} pages, {len(checked)} rules passed, no violations")
    assert not found, "\n".join(f"{name}: {v}" for name, vs in found.items() for v in vs)
    assert {"color-contrast", "html-has-lang", "svg-img-alt", "th-has-data-cells"} <= checked


def test_the_printed_page_keeps_its_headline(browser: Browser, html_files):
    page = browser.new_page()
    page.emulate_media(media="print")
    for path in html_files:
        page.goto(path.as_uri())
        headline = page.locator("h1")
        assert headline.count() == 1 and headline.is_visible(), path.name
        assert page.evaluate("document.title") == headline.inner_text().strip()
        assert page.evaluate("matchMedia('print').matches")
    page.close()


REFUSED = """() => new Promise(resolve => {
  const refused = [];
  document.addEventListener("securitypolicyviolation", event => {
    refused.push(event.effectiveDirective);
    if (refused.length === 3) resolve(refused.sort());
  });
  const image = document.createElement("img");
  image.src = "http://127.0.0.1:9/tracker.png";
  document.body.append(image);
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "http://127.0.0.1:9/style.css";
  document.head.append(style);
  fetch("http://127.0.0.1:9/beacon").catch(() => {});
  setTimeout(() => resolve(refused.sort()), 5000);
})"""
"""Asks the page for a picture, a stylesheet and a fetch from the network: its policy must
refuse all three."""


def test_the_page_loads_nothing_and_its_policy_refuses_the_network(browser: Browser, html_files):
    """Every brief (full.yaml's with a PNG logo, a PNG map and an SVG badge) makes one request,
    for itself: its images are drawn from the page's own bytes."""
    page = browser.new_page()
    requested: list[str] = []
    finished: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfinished", lambda request: finished.append(request.url))
    for path in html_files:
        requested.clear()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate(
            "[...document.images].map(i => [i.alt, i.complete && i.naturalWidth > 0])"
        )
        assert requested == [path.as_uri()], path.name
        assert all(shown for _, shown in images), (path.name, images)
        if path.name == "full.html":
            assert [alt for alt, _ in images] == [
                "",
                "Map of the three districts with the four destroyed water points marked in red.",
                "The Field Monitors Network badge.",
            ]
    finished.clear()
    assert page.evaluate(REFUSED) == ["connect-src", "img-src", "style-src-elem"]
    assert finished == []
    page.close()


CARDS = """[...document.querySelectorAll('.figures > div')].map(card => {
  const box = card.getBoundingClientRect();
  return [box.left, box.top, card.querySelector('dd').getBoundingClientRect().top - box.top];
})"""
"""Each key figure's card: where it stands, and how far down its number is set."""


def test_four_key_figures_stand_two_by_two_with_each_number_at_the_top(
    browser: Browser, html_files
):
    """Four key figures stood as a row of three and one alone, and a number shorter than its
    neighbour's sat lower in its card, where its label ended: now two rows of two, at a
    desktop's width and a phone's (one row of four on the printed page), every number at the
    top of its card."""
    page = browser.new_page()
    checked = 0
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in html_files:
            page.goto(path.as_uri())
            cards = page.evaluate(CARDS)
            if len(cards) != 4:
                continue
            checked += 1
            assert len({round(left) for left, _, _ in cards}) == 2, (path.name, width, cards)
            assert len({round(top) for _, top, _ in cards}) == 2, (path.name, width, cards)
            assert max(d for *_, d in cards) - min(d for *_, d in cards) < 1, (path.name, cards)
    page.emulate_media(media="print")
    for path in html_files:
        page.goto(path.as_uri())
        cards = page.evaluate(CARDS)
        if len(cards) == 4:
            checked += 1
            assert len({round(top) for _, top, _ in cards}) == 1, (path.name, "print", cards)
    page.close()
    assert checked == 3 * len(html_files)
