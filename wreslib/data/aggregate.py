"""Record-level aggregation: an ESR-style extract (one row per staff member) to the workforce table.

``wres aggregate --records FILE --out DIR`` reads an extract with the columns ``org_code, year, staff_id,
staff_group, band, ethnic_category`` (plus any others, which are ignored) and writes ``DIR/workforce.csv``:
the substantive headcount by organisation, year, staff group, band and ethnic group, in the workforce
table of the data contract. Staff identifiers are used only to count each person once; they never appear
in the output or in any message.

The design follows from the size of the input: an extract of the NHS in England is about 1.5 million
rows. Each text column is dictionary-encoded as it is read, so every distinct value (a few hundred
organisation codes, a few dozen bands and ethnic codes) is parsed and validated once, and everything
per row is integer arithmetic on the codes: the bank filter, the repeated-identifier check and the count.

References
----------
NHS England, Workforce Race Equality Standard technical guidance, indicator 1 (headcount of substantive
staff at 31 March by AfC band, medical and dental grade, and ethnicity). NHS Data Dictionary, Ethnic
Category. See ``docs/aggregate.md`` for what is read, what is counted and why.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import logging
import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.data import bands, ethnicity
from wreslib.data.contract import TABLES
from wreslib.data.read import _Bad, _band, _boolean, _clean, _org_code, _staff_group, _year
from wreslib.errors import DataError, Fault

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger(__name__)

#: The columns every extract must have (header names are trimmed and case-insensitive; spaces and
#: hyphens count as underscores, so ``Ethnic Category`` is ``ethnic_category``).
REQUIRED: tuple[str, ...] = ("org_code", "year", "staff_id", "staff_group", "band", "ethnic_category")
#: Columns that mark bank staff, when present: ``bank`` holds true/false; the others hold a category
#: whose value ``Bank`` marks a bank assignment.
BANK_COLUMNS: tuple[str, ...] = ("bank", "assignment_category", "contract_type")
#: The columns of the table written, in order (the workforce table of the data contract).
OUTPUT_COLUMNS: tuple[str, ...] = TABLES["workforce"].required
OUTPUT_FILE = "workforce.csv"
#: Excel sheets read in preference to the first sheet.
PREFERRED_SHEETS: tuple[str, ...] = ("records", "extract")
#: Distinct bad values listed per column before the rest are summarised in one line.
MAX_LISTED = 20

_CSV_SUFFIXES = (".csv", ".txt")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_PARQUET_SUFFIXES = (".parquet", ".pq")
_DELIMITERS = (",", "\t", ";", "|")
# The spellings of a bank flag pyarrow parses itself; any other is read as text and judged by _bank_flag.
_TRUE = ("Y", "y", "Yes", "yes", "YES", "True", "true", "TRUE", "1")
_FALSE = ("N", "n", "No", "no", "NO", "False", "false", "FALSE", "0")
_SAMPLE_BYTES = 1 << 16  # read to find the header, the separator and whether identifiers are numbers
_SAMPLE_ROWS = 500
_NUMERIC_ID = re.compile(r"^\s*\d{1,18}\s*$")
_STAFF_ID_NOTE = "the value is not shown because it matches a staff identifier in the file"


@dataclass(frozen=True)
class AggregateResult:
    """The workforce table made from an extract, with an account of the rows read.

    ``rows_read`` (rows holding any value; wholly blank rows are skipped) equals
    ``rows_counted + bank_excluded + duplicates_dropped``.

    Parameters
    ----------
    workforce : pandas.DataFrame
        Columns ``org_code, year, staff_group, band, ethnicity, headcount`` (ethnicity is the group label
        White, BME or Unknown), one row per combination present, ordered by organisation code, year,
        staff group (non-clinical, clinical, medical, other), band (the AfC scale, then medical grades,
        then Not recorded) and ethnic group (White, BME, Unknown).
    rows_read : int
        Data rows read (the header and wholly blank rows not included).
    rows_counted : int
        Rows counted in the headcount (the sum of ``headcount``).
    bank_excluded : int
        Rows marked as bank staff and left out of the headcount.
    duplicates_dropped : int
        Rows that repeat a staff identifier already seen in the same organisation and year.
    warnings : tuple of Fault
        What an analyst should know: the encoding read, repeated identifiers, no bank column.
    """

    workforce: pd.DataFrame
    rows_read: int
    rows_counted: int
    bank_excluded: int
    duplicates_dropped: int
    warnings: tuple[Fault, ...] = ()


# --- what a reader hands over ---------------------------------------------------------------------

@dataclass
class _Column:
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
class _Extract:
    """The needed columns of an extract, whatever its format.

    Staff identifiers come either as integers (``ids``, with ``ids_blank`` marking empty cells), which is
    the fast path for numeric ESR numbers, or as a dictionary-encoded text column in ``columns``.
    """

    file: str
    n: int
    columns: dict[str, _Column]
    ids: np.ndarray | None = None
    ids_blank: np.ndarray | None = None
    ids_header: str = "staff_id"
    id_dictionary: Any = None  # the distinct text identifiers, normalised, when they are not numbers
    warnings: list[Fault] = field(default_factory=list)

    @staticmethod
    def row(index: int) -> int:
        """Spreadsheet row of a record: the header is row 1 and blank lines are kept as rows."""
        return index + 2


def _header_key(name: object) -> str:
    """A header name as matched: trimmed, lower case, spaces and hyphens as underscores.

    >>> _header_key(" Ethnic Category "), _header_key("\\ufeffOrg-Code")
    ('ethnic_category', 'org_code')
    """
    text = str(name if name is not None else "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _match_header(names: Sequence[object], file: str) -> tuple[dict[str, int], list[str]]:
    """Positions of the required and bank columns in a header; raise a DataError when one is missing."""
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        positions.setdefault(_header_key(name), []).append(i)
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
        raise DataError(faults, heading=_heading(file, len(faults)))
    found = {key: positions[key][0] for key in wanted if key in positions}
    ignored = [_as_text(names[i]).strip() for i in range(len(names)) if i not in found.values()]
    return found, ignored


def _heading(file: str, n: int) -> str:
    return (f"{file} has {n} problem{'s' if n != 1 else ''}; nothing was written. "
            f"Correct {'them' if n != 1 else 'it'} and run again")


def _empty_fault(file: str, header_only: bool = False) -> DataError:
    if header_only:
        message = "the file has a header row but no data rows; it needs one row per staff member"
    else:
        message = ("the file is empty; it needs a header row (org_code, year, staff_id, staff_group, band, "
                   "ethnic_category) and one row per staff member")
    return DataError(Fault(file, message), heading=_heading(file, 1))


def _unreadable(file: str, what: str) -> DataError:
    return DataError(Fault(file, what), heading=_heading(file, 1))


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
        raise _empty_fault(file)
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
        raise _empty_fault(file)
    # The last line of the sample may be cut short; ignore it when judging the identifiers.
    body = sample[1:-1] if len(head) == _SAMPLE_BYTES or len(sample) == _SAMPLE_ROWS + 2 else sample[1:]
    positions = {_header_key(h): i for i, h in enumerate(header)}
    numeric_ids = True
    if "staff_id" in positions:
        i = positions["staff_id"]
        numeric_ids = all(_NUMERIC_ID.match(r[i]) or not r[i].strip() for r in body if len(r) > i)
    return header, delimiter, encoding, numeric_ids


def _read_csv(path: Path) -> _Extract:
    """Read the needed columns of a CSV with pyarrow, dictionary-encoding text as it is parsed."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    file = path.name
    try:
        if path.stat().st_size == 0:
            raise _empty_fault(file)
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
        raise _empty_fault(file, header_only=True)
    columns = {key: _dictionary_column(table.column(column), header[found[key]], unified=True)
               for key, column in wanted.items() if not (key == "staff_id" and numeric_ids)}
    extract = _Extract(file, table.num_rows, columns, ids_header=header[found["staff_id"]].strip(),
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
            "missing its separator" + _more(more),
            row=int(rows_array.min()) or None,
        ))
    faults.sort(key=lambda f: f.row or 0)
    return DataError(faults, heading=_heading(file, len(faults)))


