"""The chance of a board this unrepresentative (wreslib.stats.representation)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wreslib.stats.representation import representation_test


def test_board_of_thirteen_with_two_bme_against_a_24_percent_workforce_by_hand():
    expected = sum(math.comb(13, k) * 0.24**k * 0.76 ** (13 - k) for k in range(3))
    r = representation_test(2, 13, 0.24)
    assert float(r.p_lower[0]) == pytest.approx(expected)
    assert float(r.short[0]) == pytest.approx(13 * 0.24 - 2)


def test_a_board_without_bme_members_is_unlikely_by_chance_but_not_impossible():
    assert float(representation_test(0, 13, 0.24).p_lower[0]) == pytest.approx(0.76**13)


def test_random_boards_are_called_unrepresentative_at_most_one_time_in_twenty():
    # Boards of 13 drawn at random from a 24% BME workforce: the exact test keeps its promise.
    rng = np.random.default_rng(13)
    members = rng.binomial(13, 0.24, 200_000)
    p = representation_test(members, 13, 0.24).p_lower
    assert np.mean(p < 0.05) <= 0.05


def test_an_empty_board_is_not_calculable():
    assert not representation_test(0, 0, 0.3).calculable[0]


def test_share_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="share"):
        representation_test(1, 10, 1.5)


def test_exact_bounds_match_the_beta_quantiles_of_clopper_and_pearson():
    from scipy.stats import beta

    from wreslib.stats.representation import representation_bounds

    k = np.array([0, 2, 5, 13])
    b = representation_bounds(k, 13)
    # Clopper-Pearson one-sided 95% bounds: lower = Beta(k, n−k+1) 5% quantile, upper = Beta(k+1, n−k) 95%.
    assert b.lower[0] == 0.0 and b.upper[-1] == 1.0
    assert b.lower[1:] == pytest.approx(beta.ppf(0.05, k[1:], 13 - k[1:] + 1))
    assert b.upper[:-1] == pytest.approx(beta.ppf(0.95, k[:-1] + 1, 13 - k[:-1]))


def test_the_upper_bound_falls_below_the_workforce_share_exactly_when_the_test_rejects():
    from wreslib.stats.representation import representation_bounds

    members = np.repeat(np.arange(0, 21), 3)
    size = np.full(members.shape, 20)
    share = np.tile([0.1, 0.3, 0.55], 21)
    test = representation_test(members, size, share)
    bounds = representation_bounds(members, size)
    assert np.array_equal(bounds.upper < share, test.p_lower < 0.05)
