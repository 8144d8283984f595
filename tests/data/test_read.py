"""Reading and validating a data folder: every fault listed, each naming file, row, column and value."""

from __future__ import annotations

import pytest

from wreslib.data.read import read_data
from wreslib.errors import DataError, NotInDataError


def faults_text(data) -> list[str]:
    return [str(f) for f in data.faults]


def test_example_reads_clean(example_data):
    assert example_data.faults == ()
    assert example_data.org_codes == ["QHG"]
    assert example_data.years("QHG") == [2022, 2023, 2024]
    assert example_data.checksum.startswith("sha256:") and len(example_data.checksum) == 7 + 64


def test_checksum_changes_with_any_byte(example_copy, example_data):
    path = example_copy / "training.csv"
    path.write_text(path.read_text().replace("34", "35"))
    assert read_data(example_copy).checksum != example_data.checksum


def test_missing_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        read_data(tmp_path / "nope")


def test_file_instead_of_folder_is_a_data_error(tmp_path):
    f = tmp_path / "workforce.csv"
    f.write_text("x")
    with pytest.raises(DataError, match="expected a data folder"):
        read_data(f)


def test_missing_required_table_fails_everyone(make_data):
    folder = make_data()
    (folder / "workforce.csv").unlink()
    data = read_data(folder)
    assert any("required table workforce.csv is missing" in t for t in faults_text(data))
    assert data.failed_orgs == ["AAA", "BBB"]


def test_every_fault_is_listed_not_only_the_first(make_data):
    folder = make_data(workforce=(
        "org_code,year,staff_group,band,ethnicity,headcount\n"
        "AAA,2024,non-clinical,Band 5,White,-3\n"
        "AAA,2024,non-clinical,Band 55,BME,20\n"
        "AAA,2024,nurses,Band 5,Q,2.5\n"
    ))
    faults = faults_text(read_data(folder))
    assert "workforce.csv, row 2, column 'headcount', value '-3': expected a whole number 0 or more (a count of " \
           "people), not a negative number" in faults
    assert any(t.startswith("workforce.csv, row 3, column 'band', value 'Band 55': expected an AfC band")
               for t in faults)
    assert any(t.startswith("workforce.csv, row 4, column 'staff_group', value 'nurses'") for t in faults)
    assert any(t.startswith("workforce.csv, row 4, column 'ethnicity', value 'Q'") for t in faults)
    assert any(t.startswith("workforce.csv, row 4, column 'headcount', value '2.5'") and "fraction" in t
               for t in faults)
    assert len(faults) == 5


def test_a_fault_in_one_organisation_fails_only_that_organisation(make_data):
    folder = make_data(recruitment=(
        "org_code,year,ethnicity,shortlisted,appointed\n"
        "AAA,2024,White,10,20\n"
        "BBB,2024,White,10,5\n"
        "BBB,2024,BME,10,5\n"
    ))
    data = read_data(folder)
    assert data.failed_orgs == ["AAA"]
    assert data.faults_for("BBB") == []
    data.require("BBB", 2024)  # does not raise
    with pytest.raises(DataError) as exc:
        data.require("AAA", 2024)
    assert "more applicants appointed (20) than shortlisted (10)" in str(exc.value)
    assert "row 2" in str(exc.value)


def test_blank_lines_do_not_shift_spreadsheet_row_numbers(make_data):
    folder = make_data(workforce=(
        "org_code,year,staff_group,band,ethnicity,headcount\n"
        "AAA,2024,non-clinical,Band 5,White,80\n"
        "\n"
        ",,,,,\n"
        "AAA,2024,non-clinical,Band 5,BME,x\n"
    ))
    assert faults_text(read_data(folder)) == [
        "workforce.csv, row 5, column 'headcount', value 'x': expected a whole number 0 or more (a count of people)"
    ]


