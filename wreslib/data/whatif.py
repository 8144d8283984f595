"""A "what if" copy of a dataset: one count changed, checked by the same rules as the files, and marked.

An analyst asks "what if two more BME applicants had been appointed?" by changing a count and computing
again. The copy is checked exactly as the data files are (:func:`wreslib.data.validate.validate_table`:
the value's type, appointed at most shortlisted, one row per key), so a change the data could not hold is
refused with the same kind of message. Its ``source`` says what was changed and its ``checksum`` starts
``what-if:``, so a figure computed from it can never pass as one from the organisation's data: every
report, table and JSON made from it carries that provenance.

Examples
--------
>>> from pathlib import Path
>>> from wreslib.data.read import read_data
>>> data = read_data(Path(__file__).parents[2] / "data" / "example")
>>> more = what_if(data, "recruitment", "appointed", add=2, org_code="QHG", year=2024, ethnicity="BME")
>>> int(more.table("recruitment", "QHG", year=2024, ethnicity="BME")["appointed"].iloc[0])
11
>>> more.checksum.startswith("what-if:"), more.source.endswith("(what if: recruitment.csv appointed +2 where "
...                                                             "org_code = QHG, year = 2024, ethnicity = BME)")
(True, True)
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from wreslib.data.contract import TABLES
from wreslib.data.dataset import Dataset
from wreslib.data.sources import TableCells
from wreslib.data.validate import validate_table
from wreslib.errors import DataError, Fault

if TYPE_CHECKING:
    import pandas as pd


def _matches(frame: pd.DataFrame, where: dict[str, Any]) -> Any:
    """The rows chosen, as a boolean array; a ValueError names a column the table does not have."""
    mask = frame.index == frame.index  # every row
    for column, wanted in where.items():
        if column not in frame.columns or column == "row":
            raise ValueError(f"it has no column {column!r}")
        values = frame[column]
        if column == "org_code":
            wanted = str(wanted).strip().upper()
        elif column == "ethnicity" and "group" in frame.columns and str(wanted) in {"White", "BME", "Unknown"}:
            values = frame["group"]  # "BME" means every row of the BME group, whatever its code
        mask = mask & (values == wanted).to_numpy()
    return mask


def what_if(data: Dataset, table: str, column: str, *, add: float | None = None, set_to: float | None = None,
            **where: Any) -> Dataset:
    """A copy of ``data`` with ``column`` of the ``table`` rows chosen by ``where`` changed by ``add`` or
    set to ``set_to``.

    Parameters
    ----------
    data : Dataset
        From :func:`wreslib.read_data`; it is not changed.
    table, column : str
        The table and the count to change (``"recruitment"``, ``"appointed"``).
    add, set_to : number
        Exactly one: the change, or the new value.
    **where
        The rows to change, by column (``org_code="QHG", year=2024, ethnicity="BME"``). ``ethnicity`` of
        ``White``, ``BME`` or ``Unknown`` chooses every row of that group. Exactly one row must match
        unless the change is ``set_to``.

    Raises
    ------
    DataError
        Naming the table, the rows asked for and what to do: an unknown table or column, no row matching,
        several rows for an ``add``, or a result the data's rules refuse (a negative count, more appointed
        than shortlisted).
    """
    import pandas as pd

    if (add is None) == (set_to is None):
        raise _refused("what_if needs exactly one of add= (the change) or set_to= (the new value)")
    if table not in data.tables:
        known = ", ".join(sorted(data.tables))
        raise _refused(f"the data holds no table {table!r} to change; it holds {known}")
    spec = TABLES[table]
    label = data.label(table)
    frame = data.tables[table]
    if column not in spec.counts:
        raise _refused(Fault(label, f"{column!r} is not a count of {label}; its counts are "
                                     f"{', '.join(spec.counts) or 'none'}", column=column))
    asked = ", ".join(f"{k} = {v}" for k, v in where.items())
    try:
        mask = _matches(frame, where)
    except ValueError as exc:
        raise _refused(Fault(label, f"cannot choose rows by {asked}: {exc}; its columns are "
                                     f"{', '.join(spec.accepted)}")) from None
    chosen = int(mask.sum())
    if chosen == 0:
        raise _refused(Fault(label, f"no row has {asked}; check the values against the file"))
    if add is not None and chosen > 1:
        raise _refused(Fault(label, f"{chosen} rows have {asked}, so adding {add:g} is ambiguous; name one row "
                                     "(add year=, staff_group=, band= or ethnicity=)"))
    changed = frame.copy()
    old = changed.loc[mask, column]
    changed.loc[mask, column] = old + add if add is not None else set_to
    # Checked as the file would be: every cell as text, through the same validator.
    cells = {c: ["" if v is None or (isinstance(v, float) and pd.isna(v)) else _text(v) for v in changed[c]]
             for c in spec.accepted if c in changed.columns}
    clean, faults, _ = validate_table(spec, TableCells(label, 1, cells, [int(r) for r in changed["row"]]))
    if faults:
        raise _refused([Fault(f.file, f"what if {column} {_change(add, set_to)} where {asked}: {f.message}",
                               row=f.row, column=f.column, value=f.value, org_code=f.org_code) for f in faults])
    change = f"{label} {column} {_change(add, set_to)} where {asked}"
    checksum = "what-if:" + hashlib.sha256(f"{data.checksum}\n{change}".encode()).hexdigest()
    return Dataset(source=f"{data.source} (what if: {change})", tables={**data.tables, table: clean},
                   faults=data.faults, warnings=data.warnings, checksum=checksum, files=data.files,
                   labels=data.labels)


def _change(add: float | None, set_to: float | None) -> str:
    return f"{add:+g}" if add is not None else f"= {set_to:g}"


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _refused(faults: Fault | str | list[Fault]) -> DataError:
    return DataError(faults, heading="The what-if change cannot be made")
