"""Tests for wreslib.legacy.report.narrative: the report's sentences, checked one by one.

Expected sentences are written by hand from the counts printed in the BLMK ICB WRES report 2024
(``/work/shared/reference/blmk-wres-report-2024.txt``), with each figure's arithmetic in a comment and
rounding half up. p-values are checked separately against ``scipy.stats.fisher_exact`` called directly on
counts rebuilt here. Beyond the example, hand-made results cover the cases the example lacks (ratios
below 1 for indicator 3, small survey groups, missing data) and the five rules: who is compared to whom,
percentage points, "significant" only with a test, direction of change, and words for 0 ÷ 0.
"""

from __future__ import annotations

import dataclasses
import re

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
from wreslib.legacy.report.narrative import (
    conclusion,
    data_quality_sentences,
    indicator_sentences,
    key_findings,
    summary_line,
    workforce_profile,
)

POPULATION = [("Central Bedfordshire", 8.9), ("Bedford", 22.5), ("Luton", 51.4), ("Milton Keynes", 26.2)]


def fisher_p(yes_a: int, n_a: int, yes_b: int, n_b: int) -> float:
    return fisher_exact([[yes_a, n_a - yes_a], [yes_b, n_b - yes_b]]).pvalue


@pytest.fixture(scope="module")
def sets(example_data):
    from wreslib.legacy.measures.indicators import compute_indicators

    return [compute_indicators(example_data, "QHG", year) for year in (2022, 2023, 2024)]


# --------------------------------------------------------------------------------------------------
# Builders for hand-made results
# --------------------------------------------------------------------------------------------------


def make_set(year: int = 2024, **indicators: object) -> IndicatorSet:
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
    return IndicatorSet("TST", "Test ICB", "ICB", "London", year, True, full)


def rl(number: int, a_cases: int, a_total: int, b_cases: int, b_total: int,
       unknown: tuple[int | None, int | None] = (None, None)) -> RelativeLikelihoodIndicator:
    a_label, b_label = ("BME", "White") if number == 3 else ("White", "BME")
    m = relative_likelihood(a_cases, a_total, b_cases, b_total, a_label=a_label, b_label=b_label)
    return RelativeLikelihoodIndicator(number, m.status, m.reason, measure=m, unknown_cases=unknown[0],
                                       unknown_total=unknown[1])


def survey(number: int, white: tuple[float | None, int | None], bme: tuple[float | None, int | None],
           survey_year: int = 2023, previous: tuple[tuple[float, int], tuple[float, int]] | None = None,
           benchmark: tuple[str, float] | None = None) -> SurveyIndicator:
    gap = compare_percentages(white[0], white[1], bme[0], bme[1])
    white_change = bme_change = None
    if previous:
        (pw, nw), (pb, nb) = previous
        white_change = compare_percentages(pw, nw, white[0], white[1], a_label="White before", b_label="White now")
        bme_change = compare_percentages(pb, nb, bme[0], bme[1], a_label="BME before", b_label="BME now")
    return SurveyIndicator(
        number, gap.status, gap.reason, survey_year=survey_year, gap=gap,
        previous_survey_year=survey_year - 1 if previous else None, white_change=white_change,
        bme_change=bme_change, benchmark=benchmark[0] if benchmark else None,
        benchmark_bme_pct=benchmark[1] if benchmark else None,
    )


# --------------------------------------------------------------------------------------------------
# Indicator sentences for QHG 2024, sentence by sentence
# --------------------------------------------------------------------------------------------------


