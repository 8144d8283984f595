"""Indicator 1: the workforce by band and ethnic group, and each staff group's senior-band likelihood.

The standard asks for the share of each band that is White, BME and unknown, against the whole
workforce, separately for non-clinical and clinical staff and for medical and dental staff. Bands are
reported as recorded (single AfC bands, published ranges such as ``Band 1-7``, medical grades, ``Not
recorded``), and single AfC bands are rolled up into the published ranges ``Band 1-7`` (with Under Band 1)
and ``Band 8a-VSM``, per staff group and for all staff.

For each staff group the report also asks how the groups reach senior posts: the relative likelihood of
White staff compared to BME staff being in the senior range (``Band 8a-VSM`` rather than ``Band 1-7``;
for medical and dental staff, ``Consultant`` rather than the other medical grades), with the score test of
:mod:`wreslib.stats.ratio`. Above 1 is adverse to BME staff. Each staff group is rated on its own; the
indicator's rating is the most severe of them, so that pooling staff groups cannot hide opposite
patterns (in the example's 2023 data, 2.43 for non-clinical staff and 0.70 for clinical staff).

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance*, indicator 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wreslib.data import bands
from wreslib.measures import counts, families
from wreslib.measures.ratios import add_ratio_stats, likelihood_of, not_calculable_reason, status_columns
from wreslib.measures.results import NO_DATA, NOT_CALCULABLE, OK, GroupCounts, Rating, StaffGroupBands, WorkforceResult

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

#: The published ranges in scale order: the first is the lower range, the last the senior one.
LOWER_RANGE, *_, SENIOR_RANGE = bands.PUBLISHED_RANGES
#: Medical and dental staff: consultants against the other grades.
CONSULTANT, *OTHER_GRADES = bands.MEDICAL_GRADES
ALL_STAFF = "all"
MEDICAL_LOWER = "other medical grades"


def frames(data: Dataset, orgs: Sequence[str], years: Sequence[int],
           workforce: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Indicator 1 for every organisation and year, as three frames.

    Returns
    -------
    bands_frame
        Headcount by group per ``org_code, year, staff_group, band`` as recorded.
    ranges_frame
        Headcount by group per ``org_code, year, staff_group, label`` for the published ranges and the
        medical grades rolled up, per staff group and for ``all`` staff groups.
    groups_frame
        Per ``org_code, year, staff_group`` the senior-band likelihood (``a`` = White, ``b`` = BME) with
        ``senior``, ``lower``, ``status``, ``reason`` and the score statistics.
    """
    by_band = counts.band_counts(data, orgs, years)
    if by_band.empty:
        empty = pd.DataFrame(columns=[*counts.KEY, "staff_group", "label", "white", "bme", "unknown"])
        return by_band, empty, _likelihoods(pd.DataFrame(columns=[*counts.KEY, "staff_group", "senior", "lower",
                                                                  "a_cases", "a_total", "b_cases", "b_total"]))
    ranges = _ranges(by_band)
    comparisons = _comparisons(ranges)
    return by_band, ranges, _likelihoods(comparisons)


def _ranges(by_band: pd.DataFrame) -> pd.DataFrame:
    mapping = {b: bands.published_range(b) for b in by_band["band"].unique()}
    mapped = by_band.assign(label=by_band["band"].map(mapping))
    grades = by_band[by_band["band"].isin(bands.MEDICAL_GRADES)].assign(
        label=lambda f: np.where(f["band"] == CONSULTANT, CONSULTANT, MEDICAL_LOWER))
    afc = mapped[mapped["label"].notna()]
    parts = []
    for source in (afc, grades):
        if source.empty:
            continue
        per_group = source.groupby([*counts.KEY, "staff_group", "label"], sort=False)[["white", "bme", "unknown"]].sum()
        all_groups = source.groupby([*counts.KEY, "label"], sort=False)[["white", "bme", "unknown"]].sum()
        all_groups = all_groups.reset_index().assign(staff_group=ALL_STAFF)
        parts += [per_group.reset_index(), all_groups]
    if not parts:
        return pd.DataFrame(columns=[*counts.KEY, "staff_group", "label", "white", "bme", "unknown"])
    out = pd.concat(parts, ignore_index=True)[[*counts.KEY, "staff_group", "label", "white", "bme", "unknown"]]
    order = {g: i for i, g in enumerate((*bands.STAFF_GROUPS, ALL_STAFF))}
    label_order = {LOWER_RANGE: 0, SENIOR_RANGE: 1, MEDICAL_LOWER: 2, CONSULTANT: 3}
    out = out.assign(_g=out["staff_group"].map(order), _l=out["label"].map(label_order))
    return out.sort_values([*counts.KEY, "_g", "_l"], kind="stable").drop(columns=["_g", "_l"]).reset_index(drop=True)


