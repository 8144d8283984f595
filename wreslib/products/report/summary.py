"""Page one of the report: the ratings, the headlines as plain "x of y", what changed, the caveats, the
top actions and what the board is asked to do.

Each finding is stated here once; the indicator sections give the detail behind it and do not repeat it.
"""

from __future__ import annotations

from wreslib.measures import families
from wreslib.measures.families import BME, WHITE
from wreslib.measures.rating import AMBER, GREEN, GREY, RED
from wreslib.measures.results import ALPHA, OK
from wreslib.measures.trend import IMPROVED, NOT_ENOUGH_DATA, NOT_TESTED, REVERSED, WITHIN_CHANCE, WORSENED
from wreslib.present import fmt
from wreslib.present.words import capital, indicators_phrase, join, number_word, plural
from wreslib.products.report import narrative
from wreslib.products.report.claims import SIGNIFICANT, TREND, Claim, Sentence
from wreslib.products.report.context import Action, ReportContext

RAG_WORDS = {RED: "Red", AMBER: "Amber", GREEN: "Green", GREY: "Not rated"}
TREND_WORDS = {WORSENED: "worsened", IMPROVED: "improved", REVERSED: "reversed",
               WITHIN_CHANCE: "no change beyond chance", NOT_TESTED: "not tested", NOT_ENOUGH_DATA: "—"}
#: At most this many headlines on page one.
MAX_HEADLINES = 6


def ratings_lead(ctx: ReportContext) -> Sentence:
    """"Of the nine indicators in 2024, three are rated red (indicators 2, 7 and 8), …\""""
    ratings = ctx.current.ratings
    parts = []
    for rag in (RED, AMBER, GREEN):
        found = [n for n, r in ratings.items() if r == rag]
        if found:
            parts.append(f"{number_word(len(found))} {rag} ({indicators_phrase(found)})")
    grey = [n for n, r in ratings.items() if r == GREY]
    text = f"Of the nine indicators in {ctx.year}, " + (join(parts) if parts else "none could be rated")
    if grey:
        text += f"; {number_word(len(grey))} could not be rated ({indicators_phrase(grey)})"
    return Sentence(text + ".")


def figure_text(ctx: ReportContext, number: int) -> str:
    """The indicator's headline figure, short, for the summary table."""
    s = ctx.current
    family = families.indicator(number).family
    label = ctx.words.label
    if family == families.WORKFORCE:
        head = s.workforce.headline
        if head is None or head.likelihood.status != OK:
            return "—"
        return f"{narrative.STAFF_GROUP_NAMES.get(head.staff_group, head.staff_group)}: {_ratio(head.likelihood)}"
    if family == families.LIKELIHOOD:
        m = s.likelihood(number).likelihood
        return _ratio(m) if m is not None and m.status == OK else "—"
    if family == families.SURVEY:
        r = s.survey(number)
        if r.white is None or r.bme is None or r.status != OK:
            return "—"
        return f"{label} {fmt.pct(r.bme.pct)}, White {fmt.pct(r.white.pct)}"
    v = s.board.voting
    if v.status != OK:
        return "—"
    return f"board {fmt.pct(v.board_bme_pct)}, workforce {fmt.pct(v.workforce_bme_pct)}"


def _ratio(m: object) -> str:
    if getattr(m, "unbounded", False):
        return f"at least {fmt.bound(m.ci_low, 1.0, below=False)}"  # type: ignore[attr-defined]
    return fmt.ratio(getattr(m, "value", None))


def measure_text(ctx: ReportContext, number: int) -> str:
    """What the headline figure measures, naming who is compared to whom."""
    ind = families.indicator(number)
    label = ctx.words.label
    if ind.family in (families.WORKFORCE, families.LIKELIHOOD):
        first, second = ctx.words.group(ind.numerator_group or WHITE), ctx.words.group(ind.denominator_group or BME)
        return f"{first} relative to {second}"
    if ind.family == families.SURVEY:
        return f"% of respondents ({'higher' if ind.higher_is_better else 'lower'} is better)"
    return f"{label} % of voting members"


def change_text(ctx: ReportContext, number: int) -> str:
    t = ctx.current.trend(number)
    return TREND_WORDS.get(t.verdict, "—") if t is not None else "—"


def headlines(ctx: ReportContext) -> list[Sentence]:
    """Up to six plain "x of y" statements: the red indicators, then the amber ones."""
    s = ctx.current
    ratings = s.ratings
    order = [n for n in families.NUMBERS if ratings[n] == RED] + [n for n in families.NUMBERS if ratings[n] == AMBER]
    out: list[Sentence] = []
    for number in order:
        sentence = headline(ctx, number)
        if sentence is not None:
            out.append(sentence)
        if len(out) == MAX_HEADLINES:
            break
    return out


def headline(ctx: ReportContext, number: int) -> Sentence | None:
    """One indicator's finding as plain counts, with its rating word and the statistic behind it."""
    s = ctx.current
    family = families.indicator(number).family
    rating = RAG_WORDS[s.ratings[number]]
    if family == families.LIKELIHOOD:
        r = s.likelihood(number)
        if r.likelihood is None or r.status != OK:
            return None
        counts = narrative.counts_sentence(ctx, r, s.year)
        phrases = families.indicator(number).phrases
        assert phrases is not None
        # Plain counts when disclosure control lets them be said; otherwise the ratio, always published.
        text = str(counts.text) if counts is not None else narrative.likelihood_clause(ctx, r.likelihood, phrases) + "."
        return Sentence(f"{rating}, indicator {number}. {capital(text)}")
    if family == families.SURVEY:
        r = s.survey(number)
        if r.gap is None:
            return None
        return Sentence(f"{rating}, indicator {number}. {narrative.survey_counts_sentence(ctx, r).text}")
    if family == families.BOARD:
        sentence = narrative.board_share_sentence(ctx, s.board.voting, s.year)
        return None if sentence is None else Sentence(f"{rating}, indicator 9. {sentence.text}")
    head = s.workforce.headline
    if head is None:
        return None
    name = narrative.STAFF_GROUP_NAMES.get(head.staff_group, head.staff_group)
    clause = narrative.likelihood_clause(ctx, head.likelihood, families.Phrases("staff", "", "", ""),
                                         outcome=f"to be in {narrative.band_words(head.senior)}")
    return Sentence(f"{rating}, indicator 1 ({name} staff). {clause}.")


