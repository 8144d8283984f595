"""Tests for wreslib.legacy.measures.stats.

Expected values come from independent sources only: published WRES figures (BLMK ICB WRES report 2024),
hand calculations written out here, textbook worked examples (Fisher's tea-tasting experiment,
Newcombe 1998), and scipy called directly in a different way from the module (``fisher_exact`` on a table
built here, or a hypergeometric sum via ``scipy.stats.hypergeom``).
"""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from math import comb, exp, log, sqrt
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from wreslib.legacy.measures import stats
from wreslib.legacy.measures.stats import (
    MIN_SURVEY_RESPONDENTS,
    NON_ADVERSE_HIGH,
    NON_ADVERSE_LOW,
    SIGNIFICANCE_LEVEL,
    ProportionComparison,
    RelativeLikelihood,
    compare_percentages,
    count_from_percent,
    percent_consistent_with_count,
    proportion_ci,
    relative_likelihood,
    within_non_adverse_range,
)

STATS_PATH = Path(stats.__file__)
SUPPRESSED = ": the NHS Staff Survey suppresses such groups, so no test is made"
Z95 = NormalDist().inv_cdf(0.975)  # 1.959963...; published reports use 1.96


# --------------------------------------------------------------------------------------------------
# Independent references
# --------------------------------------------------------------------------------------------------


def katz_interval(a: int, n_a: int, b: int, n_b: int, z: float = Z95) -> tuple[float, float]:
    """Katz et al. (1978) written out: RR * exp(-/+ z * sqrt(1/a - 1/n_a + 1/b - 1/n_b))."""
    rr = (a / n_a) / (b / n_b)
    se = sqrt(1 / a - 1 / n_a + 1 / b - 1 / n_b)
    return rr * exp(-z * se), rr * exp(z * se)


def fisher_by_hypergeom(table: list[list[int]]) -> float:
    """Two-sided Fisher p: sum of the hypergeometric probabilities no larger than the observed one."""
    (a, b), (c, d) = table
    total, cases, row1 = a + b + c + d, a + c, a + b
    dist = sps.hypergeom(total, cases, row1)
    observed = dist.pmf(a)
    support = range(max(0, row1 - (total - cases)), min(cases, row1) + 1)
    return float(min(1.0, sum(dist.pmf(x) for x in support if dist.pmf(x) <= observed * (1 + 1e-7))))


