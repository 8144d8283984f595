"""The report's tables: three years side by side, every count through disclosure control.

Each function returns a :class:`~wreslib.present.blocks.TableBlock` (a pandas ``Styler`` over display
strings). A count cell carries its key as a CSS class (``k-`` and a short hash of the key), so a test can
tell what every cell shows and try to work hidden counts back from the others.
"""

from __future__ import annotations

import hashlib

from markupsafe import Markup

from wreslib.measures import families, keys
from wreslib.measures.families import BME, WHITE
from wreslib.measures.results import OK
from wreslib.present import fmt, html
from wreslib.present.blocks import TableBlock
from wreslib.present.tables import table
from wreslib.products.report import summary
from wreslib.products.report.context import STATUS_ORDER, Action, ReportContext
from wreslib.products.report.figures import likelihood_keys, range_key
from wreslib.products.report.narrative import STAFF_GROUP_NAMES, band_words

UNKNOWN = "Unknown"
DASH = "—"


def key_id(key: keys.Key) -> str:
    """A short, stable name of a count's key, usable as a CSS class.

    Examples
    --------
    >>> a, b = key_id(("workforce", 2024, "all", "all", "BME")), key_id(("workforce", 2024, "all", "all", "White"))
    >>> len(a), a == key_id(("workforce", 2024, "all", "all", "BME")), a == b
    (10, True, False)
    """
    return hashlib.sha1(repr(key).encode()).hexdigest()[:10]


def _cell(ctx: ReportContext, key: keys.Key | None) -> tuple[str, str]:
    if key is None or key not in ctx.disc.values:
        return DASH, ""
    return ctx.disc.cell(key), key_id(key)


def _pct(ctx: ReportContext, numerator: keys.Key, denominator: keys.Key) -> str:
    return ctx.disc.pct(numerator, denominator) or DASH


def pct_id(numerator: keys.Key, denominator: keys.Key) -> str:
    """The class of a percentage cell: which count over which (so a test can check it gives nothing away)."""
    return f"q-{key_id(numerator)}-{key_id(denominator)}"


def ratio_id(*four: keys.Key) -> str:
    """The class of a relative likelihood cell: its four counts."""
    return "r-" + "-".join(key_id(k) for k in four)


def rag_badge(rag: str) -> Markup:
    return html.render("rag.html.j2", rag=rag, word=summary.RAG_WORDS[rag])


def summary_table(ctx: ReportContext) -> TableBlock:
    """The nine indicators: what is measured, the year's figure, the rating and the tested change."""
    first = ctx.sets[0].year
    rows = []
    for n in families.NUMBERS:
        rows.append([f"{n}. {ctx.words(families.indicator(n).short_title)}", summary.measure_text(ctx, n),
                     summary.figure_text(ctx, n), rag_badge(ctx.current.ratings[n]), summary.change_text(ctx, n)])
    columns = ["Indicator", "Measure", str(ctx.year), "Rating", f"Change since {first}" if len(ctx.sets) > 1
               else "Change"]
    return table(rows, columns, f"WRES indicators {ctx.year}: ratings and change", text_columns=(0, 1, 2, 3, 4),
                 css="data summary", markup_columns=(3,))


def workforce_table(ctx: ReportContext) -> TableBlock:
    """The workforce by ethnic group over the report's years: counts and shares."""
    columns = ["Ethnic group"] + sum(([f"{s.year} staff", f"{s.year} %"] for s in ctx.sets), [])
    rows, cell_keys = [], []
    for group, name in ((WHITE, "White"), (BME, ctx.words.label), (UNKNOWN, "Unknown (not stated or not known)"),
                        ("all", "All staff")):
        row, ks = [name], [""]
        for s in ctx.sets:
            key = keys.workforce(s.year, group)
            text, ident = _cell(ctx, key)
            share = _pct(ctx, key, keys.workforce(s.year)) if group != "all" else ""
            row += [text, share]
            ks += [ident, pct_id(key, keys.workforce(s.year)) if group != "all" else ""]
        rows.append(row)
        cell_keys.append(ks)
    return table(rows, columns, "Workforce by ethnic group at 31 March", keys=cell_keys)


