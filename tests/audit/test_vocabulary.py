"""wreslib.audit.vocabulary: the measure names published.csv may use."""

from __future__ import annotations

import pytest

from wreslib.audit.vocabulary import MEASURES, measure_name, parse_measure_name
from wreslib.data.convert import BadValue


@pytest.mark.parametrize(("indicator", "measure", "group", "base", "chosen", "direction"), [
    (4, "relative_likelihood", None, "relative_likelihood", None, False),
    (2, "bme_shortlisted", None, "shortlisted", "BME", False),
    (2, "shortlisted", None, "shortlisted", "All", False),         # a total
    (1, "white_pct", None, "pct", "White", False),
    (1, "pct", "BME", "pct", "BME", False),                          # the group in its own column
    (9, "board_bme_pct", None, "board_pct", "BME", False),
    (9, "difference_pp", None, "difference_pp", "BME", False),       # the contract's BME default
    (9, "unknown_difference_pp", None, "difference_pp", "Unknown", False),
    (7, "gap_pp_direction", None, "gap_pp", None, True),
    (5, "benchmark_bme_pct", None, "benchmark_pct", "BME", False),
    (9, "executive_board_bme_pct", None, "executive_board_pct", "BME", False),
])
def test_measure_names_are_read(indicator, measure, group, base, chosen, direction):
    spec, got, is_direction = parse_measure_name(indicator, measure, group)
    assert (spec.base, got, is_direction) == (base, chosen, direction)


@pytest.mark.parametrize(("indicator", "measure", "group", "says"), [
    (4, "gap_pp", None, "expected a measure of indicator 4"),
    (2, "white_pct", None, "expected a measure of indicator 2"),
    (1, "bme_pct", "White", "names the BME group but the group column says White"),
    (5, "unknown_pct", None, "about the White or BME group, not Unknown"),
    (1, "pct", None, "say which group"),
    (4, "bme_relative_likelihood", None, "not about one ethnic group"),
    (1, "bme_pct_direction", None, "has no direction"),
])
def test_bad_measure_names_say_what_to_write(indicator, measure, group, says):
    with pytest.raises(BadValue, match=says):
        parse_measure_name(indicator, measure, group)


def test_canonical_names_put_the_group_where_the_contract_does():
    assert measure_name(MEASURES[9]["workforce_pct"], "BME") == "workforce_bme_pct"
    assert measure_name(MEASURES[5]["benchmark_difference_pp"], "White") == "white_benchmark_difference_pp"
    assert measure_name(MEASURES[9]["board_members"], "All") == "board_members"


def test_every_indicator_has_measures():
    assert sorted(MEASURES) == list(range(1, 10))
    assert all("relative_likelihood" in MEASURES[n] for n in (2, 3, 4))
