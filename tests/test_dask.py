"""Mail-merge on a Dask cluster (`briefing make --dask`): the same lines, files and exit status
as a local run, workers that never read the client's files, and one clear line for each way
it cannot run."""

from __future__ import annotations

import csv
import logging
import os
import shutil
import socket
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster
from pypdf import PdfReader

from briefing import batch, cluster, clusterwork
from briefing.build import Request
from briefing.cli import main
from briefing.spec.recipients import load_recipients

from conftest import SPECS

SPEC = """\
title: Water points destroyed in three districts
addressed_to: Prepared for {{name}}
organisations: Example Rights Watch
summary: Dear {{name}}, twelve water points were destroyed. {{ask}}
demands:
  - to: the Government
    text: "{{ask}}"
  - to: Donors
    text: "{{ask}}"
  - to: The United Nations
    text: "{{ask}}"
  - to: Everyone else
    text: "{{ask}}"
layouts: [one-page, multi-page]
"""
ROWS = [
    ["name", "ask"],
    ["Ana Lima", "Raise the attacks at the Human Rights Council."],
    ["Jonas Berg", "x" * 1001],  # breaks a rule: one row fails before it is laid out
    ["Chloé Martin", ("Ask the government to act now. " * 32)[:995]],  # one-page too long
    ["Dana Okafor", "Fund the repair of the destroyed water points."],
]


@pytest.fixture(scope="module")
def scheduler():
    # A task whose worker dies fails at once, not after three more workers die of it.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local:
            yield local.scheduler_address


