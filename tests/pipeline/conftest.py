"""Helpers for the pipeline's tests: notebooks that fail on purpose, process trees, whole report folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SYNTHETIC = ROOT / "data" / "synthetic"
WRES = [sys.executable, "-m", "wreslib.cli"]
SHARED = ("report.html", "indicators.csv", "indicators.xlsx", "manifest.json")


def fault_notebook(folder: Path, *, section: str, code: str, name: str = "faulty.ipynb") -> Path:
    """The shipped report notebook with ``code`` run at the start of the cell of ``section`` (its id), so
    that a fault happens for real, mid-report, in the kernel."""
    nb = nbformat.read(str(ROOT / "notebooks" / "wres_report.ipynb"), as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == section)
    cell.source = code.rstrip() + "\n" + cell.source
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, str(path))
    return path


def kill_own_kernel_once(flags: Path, orgs: tuple[str, ...]) -> str:
    """Notebook code: the kernel kills itself (SIGKILL) the first time it makes one of ``orgs``' reports."""
    return (f"import os as _os, pathlib as _pathlib, signal as _signal\n"
            f"_flag = _pathlib.Path({str(flags)!r}) / (org_code + '.killed')\n"
            f"if org_code in {orgs!r} and not _flag.exists():\n"
            f"    _flag.touch()\n"
            f"    _os.kill(_os.getpid(), _signal.SIGKILL)\n")


def sleep_for(orgs: tuple[str, ...], seconds: float) -> str:
    """Notebook code: the cell sleeps for ``orgs``' reports."""
    return f"import time as _time\nif org_code in {orgs!r}:\n    _time.sleep({seconds})\n"


def report_is_whole(folder: Path) -> bool:
    """A report folder holds every shared file, a readable manifest and a finished page."""
    if not all((folder / name).is_file() for name in SHARED):
        return False
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    html = (folder / "report.html").read_text(encoding="utf-8")
    return manifest.get("kind") == "report" and html.rstrip().endswith("</html>") and (
        folder / "private" / "report.ipynb").is_file()


def no_half_written(out: Path) -> list[str]:
    """Whatever in ``out`` is neither a whole report folder nor wres's own bookkeeping."""
    problems = []
    for entry in out.iterdir():
        if entry.name in (".wres", "_failed", "index.html"):
            continue
        if entry.name.startswith("."):
            problems.append(entry.name)
            continue
        for year in entry.iterdir():
            if year.name.startswith(".") or not report_is_whole(year):
                problems.append(f"{entry.name}/{year.name}")
    return problems


def descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def alive(pids: list[int]) -> list[int]:
    import psutil

    found = []
    for pid in pids:
        try:
            p = psutil.Process(pid)
            if p.status() != psutil.STATUS_ZOMBIE:
                found.append(pid)
        except psutil.NoSuchProcess:
            pass
    return found


def wait_for(predicate, timeout: float, step: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def unprivileged() -> list[str]:
    """A command prefix under which file permissions apply (root ignores them): setpriv without the
    capabilities that override them; empty when not root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made to refuse writes")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def synthetic_copy(tmp_path: Path) -> Path:
    """A writable copy of the synthetic national demo data."""
    target = tmp_path / "data"
    shutil.copytree(SYNTHETIC, target)
    return target


#: The environment variable that marks every process one ``run_wres`` call starts (see there).
RUN_MARK = "WRES_TEST_RUN"
#: Seconds the processes a finished command started are given to end before they count as left behind.
LEFT_GRACE_S = 10.0


def started_by(marker: str) -> list:
    """The running processes (not zombies) whose environment carries ``marker`` as :data:`RUN_MARK`."""
    import psutil

    found = []
    for p in psutil.process_iter():
        try:
            if p.environ().get(RUN_MARK) == marker and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except psutil.Error:
            continue
    return found


def run_wres(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run ``wres`` as a user would and return what it printed; fail the test if it leaves any process
    running (a worker, a kernel, Chromium): every process it starts inherits a marker in its environment,
    so one whose parent has gone is found too, and is killed. Its output goes through files, not pipes, so
    that a process it left holding them cannot keep the test waiting."""
    import tempfile
    import uuid

    import psutil

    marker = uuid.uuid4().hex
    env = {**os.environ, **kwargs.pop("env", {}), RUN_MARK: marker}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        status = subprocess.run([*WRES, *args], stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT,
                                env=env, check=False, **kwargs).returncode
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess([*WRES, *args], status, out.read(), err.read())
    if not wait_for(lambda: started_by(marker) == [], LEFT_GRACE_S):
        left = started_by(marker)
        described = []
        for p in left:
            try:
                described.append(f"process {p.pid} ({p.status()}): {' '.join(p.cmdline())[:200]}")
                p.kill()
            except psutil.Error:
                continue
        pytest.fail(f"wres {' '.join(args)} (exit status {status}) left {len(left)} process(es) running "
                    f"{LEFT_GRACE_S:.0f} s after it ended:\n" + "\n".join(described) + f"\nstderr:\n{done.stderr}")
    return done


@pytest.fixture(scope="session")
def pipe():
    """The helpers above, for the test modules (conftest modules are not imported by name)."""
    from types import SimpleNamespace

    return SimpleNamespace(fault_notebook=fault_notebook, kill_own_kernel_once=kill_own_kernel_once,
                           sleep_for=sleep_for, report_is_whole=report_is_whole, no_half_written=no_half_written,
                           descendants=descendants, alive=alive, wait_for=wait_for, unprivileged=unprivileged,
                           run_wres=run_wres, WRES=WRES, ROOT=ROOT, SYNTHETIC=SYNTHETIC, SHARED=SHARED)
