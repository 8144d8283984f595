"""Charts of the cross-organisation benchmark: funnel plots, league tables, survey gaps, trends and boards.

Each function takes what :mod:`wreslib.legacy.measures.benchmark` computed and returns a
:class:`wreslib.legacy.report.charts.Chart` (figure, title, full text alternative). Nothing here computes a
WRES figure; the control limits drawn are those of :class:`~wreslib.legacy.measures.benchmark.FunnelLimits`.

The conventions of :mod:`wreslib.legacy.report.charts` hold: figures are made without pyplot (matplotlib is
imported inside the functions), colours are Okabe–Ito and never the only cue (markers and line styles
differ too), the text alternative carries every number drawn, and the PNG bytes are deterministic
(``charts.render`` saves with ``metadata={"Software": None}``).

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
2005;24:1185-1202. Okabe M, Ito K. *Color Universal Design*, 2008 (the palette).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wreslib.legacy.measures.benchmark import (
    ABOVE_95,
    ABOVE_998,
    BELOW_95,
    BELOW_998,
    FLAG_TEXT,
    NATIONAL,
    NOT_ASSESSED,
    PRECISION_LABEL,
    WITHIN,
    Z_95,
    Z_998,
    Benchmark,
    Funnel,
    GapDistribution,
    LeagueRow,
    OrgBoard,
    OrgSurvey,
)
from wreslib.legacy.measures.results import HIGHER_IS_BETTER, OK, SHORT_TITLES
from wreslib.legacy.measures.stats import NON_ADVERSE_HIGH, NON_ADVERSE_LOW
from wreslib.legacy.report import charts
from wreslib.legacy.report.charts import Chart

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "board_scatter_chart",
    "funnel_chart",
    "league_chart",
    "survey_gap_chart",
    "trend_chart",
]

_INK = "#000000"
_NOTE_INK = "#333333"
_WITHIN_EDGE = "#555555"
#: 95% limits and the points beyond them (blue, squares); 99.8% limits and points beyond them (vermillion,
#: diamonds); the pooled figure (bluish green); the highlighted organisation (yellow star, black edge).
_LIMIT_95 = "#0072B2"
_LIMIT_998 = "#D55E00"
_POOLED = "#009E73"
_HIGHLIGHT = "#F0E442"
#: Okabe–Ito, in an order that keeps neighbours distinct; black is kept for the national line.
_SERIES = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#999999")
_MARKERS = ("s", "^", "D", "v", "P", "X", "<", ">")
_STYLES = ("--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)), "--", "-.")

_RL_GROUPS = {2: ("White", "BME"), 3: ("BME", "White"), 4: ("White", "BME")}


def _question(number: int) -> str:
    noun, event, _ = charts._RL_WORDING[number]
    a, b = _RL_GROUPS[number]
    return f"relative likelihood of {a} {noun} {event} compared to {b} {noun}"


def _marker(flag: str) -> dict[str, object]:
    if flag in (ABOVE_998, BELOW_998):
        return {"marker": "D", "s": 58, "facecolors": _LIMIT_998, "edgecolors": _INK, "linewidths": 0.9}
    if flag in (ABOVE_95, BELOW_95):
        return {"marker": "s", "s": 46, "facecolors": _LIMIT_95, "edgecolors": _INK, "linewidths": 0.9}
    return {"marker": "o", "s": 34, "facecolors": "white", "edgecolors": _WITHIN_EDGE, "linewidths": 1.1}


def _log_axis(ax: Axes, low: float, high: float, axis: str = "y") -> None:
    from matplotlib.ticker import NullFormatter, NullLocator

    ticks = charts._rl_ticks(low, high)
    labels = [charts._plain_tick(t) for t in ticks]
    if axis == "y":
        ax.set_yscale("log")
        ax.set_ylim(low, high)
        ax.set_yticks(ticks, labels=labels)
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_xticks(ticks, labels=labels)
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())


def _codes(points: Sequence[object], with_values: bool = True) -> str:
    parts = []
    for p in points:
        code = p.ratio.org.code
        parts.append(f"{code} ({charts._rl_text(p.value)})" if with_values and p.value is not None else code)
    return ", ".join(parts)


def _missing_text(points: Sequence[object]) -> list[str]:
    """Organisations not on a plot, grouped by why ("a relative likelihood of 0", or the reason given)."""
    by_reason: dict[str, list[str]] = {}
    for p in points:
        r = p.ratio
        if r.value == 0:
            why = "a relative likelihood of 0, which a log scale cannot show"
        elif r.status != OK:
            why = (r.reason or r.status).split(":")[0].split(", so ")[0]
        else:
            why = "no size to place it by"
        by_reason.setdefault(why, []).append(r.org.code)
    return [f"{why}: {', '.join(codes)}" for why, codes in by_reason.items()]


def _place_labels(ax: Axes, items: Sequence[tuple[float, float, str, bool]], points: Sequence[tuple[float, float]],
                  words: charts._Words, frame: tuple[float, float, float], size_in: tuple[float, float]) -> None:
    """Label points on a linear-x, log-y plot, each in the first nearby spot that no other label or point covers.

    Positions are judged in axes fractions from the axis limits (``frame`` = x maximum, y low, y high) and
    the approximate size of the axes in inches, so no drawing is needed; the order of ``items`` decides who
    gets the best spot (the highlighted organisation first).
    """
    x_max, low, high = frame
    width_in, height_in = max(size_in[0], 1.0), max(size_in[1], 1.0)
    span = math.log(high / low)

    def frac(x: float, y: float) -> tuple[float, float]:
        return x / x_max, math.log(y / low) / span

    pt_x, pt_y = 1 / (72 * width_in), 1 / (72 * height_in)  # one point, in axes fractions
    taken = [(fx - 4 * pt_x, fy - 4 * pt_y, fx + 4 * pt_x, fy + 4 * pt_y) for fx, fy in (frac(*p) for p in points)]
    for x, y, text, bold in items:
        size = 9.0 if bold else 7.5
        w = (len(text) * size * (0.62 if bold else 0.58) + (6 if bold else 0)) * pt_x
        h = size * 1.25 * pt_y
        fx, fy = frac(x, y)
        gap_x, gap_y = (9 if bold else 5) * pt_x, (5 if bold else 3) * pt_y
        candidates = [(gap_x, gap_y), (gap_x, -gap_y - h), (-gap_x - w, gap_y), (-gap_x - w, -gap_y - h),
                      (gap_x, 3 * gap_y + h * 0.4), (gap_x, -3 * gap_y - h * 1.4), (-w / 2, 2.5 * gap_y),
                      (-w / 2, -2.5 * gap_y - h), (gap_x, 5 * gap_y + h), (gap_x, -5 * gap_y - 2 * h)]

        def cost(box: tuple[float, float, float, float]) -> int:
            """0 for a free spot; each label or point covered costs 1, leaving the plot costs more than any."""
            x0, y0, x1, y1 = box
            outside = 1000 if x0 < 0 or x1 > 1.0 or y0 < 0 or y1 > 1 else 0
            return outside + sum(1 for a0, b0, a1, b1 in taken if not (x1 <= a0 or x0 >= a1 or y1 <= b0 or y0 >= b1))

        boxes = [(fx + dx, fy + dy, fx + dx + w, fy + dy + h) for dx, dy in candidates]
        costs = [cost(box) for box in boxes]
        chosen = costs.index(min(costs))  # the first of the best spots
        taken.append(boxes[chosen])
        dx, dy = candidates[chosen]
        style = {"fontsize": size, "fontweight": "bold" if bold else "normal", "zorder": 8 if bold else 6,
                 "gid": "highlight-label" if bold else "outlier-label"}
        if bold:
            style["bbox"] = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": _INK, "lw": 0.8}
        if chosen >= 4 or (bold and chosen > 0):
            # A label moved away from its point gets a thin leader line, so it is clear which point it names.
            style["arrowprops"] = {"arrowstyle": "-", "color": "#777777", "lw": 0.6, "shrinkA": 0, "shrinkB": 4}
        ax.annotate(words.mpl(text), (x, y), xytext=(dx / pt_x, dy / pt_y), textcoords="offset points",
                    ha="left", va="bottom", color=_INK, **style)


# --------------------------------------------------------------------------------------------------
# Funnel plot
# --------------------------------------------------------------------------------------------------


def funnel_chart(funnel: Funnel, *, highlight: str | None = None, bme_label: str = "BME",
                 subtitle: str | None = None, synthetic: bool = False, label_outliers: bool = True) -> Chart:
    """Funnel plot of indicator 2, 3 or 4: each organisation's relative likelihood against its size.

    The y-axis is logarithmic (2× and ½× equally far from parity); the dashed line is parity (1.00), the
    solid blue lines the 95% control limits and the vermillion dash-dot lines the 99.8% limits (Spiegelhalter
    2005; see :class:`~wreslib.legacy.measures.benchmark.FunnelLimits`), and the dotted green line the pooled figure
    of all organisations plotted. Organisations beyond a limit are labelled with their code; ``highlight``
    marks one organisation with a star.

    Parameters
    ----------
    funnel : Funnel
        From :func:`wreslib.legacy.measures.benchmark.build_funnel` (or ``Benchmark.funnels``).
    highlight : str or None, optional
        The code of an organisation to mark (a report's own organisation).
    bme_label : str, optional
        Display label used in place of "BME".
    subtitle : str or None, optional
        The line under the title (default: how many organisations are plotted).
    synthetic : bool, optional
        Say in the subtitle and text alternative that the data is synthetic.
    label_outliers : bool, optional
        Write the code of every organisation beyond a limit beside its point (the default). A report's
        own peer chart turns this off: only its organisation is labelled, which halves the drawing cost
        (text is most of it), and the outliers are still listed in the text alternative.

    Returns
    -------
    Chart

    References
    ----------
    Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
    2005;24:1185-1202.

    Examples
    --------
    >>> from wreslib.legacy.measures.benchmark import Organisation, OrgRatio, build_funnel
    >>> from wreslib.legacy.measures.stats import relative_likelihood
    >>> orgs = [("AAA", (40, 100, 10, 100)), ("BBB", (20, 100, 19, 100)), ("CCC", (30, 150, 28, 150))]
    >>> ratios = [OrgRatio(Organisation(c, c, "ICB", "R"), 2, 2024, "ok", None, relative_likelihood(*k))
    ...           for c, k in orgs]
    >>> chart = funnel_chart(build_funnel(ratios, 2, 2024), highlight="BBB")
    >>> "Above the upper 99.8% control limit: AAA (4.00)" in chart.alt_text
    True
    """
    from matplotlib.lines import Line2D

    words = charts._Words(charts._check_label(bme_label))
    number, year = funnel.number, funnel.year
    title = f"Indicator {number} funnel plot: {_question(number)}, {year}"
    plotted = funnel.plotted
    n_all = len(funnel.points)
    if subtitle is None:
        subtitle = f"{len(plotted)} of {n_all} organisations plotted"
    if synthetic:
        subtitle += " – synthetic data"

    fig = charts._figure(8.0, 5.2)
    ax = fig.add_subplot()
    charts._style_axes(ax, grid_axis="")
    charts._head(fig, ax, title, subtitle, words)

    sizes = [p.precision for p in plotted]
    values = [p.value for p in plotted]
    x_max = max(sizes, default=100) * 1.08
    limits = funnel.limits
    pooled = funnel.pooled.value
    extent = list(values) + ([pooled] if pooled else [])
    if limits is not None and sizes:
        # Show where the 99.8% limits run at the largest organisation: the neck of the funnel stays in view.
        extent += list(limits.limits(max(sizes), Z_998))
    low, high = charts._rl_limits(extent)
    _log_axis(ax, low, high)
    ax.set_xlim(0, x_max)

    handles: list = []
    labels: list[str] = []
    ax.axhline(1.0, color=_INK, lw=1.0, ls="--", zorder=1, gid="parity")
    handles.append(Line2D([], [], color=_INK, lw=1.0, ls="--"))
    labels.append("parity (1.00)")
    if limits is not None:
        import numpy as np

        grid = np.geomspace(max(1.0, x_max / 400), x_max, 240)
        for z, colour, style, name, gid in ((Z_95, _LIMIT_95, "-", "95% control limits", "limit-95"),
                                            (Z_998, _LIMIT_998, "-.", "99.8% control limits", "limit-99.8")):
            lower = [limits.limits(n, z)[0] for n in grid]
            upper = [limits.limits(n, z)[1] for n in grid]
            ax.plot(grid, upper, color=colour, lw=1.5, ls=style, zorder=2, gid=gid)
            ax.plot(grid, lower, color=colour, lw=1.5, ls=style, zorder=2, gid=gid)
            handles.append(Line2D([], [], color=colour, lw=1.5, ls=style))
            labels.append(name)
    if pooled:
        ax.axhline(pooled, color=_POOLED, lw=1.6, ls=":", zorder=1, gid="pooled")
        handles.append(Line2D([], [], color=_POOLED, lw=1.6, ls=":"))
        labels.append(f"all organisations pooled ({charts._rl_text(pooled)})")

    for flag in (WITHIN, ABOVE_95, BELOW_95, ABOVE_998, BELOW_998):
        pts = [p for p in plotted if p.flag == flag]
        if pts:
            ax.scatter([p.precision for p in pts], [p.value for p in pts], zorder=4, gid=f"points-{flag}",
                       **_marker(flag))
    seen = {p.flag for p in plotted}
    for flags, style, name in (((WITHIN,), _marker(WITHIN), "within the 95% limits"),
                               ((ABOVE_95, BELOW_95), _marker(ABOVE_95), "beyond a 95% limit"),
                               ((ABOVE_998, BELOW_998), _marker(ABOVE_998), "beyond a 99.8% limit")):
        if seen & set(flags):
            handles.append(Line2D([], [], ls="none", marker=style["marker"], ms=7, mfc=style["facecolors"],
                                  mec=style["edgecolors"], mew=style["linewidths"]))
            labels.append(name)

    me = next((p for p in funnel.points if p.ratio.org.code == highlight), None) if highlight else None
    highlight_text = ""
    to_label: list[tuple[float, float, str, bool]] = []
    if me is not None:
        name = f"{me.ratio.org.code} (this organisation)"
        if me.flag != NOT_ASSESSED:
            ax.scatter([me.precision], [me.value], marker="*", s=360, facecolors=_HIGHLIGHT, edgecolors=_INK,
                       linewidths=1.2, zorder=7, gid="highlight")
            to_label.append((me.precision, me.value, name, True))
            handles.append(Line2D([], [], ls="none", marker="*", ms=14, mfc=_HIGHLIGHT, mec=_INK, mew=1.2))
            labels.append(name)
            highlight_text = (f" This organisation, {me.ratio.org.code}: {charts._rl_text(me.value)} at a size of "
                              f"{me.precision:,}, {FLAG_TEXT[me.flag]}.")
        else:
            highlight_text = (f" This organisation, {me.ratio.org.code}, is not on the plot"
                              + (f" ({me.ratio.reason})" if me.ratio.reason else "") + ".")
    to_label += [(p.precision, p.value, p.ratio.org.code, False) for p in plotted
                 if label_outliers and p.flag != WITHIN and p.ratio.org.code != highlight]
    _place_labels(ax, to_label, [(p.precision, p.value) for p in plotted], words, (x_max, low, high),
                  (fig.get_figwidth() - 1.9, fig.get_figheight() - 1.5))

    a, b = _RL_GROUPS[number]
    noun = charts._RL_WORDING[number][0]
    ax.annotate(words.mpl(f"▲ {a} {noun}\nmore likely"), xy=(1, 1), xycoords="axes fraction", xytext=(6, 0),
                textcoords="offset points", ha="left", va="top", fontsize=8, color=_NOTE_INK)
    ax.annotate(words.mpl(f"▼ {b} {noun}\nmore likely"), xy=(1, 0), xycoords="axes fraction", xytext=(6, 0),
                textcoords="offset points", ha="left", va="bottom", fontsize=8, color=_NOTE_INK)
    ax.set_xlabel(words.mpl(f"Size: {PRECISION_LABEL[number]}"), fontsize=charts._BASE_FONT)
    ax.set_ylabel(words.mpl(f"Relative likelihood (log scale)\n{a} compared to {b}"), fontsize=charts._BASE_FONT)

    notes = []
    missing = funnel.not_plotted
    if missing:
        notes.append("Not on the plot – " + "; ".join(_missing_text(missing)) + ".")
    if limits is None:
        notes.append(f"No control limits: {funnel.reason}.")
    else:
        notes.append(f"Control limits around parity by the normal approximation on the log scale (Spiegelhalter "
                     f"2005), from the pooled rate {limits.pooled_rate * 100:.1f}% and BME share "
                     f"{limits.bme_share * 100:.1f}% of all organisations plotted.")
    charts._finish(fig, handles, labels, notes, words, ncols=3)

    groups = [("Above the upper 99.8% control limit", funnel.with_flag(ABOVE_998)),
              ("Above the upper 95% limit only", funnel.with_flag(ABOVE_95)),
              ("Below the lower 95% limit only", funnel.with_flag(BELOW_95)),
              ("Below the lower 99.8% control limit", funnel.with_flag(BELOW_998))]
    listed = [f"{head}: {_codes(pts)}" for head, pts in groups if pts]
    within = len(funnel.with_flag(WITHIN))
    alt = (
        f"Funnel plot of the {_question(number)}, WRES {year}"
        + (" (synthetic data, not real organisations)" if synthetic else "")
        + f": {len(plotted)} organisations plotted by relative likelihood (log scale, 1.00 is parity) against "
        f"size ({PRECISION_LABEL[number]}), with 95% and 99.8% control limits around parity. "
        + (f"All organisations pooled: {charts._rl_text(pooled)}. " if pooled else "")
        + (". ".join(listed) + ". " if listed else "No organisation lies beyond a control limit. ")
        + f"Within the 95% limits: {within} organisation{'s' if within != 1 else ''}."
        + (" Not on the plot – " + "; ".join(_missing_text(missing)) + "." if missing else "")
        + highlight_text
    )
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# League table with intervals
# --------------------------------------------------------------------------------------------------


def league_chart(rows: Sequence[LeagueRow], number: int, year: int, *, bme_label: str = "BME",
                 synthetic: bool = False) -> Chart:
    """League table of indicator 2, 3 or 4: each organisation's relative likelihood and 95% interval.

    Organisations run from the highest relative likelihood (top) to the lowest, on a log axis with parity
    and the non-adverse range 0.80–1.25 shaded; markers repeat the funnel plot's (beyond a 99.8% limit:
    vermillion diamond; beyond a 95% limit: blue square). Intervals that overlap show how little most ranks
    mean, which is why the funnel plot, not the rank, is the comparison to rely on.

    Examples
    --------
    >>> from wreslib.legacy.measures.benchmark import Organisation, OrgRatio, build_funnel, league_table
    >>> from wreslib.legacy.measures.stats import relative_likelihood
    >>> ratios = [OrgRatio(Organisation(c, c, "ICB", "R"), 2, 2024, "ok", None, relative_likelihood(*k))
    ...           for c, k in (("AAA", (40, 100, 10, 100)), ("BBB", (20, 100, 19, 100)))]
    >>> chart = league_chart(league_table(build_funnel(ratios, 2, 2024)), 2, 2024)
    >>> "1. AAA 4.00 (95% CI 2.12 to 7.55)" in chart.alt_text
    True
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    words = charts._Words(charts._check_label(bme_label))
    ranked = [r for r in rows if r.rank is not None]
    unranked = [r for r in rows if r.rank is None]
    title = f"Indicator {number} league table: {_question(number)}, {year}, with 95% confidence intervals"
    height = 1.6 + 0.19 * max(len(ranked), 3)
    fig = charts._figure(8.0, height)
    ax = fig.add_subplot()
    charts._style_axes(ax, grid_axis="")
    charts._head(fig, ax, title, f"{len(ranked)} organisations, highest first"
                 + (" – synthetic data" if synthetic else ""), words)

    positive = [r for r in ranked if r.ratio.value and r.ratio.value > 0]
    extent = [r.ratio.value for r in positive] + [c for r in positive for c in
                                                   (r.ratio.measure.ci_low, r.ratio.measure.ci_high) if c]
    low, high = charts._rl_limits(extent)
    _log_axis(ax, low, high, axis="x")
    ax.axvspan(NON_ADVERSE_LOW, NON_ADVERSE_HIGH, color=charts._BAND_FILL, alpha=0.16, lw=0, zorder=0,
               gid="non-adverse-band")
    ax.axvline(1.0, color=_INK, lw=1.0, ls="--", zorder=1, gid="parity")
    ys = list(range(len(ranked)))[::-1]
    alt_rows = []
    for y, r in zip(ys, ranked, strict=True):
        m = r.ratio.measure
        value = r.ratio.value
        if m.ci_low and m.ci_high:
            ax.plot([max(m.ci_low, low), min(m.ci_high, high)], [y, y], color=_INK, lw=1.1, zorder=2, gid="league-ci")
        shown = value if value > 0 else low
        ax.scatter([shown], [y], zorder=3, clip_on=False, gid="league-point", **_marker(r.flag))
        ci = (f" (95% CI {charts._rl_text(m.ci_low)} to {charts._rl_text(m.ci_high)})" if m.ci_low and m.ci_high
              else " (no interval)")
        alt_rows.append(f"{r.rank}. {r.ratio.org.code} {charts._rl_text(value)}{ci}")
    ax.set_yticks(ys, labels=[f"{r.rank}. {words.mpl(r.ratio.org.code)}" for r in ranked], fontsize=7.5)
    ax.set_ylim(-0.8, len(ranked) - 0.2)
    ax.tick_params(axis="y", length=0)
    a, b = _RL_GROUPS[number]
    ax.set_xlabel(words.mpl(f"Relative likelihood (log scale), {a} compared to {b}"), fontsize=charts._BASE_FONT)
    ax.xaxis.set_ticks_position("both")
    ax.tick_params(axis="x", labeltop=True)

    handles = [Line2D([], [], color=_INK, lw=1.1), Patch(facecolor=charts._BAND_FILL, alpha=0.16, edgecolor="none"),
               Line2D([], [], color=_INK, lw=1, ls="--")]
    labels = ["95% confidence interval", "non-adverse range 0.80–1.25", "parity (1.00)"]
    for flags, name in (((ABOVE_95, BELOW_95), "beyond a 95% funnel limit"),
                        ((ABOVE_998, BELOW_998), "beyond a 99.8% funnel limit")):
        if any(r.flag in flags for r in ranked):
            style = _marker(flags[0])
            handles.append(Line2D([], [], ls="none", marker=style["marker"], ms=7, mfc=style["facecolors"],
                                  mec=style["edgecolors"]))
            labels.append(name)
    notes = []
    if unranked:
        notes.append("Not ranked – " + "; ".join(_missing_text([r.point for r in unranked])) + ".")
    if any(r.ratio.value == 0 for r in ranked):
        notes.append("A relative likelihood of 0 is drawn at the left edge: a log scale cannot show 0.")
    charts._finish(fig, handles, labels, notes, words, ncols=3)
    alt = (f"League table of the {_question(number)}, WRES {year}"
           + (" (synthetic data, not real organisations)" if synthetic else "")
           + ", highest first, on a log scale where 1.00 is parity: " + "; ".join(alt_rows) + "."
           + (" Not ranked – " + "; ".join(_missing_text([r.point for r in unranked])) + "." if unranked else ""))
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# Survey gaps across organisations
# --------------------------------------------------------------------------------------------------


