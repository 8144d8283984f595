"""The sentences of the benchmark page, each built from claims that carry their statistics.

The rules of the report's narrative hold here too (:mod:`wreslib.products.report.narrative`):

1. Every relative likelihood names who is compared to whom ("White applicants were 1.34 times as likely as
   BME applicants to be appointed from shortlisting").
2. Differences of percentages are "percentage points".
3. "Significant" appears only with the adjusted test that gives it: for one pooled figure its own test;
   for a count of organisations, each counted organisation's own report's adjusted test (a
   :class:`~wreslib.products.benchmark.claims.Tally` carries them all).
4. "Worsened", "improved" and "reversed" appear only where a test of that change gives it.
5. "Beyond the 95% limits" counts the funnel's flags; "unusual" is said only of the peer view, which
   allows for the real spread between organisations.
6. No organisation's counts of people appear: only its published-style figures (ratios, percentages,
   intervals). Pooled figures come from summed counts of many organisations.
7. Every name from the data is text, escaped where it is rendered; links to reports are made by a template.

Each function returns :class:`~wreslib.products.report.claims.Sentence` objects (or None when there is
nothing to say), so a test can check every word against its numbers
(:func:`~wreslib.products.benchmark.claims.problems`).
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from wreslib.benchmark.funnel import (
    ABOVE_95,
    ABOVE_998,
    BELOW_95,
    BELOW_998,
    MIN_PEERS,
    NOT_PLACED,
    OUTSIDE_95,
    OUTSIDE_998,
    WITHIN,
)
from wreslib.measures import families
from wreslib.measures.families import BME, WHITE
from wreslib.measures.results import ALPHA, OK
from wreslib.measures.trend import IMPROVED, NOT_ENOUGH_DATA, NOT_TESTED, REVERSED, WITHIN_CHANCE, WORSENED
from wreslib.present import fmt, html
from wreslib.present.words import capital, join, plural
from wreslib.products.benchmark.claims import (
    BEYOND_95,
    BEYOND_998,
    DISPERSION,
    GAP,
    NOT_SIGNIFICANT,
    PEER_BEYOND_95,
    PEER_BEYOND_998,
    SIGNIFICANT,
    SIGNIFICANTLY_ADVERSE,
    SIGNIFICANTLY_FAVOURABLE,
    TREND,
    UNTESTED,
    Claim,
    Counted,
    Sentence,
    Tally,
)
from wreslib.products.benchmark.context import EXECUTIVE, BenchmarkContext, Line
from wreslib.products.report.narrative import STAFF_GROUP_NAMES, band_words

#: Verdicts of a test of change, as a table cell says them.
VERDICT_WORDS: dict[str, str] = {WORSENED: "worsened", IMPROVED: "improved", REVERSED: "reversed",
                                 WITHIN_CHANCE: "within chance", NOT_TESTED: "not tested",
                                 NOT_ENOUGH_DATA: "not comparable"}
FLAG_WORDS: dict[str, str] = {ABOVE_998: "above 99.8% limit", ABOVE_95: "above 95% limit",
                              WITHIN: "within limits", BELOW_95: "below 95% limit",
                              BELOW_998: "below 99.8% limit", NOT_PLACED: "not placed"}
#: How many organisations "furthest from parity" names (more when tied for the last place).
FURTHEST = 3


# --------------------------------------------------------------------------------------------------
# Figures as words
# --------------------------------------------------------------------------------------------------


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(float(value))


def _p(p: float | None) -> str:
    return fmt.p_value(p).replace("p ", "adjusted p ", 1) if p is not None else "no test"


def staff_group_name(staff_group: str | None) -> str:
    """A staff group as prose ("medical and dental").

    Examples
    --------
    >>> staff_group_name("medical"), staff_group_name("non-clinical")
    ('medical and dental', 'non-clinical')
    """
    return STAFF_GROUP_NAMES.get(staff_group or "", staff_group or "")


def line_title(ctx: BenchmarkContext, line: Line) -> str:
    """A line's short name: "Indicator 2: appointment from shortlisting", "Indicator 1, non-clinical staff"."""
    title = ctx.words(families.indicator(line.indicator).short_title)
    if line.indicator == 1:
        return f"Indicator 1, {staff_group_name(line.staff_group)} staff"
    if line.indicator == 9:
        return f"Indicator 9: {title[:1].lower() + title[1:]} (voting members)"
    return f"Indicator {line.indicator}: {title[:1].lower() + title[1:]}"


def line_phrase(ctx: BenchmarkContext, line: Line) -> str:
    """A line inside a sentence: "indicator 2 (appointment from shortlisting)", "indicator 1 (clinical staff)"."""
    if line.indicator == 1:
        return f"indicator 1 ({staff_group_name(line.staff_group)} staff)"
    title = ctx.words(families.indicator(line.indicator).short_title)
    return f"indicator {line.indicator} ({title[:1].lower() + title[1:]})"


