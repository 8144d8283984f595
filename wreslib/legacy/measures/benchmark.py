"""Cross-organisation benchmarking: roll-ups, funnel plots, league tables and each organisation's peer position.

Every figure here is built from the counts behind the nine indicators of each organisation, as
``compute_indicators`` (or, for the peer position, the indicator functions it calls) computes them.
Roll-ups of a region, an organisation type or the whole dataset **sum the counts and compute the
measure once** from the sums (a pooled figure); they never average the organisations' ratios or
percentages, which would give a 60-person ICB the weight of a 900-person one.

- Indicator 1: the summed headcount by ethnic group, overall and in the published ranges Band 1-7 and
  Band 8a-VSM; the pooled likelihood of White relative to BME staff being in Bands 8a-VSM.
- Indicators 2-4: the pooled relative likelihood, with Katz's interval and Fisher's exact test, from
  :func:`wreslib.legacy.measures.stats.relative_likelihood` on the summed counts.
- Indicators 5-8: pooled survey percentages from the summed yes-counts (percent × respondents, via
  :func:`wreslib.legacy.measures.stats.count_from_percent`) over the summed respondents.
- Indicator 9: the summed board members by group against the summed workforce.

Funnel plots follow Spiegelhalter (2005): each organisation's relative likelihood is plotted against its
size, with control limits around parity computed by a normal approximation on the log scale (see
:class:`FunnelLimits` for the formula and how the size maps to the standard error).

This module is pure: no matplotlib, no report code; scipy is loaded only when a statistic is computed.

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
2005;24:1185-1202.
NHS England, *Workforce Race Equality Standard: technical guidance* (the indicators and the 0.80-1.25 range).
"""

from __future__ import annotations

import logging
import math
import statistics
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wreslib.lru import remember
from wreslib.errors import DataError, Fault
from wreslib.legacy.measures.results import (
    HIGHER_IS_BETTER,
    OK,
    BoardMeasure,
    GroupCounts,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)

if TYPE_CHECKING:
    from wreslib.data.read import Dataset
    from wreslib.legacy.measures.stats import ProportionComparison, RelativeLikelihood

__all__ = [
    "ABOVE_95",
    "ABOVE_998",
    "BELOW_95",
    "BELOW_998",
    "FLAG_TEXT",
    "GROUP_BY",
    "MIN_PEERS",
    "NATIONAL",
    "NOT_ASSESSED",
    "PRECISION_LABEL",
    "RATIO_NUMBERS",
    "WITHIN",
    "Z_95",
    "Z_998",
    "Benchmark",
    "Exclusion",
    "Funnel",
    "FunnelLimits",
    "FunnelPoint",
    "GapDistribution",
    "LeagueRow",
    "OrgBoard",
    "OrgRatio",
    "OrgSurvey",
    "Organisation",
    "PeerPosition",
    "RatioRollup",
    "RepresentationRollup",
    "Rollup",
    "SurveyRollup",
    "build_funnel",
    "compute_benchmark",
    "funnel_flag",
    "gap_distribution",
    "league_table",
    "peer_position",
    "rollup",
]

log = logging.getLogger(__name__)

#: How organisations can be grouped for roll-ups (columns of organisations.csv).
GROUP_BY = ("region", "org_type")
#: The name of the roll-up of every organisation in the data.
NATIONAL = "All organisations"
#: The relative-likelihood indicators, the ones drawn as funnel plots and ranked in league tables.
RATIO_NUMBERS = (2, 3, 4)
#: Standard normal quantiles of the funnel's control limits (Spiegelhalter 2005): two-sided 95% and 99.8%.
Z_95 = 1.96
Z_998 = 3.09
#: An organisation is given a peer position only when at least this many other organisations of its type
#: have a value: a rank among two says nothing.
MIN_PEERS = 3
#: The size on the funnel's x-axis: the denominator of each indicator, White and BME together.
PRECISION_LABEL = {
    2: "shortlisted applicants, White and BME",
    3: "staff headcount, White and BME",
    4: "staff headcount, White and BME",
}

#: Funnel flags: where a relative likelihood lies against the control limits around parity.
ABOVE_998 = "above_99.8"
ABOVE_95 = "above_95"
WITHIN = "within"
BELOW_95 = "below_95"
BELOW_998 = "below_99.8"
NOT_ASSESSED = "not_assessed"
FLAG_TEXT = {
    ABOVE_998: "above the upper 99.8% control limit",
    ABOVE_95: "above the upper 95% control limit (within the 99.8% limit)",
    WITHIN: "within the 95% control limits",
    BELOW_95: "below the lower 95% control limit (within the 99.8% limit)",
    BELOW_998: "below the lower 99.8% control limit",
    NOT_ASSESSED: "not placed on the funnel plot",
}
_ROUND = 10  # decimals at which two ratios count as tied (beyond anything a report shows)


# --------------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    """One organisation of the benchmark, as organisations.csv describes it."""

    code: str
    name: str
    org_type: str
    region: str
    synthetic: bool = False

    def group(self, group_by: str) -> str:
        """The organisation's region or type; a blank region reads "(no region given)"."""
        value = self.region if group_by == "region" else self.org_type
        return value or f"(no {group_by.replace('_', ' ')} given)"


@dataclass(frozen=True)
class Exclusion:
    """An organisation left out of the benchmark, and why (its data has faults, or lacks the year)."""

    org_code: str
    reason: str


def _check_group_by(group_by: object) -> str:
    if group_by not in GROUP_BY:
        raise DataError(Fault("(parameters)", f"group_by must be one of {', '.join(GROUP_BY)}",
                              column="group_by", value=str(group_by)))
    return str(group_by)


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise DataError(Fault("(parameters)", "year must be a whole number such as 2024", column="year",
                              value=str(year)))
    return int(year)


