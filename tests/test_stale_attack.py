"""Attacks on the caches that serve work from one build to the next in one process (issue 15):
build A, then B, in this process (whose caches earlier tests have filled too), and compare B's
bytes with B built in a process that built nothing before (`_Fresh`: forked from a process that
only imported briefing). A kept block, fit, line count, number, string, width, template, font
or image served stale shows as a byte that differs. A watch session's messages after an edit
must name the line and column the fresh load names."""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefing
from briefing.build import Request
from briefing.watch.session import Session

from conftest import ROOT, SPECS

MERGE = SPECS / "merge" / "brief.yaml"
EXAMPLE_NGO = ROOT / "briefs" / "templates" / "example-ngo.yaml"

_FORKER = r"""
import base64, json, os, sys
import briefing, briefing.errors

for line in sys.stdin:
    job = json.loads(line)
    if os.fork() == 0:
        try:
            brief = briefing.load(job["spec"], **job["load"])
            files = brief.render(job["row"], name=job["name"])
            out = {k: base64.b64encode(v).decode() for k, v in files.items()}
        except briefing.errors.BriefingError as err:
            out = {"lines": err.lines()}
        except Exception as err:
            out = {"error": f"{type(err).__name__}: {err}"}
        with open(job["out"] + ".part", "w") as answer:
            json.dump(out, answer)
        os.replace(job["out"] + ".part", job["out"])
        os._exit(0)
    while os.waitpid(-1, os.WNOHANG)[0] > 0:
        pass
"""

Outcome = tuple[list[str], dict[str, bytes]]
"""The error lines of a build (or none) and the files it built."""


