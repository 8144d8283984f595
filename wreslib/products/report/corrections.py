"""Figures the organisation published before, checked against its counts (``wres audit``), for the report.

Page one says how many printed figures disagree and lists up to three that the published summary or key
findings printed (one per indicator), each as printed against as computed; the appendix lists
every figure that disagrees with its diagnosis, and how many checks of the published tables against
each other fail. Disclosure: a figure computed from a count below the report's small-number threshold is
not shown (its recomputed value would give the hidden count back from the total), nor is a diagnosis
that names such a count, nor the checks of the published tables (they quote counts the report may hide).
The analyst's own audit (``wres audit --data ... --org ... --year ...``) keeps the full detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wreslib.present.words import plural

if TYPE_CHECKING:
    from wreslib.audit.results import Claim, Diagnosis
    from wreslib.products.report.context import ReportContext

#: Where a published figure's source says it was printed, most read first.
PROMINENT = ("Summary table", "Key findings", "Key Findings")


def _small(ctx: ReportContext, value: float | None) -> bool:
    return value is not None and float(value).is_integer() and 0 < value < ctx.options.suppress_below


def rests_on_small(ctx: ReportContext, claim: Claim) -> bool:
    """Whether the figure is computed from a count the report's small-number rule hides."""
    return any(_small(ctx, i.value) for i in claim.inputs)


def diagnosis_text(ctx: ReportContext, d: Diagnosis) -> str:
    """A diagnosis as the shared report may say it (no small count named)."""
    if _small(ctx, d.value) or _small(ctx, d.actual):
        return ("One slip in a count too small to show here reproduces the printed figure; the analyst's audit "
                "names it.")
    return ctx.words(d.sentence)


def distinct(ctx: ReportContext) -> list[Claim]:
    """Each disagreeing figure once (the same figure printed in several places counts once), prominent first."""
    if ctx.audit is None:
        return []
    seen, out = set(), []
    for claim in ctx.audit.disagreeing:
        key = (claim.indicator, claim.measure, claim.year, claim.group, claim.staff_group, claim.band, claim.published)
        if key in seen:
            continue
        seen.add(key)
        out.append(claim)
    return sorted(out, key=lambda c: (not c.source.startswith(PROMINENT), c.indicator, c.year))


def head(ctx: ReportContext, claim: Claim) -> str:
    """"Indicator 4, 2023: printed 0.52; the counts give 0.57.\""""
    what = f"Indicator {claim.indicator}, {claim.year}"
    if rests_on_small(ctx, claim):
        return (f"{what}: printed {claim.published}, which the counts do not give (they are too small to show "
                "here; the analyst's audit has the detail).")
    if claim.recomputed_printed is not None:
        return f"{what}: printed {claim.published}; the counts give {claim.recomputed_printed}."
    return f"{what}: printed \u201c{claim.published}\u201d, which the counts do not support."


def line(ctx: ReportContext, claim: Claim) -> str:
    """The head and, where it names no hidden count, the first diagnosis of how the slip arose."""
    if rests_on_small(ctx, claim) or not claim.diagnoses:
        return head(ctx, claim)
    return f"{head(ctx, claim)} {diagnosis_text(ctx, claim.diagnoses[0])}"


def failed_checks(ctx: ReportContext) -> int:
    """How many checks of the published tables against each other fail."""
    return 0 if ctx.audit is None else sum(c.verdict == "inconsistent" for c in ctx.audit.checks)


def summary_lines(ctx: ReportContext, limit: int = 3) -> list[str]:
    """Page one: how many printed figures disagree, and the most prominent corrections (heads only)."""
    if ctx.audit is None:
        return []
    figures = distinct(ctx)
    checked = len(ctx.audit.claims)
    failed = failed_checks(ctx)
    if not figures and not failed:
        if checked == 1:
            return ["The 1 figure of the report published before agrees with the counts."]
        return [f"All {checked} figures of the report published before agree with the counts."]
    lead = (f"Of the {checked} figures of the report published before, {plural(len(figures), 'distinct figure')} "
            "disagree with the counts")
    lead += (f", and {plural(failed, 'check')} of its tables against each other fail" if failed else "")
    return [lead + " (listed in the appendix)."] + [head(ctx, c) for c in front(ctx, figures, limit)]


def front(ctx: ReportContext, figures: list[Claim], limit: int) -> list[Claim]:
    """The corrections for page one: printed in the published summary or key findings, one per indicator,
    those a reader can check here (not resting on a hidden count) first."""
    chosen: list[Claim] = []
    for claim in sorted((c for c in figures if c.source.startswith(PROMINENT)), key=lambda c: rests_on_small(ctx, c)):
        if len(chosen) < limit and all(c.indicator != claim.indicator for c in chosen):
            chosen.append(claim)
    return sorted(chosen, key=lambda c: c.indicator)


def appendix_lines(ctx: ReportContext) -> list[str]:
    """Every disagreeing figure, with its diagnosis and where it was printed, for the appendix."""
    return [f"{line(ctx, c)} (Printed in: {where(c)}.)" for c in distinct(ctx)]


def where(claim: Claim) -> str:
    """Where the figure was printed, without the quoted phrase (the organisation's words, which the report's
    display label would otherwise leave mixed with its own)."""
    return claim.source.split(" (")[0]