def merge_project(folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    (folder / "brief.yaml").write_text(SPEC, encoding="utf-8")
    with open(folder / "rows.csv", "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(ROWS)
    return folder / "brief.yaml", folder / "rows.csv"


def run(capsys, *arguments: str) -> tuple[int, list[str], list[str]]:
    status = main(["make", *arguments])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err.splitlines()


def test_dask_mail_merge_matches_local_jobs(tmp_path, capsys, scheduler, monkeypatch):
    spec, rows = merge_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    local = run(capsys, "brief.yaml", "--recipients", "rows.csv", "--out-dir", "local")
    monkeypatch.setattr(batch, "run_job", None)  # nothing is built in this process
    dask = run(
        capsys, "brief.yaml", "--recipients", "rows.csv", "--out-dir", "dask", "--dask", scheduler
    )
    assert dask[0] == local[0] == 2
    expected_out = [line.replace("local/", "dask/") for line in local[1][:-1]]
    assert dask[1][:-1] == expected_out
    assert dask[1][-1].startswith("5 PDFs, 6 pages from 4 briefs in ")
    assert dask[1][-1].endswith(" s; 2 failed")
    assert [line.replace("local/", "dask/") for line in local[2]] == dask[2]
    assert dask[2][0] == (
        "rows.csv:3:1: row 2: filled in, summary (brief.yaml:4:10) breaks its rule: expected "
        "words of at most 120 characters (a longer one cannot break into lines), found one of "
        "1,001: 'xxxxxxxxxxxxxxxxxxxx...'"
    )
    assert dask[2][-2].startswith("brief.yaml:6:3: one-page brief does not fit on one page")
    assert dask[2][-1] == "dask/brief-0003-one-page.pdf was not built"
    made = sorted(p.name for p in (tmp_path / "project" / "dask").iterdir())
    assert made == sorted(p.name for p in (tmp_path / "project" / "local").iterdir())
    assert len(made) == 5  # and no temporary file left
    for name in made:
        ours = (tmp_path / "project" / "dask" / name).read_bytes()
        assert ours == (tmp_path / "project" / "local" / name).read_bytes(), name
    page = PdfReader(tmp_path / "project" / "dask" / "brief-0004-one-page.pdf").pages
    assert len(page) == 1 and "Dana Okafor" in page[0].extract_text()


def test_dask_batch_of_specs_matches_local(tmp_path, capsys, scheduler):
    """Not only a mail-merge: specs with images, and one the client cannot load (built,
    and failing, on the client as locally)."""
    folder = tmp_path / "specs"
    shutil.copytree(SPECS / "assets", folder / "assets")
    for name in ("minimal.yaml", "full.yaml"):
        shutil.copy(SPECS / name, folder / name)
    (folder / "broken.yaml").write_text("title: [unclosed\n")
    local = run(capsys, str(folder), "--layout", "one-page", "--out-dir", str(tmp_path / "a"))
    dask = run(
        capsys,
        str(folder),
        "--layout",
        "one-page",
        "--out-dir",
        str(tmp_path / "b"),
        "--dask",
        scheduler,
    )
    assert dask[0] == local[0] == 2
    assert dask[2] == local[2] and dask[2][0].startswith(f"{folder / 'broken.yaml'}:2:1: ")
    assert [line.replace(f"{tmp_path}/b/", "") for line in dask[1][:-1]] == [
        line.replace(f"{tmp_path}/a/", "") for line in local[1][:-1]
    ]
    for name in ("full-one-page.pdf", "minimal-one-page.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_dask_worker_never_reads_the_client_files(tmp_path, scheduler):
    project = tmp_path / "project"
    shutil.copytree(SPECS / "assets", project / "assets")
    shutil.copy(SPECS / "full.yaml", project / "full.yaml")
    (project / "rows.csv").write_text("name\nAna Lima\n", encoding="utf-8")
    request = Request(layouts=("one-page",), out_dir=tmp_path / "out")
    spec = project / "full.yaml"
    bundle = cluster._bundle([spec], request)
    assert any(name.endswith(".png") or name.endswith(".svg") for name in bundle.files)
    [row] = load_recipients(project / "rows.csv")
    task = clusterwork.Task(0, str(spec.resolve()), row, "ana")
    project.rename(tmp_path / "gone")  # the client's files are no longer there
    with Client(scheduler, set_as_default=False) as client:
        [result] = client.submit(
            clusterwork.render_chunk, bundle, [task], request, cluster.identity(), pure=False
        ).result()
    assert result.errors == []
    [(target, data)] = result.files.items()
    assert target == tmp_path / "out" / "ana-one-page.pdf"
    expected = tmp_path / "expected"
    assert (
        main(
            ["make", str(tmp_path / "gone" / "full.yaml"), "--layout", "one-page"]
            + ["--out-dir", str(expected)]
        )
        == 0
    )
    assert data == (expected / "full-one-page.pdf").read_bytes()


def test_dask_and_jobs_refused_together(tmp_path, capsys):
    spec, rows = merge_project(tmp_path / "project")
    arguments = [str(spec), "--recipients", str(rows), "--out-dir", str(tmp_path / "out")]
    status, out, err = run(capsys, *arguments, "--jobs", "2", "--dask", "tcp://127.0.0.1:1")
    assert (status, out) == (2, [])
    assert err == ["briefing: --dask and --jobs: give one (--dask runs the jobs on the cluster)"]
    assert not (tmp_path / "out").exists()


def test_dask_unreachable_scheduler(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spec, rows = merge_project(tmp_path / "project")
    address = f"tcp://127.0.0.1:{port}"
    arguments = [str(spec), "--recipients", str(rows), "--out-dir", str(tmp_path / "out")]
    status, out, err = run(capsys, *arguments, "--dask", address)
    assert (status, out, len(err)) == (2, [], 1)
    assert err[0].startswith(
        f"briefing: --dask {address!r}: cannot reach the scheduler within 1 s ("
    )
    assert not (tmp_path / "out").exists()


def test_dask_without_the_extra(tmp_path, capsys, monkeypatch):
    def missing() -> None:
        raise ImportError("No module named 'distributed'")

    monkeypatch.setattr(cluster, "_distributed", missing)
    spec, rows = merge_project(tmp_path / "project")
    arguments = [str(spec), "--recipients", str(rows), "--out-dir", str(tmp_path / "out")]
    status, out, err = run(capsys, *arguments, "--dask", "tcp://127.0.0.1:1")
    assert (status, out) == (2, [])
    assert err == ["briefing: --dask needs the Dask extra: pip install 'briefing[dask]'"]


def test_dask_worker_with_another_briefing_refused(tmp_path, capsys, monkeypatch, scheduler):
    ours = cluster.identity()
    monkeypatch.setattr(clusterwork, "_identity", ["briefing 0.0.9 (files 000000000000)"])
    spec, rows = merge_project(tmp_path / "project")
    arguments = [str(spec), "--recipients", str(rows), "--out-dir", str(tmp_path / "out")]
    status, out, err = run(capsys, *arguments, "--dask", scheduler)
    assert (status, out, len(err)) == (2, [], 1)
    assert err[0].startswith(f"briefing: --dask {scheduler!r}: worker tcp://")
    assert err[0].endswith(
        f" runs {ours}, this client briefing 0.0.9 (files 000000000000); install the same "
        "briefing on every worker"
    )
    assert not (tmp_path / "out").exists()


def test_dask_task_on_another_briefing_fails_its_rows(tmp_path, monkeypatch, scheduler):
    """A worker that joins after the check, with another briefing, renders nothing."""
    spec, rows = merge_project(tmp_path / "project")
    client = cluster.connect(scheduler)
    try:
        monkeypatch.setattr(clusterwork, "_identity", ["briefing 0.0.9 (files 000000000000)"])
        jobs = [batch.Job(spec, row, f"r{row.number}") for row in load_recipients(rows)][:1]
        request = Request(out_dir=tmp_path / "out")
        [outcome] = list(cluster.on_cluster(jobs, request, client))
    finally:
        client.close()
    assert outcome.status == 2 and outcome.staged is None
    assert outcome.errors[0].startswith("briefing: --dask: worker on ")
    assert outcome.errors[0].endswith(
        "this client briefing 0.0.9 (files 000000000000); install the same briefing on every worker"
    )


def die(*_arguments: object) -> None:
    """A task that kills its worker (run on the worker instead of `clusterwork.render_chunk`)."""
    os._exit(1)


def test_dask_lost_worker_fails_its_rows(tmp_path, capsys, monkeypatch, scheduler):
    spec, rows = merge_project(tmp_path / "project")
    out = tmp_path / "out"
    assert (
        main(
            ["make", str(spec), "--recipients", str(rows), "--out-dir", str(out)]
            + ["--layout", "one-page", "--name", "{n}"]
        )
        == 2
    )
    capsys.readouterr()
    earlier = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(earlier) == ["1-one-page.pdf", "4-one-page.pdf"]
    monkeypatch.setattr(cluster, "render_chunk", die)
    arguments = [str(spec), "--recipients", str(rows), "--out-dir", str(out), "--name", "{n}"]
    status, out_lines, err = run(capsys, *arguments, "--layout", "one-page", "--dask", scheduler)
    assert status == 1
    assert out_lines == [out_lines[-1]]
    assert out_lines[-1].startswith("0 PDFs, 0 pages from 4 briefs in ")
    assert len(err) == 4
    for number, line in enumerate(err, start=1):
        assert line == (
            f"{rows}:{number + 1}:1: row {number}: the cluster did not return its brief "
            "(a worker died while building it); build it again"
        )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier  # nothing half-written


def test_dask_chunks():
    assert cluster.chunk_size(3, 2) == 1
    assert cluster.chunk_size(100, 2) == 13
    assert cluster.chunk_size(100_000, 8) == cluster.CHUNK


def test_dask_lost_scheduler_says_so_in_words(capfd):
    from distributed.client import FutureCancelledError

    lost = FutureCancelledError("_render_chunk-1f2e", reason="scheduler-connection-lost")
    assert cluster._reason(lost) == "the connection to the scheduler was lost"
    assert cluster._reason(FutureCancelledError("k", reason="x")) == "the cluster cancelled it"
    assert cluster._reason(OSError("disk\nfull")) == "OSError: disk"
    cluster._quiet()  # as `connect` does: Dask's own traceback never reaches the terminal
    logging.getLogger("distributed.client").error("Traceback (most recent call last):")
    logging.getLogger("distributed.comm.tcp").error("Connection refused")
    assert capfd.readouterr().err == ""


def test_dask_bundle_never_written_outside_its_folder(tmp_path, monkeypatch):
    """The worker trusts the client (a Dask client may run any code on a worker), but a bundle
    names files by their resolved paths, and a worker writes none outside its own folder."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(clusterwork, "_scratch", lambda: str(scratch))
    for name in ("/../../escaped.yaml", "relative.yaml", "/a/../../../escaped.yaml"):
        bundle = clusterwork.Bundle(name, {name: (b"title: x\n", 0)}, {name: "x.yaml"})
        with pytest.raises(ValueError) as refused:
            clusterwork.written(bundle)
        assert (
            str(refused.value) == f"briefing: --dask: refused a file outside the bundle: {name!r}"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scratch"]
    assert list(scratch.iterdir()) == []
    bundle = clusterwork.Bundle("k", {"/p/brief.yaml": (b"title: x\n", 0)}, {})
    folder = clusterwork.written(bundle)
    assert (folder / "p" / "brief.yaml").read_bytes() == b"title: x\n"
    assert folder.parent == scratch
    with pytest.raises(ValueError):
        clusterwork.under(folder, "/p/../../../etc/passwd")


def test_dask_template_of_briefing_own(tmp_path, capsys, scheduler, monkeypatch):
    """A template inside briefing's install (as `templates --show` names it) is the worker's
    own copy: the bundle leaves briefing's files out (every row failed: no such template)."""
    spec, rows = merge_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    own = Path(cluster.__file__).parent / "design" / "templates" / "default.yaml"
    arguments = ["brief.yaml", "--recipients", "rows.csv", "--template", str(own)]
    local = run(capsys, *arguments, "--out-dir", "local", "--layout", "multi-page")
    dask = run(
        capsys, *arguments, "--out-dir", "dask", "--layout", "multi-page", "--dask", scheduler
    )
    assert local[0] == dask[0] == 2
    assert [line.replace("local/", "dask/") for line in local[1][:-1]] == dask[1][:-1]
    assert local[2] == dask[2] and len(dask[2]) == 5  # row 2's five broken rules
    assert sorted(p.name for p in (tmp_path / "project" / "dask").iterdir()) == [
        "brief-0001-multi-page.pdf",
        "brief-0003-multi-page.pdf",
        "brief-0004-multi-page.pdf",
    ]
    for path in (tmp_path / "project" / "dask").iterdir():
        assert path.read_bytes() == (tmp_path / "project" / "local" / path.name).read_bytes()


def test_dask_silent_peer_and_worker_address(tmp_path, capsys, monkeypatch, scheduler):
    """A peer that accepts and never speaks waited on without end; a worker's address gave an
    internal error after 20 s and a traceback."""
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    spec, rows = merge_project(tmp_path / "project")
    arguments = [str(spec), "--recipients", str(rows), "--out-dir", str(tmp_path / "out")]
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        status, out, err = run(capsys, *arguments, "--dask", address)
    assert (status, out) == (2, [])
    assert err == [
        f"briefing: --dask {address!r}: cannot reach the scheduler within 1 s (no answer)"
    ]
    with Client(scheduler, set_as_default=False) as client:
        worker = sorted(client.scheduler_info()["workers"])[0]
    status, out, err = run(capsys, *arguments, "--dask", worker)
    assert (status, out) == (2, [])
    assert err == [
        f"briefing: --dask {worker!r}: a Dask worker answers there, not a scheduler; give the "
        "scheduler's address (a worker's log names it: 'Registered to:')"
    ]
    assert not (tmp_path / "out").exists()
