"""Record-level aggregation: an ESR-style extract to the workforce table (wreslib/data/aggregate.py).

Every expected count below is counted by hand from the rows written in the test, never taken from the code.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wreslib.data import bands, ethnicity
from wreslib.data.aggregate import AggregateResult, aggregate_records, write_workforce
from wreslib.errors import DataError

HEADER = "org_code,year,staff_id,staff_group,band,ethnic_category\n"
ORGS = "org_code,org_name,org_type,region\nQHG,Alpha ICB,ICB,London\nRXH,Beta Trust,Trust,London\n"


def extract(tmp_path: Path, body: str, header: str = HEADER, name: str = "esr.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def cells(result: AggregateResult) -> dict[tuple, int]:
    """The workforce table as {(org, year, staff group, band, ethnicity): headcount}."""
    frame = result.workforce
    return {(r.org_code, r.year, r.staff_group, r.band, r.ethnicity): r.headcount for r in frame.itertuples()}


def faults_of(path: Path, **options) -> list[str]:
    with pytest.raises(DataError) as caught:
        aggregate_records(path, **options)
    return [str(f) for f in caught.value.faults]


# --- counting ------------------------------------------------------------------------------------

def test_counts_each_staff_member_in_their_band_group_and_ethnic_group(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,101,non-clinical,Band 5,A\n"      # White
        "QHG,2024,102,non-clinical,Band 5,B\n"      # White
        "QHG,2024,103,non-clinical,Band 5,CA\n"     # White (ESR sub-code of C)
        "QHG,2024,104,non-clinical,Band 5,N\n"      # BME
        "QHG,2024,105,non-clinical,Band 6,PD\n"     # BME (sub-code of P)
        "QHG,2024,106,non-clinical,Band 6,Z\n"      # Unknown (not stated)
        "QHG,2024,107,clinical,Band 5,99\n"         # Unknown (not known)
        "QHG,2024,108,clinical,Band 5,\n"           # Unknown (blank)
        "QHG,2023,101,non-clinical,Band 5,A\n"      # the same person a year earlier counts in 2023
    ))
    result = aggregate_records(path)
    assert cells(result) == {
        ("QHG", 2023, "non-clinical", "Band 5", "White"): 1,
        ("QHG", 2024, "non-clinical", "Band 5", "White"): 3,
        ("QHG", 2024, "non-clinical", "Band 5", "BME"): 1,
        ("QHG", 2024, "non-clinical", "Band 6", "BME"): 1,
        ("QHG", 2024, "non-clinical", "Band 6", "Unknown"): 1,
        ("QHG", 2024, "clinical", "Band 5", "Unknown"): 2,
    }
    assert (result.rows_read, result.rows_counted, result.bank_excluded, result.duplicates_dropped) == (9, 9, 0, 0)
    assert list(result.workforce.columns) == ["org_code", "year", "staff_group", "band", "ethnicity", "headcount"]


@pytest.mark.parametrize(("value", "group"), [
    *[(code, "White") for code in "ABC"],
    *[(code, "BME") for code in "DEFGHJKLMNPRS"],
    ("Z", "Unknown"), ("99", "Unknown"), ("", "Unknown"),
    ("CA", "White"), ("CK", "White"), ("AA", "White"), ("PD", "BME"), ("LH", "BME"), ("SC", "BME"),
    ("White", "White"), ("bme", "BME"), ("Global Majority", "BME"), ("Not stated", "Unknown"),
    ("  ca ", "White"), ("n", "BME"),
])
def test_nhs_codes_esr_sub_codes_and_labels_map_to_their_group(tmp_path, value, group):
    result = aggregate_records(extract(tmp_path, f"QHG,2024,1,clinical,Band 5,{value}\n"))
    assert cells(result) == {("QHG", 2024, "clinical", "Band 5", group): 1}


def test_values_and_header_names_are_trimmed_and_case_insensitive(tmp_path):
    header = " Org_Code ,YEAR,Staff ID,Staff-Group,band , Ethnic Category\n"
    path = extract(tmp_path, (
        " qhg ,2024,1, Non-Clinical ,BAND 5 , a \n"
        "QHG, 2024 ,2,non clinical,band 5,Ca\n"
        "Qhg,2024,3,Medical and Dental,consultant,pd\n"
        "QHG,2024,4,MEDICAL, Band 8A ,White\n"
    ), header=header)
    assert cells(aggregate_records(path)) == {
        ("QHG", 2024, "non-clinical", "Band 5", "White"): 2,
        ("QHG", 2024, "medical", "Band 8a", "White"): 1,
        ("QHG", 2024, "medical", "Consultant", "BME"): 1,
    }


def test_rows_are_sorted_by_organisation_year_staff_group_afc_band_and_group(tmp_path):
    path = extract(tmp_path, (
        "RXH,2024,1,clinical,Band 5,A\n"
        "QHG,2024,2,other,Not recorded,A\n"
        "QHG,2024,3,medical,Consultant,A\n"
        "QHG,2024,4,non-clinical,Band 8a,Z\n"
        "QHG,2024,5,non-clinical,Band 8a,N\n"
        "QHG,2024,6,non-clinical,Band 8a,A\n"
        "QHG,2024,7,non-clinical,Under Band 1,A\n"
        "QHG,2024,8,non-clinical,Band 2,A\n"
        "QHG,2024,9,non-clinical,VSM,A\n"
        "QHG,2023,1,clinical,Band 9,A\n"
    ))
    frame = aggregate_records(path).workforce
    assert [tuple(r)[:5] for r in frame.itertuples(index=False)] == [
        ("QHG", 2023, "clinical", "Band 9", "White"),
        ("QHG", 2024, "non-clinical", "Under Band 1", "White"),
        ("QHG", 2024, "non-clinical", "Band 2", "White"),
        ("QHG", 2024, "non-clinical", "Band 8a", "White"),
        ("QHG", 2024, "non-clinical", "Band 8a", "BME"),
        ("QHG", 2024, "non-clinical", "Band 8a", "Unknown"),
        ("QHG", 2024, "non-clinical", "VSM", "White"),
        ("QHG", 2024, "medical", "Consultant", "White"),
        ("QHG", 2024, "other", "Not recorded", "White"),
        ("RXH", 2024, "clinical", "Band 5", "White"),
    ]


# --- bank staff and repeated identifiers --------------------------------------------------------

@pytest.mark.parametrize(("column", "bank", "substantive"), [
    ("bank", "true", "false"),
    ("bank", "yes", "no"),
    ("bank", "Y", "N"),
    ("bank", "1", "0"),
    ("bank", "TRUE", ""),
    ("bank", " y ", " n "),  # stray spaces: not a spelling pyarrow parses itself
    ("Bank", "Yes", "No"),
    ("assignment_category", "Bank", "Permanent"),
    ("Assignment Category", " bank ", "Fixed Term Temp"),
    ("contract_type", "BANK", "Substantive"),
])
def test_bank_staff_are_left_out_of_the_headcount_for_each_marker(tmp_path, column, bank, substantive):
    path = extract(tmp_path, (
        f"QHG,2024,1,clinical,Band 5,A,{substantive}\n"
        f"QHG,2024,2,clinical,Band 5,A,{bank}\n"
        f"QHG,2024,3,clinical,Band 5,N,{bank}\n"
        f"QHG,2024,4,clinical,Band 5,N,{substantive}\n"
        f"QHG,2024,5,clinical,Band 5,N,{substantive}\n"
    ), header=HEADER.strip() + f",{column}\n")
    result = aggregate_records(path)
    assert cells(result) == {("QHG", 2024, "clinical", "Band 5", "White"): 1,
                             ("QHG", 2024, "clinical", "Band 5", "BME"): 2}
    assert (result.rows_read, result.rows_counted, result.bank_excluded) == (5, 3, 2)
    kept = aggregate_records(path, exclude_bank=False)
    assert cells(kept) == {("QHG", 2024, "clinical", "Band 5", "White"): 2,
                           ("QHG", 2024, "clinical", "Band 5", "BME"): 3}
    assert kept.bank_excluded == 0


def test_a_bank_flag_that_is_not_true_or_false_is_a_fault(tmp_path):
    path = extract(tmp_path, "QHG,2024,1,clinical,Band 5,A,maybe\n", header=HEADER.strip() + ",bank\n")
    assert faults_of(path) == [
        "esr.csv, row 2, column 'bank', value 'maybe': expected true or false (yes/no, Y/N or 1/0) saying whether "
        "the row is a bank assignment; blank means not bank"
    ]


def test_without_a_bank_column_every_row_counts_and_a_warning_says_so(tmp_path):
    result = aggregate_records(extract(tmp_path, "QHG,2024,1,clinical,Band 5,A\n"))
    assert result.rows_counted == 1
    assert any("no bank, assignment_category or contract_type column" in str(w) for w in result.warnings)


def test_the_same_staff_member_twice_in_an_organisation_and_year_counts_once_on_the_first_row(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,7,clinical,Band 5,A\n"
        "QHG,2024,7,clinical,Band 6,A\n"     # second assignment: dropped, the first row counts
        "qhg,2024, 7 ,clinical,Band 5,A\n"   # the same again, written differently
        "QHG,2023,7,clinical,Band 5,A\n"     # another year: counted
        "RXH,2024,7,clinical,Band 5,A\n"     # another organisation: counted
        "QHG,2024,8,clinical,Band 5,N\n"
    ))
    result = aggregate_records(path)
    assert cells(result) == {
        ("QHG", 2023, "clinical", "Band 5", "White"): 1,
        ("QHG", 2024, "clinical", "Band 5", "White"): 1,
        ("QHG", 2024, "clinical", "Band 5", "BME"): 1,
        ("RXH", 2024, "clinical", "Band 5", "White"): 1,
    }
    assert (result.rows_read, result.rows_counted, result.duplicates_dropped) == (6, 4, 2)
    assert [str(w) for w in result.warnings if "repeat" in str(w)] == [
        "esr.csv, column 'staff_id': 2 rows repeat a staff identifier already seen in the same organisation and "
        "year (a second assignment, or a repeated row); each staff member was counted once, on the first of "
        "their rows"
    ]


def test_text_identifiers_are_compared_trimmed_and_case_insensitive(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,E123,clinical,Band 5,A\n"
        "QHG,2024, e123 ,clinical,Band 5,A\n"
        "QHG,2024,E124,clinical,Band 5,A\n"
    ))
    result = aggregate_records(path)
    assert cells(result) == {("QHG", 2024, "clinical", "Band 5", "White"): 2}
    assert result.duplicates_dropped == 1


def test_a_substantive_row_is_counted_even_when_a_bank_row_of_the_same_person_comes_first(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,5,clinical,Band 3,A,Bank\n"
        "QHG,2024,5,clinical,Band 5,A,Permanent\n"
        "QHG,2024,5,clinical,Band 5,A,Permanent\n"
    ), header=HEADER.strip() + ",assignment_category\n")
    result = aggregate_records(path)
    assert cells(result) == {("QHG", 2024, "clinical", "Band 5", "White"): 1}
    assert (result.rows_read, result.rows_counted, result.bank_excluded, result.duplicates_dropped) == (3, 1, 1, 1)


# --- formats -------------------------------------------------------------------------------------

SMALL = pd.DataFrame({
    "org_code": ["QHG", "QHG", "QHG", "RXH", "RXH", "QHG"],
    "year": [2024, 2024, 2024, 2024, 2023, 2024],
    "staff_id": [11, 12, 13, 11, 11, 12],
    "staff_group": ["non-clinical", "Non-clinical", "clinical", "medical", "medical", "non-clinical"],
    "band": ["Band 5", "band 5", "Band 6", "Consultant", "Consultant", "Band 7"],
    "ethnic_category": ["A", "PD", "99", "H", "CA", "A"],
    "bank": ["N", "N", "N", "N", "Y", "N"],
    "job_title": ["Clerk, ward", "Admin", "Nurse", "Doctor", "Doctor", "Admin"],
})
SMALL_EXPECTED = {  # row 6 repeats staff 12 (dropped); row 5 is bank (left out)
    ("QHG", 2024, "non-clinical", "Band 5", "White"): 1,
    ("QHG", 2024, "non-clinical", "Band 5", "BME"): 1,
    ("QHG", 2024, "clinical", "Band 6", "Unknown"): 1,
    ("RXH", 2024, "medical", "Consultant", "BME"): 1,
}


def test_csv_excel_and_parquet_give_the_same_table_and_the_same_file(tmp_path):
    import openpyxl

    SMALL.to_csv(tmp_path / "esr.csv", index=False)
    SMALL.to_csv(tmp_path / "esr.txt", index=False, sep="\t")
    SMALL.to_parquet(tmp_path / "esr.parquet", index=False)
    with pd.ExcelWriter(tmp_path / "esr.xlsx") as writer:
        pd.DataFrame({"note": ["read me first"]}).to_excel(writer, sheet_name="Notes", index=False)
        SMALL.to_excel(writer, sheet_name="Extract", index=False)  # preferred over the first sheet
    assert openpyxl.load_workbook(tmp_path / "esr.xlsx").sheetnames == ["Notes", "Extract"]

    written = {}
    for name in ("esr.csv", "esr.txt", "esr.parquet", "esr.xlsx"):
        result = aggregate_records(tmp_path / name)
        assert cells(result) == SMALL_EXPECTED, name
        assert (result.rows_read, result.rows_counted, result.bank_excluded, result.duplicates_dropped) == (6, 4, 1, 1)
        written[name] = write_workforce(result, tmp_path / name.replace(".", "_")).read_bytes()
    assert len(set(written.values())) == 1
    frames = [aggregate_records(tmp_path / name).workforce for name in written]
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])


def test_excel_reads_the_first_sheet_when_none_is_named_records_or_extract(tmp_path):
    SMALL.to_excel(tmp_path / "esr.xlsx", sheet_name="Sheet1", index=False)
    assert cells(aggregate_records(tmp_path / "esr.xlsx")) == SMALL_EXPECTED


def test_excel_faults_name_the_sheet_and_the_spreadsheet_row(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Records"
    sheet.append(["org_code", "year", "staff_id", "staff_group", "band", "ethnic_category"])
    sheet.append(["QHG", 2024, 1, "clinical", "Band 5", "A"])
    sheet.append([None, None, None, None, None, None])  # a blank row is skipped but keeps its number
    sheet.append(["QHG", 2024, 2, "clinical", "Band 55", "A"])
    book.save(tmp_path / "esr.xlsx")
    assert faults_of(tmp_path / "esr.xlsx") == [
        f"esr.xlsx (sheet 'Records'), row 4, column 'band', value 'Band 55': {bands.EXPECTED_BAND}"
    ]


# --- the table written ---------------------------------------------------------------------------

def test_the_table_written_reads_back_clean_and_gives_the_hand_counted_indicator_1(tmp_path):
    from wreslib.data.read import read_data
    from wreslib.measures.compute import compute_indicators

    rows = (
        ["QHG,2024,{},non-clinical,Band 5,A"] * 6     # 6 White
        + ["QHG,2024,{},non-clinical,Band 5,N"] * 3   # 3 BME
        + ["QHG,2024,{},clinical,Band 7,Z"] * 1       # 1 Unknown
        + ["RXH,2024,{},clinical,Band 6,H"] * 2
    )
    body = "".join(row.format(i) + "\n" for i, row in enumerate(rows, start=1000))
    out = tmp_path / "data"
    path = write_workforce(aggregate_records(extract(tmp_path, body)), out)
    assert path == out / "workforce.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"org_code,year,staff_group,band,ethnicity,headcount\n")
    assert raw.endswith(b"\n") and b"\r" not in raw
    assert not [p.name for p in out.iterdir() if p.name != "workforce.csv"]  # no temporary file left behind

    (out / "organisations.csv").write_text(ORGS, encoding="utf-8")
    data = read_data(out)
    assert data.faults == ()
    overall = compute_indicators(data, "QHG", 2024).workforce.overall
    assert (overall.white, overall.bme, overall.unknown) == (6, 3, 1)
    assert overall.white_pct == pytest.approx(60.0)
    assert overall.bme_pct == pytest.approx(30.0)
    assert overall.unknown_pct == pytest.approx(10.0)


def test_writing_again_replaces_the_table(tmp_path):
    first = aggregate_records(extract(tmp_path, "QHG,2024,1,clinical,Band 5,A\n"))
    second = aggregate_records(extract(tmp_path, "QHG,2024,1,clinical,Band 5,A\nQHG,2024,2,clinical,Band 5,A\n"))
    write_workforce(first, tmp_path / "out")
    path = write_workforce(second, tmp_path / "out")
    assert path.read_text(encoding="utf-8").splitlines()[1] == "QHG,2024,clinical,Band 5,White,2"


def test_a_folder_that_cannot_be_written_is_a_data_error(tmp_path):
    result = aggregate_records(extract(tmp_path, "QHG,2024,1,clinical,Band 5,A\n"))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DataError, match="cannot be written here"):
        write_workforce(result, blocker)


# --- faults ------------------------------------------------------------------------------------

def test_a_missing_required_column_is_a_fault(tmp_path):
    path = extract(tmp_path, "QHG,2024,1,clinical,A\n", header="org_code,year,staff_id,staff_group,ethnicity\n")
    assert faults_of(path) == [
        "esr.csv, row 1: the required columns 'band', 'ethnic_category' are missing; the header must name "
        "org_code, year, staff_id, staff_group, band, ethnic_category (in any order and any case; other columns "
        "are ignored)"
    ]


def test_a_column_named_twice_is_a_fault(tmp_path):
    path = extract(tmp_path, "QHG,2024,1,clinical,Band 5,A,Band 6\n", header=HEADER.strip() + ",Band\n")
    assert faults_of(path) == [
        "esr.csv, row 1: the column 'band' appears 2 times in the header (as 'band', 'Band'); keep one"
    ]


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_an_empty_file_is_a_fault(tmp_path, content):
    (tmp_path / "esr.csv").write_bytes(content)
    assert faults_of(tmp_path / "esr.csv") == [
        "esr.csv: the file is empty; it needs a header row (org_code, year, staff_id, staff_group, band, "
        "ethnic_category) and one row per staff member"
    ]


@pytest.mark.parametrize("body", ["", "\n\n", ",,,,,\n"])
def test_a_header_without_data_rows_is_a_fault(tmp_path, body):
    assert faults_of(extract(tmp_path, body)) == [
        "esr.csv: the file has a header row but no data rows; it needs one row per staff member"
    ]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("esr.xlsx", b"not a workbook", "esr.xlsx: the file is not readable as an Excel workbook (.xlsx)"),
    ("esr.parquet", b"not parquet", "esr.parquet: the file is not readable as Parquet"),
    ("esr.xls", b"old", "esr.xls: old-style .xls workbooks are not read"),
    ("esr.json", b"{}", "esr.json: expected a .csv (or .txt), .xlsx or .parquet file"),
])
def test_an_unreadable_file_is_a_fault(tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(content)
    (fault,) = faults_of(tmp_path / name)
    assert fault.startswith(expected)


def test_a_missing_file_or_a_folder_is_a_fault(tmp_path):
    assert faults_of(tmp_path / "nope.csv") == [
        f"{tmp_path / 'nope.csv'}: this file does not exist; check the path given to --records"
    ]
    assert faults_of(tmp_path) == [f"{tmp_path}: expected a file (CSV, Excel or Parquet), not a folder"]


def test_each_bad_value_is_named_with_its_file_row_column_and_what_is_expected(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,1,clinical,Band 5,A\n"      # row 2: clean
        "QHG,2024,2,clinical,Band 5,Q\n"      # row 3: ethnic code
        "QHG,2024,3,clinical,Band 10,A\n"     # row 4: band
        "QHG,2024,4,nurses,Band 5,A\n"        # row 5: staff group
        "Q-1,2024,5,clinical,Band 5,A\n"      # row 6: organisation code
        "QHG,2023/24,6,clinical,Band 5,A\n"   # row 7: year written as a financial year
        "QHG,24,7,clinical,Band 5,A\n"        # row 8: year too short
        "QHG,2024,,clinical,Band 5,A\n"       # row 9: blank staff identifier
    ))
    assert faults_of(path) == [
        f"esr.csv, row 3, column 'ethnic_category', value 'Q': {ethnicity.EXPECTED}",
        f"esr.csv, row 4, column 'band', value 'Band 10': {bands.EXPECTED_BAND}",
        f"esr.csv, row 5, column 'staff_group', value 'nurses': {bands.EXPECTED_STAFF_GROUP}",
        "esr.csv, row 6, column 'org_code', value 'Q-1': expected an ODS-style organisation code: 3 to 5 capital "
        "letters or digits, such as QHG",
        "esr.csv, row 7, column 'year', value '2023/24': expected a single year: the WRES year is the year of the "
        "31 March snapshot, so write 2024 for 2023/24",
        "esr.csv, row 8, column 'year', value '24': expected a year such as 2024 (a whole number from 2010 to 2100)",
        "esr.csv, row 9, column 'staff_id': the staff identifier is blank; every row needs one, so that a staff "
        "member on two rows is counted once",
    ]


def test_a_bad_value_on_a_thousand_rows_is_one_line_with_its_count(tmp_path):
    body = "".join(f"QHG,2024,{i},clinical,Band 5,{'XX' if i % 10 else 'A'}\n" for i in range(1000))
    body += "QHG,2024,5000,clinical,Band 5,Q\n"
    with pytest.raises(DataError) as caught:
        aggregate_records(extract(tmp_path, body))
    assert [str(f) for f in caught.value.faults] == [
        f"esr.csv, row 3, column 'ethnic_category', value 'XX': {ethnicity.EXPECTED} (and on 899 more rows)",
        f"esr.csv, row 1002, column 'ethnic_category', value 'Q': {ethnicity.EXPECTED}",
    ]
    assert len(caught.value.describe().splitlines()) == 3  # a heading and the two lines


def test_many_distinct_bad_values_are_listed_up_to_a_limit_then_summarised(tmp_path):
    body = "".join(f"QHG,2024,{i},clinical,Grade {i % 30},A\n" for i in range(300))
    faults = faults_of(extract(tmp_path, body))
    assert len(faults) == 21
    assert faults[0] == f"esr.csv, row 2, column 'band', value 'Grade 0': {bands.EXPECTED_BAND} (and on 9 more rows)"
    assert faults[-1].startswith("esr.csv, row 22, column 'band': 10 more distinct values in this column are not "
                                 "recognised, on 100 rows (the first shown here); expected an AfC band")


def test_blank_lines_and_empty_rows_are_skipped_without_moving_row_numbers(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,1,clinical,Band 5,A\n"   # row 2
        "\n"                                # row 3: blank line
        ",,,,,\n"                           # row 4: an empty spreadsheet row
        "QHG,2024,2,clinical,Band 55,A\n"  # row 5
    ))
    assert faults_of(path) == [f"esr.csv, row 5, column 'band', value 'Band 55': {bands.EXPECTED_BAND}"]
    fixed = extract(tmp_path, "QHG,2024,1,clinical,Band 5,A\n\n,,,,,\nQHG,2024,2,clinical,Band 5,A\n")
    result = aggregate_records(fixed)
    assert (result.rows_read, result.rows_counted) == (2, 2)


def test_a_row_with_too_many_values_names_its_row_and_shows_none_of_it(tmp_path):
    path = extract(tmp_path, (
        "QHG,2024,31415926,clinical,Band 5,A\n"
        "QHG,2024,27182818,clinical,Band 5,A,extra\n"
        "QHG,2024,16180339,clinical,Band 5,A,more,still\n"
        "QHG,2024,14142135,clinical,Band 5,A,extra\n"
    ))
    with pytest.raises(DataError) as caught:
        aggregate_records(path)
    assert [str(f) for f in caught.value.faults] == [
        "esr.csv, row 3: this row has 7 values where the header has 6 columns; a value holding the separator "
        "must be in double quotes (\"Smith, J\"), and no value may be missing its separator (and on 1 more row)",
        "esr.csv, row 4: this row has 8 values where the header has 6 columns; a value holding the separator "
        "must be in double quotes (\"Smith, J\"), and no value may be missing its separator",
    ]
    for staff_id in ("31415926", "27182818", "16180339", "14142135"):
        assert staff_id not in str(caught.value)


def test_a_windows_1252_file_is_read_with_a_warning(tmp_path):
    path = tmp_path / "esr.csv"
    path.write_bytes((HEADER + "QHG,2024,1,clinical,Band 1–7,A\n").encode("cp1252"))
    result = aggregate_records(path)
    assert cells(result) == {("QHG", 2024, "clinical", "Band 1-7", "White"): 1}
    assert any("not UTF-8; it was read as Windows-1252" in str(w) for w in result.warnings)


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "esr.csv"
    path.write_bytes(("\ufeff" + HEADER + "QHG,2024,1,clinical,Band 1–7,A\n").encode("utf-8"))
    result = aggregate_records(path)
    assert cells(result) == {("QHG", 2024, "clinical", "Band 1-7", "White"): 1}
    assert not any("UTF-8" in str(w) for w in result.warnings)


def test_unused_columns_are_ignored_with_a_warning(tmp_path):
    path = extract(tmp_path, "QHG,2024,1,clinical,Band 5,A,F,0.8\n", header=HEADER.strip() + ",gender,fte\n")
    result = aggregate_records(path)
    assert "esr.csv, row 1: 2 columns are not used and were ignored: 'gender', 'fte'" in [
        str(w) for w in result.warnings]


# --- staff identifiers never leave the extract -------------------------------------------------

def test_no_staff_identifier_appears_in_the_table_or_in_any_message(tmp_path):
    ids = ["90817263", "E4455667", "88776655", "77665544"]
    good = extract(tmp_path, (
        f"QHG,2024,{ids[0]},clinical,Band 5,A,N\n"
        f"QHG,2024,{ids[0]},clinical,Band 6,A,N\n"          # a repeat: warned about, without the identifier
        f"QHG,2024,{ids[1]},non-clinical,Band 5,N,N\n"
        f"QHG,2024,{ids[2]},clinical,Band 5,Z,Y\n"
    ), header=HEADER.strip() + ",bank\n")
    result = aggregate_records(good)
    table = write_workforce(result, tmp_path / "out").read_text(encoding="utf-8")
    messages = " ".join(str(w) for w in result.warnings)
    numeric = extract(tmp_path, (
        f"QHG,2024,{ids[0]},clinical,{ids[3]},A\n"        # a band that is someone's identifier: not shown
        f"QHG,2024,{ids[3]},clinical,Band 5,A\n"
        "QHG,2024,,clinical,Band 5,A\n"                   # a blank identifier: row and column only
    ), name="numeric.csv")
    text = extract(tmp_path, (
        f"QHG,2024,{ids[1]},clinical,Band 5,A\n"
        f"QHG,2024,{ids[2]},clinical,Band 5, {ids[1].lower()} \n"  # an ethnic code that is an identifier
    ), name="text.csv")
    for bad in (numeric, text):
        with pytest.raises(DataError) as caught:
            aggregate_records(bad)
        messages += str(caught.value) + repr([f.as_dict() for f in caught.value.faults])
        assert "matches a staff identifier in the file" in str(caught.value)
    for staff_id in ids:
        assert staff_id not in table
        assert staff_id not in messages
        assert staff_id.lower() not in messages
    assert "numeric.csv, row 2, column 'band': expected an AfC band" in messages
    assert "numeric.csv, row 4, column 'staff_id': the staff identifier is blank" in messages
    assert "text.csv, row 3, column 'ethnic_category': expected White, BME or Unknown" in messages


# --- an independent reference ------------------------------------------------------------------

ROW = st.tuples(
    st.sampled_from(["QHG", "qhg ", "RXH"]),
    st.sampled_from([2023, 2024]),
    st.integers(1, 6),
    st.sampled_from(["clinical", "Non-clinical", "medical"]),
    st.sampled_from(["Band 5", "band 6", "Consultant"]),
    st.sampled_from(["A", "CA", "N", "PD", "Z", "99", ""]),
    st.sampled_from(["Y", "N", ""]),
)
GROUP = {"A": "White", "CA": "White", "N": "BME", "PD": "BME", "Z": "Unknown", "99": "Unknown", "": "Unknown"}
STAFF_GROUP = {"clinical": "clinical", "Non-clinical": "non-clinical", "medical": "medical"}
BAND = {"Band 5": "Band 5", "band 6": "Band 6", "Consultant": "Consultant"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, min_size=1, max_size=40))
def test_counts_match_a_plain_python_count_of_first_substantive_rows(tmp_path, rows):
    body = "".join(",".join(str(v) for v in row) + "\n" for row in rows)
    result = aggregate_records(extract(tmp_path, body, header=HEADER.strip() + ",bank\n"))
    seen: set[tuple] = set()
    expected: Counter = Counter()
    bank = repeats = 0
    for org, year, staff, staff_group, band, code, flag in rows:
        if flag == "Y":
            bank += 1
            continue
        person = (org.strip().upper(), year, staff)
        if person in seen:
            repeats += 1
            continue
        seen.add(person)
        expected[(org.strip().upper(), year, STAFF_GROUP[staff_group], BAND[band], GROUP[code])] += 1
    assert cells(result) == dict(expected)
    assert (result.rows_read, result.bank_excluded, result.duplicates_dropped) == (len(rows), bank, repeats)
    assert result.rows_counted == sum(expected.values())


def test_the_sorted_count_for_very_many_cells_agrees_with_the_dense_count(tmp_path, monkeypatch):
    import wreslib.data.aggregate as aggregate

    path = extract(tmp_path, (
        "QHG,2024,1,clinical,Band 5,A,N\n"
        "QHG,2024,1,clinical,Band 6,A,N\n"     # a repeat
        "QHG,2024,2,clinical,Band 5,N,Y\n"     # bank
        "QHG,2024,2,clinical,Band 5,N,Y\n"     # bank again: a bank row, not a repeat
        ",,,,,,\n"                              # an empty row
        "RXH,2023,3,medical,Consultant,Z,N\n"
    ), header=HEADER.strip() + ",bank\n")
    dense = aggregate_records(path)
    monkeypatch.setattr(aggregate, "_DENSE_CELLS", 1)
    sparse = aggregate_records(path)
    assert cells(sparse) == cells(dense) == {("QHG", 2024, "clinical", "Band 5", "White"): 1,
                                             ("RXH", 2023, "medical", "Consultant", "Unknown"): 1}
    for result in (dense, sparse):
        assert (result.rows_read, result.rows_counted, result.bank_excluded, result.duplicates_dropped) == (5, 2, 2, 1)


def test_a_windows_1252_byte_beyond_the_first_rows_is_still_found(tmp_path):
    rows = "".join(f"QHG,2024,{i},clinical,Band 5,A\n" for i in range(3000))  # about 90 kB of plain ASCII
    path = tmp_path / "esr.csv"
    path.write_bytes((HEADER + rows + "QHG,2024,9999,clinical,Band 1–7,N\n").encode("cp1252"))
    result = aggregate_records(path)
    assert cells(result) == {("QHG", 2024, "clinical", "Band 5", "White"): 3000,
                             ("QHG", 2024, "clinical", "Band 1-7", "BME"): 1}
    assert any("read as Windows-1252" in str(w) for w in result.warnings)


def test_a_text_identifier_after_many_numeric_ones_is_still_compared_as_written(tmp_path):
    rows = "".join(f"QHG,2024,{i},clinical,Band 5,A\n" for i in range(3000))
    path = extract(tmp_path, rows + "QHG,2024,E17,clinical,Band 5,A\nQHG,2024,e17,clinical,Band 5,A\n"
                   "QHG,2024,17,clinical,Band 5,A\n")
    result = aggregate_records(path)
    assert result.rows_counted == 3001  # 3000 numbers, E17 once; 17 repeats the 17 of the first rows
    assert result.duplicates_dropped == 2


def test_parquet_with_category_columns_in_several_row_groups(tmp_path):
    frame = pd.concat([SMALL] * 50, ignore_index=True)
    frame["staff_id"] = range(len(frame))
    for column in ("org_code", "staff_group", "band", "ethnic_category", "bank"):
        frame[column] = frame[column].astype("category")
    frame.iloc[::-1].to_parquet(tmp_path / "esr.parquet", index=False, row_group_size=7)
    result = aggregate_records(tmp_path / "esr.parquet")
    # Per copy of SMALL: rows 1-4 and 6 substantive with distinct ids now, row 5 bank.
    assert cells(result) == {
        ("QHG", 2024, "non-clinical", "Band 5", "White"): 50,
        ("QHG", 2024, "non-clinical", "Band 5", "BME"): 50,
        ("QHG", 2024, "non-clinical", "Band 7", "White"): 50,
        ("QHG", 2024, "clinical", "Band 6", "Unknown"): 50,
        ("RXH", 2024, "medical", "Consultant", "BME"): 50,
    }
    assert (result.rows_read, result.bank_excluded, result.duplicates_dropped) == (300, 50, 0)


def test_a_blank_row_above_the_header_is_a_fault(tmp_path):
    path = tmp_path / "esr.csv"
    path.write_text("\n" + HEADER + "QHG,2024,1,clinical,Band 5,A\n", encoding="utf-8")
    assert faults_of(path) == [
        "esr.csv: the first row is blank; the first row must be the header (org_code, year, staff_id, "
        "staff_group, band, ethnic_category): remove the rows above it"
    ]
