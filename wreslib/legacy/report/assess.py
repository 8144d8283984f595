"""Assessment: the red/amber/green (RAG) rating of each indicator and the direction of its trend.

The rule below is the one the report's methods appendix prints. ``RAG_RULE_TEXT`` holds the same
paragraphs keyed by indicator number, with ``GENERAL_KEY`` ("1–9") for the general paragraph and
``TREND_KEY`` ("1–9 (trend)") for the trend; a test keeps the docstring and the dict in step.

The rule
--------
General. Each indicator is rated red, amber, green or grey for one year, from the computed results
alone, with nothing added by hand. Grey means there is no data for that year or the measure cannot be
calculated (for example when no one in either group entered the formal disciplinary process, which is
0 ÷ 0, or when no BME applicant was appointed, which would make the relative likelihood infinite); the
report says why in words. "Statistically significant" means a two-sided test at the 5% level: for a
relative likelihood, its 95% confidence interval (Katz log method) excludes 1, or, when that interval
is undefined, Fisher's exact test gives p < 0.05; for survey percentages, Fisher's exact test on the
numbers of respondents rebuilt from the published percentages gives p < 0.05.

Indicator 1. Among staff in Bands 1–7 and Bands 8a–VSM across all staff groups, the relative
likelihood of White staff being in Bands 8a–VSM compared to BME staff: (White staff in Bands 8a–VSM ÷
White staff in the two ranges) ÷ (BME staff in Bands 8a–VSM ÷ BME staff in the two ranges). Above 1
is adverse to BME staff. Staff on medical grades or with no recorded band are left out. Green: from
0.80 to 1.25 inclusive (the four-fifths rule). Red: above 1.25 and statistically significant. Amber:
above 1.25 but not statistically significant or not tested, or below 0.80 (in favour of BME staff).

Indicator 2. The relative likelihood of White applicants being appointed from shortlisting compared
to BME applicants. Above 1 is adverse to BME applicants. Green: from 0.80 to 1.25 inclusive (the
four-fifths rule). Red: above 1.25 and statistically significant. Amber: above 1.25 but not
statistically significant or not tested, or below 0.80 (in favour of BME applicants).

Indicator 3. The relative likelihood of BME staff entering the formal disciplinary process compared
to White staff. Above 1 is adverse to BME staff. Green: from 0.80 to 1.25 inclusive (the four-fifths
rule). Red: above 1.25 and statistically significant. Amber: above 1.25 but not statistically
significant or not tested, or below 0.80 (in favour of BME staff).

Indicator 4. The relative likelihood of White staff accessing non-mandatory training and CPD compared
to BME staff. Above 1 is adverse to BME staff. Green: from 0.80 to 1.25 inclusive (the four-fifths
rule). Red: above 1.25 and statistically significant. Amber: above 1.25 but not statistically
significant or not tested, or below 0.80 (in favour of BME staff).

Indicator 5. The percentage of BME and of White respondents to the NHS Staff Survey experiencing
harassment, bullying or abuse from patients, relatives or the public. A higher BME percentage than
White is adverse. Red: adverse and statistically significant. Amber: adverse but not statistically
significant, or not tested (a group with fewer than 11 respondents, or an unknown number). Green: the
BME percentage is no worse than the White percentage.

Indicator 6. The percentage of BME and of White respondents to the NHS Staff Survey experiencing
harassment, bullying or abuse from staff. A higher BME percentage than White is adverse. Red: adverse
and statistically significant. Amber: adverse but not statistically significant, or not tested (a
group with fewer than 11 respondents, or an unknown number). Green: the BME percentage is no worse
than the White percentage.

Indicator 7. The percentage of BME and of White respondents to the NHS Staff Survey believing that
the organisation provides equal opportunities for career progression or promotion. A lower BME
percentage than White is adverse (this is the one question where a higher percentage is better). Red:
adverse and statistically significant. Amber: adverse but not statistically significant, or not
tested (a group with fewer than 11 respondents, or an unknown number). Green: the BME percentage is no
worse than the White percentage.

Indicator 8. The percentage of BME and of White respondents to the NHS Staff Survey who personally
experienced discrimination at work from a manager, team leader or other colleagues. A higher BME
percentage than White is adverse. Red: adverse and statistically significant. Amber: adverse but not
statistically significant, or not tested (a group with fewer than 11 respondents, or an unknown
number). Green: the BME percentage is no worse than the White percentage.

Indicator 9. The BME share of the board's voting members divided by the BME share of the whole
workforce (members and staff of unknown ethnicity count in both denominators). Green: 0.80 or more,
and also when the workforce has no BME staff, as the board cannot then fall short of it. Amber: from
0.50 up to but not including 0.80. Red: below 0.50. Grey when voting membership is not recorded.
Executive membership is reported but not rated.

Trend. The trend compares the first and the last year shown that have a value; it is descriptive, and
no test of the change is made. Indicators 1 to 4: the distance from parity, measured as the absolute
natural logarithm of the relative likelihood (so 2 and 0.5 are equally far from parity); a fall of
0.05 or more is improving, a rise of 0.05 or more is worsening, and anything smaller is no clear
change; a relative likelihood of 0 has no logarithm and is left out. Indicators 5 to 8: the BME
percentage; a change of 1 percentage point or more in the better direction (down for 5, 6 and 8, up
for 7) is improving, the same in the worse direction is worsening, and anything smaller is no clear
change. Indicator 9: how far the board's BME share of voting members is below the workforce's BME
share, in percentage points (0 when it is at or above it); a fall of 1 percentage point or more is
improving, a rise of 1 or more is worsening, and anything smaller is no clear change. With fewer than
two years with a value the trend is "not enough data".

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance* (indicator definitions and the
0.80–1.25 non-adverse range, the "four-fifths rule"). Katz D et al. *Biometrics* 1978;34:469-474 (log
interval of a ratio). Fisher RA, *J R Stat Soc* 1922;85:87-94 (exact test).

Examples
--------
>>> from pathlib import Path
>>> from wreslib.legacy.measures.indicators import compute_indicators
>>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
>>> rating = rate(result, 2)
>>> rating.rag
'red'
>>> print(rating.reason)  # doctest: +NORMALIZE_WHITESPACE
White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024:
above the non-adverse range of 0.80 to 1.25, adverse to BME applicants, and statistically significant
(95% confidence interval 1.73 to 6.85).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wreslib.data.bands import PUBLISHED_RANGES
from wreslib.data.ethnicity import BME, WHITE
from wreslib.legacy.measures.results import (
    HIGHER_IS_BETTER,
    OK,
    BoardMeasure,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)
from wreslib.legacy.measures.stats import (
    MIN_SURVEY_RESPONDENTS,
    NON_ADVERSE_HIGH,
    NON_ADVERSE_LOW,
    ProportionComparison,
    RelativeLikelihood,
    relative_likelihood,
)
from wreslib.legacy.report import fmt

__all__ = [
    "AMBER",
    "GENERAL_KEY",
    "GREEN",
    "GREY",
    "IMPROVING",
    "LIKELIHOOD_WORDING",
    "NOT_ENOUGH_DATA",
    "NO_CLEAR_CHANGE",
    "RAG_RULE_TEXT",
    "RED",
    "SURVEY_QUESTIONS",
    "TREND_KEY",
    "WORSENING",
    "Rating",
    "band_words",
    "board_clause",
    "board_ratio",
    "check_label",
    "check_number",
    "check_sets",
    "group_name",
    "headline_value",
    "likelihood_clause",
    "likelihood_position",
    "likelihood_unavailable_sentence",
    "rag_rule_text",
    "rate",
    "relabel",
    "senior_band_likelihood",
    "survey_clause",
    "survey_is_adverse",
    "survey_unavailable_sentence",
    "trend",
    "trend_series",
    "untested_phrase",
]

RED = "red"
AMBER = "amber"
GREEN = "green"
GREY = "grey"

IMPROVING = "improving"
WORSENING = "worsening"
NO_CLEAR_CHANGE = "no clear change"
NOT_ENOUGH_DATA = "not enough data"

#: Smallest change of |log(relative likelihood)| that counts as a change of trend (indicators 1-4).
LOG_TREND_THRESHOLD = 0.05
#: Smallest change in percentage points that counts as a change of trend (indicators 5-9).
PP_TREND_THRESHOLD = 1.0
#: Indicator 9: board BME share / workforce BME share at or above this is green ...
BOARD_GREEN = Fraction(4, 5)
#: ... and at or above this (but below green) amber; below it red.
BOARD_AMBER = Fraction(1, 2)

_RL_RULE = (
    "Green: from 0.80 to 1.25 inclusive (the four-fifths rule). Red: above 1.25 and statistically significant. "
    "Amber: above 1.25 but not statistically significant or not tested, or below 0.80 (in favour of BME {who})."
)
_SURVEY_RULE = (
    "Red: adverse and statistically significant. Amber: adverse but not statistically significant, or not tested "
    "(a group with fewer than 11 respondents, or an unknown number). Green: the BME percentage is no worse than "
    "the White percentage."
)
_HIGHER_ADVERSE = "A higher BME percentage than White is adverse. "

#: Keys of RAG_RULE_TEXT other than the indicator numbers; they read as row labels after "Indicators ".
GENERAL_KEY = "1–9"
TREND_KEY = "1–9 (trend)"

#: The RAG rule in words, for the report's methods appendix; the module docstring prints the same text.
RAG_RULE_TEXT: dict[int | str, str] = {
    GENERAL_KEY: (
        "Each indicator is rated red, amber, green or grey for one year, from the computed results alone, with "
        "nothing added by hand. Grey means there is no data for that year or the measure cannot be calculated (for "
        "example when no one in either group entered the formal disciplinary process, which is 0 ÷ 0, or when no "
        "BME applicant was appointed, which would make the relative likelihood infinite); the report says why in "
        'words. "Statistically significant" means a two-sided test at the 5% level: for a relative likelihood, its '
        "95% confidence interval (Katz log method) excludes 1, or, when that interval is undefined, Fisher's exact "
        "test gives p < 0.05; for survey percentages, Fisher's exact test on the numbers of respondents rebuilt "
        "from the published percentages gives p < 0.05."
    ),
    1: (
        "Among staff in Bands 1–7 and Bands 8a–VSM across all staff groups, the relative likelihood of White staff "
        "being in Bands 8a–VSM compared to BME staff: (White staff in Bands 8a–VSM ÷ White staff in the two "
        "ranges) ÷ (BME staff in Bands 8a–VSM ÷ BME staff in the two ranges). Above 1 is adverse to BME staff. "
        "Staff on medical grades or with no recorded band are left out. " + _RL_RULE.format(who="staff")
    ),
    2: (
        "The relative likelihood of White applicants being appointed from shortlisting compared to BME applicants. "
        "Above 1 is adverse to BME applicants. " + _RL_RULE.format(who="applicants")
    ),
    3: (
        "The relative likelihood of BME staff entering the formal disciplinary process compared to White staff. "
        "Above 1 is adverse to BME staff. " + _RL_RULE.format(who="staff")
    ),
    4: (
        "The relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff. "
        "Above 1 is adverse to BME staff. " + _RL_RULE.format(who="staff")
    ),
    5: (
        "The percentage of BME and of White respondents to the NHS Staff Survey experiencing harassment, bullying "
        "or abuse from patients, relatives or the public. " + _HIGHER_ADVERSE + _SURVEY_RULE
    ),
    6: (
        "The percentage of BME and of White respondents to the NHS Staff Survey experiencing harassment, bullying "
        "or abuse from staff. " + _HIGHER_ADVERSE + _SURVEY_RULE
    ),
    7: (
        "The percentage of BME and of White respondents to the NHS Staff Survey believing that the organisation "
        "provides equal opportunities for career progression or promotion. A lower BME percentage than White is "
        "adverse (this is the one question where a higher percentage is better). " + _SURVEY_RULE
    ),
    8: (
        "The percentage of BME and of White respondents to the NHS Staff Survey who personally experienced "
        "discrimination at work from a manager, team leader or other colleagues. " + _HIGHER_ADVERSE + _SURVEY_RULE
    ),
    9: (
        "The BME share of the board's voting members divided by the BME share of the whole workforce (members and "
        "staff of unknown ethnicity count in both denominators). Green: 0.80 or more, and also when the workforce "
        "has no BME staff, as the board cannot then fall short of it. Amber: from 0.50 up to but not including "
        "0.80. Red: below 0.50. Grey when voting membership is not recorded. Executive membership is reported but "
        "not rated."
    ),
    TREND_KEY: (
        "The trend compares the first and the last year shown that have a value; it is descriptive, and no test of "
        "the change is made. Indicators 1 to 4: the distance from parity, measured as the absolute natural "
        "logarithm of the relative likelihood (so 2 and 0.5 are equally far from parity); a fall of 0.05 or more "
        "is improving, a rise of 0.05 or more is worsening, and anything smaller is no clear change; a relative "
        "likelihood of 0 has no logarithm and is left out. Indicators 5 to 8: the BME percentage; a change of 1 "
        "percentage point or more in the better direction (down for 5, 6 and 8, up for 7) is improving, the same "
        "in the worse direction is worsening, and anything smaller is no clear change. Indicator 9: how far the "
        "board's BME share of voting members is below the workforce's BME share, in percentage points (0 when it "
        "is at or above it); a fall of 1 percentage point or more is improving, a rise of 1 or more is worsening, "
        'and anything smaller is no clear change. With fewer than two years with a value the trend is "not '
        'enough data".'
    ),
}


@dataclass(frozen=True)
class Rating:
    """The RAG rating of one indicator in one year.

    Attributes
    ----------
    rag : str
        ``"red"``, ``"amber"``, ``"green"`` or ``"grey"`` (no data, or not calculable).
    reason : str
        One plain sentence saying why, naming who is compared to whom, with the figures.
    """

    rag: str
    reason: str


@dataclass(frozen=True)
class Wording:
    """How a relative likelihood's groups and outcome read in a sentence."""

    noun: str  #: "applicants" or "staff"
    to_outcome: str  #: "to be appointed from shortlisting"
    did_outcome: str  #: "were appointed from shortlisting"
    denominator: str  #: "were shortlisted": what puts someone in the denominator


