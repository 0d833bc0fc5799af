"""The HTML brief (`htmlout.py`), read back with the standard library's parser: the Raqqa brief in
every audience and language has its language and direction, one `h1`, an `h2` per block in
order, every quote whole in a blockquote, demands in ordered lists, every key figure, charts as
named SVG images with a data table, links that resolve; hostile spec text stays text; the same
brief gives the same bytes."""

from __future__ import annotations

import base64
import io
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from PIL import Image

from briefing.build import Request, build, plan, prepare
from briefing.cli import main
from briefing.design.i18n import load_catalogue
from briefing.design.theme import DEFAULT_COLORS
from briefing.model.model import Brief, ChartData, DemandGroup, KeyFigure, QuoteItem
from briefing.model.resolve import resolve
from briefing.outputs.htmlcharts import numbers_in, share
from briefing.outputs.htmlimages import data_uri
from briefing.outputs.htmlstyle import contrast, legible

from conftest import RAQQA, SPECS

HOSTILE_CASES = SPECS.parent / "hostile"

LANGUAGES = {
    "en": RAQQA,
    "fr": RAQQA.with_name("raqqa.fr.yaml"),
    "ar": RAQQA.with_name("raqqa.ar.yaml"),
}
AUDIENCES = (None, "journalist", "advocate", "policymaker")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def all(self, tag: str) -> list[Element]:
        found = [self] if self.tag == tag else []
        for child in self.children:
            found += child.all(tag)
        return found

    @property
    def flat(self) -> str:
        return " ".join(self.text.split())