class _Fresh:
    """Builds in processes that built nothing before: each job in a child forked from one
    process that has only imported briefing. A job reads its files when submitted, and runs
    while this process builds."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._jobs = 0
        self._process = subprocess.Popen(
            [sys.executable, "-c", _FORKER], stdin=subprocess.PIPE, text=True, cwd=ROOT
        )

    def submit(
        self,
        spec: Path,
        row: Mapping[str, str] | None = None,
        *,
        name: str | None = None,
        **load: Any,
    ) -> Callable[[], Outcome]:
        """Start building `spec` (as `briefing.load(spec, **load).render(row, name=name)`);
        the outcome, when called."""
        assert self._process.stdin is not None
        self._jobs += 1
        out = self._folder / f"{self._jobs}.json"
        job = {"spec": str(spec), "load": load, "row": row, "name": name, "out": str(out)}
        self._process.stdin.write(json.dumps(job) + "\n")
        self._process.stdin.flush()

        def outcome() -> Outcome:
            deadline = time.monotonic() + 120
            while not out.exists():
                assert time.monotonic() < deadline, f"no answer for {job}"
                time.sleep(0.01)
            answer: dict[str, Any] = json.loads(out.read_text())
            assert "error" not in answer, answer
            if "lines" in answer:
                return list(answer["lines"]), {}
            return [], {k: base64.b64decode(v) for k, v in answer.items()}

        return outcome

    def outcome(
        self,
        spec: Path,
        row: Mapping[str, str] | None = None,
        *,
        name: str | None = None,
        **load: Any,
    ) -> Outcome:
        """The error lines a fresh process reports for `spec`, or (none) the files it builds."""
        return self.submit(spec, row, name=name, **load)()

    def render(
        self,
        spec: Path,
        row: Mapping[str, str] | None = None,
        *,
        name: str | None = None,
        **load: Any,
    ) -> dict[str, bytes]:
        """The files of `spec` as a fresh process builds them."""
        return _files(self.outcome(spec, row, name=name, **load))

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=60)


def _files(outcome: Outcome) -> dict[str, bytes]:
    errors, files = outcome
    assert errors == [], errors
    return files


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Fresh]:
    forker = _Fresh(tmp_path_factory.mktemp("fresh"))
    yield forker
    forker.close()


def here(
    spec: Path, row: Mapping[str, str] | None = None, *, name: str | None = None, **load: Any
) -> dict[str, bytes]:
    """The files of `spec` built in this process, after whatever it built before."""
    return briefing.load(spec, **load).render(row, name=name)


def assert_same(built: Mapping[str, bytes], expected: Mapping[str, bytes], what: str = "") -> None:
    """The files built here are those a fresh process builds, byte for byte."""
    assert sorted(built) == sorted(expected), what
    stale = [name for name in sorted(built) if built[name] != expected[name]]
    assert stale == [], f"{what}: served stale: {stale}"


# Fixed: a replacement whose modification time is put back (cp -p, rsync -t, a restore) was
# served stale by every cache keyed on size and mtime; stamps now hold the change time and
# inode too (briefing/filestamp.py).
# Fixed: a font rewritten within one tick of a coarse clock kept the old face; a recent
# file's stamp now holds a digest of its bytes (filestamp).


def _replaced(path: Path, *, stamp: str, was: int) -> None:
    """Give the replaced file `path` (whose time was `was`, in ns) its new time: later, now
    (just saved), the same (put back), or the same within the tick it was written in."""
    if stamp == "newer":
        os.utime(path, ns=(was + 10**10, was + 10**10))
    elif stamp != "just saved":
        os.utime(path, ns=(was, was))


def _settle(*paths: Path, at: float | None = None) -> float:
    """Date the files well in the past (older than every cache's settling time)."""
    when = time.time() - 60 if at is None else at
    for path in paths:
        os.utime(path, (when, when))
    return when


ROW = {
    "name": "Ana Lima",
    "title": "Minister",
    "organisation": "Ministry of Foreign Affairs",
    "country": "Brazil",
    "ask": "Raise the attacks at the Human Rights Council.",
}


def test_merge_recipients_of_the_same_length_in_any_order(fresh: _Fresh) -> None:
    """Names that change a letter and break the same, an ask that changes one word of the same
    width, the same recipient again after others: each brief is its own."""
    rows = [
        ROW,
        {**ROW, "name": "Ana Lime"},
        {**ROW, "name": "Ina Lima", "country": "Brasil"},
        {**ROW, "ask": "Raise the attacks at the Human Rights Councal."},
        {**ROW, "name": "Ana Lime"},
        ROW,
    ]
    layouts = ["one-page", "multi-page"]
    expected = {i: fresh.submit(MERGE, rows[i], name=f"r{i}", layouts=layouts) for i in (1, 3, 5)}
    brief = briefing.load(MERGE, layouts=layouts)
    built = [brief.render(row, name=f"r{i}") for i, row in enumerate(rows)]
    for i, outcome in expected.items():
        assert_same(built[i], _files(outcome()), rows[i]["name"])


def test_merge_audiences_between_recipients(fresh: _Fresh) -> None:
    """Another audience's briefs built between two recipients of one audience."""
    lime = {**ROW, "name": "Ana Lime"}
    first = fresh.submit(MERGE, lime, name="c", layouts=["one-page"])
    second = fresh.submit(MERGE, ROW, name="d", layouts=["one-page"], all_audiences=True)
    general = briefing.load(MERGE, layouts=["one-page"])
    every = briefing.load(MERGE, layouts=["one-page"], all_audiences=True)
    general.render(ROW, name="a")
    every.render(lime, name="b")
    assert_same(general.render(lime, name="c"), _files(first()))
    assert_same(every.render(ROW, name="d"), _files(second()))


def _png(path: Path, colour: tuple[int, int, int]) -> None:
    """A 60x40 PNG of one colour, stored uncompressed: every colour gives a file of one size."""
    from PIL import Image

    Image.new("RGB", (60, 40), colour).save(path, compress_level=0)


PICTURED = """title: A brief with a picture
organisations: Example Rights Watch
logo: logo.png
summary: One paragraph about the districts and their water points.
images:
  - path: map.png
    alt: A map of the districts.
    caption: The districts.
"""


@pytest.mark.parametrize(
    ("picture", "stamp"),
    [
        ("map.png", "newer"),
        ("map.png", "just saved"),
        ("logo.png", "newer"),
        ("logo.png", "put back"),
        pytest.param(
            "map.png",
            "put back",
        ),
    ],
)
def test_picture_replaced(tmp_path: Path, fresh: _Fresh, picture: str, stamp: str) -> None:
    """An image or logo replaced by another of the same size in bytes and pixels: with a newer
    time (any edit), and with its time put back (`cp -p`, a restore, an rsync)."""
    spec = tmp_path / "brief.yaml"
    spec.write_text(PICTURED)
    for name in ("map.png", "logo.png"):
        _png(tmp_path / name, (200, 30, 30))
    _settle(spec, tmp_path / "map.png", tmp_path / "logo.png")
    before = here(spec, layouts=["one-page", "multi-page"])
    was = (tmp_path / picture).stat()
    _png(tmp_path / picture, (30, 30, 200))
    assert (tmp_path / picture).stat().st_size == was.st_size
    _replaced(tmp_path / picture, stamp=stamp, was=was.st_mtime_ns)
    after = here(spec, layouts=["one-page", "multi-page"])
    expected = fresh.render(spec, layouts=["one-page", "multi-page"])
    assert after != before
    assert_same(after, expected)


LATO = ROOT / "assets" / "example-ngo" / "fonts"
FACES = """
    regular: fonts/Lato-Regular.ttf
    bold: fonts/Lato-Bold.ttf
    italic: fonts/Lato-Italic.ttf
    bold_italic: fonts/Lato-BoldItalic.ttf
"""
HOUSE = (
    'extends: default\ncolors:\n  accent: "#006269"\nfonts:\n  sans:' + FACES + "  serif:" + FACES
)
HOUSED = """title: A brief in the house style
organisations: Example Rights Watch
template: house
summary: >-
  Twelve water points were destroyed in three districts between January and March, and nobody
  has been held to account for any of them.
figures:
  - {value: "12", label: water points destroyed}
  - {value: "3", label: districts affected}
"""


def _house(folder: Path) -> Path:
    """A spec whose template sets every text in Lato, the regular face a copy of its own."""
    fonts = folder / "templates" / "fonts"
    fonts.mkdir(parents=True)
    (folder / "templates" / "house.yaml").write_text(HOUSE)
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        shutil.copyfile(LATO / f"Lato-{face}.ttf", fonts / f"Lato-{face}.ttf")
    spec = folder / "brief.yaml"
    spec.write_text(HOUSED)
    return spec


def _widened(font: Path) -> None:
    """Every glyph of the TrueType `font` 100 units wider, in place: a file of the same size."""
    data = bytearray(font.read_bytes())
    tables = {
        bytes(data[12 + 16 * i : 16 + 16 * i]): struct.unpack(
            ">II", data[20 + 16 * i : 28 + 16 * i]
        )
        for i in range(struct.unpack(">H", data[4:6])[0])
    }
    metrics = struct.unpack(">H", data[tables[b"hhea"][0] + 34 : tables[b"hhea"][0] + 36])[0]
    start = tables[b"hmtx"][0]
    for g in range(metrics):
        (advance,) = struct.unpack(">H", data[start + 4 * g : start + 4 * g + 2])
        data[start + 4 * g : start + 4 * g + 2] = struct.pack(">H", advance + 100)
    font.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "stamp",
    [
        "newer",
        pytest.param(
            "put back",
        ),
        pytest.param(
            "same tick",
        ),
    ],
)
def test_font_replaced(tmp_path: Path, fresh: _Fresh, stamp: str) -> None:
    """A template's font file replaced by another of the same size (here: every glyph wider):
    with a newer time; with its time put back; rewritten within the tick it was written in
    (the template itself is then never kept, the font's registration is)."""
    spec = _house(tmp_path)
    regular = tmp_path / "templates" / "fonts" / "Lato-Regular.ttf"
    _settle(*(tmp_path / "templates").rglob("*.*"), spec)
    if stamp == "same tick":
        os.utime(regular)  # written just now
    was = regular.stat().st_mtime_ns
    before = here(spec, layouts=["one-page", "multi-page"])
    _widened(regular)
    _replaced(regular, stamp=stamp, was=was)
    after = here(spec, layouts=["one-page", "multi-page"])
    expected = fresh.render(spec, layouts=["one-page", "multi-page"])
    assert expected != before
    assert_same(after, expected)


