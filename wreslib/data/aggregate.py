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
import logging
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.data import bands, ethnicity
from wreslib.data.contract import TABLES
from wreslib.data.convert import (
    BadValue,
    clean_text,
    parse_band,
    parse_boolean,
    parse_ethnic_group,
    parse_org_code,
    parse_staff_group,
    parse_year,
)
from wreslib.data.extract import (
    BANK_COLUMNS,
    PREFERRED_SHEETS,
    REQUIRED,
    Column,
    Extract,
    as_text,
    empty_fault,
    heading,
    more_rows,
    read_extract,
)
from wreslib.errors import DataError, Fault

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "BANK_COLUMNS",
    "OUTPUT_COLUMNS",
    "OUTPUT_FILE",
    "PREFERRED_SHEETS",
    "REQUIRED",
    "AggregateResult",
    "aggregate_records",
    "write_workforce",
]

log = logging.getLogger(__name__)

#: The columns of the table written, in order (the workforce table of the data contract).
OUTPUT_COLUMNS: tuple[str, ...] = TABLES["workforce"].required
OUTPUT_FILE = "workforce.csv"
#: Distinct bad values listed per column before the rest are summarised in one line.
MAX_LISTED = 20
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


# --- parsing each distinct value once -------------------------------------------------------------

def _bank_flag(text: str) -> bool:
    try:
        return parse_boolean(text)
    except BadValue:
        raise BadValue("expected true or false (yes/no, Y/N or 1/0) saying whether the row is a bank "
                       "assignment; blank means not bank") from None


def _bank_category(text: str) -> bool:
    return clean_text(text).lower() == "bank"


_PARSERS: dict[str, Callable[[str], Any]] = {
    "org_code": parse_org_code,
    "year": parse_year,
    "staff_group": parse_staff_group,
    "band": parse_band,
    "ethnic_category": parse_ethnic_group,
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


def _parse_column(key: str, column: Column) -> _Parsed:
    import numpy as np

    parse = _PARSERS[key]
    texts = [as_text(v) for v in column.values]
    parsed: list[Any] = []
    bad: dict[int, str] = {}
    for code, text in enumerate(texts):
        try:
            parsed.append(parse(text))
        except BadValue as exc:
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
    extract = read_extract(path)
    return _aggregate(extract, exclude_bank=exclude_bank)


def _aggregate(extract: Extract, *, exclude_bank: bool) -> AggregateResult:
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
        raise empty_fault(extract.file, header_only=True)

    faults = _value_faults(extract, parsed, id_blank, blank_row)
    if faults:
        raise DataError(faults, heading=heading(extract.file, len(faults)))

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


def _count(extract: Extract, parsed: dict[str, _Parsed], ids: np.ndarray, blank_row: np.ndarray | None,
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


def _staff_ids(extract: Extract) -> tuple[np.ndarray, np.ndarray | None]:
    """One integer per row identifying the staff member (as written: trimmed, case-insensitive)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if extract.ids is not None:
        return extract.ids, extract.ids_blank
    column = extract.columns.pop("staff_id")
    texts = pa.array([as_text(v) for v in column.values], type=pa.string())
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


def _value_faults(extract: Extract, parsed: dict[str, _Parsed], id_blank: np.ndarray | None,
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
            candidates.append((key, index, int(counts[j]), as_text(column.values[code]), code, p.bad[code]))
    hidden = _matches_staff_id(extract, [c[3] for c in candidates])
    for key, index, count, value, _code, expected in candidates:
        secret = value in hidden
        found.append((index, order[key], Fault(
            extract.file,
            expected + (f"; {_STAFF_ID_NOTE}" if secret else "") + more_rows(count - 1),
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
                "counted once" + more_rows(len(where) - 1),
                row=extract.row(index), column=extract.ids_header, org_code=org_at(index),
            )))
    return [fault for _, _, fault in sorted(found, key=lambda item: (item[0], item[1]))]


def _org_lookup(extract: Extract, parsed: dict[str, _Parsed]) -> Callable[[int], str | None]:
    column, p = extract.columns["org_code"], parsed["org_code"]

    def org_at(index: int) -> str | None:
        position = int(p.index[column.codes[index]])
        return p.canon[position] if position >= 0 else None

    return org_at


def _matches_staff_id(extract: Extract, values: list[str]) -> set[str]:
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