def short_title(ctx: BenchmarkContext, line: Line) -> str:
    """A line's name for a table row: "1. Senior bands, clinical staff", "2. Appointment from shortlisting"."""
    if line.indicator == 1:
        return f"1. Senior bands, {staff_group_name(line.staff_group)} staff"
    return f"{line.indicator}. {ctx.words(families.indicator(line.indicator).short_title)}"


def short_measure(ctx: BenchmarkContext, line: Line) -> str:
    """What a line's figure measures, shortly: "White relative to BME", "gap, BME minus White"."""
    label = ctx.words.label
    if line.ratio:
        return measure_words(ctx, line)
    if line.indicator == 9:
        return f"{label} share of voting members minus the workforce's"
    return f"gap, {label} minus White"


def measure_words(ctx: BenchmarkContext, line: Line) -> str:
    """What a line's figure measures, naming who is compared to whom."""
    ind = families.indicator(line.indicator)
    label = ctx.words.label
    if line.ratio:
        a, b = ctx.words.group(ind.numerator_group or WHITE), ctx.words.group(ind.denominator_group or BME)
        return f"{a} relative to {b}"
    if line.indicator == 9:
        return f"{label} % of voting members minus {label} % of the workforce"
    return f"{label} minus White, % of respondents ({'higher' if ind.higher_is_better else 'lower'} is better)"


def _end(x: float) -> str:
    """One finite end of a ratio's interval, never rounded onto parity from the side it lies on.

    Examples
    --------
    >>> _end(0.398), _end(1.0046), _end(2.5)
    ('0.40', '1.005', '2.50')
    """
    return fmt.bound(x, 1.0, below=x < 1.0) if x != 1.0 else fmt.ratio(x)


def value_text(line: Line, value: float | None, *, unbounded: bool = False, low: float | None = None,
               high: float | None = None) -> str:
    """A line's figure as a table cell shows it: a ratio, a gap in points, a difference in points.

    Examples
    --------
    >>> value_text(Line(2), 1.3435, low=1.2572, high=1.4359)
    '1.34 (1.26 to 1.44)'
    >>> value_text(Line(6), 7.92, low=6.34, high=9.54), value_text(Line(2), None, unbounded=True, low=0.398)
    ('+7.9 pp (6.3 to 9.5)', 'unbounded (at least 0.40)')
    >>> value_text(Line(3), 0.0, low=0.0, high=2.5)
    '0 (up to 2.50)'

    """
    if line.ratio:
        if unbounded:
            return f"unbounded (at least {_end(low)})" if _finite(low) else "unbounded"
        if value is None or not _finite(value):
            return "—"
        if value == 0:
            return f"0 (up to {_end(high)})" if _finite(high) else "0"
        text = fmt.ratio(value)
        return f"{text} ({fmt.interval(low, high, 1.0)})" if _finite(low) and _finite(high) else text
    if value is None or not _finite(value):
        return "—"
    text = fmt.pp_short(value)
    if _finite(low) and _finite(high):
        text += f" ({fmt.interval(low, high, 0.0, dp=1)})"
    return text


def pooled_text(ctx: BenchmarkContext, row: dict[str, Any] | None, line: Line) -> str:
    """A pooled figure with its interval (where tested), as a table cell."""
    if row is None or row.get("status") != OK:
        return "—"
    value = row.get("value")
    unbounded = line.ratio and value is not None and math.isinf(float(value))
    return value_text(line, None if unbounded else value, unbounded=unbounded, low=row.get("ci_low"),
                      high=row.get("ci_high"))


def plain_value(line: Line, row: dict[str, Any] | None, *, unit: bool = True) -> str:
    """A pooled figure without its interval ("1.44", "+6.8 pp"; "+6.8" without the ``unit``, where a table's
    heading gives it)."""
    if row is None or row.get("status") != OK or not _finite(row.get("value")):
        return "—"
    if line.ratio:
        return fmt.ratio(row["value"])
    return fmt.pp_short(row["value"]) if unit else _signed(row["value"])


def _signed(value: float) -> str:
    """A difference in points without its unit: "+6.8", "−1.2"."""
    return fmt.pp_short(value).removesuffix(" pp")


