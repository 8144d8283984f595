"""One render job: an organisation's report made from its notebook and put in place whole, or not at all.

``render_report`` checks the organisation's data (a fault costs milliseconds, not a kernel) and hands a
:class:`ReportJob` to ``render_job``, which a batch worker calls directly: it runs the report notebook
with papermill on a kernel into a hidden ``OUT/.partial-*`` folder, records in the manifest what shaped
the report (:mod:`.freshness`), exports the shared page, and moves the finished folder into
``OUT/CODE/YYYY/`` in one rename, so a reader never sees a half-written report:

    OUT/CODE/YYYY/report.html        the shared page (code-free, self-contained)
    OUT/CODE/YYYY/indicators.csv     the shared tables (disclosure control applied)
    OUT/CODE/YYYY/indicators.xlsx
    OUT/CODE/YYYY/manifest.json      what the index needs (no counts) and what shaped the report
    OUT/CODE/YYYY/private/           the analyst's working files: report.ipynb, indicators.json

A kernel that dies while the notebook runs costs one retry of the report on a fresh kernel; a cell that
runs out of time, or raises, is not retried. A failing organisation gets no report folder: its partial
notebook is kept apart under ``OUT/_failed/`` with a note of what went wrong, which the index names.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.errors import DataError, ReportError
from wreslib.options import ReportOptions
from wreslib.pipeline.freshness import BUILD_KEY, BuildRecord, file_checksum, report_parameters
from wreslib.pipeline.kernel import CellTimeout, KernelDied, KernelSlot, KernelStartError, RunSettings, execute
from wreslib.pipeline.output import PARTIAL_PREFIX, OutputError, place, prepare_output, write_text
from wreslib.present.provenance import data_name

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

__all__ = ["FAILED_DIR", "OutputError", "ReportJob", "ReportOutcome", "describe_failure", "place", "prepare_output",
           "render_job", "render_report"]

log = logging.getLogger(__name__)

FAILED_DIR = "_failed"
#: How many times a report is made when its kernel dies under it (one retry, on a fresh kernel).
KERNEL_DEATH_TRIES = 2

#: Kinds of failure, as outcomes and failure notes name them.
DATA_FAULT, CELL_ERROR, CELL_TIMEOUT, KERNEL_DIED, KERNEL_START, OUTPUT, WORKER_DIED, PDF, INTERNAL = (
    "data", "cell_error", "timeout", "kernel_died", "kernel_start", "output", "worker_died", "pdf", "internal")


@dataclass(frozen=True)
class ReportJob:
    """Everything a worker needs to make one report, without the dataset itself.

    ``expected_checksum`` is the organisation's checksum as the batch computed it (None when it did not
    need to); the report records the checksum of the rows its kernel actually read.
    """

    org_code: str
    year: int
    data_dir: str
    data_label: str
    options: ReportOptions
    org_name: str = ""
    region: str = ""
    synthetic: bool = False
    expected_checksum: str | None = None

    @classmethod
    def of(cls, dataset: Dataset, org_code: str, year: int, options: ReportOptions, data_label: str,
           expected_checksum: str | None = None) -> ReportJob:
        org = dataset.organisation(org_code)
        return cls(org_code=org_code, year=int(year), data_dir=str(Path(dataset.source).resolve()),
                   data_label=data_label, options=options, org_name=str(org["org_name"]),
                   region=str(org.get("region") or ""), synthetic=bool(org.get("synthetic")),
                   expected_checksum=expected_checksum)

    def parameters(self, tables_dir: Path) -> dict[str, Any]:
        """The notebook's parameters (the data by absolute path: the notebook is private)."""
        return {"org_code": self.org_code, "year": self.year, "data_dir": self.data_dir,
                **self.options.as_parameters(), "tables_dir": str(tables_dir), "data_label": self.data_label}


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one organisation's report.

    ``kind`` names a failure (``timeout``, ``kernel_died``, ``cell_error``, ``data``, …); ``attempts`` how
    many times the notebook ran (2 after a kernel died under it once).
    """

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
    made: bool = True
    kind: str | None = None
    attempts: int = 1
    data_checksum: str | None = None
    org_checksum: str | None = None


class RenderFailed(ReportError):
    """One report could not be made: ``detail`` says what went wrong, ``kind`` what kind of fault it was,
    ``attempts`` how often it was tried and ``debug`` where its partial notebook is."""

    def __init__(self, message: str, kind: str, attempts: int = 1, debug: Path | None = None,
                 detail: str | None = None) -> None:
        super().__init__(message)
        self.kind, self.attempts, self.debug, self.detail = kind, attempts, debug, detail or message


def describe_failure(exc: BaseException) -> str:
    """A failure in words: a cell's error as it said it (without a traceback), or the runner's message."""
    evalue = getattr(exc, "evalue", None)
    ename = getattr(exc, "ename", None)
    if evalue is not None:
        lines = str(evalue).strip().splitlines()
        text = " ".join(line.strip() for line in lines[:6])
        return f"{ename}: {text}" if ename and ename not in ("DataError", "NotInDataError", "OptionError") else text
    return str(exc) if isinstance(exc, ReportError) else f"{type(exc).__name__}: {exc}"


def failure_kind(exc: BaseException) -> str:
    """The kind of a failure, by the class of its exception."""
    from wreslib.pipeline.pdf import PdfError

    for cls, kind in ((CellTimeout, CELL_TIMEOUT), (KernelDied, KERNEL_DIED), (KernelStartError, KERNEL_START),
                      (OutputError, OUTPUT), (DataError, DATA_FAULT), (PdfError, PDF)):
        if isinstance(exc, cls):
            return kind
    return CELL_ERROR if getattr(exc, "ename", None) is not None else INTERNAL


def failure_note(out: Path, org_code: str, year: int, message: str, kind: str, debug: Path | None) -> None:
    """Write ``OUT/_failed/CODE-YYYY.json``, which the index lists until the report is made; in a folder
    that cannot be written, say so in the log (the outcome still says what happened)."""
    from wreslib.export import json_text

    note = {"org_code": org_code, "year": year, "message": message, "kind": kind,
            "notebook": debug.name if debug is not None else None}
    try:
        (out / FAILED_DIR).mkdir(exist_ok=True)
        write_text(out / FAILED_DIR / f"{org_code}-{year}.json", json_text(note))
    except OSError as exc:
        log.warning("%s %s: the failure note cannot be written: %s", org_code, year, exc)


def _keep_partial(out: Path, executed: Path, code: str, year: int) -> Path | None:
    """Move a failed report's partial notebook to ``OUT/_failed/CODE-YYYY.ipynb``."""
    if not executed.exists():
        return None
    (out / FAILED_DIR).mkdir(exist_ok=True)
    debug = out / FAILED_DIR / f"{code}-{year}.ipynb"
    os.replace(executed, debug)
    return debug


