"""The test watchdog (tests/conftest.py) for real: an inner pytest run whose tests hang, with a budget of a
few seconds, must stop each one, show what it had started with its Python stack, kill it, and end the run
after the third."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

HERE = Path(__file__).resolve().parent

HANGING = '''
import os, subprocess, sys, time
from pathlib import Path

def _hang(name):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    Path(os.environ["PIDS"], name).write_text(str(child.pid))
    time.sleep(600)

def test_first():
    _hang("first")

def test_second():
    _hang("second")

def test_third():
    _hang("third")

def test_fourth_never_runs():
    Path(os.environ["PIDS"], "fourth").write_text("ran")
'''


@pytest.mark.slow
def test_hanging_tests_are_stopped_shown_and_killed_and_the_third_ends_the_run(tmp_path):
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_hanging.py").write_text(HANGING, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {**os.environ, "WRES_TEST_BUDGET_S": "4", "PIDS": str(pids)}
    env.pop("WRES_TEST_SESSION", None)
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
                           "--rootdir", str(tmp_path), str(tmp_path)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    took = time.monotonic() - began
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "test_first ran longer than 4 s and was stopped" in out
    assert "3 tests ran out of time" in out and not (pids / "fourth").exists()
    assert "time.sleep(600)" in out and "Thread" in out  # the child, with its stack from py-spy
    assert took < 120
    for name in ("first", "second", "third"):
        child = int((pids / name).read_text())
        assert not psutil.pid_exists(child) or psutil.Process(child).status() == psutil.STATUS_ZOMBIE
