"""The charts toolkit: a :class:`Chart` that displays in a notebook and embeds in a page, and the house
style every chart of wres is drawn in.

Design choices:

- **Made for the page, drawn fast.** Figures are built on matplotlib's object API with the Agg canvas (no
  pyplot state), fixed margins (no layout engine measuring text) and few artists; titles and notes are
  HTML (the figure's heading and caption), not pixels, so they wrap, print sharp and reach screen readers.
- **Vector output.** The page embeds SVG with text kept as text: sharp at any print size and small. The
  same bytes serve the notebook (``image/svg+xml``) and the page, rendered once.
- **Colour is never the only signal.** Okabe–Ito colours, safe for colour-blind readers, always paired
  with a marker, a line style or a label; every chart has a text alternative carrying its numbers.
- **Deterministic.** The same chart gives the same bytes (fixed SVG id salt, no date), so a report made
  twice from the same data is the same file.

References
----------
Okabe M, Ito K. *Color Universal Design*, 2008 (the palette).
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from wreslib.present import html

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe–Ito colours, one meaning each everywhere.
WHITE_COLOUR = "#0072B2"
BME_COLOUR = "#E69F00"
UNKNOWN_COLOUR = "#999999"
BENCHMARK_COLOUR = "#009E73"
INK = "#1d1d1b"
MUTED = "#4c5155"
GRID = "#d9dde0"
BAND_COLOUR = "#009E73"
RAG_COLOURS = {"red": "#d5281b", "amber": "#ffb81c", "green": "#007f3b", "grey": "#8a9196"}
RAG_MARKERS = {"red": "s", "amber": "D", "green": "o", "grey": "x"}
FONT = 9.0
#: Candidate ticks of a log axis of relative likelihoods: parity, the four-fifths limits, halves and doubles.
RATIO_TICKS = (0.05, 0.1, 0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0, 10.0, 20.0, 50.0)


@dataclass(eq=False)
class Chart:
    """A drawn chart with its words: ``title`` (the page heading above it), ``alt`` (a full text
    alternative carrying every number drawn), ``caption`` (notes shown under it).

    In a notebook it displays as an image (SVG) and can be restyled through ``figure`` and saved with
    :meth:`save`; the page embeds the same SVG.
    """

    figure: Figure
    title: str
    alt: str
    caption: str = ""
    _svg: bytes | None = field(default=None, repr=False)

    def svg(self) -> bytes:
        """The chart as SVG bytes (rendered once, then kept)."""
        if self._svg is None:
            import matplotlib

            buffer = io.BytesIO()
            with matplotlib.rc_context({"svg.hashsalt": "wres", "svg.fonttype": "none"}):
                self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None},
                                    facecolor="white")
            self._svg = buffer.getvalue()
        return self._svg

    def png(self, dpi: float = 150) -> bytes:
        """The chart as PNG bytes (for slides and documents)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        """Save as SVG, PNG or PDF, by the file's suffix."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".svg":
            target.write_bytes(self.svg())
        elif suffix in (".png", ".pdf"):
            self.figure.savefig(target, dpi=150, facecolor="white")
        else:
            raise ValueError(f"save a chart as .svg, .png or .pdf, not {suffix or 'a file without a suffix'}")
        return target

    def html(self) -> Markup:
        data = base64.b64encode(self.svg()).decode("ascii")
        width, height = (round(v * 96) for v in self.figure.get_size_inches())
        return html.render("figure.html.j2", mime="image/svg+xml", data=data, alt=self.alt, caption=self.caption,
                           title=self.title, width=width, height=height)

    def text(self) -> str:
        return f"{self.title}. {self.caption}"

    def _repr_svg_(self) -> str:
        return self.svg().decode("utf-8")

    def _repr_html_(self) -> str:
        return str(self.html())

    def redraw(self) -> Chart:
        """Draw again after restyling ``figure`` (the SVG is kept once drawn); returns the chart, to show it."""
        self._svg = None
        return self

    def close(self) -> None:
        """Release the figure's drawing memory (a batch draws thousands)."""
        self.figure.clear()


def figure(width: float = 7.0, height: float = 3.0, *, left: float = 0.28, right: float = 0.97,
           bottom: float = 0.18, top: float = 0.95, ncols: int = 1) -> tuple[Figure, Any]:
    """A figure with the Agg canvas and fixed margins (fractions of the figure), and its axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, squeeze=True)
    fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top, wspace=0.45)
    for ax in (axes if ncols > 1 else [axes]):
        style_axes(ax)
    return fig, axes


def style_axes(ax: Axes, grid: str = "x") -> None:
    """The house style: no top or right spine, light grid behind, readable ticks."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(labelsize=FONT, colors=INK, length=3)
    if grid:
        ax.grid(axis=grid, color=GRID, linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)


