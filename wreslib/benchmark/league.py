"""League tables: every organisation ranked on every indicator, with its interval, and who is furthest from parity.

Ranks are shown with intervals because most of them are uncertain: two organisations whose intervals
overlap widely may swap places by chance (Spiegelhalter's reason for preferring funnels to league tables).
Ties share the better rank (1, 2, 2, 4). Organisations without a value are listed after, unranked.

=========  ============================  ===================================================================
indicator  ``measure`` (value)            ``rank`` 1 =
=========  ============================  ===================================================================
1          ``relative_likelihood``, per   the highest relative likelihood of White compared to BME staff being
           staff group                    in the senior range (the most adverse to BME staff)
2, 3, 4    ``relative_likelihood``        the highest relative likelihood (the most adverse to BME staff for all
                                          three)
5-8        ``gap_pp`` (BME − White)       the gap most adverse to BME respondents (the largest for 5, 6 and 8,
                                          where yes is bad; the most negative for 7, where yes is good)
9          ``seats_short``, per           the most seats short: the BME members the board would have at the
           membership                     workforce's BME share, minus those it has
=========  ============================  ===================================================================

``distance_rank`` ranks by **distance from parity** (1 = furthest): ``|log RL|`` for relative
likelihoods (so 2 and ½ are equally far), ``|gap|`` for the survey, ``|seats short|`` for the board. A
relative likelihood of 0 (no case in the numerator group) or unbounded (none in the denominator group) is
infinitely far from parity on the log scale: it is ranked, furthest, ordered among its kind by its finite
bound, and ``shown_at`` that bound (``shown_as`` says which), so a chart can draw it.

The intervals are those of each organisation's own report: the score interval of the relative
likelihood and of the gap. For the board, the seats short run between ``n (π − upper)`` and
``n (π − lower)``, with ``lower``/``upper`` the exact one-sided 95% bounds of the board's BME share
(:func:`wreslib.stats.representation.representation_bounds`), so the lower end is above 0 exactly when the
report's exact test calls the board unrepresentative (p < 0.05, unadjusted).

**Significantly adverse** counts the organisations whose own adjusted test (``p_adjusted`` within the
organisation-year's family, the one its report uses) is below 0.05 with the difference adverse to BME
staff; the red/amber/green/grey ratings of the reports are counted beside.

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
2005;24:1185-1202 (why ranks mislead).
Clopper CJ, Pearson ES. *Biometrika* 1934;26:404-413 (the board's exact bounds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.benchmark.funnel import funnel_rows
from wreslib.measures import families
from wreslib.measures.board import VOTING
from wreslib.measures.rating import AMBER, GREEN, GREY, RED
from wreslib.measures.results import ALPHA, NO_DATA, OK
from wreslib.stats.representation import BOUNDS_METHOD, representation_bounds

if TYPE_CHECKING:
    from wreslib.benchmark.scope import Population
    from wreslib.measures.compute import Computation

ADVERSE, FAVOURABLE, PARITY = "adverse", "favourable", "parity"
#: How a value that cannot be drawn on a log axis is shown.
SHOWN_VALUE, SHOWN_ZERO, SHOWN_UNBOUNDED = "value", "zero_at_upper_bound", "unbounded_at_lower_bound"
#: How many organisations "furthest from parity" names (more when tied at the last place).
FURTHEST = 3
RANK_ORDER: dict[str, str] = {
    "relative_likelihood": "1 = the highest relative likelihood, the most adverse to BME staff",
    "gap_pp": "1 = the gap most adverse to BME respondents",
    "seats_short": "1 = the most seats short of the workforce's BME share",
}
DISTANCE_ORDER = "1 = the furthest from parity"
COLUMNS: tuple[str, ...] = (
    "org_code", "org_name", "region", "org_type", "indicator", "staff_group", "membership", "measure", "value",
    "unit", "ci_low", "ci_high", "p_value", "p_adjusted", "significant", "significantly_adverse", "rag", "rule",
    "status", "reason", "direction", "distance", "shown_at", "shown_as", "ranked", "rank", "distance_rank",
    "group_rank", "white_pct", "bme_pct", "board_bme_pct", "workforce_bme_pct", "difference_pp", "method",
)
_DIGITS = 10  # values equal to 10 decimals are tied (beyond anything a page shows)


@dataclass(frozen=True)
class Standing:
    """One indicator's (or staff group's, or board membership's) league in numbers.

    ``organisations`` compared, ``ranked`` (with a value), ``significantly_adverse`` and
    ``significantly_favourable`` by the organisations' own adjusted tests, the ``red``/``amber``/``green``/
    ``grey`` ratings of their reports, and ``furthest``: the codes of the organisations furthest from
    parity (``distance_rank`` up to 3; more when tied), furthest first.
    """

    indicator: int
    staff_group: str | None
    membership: str | None
    measure: str
    rank_order: str
    organisations: int
    ranked: int
    significantly_adverse: int
    significantly_favourable: int
    red: int
    amber: int
    green: int
    grey: int
    furthest: tuple[str, ...]


@dataclass(frozen=True)
class League:
    """Every organisation's place on every indicator (``table``, columns :data:`COLUMNS`) and a
    :class:`Standing` per indicator, staff group and membership."""

    table: pd.DataFrame
    standings: tuple[Standing, ...]
    group_by: str

    def standing(self, indicator: int, staff_group: str | None = None, membership: str | None = None) -> Standing:
        """The standing of one indicator (and staff group for 1, membership for 9; voting by default)."""
        if indicator == 9 and membership is None:
            membership = VOTING
        for s in self.standings:
            if (s.indicator, s.staff_group, s.membership) == (indicator, staff_group, membership):
                return s
        raise KeyError(f"no league for indicator {indicator}, staff group {staff_group}, membership {membership}")

    def of(self, indicator: int, staff_group: str | None = None, membership: str | None = None) -> pd.DataFrame:
        """One league, in rank order (unranked last)."""
        t = self.table
        mask = t["indicator"] == indicator
        mask &= t["staff_group"].isna() if staff_group is None else t["staff_group"] == staff_group
        if indicator == 9:
            mask &= t["membership"] == (membership or VOTING)
        return t[mask].sort_values(["rank", "org_code"], na_position="last", kind="stable")


def competition_rank(frame: pd.DataFrame, keys: Sequence[tuple[str, bool]], within: Sequence[str] = ()) -> np.ndarray:
    """Standard competition ranks (1, 2, 2, 4) of the rows of ``frame`` by ``keys`` within groups.

    Parameters
    ----------
    frame : pandas.DataFrame
    keys : sequence of (column, ascending)
        The sort keys, most important first; rows whose first key is NaN are not ranked (NaN rank).
    within : sequence of str
        Columns whose groups are ranked separately.

    Examples
    --------
    >>> f = pd.DataFrame({"v": [2.0, 5.0, 5.0, 1.0, np.nan], "g": ["a", "a", "a", "a", "a"]})
    >>> competition_rank(f, [("v", False)], ["g"]).tolist()
    [3.0, 1.0, 1.0, 4.0, nan]
    """
    out = np.full(len(frame), np.nan)
    first = keys[0][0]
    usable = frame[frame[first].notna()]
    if usable.empty:
        return out
    columns = [*within, *(k for k, _ in keys)]
    ordered = usable.sort_values(columns, ascending=[True] * len(within) + [a for _, a in keys], kind="stable")
    values = ordered[columns].fillna(-np.inf)
    changed = (values != values.shift()).any(axis=1).to_numpy()
    if within:
        new_group = (ordered[list(within)] != ordered[list(within)].shift()).any(axis=1)
        place = ordered.groupby(list(within), sort=False, dropna=False).cumcount().to_numpy()
        changed = changed | new_group.to_numpy()
    else:
        place = np.arange(len(ordered))
    start = pd.Series(np.where(changed, place, np.nan)).ffill().to_numpy()
    out[frame.index.get_indexer(ordered.index)] = start + 1
    return out


def _direction(score: np.ndarray) -> np.ndarray:
    """``adverse`` above 0, ``favourable`` below, ``parity`` at 0, None where missing."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(score), None, np.where(score > 0, ADVERSE, np.where(score < 0, FAVOURABLE, PARITY)))


