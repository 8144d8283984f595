"""The benchmark of many organisations in one call: who is compared, roll-ups, funnels, league tables, movement.

:func:`compute_benchmark` runs one straight line: choose the organisations (:mod:`~wreslib.benchmark.scope`),
compute their nine indicators for the benchmark's years at once (:func:`wreslib.measures.compute.compute`,
the same rated frames every report reads, so a benchmark and a report can never disagree), pool them
(:mod:`~wreslib.benchmark.rollup`), place them on funnels (:mod:`~wreslib.benchmark.funnel`), rank them
(:mod:`~wreslib.benchmark.league`), measure their movement (:mod:`~wreslib.benchmark.movement`) and set
published figures beside the pooled ones (:mod:`~wreslib.benchmark.published`). Everything is vectorised
over organisations; :mod:`~wreslib.benchmark.rows` lays the result out for ``benchmark.csv`` and
``benchmark.xlsx``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wreslib.benchmark import funnel as funnel_module
from wreslib.benchmark import league as league_module
from wreslib.benchmark import movement as movement_module
from wreslib.benchmark import published as published_module
from wreslib.benchmark import rollup as rollup_module
from wreslib.benchmark import scope
from wreslib.errors import DataError, Fault
from wreslib.measures.board import VOTING
from wreslib.measures.compute import compute
from wreslib.measures.results import OK
from wreslib.options import DEFAULT_TREND_YEARS, TREND_YEARS_RANGE
from wreslib.version import VERSION

if TYPE_CHECKING:
    from wreslib.benchmark.funnel import Funnel
    from wreslib.benchmark.league import League
    from wreslib.benchmark.movement import Movement
    from wreslib.benchmark.rollup import Rollups
    from wreslib.benchmark.scope import Population
    from wreslib.data.dataset import Dataset
    from wreslib.measures.compute import Computation

log = logging.getLogger(__name__)

#: Peer groups of the peer funnel view: each organisation type, or every organisation together.
PEERS: tuple[str, ...] = ("org_type", "all")
#: Columns of :attr:`Benchmark.ratings` before the one column per indicator.
RATING_KEYS: tuple[str, ...] = ("org_code", "org_name", "region", "org_type")


@dataclass(frozen=True)
class Benchmark:
    """Every number of a benchmark of many organisations in one year.

    Attributes
    ----------
    year : int
        The benchmark's year (WRES reporting year).
    years : tuple of int
        The years computed: up to ``trend_years`` ending with ``year``, those the data holds.
    group_by : str
        ``region`` or ``org_type``: the grouping a page leads with (movement of groups, ``group_rank``).
    peers : str
        The peer groups of the funnels' peer view: ``org_type`` or ``all``.
    trend_years : int
    population : Population
        Who is compared, who is left out and why, and the members of every pooled group.
    computation : Computation
        The organisations' rated indicators for ``years`` (the frames every report reads).
    rollups : Rollups
        Pooled figures of every group and year, their changes, and the chosen region against the rest.
    funnels : tuple of Funnel
        Indicator 1 for each staff group, then 2, 3 and 4.
    league : League
        Every organisation ranked on every indicator; each indicator's standing.
    movement : Movement
        Year-on-year change of every organisation and group; the trends the reports state.
    published : pandas.DataFrame
        Published reference figures beside the pooled ones (:data:`wreslib.benchmark.published.COLUMNS`).
    ratings : pandas.DataFrame
        The summary matrix: one row per organisation, ``org_code, org_name, region, org_type`` and one
        column per indicator ``"1"`` … ``"9"`` holding its report's rating (red, amber, green, grey).
    provenance : dict
        ``data_checksum``, ``wreslib_version`` and the ``parameters`` of the call.
    seconds : float
        How long the benchmark took, indicators included.
    """

    year: int
    years: tuple[int, ...]
    group_by: str
    peers: str
    trend_years: int
    population: Population
    computation: Computation
    rollups: Rollups
    funnels: tuple[Funnel, ...]
    league: League
    movement: Movement
    published: pd.DataFrame
    ratings: pd.DataFrame
    provenance: dict[str, Any] = field(default_factory=dict, compare=False)
    seconds: float = field(default=0.0, compare=False)

    @property
    def name(self) -> str:
        """What the whole set of organisations is called ("the 42 ICBs in this data")."""
        return self.population.name

    @property
    def region(self) -> str | None:
        """The region compared with the rest, if one was chosen."""
        return self.population.region

    def funnel(self, indicator: int, staff_group: str | None = None) -> Funnel:
        """The funnel of indicator 2, 3 or 4, or of indicator 1 for one staff group.

        Raises
        ------
        KeyError
            When there is no such funnel (indicator 1 needs a staff group the data holds).
        """
        for f in self.funnels:
            if f.indicator == indicator and f.staff_group == staff_group:
                return f
        held = ", ".join(f"{f.indicator}" + (f" ({f.staff_group})" if f.staff_group else "") for f in self.funnels)
        raise KeyError(f"no funnel for indicator {indicator} staff group {staff_group!r}; the funnels are {held}")


def _check(trend_years: object, peers: object) -> tuple[int, str]:
    low, high = TREND_YEARS_RANGE
    if isinstance(trend_years, bool) or not isinstance(trend_years, int | np.integer) or not low <= trend_years <= high:
        raise DataError(Fault("(parameters)", f"trend_years must be a whole number from {low} to {high}",
                              column="trend_years", value=repr(trend_years)),
                        heading="A benchmark option cannot be used")
    if peers not in PEERS:
        raise DataError(Fault("(parameters)", f"peers must be one of {', '.join(PEERS)}", column="peers",
                              value=repr(peers)), heading="A benchmark option cannot be used")
    return int(trend_years), str(peers)


def _ratings(comp: Computation, people: Population, year: int) -> pd.DataFrame:
    """The summary matrix: each organisation's rating on each indicator in ``year``."""
    parts = [comp.indicator1[comp.indicator1["year"] == year].assign(indicator=1)[["org_code", "indicator", "rag"]]]
    likes = comp.likelihoods[comp.likelihoods["year"] == year]
    parts.append(likes.rename(columns={"number": "indicator"})[["org_code", "indicator", "rag"]])
    surveys = comp.surveys[comp.surveys["year"] == year]
    parts.append(surveys.rename(columns={"number": "indicator"})[["org_code", "indicator", "rag"]])
    boards = comp.boards[(comp.boards["year"] == year) & (comp.boards["membership"] == VOTING)]
    parts.append(boards.assign(indicator=9)[["org_code", "indicator", "rag"]])
    long = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    wide = long.pivot_table(index="org_code", columns="indicator", values="rag", aggfunc="first")
    wide.columns = [str(int(c)) for c in wide.columns]
    out = people.organisations[list(RATING_KEYS)].merge(wide.reset_index(), on="org_code", how="left")
    for number in range(1, 10):
        column = str(number)
        if column not in out.columns:
            out[column] = "grey"
        out[column] = out[column].astype(object).where(out[column].notna(), "grey")
    return out[[*RATING_KEYS, *(str(n) for n in range(1, 10))]]


