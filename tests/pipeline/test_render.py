"""Rendering reports for real: papermill runs the notebook on a kernel, nbconvert exports the shared page
(marked ``notebook``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from wreslib.cli import main
from wreslib.pipeline.render import OutputError, render_report

pytestmark = pytest.mark.notebook
ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "data" / "example"


def test_a_report_folder_holds_the_shared_files_and_keeps_working_files_private(rendered_example):
    names = sorted(p.name for p in rendered_example.iterdir())
    assert names == ["indicators.csv", "indicators.xlsx", "manifest.json", "private", "report.html"]
    assert sorted(p.name for p in (rendered_example / "private").iterdir()) == ["indicators.json", "report.ipynb"]


def test_the_shared_page_has_no_code_parameters_or_machine_paths(rendered_example):
    html = (rendered_example / "report.html").read_text(encoding="utf-8")
    for leak in ("report.build(", "import ", "data_dir", "tables_dir", str(EXAMPLE), "/work/", "In&nbsp;[",
                 "Traceback"):
        assert leak not in html, leak
    assert "Workforce Race Equality Standard report 2024" in html
    assert re.search(r"checksum sha256:[0-9a-f]{64}", html)


def test_the_executed_notebook_reads_as_a_report(rendered_example):
    nb = nbformat.read(str(rendered_example / "private" / "report.ipynb"), as_version=4)
    kinds = {kind for cell in nb.cells for out in cell.get("outputs", []) for kind in out.get("data", {})}
    assert {"text/markdown", "text/html", "image/svg+xml"} <= kinds
    assert any("<table" in out["data"].get("text/html", "") for cell in nb.cells for out in cell.get("outputs", []))


def test_the_manifest_names_only_shared_files_and_holds_no_counts(rendered_example):
    manifest = json.loads((rendered_example / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == ["report.html", "indicators.csv", "indicators.xlsx", "manifest.json"]
    assert manifest["ratings"]["2"] == "red"
    assert "private" not in json.dumps(manifest["files"])


def test_a_report_renders_from_a_folder_given_relative_to_here(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["report", "--data", "data/example", "--org", "QHG", "--year", "2024", "--out", str(tmp_path)])
    assert code == 0
    html = (tmp_path / "QHG" / "2024" / "report.html").read_text(encoding="utf-8")
    assert "Data data/example, checksum" in html
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "QHG/2024/report.html" in index and "private" not in index


def test_an_output_folder_under_a_file_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="the output folder cannot be written"):
        render_report(EXAMPLE, "QHG", 2024, blocker / "out")
    assert main(["report", "--data", str(EXAMPLE), "--org", "QHG", "--year", "2024", "--out",
                 str(blocker / "out")]) == 2


def test_a_failing_notebook_keeps_no_report_and_says_why(tmp_path):
    broken = tmp_path / "broken.ipynb"
    nb = nbformat.read(str(ROOT / "notebooks" / "wres_report.ipynb"), as_version=4)
    nb.cells[3].source = "raise ValueError('a cell failed on purpose')"
    nbformat.write(nb, str(broken))
    from wreslib.errors import ReportError

    with pytest.raises(ReportError, match="a cell failed on purpose"):
        render_report(EXAMPLE, "QHG", 2024, tmp_path / "out", notebook=broken)
    assert not (tmp_path / "out" / "QHG").exists()
    assert (tmp_path / "out" / "_failed" / "QHG-2024.ipynb").exists()
    note = json.loads((tmp_path / "out" / "_failed" / "QHG-2024.json").read_text(encoding="utf-8"))
    assert "a cell failed on purpose" in note["message"]
