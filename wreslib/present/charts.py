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


def ratio_axis(ax: Axes, values: list[float], *, axis: str = "x", margin: float = 1.35) -> tuple[float, float]:
    """A log axis wide enough for ``values`` (and parity and the non-adverse range), with readable ticks."""
    finite = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    low = min([0.5, *finite]) / margin
    high = max([2.0, *finite]) * margin
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


def empty(ax: Axes, message: str) -> None:
    """Say in the plot why there is nothing to draw."""
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=FONT, color=MUTED)
    ax.set_xticks([])
    ax.set_yticks([])
