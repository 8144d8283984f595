"""Statistics behind the WRES indicators: relative likelihoods, exact tests and proportion intervals.

Indicators 2, 3 and 4 are ratios of two proportions (a *relative likelihood*), judged against
the four-fifths rule; indicators 5 to 8 compare two survey percentages. Everything here is pure:
plain numbers in, small frozen dataclasses out. No NaN or infinity ever leaves this module: a value
that cannot be computed is ``None``, with a plain-English ``reason``.

scipy is imported inside the functions that need it, so that ``import wreslib`` stays light
(report notebooks and batch workers pay the import cost only when a statistic is computed).
"""

from __future__ import annotations

import logging
import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MIN_SURVEY_RESPONDENTS",
    "NON_ADVERSE_HIGH",
    "NON_ADVERSE_LOW",
    "SIGNIFICANCE_LEVEL",
    "ProportionComparison",
    "RelativeLikelihood",
    "compare_percentages",
    "count_from_percent",
    "percent_consistent_with_count",
    "proportion_ci",
    "relative_likelihood",
    "within_non_adverse_range",
]

logger = logging.getLogger(__name__)

#: Lower bound of the "non-adverse" range of a relative likelihood (the four-fifths rule).
NON_ADVERSE_LOW = 0.80
#: Upper bound of the "non-adverse" range of a relative likelihood (1 / 0.80).
NON_ADVERSE_HIGH = 1.25
#: Two-sided significance level used with Fisher's exact test.
SIGNIFICANCE_LEVEL = 0.05
#: The NHS Staff Survey suppresses groups with fewer respondents than this.
MIN_SURVEY_RESPONDENTS = 11


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelativeLikelihood:
    """The relative likelihood of an outcome for group a compared to group b.

    Attributes
    ----------
    status : str
        ``"ok"`` or ``"not_calculable"``.
    reason : str or None
        Plain-English reason when the status is not ok, or a note when part of the result is
        undefined (for example the confidence interval when group a has no cases).
    relative_likelihood : float or None
        ``(a_cases / a_total) / (b_cases / b_total)``.
    ci_low, ci_high : float or None
        Confidence interval of the relative likelihood by the log (Katz) method.
    p_value : float or None
        Fisher's exact test, two-sided, on ``[[a_cases, a_total - a_cases], [b_cases, b_total - b_cases]]``.
    significant : bool or None
        Whether the difference between the groups is statistically significant.
    significance_basis : str or None
        ``"confidence_interval"`` (the interval excludes 1) or ``"fisher_exact"`` (p below the
        significance level, used when the interval is undefined).
    within_non_adverse_range : bool or None
        ``NON_ADVERSE_LOW <= relative_likelihood <= NON_ADVERSE_HIGH``.
    a_label, a_cases, a_total, a_rate_pct : str, int, int, float or None
        Group a (the numerator group): label, cases, denominator and rate as a percentage 0-100.
    b_label, b_cases, b_total, b_rate_pct : str, int, int, float or None
        Group b (the denominator group), likewise.
    """

    status: str
    reason: str | None
    relative_likelihood: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    significant: bool | None
    significance_basis: str | None
    within_non_adverse_range: bool | None
    a_label: str
    a_cases: int
    a_total: int
    a_rate_pct: float | None
    b_label: str
    b_cases: int
    b_total: int
    b_rate_pct: float | None


@dataclass(frozen=True)
class ProportionComparison:
    """Two survey percentages compared, group b against group a.

    Attributes
    ----------
    status : str
        ``"ok"`` or ``"not_calculable"``.
    reason : str or None
        Plain-English reason when the status is not ok or when no test was made.
    a_label, a_pct, a_n : str, float or None, int or None
        Group a: label, percentage 0-100 and number of respondents.
    b_label, b_pct, b_n : str, float or None, int or None
        Group b, likewise.
    difference_pp : float or None
        ``b_pct - a_pct`` in percentage points.
    p_value : float or None
        Fisher's exact test, two-sided, on the yes-counts reconstructed from the percentages.
    significant : bool or None
        ``p_value < SIGNIFICANCE_LEVEL``.
    tested : bool
        False when a group has fewer than the minimum number of respondents or an unknown number.
    """

    status: str
    reason: str | None
    a_label: str
    a_pct: float | None
    a_n: int | None
    b_label: str
    b_pct: float | None
    b_n: int | None
    difference_pp: float | None
    p_value: float | None
    significant: bool | None
    tested: bool


