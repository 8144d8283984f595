"""The tidy table (wreslib.measures.tidy): its layout, and figure-for-figure agreement with the JSON of
``wres indicators`` for every organisation and year of the synthetic demo."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from wreslib.data.read import read_data
from wreslib.export import table_records, to_json
from wreslib.measures.compute import compute_indicators
from wreslib.measures.tidy import COLUMNS, indicator_table

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def demo():
    data = read_data(ROOT / "data" / "synthetic")
    return data, indicator_table(data)


def test_columns_are_the_documented_uniform_ones(demo):
    _, table = demo
    assert tuple(table.columns) == COLUMNS


def test_one_headline_row_per_organisation_year_and_indicator(demo):
    _, table = demo
    heads = table[table["headline"]]
    counted = heads.groupby(["org_code", "year", "indicator"]).size()
    assert (counted == 1).all()
    assert set(heads["indicator"]) == set(range(1, 10))
    assert len(counted) == 9 * len(table.groupby(["org_code", "year"]))


def test_every_organisation_and_year_of_the_workforce_is_present(demo):
    data, table = demo
    expected = {(code, y) for code in data.org_codes if code not in data.failed_orgs for y in data.years(code)}
    assert set(map(tuple, table[["org_code", "year"]].drop_duplicates().to_numpy())) == expected


def test_indicator_9_has_voting_and_executive_rows(demo):
    _, table = demo
    nine = table[table["indicator"] == 9]
    assert set(nine["membership"]) == {"voting", "executive"}


def _json_value(doc: dict, row: dict):
    ind = doc["indicators"][str(row["indicator"])]
    measure = row["measure"]
    if row["indicator"] == 1:
        if measure == "bme_pct":
            match = next(c for c in ind["by_published_range"]
                         if c["staff_group"] == row["staff_group"] and c["label"] == row["band"])
            return {"value": match["bme_pct"], "rating": None, "p_adjusted": None}
        if row["staff_group"] is None:
            return {"value": ind["relative_likelihood"], "rating": ind["rating"], "p_adjusted": ind["p_adjusted"]}
        match = next(g for g in ind["staff_groups"] if g["staff_group"] == row["staff_group"])
        return {"value": match["relative_likelihood"], "rating": match["rating"], "p_adjusted": match["p_adjusted"],
                "ci_low": match["ci_low"], "ci_high": match["ci_high"], "p_value": match["p_value"]}
    if row["indicator"] in (2, 3, 4):
        return {k: ind[k] for k in ("ci_low", "ci_high", "p_value", "p_adjusted", "rating")} | {
            "value": ind["relative_likelihood"]}
    if row["indicator"] == 9:
        m = ind[row["membership"]]
        return {"value": m["difference_pp"], "p_value": m["p_value"], "p_adjusted": m["p_adjusted"],
                "rating": ind["rating"] if row["membership"] == "voting" else None}
    if measure == "gap_pp":
        return {"value": ind["gap_pp"], "ci_low": ind["ci_low_pp"], "ci_high": ind["ci_high_pp"],
                "p_value": ind["p_value"], "p_adjusted": ind["p_adjusted"], "rating": ind["rating"]}
    change = ind["bme_change" if measure == "bme_change_pp" else "white_change"]
    if change is None:
        return {"value": None}
    return {"value": change["change_pp"], "ci_low": change["ci_low_pp"], "ci_high": change["ci_high_pp"],
            "p_value": change["p_value"], "p_adjusted": change["p_adjusted"]}


def test_agrees_with_the_json_of_every_organisation_and_year(demo):
    data, table = demo
    records = table_records(table)
    by_org_year: dict[tuple[str, int], list[dict]] = {}
    for record in records:
        by_org_year.setdefault((record["org_code"], record["year"]), []).append(record)
    checked = 0
    # Every organisation in the latest year, and every year of a few organisations.
    wanted = {k for k in by_org_year if k[1] == 2024 or k[0] in ("ZS001", "ZS005", "ZS009")}
    for (code, year), rows in sorted(by_org_year.items()):
        if (code, year) not in wanted:
            continue
        doc = json.loads(to_json(compute_indicators(data, code, year, trend_years=1)))
        for row in rows:
            expected = _json_value(doc, row)
            for key, value in expected.items():
                assert row[key] == value, (code, year, row["indicator"], row["measure"], key)
                checked += 1
    assert checked > 2000


def test_unbounded_ratio_is_infinite_in_the_table_and_null_in_json(make_data):
    orgs = "org_code,org_name,org_type,region\nAAA,A,ICB,London\n"
    wf = ("org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 5,White,288\n"
          "AAA,2024,clinical,Band 5,BME,96\n")
    folder = make_data(organisations=orgs, workforce=wf,
                       disciplinary="org_code,year,ethnicity,entered\nAAA,2024,White,0\nAAA,2024,BME,4\n")
    table = indicator_table(folder)
    value = table[(table["indicator"] == 3)]["value"].iloc[0]
    assert np.isinf(value)
    assert table_records(table[(table["indicator"] == 3)])[0]["value"] is None


def test_filters_by_organisation_and_year(demo):
    data, _ = demo
    table = indicator_table(data, orgs=["ZS001", "ZS002"], years=[2023])
    assert set(table["org_code"]) == {"ZS001", "ZS002"} and set(table["year"]) == {2023}
