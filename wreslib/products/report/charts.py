"""The report's charts, drawn with the kit's toolkit from the computed results (nothing computed here).

- :func:`comparisons_chart`: every comparison of the year on one page: the relative likelihoods with
  their 95% intervals on a log axis (the non-adverse range shaded) and the survey gaps with theirs.
- :func:`likelihood_chart`: one relative likelihood over the report's years.
- :func:`survey_chart`: the BME and White percentages of one survey indicator over the survey years.
- :func:`board_chart`: the board's BME share against the workforce's over the years.
- :func:`composition_chart`: the BME share of each band range by staff group.

A chart with nothing to show is not drawn (the function returns None and the section says why in words),
and neither is a panel: when a year has no survey comparison that could be tested, or no relative
likelihood, the comparisons chart has one panel and its caption says what is missing. Every label and alt
text passes the page's disclosure control and display label.

Charts are drawn on the kit's panels (:class:`wreslib.present.charts.Panel`), not matplotlib Axes: limits
and ticks are fixed before drawing, and tick marks, grid lines, intervals and markers of one kind are one
artist each, so a report's ten charts cost a fraction of what they cost on Axes with matplotlib's own ticks.
"""

from __future__ import annotations

import math

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


def _columns(left: float, right: float, count: int, gap: float = 0.45) -> list[tuple[float, float]]:
    """The left and right edges of ``count`` panels side by side, ``gap`` (a fraction of a panel's width) apart."""
    width = (right - left) / (count + gap * (count - 1))
    return [(left + i * width * (1 + gap), left + i * width * (1 + gap) + width) for i in range(count)]


