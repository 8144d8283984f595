"""The report's charts, drawn with the kit's toolkit from the computed results (nothing computed here).

- :func:`comparisons_chart`: every comparison of the year on one page: the relative likelihoods with
  their 95% intervals on a log axis (the non-adverse range shaded) and the survey gaps with theirs.
- :func:`likelihood_chart`: one relative likelihood over the report's years.
- :func:`survey_chart`: the BME and White percentages of one survey indicator over the survey years.
- :func:`board_chart`: the board's BME share against the workforce's over the years.
- :func:`composition_chart`: the BME share of each band range by staff group.

A chart with nothing to show is not drawn (the function returns None and the section says why in words).
Every label and alt text passes the page's disclosure control and display label.
"""

from __future__ import annotations

import math

import numpy as np

from wreslib.measures import families, keys
from wreslib.measures.families import BME, WHITE
from wreslib.measures.results import NON_ADVERSE_HIGH, NON_ADVERSE_LOW, OK
from wreslib.present import charts as kit
from wreslib.present import fmt
from wreslib.present.words import join
from wreslib.products.report.context import ReportContext
from wreslib.products.report.figures import range_key
from wreslib.products.report.narrative import STAFF_GROUP_NAMES, band_words

LOW, HIGH = float(NON_ADVERSE_LOW), float(NON_ADVERSE_HIGH)


def _finite(v: float | None) -> bool:
    return v is not None and math.isfinite(v)


def comparisons_chart(ctx: ReportContext) -> kit.Chart | None:
    """All the year's comparisons with their intervals, coloured and shaped by rating."""
    s = ctx.current
    label = ctx.words.label
    ratios = []
    for g in s.workforce.groups:
        if g.likelihood.status == OK:
            ratios.append((f"1 {STAFF_GROUP_NAMES.get(g.staff_group, g.staff_group)}", g.likelihood, g.rating.rag))
    for r in s.likelihoods:
        if r.likelihood is not None and r.status == OK:
            ratios.append((f"{r.number} {families.indicator(r.number).short_title.split(' ')[0].lower()}",
                           r.likelihood, r.rating.rag))
    gaps = [(f"{r.number}", r.gap, r.rating.rag) for r in s.surveys if r.gap is not None and r.gap.tested]
    if not ratios and not gaps:
        return None
    rows = max(len(ratios), len(gaps), 1)
    fig, (left, right) = kit.figure(8.0, 0.42 * rows + 1.1, left=0.2, right=0.97, bottom=0.28, top=0.95, ncols=2)
    values = [v for _, m, _ in ratios for v in (m.value, m.ci_low, m.ci_high) if _finite(v) and v > 0]
    low, high = kit.ratio_axis(left, values)
    kit.non_adverse_band(left, LOW, HIGH)
    alt = []
    for i, (name, m, rag) in enumerate(reversed(ratios)):
        value = m.value if _finite(m.value) and (m.value or 0) > 0 else (m.ci_low if m.unbounded else low)
        lo = max(m.ci_low or low, low)
        hi = min(m.ci_high if _finite(m.ci_high) else high, high)
        left.plot([lo, hi], [i, i], color=kit.INK, linewidth=1.2, zorder=2)
        left.plot([value], [i], marker=kit.RAG_MARKERS[rag], color=kit.RAG_COLOURS[rag], markeredgecolor=kit.INK,
                  markersize=7, linestyle="none", zorder=3)
        shown = "no upper limit" if m.unbounded else fmt.ratio(m.value)
        alt.append(f"indicator {name}: {shown} ({fmt.interval(m.ci_low, m.ci_high, 1.0)}), {rag}")
    left.set_yticks(range(len(ratios)), [n for n, _, _ in reversed(ratios)])
    left.set_ylim(-0.7, rows - 0.3)
    left.set_xlabel("Relative likelihood (log scale; shaded: 0.80 to 1.25)", fontsize=kit.FONT)
    if gaps:
        spread = [v for _, g, _ in gaps for v in (g.ci_low_pp, g.ci_high_pp) if _finite(v)]
        reach = max([10.0, *[abs(v) for v in spread]]) * 1.1
        right.axvline(0, color=kit.INK, linewidth=0.9)
        for i, (name, g, rag) in enumerate(reversed(gaps)):
            right.plot([g.ci_low_pp, g.ci_high_pp], [i, i], color=kit.INK, linewidth=1.2, zorder=2)
            right.plot([g.difference_pp], [i], marker=kit.RAG_MARKERS[rag], color=kit.RAG_COLOURS[rag],
                       markeredgecolor=kit.INK, markersize=7, linestyle="none", zorder=3)
            alt.append(f"indicator {name}: {label} minus White {fmt.pp(g.difference_pp)} "
                       f"({fmt.interval(g.ci_low_pp, g.ci_high_pp, 0.0, dp=1)}), {rag}")
        right.set_xlim(-reach, reach)
        right.set_yticks(range(len(gaps)), [f"indicator {n}" for n, _, _ in reversed(gaps)])
        right.set_ylim(-0.7, rows - 0.3)
        right.set_xlabel(f"{label} minus White, percentage points", fontsize=kit.FONT)
    else:
        kit.empty(right, "No survey comparison could be tested")
    return kit.Chart(fig, f"Every comparison of {ctx.year} with its 95% confidence interval",
                     f"Chart of the {ctx.year} comparisons. " + "; ".join(alt) + ".",
                     f"Marker shape and colour show the rating (square red, diamond amber, circle green). Relative "
                     f"likelihoods compare White with {label} staff (indicator 3: {label} with White); survey gaps "
                     "are for indicators 5 to 8.")


