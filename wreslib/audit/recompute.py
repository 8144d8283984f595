"""Recomputing a published figure: the organisation's counts (a ledger) and each measure's formula over them.

**The ledger** holds every count of one organisation in every year the data has, as the measures layer
computes them (:func:`wreslib.measures.compute.compute`): workforce headcount by group for the whole
workforce, each staff group, each band as recorded and each published band range; shortlisted and
appointed applicants; staff entering the disciplinary process and accessing training; survey respondents
and percentages (or yes-counts); benchmark percentages; board members. Each entry knows what it is (a
:class:`CountKey`: quantity, cell, year, group), its value, and where it is in the data (file and rows).

**A formula** (:class:`Expr`) is a small tree over the ledger's keys: a percentage of two counts, a ratio
of two percentages, a difference. Keeping the structure, rather than only the value, is what lets the
diagnosis (:mod:`wreslib.audit.diagnose`) change one thing at a time: one count, the direction of a
ratio or a difference, the denominator, or the rounding of the percentages inside.

All values are exact fractions (counts are whole numbers; survey percentages are taken as written).

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance* (the formula of each indicator);
``data-contract.md`` (denominators of indicators 3 and 4; survey year Y − 1 in the report of year Y).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from wreslib.audit.printed import format_value, round_half_up, truncate
from wreslib.audit.vocabulary import ALL, CHANGE, COUNT, RATIO
from wreslib.data import bands
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE
from wreslib.measures import families
from wreslib.measures.results import NO_DATA, OK

if TYPE_CHECKING:
    from wreslib.audit.published import PublishedFigure
    from wreslib.data.dataset import Dataset
    from wreslib.measures.results import IndicatorSet

__all__ = [
    "GROUPS",
    "CountKey",
    "Diff",
    "Entry",
    "Expr",
    "Leaf",
    "Ledger",
    "Pct",
    "Ratio",
    "Recomputation",
    "Scope",
    "Sum",
    "Unavailable",
    "build_ledger",
    "formula",
    "recompute",
]

GROUPS: tuple[str, ...] = (WHITE, BME, UNKNOWN)

#: Quantities of the ledger: (table, column) and how a count of it is described.
QUANTITIES: dict[str, tuple[str, str, str]] = {
    "workforce.headcount": ("workforce", "headcount", "staff"),
    "recruitment.shortlisted": ("recruitment", "shortlisted", "applicants shortlisted"),
    "recruitment.appointed": ("recruitment", "appointed", "applicants appointed"),
    "disciplinary.entered": ("disciplinary", "entered", "staff entering the formal disciplinary process"),
    "training.accessed": ("training", "accessed", "staff accessing non-mandatory training and CPD"),
    "board.voting": ("board", "voting", "voting board members"),
    "board.executive": ("board", "executive", "executive board members"),
    "survey.percent": ("survey", "percent", "percentage answering yes"),
    "survey.respondents": ("survey", "respondents", "respondents"),
    "survey.yes": ("survey", "yes", "respondents answering yes"),
    "survey_benchmarks.percent": ("survey_benchmarks", "percent", "benchmark percentage"),
}
#: Cases and denominators of indicators 2-4 (the measures layer's ``likelihood.SOURCES``, as ledger keys).
LIKELIHOOD_COUNTS: dict[int, tuple[str, str]] = {
    2: ("recruitment.appointed", "recruitment.shortlisted"),
    3: ("disciplinary.entered", "workforce.headcount"),
    4: ("training.accessed", "workforce.headcount"),
}
WHOLE = (None, None)  # the workforce cell of the whole organisation


@dataclass(frozen=True, order=True)
class CountKey:
    """What a count is: a quantity of the ledger, its cell, its WRES year and its group.

    ``cell`` is ``(staff_group, band)`` for the workforce (None for all), ``(indicator,)`` for the survey
    and ``()`` for the other tables; ``group`` is White, BME, Unknown or ``All`` (the total).
    """

    quantity: str
    cell: tuple[Any, ...]
    year: int
    group: str


@dataclass(frozen=True)
class Entry:
    """One count (or, for a survey given as percentages, one printed percentage) of the ledger."""

    key: CountKey
    value: Fraction
    whole: bool
    label: str
    where: str


class Unavailable(Exception):
    """A figure cannot be recomputed from the data; the message says why, in words."""


def _describe(key: CountKey) -> str:
    """A count in words: "BME staff in 2023", "White non-clinical staff in Band 1-7 in 2024"."""
    table, _column, noun = QUANTITIES[key.quantity]
    who = "" if key.group == ALL else f"{key.group} "
    if table == "workforce":
        staff_group, band = key.cell
        if staff_group is None and band is None:
            return f"the {key.year} {who}workforce" if who else f"the {key.year} workforce"
        return f"{who}{staff_group + ' ' if staff_group else ''}staff{' in ' + band if band else ''} in {key.year}"
    if table == "survey":
        return f"the {who}{noun} for indicator {key.cell[0]} (staff survey {key.year - 1})"
    if table == "survey_benchmarks":
        return f"the benchmark's {who}percentage for indicator {key.cell[0]} (staff survey {key.year - 1})"
    return f"{who}{noun} in {key.year}" if who else f"all {noun} in {key.year}"


def _rows_text(label: str, rows: list[int]) -> str:
    if not rows:
        return label
    rows = sorted(set(rows))
    if len(rows) == 1:
        return f"{label}, row {rows[0]}"
    if len(rows) <= 5:
        return f"{label}, rows {', '.join(str(r) for r in rows[:-1])} and {rows[-1]}"
    return f"{label}, {len(rows)} rows from row {rows[0]} to row {rows[-1]}"


class Ledger:
    """Every count of one organisation, by :class:`CountKey`, with the indicator results they come from.

    Built by :func:`build_ledger`; ``results`` holds the :class:`~wreslib.measures.results.IndicatorSet`
    of each year the workforce table has (p-values for sentences that say "significantly").
    """

    def __init__(self, data: Dataset | None, org_code: str, results: Mapping[int, IndicatorSet]) -> None:
        self.data = data
        self.org_code = org_code
        self.results = dict(results)
        self.entries: dict[CountKey, Entry] = {}
        self._years: set[int] = set(self.results)

    @classmethod
    def from_counts(cls, counts: Mapping[CountKey, int | Fraction], org_code: str = "AAA") -> Ledger:
        """A ledger of the given counts alone (no data files, no tests behind "significantly").

        For worked examples and property tests: every count is whole, and its year is a year of the data.

        Examples
        --------
        >>> ledger = Ledger.from_counts({CountKey("training.accessed", (), 2024, "BME"): 3})
        >>> ledger.years, ledger.get(CountKey("training.accessed", (), 2024, "BME")).label
        ((2024,), 'BME staff accessing non-mandatory training and CPD in 2024')
        """
        ledger = cls(None, org_code, {})
        for key, value in counts.items():
            whole = not isinstance(value, Fraction) or value.denominator == 1
            ledger.add(key, value if isinstance(value, Fraction) else Fraction(int(value)), whole=whole)
            ledger._years.add(key.year)
        return ledger

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def add(self, key: CountKey, value: int | float | Fraction, whole: bool = True) -> None:
        exact = value if isinstance(value, Fraction) else Fraction(str(value)) if not whole else Fraction(int(value))
        self.entries[key] = Entry(key, exact, whole, _describe(key), self._where(key))

    def get(self, key: CountKey) -> Entry | None:
        return self.entries.get(key)

    def value(self, key: CountKey) -> Fraction | None:
        entry = self.entries.get(key)
        return None if entry is None else entry.value

    def related(self, key: CountKey) -> list[tuple[str, Entry]]:
        """Counts one slip away from ``key``: the same count in a neighbouring year, of another group, or
        another count of the same group and year (another table, staff group or band); same kind only."""
        entry = self.entries.get(key)
        if entry is None:
            return []
        found = []
        for other in self.entries.values():
            k = other.key
            if k == key or other.whole != entry.whole:
                continue
            same = k.quantity == key.quantity and k.cell == key.cell
            if same and k.group == key.group and abs(k.year - key.year) == 1:
                found.append(("year", other))
            elif same and k.year == key.year:
                found.append(("group", other))
            elif not same and k.year == key.year and k.group == key.group:
                found.append(("table", other))
        return found

    def missing(self, key: CountKey) -> str:
        """Why the data gives no value for ``key``, naming the file as the analyst sees it."""
        table = QUANTITIES[key.quantity][0]
        data, org = self.data, self.org_code
        if key.year not in self._years and table != "survey":
            return f"the data has no workforce rows for {org} in {key.year}"
        if data is None:
            return f"the data gives no figure for {_describe(key)}"
        if not data.has(table):
            return f"there is no {data.label(table)} in the data"
        rows = data.rows(table, org)
        year_column = "survey_year" if table in ("survey", "survey_benchmarks") else "year"
        wanted = key.year - 1 if year_column == "survey_year" else key.year
        if rows.empty or wanted not in set(rows[year_column]):
            period = f"survey year {wanted}" if year_column == "survey_year" else str(wanted)
            return f"{data.label(table)} has no rows for {org} in {period}"
        return f"{data.label(table)} gives no figure for {_describe(key)}"

    def _where(self, key: CountKey) -> str:
        table, column, _noun = QUANTITIES[key.quantity]
        data = self.data
        if data is None:
            return ""
        if not data.has(table):
            return table
        label = data.label(table)
        rows = data.rows(table, self.org_code)
        if rows.empty:
            return label
        if table in ("survey", "survey_benchmarks"):
            rows = rows[(rows["survey_year"] == key.year - 1) & (rows["indicator"] == key.cell[0])]
        else:
            rows = rows[rows["year"] == key.year]
        if key.group != ALL and "group" in rows.columns:
            rows = rows[rows["group"] == key.group]
        if table == "workforce":
            staff_group, band = key.cell
            if staff_group is not None:
                rows = rows[rows["staff_group"] == staff_group]
            if band is not None:
                if band in bands.PUBLISHED_RANGES:
                    rows = rows[rows["band"].map(lambda b: b == band or bands.published_range(b) == band)
                                .astype(bool)]
                else:
                    rows = rows[rows["band"] == band]
        if column in rows.columns:
            rows = rows[rows[column].notna()]
        return _rows_text(label, [int(r) for r in rows["row"]])


def _add_counts(ledger: Ledger, quantity: str, cell: tuple[Any, ...], year: int, counts: Any) -> None:
    for group, value in ((WHITE, counts.white), (BME, counts.bme), (UNKNOWN, counts.unknown), (ALL, counts.total)):
        ledger.add(CountKey(quantity, cell, year, group), value)


def _given_yes(data: Dataset, org_code: str, survey_year: int, number: int, group: str) -> bool:
    if not data.has("survey"):
        return False
    rows = data.rows("survey", org_code)
    rows = rows[(rows["survey_year"] == survey_year) & (rows["indicator"] == number) & (rows["group"] == group)]
    return "yes" in rows.columns and bool(rows["yes"].notna().any())


def _add_share(ledger: Ledger, number: int, year: int, group: str, share: Any) -> None:
    if share is None or share.pct is None:
        return
    cell = (number,)
    if share.respondents is not None:
        ledger.add(CountKey("survey.respondents", cell, year, group), share.respondents)
    if share.yes is not None and share.respondents and _given_yes(ledger.data, ledger.org_code, year - 1, number,
                                                                  group):
        ledger.add(CountKey("survey.yes", cell, year, group), share.yes)
    else:
        ledger.add(CountKey("survey.percent", cell, year, group), share.pct, whole=False)


def build_ledger(data: Dataset, org_code: str) -> Ledger:
    """Every count of one organisation in every year its workforce table has, with where each one is.

    Raises
    ------
    DataError
        When the organisation's rows hold a fault, or it is not in the data.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> ledger = build_ledger(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG")
    >>> entry = ledger.get(CountKey("workforce.headcount", (None, None), 2023, "BME"))
    >>> entry.value, entry.label
    (Fraction(99, 1), 'the 2023 BME workforce')
    >>> ledger.get(CountKey("training.accessed", (), 2024, "BME")).where
    'training.csv, row 7'
    """
    from wreslib.measures.compute import compute, indicator_set

    data.require(org_code)
    years = data.years(org_code)
    comp = compute(data, [org_code], years)
    results = {y: indicator_set(comp, org_code, y) for y in years}
    ledger = Ledger(data, org_code, results)
    for year, result in results.items():
        work = result.workforce
        if work.status != NO_DATA and work.overall is not None:
            _add_counts(ledger, "workforce.headcount", WHOLE, year, work.overall)
            for counts in work.by_staff_group:
                _add_counts(ledger, "workforce.headcount", (counts.staff_group, None), year, counts)
            for counts in work.by_band:
                _add_counts(ledger, "workforce.headcount", (counts.staff_group, counts.label), year, counts)
            for counts in work.by_published_range:
                group = None if counts.staff_group == "all" else counts.staff_group
                _add_counts(ledger, "workforce.headcount", (group, counts.label), year, counts)
        for number, (cases, denominator) in LIKELIHOOD_COUNTS.items():
            r = result.likelihood(number)
            m = r.likelihood
            if r.status == NO_DATA or m is None:
                continue
            a, b = m.a_label, m.b_label
            for group, n_cases, n_total in ((a, m.a_cases, m.a_total), (b, m.b_cases, m.b_total)):
                ledger.add(CountKey(cases, (), year, group), n_cases)
                if denominator != "workforce.headcount":
                    ledger.add(CountKey(denominator, (), year, group), n_total)
            if r.unknown_cases is not None:
                ledger.add(CountKey(cases, (), year, UNKNOWN), r.unknown_cases)
                ledger.add(CountKey(cases, (), year, ALL), m.a_cases + m.b_cases + r.unknown_cases)
                if denominator != "workforce.headcount" and r.unknown_total is not None:
                    ledger.add(CountKey(denominator, (), year, UNKNOWN), r.unknown_total)
                    ledger.add(CountKey(denominator, (), year, ALL), m.a_total + m.b_total + r.unknown_total)
        for number in families.numbers_of(families.SURVEY):
            s = result.survey(number)
            if s.status == NO_DATA:
                continue
            for group, share in ((WHITE, s.white), (BME, s.bme)):
                _add_share(ledger, number, year, group, share)
            for change in (s.white_change, s.bme_change):
                if change is not None and CountKey("survey.percent", (number,), year - 1, change.group) not in \
                        ledger.entries:
                    _add_share(ledger, number, year - 1, change.group, change.before)
            for group, pct in ((WHITE, s.benchmark_white_pct), (BME, s.benchmark_bme_pct)):
                if pct is not None:
                    ledger.add(CountKey("survey_benchmarks.percent", (number,), year, group), pct, whole=False)
        for measure in (result.board.voting, result.board.executive):
            if measure.status != NO_DATA and measure.board is not None:
                _add_counts(ledger, f"board.{measure.membership}", (), year, measure.board)
    return ledger


# --- formulas ---------------------------------------------------------------------------------------

#: The identity of a figure as published (indicator, base measure, group, staff group, band, year): a node
#: of a formula carries the identities under which a report may print it, so that a diagnosis can try the
#: report's own printed figure in its place.
Ref = tuple[Any, ...]


@dataclass
class Context:
    """How a formula is evaluated: the counts, and the one change a hypothesis makes.

    ``values`` gives each key's value (the ledger's, or one replaced); ``denominator`` swaps the
    denominators of shares (``without_unknown`` or ``with_unknown``); ``round_to`` rounds or truncates
    every percentage inside the formula (not the result) to some decimals; ``printed`` puts the report's
    own printed figures in place of the figures inside the formula.
    """

    values: Callable[[CountKey], Fraction | None]
    top: Expr | None = None
    denominator: str | None = None
    round_to: tuple[int, str] | None = None
    printed: Mapping[Ref, Fraction] | None = None
    used: list[tuple[Ref, Fraction]] = field(default_factory=list)
    missing: list[CountKey] = field(default_factory=list)
    zero: list[Expr] = field(default_factory=list)


def _number(value: Fraction, decimals: int = 2) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return format_value(value, decimals)


class Expr:
    """A formula over the ledger's keys; evaluates to an exact fraction, or None when undefined."""

    refs: tuple[Ref, ...] = ()

    def evaluate(self, ctx: Context) -> Fraction | None:
        raise NotImplementedError

    def count_keys(self) -> tuple[CountKey, ...]:
        raise NotImplementedError

    def text(self, ctx: Context) -> str:
        """The arithmetic, shown with the values used: ``(43/309) ÷ (24/99)``, ``15.38 − 24.00``."""
        raise NotImplementedError

    def nodes(self) -> tuple[Expr, ...]:
        return (self,)

    def _printed(self, ctx: Context) -> Fraction | None:
        if ctx.printed is None or self is ctx.top:
            return None
        for ref in self.refs:
            if ref in ctx.printed:
                ctx.used.append((ref, ctx.printed[ref]))
                return ctx.printed[ref]
        return None


