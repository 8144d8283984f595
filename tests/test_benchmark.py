"""wreslib.legacy.measures.benchmark: roll-ups from summed counts, funnel limits, flags, ranks and peer position.

Expected values are worked out by hand in each test (the arithmetic is written out), never pasted from
the code's own output.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from wreslib.errors import DataError
from wreslib.legacy.measures import benchmark as bm
from wreslib.legacy.measures.stats import relative_likelihood

ROOT = Path(__file__).resolve().parents[1]
Z975 = 1.959963984540054  # the two-sided 95% normal quantile of Katz's interval (scipy's, by definition)

# Three ICBs, two in London and one in the North West. Workforce by band (Band 5 and Band 8a):
#   AAA: Band 5 White 60 BME 15, Band 8a White 20 BME 5   -> White 80, BME 20
#   BBB: Band 5 White 30 BME 40, Band 8a White 20 BME 10  -> White 50, BME 50
#   CCC: Band 5 White 70 BME 8,  Band 8a White 20 BME 2   -> White 90, BME 10
ORGS = ("org_code,org_name,org_type,region\n"
        "AAA,Alpha ICB,ICB,London\nBBB,Beta ICB,ICB,London\nCCC,Gamma ICB,ICB,North West\n")
WORKFORCE = "org_code,year,staff_group,band,ethnicity,headcount\n" + "".join(
    f"{org},2024,non-clinical,{band},{group},{n}\n"
    for org, rows in {"AAA": (("Band 5", 60, 15), ("Band 8a", 20, 5)),
                      "BBB": (("Band 5", 30, 40), ("Band 8a", 20, 10)),
                      "CCC": (("Band 5", 70, 8), ("Band 8a", 20, 2))}.items()
    for band, white, bme in rows for group, n in (("White", white), ("BME", bme)))
# Indicator 2: AAA White 30/100, BME 10/50 (1.5); BBB White 20/80, BME 15/60 (1.0); CCC White 10/40, BME 5/40 (2.0).
RECRUITMENT = ("org_code,year,ethnicity,shortlisted,appointed\n"
               "AAA,2024,White,100,30\nAAA,2024,BME,50,10\nBBB,2024,White,80,20\nBBB,2024,BME,60,15\n"
               "CCC,2024,White,40,10\nCCC,2024,BME,40,5\n")
# Indicator 3 (BME relative to White, workforce denominators): entered AAA W2 B1, BBB W1 B2, CCC W0 B1.
DISCIPLINARY = ("org_code,year,ethnicity,entered\nAAA,2024,White,2\nAAA,2024,BME,1\nBBB,2024,White,1\n"
                "BBB,2024,BME,2\nCCC,2024,White,0\nCCC,2024,BME,1\n")
# Indicator 4: accessed AAA W40 B5, BBB W20 B20, CCC W45 B2.
TRAINING = ("org_code,year,ethnicity,accessed\nAAA,2024,White,40\nAAA,2024,BME,5\nBBB,2024,White,20\n"
            "BBB,2024,BME,20\nCCC,2024,White,45\nCCC,2024,BME,2\n")
# Indicator 6, survey 2023: AAA White 20% of 60 (12) BME 40% of 15 (6); BBB White 25% of 40 (10) BME 30% of 40
# (12); CCC White 10% of 50 (5) BME 50% of 10 (5, a group under 11 respondents).
SURVEY = ("org_code,survey_year,indicator,ethnicity,respondents,percent\n"
          "AAA,2023,6,White,60,20.0\nAAA,2023,6,BME,15,40.0\nBBB,2023,6,White,40,25.0\nBBB,2023,6,BME,40,30.0\n"
          "CCC,2023,6,White,50,10.0\nCCC,2023,6,BME,10,50.0\n")
# Board (voting, executive): AAA White 8/4 BME 2/1; BBB White 6/3 BME 4/2; CCC White 10/5 BME 0/0.
BOARD = ("org_code,year,ethnicity,voting,executive\nAAA,2024,White,8,4\nAAA,2024,BME,2,1\nBBB,2024,White,6,3\n"
         "BBB,2024,BME,4,2\nCCC,2024,White,10,5\nCCC,2024,BME,0,0\n")


@pytest.fixture
def three(make_data):
    from wreslib.data.read import read_data

    folder = make_data(organisations=ORGS, workforce=WORKFORCE, recruitment=RECRUITMENT, disciplinary=DISCIPLINARY,
                       training=TRAINING, survey=SURVEY, board=BOARD)
    data = read_data(folder)
    assert data.faults == ()
    return data


@pytest.fixture
def bench3(three):
    return bm.compute_benchmark(three, 2024)


# --- roll-ups ---------------------------------------------------------------------------------------------

def test_pooled_relative_likelihood_is_computed_from_summed_counts_not_averaged(bench3):
    r = bench3.national.ratios[2]
    # Summed: White 60 of 220 appointed, BME 30 of 150: (60/220) / (30/150) = 0.272727 / 0.2 = 1.363636.
    assert r.value == pytest.approx((60 / 220) / (30 / 150))
    assert r.value == pytest.approx(1.363636, abs=1e-6)
    assert r.n_orgs == 3
    # The mean of the three organisations' ratios (1.5, 1.0, 2.0) is 1.5: the pooled figure is not that.
    assert r.value != pytest.approx((1.5 + 1.0 + 2.0) / 3)
    # Katz's interval on the sums: SE = sqrt(1/60 - 1/220 + 1/30 - 1/150) = sqrt(0.0387879) = 0.196947.
    se = math.sqrt(1 / 60 - 1 / 220 + 1 / 30 - 1 / 150)
    assert se == pytest.approx(0.196947, abs=1e-6)
    assert r.measure.ci_low == pytest.approx(math.exp(math.log(1.363636) - Z975 * se), rel=1e-5)
    assert r.measure.ci_high == pytest.approx(math.exp(math.log(1.363636) + Z975 * se), rel=1e-5)
    assert (r.measure.a_cases, r.measure.a_total, r.measure.b_cases, r.measure.b_total) == (60, 220, 30, 150)


def test_pooled_disciplinary_and_training_use_summed_workforce_denominators(bench3):
    # Indicator 3: BME 4 of 80 entered, White 3 of 220: (4/80) / (3/220) = 0.05 / 0.0136364 = 3.666667.
    assert bench3.national.ratios[3].value == pytest.approx(3.666667, abs=1e-6)
    # Indicator 4: White 105 of 220 accessed, BME 27 of 80: (105/220) / (27/80) = 0.477273 / 0.3375 = 1.414141.
    assert bench3.national.ratios[4].value == pytest.approx(1.414141, abs=1e-6)


def test_regional_rollup_pools_only_its_own_organisations(bench3):
    london = next(g for g in bench3.groups if g.name == "London")
    assert london.org_codes == ("AAA", "BBB")
    # London, indicator 2: White 50 of 180, BME 25 of 110: (50/180) / (25/110) = 0.277778 / 0.227273 = 1.222222.
    assert london.ratios[2].value == pytest.approx(1.222222, abs=1e-6)
    assert [g.name for g in bench3.groups] == ["London", "North West"]


def test_pooled_survey_percentages_come_from_summed_yes_counts(bench3):
    s = bench3.national.surveys[6]
    # Yes-counts: White 12 + 10 + 5 = 27 of 60 + 40 + 50 = 150 -> 18.0%; BME 6 + 12 + 5 = 23 of 15 + 40 + 10 = 65.
    assert (s.white_yes, s.white_n, s.bme_yes, s.bme_n) == (27, 150, 23, 65)
    assert s.white_pct == pytest.approx(18.0)
    assert s.bme_pct == pytest.approx(100 * 23 / 65)  # 35.3846%
    assert s.gap_pp == pytest.approx(35.384615 - 18.0, abs=1e-5)
    # Not the mean of the percentages (BME: (40 + 30 + 50) / 3 = 40.0).
    assert s.bme_pct != pytest.approx(40.0)
    assert s.comparison.p_value is not None


def test_pooled_board_and_band_shares_come_from_summed_counts(bench3):
    n = bench3.national
    # Board voting: BME 2 + 4 + 0 = 6 of 10 + 10 + 10 = 30 -> 20%; workforce BME 80 of 300 -> 26.667%.
    assert n.voting.board_bme_pct == pytest.approx(20.0)
    assert n.voting.workforce_bme_pct == pytest.approx(100 * 80 / 300)
    assert n.voting.difference_pp == pytest.approx(20.0 - 26.666667, abs=1e-5)
    # Executive: BME 1 + 2 + 0 = 3 of 5 + 5 + 5 = 15 -> 20%.
    assert n.executive.board_bme_pct == pytest.approx(20.0)
    assert n.board_orgs == {"voting": 3, "executive": 3}
    # Indicator 1: Bands 8a-VSM hold White 60 of 220 and BME 17 of 80: (60/220) / (17/80) = 0.272727 / 0.2125.
    assert n.representation.overall.bme == 80 and n.representation.overall.total == 300
    assert n.representation.senior.relative_likelihood == pytest.approx(1.283422, abs=1e-6)


def test_survey_distribution_leaves_out_groups_under_11_respondents(bench3):
    d = bench3.distributions[6]
    # AAA: 40 - 20 = +20 pp; BBB: 30 - 25 = +5 pp; CCC has 10 BME respondents, so it is left out.
    assert (d.n_orgs, d.n_excluded) == (2, 1)
    assert (d.low, d.median, d.high) == (pytest.approx(5.0), pytest.approx(12.5), pytest.approx(20.0))
    assert d.n_bme_worse == 2


def test_rollup_refuses_mixed_years_and_empty_input(three):
    from wreslib.legacy.measures.indicators import compute_indicators

    with pytest.raises(ValueError, match="no organisations"):
        bm.rollup([])
    one = compute_indicators(three, "AAA", 2024)
    other = compute_indicators(ROOT / "data" / "example", "QHG", 2023)
    with pytest.raises(ValueError, match="one year"):
        bm.rollup([one, other])


# --- funnel limits (Spiegelhalter 2005) ------------------------------------------------------------------

def test_control_limits_match_a_worked_example_of_the_method():
    # Pooled rate pi = 0.2, BME share phi = 0.25, size N = 400 (100 BME, 300 White).
    # g = (1 - pi) / (pi * phi * (1 - phi)) = 0.8 / (0.2 * 0.25 * 0.75) = 0.8 / 0.0375 = 21.3333
    # SE(400) = sqrt(21.3333 / 400) = sqrt(0.0533333) = 0.2309401
    # The same SE by the delta method group by group: (1 - pi) / (pi * n) summed over the groups:
    #   0.8 / (0.2 * 300) + 0.8 / (0.2 * 100) = 0.0133333 + 0.04 = 0.0533333 -> sqrt = 0.2309401
    # 95%:   exp(+-1.96 * 0.2309401) = exp(+-0.4526426) -> 0.6359454 and 1.5724621
    # 99.8%: exp(+-3.09 * 0.2309401) = exp(+-0.7136049) -> 0.4898750 and 2.0413369
    f = bm.FunnelLimits(pooled_rate=0.2, bme_share=0.25)
    assert f.g == pytest.approx(21.333333, abs=1e-6)
    assert f.se(400) == pytest.approx(0.2309401, abs=1e-7)
    assert f.se(400) == pytest.approx(math.sqrt(0.8 / (0.2 * 300) + 0.8 / (0.2 * 100)))
    assert f.limits(400, bm.Z_95) == (pytest.approx(0.6359454, abs=1e-7), pytest.approx(1.5724621, abs=1e-7))
    assert f.limits(400, bm.Z_998) == (pytest.approx(0.4898750, abs=1e-7), pytest.approx(2.0413369, abs=1e-7))
    # The limits are symmetric about parity on the log scale and narrow as the size grows (a funnel).
    low, high = f.limits(400, bm.Z_95)
    assert low * high == pytest.approx(1.0)
    assert f.limits(1600, bm.Z_95)[1] == pytest.approx(math.exp(1.96 * 0.2309401 / 2), abs=1e-7)


def test_funnel_limits_take_the_pooled_rate_and_bme_share_from_summed_counts(bench3):
    f = bench3.funnels[2]
    # Indicator 2: 60 + 30 = 90 appointed of 220 + 150 = 370 shortlisted; BME share 150 / 370.
    assert f.limits.pooled_rate == pytest.approx(90 / 370)
    assert f.limits.bme_share == pytest.approx(150 / 370)
    # Indicator 3: BME is the numerator group; its share of the denominators is still 80 / 300.
    assert bench3.funnels[3].limits.bme_share == pytest.approx(80 / 300)
    assert bench3.funnels[3].limits.pooled_rate == pytest.approx(7 / 300)


def test_funnel_limits_reject_rates_of_0_or_1():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        bm.FunnelLimits(pooled_rate=0.0, bme_share=0.3)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        bm.FunnelLimits(pooled_rate=0.2, bme_share=1.0)


def test_outlier_flags_on_a_hand_made_set():
    f = bm.FunnelLimits(pooled_rate=0.2, bme_share=0.25)
    # At N = 400 the limits are 0.636-1.572 (95%) and 0.490-2.041 (99.8%), worked out above.
    cases = [(2.1, 400, bm.ABOVE_998), (1.6, 400, bm.ABOVE_95), (1.0, 400, bm.WITHIN), (1.5, 400, bm.WITHIN),
             (0.6, 400, bm.BELOW_95), (0.45, 400, bm.BELOW_998), (0.0, 400, bm.NOT_ASSESSED),
             (None, 400, bm.NOT_ASSESSED), (1.6, None, bm.NOT_ASSESSED),
             # N = 100: SE = sqrt(21.3333 / 100) = 0.4618802; 95% upper exp(0.9052852) = 2.4726, so 1.6 is within.
             (1.6, 100, bm.WITHIN), (2.6, 100, bm.ABOVE_95)]
    for value, n, expected in cases:
        assert bm.funnel_flag(value, n, f) == expected, (value, n)
    assert bm.funnel_flag(2.1, 400, None) == bm.NOT_ASSESSED


def test_build_funnel_flags_every_organisation(bench3):
    f = bench3.funnels[2]
    # pi = 90/370 = 0.243243, phi = 150/370 = 0.405405: g = 0.756757 / (0.243243 * 0.405405 * 0.594595) = 12.906.
    # CCC: N = 80, SE = sqrt(12.906 / 80) = 0.40166, z = ln 2 / 0.40166 = 1.726 < 1.96: within.
    g = (1 - 90 / 370) / ((90 / 370) * (150 / 370) * (220 / 370))
    assert g == pytest.approx(12.906, abs=1e-3)
    assert math.log(2.0) / math.sqrt(g / 80) == pytest.approx(1.726, abs=1e-3)
    assert {p.ratio.org.code: p.flag for p in f.points} == {"AAA": bm.WITHIN, "BBB": bm.WITHIN, "CCC": bm.WITHIN}
    assert f.pooled.value == pytest.approx(1.363636, abs=1e-6)


# --- league tables and peer position ----------------------------------------------------------------------

def _ratio(code: str, counts: tuple[int, int, int, int] | None, org_type: str = "ICB") -> bm.OrgRatio:
    org = bm.Organisation(code, f"Org {code}", org_type, "R")
    if counts is None:
        return bm.OrgRatio(org, 2, 2024, "no_data", "no rows", None)
    m = relative_likelihood(*counts)
    return bm.OrgRatio(org, 2, 2024, m.status, m.reason, m)


def test_league_table_ranks_by_value_highest_first_and_by_closeness_to_parity():
    ratios = [_ratio("A", (20, 100, 10, 100)),   # 2.0
              _ratio("B", (10, 100, 20, 100)),   # 0.5
              _ratio("C", (22, 100, 20, 100)),   # 1.1
              _ratio("D", (40, 100, 20, 100)),   # 2.0 (tied with A)
              _ratio("E", None)]                 # no data
    rows = bm.league_table(bm.build_funnel(ratios, 2, 2024))
    got = [(r.ratio.org.code, r.rank, r.parity_rank) for r in rows]
    # By value: 2.0, 2.0 share rank 1; 1.1 is 3rd; 0.5 is 4th. By |ln RL|: 1.1 (0.095) is closest (1);
    # 2.0 and 0.5 are equally far (0.693), all 2nd. E has no value: last, unranked.
    assert got == [("A", 1, 2), ("D", 1, 2), ("C", 3, 1), ("B", 4, 2), ("E", None, None)]


PEERS = ("org_code,org_name,org_type,region\n"
         "AAA,Alpha ICB,ICB,London\nBBB,Beta ICB,ICB,London\nCCC,Gamma ICB,ICB,North West\n"
         "DDD,Delta ICB,ICB,North West\nEEE,Epsilon ICB,ICB,Midlands\nFFF,Zeta Trust,Trust,Midlands\n")


@pytest.fixture
def peers(make_data):
    from wreslib.data.read import read_data

    workforce = "org_code,year,staff_group,band,ethnicity,headcount\n" + "".join(
        f"{org},2024,clinical,Band 6,{g},100\n" for org in ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")
        for g in ("White", "BME"))
    # Indicator 2 by organisation: AAA 1.5, BBB 1.0, CCC 2.0, DDD 0.5, EEE 1.25, FFF (the only Trust) 1.0.
    counts = {"AAA": (30, 20), "BBB": (20, 20), "CCC": (40, 20), "DDD": (10, 20), "EEE": (25, 20), "FFF": (20, 20)}
    recruitment = "org_code,year,ethnicity,shortlisted,appointed\n" + "".join(
        f"{org},2024,White,100,{w}\n{org},2024,BME,100,{b}\n" for org, (w, b) in counts.items())
    return read_data(make_data(organisations=PEERS, workforce=workforce, recruitment=recruitment))


def test_peer_position_ranks_by_closeness_to_parity_among_the_same_type(peers):
    pos = bm.peer_position(peers, "AAA", 2024, 2)
    # |ln RL| among the five ICBs: BBB 0, EEE 0.223, AAA 0.405, CCC 0.693, DDD 0.693. AAA is 3rd of 5; the
    # Trust FFF is not an ICB's peer.
    assert (pos.rank, pos.n, pos.org_type) == (3, 5, "ICB")
    assert pos.value == pytest.approx(1.5)
    assert {p.ratio.org.code for p in pos.funnel.points} == {"AAA", "BBB", "CCC", "DDD", "EEE"}
    assert pos.flag in (bm.WITHIN, bm.ABOVE_95, bm.ABOVE_998)
    assert bm.peer_position(peers, "BBB", 2024, 2).rank == 1
    # CCC (2.0) and DDD (0.5) are equally far from parity: both 4th.
    assert bm.peer_position(peers, "CCC", 2024, 2).rank == bm.peer_position(peers, "DDD", 2024, 2).rank == 4


def test_peer_position_is_none_with_fewer_than_three_peers(peers, three):
    # FFF is the only Trust: no peers.
    assert bm.peer_position(peers, "FFF", 2024, 2) is None
    # Three ICBs: each has only two peers.
    assert bm.peer_position(three, "AAA", 2024, 2) is None
    # The bundled example holds one ICB.
    assert bm.peer_position(ROOT / "data" / "example", "QHG", 2024, 3) is None
    # An organisation not in the data has no position either.
    assert bm.peer_position(peers, "ZZZ", 2024, 2) is None


def _five_icbs(make_data, appointed: dict[str, tuple[int, int]]):
    """Five ICBs of 100 White and 100 BME staff and shortlisted applicants; appointed = {org: (White, BME)}."""
    from wreslib.data.read import read_data

    orgs = list(appointed)
    workforce = "org_code,year,staff_group,band,ethnicity,headcount\n" + "".join(
        f"{org},2024,clinical,Band 6,{g},100\n" for org in orgs for g in ("White", "BME"))
    recruitment = "org_code,year,ethnicity,shortlisted,appointed\n" + "".join(
        f"{org},2024,White,100,{w}\n{org},2024,BME,100,{b}\n" for org, (w, b) in appointed.items())
    return read_data(make_data(organisations=PEERS.replace("FFF,Zeta Trust,Trust,Midlands\n", ""),
                               workforce=workforce, recruitment=recruitment))


def test_peer_position_without_a_value_of_its_own_is_unranked(make_data):
    data = _five_icbs(make_data, {"AAA": (30, 0), "BBB": (20, 20), "CCC": (40, 20), "DDD": (10, 20), "EEE": (25, 20)})
    pos = bm.peer_position(data, "AAA", 2024, 2)
    # No BME applicant appointed: the ratio is infinite, so not calculable; 4 peers have a value.
    assert pos is not None and pos.rank is None and pos.value is None and pos.n == 4
    assert "no BME cases" in pos.reason
    assert pos.flag == bm.NOT_ASSESSED


def test_a_relative_likelihood_of_0_is_not_ranked_by_closeness_to_parity(make_data):
    data = _five_icbs(make_data, {"AAA": (0, 20), "BBB": (20, 20), "CCC": (40, 20), "DDD": (10, 20), "EEE": (25, 20)})
    # AAA appointed no White applicant: (0/100) / (20/100) = 0, which has no log.
    pos = bm.peer_position(data, "AAA", 2024, 2)
    assert pos.value == 0 and pos.rank is None and pos.n == 4 and pos.flag == bm.NOT_ASSESSED
    assert pos.reason == "no White cases"
    rows = bm.league_table(bm.compute_benchmark(data, 2024).funnels[2])
    last = rows[-1]
    assert (last.ratio.org.code, last.rank, last.parity_rank) == ("AAA", 5, None)


def test_peer_position_checks_the_indicator_number(peers):
    with pytest.raises(ValueError, match="2, 3 or 4"):
        bm.peer_position(peers, "AAA", 2024, 5)


# --- the whole benchmark ----------------------------------------------------------------------------------

def test_benchmark_rejects_a_bad_grouping_and_a_missing_year(three):
    with pytest.raises(DataError, match="group_by"):
        bm.compute_benchmark(three, 2024, group_by="county")
    with pytest.raises(DataError, match="the years present are 2024"):
        bm.compute_benchmark(three, 2021)


def test_an_organisation_with_faults_is_left_out_and_named(make_data):
    from wreslib.data.read import read_data

    folder = make_data(organisations=ORGS, workforce=WORKFORCE,
                       recruitment=RECRUITMENT.replace("CCC,2024,BME,40,5", "CCC,2024,BME,40,-5"))
    b = bm.compute_benchmark(read_data(folder), 2024)
    assert [o.code for o in b.organisations] == ["AAA", "BBB"]
    assert [e.org_code for e in b.excluded] == ["CCC"]
    assert "negative" in b.excluded[0].reason
    assert b.national.ratios[2].n_orgs == 2


def test_benchmark_groups_by_org_type(peers):
    b = bm.compute_benchmark(peers, 2024, group_by="org_type")
    assert [g.name for g in b.groups] == ["ICB", "Trust"]
    assert b.groups[1].org_codes == ("FFF",)


def test_synthetic_benchmark_has_every_part(synthetic_bench):
    b = synthetic_bench
    assert len(b.organisations) == 42 and b.synthetic
    assert len(b.groups) == 7 and all(g.n_orgs == 6 for g in b.groups)
    assert b.trend_years == [2022, 2023, 2024]
    assert len(b.trend(bm.NATIONAL)) == 3
    # The national roll-up is the sum of the regional ones.
    assert sum(g.ratios[2].measure.a_cases for g in b.groups) == b.national.ratios[2].measure.a_cases
    assert sum(g.representation.overall.total for g in b.groups) == b.national.representation.overall.total
    # ZS005 has 0 BME applicants appointed in 2023, not 2024; ZS010 never has a disciplinary case.
    zs010 = next(p for p in b.funnels[3].points if p.ratio.org.code == "ZS010")
    assert zs010.flag == bm.NOT_ASSESSED
    assert len(b.leagues[2]) == 42


@pytest.fixture(scope="module")
def synthetic_bench():
    return bm.compute_benchmark(ROOT / "data" / "synthetic", 2024)


def test_benchmark_module_imports_no_plotting_or_report_code():
    code = ("import sys, wreslib.legacy.measures.benchmark; "
            "print([m for m in ('matplotlib', 'scipy', 'wreslib.legacy.report') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
