"""A batch: every organisation's report (or those named) in long-lived worker processes, then the index.

Designed around the known pitfalls of papermill batches (``notebook-batch-pitfalls.md``) and for runs of
hundreds of reports overnight:

- **Warm before needed.** The workers start first, and each starts and warms its kernel (IPC transport,
  explicit kernel name) while the batch reads and validates the data, so that the first report costs
  what every other does.
- **Only what is out of date.** A report whose organisation's rows, parameters and software are
  unchanged is left as it is (:mod:`.freshness`); ``force`` remakes every one.
- **Whole or absent.** Each report folder appears in one rename (:mod:`.render`); the batch holds the
  output folder's lock (:mod:`.output`), so a second batch into the same folder is refused, not mixed in.
- **Faults stay small.** A failing organisation is named in the outcome and in the index and the batch
  carries on; a kernel that dies costs one retry of its report; a worker process that dies is replaced
  and its report tried once more; a cell that times out is reported with its section, not retried; a
  worker that stops answering (no new step within :func:`stall_limit`) is stopped, and its report tried
  once more, naming the step it was stuck in.
- **Interruptible.** Ctrl-C (SIGINT), SIGTERM or SIGHUP stops the batch within seconds: every worker and
  kernel is stopped, nothing half-written stays, the index shows what was made, and
  :class:`BatchInterrupted` says how many were made. Running the same command again finishes the rest.

The supervisor talks to each worker over a pipe (a job out, an outcome back), and watches each worker
process and kernel by its process id, so that it can stop them whatever state they are in.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wreslib.errors import DataError, WresError
from wreslib.options import ReportOptions
from wreslib.pipeline.freshness import (
    BuildRecord,
    ChecksumCache,
    LastBatch,
    data_fingerprint,
    file_checksum,
    report_parameters,
    stale_reason,
)
from wreslib.pipeline.kernel import (
    KERNEL_START_TIMEOUT_S,
    KernelSlot,
    RunSettings,
    light_imports,
    stop_process_group,
    trust_outputs,
)
from wreslib.pipeline.output import clear_leftovers, output_lock, prepare_output
from wreslib.pipeline.pdf import TIMEOUT as PDF_TIMEOUT
from wreslib.pipeline.render import (
    DATA_FAULT,
    INTERNAL,
    WORKER_DIED,
    RenderFailed,
    ReportJob,
    ReportOutcome,
    failure_note,
    render_job,
)
from wreslib.present.provenance import data_name

log = logging.getLogger(__name__)

#: Signals that stop a batch cleanly (SIGHUP: the terminal it ran in was closed).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
#: Seconds an idle worker is given to shut its kernel down and exit before it is killed.
STOP_GRACE_S = 5.0
#: A report is tried again once on a fresh worker when its worker process dies under it.
WORKER_DEATH_TRIES = 2
#: After this many worker processes have died while starting, the reports left are reported as failed.
WORKER_START_TRIES = 3
#: Seconds beyond the longest step a worker may take (see :func:`stall_limit`) before it is taken for stuck.
STALL_GRACE_S = 60.0


def stall_limit(settings: RunSettings) -> float:
    """How long a worker may go without beginning a new step of its report (starting or warming its
    kernel, a notebook cell, writing the page, printing the board pack) before the supervisor takes it
    for stuck, stops it and its kernel, and tries the report once more on a fresh worker.

    Every step has its own bound (a cell ``settings.cell_timeout``, a kernel start
    :data:`~wreslib.pipeline.kernel.KERNEL_START_TIMEOUT_S`, the board pack twice
    :data:`~wreslib.pipeline.pdf.TIMEOUT`, with and without Chromium's sandbox); this limit is the longest of
    them plus :data:`STALL_GRACE_S`, so that it catches only what no other timeout does (a wait that never
    ends: pitfall 5), and a hung worker costs minutes, never the night. ``settings.stall_timeout`` sets it.
    """
    if settings.stall_timeout is not None:
        return float(settings.stall_timeout)
    longest = max(float(settings.cell_timeout), KERNEL_START_TIMEOUT_S, 2 * PDF_TIMEOUT if settings.pdf else 0.0)
    return longest + STALL_GRACE_S


class BatchInterrupted(WresError):
    """The batch was stopped by a signal; every report folder is whole, and a rerun finishes the rest."""

    def __init__(self, signum: int, made: int, failed: int, up_to_date: int, not_made: int, index: Path | None):
        self.signum, self.made, self.failed, self.up_to_date, self.not_made = signum, made, failed, up_to_date, not_made
        self.index = index
        try:
            name = signal.Signals(signum).name
        except ValueError:
            name = f"signal {signum}"
        super().__init__(
            f"interrupted ({name}): {made} report{'s' if made != 1 else ''} made"
            + (f", {failed} failed" if failed else "") + (f", {up_to_date} up to date" if up_to_date else "")
            + f" before it stopped; {not_made} not made. Every report folder is whole or absent; run the same "
            "command again to make the rest.")


class _Stop(KeyboardInterrupt):
    """Raised in the batch's main thread by a stop signal (a KeyboardInterrupt, so that nothing swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did, in the order of organisations.csv, and the index page.

    ``outcomes`` holds the reports made or failed in this run; ``up_to_date`` the organisations whose
    report was already up to date and was left alone; ``reasons`` why each remade report was out of date.
    """

    year: int
    outcomes: tuple[ReportOutcome, ...]
    index: Path
    seconds: float
    up_to_date: tuple[str, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> list[ReportOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def made(self) -> list[ReportOutcome]:
        return [o for o in self.outcomes if o.ok]


def failure(job: ReportJob, message: str, kind: str, seconds: float = 0.0, attempts: int = 1,
            debug: Path | None = None) -> ReportOutcome:
    """The outcome of a report that could not be made."""
    return ReportOutcome(org_code=job.org_code, year=job.year, ok=False, org_name=job.org_name, region=job.region,
                         synthetic=job.synthetic, message=message, debug_notebook=debug, seconds=seconds, kind=kind,
                         attempts=attempts)


def _noted(out: Path, outcome: ReportOutcome) -> ReportOutcome:
    """A failure the supervisor decided (its worker could not make the report), noted in ``OUT/_failed`` so
    that the index lists it as it lists failures the workers note themselves."""
    failure_note(out, outcome.org_code, outcome.year, outcome.message or "", outcome.kind or INTERNAL, None)
    return outcome


def _data_failure(data: Any, org_code: str, year: int, message: str) -> ReportOutcome:
    name = region = ""
    synthetic = False
    if org_code in data.org_codes:
        org = data.organisation(org_code)
        name, region, synthetic = str(org["org_name"]), str(org.get("region") or ""), bool(org.get("synthetic"))
    return ReportOutcome(org_code=org_code, year=year, ok=False, org_name=name, region=region, synthetic=synthetic,
                         message=message, kind=DATA_FAULT)


def _mask(how: int, signals: Any) -> Any:
    """``signal.pthread_sigmask`` where the platform has it (not on Windows, where workers are spawned)."""
    return signal.pthread_sigmask(how, signals) if hasattr(signal, "pthread_sigmask") else set()


# --- the worker process ---------------------------------------------------------------------------------

def _serve(conn: Any, out: str, settings: RunSettings, notebook: str | None, warm_data: str, sockets: str) -> None:
    """A worker: start and warm a kernel, then make each report it is sent until told to stop.

    A worker leads its own process group, so that a Ctrl-C at the terminal reaches only the supervisor,
    which decides how the batch stops; to stop a batch at once the supervisor kills the kernels and the
    workers and clears what they left.
    """
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOP_SIGNALS:  # not the supervisor's handler; what the batch was started ignoring stays ignored
        if signum != signal.SIGINT and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
    _mask(getattr(signal, "SIG_UNBLOCK", 1), STOP_SIGNALS)
    light_imports()
    import papermill  # noqa: F401  (imported once per worker, not per report)

    trust_outputs()

    from wreslib.pipeline.export import exporter

    def started(pid: int) -> None:
        conn.send(("kernel", pid))

    def step(what: str) -> None:
        conn.send(("step", what))

    slot = KernelSlot(settings.kernel_name, reuse=True, warm_data=warm_data, on_start=started, sockets=sockets,
                      on_step=step)
    try:
        try:
            slot.start()
        except WresError as exc:  # each report tries again, and says so if it cannot
            log.warning("worker %d: %s", os.getpid(), exc)
        exporter()
        conn.send(("ready", os.getpid()))
        while True:
            message = conn.recv()
            if message[0] == "stop":
                break
            conn.send(("done", _make(message[1], Path(out), settings, slot, Path(notebook) if notebook else None)))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the supervisor has gone: stop
    finally:
        slot.close()


def _make(job: ReportJob, out: Path, settings: RunSettings, slot: KernelSlot, notebook: Path | None) -> ReportOutcome:
    started = time.perf_counter()
    try:
        return render_job(job, out, settings, slot, notebook)
    except RenderFailed as exc:
        return failure(job, exc.detail, exc.kind, time.perf_counter() - started, exc.attempts, exc.debug)
    except Exception as exc:  # a bug in one report must not stop the batch
        log.exception("report for %s %s failed", job.org_code, job.year)
        return failure(job, f"internal error ({type(exc).__name__}: {exc})", INTERNAL, time.perf_counter() - started)


# --- the supervisor ---------------------------------------------------------------------------------------

@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any
    job: ReportJob | None = None
    kernel: int | None = None
    ready: bool = False
    stopping: bool = False
    #: The step it began last, when it last said anything, and the step it was stopped in for being stuck.
    step: str = "starting"
    since: float = field(default_factory=time.monotonic)
    stalled: str | None = None


class _Workers:
    """The batch's worker processes, each with its kernel (see the module docstring)."""

    def __init__(self, count: int, out: Path, settings: RunSettings, notebook: Path | None, warm_data: str) -> None:
        import multiprocessing
        import tempfile

        self.context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        # The kernels' socket folders, in one place the supervisor removes whatever happens to the workers.
        self.sockets = tempfile.mkdtemp(prefix="wres-batch-")
        self.args = (str(out), settings, str(notebook) if notebook else None, warm_data, self.sockets)
        self.workers: list[_Worker] = []
        self.target = count
        self.startup_deaths = 0
        for _ in range(count):
            self.add()

    def add(self) -> _Worker:
        mine, theirs = self.context.Pipe(duplex=True)
        # Stop signals stay blocked until the worker has its own handlers (a signal arriving in between
        # would otherwise run the supervisor's handler in the worker).
        blocked = _mask(getattr(signal, "SIG_BLOCK", 0), STOP_SIGNALS)
        try:
            process = self.context.Process(target=_serve, args=(theirs, *self.args), daemon=True,
                                           name="wres-worker")
            process.start()
        finally:
            _mask(getattr(signal, "SIG_SETMASK", 2), blocked)
        theirs.close()
        worker = _Worker(process, mine)
        self.workers.append(worker)
        return worker

    def busy(self) -> bool:
        return any(w.job is not None for w in self.workers)

    def keep_up(self, pending: deque[ReportJob]) -> None:
        """Replace workers that died, as long as there is work for them."""
        active = [w for w in self.workers if not w.stopping]
        wanted = min(self.target, len(pending) + sum(1 for w in active if w.job is not None))
        for _ in range(wanted - len(active)):
            self.add()

    def hand_out(self, pending: deque[ReportJob]) -> None:
        """Give each ready, idle worker the next job; a worker with nothing left to do is told to stop."""
        for w in self.workers:
            if not w.ready or w.job is not None or w.stopping:
                continue
            if pending:
                w.job, w.since = pending.popleft(), time.monotonic()
                log.debug("worker %s: job %s", w.process.pid, w.job.org_code)
                self._send(w, ("job", w.job))
            else:
                w.stopping = True
                self._send(w, ("stop",))

    def _send(self, w: _Worker, message: tuple[Any, ...]) -> None:
        with suppress(BrokenPipeError, ConnectionResetError, EOFError):  # it has died: its sentinel says so
            w.conn.send(message)

    def events(self, timeout: float) -> Iterator[tuple[_Worker, str, Any]]:
        """What the workers said, and which died, within ``timeout`` seconds."""
        from multiprocessing.connection import wait

        by_handle: dict[Any, _Worker] = {}
        for w in self.workers:
            by_handle[w.conn] = w
            by_handle[w.process.sentinel] = w
        ready = wait(list(by_handle), timeout)
        for w in dict.fromkeys(by_handle[handle] for handle in ready):
            yield from self._messages(w)
            if w.process.sentinel in ready or not w.process.is_alive():
                w.process.join(1.0)
                self.workers.remove(w)
                w.conn.close()
                if w.process.exitcode != 0 and w.kernel:  # it could not stop its kernel itself
                    stop_process_group(w.kernel)
                if not w.ready:
                    self.startup_deaths += 1
                yield w, "died", w.process.exitcode

    def _messages(self, w: _Worker) -> Iterator[tuple[_Worker, str, Any]]:
        """Every message a worker has sent (all of them, also when it has just died: its last outcome counts)."""
        while True:
            try:
                if not w.conn.poll():
                    return
                kind, value = w.conn.recv()
            except (EOFError, OSError, ValueError, TypeError, AttributeError):
                return  # a dying worker's half message
            w.since = time.monotonic()
            if kind == "kernel":
                w.kernel = value
            elif kind == "ready":
                w.ready = True
            elif kind == "step":
                w.step = value
            log.debug("worker %s: %s %s", w.process.pid, kind, getattr(value, "org_code", value))
            yield w, kind, value

    def stop_stalled(self, limit: float) -> None:
        """Stop each worker that is starting or making a report and has begun no step for ``limit`` seconds,
        and its kernel; :meth:`events` then reports it as died (with ``stalled`` naming the step)."""
        now = time.monotonic()
        for w in self.workers:
            if w.stalled is None and not w.stopping and (w.job is not None or not w.ready) and now - w.since > limit:
                w.stalled = w.step
                log.warning("worker %s: nothing for %.0f s while %s; stopping it", w.process.pid, now - w.since,
                            w.step)
                self._kill(w)

    @staticmethod
    def _kill(w: _Worker) -> None:
        """Kill a worker's kernel (its process group) and then the worker, at once."""
        if w.kernel:
            stop_process_group(w.kernel)
        if w.process.is_alive():
            w.process.kill()

    def close(self, now: bool = False) -> None:
        """Stop every worker and kernel. Idle workers are told to stop and shut their kernel down; with
        ``now`` (an interrupted batch), or for workers still busy or starting, the kernels and then the
        workers are killed at once (nothing they leave is half-written: see :func:`clear_leftovers`)."""
        import shutil

        for w in self.workers:
            if not now and w.ready and w.job is None:
                if not w.stopping:
                    w.stopping = True
                    self._send(w, ("stop",))
            else:
                self._kill(w)
        deadline = time.monotonic() + STOP_GRACE_S
        for w in self.workers:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1.0)
            if w.process.exitcode != 0 and w.kernel:  # whatever a killed worker could not stop
                stop_process_group(w.kernel)
            w.conn.close()
        self.workers.clear()
        shutil.rmtree(self.sockets, ignore_errors=True)


