"""Movement: how each organisation, and each region or type, changed since the year before, tested.

For every organisation and indicator the change from the year before to the benchmark's year is tested with
the tests of :mod:`wreslib.stats.change`, through :mod:`wreslib.measures.trend` (the module the reports use
for their trends): the ratio of the two years' relative likelihoods (indicator 1 for each staff group, 2-4)
and the change of the survey gap (5-8). An organisation's year-on-year tests form one family, adjusted by
Holm's method, and the words follow the adjusted test: ``improved`` or ``worsened`` only when it supports
them, ``within_chance`` otherwise, ``not_enough_data`` when a year has no value. Board membership (9) is
described, not tested: a board in two years is largely the same people.

Each organisation's own report states a trend over its report's years (three by default), in a family of
its own; :meth:`Movement.report_trends` gives exactly those (:func:`wreslib.measures.compute.trends`), so a
page can quote what the reports say. Each region's and type's movement is the change of its pooled figures
(:attr:`wreslib.benchmark.rollup.Rollups.changes`), like for like.

References
----------
Altman DG, Bland JM. Interaction revisited: the difference between two estimates. *BMJ* 2003;326:219.
Holm S. *Scandinavian Journal of Statistics* 1979;6:65-70.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.measures import trend
from wreslib.measures.compute import trends
from wreslib.measures.results import OK
from wreslib.stats.multiplicity import holm_grouped

if TYPE_CHECKING:
    from wreslib.benchmark.scope import Population
    from wreslib.measures.compute import Computation

COLUMNS: tuple[str, ...] = (
    "org_code", "org_name", "region", "org_type", "indicator", "staff_group", "membership", "measure", "from_year",
    "year", "from_value", "to_value", "value", "unit", "ci_low", "ci_high", "p_value", "p_adjusted", "verdict",
    "method", "reason",
)
RATIO_UNIT = "ratio of relative likelihoods"


@dataclass(frozen=True)
class Movement:
    """Year-on-year change of every organisation (``organisations``, columns :data:`COLUMNS`) and of every
    pooled group (``groups``: the roll-up changes of the chosen grouping and of all organisations); the
    trends each organisation's own report states come from :meth:`report_trends`."""

    year: int
    organisations: pd.DataFrame
    groups: pd.DataFrame
    trend_years: int = 3
    computation: Computation | None = field(default=None, repr=False, compare=False)

    def report_trends(self) -> pd.DataFrame:
        """The tested trends every organisation's own report states (:func:`wreslib.measures.compute.trends`
        over ``trend_years``), computed when asked for; empty when only one year is held."""
        comp = self.computation
        if comp is None or comp.org_years["year"].nunique() < 2:
            return pd.DataFrame()
        return trends(comp, self.year, self.trend_years)

    def counts(self, indicator: int, staff_group: str | None = None) -> dict[str, int]:
        """How many organisations carry each verdict for one indicator (and staff group)."""
        t = self.organisations
        mask = (t["indicator"] == indicator) & (t["staff_group"].isna() if staff_group is None
                                                else t["staff_group"] == staff_group)
        if indicator == 9:
            mask &= t["membership"] == "voting"
        return {str(k): int(v) for k, v in t.loc[mask, "verdict"].value_counts().items()}


