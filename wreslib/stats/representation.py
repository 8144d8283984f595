"""Is a small group (a board) less diverse than chance would make it? An exact binomial tail probability.

Indicator 9 compares the BME share of a board of perhaps a dozen members with the share of a workforce of
hundreds. A board of 13 drawn at random from a workforce that is 24% BME has no BME member 2.8% of the
time and at most two 36% of the time, so a board's share alone says little. The test asks: how often
would a board of this size, its members drawn at random from a population with the workforce's share,
have this few BME members or fewer? That is the lower tail of the binomial distribution,
``P(X ≤ k)`` for ``X ~ Binomial(n, π)``; it is exact (no approximation) and one-sided, because the claim
the report makes is one-sided ("the board under-represents BME staff").

The workforce share π is treated as known: it comes from a headcount of the whole workforce, hundreds or
thousands of people, against a board of a dozen.

References
----------
Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in the case of the binomial.
*Biometrika* 1934;26:404-413 (the exact binomial tail).
NHS England, *Workforce Race Equality Standard technical guidance*, indicator 9.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import bdtr, betaincinv

from wreslib.stats.checks import as_counts

METHOD = "exact binomial probability of so few members from the workforce's share (one-sided)"
BOUNDS_METHOD = "exact (Clopper-Pearson) one-sided bounds, each at 95%"


class RepresentationArrays(NamedTuple):
    """Vectorised: ``expected`` members at the population share, ``short`` = expected − observed
    (positive when under-represented), and ``p_lower`` = P(X ≤ observed) under random draws."""

    expected: np.ndarray
    short: np.ndarray
    p_lower: np.ndarray
    calculable: np.ndarray


def representation_test(members: object, size: object, share: object) -> RepresentationArrays:
    """How likely a group of ``size`` drawn at random at ``share`` has ``members`` or fewer of the group.

    Parameters
    ----------
    members : array_like of int
        Members of the group (BME board members).
    size : array_like of int
        Size of the body (board members, including those of unknown ethnicity).
    share : array_like of float
        The population share (0-1) of the group, e.g. the BME share of the workforce.

    Returns
    -------
    RepresentationArrays

    Examples
    --------
    A board of 13 with 2 BME members against a workforce that is 24% BME: by hand
    P(X ≤ 2) = 0.76^13 + 13 · 0.24 · 0.76^12 + 78 · 0.24² · 0.76^11 = 0.0282 + 0.1159 + 0.2195 = 0.3636.

    >>> r = representation_test(2, 13, 0.24)
    >>> round(float(r.expected[0]), 2), round(float(r.p_lower[0]), 4)
    (3.12, 0.3636)
    """
    k, n = as_counts(members, size, names=("members", "size"))
    share = np.broadcast_to(np.asarray(share, dtype=float), k.shape)
    if np.any((share < 0) | (share > 1)):
        raise ValueError(f"share must lie between 0 and 1, got {share!r}")
    calculable = n > 0
    expected = n * share
    p = np.where(calculable, bdtr(k.astype(np.int64), np.where(calculable, n, 1).astype(np.int64), share), np.nan)
    return RepresentationArrays(
        np.where(calculable, expected, np.nan), np.where(calculable, expected - k, np.nan),
        np.minimum(p, 1.0), calculable,
    )


class ShareBounds(NamedTuple):
    """Exact one-sided bounds for the share behind ``members`` of ``size``: ``lower``, ``upper`` (0-1)."""

    lower: np.ndarray
    upper: np.ndarray
    calculable: np.ndarray


def representation_bounds(members: object, size: object, *, alpha: float = 0.05) -> ShareBounds:
    """Exact (Clopper-Pearson) one-sided ``1 − alpha`` bounds for the share that produced ``members`` of ``size``.

    ``upper`` solves ``P(X ≤ members | size, upper) = alpha`` and ``lower`` solves
    ``P(X ≥ members | size, lower) = alpha`` (0 when ``members`` is 0, 1 when it is ``size``). Because the
    binomial tail falls as the share rises, the population share π lies above ``upper`` exactly when
    :func:`representation_test` gives ``p_lower < alpha``: bounds and test share one basis. A board's
    shortfall in seats, ``size · π − members``, then has the bounds ``size · (π − upper)`` and
    ``size · (π − lower)``, and the first is above 0 exactly when the test calls the board
    unrepresentative. Together the two one-sided bounds make a ``1 − 2 alpha`` two-sided interval.

    Parameters
    ----------
    members, size : array_like of int
        Members of the group and size of the body.
    alpha : float
        One-sided error of each bound (0.05: each bound holds with 95% confidence).

    Returns
    -------
    ShareBounds
        ``nan`` where ``size`` is 0.

    References
    ----------
    Clopper CJ, Pearson ES. *Biometrika* 1934;26:404-413.

    Examples
    --------
    Two BME members of 13: by hand, the upper bound u solves P(X ≤ 2 | 13, u) = 0.05, and at u = 0.4101
    the tail is 0.5899^13 + 13 · 0.4101 · 0.5899^12 + 78 · 0.4101² · 0.5899^11 = 0.0010 + 0.0095 + 0.0395
    = 0.0500. Against a 24% workforce the board is then between 13 · (0.24 − 0.4101) = −2.2 and
    13 · (0.24 − 0.0281) = 2.8 seats short: the test does not call it unrepresentative.

    >>> b = representation_bounds(2, 13)
    >>> round(float(b.lower[0]), 4), round(float(b.upper[0]), 4)
    (0.0281, 0.4101)
    """
    k, n = as_counts(members, size, names=("members", "size"))
    if isinstance(alpha, bool) or not 0.0 < float(alpha) < 0.5:
        raise ValueError(f"alpha must lie strictly between 0 and 0.5, got {alpha!r}")
    calculable = n > 0
    safe_n = np.where(calculable, n, 1.0)
    safe_k = np.where(calculable, k, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = np.where(safe_k > 0, betaincinv(np.maximum(safe_k, 1e-300), safe_n - safe_k + 1.0, alpha), 0.0)
        upper = np.where(safe_k < safe_n, betaincinv(safe_k + 1.0, np.maximum(safe_n - safe_k, 1e-300), 1.0 - alpha),
                         1.0)
    return ShareBounds(np.where(calculable, lower, np.nan), np.where(calculable, upper, np.nan), calculable)
