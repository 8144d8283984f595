"""The Dataset (wreslib.data.dataset): rows by organisation and year, select, and per-organisation checksums."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wreslib.data.read import Dataset, read_data

ORGS = ("org_code,org_name,org_type,region,survey_benchmark\n"
        "AAA,Alpha ICB,ICB,London,National ICBs\n"
        "BBB,Beta ICB,ICB,London,Trust peers\n"
        "CCC,Gamma ICB,ICB,London,National ICBs\n")
WORKFORCE = ("org_code,year,staff_group,band,ethnicity,headcount\n"
             "AAA,2023,clinical,Band 5,White,70\n"
             "BBB,2024,clinical,Band 6,White,50\n"
             "AAA,2024,clinical,Band 5,White,80\n"
             "CCC,2024,clinical,Band 5,White,10\n"
             "AAA,2024,clinical,Band 5,BME,20\n"
             "BBB,2024,clinical,Band 6,BME,50\n")
BOARD = ("org_code,year,ethnicity,voting,executive\n"
         "AAA,2024,White,8,4\n"
         "AAA,2024,BME,2,1\n"
         "BBB,2024,White,9,5\n"
         "BBB,2024,BME,1,1\n")
SURVEY = ("org_code,survey_year,indicator,ethnicity,respondents,percent\n"
          "AAA,2022,5,White,50,10\n"
          "AAA,2023,5,White,60,12.5\n"
          "BBB,2023,5,White,40,20\n")
SURVEY_BENCHMARKS = ("benchmark,survey_year,indicator,ethnicity,percent\n"
                     "National ICBs,2023,5,White,7.66\n"
                     "Trust peers,2023,5,White,9.1\n"
                     "National ICBs,2023,5,BME,6.25\n")
BENCHMARKS = ("benchmark,year,indicator,measure,value,source\n"
              "NHS England national,2024,2,relative_likelihood,1.59,WRES 2024\n")
COMMENTARY = ("org_code,year,section,text\n"
              "AAA,2024,introduction,Alpha's words.\n"
              "BBB,2024,introduction,Beta's words.\n")


@pytest.fixture
def folder(make_data) -> Path:
    return make_data(organisations=ORGS, workforce=WORKFORCE, board=BOARD, survey=SURVEY,
                     survey_benchmarks=SURVEY_BENCHMARKS, benchmarks=BENCHMARKS, commentary=COMMENTARY)


@pytest.fixture
def data(folder: Path) -> Dataset:
    return read_data(folder)


def edit(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (table, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- rows ---------------------------------------------------------------------------------------------

def test_rows_of_one_organisation_for_some_years_in_file_order(data):
    rows = data.rows("workforce", "AAA", years=[2024])
    assert list(zip(rows["row"], rows["ethnicity"], rows["headcount"], strict=True)) == [
        (4, "WHITE", 80), (6, "BME", 20)]
    assert list(data.rows("workforce", "AAA")["headcount"]) == [70, 80, 20]
    assert list(data.rows("workforce", years=[2023, 2024])["org_code"]) == ["AAA", "BBB", "AAA", "CCC", "AAA", "BBB"]
    assert data.rows("workforce", "AAA", years=[2019]).empty


def test_rows_match_years_on_the_tables_own_year_column(data):
    # The survey table's year is survey_year: the 2024 report's 2023 survey is asked for as 2023.
    assert list(data.rows("survey", "AAA", years=[2023])["percent"]) == [12.5]
    # Tables without a year are not filtered.
    assert list(data.rows("organisations", "AAA", years=[1999])["org_name"]) == ["Alpha ICB"]


def test_rows_of_shared_tables_are_those_the_organisation_uses(data):
    assert list(data.rows("survey_benchmarks", "AAA")["percent"]) == [7.66, 6.25]
    assert list(data.rows("survey_benchmarks", "BBB")["percent"]) == [9.1]
    assert list(data.rows("benchmarks", "AAA")["value"]) == [1.59]
    assert len(data.rows("survey_benchmarks")) == 3


def test_rows_of_an_absent_table_are_empty_with_its_columns(data):
    rows = data.rows("recruitment", "AAA", years=[2024])
    assert rows.empty
    assert list(rows.columns) == ["row", "org_code", "year", "ethnicity", "shortlisted", "appointed", "group"]
    with pytest.raises(ValueError, match="'staff' is not a table of the data contract"):
        data.rows("staff")


def test_rows_take_the_code_as_an_analyst_types_it(data):
    assert list(data.rows("commentary", " aaa ")["text"]) == ["Alpha's words."]


# --- select -------------------------------------------------------------------------------------------

def test_select_keeps_only_those_organisations_rows_in_every_table(data):
    part = data.select(["AAA"])
    assert part.org_codes == ["AAA"]
    for name, frame in part.tables.items():
        if "org_code" in frame.columns:
            assert set(frame["org_code"]) <= {"AAA"}, name
    assert list(part.tables["workforce"]["headcount"]) == [70, 80, 20]
    assert list(part.tables["board"]["voting"]) == [8, 2]
    assert list(part.table("commentary", "AAA")["text"]) == ["Alpha's words."]
    assert part.years("AAA") == [2023, 2024]


def test_select_keeps_shared_tables_whole_and_the_whole_datas_identity(data):
    part = data.select(["BBB"])
    assert len(part.tables["survey_benchmarks"]) == 3 and len(part.tables["benchmarks"]) == 1
    assert (part.checksum, part.source, part.files, part.labels) == (data.checksum, data.source, data.files,
                                                                     data.labels)


def test_select_of_several_organisations_keeps_file_order(data):
    part = data.select(["CCC", "AAA"])
    assert part.org_codes == ["AAA", "CCC"]
    assert list(zip(part.tables["workforce"]["org_code"], part.tables["workforce"]["headcount"], strict=True)) == [
        ("AAA", 70), ("AAA", 80), ("CCC", 10), ("AAA", 20)]


def test_select_of_unknown_codes_gives_no_rows(data):
    part = data.select(["ZZZ"])
    assert part.org_codes == []
    assert all(frame.empty for name, frame in part.tables.items() if "org_code" in frame.columns)
    assert data.select([]).org_codes == []
    assert data.select("AAA").org_codes == ["AAA"]  # one code given as a string


def test_select_keeps_the_faults_of_those_organisations_and_the_dataset_wide_ones(make_data):
    folder = make_data(
        organisations=ORGS, workforce=WORKFORCE,
        training="org_code,year,ethnicity,accessed\nAAA,2024,White,-1\nBBB,2024,White,x\n",
        disciplinary="org_code,year,ethnicity,entered\nAAA,2024,White,1\n,2024,BME,0\n",
        board=BOARD.replace("AAA,2024,BME,2,1", "AAA,2024,BME,2,3").replace("BBB,2024,BME,1,1", "BBB,2024,BME,1,4"),
    )
    data = read_data(folder)
    assert {f.org_code for f in data.faults} == {"AAA", "BBB", None}
    part = data.select(["AAA"])
    assert [(f.file, f.row, f.org_code) for f in part.faults] == [  # in table order
        ("disciplinary.csv", 3, None), ("training.csv", 2, "AAA")]
    # Its executive count above its voting count, and its survey benchmark missing (no survey_benchmarks here);
    # BBB's and CCC's warnings are left out.
    assert {w.org_code for w in data.warnings} == {"AAA", "BBB", "CCC"}
    assert [(w.file, w.row, w.org_code) for w in part.warnings] == [
        ("board.csv", 3, "AAA"), ("organisations.csv", 2, "AAA")]
    assert part.failed_orgs == ["AAA"]  # the blank code's fault concerns everyone left


def test_selected_data_computes_the_same_indicators(example_data):
    from wreslib.measures.compute import compute_indicators

    whole = compute_indicators(example_data, "QHG", 2024)
    part = compute_indicators(example_data.select(["QHG"]), "QHG", 2024)
    assert part == whole


# --- org_checksum -------------------------------------------------------------------------------------

def test_org_checksum_is_stable_and_independent_of_where_the_data_sits(folder, data, tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(folder, copy)
    checksum = data.org_checksum("AAA")
    assert checksum.startswith("sha256:") and len(checksum) == len("sha256:") + 64
    assert checksum == data.org_checksum("AAA") == read_data(copy).org_checksum("AAA")
    assert checksum == data.select(["AAA"]).org_checksum("AAA")
    assert checksum != data.org_checksum("BBB")


@pytest.mark.parametrize(("table", "old", "new"), [
    ("workforce", "AAA,2024,clinical,Band 5,BME,20", "AAA,2024,clinical,Band 5,BME,21"),
    ("board", "AAA,2024,White,8,4", "AAA,2024,White,8,"),
    ("survey", "AAA,2022,5,White,50,10", "AAA,2022,5,White,50,10.5"),
    ("commentary", "Alpha's words.", "Alpha's own words."),
    ("organisations", "Alpha ICB", "Alpha Integrated Care Board"),
    ("survey_benchmarks", "National ICBs,2023,5,BME,6.25", "National ICBs,2023,5,BME,6.3"),
    ("benchmarks", "1.59", "1.54"),
])
def test_org_checksum_changes_with_any_value_the_organisation_uses(folder, data, table, old, new):
    before = data.org_checksum("AAA")
    edit(folder, table, old, new)
    assert read_data(folder).org_checksum("AAA") != before


@pytest.mark.parametrize(("table", "old", "new"), [
    ("workforce", "BBB,2024,clinical,Band 6,BME,50", "BBB,2024,clinical,Band 6,BME,51"),
    # A blank executive count elsewhere turns the column's numbers into floats; AAA's values are the same.
    ("board", "BBB,2024,White,9,5", "BBB,2024,White,9,"),
    ("survey", "BBB,2023,5,White,40,20", "BBB,2023,5,White,40,25"),
    ("commentary", "Beta's words.", "Beta's other words."),
    ("organisations", "Beta ICB", "Beta Integrated Care Board"),
    ("survey_benchmarks", "Trust peers,2023,5,White,9.1", "Trust peers,2023,5,White,9.2"),
])
def test_org_checksum_ignores_other_organisations_rows(folder, data, table, old, new):
    before = data.org_checksum("AAA")
    edit(folder, table, old, new)
    changed = read_data(folder)
    assert changed.checksum != data.checksum
    assert changed.org_checksum("AAA") == before


def test_org_checksum_changes_with_a_fault_of_the_organisation_not_of_another(folder, data):
    before = data.org_checksum("AAA")
    edit(folder, "workforce", "BBB,2024,clinical,Band 6,BME,50", "BBB,2024,clinical,Band 6,BME,fifty")
    assert read_data(folder).org_checksum("AAA") == before
    edit(folder, "workforce", "AAA,2023,clinical,Band 5,White,70", "AAA,2023,clinical,Band 5,White,seventy")
    broken = read_data(folder)
    assert broken.faults_for("AAA") and broken.org_checksum("AAA") != before


def test_org_checksum_of_the_example_changes_with_one_survey_cell(example_copy, example_data):
    before = example_data.org_checksum("QHG")
    edit(example_copy, "survey", "QHG,2023,5,BME,46,2.17", "QHG,2023,5,BME,46,2.2")
    assert read_data(example_copy).org_checksum("QHG") != before
