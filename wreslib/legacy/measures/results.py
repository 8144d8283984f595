"""Result types of the nine indicators: small frozen dataclasses; the JSON is made at the edge.

Statuses follow the data contract: ``ok``; ``no_data`` when the table, or the organisation's rows in
it for that year, is absent; ``not_calculable`` when the rows exist but the measure is undefined
(a zero denominator, no cases in either group), always with a reason in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wreslib.errors import Fault
    from wreslib.legacy.measures.stats import ProportionComparison, RelativeLikelihood

OK = "ok"
NO_DATA = "no_data"
NOT_CALCULABLE = "not_calculable"

#: What each indicator measures, in the words of the WRES technical guidance.
TITLES: dict[int, str] = {
    1: "Percentage of staff in each of the AfC bands 1-9 and VSM (including executive board members) "
       "compared with the percentage of staff in the overall workforce",
    2: "Relative likelihood of White applicants being appointed from shortlisting compared to BME applicants",
    3: "Relative likelihood of BME staff entering the formal disciplinary process compared to White staff",
    4: "Relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff",
    5: "Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public "
       "in the last 12 months",
    6: "Percentage of staff experiencing harassment, bullying or abuse from staff in the last 12 months",
    7: "Percentage believing that the organisation provides equal opportunities for career progression "
       "or promotion",
    8: "Percentage of staff who personally experienced discrimination at work from a manager, team leader "
       "or other colleagues in the last 12 months",
    9: "Percentage difference between the board's voting and executive membership and the overall workforce",
}
SHORT_TITLES: dict[int, str] = {
    1: "Workforce by band",
    2: "Appointment from shortlisting",
    3: "Entering the formal disciplinary process",
    4: "Non-mandatory training and CPD",
    5: "Harassment, bullying or abuse from patients and the public",
    6: "Harassment, bullying or abuse from staff",
    7: "Belief in equal opportunities for career progression",
    8: "Discrimination from a manager or colleague",
    9: "Board membership against the workforce",
}
#: For 5-8, whether a higher percentage is better for staff (only indicator 7 asks a positive question).
HIGHER_IS_BETTER: dict[int, bool] = {5: False, 6: False, 7: True, 8: False}


@dataclass(frozen=True)
class GroupCounts:
    """Headcount by ethnic group with each group's share of the total (percent, None if total is 0)."""

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
class Indicator1:
    """Workforce composition overall, by staff group, by band as recorded, and by published band range."""

    status: str
    reason: str | None
    overall: GroupCounts | None = None
    by_staff_group: tuple[GroupCounts, ...] = ()
    by_band: tuple[GroupCounts, ...] = ()
    by_published_range: tuple[GroupCounts, ...] = ()
    number: int = 1


@dataclass(frozen=True)
class RelativeLikelihoodIndicator:
    """Indicators 2, 3 and 4: a relative likelihood with its interval, exact test and four-fifths check."""

    number: int
    status: str
    reason: str | None
    measure: RelativeLikelihood | None = None
    unknown_cases: int | None = None
    unknown_total: int | None = None


@dataclass(frozen=True)
class SurveyIndicator:
    """Indicators 5-8: BME against White, against the previous survey, and against the benchmark."""

    number: int
    status: str
    reason: str | None
    survey_year: int | None = None
    gap: ProportionComparison | None = None
    previous_survey_year: int | None = None
    white_change: ProportionComparison | None = None
    bme_change: ProportionComparison | None = None
    benchmark: str | None = None
    benchmark_white_pct: float | None = None
    benchmark_bme_pct: float | None = None

    @property
    def white_pct(self) -> float | None:
        return self.gap.a_pct if self.gap else None

    @property
    def bme_pct(self) -> float | None:
        return self.gap.b_pct if self.gap else None

    @property
    def bme_vs_benchmark_pp(self) -> float | None:
        if self.bme_pct is None or self.benchmark_bme_pct is None:
            return None
        return round(self.bme_pct - self.benchmark_bme_pct, 10)

    @property
    def white_vs_benchmark_pp(self) -> float | None:
        if self.white_pct is None or self.benchmark_white_pct is None:
            return None
        return round(self.white_pct - self.benchmark_white_pct, 10)


@dataclass(frozen=True)
class BoardMeasure:
    """One of indicator 9's two measures: voting or executive membership against the workforce."""

    membership: str
    status: str
    reason: str | None
    board: GroupCounts | None = None
    workforce: GroupCounts | None = None

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


@dataclass(frozen=True)
class Indicator9:
    """Board voting and executive membership against the overall workforce."""

    status: str
    reason: str | None
    voting: BoardMeasure
    executive: BoardMeasure
    number: int = 9


@dataclass(frozen=True)
class IndicatorSet:
    """All nine indicators of one organisation and year, with the warnings and provenance."""

    org_code: str
    org_name: str
    org_type: str
    region: str
    year: int
    synthetic: bool
    indicators: dict[int, object]
    warnings: tuple[Fault, ...] = field(default=())
    data_checksum: str = ""
    wreslib_version: str = ""

    def __getitem__(self, number: int) -> object:
        return self.indicators[number]