def band_words(label: str) -> str:
    """A band or published range as prose: ``Band 1-7`` reads "Bands 1–7", ``Band 8a-VSM`` "Bands 8a–VSM".

    Examples
    --------
    >>> band_words("Band 8a-VSM"), band_words("Band 5"), band_words("Consultant")
    ('Bands 8a–VSM', 'Band 5', 'Consultant')
    """
    match = re.match(r"^Band (\w+)-(\w+)$", label)
    return f"Bands {match.group(1)}–{match.group(2)}" if match else label


# The published ranges in scale order: the first is the lower range, the last the senior one.
_LOWER_RANGE, *_, _SENIOR_RANGE = PUBLISHED_RANGES

#: Sentence parts of the four relative likelihoods (1 is the senior-band likelihood derived here).
LIKELIHOOD_WORDING: dict[int, Wording] = {
    1: Wording(
        "staff",
        f"to be in {band_words(_SENIOR_RANGE)}",
        f"were in {band_words(_SENIOR_RANGE)}",
        f"were in {band_words(_LOWER_RANGE)} or {band_words(_SENIOR_RANGE)}",
    ),
    2: Wording(
        "applicants", "to be appointed from shortlisting", "were appointed from shortlisting", "were shortlisted"
    ),
    3: Wording(
        "staff",
        "to enter the formal disciplinary process",
        "entered the formal disciplinary process",
        "were in the workforce",
    ),
    4: Wording(
        "staff",
        "to access non-mandatory training and CPD",
        "accessed non-mandatory training and CPD",
        "were in the workforce",
    ),
}

