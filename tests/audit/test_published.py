"""wreslib.audit.published and the published table of the data contract: every bad input is a message
naming the file, the spreadsheet row, the column and the value, and saying what to write."""

from __future__ import annotations

import pytest

from wreslib.audit.audit import audit
from wreslib.audit.published import read_published
from wreslib.data.read import read_data
from wreslib.errors import DataError

HEADER = "org_code,year,indicator,measure,value,source,staff_group,band,group\n"
GOOD = "AAA,2024,4,relative_likelihood,1.00,table,,,\n"


def faults_of(make_data, rows: str) -> list[str]:
    folder = make_data(published=HEADER + rows)
    with pytest.raises(DataError) as raised:
        audit(folder, "AAA", 2024)
    return [str(f) for f in raised.value.faults]


@pytest.mark.parametrize(("row", "column", "value", "says"), [
    ("AAA,2024,4,gap_pp,1.2,,,,", "measure", "gap_pp", "expected a measure of indicator 4"),
    ("AAA,2024,1,bme_pct,24%,,,,White", "measure", "bme_pct", "names the BME group but the group column says White"),
    ("AAA,2024,4,relative_likelihood,1.00,,clinical,,", "staff_group", "clinical", "for indicator 1 figures only"),
    ("AAA,2024,4,bme_accessed,2.5,,,,", "value", "2.5", "is a count: expected a whole number"),
    ("AAA,2024,4,relative_likelihood,higher,,,,", "value", "higher", "use the measure relative_likelihood_direction"),
    ("AAA,2024,7,gap_pp_direction,12%,,,,", "value", "12%", "is a direction, so its value is words"),
    ("AAA,2024,4,relative_likelihood,1.2pp,,,,", "value", "1.2pp", "is a ratio, not a difference"),
    ("AAA,2024,1,bme_pct,-3%,,,,", "value", "-3%", "cannot be negative"),
])
def test_a_row_the_audit_cannot_read_is_named_by_file_row_column_and_value(make_data, row, column, value, says):
    faults = faults_of(make_data, GOOD + row + "\n")
    assert len(faults) == 1, faults
    fault = faults[0]
    assert fault.startswith("published.csv, row 3, column ")
    assert f"column '{column}'" in fault and says in fault
    if value is not None:
        assert f"value '{value}'" in fault


@pytest.mark.parametrize(("row", "column", "says"), [
    ("AAA,2024,10,relative_likelihood,1.00,,,,", "indicator", "expected a WRES indicator number from 1 to 9"),
    ("AAA,2023/24,4,relative_likelihood,1.00,,,,", "year", "write 2024 for 2023/24"),
    ("AAA,2024,4,relative_likelihood,about 1,,,,", "value", "expected the figure as printed"),
    ("AAA,2024,4,Relative-Likelihood!,1.00,,,,", "measure", "expected the name of a measure"),
    ("AAA,2024,1,bme_pct,24%,,Clinical staff,,", "staff_group", "expected one of non-clinical"),
    ("AAA,2024,1,bme_pct,24%,,,Band 99,", "band", "expected an AfC band"),
    ("AAA,2024,1,pct,24%,,,,Purple", "group", "expected"),
])
def test_cells_of_the_wrong_type_are_named_when_the_data_is_read(make_data, row, column, says):
    data = read_data(make_data(published=HEADER + GOOD + row + "\n"))
    faults = [str(f) for f in data.faults]
    assert len(faults) == 1, faults
    assert faults[0].startswith(f"published.csv, row 3, column '{column}', value ")
    assert says in faults[0]


def test_every_fault_is_listed_not_only_the_first(make_data):
    faults = faults_of(make_data, "AAA,2024,4,gap_pp,1.2,,,,\nAAA,2024,4,bme_accessed,2.5,,,,\n")
    assert [f.split(",")[1].strip() for f in faults] == ["row 2", "row 3"]


def test_a_repeated_row_is_a_fault_naming_the_first(make_data):
    data = read_data(make_data(published=HEADER + GOOD + GOOD))
    assert len(data.faults) == 1
    assert "published.csv, row 3" in str(data.faults[0]) and "repeats the key of row 2" in str(data.faults[0])


def test_the_same_figure_printed_in_two_places_is_two_rows(make_data):
    data = read_data(make_data(published=HEADER + GOOD + "AAA,2024,4,relative_likelihood,1.00,summary,,,\n"))
    assert data.faults == ()


def test_a_missing_column_is_named(make_data):
    data = read_data(make_data(published="org_code,year,indicator,value\nAAA,2024,4,1.00\n"))
    assert "the required column 'measure' is missing" in str(data.faults[0])
    assert str(data.faults[0]).startswith("published.csv, row 1")


def test_no_figures_for_the_organisation_says_which_organisations_have_some(make_data):
    folder = make_data(published=HEADER + GOOD.replace("AAA", "BBB"))
    with pytest.raises(DataError, match="no published figures for AAA; the organisations it has figures for are BBB"):
        audit(folder, "AAA", 2024)


def test_no_published_table_says_where_to_put_one(make_data):
    with pytest.raises(DataError, match="there are no published figures to audit"):
        audit(make_data(), "AAA", 2024)


def test_a_published_file_named_on_its_own_is_read_with_the_same_checks(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + "AAA,2024,4,relative_likelihood,x,,,,\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read_published(path)
    assert str(raised.value.faults[0]).startswith("figures.csv, row 2, column 'value', value 'x'")


def test_a_published_file_that_does_not_exist_or_is_not_csv_is_refused(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        read_published(tmp_path / "nowhere.csv")
    book = tmp_path / "figures.xlsx"
    book.write_bytes(b"PK")
    with pytest.raises(DataError, match="expected a CSV file of published figures"):
        read_published(book)


def test_the_example_published_figures_read_clean(example_data):
    assert example_data.faults == ()
    assert len(example_data.rows("published", "QHG")) == 373