def _more(count: int) -> str:
    return f" (and on {count:,} more row{'s' if count != 1 else ''})" if count > 0 else ""


def _dictionary_column(column: pa.ChunkedArray, header: str, *, unified: bool = False) -> _Column:
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
        return _Column(header.strip(), [codes], [False, True, None])
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column, null_encoding="encode")
        unified = False
    if not unified and column.num_chunks > 1:
        # Parquet row groups (and encoded chunks) may each carry their own dictionary.
        column = pa.table({"c": column}).unify_dictionaries().column(0)
    chunks = [chunk for chunk in column.chunks if len(chunk)] or column.chunks
    if not chunks:
        return _Column(header.strip(), [np.zeros(0, dtype=np.int32)], [])
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
    return _Column(header.strip(), parts, values)


def _set_integer_ids(extract: _Extract, column: pa.ChunkedArray) -> None:
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

def _read_excel(path: Path) -> _Extract:
    """Read the sheet named records or extract (else the first sheet) of a workbook."""
    import numpy as np
    import openpyxl
    import pandas as pd

    name = path.name
    try:
        if path.stat().st_size == 0:
            raise _empty_fault(name)
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
            raise _empty_fault(file)
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
        raise _empty_fault(file, header_only=True)
    columns = {}
    for key, values in data.items():
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
        uniques = list(uniques)
        if (codes < 0).any():
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(None)
        columns[key] = _Column(str(header[found[key]]).strip(), [codes.astype(np.int32)], uniques)
    extract = _Extract(file, n, columns, ids_header=columns["staff_id"].header)
    extract.warnings += _ignored_warning(file, ignored)
    return extract


