"""The report's tables for analysts and for sharing: indicators.csv and .xlsx (shared, under disclosure
control) beside the page, indicators.json (the analyst's working file, exact counts) under ``private/``,
and manifest.json (what the index needs: no counts).

The shared tables hold the same rows as ``wreslib.indicator_table`` for the organisation's report years;
a count that the report hides is written as the report shows it (``<5`` or ``[c]``), and so is a share
computed from it. The JSON keeps every count: it is for the analyst, not for publication, which is why it
lives in ``private/`` (the index page never links there).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib import export
from wreslib.measures import keys
from wreslib.measures.families import BME, WHITE
from wreslib.measures.tidy import table_of
from wreslib.products.report.figures import compared_key, likelihood_keys, range_key

if TYPE_CHECKING:
    import pandas as pd

    from wreslib.products.report.context import ReportContext

PRIVATE = "private"
SHARED_FILES = ("report.html", "indicators.csv", "indicators.xlsx", "manifest.json")
UNKNOWN = "Unknown"


def _row_keys(row: dict[str, Any]) -> dict[str, keys.Key]:
    """The disclosure key of each count column of one tidy row (empty for public figures)."""
    n, year, measure = int(row["indicator"]), int(row["year"]), row["measure"]
    if n == 1 and measure == "bme_pct":
        sg, band = row["staff_group"], row["band"]
        return {"white_cases": range_key(year, WHITE, sg, band), "bme_cases": range_key(year, BME, sg, band),
                "unknown_cases": range_key(year, UNKNOWN, sg, band),
                **{c: range_key(year, "all", sg, band) for c in ("white_total", "bme_total", "unknown_total")}}
    if n == 1 and measure == "relative_likelihood" and isinstance(row.get("band"), str):
        sg = row["staff_group"]
        senior = row["band"].split(" vs ")[0]
        return {"white_cases": range_key(year, WHITE, sg, senior), "bme_cases": range_key(year, BME, sg, senior),
                "white_total": compared_key(year, WHITE, sg), "bme_total": compared_key(year, BME, sg)}
    if n in (2, 3, 4):
        named = likelihood_keys(n, year)
        return {"white_cases": named[WHITE][0], "white_total": named[WHITE][1], "bme_cases": named[BME][0],
                "bme_total": named[BME][1], "unknown_cases": named[UNKNOWN][0], "unknown_total": named[UNKNOWN][1]}
    if n == 9:
        return {"workforce_bme": keys.workforce(year, BME), "workforce_total": keys.workforce(year)}
    return {}


def shared_records(ctx: ReportContext) -> list[dict[str, Any]]:
    """The tidy rows of the report's years with disclosure control applied, and their provenance."""
    assert ctx.computation is not None
    table: pd.DataFrame = table_of(ctx.computation)
    records = export.table_records(table, ctx.provenance.as_dict())
    d = ctx.disc
    for record in records:
        hidden = False
        for column, key in _row_keys(record).items():
            if record.get(column) is None or key not in d.values:
                continue
            if not d.shown(key):
                record[column] = d.cell(key)
                hidden = True
        if hidden and record["measure"] == "bme_pct":
            # A share of hidden counts would give them back.
            record["value"] = None
            record["reason"] = "hidden by the small-number rule"
    return records


def write_tables(ctx: ReportContext, folder: str | Path, page: dict[str, Any]) -> list[Path]:
    """Write indicators.csv, indicators.xlsx and manifest.json into ``folder`` and the analyst's
    indicators.json into ``folder/private``."""
    from wreslib.measures.tidy import COLUMNS

    out = Path(folder)
    private = out / PRIVATE
    private.mkdir(parents=True, exist_ok=True)
    records = shared_records(ctx)
    columns = [*COLUMNS, *export.PROVENANCE_COLUMNS]
    written = [export.write_csv(records, out / "indicators.csv", columns)]
    provenance = ctx.provenance.as_dict()
    written.append(export.write_xlsx({"indicators": records}, out / "indicators.xlsx", provenance))
    doc = export.to_dict(ctx.current, provenance["parameters"], provenance["software"])
    doc["provenance"].update({"data": provenance["data"], "org_checksum": provenance["org_checksum"]})
    written.append(export.write_json(doc, private / "indicators.json"))
    written.append(write_manifest(ctx, out, page))
    return written


def write_manifest(ctx: ReportContext, folder: Path, page: dict[str, Any]) -> Path:
    """What the index page and an incremental batch need to know about a made report (no counts)."""
    s = ctx.current
    manifest = {
        "kind": "report", "org_code": s.org_code, "org_name": s.org_name, "org_type": s.org_type,
        "region": s.region, "year": s.year, "synthetic": s.synthetic,
        "ratings": {str(n): rag for n, rag in s.ratings.items()},
        "files": list(SHARED_FILES), "page": page, "provenance": ctx.provenance.as_dict(),
    }
    return export.write_json(manifest, folder / "manifest.json")


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(float(value))