def organisation_changes(comp: Computation, people: Population, year: int) -> pd.DataFrame:
    """Each organisation's change from ``year − 1`` to ``year`` on every indicator, tested and adjusted.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> from wreslib.benchmark.scope import population
    >>> from wreslib.measures.compute import compute
    >>> data = read_data(Path(__file__).parents[2] / "data" / "synthetic")
    >>> people = population(data, 2024)
    >>> moved = organisation_changes(compute(data, people.codes, [2023, 2024]), people, 2024)
    >>> len(moved), moved[moved["indicator"] == 2]["verdict"].value_counts().to_dict()
    (462, {'within_chance': 35, 'reversed': 4, 'improved': 2, 'worsened': 1})
    """
    previous = year - 1
    parts = [
        trend.ratio_trends(comp.groups, year, previous, ["org_code", "staff_group"]).assign(
            indicator=1, measure="relative_likelihood", unit=RATIO_UNIT, method=trend.RATIO_METHOD),
        trend.ratio_trends(comp.likelihoods, year, previous, ["org_code", "number"]).rename(
            columns={"number": "indicator"}).assign(staff_group=None, measure="relative_likelihood",
                                                    unit=RATIO_UNIT, method=trend.RATIO_METHOD),
        trend.survey_trends(comp.surveys, year, previous).rename(columns={"number": "indicator"}).assign(
            staff_group=None, measure="gap_pp", unit="percentage points", method=trend.GAP_METHOD),
    ]
    parts = [p for p in parts if not p.empty]
    tested = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[
        "org_code", "indicator", "staff_group", "from_year", "to_year", "from_value", "to_value", "change", "ci_low",
        "ci_high", "p_value", "crossed", "moved_away", "measure", "unit", "method"])
    # Every organisation gets a row for every indicator, even when one year has no value.
    orgs = people.organisations[["org_code", "org_name", "region", "org_type"]]
    groups = comp.groups[comp.groups["year"].isin([previous, year])]["staff_group"].drop_duplicates().tolist()
    keys = pd.DataFrame([(1, g) for g in groups] + [(n, None) for n in (2, 3, 4, 5, 6, 7, 8)],
                        columns=["indicator", "staff_group"])
    grid = orgs.merge(keys, how="cross")
    tested = tested.assign(_g=tested["staff_group"].fillna(""))
    out = grid.assign(_g=grid["staff_group"].fillna("")).merge(
        tested.drop(columns=["staff_group"]), on=["org_code", "indicator", "_g"], how="left").drop(columns="_g")
    out["measure"] = np.where(out["indicator"] <= 4, "relative_likelihood", "gap_pp")
    out["unit"] = np.where(out["indicator"] <= 4, RATIO_UNIT, "percentage points")
    out["method"] = np.where(out["indicator"] <= 4, trend.RATIO_METHOD, trend.GAP_METHOD)
    out["crossed"] = out["crossed"].fillna(False).astype(bool)
    out["moved_away"] = out["moved_away"].fillna(False).astype(bool)
    # One family per organisation, as trend.adjust makes it (one key column needs no joining of strings).
    out["p_adjusted"] = holm_grouped(out["p_value"].to_numpy(dtype=float), out["org_code"].to_numpy())
    out["verdict"] = trend.verdicts(out)
    out["reason"] = np.where(out["from_year"].isna(), f"no value in {previous} or in {year} to compare", None)
    out = out.assign(membership=None, year=year, value=out["change"])
    boards = _board_changes(comp, orgs, year)
    out = pd.concat([out, boards], ignore_index=True)
    out["staff_group"] = out["staff_group"].astype(object).where(out["staff_group"].notna(), None)
    return out[list(COLUMNS)].sort_values(["org_code", "indicator"], kind="stable").reset_index(drop=True)


def _board_changes(comp: Computation, orgs: pd.DataFrame, year: int) -> pd.DataFrame:
    b = comp.boards[(comp.boards["year"].isin([year - 1, year])) & (comp.boards["status"] == OK)]
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = 100.0 * (b["bme"] / b["board_total"] - b["wf_bme"] / b["wf_total"])
    b = b.assign(difference_pp=diff)
    before = b[b["year"] == year - 1][["org_code", "membership", "difference_pp"]]
    after = b[b["year"] == year][["org_code", "membership", "difference_pp"]]
    grid = orgs.merge(pd.DataFrame({"membership": ["voting", "executive"]}), how="cross")
    both = grid.merge(before, on=["org_code", "membership"], how="left").merge(
        after, on=["org_code", "membership"], how="left", suffixes=("_from", ""))
    have = both["difference_pp_from"].notna() & both["difference_pp"].notna()
    return both.assign(
        indicator=9, staff_group=None, measure="difference_pp", from_year=np.where(have, year - 1, np.nan),
        year=year, from_value=both["difference_pp_from"], to_value=both["difference_pp"],
        value=both["difference_pp"] - both["difference_pp_from"], unit="percentage points", ci_low=np.nan,
        ci_high=np.nan, p_value=np.nan, p_adjusted=np.nan, verdict=trend.NOT_TESTED, method=None,
        reason=trend.BOARD_NOT_TESTED,
    )


def movement(comp: Computation, people: Population, year: int, group_changes: pd.DataFrame, *,
             group_by: str = "region", trend_years: int = 3) -> Movement:
    """Every organisation's and every group's movement into ``year``, and the trends the reports state.

    ``group_changes`` is :attr:`wreslib.benchmark.rollup.Rollups.changes`; the groups kept are those of
    ``group_by`` and the whole set.
    """
    orgs = organisation_changes(comp, people, year)
    groups = group_changes[(group_changes["year"] == year) & group_changes["scope"].isin(["all", group_by])]
    return Movement(int(year), orgs, groups.reset_index(drop=True), trend_years, comp)


__all__ = ["COLUMNS", "RATIO_UNIT", "Movement", "movement", "organisation_changes"]