def relative_likelihood_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """League columns of relative likelihoods (one row per organisation, as :func:`funnel_rows` gives them):
    ``value`` (``inf`` when unbounded), ``direction`` (judged exactly on the counts), ``distance``
    (``|log value|``), ``shown_at``/``shown_as`` and the rank keys."""
    ok = (rows["status"] == OK).to_numpy(dtype=bool)
    value = rows["value"].astype(float).to_numpy()
    value = np.where(ok & rows["unbounded"].fillna(False).astype(bool).to_numpy(), np.inf, value)
    # Exact comparison with parity on the counts: a · bt against at · b.
    left = rows["a_cases"].fillna(0).to_numpy(dtype=float) * rows["b_total"].fillna(0).to_numpy(dtype=float)
    right = rows["a_total"].fillna(0).to_numpy(dtype=float) * rows["b_cases"].fillna(0).to_numpy(dtype=float)
    side = np.where(ok, np.sign(left - right), np.nan)
    with np.errstate(divide="ignore"):
        distance = np.where(ok, np.abs(np.log(np.where(ok, value, 1.0))), np.nan)
    low, high = rows["ci_low"].astype(float).to_numpy(), rows["ci_high"].astype(float).to_numpy()
    zero, unbounded = ok & (value == 0), ok & np.isinf(value)
    shown_at = np.where(zero, high, np.where(unbounded, low, value))
    shown_as = np.where(zero, SHOWN_ZERO, np.where(unbounded, SHOWN_UNBOUNDED, np.where(ok, SHOWN_VALUE, None)))
    with np.errstate(divide="ignore", invalid="ignore"):
        bound_distance = np.where(zero | unbounded, np.abs(np.log(shown_at)), 0.0)
    return rows.assign(
        membership=None, measure="relative_likelihood", value=np.where(ok, value, np.nan), unit=families.RATIO,
        direction=_direction(side), distance=distance, shown_at=np.where(ok, shown_at, np.nan), shown_as=shown_as,
        _rank_key=np.where(ok, value, np.nan), _far=np.where(ok, np.isinf(distance).astype(float), np.nan),
        _near=np.where(ok, np.where(np.isinf(distance), bound_distance, distance), np.nan),
        method=np.where(ok, "score (Miettinen-Nurminen)", None),
    )


