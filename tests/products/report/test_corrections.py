"""The report's corrections to figures the organisation published before: page one names the most
prominent, the appendix lists every one, and none gives back a count the small-number rule hides."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from wreslib.products import report

ROOT = Path(__file__).parents[3]
EXAMPLE = ROOT / "data" / "example"


def visible(html: str) -> str:
    text = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"data:image/svg\+xml;base64,\S+", "", text)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


@pytest.fixture(scope="module")
def example():
    return report.build(EXAMPLE, "QHG", 2024)


def section_text(r, name: str) -> str:
    return visible(getattr(r, name)().html())


def test_page_one_names_the_published_summary_figures_first_with_the_value_the_counts_give(example):
    text = section_text(example, "summary")
    assert "Corrections to figures published before" in text
    # The published summary table (line 62) prints 0.52 for indicator 4 in 2023. By hand from the
    # example's workforce.csv and non_mandatory_training rows: White 43 of 309, BME 24 of 99.
    by_hand = (43 / 309) / (24 / 99)
    assert round(by_hand, 2) == 0.57
    assert "Indicator 4, 2023: printed 0.52; the counts give 0.57." in text
    # Page one carries at most three corrections; the rest are in the appendix.
    callout = text.split("Corrections to figures published before", 1)[1]
    assert len(re.findall(r"Indicator \d, 20\d\d: printed", callout)) <= 3


def test_the_appendix_lists_each_disagreeing_figure_once_with_where_it_was_printed(example):
    text = section_text(example, "appendix")
    assert "Figures published before, checked against the counts" in text
    # The same 0.52 is printed twice (summary table, line 62; indicator 4 table, line 168): listed once.
    assert text.count("Indicator 4, 2023: printed 0.52") == 1
    assert "(Printed in: Summary table, indicator 4, line 62.)" in text
    # The diagnosis the audit gives, in the report's words: 89 for 99 gives (43/309) / (24/89).
    assert round((43 / 309) / (24 / 89), 3) == 0.516
    assert "were 89 instead of 99" in text


def test_no_correction_gives_back_a_count_the_small_number_rule_hides(example):
    text = visible(example.page())
    # Indicator 2, 2022: the published 10.5% for unknown-ethnicity applicants rests on 1 appointed of 19
    # shortlisted (below the default threshold of 5), so the report names the slip but not the value 1/19 = 5.3%.
    assert "Indicator 2, 2022: printed 10.5%, which the counts do not give" in text
    assert not re.search(r"(?<![\d.])5\.3%", text)
    assert "Unknown applicants appointed" not in text
    # Indicator 9, 2024: BME voting board members are 2 of 13. Board membership may be shown (public
    # office), but a correction resting on a count below the threshold is held back all the same.
    assert "printed 25%; the counts give 15%" not in text
    # The checks of the published tables quote small counts (White 1, BME 2 in no band table).
    assert "in no band table" not in text
    assert re.search(r"\d+ checks of the published tables against each other fail", text)


def test_without_published_figures_the_report_has_no_corrections(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    (data / "published.csv").unlink()
    r = report.build(data, "QHG", 2024)
    page = visible(r.page())
    assert "Corrections to figures published before" not in page
    assert "Figures published before, checked against the counts" not in page


def test_published_figures_that_all_agree_are_said_to_agree(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    # One figure checked by hand against the example's counts: the headcount (workforce.csv's 2024 rows
    # total 400, as the published introduction says).
    (data / "published.csv").write_text(
        "org_code,year,indicator,measure,value,source,staff_group,band,group\n"
        "QHG,2024,1,headcount,400,\"Introduction, line 44\",,,\n", encoding="utf-8")
    text = section_text(report.build(data, "QHG", 2024), "summary")
    assert "All 1 figures of the report published before agree with the counts." not in text
    assert "The 1 figure of the report published before agrees with the counts." in text