#: What a "yes" to each survey indicator means, as a past-tense verb phrase ("25.0% of BME respondents …").
SURVEY_QUESTIONS: dict[int, str] = {
    5: "experienced harassment, bullying or abuse from patients, relatives or the public in the last 12 months",
    6: "experienced harassment, bullying or abuse from staff in the last 12 months",
    7: "believed that the organisation provides equal opportunities for career progression or promotion",
    8: (
        "personally experienced discrimination at work from a manager, team leader or other colleagues "
        "in the last 12 months"
    ),
}


# --------------------------------------------------------------------------------------------------
# Checks and small helpers
# --------------------------------------------------------------------------------------------------


def check_number(number: object) -> int:
    """The indicator number as an int 1-9; raise ValueError otherwise."""
    if isinstance(number, bool) or not isinstance(number, numbers.Integral) or not 1 <= int(number) <= 9:
        raise ValueError(f"number must be a WRES indicator number from 1 to 9, got {number!r}")
    return int(number)


def check_label(bme_label: object) -> str:
    """The display label of the BME group, stripped; raise ValueError when empty or not text."""
    if not isinstance(bme_label, str) or not bme_label.strip():
        raise ValueError(f"bme_label must be a non-empty text such as 'BME' or 'Global Majority', got {bme_label!r}")
    return bme_label.strip()


