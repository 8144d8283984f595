"""Helpers of the audit tests: a published figure from one row, and a ledger from counts."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd

from wreslib.audit.published import PublishedFigure, published_figures
from wreslib.audit.recompute import CountKey, Ledger


def one_figure(indicator: int, measure: str, value: str, year: int = 2024, staff_group: str | None = None,
               band: str | None = None, group: str | None = None, org: str = "AAA", row: int = 2,
               source: str = "test") -> PublishedFigure:
    frame = pd.DataFrame([{"row": row, "org_code": org, "year": year, "indicator": indicator, "measure": measure,
                           "value": value, "source": source, "staff_group": staff_group, "band": band,
                           "group": group}])
    return published_figures(frame, org)[0]


def printed(value: Fraction, decimals: int, mode: str = "round", unit: str = "") -> str:
    """A value printed as a report would, by the decimal module (independent of wreslib's rounding)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    step = Decimal(1).scaleb(-decimals)
    shown = exact.quantize(step, rounding=ROUND_HALF_UP if mode == "round" else ROUND_DOWN)
    text = f"{shown:f}"
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return text + unit


WF = "workforce.headcount"
WHOLE = (None, None)


def key(quantity: str, year: int, group: str, cell: tuple = ()) -> CountKey:
    if quantity == WF and cell == ():
        cell = WHOLE
    return CountKey(quantity, cell, year, group)


def ledger(counts: dict[CountKey, int]) -> Ledger:
    return Ledger.from_counts(counts)