def test_indicator_1_sentences(sets):
    # Staff group table: 96 BME of 400 = 24.0%.
    # Bands 1-7, both staff groups: 2024 BME 30 + 5 = 35 of 130 + 32 = 162 = 21.60%;
    #   2023 50 + 5 = 55 of 159 + 40 = 199 = 27.64%; change -6.03 points.
    # Bands 8a-VSM: 2024 35 + 24 = 59 of 163 + 72 = 235 = 25.11%; 2023 14 + 30 = 44 of 137 + 85 = 222 = 19.82%;
    #   change +5.29 points.
    # Non-clinical 2024: 30/130 = 23.08%, 35/163 = 21.47%; 2023: 50/159 = 31.45%, 14/137 = 10.22%.
    # Clinical 2024: 5/32 = 15.625% (15.6 to one decimal), 24/72 = 33.33%; 2023: 5/40 = 12.5%, 30/85 = 35.29%.
    # Senior bands: White 166 of 287 = 57.84%, BME 59 of 94 = 62.77%, ratio 0.9215 (see test_assess);
    #   2022: (156/287)/(55/94) = 0.929; 2023: (170/309)/(44/99) = 1.238; |log| 0.213 -> 0.082: narrower.
    # Residual rows: 3 staff (White 1, BME 2) with band Not recorded.
    assert fisher_p(166, 287, 59, 94) == pytest.approx(0.469, abs=5e-4)
    assert indicator_sentences(sets, 1) == [
        "At 31 March 2024, 24.0% of the workforce were BME (96 of 400 staff).",
        "BME staff made up 21.6% of Bands 1–7 (35 of 162), down 6.0 percentage points from 27.6% in 2023.",
        "BME staff made up 25.1% of Bands 8a–VSM (59 of 235), up 5.3 percentage points from 19.8% in 2023.",
        "Among non-clinical staff, 23.1% of Bands 1–7 (30 of 130) and 21.5% of Bands 8a–VSM (35 of 163) were BME, "
        "compared with 31.4% and 10.2% in 2023.",
        "Among clinical staff, 15.6% of Bands 1–7 (5 of 32) and 33.3% of Bands 8a–VSM (24 of 72) were BME, "
        "compared with 12.5% and 35.3% in 2023.",
        "Of staff in Bands 1–7 and Bands 8a–VSM, White staff were 0.92 times as likely as BME staff to be in "
        "Bands 8a–VSM in 2024 (95% confidence interval 0.77 to 1.11).",
        "57.8% of White staff (166 of 287) were in Bands 8a–VSM, against 62.8% of BME staff (59 of 94).",
        "The difference is not statistically significant (the 95% confidence interval includes 1; Fisher's exact "
        "test p = 0.469), and the ratio is within the non-adverse range of 0.80 to 1.25.",
        "The relative likelihood was 0.93 in 2022 and 1.24 in 2023.",
        "The disparity has narrowed since 2023.",
        "3 staff have no recorded band and are left out of the band figures.",
    ]


def test_indicator_2_sentences(sets):
    # White 30 of 92 = 32.61%, BME 9 of 95 = 9.47%: 3.44 (1.73 to 6.85); Not known: 96 shortlisted, 21 appointed.
    # Earlier: (43/185)/(17/169) = 2.31 in 2022; (49/159)/(25/178) = 2.19 in 2023: 2.19 -> 3.44 is wider.
    assert fisher_p(30, 92, 9, 95) < 0.001
    assert indicator_sentences(sets, 2) == [
        "White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024 "
        "(95% confidence interval 1.73 to 6.85).",
        "32.6% of White applicants (30 of 92) were appointed from shortlisting, against 9.5% of BME applicants "
        "(9 of 95).",
        "The difference is statistically significant (the 95% confidence interval excludes 1; Fisher's exact test "
        "p < 0.001), and the ratio is above the non-adverse range of 0.80 to 1.25, adverse to BME applicants.",
        "Applicants of unknown ethnicity are left out of the ratio: 96 were shortlisted, of whom 21 were appointed "
        "from shortlisting.",
        "The relative likelihood was 2.31 in 2022 and 2.19 in 2023.",
        "The disparity has widened since 2023.",
    ]


def test_indicator_3_sentences_say_zero_over_zero_plainly(sets):
    # No one entered the formal disciplinary process in any year; 16 staff of unknown ethnicity in 2024.
    assert indicator_sentences(sets, 3) == [
        "No White or BME staff entered the formal disciplinary process in 2024, so the relative likelihood cannot "
        "be calculated.",
        "Staff of unknown ethnicity are left out of the ratio: 16 were in the workforce, of whom none entered the "
        "formal disciplinary process.",
        "The relative likelihood could not be calculated in 2022 or 2023 either.",
    ]


def test_indicator_4_sentences(sets):
    # White 34 of 288 = 11.81%, BME 3 of 96 = 3.125% (3.1): 3.778 -> 3.78 (the report truncates to 3.77).
    # Katz: se = sqrt(1/34 - 1/288 + 1/3 - 1/96) = 0.5906; 3.778 * exp(-/+1.96 * 0.5906) = 1.19 to 12.02.
    # Earlier: 116/288 / (48/96) = 0.81 (2022); 43/309 / (24/99) = 0.57 (2023, printed 0.52 in the report).
    # 0.57 is below the range (in favour of BME staff) and 3.78 above it: the disparity has reversed.
    assert round(fisher_p(34, 288, 3, 96), 3) == 0.010
    assert indicator_sentences(sets, 4) == [
        "White staff were 3.78 times as likely as BME staff to access non-mandatory training and CPD in 2024 "
        "(95% confidence interval 1.19 to 12.02).",
        "11.8% of White staff (34 of 288) accessed non-mandatory training and CPD, against 3.1% of BME staff "
        "(3 of 96).",
        "The difference is statistically significant (the 95% confidence interval excludes 1; Fisher's exact test "
        "p = 0.010), and the ratio is above the non-adverse range of 0.80 to 1.25, adverse to BME staff.",
        "Staff of unknown ethnicity are left out of the ratio: 16 were in the workforce, and the data does not say "
        "how many of them accessed non-mandatory training and CPD.",
        "The relative likelihood was 0.81 in 2022 and 0.57 in 2023.",
        "The disparity has reversed since 2023 and is now adverse to BME staff.",
    ]


