"""Tests for wreslib.legacy.report.assess: the RAG rule, the senior-band likelihood, headline values and trends.

Hand-made IndicatorSets are built from the result dataclasses with counts chosen here; the statistics
come from ``wreslib.legacy.measures.stats`` (tested in test_stats.py). Expected ratings and reasons are written
by hand: ratios and percentages from the counts (shown in comments), confidence intervals from Katz's
formula written out in ``katz`` below, p-values from ``scipy.stats.fisher_exact`` called directly.
The example (BLMK ICB, QHG) is checked against the published report's own counts.
"""

from __future__ import annotations

import dataclasses
import re
from math import exp, sqrt
from statistics import NormalDist

import pytest
from scipy.stats import fisher_exact

from wreslib.legacy.measures.results import (
    BoardMeasure,
    GroupCounts,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)
from wreslib.legacy.measures.stats import compare_percentages, relative_likelihood
from wreslib.legacy.report import assess
from wreslib.legacy.report.assess import (
    GENERAL_KEY,
    RAG_RULE_TEXT,
    TREND_KEY,
    Rating,
    board_ratio,
    headline_value,
    rate,
    senior_band_likelihood,
    trend,
)

Z95 = NormalDist().inv_cdf(0.975)


def katz(a: int, n_a: int, b: int, n_b: int) -> tuple[float, float]:
    """Katz et al. (1978) written out: RR * exp(-/+ z * sqrt(1/a - 1/n_a + 1/b - 1/n_b))."""
    rr = (a / n_a) / (b / n_b)
    se = sqrt(1 / a - 1 / n_a + 1 / b - 1 / n_b)
    return rr * exp(-Z95 * se), rr * exp(Z95 * se)


# --------------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------------


def make_set(year: int = 2024, org: str = "TST", **indicators: object) -> IndicatorSet:
    """An IndicatorSet with the given indicators (``i2=...``); the others are no_data."""
    chosen = {int(key[1:]): value for key, value in indicators.items()}
    full: dict[int, object] = {}
    for n in range(1, 10):
        if n in chosen:
            full[n] = chosen[n]
        elif n == 1:
            full[n] = Indicator1("no_data", "there is no workforce row")
        elif n in (2, 3, 4):
            full[n] = RelativeLikelihoodIndicator(n, "no_data", f"no data for indicator {n}")
        elif n in (5, 6, 7, 8):
            full[n] = SurveyIndicator(n, "no_data", "no survey rows", survey_year=year - 1)
        else:
            reason = "there is no board.csv in the data folder"
            full[n] = Indicator9("no_data", reason, BoardMeasure("voting", "no_data", reason),
                                 BoardMeasure("executive", "no_data", reason))
    return IndicatorSet(org, "Test ICB", "ICB", "London", year, True, full)


def rl(number: int, a_cases: int, a_total: int, b_cases: int, b_total: int) -> RelativeLikelihoodIndicator:
    """Indicator 2-4 from counts; group a is White for 2 and 4 and BME for 3, as WRES defines them."""
    a_label, b_label = ("BME", "White") if number == 3 else ("White", "BME")
    m = relative_likelihood(a_cases, a_total, b_cases, b_total, a_label=a_label, b_label=b_label)
    return RelativeLikelihoodIndicator(number, m.status, m.reason, measure=m)


def survey(number: int, white: tuple[float | None, int | None], bme: tuple[float | None, int | None],
           survey_year: int = 2023) -> SurveyIndicator:
    gap = compare_percentages(white[0], white[1], bme[0], bme[1])
    return SurveyIndicator(number, gap.status, gap.reason, survey_year=survey_year, gap=gap)


def board(b_white: int, b_bme: int, b_unknown: int, w_white: int, w_bme: int, w_unknown: int) -> Indicator9:
    voting = BoardMeasure("voting", "ok", None, GroupCounts("board (voting)", b_white, b_bme, b_unknown),
                          GroupCounts("All staff", w_white, w_bme, w_unknown))
    executive = BoardMeasure("executive", "no_data", "board.csv leaves the executive column blank")
    return Indicator9("ok", None, voting, executive)


