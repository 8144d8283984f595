"""Disclosure control: small counts hidden in every shared output, including by secondary suppression."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wreslib.legacy.report import fmt
from wreslib.legacy.report.disclosure import (
    SECONDARY,
    is_suppressed,
    protect,
    redact_counts,
    show_count,
    show_protected,
    suppressing,
)


@pytest.mark.parametrize(("n", "threshold", "shown"), [
    (0, 5, "0"), (1, 5, "<5"), (4, 5, "<5"), (5, 5, "5"), (9, 10, "<10"), (10, 10, "10"), (None, 5, "—"),
    (1234, 5, "1,234"),
])
def test_primary_suppression(n, threshold, shown):
    assert show_count(n, threshold) == shown
    assert is_suppressed(n, threshold) is (shown.startswith("<"))


def test_secondary_suppression_hides_the_next_smallest_part():
    # White 40, BME 3, Unknown 10, total 53: BME alone hidden would be 53 - 40 - 10 = 3, so Unknown goes too.
    assert protect([40, 3, 10], 53) == ([False, True, True], False)
    assert show_protected([40, 3, 10], 53) == (["40", "<5", SECONDARY], "53")


def test_two_small_parts_protect_each_other():
    assert protect([10, 2, 1], 13) == ([False, True, True], False)


def test_zero_parts_do_not_count_as_protection():
    # BME 0 and Unknown 2: hiding only Unknown leaves 2 = total - 11 - 0, so the White count is hidden too.
    assert protect([11, 0, 2], 13) == ([True, False, True], False)


def test_total_hidden_when_no_other_part_can_protect():
    assert protect([0, 0, 7], 7, threshold=10) == ([False, False, True], True)


def test_no_suppression_when_nothing_is_small():
    assert protect([288, 96, 16], 400) == ([False, False, False], False)


def test_sentences_use_the_threshold_in_force():
    assert fmt.count(3) == "3"
    with suppressing(10):
        assert fmt.count(7) == "fewer than 10"
        assert fmt.count(10) == "10"
        assert fmt.count(0) == "0"


@pytest.mark.parametrize(("text", "expected"), [
    ("3 of 400 staff in 2024 have band 'Not recorded'", "fewer than 5 of 400 staff in 2024 have band 'Not recorded'"),
    ("only 4 BME respondents for indicator 6 in survey year 2023", "only fewer than 5 BME respondents for indicator 6 "
     "in survey year 2023"),
    ("applicants were appointed at 60.0% (3 of 20) against 15.0%", "applicants were appointed at 60.0% "
     "(fewer than 5 of 20) against 15.0%"),
    ("rows for both 'Band 1-7' and 'Band 5' overlap", "rows for both 'Band 1-7' and 'Band 5' overlap"),
    ("changed from 300 in 2023 to 150 in 2024 (-50%)", "changed from 300 in 2023 to 150 in 2024 (-50%)"),
])
def test_warning_messages_are_redacted(text, expected):
    assert redact_counts(text) == expected


# --- end to end: no suppressed count in any shared output -------------------------------------------

# Every count below the threshold of 50 is a distinctive number that appears nowhere else in the data or
# in the report's fixed text (not 11, the survey's own threshold, nor 31, as in 31 March), so finding it
# as a whole number in a shared output means a suppressed count leaked.
SMALL = {37, 41, 23, 29, 27, 17, 19, 13, 47, 34, 43, 39}
ORGS = "org_code,org_name,org_type,region\nAAA,Alpha ICB,ICB,London\n"
WORKFORCE = """org_code,year,staff_group,band,ethnicity,headcount
AAA,2023,non-clinical,Band 5,White,230
AAA,2023,non-clinical,Band 5,BME,37
AAA,2023,non-clinical,Band 8a,White,180
AAA,2023,non-clinical,Band 8a,BME,41
AAA,2023,non-clinical,Band 8a,Unknown,23
AAA,2024,non-clinical,Band 5,White,260
AAA,2024,non-clinical,Band 5,BME,29
AAA,2024,non-clinical,Band 8a,White,190
AAA,2024,non-clinical,Band 8a,BME,27
AAA,2024,non-clinical,Band 8a,Unknown,17
AAA,2024,other,Not recorded,White,19
"""
RECRUITMENT = """org_code,year,ethnicity,shortlisted,appointed
AAA,2024,White,300,120
AAA,2024,BME,280,13
AAA,2024,Unknown,47,34
"""
TRAINING = "org_code,year,ethnicity,accessed\nAAA,2024,White,210\nAAA,2024,BME,43\nAAA,2024,Unknown,0\n"
BOARD = "org_code,year,ethnicity,voting,executive\nAAA,2024,White,60,\nAAA,2024,BME,39,\n"


def _numbers(text: str) -> set[int]:
    text = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", text)
    return {int(m) for m in re.findall(r"(?<![\w.\-])(\d+)(?![\w.%\-])", text)}


@pytest.mark.slow
def test_no_suppressed_count_appears_in_any_shared_output(tmp_path, make_data):
    from wreslib.legacy.report.runner import ReportOptions, render_report

    folder = make_data(organisations=ORGS, workforce=WORKFORCE, recruitment=RECRUITMENT, training=TRAINING,
                       board=BOARD)
    render_report(folder, "AAA", 2024, tmp_path / "out", ReportOptions(suppress_below=50))
    report = tmp_path / "out" / "AAA" / "2024"
    shared = {"report.html": (report / "report.html").read_text(), "indicators.csv": (report / "indicators.csv")
              .read_text(), "index": ""}
    xlsx = report / "indicators.xlsx"
    if xlsx.exists():
        from openpyxl import load_workbook

        book = load_workbook(xlsx, read_only=True)
        shared["indicators.xlsx"] = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True)
                                             for c in row if c is not None)
    for name, text in shared.items():
        leaked = _numbers(text) & SMALL
        assert not leaked, f"{name} shows suppressed counts {sorted(leaked)}"
    html = shared["report.html"]
    assert "&lt;50" in html and "fewer than 50" in html
    assert "[c]" in html  # secondary suppression happened somewhere (e.g. Unknown 17 beside a shown total)
    # The published measures stay visible: the relative likelihood (120/300) / (13/280) = 8.62 (2 dp).
    assert "8.62" in html


def test_fixture_small_counts_are_exactly_the_counts_below_the_threshold():
    counts = []
    for text in (WORKFORCE, RECRUITMENT, TRAINING, BOARD):
        for line in text.splitlines()[1:]:
            counts += [int(cell) for cell in line.split(",")[3:] if cell.isdigit()]
    assert {n for n in counts if 0 < n < 50} == SMALL
    assert len([n for n in counts if n in SMALL]) == len(SMALL)  # each appears once


def test_docs_state_what_stays_visible():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text()
    assert "*What stays visible, and why*: relative likelihoods" in doc and "Secondary suppression" in doc


def _small_counts_in_view(html: str) -> list[str]:
    """Places where a count from 1 to 4 would show: a bare table cell, "N of M", "n = N", "N staff"."""
    text = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+", "", html)
    found = re.findall(r"<td>[1-4]</td>", text)
    found += re.findall(r"(?<![\w.\-])[1-4] of \d", text)
    found += re.findall(r"n = [1-4](?![\d.])", text)
    found += re.findall(r"(?<![\w.\-])[1-4] (?:staff|applicants|members|respondents)\b", text)
    return found


@pytest.mark.slow
def test_the_example_report_shows_no_small_count(rendered_example):
    # The example holds counts of 1 to 4 (1 unknown-ethnicity applicant appointed in 2022, 1 board member of
    # unknown ethnicity, 3 staff with no recorded band, 3 BME staff accessing training in 2024).
    html = (rendered_example / "report.html").read_text()
    assert _small_counts_in_view(html) == []
    assert "&lt;5" in html


@pytest.mark.slow
def test_synthetic_reports_show_no_small_count(tmp_path):
    from wreslib.legacy.report.runner import render_report

    data = Path(__file__).resolve().parents[2] / "data" / "synthetic"
    for org in ("ZS004", "ZS008"):  # a small ICB, and one with no BME board members
        outcome = render_report(data, org, 2024, tmp_path)
        html = (outcome.folder / "report.html").read_text()
        assert _small_counts_in_view(html) == [], org


def test_the_leak_finder_finds_leaks():
    assert _small_counts_in_view("<td>3</td> (2 of 13) n = 4 1 staff") == ["<td>3</td>", "2 of 1", "n = 4",
                                                                            "1 staff"]
    assert _small_counts_in_view("<td>&lt;5</td> 24.0% of 400 staff, 2024, Band 1-7, 11 respondents") == []
