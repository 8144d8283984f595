"""The benchmark page's sections as self-contained HTML fragments, and each report's peer-position block.

The benchmark notebook (``notebooks/wres_benchmark.ipynb``) builds a :class:`BenchmarkContext` from its
parameters and displays what the functions here return; nothing here computes a figure, it lays out what
:mod:`wreslib.legacy.measures.benchmark` computed. As in :mod:`wreslib.legacy.report.present`, every piece of text that
came from data (organisation names, regions, reasons) is escaped, numbers pass through
:mod:`wreslib.legacy.report.fmt`, and counts through the suppression rule of :mod:`wreslib.legacy.report.disclosure`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.legacy.measures.benchmark import (
    ABOVE_95,
    ABOVE_998,
    BELOW_95,
    BELOW_998,
    FLAG_TEXT,
    NATIONAL,
    NOT_ASSESSED,
    PRECISION_LABEL,
    RATIO_NUMBERS,
    WITHIN,
    Z_95,
    Z_998,
    Benchmark,
    FunnelPoint,
    PeerPosition,
    Rollup,
)
from wreslib.legacy.measures.results import HIGHER_IS_BETTER, OK, SHORT_TITLES, TITLES
from wreslib.legacy.report import fmt
from wreslib.legacy.report.disclosure import DEFAULT_THRESHOLD, is_suppressed, show_count
from wreslib.legacy.report.present import Html, esc, shared_section, table

if TYPE_CHECKING:
    from wreslib.data.read import Dataset
    from wreslib.legacy.measures.stats import RelativeLikelihood

__all__ = [
    "BenchmarkContext",
    "board_section",
    "build_benchmark_context",
    "funnel_section",
    "league_section",
    "methods_appendix",
    "national_overview",
    "peer_block",
    "rollup_table",
    "survey_section",
    "title_block",
    "trends_section",
]

_GROUP_NAME = {"region": "region", "org_type": "organisation type"}
_RL_SHORT = {
    2: "White relative to BME: appointed from shortlisting",
    3: "BME relative to White: entering the formal disciplinary process",
    4: "White relative to BME: accessing non-mandatory training and CPD",
}
#: Flags in the order the outlier lists show them.
_FLAG_ORDER = (ABOVE_998, ABOVE_95, BELOW_95, BELOW_998)
_FLAG_SHORT = {
    ABOVE_998: "above 99.8% limit",
    ABOVE_95: "above 95% limit",
    WITHIN: "within limits",
    BELOW_95: "below 95% limit",
    BELOW_998: "below 99.8% limit",
    NOT_ASSESSED: "not plotted",
}


#: Left-align the text columns of the benchmark's wide tables (the page style right-aligns every data cell).
_STYLE = ("<style>table.text2 td:nth-child(-n+2), table.text3 td:nth-child(-n+3) { text-align: left; } "
          "table.rollup td, table.rollup th { font-size: .85rem; } .peer-position { border-left: 4px solid #005eb8; "
          "padding-left: .8rem; margin: 1rem 0; }</style>")


@dataclass(frozen=True)
class BenchmarkContext:
    """The benchmark of one year, with its dataset and display options."""

    data: Dataset
    bench: Benchmark
    suppress_below: int = DEFAULT_THRESHOLD
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.bench.year

    @property
    def group_word(self) -> str:
        return _GROUP_NAME[self.bench.group_by]


def build_benchmark_context(data_dir: str | Path | Dataset, year: int, *, group_by: str = "region",
                            suppress_below: int = DEFAULT_THRESHOLD) -> BenchmarkContext:
    """Read the data and compute the benchmark of ``year`` for the notebook.

    Raises
    ------
    DataError
        For an option out of range, an unreadable folder, or a year no organisation can be computed for.

    Examples
    --------
    >>> from pathlib import Path
    >>> ctx = build_benchmark_context(Path(__file__).parents[3] / "data" / "example", 2024)
    >>> ctx.bench.national.n_orgs, ctx.parameters["group_by"]
    (1, 'region')
    """
    from wreslib.data.read import Dataset, read_data
    from wreslib.errors import DataError, Fault
    from wreslib.legacy.measures.benchmark import compute_benchmark
    from wreslib.legacy.report.context import resolve_data_dir

    if not isinstance(suppress_below, int) or isinstance(suppress_below, bool) or not 1 <= suppress_below <= 100:
        raise DataError(Fault("(parameters)", "suppress_below must be a whole number from 1 to 100 (default 5)",
                              column="suppress_below", value=str(suppress_below)))
    data = data_dir if isinstance(data_dir, Dataset) else read_data(resolve_data_dir(data_dir))
    bench = compute_benchmark(data, year, group_by=group_by)
    params = {"data_dir": str(data.source), "year": bench.year, "group_by": bench.group_by,
              "suppress_below": suppress_below}
    return BenchmarkContext(data=data, bench=bench, suppress_below=suppress_below, parameters=params)


def _section(heading: str, body: str, *, anchor: str) -> Html:
    return Html(f'<section id="{esc(anchor)}"><h2>{esc(heading)}</h2>{body}</section>')


def _ul(items: Iterable[object]) -> str:
    items = list(items)
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{i if isinstance(i, Html) else esc(i)}</li>" for i in items) + "</ul>"


def _p(text: object) -> str:
    return f"<p>{text if isinstance(text, Html) else esc(text)}</p>"


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st.

    Examples
    --------
    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 42)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '42nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _ci(m: RelativeLikelihood | None) -> str:
    if m is None or m.ci_low is None or m.ci_high is None:
        return "—"
    return f"{fmt.ratio(m.ci_low)} to {fmt.ratio(m.ci_high)}"


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "—"}[value]


def _org_label(point: FunnelPoint) -> str:
    org = point.ratio.org
    return f"{org.name} ({org.code})"


def _chart(chart: Any) -> str:
    from wreslib.legacy.report import charts

    return charts.to_html(chart)


# --- head of the page -------------------------------------------------------------------------------------


@shared_section
def title_block(ctx: BenchmarkContext) -> Html:
    """Title, the synthetic-data banner where it applies, who is compared, and provenance."""
    b = ctx.bench
    banner = ""
    if b.synthetic:
        banner = ('<div class="synthetic-banner" role="note"><strong>Synthetic data.</strong> These organisations '
                  "and every figure on this page are fictional, generated for demonstration and testing. Do not use "
                  "them as evidence about any real NHS organisation.</div>")
    included = len(b.organisations)
    lines = [f"{_plural(included, 'organisation')} compared for the WRES year {b.year} (workforce snapshot at "
             f"31 March {b.year}; NHS Staff Survey {b.year - 1}), grouped by {ctx.group_word} into "
             f"{_plural(len(b.groups), ctx.group_word)}."]
    body = _STYLE + banner + f"<h1>Workforce Race Equality Standard benchmark {b.year}</h1>"
    body += f'<p class="org">Every organisation in the data compared, with pooled figures by {esc(ctx.group_word)}</p>'
    body += "".join(_p(line) for line in lines)
    if b.excluded:
        body += _p(f"Left out ({len(b.excluded)}), because their data cannot be used for {b.year}:")
        body += _ul(f"{e.org_code}: {e.reason}" for e in b.excluded)
    params = {k: v for k, v in ctx.parameters.items() if k != "data_dir"}
    body += ('<p class="provenance">Data checksum <code>' + esc(b.data_checksum) + "</code> · wreslib "
             + esc(b.wreslib_version) + " · parameters <code>" + esc(json.dumps(params, sort_keys=True))
             + "</code></p>")
    body += _p("How to read this page: pooled figures add up the counts of every organisation in a group and "
               "compute the measure once; funnel plots show whether an organisation's relative likelihood is "
               "further from parity than chance alone would explain for an organisation of its size; league "
               "tables rank organisations, but overlapping intervals mean most ranks could easily change.")
    return Html(body)


# --- national overview -----------------------------------------------------------------------------------


def _rl_row(label: str, m: RelativeLikelihood | None, n_orgs: int, extra: str = "") -> list[object]:
    if m is None:
        return [label, "—", "—", "—", n_orgs, "no counts"]
    value = fmt.ratio(m.relative_likelihood) if m.status == OK and m.relative_likelihood is not None else (
        Html(f'<span class="muted">{esc(m.reason or m.status)}</span>'))
    return [label, value, _ci(m), _yes_no(m.significant), n_orgs, extra]


def _overview_rows(r: Rollup) -> list[list[object]]:
    rows: list[list[object]] = []
    rep = r.representation
    senior = rep.range_counts("Band 8a-VSM")
    rows.append(["1. BME share of the workforce", fmt.pct(rep.overall.bme_pct), "—", "—", rep.n_orgs,
                 f"of {fmt.count(rep.overall.total)} staff"])
    if senior is not None and senior.total:
        rows.append(["1. BME share of Bands 8a–VSM", fmt.pct(senior.bme_pct), "—", "—", rep.n_orgs,
                     f"of {fmt.count(senior.total)} staff"])
    rows.append(_rl_row("1. White relative to BME: being in Bands 8a–VSM", rep.senior, rep.n_orgs))
    for n in RATIO_NUMBERS:
        rr = r.ratios[n]
        rows.append(_rl_row(f"{n}. {_RL_SHORT[n]}", rr.measure, rr.n_orgs))
    for n in (5, 6, 7, 8):
        s = r.surveys[n]
        c = s.comparison
        direction = "higher is better" if HIGHER_IS_BETTER[n] else "lower is better"
        rows.append([f"{n}. {SHORT_TITLES[n]}: BME minus White ({direction})",
                     fmt.pp_short(s.gap_pp) if s.gap_pp is not None else "—",
                     f"White {fmt.pct(s.white_pct)}, BME {fmt.pct(s.bme_pct)}" if s.gap_pp is not None else "—",
                     _yes_no(c.significant if c else None), s.n_orgs,
                     (fmt.p_value(c.p_value) + f"; {fmt.count(s.white_n)} White and {fmt.count(s.bme_n)} BME "
                      "respondents") if c and c.p_value is not None else ""])
    for m in (r.voting, r.executive):
        rows.append([f"9. Board ({m.membership}) BME % minus workforce BME %",
                     fmt.pp_short(m.difference_pp) if m.difference_pp is not None else (m.reason or "—"),
                     f"board {fmt.pct(m.board_bme_pct)}, workforce {fmt.pct(m.workforce_bme_pct)}"
                     if m.difference_pp is not None else "—", "—",
                     r.board_orgs[m.membership],
                     f"{fmt.count(m.board.total)} board members" if m.board is not None else ""])
    return rows


@shared_section
def national_overview(ctx: BenchmarkContext) -> Html:
    """All nine indicators pooled over every organisation (summed counts, one measure)."""
    r = ctx.bench.national
    headers = ["Indicator and measure", "Pooled figure", "95% interval or the two groups",
               "Statistically significant", "Organisations pooled", "Detail"]
    body = _p(f"Every figure below is computed once from the counts of all {_plural(r.n_orgs, 'organisation')} "
              "added together (a pooled figure), never as an average of the organisations' own figures. Relative "
              "likelihoods (1 to 4) of 1.00 are parity; 0.80 to 1.25 is the non-adverse range. Survey gaps are "
              "BME minus White in percentage points (pp).")
    body += table(headers, _overview_rows(r), caption=f"All organisations pooled, WRES {ctx.year}")
    return _section(f"National overview: all organisations pooled, {ctx.year}", body, anchor="national")


# --- roll-up by group -----------------------------------------------------------------------------------


def _cell_rl(m: RelativeLikelihood | None) -> object:
    if m is None or m.status != OK or m.relative_likelihood is None:
        return "—"
    interval = f"<br><small>{esc(_ci(m))}</small>" if m.ci_low is not None else ""
    return Html(esc(fmt.ratio(m.relative_likelihood)) + interval)


def _rollup_line(r: Rollup) -> list[object]:
    rep = r.representation
    return [r.name, r.n_orgs, fmt.pct(rep.overall.bme_pct), _cell_rl(rep.senior),
            *[_cell_rl(r.ratios[n].measure) for n in RATIO_NUMBERS],
            *[_pp_number(r.surveys[n].gap_pp) for n in (5, 6, 7, 8)], _pp_number(r.voting.difference_pp)]


def _pp_number(value: float | None) -> str:
    """A difference in percentage points without the unit, for columns whose heading names it ("+7.9")."""
    return "—" if value is None else fmt.pp_short(value).removesuffix(" pp")


@shared_section
def rollup_table(ctx: BenchmarkContext) -> Html:
    """Every indicator pooled for each region (or organisation type), with all organisations last."""
    b = ctx.bench
    word = ctx.group_word
    headers = [word.capitalize(), "Organisations", "1. BME % of staff", "1. Bands 8a–VSM (W/BME)",
               "2. Appointed (W/BME)", "3. Disciplinary (BME/W)", "4. Training (W/BME)",
               "5. Gap (pp)", "6. Gap (pp)", "7. Gap (pp)", "8. Gap (pp)", "9. Board − workforce (pp)"]
    rows = [_rollup_line(r) for r in b.groups] + [_rollup_line(b.national)]
    body = _p(f"Each row adds up the counts of the organisations in one {word} and computes every measure once. "
              "Relative likelihoods are shown with their 95% interval beneath. Gaps are BME minus White in "
              "percentage points; for indicators 5, 6 and 8 a positive gap means BME staff fare worse, for "
              "indicator 7 a negative one does. Indicator 9 is the board's voting membership.")
    body += table(headers, rows, caption=f"Pooled figures by {word}, WRES {ctx.year}", cls="data rollup")
    return _section(f"Pooled figures by {word}", body, anchor="rollup")


# --- funnel plots and league tables -------------------------------------------------------------------


@shared_section
def funnel_section(ctx: BenchmarkContext, number: int) -> Html:
    """Funnel plot of indicator 2, 3 or 4, with the organisations beyond each control limit named."""
    from wreslib.legacy.report import funnel as charts_funnel

    b = ctx.bench
    f = b.funnels[number]
    body = _p(f"{TITLES[number]}. Each organisation is plotted against its size ({PRECISION_LABEL[number]}); the "
              "lines are control limits around parity: an organisation of that size would fall outside the 95% "
              "limits 1 time in 20, and outside the 99.8% limits 1 time in 500, by chance alone if its true "
              "figure were parity. Above the funnel is adverse to BME staff.")
    body += _chart(charts_funnel.funnel_chart(f, synthetic=b.synthetic))
    outside = [p for flag in _FLAG_ORDER for p in f.with_flag(flag)]
    if outside:
        rows = [[p.ratio.org.name, p.ratio.org.code, p.ratio.org.group(b.group_by), FLAG_TEXT[p.flag],
                 fmt.ratio(p.value), _ci(p.ratio.measure), fmt.count(p.precision)] for p in outside]
        body += table(["Organisation", "Code", ctx.group_word.capitalize(), "Position on the funnel plot",
                       "Relative likelihood", "95% interval", "Size"], rows,
                      caption=f"Indicator {number}: organisations outside the 95% control limits, {b.year}",
                      cls="data text3")
    else:
        body += _p("No organisation lies outside the 95% control limits.")
    within = f.with_flag(WITHIN)
    notes = [f"Within the 95% control limits: {_plural(len(within), 'organisation')}."]
    missing = f.not_plotted
    if missing:
        notes.append("Not on the plot: " + "; ".join(
            f"{_org_label(p)}, {'a relative likelihood of 0' if p.value == 0 else (p.ratio.reason or p.ratio.status)}"
            for p in sorted(missing, key=lambda p: p.ratio.org.code)) + ".")
    if f.limits is None:
        notes.append(f"No control limits could be drawn: {f.reason}.")
    body += "".join(_p(n) for n in notes)
    return _section(f"Indicator {number}: funnel plot", body, anchor=f"funnel-{number}")


@shared_section
def league_section(ctx: BenchmarkContext, number: int) -> Html:
    """League table of indicator 2, 3 or 4: every organisation ranked, with its 95% interval and funnel position."""
    from wreslib.legacy.report import funnel as charts_funnel

    b = ctx.bench
    rows_in = b.leagues[number]
    body = _p("Rank 1 is the highest relative likelihood, the most adverse to BME staff; tied values share a "
              "rank. The interval shows how uncertain each figure is: where intervals overlap, the order of the "
              "organisations could easily be different, so read the funnel plot, not the rank, to judge whether "
              "an organisation stands out.")
    body += _chart(charts_funnel.league_chart(rows_in, number, b.year, synthetic=b.synthetic))
    rows = []
    for r in rows_in:
        if r.rank is None:
            continue
        m = r.ratio.measure
        org = r.ratio.org
        rows.append([org.name, org.code, org.group(b.group_by), r.rank, fmt.ratio(r.ratio.value), _ci(m),
                     _yes_no(m.significant if m else None), _FLAG_SHORT[r.flag],
                     fmt.count(r.ratio.precision) if r.ratio.precision is not None else "—"])
    headers = ["Organisation", "Code", ctx.group_word.capitalize(), "Rank", "Relative likelihood", "95% interval",
               "Significant", "Funnel position", "Size"]
    body += table(headers, rows, caption=f"Indicator {number}: {_RL_SHORT[number]}, {b.year}, highest first",
                  cls="data text3")
    unranked = [r for r in rows_in if r.rank is None]
    if unranked:
        body += _p("Not ranked: " + "; ".join(f"{r.ratio.org.name} ({r.ratio.org.code}), "
                                              f"{r.ratio.reason or r.ratio.status}" for r in unranked) + ".")
    return _section(f"Indicator {number}: league table", body, anchor=f"league-{number}")


# --- survey gaps, boards, trends ------------------------------------------------------------------------


@shared_section
def survey_section(ctx: BenchmarkContext) -> Html:
    """How the BME minus White gap of indicators 5-8 spreads across organisations."""
    from wreslib.legacy.report import funnel as charts_funnel

    b = ctx.bench
    body = _p(f"The NHS Staff Survey {b.year - 1}: each organisation's BME percentage minus its White percentage, in "
              "percentage points. Organisations where either group has fewer than 11 respondents are left out, as "
              "the survey itself suppresses them.")
    body += _chart(charts_funnel.survey_gap_chart(b.surveys, b.distributions, b.year, synthetic=b.synthetic))
    rows = []
    for n in (5, 6, 7, 8):
        d = b.distributions[n]
        pooled = b.national.surveys[n]
        rows.append([f"{n}. {SHORT_TITLES[n]}", d.n_orgs,
                     fmt.pp_short(d.median) if d.median is not None else "—",
                     f"{fmt.pp_short(d.q1)} to {fmt.pp_short(d.q3)}" if d.q1 is not None else "—",
                     f"{fmt.pp_short(d.low)} to {fmt.pp_short(d.high)}" if d.low is not None else "—",
                     f"{d.n_bme_worse} ({d.n_bme_worse_significant} significantly)",
                     d.n_excluded, fmt.pp_short(pooled.gap_pp) if pooled.gap_pp is not None else "—"])
    body += table(["Indicator", "Organisations", "Median gap", "Quartiles", "Range", "BME staff worse off in",
                   "Left out (<11 respondents)", "All organisations pooled"], rows,
                  caption=f"BME minus White across organisations, NHS Staff Survey {b.year - 1}")
    detail = []
    for o in b.organisations:
        row: list[object] = [o.name, o.code]
        for n in (5, 6, 7, 8):
            item = next((i for i in b.surveys[n] if i.org.code == o.code), None)
            if item is None or item.gap is None:
                row.append("—")
            elif item.gap_pp is None:
                row.append("fewer than 11 respondents")
            else:
                row.append(fmt.pp_short(item.gap_pp) + (" *" if item.gap.significant else ""))
        detail.append(row)
    body += ("<details><summary>Every organisation's gap (* statistically significant)</summary>"
             + table(["Organisation", "Code", *[f"{n}. Gap (pp)" for n in (5, 6, 7, 8)]], detail, cls="data text2")
             + "</details>")
    return _section("Indicators 5 to 8: survey gaps across organisations", body, anchor="survey")


@shared_section
def board_section(ctx: BenchmarkContext) -> Html:
    """Indicator 9 per organisation: board voting and executive BME share against the workforce."""
    from wreslib.legacy.report import funnel as charts_funnel

    b = ctx.bench
    threshold = ctx.suppress_below
    body = _p("The BME share of each board's voting and executive members against the BME share of the whole "
              "workforce, in percentage points; below zero, the board is less diverse than the staff it leads. "
              f"Board counts from 1 to {threshold - 1} are shown as <{threshold}, and the share next to them is "
              "not shown; the difference is the published WRES figure.")
    body += _chart(charts_funnel.board_scatter_chart(b.boards, b.year, synthetic=b.synthetic))
    rows = []
    for ob in sorted(b.boards, key=lambda x: (x.voting.difference_pp if x.voting.difference_pp is not None
                                              else float("inf"), x.org.code)):
        v, e = ob.voting, ob.executive
        bme = v.board.bme if v.board is not None else None
        rows.append([ob.org.name, ob.org.code, ob.org.group(b.group_by),
                     show_count(v.board.total if v.board else None, threshold), show_count(bme, threshold),
                     "—" if v.board_bme_pct is None or is_suppressed(bme, threshold) else fmt.pct(v.board_bme_pct),
                     fmt.pct(v.workforce_bme_pct) if v.workforce_bme_pct is not None else "—",
                     fmt.pp_short(v.difference_pp) if v.difference_pp is not None else (v.reason or "—"),
                     fmt.pp_short(e.difference_pp) if e.difference_pp is not None else (e.reason or "—")])
    body += table(["Organisation", "Code", ctx.group_word.capitalize(), "Voting members", "BME voting members",
                   "Board BME %", "Workforce BME %", "Voting: board − workforce", "Executive: board − workforce"],
                  rows, caption=f"Board against workforce, {b.year}, least diverse board (against its workforce) "
                  "first", cls="data text3")
    return _section("Indicator 9: boards against their workforce", body, anchor="board")


def _trend_value(r: Rollup, number: int) -> str:
    from wreslib.legacy.report.present import format_headline

    return format_headline(number, r.headline(number))


_TREND_MEASURE = {
    1: "1. White relative to BME: being in Bands 8a–VSM",
    2: "2. " + _RL_SHORT[2], 3: "3. " + _RL_SHORT[3], 4: "4. " + _RL_SHORT[4],
    5: "5. % of BME staff (survey)", 6: "6. % of BME staff (survey)", 7: "7. % of BME staff (survey)",
    8: "8. % of BME staff (survey)", 9: "9. Board (voting) BME % minus workforce BME %",
}


@shared_section
def trends_section(ctx: BenchmarkContext) -> Html:
    """National and group pooled figures over the years in the data, with charts for indicators 2-4."""
    from wreslib.legacy.report import funnel as charts_funnel

    b = ctx.bench
    years = b.trend_years
    national = {r.year: r for r in b.trend(NATIONAL)}
    rows = [[_TREND_MEASURE[n], *[_trend_value(national[y], n) if y in national else "—" for y in years]]
            for n in range(1, 10)]
    rows.append(["Organisations pooled", *[national[y].n_orgs if y in national else "—" for y in years]])
    body = _p("Pooled figures for every year the data holds up to this one. Survey percentages are from the survey "
              "of the year before (the WRES year minus 1). An organisation is pooled in each year it can be "
              "computed for, so the set of organisations can differ between years.")
    body += table(["All organisations pooled", *[str(y) for y in years]], rows,
                  caption=f"National trend, WRES {years[0]}–{years[-1]}" if len(years) > 1 else "National figures")
    for n in RATIO_NUMBERS:
        body += _chart(charts_funnel.trend_chart(b, n))
    names = sorted({r.name for r in b.trends if r.group_by != "national"})
    detail = []
    for name in names:
        by_year = {r.year: r for r in b.trend(name)}
        for n in RATIO_NUMBERS:
            detail.append([name, _RL_SHORT[n], *[_trend_value(by_year[y], n) if y in by_year else "—"
                                                  for y in years]])
    body += (f"<details><summary>Pooled relative likelihoods by {esc(ctx.group_word)} and year</summary>"
             + table([ctx.group_word.capitalize(), "Measure", *[str(y) for y in years]], detail, cls="data text2")
             + "</details>")
    return _section("Trends: national and by " + ctx.group_word, body, anchor="trends")


# --- methods ------------------------------------------------------------------------------------------


@shared_section
def methods_appendix(ctx: BenchmarkContext) -> Html:
    """How the pooled figures, funnel limits, ranks and gaps are computed, with the limits used, and provenance."""
    b = ctx.bench
    items = [
        "Roll-ups (pooled figures) add up the counts of the organisations in a group and compute each measure once "
        "from the sums: relative likelihoods from the summed cases and denominators of each ethnic group, with "
        "Katz's log 95% interval and Fisher's exact test (as in each organisation's report); survey percentages "
        "from the summed numbers answering yes (each organisation's percentage × its respondents, rounded half up) "
        "over the summed respondents, pooling only organisations with both groups; board shares from the summed "
        "board members against the summed workforce of the same organisations. Ratios and percentages are never "
        "averaged: an average would give a small organisation the weight of a large one.",
        "Indicator 1's pooled measure is the likelihood of White staff relative to BME staff being in Bands 8a–VSM, "
        "of the staff in the published ranges Band 1-7 and Band 8a-VSM.",
        "Funnel plots follow Spiegelhalter DJ, 'Funnel plots for comparing institutional performance', Statistics "
        "in Medicine 2005;24:1185–1202. Each organisation's relative likelihood (y, log scale) is plotted against "
        "its size N (x): shortlisted applicants for indicator 2, staff headcount for indicators 3 and 4, White and "
        "BME together. The control limits are parity × exp(±z · SE(N)) with z = "
        f"{Z_95} (95%) and {Z_998} (99.8%), by the normal approximation on the log scale.",
        "SE(N) = √[(1 − π) / (π · φ · (1 − φ) · N)], where π is the pooled rate of the outcome (White and BME "
        "together) and φ the BME share of the pooled denominators, both over all organisations plotted. This is "
        "the standard error of a log ratio of two proportions when both groups share the rate π (parity), with "
        "N split into φN BME and (1 − φ)N White; it makes the limits a smooth function of a size readers "
        "understand. An organisation whose own BME share differs much from φ has a true standard error a little "
        "different from the funnel's: its own 95% interval, in the league table, shows it.",
        "The limits are not widened for over-dispersion: parity is a standard, not the average of organisations, "
        "and widening the limits would hide a shared inequity. With the small counts of indicator 3 the normal "
        "approximation is rough and the limits are wide; read them as a guide.",
        "An organisation is flagged when its relative likelihood lies beyond a limit at its size (strictly "
        "outside). The funnel compares against parity with the standard error expected at parity, so it can "
        "flag an organisation whose own interval (which uses its own, smaller counts) just reaches 1, and the "
        "other way round; both are shown. A relative likelihood of 0 (no cases in the numerator group), or one "
        "that cannot be calculated, is not plotted and is listed with the reason.",
        "League tables rank by relative likelihood, 1 = highest (the most adverse to BME staff for indicators 2, "
        "3 and 4); ties share the better rank. In each organisation's own report, the peer position ranks by "
        "closeness to parity instead (1 = closest), among organisations of the same type, against a funnel of "
        "those organisations; it is shown only when at least 3 other organisations of that type have a value.",
        "Survey gaps are BME minus White in percentage points, tested by Fisher's exact test on the yes-counts; "
        "organisations with a group under 11 respondents are left out of the distribution (the survey suppresses "
        "them) but their counts are pooled. Quartiles use the inclusive method.",
        f"Small counts: in tables, a count from 1 to {ctx.suppress_below - 1} is shown as '<{ctx.suppress_below}' "
        "and the share computed from it is not shown. Relative likelihoods, survey percentages and the indicator 9 "
        "difference stay visible, as WRES publishes them.",
    ]
    body = "<h3>Methods</h3>" + _ul(items)
    limit_rows = []
    for n in RATIO_NUMBERS:
        f = b.funnels[n]
        if f.limits is None:
            limit_rows.append([f"Indicator {n}", "—", "—", "—", f.reason or "—"])
            continue
        lim = f.limits
        limit_rows.append([f"Indicator {n}", fmt.pct(100 * lim.pooled_rate, 2), fmt.pct(100 * lim.bme_share, 1),
                           f"{lim.g:.2f}", PRECISION_LABEL[n]])
    body += "<h3>The funnel limits used</h3>" + table(
        ["Funnel", "Pooled rate π", "BME share φ", "g = (1 − π) / (π φ (1 − φ))", "Size N"], limit_rows,
        caption="SE(N) = √(g / N); limits exp(±1.96 SE) and exp(±3.09 SE) around 1")
    prov = [["Data checksum (SHA-256 of the input tables)", Html(f"<code>{esc(b.data_checksum)}</code>")],
            ["wreslib version", b.wreslib_version],
            ["Tables read", ", ".join(b.files)],
            ["Parameters", Html("<code>" + esc(json.dumps({k: v for k, v in ctx.parameters.items()
                                                           if k != "data_dir"}, sort_keys=True)) + "</code>")]]
    body += "<h3>Provenance</h3>" + table(["Item", "Value"], prov)
    body += _p(Html("To reproduce this page, run <code>wres benchmark --data DATA --year " + esc(b.year)
                    + " --out DIR --group-by " + esc(b.group_by) + "</code> on data with the checksum above."))
    return _section("Appendix: methods", body, anchor="methods")


# --- peer position in an organisation's own report ------------------------------------------------------


def peer_block(position: PeerPosition, *, bme_label: str = "BME", chart: bool = False) -> Html:
    """The "Compared with other <type>s" block of an organisation's report, for indicator 2, 3 or 4.

    Says the organisation's rank by closeness to parity among organisations of its type, where it lies on
    their funnel plot and what the control limits are for an organisation of its size. With ``chart``, it
    also shows that funnel plot with the organisation highlighted. Reports leave the chart out: drawing
    three more funnels per report cost a batch a quarter of its speed, and the benchmark page shows every
    funnel plot in full.

    Examples
    --------
    >>> from wreslib.legacy.measures.benchmark import peer_position
    >>> from pathlib import Path
    >>> pos = peer_position(Path(__file__).parents[3] / "data" / "synthetic", "ZS001", 2024, 2)
    >>> block = peer_block(pos)
    >>> "Compared with other ICBs" in block and "closest to parity" in block
    True
    """
    from wreslib.legacy.report import funnel as charts_funnel

    def label(text: str) -> str:
        return text.replace("BME", bme_label) if bme_label != "BME" else text

    kind = position.org_type
    kinds = kind + "s"
    heading = f"Compared with other {kinds}"
    if position.rank is None and position.value == 0:
        first = (f"This organisation's relative likelihood for {position.year} is 0 ({position.reason}), which has "
                 "no distance from parity on a log scale, so it is not ranked among the "
                 f"{_plural(position.n, kind, kinds)} in the data with a positive value.")
    elif position.rank is None:
        first = (f"This organisation's relative likelihood for {position.year} could not be calculated "
                 f"({position.reason}), so it is not ranked among the {_plural(position.n, kind, kinds)} in the "
                 "data with a value.")
    else:
        first = (f"Of the {_plural(position.n, kind, kinds)} in the data with a value for {position.year}, this "
                 f"organisation's relative likelihood of {fmt.ratio(position.value)} is the "
                 f"{_ordinal(position.rank)} closest to parity (1.00), where 1st is the closest.")
    where = " below" if chart else ""
    if position.flag == NOT_ASSESSED:
        second = f"Nor is it placed on the funnel plot{where}." if position.rank is None else (
            f"It is not placed on the funnel plot{where}.")
    else:
        side = {ABOVE_998: "more adverse to BME staff than chance alone would explain, even at the strict 99.8% level",
                ABOVE_95: "more adverse to BME staff than chance alone would usually explain (95% level)",
                WITHIN: "not further from parity than chance alone could explain for an organisation of its size",
                BELOW_95: "more favourable to BME staff than chance alone would usually explain (95% level)",
                BELOW_998: "more favourable to BME staff than chance alone would explain, even at the 99.8% level",
                }[position.flag]
        second = (f"On the funnel plot of {kinds}, it lies {FLAG_TEXT[position.flag]}: {side}.")
        me = next((p for p in position.funnel.points if p.ratio.org.code == position.org_code), None)
        if position.funnel.limits is not None and me is not None and me.precision:
            low95, high95 = position.funnel.limits.limits(me.precision, 1.96)
            low998, high998 = position.funnel.limits.limits(me.precision, 3.09)
            second += (f" For its size ({fmt.count(me.precision)}), the 95% control limits around parity are "
                       f"{fmt.ratio(low95)} to {fmt.ratio(high95)} and the 99.8% limits {fmt.ratio(low998)} to "
                       f"{fmt.ratio(high998)}.")
    figure = ""
    if chart:
        figure = _chart(charts_funnel.funnel_chart(
            position.funnel, highlight=position.org_code, label_outliers=False, bme_label=bme_label,
            subtitle=f"{_plural(len(position.funnel.plotted), kind, kinds)} plotted",
            synthetic=any(p.ratio.org.synthetic for p in position.funnel.points)))
    body = (f'<div class="peer-position"><h3>{esc(label(heading))}</h3>'
            + _p(label(first)) + _p(label(second))
            + figure
            + '<p class="muted">The rank orders organisations by how far their relative likelihood is from parity, '
            "whichever way; the funnel plot says whether that distance is more than chance, given the organisation's "
            "size (Spiegelhalter 2005). See the benchmark page for every organisation.</p></div>")
    return Html(body)