def _survey_rows(comp: Computation, orgs: pd.DataFrame, year: int) -> pd.DataFrame:
    s = comp.surveys[comp.surveys["year"] == year]
    grid = orgs.merge(pd.DataFrame({"number": families.numbers_of(families.SURVEY)}), how="cross")
    rows = grid.merge(s, on=["org_code", "number"], how="left")
    missing = rows["status"].isna()
    rows.loc[missing, "status"] = NO_DATA
    rows.loc[missing, "reason"] = f"no figures in {year}"
    ok = (rows["status"] == OK).to_numpy(dtype=bool)
    gap = np.where(ok, rows["gap_pp"].astype(float).to_numpy(), np.nan)
    higher_better = rows["number"].map(lambda n: bool(families.indicator(int(n)).higher_is_better)).to_numpy(bool)
    adverse = np.where(higher_better, -gap, gap)
    tested = rows["gap_tested"].fillna(False).astype(bool).to_numpy() & ok
    return pd.DataFrame({
        "org_code": rows["org_code"], "org_name": rows["org_name"], "region": rows["region"],
        "org_type": rows["org_type"], "indicator": rows["number"], "staff_group": None, "membership": None,
        "measure": "gap_pp", "value": gap, "unit": families.PERCENTAGE_POINTS,
        "ci_low": np.where(tested, rows["gap_ci_low"], np.nan),
        "ci_high": np.where(tested, rows["gap_ci_high"], np.nan),
        "p_value": np.where(tested, rows["gap_p"], np.nan),
        "p_adjusted": np.where(tested, rows["gap_p_adjusted"], np.nan),
        "rag": rows["rag"], "rule": rows["rule"], "status": rows["status"], "reason": rows["reason"],
        "direction": _direction(adverse), "distance": np.abs(gap), "shown_at": gap,
        "shown_as": np.where(ok, SHOWN_VALUE, None), "white_pct": rows["white_pct"], "bme_pct": rows["bme_pct"],
        "method": np.where(tested, "score (Miettinen-Nurminen)", None),
        "_rank_key": adverse, "_far": np.where(ok, 0.0, np.nan), "_near": np.abs(gap),
    })