def _organisations(data: Dataset, year: int) -> tuple[list[Organisation], list[Exclusion]]:
    """Organisations that can be computed for ``year``, and those that cannot, with the reason."""
    included: list[Organisation] = []
    excluded: list[Exclusion] = []
    for code in data.org_codes:
        try:
            data.require(code, year)
        except DataError as exc:
            first = exc.faults[0].message if exc.faults else str(exc)
            more = len(exc.faults) - 1
            excluded.append(Exclusion(code, first + (f" (and {more} more problem{'s' if more > 1 else ''})"
                                                     if more > 0 else "")))
            continue
        row = data.organisation(code)
        included.append(Organisation(
            code=code, name=str(row["org_name"]), org_type=str(row["org_type"]),
            region=str(row.get("region") or ""), synthetic=bool(row.get("synthetic") or False),
        ))
    return included, excluded


# --------------------------------------------------------------------------------------------------
# Per-organisation figures
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgRatio:
    """One organisation's indicator 2, 3 or 4 for one year: the relative likelihood and the counts behind it.

    Attributes
    ----------
    org : Organisation
    number, year : int
    status, reason : str, str or None
        As the indicator gives them (``ok``, ``no_data``, ``not_calculable``).
    measure : RelativeLikelihood or None
        The indicator's measure, None when there are no rows.
    """

    org: Organisation
    number: int
    year: int
    status: str
    reason: str | None
    measure: RelativeLikelihood | None

    @property
    def value(self) -> float | None:
        """The relative likelihood, None when not calculable."""
        m = self.measure
        return m.relative_likelihood if m is not None and self.status == OK else None

    @property
    def precision(self) -> int | None:
        """The funnel's x-axis: the indicator's denominator, White and BME together (see ``PRECISION_LABEL``)."""
        m = self.measure
        return None if m is None else m.a_total + m.b_total


def _ratio_from(org: Organisation, year: int, number: int, ind: object) -> OrgRatio:
    if not isinstance(ind, RelativeLikelihoodIndicator):
        return OrgRatio(org, number, year, "no_data", f"indicator {number} was not computed", None)
    return OrgRatio(org, number, year, ind.status, ind.reason, ind.measure)


@dataclass(frozen=True)
class OrgSurvey:
    """One organisation's survey indicator (5-8): the BME minus White gap, shown only for groups of 11 or more."""

    org: Organisation
    number: int
    survey_year: int | None
    status: str
    reason: str | None
    gap: ProportionComparison | None

    @property
    def shown(self) -> bool:
        """True when both groups have a percentage and at least 11 respondents (the survey's own suppression)."""
        from wreslib.legacy.measures.stats import MIN_SURVEY_RESPONDENTS

        g = self.gap
        return (g is not None and g.difference_pp is not None and g.a_n is not None and g.b_n is not None
                and min(g.a_n, g.b_n) >= MIN_SURVEY_RESPONDENTS)

    @property
    def gap_pp(self) -> float | None:
        """BME minus White, percentage points; None unless ``shown``."""
        return self.gap.difference_pp if self.shown and self.gap is not None else None

    @property
    def bme_worse(self) -> bool | None:
        """Whether BME staff fare worse than White staff (for 7 a lower percentage is worse)."""
        gap = self.gap_pp
        if gap is None or gap == 0:
            return None if gap is None else False
        return gap < 0 if HIGHER_IS_BETTER[self.number] else gap > 0


@dataclass(frozen=True)
class OrgBoard:
    """One organisation's indicator 9: board voting and executive membership against the workforce."""

    org: Organisation
    voting: BoardMeasure
    executive: BoardMeasure


# --------------------------------------------------------------------------------------------------
# Roll-ups from summed counts
# --------------------------------------------------------------------------------------------------


def _sum_counts(label: str, counts: Iterable[GroupCounts]) -> GroupCounts:
    items = list(counts)
    return GroupCounts(label=label, white=sum(c.white for c in items), bme=sum(c.bme for c in items),
                       unknown=sum(c.unknown for c in items))


@dataclass(frozen=True)
class RepresentationRollup:
    """Indicator 1 pooled: summed headcount overall and in the published band ranges (all staff groups).

    ``senior`` is the likelihood of White relative to BME staff being in Bands 8a-VSM, of the staff in
    the two published ranges (as the reports' headline for indicator 1), from the summed counts.
    """

    n_orgs: int
    overall: GroupCounts
    ranges: tuple[GroupCounts, ...]
    senior: RelativeLikelihood | None

    def range_counts(self, label: str) -> GroupCounts | None:
        return next((r for r in self.ranges if r.label == label), None)


@dataclass(frozen=True)
class RatioRollup:
    """Indicator 2, 3 or 4 pooled: the relative likelihood of the summed counts of ``n_orgs`` organisations."""

    number: int
    n_orgs: int
    measure: RelativeLikelihood | None

    @property
    def value(self) -> float | None:
        m = self.measure
        return m.relative_likelihood if m is not None and m.status == OK else None


@dataclass(frozen=True)
class SurveyRollup:
    """Indicator 5-8 pooled: summed yes-counts over summed respondents, White and BME, and their comparison.

    Only organisations with both groups' percentage and respondents are pooled, so that the gap compares
    the same organisations.
    """

    number: int
    survey_year: int
    n_orgs: int
    white_yes: int
    white_n: int
    bme_yes: int
    bme_n: int
    comparison: ProportionComparison | None

    @property
    def white_pct(self) -> float | None:
        return 100.0 * self.white_yes / self.white_n if self.white_n else None

    @property
    def bme_pct(self) -> float | None:
        return 100.0 * self.bme_yes / self.bme_n if self.bme_n else None

    @property
    def gap_pp(self) -> float | None:
        if self.white_pct is None or self.bme_pct is None:
            return None
        return round(self.bme_pct - self.white_pct, 10)