WATCHED = """title: Water points destroyed
organisations: Example Rights Watch
summary: Twelve water points were destroyed in three districts.
figures:
  - {id: destroyed, value: "12", label: water points destroyed, source: report}
  - {id: surveyed, value: "30", label: water points surveyed, source: report}
charts:
  - kind: bars
    title: Water points
    bars:
      - {figure: surveyed, label: Surveyed}
      - {figure: destroyed, label: Destroyed}
sources:
  - {id: report, title: Water under fire, publisher: Example Rights Watch}
"""
MOVED = "# three lines\n# that move\n# every entry\n"
SAVES = [
    ("first save", WATCHED),
    (
        "a chart names a figure that is gone, lines moved",
        MOVED + WATCHED.replace("figure: destroyed", "figure: destroyd"),
    ),
    ("the same error, lines moved back", WATCHED.replace("figure: destroyed", "figure: destroyd")),
    ("a value that reads two ways, lines moved", MOVED + WATCHED.replace('"30"', '"280.000"')),
    (
        "two errors, lines moved again",
        "\n\n"
        + WATCHED.replace('"30"', '"280.000"').replace(
            "source: report}\n  - {id: surveyed", "source: reprt}\n  - {id: surveyed"
        ),
    ),
    ("fixed, lines as at first", WATCHED.replace('value: "12"', 'value: "13"')),
    ("a label that breaks the same", WATCHED.replace("points destroyed", "points destroyes")),
    ("the first save again", WATCHED),
]


