"""Reading and validating WRES input: a data folder of CSV files, or one Excel workbook.

Both become the same thing before any check runs: per table, rows of text cells with their
spreadsheet row numbers (a CSV file through the ``csv`` module, a sheet through
:mod:`wreslib.data.excel`). One validator then finds the header row, checks the columns and every
cell, and types the values. Every fault is collected (never only the first), each naming the file
(``workforce.csv``, or ``book.xlsx [workforce]`` for a sheet), the spreadsheet row (header = row 1
when it is the first row), the column and the value, and saying what is expected. A fault in one
organisation's rows marks only that organisation as failed; a fault that cannot be attributed to
one organisation (a missing column, an unreadable file) fails every organisation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.lru import remember
from wreslib.data import bands, ethnicity
from wreslib.data.contract import (
    ACTION_STATUSES,
    BLANK_ALLOWED,
    HEADER_ALIASES,
    MAX_COUNT,
    ORG_CODE_PATTERN,
    ORG_TYPES,
    SURVEY_INDICATORS,
    TABLES,
    YEAR_MAX,
    YEAR_MIN,
    TableSpec,
)
from wreslib.errors import DataError, Fault, NotInDataError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

_MISSING = object()


class _Bad(Exception):
    """A single value that does not convert; carries what was expected."""


# --- converters: raw text -> typed value, or raise _Bad(expected) ---------------------------------

def _clean(text: str) -> str:
    return " ".join(text.split())


def _org_code(text: str) -> str:
    code = _clean(text).upper()
    if not ORG_CODE_PATTERN.match(code):
        raise _Bad("expected an ODS-style organisation code: 3 to 5 capital letters or digits, such as QHG")
    return code


def _year(text: str) -> int:
    t = _clean(text)
    if re.fullmatch(r"\d{4}\s*[/-]\s*\d{2,4}", t):
        raise _Bad(
            "expected a single year: the WRES year is the year of the 31 March snapshot, "
            "so write 2024 for 2023/24"
        )
    try:
        value = float(t)
    except ValueError:
        raise _Bad(f"expected a year such as 2024 (a whole number from {YEAR_MIN} to {YEAR_MAX})") from None
    if not value.is_integer() or not YEAR_MIN <= value <= YEAR_MAX:
        raise _Bad(f"expected a year such as 2024 (a whole number from {YEAR_MIN} to {YEAR_MAX})")
    return int(value)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# What spreadsheets put where a figure is missing or suppressed; none of them is a count.
_PLACEHOLDERS = {"-", "–", "—", "n/a", "na", "#n/a", "*", "..", ".", "?", "null", "none", "nil", "nan"}


def _count(text: str) -> int:
    t = _clean(text)
    # Excel writes thousands separators into CSV ("1,234"); accept them, but nothing looser.
    if not _NUMBER.match(t):
        if t.lower() in _PLACEHOLDERS:
            raise _Bad("expected a whole number 0 or more (a count of people), not a placeholder for a missing "
                       "figure; give the count (0 when there were none)")
        raise _Bad("expected a whole number 0 or more (a count of people)")
    value = float(t.replace(",", ""))
    if not value.is_integer():
        raise _Bad("expected a whole number 0 or more (a count of people), not a fraction")
    if value < 0:
        raise _Bad("expected a whole number 0 or more (a count of people), not a negative number")
    if value > MAX_COUNT:
        raise _Bad(f"expected a count of people; this is more than the whole NHS workforce (at most {MAX_COUNT:,} "
                   "is accepted): check for a typing error or a total row")
    return int(value)


def _percent(text: str) -> float:
    t = _clean(text).rstrip("%").strip()
    if not _NUMBER.match(t):
        raise _Bad("expected a percentage from 0 to 100 (such as 25.5)")
    value = float(t.replace(",", ""))
    if not 0 <= value <= 100:
        raise _Bad("expected a percentage from 0 to 100 (such as 25.5)")
    return value


def _survey_indicator(text: str) -> int:
    t = _clean(text)
    if t not in {str(i) for i in SURVEY_INDICATORS}:
        raise _Bad("expected a survey indicator number: 5, 6, 7 or 8")
    return int(t)


def _action_indicator(text: str) -> int | None:
    t = _clean(text)
    if t == "":
        return None  # an action that serves the whole plan
    if t not in {str(i) for i in range(1, 10)}:
        raise _Bad("expected an indicator number from 1 to 9, or blank for an action that serves the whole plan")
    return int(t)


def _ethnicity(text: str) -> str:
    # Keep the code as written (trimmed, upper-case) so that duplicates are judged on it; the group
    # goes in its own column.
    if ethnicity.ethnic_group(text) is None:
        raise _Bad(ethnicity.EXPECTED)
    return _clean(text).upper()


def _staff_group(text: str) -> str:
    value = bands.parse_staff_group(text)
    if value is None:
        raise _Bad(bands.EXPECTED_STAFF_GROUP)
    return value


def _band(text: str) -> str:
    value = bands.parse_band(text)
    if value is None:
        raise _Bad(bands.EXPECTED_BAND)
    return value


def _org_type(text: str) -> str:
    for org_type in ORG_TYPES:
        if _clean(text).lower() == org_type.lower():
            return org_type
    raise _Bad("expected ICB, Trust or Other")


def _boolean(text: str) -> bool:
    t = _clean(text).lower()
    if t in ("true", "yes", "y", "1"):
        return True
    if t in ("false", "no", "n", "0", ""):
        return False
    raise _Bad("expected true or false")


def _status(text: str) -> str:
    t = _clean(text).lower()
    if t not in ACTION_STATUSES:
        raise _Bad("expected completed, in progress or planned")
    return t


def _nonblank(text: str) -> str:
    if _clean(text) == "":
        raise _Bad("expected some text; the cell is blank")
    return text.strip()


def _text(text: str) -> str:
    return text.strip()


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "org_code": _org_code,
    "org_name": _nonblank,
    "org_type": _org_type,
    "region": _text,
    "survey_benchmark": _text,
    "synthetic": _boolean,
    "year": _year,
    "survey_year": _year,
    "staff_group": _staff_group,
    "band": _band,
    "ethnicity": _ethnicity,
    "percent": _percent,
    "bme_pct": _percent,
    "benchmark": _nonblank,
    "area": _nonblank,
    "source": _text,
    "status": _status,
    "text": _nonblank,
}
_TABLE_CONVERTERS: dict[tuple[str, str], Callable[[str], Any]] = {
    ("survey", "indicator"): _survey_indicator,
    ("survey_benchmarks", "indicator"): _survey_indicator,
    ("actions", "indicator"): _action_indicator,
}


def _converter(table: str, column: str) -> Callable[[str], Any]:
    if (table, column) in _TABLE_CONVERTERS:
        convert = _TABLE_CONVERTERS[(table, column)]
    elif column in TABLES[table].counts:
        convert = _count
    else:
        convert = _CONVERTERS[column]
    if (table, column) in BLANK_ALLOWED:
        return lambda text: None if _clean(text) == "" else convert(text)
    return convert


# A cell holding formula text ("=SUM(A1:A3)") was saved without its value; say so rather than "expected…".
_FORMULA = re.compile(r"^\s*=\s*[A-Za-z$(]")
_FORMULA_FAULT = ("the cell holds a spreadsheet formula, not its value; in Excel copy the cells and use Paste "
                  "Values, then save again")


# --- the dataset -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    """A validated data folder or workbook.

    ``tables`` holds, per table present, the rows that passed validation with typed columns, an
    ``group`` column (White, BME or Unknown) where the table has ``ethnicity``, and ``row`` (the
    spreadsheet row). ``faults`` lists every fault found; ``warnings`` what an analyst should see.
    ``files`` names what was read (``workforce.csv``, or ``book.xlsx [workforce]`` for a sheet).
    """

    source: str
    tables: dict[str, pd.DataFrame]
    faults: tuple[Fault, ...]
    warnings: tuple[Fault, ...]
    checksum: str
    files: tuple[str, ...] = field(default=())
    #: How messages name each table's source, when it is not ``<table>.csv`` (a workbook's sheets).
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _by_org: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def has(self, table: str) -> bool:
        """True when the data holds this table."""
        return table in self.tables

    def label(self, table: str) -> str:
        """How messages name a table's file or sheet: ``workforce.csv`` or ``book.xlsx [workforce]``."""
        return self.labels.get(table, TABLES[table].file)

    @property
    def org_codes(self) -> list[str]:
        """Every organisation code in organisations.csv, in file order."""
        if "organisations" not in self.tables:
            return []
        return list(self.tables["organisations"]["org_code"])

    def organisation(self, org_code: str) -> dict[str, Any]:
        """The organisations.csv row of one organisation, as a mapping."""
        orgs = self.tables["organisations"]
        row = orgs[orgs["org_code"] == org_code]
        if row.empty:
            raise NotInDataError(self._not_found_org(org_code))
        return row.iloc[0].to_dict()

    def years(self, org_code: str | None = None) -> list[int]:
        """The WRES years the workforce table holds (for one organisation when given)."""
        if "workforce" not in self.tables:
            return []
        wf = self.tables["workforce"]
        if org_code is not None:
            wf = wf[wf["org_code"] == org_code]
        return sorted({int(y) for y in wf["year"]})

    def table(self, name: str, org_code: str | None = None, **where: Any) -> pd.DataFrame:
        """One table's valid rows, filtered by organisation and any column equality."""
        import pandas as pd

        spec = TABLES[name]
        if name not in self.tables:
            return pd.DataFrame(columns=[*spec.columns, "group", "row"])
        frame = self.tables[name]
        if org_code is not None:
            frame = self._org_rows(name, org_code)
        for column, value in where.items():
            frame = frame[frame[column] == value]
        return frame

    def _org_rows(self, name: str, org_code: str) -> pd.DataFrame:
        # A batch asks for one organisation's rows many times: split each table by organisation once.
        if (name, "") not in self._by_org:
            frame = self.tables[name]
            self._by_org[(name, "")] = frame.iloc[0:0]
            for code, rows in frame.groupby("org_code", sort=False):
                self._by_org[(name, str(code))] = rows
        return self._by_org.get((name, org_code), self._by_org[(name, "")])

    def faults_for(self, org_code: str) -> list[Fault]:
        """Faults that stop this organisation's indicators: its own and those that affect everyone."""
        return [f for f in self.faults if f.org_code is None or f.org_code == org_code]

    def warnings_for(self, org_code: str) -> list[Fault]:
        """Reading warnings that concern this organisation (or every organisation)."""
        return [w for w in self.warnings if w.org_code is None or w.org_code == org_code]

    @property
    def failed_orgs(self) -> list[str]:
        """Organisations whose rows hold a fault (a dataset-wide fault fails them all)."""
        if any(f.org_code is None for f in self.faults):
            return self.org_codes
        bad = {f.org_code for f in self.faults}
        return [code for code in self.org_codes if code in bad] + sorted(bad - set(self.org_codes))

    def require(self, org_code: str, year: int | None = None) -> None:
        """Raise a DataError unless this organisation (and year) can be computed from the data."""
        faults = self.faults_for(org_code)
        if faults:
            raise DataError(faults, heading=f"The data for {org_code} has {len(faults)} problem"
                            f"{'s' if len(faults) != 1 else ''}; correct {'them' if len(faults) != 1 else 'it'} "
                            "and run again")
        if org_code not in self.org_codes:
            raise NotInDataError(self._not_found_org(org_code))
        if year is not None and year not in self.years(org_code):
            present = ", ".join(str(y) for y in self.years(org_code)) or "none"
            raise NotInDataError(Fault(
                self.label("workforce"),
                f"no workforce rows for {org_code} in {year}; the years present for {org_code} are {present}. "
                "Ask for one of those years or add the workforce rows for this year",
                org_code=org_code,
            ))

    def _not_found_org(self, org_code: str) -> Fault:
        known = self.org_codes
        shown = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "")
        return Fault(
            self.label("organisations"),
            f"organisation {org_code!r} is not in the data; the organisations present are {shown or 'none'}. "
            "Check the code (an ODS code such as QHG)",
        )


