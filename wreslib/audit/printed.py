"""A figure as a report prints it: its number, the decimals printed, its unit, and whether a value agrees.

A published figure claims a value *at the precision printed*: ``0.52`` claims a ratio from 0.515 up to
0.525 when rounded, or from 0.52 up to 0.53 when truncated; ``25%`` claims a percentage from 24.5 to 25.5.
So a recomputed value agrees with a printed figure when, at the printed number of decimals, it **rounds**
to it (half away from zero, as Excel's ``ROUND`` does; at an exact half, half to even is accepted too, as
Python's ``round`` does) or it **truncates** to it (cuts the further decimals off, as some spreadsheets
do when a cell's format shows fewer decimals than its formula); which of the two matched is reported.

All arithmetic is exact (:class:`fractions.Fraction`): counts are whole numbers, so a recomputed value is a
fraction, and a value on an exact half is judged as a half, never as a binary float a hair either side.

References
----------
Microsoft, *ROUND function* (half away from zero); IEEE 754 round half to even (Python's ``round``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from wreslib.data.convert import DIRECTION_WORDS, PRINTED_NUMBER, SIGNIFICANCE_WORDS, BadValue, clean_text

__all__ = [
    "BOTH",
    "ROUNDED",
    "TRUNCATED",
    "Direction",
    "Printed",
    "format_value",
    "match",
    "parse_direction",
    "parse_printed",
    "round_half_even",
    "round_half_up",
    "truncate",
]

ROUNDED, TRUNCATED, BOTH = "rounded", "truncated", "rounded or truncated"

#: Units as printed -> the unit a value is in: "%" (a percentage, or a difference printed with %),
#: "pp" (percentage points), "times" (a ratio written "3.44 times") or "" (a bare number).
_UNITS = {"%": "%", "pp": "pp", "percentage point": "pp", "percentage points": "pp", "times": "times",
          "x": "times", "\u00d7": "times"}


@dataclass(frozen=True)
class Printed:
    """A number as printed.

    ``value`` is the number (signed, exact); ``decimals`` how many decimals were printed; ``unit`` is
    ``%``, ``pp``, ``times`` or ``""``; ``sign`` says whether a sign was printed (``+10.6%``); ``bound``
    is ``<`` or ``>`` for a figure printed as a bound (``<5``), None otherwise.
    """

    text: str
    value: Fraction
    decimals: int
    unit: str
    sign: bool = False
    bound: str | None = None

    @property
    def step(self) -> Fraction:
        """One unit of the last printed decimal (0.01 for ``0.52``)."""
        return Fraction(1, 10 ** self.decimals)


@dataclass(frozen=True)
class Direction:
    """The direction a sentence states: +1 higher or increased, -1 lower or decreased, 0 unchanged.

    ``significant`` is True for "significantly …", False for "not significantly …", None when the
    sentence says nothing about a test.
    """

    text: str
    sign: int
    significant: bool | None = None

    @property
    def word(self) -> str:
        return {1: "higher", -1: "lower", 0: "unchanged"}[self.sign]


def parse_printed(text: str) -> Printed:
    """Read a printed figure: ``0.52``, ``25%``, ``−8.6pp``, ``+10.6%``, ``3.44 times``, ``1,234``, ``<5``.

    Raises
    ------
    BadValue
        When the text is not a number as a report prints it.

    Examples
    --------
    >>> p = parse_printed("\\u22128.62pp")
    >>> p.value, p.decimals, p.unit
    (Fraction(-431, 50), 2, 'pp')
    >>> parse_printed("25%").decimals, parse_printed("<5").bound
    (0, '<')
    """
    t = clean_text(text)
    found = PRINTED_NUMBER.match(t)
    if found is None:
        raise BadValue("expected a figure as printed, such as 0.52, 25%, 1.25%, -8.6pp, 96 or <5")
    decimals = found.group("decimals") or ""
    number = Fraction(found.group("digits").replace(",", "") + ("." + decimals if decimals else ""))
    sign = found.group("sign")
    if sign and sign != "+":
        number = -number
    bound = found.group("bound")
    bound = {"≤": "<", "≥": ">"}.get(bound, bound) if bound else None
    unit = _UNITS[found.group("unit").lower()] if found.group("unit") else ""
    return Printed(t, number, len(decimals), unit, sign=bool(sign), bound=bound)


def parse_direction(text: str) -> Direction:
    """Read the words of a direction: ``higher``, ``significantly lower``, ``decreased``, ``unchanged``.

    Raises
    ------
    BadValue
        When the words are not a direction.

    Examples
    --------
    >>> parse_direction("significantly higher")
    Direction(text='significantly higher', sign=1, significant=True)
    >>> parse_direction("fell").sign
    -1
    """
    t = clean_text(text)
    words, significant = t.lower(), None
    for prefix in sorted(SIGNIFICANCE_WORDS, key=len, reverse=True):
        if words.startswith(prefix + " "):
            words, significant = words[len(prefix) + 1:], SIGNIFICANCE_WORDS[prefix]
            break
    if words not in DIRECTION_WORDS:
        raise BadValue("expected the words of a direction: higher, lower, increased, decreased or unchanged, "
                       "optionally after 'significantly'")
    return Direction(t, DIRECTION_WORDS[words], significant)


def round_half_up(value: Fraction, decimals: int) -> Fraction:
    """``value`` rounded to ``decimals`` places, halves away from zero (Excel's ``ROUND``).

    Examples
    --------
    >>> round_half_up(Fraction(5, 8), 2), round_half_up(Fraction(-5, 2), 0)
    (Fraction(63, 100), Fraction(-3, 1))
    """
    scale = 10 ** decimals
    scaled = abs(value) * scale
    whole = int(scaled + Fraction(1, 2))  # floor of |x| + 1/2: halves go away from zero
    return Fraction(whole if value >= 0 else -whole, scale)


def round_half_even(value: Fraction, decimals: int) -> Fraction:
    """``value`` rounded to ``decimals`` places, exact halves to the even neighbour (Python's ``round``).

    Examples
    --------
    >>> round_half_even(Fraction(5, 8), 2), round_half_even(Fraction(5, 2), 0)
    (Fraction(31, 50), Fraction(2, 1))
    """
    scale = 10 ** decimals
    return Fraction(round(value * scale), scale)


def truncate(value: Fraction, decimals: int) -> Fraction:
    """``value`` with the decimals after ``decimals`` cut off (towards zero).

    Examples
    --------
    >>> truncate(Fraction(34 * 96, 288 * 3), 2), truncate(Fraction(-7, 3), 1)
    (Fraction(377, 100), Fraction(-23, 10))
    """
    scale = 10 ** decimals
    whole = int(abs(value) * scale)
    return Fraction(whole if value >= 0 else -whole, scale)


def match(value: Fraction, printed: Printed) -> str | None:
    """How ``value`` gives the printed figure at its precision: rounded, truncated, both, or None.

    A bound (``<5``) matches a value strictly inside it. A figure printed as ``0`` matches ``-0.004``
    rounded (there is no negative zero on paper).

    Examples
    --------
    >>> match(Fraction(34 * 96, 288 * 3), parse_printed("3.77"))   # 3.7777…: truncated, not rounded
    'truncated'
    >>> match(Fraction(43 * 99, 309 * 24), parse_printed("0.57"))  # 0.5740…
    'rounded or truncated'
    >>> match(Fraction(43 * 99, 309 * 24), parse_printed("0.52")) is None
    True
    """
    if printed.bound == "<":
        return BOTH if value < printed.value else None
    if printed.bound == ">":
        return BOTH if value > printed.value else None
    d = printed.decimals
    rounded = printed.value in (round_half_up(value, d), round_half_even(value, d))
    truncated = printed.value == truncate(value, d)
    if rounded and truncated:
        return BOTH
    return ROUNDED if rounded else TRUNCATED if truncated else None


def format_value(value: Fraction | float, decimals: int, unit: str = "") -> str:
    """A value printed at ``decimals`` places (rounded half away from zero), with a unit after it.

    Examples
    --------
    >>> format_value(Fraction(2, 13) * 100, 2, "%"), format_value(Fraction(-431, 50), 1, "pp")
    ('15.38%', '-8.6pp')
    """
    exact = value if isinstance(value, Fraction) else Fraction(value)
    shown = round_half_up(exact, decimals)
    text = f"{float(shown):.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text + {"%": "%", "pp": "pp", "times": " times"}.get(unit, "")
