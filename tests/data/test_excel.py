"""Excel workbooks: read like a data folder (same results), the data-entry template, and indicators.xlsx."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest

from wreslib.data.contract import TABLES
from wreslib.data.excel import cell_text, write_template
from wreslib.data.read import read_data
from wreslib.errors import DataError
from wreslib.export import to_dict
from wreslib.measures.compute import compute_indicators

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "example"
YEARS = (2022, 2023, 2024)


def typed(text: str) -> object:
    """A CSV cell as a person types it into Excel: numbers become numbers, blanks empty cells."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def example_tables() -> dict[str, list[list[str]]]:
    return {path.stem: list(csv.reader(path.open(encoding="utf-8", newline="")))
            for path in sorted(EXAMPLE.glob("*.csv"))}


def workbook_from_example(path: Path, awkward: bool = False) -> Path:
    """The example folder as one workbook; ``awkward`` adds what real workbooks hold around the data."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in example_tables().items():
        sheet = book.create_sheet(f" {name.capitalize()} " if awkward else name)
        if awkward:
            sheet.append([f"WRES {name}: BLMK ICB"])  # a merged title over the header
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
            sheet.append(["Source: the published report"])
            sheet.append([])
        header, body = rows[0], rows[1:]
        sheet.append([h.replace("_", " ").title() if awkward else h for h in header])
        for i, row in enumerate(body):
            sheet.append([typed(c) for c in row])
            if awkward and i == 1:
                sheet.append([])  # a blank row
                sheet.append(list(header))  # the header repeated, as after a page break
    if awkward:
        book.create_sheet("Notes").append(["anything the analyst keeps beside the data"])
    book.save(path)
    return path


def results(data, year: int) -> dict:
    doc = to_dict(compute_indicators(data, "QHG", year))
    del doc["provenance"]["data_checksum"]
    return doc


# --- reading a workbook --------------------------------------------------------------------------

def as_folder(doc: dict, book: str = "book.xlsx") -> dict:
    """A result read from a workbook, with its sheet labels written as the folder's file names."""
    text = re.sub(re.escape(book) + r" \[\s*(\w+)\s*\]", lambda m: f"{m.group(1).lower()}.csv", json.dumps(doc))
    return json.loads(text)


def test_workbook_gives_the_same_indicators_as_the_csv_folder(tmp_path):
    book = read_data(workbook_from_example(tmp_path / "book.xlsx"))
    folder = read_data(EXAMPLE)
    assert book.faults == () and book.warnings == ()
    for year in YEARS:
        # Messages name where the data came from (the sheet in the workbook, the file in the folder); the
        # figures, statuses and everything else are identical.
        assert as_folder(results(book, year)) == results(folder, year), year


def test_awkward_workbook_gives_the_same_indicators_and_says_what_it_skipped(tmp_path):
    book = read_data(workbook_from_example(tmp_path / "book.xlsx", awkward=True))
    assert book.faults == ()
    for year in YEARS:
        assert as_folder(results(book, year))["indicators"] == results(read_data(EXAMPLE), year)["indicators"], year
    warnings = [str(w) for w in book.warnings]
    # Title rows 1-3, header on row 4, data from row 5; the blank row is 7 and the repeated header row 8.
    assert "book.xlsx [ Workforce ]: row 8 repeats the header row (row 4) and was skipped" in warnings
    assert any(w.startswith("book.xlsx: the sheet 'Notes' is not one of the tables") for w in warnings)
    # Rows keep Excel's numbers: the first data row is 5, the one after the repeated header 9.
    assert list(book.table("workforce")["row"][:3]) == [5, 6, 9]


def make_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ORGS = [["org_code", "org_name", "org_type", "region"], ["AAA", "Alpha ICB", "ICB", "London"]]
WF_HEADER = ["org_code", "year", "staff_group", "band", "ethnicity", "headcount"]


