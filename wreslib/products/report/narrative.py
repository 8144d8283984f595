"""The sentences of an organisation's report, each built from a claim carrying its statistic.

Rules every sentence follows:

1. Every comparison names who is compared to whom ("White applicants were 3.44 times as likely as BME
   applicants to be appointed from shortlisting"); a ratio below 1 reads "0.76 times as likely".
2. Differences of percentages are "percentage points".
3. "Statistically significant" appears only where the test, adjusted for the report's other tests, says so,
   and always with its adjusted p-value; otherwise the sentence says the difference is not significant
   after adjustment, or why no test was made.
4. "Worsened", "improved" and "reversed" appear only where a test of that change, adjusted within the
   report's trend tests, supports it; otherwise the values are given "within what chance would give".
5. Counts of people pass disclosure control: a hidden count is said as "fewer than 5" or not at all, and
   no percentage is said whose counts are hidden.
6. The group's display label ("Global Majority") replaces "BME" everywhere, through one function.

Each function returns :class:`~wreslib.products.report.claims.Sentence` objects; the claims let a test
check every word against its number (:func:`~wreslib.products.report.claims.problems`).
"""

from __future__ import annotations

from wreslib.measures import families, keys
from wreslib.measures.families import BME, WHITE
from wreslib.measures.results import (
    ALPHA,
    NO_DATA,
    NON_ADVERSE_HIGH,
    NON_ADVERSE_LOW,
    OK,
    BoardMeasure,
    IndicatorSet,
    Likelihood,
    LikelihoodResult,
    StaffGroupBands,
    SurveyResult,
    Trend,
)
from wreslib.measures.trend import IMPROVED, NOT_ENOUGH_DATA, NOT_TESTED, REVERSED, WORSENED
from wreslib.present import fmt
from wreslib.present.words import capital, join
from wreslib.products.report.claims import (
    GAP,
    NOT_SIGNIFICANT,
    POSITION,
    SIGNIFICANT,
    TREND,
    UNTESTED,
    Claim,
    Sentence,
)
from wreslib.products.report.context import ReportContext
from wreslib.products.report.figures import compared_key, likelihood_keys, range_key

RANGE = f"{fmt.ratio(float(NON_ADVERSE_LOW))} to {fmt.ratio(float(NON_ADVERSE_HIGH))}"
STAFF_GROUP_NAMES = {"non-clinical": "non-clinical", "clinical": "clinical", "medical": "medical and dental",
                     "other": "other", "all": "all staff groups"}


def band_words(label: str) -> str:
    """A band range as prose: ``Band 8a-VSM`` reads "Bands 8a–VSM".

    Examples
    --------
    >>> band_words("Band 8a-VSM"), band_words("Consultant")
    ('Bands 8a–VSM', 'Consultant')
    """
    if label.startswith("Band ") and "-" in label:
        first, last = label[5:].split("-", 1)
        return f"Bands {first}–{last}"
    return label


def _p(p: float | None) -> str:
    return fmt.p_value(p).replace("p ", "adjusted p ", 1) if p is not None else "no test"


def _tests(ctx: ReportContext) -> int:
    return len(ctx.current.tests)


def _after(ctx: ReportContext) -> str:
    return "after adjustment for the report's other tests"


# --------------------------------------------------------------------------------------------------
# Relative likelihoods (indicators 1-4)
# --------------------------------------------------------------------------------------------------


def _who(ctx: ReportContext, group: str, noun: str) -> str:
    return f"{ctx.words.group(group)} {noun}"


def _interval(m: Likelihood) -> str:
    return f"95% confidence interval {fmt.interval(m.ci_low, m.ci_high, 1.0)}"


def likelihood_clause(ctx: ReportContext, m: Likelihood, phrases: families.Phrases, outcome: str | None = None) -> str:
    """"White applicants were 3.44 times as likely as BME applicants to be appointed from shortlisting"."""
    a, b = _who(ctx, m.a_label, phrases.noun), _who(ctx, m.b_label, phrases.noun)
    to = outcome or phrases.to_outcome
    if m.unbounded:
        return (f"{capital(a)} were more likely than {b} {to}: no {b} did, so the ratio has no upper limit, and it "
                f"is at least {fmt.bound(m.ci_low, 1.0, below=False)} times (the 95% confidence interval's lower end)")
    if m.value == 0:
        return (f"No {a} {phrases.did_outcome}, so the relative likelihood of {a} compared to {b} is 0 "
                f"(95% confidence interval 0 to {fmt.bound(m.ci_high, 1.0, below=True)})")
    return f"{capital(a)} were {fmt.ratio(m.value)} times as likely as {b} {to} ({_interval(m)})"


