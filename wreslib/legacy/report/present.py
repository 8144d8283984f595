"""The report's sections as self-contained HTML fragments, for the notebook to display.

Each public function takes a ``ReportContext`` and returns ``Html``: a string that Jupyter displays as
HTML. Every piece of text that came from data (organisation names, areas, action plan lines, warnings)
is escaped here; numbers pass through ``wreslib.legacy.report.fmt``; counts through the suppression rule of
``wreslib.legacy.report.disclosure``. Nothing here computes an indicator: it only lays out what wreslib computed.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from wreslib.legacy.measures.results import HIGHER_IS_BETTER, OK, SHORT_TITLES, TITLES
from wreslib.legacy.report import fmt
from wreslib.legacy.report.disclosure import SECONDARY, is_suppressed, redact_counts, show_count, show_protected, suppressing

if TYPE_CHECKING:
    from wreslib.legacy.report.context import ReportContext

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Not rated"}


def shared_section(section: Callable[..., Html]) -> Callable[..., Html]:
    """Write a section under its context's suppression rule (``ctx.suppress_below``), so that sentences and
    charts follow it too. Serves the report's sections and the benchmark page's alike."""

    @functools.wraps(section)
    def write(ctx: Any, *args: Any) -> Html:
        with suppressing(ctx.suppress_below):
            return section(ctx, *args)

    return write


class Html(str):
    """Markup that is already safe: Jupyter shows it as HTML, and the helpers here do not escape it again."""

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: object) -> str:
    """Escape any text for HTML (quotes included, as it may land in an attribute)."""
    return html.escape(str(value), quote=True)


def _cell(value: object) -> str:
    return str(value) if isinstance(value, Html) else esc(value)


def table(headers: Sequence[object], rows: Iterable[Sequence[object]], *, caption: str | None = None,
          cls: str = "data") -> Html:
    """An HTML table; plain cells are escaped, Html cells are kept. The first column is a row header."""
    parts = [f'<table class="{esc(cls)}">']
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f'<th scope="col">{_cell(h)}</th>' for h in headers) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        cells = list(row)
        parts.append("<tr>" + f'<th scope="row">{_cell(cells[0])}</th>'
                     + "".join(f"<td>{_cell(c)}</td>" for c in cells[1:]) + "</tr>")
    parts.append("</tbody></table>")
    return Html("".join(parts))


def _sentence(item: object) -> object:
    # A sentence may open with a suppressed count ("fewer than 5 staff ..."): it still starts with a capital.
    if isinstance(item, str) and not isinstance(item, Html) and item[:1].islower():
        return item[0].upper() + item[1:]
    return item


def _ul(items: Iterable[object], cls: str = "") -> Html:
    items = [_sentence(i) for i in items]
    if not items:
        return Html("")
    attr = f' class="{esc(cls)}"' if cls else ""
    return Html(f"<ul{attr}>" + "".join(f"<li>{_cell(i)}</li>" for i in items) + "</ul>")


def _paras(items: Iterable[object]) -> Html:
    return Html("".join(f"<p>{_cell(_sentence(i))}</p>" for i in items))


def _label(text: str, ctx: ReportContext) -> str:
    return text.replace("BME", ctx.bme_label)


def _section(heading: str, body: str, *, level: int = 2, anchor: str | None = None) -> Html:
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return Html(f"<section{ident}><h{level}>{esc(heading)}</h{level}>{body}</section>")


def protected_counts(c: Any, threshold: int) -> tuple[list[str], str, list[str]]:
    """White, BME and Unknown counts of a GroupCounts, its total, and the three percentages, as shared.

    Small counts and any count that would reveal one through the total are hidden, and so is the
    percentage beside a hidden count (it would give the count back).
    """
    parts = [c.white, c.bme, c.unknown]
    shown, total = show_protected(parts, c.total, threshold)
    pcts = ["—" if cell.startswith("<") or cell == SECONDARY else fmt.pct(p)
            for cell, p in zip(shown, (c.white_pct, c.bme_pct, c.unknown_pct), strict=True)]
    return shown, total, pcts


# --- head of the report --------------------------------------------------------------------------------

def provenance_line(ctx: ReportContext) -> Html:
    """Checksum, wreslib version and parameters: enough to trace a published figure and rerun it."""
    cur = ctx.current
    return Html(
        '<p class="provenance">Data checksum <code>' + esc(cur.data_checksum) + "</code> · wreslib "
        + esc(cur.wreslib_version) + " · parameters <code>"
        + esc(json.dumps({k: v for k, v in ctx.parameters.items() if k != "data_dir"}, sort_keys=True))
        + "</code></p>"
    )


@shared_section
def title_block(ctx: ReportContext) -> Html:
    """Report title, organisation, the synthetic-data banner where it applies, and provenance."""
    cur = ctx.current
    banner = ""
    if ctx.synthetic:
        banner = ('<div class="synthetic-banner" role="note"><strong>Synthetic data.</strong> This organisation '
                  "and every figure in this report are fictional, generated for demonstration and testing. "
                  "Do not use them as evidence about any real NHS organisation.</div>")
    return Html(
        banner
        + f"<h1>Workforce Race Equality Standard report {ctx.year}</h1>"
        + f'<p class="org">{esc(cur.org_name)} <span class="muted">({esc(cur.org_code)} · {esc(cur.org_type)}'
        + (f" · {esc(cur.region)}" if cur.region else "") + ")</span></p>"
        + f'<p class="muted">Workforce snapshot at 31 March {ctx.year}; recruitment, disciplinary and training '
        + f"counts for the twelve months to that date; NHS Staff Survey {ctx.year - 1}. Years compared: "
        + esc(", ".join(str(y) for y in ctx.years)) + ".</p>"
        + provenance_line(ctx)
    )


@shared_section
def introduction(ctx: ReportContext) -> Html:
    """What the WRES is and the nine indicators, in the words of the standard."""
    label = esc(ctx.bme_label)
    body = (
        "<p>The NHS Workforce Race Equality Standard (WRES) asks every NHS trust and integrated care board to "
        "compare the experience and opportunities of White staff and staff from Black and minority ethnic "
        f"backgrounds (called <strong>{label}</strong> in this report) on nine indicators, to publish the "
        "results with an action plan, and to track them year on year.</p>"
        "<p>Indicators 1 to 4 and 9 come from the organisation's workforce, recruitment, employee-relations, "
        "learning and board records; indicators 5 to 8 come from the NHS Staff Survey. Staff whose ethnicity "
        "is not known are shown separately and left out of the comparisons between groups.</p>"
        "<p>Every figure, chart and sentence in this report is computed from the data by the open-source "
        "<code>wres</code> pipeline: nothing is typed by hand. Where the report says a difference is "
        "<em>statistically significant</em>, a test (described in the appendix) says so; where it does not, "
        "the difference may be due to chance, which is common with the small numbers of an ICB.</p>"
        + "<ol>" + "".join(f"<li>{esc(_label(TITLES[n], ctx))}</li>" for n in range(1, 10)) + "</ol>"
    )
    return _section("Introduction", body, anchor="introduction")


@shared_section
def profile(ctx: ReportContext) -> Html:
    """Organisation profile: workforce by ethnic group over the years, against the local population."""
    from wreslib.legacy.report import charts, narrative

    population = ctx.population()
    sentences = narrative.workforce_profile(
        list(ctx.sets), bme_label=ctx.bme_label, population=[(a, p) for a, p, _ in population] or None)
    names = ["White", ctx.bme_label, "Unknown (not stated or not known)"]
    rows: list[list[object]] = [[name] for name in names] + [["All staff"]]
    for s in ctx.sets:
        o = s[1].overall
        if o is None:
            for row in rows:
                row += ["—", "—"]
            continue
        shown, total, pcts = protected_counts(o, ctx.suppress_below)
        for row, cell, pct in zip(rows, shown, pcts, strict=False):
            row += [cell, pct]
        rows[-1] += [total, ""]
    headers = ["Ethnic group"] + sum(([f"{s.year} staff", f"{s.year} %"] for s in ctx.sets), [])
    body = _paras(sentences) + table(headers, rows, caption="Workforce by ethnic group at 31 March")
    if population:
        cur = ctx.current[1].overall
        prow = [[area, fmt.pct(p), fmt.pp(cur.bme_pct - p) if cur and cur.bme_pct is not None else "—", source]
                for area, p, source in population]
        body += table(["Area", f"{ctx.bme_label} population", f"Workforce {ctx.bme_label} share minus population",
                       "Source"], prow, caption=f"Local population ({ctx.bme_label} share) against the workforce "
                       f"in {ctx.year}")
    body += charts.to_html(charts.representation_trend_chart(list(ctx.sets), bme_label=ctx.bme_label))
    return _section("Our workforce and our population", body, anchor="profile")


# --- summary ------------------------------------------------------------------------------------------

def format_headline(number: int, value: float | None) -> str:
    """An indicator's headline figure as the summary shows it: a ratio (1-4), a percentage (5-8) or pp (9)."""
    if value is None:
        return "—"
    if number in (1, 2, 3, 4):
        return fmt.ratio(value)
    if number in (5, 6, 7, 8):
        return fmt.pct(value)
    return fmt.pp_short(value)