def test_watch_saves_in_a_row(tmp_path: Path, fresh: _Fresh) -> None:
    """`briefing watch` rebuilding save after save: each save's messages name the line and
    column a fresh load names, and each good save's PDF is the one a fresh process builds."""
    spec = tmp_path / "brief.yaml"
    out = tmp_path / "out"
    session = Session([spec], Request(layouts=("one-page",), out_dir=out))
    for what, text in SAVES:
        spec.write_text(text)
        errors = session.rebuild()
        expected, files = fresh.outcome(spec, layouts=["one-page"])
        assert errors == expected, what
        if not expected:
            built = {"brief-one-page.pdf": (out / "brief-one-page.pdf").read_bytes()}
            assert_same(built, files, what)


# Fixed: a chart value of -0 was served the block drawn for 0 (-0.0 == 0.0); the spec
# reads -0 as 0 (spec/walker.py).
ZERO = """title: Water points
organisations: Example Rights Watch
summary: Twelve water points were destroyed in three districts.
charts:
  - kind: bars
    title: Water points repaired
    bars:
      - {label: Surveyed, value: 30}
      - {label: Repaired, value: 0}
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("0", "0.0"),
        ("7", "7.00"),
        pytest.param(
            "0",
            "-0",
        ),
    ],
)
def test_chart_number_equal_but_written_otherwise(
    tmp_path: Path, fresh: _Fresh, before: str, after: str
) -> None:
    """A chart's number edited to one that compares equal to it (`==`) but may print otherwise."""
    spec = tmp_path / "brief.yaml"
    spec.write_text(ZERO.replace("value: 0}", f"value: {before}}}"))
    here(spec, layouts=["one-page"])
    spec.write_text(ZERO.replace("value: 0}", f"value: {after}}}"))
    assert_same(here(spec, layouts=["one-page"]), fresh.render(spec, layouts=["one-page"]))