def judgement(ctx: ReportContext, m: Likelihood, noun: str, number: int) -> Sentence:
    """Where a relative likelihood sits against the range, and what its adjusted test says."""
    label = ctx.words.label
    where = m.position
    position_claim = Claim(POSITION, number, position=where)
    if where == "within":
        return Sentence(f"This is within the non-adverse range of {RANGE}.", (position_claim,))
    if where == "below":
        return Sentence(f"This is below the non-adverse range of {RANGE}, in favour of {label} {noun}.",
                        (position_claim,))
    if m.p_adjusted is not None and m.p_adjusted < ALPHA:
        return Sentence(
            f"This is above the non-adverse range of {RANGE}, adverse to {label} {noun}, and statistically "
            f"significant {_after(ctx)} ({_p(m.p_adjusted)}).",
            (position_claim, Claim(SIGNIFICANT, number, p_adjusted=m.p_adjusted)))
    return Sentence(
        f"This is above the non-adverse range of {RANGE}, adverse to {label} {noun}, but not statistically "
        f"significant {_after(ctx)} ({_p(m.p_adjusted)}).",
        (position_claim, Claim(NOT_SIGNIFICANT, number, p_adjusted=m.p_adjusted)))


def _count(ctx: ReportContext, key: keys.Key) -> str | None:
    return ctx.disc.words(key)


def counts_sentence(ctx: ReportContext, r: LikelihoodResult, year: int) -> Sentence | None:
    """"9 of 95 BME applicants were appointed from shortlisting, against 30 of 92 White applicants."
    (None when disclosure control hides a count the sentence needs)."""
    m = r.likelihood
    assert m is not None
    phrases = families.indicator(r.number).phrases
    assert phrases is not None
    named = likelihood_keys(r.number, year)
    parts = {}
    for group in (BME, WHITE):
        cases, total = (_count(ctx, named[group][0]), _count(ctx, named[group][1]))
        if cases is None or total is None:
            return None
        parts[group] = (cases, total)
    (bc, bt), (wc, wt) = parts[BME], parts[WHITE]
    verb = phrases.did_outcome
    return Sentence(capital(f"{bc} of {bt} {_who(ctx, BME, phrases.noun)} {verb}, against {wc} of {wt} "
                            f"{_who(ctx, WHITE, phrases.noun)}."))


def unavailable(ctx: ReportContext, r: LikelihoodResult | None, number: int, year: int, reason: str | None) -> Sentence:
    """Why an indicator has no relative likelihood this year, in words."""
    why = ctx.words(reason or "no reason was recorded")
    if r is None or r.status == NO_DATA:
        return Sentence(f"There is no data for indicator {number} in {year}: {why}.")
    return Sentence(f"The relative likelihood cannot be calculated for {year}: {why}.")


def unknown_sentence(ctx: ReportContext, r: LikelihoodResult, year: int) -> Sentence | None:
    """People of unknown ethnicity, left out of the ratio."""
    phrases = families.indicator(r.number).phrases
    assert phrases is not None
    if not r.unknown_total:
        return None
    named = likelihood_keys(r.number, year)["Unknown"]
    total = _count(ctx, named[1])
    if total is None:
        return Sentence(f"{capital(phrases.noun)} of unknown ethnicity are left out of the ratio.")
    head = f"{capital(phrases.noun)} of unknown ethnicity are left out of the ratio: {total} {phrases.in_denominator}"
    if r.unknown_cases is None:
        return Sentence(f"{head}; the data does not say how many of them {phrases.did_outcome}.")
    cases = "none" if r.unknown_cases == 0 else _count(ctx, named[0])
    if cases is None:
        return Sentence(f"{head}.")
    return Sentence(f"{head}, of whom {cases} {phrases.did_outcome}.")