def test_indicator_5_sentences(sets):
    # 2023 survey: BME 2.17% of 46 (1), White 7.05% of 227 (16): 2.17 - 7.05 = -4.88 points.
    # BME 2022: 12.7% of 55 (7) -> 2.17%: -10.53 points, a fall in harassment is an improvement.
    # White 2022: 8.0% of 250 (20) -> 7.05%: -0.95 points, under 1 point.
    # 2021 BME 10.6%. National average for ICBs, BME 6.25%: 2.17 - 6.25 = -4.08 points.
    assert round(fisher_p(1, 46, 16, 227), 3) == 0.322
    assert round(fisher_p(7, 55, 1, 46), 3) == 0.068
    assert round(fisher_p(20, 250, 16, 227), 3) == 0.731
    assert indicator_sentences(sets, 5) == [
        "In the 2023 NHS Staff Survey, 2.2% of BME respondents experienced harassment, bullying or abuse from "
        "patients, relatives or the public in the last 12 months, against 7.1% of White respondents: 4.9 "
        "percentage points lower.",
        "With 46 BME and 227 White respondents, the difference is not statistically significant (p = 0.322).",
        "Among BME respondents, the figure fell by 10.5 percentage points from 12.7% in the 2022 survey, an "
        "improvement; the change is not statistically significant (p = 0.068).",
        "Among White respondents, the figure was little changed from 8.0% in the 2022 survey (−0.95 percentage "
        "points); the change is not statistically significant (p = 0.731).",
        "Across the 2021 to 2023 surveys the BME figure moved from 10.6% to 2.2%, an improvement.",
        "The BME figure is 4.1 percentage points below the National average for ICBs (6.3%).",
    ]


def test_indicator_6_sentences(sets):
    # BME 25.5% of 47 (12), White 11.0% of 227 (25): +14.5 points. BME 18.2% of 55 (10) -> 25.5%: +7.3;
    # White 10.4% of 250 (26) -> 11.0%: +0.6. 2021 BME 19.1%. National BME 20.9%: +4.6 points.
    assert round(fisher_p(12, 47, 25, 227), 3) == 0.017
    assert round(fisher_p(10, 55, 12, 47), 3) == 0.470
    assert round(fisher_p(26, 250, 25, 227), 3) == 0.883
    assert indicator_sentences(sets, 6) == [
        "In the 2023 NHS Staff Survey, 25.5% of BME respondents experienced harassment, bullying or abuse from "
        "staff in the last 12 months, against 11.0% of White respondents: 14.5 percentage points higher.",
        "With 47 BME and 227 White respondents, the difference is statistically significant (p = 0.017).",
        "Among BME respondents, the figure rose by 7.3 percentage points from 18.2% in the 2022 survey, a "
        "worsening; the change is not statistically significant (p = 0.470).",
        "Among White respondents, the figure was little changed from 10.4% in the 2022 survey (+0.6 percentage "
        "points); the change is not statistically significant (p = 0.883).",
        "Across the 2021 to 2023 surveys the BME figure moved from 19.1% to 25.5%, a worsening.",
        "The BME figure is 4.6 percentage points above the National average for ICBs (20.9%).",
    ]


def test_indicator_7_sentences(sets):
    # The published report's example: BME 25.0% vs White 51.5%: "26.5 percentage points lower".
    # BME 29.8% of 57 (17) -> 25.0% of 48 (12): -4.8, fewer believing is a worsening.
    # White 61.7% of 248 (153) -> 51.5% of 229 (118): -10.2, p = 0.027.
    # 2021 BME 33.3%. National BME 36.5%: 25.0 - 36.5 = -11.5 points.
    assert round(fisher_p(12, 48, 118, 229), 4) == 0.0008
    assert round(fisher_p(17, 57, 12, 48), 3) == 0.664
    assert round(fisher_p(153, 248, 118, 229), 3) == 0.027
    assert indicator_sentences(sets, 7) == [
        "In the 2023 NHS Staff Survey, 25.0% of BME respondents believed that the organisation provides equal "
        "opportunities for career progression or promotion, against 51.5% of White respondents: 26.5 percentage "
        "points lower.",
        "With 48 BME and 229 White respondents, the difference is statistically significant (p < 0.001).",
        "Among BME respondents, the figure fell by 4.8 percentage points from 29.8% in the 2022 survey, a "
        "worsening; the change is not statistically significant (p = 0.664).",
        "Among White respondents, the figure fell by 10.2 percentage points from 61.7% in the 2022 survey, a "
        "worsening; the change is statistically significant (p = 0.027).",
        "Across the 2021 to 2023 surveys the BME figure moved from 33.3% to 25.0%, a worsening.",
        "The BME figure is 11.5 percentage points below the National average for ICBs (36.5%).",
    ]


