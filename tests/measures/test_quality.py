"""Data-quality warnings: what an analyst should see before publishing."""

from __future__ import annotations

from wreslib.data.read import read_data
from wreslib.measures.compute import compute_indicators

ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\n"


def warnings_of(make_data, year=2024, **tables) -> list[str]:
    tables.setdefault("organisations", ORGS)
    data = read_data(make_data(**tables))
    return [w.message for w in compute_indicators(data, "AAA", year).warnings]


WF = ("org_code,year,staff_group,band,ethnicity,headcount\n"
      "AAA,2024,clinical,Band 5,White,100\nAAA,2024,clinical,Band 5,BME,50\n")


def test_overlapping_bands_are_flagged(make_data):
    wf = WF + "AAA,2024,clinical,Band 1-7,White,10\n"
    msgs = warnings_of(make_data, workforce=wf)
    assert any("rows for both 'Band 1-7' and 'Band 5', which overlap" in m for m in msgs)


def test_not_recorded_band_is_flagged(make_data):
    wf = WF + "AAA,2024,other,Not recorded,White,3\n"
    assert any("3 of 153 staff in 2024 have band 'Not recorded'" in m for m in warnings_of(make_data, workforce=wf))


def test_high_unknown_ethnicity_is_flagged(make_data):
    wf = WF + "AAA,2024,clinical,Band 5,Z,30\n"  # 30/180 = 16.7%
    assert any("ethnicity is unknown for 30 of 180 staff (16.7%)" in m for m in warnings_of(make_data, workforce=wf))


def test_large_headcount_change_is_flagged(make_data):
    wf = WF + "AAA,2023,clinical,Band 5,White,300\n"  # 300 -> 150 = -50%
    assert any("changed from 300 in 2023 to 150 in 2024 (-50%)" in m for m in warnings_of(make_data, workforce=wf))


def test_unknown_applicants_appointed_out_of_proportion(make_data):
    rec = ("org_code,year,ethnicity,shortlisted,appointed\n"
           "AAA,2024,White,100,20\nAAA,2024,BME,100,10\nAAA,2024,Unknown,20,12\n")
    # Unknown 12/20 = 60% against (20+10)/200 = 15% for the known groups.
    msgs = warnings_of(make_data, workforce=WF, recruitment=rec)
    assert any("appointed at 60.0% (12 of 20) against 15.0%" in m for m in msgs)


def test_training_numerator_above_headcount_names_both_tables(make_data):
    tr = "org_code,year,ethnicity,accessed\nAAA,2024,White,120\nAAA,2024,BME,5\nAAA,2024,Unknown,0\n"
    msgs = warnings_of(make_data, workforce=WF, training=tr)
    assert any("120 White staff accessed in 2024 but the workforce has 100 White staff" in m for m in msgs)


def test_survey_respondents_above_headcount_and_inconsistent_percent(make_data):
    wf = WF + "AAA,2023,clinical,Band 5,White,100\nAAA,2023,clinical,Band 5,BME,50\n"
    survey = ("org_code,survey_year,indicator,ethnicity,respondents,percent\n"
              "AAA,2023,5,White,90,10\nAAA,2023,5,BME,60,33.3\nAAA,2023,6,BME,3,50\n")
    msgs = warnings_of(make_data, workforce=wf, survey=survey)
    assert any("60 BME respondents for indicator 5 but only 50 BME staff" in m for m in msgs)
    # 33.3% of 60 would be 19.98 people: 20/60 = 33.33% rounds to 33.3, so that one is fine...
    assert not any("33.3% of 60" in m for m in msgs)
    # ...but 50% of 3 respondents is 1.5 people.
    assert any("50.0% of 3 respondents is not a whole number" in m for m in msgs)
    assert any("only 3 BME respondents for indicator 6" in m for m in msgs)


def test_clean_data_gives_no_warnings(make_data):
    assert warnings_of(make_data, workforce=WF) == []


def test_quality_warnings_name_the_organisation(make_data):
    wf = WF + "AAA,2024,other,Not recorded,White,3\n"
    data = read_data(make_data(organisations=ORGS, workforce=wf))
    assert all(w.org_code == "AAA" for w in compute_indicators(data, "AAA", 2024).warnings)