def _clear(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def render_job(job: ReportJob, out: Path, settings: RunSettings, slot: KernelSlot,
               notebook: Path | None = None) -> ReportOutcome:
    """Make one report into ``out`` (already checked with ``prepare_output``) on ``slot``'s kernel.

    Raises
    ------
    RenderFailed
        The report could not be made; its note is in ``OUT/_failed`` and the message says why.
    """
    from wreslib.export import json_text
    from wreslib.pipeline.export import export_html
    from wreslib.pipeline.pdf import REPORT_PDF, print_pdf
    from wreslib.products.report.exports import PRIVATE
    from wreslib.resources import notebook as shipped

    started = time.perf_counter()
    source = notebook or shipped()
    code, year = job.org_code, job.year
    final = out / code / str(year)
    tmp = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{code}-{year}-", dir=out))
    attempts = 0
    try:
        try:
            while True:  # a kernel that dies under the report costs one retry, on a fresh kernel
                attempts += 1
                _clear(tmp)
                (tmp / PRIVATE).mkdir()
                try:
                    nb = execute(source, tmp / PRIVATE / "report.ipynb", job.parameters(tmp), settings, slot)
                    break
                except KernelDied as exc:
                    if attempts >= KERNEL_DEATH_TRIES:
                        raise KernelDied(f"{exc}, on each of {attempts} tries with a fresh kernel",
                                         exc.section) from exc
                    log.warning("%s %s: %s; making the report again on a fresh kernel", code, year, exc)
            manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
            provenance = manifest.get("provenance") or {}
            record = BuildRecord(org_checksum=provenance.get("org_checksum"),
                                 parameters=report_parameters(code, year, job.options.as_parameters(), job.data_label),
                                 notebook=file_checksum(source))
            if job.expected_checksum and record.org_checksum != job.expected_checksum:
                log.warning("%s %s: the data changed while the batch ran; the report shows the rows read now",
                            code, year)
            manifest[BUILD_KEY] = record.as_dict()
            page = manifest["page"]
            slot.on_step("writing the shared page")
            (tmp / "report.html").write_text(export_html(nb, page), encoding="utf-8")
            del nb
            if settings.pdf:  # the board pack is part of the folder: made before it is placed, or no folder
                slot.on_step("printing the board pack")
                print_pdf(tmp / "report.html", tmp / REPORT_PDF)
                manifest["files"] = [*manifest["files"], REPORT_PDF]
            write_text(tmp / "manifest.json", json_text(manifest))
            place(tmp, final)
        except Exception as exc:
            kind = failure_kind(exc)
            message = describe_failure(exc)
            debug = None
            try:
                debug = _keep_partial(out, tmp / PRIVATE / "report.ipynb", code, year)
            except OSError as keep_error:  # an unwritable folder: the outcome still says what happened
                log.warning("%s %s: the partial notebook cannot be kept: %s", code, year, keep_error)
            failure_note(out, code, year, message, kind, debug)
            raise RenderFailed(f"{code} {year}: the report notebook failed: {message}"
                               + (f" (partial notebook kept at {debug})" if debug else ""),
                               kind, attempts, debug, message) from exc
        for stale in (out / FAILED_DIR / f"{code}-{year}.json", out / FAILED_DIR / f"{code}-{year}.ipynb"):
            stale.unlink(missing_ok=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ReportOutcome(
        org_code=code, year=year, ok=True, org_name=manifest["org_name"], region=manifest["region"],
        synthetic=bool(manifest["synthetic"]), folder=final, seconds=time.perf_counter() - started,
        ratings={int(k): v for k, v in manifest["ratings"].items()}, attempts=attempts,
        data_checksum=provenance.get("data_checksum"), org_checksum=record.org_checksum,
    )


def render_report(data: Dataset | str | Path, org_code: str, year: int, out_dir: str | Path,
                  options: ReportOptions | None = None, *, settings: RunSettings | None = None,
                  kernel: KernelSlot | None = None, notebook: Path | None = None,
                  data_label: str | None = None) -> ReportOutcome:
    """Render one organisation's report into ``OUT/CODE/YYYY/`` (see the module docstring).

    Raises
    ------
    DataError
        The organisation's data has faults or the organisation or year is missing (no kernel is started).
    OutputError
        The output folder cannot be written (no kernel is started).
    ReportError
        The notebook failed (a cell raised, timed out, or the kernel died twice); the message names the fault.
    """
    from wreslib.data.read import read_data

    options = options or ReportOptions()
    settings = settings or RunSettings()
    dataset = read_data(data) if isinstance(data, str | Path) else data
    code = str(org_code).strip().upper()
    dataset.require(code, int(year))
    out = prepare_output(out_dir)
    label = data_label if data_label is not None else data_name(dataset.source)
    job = ReportJob.of(dataset, code, int(year), options, label)
    slot = kernel or KernelSlot(settings.kernel_name, reuse=False)
    try:
        return render_job(job, out, settings, slot, notebook)
    finally:
        if kernel is None:
            slot.close()