# --- reading: every source becomes rows of text cells ----------------------------------------------

#: The header row is looked for in the first rows of a file or sheet: titles and notes may sit above it.
HEADER_SEARCH_ROWS = 10
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_KNOWN_FILES = {"readme.md", "readme.txt", ".gitkeep"}

Rows = list[tuple[int, list[str]]]


@dataclass
class _Source:
    """One table's text cells before any check: what a CSV file or a worksheet holds."""

    spec: TableSpec
    label: str  # workforce.csv, or book.xlsx [workforce]
    rows: Rows  # (spreadsheet row, cells), blank rows included
    sheet: bool = False


@dataclass
class _Table:
    """One table's cells under its header row, by contract column, ready for the cell checks."""

    label: str
    header_row: int
    cells: dict[str, list[str]]
    rows: list[int]


def _header_name(text: str) -> str:
    """A header cell as a column name: trimmed, lower case, spaces and hyphens as ``_``, aliases resolved.

    Examples
    --------
    >>> _header_name(" Org Code "), _header_name("Survey-Year"), _header_name("Yes count")
    ('org_code', 'survey_year', 'yes')
    """
    name = re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())
    return HEADER_ALIASES.get(name, name)


def _is_header(spec: TableSpec, cells: list[str]) -> bool:
    return set(spec.required) <= {_header_name(c) for c in cells}