def _read_parquet(path: Path) -> _Extract:
    """Read the needed columns of a Parquet file; integer staff identifiers take the fast path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = path.name
    try:
        if path.stat().st_size == 0:
            raise _empty_fault(file)
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
        raise _empty_fault(file, header_only=True)
    numeric_ids = pa.types.is_integer(table.column(header[found["staff_id"]]).type)
    columns = {key: _dictionary_column(table.column(header[i]), header[i])
               for key, i in found.items() if not (key == "staff_id" and numeric_ids)}
    extract = _Extract(file, table.num_rows, columns, ids_header=header[found["staff_id"]].strip())
    if numeric_ids:
        _set_integer_ids(extract, table.column(header[found["staff_id"]]).cast(pa.int64()))
    extract.warnings += _ignored_warning(file, ignored)
    return extract


def _read_extract(path: Path) -> _Extract:
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


# --- parsing each distinct value once -------------------------------------------------------------

def _as_text(value: object) -> str:
    """A cell as text, the way an analyst reads it: 2024.0 from a spreadsheet is 2024; empty is ''.

    >>> _as_text(2024.0), _as_text(None), _as_text(float("nan")), _as_text(" CA ")
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


def _ethnic_group(text: str) -> str:
    value = ethnicity.ethnic_group(text)
    if value is None:
        raise _Bad(ethnicity.EXPECTED)
    return value


def _bank_flag(text: str) -> bool:
    try:
        return _boolean(text)
    except _Bad:
        raise _Bad("expected true or false (yes/no, Y/N or 1/0) saying whether the row is a bank "
                   "assignment; blank means not bank") from None


def _bank_category(text: str) -> bool:
    return _clean(text).lower() == "bank"


