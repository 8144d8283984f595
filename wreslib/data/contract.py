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
#: Sections of a report the organisation may write its own words for (the commentary table).
COMMENTARY_SECTIONS: tuple[str, ...] = (
    "introduction", *(f"indicator_{i}" for i in INDICATOR_NUMBERS), "conclusion",
)
#: Report metadata fields (the report_info table).
REPORT_FIELDS: tuple[str, ...] = ("predecessor", "approved_by", "approval_date", "contributors", "board_ask")
#: Measures a published benchmark commonly gives: the JSON keys of ``wres indicators``. Others are accepted
#: when written as a lower-case identifier.
BENCHMARK_MEASURES: tuple[str, ...] = (
    "relative_likelihood", "bme_pct", "white_pct", "gap_pp", "board_bme_pct", "workforce_bme_pct", "difference_pp",
)
#: Years outside this range are taken as typing errors (WRES started in 2015).
YEAR_MIN, YEAR_MAX = 2010, 2100
#: A count above this is a typing error or a total row: the whole NHS in England employs about 1.5 million people.
MAX_COUNT = 2_000_000
#: Header names read as another column's name (after trimming, lower-casing, spaces and hyphens to ``_``).
HEADER_ALIASES: dict[str, str] = {"yes_count": "yes"}


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
    #: Columns accepted in place of others but not part of the contract's listed columns (survey: ``yes``).
    alternatives: tuple[str, ...] = ()
    #: Each row gives exactly one of these columns (survey: ``percent`` or ``yes``).
    one_of: tuple[str, ...] = ()
    #: ``wres synth`` writes this table (False for the figures an organisation published, which only
    #: ``wres audit`` reads).
    in_synthetic: bool = True

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the data contract lists, in order (what ``wres synth`` writes)."""
        return self.required + self.optional

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every column read: the listed ones and their alternatives (the template's header)."""
        return self.columns + tuple(c for c in self.alternatives if c not in self.columns)


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
            "survey", ("org_code", "survey_year", "indicator", "ethnicity", "respondents"),
            optional=("percent",), alternatives=("yes",), one_of=("percent", "yes"),
            key=("org_code", "survey_year", "indicator", "ethnicity"), counts=("respondents", "yes"),
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
            optional=("action_id", "theme", "outcome", "review", "owner", "due"),
            description="the organisation's action plan lines (optional)",
        ),
        TableSpec(
            "commentary", ("org_code", "year", "section", "text"),
            description="the organisation's own words for a section of its report, one paragraph per row "
                        "(optional)",
        ),
        TableSpec(
            "report_info", ("org_code", "year", "field", "value"), key=("org_code", "year", "field"),
            description="report details such as the predecessor organisation, approval and contributors (optional)",
        ),
        TableSpec(
            "benchmarks", ("benchmark", "year", "indicator", "measure", "value", "source"),
            key=("benchmark", "year", "indicator", "measure"),
            description="published reference figures, such as NHS England's national relative likelihoods "
                        "(optional)",
        ),
        TableSpec(
            "published", ("org_code", "year", "indicator", "measure", "value"),
            optional=("source", "staff_group", "band", "group"),
            key=("org_code", "year", "indicator", "measure", "staff_group", "band", "group", "source"),
            description="the figures the organisation published in its own report, as printed, for wres audit "
                        "to check against its counts (optional)",
            in_synthetic=False,
        ),
    )
}

#: Tables shared by every organisation (no org_code column): an organisation uses some or all of their rows.
SHARED_TABLES: tuple[str, ...] = tuple(name for name, spec in TABLES.items() if "org_code" not in spec.columns)

#: Columns that may be left blank: executive membership is often not split out, and a survey row gives
#: either a percent or a yes-count.
BLANK_ALLOWED: frozenset[tuple[str, str]] = frozenset({
    ("board", "executive"), ("survey", "percent"), ("survey", "yes"),
    ("published", "staff_group"), ("published", "band"), ("published", "group"),
})