def population_table(ctx: ReportContext) -> TableBlock | None:
    if not ctx.population:
        return None
    label = ctx.words.label
    year = ctx.year
    share = ctx.disc.pct(keys.workforce(year, BME), keys.workforce(year))
    whole = ctx.current.workforce.overall
    rows = []
    for area, pct, source in ctx.population:
        diff = DASH
        if share is not None and whole is not None and whole.bme_pct is not None:
            diff = fmt.pp_short(whole.bme_pct - pct)
        rows.append([area, fmt.pct(pct), diff, source])
    return table(rows, ["Area", f"{label} share of the population", f"Workforce ({share or DASH}) minus population",
                        "Source"], f"The workforce's {label} share against the local population, {year}",
                 text_columns=(0, 3))


def bands_table(ctx: ReportContext) -> TableBlock:
    """Indicator 1: the BME count and share of each published range, by staff group, over the years."""
    label = ctx.words.label
    order: list[tuple[str, str]] = []
    for s in ctx.sets:
        for c in s.workforce.by_published_range:
            item = (c.staff_group or "all", c.label)
            if item not in order:
                order.append(item)
    columns = ["Staff group", "Band"] + sum(([f"{s.year} {label}", f"{s.year} all", f"{s.year} {label} %"]
                                             for s in ctx.sets), [])
    rows, cell_keys = [], []
    for staff_group, band in order:
        row, ks = [STAFF_GROUP_NAMES.get(staff_group, staff_group), band_words(band)], ["", ""]
        for s in ctx.sets:
            bme, total = range_key(s.year, BME, staff_group, band), range_key(s.year, "all", staff_group, band)
            b_text, b_id = _cell(ctx, bme)
            t_text, t_id = _cell(ctx, total)
            row += [b_text, t_text, _pct(ctx, bme, total) if b_text != DASH else DASH]
            ks += [b_id, t_id, pct_id(bme, total)]
        rows.append(row)
        cell_keys.append(ks)
    return table(rows, columns, f"{label} staff in each band range, by staff group", text_columns=(0, 1),
                 keys=cell_keys)


def staff_groups_table(ctx: ReportContext) -> TableBlock | None:
    """Indicator 1: each staff group's senior-band likelihood over the years, with its interval and rating."""
    groups = []
    for s in ctx.sets:
        for g in s.workforce.groups:
            if g.staff_group not in groups:
                groups.append(g.staff_group)
    if not groups:
        return None
    columns = ["Staff group", "Compared"] + [f"{s.year}" for s in ctx.sets] + [f"Rating {ctx.year}"]
    rows = []
    for staff_group in groups:
        row: list[object] = [STAFF_GROUP_NAMES.get(staff_group, staff_group), ""]
        for s in ctx.sets:
            g = next((x for x in s.workforce.groups if x.staff_group == staff_group), None)
            if g is None:
                row.append(DASH)
                continue
            row[1] = f"{band_words(g.senior)} vs {band_words(g.lower)}"
            row.append(_ratio_cell(g.likelihood))
        current = next((x for x in ctx.current.workforce.groups if x.staff_group == staff_group), None)
        row.append(rag_badge(current.rating.rag) if current else DASH)
        rows.append(row)
    return table(rows, columns, "White relative to " + ctx.words.label + ": likelihood of being in the senior "
                 "range, with 95% confidence interval", text_columns=(0, 1, len(columns) - 1),
                 markup_columns=(len(columns) - 1,))


def _ratio_cell(m: object) -> str:
    if getattr(m, "status", None) != OK:
        return "not calculable"
    if getattr(m, "unbounded", False):
        return f"no upper limit (at least {fmt.bound(m.ci_low, 1.0, below=False)})"  # type: ignore[attr-defined]
    return f"{fmt.ratio(m.value)} ({fmt.interval(m.ci_low, m.ci_high, 1.0)})"  # type: ignore[attr-defined]


