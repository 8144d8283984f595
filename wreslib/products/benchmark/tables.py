"""The benchmark page's tables: the summary, each indicator's groups, every organisation ranked, the ratings
matrix and the published figures.

Each function returns a :class:`~wreslib.present.blocks.TableBlock` (an escaped, captioned pandas
``Styler`` over display strings, :func:`wreslib.present.tables.table`). Links to reports and rating badges
are markup made by templates; every other cell is text, escaped when rendered. No table shows an
organisation's counts of people: only its published-style figures and the pooled figures of many.
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from wreslib.benchmark.funnel import OUTSIDE_95
from wreslib.measures import families
from wreslib.measures.rating import GREY
from wreslib.measures.results import ALPHA
from wreslib.present import fmt, html
from wreslib.present.blocks import TableBlock
from wreslib.present.tables import table
from wreslib.products.benchmark.context import BenchmarkContext, Line
from wreslib.products.benchmark.narrative import (
    FLAG_WORDS,
    change_text,
    line_title,
    marked_change,
    measure_words,
    org_link,
    plain_value,
    pooled_text,
    published_value,
    short_title,
    staff_group_name,
    value_text,
    verdict_text,
)
from wreslib.products.report.summary import RAG_WORDS
from wreslib.products.report.tables import rag_badge

DASH = "—"
RAG_LETTERS = {"red": "R", "amber": "A", "green": "G", GREY: "–"}


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(float(value))


def line_link(ctx: BenchmarkContext, line: Line) -> Markup:
    """A line's name linked to its screen on the page."""
    return html.render("link.html.j2", href=f"#{line.anchor}", text=short_title(ctx, line))


def measures_note(ctx: BenchmarkContext) -> str:
    """What the summary's figures measure, once for all rows (who is compared to whom)."""
    label = ctx.words.label
    return (f"relative likelihoods of White compared to {label} staff (indicator 3: {label} compared to White); "
            f"gaps of {label} minus White respondents; boards' {label} share minus the workforce's")


def _main(ctx: BenchmarkContext) -> tuple[str, str]:
    return ("region", ctx.region) if ctx.region is not None else ("all", "all")


def _significant(ctx: BenchmarkContext, line: Line) -> str:
    focus = set(ctx.focus)
    rows = [r for r in ctx.league(line) if r["org_code"] in focus]
    adverse = sum(1 for r in rows if r.get("p_adjusted") is not None and r["p_adjusted"] < ALPHA
                  and r.get("direction") == "adverse")
    return f"{adverse}"


def _outside(ctx: BenchmarkContext, line: Line) -> str:
    f = ctx.funnel(line)
    if f is None:
        return DASH
    v = f.parity
    if ctx.region is not None:
        mine = f.points[f.points["org_code"].isin(ctx.focus)]
        outside = int(mine["flag"].isin(OUTSIDE_95).sum())
        return f"{outside}"
    chance = f" ({fmt.ratio(v.expected_outside_95, 1)})" if v.expected_outside_95 is not None else ""
    return f"{v.outside_95}{chance}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _moved(ctx: BenchmarkContext, line: Line) -> str:
    """How many of the page's organisations worsened and improved since the year before, by their own tests."""
    if ctx.previous is None or line.indicator == 9:
        return DASH
    verdicts = [m.get("verdict") for code in ctx.focus if (m := ctx.movement(code, line)) is not None]
    return f"{verdicts.count('worsened')}/{verdicts.count('improved')}"


def summary_table(ctx: BenchmarkContext) -> TableBlock:
    """One row per line: the main set's figure this year and last, the change, and the two counts of
    organisations (national page); the region against the rest (a region's page)."""
    scope, group = _main(ctx)
    prev = ctx.previous
    rows = []
    if ctx.region is None:
        for line in ctx.lines:
            now = ctx.pooled_row(scope, group, ctx.year, line)
            before = ctx.pooled_row(scope, group, prev, line)
            change = ctx.change_row(scope, group, line)
            rows.append([line_link(ctx, line), pooled_text(ctx, now, line), plain_value(line, before),
                         marked_change(line, change), _significant(ctx, line), _outside(ctx, line),
                         _moved(ctx, line)])
        columns = ["Indicator", f"{ctx.year} (95% CI)", str(prev) if prev else "Year before",
                   "Change (95% CI)", f"{_capital(ctx.noun)} adverse by own adjusted test (of {len(ctx.focus)})",
                   "Outside 95% parity limits (chance alone)", f"{_capital(ctx.noun)} worsened/improved"]
        caption = f"Summary {ctx.year}, {ctx.name}: {measures_note(ctx)}"
        return table(rows, columns, caption, text_columns=(0,), css="data summary", markup_columns=(0,))
    rest = ctx.rest
    for line in ctx.lines:
        now = ctx.pooled_row(scope, group, ctx.year, line)
        other = ctx.pooled_row(*rest, ctx.year, line) if rest else None
        against = ctx.comparison_row(line)
        change = ctx.change_row(scope, group, line)
        p = against.get("p_adjusted") if against else None
        rows.append([line_link(ctx, line), pooled_text(ctx, now, line), pooled_text(ctx, other, line),
                     change_text(line, against), fmt.p_value(p) if p is not None else "not tested",
                     marked_change(line, change), _significant(ctx, line), _outside(ctx, line)])
    columns = ["Indicator", f"{ctx.region} {ctx.year} (95% CI)", f"Rest {ctx.year} (95% CI)",
               f"{ctx.region} against the rest (95% CI)", "Adjusted p", f"{ctx.region}: change (95% CI)",
               f"{ctx.region}: adverse by own adjusted test (of {len(ctx.focus)})",
               f"{ctx.region}: outside 95% parity limits (of {len(ctx.focus)})"]
    caption = (f"Summary {ctx.year}, {ctx.focus_name} against {ctx.group_name(*rest) if rest else 'the rest'}: "
               f"{measures_note(ctx)}")
    return table(rows, columns, caption, text_columns=(0,), css="data summary", markup_columns=(0,))


