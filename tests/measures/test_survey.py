"""Indicators 5-8 (wreslib.measures.survey): gaps with their score interval, untested small groups,
year-on-year changes and the benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from wreslib.data.read import read_data
from wreslib.measures.compute import compute_indicators

ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\n"
WF = ("org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 5,White,300\n"
      "AAA,2024,clinical,Band 5,BME,100\n")


@pytest.fixture(scope="module")
def example():
    return compute_indicators(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG", 2024)


def test_indicator_7_gap_and_its_interval_come_from_one_score_statistic(example):
    s = example.survey(7)
    # Published 25.0% of 48 BME and 51.5% of 229 White: gap -26.5 points; yes-counts 12 and 118.
    assert s.gap.difference_pp == pytest.approx(-26.5)
    assert (s.bme.yes, s.white.yes) == (12, 118)
    assert s.gap.ci_low_pp < s.gap.difference_pp < s.gap.ci_high_pp < 0
    assert s.gap.significant and s.adverse  # lower is adverse for indicator 7


def test_survey_year_is_the_report_year_minus_one(example):
    assert all(s.survey_year == 2023 for s in example.surveys)


def test_benchmark_is_shown_beside(example):
    s = example.survey(5)
    assert s.benchmark == "National average for ICBs" and s.benchmark_bme_pct is not None


def survey(rows: str) -> str:
    return "org_code,survey_year,indicator,ethnicity,respondents,percent\n" + rows


def test_small_group_is_not_tested_and_rated_amber_when_adverse(make_data):
    folder = make_data(organisations=ORGS, workforce=WF,
                       survey=survey("AAA,2023,5,White,200,10\nAAA,2023,5,BME,8,25\n"))
    s = compute_indicators(folder, "AAA", 2024).survey(5)
    assert not s.gap.tested and s.gap.p_value is None and s.gap.ci_low_pp is None
    assert "only 8 BME respondents" in s.gap.reason
    assert s.rating.rule == "adverse_untested"


def test_yes_counts_are_used_exactly(make_data):
    text = "org_code,survey_year,indicator,ethnicity,respondents,yes\nAAA,2023,6,White,150,30\nAAA,2023,6,BME,40,4\n"
    folder = make_data(organisations=ORGS, workforce=WF, survey=text)
    s = compute_indicators(folder, "AAA", 2024).survey(6)
    assert (s.white.yes, s.bme.yes) == (30, 4)
    assert s.gap.difference_pp == pytest.approx(100 * 4 / 40 - 100 * 30 / 150)
    assert s.rating.rule == "not_adverse"


def test_change_since_the_previous_survey_is_tested_per_group(make_data):
    rows = ("AAA,2022,8,White,200,10\nAAA,2022,8,BME,100,10\nAAA,2023,8,White,200,10\nAAA,2023,8,BME,100,30\n")
    folder = make_data(organisations=ORGS, workforce=WF, survey=survey(rows))
    s = compute_indicators(folder, "AAA", 2024).survey(8)
    assert s.previous_survey_year == 2022
    assert s.bme_change.change.difference_pp == pytest.approx(20.0)
    assert s.bme_change.change.significant is True
    assert s.white_change.change.difference_pp == pytest.approx(0.0)


def test_missing_group_is_not_calculable(make_data):
    folder = make_data(organisations=ORGS, workforce=WF, survey=survey("AAA,2023,5,White,200,10\n"))
    s = compute_indicators(folder, "AAA", 2024).survey(5)
    assert s.status == "not_calculable" and s.rating.rag == "grey" and "BME group" in s.reason


def test_no_survey_rows_for_the_year_names_the_survey_year(make_data):
    folder = make_data(organisations=ORGS, workforce=WF, survey=survey("AAA,2021,5,White,200,10\n"))
    s = compute_indicators(folder, "AAA", 2024).survey(5)
    assert s.status == "no_data" and "survey year 2023" in s.reason