def change_text(line: Line, row: dict[str, Any] | None, *, unit: bool = True) -> str:
    """A change since the year before with its interval: "×0.94 (0.85 to 1.03)", "+1.1 pp (−1.2 to 3.4)"
    ("+1.1 (−1.2 to 3.4)" without the ``unit``)."""
    if row is None or not _finite(row.get("value")):
        return "—"
    value = float(row["value"])
    if line.ratio:
        text = f"×{fmt.ratio(value)}"
        if _finite(row.get("ci_low")) and _finite(row.get("ci_high")):
            text += f" ({fmt.interval(row['ci_low'], row['ci_high'], 1.0)})"
        return text
    text = fmt.pp_short(value) if unit else _signed(value)
    if _finite(row.get("ci_low")) and _finite(row.get("ci_high")):
        text += f" ({fmt.interval(row['ci_low'], row['ci_high'], 0.0, dp=1)})"
    return text


def verdict_text(row: dict[str, Any] | None) -> str:
    if row is None:
        return "—"
    return VERDICT_WORDS.get(str(row.get("verdict")), "—")


def marked_change(line: Line, row: dict[str, Any] | None, *, unit: bool = True) -> str:
    """A change with its interval, marked with its verdict when the test calls it worsened, improved or reversed
    ("×0.61 (0.46 to 0.81), improved"); a change within chance is left unmarked."""
    text = change_text(line, row, unit=unit)
    if row is not None and row.get("verdict") in (WORSENED, IMPROVED, REVERSED):
        text += f", {VERDICT_WORDS[str(row['verdict'])]}"
    return text


def _phrases(line: Line) -> families.Phrases:
    phrases = families.indicator(line.indicator).phrases
    assert phrases is not None
    return phrases


def _groups(ctx: BenchmarkContext, line: Line) -> tuple[str, str]:
    ind = families.indicator(line.indicator)
    return ctx.words.group(ind.numerator_group or WHITE), ctx.words.group(ind.denominator_group or BME)


def _outcome(ctx: BenchmarkContext, line: Line) -> str:
    if line.indicator == 1:
        senior, lower = ctx.bands.get(line.staff_group or "", ("Band 8a-VSM", "Band 1-7"))
        return f"to be in {band_words(senior)} rather than {band_words(lower)}"
    return _phrases(line).to_outcome


def _noun(line: Line) -> str:
    if line.indicator == 1:
        return f"{staff_group_name(line.staff_group)} staff"
    if line.family == families.SURVEY:
        return "respondents"
    return _phrases(line).noun if line.ratio else "staff"


def org_value(ctx: BenchmarkContext, line: Line, row: dict[str, Any], *, verbose: bool = False) -> str:
    """An organisation's figure in a sentence: "6.00", "0", "unbounded" (``verbose``: "unbounded: no BME
    applicants were appointed …")."""
    if row.get("status") != OK:
        return "not available"
    value = row.get("value")
    if line.ratio:
        a, b = _groups(ctx, line)
        did = "were in the senior range" if line.indicator == 1 else _phrases(line).did_outcome
        if value is not None and math.isinf(float(value)):
            return f"unbounded: no {b} {_noun(line)} {did}" if verbose else "unbounded"
        if value == 0:
            return f"0: no {a} {_noun(line)} {did}" if verbose else "0"
        return fmt.ratio(value)
    if line.indicator == 9:
        if not _finite(value):
            return "not available"
        return (f"{fmt.ratio(abs(value), 1)} seats {'short' if value > 0 else 'over'}" if value != 0
                else "at the workforce's share")
    return fmt.pp(value)


def org_link(ctx: BenchmarkContext, code: str, name: str) -> Markup:
    """An organisation's code and name, linked to its report (made by a template; the name is escaped)."""
    return html.render("link.html.j2", href=ctx.report_href(code), text=f"{code} {name}")


def _count(n: int, noun: str) -> str:
    """"none", "one ICB", "6 ICBs".

    Examples
    --------
    >>> _count(0, "ICBs"), _count(1, "ICBs"), _count(6, "ICBs")
    ('none', 'one ICB', '6 ICBs')
    """
    return "none" if n == 0 else (f"one {singular(noun)}" if n == 1 else f"{n} {noun}")


def _of(n: int, total: int, noun: str) -> str:
    """"None of the 42 ICBs", "One of the 42 ICBs", "6 of the 42 ICBs".

    Examples
    --------
    >>> _of(0, 42, "ICBs"), _of(1, 42, "ICBs"), _of(6, 6, "ICBs"), _of(0, 1, "ICBs")
    ('None of the 42 ICBs', 'One of the 42 ICBs', '6 of the 6 ICBs', 'None of the 1 ICB')
    """
    return f"{'None' if n == 0 else 'One' if n == 1 else n} of the {total} {singular(noun) if total == 1 else noun}"


def singular(noun: str) -> str:
    """"ICBs" → "ICB", "organisations" → "organisation"."""
    return noun[:-1] if noun.endswith("s") else noun


def _verb(n: int, one: str = "is", many: str = "are") -> str:
    """The verb after "None of …", "One of …" (singular) or "6 of …" (plural)."""
    return one if n <= 1 else many


