"""Pooled figures from summed counts, worked by hand (wreslib.benchmark.rollup).

The counts are in ``conftest.py``; every expected value below is summed and divided by hand, and the
intervals and tests are checked against statsmodels (an independent implementation of the score method)
or against formulas written out here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import confint_proportions_2indep

from wreslib.benchmark.rollup import rollups
from wreslib.benchmark.scope import population
from wreslib.measures.compute import compute


def test_the_hand_folder_is_what_make_data_writes(make_data, hand_dir):
    from .conftest import TABLES

    made = make_data(**TABLES)
    for name in TABLES:
        assert (made / f"{name}.csv").read_text(encoding="utf-8") == (hand_dir / f"{name}.csv").read_text(
            encoding="utf-8")


def value(bench, scope, group, indicator, measure, year=2024, **keys):
    row = bench.rollups.row(scope, group, year, indicator, measure, **keys)
    assert row is not None, (scope, group, indicator, measure, keys)
    return row


def test_pooled_relative_likelihood_is_the_ratio_of_summed_counts_not_an_average(hand_bench):
    row = value(hand_bench, "all", "all", 2, "relative_likelihood")
    # White 20+16+12+40 = 88 of 100+80+60+200 = 440; BME 5+7+0+10 = 22 of 50+70+10+100 = 230.
    assert (row["white_cases"], row["white_total"], row["bme_cases"], row["bme_total"]) == (88, 440, 22, 230)
    assert row["value"] == pytest.approx((88 / 440) / (22 / 230))
    average = np.mean([(20 / 100) / (5 / 50), (16 / 80) / (7 / 70), (40 / 200) / (10 / 100)])
    assert row["value"] != pytest.approx(average)
    assert row["organisations"] == 4


def test_pooled_interval_is_the_score_interval_of_the_summed_table(hand_bench):
    row = value(hand_bench, "all", "all", 2, "relative_likelihood")
    low, high = confint_proportions_2indep(88, 440, 22, 230, method="score", compare="ratio")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-6)
    assert row["method"].startswith("score")


def test_an_organisation_with_no_cases_still_adds_its_headcount(hand_bench):
    # Indicator 3 is BME relative to White. BBB had no case in either group, but its 55 BME and 60 White staff
    # count: BME 1+0+0+2 = 3 of 25+55+10+50 = 140, White 2+0+1+3 = 6 of 100+60+120+140 = 420.
    row = value(hand_bench, "all", "all", 3, "relative_likelihood")
    assert (row["bme_cases"], row["bme_total"], row["white_cases"], row["white_total"]) == (3, 140, 6, 420)
    assert row["value"] == pytest.approx(1.5)


def test_indicator_one_pools_each_staff_groups_senior_bands(hand_bench):
    row = value(hand_bench, "all", "all", 1, "relative_likelihood", staff_group="non-clinical")
    # White in Band 8a: 20+10+30+40 = 100 of 420; BME: 5+5+0+10 = 20 of 140.
    assert row["value"] == pytest.approx((100 / 420) / (20 / 140))
    share = value(hand_bench, "all", "all", 1, "bme_pct", staff_group="all", band="All bands")
    # BME 25+55+10+50 = 140 of 565 staff (AAA's 5 of unknown ethnicity count in the denominator).
    assert share["value"] == pytest.approx(100 * 140 / 565)


def test_survey_percentages_come_from_summed_yes_counts_of_organisations_with_both_groups(hand_bench):
    # DDD has no BME row, so it is left out of both groups; CCC's 8 BME respondents are pooled.
    white = value(hand_bench, "all", "all", 5, "white_pct")
    bme = value(hand_bench, "all", "all", 5, "bme_pct")
    gap = value(hand_bench, "all", "all", 5, "gap_pp")
    assert white["value"] == pytest.approx(100 * 47 / 450)  # 20 + 15 + 12 of 200 + 100 + 150
    assert bme["value"] == pytest.approx(100 * 32 / 138)  # 10 + 20 + 2 of 50 + 80 + 8
    assert gap["value"] == pytest.approx(100 * (32 / 138 - 47 / 450))
    assert gap["organisations"] == 3


def test_survey_gap_test_is_the_pooled_two_proportion_score_test_worked_by_hand(hand_bench):
    gap = value(hand_bench, "all", "all", 5, "gap_pp")
    p1, n1, p2, n2 = 32 / 138, 138, 47 / 450, 450
    pooled = 79 / 588
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2) * 588 / 587)
    assert gap["p_value"] == pytest.approx(2 * norm.sf(abs(z)), rel=1e-6)
    assert gap["ci_low"] < gap["value"] < gap["ci_high"]
    assert gap["ci_low"] > 0  # significant, so the interval excludes 0


def test_board_roll_up_sums_boards_against_the_summed_workforce(hand_bench):
    board = value(hand_bench, "all", "all", 9, "board_bme_pct", membership="voting")
    staff = value(hand_bench, "all", "all", 9, "workforce_bme_pct", membership="voting")
    difference = value(hand_bench, "all", "all", 9, "difference_pp", membership="voting")
    short = value(hand_bench, "all", "all", 9, "seats_short", membership="voting")
    assert board["value"] == pytest.approx(100 * 7 / 40)  # BME 2+4+0+1 of 40 voting members
    assert staff["value"] == pytest.approx(100 * 140 / 565)
    assert difference["value"] == pytest.approx(100 * (7 / 40 - 140 / 565))
    assert short["value"] == pytest.approx(40 * 140 / 565 - 7)
    assert pd_isna(board["p_value"])


def pd_isna(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def test_regions_and_types_and_the_rest_are_pooled_and_named_honestly(hand_bench):
    london = value(hand_bench, "region", "London", 2, "relative_likelihood")
    rest = value(hand_bench, "rest", "outside London", 2, "relative_likelihood")
    trusts = value(hand_bench, "org_type", "Trust", 2, "relative_likelihood")
    assert london["value"] == pytest.approx((36 / 180) / (12 / 120))  # AAA + BBB
    assert rest["value"] == pytest.approx((52 / 260) / (10 / 110))  # CCC + DDD
    assert trusts["value"] == pytest.approx(2.0)
    assert london["name"] == "the 2 ICBs in London in this data"
    assert rest["name"] == "the 2 organisations outside London in this data"
    assert value(hand_bench, "all", "all", 2, "relative_likelihood")["name"] == "the 4 organisations in this data"


def test_region_against_the_rest_is_the_ratio_of_their_pooled_ratios_worked_by_hand(hand_bench):
    c = hand_bench.rollups.comparison
    row = c[(c["year"] == 2024) & (c["indicator"] == 2)].iloc[0]
    d = math.log(2.0) - math.log(2.2)
    se = math.sqrt(1 / 36 - 1 / 180 + 1 / 12 - 1 / 120 + 1 / 52 - 1 / 260 + 1 / 10 - 1 / 110)
    assert row["value"] == pytest.approx(2.0 / 2.2)
    assert row["ci_low"] == pytest.approx(math.exp(d - norm.ppf(0.975) * se))
    assert row["p_value"] == pytest.approx(2 * norm.sf(abs(d / se)))
    assert (row["region_value"], row["rest_value"]) == pytest.approx((2.0, 2.2))
    gap = c[(c["year"] == 2024) & (c["indicator"] == 5)].iloc[0]
    # London: BME 30/130 − White 35/300; the rest (CCC alone): 2/8 − 12/150.
    assert gap["value"] == pytest.approx(100 * ((30 / 130 - 35 / 300) - (2 / 8 - 12 / 150)))


def test_year_on_year_change_is_like_for_like_and_tested_by_hand(hand_bench):
    ch = hand_bench.rollups.changes
    row = ch[(ch["scope"] == "all") & (ch["indicator"] == 2)].iloc[0]
    # DDD has no 2023 recruitment, so the change compares AAA, BBB and CCC in both years:
    # 2023 White 53/240, BME 26/130; 2024 White 48/240, BME 12/130.
    before, after = (53 / 240) / (26 / 130), (48 / 240) / (12 / 130)
    variance = (1 / 53 - 1 / 240 + 1 / 26 - 1 / 130) + (1 / 48 - 1 / 240 + 1 / 12 - 1 / 130)
    z = math.log(after / before) / math.sqrt(variance)
    assert row["organisations"] == 3
    assert (row["from_value"], row["to_value"]) == pytest.approx((before, after))
    assert row["value"] == pytest.approx(after / before)
    assert row["p_value"] == pytest.approx(2 * norm.sf(abs(z)))
    assert row["verdict"] == ("worsened" if row["p_adjusted"] < 0.05 else "within_chance")
    assert (row["from_year"], row["year"]) == (2023, 2024)


def test_every_pooled_test_is_adjusted_within_its_group_and_year(hand_bench):
    t = hand_bench.rollups.table
    mine = t[(t["scope"] == "all") & (t["year"] == 2024) & t["p_value"].notna()].sort_values("p_value")
    m = len(mine)
    p = mine["p_value"].to_numpy()
    expected = np.maximum.accumulate(np.minimum(1, (m - np.arange(m)) * p))
    assert mine["p_adjusted"].to_numpy() == pytest.approx(expected)


def test_rollups_work_on_their_own_with_one_year(hand):
    people = population(hand, 2024)
    r = rollups(compute(hand, people.codes, [2024]), people, [2024])
    assert r.changes.empty or (r.changes["year"] == 2024).all()
    assert r.comparison.empty
    assert r.value("all", "all", 2024, 2, "relative_likelihood") == pytest.approx((88 / 440) / (22 / 230))