def trend_sentence(ctx: ReportContext, t: Trend | None, *, unit: str = "ratio") -> Sentence | None:
    """The tested change since the first report year, in words that follow the adjusted test."""
    if t is None or t.verdict == NOT_ENOUGH_DATA or t.from_year is None:
        return None
    number = t.number
    if t.verdict == NOT_TESTED:
        return Sentence(f"Changes in board membership between years are not tested: {t.reason}.")

    def show(v: float | None) -> str:
        if unit == "ratio":
            return fmt.ratio(v) if v is not None else "unbounded"
        return fmt.pp(v)

    before, after = show(t.from_value), show(t.to_value)
    claim = Claim(TREND, number, p_adjusted=t.p_adjusted, verdict=t.verdict)
    stat = _p(t.p_adjusted)
    if unit == "ratio":
        group = STAFF_GROUP_NAMES.get(t.staff_group or "", "")
        what = "the relative likelihood" if number != 1 else f"the {group} likelihood"
        move = "rose" if (t.change or 0) > 1 else "fell"
        detail = f"{what} {move} from {before} in {t.from_year} to {after} in {t.to_year}"
    else:
        label = ctx.words.label
        move = "widened" if abs(t.to_value or 0) > abs(t.from_value or 0) else "narrowed"
        detail = (f"the gap between {label} and White respondents {move} from {before} in the {t.from_year - 1} survey "
                  f"to {after} in {t.to_year - 1}")
    if t.verdict == WORSENED:
        return Sentence(capital(f"{detail}: it has worsened, beyond what chance would give ({stat})."), (claim,))
    if t.verdict == IMPROVED:
        return Sentence(capital(f"{detail}: it has improved, beyond what chance would give ({stat})."), (claim,))
    if t.verdict == REVERSED:
        return Sentence(capital(f"{detail}: the disparity has reversed, from one side of the non-adverse range to the "
                                f"other ({stat})."), (claim,))
    return Sentence(capital(f"{detail}, within what chance would give ({stat})."), (claim,))


def likelihood_sentences(ctx: ReportContext, number: int) -> list[Sentence]:
    """What the data says about indicator 2, 3 or 4 this year."""
    s = ctx.current
    r = s.likelihood(number)
    phrases = families.indicator(number).phrases
    assert phrases is not None
    m = r.likelihood
    if r.status != OK or m is None:
        out = [unavailable(ctx, r, number, s.year, r.reason)]
    else:
        out = [Sentence(f"{likelihood_clause(ctx, m, phrases)}."), judgement(ctx, m, phrases.noun, number)]
    unknown = unknown_sentence(ctx, r, s.year) if r.status != NO_DATA else None
    if unknown:
        out.append(unknown)
    trend = trend_sentence(ctx, s.trend(number))
    if trend:
        out.append(trend)
    return out


# --------------------------------------------------------------------------------------------------
# Indicator 1: each staff group
# --------------------------------------------------------------------------------------------------


def staff_group_sentence(ctx: ReportContext, g: StaffGroupBands) -> list[Sentence]:
    """One staff group's senior-band likelihood, judged."""
    m = g.likelihood
    name = STAFF_GROUP_NAMES.get(g.staff_group, g.staff_group)
    senior = band_words(g.senior)
    if m.status != OK:
        return [Sentence(capital(f"{name} staff: the likelihood of being in {senior} cannot be calculated: "
                                 f"{ctx.words(m.reason or '')}."))]
    phrases = families.Phrases("staff", f"to be in {senior}", f"were in {senior}", "")
    clause = likelihood_clause(ctx, m, phrases, outcome=f"to be in {senior} rather than {band_words(g.lower)}")
    return [Sentence(capital(f"{name} staff: {clause}.")), judgement(ctx, m, "staff", 1)]


def composition_sentence(ctx: ReportContext) -> Sentence | None:
    """The BME share of each all-staff range against the whole workforce."""
    s = ctx.current
    w = s.workforce
    if w.overall is None:
        return None
    d = ctx.disc
    label = ctx.words.label
    shares = []
    for c in w.by_published_range:
        if c.staff_group != "all":
            continue
        pct = d.pct(range_key(s.year, BME, "all", c.label), range_key(s.year, "all", "all", c.label))
        if pct is not None:
            shares.append(f"{pct} of {band_words(c.label)}")
    whole = d.pct(keys.workforce(s.year, BME), keys.workforce(s.year))
    if not shares or whole is None:
        return None
    return Sentence(f"Across all staff groups, {label} staff were {join(shares)}, against {whole} of the whole "
                    f"workforce in {s.year}.")


def workforce_sentences(ctx: ReportContext) -> list[Sentence]:
    s = ctx.current
    w = s.workforce
    if w.status != OK:
        return [Sentence(f"Indicator 1 cannot be assessed for {s.year}: {ctx.words(w.reason or 'no staff groups')}.")]
    out = []
    for g in w.groups:
        out += staff_group_sentence(ctx, g)
    if not w.groups:
        out.append(Sentence("No staff are recorded in the published band ranges or the medical grades, so no staff "
                            "group can be compared."))
    composition = composition_sentence(ctx)
    if composition:
        out.append(composition)
    trend = trend_sentence(ctx, s.trend(1))
    if trend:
        out.append(trend)
    return out


