"""Reading WRES input: a data folder of CSV files, or one Excel workbook, into a validated :class:`Dataset`.

Both become the same thing before any check runs: per table, rows of text cells with their
spreadsheet row numbers (:mod:`wreslib.data.sources`). One validator (:mod:`wreslib.data.validate`)
then finds the header row, checks the columns and every cell, and types the values. Every fault is
collected (never only the first), each naming the file (``workforce.csv``, or ``book.xlsx [workforce]``
for a sheet), the spreadsheet row (header = row 1 when it is the first row), the column and the value,
and saying what is expected. A fault in one organisation's rows marks only that organisation as failed;
a fault that cannot be attributed to one organisation (a missing column, an unreadable file) fails
every organisation.

``Dataset``, ``group_totals`` and ``iter_faults`` live in :mod:`wreslib.data.dataset` and are
re-exported here, so ``from wreslib.data.read import read_data, Dataset`` keeps working.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from wreslib.data.contract import TABLES
from wreslib.data.dataset import Dataset, group_totals, iter_faults
from wreslib.data.sources import KNOWN_FILES, SourceRows, csv_rows, folder_entries, table_files, workbook_sources
from wreslib.data.validate import validate_sources
from wreslib.errors import DataError, Fault
from wreslib.lru import remember

__all__ = ["Dataset", "group_totals", "iter_faults", "read_data"]

log = logging.getLogger(__name__)

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
        entries = folder_entries(given)
        key = ("folder", str(given.resolve()), _folder_checksum(entries))
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


def _folder_checksum(entries: dict[str, Path]) -> str:
    digest = hashlib.sha256()
    for spec_name, path in table_files(entries).items():
        try:
            digest.update(TABLES[spec_name].file.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(TABLES[spec_name].file.encode() + b"\0unreadable\0")
    digest.update("\0".join(entries).encode())
    return digest.hexdigest()


def _assemble(source: str, sources: list[SourceRows], faults: list[Fault], warnings: list[Fault], checksum: str,
              labels: dict[str, str], files: tuple[str, ...]) -> Dataset:
    tables, found, cautions = validate_sources(sources, labels)
    return Dataset(source=source, tables=tables, faults=tuple(faults + found), warnings=tuple(warnings + cautions),
                   checksum=checksum, files=files, labels=labels)


def _read_folder(folder: Path, entries: dict[str, Path]) -> Dataset:
    faults: list[Fault] = []
    warnings: list[Fault] = []
    sources: list[SourceRows] = []
    labels: dict[str, str] = {}
    digest = hashlib.sha256()
    files = table_files(entries)
    for spec in TABLES.values():
        path = files.get(spec.name)
        if path is None:
            if spec.required_table:
                faults.append(Fault(spec.file, f"the required table {spec.file} is missing from {folder}; "
                                    f"it holds {spec.description}"))
            continue
        rows, read_faults, read_warnings, raw = csv_rows(path, spec)
        digest.update(spec.file.encode() + b"\0" + raw + b"\0")
        if path.name != spec.file:
            labels[spec.name] = path.name
        faults += read_faults
        warnings += read_warnings
        if rows is not None:
            sources.append(SourceRows(spec, path.name, rows))

    used = {p.name for p in files.values()}
    for other in entries:
        if other in used or other.lower() in KNOWN_FILES or other.startswith("."):
            continue
        hint = (" (a workbook is read when given itself to --data, with one sheet per table)"
                if other.lower().endswith((".xlsx", ".xls", ".xlsm")) else "")
        warnings.append(Fault(other, f"this file is not one of the tables wreslib reads and is ignored{hint}; "
                              f"table files are named {', '.join(s.file for s in TABLES.values())}"))
    # A file read but unusable (empty, unreadable) is still a file of the data: list it.
    listed = tuple(files[name].name for name in TABLES if name in files)
    return _assemble(str(folder), sources, faults, warnings, "sha256:" + digest.hexdigest(), labels, listed)


def _read_workbook(path: Path, raw: bytes) -> Dataset:
    checksum = "sha256:" + hashlib.sha256(raw).hexdigest()
    sources, faults, warnings, labels = workbook_sources(path, raw)
    if not labels:  # the workbook itself cannot be opened
        return Dataset(source=str(path), tables={}, faults=tuple(faults), warnings=(), checksum=checksum)
    return _assemble(str(path), sources, faults, warnings, checksum, labels, tuple(src.label for src in sources))
