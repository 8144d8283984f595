"""Narrative: the sentences of a WRES report, generated from the computed results.

Every sentence is plain text (the presenter escapes it for HTML) and follows five rules that
hand-written WRES reports often break:

1. Every comparison names who is compared to whom ("White applicants were 3.44 times as likely as BME
   applicants to be appointed from shortlisting"); a ratio below 1 reads "0.81 times as likely", a
   smaller likelihood, and never "more likely".
2. Differences of percentages are "percentage points", never "%".
3. "Significant" appears only where the stored test says ``significant=True``; otherwise the text says
   "not statistically significant", or why no test was made (too few survey respondents).
4. Changes are described in the right direction: a falling percentage is an improvement for
   indicators 5, 6 and 8 but a worsening for indicator 7; a relative likelihood moving away from 1 is
   a widening disparity.
5. A value that cannot be computed is explained in words ("No White or BME staff entered the formal
   disciplinary process in 2024, so the relative likelihood cannot be calculated.").

Numbers go through :mod:`wreslib.legacy.report.fmt` (round half up). ``bme_label`` ("Global Majority", for
example) replaces "BME" in every sentence, including reasons stored with the results.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance*; the rating and trend rule is in
:mod:`wreslib.legacy.report.assess`.

Examples
--------
>>> from pathlib import Path
>>> from wreslib.legacy.measures.indicators import compute_indicators
>>> folder = Path(__file__).parents[3] / "data" / "example"
>>> sets = [compute_indicators(folder, "QHG", year) for year in (2023, 2024)]
>>> print(indicator_sentences(sets, 3)[0])  # doctest: +NORMALIZE_WHITESPACE
No White or BME staff entered the formal disciplinary process in 2024, so the relative likelihood cannot
be calculated.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from decimal import Decimal

from wreslib.data.bands import NOT_RECORDED, PUBLISHED_RANGES
from wreslib.data.ethnicity import BME, WHITE
from wreslib.legacy.measures.results import (
    HIGHER_IS_BETTER,
    OK,
    SHORT_TITLES,
    BoardMeasure,
    GroupCounts,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)
from wreslib.legacy.measures.stats import NON_ADVERSE_HIGH, NON_ADVERSE_LOW, SIGNIFICANCE_LEVEL, ProportionComparison
from wreslib.legacy.measures.stats import RelativeLikelihood as _RL
from wreslib.legacy.report import fmt
from wreslib.legacy.report.assess import (
    AMBER,
    GREEN,
    GREY,
    IMPROVING,
    LIKELIHOOD_WORDING,
    LOG_TREND_THRESHOLD,
    NO_CLEAR_CHANGE,
    PP_TREND_THRESHOLD,
    RED,
    SURVEY_QUESTIONS,
    WORSENING,
    band_words,
    board_clause,
    board_ratio,
    check_label,
    check_number,
    check_sets,
    likelihood_clause,
    likelihood_position,
    likelihood_unavailable_sentence,
    rate,
    relabel,
    senior_band_likelihood,
    survey_clause,
    survey_unavailable_sentence,
    trend,
    trend_series,
    untested_phrase,
)

__all__ = [
    "conclusion",
    "data_quality_sentences",
    "indicator_sentences",
    "key_findings",
    "summary_line",
    "workforce_profile",
]

_RANGE_TEXT = f"the non-adverse range of {fmt.ratio(NON_ADVERSE_LOW)} to {fmt.ratio(NON_ADVERSE_HIGH)}"
_RANGE_SHORT = f"{fmt.ratio(NON_ADVERSE_LOW)} to {fmt.ratio(NON_ADVERSE_HIGH)} range"
_STAFF_GROUP_WORDS = {"non-clinical": "non-clinical", "clinical": "clinical", "medical": "medical and dental"}
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncap(text: str) -> str:
    # Only the sentence-initial "No"/"There"/"In" of generated clauses; group labels keep their capitals.
    first, _, rest = text.partition(" ")
    return (first.lower() + " " + rest) if first in ("No", "There", "In", "The") else text


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _indicators(numbers_: Sequence[int]) -> str:
    noun = "indicator" if len(numbers_) == 1 else "indicators"
    return f"{noun} {_join([str(n) for n in numbers_])}"


def _diff(a: float, b: float) -> float:
    # Rounded like the stored differences, so 24.0 - 22.45 reads 1.55 and rounds half up as written.
    return round(a - b, 10)


def _signed_words(diff: float, up: str, down: str) -> str:
    """ "7.3 percentage points higher" / "4.9 percentage points lower" (magnitude, direction in words)."""
    return f"{fmt.pp(abs(diff), signed=False)} {up if diff > 0 else down}"


def _small_pp(diff: float) -> str:
    """A change under the trend threshold, with enough decimals not to read as 1.0 (−0.95 is not −1.0)."""
    dp = 1 if fmt.decimal_round(abs(diff), 1) < Decimal(repr(PP_TREND_THRESHOLD)) else 2
    return fmt.pp(diff, dp=dp)


def _indicator(result: IndicatorSet, number: int) -> object | None:
    return result.indicators.get(number)


def _p_text(p: float | None) -> str:
    return fmt.p_value(p) if p is not None else "no p-value"


def _survey_year(result: IndicatorSet, number: int) -> int:
    indicator = _indicator(result, number)
    if isinstance(indicator, SurveyIndicator) and indicator.survey_year is not None:
        return indicator.survey_year
    return result.year - 1


# --------------------------------------------------------------------------------------------------
# Relative likelihoods (indicators 1 to 4)
# --------------------------------------------------------------------------------------------------


def _interval(m: _RL) -> str:
    if m.ci_low is None or m.ci_high is None:
        return ""
    return f" (95% confidence interval {fmt.ratio(m.ci_low)} to {fmt.ratio(m.ci_high)})"


def _rates_sentence(m: _RL, number: int, label: str) -> str:
    words = LIKELIHOOD_WORDING[number]
    a = label if m.a_label == BME else m.a_label
    b = label if m.b_label == BME else m.b_label
    return (
        f"{fmt.pct(m.a_rate_pct)} of {a} {words.noun} ({fmt.count(m.a_cases)} of {fmt.count(m.a_total)}) "
        f"{words.did_outcome}, against {fmt.pct(m.b_rate_pct)} of {b} {words.noun} "
        f"({fmt.count(m.b_cases)} of {fmt.count(m.b_total)})."
    )


def _position_text(m: _RL, number: int, label: str) -> str:
    who = f"{label} {LIKELIHOOD_WORDING[number].noun}"
    position = likelihood_position(m)
    if position == "within":
        return f"within {_RANGE_TEXT}"
    if position == "above":
        return f"above {_RANGE_TEXT}, adverse to {who}"
    return f"below {_RANGE_TEXT}, in favour of {who}"


def _significance_sentence(m: _RL, number: int, label: str) -> str:
    """The stored test of a relative likelihood in words, with where the ratio sits against the range."""
    position = _position_text(m, number, label)
    p_agrees = m.p_value is not None and (m.p_value < SIGNIFICANCE_LEVEL) == bool(m.significant)
    if m.significance_basis == "confidence_interval":
        basis = "the 95% confidence interval " + ("excludes 1" if m.significant else "includes 1")
        if p_agrees:
            basis += f"; Fisher's exact test {fmt.p_value(m.p_value)}"
    else:
        basis = f"Fisher's exact test {_p_text(m.p_value)}"
    if m.significant is True:
        return f"The difference is statistically significant ({basis}), and the ratio is {position}."
    if m.significant is False:
        return f"The difference is not statistically significant ({basis}), and the ratio is {position}."
    return f"No test of statistical significance could be made; the ratio is {position}."


def _rl_value(result: IndicatorSet, number: int) -> tuple[_RL | None, str, str | None]:
    """The relative likelihood of indicator ``number`` in one year: (measure, status, reason)."""
    if number == 1:
        m = senior_band_likelihood(result)
        indicator = _indicator(result, 1)
        if not isinstance(indicator, Indicator1) or indicator.status != OK:
            return None, getattr(indicator, "status", "no_data"), getattr(indicator, "reason", None)
        if m is None:
            return None, "not_calculable", "no staff are recorded in the published band ranges"
        return m, m.status, m.reason
    indicator = _indicator(result, number)
    if not isinstance(indicator, RelativeLikelihoodIndicator):
        return None, "no_data", "the indicator is missing from the results"
    return indicator.measure, indicator.status, indicator.reason


def _rl_unavailable(result: IndicatorSet, number: int, label: str) -> str:
    m, status, reason = _rl_value(result, number)
    if number == 1:
        indicator = _indicator(result, 1)
        if not isinstance(indicator, Indicator1) or indicator.status != OK:
            why = relabel(reason or "no reason recorded", label)
            return f"There is no data for indicator 1 in {result.year}: {why}."
        if m is None:
            return (
                f"No staff were recorded in {band_words(next(iter(PUBLISHED_RANGES)))} or "
                f"{band_words(list(PUBLISHED_RANGES)[-1])} in {result.year}, so the relative likelihood of being "
                "in the senior bands cannot be calculated."
            )
    return likelihood_unavailable_sentence(status, reason, m, number, result.year, bme_label=label)


def _ok_value(m: _RL | None, status: str) -> float | None:
    if m is None or status != OK or m.status != OK or m.relative_likelihood is None:
        return None
    return m.relative_likelihood


def _rl_direction(previous: _RL, latest: _RL, since: str, label: str, noun: str) -> str:
    """'the disparity has widened since 2023' and the like (no capital, no full stop)."""
    before, now = previous.relative_likelihood, latest.relative_likelihood
    assert before is not None and now is not None
    sides = {likelihood_position(previous), likelihood_position(latest)}
    if sides == {"above", "below"}:
        side = "adverse to" if likelihood_position(latest) == "above" else "in favour of"
        return f"the disparity has reversed since {since} and is now {side} {label} {noun}"
    if before == 0 or now == 0:
        return ""
    change = abs(math.log(now)) - abs(math.log(before))
    if abs(change) < LOG_TREND_THRESHOLD:
        return f"the disparity is little changed since {since}"
    return f"the disparity has {'narrowed' if change < 0 else 'widened'} since {since}"


def _rl_history(sets: list[IndicatorSet], number: int, label: str) -> list[str]:
    latest, earlier = sets[-1], sets[:-1]
    if not earlier:
        return []
    latest_m, latest_status, _ = _rl_value(latest, number)
    latest_value = _ok_value(latest_m, latest_status)
    values = [(s.year, *_rl_value(s, number)[:2]) for s in earlier]
    shown = [(year, _ok_value(m, status), m) for year, m, status in values]
    years_missing = [str(year) for year, value, _ in shown if value is None]
    sentences = []
    if all(value is None for _, value, _ in shown):
        either = " either" if latest_value is None else ""
        sentences.append(f"The relative likelihood could not be calculated in {_join(years_missing, 'or')}{either}.")
        return sentences
    if not years_missing:
        sentences.append(f"The relative likelihood was {_join([f'{fmt.ratio(v)} in {y}' for y, v, _ in shown])}.")
    else:
        parts = [
            f"was {fmt.ratio(value)} in {year}" if value is not None else f"could not be calculated in {year}"
            for year, value, _ in shown
        ]
        sentences.append(f"The relative likelihood {_join(parts)}.")
    previous = next(((year, m) for year, value, m in reversed(shown) if value is not None), None)
    if latest_value is not None and previous is not None and latest_m is not None:
        direction = _rl_direction(previous[1], latest_m, str(previous[0]), label, LIKELIHOOD_WORDING[number].noun)
        if direction:
            sentences.append(_cap(direction) + ".")
    return sentences


def _unknown_sentence(indicator: RelativeLikelihoodIndicator) -> str | None:
    words = LIKELIHOOD_WORDING[indicator.number]
    if not indicator.unknown_total:
        return None
    head = f"{_cap(words.noun)} of unknown ethnicity are left out of the ratio: {fmt.count(indicator.unknown_total)} "
    head += words.denominator
    if indicator.unknown_cases is None:
        return f"{head}, and the data does not say how many of them {words.did_outcome}."
    cases = "none" if indicator.unknown_cases == 0 else fmt.count(indicator.unknown_cases)
    return f"{head}, of whom {cases} {words.did_outcome}."


def _likelihood_sentences(sets: list[IndicatorSet], number: int, label: str) -> list[str]:
    latest = sets[-1]
    m, status, _ = _rl_value(latest, number)
    sentences = []
    if _ok_value(m, status) is None and not (m is not None and m.status == OK and m.relative_likelihood == 0):
        sentences.append(_rl_unavailable(latest, number, label))
        if m is not None and m.b_cases == 0 and m.a_cases > 0 and m.p_value is not None:
            sentences.append(
                f"Fisher's exact test of the difference between the groups gives {fmt.p_value(m.p_value)}."
            )
    else:
        assert m is not None
        clause = likelihood_clause(m, number, year=latest.year, bme_label=label)
        if number == 1:
            clause = f"Of staff in {band_words(next(iter(PUBLISHED_RANGES)))} and " + (
                f"{band_words(list(PUBLISHED_RANGES)[-1])}, {_uncap(clause)}"
            )
        sentences.append(f"{clause}{_interval(m)}.")
        if m.relative_likelihood != 0:
            sentences.append(_rates_sentence(m, number, label))
        sentences.append(_significance_sentence(m, number, label))
    indicator = _indicator(latest, number)
    if isinstance(indicator, RelativeLikelihoodIndicator):
        unknown = _unknown_sentence(indicator)
        if unknown:
            sentences.append(unknown)
    sentences += _rl_history(sets, number, label)
    return sentences


# --------------------------------------------------------------------------------------------------
# Indicator 1: workforce by band
# --------------------------------------------------------------------------------------------------


def _latest_ok_1(sets: list[IndicatorSet]) -> tuple[IndicatorSet | None, Indicator1 | None]:
    for result in reversed(sets):
        indicator = _indicator(result, 1)
        if isinstance(indicator, Indicator1) and indicator.status == OK:
            return result, indicator
    return None, None


def _range_rows(indicator: Indicator1, staff_group: str) -> dict[str, GroupCounts]:
    return {row.label: row for row in indicator.by_published_range if row.staff_group == staff_group}


def _share_change(now: GroupCounts, before: GroupCounts | None, before_year: int | None) -> str:
    if before is None or before.bme_pct is None or now.bme_pct is None:
        return ""
    diff = _diff(now.bme_pct, before.bme_pct)
    if fmt.decimal_round(diff, 1) == 0:
        return f", about the same as in {before_year} ({fmt.pct(before.bme_pct)})"
    direction = "up" if diff > 0 else "down"
    return f", {direction} {fmt.pp(abs(diff), signed=False)} from {fmt.pct(before.bme_pct)} in {before_year}"


def _indicator1_sentences(sets: list[IndicatorSet], label: str) -> list[str]:
    latest = sets[-1]
    indicator = _indicator(latest, 1)
    if not isinstance(indicator, Indicator1) or indicator.status != OK or indicator.overall is None:
        reason = relabel(getattr(indicator, "reason", None) or "no reason recorded", label)
        return [f"There is no data for indicator 1 in {latest.year}: {reason}."]
    previous_set, previous = _latest_ok_1(sets[:-1])
    before_year = previous_set.year if previous_set else None
    overall = indicator.overall
    sentences = [
        f"At 31 March {latest.year}, {fmt.pct(overall.bme_pct)} of the workforce were {label} "
        f"({fmt.count(overall.bme)} of {fmt.count(overall.total)} staff)."
    ]
    rows = _range_rows(indicator, "all")
    rows_before = _range_rows(previous, "all") if previous else {}
    for name in PUBLISHED_RANGES:
        row = rows.get(name)
        if row is None or row.bme_pct is None:
            continue
        sentences.append(
            f"{_cap(label)} staff made up {fmt.pct(row.bme_pct)} of {band_words(name)} "
            f"({fmt.count(row.bme)} of {fmt.count(row.total)}){_share_change(row, rows_before.get(name), before_year)}."
        )
    groups = [g.staff_group for g in indicator.by_staff_group if g.staff_group in _STAFF_GROUP_WORDS]
    for group in groups:
        group_rows = _range_rows(indicator, group)
        group_rows_before = _range_rows(previous, group) if previous else {}
        words = _STAFF_GROUP_WORDS[group]
        shares = [(name, row) for name, row in group_rows.items() if row.bme_pct is not None]
        if not shares:
            total = next(g for g in indicator.by_staff_group if g.staff_group == group)
            if total.bme_pct is not None:
                sentences.append(
                    f"Among {words} staff, {fmt.pct(total.bme_pct)} were {label} "
                    f"({fmt.count(total.bme)} of {fmt.count(total.total)})."
                )
            continue
        listed = _join([f"{fmt.pct(row.bme_pct)} of {band_words(name)} ({fmt.count(row.bme)} of {fmt.count(row.total)})"
                        for name, row in shares])
        sentence = f"Among {words} staff, {listed} {'was' if len(shares) == 1 else 'were'} {label}"
        before = [group_rows_before.get(name) for name, _ in shares]
        if previous and all(b is not None and b.bme_pct is not None for b in before):
            sentence += f", compared with {_join([fmt.pct(b.bme_pct) for b in before if b])} in {before_year}"
        sentences.append(sentence + ".")
    sentences += _likelihood_sentences(sets, 1, label)
    not_recorded = sum(row.total for row in indicator.by_band if row.label == NOT_RECORDED)
    if not_recorded:
        staff = "member of staff has" if not_recorded == 1 else "staff have"
        sentences.append(f"{fmt.count(not_recorded)} {staff} no recorded band and are left out of the band figures.")
    return sentences


# --------------------------------------------------------------------------------------------------
# Survey indicators (5 to 8)
# --------------------------------------------------------------------------------------------------


def _test_sentence(gap: ProportionComparison, label: str) -> str:
    if not gap.tested:
        return _cap(untested_phrase(gap, label)) + "."
    who = f"With {fmt.count(gap.b_n)} {label} and {fmt.count(gap.a_n)} White respondents"
    if gap.significant is True:
        return f"{who}, the difference is statistically significant ({fmt.p_value(gap.p_value)})."
    if gap.significant is False:
        return f"{who}, the difference is not statistically significant ({fmt.p_value(gap.p_value)})."
    return f"{who}, the difference could not be tested."


def _change_sentence(change: ProportionComparison, number: int, group: str, previous_year: int) -> str:
    diff = change.difference_pp
    assert diff is not None
    if abs(diff) < PP_TREND_THRESHOLD:
        head = (
            f"Among {group} respondents, the figure was little changed from {fmt.pct(change.a_pct)} in the "
            f"{previous_year} survey ({_small_pp(diff)})"
        )
    else:
        better = (diff > 0) == HIGHER_IS_BETTER[number]
        head = (
            f"Among {group} respondents, the figure {'rose' if diff > 0 else 'fell'} by "
            f"{fmt.pp(abs(diff), signed=False)} from {fmt.pct(change.a_pct)} in the {previous_year} survey, "
            f"{'an improvement' if better else 'a worsening'}"
        )
    if not change.tested:
        return f"{head}; there were too few respondents in one of the years to test the change."
    if change.significant is True:
        return f"{head}; the change is statistically significant ({fmt.p_value(change.p_value)})."
    if change.significant is False:
        return f"{head}; the change is not statistically significant ({fmt.p_value(change.p_value)})."
    return f"{head}; the change could not be tested."


_TREND_WORDS = {IMPROVING: "an improvement", WORSENING: "a worsening", NO_CLEAR_CHANGE: "no clear change"}


def _survey_span_sentence(sets: list[IndicatorSet], number: int, label: str) -> str | None:
    points = trend_series(sets, number)
    latest = sets[-1]
    indicator = _indicator(latest, number)
    previous_year = indicator.previous_survey_year if isinstance(indicator, SurveyIndicator) else None
    if len(points) < 2 or points[-1][0] != latest.year:
        return None
    first_set = next(s for s in sets if s.year == points[0][0])
    first_survey = _survey_year(first_set, number)
    if previous_year is not None and first_survey >= previous_year:
        return None  # the change sentence already covers it
    return (
        f"Across the {first_survey} to {_survey_year(latest, number)} surveys the {label} figure moved from "
        f"{fmt.pct(points[0][1])} to {fmt.pct(points[-1][1])}, {_TREND_WORDS[trend(sets, number)]}."
    )


def _benchmark_sentence(indicator: SurveyIndicator, label: str) -> str:
    if indicator.benchmark is None or indicator.benchmark_bme_pct is None or indicator.bme_vs_benchmark_pp is None:
        return f"No benchmark is available for the {indicator.survey_year} survey."
    diff = indicator.bme_vs_benchmark_pp
    where = "the same as" if diff == 0 else _signed_words(diff, "above", "below")
    return f"The {label} figure is {where} the {indicator.benchmark} ({fmt.pct(indicator.benchmark_bme_pct)})."


def _survey_gap_known(indicator: object) -> bool:
    """True when a survey indicator has both groups' percentages, so its gap can be described."""
    return (isinstance(indicator, SurveyIndicator) and indicator.status == OK and indicator.gap is not None
            and indicator.gap.difference_pp is not None)