# --------------------------------------------------------------------------------------------------
# Pooled figures
# --------------------------------------------------------------------------------------------------


def pooled_sentence(ctx: BenchmarkContext, line: Line, scope: str, group: str, *,
                    name: str | None = None) -> Sentence:
    """One group's pooled figure in the page's year, as words, with its interval."""
    who = name or ctx.group_name(scope, group)
    row = ctx.pooled_row(scope, group, ctx.year, line)
    label = ctx.words.label
    if row is None or row.get("status") != OK:
        why = ctx.words(str(row.get("reason"))) if row is not None and row.get("reason") else "no organisation has "\
            "the figures"
        return Sentence(f"There is no pooled figure for {who} in {ctx.year}: {why}.")
    if line.ratio:
        a, b = _groups(ctx, line)
        noun = _noun(line)
        value = row["value"]
        if math.isinf(float(value)):
            return Sentence(f"Across {who}, no {b} {noun} {_phrases(line).did_outcome} in {ctx.year}, so the pooled "
                            f"relative likelihood of {a} compared to {b} {noun} has no upper limit.")
        interval = fmt.interval(row.get("ci_low"), row.get("ci_high"), 1.0)
        return Sentence(f"Across {who}, {a} {noun} were {fmt.ratio(value)} times as likely as {b} {noun} "
                        f"{_outcome(ctx, line)} in {ctx.year} (95% confidence interval {interval}).")
    if line.family == families.SURVEY:
        white = ctx.pooled_row(scope, group, ctx.year, line, "white_pct")
        bme = ctx.pooled_row(scope, group, ctx.year, line, "bme_pct")
        gap = float(row["value"])
        question = families.indicator(line.indicator).question
        survey = families.survey_year_of(ctx.year)
        side = "higher" if gap > 0 else "lower"
        head = (f"Across {who}, in the {survey} NHS Staff Survey {fmt.pct(bme['value'] if bme else None)} of {label} "
                f"respondents {question}, against {fmt.pct(white['value'] if white else None)} of White respondents")
        if gap == 0:
            return Sentence(f"{head}: no difference.", (Claim(GAP, line.indicator, value=gap),))
        return Sentence(f"{head}: {fmt.pp(abs(gap), signed=False)} {side} for {label} respondents (95% confidence "
                        f"interval {fmt.interval(row.get('ci_low'), row.get('ci_high'), 0.0, dp=1)}).",
                        (Claim(GAP, line.indicator, value=gap),))
    return board_sentences(ctx, scope, group, who)[0]


def board_sentences(ctx: BenchmarkContext, scope: str, group: str, who: str) -> list[Sentence]:
    """The voting and the executive board against the workforce, one sentence each."""
    label = ctx.words.label
    out = []
    line = Line(9, membership="voting")
    for membership in ("voting", EXECUTIVE):
        board = ctx.pooled_row(scope, group, ctx.year, line, "board_bme_pct", membership)
        staff = ctx.pooled_row(scope, group, ctx.year, line, "workforce_bme_pct", membership)
        diff = ctx.pooled_row(scope, group, ctx.year, line, "difference_pp", membership)
        seats = ctx.pooled_row(scope, group, ctx.year, line, "seats_short", membership)
        if board is None or diff is None or not _finite(diff.get("value")):
            continue
        d = float(diff["value"])
        side = "lower" if d < 0 else "higher"
        text = (f"{fmt.pct(board['value'])} of {membership} board members were {label}, against "
                f"{fmt.pct(staff['value'] if staff else None)} of the workforce: {fmt.pp(abs(d), signed=False)} "
                f"{side}")
        if seats is not None and _finite(seats.get("value")) and seats["value"] >= 0.5:
            text += f", about {fmt.ratio(seats['value'], 0)} seats short of the workforce's share"
        if membership == EXECUTIVE:
            out.append(Sentence(f"Executive members: {fmt.pct(board['value'])} {label}, {fmt.pp(abs(d), signed=False)} "
                                f"{side} than the workforce.", (Claim(GAP, 9, value=d),)))
            continue
        out.append(Sentence(capital(f"Across {who}, {text}") + ".", (Claim(GAP, 9, value=d),)))
    if not out:
        return [Sentence(f"There are no pooled board figures for {who} in {ctx.year}.")]
    return out


