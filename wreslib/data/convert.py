"""Cell converters: one spreadsheet cell's text to a typed value, or a ``BadValue`` that says what is expected.

Every table of the data contract, whether read from a CSV file or a workbook sheet, and every column of a
record-level extract is checked by these functions, so that one value is judged the same way everywhere.
A converter takes the cell's text exactly as read and returns the typed value; when the text is not an
acceptable value it raises :class:`BadValue`, whose message starts "expected …" and is shown after the
file, row, column and value (``workforce.csv, row 7, column 'headcount', value '-3': expected …``).

``converter(table, column)`` gives the converter of one column of one table, with blank cells allowed
where the contract allows them.

References
----------
``data-contract.md`` (the public input contract); NHS Data Dictionary, Ethnic Category; NHS Terms and
Conditions of Service (Agenda for Change) pay bands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from wreslib.data import bands, ethnicity
from wreslib.data.contract import (
    ACTION_STATUSES,
    BLANK_ALLOWED,
    COMMENTARY_SECTIONS,
    INDICATOR_NUMBERS,
    MAX_COUNT,
    ORG_CODE_PATTERN,
    ORG_TYPES,
    REPORT_FIELDS,
    SURVEY_INDICATORS,
    TABLES,
    YEAR_MAX,
    YEAR_MIN,
)

__all__ = [
    "DIRECTION_WORDS",
    "FORMULA_FAULT",
    "PRINTED_NUMBER",
    "SIGNIFICANCE_WORDS",
    "BadValue",
    "clean_text",
    "converter",
    "is_formula",
    "keep_text",
    "parse_action_indicators",
    "parse_band",
    "parse_boolean",
    "parse_count",
    "parse_ethnic_group",
    "parse_ethnicity",
    "parse_indicator",
    "parse_measure",
    "parse_nonblank",
    "parse_number",
    "parse_org_code",
    "parse_org_type",
    "parse_percent",
    "parse_printed_value",
    "parse_report_field",
    "parse_section",
    "parse_staff_group",
    "parse_status",
    "parse_survey_indicator",
    "parse_year",
    "written_decimals",
]


class BadValue(ValueError):
    """A single cell value that does not convert; the message says what was expected.

    Examples
    --------
    >>> try:
    ...     parse_count("-3")
    ... except BadValue as bad:
    ...     print(bad)
    expected a whole number 0 or more (a count of people), not a negative number
    """


def clean_text(text: str) -> str:
    """The cell's text trimmed, with every run of spaces, tabs or line breaks as one space.

    Examples
    --------
    >>> clean_text("  Band  5 \\n")
    'Band 5'
    """
    return " ".join(text.split())


def _identifier(text: str) -> str:
    """Trimmed, lower case, spaces and hyphens as ``_``: "Indicator 1" -> "indicator_1"."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def parse_org_code(text: str) -> str:
    """An ODS-style organisation code: 3 to 5 capital letters or digits (lower case and spaces are tidied).

    Examples
    --------
    >>> parse_org_code(" qhg ")
    'QHG'
    """
    code = clean_text(text).upper()
    if not ORG_CODE_PATTERN.match(code):
        raise BadValue("expected an ODS-style organisation code: 3 to 5 capital letters or digits, such as QHG")
    return code


def parse_year(text: str) -> int:
    """A four-digit year; ``2023/24`` is refused with a message saying to write 2024.

    Examples
    --------
    >>> parse_year("2024"), parse_year("2024.0")
    (2024, 2024)
    """
    t = clean_text(text)
    if re.fullmatch(r"\d{4}\s*[/-]\s*\d{2,4}", t):
        raise BadValue(
            "expected a single year: the WRES year is the year of the 31 March snapshot, "
            "so write 2024 for 2023/24"
        )
    try:
        value = float(t)
    except ValueError:
        raise BadValue(f"expected a year such as 2024 (a whole number from {YEAR_MIN} to {YEAR_MAX})") from None
    if not value.is_integer() or not YEAR_MIN <= value <= YEAR_MAX:
        raise BadValue(f"expected a year such as 2024 (a whole number from {YEAR_MIN} to {YEAR_MAX})")
    return int(value)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# What spreadsheets put where a figure is missing or suppressed; none of them is a count.
_PLACEHOLDERS = {"-", "–", "—", "n/a", "na", "#n/a", "*", "..", ".", "?", "null", "none", "nil", "nan"}


def parse_count(text: str) -> int:
    """A count of people: a whole number from 0 to ``MAX_COUNT``; thousands separators (``1,234``) are read.

    Examples
    --------
    >>> parse_count("1,234"), parse_count("12.0")
    (1234, 12)
    """
    t = clean_text(text)
    # Excel writes thousands separators into CSV ("1,234"); accept them, but nothing looser.
    if not _NUMBER.match(t):
        if t.lower() in _PLACEHOLDERS:
            raise BadValue("expected a whole number 0 or more (a count of people), not a placeholder for a missing "
                           "figure; give the count (0 when there were none)")
        raise BadValue("expected a whole number 0 or more (a count of people)")
    value = float(t.replace(",", ""))
    if not value.is_integer():
        raise BadValue("expected a whole number 0 or more (a count of people), not a fraction")
    if value < 0:
        raise BadValue("expected a whole number 0 or more (a count of people), not a negative number")
    if value > MAX_COUNT:
        raise BadValue(f"expected a count of people; this is more than the whole NHS workforce (at most "
                       f"{MAX_COUNT:,} is accepted): check for a typing error or a total row")
    return int(value)


def parse_percent(text: str) -> float:
    """A percentage from 0 to 100; a trailing ``%`` is read (``45%`` is 45.0).

    Examples
    --------
    >>> parse_percent("45%"), parse_percent("7.05")
    (45.0, 7.05)
    """
    t = clean_text(text).rstrip("%").strip()
    if not _NUMBER.match(t):
        raise BadValue("expected a percentage from 0 to 100 (such as 25.5)")
    value = float(t.replace(",", ""))
    if not 0 <= value <= 100:
        raise BadValue("expected a percentage from 0 to 100 (such as 25.5)")
    return value


# Published figures are copied from reports, which print a minus sign (U+2212) or a dash for negatives.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def parse_number(text: str) -> float:
    """A number that may be negative (a published figure); a trailing ``%`` or ``pp`` is read as the number.

    Used for published reference figures, where a difference in percentage points is negative as often
    as not. The minus sign printed by reports (``−8.6``) is read as ``-``.

    Examples
    --------
    >>> parse_number("1.59"), parse_number("-8.6pp"), parse_number("\\u22128.62"), parse_number("25%")
    (1.59, -8.6, -8.62, 25.0)
    """
    t = clean_text(text).translate(_MINUS)
    if t.lower().endswith("pp"):
        t = t[:-2].rstrip()
    elif t.endswith("%"):
        t = t[:-1].rstrip()
    if not _NUMBER.match(t):
        raise BadValue("expected a number such as 1.59, 25.5 or -8.6 (a minus sign for a negative difference); "
                       "'25%' and '-8.6pp' are also read")
    return float(t.replace(",", ""))


#: A figure as a report prints it: an optional bound (``<5``), sign, digits (thousands separated or not),
#: decimals and unit. The groups name each part, for the audit's reading of the printed precision.
PRINTED_NUMBER = re.compile(
    r"^(?P<bound>[<>≤≥])?\s*(?P<sign>[+\-\u2212\u2013])?\s*"
    r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d+))?\s*"
    r"(?P<unit>%|pp|percentage points?|times|x|\u00d7)?$",
    re.IGNORECASE,
)
#: Words a report uses for the direction of a comparison or a change, and the sign each means.
DIRECTION_WORDS: dict[str, int] = {
    "higher": 1, "above": 1, "more": 1, "greater": 1, "increased": 1, "increase": 1, "rose": 1, "risen": 1,
    "up": 1, "lower": -1, "below": -1, "less": -1, "fewer": -1, "decreased": -1, "decrease": -1, "fell": -1,
    "fallen": -1, "declined": -1, "down": -1, "unchanged": 0, "the same": 0, "no change": 0,
}
#: Words before a direction that claim a test: "significantly higher", "not significantly different".
SIGNIFICANCE_WORDS: dict[str, bool] = {"significantly": True, "statistically significantly": True,
                                       "not significantly": False}


def parse_printed_value(text: str) -> str:
    """A figure as a report printed it, kept as that text (trimmed): a number, or the words of a direction.

    A number may carry a bound (``<5``), a sign (``+``, ``-`` or the report's ``\u2212``), thousands
    separators, decimals and a unit (``%``, ``pp``, ``times``, ``x``). A direction is one of the words of
    :data:`DIRECTION_WORDS`, optionally after "significantly" or "not significantly". The text is kept as
    written because the decimals printed are part of the figure: ``25.0%`` claims more than ``25%``.

    Examples
    --------
    >>> parse_printed_value(" 0.52 "), parse_printed_value("\u22128.6pp"), parse_printed_value("<5")
    ('0.52', '\u22128.6pp', '<5')
    >>> parse_printed_value("significantly higher")
    'significantly higher'
    """
    t = clean_text(text)
    if PRINTED_NUMBER.match(t):
        return t
    words = t.lower()
    for prefix in sorted(SIGNIFICANCE_WORDS, key=len, reverse=True):
        if words.startswith(prefix + " "):
            words = words[len(prefix) + 1:]
            break
    if words in DIRECTION_WORDS:
        return t
    raise BadValue("expected the figure as printed, such as 0.52, 25%, 1.25%, -8.6pp, 96 or <5 (a number, with "
                   "its sign, decimals and unit as printed), or for a direction measure words such as higher, "
                   "lower, increased, decreased or unchanged, optionally after 'significantly'")


def parse_survey_indicator(text: str) -> int:
    """A survey indicator number: 5, 6, 7 or 8.

    Examples
    --------
    >>> parse_survey_indicator(" 7 ")
    7
    """
    t = clean_text(text)
    if t not in {str(i) for i in SURVEY_INDICATORS}:
        raise BadValue("expected a survey indicator number: 5, 6, 7 or 8")
    return int(t)


def parse_indicator(text: str) -> int:
    """A WRES indicator number from 1 to 9.

    Examples
    --------
    >>> parse_indicator("2")
    2
    """
    t = clean_text(text)
    if t not in {str(i) for i in INDICATOR_NUMBERS}:
        raise BadValue("expected a WRES indicator number from 1 to 9")
    return int(t)


_LIST_SEPARATORS = re.compile(r"\s*(?:[;,&]|\band\b|\s)\s*", re.IGNORECASE)


def parse_action_indicators(text: str) -> tuple[int, ...]:
    """The indicators an action serves, in order and each once; blank (an empty tuple) is the whole plan.

    Several are separated by ``;``, ``,``, spaces or "and", as reports print them (``1, 2, 4 and 7``).

    Examples
    --------
    >>> parse_action_indicators("1;2;4;7"), parse_action_indicators("5,6 and 8"), parse_action_indicators("")
    ((1, 2, 4, 7), (5, 6, 8), ())
    >>> parse_action_indicators("7, 1, 7")
    (1, 7)
    """
    t = clean_text(text)
    if t == "":
        return ()  # an action that serves the whole plan
    parts = [p for p in _LIST_SEPARATORS.split(t) if p]
    if not parts or any(p not in {str(i) for i in INDICATOR_NUMBERS} for p in parts):
        raise BadValue("expected indicator numbers from 1 to 9, several separated by ; or , (such as 1;2;4;7), "
                       "or blank for an action that serves the whole plan")
    return tuple(sorted({int(p) for p in parts}))


def parse_ethnicity(text: str) -> str:
    """An ethnicity value as written (trimmed, upper case), after checking it names a WRES group.

    The code is kept as written so that duplicate keys are judged on it (``A`` and ``CA`` in one band
    are two rows that add up, not a duplicate); :func:`parse_ethnic_group` gives the group.

    Examples
    --------
    >>> parse_ethnicity(" ca "), parse_ethnicity("white")
    ('CA', 'WHITE')
    """
    if ethnicity.ethnic_group(text) is None:
        raise BadValue(ethnicity.EXPECTED)
    return clean_text(text).upper()


def parse_ethnic_group(text: str) -> str:
    """The WRES group (White, BME or Unknown) of an ethnicity value; blank is Unknown.

    Examples
    --------
    >>> parse_ethnic_group("PD"), parse_ethnic_group("")
    ('BME', 'Unknown')
    """
    value = ethnicity.ethnic_group(text)
    if value is None:
        raise BadValue(ethnicity.EXPECTED)
    return value


def parse_staff_group(text: str) -> str:
    """A staff group: non-clinical, clinical, medical (medical and dental) or other.

    Examples
    --------
    >>> parse_staff_group("Medical and Dental")
    'medical'
    """
    value = bands.parse_staff_group(text)
    if value is None:
        raise BadValue(bands.EXPECTED_STAFF_GROUP)
    return value


def parse_band(text: str) -> str:
    """An AfC band, VSM, a medical grade, a published band range or Not recorded, in its canonical name.

    Examples
    --------
    >>> parse_band("band 8A"), parse_band("Bands 1 to 7")
    ('Band 8a', 'Band 1-7')
    """
    value = bands.parse_band(text)
    if value is None:
        raise BadValue(bands.EXPECTED_BAND)
    return value


def parse_org_type(text: str) -> str:
    """ICB, Trust or Other, in any case.

    Examples
    --------
    >>> parse_org_type("icb")
    'ICB'
    """
    for org_type in ORG_TYPES:
        if clean_text(text).lower() == org_type.lower():
            return org_type
    raise BadValue("expected ICB, Trust or Other")


def parse_boolean(text: str) -> bool:
    """true/false, yes/no, y/n or 1/0 in any case; blank is false.

    Examples
    --------
    >>> parse_boolean("Yes"), parse_boolean("")
    (True, False)
    """
    t = clean_text(text).lower()
    if t in ("true", "yes", "y", "1"):
        return True
    if t in ("false", "no", "n", "0", ""):
        return False
    raise BadValue("expected true or false")


def parse_status(text: str) -> str:
    """An action's status: completed, in progress or planned (any case).

    Examples
    --------
    >>> parse_status("In  Progress")
    'in progress'
    """
    t = clean_text(text).lower()
    if t not in ACTION_STATUSES:
        raise BadValue("expected completed, in progress or planned")
    return t


def parse_section(text: str) -> str:
    """A report section of the commentary table: introduction, indicator_1 … indicator_9 or conclusion.

    Case, spaces and hyphens do not matter: ``Indicator 1`` is ``indicator_1``.

    Examples
    --------
    >>> parse_section("Indicator 1"), parse_section(" conclusion ")
    ('indicator_1', 'conclusion')
    """
    t = _identifier(text)
    if t not in COMMENTARY_SECTIONS:
        raise BadValue("expected a report section: introduction, indicator_1 to indicator_9, or conclusion")
    return t


def parse_report_field(text: str) -> str:
    """A field of the report_info table: predecessor, approved_by, approval_date, contributors or board_ask.

    Examples
    --------
    >>> parse_report_field("Approved by")
    'approved_by'
    """
    t = _identifier(text)
    if t not in REPORT_FIELDS:
        raise BadValue(f"expected one of {', '.join(REPORT_FIELDS)}")
    return t


_MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")


def parse_measure(text: str) -> str:
    """The name of a published measure as a lower-case identifier (``Relative likelihood`` -> relative_likelihood).

    Examples
    --------
    >>> parse_measure("Relative likelihood"), parse_measure("gap_pp")
    ('relative_likelihood', 'gap_pp')
    """
    t = _identifier(text)
    if not _MEASURE.match(t):
        raise BadValue("expected the name of a measure, such as relative_likelihood, bme_pct, white_pct, gap_pp, "
                       "board_bme_pct or difference_pp (letters, digits and _, starting with a letter)")
    return t