def _survey_sentences(sets: list[IndicatorSet], number: int, label: str) -> list[str]:
    latest = sets[-1]
    indicator = _indicator(latest, number)
    if not _survey_gap_known(indicator):
        sentences = []
        if isinstance(indicator, SurveyIndicator) and indicator.bme_pct is not None:
            sentences.append(
                f"In the {indicator.survey_year} NHS Staff Survey, {fmt.pct(indicator.bme_pct)} of {label} "
                f"respondents {SURVEY_QUESTIONS[number]}."
            )
        sentences.append(
            survey_unavailable_sentence(
                indicator if isinstance(indicator, SurveyIndicator) else None, latest.year, bme_label=label
            )
        )
        return sentences
    sentences = [survey_clause(indicator, bme_label=label) + ".", _test_sentence(indicator.gap, label)]
    if indicator.previous_survey_year is not None:
        for group, change in ((label, indicator.bme_change), (WHITE, indicator.white_change)):
            if change is not None and change.difference_pp is not None:
                sentences.append(_change_sentence(change, number, group, indicator.previous_survey_year))
    span = _survey_span_sentence(sets, number, label)
    if span:
        sentences.append(span)
    sentences.append(_benchmark_sentence(indicator, label))
    return sentences


# --------------------------------------------------------------------------------------------------
# Indicator 9: board
# --------------------------------------------------------------------------------------------------