def change_sentence(ctx: BenchmarkContext, line: Line, scope: str, group: str) -> Sentence | None:
    """A group's change since the year before, in words that follow the adjusted test of that change."""
    row = ctx.change_row(scope, group, line)
    if row is None or ctx.previous is None:
        return None
    verdict = str(row.get("verdict"))
    if line.indicator == 9:
        return Sentence(f"Since {ctx.previous}, the voting boards' difference from the workforce moved from "
                        f"{fmt.pp(row.get('from_value'))} to {fmt.pp(row.get('to_value'))}; changes in board "
                        "membership are described, not tested, as a board in two years is largely the same people.",
                        (Claim(UNTESTED, 9),))
    if verdict == "not_enough_data" or not _finite(row.get("value")):
        return None
    claim = Claim(TREND, line.indicator, p_adjusted=row.get("p_adjusted"), verdict=verdict)
    stat = _p(row.get("p_adjusted"))
    if line.ratio:
        before, after = fmt.ratio(row.get("from_value")), fmt.ratio(row.get("to_value"))
        move = "rose" if float(row["value"]) > 1 else "fell"
        what = "the pooled relative likelihood"
        detail = f"{what} {move} from {before} to {after} (×{fmt.ratio(row['value'])}, 95% confidence interval " \
                 f"{fmt.interval(row.get('ci_low'), row.get('ci_high'), 1.0)})"
    else:
        before, after = fmt.pp(row.get("from_value")), fmt.pp(row.get("to_value"))
        move = "widened" if abs(row.get("to_value") or 0) > abs(row.get("from_value") or 0) else "narrowed"
        detail = (f"the pooled gap {move} from {before} to {after} (a change of {fmt.pp(row['value'])}, 95% "
                  f"confidence interval {fmt.interval(row.get('ci_low'), row.get('ci_high'), 0.0, dp=1)})")
    head = f"Since {ctx.previous}, {detail}"
    if verdict == WORSENED:
        return Sentence(f"{head}: it has worsened beyond what chance would give ({stat}).", (claim,))
    if verdict == IMPROVED:
        return Sentence(f"{head}: it has improved beyond what chance would give ({stat}).", (claim,))
    if verdict == REVERSED:
        return Sentence(f"{head}: the disparity has reversed, from one side of the non-adverse range to the other "
                        f"({stat}).", (claim,))
    return Sentence(f"{head}, within what chance would give ({stat}).", (claim,))


def comparison_sentence(ctx: BenchmarkContext, line: Line) -> Sentence | None:
    """On a region's page: the region's pooled figure against every organisation outside it, tested."""
    if ctx.region is None or ctx.rest is None:
        return None
    row = ctx.comparison_row(line)
    region = ctx.region
    rest_name = ctx.group_name(*ctx.rest)
    if row is None or not _finite(row.get("value")):
        return Sentence(f"{region} cannot be compared with {rest_name} on this figure in {ctx.year}.")
    value = float(row["value"])
    p_adj = row.get("p_adjusted")
    if line.indicator == 9:
        side = "lower" if value < 0 else "higher"
        return Sentence(f"The voting boards' difference from their workforce is {fmt.pp(abs(value), signed=False)} "
                        f"{side} in {region} than for {rest_name} ({fmt.pp(row.get('region_value'))} against "
                        f"{fmt.pp(row.get('rest_value'))}); board figures are described, not tested.",
                        (Claim(GAP, 9, value=value), Claim(UNTESTED, 9)))
    if line.ratio:
        head = (f"{region}'s pooled relative likelihood ({fmt.ratio(row.get('region_value'))}) is "
                f"{fmt.ratio(value)} times that of {rest_name} ({fmt.ratio(row.get('rest_value'))}; 95% confidence "
                f"interval of the ratio {fmt.interval(row.get('ci_low'), row.get('ci_high'), 1.0)})")
        claims: tuple = ()
    else:
        side = "higher" if value > 0 else "lower"
        head = (f"{region}'s pooled gap ({fmt.pp(row.get('region_value'))}) is {fmt.pp(abs(value), signed=False)} "
                f"{side} than that of {rest_name} ({fmt.pp(row.get('rest_value'))}; 95% confidence interval "
                f"{fmt.interval(row.get('ci_low'), row.get('ci_high'), 0.0, dp=1)})")
        claims = (Claim(GAP, line.indicator, value=value),) if value != 0 else ()
    if p_adj is not None and p_adj < ALPHA:
        return Sentence(f"{head}, a statistically significant difference after adjustment ({_p(p_adj)}).",
                        (*claims, Claim(SIGNIFICANT, line.indicator, p_adjusted=p_adj)))
    return Sentence(f"{head}, a difference not statistically significant after adjustment ({_p(p_adj)}).",
                    (*claims, Claim(NOT_SIGNIFICANT, line.indicator, p_adjusted=p_adj)))


def workforce_share_sentence(ctx: BenchmarkContext, scope: str, group: str, who: str) -> Sentence | None:
    """Indicator 1: the group's pooled BME share of the whole workforce."""
    row = ctx.share_row(scope, group, ctx.year)
    if row is None or not _finite(row.get("value")):
        return None
    return Sentence(f"{ctx.words.label} staff were {fmt.pct(row['value'])} of the workforce of {who} at 31 March "
                    f"{ctx.year}.")