def indicator1(lower: tuple[int, int] | None, senior: tuple[int, int] | None) -> Indicator1:
    """Indicator 1 with all-staff published-range rows (White, BME) for Band 1-7 and Band 8a-VSM."""
    rows = []
    if lower:
        rows.append(GroupCounts("Band 1-7", lower[0], lower[1], 0, staff_group="all"))
    if senior:
        rows.append(GroupCounts("Band 8a-VSM", senior[0], senior[1], 0, staff_group="all"))
    white = sum(r.white for r in rows)
    bme = sum(r.bme for r in rows)
    overall = GroupCounts("All staff", white, bme, 0)
    return Indicator1("ok", None, overall=overall, by_published_range=tuple(rows))


@pytest.fixture(scope="module")
def qhg(example_data):
    from wreslib.legacy.measures.indicators import compute_indicators

    return {year: compute_indicators(example_data, "QHG", year) for year in (2022, 2023, 2024)}


# --------------------------------------------------------------------------------------------------
# The documented rule
# --------------------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_rule_text_covers_every_indicator_the_general_rule_and_the_trend():
    assert set(RAG_RULE_TEXT) == {GENERAL_KEY, TREND_KEY, *range(1, 10)}
    assert all(isinstance(v, str) and v.endswith(".") for v in RAG_RULE_TEXT.values())


def test_rule_text_is_the_module_docstring_word_for_word():
    doc = _flat(assess.__doc__ or "")
    for key, text in RAG_RULE_TEXT.items():
        assert _flat(text) in doc, key


def test_rule_text_states_the_thresholds():
    assert "0.80 to 1.25 inclusive" in RAG_RULE_TEXT[2]
    assert "above 1.25 and statistically significant" in RAG_RULE_TEXT[3]
    assert "fewer than 11 respondents" in RAG_RULE_TEXT[5]
    assert "A lower BME percentage than White is adverse" in RAG_RULE_TEXT[7]
    assert "Amber: from 0.50 up to but not including 0.80. Red: below 0.50." in RAG_RULE_TEXT[9]


def test_rule_text_can_use_another_label():
    relabelled = assess.rag_rule_text("Global Majority")
    assert not any("BME" in v for v in relabelled.values())
    assert "Global Majority applicants" in relabelled[2]


# --------------------------------------------------------------------------------------------------
# Indicators 2, 3 and 4
# --------------------------------------------------------------------------------------------------


def test_indicator_2_of_the_example_2024_is_red(qhg):
    # Report, indicator 2 table: White 30 of 92 appointed, BME 9 of 95: (30/92)/(9/95) = 3.44.
    low, high = katz(30, 92, 9, 95)
    assert (round(low, 2), round(high, 2)) == (1.73, 6.85)
    assert rate(qhg[2024], 2) == Rating(
        "red",
        "White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024: "
        "above the non-adverse range of 0.80 to 1.25, adverse to BME applicants, and statistically significant "
        "(95% confidence interval 1.73 to 6.85).",
    )


def test_relative_likelihood_within_range_is_green():
    # (12/100)/(10/100) = 1.20; Katz interval 0.54 to 2.65.
    result = make_set(i2=rl(2, 12, 100, 10, 100))
    assert rate(result, 2) == Rating(
        "green",
        "White applicants were 1.20 times as likely as BME applicants to be appointed from shortlisting in 2024, "
        "within the non-adverse range of 0.80 to 1.25 (95% confidence interval 0.54 to 2.65).",
    )


@pytest.mark.parametrize(("white", "bme"), [((25, 100), (20, 100)), ((16, 100), (20, 100))])
def test_four_fifths_boundaries_are_inside_the_range_exactly(white, bme):
    # 0.25/0.20 = 1.25 and 0.16/0.20 = 0.80 exactly; in floats the second is 0.7999999999999999.
    assert rate(make_set(i4=rl(4, *white, *bme)), 4).rag == "green"


