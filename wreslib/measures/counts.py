"""Counts by ethnic group for every organisation and year at once: the inputs of every indicator.

Each function turns one validated table of a :class:`~wreslib.data.dataset.Dataset` into a frame with one
row per organisation and year (and staff group, band, survey indicator or board membership where the
indicator needs it) and one column per ethnic group. Rows whose codes fall in one group (``A`` and
``CA``) add up here, as the data contract says. Nothing is computed per organisation in Python: every
step is a pandas group-by, so a whole country costs about as much as one organisation more.

A frame says which rows exist (``present``), because "no rows" (``no_data``) and "rows that add to 0"
(a real zero) are different results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.data import bands
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

#: Column names of the three groups in every count frame.
GROUP_COLUMNS: dict[str, str] = {WHITE: "white", BME: "bme", UNKNOWN: "unknown"}
KEY = ["org_code", "year"]


def _rows(data: Dataset, table: str, orgs: Sequence[str], years: Sequence[int] | None,
          year_column: str = "year") -> pd.DataFrame:
    frame = data.tables.get(table)
    if frame is None:
        return pd.DataFrame()
    frame = frame[frame["org_code"].isin(orgs)] if "org_code" in frame.columns else frame
    if years is not None:
        frame = frame[frame[year_column].isin(list(years))]
    return frame


def by_group(frame: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """Sum ``value`` by ``keys`` and ethnic group: columns ``white``, ``bme``, ``unknown`` (0 where absent).

    Examples
    --------
    >>> rows = pd.DataFrame({"k": ["a", "a", "a", "b"], "group": ["White", "White", "BME", "Unknown"],
    ...                      "n": [1, 2, 3, 4]})
    >>> by_group(rows, ["k"], "n").to_dict("records")
    [{'k': 'a', 'white': 3, 'bme': 3, 'unknown': 0}, {'k': 'b', 'white': 0, 'bme': 0, 'unknown': 4}]
    """
    columns = [*keys, *GROUP_COLUMNS.values()]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in GROUP_COLUMNS.values() else "object")
                             for c in columns})
    values = frame[value].astype("float64").fillna(0.0)
    summed = values.groupby([frame[k] for k in keys] + [frame["group"]], sort=False).sum()
    wide = summed.unstack("group", fill_value=0.0)
    for group in GROUP_COLUMNS:
        if group not in wide.columns:
            wide[group] = 0.0
    wide = wide[list(GROUP_COLUMNS)].rename(columns=GROUP_COLUMNS).astype("int64").reset_index()
    return wide[columns]


def org_years(orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Every (organisation, year) asked for, in order: the frame every indicator's rows are joined to."""
    index = pd.MultiIndex.from_product([list(orgs), [int(y) for y in years]], names=KEY)
    return index.to_frame(index=False)


