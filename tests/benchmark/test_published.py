"""Published reference figures beside the pooled ones (wreslib.benchmark.published)."""

from __future__ import annotations

import pytest


def test_published_figures_sit_beside_the_pooled_figure_of_the_same_year_and_measure(hand_bench):
    p = hand_bench.published.set_index(["year", "indicator", "measure"])
    row = p.loc[(2024, 2, "relative_likelihood")]
    assert row["published"] == 1.59 and row["matched"]
    assert row["pooled"] == pytest.approx((88 / 440) / (22 / 230))
    assert row["difference"] == pytest.approx(row["pooled"] - 1.59)
    assert row["name"] == "the 4 organisations in this data" and row["source"] == "a published table"
    gap = p.loc[(2024, 5, "gap_pp")]
    assert gap["pooled"] == pytest.approx(100 * (32 / 138 - 47 / 450))


def test_rows_that_cannot_be_matched_are_kept_with_the_reason(hand_bench):
    p = hand_bench.published.set_index(["year", "indicator", "measure"])
    assert not p.loc[(2024, 4, "relative_likelihood"), "matched"]  # no training data
    assert p.loc[(2024, 4, "relative_likelihood"), "reason"] == "no pooled figure for this year"
    assert p.loc[(2020, 2, "relative_likelihood"), "reason"] == "the year is not among the benchmark's years"
    assert "no pooled figure of this indicator and measure" in p.loc[(2024, 5, "median_pp"), "reason"]


def test_the_demos_published_national_figures_match_its_pooled_ones(demo_bench):
    p = demo_bench.published
    assert p["matched"].all()
    assert (p["difference"].abs() < 0.006).all()  # published to two decimals


def test_no_benchmarks_table_gives_an_empty_frame_with_the_columns(make_data):
    from wreslib.benchmark import compute_benchmark
    from wreslib.benchmark.published import COLUMNS

    b = compute_benchmark(make_data(), 2024, reps=400)
    assert b.published.empty and tuple(b.published.columns) == COLUMNS