def test_adverse_but_not_significant_is_amber():
    # The method note's example: 1.50 on 3 of 10 against 2 of 10 is not significant.
    low, high = katz(3, 10, 2, 10)
    assert (round(low, 2), round(high, 2)) == (0.32, 7.14)
    assert rate(make_set(i2=rl(2, 3, 10, 2, 10)), 2) == Rating(
        "amber",
        "White applicants were 1.50 times as likely as BME applicants to be appointed from shortlisting in 2024: "
        "above the non-adverse range of 0.80 to 1.25, adverse to BME applicants, but not statistically significant "
        "(95% confidence interval 0.32 to 7.14).",
    )


def test_adverse_and_untested_is_amber():
    ind = rl(2, 30, 92, 9, 95)
    untested = dataclasses.replace(ind, measure=dataclasses.replace(ind.measure, significant=None))
    rating = rate(make_set(i2=untested), 2)
    assert rating.rag == "amber"
    assert rating.reason.endswith("but not tested for statistical significance (95% confidence interval 1.73 to 6.85).")


def test_outside_the_range_in_favour_of_bme_staff_is_amber_even_when_significant():
    # Report counts for indicator 4 in 2023: White 43 of 309, BME 24 of 99: (43/309)/(24/99) = 0.574.
    low, high = katz(43, 309, 24, 99)
    assert (round(low, 2), round(high, 2)) == (0.37, 0.90)
    assert rate(make_set(2023, i4=rl(4, 43, 309, 24, 99)), 4) == Rating(
        "amber",
        "White staff were 0.57 times as likely as BME staff to access non-mandatory training and CPD in 2023: "
        "below the non-adverse range of 0.80 to 1.25, in favour of BME staff (95% confidence interval 0.37 to 0.90).",
    )


def test_indicator_3_is_bme_relative_to_white():
    # 6 of 100 BME and 2 of 200 White staff entered the process: (6/100)/(2/200) = 6.00.
    low, high = katz(6, 100, 2, 200)
    assert (round(low, 2), round(high, 2)) == (1.23, 29.19)
    assert rate(make_set(i3=rl(3, 6, 100, 2, 200)), 3) == Rating(
        "red",
        "BME staff were 6.00 times as likely as White staff to enter the formal disciplinary process in 2024: "
        "above the non-adverse range of 0.80 to 1.25, adverse to BME staff, and statistically significant "
        "(95% confidence interval 1.23 to 29.19).",
    )


def test_indicator_3_of_the_example_is_grey_with_no_cases(qhg):
    # The report: no staff entered the formal disciplinary process in 2022, 2023 or 2024.
    for year in (2022, 2023, 2024):
        assert rate(qhg[year], 3) == Rating(
            "grey",
            f"No White or BME staff entered the formal disciplinary process in {year}, so the relative "
            "likelihood cannot be calculated.",
        )


def test_no_bme_cases_is_grey_and_says_the_ratio_would_be_infinite():
    assert rate(make_set(i2=rl(2, 10, 50, 0, 40)), 2) == Rating(
        "grey",
        "No BME applicants were appointed from shortlisting in 2024, against 20.0% of White applicants "
        "(10 of 50), so the relative likelihood cannot be calculated (it would be infinite).",
    )


def test_an_empty_group_is_grey():
    assert rate(make_set(i2=rl(2, 10, 50, 0, 0)), 2) == Rating(
        "grey", "No BME applicants were shortlisted in 2024, so the relative likelihood cannot be calculated."
    )