def _headline(ctx: ReportContext, number: int, s: Any) -> str:
    from wreslib.legacy.report import assess

    return format_headline(number, assess.headline_value(s, number))


HEADLINE_MEASURE = {
    1: "White relative to BME: likelihood of being in Band 8a-VSM",
    2: "White relative to BME: appointed from shortlisting",
    3: "BME relative to White: entering the disciplinary process",
    4: "White relative to BME: accessing non-mandatory training",
    5: "% of BME staff (survey)",
    6: "% of BME staff (survey)",
    7: "% of BME staff (survey)",
    8: "% of BME staff (survey)",
    9: "Board (voting) BME % minus workforce BME %",
}


def rag_cell(rag: str) -> Html:
    """A rating cell: colour for the eye, the word for everyone (never colour alone)."""
    return Html(f'<span class="rag rag-{esc(rag)}">{esc(RAG_LABELS.get(rag, rag))}</span>')


@shared_section
def summary_table(ctx: ReportContext) -> Html:
    """Red/amber/green summary: each indicator's headline over the years, its rating, trend and summary."""
    from wreslib.legacy.report import assess, narrative

    rows = []
    for n in range(1, 10):
        rating = assess.rate(ctx.current, n, bme_label=ctx.bme_label)
        rows.append(
            [f"{n}. {_label(SHORT_TITLES[n], ctx)}", _label(HEADLINE_MEASURE[n], ctx)]
            + [_headline(ctx, n, s) for s in ctx.sets]
            + [rag_cell(rating.rag), assess.trend(list(ctx.sets), n),
               narrative.summary_line(list(ctx.sets), n, bme_label=ctx.bme_label)]
        )
    headers = ["Indicator", "Headline measure", *[str(s.year) for s in ctx.sets], f"Rating {ctx.year}", "Trend",
               "Summary"]
    note = ('<p class="muted">Ratings follow the rule in the appendix: relative likelihoods are green inside the '
            "non-adverse range 0.80–1.25 (the four-fifths rule) and red only when outside it against "
            f"{esc(ctx.bme_label)} staff <em>and</em> statistically significant; survey indicators are red only "
            f"when {esc(ctx.bme_label)} staff fare significantly worse than White staff.</p>")
    return _section("Summary", table(headers, rows, cls="data summary") + note, anchor="summary")


