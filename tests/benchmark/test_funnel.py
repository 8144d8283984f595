"""Funnels: flags against limits worked by hand, calibration at parity by simulation, over-dispersion and
the peer view (wreslib.benchmark.funnel).

The expected flags come from the funnel formulas written out here: the score statistic of a ratio at
parity is the pooled two-proportion z with Miettinen and Nurminen's N/(N − 1) correction, and the standard
error of the log ratio at parity is sqrt((1 − p)/(n1 p) + (1 − p)/(n2 p)) with p the organisation's own
pooled rate. The normal quantiles come from scipy.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from wreslib.benchmark.funnel import (
    ABOVE_95,
    ABOVE_998,
    BELOW_95,
    BELOW_998,
    NOT_PLACED,
    PARITY,
    PEER,
    QUESTIONS,
    WITHIN,
    funnel,
    place,
)

Z95, Z998 = norm.ppf(0.975), norm.ppf(0.999)


def z_by_hand(x1, n1, x2, n2):
    """The score statistic at parity: pooled two-proportion z with the N / (N − 1) correction."""
    n = n1 + n2
    p = (x1 + x2) / n
    return (x1 / n1 - x2 / n2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2) * n / (n - 1))


def se_by_hand(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    return math.sqrt((1 - p) / (n1 * p) + (1 - p) / (n2 * p))


def flag_by_hand(z):
    if z > Z998:
        return ABOVE_998
    if z > Z95:
        return ABOVE_95
    if z < -Z998:
        return BELOW_998
    if z < -Z95:
        return BELOW_95
    return WITHIN


# Hand-made organisations: (code, White appointed, White shortlisted, BME appointed, BME shortlisted).
ORGS = [
    ("WIT", 30, 150, 5, 50),     # 0.20 against 0.10: z = 1.61, within
    ("A95", 48, 300, 8, 100),    # z = 1.99: above the 95% limit only
    ("A99", 60, 300, 4, 100),    # 0.20 against 0.04: far above
    ("B95", 10, 100, 20, 100),   # 0.10 against 0.20: z = −1.98
    ("B99", 5, 200, 30, 100),    # far below
    ("ZER", 0, 120, 6, 40),      # no White appointed: placed (ratio 0), below
    ("UNB", 9, 30, 0, 12),       # no BME appointed: unbounded ratio, placed
]


@pytest.fixture(scope="module")
def hand_funnel():
    rows = pd.DataFrame(ORGS, columns=["org_code", "a_cases", "a_total", "b_cases", "b_total"])
    extra = pd.DataFrame([("NIL", 0, 50, 0, 20), ("ALL", 20, 20, 5, 5)], columns=rows.columns)
    rows = pd.concat([rows, extra], ignore_index=True).assign(status="ok", reason=None, peer_group="ICB")
    rows.loc[rows["org_code"] == "NIL", ["status", "reason"]] = ["not_calculable", "no one was appointed: 0 ÷ 0"]
    return funnel(rows, indicator=2, year=2024, peer_targets={"ICB": 1.2}, reps=400)


@pytest.mark.parametrize("org", ORGS, ids=[o[0] for o in ORGS])
def test_flags_follow_the_limits_worked_by_hand(hand_funnel, org):
    code, x1, n1, x2, n2 = org
    point = hand_funnel.points.set_index("org_code").loc[code]
    z, se = z_by_hand(x1, n1, x2, n2), se_by_hand(x1, n1, x2, n2)
    assert point["z"] == pytest.approx(z)
    assert point["se"] == pytest.approx(se)
    assert point["precision"] == pytest.approx(1 / se**2)
    assert point["position"] == pytest.approx(math.exp(z * se))
    assert (point["low_95"], point["high_95"]) == pytest.approx((math.exp(-Z95 * se), math.exp(Z95 * se)))
    assert (point["low_998"], point["high_998"]) == pytest.approx((math.exp(-Z998 * se), math.exp(Z998 * se)))
    assert point["flag"] == flag_by_hand(z)


def test_the_hand_organisations_cover_every_flag(hand_funnel):
    flags = hand_funnel.points.set_index("org_code")["flag"].to_dict()
    assert {flags[c] for c in ("WIT", "A95", "A99", "B95", "B99")} == {WITHIN, ABOVE_95, ABOVE_998, BELOW_95,
                                                                       BELOW_998}


def test_a_zero_in_one_group_is_placed_and_zero_in_both_is_not(hand_funnel):
    points = hand_funnel.points.set_index("org_code")
    assert points.loc["ZER", "placed"] and np.isfinite(points.loc["ZER", "position"])
    assert points.loc["ZER", "position"] < 1
    assert points.loc["UNB", "placed"] and points.loc["UNB", "position"] > 1
    assert points.loc["NIL", "flag"] == NOT_PLACED and "0 ÷ 0" in points.loc["NIL", "reason"]
    assert points.loc["ALL", "flag"] == NOT_PLACED and "no spread" in points.loc["ALL", "reason"]
    assert hand_funnel.parity.not_placed == 2 and hand_funnel.parity.placed == 7


def test_counts_of_the_view_add_up(hand_funnel):
    v = hand_funnel.parity
    assert v.within + v.above_95 + v.above_998 + v.below_95 + v.below_998 + v.not_placed == v.organisations
    assert v.outside_95 == v.above_95 + v.above_998 + v.below_95 + v.below_998
    assert v.outside_998 == v.above_998 + v.below_998


def test_each_view_states_the_question_it_answers(hand_funnel):
    assert hand_funnel.parity.view == PARITY and hand_funnel.parity.question == QUESTIONS[PARITY]
    assert "differ from parity beyond chance" in hand_funnel.parity.question
    peer = hand_funnel.peer("ICB")
    assert peer.view == PEER and "unusual among organisations like it" in peer.question
    assert peer.target == 1.2 and hand_funnel.parity.target == 1.0
    assert "same" not in peer.question


def test_the_parity_flag_is_the_organisations_own_test(demo_bench):
    # The point lies beyond 95% exactly when its own report's p < 0.05, beyond 99.8% when p < 0.002.
    for f in demo_bench.funnels:
        points = f.points[f.points["placed"].astype(bool)]
        p = points["p_value"].astype(float)
        outside_95 = points["flag"].isin([ABOVE_95, ABOVE_998, BELOW_95, BELOW_998])
        outside_998 = points["flag"].isin([ABOVE_998, BELOW_998])
        assert outside_95.tolist() == (p < 0.05).tolist(), f.indicator
        assert outside_998.tolist() == (p < 0.002).tolist(), f.indicator
        assert (points["flag"].isin([ABOVE_95, ABOVE_998]) == (points["value"] > 1) & outside_95).all()


def simulate_at_parity(sizes1, sizes2, rates, reps, seed):
    rng = np.random.default_rng(seed)
    n1, n2 = np.repeat(sizes1, reps), np.repeat(sizes2, reps)
    r = np.repeat(rates, reps)
    return rng.binomial(n1, r), n1, rng.binomial(n2, r), n2


def demo_sizes(demo_bench, indicator):
    pts = demo_bench.funnel(indicator).points
    pts = pts[pts["placed"].astype(bool)]
    n1, n2 = pts["a_total"].to_numpy(dtype=int), pts["b_total"].to_numpy(dtype=int)
    rates = (pts["a_cases"] + pts["b_cases"]).to_numpy(dtype=float) / (n1 + n2)
    return n1, n2, rates


@pytest.mark.parametrize("indicator", [2, 4])
def test_at_exact_parity_about_one_in_twenty_fall_beyond_the_95_percent_limits(demo_bench, indicator):
    # The demo's own group sizes and rates, both groups drawn at the same rate, 2,000 times each.
    n1, n2, rates = demo_sizes(demo_bench, indicator)
    x1, m1, x2, m2 = simulate_at_parity(n1, n2, rates, 2000, seed=indicator)
    p = place(x1, m1, x2, m2)
    outside_95 = np.isin(p.flag, [ABOVE_95, ABOVE_998, BELOW_95, BELOW_998]).mean()
    outside_998 = np.isin(p.flag, [ABOVE_998, BELOW_998]).mean()
    assert 0.04 <= outside_95 <= 0.06
    assert outside_998 <= 0.004


def test_rare_events_keep_the_95_percent_promise_at_the_demos_disciplinary_sizes(demo_bench):
    n1, n2, rates = demo_sizes(demo_bench, 3)
    x1, m1, x2, m2 = simulate_at_parity(n1, n2, rates, 3000, seed=3)
    p = place(x1, m1, x2, m2)
    assert np.isin(p.flag, [ABOVE_95, ABOVE_998, BELOW_95, BELOW_998]).mean() <= 0.065


@pytest.mark.parametrize("indicator", [2, 3])
def test_the_stated_number_outside_by_chance_matches_an_independent_simulation(demo_bench, indicator):
    view = demo_bench.funnel(indicator).parity
    n1, n2, rates = demo_sizes(demo_bench, indicator)
    reps = 3000
    x1, m1, x2, m2 = simulate_at_parity(n1, n2, rates, reps, seed=100 + indicator)
    # Placed and flagged by the formulas written out above, not by the library.
    n = m1 + m2
    pooled = (x1 + x2) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (x1 / m1 - x2 / m2) / np.sqrt(pooled * (1 - pooled) * (1 / m1 + 1 / m2) * n / (n - 1))
    z = np.where((pooled > 0) & (pooled < 1), z, 0.0)
    expected_95 = (np.abs(z) > Z95).reshape(-1, reps).mean(axis=1).sum()
    expected_998 = (np.abs(z) > Z998).reshape(-1, reps).mean(axis=1).sum()
    # Monte Carlo standard error of a sum of per-organisation shares from reps (and view.reps) draws.
    share = (np.abs(z) > Z95).reshape(-1, reps).mean(axis=1)
    se = math.sqrt(np.sum(share * (1 - share)) * (1 / reps + 1 / view.reps))
    assert view.expected_outside_95 == pytest.approx(expected_95, abs=4 * se + 0.02)
    assert view.expected_outside_998 == pytest.approx(expected_998, abs=0.1)
    assert view.reps == 1000


def make_organisations(count, log_sd, seed, ratio=1.0):
    """Organisations of the demo's typical size whose true ratios spread by ``log_sd`` on the log scale."""
    rng = np.random.default_rng(seed)
    n1 = rng.integers(150, 400, count)
    n2 = rng.integers(60, 200, count)
    base = rng.uniform(0.15, 0.3, count)
    true = ratio * np.exp(rng.normal(0.0, log_sd, count))
    p1 = np.clip(base * np.sqrt(true), 0.01, 0.99)
    p2 = np.clip(base / np.sqrt(true), 0.01, 0.99)
    return pd.DataFrame({"org_code": [f"O{i:03d}" for i in range(count)], "a_cases": rng.binomial(n1, p1),
                         "a_total": n1, "b_cases": rng.binomial(n2, p2), "b_total": n2, "status": "ok",
                         "reason": None, "peer_group": "ICB"})