def wilson_by_hand(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval written out, in percent."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denom = 1 + z * z / n
    return 100 * (centre - half) / denom, 100 * (centre + half) / denom


def float_fields(result: object) -> list[float]:
    return [v for v in dataclasses.asdict(result).values() if isinstance(v, float)]


# --------------------------------------------------------------------------------------------------
# Constants and import weight
# --------------------------------------------------------------------------------------------------


def test_constants_match_wres_guidance() -> None:
    assert pytest.approx(0.80) == NON_ADVERSE_LOW
    assert pytest.approx(1.25) == NON_ADVERSE_HIGH
    assert pytest.approx(1 / NON_ADVERSE_LOW) == NON_ADVERSE_HIGH  # the four-fifths rule is symmetric
    assert pytest.approx(0.05) == SIGNIFICANCE_LEVEL
    assert MIN_SURVEY_RESPONDENTS == 11


def test_module_has_no_top_level_scipy_import() -> None:
    # Loaded standalone so the package __init__ (written elsewhere) cannot mask or cause the import.
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('stats_alone', {str(STATS_PATH)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['stats_alone'] = module\n"
        "spec.loader.exec_module(module)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'scipy', 'numpy', 'pandas'}))\n"
        "print(module.relative_likelihood(30, 92, 9, 95).status)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Nothing heavy on import, yet the statistics work once called (scipy loaded on demand).
    assert out.stdout.split() == ["[]", "ok"]


# --------------------------------------------------------------------------------------------------
# relative_likelihood: published figures and hand calculations
# --------------------------------------------------------------------------------------------------


def test_relative_likelihood_matches_blmk_2024_indicator_2() -> None:
    # BLMK ICB WRES report 2024, indicator 2: White 30 of 92 appointed, BME 9 of 95; published 3.44.
    r = relative_likelihood(30, 92, 9, 95)
    rl_by_hand = (30 / 92) / (9 / 95)  # = 2850 / 828 = 3.4420...
    se = sqrt(1 / 30 - 1 / 92 + 1 / 9 - 1 / 95)
    assert r.status == "ok"
    assert r.reason is None
    assert r.relative_likelihood == pytest.approx(rl_by_hand)
    assert round(r.relative_likelihood, 2) == 3.44
    assert r.ci_low == pytest.approx(rl_by_hand * exp(-Z95 * se))
    assert r.ci_high == pytest.approx(rl_by_hand * exp(Z95 * se))
    # With z = 1.96, as a hand calculation would: 1.73 to 6.85.
    assert r.ci_low == pytest.approx(3.4420 * exp(-1.96 * se), abs=0.005)
    assert r.ci_high == pytest.approx(3.4420 * exp(1.96 * se), abs=0.005)
    assert (round(r.ci_low, 2), round(r.ci_high, 2)) == (1.73, 6.85)
    assert r.significant is True
    assert r.significance_basis == "confidence_interval"
    assert r.within_non_adverse_range is False
    assert r.p_value == pytest.approx(fisher_by_hypergeom([[30, 62], [9, 86]]), rel=1e-9)
    assert r.p_value < 0.001
    # Published rates: 32.6% and 9.5%.
    assert r.a_rate_pct == pytest.approx(100 * 30 / 92)
    assert round(r.a_rate_pct, 1) == 32.6
    assert round(r.b_rate_pct, 1) == 9.5
    assert (r.a_label, r.a_cases, r.a_total, r.b_label, r.b_cases, r.b_total) == (
        "White",
        30,
        92,
        "BME",
        9,
        95,
    )


@pytest.mark.parametrize(
    ("a", "n_a", "b", "n_b", "published"),
    [
        (43, 185, 17, 169, 2.31),  # BLMK 2022: 23.2% vs 10.1%
        (49, 159, 25, 178, 2.19),  # BLMK 2023: 30.8% vs 14%
        (30, 92, 9, 95, 3.44),  # BLMK 2024
    ],
)
def test_relative_likelihood_reproduces_published_blmk_trend(
    a: int, n_a: int, b: int, n_b: int, published: float
) -> None:
    r = relative_likelihood(a, n_a, b, n_b)
    assert r.relative_likelihood == pytest.approx(published, abs=0.005)
    low, high = katz_interval(a, n_a, b, n_b)
    assert (r.ci_low, r.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert r.significant is (not low <= 1 <= high)
    assert r.p_value == pytest.approx(sps.fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue, rel=1e-12)


def test_relative_likelihood_on_fishers_tea_tasting_example() -> None:
    # Fisher (1935): 3 of 4 "milk first" cups called right, 1 of 4 "tea first" cups called "milk first".
    # Hypergeometric probabilities of 0..4 in the first row: 1, 16, 36, 16, 1 (/70); observed 3 (16/70),
    # so the two-sided p sums those <= 16/70: (1 + 16 + 16 + 1) / 70.
    r = relative_likelihood(3, 4, 1, 4)
    assert r.relative_likelihood == pytest.approx(3.0)
    assert r.p_value == pytest.approx(34 / 70)
    se = sqrt(1 / 3 - 1 / 4 + 1 / 1 - 1 / 4)
    assert r.ci_low == pytest.approx(3 * exp(-Z95 * se))
    assert r.ci_high == pytest.approx(3 * exp(Z95 * se))
    assert r.ci_low < 1 < r.ci_high
    assert r.significant is False
    assert r.significance_basis == "confidence_interval"
    assert r.within_non_adverse_range is False


def test_relative_likelihood_small_numbers_can_be_large_yet_not_significant() -> None:
    # wres-method.md: 1.50 on 2 of 10 is not significant. (3/10) / (2/10) = 1.5.
    r = relative_likelihood(3, 10, 2, 10)
    assert r.relative_likelihood == pytest.approx(1.5)
    low, high = katz_interval(3, 10, 2, 10)
    assert low < 1 < high
    assert r.significant is False
    assert r.within_non_adverse_range is False


def test_relative_likelihood_confidence_level_widens_interval() -> None:
    z99 = NormalDist().inv_cdf(0.995)  # 2.5758...
    r = relative_likelihood(30, 92, 9, 95, confidence=0.99)
    low, high = katz_interval(30, 92, 9, 95, z=z99)
    assert (r.ci_low, r.ci_high) == (pytest.approx(low), pytest.approx(high))
    r95 = relative_likelihood(30, 92, 9, 95)
    assert r.ci_low < r95.ci_low and r.ci_high > r95.ci_high


def test_relative_likelihood_parity_has_degenerate_interval_and_is_not_significant() -> None:
    # Everyone in both groups has the outcome: RR = 1 and SE = sqrt(1/10 - 1/10 + 1/7 - 1/7) = 0.
    r = relative_likelihood(10, 10, 7, 7)
    assert r.status == "ok"
    assert r.relative_likelihood == pytest.approx(1.0)
    assert (r.ci_low, r.ci_high) == (pytest.approx(1.0), pytest.approx(1.0))
    assert r.significant is False
    assert r.within_non_adverse_range is True
    assert r.p_value == pytest.approx(1.0)


def test_relative_likelihood_below_parity_is_adverse_the_other_way() -> None:
    # Indicator 4, BLMK 2022: White 40.3% vs BME 50% -> published 0.81. Made-up counts with those rates:
    # 116 of 288 (40.28%) vs 48 of 96 (50%) -> (116/288) / (48/96) = 0.8056.
    r = relative_likelihood(116, 288, 48, 96)
    assert r.relative_likelihood == pytest.approx((116 / 288) / (48 / 96))
    assert round(r.relative_likelihood, 2) == 0.81
    assert r.within_non_adverse_range is True


@pytest.mark.parametrize(
    ("a", "n_a", "b", "n_b", "expected"),
    [
        (4, 5, 5, 5, True),  # (4/5) / 1 = 0.80, the lower bound, inclusive
        (5, 5, 4, 5, True),  # 1 / (4/5) = 1.25, the upper bound, inclusive
        (79, 100, 100, 100, False),  # 0.79
        (100, 100, 79, 100, False),  # 1.2658
    ],
)
def test_relative_likelihood_non_adverse_range_bounds(
    a: int, n_a: int, b: int, n_b: int, expected: bool
) -> None:
    assert relative_likelihood(a, n_a, b, n_b).within_non_adverse_range is expected


def test_relative_likelihood_accepts_numpy_integers_and_returns_plain_types() -> None:
    r = relative_likelihood(np.int64(30), np.int64(92), np.int32(9), np.int64(95))
    assert type(r.a_cases) is int and type(r.b_total) is int
    for value in (r.relative_likelihood, r.ci_low, r.ci_high, r.p_value, r.a_rate_pct, r.b_rate_pct):
        assert type(value) is float
    assert type(r.significant) is bool and type(r.within_non_adverse_range) is bool


def test_relative_likelihood_accepts_whole_valued_floats() -> None:
    # pandas stores an integer column holding a blank as float64; 30.0 is still a whole count.
    r = relative_likelihood(30.0, 92.0, 9, 95)
    assert r.a_cases == 30 and type(r.a_cases) is int
    assert r.relative_likelihood == pytest.approx(2850 / 828)


def test_relative_likelihood_labels_for_indicator_3() -> None:
    # Indicator 3 is BME relative to White: the labels follow the groups into every reason.
    r = relative_likelihood(2, 50, 0, 200, a_label="BME", b_label="White")
    assert (r.a_label, r.b_label) == ("BME", "White")
    assert r.status == "not_calculable"
    assert "no White cases" in r.reason


# --------------------------------------------------------------------------------------------------
# relative_likelihood: zero cells and not_calculable branches
# --------------------------------------------------------------------------------------------------


def test_relative_likelihood_is_zero_with_fisher_significance_when_no_white_cases() -> None:
    # 0 of 20 vs 10 of 20. Rows are equal (20, 20) so the hypergeometric law is symmetric:
    # P(0) = P(10) = C(20,0) C(20,10) / C(40,10), and all other outcomes are more likely.
    r = relative_likelihood(0, 20, 10, 20)
    p_by_hand = 2 * comb(20, 10) / comb(40, 10)
    assert r.status == "ok"
    assert r.relative_likelihood == 0.0
    assert r.ci_low is None and r.ci_high is None
    assert r.p_value == pytest.approx(p_by_hand)
    assert r.significant is True
    assert r.significance_basis == "fisher_exact"
    assert r.within_non_adverse_range is False
    assert "interval" in r.reason and "undefined" in r.reason and "White" in r.reason
    assert r.a_rate_pct == pytest.approx(0.0) and r.b_rate_pct == pytest.approx(50.0)


def test_relative_likelihood_zero_white_cases_not_significant_when_fisher_says_so() -> None:
    # 0 of 3 vs 1 of 3: the single case falls in either row with probability 3/6, so p = 1.
    r = relative_likelihood(0, 3, 1, 3)
    assert r.status == "ok"
    assert r.relative_likelihood == 0.0
    assert r.p_value == pytest.approx(1.0)
    assert r.significant is False
    assert r.significance_basis == "fisher_exact"


def test_relative_likelihood_is_null_when_no_bme_cases() -> None:
    # 5 of 10 vs 0 of 10: P(5 in row 1) = C(10,5) C(10,0) / C(20,5) = 252/15504 = P(0 in row 1),
    # every other split is more likely, so p = 504 / 15504.
    r = relative_likelihood(5, 10, 0, 10)
    assert r.status == "not_calculable"
    assert r.relative_likelihood is None
    assert r.ci_low is None and r.ci_high is None
    assert r.within_non_adverse_range is None
    assert r.significant is None and r.significance_basis is None
    assert "no BME cases" in r.reason and "cannot be computed" in r.reason
    assert r.p_value == pytest.approx(504 / 15504)
    assert r.p_value == pytest.approx(fisher_by_hypergeom([[5, 5], [0, 10]]))
    assert r.a_rate_pct == pytest.approx(50.0) and r.b_rate_pct == pytest.approx(0.0)


def test_relative_likelihood_is_null_when_neither_group_has_cases() -> None:
    r = relative_likelihood(0, 10, 0, 12)
    assert r.status == "not_calculable"
    assert r.reason == "no White or BME cases: the relative likelihood is undefined (0 ÷ 0)"
    assert r.relative_likelihood is None and r.ci_low is None and r.ci_high is None
    assert r.within_non_adverse_range is None and r.significant is None
    # With no cases at all only one table is possible, so Fisher's p is 1.
    assert r.p_value == pytest.approx(1.0)
    assert r.a_rate_pct == pytest.approx(0.0) and r.b_rate_pct == pytest.approx(0.0)


def test_relative_likelihood_is_null_when_no_bme_staff_in_denominator() -> None:
    r = relative_likelihood(3, 10, 0, 0)
    assert r.status == "not_calculable"
    assert "there are no BME staff in the denominator" in r.reason
    assert "White" not in r.reason
    assert r.relative_likelihood is None and r.p_value is None and r.significant is None
    assert r.within_non_adverse_range is None
    assert r.a_rate_pct == pytest.approx(30.0) and r.b_rate_pct is None


def test_relative_likelihood_is_null_when_no_white_staff_in_denominator() -> None:
    r = relative_likelihood(0, 0, 3, 10)
    assert r.status == "not_calculable"
    assert "there are no White staff in the denominator" in r.reason
    assert r.relative_likelihood is None and r.p_value is None
    assert r.a_rate_pct is None and r.b_rate_pct == pytest.approx(30.0)


def test_relative_likelihood_is_null_when_both_denominators_empty() -> None:
    r = relative_likelihood(0, 0, 0, 0, a_label="Non-disabled", b_label="Disabled")
    assert r.status == "not_calculable"
    assert "Non-disabled" in r.reason and "Disabled" in r.reason
    assert all(v is None for v in (r.relative_likelihood, r.ci_low, r.ci_high, r.p_value, r.a_rate_pct))


# --------------------------------------------------------------------------------------------------
# relative_likelihood: bad input
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-1, 10, 1, 10), "White cases must not be negative"),
        ((1, -10, 1, 10), "White total must not be negative"),
        ((1, 10, -1, 10), "BME cases must not be negative"),
        ((1, 10, 1, -1), "BME total must not be negative"),
        ((11, 10, 1, 10), r"White cases \(11\) exceed the White total \(10\)"),
        ((1, 10, 12, 10), r"BME cases \(12\) exceed the BME total \(10\)"),
        ((1.5, 10, 1, 10), "White cases must be a whole number"),
        ((1, 10.2, 1, 10), "White total must be a whole number"),
        (("3", 10, 1, 10), "White cases must be a whole number"),
        ((None, 10, 1, 10), "White cases must be a whole number"),
        ((True, 10, 1, 10), "boolean"),
        ((float("nan"), 10, 1, 10), "whole number"),
        ((1, float("inf"), 1, 10), "whole number"),
        ((1, 10, 1, np.float64(2.5)), "BME total must be a whole number"),
    ],
)
def test_relative_likelihood_rejects_bad_counts(args: tuple, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        relative_likelihood(*args)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, 95, float("nan"), "0.95", None, True])
def test_relative_likelihood_rejects_bad_confidence(confidence: object) -> None:
    with pytest.raises(ValueError, match="confidence"):
        relative_likelihood(30, 92, 9, 95, confidence=confidence)


