"""The benchmark page's charts: funnel plots of the relative likelihoods, drawn exactly from the benchmark's numbers.

A funnel plot puts each organisation at the relative likelihood its own test places it
(:attr:`wreslib.benchmark.funnel.Funnel.points` ``position``) against its own precision (``precision``:
1 ÷ the squared standard error of its log relative likelihood at the target), with the limits of the view
(``FunnelView.curve``) around the target. Nothing is computed here: the points, limits and counts are the
benchmark's.

- **Parity view** (drawn for every relative likelihood): *Does this organisation differ from parity beyond
  chance?* Limits around 1.
- **Peer view** (drawn where the organisations are over-dispersed): *Is it unusual among organisations like
  it, allowing for the real spread between them?* Limits around the peer group's pooled value, widened by
  Spiegelhalter's additive random effects.

Colour is never the only signal: above the limits is an upward triangle, below a downward one, within a
circle; beyond 99.8% is filled, beyond 95% only hollow; an organisation with no case in one group (a ratio
of 0 or unbounded, placed by its test) is ringed by a square. Every chart's alt text lists the
organisations beyond the limits with their figures, how many are within, who is not placed and how many
chance alone would put beyond each limit.

References
----------
Spiegelhalter DJ. Funnel plots for comparing institutional performance. *Statistics in Medicine*
2005;24:1185-1202.
"""

from __future__ import annotations

import math
from typing import Any

from wreslib.benchmark.funnel import PARITY, PEER
from wreslib.present import charts as kit
from wreslib.present import fmt
from wreslib.present.words import join
from wreslib.products.benchmark.context import BenchmarkContext, Line
from wreslib.products.benchmark.narrative import furthest, line_title, measure_words, staff_group_name

ABOVE_COLOUR = "#D55E00"  # vermillion: above the limits (adverse to BME staff on indicators 1 to 4)
BELOW_COLOUR = "#CC79A7"  # reddish purple: below the limits
WITHIN_COLOUR = "#56B4E9"  # sky blue: within the 95% limits
#: flag: (marker, colour, filled, legend label)
STYLES: dict[str, tuple[str, str, bool, str]] = {
    "above_99.8": ("^", ABOVE_COLOUR, True, "above the 99.8% limit"),
    "above_95": ("^", ABOVE_COLOUR, False, "above the 95% limit only"),
    "within": ("o", WITHIN_COLOUR, True, "within the 95% limits"),
    "below_95": ("v", BELOW_COLOUR, False, "below the 95% limit only"),
    "below_99.8": ("v", BELOW_COLOUR, True, "below the 99.8% limit"),
}
ALT_ORDER = ("above_99.8", "above_95", "below_95", "below_99.8")


def _ratio(value: object, unbounded: object) -> str:
    if bool(unbounded):
        return "unbounded"
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not available"
    return "0" if value == 0 else fmt.ratio(float(value))  # type: ignore[arg-type]


def _columns(view: str) -> tuple[str, str, str, str, str]:
    if view == PARITY:
        return "precision", "position", "flag", "low_998", "high_998"
    return "peer_precision", "peer_position", "peer_flag", "peer_low_998", "peer_high_998"


