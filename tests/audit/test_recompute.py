"""wreslib.audit.recompute: the ledger of counts, each measure's formula, and what cannot be checked.

Expected values are hand calculations from the example's counts (data/example/README.md) or from counts made
up in the test; the property test prints every recomputed figure with the decimal module."""

from __future__ import annotations

from fractions import Fraction

import pytest
from audit_helpers import WF, key, ledger, one_figure, printed
from hypothesis import given, settings
from hypothesis import strategies as st

from wreslib.audit.audit import judge
from wreslib.audit.recompute import CountKey, build_ledger, recompute
from wreslib.measures.compute import compute_indicators


@pytest.fixture(scope="module")
def example_ledger(example_data):
    return build_ledger(example_data, "QHG")


def value_of(ledger_, indicator, measure, year, **cell):
    return recompute(one_figure(indicator, measure, "1", year=year, org="QHG", **cell), ledger_).value


def test_the_ledger_holds_each_count_with_where_it_is(example_ledger):
    bme_2023 = example_ledger.get(CountKey(WF, (None, None), 2023, "BME"))
    # 50 + 14 + 5 + 30 BME staff in the four 2023 band rows of workforce.csv (rows 17, 20, 23, 26).
    assert bme_2023.value == 99 and bme_2023.label == "the 2023 BME workforce"
    assert bme_2023.where == "workforce.csv, rows 17, 20, 23 and 26"
    assert example_ledger.get(CountKey("training.accessed", (), 2024, "BME")).where == "training.csv, row 7"
    assert example_ledger.get(CountKey("board.voting", (), 2024, "All")).value == 13  # 10 + 2 + 1


def test_related_counts_are_one_slip_away(example_ledger):
    related = {(how, e.key) for how, e in example_ledger.related(CountKey(WF, (None, None), 2023, "BME"))}
    assert ("year", CountKey(WF, (None, None), 2022, "BME")) in related
    assert ("group", CountKey(WF, (None, None), 2023, "White")) in related
    assert ("table", CountKey("training.accessed", (), 2023, "BME")) in related
    assert not any(k.year == 2024 and k.group == "White" for _how, k in related)  # two slips away


@pytest.mark.parametrize(("indicator", "measure", "year", "cell", "expected"), [
    (2, "relative_likelihood", 2024, {}, Fraction(30 * 95, 92 * 9)),            # (30/92) / (9/95) = 3.44
    (4, "relative_likelihood", 2023, {}, Fraction(43 * 99, 309 * 24)),          # (43/309) / (24/99) = 0.574
    (4, "bme_rate_pct", 2023, {}, Fraction(2400, 99)),                          # 24/99 = 24.24%
    (2, "unknown_rate_pct", 2022, {}, Fraction(100, 19)),                       # 1/19 = 5.26%
    (1, "bme_pct", 2024, {"staff_group": "clinical", "band": "Band 1-7"}, Fraction(500, 32)),  # 5/32
    (1, "bme_pct", 2024, {"band": "Band 1-7"}, Fraction(3500, 162)),            # (30 + 5)/(130 + 32), all staff
    (1, "known_pct", 2024, {}, Fraction(384 * 100, 400)),                      # (288 + 96)/400 = 96%
    (1, "unknown_change_pp", 2024, {}, Fraction(1600, 400) - Fraction(1300, 421)),  # 4.00 - 3.09
    (1, "bme_headcount_change", 2024, {"staff_group": "clinical", "band": "Band 8a-VSM"}, Fraction(-6)),  # 24 - 30
    (5, "gap_pp", 2024, {}, Fraction("2.17") - Fraction("7.05")),              # survey 2023, BME - White
    (6, "bme_change_pp", 2024, {}, Fraction("25.5") - Fraction("18.2")),
    (7, "bme_not_pct", 2024, {}, Fraction(75)),
    (5, "bme_benchmark_difference_pp", 2024, {}, Fraction("2.17") - Fraction("6.25")),
    (9, "board_bme_pct", 2024, {}, Fraction(200, 13)),                         # 2/13 = 15.38%
    (9, "difference_pp", 2024, {}, Fraction(200, 13) - 24),                    # 15.38 - 24.00
    (9, "board_members", 2022, {}, Fraction(19)),
])
def test_each_measure_is_recomputed_exactly(example_ledger, indicator, measure, year, cell, expected):
    assert value_of(example_ledger, indicator, measure, year, **cell) == expected


