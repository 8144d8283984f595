"""Pooled figures of groups of organisations, from summed counts, and their year-on-year change.

A roll-up **adds up the counts** of the organisations in a group and computes each measure once from the
sums; it never averages the organisations' ratios or percentages, which would give a 60-person ICB the
weight of a 900-person one (and the average of ratios is not the ratio of the whole). Each group is one
of the :mod:`~wreslib.benchmark.scope` scopes: every organisation compared, each region, each
organisation type and, when a region is chosen, everyone outside it.

=====  ===========================================================================================
#      pooled measure (``measure``)
=====  ===========================================================================================
1      per staff group, the relative likelihood of White compared to BME staff being in the senior
       range (``relative_likelihood``, score interval and test on the summed counts); the BME share of
       each published band range and of the whole workforce (``bme_pct``)
2-4    the relative likelihood of the summed cases over the summed denominators, with the score
       interval and test of :mod:`wreslib.stats.ratio`
5-8    each group's percentage from the summed yes-counts over the summed respondents (``white_pct``,
       ``bme_pct``) and the gap, BME minus White (``gap_pp``), with the score interval and test of
       :mod:`wreslib.stats.difference`; only organisations with both groups are pooled, so the gap
       compares the same organisations
9      summed board members against the summed workforce of the same organisations, for voting and
       executive membership (``board_bme_pct``, ``workforce_bme_pct``, ``difference_pp``, and
       ``seats_short``: the seats the summed board would hold at the workforce's share minus those it
       holds); described, not tested (each board is chosen from its own workforce, so the summed board
       is not one random draw at the pooled share)
=====  ===========================================================================================

Organisations whose counts are real zeros are pooled (an ICB where no one entered the disciplinary process
adds its headcount): leaving them out would inflate the pooled rate. Only rows with no data, or counts
that contradict each other (cases above their denominator), are left out.

The tests of one group in one year (1 per staff group, 2-4, the gaps 5-8) form a family, adjusted by
Holm's method (``p_adjusted``).

**Change.** For each pair of consecutive years, each group's change is computed like for like, from the
organisations that have the measure in both years, and tested with :mod:`wreslib.stats.change` (the ratio
of the two years' relative likelihoods; the change of the gap). A group's changes of one year form a
family (Holm), and the words follow :func:`wreslib.measures.trend.verdicts`: ``improved`` or ``worsened``
only when the adjusted test supports it. Board membership is described, not tested (a board in two years
is largely the same people).

**A region against the rest.** With a chosen region, its pooled figures are set against those of every
organisation outside it: the ratio of the two relative likelihoods, and the difference of the two gaps,
with the same tests (two independent sets of organisations), adjusted within each year.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance*.
Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226 (the score interval and test).
Altman DG, Bland JM. Interaction revisited: the difference between two estimates. *BMJ* 2003;326:219.
Holm S. *Scandinavian Journal of Statistics* 1979;6:65-70.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.benchmark.scope import REGION, REST
from wreslib.measures import families, trend
from wreslib.measures.rating import position
from wreslib.measures.results import NO_DATA, NOT_CALCULABLE, OK
from wreslib.stats.change import GAP_METHOD, RATIO_METHOD, gap_change, ratio_change
from wreslib.stats.difference import METHOD as DIFFERENCE_METHOD
from wreslib.stats.difference import difference_score
from wreslib.stats.multiplicity import holm_grouped
from wreslib.stats.ratio import METHOD as RATIO_SCORE_METHOD
from wreslib.stats.ratio import ratio_score

if TYPE_CHECKING:
    from wreslib.benchmark.scope import Population
    from wreslib.measures.compute import Computation

#: Columns of :attr:`Rollups.table`, one row per group, year and measure.
COLUMNS: tuple[str, ...] = (
    "scope", "group", "name", "year", "indicator", "staff_group", "band", "membership", "measure", "value", "unit",
    "ci_low", "ci_high", "p_value", "p_adjusted", "method", "organisations", "white_cases", "white_total",
    "bme_cases", "bme_total", "unknown_cases", "unknown_total", "status", "reason",
)
#: Columns of :attr:`Rollups.changes`.
CHANGE_COLUMNS: tuple[str, ...] = (
    "scope", "group", "name", "from_year", "year", "indicator", "staff_group", "membership", "measure", "from_value",
    "to_value", "value", "unit", "ci_low", "ci_high", "p_value", "p_adjusted", "verdict", "method", "organisations",
)
#: Columns of :attr:`Rollups.comparison`.
COMPARISON_COLUMNS: tuple[str, ...] = (
    "region", "region_name", "rest_name", "year", "indicator", "staff_group", "membership", "measure",
    "region_value", "rest_value", "value", "unit", "ci_low", "ci_high", "p_value", "p_adjusted", "method",
)
SEATS = "seats"
ALL_BANDS = "All bands"
#: The measure of the comparison of a relative likelihood between two sets of organisations, or two years.
RATIO_OF_RATIOS = "ratio of relative likelihoods"
BOARD_NOT_TESTED = ("described, not tested: each board is chosen from its own workforce, so summed boards are "
                    "not one random draw at the pooled share")
_NONE = ""  # the internal key of "no staff group" / "no membership" (pandas drops NaN keys)
_RATIO_COUNTS = ("a_cases", "a_total", "b_cases", "b_total")
_SURVEY_COUNTS = ("white_yes", "white_n", "bme_yes", "bme_n")
_BOARD_COUNTS = ("white", "bme", "unknown", "wf_white", "wf_bme", "wf_unknown")


@dataclass(frozen=True)
class Rollups:
    """Pooled figures of every group (``table``), their year-on-year change (``changes``) and, with a chosen
    region, the region against the rest (``comparison``). Columns: :data:`COLUMNS`,
    :data:`CHANGE_COLUMNS`, :data:`COMPARISON_COLUMNS`; ``staff_group`` and ``membership`` are None where
    they do not apply; an unbounded relative likelihood has ``value`` ``inf``."""

    table: pd.DataFrame
    changes: pd.DataFrame
    comparison: pd.DataFrame

    def row(self, scope: str, group: str, year: int, indicator: int, measure: str, *, staff_group: str | None = None,
            band: str | None = None, membership: str | None = None) -> pd.Series | None:
        """One pooled figure's row, or None when the table has no such row.

        Examples
        --------
        >>> r = Rollups(pd.DataFrame([{"scope": "all", "group": "all", "year": 2024, "indicator": 2,
        ...                            "measure": "relative_likelihood", "staff_group": None, "band": None,
        ...                            "membership": None, "value": 1.34}]), pd.DataFrame(), pd.DataFrame())
        >>> float(r.row("all", "all", 2024, 2, "relative_likelihood")["value"])
        1.34
        """
        t = self.table
        if t.empty:
            return None
        mask = ((t["scope"] == scope) & (t["group"] == group) & (t["year"] == year) & (t["indicator"] == indicator)
                & (t["measure"] == measure))
        for column, wanted in (("staff_group", staff_group), ("band", band), ("membership", membership)):
            mask &= t[column].isna() if wanted is None else (t[column] == wanted)
        found = t[mask]
        return None if found.empty else found.iloc[0]

    def value(self, scope: str, group: str, year: int, indicator: int, measure: str,
              **keys: str | None) -> float | None:
        """One pooled figure (None when absent or not calculable); ``keys`` as :meth:`row`."""
        row = self.row(scope, group, year, indicator, measure, **keys)
        return None if row is None or pd.isna(row["value"]) else float(row["value"])


# --- the organisations' counts ---------------------------------------------------------------------


def ratio_counts(comp: Computation) -> pd.DataFrame:
    """Every organisation-year's counts behind indicator 1 (per staff group) and 2-4 that can be pooled.

    Columns ``org_code, year, indicator, staff_group, a_label, a_cases, a_total, b_cases, b_total, status``;
    ``staff_group`` is ``""`` for 2-4. Rows without data, or whose cases exceed their denominator, are left out.
    """
    parts = []
    if not comp.groups.empty:
        parts.append(comp.groups.assign(indicator=1))
    if not comp.likelihoods.empty:
        parts.append(comp.likelihoods.assign(indicator=comp.likelihoods["number"], staff_group=_NONE))
    if not parts:
        return pd.DataFrame(columns=["org_code", "year", "indicator", "staff_group", "a_label", *_RATIO_COUNTS,
                                     "status"])
    rows = pd.concat(parts, ignore_index=True)
    usable = ((rows["status"] != NO_DATA) & (rows["a_cases"] <= rows["a_total"])
              & (rows["b_cases"] <= rows["b_total"]))
    out = rows.loc[usable, ["org_code", "year", "indicator", "staff_group", "a_label", *_RATIO_COUNTS, "status"]]
    return out.astype({c: "int64" for c in _RATIO_COUNTS}).reset_index(drop=True)


def survey_counts(comp: Computation) -> pd.DataFrame:
    """Every organisation-year's survey yes-counts and respondents with both groups present (indicators 5-8)."""
    s = comp.surveys
    if s.empty:
        return pd.DataFrame(columns=["org_code", "year", "indicator", *_SURVEY_COUNTS])
    usable = (s["status"] == OK) & s[list(_SURVEY_COUNTS)].notna().all(axis=1)
    out = s.loc[usable, ["org_code", "year", "number", *_SURVEY_COUNTS]].rename(columns={"number": "indicator"})
    return out.astype({c: "int64" for c in _SURVEY_COUNTS}).reset_index(drop=True)


