"""The batch index: links to reports (this batch's and earlier ones), ratings, failures, escaping."""

from __future__ import annotations

import json
from pathlib import Path

from wreslib.legacy.report.index import write_index
from wreslib.legacy.report.runner import ReportOutcome


def _earlier_report(out: Path, code: str, name: str, ratings: dict[str, str]) -> None:
    folder = out / code / "2024"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<html></html>")
    (folder / "indicators.json").write_text(json.dumps(
        {"org_code": code, "year": 2024, "org_name": name, "region": "East", "synthetic": False, "ratings": ratings}))


def test_index_links_this_batch_and_earlier_reports_and_names_failures(tmp_path):
    _earlier_report(tmp_path, "QHG", "Example ICB", {"2": "red", "9": "amber"})
    outcomes = [
        ReportOutcome("ZS001", 2024, True, org_name="Alpha & <Beta> ICB", region="London", synthetic=True,
                      ratings={n: "green" for n in range(1, 10)}),
        ReportOutcome("ZS003", 2024, False, org_name="Gamma ICB",
                      message="workforce.csv, row 7, column 'headcount', value '-7': expected a whole number"),
    ]
    page = write_index(tmp_path, 2024, outcomes, data_checksum="sha256:abc", data_source="data/x").read_text()
    assert 'href="ZS001/2024/report.html"' in page and 'href="QHG/2024/report.html"' in page
    assert "Alpha &amp; &lt;Beta&gt; ICB" in page and "<Beta>" not in page
    assert 'class="rag rag-red" title="Indicator 2: red"' in page  # the earlier report's rating, from its JSON
    assert "ZS003" in page and "row 7, column &#x27;headcount&#x27;, value &#x27;-7&#x27;" in page
    assert 'href="ZS003/' not in page
    assert "2 reports; <strong>1 failed</strong>" in page


def test_index_ignores_folders_without_a_finished_report(tmp_path):
    (tmp_path / "_failed").mkdir()
    (tmp_path / ".partial-X-2024-abc").mkdir()
    half = tmp_path / "ZZZ" / "2024"
    half.mkdir(parents=True)
    (half / "indicators.json").write_text("{}")  # no report.html beside it
    page = write_index(tmp_path, 2024, [], data_checksum="sha256:abc", data_source="d").read_text()
    assert "ZZZ" not in page and "0 reports" in page