def test_relative_likelihood_reason_uses_custom_labels_in_errors() -> None:
    with pytest.raises(ValueError, match="Disabled cases"):
        relative_likelihood(1, 10, 11, 10, a_label="Non-disabled", b_label="Disabled")


def test_relative_likelihood_result_is_frozen() -> None:
    r = relative_likelihood(30, 92, 9, 95)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.relative_likelihood = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# within_non_adverse_range
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rl", "expected"),
    [
        (0.80, True),
        (1.0, True),
        (1.25, True),
        (0.7999, False),
        (1.2501, False),
        (0.0, False),
        (3.44, False),
        (None, None),
        (float("nan"), None),
        (float("inf"), None),
    ],
)
def test_within_non_adverse_range(rl: float | None, expected: bool | None) -> None:
    assert within_non_adverse_range(rl) is expected


def test_within_non_adverse_range_custom_bounds() -> None:
    assert within_non_adverse_range(1.4, low=0.5, high=1.5) is True
    assert within_non_adverse_range(0.9, low=0.95, high=1.05) is False


# --------------------------------------------------------------------------------------------------
# count_from_percent and percent_consistent_with_count
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "respondents", "expected"),
    [
        (2.17, 46, 1),  # BLMK 2023 survey, indicator 5 BME: 2.17 x 46 / 100 = 0.998
        (7.05, 227, 16),  # indicator 5 White: 7.05 x 227 / 100 = 16.0035
        (18.75, 48, 9),  # indicator 8 BME: 18.75 x 48 / 100 = 9 exactly
        (25.5, 47, 12),  # indicator 6 BME: 25.5 x 47 / 100 = 11.985
        (2.6, 227, 6),  # indicator 8 White: 5.902
        (0.0, 30, 0),
        (100.0, 30, 30),
        (50.0, 0, 0),
        (12.5, 4, 1),  # 0.5 exactly: half up
        (62.5, 4, 3),  # 2.5 exactly: half up (banker's rounding would give 2)
        (0.5, 100, 1),  # 0.5 exactly: half up (banker's rounding would give 0)
        (9.2, 375, 35),  # 9.2 x 375 = 3450, so 34.5 exactly; binary floats give 34.49999999999999
    ],
)
def test_count_from_percent(percent: float, respondents: int, expected: int) -> None:
    assert count_from_percent(percent, respondents) == expected


