"""Batches for real: incremental reruns, interruption by signals, two batches into one folder, and faults
in the middle of a batch (a kernel that dies, a cell that runs out of time, a worker process killed).
Each test runs ``wres batch`` (as a process where a signal is sent to it) on real kernels."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from wreslib.pipeline.batch import run_batch
from wreslib.pipeline.kernel import RunSettings
from wreslib.pipeline.render import CELL_TIMEOUT, WORKER_DIED

pytestmark = pytest.mark.notebook
ROOT = Path(__file__).parents[2]
SYNTHETIC = ROOT / "data" / "synthetic"
THREE = "ZS001,ZS002,ZS003"


def _batch(pipe, data: Path, out: Path, *extra: str, orgs: str = THREE) -> subprocess.CompletedProcess:
    return pipe.run_wres("batch", "--data", str(data), "--year", "2024", "--orgs", orgs, "--jobs", "2",
                         "--out", str(out), "--no-progress", *extra)


def _files(out: Path, org: str) -> dict[str, tuple[int, int]]:
    """Each file of a report folder with its inode and modification time (a remade report has new ones)."""
    folder = out / org / "2024"
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit_headcount(data: Path, org: str) -> None:
    path = data / "workforce.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("headcount")
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[header.index("org_code")] == org and cells[header.index("year")] == "2024":
            cells[col] = str(int(cells[col]) + 7)
            lines[i] = ",".join(cells)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_rerun_remakes_only_what_changed_and_says_so(tmp_path, pipe, synthetic_copy):
    out = tmp_path / "out"
    first = _batch(pipe, synthetic_copy, out)
    assert first.returncode == 0, first.stderr
    assert "3 made" in first.stdout
    before = {org: _files(out, org) for org in THREE.split(",")}
    page = (out / "ZS001" / "2024" / "report.html").read_bytes()

    began = time.monotonic()
    again = _batch(pipe, synthetic_copy, out)
    took = time.monotonic() - began
    assert again.returncode == 0, again.stderr
    assert "3 up to date" in again.stdout and "made" not in again.stdout
    assert took < 5, f"a rerun with nothing to do took {took:.1f} s"
    assert {org: _files(out, org) for org in THREE.split(",")} == before

    # --force remakes every report, and the same inputs give the same page, byte for byte.
    forced = _batch(pipe, synthetic_copy, out, "--force")
    assert "3 remade" in forced.stdout, forced.stdout
    assert _files(out, "ZS001") != before["ZS001"]
    assert (out / "ZS001" / "2024" / "report.html").read_bytes() == page
    before = {org: _files(out, org) for org in THREE.split(",")}

    # Another organisation's rows (outside this batch) change: nothing of these three is out of date.
    _edit_headcount(synthetic_copy, "ZS009")
    other = _batch(pipe, synthetic_copy, out)
    assert "3 up to date" in other.stdout, other.stdout
    assert {org: _files(out, org) for org in THREE.split(",")} == before

    # One organisation's own rows change: only its report is remade.
    _edit_headcount(synthetic_copy, "ZS002")
    one = _batch(pipe, synthetic_copy, out)
    assert one.returncode == 0, one.stderr
    assert "2 up to date, 1 remade" in one.stdout
    assert "remade ZS002: its organisation's data changed" in one.stdout
    after = {org: _files(out, org) for org in THREE.split(",")}
    assert after["ZS001"] == before["ZS001"] and after["ZS003"] == before["ZS003"]
    assert after["ZS002"] != before["ZS002"]


def test_a_report_is_out_of_date_when_its_options_or_software_changed(tmp_path, pipe):
    out = tmp_path / "out"
    assert _batch(pipe, SYNTHETIC, out, orgs="ZS001,ZS002").returncode == 0
    relabelled = _batch(pipe, SYNTHETIC, out, "--bme-label", "Global Majority", orgs="ZS001,ZS002")
    assert "2 remade" in relabelled.stdout and "its parameters changed" in relabelled.stdout
    assert "Global Majority" in (out / "ZS001" / "2024" / "report.html").read_text(encoding="utf-8")
    # A report made by another version of a library that shapes reports is out of date.
    manifest_path = out / "ZS002" / "2024" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["build"]["software"]["matplotlib"] = "0.0.1"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    rerun = _batch(pipe, SYNTHETIC, out, "--bme-label", "Global Majority", orgs="ZS001,ZS002")
    assert "1 up to date, 1 remade" in rerun.stdout
    assert "remade ZS002: the software changed (matplotlib)" in rerun.stdout


def test_the_manifest_records_what_shaped_the_report(tmp_path, pipe):
    out = tmp_path / "out"
    assert _batch(pipe, SYNTHETIC, out, orgs="ZS001").returncode == 0
    manifest = json.loads((out / "ZS001" / "2024" / "manifest.json").read_text(encoding="utf-8"))
    from wreslib.data.read import read_data
    from wreslib.options import ReportOptions
    from wreslib.version import software

    build = manifest["build"]
    assert build["org_checksum"] == read_data(SYNTHETIC).org_checksum("ZS001")
    assert build["software"] == software()
    assert build["parameters"] == {"org_code": "ZS001", "year": 2024, **ReportOptions().as_parameters(),
                                   "data_label": "data/synthetic"}
    assert build["notebook"].startswith("sha256:")
    assert "private" not in json.dumps(manifest["files"])


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_batch_within_seconds_leaving_whole_folders_and_no_process(tmp_path, pipe, signum,
                                                                                      status):
    out = tmp_path / "out"
    orgs = "ZS001,ZS002,ZS003,ZS004,ZS005,ZS006"
    proc = subprocess.Popen([*pipe.WRES, "batch", "--data", str(SYNTHETIC), "--year", "2024", "--orgs", orgs,
                             "--jobs", "2", "--out", str(out), "--no-progress"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        # Mid-run: the first report is in place, others are being made.
        assert pipe.wait_for(lambda: any(out.glob("*/2024/manifest.json")), 240), "no report was made"
        family = pipe.descendants(proc.pid)
        assert len(family) >= 2  # workers and their kernels
        sent = time.monotonic()
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == status, err
    assert took < 10, f"stopping took {took:.1f} s"
    assert "interrupted" in err and "report" in err and "made" in err and "run the same command again" in err
    assert pipe.wait_for(lambda: pipe.alive(family) == [], 5), f"left running: {pipe.alive(family)}"
    assert pipe.no_half_written(out) == []
    made = sorted(p.parts[-3] for p in out.glob("*/2024/manifest.json"))
    assert f"{len(made)} report{'s' if len(made) != 1 else ''} made" in err
    # Running it again finishes the rest, and leaves the ones made alone.
    rest = _batch(pipe, SYNTHETIC, out, orgs=orgs)
    assert rest.returncode == 0, rest.stderr
    assert f"{len(made)} up to date" in rest.stdout and f"{6 - len(made)} made" in rest.stdout
    assert pipe.no_half_written(out) == []


def test_a_second_batch_into_the_same_folder_is_refused_and_the_first_is_unharmed(tmp_path, pipe):
    out = tmp_path / "out"
    first = subprocess.Popen([*pipe.WRES, "batch", "--data", str(SYNTHETIC), "--year", "2024", "--orgs", THREE,
                              "--jobs", "2", "--out", str(out), "--no-progress"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert pipe.wait_for(lambda: (out / ".wres" / "lock").exists()
                             and str(first.pid) in (out / ".wres" / "lock").read_text(), 60)
        began = time.monotonic()
        second = _batch(pipe, SYNTHETIC, out, orgs="ZS004,ZS005")
        refused_in = time.monotonic() - began
        single = pipe.run_wres("report", "--data", str(SYNTHETIC), "--org", "ZS006", "--year", "2024", "--out",
                               str(out))
        _, err_text = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    assert second.returncode == 2 and single.returncode == 2
    for refused in (second, single):
        assert "in use" in refused.stderr and str(out) in refused.stderr
        assert f"process {first.pid}" in refused.stderr and "wres batch" in refused.stderr
    assert refused_in < 10
    assert first.returncode == 0, err_text
    assert sorted(p.parts[-3] for p in out.glob("*/2024/manifest.json")) == THREE.split(",")
    assert pipe.no_half_written(out) == []


def test_a_kernel_that_dies_in_a_batch_costs_one_retry_of_that_report_only(tmp_path, pipe):
    flags = tmp_path / "flags"
    flags.mkdir()
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-4", code=pipe.kill_own_kernel_once(flags, ("ZS002",)))
    result = run_batch(SYNTHETIC, 2024, tmp_path / "out", orgs=THREE.split(","), jobs=2, progress=False, notebook=nb)
    assert (flags / "ZS002.killed").exists()
    assert [o.org_code for o in result.made] == THREE.split(",") and not result.failed
    assert {o.org_code: o.attempts for o in result.outcomes} == {"ZS001": 1, "ZS002": 2, "ZS003": 1}
    assert pipe.no_half_written(tmp_path / "out") == []


def test_a_cell_that_times_out_in_a_batch_fails_that_report_only_naming_its_section(tmp_path, pipe):
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-6", code=pipe.sleep_for(("ZS002",), 600))
    began = time.monotonic()
    result = run_batch(SYNTHETIC, 2024, tmp_path / "out", orgs=THREE.split(","), jobs=2, progress=False, notebook=nb,
                       settings=RunSettings(cell_timeout=20))
    assert time.monotonic() - began < 240
    assert [o.org_code for o in result.failed] == ["ZS002"]
    failed = result.failed[0]
    assert failed.kind == CELL_TIMEOUT and failed.attempts == 1
    assert "the cell of section 'indicator-6' ran longer than 20 s" in failed.message
    index = result.index.read_text(encoding="utf-8")
    assert "ZS002 2024" in index and "indicator-6" in index
    assert {o.org_code for o in result.made} == {"ZS001", "ZS003"}


def test_a_worker_process_killed_mid_report_is_replaced_and_the_report_made(tmp_path, pipe):
    started = tmp_path / "started"
    nb = pipe.fault_notebook(tmp_path / "nb", section="summary",
                             code=f"import os as _os, pathlib as _p\nif org_code == 'ZS002':\n"
                                  f"    _p.Path({str(started)!r}).write_text(str(_os.getpid()))\n"
                                  + pipe.sleep_for(("ZS002",), 3))
    import threading

    import psutil

    killed: list[int] = []

    def kill_worker() -> None:
        if pipe.wait_for(lambda: started.exists() and started.read_text(), 240):
            # The worker is the parent of the kernel making ZS002's report (which wrote its process id).
            worker = psutil.Process(int(started.read_text())).parent()
            assert worker.pid != os.getpid()
            worker.kill()
            killed.append(worker.pid)

    thread = threading.Thread(target=kill_worker)
    thread.start()
    try:
        result = run_batch(SYNTHETIC, 2024, tmp_path / "out", orgs=THREE.split(","), jobs=2, progress=False,
                           notebook=nb)
    finally:
        thread.join()
    assert killed
    assert not result.failed and {o.org_code for o in result.made} == set(THREE.split(","))
    assert pipe.no_half_written(tmp_path / "out") == []


def test_a_worker_that_stops_answering_is_stopped_and_its_report_failed_naming_the_step(tmp_path, pipe):
    """A worker frozen for real (SIGSTOP, sent by its own kernel in the middle of a cell) begins no new step:
    the supervisor stops it and its kernel after ``stall_timeout``, tries the report once more on a fresh
    worker, and then names the step it was stuck in; the other reports are made."""
    import psutil

    frozen = tmp_path / "frozen"
    frozen.mkdir()
    code = (f"import os as _os, pathlib as _p, signal as _s\n"
            f"if org_code == 'ZS002':\n"
            f"    _p.Path({str(frozen)!r}, str(_os.getpid())).write_text(str(_os.getppid()))\n"
            f"    _os.kill(_os.getppid(), _s.SIGSTOP)\n")
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-4", code=code)
    began = time.monotonic()
    result = run_batch(SYNTHETIC, 2024, tmp_path / "out", orgs=THREE.split(","), jobs=2, progress=False, notebook=nb,
                       settings=RunSettings(stall_timeout=30))
    assert time.monotonic() - began < 240
    assert {o.org_code for o in result.made} == {"ZS001", "ZS003"}
    [failed] = result.failed
    assert failed.org_code == "ZS002" and failed.kind == WORKER_DIED and failed.attempts == 2
    assert ("stopped answering (nothing for 30 s while running the cell of section 'indicator-4')"
            in failed.message), failed.message
    # Both tries froze their worker; every frozen worker and its kernel is gone.
    kernels = [int(p.name) for p in frozen.iterdir()]
    stopped = kernels + [int(p.read_text()) for p in frozen.iterdir()]
    assert len(kernels) == 2
    assert pipe.wait_for(lambda: pipe.alive(stopped) == [], 10), [psutil.Process(p).status() for p in
                                                                   pipe.alive(stopped)]
    assert pipe.no_half_written(tmp_path / "out") == []
    assert "ZS002 2024" in result.index.read_text(encoding="utf-8")


def test_a_batch_started_with_nohup_carries_on_when_its_terminal_hangs_up(tmp_path, pipe):
    """``nohup wres batch …`` ignores SIGHUP so that an overnight batch outlives the terminal it was started
    from: the batch must keep it ignored (and so must its workers), not take it for a request to stop."""
    out = tmp_path / "out"
    proc = subprocess.Popen(["nohup", *pipe.WRES, "batch", "--data", str(SYNTHETIC), "--year", "2024", "--orgs",
                             "ZS001,ZS002", "--jobs", "1", "--out", str(out), "--no-progress"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert pipe.wait_for(lambda: any(out.glob(".partial-*")), 240), "no report began"
        proc.send_signal(signal.SIGHUP)  # the terminal hangs up: its foreground process group gets SIGHUP
        for pid in pipe.descendants(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGHUP)
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert sorted(p.parts[-3] for p in out.glob("*/2024/manifest.json")) == ["ZS001", "ZS002"]
    assert pipe.no_half_written(out) == []