@dataclass(frozen=True, eq=False)
class Leaf(Expr):
    """One count (or one printed survey percentage) of the ledger."""

    key: CountKey
    refs: tuple[Ref, ...] = ()

    def evaluate(self, ctx: Context) -> Fraction | None:
        printed = self._printed(ctx)
        if printed is not None:
            return printed
        value = ctx.values(self.key)
        if value is None:
            ctx.missing.append(self.key)
        return value

    def count_keys(self) -> tuple[CountKey, ...]:
        return (self.key,)

    def text(self, ctx: Context) -> str:
        value = self.evaluate(replace(ctx, used=[]))
        return "?" if value is None else _number(value)


@dataclass(frozen=True, eq=False)
class Sum(Expr):
    """The sum of some counts (White and BME staff: a denominator without unknown ethnicity)."""

    terms: tuple[Expr, ...]

    def evaluate(self, ctx: Context) -> Fraction | None:
        values = [t.evaluate(ctx) for t in self.terms]
        return None if any(v is None for v in values) else sum(values, Fraction(0))

    def count_keys(self) -> tuple[CountKey, ...]:
        return tuple(k for t in self.terms for k in t.count_keys())

    def text(self, ctx: Context) -> str:
        return "(" + " + ".join(t.text(ctx) for t in self.terms) + ")"

    def nodes(self) -> tuple[Expr, ...]:
        return (self, *(n for t in self.terms for n in t.nodes()))


