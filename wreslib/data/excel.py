"""Excel workbooks in and out: a workbook's sheets as text cells, the data-entry template, and tables.

Reading turns each sheet into the text cells a CSV file of it would give (numbers as Excel stores
them, ``12.0`` as ``"12"``; dates as ISO text; empty cells ``""``), so that one validator
(:mod:`wreslib.data.read`) checks CSV folders and workbooks alike. Writing is atomic: the workbook is
saved to a temporary file beside the target and moved into place, so a reader never sees half a file.

openpyxl is imported inside the functions: ``import wreslib`` stays light.

References
----------
ECMA-376 / ISO/IEC 29500 (Office Open XML), as read and written by openpyxl.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.data import bands, ethnicity
from wreslib.data.contract import (
    ACTION_STATUSES,
    BENCHMARK_MEASURES,
    COMMENTARY_SECTIONS,
    INDICATOR_NUMBERS,
    MAX_COUNT,
    ORG_TYPES,
    REPORT_FIELDS,
    SURVEY_INDICATORS,
    TABLES,
    column_note,
)
from wreslib.errors import Fault

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: How an .xlsx (a zip archive) and an old .xls (an OLE2 compound file) begin.
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Sheets of the template that are not tables and are never reported as extra.
GUIDANCE_SHEET = "Guidance"

Rows = list[tuple[int, list[str]]]


# --- reading ---------------------------------------------------------------------------------------

def cell_text(value: object, number_format: str = "General") -> str:
    """One cell's value as the text a CSV of the sheet would hold.

    Whole numbers lose Excel's ``.0``; other numbers keep up to 15 significant digits (Excel's own
    precision, which also hides binary noise such as ``7.050000000000001``); a cell formatted as a
    percentage reads as Excel shows it (``0.45`` → ``45%``); dates read as ISO text; blanks as ``""``.

    Examples
    --------
    >>> cell_text(12.0), cell_text(7.050000000000001), cell_text(0.455, "0.0%"), cell_text(None)
    ('12', '7.05', '45.5%', '')
    >>> import datetime
    >>> cell_text(datetime.datetime(2024, 3, 31)), cell_text(True)
    ('2024-03-31', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in (number_format or ""):
            return _number_text(number * 100) + "%"
        if isinstance(value, int):
            return str(value)
        return _number_text(number)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _number_text(number: float) -> str:
    if not math.isfinite(number):
        return str(number)
    text = format(number, ".15g")
    if "e" in text:  # no exponents: "0.00001" reads as a percentage, "1e-05" would not
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class WorkbookCells:
    """What :func:`read_workbook_cells` found: every worksheet's title, and the cells of those asked for."""

    titles: tuple[str, ...] = ()
    sheets: dict[str, Rows] = field(default_factory=dict)
    #: Worksheets that could not be read, with the reason.
    sheet_errors: dict[str, str] = field(default_factory=dict)
    #: Set when the workbook itself cannot be opened.
    fault: Fault | None = None


def read_workbook_cells(raw: bytes, name: str, wanted: Callable[[str], bool] = lambda title: True) -> WorkbookCells:
    """Every worksheet's rows of text cells, keeping Excel's row numbers (blank rows included).

    Opened with openpyxl ``read_only=True, data_only=True``: a formula reads as the value Excel last
    calculated and saved. Never raises for bad content: a file that is not a workbook gives ``fault``.

    Parameters
    ----------
    raw : bytes
        The workbook's bytes.
    name : str
        The file name, for messages.
    wanted : callable
        Which sheet titles to read (the others are only listed).

    Returns
    -------
    WorkbookCells
    """
    if raw[:8] == OLE_MAGIC:
        return WorkbookCells(fault=Fault(name, "this is an old-format Excel workbook (.xls), which is not read; "
                                         "open it in Excel and save it as 'Excel Workbook (.xlsx)'"))
    if raw[:4] != XLSX_MAGIC:
        return WorkbookCells(fault=Fault(name, "this file is not an Excel workbook (.xlsx): it does not begin as "
                                         "one does (is it a CSV file renamed?); open it in Excel and save it as "
                                         "'Excel Workbook (.xlsx)'"))
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of unsupported extensions it skips; they hold no data
            book = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file can fail anywhere in the parser; never crash on input
        return WorkbookCells(fault=Fault(name, f"the file cannot be read as an Excel workbook ({_detail(exc)}); "
                                         "open it in Excel and save it again as 'Excel Workbook (.xlsx)'"))
    titles: list[str] = []
    sheets: dict[str, Rows] = {}
    errors: dict[str, str] = {}
    try:
        for sheet in book.worksheets:
            titles.append(sheet.title)
            if not wanted(sheet.title):
                continue
            try:
                sheets[sheet.title] = _sheet_rows(sheet)
            except Exception as exc:  # as above, for one damaged sheet
                errors[sheet.title] = _detail(exc)
    finally:
        book.close()
    return WorkbookCells(tuple(titles), sheets, errors)


def _sheet_rows(sheet: Any) -> Rows:
    # Some writers store a wrong <dimension>; forget it so that every row is read.
    sheet.reset_dimensions()
    rows: Rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # openpyxl fills in missing rows, so the position is Excel's row number.
        for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
            texts = [cell_text(c.value, getattr(c, "number_format", "General")) for c in cells]
            while texts and texts[-1] == "":
                texts.pop()
            rows.append((number, texts))
    return rows


def _detail(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


# --- writing -------------------------------------------------------------------------------------

def save_workbook(book: Workbook, path: str | Path) -> Path:
    """Save a workbook atomically: to a temporary file in the same folder, then ``os.replace``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        book.save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a workbook is for sharing
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def write_table_sheet(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]],
                      widths: dict[str, float] | None = None) -> None:
    """Fill a sheet with a bold, frozen header row and the rows; text is never taken as a formula."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None if v is None else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a reason or name beginning '=' stays text, never a live formula
    sheet.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = (widths or {}).get(name, max(12, len(str(name)) + 4))


# --- the data-entry template ---------------------------------------------------------------------

#: Columns whose values form a closed list: a dropdown in the template. Error style "warning" lets an
#: accepted variant through (``medical and dental`` for ``medical``); "stop" refuses anything else.
_DROPDOWNS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("organisations", "org_type"): (ORG_TYPES, "stop"),
    ("organisations", "synthetic"): (("true", "false"), "stop"),
    ("workforce", "staff_group"): (bands.STAFF_GROUPS, "warning"),
    ("survey", "indicator"): (tuple(str(i) for i in SURVEY_INDICATORS), "stop"),
    ("survey_benchmarks", "indicator"): (tuple(str(i) for i in SURVEY_INDICATORS), "stop"),
    ("actions", "status"): (ACTION_STATUSES, "stop"),
    ("commentary", "section"): (COMMENTARY_SECTIONS, "stop"),
    ("report_info", "field"): (REPORT_FIELDS, "stop"),
    ("benchmarks", "indicator"): (tuple(str(i) for i in INDICATOR_NUMBERS), "stop"),
    # Other measures are read too (a lower-case name), so the list only suggests.
    ("benchmarks", "measure"): (BENCHMARK_MEASURES, "warning"),
}
_WIDTHS = {"org_name": 40, "region": 20, "band": 18, "staff_group": 16, "survey_benchmark": 28, "benchmark": 28,
           "area": 24, "source": 36, "text": 70, "status": 14, "theme": 30, "outcome": 50, "section": 16,
           "field": 16, "value": 40, "measure": 22}
_BAND_EXAMPLES = ("band 8A", "Band 8a", "Bands 1 to 7", "Band 1 - 7", "band 8a - vsm", "vsm")


def _accepted(expected: str) -> str:
    """A validation message's "expected …" as a Guidance sentence: "Accepted: …"."""
    return "Accepted: " + expected.removeprefix("expected ").removeprefix("one of ") + "."


def _guidance_rows() -> list[tuple[str, ...]]:
    """The Guidance sheet's lines: (heading,) or (table, column, status, explanation)."""
    lines: list[tuple[str, ...]] = [
        ("How to fill in this workbook",),
        ("", "", "", "One sheet per table. Keep each sheet's name and its header row (row 1); enter the data "
                     "from row 2 down. Column order is free, and headers are read in any case with spaces or "
                     "hyphens for underscores ('Org Code' is org_code)."),
        ("", "", "", "The organisations and workforce sheets are required. The others are optional: delete the "
                     "sheet of a table you have no data for. A sheet left with only its header is reported as an "
                     "error, so that a table is never silently missing; a report then says in words which "
                     "indicators have no data."),
        ("", "", "", "Check the workbook with: wres validate --data this-workbook.xlsx. Every problem is listed "
                     "with its sheet, row, column and value. Then: wres indicators --data this-workbook.xlsx "
                     "--org CODE --year YYYY, or wres report."),
        ("", "", "", f"Counts are whole numbers 0 or more (1,234 is read; more than {MAX_COUNT:,} is refused as "
                     "more than the whole NHS workforce). Percentages are 0 to 100: 45.5 means 45.5%, and a cell "
                     "formatted as a percentage is read as Excel shows it."),
        ("", "", "", "year is the WRES year: the year of the 31 March workforce snapshot (2024 for 2023/24); "
                     "recruitment, disciplinary and training counts cover the 12 months to that 31 March. "
                     "survey_year is the NHS Staff Survey year: the WRES report for year Y uses survey year Y - 1."),
        ("", "", "", "Formulas are read as the value Excel last calculated, so save the workbook in Excel after "
                     "editing. Two rows with the same key (organisation, year, group, and staff group and band "
                     "where the table has them) are an error, never added together. Blank rows, title rows above "
                     "the header and repeated header rows are skipped. Extra columns and sheets are ignored "
                     "with a warning."),
        ("Tables and columns",),
        ("table", "column", "required?", "what to enter"),
    ]
    for spec in TABLES.values():
        lines.append((spec.name, "", "required table" if spec.required_table else "optional table",
                      spec.description[:1].upper() + spec.description[1:] + "."))
        for column in spec.accepted:
            if column in spec.one_of:
                status = "one of " + " or ".join(spec.one_of)
            elif column in spec.required:
                status = "required"
            else:
                status = "optional"
            lines.append(("", column, status, column_note(spec.name, column)))

    lines += [("Ethnicity",), ("", "", "", _accepted(ethnicity.EXPECTED) + " Group labels and codes are read in "
                                          "any case; blank means Unknown.")]
    labels = sorted(ethnicity.LABELS, key=lambda t: (ethnicity.GROUPS.index(ethnicity.LABELS[t]), t))
    lines += [("", label.capitalize() if label != "BME" and label != "BAME" else label, "label",
               f"read as {ethnicity.LABELS[label]}") for label in labels]
    lines += [("", code, "code", f"{name}: read as {ethnicity.ethnic_group(code)}")
              for code, name in ethnicity.CATEGORY_NAMES.items()]
    lines.append(("", "CA, PD, …", "ESR sub-code", "Two-character ESR sub-codes are read by their first character: "
                  f"CA as C ({ethnicity.ethnic_group('CA')}), PD as P ({ethnicity.ethnic_group('PD')})."))

    lines += [("Bands and grades",), ("", "", "", _accepted(bands.EXPECTED_BAND) + " Case and spaces do not matter.")]
    lines += [("", band, "AfC band", "") for band in bands.AFC_BANDS]
    lines += [("", grade, "medical grade", "") for grade in bands.MEDICAL_GRADES]
    lines += [("", name, "band range", "a published range; single bands are also rolled up into it")
              for name in bands.PUBLISHED_RANGES]
    lines.append(("", bands.NOT_RECORDED, "", "band not recorded"))
    lines += [("", example, "also read", f"as {bands.parse_band(example)}") for example in _BAND_EXAMPLES]

    lines += [("Staff groups",), ("", "", "", _accepted(bands.EXPECTED_STAFF_GROUP))]
    lines += [("", group, "staff group", "") for group in bands.STAFF_GROUPS]
    lines += [("", written, "also read", f"as {bands.parse_staff_group(written)}")
              for written in ("Medical and Dental", "Non clinical")]
    return lines


def write_template(path: str | Path) -> Path:
    """Write an empty WRES data workbook: a Guidance sheet, then one sheet per table of the data contract.

    Each table sheet has its header row (bold, frozen, with a note on each column), column widths, and
    a dropdown where the values form a closed list (staff group, organisation type, survey indicator,
    action status, commentary section, report_info field, benchmark indicator; the benchmark measures are
    suggested). Filled in, it is read by ``read_data`` like a data folder. ``wres template`` calls this.

    Parameters
    ----------
    path : str or Path
        Where to write the ``.xlsx`` file (replaced if it exists).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     book = openpyxl.load_workbook(write_template(Path(folder) / "wres.xlsx"))
    ...     book.sheetnames[:3], [c.value for c in book["recruitment"][1]]
    (['Guidance', 'organisations', 'workforce'], ['org_code', 'year', 'ethnicity', 'shortlisted', 'appointed'])
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from wreslib.version import VERSION

    book = Workbook()
    guide = book.active
    guide.title = GUIDANCE_SHEET
    guide.append([f"WRES data template (wreslib {VERSION})"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([])
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in _guidance_rows():
        guide.append(list(line))
        row = guide[guide.max_row]
        if len(line) == 1:
            row[0].font = Font(bold=True, size=12)
        elif line == ("table", "column", "required?", "what to enter") or (line[0] and not line[1]):
            for cell in row:
                cell.font = Font(bold=True)
        for cell in row:
            cell.alignment = wrap
    for letter, width in zip("ABCD", (20, 24, 18, 100), strict=True):
        guide.column_dimensions[letter].width = width

    required_fill = PatternFill("solid", fgColor="DDEBF7")
    optional_fill = PatternFill("solid", fgColor="EDEDED")
    for spec in TABLES.values():
        sheet = book.create_sheet(spec.name)
        header = list(spec.accepted)
        write_table_sheet(sheet, header, [], widths=_WIDTHS)
        for i, column in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=i)
            cell.fill = required_fill if column in spec.required else optional_fill
            note = column_note(spec.name, column)
            status = ("one of " + " or ".join(spec.one_of)) if column in spec.one_of else (
                "required" if column in spec.required else "optional")
            cell.comment = Comment(f"{column} ({status}): {note}", "wreslib", width=300, height=120)
            choice = _DROPDOWNS.get((spec.name, column))
            if choice is not None:
                values, style = choice
                letter = get_column_letter(i)
                check = DataValidation(
                    type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                    showErrorMessage=True, errorStyle=style, errorTitle=f"{column}",
                    error=f"{column} is one of: {', '.join(values)}",
                    showInputMessage=True, promptTitle=column, prompt=", ".join(values),
                )
                check.add(f"{letter}2:{letter}1048576")
                sheet.add_data_validation(check)
    return save_workbook(book, path)