# --------------------------------------------------------------------------------------------------
# Survey indicators (5-8)
# --------------------------------------------------------------------------------------------------


def survey_counts_sentence(ctx: ReportContext, r: SurveyResult) -> Sentence:
    """"25.0% of 48 BME respondents believed …, against 51.5% of 229 White respondents.\""""
    question = families.indicator(r.number).question
    assert r.white is not None and r.bme is not None
    label = ctx.words.label

    def share(s: object, group: str) -> str:
        n = getattr(s, "respondents", None)
        of = f" of {fmt.count(n)}" if n is not None else ""
        return f"{fmt.pct(getattr(s, 'pct', None))}{of} {group} respondents"

    return Sentence(capital(f"In the {r.survey_year} NHS Staff Survey, {share(r.bme, label)} {question}, against "
                            f"{share(r.white, 'White')}."))


def gap_sentence(ctx: ReportContext, r: SurveyResult) -> Sentence:
    """The gap in points, its direction for BME respondents, its interval and its adjusted test."""
    gap = r.gap
    assert gap is not None and gap.difference_pp is not None
    label = ctx.words.label
    diff = gap.difference_pp
    gap_claim = Claim(GAP, r.number, value=diff)
    adverse = r.adverse
    direction = Claim(POSITION, r.number, position="adverse" if adverse else "not_adverse")
    if diff == 0:
        head = f"There is no difference between {label} and White respondents"
    else:
        side = "higher" if diff > 0 else "lower"
        head = f"The {label} figure is {fmt.pp(abs(diff), signed=False)} {side}"
    fare = f"adverse to {label} staff" if adverse else f"so {label} respondents fared no worse"
    if not gap.tested:
        return Sentence(f"{head}, {fare}; {ctx.words(gap.reason or 'no test is made')}.",
                        (gap_claim, direction, Claim(UNTESTED, r.number)))
    interval = (f"95% confidence interval {fmt.interval(gap.ci_low_pp, gap.ci_high_pp, 0.0, dp=1)} points, "
                f"{label} minus White")
    if adverse and gap.p_adjusted is not None and gap.p_adjusted < ALPHA:
        return Sentence(f"{head} ({interval}), {fare}, and statistically significant {_after(ctx)} "
                        f"({_p(gap.p_adjusted)}).", (gap_claim, direction,
                                                     Claim(SIGNIFICANT, r.number, p_adjusted=gap.p_adjusted)))
    if adverse:
        return Sentence(f"{head} ({interval}), {fare}, but not statistically significant {_after(ctx)} "
                        f"({_p(gap.p_adjusted)}).", (gap_claim, direction,
                                                     Claim(NOT_SIGNIFICANT, r.number, p_adjusted=gap.p_adjusted)))
    return Sentence(f"{head} ({interval}), {fare}.", (gap_claim, direction))


def benchmark_sentence(ctx: ReportContext, r: SurveyResult) -> Sentence | None:
    if r.benchmark is None:
        return None
    label = ctx.words.label
    return Sentence(f"{r.benchmark} ({r.survey_year}): {fmt.pct(r.benchmark_bme_pct)} of {label} and "
                    f"{fmt.pct(r.benchmark_white_pct)} of White respondents.")


def change_sentence(ctx: ReportContext, r: SurveyResult) -> Sentence | None:
    """Each group's change since the previous survey, with its adjusted test (exploratory)."""
    # Year-on-year changes are exploratory: said only when one survives the year's adjustment.
    changes = [c for c in (r.bme_change, r.white_change) if c is not None and c.change.difference_pp is not None
               and c.change.p_adjusted is not None and c.change.p_adjusted < ALPHA]
    if not changes:
        return None
    parts, claims = [], []
    for c in changes:
        g = c.change
        group = ctx.words.group(c.group)
        move = "rose" if (g.difference_pp or 0) > 0 else ("fell" if (g.difference_pp or 0) < 0 else "was unchanged")
        if not g.tested:
            parts.append(f"the {group} figure {move} from {fmt.pct(c.before.pct)} (not tested: a small group)")
            claims.append(Claim(UNTESTED, r.number))
        elif g.p_adjusted is not None and g.p_adjusted < ALPHA:
            parts.append(f"the {group} figure {move} from {fmt.pct(c.before.pct)}, a statistically significant change "
                         f"({_p(g.p_adjusted)})")
            claims.append(Claim(SIGNIFICANT, r.number, p_adjusted=g.p_adjusted))
        else:
            parts.append(f"the {group} figure {move} from {fmt.pct(c.before.pct)}, within what chance would give "
                         f"({_p(g.p_adjusted)})")
            claims.append(Claim(NOT_SIGNIFICANT, r.number, p_adjusted=g.p_adjusted))
    return Sentence(f"Since the {changes[0].from_year} survey, {join(parts)}.", tuple(claims))


