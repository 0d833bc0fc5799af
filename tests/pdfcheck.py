"""Read PDFs back for tests: text, fonts, metadata, outline, links, and a normalised dump."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader
from pypdf.generic import IndirectObject


@dataclass
class Link:
    page: int
    uri: str | None
    dest_page: int | None


def reader(path: Path) -> PdfReader:
    """A strict pypdf reader, after qpdf (through pikepdf) has found nothing wrong."""
    assert_valid(Path(path))
    return PdfReader(str(path), strict=True)


@cache
def _qpdf_problems(path: Path, mtime_ns: int) -> tuple[str, ...]:
    with pikepdf.open(path) as pdf:
        return tuple(str(p) for p in pdf.check_pdf_syntax())


def assert_valid(path: Path) -> None:
    """qpdf's structural check finds no problem, and pypdf strict reads every page."""
    problems = _qpdf_problems(path, path.stat().st_mtime_ns)
    assert not problems, f"{path}: qpdf check: {problems}"
    strict = PdfReader(str(path), strict=True)
    for page in strict.pages:
        page.get_contents()


def text(path: Path) -> str:
    """All text, pages joined, whitespace collapsed to single spaces."""
    raw = " ".join(page.extract_text() or "" for page in reader(path).pages)
    return re.sub(r"\s+", " ", raw)


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader(path).pages]


def fonts(path: Path) -> dict[str, bool]:
    """Base font name (subset tag removed) -> whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in reader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1].lstrip("/")
            descriptor = font.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found[name] = embedded
    return found


def font_sizes(path: Path, font_prefix: str) -> set[float]:
    """Sizes at which fonts whose resource name maps to `font_prefix` are set."""
    sizes: set[float] = set()
    for page in reader(path).pages:
        names = {
            str(k): str(v.get_object()["/BaseFont"]) for k, v in page["/Resources"]["/Font"].items()
        }
        content = page.get_contents().get_data().decode("latin-1")
        for name, size in re.findall(r"(/F[\w+]+) ([\d.]+) Tf", content):
            if font_prefix in names.get(name, ""):
                sizes.add(float(size))
    return sizes


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, 0-based page) for every outline entry, in order."""
    pdf = reader(path)
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, pdf.get_destination_page_number(item)))

    walk(pdf.outline, 0)
    return entries


def links(path: Path) -> list[Link]:
    pdf = reader(path)
    found = []
    for number, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            dest = annot.get("/Dest")
            action = action.get_object() if action else {}
            uri = str(action["/URI"]) if "/URI" in action else None
            dest_page = None
            if dest is not None:
                target = dest[0]
                if isinstance(target, IndirectObject):
                    target = target.get_object()
                dest_page = pdf.get_page_number(target)
            found.append(Link(number, uri, dest_page))
    return found


def normalised_dump(path: Path) -> str:
    """A diffable text form of a PDF: metadata, page boxes, fonts, links, content streams."""
    pdf = reader(path)
    lines = [f"pages: {len(pdf.pages)}"]
    for key, value in sorted((pdf.metadata or {}).items()):
        lines.append(f"info {key}: {value}")
    for level, title, page in outline(path):
        lines.append(f"outline {'  ' * level}{title} -> page {page + 1}")
    for number, page in enumerate(pdf.pages, start=1):
        lines.append(f"--- page {number} mediabox {[round(float(v), 2) for v in page.mediabox]}")
        for name, font in sorted(page["/Resources"].get("/Font", {}).items()):
            lines.append(f"font {name} {font.get_object()['/BaseFont']}")
        content = page.get_contents().get_data().decode("latin-1")
        content = re.sub(r"(\d+\.\d{2})\d+", r"\1", content)
        lines += content.splitlines()
    for link in links(path):
        lines.append(f"link on page {link.page + 1}: uri={link.uri} dest_page={link.dest_page}")
    return "\n".join(lines) + "\n"