_PARSERS: dict[str, Callable[[str], Any]] = {
    "org_code": _org_code,
    "year": _year,
    "staff_group": _staff_group,
    "band": _band,
    "ethnic_category": _ethnic_group,
    "bank": _bank_flag,
    "assignment_category": _bank_category,
    "contract_type": _bank_category,
}
# Canonical orders, so that the counts come out sorted as the output promises.
_FIXED_ORDER: dict[str, tuple[Any, ...]] = {
    "staff_group": bands.STAFF_GROUPS,
    "ethnic_category": ethnicity.GROUPS,
    "bank": (False, True),
    "assignment_category": (False, True),
    "contract_type": (False, True),
}
_SORT: dict[str, Callable[[Any], Any]] = {"band": bands.sort_key}


@dataclass
class _Parsed:
    """One column's distinct values parsed: canonical values in output order, and a map code -> index."""

    canon: list[Any]
    index: np.ndarray  # per distinct value: index into canon, or -1 when the value is bad
    blank: np.ndarray  # per distinct value: the cell is empty
    bad: dict[int, str]  # distinct value code -> what was expected


def _parse_column(key: str, column: _Column) -> _Parsed:
    import numpy as np

    parse = _PARSERS[key]
    texts = [_as_text(v) for v in column.values]
    parsed: list[Any] = []
    bad: dict[int, str] = {}
    for code, text in enumerate(texts):
        try:
            parsed.append(parse(text))
        except _Bad as exc:
            parsed.append(None)
            bad[code] = str(exc)
    good = {p for i, p in enumerate(parsed) if i not in bad}
    canon = list(_FIXED_ORDER[key]) if key in _FIXED_ORDER else sorted(good, key=_SORT.get(key))
    position = {value: i for i, value in enumerate(canon)}
    index = np.array([-1 if i in bad else position[p] for i, p in enumerate(parsed)], dtype=np.int64)
    blank = np.array([not t.strip() for t in texts], dtype=bool)
    return _Parsed(canon, index, blank, bad)


# --- the aggregation ------------------------------------------------------------------------------

def aggregate_records(path: str | Path, *, exclude_bank: bool = True) -> AggregateResult:
    """Count the staff of a record-level extract into the workforce table (WRES indicator 1).

    Parameters
    ----------
    path : str or Path
        The extract: CSV (``.csv`` or ``.txt``; comma, tab, semicolon or bar separated), Excel (``.xlsx``:
        the sheet named ``records`` or ``extract``, else the first) or Parquet (``.parquet``), with the
        columns ``org_code, year, staff_id, staff_group, band, ethnic_category``. Other columns are ignored.
    exclude_bank : bool, default True
        Leave out rows marked as bank staff (by a ``bank`` true/false column, or an
        ``assignment_category`` or ``contract_type`` of ``Bank``): WRES indicator 1 counts substantive staff.

    Returns
    -------
    AggregateResult
        The workforce table and the count of rows read, counted, excluded as bank and dropped as repeats.
        A staff identifier seen twice in one organisation and year is counted once, on its first row.

    Raises
    ------
    DataError
        Listing every fault: a missing, unreadable or empty file, a missing column, and each distinct bad
        value per column once, with its first spreadsheet row and how many more rows carry it. No fault
        shows a staff identifier.

    References
    ----------
    NHS England, WRES technical guidance, indicator 1; NHS Data Dictionary, Ethnic Category.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "esr.csv").write_text(
    ...     "org_code,year,staff_id,staff_group,band,ethnic_category,bank\\n"
    ...     "QHG,2024,1001,Non-clinical,Band 5,A,N\\n"
    ...     "qhg ,2024,1002,non-clinical,band 5,PD,N\\n"
    ...     "QHG,2024,1002,non-clinical,Band 5,PD,N\\n"
    ...     "QHG,2024,1003,non-clinical,Band 5,Z,Y\\n")
    >>> result = aggregate_records(folder / "esr.csv")
    >>> result.workforce.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'org_code': 'QHG', 'year': 2024, 'staff_group': 'non-clinical', 'band': 'Band 5', 'ethnicity': 'White',
      'headcount': 1},
     {'org_code': 'QHG', 'year': 2024, 'staff_group': 'non-clinical', 'band': 'Band 5', 'ethnicity': 'BME',
      'headcount': 1}]
    >>> result.rows_read, result.rows_counted, result.bank_excluded, result.duplicates_dropped
    (4, 2, 1, 1)
    """
    path = Path(path)
    extract = _read_extract(path)
    return _aggregate(extract, exclude_bank=exclude_bank)