def _check_result(result: object) -> IndicatorSet:
    if not isinstance(result, IndicatorSet):
        raise ValueError(f"expected an IndicatorSet from compute_indicators, got {type(result).__name__}")
    return result


def check_sets(sets: Sequence[IndicatorSet]) -> list[IndicatorSet]:
    """The results of one organisation, oldest year first; raise ValueError naming the fault otherwise."""
    if isinstance(sets, IndicatorSet) or not isinstance(sets, Sequence) or not sets:
        raise ValueError("sets must be a non-empty list of IndicatorSet, one per year (oldest first)")
    for item in sets:
        _check_result(item)
    orgs = sorted({s.org_code for s in sets})
    if len(orgs) > 1:
        raise ValueError(f"sets must all be for one organisation, got {', '.join(orgs)}")
    years = [s.year for s in sets]
    if len(set(years)) != len(years):
        raise ValueError(f"sets must hold each year once, got years {sorted(years)}")
    return sorted(sets, key=lambda s: s.year)


def relabel(text: str, bme_label: str) -> str:
    """Replace the word "BME" in stored text (reasons, warnings) with the report's chosen label.

    Examples
    --------
    >>> relabel("no BME or White cases", "Global Majority")
    'no Global Majority or White cases'
    """
    return text if bme_label == BME else re.sub(r"\bBME\b", bme_label, text)


def group_name(label: str, bme_label: str = BME) -> str:
    """The display name of a group label stored in a result ("BME" becomes ``bme_label``)."""
    return bme_label if label == BME else label


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _get(result: IndicatorSet, number: int) -> object | None:
    return result.indicators.get(number)


def _exact_likelihood(m: RelativeLikelihood) -> Fraction | None:
    # From the counts, so that a ratio of exactly 1.25 is inside the range whatever the float says.
    if m.a_total <= 0 or m.b_total <= 0 or m.b_cases <= 0:
        return None
    return Fraction(m.a_cases * m.b_total, m.a_total * m.b_cases)


_LOW = Fraction(repr(NON_ADVERSE_LOW))
_HIGH = Fraction(repr(NON_ADVERSE_HIGH))
_RANGE_TEXT = f"the non-adverse range of {fmt.ratio(NON_ADVERSE_LOW)} to {fmt.ratio(NON_ADVERSE_HIGH)}"


def rag_rule_text(bme_label: str = BME) -> dict[int | str, str]:
    """``RAG_RULE_TEXT`` with "BME" replaced by the report's label (e.g. "Global Majority")."""
    label = check_label(bme_label)
    return {key: relabel(text, label) for key, text in RAG_RULE_TEXT.items()}


# --------------------------------------------------------------------------------------------------
# Sentence parts shared with the narrative
# --------------------------------------------------------------------------------------------------


def likelihood_clause(
    measure: RelativeLikelihood, number: int, *, year: int | None = None, bme_label: str = BME
) -> str:
    """Who is compared to whom, and how many times as likely, as the start of a sentence (no full stop).

    A ratio below 1 is written "0.81 times as likely", which is a smaller likelihood, never "more likely".

    Examples
    --------
    >>> from wreslib.legacy.measures.stats import relative_likelihood
    >>> likelihood_clause(relative_likelihood(30, 92, 9, 95), 2, year=2024)
    'White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024'
    >>> likelihood_clause(relative_likelihood(2, 96, 1, 288, a_label="BME", b_label="White"), 3)
    'BME staff were 6.00 times as likely as White staff to enter the formal disciplinary process'
    """
    words = LIKELIHOOD_WORDING[check_number(number)]
    label = check_label(bme_label)
    a, b = group_name(measure.a_label, label), group_name(measure.b_label, label)
    when = f" in {year}" if year is not None else ""
    if measure.relative_likelihood == 0:
        return _cap(
            f"no {a} {words.noun} {words.did_outcome}{when}, against {fmt.pct(measure.b_rate_pct)} of {b} "
            f"{words.noun} ({fmt.count(measure.b_cases)} of {fmt.count(measure.b_total)}), so the relative "
            "likelihood is 0"
        )
    return _cap(
        f"{a} {words.noun} were {fmt.ratio(measure.relative_likelihood)} times as likely as {b} {words.noun} "
        f"{words.to_outcome}{when}"
    )


