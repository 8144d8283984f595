"""Diagnosis of a published figure that disagrees with the counts: a search over single slips.

Each hypothesis changes exactly one thing in the figure's formula (:mod:`wreslib.audit.recompute`) and
recomputes it exactly; it is stated only if it reproduces the published figure **at its printed precision**
(:func:`wreslib.audit.printed.match`). Nothing is guessed: a hypothesis that does not reproduce the figure
is never mentioned, and when none does, the audit says so (and, as a pointer, which single value of a count
would have been needed).

The hypotheses, in the order they are listed (:data:`wreslib.audit.results.DIAGNOSIS_KINDS`):

- the figure of another ethnic group (White and BME swapped), or a gap taken White minus BME;
- the relative likelihood inverted; a difference taken the other way round;
- a ratio printed as a percentage;
- shares with staff of unknown ethnicity left out of the denominator (or counted in it);
- one count replaced by another from the same tables: the same count a year before or after, another
  group's, or another of the same group and year (another table, staff group or band);
- one count with a digit dropped, added, changed, or two neighbouring digits transposed;
- rounding of intermediate figures: the report's own printed percentages used in place of the exact ones
  (alone, or with a ratio inverted or a difference reversed: a slip in the method, not a new one in the
  figures), percentages rounded or truncated to 0-3 decimals first, or the figure rounded in two steps.

References
----------
Brown NJL, Heathers JAJ. The GRIM test. *Soc Psychol Personal Sci* 2017;8:363-369 (checking printed
figures against the whole numbers they must come from); the issue's list of slips seen in published WRES
reports.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from wreslib.audit.printed import format_value, match, round_half_up
from wreslib.audit.published import PublishedFigure
from wreslib.audit.recompute import (
    GROUPS,
    Context,
    CountKey,
    Diff,
    Entry,
    Expr,
    Leaf,
    Ledger,
    Pct,
    Ratio,
    Recomputation,
    Ref,
    formula,
)
from wreslib.audit.results import DIAGNOSIS_KINDS, Diagnosis
from wreslib.audit.vocabulary import ALL, RATIO
from wreslib.measures import families

__all__ = ["Evidence", "diagnose", "digit_slips"]

#: How far the search for the value a count would have needed goes (values tried per count).
NEEDED_SEARCH = 5000
_HOW = {"digit_dropped": "a digit dropped", "digit_added": "a digit added", "digit_changed": "one digit changed",
        "digits_transposed": "two neighbouring digits transposed"}


def digit_slips(value: int) -> list[tuple[str, int]]:
    """Every whole number one typing slip away from ``value``: a digit dropped, added, changed or two
    neighbouring digits transposed (no leading zeros; each number once, under the first slip that gives it).

    Examples
    --------
    >>> dict((v, k) for k, v in digit_slips(99))[89], dict((v, k) for k, v in digit_slips(99))[9]
    ('digit_changed', 'digit_dropped')
    >>> dict((v, k) for k, v in digit_slips(309))[390]
    'digits_transposed'
    >>> len(digit_slips(5))  # 0-4, 6-9 changed; 10 added digits before or after (05 is not a number)
    27
    """
    text = str(int(value))
    found: dict[int, str] = {}

    def take(kind: str, candidate: str) -> None:
        if not candidate or (len(candidate) > 1 and candidate[0] == "0"):
            return
        number = int(candidate)
        if number != value and number not in found:
            found[number] = kind

    for i in range(len(text)):
        take("digit_dropped", text[:i] + text[i + 1:])
    for i in range(len(text) - 1):
        if text[i] != text[i + 1]:
            take("digits_transposed", text[:i] + text[i + 1] + text[i] + text[i + 2:])
    for i in range(len(text) + 1):
        for digit in "0123456789":
            take("digit_added", text[:i] + digit + text[i:])
    for i in range(len(text)):
        for digit in "0123456789":
            if digit != text[i]:
                take("digit_changed", text[:i] + digit + text[i + 1:])
    return [(kind, number) for number, kind in found.items()]


@dataclass(frozen=True)
class Evidence:
    """The rest of the report: every printed figure with its recomputation and whether it agrees.

    A slip in one count should leave the figures worked from it consistent with one another: the
    diagnosis of 0.52 as "89 BME staff instead of 99" is borne out by the printed 26.97% beside it, which
    is 24 of 89. So a count's replacement is *corroborated* by each printed figure that disagrees with
    the counts but agrees once the count is replaced, and *contradicted* by each printed figure worked
    from the count that agrees with the counts but would not with the replacement.
    """

    figures: tuple[tuple[PublishedFigure, Recomputation, bool], ...] = ()

    @property
    def printed(self) -> dict[Ref, list[tuple[Fraction, PublishedFigure]]]:
        """Printed numbers by identity (each distinct value once), for the report's-own-figures hypothesis."""
        index: dict[Ref, list[tuple[Fraction, PublishedFigure]]] = {}
        for figure, _r, _agrees in self.figures:
            if figure.printed is None or figure.printed.bound is not None:
                continue
            values = index.setdefault(figure.identity, [])
            if all(value != figure.printed.value for value, _f in values):
                values.append((figure.printed.value, figure))
        return index

    def wrong(self, ref: Ref) -> bool:
        """True when a printed figure of this identity disagrees with the counts."""
        return any(figure.identity == ref and not agrees for figure, _r, agrees in self.figures
                   if figure.printed is not None)

    def using(self, key: CountKey, figure: PublishedFigure) -> list[tuple[PublishedFigure, Recomputation, bool]]:
        """Printed figures worked out from this count in the same calculation as ``figure``: the same
        indicator and year, not the count itself printed, and not ``figure`` printed again elsewhere."""
        return [(f, r, agrees) for f, r, agrees in self.figures
                if f.printed is not None and f.printed.bound is None and f.year == figure.year
                and f.indicator == figure.indicator and f.identity != figure.identity and r.expr is not None
                and not isinstance(r.expr, Leaf) and key in r.expr.count_keys()]


