"""The nine indicators on small hand-made data, with hand-calculated expectations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wreslib.data.read import read_data
from wreslib.legacy.measures.indicators import compute_indicators

ORGS = "org_code,org_name,org_type,region,survey_benchmark\nAAA,Alpha ICB,ICB,London,Nat\n"
WF = (
    "org_code,year,staff_group,band,ethnicity,headcount\n"
    "AAA,2024,non-clinical,Band 3,White,40\n"
    "AAA,2024,non-clinical,Band 3,BME,20\n"
    "AAA,2024,non-clinical,Band 8a,White,30\n"
    "AAA,2024,non-clinical,Band 8a,BME,5\n"
    "AAA,2024,clinical,VSM,White,10\n"
    "AAA,2024,clinical,VSM,Z,5\n"
    "AAA,2024,medical,Consultant,N,15\n"
    "AAA,2023,non-clinical,Band 3,White,50\n"
    "AAA,2023,non-clinical,Band 3,BME,50\n"
)
# 2024 totals by hand: White 40+30+10 = 80, BME 20+5+15 = 40, Unknown 5; total 125.


def compute(make_data, year=2024, **tables):
    return compute_indicators(read_data(make_data(organisations=ORGS, workforce=WF, **tables)), "AAA", year)


def test_indicator_1_overall_and_rolled_up_ranges(make_data):
    r = compute(make_data)[1]
    assert r.status == "ok"
    assert (r.overall.white, r.overall.bme, r.overall.unknown, r.overall.total) == (80, 40, 5, 125)
    assert r.overall.bme_pct == pytest.approx(40 / 125 * 100)
    ranges = {(c.staff_group, c.label): c for c in r.by_published_range}
    assert (ranges[("non-clinical", "Band 1-7")].white, ranges[("non-clinical", "Band 1-7")].bme) == (40, 20)
    assert ranges[("non-clinical", "Band 8a-VSM")].bme_pct == pytest.approx(5 / 35 * 100)
    # All staff groups together, Band 8a-VSM: White 30 + 10, BME 5, Unknown 5 -> 50.
    all_senior = ranges[("all", "Band 8a-VSM")]
    assert (all_senior.white, all_senior.bme, all_senior.unknown) == (40, 5, 5)
    # Medical grades stay outside the AfC ranges but appear by band.
    assert ("medical", "Consultant") in {(c.staff_group, c.label) for c in r.by_band}
    assert ("medical", "Band 1-7") not in ranges


def test_indicator_1_is_no_data_without_workforce_rows_for_the_year(make_data):
    with pytest.raises(Exception, match="no workforce rows for AAA in 2022"):
        compute(make_data, year=2022)


def test_indicator_2_hand_calculation(make_data):
    r = compute(make_data, recruitment=(
        "org_code,year,ethnicity,shortlisted,appointed\n"
        "AAA,2024,A,50,10\nAAA,2024,C,50,10\nAAA,2024,BME,80,8\nAAA,2024,99,10,5\n"
    ))[2]
    # White 20/100 = 0.2, BME 8/80 = 0.1 -> 2.0; SE = sqrt(1/20 - 1/100 + 1/8 - 1/80) = sqrt(0.1525).
    m = r.measure
    assert m.relative_likelihood == pytest.approx(2.0)
    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 8 - 1 / 80)
    assert m.ci_low == pytest.approx(2.0 * math.exp(-1.959964 * se), rel=1e-5)
    assert m.ci_high == pytest.approx(2.0 * math.exp(1.959964 * se), rel=1e-5)
    assert (m.a_label, m.b_label) == ("White", "BME")
    assert (r.unknown_cases, r.unknown_total) == (5, 10)


def test_indicator_2_no_data_when_the_table_is_absent(make_data):
    r = compute(make_data)[2]
    assert r.status == "no_data"
    assert r.reason == "there is no recruitment.csv in the data"


def test_indicator_2_no_data_when_the_year_has_no_rows(make_data):
    r = compute(make_data, recruitment="org_code,year,ethnicity,shortlisted,appointed\nAAA,2023,White,5,1\n")[2]
    assert r.status == "no_data"
    assert r.reason == "recruitment.csv has no rows for AAA in 2024"


def test_indicator_2_not_calculable_when_no_bme_appointed(make_data):
    r = compute(make_data, recruitment=(
        "org_code,year,ethnicity,shortlisted,appointed\nAAA,2024,White,10,3\nAAA,2024,BME,10,0\n"))[2]
    assert r.status == "not_calculable"
    assert r.measure.relative_likelihood is None
    assert "BME" in r.reason


def test_indicator_2_not_calculable_when_no_bme_shortlisted(make_data):
    r = compute(make_data, recruitment="org_code,year,ethnicity,shortlisted,appointed\nAAA,2024,White,10,3\n")[2]
    assert r.status == "not_calculable"
    assert "BME" in r.reason


def test_indicator_3_is_bme_relative_to_white_over_the_workforce(make_data):
    r = compute(make_data, disciplinary="org_code,year,ethnicity,entered\nAAA,2024,White,4\nAAA,2024,BME,4\n")[3]
    # BME 4/40 = 0.1, White 4/80 = 0.05 -> 2.0 (BME twice as likely).
    assert r.measure.relative_likelihood == pytest.approx(2.0)
    assert (r.measure.a_label, r.measure.a_total, r.measure.b_total) == ("BME", 40, 80)


def test_indicator_3_not_calculable_when_entered_exceeds_headcount(make_data):
    r = compute(make_data, disciplinary="org_code,year,ethnicity,entered\nAAA,2024,White,4\nAAA,2024,BME,41\n")
    assert r[3].status == "not_calculable"
    assert "larger than its denominator" in r[3].reason
    assert any("the denominators disagree between disciplinary.csv and workforce.csv" in w.message for w in r.warnings)


def test_indicator_4_is_white_relative_to_bme(make_data):
    r = compute(make_data, training="org_code,year,ethnicity,accessed\nAAA,2024,White,40\nAAA,2024,BME,10\n")[4]
    # White 40/80 = 0.5, BME 10/40 = 0.25 -> 2.0
    assert r.measure.relative_likelihood == pytest.approx(2.0)
    assert r.unknown_cases is None  # no Unknown row given


SURVEY = (
    "org_code,survey_year,indicator,ethnicity,respondents,percent\n"
    "AAA,2023,7,White,200,50\n"
    "AAA,2023,7,BME,100,30\n"
    "AAA,2022,7,White,200,55\n"
    "AAA,2022,7,BME,100,40\n"
    "AAA,2023,8,White,200,5\n"
    "AAA,2023,8,BME,8,25\n"
)
BENCH = "benchmark,survey_year,indicator,ethnicity,percent\nNat,2023,7,White,53.7\nNat,2023,7,BME,36.5\n"


def test_survey_uses_the_previous_survey_year_and_the_benchmark(make_data):
    from scipy.stats import fisher_exact

    r = compute(make_data, survey=SURVEY, survey_benchmarks=BENCH)[7]
    assert r.survey_year == 2023
    assert r.gap.difference_pp == pytest.approx(-20.0)
    assert r.gap.p_value == pytest.approx(fisher_exact([[100, 100], [30, 70]]).pvalue)
    assert r.bme_change.difference_pp == pytest.approx(-10.0)
    assert r.white_change.difference_pp == pytest.approx(-5.0)
    assert r.benchmark == "Nat"
    assert r.bme_vs_benchmark_pp == pytest.approx(30 - 36.5)


def test_survey_small_group_is_not_tested(make_data):
    r = compute(make_data, survey=SURVEY)
    assert r[8].gap.tested is False
    assert r[8].gap.significant is None
    assert any("only 8 BME respondents" in w.message for w in r.warnings)


def test_survey_no_data_for_an_indicator_without_rows(make_data):
    r = compute(make_data, survey=SURVEY)[5]
    assert r.status == "no_data"
    assert "survey year 2023" in r.reason


def test_survey_rows_of_one_group_are_pooled_by_count(make_data):
    survey = ("org_code,survey_year,indicator,ethnicity,respondents,percent\n"
              "AAA,2023,5,A,100,10\nAAA,2023,5,C,50,20\nAAA,2023,5,BME,40,25\n")
    r = compute(make_data, survey=survey)[5]
    # (10 + 10) / 150 = 13.33%
    assert r.white_pct == pytest.approx(20 / 150 * 100)
    assert r.gap.a_n == 150


# --- survey given as yes-counts -------------------------------------------------------------------

def test_survey_yes_counts_give_the_exact_percent_and_the_exact_fisher_test(make_data):
    from scipy.stats import fisher_exact

    survey = ("org_code,survey_year,indicator,ethnicity,respondents,yes\n"
              "AAA,2023,5,White,500,33\nAAA,2023,5,BME,120,15\n")
    r = compute(make_data, survey=survey)[5]
    # White 33/500 = 6.6%, BME 15/120 = 12.5%: gap 5.9 pp.
    assert (r.white_pct, r.bme_pct) == (pytest.approx(6.6), pytest.approx(12.5))
    assert r.gap.difference_pp == pytest.approx(5.9)
    assert (r.gap.a_n, r.gap.b_n) == (500, 120)
    assert r.gap.p_value == pytest.approx(fisher_exact([[33, 467], [15, 105]]).pvalue)


def test_a_yes_count_is_used_where_a_rounded_percent_would_lose_it(make_data):
    from scipy.stats import fisher_exact

    # "7%" of 500 could be 33 to 37 people; count_from_percent takes 35. Given yes=33 alongside the
    # rounded percent, the test must use 33.
    survey = ("org_code,survey_year,indicator,ethnicity,respondents,percent,yes\n"
              "AAA,2023,5,White,500,7,33\nAAA,2023,5,BME,120,12.5,\n")
    r = compute(make_data, survey=survey)[5]
    assert r.white_pct == pytest.approx(6.6)
    assert r.gap.p_value == pytest.approx(fisher_exact([[33, 467], [15, 105]]).pvalue)
    assert r.gap.p_value != pytest.approx(fisher_exact([[35, 465], [15, 105]]).pvalue)


def test_survey_pools_yes_counts_and_percents_of_one_group(make_data):
    survey = ("org_code,survey_year,indicator,ethnicity,respondents,percent,yes\n"
              "AAA,2023,6,A,20,,3\nAAA,2023,6,C,10,50,\nAAA,2023,6,BME,40,,10\n")
    r = compute(make_data, survey=survey)[6]
    # White: 3 (given) + 5 (50% of 10) = 8 of 30 = 26.67%; BME 10/40 = 25%.
    assert r.white_pct == pytest.approx(800 / 30)
    assert (r.gap.a_n, r.bme_pct) == (30, pytest.approx(25.0))


def test_survey_yes_count_group_under_11_respondents_is_not_tested(make_data):
    survey = ("org_code,survey_year,indicator,ethnicity,respondents,yes_count\n"
              "AAA,2023,8,White,200,10\nAAA,2023,8,BME,10,4\n")
    r = compute(make_data, survey=survey)[8]
    assert r.bme_pct == pytest.approx(40.0)
    assert (r.gap.tested, r.gap.p_value) == (False, None)


@given(st.integers(1, 200_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_exact_percent_of_a_count_gives_the_count_back(count_and_respondents):
    # Why the yes-count reaches Fisher's test unchanged: the survey measures carry 100 * k / n, and
    # compare_percentages recovers k from it with count_from_percent.
    from wreslib.legacy.measures.stats import count_from_percent

    k, n = count_and_respondents
    assert count_from_percent(100.0 * k / n, n) == k


def test_indicator_9_voting_and_executive(make_data):
    board = ("org_code,year,ethnicity,voting,executive\n"
             "AAA,2024,White,8,4\nAAA,2024,BME,2,1\n")
    r = compute(make_data, board=board)[9]
    # Board 2/10 = 20%, workforce 40/125 = 32% -> -12 pp; executive 1/5 = 20% -> -12 pp.
    assert r.voting.board_bme_pct == pytest.approx(20.0)
    assert r.voting.workforce_bme_pct == pytest.approx(32.0)
    assert r.voting.difference_pp == pytest.approx(-12.0)
    assert r.executive.difference_pp == pytest.approx(-12.0)


def test_indicator_9_empty_board_is_not_calculable(make_data):
    r = compute(make_data, board="org_code,year,ethnicity,voting,executive\nAAA,2024,White,0,0\n")[9]
    assert r.voting.status == "not_calculable"
    assert r.executive.status == "not_calculable"
    assert r.voting.difference_pp is None


def test_zero_workforce_is_not_calculable_not_a_crash(make_data):
    wf = "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 5,White,0\n"
    r = compute_indicators(read_data(make_data(organisations=ORGS, workforce=wf,
                           training="org_code,year,ethnicity,accessed\nAAA,2024,White,0\n")), "AAA", 2024)
    assert r[1].status == "not_calculable"
    assert r[4].status == "not_calculable"


def test_org_code_is_matched_case_insensitively(make_data):
    r = compute_indicators(read_data(make_data(organisations=ORGS, workforce=WF)), " aaa ", 2024)
    assert r.org_code == "AAA"


def test_provenance_is_carried(example_data):
    import wreslib

    r = compute_indicators(example_data, "QHG", 2024)
    assert r.data_checksum == example_data.checksum
    assert r.wreslib_version == wreslib.__version__
