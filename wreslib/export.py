"""The edge where results become JSON, CSV and Excel: ``wres indicators``, indicators.json/.csv/.xlsx.

Strict JSON (no NaN or Infinity): a value that cannot be computed is null with ``status`` and ``reason``;
an unbounded relative likelihood is null with ``unbounded`` true. Percentages are 0-100 and differences of
percentages are in percentage points (``_pp``). Floats are rounded to 4 decimal places and p-values to 4
significant figures: more than any published figure needs, and stable across platforms. CSV files are
UTF-8 with a byte-order mark (Excel reads them correctly) and have no comment lines; their provenance is
in columns.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.measures import families
from wreslib.measures.results import (
    BoardMeasure,
    BoardResult,
    Gap,
    GroupCounts,
    IndicatorSet,
    Likelihood,
    LikelihoodResult,
    Share,
    ShareChange,
    SurveyResult,
    TestRecord,
    Trend,
    WorkforceResult,
)
from wreslib.stats.multiplicity import METHOD as HOLM

if TYPE_CHECKING:
    import pandas as pd

#: Columns every exported table ends with: where its figures came from.
PROVENANCE_COLUMNS = ("data_checksum", "wreslib_version", "parameters")


def rounded(value: float | None, digits: int = 4) -> float | None:
    """A float for JSON or a flat table: rounded to ``digits`` places; None for None, NaN or infinity."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return round(number, digits)