def likelihood_unavailable_sentence(
    status: str,
    reason: str | None,
    measure: RelativeLikelihood | None,
    number: int,
    year: int,
    *,
    bme_label: str = BME,
) -> str:
    """Why a relative likelihood (indicators 1-4) has no value, as one sentence.

    Examples
    --------
    >>> from wreslib.legacy.measures.stats import relative_likelihood
    >>> m = relative_likelihood(0, 96, 0, 288, a_label="BME", b_label="White")
    >>> print(likelihood_unavailable_sentence(m.status, m.reason, m, 3, 2024))  # doctest: +NORMALIZE_WHITESPACE
    No White or BME staff entered the formal disciplinary process in 2024, so the relative likelihood
    cannot be calculated.
    """
    words = LIKELIHOOD_WORDING[check_number(number)]
    label = check_label(bme_label)
    why = relabel(reason or "no reason was recorded", label)
    if status != OK and measure is None:
        if status == "no_data":
            return f"There is no data for indicator {number} in {year}: {why}."
        return f"The relative likelihood for {year} cannot be calculated: {why}."
    assert measure is not None
    a, b = group_name(measure.a_label, label), group_name(measure.b_label, label)
    empty = [name for name, total in ((WHITE, _total(measure, WHITE)), (label, _total(measure, BME))) if total == 0]
    if empty:
        return (
            f"No {' or '.join(empty)} {words.noun} {words.denominator} in {year}, "
            "so the relative likelihood cannot be calculated."
        )
    if measure.a_cases == 0 and measure.b_cases == 0:
        return (
            f"No White or {label} {words.noun} {words.did_outcome} in {year}, "
            "so the relative likelihood cannot be calculated."
        )
    if measure.b_cases == 0:
        return (
            f"No {b} {words.noun} {words.did_outcome} in {year}, against {fmt.pct(measure.a_rate_pct)} of {a} "
            f"{words.noun} ({fmt.count(measure.a_cases)} of {fmt.count(measure.a_total)}), so the relative "
            "likelihood cannot be calculated (it would be infinite)."
        )
    return f"The relative likelihood for {year} cannot be calculated: {why}."


def _total(measure: RelativeLikelihood, group: str) -> int:
    return measure.a_total if measure.a_label == group else measure.b_total


def untested_phrase(gap: ProportionComparison, bme_label: str = BME) -> str:
    """Why a survey comparison was not tested, as a clause ("there were only 8 BME respondents, …").

    Examples
    --------
    >>> from wreslib.legacy.measures.stats import compare_percentages
    >>> untested_phrase(compare_percentages(10.0, 200, 20.0, 8))
    'there were only 8 BME respondents, too few to test (the NHS Staff Survey suppresses groups of fewer than 11)'
    """
    label = check_label(bme_label)
    small, unknown = [], []
    for name, n in ((label, gap.b_n), (WHITE, gap.a_n)):
        if n is None:
            unknown.append(name)
        elif n < MIN_SURVEY_RESPONDENTS:
            small.append(f"{fmt.count(n)} {name}")
    parts = []
    if small:
        parts.append(
            f"there were only {' and '.join(small)} respondents, too few to test "
            f"(the NHS Staff Survey suppresses groups of fewer than {MIN_SURVEY_RESPONDENTS})"
        )
    if unknown:
        parts.append(f"the number of {' and '.join(unknown)} respondents is not known, so no test could be made")
    return "; ".join(parts) if parts else "no test could be made"


def survey_unavailable_sentence(indicator: SurveyIndicator | None, year: int, *, bme_label: str = BME) -> str:
    """Why a survey indicator (5-8) cannot be compared, as one sentence naming the survey year."""
    label = check_label(bme_label)
    if indicator is None:
        return f"There are no NHS Staff Survey results for the WRES {year} report."
    survey = indicator.survey_year if indicator.survey_year is not None else year - 1
    gap = indicator.gap
    if gap is not None and (gap.a_pct is None or gap.b_pct is None):
        missing = [name for name, value in ((WHITE, gap.a_pct), (label, gap.b_pct)) if value is None]
        return (
            f"In the {survey} NHS Staff Survey no result was published for {' or '.join(missing)} respondents, "
            f"so {label} and White respondents cannot be compared."
        )
    why = relabel(indicator.reason or "no reason was recorded", label)
    return f"There are no {survey} NHS Staff Survey results for indicator {indicator.number}: {why}."


# --------------------------------------------------------------------------------------------------
# Indicator 1: the senior-band relative likelihood; indicator 9: the board ratio
# --------------------------------------------------------------------------------------------------