RAQQA = ROOT / "briefs" / "raqqa.yaml"
TOUR = [
    ("general", RAQQA, {}),
    ("French", ROOT / "briefs" / "raqqa.fr.yaml", {}),
    ("Letter, Lato, a logo", RAQQA, {"template": str(EXAMPLE_NGO)}),
    ("Arabic, right to left", ROOT / "briefs" / "raqqa.ar.yaml", {"compared": False}),
    ("a draft", RAQQA, {"draft": True, "compared": False}),
    ("general again", RAQQA, {}),
]


def test_languages_templates_and_drafts_in_turn(fresh: _Fresh) -> None:
    """One process building the Raqqa brief in turn in three languages (one right to left),
    two templates (A4 and Noto; Letter, Lato and a logo) and as a draft: each brief after them
    (but the Arabic one, for time, and the draft, whose time moves) is the one a fresh process
    builds."""
    expected = [
        fresh.submit(spec, layouts=["one-page"], **load) if "compared" not in load else None
        for _, spec, load in TOUR
    ]
    for (what, spec, load), outcome in zip(TOUR, expected, strict=True):
        options = {k: v for k, v in load.items() if k != "compared"}
        built = here(spec, layouts=["one-page"], **options)
        if outcome is not None:
            assert_same(built, _files(outcome()), what)


def test_mail_merge_with_warm_workers(tmp_path: Path, fresh: _Fresh) -> None:
    """`briefing make --recipients --jobs 2` from this warm process (its workers inherit its
    caches): names and asks that change a letter, break the same, are written right to left
    or with a combining mark, take a line more, and come back; every brief is the one a fresh
    process builds for its row."""
    from briefing.cli import main

    names = [
        "Ana Lima",
        "Ana Lime",
        "ليلى حسن",
        "Zoe\u0308 Lima",
        "Anastasia Lima-Ferreira Bragança",
    ]
    names += ["Ana Lime"]
    rows = [{**ROW, "name": n} for n in names]
    rows[2]["ask"] = "Raise the attacks at the Human Rights Councal."
    recipients = tmp_path / "recipients.csv"
    header = list(ROW)
    recipients.write_text(
        ",".join(header)
        + "\n"
        + "".join(",".join(f'"{row[k]}"' for k in header) + "\n" for row in rows)
    )
    expected = [
        fresh.submit(MERGE, row, name=f"r{n}", layouts=["one-page"])
        for n, row in enumerate(rows, start=1)
    ]
    out = tmp_path / "out"
    args = ["make", str(MERGE), "--recipients", str(recipients), "--layout", "one-page"]
    assert main([*args, "--jobs", "2", "--name", "r{n}", "--out-dir", str(out)]) == 0
    for n, (row, outcome) in enumerate(zip(rows, expected, strict=True), start=1):
        built = {f"r{n}-one-page.pdf": (out / f"r{n}-one-page.pdf").read_bytes()}
        assert_same(built, _files(outcome()), row["name"])


def test_watch_every_audience_and_layout(tmp_path: Path, fresh: _Fresh) -> None:
    """A session building every audience in both layouts: a save that changes nothing (every
    entry is served from the last load, the very objects the last builds read), then one
    figure's label, then back."""
    spec = tmp_path / "brief.yaml"
    out = tmp_path / "out"
    request = Request(layouts=("one-page", "multi-page"), all_audiences=True, out_dir=out)
    session = Session([spec], request)
    saves = [WATCHED, WATCHED, WATCHED.replace("points surveyed", "points surveyes"), WATCHED]
    for i, text in enumerate(saves):
        spec.write_text(text)
        assert session.rebuild() == []
        if i:
            built = {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}
            expected = fresh.render(spec, layouts=["one-page", "multi-page"], all_audiences=True)
            assert_same(built, expected)


