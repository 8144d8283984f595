"""Rendering reports: papermill executes the notebook, nbconvert exports code-free HTML, all in-process.

Designed around the known pitfalls of papermill batches (``notebook-batch-pitfalls.md``):

- the kernel name is passed explicitly and every cell has a timeout;
- a batch runs in long-lived worker processes that import papermill and nbconvert once and call them as
  libraries (no CLI process per report); a kernel that fails to start is retried;
- HTML is exported with no input cells and without the parameters and injected-parameters cells, using
  a lean page of our own (one self-contained file, images embedded);
- a failing organisation gets no report.html: its partial notebook is kept apart under ``_failed/`` and
  the failure is named in the batch index; output folders appear atomically.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wreslib.errors import DataError, ReportError, WresError

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[3]
NOTEBOOK = PROJECT_ROOT / "notebooks" / "wres_report.ipynb"
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 300
KERNEL_START_TIMEOUT_S = 120
KERNEL_START_TRIES = 3
#: Cells whose tags mark them as not part of the shared report.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell"})
FAILED_DIR = "_failed"


@dataclass(frozen=True)
class ReportOptions:
    """Display options passed to the notebook as parameters."""

    bme_label: str = "BME"
    suppress_below: int = 5
    trend_years: int = 3
    cell_timeout: int = CELL_TIMEOUT_S
    kernel_name: str = KERNEL_NAME


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one organisation's report."""

    org_code: str
    year: int
    ok: bool
    org_name: str = ""
    region: str = ""
    synthetic: bool = False
    folder: Path | None = None
    message: str | None = None
    debug_notebook: Path | None = None
    seconds: float = 0.0
    ratings: dict[int, str] = field(default_factory=dict)


# --- HTML export ---------------------------------------------------------------------------------------

_EXPORTER: Any = None


def _exporter() -> Any:
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        # "basic" gives the body only: we wrap it in a lean page of our own instead of the lab template's
        # ~260 KB of CSS per file (pitfall 7).
        _EXPORTER = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                                 exclude_output_prompt=True, anchor_link_text="")
    return _EXPORTER


def _shareable(nb: Any) -> Any:
    """Keep only the cells and outputs a reader should see: no parameters, no stderr, no code."""
    import copy

    nb = copy.deepcopy(nb)
    kept = []
    for cell in nb.cells:
        if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if o.get("output_type") in ("display_data", "execute_result")]
            if not cell.outputs:
                continue
            cell.source = ""
        kept.append(cell)
    nb.cells = kept
    return nb


PAGE_CSS = """
:root { --ink:#1d1d1b; --muted:#55595c; --rule:#d0d4d8; --nhs:#005eb8; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: var(--ink); line-height: 1.5; margin: 0; background: #f4f6f8; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 3rem; background: #fff; }
h1 { color: var(--nhs); font-size: 1.9rem; margin: .5rem 0; }
h2 { color: var(--nhs); border-bottom: 2px solid var(--nhs); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { margin-top: 1.4rem; }
.org { font-size: 1.25rem; font-weight: bold; margin: 0; }
.muted, .provenance { color: var(--muted); font-size: .9rem; }
code { font-size: .85rem; word-break: break-all; }
table.data { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: .9rem; width: 100%; }
table.data caption { text-align: left; font-weight: bold; padding: .3rem 0; }
table.data th, table.data td { border: 1px solid var(--rule); padding: .3rem .5rem; vertical-align: top; }
table.data thead th { background: #e8edee; text-align: left; }
table.data tbody th { text-align: left; font-weight: normal; }
table.data td { text-align: right; }
table.summary td:last-child, table.actions td, table.data td:only-child { text-align: left; }
.rag { display: inline-block; min-width: 5.5em; text-align: center; font-weight: bold; padding: .1rem .4rem;
       border-radius: .2rem; border: 1px solid #333; }
.rag-red { background: #d5281b; color: #fff; } .rag-amber { background: #ffb81c; color: #000; }
.rag-green { background: #007f3b; color: #fff; } .rag-grey { background: #e8edee; color: #000; }
.synthetic-banner { background: #ffeb3b; border: 3px solid #000; padding: .8rem 1rem; font-size: 1.05rem;
                    margin-bottom: 1rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .85rem; }
footer { max-width: 1100px; margin: 0 auto; padding: 1rem 2rem; color: var(--muted); font-size: .8rem; }
@media print { body { background: #fff; } main { padding: 0; } }
"""


