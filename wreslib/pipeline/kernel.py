"""A notebook kernel kept alive across reports, and notebook execution with papermill.

Kernel start-up and the imports of pandas, scipy and matplotlib dominate the cost of a report (batch
pitfall 2), so a batch worker keeps one kernel and lets papermill run each report on it. This is safe
because every run of a wres notebook re-assigns every name it uses and wreslib keeps no state between
calls. The kernel is restarted after ``KERNEL_MAX_USES`` reports, after a failed report, and whenever it
has died. Kernels talk over IPC (Unix sockets in a private folder), not TCP: no port can be taken by a
parallel start (pitfall 1), and nothing is sent over the network.

Failures are told apart by their exception classes, never by their messages: a kernel that did not start
(retried), a cell that timed out (not retried: it would time out again), a cell that raised.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wreslib.errors import ReportError

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 300
KERNEL_START_TIMEOUT_S = 120
KERNEL_START_TRIES = 3
#: A worker's kernel is restarted after this many reports, so that no memory growth can build up.
KERNEL_MAX_USES = 50


class CellTimeout(ReportError):
    """A notebook cell ran longer than the cell timeout."""


class KernelDied(ReportError):
    """The kernel process died while the notebook ran."""


@dataclass(frozen=True)
class RunSettings:
    """How notebooks are run: the kernel's name and the timeout of each cell (seconds)."""

    cell_timeout: int = CELL_TIMEOUT_S
    kernel_name: str = KERNEL_NAME


class KernelSlot:
    """One kernel a worker runs notebooks on, started on first use and restarted when needed."""

    def __init__(self, kernel_name: str = KERNEL_NAME, reuse: bool = True) -> None:
        self.kernel_name = kernel_name
        self.reuse = reuse
        self.km: Any = None
        self.uses = 0
        self._dir: str | None = None

    def acquire(self) -> Any:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if self.km is not None and (not self.reuse or self.uses >= KERNEL_MAX_USES
                                    or not (self.km.has_kernel and run_sync(self.km.is_alive)())):
            self.release()
        if self.km is None:
            self._dir = self._dir or tempfile.mkdtemp(prefix="wres-kernel-")
            self.km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc",
                                         ip=os.path.join(self._dir, "k"))
            self.uses = 0
        self.uses += 1
        return self.km

    def start(self, timeout: float = KERNEL_START_TIMEOUT_S) -> Any:
        """Start the kernel if it is not running and wait until it answers; returns its manager.

        Any failure here is a failure to start (told apart by where it happened, not by its message).
        """
        from jupyter_core.utils import run_sync

        km = self.acquire()
        if not km.has_kernel:
            run_sync(km.start_kernel)()
            client = km.client()
            client.start_channels()
            try:
                run_sync(client.wait_for_ready)(timeout=timeout)
            finally:
                client.stop_channels()
        return km

    def release(self) -> None:
        """Shut the kernel down (it is started again on the next report)."""
        from jupyter_core.utils import run_sync

        km, self.km = self.km, None
        if km is None:
            return
        try:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        except Exception as exc:  # a kernel that is already gone needs no shutting down
            log.debug("kernel shutdown: %s", exc)

    def close(self) -> None:
        self.release()
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def execute(notebook: Path, output: Path, parameters: dict[str, Any], settings: RunSettings, slot: KernelSlot,
            cwd: Path | None = None) -> None:
    """Run ``notebook`` with ``parameters`` on ``slot``'s kernel and save the executed copy to ``output``.

    Raises
    ------
    CellTimeout
        A cell ran longer than ``settings.cell_timeout`` (not retried); the message names the cell.
    KernelDied
        The kernel died while the notebook ran.
    papermill.PapermillExecutionError
        A cell raised an exception.
    ReportError
        The kernel did not start after ``KERNEL_START_TRIES`` tries.
    """
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    km = None
    for attempt in range(1, KERNEL_START_TRIES + 1):
        try:
            km = slot.start()
            break
        except Exception as exc:  # whatever stopped the kernel starting: try a fresh one
            slot.release()
            log.warning("kernel start failed (attempt %d of %d): %s", attempt, KERNEL_START_TRIES, exc)
            if attempt == KERNEL_START_TRIES:
                raise ReportError(f"the notebook kernel did not start after {KERNEL_START_TRIES} tries "
                                  f"({type(exc).__name__}: {exc})") from exc
            time.sleep(0.5 * attempt)
    try:
        pm.execute_notebook(
            str(notebook), str(output), parameters=parameters, kernel_name=settings.kernel_name,
            execution_timeout=settings.cell_timeout, start_timeout=KERNEL_START_TIMEOUT_S, progress_bar=False,
            log_output=False, request_save_on_cell_execute=False, cwd=str(cwd) if cwd else None, km=km,
        )
    except CellTimeoutError as exc:
        slot.release()
        raise CellTimeout(f"a cell ran longer than {settings.cell_timeout} s ({_cell_of(output)})") from exc
    except DeadKernelError as exc:
        slot.release()
        raise KernelDied("the notebook's kernel died while the report was being made") from exc
    except BaseException:
        # After any other failure (a cell that raised, an interrupt) the kernel's state is unknown.
        slot.release()
        raise
    if not slot.reuse:
        slot.release()


def _cell_of(output: Path) -> str:
    """Which cell timed out, by its id (a wres notebook names its cells after the report's sections)."""
    try:
        import nbformat

        nb = nbformat.read(str(output), as_version=4)
        for cell in nb.cells:
            if cell.get("metadata", {}).get("papermill", {}).get("status") == "running":
                return f"the cell of section {cell.get('id', '?')!r}"
    except Exception:  # the partial notebook may not be readable yet
        pass
    return "cell unknown"
