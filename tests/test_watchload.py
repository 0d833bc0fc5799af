"""A save reloads only what changed (`spec/reuse.py`): the top-level entries whose text is as
it was are served from the file's last load, and what is served is never stale. Every edit loads
as a fresh load would (same spec, same places, line for line), a message after lines moved names
the new line, a changed value is checked, and a watch rebuild writes `briefing make`'s bytes.
Work is counted (entries walked), never timed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.build import Request
from briefing.errors import SpecError
from briefing.spec import reuse
from briefing.spec.validate import LoadedSpec, load_spec
from briefing.watch.session import Session

from conftest import ROOT

FIGURE = "  - id: killed\n"
CHART_BAR = "      - {figure: killed, label: Documented by Amnesty International and Airwars}\n"


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    """A copy of the Raqqa brief (with its sources and templates), nothing of it kept yet."""
    shutil.copytree(ROOT / "briefs", tmp_path / "briefs")
    reuse.forget()
    return tmp_path / "briefs" / "raqqa.yaml"


def _fresh(path: Path) -> LoadedSpec:
    """`path` loaded with nothing kept from earlier loads (and keeping nothing of it)."""
    saved = reuse._LOADS
    reuse._LOADS = reuse.Bounded(entries=0, size=0)
    try:
        return load_spec(path)
    finally:
        reuse._LOADS = saved


def _raised(path: Path) -> SpecError:
    """What a fresh load of `path` raises."""
    with pytest.raises(SpecError) as raised:
        _fresh(path)
    return raised.value


def _edits(text: str) -> list[str]:
    """Saves a user might make, one after another."""
    moved = "# a comment\n# and another\n\n" + text
    return [
        text + "\ndateline: Run 1\n",
        moved,
        moved.replace('value: "159"', 'value: "160"'),
        moved.replace("language: en-GB\n", ""),
        text.replace("language: en-GB\n", "language: en-GB  # a comment\n"),
        "language: en-GB\n" + text.replace("language: en-GB\n", ""),
        text.replace(FIGURE, "  - id: killed\n\n\n"),
        text.replace("title: More than", "title:  More than"),
        text,
    ]


def test_watchload_every_edit_loads_as_a_fresh_load_would(brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")
    load_spec(brief)
    for edit in _edits(text):
        brief.write_text(edit, encoding="utf-8")
        loaded, fresh = load_spec(brief), _fresh(brief)
        assert loaded.spec == fresh.spec
        assert loaded.locations == fresh.locations
        assert list(loaded.locations) == list(fresh.locations)


def test_watchload_a_save_walks_only_the_entries_it_changed(brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")
    load_spec(brief)
    entries = len(reuse._LOADS.get((str(brief), False)) or {})
    walked, kept = reuse.TALLY.walked, reuse.TALLY.kept
    brief.write_text(text + "\ndateline: Run 1\n", encoding="utf-8")
    load_spec(brief)
    assert reuse.TALLY.walked - walked == 1
    assert reuse.TALLY.kept - kept == entries
    walked = reuse.TALLY.walked
    brief.write_text("# moved\n" + text.replace('value: "159"', 'value: "160"'), encoding="utf-8")
    assert load_spec(brief).spec.figures[2].value == "160"
    assert reuse.TALLY.walked - walked == 1  # the figures; every other entry only moved


def test_watchload_a_message_after_lines_moved_names_the_new_line(brief: Path) -> None:
    text = brief.read_text(encoding="utf-8")
    load_spec(brief)
    line = text.splitlines().index(CHART_BAR.rstrip("\n")) + 1
    # The charts entry is unchanged (only moved down by three lines); the figure it names is
    # renamed in another entry.
    brief.write_text("# a\n# b\n# c\n" + text.replace(FIGURE, "  - id: dead\n"), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(brief)
    assert str(raised.value) == (
        f"{brief}:{line + 3}:18: charts[0].bars[0].figure: no key figure has id 'killed'; "
        "figure ids: dead, destroyed, admitted"
    )
    assert str(raised.value) == str(_raised(brief))


def test_watchload_a_citation_removed_elsewhere_is_reported_at_the_new_line(
    brief: Path,
) -> None:
    text = brief.read_text(encoding="utf-8")
    load_spec(brief)
    lines = text.splitlines()
    first_cite = lines.index("    source: amnesty-report") + 1
    renamed = text.replace("  - id: amnesty-report\n", "  - id: amnesty\n")
    brief.write_text("\n\n" + renamed, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(brief)
    first = str(raised.value).splitlines()[0]
    assert first == (
        f"{brief}:{first_cite + 2}:13: figures[0].source: unknown source id 'amnesty-report'; "
        "did you mean 'news-report'?"
    )
    assert str(raised.value) == str(_raised(brief))


def test_watchload_a_changed_value_is_checked_and_a_bad_entry_is_never_kept(
    brief: Path,
) -> None:
    text = brief.read_text(encoding="utf-8")
    load_spec(brief)
    line = text.splitlines().index("language: en-GB") + 1
    brief.write_text(text.replace("language: en-GB", "language: en_GB"), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(brief)
    message = str(raised.value)
    assert message.startswith(f"{brief}:{line}:11: language: ")
    # The bad entry again, below a new line: checked again, and reported at its new place.
    brief.write_text("\n" + text.replace("language: en-GB", "language: en_GB"), encoding="utf-8")
    with pytest.raises(SpecError) as again:
        load_spec(brief)
    assert str(again.value) == message.replace(f":{line}:11:", f":{line + 1}:11:")
    walked = reuse.TALLY.walked
    brief.write_text(text, encoding="utf-8")
    assert load_spec(brief).spec.language == "en-GB"
    assert reuse.TALLY.walked - walked == 1  # the fix; the rest was kept by the failed load


def test_watchload_the_same_text_in_another_file_or_context_is_walked_again(
    tmp_path: Path,
) -> None:
    reuse.forget()
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    text = "title: A brief\norganisations: Example Rights Watch\nsummary: One paragraph.\n"
    one.write_text(text, encoding="utf-8")
    two.write_text("\n" + text, encoding="utf-8")
    assert load_spec(one).where("summary").file == str(one)
    walked = reuse.TALLY.walked
    assert load_spec(two).where("summary").file == str(two)
    assert reuse.TALLY.walked - walked == 3
    one.write_text("{title: A brief, organisations: Example Rights Watch, summary: x}")
    walked = reuse.TALLY.walked
    loaded = load_spec(one)
    assert reuse.TALLY.walked - walked == 3
    assert loaded.spec.summary == "x" and loaded.where("summary").column == 64
    assert loaded.locations == _fresh(one).locations


def test_watchload_keeps_only_the_latest_load_of_a_bounded_number_of_files(
    tmp_path: Path,
) -> None:
    reuse.forget()
    spec = tmp_path / "brief.yaml"
    for n in range(3):
        spec.write_text(f"title: Brief {n}\norganisations: Example\nsummary: Text {n}.\n")
        load_spec(spec)
    kept = reuse._LOADS.get((str(spec), False))
    assert kept is not None
    assert sorted(text for _, text in kept) == [
        "organisations: Example",
        "summary: Text 2.",
        "title: Brief 2",
    ]
    for n in range(reuse.KEPT_FILES + 4):
        other = tmp_path / f"brief{n}.yaml"
        other.write_text(f"title: Brief {n}\norganisations: Example\nsummary: Text.\n")
        load_spec(other)
    assert len(reuse._LOADS) == reuse.KEPT_FILES


def test_watchload_a_load_larger_than_the_bound_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse, "_LOADS", reuse.Bounded(entries=reuse.KEPT_FILES, size=60))
    spec = tmp_path / "brief.yaml"
    spec.write_text("title: Brief\norganisations: Example\nsummary: Text.\n")
    load_spec(spec)
    assert reuse._LOADS.held == len("title: Brief") + len("organisations: Example") + 14
    spec.write_text("title: Brief\norganisations: Example\nsummary: A much longer text here.\n")
    load_spec(spec)
    assert reuse._LOADS.get((str(spec), False)) == {} and reuse._LOADS.held == 0


def test_watchload_a_rebuild_after_saves_writes_the_bytes_of_a_fresh_make(
    brief: Path, tmp_path: Path
) -> None:
    text = brief.read_text(encoding="utf-8")
    session = Session([brief], Request(layouts=("one-page",), out_dir=tmp_path / "watch"))
    assert session.rebuild() == []
    final = "# moved\n" + text.replace('value: "159"', 'value: "160"') + "dateline: Run 7\n"
    for edit in (text + "dateline: Run 6\n", final):
        brief.write_text(edit, encoding="utf-8")
        assert session.rebuild() == []
    command = [sys.executable, "-m", "briefing", "make", str(brief), "--layout", "one-page"]
    subprocess.run([*command, "--out-dir", str(tmp_path / "make")], check=True)
    name = "raqqa-one-page.pdf"
    watched = (tmp_path / "watch" / name).read_bytes()
    assert watched == (tmp_path / "make" / name).read_bytes()


def test_watchload_checks_across_fields_see_a_change_in_any_field_they_read(
    brief: Path,
) -> None:
    text = brief.read_text(encoding="utf-8")
    load_spec(brief)
    line = text.splitlines().index('    value: "1,600"') + 1
    # Only the language changes: the figures entry is kept, its value now reads two ways.
    brief.write_text("\n" + text.replace("language: en-GB", "language: fr-FR"), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_spec(brief)
    assert str(raised.value) == (
        f"{brief}:{line + 1}:12: figures[0].value: '1,600' reads as 1,6 in French, but as "
        "1 600 where a comma groups thousands; write 1,6 or 1 600"
    )
    brief.write_text(text, encoding="utf-8")
    assert load_spec(brief).spec.language == "en-GB"


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_watchload_the_composer_builds_the_tree_pyyaml_builds(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from briefing.spec import yamlsource

    if parser == "python":
        monkeypatch.setattr(yamlsource, "_StrictLoader", yamlsource._PythonLoader)

    def tree(node: yaml.Node) -> object:
        marks = (node.tag, node.start_mark.index, node.end_mark.index, node.end_mark.line)
        if isinstance(node, yaml.ScalarNode):
            return (*marks, node.value, node.style or None)
        if isinstance(node, yaml.SequenceNode):
            return (*marks, node.flow_style, [tree(item) for item in node.value])
        return (*marks, node.flow_style, [(tree(k), tree(v)) for k, v in node.value])

    for path in [ROOT / "briefs" / "raqqa.ar.yaml", ROOT / "tests" / "specs" / "full.yaml"]:
        ours, text = yamlsource.read_yaml(path)
        loader = yaml.CBaseLoader if parser == "libyaml" else yaml.BaseLoader
        assert tree(ours) == tree(yaml.compose(text, Loader=loader))