@contextmanager
def _stop_signals() -> Iterator[None]:
    """Turn the stop signals into ``_Stop`` in the main thread, for the duration of the batch.

    A signal the batch was started with ignored stays ignored: ``nohup wres batch …`` ignores SIGHUP so that
    the batch outlives its terminal, and a shell's background job ignores SIGINT so that a Ctrl-C meant for
    the foreground does not reach it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise _Stop(signum)

    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS if signal.getsignal(s) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


@contextmanager
def _ignoring_signals() -> Iterator[None]:
    """While stopping, a second Ctrl-C must not cut the clean-up short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def run_batch(data_dir: str | Path, year: int, out_dir: str | Path, *, orgs: Sequence[str] | None = None,
              jobs: int = 2, options: ReportOptions | None = None, settings: RunSettings | None = None,
              progress: bool = True, force: bool = False, notebook: Path | None = None,
              command: str | None = None) -> BatchOutcome:
    """Make every organisation's report (or those named) that is out of date, in ``jobs`` worker processes,
    then the index (see the module docstring). ``command`` is how the output folder's lock names this run
    to a run it refuses.

    Raises
    ------
    OutputError
        The output folder cannot be written, or another run is writing into it (before any work starts).
    DataError
        No organisation can be reported.
    BatchInterrupted
        A stop signal ended the batch (Ctrl-C, SIGTERM, SIGHUP).
    """
    from wreslib.data.read import read_data
    from wreslib.pipeline.index import write_index
    from wreslib.resources import notebook as shipped

    options = options or ReportOptions()
    settings = settings or RunSettings()
    started = time.perf_counter()
    out = prepare_output(out_dir)
    source = Path(notebook) if notebook else shipped()
    with output_lock(out, command or f"wres batch --year {year}"), _stop_signals():
        clear_leftovers(out)
        named = [c.strip().upper() for c in orgs if c.strip()] if orgs else []
        fingerprint = data_fingerprint(data_dir) if Path(data_dir).exists() else None
        done = None if force or fingerprint is None else _all_up_to_date(out, data_dir, fingerprint, year, named,
                                                                             options, file_checksum(source),
                                                                             settings.pdf)
        if done is not None:
            return BatchOutcome(year=year, outcomes=(), index=write_index(out), seconds=time.perf_counter() - started,
                                up_to_date=tuple(done))
        workers: _Workers | None = None
        outcomes: dict[str, ReportOutcome] = {}
        up_to_date: list[str] = []
        codes: list[str] = []
        pending: deque[ReportJob] = deque()
        try:
            # Start the workers and their kernels now: they warm while the data is read and validated.
            workers = _Workers(max(1, min(jobs, len(named) or jobs)), out, settings, notebook,
                               str(Path(data_dir).resolve()))
            data = read_data(data_dir)
            codes = named or data.org_codes
            if not codes:
                raise DataError(list(data.faults) or "the data holds no organisations",
                                heading="No organisation can be reported")
            label = data_name(data.source)
            cache = ChecksumCache(out, data.checksum, data.org_checksum)
            notebook_sum = file_checksum(source)
            reasons: dict[str, str] = {}
            for code in codes:
                try:
                    data.require(code, year)
                except DataError as exc:
                    outcomes[code] = _data_failure(data, code, year, exc.describe())
                    continue
                wanted = BuildRecord(None, report_parameters(code, year, options.as_parameters(), label), notebook_sum)
                folder = out / code / str(year)
                if force:
                    reason = "--force" if (folder / "manifest.json").exists() else "not made yet"
                else:
                    reason = stale_reason(folder, wanted, data.checksum, lambda code=code: cache.get(code),
                                          settings.pdf)
                if reason is None:
                    up_to_date.append(code)
                    continue
                reasons[code] = reason
                pending.append(ReportJob.of(data, code, year, options, label, cache.values.get(code)))
            if pending:
                log.info("%d up to date; making %d", len(up_to_date), len(pending))
                _supervise(workers, pending, outcomes, out, year, progress, stall_limit(settings))
            fresh = [(o.org_code, o.org_checksum) for o in outcomes.values()
                     if o.ok and o.data_checksum == data.checksum]
            cache.remember(fresh)
            cache.save()
            if fingerprint is not None and data_fingerprint(data_dir) == fingerprint:
                LastBatch(out).save(fingerprint, year, data.checksum, data.org_codes)
        except _Stop as stop:
            with _ignoring_signals():
                if workers is not None:
                    workers.close(now=True)
                clear_leftovers(out)
                index = _index_or_none(out)
            made = sum(1 for o in outcomes.values() if o.ok)
            failed = sum(1 for o in outcomes.values() if not o.ok)
            raise BatchInterrupted(stop.signum, made, failed, len(up_to_date),
                                   max(0, len(codes) - made - failed - len(up_to_date)) if codes else 0,
                                   index) from None
        finally:
            if workers is not None:
                with _ignoring_signals():
                    workers.close()
                    clear_leftovers(out)  # what a worker killed mid-report left
        ordered = tuple(outcomes[c] for c in codes if c in outcomes)
        index = write_index(out)
    return BatchOutcome(year=year, outcomes=ordered, index=index, seconds=time.perf_counter() - started,
                        up_to_date=tuple(up_to_date), reasons=reasons)