def test_indicator_8_sentences(sets):
    # BME 18.75% of 48 (9) -> 18.8 (half up), White 2.6% of 227 (6): +16.15 -> 16.2 (round() gives 16.1).
    # BME 14.8% of 54 (8) -> 18.75%: +3.95 -> 4.0; White 4.4% of 248 (11) -> 2.6%: -1.8, an improvement.
    # 2021 BME 10.4%. National BME 14.5%: +4.25 -> 4.3 (the report prints 4.25%).
    assert fisher_p(9, 48, 6, 227) < 0.001
    assert round(fisher_p(8, 54, 9, 48), 3) == 0.607
    assert round(fisher_p(11, 248, 6, 227), 3) == 0.332
    assert indicator_sentences(sets, 8) == [
        "In the 2023 NHS Staff Survey, 18.8% of BME respondents personally experienced discrimination at work "
        "from a manager, team leader or other colleagues in the last 12 months, against 2.6% of White "
        "respondents: 16.2 percentage points higher.",
        "With 48 BME and 227 White respondents, the difference is statistically significant (p < 0.001).",
        "Among BME respondents, the figure rose by 4.0 percentage points from 14.8% in the 2022 survey, a "
        "worsening; the change is not statistically significant (p = 0.607).",
        "Among White respondents, the figure fell by 1.8 percentage points from 4.4% in the 2022 survey, an "
        "improvement; the change is not statistically significant (p = 0.332).",
        "Across the 2021 to 2023 surveys the BME figure moved from 10.4% to 18.8%, a worsening.",
        "The BME figure is 4.3 percentage points above the National average for ICBs (14.5%).",
    ]


def test_indicator_9_sentences(sets):
    # Board 2023/24: 2 BME of 13 = 15.38% (the report prints 25%); workforce 96/400 = 24.00%: -8.62 points;
    # ratio (2/13)/(96/400) = 0.64; 1 member of unknown ethnicity.
    # 2022/23: 0 of 13 against 99/421 = 23.52%: -23.52 points; 23.5 -> 8.6 points short: narrower.
    assert indicator_sentences(sets, 9) == [
        "In 2024, 15.4% of the board's voting members were BME (2 of 13), against 24.0% of the workforce: "
        "8.6 percentage points lower.",
        "The board's BME share of voting members is 0.64 times the workforce's.",
        "The ethnicity of 1 of the 13 voting members is not recorded; they count in the board's denominator.",
        "In 2023, none of the board's 13 voting members were BME, against 23.5% of the workforce (−23.5 "
        "percentage points).",
        "The board's shortfall against the workforce has narrowed since 2023.",
        "Executive membership cannot be compared with the workforce for 2024: board.csv leaves the executive "
        "column blank for QHG in 2024.",
    ]


# --------------------------------------------------------------------------------------------------
# Summary lines, key findings, profile, conclusion, data quality for QHG 2024
# --------------------------------------------------------------------------------------------------


def test_summary_lines(sets):
    expected = {
        1: "White staff were 0.92 times as likely as BME staff to be in Bands 8a–VSM in 2024 (not statistically "
           "significant; within the 0.80 to 1.25 range); the disparity is little changed since 2022 (0.93).",
        2: "White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024 "
           "(statistically significant; outside the 0.80 to 1.25 range); the disparity has widened since 2022 "
           "(2.31).",
        3: "No White or BME staff entered the formal disciplinary process in 2024, so the relative likelihood "
           "cannot be calculated.",
        4: "White staff were 3.78 times as likely as BME staff to access non-mandatory training and CPD in 2024 "
           "(statistically significant; outside the 0.80 to 1.25 range); the disparity has widened since 2022 "
           "(0.81).",
        5: "In the 2023 NHS Staff Survey, 2.2% of BME respondents experienced harassment, bullying or abuse from "
           "patients, relatives or the public in the last 12 months, against 7.1% of White respondents: 4.9 "
           "percentage points lower (not statistically significant); improving since the 2021 survey (10.6%).",
        6: "In the 2023 NHS Staff Survey, 25.5% of BME respondents experienced harassment, bullying or abuse from "
           "staff in the last 12 months, against 11.0% of White respondents: 14.5 percentage points higher "
           "(statistically significant); worsening since the 2021 survey (19.1%).",
        7: "In the 2023 NHS Staff Survey, 25.0% of BME respondents believed that the organisation provides equal "
           "opportunities for career progression or promotion, against 51.5% of White respondents: 26.5 "
           "percentage points lower (statistically significant); worsening since the 2021 survey (33.3%).",
        8: "In the 2023 NHS Staff Survey, 18.8% of BME respondents personally experienced discrimination at work "
           "from a manager, team leader or other colleagues in the last 12 months, against 2.6% of White "
           "respondents: 16.2 percentage points higher (statistically significant); worsening since the 2021 "
           "survey (10.4%).",
        # 2021/22 board: 6 of 19 = 31.58% against 96/398 = 24.12%: +7.46 points.
        9: "In 2024, 15.4% of the board's voting members were BME (2 of 13), against 24.0% of the workforce (8.6 "
           "percentage points lower; 0.64 times the workforce's share); worsening since 2022 (+7.5 percentage "
           "points).",
    }
    assert {n: summary_line(sets, n) for n in range(1, 10)} == expected