ENTRIES = [
    "title: Water points destroyed",
    "organisations: [Example Rights Watch, Field Monitors Network]",
    "summary: >-\n  Twelve water points were destroyed\n  in three districts.",
    'figures:\n  - {id: destroyed, value: "12", label: water points destroyed, source: report}\n'
    '  - {id: surveyed, value: "30", label: water points surveyed}',
    "charts:\n  - kind: bars\n    title: Water points\n    bars:\n"
    "      - {figure: surveyed, label: Surveyed}\n      - {figure: destroyed, label: Destroyed}",
    "sources:\n  - {id: report, title: Water under fire, publisher: Example Rights Watch}",
    "timeline:\n  - date: January 2023\n    text: |\n      First attacks reported.\n\n",
]
SEPARATORS = ["", "\n", "# a comment\n", "\n\n# two\n", "# NEL\x85# and LS\u2028\n", "   \n"]
"""What goes before an entry: blank lines, comments, and lines YAML ends where Python does not
(NEL, LINE SEPARATOR), which must move the entries after them as a first load does."""
EDITS = st.sampled_from(
    [
        ("", ""),
        ("12", "13"),
        ("12", "280.000"),
        ("report}", "reprt}"),
        ("figure: destroyed", "figure: destroyd"),
        ("districts.", "districts!"),
        ("reported.", "reported"),
        ("title: Water", "title:  Water"),
        ("  - kind: bars", "  - kind: bar"),
        ("date: January", "date: Janvier"),
        ("Watch]", "Watch, Watch]"),
    ]
)


@st.composite
def _saves(draw: st.DrawFn) -> str:
    """A spec of the entries above in some order, edited, with lines and comments above and
    between them, and its line endings and mark of order as a user's editor may save them."""
    entries = draw(st.permutations(ENTRIES))
    text = ""
    for entry in entries:
        text += draw(st.sampled_from(SEPARATORS)) + entry + "\n"
    old, new = draw(EDITS)
    text = text.replace(old, new)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


def _loaded(spec: Path) -> tuple[str, Any]:
    """What loading `spec` gives: its value and where each key path sits, or its messages."""
    from briefing.errors import BriefingError
    from briefing.spec.validate import load_spec

    try:
        loaded = load_spec(spec)
    except BriefingError as err:
        return "errors", err.lines()
    return "spec", (loaded.spec, loaded.locations)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(saves=st.lists(_saves(), min_size=2, max_size=4))
def test_reloads_give_what_a_first_load_gives(tmp_path: Path, saves: list[str]) -> None:
    """A spec saved again and again (entries moved, edited, broken and fixed, CRLF, a byte
    order mark) loads, each time, to the value, locations and messages of a first load."""
    from briefing.spec import reuse

    spec = tmp_path / "brief.yaml"
    for text in saves:
        spec.write_bytes(text.encode())
        again = _loaded(spec)
        reuse.forget()
        first = _loaded(spec)
        assert again == first  # and the next save is loaded after this first load


def test_template_logo_replaced_between_makes(tmp_path: Path, fresh: _Fresh) -> None:
    """Two `briefing make` runs in one process, the template's logo replaced by one of other
    proportions between them (with a later time, as any save gives it)."""
    from PIL import Image

    from briefing.cli import main

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "house.yaml").write_text("extends: default\nlogo: logo.png\n")
    logo = tmp_path / "templates" / "logo.png"
    Image.new("RGB", (120, 40), (200, 30, 30)).save(logo)
    spec = tmp_path / "brief.yaml"
    spec.write_text(HOUSED)
    when = _settle(logo, spec, tmp_path / "templates" / "house.yaml")
    out = tmp_path / "out"
    args = ["make", str(spec), "--layout", "one-page", "--out-dir", str(out)]
    assert main(args) == 0
    before = (out / "brief-one-page.pdf").read_bytes()
    Image.new("RGB", (40, 120), (30, 30, 200)).save(logo)
    _settle(logo, at=when + 10)
    assert main(args) == 0
    built = {"brief-one-page.pdf": (out / "brief-one-page.pdf").read_bytes()}
    expected = fresh.render(spec, layouts=["one-page"])
    assert expected["brief-one-page.pdf"] != before
    assert_same(built, expected)


