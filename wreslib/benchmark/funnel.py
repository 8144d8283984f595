"""Funnel plots of the relative likelihoods (indicator 1 per staff group, 2, 3 and 4): two views, two questions.

Every organisation is placed with **its own precision** by :func:`wreslib.stats.funnel.positions`: its
score statistic ``z`` at the target and the standard error ``s`` of its log relative likelihood at the
target, from its own group sizes and its own rate. It is drawn at ``target · exp(z s)`` against the
precision ``1 / s²``, and the limits at its precision are ``target · exp(± Z s)`` (Z = 1.96 for 95%,
3.09 for 99.8%). Two views are computed, each answering one question (``FunnelView.question``):

**Parity** (the default view; its flags are ``funnel_flag`` in ``benchmark.csv``). *Does this
organisation differ from parity beyond chance?* The target is 1. Because ``z`` is the score statistic of
the organisation's own report, its point lies beyond the 95% limits exactly when its own test gives
p < 0.05 against parity, and beyond the 99.8% limits when p < 0.002: the funnel and the report can never
disagree. At exact parity about 1 organisation in 20 falls beyond the 95% limits and 1 in 500 beyond the
99.8% limits; with small counts the discrete tails move those rates a little, so each view states how many
of its own organisations chance alone would put beyond each limit (:func:`wreslib.stats.funnel.chance_outside`,
a seeded simulation with each organisation's own sizes and rate), to be read beside how many are.

**Peer** (one per peer group, by default each organisation type). *Is this organisation unusual among
organisations like it, allowing for the real spread between them?* The target is the pooled relative
likelihood of the peer group (from summed counts, as its roll-up). Organisations really differ, so the
spread of their ``z`` around that target is usually wider than chance alone: the dispersion ratio ``phi``
(the mean square of the z-scores winsorised at 10% and 90%, as the SHMI and FunnelPlotR do) is tested
against chi² with I − 1 degrees of freedom, and when it shows over-dispersion the limits are widened by
Spiegelhalter's additive random effects, ``target · exp(± Z sqrt(s² + tau²))``. An organisation beyond
these limits is unusual even among its peers; one within them may still differ from parity (the parity
view says so).

An organisation with a zero in one group is placed (its score statistic is finite); one that cannot be
placed (no data, no case in either group, every member of both groups a case) has the flag
``not_placed`` and a ``reason``.

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
2005;24:1185-1202 (funnels; the additive random-effects limits of section 5).
Spiegelhalter DJ. Handling over-dispersion of performance indicators. *Quality and Safety in Health Care*
2005;14:347-351.
NHS Digital. Summary Hospital-level Mortality Indicator (SHMI) methodology (winsorisation at 10%).
NHS-R Community, FunnelPlotR (``R/od_adjustment.R``: winsorised z-scores, phi, tau²).
Miettinen O, Nurminen M. *Statistics in Medicine* 1985;4:213-226 (the score statistic).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from wreslib.measures import families
from wreslib.measures.results import NO_DATA, OK
from wreslib.stats.funnel import WINSOR, Z_95, Z_998, beyond, chance_outside, dispersion, limits, positions

if TYPE_CHECKING:
    from wreslib.benchmark.scope import Population
    from wreslib.measures.compute import Computation

PARITY, PEER = "parity", "peer"
#: Funnel flags: the data contract's five, and one for an organisation that cannot be placed.
WITHIN, ABOVE_95, ABOVE_998, BELOW_95, BELOW_998, NOT_PLACED = (
    "within", "above_95", "above_99.8", "below_95", "below_99.8", "not_placed")
FLAGS: tuple[str, ...] = (ABOVE_998, ABOVE_95, WITHIN, BELOW_95, BELOW_998, NOT_PLACED)
#: The flags of a point beyond the 95% limits (either side), and beyond the 99.8% limits.
OUTSIDE_95: frozenset[str] = frozenset({ABOVE_95, ABOVE_998, BELOW_95, BELOW_998})
OUTSIDE_998: frozenset[str] = frozenset({ABOVE_998, BELOW_998})
FLAG_TEXT: dict[str, str] = {
    ABOVE_998: "above the upper 99.8% limit",
    ABOVE_95: "above the upper 95% limit (within the 99.8% limit)",
    WITHIN: "within the 95% limits",
    BELOW_95: "below the lower 95% limit (within the 99.8% limit)",
    BELOW_998: "below the lower 99.8% limit",
    NOT_PLACED: "not placed on the funnel",
}
#: The question each view answers, stated in the data so a page cannot present one as the other.
QUESTIONS: dict[str, str] = {
    PARITY: "Does this organisation differ from parity beyond chance?",
    PEER: "Is it unusual among organisations like it, allowing for the real spread between them?",
}
EXPLANATIONS: dict[str, str] = {
    PARITY: ("Limits around parity (1) at each organisation's own precision. A point lies beyond the 95% limits "
             "exactly when the organisation's own score test (the test in its own report) gives p < 0.05 against "
             "parity, and beyond the 99.8% limits when p < 0.002, so the funnel and the report never disagree."),
    PEER: ("Limits around the pooled relative likelihood of {name}, at each organisation's own precision, widened "
           "by the real spread between organisations (Spiegelhalter's additive random effects, tau²) when they "
           "are over-dispersed. Beyond these limits an organisation is unusual even among its peers."),
}
#: A peer view needs at least this many placed organisations: spread among fewer says nothing.
MIN_PEERS = 3
#: The relative likelihoods drawn as funnels.
NUMBERS: tuple[int, ...] = (1, 2, 3, 4)
PRECISION_LABEL = "precision at the target: 1 ÷ (standard error of the log relative likelihood)²"
#: Points on each drawn limit curve (log-spaced in precision).
CURVE_POINTS = 101
#: Simulated draws per organisation for the expected number beyond each limit: as many as fit in
#: ``DRAW_BUDGET`` draws per funnel, between ``MIN_REPS`` and ``MAX_REPS``. The Monte Carlo standard error of
#: an expected count of about 5% of I organisations is near sqrt(0.05 · I / reps): 0.05 for 42 ICBs at
#: 1,000 draws each, 0.17 for 250 organisations at 400.
MAX_REPS = 1000
MIN_REPS = 400
DRAW_BUDGET = 100_000
DEFAULT_SEED = 2005
POINT_COLUMNS: tuple[str, ...] = (
    "org_code", "org_name", "region", "org_type", "peer_group", "indicator", "staff_group", "year", "a_label",
    "a_cases", "a_total", "b_label", "b_cases", "b_total", "value", "unbounded", "ci_low", "ci_high", "p_value",
    "p_adjusted", "rag", "status", "placed", "reason", "z", "se", "precision", "position", "low_95", "high_95",
    "low_998", "high_998", "flag", "peer_target", "peer_z", "peer_se", "peer_precision", "peer_position",
    "peer_low_95", "peer_high_95", "peer_low_998", "peer_high_998", "peer_flag",
)


class Placement(NamedTuple):
    """Arrays, one element per organisation: the score statistic ``z`` and standard error ``se`` at the
    target, ``precision`` (1 / se²), the drawn ``position``, the four limits at its own precision, its
    ``flag`` and whether it is ``placed``."""

    z: np.ndarray
    se: np.ndarray
    precision: np.ndarray
    position: np.ndarray
    low_95: np.ndarray
    high_95: np.ndarray
    low_998: np.ndarray
    high_998: np.ndarray
    flag: np.ndarray
    placed: np.ndarray


def flags(z: np.ndarray, se: np.ndarray, placed: np.ndarray, *, tau2: float = 0.0) -> np.ndarray:
    """The funnel flag of each organisation from its z-score and standard error (``not_placed`` where not placed).

    Judged as :func:`wreslib.stats.funnel.beyond` judges it: ``|z s|`` against ``Z sqrt(s² + tau²)``; a
    point on a limit is within.

    Examples
    --------
    With s = 0.5 the 95% limit is at |z| = 1.96 and the 99.8% limit at |z| = 3.09:

    >>> flags(np.array([1.0, 2.5, -3.5, 0.0]), np.full(4, 0.5), np.array([True, True, True, False])).tolist()
    ['within', 'above_95', 'below_99.8', 'not_placed']
    """
    zs = np.where(placed, z, 0.0)
    s = np.where(placed, se, 1.0)
    b95 = beyond(zs, s, Z_95, tau2=tau2)
    b998 = beyond(zs, s, Z_998, tau2=tau2)
    out = np.select([~placed, b998 > 0, b998 < 0, b95 > 0, b95 < 0],
                    [NOT_PLACED, ABOVE_998, BELOW_998, ABOVE_95, BELOW_95], default=WITHIN)
    return out.astype(object)


def place(x1: object, n1: object, x2: object, n2: object, *, theta0: float = 1.0, tau2: float = 0.0) -> Placement:
    """Place organisations on a funnel around ``theta0``: position, precision, limits and flag of each.

    Parameters
    ----------
    x1, n1, x2, n2 : array_like of int
        Cases and denominators of the numerator group and of the denominator group of the ratio.
    theta0 : float
        The target: 1 (parity) or a pooled relative likelihood.
    tau2 : float
        Between-organisation variance of the log ratio that widens the limits (0: none).

    Returns
    -------
    Placement

    References
    ----------
    Spiegelhalter DJ. *Statistics in Medicine* 2005;24:1185-1202.

    Examples
    --------
    36 of 360 against 4 of 40 sits at parity, with s = 0.5 by hand, so its 95% limits are
    exp(± 1.96 · 0.5) = 0.375 and 2.664. With no case of 288 against 4 of 96 it is placed, below the
    99.8% limit (its score statistic is −3.48).

    >>> p = place([36, 0], [360, 288], [4, 4], [40, 96])
    >>> p.flag.tolist(), [round(float(v), 3) for v in p.low_95], round(float(p.high_95[0]), 3)
    (['within', 'below_99.8'], [0.375, 0.105], 2.664)
    """
    f = positions(x1, n1, x2, n2, theta0=theta0)
    low_95, high_95 = limits(f.se, Z_95, theta0=theta0, tau2=tau2)
    low_998, high_998 = limits(f.se, Z_998, theta0=theta0, tau2=tau2)
    return Placement(f.z, f.se, f.precision, f.position, low_95, high_95, low_998, high_998,
                     flags(f.z, f.se, f.placed, tau2=tau2), f.placed)


@dataclass(frozen=True)
class FunnelView:
    """One view of a funnel: its question, target, how many organisations lie where, and the limit curves.

    Attributes
    ----------
    view : str
        ``parity`` or ``peer``.
    question, explanation : str
        The question the view answers, and how (see :data:`QUESTIONS`).
    peer_group : str or None
        The peer group (an organisation type, or ``all``) of a peer view; None for parity.
    name : str
        The organisations in the view ("the 42 ICBs in this data").
    target : float or None
        1 for parity; the pooled relative likelihood of the peer group (None when it has none).
    organisations, placed : int
        Organisations in the view, and how many are placed on it.
    within, above_95, above_998, below_95, below_998, not_placed : int
        How many carry each flag (``above_95`` counts those beyond 95% but within 99.8%).
    outside_95, outside_998 : int
        How many lie beyond the 95% limits (including those beyond 99.8%) and beyond the 99.8% limits.
    expected_outside_95, expected_outside_998 : float or None
        How many chance alone would put beyond each limit if every organisation were at parity, with
        its own sizes and its own rate, by a seeded simulation of ``reps`` draws per organisation (parity
        view; None for a peer view, whose random-effects limits are built to keep the nominal 5% and 0.2%).
    phi, dispersion_p : float or None
        The dispersion ratio of the winsorised z-scores around the target and its chi-squared p-value
        (peer view; None for parity, where a shared departure from parity is what is asked about).
    over_dispersed : bool
    tau2 : float
        The between-organisation variance of the log ratio added to the limits (0 unless over-dispersed).
    winsor : float
        Share of z-scores winsorised at each end.
    curve : pandas.DataFrame
        ``precision, se, low_95, high_95, low_998, high_998``: the limits to draw, log-spaced in precision
        across the placed organisations.
    reason : str or None
        Why the view has no limits, when it has none.
    reps : int or None
        Simulated draws per organisation behind the expected numbers (parity view).
    """

    view: str
    question: str
    explanation: str
    peer_group: str | None
    name: str
    target: float | None
    organisations: int
    placed: int
    within: int
    above_95: int
    above_998: int
    below_95: int
    below_998: int
    not_placed: int
    outside_95: int
    outside_998: int
    expected_outside_95: float | None
    expected_outside_998: float | None
    phi: float | None
    dispersion_p: float | None
    over_dispersed: bool
    tau2: float
    winsor: float
    curve: pd.DataFrame
    reason: str | None = None
    reps: int | None = None


@dataclass(frozen=True)
class Funnel:
    """The funnel of one relative likelihood in one year: its parity view, its peer views and every point.

    ``points`` has one row per organisation compared (columns :data:`POINT_COLUMNS`): its counts, value,
    interval and tests (as its own report), its placing in the parity view (``z, se, precision,
    position``, the limits at its precision, ``flag``) and in its peer group's view (``peer_*``).
    """

    indicator: int
    staff_group: str | None
    year: int
    title: str
    precision_label: str
    parity: FunnelView
    peers: tuple[FunnelView, ...]
    points: pd.DataFrame
    default_view: str = PARITY

    def peer(self, group: str) -> FunnelView | None:
        """The peer view of one peer group (None when there is none)."""
        return next((v for v in self.peers if v.peer_group == group), None)

    def flagged(self, *wanted: str, view: str = PARITY) -> pd.DataFrame:
        """The points with one of these flags in a view, furthest above first."""
        column = "flag" if view == PARITY else "peer_flag"
        order = "position" if view == PARITY else "peer_position"
        chosen = self.points[self.points[column].isin(wanted)]
        return chosen.sort_values([order, "org_code"], ascending=[False, True], kind="stable")


def _curve(precision: np.ndarray, target: float, tau2: float) -> pd.DataFrame:
    finite = precision[np.isfinite(precision) & (precision > 0)]
    if finite.size == 0 or not np.isfinite(target) or target <= 0:
        return pd.DataFrame(columns=["precision", "se", "low_95", "high_95", "low_998", "high_998"])
    grid = np.geomspace(finite.min() / 1.5, finite.max() * 1.5, CURVE_POINTS)
    se = 1.0 / np.sqrt(grid)
    low_95, high_95 = limits(se, Z_95, theta0=target, tau2=tau2)
    low_998, high_998 = limits(se, Z_998, theta0=target, tau2=tau2)
    return pd.DataFrame({"precision": grid, "se": se, "low_95": low_95, "high_95": high_95, "low_998": low_998,
                         "high_998": high_998})


def _counts(flag: np.ndarray) -> dict[str, int]:
    values, counted = np.unique(flag.astype(str), return_counts=True)
    found = dict(zip(values.tolist(), counted.tolist(), strict=True))
    return {name: int(found.get(value, 0)) for name, value in (
        ("within", WITHIN), ("above_95", ABOVE_95), ("above_998", ABOVE_998), ("below_95", BELOW_95),
        ("below_998", BELOW_998), ("not_placed", NOT_PLACED))}


def _view(view: str, peer_group: str | None, name: str, target: float | None, placement: Placement | None,
          size: int, *, expected: tuple[float, float] | None, spread: tuple[float, float, bool] | None,
          tau2: float, reason: str | None = None, reps: int | None = None) -> FunnelView:
    flag = placement.flag if placement is not None else np.full(size, NOT_PLACED, dtype=object)
    c = _counts(flag)
    curve = _curve(placement.precision[placement.placed], target, tau2) if placement is not None and \
        target is not None else _curve(np.array([]), np.nan, 0.0)
    return FunnelView(
        view=view, question=QUESTIONS[view], explanation=EXPLANATIONS[view].format(name=name),
        peer_group=peer_group, name=name, target=target, organisations=size, placed=size - c["not_placed"], **c,
        outside_95=c["above_95"] + c["above_998"] + c["below_95"] + c["below_998"],
        outside_998=c["above_998"] + c["below_998"],
        expected_outside_95=None if expected is None else expected[0],
        expected_outside_998=None if expected is None else expected[1],
        phi=None if spread is None else spread[0], dispersion_p=None if spread is None else spread[1],
        over_dispersed=False if spread is None else spread[2], tau2=tau2, winsor=WINSOR, curve=curve, reason=reason,
        reps=reps,
    )


def _not_placed_reasons(rows: pd.DataFrame, placed: np.ndarray, number: int) -> pd.Series:
    """Why each organisation that is not placed is not (None for those placed)."""
    phrases = families.indicator(number).phrases
    did = phrases.did_outcome if phrases is not None else "were cases"
    every = ((rows["a_cases"] == rows["a_total"]) & (rows["b_cases"] == rows["b_total"])).to_numpy(dtype=bool)
    everyone = ("all " + (rows["a_total"] + rows["b_total"]).astype("Int64").astype(str) + f" in both groups {did}, "
                "so there is no spread to place")
    given = rows["reason"].astype(object).where(rows["reason"].notna(), None)
    reason = given.where(given.notna(), everyone.where(every, "the relative likelihood cannot be placed"))
    return reason.where(~placed, None)


def simulation_reps(placed: int) -> int:
    """Simulated draws per organisation for a funnel of ``placed`` organisations (see :data:`DRAW_BUDGET`).

    Examples
    --------
    >>> simulation_reps(42), simulation_reps(250), simulation_reps(5000)
    (1000, 400, 400)
    """
    return int(max(MIN_REPS, min(MAX_REPS, DRAW_BUDGET // max(placed, 1))))


def funnel(rows: pd.DataFrame, *, indicator: int, year: int, staff_group: str | None = None,
           peer_targets: Mapping[str, float | None] | None = None, peer_names: Mapping[str, str] | None = None,
           name: str = "the organisations in this data", reps: int | None = None,
           seed: int = DEFAULT_SEED) -> Funnel:
    """The funnel of one relative likelihood from one row per organisation.

    Parameters
    ----------
    rows : pandas.DataFrame
        One row per organisation with ``org_code``, ``a_cases, a_total, b_cases, b_total`` (numerator
        group a, denominator group b; ignored where ``status`` is not ``ok``), ``status``, ``reason`` and
        ``peer_group``; any of the other :data:`POINT_COLUMNS` present are carried through.
    indicator, year : int
    staff_group : str, optional
        Indicator 1's staff group.
    peer_targets : mapping of str to float, optional
        The pooled relative likelihood of each peer group (the target of its peer view).
    peer_names : mapping of str to str, optional
        What each peer group is called ("the 42 ICBs in this data").
    name : str
        What the organisations of the parity view are called.
    reps : int, optional
        Simulated draws per organisation for the expected number beyond each limit (default
        :func:`simulation_reps`).
    seed : int
        Seed of that simulation: the same organisations always give the same expected numbers.

    Returns
    -------
    Funnel

    References
    ----------
    Spiegelhalter DJ. *Statistics in Medicine* 2005;24:1185-1202 (funnels and random-effects limits).
    NHS Digital, SHMI methodology, and NHS-R Community, FunnelPlotR (winsorised z-scores, phi and tau²).

    Examples
    --------
    B (48 of 300 against 8 of 100) has, by hand, pooled rate 0.14 and score statistic
    (0.16 − 0.08) / sqrt(0.14 · 0.86 · (1/300 + 1/100) · 400/399) = 1.994: beyond 1.96, within 3.09.

    >>> rows = pd.DataFrame({"org_code": ["A", "B", "C"], "a_cases": [36, 48, 0], "a_total": [360, 300, 0],
    ...                      "b_cases": [4, 8, 0], "b_total": [40, 100, 0], "status": ["ok", "ok", "no_data"],
    ...                      "reason": [None, None, "no rows"], "peer_group": "ICB"})
    >>> f = funnel(rows, indicator=2, year=2024, peer_targets={"ICB": 1.5})
    >>> f.points["flag"].tolist(), f.parity.outside_95, f.parity.not_placed
    (['within', 'above_95', 'not_placed'], 1, 1)
    """
    rows = rows.reset_index(drop=True).copy()
    for column in ("org_name", "region", "org_type", "a_label", "b_label", "value", "unbounded", "ci_low", "ci_high",
                   "p_value", "p_adjusted", "rag"):
        if column not in rows.columns:
            rows[column] = None
    ok = (rows["status"] == OK).to_numpy(dtype=bool)
    counts = [np.where(ok, rows[c].fillna(0).to_numpy(dtype=float), 0.0) for c in ("a_cases", "a_total", "b_cases",
                                                                                   "b_total")]
    # A row that is not ok is given an empty table, which positions() never places.
    parity = place(*counts)
    rows = rows.assign(indicator=indicator, staff_group=staff_group, year=year, placed=parity.placed, z=parity.z,
                       se=parity.se, precision=parity.precision, position=parity.position, low_95=parity.low_95,
                       high_95=parity.high_95, low_998=parity.low_998, high_998=parity.high_998, flag=parity.flag)
    rows["reason"] = _not_placed_reasons(rows, parity.placed, indicator)
    placed = parity.placed
    rates = np.where(placed, (counts[0] + counts[2]) / np.where(placed, counts[1] + counts[3], 1.0), 0.0)
    draws = simulation_reps(int(placed.sum())) if reps is None else int(reps)
    chance = chance_outside(counts[1][placed], counts[3][placed], rates[placed], reps=draws, seed=seed)
    parity_view = _view(PARITY, None, name, 1.0, parity, len(rows),
                        expected=(chance.beyond_95, chance.beyond_998), spread=None, tau2=0.0, reps=draws)
    for column in ("peer_target", "peer_z", "peer_se", "peer_precision", "peer_position", "peer_low_95",
                   "peer_high_95", "peer_low_998", "peer_high_998"):
        rows[column] = np.nan
    rows["peer_flag"] = NOT_PLACED
    views = []
    targets = dict(peer_targets or {})
    for group in sorted(set(rows["peer_group"].dropna().astype(str))):
        mine = (rows["peer_group"] == group).to_numpy(dtype=bool)
        target = targets.get(group)
        label = (peer_names or {}).get(group, f"the {group} organisations in this data")
        if target is None or not np.isfinite(target) or target <= 0:
            views.append(_view(PEER, group, label, None, None, int(mine.sum()), expected=None, spread=None, tau2=0.0,
                               reason="the peer group's pooled relative likelihood is 0, unbounded or not "
                                      "calculable, so it has no target"))
            continue
        sub = [c[mine] for c in counts]
        first = positions(*sub, theta0=target)
        if int(first.placed.sum()) < MIN_PEERS:
            views.append(_view(PEER, group, label, float(target), None, int(mine.sum()), expected=None, spread=None,
                               tau2=0.0, reason=f"fewer than {MIN_PEERS} of these organisations can be placed, too "
                                            "few to say who is unusual among them"))
            continue
        spread = dispersion(first.z[first.placed], first.se[first.placed])
        tau2 = float(spread.tau2)
        peer = place(*sub, theta0=target, tau2=tau2)
        index = np.flatnonzero(mine)
        rows.loc[index, "peer_target"] = target
        for column, values in (("peer_z", peer.z), ("peer_se", peer.se), ("peer_precision", peer.precision),
                               ("peer_position", peer.position), ("peer_low_95", peer.low_95),
                               ("peer_high_95", peer.high_95), ("peer_low_998", peer.low_998),
                               ("peer_high_998", peer.high_998), ("peer_flag", peer.flag)):
            rows.loc[index, column] = values
        phi = None if not np.isfinite(spread.phi) else float(spread.phi)
        p = None if not np.isfinite(spread.p_value) else float(spread.p_value)
        views.append(_view(PEER, group, label, float(target), peer, int(mine.sum()), expected=None,
                           spread=(phi, p, bool(spread.over_dispersed)), tau2=tau2))
    title = families.indicator(indicator).short_title + (f" ({staff_group} staff)" if staff_group else "")
    for column in POINT_COLUMNS:
        if column not in rows.columns:
            rows[column] = None
    return Funnel(indicator, staff_group, int(year), title, PRECISION_LABEL, parity_view, tuple(views),
                  rows[list(POINT_COLUMNS)])


def funnel_rows(comp: Computation, people: Population, year: int, peers: str = "org_type") -> pd.DataFrame:
    """One row per organisation compared and relative likelihood (1 per staff group, 2-4) of ``year``.

    Every organisation compared gets a row for every funnel, with status ``no_data`` and a reason where
    the computation has none (an organisation with no staff of a staff group).
    """
    orgs = people.organisations[["org_code", "org_name", "region", "org_type"]]
    orgs = orgs.assign(peer_group=orgs["org_type"] if peers == "org_type" else "all")
    columns = ["org_code", "indicator", "staff_group", "a_label", "a_cases", "a_total", "b_label", "b_cases",
               "b_total", "value", "unbounded", "ci_low", "ci_high", "p_value", "p_adjusted", "rag", "rule", "status",
               "reason"]
    parts = []
    groups = comp.groups[comp.groups["year"] == year]
    for group in groups["staff_group"].drop_duplicates():
        found = groups[groups["staff_group"] == group].assign(indicator=1)
        grid = orgs.assign(indicator=1, staff_group=group)
        part = grid.merge(found[columns], on=["org_code", "indicator", "staff_group"], how="left")
        missing = part["status"].isna()
        part.loc[missing, "status"] = NO_DATA
        part.loc[missing, "reason"] = f"no {group} staff are recorded in the compared bands in {year}"
        parts.append(part)
    likes = comp.likelihoods[comp.likelihoods["year"] == year].assign(indicator=lambda f: f["number"],
                                                                     staff_group=None)
    for number in families.numbers_of(families.LIKELIHOOD):
        found = likes[likes["indicator"] == number]
        grid = orgs.assign(indicator=number)
        part = grid.merge(found[[c for c in columns if c != "staff_group"]], on=["org_code", "indicator"], how="left")
        part["staff_group"] = None
        missing = part["status"].isna()
        part.loc[missing, "status"] = NO_DATA
        part.loc[missing, "reason"] = f"no figures in {year}"
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def funnels(comp: Computation, people: Population, year: int, peer_targets: Mapping[tuple[int, str | None, str],
            float | None], *, peers: str = "org_type", reps: int | None = None, seed: int = DEFAULT_SEED,
            rows: pd.DataFrame | None = None) -> tuple[Funnel, ...]:
    """Every funnel of ``year``: indicator 1 for each staff group, then 2, 3 and 4.

    ``peer_targets`` maps (indicator, staff group or None, peer group) to the peer group's pooled relative
    likelihood; ``peers`` is ``org_type`` (each organisation type is a peer group) or ``all``; ``rows`` is
    :func:`funnel_rows` of the year, when already made.
    """
    rows = funnel_rows(comp, people, year, peers) if rows is None else rows
    members = people.members
    scope = "org_type" if peers == "org_type" else "all"
    names = dict(zip(members.loc[members["scope"] == scope, "group"], members.loc[members["scope"] == scope, "name"],
                     strict=True))
    out = []
    keys = rows[["indicator", "staff_group"]].drop_duplicates().itertuples(index=False, name=None)
    for number, group in keys:
        group = None if group is None or (isinstance(group, float) and np.isnan(group)) else str(group)
        mine = rows[(rows["indicator"] == number) & (rows["staff_group"].isna() if group is None
                                                     else rows["staff_group"] == group)]
        targets = {p: peer_targets.get((int(number), group, p)) for p in mine["peer_group"].unique()}
        out.append(funnel(mine, indicator=int(number), year=year, staff_group=group, peer_targets=targets,
                          peer_names=names, name=people.name, reps=reps, seed=seed + int(number)))
    return tuple(out)


__all__ = [
    "ABOVE_95", "ABOVE_998", "BELOW_95", "BELOW_998", "CURVE_POINTS", "DEFAULT_SEED", "DRAW_BUDGET", "EXPLANATIONS",
    "FLAGS", "FLAG_TEXT", "MAX_REPS", "MIN_PEERS", "MIN_REPS", "NOT_PLACED", "NUMBERS", "PARITY", "PEER",
    "POINT_COLUMNS", "PRECISION_LABEL", "QUESTIONS", "WITHIN", "Funnel", "FunnelView", "Placement", "flags", "funnel",
    "funnel_rows", "funnels", "place", "simulation_reps",
]
