"""The nine WRES indicators and their four families: one registry, the single home of every name and phrase.

Each indicator belongs to one family, computed by one module named for it:

====================  ============  =====================================================
family                indicators    module
====================  ============  =====================================================
``workforce``         1             :mod:`wreslib.measures.workforce`
``likelihood``        2, 3, 4       :mod:`wreslib.measures.likelihood`
``survey``            5, 6, 7, 8    :mod:`wreslib.measures.survey`
``board``             9             :mod:`wreslib.measures.board`
====================  ============  =====================================================

The titles follow NHS England's WRES technical guidance. The phrases (``noun``, ``to_outcome`` …) are the
parts every sentence about an indicator is built from, so that a change of wording is made here once.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance* (indicator definitions and directions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

WORKFORCE = "workforce"
LIKELIHOOD = "likelihood"
SURVEY = "survey"
BOARD = "board"
FAMILIES: tuple[str, ...] = (WORKFORCE, LIKELIHOOD, SURVEY, BOARD)

#: Units of the values in tables and JSON.
RATIO = "ratio"
PERCENT = "%"
PERCENTAGE_POINTS = "percentage points"

#: The group named in data and results; reports may show another label for it (``ReportOptions``).
WHITE = "White"
BME = "BME"


@dataclass(frozen=True)
class Phrases:
    """Sentence parts for one relative likelihood: who is counted and what happened to them."""

    noun: str  #: "applicants", "staff"
    to_outcome: str  #: "to be appointed from shortlisting"
    did_outcome: str  #: "were appointed from shortlisting"
    in_denominator: str  #: "were shortlisted": what puts someone in the denominator
    being_outcome: str = ""  #: "being appointed from shortlisting" (after "likelihood of")


@dataclass(frozen=True)
class Indicator:
    """One WRES indicator: its number, family, names, source and how its value reads.

    ``numerator_group`` and ``denominator_group`` apply to relative likelihoods: the indicator is the
    likelihood of the numerator group compared with the denominator group (White relative to BME for 2
    and 4, BME relative to White for 3). ``higher_is_better`` applies to the survey indicators.
    """

    number: int
    family: str
    title: str
    short_title: str
    table: str | None
    measure: str
    unit: str
    phrases: Phrases | None = None
    numerator_group: str | None = None
    denominator_group: str | None = None
    question: str | None = None
    higher_is_better: bool | None = None
    source: str = ""
    notes: tuple[str, ...] = field(default=())


INDICATORS: dict[int, Indicator] = {
    ind.number: ind
    for ind in (
        Indicator(
            1, WORKFORCE,
            "Percentage of staff in each of the AfC bands 1-9 and VSM (including executive board members) "
            "compared with the percentage of staff in the overall workforce, for non-clinical and clinical "
            "staff, and for medical and dental staff",
            "Workforce by band", "workforce", "relative_likelihood", RATIO,
            phrases=Phrases("staff", "to be in the senior bands", "were in the senior bands",
                            "were in the bands compared", "being in the senior bands"),
            numerator_group=WHITE, denominator_group=BME, source="ESR snapshot at 31 March",
        ),
        Indicator(
            2, LIKELIHOOD,
            "Relative likelihood of White applicants being appointed from shortlisting compared to BME "
            "applicants",
            "Appointment from shortlisting", "recruitment", "relative_likelihood", RATIO,
            phrases=Phrases("applicants", "to be appointed from shortlisting", "were appointed from shortlisting",
                            "were shortlisted", "being appointed from shortlisting"),
            numerator_group=WHITE, denominator_group=BME, source="recruitment records, 12 months to 31 March",
        ),
        Indicator(
            3, LIKELIHOOD,
            "Relative likelihood of BME staff entering the formal disciplinary process compared to White staff",
            "Entering the formal disciplinary process", "disciplinary", "relative_likelihood", RATIO,
            phrases=Phrases("staff", "to enter the formal disciplinary process",
                            "entered the formal disciplinary process", "were in the workforce",
                            "entering the formal disciplinary process"),
            numerator_group=BME, denominator_group=WHITE, source="employee relations case records",
        ),
        Indicator(
            4, LIKELIHOOD,
            "Relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff",
            "Non-mandatory training and CPD", "training", "relative_likelihood", RATIO,
            phrases=Phrases("staff", "to access non-mandatory training and CPD",
                            "accessed non-mandatory training and CPD", "were in the workforce",
                            "accessing non-mandatory training and CPD"),
            numerator_group=WHITE, denominator_group=BME, source="learning records",
        ),
        Indicator(
            5, SURVEY,
            "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the "
            "public in the last 12 months",
            "Harassment, bullying or abuse from patients and the public", "survey", "gap_pp", PERCENTAGE_POINTS,
            question="experienced harassment, bullying or abuse from patients, relatives or the public in the "
                     "last 12 months",
            higher_is_better=False, source="NHS Staff Survey",
        ),
        Indicator(
            6, SURVEY,
            "Percentage of staff experiencing harassment, bullying or abuse from staff in the last 12 months",
            "Harassment, bullying or abuse from staff", "survey", "gap_pp", PERCENTAGE_POINTS,
            question="experienced harassment, bullying or abuse from staff in the last 12 months",
            higher_is_better=False, source="NHS Staff Survey",
        ),
        Indicator(
            7, SURVEY,
            "Percentage believing that the organisation provides equal opportunities for career progression "
            "or promotion",
            "Belief in equal opportunities for career progression", "survey", "gap_pp", PERCENTAGE_POINTS,
            question="believed that the organisation provides equal opportunities for career progression or "
                     "promotion",
            higher_is_better=True, source="NHS Staff Survey",
        ),
        Indicator(
            8, SURVEY,
            "Percentage of staff who personally experienced discrimination at work from a manager, team leader "
            "or other colleagues in the last 12 months",
            "Discrimination from a manager or colleague", "survey", "gap_pp", PERCENTAGE_POINTS,
            question="personally experienced discrimination at work from a manager, team leader or other "
                     "colleagues in the last 12 months",
            higher_is_better=False, source="NHS Staff Survey",
        ),
        Indicator(
            9, BOARD,
            "Percentage difference between the board's voting membership and its overall workforce, and between "
            "its executive membership and its overall workforce",
            "Board membership against the workforce", "board", "difference_pp", PERCENTAGE_POINTS,
            source="board register",
        ),
    )
}

NUMBERS: tuple[int, ...] = tuple(INDICATORS)

#: The WRES report for year Y shows the NHS Staff Survey of year Y − 1 (data contract).
SURVEY_YEAR_LAG = 1


def survey_year_of(year: int) -> int:
    """The NHS Staff Survey year a WRES report year shows.

    Examples
    --------
    >>> survey_year_of(2024)
    2023
    """
    return int(year) - SURVEY_YEAR_LAG


def numbers_of(family: str) -> tuple[int, ...]:
    """The indicator numbers of one family.

    Examples
    --------
    >>> numbers_of(LIKELIHOOD), numbers_of(SURVEY)
    ((2, 3, 4), (5, 6, 7, 8))
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, got {family!r}")
    return tuple(n for n, ind in INDICATORS.items() if ind.family == family)


def indicator(number: object) -> Indicator:
    """The definition of indicator ``number`` (1-9); ValueError naming the value otherwise.

    Examples
    --------
    >>> indicator(3).numerator_group, indicator(3).denominator_group
    ('BME', 'White')
    """
    if isinstance(number, bool) or not isinstance(number, int) or number not in INDICATORS:
        raise ValueError(f"a WRES indicator number is a whole number from 1 to 9, got {number!r}")
    return INDICATORS[number]
