"""What a spec or a partner's template may reach: the project folder, names that stay names,
and a `check` that refuses what `make` would refuse (issue 9)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.build import file_part, make
from briefing.cli import main
from briefing.errors import SpecError
from briefing.spec.assets import project_root

import pdfcheck
from conftest import SPECS

MINIMAL = SPECS / "minimal.yaml"
PNG = SPECS / "assets" / "example-logo.png"


def test_a_marker_far_above_the_spec_does_not_open_the_home_folder(tmp_path):
    home = tmp_path / "home"
    (home / ".git").mkdir(parents=True)
    (home / "Pictures").mkdir()
    shutil.copy(PNG, home / "Pictures" / "passport-scan.png")
    partner = home / "Downloads" / "mail" / "partner" / "2026"
    partner.mkdir(parents=True)
    spec = partner / "brief.yaml"
    spec.write_text(
        MINIMAL.read_text() + "logo: ../../../../Pictures/passport-scan.png\n", encoding="utf-8"
    )
    assert project_root(spec) == partner
    with pytest.raises(SpecError) as caught:
        make(spec, out_dir=tmp_path / "out")
    assert caught.value.lines() == [
        f"{spec}:5:7: logo: '../../../../Pictures/passport-scan.png' is outside "
        f"{partner}, the folder briefing may read; "
        "run briefing from a folder that holds both files, or pass --root DIR"
    ]
    assert not (tmp_path / "out").exists()


def test_a_marker_near_the_spec_makes_the_project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    folder = tmp_path / "briefs" / "2026"
    folder.mkdir(parents=True)
    assert project_root(folder / "x.yaml") == tmp_path


def test_root_option_widens_the_project_on_purpose(tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(PNG, shared / "logo.png")
    (shared / "coalition.yaml").write_text("colors: {accent: '#aa3300'}\n", encoding="utf-8")
    spec = tmp_path / "briefs" / "brief.yaml"
    spec.parent.mkdir()
    spec.write_text(
        MINIMAL.read_text() + "logo: ../shared/logo.png\ntemplate: ../shared/coalition.yaml\n",
        encoding="utf-8",
    )
    assert main(["check", str(spec)]) == 2
    refused = capsys.readouterr().err.splitlines()
    assert refused == [
        f"{spec}:5:7: logo: '../shared/logo.png' is outside {spec.parent}"
        ", the folder briefing may read; "
        "run briefing from a folder that holds both files, or pass --root DIR",
    ]
    assert main(["check", str(spec), "--root", str(tmp_path)]) == 0
    out = tmp_path / "out"
    assert main(["make", str(spec), "--root", str(tmp_path), "--out-dir", str(out)]) == 0
    page = pdfcheck.reader(out / "brief-one-page.pdf").pages[0]
    assert "Minimal brief" in page.extract_text()
    assert len(page.images) == 1, "the logo from the shared folder is drawn"


def test_a_template_outside_the_project_is_refused_without_opening_it(tmp_path, capsys):
    secret = tmp_path / "secret.yaml"
    secret.write_text("margin: sk-live-SECRET\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    spec = project / "brief.yaml"
    messages = []
    for target in ("../secret.yaml", "../missing.yaml"):
        spec.write_text(MINIMAL.read_text() + f"template: {target}\n", encoding="utf-8")
        assert main(["check", str(spec)]) == 2
        messages.append(capsys.readouterr().err.replace(target, "TARGET"))
    assert messages[0] == messages[1], "the answer must not say whether the file exists"
    assert "SECRET" not in messages[0]


def test_a_command_line_template_must_be_a_yaml_file(tmp_path, capsys):
    assert main(["check", str(MINIMAL), "--template", "/etc/passwd"]) == 2
    assert capsys.readouterr().err == "/etc/passwd:1:1: a template is a .yaml file\n"


@pytest.mark.parametrize(
    ("audience", "found"),
    [
        ("a/b", "'a/b'"),
        ("..", "'..'"),
        ("-rf", "'-rf'"),
        ("x" * 41, "'" + "x" * 41 + "'"),
        ("donor report", "'donor report'"),
    ],
)
def test_audience_names_are_words_not_paths(tmp_path, capsys, audience, found):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partner.yaml").write_text(
        f"audiences:\n  '{audience}':\n    multi_page: [summary]\n", encoding="utf-8"
    )
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "template: partner\n", encoding="utf-8")
    assert main(["make", str(spec), "--all-audiences", "--out-dir", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'templates' / 'partner.yaml'}:3:5: audiences.{audience}: expected an "
        "audience name of letters, digits, '-' and '_' (at most 40, starting with a letter or "
        f"digit), found {found}\n"
    )
    assert not (tmp_path / "o").exists()


def test_audiences_differing_only_in_case_are_refused(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partner.yaml").write_text(
        "audiences:\n  Donor: {multi_page: [summary]}\n  donor: {multi_page: [summary]}\n",
        encoding="utf-8",
    )
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "template: partner\n", encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'templates' / 'partner.yaml'}:3:10: audiences.donor: audience 'donor' "
        "differs from 'Donor' only in case; their files would overwrite each other on macOS "
        "and Windows\n"
    )


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("raqqa", "raqqa"),
        ("Rapport été 2026", "Rapport-été-2026"),
        ("x[1]", "x-1"),
        ("..", "brief"),
        ("a" * 150, "a" * 100),
        ("報告" * 60, "報告" * 25),
    ],
)
def test_file_name_parts_are_slugged(stem, slug):
    assert file_part(stem) == slug


def test_a_spec_whose_name_looks_like_a_pattern_is_built_as_named(tmp_path, capsys):
    spec = tmp_path / "x[1].yaml"
    shutil.copy(MINIMAL, spec)
    out = tmp_path / "out"
    assert main(["make", str(spec), "--layout", "one-page", "--out-dir", str(out)]) == 0
    assert capsys.readouterr().out == f"{out / 'x-1-one-page.pdf'}: 1 page\n"


def test_output_never_lands_on_the_logo(tmp_path_factory, capsys):
    # Not `tmp_path`: every PDF there is checked for validity, and this "PDF" is a PNG.
    tmp_path = tmp_path_factory.mktemp("logo")
    logo = tmp_path / "brief-one-page.pdf"
    shutil.copy(PNG, logo)
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "logo: brief-one-page.pdf\n", encoding="utf-8")
    before = logo.read_bytes()
    status = main(["make", str(spec), "--layout", "one-page", "--out-dir", str(tmp_path)])
    assert status == 2
    assert capsys.readouterr().err == (f"{logo}: refusing to overwrite an input file with a PDF\n")
    assert logo.read_bytes() == before


def test_output_never_lands_on_a_template(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "partner.yaml"
    template.write_text("colors: {accent: '#003366'}\n", encoding="utf-8")
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "template: partner\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "brief-one-page.pdf").symlink_to(template)
    status = main(["make", str(spec), "--layout", "one-page", "--out-dir", str(tmp_path / "out")])
    assert status == 2
    assert capsys.readouterr().err.endswith("refusing to overwrite an input file with a PDF\n")
    assert template.read_text(encoding="utf-8") == "colors: {accent: '#003366'}\n"


def test_check_refuses_what_make_refuses_for_missing_glyphs(tmp_path, capsys):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "subtitle: 中文\n", encoding="utf-8")
    assert main(["check", str(spec)]) == 2
    check_err = capsys.readouterr().err
    assert main(["make", str(spec), "--out-dir", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == check_err
    assert "subtitle: the brief's fonts cannot draw '中'" in check_err


def test_template_descriptions_cannot_drive_the_terminal(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partner.yaml").write_text(
        'description: "Partner\\e[2J\\e[31m template"\n', encoding="utf-8"
    )
    spec = tmp_path / "brief.yaml"
    shutil.copy(MINIMAL, spec)
    assert main(["templates", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.endswith(
        "description: control character U+001B is not allowed (found "
        "'Partner\\x1b[2J\\x1b[31m template')\n"
    )


def test_a_closed_pipe_ends_the_listing_quietly():
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "templates"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (141, b"")


def test_an_audience_name_with_a_nul_is_refused(tmp_path, capsys):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "partner.yaml").write_text(
        'audiences:\n  "a\\0b": {multi_page: [summary]}\n', encoding="utf-8"
    )
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "template: partner\n", encoding="utf-8")
    assert main(["make", str(spec), "--all-audiences", "--out-dir", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'templates' / 'partner.yaml'}:2:3: audiences.a\\x00b: control character "
        "U+0000 is not allowed in a key\n"
    )


def _outside_secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secretdir"
    secret.mkdir()
    (secret / "payroll.yaml").write_text(
        "description: SECRET-API-KEY-123\nmargin: sk-live-SECRET\n", encoding="utf-8"
    )
    return secret


def test_the_templates_listing_never_reads_outside_the_project(tmp_path, capsys):
    secret = _outside_secret(tmp_path)
    project = tmp_path / "project"
    (project / "templates").mkdir(parents=True)
    (project / "templates" / "evil.yaml").symlink_to(secret / "payroll.yaml")
    (project / "templates" / "ours.yaml").write_text("description: Ours\n", encoding="utf-8")
    spec = project / "brief.yaml"
    shutil.copy(MINIMAL, spec)
    assert main(["templates", str(spec)]) == 0
    captured = capsys.readouterr()
    assert "SECRET" not in captured.out + captured.err
    listed = [line for line in captured.out.splitlines() if not line.startswith(" ")]
    assert listed[0] == "ours (beside the spec): Ours"
    assert not [line for line in listed if "evil" in line or "payroll" in line]


def test_a_templates_folder_that_leaves_the_project_is_not_looked_in(tmp_path, capsys):
    secret = _outside_secret(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    (project / "templates").symlink_to(secret)
    spec = project / "brief.yaml"
    shutil.copy(MINIMAL, spec)
    assert main(["templates", str(spec)]) == 0
    assert "SECRET" not in capsys.readouterr().out
    answers = []
    for name in ("payroll", "nosuch"):
        spec.write_text(MINIMAL.read_text() + f"template: {name}\n", encoding="utf-8")
        assert main(["check", str(spec)]) == 2
        answers.append(capsys.readouterr().err.replace(name, "NAME"))
    assert answers[0] == answers[1], "the answer must not say what the outside folder holds"
    assert "payroll" not in answers[0]
