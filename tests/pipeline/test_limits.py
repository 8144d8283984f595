"""The pipeline's bounds on waiting, without a kernel: how long a batch worker may begin no new step before
it is taken for stuck, and where a kernel's Unix sockets go when the temporary folder is too deep for them."""

from __future__ import annotations

import os
import shutil
import tempfile

from wreslib.pipeline.batch import stall_limit
from wreslib.pipeline.kernel import SOCKET_NAME_EXAMPLE, RunSettings, socket_folder
from wreslib.pipeline.pdf import chromium_environment


def test_a_stuck_worker_is_one_minute_past_the_longest_step_any_other_timeout_allows():
    # By hand: the default cell timeout is 300 s, a kernel start 120 s, the board pack 2 x 120 s (with and
    # without Chromium's sandbox); the grace is 60 s.
    assert stall_limit(RunSettings()) == 300 + 60
    assert stall_limit(RunSettings(cell_timeout=20)) == 120 + 60
    assert stall_limit(RunSettings(cell_timeout=20, pdf=True)) == 240 + 60
    assert stall_limit(RunSettings(cell_timeout=900, pdf=True)) == 900 + 60
    assert stall_limit(RunSettings(stall_timeout=30)) == 30


def test_sockets_go_in_the_folder_given_when_their_paths_fit():
    given = tempfile.mkdtemp(prefix="w", dir="/tmp")  # short, whatever TMPDIR is
    try:
        folder = socket_folder(given)
        assert os.path.dirname(folder) == given
        assert os.path.basename(folder).startswith("wres-kernel-")
    finally:
        shutil.rmtree(given)


def test_chromium_is_started_with_a_temporary_folder_short_enough_for_its_socket(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")
    assert chromium_environment().get("TMPDIR") == os.environ.get("TMPDIR")  # short enough: left as it is
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    assert chromium_environment()["TMPDIR"] == "/tmp"


def test_sockets_move_to_a_shorter_folder_when_the_one_given_is_too_deep(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    folder = socket_folder(str(deep))
    try:
        assert not folder.startswith(str(deep))
        # A Unix socket's path holds 108 bytes on Linux with its final NUL (104 on macOS).
        assert len(os.path.join(folder, SOCKET_NAME_EXAMPLE).encode()) < 104
    finally:
        os.rmdir(folder)
    assert list(deep.iterdir()) == []  # nothing left behind in the deep folder