def survey_gap_chart(surveys: dict[int, Sequence[OrgSurvey]], distributions: dict[int, GapDistribution],
                     year: int, *, bme_label: str = "BME", synthetic: bool = False) -> Chart:
    """The BME minus White gap of indicators 5-8 across organisations: a box plot with every organisation.

    Each row is one indicator; each point one organisation (filled when the gap is statistically
    significant by Fisher's exact test, hollow when not), spread vertically by a fixed offset so points do
    not hide each other; the box spans the quartiles with the median marked. Organisations with a group
    under 11 respondents are left out, as the survey suppresses them.

    Examples
    --------
    >>> from wreslib.legacy.measures.benchmark import Organisation, gap_distribution
    >>> from wreslib.legacy.measures.stats import compare_percentages
    >>> items = [OrgSurvey(Organisation(c, c, "ICB", "R"), 6, 2023, "ok", None, compare_percentages(15.0, 200, b, 100))
    ...          for c, b in (("A", 20.0), ("B", 25.0), ("C", 14.0))]
    >>> chart = survey_gap_chart({6: items}, {6: gap_distribution(items, 6, 2023)}, 2024)
    >>> "median +5 percentage points" in chart.alt_text
    True
    """
    from matplotlib.lines import Line2D

    words = charts._Words(charts._check_label(bme_label))
    numbers = [n for n in (5, 6, 7, 8) if n in surveys]
    survey_year = year - 1
    title = f"Indicators 5–8: BME minus White, percentage points, across organisations (NHS Staff Survey {survey_year})"
    fig = charts._figure(8.0, 1.4 + 1.15 * max(len(numbers), 1))
    ax = fig.add_subplot()
    charts._style_axes(ax, grid_axis="x")
    charts._head(fig, ax, title, "Each point is one organisation" + (" – synthetic data" if synthetic else ""),
                 words)
    import matplotlib

    # matplotlib 3.10 replaced boxplot's ``vert`` with ``orientation``; the project supports 3.8 onwards.
    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    horizontal = {"orientation": "horizontal"} if (major, minor) >= (3, 10) else {"vert": False}
    alt_parts = []
    all_gaps = [0.0]
    rows = list(range(len(numbers)))[::-1]
    for y, n in zip(rows, numbers, strict=True):
        items = [i for i in surveys[n] if i.gap_pp is not None]
        gaps = [i.gap_pp for i in items]
        all_gaps += gaps
        if gaps:
            ax.boxplot([gaps], positions=[y], widths=0.55, whis=(0, 100), showfliers=False, **horizontal,
                       manage_ticks=False, patch_artist=True, zorder=2,
                       boxprops={"facecolor": "#EEEEEE", "edgecolor": _NOTE_INK, "linewidth": 1.0},
                       medianprops={"color": _INK, "linewidth": 2.2}, whiskerprops={"color": _NOTE_INK},
                       capprops={"color": _NOTE_INK})
            # A fixed, evenly spread vertical offset per organisation (golden-ratio sequence): no randomness.
            offsets = [((k * 0.6180339887) % 1.0 - 0.5) * 0.5 for k in range(len(items))]
            sig = [i.gap is not None and i.gap.significant is True for i in items]
            ax.scatter(gaps, [y + o for o in offsets], s=22, zorder=3, gid=f"gaps-{n}",
                       facecolors=[_LIMIT_998 if s else "white" for s in sig],
                       edgecolors=[_INK if s else _WITHIN_EDGE for s in sig], linewidths=0.9)
        d = distributions.get(n)
        worse = "right" if not HIGHER_IS_BETTER[n] else "left"
        if d is None or d.median is None:
            alt_parts.append(f"indicator {n}: no organisation with both groups of 11 or more respondents")
            continue
        alt_parts.append(
            f"indicator {n} ({SHORT_TITLES[n].lower()}; {worse} of 0 is worse for BME staff): {d.n_orgs} "
            f"organisations, median {charts._signed_pp(d.median)} percentage points, quartiles "
            f"{charts._signed_pp(d.q1)} to {charts._signed_pp(d.q3)}, range {charts._signed_pp(d.low)} to "
            f"{charts._signed_pp(d.high)}; BME staff fared worse in {d.n_bme_worse}, significantly in "
            f"{d.n_bme_worse_significant}"
            + (f"; {d.n_excluded} left out (a group under 11 respondents)" if d.n_excluded else ""))
    ax.axvline(0, color=_INK, lw=1.0, ls="--", zorder=1, gid="no-gap")
    labels = []
    for n in numbers:
        worse = "higher" if not HIGHER_IS_BETTER[n] else "lower"
        labels.append(words.mpl("\n".join(charts._wrap(f"{n}. {SHORT_TITLES[n]}", charts._BASE_FONT, 2.1))
                                + f"\n(BME {worse} = worse)"))
    ax.set_yticks(rows, labels=labels, fontsize=8)
    ax.set_ylim(-0.7, len(numbers) - 0.3)
    span = max(abs(min(all_gaps)), abs(max(all_gaps)), 5.0) * 1.1
    ax.set_xlim(-span, span)
    ax.set_xlabel(words.mpl("BME % minus White % (percentage points)"), fontsize=charts._BASE_FONT)
    ax.tick_params(axis="y", length=0)
    handles = [Line2D([], [], ls="none", marker="o", ms=6, mfc=_LIMIT_998, mec=_INK),
               Line2D([], [], ls="none", marker="o", ms=6, mfc="white", mec=_WITHIN_EDGE),
               Line2D([], [], color=_INK, lw=1, ls="--")]
    names = ["gap statistically significant (Fisher's exact test)", "not significant", "no gap (0)"]
    charts._finish(fig, handles, names, ["Organisations with a group under 11 respondents are left out, as the "
                                         "NHS Staff Survey suppresses them. Box: quartiles and median; lines: range."],
                   words, ncols=3)
    alt = (f"Box and strip plot of the BME minus White gap in percentage points across organisations, NHS Staff "
           f"Survey {survey_year} (WRES {year})" + (" (synthetic data)" if synthetic else "") + ": "
           + "; ".join(alt_parts) + ".")
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# Trends of pooled figures
# --------------------------------------------------------------------------------------------------