def likelihood_chart(ctx: ReportContext, number: int) -> kit.Chart | None:
    """One relative likelihood over the report's years (only when two or more years have a value)."""
    points = []
    for s in ctx.sets:
        m = s.likelihood(number).likelihood
        if m is not None and m.status == OK:
            points.append((s.year, m))
    if len(points) < 2:
        return None
    ind = families.indicator(number)
    first, second = ctx.words.group(ind.numerator_group or WHITE), ctx.words.group(ind.denominator_group or BME)
    fig, ax = kit.figure(6.0, 2.6, left=0.12, bottom=0.2)
    values = [v for _, m in points for v in (m.value, m.ci_low, m.ci_high) if _finite(v) and v > 0]
    low, high = kit.ratio_axis(ax, values, axis="y")
    kit.non_adverse_band(ax, LOW, HIGH, axis="y")
    years = [y for y, _ in points]
    shown = [m.value if _finite(m.value) and (m.value or 0) > 0 else (m.ci_low if m.unbounded else low)
             for _, m in points]
    for (year, m), _y in zip(points, shown, strict=True):
        ax.plot([year, year], [max(m.ci_low or low, low), min(m.ci_high if _finite(m.ci_high) else high, high)],
                color=kit.INK, linewidth=1.2)
    ax.plot(years, shown, marker="o", color=kit.WHITE_COLOUR, markeredgecolor=kit.INK, linewidth=1.5)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.grid(axis="y", color=kit.GRID, linewidth=0.6)
    alt = "; ".join(f"{y}: {'no upper limit' if m.unbounded else fmt.ratio(m.value)} "
                    f"({fmt.interval(m.ci_low, m.ci_high, 1.0)})" for y, m in points)
    return kit.Chart(fig, f"Indicator {number} over the years: {first} relative to {second}",
                     f"Relative likelihood of {first} compared to {second} {ind.phrases.noun if ind.phrases else ''} "
                     f"{ind.phrases.to_outcome if ind.phrases else ''}, by year, with 95% intervals: {alt}.",
                     "Log scale; shaded: the range 0.80 to 1.25.")


