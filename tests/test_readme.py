"""The README stays true: its spec reference is the generated one, its commands are CI's."""

from __future__ import annotations

import re

from briefing.reference import END, START, spec_reference

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_spec_reference_is_generated_from_the_schema():
    inside = README.split(START, 1)[1].split(END, 1)[0]
    assert inside == "\n" + spec_reference(), (
        "the README's spec reference is stale; regenerate it: python tests/test_readme.py"
    )


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    commands = [line.strip() for line in README.splitlines()[:10] if line.startswith("    ")]
    assert len(commands) == 2
    render, test = commands
    assert "briefing make briefs/raqqa.yaml" in render and "pip install" in render
    assert "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _project_texts() -> dict[str, str]:
    """The README and every text file of the package, by path: what a user reads."""
    package = ROOT / "src" / "briefing"
    texts = {"README.md": README}
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml", ".md", ".txt"}:
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_readme_and_package_point_only_at_what_the_project_has():
    """The team's `../shared` folder is not part of the project; every README section named
    (`see "Security"`, `README ("Style names")`) exists; every repository path the README
    names in backticks exists."""
    headings = {line.lstrip("#").strip() for line in README.splitlines() if line.startswith("#")}
    for name, text in _project_texts().items():
        assert "../shared" not in text, name
        for section in re.findall(r'see "([^"]+)"|README(?:\.md)? \("([^"]+)"\)', text):
            assert (section[0] or section[1]) in headings, (name, section)
    named = re.findall(r"`((?:src|tests|briefs|assets|docs|bench|\.ci)/[\w./-]+)`", README)
    written = {"tests/_failed/"}  # where a failed golden comparison writes its pages
    missing = [p for p in named if "*" not in p and p not in written and not (ROOT / p).exists()]
    assert named and missing == []


def update_readme() -> None:
    """Rewrite the README's reference block from the schema."""
    before, rest = README.split(START, 1)
    after = rest.split(END, 1)[1]
    (ROOT / "README.md").write_text(
        before + START + "\n" + spec_reference() + END + after, encoding="utf-8"
    )


if __name__ == "__main__":
    update_readme()


def test_every_block_is_documented_and_built():
    import typing

    from briefing.design.template import BLOCKS, BlockName
    from briefing.layout.sections import BUILDERS

    assert list(BLOCKS) == list(typing.get_args(BlockName))
    assert sorted(BLOCKS) == sorted(BUILDERS)
