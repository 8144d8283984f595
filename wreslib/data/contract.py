"""The data contract: which tables wreslib reads, their columns, keys and types.

This mirrors ``data-contract.md`` (the product's public interface). Change it only on purpose,
with the README and the tests in the same commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ORG_CODE_PATTERN = re.compile(r"^[A-Z0-9]{3,5}$")
ORG_TYPES: tuple[str, ...] = ("ICB", "Trust", "Other")
INDICATOR_NUMBERS: tuple[int, ...] = tuple(range(1, 10))
SURVEY_INDICATORS: tuple[int, ...] = (5, 6, 7, 8)
ACTION_STATUSES: tuple[str, ...] = ("completed", "in progress", "planned")
#: Years outside this range are taken as typing errors (WRES started in 2015).
YEAR_MIN, YEAR_MAX = 2010, 2100


@dataclass(frozen=True)
class TableSpec:
    """One input table: its required and optional columns, the columns of its key, and the types."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    year_column: str | None = "year"
    required_table: bool = False
    description: str = ""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "organisations", ("org_code", "org_name", "org_type", "region"),
            optional=("survey_benchmark", "synthetic"), key=("org_code",), year_column=None,
            required_table=True, description="one row per organisation",
        ),
        TableSpec(
            "workforce", ("org_code", "year", "staff_group", "band", "ethnicity", "headcount"),
            key=("org_code", "year", "staff_group", "band", "ethnicity"), counts=("headcount",),
            required_table=True, description="headcount at 31 March by staff group, band and ethnicity",
        ),
        TableSpec(
            "recruitment", ("org_code", "year", "ethnicity", "shortlisted", "appointed"),
            key=("org_code", "year", "ethnicity"), counts=("shortlisted", "appointed"),
            description="shortlisted and appointed applicants over the 12 months to 31 March",
        ),
        TableSpec(
            "disciplinary", ("org_code", "year", "ethnicity", "entered"),
            key=("org_code", "year", "ethnicity"), counts=("entered",),
            description="staff entering the formal disciplinary process",
        ),
        TableSpec(
            "training", ("org_code", "year", "ethnicity", "accessed"),
            key=("org_code", "year", "ethnicity"), counts=("accessed",),
            description="staff accessing non-mandatory training and CPD",
        ),
        TableSpec(
            "survey", ("org_code", "survey_year", "indicator", "ethnicity", "respondents", "percent"),
            key=("org_code", "survey_year", "indicator", "ethnicity"), counts=("respondents",),
            year_column="survey_year", description="NHS Staff Survey results for indicators 5-8",
        ),
        TableSpec(
            "survey_benchmarks", ("benchmark", "survey_year", "indicator", "ethnicity", "percent"),
            key=("benchmark", "survey_year", "indicator", "ethnicity"), year_column="survey_year",
            description="comparator survey results, e.g. the national average for ICBs",
        ),
        TableSpec(
            "board", ("org_code", "year", "ethnicity", "voting", "executive"),
            key=("org_code", "year", "ethnicity"), counts=("voting", "executive"),
            description="board voting and executive members",
        ),
        TableSpec(
            "population", ("org_code", "area", "bme_pct", "source"), key=("org_code", "area"),
            year_column=None, description="local population context (optional)",
        ),
        TableSpec(
            "actions", ("org_code", "year", "indicator", "status", "text"),
            description="the organisation's action plan lines (optional)",
        ),
    )
}

#: Count columns that may be left blank (executive membership is often not split out).
BLANK_ALLOWED: frozenset[tuple[str, str]] = frozenset({("board", "executive")})
