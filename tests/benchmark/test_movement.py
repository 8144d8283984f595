"""Movement: each organisation's and each group's change since the year before (wreslib.benchmark.movement)."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm


def moved(bench, code, indicator, **keys):
    t = bench.movement.organisations
    rows = t[(t["org_code"] == code) & (t["indicator"] == indicator)]
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1
    return rows.iloc[0]


def test_an_organisations_change_is_the_ratio_of_its_two_years_tested_by_hand(hand_bench):
    row = moved(hand_bench, "AAA", 2)
    # 2023: White 25/100, BME 10/50 → 1.25; 2024: 20/100 and 5/50 → 2.0.
    variance = (1 / 25 - 1 / 100 + 1 / 10 - 1 / 50) + (1 / 20 - 1 / 100 + 1 / 5 - 1 / 50)
    z = math.log(2.0 / 1.25) / math.sqrt(variance)
    assert (row["from_value"], row["to_value"], row["value"]) == pytest.approx((1.25, 2.0, 1.6))
    assert row["p_value"] == pytest.approx(2 * norm.sf(abs(z)))
    assert row["ci_high"] == pytest.approx(1.6 * math.exp(norm.ppf(0.975) * math.sqrt(variance)))
    assert row["verdict"] == "within_chance"


def test_a_missing_year_is_said_not_guessed(hand_bench):
    row = moved(hand_bench, "DDD", 2)
    assert row["verdict"] == "not_enough_data" and "2023" in row["reason"]


def test_board_movement_is_described_not_tested(hand_bench):
    row = moved(hand_bench, "AAA", 9, membership="voting")
    assert row["verdict"] == "not_tested" and math.isnan(row["p_value"])


def test_each_organisations_year_on_year_tests_form_one_holm_family(demo_bench):
    t = demo_bench.movement.organisations
    mine = t[(t["org_code"] == "ZS001") & t["p_value"].notna()].sort_values("p_value")
    m = len(mine)
    running, expected = 0.0, []
    for i, p in enumerate(mine["p_value"]):
        running = max(running, min(1.0, (m - i) * p))
        expected.append(running)
    assert mine["p_adjusted"].tolist() == pytest.approx(expected)
    assert set(t["verdict"]) <= {"improved", "worsened", "reversed", "within_chance", "not_enough_data",
                                 "not_tested"}


def test_a_regions_movement_is_its_pooled_change_like_for_like(hand_bench):
    g = hand_bench.movement.groups
    row = g[(g["scope"] == "region") & (g["group"] == "London") & (g["indicator"] == 2)].iloc[0]
    # AAA + BBB: 2023 White 41/180, BME 24/120; 2024 White 36/180, BME 12/120.
    before, after = (41 / 180) / (24 / 120), (36 / 180) / (12 / 120)
    variance = (1 / 41 - 1 / 180 + 1 / 24 - 1 / 120) + (1 / 36 - 1 / 180 + 1 / 12 - 1 / 120)
    assert row["value"] == pytest.approx(after / before)
    assert row["p_value"] == pytest.approx(2 * norm.sf(abs(math.log(after / before) / math.sqrt(variance))))
    assert set(g["scope"]) == {"all", "region"}


def test_the_reports_own_trends_are_available_unchanged(demo_bench):
    from wreslib.measures.compute import trends

    theirs = trends(demo_bench.computation, 2024, 3)
    mine = demo_bench.movement.report_trends()
    assert mine["verdict"].tolist() == theirs["verdict"].tolist()


def test_verdict_counts(demo_bench):
    counts = demo_bench.movement.counts(2)
    assert sum(counts.values()) == 42
