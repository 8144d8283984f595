"""An audit in words: the plain text ``wres audit`` prints, and Markdown for a README or a review.

A figure printed in several places (0.52 in the summary table and in the indicator 4 table) is one
finding, listed with every place it appears. Both renderings list every figure that disagrees with its
diagnoses, every figure that cannot be checked, the figures that agree only when truncated, and the
published figures that disagree with one another; the figures that agree are counted, not listed (the
JSON lists them all).
"""

from __future__ import annotations

from dataclasses import dataclass

from wreslib.audit.printed import TRUNCATED
from wreslib.audit.results import AGREES, CANNOT_CHECK, DISAGREES, AuditResult, Check, Claim

__all__ = ["Finding", "findings", "format_markdown", "format_text", "summary_line"]


@dataclass(frozen=True)
class Finding:
    """One figure as printed, with every place it is printed (claims of one identity and one text)."""

    claim: Claim
    places: tuple[str, ...]

    @property
    def title(self) -> str:
        c = self.claim
        cell = ", ".join(x for x in (c.staff_group, c.band) if x)
        return f"Indicator {c.indicator}, {c.measure}, {c.year}" + (f" ({cell})" if cell else "")


def findings(result: AuditResult, verdict: str, truncated_only: bool = False) -> tuple[Finding, ...]:
    """The claims of one verdict, one finding per figure and printed text, in published.csv order."""
    grouped: dict[tuple, list[Claim]] = {}
    for c in result.claims:
        if c.verdict != verdict or (truncated_only and c.rounding != TRUNCATED):
            continue
        key = (c.indicator, c.measure, c.year, c.staff_group, c.band, c.published)
        grouped.setdefault(key, []).append(c)
    return tuple(Finding(claims[0], tuple(c.source or f"{result.published_file} row {c.row}" for c in claims))
                 for claims in grouped.values())


def summary_line(result: AuditResult) -> str:
    """One sentence: how many figures, and how many agree, disagree or cannot be checked.

    Examples
    --------
    >>> from wreslib.audit.results import AuditResult, Claim
    >>> result = AuditResult("AAA", "Alpha ICB", 2024, "published.csv",
    ...                      (Claim(4, "relative_likelihood", 2024, "0.52", "disagrees"),))
    >>> summary_line(result)
    '1 published figure (2024): 0 agree, 1 disagrees, 0 cannot be checked.'
    """
    n = len(result.claims)
    years = result.years
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else f"{years[0]}" if years else "no years"
    dis = result.count(DISAGREES)
    return (f"{n} published figure{'s' if n != 1 else ''} ({span}): {result.count(AGREES)} agree, {dis} "
            f"disagree{'s' if dis == 1 else ''}, {result.count(CANNOT_CHECK)} cannot be checked.")


def _recomputed(c: Claim) -> str:
    return c.reason or ""


def _checks(result: AuditResult) -> tuple[Check, ...]:
    return result.inconsistent


def format_text(result: AuditResult) -> str:
    """The plain text ``wres audit`` prints: a summary, then each finding with its diagnoses."""
    lines = [f"WRES audit of published figures: {result.org_name} ({result.org_code}), report {result.year}",
             f"Published figures: {result.published_file}", "", summary_line(result)]
    truncated = findings(result, AGREES, truncated_only=True)
    if truncated:
        lines.append(f"{len(truncated)} of the figures that agree do so only when truncated, not rounded (listed "
                     "below).")
    checks = _checks(result)
    lines.append(f"Published figures checked against one another: {len(result.checks)} checks, {len(checks)} "
                 "inconsistent.")
    disagree = findings(result, DISAGREES)
    if disagree:
        lines += ["", f"FIGURES THAT DISAGREE WITH THE COUNTS ({len(disagree)})"]
        for i, f in enumerate(disagree, start=1):
            c = f.claim
            lines.append(f"{i:>3}. {f.title}: published {c.published}; {_recomputed(c)}.")
            lines.append(f"     Printed at: {'; '.join(f.places)}.")
            for d in c.diagnoses:
                lines.append(f"     - {d.sentence}")
    cannot = findings(result, CANNOT_CHECK)
    if cannot:
        lines += ["", f"FIGURES THAT CANNOT BE CHECKED ({len(cannot)})"]
        for f in cannot:
            lines.append(f"  - {f.title}: published {f.claim.published}; {f.claim.reason}. "
                         f"Printed at: {'; '.join(f.places)}.")
    if truncated:
        lines += ["", f"FIGURES THAT AGREE ONLY WHEN TRUNCATED ({len(truncated)})"]
        for f in truncated:
            lines.append(f"  - {f.title}: published {f.claim.published}; {f.claim.reason}. "
                         f"Printed at: {'; '.join(f.places)}.")
    if checks:
        lines += ["", f"PUBLISHED FIGURES THAT DISAGREE WITH ONE ANOTHER ({len(checks)})"]
        for k in checks:
            lines.append(f"  - Indicator {k.indicator}, {k.sentence}")
            lines.append(f"    Figures: {'; '.join(k.figures)}.")
    notes = _notes(result)
    if notes:
        lines += ["", "NOTES"] + [f"  - {n}" for n in notes]
    lines += ["", "Every figure that disagrees is diagnosed by search: a slip is named only if it reproduces the "
              "printed figure exactly at its printed precision. Confirm each against the report's own workings."]
    return "\n".join(lines)


