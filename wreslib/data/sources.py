"""Where the text cells come from: CSV files of a data folder and sheets of a workbook.

Every source of a table becomes the same thing before any value is checked: a :class:`SourceRows`, the
rows of text cells with their spreadsheet row numbers (a CSV file through the ``csv`` module, a sheet
through :mod:`wreslib.data.excel`). :func:`structure` then finds the header row (titles and notes may sit
above it), checks the columns and gathers each data row's cells by column name into :class:`TableCells`,
ready for :mod:`wreslib.data.validate`.

Reading never raises for bad content: each problem is a :class:`~wreslib.errors.Fault` naming the file
(``workforce.csv``, or ``book.xlsx [workforce]`` for a sheet) and, where it has one, the row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from wreslib.data.contract import HEADER_ALIASES, TABLES, TableSpec
from wreslib.data.convert import clean_text
from wreslib.errors import DataError, Fault

__all__ = [
    "HEADER_SEARCH_ROWS",
    "KNOWN_FILES",
    "Rows",
    "SourceRows",
    "TableCells",
    "csv_rows",
    "find_header",
    "folder_entries",
    "header_name",
    "sheet_table",
    "structure",
    "table_files",
    "workbook_sources",
]

#: The header row is looked for in the first rows of a file or sheet: titles and notes may sit above it.
HEADER_SEARCH_ROWS = 10
#: Files a data folder may hold besides the tables without a warning.
KNOWN_FILES = frozenset({"readme.md", "readme.txt", ".gitkeep"})
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

#: (spreadsheet row, cells) for every row of a file or sheet, blank rows included.
Rows = list[tuple[int, list[str]]]


@dataclass
class SourceRows:
    """One table's text cells before any check: what a CSV file or a worksheet holds."""

    spec: TableSpec
    label: str  # workforce.csv, or book.xlsx [workforce]
    rows: Rows  # (spreadsheet row, cells), blank rows included
    sheet: bool = False


@dataclass
class TableCells:
    """One table's cells under its header row, by contract column, ready for the cell checks."""

    label: str
    header_row: int
    cells: dict[str, list[str]]
    rows: list[int]


def header_name(text: str) -> str:
    """A header cell as a column name: trimmed, lower case, spaces and hyphens as ``_``, aliases resolved.

    Examples
    --------
    >>> header_name(" Org Code "), header_name("Survey-Year"), header_name("Yes count")
    ('org_code', 'survey_year', 'yes')
    """
    name = re.sub(r"[\s\-]+", "_", text.replace("\ufeff", "").strip().lower())
    return HEADER_ALIASES.get(name, name)


def _is_header(spec: TableSpec, cells: list[str]) -> bool:
    return set(spec.required) <= {header_name(c) for c in cells}


# --- a data folder ----------------------------------------------------------------------------------

def folder_entries(folder: Path) -> dict[str, Path]:
    """The files of a data folder by name, sorted; a folder that cannot be listed is a DataError."""
    try:
        return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}
    except OSError as exc:
        raise DataError(Fault(str(folder), f"the data folder cannot be read ({exc.strerror})")) from None


def table_files(entries: dict[str, Path]) -> dict[str, Path]:
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


def csv_rows(path: Path, spec: TableSpec) -> tuple[Rows | None, list[Fault], list[Fault], bytes]:
    """Read one CSV file as rows of text cells. Returns rows (None when unreadable), faults, warnings, bytes.

    UTF-8 (with or without a byte-order mark) is read as such; Excel's "Unicode Text" (UTF-16) too; any
    other bytes as Windows-1252 (Excel's plain CSV) with a warning. The separator is the comma, or the
    semicolon or tab that makes a header row of the table's required columns (with a warning).
    """
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


# --- a workbook -------------------------------------------------------------------------------------

def sheet_table(title: str) -> str | None:
    """The table a sheet holds, by its title (``Workforce `` is workforce), or None.

    Examples
    --------
    >>> sheet_table(" Workforce "), sheet_table("Guidance")
    ('workforce', None)
    """
    name = header_name(title)
    return name if name in TABLES else None


def workbook_sources(path: Path, raw: bytes) -> tuple[list[SourceRows], list[Fault], list[Fault], dict[str, str]]:
    """Every table sheet of a workbook as text rows; returns the sources, faults, warnings and table labels.

    Sheets are named as the tables (case and surrounding spaces do not matter); the Guidance sheet of
    ``wres template`` is skipped quietly and any other sheet with a warning.
    """
    from wreslib.data import excel

    name = path.name
    book = excel.read_workbook_cells(raw, name, wanted=lambda title: sheet_table(title) is not None)
    if book.fault is not None:
        return [], [book.fault], [], {}
    faults: list[Fault] = []
    warnings: list[Fault] = []
    chosen: dict[str, str] = {}
    for title in book.titles:
        table = sheet_table(title)
        if table is None:
            if title.strip().lower() != excel.GUIDANCE_SHEET.lower():
                warnings.append(Fault(name, f"the sheet {title!r} is not one of the tables wreslib reads and is "
                                      f"ignored; sheets are named {', '.join(TABLES)}"))
        elif table in chosen:
            faults.append(Fault(f"{name} [{title}]", f"two sheets hold the {table} table ({chosen[table]!r} and "
                                f"{title!r}); keep one"))
        else:
            chosen[table] = title
    sources: list[SourceRows] = []
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
        sources.append(SourceRows(spec, labels[spec.name], book.sheets[title], sheet=True))
    return sources, faults, warnings, labels


# --- the header row and the columns -----------------------------------------------------------------

def find_header(spec: TableSpec, rows: Rows) -> int:
    """Index (in the non-blank rows) of the header: the first of the first rows naming every required column.

    Failing that, the one naming most of them (at least two), so that a missing column is reported on
    the row the analyst meant as the header; failing that, the first row.
    """
    required = set(spec.required)
    best, best_score = 0, 1
    for i, (number, cells) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS and i > 0:
            break
        score = len(required & {header_name(c) for c in cells})
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


def structure(source: SourceRows) -> tuple[TableCells | None, list[Fault], list[Fault]]:
    """Find the header row, check the columns, and gather each data row's cells by column name.

    Returns the cells (None when the table cannot be used: empty, a required column missing, a column
    named twice), the faults and the warnings (extra columns, repeated header rows, unnamed columns).
    """
    spec, label = source.spec, source.label
    kind, remove = ("sheet", "delete the sheet") if source.sheet else ("file", "remove the file")
    nonblank = [(number, cells) for number, cells in source.rows if any(c.strip() for c in cells)]
    if not nonblank:
        return None, [Fault(label, f"the {kind} is empty; it needs a header row and at least one data row, or "
                            f"{remove} if you have no data for this table")], []
    h = find_header(spec, nonblank)
    header_row, header_cells = nonblank[h]
    names = [header_name(c) for c in header_cells]
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
        if len(row) > first_at and header_name(row[first_at]) == header_key[0] and \
                [header_name(c) for c in row if c.strip()] == header_key:
            repeats.append(number)
            continue
        used = max(i for i, c in enumerate(row) if c.strip()) + 1
        if used > width and not source.sheet:
            org = clean_text(row[org_at]).upper() or None if org_at is not None and org_at < len(row) else None
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
    return TableCells(label, header_row, cells, rows), faults, warnings