# Fixed: a spec saved twice within one tick was built from the first save by a process that
# makes again (batch._prepared now stamps with filestamp).


@pytest.mark.parametrize(
    "stamp",
    [
        "newer",
        pytest.param(
            "same tick",
        ),
    ],
)
def test_spec_saved_again_between_makes(tmp_path: Path, fresh: _Fresh, stamp: str) -> None:
    """Two `briefing make` runs in one process, the spec saved between them with a number
    of the same length: later, and within the tick of the first save."""
    from briefing.cli import main

    spec = tmp_path / "brief.yaml"
    spec.write_text(WATCHED)
    was = spec.stat().st_mtime_ns
    out = tmp_path / "out"
    args = ["make", str(spec), "--layout", "one-page", "--out-dir", str(out)]
    assert main(args) == 0
    spec.write_text(WATCHED.replace('value: "12"', 'value: "13"'))
    _replaced(spec, stamp=stamp, was=was)
    assert main(args) == 0
    built = {"brief-one-page.pdf": (out / "brief-one-page.pdf").read_bytes()}
    assert_same(built, fresh.render(spec, layouts=["one-page"]))


@pytest.mark.parametrize(
    "stamp",
    [
        "just saved",
        pytest.param(
            "put back",
        ),
    ],
)
def test_watch_template_edited(tmp_path: Path, fresh: _Fresh, stamp: str) -> None:
    """A session's template edited in place (its accent colour, a file of the same size): just
    saved, as a rebuild sees it, and with its time put back."""
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "house.yaml"
    template.write_text('extends: default\ncolors:\n  accent: "#006269"\n')
    spec = tmp_path / "brief.yaml"
    spec.write_text(WATCHED + "template: house\n")
    was = _settle(template, spec)
    session = Session([spec], Request(layouts=("one-page",), out_dir=tmp_path / "out"))
    assert session.rebuild() == []
    template.write_text('extends: default\ncolors:\n  accent: "#7a1f1f"\n')
    if stamp == "put back":
        os.utime(template, (was, was))
    assert session.rebuild() == []
    built = {"brief-one-page.pdf": (tmp_path / "out" / "brief-one-page.pdf").read_bytes()}
    assert_same(built, fresh.render(spec, layouts=["one-page"]))


# Fixed: a template appearing where the spec's template name is looked up first was ignored
# by a process that makes again (batch._prepared stamps those places).


def test_template_appears_where_it_is_looked_up_first(tmp_path: Path, fresh: _Fresh) -> None:
    """Two `briefing make` runs in one process; between them the project gets its own
    templates/default.yaml, which a spec naming no template uses from then on."""
    from briefing.cli import main

    spec = tmp_path / "brief.yaml"
    spec.write_text(WATCHED)
    _settle(spec)
    out = tmp_path / "out"
    args = ["make", str(spec), "--layout", "one-page", "--out-dir", str(out)]
    assert main(args) == 0
    before = (out / "brief-one-page.pdf").read_bytes()
    (tmp_path / "templates").mkdir()
    own = tmp_path / "templates" / "default.yaml"
    own.write_text('extends: default\ncolors:\n  accent: "#2a7a1f"\n')
    _settle(own, tmp_path / "templates")
    assert main(args) == 0
    built = {"brief-one-page.pdf": (out / "brief-one-page.pdf").read_bytes()}
    expected = fresh.render(spec, layouts=["one-page"])
    assert expected["brief-one-page.pdf"] != before
    assert_same(built, expected)