def _aggregate(extract: _Extract, *, exclude_bank: bool) -> AggregateResult:
    n = extract.n
    ids, id_blank = _staff_ids(extract)  # first: it takes a text staff_id column out of extract.columns
    parsed = {key: _parse_column(key, column) for key, column in extract.columns.items()}

    # Wholly blank rows (a spreadsheet's trailing ",,,,," lines, blank lines) are not records: they are
    # skipped, not faults. A column with no blank cell at all means there are none, at no cost per row.
    blank_row: np.ndarray | None = None
    if id_blank is not None and all(p.blank.any() for p in parsed.values()):
        blank_row = id_blank.copy()
        for key, column in extract.columns.items():
            blank_row &= column.take(parsed[key].blank)
        if not blank_row.any():
            blank_row = None
    rows_read = n - (int(blank_row.sum()) if blank_row is not None else 0)
    if rows_read == 0:
        raise _empty_fault(extract.file, header_only=True)

    faults = _value_faults(extract, parsed, id_blank, blank_row)
    if faults:
        raise DataError(faults, heading=_heading(extract.file, len(faults)))

    present, headcount, bank_excluded, duplicates_dropped = _count(extract, parsed, ids, blank_row, exclude_bank)
    workforce = _table(present, headcount, parsed)

    warnings = list(extract.warnings)
    if not any(key in extract.columns for key in BANK_COLUMNS):
        warnings.append(Fault(extract.file, "the extract has no bank, assignment_category or contract_type "
                              "column, so every row was counted as substantive staff; if it holds bank staff, "
                              "add a column marking them", row=1))
    if duplicates_dropped:
        warnings.append(Fault(
            extract.file,
            f"{duplicates_dropped:,} row{'s' if duplicates_dropped != 1 else ''} repeat a staff identifier "
            "already seen in the same organisation and year (a second assignment, or a repeated row); each "
            "staff member was counted once, on the first of their rows",
            column=extract.ids_header,
        ))
    rows_counted = int(workforce["headcount"].sum())
    log.info("%s: %d rows read, %d counted, %d bank rows excluded, %d repeated identifiers dropped",
             extract.file, rows_read, rows_counted, bank_excluded, duplicates_dropped)
    return AggregateResult(workforce, rows_read, rows_counted, bank_excluded, duplicates_dropped, tuple(warnings))


_N_SG, _N_ETH = len(bands.STAFF_GROUPS), len(ethnicity.GROUPS)
_DENSE_CELLS = 1 << 25  # up to this many possible cells (256 MiB of counts) are counted with bincount
_PARTS = 8  # the person integers are hashed in this many parts (a power of two)