def p_cell(p: float | None) -> str:
    """A p-value in a table cell: "0.008", "< 0.001"."""
    if p is None:
        return DASH
    text = fmt.p_value(p)
    return text[4:] if text.startswith("p = ") else text[2:]


def likelihood_table(ctx: ReportContext, number: int) -> TableBlock:
    """Indicators 2-4, a year a row: each group's counts and rate, the ratio with its interval, the tests."""
    ind = families.indicator(number)
    first, second = ctx.words.group(ind.numerator_group or WHITE), ctx.words.group(ind.denominator_group or BME)
    _table_name, cases_name, denominator = likelihood_keys_columns(number)
    columns = ["Year"]
    for group in (WHITE, BME):
        name = ctx.words.group(group)
        columns += [f"{name} {denominator}", f"{name} {cases_name}", f"{name} %"]
    columns += [f"Unknown {denominator}", f"Unknown {cases_name}",
                f"{first} relative to {second} (95% CI)", "p", "Adjusted p"]
    rows, cell_keys = [], []
    for s in ctx.sets:
        r = s.likelihood(number)
        row, ks = [str(s.year)], [""]
        named = likelihood_keys(number, s.year)
        for group in (WHITE, BME, UNKNOWN):
            if r.status == "no_data":
                row += [DASH, DASH] + ([DASH] if group != UNKNOWN else [])
                ks += ["", ""] + ([""] if group != UNKNOWN else [])
                continue
            t_text, t_id = _cell(ctx, named[group][1])
            c_text, c_id = _cell(ctx, named[group][0])
            row += [t_text, c_text]
            ks += [t_id, c_id]
            if group != UNKNOWN:
                row.append(_pct(ctx, named[group][0], named[group][1]))
                ks.append(pct_id(named[group][0], named[group][1]))
        m = r.likelihood
        row += [_ratio_cell(m) if m is not None else "no data", p_cell(m.p_value if m else None),
                p_cell(m.p_adjusted if m else None)]
        four = ()
        if m is not None:
            four = (named[m.a_label][0], named[m.a_label][1], named[m.b_label][0], named[m.b_label][1])
        ks += [ratio_id(*four) if four else "", "", ""]
        rows.append(row)
        cell_keys.append(ks)
    return table(rows, columns, ctx.words(ind.title), text_columns=(0,), keys=cell_keys)


def likelihood_keys_columns(number: int) -> tuple[str, str, str]:
    """Short column words for an indicator's denominator and cases ("shortlisted", "appointed")."""
    return {2: ("recruitment", "appointed", "shortlisted"), 3: ("disciplinary", "entered", "staff"),
            4: ("training", "accessed", "staff")}[number]


def survey_table(ctx: ReportContext, number: int) -> TableBlock:
    """Indicators 5-8, a survey year a row: each group's percentage and respondents, the gap and its tests."""
    ind = families.indicator(number)
    label = ctx.words.label
    columns = ["Survey", f"{label} %", f"{label} respondents", "White %", "White respondents",
               f"{label} minus White, points (95% CI)", "Adjusted p"]
    rows = []
    results = [s.survey(number) for s in ctx.sets]
    for r in results:
        g = r.gap
        cells = [str(r.survey_year)]
        for share in (r.bme, r.white):
            cells += [fmt.pct(share.pct) if share is not None and share.pct is not None else DASH,
                      fmt.count(share.respondents) if share is not None and share.respondents is not None else DASH]
        if g is not None and g.difference_pp is not None:
            interval = f" ({fmt.interval(g.ci_low_pp, g.ci_high_pp, 0.0, dp=1)})" if g.tested else " (not tested)"
            cells += [fmt.pp_short(g.difference_pp) + interval, p_cell(g.p_adjusted)]
        else:
            cells += [DASH, DASH]
        rows.append(cells)
    latest = results[-1]
    if latest.benchmark:
        gap = (latest.benchmark_bme_pct - latest.benchmark_white_pct
               if latest.benchmark_bme_pct is not None and latest.benchmark_white_pct is not None else None)
        rows.append([f"{latest.benchmark} {latest.survey_year}", fmt.pct(latest.benchmark_bme_pct), "",
                     fmt.pct(latest.benchmark_white_pct), "", fmt.pp_short(gap) if gap is not None else DASH, ""])
    better = "higher is better" if ind.higher_is_better else "lower is better"
    return table(rows, columns, f"{ctx.words(ind.title)} ({better})", text_columns=(0,))


