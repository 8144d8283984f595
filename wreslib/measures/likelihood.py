"""Indicators 2, 3 and 4: relative likelihoods of appointment, formal disciplinary action and training.

- **2**: ``(White appointed / White shortlisted) ÷ (BME appointed / BME shortlisted)``, from recruitment.
- **3**: ``(BME entered / BME headcount) ÷ (White entered / White headcount)``, from disciplinary counts and
  the workforce headcount by group of the same year (the data contract's denominators).
- **4**: ``(White accessed / White headcount) ÷ (BME accessed / BME headcount)``, from training counts.

Above 1 is adverse to BME staff for all three. People of unknown ethnicity are left out of the ratio and
counted beside it. Each ratio carries the score interval and score test of :mod:`wreslib.stats.ratio`.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance*, indicators 2, 3 and 4.
Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.measures import counts, families
from wreslib.measures.ratios import add_ratio_stats, likelihood_of, not_calculable_reason, status_columns
from wreslib.measures.results import NO_DATA, OK, LikelihoodResult, Rating

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

#: Where each indicator's counts come from: (table, count column, denominator column or None for headcount).
SOURCES: dict[int, tuple[str, str, str | None]] = {
    2: ("recruitment", "appointed", "shortlisted"),
    3: ("disciplinary", "entered", None),
    4: ("training", "accessed", None),
}


def frame(data: Dataset, orgs: Sequence[str], years: Sequence[int],
          workforce: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indicators 2-4 for every organisation and year: counts, status, reason and the score statistics.

    One row per (org_code, year, number); ``workforce`` (from :func:`counts.workforce_totals`) may be
    passed in when already computed.
    """
    staff = counts.workforce_totals(data, orgs, years) if workforce is None else workforce
    parts = []
    for number, (table, cases, denominator) in SOURCES.items():
        ind = families.indicator(number)
        events = counts.event_counts(data, table, [cases] if denominator is None else [cases, denominator],
                                     orgs, years)
        if denominator is None:
            events = events.merge(staff[[*counts.KEY, "white", "bme", "unknown"]], on=counts.KEY, how="left")
            totals = {"white": events["white"], "bme": events["bme"], "unknown": events["unknown"]}
        else:
            totals = {g: events[f"{denominator}_{g}"] for g in ("white", "bme", "unknown")}
        numerator = ind.numerator_group
        a, b = ("white", "bme") if numerator == families.WHITE else ("bme", "white")
        part = events[counts.KEY].copy()
        part["number"] = number
        part["a_label"], part["b_label"] = ind.numerator_group, ind.denominator_group
        part["a_cases"], part["a_total"] = events[f"{cases}_{a}"], totals[a].fillna(0).astype("int64")
        part["b_cases"], part["b_total"] = events[f"{cases}_{b}"], totals[b].fillna(0).astype("int64")
        unknown_given = events["present"] & (events["unknown_given"] if number == 4 else True)
        part["unknown_cases"] = events[f"{cases}_unknown"].where(unknown_given)
        part["unknown_total"] = totals["unknown"].fillna(0).astype("int64")
        part["status"] = np.where(events["present"], OK, NO_DATA)
        part["reason"] = counts.no_rows_reasons(data, table, part, events["present"])
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = _undefined(out)
    out = add_ratio_stats(out, calculable=out["status"] == OK)
    return out.sort_values([*counts.KEY, "number"], kind="stable").reset_index(drop=True)


def _undefined(out: pd.DataFrame) -> pd.DataFrame:
    """Mark 0 ÷ 0, empty groups and cases above their denominator as not calculable, with a reason."""
    suspect = (out["status"] == OK) & ((out["a_total"] == 0) | (out["b_total"] == 0)
                                       | (out["a_cases"] > out["a_total"]) | (out["b_cases"] > out["b_total"])
                                       | ((out["a_cases"] == 0) & (out["b_cases"] == 0)))
    reasons: list[str | None] = [None] * len(out)
    for i in np.flatnonzero(suspect.to_numpy()):
        row = out.iloc[i]
        phrases = families.indicator(int(row["number"])).phrases
        assert phrases is not None
        reasons[i] = not_calculable_reason(
            row["a_label"], int(row["a_cases"]), int(row["a_total"]), row["b_label"], int(row["b_cases"]),
            int(row["b_total"]), phrases.noun, phrases.did_outcome, phrases.in_denominator)
    return status_columns(out, reasons)


def result(row: pd.Series, rating: Rating, p_adjusted: float | None) -> LikelihoodResult:
    """One row of :func:`frame` as a typed result."""
    status = str(row["status"])
    unknown_cases = row["unknown_cases"]
    has_counts = status != NO_DATA
    return LikelihoodResult(
        number=int(row["number"]), status=status, reason=row["reason"] if status != OK else None, rating=rating,
        likelihood=likelihood_of(row, p_adjusted=p_adjusted) if has_counts else None,
        unknown_cases=None if not has_counts or pd.isna(unknown_cases) else int(unknown_cases),
        unknown_total=int(row["unknown_total"]) if has_counts else None,
    )
