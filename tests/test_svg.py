"""SVG images from partners: budgets before svglib runs, sane numbers, one parse per build,
text checked against the brief's fonts, and nothing svglib says reaching the terminal."""

from __future__ import annotations

import base64
import io
import logging
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from svglib.svglib import SvgRenderer

from briefing.cli import main
from briefing.spec import svg, svglinks

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
    # svglib leaves an <image> that names an element defined later with a placeholder object
    shapes = '<image width="5" height="5" xlink:href="#later"/><rect id="later" width="3"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="50">{shapes}</svg>')
    assert refusal(spec, capsys) == "SPEC:4:7: logo: 'logo.svg' cannot be drawn (TypeError)"


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
        "'😀' (U+1F600 GRINNING FACE); replace these characters or use a template with fonts "
        "that have them"
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
        "characters or use a template with fonts that have them\n"
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
        "HETA); replace these characters or use a template with fonts that have them\n"
    )


# What an SVG names: read as svglib reads it, checked by us, never opened by svglib or ReportLab.


def noise_jpeg(width: int, height: int) -> bytes:
    """A JPEG of noise, the same on every run."""
    pixels = random.Random(7).randbytes(width * height * 3)
    data = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(data, "JPEG")
    return data.getvalue()


def small_png(size: tuple[int, int] = (4, 3)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, "teal").save(data, "PNG")
    return data.getvalue()


def test_a_link_is_split_at_its_fragment_as_svglib_splits_it(tmp_path, capsys, svglib_must_not_run):
    # The old check looked for a file named 'inner.svg#a' (a PNG here); svglib split the link
    # and parsed 'inner.svg' with its own parser: 62 s for 200,000 rects, forever for a FIFO.
    image = '<image width="100" height="100" xlink:href="inner.svg#a"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{image}</svg>')
    (tmp_path / "inner.svg#a").write_bytes(small_png())
    os.mkfifo(tmp_path / "inner.svg")
    started = time.monotonic()
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' links to 'inner.svg#a'; SVG images may not include other "
        "SVG files"
    )
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("name", ["inner.png", "inner.jpg#a", "inner"])
def test_a_linked_svg_is_refused_by_its_content_whatever_its_name(
    tmp_path, capsys, svglib_must_not_run, name
):
    image = f'<image width="10" height="10" xlink:href="{name}"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{image}</svg>')
    inner = f'\ufeff\n  {SVG} width="10" height="10"><rect width="5" height="5"/></svg>'
    (tmp_path / name.split("#")[0]).write_text(inner, encoding="utf-8")
    assert refusal(spec, capsys) == (
        f"SPEC:4:7: logo: 'logo.svg' links to {name!r}; SVG images may not include other SVG files"
    )


@pytest.mark.parametrize(
    "href, message",
    [
        (" photo.png", "links to an image that cannot be used: no file at ' photo.png'"),
        ("photo%2Epng", "links to an image that cannot be used: no file at 'photo%2Epng'"),
        (" #a", "links to an image that cannot be used: no file at ' '"),
        (
            "data:image/svg+xml;base64,PHN2Zy8+",
            "links to 'data:image/svg+xml;base64,PHN2Zy8+'; SVG images may only embed PNG or "
            "JPEG images, or link to them inside the project",
        ),
    ],
)
def test_links_are_read_as_written(tmp_path, capsys, href, message):
    # svglib neither trims a link nor decodes percent escapes: ' photo.png' is not 'photo.png'.
    (tmp_path / "photo.png").write_bytes(small_png())
    image = f'<g id="a"/><image width="10" height="10" xlink:href="{href}"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{image}</svg>')
    assert refusal(spec, capsys) == f"SPEC:4:7: logo: 'logo.svg' {message}"


@pytest.mark.parametrize(
    "body, name, value",
    [
        ('<image width="9" height="9" style="href: inner.svg#a"/>', "href", "inner.svg#a"),
        (
            '<style>.x { fill: red; href: inner.svg }</style><image class="x" width="9"/>',
            "href",
            "inner.svg",
        ),
        ('<style>image { hr\\65 f: inner.svg }</style><image width="9"/>', "href", "inner.svg"),
        ('<g style="id: big"><rect width="1" height="1"/></g>', "id", "big"),
    ],
)
def test_styles_may_not_set_links_or_ids(tmp_path, capsys, svglib_must_not_run, body, name, value):
    # svglib copies every declaration of a style into the element's attributes, so a style
    # could give an <image> (or a copy of one made by <use>) a link this check never saw.
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{body}</svg>')
    (tmp_path / "inner.svg").write_text(f'{SVG} width="1" height="1"><g id="a"/></svg>')
    assert refusal(spec, capsys) == (
        f"SPEC:4:7: logo: 'logo.svg' sets {name!r} in a style ({value!r}); SVG images may give "
        "links and ids only as attributes"
    )