def senior_band_likelihood(result: IndicatorSet) -> RelativeLikelihood | None:
    """Relative likelihood of White staff being in Bands 8a–VSM compared to BME staff (indicator 1).

    Uses the all-staff-groups rows of ``by_published_range``: (White in Bands 8a–VSM / White in Bands 1–7
    and 8a–VSM) ÷ (BME in Bands 8a–VSM / BME in the two ranges), computed by
    :func:`wreslib.legacy.measures.stats.relative_likelihood` (interval and exact test included).

    Returns
    -------
    RelativeLikelihood or None
        None when indicator 1 is not ok or no staff fall in either published range.

    Examples
    --------
    2024 example: 166 of 287 White and 59 of 94 BME staff in the two ranges are in Bands 8a–VSM.

    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> r = senior_band_likelihood(compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024))
    >>> (r.a_cases, r.a_total, r.b_cases, r.b_total), fmt.ratio(r.relative_likelihood)
    ((166, 287, 59, 94), '0.92')
    """
    indicator = _get(_check_result(result), 1)
    if not isinstance(indicator, Indicator1) or indicator.status != OK:
        return None
    rows = {row.label: row for row in indicator.by_published_range if row.staff_group == "all"}
    senior, lower = rows.get(_SENIOR_RANGE), rows.get(_LOWER_RANGE)
    if senior is None and lower is None:
        return None
    senior_white, senior_bme = (senior.white, senior.bme) if senior else (0, 0)
    lower_white, lower_bme = (lower.white, lower.bme) if lower else (0, 0)
    return relative_likelihood(
        senior_white, senior_white + lower_white, senior_bme, senior_bme + lower_bme, a_label=WHITE, b_label=BME
    )


def board_ratio(measure: BoardMeasure) -> float | None:
    """Board BME share ÷ workforce BME share (indicator 9), or None when either share is undefined or 0.

    Examples
    --------
    >>> from wreslib.legacy.measures.results import BoardMeasure, GroupCounts
    >>> m = BoardMeasure("voting", "ok", None, GroupCounts("board", 10, 2, 1), GroupCounts("staff", 288, 96, 16))
    >>> round(board_ratio(m), 4)
    0.641
    """
    exact = _board_fraction(measure)
    return None if exact is None else float(exact)


def _board_fraction(measure: BoardMeasure) -> Fraction | None:
    board, staff = measure.board, measure.workforce
    if board is None or staff is None or board.total == 0 or staff.total == 0 or staff.bme == 0:
        return None
    return Fraction(board.bme * staff.total, board.total * staff.bme)


# --------------------------------------------------------------------------------------------------
# Rating
# --------------------------------------------------------------------------------------------------


def likelihood_position(measure: RelativeLikelihood | None) -> str | None:
    """Where a relative likelihood sits against the 0.80-1.25 range: "within", "above" or "below".

    Judged exactly on the counts, so 5/4 is within the range whatever rounding the float carries.
    None when the likelihood has no finite value.

    Examples
    --------
    >>> from wreslib.legacy.measures.stats import relative_likelihood
    >>> [likelihood_position(relative_likelihood(*c)) for c in ((5, 20, 4, 20), (30, 92, 9, 95), (1, 10, 5, 10))]
    ['within', 'above', 'below']
    """
    if measure is None or measure.status != OK:
        return None
    exact = _exact_likelihood(measure)
    if exact is None:
        return None
    if exact < _LOW:
        return "below"
    return "above" if exact > _HIGH else "within"


def _rate_likelihood(m: RelativeLikelihood, number: int, year: int, label: str) -> Rating:
    words = LIKELIHOOD_WORDING[number]
    clause = likelihood_clause(m, number, year=year, bme_label=label)
    who = f"{label} {words.noun}"
    interval = (
        f" (95% confidence interval {fmt.ratio(m.ci_low)} to {fmt.ratio(m.ci_high)})"
        if m.ci_low is not None and m.ci_high is not None
        else ""
    )
    exact = _exact_likelihood(m)
    assert exact is not None  # status ok implies a finite ratio
    if _LOW <= exact <= _HIGH:
        return Rating(GREEN, f"{clause}, within {_RANGE_TEXT}{interval}.")
    if exact < _LOW:
        return Rating(AMBER, f"{clause}: below {_RANGE_TEXT}, in favour of {who}{interval}.")
    if m.significant is True:
        return Rating(RED, f"{clause}: above {_RANGE_TEXT}, adverse to {who}, and statistically significant{interval}.")
    tested = "not statistically significant" if m.significant is False else "not tested for statistical significance"
    return Rating(AMBER, f"{clause}: above {_RANGE_TEXT}, adverse to {who}, but {tested}{interval}.")


def _rate_1(result: IndicatorSet, label: str) -> Rating:
    indicator = _get(result, 1)
    if not isinstance(indicator, Indicator1) or indicator.status != OK:
        why = relabel(getattr(indicator, "reason", None) or "the workforce table has no rows", label)
        return Rating(GREY, f"There is no data for indicator 1 in {result.year}: {why}.")
    m = senior_band_likelihood(result)
    if m is None:
        return Rating(
            GREY,
            f"No staff were recorded in {band_words(_LOWER_RANGE)} or {band_words(_SENIOR_RANGE)} in {result.year}, "
            "so the relative likelihood of being in the senior bands cannot be calculated.",
        )
    if m.status != OK:
        return Rating(GREY, likelihood_unavailable_sentence(m.status, m.reason, m, 1, result.year, bme_label=label))
    return _rate_likelihood(m, 1, result.year, label)


