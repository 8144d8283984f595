"""Indicators 5-8 from the NHS Staff Survey: BME against White, change since the last survey, benchmark.

The WRES report for year Y uses the NHS Staff Survey of year Y − 1. For each indicator:

- **The gap**: the BME percentage minus the White percentage, in percentage points, with the score
  interval and score test of :mod:`wreslib.stats.difference` on the yes-counts (given, or rebuilt from
  the published percentage and the respondents). A group of fewer than 11 respondents is not tested (the
  survey itself suppresses such groups).
- **The change since the previous survey** of each group's percentage, tested the same way; these
  year-on-year changes are exploratory and join the year's family of tests (Holm).
- **The benchmark** (the comparator the organisation names, e.g. the national average for ICBs) is shown
  beside: it has no respondent counts, so the difference from it is descriptive.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance*, indicators 5-8; NHS Staff Survey.
Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wreslib.measures import counts, families
from wreslib.measures.results import (
    MIN_SURVEY_RESPONDENTS,
    NO_DATA,
    NOT_CALCULABLE,
    OK,
    Gap,
    Rating,
    Share,
    ShareChange,
    SurveyResult,
)
from wreslib.stats.difference import METHOD, difference_score

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset


def _comparison(frame: pd.DataFrame, a: str, b: str, prefix: str) -> pd.DataFrame:
    """Score statistics of ``a`` minus ``b`` (column stems such as ``bme`` and ``white``), in points."""
    out = frame.copy()
    a_n, b_n = out[f"{a}_n"], out[f"{b}_n"]
    testable = (a_n >= MIN_SURVEY_RESPONDENTS) & (b_n >= MIN_SURVEY_RESPONDENTS)
    testable = testable.fillna(False).to_numpy(dtype=bool)
    x1 = np.where(testable, out[f"{a}_yes"].fillna(0), 0)
    n1 = np.where(testable, a_n.fillna(1), 1)
    x2 = np.where(testable, out[f"{b}_yes"].fillna(0), 0)
    n2 = np.where(testable, b_n.fillna(1), 1)
    r = difference_score(x1, n1, x2, n2)
    out[f"{prefix}_tested"] = testable
    out[f"{prefix}_ci_low"] = np.where(testable, 100.0 * r.low, np.nan)
    out[f"{prefix}_ci_high"] = np.where(testable, 100.0 * r.high, np.nan)
    out[f"{prefix}_p"] = np.where(testable, r.p, np.nan)
    return out


def frame(data: Dataset, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Indicators 5-8 for every organisation and year: one row per (org_code, year, number)."""
    wanted = [families.survey_year_of(y) for y in years]
    survey_years = sorted(set(wanted) | {y - 1 for y in wanted})
    found = counts.survey_counts(data, orgs, survey_years)
    base = counts.org_years(orgs, years)
    base = base.merge(pd.DataFrame({"number": families.numbers_of(families.SURVEY)}), how="cross")
    base["survey_year"] = base["year"].map(families.survey_year_of).astype("int64")
    base["previous_survey_year"] = base["survey_year"] - 1
    keys = ["org_code", "survey_year", "indicator"]
    group_columns = [f"{g}_{c}" for g in ("white", "bme") for c in ("yes", "n", "pct")]
    if found.empty:
        found = pd.DataFrame(columns=keys + group_columns)
    for column in group_columns:
        if column not in found.columns:
            found[column] = np.nan
    current = found[keys + group_columns].rename(columns={"indicator": "number"})
    previous = current.rename(columns={"survey_year": "previous_survey_year",
                                       **{c: f"prev_{c}" for c in group_columns}})
    present = found[keys].drop_duplicates().rename(columns={"indicator": "number"}).assign(present=True)
    out = base.merge(present, on=["org_code", "survey_year", "number"], how="left")
    out["present"] = out["present"].fillna(False).astype(bool)
    out = out.merge(current, on=["org_code", "survey_year", "number"], how="left")
    out = out.merge(previous, on=["org_code", "previous_survey_year", "number"], how="left")
    out["has_previous"] = out["prev_white_pct"].notna() | out["prev_bme_pct"].notna()
    out = _comparison(out, "bme", "white", "gap")
    out["gap_pp"] = (out["bme_pct"] - out["white_pct"]).round(10)
    for group in ("white", "bme"):
        out = _comparison(out, group, f"prev_{group}", f"{group}_change")
        out[f"{group}_change_pp"] = (out[f"{group}_pct"] - out[f"prev_{group}_pct"]).round(10)
    out["status"] = np.where(out["present"], OK, NO_DATA)
    when = ("survey year " + out["survey_year"].astype(str) + " (the WRES " + out["year"].astype(str)
            + " report uses the " + out["survey_year"].astype(str) + " NHS Staff Survey) for indicator "
            + out["number"].astype(str))
    out["reason"] = counts.no_rows_reasons(data, "survey", out, out["present"], when)
    missing = out["present"] & (out["white_pct"].isna() | out["bme_pct"].isna())
    out.loc[missing, "status"] = NOT_CALCULABLE
    which = np.where(out["white_pct"].isna() & out["bme_pct"].isna(), "White or BME",
                     np.where(out["white_pct"].isna(), "White", "BME"))
    out.loc[missing, "reason"] = ("no percentage for the " + pd.Series(which, index=out.index)[missing]
                                  + " group, so the groups cannot be compared")
    out = _benchmarks(data, out)
    return out.sort_values([*counts.KEY, "number"], kind="stable").reset_index(drop=True)