def test_a_style_link_on_a_copied_image_never_opens_the_file(tmp_path, capsys):
    # Before: the clip path made svglib apply the style, <use> copied the image with its new
    # link, and svglib parsed inner.svg with no budget and drew its text (a FIFO: it hung).
    body = (
        '<defs><g id="g"><image width="5" height="5" style="href: inner.svg#a"/></g></defs>'
        '<rect width="5" height="5" clip-path="url(#g)"/><use xlink:href="#g"/>'
    )
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{body}</svg>')
    (tmp_path / "inner.svg").write_text(f'{SVG} width="9" height="9"><text id="a">Hi</text></svg>')
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' sets 'href' in a style ('inner.svg#a'); SVG images may give "
        "links and ids only as attributes"
    )


def _inline_images(pdf: Path) -> list[tuple[int, int, bytes]]:
    """Width, height and undecoded data of every inline image on the first page."""
    found = []
    document = pikepdf.open(pdf)
    for operation in pikepdf.parse_content_stream(document.pages[0]):
        if isinstance(operation, pikepdf.ContentStreamInlineImage):
            image = operation.iimage
            raw = b"".join(bytes(image.read_raw_bytes()).split()).removesuffix(b"~>")
            found.append((image.width, image.height, base64.a85decode(raw)))
    return found


def test_svglib_and_reportlab_never_open_what_an_svg_names(tmp_path, capsys, monkeypatch):
    import svglib.svglib as svglib_module

    def never(*args, **kwargs):
        raise AssertionError("svglib opened a file an SVG names")

    monkeypatch.setattr(svglib_module, "load_svg_file", never)
    monkeypatch.setattr(svglib_module, "PDFImage", never)
    photo = noise_jpeg(40, 30)
    (tmp_path / "photo.jpg").write_bytes(photo)
    (tmp_path / "mark.png").write_bytes(small_png((7, 5)))
    embedded = base64.b64encode(small_png((3, 2))).decode()
    body = (
        '<image width="40" height="30" xlink:href="photo.jpg"/>'
        '<image x="50" width="7" height="5" xlink:href="mark.png#part"/>'
        f'<image y="50" width="3" height="2" xlink:href="data:image/png;base64,{embedded}"/>'
        '<use xlink:href="#copy"/><image id="copy" y="60" width="7" xlink:href="mark.png"/>'
    )
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{body}</svg>')
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""
    checked = svg.load_svg((tmp_path / "logo.svg").resolve(), shown_as="logo.svg", root=tmp_path)
    assert all(hasattr(image, "mode") for image in checked.images)  # never a path to open
    for layout in ("one-page", "multi-page"):
        images = _inline_images(tmp_path / "out" / f"spec-{layout}.pdf")
        assert sorted((w, h) for w, h, _ in images) == [(3, 2), (7, 5), (7, 5), (7, 5), (40, 30)]
        assert (40, 30, photo) in images  # the JPEG's bytes, unchanged


def test_an_embedded_jpeg_survives_the_copy_each_brief_makes(tmp_path, capsys):
    # Each brief draws its own copy of the drawing; the copy of an embedded JPEG lost the
    # bytes ReportLab reads, and make said "internal error" where check said ok.
    photo = noise_jpeg(20, 10)
    href = "data:image/jpeg;base64," + base64.b64encode(photo).decode()
    image = f'<image width="20" height="10" xlink:href="{href}"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="50">{image}</svg>')
    assert main(["check", str(spec)]) == 0
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""
    assert _inline_images(tmp_path / "out" / "spec-one-page.pdf") == [(20, 10, photo)]


@pytest.mark.parametrize("command", ["check", "make"])
def test_an_embedded_image_is_decoded_in_full_at_load(tmp_path, capsys, command):
    # The tester's case: a 400x400 JPEG cut to a third passed check, and make failed at
    # "spec.yaml:1:1" with no key.
    photo = noise_jpeg(400, 400)
    cut = base64.b64encode(photo[: len(photo) // 3]).decode()
    image = f'<image width="100" height="100" xlink:href="data:image/jpeg;base64,{cut}"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{image}</svg>')
    spec.write_text(spec.read_text() + "images:\n  - path: logo.svg\n    alt: A picture\n")
    args = [command, str(spec)] + ["--out-dir", str(tmp_path / "out")] * (command == "make")
    assert main(args) == 2
    said = (
        "'logo.svg' embeds an image that is corrupt or truncated (image file is truncated (126 "
        "bytes not processed))"
    )
    assert capsys.readouterr().err == (
        f"{spec}:4:7: logo: {said}\n{spec}:6:11: images[0].path: {said}\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (
            lambda: noise_jpeg(60, 60)[:900],
            "links to an image that cannot be used: 'photo.jpg' is corrupt or truncated (image "
            "file is truncated (121 bytes not processed))",
        ),
        (
            lambda: b"GIF89a" + bytes(20),
            "links to an image that cannot be used: 'photo.jpg' is not a PNG or JPEG image",
        ),
    ],
)
def test_a_linked_image_is_decoded_in_full_at_load(tmp_path, capsys, content, message):
    (tmp_path / "photo.jpg").write_bytes(content())
    image = '<image width="10" height="10" xlink:href="photo.jpg"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{image}</svg>')
    assert refusal(spec, capsys, "make") == f"SPEC:4:7: logo: 'logo.svg' {message}"


