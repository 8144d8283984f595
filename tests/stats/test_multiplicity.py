"""Holm's adjustment (wreslib.stats.multiplicity), against hand calculation and its defining property."""

from __future__ import annotations

import numpy as np
import pytest

from wreslib.stats.multiplicity import holm


def test_worked_by_hand():
    # Sorted 0.01, 0.02, 0.03, 0.5 (m = 4): 4·0.01 = 0.04, 3·0.02 = 0.06, 2·0.03 = 0.06, 1·0.5 = 0.5.
    assert holm([0.03, 0.5, 0.01, 0.02]).tolist() == pytest.approx([0.06, 0.5, 0.04, 0.06])


def test_untested_entries_stay_untested_and_do_not_count():
    adjusted = holm([0.01, float("nan"), 0.04])
    assert np.isnan(adjusted[1])
    assert adjusted[[0, 2]].tolist() == pytest.approx([0.02, 0.04])


def test_adjusted_never_below_raw_and_capped_at_one():
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 50)
    adjusted = holm(p)
    assert np.all(adjusted >= p) and np.all(adjusted <= 1)


def test_family_wise_error_rate_is_at_most_five_percent_under_the_null():
    rng = np.random.default_rng(11)
    p = rng.uniform(0, 1, (20_000, 15))
    any_false = np.array([np.any(holm(row) < 0.05) for row in p[:5000]])
    assert any_false.mean() <= 0.05 + 0.01


@pytest.mark.parametrize("bad", [[-0.1], [1.2]])
def test_probabilities_outside_zero_to_one_are_refused(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        holm(bad)


def test_grouped_adjustment_equals_one_holm_per_group():
    from wreslib.stats.multiplicity import holm_grouped

    rng = np.random.default_rng(4)
    p = rng.uniform(0, 0.2, 300)
    p[rng.integers(0, 300, 20)] = np.nan
    groups = rng.integers(0, 25, 300)
    adjusted = holm_grouped(p, groups)
    for g in range(25):
        mask = groups == g
        assert np.allclose(adjusted[mask], holm(p[mask]), equal_nan=True)
