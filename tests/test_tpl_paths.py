"""Where a spec and its template may read files (issue 14): inside the spec's folder, the folder
briefing runs from when that holds the spec, or `--root`, and below them; never the home
folder by itself, never through a symlink out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.spec.assets import project_root

from conftest import SPECS

MINIMAL = SPECS / "minimal.yaml"
PNG = SPECS / "assets" / "example-logo.png"
ALLOW = ", the folder briefing may read; run briefing from a folder that holds both files, or pass "
ALLOW += "--root DIR"


def work_folder(tmp_path: Path) -> Path:
    """A folder without `.git` or `pyproject.toml`: a spec, a template in `templates/` whose
    logo is `../assets/logo.png`."""
    work = tmp_path / "work"
    (work / "templates").mkdir(parents=True)
    (work / "assets").mkdir()
    shutil.copy(PNG, work / "assets" / "logo.png")
    (work / "templates" / "partner.yaml").write_text("logo: ../assets/logo.png\n")
    (work / "brief.yaml").write_text(MINIMAL.read_text() + "template: partner\n")
    return work


def test_tpl_template_logo_beside_its_folder_is_read_when_run_from_the_work_folder(
    tmp_path, monkeypatch, capsys
):
    work = work_folder(tmp_path)
    monkeypatch.chdir(work)
    assert main(["check", "templates/partner.yaml"]) == 0
    assert main(["check", "brief.yaml", "--template", "templates/partner.yaml"]) == 0
    assert main(["check", "brief.yaml"]) == 0
    assert capsys.readouterr().err == ""


def test_tpl_run_from_elsewhere_the_message_says_how_to_allow_it(tmp_path, monkeypatch, capsys):
    work = work_folder(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    template = work / "templates" / "partner.yaml"
    assert main(["check", str(template)]) == 2
    assert capsys.readouterr().err == (
        f"{template}:1:7: logo: '../assets/logo.png' is outside {template.parent}{ALLOW}\n"
    )
    assert main(["check", str(template), "--root", str(work)]) == 0


def test_tpl_the_working_folder_never_widens_a_spec_outside_it(tmp_path, monkeypatch, capsys):
    mine = tmp_path / "mine"
    (mine / "Pictures").mkdir(parents=True)
    shutil.copy(PNG, mine / "Pictures" / "passport-scan.png")
    evil = tmp_path / "evil"
    evil.mkdir()
    spec = evil / "spec.yaml"
    spec.write_text(MINIMAL.read_text() + "logo: ../mine/Pictures/passport-scan.png\n")
    monkeypatch.chdir(mine)
    assert project_root(spec) == evil
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:5:7: logo: '../mine/Pictures/passport-scan.png' is outside {evil}{ALLOW}\n"
    )


@pytest.mark.parametrize("run_from", ["home", "."])
def test_tpl_running_from_the_home_folder_does_not_open_it(tmp_path, monkeypatch, capsys, run_from):
    home = tmp_path / "home"
    (home / "Pictures").mkdir(parents=True)
    shutil.copy(PNG, home / "Pictures" / "passport-scan.png")
    partner = home / "Downloads" / "partner"
    partner.mkdir(parents=True)
    spec = partner / "brief.yaml"
    spec.write_text(MINIMAL.read_text() + "logo: ../../Pictures/passport-scan.png\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path / run_from)
    assert project_root(spec) == partner
    assert main(["check", str(spec)]) == 2
    assert capsys.readouterr().err == (
        f"{spec}:5:7: logo: '../../Pictures/passport-scan.png' is outside {partner}{ALLOW}\n"
    )
    assert main(["check", str(spec), "--root", str(home)]) == 0


def test_tpl_a_symlink_out_of_the_working_folder_is_refused(tmp_path, monkeypatch, capsys):
    work = work_folder(tmp_path)
    secret = tmp_path / "secret"
    secret.mkdir()
    shutil.copy(PNG, secret / "scan.png")
    (work / "assets" / "logo.png").unlink()
    (work / "assets" / "logo.png").symlink_to(secret / "scan.png")
    monkeypatch.chdir(work)
    assert main(["check", "brief.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"{work / 'templates' / 'partner.yaml'}:1:7: logo: '../assets/logo.png' is outside "
        f"{work}{ALLOW}\n"
    )


def test_tpl_a_folder_anyone_may_write_into_is_not_opened_by_running_from_it(
    tmp_path, monkeypatch, capsys
):
    """Run from a shared folder like /tmp (world-writable, sticky), a spec in a sub-folder may
    not read the other files there: other people's."""
    work = work_folder(tmp_path)
    work.chmod(0o1777)
    monkeypatch.chdir(work)
    template = work / "templates" / "partner.yaml"
    assert main(["check", "templates/partner.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"{template}:1:7: logo: '../assets/logo.png' is outside {template.parent}{ALLOW}\n"
    )
    assert main(["check", "templates/partner.yaml", "--root", "."]) == 0