def changes(ctx: ReportContext) -> list[Sentence]:
    """What changed since the first report year, only where the adjusted test of the change says so."""
    s = ctx.current
    if len(ctx.sets) < 2:
        return [Sentence(f"Only {ctx.year} is in the data, so no change can be tested yet.")]
    first = ctx.sets[0].year
    tested = [t for t in s.trends if t.p_value is not None]
    moved = [t for t in tested if t.verdict in (WORSENED, IMPROVED, REVERSED)]
    if not moved:
        return [Sentence(f"No indicator changed by more than chance would give since {first} "
                         f"({plural(len(tested), 'change')} tested, each adjusted for the others).")]
    out = []
    for verdict, word in ((WORSENED, "worsened"), (IMPROVED, "improved"), (REVERSED, "reversed")):
        found = [t for t in moved if t.verdict == verdict]
        if found:
            worst = max(t.p_adjusted or 0 for t in found)
            out.append(Sentence(f"Since {first}, {indicators_phrase([t.number for t in found])} "
                                f"{'has' if len(found) == 1 else 'have'} {word} beyond what chance would give "
                                f"(adjusted p ≤ {fmt.ratio(worst, 3)}).",
                                tuple(Claim(TREND, t.number, p_adjusted=t.p_adjusted, verdict=t.verdict)
                                      for t in found)))
    rest = len(tested) - len(moved)
    if rest:
        out.append(Sentence(f"The other {plural(rest, 'change')} tested {'is' if rest == 1 else 'are'} within what "
                            "chance would give.", (Claim(TREND, 0, verdict=WITHIN_CHANCE),)))
    return out


def caveats(ctx: ReportContext) -> list[str]:
    """Warnings that change how a figure must be read, said under disclosure control."""
    d = ctx.disc
    out = []
    for w in ctx.current.warnings:
        if getattr(w, "caveat", False):
            text = w.render(lambda f: d.words(f.key), lambda f, whole: d.pct(f.key, whole.key))
            out.append(capital(ctx.words(text)) + ".")
    return out


def significant_findings(ctx: ReportContext) -> list[int]:
    """Indicators whose adverse result is statistically significant after adjustment (the red ones)."""
    return [n for n, r in ctx.current.ratings.items() if r == RED]


def top_actions(ctx: ReportContext, limit: int = 3) -> list[Action]:
    """The actions in progress or planned that serve the red indicators first, then the amber ones."""
    ratings = ctx.current.ratings
    open_ = [a for a in ctx.actions if a.status != "completed"]
    ranked = sorted(open_, key=lambda a: (min((0 if ratings.get(n) == RED else 1 if ratings.get(n) == AMBER else 2)
                                              for n in a.indicators) if a.indicators else 3))
    return ranked[:limit]


def tests_statement(ctx: ReportContext) -> Sentence:
    s = ctx.current
    year_tests, trend_tests = len(s.tests), len(s.trend_tests)
    text = (f"Behind this report are {plural(year_tests, 'statistical test')} of {ctx.year} and "
            f"{plural(trend_tests, 'test')} of change; each is adjusted for the others in its group (Holm's method), "
            "so a result is called significant only if chance is unlikely to explain it even among so many "
            "(see the appendix).") if trend_tests else (
            f"Behind this report are {plural(year_tests, 'statistical test')} of {ctx.year}, each adjusted for the "
            "others by Holm's method (details in the appendix).")
    return Sentence(text)


def conclusion(ctx: ReportContext) -> list[Sentence]:
    """A short generated conclusion: where the evidence of disparity is strongest, and what follows."""
    strong = significant_findings(ctx)
    label = ctx.words.label
    out = []
    if strong:
        adjusted = [ctx.current.result(n) for n in strong]
        out.append(Sentence(
            f"The evidence of disparity adverse to {label} staff is strongest for {indicators_phrase(strong)}: "
            "each is statistically significant after adjustment for the report's tests.",
            tuple(Claim(SIGNIFICANT, r.number, p_adjusted=_adjusted_p(r)) for r in adjusted)
            + tuple(Claim("position", r.number, position="adverse") for r in adjusted)))
    else:
        out.append(Sentence(f"No comparison shows {label} staff faring worse to a degree that reaches statistical "
                            "significance after adjustment for the report's tests; with one organisation's numbers, "
                            "that is not evidence that no disparity exists.",
                            (Claim("not_significant", 0, p_adjusted=None),)))
    return out


def _adjusted_p(result: object) -> float | None:
    number = getattr(result, "number", 0)
    if number == 1:
        head = result.headline  # type: ignore[attr-defined]
        return head.likelihood.p_adjusted if head else None
    if number in families.numbers_of(families.LIKELIHOOD):
        m = result.likelihood  # type: ignore[attr-defined]
        return m.p_adjusted if m else None
    if number in families.numbers_of(families.SURVEY):
        return result.gap.p_adjusted if result.gap else None  # type: ignore[attr-defined]
    return result.voting.p_adjusted  # type: ignore[attr-defined]


ALPHA_TEXT = f"{ALPHA}"
