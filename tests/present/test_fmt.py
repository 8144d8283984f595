"""Tests for wreslib.present.fmt: every expectation is written by hand.

Rounding is half up on the number as written: 2.675 -> 2.68 and 15.625 -> 15.63, where Python's
``round`` gives 2.67 and 15.62 (binary floats and round-half-even). The property test compares with
integer arithmetic on the decimal digits, which shares no code with the module.
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wreslib.present import fmt

MINUS = "\u2212"


# --------------------------------------------------------------------------------------------------
# pct
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dp", "expected"),
    [
        (24, 1, "24.0%"),
        (24.0, 1, "24.0%"),
        (100 * 96 / 400, 1, "24.0%"),
        (100 * 2 / 13, 1, "15.4%"),  # 15.3846...
        (100 * 2 / 13, 2, "15.38%"),
        (15.625, 2, "15.63%"),  # 5 of 32 clinical Band 1-7 staff; round() gives 15.62
        (15.625, 1, "15.6%"),
        (2.675, 2, "2.68%"),  # round(2.675, 2) is 2.67
        (0.25, 1, "0.3%"),  # round(0.25, 1) is 0.2 (half to even)
        (18.75, 1, "18.8%"),  # indicator 8, 2023 survey, BME
        (6.25, 1, "6.3%"),  # national average for ICBs, indicator 5, BME
        (7.05, 1, "7.1%"),
        (0, 1, "0.0%"),
        (100, 0, "100%"),
        (-0.04, 1, "0.0%"),  # no negative zero
        (-1.25, 1, MINUS + "1.3%"),
    ],
)
def test_pct_rounds_half_up_on_the_written_number(value, dp, expected):
    assert fmt.pct(value, dp) == expected


def test_pct_default_is_one_decimal():
    assert fmt.pct(51.5) == "51.5%"


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, -math.inf, Decimal("NaN")])
def test_pct_of_a_missing_value_says_not_available(missing):
    assert fmt.pct(missing) == "not available"


def test_pct_accepts_decimal_and_numpy_numbers():
    assert fmt.pct(Decimal("2.675"), 2) == "2.68%"
    assert fmt.pct(np.float64(2.675), 2) == "2.68%"
    assert fmt.pct(np.int64(24)) == "24.0%"


@pytest.mark.parametrize("bad", ["24", True, [24], object()])
def test_pct_rejects_what_is_not_a_number(bad):
    with pytest.raises(ValueError, match="number"):
        fmt.pct(bad)


@pytest.mark.parametrize("dp", [-1, 1.5, True, "1"])
def test_decimal_places_must_be_a_whole_number(dp):
    with pytest.raises(ValueError, match="dp"):
        fmt.pct(24, dp)


# --------------------------------------------------------------------------------------------------
# pp and pp_short
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (7.3, {}, "+7.3 percentage points"),  # 25.5 - 18.2, indicator 6 BME change
        (25.5 - 18.2, {}, "+7.3 percentage points"),  # 7.300000000000001 in floats
        (-4.88, {}, MINUS + "4.9 percentage points"),  # 2.17 - 7.05, indicator 5 gap
        (-26.5, {}, MINUS + "26.5 percentage points"),
        (-8.615, {"dp": 2}, MINUS + "8.62 percentage points"),  # halves go away from zero
        (16.15, {}, "+16.2 percentage points"),  # round(16.15, 1) is 16.1
        (4.25, {}, "+4.3 percentage points"),  # 18.75 - 14.5; round(4.25, 1) is 4.2
        (0, {}, "0.0 percentage points"),
        (-0.01, {}, "0.0 percentage points"),
        (7.3, {"signed": False}, "7.3 percentage points"),
        (-7.3, {"signed": False}, MINUS + "7.3 percentage points"),  # the sign is never dropped silently
        (1, {"dp": 0}, "+1 percentage point"),
        (-1, {"dp": 0}, MINUS + "1 percentage point"),
        (1.0, {"dp": 1}, "+1.0 percentage points"),
        (None, {}, "not available"),
    ],
)
def test_pp_says_percentage_points_with_a_real_minus_sign(value, kwargs, expected):
    assert fmt.pp(value, **kwargs) == expected


def test_pp_never_uses_a_hyphen_or_a_percent_sign():
    text = fmt.pp(-4.88)
    assert "-" not in text and "%" not in text
    assert text[0] == "\u2212"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(7.3, "+7.3 pp"), (-8.6153846154, MINUS + "8.6 pp"), (0.0, "0.0 pp"), (None, "not available")],
)
def test_pp_short(value, expected):
    assert fmt.pp_short(value) == expected


# --------------------------------------------------------------------------------------------------
# ratio
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dp", "expected"),
    [
        ((30 / 92) / (9 / 95), 2, "3.44"),  # indicator 2, 2024
        ((34 / 288) / (3 / 96), 2, "3.78"),  # indicator 4, 2024: the report truncates to 3.77
        ((116 / 288) / (48 / 96), 2, "0.81"),  # indicator 4, 2022
        ((43 / 309) / (24 / 99), 2, "0.57"),
        (2.675, 2, "2.68"),
        (1.005, 2, "1.01"),  # round(1.005, 2) is 1.0
        (1, 2, "1.00"),
        (0, 2, "0.00"),
        (3.44203, 1, "3.4"),
        (None, 2, "not available"),
        (math.inf, 2, "not available"),
    ],
)
def test_ratio(value, dp, expected):
    assert fmt.ratio(value, dp) == expected


# --------------------------------------------------------------------------------------------------
# p_value
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (0.0008, "p < 0.001"),  # indicator 7, 2023 survey
        (0.00016, "p < 0.001"),
        (0.0, "p < 0.001"),
        (0.0009999, "p < 0.001"),
        (0.001, "p = 0.001"),
        (0.016517767, "p = 0.017"),  # indicator 6, 2023 survey
        (0.1225, "p = 0.123"),  # round(0.1225, 3) is 0.122
        (0.0496, "p < 0.05"),  # would round to 0.050 and seem to contradict "significant"
        (0.0499999, "p < 0.05"),
        (0.05, "p = 0.050"),
        (0.0504, "p = 0.050"),
        (0.3216317, "p = 0.322"),
        (1.0, "p = 1.000"),
        (None, "not available"),
    ],
)
def test_p_value(p, expected):
    assert fmt.p_value(p) == expected


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_p_value_outside_zero_to_one_is_an_error(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        fmt.p_value(bad)


# --------------------------------------------------------------------------------------------------
# count
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1234, "1,234"), (1234567, "1,234,567"), (400, "400"), (0, "0"), (12.0, "12"), (np.int64(9), "9"),
     (None, "not available")],
)
def test_count(n, expected):
    assert fmt.count(n) == expected


@pytest.mark.parametrize("bad", [2.5, True, "12"])
def test_count_rejects_what_is_not_a_whole_number(bad):
    with pytest.raises(ValueError):
        fmt.count(bad)


# --------------------------------------------------------------------------------------------------
# Property: half up, on the digits as written
# --------------------------------------------------------------------------------------------------


def _half_up_two_places(thousandths: int) -> str:
    """Round a number given in thousandths to 2 decimals, halves away from zero, by integer arithmetic."""
    sign = "\u2212" if thousandths < 0 else ""
    hundredths, last = divmod(abs(thousandths), 10)
    if last >= 5:
        hundredths += 1
    if hundredths == 0:
        sign = ""
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


@given(st.integers(min_value=-10**7, max_value=10**7))
def test_ratio_matches_integer_half_up_rounding(thousandths):
    value = thousandths / 1000  # a float whose shortest text has at most three decimals
    assert fmt.ratio(value, 2) == _half_up_two_places(thousandths)


@given(st.integers(min_value=0, max_value=100_000))
def test_pct_matches_integer_half_up_rounding(thousandths):
    assert fmt.pct(thousandths / 1000, 2) == _half_up_two_places(thousandths) + "%"
