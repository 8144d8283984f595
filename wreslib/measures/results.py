"""Typed results of one organisation and year: small frozen dataclasses; the JSON is made at the edge.

Every indicator result has ``number``, ``family``, ``status``, ``reason`` and ``rating``. Statuses
follow the data contract: ``ok``; ``no_data`` when the table, or the organisation's rows in it for that
year, is absent; ``not_calculable`` when the rows exist but the measure is undefined (no denominator, or
no case in either group, 0 ÷ 0), always with a reason in words. A zero in one group is not a reason to
stop: the relative likelihood is 0 or unbounded, tested and rated like any other.

Every test a result carries names its method and holds its raw ``p_value`` and its ``p_adjusted`` (Holm,
within the organisation-year's family of tests, see :mod:`wreslib.measures.compute`).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from wreslib.errors import located
from wreslib.measures import families, keys

if TYPE_CHECKING:
    from wreslib.errors import Fault

OK = "ok"
NO_DATA = "no_data"
NOT_CALCULABLE = "not_calculable"

#: The four-fifths rule: relative likelihoods from 0.80 to 1.25 inclusive are "non-adverse" (exact).
NON_ADVERSE_LOW = Fraction(4, 5)
NON_ADVERSE_HIGH = Fraction(5, 4)
#: The NHS Staff Survey suppresses groups with fewer respondents than this; they are not tested.
MIN_SURVEY_RESPONDENTS = 11
#: Two-sided significance level of every test a report states.
ALPHA = 0.05

ABOVE, WITHIN, BELOW = "above", "within", "below"


@dataclass(frozen=True)
class GroupCounts:
    """Headcount by ethnic group with each group's share of the total (percent; None if the total is 0)."""

    label: str
    white: int
    bme: int
    unknown: int
    staff_group: str | None = None

    @property
    def total(self) -> int:
        return self.white + self.bme + self.unknown

    def pct(self, count: int) -> float | None:
        return 100.0 * count / self.total if self.total else None

    @property
    def white_pct(self) -> float | None:
        return self.pct(self.white)

    @property
    def bme_pct(self) -> float | None:
        return self.pct(self.bme)

    @property
    def unknown_pct(self) -> float | None:
        return self.pct(self.unknown)


@dataclass(frozen=True)
class Rating:
    """A red/amber/green/grey rating and the branch of the rule that gave it (``rule``, a stable code).

    The codes are listed with the rule in :mod:`wreslib.measures.rating`; sentences are the narrative's job.
    """

    rag: str
    rule: str


@dataclass(frozen=True)
class Likelihood:
    """A relative likelihood: the rate of group a divided by the rate of group b, tested against parity.

    ``value`` is None when undefined (``status`` not ok) and when unbounded (group b has no cases:
    ``unbounded`` True, ``ci_high`` None, ``ci_low`` finite). ``significant`` is ``p_value < 0.05``,
    which is the same as the interval excluding 1 (one score statistic gives both).
    """

    a_label: str
    a_cases: int
    a_total: int
    b_label: str
    b_cases: int
    b_total: int
    status: str
    reason: str | None
    value: float | None
    unbounded: bool
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    p_adjusted: float | None
    method: str

    @property
    def significant(self) -> bool | None:
        return None if self.p_value is None else self.p_value < ALPHA

    @property
    def a_rate_pct(self) -> float | None:
        return 100.0 * self.a_cases / self.a_total if self.a_total else None

    @property
    def b_rate_pct(self) -> float | None:
        return 100.0 * self.b_cases / self.b_total if self.b_total else None

    @property
    def exact(self) -> Fraction | None:
        """The ratio as an exact fraction of the counts (None when undefined or unbounded)."""
        if self.status != OK or self.b_cases == 0 or not self.a_total or not self.b_total:
            return None
        return Fraction(self.a_cases * self.b_total, self.a_total * self.b_cases)

    @property
    def position(self) -> str | None:
        """Where the ratio sits against the non-adverse range 0.80-1.25: above, within or below (exact)."""
        if self.status != OK:
            return None
        if self.unbounded:
            return ABOVE
        exact = self.exact
        assert exact is not None
        if exact < NON_ADVERSE_LOW:
            return BELOW
        return ABOVE if exact > NON_ADVERSE_HIGH else WITHIN

    @property
    def within_non_adverse_range(self) -> bool | None:
        position = self.position
        return None if position is None else position == WITHIN


@dataclass(frozen=True)
class StaffGroupBands:
    """Indicator 1 for one staff group: White relative to BME, the likelihood of being in the senior range.

    ``senior`` and ``lower`` name what is compared (``Band 8a-VSM`` against ``Band 1-7`` for AfC staff;
    ``Consultant`` against the other medical grades).
    """

    staff_group: str
    senior: str
    lower: str
    likelihood: Likelihood
    rating: Rating


