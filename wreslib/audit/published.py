"""Published figures: ``published.csv`` read and checked through the data layer, one typed figure per row.

The table is part of the data contract (``wreslib.data.contract.TABLES["published"]``): in a data folder
it is read with every other table by :func:`wreslib.data.read.read_data`; named on its own (``wres audit
--published FILE``) it is read by :func:`read_published` through the same CSV reader and cell checks. Either
way each cell's type has been checked (year, indicator 1-9, a measure name, a value as printed). This
module adds the checks that need the audit's vocabulary, each a fault naming the file, the spreadsheet row,
the column and the value, and saying what to write:

- the measure is one of the indicator's (:mod:`wreslib.audit.vocabulary`), about a group it takes;
- ``staff_group`` and ``band`` are given for indicator 1 only;
- the value is a number for a measure and words for a direction; a count is a whole number with no unit;
  a ratio is not printed in percentage points.

References
----------
``data-contract.md``, "Published figures (for ``wres audit``)".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.audit.printed import Direction, Printed, parse_direction, parse_printed
from wreslib.audit.vocabulary import CHANGE, COUNT, PP, RATIO, MeasureSpec, parse_measure_name
from wreslib.data.contract import TABLES
from wreslib.data.convert import BadValue
from wreslib.errors import DataError, Fault

if TYPE_CHECKING:
    import pandas as pd

    from wreslib.data.dataset import Dataset

__all__ = ["PublishedFigure", "figures_of", "published_figures", "read_published"]

PUBLISHED = "published"


@dataclass(frozen=True)
class PublishedFigure:
    """One row of published.csv, checked and typed.

    ``measure`` is the name as written (tidied); ``spec`` its base measure; ``group`` the ethnic group it
    is about (``All`` for a total, None for a measure about no one group); ``printed`` the number as
    printed (None for a direction), ``direction`` the words of a direction (None for a number).
    """

    file: str
    row: int
    org_code: str
    year: int
    indicator: int
    measure: str
    spec: MeasureSpec
    group: str | None
    staff_group: str | None
    band: str | None
    text: str
    source: str = ""
    printed: Printed | None = None
    direction: Direction | None = None

    @property
    def identity(self) -> tuple[Any, ...]:
        """What the figure is, wherever it is printed: indicator, base measure, group, cell, year."""
        return (self.indicator, self.spec.base, self.group, self.staff_group, self.band, self.year)


def read_published(path: str | Path) -> tuple[pd.DataFrame, str]:
    """Read a published-figures CSV named on its own; returns its valid rows and its label for messages.

    Raises
    ------
    DataError
        When the file does not exist, cannot be read, lacks a required column, or has a bad cell (every
        fault listed, each naming the file, row, column and value).

    Examples
    --------
    >>> from pathlib import Path
    >>> rows, label = read_published(Path(__file__).parents[2] / "data" / "example" / "published.csv")
    >>> label, sorted(set(rows["org_code"]))
    ('published.csv', ['QHG'])
    """
    from wreslib.data.sources import SourceRows, csv_rows
    from wreslib.data.validate import validate_sources

    given = Path(path)
    if not given.is_file():
        raise DataError(Fault(str(given), "this published-figures file does not exist; check the path given to "
                              "--published (a CSV with columns org_code, year, indicator, measure, value)"))
    if given.suffix.lower() != ".csv":
        raise DataError(Fault(given.name, "expected a CSV file of published figures (columns org_code, year, "
                              "indicator, measure, value; optional source, staff_group, band, group); in Excel "
                              "save the sheet as 'CSV UTF-8 (Comma delimited)', or put a 'published' sheet in "
                              "the data workbook"))
    spec = TABLES[PUBLISHED]
    rows, faults, _warnings, _raw = csv_rows(given, spec)
    if rows is None:
        raise DataError(faults)
    tables, found, _cautions = validate_sources([SourceRows(spec, given.name, rows)], {PUBLISHED: given.name})
    faults += found
    if faults:
        raise DataError(faults, heading=f"{given.name} has {len(faults)} problem{'s' if len(faults) != 1 else ''}; "
                        f"correct {'them' if len(faults) != 1 else 'it'} and run again")
    return tables[PUBLISHED], given.name


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _figure(row: dict[str, Any], label: str) -> tuple[PublishedFigure | None, list[Fault]]:
    faults: list[Fault] = []
    number, org = int(row["row"]), str(row["org_code"])

    def fault(column: str, value: str | None, message: str) -> None:
        faults.append(Fault(label, message, row=number, column=column, value=value, org_code=org))

    indicator, measure, text = int(row["indicator"]), str(row["measure"]), str(row["value"])
    group = _text(row.get("group"))
    staff_group, band = _text(row.get("staff_group")), _text(row.get("band"))
    try:
        spec, group, is_direction = parse_measure_name(indicator, measure, group)
    except BadValue as bad:
        fault("measure", measure, str(bad))
        return None, faults
    if not spec.cells:
        for column, value in (("staff_group", staff_group), ("band", band)):
            if value is not None:
                fault(column, value, f"a {column} is given for indicator 1 figures only; leave it blank for "
                      f"indicator {indicator}")
    printed = direction = None
    if is_direction:
        try:
            direction = parse_direction(text)
        except BadValue as bad:
            fault("value", text, f"{measure} is a direction, so its value is words: " + str(bad))
    else:
        try:
            printed = parse_printed(text)
        except BadValue:
            fault("value", text, f"{measure} is a figure, so its value is a number as printed (0.52, 25%, -8.6pp, "
                  f"96); for the words of a sentence use the measure {measure}_direction")
        else:
            if spec.kind == COUNT and (printed.decimals or printed.unit or printed.value < 0):
                fault("value", text, f"{measure} is a count: expected a whole number 0 or more with no unit, or a "
                      "bound such as <5")
            elif spec.kind == RATIO and printed.unit == "pp":
                fault("value", text, f"{measure} is a ratio, not a difference in percentage points; write it as "
                      "printed, such as 0.52")
            elif spec.kind not in (PP, RATIO, CHANGE) and printed.value < 0:
                fault("value", text, f"{measure} cannot be negative; a difference belongs in a measure ending _pp "
                      "or _change")
    if faults:
        return None, faults
    return PublishedFigure(
        file=label, row=number, org_code=org, year=int(row["year"]), indicator=indicator, measure=measure,
        spec=spec, group=group, staff_group=staff_group, band=band, text=text, source=_text(row.get("source")) or "",
        printed=printed, direction=direction,
    ), []


def published_figures(rows: pd.DataFrame, org_code: str, label: str = "published.csv") -> tuple[PublishedFigure, ...]:
    """The published figures of one organisation, checked; every fault found is raised together.

    Parameters
    ----------
    rows : pandas.DataFrame
        Valid rows of the published table (``Dataset.rows("published")`` or :func:`read_published`).
    org_code : str
        The organisation whose figures are wanted.
    label : str
        How messages name the file (``published.csv``, or ``book.xlsx [published]``).

    Raises
    ------
    DataError
        When a row of this organisation names a measure the audit does not know, a group the measure does
        not take, a staff group or band outside indicator 1, or a value of the wrong kind; or when the
        organisation has no published figures at all.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame([{"row": 2, "org_code": "AAA", "year": 2024, "indicator": 4,
    ...                       "measure": "relative_likelihood", "value": "0.52", "source": "table",
    ...                       "staff_group": None, "band": None, "group": None}])
    >>> [f.printed.value for f in published_figures(rows, "AAA")]
    [Fraction(13, 25)]
    """
    mine = rows[rows["org_code"] == org_code] if not rows.empty else rows
    if mine.empty:
        present = sorted(set(rows["org_code"])) if not rows.empty else []
        raise DataError(Fault(label, f"no published figures for {org_code}"
                              + (f"; the organisations it has figures for are {', '.join(present)}" if present
                                 else "; the file has no rows")
                              + ". Add rows with org_code " + org_code + " (one per figure printed in the report)"))
    figures, faults = [], []
    for row in mine.to_dict("records"):
        figure, found = _figure(row, label)
        faults += found
        if figure is not None:
            figures.append(figure)
    if faults:
        raise DataError(faults, heading=f"{label} has {len(faults)} problem{'s' if len(faults) != 1 else ''} in "
                        f"the figures of {org_code}; correct {'them' if len(faults) != 1 else 'it'} and run again")
    return tuple(figures)


def figures_of(data: Dataset, org_code: str) -> tuple[PublishedFigure, ...] | None:
    """The organisation's published figures from the data's own published table, or None when it has none."""
    if not data.has(PUBLISHED):
        return None
    rows = data.rows(PUBLISHED, org_code)
    if rows.empty:
        return None
    return published_figures(rows, org_code, data.label(PUBLISHED))