@shared_section
def key_findings(ctx: ReportContext) -> Html:
    """The most important findings, generated from the data."""
    from wreslib.legacy.report import narrative

    items = narrative.key_findings(list(ctx.sets), bme_label=ctx.bme_label)
    return _section("Key findings", _ul(items or ["No finding stands out in this year's data."], cls="findings"),
                    anchor="key-findings")


# --- one section per indicator ------------------------------------------------------------------------

_RL_WORDS = {
    2: ("shortlisted", "appointed", "% appointed from shortlisting"),
    3: ("in the workforce", "entered the formal disciplinary process", "% entering the process"),
    4: ("in the workforce", "accessed non-mandatory training and CPD", "% accessing"),
}


def _rl_table(ctx: ReportContext, number: int) -> Html:
    total_word, case_word, rate_word = _RL_WORDS[number]
    headers = ["", *[str(s.year) for s in ctx.sets]]
    rows: list[list[object]] = []
    results = [s[number] for s in ctx.sets]
    groups = [("White", "White"), ("BME", ctx.bme_label)]
    for key, shown in groups + [("Unknown", "Unknown")]:
        totals, cases, rates = [f"{shown}: {total_word}"], [f"{shown}: {case_word}"], [f"{shown}: {rate_word}"]
        for r in results:
            m = r.measure
            if key == "Unknown":
                c, t = r.unknown_cases, r.unknown_total
            elif m is None:
                c = t = None
            else:
                c, t = (m.a_cases, m.a_total) if m.a_label == key else (m.b_cases, m.b_total)
            totals.append(show_count(t, ctx.suppress_below))
            cases.append(show_count(c, ctx.suppress_below))
            rates.append("—" if c is None or not t or is_suppressed(c, ctx.suppress_below)
                         else fmt.pct(100.0 * c / t))
        rows += [totals, cases, rates]
    first = next((r.measure for r in results if r.measure), None)
    a, b = (first.a_label, first.b_label) if first else (("BME", "White") if number == 3 else ("White", "BME"))
    rl_row = [f"Relative likelihood ({_label(a, ctx)} relative to {_label(b, ctx)})"]
    ci_row, p_row, sig_row, range_row = (["95% confidence interval"], ["Fisher's exact test"],
                                         ["Statistically significant"], ["Within the non-adverse range 0.80–1.25"])
    for r in results:
        m = r.measure
        rl_row.append(fmt.ratio(m.relative_likelihood) if m and m.relative_likelihood is not None
                      else Html(f'<span class="muted">{esc(r.reason or r.status)}</span>'))
        ci_row.append(f"{fmt.ratio(m.ci_low)} to {fmt.ratio(m.ci_high)}" if m and m.ci_low is not None else "—")
        p_row.append(fmt.p_value(m.p_value) if m and m.p_value is not None else "—")
        sig_row.append({True: "Yes", False: "No", None: "—"}[m.significant if m else None])
        range_row.append({True: "Yes", False: "No", None: "—"}[m.within_non_adverse_range if m else None])
    rows += [rl_row, ci_row, p_row, sig_row, range_row]
    return table(headers, rows, caption=_label(TITLES[number], ctx))


