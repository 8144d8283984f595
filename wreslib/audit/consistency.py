"""Internal consistency of the published figures: do the report's own numbers agree with one another?

These checks use the printed figures only, never the data's counts, so they find slips even where the data
was transcribed from the report itself (its band tables agree with the data, yet add up to 397 against a
printed total of 400). Each printed number stands for the range of values that print as it, rounded or
truncated (``25%`` is anything from 24.5 to just under 26); a check fails only when no values in those
ranges can satisfy it, so rounding alone never raises a false alarm.

- ``parts_and_total``: White + BME + unknown counts against the printed total;
- ``bands_and_total``: the band tables of a year against the whole workforce printed elsewhere;
- ``shares_sum``: the White, BME and unknown percentages of one table column against 100;
- ``share_and_counts``: a percentage against the count and total printed for it (``57%`` beside 49 of 84);
- ``survey_share_and_respondents``: a survey percentage against the respondents (could any whole number of
  them give it? The GRIM test);
- ``difference_and_parts``: a difference or change against the two figures it is the difference of;
- ``ratio_and_rates``: a relative likelihood against the two rates printed beside it;
- ``direction_and_numbers``: a sentence's "higher", "lower", "increased" against the printed numbers;
- ``same_figure``: one figure printed twice with values that cannot both be right.

References
----------
Brown NJL, Heathers JAJ. The GRIM test: a simple technique detects numerous anomalies in the reporting of
results in psychology. *Soc Psychol Personal Sci* 2017;8:363-369.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from wreslib.audit.printed import Printed, match
from wreslib.audit.published import PublishedFigure
from wreslib.audit.results import CONSISTENT, INCONSISTENT, Check
from wreslib.audit.vocabulary import ALL, COUNT
from wreslib.data import bands
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE
from wreslib.measures import families
from wreslib.stats.counts import percent_consistent_with_count

__all__ = ["Interval", "check_consistency", "interval"]

_GROUPS = (WHITE, BME, UNKNOWN)
_LIKELIHOOD_CASES = {2: "appointed", 3: "entered", 4: "accessed"}


@dataclass(frozen=True)
class Interval:
    """The values a printed figure can stand for: from ``low`` to ``high`` (both included)."""

    low: Fraction
    high: Fraction

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def __truediv__(self, other: Interval) -> Interval | None:
        if other.low <= 0 or self.low < 0:
            return None
        return Interval(self.low / other.high, self.high / other.low)

    @property
    def point(self) -> bool:
        return self.low == self.high

    def meets(self, other: Interval) -> bool:
        """True when the two ranges share a stretch of values (or a point, when either is a point)."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        return low < high or (low == high and (self.point or other.point))

    def sign(self) -> int | None:
        """+1 or -1 when every value in the range is above or below zero, 0 for exactly zero, else None."""
        if self.low > 0:
            return 1
        if self.high < 0:
            return -1
        return 0 if self.low == self.high == 0 else None


def interval(printed: Printed, exact: bool = False) -> Interval:
    """The values a printed number can stand for, rounded or truncated at its decimals.

    ``exact`` (a count) is the number itself.

    Examples
    --------
    >>> from wreslib.audit.printed import parse_printed
    >>> i = interval(parse_printed("25%"))
    >>> float(i.low), float(i.high)
    (24.5, 26.0)
    >>> i = interval(parse_printed("-1%"))
    >>> float(i.low), float(i.high)
    (-2.0, -0.5)
    """
    v, step = printed.value, printed.step
    if exact:
        return Interval(v, v)
    if v > 0:
        return Interval(v - step / 2, v + step)
    if v < 0:
        return Interval(v - step, v + step / 2)
    return Interval(-step, step)


class _Index:
    """The printed numbers by identity: (indicator, base, group, staff group, band, year)."""

    def __init__(self, figures: Iterable[PublishedFigure]) -> None:
        self.by: dict[tuple, list[PublishedFigure]] = {}
        for f in figures:
            if f.printed is not None and f.printed.bound is None:
                self.by.setdefault(f.identity, []).append(f)

    def get(self, *identity: object) -> list[PublishedFigure]:
        return self.by.get(tuple(identity), [])

    def first(self, *identity: object) -> PublishedFigure | None:
        found = self.get(*identity)
        return found[0] if found else None

    def headcount(self, group: str, year: int) -> PublishedFigure | None:
        """The workforce headcount of a group as printed in any table (indicator 1, 2-4 or 9)."""
        for number in (1, 9, 2, 3, 4):
            found = self.first(number, "headcount", group, None, None, year)
            if found is not None:
                return found
        return None


