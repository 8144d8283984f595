"""A small hand-made dataset whose pooled figures are worked by hand in the tests.

Four organisations: AAA and BBB (ICBs in London), CCC (ICB) and DDD (a trust) in the Midlands; 2023 and
2024. Counts are chosen so that every pooled figure comes out in round numbers:

- Indicator 1 (non-clinical, Band 8a against Band 5), 2024 and 2023 alike: White in Band 8a 20/100,
  10/60, 30/120, 40/140 (AAA…DDD); BME 5/25, 5/55, 0/10, 10/50.
- Indicator 2, 2024: White appointed 20/100, 16/80, 12/60, 40/200; BME 5/50, 7/70, 0/10 (none: the ratio is
  unbounded), 10/100. 2023: White 25/100, 16/80, 12/60; BME 10/50, 14/70, 2/10; DDD has no 2023 rows.
- Indicator 3, 2024: White entered 2, 0, 1, 3; BME 1, 0, 0, 2 (BBB has no case at all: 0 ÷ 0, yet its
  headcount is pooled).
- Indicator 5 (2023 survey): White 20/200, 15/100, 12/150, DDD 10/100; BME 10/50, 20/80, 2/8, DDD none.
- Indicator 9, 2024 voting: White 8, 6, 10, 9; BME 2, 4, 0, 1.
"""

from __future__ import annotations

import pytest

ORGS = (
    "org_code,org_name,org_type,region\n"
    "AAA,Alpha ICB,ICB,London\n"
    "BBB,Beta ICB,ICB,London\n"
    "CCC,Gamma ICB,ICB,Midlands\n"
    "DDD,Delta Trust,Trust,Midlands\n"
)
# (org, White band 5, BME band 5, White band 8a, BME band 8a, unknown band 5)
_STAFF = (("AAA", 80, 20, 20, 5, 5), ("BBB", 50, 50, 10, 5, 0), ("CCC", 90, 10, 30, 0, 0),
          ("DDD", 100, 40, 40, 10, 0))


def _workforce() -> str:
    lines = ["org_code,year,staff_group,band,ethnicity,headcount"]
    for year in (2023, 2024):
        for code, w5, b5, w8, b8, u5 in _STAFF:
            lines += [f"{code},{year},non-clinical,Band 5,White,{w5}", f"{code},{year},non-clinical,Band 5,BME,{b5}",
                      f"{code},{year},non-clinical,Band 8a,White,{w8}", f"{code},{year},non-clinical,Band 8a,BME,{b8}"]
            if u5:
                lines.append(f"{code},{year},non-clinical,Band 5,Unknown,{u5}")
    return "\n".join(lines) + "\n"


RECRUITMENT = (
    "org_code,year,ethnicity,shortlisted,appointed\n"
    "AAA,2024,White,100,20\nAAA,2024,BME,50,5\n"
    "BBB,2024,White,80,16\nBBB,2024,BME,70,7\n"
    "CCC,2024,White,60,12\nCCC,2024,BME,10,0\n"
    "DDD,2024,White,200,40\nDDD,2024,BME,100,10\n"
    "AAA,2023,White,100,25\nAAA,2023,BME,50,10\n"
    "BBB,2023,White,80,16\nBBB,2023,BME,70,14\n"
    "CCC,2023,White,60,12\nCCC,2023,BME,10,2\n"
)
DISCIPLINARY = (
    "org_code,year,ethnicity,entered\n"
    "AAA,2024,White,2\nAAA,2024,BME,1\n"
    "BBB,2024,White,0\nBBB,2024,BME,0\n"
    "CCC,2024,White,1\nCCC,2024,BME,0\n"
    "DDD,2024,White,3\nDDD,2024,BME,2\n"
)
SURVEY = (
    "org_code,survey_year,indicator,ethnicity,respondents,percent\n"
    "AAA,2023,5,White,200,10\nAAA,2023,5,BME,50,20\n"
    "BBB,2023,5,White,100,15\nBBB,2023,5,BME,80,25\n"
    "CCC,2023,5,White,150,8\nCCC,2023,5,BME,8,25\n"
    "DDD,2023,5,White,100,10\n"
)
BOARD = (
    "org_code,year,ethnicity,voting,executive\n"
    "AAA,2024,White,8,4\nAAA,2024,BME,2,1\n"
    "BBB,2024,White,6,3\nBBB,2024,BME,4,2\n"
    "CCC,2024,White,10,5\nCCC,2024,BME,0,0\n"
    "DDD,2024,White,9,4\nDDD,2024,BME,1,1\n"
)
BENCHMARKS = (
    "benchmark,year,indicator,measure,value,source\n"
    "National (test),2024,2,relative_likelihood,1.59,a published table\n"
    "National (test),2024,5,gap_pp,5.0,a published table\n"
    "National (test),2024,4,relative_likelihood,1.1,a published table\n"
    "National (test),2020,2,relative_likelihood,1.5,an old table\n"
    "National (test),2024,5,median_pp,3.0,a published table\n"
)


TABLES = {"organisations": ORGS, "workforce": _workforce(), "recruitment": RECRUITMENT, "disciplinary": DISCIPLINARY,
          "survey": SURVEY, "board": BOARD, "benchmarks": BENCHMARKS}


@pytest.fixture(scope="session")
def hand_dir(tmp_path_factory):
    """The hand-made folder, written once (the same files ``make_data(**TABLES)`` would write)."""
    folder = tmp_path_factory.mktemp("hand")
    for name, text in TABLES.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def hand(hand_dir):
    from wreslib.data.read import read_data

    data = read_data(hand_dir)
    assert not data.faults, data.faults
    return data


@pytest.fixture(scope="session")
def hand_bench(hand):
    from wreslib.benchmark import compute_benchmark

    return compute_benchmark(hand, 2024, region="London", trend_years=2, reps=400)


@pytest.fixture(scope="session")
def demo():
    from pathlib import Path

    from wreslib.data.read import read_data

    return read_data(Path(__file__).parents[2] / "data" / "synthetic")


@pytest.fixture(scope="session")
def demo_bench(demo):
    from wreslib.benchmark import compute_benchmark

    return compute_benchmark(demo, 2024, region="London")
