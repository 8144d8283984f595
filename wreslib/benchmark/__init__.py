"""The numbers of many organisations: roll-ups, funnels, league tables and movement (no HTML, no charts).

One module per concern, in the order the data flows:

- :mod:`~wreslib.benchmark.scope`: who is compared, who is left out and why, and an honest name for each
  group ("the 42 ICBs in this data").
- :mod:`~wreslib.benchmark.rollup`: pooled figures of every group from summed counts, their year-on-year
  change, and a chosen region against the rest.
- :mod:`~wreslib.benchmark.funnel`: the funnels of the relative likelihoods, with each organisation's own
  precision: the parity view ("does it differ from parity beyond chance?") and the peer view ("is it
  unusual among organisations like it?"), over-dispersion and how many lie outside by chance.
- :mod:`~wreslib.benchmark.league`: every organisation ranked on every indicator, with its interval.
- :mod:`~wreslib.benchmark.movement`: each organisation's and group's change since the year before.
- :mod:`~wreslib.benchmark.published`: published reference figures beside the pooled ones.
- :mod:`~wreslib.benchmark.rows`: the rows of ``benchmark.csv`` and the sheets of ``benchmark.xlsx``.
- :mod:`~wreslib.benchmark.compute`: :func:`compute_benchmark`, the one entry point.

Every figure comes from the same rated frames as the organisations' own reports
(:func:`wreslib.measures.compute.compute`), so a benchmark and a report never disagree. See
``docs/benchmark.md`` for the methods.
"""

from wreslib.benchmark.compute import Benchmark, compute_benchmark
from wreslib.benchmark.funnel import FLAGS, QUESTIONS, Funnel, FunnelView, place
from wreslib.benchmark.league import League, Standing
from wreslib.benchmark.movement import Movement
from wreslib.benchmark.rollup import Rollups
from wreslib.benchmark.rows import CSV_COLUMNS, csv_frame, csv_rows, xlsx_sheets
from wreslib.benchmark.scope import Exclusion, Population

__all__ = [
    "CSV_COLUMNS",
    "FLAGS",
    "QUESTIONS",
    "Benchmark",
    "Exclusion",
    "Funnel",
    "FunnelView",
    "League",
    "Movement",
    "Population",
    "Rollups",
    "Standing",
    "compute_benchmark",
    "csv_frame",
    "csv_rows",
    "place",
    "xlsx_sheets",
]