def test_duplicate_keys_are_an_error_not_summed(make_data):
    folder = make_data(workforce=(
        "org_code,year,staff_group,band,ethnicity,headcount\n"
        "AAA,2024,non-clinical,Band 5,White,80\n"
        "AAA,2024,non-clinical,band 5,white ,10\n"
        "AAA,2024,non-clinical,Band 5,A,5\n"
        "AAA,2024,non-clinical,Band 5,CA,5\n"
    ))
    data = read_data(folder)
    assert faults_text(data) == [
        "workforce.csv, row 3: this row repeats the key of row 2 (org_code=AAA, year=2024, staff_group=non-clinical, "
        "band=Band 5, ethnicity=WHITE); remove the duplicate or, if both are real, add them into one row"
    ]


def test_different_codes_in_one_group_add_up(make_data):
    from wreslib.measures.quality import workforce_counts

    folder = make_data(workforce=(
        "org_code,year,staff_group,band,ethnicity,headcount\n"
        "AAA,2024,non-clinical,Band 5,A,5\n"
        "AAA,2024,non-clinical,Band 5,CA,7\n"
        "AAA,2024,non-clinical,Band 5,PD,3\n"
    ))
    data = read_data(folder)
    assert data.faults_for("AAA") == []
    counts = workforce_counts(data, "AAA", 2024)
    assert (counts.white, counts.bme, counts.unknown) == (12, 3, 0)


def test_unknown_organisation_in_a_table_names_it(make_data):
    folder = make_data(training="org_code,year,ethnicity,accessed\nZZZ,2024,White,3\nZZZ,2024,BME,1\n")
    faults = faults_text(read_data(folder))
    assert faults == ["training.csv, row 2, column 'org_code', value 'ZZZ': organisation 'ZZZ' is not listed in "
                      "organisations.csv (also on 1 more row); add it there or correct the code"]


def test_missing_required_column_names_it(make_data):
    folder = make_data(recruitment="org_code,year,ethnicity,shortlisted\nAAA,2024,White,10\n")
    assert faults_text(read_data(folder)) == [
        "recruitment.csv, row 1: the required column 'appointed' is missing; the header must name "
        "org_code, year, ethnicity, shortlisted, appointed"
    ]


def test_repeated_header_column_is_an_error(make_data):
    folder = make_data(training="org_code,year,ethnicity,accessed,accessed\nAAA,2024,White,3,4\n")
    assert any("'accessed' appears more than once in the header" in t for t in faults_text(read_data(folder)))


def test_extra_columns_are_ignored_with_a_warning(make_data):
    folder = make_data(training="org_code,year,ethnicity,accessed,notes\nAAA,2024,White,3,hello\n")
    data = read_data(folder)
    assert data.faults == ()
    assert any("column 'notes' is not part of the training table and will be ignored" in str(w) for w in data.warnings)


@pytest.mark.parametrize("content", [b"", b"   \n\n"])
def test_empty_file_is_an_error_not_no_data(make_data, content):
    folder = make_data(board=content)
    assert any(t.startswith("board.csv: the file is empty") for t in faults_text(read_data(folder)))


def test_header_only_file_is_an_error(make_data):
    folder = make_data(board="org_code,year,ethnicity,voting,executive\n")
    assert any("header row but no data rows" in t for t in faults_text(read_data(folder)))


def test_utf8_bom_is_read(make_data):
    folder = make_data(training="\ufefforg_code,year,ethnicity,accessed\nAAA,2024,White,3\n".encode())
    data = read_data(folder)
    assert data.faults == ()
    assert list(data.table("training")["accessed"]) == [3]


def test_windows_1252_is_read_with_a_warning(make_data):
    orgs = "org_code,org_name,org_type,region\nAAA,Sant\xe9 ICB,ICB,London\nBBB,Beta ICB,ICB,London\n"
    folder = make_data(organisations=orgs.encode("cp1252"))
    data = read_data(folder)
    assert data.faults == ()
    assert data.organisation("AAA")["org_name"] == "Santé ICB"
    assert any("not UTF-8" in str(w) for w in data.warnings)


def test_thousands_separators_and_spaces_and_case_are_read(make_data):
    folder = make_data(workforce=(
        "org_code,year,staff_group,band,ethnicity,headcount\n"
        ' aaa ,2024, Non-Clinical , band 8A , white ,"1,234"\n'
    ))
    data = read_data(folder)
    assert data.faults == ()
    row = data.table("workforce").iloc[0]
    assert (row["org_code"], row["band"], row["staff_group"], row["group"], row["headcount"]) == (
        "AAA", "Band 8a", "non-clinical", "White", 1234)


