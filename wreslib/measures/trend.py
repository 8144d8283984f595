"""Trends as tested claims: has an indicator changed since the first of the report's years, beyond chance?

For each indicator the change from the first year shown that has a value to the report's year is tested
(:mod:`wreslib.stats.change`), and the tests of one organisation's report form their own family, adjusted
by Holm's method. Words follow the adjusted test:

- **Relative likelihoods (1-4)**: the test is of the ratio of the two years' relative likelihoods (on the
  log scale). When the change is significant, the indicator ``improved`` if it moved towards parity (1)
  and ``worsened`` if it moved away, and ``reversed`` if it crossed from one side of the non-adverse
  range (0.80-1.25) to the other. Otherwise the change is ``within_chance``: the values are reported,
  "within what chance would give". Indicator 1 follows the staff group its rating names.
- **Survey indicators (5-8)**: "worsened" refers to the **gap between BME and White respondents**, not
  to the BME percentage alone, because the standard is about the difference between the groups: a BME
  percentage can rise while the gap narrows (both groups faring worse). The test is of the change of
  the gap (a difference of differences); ``worsened`` when the gap moved against BME respondents,
  ``improved`` when it moved in their favour.
- **Board membership (9)** is described but not tested: a board in two years is largely the same
  people, so the two years are not independent samples and no test of the change is valid.

References
----------
Altman DG, Bland JM. Interaction revisited: the difference between two estimates. *BMJ* 2003;326:219.
Holm S. *Scandinavian Journal of Statistics* 1979;6:65-70.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wreslib.measures import families
from wreslib.measures.rating import position
from wreslib.measures.results import ALPHA, OK, Trend
from wreslib.stats.change import GAP_METHOD, RATIO_METHOD, gap_change, ratio_change
from wreslib.stats.multiplicity import holm_grouped

WORSENED, IMPROVED, REVERSED = "worsened", "improved", "reversed"
WITHIN_CHANCE, NOT_TESTED, NOT_ENOUGH_DATA = "within_chance", "not_tested", "not_enough_data"
VERDICTS = (WORSENED, IMPROVED, REVERSED, WITHIN_CHANCE, NOT_TESTED, NOT_ENOUGH_DATA)
BOARD_NOT_TESTED = ("not tested: a board in two years is largely the same people, so the years are not "
                    "independent samples")


def _endpoints(frame: pd.DataFrame, keys: list[str], report_year: int, first_year: int) -> pd.DataFrame:
    """Per ``keys``: the report year's row and the first year's row with a value in the window."""
    window = frame[(frame["year"] >= first_year) & (frame["year"] <= report_year)]
    usable = window[window["usable"]]
    end = usable[usable["year"] == report_year]
    start = usable[usable["year"] < report_year].sort_values("year", kind="stable").groupby(keys, sort=False).head(1)
    return end.merge(start, on=keys, how="left", suffixes=("", "_from"))


def ratio_trends(frame: pd.DataFrame, report_year: int, first_year: int, keys: list[str]) -> pd.DataFrame:
    """Tested change of relative likelihoods (rows with ``a_cases`` … ``status``, ``value``) per ``keys``."""
    work = frame.assign(usable=frame["status"] == OK)
    pairs = _endpoints(work, keys, report_year, first_year)
    have = pairs["year_from"].notna()
    out = pairs[keys].copy()
    out["from_year"] = pairs["year_from"]
    out["to_year"] = report_year
    out["from_value"] = pairs["value_from"]
    out["to_value"] = pairs["value"]
    if not have.any():
        return out.assign(change=np.nan, ci_low=np.nan, ci_high=np.nan, p_value=np.nan, crossed=False,
                          moved_away=False)
    cols = ("a_cases", "a_total", "b_cases", "b_total")
    start = tuple(pairs[f"{c}_from"].fillna(1).astype("int64").to_numpy() for c in cols)
    end = tuple(pairs[c].astype("int64").to_numpy() for c in cols)
    r = ratio_change(start, end)
    out["change"] = np.where(have, r.estimate, np.nan)
    out["ci_low"] = np.where(have, r.low, np.nan)
    out["ci_high"] = np.where(have, r.high, np.nan)
    out["p_value"] = np.where(have, r.p, np.nan)
    before = position(*(pairs[f"{c}_from"].fillna(1) for c in cols))
    after = position(*(pairs[c] for c in cols))
    out["crossed"] = have.to_numpy() & (((before == "above") & (after == "below"))
                                        | ((before == "below") & (after == "above")))
    # Distance from parity on the log scale, with an unbounded or zero ratio as far as it can be.
    with np.errstate(divide="ignore"):
        distance_before = np.abs(np.log(pairs["value_from"].astype(float).to_numpy()))
        distance_after = np.abs(np.log(pairs["value"].astype(float).to_numpy()))
    out["moved_away"] = distance_after > distance_before
    return out


def survey_trends(frame: pd.DataFrame, report_year: int, first_year: int) -> pd.DataFrame:
    """Tested change of the BME-White gap of indicators 5-8 per organisation and indicator."""
    keys = ["org_code", "number"]
    work = frame.assign(usable=(frame["status"] == OK) & frame["gap_tested"].astype(bool))
    pairs = _endpoints(work, keys, report_year, first_year)
    have = pairs["year_from"].notna()
    out = pairs[keys].copy()
    out["from_year"] = pairs["year_from"]
    out["to_year"] = report_year
    out["from_value"] = pairs["gap_pp_from"]
    out["to_value"] = pairs["gap_pp"]
    if not have.any():
        return out.assign(change=np.nan, ci_low=np.nan, ci_high=np.nan, p_value=np.nan, crossed=False,
                          moved_away=False)
    start = tuple(pairs[c].fillna(1).astype("int64").to_numpy() for c in ("bme_yes_from", "bme_n_from",
                                                                        "white_yes_from", "white_n_from"))
    end = tuple(pairs[c].astype("int64").to_numpy() for c in ("bme_yes", "bme_n", "white_yes", "white_n"))
    r = gap_change(start, end)
    out["change"] = np.where(have, 100.0 * r.estimate, np.nan)
    out["ci_low"] = np.where(have, 100.0 * r.low, np.nan)
    out["ci_high"] = np.where(have, 100.0 * r.high, np.nan)
    out["p_value"] = np.where(have, r.p, np.nan)
    higher_better = pairs["number"].map(lambda n: families.indicator(int(n)).higher_is_better).to_numpy(dtype=bool)
    change = out["change"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        out["moved_away"] = np.where(higher_better, change < 0, change > 0)  # against BME respondents
    out["crossed"] = False
    return out


def adjust(trends: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Holm-adjust the trend tests within each organisation's report (``by``, e.g. ``["org_code"]``)."""
    out = trends.copy()
    family = out.groupby(by, sort=False).ngroup().to_numpy() if len(out) else np.array([], dtype=int)
    out["p_adjusted"] = holm_grouped(out["p_value"].to_numpy(dtype=float), family)
    return out


