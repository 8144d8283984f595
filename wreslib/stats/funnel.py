"""Funnel plots of a ratio of two proportions: each organisation's position, limits and over-dispersion.

A funnel plot compares organisations of different sizes with a target (parity, or the national value),
drawing control limits that narrow as precision grows (Spiegelhalter 2005). Two things make a funnel
honest, and both are done here:

1. **Each organisation's own precision.** An organisation's standard error at the target depends on its
   own group sizes and its own rate, not on a pooled rate or a pooled BME share: with 40 BME applicants
   of 400 a ratio is far less precise than with 200 of 400. ``s_i`` is the standard error of the log
   ratio at the target θ0, ``sqrt((1 − p̃1)/(n1 p̃1) + (1 − p̃2)/(n2 p̃2))`` with ``p̃`` the restricted
   maximum-likelihood rates under ``p1 = θ0 p2`` (at parity, the organisation's own pooled rate). The
   x-axis is the precision ``1 / s_i²`` and the limits at an organisation are ``θ0 · exp(± z s_i)``.
2. **Calibrated positions.** With the small counts of an ICB the Wald statistic ``log(RR) / s`` is far
   too liberal (at 40 BME applicants and a 10% appointment rate it falls beyond the 95% limits 7.5% of
   the time at exact parity, and beyond 99.8% 1.4%), and a group with no cases has an infinite log ratio.
   The position is therefore taken from the score statistic ``z_i`` of Miettinen and Nurminen at θ0 (the
   test the organisation's own report uses), and each organisation is drawn at
   ``θ0 · exp(z_i s_i)``: the relative likelihood its own test places it at. For ratios from moderate
   counts this is close to the ratio itself; for a group with no cases it is finite. A point lies beyond
   a limit exactly when its own test rejects θ0 at that level, so the picture and the flags cannot
   disagree, and at parity about 5% of organisations fall beyond the 95% limits (checked by simulation
   in the tests).

**Over-dispersion.** When organisations differ from the target by more than chance alone allows (a real
spread of practice between them), ``phi = mean(z_w²)`` of the z-scores winsorised at 10% and 90% exceeds
1; it is tested against ``chi²`` with ``I − 1`` degrees of freedom, and the between-organisation variance

    ``tau² = max(0, (I phi − (I − 1)) / (Σ w − Σ w² / Σ w))``, with ``w = 1 / s²``

widens each organisation's limits to ``θ0 · exp(± z sqrt(s_i² + tau²))`` (the additive random-effects
model of Spiegelhalter 2005, section 5, as used for the SHMI and in NHS-R's FunnelPlotR).

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
2005;24:1185-1202. Spiegelhalter DJ. Handling over-dispersion of performance indicators. *Quality and
Safety in Health Care* 2005;14:347-351.
NHS Digital. Summary Hospital-level Mortality Indicator (SHMI) methodology (winsorisation at 10%).
NHS-R Community, FunnelPlotR (``R/od_adjustment.R``: winsorisation, ``phi``, ``tau2``).
Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226 (the score statistic).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import chdtrc, ndtri

from wreslib.stats.checks import as_counts
from wreslib.stats.ratio import restricted_rates, score_statistic

#: Two-sided normal quantiles of the funnel's limits: 95% ("1 in 20") and 99.8% ("1 in 500").
Z_95 = float(ndtri(0.975))
Z_998 = float(ndtri(0.999))
#: Share of z-scores winsorised at each end before measuring over-dispersion (as the SHMI does).
WINSOR = 0.10
#: Over-dispersion is declared when the dispersion test gives p below this.
DISPERSION_LEVEL = 0.05


class FunnelPositions(NamedTuple):
    """Per organisation: ``z`` (score statistic at θ0), ``se`` (of the log ratio at θ0), ``position``
    (θ0 · exp(z · se), where the point is drawn) and ``precision`` (1 / se²); ``nan`` where not placed."""

    z: np.ndarray
    se: np.ndarray
    position: np.ndarray
    precision: np.ndarray
    placed: np.ndarray


def null_se(theta0: float, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Standard error of the log ratio at ``theta0`` from the restricted rates (delta method).

    Examples
    --------
    By hand at parity for 36 of 360 and 4 of 40: pooled rate 0.1, se = sqrt(0.9/(360·0.1) + 0.9/(40·0.1))
    = sqrt(0.025 + 0.225) = 0.5.

    >>> float(null_se(1.0, 36, 360, 4, 40))
    0.5
    """
    p1, p2 = restricted_rates(theta0, x1, n1, x2, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = (1.0 - p1) / (np.asarray(n1, dtype=float) * p1) + (1.0 - p2) / (np.asarray(n2, dtype=float) * p2)
    return np.sqrt(variance)


def positions(x1: object, n1: object, x2: object, n2: object, *, theta0: float = 1.0) -> FunnelPositions:
    """Where each organisation sits on a funnel around ``theta0`` (see the module docstring).

    An organisation is not placed when its ratio is undefined (no denominator, no case in either group)
    or every member of both groups is a case (no variation to measure).

    Examples
    --------
    The second organisation (no White case of 288, 4 BME of 96) has pooled rate 4 / 384 and, by hand,
    se = sqrt(0.98958 / (288 · 0.0104167) + 0.98958 / (96 · 0.0104167)) = sqrt(0.32986 + 0.98958) = 1.1487.

    >>> f = positions([36, 0], [360, 288], [4, 4], [40, 96])
    >>> [round(float(v), 3) for v in f.z], [round(float(v), 3) for v in f.se]
    ([0.0, -3.478], [0.5, 1.149])
    """
    x1, n1, x2, n2 = as_counts(x1, n1, x2, n2)
    placed = (n1 > 0) & (n2 > 0) & ((x1 + x2) > 0) & ((x1 + x2) < (n1 + n2))
    safe = [np.where(placed, v, 1.0) for v in (x1, n1, x2, n2)]
    safe[0] = np.where(placed, safe[0], 0.0)  # a stand-in table with one case in two: never used
    z = score_statistic(theta0, *safe)
    se = null_se(theta0, *safe)
    placed = placed & np.isfinite(z) & np.isfinite(se) & (se > 0)
    nan = np.full(x1.shape, np.nan)
    z = np.where(placed, z, nan)
    se = np.where(placed, se, nan)
    return FunnelPositions(z, se, theta0 * np.exp(z * se), 1.0 / se ** 2, placed)


def limits(se: object, z: float, *, theta0: float = 1.0, tau2: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper control limits (ratio scale) at standard errors ``se``, widened by ``tau2``.

    Examples
    --------
    >>> low, high = limits([0.5], Z_95)
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.3753, 2.6644)
    """
    s = np.asarray(se, dtype=float)
    half = z * np.sqrt(s * s + tau2)
    return theta0 * np.exp(-half), theta0 * np.exp(half)


def beyond(z_scores: object, se: object, z: float, *, tau2: float = 0.0) -> np.ndarray:
    """+1 above the upper limit, −1 below the lower, 0 within (a point on a limit is within).

    Judged on the same numbers the plot draws: ``|z_i s_i|`` against ``z sqrt(s_i² + tau²)``.
    """
    zs = np.asarray(z_scores, dtype=float)
    s = np.asarray(se, dtype=float)
    distance = zs * s
    bound = z * np.sqrt(s * s + tau2)
    with np.errstate(invalid="ignore"):
        return np.where(distance > bound, 1, np.where(distance < -bound, -1, 0))


class Dispersion(NamedTuple):
    """Over-dispersion of a funnel: ``phi`` (1 = as chance predicts), its test and the spread ``tau2``."""

    organisations: int
    phi: float
    p_value: float
    over_dispersed: bool
    tau2: float
    winsor: float


def dispersion(z_scores: object, se: object, *, winsor: float = WINSOR,
               level: float = DISPERSION_LEVEL) -> Dispersion:
    """Spiegelhalter's dispersion ratio of winsorised z-scores, its chi-squared test and tau².

    Parameters
    ----------
    z_scores, se : array_like of float
        Each placed organisation's z-score and standard error (``nan`` entries are left out).
    winsor : float
        Share of z-scores clipped at each end (10%, as the SHMI and FunnelPlotR).
    level : float
        Over-dispersion is declared when the test of ``I · phi`` against chi² with I − 1 degrees of
        freedom gives p below it; then ``tau2`` (never negative) widens the limits, else it is 0.

    Examples
    --------
    Twenty organisations with z = ±1 and s = 0.5: winsorised z stay ±1, phi = 1, no over-dispersion.

    >>> d = dispersion([1.0, -1.0] * 10, [0.5] * 20)
    >>> d.phi, d.over_dispersed, d.tau2
    (1.0, False, 0.0)
    """
    zs = np.asarray(z_scores, dtype=float).ravel()
    s = np.asarray(se, dtype=float).ravel()
    keep = np.isfinite(zs) & np.isfinite(s) & (s > 0)
    zs, s = zs[keep], s[keep]
    count = int(zs.size)
    if count < 3:
        return Dispersion(count, float("nan"), float("nan"), False, 0.0, winsor)
    low, high = np.quantile(zs, [winsor, 1.0 - winsor])
    clipped = np.clip(zs, low, high)
    phi = float(np.mean(clipped ** 2))
    p_value = float(chdtrc(count - 1, count * phi))
    over = p_value < level
    tau2 = 0.0
    if over:
        w = 1.0 / s ** 2
        tau2 = max(0.0, float((count * phi - (count - 1)) / (w.sum() - (w ** 2).sum() / w.sum())))
    return Dispersion(count, phi, p_value, over, tau2, winsor)


class ChanceOutside(NamedTuple):
    """How many of the organisations chance alone would put beyond each limit (expected counts)."""

    organisations: int
    beyond_95: float
    beyond_998: float


def chance_outside(n1: object, n2: object, rate: object, *, reps: int = 2000, seed: int = 2005,
                   tau2: float = 0.0) -> ChanceOutside:
    """Expected number of organisations beyond the 95% and 99.8% limits if every one were at parity.

    Each organisation keeps its own group sizes; both groups' outcomes are drawn at ``rate`` (its own
    pooled rate) ``reps`` times and placed exactly as :func:`positions` places real data. With the
    small counts of rare outcomes the discrete tails make this differ from the nominal 5% and 0.2%, so a
    page states the number for its own organisations rather than assuming the nominal rate. The draw
    is seeded: the same organisations always give the same figure.

    Examples
    --------
    >>> c = chance_outside([360] * 10, [40] * 10, [0.1] * 10)
    >>> c.organisations, 0.2 < c.beyond_95 < 0.8, c.beyond_998 < 0.1
    (10, True, True)
    """
    sizes1 = np.asarray(n1, dtype=np.int64).ravel()
    sizes2 = np.asarray(n2, dtype=np.int64).ravel()
    rates = np.broadcast_to(np.asarray(rate, dtype=float), sizes1.shape)
    rng = np.random.default_rng(seed)
    x1 = rng.binomial(np.repeat(sizes1, reps), np.repeat(rates, reps))
    x2 = rng.binomial(np.repeat(sizes2, reps), np.repeat(rates, reps))
    f = positions(x1, np.repeat(sizes1, reps), x2, np.repeat(sizes2, reps))
    z = np.where(f.placed, f.z, 0.0)
    se = np.where(f.placed, f.se, 1.0)
    out_95 = (beyond(z, se, Z_95, tau2=tau2) != 0).reshape(-1, reps).mean(axis=1)
    out_998 = (beyond(z, se, Z_998, tau2=tau2) != 0).reshape(-1, reps).mean(axis=1)
    return ChanceOutside(int(sizes1.size), float(out_95.sum()), float(out_998.sum()))
