"""Tests of change between two years: of a ratio of proportions, and of a difference of proportions.

A trend is a claim like any other, so the words "worsened" and "improved" rest on a test of exactly the
change they describe:

- **A relative likelihood** (indicators 1-4) changes by the ratio of the two years' ratios. On the log
  scale the change is ``d = log RR_t − log RR_s`` with variance the sum of the two years' Katz
  variances ``1/x1 − 1/n1 + 1/x2 − 1/n2``; ``z = d / se``, the interval ``exp(d ± z_{1−α/2} se)``. The
  interval and the test share one basis (Wald on the log scale), so the interval excludes 1 exactly when
  p < α. A table with a zero cell (no cases, or every member a case, in a group) has no finite log ratio;
  for this test only it is corrected by adding 0.5 to each of its four cells (Haldane 1956).
- **A survey gap** (indicators 5-8: BME minus White, in proportions) changes by
  ``d = gap_t − gap_s``; the four groups are independent samples, so ``Var(d)`` is the sum of the four
  ``p (1 − p) / n`` (Wald). A proportion of 0 or 1 would give a variance of 0 and is replaced in the
  variance only by ``(k + 0.5) / (n + 1)``. Interval ``d ± z se`` and test share the basis.

The same year-to-year change of one group's survey percentage is a difference of two independent
proportions: :func:`wreslib.stats.difference.difference_score`.

References
----------
Katz D, Baptista J, Azen SP, Pike MC. Obtaining confidence intervals for the risk ratio in cohort studies.
*Biometrics* 1978;34:469-474 (the variance of a log ratio).
Altman DG, Bland JM. Interaction revisited: the difference between two estimates. *BMJ* 2003;326:219
(comparing two estimates by the difference of their logs).
Haldane JBS. The estimation and significance of the logarithm of a ratio of frequencies. *Annals of
Human Genetics* 1956;20:309-311 (the 0.5 correction).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import ndtr, ndtri

from wreslib.stats.checks import as_counts, check_level

RATIO_METHOD = "Wald test of the log ratio of relative likelihoods (Altman and Bland 2003)"
GAP_METHOD = "Wald test of the change in the gap between two independent pairs of proportions"


class ChangeArrays(NamedTuple):
    """Vectorised change results: ``estimate`` (ratio of ratios, or change of gap), interval, z and p.

    ``calculable`` is False where either year's comparison is undefined (then the rest is ``nan``).
    """

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    z: np.ndarray
    p: np.ndarray
    calculable: np.ndarray


def _log_ratio(x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log relative likelihood and its Katz variance, with Haldane's 0.5 where a cell is 0."""
    zero_cell = (x1 == 0) | (x2 == 0) | (x1 == n1) | (x2 == n2)
    half = np.where(zero_cell, 0.5, 0.0)
    a, b = x1 + half, x2 + half
    m1, m2 = n1 + 2 * half, n2 + 2 * half
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rr = np.log(a / m1) - np.log(b / m2)
        variance = 1.0 / a - 1.0 / m1 + 1.0 / b - 1.0 / m2
    return log_rr, variance