def export_html(nb: Any, *, title: str, footer: str = "") -> str:
    """A self-contained, code-free HTML page of an executed notebook (title and footer are escaped)."""
    import html

    body, _ = _exporter().from_notebook_node(_shareable(nb))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"</main>\n<footer>{html.escape(footer)}</footer>\n</body>\n</html>\n"
    )


# --- one report ----------------------------------------------------------------------------------------

def _is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}"
    return any(s in text for s in ("Kernel didn't respond", "Address already in use", "ZMQError",
                                   "Kernel died before replying", "TimeoutError"))


#: A worker's kernel is restarted after this many reports, so that no memory growth can build up.
KERNEL_MAX_USES = 50


class KernelSlot:
    """A kernel that papermill runs notebooks on, kept alive across reports by a long-lived worker.

    Kernel start-up and the imports of pandas, scipy and matplotlib dominate the cost of a report
    (pitfall 2), so a batch worker keeps one kernel and lets papermill execute each report on it. This
    is safe because every run of the report notebook re-assigns every name it uses and wreslib keeps no
    state between calls. The kernel is restarted after ``KERNEL_MAX_USES`` reports, after a failed
    report, and whenever it has died. Kernels talk over IPC (Unix sockets in a private folder), not TCP:
    no port can be taken by a parallel start (pitfall 1), and nothing is sent over the network.
    """

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

    def release(self) -> None:
        """Shut the kernel down (it is started again on the next report)."""
        from jupyter_core.utils import run_sync

        km, self.km = self.km, None
        if km is None:
            return
        try:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)  # also removes its connection files
        except Exception as exc:  # a kernel that is already gone needs no shutting down
            log.debug("kernel shutdown: %s", exc)

    def close(self) -> None:
        self.release()
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def _execute(notebook: Path, output: Path, parameters: dict[str, Any], options: ReportOptions,
             slot: KernelSlot) -> None:
    import papermill as pm

    for attempt in range(1, KERNEL_START_TRIES + 1):
        km = slot.acquire()
        try:
            pm.execute_notebook(
                str(notebook), str(output), parameters=parameters, kernel_name=options.kernel_name,
                execution_timeout=options.cell_timeout, start_timeout=KERNEL_START_TIMEOUT_S,
                progress_bar=False, log_output=False, request_save_on_cell_execute=False, cwd=str(PROJECT_ROOT),
                km=km,
            )
            if not slot.reuse:
                slot.release()
            return
        except Exception as exc:
            # After any failure the kernel's state is unknown: start the next report on a fresh one.
            slot.release()
            if type(exc).__name__ == "PapermillExecutionError" or not _is_kernel_start_failure(exc):
                raise
            log.warning("kernel start failed (attempt %d of %d): %s", attempt, KERNEL_START_TRIES, exc)
            time.sleep(0.5 * attempt)
    raise ReportError(f"the notebook kernel did not start after {KERNEL_START_TRIES} tries")