@dataclass(frozen=True)
class Rollup:
    """Every indicator pooled over a set of organisations (a region, an organisation type, or all of them).

    Attributes
    ----------
    group_by : str
        ``"national"``, ``"region"`` or ``"org_type"``.
    name : str
        The region or type, or ``NATIONAL``.
    year : int
    org_codes : tuple of str
        The organisations pooled.
    representation : RepresentationRollup
        Indicator 1.
    ratios : dict
        Indicators 2-4: number -> RatioRollup.
    surveys : dict
        Indicators 5-8: number -> SurveyRollup.
    voting, executive : BoardMeasure
        Indicator 9 from the summed board members and the summed workforce of the same organisations.
    board_orgs : dict
        ``"voting"`` / ``"executive"`` -> the number of organisations pooled for each.
    """

    group_by: str
    name: str
    year: int
    org_codes: tuple[str, ...]
    representation: RepresentationRollup
    ratios: dict[int, RatioRollup]
    surveys: dict[int, SurveyRollup]
    voting: BoardMeasure
    executive: BoardMeasure
    board_orgs: dict[str, int] = field(default_factory=dict)

    @property
    def n_orgs(self) -> int:
        return len(self.org_codes)

    def headline(self, number: int) -> float | None:
        """The figure a roll-up table shows: 1 senior-band likelihood, 2-4 likelihood, 5-8 BME %, 9 voting pp."""
        if number == 1:
            m = self.representation.senior
            return m.relative_likelihood if m is not None and m.status == OK else None
        if number in RATIO_NUMBERS:
            return self.ratios[number].value
        if number in self.surveys:
            return self.surveys[number].bme_pct
        if number == 9:
            return self.voting.difference_pp
        raise ValueError(f"number must be an indicator from 1 to 9, got {number!r}")


def _rollup_representation(inds: Sequence[Indicator1]) -> RepresentationRollup:
    from wreslib.data.bands import PUBLISHED_RANGES
    from wreslib.legacy.measures.stats import relative_likelihood

    usable = [i for i in inds if isinstance(i, Indicator1) and i.status == OK and i.overall is not None]
    overall = _sum_counts("All staff", (i.overall for i in usable))
    ranges = []
    for label in PUBLISHED_RANGES:
        rows = [r for i in usable for r in i.by_published_range if r.staff_group == "all" and r.label == label]
        ranges.append(_sum_counts(label, rows))
    senior, lower = ranges[1], ranges[0]
    measure = None
    if senior.total + lower.total > 0:
        measure = relative_likelihood(senior.white, senior.white + lower.white, senior.bme, senior.bme + lower.bme,
                                      a_label="White", b_label="BME")
    return RepresentationRollup(len(usable), overall, tuple(ranges), measure)


def _rollup_ratio(number: int, inds: Sequence[object]) -> RatioRollup:
    from wreslib.legacy.measures.stats import relative_likelihood

    measures = [i.measure for i in inds if isinstance(i, RelativeLikelihoodIndicator) and i.measure is not None]
    if not measures:
        return RatioRollup(number, 0, None)
    a_label, b_label = measures[0].a_label, measures[0].b_label
    pooled = relative_likelihood(
        sum(m.a_cases for m in measures), sum(m.a_total for m in measures),
        sum(m.b_cases for m in measures), sum(m.b_total for m in measures),
        a_label=a_label, b_label=b_label,
    )
    return RatioRollup(number, len(measures), pooled)


def _rollup_survey(number: int, survey_year: int, inds: Sequence[object]) -> SurveyRollup:
    from wreslib.legacy.measures.stats import compare_percentages, count_from_percent

    white_yes = white_n = bme_yes = bme_n = n_orgs = 0
    for ind in inds:
        g = ind.gap if isinstance(ind, SurveyIndicator) else None
        if g is None or None in (g.a_pct, g.a_n, g.b_pct, g.b_n):
            continue
        n_orgs += 1
        white_yes += count_from_percent(g.a_pct, g.a_n)
        white_n += g.a_n
        bme_yes += count_from_percent(g.b_pct, g.b_n)
        bme_n += g.b_n
    comparison = None
    if white_n and bme_n:
        # The pooled percentage is exactly yes / respondents, so count_from_percent inside gives the sums back.
        comparison = compare_percentages(100.0 * white_yes / white_n, white_n, 100.0 * bme_yes / bme_n, bme_n,
                                         a_label="White", b_label="BME")
    return SurveyRollup(number, survey_year, n_orgs, white_yes, white_n, bme_yes, bme_n, comparison)


def _rollup_board(membership: str, inds: Sequence[object]) -> tuple[BoardMeasure, int]:
    measures = [getattr(i, membership) for i in inds if isinstance(i, Indicator9)]
    usable = [m for m in measures if m.status == OK and m.board is not None and m.workforce is not None]
    if not usable:
        return BoardMeasure(membership, "no_data", f"no organisation has {membership} board members and a "
                            "workforce"), 0
    board = _sum_counts(f"board ({membership})", (m.board for m in usable))
    workforce = _sum_counts("All staff", (m.workforce for m in usable))
    return BoardMeasure(membership, OK, None, board=board, workforce=workforce), len(usable)


