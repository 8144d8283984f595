"""The output folder: checked before any work, held by one run at a time, written whole or not at all.

- :func:`prepare_output` makes the folder and proves it can be written, before a kernel starts; an
  unusable folder is an input fault naming it (:class:`OutputError`, exit status 2).
- :func:`output_lock` lets one ``wres batch`` or ``wres report`` at a time write into a folder. The lock
  is the operating system's lock on ``OUT/.wres/lock`` (``flock``; ``msvcrt.locking`` on Windows): it is
  released when the process ends however it ends, so a killed run never leaves a stale lock. A second
  run is refused at once with :class:`FolderInUse`, naming the folder and the run that holds it.
- :func:`place` moves a finished report folder into place in one rename; :func:`clear_leftovers` removes
  what a killed run left half-made (hidden ``.partial-*`` folders, replaced folders, temporary files),
  which only a run holding the lock may do.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wreslib.errors import DataError, Fault

#: wres's own hidden folder inside an output folder: the lock and the checksum cache.
STATE_DIR = ".wres"
LOCK_FILE = "lock"
#: Names of what a run makes before it is whole (all hidden: the index and readers never see them).
PARTIAL_PREFIX = ".partial-"
REPLACED_MARK = ".old-"
TEMP_SUFFIX = ".tmp"


class OutputError(DataError):
    """The output folder cannot be made or written (an input fault: exit status 2)."""


class FolderInUse(OutputError):
    """Another wres run is writing into the output folder."""


def _refusal(folder: Path, reason: str, heading: str = "The output folder cannot be used") -> OutputError:
    return OutputError(Fault(str(folder), reason, column="--out", value=str(folder)), heading=heading)


def prepare_output(out: str | Path) -> Path:
    """Make sure the output folder exists and can be written; a clear fault naming it otherwise."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".wres-write-test-", delete=True):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _refusal(folder, f"the output folder cannot be written ({reason}); choose another folder with "
                               "--out, or check its permissions") from None
    return folder


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(info["started"])))
        return f"{info['command']} (process {info['pid']} on {info['host']}, started {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another wres run"


def _try_lock(handle: int) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def output_lock(folder: str | Path, command: str) -> Iterator[Path]:
    """Hold the output folder for one run (see the module docstring); yields the folder.

    Raises
    ------
    FolderInUse
        Another run holds it; the message names the folder and that run.
    OutputError
        The lock file cannot be made (the folder cannot be written).
    """
    out = Path(folder)
    state = out / STATE_DIR
    path = state / LOCK_FILE
    try:
        state.mkdir(exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _refusal(out, f"the output folder cannot be written ({exc.strerror or type(exc).__name__}); "
                            "choose another folder with --out, or check its permissions") from None
    try:
        if not _try_lock(handle):
            raise FolderInUse(Fault(str(out), f"another wres run is writing into this folder: {_holder(path)}. "
                                    "Wait for it to finish, or give another folder with --out",
                                    column="--out", value=str(out)),
                              heading="The output folder is in use")
        info = {"command": command, "pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, json.dumps(info).encode("utf-8"))
        yield out
    finally:
        os.close(handle)  # closing releases the lock


def place(tmp: Path, final: Path) -> None:
    """Move a finished folder into place in one rename; an older one is replaced whole.

    Raises
    ------
    OutputError
        The folder cannot be put there (say, ``OUT/CODE`` is a file, or the folder stopped being writable).
    """
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is for sharing
        if final.exists():
            old = final.with_name(f".{final.name}{REPLACED_MARK}{os.getpid()}")
            os.replace(final, old)
            os.replace(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, final)
    except OSError as exc:
        raise _refusal(final, f"the report cannot be put in place ({exc.strerror or type(exc).__name__}: "
                              f"{exc.filename or final}); check that nothing else is in the way and that the "
                              "folder can be written", heading="A report folder cannot be written") from None


def write_text(path: Path, text: str) -> Path:
    """Write a file whole or not at all (a temporary file beside it, then one rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def clear_leftovers(out: Path) -> list[Path]:
    """Remove what an interrupted or killed run left half-made in ``out`` (call only while holding the lock).

    Returns what was removed. Report folders themselves are never touched: they are whole by construction
    (a report that a killed run had moved aside to replace is moved back).
    """
    removed = []
    for old in out.glob(f"*/.*{REPLACED_MARK}*"):
        # A run killed between the two renames of ``place``: the report it was replacing is whole; put it back.
        final = old.with_name(old.name[1:].split(REPLACED_MARK)[0])
        if old.is_dir() and not final.exists():
            os.replace(old, final)
    candidates = [*out.glob(f"{PARTIAL_PREFIX}*"), *out.glob(f".*{TEMP_SUFFIX}"),
                  *out.glob(f"*/.*{REPLACED_MARK}*"), *out.glob(f"*/*/.*{TEMP_SUFFIX}"),
                  *out.glob(f"{STATE_DIR}/.*{TEMP_SUFFIX}")]
    for path in candidates:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed
