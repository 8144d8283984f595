"""Agenda for Change (AfC) bands, medical grades and published band ranges.

Indicator 1 is reported at whatever granularity the data holds: single AfC bands, the published
ranges (``Band 1-7``, ``Band 8a-VSM``), medical and dental grades, or ``Not recorded``.

References
----------
NHS Terms and Conditions of Service (Agenda for Change) pay bands; NHS England WRES technical
guidance, indicator 1 (bands 1–9 and VSM, and medical and dental subgroups).
"""

from __future__ import annotations

import re

#: The AfC scale in order. "Under Band 1" sits below Band 1 and is counted in the lower range.
AFC_BANDS: tuple[str, ...] = (
    "Under Band 1",
    "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM",
)
MEDICAL_GRADES: tuple[str, ...] = ("Consultant", "Non-consultant career grade", "Trainee grade", "Other medical")
NOT_RECORDED = "Not recorded"

#: The ranges WRES reports commonly publish, used to roll single bands up (name -> (first, last) index).
PUBLISHED_RANGES: dict[str, tuple[int, int]] = {
    "Band 1-7": (0, AFC_BANDS.index("Band 7")),
    "Band 8a-VSM": (AFC_BANDS.index("Band 8a"), AFC_BANDS.index("VSM")),
}

STAFF_GROUPS: tuple[str, ...] = ("non-clinical", "clinical", "medical", "other")
_STAFF_GROUP_ALIASES = {
    "non-clinical": "non-clinical", "non clinical": "non-clinical", "nonclinical": "non-clinical",
    "clinical": "clinical",
    "medical": "medical", "medical and dental": "medical", "medical & dental": "medical",
    "other": "other",
}

_ENDPOINT = {  # short names used inside ranges ("8a", "vsm") -> index in AFC_BANDS
    **{str(i): AFC_BANDS.index(f"Band {i}") for i in range(1, 8)},
    **{f"8{x}": AFC_BANDS.index(f"Band 8{x}") for x in "abcd"},
    "9": AFC_BANDS.index("Band 9"),
    "vsm": AFC_BANDS.index("VSM"),
}
_SHORT = {index: short for short, index in _ENDPOINT.items()}
_RANGE = re.compile(r"^(?:bands?\s*)?([0-9]a?b?c?d?|vsm)\s*(?:-|–|—|to)\s*(?:bands?\s*)?([0-9][a-d]?|vsm)$")
_SINGLE = re.compile(r"^(?:afc\s*)?bands?\s*([0-9][a-d]?)$")

EXPECTED_BAND = (
    "expected an AfC band (Under Band 1, Band 1 … Band 7, Band 8a … Band 8d, Band 9), VSM, a medical grade "
    "(Consultant, Non-consultant career grade, Trainee grade, Other medical), a band range such as "
    "'Band 1-7' or 'Band 8a-VSM', or 'Not recorded'"
)
EXPECTED_STAFF_GROUP = "expected one of non-clinical, clinical, medical (medical and dental) or other"


def range_name(first: int, last: int) -> str:
    """Canonical name of the AfC range from index ``first`` to ``last``.

    Examples
    --------
    >>> range_name(1, 7), range_name(8, 13)
    ('Band 1-7', 'Band 8a-VSM')
    """
    if first == last:
        return AFC_BANDS[first]
    low = _SHORT.get(first, "1")
    high = _SHORT[last].upper() if last == AFC_BANDS.index("VSM") else _SHORT[last]
    return f"Band {low}-{high}"


def parse_band(value: object) -> str | None:
    """Canonical band name, or None when the value is not a band an analyst would write.

    Trimmed and case-insensitive; ``Band 8A``, ``band 8a``, ``Bands 1 to 7`` and ``Band 1 - 7`` are all read.

    Examples
    --------
    >>> parse_band(" band 8A "), parse_band("Bands 1 to 7"), parse_band("band 8a - vsm"), parse_band("vsm")
    ('Band 8a', 'Band 1-7', 'Band 8a-VSM', 'VSM')
    >>> parse_band("Band 10") is None
    True
    """
    text = " ".join(str(value).split()).lower()
    for band in AFC_BANDS + MEDICAL_GRADES + (NOT_RECORDED,):
        if text == band.lower():
            return band
    if text in ("medical and dental", "medical"):
        return None
    match = _SINGLE.match(text)
    if match and f"Band {match.group(1)}" in AFC_BANDS:
        return f"Band {match.group(1)}"
    match = _RANGE.match(text)
    if match:
        low, high = match.group(1), match.group(2)
        if low in _ENDPOINT and high in _ENDPOINT and _ENDPOINT[low] < _ENDPOINT[high]:
            return range_name(_ENDPOINT[low], _ENDPOINT[high])
    return None


def band_span(band: str) -> tuple[int, int] | None:
    """The (first, last) positions on the AfC scale that a canonical band or range covers.

    None for medical grades and ``Not recorded``, which sit outside the AfC scale.

    Examples
    --------
    >>> band_span("Band 5"), band_span("Band 8a-VSM"), band_span("Consultant")
    ((5, 5), (8, 13), None)
    """
    if band in AFC_BANDS:
        i = AFC_BANDS.index(band)
        return (i, i)
    match = re.match(r"^Band (\w+)-(\w+)$", band)
    if match:
        low, high = match.group(1).lower(), match.group(2).lower()
        if low in _ENDPOINT and high in _ENDPOINT:
            return (_ENDPOINT[low], _ENDPOINT[high])
    return None


def published_range(band: str) -> str | None:
    """The published range (``Band 1-7`` or ``Band 8a-VSM``) that a band falls wholly within, if any.

    Examples
    --------
    >>> published_range("Band 3"), published_range("Under Band 1"), published_range("Band 9")
    ('Band 1-7', 'Band 1-7', 'Band 8a-VSM')
    >>> published_range("Consultant") is None
    True
    """
    span = band_span(band)
    if span is None:
        return None
    for name, (first, last) in PUBLISHED_RANGES.items():
        if first <= span[0] and span[1] <= last:
            return name
    return None


def sort_key(band: str) -> tuple[int, int, str]:
    """Order bands as a reader expects: AfC scale, then ranges by start, medical grades, Not recorded."""
    span = band_span(band)
    if span is not None:
        return (0, span[0] * 100 + span[1], band)
    if band in MEDICAL_GRADES:
        return (1, MEDICAL_GRADES.index(band), band)
    return (2, 0, band)


def parse_staff_group(value: object) -> str | None:
    """Canonical staff group, or None when it is not one of the four.

    Examples
    --------
    >>> parse_staff_group(" Non-Clinical "), parse_staff_group("Medical and Dental"), parse_staff_group("nurse")
    ('non-clinical', 'medical', None)
    """
    return _STAFF_GROUP_ALIASES.get(" ".join(str(value).split()).lower())