def test_key_findings_put_red_ratings_first_then_significant_changes(sets):
    assert key_findings(sets) == [
        "White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024: "
        "above the non-adverse range of 0.80 to 1.25, adverse to BME applicants, and statistically significant "
        "(95% confidence interval 1.73 to 6.85).",
        "White staff were 3.78 times as likely as BME staff to access non-mandatory training and CPD in 2024: "
        "above the non-adverse range of 0.80 to 1.25, adverse to BME staff, and statistically significant (95% "
        "confidence interval 1.19 to 12.02).",
        "In the 2023 NHS Staff Survey, 25.5% of BME respondents experienced harassment, bullying or abuse from "
        "staff in the last 12 months, against 11.0% of White respondents: 14.5 percentage points higher, adverse "
        "to BME respondents and statistically significant (p = 0.017).",
        "In the 2023 NHS Staff Survey, 25.0% of BME respondents believed that the organisation provides equal "
        "opportunities for career progression or promotion, against 51.5% of White respondents: 26.5 percentage "
        "points lower, adverse to BME respondents and statistically significant (p < 0.001).",
        "In the 2023 NHS Staff Survey, 18.8% of BME respondents personally experienced discrimination at work from "
        "a manager, team leader or other colleagues in the last 12 months, against 2.6% of White respondents: "
        "16.2 percentage points higher, adverse to BME respondents and statistically significant (p < 0.001).",
        "Among White respondents to the NHS Staff Survey, the share who believed that the organisation provides "
        "equal opportunities for career progression or promotion fell from 61.7% in 2022 to 51.5% in 2023, down "
        "10.2 percentage points: a worsening, and statistically significant (p = 0.027).",
    ]


def test_key_findings_respect_the_limit_and_add_amber_ratings_after(sets):
    assert len(key_findings(sets, limit=3)) == 3
    assert key_findings(sets, limit=0) == []
    # The seventh finding is the amber board rating.
    assert key_findings(sets, limit=7)[-1].startswith("In 2024, 15.4% of the board's voting members were BME")
    with pytest.raises(ValueError, match="limit"):
        key_findings(sets, limit=-1)


def test_key_findings_with_nothing_to_report():
    result = make_set(i2=rl(2, 10, 100, 10, 100))
    assert key_findings([result]) == [
        "No indicator is rated red or amber in 2024, and no change between NHS Staff Surveys passed the test at the "
        "5% level."
    ]


def test_workforce_profile(sets):
    # 2024: 400 staff (421 in 2023); 96 BME = 24.0%, 288 White = 72.0%, 16 unknown = 4.0%.
    # BME share 99/421 = 23.52% in 2023 -> 24.00%: +0.48 points; 96/398 = 24.12% in 2022.
    # Recorded: 384/400 = 96.0%; not recorded 13/421 = 3.09% -> 4.00%: +0.91 points.
    # Places (Census 2021 as quoted): 24.0 - 8.9 = 15.1; 24.0 - 22.5 = 1.5; 24.0 - 51.4 = -27.4; 24.0 - 26.2 = -2.2.
    assert workforce_profile(sets, population=POPULATION) == [
        "At 31 March 2024, NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board employed 400 staff, "
        "down from 421 in 2023.",
        "Of these, 96 (24.0%) were BME, 288 (72.0%) White and 16 (4.0%) of unknown ethnicity.",
        "The BME share of the workforce rose by 0.5 percentage points from 23.5% in 2023; it was 24.1% in 2022.",
        "Ethnicity was recorded for 96.0% of staff (384 of 400); the share not recorded, 4.0%, was 0.9 percentage "
        "points higher than in 2023 (3.1%).",
        "Against the BME share of the local population, the workforce's BME share (24.0%) is 15.1 percentage "
        "points above Central Bedfordshire (8.9%), 1.5 percentage points above Bedford (22.5%), 27.4 percentage "
        "points below Luton (51.4%) and 2.2 percentage points below Milton Keynes (26.2%).",
        "Each area is compared separately: an average of areas of different sizes would not describe the "
        "population the organisation serves, so none is given.",
    ]


def test_workforce_profile_never_averages_areas(sets):
    text = " ".join(workforce_profile(sets, population=POPULATION))
    # The report's "average 27.3%" is the unweighted mean (8.9 + 22.5 + 51.4 + 26.2) / 4 = 27.25.
    assert "27.3" not in text and "27.2" not in text and "3.3 percentage points" not in text


def test_workforce_profile_with_one_area_and_one_year(sets):
    assert workforce_profile([sets[-1]], population=[("Milton Keynes", 26.2)]) == [
        "At 31 March 2024, NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board employed 400 staff.",
        "Of these, 96 (24.0%) were BME, 288 (72.0%) White and 16 (4.0%) of unknown ethnicity.",
        "Ethnicity was recorded for 96.0% of staff (384 of 400).",
        "The BME share of the workforce (24.0%) is 2.2 percentage points below the BME share of the population of "
        "Milton Keynes (26.2%).",
    ]