def _csv_rows(path: Path, spec: TableSpec) -> tuple[Rows | None, list[Fault], list[Fault], bytes]:
    """Read one CSV file as rows of text cells. Returns rows (None when unreadable), faults, warnings, bytes."""
    from wreslib.data import excel

    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Fault(name, f"the file cannot be read ({exc.strerror}); check it is not open elsewhere")], [], b""
    if raw[:4] == excel.XLSX_MAGIC:
        return None, [Fault(name, "this file is an Excel workbook (or another zip archive), not CSV text; in Excel "
                            "save the sheet as 'CSV UTF-8 (Comma delimited)', or give the workbook itself to --data "
                            "with one sheet per table")], [], raw
    if raw[:8] == excel.OLE_MAGIC:
        return None, [Fault(name, "this file is an old-format Excel workbook (.xls), not CSV text; in Excel save "
                            "the sheet as 'CSV UTF-8 (Comma delimited)'")], [], raw
    warnings: list[Fault] = []
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16", errors="replace")  # Excel's "Unicode Text": UTF-16, tab-separated
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel's plain "CSV" saves in Windows-1252; read it, but say so.
            text = raw.decode("cp1252", errors="replace")
            warnings.append(Fault(name, "the file is not UTF-8; it was read as Windows-1252 (Excel's plain CSV). "
                                  "Save it as 'CSV UTF-8' to be sure names are read as written"))
    text = text.lstrip("\ufeff")
    if not text.strip():
        return None, [Fault(name, "the file is empty; it needs a header row and at least one data row, "
                            "or remove the file if you have no data for this table")], warnings, raw
    if "\x00" in text:
        return None, [Fault(name, "the file holds binary data, not CSV text; save the table from Excel as "
                            "'CSV UTF-8 (Comma delimited)'")], warnings, raw
    delimiter = _sniff_delimiter(text, spec)
    if delimiter != ",":
        warnings.append(Fault(name, f"the file is separated by {_DELIMITERS[delimiter]}s, not commas, and was read "
                              "as such" + (" (Excel does this in some locales, where a decimal comma such as 12,5 "
                                           "is not read as a number)" if delimiter == ";" else "")
                              + "; save it as 'CSV UTF-8 (Comma delimited)' to be sure"))
    rows: Rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True),
                                       start=1):
            rows.append((number, cells))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return None, [Fault(name, "the file is not readable as CSV: a quote (\") opens in this row and is never "
                                "closed, so the rest of the file would be one value; close the quote or remove it",
                                row=len(rows) + 1)], warnings, raw
        # A stray quote inside a value ('5" monitor', '"a"b'): read it as written, as Excel does.
        rows = []
        try:
            for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                           start=1):
                rows.append((number, cells))
        except csv.Error as exc2:
            return None, [Fault(name, f"the file is not readable as CSV ({exc2}); it needs one header row and "
                                "comma-separated columns", row=len(rows) + 1)], warnings, raw
    return rows, [], warnings, raw