def _benchmarks(data: Dataset, out: pd.DataFrame) -> pd.DataFrame:
    organisations = data.tables.get("organisations")
    names = {}
    if organisations is not None and "survey_benchmark" in organisations.columns:
        names = {str(k): (v or None) for k, v in zip(organisations["org_code"], organisations["survey_benchmark"],
                                                     strict=True)}
    out["benchmark"] = out["org_code"].map(lambda code: names.get(code))
    bench = counts.benchmark_percents(data).rename(columns={"indicator": "number", "white_pct": "benchmark_white_pct",
                                                            "bme_pct": "benchmark_bme_pct"})
    out = out.merge(bench, on=["benchmark", "survey_year", "number"], how="left")
    found = out["benchmark_white_pct"].notna() | out["benchmark_bme_pct"].notna()
    out["benchmark"] = out["benchmark"].where(found, None)
    return out


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _count(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _share(row: pd.Series, stem: str) -> Share:
    return Share(_number(row[f"{stem}_pct"]), _count(row[f"{stem}_n"]), _count(row[f"{stem}_yes"]))


def _untested_reason(shares: dict[str, Share]) -> str:
    small = [f"{share.respondents} {label}" for label, share in shares.items()
             if share.respondents is not None and share.respondents < MIN_SURVEY_RESPONDENTS]
    unknown = [label for label, share in shares.items() if share.respondents is None]
    parts = []
    if small:
        parts.append(f"only {' and '.join(small)} respondents, fewer than {MIN_SURVEY_RESPONDENTS} (the NHS Staff "
                     "Survey suppresses such groups)")
    if unknown:
        parts.append(f"the number of {' and '.join(unknown)} respondents is not known")
    return "; ".join(parts) + ", so no test is made" if parts else "no test is made"


def _gap(row: pd.Series, prefix: str, difference: float | None, shares: dict[str, Share],
         p_adjusted: float | None) -> Gap:
    tested = bool(row[f"{prefix}_tested"])
    return Gap(
        difference_pp=difference,
        ci_low_pp=_number(row[f"{prefix}_ci_low"]) if tested else None,
        ci_high_pp=_number(row[f"{prefix}_ci_high"]) if tested else None,
        p_value=_number(row[f"{prefix}_p"]) if tested else None,
        p_adjusted=p_adjusted if tested else None,
        tested=tested, method=METHOD, reason=None if tested else _untested_reason(shares),
    )


def result(row: pd.Series, rating: Rating, p_adjusted: dict[str, float]) -> SurveyResult:
    """One row of :func:`frame` as a typed result; ``p_adjusted`` by test key (``gap``, ``bme_change`` …)."""
    number, status = int(row["number"]), str(row["status"])
    survey_year = int(row["survey_year"])
    if status == NO_DATA:
        return SurveyResult(number, status, row["reason"], rating, survey_year=survey_year)
    white, bme = _share(row, "white"), _share(row, "bme")
    gap = None
    if status == OK:
        gap = _gap(row, "gap", _number(row["gap_pp"]), {families.BME: bme, families.WHITE: white},
                   p_adjusted.get("gap"))
    changes: dict[str, ShareChange | None] = {"white": None, "bme": None}
    previous_year = int(row["previous_survey_year"]) if bool(row["has_previous"]) else None
    if previous_year is not None:
        for stem, label in (("white", families.WHITE), ("bme", families.BME)):
            before, after = _share(row, f"prev_{stem}"), _share(row, stem)
            if before.pct is None or after.pct is None:
                continue
            change = _gap(row, f"{stem}_change", _number(row[f"{stem}_change_pp"]),
                          {f"{label} {previous_year}": before, f"{label} {survey_year}": after},
                          p_adjusted.get(f"{stem}_change"))
            changes[stem] = ShareChange(label, previous_year, survey_year, before, after, change)
    return SurveyResult(
        number, status, row["reason"] if status != OK else None, rating, survey_year=survey_year,
        white=white, bme=bme, gap=gap, previous_survey_year=previous_year,
        white_change=changes["white"], bme_change=changes["bme"],
        benchmark=row["benchmark"] if isinstance(row["benchmark"], str) else None,
        benchmark_white_pct=_number(row["benchmark_white_pct"]), benchmark_bme_pct=_number(row["benchmark_bme_pct"]),
    )
