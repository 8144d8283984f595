"""Statistics with no knowledge of the WRES: numbers and arrays in, numbers and arrays out.

One module per family of statistic (as the public-health statistics packages are laid out):

- :mod:`~wreslib.stats.ratio`: a ratio of two proportions, its score test and score interval
  (Miettinen-Nurminen), vectorised; the relative likelihoods of indicators 1-4.
- :mod:`~wreslib.stats.difference`: a difference of two proportions, its score test and interval;
  the survey gaps of indicators 5-8 and year-on-year survey changes.
- :mod:`~wreslib.stats.change`: tests of change between two years (ratio of ratios; change of a gap).
- :mod:`~wreslib.stats.representation`: the exact chance of a body (a board) this unrepresentative.
- :mod:`~wreslib.stats.multiplicity`: Holm's adjustment for the number of tests.
- :mod:`~wreslib.stats.funnel`: funnel-plot positions, limits and over-dispersion.
- :mod:`~wreslib.stats.counts`: yes-counts behind survey percentages; the GRIM consistency check.

Every function here is pure; numpy and scipy.special are the only dependencies. An interval and the
test shown beside it always come from one statistic, so they cannot disagree.
"""

from wreslib.stats.change import gap_change, ratio_change
from wreslib.stats.counts import count_from_percent, percent_consistent_with_count
from wreslib.stats.difference import DifferenceTest, difference_score, difference_test
from wreslib.stats.funnel import Z_95, Z_998, dispersion, positions
from wreslib.stats.multiplicity import holm
from wreslib.stats.ratio import RatioTest, ratio_score, ratio_test
from wreslib.stats.representation import representation_test

#: The significance level of every test the reports state (two-sided unless the claim is one-sided).
SIGNIFICANCE_LEVEL = 0.05

__all__ = [
    "SIGNIFICANCE_LEVEL",
    "Z_95",
    "Z_998",
    "DifferenceTest",
    "RatioTest",
    "count_from_percent",
    "difference_score",
    "difference_test",
    "dispersion",
    "gap_change",
    "holm",
    "percent_consistent_with_count",
    "positions",
    "ratio_change",
    "ratio_score",
    "ratio_test",
    "representation_test",
]