def _sniff_delimiter(text: str, spec: TableSpec) -> str:
    """Comma, or the semicolon or tab that makes a header row of the table's required columns."""
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    for delimiter in _DELIMITERS:
        if any(_is_header(spec, next(csv.reader([line], delimiter=delimiter), [])) for line in lines):
            return delimiter
    first = next((line for line in lines if line.strip()), "")
    if "," not in first:
        others = {d: first.count(d) for d in (";", "\t")}
        best = max(others, key=lambda d: others[d])
        if others[best]:
            return best
    return ","


def _find_header(spec: TableSpec, rows: Rows) -> int:
    """Index (in the non-blank rows) of the header: the first of the first rows naming every required column.

    Failing that, the one naming most of them (at least two), so that a missing column is reported on
    the row the analyst meant as the header; failing that, the first row.
    """
    required = set(spec.required)
    best, best_score = 0, 1
    for i, (number, cells) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS and i > 0:
            break
        score = len(required & {_header_name(c) for c in cells})
        if score == len(required):
            return i
        if score > best_score:
            best, best_score = i, score
    return best


def _column_ref(index: int, sheet: bool) -> str:
    if not sheet:
        return f"column {index + 1}"
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"column {letters}"


def _structure(source: _Source) -> tuple[_Table | None, list[Fault], list[Fault]]:
    """Find the header row, check the columns, and gather each data row's cells by column name."""
    spec, label = source.spec, source.label
    kind, remove = ("sheet", "delete the sheet") if source.sheet else ("file", "remove the file")
    nonblank = [(number, cells) for number, cells in source.rows if any(c.strip() for c in cells)]
    if not nonblank:
        return None, [Fault(label, f"the {kind} is empty; it needs a header row and at least one data row, or "
                            f"{remove} if you have no data for this table")], []
    h = _find_header(spec, nonblank)
    header_row, header_cells = nonblank[h]
    names = [_header_name(c) for c in header_cells]
    faults: list[Fault] = []
    warnings: list[Fault] = []

    positions: dict[str, int] = {}
    repeated: list[str] = []
    for i, name in enumerate(names):
        if not name:
            continue
        if name in positions:
            if name in spec.accepted and name not in repeated:
                repeated.append(name)
            continue
        positions[name] = i
    if repeated:
        faults.append(Fault(label, f"the column{'s' if len(repeated) > 1 else ''} "
                            f"{', '.join(repr(c) for c in repeated)} appear{'' if len(repeated) > 1 else 's'} "
                            "more than once in the header; keep one", row=header_row))
        return None, faults, warnings
    missing = [c for c in spec.required if c not in positions]
    if missing:
        faults.append(Fault(
            label,
            f"the required column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing; the header must name {', '.join(spec.required)}",
            row=header_row,
        ))
        return None, faults, warnings
    if spec.one_of and not any(c in positions for c in spec.one_of):
        faults.append(Fault(label, f"the header needs a {' or a '.join(repr(c) for c in spec.one_of)} column: "
                            "give on each row the percentage answering yes (percent) or the number answering "
                            "yes (yes)", row=header_row))
        return None, faults, warnings
    extra = [c for c in positions if c not in spec.accepted]
    if extra:
        warnings.append(Fault(label, f"column{'s' if len(extra) > 1 else ''} {', '.join(repr(c) for c in extra)} "
                              f"{'are' if len(extra) > 1 else 'is'} not part of the {spec.name} table and "
                              "will be ignored", row=header_row))

    header_key = [n for n in names if n]
    width = len(names)
    org_at = positions.get("org_code")
    wanted = {c: positions[c] for c in spec.accepted if c in positions}
    cells: dict[str, list[str]] = {c: [] for c in wanted}
    rows: list[int] = []
    repeats: list[int] = []
    unnamed: dict[int, int] = {}  # a column without a header -> first row with a value in it
    first_at = names.index(header_key[0])
    for number, row in nonblank[h + 1:]:
        # A header repeated in the data (a page break, pasted blocks): cheap test first, rows are many.
        if len(row) > first_at and _header_name(row[first_at]) == header_key[0] and \
                [_header_name(c) for c in row if c.strip()] == header_key:
            repeats.append(number)
            continue
        used = max(i for i, c in enumerate(row) if c.strip()) + 1
        if used > width and not source.sheet:
            org = _clean(row[org_at]).upper() or None if org_at is not None and org_at < len(row) else None
            faults.append(Fault(label, f"this row has {used} values but the header has {width} columns; a value "
                                "with a comma in it needs quotes around it (Excel adds them when it saves CSV)",
                                row=number, org_code=org))
            continue
        for i, c in enumerate(row):
            if (i >= width or not names[i]) and c.strip():
                unnamed.setdefault(i, number)
        for column, at in wanted.items():
            cells[column].append(row[at] if at < len(row) else "")
        rows.append(number)
    if repeats:
        many = len(repeats) > 1
        shown = ", ".join(str(r) for r in repeats[:10])
        shown += f" and {len(repeats) - 10} more" if len(repeats) > 10 else ""
        warnings.append(Fault(label, f"row{'s' if many else ''} {shown} repeat{'' if many else 's'} the header row "
                              f"(row {header_row}) and {'were' if many else 'was'} skipped"))
    for i, first in sorted(unnamed.items()):
        warnings.append(Fault(label, f"{_column_ref(i, source.sheet)} holds values but has no header, so it is "
                              "ignored; give it a header or delete it", row=first))
    if not rows and not faults:
        faults.append(Fault(label, f"the {kind} has a header row but no data rows; add the data, or {remove} "
                            "if you have no data for this table"))
        return None, faults, warnings
    return _Table(label, header_row, cells, rows), faults, warnings