def _rate_234(result: IndicatorSet, number: int, label: str) -> Rating:
    indicator = _get(result, number)
    if not isinstance(indicator, RelativeLikelihoodIndicator):
        return Rating(GREY, f"There is no data for indicator {number} in {result.year}.")
    m = indicator.measure
    if indicator.status != OK or m is None or m.status != OK:
        return Rating(
            GREY,
            likelihood_unavailable_sentence(
                indicator.status, indicator.reason, m, number, result.year, bme_label=label
            ),
        )
    return _rate_likelihood(m, number, result.year, label)


def survey_clause(indicator: SurveyIndicator, *, bme_label: str = BME) -> str:
    """The survey result, BME against White, with the gap in percentage points (no full stop).

    Examples
    --------
    >>> from wreslib.legacy.measures.results import SurveyIndicator
    >>> from wreslib.legacy.measures.stats import compare_percentages
    >>> s = SurveyIndicator(7, "ok", None, survey_year=2023, gap=compare_percentages(51.5, 229, 25.0, 48))
    >>> survey_clause(s)  # doctest: +NORMALIZE_WHITESPACE
    'In the 2023 NHS Staff Survey, 25.0% of BME respondents believed that the organisation provides equal
    opportunities for career progression or promotion, against 51.5% of White respondents: 26.5 percentage
    points lower'
    """
    label = check_label(bme_label)
    gap = indicator.gap
    assert gap is not None and gap.difference_pp is not None
    diff = gap.difference_pp
    if diff == 0:
        gap_text = "no difference"
    else:
        gap_text = f"{fmt.pp(abs(diff), signed=False)} {'higher' if diff > 0 else 'lower'}"
    return (
        f"In the {indicator.survey_year} NHS Staff Survey, {fmt.pct(gap.b_pct)} of {label} respondents "
        f"{SURVEY_QUESTIONS[indicator.number]}, against {fmt.pct(gap.a_pct)} of White respondents: {gap_text}"
    )


def survey_is_adverse(indicator: SurveyIndicator) -> bool | None:
    """True when the BME percentage is worse than the White one (direction-aware), None if not comparable."""
    gap = indicator.gap
    if gap is None or gap.difference_pp is None:
        return None
    diff = gap.difference_pp
    return diff < 0 if HIGHER_IS_BETTER[indicator.number] else diff > 0


def _rate_survey(result: IndicatorSet, number: int, label: str) -> Rating:
    indicator = _get(result, number)
    if not isinstance(indicator, SurveyIndicator) or indicator.status != OK or survey_is_adverse(indicator) is None:
        return Rating(
            GREY,
            survey_unavailable_sentence(
                indicator if isinstance(indicator, SurveyIndicator) else None, result.year, bme_label=label
            ),
        )
    gap = indicator.gap
    assert gap is not None
    clause = survey_clause(indicator, bme_label=label)
    if not survey_is_adverse(indicator):
        return Rating(GREEN, f"{clause}, so {label} respondents fared no worse than White respondents.")
    if not gap.tested:
        return Rating(AMBER, f"{clause}, adverse to {label} respondents, but {untested_phrase(gap, label)}.")
    if gap.significant is True:
        return Rating(
            RED, f"{clause}, adverse to {label} respondents and statistically significant ({fmt.p_value(gap.p_value)})."
        )
    p = f" ({fmt.p_value(gap.p_value)})" if gap.p_value is not None else ""
    return Rating(AMBER, f"{clause}, adverse to {label} respondents but not statistically significant{p}.")


def board_clause(measure: BoardMeasure, year: int, *, bme_label: str = BME) -> str:
    """Board BME share against the workforce's, as a clause (no full stop).

    Examples
    --------
    >>> from wreslib.legacy.measures.results import BoardMeasure, GroupCounts
    >>> m = BoardMeasure("voting", "ok", None, GroupCounts("board", 10, 2, 1), GroupCounts("staff", 288, 96, 16))
    >>> board_clause(m, 2024)
    "In 2024, 15.4% of the board's voting members were BME (2 of 13), against 24.0% of the workforce"
    """
    label = check_label(bme_label)
    board = measure.board
    assert board is not None
    if board.bme == 0:
        share = f"none of the board's {fmt.count(board.total)} {measure.membership} members were {label}"
    else:
        share = (
            f"{fmt.pct(measure.board_bme_pct)} of the board's {measure.membership} members were {label} "
            f"({fmt.count(board.bme)} of {fmt.count(board.total)})"
        )
    return f"In {year}, {share}, against {fmt.pct(measure.workforce_bme_pct)} of the workforce"


def _rate_9(result: IndicatorSet, label: str) -> Rating:
    indicator = _get(result, 9)
    voting = indicator.voting if isinstance(indicator, Indicator9) else None
    if voting is None or voting.status != OK or voting.board is None or voting.workforce is None:
        why = relabel((voting.reason if voting else None) or "there is no board data", label)
        return Rating(GREY, f"Board voting membership cannot be assessed for {result.year}: {why}.")
    clause = board_clause(voting, result.year, bme_label=label)
    exact = _board_fraction(voting)
    if voting.workforce.bme == 0 or exact is None:
        return Rating(
            GREEN, f"{clause}: the workforce has no {label} staff, so the board cannot fall short of its share."
        )
    times = f"{fmt.ratio(float(exact))} times the workforce's share"
    if exact == 0:
        return Rating(RED, f"{clause}: less than half the workforce's share.")
    if exact >= 1:
        return Rating(GREEN, f"{clause}: {times}, at or above it.")
    if exact >= BOARD_GREEN:
        return Rating(GREEN, f"{clause}: {times}, at least four-fifths of it.")
    if exact >= BOARD_AMBER:
        return Rating(AMBER, f"{clause}: {times}, between half and four-fifths of it.")
    return Rating(RED, f"{clause}: {times}, less than half of it.")