@pytest.mark.parametrize(
    ("percent", "respondents", "match"),
    [
        (-0.1, 10, "percent"),
        (100.1, 10, "percent"),
        (float("nan"), 10, "percent"),
        (float("inf"), 10, "percent"),
        ("7", 10, "percent"),
        (None, 10, "percent"),
        (7.0, -1, "respondents must not be negative"),
        (7.0, 2.5, "respondents must be a whole number"),
        (7.0, None, "respondents must be a whole number"),
    ],
)
def test_count_from_percent_rejects_bad_input(percent: object, respondents: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        count_from_percent(percent, respondents)


@pytest.mark.parametrize(
    ("percent", "respondents", "decimals", "expected"),
    [
        (2.17, 46, None, True),  # 1/46 = 2.1739 -> 2.17
        (2.2, 46, None, True),  # ... -> 2.2 at one decimal
        (2.18, 46, None, False),  # nothing over 46 lands in [2.175, 2.185]
        (2.2, 46, 2, False),  # written "2.20": 2.1739 is not within 0.005
        (7.05, 227, None, True),  # 16/227 = 7.0485
        (18.75, 48, None, True),  # 9/48 exactly
        (25.0, 48, None, True),  # BLMK indicator 7 BME: 12/48
        (33.3, 48, None, True),  # 16/48 = 33.33
        (50.0, 3, None, False),  # 0, 33.3, 66.7, 100 only
        (25.0, 13, None, False),  # BLMK's "25% BME for 2 of 13" board members: 2/13 = 15.4, 3/13 = 23.1
        (15.38, 13, None, True),  # 2/13 = 15.3846
        (0.0, 5, None, True),
        (100.0, 5, None, True),
        (12.5, 0, None, False),  # no respondents: no percentage is possible
        (33.0, 3, 0, True),  # 1/3 = 33.33 -> 33 when written with no decimals
        (33.33, 3, 2, True),
        (33.34, 3, 2, False),
        (16.7, 6, None, True),  # 1/6 = 16.667 -> 16.7
    ],
)
def test_percent_consistent_with_count(
    percent: float, respondents: int, decimals: int | None, expected: bool
) -> None:
    assert percent_consistent_with_count(percent, respondents, decimals) is expected


def test_percent_consistent_with_count_allows_half_a_unit_either_side() -> None:
    # 1/8 = 12.5%: with no decimals, 13 (half up) and 12 (half to even) are both legitimate roundings.
    assert percent_consistent_with_count(12.0, 8, decimals=0) is True
    assert percent_consistent_with_count(13.0, 8, decimals=0) is True
    assert percent_consistent_with_count(11.0, 8, decimals=0) is False
    assert percent_consistent_with_count(14.0, 8, decimals=0) is False


@pytest.mark.parametrize(
    ("percent", "respondents", "decimals", "match"),
    [
        (101.0, 10, None, "percent"),
        (-1.0, 10, None, "percent"),
        (10.0, -1, None, "respondents"),
        (10.0, 1.5, None, "respondents"),
        (10.0, 10, -1, "decimals"),
        (10.0, 10, 1.5, "decimals"),
    ],
)
def test_percent_consistent_with_count_rejects_bad_input(
    percent: float, respondents: object, decimals: object, match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        percent_consistent_with_count(percent, respondents, decimals)


# --------------------------------------------------------------------------------------------------
# compare_percentages
# --------------------------------------------------------------------------------------------------


def test_compare_percentages_blmk_indicator_5() -> None:
    # BLMK ICB 2023 survey: White 7.05% of 227 (16 yes), BME 2.17% of 46 (1 yes).
    c = compare_percentages(7.05, 227, 2.17, 46)
    assert c.status == "ok" and c.reason is None and c.tested is True
    assert c.difference_pp == pytest.approx(2.17 - 7.05)
    # The brief: no float noise. round(-4.879999999999999, 10) is the float written -4.88.
    assert c.difference_pp == -4.88
    table = [[16, 227 - 16], [1, 46 - 1]]
    assert c.p_value == pytest.approx(fisher_by_hypergeom(table), rel=1e-9)
    assert c.p_value == pytest.approx(sps.fisher_exact(table).pvalue, rel=1e-12)
    assert c.significant is False
    assert (c.a_label, c.a_pct, c.a_n, c.b_label, c.b_pct, c.b_n) == ("White", 7.05, 227, "BME", 2.17, 46)


def test_compare_percentages_blmk_indicator_8_is_significant() -> None:
    # White 2.6% of 227 -> 6 yes; BME 18.75% of 48 -> 9 yes.
    c = compare_percentages(2.6, 227, 18.75, 48)
    assert c.difference_pp == pytest.approx(16.15)
    table = [[6, 221], [9, 39]]
    assert c.p_value == pytest.approx(fisher_by_hypergeom(table), rel=1e-9)
    assert c.p_value < SIGNIFICANCE_LEVEL
    assert c.significant is True


def test_compare_percentages_blmk_indicator_7() -> None:
    # White 51.5% of 229 -> 117.935 -> 118 yes; BME 25% of 48 -> 12 yes.
    c = compare_percentages(51.5, 229, 25.0, 48)
    assert c.difference_pp == pytest.approx(-26.5)
    assert c.p_value == pytest.approx(sps.fisher_exact([[118, 111], [12, 36]]).pvalue, rel=1e-12)
    assert c.significant is True


def test_compare_percentages_equal_percentages_give_p_one() -> None:
    c = compare_percentages(50.0, 20, 50.0, 20)
    assert c.difference_pp == 0.0
    assert c.p_value == pytest.approx(1.0)
    assert c.significant is False


@pytest.mark.parametrize(
    ("a_n", "b_n", "expected_reason"),
    [
        (
            227,
            8,
            f"fewer than 11 respondents in the BME group{SUPPRESSED}",
        ),
        (
            10,
            46,
            f"fewer than 11 respondents in the White group{SUPPRESSED}",
        ),
        (None, 46, "the number of White respondents is not known, so no test is made"),
        (227, None, "the number of BME respondents is not known, so no test is made"),
    ],
)
def test_compare_percentages_is_untested_with_few_or_unknown_respondents(
    a_n: int | None, b_n: int | None, expected_reason: str
) -> None:
    c = compare_percentages(7.05, a_n, 2.17, b_n)
    assert c.status == "ok"
    assert c.tested is False
    assert c.p_value is None and c.significant is None
    assert c.difference_pp == pytest.approx(-4.88)
    assert c.reason == expected_reason


def test_compare_percentages_both_groups_small_names_both() -> None:
    c = compare_percentages(10.0, 5, 20.0, 3)
    assert c.tested is False
    assert "White" in c.reason and "BME" in c.reason and "suppresses" in c.reason


def test_compare_percentages_eleven_respondents_are_tested() -> None:
    # Boundary: 11 is not "fewer than 11". 2 of 11 = 18.18%, 9 of 11 = 81.82%.
    c = compare_percentages(18.18, 11, 81.82, 11)
    assert c.tested is True
    assert c.p_value == pytest.approx(sps.fisher_exact([[2, 9], [9, 2]]).pvalue, rel=1e-12)


def test_compare_percentages_custom_minimum() -> None:
    c = compare_percentages(18.18, 11, 81.82, 11, min_respondents=20)
    assert c.tested is False
    assert "fewer than 20 respondents" in c.reason


@pytest.mark.parametrize(
    ("a_pct", "b_pct", "missing"),
    [(None, 2.17, "White"), (7.05, None, "BME"), (None, None, "White or BME")],
)
def test_compare_percentages_not_calculable_without_a_percentage(
    a_pct: float | None, b_pct: float | None, missing: str
) -> None:
    c = compare_percentages(a_pct, 227, b_pct, 46)
    assert c.status == "not_calculable"
    assert f"no percentage for the {missing} group" in c.reason
    assert c.difference_pp is None and c.p_value is None and c.significant is None
    assert c.tested is False


def test_compare_percentages_labels_follow_groups() -> None:
    c = compare_percentages(None, 10, 5.0, 10, a_label="Non-disabled", b_label="Disabled")
    assert (c.a_label, c.b_label) == ("Non-disabled", "Disabled")
    assert "Non-disabled" in c.reason


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-0.5, 20, 10.0, 20), "White percent"),
        ((10.0, 20, 100.5, 20), "BME percent"),
        ((float("nan"), 20, 10.0, 20), "White percent"),
        ((10.0, 20, float("inf"), 20), "BME percent"),
        (("10", 20, 10.0, 20), "White percent"),
        ((10.0, -1, 10.0, 20), "White respondents must not be negative"),
        ((10.0, 20, 10.0, 20.5), "BME respondents must be a whole number"),
    ],
)
def test_compare_percentages_rejects_bad_input(args: tuple, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        compare_percentages(*args)


def test_compare_percentages_warns_in_log_when_percent_is_not_a_whole_count(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("WARNING", logger="wreslib.legacy.measures.stats"):
        compare_percentages(50.0, 13, 10.0, 20)  # 50% of 13 is 6.5 people
    assert "not a whole number" in caplog.text


# --------------------------------------------------------------------------------------------------
# proportion_ci
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe RG (1998) Stat Med 17:857-872, Table I, Wilson score method (proportions, 4 dp).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_proportion_ci_matches_newcombe_1998(k: int, n: int, low: float, high: float) -> None:
    ci = proportion_ci(k, n)
    assert ci is not None
    assert ci[0] == pytest.approx(100 * low, abs=0.005 + 1e-9)
    assert ci[1] == pytest.approx(100 * high, abs=0.005 + 1e-9)


@pytest.mark.parametrize(("k", "n", "confidence"), [(9, 95, 0.95), (30, 92, 0.90), (95, 95, 0.99)])
def test_proportion_ci_matches_wilson_formula(k: int, n: int, confidence: float) -> None:
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    assert proportion_ci(k, n, confidence) == (
        pytest.approx(wilson_by_hand(k, n, z)[0], abs=1e-9),
        pytest.approx(wilson_by_hand(k, n, z)[1], abs=1e-9),
    )


def test_proportion_ci_is_none_for_empty_group() -> None:
    assert proportion_ci(0, 0) is None


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-1, 10), "cases must not be negative"),
        ((1, -10), "total must not be negative"),
        ((11, 10), r"cases \(11\) exceed the total \(10\)"),
        ((1.5, 10), "whole number"),
        ((1, 10, 1.0), "confidence"),
        ((1, 10, 0.0), "confidence"),
    ],
)
def test_proportion_ci_rejects_bad_input(args: tuple, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        proportion_ci(*args)


# --------------------------------------------------------------------------------------------------
# Properties (hypothesis)
# --------------------------------------------------------------------------------------------------


@st.composite
def group(draw: st.DrawFn, max_total: int = 300) -> tuple[int, int]:
    total = draw(st.integers(0, max_total))
    return draw(st.integers(0, total)), total


def assert_no_nan_or_inf(result: object) -> None:
    for value in float_fields(result):
        assert math.isfinite(value), result


@settings(max_examples=300, deadline=None)
@given(a=group(), b=group())
def test_property_swapping_groups_inverts_ratio_and_interval(a: tuple[int, int], b: tuple[int, int]) -> None:
    ab = relative_likelihood(*a, *b)
    ba = relative_likelihood(*b, *a)
    if ab.relative_likelihood and ba.relative_likelihood:  # both defined and non-zero
        assert ab.relative_likelihood * ba.relative_likelihood == pytest.approx(1.0)
    if ab.ci_low is not None and ba.ci_high is not None:
        assert ab.ci_low == pytest.approx(1 / ba.ci_high)
        assert ab.ci_high == pytest.approx(1 / ba.ci_low)
    # Fisher's two-sided test does not care which row is which.
    if ab.p_value is not None:
        assert ab.p_value == pytest.approx(ba.p_value)
    assert ab.significant == ba.significant or ab.status != ba.status


@settings(max_examples=300, deadline=None)
@given(a=group(), b=group())
def test_property_relative_likelihood_invariants(a: tuple[int, int], b: tuple[int, int]) -> None:
    r = relative_likelihood(*a, *b)
    assert isinstance(r, RelativeLikelihood)
    assert_no_nan_or_inf(r)
    assert r.status in {"ok", "not_calculable"}
    assert (r.status == "ok") == (a[1] > 0 and b[1] > 0 and b[0] > 0)
    if r.status != "ok":
        assert r.reason and r.relative_likelihood is None and r.significant is None
    if r.relative_likelihood is not None:
        assert r.relative_likelihood == pytest.approx((a[0] / a[1]) / (b[0] / b[1]))
    assert r.within_non_adverse_range == (
        None if r.relative_likelihood is None else 0.8 <= r.relative_likelihood <= 1.25
    )
    if r.ci_low is not None:
        assert r.ci_low <= r.relative_likelihood * (1 + 1e-12)
        assert r.relative_likelihood <= r.ci_high * (1 + 1e-12)
        assert r.significance_basis == "confidence_interval"
        assert r.significant == (not r.ci_low <= 1.0 <= r.ci_high)
    if r.p_value is not None:
        assert 0.0 <= r.p_value <= 1.0
        table = [[a[0], a[1] - a[0]], [b[0], b[1] - b[0]]]
        assert r.p_value == pytest.approx(sps.fisher_exact(table).pvalue, rel=1e-9, abs=1e-300)
    if r.significance_basis == "fisher_exact":
        assert r.significant == (r.p_value < SIGNIFICANCE_LEVEL)
    for rate, (cases, total) in ((r.a_rate_pct, a), (r.b_rate_pct, b)):
        assert rate is None if total == 0 else rate == pytest.approx(100 * cases / total)


percent_2dp = st.integers(0, 10000).map(lambda cents: cents / 100)
respondents = st.one_of(st.none(), st.integers(0, 400))


@settings(max_examples=300, deadline=None)
@given(
    a_pct=st.one_of(st.none(), percent_2dp),
    a_n=respondents,
    b_pct=st.one_of(st.none(), percent_2dp),
    b_n=respondents,
)
def test_property_compare_percentages_is_antisymmetric(
    a_pct: float | None, a_n: int | None, b_pct: float | None, b_n: int | None
) -> None:
    ab = compare_percentages(a_pct, a_n, b_pct, b_n)
    ba = compare_percentages(b_pct, b_n, a_pct, a_n)
    assert isinstance(ab, ProportionComparison)
    assert_no_nan_or_inf(ab)
    assert ab.status == ba.status and ab.tested == ba.tested
    if ab.difference_pp is not None:
        assert ab.difference_pp == pytest.approx(-ba.difference_pp)
        assert ab.difference_pp == pytest.approx(b_pct - a_pct)
    if ab.p_value is not None:
        assert 0.0 <= ab.p_value <= 1.0
        assert ab.p_value == pytest.approx(ba.p_value)
        assert ab.significant == (ab.p_value < SIGNIFICANCE_LEVEL)
    expected_tested = (
        a_pct is not None
        and b_pct is not None
        and a_n is not None
        and b_n is not None
        and min(a_n, b_n) >= MIN_SURVEY_RESPONDENTS
    )
    assert ab.tested == expected_tested
    assert (ab.p_value is not None) == ab.tested


@settings(max_examples=500, deadline=None)
@given(n=st.integers(1, 5000), data=st.data())
def test_property_published_percentages_round_trip_to_counts(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, n))
    published = round(100 * k / n, 2)
    assert percent_consistent_with_count(published, n)
    # At 2 decimals the rounding error is at most 0.005 pp, i.e. 0.00005 n people: below half a person.
    assert count_from_percent(published, n) == k


