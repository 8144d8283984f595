"""What-if copies of a dataset: the change made, checked by the file rules, marked in provenance."""

from __future__ import annotations

import pytest

from wreslib.data.read import read_data
from wreslib.data.whatif import what_if
from wreslib.errors import DataError
from wreslib.measures.tidy import indicator_table


@pytest.fixture(scope="module")
def data(example_dir):
    return read_data(example_dir)


def test_two_more_appointments_change_indicator_2_as_by_hand(data):
    more = what_if(data, "recruitment", "appointed", add=2, org_code="qhg", year=2024, ethnicity="BME")
    table = indicator_table(more, years=[2024])
    row = table[table["indicator"] == 2].iloc[0]
    # By hand: White 30 of 92 appointed, BME 9 + 2 = 11 of 95 (recruitment.csv, 2024 rows).
    assert row["value"] == pytest.approx((30 / 92) / (11 / 95), rel=1e-12)
    assert int(row["bme_cases"]) == 11 and int(row["bme_total"]) == 95


def test_the_original_is_untouched_and_the_copy_is_marked(data):
    before = data.table("recruitment", "QHG", year=2024, ethnicity="BME")["appointed"].iloc[0]
    more = what_if(data, "recruitment", "appointed", set_to=20, org_code="QHG", year=2024, ethnicity="BME")
    assert data.table("recruitment", "QHG", year=2024, ethnicity="BME")["appointed"].iloc[0] == before == 9
    assert more.checksum.startswith("what-if:") and more.checksum != data.checksum
    assert "(what if: recruitment.csv appointed = 20 where org_code = QHG, year = 2024, ethnicity = BME)" in more.source
    again = what_if(data, "recruitment", "appointed", set_to=20, org_code="QHG", year=2024, ethnicity="BME")
    assert again.checksum == more.checksum  # the same question gives the same provenance


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(table="recruitment", column="appointed", add=200, org_code="QHG", year=2024, ethnicity="BME"),
     r"recruitment.csv, row \d+, column 'appointed', value '209': .*more applicants appointed \(209\) than "
     r"shortlisted \(95\)"),
    (dict(table="recruitment", column="appointed", add=-10, org_code="QHG", year=2024, ethnicity="BME"),
     r"recruitment.csv, row \d+, column 'appointed', value '-1'"),
    (dict(table="recruitment", column="appointed", add=2, org_code="QHG", year=2024),
     r"3 rows have org_code = QHG, year = 2024, so adding 2 is ambiguous"),
    (dict(table="recruitment", column="appointed", add=2, org_code="QHG", yr=2024),
     r"no column 'yr'; its columns are org_code, year, ethnicity, shortlisted, appointed"),
    (dict(table="recruitment", column="appointed", add=2, org_code="ZZZ", year=2024, ethnicity="BME"),
     r"no row has org_code = ZZZ, year = 2024, ethnicity = BME"),
    (dict(table="recruitment", column="ethnicity", add=2, org_code="QHG"),
     r"'ethnicity' is not a count of recruitment.csv; its counts are shortlisted, appointed"),
    (dict(table="boards", column="voting", add=1),
     r"the data holds no table 'boards' to change"),
    (dict(table="recruitment", column="appointed", org_code="QHG"),
     r"exactly one of add= \(the change\) or set_to="),
])
def test_a_change_the_data_could_not_hold_is_refused_with_the_row_and_what_to_do(data, kwargs, message):
    with pytest.raises(DataError, match=message) as caught:
        what_if(data, **kwargs)
    assert caught.value.describe().startswith("The what-if change cannot be made:")
