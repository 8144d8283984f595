"""Everything the benchmark page needs, gathered once: the numbers of :func:`wreslib.benchmark.compute_benchmark`
laid out as look-ups, the page's options, its provenance and where each organisation's report lives.

:func:`build_context` computes the benchmark once; the sections then only look figures up and lay them
out (rendering computes nothing). The look-ups are plain dictionaries of the benchmark's rows, keyed by
what a sentence or a table cell asks for: a pooled figure of a group in a year, its change since the
year before, the region against the rest, an organisation's place and movement.

A page is either the **national** page (every organisation compared, each group of ``group_by``) or a
**region's own page** (``region=``): the region against every organisation outside it, with statements
about organisations restricted to the region's own. Either way every set is named for what it holds
("the 42 ICBs in this data"), never "England" unless the caller says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from wreslib.benchmark.scope import ALL, ALL_GROUP, REST, plural
from wreslib.measures import families
from wreslib.options import ReportOptions
from wreslib.present.provenance import Provenance, data_name
from wreslib.present.words import Words

if TYPE_CHECKING:
    from wreslib.benchmark.compute import Benchmark
    from wreslib.data.dataset import Dataset

#: The page file in its folder (``OUT/benchmark/YYYY/`` or ``OUT/benchmark/YYYY/<region-slug>/``).
PAGE_FILE = "benchmark.html"
#: Where the benchmark pages live in an output folder.
FOLDER = "benchmark"
VOTING, EXECUTIVE = "voting", "executive"
_NONE = ""


def slug(region: str) -> str:
    """A region's folder name: lower case, words joined by hyphens (never ``private``, the working files' folder).

    Examples
    --------
    >>> slug("North East and Yorkshire"), slug("London"), slug("Private"), slug("  ")
    ('north-east-and-yorkshire', 'london', 'private-region', 'region')
    """
    text = re.sub(r"[^a-z0-9]+", "-", str(region).lower()).strip("-") or "region"
    return "private-region" if text == "private" else text


def page_parameters(year: int, group_by: str, region: str | None, options: ReportOptions) -> dict[str, Any]:
    """The parameters a page is made from (its provenance, and what a later run compares to tell if it is stale).

    Examples
    --------
    >>> page_parameters(2024, "region", None, ReportOptions())["suppress_below"]
    5
    """
    return {"year": int(year), "group_by": group_by, "region": region, **options.as_parameters()}


@dataclass(frozen=True)
class Line:
    """One comparison of the page: an indicator, with its staff group (indicator 1) or board membership (9).

    Examples
    --------
    >>> Line(1, "non-clinical").anchor, Line(2).anchor, Line(9, membership="voting").measure
    ('indicator-1-non-clinical', 'indicator-2', 'difference_pp')
    """

    indicator: int
    staff_group: str | None = None
    membership: str | None = None

    @property
    def family(self) -> str:
        return families.indicator(self.indicator).family

    @property
    def ratio(self) -> bool:
        """A relative likelihood (indicators 1 to 4), drawn as a funnel."""
        return self.family in (families.WORKFORCE, families.LIKELIHOOD)

    @property
    def measure(self) -> str:
        if self.ratio:
            return "relative_likelihood"
        return "gap_pp" if self.family == families.SURVEY else "difference_pp"

    @property
    def anchor(self) -> str:
        return f"indicator-{self.indicator}" + (f"-{slug(self.staff_group)}" if self.staff_group else "")

    @property
    def keys(self) -> tuple[int, str, str]:
        return (self.indicator, self.staff_group or _NONE, self.membership or _NONE)


def _blank(value: object) -> str:
    return _NONE if value is None or (isinstance(value, float) and value != value) else str(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dictionaries with None for missing values (so that ``is None`` tests read plainly)."""
    if frame.empty:
        return []
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