def rollup(sets: Sequence[IndicatorSet], *, name: str = NATIONAL, group_by: str = "national") -> Rollup:
    """Pool the nine indicators of several organisations (one year) from their summed counts.

    Parameters
    ----------
    sets : sequence of IndicatorSet
        One per organisation, all of the same year, from ``compute_indicators``.
    name : str, optional
        The name of the group (a region, a type, or ``NATIONAL``).
    group_by : str, optional
        What the group is: ``"national"``, ``"region"`` or ``"org_type"``.

    Returns
    -------
    Rollup

    Raises
    ------
    ValueError
        If ``sets`` is empty or mixes years.

    References
    ----------
    NHS England, WRES technical guidance (the indicators); Katz et al., *Biometrics* 1978;34:469-474 and
    Fisher's exact test, through :func:`wreslib.legacy.measures.stats.relative_likelihood`.

    Examples
    --------
    One organisation pools to its own figures (30 of 92 White and 9 of 95 BME applicants appointed):

    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> one = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> r = rollup([one])
    >>> r.n_orgs, round(r.ratios[2].value, 2), r.ratios[2].measure.a_cases
    (1, 3.44, 30)
    """
    items = list(sets)
    if not items:
        raise ValueError("no organisations to pool: pass one IndicatorSet per organisation")
    years = {s.year for s in items}
    if len(years) > 1:
        raise ValueError(f"a roll-up pools one year, but the results are for {sorted(years)}")
    year = items[0].year
    survey_year = year - 1
    voting, n_voting = _rollup_board("voting", [s.indicators.get(9) for s in items])
    executive, n_executive = _rollup_board("executive", [s.indicators.get(9) for s in items])
    return Rollup(
        group_by=group_by,
        name=name,
        year=year,
        org_codes=tuple(s.org_code for s in items),
        representation=_rollup_representation([s.indicators.get(1) for s in items]),
        ratios={n: _rollup_ratio(n, [s.indicators.get(n) for s in items]) for n in RATIO_NUMBERS},
        surveys={n: _rollup_survey(n, survey_year, [s.indicators.get(n) for s in items]) for n in (5, 6, 7, 8)},
        voting=voting,
        executive=executive,
        board_orgs={"voting": n_voting, "executive": n_executive},
    )


# --------------------------------------------------------------------------------------------------
# Funnel plots (Spiegelhalter 2005)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelLimits:
    """Control limits around parity for a relative likelihood (a ratio of two proportions), by its size.

    Spiegelhalter's funnel plot (2005, section 2) plots an indicator Y against a precision parameter ρ
    and draws limits ``θ0 ± z·sqrt(g(θ0) / ρ)`` around the target θ0, where ``g(θ0) / ρ`` is the variance
    of Y for an organisation "in control". Here:

    - Y is the log relative likelihood, whose sampling distribution is close to normal (the scale of
      Katz's interval), and the target is parity, θ0 = log 1 = 0.
    - ρ = N, the organisation's size: shortlisted applicants (indicator 2) or staff headcount (3 and 4),
      White and BME together (the indicator's two denominators).
    - Under parity both groups share one rate π, estimated by the pooled rate of all organisations in the
      funnel (cases ÷ denominators, White and BME together). By the delta method
      ``Var(log p̂) = (1 − π) / (n π)`` for each group, so
      ``Var(Y) = (1 − π)/π × (1/n_White + 1/n_BME)``.
    - Splitting N by the pooled BME share φ of the denominators, ``n_BME = φN`` and
      ``n_White = (1 − φ)N``, gives ``1/n_White + 1/n_BME = 1 / (φ(1 − φ)N)``, hence

      ``g = (1 − π) / (π φ (1 − φ))``, ``SE(N) = sqrt(g / N)``, limits ``exp(± z · SE(N))``

      with z = 1.96 (95%) and z = 3.09 (99.8%).

    Why N and the pooled φ rather than each organisation's own split: the funnel needs one x-axis that a
    reader understands (how many applicants or staff) and limits that are a smooth function of it, so the
    same N always gives the same limits. The cost is that an organisation whose BME share differs much from
    φ has a true standard error a little different from the funnel's (smaller when its split is nearer
    half-and-half, larger when its BME share is small); its own 95% interval, in the league table, shows it.
    The limits are not widened for over-dispersion (Spiegelhalter's section 5): parity is a standard, not
    the average of organisations, and widening would absorb a systematic inequity into the limits.

    Attributes
    ----------
    pooled_rate : float
        π, the pooled rate of the outcome (0 < π < 1).
    bme_share : float
        φ, the BME share of the pooled denominators (0 < φ < 1).
    target : float
        The centre line, parity (1.0).

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
    2005;24:1185-1202.

    Examples
    --------
    π = 0.2, φ = 0.25, N = 400: g = 0.8 / (0.2 × 0.25 × 0.75) = 21.33, SE = sqrt(21.33 / 400) = 0.2309,
    and the upper 95% limit is exp(1.96 × 0.2309) = 1.57.

    >>> f = FunnelLimits(pooled_rate=0.2, bme_share=0.25)
    >>> round(f.g, 2), round(f.se(400), 4), round(f.limits(400, Z_95)[1], 2)
    (21.33, 0.2309, 1.57)
    """

    pooled_rate: float
    bme_share: float
    target: float = 1.0

    def __post_init__(self) -> None:
        for name in ("pooled_rate", "bme_share"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0.0 < float(value) < 1.0):
                raise ValueError(f"{name} must be strictly between 0 and 1, got {value!r}")

    @property
    def g(self) -> float:
        """``(1 − π) / (π φ (1 − φ))``: N times the variance of the log relative likelihood at parity."""
        pi, phi = self.pooled_rate, self.bme_share
        return (1.0 - pi) / (pi * phi * (1.0 - phi))

    def se(self, n: float) -> float:
        """Standard error of the log relative likelihood of an organisation of size ``n`` at parity."""
        if not n > 0:
            raise ValueError(f"the size n must be positive, got {n!r}")
        return math.sqrt(self.g / float(n))

    def limits(self, n: float, z: float) -> tuple[float, float]:
        """Lower and upper control limits (ratio scale) at size ``n`` for the normal quantile ``z``."""
        half = z * self.se(n)
        centre = math.log(self.target)
        return math.exp(centre - half), math.exp(centre + half)

    @classmethod
    def from_measures(cls, measures: Iterable[RelativeLikelihood], number: int) -> FunnelLimits | None:
        """Limits from the summed counts of the organisations' measures; None when π or φ is 0 or 1."""
        items = list(measures)
        cases = sum(m.a_cases + m.b_cases for m in items)
        total = sum(m.a_total + m.b_total for m in items)
        # BME is the denominator group b of indicators 2 and 4 and the numerator group a of indicator 3.
        bme = sum((m.a_total if m.a_label == "BME" else m.b_total) for m in items)
        if total == 0 or not 0 < cases < total or not 0 < bme < total:
            return None
        return cls(pooled_rate=cases / total, bme_share=bme / total)