def _survey_table(ctx: ReportContext, number: int) -> Html:
    results = [s[number] for s in ctx.sets]
    latest = results[-1]
    headers = ["", *[f"Survey {r.survey_year}" for r in results]]
    bench = latest.benchmark
    if bench:
        headers.append(f"{bench} {latest.survey_year}")
    rows: list[list[object]] = []
    for label, pct_attr, n_attr in (("White", "a_pct", "a_n"), (ctx.bme_label, "b_pct", "b_n")):
        row: list[object] = [f"{label}: % of respondents"]
        nrow: list[object] = [f"{label}: respondents"]
        for r in results:
            g = r.gap
            n = getattr(g, n_attr) if g else None
            if g is None or getattr(g, pct_attr) is None:
                row.append("—")
            elif n is not None and n < 11:
                row.append("suppressed (fewer than 11 respondents)")
            else:
                row.append(fmt.pct(getattr(g, pct_attr), 1))
            nrow.append("<11" if n is not None and n < 11 else show_count(n, ctx.suppress_below))
        if bench:
            row.append(fmt.pct(latest.benchmark_white_pct if label == "White" else latest.benchmark_bme_pct))
            nrow.append("")
        rows += [row, nrow]
    gap_row: list[object] = [f"{ctx.bme_label} minus White"]
    p_row: list[object] = ["Fisher's exact test"]
    sig_row: list[object] = ["Statistically significant"]
    for r in results:
        g = r.gap
        small = g is not None and not g.tested
        gap_row.append(fmt.pp_short(g.difference_pp) if g and g.difference_pp is not None and not
                       (small and g.a_n is not None and g.b_n is not None and min(g.a_n, g.b_n) < 11) else
                       Html(f'<span class="muted">{esc(r.reason or "—")}</span>') if r.status != OK else "—")
        p_row.append(fmt.p_value(g.p_value) if g and g.p_value is not None else "not tested" if small else "—")
        sig_row.append({True: "Yes", False: "No", None: "—"}[g.significant if g else None])
    if bench:
        gap_row.append(fmt.pp_short(latest.benchmark_bme_pct - latest.benchmark_white_pct)
                       if latest.benchmark_bme_pct is not None and latest.benchmark_white_pct is not None else "—")
        p_row.append("")
        sig_row.append("")
    rows += [gap_row, p_row, sig_row]
    direction = "higher is better" if HIGHER_IS_BETTER[number] else "lower is better"
    return table(headers, rows, caption=f"{_label(TITLES[number], ctx)} ({direction})")