def board_table(ctx: ReportContext) -> TableBlock:
    """Indicator 9, a year a row: board members by group (public office), shares and the chance test."""
    label = ctx.words.label
    columns = ["Year", f"Voting: {label} of all", f"Voting {label} %", f"Workforce {label} %",
               "Voting minus workforce", "Chance of so few (adjusted p)", f"Executive: {label} of all",
               "Executive minus workforce"]
    rows = []
    for s in ctx.sets:
        v, e = s.board.voting, s.board.executive
        rows.append([
            str(s.year), f"{v.board.bme} of {v.board.total}" if v.board is not None else DASH,
            fmt.pct(v.board_bme_pct) if v.board is not None else DASH,
            _pct(ctx, keys.workforce(s.year, BME), keys.workforce(s.year)),
            fmt.pp_short(v.difference_pp) if v.difference_pp is not None else DASH, p_cell(v.p_adjusted),
            f"{e.board.bme} of {e.board.total}" if e.board is not None else "not recorded",
            fmt.pp_short(e.difference_pp) if e.difference_pp is not None else DASH,
        ])
    return table(rows, columns, ctx.words(families.indicator(9).title), text_columns=(0,))


def actions_table(ctx: ReportContext, actions: list[Action], caption: str, *,
                  shared: tuple[str, ...] = ()) -> TableBlock:
    """Action plan lines as the organisation wrote them, with the optional details it gave (a detail the
    whole group shares, ``shared``, is said once under the table instead)."""
    extra = [(name, attr) for name, attr in (("Outcome", "outcome"), ("Review", "review"), ("Owner", "owner"),
                                             ("Due", "due"))
             if attr not in shared and any(getattr(a, attr) for a in actions)]
    columns = ["ID", "Action", "Indicators", "Status"] + [name for name, _ in extra]
    rows = []
    for a in actions:
        rows.append([a.action_id, a.text, ", ".join(str(n) for n in a.indicators) or "all", a.status]
                    + [getattr(a, attr) for _, attr in extra])
    return table(rows, columns, caption, text_columns=tuple(range(len(columns))), css="data actions")


def grouped_actions(ctx: ReportContext) -> list[tuple[str, list[Action]]]:
    """The action plan grouped by theme (as written) and, within it, by status."""
    themes: list[str] = []
    for a in ctx.actions:
        if a.theme not in themes:
            themes.append(a.theme)
    out = []
    for theme in themes:
        members = [a for a in ctx.actions if a.theme == theme]
        members.sort(key=lambda a: STATUS_ORDER.index(a.status) if a.status in STATUS_ORDER else 9)
        out.append((theme, members))
    return out


def tests_table(ctx: ReportContext) -> TableBlock:
    """Every test of the report's year and of its changes: p-value and Holm-adjusted p-value."""
    names = {"gap": "gap between BME and White", "bme_change": "BME change since the last survey",
             "white_change": "White change since the last survey", "voting": "board voting membership"}
    rows = []
    for t in ctx.current.tests:
        what = t.key.split(":", 1)[1] if ":" in t.key else "relative likelihood"
        rows.append([f"{ctx.year}", f"{t.number}", ctx.words(names.get(what, what)),
                     p_cell(t.p_value), p_cell(t.p_adjusted), t.method])
    for t in ctx.current.trend_tests:
        rows.append([f"change since {ctx.sets[0].year}", f"{t.number}", "change of the headline figure",
                     p_cell(t.p_value), p_cell(t.p_adjusted), t.method])
    return table(rows, ["Family", "Indicator", "Test of", "p-value", "Adjusted p-value", "Method"],
                 "Every test behind the report, with Holm's adjustment within its family", text_columns=(0, 2, 5))
