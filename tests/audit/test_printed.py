"""wreslib.audit.printed: reading a printed figure, and whether a value agrees with it at its precision.

Expected values are worked by hand (or by the decimal module) in the tests."""

from __future__ import annotations

from fractions import Fraction

import pytest
from audit_helpers import printed
from hypothesis import given
from hypothesis import strategies as st

from wreslib.audit.printed import (
    BOTH,
    ROUNDED,
    TRUNCATED,
    format_value,
    match,
    parse_direction,
    parse_printed,
    round_half_up,
    truncate,
)
from wreslib.data.convert import BadValue


@pytest.mark.parametrize(("text", "value", "decimals", "unit"), [
    ("0.52", Fraction(52, 100), 2, ""),
    ("25%", Fraction(25), 0, "%"),
    ("1.25%", Fraction(125, 100), 2, "%"),
    ("-8.6pp", Fraction(-86, 10), 1, "pp"),
    ("\u22128.62", Fraction(-862, 100), 2, ""),   # the report's minus sign
    ("+10.6%", Fraction(106, 10), 1, "%"),
    ("3.44 times", Fraction(344, 100), 2, "times"),
    ("1,234", Fraction(1234), 0, ""),
    ("25.0%", Fraction(25), 1, "%"),            # the decimals printed are part of the figure
    ("-8.5", Fraction(-85, 10), 1, ""),
])
def test_printed_figures_are_read_with_their_precision_and_unit(text, value, decimals, unit):
    p = parse_printed(text)
    assert (p.value, p.decimals, p.unit) == (value, decimals, unit)


def test_a_bound_is_read():
    p = parse_printed("<5")
    assert (p.bound, p.value) == ("<", 5)
    assert match(Fraction(4), p) and not match(Fraction(5), p)


@pytest.mark.parametrize("text", ["about 5", "5-6", "n96", "", "twenty"])
def test_text_that_is_not_a_printed_figure_is_refused(text):
    with pytest.raises(BadValue):
        parse_printed(text)


def test_3_77_is_34_of_288_against_3_of_96_truncated_not_rounded():
    # (34/288) / (3/96) = 3264/864 = 3.7777…: rounds to 3.78, truncates to 3.77.
    value = Fraction(34 * 96, 288 * 3)
    assert match(value, parse_printed("3.77")) == TRUNCATED
    assert match(value, parse_printed("3.78")) == ROUNDED
    assert match(value, parse_printed("3.8")) == ROUNDED


def test_a_value_that_rounds_and_truncates_alike_says_both():
    # 43/309 / (24/99) = 0.57403…
    assert match(Fraction(43 * 99, 309 * 24), parse_printed("0.57")) == BOTH


def test_0_52_disagrees_with_0_574():
    assert match(Fraction(43 * 99, 309 * 24), parse_printed("0.52")) is None


def test_an_exact_half_rounds_away_from_zero_and_to_even_both_accepted():
    # 12.5 printed with no decimals: Excel gives 13, Python's round gives 12; both are rounding.
    assert match(Fraction(25, 2), parse_printed("13")) == ROUNDED
    assert match(Fraction(25, 2), parse_printed("12")) == BOTH  # also its truncation
    assert match(Fraction(-5, 2), parse_printed("-3")) == ROUNDED


def test_negative_values_truncate_towards_zero():
    # -1.961 truncated to 1 decimal is -1.9, rounded -2.0
    value = Fraction(-1961, 1000)
    assert truncate(value, 1) == Fraction(-19, 10)
    assert round_half_up(value, 1) == Fraction(-2)
    assert match(value, parse_printed("-1.9")) == TRUNCATED


def test_zero_printed_matches_a_small_negative_rounded():
    assert match(Fraction(-4, 1000), parse_printed("0.00")) == BOTH


def test_format_value_prints_at_the_decimals_asked():
    assert format_value(Fraction(2, 13) * 100, 2, "%") == "15.38%"
    assert format_value(Fraction(-862, 100), 1, "pp") == "-8.6pp"
    assert format_value(Fraction(-1, 1000), 1) == "0.0"


@pytest.mark.parametrize(("text", "sign", "significant"), [
    ("higher", 1, None), ("significantly lower", -1, True), ("not significantly higher", 1, False),
    ("decreased", -1, None), ("unchanged", 0, None), ("Increased", 1, None),
])
def test_directions_are_read(text, sign, significant):
    d = parse_direction(text)
    assert (d.sign, d.significant) == (sign, significant)


def test_words_that_are_no_direction_are_refused():
    with pytest.raises(BadValue):
        parse_direction("worse")


@given(st.fractions(min_value=-10_000, max_value=10_000), st.integers(0, 4), st.sampled_from(["round", "truncate"]))
def test_any_value_agrees_with_itself_printed_at_any_precision(value, decimals, mode):
    # Printed by the decimal module, read back, and matched: always agrees, and says how.
    text = printed(value, decimals, mode)
    how = match(value, parse_printed(text))
    assert how is not None
    if mode == "truncate":
        assert how in (TRUNCATED, BOTH)
    else:
        assert how in (ROUNDED, BOTH)


@given(st.fractions(min_value=0, max_value=1000), st.integers(0, 3))
def test_a_value_one_step_off_never_agrees(value, decimals):
    text = printed(value, decimals, "round")
    off = parse_printed(text).value + 2 * Fraction(1, 10 ** decimals)
    assert match(value, parse_printed(format_value(off, decimals))) is None
