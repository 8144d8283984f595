"""The benchmark render job: checks before any kernel starts, the up-to-date rule, and one real ``wres benchmark``
run through papermill and nbconvert (marked ``notebook``), then its region page and a forced remake."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from wreslib.cli import main
from wreslib.errors import DataError
from wreslib.options import ReportOptions
from wreslib.pipeline.benchmark_job import inputs, render_benchmark, up_to_date

ROOT = Path(__file__).parents[2]
SYNTHETIC = ROOT / "data" / "synthetic"


# --- before any kernel --------------------------------------------------------------------------------


def test_a_region_or_year_with_no_one_in_it_fails_before_any_kernel_and_writes_nothing(tmp_path):
    with pytest.raises(DataError, match="region 'Atlantis' holds none of the organisations"):
        render_benchmark(SYNTHETIC, 2024, tmp_path / "out", region="Atlantis")
    with pytest.raises(DataError, match="no organisation can be compared in 2019"):
        render_benchmark(SYNTHETIC, 2019, tmp_path / "out")
    with pytest.raises(DataError, match="group_by must be one of region, org_type"):
        render_benchmark(SYNTHETIC, 2024, tmp_path / "out", group_by="county")
    assert not (tmp_path / "out").exists()


def test_the_command_names_a_bad_option(capsys, tmp_path):
    code = main(["benchmark", "--data", str(SYNTHETIC), "--year", "2024", "--out", str(tmp_path),
                 "--suppress-below", "0"])
    assert code == 2 and "suppress_below (--suppress-below)" in capsys.readouterr().err
    code = main(["benchmark", "--data", str(SYNTHETIC), "--year", "2024", "--out", str(tmp_path), "--region", "Mars"])
    assert code == 2 and "'Mars'" in capsys.readouterr().err


def test_a_page_is_up_to_date_only_for_the_same_inputs(tmp_path, demo_inputs):
    folder = tmp_path / "page"
    folder.mkdir()
    for name in ("benchmark.html", "benchmark.csv", "benchmark.xlsx"):
        (folder / name).write_text("x")
    wanted = demo_inputs
    manifest = {"kind": "benchmark", "notebook": wanted["notebook"],
                "provenance": {k: wanted[k] for k in ("data_checksum", "data", "parameters", "software")}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert up_to_date(folder, wanted)
    for key, value in (("data_checksum", "sha256:other"), ("notebook", "sha256:edited"),
                       ("software", {**wanted["software"], "pandas": "0.0"}),
                       ("parameters", {**wanted["parameters"], "bme_label": "Global Majority"})):
        assert not up_to_date(folder, {**wanted, key: value}), key
    (folder / "benchmark.xlsx").unlink()
    assert not up_to_date(folder, wanted)


@pytest.fixture
def demo_inputs():
    from wreslib.data.read import read_data
    from wreslib.resources import BENCHMARK_NOTEBOOK, notebook

    return inputs(read_data(SYNTHETIC), 2024, "region", None, ReportOptions(), notebook(BENCHMARK_NOTEBOOK),
                  "data/synthetic")


# --- one real run -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("bench-out")
    here = os.getcwd()
    os.chdir(ROOT)  # as an analyst runs it: the data named relative to the working folder
    try:
        code = main(["benchmark", "--data", "data/synthetic", "--year", "2024", "--out", str(out)])
    finally:
        os.chdir(here)
    assert code == 0
    return out, (out / "benchmark" / "2024" / "benchmark.html").read_text(encoding="utf-8")


@pytest.mark.notebook
def test_the_page_folder_holds_the_shared_files_and_keeps_the_notebook_private(made):
    out, _ = made
    folder = out / "benchmark" / "2024"
    assert sorted(p.name for p in folder.iterdir()) == ["benchmark.csv", "benchmark.html", "benchmark.xlsx",
                                                        "manifest.json", "private"]
    assert [p.name for p in (folder / "private").iterdir()] == ["benchmark.ipynb"]
    assert not list((out / "benchmark").glob(".partial-*"))


@pytest.mark.notebook
def test_the_shared_page_has_no_code_parameters_or_machine_folders(made):
    _, html = made
    for leak in ("benchmark.build(", "b.indicator(", "import ", "data_dir", "tables_dir", str(ROOT), "/tmp/",
                 "In&nbsp;[", "Traceback", "Analyst note"):
        assert leak not in html, leak
    assert "Data: data/synthetic, checksum sha256:" in html


@pytest.mark.notebook
def test_the_shared_page_holds_every_section_and_funnel(made):
    _, html = made
    for anchor in ("contents", "summary", *(f"indicator-{n}" for n in range(1, 10)), "rankings", "appendix"):
        assert f'id="{anchor}"' in html, anchor
    images = re.findall(r'<img [^>]*alt="([^"]+)"', html)
    assert len(images) == 6 and all("Within the 95% limits" in alt for alt in images)
    assert "NHS Ampersand &amp; &lt;Angle&gt; Quay" in html and "<Angle>" not in html
    assert '<body class="benchmark synthetic">' in html and "Synthetic data." in html
    assert "The 42 ICBs in this data." in html


@pytest.mark.notebook
def test_the_index_lists_the_page(made):
    out, _ = made
    index = (out / "index.html").read_text(encoding="utf-8")
    link = '<a href="benchmark/2024/benchmark.html">WRES benchmark 2024: the 42 ICBs in this data</a> (synthetic data)'
    assert link in index
    assert "private" not in index


@pytest.mark.notebook
def test_a_second_run_with_the_same_inputs_leaves_the_page_alone(made, capsys):
    out, _ = made
    page = out / "benchmark" / "2024" / "benchmark.html"
    before = page.stat().st_mtime_ns
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["benchmark", "--data", "data/synthetic", "--year", "2024", "--out", str(out)]) == 0
    finally:
        os.chdir(here)
    assert "up to date" in capsys.readouterr().out
    assert page.stat().st_mtime_ns == before


@pytest.mark.notebook
def test_a_region_page_lives_inside_and_survives_the_national_page_being_remade(made, tmp_path):
    out, _ = made
    work = tmp_path / "out"
    shutil.copytree(out, work)
    outcome = render_benchmark(SYNTHETIC, 2024, work, region="London", data_label="data/synthetic")
    region = work / "benchmark" / "2024" / "london"
    assert outcome.made and outcome.page == region / "benchmark.html"
    html = outcome.page.read_text(encoding="utf-8")
    assert "WRES benchmark 2024: London" in html and 'href="../../../ZS002/2024/report.html"' in html
    manifest = json.loads((region / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["kind"], manifest["region"]) == ("benchmark", "London")
    # The national page remade (forced): London's page is carried into the new folder.
    again = render_benchmark(SYNTHETIC, 2024, work, data_label="data/synthetic", force=True)
    assert again.made and (region / "benchmark.html").read_text(encoding="utf-8") == html
