"""A corpus of bad and awkward input: each is read as an analyst would expect, or refused with a message
naming the file, row, column and value; nothing but a DataError ever escapes, and `wres` exits 2.

docs/excel.md lists the same cases with how each is handled.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wreslib.cli import main
from wreslib.data.contract import TABLES
from wreslib.data.read import Dataset, read_data
from wreslib.errors import DataError
from wreslib.measures.compute import compute_indicators

ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\nBBB,Beta ICB,ICB,London\n"
WF_HEADER = "org_code,year,staff_group,band,ethnicity,headcount\n"
WF = WF_HEADER + "AAA,2024,non-clinical,Band 5,White,80\nAAA,2024,non-clinical,Band 5,BME,20\n"
SURVEY_HEADER = "org_code,survey_year,indicator,ethnicity,respondents,percent\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how an old .xls file begins


def folder(**tables: str | bytes | None) -> Callable[[Path], Path]:
    """A data folder of CSV files; organisations and workforce default to clean tables. None leaves a table out."""

    def build(tmp: Path) -> Path:
        out = tmp / "data"
        out.mkdir()
        files = {"organisations.csv": ORGS, "workforce.csv": WF}
        files.update({(name if "." in name else f"{name}.csv"): text for name, text in tables.items()})
        for name, text in files.items():
            if text is None:
                continue
            path = out / name
            path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8", newline="")
        return out

    return build


XL_ORGS = [["org_code", "org_name", "org_type", "region"], ["AAA", "Alpha ICB", "ICB", "London"]]
XL_WF = [["org_code", "year", "staff_group", "band", "ethnicity", "headcount"],
         ["AAA", 2024, "non-clinical", "Band 5", "White", 80], ["AAA", 2024, "non-clinical", "Band 5", "BME", 20]]


def workbook(name: str = "book.xlsx", edit: Callable[[openpyxl.Workbook], None] | None = None,
             **sheets: list[list[object]] | None) -> Callable[[Path], Path]:
    """A workbook with organisations and workforce sheets unless given (None leaves a sheet out)."""

    def build(tmp: Path) -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in {"organisations": XL_ORGS, "workforce": XL_WF, **sheets}.items():
            if rows is None:
                continue
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        if edit:
            edit(book)
        path = tmp / name
        book.save(path)
        return path

    return build


@dataclass
class Case:
    build: Callable[[Path], Path]
    #: Expected fault lines (whole or key parts) in the stderr of `wres validate`; none means it reads clean.
    faults: tuple[str, ...] = ()
    #: Expected parts of warning lines in the stdout of `wres validate`.
    warnings: tuple[str, ...] = ()
    check: Callable[[Dataset], object] | None = field(default=None)


def headcounts(data: Dataset) -> list[int]:
    return list(data.table("workforce")["headcount"])


CASES: dict[str, Case] = {
    # --- encodings and separators -----------------------------------------------------------------
    "utf8_bom_excel_csv_utf8": Case(
        folder(workforce=b"\xef\xbb\xbf" + WF.encode()), check=lambda d: headcounts(d) == [80, 20]),
    "cp1252_names": Case(
        folder(organisations=ORGS.replace("Alpha", "Sant\xe9 Cl\xedodhna").encode("cp1252")),
        warnings=("organisations.csv: the file is not UTF-8; it was read as Windows-1252",),
        check=lambda d: d.organisation("AAA")["org_name"] == "Santé Clíodhna ICB"),
    "utf16_unicode_text": Case(
        folder(workforce=WF.replace(",", "\t").encode("utf-16")),
        warnings=("workforce.csv: the file is separated by tabs, not commas",),
        check=lambda d: headcounts(d) == [80, 20]),
    "semicolon_separated": Case(
        folder(workforce=WF.replace(",", ";")),
        warnings=("workforce.csv: the file is separated by semicolons, not commas, and was read as such",),
        check=lambda d: headcounts(d) == [80, 20]),
    "tab_separated": Case(
        folder(workforce=WF.replace(",", "\t")), warnings=("separated by tabs",),
        check=lambda d: headcounts(d) == [80, 20]),
    "crlf_line_endings": Case(
        folder(workforce=WF.replace("\n", "\r\n")), check=lambda d: headcounts(d) == [80, 20]),
    "old_mac_cr_line_endings": Case(
        folder(workforce=WF.replace("\n", "\r")), check=lambda d: headcounts(d) == [80, 20]),
    "trailing_commas": Case(
        folder(workforce=WF.replace("\n", ",\n")), check=lambda d: headcounts(d) == [80, 20]),
    "file_name_in_other_case": Case(
        folder(workforce=None, **{"Workforce.csv": WF}), check=lambda d: headcounts(d) == [80, 20]),
    # --- values analysts write -------------------------------------------------------------------
    "thousands_separator": Case(
        folder(workforce=WF_HEADER + 'AAA,2024,clinical,Band 5,White,"1,234"\n'),
        check=lambda d: headcounts(d) == [1234]),
    "trailing_spaces_and_lower_case": Case(
        folder(workforce=WF_HEADER + " aaa ,2024 , Clinical ,band 5 , white ,80 \n"),
        check=lambda d: d.table("workforce").iloc[0][["org_code", "band", "group"]].tolist()
        == ["AAA", "Band 5", "White"]),
    "header_with_spaces_hyphens_and_case": Case(
        folder(workforce="Org Code, YEAR ,Staff-Group,Band,Ethnicity,HeadCount\nAAA,2024,clinical,Band 5,A,7\n"),
        check=lambda d: headcounts(d) == [7]),
    "percent_with_sign": Case(
        folder(survey=SURVEY_HEADER + "AAA,2023,5,White,200,45%\n"),
        check=lambda d: list(d.table("survey")["percent"]) == [45.0]),
    "blank_rows_keep_row_numbers": Case(
        folder(workforce=WF_HEADER + "AAA,2024,clinical,Band 5,White,80\n\n,,,,,\n \nAAA,2024,clinical,Band 5,BME,x\n"),
        faults=("workforce.csv, row 6, column 'headcount', value 'x': expected a whole number 0 or more "
                "(a count of people)",)),
    "embedded_newline_counts_as_one_row": Case(
        folder(actions='org_code,year,indicator,status,text\nAAA,2024,1,planned,"Line one\nline two"\n'
                       "AAA,2024,2,done,Mentoring\n"),
        faults=("actions.csv, row 3, column 'status', value 'done': expected completed, in progress or planned",)),
    # --- wrong types and impossible values ---------------------------------------------------------
    "text_in_a_count": Case(
        folder(workforce=WF_HEADER + "AAA,2024,clinical,Band 5,White,twelve\n"),
        faults=("workforce.csv, row 2, column 'headcount', value 'twelve': expected a whole number 0 or more",)),
    "fractional_headcount": Case(
        folder(workforce=WF_HEADER + "AAA,2024,clinical,Band 5,White,12.5\n"),
        faults=("workforce.csv, row 2, column 'headcount', value '12.5': expected a whole number 0 or more (a count "
                "of people), not a fraction",)),
    "n_a_placeholder": Case(
        folder(workforce=WF_HEADER + "AAA,2024,clinical,Band 5,White,N/A\n"),
        faults=("workforce.csv, row 2, column 'headcount', value 'N/A': expected a whole number 0 or more (a count "
                "of people), not a placeholder for a missing figure; give the count (0 when there were none)",)),
    "dash_placeholder": Case(
        folder(training="org_code,year,ethnicity,accessed\nAAA,2024,White,-\n"),
        faults=("training.csv, row 2, column 'accessed', value '-': expected a whole number 0 or more (a count of "
                "people), not a placeholder",)),
    "absurd_headcount": Case(
        folder(workforce=WF_HEADER + 'AAA,2024,clinical,Band 5,White,"10,000,000"\n'),
        faults=("workforce.csv, row 2, column 'headcount', value '10,000,000': expected a count of people; this is "
                "more than the whole NHS workforce (at most 2,000,000 is accepted)",)),
    "negative_count": Case(
        folder(recruitment="org_code,year,ethnicity,shortlisted,appointed\nAAA,2024,White,-5,0\n"),
        faults=("recruitment.csv, row 2, column 'shortlisted', value '-5': expected a whole number 0 or more (a "
                "count of people), not a negative number",)),
    "financial_year": Case(
        folder(workforce=WF_HEADER + "AAA,2023/24,clinical,Band 5,White,3\n"),
        faults=("workforce.csv, row 2, column 'year', value '2023/24': expected a single year: the WRES year is the "
                "year of the 31 March snapshot, so write 2024 for 2023/24",)),
    "two_digit_year": Case(
        folder(workforce=WF_HEADER + "AAA,24,clinical,Band 5,White,3\n"),
        faults=("workforce.csv, row 2, column 'year', value '24': expected a year such as 2024",)),
    "percent_over_100": Case(
        folder(survey=SURVEY_HEADER + "AAA,2023,5,White,200,150\n"),
        faults=("survey.csv, row 2, column 'percent', value '150': expected a percentage from 0 to 100",)),
    "formula_text_in_a_csv": Case(
        folder(workforce=WF_HEADER + "AAA,2024,clinical,Band 5,White,=SUM(A1:A3)\n"),
        faults=("workforce.csv, row 2, column 'headcount', value '=SUM(A1:A3)': the cell holds a spreadsheet "
                "formula, not its value; in Excel copy the cells and use Paste Values, then save again",)),
    "yes_and_percent_disagree": Case(
        folder(survey="org_code,survey_year,indicator,ethnicity,respondents,percent,yes\nAAA,2023,5,BME,46,12,1\n"),
        faults=("survey.csv, row 2, column 'percent', value '12': percent (12) and yes (1) disagree: 1 of 46 "
                "respondents is 2.17%",)),
    "duplicate_rows": Case(
        folder(workforce=WF + "AAA,2024,non-clinical,Band 5,White,80\n"),
        faults=("workforce.csv, row 4: this row repeats the key of row 2 (org_code=AAA, year=2024, "
                "staff_group=non-clinical, band=Band 5, ethnicity=WHITE)",)),
    # --- broken files --------------------------------------------------------------------------------
    "zero_byte_file": Case(
        folder(training=b""),
        faults=("training.csv: the file is empty; it needs a header row and at least one data row, or remove the "
                "file if you have no data for this table",)),
    "header_only_file": Case(
        folder(training="org_code,year,ethnicity,accessed\n"),
        faults=("training.csv: the file has a header row but no data rows",)),
    "column_named_twice": Case(
        folder(workforce="org_code,year,staff_group,band,ethnicity,headcount,Headcount\n"
                         "AAA,2024,clinical,Band 5,A,3,4\n"),
        faults=("workforce.csv, row 1: the column 'headcount' appears more than once in the header; keep one",)),
    "unterminated_quote": Case(
        folder(training='org_code,year,ethnicity,accessed\nAAA,2024,White,3\n"AAA,2024,BME,4\nAAA,2024,Z,1\n'),
        faults=('training.csv, row 3: the file is not readable as CSV: a quote (") opens in this row and is never '
                "closed",)),
    "unquoted_comma_shifts_a_row": Case(
        folder(organisations="org_code,org_name,org_type,region\nAAA,Bedford, Luton ICB,ICB,East\nBBB,Beta,ICB,X\n"),
        faults=("organisations.csv, row 2: this row has 5 values but the header has 4 columns; a value with a comma "
                "in it needs quotes around it",)),
    "csv_that_is_really_xlsx": Case(
        folder(workforce=b"PK\x03\x04" + bytes(60)),
        faults=("workforce.csv: this file is an Excel workbook (or another zip archive), not CSV text; in Excel save "
                "the sheet as 'CSV UTF-8 (Comma delimited)'",)),
    "binary_junk": Case(
        folder(training=b"\x00\x01\x02garbage\x00\xff" * 20),
        faults=("training.csv: the file holds binary data, not CSV text",)),
    "folder_without_csvs": Case(
        folder(organisations=None, workforce=None, **{"notes.txt": "hello"}),
        faults=("organisations.csv: the required table organisations.csv is missing from",
                "workforce.csv: the required table workforce.csv is missing from")),
    "xls_given_as_data": Case(
        lambda tmp: (tmp / "book.xls").write_bytes(OLE + bytes(100)) and tmp / "book.xls",
        faults=("book.xls: this is an old-format Excel workbook (.xls), which is not read; open it in Excel and save "
                "it as 'Excel Workbook (.xlsx)'",)),
    "xlsm_given_as_data": Case(
        lambda tmp: (tmp / "book.xlsm").write_bytes(b"PK\x03\x04") and tmp / "book.xlsm",
        faults=("book.xlsm: macro-enabled workbooks (.xlsm) are not read",)),
    # --- Excel workbooks ----------------------------------------------------------------------------
    "excel_merged_title_above_header": Case(
        workbook(edit=lambda b: (b["workforce"].insert_rows(1, 2), b["workforce"].cell(1, 1, "Staff at 31 March"),
                                 b["workforce"].merge_cells("A1:F1"))),
        check=lambda d: list(d.table("workforce")["row"]) == [4, 5] and headcounts(d) == [80, 20]),
    "excel_title_rows_keep_excel_row_numbers": Case(
        workbook(workforce=[["WRES workforce"], ["Produced by the workforce team"], *XL_WF[:2],
                            ["AAA", 2024, "non-clinical", "Band 5", "BME", "-3"]]),
        faults=("book.xlsx [workforce], row 5, column 'headcount', value '-3': expected a whole number 0 or more "
                "(a count of people), not a negative number",)),
    "excel_repeated_header_rows": Case(
        workbook(workforce=[*XL_WF[:2], [], XL_WF[0], XL_WF[2]]),
        warnings=("book.xlsx [workforce]: row 4 repeats the header row (row 1) and was skipped",),
        check=lambda d: headcounts(d) == [80, 20]),
    "excel_empty_sheet": Case(
        workbook(training=[]),
        faults=("book.xlsx [training]: the sheet is empty; it needs a header row and at least one data row, or "
                "delete the sheet if you have no data for this table",)),
    "excel_missing_sheet": Case(
        workbook(workforce=None),
        faults=("book.xlsx: the required sheet 'workforce' is missing from book.xlsx",)),
    "excel_extra_sheet": Case(
        workbook(Pivot=[["a", "b"]]),
        warnings=("book.xlsx: the sheet 'Pivot' is not one of the tables wreslib reads and is ignored",)),
    "excel_two_sheets_for_one_table": Case(
        workbook(**{"Workforce ": XL_WF}),
        faults=("book.xlsx [Workforce ]: two sheets hold the workforce table ('workforce' and 'Workforce '); keep "
                "one",)),
    "excel_numbers_stored_as_floats": Case(
        workbook(workforce=[XL_WF[0], ["AAA", 2024.0, "clinical", "Band 5", "A", 80.0]]),
        check=lambda d: headcounts(d) == [80] and d.years("AAA") == [2024]),
    "excel_percent_formatted_cells": Case(
        workbook(survey=[SURVEY_HEADER.strip().split(","), ["AAA", 2023, 5, "White", 200, 0.455]],
                 edit=lambda b: setattr(b["survey"]["F2"], "number_format", "0.0%")),
        check=lambda d: list(d.table("survey")["percent"]) == [pytest.approx(45.5)]),
    "excel_date_in_year_column": Case(
        workbook(workforce=[XL_WF[0], ["AAA", datetime.date(2024, 3, 31), "clinical", "Band 5", "A", 3]]),
        faults=("book.xlsx [workforce], row 2, column 'year', value '2024-03-31': expected a year such as 2024",)),
    "excel_error_value": Case(
        workbook(workforce=[XL_WF[0], ["AAA", 2024, "clinical", "Band 5", "A", "#N/A"]]),
        faults=("book.xlsx [workforce], row 2, column 'headcount', value '#N/A': expected a whole number 0 or more "
                "(a count of people), not a placeholder",)),
    "excel_text_that_is_not_a_workbook": Case(
        lambda tmp: (tmp / "book.xlsx").write_text("org_code\nAAA\n") and tmp / "book.xlsx",
        faults=("book.xlsx: this file is not an Excel workbook (.xlsx)",)),
}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_corpus_holds_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", list(CASES))
def test_awkward_input_is_read_or_refused_with_a_named_fault(capsys, tmp_path, name):
    case = CASES[name]
    data_path = case.build(tmp_path)
    code, out, err = run(capsys, "validate", "--data", str(data_path))
    for text in ("Traceback", "internal error"):
        assert text not in out + err
    for warning in case.warnings:
        assert any(line.startswith("warning: ") and warning in line for line in out.splitlines()), (warning, out)
    if case.faults:
        assert code == 2, out + err
        for fault in case.faults:
            assert fault in err, (fault, err)
    else:
        assert code == 0, err
        assert "clean" in out
    code, out, err = run(capsys, "indicators", "--data", str(data_path), "--org", "AAA", "--year", "2024", "--json")
    assert "Traceback" not in err and "internal error" not in err
    if case.faults:
        assert (code, out) == (2, "")
    else:
        assert code == 0, err
        assert json.loads(out)["org_code"] == "AAA"
        if case.check is not None:
            assert case.check(read_data(data_path)), name


def test_row_numbers_after_an_embedded_newline_are_spreadsheet_rows_not_lines(tmp_path):
    data = read_data(CASES["embedded_newline_counts_as_one_row"].build(tmp_path))
    assert [(f.row, f.column) for f in data.faults] == [(3, "status")]  # the text file's line 4


def test_path_faults_are_data_errors(tmp_path):
    for build in (CASES["xls_given_as_data"].build, CASES["xlsm_given_as_data"].build):
        with pytest.raises(DataError):
            read_data(build(tmp_path))


# --- fuzzing: bad content never raises ------------------------------------------------------------

TABLE_NAMES = list(TABLES)
_TOKENS = st.sampled_from([
    "AAA", "BBB", "aaa ", "2024", "2023/24", "24", "clinical", "Band 5", "band 8A", "White", "BME", "A", "PD", "99",
    "Z", "", " ", "-3", "1,234", "12.5", "N/A", "-", "45%", "150", "=SUM(A1:A3)", '"', '""', "\n", "\r\n", ";", "\t",
    ",", "5", "yes", "true", "planned", "ICB", "\ufeff", "é", "10000000", "nan", "inf", "1e3",
])
_CELL = st.one_of(_TOKENS, st.text(max_size=8))


@st.composite
def csv_like(draw: st.DrawFn) -> tuple[str, str]:
    """A table name and CSV-ish text: often its real header, then rows of awkward cells and separators."""
    name = draw(st.sampled_from(TABLE_NAMES))
    columns = list(TABLES[name].accepted)
    header = draw(st.one_of(st.just(columns), st.permutations(columns), st.lists(_CELL, max_size=8)))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(_CELL, max_size=len(columns) + 2), max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return name, newline.join(sep.join(row) for row in [header, *rows])


def fuzz_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check_never_raises(path: Path) -> None:
    data = read_data(path)
    assert isinstance(data, Dataset)
    assert all(f.file for f in (*data.faults, *data.warnings))
    for code in data.org_codes:  # whatever was read, computing from it only ever raises a DataError
        for year in data.years(code) or [2024]:
            with contextlib.suppress(DataError):
                compute_indicators(data, code, year)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(TABLE_NAMES), content=st.binary(max_size=400))
def test_random_bytes_in_a_table_file_never_raise(tmp_path_factory, name, content):
    target = fuzz_folder(tmp_path_factory)
    folder(**{name: content})(target)
    check_never_raises(target / "data")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=csv_like(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_random_csv_like_text_in_a_table_file_never_raises(tmp_path_factory, table, encoding):
    name, text = table
    target = fuzz_folder(tmp_path_factory)
    folder(**{name: text.encode(encoding, errors="replace")})(target)
    check_never_raises(target / "data")


_XL_CELL = st.one_of(
    st.none(), st.integers(-10, 3_000_000), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1)),
    _TOKENS.filter(lambda t: not any(c in t for c in "\r\x00") and not t.startswith("=")),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=8).filter(
        lambda t: not t.startswith("=")),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(TABLE_NAMES), rows=st.lists(st.lists(_XL_CELL, max_size=8), max_size=6),
       real_header=st.booleans())
def test_random_cells_in_a_workbook_never_raise(tmp_path_factory, name, rows, real_header):
    target = fuzz_folder(tmp_path_factory)
    header = [list(TABLES[name].accepted)] if real_header else []
    path = workbook(**{name: [*header, *rows]})(target)
    check_never_raises(path)
