"""The score test and interval for a difference of two proportions (wreslib.stats.difference).

Bounds are checked against the statistic with its restricted estimates found by direct numerical
maximisation of the likelihood (written here, independent of the closed-form cubic in the module).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import norm

from wreslib.stats.difference import difference_score, difference_statistic, difference_test

CRITICAL = norm.ppf(0.975)


def brute_z(delta: float, x1: int, n1: int, x2: int, n2: int) -> float:
    lo, hi = max(0.0, delta), min(1.0, 1.0 + delta)

    def nll(p1: float) -> float:
        p2, tiny = p1 - delta, 1e-300
        return -(x1 * np.log(max(p1, tiny)) + (n1 - x1) * np.log(max(1 - p1, tiny))
                 + x2 * np.log(max(p2, tiny)) + (n2 - x2) * np.log(max(1 - p2, tiny)))

    p1 = minimize_scalar(nll, bounds=(lo + 1e-13, hi - 1e-13), method="bounded", options={"xatol": 1e-14}).x
    p2 = p1 - delta
    big_n = n1 + n2
    variance = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) * big_n / (big_n - 1)
    return (x1 / n1 - x2 / n2 - delta) / np.sqrt(variance)


@pytest.mark.parametrize("pair", [(12, 48, 118, 229), (1, 46, 16, 227), (0, 20, 5, 30), (20, 20, 25, 30),
                                  (3, 11, 3, 11), (0, 10, 0, 12), (10, 10, 12, 12), (150, 900, 400, 3000)])
def test_bounds_sit_where_the_directly_maximised_statistic_is_critical(pair):
    t = difference_test(*pair)
    assert brute_z(t.low, *pair) == pytest.approx(CRITICAL, abs=1e-5)
    assert brute_z(t.high, *pair) == pytest.approx(-CRITICAL, abs=1e-5)


def test_statistic_at_zero_is_the_pooled_z_with_the_n_over_n_minus_one_correction():
    # By hand: pooled 130/277, variance p(1-p)(1/48 + 1/229)·277/276.
    pooled = 130 / 277
    se = np.sqrt(pooled * (1 - pooled) * (1 / 48 + 1 / 229) * 277 / 276)
    assert float(difference_statistic(0.0, 12, 48, 118, 229)) == pytest.approx((12 / 48 - 118 / 229) / se)


def test_p_value_is_two_sided_normal_tail_of_the_statistic():
    t = difference_test(12, 48, 118, 229)
    assert t.p == pytest.approx(2 * norm.sf(abs(t.z)))


def test_identical_groups_give_symmetric_interval_and_p_one():
    t = difference_test(3, 11, 3, 11)
    assert t.estimate == 0 and t.p == 1.0 and t.low == pytest.approx(-t.high)


def test_everyone_alike_in_both_groups_still_has_an_interval():
    t = difference_test(0, 10, 0, 12)
    assert t.p == 1.0 and t.low < 0 < t.high


def test_no_respondents_is_not_calculable():
    t = difference_test(0, 0, 3, 10)
    assert not t.calculable and t.p is None


def test_swapping_groups_negates_the_difference_and_its_interval():
    a, b = difference_test(12, 48, 118, 229), difference_test(118, 229, 12, 48)
    assert b.estimate == pytest.approx(-a.estimate)
    assert (b.low, b.high) == pytest.approx((-a.high, -a.low), abs=1e-12)


def test_significance_and_interval_agree_for_every_pair_up_to_30_per_group():
    size = np.repeat(np.arange(1, 31), np.arange(2, 32))
    cases = np.concatenate([np.arange(n + 1) for n in range(1, 31)])
    i, j = np.meshgrid(np.arange(size.size), np.arange(size.size), indexing="ij")
    r = difference_score(cases[i.ravel()], size[i.ravel()], cases[j.ravel()], size[j.ravel()])
    assert np.array_equal(r.p < 0.05, (r.low > 0) | (r.high < 0))


def test_significance_and_interval_agree_for_random_survey_sized_pairs():
    rng = np.random.default_rng(7)
    n1, n2 = rng.integers(1, 3000, 100_000), rng.integers(1, 3000, 100_000)
    x1, x2 = rng.binomial(n1, rng.uniform(0, 1, n1.size)), rng.binomial(n2, rng.uniform(0, 1, n2.size))
    r = difference_score(x1, n1, x2, n2)
    assert np.array_equal(r.p < 0.05, (r.low > 0) | (r.high < 0))
