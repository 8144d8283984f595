"""The red/amber/green rating rule: one function per family, and the rule in words generated from it.

Ratings come from the computed results alone. "Significant" in a rating means the test's p-value after
Holm's adjustment within the organisation-year's family of tests is below 0.05 (``ALPHA``): a report that
rates a dozen indicators must not turn chance into a red rating.

Each rating carries a ``rule`` code saying which branch gave it:

==========================  =======  ===========================================================
code                        rating   when
==========================  =======  ===========================================================
``no_data``                 grey     no rows for the year
``not_calculable``          grey     the measure is undefined (0 ÷ 0, no one in a group)
``within_range``            green    relative likelihood from 0.80 to 1.25 (the four-fifths rule)
``above_significant``       red      above 1.25 (adverse to BME staff) and significant vs parity
``above_not_significant``   amber    above 1.25, but not significant after adjustment
``below_range``             amber    below 0.80: in favour of BME staff, outside the range
``not_adverse``             green    survey: BME respondents fare no worse than White ones
``adverse_significant``     red      survey: BME respondents fare worse, significantly
``adverse_not_significant`` amber    survey: worse, but not significant after adjustment
``adverse_untested``        amber    survey: worse, and a group too small to test
``no_bme_staff``            green    board: the workforce has no BME staff to fall short of
``at_least_four_fifths``    green    board: BME share at least four-fifths of the workforce's
``short_significant``       red      board: below four-fifths, and a board this unrepresentative
                                     is unlikely by chance (exact test, adjusted)
``short_within_chance``     amber    board: below four-fifths, within what chance would give
==========================  =======  ===========================================================

**Why red needs the interval to exclude 1, not 1.25.** The four-fifths rule (0.80-1.25) is NHS England's
threshold for a disparity large enough to act on; the test asks whether there is a disparity at all.
Red requires both: a ratio beyond 1.25 *and* evidence against parity. Requiring the interval to lie
wholly above 1.25 would test a threshold, not equality, and with ICB-sized numbers would leave almost
every real disparity amber: a ratio of 3.44 on 9 of 95 appointments (interval 1.77 to 6.84) would pass,
but 2.5 on a similar number would not, though both are strong evidence of unequal treatment. The
alternative is documented in ``docs/method.md``.

**Why the board is rated with chance in mind.** A board of a dozen members is a small sample: 36% of
boards of 13 drawn at random from a 24% BME workforce would fall below four-fifths of its share. Red now
needs the exact probability of a board this unrepresentative to be below 0.05 (adjusted); a board below
four-fifths that chance could explain is amber.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance* (the four-fifths rule).
Holm S. *Scandinavian Journal of Statistics* 1979;6:65-70.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wreslib.measures import families
from wreslib.measures.results import (
    ALPHA,
    MIN_SURVEY_RESPONDENTS,
    NO_DATA,
    NON_ADVERSE_HIGH,
    NON_ADVERSE_LOW,
    NOT_CALCULABLE,
    OK,
)

RED, AMBER, GREEN, GREY = "red", "amber", "green", "grey"
RAGS: tuple[str, ...] = (RED, AMBER, GREEN, GREY)
#: Severity order used to pick indicator 1's headline staff group (most severe first).
SEVERITY = {RED: 0, AMBER: 1, GREEN: 2, GREY: 3}
#: Indicator 9: a board BME share at least this fraction of the workforce's is green.
BOARD_GREEN = NON_ADVERSE_LOW

RULE_RAG: dict[str, str] = {
    NO_DATA: GREY, NOT_CALCULABLE: GREY,
    "within_range": GREEN, "above_significant": RED, "above_not_significant": AMBER, "below_range": AMBER,
    "not_adverse": GREEN, "adverse_significant": RED, "adverse_not_significant": AMBER, "adverse_untested": AMBER,
    "no_bme_staff": GREEN, "at_least_four_fifths": GREEN, "short_significant": RED, "short_within_chance": AMBER,
    "no_groups": GREY,
}


def _rags(rules: np.ndarray) -> np.ndarray:
    return np.array([RULE_RAG[r] for r in rules], dtype=object) if len(rules) else np.array([], dtype=object)


def position(a_cases: pd.Series, a_total: pd.Series, b_cases: pd.Series, b_total: pd.Series) -> np.ndarray:
    """``above``, ``within`` or ``below`` the range 0.80-1.25, judged exactly on the counts (integers).

    An unbounded ratio (no case in group b) is above. Rows whose ratio is undefined get ``within`` and
    must be masked by status.

    Examples
    --------
    >>> s = pd.Series
    >>> position(s([16, 5, 30, 3]), s([100, 20, 92, 10]), s([20, 4, 9, 0]), s([100, 20, 95, 10])).tolist()
    ['within', 'within', 'above', 'above']
    """
    a, at, b, bt = (np.asarray(v, dtype=np.int64) for v in (a_cases, a_total, b_cases, b_total))
    left = a * bt  # the ratio is left / right
    right = at * b
    low_n, low_d = NON_ADVERSE_LOW.numerator, NON_ADVERSE_LOW.denominator
    high_n, high_d = NON_ADVERSE_HIGH.numerator, NON_ADVERSE_HIGH.denominator
    below = left * low_d < right * low_n
    above = (b == 0) | (left * high_d > right * high_n)
    return np.where(above, "above", np.where(below, "below", "within"))


def rate_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """Rate relative likelihoods (indicator 1's staff groups, indicators 2-4): columns ``rag`` and ``rule``.

    Needs ``status``, the four counts and ``p_adjusted``.
    """
    out = frame.copy()
    where = position(out["a_cases"], out["a_total"], out["b_cases"], out["b_total"])
    significant = (out["p_adjusted"] < ALPHA).fillna(False).to_numpy(dtype=bool)
    status = out["status"].to_numpy()
    rule = np.select(
        [status == NO_DATA, status == NOT_CALCULABLE, where == "within", where == "below",
         significant],
        [NO_DATA, NOT_CALCULABLE, "within_range", "below_range", "above_significant"],
        default="above_not_significant",
    )
    out["position"] = np.where(status == OK, where, None)
    out["rule"] = rule
    out["rag"] = _rags(rule)
    return out


def rate_surveys(frame: pd.DataFrame) -> pd.DataFrame:
    """Rate indicators 5-8: columns ``adverse``, ``rag`` and ``rule``. Needs ``status``, ``number``,
    ``gap_pp``, ``gap_tested`` and ``gap_p_adjusted``."""
    out = frame.copy()
    higher_better = out["number"].map(lambda n: families.indicator(int(n)).higher_is_better).to_numpy(dtype=bool)
    gap = out["gap_pp"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        adverse = np.where(higher_better, gap < 0, gap > 0)
    significant = (out["gap_p_adjusted"] < ALPHA).fillna(False).to_numpy(dtype=bool)
    tested = out["gap_tested"].to_numpy(dtype=bool)
    status = out["status"].to_numpy()
    rule = np.select(
        [status == NO_DATA, status == NOT_CALCULABLE, ~adverse, ~tested, significant],
        [NO_DATA, NOT_CALCULABLE, "not_adverse", "adverse_untested", "adverse_significant"],
        default="adverse_not_significant",
    )
    out["adverse"] = np.where(status == OK, adverse, None)
    out["rule"] = rule
    out["rag"] = _rags(rule)
    return out


def rate_boards(frame: pd.DataFrame) -> pd.DataFrame:
    """Rate indicator 9 on voting membership: columns ``rag`` and ``rule`` (executive rows get grey
    ``not_calculable``-style codes only when undefined; they are described, not rated)."""
    out = frame.copy()
    status = out["status"].to_numpy()
    board_bme, board_total = out["bme"].to_numpy(dtype=np.int64), out["board_total"].to_numpy(dtype=np.int64)
    wf_bme, wf_total = out["wf_bme"].to_numpy(dtype=np.int64), out["wf_total"].to_numpy(dtype=np.int64)
    # board share / workforce share >= 4/5  <=>  5 · bme_board · wf_total >= 4 · board_total · wf_bme
    enough = BOARD_GREEN.denominator * board_bme * wf_total >= BOARD_GREEN.numerator * board_total * wf_bme
    significant = (out["p_adjusted"] < ALPHA).fillna(False).to_numpy(dtype=bool)
    rule = np.select(
        [status == NO_DATA, status == NOT_CALCULABLE, wf_bme == 0, enough, significant],
        [NO_DATA, NOT_CALCULABLE, "no_bme_staff", "at_least_four_fifths", "short_significant"],
        default="short_within_chance",
    )
    out["rule"] = rule
    out["rag"] = _rags(rule)
    return out


def most_severe(rags: list[str]) -> int | None:
    """Index of the most severe rating (red, then amber, then green), the first on ties; None if all grey."""
    ranked = [(SEVERITY[r], i) for i, r in enumerate(rags) if r != GREY]
    return min(ranked)[1] if ranked else None


def _range_text() -> str:
    return f"{float(NON_ADVERSE_LOW):.2f} to {float(NON_ADVERSE_HIGH):.2f}"


def rule_text() -> dict[str, str]:
    """The rule in words, keyed by what it rates (``general``, ``1``, ``2``-``4``, ``5``-``8``, ``9``).

    Generated from the constants above, so the printed rule cannot drift from the rule applied.
    "BME" is the data's label; a report relabels it.

    Examples
    --------
    >>> "0.80 to 1.25" in rule_text()["2"]
    True
    """
    range_text = _range_text()
    significant = (f"statistically significant: the test against parity gives p < {ALPHA} after Holm's adjustment "
                   "for the number of tests in the organisation's year")
    high = f"{float(NON_ADVERSE_HIGH):.2f}"
    ratio_rule = (f"Green: from {range_text} inclusive (the four-fifths rule). Red: above {high} "
                  f"(adverse to BME {{who}}) and {significant}. Amber: above {float(NON_ADVERSE_HIGH):.2f} but not "
                  f"statistically significant after adjustment, or below {float(NON_ADVERSE_LOW):.2f} (in favour of "
                  "BME {who}).")
    survey_rule = ("Red: BME respondents fare worse than White respondents and the difference is statistically "
                   f"significant (score test, p < {ALPHA} after adjustment). Amber: they fare worse but the "
                   "difference is not significant after adjustment, or a group has fewer than "
                   f"{MIN_SURVEY_RESPONDENTS} respondents and is not tested. Green: BME respondents fare no worse.")
    text = {
        "general": ("Each indicator is rated red, amber, green or grey for one year, from the computed results alone. "
                    "Grey means there is no data, or the measure is undefined (no one in either group, 0 ÷ 0); a "
                    "zero in one group is rated like any other result. Every test of a year belongs to one family "
                    "(the organisation's comparisons of that year and the year-on-year survey changes); each p-value "
                    "is adjusted for the others by Holm's method before a rating calls it significant."),
        "1": ("Rated for each staff group separately: the relative likelihood of White staff compared to BME staff "
              "being in Bands 8a-VSM rather than Bands 1-7 (for medical and dental staff, being a consultant rather "
              "than in another medical grade). " + ratio_rule.format(who="staff") + " The indicator takes the most "
              "severe of its staff groups' ratings and names that group."),
    }
    for number in families.numbers_of(families.LIKELIHOOD):
        ind = families.indicator(number)
        assert ind.phrases is not None
        text[str(number)] = (f"{ind.title}. Above 1 is adverse to BME {ind.phrases.noun}. "
                             + ratio_rule.format(who=ind.phrases.noun))
    for number in families.numbers_of(families.SURVEY):
        ind = families.indicator(number)
        worse = "a lower" if ind.higher_is_better else "a higher"
        text[str(number)] = (f"{ind.title}. {worse.capitalize()} BME percentage than White is adverse. "
                             + survey_rule)
    text["9"] = (f"The BME share of the board's voting members against the BME share of the whole workforce (members "
                 f"and staff of unknown ethnicity count in both). Green: at least {float(BOARD_GREEN):.2f} of the "
                 "workforce's share, or the workforce has no BME staff. Red: below that, and a board of this size "
                 "drawn at random at the workforce's share would have so few BME members less than 5% of the time "
                 "(exact binomial test, adjusted). Amber: below that, within what chance would give. Executive "
                 "membership is described, not rated.")
    return text
