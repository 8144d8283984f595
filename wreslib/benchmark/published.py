"""Published reference figures (the optional ``benchmarks`` table) matched to the pooled figures, for display.

The data contract's ``benchmarks`` table holds figures published elsewhere, such as NHS England's
national relative likelihoods: ``benchmark, year, indicator, measure, value, source``. Each row is set
beside the pooled figure of the same year, indicator and measure over every organisation compared, so a
page can show "published: 1.59; the 42 ICBs in this data: 1.34 (1.26 to 1.44)". The two are rarely the
same population (a national figure covers every trust; the data may hold ICBs only), so the page must name
both; the difference is descriptive, never tested (a published figure comes without its counts).

=====  =====================================================  ============================================
#      ``measure`` in benchmarks                              pooled figure it is set beside
=====  =====================================================  ============================================
1      ``bme_pct``                                            the BME share of the whole workforce
2-4    ``relative_likelihood``                                the pooled relative likelihood
5-8    ``white_pct``, ``bme_pct``, ``gap_pp``                 the pooled percentages and gap
9      ``board_bme_pct``, ``workforce_bme_pct``,              the voting board's pooled figures
       ``difference_pp``
=====  =====================================================  ============================================

Any other row is kept, unmatched, with the reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.benchmark.rollup import ALL_BANDS
from wreslib.benchmark.scope import ALL, ALL_GROUP

if TYPE_CHECKING:
    from wreslib.benchmark.rollup import Rollups
    from wreslib.data.dataset import Dataset

COLUMNS: tuple[str, ...] = (
    "benchmark", "year", "indicator", "measure", "published", "source", "name", "pooled", "ci_low", "ci_high",
    "organisations", "difference", "matched", "reason",
)
#: Which pooled row each (indicator, measure) of the benchmarks table is set beside: (staff_group, band, membership).
MATCHES: dict[tuple[int, str], tuple[str | None, str | None, str | None]] = {
    (1, "bme_pct"): ("all", ALL_BANDS, None),
    **{(n, "relative_likelihood"): (None, None, None) for n in (2, 3, 4)},
    **{(n, m): (None, None, None) for n in (5, 6, 7, 8) for m in ("white_pct", "bme_pct", "gap_pp")},
    **{(9, m): (None, None, "voting") for m in ("board_bme_pct", "workforce_bme_pct", "difference_pp")},
}


def published(data: Dataset, rolled: Rollups) -> pd.DataFrame:
    """Every row of the data's ``benchmarks`` table beside the pooled figure it matches (columns :data:`COLUMNS`).

    Empty (with the columns) when the data has no ``benchmarks`` table.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> from wreslib.benchmark.scope import population
    >>> from wreslib.benchmark.rollup import rollups
    >>> from wreslib.measures.compute import compute
    >>> data = read_data(Path(__file__).parents[2] / "data" / "synthetic")
    >>> people = population(data, 2024)
    >>> rows = published(data, rollups(compute(data, people.codes, [2024]), people, [2024]))
    >>> mine = rows[(rows["year"] == 2024) & (rows["indicator"] == 2)].iloc[0]
    >>> float(mine["published"]), round(float(mine["pooled"]), 2), mine["name"]
    (1.34, 1.34, 'the 42 ICBs in this data')
    """
    table = data.tables.get("benchmarks")
    if table is None or table.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    rows = table[["benchmark", "year", "indicator", "measure", "value", "source"]].rename(
        columns={"value": "published"}).reset_index(drop=True)
    keys = pd.DataFrame([(n, m, g, b, s) for (n, m), (g, b, s) in MATCHES.items()],
                        columns=["indicator", "measure", "_staff_group", "_band", "_membership"])
    rows = rows.merge(keys, on=["indicator", "measure"], how="left")
    pooled = rolled.table[(rolled.table["scope"] == ALL) & (rolled.table["group"] == ALL_GROUP)]
    pooled = pooled.assign(_staff_group=pooled["staff_group"].fillna(""), _band=pooled["band"].fillna(""),
                           _membership=pooled["membership"].fillna(""))[
        ["year", "indicator", "measure", "_staff_group", "_band", "_membership", "name", "value", "ci_low", "ci_high",
         "organisations"]].rename(columns={"value": "pooled"})
    known = pd.MultiIndex.from_frame(rows[["indicator", "measure"]]).isin(list(MATCHES))
    for column in ("_staff_group", "_band", "_membership"):
        rows[column] = rows[column].fillna("")
    out = rows.merge(pooled, on=["year", "indicator", "measure", "_staff_group", "_band", "_membership"], how="left")
    out["matched"] = out["pooled"].notna().to_numpy()
    years = sorted(set(pooled["year"]))
    out["reason"] = np.where(
        out["matched"], None,
        np.where(~known, "no pooled figure of this indicator and measure is computed",
                 np.where(~out["year"].isin(years), "the year is not among the benchmark's years",
                          "no pooled figure for this year")))
    out["difference"] = out["pooled"] - out["published"]
    return out[list(COLUMNS)].sort_values(["year", "indicator", "measure", "benchmark"], kind="stable").reset_index(
        drop=True)


__all__ = ["COLUMNS", "MATCHES", "published"]