def _band_table(ctx: ReportContext) -> Html:
    headers = ["Staff group", "Band"] + sum(([f"{s.year} {ctx.bme_label}", f"{s.year} total",
                                             f"{s.year} {ctx.bme_label} %"] for s in ctx.sets), [])
    keys: list[tuple[str, str]] = []
    lookup: dict[tuple[int, str, str], Any] = {}
    for s in ctx.sets:
        r = s[1]
        rows_src = list(r.by_published_range) or list(r.by_band)
        # Medical grades and Not recorded sit outside the published ranges: show them as recorded.
        rows_src += [c for c in r.by_band if c.label not in ("Band 1-7", "Band 8a-VSM")
                     and not _in_range(c.label)]
        for c in rows_src:
            key = (c.staff_group or "", c.label)
            if key not in keys:
                keys.append(key)
            lookup[(s.year, *key)] = c
    rows = []
    for staff_group, band in keys:
        row: list[object] = ["all staff groups" if staff_group == "all" else staff_group, band]
        for s in ctx.sets:
            c = lookup.get((s.year, staff_group, band))
            if c is None:
                row += ["—", "—", "—"]
            else:
                row += [show_count(c.bme, ctx.suppress_below), show_count(c.total, ctx.suppress_below),
                        "—" if is_suppressed(c.bme, ctx.suppress_below) else fmt.pct(c.bme_pct)]
        rows.append(row)
    overall = ["All staff", "All bands"]
    for s in ctx.sets:
        o = s[1].overall
        overall += ([show_count(o.bme, ctx.suppress_below), show_count(o.total, ctx.suppress_below),
                     fmt.pct(o.bme_pct)] if o else ["—", "—", "—"])
    rows.append(overall)
    return table(headers, rows, caption=f"{ctx.bme_label} staff by staff group and band")


def _in_range(band: str) -> bool:
    from wreslib.data.bands import published_range

    return published_range(band) is not None




def _band_detail(ctx: ReportContext) -> Html:
    r = ctx.current[1]
    if not r.by_band:
        return Html("")
    headers = ["Staff group", "Band as recorded", "White", ctx.bme_label, "Unknown", "Total", "White %",
               f"{ctx.bme_label} %", "Unknown %"]
    rows = []
    for c in r.by_band:
        shown, total, pcts = protected_counts(c, ctx.suppress_below)
        rows.append([c.staff_group or "", c.label, *shown, total, *pcts])
    return Html("<details><summary>Every band as recorded, " + esc(ctx.year) + "</summary>"
                + table(headers, rows) + "</details>")


def _board_table(ctx: ReportContext) -> Html:
    headers = ["", *[str(s.year) for s in ctx.sets]]
    rows: list[list[object]] = []
    for membership in ("voting", "executive"):
        measures = [getattr(s[9], membership) for s in ctx.sets]
        if all(m.status != OK and m.board is None for m in measures):
            rows.append([f"Board {membership} members", *[m.reason or m.status for m in measures]])
            continue
        cells = [protected_counts(m.board, ctx.suppress_below) if m.board is not None else None for m in measures]
        for i, name in enumerate(("White", ctx.bme_label, "Unknown")):
            rows.append([f"Board {membership}: {name}"] + [
                "—" if c is None else (c[0][i] if c[2][i] == "—" else f"{c[0][i]} ({c[2][i]})") for c in cells])
        rows.append([f"Board {membership}: total"] + ["—" if c is None else c[1] for c in cells])
        rows.append([f"Workforce {ctx.bme_label} %"] + [fmt.pct(m.workforce_bme_pct) if m.workforce_bme_pct
                                                        is not None else "—" for m in measures])
        rows.append([f"Difference, board {membership} minus workforce ({ctx.bme_label})"] + [
            fmt.pp_short(m.difference_pp) if m.difference_pp is not None else (m.reason or "—") for m in measures])
    return table(headers, rows, caption=_label(TITLES[9], ctx))


