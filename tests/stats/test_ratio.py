"""The score test and interval for a ratio of two proportions (wreslib.stats.ratio).

Expected values come from statsmodels (an independent implementation of the same method), from the
statistic worked by hand, or from a direct maximisation of the likelihood written here.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from wreslib.stats.ratio import ratio_score, ratio_test, score_statistic

statsmodels = pytest.importorskip("statsmodels.stats.proportion")


def reference(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float, float]:
    low, high = statsmodels.confint_proportions_2indep(x1, n1, x2, n2, compare="ratio", method="score")
    p = statsmodels.test_proportions_2indep(x1, n1, x2, n2, compare="ratio", method="score").pvalue
    return float(low), float(high), float(p)


def brute_z(theta: float, x1: int, n1: int, x2: int, n2: int) -> float:
    """The score statistic with the restricted estimates found by numerical maximisation (not algebra)."""

    def nll(p2: float) -> float:
        p1 = theta * p2
        tiny = 1e-300
        return -(x1 * np.log(max(p1, tiny)) + (n1 - x1) * np.log(max(1 - p1, tiny))
                 + x2 * np.log(max(p2, tiny)) + (n2 - x2) * np.log(max(1 - p2, tiny)))

    upper = min(1.0, 1.0 / theta)
    p2 = minimize_scalar(nll, bounds=(1e-12, upper - 1e-13), method="bounded", options={"xatol": 1e-14}).x
    p1 = theta * p2
    big_n = n1 + n2
    variance = (p1 * (1 - p1) / n1 + theta**2 * p2 * (1 - p2) / n2) * big_n / (big_n - 1)
    return (x1 / n1 - theta * x2 / n2) / np.sqrt(variance)


@pytest.mark.parametrize("table", [
    (30, 92, 9, 95),     # indicator 2 of the BLMK example, 2024
    (21, 92, 11, 95),    # the first auditor case: Katz said significant, Fisher p = 0.052
    (28, 92, 17, 95),    # Katz printed "1.00 to 2.89" and called it significant
    (10, 92, 3, 95),     # Fisher p = 0.046 while Katz said not significant
    (43, 185, 17, 169),
    (116, 288, 48, 96),
    (1, 1000, 3, 20),
])
def test_interval_and_p_value_agree_with_statsmodels(table):
    low, high, p = reference(*table)
    r = ratio_test(*table)
    assert r.low == pytest.approx(low, rel=1e-7)
    assert r.high == pytest.approx(high, rel=1e-7)
    assert r.p == pytest.approx(p, rel=1e-9)


def test_auditor_cases_now_agree_with_themselves():
    # 21/92 against 11/95: one basis says significant by both criteria.
    r = ratio_test(21, 92, 11, 95)
    assert r.p < 0.05 and r.low > 1
    # 10/92 against 3/95: p = 0.039 and the interval excludes 1.
    r = ratio_test(10, 92, 3, 95)
    assert r.p < 0.05 and r.low > 1


def test_hundred_percent_group_bound_inverts_the_statistic():
    # statsmodels 0.15 gives 1.75 here; the statistic itself crosses 1.96 at 1.24 (method notes).
    r = ratio_test(5, 5, 3, 9)
    assert r.low == pytest.approx(1.2405, abs=1e-4)
    assert brute_z(r.low, 5, 5, 3, 9) == pytest.approx(1.959964, abs=1e-5)
    assert brute_z(r.high, 5, 5, 3, 9) == pytest.approx(-1.959964, abs=1e-5)


@pytest.mark.parametrize("table", [(5, 5, 3, 9), (9, 9, 1, 12), (3, 14, 6, 6), (40, 40, 38, 40)])
def test_bounds_sit_where_the_directly_maximised_statistic_is_critical(table):
    r = ratio_test(*table)
    if r.low and r.low > 0:
        assert brute_z(r.low, *table) == pytest.approx(1.959964, abs=1e-5)
    if r.high is not None:
        assert brute_z(r.high, *table) == pytest.approx(-1.959964, abs=1e-5)


def test_statistic_worked_by_hand():
    # pooled 39/187; variance 0.208556·0.791444·(1/92 + 1/95)·187/186; z = 0.231350 / 0.0595870
    assert float(score_statistic(1.0, 30, 92, 9, 95)) == pytest.approx(3.88258, abs=1e-4)


def test_no_cases_in_group_one_gives_ratio_zero_and_finite_upper_bound():
    # The mirror pair of the issue: BME 4 of 96 against White 0 of 288, and the reverse.
    none_white = ratio_test(0, 288, 4, 96)
    assert none_white.estimate == 0.0 and none_white.low == 0.0
    assert none_white.high == pytest.approx(reference(0, 288, 4, 96)[1], rel=1e-7)
    assert none_white.p == pytest.approx(0.000506, abs=1e-6)


def test_no_cases_in_group_two_gives_unbounded_ratio_with_finite_lower_bound():
    r = ratio_test(4, 96, 0, 288)
    assert r.estimate is None and r.infinite and r.high is None
    assert r.low == pytest.approx(reference(4, 96, 0, 288)[0], rel=1e-7)
    assert r.p == pytest.approx(ratio_test(0, 288, 4, 96).p)  # symmetric


def test_zero_over_zero_is_not_calculable_and_has_no_p_value():
    r = ratio_test(0, 96, 0, 288)
    assert not r.calculable and r.p is None and r.estimate is None and r.low is None


def test_no_denominator_is_not_calculable():
    assert not ratio_test(0, 0, 3, 10).calculable


def test_every_member_a_case_in_both_groups_is_parity_with_p_one():
    r = ratio_test(5, 5, 7, 7)
    assert r.estimate == 1.0 and r.p == 1.0 and r.low < 1 < r.high


def test_swapping_groups_inverts_the_ratio_and_its_interval():
    a, b = ratio_test(30, 92, 9, 95), ratio_test(9, 95, 30, 92)
    assert b.estimate == pytest.approx(1 / a.estimate)
    assert b.low == pytest.approx(1 / a.high, rel=1e-9)
    assert b.high == pytest.approx(1 / a.low, rel=1e-9)
    assert b.p == pytest.approx(a.p)


@pytest.mark.parametrize("bad", [(-1, 10, 1, 10), (11, 10, 1, 10), (1.5, 10, 1, 10), (True, 10, 1, 10)])
def test_bad_counts_are_refused_naming_the_argument(bad):
    with pytest.raises(ValueError, match=r"x1|n1"):
        ratio_score(*bad)


def test_bad_level_is_refused():
    with pytest.raises(ValueError, match="level"):
        ratio_score(1, 10, 2, 10, level=1.0)


def test_significance_p_value_and_interval_agree_for_every_table_up_to_40_per_group():
    # Every table with 1..40 in each group: significant (p < 0.05) exactly when the interval excludes 1.
    # One group: every (cases, size) with size 1..40; the tables are every pair of such groups.
    size = np.repeat(np.arange(1, 41), np.arange(2, 42))
    cases = np.concatenate([np.arange(n + 1) for n in range(1, 41)])
    i, j = np.meshgrid(np.arange(size.size), np.arange(size.size), indexing="ij")
    x1, m1, x2, m2 = cases[i.ravel()], size[i.ravel()], cases[j.ravel()], size[j.ravel()]
    rows = x1
    r = ratio_score(x1, m1, x2, m2)
    ok = r.calculable
    significant = r.p[ok] < 0.05
    excludes = (r.low[ok] > 1) | (r.high[ok] < 1)
    assert len(rows) > 700_000
    assert np.array_equal(significant, excludes)
    assert np.all(r.low[ok] <= r.estimate[ok]) and np.all(r.estimate[ok] <= r.high[ok])


def test_significance_and_interval_agree_for_200_000_random_larger_tables():
    rng = np.random.default_rng(20241201)
    n1, n2 = rng.integers(1, 20_000, 200_000), rng.integers(1, 20_000, 200_000)
    x1 = rng.binomial(n1, rng.uniform(0, 1, n1.size) ** 3)  # many small rates, as in disciplinary counts
    x2 = rng.binomial(n2, rng.uniform(0, 1, n2.size) ** 3)
    r = ratio_score(x1, n1, x2, n2)
    ok = r.calculable
    assert np.array_equal(r.p[ok] < 0.05, (r.low[ok] > 1) | (r.high[ok] < 1))


@settings(max_examples=300)
@given(st.integers(1, 5000), st.integers(1, 5000), st.data())
def test_significance_and_interval_agree_for_larger_tables(n1, n2, data):
    x1 = data.draw(st.integers(0, n1))
    x2 = data.draw(st.integers(0, n2))
    r = ratio_test(x1, n1, x2, n2)
    if not r.calculable:
        assert x1 == x2 == 0
        return
    low = r.low
    high = np.inf if r.high is None else r.high
    assert (r.p < 0.05) == (low > 1 or high < 1)
