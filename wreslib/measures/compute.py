"""Compute the nine indicators for many organisations and years at once, adjust, rate, and read them back.

The path is one way: the organisations' rows are selected from the dataset once, every family computes
its frame for all of them (:mod:`~wreslib.measures.workforce`, :mod:`~wreslib.measures.likelihood`,
:mod:`~wreslib.measures.survey`, :mod:`~wreslib.measures.board`), the tests of each organisation-year are
gathered into one family and adjusted by Holm's method, and the rule of :mod:`~wreslib.measures.rating`
rates every row. A :class:`Computation` holds the rated frames; :func:`compute_indicators` reads one
organisation-year back as a typed :class:`~wreslib.measures.results.IndicatorSet`, and
:func:`wreslib.measures.tidy.indicator_table` lays the same frames out as one tidy table, so the two can
never disagree.

**The family of tests of an organisation-year** (what ``p_adjusted`` is adjusted within): each staff
group's senior-band likelihood (indicator 1), the relative likelihoods 2-4, the four survey gaps 5-8, the
year-on-year change of the BME and of the White percentage of each survey indicator, and the voting
board's representation test (9). Trends over several years form a second family of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wreslib.errors import DataError, Fault
from wreslib.measures import board, counts, families, likelihood, rating, survey, trend, workforce
from wreslib.measures.quality import quality_warnings
from wreslib.measures.results import OK, IndicatorSet, Rating, TestRecord, Trend
from wreslib.stats.multiplicity import holm_grouped
from wreslib.version import VERSION

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

#: Report years a trend looks back over by default (the published report shows three).
DEFAULT_TREND_YEARS = 3


@dataclass(frozen=True)
class Computation:
    """The rated frames of every organisation and year computed together.

    ``workforce_totals``: headcount by group per org-year; ``bands``/``ranges``/``groups``: indicator 1;
    ``indicator1``: its rating per org-year; ``likelihoods``: 2-4; ``surveys``: 5-8; ``boards``: 9;
    ``tests``: every test with its family's Holm adjustment. ``org_years`` lists the organisation-years
    that exist (the workforce table has rows for them).
    """

    data: Dataset
    org_years: pd.DataFrame
    workforce_totals: pd.DataFrame
    bands: pd.DataFrame
    ranges: pd.DataFrame
    groups: pd.DataFrame
    indicator1: pd.DataFrame
    likelihoods: pd.DataFrame
    surveys: pd.DataFrame
    boards: pd.DataFrame
    tests: pd.DataFrame
    #: Each frame as plain records grouped by (org_code, year), made once on first use, so that reading many
    #: organisations back costs a dictionary look-up each (pandas is slow on many small frames).
    _split: dict[str, dict[tuple[str, int], list[dict[str, Any]]]] = field(default_factory=dict, repr=False,
                                                                           compare=False)
    #: Tables derived from the frames and kept with them (the tidy table, :func:`wreslib.measures.tidy.table_of`),
    #: each with an ``org_code`` column, so that :meth:`only` hands an organisation its rows of them.
    derived: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def prepare(self) -> Computation:
        """Group every frame's records by organisation-year now (see ``records``), for a process that will read
        many organisations back through :meth:`only`; returns the computation."""
        for f in fields(self):
            if f.name not in ("data", "_split", "derived") and "org_code" in getattr(self, f.name).columns:
                self._grouped(f.name)
        return self

    def _grouped(self, name: str) -> dict[tuple[str, int], list[dict[str, Any]]]:
        if name not in self._split:
            frame: pd.DataFrame = getattr(self, name)
            grouped: dict[tuple[str, int], list[dict[str, Any]]] = {}
            for record in frame.to_dict("records"):
                grouped.setdefault((str(record["org_code"]), int(record["year"])), []).append(record)
            self._split[name] = grouped
        return self._split[name]

    def records(self, name: str, org_code: str, year: int) -> list[dict[str, Any]]:
        """One organisation-year's rows of one of the frames (``likelihoods``, ``surveys`` …) as records."""
        return self._grouped(name).get((org_code, int(year)), [])

    def only(self, org_codes: Sequence[str]) -> Computation:
        """The same results for some of the organisations: every figure, adjustment and rating unchanged,
        because each family of tests is one organisation-year's.

        Examples
        --------
        >>> from pathlib import Path
        >>> from wreslib.data.read import read_data
        >>> every = compute(read_data(Path(__file__).parents[2] / "data" / "synthetic"), years=[2024])
        >>> one = every.only(["ZS002"])
        >>> sorted(set(one.likelihoods["org_code"])), one.likelihoods.equals(
        ...     every.likelihoods[every.likelihoods["org_code"] == "ZS002"].reset_index(drop=True))
        (['ZS002'], True)
        """
        wanted = {str(c).strip().upper() for c in org_codes}

        def part(frame: pd.DataFrame) -> pd.DataFrame:
            if "org_code" not in frame.columns:
                return frame
            return frame[frame["org_code"].isin(wanted)].reset_index(drop=True)

        frames = [part(getattr(self, f.name)) for f in fields(self) if f.name not in ("data", "_split", "derived")]
        split = {name: {k: v for k, v in grouped.items() if k[0] in wanted} for name, grouped in self._split.items()}
        derived = {name: part(table) for name, table in self.derived.items()}
        return Computation(self.data.select(sorted(wanted)), *frames, _split=split, derived=derived)


