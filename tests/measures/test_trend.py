"""Trends as tested claims (wreslib.measures.trend and compute.trends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wreslib.data.read import read_data
from wreslib.measures.compute import compute_indicators

ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\n"


def wf(*years: int) -> str:
    rows = [f"AAA,{y},clinical,Band 5,{g},{n}" for y in years for g, n in (("White", 100), ("BME", 100))]
    return "org_code,year,staff_group,band,ethnicity,headcount\n" + "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def example():
    return compute_indicators(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG", 2024)


def test_indicator_2_rose_within_what_chance_would_give(example):
    t = example.trend(2)
    # 2.31 (2022) to 3.44 (2024): p = 0.37 (Wald test of the log ratio), as the issue computed.
    assert (t.from_year, t.to_year) == (2022, 2024)
    assert t.p_value == pytest.approx(0.3653, abs=1e-4)
    assert t.verdict == "within_chance"


def test_indicator_4_change_is_significant_alone_but_not_after_adjustment(example):
    t = example.trend(4)
    assert t.p_value == pytest.approx(0.0105, abs=1e-4)
    assert t.p_adjusted > 0.05 and t.verdict == "within_chance"
    assert len(example.trend_tests) >= 6


def test_board_trend_is_not_tested(example):
    assert example.trend(9).verdict == "not_tested"


def test_reversal_across_the_range_is_named(make_data):
    # 2022: White 10 of 100, BME 40 of 100 (0.25); 2024: White 40 of 100, BME 10 of 100 (4.00).
    training = ("org_code,year,ethnicity,accessed\nAAA,2022,White,10\nAAA,2022,BME,40\n"
                "AAA,2024,White,40\nAAA,2024,BME,10\n")
    folder = make_data(organisations=ORGS, workforce=wf(2022, 2024), training=training)
    t = compute_indicators(folder, "AAA", 2024).trend(4)
    assert t.verdict == "reversed" and t.change == pytest.approx(16.0)


def test_moving_away_from_parity_significantly_is_worsened(make_data):
    training = ("org_code,year,ethnicity,accessed\nAAA,2022,White,50\nAAA,2022,BME,45\n"
                "AAA,2024,White,60\nAAA,2024,BME,10\n")
    folder = make_data(organisations=ORGS, workforce=wf(2022, 2024), training=training)
    assert compute_indicators(folder, "AAA", 2024).trend(4).verdict == "worsened"


def test_moving_towards_parity_significantly_is_improved(make_data):
    training = ("org_code,year,ethnicity,accessed\nAAA,2022,White,60\nAAA,2022,BME,10\n"
                "AAA,2024,White,50\nAAA,2024,BME,45\n")
    folder = make_data(organisations=ORGS, workforce=wf(2022, 2024), training=training)
    assert compute_indicators(folder, "AAA", 2024).trend(4).verdict == "improved"


def test_survey_worsening_means_the_gap_moved_against_bme_respondents(make_data):
    # BME rises 20 -> 30% but White rises 10 -> 35%: the BME level worsened, the gap moved in their favour.
    rows = ("AAA,2021,5,White,300,10\nAAA,2021,5,BME,300,20\nAAA,2023,5,White,300,35\nAAA,2023,5,BME,300,30\n")
    survey = "org_code,survey_year,indicator,ethnicity,respondents,percent\n" + rows
    folder = make_data(organisations=ORGS, workforce=wf(2022, 2024), survey=survey)
    t = compute_indicators(folder, "AAA", 2024).trend(5)
    assert t.change == pytest.approx(-15.0)
    assert t.verdict == "improved"


def test_one_year_is_not_enough_data(make_data):
    folder = make_data(organisations=ORGS, workforce=wf(2024))
    result = compute_indicators(folder, "AAA", 2024)
    assert result.trends == ()
