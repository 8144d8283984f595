"""Ethnicity coding: NHS ethnic category codes, ESR sub-codes and WRES group labels.

References
----------
NHS Data Dictionary, "Ethnic Category" (2001 Census categories, codes A–S, Z; 99 = not known).
NHS England, WRES technical guidance: White = A, B, C; BME = every other stated category;
not stated / not known are reported separately and excluded from the White/BME ratios.
"""

from __future__ import annotations

WHITE = "White"
BME = "BME"
UNKNOWN = "Unknown"
GROUPS: tuple[str, ...] = (WHITE, BME, UNKNOWN)

#: NHS Data Dictionary ethnic category codes and their descriptions.
CATEGORY_NAMES: dict[str, str] = {
    "A": "White - British",
    "B": "White - Irish",
    "C": "White - Any other White background",
    "D": "Mixed - White and Black Caribbean",
    "E": "Mixed - White and Black African",
    "F": "Mixed - White and Asian",
    "G": "Mixed - Any other mixed background",
    "H": "Asian or Asian British - Indian",
    "J": "Asian or Asian British - Pakistani",
    "K": "Asian or Asian British - Bangladeshi",
    "L": "Asian or Asian British - Any other Asian background",
    "M": "Black or Black British - Caribbean",
    "N": "Black or Black British - African",
    "P": "Black or Black British - Any other Black background",
    "R": "Other ethnic groups - Chinese",
    "S": "Other ethnic groups - Any other ethnic group",
    "Z": "Not stated",
    "99": "Not known",
}

_CODE_GROUP: dict[str, str] = {
    **{code: WHITE for code in "ABC"},
    **{code: BME for code in "DEFGHJKLMNPRS"},
    "Z": UNKNOWN,
    "99": UNKNOWN,
}

# Group labels as analysts write them. "Global Majority" and "BAME" are other display labels of the
# same grouping (wres-method.md), so they are accepted as input and mean BME.
LABELS: dict[str, str] = {
    "WHITE": WHITE,
    "BME": BME,
    "BAME": BME,
    "GLOBAL MAJORITY": BME,
    "ETHNIC MINORITY": BME,
    "UNKNOWN": UNKNOWN,
    "NOT KNOWN": UNKNOWN,
    "NOT STATED": UNKNOWN,
    "NOT DISCLOSED": UNKNOWN,
}

EXPECTED = (
    "expected White, BME or Unknown, or an NHS ethnic category code (A–H, J–N, P, R, S, Z, 99) "
    "or a two-character ESR sub-code such as CA or PD"
)


def ethnic_group(value: object) -> str | None:
    """The WRES group (White, BME or Unknown) of one ethnicity value, or None if it is not recognised.

    Accepts group labels (case-insensitive), NHS ethnic category codes, and ESR two-character
    sub-codes, which roll up by their first character. Blank means Unknown.

    References
    ----------
    NHS Data Dictionary, Ethnic Category; NHS England WRES technical guidance (grouping).

    Examples
    --------
    >>> ethnic_group("A"), ethnic_group("pd"), ethnic_group(" white "), ethnic_group("99"), ethnic_group("")
    ('White', 'BME', 'White', 'Unknown', 'Unknown')
    >>> ethnic_group("Q") is None
    True
    """
    if value is None:
        return UNKNOWN
    text = " ".join(str(value).split()).upper()
    if text in ("", "NAN"):
        return UNKNOWN
    if text in LABELS:
        return LABELS[text]
    if text in _CODE_GROUP:
        return _CODE_GROUP[text]
    # ESR sub-codes: two characters whose first is a Data Dictionary letter code (CA -> C -> White).
    if len(text) == 2 and text[0] in _CODE_GROUP and text[0] != "9" and text[1].isalnum():
        return _CODE_GROUP[text[0]]
    return None


def group_values(values: list[object]) -> list[str | None]:
    """Map many ethnicity values at once, caching repeated ones (extracts repeat a handful of codes).

    Examples
    --------
    >>> group_values(["A", "A", "N", "x"])
    ['White', 'White', 'BME', None]
    """
    cache: dict[object, str | None] = {}
    out = []
    for value in values:
        if value not in cache:
            cache[value] = ethnic_group(value)
        out.append(cache[value])
    return out