def board_counts(comp: Computation) -> pd.DataFrame:
    """Every organisation-year's board members and workforce by group, per membership, where both are known."""
    b = comp.boards
    if b.empty:
        return pd.DataFrame(columns=["org_code", "year", "membership", *_BOARD_COUNTS])
    out = b.loc[b["status"] == OK, ["org_code", "year", "membership", *_BOARD_COUNTS]]
    return out.astype({c: "int64" for c in _BOARD_COUNTS}).reset_index(drop=True)


def _pool(frame: pd.DataFrame, members: pd.DataFrame, keys: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """Sum ``columns`` of the organisations of every group: one row per (scope, group, name, *keys).

    Each organisation has at most one row per ``keys`` in ``frame``, so a group's row count is its number
    of organisations.
    """
    by = ["scope", "group", *keys]
    if frame.empty:
        return pd.DataFrame(columns=[*by, "name", *columns, "organisations"])
    # Group on small integer codes: grouping on text keys is several times slower.
    groups = members[["scope", "group", "name"]].drop_duplicates().reset_index(drop=True)
    coded = members.merge(groups.reset_index(names="_group"), on=["scope", "group", "name"])[["_group", "org_code"]]
    joined = coded.merge(frame, on="org_code", how="inner")
    grouped = joined.groupby(["_group", *keys], sort=False, dropna=False)
    summed = grouped[list(columns)].sum()
    summed["organisations"] = grouped.size()
    summed = summed.reset_index()
    out = groups.iloc[summed["_group"].to_numpy()].reset_index(drop=True)
    return pd.concat([out, summed.drop(columns="_group")], axis=1)


# --- pooled measures -------------------------------------------------------------------------------


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn the internal ``""`` keys back into None."""
    out = frame.copy()
    for column in ("staff_group", "membership", "band"):
        if column in out.columns:
            out[column] = out[column].astype(object).where(out[column].notna() & (out[column] != _NONE), None)
    return out


def _group_columns(white_first: pd.Series, a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    return a.where(white_first, b), b.where(white_first, a)


def _ratio_rows(pooled: pd.DataFrame) -> pd.DataFrame:
    if pooled.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    x1, n1, x2, n2 = (pooled[c].to_numpy(dtype=float) for c in _RATIO_COUNTS)
    ok = (n1 > 0) & (n2 > 0) & ((x1 + x2) > 0)
    r = ratio_score(np.where(ok, x1, 1), np.where(ok, n1, 2), np.where(ok, x2, 1), np.where(ok, n2, 2))
    white_first = pooled["a_label"] == families.WHITE
    white_cases, bme_cases = _group_columns(white_first, pooled["a_cases"], pooled["b_cases"])
    white_total, bme_total = _group_columns(white_first, pooled["a_total"], pooled["b_total"])
    reason = np.where((n1 == 0) | (n2 == 0), "a group has no one in the summed denominators",
                      "no case in either group of the summed counts, so the relative likelihood is 0 ÷ 0")
    return pd.DataFrame({
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "year": pooled["year"],
        "indicator": pooled["indicator"], "staff_group": pooled["staff_group"], "band": _NONE, "membership": _NONE,
        "measure": "relative_likelihood", "value": np.where(ok, r.estimate, np.nan), "unit": families.RATIO,
        "ci_low": np.where(ok, r.low, np.nan), "ci_high": np.where(ok, r.high, np.nan),
        "p_value": np.where(ok, r.p, np.nan), "method": np.where(ok, RATIO_SCORE_METHOD, None),
        "organisations": pooled["organisations"], "white_cases": white_cases, "white_total": white_total,
        "bme_cases": bme_cases, "bme_total": bme_total, "unknown_cases": np.nan, "unknown_total": np.nan,
        "status": np.where(ok, OK, NOT_CALCULABLE), "reason": np.where(ok, None, reason),
    })


def _survey_rows(pooled: pd.DataFrame) -> pd.DataFrame:
    if pooled.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    wy, wn, by, bn = (pooled[c].to_numpy(dtype=float) for c in _SURVEY_COUNTS)
    ok = (wn > 0) & (bn > 0)
    r = difference_score(np.where(ok, by, 0), np.where(ok, bn, 1), np.where(ok, wy, 0), np.where(ok, wn, 1))
    base = {
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "year": pooled["year"],
        "indicator": pooled["indicator"], "staff_group": _NONE, "band": _NONE, "membership": _NONE,
        "organisations": pooled["organisations"], "white_cases": pooled["white_yes"], "white_total": pooled["white_n"],
        "bme_cases": pooled["bme_yes"], "bme_total": pooled["bme_n"], "unknown_cases": np.nan,
        "unknown_total": np.nan, "status": np.where(ok, OK, NOT_CALCULABLE),
        "reason": np.where(ok, None, "no respondents in a group"),
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        white_pct, bme_pct = 100.0 * wy / wn, 100.0 * by / bn
    parts = [
        pd.DataFrame({**base, "measure": "white_pct", "value": np.where(ok, white_pct, np.nan),
                      "unit": families.PERCENT}),
        pd.DataFrame({**base, "measure": "bme_pct", "value": np.where(ok, bme_pct, np.nan), "unit": families.PERCENT}),
        pd.DataFrame({**base, "measure": "gap_pp", "value": np.where(ok, 100.0 * r.estimate, np.nan),
                      "unit": families.PERCENTAGE_POINTS, "ci_low": np.where(ok, 100.0 * r.low, np.nan),
                      "ci_high": np.where(ok, 100.0 * r.high, np.nan), "p_value": np.where(ok, r.p, np.nan),
                      "method": np.where(ok, DIFFERENCE_METHOD, None)}),
    ]
    return pd.concat(parts, ignore_index=True)


def _board_rows(pooled: pd.DataFrame) -> pd.DataFrame:
    if pooled.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    board_total = pooled["white"] + pooled["bme"] + pooled["unknown"]
    wf_total = pooled["wf_white"] + pooled["wf_bme"] + pooled["wf_unknown"]
    ok = ((board_total > 0) & (wf_total > 0)).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        board_pct = np.where(ok, 100.0 * pooled["bme"] / board_total, np.nan)
        wf_pct = np.where(ok, 100.0 * pooled["wf_bme"] / wf_total, np.nan)
    base = {
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "year": pooled["year"],
        "indicator": 9, "staff_group": _NONE, "band": _NONE, "membership": pooled["membership"],
        "organisations": pooled["organisations"], "status": np.where(ok, OK, NOT_CALCULABLE),
        "reason": np.where(ok, None, "no board members or no staff in the summed counts"),
    }
    board = {"white_cases": pooled["white"], "bme_cases": pooled["bme"], "unknown_cases": pooled["unknown"],
             "white_total": board_total, "bme_total": board_total, "unknown_total": board_total}
    staff = {"white_cases": pooled["wf_white"], "bme_cases": pooled["wf_bme"], "unknown_cases": pooled["wf_unknown"],
             "white_total": wf_total, "bme_total": wf_total, "unknown_total": wf_total}
    parts = [
        pd.DataFrame({**base, **board, "measure": "board_bme_pct", "value": board_pct, "unit": families.PERCENT}),
        pd.DataFrame({**base, **staff, "measure": "workforce_bme_pct", "value": wf_pct, "unit": families.PERCENT}),
        pd.DataFrame({**base, **board, "measure": "difference_pp", "value": board_pct - wf_pct,
                      "unit": families.PERCENTAGE_POINTS}),
        pd.DataFrame({**base, **board, "measure": "seats_short", "unit": SEATS,
                      "value": np.where(ok, board_total * wf_pct / 100.0 - pooled["bme"], np.nan)}),
    ]
    out = pd.concat(parts, ignore_index=True)
    out["reason"] = out["reason"].where(out["status"] != OK, BOARD_NOT_TESTED)
    return out


def _share_rows(ranges: pd.DataFrame, totals: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Indicator 1's BME share of each published band range (and medical grade group) and of the workforce."""
    parts = []
    if not ranges.empty:
        parts.append(ranges[["org_code", "year", "staff_group", "label", "white", "bme", "unknown"]]
                     .rename(columns={"label": "band"}))
    if not totals.empty:
        present = totals[totals["present"].astype(bool)]
        parts.append(present[["org_code", "year", "white", "bme", "unknown"]].assign(staff_group="all",
                                                                                     band=ALL_BANDS))
    if not parts:
        return pd.DataFrame(columns=list(COLUMNS))
    pooled = _pool(pd.concat(parts, ignore_index=True), members, ["year", "staff_group", "band"],
                   ["white", "bme", "unknown"])
    total = pooled["white"] + pooled["bme"] + pooled["unknown"]
    ok = total > 0
    return pd.DataFrame({
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "year": pooled["year"],
        "indicator": 1, "staff_group": pooled["staff_group"], "band": pooled["band"], "membership": _NONE,
        "measure": "bme_pct", "value": np.where(ok, 100.0 * pooled["bme"] / total.where(ok, 1), np.nan),
        "unit": families.PERCENT, "organisations": pooled["organisations"], "white_cases": pooled["white"],
        "white_total": total, "bme_cases": pooled["bme"], "bme_total": total, "unknown_cases": pooled["unknown"],
        "unknown_total": total, "status": np.where(ok, OK, NOT_CALCULABLE),
        "reason": np.where(ok, None, "no staff in these bands"),
    })


def _adjust(frame: pd.DataFrame, by: Sequence[str]) -> np.ndarray:
    if frame.empty:
        return np.array([], dtype=float)
    family = frame[by[0]].astype(str)
    for column in by[1:]:
        family = family + "|" + frame[column].astype(str)
    return holm_grouped(frame["p_value"].to_numpy(dtype=float), family.to_numpy())


# --- change between years --------------------------------------------------------------------------


def _pairs(frame: pd.DataFrame, keys: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Like-for-like pairs of consecutive years: each organisation's rows of both years side by side."""
    parts = []
    for start, end in pairwise(years):
        before = frame[frame["year"] == start].drop(columns="year")
        after = frame[frame["year"] == end].drop(columns="year")
        both = before.merge(after, on=["org_code", *keys], suffixes=("_from", ""))
        parts.append(both.assign(from_year=start, year=end))
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def _ratio_changes(counts: pd.DataFrame, members: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    pairs = _pairs(counts.drop(columns=["status"]), ["indicator", "staff_group", "a_label"], years)
    columns = [*_RATIO_COUNTS, *(f"{c}_from" for c in _RATIO_COUNTS)]
    if pairs.empty:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    pooled = _pool(pairs, members, ["from_year", "year", "indicator", "staff_group", "a_label"], columns)
    start = tuple(pooled[f"{c}_from"].to_numpy(dtype=float) for c in _RATIO_COUNTS)
    end = tuple(pooled[c].to_numpy(dtype=float) for c in _RATIO_COUNTS)
    r = ratio_change(start, end)
    with np.errstate(divide="ignore", invalid="ignore"):
        before = ratio_score(*start).estimate if len(pooled) else np.array([])
        after = ratio_score(*end).estimate if len(pooled) else np.array([])
        away = np.abs(np.log(after)) > np.abs(np.log(before))
    where_before = position(*(pooled[f"{c}_from"] for c in _RATIO_COUNTS))
    where_after = position(*(pooled[c] for c in _RATIO_COUNTS))
    crossed = (((where_before == "above") & (where_after == "below"))
               | ((where_before == "below") & (where_after == "above")))
    return pd.DataFrame({
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "from_year": pooled["from_year"],
        "year": pooled["year"], "indicator": pooled["indicator"], "staff_group": pooled["staff_group"],
        "membership": _NONE, "measure": "relative_likelihood", "from_value": before, "to_value": after,
        "value": r.estimate, "unit": RATIO_OF_RATIOS, "ci_low": r.low, "ci_high": r.high, "p_value": r.p,
        "method": np.where(r.calculable, RATIO_METHOD, None), "organisations": pooled["organisations"],
        "crossed": crossed & r.calculable, "moved_away": away & r.calculable, "calculable": r.calculable,
    })


def _survey_changes(counts: pd.DataFrame, members: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    pairs = _pairs(counts, ["indicator"], years)
    if pairs.empty:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    columns = [*_SURVEY_COUNTS, *(f"{c}_from" for c in _SURVEY_COUNTS)]
    pooled = _pool(pairs, members, ["from_year", "year", "indicator"], columns)
    order = ("bme_yes", "bme_n", "white_yes", "white_n")
    start = tuple(pooled[f"{c}_from"].to_numpy(dtype=float) for c in order)
    end = tuple(pooled[c].to_numpy(dtype=float) for c in order)
    r = gap_change(start, end)
    with np.errstate(divide="ignore", invalid="ignore"):
        before = 100.0 * (start[0] / start[1] - start[2] / start[3])
        after = 100.0 * (end[0] / end[1] - end[2] / end[3])
    higher_better = pooled["indicator"].map(lambda n: bool(families.indicator(int(n)).higher_is_better)).to_numpy(
        dtype=bool)
    change = 100.0 * r.estimate
    with np.errstate(invalid="ignore"):
        away = np.where(higher_better, change < 0, change > 0)
    return pd.DataFrame({
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "from_year": pooled["from_year"],
        "year": pooled["year"], "indicator": pooled["indicator"], "staff_group": _NONE, "membership": _NONE,
        "measure": "gap_pp", "from_value": before, "to_value": after, "value": change,
        "unit": families.PERCENTAGE_POINTS, "ci_low": 100.0 * r.low, "ci_high": 100.0 * r.high, "p_value": r.p,
        "method": np.where(r.calculable, GAP_METHOD, None), "organisations": pooled["organisations"],
        "crossed": False, "moved_away": away & r.calculable, "calculable": r.calculable,
    })


def _board_changes(counts: pd.DataFrame, members: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    pairs = _pairs(counts, ["membership"], years)
    if pairs.empty:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    columns = [*_BOARD_COUNTS, *(f"{c}_from" for c in _BOARD_COUNTS)]
    pooled = _pool(pairs, members, ["from_year", "year", "membership"], columns)

    def difference(suffix: str) -> np.ndarray:
        board = sum(pooled[f"{c}{suffix}"] for c in ("white", "bme", "unknown")).to_numpy(dtype=float)
        staff = sum(pooled[f"{c}{suffix}"] for c in ("wf_white", "wf_bme", "wf_unknown")).to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return 100.0 * (pooled[f"bme{suffix}"].to_numpy(dtype=float) / board
                            - pooled[f"wf_bme{suffix}"].to_numpy(dtype=float) / staff)

    before, after = difference("_from"), difference("")
    return pd.DataFrame({
        "scope": pooled["scope"], "group": pooled["group"], "name": pooled["name"], "from_year": pooled["from_year"],
        "year": pooled["year"], "indicator": 9, "staff_group": _NONE, "membership": pooled["membership"],
        "measure": "difference_pp", "from_value": before, "to_value": after, "value": after - before,
        "unit": families.PERCENTAGE_POINTS, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan, "method": None,
        "organisations": pooled["organisations"], "crossed": False, "moved_away": False, "calculable": False,
    })


def _changes(ratios: pd.DataFrame, surveys: pd.DataFrame, boards: pd.DataFrame, members: pd.DataFrame,
             years: Sequence[int]) -> pd.DataFrame:
    parts = [f for f in (_ratio_changes(ratios, members, years), _survey_changes(surveys, members, years),
                         _board_changes(boards, members, years)) if not f.empty]
    if not parts:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    out["p_adjusted"] = _adjust(out, ["scope", "group", "year"])
    tested = out["calculable"].astype(bool)
    verdict = trend.verdicts(out.assign(from_year=out["from_year"].where(tested)))
    out["verdict"] = np.where(out["indicator"] == 9, trend.NOT_TESTED, verdict)
    return _blank(out)[list(CHANGE_COLUMNS)]


# --- a region against the rest ---------------------------------------------------------------------


def _comparison(ratio_pooled: pd.DataFrame, survey_pooled: pd.DataFrame, board_rows: pd.DataFrame,
                region: str | None, rest_group: str | None) -> pd.DataFrame:
    if region is None or rest_group is None:
        return pd.DataFrame(columns=list(COMPARISON_COLUMNS))
    parts = []

    def sides(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        mine = frame[(frame["scope"] == REGION) & (frame["group"] == region)]
        rest = frame[(frame["scope"] == REST) & (frame["group"] == rest_group)]
        return mine.merge(rest, on=keys, suffixes=("", "_rest"))

    if not ratio_pooled.empty:
        both = sides(ratio_pooled, ["year", "indicator", "staff_group", "a_label"])
        r = ratio_change(tuple(both[f"{c}_rest"].to_numpy(dtype=float) for c in _RATIO_COUNTS),
                         tuple(both[c].to_numpy(dtype=float) for c in _RATIO_COUNTS))
        with np.errstate(divide="ignore", invalid="ignore"):
            mine = ratio_score(*(both[c].to_numpy(dtype=float) for c in _RATIO_COUNTS)).estimate if len(both) else []
            rest = ratio_score(*(both[f"{c}_rest"].to_numpy(dtype=float) for c in _RATIO_COUNTS)).estimate \
                if len(both) else []
        parts.append(pd.DataFrame({
            "region_name": both["name"], "rest_name": both["name_rest"], "year": both["year"],
            "indicator": both["indicator"], "staff_group": both["staff_group"], "membership": _NONE,
            "measure": "relative_likelihood", "region_value": mine, "rest_value": rest, "value": r.estimate,
            "unit": RATIO_OF_RATIOS, "ci_low": r.low, "ci_high": r.high, "p_value": r.p,
            "method": np.where(r.calculable, RATIO_METHOD, None),
        }))
    if not survey_pooled.empty:
        both = sides(survey_pooled, ["year", "indicator"])
        order = ("bme_yes", "bme_n", "white_yes", "white_n")
        start = tuple(both[f"{c}_rest"].to_numpy(dtype=float) for c in order)
        end = tuple(both[c].to_numpy(dtype=float) for c in order)
        r = gap_change(start, end)
        with np.errstate(divide="ignore", invalid="ignore"):
            rest = 100.0 * (start[0] / start[1] - start[2] / start[3])
            mine = 100.0 * (end[0] / end[1] - end[2] / end[3])
        parts.append(pd.DataFrame({
            "region_name": both["name"], "rest_name": both["name_rest"], "year": both["year"],
            "indicator": both["indicator"], "staff_group": _NONE, "membership": _NONE, "measure": "gap_pp",
            "region_value": mine, "rest_value": rest, "value": 100.0 * r.estimate,
            "unit": families.PERCENTAGE_POINTS, "ci_low": 100.0 * r.low, "ci_high": 100.0 * r.high, "p_value": r.p,
            "method": np.where(r.calculable, GAP_METHOD, None),
        }))
    if not board_rows.empty:
        diff = board_rows[board_rows["measure"] == "difference_pp"]
        both = sides(diff, ["year", "membership"])
        parts.append(pd.DataFrame({
            "region_name": both["name"], "rest_name": both["name_rest"], "year": both["year"], "indicator": 9,
            "staff_group": _NONE, "membership": both["membership"], "measure": "difference_pp",
            "region_value": both["value"], "rest_value": both["value_rest"],
            "value": both["value"] - both["value_rest"], "unit": families.PERCENTAGE_POINTS, "ci_low": np.nan,
            "ci_high": np.nan, "p_value": np.nan, "method": None,
        }))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=list(COMPARISON_COLUMNS))
    out = pd.concat(parts, ignore_index=True).assign(region=region)
    out["p_adjusted"] = _adjust(out, ["year"])
    return _blank(out)[list(COMPARISON_COLUMNS)]


# --- the entry point -------------------------------------------------------------------------------


def rollups(comp: Computation, people: Population, years: Sequence[int]) -> Rollups:
    """Every pooled figure of every group and year, their year-on-year changes, and the region against the rest.

    Parameters
    ----------
    comp : Computation
        The organisations' indicators (:func:`wreslib.measures.compute.compute`) for ``years``.
    people : Population
        Who is compared and the members of each group (:func:`wreslib.benchmark.scope.population`).
    years : sequence of int
        The years to pool, in order; changes are taken between consecutive ones.

    Returns
    -------
    Rollups

    References
    ----------
    Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> from wreslib.benchmark.scope import population
    >>> from wreslib.measures.compute import compute
    >>> data = read_data(Path(__file__).parents[2] / "data" / "synthetic")
    >>> people = population(data, 2024)
    >>> r = rollups(compute(data, people.codes, [2023, 2024]), people, [2023, 2024])
    >>> round(r.value("all", "all", 2024, 2, "relative_likelihood"), 2)
    1.34
    """
    years = sorted({int(y) for y in years})
    members = people.members
    ratios = ratio_counts(comp)
    surveys = survey_counts(comp)
    boards = board_counts(comp)
    ratio_pooled = _pool(ratios.drop(columns=["status"]), members, ["year", "indicator", "staff_group", "a_label"],
                         _RATIO_COUNTS)
    survey_pooled = _pool(surveys, members, ["year", "indicator"], _SURVEY_COUNTS)
    board_pooled = _pool(boards, members, ["year", "membership"], _BOARD_COUNTS)
    board_rows = _board_rows(board_pooled)
    parts = [f for f in (_ratio_rows(ratio_pooled), _share_rows(comp.ranges, comp.workforce_totals, members),
                         _survey_rows(survey_pooled), board_rows) if not f.empty]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(COLUMNS))
    table["p_adjusted"] = _adjust(table, ["scope", "group", "year"])
    scope_order = {s: i for i, s in enumerate(("all", "region", "org_type", "rest"))}
    table = table.assign(_s=table["scope"].map(scope_order)).sort_values(
        ["_s", "group", "year", "indicator"], kind="stable").drop(columns="_s")
    table = _blank(table)[list(COLUMNS)].reset_index(drop=True)
    rest_group = None
    if people.region is not None:
        rest_rows = members[members["scope"] == REST]
        rest_group = str(rest_rows["group"].iloc[0]) if not rest_rows.empty else None
    comparison = _comparison(ratio_pooled, survey_pooled, board_rows, people.region, rest_group)
    return Rollups(table, _changes(ratios, surveys, boards, members, years), comparison)


__all__ = ["ALL_BANDS", "BOARD_NOT_TESTED", "CHANGE_COLUMNS", "COLUMNS", "COMPARISON_COLUMNS", "RATIO_OF_RATIOS",
           "SEATS", "Rollups", "board_counts", "ratio_counts", "rollups", "survey_counts"]