def parse_nonblank(text: str) -> str:
    """Text that must not be blank, kept as written apart from surrounding spaces.

    Examples
    --------
    >>> parse_nonblank("  Luton ")
    'Luton'
    """
    if clean_text(text) == "":
        raise BadValue("expected some text; the cell is blank")
    return text.strip()


def keep_text(text: str) -> str:
    """Free text kept as written apart from surrounding spaces; blank is allowed.

    Examples
    --------
    >>> keep_text(" ONS Census 2021 ")
    'ONS Census 2021'
    """
    return text.strip()


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "org_code": parse_org_code,
    "org_name": parse_nonblank,
    "org_type": parse_org_type,
    "region": keep_text,
    "survey_benchmark": keep_text,
    "synthetic": parse_boolean,
    "year": parse_year,
    "survey_year": parse_year,
    "staff_group": parse_staff_group,
    "band": parse_band,
    "ethnicity": parse_ethnicity,
    "percent": parse_percent,
    "bme_pct": parse_percent,
    "benchmark": parse_nonblank,
    "area": parse_nonblank,
    "source": keep_text,
    "status": parse_status,
    "text": parse_nonblank,
    "section": parse_section,
    "field": parse_report_field,
    "measure": parse_measure,
    # The action plan's own columns: free text, shown as written; a blank cell is "" (the column absent: None).
    **{column: keep_text for column in ("action_id", "theme", "outcome", "review", "owner", "due")},
}
_TABLE_CONVERTERS: dict[tuple[str, str], Callable[[str], Any]] = {
    ("survey", "indicator"): parse_survey_indicator,
    ("survey_benchmarks", "indicator"): parse_survey_indicator,
    ("actions", "indicator"): parse_action_indicators,
    ("benchmarks", "indicator"): parse_indicator,
    ("report_info", "value"): parse_nonblank,
    ("benchmarks", "value"): parse_number,
    ("published", "indicator"): parse_indicator,
    ("published", "value"): parse_printed_value,
    ("published", "group"): parse_ethnic_group,
}


def converter(table: str, column: str) -> Callable[[str], Any]:
    """The converter of one column of one table; where the contract allows a blank cell, blank gives None.

    Count columns convert with :func:`parse_count`; the rest by column name, or by table and column
    where one name means different things in two tables (``indicator``, ``value``).

    Raises
    ------
    KeyError
        When the table or column is not in the data contract.

    Examples
    --------
    >>> converter("workforce", "headcount")("1,234")
    1234
    >>> converter("board", "executive")(" ") is None
    True
    """
    if (table, column) in _TABLE_CONVERTERS:
        convert = _TABLE_CONVERTERS[(table, column)]
    elif column in TABLES[table].counts:
        convert = parse_count
    else:
        convert = _CONVERTERS[column]
    if (table, column) in BLANK_ALLOWED:
        return lambda text: None if clean_text(text) == "" else convert(text)
    return convert


# A cell holding formula text ("=SUM(A1:A3)") was saved without its value; say so rather than "expected…".
_FORMULA = re.compile(r"^\s*=\s*[A-Za-z$(]")
#: What to do about a cell that holds a formula's text instead of its value.
FORMULA_FAULT = ("the cell holds a spreadsheet formula, not its value; in Excel copy the cells and use Paste "
                 "Values, then save again")


def is_formula(text: str) -> bool:
    """True when a cell holds formula text (``=SUM(A1:A3)``) rather than the formula's value.

    Examples
    --------
    >>> is_formula("=SUM(A1:A3)"), is_formula("= 5"), is_formula("-3")
    (True, False, False)
    """
    return bool(_FORMULA.match(text))


def written_decimals(text: str) -> int:
    """How many decimals a number is written with (``7.05`` and ``7.05%`` have 2).

    Examples
    --------
    >>> written_decimals("7.05%"), written_decimals("10")
    (2, 0)
    """
    t = clean_text(text).rstrip("%").strip()
    return len(t.split(".", 1)[1]) if "." in t else 0
