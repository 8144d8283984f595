"""The analysts' charts and tables (wreslib.products.explore) and the explore notebook run by papermill."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from wreslib.data.read import read_data
from wreslib.errors import DataError
from wreslib.measures.tidy import indicator_table
from wreslib.products import explore

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "data" / "example"
SYNTHETIC = ROOT / "data" / "synthetic"


@pytest.fixture(scope="module")
def synthetic():
    return read_data(SYNTHETIC)


@pytest.fixture(scope="module")
def table(synthetic):
    return indicator_table(synthetic)


def by_hand_indicator_2(folder: Path, year: int) -> dict[str, float]:
    """White appointed/shortlisted over BME appointed/shortlisted, from recruitment.csv with the csv module
    (ethnicity already White or BME in the synthetic files)."""
    counts: dict[str, dict[str, tuple[int, int]]] = {}
    with (folder / "recruitment.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if int(row["year"]) == year and row["ethnicity"] in ("White", "BME"):
                counts.setdefault(row["org_code"], {})[row["ethnicity"]] = (int(row["appointed"]),
                                                                            int(row["shortlisted"]))
    out = {}
    for code, c in counts.items():
        (wa, ws), (ba, bs) = c["White"], c["BME"]
        out[code] = (wa / ws) / (ba / bs) if ba else math.inf
    return out


def test_the_trend_chart_carries_every_value_in_its_text_alternative():
    table = indicator_table(EXAMPLE)
    chart = explore.trend(table, 2, ["QHG"])
    # By hand from the example's recruitment.csv: 2022 (43/185)/(17/169), 2023 (49/159)/(25/178),
    # 2024 (30/92)/(9/95).
    for year, value in ((2022, (43 / 185) / (17 / 169)), (2023, (49 / 159) / (25 / 178)), (2024, (30 / 92) / (9 / 95))):
        assert f"{year} {value:.2f}" in chart.alt
    assert chart.title.startswith("Indicator 2, appointment from shortlisting: relative likelihood of White compared "
                                  "to BME applicants")
    assert chart.svg().startswith(b"<?xml") and b"<svg" in chart.svg()
    assert chart._repr_svg_().count("<svg") == 1


def test_a_restyled_chart_is_drawn_again():
    chart = explore.trend(indicator_table(EXAMPLE), 2, ["QHG"])
    before = chart.svg()
    chart.figure.axes[0].set_title("Restyled by an analyst")
    assert chart.svg() == before  # kept until asked
    assert b"Restyled by an analyst" in chart.redraw().svg()


def test_the_league_ranks_as_the_counts_say(synthetic):
    styler = explore.league(synthetic, 2, 2024)
    frame = styler.data
    expected = by_hand_indicator_2(SYNTHETIC, 2024)
    assert len(frame) == len(expected)
    for row in frame.itertuples():
        assert row.value == pytest.approx(expected[row.org_code], rel=1e-9)
    # Rank 1 is the highest relative likelihood (the most adverse to BME applicants); ties share a rank.
    ordered = sorted(expected.values(), reverse=True)
    assert frame["value"].tolist() == pytest.approx(ordered, rel=1e-9)
    assert frame["rank"].iloc[0] == 1
    html = styler.to_html()
    assert "Rank 1 is the most adverse to BME staff" in html and "background-color" in html


def test_a_region_keeps_its_organisations_and_their_national_ranks(synthetic):
    everyone = explore.league(synthetic, 2, 2024).data
    london = explore.league(synthetic, 2, 2024, region="London").data
    with (SYNTHETIC / "organisations.csv").open(encoding="utf-8") as f:
        in_london = {r["org_code"] for r in csv.DictReader(f) if r["region"] == "London"}
    assert set(london["org_code"]) == in_london
    national = dict(zip(everyone["org_code"], everyone["rank"], strict=True))
    assert all(national[c] == r for c, r in zip(london["org_code"], london["rank"], strict=True))


def test_compare_puts_the_headline_values_side_by_side(table):
    frame = explore.compare(table, ["ZS001", "ZS002"], 2024)
    expected = by_hand_indicator_2(SYNTHETIC, 2024)
    assert list(frame.index) == list(range(1, 10))
    assert frame.loc[2, ("ZS001", "value")] == pytest.approx(expected["ZS001"], rel=1e-9)
    assert frame.loc[2, ("ZS002", "value")] == pytest.approx(expected["ZS002"], rel=1e-9)
    assert frame.loc[5, ("", "measure")] == "BME minus White percentage answering yes, in percentage points"


def test_the_funnel_is_the_benchmark_pages(synthetic):
    chart = explore.funnel(synthetic, 2, 2024)
    assert "parity" in chart.title.lower() and "95%" in chart.alt


@pytest.mark.parametrize(("call", "message"), [
    (lambda t, d: explore.trend(t, 2, ["ZS001", "XX999"]), r"no rows for XX999 in the table; it holds ZS001"),
    (lambda t, d: explore.trend(t, 10, ["ZS001"]), r"10"),
    (lambda t, d: explore.compare(t, ["NOPE"], 2024), r"no rows for NOPE"),
    (lambda t, d: explore.league(d, 2, 2024, region="Atlantis"), r"no organisation compared in 2024 is in the "
                                                                 r"region 'Atlantis'; regions: .*London"),
    (lambda t, d: explore.funnel(d, 5, 2024), r"funnel plot is drawn for the relative likelihoods \(indicators 1 "
                                              r"to 4\), not indicator 5"),
])
def test_bad_requests_say_what_is_wrong_and_what_there_is(table, synthetic, call, message):
    with pytest.raises(DataError, match=message):
        call(table, synthetic)


@pytest.mark.notebook
def test_the_explore_notebook_runs_top_to_bottom_with_tables_and_images(tmp_path):
    import nbformat
    import papermill

    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "explore.ipynb"), str(out), kernel_name="python3",
                               cwd=str(ROOT / "notebooks"), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    outputs = {c.id: c.outputs for c in nb.cells if c.cell_type == "code"}
    assert not [o for cell in outputs.values() for o in cell if o.output_type == "error"]

    def kinds(cell_id: str) -> set[str]:
        return {k for o in outputs[cell_id] for k in o.get("data", {})}

    for cell_id in ("tidy", "region", "league", "compare", "what-if-appointments"):
        html = "".join(o["data"].get("text/html", "") for o in outputs[cell_id] if "data" in o)
        assert "<table" in html, cell_id
    for cell_id in ("trend", "funnel"):
        assert "image/svg+xml" in kinds(cell_id), cell_id
    summary = "".join(o["data"].get("text/html", "") + o["data"].get("text/markdown", "")
                      for o in outputs["what-if-label"] if "data" in o)
    assert "Global Majority" in summary