#: What each column holds, in plain English (the template's Guidance sheet); ``(table, column)`` entries
#: override the general one.
COLUMN_NOTES: dict[str, str] = {
    "org_code": "ODS code of the organisation: 3 to 5 capital letters or digits, such as QHG. Lower case and "
                "spaces around it are tidied. Every other table may only name organisations listed in "
                "organisations.",
    "org_name": "Name of the organisation as the report should show it.",
    "org_type": "ICB, Trust or Other.",
    "region": "NHS England region, such as East of England. May be blank.",
    "survey_benchmark": "Optional. Name of the comparator rows in survey_benchmarks (the benchmark column there), "
                        "such as National average for ICBs.",
    "synthetic": "Optional. true for made-up demonstration data (reports then say so); blank or false otherwise.",
    "year": f"WRES year: the year of the 31 March snapshot, four digits (write 2024 for 2023/24). Counts of "
            f"events cover the 12 months to that 31 March. From {YEAR_MIN} to {YEAR_MAX}.",
    "survey_year": "NHS Staff Survey year, four digits. The WRES report for year Y uses survey year Y - 1: the "
                   "2024 report shows the 2023 survey.",
    "staff_group": "non-clinical, clinical, medical (medical and dental) or other.",
    "band": "Pay band or grade (see the list below).",
    "ethnicity": "Ethnic group or NHS ethnic category code (see the list below). Blank means Unknown.",
    "headcount": "Number of staff in post at 31 March (headcount, not FTE).",
    "shortlisted": "Applicants shortlisted in the 12 months to 31 March.",
    "appointed": "Of those, applicants appointed; at most the number shortlisted.",
    "entered": "Staff entering the formal disciplinary process (formal investigation) in the 12 months to 31 March.",
    "accessed": "Staff accessing non-mandatory training and CPD in the 12 months to 31 March.",
    "respondents": "Staff of this group who answered the question in the NHS Staff Survey.",
    "percent": "Percentage answering yes (or 'at least once'), from 0 to 100: 45.5 means 45.5%. '45%' is also read.",
    "yes": "Number of respondents answering yes (or 'at least once'); at most respondents. Header 'yes_count' "
           "is also read.",
    "benchmark": "Name of the comparator, such as National average for ICBs.",
    "voting": "Board members with a vote.",
    "executive": "Executive members of the board. May be blank when not split out.",
    "area": "Place the population figure describes, such as Luton.",
    "bme_pct": "BME share of the local population, percent from 0 to 100.",
    "source": "Where the figure comes from, such as ONS Census 2021.",
    "status": "completed, in progress or planned.",
    "text": "The action as the organisation wrote it; shown in the report as written.",
}
TABLE_COLUMN_NOTES: dict[tuple[str, str], str] = {
    ("survey", "indicator"): "WRES indicator the question belongs to: 5, 6, 7 or 8.",
    ("survey", "percent"): "Percentage answering yes (or 'at least once'), from 0 to 100. Give either percent or "
                           "yes on each row; when both are given they must agree, and the count is used.",
    ("survey", "yes"): "Number answering yes (or 'at least once'), at most respondents; the percentage is then "
                       "100 x yes / respondents and the exact count is used in the significance test. Give either "
                       "yes or percent on each row. Header 'yes_count' is also read.",
    ("survey_benchmarks", "indicator"): "WRES indicator: 5, 6, 7 or 8.",
    ("survey_benchmarks", "percent"): "Percentage answering yes in the comparator, from 0 to 100.",
    ("actions", "indicator"): "WRES indicator(s) the action serves, 1 to 9. List several with ; or , (such as "
                              "1;2;4;7 or '1, 2, 4 and 7'); the action is then shown under each of them. Leave "
                              "blank for an action that serves the whole plan.",
    ("actions", "action_id"): "Optional. Your own reference for the action, such as A1 or 2024-03. Shown as written.",
    ("actions", "theme"): "Optional. The theme the action belongs to, such as Recruitment, Retention and Career "
                          "Progression. Shown as written.",
    ("actions", "outcome"): "Optional. The outcome the action aims for, such as Equity in likelihood of "
                            "appointment. Shown as written.",
    ("actions", "review"): "Optional. How often or when progress is reviewed, such as Quarterly. Shown as written.",
    ("actions", "owner"): "Optional. Who leads the action, such as Head of OD and Inclusion. Shown as written.",
    ("actions", "due"): "Optional. When the action is due, such as March 2025. Shown as written.",
    ("commentary", "section"): "Section of the report the words belong to: introduction, indicator_1 to indicator_9, "
                               "or conclusion ('Indicator 1' is also read).",
    ("commentary", "text"): "One paragraph in the organisation's own words, shown as written and marked as the "
                            "organisation's. Several rows for one section are shown as paragraphs in file order.",
    ("report_info", "field"): "What the row gives: predecessor (the organisation whose figures fill this year, such "
                              "as a CCG before the ICB), approved_by (who approved the report), approval_date, "
                              "contributors (who was consulted), or board_ask (what the report asks of the board). "
                              "One row per field and year.",
    ("report_info", "value"): "The text to show for the field, such as BLMK CCG for predecessor, or Chief People "
                              "Officer; Head of OD and Inclusion for contributors.",
    ("benchmarks", "benchmark"): "Name of the published reference, such as NHS England national (all trusts).",
    ("benchmarks", "year"): "WRES year the figure belongs to, four digits (2024 for 2023/24). For indicators 5 to 8 "
                            "this is the report year, not the survey year: the 2023 survey's figures are 2024.",
    ("benchmarks", "indicator"): "WRES indicator the figure belongs to, 1 to 9.",
    ("benchmarks", "measure"): "What the figure is, as a lower-case name: relative_likelihood, bme_pct, white_pct, "
                               "gap_pp, board_bme_pct, workforce_bme_pct or difference_pp (other names are read "
                               "too; 'Relative likelihood' is read as relative_likelihood).",
    ("benchmarks", "value"): "The figure, as a number: 1.59 for a relative likelihood, 25.5 for a percentage, "
                             "-8.6 for a difference in percentage points. '25%' and '-8.6pp' are also read. A "
                             "relative likelihood is never negative, and a measure ending _pct is from 0 to 100.",
    ("benchmarks", "source"): "Where the figure was published, such as NHS England WRES 2024 data analysis report. "
                              "May be blank.",
    ("published", "year"): "WRES year the figure belongs to, four digits (2024 for 2023/24), whichever report "
                           "printed it. For indicators 5 to 8 this is the report year, not the survey year: a "
                           "2023 survey figure is 2024.",
    ("published", "indicator"): "WRES indicator the figure belongs to, 1 to 9.",
    ("published", "measure"): "What the figure is, as a lower-case name: relative_likelihood, white_pct, bme_pct, "
                              "gap_pp, board_bme_pct, workforce_bme_pct, difference_pp, a count such as "
                              "bme_shortlisted or white_headcount, or a sentence's direction such as "
                              "gap_pp_direction (docs/audit.md lists them all).",
    ("published", "value"): "The figure exactly as printed: 0.52, 25%, 1.25%, -8.6pp, 96, <5. Keep the decimals "
                            "printed (25.0% is not 25%); write a minus sign for a fall given in words (decreased "
                            "by 8% is -8%). A direction measure takes the words: higher, lower, increased, "
                            "decreased, unchanged, optionally after 'significantly'.",
    ("published", "source"): "Where the figure appears in the report, such as Indicator 4 table, line 165 or "
                             "page 7. Optional; the audit repeats it beside each finding.",
    ("published", "staff_group"): "Optional, indicator 1 only: the staff group of the figure (non-clinical, "
                                  "clinical, medical); blank for all staff groups together.",
    ("published", "band"): "Optional, indicator 1 only: the band or band range of the figure (Band 5, Band 1-7, "
                           "Band 8a-VSM); blank for all bands.",
    ("published", "group"): "Optional: the ethnic group a figure is about (White, BME, Unknown), for a measure "
                            "written without it (pct with group BME is bme_pct).",
}


def column_note(table: str, column: str) -> str:
    """What one column of one table holds, in plain English.

    Examples
    --------
    >>> column_note("survey", "indicator")
    'WRES indicator the question belongs to: 5, 6, 7 or 8.'
    """
    return TABLE_COLUMN_NOTES.get((table, column), COLUMN_NOTES.get(column, ""))
