"""The ratio of two proportions: the score test of ratio = θ0 and the score interval that inverts it.

Indicators 2, 3 and 4 of the WRES are such ratios ("relative likelihoods"). One statistic, the score
statistic of Miettinen and Nurminen, gives both the test and the interval, so the two cannot disagree:
the 95% interval excludes 1 exactly when the test of ratio = 1 gives p < 0.05. Fagerland, Lydersen and
Laake (2015) recommend this interval for the small samples usual in NHS organisations; unlike the log
(Katz) interval it has finite bounds when one group has no cases.

For group 1 with ``x1`` cases of ``n1`` and group 2 with ``x2`` of ``n2``, and a ratio θ = p1 / p2, the
score statistic is

    z(θ) = (p̂1 − θ p̂2) / sqrt( [p̃1 (1 − p̃1) / n1 + θ² p̃2 (1 − p̃2) / n2] · N / (N − 1) )

where p̃1 = θ p̃2 are the maximum-likelihood estimates under the constraint p1 = θ p2 (the smaller root
of ``N θ p² − (θ n1 + x1 + n2 + θ x2) p + (x1 + x2) = 0``) and N / (N − 1) is Miettinen and Nurminen's
variance correction. z(θ) falls as θ rises; the test of θ0 = 1 is ``p = 2 Φ(−|z(1)|)`` and the
interval is ``{θ : |z(θ)| ≤ z_{1−α/2}}``, found here by bisection on log θ to machine precision.

Everything is vectorised over numpy arrays: a whole country's organisations and years in one call.

References
----------
Miettinen O, Nurminen M. Comparative analysis of two rates. *Statistics in Medicine* 1985;4:213-226.
Koopman PAR. Confidence intervals for the ratio of two binomial proportions. *Biometrics*
1984;40:513-517.
Fagerland MW, Lydersen S, Laake P. Recommended confidence intervals for two independent binomial
proportions. *Statistical Methods in Medical Research* 2015;24:224-254.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.special import ndtr, ndtri

from wreslib.stats.checks import as_counts, check_level

#: How many halvings of the bracket on log θ: the bracket of width 2 · log(1e12) shrinks below 1e-15.
_BISECTIONS = 64
#: The bracket of log θ searched for the bounds; counts of people (at most millions) never reach it.
_LOG_LIMIT = float(np.log(1e12))
METHOD = "score (Miettinen-Nurminen)"


class RatioArrays(NamedTuple):
    """Vectorised results: one element per table.

    ``estimate`` is ``(x1/n1) / (x2/n2)``, ``inf`` when only group 2 has no cases and ``nan`` when it is
    undefined (no denominator, or no case in either group); ``low``/``high`` the interval (``0`` and
    ``inf`` are exact bounds when a group has no cases); ``z`` the score statistic at θ0; ``p`` the
    two-sided p-value; ``calculable`` False where the estimate is undefined (then z, p, low and high are
    ``nan``).
    """

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    z: np.ndarray
    p: np.ndarray
    calculable: np.ndarray


def restricted_rates(theta: np.ndarray | float, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray,
                     n2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood p1, p2 under the constraint p1 = θ p2 (Miettinen and Nurminen 1985, appendix).

    Examples
    --------
    At θ = 1 both are the pooled rate: (30 + 9) / (92 + 95).

    >>> [round(float(p), 6) for p in restricted_rates(1.0, 30, 92, 9, 95)]
    [0.208556, 0.208556]
    """
    theta = np.asarray(theta, dtype=float)
    x1, n1, x2, n2 = (np.asarray(v, dtype=float) for v in (x1, n1, x2, n2))
    big_n = n1 + n2
    a = big_n * theta
    b = theta * n1 + x1 + n2 + theta * x2  # minus the linear coefficient, always > 0
    c = x1 + x2
    disc = np.maximum(b * b - 4.0 * a * c, 0.0)
    # The smaller root, written so that it does not lose digits when 4ac is small against b².
    p2 = 2.0 * c / (b + np.sqrt(disc))
    p1 = np.minimum(theta * p2, 1.0)
    return p1, p2


