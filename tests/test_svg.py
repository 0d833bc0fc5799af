"""SVG images from partners: budgets before svglib runs, sane numbers, one parse per build,
text checked against the brief's fonts, and nothing svglib says reaching the terminal."""

from __future__ import annotations

import base64
import io
import logging
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image
from svglib.svglib import SvgRenderer

from briefing import svg
from briefing.cli import main

import pdfcheck

ROOT = Path(__file__).resolve().parents[1]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SPEC = "title: T\norganisations: X\nsummary: S\nlogo: {logo}\n"


def brief(tmp_path: Path, svg: str, *, name: str = "logo.svg") -> Path:
    """A project holding `svg` as the logo of a minimal spec; returns the spec."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / name).write_text(svg, encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.format(logo=name), encoding="utf-8")
    return spec


def refusal(spec: Path, capsys, command: str = "check") -> str:
    """The one message `briefing check` (or `make`) prints for `spec`, with exit status 2."""
    args = [command, str(spec)] + (["--out-dir", str(spec.parent / "out")] * (command == "make"))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.replace(f"{spec}:", "SPEC:").rstrip("\n")


def use_bomb(levels: int, fan: int) -> str:
    """`levels` levels of groups holding `fan` copies of the level below: fan**levels rects."""
    parts = [f'{SVG} width="100" height="100"><defs><rect id="l0" width="1" height="1"/>']
    for i in range(1, levels + 1):
        uses = f'<use xlink:href="#l{i - 1}"/>' * fan
        parts.append(f'<g id="l{i}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    return "".join(parts)


@pytest.fixture
def svglib_must_not_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("svglib ran on an SVG the budget should have refused")

    monkeypatch.setattr(SvgRenderer, "render", refuse)


def test_deep_use_bomb_is_refused_before_svglib_runs(tmp_path, capsys, svglib_must_not_run):
    spec = brief(tmp_path, use_bomb(14, 4))
    assert (tmp_path / "logo.svg").stat().st_size < 2_000
    started = time.monotonic()
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' nests references (<use> within <use>) more than 8 deep; "
        "SVG images may nest them at most 8 deep"
    )
    assert time.monotonic() - started < 1


def test_wide_use_bomb_states_what_it_would_draw(tmp_path, capsys, svglib_must_not_run):
    spec = brief(tmp_path, use_bomb(7, 10))
    started = time.monotonic()
    assert refusal(spec, capsys, "make") == (
        "SPEC:4:7: logo: 'logo.svg' would draw 46,913,572 elements through <use>; "
        "SVG images may draw at most 10,000"
    )
    assert time.monotonic() - started < 1
    assert not (tmp_path / "out").exists()


def test_many_elements_are_refused_in_a_second(tmp_path, capsys, svglib_must_not_run):
    rects = '<rect width="1" height="1"/>' * 220_000
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{rects}</svg>')
    started = time.monotonic()
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' has 220,001 elements; SVG images may have at most 10,000"
    )
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "body, message",
    [
        (
            '<path d="M0 0 ' + "L1 2 " * 60_000 + '"/>',
            "would draw 120,002 numbers of path data; SVG images may draw at most 100,000",
        ),
        (
            '<defs><path id="p" d="M0 0 '
            + "L1 2 " * 2_000
            + '"/></defs>'
            + '<use xlink:href="#p"/>' * 30,
            "would draw 124,062 numbers of path data; SVG images may draw at most 100,000",
        ),
        (
            "<g>" * 20 + "<rect/>" + "</g>" * 20,
            "nests elements 22 deep; SVG images may nest them at most 16 deep",
        ),
        (
            '<defs><g id="big">'
            + "<rect/>" * 1_000
            + "</g></defs>"
            + '<rect clip-path="url(#big)"/>' * 20,
            "would draw 21,043 elements through <use>; SVG images may draw at most 10,000",
        ),
        (
            "<svg>" * 12 + "<defs>" + "<rect/>" * 900 + "</defs>" + "</svg>" * 12,
            "would draw 11,726 elements through <use>; SVG images may draw at most 10,000",
        ),
        (
            "<style>" + ".a{fill:red}" * 1_001 + "</style>",
            "has 1,001 style rules; SVG images may have at most 1,000",
        ),
        (
            '<g id="a"><use xlink:href="#a"/></g>',
            "has a reference that leads back to itself (#a); remove the loop",
        ),
        (
            '<use xlink:href="other.svg#x"/>',
            "uses 'other.svg#x'; <use> may only refer to elements in the same file",
        ),
        (
            '<image width="5" height="5" xlink:href="other.svg"/>',
            "links to 'other.svg'; SVG images may not include other SVG files",
        ),
        (
            '<image width="5" height="5" xlink:href="https://example.org/x.png"/>',
            "links to 'https://example.org/x.png'; SVG images may only embed PNG or JPEG "
            "images, or link to them inside the project",
        ),
        (
            '<image width="5" height="5" xlink:href="data:image/png;base64,bm90IGEgcG5n"/>',
            "embeds an image that is not a readable PNG or JPEG",
        ),
    ],
)
def test_budgets_and_references(tmp_path, capsys, svglib_must_not_run, body, message):
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{body}</svg>')
    assert refusal(spec, capsys) == f"SPEC:4:7: logo: 'logo.svg' {message}"


def test_an_svg_is_parsed_once_per_build(tmp_path, monkeypatch):
    calls = []
    render = SvgRenderer.render

    def counted(self, node):
        calls.append(self.source_path)
        return render(self, node)

    monkeypatch.setattr(SvgRenderer, "render", counted)
    spec = brief(tmp_path, f'{SVG} width="120" height="40"><rect width="40" height="40"/></svg>')
    spec.write_text(spec.read_text() + "images:\n  - path: logo.svg\n    alt: Again\n")
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert calls == [str((tmp_path / "logo.svg").resolve())]
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert len(calls) == 1
    (tmp_path / "logo.svg").write_text(f'{SVG} width="120" height="41"><rect/></svg>')
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert len(calls) == 2


@pytest.mark.parametrize(
    "svg, message",
    [
        (
            f'{SVG} width="0.0001" height="0.0001"><rect width="1" height="1"/></svg>',
            "declares a size of 7.5e-05x7.5e-05 points; SVG images must be 1 to 20,000 "
            "points a side",
        ),
        (
            f'{SVG} width="100" height="50"><text y="20" font-size="1e30">Hi</text></svg>',
            "has text in a font size of 1e+30; SVG text may be from 0 to 1,000,000 units high",
        ),
        (
            f'{SVG} width="100" height="50"><rect x="1e300" width="10" height="10"/></svg>',
            "has a number out of range (x: 1e+300); numbers in SVG images must be finite "
            "and at most 1,000,000,000 in size",
        ),
        (
            f'{SVG} width="100" height="50"><rect width="9" height="9" stroke="red" '
            'stroke-width="inf"/></svg>',
            "has a number out of range (stroke width: inf); numbers in SVG images must be "
            "finite and at most 1,000,000,000 in size",
        ),
        (
            f'{SVG} width="100" height="50"><rect width="9" height="9" stroke="red" '
            'stroke-width="-3"/></svg>',
            "has a negative stroke width (-3)",
        ),
        (
            f"{SVG} width='100' height='50'><unclosed></svg>",
            "is not a readable SVG image (XML error at line 1, column 124)",
        ),
        (
            '<html width="100" height="50"/>',
            "is not a readable SVG image (its root element is not <svg>)",
        ),
    ],
)
def test_absurd_numbers_are_refused_at_load(tmp_path, capsys, svg, message):
    spec = brief(tmp_path, svg)
    assert refusal(spec, capsys) == f"SPEC:4:7: logo: 'logo.svg' {message}"


def test_svglib_has_a_time_limit_too(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(svg, "MAX_SECONDS", 1e-9)
    spec = brief(tmp_path, f'{SVG} width="100" height="50"><rect width="9" height="9"/></svg>')
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' takes more than 1e-09 seconds to draw; simplify it"
    )


def test_what_reportlab_cannot_draw_is_refused_at_load(tmp_path, capsys):
    data = io.BytesIO()
    Image.effect_noise((64, 64), 50).convert("RGB").save(data, "PNG")
    truncated = base64.b64encode(data.getvalue()[:2_000]).decode()
    image = f'<image width="9" height="9" xlink:href="data:image/png;base64,{truncated}"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="50">{image}</svg>')
    assert refusal(spec, capsys) == "SPEC:4:7: logo: 'logo.svg' cannot be drawn (OSError)"


@pytest.mark.parametrize(
    "shape",
    [
        '<rect width="10" height="10" transform="scale(0)"/>',
        '<line x2="50" y2="50" stroke="black" style="stroke-dasharray: 0 0"/>',
        '<text y="20" font-size="1e5">Big</text>',
    ],
)
def test_degenerate_but_valid_svg_draws_a_clean_pdf(tmp_path, capsys, shape):
    spec = brief(
        tmp_path, f'{SVG} width="100" height="50">{shape}<rect width="5" height="5"/></svg>'
    )
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""
    for pdf in (tmp_path / "out").glob("*.pdf"):
        pdfcheck.assert_valid(pdf)


def test_svg_text_is_checked_against_the_brief_fonts(tmp_path, capsys):
    text = '<text y="20" font-size="12">中文 😀 abc</text>'
    spec = brief(tmp_path, f'{SVG} width="100" height="50">{text}</svg>')
    spec.write_text(
        SPEC.format(logo="other.svg") + "images:\n  - path: logo.svg\n    alt: A logo\n"
    )
    (tmp_path / "other.svg").write_text(f'{SVG} width="100" height="50">{text}</svg>')
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    missing = (
        "'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D), '文' (U+6587 CJK UNIFIED IDEOGRAPH-6587), "
        "'😀' (U+1F600 GRINNING FACE); replace these characters or use a font that has them"
    )
    assert capsys.readouterr().err == (
        f"{spec}:4:7: logo: the SVG 'other.svg' has text the brief's fonts cannot draw: "
        f"{missing}\n"
        f"{spec}:6:11: images[0].path: the SVG 'logo.svg' has text the brief's fonts cannot "
        f"draw: {missing}\n"
    )


TEMPLATE = "extends: default\nlogo: ../art/logo.svg\n"


def test_a_template_svg_logo_is_drawn(tmp_path, capsys):
    spec = brief(tmp_path, "")
    spec.write_text("title: T\norganisations: X\nsummary: S\ntemplate: partner\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partner.yaml").write_text(TEMPLATE)
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "logo.svg").write_text(
        f'{SVG} width="200" height="40"><text y="30" font-size="20">Partner Watch</text></svg>'
    )
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""
    for pdf in (tmp_path / "out").glob("*.pdf"):
        assert "Partner Watch" in pdfcheck.text(pdf)


def test_a_template_svg_logo_text_is_checked(tmp_path, capsys):
    spec = brief(tmp_path, "")
    spec.write_text("title: T\norganisations: X\nsummary: S\ntemplate: partner\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partner.yaml").write_text(TEMPLATE)
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "logo.svg").write_text(
        f'{SVG} width="200" height="40"><text y="30">Partner 中</text></svg>'
    )
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'templates' / 'partner.yaml'}:2:7: logo: the SVG 'logo.svg' has text the "
        "brief's fonts cannot draw: '中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D); replace these "
        "characters or use a font that has them\n"
    )


def test_what_svglib_says_never_reaches_the_terminal(tmp_path, capsys):
    logger = logging.getLogger("svglib")
    before = (logger.level, logger.propagate, list(logger.handlers))
    spec = brief(
        tmp_path,
        f'{SVG} width="100" height="50"><rect width="9" height="9" fill="bogus"/></svg>',
    )
    assert refusal(spec, capsys, "make") == (
        "SPEC:4:7: logo: 'logo.svg' would not be drawn as written (svglib: Can't handle "
        "color: bogus)"
    )
    assert (logger.level, logger.propagate, list(logger.handlers)) == before
    (tmp_path / "logo.svg").write_text(
        f'{SVG} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'inkscape:version="0.48" width="100" height="50"><text y="9" font-family="NoSuchFont" '
        'font-weight="700">Hi</text></svg>'
    )
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""


def test_italic_faces_are_checked_too(tmp_path, capsys):
    project = tmp_path / "proj"
    (project / "fonts").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    faces = {
        "regular": ROOT / "assets/fonts/NotoSans-Regular.ttf",
        "bold": ROOT / "assets/fonts/NotoSans-Bold.ttf",
        "italic": ROOT / "assets/example-ngo/fonts/Lato-Italic.ttf",
        "bold_italic": ROOT / "assets/fonts/NotoSans-BoldItalic.ttf",
    }
    lines = ["fonts:", "  sans:"]
    for face, source in faces.items():
        shutil.copy(source, project / "fonts" / source.name)
        lines.append(f"    {face}: ../fonts/{source.name}")
    (project / "templates").mkdir()
    (project / "templates" / "mixed.yaml").write_text("\n".join(lines) + "\n")
    spec = project / "spec.yaml"
    spec.write_text("title: T\norganisations: X\nsummary: The letter \u0370.\ntemplate: mixed\n")
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:3:10: summary: the brief's fonts cannot draw 'Ͱ' (U+0370 GREEK CAPITAL LETTER "
        "HETA); replace these characters or use a font that has them\n"
    )
