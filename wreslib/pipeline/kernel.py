"""A notebook kernel kept alive across reports, and notebook execution with papermill.

Kernel start-up and the imports of pandas, scipy and matplotlib dominate the cost of a report (batch
pitfall 2), so a batch worker keeps one kernel and lets papermill run each report on it. This is safe
because every run of a wres notebook re-assigns every name it uses and wreslib keeps no state between
calls. A kernel is warmed as soon as it starts (:func:`warm`: it imports the report's libraries, draws a
chart and reads the data into wreslib's cache), so that its first report costs what every other one does.
It keeps no output history (``cache_size=0``, no history database), so its memory stays flat over hundreds
of reports, and it is replaced after ``KERNEL_MAX_USES`` reports, after a failed report, and whenever it
has died. Kernels talk over IPC (Unix sockets in a private folder), not TCP: no port can be taken by a
parallel start (pitfall 1), and nothing is sent over the network.

Failures are told apart by their exception classes and by where they happen, never by their messages: a
kernel that did not start (:class:`KernelStartError`, retried ``KERNEL_START_TRIES`` times), a kernel
that died while the notebook ran (:class:`KernelDied`: the render job retries the report once), a cell
that ran out of time (:class:`CellTimeout`, not retried: it would time out again; it names the cell's
section), a cell that raised (papermill's ``PapermillExecutionError``).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wreslib.errors import ReportError

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 300
KERNEL_START_TIMEOUT_S = 120
KERNEL_START_TRIES = 3
#: A worker's kernel is replaced after this many reports: a bound on whatever memory a library might keep.
KERNEL_MAX_USES = 100
#: Kernel options: no output cache (``Out`` would keep every report's sections and charts alive) and no
#: history database (parallel kernels would contend for one SQLite file).
KERNEL_ARGUMENTS = ("--InteractiveShell.cache_size=0", "--HistoryManager.enabled=False")
#: The longest path a Unix socket may have (``sun_path`` holds 108 bytes on Linux, 104 on macOS, with the
#: final NUL), and the longest name jupyter_client gives a kernel's socket in its folder (``k-`` and a
#: five-digit number, as ``ip-port``).
SOCKET_PATH_MAX = 103
SOCKET_NAME_EXAMPLE = "k-65535"
#: The temporary folder sockets move to when the one set (TMPDIR) is too deep for them.
SHORT_TEMP = "/tmp"
#: The papermill engine wres runs notebooks with (papermill's own, keeping hold of the notebook it runs).
ENGINE = "wres"
#: Run in a kernel as soon as it has started (see :func:`warm`); ``{data}`` is the data folder.
WARM_UP = "from wreslib.pipeline.kernel import warm as _wres_warm\n_wres_warm({data!r})\ndel _wres_warm\n"


def warm(data_dir: str | None = None) -> None:
    """Pay in advance, in a kernel that has just started, what a report pays only the first time.

    That is importing the report's libraries (wreslib's report product, pandas' table styling, matplotlib's
    figure, the SVG back end, openpyxl), matplotlib's first font look-ups and text layout, and reading the
    data (wreslib keeps it, keyed by the files' checksum). Measured, this costs less than half of rendering
    a whole example report, and leaves the first report no dearer than the next. Runs in a batch's kernels
    while the batch validates the data.
    """
    import matplotlib.backends.backend_svg  # noqa: F401
    import openpyxl  # noqa: F401
    import pandas.io.formats.style  # noqa: F401

    import wreslib.export
    import wreslib.products.report.exports  # noqa: F401
    from wreslib.data.read import read_data
    from wreslib.present import charts as kit

    fig = kit.canvas(2.0, 1.0)
    panel = kit.Panel(fig, (0.2, 0.2, 0.8, 0.9), x=(0.0, 1.0), y=(0.5, 2.0), ylog=True)
    panel.axis("x", [0.0, 1.0], grid=True, title="warm")
    panel.legend([panel.line([0.0], [1.0], marker="o", label="warm"), *panel.bars([0.5], [1.0], 0.2, hatch="//")])
    kit.Chart(fig, "", "").svg()
    if data_dir:
        read_data(data_dir)


class KernelStartError(ReportError):
    """The notebook kernel did not start (after every try)."""


class CellTimeout(ReportError):
    """A notebook cell ran longer than the cell timeout; ``section`` names the cell (its id)."""

    def __init__(self, message: str, section: str | None = None) -> None:
        super().__init__(message)
        self.section = section


class KernelDied(ReportError):
    """The kernel process died while the notebook ran; ``section`` names the cell that was running."""

    def __init__(self, message: str, section: str | None = None) -> None:
        super().__init__(message)
        self.section = section


@dataclass(frozen=True)
class RunSettings:
    """How notebooks are run: the kernel's name and the timeout of each cell (seconds), whether each page is
    also printed to an A4 PDF, the board pack (:mod:`wreslib.pipeline.pdf`), and how long a batch worker may
    begin no new step before it is taken for stuck (None: :func:`wreslib.pipeline.batch.stall_limit`
    derives it from the other timeouts)."""

    cell_timeout: int = CELL_TIMEOUT_S
    kernel_name: str = KERNEL_NAME
    pdf: bool = False
    stall_timeout: float | None = None


def light_imports() -> None:
    """Skip the one costly import that papermill and nbconvert never use, before importing them.

    jsonschema (under nbformat) imports ``rfc3987_syntax`` when it is installed, only to check the "iri"
    string format, which no notebook schema uses; importing it compiles a grammar, 1.7 s of every process
    that imports papermill or nbconvert (python-jsonschema #1392, #1521). Marking it absent makes
    jsonschema skip that format checker. Nothing else changes; a process that has already imported it
    keeps it.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def trust_outputs() -> None:
    """Let nbclient take each output the kernel sends without checking it against the notebook schema.

    nbformat checks every output it builds from a kernel message (``nbformat.v4.nbbase.new_output``) with
    jsonschema's full validator: about 0.1 s of a batch worker's CPU per report, an eighth of its work.
    The outputs are what wres's own cells displayed through IPython, and the whole executed notebook is
    still checked against the schema when papermill writes it (``nbformat.writes``). Called once in each
    batch worker; other processes keep nbformat's checks.
    """
    import nbformat.v4.nbbase as nbbase

    nbbase.validate = lambda node, ref=None: None


class KernelSlot:
    """One kernel a worker runs notebooks on, with one client kept open to it; started on first use (or by
    :meth:`start`) and replaced when needed.

    Parameters
    ----------
    kernel_name : str
        The Jupyter kernel to start.
    reuse : bool
        Keep the kernel for the next report (a batch worker) or shut it down after each (``wres report``).
    warm_data : str, optional
        A data folder the kernel reads into wreslib's cache as it starts (with :data:`WARM_UP`).
    on_start : callable, optional
        Called with the kernel's process id after each start, so that whoever supervises this worker can
        stop the kernel even if the worker itself is killed.
    sockets : str, optional
        The folder to make the kernel's socket folder in (default: the system's temporary folder), so that
        a supervisor can remove what a killed worker leaves.
    on_step : callable, optional
        Called with a few words each time the slot begins a step that may take a while (starting the
        kernel, warming it), so that a supervisor can tell a slow worker from a stuck one.
    """

    def __init__(self, kernel_name: str = KERNEL_NAME, reuse: bool = True, *, warm_data: str | None = None,
                 on_start: Callable[[int], None] | None = None, sockets: str | None = None,
                 on_step: Callable[[str], None] | None = None) -> None:
        self.kernel_name = kernel_name
        self.reuse = reuse
        self.warm_data = warm_data
        self.on_start = on_start
        self.sockets = sockets
        self.on_step = on_step or (lambda step: None)
        self.km: Any = None
        self.kc: Any = None
        self.uses = 0
        self.starts = 0
        self._dir: str | None = None

    @property
    def pid(self) -> int | None:
        """The running kernel's process id (None when no kernel runs)."""
        provisioner = getattr(self.km, "provisioner", None) if self.km is not None else None
        return getattr(provisioner, "pid", None) if provisioner is not None else None

    def alive(self) -> bool:
        """Whether the kernel process is running."""
        from jupyter_core.utils import run_sync

        return bool(self.km is not None and self.km.has_kernel and run_sync(self.km.is_alive)())

    def start(self, timeout: float = KERNEL_START_TIMEOUT_S) -> Any:
        """Start the kernel if it is not running, wait until it answers and warm it; returns its manager.

        Raises
        ------
        KernelStartError
            Whatever stopped it (told apart by where it happened, not by its message); the slot is empty
            again, so the next call starts afresh.
        """
        from jupyter_core.utils import run_sync

        if self.km is not None and (self.uses >= KERNEL_MAX_USES or not self.alive()):
            self.release()
        if self.km is not None:
            return self.km
        from jupyter_client.manager import AsyncKernelManager

        self._dir = self._dir or socket_folder(self.sockets)
        km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc", ip=os.path.join(self._dir, "k"),
                                connection_file=os.path.join(self._dir, "kernel.json"))
        self.km, self.uses = km, 0
        try:
            self.on_step("starting the kernel")
            run_sync(km.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS))
            self.starts += 1
            if self.on_start is not None and self.pid is not None:
                self.on_start(self.pid)
            # One client for the kernel's life: papermill's runs reuse it (nbclient would open one per run
            # and, not owning the kernel, never close it).
            self.kc = km.client()
            self.kc.allow_stdin = False
            self.kc.start_channels()
            run_sync(self.kc.wait_for_ready)(timeout=timeout)
            if self.reuse:
                self.on_step("warming the kernel")
                self._warm(timeout)
        except Exception as exc:
            self.release()
            raise KernelStartError(f"the notebook kernel did not start ({type(exc).__name__}: {exc})") from exc
        return km

    def _warm(self, timeout: float) -> None:
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(WARM_UP.format(data=self.warm_data or ""), silent=True,
                                                      store_history=False, timeout=timeout,
                                                      output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":  # a kernel that cannot import wreslib cannot make reports
            content = reply["content"]
            raise RuntimeError(f"warming the kernel failed: {content.get('ename')}: {content.get('evalue')}")

    def use(self) -> Any:
        """The started kernel's manager for one more report (starting it if needed)."""
        km = self.start()
        self.uses += 1
        return km

    def release(self) -> None:
        """Shut the kernel down now (the next report starts another)."""
        from jupyter_core.utils import run_sync

        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception as exc:  # a client of a dead kernel may be half closed already
                log.debug("kernel client: %s", exc)
        if km is None:
            return
        try:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        except Exception as exc:  # a kernel that is already gone needs no shutting down
            log.debug("kernel shutdown: %s", exc)
            self.kill_process(km)

    def kill_process(self, km: Any = None) -> None:
        """Kill the kernel's process group at once, without talking to it (for interruption and tests)."""
        provisioner = getattr(km or self.km, "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        if pid:
            stop_process_group(pid)

    def close(self) -> None:
        """Shut the kernel down and remove its socket folder."""
        self.release()
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def socket_fits(path: str) -> bool:
    """Whether a Unix socket can have ``path`` (no longer than :data:`SOCKET_PATH_MAX` bytes)."""
    return len(os.fsencode(path)) <= SOCKET_PATH_MAX


def socket_folder(parent: str | None = None) -> str:
    """A new private folder for one kernel's Unix sockets, in ``parent`` (default: the system's temporary
    folder), or in the system's root temporary folder when ``parent`` is so deep that the sockets' paths
    would pass the length a Unix socket's path may have (:data:`SOCKET_PATH_MAX`; a kernel then fails to
    bind them); a path that long even there is an error that names it."""
    for base in (parent, None, SHORT_TEMP):
        folder = tempfile.mkdtemp(prefix="wres-kernel-", dir=base)
        if socket_fits(os.path.join(folder, SOCKET_NAME_EXAMPLE)):
            return folder
        os.rmdir(folder)
    raise KernelStartError(f"the folder for the kernel's sockets ({folder}) is too deep for a Unix socket path; "
                           "set TMPDIR to a shorter folder")


def stop_process_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the process group a process leads (a local kernel, or Chromium printing a PDF, starts
    its own session), or to the process where there are no process groups; a process that is already gone
    is not an error."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, sig)
        else:  # pragma: no cover - Windows
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError, OSError):
        pass


@cache
def _engine() -> str:
    """Register wres's papermill engine (see ``HeldEngine``), once per process."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class HeldEngine(NBClientEngine):
        """papermill's nbclient engine with two differences: it runs on the kernel client ``kc`` it is given,
        which the kernel slot keeps open for the kernel's life; and it hands the notebook being run and the
        notebook client to ``held`` (a dict), so that after a timeout or a dead kernel the caller still has
        the partial notebook, can tell which cell was running, and can tell whether a signal stopped it."""

        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                     execution_timeout: int | None = None, held: dict[str, Any] | None = None,
                                     kc: Any = None, **kwargs: Any) -> Any:
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
                                             kernel_name=kernel_name, log=logging.getLogger("papermill"),
                                             log_output=log_output, stdout_file=stdout_file,
                                             stderr_file=stderr_file, **kwargs)
            client.kc = kc
            if held is not None:
                held.update(nb=nb_man.nb, client=client)
            return client.execute()

    papermill_engines.register(ENGINE, HeldEngine)
    return ENGINE


def _signalled(client: Any) -> bool:
    """Whether a SIGINT or SIGTERM reached nbclient while it ran the notebook: nbclient handles them itself,
    by shutting the kernel down, which would otherwise look like a kernel that died."""
    return getattr(client, "_async_cleanup_kernel_future", None) is not None


def running_section(nb: Any) -> str | None:
    """The id of the cell papermill started last (a wres notebook names its cells after its sections).

    papermill stamps each cell with a start time as it begins it; the cell that ran out of time, or was
    running when the kernel died, is the last one stamped.
    """
    started = [cell for cell in nb.cells if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    return str(started[-1].get("id")) if started else None


def execute(notebook: Path, output: Path, parameters: dict[str, Any], settings: RunSettings, slot: KernelSlot,
            cwd: Path | None = None) -> Any:
    """Run ``notebook`` with ``parameters`` on ``slot``'s kernel, save the executed copy to ``output`` and
    return it (a notebook node).

    On a timeout or a dead kernel the partial notebook is saved to ``output`` too (for debugging).

    Raises
    ------
    KernelStartError
        The kernel did not start after ``KERNEL_START_TRIES`` tries.
    CellTimeout
        A cell ran longer than ``settings.cell_timeout`` (not retried); it names the cell's section.
    KernelDied
        The kernel died while the notebook ran.
    papermill.PapermillExecutionError
        A cell raised an exception.
    """
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    km = None
    for attempt in range(1, KERNEL_START_TRIES + 1):
        try:
            km = slot.use()
            break
        except KernelStartError as exc:
            log.warning("kernel start failed (attempt %d of %d): %s", attempt, KERNEL_START_TRIES, exc)
            if attempt == KERNEL_START_TRIES:
                raise KernelStartError(f"the notebook kernel did not start after {KERNEL_START_TRIES} tries "
                                       f"({exc})") from exc
            time.sleep(0.5 * attempt)
    held: dict[str, Any] = {}
    try:
        nb = pm.execute_notebook(
            str(notebook), str(output), parameters=parameters, kernel_name=settings.kernel_name,
            engine_name=_engine(), held=held, kc=slot.kc, execution_timeout=settings.cell_timeout,
            start_timeout=KERNEL_START_TIMEOUT_S, progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, cwd=str(cwd) if cwd else None, km=km,
            on_cell_start=lambda cell, cell_index: slot.on_step(f"running the cell of section {cell.get('id')!r}"),
        )
    except PapermillExecutionError:
        slot.release()  # papermill has saved the notebook with the cell's error
        raise
    except BaseException as exc:
        section = running_section(held["nb"]) if "nb" in held else None
        if _signalled(held.get("client")):
            slot.release()
            raise KeyboardInterrupt("stopped by a signal while the report was being made") from exc
        died = isinstance(exc, DeadKernelError) or (isinstance(exc, Exception) and not slot.alive())
        if "nb" in held and isinstance(exc, Exception):
            try:
                nbformat.write(held["nb"], str(output))
            except Exception as write_error:  # the partial notebook is a courtesy; the fault is reported
                log.debug("partial notebook not saved: %s", write_error)
        slot.release()
        where = f" (in the cell of section {section!r})" if section else ""
        if isinstance(exc, CellTimeoutError):
            raise CellTimeout(f"the cell of section {section!r} ran longer than {settings.cell_timeout} s"
                              if section else f"a cell ran longer than {settings.cell_timeout} s",
                              section) from exc
        if died:
            raise KernelDied(f"the notebook's kernel died while the report was being made{where}", section) from exc
        raise
    if not slot.reuse:
        slot.release()
    return nb