def verdicts(trends: pd.DataFrame) -> np.ndarray:
    """The verdict of each tested change (see the module docstring)."""
    have = trends["from_year"].notna().to_numpy()
    significant = (trends["p_adjusted"] < ALPHA).fillna(False).to_numpy(dtype=bool)
    crossed = trends["crossed"].astype(bool).to_numpy()
    away = trends["moved_away"].astype(bool).to_numpy()
    return np.select(
        [~have, significant & crossed, significant & away, significant],
        [NOT_ENOUGH_DATA, REVERSED, WORSENED, IMPROVED],
        default=WITHIN_CHANCE,
    )


def _value(value: object) -> float | None:
    return None if value is None or pd.isna(value) or not np.isfinite(float(value)) else float(value)


def trend_of(row: pd.Series, number: int, method: str, staff_group: str | None = None) -> Trend:
    """One row of a tested-trend frame as a typed :class:`Trend`."""
    verdict = str(row["verdict"])
    if verdict == NOT_ENOUGH_DATA:
        return Trend(number, verdict, to_year=int(row["to_year"]), staff_group=staff_group,
                     reason="fewer than two of the report's years have a value")
    return Trend(
        number, verdict, from_year=int(row["from_year"]), to_year=int(row["to_year"]),
        from_value=_value(row["from_value"]), to_value=_value(row["to_value"]), change=_value(row["change"]),
        ci_low=_value(row["ci_low"]), ci_high=_value(row["ci_high"]), p_value=_value(row["p_value"]),
        p_adjusted=_value(row["p_adjusted"]), method=method, staff_group=staff_group,
    )


__all__ = [
    "BOARD_NOT_TESTED", "GAP_METHOD", "IMPROVED", "NOT_ENOUGH_DATA", "NOT_TESTED", "RATIO_METHOD", "REVERSED",
    "VERDICTS", "WITHIN_CHANCE", "WORSENED", "adjust", "ratio_trends", "survey_trends", "trend_of", "verdicts",
]