def _written_decimals(text: str) -> int:
    t = _clean(text).rstrip("%").strip()
    return len(t.split(".", 1)[1]) if "." in t else 0


def _validate_table(spec: TableSpec, table: _Table) -> tuple[pd.DataFrame, list[Fault], list[Fault]]:
    """Check every cell of one table and the rules between its columns; return its valid rows, faults, warnings."""
    import pandas as pd

    label = table.label
    warnings: list[Fault] = []
    present = [c for c in spec.accepted if c in table.cells]
    n = len(table.rows)
    rows = table.rows
    orgs: list[str | None] = (
        [(_clean(v).upper() or None) for v in table.cells["org_code"]] if "org_code" in table.cells else [None] * n
    )
    ok = [True] * n
    found: list[tuple[int, int, Fault]] = []
    converted: dict[str, list[Any]] = {}
    for col_index, column in enumerate(present):
        convert = _converter(spec.name, column)
        # Tables repeat a handful of values (codes, years, bands): convert each distinct value once.
        memo: dict[str, Any] = {}
        values = []
        for i, text in enumerate(table.cells[column]):
            if text not in memo:
                if _FORMULA.match(text):
                    memo[text] = _Bad(_FORMULA_FAULT)
                else:
                    try:
                        memo[text] = convert(text)
                    except _Bad as bad:
                        memo[text] = bad
            value = memo[text]
            if isinstance(value, _Bad):
                ok[i] = False
                found.append((i, col_index, Fault(label, str(value), row=rows[i], column=column, value=text,
                                                  org_code=orgs[i])))
                value = None
            values.append(value)
        converted[column] = values
    for column in spec.accepted:
        converted.setdefault(column, [None] * n)

    def text_of(column: str, i: int) -> str:
        return table.cells[column][i] if column in table.cells else ""

    def fail(i: int, column: str, message: str) -> None:
        ok[i] = False
        found.append((i, len(present), Fault(label, message, row=rows[i], column=column,
                                             value=text_of(column, i), org_code=orgs[i])))

    if spec.name == "recruitment":
        for i in range(n):
            if ok[i] and converted["appointed"][i] > converted["shortlisted"][i]:
                fail(i, "appointed", f"more applicants appointed ({converted['appointed'][i]}) than shortlisted "
                     f"({converted['shortlisted'][i]}); appointed must be at most shortlisted")
    if spec.name == "board":
        for i in range(n):
            voting, executive = converted["voting"][i], converted["executive"][i]
            if ok[i] and executive is not None and executive > voting:
                # Executives can sit on the board without a vote, so this is only worth a look.
                warnings.append(Fault(
                    label,
                    f"more executive members ({executive}) than voting members ({voting}); "
                    "check the two columns are not swapped",
                    row=rows[i], column="executive", value=text_of("executive", i), org_code=orgs[i],
                ))
    if spec.one_of == ("percent", "yes"):
        _check_percent_or_yes(converted, ok, text_of, fail, has_percent="percent" in table.cells)
    faults = [f for _, _, f in sorted(found, key=lambda item: (item[0], item[1]))]

    keep = [i for i in range(n) if ok[i]]
    clean = pd.DataFrame({"row": [rows[i] for i in keep],
                          **{c: [converted[c][i] for i in keep] for c in spec.accepted}},
                         columns=["row", *spec.accepted])
    if "ethnicity" in spec.columns:
        clean["group"] = ethnicity.group_values(list(clean["ethnicity"]))
    faults.extend(_duplicate_faults(spec, clean, label))
    return clean, faults, warnings