def survey_sentences(ctx: ReportContext, number: int) -> list[Sentence]:
    s = ctx.current
    r = s.survey(number)
    if r.status != OK or r.gap is None:
        return [Sentence(f"There is no comparison for indicator {number} in the {r.survey_year} NHS Staff Survey: "
                         f"{ctx.words(r.reason or 'no reason was recorded')}.")]
    out = [gap_sentence(ctx, r)]
    for extra in (change_sentence(ctx, r), trend_sentence(ctx, s.trend(number), unit="pp")):
        if extra:
            out.append(extra)
    return out


# --------------------------------------------------------------------------------------------------
# Board (9)
# --------------------------------------------------------------------------------------------------


def board_share_sentence(ctx: ReportContext, m: BoardMeasure, year: int) -> Sentence | None:
    """"2 of the 13 voting board members were BME (15.4%), against 24.0% of the workforce.\""""
    if m.status != OK or m.board is None:
        return None
    label = ctx.words.label
    whole = ctx.disc.pct(keys.workforce(year, BME), keys.workforce(year))
    against = f", against {whole} of the workforce" if whole else ""
    if m.board.bme == 0:
        return Sentence(f"None of the {fmt.count(m.board.total)} {m.membership} board members were {label}{against}.")
    return Sentence(f"{fmt.count(m.board.bme)} of the {fmt.count(m.board.total)} {m.membership} board members were "
                    f"{label} ({fmt.pct(m.board_bme_pct)}){against}.")


def board_sentences(ctx: ReportContext) -> list[Sentence]:
    s = ctx.current
    b = s.board
    v = b.voting
    label = ctx.words.label
    if v.status != OK:
        return [Sentence(f"Board voting membership cannot be assessed for {s.year}: "
                         f"{ctx.words(v.reason or 'no reason was recorded')}.")]
    out = [board_share_sentence(ctx, v, s.year)]
    if v.expected_bme is not None and v.p_value is not None and v.board is not None:
        expected = round(v.expected_bme)
        rating = b.rating.rule
        chance = (f"a board of {v.board.total} drawn at random at the workforce's {label} share would have "
                  f"{v.board.bme} or fewer {label} members with probability {fmt.ratio(v.p_value, 2)}")
        if rating == "short_significant":
            out.append(Sentence(
                f"A board of this size matching the workforce would have about {expected} {label} members; "
                f"{chance}, so the shortfall is statistically significant {_after(ctx)} ({_p(v.p_adjusted)}).",
                (Claim(SIGNIFICANT, 9, p_adjusted=v.p_adjusted),)))
        elif rating == "short_within_chance":
            out.append(Sentence(
                f"A board of this size matching the workforce would have about {expected} {label} members; "
                f"{chance}, so the shortfall is within what chance would give ({_p(v.p_adjusted)}).",
                (Claim(NOT_SIGNIFICANT, 9, p_adjusted=v.p_adjusted),)))
        else:
            out.append(Sentence(f"The board's {label} share is at least four-fifths of the workforce's."))
    executive = board_share_sentence(ctx, b.executive, s.year)
    if executive:
        out.append(executive)
    trend = trend_sentence(ctx, s.trend(9))
    if trend:
        out.append(trend)
    return [o for o in out if o is not None]


def indicator_sentences(ctx: ReportContext, number: int) -> list[Sentence]:
    """What the data says about one indicator (dispatch by its family)."""
    family = families.indicator(number).family
    if family == families.WORKFORCE:
        return workforce_sentences(ctx)
    if family == families.LIKELIHOOD:
        return likelihood_sentences(ctx, number)
    if family == families.SURVEY:
        return survey_sentences(ctx, number)
    return board_sentences(ctx)


__all__ = [
    "IndicatorSet",
    "band_words",
    "board_sentences",
    "compared_key",
    "counts_sentence",
    "gap_sentence",
    "indicator_sentences",
    "judgement",
    "likelihood_clause",
    "likelihood_sentences",
    "survey_counts_sentence",
    "survey_sentences",
    "trend_sentence",
    "workforce_sentences",
]
