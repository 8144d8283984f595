"""Indicator 9: the board's BME share of voting and of executive members against the workforce's.

``difference_pp`` is the board's BME percentage minus the workforce's, in percentage points; both
percentages count members (or staff) of unknown ethnicity in the denominator, as WRES does. Because a
board has a dozen members, its share alone says little: a board of 13 drawn at random from a 24% BME
workforce has two or fewer BME members 36% of the time. So the voting board is also tested: the exact
chance that a board of its size, drawn at random at the workforce's BME share, would have as few BME
members or fewer (:mod:`wreslib.stats.representation`). Executive membership, smaller still, is described
and not tested.

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance*, indicator 9.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from wreslib.measures import counts
from wreslib.measures.results import NO_DATA, NOT_CALCULABLE, OK, BoardMeasure, BoardResult, GroupCounts, Rating
from wreslib.stats.representation import METHOD, representation_test

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

VOTING, EXECUTIVE = "voting", "executive"


def frame(data: Dataset, orgs: Sequence[str], years: Sequence[int],
          workforce: pd.DataFrame | None = None) -> pd.DataFrame:
    """Board membership against the workforce: one row per (org_code, year, membership)."""
    staff = counts.workforce_totals(data, orgs, years) if workforce is None else workforce
    board = counts.board_counts(data, orgs, years)
    staff = staff[[*counts.KEY, "white", "bme", "unknown"]].rename(
        columns={"white": "wf_white", "bme": "wf_bme", "unknown": "wf_unknown"})
    out = board.merge(staff, on=counts.KEY, how="left")
    out["board_total"] = out["white"] + out["bme"] + out["unknown"]
    out["wf_total"] = out["wf_white"] + out["wf_bme"] + out["wf_unknown"]
    out["status"] = OK
    out["reason"] = counts.no_rows_reasons(data, "board", out, out["present"])
    out.loc[~out["present"], "status"] = NO_DATA
    blank = out["present"] & ~out["given"]
    out.loc[blank, "status"] = NO_DATA
    out.loc[blank, "reason"] = (f"{data.label('board')} leaves the " + out.loc[blank, "membership"]
                                + " column blank for " + out.loc[blank, "org_code"] + " in "
                                + out.loc[blank, "year"].astype(str))
    empty = (out["status"] == OK) & (out["board_total"] == 0)
    out.loc[empty, "status"] = NOT_CALCULABLE
    out.loc[empty, "reason"] = "the board has no " + out.loc[empty, "membership"] + " members recorded"
    no_staff = (out["status"] == OK) & (out["wf_total"] == 0)
    out.loc[no_staff, "status"] = NOT_CALCULABLE
    out.loc[no_staff, "reason"] = "the workforce headcount is 0"
    ok = (out["status"] == OK).to_numpy()
    share = np.where(ok, out["wf_bme"] / out["wf_total"].where(out["wf_total"] > 0, 1), 0.0)
    test = representation_test(np.where(ok, out["bme"], 0), np.where(ok, out["board_total"], 1), share)
    tested = ok & (out["membership"] == VOTING).to_numpy()
    out["expected_bme"] = np.where(ok, test.expected, np.nan)
    out["p_value"] = np.where(tested, test.p_lower, np.nan)
    out["method"] = np.where(tested, METHOD, None)
    return out.sort_values([*counts.KEY, "membership"], ascending=[True, True, False], kind="stable").reset_index(
        drop=True)


def _measure(row: Mapping[str, Any], p_adjusted: float | None) -> BoardMeasure:
    status = str(row["status"])
    if status == NO_DATA:
        return BoardMeasure(str(row["membership"]), status, row["reason"])
    board = GroupCounts(f"board ({row['membership']})", int(row["white"]), int(row["bme"]), int(row["unknown"]))
    staff = GroupCounts("All staff", int(row["wf_white"]), int(row["wf_bme"]), int(row["wf_unknown"]))
    tested = not pd.isna(row["p_value"])
    return BoardMeasure(
        str(row["membership"]), status, row["reason"] if status != OK else None, board=board, workforce=staff,
        expected_bme=None if pd.isna(row["expected_bme"]) else float(row["expected_bme"]),
        p_value=float(row["p_value"]) if tested else None, p_adjusted=p_adjusted if tested else None,
        method=str(row["method"]) if tested else None,
    )


def result(rows: list[dict[str, Any]], rating: Rating, p_adjusted: float | None) -> BoardResult:
    """The typed indicator 9 from its two records (voting, executive) of :func:`frame`."""
    by = {str(r["membership"]): r for r in rows}
    voting = _measure(by[VOTING], p_adjusted)
    executive = _measure(by[EXECUTIVE], None)
    status = OK if OK in (voting.status, executive.status) else voting.status
    return BoardResult(status, None if status == OK else voting.reason, rating, voting, executive)