def _cite(figures: Iterable[PublishedFigure]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{f.text} ({f.source or 'row ' + str(f.row)})" for f in figures))


def _value(f: PublishedFigure) -> Fraction:
    assert f.printed is not None
    return f.printed.value


def _range(f: PublishedFigure) -> Interval:
    assert f.printed is not None
    return interval(f.printed, exact=f.spec.kind == COUNT)


def _n(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _cell(staff_group: str | None, band: str | None) -> str:
    words = " ".join(x for x in (staff_group, band) if x)
    return f" ({words})" if words else ""


def _parts_and_total(index: _Index) -> list[Check]:
    checks = []
    for identity, totals in index.by.items():
        indicator, base, group, staff_group, band, year = identity
        if group != ALL or totals[0].spec.kind != COUNT:
            continue
        parts = [index.first(indicator, base, g, staff_group, band, year) for g in _GROUPS]
        if any(p is None for p in parts):
            continue
        total = totals[0]
        added = sum((_value(p) for p in parts), Fraction(0))  # type: ignore[arg-type]
        ok = added == _value(total)
        shown = " + ".join(f"{g} {_n(_value(p))}" for g, p in zip(("White", "BME", "unknown"), parts, strict=True))  # type: ignore[arg-type]
        checks.append(Check(
            "parts_and_total", indicator, year, CONSISTENT if ok else INCONSISTENT,
            f"{year}{_cell(staff_group, band)}: {shown} = {_n(added)}"
            + (", the total printed." if ok else f", but the total is printed as {_n(_value(total))}."),
            _cite([*parts, total]),  # type: ignore[list-item]
        ))
    return checks


def _bands_and_total(index: _Index) -> list[Check]:
    checks = []
    years = sorted({identity[5] for identity in index.by if identity[0] == 1})
    for year in years:
        total = index.first(1, "headcount", ALL, None, None, year)
        cells = [f for identity, found in index.by.items() for f in found[:1]
                 if identity[:3] == (1, "headcount", ALL) and identity[3] and identity[4] and identity[5] == year]
        ranges = {(f.staff_group, f.band) for f in cells if f.band in bands.PUBLISHED_RANGES}
        # A single band inside a range printed for the same staff group is counted in the range already.
        cells = [f for f in cells if f.band in bands.PUBLISHED_RANGES
                 or (f.staff_group, bands.published_range(f.band)) not in ranges]
        if total is None or len(cells) < 2:
            continue
        added = sum((_value(f) for f in cells), Fraction(0))
        printed_total = _value(total)
        ok = added == printed_total
        terms = " + ".join(f"{_n(_value(f))}" for f in cells)
        sentence = f"{year}: the band tables add up to {_n(added)} staff ({terms})"
        if ok:
            sentence += f", the workforce printed ({_n(printed_total)})."
        else:
            gap = printed_total - added
            by_group = []
            for group in _GROUPS:
                whole = index.first(1, "headcount", group, None, None, year)
                parts = [index.first(1, "headcount", group, f.staff_group, f.band, year) for f in cells]
                if whole is not None and all(p is not None for p in parts):
                    short = _value(whole) - sum((_value(p) for p in parts), Fraction(0))  # type: ignore[arg-type]
                    if short:
                        by_group.append(f"{group} {_n(short)}")
            sentence += (f", but the workforce is printed as {_n(printed_total)}: "
                         + (f"{_n(gap)} staff are in no band table" if gap > 0 else
                            f"the bands hold {_n(-gap)} more staff than the workforce")
                         + (f" ({', '.join(by_group)})" if by_group else "") + ".")
        checks.append(Check("bands_and_total", 1, year, CONSISTENT if ok else INCONSISTENT, sentence,
                            _cite([*cells, total])))
    return checks


def _shares_sum(index: _Index) -> list[Check]:
    checks = []
    for identity in index.by:
        indicator, base, group, staff_group, band, year = identity
        if group != WHITE or base not in ("pct", "board_pct", "workforce_pct", "executive_board_pct") \
                or indicator not in (1, 9):
            continue
        parts = [index.first(indicator, base, g, staff_group, band, year) for g in _GROUPS]
        if any(p is None for p in parts):
            continue
        span = Interval(Fraction(0), Fraction(0))
        for p in parts:
            span = span + _range(p)  # type: ignore[arg-type]
        added = sum((_value(p) for p in parts), Fraction(0))  # type: ignore[arg-type]
        ok = span.low <= 100 <= span.high
        what = {"pct": "shares", "board_pct": "board shares", "workforce_pct": "workforce shares",
                "executive_board_pct": "executive board shares"}[base]
        checks.append(Check(
            "shares_sum", indicator, year, CONSISTENT if ok else INCONSISTENT,
            f"{year}{_cell(staff_group, band)}: the printed {what} "
            + " + ".join(p.text for p in parts)  # type: ignore[union-attr]
            + f" add up to {_n(added)}%" + (", 100% within rounding." if ok else ", which no rounding of "
                                             "shares of one whole can give (100%)."),
            _cite(parts),  # type: ignore[arg-type]
        ))
    return checks


def _share_and_counts(index: _Index) -> list[Check]:
    checks = []
    for identity, found in index.by.items():
        indicator, base, group, staff_group, band, year = identity
        pairs: list[tuple[PublishedFigure | None, PublishedFigure | None]] = []
        if indicator == 1 and base == "pct":
            pairs.append((index.first(1, "headcount", group, staff_group, band, year),
                          index.first(1, "headcount", ALL, staff_group, band, year)))
        elif indicator == 9 and base in ("board_pct", "executive_board_pct"):
            members = base.replace("_pct", "_members")
            pairs.append((index.first(9, members, group, None, None, year), index.first(9, members, ALL, None, None,
                                                                                          year)))
        elif indicator == 9 and base == "workforce_pct":
            pairs.append((index.headcount(group, year), index.headcount(ALL, year)))
        elif base == "rate_pct" and indicator in _LIKELIHOOD_CASES:
            cases = index.first(indicator, _LIKELIHOOD_CASES[indicator], group, None, None, year)
            denominator = (index.first(2, "shortlisted", group, None, None, year) if indicator == 2
                           else index.headcount(group, year))
            pairs.append((cases, denominator))
        for count, total in pairs:
            if count is None or total is None or _value(total) == 0:
                continue
            for f in found:
                assert f.printed is not None
                exact = 100 * _value(count) / _value(total)
                how = match(exact, f.printed)
                checks.append(Check(
                    "share_and_counts", indicator, year, CONSISTENT if how else INCONSISTENT,
                    f"{year}{_cell(staff_group, band)}: the printed {f.text} "
                    + (f"is {_n(_value(count))} of {_n(_value(total))} ({float(exact):.2f}%), {how}." if how else
                       f"does not follow from the printed {_n(_value(count))} of {_n(_value(total))}, which is "
                       f"{float(exact):.2f}%."),
                    _cite([f, count, total]),
                ))
    return checks


def _survey_respondents(index: _Index) -> list[Check]:
    checks = []
    for identity, found in index.by.items():
        indicator, base, group, _sg, _band, year = identity
        if indicator not in families.numbers_of(families.SURVEY) or base != "pct":
            continue
        respondents = index.first(indicator, "respondents", group, None, None, year)
        if respondents is None:
            continue
        n = int(_value(respondents))
        for f in found:
            assert f.printed is not None
            if not 0 <= f.printed.value <= 100:
                continue
            ok = percent_consistent_with_count(float(f.printed.value), n, f.printed.decimals)
            checks.append(Check(
                "survey_share_and_respondents", indicator, year, CONSISTENT if ok else INCONSISTENT,
                f"{year}: {f.text} of {n} {group} respondents "
                + ("is a whole number of them, as it must be." if ok else
                   "is no whole number of them at the printed precision."),
                _cite([f, respondents]),
            ))
    return checks


def _parts_of(index: _Index, f: PublishedFigure) -> tuple[list[PublishedFigure], list[PublishedFigure], str] | None:
    """The printed figures a difference is worked from: (the first, the second, how it is worked)."""
    n, base, g, sg, band, y = f.identity
    if base == "gap_pp":
        return index.get(n, "pct", BME, None, None, y), index.get(n, "pct", WHITE, None, None, y), "BME − White"
    if base == "change_pp":
        return index.get(n, "pct", g, sg, band, y), index.get(n, "pct", g, sg, band, y - 1), f"{y} − {y - 1}"
    if base == "headcount_change":
        return (index.get(n, "headcount", g, sg, band, y), index.get(n, "headcount", g, sg, band, y - 1),
                f"{y} − {y - 1}")
    if base in ("difference_pp", "executive_difference_pp"):
        board = "executive_board_pct" if base.startswith("executive_") else "board_pct"
        staff = index.get(9, "workforce_pct", g, None, None, y) or index.get(1, "pct", g, None, None, y)
        return index.get(9, board, g, None, None, y), staff, "board − workforce"
    if base == "benchmark_difference_pp":
        return index.get(n, "pct", g, None, None, y), index.get(n, "benchmark_pct", g, None, None, y), \
            "organisation − benchmark"
    return None


def _difference_and_parts(index: _Index) -> list[Check]:
    checks = []
    for found in index.by.values():
        parts = _parts_of(index, found[0])
        if parts is None:
            continue
        first, second, how = parts
        if not first or not second:
            continue
        for f in found:
            options = list(itertools.product(first, second))
            ok = any((_range(a) - _range(b)).meets(_range(f)) for a, b in options)
            a, b = options[0]
            checks.append(Check(
                "difference_and_parts", f.indicator, f.year, CONSISTENT if ok else INCONSISTENT,
                f"{f.year}{_cell(f.staff_group, f.band)}: {f.measure} is printed as {f.text}; the printed figures "
                f"give {a.text} − {b.text} = {_n(_value(a) - _value(b))} ({how})"
                + ("." if ok else ", which no rounding of them can turn into it."),
                _cite([f, a, b]),
            ))
    return checks


def _ratio_and_rates(index: _Index) -> list[Check]:
    checks = []
    for identity, found in index.by.items():
        indicator, base, _g, _sg, _band, year = identity
        if base != "relative_likelihood" or indicator not in _LIKELIHOOD_CASES:
            continue
        ind = families.indicator(indicator)
        a = index.get(indicator, "rate_pct", ind.numerator_group, None, None, year)
        b = index.get(indicator, "rate_pct", ind.denominator_group, None, None, year)
        if not a or not b:
            continue
        for f in found:
            options = [(x, y) for x in a for y in b]
            spans = [(_range(x) / _range(y), x, y) for x, y in options]
            ok = any(span is not None and span.meets(_range(f)) for span, _x, _y in spans)
            x, y = options[0]
            quotient = _value(x) / _value(y) if _value(y) else None
            checks.append(Check(
                "ratio_and_rates", indicator, year, CONSISTENT if ok else INCONSISTENT,
                f"{year}: the relative likelihood {f.text} against the printed rates {x.text} ÷ {y.text}"
                + (f" = {float(quotient):.3f}" if quotient is not None else "")
                + ("." if ok else ": it cannot come from the rates printed beside it."),
                _cite([f, x, y]),
            ))
    return checks


def _direction_and_numbers(figures: Sequence[PublishedFigure], index: _Index) -> list[Check]:
    checks = []
    for f in figures:
        if f.direction is None:
            continue
        base = index.get(f.indicator, f.spec.base, f.group, f.staff_group, f.band, f.year)
        centre = Fraction(1) if f.spec.base == "relative_likelihood" else Fraction(0)
        span, used = None, []
        if base:
            span, used = _range(base[0]), [base[0]]
        else:
            probe = PublishedFigure(f.file, f.row, f.org_code, f.year, f.indicator, f.spec.base, f.spec, f.group,
                                    f.staff_group, f.band, f.text)
            parts = _parts_of(index, probe)
            if parts and parts[0] and parts[1]:
                span, used = _range(parts[0][0]) - _range(parts[1][0]), [parts[0][0], parts[1][0]]
        if span is None:
            continue
        sign = Interval(span.low - centre, span.high - centre).sign()
        if sign is None:
            continue
        ok = sign == f.direction.sign
        said = {1: "higher", -1: "lower", 0: "unchanged"}[sign]
        numbers = " and ".join(u.text for u in used)
        checks.append(Check(
            "direction_and_numbers", f.indicator, f.year, CONSISTENT if ok else INCONSISTENT,
            f"{f.year}{_cell(f.staff_group, f.band)}: the words '{f.text}' ({f.measure}) against the printed "
            f"{numbers}: " + (f"{said}, as the words say." if ok else f"the numbers say {said}."),
            _cite([f, *used]),
        ))
    return checks


_SAME = {  # identities printed under two indicators: (indicator, base) -> the other (indicator, base)
    (9, "workforce_pct"): (1, "pct"),
    (9, "headcount"): (1, "headcount"),
    (2, "headcount"): (1, "headcount"),
    (3, "headcount"): (1, "headcount"),
    (4, "headcount"): (1, "headcount"),
}


def _same_figure(index: _Index) -> list[Check]:
    groups: dict[tuple, list[PublishedFigure]] = {}
    for identity, found in index.by.items():
        indicator, base, *rest = identity
        canonical = (*_SAME.get((indicator, base), (indicator, base)), *rest)
        groups.setdefault(canonical, []).extend(found)
    checks = []
    for found in groups.values():
        values = {(_value(f), f.printed.decimals) for f in found}  # type: ignore[union-attr]
        if len(values) < 2:
            continue
        clash = [(a, b) for a, b in itertools.combinations(found, 2) if not _range(a).meets(_range(b))]
        a, b = clash[0] if clash else (found[0], found[1])
        checks.append(Check(
            "same_figure", a.indicator, a.year, INCONSISTENT if clash else CONSISTENT,
            f"{a.year}{_cell(a.staff_group, a.band)}: {a.measure} is printed as {a.text} and as {b.text}"
            + (": both cannot be right." if clash else ", which agree within rounding."),
            _cite(found),
        ))
    return checks


def check_consistency(figures: Sequence[PublishedFigure]) -> tuple[Check, ...]:
    """Every check of the published figures against one another, in indicator and year order.

    Parameters
    ----------
    figures : sequence of PublishedFigure
        One organisation's published figures (:func:`wreslib.audit.published.published_figures`).

    Returns
    -------
    tuple of Check
        ``consistent`` or ``inconsistent`` each, with a sentence and the figures it used.

    References
    ----------
    Brown NJL, Heathers JAJ. The GRIM test. *Soc Psychol Personal Sci* 2017;8:363-369.

    Examples
    --------
    >>> import pandas as pd
    >>> from wreslib.audit.published import published_figures
    >>> rows = pd.DataFrame([
    ...     {"row": r, "org_code": "AAA", "year": 2024, "indicator": 9, "measure": m, "value": v, "source": "",
    ...      "staff_group": None, "band": None, "group": None}
    ...     for r, (m, v) in enumerate([("board_white_pct", "76.9%"), ("board_bme_pct", "25%"),
    ...                                 ("board_unknown_pct", "12.5%")], start=2)])
    >>> [(c.kind, c.verdict) for c in check_consistency(published_figures(rows, "AAA"))]
    [('shares_sum', 'inconsistent')]
    """
    index = _Index(figures)
    found = (_parts_and_total(index) + _bands_and_total(index) + _shares_sum(index) + _share_and_counts(index)
              + _survey_respondents(index) + _difference_and_parts(index) + _ratio_and_rates(index)
              + _direction_and_numbers(figures, index) + _same_figure(index))
    # A figure printed in several places gives the same check several times: keep one, citing them all.
    merged: dict[tuple[str, int, int, str], Check] = {}
    for check in found:
        key = (check.kind, check.indicator, check.year, check.sentence)
        if key in merged:
            figures_cited = tuple(dict.fromkeys(merged[key].figures + check.figures))
            merged[key] = Check(check.kind, check.indicator, check.year, check.verdict, check.sentence,
                                figures_cited)
        else:
            merged[key] = check
    return tuple(sorted(merged.values(), key=lambda c: (c.indicator, c.year)))
