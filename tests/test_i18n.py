"""Issue 11: every word briefing prints itself comes from the catalogue of the brief's language;
dates and numbers follow the language (CLDR); digits follow the template."""

from __future__ import annotations

import datetime
import re
import subprocess
import textwrap
import unicodedata

import pytest

from briefing.build import make, prepare
from briefing.cli import main
from briefing.design import i18n
from briefing.design.design import design_for
from briefing.spec.numbers import direction_of, share_words
from briefing.spec.numberwords import Direction

import pdfcheck

NBSP = "\u00a0"


# Catalogues -------------------------------------------------------------------------------------


def test_the_four_languages_are_shipped():
    assert i18n.shipped() == ("ar", "en", "es", "fr")


@pytest.mark.parametrize("code", ["ar", "es", "fr"])
def test_every_catalogue_has_every_english_key_and_nothing_else(code):
    english = i18n.load_catalogue("en")
    catalogue = i18n.load_catalogue(code)
    assert sorted(set(english) - set(catalogue)) == [], "missing"
    assert sorted(set(catalogue) - set(english)) == [], "not in English"


@pytest.mark.parametrize("code", ["ar", "es", "fr"])
def test_every_entry_fills_the_placeholders_english_fills(code):
    english = i18n.load_catalogue("en")
    catalogue = i18n.load_catalogue(code)
    wrong = {
        key: (sorted(i18n.placeholders(text)), sorted(i18n.placeholders(english[key])))
        for key, text in catalogue.items()
        if key in english and i18n.placeholders(text) != i18n.placeholders(english[key])
    }
    assert wrong == {}


@pytest.mark.parametrize(
    "code, same",
    [("ar", []), ("es", []), ("fr", ["headings.contacts", "headings.images", "charts.note"])],
)
def test_no_entry_is_empty_or_left_in_english(code, same):
    """Entries spelt as in English are only punctuation and placeholders, or words the two
    languages share."""
    english = i18n.load_catalogue("en")
    catalogue = i18n.load_catalogue(code)
    assert [key for key, text in catalogue.items() if not text.strip()] == []
    untranslated = [
        key
        for key, text in catalogue.items()
        if text == english[key] and re.search(r"[^\W\d_]", re.sub(r"\{[a-z_]+\}", "", text))
    ]
    assert untranslated == same


