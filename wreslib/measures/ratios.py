"""Relative likelihoods on frames: the score test and interval for every row at once, and the typed view.

Used by indicator 1 (each staff group's senior-band likelihood) and indicators 2-4. A frame holds, per
row, the counts ``a_cases, a_total, b_cases, b_total`` of the numerator group a and the denominator
group b; :func:`add_ratio_stats` adds the columns every relative likelihood carries, and
:func:`likelihood_of` reads one row back as a :class:`~wreslib.measures.results.Likelihood`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from wreslib.measures.results import NOT_CALCULABLE, OK, Likelihood
from wreslib.stats.ratio import METHOD, ratio_score

STAT_COLUMNS = ("value", "unbounded", "ci_low", "ci_high", "p_value", "method")


def add_ratio_stats(frame: pd.DataFrame, *, calculable: pd.Series | None = None) -> pd.DataFrame:
    """Add ``value, unbounded, ci_low, ci_high, p_value, method`` to every row (one vectorised call).

    Rows where ``calculable`` is False (or the counts give 0 ÷ 0, or a group has no members) get missing
    values. ``value`` is ``inf`` when only group b has no cases (``unbounded`` True).
    """
    out = frame.copy()
    if out.empty:
        for column in STAT_COLUMNS:
            out[column] = pd.Series(dtype="float64" if column not in ("unbounded", "method") else "object")
        return out
    allowed = np.ones(len(out), dtype=bool) if calculable is None else calculable.to_numpy(dtype=bool)
    # Rows already known to be undefined (cases above their denominator, say) get a harmless stand-in.
    counts = [np.where(allowed, out[c].to_numpy(dtype=float), stand_in)
              for c, stand_in in (("a_cases", 1.0), ("a_total", 2.0), ("b_cases", 1.0), ("b_total", 2.0))]
    r = ratio_score(*counts)
    ok = r.calculable & allowed
    out["value"] = np.where(ok, r.estimate, np.nan)
    out["unbounded"] = ok & np.isinf(r.estimate)
    out["ci_low"] = np.where(ok, r.low, np.nan)
    out["ci_high"] = np.where(ok, r.high, np.nan)
    out["p_value"] = np.where(ok, r.p, np.nan)
    out["method"] = np.where(ok, METHOD, None)
    return out


def not_calculable_reason(a_label: str, a_cases: int, a_total: int, b_label: str, b_cases: int, b_total: int,
                          noun: str, did_outcome: str, in_denominator: str) -> str | None:
    """Why a relative likelihood is undefined, in words; None when it is defined.

    Examples
    --------
    >>> not_calculable_reason("White", 0, 288, "BME", 0, 96, "staff", "entered the formal disciplinary process",
    ...                       "were in the workforce")
    'no White or BME staff entered the formal disciplinary process, so the relative likelihood is 0 ÷ 0'
    """
    empty = [label for label, total in ((a_label, a_total), (b_label, b_total)) if total == 0]
    if empty:
        return f"no {' or '.join(empty)} {noun} {in_denominator}, so there is nothing to compare"
    for label, cases, total in ((a_label, a_cases, a_total), (b_label, b_cases, b_total)):
        if cases > total:
            return (f"more {label} {noun} {did_outcome} ({cases}) than {in_denominator} ({total}); check that the "
                    "two tables count the same staff and year")
    if a_cases == 0 and b_cases == 0:
        return f"no {a_label} or {b_label} {noun} {did_outcome}, so the relative likelihood is 0 ÷ 0"
    return None


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def likelihood_of(row: Mapping[str, Any], *, p_adjusted: float | None) -> Likelihood:
    """One frame row as a typed :class:`Likelihood` (plain Python values, no NaN or infinity)."""
    status = str(row.get("status", OK))
    unbounded = bool(row.get("unbounded", False)) and status == OK
    return Likelihood(
        a_label=str(row["a_label"]), a_cases=int(row["a_cases"]), a_total=int(row["a_total"]),
        b_label=str(row["b_label"]), b_cases=int(row["b_cases"]), b_total=int(row["b_total"]),
        status=status, reason=row.get("reason") if status != OK else None,
        value=None if unbounded else _float(row.get("value")), unbounded=unbounded,
        ci_low=_float(row.get("ci_low")), ci_high=_float(row.get("ci_high")),
        p_value=_float(row.get("p_value")), p_adjusted=p_adjusted,
        method=str(row.get("method") or METHOD),
    )


def status_columns(frame: pd.DataFrame, reasons: list[str | None]) -> pd.DataFrame:
    """Set ``status`` to not_calculable where a reason is given (and keep existing no_data statuses)."""
    out = frame.copy()
    given = pd.Series(reasons, index=out.index, dtype="object")
    undefined = given.notna() & (out["status"] == OK)
    out.loc[undefined, "status"] = NOT_CALCULABLE
    out.loc[undefined, "reason"] = given[undefined]
    return out
