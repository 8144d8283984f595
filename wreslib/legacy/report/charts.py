"""Charts of the WRES indicators, drawn from computed results and ready to embed in an HTML report.

Each chart function takes the :class:`~wreslib.legacy.measures.results.IndicatorSet` objects that
``compute_indicators`` returns and gives back a :class:`Chart`: a matplotlib figure, its title and
a full text alternative for screen readers that carries every number the chart shows. Nothing here
computes a WRES figure; the charts only draw what ``wreslib.legacy.measures`` has worked out. Whatever is
missing (``no_data``, ``not_calculable``, a value of None) is drawn as a note in the chart and
said in the text alternative, never left out silently and never an error.

Design choices:

- matplotlib is imported inside the functions (``import wreslib`` stays light), and figures are
  made with :class:`matplotlib.figure.Figure` and the Agg canvas directly: no pyplot state, no
  backend switch, safe in threads and batch workers, nothing to close.
- Colours are the Okabe–Ito palette, safe for colour-blind readers: White ``#0072B2`` (blue), BME
  ``#E69F00`` (orange), Unknown ``#999999`` (grey), benchmark ``#009E73`` (green); series also
  differ by marker, line style or hatch, never by colour alone.
- ``bme_label`` is a display label only ("Global Majority", "BAME"): it replaces the word "BME" in
  every visible string and in the text alternative; the grouping is unchanged.
- Rendering is deterministic: the same results give the same image bytes (no date, no software
  version in the file).

References
----------
NHS England, *Workforce Race Equality Standard: technical guidance* (the nine indicators; the
four-fifths rule, 0.80–1.25, for indicators 2-4). Katz D, Baptista J, Azen SP, Pike MC. Obtaining
confidence intervals for the risk ratio in cohort studies. *Biometrics* 1978;34:469-474 (the
intervals drawn). Okabe M, Ito K. *Color Universal Design*, 2008 (the palette).
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from wreslib.data import bands
from wreslib.legacy.measures.results import (
    HIGHER_IS_BETTER,
    NO_DATA,
    OK,
    TITLES,
    BoardMeasure,
    GroupCounts,
    Indicator1,
    Indicator9,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)
from wreslib.legacy.measures.stats import NON_ADVERSE_HIGH, NON_ADVERSE_LOW
from wreslib.legacy.report import fmt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BENCHMARK_COLOUR",
    "BME_COLOUR",
    "UNKNOWN_COLOUR",
    "WHITE_COLOUR",
    "Chart",
    "board_chart",
    "relative_likelihood_chart",
    "render",
    "report_charts",
    "representation_trend_chart",
    "survey_chart",
    "to_html",
    "workforce_composition_chart",
]

#: Okabe–Ito colours by group.
WHITE_COLOUR = "#0072B2"
BME_COLOUR = "#E69F00"
UNKNOWN_COLOUR = "#999999"
BENCHMARK_COLOUR = "#009E73"
_INK = "#000000"
_NOTE_INK = "#333333"
_BAND_FILL = "#009E73"  # the non-adverse band, drawn pale
_EDGE = "#404040"

_T = TypeVar("_T")
_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
_BASE_FONT = 9.0
_NOTE_FONT = 8.5

#: Indicators 2-4: who is counted (noun), the outcome (as in the guidance) and the same outcome after "to".
_RL_WORDING: dict[int, tuple[str, str, str]] = {
    2: ("applicants", "being appointed from shortlisting", "be appointed from shortlisting"),
    3: ("staff", "entering the formal disciplinary process", "enter the formal disciplinary process"),
    4: ("staff", "accessing non-mandatory training and CPD", "access non-mandatory training and CPD"),
}
#: Group a (numerator) and group b of indicators 2-4 when no year has a result to read them from.
_RL_DEFAULT_GROUPS: dict[int, tuple[str, str]] = {2: ("White", "BME"), 3: ("BME", "White"), 4: ("White", "BME")}
#: Candidate ticks of the log axis, most wanted first: parity, 2× and ½×, the four-fifths limits, powers of
#: ten, then 4×, ¼×, 8×, 16×; only those whose labels have room are kept (see ``_rl_ticks``).
_RL_TICKS: tuple[float, ...] = (
    1.0, 0.5, 2.0, 0.8, 1.25,
    *(v for k in range(1, 9) for v in (10.0**-k, 10.0**k)),
    0.25, 4.0, 8.0, 16.0,
)
_STAFF_GROUP_NAMES = {
    "all": "All staff groups",
    "non-clinical": "Non-clinical",
    "clinical": "Clinical",
    "medical": "Medical and dental",
    "other": "Other",
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart with the words that go with it.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure, made without pyplot (render it with :func:`render` or :func:`to_html`).
    title : str
        The chart's title, as plain text (also drawn at the top of the figure).
    alt_text : str
        A full description for screen readers: what is compared to what, and every number drawn,
        including what is missing and why.
    """

    figure: Figure
    title: str
    alt_text: str


# --------------------------------------------------------------------------------------------------
# Small helpers: input checks, wording, figure set-up
# --------------------------------------------------------------------------------------------------


def _check_label(bme_label: object) -> str:
    if not isinstance(bme_label, str) or not bme_label.strip():
        raise ValueError(f"bme_label must be a non-empty display label such as 'Global Majority', got {bme_label!r}")
    return " ".join(bme_label.split())


class _Words:
    """Puts the display label in place of "BME"; ``mpl`` also keeps matplotlib from reading "$" as maths."""

    def __init__(self, bme_label: str) -> None:
        self.bme_label = bme_label

    def __call__(self, text: str) -> str:
        if self.bme_label == "BME":
            return text
        return re.sub(r"\bBME\b", lambda _: self.bme_label, text)

    def mpl(self, text: str) -> str:
        # Data-derived text (organisation names, labels, reasons) with two "$" would otherwise be parsed
        # as mathtext, and a stray one can make drawing fail; "\$" draws a plain dollar sign.
        return self(text).replace("$", r"\$")


def _ordered(sets: Sequence[IndicatorSet] | IndicatorSet) -> list[IndicatorSet]:
    """The sets sorted oldest first, after checking they are one organisation's distinct years."""
    items = [sets] if isinstance(sets, IndicatorSet) else list(sets)
    if not items:
        raise ValueError("no results to chart: pass one IndicatorSet per year from compute_indicators")
    for item in items:
        if not isinstance(item, IndicatorSet):
            raise TypeError(f"expected IndicatorSet objects from compute_indicators, got {type(item).__name__}")
    codes = sorted({item.org_code for item in items})
    if len(codes) > 1:
        raise ValueError(f"a trend chart shows one organisation, but the results are for {', '.join(codes)}")
    years = [item.year for item in items]
    repeated = sorted({y for y in years if years.count(y) > 1})
    if repeated:
        raise ValueError(f"year {', '.join(map(str, repeated))} appears more than once in the results")
    return sorted(items, key=lambda item: item.year)


def _check_single(result: object) -> IndicatorSet:
    if not isinstance(result, IndicatorSet):
        raise TypeError(f"expected an IndicatorSet from compute_indicators, got {type(result).__name__}")
    return result


