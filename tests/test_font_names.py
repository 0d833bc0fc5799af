"""Fonts of one PostScript name in one PDF (a template's copies of one font under other file
names): each gets a name of its own in that PDF, instead of an internal error ("redefining
named object"), and the name depends on the document alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing.cli import main

import pdfcheck
from conftest import ROOT, SPECS

LATO = ROOT / "assets" / "example-ngo" / "fonts" / "Lato-Regular.ttf"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "fonts").mkdir()
    for face in ("a", "b", "c", "d"):
        shutil.copy(LATO, tmp_path / "fonts" / f"{face}.ttf")
    (tmp_path / "house.yaml").write_text(
        "fonts:\n  sans: {regular: fonts/a.ttf, bold: fonts/b.ttf, italic: fonts/c.ttf, "
        "bold_italic: fonts/d.ttf}\n",
        encoding="utf-8",
    )
    spec = tmp_path / "brief.yaml"
    spec.write_text((SPECS / "full.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for asset in (SPECS / "assets").iterdir():
        (tmp_path / "assets").mkdir(exist_ok=True)
        shutil.copy(asset, tmp_path / "assets" / asset.name)
    return spec


def _base_fonts(pdf: Path) -> list[str]:
    reader = pdfcheck.reader(pdf)
    return sorted(
        {
            str(font.get_object()["/BaseFont"])
            for page in reader.pages
            for font in page["/Resources"]["/Font"].values()
        }
    )


def test_copies_of_one_font_are_named_apart_in_the_pdf(tmp_path, capsys):
    spec = _project(tmp_path)
    out = tmp_path / "out"
    args = ["make", str(spec), "--template", str(tmp_path / "house.yaml"), "--out-dir", str(out)]
    assert main([*args, "--layout", "multi-page"]) == 0, capsys.readouterr().err
    names = [n for n in _base_fonts(out / "brief-multi-page.pdf") if "Lato" in n]
    assert names[0] == "/AAAAAA+Lato-Regular"
    assert len(names) >= 2 and all(n.startswith("/AAAAAA+Lato-Regular-") for n in names[1:])
    first = (out / "brief-multi-page.pdf").read_bytes()
    assert main([*args, "--layout", "multi-page"]) == 0
    assert (out / "brief-multi-page.pdf").read_bytes() == first