@dataclass(frozen=True)
class WorkforceResult:
    """Indicator 1: workforce composition overall, by staff group, by band as recorded and by published
    range, and for each staff group the senior-band likelihood with its rating.

    The indicator's rating is the most severe of its staff groups' (``headline_group`` names it), so no
    pooled figure hides opposite patterns in different staff groups.
    """

    status: str
    reason: str | None
    rating: Rating
    overall: GroupCounts | None = None
    by_staff_group: tuple[GroupCounts, ...] = ()
    by_band: tuple[GroupCounts, ...] = ()
    by_published_range: tuple[GroupCounts, ...] = ()
    groups: tuple[StaffGroupBands, ...] = ()
    headline_group: str | None = None
    number: int = 1
    family: str = families.WORKFORCE

    @property
    def headline(self) -> StaffGroupBands | None:
        return next((g for g in self.groups if g.staff_group == self.headline_group), None)


@dataclass(frozen=True)
class LikelihoodResult:
    """Indicators 2, 3 and 4: a relative likelihood with its interval, test, four-fifths position and rating.

    ``unknown_cases``/``unknown_total`` count people of unknown ethnicity, left out of the ratio
    (``unknown_cases`` is None when the table gives no unknown row, as training tables often do not).
    """

    number: int
    status: str
    reason: str | None
    rating: Rating
    likelihood: Likelihood | None = None
    unknown_cases: int | None = None
    unknown_total: int | None = None
    family: str = families.LIKELIHOOD


@dataclass(frozen=True)
class Share:
    """One group's survey answer: the percentage (as published, or exact from a yes-count) and the counts.

    ``yes`` is the count the test uses (given, or the nearest whole number to the percentage).
    """

    pct: float | None
    respondents: int | None
    yes: int | None

    @property
    def testable(self) -> bool:
        return self.respondents is not None and self.respondents >= MIN_SURVEY_RESPONDENTS


@dataclass(frozen=True)
class Gap:
    """BME minus White (or later minus earlier) in percentage points, with its score interval and test.

    ``tested`` is False, with a ``reason``, when a group has fewer than 11 respondents or an unknown number;
    then there is no interval and no p-value. The interval is on the counts the test uses.
    """

    difference_pp: float | None
    ci_low_pp: float | None
    ci_high_pp: float | None
    p_value: float | None
    p_adjusted: float | None
    tested: bool
    method: str
    reason: str | None = None

    @property
    def significant(self) -> bool | None:
        return None if self.p_value is None else self.p_value < ALPHA


@dataclass(frozen=True)
class ShareChange:
    """One group's change between two NHS Staff Surveys (exploratory; adjusted with the year's tests)."""

    group: str
    from_year: int
    to_year: int
    before: Share
    after: Share
    change: Gap


@dataclass(frozen=True)
class SurveyResult:
    """Indicators 5-8 from the NHS Staff Survey of ``year - 1``: BME against White, changes, benchmark."""

    number: int
    status: str
    reason: str | None
    rating: Rating
    survey_year: int | None = None
    white: Share | None = None
    bme: Share | None = None
    gap: Gap | None = None
    previous_survey_year: int | None = None
    white_change: ShareChange | None = None
    bme_change: ShareChange | None = None
    benchmark: str | None = None
    benchmark_white_pct: float | None = None
    benchmark_bme_pct: float | None = None
    family: str = families.SURVEY

    @property
    def adverse(self) -> bool | None:
        """True when BME respondents fare worse than White ones (direction-aware), None if not comparable."""
        if self.gap is None or self.gap.difference_pp is None:
            return None
        diff = self.gap.difference_pp
        return diff < 0 if families.indicator(self.number).higher_is_better else diff > 0


@dataclass(frozen=True)
class BoardMeasure:
    """Voting or executive board membership against the workforce (indicator 9).

    ``expected_bme`` is the number of BME members a board of this size would have at the workforce's
    share; ``p_value`` the exact one-sided chance of a board this size drawn at that share having as few
    BME members or fewer (voting membership only; executive membership is described, not tested).
    """

    membership: str
    status: str
    reason: str | None
    board: GroupCounts | None = None
    workforce: GroupCounts | None = None
    expected_bme: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    method: str | None = None

    @property
    def board_bme_pct(self) -> float | None:
        return self.board.bme_pct if self.board else None

    @property
    def workforce_bme_pct(self) -> float | None:
        return self.workforce.bme_pct if self.workforce else None

    @property
    def difference_pp(self) -> float | None:
        if self.board_bme_pct is None or self.workforce_bme_pct is None:
            return None
        return round(self.board_bme_pct - self.workforce_bme_pct, 10)

    @property
    def seats_short(self) -> float | None:
        """Members short of the workforce's share (negative when above it)."""
        if self.expected_bme is None or self.board is None:
            return None
        return self.expected_bme - self.board.bme

    @property
    def share_ratio(self) -> Fraction | None:
        """Board BME share ÷ workforce BME share, exactly (None when undefined or the workforce has no BME)."""
        board, staff = self.board, self.workforce
        if board is None or staff is None or not board.total or not staff.total or not staff.bme:
            return None
        return Fraction(board.bme * staff.total, board.total * staff.bme)


