"""The project's exception types and the description of one fault in the input data.

Every message a user sees about bad input names the file, the spreadsheet row
(header = row 1), the column and the value, and says what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass


def located(file: str, message: str, row: int | None = None, column: str | None = None,
            value: str | None = None) -> str:
    """A message with where it belongs: file, spreadsheet row, column and value, each when known.

    Examples
    --------
    >>> located("workforce.csv", "expected a whole number", row=7, column="headcount")
    "workforce.csv, row 7, column 'headcount': expected a whole number"
    """
    where = [file]
    if row is not None:
        where.append(f"row {row}")
    if column is not None:
        where.append(f"column {column!r}")
    if value is not None:
        where.append(f"value {value!r}")
    return ", ".join(where) + ": " + message


@dataclass(frozen=True)
class Fault:
    """One problem found in the input data.

    Parameters
    ----------
    file : str
        File name as the analyst sees it (``workforce.csv``).
    message : str
        What is wrong and what is expected, as a sentence.
    row : int or None
        Spreadsheet row (the header is row 1); None for a whole-file fault.
    column : str or None
        Column name, when the fault is in one column.
    value : str or None
        The value as written in the file.
    org_code : str or None
        The organisation whose rows hold the fault; None when it affects every organisation.

    Examples
    --------
    >>> str(Fault("workforce.csv", "expected a whole number 0 or more", row=7, column="headcount", value="-3"))
    "workforce.csv, row 7, column 'headcount', value '-3': expected a whole number 0 or more"
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    org_code: str | None = None

    def __str__(self) -> str:
        return located(self.file, self.message, self.row, self.column, self.value)

    def as_dict(self) -> dict[str, object]:
        """The fault as a JSON-ready mapping."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "org_code": self.org_code,
            "message": self.message,
        }


class WresError(Exception):
    """Base class of every error wreslib raises on purpose."""


class DataError(WresError):
    """The input data cannot be used as it is; carries every fault found, not only the first."""

    def __init__(self, faults: list[Fault] | Fault | str, *, heading: str | None = None) -> None:
        if isinstance(faults, str):
            faults = [Fault("(input)", faults)]
        elif isinstance(faults, Fault):
            faults = [faults]
        self.faults: list[Fault] = list(faults)
        self.heading = heading
        super().__init__(self.describe())

    def describe(self) -> str:
        """A readable, multi-line account of every fault."""
        n = len(self.faults)
        head = self.heading or f"{n} problem{'s' if n != 1 else ''} in the input data"
        lines = [head + ":"] + [f"  - {fault}" for fault in self.faults]
        return "\n".join(lines)


class NotInDataError(DataError):
    """An organisation or year was asked for that the data does not hold."""


class ReportError(WresError):
    """A report could not be rendered (the notebook failed or the export failed)."""