# --------------------------------------------------------------------------------------------------
# Input checks and small helpers
# --------------------------------------------------------------------------------------------------


def _as_count(value: object, name: str) -> int:
    """Return ``value`` as a Python int, or raise ValueError naming the argument."""
    # ValueError even for a wrong type: every fault in a count is bad input to the caller,
    # which reports ValueError as such. bool is an Integral, but a True/False count is a wrong column.
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number of people, not the boolean {value!r}")
    if isinstance(value, numbers.Integral):
        count = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
        # pandas turns an integer column holding a blank into floats (3.0); accept whole values.
        count = int(value)
    else:
        raise ValueError(f"{name} must be a whole number of people, got {value!r}")
    if count < 0:
        raise ValueError(f"{name} must not be negative, got {count}")
    return count


def _check_cases(cases: object, total: object, label: str = "") -> tuple[int, int]:
    prefix = f"{label} " if label else ""
    checked_cases = _as_count(cases, f"{prefix}cases")
    checked_total = _as_count(total, f"{prefix}total")
    if checked_cases > checked_total:
        raise ValueError(
            f"{prefix}cases ({checked_cases}) exceed the {prefix}total ({checked_total}): "
            "cases must be part of the denominator"
        )
    return checked_cases, checked_total


def _check_confidence(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise ValueError(f"confidence must be a number between 0 and 1, got {confidence!r}")
    if not 0.0 < float(confidence) < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return float(confidence)


def _check_percent(percent: object, name: str) -> float:
    if isinstance(percent, bool) or not isinstance(percent, numbers.Real):
        raise ValueError(f"{name} must be a percentage between 0 and 100, got {percent!r}")
    value = float(percent)
    if not math.isfinite(value) or not 0.0 <= value <= 100.0:
        raise ValueError(f"{name} must be a percentage between 0 and 100, got {percent!r}")
    return value


def _finite(value: float | None) -> float | None:
    """Return a plain finite float, or None; the single gate that keeps NaN and inf out of results."""
    if value is None:
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def _rate_pct(cases: int, total: int) -> float | None:
    return 100.0 * cases / total if total > 0 else None


def _fisher_p(table: list[list[int]]) -> float | None:
    from scipy.stats import fisher_exact

    p = _finite(fisher_exact(table, alternative="two-sided").pvalue)
    # Summed probabilities can overshoot 1 by a rounding error; a p-value above 1 is meaningless.
    return None if p is None else min(max(p, 0.0), 1.0)


def _alpha(confidence: float) -> float:
    # Rounded so that the default 0.95 gives exactly SIGNIFICANCE_LEVEL (1 - 0.95 is 0.05000000000000004).
    return round(1.0 - confidence, 12)


# --------------------------------------------------------------------------------------------------
# Relative likelihood (indicators 2, 3 and 4)
# --------------------------------------------------------------------------------------------------


def within_non_adverse_range(
    rl: float | None, low: float = NON_ADVERSE_LOW, high: float = NON_ADVERSE_HIGH
) -> bool | None:
    """Say whether a relative likelihood lies in the non-adverse range of the four-fifths rule.

    Parameters
    ----------
    rl : float or None
        A relative likelihood; None (or a non-finite value) when it could not be computed.
    low, high : float, optional
        Bounds of the range, inclusive. Defaults 0.80 and 1.25.

    Returns
    -------
    bool or None
        ``low <= rl <= high``, or None when ``rl`` is None or not finite.

    References
    ----------
    NHS England, *Workforce Race Equality Standard: technical guidance*: relative likelihoods
    between 0.80 and 1.25 are treated as non-adverse (the "four-fifths rule").

    Examples
    --------
    >>> within_non_adverse_range(1.25)
    True
    >>> within_non_adverse_range(3.44)
    False
    >>> within_non_adverse_range(None) is None
    True
    >>> within_non_adverse_range((16 / 100) / (20 / 100))  # exactly 0.80, though stored as 0.7999999999999999
    True
    """
    if rl is None:
        return None
    value = float(rl)
    if not math.isfinite(value):
        return None
    # A ratio of counts that is exactly 0.80 comes out of floating point as 0.7999999999999999: judge the
    # limits on the value rounded to 10 decimal places, far beyond any figure a report shows.
    return low <= round(value, 10) <= high


def relative_likelihood(
    a_cases: int,
    a_total: int,
    b_cases: int,
    b_total: int,
    *,
    a_label: str = "White",
    b_label: str = "BME",
    confidence: float = 0.95,
) -> RelativeLikelihood:
    """Relative likelihood of an outcome for group a compared to group b, with interval and exact test.

    The ratio is ``(a_cases / a_total) / (b_cases / b_total)``; 1.00 is parity. Its confidence
    interval is Katz's log interval, and Fisher's exact test gives a two-sided p-value. The result
    is significant when the interval excludes 1; when the interval is undefined because group a has
    no cases, Fisher's exact p-value decides instead.

    Parameters
    ----------
    a_cases, a_total : int
        Cases and denominator of group a, the numerator group (White for indicators 2 and 4).
    b_cases, b_total : int
        Cases and denominator of group b (BME for indicators 2 and 4).
    a_label, b_label : str, optional
        Group names used in reasons.
    confidence : float, optional
        Confidence level of the interval, strictly between 0 and 1. The exact test, when it decides,
        uses ``1 - confidence`` as its significance level (0.05 by default).

    Returns
    -------
    RelativeLikelihood
        ``status`` is ``"not_calculable"`` (with a ``reason``) when a group is empty, when neither
        group has a case (0 / 0), or when group b has none (the ratio is infinite; the p-value and
        rates are still given). When group a has no cases the ratio is 0 and the interval is None.

    Raises
    ------
    ValueError
        If a count is negative or not a whole number, if cases exceed their total, or if
        ``confidence`` is not strictly between 0 and 1.

    References
    ----------
    Katz D, Baptista J, Azen SP, Pike MC. Obtaining confidence intervals for the risk ratio in cohort
    studies. *Biometrics* 1978;34:469-474 (the log interval, via
    ``scipy.stats.contingency.relative_risk``).
    Fisher RA. On the interpretation of chi-squared from contingency tables, and the calculation of P.
    *J R Stat Soc* 1922;85:87-94; and *The Design of Experiments*, 1935 (via ``scipy.stats.fisher_exact``).
    NHS England, *Workforce Race Equality Standard: technical guidance* (the indicator definitions and
    the 0.80-1.25 non-adverse range).

    Examples
    --------
    Indicator 2 of the BLMK ICB WRES report 2024: 30 of 92 White and 9 of 95 BME shortlisted
    applicants were appointed.

    >>> r = relative_likelihood(30, 92, 9, 95)
    >>> r.status, round(r.relative_likelihood, 2)
    ('ok', 3.44)
    >>> round(r.ci_low, 2), round(r.ci_high, 2)
    (1.73, 6.85)
    >>> r.significant, r.significance_basis, r.within_non_adverse_range
    (True, 'confidence_interval', False)

    No BME appointments: the ratio is infinite, so it is not reported.

    >>> r = relative_likelihood(5, 10, 0, 10)
    >>> r.status, r.relative_likelihood
    ('not_calculable', None)
    >>> r.reason
    'no BME cases: the relative likelihood would be infinite (division by 0), so it cannot be computed'
    """
    a_cases, a_total = _check_cases(a_cases, a_total, a_label)
    b_cases, b_total = _check_cases(b_cases, b_total, b_label)
    confidence = _check_confidence(confidence)

    a_rate = _rate_pct(a_cases, a_total)
    b_rate = _rate_pct(b_cases, b_total)

    def result(
        status: str,
        reason: str | None,
        rl: float | None = None,
        ci: tuple[float | None, float | None] = (None, None),
        p_value: float | None = None,
        significant: bool | None = None,
        basis: str | None = None,
    ) -> RelativeLikelihood:
        rl = _finite(rl)
        return RelativeLikelihood(
            status=status,
            reason=reason,
            relative_likelihood=rl,
            ci_low=_finite(ci[0]),
            ci_high=_finite(ci[1]),
            p_value=_finite(p_value),
            significant=significant,
            significance_basis=basis,
            within_non_adverse_range=within_non_adverse_range(rl),
            a_label=a_label,
            a_cases=a_cases,
            a_total=a_total,
            a_rate_pct=_finite(a_rate),
            b_label=b_label,
            b_cases=b_cases,
            b_total=b_total,
            b_rate_pct=_finite(b_rate),
        )

    empty = [label for label, total in ((a_label, a_total), (b_label, b_total)) if total == 0]
    if empty:
        # A Fisher test on a table with an empty row is trivially p = 1: reporting it would mislead.
        return result(
            "not_calculable",
            f"there are no {' or '.join(empty)} staff in the denominator, "
            "so the relative likelihood cannot be computed",
        )

    p_value = _fisher_p([[a_cases, a_total - a_cases], [b_cases, b_total - b_cases]])

    if a_cases == 0 and b_cases == 0:
        return result(
            "not_calculable",
            f"no {a_label} or {b_label} cases: the relative likelihood is undefined (0 ÷ 0)",
            p_value=p_value,
        )
    if b_cases == 0:
        return result(
            "not_calculable",
            f"no {b_label} cases: the relative likelihood would be infinite (division by 0), "
            "so it cannot be computed",
            p_value=p_value,
        )
    if a_cases == 0:
        alpha = _alpha(confidence)
        return result(
            "ok",
            f"no {a_label} cases: the relative likelihood is 0 and its log (Katz) confidence interval "
            "is undefined with a zero count, so significance is judged by Fisher's exact test",
            rl=0.0,
            p_value=p_value,
            significant=None if p_value is None else p_value < alpha,
            basis="fisher_exact",
        )

    from scipy.stats.contingency import relative_risk

    rr = relative_risk(a_cases, a_total, b_cases, b_total)
    interval = rr.confidence_interval(confidence_level=confidence)
    ci_low, ci_high = _finite(interval.low), _finite(interval.high)
    if ci_low is None or ci_high is None:
        # With every cell positive Katz's interval is always finite; this guards the contract anyway.
        logger.warning("Katz interval not finite for %s/%s vs %s/%s", a_cases, a_total, b_cases, b_total)
        return result(
            "ok",
            "the confidence interval could not be computed",
            rl=rr.relative_risk,
            p_value=p_value,
            significant=None if p_value is None else p_value < _alpha(confidence),
            basis="fisher_exact",
        )
    return result(
        "ok",
        None,
        rl=rr.relative_risk,
        ci=(ci_low, ci_high),
        p_value=p_value,
        significant=not (ci_low <= 1.0 <= ci_high),
        basis="confidence_interval",
    )


# --------------------------------------------------------------------------------------------------
# Survey percentages (indicators 5 to 8)
# --------------------------------------------------------------------------------------------------


def count_from_percent(percent: float, respondents: int) -> int:
    """Whole number of "yes" answers nearest to ``percent`` of ``respondents`` (round half up).

    The NHS Staff Survey publishes percentages, not counts; an exact test needs the counts back.

    Parameters
    ----------
    percent : float
        Percentage 0-100 as published.
    respondents : int
        Number of respondents in the group.

    Returns
    -------
    int
        ``percent * respondents / 100`` rounded to the nearest whole number, halves upwards.

    Raises
    ------
    ValueError
        If ``percent`` is outside 0-100 or not a finite number, or ``respondents`` is not a whole
        number >= 0.

    References
    ----------
    NHS England, *NHS Staff Survey technical guide* (results are published as percentages of
    respondents per group).

    Examples
    --------
    >>> count_from_percent(2.17, 46)
    1
    >>> count_from_percent(18.75, 48)
    9
    >>> count_from_percent(12.5, 4)
    1
    """
    value = _check_percent(percent, "percent")
    n = _as_count(respondents, "respondents")
    # Decimal from the shortest repr works on the number as written: in binary floats 12.5% of 4
    # may land a hair under 0.5 and round the wrong way.
    exact = Decimal(repr(value)) * n / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _written_decimals(percent: float) -> int:
    """Decimals a float was most likely written with: its shortest repr, trailing zeros dropped, at most 2."""
    exponent = Decimal(repr(float(percent))).normalize().as_tuple().exponent
    # A float cannot say whether it was written "50" or "50.0"; assuming fewer decimals is the lenient
    # reading, which never flags a correct figure as inconsistent.
    return min(max(-int(exponent), 0), 2)


def percent_consistent_with_count(percent: float, respondents: int, decimals: int | None = None) -> bool:
    """Say whether a published percentage could come from a whole number of respondents.

    True when some whole ``k`` in ``0..respondents`` gives ``100 * k / respondents`` within half a
    unit of the last written decimal of ``percent``.

    Parameters
    ----------
    percent : float
        Percentage 0-100 as published.
    respondents : int
        Number of respondents in the group. With 0 respondents no percentage is consistent.
    decimals : int or None, optional
        Decimals the percentage was written with. When None, inferred from the float's shortest
        repr without trailing zeros, at most 2 (``2.17`` -> 2, ``50.0`` -> 0).

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If ``percent`` is outside 0-100, ``respondents`` is not a whole number >= 0, or ``decimals``
        is not a whole number >= 0.

    References
    ----------
    Brown NJL, Heathers JAJ. The GRIM test: a simple technique detects numerous anomalies in the
    reporting of results in psychology. *Soc Psychol Personal Sci* 2017;8:363-369.

    Examples
    --------
    >>> percent_consistent_with_count(2.17, 46)
    True
    >>> percent_consistent_with_count(50.0, 3)
    False
    """
    value = _check_percent(percent, "percent")
    n = _as_count(respondents, "respondents")
    places = _written_decimals(value) if decimals is None else _as_count(decimals, "decimals")
    if n == 0:
        return False
    # The 1e-9 absorbs binary noise so a percentage exactly half a unit away still counts as consistent.
    tolerance = 0.5 * 10.0 ** (-places) + 1e-9
    nearest = value * n / 100.0
    candidates = {math.floor(nearest) + step for step in (-1, 0, 1, 2)}
    return any(0 <= k <= n and abs(100.0 * k / n - value) <= tolerance for k in candidates)


def compare_percentages(
    a_pct: float | None,
    a_n: int | None,
    b_pct: float | None,
    b_n: int | None,
    *,
    a_label: str = "White",
    b_label: str = "BME",
    min_respondents: int = MIN_SURVEY_RESPONDENTS,
) -> ProportionComparison:
    """Compare two survey percentages: the gap in percentage points and Fisher's exact test.

    The yes-counts are reconstructed from the published percentages with :func:`count_from_percent`
    and tested with Fisher's exact test, two-sided, on ``[[k_a, n_a - k_a], [k_b, n_b - k_b]]``.

    Parameters
    ----------
    a_pct, b_pct : float or None
        Percentages 0-100 of groups a and b; None when not published.
    a_n, b_n : int or None
        Respondents in each group; None when unknown.
    a_label, b_label : str, optional
        Group names used in reasons.
    min_respondents : int, optional
        Groups with fewer respondents are not tested (the survey suppresses them). Default 11.

    Returns
    -------
    ProportionComparison
        ``not_calculable`` when a percentage is missing. Otherwise ``difference_pp`` is
        ``b_pct - a_pct``; ``tested`` is False (and the p-value None, with a reason) when a group has
        fewer than ``min_respondents`` respondents or an unknown number.

    Raises
    ------
    ValueError
        If a percentage is outside 0-100 or a respondent count is not a whole number >= 0.

    References
    ----------
    Fisher RA. On the interpretation of chi-squared from contingency tables, and the calculation of P.
    *J R Stat Soc* 1922;85:87-94; and *The Design of Experiments*, 1935 (via ``scipy.stats.fisher_exact``).
    NHS England, *Workforce Race Equality Standard: technical guidance* (indicators 5-8 from the NHS
    Staff Survey, which suppresses groups of fewer than 11 respondents).

    Examples
    --------
    Indicator 5 of the BLMK ICB WRES report 2024 (2023 survey): White 7.05% of 227, BME 2.17% of 46.

    >>> c = compare_percentages(7.05, 227, 2.17, 46)
    >>> c.difference_pp, c.tested, c.significant
    (-4.88, True, False)

    Eight BME respondents are too few to test:

    >>> c = compare_percentages(10.0, 200, 20.0, 8)
    >>> c.difference_pp, c.tested, c.p_value
    (10.0, False, None)
    >>> print(c.reason)  # doctest: +NORMALIZE_WHITESPACE
    fewer than 11 respondents in the BME group: the NHS Staff Survey suppresses such groups,
    so no test is made
    """
    a_value = None if a_pct is None else _check_percent(a_pct, f"{a_label} percent")
    b_value = None if b_pct is None else _check_percent(b_pct, f"{b_label} percent")
    a_count = None if a_n is None else _as_count(a_n, f"{a_label} respondents")
    b_count = None if b_n is None else _as_count(b_n, f"{b_label} respondents")
    minimum = _as_count(min_respondents, "min_respondents")

    def result(
        status: str,
        reason: str | None,
        difference: float | None = None,
        p_value: float | None = None,
        significant: bool | None = None,
        tested: bool = False,
    ) -> ProportionComparison:
        return ProportionComparison(
            status=status,
            reason=reason,
            a_label=a_label,
            a_pct=a_value,
            a_n=a_count,
            b_label=b_label,
            b_pct=b_value,
            b_n=b_count,
            difference_pp=_finite(difference),
            p_value=_finite(p_value),
            significant=significant,
            tested=tested,
        )

    missing = [label for label, value in ((a_label, a_value), (b_label, b_value)) if value is None]
    if missing:
        return result(
            "not_calculable",
            f"no percentage for the {' or '.join(missing)} group, so the groups cannot be compared",
        )
    assert a_value is not None and b_value is not None  # narrowed for type checkers
    # Rounded to 10 decimals so 2.17 - 7.05 reads -4.88, not -4.879999999999999.
    difference = round(b_value - a_value, 10)

    untested: list[str] = []
    for label, count in ((a_label, a_count), (b_label, b_count)):
        if count is None:
            untested.append(f"the number of {label} respondents is not known")
        elif count < minimum:
            untested.append(f"fewer than {minimum} respondents in the {label} group")
    if untested:
        suppressed = any(part.startswith("fewer") for part in untested)
        why = ": the NHS Staff Survey suppresses such groups, so" if suppressed else ", so"
        return result("ok", f"{' and '.join(untested)}{why} no test is made", difference=difference)
    assert a_count is not None and b_count is not None

    for label, value, count in ((a_label, a_value, a_count), (b_label, b_value, b_count)):
        if not percent_consistent_with_count(value, count):
            # Reported, not fatal: the test still uses the nearest whole count.
            logger.warning("%s percentage %s is not a whole number of %s respondents", label, value, count)
    k_a = count_from_percent(a_value, a_count)
    k_b = count_from_percent(b_value, b_count)
    p_value = _fisher_p([[k_a, a_count - k_a], [k_b, b_count - k_b]])
    return result(
        "ok",
        None,
        difference=difference,
        p_value=p_value,
        significant=None if p_value is None else p_value < SIGNIFICANCE_LEVEL,
        tested=True,
    )


# --------------------------------------------------------------------------------------------------
# Interval for a single proportion
# --------------------------------------------------------------------------------------------------


def proportion_ci(cases: int, total: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval of a proportion, as percentages 0-100.

    Parameters
    ----------
    cases, total : int
        Cases and denominator.
    confidence : float, optional
        Confidence level, strictly between 0 and 1. Default 0.95.

    Returns
    -------
    tuple of (float, float) or None
        ``(low, high)`` in percent, or None when ``total`` is 0.

    Raises
    ------
    ValueError
        If a count is negative or not a whole number, ``cases > total``, or ``confidence`` is not
        strictly between 0 and 1.

    References
    ----------
    Wilson EB. Probable inference, the law of succession, and statistical inference.
    *J Am Stat Assoc* 1927;22:209-212 (via ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``).

    Examples
    --------
    >>> low, high = proportion_ci(9, 95)
    >>> round(low, 1), round(high, 1)
    (5.1, 17.0)
    >>> proportion_ci(0, 0) is None
    True
    """
    k, n = _check_cases(cases, total)
    level = _check_confidence(confidence)
    if n == 0:
        return None
    from scipy.stats import binomtest

    interval = binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    low, high = _finite(interval.low), _finite(interval.high)
    if low is None or high is None:
        return None
    # Clamped because the bounds can stray past 0 or 1 by a rounding error at k = 0 or k = n.
    return (min(max(100.0 * low, 0.0), 100.0), min(max(100.0 * high, 0.0), 100.0))
