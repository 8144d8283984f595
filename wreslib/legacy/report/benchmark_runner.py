"""Rendering the benchmark page: papermill executes the benchmark notebook, nbconvert exports code-free HTML.

The same machinery as one organisation's report (:mod:`wreslib.legacy.report.runner`): an explicit kernel name and
a per-cell timeout, a kernel over IPC, the lean code-free page of ``export_html``, and an output folder
that appears in one rename. ``OUT/benchmark/YYYY/`` holds ``benchmark.html``, ``benchmark.ipynb`` (the
executed notebook, for analysts) and ``benchmark.csv`` (the league tables and roll-ups, with a provenance
comment line). The data is checked, and the benchmark computed, before any kernel starts, so bad input
costs seconds and raises :class:`wreslib.errors.DataError`.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from wreslib.errors import DataError, Fault, ReportError
from wreslib.legacy.export import rounded, rounded_p
from wreslib.legacy.measures.benchmark import GROUP_BY, RATIO_NUMBERS, Benchmark, Rollup
from wreslib.legacy.report.runner import (
    FAILED_DIR,
    PROJECT_ROOT,
    KernelSlot,
    ReportOptions,
    _describe_failure,
    _execute,
    _place,
    export_html,
)

log = logging.getLogger(__name__)

NOTEBOOK = PROJECT_ROOT / "notebooks" / "wres_benchmark.ipynb"
#: The benchmark pages live in ``OUT/benchmark/YYYY/``.
FOLDER = "benchmark"

_CSV_COLUMNS = ("section", "scope", "group", "org_code", "org_name", "year", "indicator", "measure", "value", "unit",
                "ci_low", "ci_high", "p_value", "significant", "n_orgs", "size", "funnel_flag", "rank",
                "parity_rank", "status", "reason")
_RL_NAMES = {2: "White relative to BME, appointed from shortlisting",
             3: "BME relative to White, entering the formal disciplinary process",
             4: "White relative to BME, accessing non-mandatory training and CPD"}


def _rollup_rows(r: Rollup) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    base = {"section": "rollup", "scope": r.group_by, "group": r.name, "org_code": "", "org_name": "", "year": r.year}

    def add(n: int, measure: str, value: float | None, unit: str, n_orgs: int, m: Any = None,
            status: str = "ok", reason: str | None = None, significant: object = None, p_value: float | None = None,
            ) -> None:
        rows.append({**base, "indicator": n, "measure": measure, "value": rounded(value), "unit": unit,
                     "ci_low": rounded(m.ci_low) if m is not None else None,
                     "ci_high": rounded(m.ci_high) if m is not None else None,
                     "p_value": rounded_p(m.p_value if m is not None else p_value),
                     "significant": m.significant if m is not None else significant, "n_orgs": n_orgs,
                     "status": m.status if m is not None else status, "reason": m.reason if m is not None else reason})

    rep = r.representation
    add(1, "BME share of the workforce", rep.overall.bme_pct, "%", rep.n_orgs)
    for c in rep.ranges:
        add(1, f"BME share, all staff groups {c.label}", c.bme_pct, "%", rep.n_orgs)
    if rep.senior is not None:
        add(1, "White relative to BME, being in Band 8a-VSM", rep.senior.relative_likelihood, "ratio", rep.n_orgs,
            rep.senior)
    for n in RATIO_NUMBERS:
        rr = r.ratios[n]
        if rr.measure is None:
            add(n, _RL_NAMES[n], None, "ratio", 0, status="no_data", reason="no organisation has counts")
        else:
            add(n, _RL_NAMES[n], rr.measure.relative_likelihood, "ratio", rr.n_orgs, rr.measure)
    for n in (5, 6, 7, 8):
        s = r.surveys[n]
        add(n, "White", s.white_pct, "%", s.n_orgs)
        add(n, "BME", s.bme_pct, "%", s.n_orgs)
        c = s.comparison
        add(n, "BME minus White", s.gap_pp, "percentage points", s.n_orgs,
            significant=c.significant if c else None, p_value=c.p_value if c else None,
            status=c.status if c else "no_data", reason=c.reason if c else "no organisation has both groups")
    for m in (r.voting, r.executive):
        add(9, f"board ({m.membership}) BME share minus workforce BME share", m.difference_pp, "percentage points",
            r.board_orgs.get(m.membership, 0), status=m.status, reason=m.reason)
    return rows


def benchmark_rows(bench: Benchmark) -> list[dict[str, Any]]:
    """The flat rows of benchmark.csv: the league tables of indicators 2-4, then every roll-up of every year.

    Only figures that are published at organisation level or pooled over organisations: no counts of people.
    """
    rows: list[dict[str, Any]] = []
    for n in RATIO_NUMBERS:
        for row in bench.leagues[n]:
            ratio = row.ratio
            m = ratio.measure
            rows.append({
                "section": "league", "scope": "organisation", "group": ratio.org.group(bench.group_by),
                "org_code": ratio.org.code, "org_name": ratio.org.name, "year": bench.year, "indicator": n,
                "measure": _RL_NAMES[n], "value": rounded(ratio.value), "unit": "ratio",
                "ci_low": rounded(m.ci_low) if m else None, "ci_high": rounded(m.ci_high) if m else None,
                "p_value": rounded_p(m.p_value) if m else None, "significant": m.significant if m else None,
                "n_orgs": None, "size": ratio.precision, "funnel_flag": row.flag, "rank": row.rank,
                "parity_rank": row.parity_rank, "status": ratio.status, "reason": ratio.reason,
            })
    for r in bench.trends:
        rows += _rollup_rows(r)
    return rows


def _write_csv(path: Path, bench: Benchmark, parameters: dict[str, Any]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        handle.write(f"# WRES benchmark {bench.year}; data checksum {bench.data_checksum}; wreslib "
                     f"{bench.wreslib_version}; parameters {json.dumps(parameters, sort_keys=True)}\n")
        writer = csv.DictWriter(handle, fieldnames=list(_CSV_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for row in benchmark_rows(bench):
            writer.writerow({k: row.get(k) for k in _CSV_COLUMNS})


def _refresh_index(out: Path) -> None:
    """Point an existing batch index at the benchmark pages (the index written by ``write_index`` has markers)."""
    from wreslib.legacy.report.index import BENCHMARK_LINKS_END, BENCHMARK_LINKS_START, _benchmark_links

    index = out / "index.html"
    if not index.exists():
        return
    text = index.read_text(encoding="utf-8")
    start, end = text.find(BENCHMARK_LINKS_START), text.find(BENCHMARK_LINKS_END)
    if start < 0 or end < start:
        log.info("%s has no benchmark-link markers; the next batch will link the benchmark", index)
        return
    updated = text[:start] + _benchmark_links(out) + text[end + len(BENCHMARK_LINKS_END):]
    tmp = out / ".index.html.tmp"
    tmp.write_text(updated, encoding="utf-8")
    os.replace(tmp, index)


def _check_options(group_by: object, year: object, options: ReportOptions) -> None:
    faults = []
    if group_by not in GROUP_BY:
        faults.append(Fault("(parameters)", f"group_by must be one of {', '.join(GROUP_BY)}", column="group_by",
                            value=str(group_by)))
    if isinstance(year, bool) or not isinstance(year, int):
        faults.append(Fault("(parameters)", "year must be a whole number such as 2024", column="year",
                            value=str(year)))
    s = options.suppress_below
    if not isinstance(s, int) or isinstance(s, bool) or not 1 <= s <= 100:
        faults.append(Fault("(parameters)", "suppress_below must be a whole number from 1 to 100 (default 5)",
                            column="suppress_below", value=str(s)))
    if faults:
        raise DataError(faults, heading="The benchmark options are not valid")


def render_benchmark(
    data_dir: str | Path, year: int, out_dir: str | Path, *, group_by: str = "region",
    options: ReportOptions | None = None, notebook: Path | None = None, kernel: KernelSlot | None = None,
) -> Path:
    """Execute the benchmark notebook for ``year`` and write ``OUT/benchmark/YYYY/``; return the HTML path.

    Parameters
    ----------
    data_dir : str or Path
        The data folder (relative paths also resolve from the project root).
    year : int
        WRES year.
    out_dir : str or Path
        The output folder (the same as ``wres batch --out``, so that its index links the benchmark).
    group_by : {"region", "org_type"}
        How the roll-ups are grouped.
    options : ReportOptions, optional
        ``suppress_below``, ``cell_timeout`` and ``kernel_name`` are used.
    notebook : Path, optional
        Another benchmark notebook (tests).
    kernel : KernelSlot, optional
        A kernel to run on (a batch worker's); by default one is started and shut down.

    Returns
    -------
    Path
        ``OUT/benchmark/YYYY/benchmark.html``.

    Raises
    ------
    DataError
        For a bad option, an unreadable data folder, faults that affect every organisation, or a year no
        organisation can be computed for (no kernel is started).
    ReportError
        The notebook failed; its partial notebook is kept as ``OUT/_failed/benchmark-YYYY.ipynb``.
    """
    import nbformat

    from wreslib.data.read import read_data
    from wreslib.legacy.measures.benchmark import compute_benchmark
    from wreslib.legacy.report.context import resolve_data_dir

    options = options or ReportOptions()
    _check_options(group_by, year, options)
    dataset = read_data(resolve_data_dir(data_dir))
    # Compute before starting a kernel: bad input fails in seconds, and the CSV is written from this result.
    bench = compute_benchmark(dataset, year, group_by=group_by)
    out = Path(out_dir)
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / str(year)
    tmp = Path(tempfile.mkdtemp(prefix=f".partial-{year}-", dir=folder))
    parameters = {"data_dir": str(Path(dataset.source).resolve()), "year": int(year), "group_by": group_by,
                  "suppress_below": options.suppress_below}
    shown = {k: v for k, v in parameters.items() if k != "data_dir"}
    slot = kernel or KernelSlot(options.kernel_name, reuse=False)
    try:
        try:
            _execute(notebook or NOTEBOOK, tmp / "benchmark.ipynb", parameters, options, slot)
        except Exception as exc:
            failed = out / FAILED_DIR
            failed.mkdir(exist_ok=True)
            debug: Path | None = failed / f"benchmark-{year}.ipynb"
            if (tmp / "benchmark.ipynb").exists():
                os.replace(tmp / "benchmark.ipynb", debug)
            else:
                debug = None
            raise ReportError(f"benchmark {year}: the notebook failed: {_describe_failure(exc)}"
                              + (f" (partial notebook kept at {debug})" if debug else "")) from exc
        nb = nbformat.read(str(tmp / "benchmark.ipynb"), as_version=4)
        title = f"WRES benchmark {year}" + (" (synthetic data)" if bench.synthetic else "")
        footer = (f"WRES benchmark {year}, {len(bench.organisations)} organisations. Data checksum "
                  f"{bench.data_checksum}; wreslib {bench.wreslib_version}; parameters "
                  f"{json.dumps(shown, sort_keys=True)}.")
        (tmp / "benchmark.html").write_text(export_html(nb, title=title, footer=footer), encoding="utf-8")
        _write_csv(tmp / "benchmark.csv", bench, shown)
        _place(tmp, final)
    finally:
        if kernel is None:
            slot.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    _refresh_index(out)
    return final / "benchmark.html"