def funnel_flag(value: float | None, n: float | None, limits: FunnelLimits | None) -> str:
    """Where a relative likelihood lies against the funnel's control limits at its size.

    Returns one of ``ABOVE_998``, ``ABOVE_95``, ``WITHIN``, ``BELOW_95``, ``BELOW_998``, or ``NOT_ASSESSED``
    when there is no positive value, no size or no limits (a ratio of 0 has no log). A value exactly on a
    limit is within it.

    Examples
    --------
    >>> f = FunnelLimits(pooled_rate=0.2, bme_share=0.25)
    >>> [funnel_flag(v, 400, f) for v in (2.1, 1.6, 1.0, 0.6, 0.45, 0.0)]
    ['above_99.8', 'above_95', 'within', 'below_95', 'below_99.8', 'not_assessed']
    """
    if value is None or limits is None or n is None or not n > 0 or not value > 0 or not math.isfinite(value):
        return NOT_ASSESSED
    z = (math.log(value) - math.log(limits.target)) / limits.se(n)
    z = round(z, _ROUND)
    if z > Z_998:
        return ABOVE_998
    if z > Z_95:
        return ABOVE_95
    if z < -Z_998:
        return BELOW_998
    if z < -Z_95:
        return BELOW_95
    return WITHIN


@dataclass(frozen=True)
class FunnelPoint:
    """One organisation on a funnel plot: its figure, its size and where it lies against the limits."""

    ratio: OrgRatio
    flag: str

    @property
    def value(self) -> float | None:
        return self.ratio.value

    @property
    def precision(self) -> int | None:
        return self.ratio.precision


@dataclass(frozen=True)
class Funnel:
    """A funnel plot of indicator 2, 3 or 4 for one year: the limits and every organisation's point.

    ``pooled`` is the relative likelihood of the summed counts of the same organisations (drawn as a
    reference line); ``limits`` is None (with ``reason``) when the pooled rate or BME share is 0 or 1.
    """

    number: int
    year: int
    limits: FunnelLimits | None
    points: tuple[FunnelPoint, ...]
    pooled: RatioRollup
    reason: str | None = None

    def with_flag(self, *flags: str) -> list[FunnelPoint]:
        """The points with one of the given flags, highest relative likelihood first."""
        chosen = [p for p in self.points if p.flag in flags]
        return sorted(chosen, key=lambda p: (-(p.value or 0.0), p.ratio.org.code))

    @property
    def plotted(self) -> list[FunnelPoint]:
        return [p for p in self.points if p.flag != NOT_ASSESSED]

    @property
    def not_plotted(self) -> list[FunnelPoint]:
        return [p for p in self.points if p.flag == NOT_ASSESSED]


def build_funnel(ratios: Sequence[OrgRatio], number: int, year: int) -> Funnel:
    """The funnel plot of one indicator from the organisations' figures (limits from their pooled rates).

    Every organisation with counts contributes to the pooled rate π and BME share φ; each organisation with
    a positive relative likelihood and a size is flagged against the limits at its size.

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
    2005;24:1185-1202.
    """
    measures = [r.measure for r in ratios if r.measure is not None]
    limits = FunnelLimits.from_measures(measures, number)
    reason = None
    if limits is None:
        reason = ("no control limits: the pooled rate or the BME share of the denominators is 0 or 100% "
                  "(or there are no counts)")
    points = tuple(FunnelPoint(r, funnel_flag(r.value, r.precision, limits)) for r in ratios)
    pooled = _rollup_ratio(number, [RelativeLikelihoodIndicator(number, OK, None, m) for m in measures])
    return Funnel(number, year, limits, points, pooled, reason)


# --------------------------------------------------------------------------------------------------
# League tables and peer position
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeagueRow:
    """One organisation in a league table of indicator 2, 3 or 4.

    Attributes
    ----------
    rank : int or None
        Position by relative likelihood, **1 = the highest** (for all of 2, 3 and 4 the most adverse to
        BME staff); ties share the better rank (1, 2, 2, 4). None when not calculable (listed last).
    parity_rank : int or None
        Position by distance from parity, ``|log RL|``, **1 = the closest to parity** (0.5 and 2.0 are
        equally far). Ties share the better rank. None for a ratio of 0, which has no log.
    point : FunnelPoint
        The organisation's figure and funnel flag.
    """

    rank: int | None
    parity_rank: int | None
    point: FunnelPoint

    @property
    def ratio(self) -> OrgRatio:
        return self.point.ratio

    @property
    def flag(self) -> str:
        return self.point.flag