def test_a_catalogue_missing_a_key_is_caught(tmp_path, monkeypatch):
    """The completeness test above would fail for a catalogue that lacks an entry."""
    (tmp_path / "en.yaml").write_text("a: A {x}\nb:\n  c: C\n", encoding="utf-8")
    (tmp_path / "xx.yaml").write_text("a: B {y}\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.load_catalogue.cache_clear()
    try:
        english, other = i18n.load_catalogue("en"), i18n.load_catalogue("xx")
        assert set(english) - set(other) == {"b.c"}
        assert i18n.placeholders(other["a"]) != i18n.placeholders(english["a"])
    finally:
        i18n.load_catalogue.cache_clear()


@pytest.mark.parametrize("code", ["ar", "en", "es", "fr"])
def test_share_words_read_back_in_their_direction(code):
    """What a chart prints before a computed share reads, in the source check and in a figure's
    qualifier, as the direction it was printed for."""
    for direction in (Direction.ABOUT, Direction.BELOW, Direction.ABOVE):
        qualifier, _ = share_words(0.5, direction, language=code)
        assert direction_of(qualifier) is direction, (code, qualifier)


def test_arabic_catalogue_holds_arabic_headings_and_words():
    words = i18n.words("ar")
    assert words.say("headings.summary") == "الملخص التنفيذي"
    assert words.say("pages.number", number=1, total=2) == "الصفحة 1 من 2"
    assert words.join(["أ", "ب", "ج"]) == "أ وب وج"
    assert words.say("reported_headings.demands.many", organisations="منظمة العفو الدولية") == (
        "مطالب منظمة العفو الدولية"
    )
    assert all(
        any("\u0600" <= c <= "\u06ff" for c in text)
        for key, text in words.entries.items()
        if key.startswith(("headings.", "audience_headings.", "pages.", "shares."))
    )


def test_a_region_uses_its_language_and_right_to_left_languages_are_known():
    assert i18n.words("fr-CA").say("headings.findings") == "Constats"
    assert i18n.words("es-MX").code == "es"
    assert [
        i18n.text_direction(t) for t in ("ar", "ar-SY", "he", "fa-IR", "ur", "en-GB", "fr")
    ] == [
        "rtl",
        "rtl",
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
    ]


def test_an_unknown_language_prints_english():
    words = i18n.words("xx")
    assert words.code == "en"
    assert words.say("pages.number", number=1, total=2) == "Page 1 of 2"


def test_catalogue_text_is_escaped_in_markup_and_fields_are_not():
    words = i18n.Catalogue("en", "en", {"k": "A & B <{x}>"})
    assert words.say_markup("k", x="<b>y</b>") == "A &amp; B &lt;<b>y</b>&gt;"


def test_translated_from_names_the_original_language_in_the_brief_language():
    assert i18n.translated_from("en-GB", "en") == "Translated from English"
    assert i18n.translated_from("en-GB", "fr") == "Traduit de l’original anglais"
    assert i18n.translated_from("en", "es") == "Traducido del inglés"
    assert i18n.translated_from("en", "ar") == "مترجم عن الإنجليزية"


# Dates and digits -----------------------------------------------------------------------------

DAY = datetime.date(2017, 10, 17)


@pytest.mark.parametrize(
    "language, written",
    [
        ("en-GB", "17 October 2017"),
        ("en-US", "October 17, 2017"),
        ("fr", "17 octobre 2017"),
        ("fr-CH", "17 octobre 2017"),
        ("es", "17 de octubre de 2017"),
        ("ar", "17 أكتوبر 2017"),
        ("ar-SY", "17 تشرين الأول 2017"),
        ("de", "17. Oktober 2017"),
        ("xx", "October 17, 2017"),
        ("root", "October 17, 2017"),
    ],
)
def test_dates_follow_the_language(language, written):
    assert i18n.format_date(DAY, language) == written


def test_arabic_indic_digits_are_transliterated_where_the_template_asks():
    words = i18n.words("ar").with_digits("arabic-indic")
    assert words.date(DAY) == "١٧ أكتوبر ٢٠١٧"
    assert words.say("pages.number", number=12, total=30) == "الصفحة ١٢ من ٣٠"
    assert words.digitised("1,600.5 and 80%") == "١٬٦٠٠٫٥ and ٨٠٪"
    assert i18n.words("ar").date(DAY) == "17 أكتوبر 2017"


def test_arabic_indic_digits_keep_a_decimal_comma_a_decimal_mark():
    words = i18n.words("fr").with_digits("arabic-indic")
    assert words.digitised(f"1{NBSP}600,5") == f"١{NBSP}٦٠٠٫٥"


# A French brief -------------------------------------------------------------------------------

FRENCH = textwrap.dedent(
    """\
    title: Plus de 1 600 civils tués à Raqqa
    organisations: [Amnesty International, Airwars]
    publisher: Le projet briefing
    date: 2017-10-17
    dateline: Genève
    language: fr
    summary: >-
      La coalition a détruit l'essentiel de Raqqa, ancienne capitale du "califat"
      autoproclamé.
    figures:
      - {id: killed, qualifier: plus de, value: "1 600", label: civils tués, source: report}
      - {id: admitted, value: "159", label: morts reconnues, source: report}
    charts:
      - {kind: proportion, title: Part reconnue, part: admitted, whole: killed, source: report}
      - kind: bars
        title: Morts
        bars: [{label: Amnesty, value: 1600.5}, {label: Coalition, value: 159}]
        source: report
    findings:
    FINDINGS
    quotes:
      - text: Beaucoup de frappes n'étaient pas "précises"
        speaker: Donatella Rovera
        role: Amnesty International
        source: report
    demands:
      - {to: [les États-Unis, le Royaume-Uni, la France], text: Faire la transparence.}
      - {to: les forces de la coalition, text: Cesser de nier l'ampleur des morts.}
    sources:
      - {id: report, title: Rapport, publisher: Amnesty International}
    """
)
FINDING = (
    "  - heading: Constat {n}\n"
    "    sources: report\n"
    "    text: >-\n      "
    + "Des frappes aériennes imprécises ont tué des familles entières. " * 4
    + "\n"
)
ENGLISH_TOOL_WORDS = [
    "Executive summary",
    "Key figures",
    "Findings",
    "In their words",
    "What we ask",
    "ask",
    "Notes and sources",
    "The numbers",
    "Source:",
    "Page 1 of",
    " of ",
    "To ",
    " and ",
    "Briefing",
    "October",
    "findings by",
    "share computed",
    "less than",
    "about",
    '"',
]


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    folder = tmp_path_factory.mktemp("french")
    spec = folder / "note.yaml"
    findings = "".join(FINDING.format(n=n) for n in range(1, 4))
    spec.write_text(FRENCH.replace("FINDINGS\n", findings), encoding="utf-8")
    return {b.layout: b for b in make(spec, layouts=["one-page", "multi-page"], out_dir=folder)}


def test_a_french_brief_prints_french_words_dates_and_numbers(french):
    built = french["multi-page"]
    assert built.pages == 2
    pages = [page.extract_text() for page in pdfcheck.reader(built.path).pages]
    text = " ".join(" ".join(page.split()) for page in pages)
    for expected in [
        "Genève, le 17 octobre 2017",
        "Page 1 sur 2",
        "Page 2 sur 2",
        "LE PROJET BRIEFING · SELON AMNESTY INTERNATIONAL ET AIRWARS",
        "Résumé",
        "Chiffres clés",
        "Constats",
        "Témoignages",
        "Ce que demandent Amnesty International et Airwars",
        "Destinataires : les États-Unis, le Royaume-Uni et la France",
        "Destinataire : les forces de la coalition",
        "Notes et sources",
        "En chiffres",
        "moins de",
        "10 %",
        "159 sur plus de 1 600 civils tués (part calculée à partir de ces chiffres)",
        "Source : Amnesty International",
        "1 600,5",
        "l’essentiel",
        "n’étaient",
    ]:
        assert expected in text, expected
    for english in ENGLISH_TOOL_WORDS:
        assert english not in text, english


def test_french_quotation_marks_print_in_the_summary_and_the_quotes(french):
    """Straight quotes typed in the summary and in a quote print as « » (with no-break spaces
    inside, which the text layer gives as spaces: `test_typography` checks that they never
    break), and as “ ” inside the pull quote's own marks."""
    text = pdfcheck.text(french["multi-page"].path)
    assert "« califat »" in text
    assert "« Beaucoup de frappes n’étaient pas “précises” »" in text


def test_a_french_one_page_brief_has_a_french_footer(french):
    text = pdfcheck.text(french["one-page"].path)
    assert "Note d’information" in text
    assert "Genève, le 17 octobre 2017" in text
    for english in ENGLISH_TOOL_WORDS:
        assert english not in text, english


def test_the_french_outline_is_french(french):
    reader = pdfcheck.reader(french["multi-page"].path)
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles[:3] == ["Résumé", "Chiffres clés", "En chiffres"]
    assert "Ce que demandent Amnesty International et Airwars" in titles


# Headings -------------------------------------------------------------------------------------


def _design(tmp_path, body, audience=None, *, organisations="X"):
    spec = tmp_path / "spec.yaml"
    head = f"title: T\norganisations: {organisations}\nsummary: S\n"
    spec.write_text(head + body, encoding="utf-8")
    loaded, template = prepare(spec)
    return design_for(loaded, template, audience)


def test_an_arabic_brief_has_arabic_headings(tmp_path):
    design = _design(tmp_path, "language: ar\n", "journalist")
    assert design.title("summary") == "الخبر"
    assert design.title("findings") == "النتائج"
    assert design.document == "بيان صحفي"
    assert design.words.say("documents.general") == "إحاطة"


def test_a_template_title_wins_in_every_language_and_audience_titles_over_general(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "house.yaml").write_text(
        "layout:\n  titles: {summary: Overview, findings: What we found}\n"
        "audiences:\n  policymaker:\n    titles: {demands: Asks}\n",
        encoding="utf-8",
    )
    general = _design(tmp_path, "language: fr\ntemplate: house\n")
    assert (general.title("summary"), general.title("findings")) == ("Overview", "What we found")
    assert general.title("sources") == "Notes et sources"
    journalist = _design(tmp_path, "language: fr\ntemplate: house\n", "journalist")
    assert journalist.title("summary") == "L’essentiel"
    policymaker = _design(tmp_path, "language: fr\ntemplate: house\n", "policymaker")
    assert policymaker.title("demands") == "Asks"
    assert policymaker.title("methodology") == "Méthodologie"


def test_reported_headings_agree_with_one_organisation_or_more(tmp_path):
    one = _design(tmp_path, "language: fr\npublisher: P\n")
    assert one.title("demands") == "Ce que demande X"
    many = _design(tmp_path, "language: fr\npublisher: P\n", organisations="[X, Y]")
    assert many.title("methodology") == "Sur quoi s’appuient X et Y"


# An unknown language --------------------------------------------------------------------------


def test_an_unknown_language_warns_once_and_passes(tmp_path, capsys):
    spec = tmp_path / "spec.yaml"
    spec.write_text("title: T\norganisations: X\nsummary: S\nlanguage: xx\n", encoding="utf-8")
    i18n.forget_warnings()
    warning = (
        f"{spec}:4:11: language: warning: no words for language 'xx' yet; printing English "
        "(languages: ar, en, es, fr)\n"
    )
    assert main(["check", str(spec)]) == 0
    assert capsys.readouterr().err == warning
    i18n.forget_warnings()
    out = tmp_path / "out"
    assert main(["make", str(spec), "--all-audiences", "--out-dir", str(out)]) == 0
    assert capsys.readouterr().err == warning
    assert "Page 1 of 1" in pdfcheck.text(out / "spec-journalist-multi-page.pdf")


# An Arabic brief ------------------------------------------------------------------------------

ARABIC = textwrap.dedent(
    """\
    title: مقتل أكثر من 1600 مدني في الرقة
    organisations: [منظمة العفو الدولية, إيروورز]
    date: 2017-10-17
    dateline: بيروت
    language: ar
    summary: قتل أكثر من 1600 مدني في عاصمة "الخلافة" المزعومة.
    figures:
      - {value: "1600", qualifier: أكثر من, label: مدني قتلوا, source: report}
    findings:
      - {heading: غارات غير دقيقة, text: لم تكن الغارات دقيقة., sources: report}
    quotes:
      - {text: لم تكن "دقيقة", speaker: دوناتيلا روفيرا, source: report}
    demands:
      - {to: [الولايات المتحدة, المملكة المتحدة], text: الشفافية بشأن الضحايا.}
    sources:
      - {id: report, title: تقرير, publisher: منظمة العفو الدولية}
    """
)


def _copied(path):
    """The text `pdftotext` (poppler) copies out of the PDF at `path`, all pages, Arabic joined
    forms unjoined (NFKC), poppler's own bidirectional marks (U+202A to U+202E) removed."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub("[\u202a-\u202e]", "", unicodedata.normalize("NFKC", out))


def _copied_lines(path):
    """The words of each line of `_copied` (spaces, brackets and punctuation left out)."""
    lines = _copied(path).replace("\f", "\n").split("\n")
    return [_words(line) for line in lines if _words(line)]


def _words(text):
    return re.findall(r"[A-Za-z]+|\d+|[^\W\d_A-Za-z]+", unicodedata.normalize("NFKC", text))


def _drawn_lines(path):
    """Each line drawn on each page (glyphs on one baseline, left to right, read by pdfium),
    without spaces, joined forms unjoined."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    lines = []
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        rows = {}
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(text.raw, i, x, y)
                left, _, right, _ = text.get_charbox(i, loose=True)
                rows.setdefault(round(y.value), []).append((left + right, char))
        lines += [_unjoined("".join(c for _, c in sorted(row))) for row in rows.values()]
    return lines


def _unjoined(text):
    """`text` without spaces, joined forms unjoined, and a lam and an alef side by side read as
    one (pdfium gives the two letters of the lam-alef ligature either way)."""
    plain = unicodedata.normalize("NFKC", "".join(c for c in text if not c.isspace()))
    return re.sub("ل([اأإآ])|([اأإآ])ل", lambda m: "§" + (m.group(1) or m.group(2)), plain)


_SAME_QUOTE = str.maketrans("\u201c\u201d", "\u201c\u201c")


def _shown(typed):
    """How python-bidi displays the line `typed`, left to right, as `_drawn_lines` reads it:
    pdfium turns “ and ” round in right-to-left text, python-bidi does not (neither is mirrored
    in Unicode), so the two read as one; `pdftotext` checks which is which."""
    from bidi import get_display

    from briefing.design import bidi

    return _unjoined(get_display(bidi.reshape(typed), base_dir="R")).translate(_SAME_QUOTE)


def test_an_arabic_brief_prints_arabic_words_dates_and_marks(tmp_path):
    """Each line is drawn as python-bidi orders it (pdfium's glyphs) and copied with its words
    in typing order (poppler's pdftotext)."""
    spec = tmp_path / "ar.yaml"
    spec.write_text(ARABIC, encoding="utf-8")
    built = {b.layout: b for b in make(spec, out_dir=tmp_path)}
    drawn, copied = _drawn_lines(built["multi-page"].path), _copied_lines(built["multi-page"].path)
    for expected in [
        "إحاطة · بيروت، 17 أكتوبر 2017",
        "الملخص التنفيذي",
        "أرقام رئيسية",
        "النتائج",
        "بلسانهم",
        "مطالبنا",
        "إلى الولايات المتحدة والمملكة المتحدة",
        "الهوامش والمصادر",
        "قتل أكثر من 1600 مدني في عاصمة «الخلافة» المزعومة.",
        "«لم تكن \u201dدقيقة\u201c»",
    ]:
        assert _shown(expected) in [line.translate(_SAME_QUOTE) for line in drawn], expected
        assert _words(expected) in copied, expected
    assert "لم تكن \u201dدقيقة\u201c" in _copied(built["multi-page"].path)
    assert _shown("مطالبنا") in _drawn_lines(built["one-page"].path)
    assert ["مطالبنا"] in _copied_lines(built["one-page"].path)
    text = " ".join(" ".join(words) for words in copied) + pdfcheck.text(built["multi-page"].path)
    for english in ENGLISH_TOOL_WORDS:
        assert english not in text, english


def test_a_catalogue_lists_what_it_may_print_for_the_glyph_check():
    printed = i18n.words("fr").printed()
    assert {"É", "’", "«", "»", NBSP, "0"} <= set(printed) and "{" not in printed
    arabic = i18n.words("ar").with_digits("arabic-indic").printed()
    assert {"ا", "،", "٠", "٩", "٫", "٬", "٪"} <= set(arabic) and "0" not in arabic


def test_a_language_without_words_gets_english_dates(tmp_path):
    """Found by an attack run: `language: he` printed the month in Hebrew letters the fonts
    lack (boxes), though the rest of the brief falls back to English."""
    from briefing.build import make

    spec = tmp_path / "brief.yaml"
    spec.write_text(
        "title: T\norganisations: X\nsummary: S\ndate: 2017-10-17\ndateline: City\nlanguage: he\n",
        encoding="utf-8",
    )
    for built in make(spec, out_dir=tmp_path / "out"):
        assert "City, 17 October 2017" in pdfcheck.text(built.path)