def _board_gap(measure: BoardMeasure) -> str:
    diff = measure.difference_pp
    assert diff is not None
    return "the same" if diff == 0 else _signed_words(diff, "higher", "lower")


def _board_history(sets: list[IndicatorSet], label: str) -> list[str]:
    latest = sets[-1]
    now = _voting(latest)
    previous = next(
        ((s.year, _voting(s)) for s in reversed(sets[:-1]) if _voting(s) is not None and _voting(s).status == OK),
        None,
    )
    if previous is None or now is None or now.status != OK:
        return []
    year, before = previous
    assert before is not None and before.difference_pp is not None and now.difference_pp is not None
    sentences = [_cap(f"{board_clause(before, year, bme_label=label)} ({fmt.pp(before.difference_pp)}).")]
    deficit_before, deficit_now = max(0.0, -before.difference_pp), max(0.0, -now.difference_pp)
    change = _diff(deficit_now, deficit_before)
    if deficit_before == 0 and deficit_now == 0:
        sentences.append(f"The board's {label} share was at or above the workforce's in both {year} and {latest.year}.")
    elif change <= -PP_TREND_THRESHOLD:
        sentences.append(f"The board's shortfall against the workforce has narrowed since {year}.")
    elif change >= PP_TREND_THRESHOLD:
        if deficit_before == 0:
            sentences.append(f"The board's {label} share has fallen below the workforce's since {year}.")
        else:
            sentences.append(f"The board's shortfall against the workforce has widened since {year}.")
    else:
        sentences.append(f"The gap between the board and the workforce is little changed since {year}.")
    return sentences


