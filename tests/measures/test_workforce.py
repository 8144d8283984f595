"""Indicator 1 (wreslib.measures.workforce): composition, published ranges, and each staff group's
senior-band likelihood rated on its own. Expected values by hand from the example's counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from wreslib.data.read import read_data
from wreslib.measures.compute import compute_indicators

EXAMPLE = Path(__file__).parents[2] / "data" / "example"


@pytest.fixture(scope="module")
def example():
    data = read_data(EXAMPLE)
    return {y: compute_indicators(data, "QHG", y) for y in (2022, 2023, 2024)}


def test_staff_groups_are_rated_separately_and_show_opposite_patterns_in_2023(example):
    groups = {g.staff_group: g for g in example[2023].workforce.groups}
    # non-clinical: (120 / 226) / (14 / 64) = 2.427; clinical: (50 / 83) / (30 / 35) = 0.703
    assert groups["non-clinical"].likelihood.value == pytest.approx((120 / 226) / (14 / 64))
    assert groups["clinical"].likelihood.value == pytest.approx((50 / 83) / (30 / 35))
    assert groups["non-clinical"].likelihood.position == "above"
    assert groups["clinical"].likelihood.position == "below"


def test_indicator_rating_is_the_most_severe_staff_group_and_names_it(example):
    w = example[2023].workforce
    ratings = {g.staff_group: g.rating.rag for g in w.groups}
    assert w.headline_group in ratings
    severity = {"red": 0, "amber": 1, "green": 2, "grey": 3}
    assert severity[w.rating.rag] == min(severity[r] for r in ratings.values())


def test_overall_composition_matches_the_published_staff_table(example):
    for year, (total, bme) in {2022: (398, 96), 2023: (421, 99), 2024: (400, 96)}.items():
        o = example[year].workforce.overall
        assert (o.total, o.bme) == (total, bme)


def test_published_ranges_for_all_staff_groups(example):
    rows = {(c.staff_group, c.label): c for c in example[2024].workforce.by_published_range}
    # 2024 all staff: Band 1-7 BME 30 + 5 = 35 of 162; Band 8a-VSM 35 + 24 = 59 of 235.
    assert (rows[("all", "Band 1-7")].bme, rows[("all", "Band 1-7")].total) == (35, 162)
    assert (rows[("all", "Band 8a-VSM")].bme, rows[("all", "Band 8a-VSM")].total) == (59, 235)


def test_single_bands_roll_up_into_ranges_and_medical_grades_compare_consultants(make_data):
    wf = ("org_code,year,staff_group,band,ethnicity,headcount\n"
          "AAA,2024,clinical,Band 5,White,40\nAAA,2024,clinical,Band 5,BME,30\n"
          "AAA,2024,clinical,Band 8a,White,20\nAAA,2024,clinical,Band 8b,BME,5\n"
          "AAA,2024,medical,Consultant,White,10\nAAA,2024,medical,Consultant,BME,4\n"
          "AAA,2024,medical,Trainee grade,White,10\nAAA,2024,medical,Trainee grade,BME,16\n")
    folder = make_data(organisations="org_code,org_name,org_type,region\nAAA,A,Trust,London\n", workforce=wf)
    w = compute_indicators(folder, "AAA", 2024).workforce
    groups = {g.staff_group: g for g in w.groups}
    assert groups["clinical"].likelihood.value == pytest.approx((20 / 60) / (5 / 35))
    assert (groups["medical"].senior, groups["medical"].likelihood.value) == ("Consultant",
                                                                              pytest.approx((10 / 20) / (4 / 20)))


def test_no_staff_in_any_range_gives_a_grey_indicator_with_a_rule(make_data):
    wf = "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,other,Not recorded,White,3\n"
    folder = make_data(organisations="org_code,org_name,org_type,region\nAAA,A,Trust,London\n", workforce=wf)
    w = compute_indicators(folder, "AAA", 2024).workforce
    assert w.rating.rag == "grey" and w.rating.rule == "no_groups" and w.groups == ()