def test_recomputed_values_are_those_of_the_measures_layer(example_data, example_ledger):
    # The audit's formulas and wres indicators give the same figures.
    for year in (2022, 2023, 2024):
        result = compute_indicators(example_data, "QHG", year)
        for number in (2, 4):
            assert float(value_of(example_ledger, number, "relative_likelihood", year)) == pytest.approx(
                result.likelihood(number).likelihood.value)
        assert float(value_of(example_ledger, 9, "difference_pp", year)) == pytest.approx(
            result.board.voting.difference_pp)
        for number in (5, 6, 7, 8):
            assert float(value_of(example_ledger, number, "gap_pp", year)) == pytest.approx(
                result.survey(number).gap.difference_pp)


@pytest.mark.parametrize(("indicator", "measure", "year", "says"), [
    (3, "relative_likelihood", 2024, "0 ÷ 0"),                       # no one entered the process
    (4, "unknown_rate_pct", 2024, "training.csv gives no figure for Unknown staff accessing"),
    (1, "bme_pct", 2021, "the data has no workforce rows for QHG in 2021"),
    (5, "bme_pct", 2021, "survey.csv has no rows for QHG in survey year 2020"),
    (9, "executive_board_bme_pct", 2024, "board.csv gives no figure for"),
])
def test_what_cannot_be_recomputed_says_why(example_ledger, indicator, measure, year, says):
    r = recompute(one_figure(indicator, measure, "1%" if "pct" in measure else "1", year=year, org="QHG"),
                  example_ledger)
    assert r.value is None and says in r.reason


def test_an_unbounded_ratio_cannot_be_checked():
    counts = {key("training.accessed", 2024, "White"): 5, key("training.accessed", 2024, "BME"): 0,
              key(WF, 2024, "White"): 50, key(WF, 2024, "BME"): 10}
    r = recompute(one_figure(4, "relative_likelihood", "2.00"), ledger(counts))
    assert r.value is None and "unbounded" in r.reason


counts_strategy = st.integers(min_value=1, max_value=5000)


@settings(max_examples=150)
@given(white=counts_strategy, bme=counts_strategy, unknown=st.integers(0, 500), data=st.data(),
       decimals=st.integers(0, 3), mode=st.sampled_from(["round", "truncate"]))
def test_any_figure_computed_from_the_counts_agrees(white, bme, unknown, data, decimals, mode):
    # Random counts of indicators 1, 4 and 9; each figure worked out here by hand from them, printed by the
    # decimal module at a random precision (rounded or truncated), always agrees.
    w_acc = data.draw(st.integers(0, white))
    b_acc = data.draw(st.integers(1, bme))
    board = [data.draw(st.integers(0, 12)) for _ in range(3)]
    if sum(board) == 0:
        board[0] = 1
    counts = {key(WF, 2024, "White"): white, key(WF, 2024, "BME"): bme, key(WF, 2024, "Unknown"): unknown,
              key(WF, 2024, "All"): white + bme + unknown,
              key("training.accessed", 2024, "White"): w_acc, key("training.accessed", 2024, "BME"): b_acc,
              **{key("board.voting", 2024, g): n for g, n in zip(("White", "BME", "Unknown"), board, strict=True)},
              key("board.voting", 2024, "All"): sum(board)}
    total = white + bme + unknown
    cases = [
        (4, "relative_likelihood", Fraction(w_acc, white) / Fraction(b_acc, bme), ""),
        (4, "bme_rate_pct", Fraction(100 * b_acc, bme), "%"),
        (1, "bme_pct", Fraction(100 * bme, total), "%"),
        (9, "difference_pp", Fraction(100 * board[1], sum(board)) - Fraction(100 * bme, total), "pp"),
        (9, "board_white_pct", Fraction(100 * board[0], sum(board)), "%"),
    ]
    the_ledger = ledger(counts)
    for indicator, measure, exact, unit in cases:
        figure = one_figure(indicator, measure, printed(exact, decimals, mode, unit))
        verdict, _reason, rounding, _notes = judge(figure, recompute(figure, the_ledger))
        assert verdict == "agrees", (measure, exact, figure.text)
        assert rounding in (("rounded", "rounded or truncated") if mode == "round"
                            else ("truncated", "rounded or truncated"))
