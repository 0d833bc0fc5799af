"""Fuzzing templates, bounded for CI: a partner's template either builds, or fails with located
messages, never another exception, and nothing is ever written outside the output folder.

Hypothesis explores new examples on every run (no fixed seed); a failure prints the example and
the seed to replay it (`--hypothesis-seed`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.build import make
from briefing.checks import check
from briefing.errors import BriefingError

import pdfcheck
from conftest import SPECS

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LOCATED = re.compile(r"^[^\n]+:\d+:\d+: [^\n]+$")

HOSTILE_PATHS = st.sampled_from(
    [
        "/etc/passwd",
        "../../outside/leak.yaml",
        "../secret.yaml",
        "~/x.yaml",
        "C:/x.yaml",
        "a\\..\\..\\b.yaml",
        "templates/loop.yaml",
        "default",
        "nope",
        "logo.png",
        "logo.svg",
        "font.ttf",
        "..",
        ".",
        "",
        "x" * 300,
    ]
)


def mostly(
    valid: st.SearchStrategy[object], hostile: st.SearchStrategy[object]
) -> st.SearchStrategy[object]:
    """Valid values four times in five, so that many examples get as far as laying out."""
    return st.one_of(valid, valid, valid, valid, hostile)


COLOR = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
WORD = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,12}", fullmatch=True)
NAMES = st.one_of(
    WORD,
    WORD,
    st.text(st.characters(exclude_categories=("Cs",)), min_size=0, max_size=50),
    st.sampled_from(["journalist", "../x", "a/b", "Donor", "donor", "..", "-", "x" * 41]),
)
BLOCKS = st.lists(
    st.sampled_from(["summary", "figures", "findings", "quote", "demands", "sources", "qr", "x"]),
    max_size=6,
)
SCALARS = st.one_of(
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.none(),
    HOSTILE_PATHS,
)
ARRANGEMENT = st.fixed_dictionaries(
    {},
    optional={
        "multi_page": BLOCKS,
        "description": mostly(st.text(st.characters(codec="latin-1"), max_size=40), SCALARS),
        "one_page": st.fixed_dictionaries({}, optional={"main": BLOCKS, "side": BLOCKS}),
        "titles": st.dictionaries(st.sampled_from(["summary", "figures", "x"]), SCALARS),
        "styles": st.dictionaries(
            st.sampled_from(["brief.title", "body", "nope"]),
            st.fixed_dictionaries(
                {},
                optional={
                    "size": mostly(st.floats(4, 96), SCALARS),
                    "color": mostly(COLOR, SCALARS),
                    "face": mostly(st.sampled_from(["regular", "bold", "italic"]), SCALARS),
                    "upper": mostly(st.booleans(), SCALARS),
                },
            ),
        ),
    },
)
TEMPLATE = st.fixed_dictionaries(
    {},
    optional={
        "description": mostly(st.text(st.characters(codec="latin-1"), max_size=40), SCALARS),
        "extends": mostly(st.just("default"), HOSTILE_PATHS),
        "page_size": st.sampled_from(["A4", "letter", "A3", ""]),
        "margin": mostly(st.floats(8, 40), SCALARS),
        "side_column": mostly(st.floats(0.25, 0.45), SCALARS),
        "colors": st.dictionaries(st.sampled_from(["accent", "ink", "x"]), mostly(COLOR, SCALARS)),
        "logo": mostly(st.sampled_from(["logo.png", "logo.svg"]), HOSTILE_PATHS),
        "fonts": st.one_of(
            st.just({}),
            st.just({}),
            st.dictionaries(
                st.sampled_from(["sans", "serif", "mono"]),
                st.dictionaries(
                    st.sampled_from(["regular", "bold", "italic", "bold_italic"]), HOSTILE_PATHS
                ),
            ),
        ),
        "layout": ARRANGEMENT,
        "audiences": st.dictionaries(NAMES, ARRANGEMENT, max_size=3),
    },
)


def _project(folder: Path, template: dict[str, object], name: str) -> Path:
    """A project with a spec using `template`, next to an `outside/` folder with a secret."""
    outside = folder / "outside"
    outside.mkdir()
    (outside / "leak.yaml").write_text("margin: sk-live-SECRET\n", encoding="utf-8")
    project = folder / "work" / "project"
    (project / "templates").mkdir(parents=True)
    (project / "templates" / "loop.yaml").write_text("extends: loop\n", encoding="utf-8")
    (project / "logo.png").write_bytes((SPECS / "assets" / "example-logo.png").read_bytes())
    (project / "logo.svg").write_bytes((SPECS / "assets" / "example-badge.svg").read_bytes())
    (project / "font.ttf").write_bytes(b"\x00\x01\x00\x00 not really a font")
    text = yaml.safe_dump(template, allow_unicode=True)
    (project / "templates" / f"{name}.yaml").write_text(text, encoding="utf-8")
    spec = project / "brief.yaml"
    spec.write_text(SPECS.joinpath("minimal.yaml").read_text() + f"template: {name}\n")
    return spec


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


@FUZZ
@given(template=TEMPLATE)
def test_a_hostile_template_builds_or_fails_cleanly(template):
    with TemporaryDirectory() as name:
        folder = Path(name)
        spec = _project(folder, template, "partner")
        before = _files(folder)
        out = spec.parent / "out"
        try:
            check(spec)
            built = make(spec, all_audiences=bool(template.get("audiences")), out_dir=out)
            event("built")
        except BriefingError as error:
            event("refused")
            lines = error.lines()
            assert lines and all(LOCATED.match(line) or line.startswith(str(out)) for line in lines)
            assert not any("SECRET" in line for line in lines)
            built = list(getattr(error, "built", []))
        for pdf in built:
            assert pdf.path.parent == out
            pdfcheck.assert_valid(pdf.path)
        new = _files(folder) - before
        assert all(p.parent == out for p in new), sorted(map(str, new))