def _voting(result: IndicatorSet) -> BoardMeasure | None:
    indicator = _indicator(result, 9)
    return indicator.voting if isinstance(indicator, Indicator9) else None


def _board_sentences(sets: list[IndicatorSet], label: str) -> list[str]:
    latest = sets[-1]
    indicator = _indicator(latest, 9)
    if not isinstance(indicator, Indicator9):
        return [f"There is no board data for {latest.year}."]
    sentences = []
    for measure in (indicator.voting, indicator.executive):
        if measure.status != OK or measure.board is None or measure.difference_pp is None:
            why = relabel(measure.reason or "no reason recorded", label)
            sentences.append(
                f"{_cap(measure.membership)} membership cannot be compared with the workforce for {latest.year}: {why}."
            )
            continue
        sentences.append(f"{board_clause(measure, latest.year, bme_label=label)}: {_board_gap(measure)}.")
        ratio = board_ratio(measure)
        if ratio is not None:
            sentences.append(
                f"The board's {label} share of {measure.membership} members is {fmt.ratio(ratio)} times "
                "the workforce's."
            )
        if measure.board.unknown:
            sentences.append(
                f"The ethnicity of {fmt.count(measure.board.unknown)} of the {fmt.count(measure.board.total)} "
                f"{measure.membership} members is not recorded; they count in the board's denominator."
            )
        if measure is indicator.voting:
            sentences += _board_history(sets, label)
    return sentences


