"""The tidy face of wreslib: every organisation, year and indicator as one pandas DataFrame.

Modelled on the public-health statistics packages analysts already use (UKHSA's PHEindicatormethods and
PHStatsMethods): a DataFrame in, a DataFrame out, vectorised over areas, with uniform columns for the
value, its bounds and the method. It is laid out from the same rated frames that
:func:`~wreslib.measures.compute.compute_indicators` reads back, so it agrees with ``wres indicators
--json`` figure for figure.

Rows
----
- **Indicator 1**: for each staff group (and ``all``) and each published band range (and medical grade
  group), the BME share (``measure`` ``bme_pct``); and for each staff group the relative likelihood of
  White compared to BME staff being in the senior range (``relative_likelihood``, ``band`` naming the
  comparison), tested and rated. ``headline`` marks the staff group the indicator's rating follows.
- **Indicators 2-4**: the relative likelihood.
- **Indicators 5-8**: the gap, BME minus White, in percentage points (``gap_pp``, headline), and the
  year-on-year change of each group's percentage (``bme_change_pp``, ``white_change_pp``).
- **Indicator 9**: board minus workforce BME share for voting (headline) and executive membership
  (``difference_pp``; ``membership`` says which).

Columns
-------
``org_code, org_name, region, org_type, year, indicator, measure, value, unit, ci_low, ci_high, p_value,
p_adjusted, significant, rating, rule, status, reason, method, headline, staff_group, band, membership,
survey_year`` and the counts each value came from: ``white_cases, white_total, bme_cases, bme_total,
unknown_cases, unknown_total`` (for a survey, yes-answers and respondents; for a board, members; for 1's
shares, staff in the band), and for indicator 9 ``workforce_bme, workforce_total``.

An unbounded relative likelihood (no case in the denominator group) has ``value`` ``inf``; JSON writes it
as null, as the data contract says. ``significant`` is ``p_value < 0.05`` (the same as the interval
excluding parity); ratings use ``p_adjusted``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.measures import families
from wreslib.measures.compute import compute
from wreslib.measures.results import ALPHA

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset
    from wreslib.measures.compute import Computation

COLUMNS: tuple[str, ...] = (
    "org_code", "org_name", "region", "org_type", "year", "indicator", "measure", "value", "unit", "ci_low",
    "ci_high", "p_value", "p_adjusted", "significant", "rating", "rule", "status", "reason", "method", "headline",
    "staff_group", "band", "membership", "survey_year", "white_cases", "white_total", "bme_cases", "bme_total",
    "unknown_cases", "unknown_total", "workforce_bme", "workforce_total",
)
COUNT_COLUMNS = ("white_cases", "white_total", "bme_cases", "bme_total", "unknown_cases", "unknown_total",
                 "workforce_bme", "workforce_total")


def _by_group(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """White and BME counts of a ratio frame, whichever of a/b each is."""
    a_white = frame["a_label"] == families.WHITE
    return {
        "white_cases": frame["a_cases"].where(a_white, frame["b_cases"]),
        "white_total": frame["a_total"].where(a_white, frame["b_total"]),
        "bme_cases": frame["b_cases"].where(a_white, frame["a_cases"]),
        "bme_total": frame["b_total"].where(a_white, frame["a_total"]),
    }


def _ratio_rows(frame: pd.DataFrame, number: pd.Series | int) -> pd.DataFrame:
    out = pd.DataFrame({"org_code": frame["org_code"], "year": frame["year"], "indicator": number,
                        "measure": "relative_likelihood", "value": frame["value"], "unit": families.RATIO,
                        "ci_low": frame["ci_low"], "ci_high": frame["ci_high"], "p_value": frame["p_value"],
                        "p_adjusted": frame["p_adjusted"], "rating": frame["rag"], "rule": frame["rule"],
                        "status": frame["status"], "reason": frame["reason"], "method": frame["method"]})
    for column, values in _by_group(frame).items():
        out[column] = values
    return out


def _indicator1_rows(comp: Computation) -> pd.DataFrame:
    ranges = comp.ranges
    total = ranges["white"] + ranges["bme"] + ranges["unknown"]
    shares = pd.DataFrame({
        "org_code": ranges["org_code"], "year": ranges["year"], "indicator": 1, "measure": "bme_pct",
        "value": np.where(total > 0, 100.0 * ranges["bme"] / total.where(total > 0, 1), np.nan),
        "unit": families.PERCENT, "status": np.where(total > 0, "ok", "not_calculable"),
        "staff_group": ranges["staff_group"], "band": ranges["label"], "headline": False,
        "white_cases": ranges["white"], "bme_cases": ranges["bme"], "unknown_cases": ranges["unknown"],
        "white_total": total, "bme_total": total, "unknown_total": total,
    })
    groups = comp.groups
    ratios = _ratio_rows(groups, 1)
    ratios["staff_group"] = groups["staff_group"]
    ratios["band"] = groups["senior"] + " vs " + groups["lower"]
    head = comp.indicator1
    marked = groups.merge(head[["org_code", "year", "headline_group"]], on=["org_code", "year"], how="left")
    ratios["headline"] = (marked["staff_group"] == marked["headline_group"]).to_numpy()
    # Organisation-years with no staff group to rate still get one row for indicator 1, saying why.
    unrated = head[head["headline_group"].isna()]
    empty = pd.DataFrame({
        "org_code": unrated["org_code"], "year": unrated["year"], "indicator": 1, "measure": "relative_likelihood",
        "unit": families.RATIO, "rating": unrated["rag"], "rule": unrated["rule"],
        "status": np.where(unrated["rule"] == "no_data", "no_data", "not_calculable"),
        "reason": "no staff are recorded in the published band ranges or the medical grades",
        "headline": True,
    })
    return pd.concat([shares, ratios, empty], ignore_index=True)


def _survey_rows(comp: Computation) -> pd.DataFrame:
    s = comp.surveys
    parts = []
    for prefix, measure, value, headline in (("gap", "gap_pp", s["gap_pp"], True),
                                             ("bme_change", "bme_change_pp", s["bme_change_pp"], False),
                                             ("white_change", "white_change_pp", s["white_change_pp"], False)):
        tested = s[f"{prefix}_tested"].astype(bool)
        part = pd.DataFrame({
            "org_code": s["org_code"], "year": s["year"], "indicator": s["number"], "measure": measure,
            "value": value, "unit": families.PERCENTAGE_POINTS, "ci_low": s[f"{prefix}_ci_low"],
            "ci_high": s[f"{prefix}_ci_high"], "p_value": s[f"{prefix}_p"], "p_adjusted": s[f"{prefix}_p_adjusted"],
            "status": s["status"], "reason": s["reason"], "method": np.where(tested, s.get("gap_method", None), None),
            "headline": headline, "survey_year": s["survey_year"],
        })
        if headline:
            part["rating"], part["rule"] = s["rag"], s["rule"]
            part["white_cases"], part["white_total"] = s["white_yes"], s["white_n"]
            part["bme_cases"], part["bme_total"] = s["bme_yes"], s["bme_n"]
        else:
            group = prefix.split("_")[0]
            part["status"] = np.where(s["status"] == "no_data", "no_data",
                                      np.where(value.notna(), "ok", "not_calculable"))
            part["reason"] = np.where(value.notna(), None, np.where(
                s["status"] == "no_data", s["reason"], "no result for this group in the previous survey"))
            part[f"{group}_cases"], part[f"{group}_total"] = s[f"{group}_yes"], s[f"{group}_n"]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["method"] = np.where(out["p_value"].notna(), "score (Miettinen-Nurminen)", None)
    return out


def _board_rows(comp: Computation) -> pd.DataFrame:
    b = comp.boards
    board_pct = np.where(b["board_total"] > 0, 100.0 * b["bme"] / b["board_total"].where(b["board_total"] > 0, 1),
                         np.nan)
    wf_pct = np.where(b["wf_total"] > 0, 100.0 * b["wf_bme"] / b["wf_total"].where(b["wf_total"] > 0, 1), np.nan)
    ok = (b["status"] == "ok").to_numpy()
    voting = (b["membership"] == "voting").to_numpy()
    return pd.DataFrame({
        "org_code": b["org_code"], "year": b["year"], "indicator": 9, "measure": "difference_pp",
        "value": np.where(ok, np.round(board_pct - wf_pct, 10), np.nan), "unit": families.PERCENTAGE_POINTS,
        "p_value": b["p_value"], "p_adjusted": b["p_adjusted"],
        "rating": np.where(voting, b["rag"], None), "rule": np.where(voting, b["rule"], None),
        "status": b["status"], "reason": b["reason"], "method": b["method"], "headline": voting,
        "membership": b["membership"],
        "white_cases": np.where(ok, b["white"], np.nan), "bme_cases": np.where(ok, b["bme"], np.nan),
        "unknown_cases": np.where(ok, b["unknown"], np.nan),
        "white_total": np.where(ok, b["board_total"], np.nan), "bme_total": np.where(ok, b["board_total"], np.nan),
        "unknown_total": np.where(ok, b["board_total"], np.nan),
        "workforce_bme": np.where(ok, b["wf_bme"], np.nan), "workforce_total": np.where(ok, b["wf_total"], np.nan),
    })


#: The tidy table's name among a computation's derived tables.
TIDY = "tidy"


def table_of(comp: Computation) -> pd.DataFrame:
    """Lay a computation out as the tidy table (see the module docstring for rows and columns).

    The table is kept with the computation (``Computation.derived``), so a computation of many organisations
    lays it out once and each organisation's part (``Computation.only``) has its rows without doing it again.
    """
    if TIDY in comp.derived:
        return comp.derived[TIDY].copy()
    likes = comp.likelihoods
    parts = [_indicator1_rows(comp), _ratio_rows(likes, likes["number"]).assign(headline=True), _survey_rows(comp),
             _board_rows(comp)]
    out = pd.concat(parts, ignore_index=True)
    orgs = comp.data.tables["organisations"][["org_code", "org_name", "region", "org_type"]]
    out = out.merge(orgs, on="org_code", how="left")
    for column in COLUMNS:
        if column not in out.columns:
            out[column] = None
    out["significant"] = np.where(out["p_value"].notna(), out["p_value"] < ALPHA, None)
    for column in COUNT_COLUMNS:
        out[column] = pd.array(out[column], dtype="Int64") if out[column].notna().any() else pd.array(
            [pd.NA] * len(out), dtype="Int64")
    out["year"] = out["year"].astype("int64")
    out["indicator"] = out["indicator"].astype("int64")
    out["headline"] = out["headline"].fillna(False).astype(bool)
    out["survey_year"] = pd.array(out["survey_year"], dtype="Int64")
    out = out[list(COLUMNS)]
    measure_order = {m: i for i, m in enumerate(("relative_likelihood", "bme_pct", "gap_pp", "bme_change_pp",
                                                 "white_change_pp", "difference_pp"))}
    out = out.assign(_m=out["measure"].map(measure_order))
    out = out.sort_values(["org_code", "year", "indicator", "_m"], kind="stable").drop(columns="_m")
    comp.derived[TIDY] = out.reset_index(drop=True)
    return comp.derived[TIDY].copy()


def indicator_table(data: Dataset | str | Path, orgs: Sequence[str] | None = None,
                    years: Sequence[int] | None = None) -> pd.DataFrame:
    """Every indicator of every organisation and year as one tidy DataFrame.

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset from ``read_data``, or the path of a data folder or workbook.
    orgs : sequence of str, optional
        Organisation codes (default: every organisation whose rows hold no fault).
    years : sequence of int, optional
        WRES years (default: every year the workforce table holds).

    Returns
    -------
    pandas.DataFrame
        One row per organisation × year × indicator and measure (see the module docstring).

    References
    ----------
    NHS England, *Workforce Race Equality Standard: technical guidance*; UKHSA, PHEindicatormethods (the
    layout).

    Examples
    --------
    >>> from pathlib import Path
    >>> table = indicator_table(Path(__file__).parents[2] / "data" / "example", years=[2024])
    >>> row = table[(table["indicator"] == 2)].iloc[0]
    >>> round(float(row["value"]), 2), int(row["white_cases"]), int(row["white_total"]), row["rating"]
    (3.44, 30, 92, 'red')
    """
    from wreslib.data.read import read_data

    dataset = read_data(data) if isinstance(data, str | Path) else data
    return table_of(compute(dataset, orgs, years))