def pooled_ratio(rows):
    return (rows["a_cases"].sum() / rows["a_total"].sum()) / (rows["b_cases"].sum() / rows["b_total"].sum())


def peer_view(rows):
    return funnel(rows, indicator=2, year=2024, peer_targets={"ICB": pooled_ratio(rows)}, reps=20).peer("ICB")


def test_over_dispersion_is_detected_when_organisations_really_differ():
    views = [peer_view(make_organisations(42, 0.4, seed)) for seed in range(40)]
    assert np.mean([v.over_dispersed for v in views]) >= 0.9
    assert all(v.tau2 > 0 for v in views if v.over_dispersed)
    # tau² estimates the spread of the true log ratios (0.4² = 0.16), roughly, on average.
    assert 0.08 < np.mean([v.tau2 for v in views]) < 0.25


def test_over_dispersion_is_rarely_declared_when_every_organisation_is_at_parity():
    views = [peer_view(make_organisations(42, 0.0, 1000 + seed)) for seed in range(100)]
    declared = np.mean([v.over_dispersed for v in views])
    assert declared <= 0.12
    assert all(v.tau2 == 0.0 for v in views if not v.over_dispersed)


def test_peer_limits_widen_by_tau2_worked_by_hand():
    rows = make_organisations(42, 0.4, seed=7)
    target = pooled_ratio(rows)
    f = funnel(rows, indicator=2, year=2024, peer_targets={"ICB": target}, reps=20)
    view = f.peer("ICB")
    assert view.over_dispersed
    pts = f.points
    z, se = pts["peer_z"].to_numpy(dtype=float), pts["peer_se"].to_numpy(dtype=float)
    # phi: mean square of the z-scores winsorised at their 10th and 90th percentiles; tau² by the
    # SHMI / FunnelPlotR formula with w = 1 / se².
    low, high = np.quantile(z, [0.1, 0.9])
    phi = np.mean(np.clip(z, low, high) ** 2)
    w = 1 / se**2
    tau2 = (len(z) * phi - (len(z) - 1)) / (w.sum() - (w**2).sum() / w.sum())
    assert view.phi == pytest.approx(phi)
    assert view.tau2 == pytest.approx(tau2)
    assert pts["peer_high_95"].to_numpy() == pytest.approx(target * np.exp(Z95 * np.sqrt(se**2 + tau2)))
    assert pts["peer_low_998"].to_numpy() == pytest.approx(target * np.exp(-Z998 * np.sqrt(se**2 + tau2)))
    beyond = np.abs(z * se) > Z95 * np.sqrt(se**2 + tau2)
    assert (pts["peer_flag"].isin([ABOVE_95, ABOVE_998, BELOW_95, BELOW_998]).to_numpy() == beyond).all()
    # Widening puts fewer organisations outside than the plain limits around the same target would.
    plain = np.abs(z) > Z95
    assert beyond.sum() < plain.sum()


