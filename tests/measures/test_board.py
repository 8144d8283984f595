"""Indicator 9 (wreslib.measures.board): shares, the exact test of a board this unrepresentative, and
the rating with chance in mind (checked by simulation)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wreslib.data.read import read_data
from wreslib.measures.compute import compute_indicators
from wreslib.measures.rating import rate_boards


def test_example_board_2024_two_of_thirteen(make_data):
    b = compute_indicators(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG", 2024).board
    v = b.voting
    assert (v.board.bme, v.board.total) == (2, 13)
    assert v.board_bme_pct == pytest.approx(100 * 2 / 13)
    assert v.difference_pp == pytest.approx(100 * 2 / 13 - 24.0)
    p = sum(math.comb(13, k) * 0.24**k * 0.76 ** (13 - k) for k in range(3))
    assert v.p_value == pytest.approx(p)
    assert b.rating.rag == "amber" and b.rating.rule == "short_within_chance"
    assert b.executive.status == "no_data" and b.executive.p_value is None


def test_random_boards_are_rated_red_at_most_one_time_in_twenty():
    rng = np.random.default_rng(24)
    bme = rng.binomial(13, 0.24, 100_000)
    frame = pd.DataFrame({"status": "ok", "bme": bme, "board_total": 13, "wf_bme": 96, "wf_total": 400})
    from wreslib.stats.representation import representation_test

    frame["p_adjusted"] = representation_test(bme, 13, 0.24).p_lower
    rated = rate_boards(frame)
    assert (rated["rag"] == "red").mean() <= 0.05
    # ... while a rule on the share alone would flag about a third of them (the 36%).
    assert ((bme / 13) < 0.8 * 0.24).mean() == pytest.approx(0.36, abs=0.01)


def test_workforce_without_bme_staff_is_green(make_data):
    wf = "org_code,year,staff_group,band,ethnicity,headcount\nAAA,2024,clinical,Band 5,White,50\n"
    board = "org_code,year,ethnicity,voting,executive\nAAA,2024,White,10,\n"
    folder = make_data(organisations="org_code,org_name,org_type,region\nAAA,A,ICB,London\n", workforce=wf,
                       board=board)
    b = compute_indicators(folder, "AAA", 2024).board
    assert b.rating.rule == "no_bme_staff"


def test_blank_executive_column_is_no_data_naming_the_file(make_data):
    board = "org_code,year,ethnicity,voting,executive\nAAA,2024,White,10,\nAAA,2024,BME,2,\n"
    folder = make_data(board=board)
    b = compute_indicators(folder, "AAA", 2024).board
    assert b.executive.status == "no_data" and "leaves the executive column blank" in b.executive.reason