# --------------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------------


def indicator_sentences(sets: Sequence[IndicatorSet], number: int, *, bme_label: str = BME) -> list[str]:
    """"What the data is telling us" about one indicator: the latest year, and change since earlier years.

    Parameters
    ----------
    sets : list of IndicatorSet
        One organisation's results, one per year, oldest first (sorted by year here in any case).
    number : int
        Indicator number, 1 to 9.
    bme_label : str, optional
        The label used for BME staff in every sentence ("Global Majority", for example).

    Returns
    -------
    list of str
        Plain-text sentences, each ending with a full stop.

    Raises
    ------
    ValueError
        If ``sets`` is empty, mixes organisations or repeats a year, or ``number`` is not 1-9.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> folder = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(folder, "QHG", year) for year in (2023, 2024)]
    >>> indicator_sentences(sets, 2)[0]  # doctest: +NORMALIZE_WHITESPACE
    'White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024
    (95% confidence interval 1.73 to 6.85).'
    """
    ordered = check_sets(sets)
    number = check_number(number)
    label = check_label(bme_label)
    if number == 1:
        return _indicator1_sentences(ordered, label)
    if number in (2, 3, 4):
        return _likelihood_sentences(ordered, number, label)
    if number in (5, 6, 7, 8):
        return _survey_sentences(ordered, number, label)
    return _board_sentences(ordered, label)