@pytest.mark.parametrize(("table", "text", "expected"), [
    ("workforce", "AAA,2023/24,clinical,Band 5,White,1", "write 2024 for 2023/24"),
    ("workforce", "AAA,24,clinical,Band 5,White,1", "expected a year such as 2024"),
    ("survey", "AAA,2023,9,White,100,50", "expected a survey indicator number: 5, 6, 7 or 8"),
    ("survey", "AAA,2023,5,White,100,150", "expected a percentage from 0 to 100"),
    ("survey", "AAA,2023,5,White,100,", "expected a percentage from 0 to 100"),
    ("organisations", "CCC,Gamma,Hospital,London", "expected ICB, Trust or Other"),
    ("organisations", "cc-1,Gamma,ICB,London", "expected an ODS-style organisation code"),
    ("organisations", "CCC,,ICB,London", "expected some text; the cell is blank"),
    ("board", "AAA,2024,White,,3", "expected a whole number 0 or more"),
    ("actions", "AAA,2024,2,done,Do a thing", "expected completed, in progress or planned"),
])
def test_bad_values_are_named(make_data, table, text, expected):
    from wreslib.data.contract import TABLES

    header = ",".join(TABLES[table].columns)  # survey: percent is optional (a yes column may stand for it)
    if table == "organisations":
        folder = make_data(organisations="org_code,org_name,org_type,region\nAAA,Alpha,ICB,London\n"
                                         "BBB,Beta,ICB,London\n" + text + "\n")
    else:
        folder = make_data(**{table: f"{header}\n{text}\n"})
    faults = faults_text(read_data(folder))
    assert len(faults) == 1, faults
    assert expected in faults[0]
    assert ", row 2" in faults[0] or ", row 4" in faults[0]


def test_executive_may_be_blank(make_data):
    folder = make_data(board="org_code,year,ethnicity,voting,executive\nAAA,2024,White,5,\nAAA,2024,BME,1,\n")
    assert read_data(folder).faults == ()


def test_unknown_file_in_the_folder_gives_a_warning(make_data):
    folder = make_data()
    (folder / "Workforce 2024.xlsx").write_bytes(b"PK")
    assert any(w.file == "Workforce 2024.xlsx" for w in read_data(folder).warnings)


def test_not_in_data_errors_name_what_is_present(example_data):
    with pytest.raises(NotInDataError,
                       match="organisation 'XYZ' is not in the data; the organisations present are QHG"):
        example_data.require("XYZ", 2024)
    with pytest.raises(NotInDataError, match="no workforce rows for QHG in 2019; the years present for QHG are "
                                             "2022, 2023, 2024"):
        example_data.require("QHG", 2019)


def test_unreadable_csv_is_an_error(make_data):
    folder = make_data(training='org_code,year,ethnicity,accessed\n"AAA,2024,White,3\n')
    assert any("not readable as CSV" in t or "is not listed" in t or "expected" in t
               for t in faults_text(read_data(folder)))


def test_an_organisation_row_with_a_fault_is_not_also_reported_as_unlisted(make_data):
    folder = make_data(organisations="org_code,org_name,org_type,region\nAAA,Alpha,Hospital,London\n"
                                     "BBB,Beta,ICB,London\n")
    data = read_data(folder)
    assert [f.column for f in data.faults] == ["org_type"]
    assert data.failed_orgs == ["AAA"]


# --- survey: percent or yes-count ---------------------------------------------------------------

SURVEY_HEADER = "org_code,survey_year,indicator,ethnicity,respondents,percent,yes\n"


def test_survey_yes_count_becomes_the_exact_percent(make_data):
    data = read_data(make_data(survey=SURVEY_HEADER + "AAA,2023,5,White,227,,16\nAAA,2023,5,BME,46,2.17,1\n"))
    assert data.faults == ()
    survey = data.table("survey")
    # 16/227 = 7.0485%; 1/46 = 2.1739%, which the written 2.17 agrees with to its two decimals.
    assert list(survey["percent"]) == [pytest.approx(100 * 16 / 227), pytest.approx(100 * 1 / 46)]
    assert list(survey["yes"]) == [16, 1]