def _notes(result: AuditResult) -> list[str]:
    out: dict[str, list[str]] = {}
    for c in result.claims:
        for note in c.notes:
            out.setdefault(note, []).append(c.published)
    return [f"{len(texts)} figure{'s' if len(texts) != 1 else ''}: {note} (for example "
            f"{', '.join(dict.fromkeys(texts[:4]))})." for note, texts in out.items()]


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def format_markdown(result: AuditResult) -> str:
    """The audit's findings as Markdown (the section of ``data/example/README.md`` that lists them).

    Examples
    --------
    >>> from wreslib.audit.results import AuditResult, Claim
    >>> claim = Claim(9, "board_bme_pct", 2024, "25%", "disagrees", source="Ind. 9 table",
    ...               reason="the counts give 15.38, which prints as 15%")
    >>> print(format_markdown(AuditResult("AAA", "Alpha ICB", 2024, "published.csv", (claim,))).splitlines()[4])
    1. **Indicator 9, board\\_bme\\_pct, 2024**: published **25%**; the counts give 15.38, which prints as 15%. \
Printed at: Ind. 9 table.
    """
    lines = [f"`wres audit --data data/example --org {result.org_code} --year {result.year}` checks every figure "
             f"of `{result.published_file}` against the counts. {summary_line(result)} "
             f"{len(result.inconsistent)} of {len(result.checks)} checks of the published figures against one "
             "another fail.", ""]
    disagree = findings(result, DISAGREES)
    lines += [f"### Figures that disagree with the counts ({len(disagree)} figures, printed in "
              f"{sum(len(f.places) for f in disagree)} places)", ""]
    for i, f in enumerate(disagree, start=1):
        c = f.claim
        lines.append(f"{i}. **{_md(f.title)}**: published **{_md(c.published)}**; {_md(_recomputed(c))}. "
                     f"Printed at: {_md('; '.join(f.places))}.")
        for d in c.diagnoses:
            lines.append(f"   - {_md(d.sentence)}")
    cannot = findings(result, CANNOT_CHECK)
    if cannot:
        lines += ["", f"### Figures that cannot be checked ({len(cannot)})", ""]
        lines += [f"- **{_md(f.title)}**: published {_md(f.claim.published)}; {_md(f.claim.reason or '')}."
                  for f in cannot]
    truncated = findings(result, AGREES, truncated_only=True)
    if truncated:
        lines += ["", f"### Figures that agree only when truncated, not rounded ({len(truncated)})", ""]
        lines += [f"- **{_md(f.title)}**: published {_md(f.claim.published)}; {_md(f.claim.reason or '')}. "
                  f"Printed at: {_md('; '.join(f.places))}." for f in truncated]
    checks = result.inconsistent
    if checks:
        lines += ["", f"### Published figures that disagree with one another ({len(checks)})", ""]
        lines += [f"- Indicator {k.indicator}, {_md(k.sentence)}" for k in checks]
    notes = _notes(result)
    if notes:
        lines += ["", "### Notes", ""] + [f"- {_md(n)}" for n in notes]
    return "\n".join(lines) + "\n"