def _rl_summary(sets: list[IndicatorSet], number: int, label: str) -> str:
    latest = sets[-1]
    m, status, _ = _rl_value(latest, number)
    value = _ok_value(m, status)
    if m is None or m.status != OK or value is None:
        return _rl_unavailable(latest, number, label)
    clause = likelihood_clause(m, number, year=latest.year, bme_label=label)
    if m.significant is True:
        test = "statistically significant"
    elif m.significant is False:
        test = "not statistically significant"
    else:
        test = "not tested"
    position = "within" if likelihood_position(m) == "within" else "outside"
    text = f"{clause} ({test}; {position} the {_RANGE_SHORT})"
    points = trend_series(sets, number)
    if len(points) >= 2 and points[0][0] < latest.year and value > 0:
        first_year = points[0][0]
        first_m = _rl_value(next(s for s in sets if s.year == first_year), number)[0]
        assert first_m is not None
        direction = _rl_direction(first_m, m, str(first_year), label, LIKELIHOOD_WORDING[number].noun)
        if direction:
            text += f"; {direction} ({fmt.ratio(points[0][1])})"
    return text + "."


def _survey_summary(sets: list[IndicatorSet], number: int, label: str) -> str:
    latest = sets[-1]
    indicator = _indicator(latest, number)
    if not _survey_gap_known(indicator):
        return survey_unavailable_sentence(
            indicator if isinstance(indicator, SurveyIndicator) else None, latest.year, bme_label=label
        )
    gap = indicator.gap
    if not gap.tested:
        unknown = gap.a_n is None or gap.b_n is None
        test = "not tested: the number of respondents is not known" if unknown else "too few respondents to test"
    elif gap.significant is True:
        test = "statistically significant"
    elif gap.significant is False:
        test = "not statistically significant"
    else:
        test = "not tested"
    text = f"{survey_clause(indicator, bme_label=label)} ({test})"
    points = trend_series(sets, number)
    if len(points) >= 2 and points[-1][0] == latest.year:
        first_set = next(s for s in sets if s.year == points[0][0])
        text += f"; {trend(sets, number)} since the {_survey_year(first_set, number)} survey ({fmt.pct(points[0][1])})"
    return text + "."


def _board_summary(sets: list[IndicatorSet], label: str) -> str:
    latest = sets[-1]
    measure = _voting(latest)
    if measure is None or measure.status != OK or measure.difference_pp is None:
        why = relabel((measure.reason if measure else None) or "there is no board data", label)
        return f"Board voting membership cannot be assessed for {latest.year}: {why}."
    ratio = board_ratio(measure)
    times = f"; {fmt.ratio(ratio)} times the workforce's share" if ratio is not None else ""
    text = f"{board_clause(measure, latest.year, bme_label=label)} ({_board_gap(measure)}{times})"
    points = trend_series(sets, 9)
    if len(points) >= 2 and points[-1][0] == latest.year:
        text += f"; {trend(sets, 9)} since {points[0][0]} ({fmt.pp(points[0][1])})"
    return text + "."


def summary_line(sets: Sequence[IndicatorSet], number: int, *, bme_label: str = BME) -> str:
    """One sentence for an indicator's row of the RAG summary table: latest value, test and trend.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> folder = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(folder, "QHG", year) for year in (2022, 2023, 2024)]
    >>> print(summary_line(sets, 2))  # doctest: +NORMALIZE_WHITESPACE
    White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024
    (statistically significant; outside the 0.80 to 1.25 range); the disparity has widened since 2022 (2.31).
    """
    ordered = check_sets(sets)
    number = check_number(number)
    label = check_label(bme_label)
    if number <= 4:
        return _rl_summary(ordered, number, label)
    if number <= 8:
        return _survey_summary(ordered, number, label)
    return _board_summary(ordered, label)


def _change_finding(change: ProportionComparison, number: int, group: str, years: tuple[int, int]) -> str:
    diff = change.difference_pp
    assert diff is not None and change.significant is True
    better = (diff > 0) == HIGHER_IS_BETTER[number]
    return (
        f"Among {group} respondents to the NHS Staff Survey, the share who {SURVEY_QUESTIONS[number]} "
        f"{'rose' if diff > 0 else 'fell'} from {fmt.pct(change.a_pct)} in {years[0]} to {fmt.pct(change.b_pct)} "
        f"in {years[1]}, {'up' if diff > 0 else 'down'} {fmt.pp(abs(diff), signed=False)}: "
        f"{'an improvement' if better else 'a worsening'}, "
        f"and statistically significant ({fmt.p_value(change.p_value)})."
    )


