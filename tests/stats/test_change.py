"""Tests of change between two years (wreslib.stats.change), against the issue's and hand calculations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm

from wreslib.stats.change import gap_change, ratio_change


def test_indicator_2_of_the_example_did_not_change_beyond_chance():
    # 2022: 43/185 White, 17/169 BME (2.31); 2024: 30/92, 9/95 (3.44). The issue: p = 0.37.
    r = ratio_change((43, 185, 17, 169), (30, 92, 9, 95))
    assert float(r.p[0]) == pytest.approx(0.3653, abs=1e-4)
    assert float(r.estimate[0]) == pytest.approx((30 / 92) / (9 / 95) / ((43 / 185) / (17 / 169)))


def test_indicator_4_of_the_example_changed_beyond_chance():
    # The issue: only indicator 4's change holds, p = 0.010.
    r = ratio_change((116, 288, 48, 96), (34, 288, 3, 96))
    assert float(r.p[0]) == pytest.approx(0.0105, abs=1e-4)
    assert float(r.low[0]) > 1


def test_ratio_change_interval_agrees_with_its_test():
    rng = np.random.default_rng(3)
    n = rng.integers(5, 500, (4, 20_000))
    x = rng.binomial(n, 0.2)
    start, end = (x[0], n[0], x[1], n[1]), (x[2], n[2], x[3], n[3])
    r = ratio_change(start, end)
    ok = r.calculable
    assert np.array_equal(r.p[ok] < 0.05, (r.low[ok] > 1) | (r.high[ok] < 1))


def test_reversal_across_parity_is_tested_on_the_log_scale():
    # 0.50 to 2.00: a fourfold change, by hand d = log 4, se from the Katz variances.
    start, end = (10, 100, 20, 100), (20, 100, 10, 100)
    r = ratio_change(start, end)
    se = np.sqrt(2 * (1 / 10 - 1 / 100 + 1 / 20 - 1 / 100))
    assert float(r.z[0]) == pytest.approx(np.log(4) / se)
    assert float(r.estimate[0]) == pytest.approx(4.0)


def test_zero_cell_is_corrected_by_a_half_in_each_cell():
    r = ratio_change((0, 50, 5, 50), (5, 50, 5, 50))
    d = np.log(1.0) - np.log((0.5 / 51) / (5.5 / 51))
    var = (1 / 0.5 - 1 / 51 + 1 / 5.5 - 1 / 51) + (1 / 5 - 1 / 50 + 1 / 5 - 1 / 50)
    assert float(r.z[0]) == pytest.approx(d / np.sqrt(var))


def test_not_calculable_when_either_year_is_zero_over_zero():
    assert not ratio_change((0, 10, 0, 10), (1, 10, 2, 10)).calculable[0]


def test_gap_change_worked_by_hand():
    r = gap_change((10, 50, 20, 200), (20, 50, 20, 200))
    se = np.sqrt(0.2 * 0.8 / 50 + 0.1 * 0.9 / 200 + 0.4 * 0.6 / 50 + 0.1 * 0.9 / 200)
    assert float(r.z[0]) == pytest.approx(0.2 / se)
    assert float(r.p[0]) == pytest.approx(2 * norm.sf(0.2 / se))
    assert float(r.low[0]) == pytest.approx(0.2 - norm.ppf(0.975) * se)