class Tree(HTMLParser):
    """An HTML document as nested elements, each with all the text inside it."""

    VOID = {"meta", "br", "img", "rect", "link", "input", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.open[-1].tag == tag, (tag, self.open[-1].tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def briefs_of(path, tmp_path_factory) -> dict[str | None, tuple[Brief, str]]:
    """Each audience's resolved brief and its HTML file's text, built by `make`."""
    loaded, tpl = prepare(path)
    out = tmp_path_factory.mktemp("html")
    request = Request(audiences=AUDIENCES, formats=("html",), out_dir=out)
    work = plan(loaded, tpl, request)
    built = {b.audience: b.path for b in build(loaded, tpl, request)}
    return {
        audience: (
            resolve(work.views[audience], work.designs[audience]),
            built[audience].read_text(encoding="utf-8"),
        )
        for audience in AUDIENCES
    }


@pytest.fixture(scope="module")
def raqqa_html(tmp_path_factory):
    return {
        (language, audience): made
        for language, path in LANGUAGES.items()
        for audience, made in briefs_of(path, tmp_path_factory).items()
    }


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_html_brief_holds_every_part_of_the_brief(raqqa_html, language, audience):
    brief, html = raqqa_html[(language, audience)]
    tree = Tree(html).root
    (root,) = tree.all("html")
    assert root.attrs == {"lang": brief.language, "dir": brief.direction}
    assert brief.direction == ("rtl" if language == "ar" else "ltr")
    assert [t.flat for t in tree.all("head")[0].all("title")] == [flat(brief.title.headline)]
    assert [h.flat for h in tree.all("h1")] == [flat(brief.title.headline)]
    (main_element,) = tree.all("main")
    assert main_element.all("header")[0].all("h1")
    assert [h.flat for h in tree.all("h2")] == [flat(b.heading) for b in brief.blocks if b.heading]
    parts = [p for b in brief.blocks for p in b.parts]
    quotes = [q.flat for q in tree.all("blockquote")]
    assert quotes == [flat(p.text) for p in parts if isinstance(p, QuoteItem)]
    captions = [c.flat for c in tree.all("figcaption")]
    for quote in (p for p in parts if isinstance(p, QuoteItem)):
        assert any(caption.startswith(flat(quote.attribution)) for caption in captions)
    demands = {
        li.attrs["value"]: li.flat
        for ol in tree.all("ol")
        for li in ol.all("li")
        if "value" in li.attrs and "id" not in li.attrs
    }
    numbered = [(n, t) for p in parts if isinstance(p, DemandGroup) for n, t in p.items]
    assert any(isinstance(p, DemandGroup) for p in parts)
    for number, text in numbered:
        assert demands[str(number)] == flat(text.plain)
    headings = [h.flat for h in tree.all("h3")]
    for group in (p for p in parts if isinstance(p, DemandGroup)):
        assert flat(group.addressees) in headings
    figures = {d.flat for dl in tree.all("dl") for d in dl.all("dd")}
    for figure in (p for p in parts if isinstance(p, KeyFigure)):
        assert flat(figure.shown) in figures
    charts = [p for p in parts if isinstance(p, ChartData)]
    svgs = tree.all("svg")
    assert len(svgs) == len(charts) == len(tree.all("table")) > 0
    for chart, svg, table in zip(charts, svgs, tree.all("table"), strict=True):
        assert svg.attrs["role"] == "img"
        assert svg.attrs["aria-label"] == chart.alt
        assert all(value in svg.attrs["aria-label"] for _, value in chart.values)
        assert [t.flat for t in svg.all("title")] == [flat(chart.alt)]
        assert [c.flat for c in table.all("caption")] == [flat(chart.title)]
        cells = [td.flat for td in table.all("td")]
        assert cells == [flat(value) for _, value in chart.values]
        assert {th.attrs["scope"] for th in table.all("th")} == {"col", "row"}
    assert not tree.all("script")


@pytest.mark.parametrize("spec", ["raqqa", "full"])
def test_every_link_in_the_page_resolves_and_every_note_links_back(
    raqqa_html, tmp_path_factory, spec
):
    made = (
        raqqa_html.values()
        if spec == "raqqa"
        else briefs_of(SPECS / "full.yaml", tmp_path_factory).values()
    )
    for _, html in made:
        tree = Tree(html).root
        ids = [e.attrs["id"] for e in _every(tree) if "id" in e.attrs]
        assert len(ids) == len(set(ids))
        links = [a.attrs["href"] for a in tree.all("a")]
        inner = [href[1:] for href in links if href.startswith("#")]
        assert inner and set(inner) <= set(ids)
        assert all(h.startswith(("#", "http://", "https://", "mailto:")) for h in links)
        assert all(a.flat for a in tree.all("a")), "every link has visible text"
        notes = [li for ol in tree.all("ol") for li in ol.all("li") if "id" in li.attrs]
        assert notes
        for note in notes:
            backs = [a.attrs["href"][1:] for a in note.all("a") if a.flat.startswith("↩")]
            assert backs, note.attrs["id"]
            for back in backs:
                (cite,) = [a for a in tree.all("a") if a.attrs.get("id") == back]
                assert cite.attrs["href"] == "#" + note.attrs["id"]


def _every(element: Element):
    yield element
    for child in element.children:
        yield from _every(child)


HOSTILE = """\
title: 'Headline <script>alert(1)</script>'
organisations: '"><img src=x onerror=alert(2)>'
summary: 'See [the report](javascript:alert(3)) and [ours](https://example.org/a"b) <b>x</b>
  "><img src=x onerror=alert(2)>.'
figures:
  - value: 12
    label: '<svg onload=alert(4)> people'
quotes:
  - text: '</blockquote><script>alert(5)</script>'
    speaker: "A' onmouseover='alert(6)"
"""


def test_hostile_spec_text_is_printed_as_text(tmp_path):
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE, encoding="utf-8")
    assert main(["make", str(spec), "--format", "html", "--out-dir", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "hostile.html").read_text(encoding="utf-8")
    tree = Tree(html).root
    assert not tree.all("script") and not tree.all("img") and not tree.all("b")
    assert len(tree.all("svg")) == 0 and len(tree.all("blockquote")) == 1
    for element in _every(tree):
        assert not any(name.startswith("on") for name in element.attrs), element
    assert "javascript:" not in " ".join(a.attrs["href"] for a in tree.all("a"))
    assert [h.flat for h in tree.all("h1")] == ["Headline <script>alert(1)</script>"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x onerror=alert(2)>" in tree.flat
    assert "<svg onload=alert(4)> people" in tree.flat
    (quote,) = tree.all("blockquote")
    assert "</blockquote><script>alert(5)</script>" in quote.flat
    assert "A’ onmouseover=‘alert(6)" in tree.flat
    assert "https://example.org/a&quot;b" in html


def test_the_same_brief_gives_the_same_bytes(tmp_path):
    for n in (1, 2):
        assert (
            main(
                [
                    "make",
                    str(RAQQA.with_name("raqqa.ar.yaml")),
                    "--format",
                    "html",
                    "--audience",
                    "journalist",
                    "--out-dir",
                    str(tmp_path / str(n)),
                ]
            )
            == 0
        )
    first, second = ((tmp_path / str(n) / "raqqa.ar-journalist.html").read_bytes() for n in (1, 2))
    assert first == second


def test_template_colours_are_darkened_to_read_at_aa_contrast():
    pale = legible({"accent": "#ff9999", "link": "#88aaff", "muted": "#aaaaaa", "tint": "#777777"})
    assert contrast(pale["tint"], "#000000") >= 7
    for name in ("ink", "muted", "accent", "link"):
        assert contrast(pale[name], pale["tint"]) >= 4.5, name
        assert contrast(pale[name], "#ffffff") >= 4.5, name
    assert legible({"accent": "#a3161a"})["accent"] == "#a3161a"
    assert legible({"accent": "red; } body { x"})["accent"] == "#a3161a"


@pytest.mark.parametrize(
    ("printed", "numbers"),
    [
        ("more than 1,600", [1600]),
        ("plus de 1\u202f600", [1600]),
        ("أكثر من ١٬٦٠٠", [1600]),
        ("more than 2 million", [2_000_000]),
        ("1600 in 2017", [1600, 2017]),
        ("3.5", [3.5]),
    ],
)
def test_numbers_are_read_back_from_printed_values(printed, numbers):
    assert numbers_in(printed) == numbers


def test_a_proportion_is_read_from_its_sentence():
    assert share("nearly 80% of the city") == 0.8
    assert share("12 of 30 water points surveyed") == 0.4
    assert share("près de 80 % de la ville") == 0.8
    assert share("no number") is None


@pytest.fixture(scope="module")
def full_html(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("full")
    assert main(["make", str(SPECS / "full.yaml"), "--format", "html", "--out-dir", str(out)]) == 0
    return (out / "full.html").read_text(encoding="utf-8")


def test_images_and_the_logo_are_embedded_and_nothing_may_be_fetched(full_html):
    tree = Tree(full_html).root
    (policy,) = [m for m in tree.all("meta") if m.attrs.get("http-equiv")]
    assert policy.attrs == {
        "http-equiv": "Content-Security-Policy",
        "content": "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    }
    images = tree.all("img")
    assert [(i.attrs["alt"], i.attrs["src"].split(",")[0]) for i in images] == [
        ("", "data:image/png;base64"),
        (
            "Map of the three districts with the four destroyed water points marked in red.",
            "data:image/png;base64",
        ),
        ("The Field Monitors Network badge.", "data:image/svg+xml;base64"),
    ]
    logo, bitmap, drawing = (base64.b64decode(i.attrs["src"].split(",", 1)[1]) for i in images)
    assert logo == (SPECS / "assets" / "example-logo.png").read_bytes()
    assert bitmap == (SPECS / "assets" / "example-map.png").read_bytes()
    svg = drawing.decode("utf-8")
    assert svg.startswith("<svg ") and "Field Monitors" in svg
    assert not re.search(r"<!DOCTYPE|<script|https?://(?!www\.w3\.org/)|href=", svg), svg
    assert [(i.attrs["width"], i.attrs["height"]) for i in images[1:]] == [
        ("400", "240"),
        ("180", "60"),
    ]


def test_an_svg_is_embedded_as_its_checked_drawing_with_its_pictures_inside(tmp_path):
    """An SVG's own `<image>` names a file: the HTML holds the picture itself, never the name,
    nor the script, handler and `javascript:` link the file carries (tests/hostile)."""
    case = tmp_path / "case"
    shutil.copytree(HOSTILE_CASES / "html-svg-script", case)
    assert main(["make", str(case / "spec.yaml"), "--format", "html", "--out-dir", str(case)]) == 0
    html = (case / "spec.html").read_text(encoding="utf-8")
    (image,) = Tree(html).root.all("img")
    svg = base64.b64decode(image.attrs["src"].split(",", 1)[1]).decode("utf-8")
    assert "dot.png" not in html and "dot.png" not in svg
    assert not re.search(r"alert|script|onload|javascript|127\.0\.0\.1|Helvetica", svg), svg
    (picture,) = re.findall(r'href="data:image/png;base64,([^"]+)"', svg)
    assert Image.open(io.BytesIO(base64.b64decode(picture))).size == (6, 4)
    assert "fill: rgb(94%,93%,91%)" in svg
    assert "font-family: sans-serif;" in svg and ">Badge</text>" in svg


def test_an_image_changed_since_it_was_checked_is_not_embedded(tmp_path):
    from briefing.spec.assets import AssetError, load_image

    path = tmp_path / "a.png"
    Image.new("RGB", (4, 3), "red").save(path)
    checked = load_image("a.png", spec_path=tmp_path / "s.yaml", root=tmp_path)
    assert data_uri(checked).startswith("data:image/png;base64,")
    Image.new("RGB", (5, 3), "red").save(path)
    with pytest.raises(AssetError) as caught:
        data_uri(checked)
    assert str(caught.value) == "'a.png' has changed since it was checked"
    path.write_bytes(b"GIF89a")
    with pytest.raises(AssetError) as caught:
        data_uri(checked)
    assert str(caught.value) == "'a.png' is not a PNG, JPEG or SVG image"


def test_grouped_bars_have_a_colour_per_series_a_legend_and_their_table(full_html):
    tree = Tree(full_html).root
    (figure,) = [
        f for f in tree.all("figure") if f.all("ul") and "Water points by district" in f.flat
    ]
    palette = legible(DEFAULT_COLORS)
    colours = [palette["series0"], palette["series1"]]
    assert colours == ["#a3161a", "#939393"]
    (svg,) = figure.all("svg")
    assert [r.attrs["fill"] for r in svg.all("rect")] == colours * 3
    (legend,) = figure.all("ul")
    assert [li.flat for li in legend.all("li")] == ["Working", "Destroyed"]
    assert [s.attrs["style"] for s in legend.all("span")] == [f"background: {c}" for c in colours]
    assert [th.flat for th in figure.all("th")][2:] == [
        f"{c}: {s}" for c in ("North", "Centre", "South") for s in ("Working", "Destroyed")
    ]
    pale = legible({"secondary": "#eeeeee", "rule": "#ffffff"})
    assert all(contrast(pale[f"series{n}"], "#ffffff") >= 3 for n in range(4))


ENGLISH_WORDS = {
    key: re.compile(
        r"\b"
        + re.sub(
            r"\\\{(number|url)\\\}",
            lambda m: r"\d+" if m[1] == "number" else r"\S+",
            re.escape(entry),
        )
        + r"\b"
    )
    for key, entry in load_catalogue("en").items()
    if key.startswith(("alt.", "html.")) and re.search(r"[A-Za-z]", re.sub(r"\{\w+\}", "", entry))
}
"""What the HTML and the alt text say themselves, in English (a number or an address where the
entry has a placeholder); entries of punctuation alone (`; `) are no language's."""


def english_in(text: str) -> list[str]:
    return [key for key, pattern in ENGLISH_WORDS.items() if pattern.search(text)]


def test_the_french_html_says_its_own_words_in_french(raqqa_html):
    assert english_in("Note 3, Back to the text 2, QR code: https://x.org/") == [
        "alt.qr",
        "html.note",
        "html.back",
        "html.back_numbered",
    ]
    for audience in AUDIENCES:
        _, html = raqqa_html["fr", audience]
        assert english_in(html) == [], audience
    _, html = raqqa_html["fr", None]
    assert 'aria-label="Voir la note 1"' in html and "Diagramme en barres : documentés" in html
    assert '<th scope="col">Élément</th><th scope="col">Nombre</th>' in html


def test_the_arabic_pdf_describes_its_figures_in_arabic(tmp_path):
    import pikepdf

    spec = RAQQA.with_name("raqqa.ar.yaml")
    argv = ["make", str(spec), "--layout", "one-page", "--out-dir", str(tmp_path)]
    assert main(argv) == 0
    with pikepdf.open(tmp_path / "raqqa.ar-one-page.pdf") as pdf:
        alts = [
            str(o["/Alt"])
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure" and "/Alt" in o
        ]
    assert any("رسم بياني بالأعمدة: " in alt for alt in alts), alts
    assert any("نسبة: " in alt for alt in alts), alts
    for alt in alts:
        assert english_in(alt) == [], alt


def test_a_brief_with_images_gives_the_same_bytes(tmp_path, full_html):
    argv = ["make", str(SPECS / "full.yaml"), "--format", "html", "--out-dir", str(tmp_path)]
    assert main(argv) == 0
    assert (tmp_path / "full.html").read_text(encoding="utf-8") == full_html


NOTE_WORDS = {"en": "note {}", "fr": "note {}", "ar": "الهامش {}"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_chart_source_names_its_note_once_and_the_name_is_the_link(raqqa_html, language):
    """`Source: Amnesty International with Airwars (note 1)` was followed by a mark 1 that
    cited note 1 a second time: the words "note 1" are now the link to the note."""
    brief, html = raqqa_html[language, None]
    charts = [p for b in brief.blocks for p in b.parts if isinstance(p, ChartData)]
    figures = [f for f in Tree(html).root.all("figure") if f.attrs.get("class") == "chart-figure"]
    assert len(figures) == len(charts) == 2
    for chart, figure in zip(charts, figures, strict=True):
        (caption,) = figure.all("figcaption")
        (number,) = chart.notes
        assert not caption.all("sup")
        (link,) = caption.all("a")
        assert link.attrs["href"] == f"#note-{number}"
        assert link.flat == NOTE_WORDS[language].format(number)
        assert caption.flat.endswith(flat(f"{chart.source}"))
        assert chart.source and chart.source.endswith(f"({link.flat})")