@settings(max_examples=300, deadline=None)
@given(percent=st.floats(0, 100), n=st.integers(0, 10_000))
def test_property_count_from_percent_is_nearest_whole_count(percent: float, n: int) -> None:
    k = count_from_percent(percent, n)
    assert 0 <= k <= n
    assert abs(k - percent * n / 100) <= 0.5 + 1e-6


@settings(max_examples=200, deadline=None)
@given(kn=group(max_total=2000), confidence=st.floats(0.5, 0.999))
def test_property_proportion_ci_contains_estimate(kn: tuple[int, int], confidence: float) -> None:
    k, n = kn
    assume(n > 0)
    ci = proportion_ci(k, n, confidence)
    assert ci is not None
    low, high = ci
    assert all(math.isfinite(v) for v in ci)
    assert 0.0 <= low <= 100 * k / n + 1e-9
    assert 100 * k / n - 1e-9 <= high <= 100.0


def test_log_of_ratio_is_symmetric_around_parity_for_blmk() -> None:
    # The log interval is symmetric on the log scale: log(rl) is the midpoint of log(low) and log(high).
    r = relative_likelihood(30, 92, 9, 95)
    assert log(r.relative_likelihood) == pytest.approx((log(r.ci_low) + log(r.ci_high)) / 2)
