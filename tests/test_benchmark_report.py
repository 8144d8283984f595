"""The benchmark page: its notebook, its sections, the runner, the batch index link and each report's peer position."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wreslib.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "wres_benchmark.ipynb"
SYNTHETIC = ROOT / "data" / "synthetic"


def _notebook() -> dict:
    return json.loads(NOTEBOOK.read_text())


# --- the notebook -------------------------------------------------------------------------------------

def test_first_code_cell_is_tagged_parameters_with_typed_commented_defaults():
    first = next(c for c in _notebook()["cells"] if c["cell_type"] == "code")
    assert "parameters" in first["metadata"]["tags"]
    lines = [ln for ln in "".join(first["source"]).splitlines() if ln.strip()]
    for name, kind in (("data_dir", "str"), ("year", "int"), ("group_by", "str"), ("suppress_below", "int")):
        assert any(re.match(rf"^{name}: {kind} = .+  # \S", ln) for ln in lines), name


def test_parameters_match_papermill_inspection():
    import papermill

    params = papermill.inspect_notebook(str(NOTEBOOK))
    assert set(params) == {"data_dir", "year", "group_by", "suppress_below"}
    assert {k: v["inferred_type_name"] for k, v in params.items()} == {
        "data_dir": "str", "year": "int", "group_by": "str", "suppress_below": "int"}
    assert params["data_dir"]["default"] == '"data/synthetic"'
    assert params["year"]["default"] == "2024"
    assert params["group_by"]["default"] == '"region"'
    assert params["suppress_below"]["default"] == "5"


def test_notebook_is_committed_without_outputs():
    for cell in _notebook()["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_notebook_cells_only_call_benchmark_present():
    cells = [c for c in _notebook()["cells"] if c["cell_type"] == "code"][1:]
    for cell in cells:
        for line in "".join(cell["source"]).splitlines():
            if not line.strip() or line.startswith("from wreslib"):
                continue
            assert re.match(r"^(bctx = )?bp\.\w+\(", line), line
            code = re.sub(r"_section\(bctx, [2-4]\)", "", line)
            assert not re.search(r"[-+*/]|\bsum\(|\bmean\(", code), line
            assert not re.search(r"\b\d+(\.\d+)?\b", code), line
    sources = "".join("".join(c["source"]) for c in cells)
    for name in ("title_block", "national_overview", "rollup_table", "survey_section", "board_section",
                 "trends_section", "methods_appendix"):
        assert f"bp.{name}(bctx)" in sources
    for n in (2, 3, 4):
        assert f"bp.funnel_section(bctx, {n})" in sources and f"bp.league_section(bctx, {n})" in sources


# --- the sections, without a kernel -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def bctx():
    from wreslib.legacy.report.benchmark_present import build_benchmark_context

    return build_benchmark_context(SYNTHETIC, 2024)


def test_sections_escape_organisation_names(bctx):
    from wreslib.legacy.report import benchmark_present as bp

    league = bp.league_section(bctx, 2)
    assert "NHS Ampersand &amp; &lt;Angle&gt; Quay Integrated Care Board (synthetic)" in league
    assert "<Angle>" not in league
    board = bp.board_section(bctx)
    assert "&lt;Angle&gt;" in board and "<Angle>" not in board


def test_title_carries_the_synthetic_banner_and_provenance(bctx):
    from wreslib.legacy.report import benchmark_present as bp

    html = bp.title_block(bctx)
    assert 'class="synthetic-banner"' in html
    assert bctx.bench.data_checksum in html
    assert "&quot;group_by&quot;: &quot;region&quot;" in html


def test_methods_appendix_cites_spiegelhalter_and_states_the_limits(bctx):
    from wreslib.legacy.report import benchmark_present as bp

    html = bp.methods_appendix(bctx)
    assert "Spiegelhalter" in html and "Statistics in Medicine 2005;24:1185–1202" in html
    assert "1.96" in html and "3.09" in html and "summed" in html


def test_small_board_counts_are_suppressed(bctx):
    from wreslib.legacy.report import benchmark_present as bp

    html = bp.board_section(bctx)
    assert "&lt;5" in html  # boards of 10-16 members have 1-4 BME members


def test_rollup_table_lists_every_region_and_all_organisations(bctx):
    from wreslib.legacy.report import benchmark_present as bp

    html = bp.rollup_table(bctx)
    for region in ("East of England", "London", "Midlands", "North East and Yorkshire", "North West",
                   "South East", "South West", "All organisations"):
        assert f">{region}<" in html


def test_peer_block_says_rank_and_funnel_position():
    from wreslib.legacy.measures.benchmark import peer_position
    from wreslib.legacy.report.benchmark_present import peer_block

    pos = peer_position(SYNTHETIC, "ZS001", 2024, 2)
    html = peer_block(pos)
    assert "Compared with other ICBs" in html
    assert f"the {pos.rank}" in html and f"Of the {pos.n} ICBs" in html
    # Reports carry the words only: the control limits at the organisation's own size, no chart.
    assert "the 95% control limits around parity are" in html and "<img " not in html
    with_chart = peer_block(pos, chart=True)
    assert "This organisation, ZS001: " in with_chart  # in the chart's text alternative
    assert with_chart.count("<img ") == 1


def test_example_report_context_has_no_peer_block():
    from wreslib.legacy.report import present
    from wreslib.legacy.report.context import build_context

    ctx = build_context(ROOT / "data" / "example", "QHG", 2024)
    for n in (2, 3, 4):
        assert "Compared with other" not in present.indicator_section(ctx, n)


# --- the runner ---------------------------------------------------------------------------------------

def test_render_benchmark_rejects_bad_input_before_starting_a_kernel(tmp_path):
    from wreslib.legacy.report.benchmark_runner import render_benchmark

    with pytest.raises(DataError, match="group_by"):
        render_benchmark(SYNTHETIC, 2024, tmp_path, group_by="county")
    with pytest.raises(DataError, match="no organisation can be benchmarked for 2019"):
        render_benchmark(SYNTHETIC, 2019, tmp_path)
    with pytest.raises(DataError, match="does not exist"):
        render_benchmark(tmp_path / "nowhere", 2024, tmp_path)
    assert not (tmp_path / "benchmark" / "2024").exists()


@pytest.fixture(scope="module")
def rendered_benchmark(tmp_path_factory) -> Path:
    from wreslib.legacy.report.benchmark_runner import render_benchmark

    out = tmp_path_factory.mktemp("bench")
    html = render_benchmark(SYNTHETIC, 2024, out)
    assert html == out / "benchmark" / "2024" / "benchmark.html"
    return out


@pytest.mark.slow
def test_benchmark_page_is_code_free_synthetic_escaped_and_illustrated(rendered_benchmark):
    folder = rendered_benchmark / "benchmark" / "2024"
    html = (folder / "benchmark.html").read_text()
    for leak in ("build_benchmark_context(", "bp.", "import ", "injected-parameters", "# Parameters",
                 "jp-InputArea", "Analyst note", 'data_dir = "'):
        assert leak not in html, leak
    assert 'class="synthetic-banner"' in html
    images = re.findall(r'<img [^>]*src="data:image/png;base64,[^"]*"[^>]*>', html)
    assert len(images) >= 4
    for img in images:
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and len(alt.group(1)) > 40
    assert "NHS Ampersand &amp; &lt;Angle&gt; Quay Integrated Care Board (synthetic)" in html
    assert "<Angle>" not in html
    for heading in ("National overview", "Pooled figures by region", "Indicator 2: funnel plot",
                    "Indicator 3: funnel plot", "Indicator 4: funnel plot", "Indicator 2: league table",
                    "survey gaps across organisations", "boards against their workforce", "Trends",
                    "Appendix: methods", "Spiegelhalter"):
        assert heading in html, heading
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', html)
    assert (folder / "benchmark.ipynb").exists()
    csv_text = (folder / "benchmark.csv").read_text()
    assert csv_text.startswith("# WRES benchmark 2024; data checksum sha256:")
    assert "league,organisation,London,ZS009," in csv_text
    assert "rollup,national,All organisations" in csv_text


@pytest.mark.slow
def test_batch_index_links_the_benchmark_page(rendered_benchmark):
    from wreslib.legacy.report.index import write_index

    index = write_index(rendered_benchmark, 2024, [], data_checksum="sha256:x", data_source=str(SYNTHETIC))
    page = index.read_text()
    assert '<a href="benchmark/2024/benchmark.html">WRES benchmark 2024' in page
    # The link sits at the top, before any report table.
    assert page.index("benchmark/2024/benchmark.html") < page.find("</h1>") + 400


@pytest.mark.slow
def test_a_benchmark_rendered_after_the_batch_is_linked_from_its_index(tmp_path, rendered_benchmark):
    import shutil

    from wreslib.legacy.report.benchmark_runner import _refresh_index
    from wreslib.legacy.report.index import write_index

    out = tmp_path / "out"
    out.mkdir()
    write_index(out, 2024, [], data_checksum="sha256:x", data_source=str(SYNTHETIC))
    assert "benchmark/2024/benchmark.html" not in (out / "index.html").read_text()
    shutil.copytree(rendered_benchmark / "benchmark", out / "benchmark")
    _refresh_index(out)  # what render_benchmark does once the page is in place
    assert '<a href="benchmark/2024/benchmark.html">' in (out / "index.html").read_text()


@pytest.mark.slow
def test_a_synthetic_report_shows_its_peer_position(tmp_path):
    from wreslib.legacy.report.runner import render_report

    outcome = render_report(SYNTHETIC, "ZS001", 2024, tmp_path)
    html = (outcome.folder / "report.html").read_text()
    assert html.count("Compared with other ICBs") == 3  # indicators 2, 3 and 4
    assert "closest to parity" in html and "the 95% control limits around parity are" in html


@pytest.mark.slow
def test_the_example_report_has_no_peer_position(rendered_example):
    assert "Compared with other" not in (rendered_example / "report.html").read_text()