def test_workforce_profile_without_workforce_data():
    assert workforce_profile([make_set()]) == [
        "Workforce figures for 2024 are not available: there is no workforce row."
    ]


@pytest.mark.parametrize("bad", ["Luton", [("Luton",)], [("Luton", 120.0)], [("", 20.0)], [("Luton", "51%")]])
def test_workforce_profile_rejects_bad_population(sets, bad):
    with pytest.raises(ValueError, match="population"):
        workforce_profile(sets, population=bad)


def test_conclusion(sets):
    assert conclusion(sets) == [
        "Of the nine indicators in 2024, five are rated red (indicators 2, 4, 6, 7 and 8), one amber (indicator 9) "
        "and two green (indicators 1 and 5); one could not be assessed (indicator 3).",
        "The statistically significant disparities adverse to BME staff and applicants are in: appointment from "
        "shortlisting (2); non-mandatory training and CPD (4); harassment, bullying or abuse from staff (6); belief "
        "in equal opportunities for career progression (7); discrimination from a manager or colleague (8).",
        "Since 2022, indicators 2, 4, 6, 7, 8 and 9 have worsened, indicator 5 has improved and indicator 1 has "
        "shown no clear change; indicator 3 has too little data for a trend.",
        "The data for 2024 carry 4 data-quality warnings, listed in the data quality section; read the figures "
        "with them in mind.",
    ]


def test_conclusion_with_a_red_board():
    result = make_set(i9=Indicator9("ok", None, BoardMeasure(
        "voting", "ok", None, GroupCounts("board", 9, 1, 0), GroupCounts("staff", 75, 25, 0)),
        BoardMeasure("executive", "no_data", "blank")))
    assert conclusion([result]) == [
        "Of the nine indicators in 2024, one is rated red (indicator 9); eight could not be assessed (indicators 1, "
        "2, 3, 4, 5, 6, 7 and 8).",
        "The board's BME share of voting members is less than half the workforce's.",
    ]


def test_data_quality_sentences_one_per_warning(sets):
    result = sets[-1]
    sentences = data_quality_sentences(result)
    assert len(sentences) == len(result.warnings) == 4
    assert sentences[1] == (
        "recruitment.csv: ethnicity is unknown for 96 of 283 shortlisted applicants (33.9%) in 2024; indicator 2 "
        "excludes them."
    )
    assert data_quality_sentences(make_set()) == []
    relabelled = data_quality_sentences(result, bme_label="Global Majority")
    assert relabelled[3].endswith("the board's Global Majority share counts them in the denominator.")


# --------------------------------------------------------------------------------------------------
# Hand-made cases the example lacks
# --------------------------------------------------------------------------------------------------


def test_indicator_3_below_one_reads_as_times_as_likely_not_more_likely():
    # 2 of 200 BME and 4 of 200 White staff entered the process: (2/200)/(4/200) = 0.50.
    sentences = indicator_sentences([make_set(i3=rl(3, 2, 200, 4, 200))], 3)
    assert sentences[0].startswith(
        "BME staff were 0.50 times as likely as White staff to enter the formal disciplinary process in 2024 (95% "
        "confidence interval"
    )
    assert sentences[1] == (
        "1.0% of BME staff (2 of 200) entered the formal disciplinary process, against 2.0% of White staff "
        "(4 of 200)."
    )
    assert round(fisher_p(2, 200, 4, 200), 3) == 0.685
    assert sentences[2] == (
        "The difference is not statistically significant (the 95% confidence interval includes 1; Fisher's exact "
        "test p = 0.685), and the ratio is below the non-adverse range of 0.80 to 1.25, in favour of BME staff."
    )
    assert not any("more likely" in s or "less likely" in s for s in sentences)


def test_infinite_relative_likelihood_is_explained_with_the_exact_test():
    # 10 of 50 White and 0 of 40 BME applicants appointed.
    assert round(fisher_p(10, 50, 0, 40), 3) == 0.002
    assert indicator_sentences([make_set(i2=rl(2, 10, 50, 0, 40))], 2) == [
        "No BME applicants were appointed from shortlisting in 2024, against 20.0% of White applicants (10 of 50), "
        "so the relative likelihood cannot be calculated (it would be infinite).",
        "Fisher's exact test of the difference between the groups gives p = 0.002.",
    ]


def test_relative_likelihood_moving_from_2_19_to_3_44_is_a_widening_disparity():
    earlier = make_set(2023, i2=rl(2, 49, 159, 25, 178))  # 2.19
    later = make_set(2024, i2=rl(2, 30, 92, 9, 95))  # 3.44
    assert indicator_sentences([earlier, later], 2)[-1] == "The disparity has widened since 2023."
    # The other way round, 3.44 -> 2.19, is a narrowing.
    swapped = [dataclasses.replace(later, year=2023), dataclasses.replace(earlier, year=2024)]
    assert indicator_sentences(swapped, 2)[-1] == "The disparity has narrowed since 2023."