def ratio_ticks(low: float, high: float) -> list[float]:
    """Ticks of a log axis of ratios between ``low`` and ``high`` (parity and the four-fifths limits kept).

    Examples
    --------
    >>> ratio_ticks(0.4, 3.0), ratio_ticks(0.3, 12.0)
    ([0.5, 0.8, 1.0, 1.25, 2.0], [0.5, 1.0, 2.0, 4.0, 10.0])
    """
    ticks = [t for t in RATIO_TICKS if low <= t <= high]
    if high / low > 8:
        # A wide axis has no room for the four-fifths limits' labels; the shaded band shows them.
        ticks = [t for t in ticks if t not in (0.8, 1.25)]
    if len(ticks) > 6:
        ticks = [t for t in ticks if t in (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0, 50.0)]
    return ticks


def tick_label(value: float) -> str:
    """A tick as a reader writes it: 0.5, 1, 1.25, 2."""
    return f"{value:g}"


def ratio_limits(values: list[float], margin: float = 1.35) -> tuple[float, float]:
    """The ends of a log axis of ratios wide enough for ``values`` and for 0.5 to 2 (parity and the
    non-adverse range always in view).

    Examples
    --------
    >>> [round(v, 3) for v in ratio_limits([3.0, None, 0.0])]
    [0.37, 4.05]
    """
    finite = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    return min([0.5, *finite]) / margin, max([2.0, *finite]) * margin


def ratio_axis(ax: Axes, values: list[float], *, axis: str = "x", margin: float = 1.35) -> tuple[float, float]:
    """A log axis wide enough for ``values`` (and parity and the non-adverse range), with readable ticks."""
    low, high = ratio_limits(values, margin)
    set_scale = ax.set_xscale if axis == "x" else ax.set_yscale
    set_lim = ax.set_xlim if axis == "x" else ax.set_ylim
    set_ticks = ax.set_xticks if axis == "x" else ax.set_yticks
    set_scale("log")
    set_lim(low, high)
    ticks = ratio_ticks(low, high)
    set_ticks(ticks, [tick_label(t) for t in ticks])
    (ax.xaxis if axis == "x" else ax.yaxis).set_minor_locator(_null_locator())
    return low, high


def _null_locator() -> Any:
    from matplotlib.ticker import NullLocator

    return NullLocator()


def non_adverse_band(ax: Axes, low: float, high: float, *, axis: str = "x") -> None:
    """Shade the non-adverse range (0.80 to 1.25) and draw parity."""
    span = ax.axvspan if axis == "x" else ax.axhspan
    line = ax.axvline if axis == "x" else ax.axhline
    span(low, high, color=BAND_COLOUR, alpha=0.12, zorder=0, linewidth=0)
    line(1.0, color=INK, linewidth=0.9, zorder=1)


# --- panels: the same look, without an Axes -------------------------------------------------------------
#
# A matplotlib Axes is a heavy object: making one costs about as much as drawing a small chart, and its
# ticks are objects of five artists each (two marks, two labels, a grid line), made, located, formatted and
# laid out at every draw. A report draws ten charts whose limits and ticks are known in advance, so it draws
# them on panels: a rectangle of the figure with data limits, onto which plain artists are placed with two
# transforms (tick marks of an axis as one line of tick markers, grid lines as one collection, one text per
# label). The look is the house style above; the figure is still a matplotlib figure (saved as SVG, PNG or
# PDF alike). ``figure`` and ``ratio_axis`` remain for charts that an analyst restyles through an Axes.

TICK_LENGTH = 3.0
TICK_PAD = 3.5
LABEL_PAD = 4.0