def _distance(value: float) -> float:
    return round(abs(math.log(value)), _ROUND)


def _competition_ranks(keys: Sequence[float]) -> list[int]:
    """Standard competition ranks of ascending keys: 1 + the number of strictly smaller keys."""
    return [1 + sum(1 for other in keys if other < k) for k in keys]


def league_table(funnel: Funnel) -> tuple[LeagueRow, ...]:
    """Organisations ranked by relative likelihood, highest first, with the rank by closeness to parity.

    Organisations without a value follow, unranked, in code order.

    Examples
    --------
    >>> org = lambda code: Organisation(code, code, "ICB", "R")
    >>> from wreslib.legacy.measures.stats import relative_likelihood
    >>> ratios = [OrgRatio(org(c), 2, 2024, "ok", None, relative_likelihood(*k)) for c, k in
    ...           (("A", (20, 100, 10, 100)), ("B", (10, 100, 20, 100)), ("C", (11, 100, 10, 100)))]
    >>> rows = league_table(build_funnel(ratios, 2, 2024))
    >>> [(r.ratio.org.code, r.rank, r.parity_rank) for r in rows]
    [('A', 1, 2), ('C', 2, 1), ('B', 3, 2)]
    """
    valued = [p for p in funnel.points if p.value is not None]
    rest = sorted((p for p in funnel.points if p.value is None), key=lambda p: p.ratio.org.code)
    ranks = _competition_ranks([-round(p.value, _ROUND) for p in valued])
    positive = [p for p in valued if p.value > 0]
    parity = dict(zip((p.ratio.org.code for p in positive),
                      _competition_ranks([_distance(p.value) for p in positive]), strict=True))
    rows = [LeagueRow(r, parity.get(p.ratio.org.code), p) for r, p in zip(ranks, valued, strict=True)]
    rows.sort(key=lambda row: (row.rank, row.ratio.org.code))
    return tuple(rows) + tuple(LeagueRow(None, None, p) for p in rest)


@dataclass(frozen=True)
class PeerPosition:
    """Where one organisation stands among organisations of its own type, for indicator 2, 3 or 4.

    Attributes
    ----------
    org_code, org_type : str
    number, year : int
    value, ci_low, ci_high : float or None
        The organisation's relative likelihood and its 95% interval.
    rank : int or None
        Rank by closeness to parity among the ``n`` organisations of this type with a positive value:
        **1 = the closest to parity** (``|log RL|`` smallest). None when this organisation's value is not
        calculable or is 0 (no distance from parity on the log scale), with ``reason``.
    n : int
        Organisations of this type with a positive value, this one included when it has one.
    flag : str
        Its place on the funnel plot of organisations of this type (``FLAG_TEXT`` says it in words).
    funnel : Funnel
        That funnel plot (limits from the pooled rates of organisations of this type).
    reason : str or None
        Why there is no rank, when there is none.
    """

    org_code: str
    org_type: str
    number: int
    year: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    rank: int | None
    n: int
    flag: str
    funnel: Funnel
    reason: str | None = None


# The peer position is asked for three times in each report, and a batch worker renders many reports of
# one dataset: compute each year's indicators 2-4 of every organisation once per dataset checksum.
_RATIO_CACHE: OrderedDict[tuple[str, int], tuple[list[Organisation], dict[int, list[OrgRatio]]]] = OrderedDict()
_SET_CACHE: OrderedDict[tuple[str, int], tuple[list[Organisation], list[Exclusion], dict[str, IndicatorSet]]] = (
    OrderedDict())
_CACHE_SIZE = 8


def _year_ratios(data: Dataset, year: int) -> tuple[list[Organisation], dict[int, list[OrgRatio]]]:
    """Indicators 2-4 of every organisation that can be computed for ``year`` (cached by data checksum)."""

    def make() -> tuple[list[Organisation], dict[int, list[OrgRatio]]]:
        from wreslib.legacy.measures import indicators

        if (data.checksum, year) in _SET_CACHE:
            orgs, _, sets = _SET_CACHE[(data.checksum, year)]
            return orgs, {n: [_ratio_from(o, year, n, sets[o.code].indicators.get(n)) for o in orgs]
                          for n in RATIO_NUMBERS}
        orgs, _ = _organisations(data, year)
        # The same functions compute_indicators calls, without the parts a peer position does not need.
        functions = {2: indicators.indicator_2, 3: indicators.indicator_3, 4: indicators.indicator_4}
        return orgs, {n: [_ratio_from(o, year, n, functions[n](data, o.code, year)) for o in orgs]
                      for n in RATIO_NUMBERS}

    return remember(_RATIO_CACHE, (data.checksum, year), make, _CACHE_SIZE)


def _check_number(number: object) -> int:
    if isinstance(number, bool) or number not in RATIO_NUMBERS:
        raise ValueError(f"number must be 2, 3 or 4 (the relative-likelihood indicators), got {number!r}")
    return int(number)  # type: ignore[arg-type]