def funnel_chart(ctx: BenchmarkContext, line: Line, view: str = PARITY, peer_group: str | None = None
                 ) -> kit.Chart | None:
    """The funnel plot of one relative likelihood in one view (None when it has no limits to draw).

    Parameters
    ----------
    ctx : BenchmarkContext
    line : Line
        Indicator 1 (a staff group), 2, 3 or 4.
    view : {"parity", "peer"}
    peer_group : str, optional
        The peer group of a peer view (an organisation type, or ``all``).
    """
    f = ctx.funnel(line)
    if f is None:
        return None
    v = f.parity if view == PARITY else f.peer(peer_group or "")
    if v is None or v.target is None or v.curve.empty:
        return None
    x_col, y_col, flag_col, _, _ = _columns(view)
    points = f.points if view == PARITY else f.points[f.points["peer_group"] == v.peer_group]
    placed = points[points[flag_col] != "not_placed"]
    fig, ax = kit.figure(7.2, 3.9, left=0.1, right=0.7, bottom=0.15, top=0.96)
    ax.set_xscale("log")
    # The axis spans the points (and the target) with room around them; the limits run off its edges where
    # they widen, as a funnel does.
    values = [*placed[y_col].astype(float), v.target]
    low, high = kit.ratio_axis(ax, values, axis="y", margin=1.8)
    c = v.curve
    ax.plot(c["precision"], c["high_95"], color=kit.INK, linestyle="--", linewidth=1.0, label="95% limits", zorder=2)
    ax.plot(c["precision"], c["low_95"], color=kit.INK, linestyle="--", linewidth=1.0, zorder=2)
    ax.plot(c["precision"], c["high_998"], color=kit.INK, linestyle=":", linewidth=1.3, label="99.8% limits",
            zorder=2)
    ax.plot(c["precision"], c["low_998"], color=kit.INK, linestyle=":", linewidth=1.3, zorder=2)
    target_label = "parity (1)" if view == PARITY else f"peers' pooled value ({fmt.ratio(v.target)})"
    ax.axhline(v.target, color=kit.INK, linewidth=1.1, label=target_label, zorder=1)
    if view == PEER:
        ax.axhline(1.0, color=kit.MUTED, linewidth=0.7, linestyle="-.", label="parity (1)", zorder=1)
    focus = set(ctx.focus)
    regional = ctx.region is not None
    for flag, (marker, colour, filled, label) in STYLES.items():
        mine = placed[placed[flag_col] == flag]
        if mine.empty:
            continue
        near = mine[mine["org_code"].isin(focus)] if regional else mine
        far = mine[~mine["org_code"].isin(focus)] if regional else mine.iloc[0:0]
        for part, alpha, size in ((far, 0.35, 28), (near, 1.0, 46 if regional else 34)):
            if part.empty:
                continue
            ax.scatter(part[x_col].astype(float), part[y_col].astype(float), marker=marker, s=size,
                       facecolors=colour if filled else "white", edgecolors=colour if not filled else kit.INK,
                       linewidths=1.1, alpha=alpha, zorder=4, label=label if part is near or near.empty else None)
    zero = placed[(placed["value"] == 0) | placed["unbounded"].fillna(False).astype(bool)]
    if not zero.empty:
        ax.scatter(zero[x_col].astype(float), zero[y_col].astype(float), marker="s", s=110, facecolors="none",
                   edgecolors=kit.INK, linewidths=0.9, zorder=3, label="no case in one group")
    labelled = sorted(focus & set(placed["org_code"])) if regional else [
        r["org_code"] for r in furthest(ctx, line) if r["org_code"] in set(placed["org_code"])]
    for code in labelled:
        row = placed[placed["org_code"] == code].iloc[0]
        y = min(max(float(row[y_col]), low), high)
        ax.annotate(code, (float(row[x_col]), y), xytext=(4, 3), textcoords="offset points", fontsize=kit.FONT - 1.5,
                    color=kit.INK, zorder=5)
    ax.xaxis.set_major_formatter(_plain_ticks())
    ax.set_xlabel("Precision: 1 ÷ (standard error of the log relative likelihood)²; more precise to the right",
                  fontsize=kit.FONT - 0.5)
    ax.set_ylabel(f"{measure_words(ctx, line)} (log scale)", fontsize=kit.FONT - 0.5)
    ax.grid(axis="y", color=kit.GRID, linewidth=0.6, zorder=0)
    ax.legend(fontsize=kit.FONT - 1.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    group = f"{staff_group_name(line.staff_group).capitalize()} staff, " if line.indicator == 1 else ""
    title = f"{group}{'parity' if view == PARITY else 'peer'} view, {ctx.year}"
    title = title[:1].upper() + title[1:]
    alt = _alt(ctx, line, f, v, points, view)
    return kit.Chart(fig, ctx.words(title), ctx.words(alt), ctx.words(_caption(view, v)))


def _plain_ticks() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: f"{value:g}")


def _caption(view: str, v: Any) -> str:
    if view == PARITY:
        return "Outside the 95% limits exactly when the organisation's own test gives p < 0.05."
    return f"Limits around the peers' pooled value, widened by their real spread (tau² = {fmt.ratio(v.tau2, 3)})."


def _alt(ctx: BenchmarkContext, line: Line, f: Any, v: Any, points: Any, view: str) -> str:
    _, _, flag_col, _, _ = _columns(view)
    noun = ctx.noun
    who = "parity (1)" if view == PARITY else f"the pooled value of {v.name} ({fmt.ratio(v.target)})"
    parts = [f"Funnel plot of {line_title(ctx, line)} in {ctx.year} ({measure_words(ctx, line)}): {v.placed} "
             f"{noun} placed at the relative likelihood their own test gives, against their precision, with 95% "
             f"and 99.8% limits around {who}."]
    for flag in ALT_ORDER:
        mine = points[points[flag_col] == flag]
        if mine.empty:
            continue
        listed = join([f"{c} ({_ratio(val, unb)})" for c, val, unb in
                       zip(mine["org_code"], mine["value"], mine["unbounded"], strict=True)])
        parts.append(f"{STYLES[flag][3].capitalize()}: {listed}.")
    within = int((points[flag_col] == "within").sum())
    parts.append(f"Within the 95% limits: {within} {noun}.")
    gone = points[points[flag_col] == "not_placed"]
    if not gone.empty:
        parts.append(f"Not placed: {join(list(gone['org_code']))}.")
    if view == PARITY and v.expected_outside_95 is not None:
        parts.append(f"Chance alone would put about {fmt.ratio(v.expected_outside_95, 1)} beyond the 95% limits and "
                     f"{fmt.ratio(v.expected_outside_998, 1)} beyond the 99.8% limits; {v.outside_95} and "
                     f"{v.outside_998} are.")
    if view == PEER:
        parts.append(f"Dispersion ratio {fmt.ratio(v.phi)} ({fmt.p_value(v.dispersion_p)}); limits widened by tau² = "
                     f"{fmt.ratio(v.tau2, 3)}.")
    if ctx.region is not None:
        parts.append(f"Organisations in {ctx.region} are drawn larger and labelled: {join(sorted(ctx.focus))}.")
    return " ".join(parts)


__all__ = ["ABOVE_COLOUR", "BELOW_COLOUR", "STYLES", "WITHIN_COLOUR", "funnel_chart"]
