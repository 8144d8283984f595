"""League tables: ranks and ties, zeros and unbounded ratios, seats short, the furthest from parity and the
count of significantly adverse organisations (wreslib.benchmark.league)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta

from wreslib.benchmark.league import (
    ADVERSE,
    FAVOURABLE,
    SHOWN_UNBOUNDED,
    SHOWN_VALUE,
    SHOWN_ZERO,
    competition_rank,
)


def test_ties_share_the_better_rank_and_missing_values_are_unranked():
    f = pd.DataFrame({"v": [3.0, 1.0, 3.0, np.nan, 2.0, 1.0]})
    ranks = competition_rank(f, [("v", False)])  # 3, 3 → 1, 1; 2 → 3; 1, 1 → 4, 4
    assert ranks[[0, 1, 2, 4, 5]].tolist() == [1.0, 4.0, 1.0, 3.0, 4.0]
    assert math.isnan(ranks[3])


def test_ranks_restart_within_each_group_and_break_ties_on_the_second_key():
    f = pd.DataFrame({"g": ["a", "a", "b", "b", "b"], "far": [1.0, 1.0, 0.0, 0.0, 1.0],
                      "near": [0.5, 0.9, 2.0, 3.0, 0.1]})
    assert competition_rank(f, [("far", False), ("near", False)], ["g"]).tolist() == [2.0, 1.0, 3.0, 2.0, 1.0]


def league_rows(bench, indicator, **keys):
    return bench.league.of(indicator, **keys).set_index("org_code")


def test_relative_likelihoods_rank_highest_first_with_an_unbounded_ratio_on_top(hand_bench):
    t = league_rows(hand_bench, 2)
    # 2024: AAA 0.2/0.1 = 2, BBB 0.2/0.1 = 2 (tied), CCC unbounded (no BME appointed), DDD 0.2/0.1 = 2.
    assert t.loc["CCC", "rank"] == 1 and math.isinf(t.loc["CCC", "value"])
    assert t.loc[["AAA", "BBB", "DDD"], "rank"].tolist() == [2, 2, 2]
    assert t.loc["CCC", "shown_as"] == SHOWN_UNBOUNDED
    assert t.loc["CCC", "shown_at"] == pytest.approx(t.loc["CCC", "ci_low"])
    assert t.loc["AAA", "shown_as"] == SHOWN_VALUE and t.loc["AAA", "direction"] == ADVERSE
    assert t.loc["CCC", "distance_rank"] == 1 and math.isinf(t.loc["CCC", "distance"])


def test_a_ratio_of_zero_is_ranked_last_furthest_from_parity_and_shown_at_its_upper_bound(hand_bench):
    t = league_rows(hand_bench, 3)
    # Indicator 3 is BME relative to White. CCC: no BME entered (1 White): 0. BBB: 0 ÷ 0, unranked.
    assert t.loc["CCC", "value"] == 0 and t.loc["CCC", "rank"] == 3
    assert t.loc["CCC", "shown_as"] == SHOWN_ZERO
    assert t.loc["CCC", "shown_at"] == pytest.approx(t.loc["CCC", "ci_high"])
    assert t.loc["CCC", "distance_rank"] == 1 and t.loc["CCC", "direction"] == FAVOURABLE
    assert not t.loc["BBB", "ranked"] and math.isnan(t.loc["BBB", "rank"])
    # AAA (1/25 against 2/100 = 2) and DDD (2/50 against 3/140 = 1.867) follow.
    assert t.loc["AAA", "value"] == pytest.approx(2.0) and t.loc["AAA", "rank"] == 1
    assert t.loc["DDD", "value"] == pytest.approx((2 / 50) / (3 / 140)) and t.loc["DDD", "rank"] == 2


def test_distance_from_parity_treats_half_and_double_alike():
    from wreslib.benchmark.league import relative_likelihood_rows

    rows = pd.DataFrame({"org_code": ["H", "D", "P"], "a_cases": [5, 20, 10], "a_total": [100, 100, 100],
                         "b_cases": [10, 10, 10], "b_total": [100, 100, 100], "value": [0.5, 2.0, 1.0],
                         "unbounded": False, "ci_low": [0.2, 1.0, 0.4], "ci_high": [1.3, 4.0, 2.4], "status": "ok"})
    out = relative_likelihood_rows(rows)
    assert out["distance"].tolist() == pytest.approx([math.log(2), math.log(2), 0.0])
    assert out["direction"].tolist() == [FAVOURABLE, ADVERSE, "parity"]


def test_survey_gaps_rank_the_most_adverse_first(hand_bench):
    t = league_rows(hand_bench, 5)
    # Indicator 5 (abuse from the public): a higher BME percentage is adverse. AAA 20 − 10 = 10 points,
    # BBB 25 − 15 = 10 points (tied), CCC 25 − 8 = 17 points; DDD has no BME figure.
    assert t.loc["CCC", "value"] == pytest.approx(17.0) and t.loc["CCC", "rank"] == 1
    assert t.loc[["AAA", "BBB"], "rank"].tolist() == [2, 2]
    assert not t.loc["DDD", "ranked"]
    # CCC's 8 BME respondents are too few to test: no interval, ranked all the same.
    assert math.isnan(t.loc["CCC", "ci_low"]) and math.isnan(t.loc["CCC", "p_value"])


def test_seats_short_of_parity_worked_by_hand_with_exact_bounds(hand_bench):
    t = league_rows(hand_bench, 9)
    # AAA: 10 voting members, 2 BME; workforce 25 BME of 130 (5 unknown count). Expected 10 · 25/130.
    share = 25 / 130
    assert t.loc["AAA", "value"] == pytest.approx(10 * share - 2)
    upper = beta.ppf(0.95, 3, 8)  # Clopper-Pearson one-sided 95% upper bound for 2 of 10
    lower = beta.ppf(0.05, 2, 9)
    assert t.loc["AAA", "ci_low"] == pytest.approx(10 * (share - upper))
    assert t.loc["AAA", "ci_high"] == pytest.approx(10 * (share - lower))
    # CCC: 10 members, none BME, workforce 10 of 130: 0.769 seats short; its upper bound 1 − 0.05^(1/10).
    assert t.loc["CCC", "value"] == pytest.approx(10 * 10 / 130)
    assert t.loc["CCC", "ci_low"] == pytest.approx(10 * (10 / 130 - (1 - 0.05 ** 0.1)))
    ranked = t.sort_values("rank")
    assert ranked["value"].is_monotonic_decreasing


def test_board_bounds_exclude_zero_exactly_when_the_exact_test_rejects(demo_bench):
    t = demo_bench.league.of(9)
    tested = t[t["p_value"].notna()]
    assert ((tested["ci_low"] > 0) == (tested["p_value"] < 0.05)).all()


def test_the_three_furthest_from_parity(demo_bench):
    s = demo_bench.league.standing(2)
    t = demo_bench.league.of(2)
    far = t.sort_values("distance", ascending=False)["org_code"].head(3).tolist()
    assert list(s.furthest[:3]) == far


def test_significantly_adverse_counts_use_the_organisations_own_adjusted_tests(demo_bench):
    comp = demo_bench.computation
    likes = comp.likelihoods[(comp.likelihoods["year"] == 2024) & (comp.likelihoods["number"] == 2)]
    by_hand = int(((likes["p_adjusted"] < 0.05) & (likes["value"] > 1)).sum())
    s = demo_bench.league.standing(2)
    assert s.significantly_adverse == by_hand
    assert s.red == int((likes["rag"] == "red").sum())
    assert s.red + s.amber + s.green + s.grey == s.organisations == 42
    surveys = comp.surveys[(comp.surveys["year"] == 2024) & (comp.surveys["number"] == 7)]
    # Indicator 7: yes is good, so a negative gap (BME − White) is adverse.
    assert demo_bench.league.standing(7).significantly_adverse == int(
        ((surveys["gap_p_adjusted"] < 0.05) & (surveys["gap_pp"] < 0)).sum())


def test_group_rank_ranks_within_the_grouping(hand_bench):
    t = league_rows(hand_bench, 2)
    # Midlands: CCC (unbounded) then DDD; London: AAA and BBB tied.
    assert t.loc[["CCC", "DDD", "AAA", "BBB"], "group_rank"].tolist() == [1, 2, 1, 1]


def test_every_organisation_appears_in_every_league(demo_bench):
    t = demo_bench.league.table
    counts = t.groupby(["indicator", t["staff_group"].fillna(""), t["membership"].fillna("")]).size()
    assert (counts == 42).all()
