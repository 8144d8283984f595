"""The edge where results become JSON and flat tables (``wres indicators --json``, indicators.csv).

Strict JSON: no NaN or Infinity; a value that cannot be computed is null with ``status`` and
``reason``. Percentages are 0-100 and differences of percentages are in percentage points (``_pp``).
Floats are rounded to 4 decimal places and p-values to 4 significant figures: more than any
published figure needs, and stable across platforms.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from wreslib.legacy.measures.results import (
    BoardMeasure,
    GroupCounts,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)


def rounded(value: float | None, digits: int = 4) -> float | None:
    """A float for a JSON or flat table: rounded to ``digits`` places; None for None, NaN or infinity."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def rounded_p(value: float | None) -> float | None:
    """A p-value for a JSON or flat table: 4 significant figures; None for None, NaN or infinity."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.4g}")


def _counts(c: GroupCounts | None) -> dict[str, Any] | None:
    if c is None:
        return None
    out: dict[str, Any] = {"label": c.label}
    if c.staff_group is not None:
        out["staff_group"] = c.staff_group
    out.update({
        "white": c.white, "bme": c.bme, "unknown": c.unknown, "total": c.total,
        "white_pct": rounded(c.white_pct), "bme_pct": rounded(c.bme_pct), "unknown_pct": rounded(c.unknown_pct),
    })
    return out


def _indicator_1(r: Indicator1) -> dict[str, Any]:
    return {
        "status": r.status, "reason": r.reason,
        "overall": _counts(r.overall),
        "by_staff_group": [_counts(c) for c in r.by_staff_group],
        "by_band": [_counts(c) for c in r.by_band],
        "by_published_range": [_counts(c) for c in r.by_published_range],
    }


def _relative(r: RelativeLikelihoodIndicator) -> dict[str, Any]:
    m = r.measure
    out: dict[str, Any] = {
        "status": r.status, "reason": r.reason,
        "relative_likelihood": rounded(m.relative_likelihood) if m else None,
        "ci_low": rounded(m.ci_low) if m else None,
        "ci_high": rounded(m.ci_high) if m else None,
        "p_value": rounded_p(m.p_value) if m else None,
        "significant": m.significant if m else None,
        "significance_basis": m.significance_basis if m else None,
        "within_non_adverse_range": m.within_non_adverse_range if m else None,
    }
    if m is not None:
        out["numerator_group"] = m.a_label
        out["denominator_group"] = m.b_label
        out["groups"] = {
            m.a_label.lower(): {"cases": m.a_cases, "total": m.a_total, "rate_pct": rounded(m.a_rate_pct)},
            m.b_label.lower(): {"cases": m.b_cases, "total": m.b_total, "rate_pct": rounded(m.b_rate_pct)},
            "unknown": {"cases": r.unknown_cases, "total": r.unknown_total},
        }
    return out


def _comparison(c: Any) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "status": c.status, "reason": c.reason,
        "from_pct": rounded(c.a_pct), "from_respondents": c.a_n,
        "to_pct": rounded(c.b_pct), "to_respondents": c.b_n,
        "change_pp": rounded(c.difference_pp), "p_value": rounded_p(c.p_value), "significant": c.significant,
    }


def _survey(r: SurveyIndicator) -> dict[str, Any]:
    gap = r.gap
    return {
        "status": r.status, "reason": r.reason, "survey_year": r.survey_year,
        "white_pct": rounded(r.white_pct), "white_respondents": gap.a_n if gap else None,
        "bme_pct": rounded(r.bme_pct), "bme_respondents": gap.b_n if gap else None,
        "gap_pp": rounded(gap.difference_pp) if gap else None,
        "p_value": rounded_p(gap.p_value) if gap else None,
        "significant": gap.significant if gap else None,
        "tested": gap.tested if gap else False,
        "previous_survey_year": r.previous_survey_year,
        "white_change": _comparison(r.white_change),
        "bme_change": _comparison(r.bme_change),
        "benchmark": r.benchmark,
        "benchmark_white_pct": rounded(r.benchmark_white_pct),
        "benchmark_bme_pct": rounded(r.benchmark_bme_pct),
        "bme_vs_benchmark_pp": rounded(r.bme_vs_benchmark_pp),
        "white_vs_benchmark_pp": rounded(r.white_vs_benchmark_pp),
    }


def _board(m: BoardMeasure) -> dict[str, Any]:
    return {
        "status": m.status, "reason": m.reason,
        "board_bme_pct": rounded(m.board_bme_pct),
        "workforce_bme_pct": rounded(m.workforce_bme_pct),
        "difference_pp": rounded(m.difference_pp),
        "board": _counts(m.board),
        "workforce": _counts(m.workforce),
    }


def _indicator_9(r: Indicator9) -> dict[str, Any]:
    return {"status": r.status, "reason": r.reason, "voting": _board(r.voting), "executive": _board(r.executive)}


def indicator_dict(result: object) -> dict[str, Any]:
    """One indicator result as a JSON-ready mapping."""
    if isinstance(result, Indicator1):
        return _indicator_1(result)
    if isinstance(result, RelativeLikelihoodIndicator):
        return _relative(result)
    if isinstance(result, SurveyIndicator):
        return _survey(result)
    if isinstance(result, Indicator9):
        return _indicator_9(result)
    raise TypeError(f"not an indicator result: {type(result).__name__}")


def to_dict(result: IndicatorSet, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """The object printed by ``wres indicators --json`` (data contract), with provenance."""
    return {
        "org_code": result.org_code,
        "org_name": result.org_name,
        "org_type": result.org_type,
        "region": result.region,
        "year": result.year,
        "synthetic": result.synthetic,
        "indicators": {str(n): indicator_dict(r) for n, r in sorted(result.indicators.items())},
        "warnings": [str(w) for w in result.warnings],
        "provenance": {
            "data_checksum": result.data_checksum,
            "wreslib_version": result.wreslib_version,
            "parameters": parameters or {"org_code": result.org_code, "year": result.year},
        },
    }


def to_json(result: IndicatorSet, parameters: dict[str, Any] | None = None, indent: int | None = 2) -> str:
    """Strict JSON text of ``to_dict`` (raises if a NaN or infinity slipped through)."""
    return json.dumps(to_dict(result, parameters), indent=indent, allow_nan=False, ensure_ascii=False)


def summary_rows(result: IndicatorSet) -> list[dict[str, Any]]:
    """One flat row per headline figure: the indicators.csv table and the CLI summary.

    Columns: indicator, measure, group, value, unit, status, significant, reason.
    """
    rows: list[dict[str, Any]] = []

    def add(n: int, measure: str, value: float | None, unit: str, status: str, significant: object = None,
            reason: str | None = None, ci_low: float | None = None, ci_high: float | None = None,
            p_value: float | None = None) -> None:
        rows.append({
            "org_code": result.org_code, "year": result.year, "indicator": n, "measure": measure,
            "value": rounded(value), "unit": unit, "ci_low": rounded(ci_low), "ci_high": rounded(ci_high),
            "p_value": rounded_p(p_value), "significant": significant, "status": status, "reason": reason,
        })

    r1 = result.indicators[1]
    if r1.overall is not None:
        add(1, "BME share of the workforce", r1.overall.bme_pct, "%", r1.status)
        add(1, "White share of the workforce", r1.overall.white_pct, "%", r1.status)
        add(1, "Unknown ethnicity share of the workforce", r1.overall.unknown_pct, "%", r1.status)
        for c in r1.by_published_range:
            add(1, f"BME share, {c.staff_group} {c.label}", c.bme_pct, "%", r1.status)
    else:
        add(1, "BME share of the workforce", None, "%", r1.status, reason=r1.reason)
    names = {2: "White relative to BME, appointed from shortlisting",
             3: "BME relative to White, entering the formal disciplinary process",
             4: "White relative to BME, accessing non-mandatory training and CPD"}
    for n in (2, 3, 4):
        r = result.indicators[n]
        m = r.measure
        add(n, names[n], m.relative_likelihood if m else None, "ratio", r.status,
            m.significant if m else None, r.reason, m.ci_low if m else None, m.ci_high if m else None,
            m.p_value if m else None)
    for n in (5, 6, 7, 8):
        r = result.indicators[n]
        add(n, "White", r.white_pct, "%", r.status, reason=r.reason)
        add(n, "BME", r.bme_pct, "%", r.status, reason=r.reason)
        add(n, "BME minus White", r.gap.difference_pp if r.gap else None, "percentage points", r.status,
            r.gap.significant if r.gap else None, r.reason, p_value=r.gap.p_value if r.gap else None)
    r9 = result.indicators[9]
    for m in (r9.voting, r9.executive):
        add(9, f"board ({m.membership}) BME share minus workforce BME share", m.difference_pp,
            "percentage points", m.status, reason=m.reason)
    return rows


def write_indicators_xlsx(rows: list[dict[str, Any]], path: str | Path, provenance: dict[str, Any]) -> Path:
    """Write the headline figures as an Excel workbook: the rows of ``summary_rows`` and their provenance.

    Sheet ``indicators`` holds the same rows and columns as indicators.csv; sheet ``provenance`` one
    line per item (data checksum, wreslib version, each parameter). Saved atomically.

    Parameters
    ----------
    rows : list of dict
        Rows of :func:`summary_rows` (one or more organisation-years).
    path : str or Path
        The ``.xlsx`` file to write (replaced if it exists).
    provenance : dict
        ``data_checksum``, ``wreslib_version`` and ``parameters`` (a mapping), as in ``to_dict``.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> rows = [{"indicator": 2, "measure": "White relative to BME", "value": 3.44}]
    >>> provenance = {"data_checksum": "sha256:ab", "parameters": {"year": 2024}}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     book = openpyxl.load_workbook(write_indicators_xlsx(rows, Path(folder) / "i.xlsx", provenance))
    ...     [c.value for c in book["indicators"][2]], [[c.value for c in r] for r in book["provenance"]][1:]
    ([2, 'White relative to BME', 3.44], [['data_checksum', 'sha256:ab'], ['parameters.year', 2024]])
    """
    from openpyxl import Workbook

    from wreslib.data.excel import save_workbook, write_table_sheet

    book = Workbook()
    sheet = book.active
    sheet.title = "indicators"
    header = list(rows[0]) if rows else ["org_code", "year", "indicator", "measure", "value", "unit", "ci_low",
                                         "ci_high", "p_value", "significant", "status", "reason"]
    write_table_sheet(sheet, header, ([row.get(k) for k in header] for row in rows),
                      widths={"measure": 60, "reason": 60, "unit": 18})
    items: list[tuple[str, Any]] = []
    for key, value in provenance.items():
        if isinstance(value, dict):
            items += [(f"{key}.{k}", v if isinstance(v, (int, float, bool)) or v is None else str(v))
                      for k, v in value.items()]
        else:
            items.append((key, value if isinstance(value, (int, float, bool)) or value is None else str(value)))
    write_table_sheet(book.create_sheet("provenance"), ["item", "value"], items, widths={"item": 28, "value": 80})
    return save_workbook(book, path)
