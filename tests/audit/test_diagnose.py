"""wreslib.audit.diagnose: every kind of single slip found on a hand-made case (worked by hand in each test),
and property tests that a slip planted in random counts is always among the diagnoses."""

from __future__ import annotations

from fractions import Fraction

import pytest
from audit_helpers import WF, key, ledger, one_figure, printed
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wreslib.audit.audit import judge
from wreslib.audit.diagnose import Evidence, diagnose, digit_slips
from wreslib.audit.recompute import recompute

ACC = "training.accessed"

# 2024: 300 White, 100 BME, 12 unknown staff (412); 60 White and 10 BME accessed training: rates 20% and 10%,
# relative likelihood (60/300) / (10/100) = 2.00. 2023: 280 / 90 / 10. Board 2024: 8 White, 2 BME of 10.
BASE = {
    key(WF, 2024, "White"): 300, key(WF, 2024, "BME"): 100, key(WF, 2024, "Unknown"): 12, key(WF, 2024, "All"): 412,
    key(WF, 2023, "White"): 280, key(WF, 2023, "BME"): 90, key(WF, 2023, "Unknown"): 10, key(WF, 2023, "All"): 380,
    key(ACC, 2024, "White"): 60, key(ACC, 2024, "BME"): 10,
    key("board.voting", 2024, "White"): 8, key("board.voting", 2024, "BME"): 2,
    key("board.voting", 2024, "Unknown"): 0, key("board.voting", 2024, "All"): 10,
}


def diagnoses_of(counts, figure, *others):
    """The diagnoses of ``figure`` (which must disagree), with ``others`` as the rest of the report."""
    the_ledger = ledger(counts)
    judged = [(f, recompute(f, the_ledger)) for f in (figure, *others)]
    evidence = Evidence(tuple((f, r, judge(f, r)[0] == "agrees") for f, r in judged))
    f, r = judged[0]
    assert judge(f, r)[0] == "disagrees", judge(f, r)
    return diagnose(f, r, the_ledger, evidence)


def kinds(found):
    return [d.kind for d in found]


def has(found, kind, count=None, value=None):
    return any(d.kind == kind and (count is None or d.count == count) and (value is None or d.value == value)
               for d in found)


def test_ratio_inverted():
    # Printed 0.50: BME relative to White, (10/100) / (60/300) = 0.1 / 0.2 = 0.50.
    found = diagnoses_of(BASE, one_figure(4, "relative_likelihood", "0.50"))
    assert kinds(found)[0] == "ratio_inverted"
    assert "BME relative to White" in found[0].sentence and found[0].reproduces == "0.50"


def test_percent_for_ratio():
    # Printed 200%: the ratio 2.00 as a percentage.
    found = diagnoses_of(BASE, one_figure(4, "relative_likelihood", "200%"))
    assert has(found, "percent_for_ratio")


def test_digit_dropped_makes_the_ratio_ten_times_off():
    # 100 BME staff typed as 10: (60/300) / (10/10) = 0.2 / 1 = 0.20, ten times smaller than 2.00.
    found = diagnoses_of(BASE, one_figure(4, "relative_likelihood", "0.20"))
    assert has(found, "digit_dropped", "the 2024 BME workforce", 10)


def test_digit_added():
    # 60 White staff accessing typed as 600: (600/300) / (10/100) = 2 / 0.1 = 20.00.
    found = diagnoses_of(BASE, one_figure(4, "relative_likelihood", "20.00"))
    assert has(found, "digit_added", "White staff accessing non-mandatory training and CPD in 2024", 600)


def test_digit_changed():
    # 100 BME staff typed as 180: 0.2 / (10/180) = 3.60.
    found = diagnoses_of(BASE, one_figure(4, "relative_likelihood", "3.60"))
    assert has(found, "digit_changed", "the 2024 BME workforce", 180)
    d = next(d for d in found if d.kind == "digit_changed")
    assert d.actual == 100 and "180 instead of 100" in d.sentence


def test_digits_transposed():
    # 63 of 315 White and 12 of 105 BME: (63/315) / (12/105) = 1.75. With 63 typed as 36:
    # (36/315) / (12/105) = 0.1143 / 0.1143 = 1.00.
    counts = {key(WF, 2024, "White"): 315, key(WF, 2024, "BME"): 105, key(ACC, 2024, "White"): 63,
              key(ACC, 2024, "BME"): 12}
    found = diagnoses_of(counts, one_figure(4, "relative_likelihood", "1.00"))
    assert has(found, "digits_transposed", "White staff accessing non-mandatory training and CPD in 2024", 36)