def score_statistic(theta: np.ndarray | float, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray,
                    n2: np.ndarray) -> np.ndarray:
    """Miettinen and Nurminen's score statistic z(θ) for the ratio p1 / p2 (see the module docstring).

    Where its variance is 0 (no case in either group, or every member of both groups a case at θ = 1)
    z is 0 when its numerator is 0 and ±infinity otherwise.

    Examples
    --------
    Worked by hand for 30 of 92 against 9 of 95 at θ = 1: the restricted estimates are the pooled rate
    39 / 187 = 0.208556, the variance 0.208556 · 0.791444 · (1/92 + 1/95) · 187/186 = 0.00355061, and
    z = (0.326087 − 0.094737) / 0.0595870 = 3.8826.

    >>> round(float(score_statistic(1.0, 30, 92, 9, 95)), 4)
    3.8826
    """
    theta = np.asarray(theta, dtype=float)
    x1, n1, x2, n2 = (np.asarray(v, dtype=float) for v in (x1, n1, x2, n2))
    p1, p2 = restricted_rates(theta, x1, n1, x2, n2)
    big_n = n1 + n2
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = (p1 * (1.0 - p1) / n1 + theta * theta * p2 * (1.0 - p2) / n2) * big_n / (big_n - 1.0)
        numerator = x1 / n1 - theta * x2 / n2
        z = numerator / np.sqrt(variance)
    # With no variance left z is 0 where the numerator is 0 and infinite elsewhere (monotone in θ).
    edge = np.where(numerator == 0, 0.0, np.copysign(np.inf, numerator))
    return np.where(variance > 0, z, edge)


def _bound(target: float, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray,
           active: np.ndarray) -> np.ndarray:
    """The θ where z(θ) crosses ``target``, by bisection on log θ; the end kept is on the accepted side.

    Keeping the accepted end (where |z| ≤ the critical value) makes the interval agree with the test
    even at the last binary digit.
    """
    lo = np.full(x1.shape, -_LOG_LIMIT)
    hi = np.full(x1.shape, _LOG_LIMIT)
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        z = score_statistic(np.exp(mid), x1, n1, x2, n2)
        # z falls with θ: above the target the crossing lies to the right.
        right = z > target
        lo = np.where(right, mid, lo)
        hi = np.where(right, hi, mid)
    accepted = hi if target > 0 else lo
    return np.where(active, np.exp(accepted), np.nan)