def trend_chart(bench: Benchmark, number: int, *, bme_label: str = "BME") -> Chart:
    """Pooled relative likelihood of indicator 2, 3 or 4 by year: all organisations and each group.

    All organisations pooled is the thick black line; each region (or organisation type) has its own
    colour, marker and line style. A log axis, parity and the non-adverse range as in the reports.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.benchmark import compute_benchmark
    >>> b = compute_benchmark(Path(__file__).parents[3] / "data" / "example", 2024)
    >>> "All organisations: 2022 " in trend_chart(b, 2).alt_text
    True
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if number not in _RL_GROUPS:
        raise ValueError(f"number must be 2, 3 or 4, got {number!r}")
    words = charts._Words(charts._check_label(bme_label))
    years = bench.trend_years
    title = f"Indicator {number}: pooled {_question(number)}, {charts._span(years)}"
    fig = charts._figure(8.0, 4.8)
    ax = fig.add_subplot()
    charts._style_axes(ax, grid_axis="")
    charts._head(fig, ax, title, f"All organisations and each {bench.group_by.replace('_', ' ')}, from summed counts"
                 + (" – synthetic data" if bench.synthetic else ""), words)
    names = [NATIONAL] + sorted({r.name for r in bench.trends if r.group_by != "national"})
    series = []
    for name in names:
        by_year = {r.year: r.ratios[number].value for r in bench.trend(name)}
        series.append((name, [by_year.get(y) for y in years]))
    values = [v for _, vals in series for v in vals if v]
    low, high = charts._rl_limits(values)
    _log_axis(ax, low, high)
    ax.axhspan(NON_ADVERSE_LOW, NON_ADVERSE_HIGH, color=charts._BAND_FILL, alpha=0.16, lw=0, zorder=0)
    ax.axhline(1.0, color=_INK, lw=1.0, ls="--", zorder=1, gid="parity")
    handles: list = []
    labels: list[str] = []
    alt_parts = []
    x = list(range(len(years)))
    for k, (name, vals) in enumerate(series):
        national = name == NATIONAL
        colour = _INK if national else _SERIES[(k - 1) % len(_SERIES)]
        marker = "o" if national else _MARKERS[(k - 1) % len(_MARKERS)]
        style = "-" if national else _STYLES[(k - 1) % len(_STYLES)]
        ys = [v if v else math.nan for v in vals]
        ax.plot(x, ys, color=colour, marker=marker, ms=8 if national else 6, lw=3.0 if national else 1.6, ls=style,
                zorder=4 if national else 3, gid="trend-national" if national else "trend-group",
                markeredgecolor=_INK if not national else colour, markeredgewidth=0.6)
        handles.append(Line2D([], [], color=colour, marker=marker, ms=7, lw=3.0 if national else 1.6, ls=style,
                              markeredgecolor=_INK if not national else colour, markeredgewidth=0.6))
        labels.append(name)
        alt_parts.append(f"{name}: " + ", ".join(f"{y} {charts._rl_text(v) if v else 'not calculable'}"
                                                 for y, v in zip(years, vals, strict=True)))
    for i, v in enumerate(series[0][1]):
        if v:
            ax.annotate(charts._rl_text(v), (i, v), xytext=(-10, 0), textcoords="offset points", ha="right",
                        va="center", fontsize=8.5, fontweight="bold", zorder=6,
                        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.set_xticks(x, labels=[str(y) for y in years])
    ax.set_xlim(-0.4, len(years) - 0.6 + 0.2)
    ax.set_xlabel("WRES reporting year", fontsize=charts._BASE_FONT)
    a, b = _RL_GROUPS[number]
    ax.set_ylabel(words.mpl(f"Pooled relative likelihood (log scale)\n{a} compared to {b}"), fontsize=charts._BASE_FONT)
    handles += [Patch(facecolor=charts._BAND_FILL, alpha=0.16, edgecolor="none"), Line2D([], [], color=_INK, ls="--")]
    labels += ["non-adverse range 0.80–1.25", "parity (1.00)"]
    charts._finish(fig, handles, labels, [], words, ncols=3)
    alt = (f"Line chart of the pooled {_question(number)}, WRES {charts._span(years)}"
           + (" (synthetic data)" if bench.synthetic else "")
           + ", computed from the summed counts, on a log scale where 1.00 is parity. " + ". ".join(alt_parts) + ".")
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# Board against workforce
# --------------------------------------------------------------------------------------------------


def board_scatter_chart(boards: Sequence[OrgBoard], year: int, *, bme_label: str = "BME",
                        synthetic: bool = False) -> Chart:
    """Indicator 9 across organisations: board voting members' BME share against the workforce's.

    Each organisation is a point; on the dashed diagonal the board's BME share equals the workforce's, and
    below it the board is less diverse than the staff it leads. The five organisations furthest below the
    diagonal are labelled.

    Examples
    --------
    >>> from wreslib.legacy.measures.benchmark import Organisation
    >>> from wreslib.legacy.measures.results import BoardMeasure, GroupCounts
    >>> staff = GroupCounts("All staff", 300, 100, 0)
    >>> b = OrgBoard(Organisation("AAA", "A", "ICB", "R"),
    ...              BoardMeasure("voting", "ok", None, GroupCounts("board", 11, 1, 0), staff),
    ...              BoardMeasure("executive", "ok", None, GroupCounts("board", 5, 1, 0), staff))
    >>> "AAA board 8.3%, workforce 25.0% (−16.7 pp)" in board_scatter_chart([b], 2024).alt_text
    True
    """
    from matplotlib.lines import Line2D

    words = charts._Words(charts._check_label(bme_label))
    title = f"Indicator 9: BME share of board voting members against the workforce, {year}"
    usable = [b for b in boards if b.voting.status == OK and b.voting.difference_pp is not None]
    fig = charts._figure(8.0, 5.4)
    ax = fig.add_subplot()
    charts._style_axes(ax, grid_axis="both")
    charts._head(fig, ax, title, f"{len(usable)} organisations" + (" – synthetic data" if synthetic else ""), words)
    xs = [b.voting.workforce_bme_pct for b in usable]
    ys = [b.voting.board_bme_pct for b in usable]
    top = max([40.0, *xs, *ys]) + 5
    top = min(100.0, math.ceil(top / 10) * 10)
    ax.plot([0, top], [0, top], color=_INK, ls="--", lw=1.0, zorder=1, gid="board-equals-workforce")
    below = [b.voting.difference_pp < 0 for b in usable]
    ax.scatter(xs, ys, s=36, zorder=3, gid="board-points",
               facecolors=[charts.BME_COLOUR if d else "white" for d in below],
               edgecolors=[_INK if d else _WITHIN_EDGE for d in below], linewidths=0.9)
    for b in sorted(usable, key=lambda b: (b.voting.difference_pp, b.org.code))[:5]:
        if b.voting.difference_pp < 0:
            ax.annotate(words.mpl(b.org.code), (b.voting.workforce_bme_pct, b.voting.board_bme_pct), xytext=(5, -3),
                        textcoords="offset points", ha="left", va="top", fontsize=7.5, gid="board-label")
    ax.set_xlim(0, top)
    ax.set_ylim(-1, top)
    ax.set_xlabel(words.mpl("Workforce: BME share of staff (%)"), fontsize=charts._BASE_FONT)
    ax.set_ylabel(words.mpl("Board: BME share of voting members (%)"), fontsize=charts._BASE_FONT)
    handles = [Line2D([], [], ls="none", marker="o", ms=6, mfc=charts.BME_COLOUR, mec=_INK),
               Line2D([], [], ls="none", marker="o", ms=6, mfc="white", mec=_WITHIN_EDGE),
               Line2D([], [], color=_INK, ls="--")]
    names = ["board less diverse than the workforce", "board as or more diverse", "board share = workforce share"]
    missing = [b.org.code for b in boards if b not in usable]
    notes = [f"No board figure: {', '.join(missing)}."] if missing else []
    charts._finish(fig, handles, names, notes, words, ncols=3)
    parts = [f"{b.org.code} board {charts._pct1(b.voting.board_bme_pct)}%, workforce "
             f"{charts._pct1(b.voting.workforce_bme_pct)}% ({charts._signed_pp(round(b.voting.difference_pp, 1))} pp)"
             for b in sorted(usable, key=lambda b: b.org.code)]
    n_below = sum(below)
    alt = (f"Scatter plot of the BME share of board voting members against the BME share of the workforce, WRES "
           f"{year}" + (" (synthetic data)" if synthetic else "") + f", one point per organisation: {n_below} of "
           f"{len(usable)} boards are less diverse than their workforce. " + "; ".join(parts) + "."
           + (f" No board figure: {', '.join(missing)}." if missing else ""))
    return Chart(fig, words(title), words(alt))
