"""wreslib: the NHS Workforce Race Equality Standard (WRES) as a reproducible pipeline.

The layers, each importing only from those before it::

    errors, version, options, lru, resources     foundations
    data        read and validate the input tables
    stats       statistics that know nothing of the WRES (score tests, Holm, funnels)
    measures    the nine indicators of organisations and years: tests, ratings, trends, the tidy table
    export      results as JSON, CSV and Excel (the edge)
    present     the presentation kit: formats, words, disclosure control, tables, charts, templates
    products    the organisation report and the benchmark page
    pipeline    kernels, render jobs, batches and the index
    cli         the ``wres`` command

``import wreslib`` is deliberately light (no pandas, scipy or matplotlib): the public names below are
loaded on first use.

Examples
--------
>>> import wreslib
>>> sorted(wreslib.__all__)[:4]
['DataError', 'Fault', 'ReportOptions', 'WresError']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from wreslib.errors import DataError, Fault, WresError
from wreslib.options import ReportOptions
from wreslib.version import VERSION as __version__

__all__ = [
    "DataError",
    "Fault",
    "ReportOptions",
    "WresError",
    "__version__",
    "build_report",
    "compute_indicators",
    "indicator_table",
    "read_data",
    "what_if",
]

# Public names loaded lazily (PEP 562) so that importing the package costs no more than its own modules.
_LAZY = {
    "read_data": ("wreslib.data.read", "read_data"),
    "compute_indicators": ("wreslib.measures.compute", "compute_indicators"),
    "indicator_table": ("wreslib.measures.tidy", "indicator_table"),
    "build_report": ("wreslib.products.report", "build"),
    "what_if": ("wreslib.data.whatif", "what_if"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module 'wreslib' has no attribute {name!r}")
