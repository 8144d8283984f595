"""benchmark.csv and benchmark.xlsx as records (wreslib.benchmark.rows), written by wreslib.export."""

from __future__ import annotations

import csv
import json

import pytest

from wreslib.benchmark.rows import CONTRACT_COLUMNS, CSV_COLUMNS, SECTIONS, csv_rows, records, xlsx_sheets
from wreslib.export import write_csv, write_xlsx

FLAGS = {"within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed"}


@pytest.fixture(scope="module")
def demo_rows(demo_bench):
    return csv_rows(demo_bench)


def test_the_csv_has_the_contracts_columns_first(demo_rows):
    assert CSV_COLUMNS[: len(CONTRACT_COLUMNS)] == (
        "section", "org_code", "year", "indicator", "value", "ci_low", "ci_high", "funnel_flag")
    assert all(list(r) == list(CSV_COLUMNS) for r in demo_rows[:50])
    for extra in ("measure", "scope", "group", "org_name", "region", "unit", "p_value", "p_adjusted"):
        assert extra in CSV_COLUMNS


def test_written_with_export_it_is_utf8_with_a_bom_and_no_comment_lines(demo_rows, tmp_path):
    path = write_csv(demo_rows, tmp_path / "benchmark.csv", columns=CSV_COLUMNS)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert not any(line.startswith("#") for line in text.splitlines())
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == len(demo_rows)
    assert {r["section"] for r in rows} == set(SECTIONS) - {"excluded"}


def test_every_organisation_on_a_funnel_has_a_flag_and_others_have_none(demo_rows):
    own = [r for r in demo_rows if r["section"] == "organisation"]
    on_funnel = [r for r in own if r["indicator"] <= 4]
    assert on_funnel and all(r["funnel_flag"] in FLAGS for r in on_funnel)
    assert all(r["funnel_flag"] is None for r in own if r["indicator"] >= 5)
    assert len([r for r in own if r["indicator"] == 2]) == 42


def test_the_csv_holds_no_organisations_own_counts(demo_rows):
    own = [r for r in demo_rows if r["section"] in ("organisation", "movement")]
    assert all(r[c] is None for r in own for c in ("white_cases", "white_total", "bme_cases", "bme_total"))
    pooled = [r for r in demo_rows if r["section"] == "rollup"]
    assert all(r["white_total"] is not None for r in pooled if r["measure"] == "relative_likelihood")


def test_an_unbounded_ratio_is_null_with_its_finite_lower_bound(demo_rows):
    unbounded = [r for r in demo_rows if r["section"] == "organisation" and r["measure"] == "relative_likelihood"
                 and r["value"] is None and r["ci_low"] is not None]
    assert unbounded
    assert all(r["ci_high"] is None and r["reason"].startswith("unbounded") for r in unbounded)


def test_provenance_is_in_columns(demo_rows, demo_bench):
    first = demo_rows[0]
    assert first["data_checksum"] == demo_bench.computation.data.checksum
    assert json.loads(first["parameters"])["year"] == 2024


def test_funnel_section_states_the_numbers_beside_what_chance_gives(demo_rows):
    funnel = {(r["indicator"], r["view"], r["measure"]): r["value"] for r in demo_rows
              if r["section"] == "funnel" and r["staff_group"] is None}
    assert funnel[(2, "parity", "outside_95")] == 18
    assert 1.5 < funnel[(2, "parity", "expected_outside_95")] < 2.5
    assert funnel[(2, "peer", "tau2")] > 0


def test_records_are_strict_json(demo_rows):
    json.dumps(demo_rows, allow_nan=False)


def test_records_round_like_every_wreslib_table():
    assert records(__import__("pandas").DataFrame({"value": [2.0 / 3.0], "p_adjusted": [1.23456e-7],
                                                   "rank": [3.0]})) == [
        {"value": 0.6667, "p_adjusted": 1.235e-07, "rank": 3}]


def test_the_workbook_has_a_summary_matrix_and_a_sheet_per_indicator(demo_bench, tmp_path):
    sheets = xlsx_sheets(demo_bench)
    assert list(sheets)[:10] == ["Summary", "1 Senior bands", "2 Appointment", "3 Disciplinary", "4 Training",
                                 "5 Public abuse", "6 Staff abuse", "7 Equal opportunity", "8 Discrimination",
                                 "9 Board"]
    summary = sheets["Summary"]
    assert len(summary) == 42
    assert all(summary[0][str(n)] in {"red", "amber", "green", "grey"} for n in range(1, 10))
    assert "Region vs rest" in sheets
    path = write_xlsx(sheets, tmp_path / "benchmark.xlsx", demo_bench.provenance)
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    assert book.sheetnames[:2] == ["Summary", "1 Senior bands"] and "provenance" in book.sheetnames
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_summary_ratings_are_the_reports_ratings(demo_bench):
    from wreslib.measures.compute import compute_indicators

    own = compute_indicators(demo_bench.computation.data, "ZS005", 2024, trend_years=1)
    row = demo_bench.ratings.set_index("org_code").loc["ZS005"]
    assert own.likelihood(2).rating.rag == row["2"]
    assert own.workforce.rating.rag == row["1"]
    assert own.board.rating.rag == row["9"]
