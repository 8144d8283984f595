"""Indicators 2-4 (wreslib.measures.likelihood): the example's published figures, hand-made counts,
zeros in one group, and the statuses. Expected values: the published report, hand calculation, or
statsmodels' score interval (an independent implementation of the method)."""

from __future__ import annotations

import pytest

from wreslib.data.read import read_data
from wreslib.measures.compute import compute_indicators

ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\n"


def workforce(white: int, bme: int, unknown: int = 0, year: int = 2024) -> str:
    rows = [f"AAA,{year},clinical,Band 5,White,{white}", f"AAA,{year},clinical,Band 5,BME,{bme}"]
    if unknown:
        rows.append(f"AAA,{year},clinical,Band 5,Unknown,{unknown}")
    return "org_code,year,staff_group,band,ethnicity,headcount\n" + "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def example():
    from pathlib import Path

    data = read_data(Path(__file__).parents[2] / "data" / "example")
    return {y: compute_indicators(data, "QHG", y) for y in (2022, 2023, 2024)}


@pytest.mark.parametrize(("year", "published"), [(2022, 2.31), (2023, 2.19), (2024, 3.44)])
def test_indicator_2_matches_the_published_report(example, year, published):
    assert example[year].likelihood(2).likelihood.value == pytest.approx(published, abs=0.005)


def test_indicator_2_2024_interval_and_test_are_the_score_method(example):
    m = example[2024].likelihood(2).likelihood
    # statsmodels confint_proportions_2indep(30, 92, 9, 95, compare="ratio", method="score")
    assert (m.ci_low, m.ci_high) == (pytest.approx(1.772943, abs=1e-5), pytest.approx(6.836594, abs=1e-5))
    assert m.p_value == pytest.approx(0.00010336, rel=1e-4)
    assert m.significant is True and m.position == "above"
    assert m.method.startswith("score")


def test_indicator_3_no_one_entered_is_zero_over_zero(example):
    r = example[2024].likelihood(3)
    assert r.status == "not_calculable" and "0 ÷ 0" in r.reason
    assert r.rating.rag == "grey" and r.likelihood.p_value is None


def test_indicator_4_2024_published_3_77_is_34_of_288_against_3_of_96(example):
    m = example[2024].likelihood(4).likelihood
    assert m.value == pytest.approx((34 / 288) / (3 / 96))
    assert (m.a_cases, m.a_total, m.b_cases, m.b_total) == (34, 288, 3, 96)


def test_unknown_ethnicity_is_counted_beside_the_ratio(example):
    r = example[2024].likelihood(2)
    assert (r.unknown_cases, r.unknown_total) == (21, 96)


def test_most_adverse_zero_is_rated_not_dropped(make_data):
    # The case: BME 4 of 96 entered the process, White 0 of 288.
    folder = make_data(organisations=ORGS, workforce=workforce(288, 96),
                       disciplinary="org_code,year,ethnicity,entered\nAAA,2024,White,0\nAAA,2024,BME,4\n")
    r = compute_indicators(folder, "AAA", 2024).likelihood(3)
    m = r.likelihood
    assert r.status == "ok" and m.unbounded and m.value is None and m.ci_high is None
    # statsmodels: lower bound 3.137131, p = 0.000506 (score test)
    assert m.ci_low == pytest.approx(3.137131, abs=1e-5)
    assert m.p_value == pytest.approx(0.0005056, rel=1e-3)
    assert m.position == "above"
    assert r.rating.rag == "red"  # the only test of its year's family, so adjusted p = p


def test_mirror_zero_is_rated_the_same_way(make_data):
    folder = make_data(organisations=ORGS, workforce=workforce(288, 96),
                       disciplinary="org_code,year,ethnicity,entered\nAAA,2024,White,12\nAAA,2024,BME,0\n")
    r = compute_indicators(folder, "AAA", 2024).likelihood(3)
    m = r.likelihood
    assert m.value == 0.0 and m.ci_low == 0.0 and m.ci_high < 1
    assert m.position == "below" and r.rating.rag == "amber" and r.rating.rule == "below_range"


def test_no_table_is_no_data_naming_the_file(make_data):
    folder = make_data(organisations=ORGS, workforce=workforce(80, 20))
    r = compute_indicators(folder, "AAA", 2024).likelihood(2)
    assert r.status == "no_data" and r.reason == "there is no recruitment.csv in the data"
    assert r.rating.rag == "grey"


def test_no_rows_for_the_year_is_no_data_naming_organisation_and_year(make_data):
    folder = make_data(organisations=ORGS, workforce=workforce(80, 20),
                       recruitment="org_code,year,ethnicity,shortlisted,appointed\nAAA,2023,White,10,2\n")
    r = compute_indicators(folder, "AAA", 2024).likelihood(2)
    assert r.reason == "recruitment.csv has no rows for AAA in 2024"


def test_no_bme_applicants_shortlisted_is_not_calculable(make_data):
    folder = make_data(organisations=ORGS, workforce=workforce(80, 20),
                       recruitment="org_code,year,ethnicity,shortlisted,appointed\nAAA,2024,White,10,2\n")
    r = compute_indicators(folder, "AAA", 2024).likelihood(2)
    assert r.status == "not_calculable" and "no BME applicants were shortlisted" in r.reason


def test_training_above_headcount_is_not_calculable_with_a_reason(make_data):
    folder = make_data(organisations=ORGS, workforce=workforce(80, 20),
                       training="org_code,year,ethnicity,accessed\nAAA,2024,White,90\nAAA,2024,BME,5\n")
    r = compute_indicators(folder, "AAA", 2024).likelihood(4)
    assert r.status == "not_calculable" and "(90)" in r.reason and "(80)" in r.reason


def test_exactly_four_fifths_is_within_the_range(make_data):
    # (16/100) / (20/100) = 0.80 exactly: green whatever binary floating point makes of it.
    folder = make_data(organisations=ORGS, workforce=workforce(100, 100),
                       training="org_code,year,ethnicity,accessed\nAAA,2024,White,16\nAAA,2024,BME,20\n")
    r = compute_indicators(folder, "AAA", 2024).likelihood(4)
    assert r.likelihood.position == "within" and r.rating.rag == "green"


def test_codes_of_one_group_add_up(make_data):
    rec = ("org_code,year,ethnicity,shortlisted,appointed\nAAA,2024,A,50,10\nAAA,2024,CA,30,6\n"
           "AAA,2024,H,40,4\nAAA,2024,PD,20,2\n")
    folder = make_data(organisations=ORGS, workforce=workforce(80, 20), recruitment=rec)
    m = compute_indicators(folder, "AAA", 2024).likelihood(2).likelihood
    assert (m.a_cases, m.a_total, m.b_cases, m.b_total) == (16, 80, 6, 60)