# --------------------------------------------------------------------------------------------------
# Counts of organisations
# --------------------------------------------------------------------------------------------------


def _focus_rows(ctx: BenchmarkContext, line: Line) -> list[dict[str, Any]]:
    focus = set(ctx.focus)
    return [r for r in ctx.league(line) if r["org_code"] in focus]


def _who_noun(line: Line) -> str:
    if line.family == families.SURVEY:
        return "respondents"
    if line.indicator == 9:
        return "staff"
    return _noun(line)


def significance_sentence(ctx: BenchmarkContext, line: Line) -> Sentence:
    """How many of the organisations are significantly adverse (and favourable) by their own report's adjusted
    test (:attr:`wreslib.benchmark.league.League.table`'s ``significantly_adverse``)."""
    rows = _focus_rows(ctx, line)
    label = ctx.words.label

    def counted(side: str) -> tuple[Counted, ...]:
        return tuple(Counted(r["org_code"], r.get("p_adjusted"), r.get("direction")) for r in rows
                     if r.get("p_adjusted") is not None and r["p_adjusted"] < ALPHA and r.get("direction") == side)

    adverse, favourable = counted("adverse"), counted("favourable")
    total = len(rows)
    noun = ctx.noun
    who = _who_noun(line)
    tallies = (Tally(SIGNIFICANTLY_ADVERSE, line.indicator, adverse),
               Tally(SIGNIFICANTLY_FAVOURABLE, line.indicator, favourable))
    if line.indicator == 9:
        head = (f"{_of(len(adverse), total, noun)} {'have' if len(adverse) != 1 else 'has'} a voting board "
                f"significantly short of its workforce's {label} share by the exact test in "
                f"{'its' if len(adverse) <= 1 else 'their'} own report (adjusted)")
        return Sentence(head + ".", tallies[:1])
    head = (f"{_of(len(adverse), total, noun)} {_verb(len(adverse))} significantly adverse to {label} {who} by "
            f"{'its' if len(adverse) <= 1 else 'their'} own report's adjusted test")
    tail = (f"; {_count(len(favourable), noun)} {_verb(len(favourable))} significantly in favour of them"
            if favourable else "")
    return Sentence(head + tail + ".", tallies if favourable else tallies[:1])


def furthest(ctx: BenchmarkContext, line: Line) -> list[dict[str, Any]]:
    """The organisations furthest from parity (three, more when tied), furthest first."""
    rows = sorted((r for r in _focus_rows(ctx, line) if r.get("distance_rank") is not None),
                  key=lambda r: (r["distance_rank"], r["org_code"]))
    if len(rows) <= FURTHEST:
        return rows
    last = rows[FURTHEST - 1]["distance_rank"]
    return [r for r in rows if r["distance_rank"] <= last]


def furthest_sentence(ctx: BenchmarkContext, line: Line) -> Sentence | None:
    """"Furthest from parity: ZS004 … (unbounded …), ZS024 … (6.00), ZS038 … (3.21)." with links to reports."""
    rows = furthest(ctx, line)
    if not rows:
        return None
    text = Markup("") + "Furthest from parity: "
    for i, r in enumerate(rows):
        if i:
            text += " and " if i == len(rows) - 1 else ", "
        text += org_link(ctx, r["org_code"], str(r["org_name"])) + f" ({org_value(ctx, line, r)})"
    return Sentence(text + ".")


def _flags(funnel: Any, codes: set[str], column: str) -> list[tuple[str, str]]:
    p = funnel.points
    return [(c, f) for c, f in zip(p["org_code"], p[column], strict=True) if c in codes]