def rate(result: IndicatorSet, number: int, *, bme_label: str = BME) -> Rating:
    """Rate one indicator of one year red, amber, green or grey by the documented rule.

    Parameters
    ----------
    result : IndicatorSet
        The year's results from :func:`wreslib.legacy.measures.indicators.compute_indicators`.
    number : int
        Indicator number, 1 to 9.
    bme_label : str, optional
        Display label for the BME group in the reason ("Global Majority", for example).

    Returns
    -------
    Rating
        The RAG colour and one plain sentence saying why.

    Raises
    ------
    ValueError
        If ``number`` is not 1-9, ``result`` is not an IndicatorSet or ``bme_label`` is empty.

    References
    ----------
    NHS England, *WRES technical guidance* (the four-fifths rule); this module's docstring (the rule).

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> [rate(result, n).rag for n in range(1, 10)]
    ['green', 'red', 'grey', 'red', 'green', 'red', 'red', 'red', 'amber']
    """
    number = check_number(number)
    label = check_label(bme_label)
    result = _check_result(result)
    if number == 1:
        return _rate_1(result, label)
    if number in (2, 3, 4):
        return _rate_234(result, number, label)
    if number in (5, 6, 7, 8):
        return _rate_survey(result, number, label)
    return _rate_9(result, label)


# --------------------------------------------------------------------------------------------------
# Headline values and trend
# --------------------------------------------------------------------------------------------------


def headline_value(result: IndicatorSet, number: int) -> float | None:
    """The value the summary table shows for an indicator, or None when there is none.

    1: the senior-band relative likelihood (White relative to BME, see :func:`senior_band_likelihood`);
    2-4: the relative likelihood; 5-8: the BME percentage; 9: board minus workforce BME share of voting
    members, in percentage points.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> [fmt.ratio(headline_value(result, n)) for n in (1, 2, 3, 4)]
    ['0.92', '3.44', 'not available', '3.78']
    >>> headline_value(result, 7), headline_value(result, 9)
    (25.0, -8.6153846154)
    """
    number = check_number(number)
    result = _check_result(result)
    if number == 1:
        m = senior_band_likelihood(result)
        return m.relative_likelihood if m is not None and m.status == OK else None
    indicator = _get(result, number)
    if number in (2, 3, 4):
        if not isinstance(indicator, RelativeLikelihoodIndicator) or indicator.status != OK:
            return None
        return indicator.measure.relative_likelihood if indicator.measure else None
    if number in (5, 6, 7, 8):
        return indicator.bme_pct if isinstance(indicator, SurveyIndicator) else None
    if not isinstance(indicator, Indicator9) or indicator.voting.status != OK:
        return None
    return indicator.voting.difference_pp


def trend_series(sets: Sequence[IndicatorSet], number: int) -> list[tuple[int, float]]:
    """The (WRES year, value) pairs the trend is judged on, oldest first, leaving out years with no value.

    The value is :func:`headline_value`; for 1-4 a relative likelihood of 0 is left out (it has no log).
    """
    number = check_number(number)
    points = []
    for result in check_sets(sets):
        value = headline_value(result, number)
        if value is None or (number <= 4 and value <= 0):
            continue
        points.append((result.year, value))
    return points


def trend(sets: Sequence[IndicatorSet], number: int) -> str:
    """Direction of an indicator from the first to the last year with a value, by the documented rule.

    Parameters
    ----------
    sets : list of IndicatorSet
        One organisation's results, one per year (any order; sorted by year here).
    number : int
        Indicator number, 1 to 9.

    Returns
    -------
    str
        ``"improving"``, ``"worsening"``, ``"no clear change"`` or ``"not enough data"``.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> folder = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(folder, "QHG", y) for y in (2022, 2023, 2024)]
    >>> trend(sets, 2), trend(sets, 3), trend(sets, 5), trend(sets, 7)
    ('worsening', 'not enough data', 'improving', 'worsening')
    """
    number = check_number(number)
    points = trend_series(sets, number)
    if len(points) < 2:
        return NOT_ENOUGH_DATA
    first, last = points[0][1], points[-1][1]
    if number <= 4:
        change = abs(math.log(last)) - abs(math.log(first))
        if abs(change) < LOG_TREND_THRESHOLD:
            return NO_CLEAR_CHANGE
        return IMPROVING if change < 0 else WORSENING
    if number <= 8:
        change = round(last - first, 10)
        if abs(change) < PP_TREND_THRESHOLD:
            return NO_CLEAR_CHANGE
        return IMPROVING if (change > 0) == HIGHER_IS_BETTER[number] else WORSENING
    change = round(max(0.0, -last) - max(0.0, -first), 10)
    if abs(change) < PP_TREND_THRESHOLD:
        return NO_CLEAR_CHANGE
    return IMPROVING if change < 0 else WORSENING