def workforce_totals(data: Dataset, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Whole-workforce headcount by group per organisation and year (denominators of 3, 4 and 9).

    Columns ``org_code, year, white, bme, unknown, present``; one row per organisation and year asked.
    """
    totals = by_group(_rows(data, "workforce", orgs, years), KEY, "headcount")
    out = org_years(orgs, years).merge(totals, on=KEY, how="left")
    out["present"] = out["white"].notna()
    for column in GROUP_COLUMNS.values():
        out[column] = out[column].fillna(0).astype("int64")
    return out


def event_counts(data: Dataset, table: str, columns: Sequence[str], orgs: Sequence[str],
                 years: Sequence[int]) -> pd.DataFrame:
    """Sums of count ``columns`` of an event table (recruitment, disciplinary, training) by group.

    Columns ``org_code, year, present`` and, per count column ``c``, ``c_white``, ``c_bme``,
    ``c_unknown``; plus ``unknown_given`` (the table has rows of unknown ethnicity for that year).
    """
    rows = _rows(data, table, orgs, years)
    out = org_years(orgs, years)
    if rows.empty:
        out["present"] = False
        out["unknown_given"] = False
        for column in columns:
            for group in GROUP_COLUMNS.values():
                out[f"{column}_{group}"] = 0
        return out
    present = rows.groupby(KEY, sort=False).size().rename("rows").reset_index()
    unknown = rows[rows["group"] == UNKNOWN].groupby(KEY, sort=False).size().rename("unknown_rows").reset_index()
    out = out.merge(present, on=KEY, how="left").merge(unknown, on=KEY, how="left")
    out["present"] = out["rows"].notna()
    out["unknown_given"] = out["unknown_rows"].notna()
    out = out.drop(columns=["rows", "unknown_rows"])
    for column in columns:
        wide = by_group(rows, KEY, column).rename(columns={g: f"{column}_{g}" for g in GROUP_COLUMNS.values()})
        out = out.merge(wide, on=KEY, how="left")
    count_columns = [f"{c}_{g}" for c in columns for g in GROUP_COLUMNS.values()]
    out[count_columns] = out[count_columns].fillna(0).astype("int64")
    return out


def band_counts(data: Dataset, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Headcount by staff group and band as recorded: ``org_code, year, staff_group, band, white, bme,
    unknown``, ordered by staff group and position on the pay scale."""
    rows = _rows(data, "workforce", orgs, years)
    frame = by_group(rows, [*KEY, "staff_group", "band"], "headcount")
    if frame.empty:
        return frame
    group_order = {g: i for i, g in enumerate(bands.STAFF_GROUPS)}
    frame["_g"] = frame["staff_group"].map(group_order).fillna(99)
    frame["_b"] = [bands.sort_key(b) for b in frame["band"]]
    frame = frame.sort_values([*KEY, "_g", "_b"], kind="stable").drop(columns=["_g", "_b"])
    return frame.reset_index(drop=True)


def survey_counts(data: Dataset, orgs: Sequence[str], survey_years: Sequence[int]) -> pd.DataFrame:
    """Survey yes-counts and respondents by organisation, survey year, indicator and group.

    A row given as a yes-count contributes it exactly; a row given only as a percentage contributes the
    count nearest to it (``percent × respondents / 100``, halves up), as the survey publishes percentages.
    When a group is one row given only as a percentage, the published percentage is kept for display.
    Columns: ``org_code, survey_year, indicator`` and per group ``g_yes, g_n, g_pct``.
    """
    rows = _rows(data, "survey", orgs, survey_years, year_column="survey_year")
    keys = ["org_code", "survey_year", "indicator"]
    if rows.empty:
        return pd.DataFrame(columns=keys)
    n = rows["respondents"].astype("float64")
    percent = rows["percent"].astype("float64")
    given = rows["yes"].astype("float64") if "yes" in rows.columns else pd.Series(np.nan, index=rows.index)
    # Round half up on the number as written: the 1e-9 lifts a product such as 12.5% of 4 = 0.5 that
    # binary arithmetic leaves a hair under the half.
    from_percent = np.floor(percent * n / 100.0 + 0.5 + 1e-9)
    yes = given.where(given.notna(), from_percent)
    work = rows.assign(_yes=yes, _n=n, _pct=percent, _given=given.notna())
    grouped = work.groupby([*keys, "group"], sort=False)
    summed = grouped.agg(yes=("_yes", "sum"), n=("_n", "sum"), rows=("_yes", "size"), pct=("_pct", "first"),
                         given=("_given", "any")).reset_index()
    # A single percentage-only row keeps the percentage as published; otherwise the exact share of counts.
    single = (summed["rows"] == 1) & ~summed["given"]
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = 100.0 * summed["yes"] / summed["n"]
    summed["pct"] = np.where(single, summed["pct"], exact)
    out = None
    for group, name in GROUP_COLUMNS.items():
        part = summed[summed["group"] == group][[*keys, "yes", "n", "pct"]].rename(
            columns={"yes": f"{name}_yes", "n": f"{name}_n", "pct": f"{name}_pct"})
        out = part if out is None else out.merge(part, on=keys, how="outer")
    assert out is not None
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def benchmark_percents(data: Dataset) -> pd.DataFrame:
    """Comparator survey percentages: ``benchmark, survey_year, indicator, white_pct, bme_pct``."""
    rows = data.tables.get("survey_benchmarks")
    keys = ["benchmark", "survey_year", "indicator"]
    if rows is None or rows.empty:
        return pd.DataFrame(columns=[*keys, "white_pct", "bme_pct"])
    # One row per group is the contract; several rows in a group would make the benchmark ambiguous.
    counted = rows.groupby([*keys, "group"])["percent"].agg(["first", "size"]).reset_index()
    counted = counted[counted["size"] == 1]
    wide = counted.pivot_table(index=keys, columns="group", values="first", aggfunc="first")
    wide = wide.rename(columns={WHITE: "white_pct", BME: "bme_pct"}).reset_index()
    for column in ("white_pct", "bme_pct"):
        if column not in wide.columns:
            wide[column] = np.nan
    return wide[[*keys, "white_pct", "bme_pct"]]


def board_counts(data: Dataset, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Board members by group for voting and executive membership.

    Columns ``org_code, year, membership, white, bme, unknown, present, given``: ``present`` when the
    board table has rows for that year, ``given`` when the membership's column is filled in (executive
    membership is often left blank).
    """
    rows = _rows(data, "board", orgs, years)
    frames = []
    for membership in ("voting", "executive"):
        out = org_years(orgs, years)
        out["membership"] = membership
        if rows.empty:
            out["present"] = False
            out["given"] = False
            for column in GROUP_COLUMNS.values():
                out[column] = 0
            frames.append(out)
            continue
        present = rows.groupby(KEY, sort=False).size().rename("rows").reset_index()
        filled = rows.dropna(subset=[membership])
        given = filled.groupby(KEY, sort=False).size().rename("filled").reset_index()
        wide = by_group(filled, KEY, membership)
        out = out.merge(present, on=KEY, how="left").merge(given, on=KEY, how="left").merge(wide, on=KEY, how="left")
        out["present"] = out["rows"].notna()
        out["given"] = out["filled"].notna()
        out = out.drop(columns=["rows", "filled"])
        for column in GROUP_COLUMNS.values():
            out[column] = out[column].fillna(0).astype("int64")
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


def no_rows_reason(data: Dataset, table: str, org_code: str, when: str) -> str:
    """Why there is no data, naming the file as the analyst sees it."""
    if table not in data.tables:
        return f"there is no {data.label(table)} in the data"
    return f"{data.label(table)} has no rows for {org_code} in {when}"


def no_rows_reasons(data: Dataset, table: str, keys: pd.DataFrame, present: pd.Series,
                    when: pd.Series | None = None) -> pd.Series:
    """:func:`no_rows_reason` for every row where ``present`` is False (None elsewhere), without a loop."""
    if table not in data.tables:
        text = pd.Series(f"there is no {data.label(table)} in the data", index=keys.index, dtype="object")
    else:
        period = keys["year"].astype(str) if when is None else when
        text = f"{data.label(table)} has no rows for " + keys["org_code"].astype(str) + " in " + period
    return text.where(~present.to_numpy(dtype=bool), None)