def canvas(width: float, height: float) -> Figure:
    """An empty figure with the Agg canvas (no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


class Panel:
    """A plotting area of a figure, from ``left``/``bottom`` to ``right``/``top`` (fractions of the figure),
    showing ``x`` and ``y`` (each a pair of limits) on linear or log scales (``xlog``, ``ylog``).

    Values are given as they are; the panel takes their logarithm on a log scale. Draw with :meth:`line`,
    :meth:`segments`, :meth:`bars`, :meth:`band`, :meth:`rule` and :meth:`text`, then the axes with
    :meth:`frame` and :meth:`axis`.

    Examples
    --------
    >>> fig = canvas(4.0, 2.0)
    >>> panel = Panel(fig, (0.1, 0.2, 0.95, 0.95), x=(0.0, 10.0), y=(0.5, 2.0), ylog=True)
    >>> _ = panel.line([0.0, 10.0], [1.0, 2.0], color=INK)
    >>> panel.axis("y", [0.5, 1.0, 2.0], grid=True)
    >>> Chart(fig, "t", "a").svg().startswith(b"<?xml")
    True
    """

    def __init__(self, fig: Figure, box: tuple[float, float, float, float], *, x: tuple[float, float],
                 y: tuple[float, float], xlog: bool = False, ylog: bool = False) -> None:
        from matplotlib.transforms import Bbox, BboxTransformFrom, BboxTransformTo, blended_transform_factory

        self.fig, self.box, self.xlog, self.ylog = fig, box, xlog, ylog
        self.x, self.y = x, y
        area = BboxTransformTo(Bbox.from_extents(*box)) + fig.transFigure
        limits = Bbox.from_extents(self.fx(x[0]), self.fy(y[0]), self.fx(x[1]), self.fy(y[1]))
        #: Data to figure; the panel's own fractions to figure; x as data with y as fraction, and the reverse.
        self.data = BboxTransformFrom(limits) + area
        self.area = area
        self.along_x = blended_transform_factory(self.data, area)
        self.along_y = blended_transform_factory(area, self.data)

    def fx(self, value: float) -> float:
        return math.log10(value) if self.xlog else float(value)

    def fy(self, value: float) -> float:
        return math.log10(value) if self.ylog else float(value)

    def _add(self, artist: Any) -> Any:
        self.fig.add_artist(artist)
        return artist

    def line(self, xs: Any, ys: Any, **style: Any) -> Any:
        """A line (and/or markers) through data points; a ``label`` names it in a legend."""
        from matplotlib.lines import Line2D

        return self._add(Line2D([self.fx(v) for v in xs], [self.fy(v) for v in ys], transform=self.data, **style))

    def segments(self, ends: list[tuple[tuple[float, float], tuple[float, float]]], **style: Any) -> Any:
        """Many straight lines as one artist (``ends``: pairs of data points), e.g. confidence intervals."""
        from matplotlib.collections import LineCollection

        lines = [[(self.fx(a), self.fy(b)) for a, b in pair] for pair in ends]
        return self._add(LineCollection(lines, transform=self.data, **style))

    def bars(self, at: list[float], lengths: list[float], width: float, *, horizontal: bool = False,
             **style: Any) -> list[Any]:
        """Bars from zero (vertical, or ``horizontal``) centred on ``at`` on a linear scale; one rectangle
        each, so that a legend can show one of them with its hatching."""
        from matplotlib.patches import Rectangle

        out = []
        for centre, length in zip(at, lengths, strict=True):
            corner = (0.0, centre - width / 2) if horizontal else (centre - width / 2, 0.0)
            size = (length, width) if horizontal else (width, length)
            out.append(self._add(Rectangle(corner, *size, transform=self.data, **style)))
        return out

    def band(self, axis: str, low: float, high: float, **style: Any) -> Any:
        """A stripe across the panel between two values of ``axis`` (``"x"``: a vertical stripe)."""
        from matplotlib.patches import Rectangle

        if axis == "x":
            return self._add(Rectangle((self.fx(low), 0.0), self.fx(high) - self.fx(low), 1.0, transform=self.along_x,
                                       **style))
        return self._add(Rectangle((0.0, self.fy(low)), 1.0, self.fy(high) - self.fy(low), transform=self.along_y,
                                   **style))

    def rule(self, axis: str, value: float, **style: Any) -> Any:
        """A line across the panel at one value of ``axis`` (``"x"``: a vertical line)."""
        from matplotlib.lines import Line2D

        if axis == "x":
            return self._add(Line2D([self.fx(value)] * 2, [0.0, 1.0], transform=self.along_x, **style))
        return self._add(Line2D([0.0, 1.0], [self.fy(value)] * 2, transform=self.along_y, **style))

    def text(self, x: float, y: float, s: str, **style: Any) -> Any:
        """Text at a data point."""
        from matplotlib.text import Text

        return self._add(Text(self.fx(x), self.fy(y), s, transform=self.data, fontsize=style.pop("fontsize", FONT),
                              color=style.pop("color", INK), **style))

    def frame(self) -> None:
        """The left and bottom spines of the house style."""
        from matplotlib.lines import Line2D

        self._add(Line2D([0.0, 0.0, 1.0], [1.0, 0.0, 0.0], transform=self.area, color=MUTED, linewidth=0.8,
                         solid_joinstyle="miter", zorder=2.5))

    def axis(self, axis: str, ticks: list[float], labels: list[str] | None = None, *, grid: bool = False,
             title: str | None = None, title_offset: float | None = None) -> None:
        """One axis: tick marks, labels, optional grid lines (behind everything) and the axis title.

        ``title_offset`` (points from the axis line) places the title; by default it clears one line of tick
        labels under an x axis and about five characters beside a y axis.
        """
        from matplotlib.collections import LineCollection
        from matplotlib.lines import Line2D
        from matplotlib.markers import TICKDOWN, TICKLEFT
        from matplotlib.text import Text
        from matplotlib.transforms import ScaledTranslation

        labels = [tick_label(t) for t in ticks] if labels is None else labels
        horizontal = axis == "x"
        along = self.along_x if horizontal else self.along_y
        place = self.fx if horizontal else self.fy
        at_axis = [(place(t), 0.0) if horizontal else (0.0, place(t)) for t in ticks]
        if grid and ticks:
            ends = [[(x, 0.0), (x, 1.0)] if horizontal else [(0.0, y), (1.0, y)] for x, y in at_axis]
            self._add(LineCollection(ends, transform=along, colors=GRID, linewidths=0.6, zorder=0))
        if ticks:
            xs, ys = zip(*at_axis, strict=True)
            self._add(Line2D(xs, ys, transform=along, marker=TICKDOWN if horizontal else TICKLEFT,
                             markersize=TICK_LENGTH, markeredgewidth=0.8, color=INK, linestyle="none", zorder=2.5))
        gap = (TICK_LENGTH + TICK_PAD) / 72
        shift = ScaledTranslation(0, -gap, self.fig.dpi_scale_trans) if horizontal else ScaledTranslation(
            -gap, 0, self.fig.dpi_scale_trans)
        for (x, y), text in zip(at_axis, labels, strict=True):
            self._add(Text(x, y, text, transform=along + shift, fontsize=FONT, color=INK,
                           ha="center" if horizontal else "right", va="top" if horizontal else "center_baseline"))
        if title:
            if title_offset is None:
                widest = max((len(t) for t in labels), default=0)
                title_offset = TICK_LENGTH + TICK_PAD + (FONT if horizontal else FONT * 0.6 * widest) + LABEL_PAD
            move = title_offset / 72
            if horizontal:
                self._add(Text(0.5, 0.0, title, transform=self.area + ScaledTranslation(
                    0, -move, self.fig.dpi_scale_trans), fontsize=FONT, color=INK, ha="center", va="top"))
            else:
                self._add(Text(0.0, 0.5, title, transform=self.area + ScaledTranslation(
                    -move, 0, self.fig.dpi_scale_trans), fontsize=FONT, color=INK, ha="center", va="bottom",
                    rotation=90, rotation_mode="anchor"))

    def legend(self, handles: list[Any], *, fontsize: float = FONT - 1) -> Any:
        """A legend of the labelled artists ``handles``, outside the panel at its top right."""
        return self.fig.legend(handles, [h.get_label() for h in handles], fontsize=fontsize, frameon=False,
                               loc="upper left", bbox_to_anchor=(1.0, 1.0), bbox_transform=self.area)

    def nice_ticks(self, axis: str) -> list[float]:
        """The ticks matplotlib's automatic locator would put on this panel's linear ``axis``: round steps (1,
        2, 2.5 or 5 times a power of ten), as many as its length leaves room for (one per two label heights up
        a y axis, per three along an x axis), at most ten.

        Examples
        --------
        >>> Panel(canvas(6.0, 2.6), (0.1, 0.2, 0.8, 0.95), x=(0, 1), y=(0, 16.2)).nice_ticks("y")
        [0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0]
        """
        from matplotlib.ticker import MaxNLocator

        left, bottom, right, top = self.box
        width, height = self.fig.get_size_inches()
        length = ((right - left) * width if axis == "x" else (top - bottom) * height) * 72
        room = int(length // (FONT * (3 if axis == "x" else 2)))
        low, high = self.x if axis == "x" else self.y
        values = MaxNLocator(nbins=min(max(room, 1), 9), steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
        return [float(v) for v in values if low - 1e-9 <= v <= high + 1e-9]


def number_labels(ticks: list[float]) -> list[str]:
    """Tick labels with as many decimals as the finest tick needs, all alike, negatives with a true minus
    sign (as matplotlib writes them).

    Examples
    --------
    >>> number_labels([0.0, 2.5, 5.0]), number_labels([-20.0, 0.0, 20.0])
    (['0.0', '2.5', '5.0'], ['−20', '0', '20'])
    """
    decimals = 0
    for t in ticks:
        while decimals < 3 and abs(round(t, decimals) - t) > 1e-9:
            decimals += 1
    return [f"{t:.{decimals}f}".replace("-", "\N{MINUS SIGN}") for t in ticks]


def empty(ax: Axes, message: str) -> None:
    """Say in the plot why there is nothing to draw."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=FONT, color=MUTED)
    ax.set_xticks([])
    ax.set_yticks([])
