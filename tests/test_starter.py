"""`briefing new`: the starter spec passes `check`, builds both layouts, fills its one page as a
real brief would, and prints no markup or placeholder syntax (issue 12, item 7)."""

from __future__ import annotations

import pypdfium2

from briefing.arguments import parser
from briefing.cli import main
from briefing.schema import schema_text
from briefing.starter import STARTER

import pdfcheck


def _blank_runs(image, left: int, right: int, top: int, bottom: int) -> int:
    """The tallest run of rows, in pixels, with no ink between `left` and `right`."""
    longest = run = 0
    for y in range(top, bottom):
        row = [image.getpixel((x, y)) for x in range(left, right)]
        run = run + 1 if min(row) > 235 else 0
        longest = max(longest, run)
    return longest


def test_the_starter_checks_builds_and_fills_its_page(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "brief"]) == 0
    assert main(["check", "brief.yaml"]) == 0
    assert capsys.readouterr().out.endswith("brief.yaml: ok\n")
    assert main(["make", "brief.yaml", "--out-dir", "out"]) == 0
    one_page, multi_page = (
        tmp_path / "out" / "brief-one-page.pdf",
        tmp_path / "out" / "brief-multi-page.pdf",
    )
    for pdf in (one_page, multi_page):
        text = pdfcheck.text(pdf)
        for leak in ("`", "**", "{{", "}}", "__"):
            assert leak not in text, (pdf.name, leak)
        assert "[Replace: the finding] 240 families evicted in Riverton" in text
    assert len(pdfcheck.page_texts(one_page)) == 1
    # At 72 dpi a pixel is a point: between the key figures and the notes, neither column has
    # a hole taller than 60 pt (the starter used to leave 60% of the page empty).
    page = pypdfium2.PdfDocument(str(one_page))[0]
    image = page.render(scale=1).to_pil().convert("L")
    width, height = image.size
    margin = round(15 * 72 / 25.4)
    inner = width - 2 * margin
    side = round(inner * 0.35)
    top, bottom = round(height * 0.3), round(height * 0.85)
    assert _blank_runs(image, margin, width - margin - side - 20, top, bottom) <= 60
    assert _blank_runs(image, width - margin - side, width - margin, top, bottom) <= 60


def test_the_starter_invents_no_real_facts():
    """Its example is fictional, and says so, and every text says what to replace."""
    assert "fictional" in STARTER and "[Replace:" in STARTER
    body = [line for line in STARTER.splitlines() if not line.lstrip().startswith("#")]
    assert not any("`" in line for line in body)


def test_the_starter_points_editors_at_the_schema_it_writes(tmp_path, monkeypatch, capsys):
    """The first line is the `yaml-language-server` modeline, with a path relative to the spec
    (VS Code's YAML extension resolves it from the spec's folder, offline), and `new` writes the
    schema there, refreshing a stale one (issue 14, item 3)."""
    monkeypatch.chdir(tmp_path)
    stale = tmp_path / ".briefing" / "spec.schema.json"
    stale.parent.mkdir()
    stale.write_text("{}", encoding="utf-8")
    assert main(["new", "brief"]) == 0
    first = (tmp_path / "brief.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=.briefing/spec.schema.json"
    assert stale.read_text(encoding="utf-8") == schema_text("spec")
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        ".briefing",
        "brief.yaml",
        "spec.schema.json",
    ]


def test_the_starter_names_only_what_exists():
    """It used to send readers to a README section "Spec reference" that does not exist."""
    assert "Spec reference" not in STARTER
    assert "`briefing reference`" in STARTER
    assert "reference" in parser()._subparsers._group_actions[0].choices  # noqa: SLF001


def test_a_schema_that_cannot_be_written_is_a_clean_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".briefing").write_text("not a folder", encoding="utf-8")
    assert main(["new", "brief"]) == 2
    assert capsys.readouterr().err == (
        ".briefing/spec.schema.json: cannot write the schema for editors (File exists)\n"
    )
    assert not (tmp_path / "brief.yaml").exists()
