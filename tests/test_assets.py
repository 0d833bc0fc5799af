"""Images a spec points at: resolved inside the project, fully decoded, refused with a message."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from briefing.build import make
from briefing.cli import main
from briefing.design import fonts
from briefing.errors import BriefingError
from briefing.spec import assets

import pdfcheck

BASE = "title: T\norganisations: X\nsummary: S\nlogo: {logo}\n"


def project(tmp_path: Path) -> Path:
    """A project folder (it has a pyproject.toml) with a briefs/ folder; returns briefs/."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "pyproject.toml").write_text("")
    briefs = tmp_path / "proj" / "briefs"
    (briefs / "img").mkdir(parents=True)
    return briefs


def png(path: Path, size: tuple[int, int] = (60, 20), mode: str = "RGB") -> Path:
    Image.new(mode, size, "red" if mode == "RGB" else 0).save(path)
    return path


def check_logo(briefs: Path, logo: str, capsys) -> str:
    spec = briefs / "brief.yaml"
    spec.write_text(BASE.format(logo=logo))
    assert main(["check", str(spec)]) == 2
    return capsys.readouterr().err.replace(str(spec), "SPEC")


def test_logo_is_embedded_in_both_layouts(full_pdfs):
    for built in full_pdfs.values():
        images = pdfcheck.reader(built.path).pages[0].images
        assert (360, 120) in [(i.image.width, i.image.height) for i in images]


def test_logo_may_live_elsewhere_in_the_project(tmp_path):
    briefs = project(tmp_path)
    (tmp_path / "proj" / "assets").mkdir()
    png(tmp_path / "proj" / "assets" / "logo.png")
    spec = briefs / "brief.yaml"
    spec.write_text(BASE.format(logo="../assets/logo.png"))
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    assert len(pdfcheck.reader(built.path).pages[0].images) == 1


@pytest.mark.parametrize(
    "logo, message",
    [
        (
            "/etc/passwd",
            "SPEC:4:7: logo: asset paths must be relative to the spec's folder, "
            "found '/etc/passwd'",
        ),
        (
            "~/logo.png",
            "SPEC:4:7: logo: asset paths must be relative to the spec's folder, found '~/logo.png'",
        ),
        ("img/none.png", "SPEC:4:7: logo: no file at 'img/none.png'"),
        ("img", "SPEC:4:7: logo: 'img' is not a regular file"),
    ],
)
def test_bad_asset_paths(tmp_path, capsys, logo, message):
    assert check_logo(project(tmp_path), logo, capsys) == message + "\n"


def test_dot_dot_escape_is_refused(tmp_path, capsys):
    briefs = project(tmp_path)
    png(tmp_path / "outside.png")
    err = check_logo(briefs, "../../outside.png", capsys)
    assert err == (
        f"SPEC:4:7: logo: '../../outside.png' is outside "
        f"{(tmp_path / 'proj').resolve()}, the folder briefing may read; "
        "run briefing from a folder that holds both files, or pass --root DIR\n"
    )


def test_symlink_pointing_outside_is_refused(tmp_path, capsys):
    briefs = project(tmp_path)
    (briefs / "img" / "logo.png").symlink_to(png(tmp_path / "outside.png"))
    err = check_logo(briefs, "img/logo.png", capsys)
    assert err == (
        f"SPEC:4:7: logo: 'img/logo.png' is outside "
        f"{(tmp_path / 'proj').resolve()}, the folder briefing may read; "
        "run briefing from a folder that holds both files, or pass --root DIR\n"
    )


def test_fifo_is_refused(tmp_path, capsys):
    briefs = project(tmp_path)
    os.mkfifo(briefs / "img" / "logo.png")
    assert check_logo(briefs, "img/logo.png", capsys) == (
        "SPEC:4:7: logo: 'img/logo.png' is not a regular file\n"
    )


def test_oversized_file_is_refused(tmp_path, capsys, monkeypatch):
    briefs = project(tmp_path)
    png(briefs / "img" / "logo.png")
    monkeypatch.setattr(assets, "MAX_ASSET_BYTES", 10)
    size = (briefs / "img" / "logo.png").stat().st_size
    assert check_logo(briefs, "img/logo.png", capsys) == (
        f"SPEC:4:7: logo: 'img/logo.png' is {size:,} bytes; assets may be at most 10 bytes\n"
    )


def test_not_an_image(tmp_path, capsys):
    briefs = project(tmp_path)
    (briefs / "img" / "logo.png").write_bytes(b"#!/bin/sh\necho not an image\n")
    assert check_logo(briefs, "img/logo.png", capsys) == (
        "SPEC:4:7: logo: 'img/logo.png' is not a PNG, JPEG or SVG image\n"
    )


