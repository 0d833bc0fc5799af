"""The promise of `check`, fuzzed: if `briefing check` passes a spec (with its audiences, charts,
sources, template and recipients), `briefing make` renders it; nothing a user writes reaches
"internal error". A one-page brief that does not fit its page is the one refusal `check` leaves
to `make`.

Hypothesis explores new examples on every run; a failure prints the example and the seed.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.build import Built, make
from briefing.checks import check
from briefing.errors import BriefingError, LayoutError

import pdfcheck

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

WORDS = st.text(st.sampled_from("abcdefghij ABC éü.,'"), min_size=1, max_size=40).filter(str.strip)
IDS = st.sampled_from(["a", "b", "c", "nosuch"])
VALUES = st.sampled_from(["1,600", "80%", "159", "2 million", "nearly", "1.600", "0", "12.5%"])
FIGURE = st.fixed_dictionaries(
    {"value": VALUES, "label": WORDS},
    optional={"id": IDS, "source": IDS, "qualifier": st.sampled_from(["more than", "nearly"])},
)
QUOTE = st.fixed_dictionaries({"text": WORDS, "speaker": WORDS}, optional={"source": IDS})
DEMAND = st.fixed_dictionaries({"to": WORDS, "text": WORDS})
BAR = st.one_of(
    st.fixed_dictionaries({"figure": IDS}),
    st.fixed_dictionaries({"label": WORDS, "value": st.integers(0, 10_000)}),
)
CHART = st.one_of(
    st.fixed_dictionaries(
        {"kind": st.just("bars"), "title": WORDS, "bars": st.lists(BAR, min_size=1, max_size=4)},
        optional={"source": IDS},
    ),
    st.fixed_dictionaries(
        {"kind": st.just("proportion"), "title": WORDS, "part": IDS},
        optional={"whole": IDS},
    ),
)
AUDIENCE = st.fixed_dictionaries(
    {},
    optional={
        "summary": WORDS,
        "figures": st.lists(FIGURE, max_size=3),
        "quotes": st.lists(QUOTE, max_size=2),
        "talking_points": st.lists(WORDS, max_size=2),
        "notes_to_editors": st.lists(st.sampled_from(["A note.", "Dear {{name}}."]), max_size=2),
    },
)
SPEC = st.fixed_dictionaries(
    {
        "title": WORDS,
        "organisations": st.lists(WORDS, min_size=1, max_size=2),
        "summary": st.one_of(WORDS, st.just("Prepared for {{name}}.")),
    },
    optional={
        "sources": st.lists(
            st.fixed_dictionaries({"id": IDS, "title": WORDS}), max_size=3, unique_by=str
        ),
        "figures": st.lists(FIGURE, max_size=4),
        "quotes": st.lists(QUOTE, max_size=2),
        "demands": st.lists(DEMAND, max_size=2),
        "charts": st.lists(CHART, max_size=2),
        "findings": st.lists(
            st.fixed_dictionaries(
                {"heading": WORDS, "text": WORDS}, optional={"sources": st.lists(IDS, max_size=2)}
            ),
            max_size=3,
        ),
        "audiences": st.dictionaries(
            st.sampled_from(["journalist", "advocate", "donor"]), AUDIENCE, max_size=2
        ),
        "template": st.sampled_from(["partner", "default"]),
        "publisher": WORDS,
    },
)
TEMPLATE = st.fixed_dictionaries(
    {},
    optional={
        "audiences": st.dictionaries(
            st.sampled_from(["donor", "journalist"]),
            st.fixed_dictionaries(
                {"multi_page": st.lists(st.sampled_from(["summary", "charts", "quotes"]))}
            ),
            max_size=2,
        ),
        "titles": st.just(None),
        "colors": st.dictionaries(st.just("accent"), st.sampled_from(["#003366", "#aa0000"])),
    },
).map(lambda t: {k: v for k, v in t.items() if v is not None})
ROWS = st.one_of(st.none(), st.lists(WORDS, min_size=1, max_size=3))


def _write(folder: Path, spec: dict[str, object], template: dict[str, object]) -> Path:
    (folder / "templates").mkdir()
    (folder / "templates" / "partner.yaml").write_text(
        yaml.safe_dump(template, allow_unicode=True), encoding="utf-8"
    )
    path = folder / "brief.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _recipients(folder: Path, names: list[str] | None) -> Path | None:
    if names is None:
        return None
    path = folder / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["name"])
        writer.writerows([name] for name in names)
    return path


@FUZZ
@given(spec=SPEC, template=TEMPLATE, names=ROWS)
def test_what_check_passes_make_renders(spec, template, names):
    with TemporaryDirectory() as name:
        folder = Path(name)
        path = _write(folder, spec, template)
        rows = _recipients(folder, names)
        try:
            check(path, all_audiences=True, recipients=rows)
        except BriefingError:
            event("check refused")
            return
        event("check passed")
        built = _make_every_brief(path, rows, folder / "out")
        for pdf in built:
            pdfcheck.assert_valid(pdf.path)


def _make_every_brief(path: Path, rows: Path | None, out: Path) -> list[Built]:
    """Build what check passed: every audience, every recipient; only a page that is too full
    may be refused."""
    from briefing.build import Request, prepare
    from briefing.spec.recipients import load_recipients, personalise

    loaded, tpl = prepare(path)
    views = [loaded] if rows is None else [personalise(loaded, r) for r in load_recipients(rows)]
    built: list[Built] = []
    for i, view in enumerate(views):
        request = Request(all_audiences=True, out_dir=out / str(i))
        try:
            from briefing.build import build

            built += build(view, tpl, request)
        except LayoutError as error:
            event("a page too full")
            built += list(getattr(error, "built", []))
    if rows is None:
        built += make(path, out_dir=out / "general")
    return built