@dataclass(frozen=True, eq=False)
class Pct(Expr):
    """A percentage: 100 × ``num`` ÷ ``den``. ``without_unknown``/``with_unknown`` are the other
    denominator a report might have used: White + BME only, for a share that should count everyone; or
    everyone (unknown ethnicity included), for a group's rate that should be over the group's own total."""

    num: Expr
    den: Expr
    refs: tuple[Ref, ...] = ()
    without_unknown: Expr | None = None
    with_unknown: Expr | None = None

    def denominator(self, ctx: Context) -> Expr:
        if ctx.denominator == "without_unknown" and self.without_unknown is not None:
            return self.without_unknown
        if ctx.denominator == "with_unknown" and self.with_unknown is not None:
            return self.with_unknown
        return self.den

    def evaluate(self, ctx: Context) -> Fraction | None:
        printed = self._printed(ctx)
        if printed is not None:
            return printed
        num, den = self.num.evaluate(ctx), self.denominator(ctx).evaluate(ctx)
        if num is None or den is None:
            return None
        if den == 0:
            ctx.zero.append(self)
            return None
        value = 100 * num / den
        if ctx.round_to is not None and self is not ctx.top:
            decimals, mode = ctx.round_to
            value = round_half_up(value, decimals) if mode == "round" else truncate(value, decimals)
        return value

    def count_keys(self) -> tuple[CountKey, ...]:
        return self.num.count_keys() + self.den.count_keys()

    def text(self, ctx: Context) -> str:
        probe = replace(ctx, used=[], missing=[], zero=[])
        if self is not ctx.top and (self._printed(probe) is not None or ctx.round_to is not None):
            value = self.evaluate(probe)
            return "?" if value is None else _number(value)
        return f"{self.num.text(ctx)}/{self.denominator(ctx).text(ctx)}"

    def nodes(self) -> tuple[Expr, ...]:
        return (self, *self.num.nodes(), *self.den.nodes())