@dataclass(frozen=True)
class BenchmarkContext:
    """The benchmark page's figures as look-ups, with its options, provenance and links.

    Attributes
    ----------
    bench : Benchmark
        Every number of the page (:func:`wreslib.benchmark.compute_benchmark`).
    options : ReportOptions
    provenance : Provenance
        Data checksum and name, software and the page's parameters.
    lines : tuple of Line
        The page's comparisons in order: indicator 1 per staff group, 2 to 8, and 9 (voting membership).
    """

    bench: Benchmark
    options: ReportOptions
    provenance: Provenance
    lines: tuple[Line, ...]
    pooled: Mapping[tuple, dict[str, Any]] = field(repr=False)
    changes: Mapping[tuple, dict[str, Any]] = field(repr=False)
    comparison: Mapping[tuple, dict[str, Any]] = field(repr=False)
    leagues: Mapping[tuple, list[dict[str, Any]]] = field(repr=False)
    moved: Mapping[tuple, dict[str, Any]] = field(repr=False)
    bands: Mapping[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    # --- who and when --------------------------------------------------------------------------------

    @property
    def year(self) -> int:
        return self.bench.year

    @property
    def previous(self) -> int | None:
        """The year before, when the benchmark holds it (changes are measured from it)."""
        return self.year - 1 if self.year - 1 in self.bench.years else None

    @property
    def region(self) -> str | None:
        return self.bench.region

    @property
    def words(self) -> Words:
        return Words(self.options)

    @property
    def synthetic(self) -> bool:
        return self.bench.population.synthetic

    @property
    def name(self) -> str:
        """The whole set of organisations compared ("the 42 ICBs in this data")."""
        return self.bench.name

    @property
    def organisations(self) -> pd.DataFrame:
        return self.bench.population.organisations

    @property
    def noun(self) -> str:
        """The plural noun of the organisations compared ("ICBs", "organisations")."""
        kinds = set(self.organisations["org_type"])
        return plural(next(iter(kinds))) if len(kinds) == 1 else "organisations"

    def group_name(self, scope: str, group: str) -> str:
        """What a pooled group is called ("the 6 ICBs in London in this data")."""
        groups = self.bench.population.groups
        found = groups[(groups["scope"] == scope) & (groups["group"] == group)]
        return str(found["name"].iloc[0]) if not found.empty else group

    @property
    def rest(self) -> tuple[str, str] | None:
        """(scope, group) of every organisation outside the chosen region, when one was chosen."""
        members = self.bench.population.members
        rest = members[members["scope"] == REST]
        return (REST, str(rest["group"].iloc[0])) if not rest.empty else None

    @property
    def focus(self) -> list[str]:
        """The organisations the page's statements about organisations are about: the region's, or all."""
        orgs = self.organisations
        if self.region is None:
            return list(orgs["org_code"])
        return list(orgs.loc[orgs["region"] == self.region, "org_code"])

    @property
    def focus_name(self) -> str:
        return self.name if self.region is None else self.group_name("region", self.region)

    def groups(self) -> list[tuple[str, str, str]]:
        """The pooled groups a page's tables show, as (scope, group, row label): the whole set and each group of
        ``group_by`` on the national page; the region, the rest and the whole set on a region's page."""
        whole = (ALL, ALL_GROUP, self.name[:1].upper() + self.name[1:])
        if self.region is not None:
            rows = [("region", self.region, self.region)]
            if self.rest is not None:
                rows.append((*self.rest, self.rest[1][:1].upper() + self.rest[1][1:]))
            return rows + [whole]
        groups = self.bench.population.groups
        mine = groups[groups["scope"] == self.bench.group_by]
        return [whole] + [(self.bench.group_by, str(g), str(g)) for g in mine["group"]]

    # --- where the page and the reports live ---------------------------------------------------------

    @property
    def folder(self) -> str:
        """The page's folder relative to the output folder."""
        base = f"{FOLDER}/{self.year}"
        return f"{base}/{slug(self.region)}" if self.region is not None else base

    def report_href(self, org_code: str) -> str:
        """The relative link from this page to an organisation's report (``OUT/CODE/YYYY/report.html``).

        Examples
        --------
        From ``OUT/benchmark/2024/`` a report is two folders up; from a region's page, three.
        """
        up = "../" * len(self.folder.split("/"))
        return f"{up}{org_code}/{self.year}/report.html"

    # --- look-ups ------------------------------------------------------------------------------------

    def pooled_row(self, scope: str, group: str, year: int | None, line: Line, measure: str | None = None,
                   membership: str | None = None) -> dict[str, Any] | None:
        """A pooled figure of a group (the line's measure unless named)."""
        if year is None:
            return None
        member = membership if membership is not None else line.membership
        key = (scope, group, int(year), line.indicator, line.staff_group or _NONE, member or _NONE,
               measure or line.measure)
        return self.pooled.get(key)

    def change_row(self, scope: str, group: str, line: Line, membership: str | None = None) -> dict[str, Any] | None:
        """A group's change from the year before into the page's year."""
        member = membership if membership is not None else line.membership
        return self.changes.get((scope, group, line.indicator, line.staff_group or _NONE, member or _NONE))

    def comparison_row(self, line: Line, membership: str | None = None) -> dict[str, Any] | None:
        """The chosen region against the rest in the page's year."""
        member = membership if membership is not None else line.membership
        return self.comparison.get((line.indicator, line.staff_group or _NONE, member or _NONE))

    def league(self, line: Line) -> list[dict[str, Any]]:
        """Every organisation's place on one line, in rank order (unranked last)."""
        return self.leagues.get(line.keys, [])

    def movement(self, org_code: str, line: Line) -> dict[str, Any] | None:
        return self.moved.get((org_code, *line.keys))

    def funnel(self, line: Line) -> Any | None:
        """The funnel of a relative likelihood (None for 5 to 9, or a staff group without one)."""
        if not line.ratio:
            return None
        try:
            return self.bench.funnel(line.indicator, line.staff_group)
        except KeyError:
            return None

    def standing(self, line: Line) -> Any | None:
        try:
            return self.bench.league.standing(line.indicator, line.staff_group, line.membership)
        except KeyError:
            return None

    def share_row(self, scope: str, group: str, year: int | None, staff_group: str = "all",
                  band: str = "All bands") -> dict[str, Any] | None:
        """A group's pooled BME share of a staff group's band range (by default, of the whole workforce)."""
        if year is None:
            return None
        return self.pooled.get((scope, group, int(year), 1, f"{staff_group}|{band}", _NONE, "bme_pct"))

    def published(self, number: int) -> list[dict[str, Any]]:
        """Published reference figures of the page's year for one indicator, beside the pooled ones."""
        p = self.bench.published
        if p.empty:
            return []
        return _records(p[(p["indicator"] == number) & (p["year"] == self.year)])

    def lines_of(self, number: int) -> list[Line]:
        return [ln for ln in self.lines if ln.indicator == number]


def _lines(bench: Benchmark) -> tuple[Line, ...]:
    groups = [f.staff_group for f in bench.funnels if f.indicator == 1 and f.staff_group]
    out = [Line(1, g) for g in groups] or [Line(1, "all")]
    out += [Line(n) for n in (2, 3, 4, 5, 6, 7, 8)]
    out.append(Line(9, membership=VOTING))
    return tuple(out)


def _pooled(bench: Benchmark) -> dict[tuple, dict[str, Any]]:
    t = bench.rollups.table
    out = {}
    for row in _records(t):
        key = (row["scope"], row["group"], int(row["year"]), int(row["indicator"]), _blank(row["staff_group"]),
               _blank(row["membership"]), row["measure"])
        # Indicator 1's shares are per band; the page reads the whole workforce's (band "All bands").
        if row["measure"] == "bme_pct" and int(row["indicator"]) == 1:
            key = (*key[:4], _blank(row["staff_group"]) + "|" + _blank(row["band"]), *key[5:])
        out.setdefault(key, row)
    return out


def _changes(bench: Benchmark) -> dict[tuple, dict[str, Any]]:
    c = bench.rollups.changes
    if c.empty:
        return {}
    mine = c[(c["year"] == bench.year) & (c["from_year"] == bench.year - 1)]
    return {(r["scope"], r["group"], int(r["indicator"]), _blank(r["staff_group"]), _blank(r["membership"])): r
            for r in _records(mine)}


def _comparison(bench: Benchmark) -> dict[tuple, dict[str, Any]]:
    c = bench.rollups.comparison
    if c.empty:
        return {}
    mine = c[c["year"] == bench.year]
    return {(int(r["indicator"]), _blank(r["staff_group"]), _blank(r["membership"])): r for r in _records(mine)}


def _leagues(bench: Benchmark, lines: tuple[Line, ...]) -> dict[tuple, list[dict[str, Any]]]:
    out = {}
    for line in lines:
        out[line.keys] = _records(bench.league.of(line.indicator, line.staff_group, line.membership))
    return out


def _moved(bench: Benchmark) -> dict[tuple, dict[str, Any]]:
    m = bench.movement.organisations
    return {(r["org_code"], int(r["indicator"]), _blank(r["staff_group"]), _blank(r["membership"])): r
            for r in _records(m)}


def _bands(bench: Benchmark) -> dict[str, tuple[str, str]]:
    """The senior and the lower range each staff group's relative likelihood compares ("Band 8a-VSM", "Band 1-7")."""
    g = bench.computation.groups
    if g.empty:
        return {}
    first = g.dropna(subset=["senior", "lower"]).drop_duplicates("staff_group")
    return {str(r["staff_group"]): (str(r["senior"]), str(r["lower"])) for r in _records(first)}


def build_context(data: Dataset | str | Path, year: int, options: ReportOptions | Mapping[str, Any] | None = None,
                  *, group_by: str = "region", region: str | None = None, name: str | None = None,
                  data_label: str | None = None) -> BenchmarkContext:
    """Compute the benchmark once and gather what its page shows.

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset, or the data folder or workbook to read.
    year : int
        WRES reporting year.
    options : ReportOptions or mapping
        Display label, suppression threshold and trend years (checked once here when a mapping).
    group_by : {"region", "org_type"}
        The groups the national page shows beside the whole set.
    region : str, optional
        Make a region's own page: the region against every organisation outside it.
    name : str, optional
        What the whole set is called; by default an honest count ("the 42 ICBs in this data").
    data_label : str, optional
        How the page names the data; by default its path relative to the working folder.

    Raises
    ------
    DataError
        For an option that cannot be used, a region that holds none of the organisations compared, or a
        year no organisation can be compared in (the message names the value).
    """
    from wreslib.benchmark.compute import compute_benchmark
    from wreslib.data.read import read_data

    opts = ReportOptions.of(options)
    dataset = read_data(data) if isinstance(data, str | Path) else data
    bench = compute_benchmark(dataset, year, group_by=group_by, region=region, trend_years=opts.trend_years,
                              name=name)
    label = data_label if data_label is not None else data_name(dataset.source)
    provenance = Provenance(dataset.checksum, label, page_parameters(bench.year, bench.group_by, region, opts))
    lines = _lines(bench)
    return BenchmarkContext(bench=bench, options=opts, provenance=provenance, lines=lines, pooled=_pooled(bench),
                            changes=_changes(bench), comparison=_comparison(bench), leagues=_leagues(bench, lines),
                            moved=_moved(bench), bands=_bands(bench))


__all__ = ["EXECUTIVE", "FOLDER", "PAGE_FILE", "VOTING", "BenchmarkContext", "Line", "build_context",
           "page_parameters", "slug"]
