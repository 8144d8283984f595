"""The benchmark's files beside its page: ``benchmark.csv`` and ``benchmark.xlsx`` (shared), and
``manifest.json`` (what the index and a later run need).

- ``benchmark.csv``: the rows of :func:`wreslib.benchmark.csv_rows`, the data contract's columns first
  (``section, org_code, year, indicator, value, ci_low, ci_high, funnel_flag``), UTF-8 with a byte-order mark
  and no comment lines (:func:`wreslib.export.write_csv`), so that Excel opens it cleanly. Provenance is in
  columns: ``data_checksum``, ``wreslib_version``, ``parameters`` (the page's, options included) and
  ``software`` (the versions of the libraries that shape the figures).
- ``benchmark.xlsx``: a ``Summary`` sheet (the matrix of every organisation's rating per indicator), a sheet
  per indicator, the roll-ups, funnels, published figures and exclusions, and a ``provenance`` sheet.
- ``manifest.json``: ``kind: "benchmark"``, the title, year, region, whether the data is synthetic, the
  shared files, the page's layout settings and its provenance (data checksum, parameters, software), so the
  index lists the page and a later run can tell whether it is out of date.

No file holds an organisation's own counts of people (:mod:`wreslib.benchmark.rows` leaves them out).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib import export
from wreslib.benchmark.rows import CSV_COLUMNS, csv_rows, xlsx_sheets
from wreslib.products.benchmark.context import PAGE_FILE

if TYPE_CHECKING:
    from wreslib.products.benchmark.context import BenchmarkContext

PRIVATE = "private"
SHARED_FILES = (PAGE_FILE, "benchmark.csv", "benchmark.xlsx", "manifest.json")
#: The columns of benchmark.csv: the benchmark's, then the versions of the software that made it.
COLUMNS: tuple[str, ...] = (*CSV_COLUMNS, "software")


def csv_records(ctx: BenchmarkContext) -> list[dict[str, Any]]:
    """The rows of ``benchmark.csv`` with the page's provenance in every row."""
    parameters = json.dumps(ctx.provenance.parameters, sort_keys=True)
    software = json.dumps(ctx.provenance.software, sort_keys=True)
    rows = csv_rows(ctx.bench)
    for row in rows:
        row["parameters"] = parameters
        row["software"] = software
    return rows


def provenance(ctx: BenchmarkContext) -> dict[str, Any]:
    """The page's provenance as the workbook's sheet and the manifest hold it."""
    p = ctx.provenance
    return {"data_checksum": p.data_checksum, "data": p.data_name, "software": dict(p.software),
            "parameters": dict(p.parameters)}


def title(ctx: BenchmarkContext) -> str:
    """The page's name in the index ("WRES benchmark 2024: London"); the index marks synthetic data itself."""
    return f"WRES benchmark {ctx.year}: {ctx.region if ctx.region is not None else ctx.name}"


def manifest(ctx: BenchmarkContext, page: dict[str, Any]) -> dict[str, Any]:
    """What the index and a later run need to know about a made page (no counts)."""
    return {
        "kind": "benchmark", "title": title(ctx), "year": ctx.year, "region": ctx.region,
        "group_by": ctx.bench.group_by, "name": ctx.name, "organisations": len(ctx.bench.population.codes),
        "synthetic": ctx.synthetic, "files": list(SHARED_FILES), "page_file": PAGE_FILE, "page": page,
        "provenance": provenance(ctx),
    }


def write_tables(ctx: BenchmarkContext, folder: str | Path, page: dict[str, Any]) -> list[Path]:
    """Write ``benchmark.csv``, ``benchmark.xlsx`` and ``manifest.json`` into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = [export.write_csv(csv_records(ctx), out / "benchmark.csv", COLUMNS),
               export.write_xlsx(xlsx_sheets(ctx.bench), out / "benchmark.xlsx", provenance(ctx))]
    written.append(export.write_json(manifest(ctx, page), out / "manifest.json"))
    return written


__all__ = ["COLUMNS", "PRIVATE", "SHARED_FILES", "csv_records", "manifest", "provenance", "title", "write_tables"]