def test_relative_likelihood_with_an_uncalculable_earlier_year():
    earlier = make_set(2023, i2=rl(2, 0, 50, 0, 50))
    later = make_set(2024, i2=rl(2, 12, 100, 10, 100))
    assert indicator_sentences([earlier, later], 2)[-1] == "The relative likelihood could not be calculated in 2023."


def test_small_survey_group_is_said_to_be_too_small_to_test():
    sentences = indicator_sentences([make_set(i8=survey(8, (5.0, 200), (25.0, 8)))], 8)
    assert sentences == [
        "In the 2023 NHS Staff Survey, 25.0% of BME respondents personally experienced discrimination at work from "
        "a manager, team leader or other colleagues in the last 12 months, against 5.0% of White respondents: 20.0 "
        "percentage points higher.",
        "There were only 8 BME respondents, too few to test (the NHS Staff Survey suppresses groups of fewer than "
        "11).",
        "No benchmark is available for the 2023 survey.",
    ]
    assert summary_line([make_set(i8=survey(8, (5.0, 200), (25.0, 8)))], 8).endswith(
        "20.0 percentage points higher (too few respondents to test)."
    )


@pytest.mark.parametrize(
    ("number", "before", "after", "words"),
    [
        (7, 30.0, 25.0, "fell by 5.0 percentage points from 30.0% in the 2022 survey, a worsening"),
        (7, 25.0, 30.0, "rose by 5.0 percentage points from 25.0% in the 2022 survey, an improvement"),
        (5, 30.0, 25.0, "fell by 5.0 percentage points from 30.0% in the 2022 survey, an improvement"),
        (6, 30.0, 25.0, "fell by 5.0 percentage points from 30.0% in the 2022 survey, an improvement"),
        (8, 25.0, 30.0, "rose by 5.0 percentage points from 25.0% in the 2022 survey, a worsening"),
    ],
)
def test_survey_changes_are_described_in_the_right_direction(number, before, after, words):
    ind = survey(number, (20.0, 200), (after, 60), previous=((20.0, 200), (before, 60)))
    sentences = indicator_sentences([make_set(**{f"i{number}": ind})], number)
    # 30% and 25% of 60 respondents are 18 and 15 people; Fisher's exact test gives p = 0.683 either way round.
    assert round(fisher_p(18, 60, 15, 60), 3) == 0.683
    assert sentences[2] == f"Among BME respondents, the figure {words}; the change is not statistically significant " \
                           "(p = 0.683)."


def test_survey_with_unknown_respondent_numbers_says_so():
    result = make_set(i7=survey(7, (50.0, None), (40.0, 40)))
    told = indicator_sentences([result], 7)
    assert told[1] == "The number of White respondents is not known, so no test could be made."
    assert summary_line([result], 7).endswith(
        "10.0 percentage points lower (not tested: the number of respondents is not known)."
    )


def test_survey_without_data_names_the_survey_year():
    ind = SurveyIndicator(6, "no_data", "survey.csv has no rows for TST in survey year 2023", survey_year=2023)
    assert indicator_sentences([make_set(i6=ind)], 6) == [
        "There are no 2023 NHS Staff Survey results for indicator 6: survey.csv has no rows for TST in survey year "
        "2023."
    ]


def test_survey_with_only_the_bme_figure():
    sentences = indicator_sentences([make_set(i7=survey(7, (None, None), (40.0, 50)))], 7)
    assert sentences == [
        "In the 2023 NHS Staff Survey, 40.0% of BME respondents believed that the organisation provides equal "
        "opportunities for career progression or promotion.",
        "In the 2023 NHS Staff Survey no result was published for White respondents, so BME and White respondents "
        "cannot be compared.",
    ]


def test_benchmark_is_named_and_compared_in_percentage_points():
    ind = survey(7, (51.5, 229), (25.0, 48), benchmark=("National average for ICBs", 36.5))
    assert indicator_sentences([make_set(i7=ind)], 7)[-1] == (
        "The BME figure is 11.5 percentage points below the National average for ICBs (36.5%)."
    )


def test_every_function_handles_a_year_with_no_data():
    empty = [make_set()]
    for n in range(1, 10):
        assert indicator_sentences(empty, n)
        assert summary_line(empty, n)
    assert conclusion(empty)[0] == "Of the nine indicators in 2024, none could be rated; nine could not be assessed " \
                                   "(indicators 1, 2, 3, 4, 5, 6, 7, 8 and 9)."


def test_inputs_are_checked(sets):
    with pytest.raises(ValueError, match="1 to 9"):
        indicator_sentences(sets, 10)
    with pytest.raises(ValueError, match="non-empty"):
        summary_line([], 2)
    with pytest.raises(ValueError, match="bme_label"):
        conclusion(sets, bme_label="")
    with pytest.raises(ValueError, match="IndicatorSet"):
        data_quality_sentences(None)