def _actions_block(ctx: ReportContext, number: int | None) -> Html:
    actions = ctx.actions(number)
    if not actions:
        return Html("")
    done = [a["text"] for a in actions if a["status"] == "completed"]
    doing = [f"{a['text']}" + (" (planned)" if a["status"] == "planned" else "") for a in actions
             if a["status"] != "completed"]
    width = max(len(done), len(doing))
    rows = [[done[i] if i < len(done) else "", doing[i] if i < len(doing) else ""] for i in range(width)]
    return Html("<h3>Actions</h3>" + table(["What we have completed", "What we are progressing this year"], rows,
                                            cls="data actions"))


# --- peer position (benchmark; wreslib.legacy.measures.benchmark.peer_position) -------------------------------

def _peer_position(ctx: ReportContext, number: int) -> Html:
    """"Compared with other <org_type>s" for indicator 2, 3 or 4; nothing when fewer than 3 peers have a value."""
    from wreslib.legacy.measures.benchmark import peer_position
    from wreslib.legacy.report.benchmark_present import peer_block

    position = peer_position(ctx.data, ctx.org_code, ctx.year, number)
    return Html("") if position is None else peer_block(position, bme_label=ctx.bme_label)
# --- end of peer position ------------------------------------------------------------------------------


@shared_section
def indicator_section(ctx: ReportContext, number: int) -> Html:
    """One indicator: its trend table, chart(s), significance, narrative and the organisation's actions."""
    from wreslib.legacy.report import assess, charts, narrative

    rating = assess.rate(ctx.current, number, bme_label=ctx.bme_label)
    head = (f"<p>{esc(_label(TITLES[number], ctx))}.</p>"
            f'<p>Rating for {ctx.year}: {rag_cell(rating.rag)} <span class="muted">{esc(rating.reason)}</span></p>')
    sets = list(ctx.sets)
    if number == 1:
        body = _band_table(ctx) + _band_detail(ctx)
        figs = [charts.workforce_composition_chart(ctx.current, bme_label=ctx.bme_label)]
    elif number in (2, 3, 4):
        body = _rl_table(ctx, number)
        figs = [charts.relative_likelihood_chart(sets, number, bme_label=ctx.bme_label)]
    elif number in (5, 6, 7, 8):
        body = _survey_table(ctx, number)
        figs = [charts.survey_chart(sets, number, bme_label=ctx.bme_label)]
    else:
        body = _board_table(ctx)
        figs = [charts.board_chart(ctx.current, bme_label=ctx.bme_label)]
    body += "".join(charts.to_html(f) for f in figs)
    if number in (2, 3, 4):
        body += _peer_position(ctx, number)  # benchmark: rank among the same org_type and funnel position
    told = narrative.indicator_sentences(sets, number, bme_label=ctx.bme_label)
    body += "<h3>What the data is telling us</h3>" + str(_ul(told))
    body += _actions_block(ctx, number)
    return _section(f"Indicator {number}: {_label(SHORT_TITLES[number], ctx)}", head + body,
                    anchor=f"indicator-{number}")


# --- closing sections ------------------------------------------------------------------------------

@shared_section
def action_plan(ctx: ReportContext) -> Html:
    """The organisation's whole action plan for the year, as written (escaped)."""
    actions = ctx.actions()
    if not actions:
        return _section("Action plan", "<p>No action plan was supplied with the data (<code>actions.csv</code>). "
                        "Add the organisation's actions there to include them in this report.</p>",
                        anchor="action-plan")
    order = {"completed": 0, "in progress": 1, "planned": 2}
    rows = [[_indicators_label(a["indicators"]), a["status"], a["text"]]
            for a in sorted(actions, key=lambda a: (order[a["status"]], a["indicators"][:1] or (0,)))]
    return _section("Action plan", table(["Indicator", "Status", "Action"], rows, cls="data actions"),
                    anchor="action-plan")


