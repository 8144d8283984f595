"""One benchmark render job: the benchmark page made from its notebook and put in place whole, or not at all.

``render_benchmark`` checks the options and the data first (a bad year or region costs a second, not a
kernel), then, unless the page in place is up to date, runs ``notebooks/wres_benchmark.ipynb`` with
papermill on a kernel (:func:`wreslib.pipeline.kernel.execute`), exports the code-free page
(:func:`wreslib.pipeline.export.export_html`) and moves the finished folder into place in one rename
(:func:`wreslib.pipeline.render.place`)::

    OUT/benchmark/YYYY/benchmark.html         the shared page (code-free, self-contained)
    OUT/benchmark/YYYY/benchmark.csv          every figure, contract columns first (UTF-8 with BOM)
    OUT/benchmark/YYYY/benchmark.xlsx         a sheet per indicator and a summary matrix
    OUT/benchmark/YYYY/manifest.json          what the index and the next run need (no counts)
    OUT/benchmark/YYYY/private/benchmark.ipynb   the executed notebook (the analyst's working file)
    OUT/benchmark/YYYY/<region-slug>/         a region's own page (``--region``), laid out the same way

**Up to date or remade.** The manifest records the page's inputs: the data checksum, the parameters
(options included), the versions of the software that shape it (:func:`wreslib.version.software`) and the
notebook's checksum. A later run with the same inputs leaves the page as it is (``made`` is False); any
change remakes it, and ``force`` always does.

**Region pages survive the national page.** A region's page lives inside the national page's folder; when
the national page is remade, the region pages in place are carried into the new folder before it is put
in place, so neither run loses the other's work.

A failing notebook leaves the page in place untouched; its partial notebook is kept under
``OUT/_failed/benchmark-YYYY[-region].ipynb`` for debugging and the error names what went wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.errors import ReportError
from wreslib.options import ReportOptions
from wreslib.pipeline.kernel import KernelSlot, RunSettings, execute
from wreslib.pipeline.pdf import BENCHMARK_PDF
from wreslib.pipeline.render import FAILED_DIR, describe_failure, place, prepare_output
from wreslib.present.provenance import data_name
from wreslib.products.benchmark.context import FOLDER, PAGE_FILE, page_parameters, slug
from wreslib.products.benchmark.exports import PRIVATE, SHARED_FILES
from wreslib.version import software

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset


@dataclass(frozen=True)
class BenchmarkOutcome:
    """What happened to one benchmark page: where it is, whether it was made this time (False: it was up to
    date), its title and how long the job took."""

    year: int
    region: str | None
    folder: Path
    page: Path
    made: bool
    title: str = ""
    seconds: float = 0.0


def notebook_checksum(path: Path) -> str:
    """The checksum of a notebook file (a changed notebook makes every page out of date)."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def inputs(dataset: Dataset, year: int, group_by: str, region: str | None, options: ReportOptions, notebook: Path,
           label: str) -> dict[str, Any]:
    """Everything a page is made from, as its manifest records it."""
    return {"data_checksum": dataset.checksum, "data": label,
            "parameters": page_parameters(year, group_by, region, options), "software": software(),
            "notebook": notebook_checksum(notebook)}


def recorded(manifest: dict[str, Any]) -> dict[str, Any]:
    """The inputs a made page's manifest records (the same keys as :func:`inputs`)."""
    p = manifest.get("provenance", {})
    return {"data_checksum": p.get("data_checksum"), "data": p.get("data"), "parameters": p.get("parameters"),
            "software": p.get("software"), "notebook": manifest.get("notebook")}


def up_to_date(folder: Path, wanted: dict[str, Any], pdf: bool = False) -> bool:
    """Whether the page in ``folder`` was made from exactly these inputs and every shared file is there (with
    its PDF when ``pdf``)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    needed = (*SHARED_FILES, BENCHMARK_PDF) if pdf else SHARED_FILES
    if manifest.get("kind") != "benchmark" or not all((folder / name).is_file() for name in needed):
        return False
    return recorded(manifest) == json.loads(json.dumps(wanted))


def _carry_region_pages(final: Path, tmp: Path) -> None:
    """Move the region pages inside the national page's folder into its replacement (each in one rename)."""
    if not final.is_dir():
        return
    for child in final.iterdir():
        if child.is_dir() and child.name != PRIVATE and (child / "manifest.json").is_file():
            os.replace(child, tmp / child.name)