@dataclass(frozen=True)
class BoardResult:
    """Indicator 9: voting and executive board membership against the workforce."""

    status: str
    reason: str | None
    rating: Rating
    voting: BoardMeasure
    executive: BoardMeasure
    number: int = 9
    family: str = families.BOARD


IndicatorResult = WorkforceResult | LikelihoodResult | SurveyResult | BoardResult


@dataclass(frozen=True)
class TestRecord:
    """One test in a family: what it tests (``key``), for which indicator, its raw and adjusted p-values."""

    key: str
    number: int
    p_value: float
    p_adjusted: float
    method: str


@dataclass(frozen=True)
class Trend:
    """A tested change of an indicator's headline between two report years.

    ``verdict`` is one of ``worsened``, ``improved``, ``reversed`` (crossed from one side of the
    non-adverse range to the other), ``within_chance`` (the change is no more than chance would give
    after adjustment), ``not_tested`` (``reason`` says why) or ``not_enough_data``. ``change`` is the
    ratio of the two relative likelihoods (indicators 1-4) or the change of the gap in percentage points
    (5-8); board membership (9) is described but not tested.
    """

    number: int
    verdict: str
    from_year: int | None = None
    to_year: int | None = None
    from_value: float | None = None
    to_value: float | None = None
    change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    method: str | None = None
    reason: str | None = None
    staff_group: str | None = None


@dataclass(frozen=True)
class Figure:
    """A count named in a warning, with the key that identifies it wherever it is shown."""

    key: keys.Key
    value: int


@dataclass(frozen=True)
class QualityWarning:
    """One data-quality warning.

    ``template`` holds ``{name}`` placeholders for ``figures`` (counts) and ``{name_pct}`` for the
    percentage ``figures[name] / figures[of[name]]``; ``fallback`` says the same without any count.
    ``caveat`` marks a warning that changes how a headline figure must be read (shown on page one).
    """

    file: str
    template: str
    figures: dict[str, Figure] = field(default_factory=dict)
    of: dict[str, str] = field(default_factory=dict)
    fallback: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None
    org_code: str | None = None
    indicator: int | None = None
    caveat: bool = False

    def render(self, count: Callable[[Figure], str | None] | None = None,
               pct: Callable[[Figure, Figure], str | None] | None = None) -> str:
        """The sentence with its figures said by ``count`` and ``pct`` (plain numbers when not given);
        the ``fallback`` when either declines to say a figure."""
        def plain_count(f: Figure) -> str:
            return f"{f.value:,}"

        def plain_pct(f: Figure, whole: Figure) -> str:
            return f"{100.0 * f.value / whole.value:.1f}%" if whole.value else "n/a"

        count = count or plain_count
        pct = pct or plain_pct
        values: dict[str, str] = {}
        for name in _fields(self.template):
            if name.endswith("_pct"):
                base = name[:-4]
                text = pct(self.figures[base], self.figures[self.of[base]])
            else:
                text = count(self.figures[name])
            if text is None:
                return self.fallback or self.template.split(";")[0]
            values[name] = text
        return self.template.format(**values)

    @property
    def message(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return located(self.file, self.message, self.row, self.column, self.value)


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(frozen=True)
class IndicatorSet:
    """All nine indicators of one organisation and year, the year's family of tests, and provenance.

    ``tests`` is the family the year's p-values were adjusted in (Holm); ``trends`` (when earlier years
    were computed with it) the tested change of each indicator since the first of the trend years, in its
    own family ``trend_tests``.
    """

    org_code: str
    org_name: str
    org_type: str
    region: str
    year: int
    synthetic: bool
    workforce: WorkforceResult
    likelihoods: tuple[LikelihoodResult, LikelihoodResult, LikelihoodResult]
    surveys: tuple[SurveyResult, SurveyResult, SurveyResult, SurveyResult]
    board: BoardResult
    tests: tuple[TestRecord, ...] = ()
    trends: tuple[Trend, ...] = ()
    trend_tests: tuple[TestRecord, ...] = ()
    warnings: tuple[Fault | QualityWarning, ...] = field(default=())
    data_checksum: str = ""
    wreslib_version: str = ""

    def result(self, number: int) -> IndicatorResult:
        """The result of indicator ``number`` (the common face: number, family, status, reason, rating)."""
        families.indicator(number)
        if number == 1:
            return self.workforce
        if number == 9:
            return self.board
        if number in families.numbers_of(families.LIKELIHOOD):
            return self.likelihood(number)
        return self.survey(number)

    def likelihood(self, number: int) -> LikelihoodResult:
        """Indicator 2, 3 or 4."""
        return self.likelihoods[families.numbers_of(families.LIKELIHOOD).index(number)]

    def survey(self, number: int) -> SurveyResult:
        """Indicator 5, 6, 7 or 8."""
        return self.surveys[families.numbers_of(families.SURVEY).index(number)]

    def trend(self, number: int) -> Trend | None:
        return next((t for t in self.trends if t.number == number), None)

    @property
    def ratings(self) -> dict[int, str]:
        return {n: self.result(n).rating.rag for n in families.NUMBERS}