@dataclass(frozen=True, eq=False)
class Ratio(Expr):
    """A relative likelihood: the percentage ``a`` divided by the percentage ``b``."""

    a: Expr
    b: Expr

    def evaluate(self, ctx: Context) -> Fraction | None:
        a, b = self.a.evaluate(ctx), self.b.evaluate(ctx)
        if a is None or b is None:
            return None
        if b == 0:
            ctx.zero.append(self)
            return None
        return a / b

    def count_keys(self) -> tuple[CountKey, ...]:
        return self.a.count_keys() + self.b.count_keys()

    def text(self, ctx: Context) -> str:
        def part(e: Expr) -> str:
            shown = e.text(ctx)
            return f"({shown})" if "/" in shown else shown
        return f"{part(self.a)} ÷ {part(self.b)}"

    def nodes(self) -> tuple[Expr, ...]:
        return (self, *self.a.nodes(), *self.b.nodes())


@dataclass(frozen=True, eq=False)
class Diff(Expr):
    """A difference: ``a`` − ``b`` (percentage points when both are percentages)."""

    a: Expr
    b: Expr

    def evaluate(self, ctx: Context) -> Fraction | None:
        a, b = self.a.evaluate(ctx), self.b.evaluate(ctx)
        return None if a is None or b is None else a - b

    def count_keys(self) -> tuple[CountKey, ...]:
        return self.a.count_keys() + self.b.count_keys()

    def text(self, ctx: Context) -> str:
        def part(e: Expr) -> str:
            if isinstance(e, Leaf):
                return e.text(ctx)
            value = e.evaluate(replace(ctx, used=[], missing=[], zero=[]))
            return "?" if value is None else _number(value)
        return f"{part(self.a)} − {part(self.b)}"

    def nodes(self) -> tuple[Expr, ...]:
        return (self, *self.a.nodes(), *self.b.nodes())


