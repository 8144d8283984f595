"""Data-quality checks: what an analyst should see before publishing, as warnings (never faults).

Each warning names the table and, where one row is to blame, the row; the indicators are still
computed. The thresholds are module constants so that they are documented in one place.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from wreslib.data import bands
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE
from wreslib.errors import Fault
from wreslib.measures.results import MIN_SURVEY_RESPONDENTS, GroupCounts
from wreslib.stats.counts import percent_consistent_with_count

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset
    from wreslib.measures.results import BoardResult

#: Unknown ethnicity above this share of a workforce or applicant pool makes the ratios fragile.
UNKNOWN_SHARE_WARNING_PCT = 10.0
#: Unknown-ethnicity applicants appointed at more than this multiple of the known groups' rate.
UNKNOWN_RATE_MULTIPLE = 1.5
#: A year-on-year change in total headcount larger than this is worth a second look.
HEADCOUNT_CHANGE_WARNING_PCT = 30.0


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def quality_warnings(data: Dataset, org_code: str, year: int, board: BoardResult | None) -> list[Fault]:
    """Every data-quality warning for one organisation and year (``board`` is its indicator 9, if computed).

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
    >>> any("Not recorded" in w.message for w in quality_warnings(data, "QHG", 2024, None))
    True
    """
    out: list[Fault] = []
    # Warnings name the file (or workbook sheet) the rows came from.
    label = {name: data.label(name) for name in ("workforce", "recruitment", "disciplinary", "training", "survey",
                                                 "board")}

    def warn(file: str, message: str, row: int | None = None, column: str | None = None,
             value: object = None) -> None:
        out.append(Fault(file, message, row=row, column=column,
                         value=None if value is None else str(value), org_code=org_code))

    workforce = data.table("workforce", org_code, year=year)
    staff = workforce_counts(data, org_code, year)

    # Band rows that overlap (a range and a band inside it) would count staff twice.
    for staff_group, rows in workforce.groupby("staff_group"):
        spans = sorted({(b, bands.band_span(b)) for b in rows["band"] if bands.band_span(b)}, key=lambda x: x[1])
        for (b1, s1), (b2, s2) in itertools.pairwise(spans):
            if s2[0] <= s1[1]:
                warn(label["workforce"], f"{staff_group} staff in {year} have rows for both {b1!r} and {b2!r}, which "
                     "overlap; staff may be counted twice. Use either single bands or ranges, not both")
    # Staff outside any band: the band tables will not add up to the workforce total.
    not_recorded = workforce[workforce["band"] == bands.NOT_RECORDED]["headcount"].sum()
    if not_recorded:
        warn(label["workforce"], f"{int(not_recorded)} of {staff.total} staff in {year} have band 'Not recorded', "
             "so the band tables of indicator 1 add up to fewer than the workforce total")
    if staff.total and 100.0 * staff.unknown / staff.total > UNKNOWN_SHARE_WARNING_PCT:
        warn(label["workforce"], f"ethnicity is unknown for {staff.unknown} of {staff.total} staff "
             f"({_pct(staff.unknown, staff.total)}) in {year}; shares and ratios that exclude them may mislead")

    previous = workforce_counts(data, org_code, year - 1)
    if previous.total and staff.total:
        change = 100.0 * (staff.total - previous.total) / previous.total
        if abs(change) > HEADCOUNT_CHANGE_WARNING_PCT:
            warn(label["workforce"], f"the workforce changed from {previous.total} in {year - 1} to {staff.total} in "
                 f"{year} ({change:+.0f}%); check for a reorganisation or a missing staff group before comparing years")

    # Recruitment: unknown ethnicity large, or appointed out of proportion to the known groups.
    rec = data.table("recruitment", org_code, year=year)
    if not rec.empty:
        sums = rec.groupby("group")[["shortlisted", "appointed"]].sum()
        short = {g: int(sums["shortlisted"].get(g, 0)) for g in (WHITE, BME, UNKNOWN)}
        appt = {g: int(sums["appointed"].get(g, 0)) for g in (WHITE, BME, UNKNOWN)}
        all_short = sum(short.values())
        if all_short and 100.0 * short[UNKNOWN] / all_short > UNKNOWN_SHARE_WARNING_PCT:
            warn(label["recruitment"], f"ethnicity is unknown for {short[UNKNOWN]} of {all_short} shortlisted "
                 f"applicants ({_pct(short[UNKNOWN], all_short)}) in {year}; indicator 2 excludes them")
        known_short, known_appt = short[WHITE] + short[BME], appt[WHITE] + appt[BME]
        if short[UNKNOWN] and known_short and known_appt:
            rate_unknown = appt[UNKNOWN] / short[UNKNOWN]
            rate_known = known_appt / known_short
            if rate_unknown > UNKNOWN_RATE_MULTIPLE * rate_known:
                warn(label["recruitment"], "applicants of unknown ethnicity were appointed at "
                     f"{100 * rate_unknown:.1f}% ({appt[UNKNOWN]} of {short[UNKNOWN]}) against "
                     f"{100 * rate_known:.1f}% for White and BME applicants together in {year}; ethnicity may be "
                     "recorded differently at appointment, which would distort indicator 2")

    # Numerators larger than the workforce denominators of indicators 3 and 4.
    for table, column, number in (("disciplinary", "entered", 3), ("training", "accessed", 4)):
        rows = data.table(table, org_code, year=year)
        for group, total in ((WHITE, staff.white), (BME, staff.bme), (UNKNOWN, staff.unknown)):
            n = int(rows[rows["group"] == group][column].sum()) if not rows.empty else 0
            if n > total:
                warn(label[table], f"{n} {group} staff {column} in {year} but the workforce has {total} {group} "
                     f"staff; the denominators disagree between {table}.csv and workforce.csv (indicator {number})")
        if not rows.empty and number == 4 and not (rows["group"] == UNKNOWN).any():
            warn(label["training"], f"no row for staff of unknown ethnicity in {year}; indicator 4 is unaffected but "
                 "the report cannot show how many of them accessed training")

    # Survey: small groups, percentages no whole count can give, respondents beyond the headcount.
    survey = data.table("survey", org_code, survey_year=year - 1)
    survey_staff = workforce_counts(data, org_code, year - 1) if data.years(org_code) else staff
    for _, r in survey.iterrows():
        n, pct = int(r["respondents"]), float(r["percent"])
        if n < MIN_SURVEY_RESPONDENTS and r["group"] in (WHITE, BME):
            warn(label["survey"], f"only {n} {r['group']} respondents for indicator {r['indicator']} in survey year "
                 f"{r['survey_year']}: under {MIN_SURVEY_RESPONDENTS}, the NHS Staff Survey suppresses such groups; "
                 "no test is made", row=int(r["row"]), column="respondents", value=n)
        if n and not percent_consistent_with_count(pct, n):
            warn(label["survey"], f"{pct}% of {n} respondents is not a whole number of people; check the percent and "
                 "respondents belong together", row=int(r["row"]), column="percent", value=r["percent"])
        group_staff = {WHITE: survey_staff.white, BME: survey_staff.bme}.get(r["group"])
        if group_staff and n > group_staff:
            warn(label["survey"], f"{n} {r['group']} respondents for indicator {r['indicator']} but only {group_staff} "
                 f"{r['group']} staff in the workforce; the denominators disagree between survey.csv and "
                 "workforce.csv", row=int(r["row"]), column="respondents", value=n)

    voting = board.voting if board is not None else None
    if voting is not None and voting.board is not None and voting.board.total > 0 and voting.board.unknown:
        warn(label["board"], f"ethnicity is unknown for {voting.board.unknown} of {voting.board.total} "
             f"voting board members in {year}; the board's BME share counts them in the denominator")
    return out


def workforce_counts(data: Dataset, org_code: str, year: int) -> GroupCounts:
    """The organisation's whole workforce headcount by ethnic group at 31 March of ``year``."""
    rows = data.table("workforce", org_code, year=year)
    sums = rows.groupby("group")["headcount"].sum() if not rows.empty else {}
    return GroupCounts("All staff", int(sums.get(WHITE, 0)), int(sums.get(BME, 0)), int(sums.get(UNKNOWN, 0)))