def _write_tables(folder: Path, ctx: Any, ratings: dict[int, str] | None = None) -> None:
    import csv
    import json

    from wreslib.legacy.export import summary_rows, to_dict

    doc = to_dict(ctx.current, ctx.parameters)
    ratings = _ratings(ctx) if ratings is None else ratings
    doc["ratings"] = {str(n): rag for n, rag in ratings.items()}  # read back by the batch index
    (folder / "indicators.json").write_text(json.dumps(doc, indent=2, allow_nan=False, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    rows = [row for s in ctx.sets for row in summary_rows(s)]
    with open(folder / "indicators.csv", "w", newline="", encoding="utf-8") as handle:
        handle.write(f"# WRES indicators; data checksum {ctx.current.data_checksum}; wreslib "
                     f"{ctx.current.wreslib_version}; parameters {json.dumps(ctx.parameters, sort_keys=True)}\n")
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # The same rows as indicators.csv, for analysts who open results in Excel.
    from wreslib.legacy.export import write_indicators_xlsx

    write_indicators_xlsx(rows, folder / "indicators.xlsx", {
        "data_checksum": ctx.current.data_checksum, "wreslib_version": ctx.current.wreslib_version,
        "parameters": ctx.parameters})


def _place(tmp: Path, final: Path) -> None:
    """Move a finished report folder into place in one rename; an older report is replaced whole."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is for sharing
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, final)


def render_report(
    data: Any, org_code: str, year: int, out_dir: str | Path, options: ReportOptions | None = None,
    *, notebook: Path | None = None, kernel: KernelSlot | None = None,
) -> ReportOutcome:
    """Execute the report notebook for one organisation and write ``OUT/CODE/YYYY/``.

    Writes report.html (code-free, self-contained), report.ipynb (executed), indicators.json and
    indicators.csv, all at once. On failure nothing is written there: the partial notebook goes to
    ``OUT/_failed/CODE-YYYY.ipynb`` and the error is raised.

    Raises
    ------
    DataError
        The organisation's data has faults or the organisation or year is missing (no kernel is started).
    ReportError
        The notebook failed; the message names the organisation and the fault.
    """
    import json

    import nbformat

    from wreslib.data.read import Dataset, read_data
    from wreslib.legacy.report.context import build_context, resolve_data_dir

    options = options or ReportOptions()
    notebook = notebook or NOTEBOOK
    started = time.perf_counter()
    dataset = data if isinstance(data, Dataset) else read_data(resolve_data_dir(data))
    # Check the data before starting a kernel: a fault costs milliseconds, not a notebook run.
    ctx = build_context(dataset, org_code, year, bme_label=options.bme_label, suppress_below=options.suppress_below,
                        trend_years=options.trend_years)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final = out / ctx.org_code / str(year)
    tmp = Path(tempfile.mkdtemp(prefix=f".partial-{ctx.org_code}-{year}-", dir=out))
    parameters = {"org_code": ctx.org_code, "year": int(year), "data_dir": str(Path(dataset.source).resolve()),
                  "bme_label": options.bme_label, "suppress_below": options.suppress_below,
                  "trend_years": options.trend_years}
    try:
        slot = kernel or KernelSlot(options.kernel_name, reuse=False)
        try:
            _execute(notebook, tmp / "report.ipynb", parameters, options, slot)
        except Exception as exc:
            failed = out / FAILED_DIR
            failed.mkdir(exist_ok=True)
            debug = failed / f"{ctx.org_code}-{year}.ipynb"
            if (tmp / "report.ipynb").exists():
                os.replace(tmp / "report.ipynb", debug)
            else:
                debug = None
            detail = _describe_failure(exc)
            raise ReportError(f"{ctx.org_code} {year}: the report notebook failed: {detail}"
                              + (f" (partial notebook kept at {debug})" if debug else "")) from exc
        nb = nbformat.read(str(tmp / "report.ipynb"), as_version=4)
        cur = ctx.current
        footer = (f"WRES report {year}, {cur.org_name} ({cur.org_code}). Data checksum {cur.data_checksum}; "
                  f"wreslib {cur.wreslib_version}; parameters {json.dumps(ctx.parameters, sort_keys=True)}.")
        title = f"WRES report {year}: {cur.org_name}" + (" (synthetic data)" if cur.synthetic else "")
        (tmp / "report.html").write_text(export_html(nb, title=title, footer=footer), encoding="utf-8")
        ratings = _ratings(ctx)
        _write_tables(tmp, ctx, ratings)
        _place(tmp, final)
    finally:
        if kernel is None:
            slot.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ReportOutcome(
        org_code=ctx.org_code, year=int(year), ok=True, org_name=ctx.org_name, region=ctx.current.region,
        synthetic=ctx.synthetic, folder=final, seconds=time.perf_counter() - started, ratings=ratings,
    )


def _ratings(ctx: Any) -> dict[int, str]:
    from wreslib.legacy.report import assess

    return {n: assess.rate(ctx.current, n, bme_label=ctx.bme_label).rag for n in range(1, 10)}


def _describe_failure(exc: BaseException) -> str:
    evalue = getattr(exc, "evalue", None)
    ename = getattr(exc, "ename", None)
    if evalue is not None:
        first = str(evalue).strip().splitlines()
        text = " ".join(line.strip() for line in first[:6])
        return f"{ename}: {text}" if ename and ename not in ("DataError", "NotInDataError") else text
    return f"{type(exc).__name__}: {exc}"


# --- a batch ---------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _worker_init(data_dir: str, out_dir: str, options: ReportOptions) -> None:
    # Long-lived worker: read the data and import papermill/nbconvert once, then render many reports.
    from multiprocessing.util import Finalize

    import papermill  # noqa: F401

    from wreslib.data.read import read_data

    _exporter()
    slot = KernelSlot(options.kernel_name, reuse=True)
    # Runs when the pool closes its workers normally, so no kernel outlives the batch.
    Finalize(slot, slot.close, exitpriority=10)
    _WORKER.update(data=read_data(data_dir), out=out_dir, options=options, kernel=slot)


def _worker_render(job: tuple[str, int]) -> ReportOutcome:
    org_code, year = job
    started = time.perf_counter()
    data = _WORKER["data"]
    try:
        return render_report(data, org_code, year, _WORKER["out"], _WORKER["options"], kernel=_WORKER["kernel"])
    except WresError as exc:
        message = exc.describe() if isinstance(exc, DataError) else str(exc)
        debug = Path(_WORKER["out"]) / FAILED_DIR / f"{org_code}-{year}.ipynb"
        return _failure(data, org_code, year, message, debug if debug.exists() else None,
                        time.perf_counter() - started)
    except Exception as exc:  # a bug in one report must not stop the batch
        log.exception("report for %s %s failed", org_code, year)
        return _failure(data, org_code, year, f"internal error ({type(exc).__name__}: {exc})", None,
                        time.perf_counter() - started)


def _failure(data: Any, org_code: str, year: int, message: str, debug: Path | None, seconds: float) -> ReportOutcome:
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


def run_batch(
    data_dir: str | Path, year: int, out_dir: str | Path, *, orgs: list[str] | None = None, jobs: int = 2,
    options: ReportOptions | None = None, progress: bool = True,
) -> BatchOutcome:
    """Render every organisation's report (or those named) in ``jobs`` worker processes.

    Failures are isolated: each failing organisation is named with its fault in the result and in
    ``OUT/index.html``; the others are rendered as usual.
    """
    import multiprocessing

    from wreslib.data.read import read_data
    from wreslib.legacy.report.context import resolve_data_dir
    from wreslib.legacy.report.index import write_index

    options = options or ReportOptions()
    started = time.perf_counter()
    folder = resolve_data_dir(data_dir)
    data = read_data(folder)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    codes = [c.strip().upper() for c in orgs if c.strip()] if orgs else data.org_codes
    if not codes and not data.org_codes:
        raise DataError(list(data.faults) or "the data holds no organisations",
                        heading="No organisation can be reported")

    outcomes: dict[str, ReportOutcome] = {}
    jobs_to_run = []
    for code in codes:
        # Faults and missing years are known before any kernel starts: record them at once.
        try:
            data.require(code, year)
        except DataError as exc:
            outcomes[code] = _failure(data, code, year, exc.describe(), None, 0.0)
            continue
        jobs_to_run.append((code, year))

    if jobs_to_run:
        ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        n = max(1, min(jobs, len(jobs_to_run)))
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(codes), initial=len(outcomes), desc=f"WRES {year} reports", unit="report")
        pool = ctx.Pool(n, initializer=_worker_init, initargs=(str(folder), str(out), options))
        try:
            for outcome in pool.imap_unordered(_worker_render, jobs_to_run):
                outcomes[outcome.org_code] = outcome
                if bar is not None:
                    bar.update(1)
                    if not outcome.ok:
                        bar.write(f"failed: {outcome.org_code}: {outcome.message.splitlines()[0]}")
            pool.close()  # a normal close lets each worker shut its kernel down
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
        if bar is not None:
            bar.close()
    ordered = tuple(outcomes[c] for c in codes if c in outcomes)
    index = write_index(out, year, ordered, data_checksum=data.checksum, data_source=str(folder))
    return BatchOutcome(year=year, outcomes=ordered, index=index, seconds=time.perf_counter() - started)
