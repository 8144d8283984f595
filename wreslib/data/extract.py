"""Reading a record-level workforce extract (ESR-style): CSV, Excel or Parquet, into dictionary-encoded columns.

An extract has one row per staff member (or assignment) with the columns ``org_code, year, staff_id,
staff_group, band, ethnic_category`` plus any others, which are ignored. Whatever the format, it becomes an
:class:`Extract`: each needed text column dictionary-encoded as it is read (:class:`Column`: per row an
index into the distinct values), so that :mod:`wreslib.data.aggregate` parses each distinct value once and
does everything per row as integer arithmetic. Numeric staff identifiers are read as integers (the fast path).

Reading raises a :class:`~wreslib.errors.DataError` for a file that cannot be used (missing, unreadable,
empty, a required column missing, broken rows); bad values are judged later, by the aggregation. No message
ever shows a staff identifier: pyarrow's own messages, which may quote one, are never passed on.

References
----------
NHS England, Workforce Race Equality Standard technical guidance, indicator 1. See ``docs/aggregate.md``.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.errors import DataError, Fault

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

__all__ = [
    "BANK_COLUMNS",
    "PREFERRED_SHEETS",
    "REQUIRED",
    "Column",
    "Extract",
    "as_text",
    "empty_fault",
    "header_key",
    "heading",
    "more_rows",
    "read_extract",
]

#: The columns every extract must have (header names are trimmed and case-insensitive; spaces and
#: hyphens count as underscores, so ``Ethnic Category`` is ``ethnic_category``).
REQUIRED: tuple[str, ...] = ("org_code", "year", "staff_id", "staff_group", "band", "ethnic_category")
#: Columns that mark bank staff, when present: ``bank`` holds true/false; the others hold a category
#: whose value ``Bank`` marks a bank assignment.
BANK_COLUMNS: tuple[str, ...] = ("bank", "assignment_category", "contract_type")
#: Excel sheets read in preference to the first sheet.
PREFERRED_SHEETS: tuple[str, ...] = ("records", "extract")

_CSV_SUFFIXES = (".csv", ".txt")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_DELIMITERS = (",", "\t", ";", "|")
# The spellings of a bank flag pyarrow parses itself; any other is read as text and judged by the aggregation.
_TRUE = ("Y", "y", "Yes", "yes", "YES", "True", "true", "TRUE", "1")
_FALSE = ("N", "n", "No", "no", "NO", "False", "false", "FALSE", "0")
_SAMPLE_BYTES = 1 << 16  # read to find the header, the separator and whether identifiers are numbers
_SAMPLE_ROWS = 500
_NUMERIC_ID = re.compile(r"^\s*\d{1,18}\s*$")

# --- what a reader hands over ---------------------------------------------------------------------

@dataclass
class Column:
    """One column, dictionary-encoded: per row an index into ``values`` (the distinct values as read).

    The codes stay in the reader's chunks (arrow buffers, not copied); ``take`` looks them up chunk by
    chunk straight into one array, so they are never concatenated on the way to the counts.
    """

    header: str
    chunks: list[np.ndarray]
    values: list[Any]
    _codes: np.ndarray | None = field(default=None, repr=False)

    @property
    def codes(self) -> np.ndarray:
        """Every row's code in one array (made on first use: only faults and blank rows need it)."""
        import numpy as np

        if self._codes is None:
            self._codes = self.chunks[0] if len(self.chunks) == 1 else np.concatenate(self.chunks)
        return self._codes

    def take(self, table: np.ndarray) -> np.ndarray:
        """``table[codes]``: each row's entry in a table indexed by code."""
        import numpy as np

        if self._codes is not None or len(self.chunks) == 1:
            return table[self.codes]
        out = np.empty(sum(len(chunk) for chunk in self.chunks), dtype=table.dtype)
        start = 0
        for chunk in self.chunks:
            # Every code indexes the table, so "clip" never clips; it spares numpy a buffered copy.
            np.take(table, chunk, out=out[start:start + len(chunk)], mode="clip")
            start += len(chunk)
        return out


@dataclass
class Extract:
    """The needed columns of an extract, whatever its format.

    Staff identifiers come either as integers (``ids``, with ``ids_blank`` marking empty cells), which is
    the fast path for numeric ESR numbers, or as a dictionary-encoded text column in ``columns``.
    """

    file: str
    n: int
    columns: dict[str, Column]
    ids: np.ndarray | None = None
    ids_blank: np.ndarray | None = None
    ids_header: str = "staff_id"
    id_dictionary: Any = None  # the distinct text identifiers, normalised, when they are not numbers
    warnings: list[Fault] = field(default_factory=list)

    @staticmethod
    def row(index: int) -> int:
        """Spreadsheet row of a record: the header is row 1 and blank lines are kept as rows."""
        return index + 2


