"""wreslib: the NHS Workforce Race Equality Standard (WRES) as a reproducible pipeline.

The data flows one way: ``wreslib.data`` reads and validates the input tables,
``wreslib.legacy.measures`` computes the nine indicators and their statistics, and
``wreslib.legacy.report`` turns results into sentences, charts and reports.

``import wreslib`` is deliberately light (no scipy, matplotlib, papermill or
nbconvert): the public entry points below are loaded on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from wreslib.errors import DataError, Fault, WresError
from wreslib.version import VERSION as __version__

__all__ = [
    "DataError",
    "Fault",
    "WresError",
    "__version__",
    "compute_indicators",
    "read_data",
]

# Public names loaded lazily (PEP 562) so that importing the package costs no more than pandas.
_LAZY = {
    "read_data": "wreslib.data.read",
    "compute_indicators": "wreslib.legacy.measures.indicators",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'wreslib' has no attribute {name!r}")