def funnel_sentences(ctx: BenchmarkContext, line: Line) -> list[Sentence]:
    """How many lie beyond each parity limit, beside how many chance alone would put there."""
    f = ctx.funnel(line)
    if f is None:
        return []
    v = f.parity
    noun = ctx.noun
    out = []
    if v.placed == 0:
        out.append(Sentence(f"No {singular(noun)} can be placed on this funnel."))
        everyone: set[str] = set()
    else:
        everyone = set(f.points["org_code"])
    flags = _flags(f, everyone, "flag")
    beyond95 = tuple(Counted(c, flag=g) for c, g in flags if g in OUTSIDE_95)
    beyond998 = tuple(Counted(c, flag=g) for c, g in flags if g in OUTSIDE_998)
    expected = (f", where chance alone would put about {fmt.ratio(v.expected_outside_95, 1)}"
                if v.expected_outside_95 is not None else "")
    expected998 = (f" (chance: about {fmt.ratio(v.expected_outside_998, 1)})"
                   if v.expected_outside_998 is not None else "")
    if v.placed:
        out.append(Sentence(
            f"{_of(len(beyond95), v.placed, 'placed')} {_verb(len(beyond95), 'lies', 'lie')} beyond the 95% limits "
            f"around parity{expected}; {_count(len(beyond998), noun)} beyond the 99.8% limits{expected998}.",
            (Tally(BEYOND_95, line.indicator, beyond95), Tally(BEYOND_998, line.indicator, beyond998))))
    if ctx.region is not None:
        mine = set(ctx.focus)
        local = _flags(f, mine, "flag")
        in95 = tuple(Counted(c, flag=g) for c, g in local if g in OUTSIDE_95)
        out.append(Sentence(
            f"Of the {len(local)} in {ctx.region}, {_count(len(in95), noun)} {_verb(len(in95), 'lies', 'lie')} "
            "beyond the 95% limits around parity.", (Tally(BEYOND_95, line.indicator, in95),)))
    if v.not_placed:
        gone = f.points[~f.points["placed"].astype(bool)]
        if ctx.region is not None:
            gone = gone[gone["org_code"].isin(ctx.focus)]
        if len(gone):
            reasons = sorted({ctx.words(str(r)) for r in gone["reason"].dropna()})
            out.append(Sentence(f"Not placed: {plural(len(gone), noun[:-1] if noun.endswith('s') else noun, noun)} "
                                f"({'; '.join(reasons)})."))
    return out


def peer_sentences(ctx: BenchmarkContext, line: Line) -> list[Sentence]:
    """The spread among organisations like each other (the dispersion test) and who is unusual among them."""
    f = ctx.funnel(line)
    if f is None:
        return []
    out = []
    focus_types = set(ctx.organisations.loc[ctx.organisations["org_code"].isin(ctx.focus), "org_type"])
    for view in f.peers:
        if view.peer_group not in focus_types and view.peer_group != "all":
            continue
        if view.phi is None or view.target is None:
            # In words of its own: the numbers' reason speaks of who is "unusual", a claim only a peer tally makes.
            why = ("their pooled relative likelihood has no finite value" if view.target is None
                   else f"fewer than {MIN_PEERS} of them can be placed")
            out.append(Sentence(f"No peer view for {view.name}: {why}."))
            continue
        stat = f"dispersion ratio {fmt.ratio(view.phi)}, {fmt.p_value(view.dispersion_p)}"
        if not view.over_dispersed:
            out.append(Sentence(
                f"The {plural_of(view)} spread around their pooled {fmt.ratio(view.target)} no more than chance "
                f"allows ({stat}).",
                (Claim(DISPERSION, line.indicator, value=0),)))
            continue
        members = set(f.points.loc[f.points["peer_group"] == view.peer_group, "org_code"]) & set(ctx.focus)
        flags = _flags(f, members, "peer_flag")
        b95 = tuple(Counted(c, flag=g) for c, g in flags if g in OUTSIDE_95)
        b998 = tuple(Counted(c, flag=g) for c, g in flags if g in OUTSIDE_998)
        where = f" of the {len(flags)} in {ctx.region}" if ctx.region is not None else ""
        if b95:
            unusual = (f"{_count(len(b95), ctx.noun)}{where} {_verb(len(b95), 'lies', 'lie')} beyond its 95% limits "
                       f"({_count(len(b998), ctx.noun)} beyond its 99.8% limits), unusual even among "
                       f"{plural_of(view)}")
        else:
            unusual = f"none{where} lies beyond its 95% limits, so none is unusual among {plural_of(view)}"
        out.append(Sentence(
            f"Around their pooled value of {fmt.ratio(view.target)}, the {plural_of(view)} differ among themselves "
            f"more than chance allows ({stat}); allowing for that real spread (the peer view), {unusual}.",
            (Claim(DISPERSION, line.indicator, value=1), Tally(PEER_BEYOND_95, line.indicator, b95),
             Tally(PEER_BEYOND_998, line.indicator, b998))))
    return out


def plural_of(view: Any) -> str:
    """The plural noun of a peer view's group ("ICBs"; "organisations" when all are peers)."""
    from wreslib.benchmark.scope import plural

    return "organisations" if view.peer_group in (None, "all") else plural(str(view.peer_group))


