"""benchmark.csv (contract columns first, UTF-8 with a byte-order mark, no comment lines), benchmark.xlsx (a sheet per
indicator and a summary matrix) and manifest.json, written beside the page."""

from __future__ import annotations

import csv
import io
import json

import pytest

CONTRACT = ["section", "org_code", "year", "indicator", "value", "ci_low", "ci_high", "funnel_flag"]


@pytest.fixture(scope="module")
def written(demo_page, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    paths = demo_page.write_tables(folder)
    return folder, paths


def test_the_files_written(written):
    _, paths = written
    assert sorted(p.name for p in paths) == ["benchmark.csv", "benchmark.xlsx", "manifest.json"]


def test_the_csv_opens_cleanly_in_excel(written):
    folder, _ = written
    raw = (folder / "benchmark.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads the file as UTF-8
    text = raw.decode("utf-8-sig")
    lines = text.splitlines()
    assert not any(line.startswith("#") for line in lines)
    rows = list(csv.DictReader(io.StringIO(text)))
    header = lines[0].split(",")
    assert header[:8] == CONTRACT
    assert {"data_checksum", "wreslib_version", "parameters", "software"} <= set(header)
    flags = {r["funnel_flag"] for r in rows if r["section"] == "organisation" and r["indicator"] in "1234"}
    assert flags <= {"within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed"}
    assert {r["section"] for r in rows} >= {"organisation", "rollup", "rollup_change", "funnel", "movement",
                                           "published"}
    # The hostile name survives as text (CSV is not HTML), and every row carries the page's parameters.
    assert any(r["org_name"] == "NHS Ampersand & <Angle> Quay Integrated Care Board (synthetic)" for r in rows)
    parameters = json.loads(rows[0]["parameters"])
    assert parameters == {"year": 2024, "group_by": "region", "region": None, "bme_label": "BME",
                          "suppress_below": 5, "trend_years": 3}
    assert json.loads(rows[0]["software"])["wreslib"] == rows[0]["wreslib_version"]


def test_the_csv_holds_no_organisations_counts_of_people(written):
    folder, _ = written
    rows = list(csv.DictReader(io.StringIO((folder / "benchmark.csv").read_text(encoding="utf-8-sig"))))
    own = [r for r in rows if r["section"] in ("organisation", "movement")]
    assert own and all(r[c] == "" for r in own for c in ("white_cases", "white_total", "bme_cases", "bme_total"))


def test_the_workbook_has_a_summary_matrix_and_a_sheet_per_indicator(written):
    from openpyxl import load_workbook

    folder, _ = written
    book = load_workbook(folder / "benchmark.xlsx", read_only=True)
    names = book.sheetnames
    assert names[0] == "Summary"
    assert names[1:10] == ["1 Senior bands", "2 Appointment", "3 Disciplinary", "4 Training", "5 Public abuse",
                           "6 Staff abuse", "7 Equal opportunity", "8 Discrimination", "9 Board"]
    assert "provenance" in names
    summary = list(book["Summary"].iter_rows(values_only=True))
    assert list(summary[0][:4]) == ["org_code", "org_name", "region", "org_type"]
    assert len(summary) == 1 + 42
    provenance = {row[0]: row[1] for row in book["provenance"].iter_rows(min_row=2, values_only=True)}
    assert provenance["data"] == "data/synthetic" and provenance["data_checksum"].startswith("sha256:")
    assert provenance["software.wreslib"] and provenance["parameters.bme_label"] == "BME"


def test_the_manifest_lets_the_index_list_the_page(written, demo_page):
    folder, _ = written
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "benchmark"
    assert manifest["title"] == "WRES benchmark 2024: the 42 ICBs in this data"
    assert manifest["page"]["title"] == "WRES benchmark 2024: the 42 ICBs in this data (synthetic data)"
    assert (manifest["year"], manifest["region"], manifest["synthetic"]) == (2024, None, True)
    assert manifest["files"] == ["benchmark.html", "benchmark.csv", "benchmark.xlsx", "manifest.json"]
    assert manifest["page_file"] == "benchmark.html"
    assert manifest["provenance"]["data_checksum"] == demo_page.ctx.provenance.data_checksum
    assert manifest["provenance"]["parameters"]["trend_years"] == 3
    assert set(manifest["provenance"]["software"]) >= {"wreslib", "pandas", "matplotlib"}