def rounded_p(value: float | None) -> float | None:
    """A p-value for JSON or a flat table: 4 significant figures; None for None, NaN or infinity."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return float(f"{number:.4g}")


def _counts(c: GroupCounts | None) -> dict[str, Any] | None:
    if c is None:
        return None
    out: dict[str, Any] = {"label": c.label}
    if c.staff_group is not None:
        out["staff_group"] = c.staff_group
    out.update({"white": c.white, "bme": c.bme, "unknown": c.unknown, "total": c.total,
                "white_pct": rounded(c.white_pct), "bme_pct": rounded(c.bme_pct),
                "unknown_pct": rounded(c.unknown_pct)})
    return out


def _likelihood(m: Likelihood | None) -> dict[str, Any]:
    if m is None:
        return {"relative_likelihood": None, "unbounded": False, "ci_low": None, "ci_high": None, "p_value": None,
                "p_adjusted": None, "significant": None, "within_non_adverse_range": None, "method": None}
    return {
        "relative_likelihood": rounded(m.value), "unbounded": m.unbounded,
        "ci_low": rounded(m.ci_low), "ci_high": rounded(m.ci_high),
        "p_value": rounded_p(m.p_value), "p_adjusted": rounded_p(m.p_adjusted), "significant": m.significant,
        "within_non_adverse_range": m.within_non_adverse_range, "position": m.position, "method": m.method,
        "numerator_group": m.a_label, "denominator_group": m.b_label,
        "groups": {
            m.a_label.lower(): {"cases": m.a_cases, "total": m.a_total, "rate_pct": rounded(m.a_rate_pct)},
            m.b_label.lower(): {"cases": m.b_cases, "total": m.b_total, "rate_pct": rounded(m.b_rate_pct)},
        },
    }


def _rating(result: Any) -> dict[str, Any]:
    return {"rating": result.rating.rag, "rule": result.rating.rule}


def _workforce(r: WorkforceResult) -> dict[str, Any]:
    head = r.headline
    return {
        "status": r.status, "reason": r.reason, **_rating(r),
        "headline_staff_group": r.headline_group,
        **_likelihood(head.likelihood if head else None),
        "staff_groups": [
            {"staff_group": g.staff_group, "senior": g.senior, "compared_with": g.lower,
             **_likelihood(g.likelihood), "rating": g.rating.rag, "rule": g.rating.rule}
            for g in r.groups
        ],
        "overall": _counts(r.overall),
        "by_staff_group": [_counts(c) for c in r.by_staff_group],
        "by_band": [_counts(c) for c in r.by_band],
        "by_published_range": [_counts(c) for c in r.by_published_range],
    }


def _relative(r: LikelihoodResult) -> dict[str, Any]:
    out = {"status": r.status, "reason": r.reason, **_rating(r), **_likelihood(r.likelihood)}
    if r.likelihood is not None:
        out["groups"]["unknown"] = {"cases": r.unknown_cases, "total": r.unknown_total}
    return out


def _gap(g: Gap | None) -> dict[str, Any]:
    if g is None:
        return {"ci_low_pp": None, "ci_high_pp": None, "p_value": None, "p_adjusted": None, "significant": None,
                "tested": False, "method": None}
    return {"ci_low_pp": rounded(g.ci_low_pp), "ci_high_pp": rounded(g.ci_high_pp), "p_value": rounded_p(g.p_value),
            "p_adjusted": rounded_p(g.p_adjusted), "significant": g.significant, "tested": g.tested,
            "method": g.method if g.tested else None, "untested_reason": g.reason}


def _share(prefix: str, s: Share | None) -> dict[str, Any]:
    return {f"{prefix}_pct": rounded(s.pct) if s else None, f"{prefix}_respondents": s.respondents if s else None,
            f"{prefix}_yes": s.yes if s else None}


def _change(c: ShareChange | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"from_survey_year": c.from_year, "to_survey_year": c.to_year, "from_pct": rounded(c.before.pct),
            "from_respondents": c.before.respondents, "to_pct": rounded(c.after.pct),
            "to_respondents": c.after.respondents, "change_pp": rounded(c.change.difference_pp), **_gap(c.change)}


def _survey(r: SurveyResult) -> dict[str, Any]:
    bench_gap = (None if r.benchmark_bme_pct is None or r.benchmark_white_pct is None
                 else r.benchmark_bme_pct - r.benchmark_white_pct)
    return {
        "status": r.status, "reason": r.reason, **_rating(r), "survey_year": r.survey_year,
        **_share("white", r.white), **_share("bme", r.bme),
        "gap_pp": rounded(r.gap.difference_pp) if r.gap else None, **_gap(r.gap),
        "adverse": r.adverse,
        "previous_survey_year": r.previous_survey_year,
        "white_change": _change(r.white_change), "bme_change": _change(r.bme_change),
        "benchmark": r.benchmark, "benchmark_white_pct": rounded(r.benchmark_white_pct),
        "benchmark_bme_pct": rounded(r.benchmark_bme_pct), "benchmark_gap_pp": rounded(bench_gap),
    }


def _board_measure(m: BoardMeasure) -> dict[str, Any]:
    return {
        "status": m.status, "reason": m.reason, "board_bme_pct": rounded(m.board_bme_pct),
        "workforce_bme_pct": rounded(m.workforce_bme_pct), "difference_pp": rounded(m.difference_pp),
        "expected_bme_members": rounded(m.expected_bme), "seats_short": rounded(m.seats_short),
        "p_value": rounded_p(m.p_value), "p_adjusted": rounded_p(m.p_adjusted),
        "significant": None if m.p_value is None else m.p_value < 0.05, "method": m.method,
        "board": _counts(m.board), "workforce": _counts(m.workforce),
    }


def _board(r: BoardResult) -> dict[str, Any]:
    return {"status": r.status, "reason": r.reason, **_rating(r), "voting": _board_measure(r.voting),
            "executive": _board_measure(r.executive)}


_EXPORTERS = {families.WORKFORCE: _workforce, families.LIKELIHOOD: _relative, families.SURVEY: _survey,
              families.BOARD: _board}


def indicator_dict(result: Any) -> dict[str, Any]:
    """One indicator result as a JSON-ready mapping (dispatch by its family)."""
    return _EXPORTERS[result.family](result)


def _trend(t: Trend) -> dict[str, Any]:
    return {"verdict": t.verdict, "from_year": t.from_year, "to_year": t.to_year, "from_value": rounded(t.from_value),
            "to_value": rounded(t.to_value), "change": rounded(t.change), "ci_low": rounded(t.ci_low),
            "ci_high": rounded(t.ci_high), "p_value": rounded_p(t.p_value), "p_adjusted": rounded_p(t.p_adjusted),
            "method": t.method, "reason": t.reason, "staff_group": t.staff_group}


def _family(name: str, records: Iterable[TestRecord]) -> dict[str, Any]:
    items = list(records)
    return {"name": name, "adjustment": HOLM, "size": len(items),
            "tests": [{"key": t.key, "indicator": t.number, "p_value": rounded_p(t.p_value),
                       "p_adjusted": rounded_p(t.p_adjusted), "method": t.method} for t in items]}


def to_dict(result: IndicatorSet, parameters: Mapping[str, Any] | None = None,
            software: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The object printed by ``wres indicators --json`` (data contract), with tests, trends and provenance."""
    return {
        "org_code": result.org_code, "org_name": result.org_name, "org_type": result.org_type,
        "region": result.region, "year": result.year, "synthetic": result.synthetic,
        "indicators": {str(n): indicator_dict(result.result(n)) for n in families.NUMBERS},
        "trends": {str(t.number): _trend(t) for t in result.trends},
        "tests": {"year": _family(f"{result.org_code} {result.year}: the year's comparisons", result.tests),
                  "trends": _family(f"{result.org_code} {result.year}: changes over the report's years",
                                    result.trend_tests)},
        "warnings": [str(w) for w in result.warnings],
        "provenance": {
            "data_checksum": result.data_checksum, "wreslib_version": result.wreslib_version,
            "software": dict(software or {}),
            "parameters": dict(parameters or {"org_code": result.org_code, "year": result.year}),
        },
    }