def test_no_white_cases_gives_a_ratio_of_zero_in_favour_of_bme_applicants():
    # Fisher's exact test decides (the interval is undefined): p = 0.056, not significant.
    assert fisher_exact([[0, 50], [5, 45]]).pvalue == pytest.approx(0.0563, abs=1e-4)
    assert rate(make_set(i2=rl(2, 0, 50, 5, 50)), 2) == Rating(
        "amber",
        "No White applicants were appointed from shortlisting in 2024, against 10.0% of BME applicants (5 of 50), "
        "so the relative likelihood is 0: below the non-adverse range of 0.80 to 1.25, in favour of BME applicants.",
    )


def test_no_data_is_grey_and_gives_the_reason():
    ind = RelativeLikelihoodIndicator(2, "no_data", "there is no recruitment.csv in the data folder")
    assert rate(make_set(i2=ind), 2) == Rating(
        "grey", "There is no data for indicator 2 in 2024: there is no recruitment.csv in the data folder."
    )


def test_not_calculable_without_a_measure_is_grey_and_gives_the_reason():
    ind = RelativeLikelihoodIndicator(4, "not_calculable", "the BME count (12) is larger than its denominator (10)")
    assert rate(make_set(i4=ind), 4) == Rating(
        "grey",
        "The relative likelihood for 2024 cannot be calculated: the BME count (12) is larger than its "
        "denominator (10).",
    )


# --------------------------------------------------------------------------------------------------
# Indicator 1: the senior-band likelihood
# --------------------------------------------------------------------------------------------------