def test_linked_images_have_a_byte_budget(tmp_path, capsys, monkeypatch, svglib_must_not_run):
    monkeypatch.setattr(svglinks, "MAX_LINKED_BYTES", 1_000)
    images = ""
    for n in range(3):
        (tmp_path / f"p{n}.png").write_bytes(small_png((30 + n, 30)) + bytes(400))
        images += f'<image width="5" height="5" xlink:href="p{n}.png"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="100">{images}</svg>')
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' links to more than 1,000 bytes of images; SVG images may "
        "link to at most 1,000 bytes of images in all"
    )


PROBES = {
    "xml-stylesheet": '<?xml-stylesheet href="{}" type="text/css"?>',
    "DTD and entity": '<!DOCTYPE svg SYSTEM "{}" [<!ENTITY ent SYSTEM "{}">]>',
    "@import": "<style>@import url({});</style>",
    "@font-face": "<style>@font-face {{ font-family: X; src: url({}); }}</style>",
    "style url()": "<style>rect {{ fill: url({}#g); background: url({}) }}</style>",
    "XInclude": '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{}"/>',
    "font-face-uri": (
        '<font-face font-family="Y"><font-face-src><font-face-uri xlink:href="{}#f"/>'
        "</font-face-src></font-face>"
    ),
    "feImage": '<filter id="f"><feImage xlink:href="{}"/></filter><rect filter="url(#f)"/>',
    "pattern": '<pattern id="p" xlink:href="{}#p"/><rect fill="url(#p)" width="2"/>',
    "gradient": '<linearGradient id="l" xlink:href="{}#g"/><rect fill="url(#l)" width="2"/>',
    "script": '<script xlink:href="{}"/>',
    "a": '<a xlink:href="{}"><rect width="2" height="2"/></a>',
    "paint": '<rect width="2" height="2" fill="url({}#g)" mask="url({}#m)"/>',
    "tref": '<text y="5"><tref xlink:href="{}#t"/><textPath xlink:href="{}#p">x</textPath></text>',
    "foreignObject": (
        '<foreignObject width="5" height="5"><img xmlns="http://www.w3.org/1999/xhtml" '
        'src="{}"/></foreignObject>'
    ),
    "color-profile": '<color-profile name="c" xlink:href="{}"/><cursor xlink:href="{}"/>',
}


def test_nothing_else_an_svg_names_is_ever_opened(tmp_path):
    # Each target is a FIFO: a parser that opened one to read it would wait forever.
    (tmp_path / "pyproject.toml").write_text("")
    prologue, body = [], []
    for n, (name, markup) in enumerate(PROBES.items()):
        target = f"probe-{n}.svg"
        os.mkfifo(tmp_path / target)
        text = markup.format(*[target] * markup.count("{}"))
        (prologue if name in ("xml-stylesheet", "DTD and entity") else body).append(text)
    (tmp_path / "logo.svg").write_text(
        f'<?xml version="1.0"?>{"".join(prologue)}{SVG} width="100" height="50">'
        + "".join(body)
        + '<text y="20">&ent;</text></svg>'
    )
    (tmp_path / "spec.yaml").write_text(SPEC.format(logo="logo.svg"))
    for command in (["check", "spec.yaml"], ["make", "spec.yaml", "--out-dir", "out"]):
        result = subprocess.run(
            [sys.executable, "-m", "briefing", *command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (0, "")


def test_embedded_pixels_are_counted_before_any_is_decoded(tmp_path, capsys, svglib_must_not_run):
    data = io.BytesIO()
    Image.new("1", (5_000, 5_000)).save(data, "PNG")
    href = "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()
    images = f'<image width="9" height="9" xlink:href="{href}"/>'
    images += f'<image width="9" height="9" xlink:href="{href}" x="10"/>'
    spec = brief(tmp_path, f'{SVG} width="100" height="50">{images}</svg>')
    started = time.monotonic()
    assert refusal(spec, capsys) == (
        "SPEC:4:7: logo: 'logo.svg' would draw 50,000,000 pixels of embedded images; SVG images "
        "may draw at most 40,000,000"
    )
    assert time.monotonic() - started < 1