def ratio_change(start: tuple[object, object, object, object], end: tuple[object, object, object, object], *,
                 level: float = 0.95) -> ChangeArrays:
    """Test whether a relative likelihood changed between two years: the ratio of the two ratios.

    Parameters
    ----------
    start, end : tuple of (x1, n1, x2, n2), each array_like of int
        The two years' tables: cases and denominators of group 1 (numerator) and group 2.
    level : float, optional
        Confidence level of the interval for the ratio of ratios.

    Returns
    -------
    ChangeArrays
        ``estimate`` is ``RR_end / RR_start`` (from the corrected tables where a cell is 0).

    References
    ----------
    Altman DG, Bland JM. *BMJ* 2003;326:219. Katz D et al. *Biometrics* 1978;34:469-474.

    Examples
    --------
    Indicator 4 of the BLMK example, 2022 to 2024: 116 of 288 White and 48 of 96 BME staff, then 34 of
    288 and 3 of 96. By hand: d = log(3.7778) − log(0.8056) = 1.5453; variance 1/116 − 1/288 + 1/48 −
    1/96 + 1/34 − 1/288 + 1/3 − 1/96 = 0.36440; z = 1.5453 / 0.60366 = 2.5599, p = 0.0105.

    >>> r = ratio_change((116, 288, 48, 96), (34, 288, 3, 96))
    >>> round(float(r.z[0]), 4), round(float(r.p[0]), 4)
    (2.5599, 0.0105)
    """
    alpha = 1.0 - check_level(level)
    critical = float(ndtri(1.0 - alpha / 2.0))
    s = as_counts(*start)
    e = as_counts(*end)
    s, e = np.broadcast_arrays(np.stack(s), np.stack(e))
    calculable = ((s[1] > 0) & (s[3] > 0) & ((s[0] + s[2]) > 0) & (e[1] > 0) & (e[3] > 0) & ((e[0] + e[2]) > 0))
    safe = [np.where(calculable, v, 1.0) for v in (*s, *e)]
    log_s, var_s = _log_ratio(*safe[:4])
    log_e, var_e = _log_ratio(*safe[4:])
    d = log_e - log_s
    se = np.sqrt(var_s + var_e)
    z = d / se
    p = 2.0 * ndtr(-np.abs(z))
    nan = np.full(d.shape, np.nan)
    return ChangeArrays(
        np.where(calculable, np.exp(d), nan), np.where(calculable, np.exp(d - critical * se), nan),
        np.where(calculable, np.exp(d + critical * se), nan), np.where(calculable, z, nan),
        np.where(calculable, p, nan), calculable,
    )


def _variance_part(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    edge = (k == 0) | (k == n)
    p = np.where(edge, (k + 0.5) / (n + 1.0), k / n)
    return p * (1.0 - p) / n


def gap_change(start: tuple[object, object, object, object], end: tuple[object, object, object, object], *,
               level: float = 0.95) -> ChangeArrays:
    """Test whether a gap between two proportions changed between two years (a difference of differences).

    Parameters
    ----------
    start, end : tuple of (k1, n1, k2, n2)
        Each year's yes-counts and respondents of group 1 and group 2; the gap is ``k1/n1 − k2/n2``.

    Returns
    -------
    ChangeArrays
        ``estimate`` is ``gap_end − gap_start`` on the 0-1 scale.

    Examples
    --------
    By hand: gap 2022 = 10/50 − 20/200 = 0.10, gap 2024 = 20/50 − 20/200 = 0.30, d = 0.20; variance
    0.2·0.8/50 + 0.1·0.9/200 + 0.4·0.6/50 + 0.1·0.9/200 = 0.0089, se = 0.094340, z = 2.1200.

    >>> r = gap_change((10, 50, 20, 200), (20, 50, 20, 200))
    >>> round(float(r.estimate[0]), 4), round(float(r.z[0]), 4)
    (0.2, 2.12)
    """
    alpha = 1.0 - check_level(level)
    critical = float(ndtri(1.0 - alpha / 2.0))
    names = ("k1", "n1", "k2", "n2")
    s = as_counts(*start, names=names)
    e = as_counts(*end, names=names)
    s, e = np.broadcast_arrays(np.stack(s), np.stack(e))
    calculable = (s[1] > 0) & (s[3] > 0) & (e[1] > 0) & (e[3] > 0)
    k1s, n1s, k2s, n2s, k1e, n1e, k2e, n2e = (np.where(calculable, v, 1.0) for v in (*s, *e))
    d = (k1e / n1e - k2e / n2e) - (k1s / n1s - k2s / n2s)
    se = np.sqrt(_variance_part(k1s, n1s) + _variance_part(k2s, n2s)
                 + _variance_part(k1e, n1e) + _variance_part(k2e, n2e))
    z = d / se
    p = 2.0 * ndtr(-np.abs(z))
    nan = np.full(d.shape, np.nan)
    return ChangeArrays(
        np.where(calculable, d, nan), np.where(calculable, d - critical * se, nan),
        np.where(calculable, d + critical * se, nan), np.where(calculable, z, nan),
        np.where(calculable, p, nan), calculable,
    )