def _rated_markers(panel: kit.Panel, points: list[tuple[float, float, str]]) -> None:
    """One marker per (x, y, rating), shaped and coloured by rating, one artist per rating."""
    for rag in kit.RAG_MARKERS:
        mine = [(x, y) for x, y, r in points if r == rag]
        if mine:
            xs, ys = zip(*mine, strict=True)
            panel.line(xs, ys, marker=kit.RAG_MARKERS[rag], color=kit.RAG_COLOURS[rag], markeredgecolor=kit.INK,
                       markersize=7, linestyle="none", zorder=3)


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
    y_range = (-0.7, rows - 0.3)
    if ratios and gaps:
        fig = kit.canvas(8.0, 0.42 * rows + 1.1)
        (a, b), (c, d) = _columns(0.2, 0.97, 2)
        boxes = [(a, 0.28, b, 0.95), (c, 0.28, d, 0.95)]
    else:
        # One panel as wide as each of the two would be, with the same left margin in inches and room on the
        # right for its axis title.
        fig = kit.canvas(4.9, 0.42 * rows + 1.1)
        boxes = [(0.3265, 0.28, 0.8396, 0.95)] * 2
    alt = []
    missing = []
    if ratios:
        values = [v for _, m, _ in ratios for v in (m.value, m.ci_low, m.ci_high) if _finite(v) and v > 0]
        low, high = kit.ratio_limits(values)
        left = kit.Panel(fig, boxes[0], x=(low, high), y=y_range, xlog=True)
        left.band("x", LOW, HIGH, color=kit.BAND_COLOUR, alpha=0.12, linewidth=0, zorder=0)
        left.rule("x", 1.0, color=kit.INK, linewidth=0.9, zorder=1)
        segments, points = [], []
        for i, (name, m, rag) in enumerate(reversed(ratios)):
            value = m.value if _finite(m.value) and (m.value or 0) > 0 else (m.ci_low if m.unbounded else low)
            lo = max(m.ci_low or low, low)
            hi = min(m.ci_high if _finite(m.ci_high) else high, high)
            segments.append(((lo, i), (hi, i)))
            points.append((value, i, rag))
            shown = "no upper limit" if m.unbounded else fmt.ratio(m.value)
            alt.append(f"indicator {name}: {shown} ({fmt.interval(m.ci_low, m.ci_high, 1.0)}), {rag}")
        left.segments(segments, colors=kit.INK, linewidths=1.2, zorder=2)
        _rated_markers(left, points)
        left.frame()
        left.axis("x", kit.ratio_ticks(low, high), grid=True,
                  title="Relative likelihood (log scale; shaded: 0.80 to 1.25)")
        left.axis("y", list(range(len(ratios))), [n for n, _, _ in reversed(ratios)])
    else:
        missing.append("No relative likelihood could be calculated.")
    if gaps:
        spread = [v for _, g, _ in gaps for v in (g.ci_low_pp, g.ci_high_pp) if _finite(v)]
        reach = max([10.0, *[abs(v) for v in spread]]) * 1.1
        right = kit.Panel(fig, boxes[1], x=(-reach, reach), y=y_range)
        right.rule("x", 0.0, color=kit.INK, linewidth=0.9, zorder=1)
        segments, points = [], []
        for i, (name, g, rag) in enumerate(reversed(gaps)):
            segments.append(((g.ci_low_pp, i), (g.ci_high_pp, i)))
            points.append((g.difference_pp, i, rag))
            alt.append(f"indicator {name}: {label} minus White {fmt.pp(g.difference_pp)} "
                       f"({fmt.interval(g.ci_low_pp, g.ci_high_pp, 0.0, dp=1)}), {rag}")
        right.segments(segments, colors=kit.INK, linewidths=1.2, zorder=2)
        _rated_markers(right, points)
        right.frame()
        ticks = right.nice_ticks("x")
        right.axis("x", ticks, kit.number_labels(ticks), grid=True, title=f"{label} minus White, percentage points")
        right.axis("y", list(range(len(gaps))), [f"indicator {n}" for n, _, _ in reversed(gaps)])
    else:
        missing.append("No survey comparison could be tested.")
    return kit.Chart(fig, f"Every comparison of {ctx.year} with its 95% confidence interval",
                     f"Chart of the {ctx.year} comparisons. " + "; ".join(alt) + ".",
                     f"Marker shape and colour show the rating (square red, diamond amber, circle green). Relative "
                     f"likelihoods compare White with {label} staff (indicator 3: {label} with White); survey gaps "
                     "are for indicators 5 to 8." + "".join(f" {m}" for m in missing))


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
    values = [v for _, m in points for v in (m.value, m.ci_low, m.ci_high) if _finite(v) and v > 0]
    low, high = kit.ratio_limits(values)
    years = [y for y, _ in points]
    fig = kit.canvas(6.0, 2.6)
    panel = kit.Panel(fig, (0.12, 0.2, 0.97, 0.95), x=(min(years) - 0.5, max(years) + 0.5), y=(low, high), ylog=True)
    panel.band("y", LOW, HIGH, color=kit.BAND_COLOUR, alpha=0.12, linewidth=0, zorder=0)
    panel.rule("y", 1.0, color=kit.INK, linewidth=0.9, zorder=1)
    shown = [m.value if _finite(m.value) and (m.value or 0) > 0 else (m.ci_low if m.unbounded else low)
             for _, m in points]
    panel.segments([((year, max(m.ci_low or low, low)), (year, min(m.ci_high if _finite(m.ci_high) else high, high)))
                    for year, m in points], colors=kit.INK, linewidths=1.2, zorder=2)
    panel.line(years, shown, marker="o", color=kit.WHITE_COLOUR, markeredgecolor=kit.INK, linewidth=1.5, zorder=3)
    panel.frame()
    panel.axis("x", years, [str(y) for y in years], grid=True)
    panel.axis("y", kit.ratio_ticks(low, high), grid=True)
    alt = "; ".join(f"{y}: {'no upper limit' if m.unbounded else fmt.ratio(m.value)} "
                    f"({fmt.interval(m.ci_low, m.ci_high, 1.0)})" for y, m in points)
    return kit.Chart(fig, f"Indicator {number} over the years: {first} relative to {second}",
                     f"Relative likelihood of {first} compared to {second} {ind.phrases.noun if ind.phrases else ''} "
                     f"{ind.phrases.to_outcome if ind.phrases else ''}, by year, with 95% intervals: {alt}.",
                     "Log scale; shaded: the range 0.80 to 1.25.")


def _percent_axis(panel: kit.Panel, title: str) -> None:
    """A y axis of percentages from 0 with round ticks and grid lines."""
    ticks = panel.nice_ticks("y")
    panel.axis("y", ticks, kit.number_labels(ticks), grid=True, title=title)