def movement_sentence(ctx: BenchmarkContext, line: Line) -> Sentence | None:
    """How many organisations' own tests of change since the year before give worsened, improved, reversed."""
    if ctx.previous is None or line.indicator == 9:
        return None
    rows = [m for code in ctx.focus if (m := ctx.movement(code, line)) is not None]
    if not rows:
        return None

    def counted(verdict: str) -> tuple[Counted, ...]:
        return tuple(Counted(m["org_code"], p_adjusted=m.get("p_adjusted"), verdict=verdict) for m in rows
                     if m.get("verdict") == verdict)

    moved = {v: counted(v) for v in (WORSENED, IMPROVED, REVERSED)}
    within = [m for m in rows if m.get("verdict") == WITHIN_CHANCE]
    missing = [m for m in rows if m.get("verdict") == "not_enough_data"]
    if not within and not any(moved.values()):
        return Sentence(f"No {ctx.noun[:-1] if ctx.noun.endswith('s') else ctx.noun} has figures for both "
                        f"{ctx.previous} and {ctx.year} to compare.")
    parts = [f"{_count(len(moved[WORSENED]), ctx.noun)} worsened", f"{_count(len(moved[IMPROVED]), ctx.noun)} improved"]
    if moved[REVERSED]:
        parts.append(f"{_count(len(moved[REVERSED]), ctx.noun)} reversed")
    claims: list[object] = [Tally(v, line.indicator, c) for v, c in moved.items() if c or v != REVERSED]
    text = (f"Since {ctx.previous}, by each one's own test of change (adjusted for its other changes), "
            f"{join(parts)} beyond what chance would give")
    if within:
        text += f"; {len(within)} moved within what chance would give"
        claims.append(Claim(TREND, line.indicator, verdict=WITHIN_CHANCE))
    if missing:
        text += f"; {len(missing)} could not be compared"
    return Sentence(text + ".", tuple(claims))


def published_sentences(ctx: BenchmarkContext, number: int) -> list[Sentence]:
    """Published reference figures beside the pooled ones (never tested: a published figure has no counts)."""
    out = []
    for row in ctx.published(number):
        shown = published_value(row["measure"], row.get("published"))
        if row.get("matched"):
            pooled = published_value(row["measure"], row.get("pooled"))
            out.append(Sentence(f"Published by {row['benchmark']} for {row['year']}: {shown}, beside {pooled} here "
                                "(not tested: the organisations may differ)."))
        else:
            out.append(Sentence(f"Published figure ({row['benchmark']}, {row['year']}, {row['measure']}): {shown}; "
                                f"nothing here to set beside it ({ctx.words(str(row.get('reason') or ''))})."))
    return out


def published_value(measure: str, value: object) -> str:
    """A published or pooled figure in the unit of its measure.

    Examples
    --------
    >>> published_value("relative_likelihood", 1.59), published_value("board_bme_pct", 18.21)
    ('1.59', '18.2%')
    >>> published_value("gap_pp", -4.88)
    '−4.9 pp'
    """
    if not _finite(value):
        return "not available"
    if measure.endswith("_pp"):
        return fmt.pp_short(float(value))  # type: ignore[arg-type]
    if measure.endswith("_pct"):
        return fmt.pct(float(value))  # type: ignore[arg-type]
    return fmt.ratio(float(value))  # type: ignore[arg-type]


def line_sentences(ctx: BenchmarkContext, line: Line) -> list[Sentence]:
    """What an indicator's screen says about one line, in order: the pooled figure (and the region against the
    rest), its change when the test calls it worsened, improved or reversed, the count significantly adverse,
    the furthest from parity, and the funnel's counts and spread."""
    out: list[Sentence | None] = []
    if ctx.region is not None:
        scope, group = "region", ctx.region
    else:
        scope, group = "all", "all"
    if line.indicator == 9:
        out += board_sentences(ctx, scope, group, ctx.group_name(scope, group))
    else:
        out.append(pooled_sentence(ctx, line, scope, group))
    out.append(comparison_sentence(ctx, line))
    change = ctx.change_row(scope, group, line)
    # The groups table gives every change; a sentence only for one the test calls worsened, improved or reversed
    # (board changes are described in the table, not tested).
    if change is not None and change.get("verdict") in (WORSENED, IMPROVED, REVERSED):
        out.append(change_sentence(ctx, line, scope, group))
    out.append(significance_sentence(ctx, line))
    out.append(furthest_sentence(ctx, line))
    out += funnel_sentences(ctx, line)
    out += peer_sentences(ctx, line)
    return [s for s in out if s is not None]


__all__ = [
    "FLAG_WORDS",
    "FURTHEST",
    "VERDICT_WORDS",
    "board_sentences",
    "change_sentence",
    "change_text",
    "comparison_sentence",
    "funnel_sentences",
    "furthest",
    "furthest_sentence",
    "line_phrase",
    "line_sentences",
    "line_title",
    "marked_change",
    "measure_words",
    "movement_sentence",
    "org_link",
    "org_value",
    "peer_sentences",
    "plain_value",
    "plural_of",
    "pooled_sentence",
    "pooled_text",
    "published_sentences",
    "published_value",
    "short_measure",
    "short_title",
    "significance_sentence",
    "singular",
    "staff_group_name",
    "value_text",
    "verdict_text",
    "workforce_share_sentence",
]