def _count(extract: _Extract, parsed: dict[str, _Parsed], ids: np.ndarray, blank_row: np.ndarray | None,
           exclude_bank: bool) -> tuple[np.ndarray, np.ndarray, int, int]:
    """The cells present (organisation, year, staff group, band, ethnic group), their headcount, bank rows
    and repeats dropped.

    Each row's column codes are looked up in small tables holding mixed-radix place values, giving one
    integer for its organisation, year and bank flag; from that come one integer for its cell and one for
    the person (that plus the staff identifier). Bank rows land in a second copy of the cells, so one
    ``bincount`` counts both; repeats of a person are found by hashing the person integers (in parts, in two
    threads, while the cells are counted) and subtracted from their cells.
    """
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import pandas as pd

    columns = extract.columns
    n_org, n_year, n_band = (len(parsed[key].canon) for key in ("org_code", "year", "band"))
    per_group = _N_SG * n_band * _N_ETH  # cells per organisation and year
    groups = n_org * n_year
    size = groups * per_group
    cell_type = np.int32 if 2 * size + 1 < 1 << 31 else np.int64
    dense = 2 * size + 1 <= _DENSE_CELLS

    def lookup(key: str, scale: int = 1) -> np.ndarray:
        # Bad values have raised before this point; what is left at -1 is only on wholly blank rows.
        table = np.maximum(parsed[key].index, 0).astype(cell_type) * scale
        return columns[key].take(table)

    def within_group() -> np.ndarray:
        # The staff group, band and ethnic group part of each row's cell.
        within = lookup("staff_group", _N_ETH * n_band)
        within += lookup("band", _N_ETH)
        within += lookup("ethnic_category")
        return within

    def find_repeats(pool: ThreadPoolExecutor) -> np.ndarray:
        person = group.astype(np.int64)
        person *= span
        person += ids
        if low:
            person -= low
        if blank_row is not None:
            person[blank_row] = -1 - np.arange(int(blank_row.sum()))
        # Hashed in parts small enough for the processor's cache, this is about twice as quick: a repeat has
        # the same integer, so it falls in the same part as its first row, and a stable sort keeps each part
        # in file order. Half the parts are hashed in the other thread.
        part = (person & (_PARTS - 1)).astype(np.uint8)
        order = np.argsort(part, kind="stable")
        ordered = person[order]
        bounds = np.concatenate([[0], np.cumsum(np.bincount(part, minlength=_PARTS))])

        def repeats_in(parts: range) -> list[np.ndarray]:
            found = []
            for i in parts:
                first, last = bounds[i], bounds[i + 1]
                keys = pd.Series(ordered[first:last], copy=False)
                found.append(order[first:last][keys.duplicated(keep="first").to_numpy()])
            return found

        other = pool.submit(repeats_in, range(1, _PARTS, 2))
        return np.concatenate(repeats_in(range(0, _PARTS, 2)) + other.result())

    # Two threads besides this one: finding repeats (one hash of every person integer) is the longest step.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="wres-aggregate") as pool:
        within = pool.submit(within_group)
        # Organisation, year and (as a second copy of every group) bank, for the cell and the person alike.
        group = lookup("org_code", n_year)
        group += lookup("year")
        if exclude_bank:
            bank: np.ndarray | None = None
            for key in BANK_COLUMNS:
                if key in columns:
                    marks = columns[key].take(parsed[key].index == 1)
                    bank = marks if bank is None else bank | marks
            if bank is not None:
                np.add(group, groups, out=group, where=bank)
        # A bank row is never taken for a repeat of a substantive one (their groups differ), and blank rows
        # get keys no real row has.
        low = min(int(ids.min()), 0)  # non-negative identifiers need no shift
        span = int(ids.max()) - low + 1
        if 2 * groups * span >= 1 << 62:
            ids, uniques = pd.factorize(ids)
            low, span = 0, len(uniques) + 1
        repeated = pool.submit(find_repeats, pool)
        cell = group * per_group
        cell += within.result()
        if blank_row is not None:
            cell[blank_row] = 2 * size
        counts = np.bincount(cell, minlength=2 * size + 1) if dense else None
        dup_rows = repeated.result()
    dup_cells = cell[dup_rows]
    repeats = int(np.count_nonzero(dup_cells < size))
    bank_repeats = len(dup_rows) - repeats  # blank rows are never repeats (their keys are unique)
    if counts is not None:
        if len(dup_rows):
            counts -= np.bincount(dup_cells, minlength=2 * size + 1)
        bank_rows = int(counts[size:2 * size].sum()) + bank_repeats
        present = np.flatnonzero(counts[:size])
        return present, counts[present], bank_rows, repeats
    # Too many possible cells for a dense count (thousands of organisations over many years): sort instead.
    if len(dup_rows):
        cell = np.delete(cell, dup_rows)
    present, headcount = np.unique(cell, return_counts=True)
    bank_rows = int(headcount[(present >= size) & (present < 2 * size)].sum()) + bank_repeats
    keep = present < size
    return present[keep], headcount[keep], bank_rows, repeats