def peer_position(data: Dataset | str | Path, org_code: str, year: int, number: int) -> PeerPosition | None:
    """One organisation's place among the organisations of its own type for indicator 2, 3 or 4.

    Parameters
    ----------
    data : Dataset, str or Path
        The dataset (or data folder) holding the organisation and its peers.
    org_code : str
    year : int
    number : int
        2, 3 or 4.

    Returns
    -------
    PeerPosition or None
        None when fewer than ``MIN_PEERS`` (3) other organisations of the same type have a positive relative
        likelihood for that year, or the organisation cannot be computed. ``rank`` is the position by
        closeness to parity (1 = closest) among the ``n`` organisations of the type with a positive value;
        ``flag`` places it on the funnel plot of those organisations.

    Raises
    ------
    ValueError
        If ``number`` is not 2, 3 or 4.

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
    2005;24:1185-1202.

    Examples
    --------
    The bundled example holds one ICB only, so it has no peers:

    >>> from pathlib import Path
    >>> peer_position(Path(__file__).parents[3] / "data" / "example", "QHG", 2024, 2) is None
    True
    """
    from wreslib.data.read import Dataset, read_data

    number = _check_number(number)
    if not isinstance(data, Dataset):
        data = read_data(data)
    code = str(org_code).strip().upper()
    year = _check_year(year)
    orgs, ratios = _year_ratios(data, year)
    me = next((o for o in orgs if o.code == code), None)
    if me is None:
        return None
    same = [r for r in ratios[number] if r.org.org_type == me.org_type]
    mine = next(r for r in same if r.org.code == code)
    # A ratio of 0 (no cases in the numerator group) has no distance from parity on the log scale: unranked.
    others = [r for r in same if r.org.code != code and r.value]
    if len(others) < MIN_PEERS:
        return None
    funnel = build_funnel(same, number, year)
    flag = next(p.flag for p in funnel.points if p.ratio.org.code == code)
    m = mine.measure
    if not mine.value:
        if mine.value == 0:
            reason = m.reason.split(":")[0] if m is not None and m.reason else "no cases"
        else:
            reason = mine.reason or "the relative likelihood could not be calculated"
        return PeerPosition(code, me.org_type, number, year, mine.value, None, None, None, len(others), flag, funnel,
                            reason=reason)
    distance = _distance(mine.value)
    rank = 1 + sum(1 for r in others if _distance(r.value) < distance)
    return PeerPosition(code, me.org_type, number, year, mine.value, m.ci_low if m else None,
                        m.ci_high if m else None, rank, len(others) + 1, flag, funnel)


# --------------------------------------------------------------------------------------------------
# Survey gaps across organisations
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapDistribution:
    """How the BME minus White gap of one survey indicator spreads across organisations (percentage points).

    Organisations with a group under 11 respondents are left out (``n_excluded``), as the survey
    suppresses them. Quartiles use the inclusive method (``statistics.quantiles``).
    """

    number: int
    survey_year: int
    n_orgs: int
    n_excluded: int
    low: float | None
    q1: float | None
    median: float | None
    q3: float | None
    high: float | None
    n_bme_worse: int
    n_bme_worse_significant: int
    n_bme_better_significant: int


def gap_distribution(items: Sequence[OrgSurvey], number: int, survey_year: int) -> GapDistribution:
    """Summarise the organisations' BME minus White gaps of one survey indicator.

    Examples
    --------
    >>> from wreslib.legacy.measures.stats import compare_percentages
    >>> org = lambda code: Organisation(code, code, "ICB", "R")
    >>> items = [OrgSurvey(org(c), 6, 2023, "ok", None, compare_percentages(w, 200, b, 100))
    ...          for c, w, b in (("A", 15.0, 20.0), ("B", 15.0, 25.0), ("C", 20.0, 19.0))]
    >>> d = gap_distribution(items, 6, 2023)
    >>> d.n_orgs, d.low, d.median, d.high, d.n_bme_worse
    (3, -1.0, 5.0, 10.0, 2)
    """
    shown = [i for i in items if i.gap_pp is not None]
    values = sorted(i.gap_pp for i in shown)
    n_excluded = sum(1 for i in items if i.gap is not None and i.gap_pp is None)
    q1 = median = q3 = None
    if values:
        median = statistics.median(values)
        if len(values) >= 2:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = q3 = values[0]
    worse_sig = sum(1 for i in shown if i.bme_worse and i.gap is not None and i.gap.significant)
    better_sig = sum(1 for i in shown if i.bme_worse is False and i.gap_pp != 0 and i.gap is not None
                     and i.gap.significant)
    return GapDistribution(
        number=number, survey_year=survey_year, n_orgs=len(values), n_excluded=n_excluded,
        low=values[0] if values else None, q1=q1, median=median, q3=q3, high=values[-1] if values else None,
        n_bme_worse=sum(1 for i in shown if i.bme_worse), n_bme_worse_significant=worse_sig,
        n_bme_better_significant=better_sig,
    )


# --------------------------------------------------------------------------------------------------
# The whole benchmark
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """Every organisation of a dataset compared, for one year.

    Attributes
    ----------
    year : int
    group_by : str
        ``"region"`` or ``"org_type"``: how the roll-ups are grouped.
    organisations : tuple of Organisation
        Those included (their data has no fault and holds the year), in file order.
    excluded : tuple of Exclusion
        Those left out, with the reason.
    national : Rollup
        Every included organisation pooled.
    groups : tuple of Rollup
        One per region (or type), by name.
    funnels : dict
        2, 3, 4 -> Funnel of every included organisation.
    leagues : dict
        2, 3, 4 -> league table rows.
    surveys : dict
        5-8 -> per-organisation gaps.
    distributions : dict
        5-8 -> GapDistribution.
    boards : tuple of OrgBoard
    trends : tuple of Rollup
        National and group roll-ups of every year in the data up to ``year`` (oldest first), each year
        pooling the organisations that can be computed for it.
    data_checksum, wreslib_version, source : str
        Provenance.
    synthetic : bool
        True when any organisation is marked synthetic.
    """

    year: int
    group_by: str
    organisations: tuple[Organisation, ...]
    excluded: tuple[Exclusion, ...]
    national: Rollup
    groups: tuple[Rollup, ...]
    funnels: dict[int, Funnel]
    leagues: dict[int, tuple[LeagueRow, ...]]
    surveys: dict[int, tuple[OrgSurvey, ...]]
    distributions: dict[int, GapDistribution]
    boards: tuple[OrgBoard, ...]
    trends: tuple[Rollup, ...]
    data_checksum: str = ""
    wreslib_version: str = ""
    source: str = ""
    synthetic: bool = False
    files: tuple[str, ...] = field(default=())

    @property
    def trend_years(self) -> list[int]:
        return sorted({r.year for r in self.trends})

    def trend(self, name: str) -> list[Rollup]:
        """The roll-ups of one group (or ``NATIONAL``) over the years, oldest first."""
        return [r for r in self.trends if r.name == name]

    def organisation(self, code: str) -> Organisation:
        return next(o for o in self.organisations if o.code == code)