def _comparisons(ranges: pd.DataFrame) -> pd.DataFrame:
    """Per staff group: White and BME counts in the senior range and in the two compared categories."""
    rows = []
    for senior, lower in ((SENIOR_RANGE, LOWER_RANGE), (CONSULTANT, MEDICAL_LOWER)):
        part = ranges[ranges["label"].isin([senior, lower]) & (ranges["staff_group"] != ALL_STAFF)]
        if part.empty:
            continue
        both = part.groupby([*counts.KEY, "staff_group"], sort=False)[["white", "bme"]].sum()
        top = part[part["label"] == senior].set_index([*counts.KEY, "staff_group"])[["white", "bme"]]
        top = top.reindex(both.index, fill_value=0)
        frame = pd.DataFrame({
            "a_cases": top["white"], "a_total": both["white"], "b_cases": top["bme"], "b_total": both["bme"],
        }).reset_index()
        frame["senior"], frame["lower"] = senior, lower
        rows.append(frame)
    if not rows:
        return pd.DataFrame(columns=[*counts.KEY, "staff_group", "senior", "lower", "a_cases", "a_total",
                                     "b_cases", "b_total"])
    return pd.concat(rows, ignore_index=True)


def _likelihoods(comparisons: pd.DataFrame) -> pd.DataFrame:
    out = comparisons.copy()
    out["a_label"], out["b_label"] = families.WHITE, families.BME
    out["status"] = OK
    out["reason"] = None
    for column in ("a_cases", "a_total", "b_cases", "b_total"):
        out[column] = out[column].astype("int64")
    phrases = families.indicator(1).phrases
    assert phrases is not None
    suspect = ((out["a_total"] == 0) | (out["b_total"] == 0) | ((out["a_cases"] == 0) & (out["b_cases"] == 0)))
    reasons: list[str | None] = [None] * len(out)
    for i in np.flatnonzero(suspect.to_numpy()):
        row = out.iloc[i]
        reasons[i] = not_calculable_reason(
            families.WHITE, int(row["a_cases"]), int(row["a_total"]), families.BME, int(row["b_cases"]),
            int(row["b_total"]), phrases.noun, f"were in {row['senior']}", f"were in {row['senior']} or "
            f"{row['lower']}")
    out = status_columns(out, reasons)
    return add_ratio_stats(out, calculable=out["status"] == OK)


def _counts(row: Mapping[str, Any], label: str, staff_group: str | None) -> GroupCounts:
    return GroupCounts(label, int(row["white"]), int(row["bme"]), int(row["unknown"]), staff_group)


def result(data: Dataset, org_code: str, year: int, totals: Mapping[str, Any], by_band: list[dict[str, Any]],
           ranges: list[dict[str, Any]], groups: list[dict[str, Any]], group_ratings: dict[str, Rating],
           rating: Rating, headline_group: str | None, p_adjusted: dict[str, float]) -> WorkforceResult:
    """The typed indicator 1 of one organisation and year from its records of :func:`frames`."""
    if not bool(totals["present"]):
        return WorkforceResult(NO_DATA, counts.no_rows_reason(data, "workforce", org_code, str(year)), rating)
    overall = GroupCounts("All staff", int(totals["white"]), int(totals["bme"]), int(totals["unknown"]))
    if overall.total == 0:
        return WorkforceResult(NOT_CALCULABLE, f"the workforce headcount of {org_code} in {year} is 0", rating,
                               overall=overall)
    per_group: dict[str, list[int]] = {}
    for r in by_band:
        sums = per_group.setdefault(str(r["staff_group"]), [0, 0, 0])
        for i, column in enumerate(("white", "bme", "unknown")):
            sums[i] += int(r[column])
    by_staff_group = tuple(GroupCounts(g, *sums, staff_group=g) for g, sums in per_group.items())
    band_rows = tuple(_counts(r, r["band"], r["staff_group"]) for r in by_band)
    range_rows = tuple(_counts(r, r["label"], r["staff_group"]) for r in ranges)
    rated = tuple(
        StaffGroupBands(str(r["staff_group"]), str(r["senior"]), str(r["lower"]),
                        likelihood_of(r, p_adjusted=p_adjusted.get(str(r["staff_group"]))),
                        group_ratings[str(r["staff_group"])])
        for r in groups
    )
    return WorkforceResult(OK, None, rating, overall=overall, by_staff_group=by_staff_group, by_band=band_rows,
                           by_published_range=range_rows, groups=rated, headline_group=headline_group)
