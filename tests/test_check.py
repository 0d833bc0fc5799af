"""`check` takes make's options and refuses what `make` would refuse (issue 10, item 1 and 4)."""

from __future__ import annotations

from pathlib import Path

from briefing.cli import main

from conftest import RAQQA, SPECS

MINIMAL = SPECS / "minimal.yaml"


def _letter(tmp_path: Path) -> Path:
    spec = tmp_path / "letter.yaml"
    spec.write_text(MINIMAL.read_text() + "addressed_to: Prepared for {{name}}\n", encoding="utf-8")
    return spec


def test_a_placeholder_outside_a_mail_merge_is_an_error(tmp_path, capsys):
    spec = _letter(tmp_path)
    expected = (
        f"{spec}:5:15: addressed_to: {{{{name}}}} is filled only in a mail-merge: build with "
        "--recipients FILE, a list with a 'name' column, or write the text out\n"
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == expected
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == expected
    assert not (tmp_path / "out").exists()


def test_check_takes_the_recipients_make_would_use(tmp_path, capsys):
    spec = _letter(tmp_path)
    rows = tmp_path / "rows.csv"
    rows.write_text("name\nAna Silva\n中文\n", encoding="utf-8")
    assert main(["check", str(spec), "--recipients", str(rows)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{spec}:5:15: addressed_to: the brief's fonts cannot draw '中'")
    rows.write_text("name\nAna Silva\nBo Li\n", encoding="utf-8")
    assert main(["check", str(spec), "--recipients", str(rows)]) == 0
    assert capsys.readouterr().out == f"{spec}: ok\n"


def test_check_takes_the_audiences_make_would_build(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text(), encoding="utf-8")
    assert main(["check", str(spec), "--audience", "journalists"]) == 2
    assert capsys.readouterr().err == (
        "briefing: --audience journalists: template 'default' has no such audience (its "
        "audiences: journalist, advocate, policymaker); did you mean 'journalist'?\n"
    )
    assert main(["check", str(spec), "--audience", "journalist"]) == 0
    assert main(["check", str(spec), "--all-audiences"]) == 0


def test_every_field_that_cites_a_source_is_checked_audiences_included(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        MINIMAL.read_text()
        + "sources:\n  - {id: s1, title: Source one}\n"
        + "charts:\n  - {kind: bars, title: C, source: nosuch, bars: [{label: a, value: 2}, "
        + "{label: b, value: 3}]}\n"
        + "audiences:\n  journalist:\n    figures:\n      - {value: '12', label: x, source: s2}\n"
        + "    quotes:\n      - {text: Q, speaker: A, source: s1x}\n",
        encoding="utf-8",
    )
    expected = [
        f"{spec}:8:36: charts[0].source: unknown source id 'nosuch'; source ids: s1",
        f"{spec}:12:41: audiences.journalist.figures[0].source: unknown source id 's2'; "
        "source ids: s1",
        f"{spec}:14:39: audiences.journalist.quotes[0].source: unknown source id 's1x'; "
        "did you mean 's1'?",
    ]
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err.splitlines() == expected
    out = tmp_path / "out"
    assert main(["make", str(spec), "--all-audiences", "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == expected
    assert not out.exists()


def test_check_recognises_a_template_and_checks_it_on_its_own(tmp_path, capsys):
    folder = tmp_path / "templates"
    folder.mkdir()
    good = folder / "partner.yaml"
    good.write_text("colors: {accent: '#003366'}\naudiences:\n  donor: {}\n", encoding="utf-8")
    bad = tmp_path / "loose.yaml"
    bad.write_text("colors: {accent: red}\nlayout:\n  titles: {summary: 要約}\n", encoding="utf-8")
    assert main(["check", str(good), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == f"{good}: ok (a template)\n"
    assert captured.err == (
        f"{bad.resolve()}:1:18: colors.accent: expected a colour as #rrggbb, found 'red'\n"
        f"{bad.resolve()}:3:21: layout.titles.summary: the brief's fonts cannot draw '約' "
        "(U+7D04 CJK UNIFIED IDEOGRAPH-7D04), '要' (U+8981 CJK UNIFIED IDEOGRAPH-8981); replace "
        "these characters or use a template with fonts that have them\n"
    )
    bad.write_text("layout:\n  titles: {summary: 要約}\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(
        f"{bad.resolve()}:2:21: layout.titles.summary: the brief's fonts cannot draw '約'"
    )


def test_a_layout_that_prints_citations_shows_their_notes(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "partner.yaml"
    template.write_text("audiences:\n  donor:\n    multi_page: [summary, charts]\n")
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        MINIMAL.read_text()
        + "template: partner\nsources:\n  - {id: a, title: A}\n"
        + "charts:\n  - {kind: bars, title: C, source: a, bars: [{label: x, value: 1}, "
        + "{label: y, value: 2}]}\n",
        encoding="utf-8",
    )
    expected = (
        f"{template.resolve()}:3:17: audiences.donor.multi_page: the multi-page brief shows "
        "charts, which cite sources, but not `sources`, where their notes are; add `sources` to "
        "these blocks\n"
    )
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == expected
    out = tmp_path / "out"
    assert main(["make", str(spec), "--audience", "donor", "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err == expected


def test_an_image_that_would_print_below_150_dpi_is_a_warning(tmp_path):
    """Issue 12: a 400 px map printed at 87 dpi without a word. `check` warns, naming the file,
    its pixels, the size and layout it prints at, the resolution, and what to do."""
    from PIL import Image

    from briefing.checks import findings
    from briefing.spec.validate import load_spec

    (tmp_path / "assets").mkdir()
    Image.new("RGB", (400, 240), "white").save(tmp_path / "assets" / "map.png")
    Image.new("RGB", (1000, 600), "white").save(tmp_path / "assets" / "sharp.png")
    spec = tmp_path / "brief.yaml"
    spec.write_text(
        MINIMAL.read_text()
        + "images:\n  - {path: assets/map.png, alt: A map}\n"
        + "  - {path: assets/sharp.png, alt: A sharp map}\n",
        encoding="utf-8",
    )
    loaded = load_spec(spec)
    found = [f for f in findings(loaded) if f.kind == "image-resolution"]
    assert [finding.line() for finding in found] == [
        f"{spec}:6:12: images[0].path: warning: 'assets/map.png' is 400x240 pixels and prints "
        "127 mm wide in the multi-page brief, at 80 dpi; print needs at least 150 dpi: use an "
        "image at least 750 pixels wide, or an SVG"
    ]
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "short.yaml").write_text(
        "layout:\n  multi_page: [summary]\n", encoding="utf-8"
    )
    spec.write_text(spec.read_text() + "template: short\n", encoding="utf-8")
    found = findings(load_spec(spec), audiences=[None])
    assert [f.message for f in found if f.kind == "image-resolution"] == [
        "'assets/map.png' is 400x240 pixels and prints 111 mm wide in the one-page brief, at "
        "92 dpi; print needs at least 150 dpi: use an image at least 653 pixels wide, or an SVG"
    ]


PRESS = (
    "a press release usually carries {what}; this spec has {none}, so the 'journalist' brief "
    "prints {prints}: add {add} when {known} known"
)


def test_a_press_release_without_date_or_contacts_is_an_info(tmp_path, capsys):
    """Issue 12: the press release prints no date and no media contacts when the spec has
    none. `check` says so as an info, which `--strict` lets pass (a spec says only what its
    sources say: the Raqqa article gives neither), for the audiences asked for (`--audience`,
    `--all-audiences`): a spec checked as a whole gets none."""
    import json

    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text(), encoding="utf-8")
    neither = PRESS.format(
        what="a date and media contacts",
        none="neither",
        prints="no date and no contact block",
        add="`date:` (YYYY-MM-DD) and `contacts:`",
        known="they are",
    )
    assert main(["check", str(spec), "--audience", "journalist"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"{spec}:2:1: info: {neither}\n"
    assert captured.out == f"{spec}: ok\n"
    assert main(["check", str(spec)]) == 0  # a spec with no press content is not a release
    assert capsys.readouterr().err == ""
    assert main(["check", str(RAQQA), "--strict"]) == 0
    captured = capsys.readouterr()
    assert "press release" not in captured.err
    assert main(["check", str(RAQQA), "--strict", "--all-audiences"]) == 0
    captured = capsys.readouterr()
    assert f"{RAQQA}:142:5: audiences.journalist: info: {neither}\n" in captured.err
    assert captured.out == f"{RAQQA}: ok\n"
    assert main(["check", str(spec), "--audience", "advocate"]) == 0
    assert capsys.readouterr().err == ""
    spec.write_text(MINIMAL.read_text() + "date: 2024-03-15\n", encoding="utf-8")
    assert main(["check", str(spec), "--audience", "journalist", "--format", "json"]) == 0
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["severity"], finding["kind"], finding["message"]) == (
        "info",
        "press-release",
        PRESS.format(
            what="media contacts",
            none="none",
            prints="no contact block",
            add="`contacts:`",
            known="they are",
        ),
    )
    spec.write_text(
        MINIMAL.read_text()
        + "audiences:\n  journalist:\n    contacts: [{name: Press office, email: p@example.org}]\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 0
    assert capsys.readouterr().err == ""  # checked as a whole, not as the press release
    assert main(["check", str(spec), "--audience", "journalist"]) == 0
    assert capsys.readouterr().err == (
        f"{spec}:7:5: audiences.journalist: info: "
        + PRESS.format(
            what="a date", none="none", prints="no date", add="`date:` (YYYY-MM-DD)", known="it is"
        )
        + "\n"
    )
    spec.write_text(spec.read_text() + "date: 2024-03-15\n", encoding="utf-8")
    assert main(["check", str(spec), "--all-audiences"]) == 0
    assert capsys.readouterr().err == ""