def _check_percent_or_yes(converted: dict[str, list[Any]], ok: list[bool], text_of: Callable[[str, int], str],
                          fail: Callable[[int, str, str], None], has_percent: bool) -> None:
    """Survey rows give the percent answering yes or the yes-count; a count becomes the exact percent."""
    for i, (percent, yes, respondents) in enumerate(zip(converted["percent"], converted["yes"],
                                                        converted["respondents"], strict=True)):
        if not ok[i]:
            continue
        if percent is None and yes is None:
            fail(i, "percent" if has_percent else "yes",
                 "expected a percentage from 0 to 100 in 'percent', or the number answering yes in 'yes'; "
                 "this row gives neither")
        elif yes is not None:
            if yes > respondents:
                fail(i, "yes", f"more answering yes ({yes}) than respondents ({respondents}); yes must be at most "
                     "respondents")
            elif respondents == 0:
                fail(i, "yes", "there are 0 respondents, so a yes-count gives no percentage; leave the row out")
            else:
                exact = 100.0 * yes / respondents
                # Agreement to the decimals the percent is written with (7.05 agrees with 16 of 227 = 7.048…).
                tolerance = 0.5 * 10.0 ** -_written_decimals(text_of("percent", i)) + 1e-9
                if percent is not None and abs(exact - percent) > tolerance:
                    fail(i, "percent", f"percent ({_clean(text_of('percent', i))}) and yes ({yes}) disagree: {yes} "
                         f"of {respondents} respondents is {exact:.2f}%; give one of the two, or correct the other")
                else:
                    converted["percent"][i] = exact


def _duplicate_faults(spec: TableSpec, clean: pd.DataFrame, label: str) -> list[Fault]:
    """Rows with the same key as written are an error, never silently summed."""
    if not spec.key or clean.empty:
        return []
    dup = clean.duplicated(list(spec.key), keep=False)
    faults = []
    for _, rows in clean[dup].groupby(list(spec.key), sort=False):
        first = int(rows["row"].iloc[0])
        key_text = ", ".join(f"{k}={rows[k].iloc[0]}" for k in spec.key)
        for row_number in rows["row"].iloc[1:]:
            faults.append(Fault(
                label,
                f"this row repeats the key of row {first} ({key_text}); remove the duplicate or, if both "
                "are real, add them into one row",
                row=int(row_number),
                org_code=str(rows["org_code"].iloc[0]) if "org_code" in rows else None,
            ))
    return faults


def _assemble(source: str, sources: list[_Source], faults: list[Fault], warnings: list[Fault], checksum: str,
              labels: dict[str, str]) -> Dataset:
    """Check every table's cells with one validator, whatever they came from, and the rules between tables."""
    tables: dict[str, pd.DataFrame] = {}
    for src in sources:
        table, table_faults, table_warnings = _structure(src)
        faults += table_faults
        warnings += table_warnings
        if table is None:
            continue
        clean, table_faults, table_warnings = _validate_table(src.spec, table)
        faults += table_faults
        warnings += table_warnings
        tables[src.spec.name] = clean

    def label(name: str) -> str:
        return labels.get(name, TABLES[name].file)

    faulty_orgs = {f.org_code for f in faults if f.file == label("organisations") and f.org_code}
    faults += _cross_table_faults(tables, faulty_orgs, label)
    warnings += _cross_table_warnings(tables, label)
    return Dataset(
        source=source,
        tables=tables,
        faults=tuple(faults),
        warnings=tuple(warnings),
        checksum=checksum,
        files=tuple(src.label for src in sources),
        labels=labels,
    )


# --- the two kinds of input ----------------------------------------------------------------------

_OTHER_SPREADSHEETS = {
    ".xls": "this is an old-format Excel workbook (.xls), which is not read; open it in Excel and save it as "
            "'Excel Workbook (.xlsx)'",
    ".xlsm": "macro-enabled workbooks (.xlsm) are not read; open it in Excel and save a copy as "
             "'Excel Workbook (.xlsx)'",
    ".xlsb": "binary workbooks (.xlsb) are not read; open it in Excel and save it as 'Excel Workbook (.xlsx)'",
    ".ods": "OpenDocument spreadsheets (.ods) are not read; save it as 'Excel Workbook (.xlsx)'",
}