def to_json(result: IndicatorSet, parameters: Mapping[str, Any] | None = None, indent: int | None = 2,
            software: Mapping[str, str] | None = None) -> str:
    """Strict JSON text of :func:`to_dict` (raises if a NaN or infinity slipped through)."""
    return json.dumps(to_dict(result, parameters, software), indent=indent, allow_nan=False, ensure_ascii=False)


_P_COLUMNS = ("p_value", "p_adjusted")
_ROUND_COLUMNS = ("value", "ci_low", "ci_high")


def table_records(table: pd.DataFrame, provenance: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a tidy table as JSON-ready records: the same rounding as the JSON, null for missing or
    unbounded values, and the provenance columns when given."""
    records = []
    extra = {}
    if provenance is not None:
        version = provenance.get("wreslib_version") or dict(provenance.get("software") or {}).get("wreslib")
        extra = {"data_checksum": provenance.get("data_checksum"), "wreslib_version": version,
                 "parameters": json.dumps(dict(provenance.get("parameters") or {}), sort_keys=True)}
    for row in table.to_dict("records"):
        out: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)) or value is _na():
                out[key] = None
            elif key in _P_COLUMNS:
                out[key] = rounded_p(value)
            elif key in _ROUND_COLUMNS:
                out[key] = rounded(value)
            elif hasattr(value, "item"):
                out[key] = value.item()
            else:
                out[key] = value
        out.update(extra)
        records.append(out)
    return records


def _na() -> Any:
    import pandas as pd

    return pd.NA


def csv_text(records: list[dict[str, Any]], columns: Iterable[str] | None = None) -> str:
    """Records as CSV text: a header row, then one line per record (no comment lines; missing is blank)."""
    import io

    header = list(columns) if columns is not None else (list(records[0]) if records else [])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()


def json_text(doc: Any) -> str:
    """A JSON document as wres writes its files: strict (no NaN or infinity), UTF-8 characters as they are,
    indented, ending with a newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(doc: Any, path: str | Path) -> Path:
    """Write a JSON document (see :func:`json_text`)."""
    target = Path(path)
    target.write_text(json_text(doc), encoding="utf-8")
    return target


def write_csv(records: list[dict[str, Any]], path: str | Path, columns: Iterable[str] | None = None) -> Path:
    """Records as CSV for Excel: UTF-8 with a byte-order mark, a header row, no comment lines."""
    target = Path(path)
    target.write_text(csv_text(records, columns), encoding="utf-8-sig", newline="")
    return target


def write_xlsx(sheets: Mapping[str, list[dict[str, Any]]], path: str | Path, provenance: Mapping[str, Any]) -> Path:
    """Records as an Excel workbook: one sheet per entry, and a ``provenance`` sheet (saved atomically)."""
    from openpyxl import Workbook

    from wreslib.data.excel import save_workbook, write_table_sheet

    book = Workbook()
    book.remove(book.active)
    for title, records in sheets.items():
        header = list(records[0]) if records else ["(no rows)"]
        write_table_sheet(book.create_sheet(title), header, ([r.get(k) for k in header] for r in records),
                          widths={"reason": 60, "method": 36, "org_name": 40, "band": 26})
    items: list[tuple[str, Any]] = []
    for key, value in provenance.items():
        if isinstance(value, Mapping):
            items += [(f"{key}.{k}", v if isinstance(v, int | float | bool) or v is None else str(v))
                      for k, v in value.items()]
        else:
            items.append((key, value if isinstance(value, int | float | bool) or value is None else str(value)))
    write_table_sheet(book.create_sheet("provenance"), ["item", "value"], items, widths={"item": 28, "value": 80})
    return save_workbook(book, path)
