"""Who is compared, who is left out and why, and honest names (wreslib.benchmark.scope)."""

from __future__ import annotations

import pytest

from wreslib.benchmark.scope import describe, population
from wreslib.data.read import read_data
from wreslib.errors import DataError, NotInDataError

ORGS = ("org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\nBBB,Beta ICB,ICB,London\n"
        "CCC,Gamma Trust,Trust,Midlands\nDDD,Delta ICB,ICB,Midlands\n")
WORKFORCE = ("org_code,year,staff_group,band,ethnicity,headcount\n"
             "AAA,2024,non-clinical,Band 5,White,80\nAAA,2024,non-clinical,Band 5,BME,20\n"
             "BBB,2024,clinical,Band 6,White,50\nBBB,2024,clinical,Band 6,BME,-5\n"
             "CCC,2024,clinical,Band 6,White,50\nCCC,2024,clinical,Band 6,BME,50\n"
             "DDD,2023,clinical,Band 6,White,50\n")


def test_names_say_how_many_of_what_are_in_the_data():
    assert describe(["ICB"] * 42) == "the 42 ICBs in this data"
    assert describe(["ICB", "Trust"]) == "the 2 organisations in this data"
    assert describe(["ICB"] * 6, "in London") == "the 6 ICBs in London in this data"
    assert describe(["ICB"]) == "the one ICB in this data"


def test_organisations_with_faults_or_without_the_year_are_left_out_with_the_reason(make_data):
    data = read_data(make_data(organisations=ORGS, workforce=WORKFORCE))
    p = population(data, 2024)
    assert p.codes == ["AAA", "CCC"]
    reasons = {e.org_code: e.reason for e in p.excluded}
    assert set(reasons) == {"BBB", "DDD"}
    assert "headcount" in reasons["BBB"] and "-5" in reasons["BBB"]
    assert reasons["DDD"] == "no workforce rows in 2024"
    assert p.name == "the 2 organisations in this data"


def test_members_of_each_group(make_data):
    data = read_data(make_data(organisations=ORGS, workforce=WORKFORCE))
    p = population(data, 2024, region="London")
    groups = p.groups.set_index(["scope", "group"])
    assert groups.loc[("region", "London"), "organisations"] == 1
    assert groups.loc[("rest", "outside London"), "name"] == "the one trust outside London in this data"
    assert groups.loc[("org_type", "Trust"), "name"] == "the one trust in this data"


def test_a_name_can_be_given_when_the_caller_knows_better(make_data):
    data = read_data(make_data(organisations=ORGS, workforce=WORKFORCE))
    assert population(data, 2024, name="England").name == "England"


def test_a_region_with_no_organisation_compared_is_an_error_naming_the_regions(make_data):
    data = read_data(make_data(organisations=ORGS, workforce=WORKFORCE))
    with pytest.raises(NotInDataError, match=r"'North West'.*London, Midlands"):
        population(data, 2024, region="North West")


def test_a_year_nobody_has_is_an_error(make_data):
    data = read_data(make_data(organisations=ORGS, workforce=WORKFORCE))
    with pytest.raises(DataError, match="no organisation can be compared in 2019"):
        population(data, 2019)