@pytest.mark.parametrize(("row", "expected"), [
    ("AAA,2023,5,White,227,8.5,16",
     "survey.csv, row 2, column 'percent', value '8.5': percent (8.5) and yes (16) disagree: 16 of 227 "
     "respondents is 7.05%; give one of the two, or correct the other"),
    ("AAA,2023,5,White,227,,",
     "survey.csv, row 2, column 'percent', value '': expected a percentage from 0 to 100 in 'percent', or the "
     "number answering yes in 'yes'; this row gives neither"),
    ("AAA,2023,5,White,20,,21",
     "survey.csv, row 2, column 'yes', value '21': more answering yes (21) than respondents (20); yes must be at "
     "most respondents"),
    ("AAA,2023,5,White,0,,0",
     "survey.csv, row 2, column 'yes', value '0': there are 0 respondents, so a yes-count gives no percentage; "
     "leave the row out"),
    ("AAA,2023,5,White,20,,2.5",
     "survey.csv, row 2, column 'yes', value '2.5': expected a whole number 0 or more (a count of people), not a "
     "fraction"),
])
def test_survey_percent_and_yes_faults(make_data, row, expected):
    assert faults_text(read_data(make_data(survey=SURVEY_HEADER + row + "\n"))) == [expected]


def test_survey_needs_a_percent_or_a_yes_column(make_data):
    folder = make_data(survey="org_code,survey_year,indicator,ethnicity,respondents\nAAA,2023,5,White,20\n")
    assert faults_text(read_data(folder)) == [
        "survey.csv, row 1: the header needs a 'percent' or a 'yes' column: give on each row the percentage "
        "answering yes (percent) or the number answering yes (yes)"]


def test_yes_count_header_alias_is_read(make_data):
    folder = make_data(survey="org_code,survey_year,indicator,ethnicity,respondents,Yes Count\nAAA,2023,5,A,20,5\n")
    data = read_data(folder)
    assert data.faults == ()
    assert list(data.table("survey")["percent"]) == [25.0]


# --- commentary, report_info, benchmarks and the action plan's columns ----------------------------------

COMMENTARY = "org_code,year,section,text\n"
REPORT_INFO = "org_code,year,field,value\n"
BENCHMARKS = "benchmark,year,indicator,measure,value,source\n"
ACTIONS = "org_code,year,indicator,status,text,action_id,theme,outcome,review,owner,due\n"


def test_commentary_keeps_every_paragraph_as_written_in_file_order(make_data):
    folder = make_data(commentary=COMMENTARY + (
        "AAA,2024,Indicator 2,Second  paragraph kept  as typed.\n"
        'AAA,2024,conclusion,"Our words, on\ntwo lines & <b>not markup</b>"\n'
        "AAA,2024,indicator_2,Third paragraph.\n"
        "BBB,2024,introduction,Beta's own introduction.\n"
    ))
    data = read_data(folder)
    assert data.faults == () and data.warnings == ()
    rows = data.table("commentary", "AAA")
    assert list(rows["section"]) == ["indicator_2", "conclusion", "indicator_2"]
    assert list(rows["text"]) == ["Second  paragraph kept  as typed.", "Our words, on\ntwo lines & <b>not markup</b>",
                                  "Third paragraph."]
    assert list(rows["row"]) == [2, 3, 4]  # the quoted line break stays inside spreadsheet row 3


@pytest.mark.parametrize(("row", "expected"), [
    ("AAA,2024,summary,Some words",
     "commentary.csv, row 2, column 'section', value 'summary': expected a report section: introduction, "
     "indicator_1 to indicator_9, or conclusion"),
    ("AAA,2024,indicator_10,Some words",
     "commentary.csv, row 2, column 'section', value 'indicator_10': expected a report section: introduction, "
     "indicator_1 to indicator_9, or conclusion"),
    ("AAA,2024,introduction,  ",
     "commentary.csv, row 2, column 'text', value '  ': expected some text; the cell is blank"),
    ("AAA,2023/24,introduction,Some words",
     "commentary.csv, row 2, column 'year', value '2023/24': expected a single year: the WRES year is the year of "
     "the 31 March snapshot, so write 2024 for 2023/24"),
])
def test_commentary_faults_name_file_row_column_and_value(make_data, row, expected):
    data = read_data(make_data(commentary=COMMENTARY + row + "\n"))
    assert faults_text(data) == [expected]
    assert data.failed_orgs == ["AAA"]