@dataclass(frozen=True)
class _Hypothesis:
    kind: str
    value: Fraction
    sentence: str
    count: str | None = None
    count_value: Fraction | None = None
    actual: Fraction | None = None
    source: str | None = None
    corroborated: tuple[str, ...] = ()
    contradicted: tuple[str, ...] = ()


def _shown(value: Fraction, decimals: int) -> str:
    return format_value(value, max(decimals + 1, 2)) if value.denominator != 1 else str(value.numerator)


def _plain(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else format_value(value, 2)


class _Search:
    """One disagreeing figure and the means to try hypotheses on it."""

    def __init__(self, figure: PublishedFigure, recomputation: Recomputation, ledger: Ledger,
                 evidence: Evidence) -> None:
        self.figure = figure
        self.r = recomputation
        self.expr: Expr = recomputation.expr  # type: ignore[assignment]
        self.ledger = ledger
        self.evidence = evidence
        self.printed = evidence.printed
        self.wrong = evidence.wrong
        self.decimals = figure.printed.decimals if figure.printed is not None else 2
        self.found: list[_Hypothesis] = []

    # --- evaluating ---------------------------------------------------------------------------------

    def reproduces(self, value: Fraction | None) -> bool:
        if value is None:
            return False
        f = self.figure
        if f.printed is not None:
            return match(value, f.printed) is not None
        if f.direction is not None:
            centre = 1 if f.spec.kind == RATIO else 0
            sign = (value > centre) - (value < centre)
            return sign == f.direction.sign
        return False

    def context(self, expr: Expr | None = None, values: Callable[[CountKey], Fraction | None] | None = None,
                **change: object) -> Context:
        return Context(values or self.ledger.value, expr or self.expr, **change)  # type: ignore[arg-type]

    def evaluate(self, expr: Expr | None = None, **change: object) -> tuple[Fraction | None, Context]:
        ctx = self.context(expr, **change)  # type: ignore[arg-type]
        return (expr or self.expr).evaluate(ctx), ctx

    def say(self, kind: str, value: Fraction, sentence: str, **fields: object) -> None:
        self.found.append(_Hypothesis(kind, value, sentence, **fields))  # type: ignore[arg-type]

    @property
    def published(self) -> str:
        return f"the published {self.figure.text}"

    # --- hypotheses ---------------------------------------------------------------------------------

    def structural(self) -> None:
        expr, f = self.expr, self.figure
        if isinstance(expr, Ratio):
            flipped = Ratio(expr.b, expr.a)
            value, ctx = self.evaluate(flipped)
            ind = families.indicator(f.indicator)
            if self.reproduces(value) and f.direction is not None:
                self.say("ratio_inverted", value,  # type: ignore[arg-type]
                         f"The words '{f.text}' are true of the relative likelihood the other way round, "
                         f"{ind.denominator_group} relative to {ind.numerator_group} ({flipped.text(ctx)} = "
                         f"{_shown(value, 2)}).")  # type: ignore[arg-type]
            elif self.reproduces(value):
                self.say("ratio_inverted", value,  # type: ignore[arg-type]
                         f"{self.published.capitalize()} is the relative likelihood the other way round, "
                         f"{ind.denominator_group} relative to {ind.numerator_group}: {flipped.text(ctx)} = "
                         f"{_shown(value, self.decimals)}.")  # type: ignore[arg-type]
            if f.printed is not None and self.r.value is not None:
                scaled = self.r.value * 100
                if self.reproduces(scaled):
                    self.say("percent_for_ratio", scaled,
                             f"{self.published.capitalize()} is the ratio {_shown(self.r.value, 2)} printed as a "
                             f"percentage ({_shown(scaled, self.decimals)}%).")
        if isinstance(expr, Diff):
            flipped = Diff(expr.b, expr.a)
            value, ctx = self.evaluate(flipped)
            if self.reproduces(value) and f.direction is not None:
                turned = "White minus BME" if f.spec.base == "gap_pp" else "the other way round"
                self.say("groups_swapped" if f.spec.base == "gap_pp" else "reversed", value,  # type: ignore[arg-type]
                         f"The words '{f.text}' are true of the difference taken {turned} ({flipped.text(ctx)} = "
                         f"{_shown(value, 2)}): " + ("the groups are swapped." if f.spec.base == "gap_pp" else
                                                     "the comparison is turned round."))  # type: ignore[arg-type]
            elif self.reproduces(value):
                if f.spec.base == "gap_pp":
                    self.say("groups_swapped", value,  # type: ignore[arg-type]
                             f"{self.published.capitalize()} is the gap taken the other way round, White minus "
                             f"BME: {flipped.text(ctx)} = {_shown(value, self.decimals)}.")  # type: ignore[arg-type]
                else:
                    self.say("reversed", value,  # type: ignore[arg-type]
                             f"{self.published.capitalize()} is the difference taken the other way round: "
                             f"{flipped.text(ctx)} = {_shown(value, self.decimals)}.")  # type: ignore[arg-type]

    def other_groups(self) -> None:
        f = self.figure
        if f.group not in GROUPS or f.spec.base == "gap_pp":
            return
        for other in (g for g in f.spec.groups if g not in (ALL, f.group)):
            scope = self.r.scope
            expr = formula(type(scope)(scope.indicator, scope.base, other, scope.staff_group, scope.band, scope.year),
                           self.ledger)
            value, ctx = self.evaluate(expr)
            if self.reproduces(value):
                self.say("groups_swapped", value,  # type: ignore[arg-type]
                         f"{self.published.capitalize()} is the {other} figure, not the {f.group} one: "
                         f"{expr.text(ctx)} = {_shown(value, self.decimals)}. The groups are swapped.")  # type: ignore[arg-type]

    def denominators(self) -> None:
        pcts = [n for n in self.expr.nodes() if isinstance(n, Pct)]
        for change, kind, words in (
            ("without_unknown", "denominator_without_unknown", "staff of unknown ethnicity are left out of the "
                                                                 "denominator"),
            ("with_unknown", "denominator_with_unknown", "each rate is worked over everyone (all groups, unknown "
                                                           "ethnicity included) rather than the group's own total"),
        ):
            if not any((n.without_unknown if change == "without_unknown" else n.with_unknown) is not None
                       for n in pcts):
                continue
            value, ctx = self.evaluate(denominator=change)
            if self.reproduces(value):
                self.say(kind, value,  # type: ignore[arg-type]
                         f"{self.published.capitalize()} is reproduced if {words}: {self.expr.text(ctx)} = "
                         f"{_shown(value, self.decimals)}.")  # type: ignore[arg-type]

    def counts(self) -> None:
        keys = list(dict.fromkeys(self.expr.count_keys()))
        single = isinstance(self.expr, Leaf)
        for key in keys:
            entry = self.ledger.get(key)
            if entry is None:
                continue
            related = self.ledger.related(key)
            # One hypothesis per replacement value, under its closest explanation: the same count in a
            # neighbouring year or of another group, then a typing slip, then another table's count.
            candidates: list[tuple[str, Fraction, Entry | None]] = [
                ("other_count", other.value, other) for how, other in related if how in ("year", "group")]
            if entry.whole:
                candidates += [(kind, Fraction(number), None) for kind, number in digit_slips(int(entry.value))]
            candidates += [("other_count", other.value, other) for how, other in related if how == "table"]
            seen: set[Fraction] = {entry.value}
            for kind, replacement, other in candidates:
                if replacement in seen:
                    continue
                seen.add(replacement)

                def values(k: CountKey, key: CountKey = key, replacement: Fraction = replacement) -> Fraction | None:
                    return replacement if k == key else self.ledger.value(k)

                ctx = self.context(values=values)
                value = self.expr.evaluate(ctx)
                if not self.reproduces(value):
                    continue
                assert value is not None
                corroborated, contradicted = self.bearing(key, values)
                r, a = _plain(replacement), _plain(entry.value)
                if kind == "other_count":
                    assert other is not None
                    source = f"{other.label} ({other.where})"
                    if single:
                        sentence = (f"{self.published.capitalize()} is {other.label} ({other.where}), not "
                                    f"{entry.label} ({a}).")
                    else:
                        sentence = (f"{self.published.capitalize()} is reproduced if {entry.label} were {r} "
                                    f"instead of {a}, as {other.label} are ({other.where}): {self.expr.text(ctx)} = "
                                    f"{_shown(value, self.decimals)}.")
                else:
                    source = _HOW[kind]
                    if single:
                        sentence = (f"{self.published.capitalize()} is {entry.label} ({a}) with {_HOW[kind]} "
                                    f"({entry.where}).")
                    else:
                        sentence = (f"{self.published.capitalize()} is reproduced if {entry.label} were {r} instead "
                                    f"of {a} ({_HOW[kind]}; {entry.where}): {self.expr.text(ctx)} = "
                                    f"{_shown(value, self.decimals)}.")
                if corroborated:
                    sentence += f" It also reproduces the printed {_listing(corroborated)}."
                self.say(kind, value, sentence, count=entry.label, count_value=replacement, actual=entry.value,
                         source=source, corroborated=tuple(corroborated), contradicted=tuple(contradicted))

    def bearing(self, key: CountKey, values: Callable[[CountKey], Fraction | None]) -> tuple[list[str], list[str]]:
        """The printed figures (other than this one) that a replaced count corroborates and contradicts."""
        corroborated, contradicted = [], []
        for figure, r, agrees in self.evidence.using(key, self.figure):
            assert r.expr is not None and figure.printed is not None
            now = match(r.expr.evaluate(Context(values, r.expr)) or Fraction(-10**9), figure.printed) is not None
            shown = f"{figure.text} ({figure.source or 'row ' + str(figure.row)})"
            if now and not agrees:
                corroborated.append(shown)
            elif agrees and not now:
                contradicted.append(shown)
        return corroborated, contradicted

    def printed_figures(self) -> None:
        """The report's own printed figures in place of the exact ones inside the formula."""
        options: list[tuple[Ref, list[tuple[Fraction, PublishedFigure]]]] = []
        for node in self.expr.nodes():
            if node is self.expr:
                continue
            for ref in node.refs:
                if ref in self.printed:
                    options.append((ref, self.printed[ref]))
                    break
        if not options:
            return
        variants: list[tuple[str | None, Expr]] = [(None, self.expr)]
        if isinstance(self.expr, Ratio):
            variants.append(("ratio_inverted", Ratio(self.expr.b, self.expr.a)))
        if isinstance(self.expr, Diff):
            variants.append(("groups_swapped" if self.figure.spec.base == "gap_pp" else "reversed",
                             Diff(self.expr.b, self.expr.a)))
        plain = self.r.text or ""
        for choice in itertools.islice(itertools.product(*(values for _ref, values in options)), 16):
            mapping = {ref: value for (ref, _values), (value, _figure) in zip(options, choice, strict=True)}
            figures = [figure for value, figure in choice]
            for kind, expr in variants:
                ctx = self.context(expr, printed=mapping)
                value = expr.evaluate(ctx)
                if not ctx.used or not self.reproduces(value):
                    continue
                assert value is not None
                names = _listing([f"{fig.text} ({fig.source or 'row ' + str(fig.row)})" for fig in figures])
                wrong = [fig.text for fig in figures if self.wrong(fig.identity)]
                tail = (f" The printed {_listing(wrong)} itself disagree{'s' if len(wrong) == 1 else ''} with the "
                        "counts." if wrong else "")
                how = {None: "", "ratio_inverted": ", inverted,", "groups_swapped": " taken White minus BME",
                       "reversed": " taken the other way round"}[kind]
                self.say(kind or "rounded_intermediates", value,
                         f"{self.published.capitalize()} follows from the report's own printed figures {names}"
                         f"{how}: {expr.text(ctx)} = {_shown(value, self.decimals)}, not from the counts"
                         f"{' (' + plain + ')' if plain else ''}.{tail}",
                         source="the report's printed figures")

    def rounding(self) -> None:
        inner = [n for n in self.expr.nodes() if isinstance(n, Pct) and n is not self.expr]
        if inner:
            for decimals in range(4):
                for mode in ("round", "truncate"):
                    value, ctx = self.evaluate(round_to=(decimals, mode))
                    if value is None or value == self.r.value or not self.reproduces(value):
                        continue
                    words = "rounded" if mode == "round" else "truncated"
                    self.say("rounded_intermediates", value,
                             f"{self.published.capitalize()} is reproduced if the percentages are {words} to "
                             f"{decimals} decimal place{'s' if decimals != 1 else ''} first: {self.expr.text(ctx)} = "
                             f"{_shown(value, self.decimals)}.")
                    break
                else:
                    continue
                break
        f, exact = self.figure, self.r.value
        if f.printed is None or exact is None:
            return
        for extra in (1, 2):
            step = round_half_up(exact, f.printed.decimals + extra)
            if step != exact and match(step, f.printed) is not None and match(exact, f.printed) is None:
                self.say("rounded_intermediates", step,
                         f"{self.published.capitalize()} is the figure rounded in two steps: "
                         f"{_shown(exact, f.printed.decimals + extra + 1)} → "
                         f"{format_value(step, f.printed.decimals + extra)} → {f.text}.")
                break

    def needed(self) -> str:
        """What single value of a count would have reproduced the figure (a pointer, not a diagnosis)."""
        parts = []
        for key in dict.fromkeys(self.expr.count_keys()):
            entry = self.ledger.get(key)
            if entry is None or not entry.whole:
                continue
            actual = int(entry.value)
            hits = []
            for candidate in range(0, min(max(2 * actual + 20, 50), NEEDED_SEARCH)):
                if candidate == actual:
                    continue

                def values(k: CountKey, key: CountKey = key, candidate: int = candidate) -> Fraction | None:
                    return Fraction(candidate) if k == key else self.ledger.value(k)

                if self.reproduces(self.expr.evaluate(self.context(values=values))):
                    hits.append(candidate)
            if hits and len(hits) <= 3:
                parts.append(f"{entry.label} to be {_listing([str(h) for h in hits], 'or')} (not {actual})")
        if not parts:
            return ""
        return " It would need " + "; or ".join(parts[:3]) + ", and no count in the tables is that."


def _listing(items: Iterable[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def diagnose(figure: PublishedFigure, recomputation: Recomputation, ledger: Ledger,
             evidence: Evidence | None = None) -> tuple[Diagnosis, ...]:
    """Every single slip that reproduces a disagreeing figure exactly at its printed precision.

    Parameters
    ----------
    figure : PublishedFigure
        The published figure (it disagrees with the counts).
    recomputation : Recomputation
        Its value from the counts, with the formula (:func:`wreslib.audit.recompute.recompute`).
    ledger : Ledger
        The organisation's counts.
    evidence : Evidence, optional
        The report's other printed figures: tried in place of the figures inside the formula, and used
        to corroborate or contradict a replaced count.

    Returns
    -------
    tuple of Diagnosis
        Those corroborated by another printed figure first, then those that reproduce the figure when
        rounded before those that need truncation, each group in the order of
        :data:`~wreslib.audit.results.DIAGNOSIS_KINDS`. The rest of the report (``evidence``) prunes the
        replaced counts: one that would break a printed figure of the same calculation which agrees with
        the counts is left out when another explanation is not so contradicted, and when some replaced
        count is corroborated by another printed figure, those that are not are left out. A single
        ``unexplained`` diagnosis when nothing reproduces the figure.

    References
    ----------
    The issue's list of slips in published WRES reports (groups swapped, ratio inverted, digit slips, a
    percentage for a ratio, another denominator, rounded intermediate rates).

    Examples
    --------
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from wreslib.data.read import read_data
    >>> from wreslib.audit.published import published_figures
    >>> from wreslib.audit.recompute import build_ledger, recompute
    >>> ledger = build_ledger(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG")
    >>> rows = pd.DataFrame([{"row": 2, "org_code": "QHG", "year": 2023, "indicator": 4,
    ...                       "measure": "relative_likelihood", "value": "0.52", "source": "", "staff_group": None,
    ...                       "band": None, "group": None}])
    >>> figure = published_figures(rows, "QHG")[0]
    >>> found = diagnose(figure, recompute(figure, ledger), ledger)
    >>> [(d.kind, d.value, d.match) for d in found if d.count == "the 2023 BME workforce"]
    [('digit_changed', 89.0, 'rounded'), ('digit_changed', 90.0, 'rounded or truncated'), \
('digit_changed', 91.0, 'truncated')]
    """
    if recomputation.expr is None or recomputation.value is None:
        return ()
    search = _Search(figure, recomputation, ledger, evidence or Evidence())
    search.structural()
    search.other_groups()
    if figure.printed is not None:
        search.denominators()
        search.counts()
        search.rounding()
    if figure.printed is not None:
        search.printed_figures()
    order = list(DIAGNOSIS_KINDS)

    def mode(h: _Hypothesis) -> str | None:
        return match(h.value, figure.printed) if figure.printed is not None else None

    hypotheses = search.found
    if any(not h.contradicted for h in hypotheses):
        hypotheses = [h for h in hypotheses if not h.contradicted]
    if any(h.corroborated for h in hypotheses):  # the rest of the report bears some replaced count out
        hypotheses = [h for h in hypotheses if h.corroborated or h.count is None]
    found: dict[tuple[str, str], _Hypothesis] = {}
    for h in sorted(hypotheses, key=lambda h: (not h.corroborated, mode(h) == "truncated", order.index(h.kind))):
        found.setdefault((h.kind, h.sentence), h)
    decimals = figure.printed.decimals if figure.printed is not None else 2
    unit = figure.printed.unit if figure.printed is not None else ""
    out = tuple(
        Diagnosis(kind=h.kind, sentence=h.sentence,
                  reproduces=format_value(h.value, decimals, unit) if figure.printed is not None else None,
                  count=h.count, value=None if h.count_value is None else float(h.count_value),
                  actual=None if h.actual is None else float(h.actual), source=h.source, match=mode(h),
                  corroborated_by=h.corroborated)
        for h in found.values())
    if out:
        return out
    if figure.printed is None:
        return (Diagnosis("unexplained", f"The sentence says {figure.text}, but the counts give "
                                         f"{_shown(recomputation.value, 2)}; no single slip turns it round."),)
    return (Diagnosis("unexplained", f"No single slip reproduces {search.published}: no other count from the same "
                                     "tables, digit slip, swap of groups, inverted ratio, other denominator or "
                                     "rounding of intermediate figures gives it." + search.needed()),)