def key_findings(sets: Sequence[IndicatorSet], *, bme_label: str = BME, limit: int = 6) -> list[str]:
    """The most important findings of the latest year, each a full sentence with its numbers.

    Red ratings come first (in indicator order), then statistically significant changes between the
    last two NHS Staff Surveys, then amber ratings, up to ``limit`` sentences.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> folder = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(folder, "QHG", year) for year in (2022, 2023, 2024)]
    >>> print(key_findings(sets)[0])  # doctest: +NORMALIZE_WHITESPACE
    White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting in 2024:
    above the non-adverse range of 0.80 to 1.25, adverse to BME applicants, and statistically significant
    (95% confidence interval 1.73 to 6.85).
    """
    ordered = check_sets(sets)
    label = check_label(bme_label)
    if isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 0:
        raise ValueError(f"limit must be a whole number 0 or more, got {limit!r}")
    latest = ordered[-1]
    ratings = {n: rate(latest, n, bme_label=label) for n in range(1, 10)}
    findings = [ratings[n].reason for n in range(1, 10) if ratings[n].rag == RED]
    for n in (5, 6, 7, 8):
        indicator = _indicator(latest, n)
        if not isinstance(indicator, SurveyIndicator) or indicator.previous_survey_year is None:
            continue
        years = (indicator.previous_survey_year, _survey_year(latest, n))
        for group, change in ((label, indicator.bme_change), (WHITE, indicator.white_change)):
            if change is not None and change.significant is True and change.difference_pp is not None:
                findings.append(_change_finding(change, n, group, years))
    findings += [ratings[n].reason for n in range(1, 10) if ratings[n].rag == AMBER]
    if not findings:
        findings.append(
            f"No indicator is rated red or amber in {latest.year}, and no change between NHS Staff Surveys "
            "passed the test at the 5% level."
        )
    return findings[: int(limit)]


