"""wres report and wres batch end to end: files, code-free HTML, escaping, atomic output, failure isolation."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from wreslib.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "data" / "synthetic"


def test_report_folder_holds_the_four_outputs(rendered_example):
    for name in ("report.html", "report.ipynb", "indicators.json", "indicators.csv"):
        assert (rendered_example / name).stat().st_size > 0, name
    doc = json.loads((rendered_example / "indicators.json").read_text())
    assert doc["indicators"]["2"]["relative_likelihood"] == pytest.approx(3.44, abs=0.005)
    csv_text = (rendered_example / "indicators.csv").read_text()
    assert csv_text.startswith("# WRES indicators; data checksum sha256:")
    assert "White relative to BME, appointed from shortlisting" in csv_text


def test_html_has_no_code_no_parameters_cell_and_is_self_contained(rendered_example):
    html = (rendered_example / "report.html").read_text()
    for leak in ("build_context(", "present.", "import ", "injected-parameters", "# Parameters", "jp-InputArea",
                 "Analyst note", 'data_dir = "', 'org_code = "'):
        assert leak not in html, leak
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) >= 4
    assert len(html) < 2_500_000


def test_html_carries_every_section_of_the_published_report(rendered_example):
    html = (rendered_example / "report.html").read_text()
    for text in ("Introduction", "Our workforce and our population", "Summary", "Key findings",
                 *[f"Indicator {n}:" for n in range(1, 10)], "Action plan", "Conclusion",
                 "Appendix: methods and data quality", "Luton", "3.44", "What the data is telling us",
                 "Data checksum", "BME staff focus groups"):
        assert text in html, text
    assert 'class="synthetic-banner"' not in html


def test_html_provenance_names_checksum_version_and_parameters(rendered_example):
    import wreslib
    from wreslib.data.read import read_data

    html = (rendered_example / "report.html").read_text()
    assert read_data(ROOT / "data" / "example").checksum in html
    assert f"wreslib {wreslib.__version__}" in html
    assert "&quot;org_code&quot;: &quot;QHG&quot;" in html


def test_report_command_and_bad_input(tmp_path, capsys, make_data):
    folder = make_data(training="org_code,year,ethnicity,accessed\nAAA,2024,White,-2\n")
    code = main(["report", "--data", str(folder), "--org", "AAA", "--year", "2024", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert "training.csv, row 2, column 'accessed', value '-2'" in err
    assert not (tmp_path / "o" / "AAA").exists()


def test_failing_notebook_keeps_its_partial_notebook_apart(tmp_path):
    from wreslib.errors import ReportError
    from wreslib.legacy.report.runner import NOTEBOOK, render_report

    nb = json.loads(NOTEBOOK.read_text())
    nb["cells"].insert(3, {"cell_type": "code", "id": "simulated-failure", "metadata": {}, "execution_count": None,
                           "outputs": [],
                           "source": "raise RuntimeError('simulated failure in a cell')"})
    broken = tmp_path / "broken.ipynb"
    broken.write_text(json.dumps(nb))
    out = tmp_path / "out"
    with pytest.raises(ReportError, match="QHG 2024: the report notebook failed: RuntimeError: simulated failure"):
        render_report(ROOT / "data" / "example", "QHG", 2024, out, notebook=broken)
    assert not (out / "QHG").exists()
    assert (out / "_failed" / "QHG-2024.ipynb").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".partial")]


@pytest.fixture(scope="module")
def batch_result(tmp_path_factory):
    """A batch over four synthetic ICBs, one of them broken in its workforce rows."""
    from wreslib.legacy.report.runner import run_batch

    data = tmp_path_factory.mktemp("synthetic") / "data"
    shutil.copytree(SYNTHETIC, data)
    wf = data / "workforce.csv"
    lines = wf.read_text().splitlines()
    broken_line = next(i for i, ln in enumerate(lines) if ln.startswith("ZS003,2024"))
    parts = lines[broken_line].split(",")
    parts[-1] = "-7"
    lines[broken_line] = ",".join(parts)
    wf.write_text("\n".join(lines) + "\n")
    out = tmp_path_factory.mktemp("batch")
    angle = _angle_org(data)
    orgs = ["ZS001", "ZS002", "ZS003", angle]
    result = run_batch(data, 2024, out, orgs=orgs, jobs=2, progress=False)
    return result, out, broken_line + 1, angle


def _angle_org(data: Path) -> str:
    import csv

    with open(data / "organisations.csv", newline="") as f:
        return next(r["org_code"] for r in csv.DictReader(f) if "<" in r["org_name"])


def test_batch_isolates_the_broken_organisation(batch_result):
    result, out, row, angle = batch_result
    assert [o.org_code for o in result.failed] == ["ZS003"]
    failed = result.failed[0]
    assert f"workforce.csv, row {row}, column 'headcount', value '-7'" in failed.message
    assert not (out / "ZS003").exists()
    for code in ("ZS001", "ZS002", angle):
        assert (out / code / "2024" / "report.html").exists()


def test_batch_index_links_every_report_and_names_every_failure(batch_result):
    _, out, row, angle = batch_result
    index = (out / "index.html").read_text()
    for code in ("ZS001", "ZS002", angle):
        assert f'href="{code}/2024/report.html"' in index
    assert "Failed" in index and "ZS003" in index and f"row {row}" in index


def test_synthetic_reports_carry_the_banner_and_escape_data_text(batch_result):
    _, out, _, angle = batch_result
    html = (out / angle / "2024" / "report.html").read_text()
    assert 'class="synthetic-banner"' in html and "Synthetic data." in html
    assert "<Angle>" not in html and "&lt;Angle&gt;" in html
    assert "<b>bold?</b>" not in html
    index = (out / "index.html").read_text()
    assert "<Angle>" not in index and "&lt;Angle&gt;" in index


def test_batch_command_exit_status(tmp_path, capsys):
    code = main(["batch", "--data", str(SYNTHETIC), "--year", "2024", "--orgs", "ZS001,NOPE", "--jobs", "1",
                 "--out", str(tmp_path), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "FAILED NOPE" in captured.err and "organisation 'NOPE' is not in the data" in captured.err
    assert (tmp_path / "ZS001" / "2024" / "report.html").exists()
    assert "1 of 2 reports made" in captured.out


def test_rerunning_a_report_replaces_it_whole(tmp_path):
    from wreslib.legacy.report.runner import render_report

    render_report(ROOT / "data" / "example", "QHG", 2024, tmp_path)
    stale = tmp_path / "QHG" / "2024" / "stale.txt"
    stale.write_text("left over")
    render_report(ROOT / "data" / "example", "QHG", 2024, tmp_path)
    assert not stale.exists()
    assert (tmp_path / "QHG" / "2024" / "report.html").exists()


def test_small_counts_are_suppressed_in_tables_sentences_and_charts(rendered_example):
    html = (rendered_example / "report.html").read_text()
    # 2022: 1 applicant of unknown ethnicity appointed (of 19); 2024: 3 staff in band 'Not recorded'.
    assert "<td>&lt;5</td>" in html
    assert "Fewer than 5 staff have no recorded band" in html
    assert "3 staff have no recorded band" not in html
    assert "of whom 1 were appointed" not in html