def read_data(path: str | Path) -> Dataset:
    """Read and validate WRES input: a data folder (one CSV per table) or an Excel workbook (one sheet per table).

    A workbook's sheets are named as the tables (``workforce``; case and surrounding spaces do not
    matter) and are read into the same text cells as CSV files, then checked by the same code, so
    the two give the same results. Messages name a sheet as ``book.xlsx [workforce]`` with Excel's
    row numbers.

    Parameters
    ----------
    path : str or Path
        The data folder, or an ``.xlsx`` workbook.

    Returns
    -------
    Dataset
        Valid rows per table, with every fault and warning found. Reading never raises for bad
        content: call ``Dataset.require(org, year)`` to stop on the faults of one organisation.

    Raises
    ------
    DataError
        When the path does not exist, or is neither a folder nor an ``.xlsx`` workbook.

    Examples
    --------
    >>> from pathlib import Path
    >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
    >>> data.org_codes, data.years("QHG"), data.faults
    (['QHG'], [2022, 2023, 2024], ())
    """
    given = Path(path)
    suffix = given.suffix.lower()
    if not given.exists():
        what = "workbook" if suffix in (".xlsx", *_OTHER_SPREADSHEETS) else "data folder"
        raise DataError(Fault(str(given), f"this {what} does not exist; check the path given to --data"))
    if given.is_dir():
        entries = _folder_entries(given)
        key = ("folder", str(given.resolve()), _folder_checksum(given, entries))
        return _cached(key, lambda: _read_folder(given, entries))
    if suffix in _OTHER_SPREADSHEETS:
        raise DataError(Fault(given.name, _OTHER_SPREADSHEETS[suffix]))
    if suffix != ".xlsx":
        raise DataError(Fault(str(given), "expected a data folder holding one CSV file per table "
                              f"({', '.join(s.file for s in TABLES.values())}), or an Excel workbook (.xlsx) "
                              "with one sheet per table"))
    try:
        raw = given.read_bytes()
    except OSError as exc:
        raise DataError(Fault(given.name, f"the workbook cannot be read ({exc.strerror}); check it is not open "
                              "elsewhere")) from None
    key = ("workbook", str(given.resolve()), hashlib.sha256(raw).hexdigest())
    return _cached(key, lambda: _read_workbook(given, raw))


# Reports in one kernel or worker read the same data again and again; the cache is keyed by the
# checksum of every file's bytes, so any change to the data is read afresh. Datasets are read-only.
_CACHE: OrderedDict[tuple[str, str, str], Dataset] = OrderedDict()
_CACHE_SIZE = 4


def _cached(key: tuple[str, str, str], read: Callable[[], Dataset]) -> Dataset:
    return remember(_CACHE, key, read, _CACHE_SIZE)


def _folder_entries(folder: Path) -> dict[str, Path]:
    try:
        return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}
    except OSError as exc:
        raise DataError(Fault(str(folder), f"the data folder cannot be read ({exc.strerror})")) from None


def _table_files(entries: dict[str, Path]) -> dict[str, Path]:
    """Each table's file: ``workforce.csv``, or failing that the same name in other case (``Workforce.csv``)."""
    lower: dict[str, Path] = {}
    for name, path in entries.items():
        lower.setdefault(name.strip().lower(), path)
    found = {}
    for spec in TABLES.values():
        path = entries.get(spec.file) or lower.get(spec.file)
        if path is not None:
            found[spec.name] = path
    return found


