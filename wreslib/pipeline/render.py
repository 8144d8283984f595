"""One render job: an organisation's report made from its notebook and put in place whole, or not at all.

``render_report`` checks the organisation's data (a fault costs milliseconds, not a kernel), runs the
report notebook with papermill on a kernel, exports the shared page, and moves the finished folder into
``OUT/CODE/YYYY/`` in one rename, so a reader never sees a half-written report:

    OUT/CODE/YYYY/report.html        the shared page (code-free, self-contained)
    OUT/CODE/YYYY/indicators.csv     the shared tables (disclosure control applied)
    OUT/CODE/YYYY/indicators.xlsx
    OUT/CODE/YYYY/manifest.json      what the index needs (no counts)
    OUT/CODE/YYYY/private/           the analyst's working files: report.ipynb, indicators.json

A failing organisation gets no report folder: its partial notebook is kept apart under ``OUT/_failed/``
with a note of what went wrong, which the index names.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.errors import DataError, Fault, ReportError
from wreslib.options import ReportOptions
from wreslib.pipeline.kernel import KernelSlot, RunSettings, execute
from wreslib.present.provenance import data_name
from wreslib.products.report.exports import PRIVATE

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

FAILED_DIR = "_failed"


class OutputError(DataError):
    """The output folder cannot be made or written (an input fault: exit status 2)."""


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
    made: bool = True


def prepare_output(out: str | Path) -> Path:
    """Make sure the output folder exists and can be written; a clear fault naming it otherwise."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".wres-write-test-", delete=True):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(Fault(str(folder), f"the output folder cannot be written ({reason}); choose another "
                                "folder with --out, or check its permissions", column="--out", value=str(folder)),
                          heading="The output folder cannot be used") from None
    return folder


def place(tmp: Path, final: Path) -> None:
    """Move a finished folder into place in one rename; an older one is replaced whole."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is for sharing
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, final)


def describe_failure(exc: BaseException) -> str:
    """A failure in words: a cell's error as it said it (without a traceback), or the runner's message."""
    evalue = getattr(exc, "evalue", None)
    ename = getattr(exc, "ename", None)
    if evalue is not None:
        lines = str(evalue).strip().splitlines()
        text = " ".join(line.strip() for line in lines[:6])
        return f"{ename}: {text}" if ename and ename not in ("DataError", "NotInDataError", "OptionError") else text
    return str(exc) if isinstance(exc, ReportError) else f"{type(exc).__name__}: {exc}"


def _failure_note(out: Path, org_code: str, year: int, message: str, debug: Path | None) -> None:
    failed = out / FAILED_DIR
    failed.mkdir(exist_ok=True)
    note = {"org_code": org_code, "year": year, "message": message,
            "notebook": debug.name if debug is not None else None}
    (failed / f"{org_code}-{year}.json").write_text(json.dumps(note, indent=2, ensure_ascii=False) + "\n",
                                                    encoding="utf-8")


def parameters(dataset: Dataset, org_code: str, year: int, options: ReportOptions, tables_dir: Path,
               data_label: str) -> dict[str, Any]:
    """The notebook's parameters for one report (the data by absolute path: the notebook is private)."""
    return {"org_code": org_code, "year": int(year), "data_dir": str(Path(dataset.source).resolve()),
            **options.as_parameters(), "tables_dir": str(tables_dir), "data_label": data_label}


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
        The output folder cannot be written.
    ReportError
        The notebook failed (a cell raised, timed out, or the kernel died); the message names the fault.
    """
    import nbformat

    from wreslib.data.read import read_data
    from wreslib.pipeline.export import export_html
    from wreslib.resources import notebook as shipped

    options = options or ReportOptions()
    settings = settings or RunSettings()
    started = time.perf_counter()
    dataset = read_data(data) if isinstance(data, str | Path) else data
    code = str(org_code).strip().upper()
    dataset.require(code, int(year))
    out = prepare_output(out_dir)
    label = data_label if data_label is not None else data_name(dataset.source)
    final = out / code / str(year)
    tmp = Path(tempfile.mkdtemp(prefix=f".partial-{code}-{year}-", dir=out))
    slot = kernel or KernelSlot(settings.kernel_name, reuse=False)
    try:
        (tmp / PRIVATE).mkdir()
        executed = tmp / PRIVATE / "report.ipynb"
        try:
            execute(notebook or shipped(), executed, parameters(dataset, code, year, options, tmp, label), settings,
                    slot)
        except Exception as exc:
            debug = None
            if executed.exists():
                (out / FAILED_DIR).mkdir(exist_ok=True)
                debug = out / FAILED_DIR / f"{code}-{year}.ipynb"
                os.replace(executed, debug)
            message = describe_failure(exc)
            _failure_note(out, code, year, message, debug)
            raise ReportError(f"{code} {year}: the report notebook failed: {message}"
                              + (f" (partial notebook kept at {debug})" if debug else "")) from exc
        manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
        nb = nbformat.read(str(executed), as_version=4)
        (tmp / "report.html").write_text(export_html(nb, manifest["page"]), encoding="utf-8")
        place(tmp, final)
        for stale in (out / FAILED_DIR / f"{code}-{year}.json", out / FAILED_DIR / f"{code}-{year}.ipynb"):
            stale.unlink(missing_ok=True)
    finally:
        if kernel is None:
            slot.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return ReportOutcome(
        org_code=code, year=int(year), ok=True, org_name=manifest["org_name"], region=manifest["region"],
        synthetic=bool(manifest["synthetic"]), folder=final, seconds=time.perf_counter() - started,
        ratings={int(k): v for k, v in manifest["ratings"].items()},
    )