@dataclass(frozen=True, eq=False)
class Complement(Expr):
    """100 minus a percentage (those who did not answer yes)."""

    x: Expr

    def evaluate(self, ctx: Context) -> Fraction | None:
        value = self.x.evaluate(ctx)
        return None if value is None else 100 - value

    def count_keys(self) -> tuple[CountKey, ...]:
        return self.x.count_keys()

    def text(self, ctx: Context) -> str:
        value = self.x.evaluate(replace(ctx, used=[], missing=[], zero=[]))
        return f"100 − {'?' if value is None else _number(value)}"

    def nodes(self) -> tuple[Expr, ...]:
        return (self, *self.x.nodes())


@dataclass(frozen=True)
class Scope:
    """What a formula is built for: indicator, base measure, group, staff group, band and year."""

    indicator: int
    base: str
    group: str | None
    staff_group: str | None
    band: str | None
    year: int

    @property
    def ref(self) -> Ref:
        return (self.indicator, self.base, self.group, self.staff_group, self.band, self.year)


def _workforce(cell: tuple[Any, ...], year: int, group: str) -> Leaf:
    return Leaf(CountKey("workforce.headcount", cell, year, group))


def _workforce_share(cell: tuple[Any, ...], year: int, group: str, refs: tuple[Ref, ...]) -> Pct:
    return Pct(_workforce(cell, year, group), _workforce(cell, year, ALL), refs,
               without_unknown=Sum((_workforce(cell, year, WHITE), _workforce(cell, year, BME))))


