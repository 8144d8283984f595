"""Faults caused for real, one report at a time: a kernel killed mid-report (by itself, and from outside
by the process id its manager holds), a cell that runs out of time, output folders that cannot be written.
Nothing here mocks the runner: each test runs the report notebook with papermill on a real kernel."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from wreslib.errors import ReportError
from wreslib.pipeline.kernel import KernelSlot, RunSettings
from wreslib.pipeline.render import CELL_TIMEOUT, KERNEL_DIED, OUTPUT, render_report

pytestmark = pytest.mark.notebook
ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "data" / "example"


def test_a_kernel_that_kills_itself_mid_report_costs_one_retry_and_nothing_else(tmp_path, pipe):
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-3",
                             code=pipe.kill_own_kernel_once(tmp_path, ("QHG",)))
    slot = KernelSlot(reuse=True)
    try:
        outcome = render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", kernel=slot, notebook=nb)
        restarted = slot.starts
    finally:
        slot.close()
    assert (tmp_path / "QHG.killed").exists()  # the kernel did die, in the cell of section indicator-3
    assert outcome.ok and outcome.attempts == 2
    assert restarted == 2  # one fresh kernel for the retry, no more
    assert pipe.report_is_whole(tmp_path / "out" / "QHG" / "2024")
    assert not list((tmp_path / "out").glob("_failed/*"))
    assert pipe.no_half_written(tmp_path / "out") == []


def test_a_kernel_killed_from_outside_by_its_process_id_is_replaced_and_the_report_made(tmp_path, pipe):
    started = tmp_path / "started"
    nb = pipe.fault_notebook(tmp_path / "nb", section="summary",
                             code=f"import pathlib as _p\n_p.Path({str(started)!r}).touch()\n"
                                  + pipe.sleep_for(("QHG",), 2))
    slot = KernelSlot(reuse=False)
    killed: list[int] = []

    def kill_once() -> None:
        # The kernel is making the report once its first section's cell has begun.
        if pipe.wait_for(lambda: started.exists() and slot.pid is not None, 120):
            time.sleep(0.5)
            pid = slot.pid
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    thread = threading.Thread(target=kill_once)
    thread.start()
    try:
        outcome = render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", kernel=slot, notebook=nb)
    finally:
        thread.join()
        slot.close()
    assert killed, "the kernel was never seen running"
    assert outcome.ok and outcome.attempts == 2
    assert pipe.alive(killed) == []
    assert pipe.report_is_whole(tmp_path / "out" / "QHG" / "2024")


def test_a_kernel_that_dies_on_every_try_fails_the_report_after_one_retry(tmp_path, pipe):
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-7",
                             code="import os as _os, signal as _s\n_os.kill(_os.getpid(), _s.SIGKILL)")
    slot = KernelSlot(reuse=True)
    try:
        with pytest.raises(ReportError) as caught:
            render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", kernel=slot, notebook=nb)
        starts = slot.starts
    finally:
        slot.close()
    assert caught.value.kind == KERNEL_DIED and caught.value.attempts == 2 and starts == 2
    assert "indicator-7" in str(caught.value)
    assert not (tmp_path / "out" / "QHG").exists()
    note = json.loads((tmp_path / "out" / "_failed" / "QHG-2024.json").read_text(encoding="utf-8"))
    assert note["kind"] == KERNEL_DIED


def test_a_cell_that_times_out_is_not_retried_and_is_named_by_its_section(tmp_path, pipe):
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-5", code=pipe.sleep_for(("QHG",), 600))
    slot = KernelSlot(reuse=True)
    began = time.monotonic()
    try:
        with pytest.raises(ReportError) as caught:
            render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", settings=RunSettings(cell_timeout=15), kernel=slot,
                          notebook=nb)
        starts = slot.starts
    finally:
        slot.close()
    assert time.monotonic() - began < 120
    assert caught.value.kind == CELL_TIMEOUT and caught.value.attempts == 1
    assert starts == 1  # no second kernel: a timeout is not a failed start, and is not retried
    assert "the cell of section 'indicator-5' ran longer than 15 s" in str(caught.value)
    assert "did not start" not in str(caught.value)
    note = json.loads((tmp_path / "out" / "_failed" / "QHG-2024.json").read_text(encoding="utf-8"))
    assert note["kind"] == CELL_TIMEOUT and "indicator-5" in note["message"]
    assert (tmp_path / "out" / "_failed" / "QHG-2024.ipynb").exists()  # the partial notebook, for debugging
    assert not (tmp_path / "out" / "QHG").exists()


def test_the_kernel_keeps_no_output_history_between_reports(tmp_path):
    from jupyter_core.utils import run_sync

    printed: list[str] = []
    slot = KernelSlot(reuse=True)
    try:
        render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", kernel=slot)
        reply = run_sync(slot.kc.execute_interactive)(
            "import sys; print(get_ipython().displayhook.cache_size, len(Out), 'history', "
            "get_ipython().history_manager.enabled)", timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    finally:
        slot.close()
    assert reply["content"]["status"] == "ok"
    assert "".join(printed).split() == ["0", "0", "history", "False"]



@pytest.mark.parametrize("command", [["report", "--org", "QHG"], ["batch"]])
def test_an_output_folder_that_cannot_be_written_is_exit_2_naming_it_before_any_work(tmp_path, pipe, command):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        began = time.monotonic()
        proc = subprocess.run([*pipe.unprivileged(), *pipe.WRES, *command, "--data", str(EXAMPLE), "--year", "2024",
                               "--out", str(out), "--cell-timeout", "60"],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        took = time.monotonic() - began
    finally:
        out.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert str(out) in proc.stderr and "cannot be written" in proc.stderr
    assert "bug" not in proc.stderr and "Traceback" not in proc.stderr
    assert list(out.iterdir()) == []  # nothing started: no lock, no partial folder
    assert took < 20


def test_a_batch_into_a_folder_under_a_file_is_exit_2_naming_it(tmp_path, pipe):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = pipe.run_wres("batch", "--data", str(EXAMPLE), "--year", "2024", "--out", str(blocker / "out"),
                         "--no-progress")
    assert proc.returncode == 2, proc.stderr
    assert str(blocker / "out") in proc.stderr and "bug" not in proc.stderr


def test_a_report_that_cannot_be_put_in_place_fails_alone_naming_the_path(tmp_path, pipe):
    out = tmp_path / "out"
    out.mkdir()
    (out / "QHG").write_text("a file where the report folder goes")
    proc = pipe.run_wres("batch", "--data", str(EXAMPLE), "--year", "2024", "--out", str(out), "--no-progress")
    assert proc.returncode == 1, proc.stderr
    assert "FAILED QHG" in proc.stderr and str(out / "QHG") in proc.stderr
    assert "bug" not in proc.stderr and "internal error" not in proc.stderr
    note = json.loads((out / "_failed" / "QHG-2024.json").read_text(encoding="utf-8"))
    assert note["kind"] == OUTPUT
    assert not list(out.glob(".partial-*"))


def test_a_signal_while_a_report_is_made_in_process_stops_it_without_a_retry(tmp_path, pipe):
    # nbclient answers SIGINT by shutting the kernel down; that must read as "stopped", not as a dead kernel.
    started = tmp_path / "started"
    nb = pipe.fault_notebook(tmp_path / "nb", section="indicator-2",
                             code=f"import pathlib as _p\n_p.Path({str(started)!r}).touch()\n"
                                  + pipe.sleep_for(("QHG",), 30))
    slot = KernelSlot(reuse=True)

    def interrupt() -> None:
        if pipe.wait_for(started.exists, 120):
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGINT)

    thread = threading.Thread(target=interrupt)
    thread.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", kernel=slot, notebook=nb)
        starts = slot.starts
    finally:
        thread.join()
        slot.close()
    assert starts == 1
    assert pipe.no_half_written(tmp_path / "out") == []
    assert not (tmp_path / "out" / "QHG").exists()


def test_wres_report_stopped_by_ctrl_c_leaves_nothing_half_made_and_no_process(tmp_path, pipe):
    out = tmp_path / "out"
    proc = subprocess.Popen([*pipe.WRES, "report", "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--out",
                             str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The render job has begun: its hidden folder exists (the notebook takes seconds from here).
        assert pipe.wait_for(lambda: any(out.glob(".partial-QHG-*")), 120, step=0.02), "the report never began"
        family = pipe.descendants(proc.pid)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted; no report was made for QHG 2024" in err and "Traceback" not in err
    assert pipe.wait_for(lambda: pipe.alive(family) == [], 5), pipe.alive(family)
    assert pipe.no_half_written(out) == [] and not (out / "QHG").exists()
    again = pipe.run_wres("report", "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert pipe.report_is_whole(out / "QHG" / "2024")