def _caption_measure(ctx: BenchmarkContext, line: Line) -> str:
    """What a groups table's figures are, with their unit."""
    if line.ratio:
        return measure_words(ctx, line)
    label = ctx.words.label
    if line.indicator == 9:
        return f"{label} % of voting members minus {label} % of the workforce, in percentage points"
    better = "higher" if families.indicator(line.indicator).higher_is_better else "lower"
    return f"{label} minus White respondents, in percentage points ({better} is better)"


def groups_table(ctx: BenchmarkContext, lines: list[Line]) -> TableBlock:
    """The pooled figure of one indicator's lines (indicator 1: each staff group side by side) for every group
    the page shows, this year and last, with the tested change and its interval."""
    prev = ctx.previous
    before_year = str(prev) if prev else "Year before"
    rows = []
    for scope, group, label in ctx.groups():
        cells: list[object] = [label]
        for line in lines:
            now = ctx.pooled_row(scope, group, ctx.year, line)
            before = ctx.pooled_row(scope, group, prev, line)
            change = ctx.change_row(scope, group, line)
            cells.append(plain_value(line, now, unit=False))
            if line.indicator == 9:
                seats = ctx.pooled_row(scope, group, ctx.year, line, "seats_short")
                cells.append(fmt.ratio(seats["value"], 1) if seats and _finite(seats.get("value")) else DASH)
            cells += [plain_value(line, before, unit=False), marked_change(line, change, unit=False)]
        rows.append(cells)
    by = "region" if ctx.bench.group_by == "region" else "type"
    columns = ["Organisations"]
    for line in lines:
        head = f"{staff_group_name(line.staff_group).capitalize()} " if len(lines) > 1 else ""
        columns += [f"{head}{ctx.year}", *(["Seats short"] if line.indicator == 9 else []), f"{head}{before_year}",
                    f"{head}change (not tested)" if line.indicator == 9 else f"{head}change (95% CI)"]
    columns = [c[:1].upper() + c[1:] for c in columns]
    caption = f"Indicator {lines[0].indicator}: {_caption_measure(ctx, lines[0])}, pooled, by {by}"
    return table(rows, columns, caption, text_columns=(0,))


def _rank(row: dict[str, Any]) -> str:
    return f"{int(row['rank'])}" if row.get("rank") is not None else DASH


def _org_cells(ctx: BenchmarkContext, row: dict[str, Any]) -> list[object]:
    return [org_link(ctx, row["org_code"], str(row["org_name"])), str(row.get("region") or "")]