def test_a_peer_group_without_a_pooled_value_has_no_limits_and_says_why(hand_funnel):
    rows = hand_funnel.points.assign(status="ok")
    f = funnel(rows[["org_code", "a_cases", "a_total", "b_cases", "b_total", "status", "reason", "peer_group"]],
               indicator=2, year=2024, peer_targets={"ICB": None}, reps=20)
    assert f.peer("ICB").target is None and "no target" in f.peer("ICB").reason
    assert (f.points["peer_flag"] == NOT_PLACED).all()


def test_curves_span_the_placed_organisations(hand_funnel):
    curve = hand_funnel.parity.curve
    placed = hand_funnel.points[hand_funnel.points["placed"].astype(bool)]["precision"]
    assert curve["precision"].min() < placed.min() and curve["precision"].max() > placed.max()
    assert curve["high_95"].to_numpy() == pytest.approx(np.exp(Z95 / np.sqrt(curve["precision"].to_numpy())))


def test_the_demo_funnel_of_indicator_two(demo_bench):
    f = demo_bench.funnel(2)
    assert f.parity.organisations == 42 and f.parity.placed == 42
    # Far more ICBs lie beyond the limits than chance gives: their own tests say so.
    assert f.parity.outside_95 > 3 * f.parity.expected_outside_95
    peer = f.peer("ICB")
    assert peer.over_dispersed and peer.tau2 > 0
    assert peer.outside_95 < f.parity.outside_95
