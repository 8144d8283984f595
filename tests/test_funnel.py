"""wreslib.legacy.report.funnel: the benchmark's charts are titled, labelled, described and deterministic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wreslib.legacy.measures import benchmark as bm
from wreslib.legacy.measures.stats import relative_likelihood
from wreslib.legacy.report import charts
from wreslib.legacy.report import funnel as fn

ROOT = Path(__file__).resolve().parents[1]


def _ratio(code: str, counts: tuple[int, int, int, int]) -> bm.OrgRatio:
    m = relative_likelihood(*counts)
    return bm.OrgRatio(bm.Organisation(code, f"Org {code}", "ICB", "R"), 2, 2024, m.status, m.reason, m)


@pytest.fixture
def hand_funnel() -> bm.Funnel:
    # Five organisations of 200 applicants: 40% vs 10% appointed (4.00), parity, near parity, below parity,
    # and one with no BME appointment (not calculable, so not plotted).
    return bm.build_funnel([
        _ratio("AAA", (40, 100, 10, 100)),
        _ratio("BBB", (20, 100, 20, 100)),
        _ratio("CCC", (22, 100, 20, 100)),
        _ratio("DDD", (10, 100, 40, 100)),
        _ratio("EEE", (20, 100, 0, 100)),
    ], 2, 2024)


@pytest.fixture(scope="module")
def synthetic_bench() -> bm.Benchmark:
    return bm.compute_benchmark(ROOT / "data" / "synthetic", 2024)


def test_funnel_chart_names_outliers_limits_and_missing_organisations_in_its_alt_text(hand_funnel):
    flags = {p.ratio.org.code: p.flag for p in hand_funnel.points}
    assert flags["AAA"] in (bm.ABOVE_998, bm.ABOVE_95) and flags["DDD"] in (bm.BELOW_998, bm.BELOW_95)
    chart = fn.funnel_chart(hand_funnel)
    assert chart.title.startswith("Indicator 2 funnel plot: relative likelihood of White applicants")
    alt = chart.alt_text
    assert "95% and 99.8% control limits around parity" in alt
    assert "AAA (4.00)" in alt and "DDD (0.25)" in alt
    assert "Not on the plot" in alt and "EEE" in alt
    assert "Within the 95% limits: 2 organisations" in alt
    ax = chart.figure.axes[0]
    assert ax.get_yscale() == "log"
    gids = {line.get_gid() for line in ax.get_lines()}
    assert {"parity", "limit-95", "limit-99.8", "pooled"} <= gids
    labels = {t.get_text() for t in ax.texts}
    assert {"AAA", "DDD"} <= labels and "BBB" not in labels  # only outliers are labelled
    assert ax.get_xlabel() == "Size: shortlisted applicants, White and BME"


def test_funnel_chart_highlights_the_given_organisation(hand_funnel):
    chart = fn.funnel_chart(hand_funnel, highlight="BBB", synthetic=True)
    ax = chart.figure.axes[0]
    assert any(c.get_gid() == "highlight" for c in ax.collections)
    assert "BBB (this organisation)" in {t.get_text() for t in ax.texts}
    assert "This organisation, BBB: 1.00 at a size of 200, within the 95% control limits." in chart.alt_text
    assert "synthetic data" in chart.alt_text
    missing = fn.funnel_chart(hand_funnel, highlight="EEE")
    assert "This organisation, EEE, is not on the plot" in missing.alt_text


def test_funnel_chart_uses_the_display_label(hand_funnel):
    chart = fn.funnel_chart(hand_funnel, bme_label="Global Majority")
    assert "BME" not in chart.alt_text and "Global Majority applicants" in chart.alt_text


def test_charts_render_to_the_same_png_bytes_every_time(hand_funnel):
    first = charts.render(fn.funnel_chart(hand_funnel, highlight="AAA"))
    second = charts.render(fn.funnel_chart(hand_funnel, highlight="AAA"))
    assert first == second
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in first and b"matplotlib" not in first.lower()


def test_league_chart_lists_every_rank_with_its_interval(hand_funnel):
    rows = bm.league_table(hand_funnel)
    chart = fn.league_chart(rows, 2, 2024)
    # AAA: 40/100 vs 10/100 = 4.00; Katz SE = sqrt(1/40 - 1/100 + 1/10 - 1/100) = 0.3240; 4 * exp(+-1.96 * 0.3240).
    assert "1. AAA 4.00 (95% CI 2.12 to 7.55)" in chart.alt_text
    assert "Not ranked" in chart.alt_text and "EEE" in chart.alt_text
    assert chart.figure.axes[0].get_xscale() == "log"


def test_survey_trend_and_board_charts_describe_every_figure(synthetic_bench):
    b = synthetic_bench
    survey = fn.survey_gap_chart(b.surveys, b.distributions, b.year, synthetic=True)
    assert "indicator 7" in survey.alt_text and "left out (a group under 11 respondents)" in survey.alt_text
    trend = fn.trend_chart(b, 2)
    for name in ("All organisations: 2022", "London: 2022", "South West: 2022"):
        assert name in trend.alt_text
    board = fn.board_scatter_chart(b.boards, b.year, synthetic=True)
    assert "ZS008 board 0.0%" in board.alt_text  # ZS008 has no BME board member (a planted edge case)
    for chart in (survey, trend, board):
        assert chart.title and charts.render(chart) == charts.render(chart)


def test_trend_chart_refuses_a_survey_indicator(synthetic_bench):
    with pytest.raises(ValueError, match="2, 3 or 4"):
        fn.trend_chart(synthetic_bench, 5)


def test_importing_the_chart_module_does_not_import_matplotlib():
    code = "import sys, wreslib.legacy.report.funnel; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