# --------------------------------------------------------------------------------------------------
# The rules, over everything the module writes
# --------------------------------------------------------------------------------------------------


def _hand_made_cases() -> list[list[IndicatorSet]]:
    """Not-significant and untested results of every kind, one or two years each."""
    return [
        [make_set(i2=rl(2, 3, 10, 2, 10), i3=rl(3, 2, 200, 4, 200), i4=rl(4, 12, 100, 10, 100))],
        [make_set(i2=rl(2, 10, 50, 0, 40), i3=rl(3, 0, 96, 0, 288), i4=rl(4, 0, 50, 5, 50))],
        [make_set(i5=survey(5, (10.0, 200), (14.0, 50), previous=((12.0, 200), (10.0, 50)),
                            benchmark=("National average for ICBs", 12.0)),
                  i6=survey(6, (10.0, 200), (20.0, 8)), i7=survey(7, (50.0, None), (40.0, 40)),
                  i8=survey(8, (5.0, 200), (8.0, 50)))],
        [make_set(2023, i2=rl(2, 3, 10, 2, 10), i6=survey(6, (10.0, 200), (12.0, 50), 2022)),
         make_set(2024, i2=rl(2, 4, 10, 2, 10), i6=survey(6, (10.0, 200), (14.0, 50), 2023))],
    ]


def _everything(sets_: list[IndicatorSet], label: str = "BME") -> list[str]:
    out: list[str] = []
    for n in range(1, 10):
        out += indicator_sentences(sets_, n, bme_label=label)
        out.append(summary_line(sets_, n, bme_label=label))
        out.append(assess.rate(sets_[-1], n, bme_label=label).reason)
    out += key_findings(sets_, bme_label=label, limit=20)
    out += workforce_profile(sets_, bme_label=label, population=POPULATION)
    out += conclusion(sets_, bme_label=label)
    out += data_quality_sentences(sets_[-1], bme_label=label)
    return out


SIGNIFICANT = re.compile(r"significant(ly)?", re.IGNORECASE)


def _unsupported(sentences: list[str]) -> list[str]:
    """Sentences that say "significant" other than as "not statistically significant"."""
    return [s for s in sentences for m in SIGNIFICANT.finditer(s) if not s[: m.start()].endswith("not statistically ")]


def _has_significant_test(result: IndicatorSet, number: int) -> bool:
    ind = result.indicators[number]
    flags: list[object] = []
    if number == 1:
        m = assess.senior_band_likelihood(result)
        flags.append(m.significant if m else None)
    if isinstance(ind, RelativeLikelihoodIndicator) and ind.measure:
        flags.append(ind.measure.significant)
    if isinstance(ind, SurveyIndicator):
        flags += [c.significant for c in (ind.gap, ind.bme_change, ind.white_change) if c is not None]
    return any(flag is True for flag in flags)


def test_significant_only_where_a_stored_test_says_so_in_the_example(sets):
    for end in (1, 2, 3):
        window = sets[:end]
        latest = window[-1]
        for n in range(1, 10):
            told = [*indicator_sentences(window, n), summary_line(window, n), assess.rate(latest, n).reason]
            if not _has_significant_test(latest, n):
                assert _unsupported(told) == [], (latest.year, n)


def test_significant_never_appears_in_not_significant_or_untested_cases():
    for case in _hand_made_cases():
        assert _unsupported(_everything(case)) == []
        assert _unsupported(_everything(case, "Global Majority")) == []


def test_every_not_significant_result_says_so():
    told = " ".join(_everything(_hand_made_cases()[0]))
    assert "not statistically significant" in told


def test_differences_of_percentages_are_never_written_with_a_percent_sign(sets):
    wrong = re.compile(
        r"(by|of) [−+-]?\d+(\.\d+)?%\s*(higher|lower|above|below|more|less)|\d%\s+(higher|lower|above|below)|"
        r"(increase|decrease|rise|fall|fell|rose)[a-z]* by \d+(\.\d+)?%"
    )
    for window in (sets, *_hand_made_cases()):
        for sentence in _everything(window):
            assert not wrong.search(sentence), sentence


def test_no_sentence_says_more_likely_or_holds_markup(sets):
    for window in (sets, *_hand_made_cases()):
        for sentence in _everything(window):
            assert "more likely" not in sentence
            assert not re.search(r"<[A-Za-z/]", sentence), sentence
            assert sentence.endswith("."), sentence


def test_global_majority_replaces_bme_everywhere(sets):
    for window in (sets, *_hand_made_cases()):
        sentences = _everything(window, "Global Majority")
        assert not [s for s in sentences if "BME" in s]
    assert "White applicants were 3.44 times as likely as Global Majority applicants" in " ".join(
        indicator_sentences(sets, 2, bme_label="Global Majority")
    )


def test_every_likelihood_sentence_names_both_groups(sets):
    for n in (1, 2, 3, 4):
        first = indicator_sentences(sets, n)[0] if n != 1 else indicator_sentences(sets, 1)[5]
        assert "White" in first and "BME" in first
