"""Spec text prints as typed; only the documented inline markup is interpreted."""

from __future__ import annotations

import pytest

from briefing.spec.markup import link_problems, to_paragraph, to_plain

import pdfcheck


@pytest.mark.parametrize(
    "raw, markup",
    [
        ("AT&T", "AT&amp;T"),
        ("R&D;", "R&amp;D;"),
        ("a<b", "a&lt;b"),
        ("<b>unclosed", "&lt;b&gt;unclosed"),
        ('<img src="/etc/passwd"/>', '&lt;img src="/etc/passwd"/&gt;'),
        ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'),
        (
            "<font color=\"[[[getattr(pow, Word('__globals__'))]]]\">x</font>",
            "&lt;font color=\"[[[getattr(pow, Word('__globals__'))]]]\"&gt;x&lt;/font&gt;",
        ),
        ("**bold** and *italic*", "<b>bold</b> and <i>italic</i>"),
        ("**unclosed bold", "**unclosed bold"),
        ("**a *b** c*", "**a <i>b** c</i>"),
        (r"a \*literal\* star", "a *literal* star"),
        (
            "[site](https://example.org/?a=1&b=2)",
            '<a href="https://example.org/?a=1&amp;b=2" color="#1a4f8b">site</a>',
        ),
        (
            "[mail](mailto:press@example.org)",
            '<a href="mailto:press@example.org" color="#1a4f8b">mail</a>',
        ),
        ("[bad](javascript:alert)", "[bad](javascript:alert)"),
        ("[file](file:///etc/passwd)", "[file](file:///etc/passwd)"),
    ],
)
def test_to_paragraph(raw, markup):
    assert to_paragraph(raw) == markup


def test_link_problems_name_the_target():
    assert link_problems("[x](file:///etc/passwd) and [y](https://ok.org)") == [
        "link target 'file:///etc/passwd' is not allowed; links must start with http://, "
        "https:// or mailto:"
    ]


def test_to_plain_drops_markers_and_keeps_text():
    assert to_plain("**Twelve** & [the report](https://e.org) <b>") == "Twelve & the report <b>"


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_special_characters_print_as_typed(full_pdfs, layout):
    text = pdfcheck.text(full_pdfs[layout].path)
    assert "destroyed in three districts & nobody <held> to account" in text
    assert "AT&T, R&D; and a<b print as typed" in text
    # Printed literally, with the language's quotation marks like any other text.
    assert "<img src=“/etc/passwd”/> stays text" in text


@pytest.mark.parametrize("layout", ["one-page", "multi-page"])
def test_markup_links_and_mailto_are_clickable(full_pdfs, layout):
    uris = {link.uri for link in pdfcheck.links(full_pdfs[layout].path) if link.uri}
    assert "https://example.org/report?a=1&b=2" in uris
    assert "https://example.org/report" in uris
    assert "mailto:press@example.org" in uris


def test_bold_and_italic_markup_use_the_bold_and_italic_faces(full_pdfs):
    fonts = pdfcheck.fonts(full_pdfs["one-page"].path)
    assert {"NotoSerif-Bold", "NotoSerif-Italic"} <= set(fonts)


def test_full_spec_shows_every_block(full_pdfs):
    text = pdfcheck.text(full_pdfs["multi-page"].path)
    for phrase in [
        "Geneva, March 15, 2024",  # full.yaml is en-US: CLDR's date for it
        "Example Rights Watch",
        "Field Monitors Network",
        "at least 3",
        "40%",
        "Attacks on water points",
        "We walk four hours for water",
        "Asked about repairs, the official said:",
        "there is no budget",
        "To the Ministry of Water and the District Council",
        "To Donor governments",
        "press@example.org",
        "+41 22 000 00 00",
        "Water under fire",
        "Household water survey",
    ]:
        assert phrase in text, phrase
    assert pdfcheck.reader(full_pdfs["multi-page"].path).trailer["/Root"]["/Lang"] == "en-US"


CVE_2023_33733 = (
    "<font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch /tmp/briefing-cve') "
    "for Word in [orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: "
    "False, '__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, "
    "'mutate': lambda self: {setattr(self, 'mutated', self.mutated - 1)}, '__hash__': lambda "
    "self: hash(str(self)) })] ] for orgTypeFun in [type(type(1))] ] and 'red'\">exploit</font>"
)


def test_cve_2023_33733_payload_prints_literally_and_runs_nothing(tmp_path):
    from pathlib import Path

    import yaml

    from briefing.build import make

    marker = Path("/tmp/briefing-cve")
    marker.unlink(missing_ok=True)
    spec = tmp_path / "cve.yaml"
    spec.write_text(yaml.safe_dump({"title": "T", "organisations": "X", "summary": CVE_2023_33733}))
    for built in make(spec, out_dir=tmp_path):
        text = pdfcheck.text(built.path)
        typed = text.replace(" ", "").replace("‘", "'").replace("’", "'")
        assert "getattr(pow,Word('__globals__'))" in typed
        assert "<font color=" in text and "exploit</font>" in text
    assert not marker.exists()
