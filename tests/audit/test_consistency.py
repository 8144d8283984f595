"""wreslib.audit.consistency: the published figures checked against one another, each check on figures
worked by hand (most from the BLMK report's own tables)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from wreslib.audit.consistency import check_consistency, interval
from wreslib.audit.printed import parse_printed
from wreslib.audit.published import published_figures


def checks_of(*rows, kind=None):
    """Checks of figures given as (indicator, measure, value, year, staff_group, band)."""
    frame = pd.DataFrame([{"row": i, "org_code": "AAA", "year": r[3] if len(r) > 3 else 2024, "indicator": r[0],
                           "measure": r[1], "value": r[2], "source": f"line {i}",
                           "staff_group": r[4] if len(r) > 4 else None, "band": r[5] if len(r) > 5 else None,
                           "group": None} for i, r in enumerate(rows, start=2)])
    found = check_consistency(published_figures(frame, "AAA"))
    return [c for c in found if kind is None or c.kind == kind]


def verdicts(checks):
    return [c.verdict for c in checks]


def test_intervals_cover_rounding_and_truncation():
    i = interval(parse_printed("0.52"))
    assert (i.low, i.high) == (Fraction("0.515"), Fraction("0.53"))
    i = interval(parse_printed("96"), exact=True)
    assert i.low == i.high == 96


@pytest.mark.parametrize(("total", "verdict"), [("130", "consistent"), ("131", "inconsistent")])
def test_parts_against_the_total(total, verdict):
    # 96 + 30 + 4 = 130 (BLMK 2024, non-clinical Band 1-7).
    cell = ("non-clinical", "Band 1-7")
    found = checks_of((1, "white_headcount", "96", 2024, *cell), (1, "bme_headcount", "30", 2024, *cell),
                      (1, "unknown_headcount", "4", 2024, *cell), (1, "headcount", total, 2024, *cell),
                      kind="parts_and_total")
    assert verdicts(found) == [verdict]


def test_bands_against_the_workforce_total():
    # BLMK 2024: 130 + 163 + 32 + 72 = 397 in the band tables, 400 in the staff table.
    rows = [(1, "headcount", n, 2024, g, b) for n, g, b in (("130", "non-clinical", "Band 1-7"),
                                                           ("163", "non-clinical", "Band 8a-VSM"),
                                                           ("32", "clinical", "Band 1-7"),
                                                           ("72", "clinical", "Band 8a-VSM"))]
    found = checks_of(*rows, (1, "headcount", "400"), kind="bands_and_total")
    assert verdicts(found) == ["inconsistent"]
    assert "add up to 397 staff" in found[0].sentence and "3 staff are in no band table" in found[0].sentence
    assert verdicts(checks_of(*rows, (1, "headcount", "397"), kind="bands_and_total")) == ["consistent"]


@pytest.mark.parametrize(("shares", "verdict"), [
    (("76.9%", "25%", "12.5%"), "inconsistent"),   # the BLMK 2023/24 board: 114.4%
    (("72.4%", "24.1%", "3.5%"), "consistent"),    # the 2022 staff table: 100.0%
    (("57%", "39%", "4%"), "consistent"),          # adds up, even though each is wrong
])
def test_shares_of_one_whole_against_100(shares, verdict):
    rows = [(9, f"board_{g}_pct", v) for g, v in zip(("white", "bme", "unknown"), shares, strict=True)]
    assert verdicts(checks_of(*rows, kind="shares_sum")) == [verdict]


@pytest.mark.parametrize(("share", "verdict"), [("57%", "inconsistent"), ("58%", "consistent")])
def test_a_share_against_its_printed_counts(share, verdict):
    # 49 of 84 = 58.33% (BLMK 2022, clinical Band 8a-VSM, printed 57%).
    cell = (2022, "clinical", "Band 8a-VSM")
    found = checks_of((1, "white_pct", share, *cell), (1, "white_headcount", "49", *cell),
                      (1, "headcount", "84", *cell), kind="share_and_counts")
    assert verdicts(found) == [verdict]


def test_a_rate_against_the_headcount_printed_in_another_table():
    # Indicator 4's 26.97% against 24 accessing and the 99 BME staff of indicator 2's table: 24/99 = 24.24%.
    found = checks_of((4, "bme_rate_pct", "26.97%", 2023), (4, "bme_accessed", "24", 2023),
                      (2, "bme_headcount", "99", 2023), kind="share_and_counts")
    assert verdicts(found) == ["inconsistent"] and "24.24%" in found[0].sentence


@pytest.mark.parametrize(("pct", "respondents", "verdict"), [("2.17%", "46", "consistent"),   # 1 of 46
                                                              ("50.0%", "3", "inconsistent")])  # 1/3 or 2/3
def test_a_survey_share_against_its_respondents(pct, respondents, verdict):
    found = checks_of((5, "bme_pct", pct), (5, "bme_respondents", respondents), kind="survey_share_and_respondents")
    assert verdicts(found) == [verdict]


@pytest.mark.parametrize(("difference", "verdict"), [("-1%", "inconsistent"), ("+1%", "consistent")])
def test_a_difference_against_its_printed_parts(difference, verdict):
    # BLMK 2023/24 board: 25% board BME, 24% workforce BME; printed difference -1%: 25 - 24 = +1.
    found = checks_of((9, "board_bme_pct", "25%"), (9, "workforce_bme_pct", "24%"), (9, "difference_pp", difference),
                      kind="difference_and_parts")
    assert verdicts(found) == [verdict]


def test_a_change_against_the_two_years():
    # Indicator 6: 25.5% in the 2023 survey, 18.2% in 2022; the printed +7.3 is 25.5 - 18.2.
    found = checks_of((6, "bme_pct", "25.5%", 2024), (6, "bme_pct", "18.2%", 2023), (6, "bme_change_pp", "7.3%", 2024),
                      kind="difference_and_parts")
    assert verdicts(found) == ["consistent"]


@pytest.mark.parametrize(("ratio", "verdict"), [("0.52", "consistent"), ("0.60", "inconsistent")])
def test_a_ratio_against_the_rates_printed_beside_it(ratio, verdict):
    # 13.92% / 26.97% = 0.516 (BLMK indicator 4, 2023).
    found = checks_of((4, "white_rate_pct", "13.92%", 2023), (4, "bme_rate_pct", "26.97%", 2023),
                      (4, "relative_likelihood", ratio, 2023), kind="ratio_and_rates")
    assert verdicts(found) == [verdict]


def test_a_sentence_s_direction_against_its_numbers():
    # "25% of BME staff … significantly higher than their White colleagues at 51.5%": 25 - 51.5 < 0.
    found = checks_of((7, "bme_pct", "25%"), (7, "white_pct", "51.5%"), (7, "gap_pp_direction", "significantly higher"),
                      kind="direction_and_numbers")
    assert verdicts(found) == ["inconsistent"] and "the numbers say lower" in found[0].sentence
    found = checks_of((7, "bme_pct", "25%"), (7, "white_pct", "51.5%"), (7, "gap_pp_direction", "lower"),
                      kind="direction_and_numbers")
    assert verdicts(found) == ["consistent"]


def test_one_figure_printed_twice_with_values_that_cannot_both_be_right():
    # The 2022 White workforce share: 72.4% in the staff table, 83% in the board table.
    found = checks_of((1, "white_pct", "72.4%", 2022), (9, "workforce_white_pct", "83%", 2022), kind="same_figure")
    assert verdicts(found) == ["inconsistent"]
    found = checks_of((1, "unknown_pct", "3.5%", 2022), (9, "workforce_unknown_pct", "3%", 2022), kind="same_figure")
    assert verdicts(found) == ["consistent"]  # 3.52% prints as both


def test_a_figure_printed_in_several_places_gives_one_check_citing_them_all():
    found = checks_of((9, "board_bme_pct", "25%"), (9, "board_bme_pct", "25%"), (9, "board_bme_members", "2"),
                      (9, "board_members", "13"), kind="share_and_counts")
    assert len(found) == 1 and len(found[0].figures) == 4