def render_benchmark(data: Dataset | str | Path, year: int, out_dir: str | Path, options: ReportOptions | None = None,
                     *, group_by: str = "region", region: str | None = None, settings: RunSettings | None = None,
                     kernel: KernelSlot | None = None, notebook: Path | None = None, force: bool = False,
                     data_label: str | None = None) -> BenchmarkOutcome:
    """Render the benchmark page of ``year`` (a region's own page with ``region``) into ``OUT/benchmark/YYYY/``.

    Parameters
    ----------
    data : Dataset, str or Path
        The data folder or workbook, or a dataset already read.
    year : int
        WRES reporting year.
    out_dir : str or Path
        The output folder (the same as ``wres batch --out``, so that the index lists the page and the page's
        links reach each report in ``OUT/CODE/YYYY/``).
    options : ReportOptions, optional
        Display label, small-count threshold and trend years.
    group_by : {"region", "org_type"}
    region : str, optional
        Make that region's own page, in ``OUT/benchmark/YYYY/<region-slug>/``.
    settings : RunSettings, optional
        Kernel name, cell timeout, and whether the page is also printed to ``benchmark.pdf``.
    kernel : KernelSlot, optional
        A kernel to run on; by default one is started and shut down.
    notebook : Path, optional
        Another benchmark notebook (tests).
    force : bool
        Remake the page even when it is up to date.
    data_label : str, optional
        How the page names the data (default: its path relative to the working folder).

    Returns
    -------
    BenchmarkOutcome

    Raises
    ------
    DataError
        A bad option, an unreadable data folder, a year no organisation can be compared in, or a region that
        holds none of them (no kernel is started).
    OutputError
        The output folder cannot be written.
    ReportError
        The notebook failed (a cell raised, timed out, or the kernel died); the message names the fault.
    """
    import nbformat

    from wreslib.benchmark.scope import check_group_by, check_year, population
    from wreslib.data.read import read_data
    from wreslib.export import write_json
    from wreslib.pipeline.export import export_html
    from wreslib.pipeline.pdf import print_pdf
    from wreslib.resources import BENCHMARK_NOTEBOOK
    from wreslib.resources import notebook as shipped

    started = time.perf_counter()
    options = options or ReportOptions()
    settings = settings or RunSettings()
    year = check_year(year)
    group_by = check_group_by(group_by)
    region = region.strip() if isinstance(region, str) and region.strip() else None
    dataset = read_data(data) if isinstance(data, str | Path) else data
    # Who is compared, checked before any kernel starts: a year or region with no one in it fails here.
    population(dataset, year, region=region)
    out = prepare_output(out_dir)
    label = data_label if data_label is not None else data_name(dataset.source)
    source = notebook or shipped(BENCHMARK_NOTEBOOK)
    base = out / FOLDER / str(year)
    final = base / slug(region) if region is not None else base
    wanted = inputs(dataset, year, group_by, region, options, source, label)
    if not force and up_to_date(final, wanted, settings.pdf):
        manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
        return BenchmarkOutcome(year, region, final, final / PAGE_FILE, made=False, title=str(manifest.get("title")),
                                seconds=time.perf_counter() - started)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".partial-benchmark-{final.name}-", dir=final.parent))
    slot = kernel or KernelSlot(settings.kernel_name, reuse=False)
    name = f"benchmark-{year}" + (f"-{slug(region)}" if region is not None else "")
    try:
        (tmp / PRIVATE).mkdir()
        executed = tmp / PRIVATE / "benchmark.ipynb"
        parameters = {**{k: v for k, v in wanted["parameters"].items() if k != "region"}, "region": region or "",
                      "data_dir": str(Path(dataset.source).resolve()), "data_label": label, "tables_dir": str(tmp)}
        try:
            execute(source, executed, parameters, settings, slot)
        except Exception as exc:
            debug = None
            if executed.exists():
                (out / FAILED_DIR).mkdir(exist_ok=True)
                debug = out / FAILED_DIR / f"{name}.ipynb"
                os.replace(executed, debug)
            raise ReportError(f"benchmark {year}{' ' + region if region else ''}: the notebook failed: "
                              f"{describe_failure(exc)}" + (f" (partial notebook kept at {debug})" if debug else "")
                              ) from exc
        manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
        # The notebook records what it was made from; the job adds the notebook's own checksum.
        manifest["notebook"] = wanted["notebook"]
        nb = nbformat.read(str(executed), as_version=4)
        (tmp / PAGE_FILE).write_text(export_html(nb, manifest["page"]), encoding="utf-8")
        if settings.pdf:  # made before the folder is placed: the page comes with its PDF or not at all
            print_pdf(tmp / PAGE_FILE, tmp / BENCHMARK_PDF)
            manifest["files"] = [*manifest.get("files", SHARED_FILES), BENCHMARK_PDF]
        write_json(manifest, tmp / "manifest.json")
        if region is None:
            _carry_region_pages(final, tmp)
        place(tmp, final)
        (out / FAILED_DIR / f"{name}.ipynb").unlink(missing_ok=True)
    finally:
        if kernel is None:
            slot.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return BenchmarkOutcome(year, region, final, final / PAGE_FILE, made=True, title=str(manifest["title"]),
                            seconds=time.perf_counter() - started)


__all__ = ["BenchmarkOutcome", "inputs", "notebook_checksum", "recorded", "render_benchmark", "up_to_date"]