def _year_sets(data: Dataset, year: int) -> tuple[list[Organisation], list[Exclusion], dict[str, IndicatorSet]]:
    def make() -> tuple[list[Organisation], list[Exclusion], dict[str, IndicatorSet]]:
        from wreslib.legacy.measures.indicators import compute_indicators

        orgs, excluded = _organisations(data, year)
        return orgs, excluded, {o.code: compute_indicators(data, o.code, year) for o in orgs}

    return remember(_SET_CACHE, (data.checksum, year), make, _CACHE_SIZE)


def _group_rollups(orgs: Sequence[Organisation], sets: dict[str, IndicatorSet], group_by: str) -> list[Rollup]:
    names = sorted({o.group(group_by) for o in orgs})
    return [rollup([sets[o.code] for o in orgs if o.group(group_by) == name], name=name, group_by=group_by)
            for name in names]


def compute_benchmark(data: Dataset | str | Path, year: int, *, group_by: str = "region") -> Benchmark:
    """Compare every organisation of a dataset for one year: roll-ups, funnels, league tables, gaps, trends.

    Organisations whose data has faults, or that lack the year, are left out and listed in ``excluded``.

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset from ``read_data`` or the path of a data folder.
    year : int
        WRES year.
    group_by : {"region", "org_type"}
        How the roll-ups are grouped.

    Returns
    -------
    Benchmark

    Raises
    ------
    DataError
        When ``group_by`` is not one of ``GROUP_BY``, the folder cannot be read, a fault affects every
        organisation, or no organisation can be computed for ``year``.

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
    2005;24:1185-1202. NHS England, WRES technical guidance.

    Examples
    --------
    >>> from pathlib import Path
    >>> b = compute_benchmark(Path(__file__).parents[3] / "data" / "example", 2024)
    >>> [o.code for o in b.organisations], b.national.n_orgs, round(b.national.ratios[2].value, 2)
    (['QHG'], 1, 3.44)
    """
    import wreslib
    from wreslib.data.read import Dataset, read_data

    group_by = _check_group_by(group_by)
    year = _check_year(year)
    if not isinstance(data, Dataset):
        data = read_data(data)
    shared = [f for f in data.faults if f.org_code is None]
    if shared:
        raise DataError(shared, heading="The data has problems that affect every organisation; correct them "
                        "and run again")
    orgs, excluded, sets = _year_sets(data, year)
    if not orgs:
        present = sorted({y for code in data.org_codes for y in data.years(code)})
        detail = [Fault("workforce.csv", f"no organisation can be benchmarked for {year}: the years present are "
                        f"{', '.join(map(str, present)) or 'none'}")] + [
            Fault("(organisation)", f"{e.org_code}: {e.reason}", org_code=e.org_code) for e in excluded]
        raise DataError(detail, heading=f"No organisation can be benchmarked for {year}")

    ordered = [sets[o.code] for o in orgs]
    national = rollup(ordered, name=NATIONAL, group_by="national")
    groups = _group_rollups(orgs, sets, group_by)
    funnels = {n: build_funnel([_ratio_from(o, year, n, sets[o.code].indicators.get(n)) for o in orgs], n, year)
               for n in RATIO_NUMBERS}
    leagues = {n: league_table(f) for n, f in funnels.items()}
    surveys: dict[int, tuple[OrgSurvey, ...]] = {}
    distributions: dict[int, GapDistribution] = {}
    for n in (5, 6, 7, 8):
        items = []
        for o in orgs:
            ind = sets[o.code].indicators.get(n)
            if isinstance(ind, SurveyIndicator):
                items.append(OrgSurvey(o, n, ind.survey_year, ind.status, ind.reason, ind.gap))
        surveys[n] = tuple(items)
        distributions[n] = gap_distribution(items, n, year - 1)
    boards = tuple(OrgBoard(o, sets[o.code].indicators[9].voting, sets[o.code].indicators[9].executive)
                   for o in orgs if isinstance(sets[o.code].indicators.get(9), Indicator9))

    trends: list[Rollup] = []
    years = sorted({y for code in data.org_codes for y in data.years(code) if y <= year})
    for y in years:
        if y == year:
            y_orgs, y_sets = orgs, sets
        else:
            y_orgs, _, y_sets = _year_sets(data, y)
        if not y_orgs:
            continue
        trends.append(rollup([y_sets[o.code] for o in y_orgs], name=NATIONAL, group_by="national"))
        trends.extend(_group_rollups(y_orgs, y_sets, group_by))

    return Benchmark(
        year=year, group_by=group_by, organisations=tuple(orgs), excluded=tuple(excluded), national=national,
        groups=tuple(groups), funnels=funnels, leagues=leagues, surveys=surveys, distributions=distributions,
        boards=boards, trends=tuple(trends), data_checksum=data.checksum, wreslib_version=wreslib.__version__,
        source=str(data.source), synthetic=any(o.synthetic for o in orgs), files=tuple(data.files),
    )
