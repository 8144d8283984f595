"""Counts behind published percentages: the yes-count a survey percentage stands for, and whether a
percentage could come from a whole number of respondents at all (the GRIM test).

The NHS Staff Survey publishes percentages, not counts; a test of two proportions needs the counts back.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal


def _check_percent(percent: object, name: str) -> float:
    if isinstance(percent, bool) or not isinstance(percent, numbers.Real):
        raise ValueError(f"{name} must be a percentage between 0 and 100, got {percent!r}")
    value = float(percent)
    if not math.isfinite(value) or not 0.0 <= value <= 100.0:
        raise ValueError(f"{name} must be a percentage between 0 and 100, got {percent!r}")
    return value


def _as_count(value: object, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number of people, not the boolean {value!r}")
    whole = isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer()
    if isinstance(value, numbers.Integral) or whole:
        count = int(value)
    else:
        raise ValueError(f"{name} must be a whole number of people, got {value!r}")
    if count < 0:
        raise ValueError(f"{name} must not be negative, got {count}")
    return count


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

