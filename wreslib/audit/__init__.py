"""Auditing published figures: every figure an organisation printed, checked against its own counts.

``wres audit`` and the report's optional audit section call ``wreslib.audit.audit.audit`` (or
:func:`for_report`), which
reads the published figures (:mod:`~wreslib.audit.published`), recomputes each from the counts
(:mod:`~wreslib.audit.recompute`) at its printed precision (:mod:`~wreslib.audit.printed`), diagnoses those
that disagree by a search over single slips (:mod:`~wreslib.audit.diagnose`) and checks the published
figures against one another (:mod:`~wreslib.audit.consistency`). :mod:`~wreslib.audit.extract` drafts a
published.csv from a report's text. The results are typed (:mod:`~wreslib.audit.results`); the JSON and
the words are made at the edge (:func:`to_dict`, :mod:`~wreslib.audit.text`).

Names below load on first use, so ``import wreslib.audit`` costs nothing until an audit runs. The entry
itself is ``from wreslib.audit.audit import audit`` (the module and the function share the name, so the
package does not re-export it).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "AuditResult",
    "Check",
    "Claim",
    "Diagnosis",
    "extract",
    "for_report",
    "format_markdown",
    "format_text",
    "to_dict",
    "to_json",
]

_LAZY = {
    "for_report": "wreslib.audit.audit", "to_dict": "wreslib.audit.audit",
    "to_json": "wreslib.audit.audit", "extract": "wreslib.audit.extract", "format_text": "wreslib.audit.text",
    "format_markdown": "wreslib.audit.text", "AuditResult": "wreslib.audit.results", "Check": "wreslib.audit.results",
    "Claim": "wreslib.audit.results", "Diagnosis": "wreslib.audit.results",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'wreslib.audit' has no attribute {name!r}")