def _indicators_label(indicators: tuple[int, ...]) -> str:
    """"All indicators", "Indicator 2" or "Indicators 1, 2, 4 and 7"."""
    if not indicators:
        return "All indicators"
    if len(indicators) == 1:
        return f"Indicator {indicators[0]}"
    return "Indicators " + ", ".join(str(i) for i in indicators[:-1]) + f" and {indicators[-1]}"


@shared_section
def conclusion(ctx: ReportContext) -> Html:
    """Closing summary, generated from the ratings and trends."""
    from wreslib.legacy.report import narrative

    return _section("Conclusion", _paras(narrative.conclusion(list(ctx.sets), bme_label=ctx.bme_label)),
                    anchor="conclusion")


@shared_section
def appendix(ctx: ReportContext) -> Html:
    """Methods, the rating rule, suppression, every data-quality warning, and provenance."""
    from wreslib.legacy.report import assess

    methods = [
        "Relative likelihoods (indicators 2, 3 and 4) are ratios of two proportions. Their 95% confidence "
        "interval is computed by the log method (Katz et al., Biometrics 1978) and the p-value by Fisher's exact "
        "test, two-sided (scipy). A result is called statistically significant when the interval excludes 1 "
        "(or, when an interval cannot be computed because a group has no cases, when Fisher's p is below 0.05).",
        "The non-adverse range 0.80 to 1.25 is the four-fifths rule used by NHS England for the WRES.",
        "Survey indicators (5 to 8) compare the percentage of BME and White respondents by Fisher's exact test on "
        "the numbers answering yes (percentage × respondents). Each group's change from the previous survey "
        "and the difference from the benchmark are also shown; the benchmark difference is descriptive. "
        "Groups of fewer than 11 respondents are suppressed and not tested, as in the NHS Staff Survey.",
        "Indicator 9 compares the percentage of BME members of the board with the percentage of BME staff in "
        "the workforce; both percentages count members and staff of unknown ethnicity in the denominator.",
        "Differences between percentages are given in percentage points. Figures are rounded half up.",
        f"Small counts: in every table, a count from 1 to {ctx.suppress_below - 1} is shown as "
        f"'<{ctx.suppress_below}' and the rate computed from it is not shown. Relative likelihoods and survey "
        "percentages are published as WRES requires.",
    ]
    rule = assess.RAG_RULE_TEXT
    rule_rows = [[("Indicators " + str(k)) if not isinstance(k, int) else f"Indicator {k}", _label(v, ctx)]
                 for k, v in rule.items()]
    body = "<h3>Methods</h3>" + str(_ul(_label(m, ctx) for m in methods))
    body += "<h3>How ratings are given</h3>" + table(["Indicator", "Rule"], rule_rows)
    body += "<h3>Data-quality warnings</h3>"
    any_warning = False
    for s in reversed(ctx.sets):
        if s.warnings:
            any_warning = True
            # Warnings name counts; small ones are redacted like every other count in the report.
            body += f"<h4>{s.year}</h4>" + str(_ul(f"{w.file}: {redact_counts(w.message, ctx.suppress_below)}"
                                                    for w in s.warnings))
    if not any_warning:
        body += "<p>No data-quality warnings were raised.</p>"
    cur = ctx.current
    prov_rows = [["Data checksum (SHA-256 of the input tables)", Html(f"<code>{esc(cur.data_checksum)}</code>")],
                 ["wreslib version", cur.wreslib_version],
                 ["Tables read", ", ".join(ctx.data.files)],
                 ["Parameters", Html("<code>" + esc(json.dumps(
                     {k: v for k, v in ctx.parameters.items() if k != "data_dir"}, sort_keys=True)) + "</code>")]]
    body += "<h3>Provenance</h3>" + table(["Item", "Value"], prov_rows)
    body += ("<p>To reproduce this report, run <code>wres report --data DATA --org " + esc(cur.org_code)
             + " --year " + esc(ctx.year) + "</code> on data with the checksum above.</p>")
    return _section("Appendix: methods and data quality", body, anchor="appendix")