def header_key(name: object) -> str:
    """A header name as matched: trimmed, lower case, spaces and hyphens as underscores.

    >>> header_key(" Ethnic Category "), header_key("\\ufeffOrg-Code")
    ('ethnic_category', 'org_code')
    """
    text = str(name if name is not None else "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _match_header(names: Sequence[object], file: str) -> tuple[dict[str, int], list[str]]:
    """Positions of the required and bank columns in a header; raise a DataError when one is missing."""
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        positions.setdefault(header_key(name), []).append(i)
    wanted = REQUIRED + BANK_COLUMNS
    repeated = [key for key in wanted if len(positions.get(key, [])) > 1]
    faults = [
        Fault(file, f"the column {key!r} appears {len(positions[key])} times in the header "
              f"(as {', '.join(repr(str(names[i]).strip()) for i in positions[key])}); keep one", row=1)
        for key in repeated
    ]
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        faults.append(Fault(
            file,
            f"the required column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing; the header must name {', '.join(REQUIRED)} "
            "(in any order and any case; other columns are ignored)",
            row=1,
        ))
    if faults:
        raise DataError(faults, heading=heading(file, len(faults)))
    found = {key: positions[key][0] for key in wanted if key in positions}
    ignored = [as_text(names[i]).strip() for i in range(len(names)) if i not in found.values()]
    return found, ignored


def heading(file: str, n: int) -> str:
    """The first line of an extract's DataError: how many problems, and that nothing was written.

    Examples
    --------
    >>> heading("esr.csv", 2)
    'esr.csv has 2 problems; nothing was written. Correct them and run again'
    """
    return (f"{file} has {n} problem{'s' if n != 1 else ''}; nothing was written. "
            f"Correct {'them' if n != 1 else 'it'} and run again")


def empty_fault(file: str, header_only: bool = False) -> DataError:
    """The DataError of an extract with no data: an empty file, or (``header_only``) a header and no rows."""
    if header_only:
        message = "the file has a header row but no data rows; it needs one row per staff member"
    else:
        message = ("the file is empty; it needs a header row (org_code, year, staff_id, staff_group, band, "
                   "ethnic_category) and one row per staff member")
    return DataError(Fault(file, message), heading=heading(file, 1))


def _unreadable(file: str, what: str) -> DataError:
    return DataError(Fault(file, what), heading=heading(file, 1))


# --- reading CSV ----------------------------------------------------------------------------------

def _sniff(path: Path, file: str) -> tuple[list[str], str, str, bool]:
    """Header names, delimiter and encoding of a CSV, and whether its staff_id values look numeric."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE_BYTES)
    except OSError as exc:
        raise _unreadable(file, f"the file cannot be read ({exc.strerror}); check it exists and is not "
                          "open in another program") from None
    if not head.strip():
        raise empty_fault(file)
    try:
        text, encoding = head.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        # A cut through a multi-byte character at the end of the sample is not a fault.
        if exc.start >= len(head) - 3 and len(head) == _SAMPLE_BYTES:
            text, encoding = head[: exc.start].decode("utf-8-sig"), "utf-8"
        else:
            text, encoding = head.decode("cp1252", errors="replace"), "cp1252"
    lines = text.splitlines()
    first = lines[0] if lines else ""
    if not first.strip(",;|\t \ufeff"):
        raise _unreadable(file, "the first row is blank; the first row must be the header (org_code, year, "
                          "staff_id, staff_group, band, ethnic_category): remove the rows above it")
    delimiter = max(_DELIMITERS, key=lambda d: (len(next(csv.reader([first], delimiter=d), [])), d == ","))
    sample = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), _SAMPLE_ROWS + 2))
    header = sample[0] if sample else []
    if not header or all(not h.strip() for h in header):
        raise empty_fault(file)
    # The last line of the sample may be cut short; ignore it when judging the identifiers.
    body = sample[1:-1] if len(head) == _SAMPLE_BYTES or len(sample) == _SAMPLE_ROWS + 2 else sample[1:]
    positions = {header_key(h): i for i, h in enumerate(header)}
    numeric_ids = True
    if "staff_id" in positions:
        i = positions["staff_id"]
        numeric_ids = all(_NUMERIC_ID.match(r[i]) or not r[i].strip() for r in body if len(r) > i)
    return header, delimiter, encoding, numeric_ids


def _read_csv(path: Path) -> Extract:
    """Read the needed columns of a CSV with pyarrow, dictionary-encoding text as it is parsed."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    file = path.name
    try:
        if path.stat().st_size == 0:
            raise empty_fault(file)
    except OSError as exc:
        raise _unreadable(file, f"the file cannot be read ({exc.strerror}); check it exists and is not "
                          "open in another program") from None
    header, delimiter, encoding, numeric_ids = _sniff(path, file)
    found, ignored = _match_header(header, file)
    # Our own unique names for every column, so that repeated or blank names elsewhere do no harm.
    names = [f"c{i}" for i in range(len(header))]
    wanted = {key: names[i] for key, i in found.items()}
    text_type = pa.dictionary(pa.int32(), pa.string())
    warnings: list[Fault] = []
    if encoding != "utf-8":
        warnings.append(_encoding_warning(file))

    # Blocks big enough that per-block work is small, small enough that every core gets several.
    block_size = min(max(path.stat().st_size // (4 * (os.cpu_count() or 1)), 1 << 20), 1 << 24)
    # A true/false bank column is parsed as such (cheaper than text); any other spelling reads it as text.
    bank_flag = "bank" in wanted
    threaded = True
    for _attempt in range(8):
        types = {column: text_type for column in wanted.values()}
        if numeric_ids:
            types[wanted["staff_id"]] = pa.int64()
        if bank_flag:
            types[wanted["bank"]] = pa.bool_()
        invalid: list[tuple[int | None, int, int]] = []

        def on_invalid(row: Any, invalid: list = invalid) -> str:
            invalid.append((row.number, row.expected_columns, row.actual_columns))
            return "skip"

        try:
            # Read through a memory map: the file's pages are parsed where they lie in the page cache rather
            # than copied into fresh memory that the kernel must first zero (measured: a fifth off the whole run).
            with pa.memory_map(str(path)) as source:
                table = pacsv.read_csv(
                    source,
                    read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=encoding,
                                                   use_threads=threaded, block_size=block_size),
                    # Blank lines are kept (as blank rows, skipped later) so that row numbers stay true.
                    parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                                     invalid_row_handler=on_invalid),
                    # Only an empty staff_id or bank cell becomes null (text never does), so blanks stay "".
                    # UTF-8 is checked on the distinct values below, not on every cell.
                    convert_options=pacsv.ConvertOptions(
                        include_columns=list(wanted.values()), column_types=types, null_values=[""],
                        strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=False,
                        true_values=list(_TRUE), false_values=list(_FALSE)),
                )
            if invalid and threaded:
                # Rows that pyarrow skipped carry their line number only in a single-threaded read.
                threaded = False
                continue
            if invalid or table.num_rows == 0:
                break
            table = table.unify_dictionaries()
            if encoding == "utf-8":
                for column in table.columns:
                    if pa.types.is_dictionary(column.type):
                        column.chunk(0).dictionary.validate(full=True)
        except pa.ArrowInvalid as exc:
            # pyarrow's messages quote the offending text, which may hold a staff identifier: never shown.
            reason = str(exc)
            if "UTF8" in reason or "UTF-8" in reason:
                if encoding == "utf-8":
                    encoding = "cp1252"
                    warnings.append(_encoding_warning(file))
                    continue
                if encoding == "cp1252":
                    encoding = "latin-1"  # cp1252 leaves five bytes undefined; latin-1 reads any byte
                    continue
            if numeric_ids and "int64" in reason:
                numeric_ids = False  # an identifier that is not a whole number: read them all as text
                continue
            if bank_flag and "bool" in reason:
                bank_flag = False  # a spelling of true/false pyarrow does not know: parsed below instead
                continue
            raise _unreadable(file, "the file is not readable as CSV (a quoted value may not be closed); it "
                              "needs one header row and one row per staff member, with any value holding "
                              f"the separator {delimiter!r} in double quotes") from None
        except UnicodeDecodeError:
            if encoding == "cp1252":
                encoding = "latin-1"
                continue
            raise _unreadable(file, "the file cannot be decoded as text; save it as 'CSV UTF-8'") from None
        except OSError as exc:
            raise _unreadable(file, f"the file cannot be read ({exc.strerror or exc}); check it is not open in "
                              "another program") from None
        break
    else:  # pragma: no cover - every attempt changes the encoding or a column's type, so few are needed
        raise _unreadable(file, "the file is not readable as CSV")

    if invalid:
        raise _ragged_faults(file, invalid)
    if table.num_rows == 0:
        raise empty_fault(file, header_only=True)
    columns = {key: _dictionary_column(table.column(column), header[found[key]], unified=True)
               for key, column in wanted.items() if not (key == "staff_id" and numeric_ids)}
    extract = Extract(file, table.num_rows, columns, ids_header=header[found["staff_id"]].strip(),
                       warnings=warnings)
    if numeric_ids:
        _set_integer_ids(extract, table.column(wanted["staff_id"]))
    extract.warnings += _ignored_warning(file, ignored)
    return extract


def _encoding_warning(file: str) -> Fault:
    return Fault(file, "the file is not UTF-8; it was read as Windows-1252 (Excel's plain CSV). Save it as "
                 "'CSV UTF-8' to be sure values are read as written")


def _ragged_faults(file: str, invalid: list[tuple[int | None, int, int]]) -> DataError:
    """One fault per kind of broken row (values against columns), with its first row and how many more."""
    import numpy as np

    kinds: dict[tuple[int, int], list[int]] = {}
    for number, expected, actual in invalid:
        kinds.setdefault((expected, actual), []).append(number or 0)
    faults = []
    for (expected, actual), rows in kinds.items():
        rows_array = np.array(rows)
        more = len(rows) - 1
        faults.append(Fault(
            file,
            f"this row has {actual} value{'s' if actual != 1 else ''} where the header has {expected} columns; "
            "a value holding the separator must be in double quotes (\"Smith, J\"), and no value may be "
            "missing its separator" + more_rows(more),
            row=int(rows_array.min()) or None,
        ))
    faults.sort(key=lambda f: f.row or 0)
    return DataError(faults, heading=heading(file, len(faults)))


def more_rows(count: int) -> str:
    """How many more rows carry the same fault, as the end of a message ('' for none).

    Examples
    --------
    >>> more_rows(1234), more_rows(0)
    (' (and on 1,234 more rows)', '')
    """
    return f" (and on {count:,} more row{'s' if count != 1 else ''})" if count > 0 else ""


def _dictionary_column(column: pa.ChunkedArray, header: str, *, unified: bool = False) -> Column:
    """Per-row codes and the distinct values of one arrow column (encoded here if the reader did not).

    ``unified`` says every chunk already shares one dictionary (the CSV reader's table was unified).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_boolean(column.type):
        # A parsed true/false column: code 0 false, 1 true, 2 blank.
        codes = pc.fill_null(column, False).to_numpy(zero_copy_only=False).astype(np.int32)
        if column.null_count:
            codes[column.is_null().to_numpy(zero_copy_only=False)] = 2
        return Column(header.strip(), [codes], [False, True, None])
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column, null_encoding="encode")
        unified = False
    if not unified and column.num_chunks > 1:
        # Parquet row groups (and encoded chunks) may each carry their own dictionary.
        column = pa.table({"c": column}).unify_dictionaries().column(0)
    chunks = [chunk for chunk in column.chunks if len(chunk)] or column.chunks
    if not chunks:
        return Column(header.strip(), [np.zeros(0, dtype=np.int32)], [])
    values = chunks[0].dictionary.to_pylist()
    parts = []
    for chunk in chunks:
        indices = chunk.indices
        if indices.null_count:
            # A null cell (Parquet) is read as a blank: give it a code of its own.
            if None not in values:
                values.append(None)
            indices = pc.fill_null(indices, values.index(None))
        parts.append(indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False))
    return Column(header.strip(), parts, values)


def _set_integer_ids(extract: Extract, column: pa.ChunkedArray) -> None:
    import pyarrow.compute as pc

    if column.null_count:
        extract.ids_blank = column.is_null().to_numpy(zero_copy_only=False)
        column = pc.fill_null(column, 0)
    extract.ids = column.to_numpy()


def _ignored_warning(file: str, ignored: list[str]) -> list[Fault]:
    shown = [name for name in ignored if name]
    if not shown:
        return []
    listed = ", ".join(repr(n) for n in shown[:10]) + (f" and {len(shown) - 10} more" if len(shown) > 10 else "")
    return [Fault(file, f"{len(shown)} column{'s are' if len(shown) != 1 else ' is'} not used and "
                  f"{'were' if len(shown) != 1 else 'was'} ignored: {listed}", row=1)]


# --- reading Excel and Parquet --------------------------------------------------------------------

def _read_excel(path: Path) -> Extract:
    """Read the sheet named records or extract (else the first sheet) of a workbook."""
    import numpy as np
    import openpyxl
    import pandas as pd

    name = path.name
    try:
        if path.stat().st_size == 0:
            raise empty_fault(name)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except DataError:
        raise
    except Exception:  # openpyxl raises many kinds (zip, XML, key) for a file that is not a workbook
        raise _unreadable(name, "the file is not readable as an Excel workbook (.xlsx); save it from Excel as "
                          "'Excel Workbook' or as 'CSV UTF-8'") from None
    try:
        sheets = {sheet.title.strip().lower(): sheet for sheet in book.worksheets}
        sheet = next((sheets[s] for s in PREFERRED_SHEETS if s in sheets), book.worksheets[0])
        file = f"{name} (sheet {sheet.title!r})"
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None or not str(v).strip() for v in header):
            raise empty_fault(file)
        found, ignored = _match_header(list(header), file)
        data: dict[str, list[Any]] = {key: [] for key in found}
        width = len(header)
        for values in rows:
            values = tuple(values) + (None,) * (width - len(values))
            for key, i in found.items():
                data[key].append(values[i])
    finally:
        book.close()
    n = len(data["org_code"])
    if n == 0:
        raise empty_fault(file, header_only=True)
    columns = {}
    for key, values in data.items():
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        uniques = list(uniques)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(None)
        columns[key] = Column(str(header[found[key]]).strip(), [codes.astype(np.int32)], uniques)
    extract = Extract(file, n, columns, ids_header=columns["staff_id"].header)
    extract.warnings += _ignored_warning(file, ignored)
    return extract


def _read_parquet(path: Path) -> Extract:
    """Read the needed columns of a Parquet file; integer staff identifiers take the fast path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = path.name
    try:
        if path.stat().st_size == 0:
            raise empty_fault(file)
        parquet = pq.ParquetFile(path)
        header = list(parquet.schema_arrow.names)
        found, ignored = _match_header(header, file)
        table = parquet.read(columns=[header[i] for i in found.values()])
    except DataError:
        raise
    except (OSError, pa.ArrowException):
        raise _unreadable(file, "the file is not readable as Parquet; write it again (pandas: "
                          "frame.to_parquet) or save the extract as 'CSV UTF-8'") from None
    if table.num_rows == 0:
        raise empty_fault(file, header_only=True)
    numeric_ids = pa.types.is_integer(table.column(header[found["staff_id"]]).type)
    columns = {key: _dictionary_column(table.column(header[i]), header[i])
               for key, i in found.items() if not (key == "staff_id" and numeric_ids)}
    extract = Extract(file, table.num_rows, columns, ids_header=header[found["staff_id"]].strip())
    if numeric_ids:
        _set_integer_ids(extract, table.column(header[found["staff_id"]]).cast(pa.int64()))
    extract.warnings += _ignored_warning(file, ignored)
    return extract


def read_extract(path: Path) -> Extract:
    """Read the needed columns of an extract, by its suffix: CSV (``.csv``, ``.txt``), Excel (``.xlsx``) or Parquet.

    Raises
    ------
    DataError
        When the file is missing, a folder, of another kind, unreadable or empty, or lacks a required column;
        never for a bad value (the aggregation judges those, each distinct value once).
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise DataError(Fault(str(path), "this file does not exist; check the path given to --records"))
    if path.is_dir():
        raise DataError(Fault(str(path), "expected a file (CSV, Excel or Parquet), not a folder"))
    if suffix in _CSV_SUFFIXES:
        return _read_csv(path)
    if suffix in _EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in _PARQUET_SUFFIXES:
        return _read_parquet(path)
    if suffix == ".xls":
        raise DataError(Fault(path.name, "old-style .xls workbooks are not read; save it from Excel as .xlsx "
                              "or as 'CSV UTF-8'"))
    raise DataError(Fault(path.name, "expected a .csv (or .txt), .xlsx or .parquet file"))


# --- cells as text --------------------------------------------------------------------------------

def as_text(value: object) -> str:
    """A cell as text, the way an analyst reads it: 2024.0 from a spreadsheet is 2024; empty is ''.

    >>> as_text(2024.0), as_text(None), as_text(float("nan")), as_text(" CA ")
    ('2024', '', '', ' CA ')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value)