def _span(years: Sequence[int]) -> str:
    """'2024', '2022–2024' for consecutive years, else '2022, 2024'."""
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    if list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _pct(value: float) -> str:
    """A percentage as published: at most two decimals, no trailing zeros (7.05, 12.7, 25)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _pct1(value: float) -> str:
    return f"{value:.1f}"


def _signed_pp(value: float) -> str:
    """A difference in percentage points with its sign (+4.7, −4.88, 0)."""
    text = _pct(abs(value))
    if text == "0":
        return "0"
    return ("+" if value > 0 else "−") + text


def _rl_text(value: float) -> str:
    """A relative likelihood as published, to two decimals (3.44); large ones to whole numbers (1,707)."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def _plain_tick(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _subtitle(result: IndicatorSet) -> str:
    text = result.org_name or result.org_code
    if result.org_name and result.org_code:
        text = f"{result.org_name} ({result.org_code})"
    return f"{text} – synthetic data" if result.synthetic else text


def _describe_org(result: IndicatorSet) -> str:
    name = _subtitle(result)
    return name.replace(" – synthetic data", " (synthetic data, not a real organisation)")


def _short_reason(status: str | None, reason: str | None) -> str:
    head = "no data" if status == NO_DATA else "not calculable"
    if not reason:
        return head
    first = re.split(r":|, so |; ", reason, maxsplit=1)[0].strip()
    if len(first) > 60:
        first = first[:57].rstrip() + "…"
    return f"{head}\n({first})" if first else head


def _status_words(status: str | None) -> str:
    return "no data" if status == NO_DATA else "not calculable"


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    fig.get_layout_engine().set(h_pad=0.06, w_pad=0.06)
    return fig


def _style_axes(ax: Axes, grid_axis: str = "y") -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=_BASE_FONT)
    if grid_axis:
        ax.grid(axis=grid_axis, color="#DDDDDD", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)


def _head(fig: Figure, ax: Axes, title: str, subtitle: str, words: _Words) -> None:
    fig.suptitle(
        words.mpl("\n".join(_wrap(words(title), 11.5, fig.get_figwidth() * 0.95, bold=True))),
        x=0.01, ha="left", fontsize=11.5, fontweight="bold",
    )
    ax.set_title(words.mpl(subtitle), loc="left", fontsize=_BASE_FONT, color=_NOTE_INK)