def test_other_image_formats_are_refused(tmp_path, capsys):
    briefs = project(tmp_path)
    Image.new("RGB", (10, 10)).save(briefs / "img" / "logo.gif")
    assert check_logo(briefs, "img/logo.gif", capsys) == (
        "SPEC:4:7: logo: 'img/logo.gif' is a GIF image; use PNG, JPEG or SVG\n"
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_image_is_refused(tmp_path, capsys, fmt):
    briefs = project(tmp_path)
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(buffer, fmt)
    name = f"logo.{fmt.lower()}"
    (briefs / "img" / name).write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    err = check_logo(briefs, f"img/{name}", capsys)
    assert err.startswith(f"SPEC:4:7: logo: 'img/{name}' is corrupt or truncated (")


def test_decompression_bomb_is_refused(tmp_path, capsys):
    briefs = project(tmp_path)
    png(briefs / "img" / "bomb.png", size=(10_000, 5_000), mode="1")
    assert (briefs / "img" / "bomb.png").stat().st_size < 100_000
    assert check_logo(briefs, "img/bomb.png", capsys) == (
        "SPEC:4:7: logo: 'img/bomb.png' is 10000x5000 pixels; images may have at most "
        "40,000,000 pixels\n"
    )


def test_font_that_fails_to_load(tmp_path, monkeypatch):
    for name in ("Broken-Regular", "Broken-Bold", "Broken-Italic", "Broken-BoldItalic"):
        (tmp_path / f"{name}.ttf").write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "fonts_dir", lambda: tmp_path)
    with pytest.raises(BriefingError) as caught:
        fonts.register_family("Broken")
    assert str(caught.value).startswith(f"{tmp_path / 'Broken-Regular.ttf'}: cannot load font (")


def test_svg_image_is_drawn_as_vectors_in_our_fonts(full_pdfs):
    for built in full_pdfs.values():
        assert "Field Monitors" in pdfcheck.text(built.path)
        fonts = pdfcheck.fonts(built.path)
        assert all(fonts.values()) and "Helvetica" not in fonts


def test_svg_external_entities_are_not_resolved(tmp_path):
    briefs = project(tmp_path)
    (tmp_path / "secret.txt").write_text("TOP-SECRET-CONTENT")
    (briefs / "img" / "xxe.svg").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM '
        f'"file://{tmp_path / "secret.txt"}">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
        '<text x="0" y="20" font-size="12">a&xxe;b</text></svg>'
    )
    spec = briefs / "brief.yaml"
    spec.write_text(BASE.format(logo="img/xxe.svg"))
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    assert "TOP-SECRET-CONTENT" not in pdfcheck.text(built.path)


def test_svg_references_outside_the_project_are_refused(tmp_path, capsys):
    briefs = project(tmp_path)
    png(tmp_path / "outside.png", size=(31, 17))
    (briefs / "img" / "ref.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="50"><image x="0" y="0" width="31" height="17" '
        'xlink:href="../../../outside.png"/><rect width="10" height="10"/></svg>'
    )
    assert check_logo(briefs, "img/ref.svg", capsys) == (
        "SPEC:4:7: logo: 'img/ref.svg' links to an image that cannot be used: "
        "'../../../outside.png' is outside "
        f"{(tmp_path / 'proj').resolve()}, the folder briefing may read; "
        "run briefing from a folder that holds both files, or pass --root DIR\n"
    )


def test_svg_may_link_images_inside_the_project(tmp_path):
    briefs = project(tmp_path)
    png(briefs / "img" / "inside.png", size=(31, 17))
    (briefs / "img" / "ref.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="50"><image x="0" y="0" width="31" height="17" '
        'xlink:href="inside.png"/></svg>'
    )
    spec = briefs / "brief.yaml"
    spec.write_text(BASE.format(logo="img/ref.svg"))
    (built,) = make(spec, layouts=["one-page"], out_dir=tmp_path / "out")
    sizes = [(i.image.width, i.image.height) for i in pdfcheck.reader(built.path).pages[0].images]
    assert (31, 17) in sizes


def test_unreadable_svg(tmp_path, capsys):
    briefs = project(tmp_path)
    (briefs / "img" / "bad.svg").write_text("<svg><unclosed")
    assert check_logo(briefs, "img/bad.svg", capsys) == (
        "SPEC:4:7: logo: 'img/bad.svg' is not a readable SVG image (XML error at line 1, "
        "column 15)\n"
    )


@pytest.mark.parametrize(
    "logo, message",
    [
        ("img/a.png", "cannot read 'img/a.png' (a loop of symbolic links)"),
        ("loop/x/y.png", "cannot read 'loop/x/y.png' (a loop of symbolic links)"),
        ("img/dangling.png", "no file at 'img/dangling.png'"),
        ("x" * 300, f"cannot read '{'x' * 60}...{'x' * 30}' (file name too long)"),
    ],
)
def test_hostile_paths_are_refused_without_a_traceback(tmp_path, capsys, logo, message):
    briefs = project(tmp_path)
    (briefs / "img" / "a.png").symlink_to("b.png")
    (briefs / "img" / "b.png").symlink_to("a.png")
    (briefs / "img" / "dangling.png").symlink_to("nothing.png")
    (briefs / "loop").symlink_to("loop")
    assert check_logo(briefs, logo, capsys) == f"SPEC:4:7: logo: {message}\n"


@pytest.mark.parametrize(
    "raw, message",
    [
        ("x\0.png", "cannot read 'x\\x00.png' (not a usable path)"),
        ("z" * 5_000, f"cannot read '{'z' * 60}...{'z' * 30}' (file name too long)"),
    ],
)
def test_paths_a_spec_cannot_write_are_refused_too(tmp_path, raw, message):
    briefs = project(tmp_path)
    with pytest.raises(assets.AssetError) as caught:
        assets.resolve_asset(raw, spec_path=briefs / "brief.yaml")
    assert str(caught.value) == message


def test_a_fifo_is_never_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(assets.AssetError) as caught:
        assets.read_regular(tmp_path / "pipe.png", shown_as="pipe.png")
    assert str(caught.value) == "'pipe.png' is not a regular file of at most 10,485,760 bytes"