def test_senior_band_likelihood_of_the_example_uses_the_report_counts(qhg):
    # Report, indicator 1 tables for 2024, non-clinical + clinical:
    # White in 8a-VSM 124 + 42 = 166, in Band 1-7 96 + 25 = 121 (287 in the two ranges);
    # BME in 8a-VSM 35 + 24 = 59, in Band 1-7 30 + 5 = 35 (94).
    m = senior_band_likelihood(qhg[2024])
    assert (m.a_label, m.a_cases, m.a_total, m.b_label, m.b_cases, m.b_total) == ("White", 166, 287, "BME", 59, 94)
    assert m.relative_likelihood == pytest.approx((166 / 287) / (59 / 94))
    low, high = katz(166, 287, 59, 94)
    assert (m.ci_low, m.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_indicator_1_of_the_example_2024_is_green(qhg):
    low, high = katz(166, 287, 59, 94)
    assert (round(low, 2), round(high, 2)) == (0.77, 1.11)
    assert rate(qhg[2024], 1) == Rating(
        "green",
        "White staff were 0.92 times as likely as BME staff to be in Bands 8a–VSM in 2024, within the "
        "non-adverse range of 0.80 to 1.25 (95% confidence interval 0.77 to 1.11).",
    )


def test_indicator_1_red_when_white_staff_are_far_more_often_senior():
    # White 100 of 200 in 8a-VSM, BME 20 of 120: (100/200)/(20/120) = 3.00, interval 1.96 to 4.58.
    rating = rate(make_set(i1=indicator1(lower=(100, 100), senior=(100, 20))), 1)
    assert rating == Rating(
        "red",
        "White staff were 3.00 times as likely as BME staff to be in Bands 8a–VSM in 2024: above the non-adverse "
        "range of 0.80 to 1.25, adverse to BME staff, and statistically significant (95% confidence interval "
        "1.96 to 4.58).",
    )


def test_indicator_1_with_no_senior_staff_is_grey():
    assert rate(make_set(i1=indicator1(lower=(50, 20), senior=None)), 1) == Rating(
        "grey", "No White or BME staff were in Bands 8a–VSM in 2024, so the relative likelihood cannot be calculated."
    )


def test_indicator_1_with_no_afc_bands_is_grey():
    only_medical = Indicator1("ok", None, overall=GroupCounts("All staff", 30, 20, 0), by_published_range=())
    result = make_set(i1=only_medical)
    assert senior_band_likelihood(result) is None
    assert rate(result, 1) == Rating(
        "grey",
        "No staff were recorded in Bands 1–7 or Bands 8a–VSM in 2024, so the relative likelihood of being in the "
        "senior bands cannot be calculated.",
    )


def test_indicator_1_without_data_is_grey():
    assert rate(make_set(), 1) == Rating("grey", "There is no data for indicator 1 in 2024: there is no workforce row.")


# --------------------------------------------------------------------------------------------------
# Indicators 5 to 8
# --------------------------------------------------------------------------------------------------


def test_indicator_7_of_the_example_is_red(qhg):
    # Report, 2023 survey: BME 25% of 48 (12), White 51.5% of 229 (118): 25.0 - 51.5 = -26.5 points.
    assert fisher_exact([[118, 229 - 118], [12, 48 - 12]]).pvalue == pytest.approx(0.0008, abs=1e-4)
    assert rate(qhg[2024], 7) == Rating(
        "red",
        "In the 2023 NHS Staff Survey, 25.0% of BME respondents believed that the organisation provides equal "
        "opportunities for career progression or promotion, against 51.5% of White respondents: 26.5 percentage "
        "points lower, adverse to BME respondents and statistically significant (p < 0.001).",
    )


def test_adverse_survey_gap_that_is_not_significant_is_amber():
    # 19.1% of 47 (9) against 12.9% of 202 (26): Fisher p = 0.253.
    assert fisher_exact([[26, 176], [9, 38]]).pvalue == pytest.approx(0.2533, abs=1e-4)
    assert rate(make_set(2022, i6=survey(6, (12.9, 202), (19.1, 47), 2021)), 6) == Rating(
        "amber",
        "In the 2021 NHS Staff Survey, 19.1% of BME respondents experienced harassment, bullying or abuse from "
        "staff in the last 12 months, against 12.9% of White respondents: 6.2 percentage points higher, adverse "
        "to BME respondents but not statistically significant (p = 0.253).",
    )


def test_small_survey_group_is_amber_and_too_few_to_test():
    assert rate(make_set(i8=survey(8, (5.0, 200), (25.0, 8))), 8) == Rating(
        "amber",
        "In the 2023 NHS Staff Survey, 25.0% of BME respondents personally experienced discrimination at work "
        "from a manager, team leader or other colleagues in the last 12 months, against 5.0% of White "
        "respondents: 20.0 percentage points higher, adverse to BME respondents, but there were only 8 BME "
        "respondents, too few to test (the NHS Staff Survey suppresses groups of fewer than 11).",
    )


def test_unknown_respondent_numbers_are_amber_and_untested():
    rating = rate(make_set(i5=survey(5, (5.0, None), (9.0, 60))), 5)
    assert rating.rag == "amber"
    assert rating.reason.endswith(
        "adverse to BME respondents, but the number of White respondents is not known, so no test could be made."
    )


def test_bme_better_than_white_is_green(qhg):
    # Indicator 5, 2023 survey: BME 2.17%, White 7.05%: lower harassment is better.
    assert rate(qhg[2024], 5) == Rating(
        "green",
        "In the 2023 NHS Staff Survey, 2.2% of BME respondents experienced harassment, bullying or abuse from "
        "patients, relatives or the public in the last 12 months, against 7.1% of White respondents: 4.9 "
        "percentage points lower, so BME respondents fared no worse than White respondents.",
    )


def test_equal_percentages_are_green():
    rating = rate(make_set(i6=survey(6, (20.0, 100), (20.0, 50))), 6)
    assert rating.rag == "green"
    assert "against 20.0% of White respondents: no difference, so BME respondents fared no worse" in rating.reason


@pytest.mark.parametrize(
    ("number", "white", "bme", "expected"),
    [
        (7, 40.0, 20.0, "red"),  # fewer BME believe in equal opportunities: adverse (p = 0.008)
        (7, 20.0, 40.0, "green"),  # more BME believe it: not adverse
        (5, 40.0, 20.0, "green"),  # fewer BME harassed: not adverse
        (8, 20.0, 30.0, "amber"),  # more BME discriminated against, p = 0.25
    ],
)
def test_survey_rating_is_direction_aware(number, white, bme, expected):
    assert rate(make_set(**{f"i{number}": survey(number, (white, 200), (bme, 50))}), number).rag == expected


def test_survey_without_data_is_grey_naming_the_survey_year():
    ind = SurveyIndicator(7, "no_data", "survey.csv has no rows for TST in survey year 2023", survey_year=2023)
    assert rate(make_set(i7=ind), 7) == Rating(
        "grey",
        "There are no 2023 NHS Staff Survey results for indicator 7: survey.csv has no rows for TST in survey "
        "year 2023.",
    )


def test_survey_with_a_missing_group_is_grey():
    assert rate(make_set(i5=survey(5, (None, None), (9.0, 60))), 5) == Rating(
        "grey",
        "In the 2023 NHS Staff Survey no result was published for White respondents, so BME and White "
        "respondents cannot be compared.",
    )


# --------------------------------------------------------------------------------------------------
# Indicator 9
# --------------------------------------------------------------------------------------------------


def test_indicator_9_of_the_example_2024_is_amber(qhg):
    # Report, board 2023/24: 2 BME of 13 members (15.38%, printed 25%); workforce 96 of 400 (24%).
    # (2/13)/(96/400) = 0.641.
    assert board_ratio(qhg[2024][9].voting) == pytest.approx((2 / 13) / (96 / 400))
    assert rate(qhg[2024], 9) == Rating(
        "amber",
        "In 2024, 15.4% of the board's voting members were BME (2 of 13), against 24.0% of the workforce: "
        "0.64 times the workforce's share, between half and four-fifths of it.",
    )


def test_indicator_9_of_the_example_2023_is_red_with_no_bme_members(qhg):
    assert rate(qhg[2023], 9) == Rating(
        "red",
        "In 2023, none of the board's 13 voting members were BME, against 23.5% of the workforce: less than half "
        "the workforce's share.",
    )


@pytest.mark.parametrize(
    ("members", "workforce", "rag", "ending"),
    [
        ((16, 4, 0), (75, 25, 0), "green", "0.80 times the workforce's share, at least four-fifths of it."),
        ((10, 10, 0), (75, 25, 0), "green", "2.00 times the workforce's share, at or above it."),
        ((7, 1, 0), (75, 25, 0), "amber", "0.50 times the workforce's share, between half and four-fifths of it."),
        ((9, 1, 0), (75, 25, 0), "red", "0.40 times the workforce's share, less than half of it."),
    ],
)
def test_indicator_9_thresholds(members, workforce, rag, ending):
    # 4/20 against 25/100 is exactly 0.80; 1/8 against 25/100 exactly 0.50; 1/10 against 25/100 is 0.40.
    rating = rate(make_set(i9=board(*members, *workforce)), 9)
    assert rating.rag == rag
    assert rating.reason.endswith(ending)


def test_indicator_9_with_no_bme_workforce_is_green():
    rating = rate(make_set(i9=board(10, 0, 0, 100, 0, 0)), 9)
    assert rating == Rating(
        "green",
        "In 2024, none of the board's 10 voting members were BME, against 0.0% of the workforce: the workforce has "
        "no BME staff, so the board cannot fall short of its share.",
    )


def test_indicator_9_without_board_data_is_grey():
    assert rate(make_set(), 9) == Rating(
        "grey", "Board voting membership cannot be assessed for 2024: there is no board.csv in the data folder."
    )


# --------------------------------------------------------------------------------------------------
# The whole example, labels, inputs
# --------------------------------------------------------------------------------------------------


def test_ratings_of_the_example_2024(qhg):
    expected = ["green", "red", "grey", "red", "green", "red", "red", "red", "amber"]
    assert [rate(qhg[2024], n).rag for n in range(1, 10)] == expected


def test_global_majority_label_replaces_bme_in_every_reason(qhg):
    for year, result in qhg.items():
        for n in range(1, 10):
            reason = rate(result, n, bme_label="Global Majority").reason
            assert "BME" not in reason, (year, n)
    assert "as likely as Global Majority applicants" in rate(qhg[2024], 2, bme_label="Global Majority").reason


def test_reasons_never_say_more_likely_and_name_both_groups(qhg):
    for result in qhg.values():
        for n in (1, 2, 3, 4):
            reason = rate(result, n).reason
            assert "more likely" not in reason
            assert "White" in reason and "BME" in reason


@pytest.mark.parametrize("bad", [0, 10, "2", 2.0, True])
def test_rate_rejects_an_unknown_indicator_number(qhg, bad):
    with pytest.raises(ValueError, match="1 to 9"):
        rate(qhg[2024], bad)


def test_rate_rejects_an_empty_label(qhg):
    with pytest.raises(ValueError, match="bme_label"):
        rate(qhg[2024], 2, bme_label=" ")


def test_rate_rejects_what_is_not_an_indicator_set():
    with pytest.raises(ValueError, match="IndicatorSet"):
        rate({2: None}, 2)


# --------------------------------------------------------------------------------------------------
# Headline values
# --------------------------------------------------------------------------------------------------


def test_headline_values_of_the_example_2024(qhg):
    result = qhg[2024]
    assert headline_value(result, 1) == pytest.approx((166 / 287) / (59 / 94))
    assert headline_value(result, 2) == pytest.approx((30 / 92) / (9 / 95))
    assert headline_value(result, 3) is None
    assert headline_value(result, 4) == pytest.approx((34 / 288) / (3 / 96))
    assert [headline_value(result, n) for n in (5, 6, 7, 8)] == [2.17, 25.5, 25.0, 18.75]
    assert headline_value(result, 9) == pytest.approx(100 * 2 / 13 - 24.0)


def test_headline_values_are_none_without_data():
    result = make_set()
    assert [headline_value(result, n) for n in range(1, 10)] == [None] * 9


# --------------------------------------------------------------------------------------------------
# Trend
# --------------------------------------------------------------------------------------------------


def test_trends_of_the_example(qhg):
    sets = [qhg[2022], qhg[2023], qhg[2024]]
    # 2: 2.31 -> 3.44, further from parity; 4: 0.81 -> 3.78; 3: never calculable.
    # 5: BME 10.6% -> 2.17% (less harassment); 6: 19.1% -> 25.5%; 7: 33.3% -> 25.0% (fewer believe);
    # 8: 10.4% -> 18.75%; 9: +7.46 -> -8.62 points; 1: 0.93 -> 0.92 (|log| 0.074 -> 0.082).
    expected = {1: "no clear change", 2: "worsening", 3: "not enough data", 4: "worsening", 5: "improving",
                6: "worsening", 7: "worsening", 8: "worsening", 9: "worsening"}
    assert {n: trend(sets, n) for n in range(1, 10)} == expected


def test_trend_from_2023_to_2024(qhg):
    sets = [qhg[2023], qhg[2024]]
    assert trend(sets, 2) == "worsening"  # 2.19 -> 3.44
    assert trend(sets, 9) == "improving"  # -23.5 -> -8.6 points: the board is closer to the workforce


def test_trend_does_not_depend_on_the_order_given(qhg):
    assert trend([qhg[2024], qhg[2022]], 2) == "worsening"


def _rl_sets(*pairs: tuple[int, int, int, int]) -> list[IndicatorSet]:
    return [make_set(2020 + i, i2=rl(2, *c)) for i, c in enumerate(pairs)]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((20, 100, 10, 100), (15, 100, 10, 100), "improving"),  # 2.0 -> 1.5
        ((20, 100, 10, 100), (10, 100, 20, 100), "no clear change"),  # 2.0 -> 0.5: as far from parity
        ((50, 100, 50, 100), (52, 100, 50, 100), "no clear change"),  # 1.00 -> 1.04: |log| 0.039
        ((5, 100, 10, 100), (9, 100, 10, 100), "improving"),  # 0.5 -> 0.9
        ((11, 100, 10, 100), (20, 100, 10, 100), "worsening"),  # 1.1 -> 2.0
    ],
)
def test_relative_likelihood_trend_is_distance_from_parity(first, last, expected):
    assert trend(_rl_sets(first, last), 2) == expected