def _indicator1(scope: Scope) -> Expr:
    cell, year, group = (scope.staff_group, scope.band), scope.year, scope.group or ALL

    def share(g: str, y: int) -> Pct:
        refs: tuple[Ref, ...] = ((1, "pct", g, scope.staff_group, scope.band, y),)
        if cell == WHOLE:
            refs += ((9, "workforce_pct", g, None, None, y),)
        return _workforce_share(cell, y, g, refs)

    base = scope.base
    if base == "headcount":
        return _workforce(cell, year, group)
    if base == "pct":
        return share(group, year)
    if base == "known_pct":
        return Pct(Sum((_workforce(cell, year, WHITE), _workforce(cell, year, BME))), _workforce(cell, year, ALL),
                   ((1, "known_pct", None, scope.staff_group, scope.band, year),))
    if base == "change_pp":
        return Diff(share(group, year), share(group, year - 1))
    if base == "headcount_change":
        return Diff(_workforce(cell, year, group), _workforce(cell, year - 1, group))
    raise ValueError(f"indicator 1 has no measure {base!r}")


def _likelihood(scope: Scope) -> Expr:
    number, year, base = scope.indicator, scope.year, scope.base
    cases_q, total_q = LIKELIHOOD_COUNTS[number]
    total_cell = WHOLE if total_q == "workforce.headcount" else ()

    def cases(g: str) -> Leaf:
        return Leaf(CountKey(cases_q, (), year, g))

    def totals(g: str) -> Leaf:
        return Leaf(CountKey(total_q, total_cell, year, g))

    def rate(g: str) -> Pct:
        everyone = totals(ALL) if g != ALL else None
        return Pct(cases(g), totals(g), ((number, "rate_pct", g, None, None, year),), with_unknown=everyone)

    group = scope.group or ALL
    if base == "relative_likelihood":
        ind = families.indicator(number)
        return Ratio(rate(ind.numerator_group or WHITE), rate(ind.denominator_group or BME))
    if base == "rate_pct":
        return rate(group)
    if base == "headcount":
        return _workforce(WHOLE, year, group)
    if base == QUANTITIES[cases_q][1]:
        return cases(group)
    if base == QUANTITIES[total_q][1]:
        return totals(group)
    raise ValueError(f"indicator {number} has no measure {base!r}")


