"""Names for counts of people: one key per figure, the same wherever it appears.

A count shown in the workforce table, named in a data-quality warning and used as a denominator of
indicator 3 is one figure; disclosure control (:mod:`wreslib.present.disclosure`) must treat it as one.
These functions give every count a canonical key, a tuple of plain values.
"""

from __future__ import annotations

ALL = "all"
Key = tuple[object, ...]


def workforce(year: int, group: str = ALL, *, staff_group: str = ALL, band: str = ALL) -> Key:
    """Headcount at 31 March of ``year``, for a group, staff group and band or range (``all`` = total).

    Examples
    --------
    >>> workforce(2024, "BME")
    ('workforce', 2024, 'all', 'all', 'BME')
    """
    return ("workforce", int(year), staff_group, band, group)


def event(table: str, year: int, column: str, group: str = ALL) -> Key:
    """A count of an event table: ``("recruitment", 2024, "appointed", "BME")``."""
    return (table, int(year), column, group)


def board(year: int, membership: str, group: str = ALL) -> Key:
    """Board members (public office: shown whatever their number)."""
    return ("board", int(year), membership, group)


def survey(survey_year: int, indicator: int, group: str, what: str) -> Key:
    """Survey respondents or yes-answers (published by the survey itself)."""
    return ("survey", int(survey_year), int(indicator), group, what)


def is_public(key: Key) -> bool:
    """Counts the WRES publishes whatever their size: board membership and NHS Staff Survey figures."""
    return bool(key) and key[0] in ("board", "survey")