def _family(comp_groups: pd.DataFrame, likelihoods: pd.DataFrame, surveys: pd.DataFrame,
            boards: pd.DataFrame) -> pd.DataFrame:
    """Every test of every organisation-year, with ``p_adjusted`` within the organisation-year (Holm)."""
    parts = [
        comp_groups.assign(number=1, key="1:" + comp_groups["staff_group"].astype(str))
        [["org_code", "year", "number", "key", "p_value", "method"]],
        likelihoods.assign(key=likelihoods["number"].astype(str))[["org_code", "year", "number", "key", "p_value",
                                                                   "method"]],
    ]
    for prefix in ("gap", "bme_change", "white_change"):
        part = surveys[["org_code", "year", "number"]].copy()
        part["key"] = surveys["number"].astype(str) + ":" + prefix
        part["p_value"] = surveys[f"{prefix}_p"]
        part["method"] = survey.METHOD
        parts.append(part)
    voting = boards[boards["membership"] == board.VOTING]
    parts.append(voting.assign(number=9, key="9:voting")[["org_code", "year", "number", "key", "p_value", "method"]])
    tests = pd.concat(parts, ignore_index=True)
    tests = tests[tests["p_value"].notna()].reset_index(drop=True)
    family = tests["org_code"].astype(str) + "|" + tests["year"].astype(str)
    tests["p_adjusted"] = holm_grouped(tests["p_value"].to_numpy(dtype=float), family.to_numpy())
    return tests


def _with_adjusted(frame: pd.DataFrame, tests: pd.DataFrame, key: pd.Series,
                   column: str = "p_adjusted") -> pd.DataFrame:
    lookup = tests.set_index(["org_code", "year", "key"])["p_adjusted"]
    index = pd.MultiIndex.from_arrays([frame["org_code"], frame["year"], key])
    out = frame.copy()
    out[column] = lookup.reindex(index).to_numpy()
    return out