def test_fault_names_workbook_sheet_excel_row_column_and_value(tmp_path):
    path = make_book(tmp_path / "book.xlsx", {
        "organisations": ORGS,
        "workforce": [["Workforce at 31 March"], [], WF_HEADER,
                      ["AAA", 2024, "clinical", "Band 5", "White", 10], [], [],
                      ["AAA", 2024, "clinical", "Band 5", "BME", -3]],
    })
    assert [str(f) for f in read_data(path).faults] == [
        "book.xlsx [workforce], row 7, column 'headcount', value '-3': expected a whole number 0 or more "
        "(a count of people), not a negative number"]


def test_missing_required_sheet_is_a_fault_and_an_extra_sheet_a_warning(tmp_path):
    path = make_book(tmp_path / "book.xlsx", {"organisations": ORGS, "Staff": [WF_HEADER]})
    data = read_data(path)
    assert [str(f) for f in data.faults] == [
        "book.xlsx: the required sheet 'workforce' is missing from book.xlsx; it holds headcount at 31 March by "
        "staff group, band and ethnicity. Add a sheet named workforce (wres template writes a workbook with "
        "every sheet)"]
    assert any("the sheet 'Staff' is not one of the tables wreslib reads and is ignored" in str(w)
               for w in data.warnings)


@pytest.mark.parametrize(("rows", "expected"), [
    ([], "book.xlsx [board]: the sheet is empty; it needs a header row and at least one data row, or delete "
         "the sheet if you have no data for this table"),
    ([["org_code", "year", "ethnicity", "voting", "executive"]],
     "book.xlsx [board]: the sheet has a header row but no data rows; add the data, or delete the sheet if you "
     "have no data for this table"),
])
def test_empty_or_header_only_sheet_is_a_fault_as_for_csv(tmp_path, rows, expected):
    path = make_book(tmp_path / "book.xlsx", {
        "organisations": ORGS, "workforce": [WF_HEADER, ["AAA", 2024, "clinical", "Band 5", "A", 4]], "board": rows})
    assert expected in [str(f) for f in read_data(path).faults]


def test_checksum_is_sha256_of_the_workbook_bytes(tmp_path):
    path = workbook_from_example(tmp_path / "book.xlsx")
    assert read_data(path).checksum == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_old_xls_is_refused_with_advice_to_save_as_xlsx(tmp_path):
    path = tmp_path / "book.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(DataError, match=r"old-format Excel workbook \(\.xls\).*save it as 'Excel Workbook \(\.xlsx\)'"):
        read_data(path)


def test_xlsx_that_is_not_a_workbook_is_a_fault_not_a_crash(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_text("org_code,org_name\nAAA,Alpha\n")
    assert [f.message for f in read_data(path).faults] == [
        "this file is not an Excel workbook (.xlsx): it does not begin as one does (is it a CSV file renamed?); "
        "open it in Excel and save it as 'Excel Workbook (.xlsx)'"]
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert read_data(path).faults[0].message.startswith("the file cannot be read as an Excel workbook")


def test_cells_read_as_excel_shows_them(tmp_path):
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["org_code", "survey_year", "indicator", "ethnicity", "respondents", "percent"])
    sheet.append(["AAA", 2023.0, 5, "White", 227.0, 0.0705])
    sheet["F2"].number_format = "0.00%"
    sheet.append(["AAA", datetime.datetime(2023, 3, 31), 5, "BME", 46, 2.17])
    book.create_sheet("organisations")
    for row in ORGS:
        book["organisations"].append(row)
    book.create_sheet("workforce").append(WF_HEADER)
    book["workforce"].append(["AAA", 2024, "clinical", "Band 5", "A", 4])
    book.save(tmp_path / "book.xlsx")
    data = read_data(tmp_path / "book.xlsx")
    survey = data.table("survey")
    assert list(survey["percent"]) == [pytest.approx(7.05)]
    assert list(survey["survey_year"]) == [2023]
    assert [str(f) for f in data.faults] == [
        "book.xlsx [survey], row 3, column 'survey_year', value '2023-03-31': expected a year such as 2024 "
        "(a whole number from 2010 to 2100)"]


