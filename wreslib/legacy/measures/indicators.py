"""The nine WRES indicators of one organisation and year.

Each indicator has its own function, named for it; ``compute_indicators`` runs them all.

References
----------
NHS England, Workforce Race Equality Standard technical guidance (indicator definitions and
directions); ``wres-method.md`` and ``data-contract.md`` in this project's reference folder.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from wreslib.data import bands
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE
from wreslib.legacy.measures.results import (
    NO_DATA,
    NOT_CALCULABLE,
    OK,
    BoardMeasure,
    GroupCounts,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)

if TYPE_CHECKING:
    import pandas as pd

    from wreslib.data.read import Dataset

log = logging.getLogger(__name__)


def _counts(frame: pd.DataFrame, column: str, label: str, staff_group: str | None = None) -> GroupCounts:
    sums = frame.groupby("group")[column].sum() if not frame.empty else {}
    return GroupCounts(
        label=label,
        white=int(sums.get(WHITE, 0)),
        bme=int(sums.get(BME, 0)),
        unknown=int(sums.get(UNKNOWN, 0)),
        staff_group=staff_group,
    )


def _no_rows(data: Dataset, table: str, org_code: str, year_text: str) -> str:
    if not data.has(table):
        return f"there is no {data.label(table)} in the data"
    return f"{data.label(table)} has no rows for {org_code} in {year_text}"


def workforce_counts(data: Dataset, org_code: str, year: int) -> GroupCounts:
    """The organisation's whole workforce headcount by ethnic group at 31 March of ``year``.

    This is the denominator of indicators 3 and 4 and the comparator of indicator 9 (data contract).

    Examples
    --------
    >>> from wreslib.data.read import read_data
    >>> from pathlib import Path
    >>> wf = workforce_counts(read_data(Path(__file__).parents[3] / "data" / "example"), "QHG", 2024)
    >>> wf.white, wf.bme, wf.unknown, wf.total
    (288, 96, 16, 400)
    """
    frame = data.table("workforce", org_code, year=year)
    return _counts(frame, "headcount", "All staff")


def indicator_1(data: Dataset, org_code: str, year: int) -> Indicator1:
    """Indicator 1: the share of each band that is White, BME and Unknown, against the whole workforce.

    Bands are reported as recorded (single AfC bands, published ranges, medical grades or
    ``Not recorded``), and single AfC bands are also rolled up into the published ranges
    ``Band 1-7`` (with Under Band 1) and ``Band 8a-VSM``, per staff group and for all staff groups.

    References
    ----------
    NHS England, WRES technical guidance, indicator 1.
    """
    frame = data.table("workforce", org_code, year=year)
    if frame.empty:
        return Indicator1(NO_DATA, _no_rows(data, "workforce", org_code, str(year)))
    overall = _counts(frame, "headcount", "All staff")
    if overall.total == 0:
        return Indicator1(NOT_CALCULABLE, f"the workforce headcount of {org_code} in {year} is 0", overall=overall)

    by_group = tuple(
        _counts(rows, "headcount", staff_group, staff_group)
        for staff_group, rows in _ordered_groups(frame)
    )
    by_band = []
    ranges = []
    for staff_group, rows in _ordered_groups(frame):
        for band in sorted(set(rows["band"]), key=bands.sort_key):
            by_band.append(_counts(rows[rows["band"] == band], "headcount", band, staff_group))
        ranges += _published_ranges(rows, staff_group)
    ranges += _published_ranges(frame, "all")
    return Indicator1(
        OK, None, overall=overall, by_staff_group=by_group, by_band=tuple(by_band), by_published_range=tuple(ranges)
    )


def _ordered_groups(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    order = {g: i for i, g in enumerate(bands.STAFF_GROUPS)}
    return sorted(frame.groupby("staff_group"), key=lambda item: order.get(item[0], 99))


def _published_ranges(rows: pd.DataFrame, staff_group: str) -> list[GroupCounts]:
    mapped = rows.assign(_range=[bands.published_range(b) for b in rows["band"]])
    return [
        _counts(mapped[mapped["_range"] == name], "headcount", name, staff_group)
        for name in bands.PUBLISHED_RANGES
        if (mapped["_range"] == name).any()
    ]


def _relative_likelihood(
    number: int,
    a: tuple[int, int],
    b: tuple[int, int],
    a_label: str,
    b_label: str,
    unknown: tuple[int | None, int | None] = (None, None),
) -> RelativeLikelihoodIndicator:
    from wreslib.legacy.measures.stats import relative_likelihood

    for label, (cases, total) in ((a_label, a), (b_label, b)):
        if cases > total:
            return RelativeLikelihoodIndicator(
                number, NOT_CALCULABLE,
                f"the {label} count ({cases}) is larger than its denominator ({total}), so the likelihood "
                "would exceed 100%; check the two tables refer to the same staff and year",
                unknown_cases=unknown[0], unknown_total=unknown[1],
            )
    measure = relative_likelihood(a[0], a[1], b[0], b[1], a_label=a_label, b_label=b_label)
    reason = measure.reason
    return RelativeLikelihoodIndicator(
        number, measure.status, reason, measure=measure, unknown_cases=unknown[0], unknown_total=unknown[1]
    )


def indicator_2(data: Dataset, org_code: str, year: int) -> RelativeLikelihoodIndicator:
    """Indicator 2: relative likelihood of White applicants being appointed from shortlisting compared to BME.

    ``(White appointed / White shortlisted) / (BME appointed / BME shortlisted)``; above 1 is adverse to
    BME applicants. Applicants of unknown ethnicity are excluded from the ratio and shown alongside.

    References
    ----------
    NHS England, WRES technical guidance, indicator 2.
    """
    rows = data.table("recruitment", org_code, year=year)
    if rows.empty:
        return RelativeLikelihoodIndicator(2, NO_DATA, _no_rows(data, "recruitment", org_code, str(year)))
    appointed = _counts(rows, "appointed", "appointed")
    shortlisted = _counts(rows, "shortlisted", "shortlisted")
    return _relative_likelihood(
        2, (appointed.white, shortlisted.white), (appointed.bme, shortlisted.bme), WHITE, BME,
        unknown=(appointed.unknown, shortlisted.unknown),
    )


def indicator_3(data: Dataset, org_code: str, year: int) -> RelativeLikelihoodIndicator:
    """Indicator 3: relative likelihood of BME staff entering the formal disciplinary process compared to White.

    ``(BME entered / BME headcount) / (White entered / White headcount)``, the denominators being the
    workforce headcount by group (data contract); above 1 is adverse to BME staff.

    References
    ----------
    NHS England, WRES technical guidance, indicator 3.
    """
    rows = data.table("disciplinary", org_code, year=year)
    if rows.empty:
        return RelativeLikelihoodIndicator(3, NO_DATA, _no_rows(data, "disciplinary", org_code, str(year)))
    entered = _counts(rows, "entered", "entered")
    staff = workforce_counts(data, org_code, year)
    return _relative_likelihood(
        3, (entered.bme, staff.bme), (entered.white, staff.white), BME, WHITE,
        unknown=(entered.unknown, staff.unknown),
    )


def indicator_4(data: Dataset, org_code: str, year: int) -> RelativeLikelihoodIndicator:
    """Indicator 4: relative likelihood of White staff accessing non-mandatory training and CPD compared to BME.

    ``(White accessed / White headcount) / (BME accessed / BME headcount)``; above 1 is adverse to BME staff.

    References
    ----------
    NHS England, WRES technical guidance, indicator 4.
    """
    rows = data.table("training", org_code, year=year)
    if rows.empty:
        return RelativeLikelihoodIndicator(4, NO_DATA, _no_rows(data, "training", org_code, str(year)))
    accessed = _counts(rows, "accessed", "accessed")
    staff = workforce_counts(data, org_code, year)
    unknown_given = bool((rows["group"] == UNKNOWN).any())
    return _relative_likelihood(
        4, (accessed.white, staff.white), (accessed.bme, staff.bme), WHITE, BME,
        unknown=(accessed.unknown if unknown_given else None, staff.unknown),
    )


def _survey_group(rows: pd.DataFrame, group: str) -> tuple[float | None, int | None]:
    """Percent and respondents of one group; several rows in one group (codes A and B) are pooled.

    A row that gives the yes-count (``yes``) contributes that exact count; a row that gives only a
    percent contributes the count nearest to it (``count_from_percent``). A group made of counts
    gets the percent ``100 * yes / respondents`` exactly, from which ``compare_percentages`` gets the
    same count back (``count_from_percent(100 * k / n, n) == k``): Fisher's test then runs on the
    exact counts. A single row given as a percent keeps the percent as published.
    """
    import pandas as pd

    from wreslib.legacy.measures.stats import count_from_percent

    part = rows[rows["group"] == group]
    if part.empty:
        return None, None
    counts = part["yes"] if "yes" in part.columns else pd.Series([None] * len(part), index=part.index)
    known = [not pd.isna(k) for k in counts]
    if len(part) == 1 and not known[0]:
        return float(part["percent"].iloc[0]), int(part["respondents"].iloc[0])
    n = int(part["respondents"].sum())
    k = sum(int(yes) if given else count_from_percent(p, int(r))
            for yes, given, p, r in zip(counts, known, part["percent"], part["respondents"], strict=True))
    return (100.0 * k / n if n else None), n


def indicator_survey(data: Dataset, org_code: str, year: int, number: int) -> SurveyIndicator:
    """Indicators 5-8 from the NHS Staff Survey of ``year - 1``: BME against White, change and benchmark.

    The gap is BME minus White in percentage points, tested by Fisher's exact test on the yes-counts
    (the ``yes`` column when given, else percent × respondents rounded); each group's change from the
    previous survey year is tested the same way;
    the benchmark difference is descriptive (the benchmark has no respondent counts).

    References
    ----------
    NHS England, WRES technical guidance, indicators 5-8; NHS Staff Survey (survey year = WRES year − 1).
    """
    from wreslib.legacy.measures.stats import compare_percentages

    survey_year = year - 1
    rows = data.table("survey", org_code, indicator=number)
    current = rows[rows["survey_year"] == survey_year]
    if current.empty:
        return SurveyIndicator(
            number, NO_DATA,
            _no_rows(data, "survey", org_code, f"survey year {survey_year} (the WRES {year} report uses the "
                     f"{survey_year} NHS Staff Survey) for indicator {number}"),
            survey_year=survey_year,
        )
    white = _survey_group(current, WHITE)
    bme = _survey_group(current, BME)
    gap = compare_percentages(white[0], white[1], bme[0], bme[1], a_label=WHITE, b_label=BME)
    status, reason = gap.status, gap.reason

    previous = rows[rows["survey_year"] == survey_year - 1]
    white_change = bme_change = None
    previous_year = None
    if not previous.empty:
        previous_year = survey_year - 1
        pw, pb = _survey_group(previous, WHITE), _survey_group(previous, BME)
        if pw[0] is not None and white[0] is not None:
            white_change = compare_percentages(pw[0], pw[1], white[0], white[1],
                                               a_label=f"White {previous_year}", b_label=f"White {survey_year}")
        if pb[0] is not None and bme[0] is not None:
            bme_change = compare_percentages(pb[0], pb[1], bme[0], bme[1],
                                             a_label=f"BME {previous_year}", b_label=f"BME {survey_year}")

    bench_name = data.organisation(org_code).get("survey_benchmark") or None
    bench_white = bench_bme = None
    if bench_name and data.has("survey_benchmarks"):
        bench = data.table("survey_benchmarks", None, benchmark=bench_name, survey_year=survey_year, indicator=number)
        if not bench.empty:
            bw, bb = bench[bench["group"] == WHITE], bench[bench["group"] == BME]
            bench_white = float(bw["percent"].iloc[0]) if len(bw) == 1 else None
            bench_bme = float(bb["percent"].iloc[0]) if len(bb) == 1 else None
    return SurveyIndicator(
        number, status, reason, survey_year=survey_year, gap=gap,
        previous_survey_year=previous_year, white_change=white_change, bme_change=bme_change,
        benchmark=bench_name if (bench_white is not None or bench_bme is not None) else None,
        benchmark_white_pct=bench_white, benchmark_bme_pct=bench_bme,
    )


def indicator_9(data: Dataset, org_code: str, year: int) -> Indicator9:
    """Indicator 9: board BME share minus workforce BME share, in percentage points.

    Computed separately for voting and executive membership. Both shares use every member (or
    member of staff) as the denominator, including those of unknown ethnicity, as WRES does.

    References
    ----------
    NHS England, WRES technical guidance, indicator 9.
    """
    rows = data.table("board", org_code, year=year)
    if rows.empty:
        reason = _no_rows(data, "board", org_code, str(year))
        return Indicator9(
            NO_DATA, reason,
            voting=BoardMeasure("voting", NO_DATA, reason), executive=BoardMeasure("executive", NO_DATA, reason),
        )
    staff = workforce_counts(data, org_code, year)
    measures = []
    for membership in ("voting", "executive"):
        given = rows.dropna(subset=[membership])
        if given.empty:
            measures.append(BoardMeasure(
                membership, NO_DATA,
                f"{data.label('board')} leaves the {membership} column blank for {org_code} in {year}",
            ))
            continue
        board = _counts(given.astype({membership: int}), membership, f"board ({membership})")
        if board.total == 0:
            measures.append(BoardMeasure(membership, NOT_CALCULABLE, f"the board has no {membership} members recorded",
                                         board=board, workforce=staff))
        elif staff.total == 0:
            measures.append(BoardMeasure(membership, NOT_CALCULABLE, "the workforce headcount is 0",
                                         board=board, workforce=staff))
        else:
            measures.append(BoardMeasure(membership, OK, None, board=board, workforce=staff))
    voting, executive = measures
    status = OK if OK in (voting.status, executive.status) else voting.status
    return Indicator9(status, None if status == OK else voting.reason, voting=voting, executive=executive)


def compute_indicators(data: Dataset | str | Path, org_code: str, year: int) -> IndicatorSet:
    """All nine WRES indicators of one organisation and year, with data-quality warnings.

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset from ``read_data``, or the path of a data folder.
    org_code : str
        ODS-style organisation code, e.g. ``"QHG"``.
    year : int
        WRES reporting year (workforce snapshot at 31 March of that year).

    Raises
    ------
    DataError
        When this organisation's rows hold a fault, or the organisation or year is not in the data.

    Examples
    --------
    >>> from pathlib import Path
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> round(result[2].measure.relative_likelihood, 2)
    3.44
    """
    import wreslib
    from wreslib.data.read import Dataset, read_data
    from wreslib.legacy.measures.quality import quality_warnings

    if not isinstance(data, Dataset):
        data = read_data(data)
    org_code = str(org_code).strip().upper()
    data.require(org_code, year)
    org = data.organisation(org_code)
    indicators: dict[int, object] = {
        1: indicator_1(data, org_code, year),
        2: indicator_2(data, org_code, year),
        3: indicator_3(data, org_code, year),
        4: indicator_4(data, org_code, year),
        **{n: indicator_survey(data, org_code, year, n) for n in (5, 6, 7, 8)},
        9: indicator_9(data, org_code, year),
    }
    warnings = tuple(data.warnings_for(org_code)) + tuple(quality_warnings(data, org_code, year, indicators))
    return IndicatorSet(
        org_code=org_code,
        org_name=str(org["org_name"]),
        org_type=str(org["org_type"]),
        region=str(org.get("region") or ""),
        year=int(year),
        synthetic=bool(org.get("synthetic") or False),
        indicators=indicators,
        warnings=warnings,
        data_checksum=data.checksum,
        wreslib_version=wreslib.__version__,
    )