def ratio_score(x1: object, n1: object, x2: object, n2: object, *, theta0: float = 1.0,
                level: float = 0.95) -> RatioArrays:
    """Score test of ``p1 / p2 = theta0`` and the score interval for ``p1 / p2``, over arrays of tables.

    Parameters
    ----------
    x1, n1 : array_like of int
        Cases and denominators of group 1 (the numerator of the ratio).
    x2, n2 : array_like of int
        Cases and denominators of group 2.
    theta0 : float, optional
        The ratio under the null hypothesis (1, parity, by default).
    level : float, optional
        Confidence level of the interval; the test's significance level is ``1 - level``.

    Returns
    -------
    RatioArrays

    Raises
    ------
    ValueError
        If a count is negative or not whole, a case count exceeds its denominator, or ``level`` is not
        strictly between 0 and 1.

    References
    ----------
    Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226 (the statistic and its inversion).

    Examples
    --------
    Indicator 2 of the BLMK ICB report 2024: 30 of 92 White and 9 of 95 BME shortlisted applicants
    were appointed (statsmodels' ``confint_proportions_2indep(..., method="score")`` gives the same).

    >>> r = ratio_score(30, 92, 9, 95)
    >>> [round(float(v), 4) for v in (r.estimate[0], r.low[0], r.high[0], r.p[0])]
    [3.442, 1.7729, 6.8366, 0.0001]

    A group with no cases keeps a finite bound on the other side (statsmodels agrees):

    >>> r = ratio_score([0, 4], [288, 96], [4, 0], [96, 288])
    >>> [round(float(v), 4) for v in r.low], [round(float(v), 4) for v in r.high]
    ([0.0, 3.1371], [0.3188, inf])
    """
    x1, n1, x2, n2 = as_counts(x1, n1, x2, n2)
    alpha = 1.0 - check_level(level)
    critical = float(ndtri(1.0 - alpha / 2.0))
    calculable = (n1 > 0) & (n2 > 0) & ((x1 + x2) > 0)
    # Where it is undefined, compute on a harmless stand-in table and mask the result afterwards.
    sx1, sn1, sx2, sn2 = (np.where(calculable, v, 1.0) for v in (x1, n1, x2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = np.where(calculable, (sx1 / sn1) / (sx2 / sn2), np.nan)
    z0 = score_statistic(theta0, sx1, sn1, sx2, sn2)
    p = np.where(calculable, 2.0 * ndtr(-np.abs(z0)), np.nan)
    p = np.minimum(p, 1.0)
    significant = p < alpha
    low = np.where(sx1 == 0, 0.0, _bound(critical, sx1, sn1, sx2, sn2, calculable & (sx1 > 0)))
    high = np.where(sx2 == 0, np.inf, _bound(-critical, sx1, sn1, sx2, sn2, calculable & (sx2 > 0)))
    # The interval inverts the same test: where the test does not reject θ0 the interval holds it, and
    # where it rejects, the bound on θ0's side lies strictly beyond θ0.
    low = np.where(~significant, np.minimum(low, theta0), low)
    high = np.where(~significant, np.maximum(high, theta0), high)
    low = np.where(significant & (estimate > theta0) & (low <= theta0), np.nextafter(theta0, np.inf), low)
    high = np.where(significant & (estimate < theta0) & (high >= theta0), np.nextafter(theta0, 0.0), high)
    low = np.where(calculable, low, np.nan)
    high = np.where(calculable, high, np.nan)
    return RatioArrays(estimate, low, high, np.where(calculable, z0, np.nan), p, calculable)


@dataclass(frozen=True)
class RatioTest:
    """One table's ratio of two proportions with its score interval and test (plain floats).

    ``estimate`` is None when undefined (0 ÷ 0, or no denominator) and also when it is infinite (group 2
    has no cases): then ``high`` is None too and ``low`` is finite. ``low`` is 0.0 when group 1 has no
    cases. ``p`` is the two-sided p-value of ratio = θ0 (None only when not calculable).
    """

    estimate: float | None
    low: float | None
    high: float | None
    p: float | None
    z: float | None
    calculable: bool
    infinite: bool
    method: str = METHOD


def _plain(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def ratio_test(x1: int, n1: int, x2: int, n2: int, *, theta0: float = 1.0, level: float = 0.95) -> RatioTest:
    """:func:`ratio_score` for one table, as plain Python values (None for undefined or infinite).

    Examples
    --------
    Five of five against three of nine: the lower bound where z(θ) = 1.96, worked by bisection by hand
    on the statistic, is 1.24 (statsmodels 0.15 gives 1.75 here, a known fault at a rate of 100%).

    >>> t = ratio_test(5, 5, 3, 9)
    >>> round(t.estimate, 2), round(t.low, 2)
    (3.0, 1.24)
    >>> ratio_test(0, 10, 0, 12).calculable
    False
    """
    r = ratio_score([x1], [n1], [x2], [n2], theta0=theta0, level=level)
    estimate = float(r.estimate[0])
    return RatioTest(
        estimate=_plain(estimate), low=_plain(r.low[0]), high=_plain(r.high[0]), p=_plain(r.p[0]),
        z=_plain(r.z[0]), calculable=bool(r.calculable[0]), infinite=bool(np.isinf(estimate)),
    )