def _table(present: np.ndarray, headcount: np.ndarray, parsed: dict[str, _Parsed]) -> pd.DataFrame:
    """The workforce table from the cell counts: cells are numbered in output order, so no sort is needed."""
    import numpy as np
    import pyarrow as pa

    n_year, n_band = len(parsed["year"].canon), len(parsed["band"].canon)
    eth = present % _N_ETH
    rest = present // _N_ETH
    band = rest % n_band
    rest //= n_band
    staff_group = rest % _N_SG
    rest //= _N_SG

    def text(values: Sequence[str], codes: np.ndarray) -> pa.Array:
        return pa.array(list(values), pa.string()).take(pa.array(codes))

    # Plain text columns (pandas' str dtype), as a reader of the table expects.
    return pa.table({
        "org_code": text(parsed["org_code"].canon, rest // n_year),
        "year": pa.array(np.array(parsed["year"].canon, dtype=np.int64)[rest % n_year]),
        "staff_group": text(bands.STAFF_GROUPS, staff_group),
        "band": text(parsed["band"].canon, band),
        "ethnicity": text(ethnicity.GROUPS, eth),
        "headcount": pa.array(headcount.astype(np.int64)),
    }).to_pandas()


def _staff_ids(extract: _Extract) -> tuple[np.ndarray, np.ndarray | None]:
    """One integer per row identifying the staff member (as written: trimmed, case-insensitive)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if extract.ids is not None:
        return extract.ids, extract.ids_blank
    column = extract.columns.pop("staff_id")
    texts = pa.array([_as_text(v) for v in column.values], type=pa.string())
    normal = pc.utf8_upper(pc.utf8_trim_whitespace(texts))
    encoded = pc.dictionary_encode(normal)
    canon = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    blank_value = pc.equal(normal, "").to_numpy(zero_copy_only=False)
    ids = column.take(canon)
    blank = column.take(blank_value) if blank_value.any() else None
    extract.ids = ids
    extract.ids_blank = blank
    extract.id_dictionary = normal  # kept for the check that no fault shows an identifier
    return ids, blank


def _value_faults(extract: _Extract, parsed: dict[str, _Parsed], id_blank: np.ndarray | None,
                  blank_row: np.ndarray | None) -> list[Fault]:
    """Each distinct bad value per column once: its first row, and how many more rows carry it."""
    import numpy as np

    found: list[tuple[int, int, Fault]] = []
    order = {key: i for i, key in enumerate(REQUIRED + BANK_COLUMNS)}
    org_at = _org_lookup(extract, parsed)
    candidates: list[tuple[str, int, int, str, int, str]] = []  # key, row index, count, value, code, expected
    for key, p in parsed.items():
        if not p.bad:
            continue
        column = extract.columns[key]
        bad_value = np.zeros(len(p.index), dtype=bool)
        bad_value[list(p.bad)] = True
        rows = bad_value[column.codes]
        if blank_row is not None:
            rows &= ~blank_row
        where = np.flatnonzero(rows)
        if not len(where):
            continue
        codes, first, counts = np.unique(column.codes[where], return_index=True, return_counts=True)
        listed = np.argsort(where[first], kind="stable")
        for rank, j in enumerate(listed):
            code = int(codes[j])
            if rank == MAX_LISTED:
                rest = listed[MAX_LISTED:]
                index = int(where[first[rest]].min())
                found.append((index, order[key], Fault(
                    extract.file,
                    f"{len(rest):,} more distinct values in this column are not recognised, on "
                    f"{int(counts[rest].sum()):,} rows (the first shown here); {p.bad[code]}",
                    row=extract.row(index), column=column.header, org_code=org_at(index),
                )))
                break
            index = int(where[first[j]])
            candidates.append((key, index, int(counts[j]), _as_text(column.values[code]), code, p.bad[code]))
    hidden = _matches_staff_id(extract, [c[3] for c in candidates])
    for key, index, count, value, _code, expected in candidates:
        secret = value in hidden
        found.append((index, order[key], Fault(
            extract.file,
            expected + (f"; {_STAFF_ID_NOTE}" if secret else "") + _more(count - 1),
            row=extract.row(index), column=extract.columns[key].header,
            value=None if secret else value, org_code=org_at(index),
        )))
    if id_blank is not None:
        blank_ids = id_blank if blank_row is None else id_blank & ~blank_row
        where = np.flatnonzero(blank_ids)
        if len(where):
            index = int(where[0])
            found.append((index, order["staff_id"], Fault(
                extract.file,
                "the staff identifier is blank; every row needs one, so that a staff member on two rows is "
                "counted once" + _more(len(where) - 1),
                row=extract.row(index), column=extract.ids_header, org_code=org_at(index),
            )))
    return [fault for _, _, fault in sorted(found, key=lambda item: (item[0], item[1]))]


def _org_lookup(extract: _Extract, parsed: dict[str, _Parsed]) -> Callable[[int], str | None]:
    column, p = extract.columns["org_code"], parsed["org_code"]

    def org_at(index: int) -> str | None:
        position = int(p.index[column.codes[index]])
        return p.canon[position] if position >= 0 else None

    return org_at


def _matches_staff_id(extract: _Extract, values: list[str]) -> set[str]:
    """Which of these bad values are also a staff identifier in the file (they are then not shown)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not values:
        return set()
    normal = [v.strip().upper() for v in values]
    dictionary = extract.id_dictionary
    if dictionary is not None:
        inside = pc.is_in(pa.array(normal, type=pa.string()), value_set=dictionary).to_numpy(zero_copy_only=False)
        return {v for v, hit in zip(values, inside, strict=True) if hit}
    numbers = {v: int(t) for v, t in zip(values, normal, strict=True) if t.isdigit() and len(t) <= 18}
    if not numbers or extract.ids is None:
        return set()
    hits = np.isin(np.array(list(numbers.values()), dtype=np.int64), extract.ids)
    return {v for v, hit in zip(numbers, hits, strict=True) if hit}


# --- writing --------------------------------------------------------------------------------------

def write_workforce(result: AggregateResult, out_dir: str | Path) -> Path:
    """Write ``out_dir/workforce.csv`` (UTF-8, a header, ``\\n`` line ends), replacing it atomically.

    The table is written to a temporary file in the same folder and moved into place, so a reader never
    sees half a file and a failed run leaves the previous table as it was.

    Raises
    ------
    DataError
        When the folder cannot be made or written to.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> table = pd.DataFrame([["QHG", 2024, "clinical", "Band 6", "BME", 3]], columns=list(OUTPUT_COLUMNS))
    >>> path = write_workforce(AggregateResult(table, 3, 3, 0, 0), tempfile.mkdtemp())
    >>> path.read_text(encoding="utf-8")
    'org_code,year,staff_group,band,ethnicity,headcount\\nQHG,2024,clinical,Band 6,BME,3\\n'
    """
    folder = Path(out_dir)
    target = folder / OUTPUT_FILE
    temporary = folder / f".{OUTPUT_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with temporary.open("xb") as handle:
            _write_csv(result.workforce, handle)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise DataError(Fault(str(folder), f"the workforce table cannot be written here ({exc.strerror or exc}); "
                              "check the folder given to --out can be written to")) from None
    return target


def _write_csv(frame: pd.DataFrame, handle: Any) -> None:
    """Plain CSV (quotes only where a value needs them) through pyarrow's writer, pandas' when it cannot."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    frame = frame.loc[:, list(OUTPUT_COLUMNS)]
    handle.write((",".join(OUTPUT_COLUMNS) + "\n").encode("utf-8"))
    try:
        # Nothing in the table needs quoting (codes, years, group and band names), so none is written.
        table = pa.Table.from_pandas(frame, preserve_index=False)
        buffer = pa.BufferOutputStream()
        pacsv.write_csv(table, buffer, write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"))
        handle.write(buffer.getvalue().to_pybytes())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        handle.write(frame.to_csv(index=False, header=False, lineterminator="\n").encode("utf-8"))