def _survey(scope: Scope, ledger: Ledger) -> Expr:
    number, year, base = scope.indicator, scope.year, scope.base
    cell = (number,)

    def pct(g: str, y: int) -> Expr:
        refs: tuple[Ref, ...] = ((number, "pct", g, None, None, y),)
        yes = CountKey("survey.yes", cell, y, g)
        if yes in ledger.entries:
            return Pct(Leaf(yes), Leaf(CountKey("survey.respondents", cell, y, g)), refs)
        return Leaf(CountKey("survey.percent", cell, y, g), refs)

    def bench(g: str) -> Leaf:
        return Leaf(CountKey("survey_benchmarks.percent", cell, year, g), ((number, "benchmark_pct", g, None, None,
                                                                             year),))

    group = scope.group or BME
    if base == "pct":
        return pct(group, year)
    if base == "not_pct":
        return Complement(pct(group, year))
    if base == "respondents":
        return Leaf(CountKey("survey.respondents", cell, year, group))
    if base == "gap_pp":
        return Diff(pct(BME, year), pct(WHITE, year))
    if base == "change_pp":
        return Diff(pct(group, year), pct(group, year - 1))
    if base == "benchmark_pct":
        return bench(group)
    if base == "benchmark_difference_pp":
        return Diff(pct(group, year), bench(group))
    raise ValueError(f"indicator {number} has no measure {base!r}")


def _board(scope: Scope) -> Expr:
    year, base, group = scope.year, scope.base, scope.group or ALL
    prefix = "executive_" if base.startswith("executive_") else ""
    membership = f"board.{'executive' if prefix else 'voting'}"

    def members(g: str) -> Leaf:
        return Leaf(CountKey(membership, (), year, g))

    def board_share(g: str) -> Pct:
        return Pct(members(g), members(ALL), ((9, f"{prefix}board_pct", g, None, None, year),),
                   without_unknown=Sum((members(WHITE), members(BME))))

    def staff_share(g: str) -> Pct:
        return _workforce_share(WHOLE, year, g, ((9, "workforce_pct", g, None, None, year), (1, "pct", g, None, None,
                                                                                              year)))

    if base == f"{prefix}board_pct":
        return board_share(group)
    if base == "workforce_pct":
        return staff_share(group)
    if base == f"{prefix}difference_pp":
        return Diff(board_share(group), staff_share(group))
    if base == f"{prefix}board_members":
        return members(group)
    if base == "headcount":
        return _workforce(WHOLE, year, group)
    raise ValueError(f"indicator 9 has no measure {base!r}")


def formula(scope: Scope, ledger: Ledger) -> Expr:
    """The formula of one measure of one indicator, for one group, cell and year, over the ledger's keys.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> ledger = build_ledger(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG")
    >>> expr = formula(Scope(4, "relative_likelihood", None, None, None, 2023), ledger)
    >>> value = expr.evaluate(Context(ledger.value, expr))
    >>> value == Fraction(43 * 99, 309 * 24), expr.text(Context(ledger.value, expr))
    (True, '(43/309) ÷ (24/99)')
    """
    number = scope.indicator
    if number == 1:
        return _indicator1(scope)
    if number in LIKELIHOOD_COUNTS:
        return _likelihood(scope)
    if number in families.numbers_of(families.SURVEY):
        return _survey(scope, ledger)
    return _board(scope)


@dataclass(frozen=True)
class Recomputation:
    """A published figure's value recomputed from the counts, or why it cannot be.

    ``value`` is exact (None when it cannot be computed, with ``reason``); ``expr`` the formula, ``text``
    its arithmetic; ``inputs`` the ledger entries it uses; ``p_value`` the test behind a sentence that
    says "significantly" (None when wres makes no test of the figure), ``test`` its name.
    """

    scope: Scope
    expr: Expr | None
    value: Fraction | None
    reason: str | None = None
    text: str | None = None
    inputs: tuple[Entry, ...] = ()
    p_value: float | None = None
    test: str | None = None