def _wrap(text: str, fontsize: float, width_in: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width_in`` inches, measured with the font itself."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    measure = TextToPath()
    limit = width_in * 72  # the measure is in points

    def fits(line: str) -> bool:
        return measure.get_text_width_height_descent(line, prop, ismath=False)[0] <= limit

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if not line or fits(candidate):
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _finish(fig: Figure, handles: list, labels: list[str], notes: Sequence[str], words: _Words, ncols: int) -> None:
    """Put the legend under the plot and the notes under the legend, growing the figure to hold them.

    Both sit in a band at the foot of the figure, outside the rectangle the layout engine arranges, so
    they can never overlap the plot; the figure grows by the band's height so the plot keeps its size.
    """
    renderer = fig.canvas.get_renderer()
    width_in, height_in = fig.get_size_inches()
    legend = None
    legend_in = 0.0
    if handles:
        shown = [words.mpl(label) for label in labels]
        for columns in range(min(ncols, len(handles)), 0, -1):
            if legend is not None:
                legend.remove()
            legend = fig.legend(handles, shown, loc="upper center", ncols=columns, frameon=False,
                                fontsize=_BASE_FONT, borderaxespad=0.2)
            legend.set_in_layout(False)
            box = legend.get_window_extent(renderer)
            if box.width / fig.dpi <= width_in * 0.98:
                break
        legend_in = legend.get_window_extent(renderer).height / fig.dpi + 0.04
    lines: list[str] = []
    if notes:
        lines = [line for note in notes for line in _wrap(words(note), _NOTE_FONT, width_in * 0.97)]
    notes_in = (len(lines) * _NOTE_FONT * 1.3 + 6) / 72 if lines else 0.0
    band_in = legend_in + notes_in + (0.04 if lines or legend is not None else 0.0)
    if band_in == 0:
        return
    total = height_in + band_in
    fig.set_size_inches(width_in, total)
    frac = band_in / total
    fig.get_layout_engine().set(rect=(0, frac, 1, 1 - frac))
    if legend is not None:
        legend.set_bbox_to_anchor((0.5, frac), transform=fig.transFigure)
    if lines:
        fig.text(
            0.01, (notes_in - 3 / 72) / total, words.mpl("\n".join(lines)),
            ha="left", va="top", fontsize=_NOTE_FONT, color=_NOTE_INK, linespacing=1.3, gid="chart-notes",
        )


def _spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label positions apart by at least ``gap`` within [low, high], keeping their order."""
    if not positions:
        return []
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - high
    if overflow > 0:
        placed = [p - overflow for p in placed]
    for i in range(len(placed) - 2, -1, -1):
        placed[i] = min(placed[i], placed[i + 1] - gap)
    if placed[0] < low:
        placed = [p + (low - placed[0]) for p in placed]
    result = [0.0] * len(positions)
    for rank, i in enumerate(order):
        result[i] = placed[rank]
    return result


def _label_points(ax: Axes, x: float, items: Sequence[tuple[float, str, str]], gid: str) -> None:
    """Label the points at one x: the highest above, the lowest below, any between to the right.

    Above and below keep clear of lines that run roughly level; the white box keeps a label readable
    where a sloping line passes behind it.
    """
    low, high = ax.get_ylim()
    edge = 0.07 * (high - low)  # nearer the floor or ceiling than this, a label above or below would leave the plot
    order = sorted(range(len(items)), key=lambda k: items[k][0])
    for rank, k in enumerate(order):
        value, text, colour = items[k]
        if rank == len(order) - 1 and value < high - edge:
            offset, ha, va = (0, 7), "center", "bottom"
        elif rank == 0 and value > low + edge:
            offset, ha, va = (0, -7), "center", "top"
        elif rank == 0 or rank == len(order) - 1:
            offset, ha, va = (-9, 0), "right", "center"
        else:
            offset, ha, va = (9, 0), "left", "center"
        ax.annotate(text, (x, value), xytext=offset, textcoords="offset points", ha=ha, va=va,
                    fontsize=_BASE_FONT, fontweight="bold", color=colour, zorder=6, gid=gid,
                    bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _as(obj: object, kind: type[_T]) -> _T | None:
    """``obj`` if it is a ``kind`` (an indicator result of the expected type), else None."""
    return obj if isinstance(obj, kind) else None


# --------------------------------------------------------------------------------------------------
# Indicators 2-4: relative likelihoods over the years
# --------------------------------------------------------------------------------------------------


def _rl_limits(values: list[float]) -> tuple[float, float]:
    positive = [v for v in values if v > 0 and math.isfinite(v)]
    low = min([0.5, *positive]) / 1.3
    high = max([2.0, *positive]) * 1.3
    return low, high


def _rl_ticks(low: float, high: float, axis_points: float = 230.0) -> list[float]:
    """Readable ticks (1, 0.5, 2, 0.8, 1.25, ...) that fit between the limits without their labels touching."""
    span = math.log10(high / low)
    min_gap = span * (_BASE_FONT * 1.5) / axis_points  # in decades
    chosen: list[float] = []
    for tick in _RL_TICKS:
        if low <= tick <= high and all(abs(math.log10(tick / c)) >= min_gap for c in chosen):
            chosen.append(tick)
    return sorted(chosen)


def relative_likelihood_chart(
    sets: Sequence[IndicatorSet], number: int, *, bme_label: str = "BME"
) -> Chart:
    """Relative likelihood of indicator 2, 3 or 4 over the years, on a log axis with the four-fifths band.

    Each year's relative likelihood is a point with its 95% confidence interval (Katz log method) as
    an error bar; significant points are filled, others hollow. The y-axis is logarithmic so that
    2× and ½× sit equally far from parity (1.00, dashed); the non-adverse range 0.80–1.25 (four-fifths
    rule) is shaded. A relative likelihood of 0 cannot sit on a log axis and is drawn at the axis floor
    marked "0". Years without a value are marked "not calculable" or "no data" with the reason.

    Parameters
    ----------
    sets : sequence of IndicatorSet
        One organisation's results, one per year (any order; drawn oldest first).
    number : int
        2, 3 or 4.
    bme_label : str, optional
        Display label used in place of "BME" (e.g. "Global Majority").

    Returns
    -------
    Chart

    Raises
    ------
    ValueError
        If ``number`` is not 2, 3 or 4, ``sets`` is empty, mixes organisations or repeats a year, or
        ``bme_label`` is empty.
    TypeError
        If an item of ``sets`` is not an IndicatorSet.

    References
    ----------
    NHS England, WRES technical guidance, indicators 2-4 and the four-fifths rule; Katz et al.,
    *Biometrics* 1978;34:469-474 (the interval).

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> example = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(example, "QHG", y) for y in (2022, 2023, 2024)]
    >>> chart = relative_likelihood_chart(sets, 2)
    >>> print(chart.title)  # doctest: +NORMALIZE_WHITESPACE
    Indicator 2: relative likelihood of White applicants being appointed from shortlisting
    compared to BME applicants, 2022–2024
    >>> "2024: 3.44 (95% CI 1.73 to 6.85), significant" in chart.alt_text
    True
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if isinstance(number, bool) or number not in _RL_WORDING:
        raise ValueError(f"number must be 2, 3 or 4 (the relative-likelihood indicators), got {number!r}")
    words = _Words(_check_label(bme_label))
    ordered = _ordered(sets)
    latest = ordered[-1]
    years = [s.year for s in ordered]
    results = [_as(s.indicators.get(number), RelativeLikelihoodIndicator) for s in ordered]

    measures = [r.measure for r in results if r is not None and r.measure is not None]
    a_label, b_label = (
        (measures[0].a_label, measures[0].b_label) if measures else _RL_DEFAULT_GROUPS[number]
    )
    noun, event, to_event = _RL_WORDING[number]
    question = f"relative likelihood of {a_label} {noun} {event} compared to {b_label} {noun}"
    title = words(f"Indicator {number}: {question}, {_span(years)}")

    fig = _figure(8.0, 5.0)
    ax = fig.add_subplot()
    _style_axes(ax)
    _head(fig, ax, title, _subtitle(latest), words)

    # Sort each year into drawn (positive), zero (at the floor) or missing.
    points: list[tuple[int, float, float | None, float | None, bool | None]] = []
    zeros: list[tuple[int, bool | None]] = []
    missing: list[tuple[int, str | None, str | None]] = []
    alt_years: list[str] = []
    notes: list[str] = []
    for i, (year, res) in enumerate(zip(years, results, strict=True)):
        m = res.measure if res is not None else None
        value = m.relative_likelihood if m is not None else None
        if res is None:
            missing.append((i, NO_DATA, f"indicator {number} was not computed for {year}"))
            alt_years.append(f"{year}: no data")
            continue
        if res.status != OK or value is None or not math.isfinite(value) or value < 0:
            status = res.status if res.status != OK else "not_calculable"
            reason = res.reason or (m.reason if m is not None else None)
            missing.append((i, status, reason))
            alt_years.append(f"{year}: {_status_words(status)}" + (f" ({reason})" if reason else ""))
            continue
        if m.significant is True:
            verdict = "significant"
        elif m.significant is False:
            verdict = "not significant"
        else:
            verdict = "significance not tested"
        if m.significance_basis == "fisher_exact" and m.significant is not None:
            verdict += " (Fisher's exact test)"
        if value == 0:
            zeros.append((i, m.significant))
            alt_years.append(f"{year}: 0, no confidence interval (a zero count), {verdict}")
            notes.append(f"{year}: the relative likelihood is 0 ({m.reason or 'no cases'}); it is drawn at the "
                         "foot of the axis because 0 cannot be shown on a log scale.")
            continue
        ci = (m.ci_low, m.ci_high)
        has_ci = all(c is not None and math.isfinite(c) and c > 0 for c in ci)
        points.append((i, value, ci[0] if has_ci else None, ci[1] if has_ci else None, m.significant))
        ci_text = f" (95% CI {_rl_text(ci[0])} to {_rl_text(ci[1])})" if has_ci else " (no confidence interval)"
        alt_years.append(f"{year}: {_rl_text(value)}{ci_text}, {verdict}")
        if not has_ci:
            notes.append(f"{year}: no confidence interval" + (f" – {m.reason}" if m.reason else "") + ".")

    extent = [p[1] for p in points] + [c for p in points for c in (p[2], p[3]) if c is not None]
    low, high = _rl_limits(extent)
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    ticks = _rl_ticks(low, high)
    from matplotlib.ticker import NullFormatter, NullLocator

    ax.set_yticks(ticks, labels=[_plain_tick(t) for t in ticks])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(-0.5, len(years) - 0.5)
    ax.set_xticks(range(len(years)), labels=[str(y) for y in years])
    ax.set_xlabel("WRES reporting year", fontsize=_BASE_FONT)
    ax.set_ylabel(words.mpl(f"Relative likelihood (log scale)\n{a_label} compared to {b_label}"), fontsize=_BASE_FONT)
    ax.grid(False)

    band_label = "non-adverse range (four-fifths rule), 0.80–1.25"
    ax.axhspan(NON_ADVERSE_LOW, NON_ADVERSE_HIGH, color=_BAND_FILL, alpha=0.16, lw=0, zorder=0,
               label=band_label, gid="non-adverse-band")
    ax.axhline(1.0, color=_INK, lw=1.0, ls="--", zorder=1, label="parity (1.00)", gid="parity")

    trend = [math.nan] * len(years)
    for i, value, *_ in points:
        trend[i] = value
    ax.plot(range(len(years)), trend, color="#777777", lw=0.9, zorder=2, gid="rl-trend")

    if any(p[2] is not None for p in points):
        with_ci = [p for p in points if p[2] is not None]
        bars = ax.errorbar(
            [p[0] for p in with_ci], [p[1] for p in with_ci],
            yerr=[[p[1] - p[2] for p in with_ci], [p[3] - p[1] for p in with_ci]],
            fmt="none", ecolor=_INK, elinewidth=1.3, capsize=5, capthick=1.3, zorder=3,
        )
        bars.lines[2][0].set_gid("rl-ci")
        for cap in bars.lines[1]:
            cap.set_gid("rl-ci-caps")

    def faces(sig: Sequence[bool | None]) -> list[str]:
        return [_INK if s is True else "white" for s in sig]

    if points:
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=64, marker="o",
                   facecolors=faces([p[4] for p in points]), edgecolors=_INK, linewidths=1.5, zorder=4,
                   gid="rl-points")
        for i, value, *_ in points:
            ax.annotate(_rl_text(value), (i, value), xytext=(9, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=_BASE_FONT, fontweight="bold", gid="rl-value", zorder=5,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    if zeros:
        ax.scatter([z[0] for z in zeros], [low] * len(zeros), s=64, marker="o",
                   facecolors=faces([z[1] for z in zeros]), edgecolors=_INK, linewidths=1.5, zorder=4,
                   clip_on=False, gid="rl-zero")
        for i, _sig in zeros:
            ax.annotate("0", (i, low), xytext=(9, 4), textcoords="offset points", va="bottom", ha="left",
                        fontsize=_BASE_FONT, fontweight="bold", gid="rl-value")
    for i, status, reason in missing:
        text = "\n".join(textwrap.fill(part, 26) for part in _short_reason(status, reason).split("\n"))
        ax.annotate(words.mpl(text), (i, 1.0), ha="center", va="center", fontsize=8.5, style="italic",
                    color=_NOTE_INK, zorder=5, gid="rl-missing",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#BBBBBB"})

    # Which way is which, outside the plot on the right so it can never cover a point.
    ax.annotate(words.mpl(f"▲ {a_label} {noun}\nmore likely"), xy=(1, 1), xycoords="axes fraction",
                xytext=(6, 0), textcoords="offset points", ha="left", va="top", fontsize=8, color=_NOTE_INK)
    ax.annotate(words.mpl(f"▼ {b_label} {noun}\nmore likely"), xy=(1, 0), xycoords="axes fraction",
                xytext=(6, 0), textcoords="offset points", ha="left", va="bottom", fontsize=8, color=_NOTE_INK)

    handles: list = []
    labels: list[str] = []
    sig_seen = {p[4] is True for p in points} | {z[1] is True for z in zeros}
    if True in sig_seen:
        handles.append(Line2D([], [], ls="none", marker="o", ms=8, mfc=_INK, mec=_INK, mew=1.5))
        labels.append("significant at the 5% level (filled)")
    if False in sig_seen:
        handles.append(Line2D([], [], ls="none", marker="o", ms=8, mfc="white", mec=_INK, mew=1.5))
        labels.append("not significant (hollow)")
    if any(p[2] is not None for p in points):
        handles.append(Line2D([], [], color=_INK, lw=1.3, marker="_", ms=10, mew=1.3))
        labels.append("95% confidence interval")
    handles += [Patch(facecolor=_BAND_FILL, alpha=0.16, edgecolor="none"), Line2D([], [], color=_INK, lw=1, ls="--")]
    labels += [band_label, "parity (1.00)"]
    for status in ("not_calculable", NO_DATA):
        by_reason: dict[str | None, list[int]] = {}
        for i, st, reason in missing:
            if st == status:
                by_reason.setdefault(reason, []).append(years[i])
        for reason, yrs in by_reason.items():
            notes.append(f"{_status_words(status).capitalize()} in {_span(yrs)}" + (f": {reason}." if reason else "."))
    _finish(fig, handles, labels, notes, words, ncols=3)

    a_cap = f"{a_label} {noun}"
    alt = (
        f"Chart of the {question}, {_describe_org(latest)}, WRES {_span(years)}, on a log scale where 1.00 is "
        f"parity and 0.80 to 1.25 is the non-adverse range (four-fifths rule). "
        + ". ".join(alt_years)
        + f". Values above 1 mean {a_cap} were more likely than {b_label} {noun} to {to_event}; "
        "values below 1 mean they were less likely."
        + (" Filled points are statistically significant at the 5% level; hollow points are not."
           if points or zeros else "")
    )
    return Chart(fig, title, words(alt))


# --------------------------------------------------------------------------------------------------
# Indicator 1: workforce composition by staff group and band
# --------------------------------------------------------------------------------------------------


def _composition_rows(ind: Indicator1) -> list[tuple[str, GroupCounts, bool]]:
    """(label, counts, starts a new block) rows: the whole workforce first, then ranges, then staff groups."""
    rows: list[tuple[str, GroupCounts, bool]] = []
    if ind.overall is not None:
        rows.append(("Whole workforce", ind.overall, True))
    all_groups = [r for r in ind.by_published_range if r.staff_group == "all"]
    for k, r in enumerate(all_groups):
        rows.append((f"{_STAFF_GROUP_NAMES['all']}, {r.label}", r, k == 0))
    group_order = []
    for r in (*ind.by_staff_group, *ind.by_band, *ind.by_published_range):
        if r.staff_group and r.staff_group != "all" and r.staff_group not in group_order:
            group_order.append(r.staff_group)
    for group in group_order:
        ranges = [r for r in ind.by_published_range if r.staff_group == group]
        band_rows = [r for r in ind.by_band if r.staff_group == group]
        if ranges:
            # Bands outside the published ranges (medical grades, Not recorded) still need their own bar.
            chosen = ranges + [r for r in band_rows if bands.published_range(r.label) is None
                               and r.label not in bands.PUBLISHED_RANGES]
        else:
            chosen = band_rows
        name = _STAFF_GROUP_NAMES.get(group, group.capitalize())
        for k, r in enumerate(chosen):
            rows.append((f"{name}, {r.label}", r, k == 0))
    return rows


def workforce_composition_chart(result: IndicatorSet, *, bme_label: str = "BME") -> Chart:
    """Indicator 1: stacked horizontal bars of the BME, White and Unknown share of each band.

    One bar for the whole workforce (first), one for each published band range across all staff
    groups, then one per staff group and band (published ranges where the data has them, otherwise
    the bands as recorded; medical grades and ``Not recorded`` keep their own bar). BME is drawn from
    0 so its share can be read off directly and compared with the dotted whole-workforce line.

    Parameters
    ----------
    result : IndicatorSet
        One organisation's results for one year.
    bme_label : str, optional
        Display label used in place of "BME".

    Returns
    -------
    Chart

    References
    ----------
    NHS England, WRES technical guidance, indicator 1.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> chart = workforce_composition_chart(result, bme_label="Global Majority")
    >>> chart.title
    'Indicator 1: workforce by ethnic group, staff group and band, 31 March 2024'
    >>> "Whole workforce (400 staff): Global Majority 24.0%, White 72.0%, Unknown 4.0%" in chart.alt_text
    True
    """
    from matplotlib.patches import Patch

    words = _Words(_check_label(bme_label))
    result = _check_single(result)
    ind = _as(result.indicators.get(1), Indicator1)
    title = f"Indicator 1: workforce by ethnic group, staff group and band, 31 March {result.year}"
    rows = _composition_rows(ind) if ind is not None else []

    height = 2.2 + 0.36 * max(len(rows), 3)
    fig = _figure(8.0, height)
    ax = fig.add_subplot()
    _style_axes(ax, grid_axis="x")
    _head(fig, ax, title, _subtitle(result), words)
    notes: list[str] = []
    alt_rows: list[str] = []

    if not rows:
        status = ind.status if ind is not None else NO_DATA
        reason = ind.reason if ind is not None else "indicator 1 was not computed"
        ax.text(0.5, 0.5, words.mpl(_short_reason(status, reason)), transform=ax.transAxes, ha="center",
                va="center", fontsize=10, style="italic", color=_NOTE_INK, gid="chart-missing")
        ax.set_yticks([])
        notes.append(f"Indicator 1: {_status_words(status)}" + (f" – {reason}." if reason else "."))
        alt_rows.append(f"No bars are drawn: {_status_words(status)}" + (f" ({reason})" if reason else ""))
    else:
        ys: list[float] = []
        y = 0.0
        for k, (_, _, new_block) in enumerate(rows):
            if k:
                y += 1.45 if new_block else 1.0
            ys.append(y)
        shares = [(c.bme_pct, c.white_pct, c.unknown_pct) for _, c, _ in rows]
        bme = [s[0] or 0.0 for s in shares]
        white = [s[1] or 0.0 for s in shares]
        unknown = [s[2] or 0.0 for s in shares]
        left_white = bme
        left_unknown = [b + w for b, w in zip(bme, white, strict=True)]
        style = {"height": 0.72, "edgecolor": _EDGE, "linewidth": 0.6, "zorder": 2}
        ax.barh(ys, bme, color=BME_COLOUR, hatch="//", gid="composition-bme", **style)
        ax.barh(ys, white, left=left_white, color=WHITE_COLOUR, gid="composition-white", **style)
        ax.barh(ys, unknown, left=left_unknown, color=UNKNOWN_COLOUR, hatch="..", gid="composition-unknown",
                **style)
        for y_pos, widths, lefts in zip(ys, zip(bme, white, unknown, strict=True),
                                        zip([0.0] * len(ys), left_white, left_unknown, strict=True), strict=True):
            for width, left, ink in zip(widths, lefts, (_INK, "white", _INK), strict=True):
                if width >= 7:
                    box = None if ink == "white" else {
                        "boxstyle": "round,pad=0.12", "facecolor": "white", "alpha": 0.8, "edgecolor": "none"}
                    ax.text(left + width / 2, y_pos, f"{width:.0f}%", ha="center", va="center", fontsize=8,
                            color=ink, zorder=3, bbox=box, gid="composition-value")
        labels = []
        for (label, counts, _), (b_pct, w_pct, u_pct) in zip(rows, shares, strict=True):
            labels.append(f"{label} (n = {fmt.count(counts.total)})")
            if counts.total == 0:
                alt_rows.append(f"{label}: no staff")
                notes.append(f"{label}: no staff recorded, so no shares.")
                continue
            alt_rows.append(f"{label} ({fmt.count(counts.total)} staff): BME {_pct1(b_pct)}%, White {_pct1(w_pct)}%, "
                            f"Unknown {_pct1(u_pct)}%")
        ax.set_yticks(ys, labels=[words.mpl(t) for t in labels])
        ax.set_ylim(ys[-1] + 0.7, ys[0] - 0.7)
        if ind is not None and ind.overall is not None and ind.overall.bme_pct is not None:
            ax.axvline(ind.overall.bme_pct, color=_INK, ls=":", lw=1.3, zorder=4, gid="workforce-bme-line")
        ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 20), labels=[f"{v}%" for v in range(0, 101, 20)])
    ax.set_xlabel("Percent of staff in the band", fontsize=_BASE_FONT)

    handles = [Patch(facecolor=BME_COLOUR, hatch="//", edgecolor=_EDGE),
               Patch(facecolor=WHITE_COLOUR, edgecolor=_EDGE),
               Patch(facecolor=UNKNOWN_COLOUR, hatch="..", edgecolor=_EDGE)]
    names = ["BME", "White", "Unknown (not stated)"]
    if rows and ind is not None and ind.overall is not None and ind.overall.bme_pct is not None:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color=_INK, ls=":", lw=1.3))
        names.append(f"BME share of the whole workforce ({_pct1(ind.overall.bme_pct)}%)")
    _finish(fig, handles if rows else [], names, notes, words, ncols=4)

    alt = (
        f"Stacked bar chart of the workforce of {_describe_org(result)} at 31 March {result.year} by ethnic "
        f"group, as percentages of each bar's headcount. " + ". ".join(alt_rows) + "."
    )
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# Indicators 5-8: staff survey percentages over the survey years
# --------------------------------------------------------------------------------------------------