def test_report_info_gives_each_field_once_a_year(make_data):
    folder = make_data(report_info=REPORT_INFO + (
        "AAA,2022,predecessor,Alpha CCG\n"
        "AAA,2024,Approved by,People Committee\n"
        'AAA,2024,contributors,"Chief People Officer; Head of OD and Inclusion"\n'
        "AAA,2024,approval_date,30 September 2024\n"
        "AAA,2024,board_ask,Note the report and approve its publication\n"
        "BBB,2024,approved_by,Beta Board\n"
    ))
    data = read_data(folder)
    assert data.faults == ()
    rows = data.table("report_info", "AAA")
    assert list(zip(rows["year"], rows["field"], rows["value"], strict=True)) == [
        (2022, "predecessor", "Alpha CCG"),
        (2024, "approved_by", "People Committee"),
        (2024, "contributors", "Chief People Officer; Head of OD and Inclusion"),
        (2024, "approval_date", "30 September 2024"),
        (2024, "board_ask", "Note the report and approve its publication"),
    ]


@pytest.mark.parametrize(("rows", "expected"), [
    ("AAA,2024,approver,People Committee",
     "report_info.csv, row 2, column 'field', value 'approver': expected one of predecessor, approved_by, "
     "approval_date, contributors, board_ask"),
    ("AAA,2024,approved_by,",
     "report_info.csv, row 2, column 'value', value '': expected some text; the cell is blank"),
    ("AAA,2024,approved_by,People Committee\nAAA,2024,Approved By,Board",
     "report_info.csv, row 3: this row repeats the key of row 2 (org_code=AAA, year=2024, field=approved_by); "
     "keep one of the two rows, or correct the key"),
])
def test_report_info_faults_name_file_row_column_and_value(make_data, rows, expected):
    data = read_data(make_data(report_info=REPORT_INFO + rows + "\n"))
    assert faults_text(data) == [expected]
    assert data.failed_orgs == ["AAA"]


def test_benchmarks_read_published_figures_negative_ones_too(make_data):
    folder = make_data(benchmarks=BENCHMARKS + (
        "NHS England national,2024,2,relative_likelihood,1.59,WRES 2024 data analysis report\n"
        "NHS England national,2024,9,Difference pp,\u22128.6,WRES 2024 data analysis report\n"
        "NHS England national,2024,5,bme_pct,25%,\n"
        "NHS England national,2024,5,gap_pp,-8.6pp,\n"
        "NHS England national,2024,3,relative_likelihood,0,\n"
        "NHS England national,2024,9,board_bme_pct,100,\n"
    ))
    data = read_data(folder)
    assert data.faults == ()
    rows = data.table("benchmarks")
    assert list(rows["measure"]) == ["relative_likelihood", "difference_pp", "bme_pct", "gap_pp",
                                     "relative_likelihood", "board_bme_pct"]
    assert list(rows["value"]) == [pytest.approx(v) for v in (1.59, -8.6, 25.0, -8.6, 0.0, 100.0)]
    assert list(rows["indicator"]) == [2, 9, 5, 5, 3, 9]
    assert list(rows["source"]) == ["WRES 2024 data analysis report"] * 2 + [""] * 4


