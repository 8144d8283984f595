"""The first screen of the benchmark page: who is compared, what changed for the whole set, and how to read
the two counts of organisations side by side.

The summary table itself is :func:`wreslib.products.benchmark.tables.summary_table`; each indicator's screen
gives the detail behind its row.
"""

from __future__ import annotations

from wreslib.measures.trend import IMPROVED, REVERSED, WITHIN_CHANCE, WORSENED
from wreslib.present import fmt
from wreslib.present.words import join, plural
from wreslib.products.benchmark.claims import TREND, Claim, Sentence
from wreslib.products.benchmark.context import BenchmarkContext
from wreslib.products.benchmark.narrative import line_phrase


def lead(ctx: BenchmarkContext) -> list[Sentence]:
    """Who is compared, in which year, and where each organisation's own figures are."""
    moved = f", and how each figure moved since {ctx.previous}" if ctx.previous is not None else ""
    if ctx.region is None:
        first = f"This page compares {ctx.name} on the nine WRES indicators in {ctx.year}{moved}."
    else:
        rest = ctx.group_name(*ctx.rest) if ctx.rest is not None else "no other organisation"
        first = (f"This page sets {ctx.focus_name} against {rest} on the nine WRES indicators in {ctx.year}{moved}.")
    out = [Sentence(first), Sentence(
        "A set's figures are pooled from its organisations' summed counts; an organisation's are those of its own "
        "report.")]
    gone = ctx.bench.population.excluded
    if gone:
        out.append(Sentence(f"{plural(len(gone), 'organisation')} in the data could not be compared (see the "
                            "appendix)."))
    return out


def changes(ctx: BenchmarkContext) -> list[Sentence]:
    """Which pooled figures of the page's main set changed since the year before, by the adjusted test of change."""
    if ctx.previous is None:
        return [Sentence(f"Only {ctx.year} is compared, so no change is tested.")]
    scope, group = ("region", ctx.region) if ctx.region is not None else ("all", "all")
    tested = []
    for line in ctx.lines:
        row = ctx.change_row(scope, group, line)
        if row is not None and row.get("p_value") is not None:
            tested.append((line, row))
    out = []
    for verdict, word in ((WORSENED, "worsened"), (IMPROVED, "improved"), (REVERSED, "reversed")):
        found = [(line, row) for line, row in tested if row.get("verdict") == verdict]
        if found:
            worst = max(row["p_adjusted"] for _, row in found)
            names = join([line_phrase(ctx, line) for line, _ in found])
            out.append(Sentence(f"Since {ctx.previous}, the pooled figure has {word} beyond what chance would give "
                                f"for {names}; adjusted p ≤ {fmt.ratio(worst, 3)}.",
                                tuple(Claim(TREND, line.indicator, p_adjusted=row["p_adjusted"], verdict=verdict)
                                      for line, row in found)))
    rest = [(line, row) for line, row in tested if row.get("verdict") == WITHIN_CHANCE]
    if rest and len(rest) == len(tested):
        out.append(Sentence(f"Since {ctx.previous}, every pooled figure tested ({plural(len(rest), 'change')}) moved "
                            "within what chance would give, each test adjusted for the others of its year.",
                            (Claim(TREND, 0, verdict=WITHIN_CHANCE),)))
    elif rest:
        out.append(Sentence(f"The other {plural(len(rest), 'change')} tested moved within what chance would give.",
                            (Claim(TREND, 0, verdict=WITHIN_CHANCE),)))
    return out


def reading_note(ctx: BenchmarkContext) -> Sentence:
    """Why the two counts of organisations differ: one test on its own against the report's adjusted test."""
    return Sentence(
        "The funnel count is each organisation's own test on its own; the adjusted count allows for its report's "
        "other tests, so is stricter. A change carries a word in the tables only where its own test gives one.")


__all__ = ["changes", "lead", "reading_note"]