def _indicator1(org_years: pd.DataFrame, totals: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Indicator 1's rating per org-year: the most severe staff group's, naming it."""
    out = org_years.merge(totals[[*counts.KEY, "present", "white", "bme", "unknown"]], on=counts.KEY, how="left")
    rated = groups[groups["rag"] != rating.GREY].assign(_s=groups["rag"].map(rating.SEVERITY))
    rated = rated.sort_values([*counts.KEY, "_s", "p_adjusted"], kind="stable").groupby(counts.KEY).head(1)
    out = out.merge(rated[[*counts.KEY, "staff_group", "rag", "rule"]].rename(
        columns={"staff_group": "headline_group"}), on=counts.KEY, how="left")
    total = out["white"] + out["bme"] + out["unknown"]
    no_rows = ~out["present"].astype(bool)
    out["rule"] = np.where(no_rows, "no_data", np.where(total == 0, "not_calculable",
                                                        out["rule"].fillna("no_groups")))
    out["rag"] = out["rule"].map(rating.RULE_RAG)
    out.loc[out["rule"].isin(["no_data", "not_calculable", "no_groups"]), "headline_group"] = None
    return out[[*counts.KEY, "rag", "rule", "headline_group"]]


def compute(data: Dataset, orgs: Sequence[str] | None = None, years: Sequence[int] | None = None) -> Computation:
    """Compute, adjust and rate every indicator for ``orgs`` (default: all without faults) and ``years``.

    Only organisation-years that the workforce table holds are kept. Organisations whose rows hold a
    fault are left out when ``orgs`` is not given; named ones are checked with ``Dataset.require``.
    """
    if orgs is None:
        bad = set(data.failed_orgs)
        codes = [c for c in data.org_codes if c not in bad]
    else:
        codes = [str(c).strip().upper() for c in orgs]
        for code in codes:
            data.require(code)
    wanted = sorted({int(y) for y in years}) if years is not None else sorted(
        {y for code in codes for y in data.years(code)})
    selected = data.select(codes) if hasattr(data, "select") else data
    grid = counts.org_years(codes, wanted)
    totals = counts.workforce_totals(selected, codes, wanted)
    exists = totals[totals["present"]][counts.KEY]
    grid = grid.merge(exists, on=counts.KEY, how="inner")
    by_band, ranges, groups = workforce.frames(selected, codes, wanted)
    likelihoods = likelihood.frame(selected, codes, wanted, totals)
    surveys = survey.frame(selected, codes, wanted)
    boards = board.frame(selected, codes, wanted, totals)
    keep = grid.assign(_keep=True)

    def restrict(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return frame
        merged = frame.merge(keep, on=counts.KEY, how="inner")
        return merged.drop(columns="_keep").reset_index(drop=True)

    totals, by_band, ranges, groups = restrict(totals), restrict(by_band), restrict(ranges), restrict(groups)
    likelihoods, surveys, boards = restrict(likelihoods), restrict(surveys), restrict(boards)
    tests = _family(groups, likelihoods, surveys, boards)
    groups = rating.rate_ratios(_with_adjusted(groups, tests, "1:" + groups["staff_group"].astype(str)))
    likelihoods = rating.rate_ratios(_with_adjusted(likelihoods, tests, likelihoods["number"].astype(str)))
    for prefix in ("gap", "bme_change", "white_change"):
        surveys = _with_adjusted(surveys, tests, surveys["number"].astype(str) + ":" + prefix,
                                 column=f"{prefix}_p_adjusted")
    surveys = rating.rate_surveys(surveys)
    boards = _with_adjusted(boards, tests, pd.Series("9:" + boards["membership"], index=boards.index))
    boards = rating.rate_boards(boards)
    indicator1 = _indicator1(grid, totals, groups)
    return Computation(selected, grid, totals, by_band, ranges, groups, indicator1, likelihoods, surveys, boards,
                       tests)


def _rating(row: Mapping[str, Any]) -> Rating:
    return Rating(str(row["rag"]), str(row["rule"]))


def indicator_set(comp: Computation, org_code: str, year: int, trends: pd.DataFrame | None = None) -> IndicatorSet:
    """One organisation-year of a computation as a typed :class:`IndicatorSet`."""
    data = comp.data
    org = data.organisation(org_code)
    tests = comp.records("tests", org_code, year)
    adjusted = {str(t["key"]): float(t["p_adjusted"]) for t in tests}
    totals = comp.records("workforce_totals", org_code, year)[0]
    groups = comp.records("groups", org_code, year)
    head = comp.records("indicator1", org_code, year)[0]
    ind1 = workforce.result(
        data, org_code, year, totals, comp.records("bands", org_code, year), comp.records("ranges", org_code, year),
        groups, {str(r["staff_group"]): _rating(r) for r in groups}, _rating(head),
        head["headline_group"] if isinstance(head["headline_group"], str) else None,
        {k.split(":", 1)[1]: v for k, v in adjusted.items() if k.startswith("1:")},
    )
    likelihood_results = tuple(likelihood.result(r, _rating(r), adjusted.get(str(int(r["number"]))))
                               for r in comp.records("likelihoods", org_code, year))
    survey_results = tuple(
        survey.result(r, _rating(r), {k.split(":", 1)[1]: v for k, v in adjusted.items()
                                      if k.startswith(f"{int(r['number'])}:")})
        for r in comp.records("surveys", org_code, year))
    boards = comp.records("boards", org_code, year)
    voting = next(r for r in boards if r["membership"] == board.VOTING)
    board_result = board.result(boards, _rating(voting), adjusted.get("9:voting"))
    records = tuple(TestRecord(str(t["key"]), int(t["number"]), float(t["p_value"]), float(t["p_adjusted"]),
                               str(t["method"])) for t in tests)
    trend_list: tuple[Trend, ...] = ()
    trend_records: tuple[TestRecord, ...] = ()
    if trends is not None:
        mine = trends[trends["org_code"] == org_code].to_dict("records")
        trend_list = tuple(_typed_trend(r) for r in mine)
        trend_records = tuple(
            TestRecord(f"trend:{int(r['number'])}", int(r["number"]), float(r["p_value"]), float(r["p_adjusted"]),
                       str(r["method"]))
            for r in mine if not pd.isna(r["p_value"]))
    warnings = tuple(data.warnings_for(org_code)) + tuple(quality_warnings(data, org_code, year, board_result))
    return IndicatorSet(
        org_code=org_code, org_name=str(org["org_name"]), org_type=str(org["org_type"]),
        region=str(org.get("region") or ""), year=int(year), synthetic=bool(org.get("synthetic") or False),
        workforce=ind1, likelihoods=likelihood_results, surveys=survey_results, board=board_result,
        tests=records, trends=trend_list, trend_tests=trend_records, warnings=warnings,
        data_checksum=data.checksum, wreslib_version=VERSION,
    )


def _typed_trend(row: Mapping[str, Any]) -> Trend:
    number = int(row["number"])
    if number == 9:
        return Trend(9, trend.NOT_TESTED, from_year=None if pd.isna(row["from_year"]) else int(row["from_year"]),
                     to_year=int(row["to_year"]), reason=trend.BOARD_NOT_TESTED)
    group = row.get("staff_group") if number == 1 else None
    return trend.trend_of(row, number, str(row["method"]), staff_group=group if isinstance(group, str) else None)


def trends(comp: Computation, report_year: int, trend_years: int = DEFAULT_TREND_YEARS) -> pd.DataFrame:
    """Tested change of every indicator since the first of the ``trend_years`` years, per organisation.

    One row per (org_code, number) of the organisations with rows in ``report_year``, with ``verdict``,
    the values, the change and its interval, ``p_value`` and ``p_adjusted`` (Holm within each
    organisation's trend family).
    """
    first = report_year - trend_years + 1
    present = comp.org_years[comp.org_years["year"] == report_year][["org_code"]]
    parts = []
    head = comp.indicator1[comp.indicator1["year"] == report_year][["org_code", "headline_group"]]
    groups = comp.groups.merge(head.rename(columns={"headline_group": "staff_group"}), on=["org_code", "staff_group"])
    one = trend.ratio_trends(groups, report_year, first, ["org_code", "staff_group"]).assign(number=1)
    parts.append(one.assign(method=trend.RATIO_METHOD))
    parts.append(trend.ratio_trends(comp.likelihoods, report_year, first, ["org_code", "number"])
                 .assign(method=trend.RATIO_METHOD))
    parts.append(trend.survey_trends(comp.surveys, report_year, first).assign(method=trend.GAP_METHOD))
    out = pd.concat(parts, ignore_index=True)
    wanted = present.merge(pd.DataFrame({"number": families.NUMBERS}), how="cross")
    out = wanted.merge(out, on=["org_code", "number"], how="left")
    out["to_year"] = report_year
    out.loc[out["number"] == 9, "method"] = None
    out = trend.adjust(out, ["org_code"])
    out["verdict"] = trend.verdicts(out)
    out.loc[out["number"] == 9, "verdict"] = trend.NOT_TESTED
    return out


def compute_indicators(data: Dataset | str | Path, org_code: str, year: int, *,
                       trend_years: int = DEFAULT_TREND_YEARS) -> IndicatorSet:
    """All nine WRES indicators of one organisation and year, adjusted, rated, with trends and warnings.

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset from ``read_data``, or the path of a data folder or workbook.
    org_code : str
        ODS-style organisation code, e.g. ``"QHG"``.
    year : int
        WRES reporting year (workforce snapshot at 31 March of that year).
    trend_years : int
        How many report years, ending with ``year``, the trends look back over (1 for none).

    Raises
    ------
    DataError
        When this organisation's rows hold a fault, or the organisation or year is not in the data.

    References
    ----------
    NHS England, *Workforce Race Equality Standard: technical guidance*.

    Examples
    --------
    >>> from pathlib import Path
    >>> result = compute_indicators(Path(__file__).parents[2] / "data" / "example", "QHG", 2024)
    >>> round(result.likelihood(2).likelihood.value, 2), result.likelihood(2).rating.rag
    (3.44, 'red')
    """
    from wreslib.data.read import read_data

    if isinstance(data, str | Path):
        data = read_data(data)
    code = str(org_code).strip().upper()
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise DataError(Fault("(parameters)", "the year must be a whole number such as 2024", column="year",
                              value=repr(year)))
    data.require(code, int(year))
    years = [y for y in data.years(code) if int(year) - trend_years < y <= int(year)]
    comp = compute(data, [code], years)
    tested = trends(comp, int(year), trend_years) if len(years) > 1 else None
    return indicator_set(comp, code, int(year), tested)


__all__ = ["DEFAULT_TREND_YEARS", "OK", "Computation", "compute", "compute_indicators", "indicator_set", "trends"]