def _check_population(population: object) -> list[tuple[str, float]]:
    if isinstance(population, (str, bytes)) or not isinstance(population, Sequence):
        raise ValueError("population must be a list of (area, bme_pct) pairs")
    checked = []
    for item in population:
        if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 2:
            raise ValueError(f"each population entry must be an (area, bme_pct) pair, got {item!r}")
        area, value = item
        if not isinstance(area, str) or not area.strip():
            raise ValueError(f"population area must be a non-empty name, got {area!r}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= float(value) <= 100:
            raise ValueError(f"population bme_pct for {area} must be a percentage from 0 to 100, got {value!r}")
        checked.append((area.strip(), float(value)))
    return checked


def workforce_profile(
    sets: Sequence[IndicatorSet],
    *,
    bme_label: str = BME,
    population: list[tuple[str, float]] | None = None,
) -> list[str]:
    """The workforce in sentences: headcount, BME share and its change, ethnicity recording, local population.

    Population comparisons are differences in percentage points, one per area; areas are never
    averaged (an unweighted mean of places of different sizes describes no real population).

    Parameters
    ----------
    sets : list of IndicatorSet
        One organisation's results, one per year.
    bme_label : str, optional
        Label for BME staff.
    population : list of (str, float), optional
        Local population context: (area, BME percentage 0-100), for example from Census 2021.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> folder = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(folder, "QHG", year) for year in (2023, 2024)]
    >>> workforce_profile(sets)[2]
    'The BME share of the workforce rose by 0.5 percentage points from 23.5% in 2023.'
    """
    ordered = check_sets(sets)
    label = check_label(bme_label)
    areas = _check_population(population) if population is not None else []
    latest = ordered[-1]
    indicator = _indicator(latest, 1)
    if not isinstance(indicator, Indicator1) or indicator.overall is None or indicator.overall.total == 0:
        reason = relabel(getattr(indicator, "reason", None) or "no reason recorded", label)
        return [f"Workforce figures for {latest.year} are not available: {reason}."]
    now = indicator.overall
    earlier = [
        (s.year, ind.overall)
        for s in ordered[:-1]
        if isinstance(ind := _indicator(s, 1), Indicator1) and ind.overall is not None and ind.overall.total > 0
    ]
    previous = earlier[-1] if earlier else None
    head = f"At 31 March {latest.year}, {latest.org_name} employed {fmt.count(now.total)} staff"
    if previous:
        before = previous[1].total
        if before == now.total:
            head += f", the same number as in {previous[0]}"
        else:
            head += f", {'up' if now.total > before else 'down'} from {fmt.count(before)} in {previous[0]}"
    sentences = [
        head + ".",
        f"Of these, {fmt.count(now.bme)} ({fmt.pct(now.bme_pct)}) were {label}, {fmt.count(now.white)} "
        f"({fmt.pct(now.white_pct)}) White and {fmt.count(now.unknown)} ({fmt.pct(now.unknown_pct)}) of unknown "
        "ethnicity.",
    ]
    if previous:
        year, before = previous
        assert now.bme_pct is not None and before.bme_pct is not None
        diff = _diff(now.bme_pct, before.bme_pct)
        if fmt.decimal_round(diff, 1) == 0:
            sentence = f"The {label} share of the workforce was about the same as in {year} ({fmt.pct(before.bme_pct)})"
        else:
            sentence = (
                f"The {label} share of the workforce {'rose' if diff > 0 else 'fell'} by "
                f"{fmt.pp(abs(diff), signed=False)} from {fmt.pct(before.bme_pct)} in {year}"
            )
        older = [f"{fmt.pct(counts.bme_pct)} in {y}" for y, counts in earlier[:-1]]
        if older:
            sentence += f"; it was {_join(older)}"
        sentences.append(sentence + ".")
    known = now.white + now.bme
    sentence = (
        f"Ethnicity was recorded for {fmt.pct(100.0 * known / now.total)} of staff ({fmt.count(known)} of "
        f"{fmt.count(now.total)})"
    )
    if previous and previous[1].unknown_pct is not None and now.unknown_pct is not None:
        diff = _diff(now.unknown_pct, previous[1].unknown_pct)
        if fmt.decimal_round(diff, 1) == 0:
            sentence += f"; the share not recorded, {fmt.pct(now.unknown_pct)}, was about the same as in {previous[0]}"
        else:
            sentence += (
                f"; the share not recorded, {fmt.pct(now.unknown_pct)}, was {_signed_words(diff, 'higher', 'lower')} "
                f"than in {previous[0]} ({fmt.pct(previous[1].unknown_pct)})"
            )
    sentences.append(sentence + ".")
    if areas:
        assert now.bme_pct is not None
        comparisons = []
        for area, value in areas:
            diff = _diff(now.bme_pct, value)
            where = "the same as" if fmt.decimal_round(diff, 1) == 0 else _signed_words(diff, "above", "below")
            comparisons.append((where, area, fmt.pct(value)))
        if len(areas) == 1:
            where, area, value_text = comparisons[0]
            sentences.append(
                f"The {label} share of the workforce ({fmt.pct(now.bme_pct)}) is {where} the {label} share of the "
                f"population of {area} ({value_text})."
            )
        else:
            sentences.append(
                f"Against the {label} share of the local population, the workforce's {label} share "
                f"({fmt.pct(now.bme_pct)}) is {_join([f'{w} {area} ({v})' for w, area, v in comparisons])}."
            )
            sentences.append(
                "Each area is compared separately: an average of areas of different sizes would not describe the "
                "population the organisation serves, so none is given."
            )
    return sentences


def conclusion(sets: Sequence[IndicatorSet], *, bme_label: str = BME) -> list[str]:
    """A short, generated conclusion: the ratings, the disparities a test supports, the trends, the caveats.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> folder = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(folder, "QHG", year) for year in (2022, 2023, 2024)]
    >>> print(conclusion(sets)[0])  # doctest: +NORMALIZE_WHITESPACE
    Of the nine indicators in 2024, five are rated red (indicators 2, 4, 6, 7 and 8), one amber (indicator 9)
    and two green (indicators 1 and 5); one could not be assessed (indicator 3).
    """
    ordered = check_sets(sets)
    label = check_label(bme_label)
    latest = ordered[-1]
    ratings = {n: rate(latest, n, bme_label=label).rag for n in range(1, 10)}
    by_rag = {rag: [n for n in range(1, 10) if ratings[n] == rag] for rag in (RED, AMBER, GREEN, GREY)}
    parts = []
    for rag in (RED, AMBER, GREEN):
        found = by_rag[rag]
        if found:
            verb = " are rated" if len(found) > 1 else " is rated"
            parts.append(f"{_NUMBER_WORDS[len(found)]}{verb if not parts else ''} {rag} ({_indicators(found)})")
    if parts and parts[0].startswith("one ") and len(parts) > 1:
        # "one is rated red, …" reads wrongly when later parts are plural; say "are rated" throughout.
        parts[0] = parts[0].replace(" is rated", " are rated", 1)
    head = f"Of the nine indicators in {latest.year}, " + (_join(parts) if parts else "none could be rated")
    if by_rag[GREY]:
        grey = by_rag[GREY]
        head += f"; {_NUMBER_WORDS[len(grey)]} could not be assessed ({_indicators(grey)})"
    sentences = [head + "."]
    tested_reds = [n for n in by_rag[RED] if n != 9]
    if tested_reds:
        who = f"{label} staff and applicants" if 2 in tested_reds else f"{label} staff"
        areas = "; ".join(f"{SHORT_TITLES[n][:1].lower()}{SHORT_TITLES[n][1:]} ({n})" for n in tested_reds)
        sentences.append(f"The statistically significant disparities adverse to {who} are in: {areas}.")
    if ratings[9] == RED:
        sentences.append(f"The board's {label} share of voting members is less than half the workforce's.")
    if len(ordered) > 1:
        trends = {n: trend(ordered, n) for n in range(1, 10)}
        first = ordered[0].year
        groups = [
            (WORSENING, "worsened"),
            (IMPROVING, "improved"),
            (NO_CLEAR_CHANGE, "shown no clear change"),
        ]
        said = []
        for key, words in groups:
            found = [n for n in range(1, 10) if trends[n] == key]
            if found:
                said.append(f"{_indicators(found)} {'has' if len(found) == 1 else 'have'} {words}")
        if said:
            sentence = f"Since {first}, {_join(said)}"
            short = [n for n in range(1, 10) if trends[n] not in (WORSENING, IMPROVING, NO_CLEAR_CHANGE)]
            if short:
                sentence += f"; {_indicators(short)} {'has' if len(short) == 1 else 'have'} too little data for a trend"
            sentences.append(sentence + ".")
    if latest.warnings:
        n = len(latest.warnings)
        sentences.append(
            f"The data for {latest.year} carry {fmt.count(n)} data-quality warning{'s' if n != 1 else ''}, "
            "listed in the data quality section; read the figures with them in mind."
        )
    return sentences


def data_quality_sentences(result: IndicatorSet, *, bme_label: str = BME) -> list[str]:
    """One sentence per data-quality warning, as the check wrote it (file, then the message).

    Returns an empty list when there are no warnings.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> print(data_quality_sentences(result)[1])  # doctest: +NORMALIZE_WHITESPACE
    recruitment.csv: ethnicity is unknown for 96 of 283 shortlisted applicants (33.9%) in 2024;
    indicator 2 excludes them.
    """
    if not isinstance(result, IndicatorSet):
        raise ValueError(f"expected an IndicatorSet from compute_indicators, got {type(result).__name__}")
    label = check_label(bme_label)
    sentences = []
    for fault in result.warnings:
        text = relabel(str(fault).strip(), label)
        sentences.append(text if text.endswith((".", "!", "?")) else text + ".")
    return sentences