def ranking_table(ctx: BenchmarkContext, line: Line) -> TableBlock:
    """Every organisation (a region's own, on its page) ranked on one line, with its interval, funnel flag,
    rating and tested change since the year before."""
    focus = set(ctx.focus)
    league = [r for r in ctx.league(line) if r["org_code"] in focus]
    total = len(ctx.league(line))
    prev = ctx.previous
    rows = []
    points = {}
    f = ctx.funnel(line)
    if f is not None:
        points = dict(zip(f.points["org_code"], f.points["flag"], strict=True))
    for r in league:
        moved = ctx.movement(r["org_code"], line)
        if r.get("status") != "ok":
            figure = f"not available: {ctx.words(str(r.get('reason') or 'no figures'))}"
        elif line.ratio:
            value = r.get("value")
            unbounded = value is not None and math.isinf(float(value))
            figure = value_text(line, None if unbounded else value, unbounded=unbounded, low=r.get("ci_low"),
                                high=r.get("ci_high"))
        elif line.indicator == 9:
            low, high = fmt.ratio(r.get("ci_low"), 1), fmt.ratio(r.get("ci_high"), 1)
            figure = f"{fmt.ratio(r['value'], 1)} ({low} to {high})" if _finite(r.get("value")) else DASH
        else:
            figure = value_text(line, r.get("value"), low=r.get("ci_low"), high=r.get("ci_high"))
        cells: list[object] = [_rank(r), *_org_cells(ctx, r)]
        if line.family == families.SURVEY:
            cells += [fmt.pct(r.get("bme_pct")), fmt.pct(r.get("white_pct"))]
        if line.indicator == 9:
            cells += [fmt.pct(r.get("board_bme_pct")), fmt.pct(r.get("workforce_bme_pct"))]
        cells.append(figure)
        if line.ratio:
            cells.append(FLAG_WORDS.get(str(points.get(r["org_code"])), DASH))
        cells.append(rag_badge(str(r.get("rag") or GREY)))
        if line.indicator != 9 and prev is not None:
            cells += [change_text(line, moved), verdict_text(moved)]
        rows.append(cells)
    label = ctx.words.label
    head = ["Rank", "Organisation", "Region"]
    if line.family == families.SURVEY:
        head += [f"{label} %", "White %", "Gap, pp (95% CI)"]
    elif line.indicator == 9:
        head += [f"Board {label} %", f"Workforce {label} %", "Seats short (90% interval)"]
    else:
        head += [f"{ctx.year} (95% CI)"]
    if line.ratio:
        head.append("Parity funnel")
    head.append("Rating")
    if line.indicator != 9 and prev is not None:
        head += [f"Change since {prev} (95% CI)", "Change tested"]
    rank_order = ctx.standing(line).rank_order if ctx.standing(line) is not None else ""
    where = f"the {len(league)} in {ctx.region} (rank among all {total})" if ctx.region is not None else \
        f"all {total}"
    caption = f"{line_title(ctx, line)}: {measure_words(ctx, line)}, {where}; rank {rank_order}"
    markup = (1, head.index("Rating"))
    text_columns = (1, 2) + ((head.index("Parity funnel"),) if line.ratio else ()) + (
        (len(head) - 1,) if line.indicator != 9 and prev is not None else ())
    return table(rows, head, ctx.words(caption), text_columns=text_columns, markup_columns=markup)


def ratings_table(ctx: BenchmarkContext) -> TableBlock:
    """Each organisation's rating on each indicator, as its report gives it (the summary matrix of the workbook)."""
    focus = set(ctx.focus)
    ratings = ctx.bench.ratings
    rows = []
    for r in ratings[ratings["org_code"].isin(focus)].to_dict("records"):
        cells: list[object] = [org_link(ctx, r["org_code"], str(r["org_name"])), str(r.get("region") or "")]
        for n in families.NUMBERS:
            rag = str(r.get(str(n)) or GREY)
            cells.append(html.render("rag-letter.html.j2", rag=rag, letter=RAG_LETTERS.get(rag, "–"),
                                     word=RAG_WORDS.get(rag, "Not rated")))
        rows.append(cells)
    columns = ["Organisation", "Region", *(str(n) for n in families.NUMBERS)]
    caption = (f"Each organisation's rating per indicator in {ctx.year}, as its report gives it "
               "(R red, A amber, G green, – not rated)")
    return table(rows, columns, caption, text_columns=(0, 1), markup_columns=(0, *range(2, 11)), css="data ratings")


def published_table(ctx: BenchmarkContext) -> TableBlock | None:
    """Every published reference figure beside the pooled figure of the same year and measure."""
    p = ctx.bench.published
    if p.empty:
        return None
    rows = []
    for r in p.astype(object).where(p.notna(), None).to_dict("records"):
        ours = published_value(r["measure"], r.get("pooled")) if r.get("matched") else DASH
        if r.get("matched") and _finite(r.get("ci_low")) and _finite(r.get("ci_high")):
            gap = str(r["measure"]).endswith("_pp")
            ours += f" ({fmt.interval(r['ci_low'], r['ci_high'], 0.0 if gap else 1.0, dp=1 if gap else 2)})"
        rows.append([str(r["benchmark"]), str(r["year"]), str(r["indicator"]), str(r["measure"]),
                     published_value(r["measure"], r.get("published")), ours,
                     str(r.get("source") or "") if r.get("matched") else ctx.words(str(r.get("reason") or ""))])
    columns = ["Published by", "Year", "Indicator", "Measure", "Published", f"{ctx.name[:1].upper()}{ctx.name[1:]}",
               "Source, or why nothing is set beside it"]
    return table(rows, columns, "Published reference figures beside the pooled figures of this page (not tested: a "
                 "published figure comes without its counts)", text_columns=(0, 3, 6))


__all__ = ["groups_table", "line_link", "published_table", "ranking_table", "ratings_table", "summary_table"]
