"""The benchmark laid flat: the rows of ``benchmark.csv`` and the sheets of ``benchmark.xlsx``, as records.

Records are JSON-ready (None for a missing, undefined or unbounded value; plain Python numbers), with the
rounding of every wreslib table (4 decimal places; p-values to 4 significant figures). Write them with
:func:`wreslib.export.write_csv` (UTF-8 with a byte-order mark, no comment lines: provenance is in the
``data_checksum``, ``wreslib_version`` and ``parameters`` columns) and :func:`wreslib.export.write_xlsx`::

    from wreslib.export import write_csv, write_xlsx
    write_csv(csv_rows(bench), folder / "benchmark.csv", columns=CSV_COLUMNS)
    write_xlsx(xlsx_sheets(bench), folder / "benchmark.xlsx", bench.provenance)

``benchmark.csv`` has the data contract's columns first (``section, org_code, year, indicator, value,
ci_low, ci_high, funnel_flag``) and one ``section`` per kind of row:

==================  ==================================================================================
section             one row per
==================  ==================================================================================
``organisation``    organisation and indicator (staff group for 1, membership for 9): its value and
                    interval, tests and rating as its report gives them, ``funnel_flag`` (the parity
                    view, the page's default) and ``peer_flag`` for 1-4, its ranks
``rollup``          pooled group (``scope``, ``group``, ``name``), year and measure, with its summed counts
``rollup_change``   pooled group, pair of consecutive years and measure
``region_vs_rest``  year and measure, when a region was chosen
``funnel``          funnel, view and figure (``placed``, ``outside_95``, ``expected_outside_95``, ``phi``,
                    ``tau2`` …)
``movement``        organisation and indicator: the change since the year before
``published``       published reference figure (``published``), beside the pooled one (``value``)
``excluded``        organisation left out, with the reason
==================  ==================================================================================

Counts of people appear only for pooled groups: an organisation's own counts can be small (indicator 3's
cases), so the CSV, which is shared, holds its published-style figures and not its counts.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from wreslib.benchmark.compute import Benchmark

#: The data contract's columns of benchmark.csv, first.
CONTRACT_COLUMNS: tuple[str, ...] = ("section", "org_code", "year", "indicator", "value", "ci_low", "ci_high",
                                     "funnel_flag")
CSV_COLUMNS: tuple[str, ...] = (
    *CONTRACT_COLUMNS, "measure", "unit", "scope", "group", "name", "org_name", "region", "org_type", "staff_group",
    "band", "membership", "from_year", "view", "p_value", "p_adjusted", "significant", "rating", "verdict",
    "peer_flag", "position", "precision", "rank", "distance_rank", "organisations", "white_cases", "white_total",
    "bme_cases", "bme_total", "published", "source", "method", "reason", "data_checksum", "wreslib_version",
    "parameters",
)
SECTIONS: tuple[str, ...] = ("organisation", "rollup", "rollup_change", "region_vs_rest", "funnel", "movement",
                             "published", "excluded")
#: Columns rounded as p-values (4 significant figures); every other float to 4 decimal places.
P_COLUMNS: tuple[str, ...] = ("p_value", "p_adjusted", "change_p_value", "change_p_adjusted", "dispersion_p")
DIGITS = 4
#: The figures of each funnel view in the ``funnel`` section (``measure``), in order.
FUNNEL_FIGURES: tuple[str, ...] = (
    "target", "organisations", "placed", "within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed",
    "outside_95", "outside_99.8", "expected_outside_95", "expected_outside_99.8", "phi", "tau2",
)


def _plain(value: Any, column: str) -> Any:
    """One cell as JSON: None for missing or non-finite, rounded floats, Python scalars."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and column in ("year", "from_year", "indicator", "rank", "distance_rank",
                                             "group_rank", "organisations", "white_cases", "white_total",
                                             "bme_cases", "bme_total", "unknown_cases", "unknown_total"):
            return int(value)
        if column in P_COLUMNS:
            return float(f"{value:.{DIGITS}g}")
        return round(value, DIGITS)
    return value


def records(frame: pd.DataFrame, columns: tuple[str, ...] | list[str] | None = None) -> list[dict[str, Any]]:
    """A frame as JSON-ready records (see the module docstring), with ``columns`` in order (None where absent).

    Examples
    --------
    >>> records(pd.DataFrame({"value": [1.23456, float("inf")], "p_value": [0.000123456, float("nan")]}))
    [{'value': 1.2346, 'p_value': 0.0001235}, {'value': None, 'p_value': None}]
    """
    wanted = list(frame.columns) if columns is None else list(columns)
    present = [c for c in wanted if c in frame.columns]
    out = []
    for row in frame[present].itertuples(index=False, name=None):
        cells = dict(zip(present, row, strict=True))
        out.append({c: _plain(cells.get(c), c) for c in wanted})
    return out