@pytest.mark.parametrize(("value", "number_format", "text"), [
    (12.0, "General", "12"), (7.050000000000001, "General", "7.05"), (1e-05, "General", "0.00001"),
    (0.455, "0.0%", "45.5%"), (1234567, "#,##0", "1234567"), (None, "General", ""), (False, "General", "false"),
    ("  Band 5 ", "General", "  Band 5 "),
])
def test_cell_text_is_what_a_csv_of_the_sheet_holds(value, number_format, text):
    assert cell_text(value, number_format) == text


def test_read_data_of_a_csv_file_says_to_give_a_folder_or_workbook(tmp_path):
    path = tmp_path / "workforce.csv"
    path.write_text("x")
    with pytest.raises(DataError, match=r"expected a data folder .* or an Excel workbook \(\.xlsx\)"):
        read_data(path)


def test_cli_takes_a_workbook_for_data(tmp_path, capsys):
    from wreslib.cli import main

    path = workbook_from_example(tmp_path / "book.xlsx")
    assert main(["indicators", "--data", str(path), "--org", "QHG", "--year", "2024", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["indicators"]["2"]["relative_likelihood"] == pytest.approx(3.44, abs=0.005)
    assert main(["validate", "--data", str(path)]) == 0
    assert "clean" in capsys.readouterr().out


# --- the template --------------------------------------------------------------------------------

def test_template_has_guidance_then_one_sheet_per_table(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Guidance", *TABLES]
    for spec in TABLES.values():
        sheet = book[spec.name]
        assert [c.value for c in sheet[1]] == list(spec.accepted)
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 12
    lists = {(name, str(dv.sqref)[0]): dv.formula1
             for name in TABLES for dv in book[name].data_validations.dataValidation}
    assert lists[("workforce", "C")] == '"non-clinical,clinical,medical,other"'
    assert lists[("organisations", "C")] == '"ICB,Trust,Other"'
    assert lists[("survey", "C")] == '"5,6,7,8"'
    assert lists[("actions", "D")] == '"completed,in progress,planned"'
    guide = "\n".join(str(c.value) for row in book["Guidance"].iter_rows() for c in row if c.value)
    for text in ("survey year Y - 1", "31 March", "0 to 100", "whole numbers", "Band 8a-VSM", "Consultant",
                 "Not stated: read as Unknown", "CA as C (White)", "one of percent or yes", "required table",
                 "optional table", "Bands 1 to 7", "as Band 1-7"):
        assert text in guide, text


def test_template_has_the_commentary_report_info_and_benchmarks_sheets(tmp_path):
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert [c.value for c in book["commentary"][1]] == ["org_code", "year", "section", "text"]
    assert [c.value for c in book["report_info"][1]] == ["org_code", "year", "field", "value"]
    assert [c.value for c in book["benchmarks"][1]] == ["benchmark", "year", "indicator", "measure", "value",
                                                        "source"]
    assert [c.value for c in book["actions"][1]] == ["org_code", "year", "indicator", "status", "text", "action_id",
                                                     "theme", "outcome", "review", "owner", "due"]
    lists = {(name, str(dv.sqref)[0]): (dv.formula1, dv.errorStyle)
             for name in ("commentary", "report_info", "benchmarks")
             for dv in book[name].data_validations.dataValidation}
    sections = ",".join(["introduction", *(f"indicator_{i}" for i in range(1, 10)), "conclusion"])
    assert lists[("commentary", "C")] == (f'"{sections}"', "stop")
    assert lists[("report_info", "C")] == ('"predecessor,approved_by,approval_date,contributors,board_ask"', "stop")
    assert lists[("benchmarks", "C")] == ('"1,2,3,4,5,6,7,8,9"', "stop")
    assert lists[("benchmarks", "D")][1] == "warning"  # other measure names are accepted too
    notes: dict[tuple[str, str], str] = {}
    table = None
    for r in book["Guidance"].iter_rows():
        if r[0].value in TABLES and not r[1].value:
            table = r[0].value
        elif table and r[1].value:
            notes[(table, r[1].value)] = r[3].value
    guide = "\n".join(str(c.value) for row in book["Guidance"].iter_rows() for c in row if c.value)
    for text in ("1;2;4;7", "predecessor", "approved_by", "-8.6", "indicator_1 to indicator_9", "Quarterly"):
        assert text in guide, text
    # Every column of the new tables, and the action plan's new columns, has a note in plain English.
    for name in ("commentary", "report_info", "benchmarks", "actions"):
        for column in TABLES[name].accepted:
            assert len(notes.get((name, column)) or "") > 20, (name, column)
    assert "several" in notes[("actions", "indicator")] and "shown under each" in notes[("actions", "indicator")]


def test_filled_in_template_reads_clean_and_gives_the_csv_results(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    for name, rows in example_tables().items():
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        given = rows[0]
        for row in rows[1:]:
            by_name = dict(zip(given, row, strict=True))
            sheet.append([typed(by_name.get(column, "")) for column in header])
    book.save(path)
    data = read_data(path)
    assert data.faults == () and data.warnings == ()
    for year in YEARS:
        assert as_folder(results(data, year), "t.xlsx") == results(read_data(EXAMPLE), year), year


def test_template_is_replaced_atomically(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_text("old")
    write_template(path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Guidance"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]


# --- indicators.xlsx -----------------------------------------------------------------------------

def test_report_tables_include_indicators_xlsx_with_the_csv_rows(tmp_path):
    from wreslib.products import report

    report.build(EXAMPLE, "QHG", 2024).write_tables(tmp_path)
    with open(tmp_path / "indicators.csv", encoding="utf-8-sig") as handle:
        csv_rows = list(csv.reader(handle))
    assert not csv_rows[0][0].startswith("#")  # no comment line: the header comes first
    book = openpyxl.load_workbook(tmp_path / "indicators.xlsx")
    xlsx_rows = [[c.value for c in row] for row in book["indicators"].iter_rows()]
    assert xlsx_rows[0] == csv_rows[0]
    assert len(xlsx_rows) == len(csv_rows) > 20

    def same(cell: object, text: str) -> bool:  # Excel keeps numbers, not their text: 1.0 reads back as 1
        if cell is None:
            return text == ""
        if isinstance(cell, (bool, str)):
            return str(cell) == text
        return float(text) == pytest.approx(cell)

    for xlsx_row, csv_row in zip(xlsx_rows[1:], csv_rows[1:], strict=True):
        assert all(same(c, t) for c, t in zip(xlsx_row, csv_row, strict=True)), (xlsx_row, csv_row)
    provenance = {r[0].value: r[1].value for r in book["provenance"].iter_rows(min_row=2)}
    assert provenance["data_checksum"] == read_data(EXAMPLE).checksum
    assert provenance["parameters.org_code"] == "QHG" and provenance["parameters.year"] == 2024
    assert "software.wreslib" in provenance


@pytest.mark.notebook
def test_rendered_report_folder_holds_indicators_xlsx(rendered_example):
    book = openpyxl.load_workbook(rendered_example / "indicators.xlsx")
    assert book.sheetnames == ["indicators", "provenance"]
    assert book["indicators"].max_row > 10


@pytest.mark.notebook
def test_report_renders_from_a_workbook(tmp_path):
    from wreslib.pipeline.render import render_report

    book = workbook_from_example(tmp_path / "book.xlsx")
    outcome = render_report(book, "QHG", 2024, tmp_path / "out")
    html = (outcome.folder / "report.html").read_text(encoding="utf-8")
    assert read_data(book).checksum in html and "3.44" in html
    assert (outcome.folder / "indicators.xlsx").stat().st_size > 0
