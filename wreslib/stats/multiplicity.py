"""Adjusting p-values for the number of tests a report makes (Holm's step-down method).

A WRES report tests a dozen or more comparisons in one year. With twenty tests at the 5% level, one
"significant" result is expected by chance alone even when nothing differs. Holm's method keeps the
chance that *any* result of the family is called significant falsely at most 5% (the family-wise error
rate), whatever the dependence between the tests, and is uniformly more powerful than Bonferroni's.

We chose it over Benjamini and Hochberg's false discovery rate because a board reads each red rating as
a claim on its own: the promise is that the report as a whole makes no false claim with more than a 5%
chance, not that 95% of its claims are true on average.

References
----------
Holm S. A simple sequentially rejective multiple test procedure. *Scandinavian Journal of Statistics*
1979;6:65-70.
"""

from __future__ import annotations

import numpy as np

from wreslib.stats.checks import check_probabilities

METHOD = "Holm (1979) step-down adjustment"


def holm(p_values: object) -> np.ndarray:
    """Holm-adjusted p-values: ``max over j ≤ i of min(1, (m − j + 1) · p_(j))`` in ascending order.

    ``nan`` entries are not tests (a comparison that could not be made): they stay ``nan`` and do not
    count in m.

    Parameters
    ----------
    p_values : array_like of float

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order; reject at level α where ``adjusted < α``.

    References
    ----------
    Holm S. *Scandinavian Journal of Statistics* 1979;6:65-70.

    Examples
    --------
    By hand for p = 0.01, 0.04, 0.03 (m = 3): sorted 0.01, 0.03, 0.04 → 3·0.01 = 0.03, 2·0.03 = 0.06,
    1·0.04 = 0.04 → running maximum 0.03, 0.06, 0.06.

    >>> holm([0.01, 0.04, 0.03, float("nan")]).round(4).tolist()
    [0.03, 0.06, 0.06, nan]
    """
    p = check_probabilities(p_values)
    adjusted = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    m = tested.size
    if m == 0:
        return adjusted
    order = tested[np.argsort(p[tested], kind="stable")]
    steps = np.minimum(1.0, (m - np.arange(m)) * p[order])
    adjusted[order] = np.maximum.accumulate(steps)
    return adjusted


def holm_grouped(p_values: object, groups: object) -> np.ndarray:
    """:func:`holm` applied within each group at once (one family per group), without a Python loop.

    Parameters
    ----------
    p_values : array_like of float
        ``nan`` marks an entry that is not a test.
    groups : array_like
        The family of each p-value (any hashable labels, e.g. an organisation-year key).

    Examples
    --------
    Group b by hand: 2 · 0.01 = 0.02, then 1 · 0.02 = 0.02.

    >>> holm_grouped([0.01, 0.04, 0.03, 0.01, 0.02], ["a", "a", "a", "b", "b"]).round(4).tolist()
    [0.03, 0.06, 0.06, 0.02, 0.02]
    """
    p = check_probabilities(p_values)
    codes = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)[1].ravel()
    if codes.shape != p.shape:
        raise ValueError("p_values and groups must have the same length")
    adjusted = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    if tested.size == 0:
        return adjusted
    g, q = codes[tested], p[tested]
    order = np.lexsort((q, g))
    g_sorted, q_sorted = g[order], q[order]
    sizes = np.bincount(g_sorted, minlength=codes.max() + 1)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rank = np.arange(g_sorted.size) - starts[g_sorted]
    steps = np.minimum(1.0, (sizes[g_sorted] - rank) * q_sorted)
    # A running maximum that restarts in each group, exactly: encode each step by its rank among all the
    # steps (an integer), lift the group's code above every rank, take one running maximum, decode.
    values, rank = np.unique(steps, return_inverse=True)
    lift = values.size + 1
    running = np.maximum.accumulate(g_sorted.astype(np.int64) * lift + rank.ravel())
    lifted = values[running - g_sorted.astype(np.int64) * lift]
    result = np.empty_like(lifted)
    result[order] = lifted
    adjusted[tested] = result
    return adjusted