def _organisation_section(bench: Benchmark) -> pd.DataFrame:
    table = bench.league.table
    points = pd.concat([f.points for f in bench.funnels], ignore_index=True) if bench.funnels else pd.DataFrame(
        columns=["org_code", "indicator", "staff_group", "flag", "peer_flag", "position", "precision"])
    flags = points[["org_code", "indicator", "staff_group", "flag", "peer_flag", "position", "precision"]].assign(
        _g=points["staff_group"].fillna("")).drop(columns="staff_group")
    out = table.assign(_g=table["staff_group"].fillna("")).merge(flags, on=["org_code", "indicator", "_g"], how="left")
    unbounded = out["value"].astype(float).map(math.isinf) & (out["measure"] == "relative_likelihood")
    reason = out["reason"].astype(object).where(out["reason"].notna(), None)
    reason = reason.where(~unbounded, "unbounded: no case in the denominator group; ci_low is its finite bound")
    return out.assign(section="organisation", year=bench.year, funnel_flag=out["flag"], rating=out["rag"],
                      reason=reason)


def _rollup_section(bench: Benchmark) -> pd.DataFrame:
    return bench.rollups.table.assign(section="rollup")


def _change_section(bench: Benchmark) -> pd.DataFrame:
    return bench.rollups.changes.assign(section="rollup_change")


def _comparison_section(bench: Benchmark) -> pd.DataFrame:
    c = bench.rollups.comparison
    if c.empty:
        return pd.DataFrame()
    return c.assign(section="region_vs_rest", scope="region_vs_rest", group=c["region"],
                    name=c["region_name"] + " against " + c["rest_name"])


def _funnel_section(bench: Benchmark) -> pd.DataFrame:
    rows = []
    for f in bench.funnels:
        for v in (f.parity, *f.peers):
            figures = {
                "target": v.target, "organisations": v.organisations, "placed": v.placed, "within": v.within,
                "above_95": v.above_95, "above_99.8": v.above_998, "below_95": v.below_95,
                "below_99.8": v.below_998, "not_placed": v.not_placed, "outside_95": v.outside_95,
                "outside_99.8": v.outside_998, "expected_outside_95": v.expected_outside_95,
                "expected_outside_99.8": v.expected_outside_998, "phi": v.phi, "tau2": v.tau2,
            }
            for measure in FUNNEL_FIGURES:
                rows.append({
                    "section": "funnel", "year": f.year, "indicator": f.indicator, "staff_group": f.staff_group,
                    "view": v.view, "group": v.peer_group, "name": v.name, "measure": measure,
                    "value": figures[measure], "p_value": v.dispersion_p if measure == "phi" else None,
                    "reason": v.question if measure == "target" else v.reason,
                    "method": ("expected number by a seeded simulation at parity, "
                               f"{v.reps} draws per organisation") if measure.startswith("expected") else None,
                })
    return pd.DataFrame(rows)


def _movement_section(bench: Benchmark) -> pd.DataFrame:
    return bench.movement.organisations.assign(section="movement")


def _published_section(bench: Benchmark) -> pd.DataFrame:
    p = bench.published
    if p.empty:
        return pd.DataFrame()
    return p.assign(section="published", group=p["benchmark"], value=p["pooled"], scope="all")


def _excluded_section(bench: Benchmark) -> pd.DataFrame:
    gone = bench.population.excluded
    return pd.DataFrame({"section": "excluded", "org_code": [e.org_code for e in gone], "year": bench.year,
                         "reason": [e.reason for e in gone]})


def csv_frame(bench: Benchmark) -> pd.DataFrame:
    """Every row of ``benchmark.csv`` as one frame (columns :data:`CSV_COLUMNS`, sections in :data:`SECTIONS` order)."""
    parts = [_organisation_section(bench), _rollup_section(bench), _change_section(bench),
             _comparison_section(bench), _funnel_section(bench), _movement_section(bench),
             _published_section(bench), _excluded_section(bench)]
    frame = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    # An organisation's own counts stay out of the shared file (disclosure); pooled counts stay in.
    own = frame["section"].isin(["organisation", "movement"])
    for column in ("white_cases", "white_total", "bme_cases", "bme_total"):
        if column in frame.columns:
            frame.loc[own, column] = np.nan
    frame["data_checksum"] = bench.provenance.get("data_checksum")
    frame["wreslib_version"] = bench.provenance.get("wreslib_version")
    frame["parameters"] = json.dumps(bench.provenance.get("parameters", {}), sort_keys=True)
    for column in CSV_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return frame[list(CSV_COLUMNS)]


def csv_rows(bench: Benchmark) -> list[dict[str, Any]]:
    """The rows of ``benchmark.csv`` as JSON-ready records (keys :data:`CSV_COLUMNS`).

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.benchmark.compute import compute_benchmark
    >>> bench = compute_benchmark(Path(__file__).parents[2] / "data" / "synthetic", 2024, trend_years=1)
    >>> rows = csv_rows(bench)
    >>> mine = next(r for r in rows if r["section"] == "organisation" and r["indicator"] == 2
    ...             and r["org_code"] == "ZS001")

    The same figures as the organisation's own report, and a flag that follows its own test (p < 0.002):

    >>> from wreslib.measures.compute import compute_indicators
    >>> own = compute_indicators(bench.computation.data, "ZS001", 2024).likelihood(2).likelihood
    >>> [mine[c] == round(v, 4) for c, v in (("value", own.value), ("ci_low", own.ci_low), ("ci_high", own.ci_high))]
    [True, True, True]
    >>> mine["funnel_flag"], own.p_value < 0.002
    ('above_99.8', True)
    """
    return records(csv_frame(bench), CSV_COLUMNS)


_INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "ratio": ("org_code", "org_name", "region", "org_type", "staff_group", "value", "ci_low", "ci_high", "p_value",
              "p_adjusted", "rating", "rank", "distance_rank", "group_rank", "funnel_flag", "position", "precision",
              "peer_flag", "peer_position", "change", "change_ci_low", "change_ci_high", "change_p_value",
              "change_p_adjusted", "verdict", "reason"),
    "survey": ("org_code", "org_name", "region", "org_type", "white_pct", "bme_pct", "value", "ci_low", "ci_high",
               "p_value", "p_adjusted", "rating", "rank", "distance_rank", "group_rank", "change", "change_ci_low",
               "change_ci_high", "change_p_value", "change_p_adjusted", "verdict", "reason"),
    "board": ("org_code", "org_name", "region", "org_type", "membership", "board_bme_pct", "workforce_bme_pct",
              "difference_pp", "value", "ci_low", "ci_high", "p_value", "p_adjusted", "rating", "rank",
              "distance_rank", "group_rank", "change", "verdict", "reason"),
}
_SHEET_NAMES = {1: "1 Senior bands", 2: "2 Appointment", 3: "3 Disciplinary", 4: "4 Training", 5: "5 Public abuse",
                6: "6 Staff abuse", 7: "7 Equal opportunity", 8: "8 Discrimination", 9: "9 Board"}


def _indicator_sheet(bench: Benchmark, number: int, organisations: pd.DataFrame) -> list[dict[str, Any]]:
    rows = organisations[organisations["indicator"] == number]
    moved = bench.movement.organisations
    moved = moved[moved["indicator"] == number][["org_code", "staff_group", "membership", "value", "ci_low",
                                                 "ci_high", "p_value", "p_adjusted", "verdict"]]
    moved = moved.rename(columns={"value": "change", "ci_low": "change_ci_low", "ci_high": "change_ci_high",
                                  "p_value": "change_p_value", "p_adjusted": "change_p_adjusted"})
    keys = ["org_code", "_g", "_m"]
    moved = moved.assign(_g=moved["staff_group"].fillna(""), _m=moved["membership"].fillna("")).drop(
        columns=["staff_group", "membership"])
    sheet = rows.assign(_g=rows["staff_group"].fillna(""), _m=rows["membership"].fillna("")).merge(
        moved, on=keys, how="left")
    if number <= 4:
        points = pd.concat([f.points for f in bench.funnels if f.indicator == number], ignore_index=True)
        extra = points[["org_code", "staff_group", "peer_position"]].assign(_g=points["staff_group"].fillna("")).drop(
            columns="staff_group")
        sheet = sheet.merge(extra, on=["org_code", "_g"], how="left")
        kind = "ratio"
    else:
        kind = "survey" if number <= 8 else "board"
    return records(sheet, _INDICATOR_COLUMNS[kind])


def xlsx_sheets(bench: Benchmark) -> dict[str, list[dict[str, Any]]]:
    """The sheets of ``benchmark.xlsx`` as records: ``Summary`` (organisation × indicator ratings), one sheet
    per indicator, then the roll-ups, their changes, the region against the rest (when chosen), the funnels,
    the published figures and the organisations left out.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.benchmark.compute import compute_benchmark
    >>> sheets = xlsx_sheets(compute_benchmark(Path(__file__).parents[2] / "data" / "synthetic", 2024,
    ...                                        trend_years=1))
    >>> list(sheets)[:3], len(sheets["Summary"]), sorted(sheets["Summary"][0])[:4]
    (['Summary', '1 Senior bands', '2 Appointment'], 42, ['1', '2', '3', '4'])
    """
    organisations = _organisation_section(bench)
    sheets: dict[str, list[dict[str, Any]]] = {"Summary": records(bench.ratings)}
    for number in range(1, 10):
        sheets[_SHEET_NAMES[number]] = _indicator_sheet(bench, number, organisations)
    sheets["Roll-ups"] = records(bench.rollups.table)
    sheets["Roll-up changes"] = records(bench.rollups.changes)
    if not bench.rollups.comparison.empty:
        sheets["Region vs rest"] = records(bench.rollups.comparison)
    funnel_rows = _funnel_section(bench)
    sheets["Funnels"] = records(funnel_rows, ["indicator", "staff_group", "view", "group", "name", "measure", "value",
                                              "p_value", "method", "reason"])
    sheets["Published"] = records(bench.published)
    sheets["Excluded"] = records(_excluded_section(bench), ["org_code", "reason"])
    return sheets


__all__ = ["CONTRACT_COLUMNS", "CSV_COLUMNS", "FUNNEL_FIGURES", "SECTIONS", "csv_frame", "csv_rows",
           "records", "xlsx_sheets"]