def survey_chart(ctx: ReportContext, number: int) -> kit.Chart | None:
    """BME and White percentages of one survey indicator over the survey years, with the benchmark."""
    results = [s.survey(number) for s in ctx.sets]
    rows = [(r.survey_year, r.bme.pct if r.bme else None, r.white.pct if r.white else None) for r in results]
    rows = [(y, b, w) for y, b, w in rows if b is not None and w is not None]
    if len(rows) < 2:
        return None
    label = ctx.words.label
    years = [y for y, _, _ in rows]
    latest = results[-1]
    top = max([b for _, b, _ in rows] + [w for _, _, w in rows] + [latest.benchmark_bme_pct or 0])
    fig = kit.canvas(6.0, 2.6)
    panel = kit.Panel(fig, (0.1, 0.2, 0.8, 0.95), x=(min(years) - 0.5, max(years) + 0.6),
                      y=(0.0, min(100.0, top * 1.25 + 2)))
    lines = [
        panel.line(years, [b for _, b, _ in rows], marker="s", color=kit.BME_COLOUR, markeredgecolor=kit.INK,
                   linewidth=1.8, label=label, zorder=2),
        panel.line(years, [w for _, _, w in rows], marker="o", color=kit.WHITE_COLOUR, markeredgecolor=kit.INK,
                   linewidth=1.8, linestyle="--", label="White", zorder=2),
    ]
    if latest.benchmark_bme_pct is not None:
        lines.append(panel.line([years[-1] + 0.25], [latest.benchmark_bme_pct], marker="^",
                                color=kit.BENCHMARK_COLOUR, markeredgecolor=kit.INK, linestyle="none",
                                label=f"{latest.benchmark} ({label})", zorder=2))
    panel.frame()
    panel.axis("x", years, [str(y) for y in years], grid=True)
    _percent_axis(panel, "% of respondents")
    panel.legend(lines)
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
    x = list(range(len(rows)))
    # The limits matplotlib's autoscaling gave (5% beyond the bars), fixed so that nothing is measured.
    span = len(rows) - 1 + 0.7
    top = max(max([b for _, b, _ in rows] + [w or 0 for _, _, w in rows]), 1.0) * 1.05
    fig = kit.canvas(6.0, 2.4)
    panel = kit.Panel(fig, (0.1, 0.2, 0.78, 0.95), x=(-0.35 - 0.05 * span, len(rows) - 1 + 0.35 + 0.05 * span),
                      y=(0.0, top))
    board = panel.bars([i - 0.18 for i in x], [b for _, b, _ in rows], 0.34, facecolor=kit.BME_COLOUR,
                       edgecolor=kit.INK, label=f"Board (voting), {label} %", zorder=2)
    staff = panel.bars([i + 0.18 for i in x], [w for _, _, w in rows], 0.34, facecolor=kit.WHITE_COLOUR,
                       edgecolor=kit.INK, hatch="//", label=f"Workforce, {label} %", zorder=2)
    panel.frame()
    panel.axis("x", x, [str(y) for y, _, _ in rows], grid=True)
    _percent_axis(panel, "%")
    panel.legend([board[0], staff[0]])
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
    y = list(range(len(bars)))[::-1]
    right = max(v for _, v, _ in bars) * 1.25 + 1
    fig = kit.canvas(7.0, 0.32 * len(bars) + 0.9)
    panel = kit.Panel(fig, (0.36, 0.25, 0.97, 0.95), x=(0.0, right),
                      y=(-0.3 - 0.05 * (len(bars) - 0.4), len(bars) - 0.7 + 0.05 * (len(bars) - 0.4)))
    panel.bars(y, [v for _, v, _ in bars], 0.6, horizontal=True, facecolor=kit.BME_COLOUR, edgecolor=kit.INK,
               zorder=2)
    if whole is not None and s.workforce.overall is not None:
        panel.rule("x", s.workforce.overall.bme_pct, color=kit.INK, linestyle="--", linewidth=1, zorder=2.2)
    for yy, (_, v, text) in zip(y, bars, strict=True):
        panel.text(v, yy, f" {text}", va="center", fontsize=kit.FONT - 1)
    panel.frame()
    ticks = panel.nice_ticks("x")
    panel.axis("x", ticks, kit.number_labels(ticks), grid=True,
               title=f"{label} % of the band range" + (f" (dashed: whole workforce, {whole})" if whole else ""))
    panel.axis("y", y, [n for n, _, _ in bars])
    alt = join([f"{n} {t}" for n, _, t in bars])
    return kit.Chart(fig, f"{label} share of each band range, {s.year}",
                     f"{label} share of each band range by staff group in {s.year}: {alt}"
                     + (f"; whole workforce {whole}." if whole else "."),
                     "Shares whose counts are hidden by the small-number rule are not drawn.")