def _p_value(scope: Scope, ledger: Ledger) -> tuple[float | None, str | None]:
    result = ledger.results.get(scope.year)
    if result is None:
        return None, None
    number, base = scope.indicator, scope.base
    if base == "relative_likelihood" and number in LIKELIHOOD_COUNTS:
        m = result.likelihood(number).likelihood
        return (m.p_value, m.method) if m is not None else (None, None)
    if number in families.numbers_of(families.SURVEY):
        s = result.survey(number)
        if base == "gap_pp" and s.gap is not None:
            return s.gap.p_value, s.gap.method
        if base == "change_pp":
            change = s.bme_change if scope.group == BME else s.white_change
            if change is not None:
                return change.change.p_value, change.change.method
    if number == 9 and base == "difference_pp" and scope.group == BME:
        return result.board.voting.p_value, result.board.voting.method
    return None, None


def _zero_reason(scope: Scope, ledger: Ledger, ctx: Context) -> str:
    result = ledger.results.get(scope.year)
    if scope.base == "relative_likelihood" and result is not None and scope.indicator in LIKELIHOOD_COUNTS:
        r = result.likelihood(scope.indicator)
        if r.status != OK and r.reason:
            return f"not calculable: {r.reason}"
        if r.likelihood is not None and r.likelihood.unbounded:
            phrases = families.indicator(scope.indicator).phrases
            assert phrases is not None
            return (f"the relative likelihood is unbounded: no {r.likelihood.b_label} {phrases.noun} "
                    f"{phrases.did_outcome}, so no finite figure can agree")
    node = ctx.zero[0]
    if isinstance(node, Pct):
        keys = node.den.count_keys()
        names = " and ".join(ledger.entries[k].label for k in keys if k in ledger.entries)
        return f"the denominator ({names}) is 0, so the percentage cannot be computed"
    if isinstance(node, Ratio):
        return "the rate it is divided by is 0, so the relative likelihood is unbounded and no finite figure can agree"
    return "a denominator is 0, so the figure cannot be computed"


def recompute(figure: PublishedFigure, ledger: Ledger) -> Recomputation:
    """Recompute one published figure from the ledger: its exact value, arithmetic and inputs.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> from wreslib.audit.published import published_figures
    >>> import pandas as pd
    >>> ledger = build_ledger(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG")
    >>> rows = pd.DataFrame([{"row": 2, "org_code": "QHG", "year": 2024, "indicator": 9,
    ...                       "measure": "board_bme_pct", "value": "25%", "source": "", "staff_group": None,
    ...                       "band": None, "group": None}])
    >>> r = recompute(published_figures(rows, "QHG")[0], ledger)
    >>> float(r.value), r.text
    (15.384615384615385, '2/13')
    """
    scope = Scope(figure.indicator, figure.spec.base, figure.group, figure.staff_group, figure.band, figure.year)
    if figure.year not in ledger.years and figure.indicator not in families.numbers_of(families.SURVEY):
        return Recomputation(scope, None, None, f"the data has no workforce rows for {ledger.org_code} in "
                             f"{figure.year}, so nothing of {figure.year} can be recomputed")
    expr = formula(scope, ledger)
    ctx = Context(ledger.value, expr)
    value = expr.evaluate(ctx)
    inputs = tuple(dict.fromkeys(ledger.entries[k] for k in expr.count_keys() if k in ledger.entries))
    if value is None:
        reason = ledger.missing(ctx.missing[0]) if ctx.missing else _zero_reason(scope, ledger, ctx)
        return Recomputation(scope, expr, None, reason, inputs=inputs)
    p_value, test = (None, None)
    if figure.direction is not None and figure.direction.significant is not None:
        p_value, test = _p_value(scope, ledger)
    return Recomputation(scope, expr, value, None, expr.text(Context(ledger.value, expr)), inputs, p_value, test)


def kind_of(figure: PublishedFigure) -> str:
    """The kind of value a figure is (count, change, pct, pp, ratio), from its measure."""
    return figure.spec.kind


def is_count(figure: PublishedFigure) -> bool:
    return figure.spec.kind in (COUNT, CHANGE)


def is_ratio(figure: PublishedFigure) -> bool:
    return figure.spec.kind == RATIO
