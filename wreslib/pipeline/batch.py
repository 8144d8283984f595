"""A batch: every organisation's report (or those named) in long-lived worker processes, then the index.

Designed around the known pitfalls of papermill batches (``notebook-batch-pitfalls.md``): workers import
papermill and nbconvert once and keep one kernel each (IPC transport, explicit kernel name, a timeout per
cell); a failing organisation is named in the outcome and in the index and the batch carries on; every
report folder appears whole or not at all.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wreslib.errors import DataError, WresError
from wreslib.options import ReportOptions
from wreslib.pipeline.kernel import KernelSlot, RunSettings
from wreslib.pipeline.render import FAILED_DIR, ReportOutcome, prepare_output, render_report
from wreslib.present.provenance import data_name

log = logging.getLogger(__name__)

_WORKER: dict[str, Any] = {}


def _worker_init(data_dir: str, out_dir: str, options: ReportOptions, settings: RunSettings, label: str) -> None:
    # Long-lived worker: read the data and import papermill and nbconvert once, then render many reports.
    from multiprocessing.util import Finalize

    import papermill  # noqa: F401

    from wreslib.data.read import read_data
    from wreslib.pipeline.export import exporter

    exporter()
    slot = KernelSlot(settings.kernel_name, reuse=True)
    Finalize(slot, slot.close, exitpriority=10)
    _WORKER.update(data=read_data(data_dir), out=out_dir, options=options, settings=settings, kernel=slot,
                   label=label)


def _worker_render(job: tuple[str, int]) -> ReportOutcome:
    org_code, year = job
    started = time.perf_counter()
    data = _WORKER["data"]
    try:
        return render_report(data, org_code, year, _WORKER["out"], _WORKER["options"], settings=_WORKER["settings"],
                             kernel=_WORKER["kernel"], data_label=_WORKER["label"])
    except WresError as exc:
        message = exc.describe() if isinstance(exc, DataError) else str(exc)
        debug = Path(_WORKER["out"]) / FAILED_DIR / f"{org_code}-{year}.ipynb"
        return failure(data, org_code, year, message, debug if debug.exists() else None,
                       time.perf_counter() - started)
    except Exception as exc:  # a bug in one report must not stop the batch
        log.exception("report for %s %s failed", org_code, year)
        return failure(data, org_code, year, f"internal error ({type(exc).__name__}: {exc})", None,
                       time.perf_counter() - started)


def failure(data: Any, org_code: str, year: int, message: str, debug: Path | None, seconds: float) -> ReportOutcome:
    name = region = ""
    synthetic = False
    if org_code in data.org_codes:
        org = data.organisation(org_code)
        name, region, synthetic = str(org["org_name"]), str(org.get("region") or ""), bool(org.get("synthetic"))
    return ReportOutcome(org_code=org_code, year=year, ok=False, org_name=name, region=region, synthetic=synthetic,
                         message=message, debug_notebook=debug, seconds=seconds)


@dataclass(frozen=True)
class BatchOutcome:
    """Every organisation's outcome, in the order of organisations.csv, and the index page."""

    year: int
    outcomes: tuple[ReportOutcome, ...]
    index: Path
    seconds: float

    @property
    def failed(self) -> list[ReportOutcome]:
        return [o for o in self.outcomes if not o.ok]


def run_batch(data_dir: str | Path, year: int, out_dir: str | Path, *, orgs: Sequence[str] | None = None,
              jobs: int = 2, options: ReportOptions | None = None, settings: RunSettings | None = None,
              progress: bool = True) -> BatchOutcome:
    """Render every organisation's report (or those named) in ``jobs`` worker processes, then the index."""
    import multiprocessing

    from wreslib.data.read import read_data
    from wreslib.pipeline.index import write_index

    options = options or ReportOptions()
    settings = settings or RunSettings()
    started = time.perf_counter()
    out = prepare_output(out_dir)
    data = read_data(data_dir)
    codes = [c.strip().upper() for c in orgs if c.strip()] if orgs else data.org_codes
    if not codes:
        raise DataError(list(data.faults) or "the data holds no organisations",
                        heading="No organisation can be reported")
    outcomes: dict[str, ReportOutcome] = {}
    jobs_to_run = []
    for code in codes:
        try:
            data.require(code, year)
        except DataError as exc:
            outcomes[code] = failure(data, code, year, exc.describe(), None, 0.0)
            continue
        jobs_to_run.append((code, year))
    label = data_name(data.source)
    if jobs_to_run:
        ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        n = max(1, min(jobs, len(jobs_to_run)))
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(codes), initial=len(outcomes), desc=f"WRES {year} reports", unit="report")
        pool = ctx.Pool(n, initializer=_worker_init, initargs=(str(data.source), str(out), options, settings, label))
        try:
            for outcome in pool.imap_unordered(_worker_render, jobs_to_run):
                outcomes[outcome.org_code] = outcome
                if bar is not None:
                    bar.update(1)
                    if not outcome.ok:
                        bar.write(f"failed: {outcome.org_code}: {(outcome.message or '').splitlines()[0]}")
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
        if bar is not None:
            bar.close()
    ordered = tuple(outcomes[c] for c in codes if c in outcomes)
    index = write_index(out)
    return BatchOutcome(year=year, outcomes=ordered, index=index, seconds=time.perf_counter() - started)