def _board_rows(comp: Computation, orgs: pd.DataFrame, year: int) -> pd.DataFrame:
    b = comp.boards[comp.boards["year"] == year]
    grid = orgs.merge(pd.DataFrame({"membership": ["voting", "executive"]}), how="cross")
    rows = grid.merge(b, on=["org_code", "membership"], how="left")
    missing = rows["status"].isna()
    rows.loc[missing, "status"] = NO_DATA
    rows.loc[missing, "reason"] = f"no board figures in {year}"
    ok = (rows["status"] == OK).to_numpy(dtype=bool)
    size = np.where(ok, rows["board_total"].fillna(0), 0).astype(float)
    members = np.where(ok, rows["bme"].fillna(0), 0).astype(float)
    staff = np.where(ok, rows["wf_total"].fillna(1), 1).astype(float)
    share = np.where(ok, rows["wf_bme"].fillna(0).to_numpy(dtype=float) / staff, 0.0)
    bounds = representation_bounds(members, np.where(ok, size, 1.0))
    short = np.where(ok, size * share - members, np.nan)
    tested = ok & rows["p_value"].notna().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        board_pct = np.where(ok, 100.0 * members / size, np.nan)
    return pd.DataFrame({
        "org_code": rows["org_code"], "org_name": rows["org_name"], "region": rows["region"],
        "org_type": rows["org_type"], "indicator": 9, "staff_group": None, "membership": rows["membership"],
        "measure": "seats_short", "value": short, "unit": "seats",
        "ci_low": np.where(ok, size * (share - bounds.upper), np.nan),
        "ci_high": np.where(ok, size * (share - bounds.lower), np.nan),
        "p_value": np.where(tested, rows["p_value"], np.nan),
        "p_adjusted": np.where(tested, rows["p_adjusted"], np.nan),
        "rag": rows["rag"], "rule": rows["rule"], "status": rows["status"], "reason": rows["reason"],
        "direction": _direction(short), "distance": np.abs(short), "shown_at": short,
        "shown_as": np.where(ok, SHOWN_VALUE, None), "board_bme_pct": board_pct,
        "workforce_bme_pct": np.where(ok, 100.0 * share, np.nan), "difference_pp": board_pct - 100.0 * share,
        "method": np.where(ok, BOUNDS_METHOD, None),
        "_rank_key": short, "_far": np.where(ok, 0.0, np.nan), "_near": np.abs(short),
    })