def test_trend_leaves_out_a_ratio_of_zero_and_years_without_a_value():
    sets = _rl_sets((0, 100, 10, 100), (20, 100, 10, 100))
    assert trend(sets, 2) == "not enough data"
    assert assess.trend_series(sets, 2) == [(2021, pytest.approx(2.0))]


def test_one_year_is_not_enough_for_a_trend(qhg):
    assert trend([qhg[2024]], 2) == "not enough data"


@pytest.mark.parametrize(
    ("number", "first", "last", "expected"),
    [
        (5, 20.0, 19.5, "no clear change"),  # under 1 point
        (5, 20.0, 18.0, "improving"),  # less harassment
        (6, 20.0, 22.0, "worsening"),
        (8, 20.0, 19.0, "improving"),  # exactly 1 point counts
        (7, 30.0, 28.0, "worsening"),  # fewer believe in equal opportunities
        (7, 30.0, 32.0, "improving"),
    ],
)
def test_survey_trend_is_direction_aware(number, first, last, expected):
    sets = [make_set(2023, **{f"i{number}": survey(number, (20.0, 200), (first, 50), 2022)}),
            make_set(2024, **{f"i{number}": survey(number, (20.0, 200), (last, 50), 2023)})]
    assert trend(sets, number) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((9, 1, 0), (8, 2, 0), "improving"),  # 10% -> 20% against 25%: 15 -> 5 points short
        ((6, 4, 0), (9, 1, 0), "worsening"),  # 40% (above) -> 10% (15 points short)
        ((7, 3, 0), (5, 5, 0), "no clear change"),  # 30% -> 50%: above the workforce both times
    ],
)
def test_board_trend_is_movement_towards_the_workforce_share_or_above(first, last, expected):
    sets = [make_set(2023, i9=board(*first, 75, 25, 0)), make_set(2024, i9=board(*last, 75, 25, 0))]
    assert trend(sets, 9) == expected