@pytest.mark.parametrize(("rows", "expected"), [
    ("National,2024,2,relative_likelihood,n/a,",
     "benchmarks.csv, row 2, column 'value', value 'n/a': expected a number such as 1.59, 25.5 or -8.6 (a minus "
     "sign for a negative difference); '25%' and '-8.6pp' are also read"),
    ("National,2024,10,relative_likelihood,1.5,",
     "benchmarks.csv, row 2, column 'indicator', value '10': expected a WRES indicator number from 1 to 9"),
    ("National,2024,2,relative likelihood (RL),1.5,",
     "benchmarks.csv, row 2, column 'measure', value 'relative likelihood (RL)': expected the name of a measure, "
     "such as relative_likelihood, bme_pct, white_pct, gap_pp, board_bme_pct or difference_pp (letters, digits "
     "and _, starting with a letter)"),
    (",2024,2,relative_likelihood,1.5,",
     "benchmarks.csv, row 2, column 'benchmark', value '': expected some text; the cell is blank"),
    ("National,2024,2,relative_likelihood,-1.5,",
     "benchmarks.csv, row 2, column 'value', value '-1.5': a relative likelihood is 0 or more; check the sign (a "
     "difference belongs in a measure such as gap_pp or difference_pp)"),
    ("National,2024,9,board_bme_pct,-8.6,",
     "benchmarks.csv, row 2, column 'value', value '-8.6': board_bme_pct is a percentage, from 0 to 100; a "
     "difference in percentage points belongs in a measure ending _pp, such as gap_pp or difference_pp"),
    ("National,2024,5,bme_pct,100.5%,",
     "benchmarks.csv, row 2, column 'value', value '100.5%': bme_pct is a percentage, from 0 to 100; a "
     "difference in percentage points belongs in a measure ending _pp, such as gap_pp or difference_pp"),
    ("National,2024,2,relative_likelihood,1.5,\nNational,2024,2,Relative likelihood,1.6,",
     "benchmarks.csv, row 3: this row repeats the key of row 2 (benchmark=National, year=2024, indicator=2, "
     "measure=relative_likelihood); keep one of the two rows, or correct the key"),
])
def test_benchmark_faults_name_file_row_column_and_value_and_concern_everyone(make_data, rows, expected):
    data = read_data(make_data(benchmarks=BENCHMARKS + rows + "\n"))
    assert faults_text(data) == [expected]
    assert data.failed_orgs == ["AAA", "BBB"]  # a shared table's fault belongs to no one organisation


def test_actions_list_several_indicators_and_keep_their_own_columns_as_written(make_data):
    folder = make_data(actions=ACTIONS + (
        'AAA,2024,1;2;4;7,planned,Promote leadership programmes,AP1,Recruitment,"Equity in appointment.\n'
        'Improved retention.",Quarterly,Chief People Officer,March 2025\n'
        'AAA,2024,"5,6 and 8",in progress,Refresh staff networks,AP2,,,,,\n'
        "AAA,2024,,completed,Publish the plan,,,,,,\n"
        "AAA,2024,3,completed,Review cases,A 4 ,  Just culture  ,,,,\n"
    ))
    data = read_data(folder)
    assert data.faults == () and data.warnings == ()
    rows = data.table("actions", "AAA")
    assert list(rows["indicator"]) == [(1, 2, 4, 7), (5, 6, 8), (), (3,)]
    assert list(rows["action_id"]) == ["AP1", "AP2", "", "A 4"]
    assert list(rows["theme"]) == ["Recruitment", "", "", "Just culture"]
    assert rows["outcome"].iloc[0] == "Equity in appointment.\nImproved retention."
    assert (rows["review"].iloc[0], rows["owner"].iloc[0], rows["due"].iloc[0]) == (
        "Quarterly", "Chief People Officer", "March 2025")


def test_actions_without_the_optional_columns_read_as_before(make_data):
    data = read_data(make_data(actions="org_code,year,indicator,status,text\nAAA,2024,2,planned,Do a thing\n"))
    assert data.faults == () and data.warnings == ()
    rows = data.table("actions", "AAA")
    assert list(rows["indicator"]) == [(2,)]
    assert rows["theme"].iloc[0] is None


def test_a_bad_action_indicator_names_file_row_column_and_value(make_data):
    data = read_data(make_data(actions=ACTIONS + "AAA,2024,1;2;10,planned,Do a thing,,,,,,\n"))
    assert faults_text(data) == [
        "actions.csv, row 2, column 'indicator', value '1;2;10': expected indicator numbers from 1 to 9, several "
        "separated by ; or , (such as 1;2;4;7), or blank for an action that serves the whole plan"]