def _standings(table: pd.DataFrame) -> tuple[Standing, ...]:
    keys = ["indicator", "_g", "_m", "measure"]
    work = table.assign(
        _g=table["staff_group"].fillna(""), _m=table["membership"].fillna(""),
        _adverse=(table["p_adjusted"] < ALPHA).fillna(False) & (table["direction"] == ADVERSE),
        _favourable=(table["p_adjusted"] < ALPHA).fillna(False) & (table["direction"] == FAVOURABLE),
        **{f"_{rag}": table["rag"] == rag for rag in (RED, AMBER, GREEN, GREY)},
    )
    summed = work.groupby(keys, sort=False).agg(
        organisations=("org_code", "size"), ranked=("ranked", "sum"), adverse=("_adverse", "sum"),
        favourable=("_favourable", "sum"), red=(f"_{RED}", "sum"), amber=(f"_{AMBER}", "sum"),
        green=(f"_{GREEN}", "sum"), grey=(f"_{GREY}", "sum"))
    far = work[work["distance_rank"] <= FURTHEST].sort_values(["distance_rank", "org_code"], kind="stable")
    furthest = far.groupby(keys, sort=False)["org_code"].agg(tuple)
    out = []
    for key, row in summed.iterrows():
        number, group, membership, measure = key
        out.append(Standing(
            indicator=int(number), staff_group=group or None, membership=membership or None, measure=str(measure),
            rank_order=RANK_ORDER[str(measure)], organisations=int(row["organisations"]), ranked=int(row["ranked"]),
            significantly_adverse=int(row["adverse"]), significantly_favourable=int(row["favourable"]),
            red=int(row["red"]), amber=int(row["amber"]), green=int(row["green"]), grey=int(row["grey"]),
            furthest=tuple(furthest.get(key, ())),
        ))
    return tuple(out)


def league(comp: Computation, people: Population, year: int, *, group_by: str = "region",
           ratio_rows: pd.DataFrame | None = None) -> League:
    """Every organisation ranked on every indicator of ``year``, and each indicator's standing.

    Parameters
    ----------
    comp : Computation
        The organisations' rated indicators.
    people : Population
        The organisations compared.
    year : int
    group_by : str
        ``region`` or ``org_type``: ``group_rank`` ranks within these groups.
    ratio_rows : pandas.DataFrame, optional
        :func:`wreslib.benchmark.funnel.funnel_rows` of the year, when already made.

    Returns
    -------
    League

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> from wreslib.benchmark.scope import population
    >>> from wreslib.measures.compute import compute
    >>> data = read_data(Path(__file__).parents[2] / "data" / "synthetic")
    >>> people = population(data, 2024)
    >>> table = league(compute(data, people.codes, [2024]), people, 2024)
    >>> s = table.standing(2)
    >>> s.organisations, s.ranked, len(s.furthest) >= 3
    (42, 42, True)
    """
    orgs = people.organisations[["org_code", "org_name", "region", "org_type"]]
    rows = funnel_rows(comp, people, year) if ratio_rows is None else ratio_rows
    parts = [relative_likelihood_rows(rows), _survey_rows(comp, orgs, year), _board_rows(comp, orgs, year)]
    table = pd.concat(parts, ignore_index=True)
    for column in COLUMNS:
        if column not in table.columns:
            table[column] = np.nan
    ok = (table["status"] == OK).to_numpy(dtype=bool)
    table["ranked"] = ok
    table["significant"] = np.where(table["p_value"].notna(), table["p_value"] < ALPHA, None)
    table["significantly_adverse"] = ((table["p_adjusted"] < ALPHA).fillna(False) & (table["direction"] == ADVERSE))
    part = table.assign(_g=table["staff_group"].fillna(""), _m=table["membership"].fillna(""))
    part["_rank_key"] = part["_rank_key"].astype(float).round(_DIGITS)
    part["_near"] = part["_near"].astype(float).round(_DIGITS)
    within = ["indicator", "_g", "_m"]
    table["rank"] = competition_rank(part, [("_rank_key", False)], within)
    table["distance_rank"] = competition_rank(part, [("_far", False), ("_near", False)], within)
    table["group_rank"] = competition_rank(part, [("_rank_key", False)], [*within, group_by])
    table = table.sort_values(["indicator", "staff_group", "membership", "rank", "org_code"], na_position="last",
                              kind="stable")
    table = table[list(COLUMNS)].reset_index(drop=True)
    return League(table, _standings(table), group_by)


__all__ = ["ADVERSE", "COLUMNS", "DISTANCE_ORDER", "FAVOURABLE", "FURTHEST", "PARITY", "RANK_ORDER", "SHOWN_UNBOUNDED",
           "SHOWN_VALUE", "SHOWN_ZERO", "League", "Standing", "competition_rank", "league", "relative_likelihood_rows"]