def _all_up_to_date(out: Path, data_dir: str | Path, fingerprint: str, year: int, named: list[str],
                    options: ReportOptions, notebook_sum: str, pdf: bool = False) -> list[str] | None:
    """The organisations of a rerun when every one's report is up to date, found without reading the data
    (see :class:`~wreslib.pipeline.freshness.LastBatch`); None when that cannot be known so (the batch then
    reads the data and decides organisation by organisation)."""
    last = LastBatch(out)
    checksum = last.data_checksum(fingerprint, year)
    codes = named or last.codes
    if checksum is None or not codes or not set(codes) <= set(last.codes):
        return None
    label = data_name(data_dir)
    cache = ChecksumCache(out, checksum)
    for code in codes:
        wanted = BuildRecord(None, report_parameters(code, year, options.as_parameters(), label), notebook_sum)
        try:
            if stale_reason(out / code / str(year), wanted, checksum, lambda code=code: cache.get(code),
                            pdf) is not None:
                return None
        except KeyError:
            return None
    return codes


def _index_or_none(out: Path) -> Path | None:
    from wreslib.pipeline.index import write_index

    try:
        return write_index(out)
    except OSError:
        return None


def _supervise(workers: _Workers, pending: deque[ReportJob], outcomes: dict[str, ReportOutcome], out: Path,
               year: int, progress: bool, limit: float) -> None:
    """Hand the jobs out and gather the outcomes until every job has one; a worker that begins no step for
    ``limit`` seconds is stopped (see :func:`stall_limit`)."""
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(pending), desc=f"WRES {year} reports", unit="report")
    tries: dict[str, int] = {}
    try:
        while pending or workers.busy():
            if workers.startup_deaths >= WORKER_START_TRIES:
                while pending:  # workers die as they start: say so for every report left
                    job = pending.popleft()
                    outcomes[job.org_code] = _noted(out, failure(
                        job, f"no worker process could start ({workers.startup_deaths} died starting)", WORKER_DIED))
                break
            workers.keep_up(pending)
            workers.hand_out(pending)
            for w, kind, value in workers.events(timeout=1.0):
                if kind == "done":
                    w.job = None
                    outcomes[value.org_code] = value
                    if bar is not None:
                        bar.update(1)
                        if not value.ok:
                            bar.write(f"failed: {value.org_code}: {(value.message or '').splitlines()[0]}")
                elif kind == "died" and w.job is not None:
                    job = w.job
                    why = (f"the worker process making it stopped answering (nothing for {limit:.0f} s while "
                           f"{w.stalled}) and was stopped" if w.stalled is not None else
                           f"the worker process making it stopped unexpectedly (exit status {value})")
                    tries[job.org_code] = tries.get(job.org_code, 1) + 1
                    if tries[job.org_code] <= WORKER_DEATH_TRIES:
                        log.warning("%s %s: %s; trying again", job.org_code, job.year, why)
                        pending.appendleft(job)
                    else:
                        outcomes[job.org_code] = _noted(out, failure(job, f"{why}, on each of {WORKER_DEATH_TRIES} "
                                                                     "tries", WORKER_DIED,
                                                                     attempts=WORKER_DEATH_TRIES))
                        if bar is not None:
                            bar.update(1)
            workers.stop_stalled(limit)  # after reading every message the workers have sent
    finally:
        if bar is not None:
            bar.close()