def _folder_checksum(folder: Path, entries: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for spec_name, path in _table_files(entries).items():
        try:
            digest.update(TABLES[spec_name].file.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(TABLES[spec_name].file.encode() + b"\0unreadable\0")
    digest.update("\0".join(entries).encode())
    return digest.hexdigest()


def _read_folder(folder: Path, entries: dict[str, Path]) -> Dataset:
    faults: list[Fault] = []
    warnings: list[Fault] = []
    sources: list[_Source] = []
    labels: dict[str, str] = {}
    digest = hashlib.sha256()
    files = _table_files(entries)
    for spec in TABLES.values():
        path = files.get(spec.name)
        if path is None:
            if spec.required_table:
                faults.append(Fault(spec.file, f"the required table {spec.file} is missing from {folder}; "
                                    f"it holds {spec.description}"))
            continue
        rows, read_faults, read_warnings, raw = _csv_rows(path, spec)
        digest.update(spec.file.encode() + b"\0" + raw + b"\0")
        if path.name != spec.file:
            labels[spec.name] = path.name
        faults += read_faults
        warnings += read_warnings
        if rows is not None:
            sources.append(_Source(spec, path.name, rows))

    used = {p.name for p in files.values()}
    for other in entries:
        if other in used or other.lower() in _KNOWN_FILES or other.startswith("."):
            continue
        hint = (" (a workbook is read when given itself to --data, with one sheet per table)"
                if other.lower().endswith((".xlsx", ".xls", ".xlsm")) else "")
        warnings.append(Fault(other, f"this file is not one of the tables wreslib reads and is ignored{hint}; "
                              f"table files are named {', '.join(s.file for s in TABLES.values())}"))
    dataset = _assemble(str(folder), sources, faults, warnings, "sha256:" + digest.hexdigest(), labels)
    # A file read but unusable (empty, unreadable) is still a file of the data: list it.
    listed = tuple(files[name].name for name in TABLES if name in files)
    return replace(dataset, files=listed)


def _sheet_table(title: str) -> str | None:
    name = _header_name(title)
    return name if name in TABLES else None


def _read_workbook(path: Path, raw: bytes) -> Dataset:
    from wreslib.data import excel

    name = path.name
    checksum = "sha256:" + hashlib.sha256(raw).hexdigest()
    book = excel.read_workbook_cells(raw, name, wanted=lambda title: _sheet_table(title) is not None)
    if book.fault is not None:
        return Dataset(source=str(path), tables={}, faults=(book.fault,), warnings=(), checksum=checksum)
    faults: list[Fault] = []
    warnings: list[Fault] = []
    chosen: dict[str, str] = {}
    for title in book.titles:
        table = _sheet_table(title)
        if table is None:
            if title.strip().lower() != excel.GUIDANCE_SHEET.lower():
                warnings.append(Fault(name, f"the sheet {title!r} is not one of the tables wreslib reads and is "
                                      f"ignored; sheets are named {', '.join(TABLES)}"))
        elif table in chosen:
            faults.append(Fault(f"{name} [{title}]", f"two sheets hold the {table} table ({chosen[table]!r} and "
                                f"{title!r}); keep one"))
        else:
            chosen[table] = title
    sources: list[_Source] = []
    labels = {table: f"{name} [{chosen.get(table, table)}]" for table in TABLES}
    for spec in TABLES.values():
        title = chosen.get(spec.name)
        if title is None:
            if spec.required_table:
                faults.append(Fault(name, f"the required sheet {spec.name!r} is missing from {name}; it holds "
                                    f"{spec.description}. Add a sheet named {spec.name} (wres template writes a "
                                    "workbook with every sheet)"))
            continue
        if title in book.sheet_errors:
            faults.append(Fault(labels[spec.name], f"the sheet cannot be read ({book.sheet_errors[title]}); open the "
                                "workbook in Excel and save it again"))
            continue
        sources.append(_Source(spec, labels[spec.name], book.sheets[title], sheet=True))
    return _assemble(str(path), sources, faults, warnings, checksum, labels)


def _cross_table_faults(tables: dict[str, pd.DataFrame], faulty_orgs: set[str],
                        label: Callable[[str], str]) -> list[Fault]:
    """Rows that name an organisation missing from organisations (one whose row there is faulty is not missing)."""
    if "organisations" not in tables:
        return []
    known = set(tables["organisations"]["org_code"]) | faulty_orgs
    faults = []
    for name, frame in tables.items():
        if name == "organisations" or "org_code" not in frame.columns:
            continue
        unknown = frame[~frame["org_code"].isin(known)]
        for code, rows in unknown.groupby("org_code", sort=False):
            faults.append(Fault(
                label(name),
                f"organisation {code!r} is not listed in {label('organisations')}"
                + (f" (also on {len(rows) - 1} more row{'s' if len(rows) > 2 else ''})" if len(rows) > 1 else "")
                + "; add it there or correct the code",
                row=int(rows["row"].iloc[0]), column="org_code", value=str(code), org_code=str(code),
            ))
    return faults


def _cross_table_warnings(tables: dict[str, pd.DataFrame], label: Callable[[str], str]) -> list[Fault]:
    """Survey benchmark names that organisations refer to but survey_benchmarks lacks."""
    warnings: list[Fault] = []
    if "organisations" not in tables:
        return warnings
    orgs = tables["organisations"]
    names = set(tables["survey_benchmarks"]["benchmark"]) if "survey_benchmarks" in tables else set()
    for _, org in orgs.iterrows():
        wanted = org.get("survey_benchmark")
        if wanted and wanted not in names:
            warnings.append(Fault(
                label("organisations"),
                f"benchmark {wanted!r} is not in {label('survey_benchmarks')}, so indicators 5-8 are shown "
                "without a benchmark; check the spelling against the benchmark column there",
                row=int(org["row"]), column="survey_benchmark", value=str(wanted), org_code=org["org_code"],
            ))
    return warnings


def group_totals(frame: pd.DataFrame, value: str) -> dict[str, int]:
    """Sum a count column by ethnic group (White, BME, Unknown), zero for absent groups."""
    sums = frame.groupby("group")[value].sum() if not frame.empty else {}
    return {g: int(sums.get(g, 0)) for g in ethnicity.GROUPS}


def iter_faults(faults: Iterable[Fault]) -> list[str]:
    """Faults as the lines a user reads."""
    return [str(f) for f in faults]