def test_other_count_from_a_neighbouring_year():
    # The 2023 BME workforce (90) used for 2024: 0.2 / (10/90) = 1.80.
    found = diagnoses_of(BASE, one_figure(4, "relative_likelihood", "1.80"))
    d = next(d for d in found if d.kind == "other_count")
    assert (d.count, d.value, d.actual) == ("the 2024 BME workforce", 90, 100)
    assert "as the 2023 BME workforce are" in d.sentence


def test_groups_swapped_in_a_share():
    # The White share printed with the BME figure: 100 / 412 = 24.27% (White is 300/412 = 72.82%).
    found = diagnoses_of(BASE, one_figure(1, "white_pct", "24.3%"))
    assert kinds(found)[0] == "groups_swapped" and "the BME figure" in found[0].sentence


def test_groups_swapped_in_a_survey_gap():
    # 15 of 100 BME and 20 of 200 White said yes: gap = 15% - 10% = +5.0 points; printed -5.0 (White minus BME).
    counts = {key("survey.yes", 2024, g, (5,)): n for g, n in (("White", 20), ("BME", 15))}
    counts |= {key("survey.respondents", 2024, g, (5,)): n for g, n in (("White", 200), ("BME", 100))}
    found = diagnoses_of(counts, one_figure(5, "gap_pp", "-5.0"))
    assert kinds(found)[0] == "groups_swapped" and "White minus BME" in found[0].sentence


def test_difference_reversed():
    # Board 2/10 = 20% BME, workforce 100/412 = 24.27%: 20 - 24.27 = -4.27 points; printed +4.3 (reversed).
    found = diagnoses_of(BASE, one_figure(9, "difference_pp", "+4.3pp"))
    assert kinds(found)[0] == "reversed"


def test_denominator_without_unknown():
    # 100 BME of 300 + 100 known = 25.0%; WRES counts all 412 staff: 24.27%.
    found = diagnoses_of(BASE, one_figure(1, "bme_pct", "25.0%"))
    assert has(found, "denominator_without_unknown")


def test_denominator_with_unknown():
    # 10 BME staff accessing over all 412 staff = 2.43% (over the 100 BME staff: 10%).
    found = diagnoses_of(BASE, one_figure(4, "bme_rate_pct", "2.43%"))
    assert has(found, "denominator_with_unknown")


def test_rates_rounded_before_the_ratio():
    # 61/300 = 20.33% and 9/100 = 9%: ratio 2.259, printed 2.26. Rounded to whole percentages first: 20/9 = 2.22.
    counts = {key(WF, 2024, "White"): 300, key(WF, 2024, "BME"): 100, key(ACC, 2024, "White"): 61,
              key(ACC, 2024, "BME"): 9}
    found = diagnoses_of(counts, one_figure(4, "relative_likelihood", "2.22"))
    d = next(d for d in found if d.kind == "rounded_intermediates")
    assert "rounded to 0 decimal places first" in d.sentence


def test_worked_from_the_report_s_own_printed_figures():
    # BME share 2024: 100/412 = 24.27% printed 24%; 2023: 90/380 = 23.68% printed 23.7%; both agree.
    # The change is 24.27 - 23.68 = 0.59 points, printed 0.3 = 24 - 23.7, from the printed figures.
    found = diagnoses_of(BASE, one_figure(1, "bme_change_pp", "0.3", row=4),
                         one_figure(1, "bme_pct", "24%", row=2), one_figure(1, "bme_pct", "23.7%", year=2023, row=3))
    d = next(d for d in found if d.kind == "rounded_intermediates")
    assert "report's own printed figures 24%" in d.sentence and "23.7%" in d.sentence
    assert "itself disagree" not in d.sentence


def test_rounded_in_two_steps():
    # 35 of 163 = 21.472%: 21.5 to one decimal, then 22; rounded once it is 21.
    counts = {key(WF, 2024, "White"): 124, key(WF, 2024, "BME"): 35, key(WF, 2024, "Unknown"): 4,
              key(WF, 2024, "All"): 163}
    found = diagnoses_of(counts, one_figure(1, "bme_pct", "22%"))
    assert any(d.kind == "rounded_intermediates" and "two steps" in d.sentence and "21.5" in d.sentence
               for d in found)