def test_board_trend_ignores_a_change_under_one_point():
    # 5 of 25 (20.0%) -> 19 of 100 (19.0%) against a 25% workforce: 5.0 -> 6.0 points short is 1 point: worse;
    # 5 of 25 -> 39 of 200 (19.5%): 5.5 points short, a change of 0.5: no clear change.
    worse = [make_set(2023, i9=board(20, 5, 0, 75, 25, 0)), make_set(2024, i9=board(81, 19, 0, 75, 25, 0))]
    same = [make_set(2023, i9=board(20, 5, 0, 75, 25, 0)), make_set(2024, i9=board(161, 39, 0, 75, 25, 0))]
    assert trend(worse, 9) == "worsening"
    assert trend(same, 9) == "no clear change"


def test_sets_must_be_one_organisation_without_repeated_years(qhg):
    other = dataclasses.replace(qhg[2023], org_code="XYZ")
    with pytest.raises(ValueError, match="one organisation"):
        trend([qhg[2022], other], 2)
    with pytest.raises(ValueError, match="each year once"):
        trend([qhg[2022], qhg[2022]], 2)
    with pytest.raises(ValueError, match="non-empty"):
        trend([], 2)


def test_rule_text_mentions_no_figure_the_code_does_not_use():
    numbers_in_rule = set(re.findall(r"\d+\.\d+", " ".join(RAG_RULE_TEXT.values())))
    assert numbers_in_rule == {"0.80", "1.25", "0.05", "0.5", "0.50"}
    assert assess.LOG_TREND_THRESHOLD == 0.05
    assert float(assess.BOARD_GREEN) == 0.80 and float(assess.BOARD_AMBER) == 0.50