def survey_chart(sets: Sequence[IndicatorSet], number: int, *, bme_label: str = "BME") -> Chart:
    """Indicator 5, 6, 7 or 8: BME against White over the survey years, with the benchmark.

    Lines join each group's percentage across NHS Staff Survey years (White: blue circles, solid;
    BME: orange squares, dashed); the benchmark group's White and BME percentages are hollow green
    markers beside the year they belong to. A year whose BME–White gap is statistically significant
    (Fisher's exact test) is starred. The y-axis runs 0-100%.

    Parameters
    ----------
    sets : sequence of IndicatorSet
        One organisation's results, one per WRES year; each uses the survey of the year before.
    number : int
        5, 6, 7 or 8.
    bme_label : str, optional
        Display label used in place of "BME".

    Returns
    -------
    Chart

    References
    ----------
    NHS England, WRES technical guidance, indicators 5-8; NHS Staff Survey.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> example = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(example, "QHG", y) for y in (2022, 2023, 2024)]
    >>> chart = survey_chart(sets, 8)
    >>> "2023: White 2.6% (227 respondents), BME 18.75% (48 respondents)" in chart.alt_text
    True
    """
    from matplotlib.lines import Line2D

    if isinstance(number, bool) or number not in HIGHER_IS_BETTER:
        raise ValueError(f"number must be 5, 6, 7 or 8 (the staff survey indicators), got {number!r}")
    words = _Words(_check_label(bme_label))
    ordered = _ordered(sets)
    latest = ordered[-1]
    results = [_as(s.indicators.get(number), SurveyIndicator) for s in ordered]
    survey_years = [
        (r.survey_year if r is not None and r.survey_year is not None else s.year - 1)
        for s, r in zip(ordered, results, strict=True)
    ]
    question = TITLES[number][0].lower() + TITLES[number][1:]
    title = f"Indicator {number}: {question} – White and BME staff, NHS Staff Survey {_span(survey_years)}"
    better = "higher is better" if HIGHER_IS_BETTER[number] else "lower is better"

    fig = _figure(8.0, 5.0)
    ax = fig.add_subplot()
    _style_axes(ax)
    _head(fig, ax, title, _subtitle(latest), words)
    x = list(range(len(ordered)))
    white = [r.white_pct if r is not None and r.white_pct is not None else math.nan for r in results]
    bme = [r.bme_pct if r is not None and r.bme_pct is not None else math.nan for r in results]
    ax.plot(x, white, color=WHITE_COLOUR, marker="o", ms=7, lw=2, ls="-", zorder=3, gid="survey-white")
    ax.plot(x, bme, color=BME_COLOUR, marker="s", ms=7, lw=2, ls="--", zorder=3, gid="survey-bme")
    ax.set_ylim(0, 100)
    ax.set_yticks(range(0, 101, 20), labels=[f"{v}%" for v in range(0, 101, 20)])
    ax.set_ylabel(f"Percent of respondents ({better})", fontsize=_BASE_FONT)
    ax.set_xlim(-0.5, len(x) - 0.5)
    ax.set_xlabel("NHS Staff Survey year (used in the WRES report of the following year)", fontsize=_BASE_FONT)

    notes: list[str] = []
    alt_years: list[str] = []
    bench_names: list[str] = []
    tick_labels: list[str] = []
    any_star = False
    gap = 4.2  # percentage points between label centres, about one line of 9-point text on this axis
    for i, (s, r, sy) in enumerate(zip(ordered, results, survey_years, strict=True)):
        star = bool(r is not None and r.gap is not None and r.gap.significant)
        any_star |= star
        tick_labels.append(f"{sy}{'*' if star else ''}\n(WRES {s.year})")
        if r is None or (r.white_pct is None and r.bme_pct is None):
            status = r.status if r is not None else NO_DATA
            reason = r.reason if r is not None else f"indicator {number} was not computed for WRES {s.year}"
            text = "\n".join(textwrap.fill(p, 26) for p in _short_reason(status, reason).split("\n"))
            ax.text(i, 50, words.mpl(text), ha="center", va="center", fontsize=8.5, style="italic",
                    color=_NOTE_INK, gid="survey-missing",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#BBBBBB"})
            notes.append(f"Survey {sy}: {_status_words(status)}" + (f" – {reason}." if reason else "."))
            alt_years.append(f"{sy}: {_status_words(status)}" + (f" ({reason})" if reason else ""))
            continue
        own = [(v, f"{_pct(v)}%", c) for v, c in ((r.white_pct, WHITE_COLOUR), (r.bme_pct, "#8A5F00"))
               if v is not None]
        _label_points(ax, i, own, "survey-value")
        parts = []
        for name, value, n in (("White", r.white_pct, r.gap.a_n if r.gap else None),
                               ("BME", r.bme_pct, r.gap.b_n if r.gap else None)):
            if value is None:
                parts.append(f"{name} not published")
                notes.append(f"Survey {sy}: no {name} percentage" + (f" – {r.reason}." if r.reason else "."))
            else:
                parts.append(f"{name} {_pct(value)}%" + (f" ({fmt.count(n)} respondents)" if n is not None else ""))
        if r.gap is not None and r.gap.difference_pp is not None:
            if r.gap.significant is True:
                test = "statistically significant (Fisher's exact test)"
            elif r.gap.significant is False:
                test = "not statistically significant"
            else:
                test = "not tested" + (f": {r.gap.reason}" if r.gap.reason else "")
            parts.append(f"BME minus White {_signed_pp(r.gap.difference_pp)} percentage points, {test}")
        alt_years.append(f"{sy}: " + ", ".join(parts))
        bench = [(v, m) for v, m in ((r.benchmark_white_pct, "o"), (r.benchmark_bme_pct, "s")) if v is not None]
        if bench:
            # White's benchmark a little right of the year, BME's further right, so close values stay apart.
            spots = {"o": i + 0.14, "s": i + 0.25}
            for value, marker in bench:
                ax.plot([spots[marker]], [value], ls="none", marker=marker, ms=8, mfc="white", mec=BENCHMARK_COLOUR,
                        mew=2, zorder=4, gid="benchmark-white" if marker == "o" else "benchmark-bme")
            for (value, _), pos in zip(bench, _spread([v for v, _ in bench], gap, 2, 98), strict=True):
                ax.annotate(f"{_pct(value)}%", (spots["s"], value), xytext=(i + 0.31, pos), textcoords="data",
                            ha="left", va="center", fontsize=8.5, color="#006B4F", gid="benchmark-value")
            name = r.benchmark or "benchmark"
            if name not in bench_names:
                bench_names.append(name)
            shown = ", ".join(f"{g} {_pct(v)}%" for g, v in (("White", r.benchmark_white_pct),
                                                             ("BME", r.benchmark_bme_pct)) if v is not None)
            alt_years.append(f"Benchmark ({name}), survey {sy}: {shown}")
    ax.set_xticks(x, labels=tick_labels)

    handles: list = []
    labels: list[str] = []
    for values, handle, name in (
        (white, Line2D([], [], color=WHITE_COLOUR, marker="o", ms=7, lw=2, ls="-"), "White"),
        (bme, Line2D([], [], color=BME_COLOUR, marker="s", ms=7, lw=2, ls="--"), "BME"),
    ):
        if any(not math.isnan(v) for v in values):
            handles.append(handle)
            labels.append(name)
    if bench_names:
        bench_text = " / ".join(bench_names)
        handles += [Line2D([], [], ls="none", marker="o", ms=8, mfc="white", mec=BENCHMARK_COLOUR, mew=2),
                    Line2D([], [], ls="none", marker="s", ms=8, mfc="white", mec=BENCHMARK_COLOUR, mew=2)]
        labels += [f"White, benchmark: {bench_text}", f"BME, benchmark: {bench_text}"]
    if any_star:
        notes.insert(0, "* The difference between BME and White staff is statistically significant "
                        "(Fisher's exact test, p < 0.05).")
    _finish(fig, handles, labels, notes, words, ncols=2)

    alt = (
        f"Line chart of indicator {number}, {question}, for White and BME "
        f"staff of {_describe_org(latest)}, NHS Staff Survey {_span(survey_years)} ({better}). "
        + ". ".join(alt_years) + "."
    )
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# Indicator 9: board against workforce
# --------------------------------------------------------------------------------------------------


def board_chart(result: IndicatorSet, *, bme_label: str = "BME") -> Chart:
    """Indicator 9: the BME share of the board (voting, and executive when given) against the workforce.

    One bar per board membership with data and one for the whole workforce, each labelled with its
    percentage and count; the board bars also carry their difference from the workforce in
    percentage points, and a dotted line marks the workforce share across the chart.

    Parameters
    ----------
    result : IndicatorSet
        One organisation's results for one year.
    bme_label : str, optional
        Display label used in place of "BME".

    Returns
    -------
    Chart

    References
    ----------
    NHS England, WRES technical guidance, indicator 9.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> chart = board_chart(result)
    >>> "voting board members 15.4% BME (2 of 13)" in chart.alt_text
    True
    """
    from matplotlib.patches import Patch

    words = _Words(_check_label(bme_label))
    result = _check_single(result)
    ind = _as(result.indicators.get(9), Indicator9)
    title = f"Indicator 9: BME share of the board against the workforce, {result.year}"
    fig = _figure(8.0, 4.8)
    ax = fig.add_subplot()
    _style_axes(ax)
    _head(fig, ax, title, _subtitle(result), words)

    notes: list[str] = []
    alt_parts: list[str] = []
    bars: list[tuple[str, float, str, bool]] = []  # label, percent, value label, is board
    workforce: GroupCounts | None = None
    measures: list[BoardMeasure] = [ind.voting, ind.executive] if ind is not None else []
    for m in measures:
        if m.workforce is not None and m.workforce.total:
            workforce = workforce or m.workforce
    if workforce is None:
        ind1 = _as(result.indicators.get(1), Indicator1)
        if ind1 is not None and ind1.overall is not None and ind1.overall.total:
            workforce = ind1.overall
    for m in measures:
        name = f"{m.membership} board members"
        pct = m.board_bme_pct
        if m.status == OK and pct is not None and m.board is not None:
            diff = m.difference_pp
            diff_text = (f"{_signed_pp(diff)} percentage points\nagainst the workforce" if diff is not None else "")
            label = f"Board: {m.membership}\n{fmt.count(m.board.bme)} of {fmt.count(m.board.total)} members" + (
                f"\n{diff_text}" if diff_text else "")
            bars.append((label, pct, f"{_pct1(pct)}%", True))
            text = f"{name} {_pct1(pct)}% BME ({fmt.count(m.board.bme)} of {fmt.count(m.board.total)})"
            if diff is not None:
                side = "above" if diff > 0 else "below" if diff < 0 else "level with"
                amount = f"{_pct(abs(diff))} percentage points " if diff else ""
                text += f", {amount}{side} the workforce"
            alt_parts.append(text)
        else:
            status_text = _status_words(m.status)
            notes.append(f"{m.membership.capitalize()} board membership: {status_text}"
                         + (f" – {m.reason}." if m.reason else "."))
            alt_parts.append(f"{name}: {status_text}" + (f" ({m.reason})" if m.reason else ""))
    if ind is None:
        notes.append("Indicator 9 was not computed.")
        alt_parts.append("board membership: no data")
    if workforce is not None and workforce.bme_pct is not None:
        whole = f"{fmt.count(workforce.bme)} of {fmt.count(workforce.total)}"
        bars.append((f"Whole workforce\n{whole} staff", workforce.bme_pct,
                     f"{_pct1(workforce.bme_pct)}%", False))
        alt_parts.append(f"whole workforce {_pct1(workforce.bme_pct)}% BME ({whole})")
    else:
        notes.append("Whole workforce: no headcount, so no BME share to compare against.")
        alt_parts.append("whole workforce: no data")

    x = list(range(len(bars)))
    top = max([40.0, *(b[1] for b in bars)]) + 15
    top = min(100.0, math.ceil(top / 10) * 10)
    if bars:
        board_x = [i for i, b in zip(x, bars, strict=True) if b[3]]
        work_x = [i for i, b in zip(x, bars, strict=True) if not b[3]]
        style = {"width": 0.55, "edgecolor": _EDGE, "linewidth": 0.8, "zorder": 2}
        if board_x:
            ax.bar(board_x, [bars[i][1] for i in board_x], color=BME_COLOUR, gid="board-bars", **style)
        if work_x:
            ax.bar(work_x, [bars[i][1] for i in work_x], color="#F5D08A", hatch="//", gid="workforce-bar", **style)
            ax.axhline(bars[work_x[0]][1], color=_INK, ls=":", lw=1.2, zorder=3, gid="workforce-line")
        for i, (_, pct, text, _) in zip(x, bars, strict=True):
            ax.annotate(text, (i, pct), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                        fontsize=10, fontweight="bold", gid="board-value")
        ax.set_xticks(x, labels=[words.mpl(b[0]) for b in bars], fontsize=_BASE_FONT)
        ax.set_xlim(-0.6, len(bars) - 0.4)
    else:
        ax.set_xticks([])
        ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", va="center", fontsize=10,
                style="italic", color=_NOTE_INK, gid="chart-missing")
    ax.set_ylim(0, top)
    step = 10 if top <= 60 else 20
    ax.set_yticks(range(0, int(top) + 1, step), labels=[f"{v}%" for v in range(0, int(top) + 1, step)])
    ax.set_ylabel(words.mpl("BME share (percent of members or staff)"), fontsize=_BASE_FONT)
    ax.tick_params(axis="x", length=0)
    handles: list = []
    if bars and any(b[3] for b in bars) and any(not b[3] for b in bars):
        from matplotlib.lines import Line2D

        handles = [Patch(facecolor=BME_COLOUR, edgecolor=_EDGE),
                   Patch(facecolor="#F5D08A", hatch="//", edgecolor=_EDGE),
                   Line2D([], [], color=_INK, ls=":", lw=1.2)]
    _finish(fig, handles, ["Board", "Whole workforce", "Workforce BME share, for comparison"], notes, words, ncols=3)

    alt = (
        f"Bar chart of the BME share of the board against the whole workforce of {_describe_org(result)}, "
        f"{result.year}: " + "; ".join(alt_parts) + "."
    )
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# Indicator 1 over time: BME representation in the workforce and in the upper and lower bands
# --------------------------------------------------------------------------------------------------