def test_nothing_reproduces_it_and_it_says_so():
    # 2 of 13 board members = 15.38%, printed 25%. 25% of 13 is 3.25 members; 2 of 8 is 25%.
    counts = {key("board.voting", 2024, "White"): 10, key("board.voting", 2024, "BME"): 2,
              key("board.voting", 2024, "Unknown"): 1, key("board.voting", 2024, "All"): 13,
              key(WF, 2024, "All"): 400}
    found = diagnoses_of(counts, one_figure(9, "board_bme_pct", "25%"))
    assert kinds(found) == ["unexplained"]
    assert found[0].sentence.startswith("No single slip reproduces the published 25%")
    assert "all voting board members in 2024 to be 8 (not 13)" in found[0].sentence


def test_a_slip_the_rest_of_the_report_bears_out_comes_first_and_the_others_go():
    # As in the example: the BME workforce 99 typed as 89 makes both the printed rate 24/89 = 26.97% and the
    # ratio (43/309) / (24/89) = 0.516 -> 0.52. Other slips reproduce 0.52 alone, such as 24 accessing typed as
    # 26: (43/309) / (26/99) = 0.530, truncated 0.52; the printed rate does not bear them out.
    counts = {key(WF, 2023, "White"): 309, key(WF, 2023, "BME"): 99, key(ACC, 2023, "White"): 43,
              key(ACC, 2023, "BME"): 24}
    found = diagnoses_of(counts, one_figure(4, "relative_likelihood", "0.52", year=2023, row=3),
                         one_figure(4, "bme_rate_pct", "26.97%", year=2023, row=2))
    slips = [d for d in found if d.count is not None]
    assert [(d.count, d.value) for d in slips] == [("the 2023 BME workforce", 89)]
    assert slips[0].corroborated_by == ("26.97% (test)",)


def test_digit_slips_are_every_number_one_typing_slip_away():
    slips = dict((n, k) for k, n in digit_slips(309))
    assert slips[39] == slips[30] == "digit_dropped"
    assert slips[3009] == "digit_added" and slips[409] == "digit_changed" and slips[390] == "digits_transposed"
    assert 9 not in slips and 309 not in slips  # 309 → 09 has a leading zero; the number itself is no slip


# --- property tests: a single planted slip is always found --------------------------------------------

def slip(value: int, kind: str, position: int, digit: int) -> int | None:
    """One typing slip of ``value``, written independently of wreslib's search (None when not possible)."""
    text = str(value)
    i = position % (len(text) + (1 if kind == "digit_added" else 0))
    if kind == "digit_dropped":
        new = text[:i] + text[i + 1:]
    elif kind == "digit_added":
        new = text[:i] + str(digit) + text[i:]
    elif kind == "digit_changed":
        new = text[:i] + str(digit) + text[i + 1:]
    else:
        i = position % max(len(text) - 1, 1)
        new = text[:i] + text[i + 1:i + 2] + text[i:i + 1] + text[i + 2:]
    if not new or (len(new) > 1 and new[0] == "0") or int(new) == value:
        return None
    return int(new)


LEAVES = {"wa": (ACC, "White"), "wt": (WF, "White"), "ba": (ACC, "BME"), "bt": (WF, "BME")}
LABELS = {"wa": "White staff accessing non-mandatory training and CPD in 2024", "wt": "the 2024 White workforce",
          "ba": "BME staff accessing non-mandatory training and CPD in 2024", "bt": "the 2024 BME workforce"}


def rl_counts(c):
    return {key(q, 2024, g): c[name] for name, (q, g) in LEAVES.items()}


def ratio(c):
    return Fraction(c["wa"], c["wt"]) / Fraction(c["ba"], c["bt"])


counts_st = st.fixed_dictionaries({"wt": st.integers(20, 3000), "bt": st.integers(20, 3000)}).flatmap(
    lambda d: st.fixed_dictionaries({"wt": st.just(d["wt"]), "bt": st.just(d["bt"]),
                                     "wa": st.integers(1, d["wt"]), "ba": st.integers(1, d["bt"])}))


@settings(max_examples=200)
@given(counts_st, st.sampled_from(sorted(LEAVES)),
       st.sampled_from(["digit_dropped", "digit_added", "digit_changed", "digits_transposed"]),
       st.integers(0, 5), st.integers(0, 9), st.integers(1, 3), st.sampled_from(["round", "truncate"]))
def test_a_planted_digit_slip_is_always_found(c, leaf, kind, position, digit, decimals, mode):
    wrong = slip(c[leaf], kind, position, digit)
    assume(wrong is not None and wrong > 0)
    assume(wrong not in c.values())  # else it is also "another count", which the search names first
    planted = ratio({**c, leaf: wrong})
    text = printed(planted, decimals, mode)
    figure = one_figure(4, "relative_likelihood", text)
    the_ledger = ledger(rl_counts(c))
    r = recompute(figure, the_ledger)
    assume(judge(figure, r)[0] == "disagrees")  # the slip shows at this precision
    found = diagnose(figure, r, the_ledger)
    assert has(found, kind, LABELS[leaf], wrong), (text, [d.sentence for d in found])