def survey_chart(ctx: ReportContext, number: int) -> kit.Chart | None:
    """BME and White percentages of one survey indicator over the survey years, with the benchmark."""
    results = [s.survey(number) for s in ctx.sets]
    rows = [(r.survey_year, r.bme.pct if r.bme else None, r.white.pct if r.white else None) for r in results]
    rows = [(y, b, w) for y, b, w in rows if b is not None and w is not None]
    if len(rows) < 2:
        return None
    label = ctx.words.label
    fig, ax = kit.figure(6.0, 2.6, left=0.1, bottom=0.2, right=0.8)
    kit.style_axes(ax, grid="y")
    years = [y for y, _, _ in rows]
    ax.plot(years, [b for _, b, _ in rows], marker="s", color=kit.BME_COLOUR, markeredgecolor=kit.INK,
            linewidth=1.8, label=label)
    ax.plot(years, [w for _, _, w in rows], marker="o", color=kit.WHITE_COLOUR, markeredgecolor=kit.INK,
            linewidth=1.8, linestyle="--", label="White")
    latest = results[-1]
    if latest.benchmark_bme_pct is not None:
        ax.plot([years[-1] + 0.25], [latest.benchmark_bme_pct], marker="^", color=kit.BENCHMARK_COLOUR,
                markeredgecolor=kit.INK, linestyle="none", label=f"{latest.benchmark} ({label})")
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.6)
    top = max([b for _, b, _ in rows] + [w for _, _, w in rows] + [latest.benchmark_bme_pct or 0])
    ax.set_ylim(0, min(100.0, top * 1.25 + 2))
    ax.set_ylabel("% of respondents", fontsize=kit.FONT)
    ax.legend(fontsize=kit.FONT - 1, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    alt = "; ".join(f"{y}: {label} {fmt.pct(b)}, White {fmt.pct(w)}" for y, b, w in rows)
    question = families.indicator(number).question
    return kit.Chart(fig, f"Indicator {number} over the survey years",
                     f"Percentage of {label} and White respondents who {question}, by survey year: {alt}.",
                     "Survey results as published; triangle: benchmark.")


def board_chart(ctx: ReportContext) -> kit.Chart | None:
    """The board's BME share of voting members against the workforce's, over the years."""
    label = ctx.words.label
    rows = []
    for s in ctx.sets:
        v = s.board.voting
        whole = ctx.disc.pct(keys.workforce(s.year, BME), keys.workforce(s.year))
        if v.status == OK and v.board_bme_pct is not None and whole is not None:
            rows.append((s.year, v.board_bme_pct, v.workforce_bme_pct))
    if not rows:
        return None
    fig, ax = kit.figure(6.0, 2.4, left=0.1, bottom=0.2, right=0.78)
    kit.style_axes(ax, grid="y")
    x = np.arange(len(rows))
    ax.bar(x - 0.18, [b for _, b, _ in rows], width=0.34, color=kit.BME_COLOUR, edgecolor=kit.INK,
           label=f"Board (voting), {label} %")
    ax.bar(x + 0.18, [w for _, _, w in rows], width=0.34, color=kit.WHITE_COLOUR, edgecolor=kit.INK, hatch="//",
           label=f"Workforce, {label} %")
    ax.set_xticks(x, [str(y) for y, _, _ in rows])
    ax.set_ylabel("%", fontsize=kit.FONT)
    ax.legend(fontsize=kit.FONT - 1, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    alt = "; ".join(f"{y}: board {fmt.pct(b)}, workforce {fmt.pct(w)}" for y, b, w in rows)
    return kit.Chart(fig, f"Board voting membership against the workforce, {label} %",
                     f"{label} share of board voting members and of the workforce by year: {alt}.",
                     "Board membership is public office, so board figures are shown whatever their size.")


def composition_chart(ctx: ReportContext) -> kit.Chart | None:
    """The BME share of each band range, by staff group, in the report's year (shares whose counts are shown)."""
    s = ctx.current
    label = ctx.words.label
    bars = []
    for c in s.workforce.by_published_range:
        staff_group = c.staff_group or "all"
        pct = ctx.disc.pct(range_key(s.year, BME, staff_group, c.label), range_key(s.year, "all", staff_group,
                                                                                   c.label))
        if pct is not None and c.bme_pct is not None:
            bars.append((f"{STAFF_GROUP_NAMES.get(staff_group, staff_group)}, {band_words(c.label)}", c.bme_pct, pct))
    whole = ctx.disc.pct(keys.workforce(s.year, BME), keys.workforce(s.year))
    if not bars:
        return None
    fig, ax = kit.figure(7.0, 0.32 * len(bars) + 0.9, left=0.36, bottom=0.25)
    y = np.arange(len(bars))[::-1]
    ax.barh(y, [v for _, v, _ in bars], color=kit.BME_COLOUR, edgecolor=kit.INK, height=0.6)
    if whole is not None and s.workforce.overall is not None:
        ax.axvline(s.workforce.overall.bme_pct, color=kit.INK, linestyle="--", linewidth=1)
    ax.set_yticks(y, [n for n, _, _ in bars])
    ax.set_xlabel(f"{label} % of the band range" + (f" (dashed: whole workforce, {whole})" if whole else ""),
                  fontsize=kit.FONT)
    for yy, (_, v, text) in zip(y, bars, strict=True):
        ax.text(v, yy, f" {text}", va="center", fontsize=kit.FONT - 1)
    ax.set_xlim(0, max(v for _, v, _ in bars) * 1.25 + 1)
    alt = join([f"{n} {t}" for n, _, t in bars])
    return kit.Chart(fig, f"{label} share of each band range, {s.year}",
                     f"{label} share of each band range by staff group in {s.year}: {alt}"
                     + (f"; whole workforce {whole}." if whole else "."),
                     "Shares whose counts are hidden by the small-number rule are not drawn.")