def _peer_targets(rolled: Rollups, year: int, peers: str) -> dict[tuple[int, str | None, str], float | None]:
    t = rolled.table
    wanted = scope.ORG_TYPE if peers == "org_type" else scope.ALL
    rows = t[(t["scope"] == wanted) & (t["year"] == year) & (t["measure"] == "relative_likelihood")
             & (t["status"] == OK)]
    return {(int(n), g if isinstance(g, str) else None, str(group)): float(v)
            for n, g, group, v in rows[["indicator", "staff_group", "group", "value"]].itertuples(index=False,
                                                                                               name=None)}


def compute_benchmark(data: Dataset | str | Path, year: int, *, group_by: str = "region", region: str | None = None,
                      trend_years: int = DEFAULT_TREND_YEARS, peers: str = "org_type", name: str | None = None,
                      reps: int | None = None, seed: int = funnel_module.DEFAULT_SEED) -> Benchmark:
    """Compare every organisation in the data in ``year``: roll-ups, funnels, league tables and movement.

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset from ``read_data``, or the path of a data folder or workbook.
    year : int
        WRES reporting year.
    group_by : {"region", "org_type"}
        The grouping a page leads with; roll-ups are made for both.
    region : str, optional
        A region to set against every organisation outside it.
    trend_years : int
        Years computed, ending with ``year`` (roll-up changes between consecutive ones; the reports'
        trends over all of them).
    peers : {"org_type", "all"}
        The peer groups of the funnels' peer view.
    name : str, optional
        What the whole set is called. By default an honest count ("the 42 ICBs in this data"); name it
        "England" only when the data holds every organisation in England.
    reps : int, optional
        Simulated draws per organisation for the expected number beyond each funnel limit.
    seed : int
        Seed of that simulation (the same data always gives the same numbers).

    Returns
    -------
    Benchmark

    Raises
    ------
    DataError
        For an option that cannot be used, or a year no organisation can be compared in (the message
        names the value and what is expected).

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
    2005;24:1185-1202.
    NHS England, *Workforce Race Equality Standard: technical guidance*.

    Examples
    --------
    >>> from pathlib import Path
    >>> b = compute_benchmark(Path(__file__).parents[2] / "data" / "synthetic", 2024)
    >>> b.name, b.years
    ('the 42 ICBs in this data', (2022, 2023, 2024))
    >>> f = b.funnel(2)
    >>> f.parity.question
    'Does this organisation differ from parity beyond chance?'
    >>> f.parity.outside_95, round(f.parity.expected_outside_95, 1)
    (18, 2.1)
    """
    started = time.perf_counter()
    if not hasattr(data, "tables"):
        from wreslib.data.read import read_data

        data = read_data(data)
    year = scope.check_year(year)
    group_by = scope.check_group_by(group_by)
    trend_years, peers = _check(trend_years, peers)
    people = scope.population(data, year, region=region, name=name)
    workforce = data.tables.get("workforce")
    held = set() if workforce is None else {int(y) for y in workforce["year"].unique()}
    years = tuple(y for y in range(year - trend_years + 1, year + 1) if y in held)
    comp = compute(data, people.codes, list(years))
    computed = time.perf_counter()
    rolled = rollup_module.rollups(comp, people, years)
    rows = funnel_module.funnel_rows(comp, people, year, peers)
    funnels = funnel_module.funnels(comp, people, year, _peer_targets(rolled, year, peers), peers=peers, reps=reps,
                                    seed=seed, rows=rows)
    table = league_module.league(comp, people, year, group_by=group_by, ratio_rows=rows)
    moved = movement_module.movement(comp, people, year, rolled.changes, group_by=group_by, trend_years=trend_years)
    reference = published_module.published(data, rolled)
    ratings = _ratings(comp, people, year)
    finished = time.perf_counter()
    log.info("benchmark of %d organisations in %d: indicators %.2f s, benchmark %.2f s", len(people.codes), year,
             computed - started, finished - computed)
    parameters = {"year": year, "group_by": group_by, "region": region, "trend_years": trend_years, "peers": peers,
                  "name": name}
    provenance = {"data_checksum": data.checksum, "wreslib_version": VERSION, "parameters": parameters}
    return Benchmark(year, years, group_by, peers, trend_years, people, comp, rolled, funnels, table, moved, reference,
                     ratings, provenance, finished - started)


__all__ = ["PEERS", "RATING_KEYS", "Benchmark", "compute_benchmark"]
