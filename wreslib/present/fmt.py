"""Number formatting for report text: percentages, percentage points, ratios, p-values and counts.

Every figure a reader sees passes through here, so that one rule holds everywhere:

- **Round half up**, on the number as written. Python's ``round`` and ``format`` round half to even
  on the binary value (``round(2.675, 2)`` is 2.67, because 2.675 is stored as 2.67499999…). A
  report reader checking a figure by hand expects 2.68, so each float is taken at its shortest
  decimal text (``Decimal(repr(x))``) and rounded with ``ROUND_HALF_UP``.
- **Negative numbers carry a real minus sign** (U+2212 "−"), not a hyphen, as typeset text should.
- **A missing value reads "not available"** (``None``, NaN or infinity), never "nan" or "None".
- **Differences of percentages are "percentage points"**, never "%": ``pp(7.3)`` is
  "+7.3 percentage points", ``pp_short(7.3)`` is "+7.3 pp".

The functions return plain text; escaping for HTML is the presenter's job.

Examples
--------
>>> pct(24), pp(7.3), pp(-4.88), ratio(3.4444), p_value(0.0165), count(1234)
('24.0%', '+7.3 percentage points', '−4.9 percentage points', '3.44', 'p = 0.017', '1,234')
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MINUS",
    "NOT_AVAILABLE",
    "bound",
    "count",
    "decimal_round",
    "interval",
    "p_value",
    "pct",
    "pp",
    "pp_short",
    "ratio",
]

#: The typographic minus sign used for every negative number.
MINUS = "\u2212"
#: What every formatter returns for a value that is missing or not a finite number.
NOT_AVAILABLE = "not available"
#: p-values below this are shown as "p < 0.001".
_P_FLOOR = Decimal("0.001")
#: The significance level the p-value display must not appear to contradict (see ``p_value``).
_ALPHA = Decimal("0.05")


def _check_dp(dp: object) -> int:
    if isinstance(dp, bool) or not isinstance(dp, numbers.Integral) or int(dp) < 0:
        raise ValueError(f"dp (decimal places) must be a whole number 0 or more, got {dp!r}")
    return int(dp)


def _as_decimal(x: object, name: str = "value") -> Decimal | None:
    """The number as written, as a Decimal; None when missing or not finite."""
    if x is None:
        return None
    if isinstance(x, bool):
        # True/False reaching a formatter is a wrong column, not the numbers 1 and 0.
        raise ValueError(f"{name} must be a number, not the boolean {x!r}")
    if isinstance(x, Decimal):
        return x if x.is_finite() else None
    if isinstance(x, numbers.Integral):
        return Decimal(int(x))
    if isinstance(x, numbers.Real):
        value = float(x)  # numpy floats: repr(np.float64) is "np.float64(…)" in numpy 2, so go via float
        if not math.isfinite(value):
            return None
        return Decimal(repr(value))
    raise ValueError(f"{name} must be a number or None, got {x!r}")


def decimal_round(x: float | int | Decimal, dp: int) -> Decimal:
    """Round ``x`` to ``dp`` decimal places, halves away from zero, working on its shortest decimal text.

    Parameters
    ----------
    x : float, int or Decimal
        A finite number.
    dp : int
        Decimal places, 0 or more.

    Returns
    -------
    Decimal
        The rounded value, with exactly ``dp`` decimals and no negative zero.

    Raises
    ------
    ValueError
        If ``x`` is missing or not finite, or ``dp`` is not a whole number 0 or more.

    Examples
    --------
    >>> decimal_round(2.675, 2), decimal_round(15.625, 2), decimal_round(-0.04, 1)
    (Decimal('2.68'), Decimal('15.63'), Decimal('0.0'))
    """
    places = _check_dp(dp)
    value = _as_decimal(x)
    if value is None:
        raise ValueError(f"cannot round {x!r}: it is not a finite number")
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    # -0.04 rounds to -0.0; a reader should see 0.0.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _number(x: object, dp: int, *, plus: bool = False, grouping: bool = False) -> str | None:
    value = _as_decimal(x)
    if value is None:
        return None
    rounded = decimal_round(value, dp)
    text = f"{abs(rounded):,f}" if grouping else f"{abs(rounded):f}"
    if rounded < 0:
        return MINUS + text
    if plus and rounded > 0:
        return "+" + text
    return text


def pct(x: float | int | Decimal | None, dp: int = 1) -> str:
    """A percentage (0-100) with a % sign.

    Parameters
    ----------
    x : float, int, Decimal or None
        Percentage on the 0-100 scale.
    dp : int, optional
        Decimal places, default 1.

    Returns
    -------
    str
        For example ``"24.0%"``; ``"not available"`` for None, NaN or infinity.

    Examples
    --------
    >>> pct(24), pct(15.625, 2), pct(100 * 2 / 13), pct(None)
    ('24.0%', '15.63%', '15.4%', 'not available')
    """
    text = _number(x, _check_dp(dp))
    return NOT_AVAILABLE if text is None else text + "%"


def _pp(x: float | int | Decimal | None, dp: int, signed: bool, unit_one: str, unit_many: str) -> str:
    places = _check_dp(dp)
    text = _number(x, places, plus=signed)
    if text is None:
        return NOT_AVAILABLE
    magnitude = text.lstrip("+" + MINUS)
    return f"{text} {unit_one if magnitude == '1' else unit_many}"


def pp(x: float | int | Decimal | None, dp: int = 1, signed: bool = True) -> str:
    """A difference of two percentages, in percentage points.

    Parameters
    ----------
    x : float, int, Decimal or None
        Difference in percentage points.
    dp : int, optional
        Decimal places, default 1.
    signed : bool, optional
        Put "+" before a positive difference (default). A negative difference always shows its
        minus sign; pass ``abs(x)`` to state a magnitude. Zero has no sign.

    Returns
    -------
    str
        For example ``"+7.3 percentage points"`` or ``"−4.9 percentage points"`` (U+2212 minus);
        ``"not available"`` for None.

    Examples
    --------
    >>> pp(7.3), pp(-4.88), pp(-4.88, signed=False)
    ('+7.3 percentage points', '−4.9 percentage points', '−4.9 percentage points')
    >>> pp(0.0), pp(26.5, signed=False), pp(1, dp=0)
    ('0.0 percentage points', '26.5 percentage points', '+1 percentage point')
    """
    return _pp(x, dp, signed, "percentage point", "percentage points")


def pp_short(x: float | int | Decimal | None, dp: int = 1, signed: bool = True) -> str:
    """A difference of two percentages with the short unit "pp", for tables and charts.

    Examples
    --------
    >>> pp_short(7.3), pp_short(-8.615), pp_short(None)
    ('+7.3 pp', '−8.6 pp', 'not available')
    """
    return _pp(x, dp, signed, "pp", "pp")


def ratio(x: float | int | Decimal | None, dp: int = 2) -> str:
    """A ratio such as a relative likelihood, with no unit.

    Examples
    --------
    >>> ratio(3.4444), ratio(0.8055), ratio(3.7777777777777777), ratio(None)
    ('3.44', '0.81', '3.78', 'not available')
    """
    text = _number(x, _check_dp(dp))
    return NOT_AVAILABLE if text is None else text


def p_value(p: float | Decimal | None) -> str:
    """A p-value as report text: "p < 0.001" below 0.001, otherwise "p = " with three decimals.

    A p-value just under 0.05 that would round up to "0.050" is shown as "p < 0.05", so that the text
    never seems to contradict a result called statistically significant at the 0.05 level.

    Parameters
    ----------
    p : float, Decimal or None
        A probability from 0 to 1.

    Returns
    -------
    str
        ``"p < 0.001"``, ``"p = 0.017"``, ``"p < 0.05"``; ``"not available"`` for None.

    Raises
    ------
    ValueError
        If ``p`` is a number outside 0-1.

    Examples
    --------
    >>> p_value(0.0008), p_value(0.016517), p_value(0.0496), p_value(1.0), p_value(None)
    ('p < 0.001', 'p = 0.017', 'p < 0.05', 'p = 1.000', 'not available')
    """
    value = _as_decimal(p, "p")
    if value is None:
        return NOT_AVAILABLE
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"a p-value must be between 0 and 1, got {p!r}")
    if value < _P_FLOOR:
        return "p < 0.001"
    rounded = decimal_round(value, 3)
    if value < _ALPHA <= rounded:
        return "p < 0.05"
    return f"p = {rounded:f}"


def count(n: int | float | Decimal | None) -> str:
    """A whole number of people, with thousands separators (disclosure control is decided elsewhere:
    :class:`wreslib.present.disclosure.Disclosure` says whether a count may be shown at all).

    Raises
    ------
    ValueError
        If ``n`` is not a whole number (a count of 2.5 people is a fault upstream, not a rounding job).

    Examples
    --------
    >>> count(1234), count(400), count(12.0), count(None)
    ('1,234', '400', '12', 'not available')
    """
    value = _as_decimal(n, "count")
    if value is None:
        return NOT_AVAILABLE
    if value != value.to_integral_value():
        raise ValueError(f"a count must be a whole number, got {n!r}")
    text = _number(value, 0, grouping=True)
    assert text is not None
    return text


def bound(x: float | None, parity: float, *, below: bool, dp: int = 2, max_dp: int = 4) -> str:
    """One end of an interval, with enough decimals that it never reads as the value it excludes.

    A significant interval excludes parity (1 for a ratio, 0 for a difference); rounded to two decimals its
    end may still read "1.00" (1.004) or "0.00". The end is given more decimals, up to ``max_dp``, until it
    reads on the correct side of ``parity``.

    Parameters
    ----------
    x : float or None
        The bound.
    parity : float
        The value the interval is judged against.
    below : bool
        True when the bound lies below parity (an upper bound under 1, say), False when above.

    Examples
    --------
    >>> bound(1.0046, 1.0, below=False), bound(0.9964, 1.0, below=True), bound(1.7729, 1.0, below=False)
    ('1.005', '0.996', '1.77')

    A bound on the other side of parity than ``below`` says (the lower end 0.398 of an unbounded ratio's
    interval, which includes parity) excludes nothing, so it keeps its plain rounding:

    >>> bound(0.398, 1.0, below=False)
    '0.40'
    """
    if x is None:
        return NOT_AVAILABLE
    if (x >= parity) if below else (x <= parity):
        return ratio(x, _check_dp(dp))
    for places in range(_check_dp(dp), max_dp + 1):
        text = ratio(x, places)
        value = decimal_round(x, places)
        if (value < Decimal(repr(parity))) if below else (value > Decimal(repr(parity))):
            return text
    return ratio(x, max_dp)


def interval(low: float | None, high: float | None, parity: float, *, dp: int = 2,
             unbounded: str = "no upper limit") -> str:
    """An interval "1.77 to 6.84" whose ends never round onto ``parity`` when they exclude it.

    ``high`` None reads as ``unbounded`` (a ratio with no case in its denominator group).

    Examples
    --------
    >>> interval(1.0046, 3.84, 1.0), interval(3.137, None, 1.0), interval(0.59, 1.0037, 1.0)
    ('1.005 to 3.84', '3.14 to no upper limit', '0.59 to 1.00')
    """
    def end(x: float | None) -> str:
        if x is None:
            return NOT_AVAILABLE
        if x > parity:
            return bound(x, parity, below=False, dp=dp)
        if x < parity:
            return bound(x, parity, below=True, dp=dp)
        return ratio(x, dp)

    left = end(low)
    right = unbounded if high is None else end(high)
    # An end that does not exclude parity keeps its plain rounding (0.59 to 1.0037 includes 1).
    if low is not None and low < parity and high is not None and high > parity:
        left, right = ratio(low, dp), ratio(high, dp)
    return f"{left} to {right}"