@settings(max_examples=150)
@given(counts_st, st.integers(1, 3), st.sampled_from(["round", "truncate"]),
       st.sampled_from(["ratio_inverted", "percent_for_ratio", "rounded_intermediates", "other_count"]),
       st.integers(20, 3000))
def test_a_planted_method_slip_is_always_found(c, decimals, mode, kind, last_year_bme):
    counts = rl_counts(c) | {key(WF, 2023, "BME"): last_year_bme}
    if kind == "ratio_inverted":
        planted, unit = 1 / ratio(c), ""
    elif kind == "percent_for_ratio":
        planted, unit = 100 * ratio(c), "%"
    elif kind == "rounded_intermediates":  # both rates rounded to one decimal first (half up, by hand)
        def r1(x: Fraction) -> Fraction:
            return Fraction(int(x * 10 + Fraction(1, 2)), 10)
        a, b = r1(Fraction(100 * c["wa"], c["wt"])), r1(Fraction(100 * c["ba"], c["bt"]))
        assume(b > 0)
        planted, unit = a / b, ""
    else:  # last year's BME workforce in this year's ratio
        assume(last_year_bme not in c.values())
        planted, unit = ratio({**c, "bt": last_year_bme}), ""
    figure = one_figure(4, "relative_likelihood", printed(planted, decimals, mode, unit))
    the_ledger = ledger(counts)
    r = recompute(figure, the_ledger)
    assume(judge(figure, r)[0] == "disagrees")
    found = diagnose(figure, r, the_ledger)
    if kind == "other_count":
        assert has(found, kind, "the 2024 BME workforce", last_year_bme)
    else:
        assert has(found, kind), (figure.text, [d.sentence for d in found])


@settings(max_examples=150)
@given(st.integers(1, 2000), st.integers(1, 2000), st.integers(1, 300), st.integers(0, 3),
       st.sampled_from(["round", "truncate"]), st.sampled_from(["groups_swapped", "denominator_without_unknown"]))
def test_a_planted_share_slip_is_always_found(white, bme, unknown, decimals, mode, kind):
    total = white + bme + unknown
    counts = {key(WF, 2024, "White"): white, key(WF, 2024, "BME"): bme, key(WF, 2024, "Unknown"): unknown,
              key(WF, 2024, "All"): total}
    planted = Fraction(100 * white, total) if kind == "groups_swapped" else Fraction(100 * bme, white + bme)
    figure = one_figure(1, "bme_pct", printed(planted, decimals, mode, "%"))
    the_ledger = ledger(counts)
    r = recompute(figure, the_ledger)
    assume(judge(figure, r)[0] == "disagrees")
    assert has(diagnose(figure, r, the_ledger), kind)


@settings(max_examples=100)
@given(st.integers(0, 15), st.integers(1, 15), st.integers(1, 2000), st.integers(1, 2000), st.integers(0, 2),
       st.sampled_from(["round", "truncate"]))
def test_a_planted_reversed_difference_is_always_found(board_bme, board_other, staff_bme, staff_other, decimals,
                                                      mode):
    counts = {key("board.voting", 2024, "BME"): board_bme, key("board.voting", 2024, "White"): board_other,
              key("board.voting", 2024, "Unknown"): 0, key("board.voting", 2024, "All"): board_bme + board_other,
              key(WF, 2024, "BME"): staff_bme, key(WF, 2024, "White"): staff_other, key(WF, 2024, "Unknown"): 0,
              key(WF, 2024, "All"): staff_bme + staff_other}
    difference = Fraction(100 * board_bme, board_bme + board_other) - Fraction(100 * staff_bme, staff_bme + staff_other)
    figure = one_figure(9, "difference_pp", printed(-difference, decimals, mode, "pp"))
    the_ledger = ledger(counts)
    r = recompute(figure, the_ledger)
    assume(judge(figure, r)[0] == "disagrees")
    assert has(diagnose(figure, r, the_ledger), "reversed")


@pytest.mark.parametrize("value", [1, 9, 10, 99, 100, 309, 1234])
def test_digit_slips_never_include_the_value_or_a_leading_zero(value):
    for _kind, number in digit_slips(value):
        assert number != value and (number == 0 or not str(number).startswith("0"))