_TREND_SERIES: tuple[tuple[str, str | None, str, str, str], ...] = (
    # label, published range (None = whole workforce), colour, marker, line style
    ("Whole workforce", None, _INK, "o", "-"),
    ("Band 1-7 (all staff groups)", "Band 1-7", "#CC79A7", "^", "--"),
    ("Band 8a-VSM (all staff groups)", "Band 8a-VSM", "#D55E00", "s", "-."),
)


def _trend_counts(ind: Indicator1 | None, band_range: str | None) -> GroupCounts | None:
    if ind is None or ind.status != OK:
        return None
    if band_range is None:
        return ind.overall
    found = [r for r in ind.by_published_range if r.staff_group == "all" and r.label == band_range]
    return found[0] if found else None


def representation_trend_chart(sets: Sequence[IndicatorSet], *, bme_label: str = "BME") -> Chart:
    """BME share of the whole workforce and of Bands 1-7 and 8a-VSM over the years (indicator 1).

    Uses the ``staff_group == "all"`` rows of ``by_published_range``: every staff group together.

    Parameters
    ----------
    sets : sequence of IndicatorSet
        One organisation's results, one per year.
    bme_label : str, optional
        Display label used in place of "BME".

    Returns
    -------
    Chart

    References
    ----------
    NHS England, WRES technical guidance, indicator 1.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> example = Path(__file__).parents[3] / "data" / "example"
    >>> sets = [compute_indicators(example, "QHG", y) for y in (2022, 2023, 2024)]
    >>> chart = representation_trend_chart(sets)
    >>> "Band 8a-VSM (all staff groups): 2022 25.1% (55 of 219)" in chart.alt_text
    True
    """
    from matplotlib.lines import Line2D

    words = _Words(_check_label(bme_label))
    ordered = _ordered(sets)
    latest = ordered[-1]
    years = [s.year for s in ordered]
    inds = [_as(s.indicators.get(1), Indicator1) for s in ordered]
    title = f"Indicator 1: BME share of the workforce and of the lower and upper bands, {_span(years)}"

    fig = _figure(8.0, 4.8)
    ax = fig.add_subplot()
    _style_axes(ax)
    _head(fig, ax, title, _subtitle(latest), words)
    x = list(range(len(years)))
    series_values: list[list[float | None]] = []
    alt_parts: list[str] = []
    notes: list[str] = []
    handles: list = []
    labels: list[str] = []
    for label, band_range, colour, marker, style in _TREND_SERIES:
        counts = [_trend_counts(ind, band_range) for ind in inds]
        values = [c.bme_pct if c is not None else None for c in counts]
        if all(v is None for v in values):
            notes.append(f"{label}: no data in any year.")
            alt_parts.append(f"{label}: no data")
            series_values.append(values)
            continue
        gid = "trend-" + (band_range or "workforce").lower().replace(" ", "-")
        ax.plot(x, [math.nan if v is None else v for v in values], color=colour, marker=marker, ms=7, lw=2,
                ls=style, zorder=3, gid=gid)
        handles.append(Line2D([], [], color=colour, marker=marker, ms=7, lw=2, ls=style))
        labels.append(label)
        series_values.append(values)
        parts = []
        absent = []
        for year, c, v in zip(years, counts, values, strict=True):
            if v is None or c is None:
                parts.append(f"{year} no data")
                absent.append(year)
            else:
                parts.append(f"{year} {_pct1(v)}% ({fmt.count(c.bme)} of {fmt.count(c.total)})")
        alt_parts.append(f"{label}: " + ", ".join(parts))
        if absent:
            notes.append(f"{label}: no data for {_span(absent)}.")
    top = max([30.0, *(v for vals in series_values for v in vals if v is not None)]) + 10
    top = min(100.0, math.ceil(top / 10) * 10)
    ax.set_ylim(0, top)
    for i in x:
        here = [(vals[i], f"{_pct1(vals[i])}%", _TREND_SERIES[k][2])
                for k, vals in enumerate(series_values) if vals[i] is not None]
        _label_points(ax, i, here, "trend-value")
    for i, ind in enumerate(inds):
        if ind is None or ind.status != OK:
            status = ind.status if ind is not None else NO_DATA
            reason = ind.reason if ind is not None else "indicator 1 was not computed"
            ax.text(i, top / 2, words.mpl(_short_reason(status, reason)), ha="center", va="center", fontsize=8.5,
                    style="italic", color=_NOTE_INK, gid="trend-missing",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#BBBBBB"})
            notes.append(f"{years[i]}: {_status_words(status)}" + (f" – {reason}." if reason else "."))
    ax.set_ylim(0, top)
    step = 10 if top <= 60 else 20
    ax.set_yticks(range(0, int(top) + 1, step), labels=[f"{v}%" for v in range(0, int(top) + 1, step)])
    ax.set_ylabel(words.mpl("BME share of staff (percent)"), fontsize=_BASE_FONT)
    ax.set_xlim(-0.4, len(x) - 0.4)
    ax.set_xticks(x, labels=[str(y) for y in years])
    ax.set_xlabel("WRES reporting year (workforce at 31 March)", fontsize=_BASE_FONT)
    _finish(fig, handles, labels, notes, words, ncols=3)

    alt = (
        f"Line chart of the BME share of staff of {_describe_org(latest)}, WRES {_span(years)}, as a percentage "
        f"of the headcount including staff of unknown ethnicity. " + ". ".join(alt_parts) + "."
    )
    return Chart(fig, words(title), words(alt))


# --------------------------------------------------------------------------------------------------
# A report's charts, and rendering
# --------------------------------------------------------------------------------------------------


def report_charts(sets: Sequence[IndicatorSet] | IndicatorSet, *, bme_label: str = "BME") -> list[Chart]:
    """Every chart of one organisation's report, in indicator order.

    Workforce composition (latest year), BME representation over the years, indicators 2-4,
    indicators 5-8 and the board (latest year): ten charts.

    Parameters
    ----------
    sets : sequence of IndicatorSet or IndicatorSet
        One organisation's results, one per year.
    bme_label : str, optional
        Display label used in place of "BME".

    Returns
    -------
    list of Chart

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> len(report_charts([result]))
    10
    """
    ordered = _ordered(sets)
    latest = ordered[-1]
    makers: list[Callable[[], Chart]] = [
        lambda: workforce_composition_chart(latest, bme_label=bme_label),
        lambda: representation_trend_chart(ordered, bme_label=bme_label),
        *(lambda n=n: relative_likelihood_chart(ordered, n, bme_label=bme_label) for n in (2, 3, 4)),
        *(lambda n=n: survey_chart(ordered, n, bme_label=bme_label) for n in (5, 6, 7, 8)),
        lambda: board_chart(latest, bme_label=bme_label),
    ]
    return [make() for make in makers]


def render(chart: Chart, *, fmt: str = "png", dpi: float = 110) -> bytes:
    """The chart as image bytes: the same chart always gives the same bytes (no date or version stamped).

    Parameters
    ----------
    chart : Chart
    fmt : {"png", "svg"}
    dpi : float
        Resolution for PNG (pixels per inch), 10-600.

    Returns
    -------
    bytes

    Notes
    -----
    PNG rendering touches no global state. SVG needs a fixed id salt, set through
    ``matplotlib.rc_context`` for the duration of the save; that is process-global, so render SVGs
    from one thread at a time.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> render(board_chart(result))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    if not isinstance(chart, Chart):
        raise TypeError(f"expected a Chart, got {type(chart).__name__}")
    if fmt not in _FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(sorted(_FORMATS))}, got {fmt!r}")
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 10 <= dpi <= 600:
        raise ValueError(f"dpi must be a number from 10 to 600, got {dpi!r}")
    buffer = io.BytesIO()
    options = {"format": fmt, "dpi": dpi, "facecolor": "white"}
    if fmt == "png":
        chart.figure.savefig(buffer, metadata={"Software": None}, **options)
    else:
        import matplotlib

        # SVG ids are salted with a random value unless a salt is given; a fixed one makes the bytes repeatable.
        with matplotlib.rc_context({"svg.hashsalt": "wreslib", "svg.fonttype": "path"}):
            chart.figure.savefig(buffer, metadata={"Date": None, "Creator": None}, **options)
    return buffer.getvalue()


def to_html(chart: Chart, *, fmt: str = "png", dpi: float = 110) -> str:
    """A self-contained HTML ``<figure>``: the image as a base64 data URI, its text alternative and caption.

    The alt text and caption are HTML-escaped (they carry data-derived text such as organisation
    names). If the figure is held by pyplot (a caller made it with ``plt.figure``), it is closed
    afterwards to free memory; figures from this module are not held anywhere and are freed with the
    Chart, which stays usable after this call.

    Parameters
    ----------
    chart : Chart
    fmt : {"png", "svg"}
    dpi : float
        Resolution for PNG.

    Returns
    -------
    str

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.legacy.measures.indicators import compute_indicators
    >>> result = compute_indicators(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> page = to_html(board_chart(result))
    >>> page.startswith('<figure class="wres-chart">') and 'src="data:image/png;base64,' in page
    True
    """
    data = render(chart, fmt=fmt, dpi=dpi)
    # The PNG header holds the pixel size (IHDR width and height, big-endian, at bytes 16-24).
    size = "" if fmt == "svg" else (
        f' width="{int.from_bytes(data[16:20], "big")}" height="{int.from_bytes(data[20:24], "big")}"'
    )
    encoded = base64.b64encode(data).decode("ascii")
    markup = (
        '<figure class="wres-chart">\n'
        f'<img src="data:{_FORMATS[fmt]};base64,{encoded}" alt="{html.escape(chart.alt_text, quote=True)}"'
        f'{size} style="max-width:100%;height:auto">\n'
        f"<figcaption>{html.escape(chart.title, quote=True)}</figcaption>\n"
        "</figure>"
    )
    _close_if_pyplot(chart.figure)
    return markup


def _close_if_pyplot(figure: Figure) -> None:
    manager = getattr(figure.canvas, "manager", None)
    if manager is not None and "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(figure)
