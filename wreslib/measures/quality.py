"""Data-quality checks: what an analyst should see before publishing, as warnings (never faults).

Each warning names the table and, where one row is to blame, the row; the indicators are still
computed. The thresholds are module constants so that they are documented in one place.

A warning is a :class:`QualityWarning`: a sentence with named placeholders and the figures that fill
them, each figure a count with its key (:mod:`wreslib.measures.keys`). The analyst's files (JSON) get the
sentence with every number; a shared report fills the placeholders through disclosure control, and
when a figure may not be said it uses the warning's ``fallback`` sentence, which names no count.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from wreslib.data import bands
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE
from wreslib.measures import keys
from wreslib.measures.results import MIN_SURVEY_RESPONDENTS, Figure, GroupCounts, QualityWarning
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
#: A share of unknown ethnicity at least this large changes how a figure must be read (a report caveat).
CAVEAT_UNKNOWN_PCT = 25.0


def quality_warnings(data: Dataset, org_code: str, year: int, board: BoardResult | None) -> list[QualityWarning]:
    """Every data-quality warning for one organisation and year (``board`` is its indicator 9, if computed).

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
    >>> [w.message[:47] for w in quality_warnings(data, "QHG", 2024, None) if "Not recorded" in w.message]
    ["3 of 400 staff in 2024 have band 'Not recorded'"]
    """
    out: list[QualityWarning] = []
    label = {name: data.label(name) for name in ("workforce", "recruitment", "disciplinary", "training", "survey",
                                                 "board")}

    def warn(file: str, template: str, figures: dict[str, Figure] | None = None, *, of: dict[str, str] | None = None,
             fallback: str = "", row: int | None = None, column: str | None = None, value: object = None,
             indicator: int | None = None, caveat: bool = False) -> None:
        out.append(QualityWarning(file, template, figures or {}, of or {}, fallback, row, column,
                                  None if value is None else str(value), org_code, indicator, caveat))

    rows_of = _Rows(data, org_code)
    workforce = rows_of("workforce", year)
    staff = _group_counts(workforce, "headcount")
    total = Figure(keys.workforce(year), staff.total)

    # Band rows that overlap (a range and a band inside it) would count staff twice.
    by_staff_group: dict[str, set[str]] = {}
    for r in workforce:
        by_staff_group.setdefault(r["staff_group"], set()).add(r["band"])
    for staff_group, band_names in sorted(by_staff_group.items()):
        spans = sorted({(b, bands.band_span(b)) for b in band_names if bands.band_span(b)}, key=lambda x: x[1])
        for (b1, s1), (b2, s2) in itertools.pairwise(spans):
            if s2[0] <= s1[1]:
                warn(label["workforce"], f"{staff_group} staff in {year} have rows for both {b1!r} and {b2!r}, which "
                     "overlap; staff may be counted twice. Use either single bands or ranges, not both", indicator=1)
    not_recorded = sum(int(r["headcount"]) for r in workforce if r["band"] == bands.NOT_RECORDED)
    if not_recorded:
        warn(label["workforce"], f"{{n}} of {{total}} staff in {year} have band 'Not recorded', so the band tables of "
             "indicator 1 add up to fewer than the workforce total",
             {"n": Figure(keys.workforce(year, band=bands.NOT_RECORDED), not_recorded), "total": total},
             fallback=f"some staff in {year} have band 'Not recorded', so the band tables of indicator 1 add up to "
                      "fewer than the workforce total", indicator=1)
    if staff.total and 100.0 * staff.unknown / staff.total > UNKNOWN_SHARE_WARNING_PCT:
        warn(label["workforce"], f"ethnicity is unknown for {{n}} of {{total}} staff ({{n_pct}}) in {year}; shares "
             "and ratios that exclude them may mislead",
             {"n": Figure(keys.workforce(year, UNKNOWN), staff.unknown), "total": total}, of={"n": "total"},
             fallback=f"ethnicity is unknown for more than {UNKNOWN_SHARE_WARNING_PCT:g}% of staff in {year}; shares "
                      "and ratios that exclude them may mislead",
             caveat=100.0 * staff.unknown / staff.total >= CAVEAT_UNKNOWN_PCT)

    previous = _group_counts(rows_of("workforce", year - 1), "headcount")
    if previous.total and staff.total:
        change = 100.0 * (staff.total - previous.total) / previous.total
        if abs(change) > HEADCOUNT_CHANGE_WARNING_PCT:
            warn(label["workforce"], f"the workforce changed from {{before}} in {year - 1} to {{total}} in {year} "
                 f"({change:+.0f}%); check for a reorganisation or a missing staff group before comparing years",
                 {"before": Figure(keys.workforce(year - 1), previous.total), "total": total},
                 fallback=f"the workforce changed by {change:+.0f}% from {year - 1} to {year}; check for a "
                          "reorganisation or a missing staff group before comparing years", caveat=True)

    rec = rows_of("recruitment", year)
    if rec:
        short = _sums(rec, "shortlisted")
        appt = _sums(rec, "appointed")
        all_short = sum(short.values())
        unknown_short = Figure(keys.event("recruitment", year, "shortlisted", UNKNOWN), short[UNKNOWN])
        all_fig = Figure(keys.event("recruitment", year, "shortlisted"), all_short)
        if all_short and 100.0 * short[UNKNOWN] / all_short > UNKNOWN_SHARE_WARNING_PCT:
            warn(label["recruitment"], f"ethnicity is unknown for {{n}} of {{total}} shortlisted applicants "
                 f"({{n_pct}}) in {year}; indicator 2 leaves them out",
                 {"n": unknown_short, "total": all_fig}, of={"n": "total"},
                 fallback=f"ethnicity is unknown for more than {UNKNOWN_SHARE_WARNING_PCT:g}% of shortlisted "
                          f"applicants in {year}; indicator 2 leaves them out",
                 indicator=2, caveat=100.0 * short[UNKNOWN] / all_short >= CAVEAT_UNKNOWN_PCT)
        known_short, known_appt = short[WHITE] + short[BME], appt[WHITE] + appt[BME]
        if short[UNKNOWN] and known_short and known_appt:
            rate_unknown = appt[UNKNOWN] / short[UNKNOWN]
            rate_known = known_appt / known_short
            if rate_unknown > UNKNOWN_RATE_MULTIPLE * rate_known:
                warn(label["recruitment"], "applicants of unknown ethnicity were appointed at {a_pct} ({a} of {n}) "
                     f"against {100 * rate_known:.1f}% for White and BME applicants together in {year}; ethnicity "
                     "may be recorded differently at appointment, which would distort indicator 2",
                     {"a": Figure(keys.event("recruitment", year, "appointed", UNKNOWN), appt[UNKNOWN]),
                      "n": unknown_short}, of={"a": "n"},
                     fallback=f"applicants of unknown ethnicity were appointed at a higher rate than White and BME "
                              f"applicants together in {year}; ethnicity may be recorded differently at appointment, "
                              "which would distort indicator 2", indicator=2)

    for table, column, number in (("disciplinary", "entered", 3), ("training", "accessed", 4)):
        rows = rows_of(table, year)
        sums = _sums(rows, column)
        for group, group_total in ((WHITE, staff.white), (BME, staff.bme), (UNKNOWN, staff.unknown)):
            n = sums[group]
            if n > group_total:
                warn(label[table], f"{{n}} {group} staff {column} in {year} but the workforce has {{total}} {group} "
                     f"staff; the denominators disagree between {table}.csv and workforce.csv (indicator {number})",
                     {"n": Figure(keys.event(table, year, column, group), n),
                      "total": Figure(keys.workforce(year, group), group_total)},
                     fallback=f"more {group} staff {column} in {year} than the workforce holds; the denominators "
                              f"disagree between {table}.csv and workforce.csv (indicator {number})", indicator=number)
        if rows and number == 4 and not any(r["group"] == UNKNOWN for r in rows):
            warn(label["training"], f"no row for staff of unknown ethnicity in {year}; indicator 4 is unaffected but "
                 "the report cannot show how many of them accessed training", indicator=4)

    survey = rows_of("survey", year - 1)
    survey_staff = previous if previous.total else staff
    for r in survey:
        n, pct = int(r["respondents"]), float(r["percent"])
        respondents = Figure(keys.survey(int(r["survey_year"]), int(r["indicator"]), str(r["group"]), "respondents"), n)
        if n < MIN_SURVEY_RESPONDENTS and r["group"] in (WHITE, BME):
            warn(label["survey"], f"only {{n}} {r['group']} respondents for indicator {r['indicator']} in survey year "
                 f"{r['survey_year']}: under {MIN_SURVEY_RESPONDENTS}, the NHS Staff Survey suppresses such groups; "
                 "no test is made", {"n": respondents}, row=int(r["row"]), column="respondents", value=n,
                 indicator=int(r["indicator"]))
        if n and not percent_consistent_with_count(pct, n):
            warn(label["survey"], f"{pct}% of {{n}} respondents is not a whole number of people; check the percent and "
                 "respondents belong together", {"n": respondents}, row=int(r["row"]), column="percent",
                 value=r["percent"], indicator=int(r["indicator"]))
        group_staff = {WHITE: survey_staff.white, BME: survey_staff.bme}.get(r["group"])
        if group_staff and n > group_staff:
            warn(label["survey"], f"{{n}} {r['group']} respondents for indicator {r['indicator']} but only {{staff}} "
                 f"{r['group']} staff in the workforce; the denominators disagree between survey.csv and workforce.csv",
                 {"n": respondents, "staff": Figure(keys.workforce(year - 1, str(r["group"])), group_staff)},
                 fallback=f"more {r['group']} respondents for indicator {r['indicator']} than {r['group']} staff in "
                          "the workforce; the denominators disagree between survey.csv and workforce.csv",
                 row=int(r["row"]), column="respondents", value=n, indicator=int(r["indicator"]))

    voting = board.voting if board is not None else None
    if voting is not None and voting.board is not None and voting.board.total > 0 and voting.board.unknown:
        warn(label["board"], f"ethnicity is unknown for {{n}} of {{total}} voting board members in {year}; the board's "
             "BME share counts them in the denominator",
             {"n": Figure(keys.board(year, "voting", UNKNOWN), voting.board.unknown),
              "total": Figure(keys.board(year, "voting"), voting.board.total)}, indicator=9)
    return out


class _Rows:
    """One organisation's rows of each table as plain records, by year (read once per call)."""

    def __init__(self, data: Dataset, org_code: str) -> None:
        self.data, self.org_code = data, org_code
        self.tables: dict[str, dict[int, list[dict[str, Any]]]] = {}

    def __call__(self, table: str, year: int) -> list[dict[str, Any]]:
        if table not in self.tables:
            column = "survey_year" if table == "survey" else "year"
            grouped: dict[int, list[dict[str, Any]]] = {}
            if self.data.has(table):
                for r in self.data.rows(table, self.org_code).to_dict("records"):
                    grouped.setdefault(int(r[column]), []).append(r)
            self.tables[table] = grouped
        return self.tables[table].get(int(year), [])


def _sums(rows: list[dict[str, Any]], column: str) -> dict[str, int]:
    sums = {WHITE: 0, BME: 0, UNKNOWN: 0}
    for r in rows:
        value = r[column]
        if value is not None and value == value:
            sums[r["group"]] += int(value)
    return sums


def _group_counts(rows: list[dict[str, Any]], column: str) -> GroupCounts:
    sums = _sums(rows, column)
    return GroupCounts("All staff", sums[WHITE], sums[BME], sums[UNKNOWN])


def workforce_counts(data: Dataset, org_code: str, year: int) -> GroupCounts:
    """The organisation's whole workforce headcount by ethnic group at 31 March of ``year``."""
    rows = data.table("workforce", org_code, year=year)
    sums = rows.groupby("group")["headcount"].sum() if not rows.empty else {}
    return GroupCounts("All staff", int(sums.get(WHITE, 0)), int(sums.get(BME, 0)), int(sums.get(UNKNOWN, 0)))
