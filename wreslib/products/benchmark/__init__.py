"""The benchmark page: many organisations compared, built once, shown section by section.

In the benchmark notebook (``notebooks/wres_benchmark.ipynb``) and in JupyterLab::

    from wreslib.products import benchmark
    b = benchmark.build("data/synthetic", 2024)                   # or region="London" for a region's page
    b.summary()            # headings and sentences as Markdown, tables as Styler, funnels as images
    b.indicator(2)

The numbers all come from :func:`wreslib.benchmark.compute_benchmark` (:mod:`.context` gathers them once);
:mod:`.narrative` makes the sentences from claims that carry their statistics (:mod:`.claims`), :mod:`.tables`
and :mod:`.charts` lay the figures out with the presentation kit, :mod:`.sections` orders them, and
:mod:`.exports` writes ``benchmark.csv``, ``benchmark.xlsx`` and ``manifest.json``.
``BenchmarkPage.page()`` renders the whole page in-process (the same HTML the notebook's export gives), which
the tests use to check content without running a kernel.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.measures import families
from wreslib.options import ReportOptions
from wreslib.present import html
from wreslib.products.benchmark import sections
from wreslib.products.benchmark.context import BenchmarkContext, build_context

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset
    from wreslib.present.blocks import Section
    from wreslib.products.report.claims import Sentence

__all__ = ["BenchmarkContext", "BenchmarkPage", "build", "build_context"]


class BenchmarkPage:
    """The sections of one benchmark page, made from one :class:`BenchmarkContext`."""

    def __init__(self, ctx: BenchmarkContext) -> None:
        self.ctx = ctx

    def title(self) -> Section:
        return sections.title(self.ctx)

    def contents(self) -> Section:
        return sections.contents(self.ctx)

    def summary(self) -> Section:
        return sections.summary_section(self.ctx)

    def indicator(self, number: int) -> Section:
        return sections.indicator(self.ctx, families.indicator(number).number)

    def rankings(self) -> Section:
        return sections.rankings(self.ctx)

    def organisations(self) -> Section:
        return sections.organisations(self.ctx)

    def published(self) -> Section:
        return sections.published(self.ctx)

    def appendix(self) -> Section:
        return sections.appendix(self.ctx)

    def sections(self) -> list[Section]:
        return sections.all_sections(self.ctx)

    def sentences(self) -> list[Sentence]:
        """Every sentence the page says, with the claims behind it (what :func:`.claims.problems` checks)."""
        from wreslib.products.benchmark import narrative, summary

        ctx = self.ctx
        out = [*summary.lead(ctx), *summary.changes(ctx), summary.reading_note(ctx)]
        scope, group = ("region", ctx.region) if ctx.region is not None else ("all", "all")
        out.append(narrative.workforce_share_sentence(ctx, scope, group, ctx.group_name(scope, group)))
        for line in ctx.lines:
            out += narrative.line_sentences(ctx, line)
            out.append(narrative.movement_sentence(ctx, line))
        for number in families.NUMBERS:
            out += narrative.published_sentences(ctx, number)
        return [s for s in out if s is not None]

    def page_settings(self) -> dict[str, Any]:
        """What the page layout needs: title, running title, synthetic marker, footer lines, the page's kind."""
        ctx = self.ctx
        where = ctx.region if ctx.region is not None else ctx.name
        title = f"WRES benchmark {ctx.year}: {where}" + (" (synthetic data)" if ctx.synthetic else "")
        p = ctx.provenance
        footer = [f"WRES benchmark {ctx.year}, {ctx.focus_name}. Data {p.data_name}, checksum {p.data_checksum}; "
                  f"wreslib {p.software.get('wreslib')}."]
        return {"title": title, "running": f"WRES benchmark {ctx.year} · {where}", "synthetic": ctx.synthetic,
                "footer": footer, "lang": "en-GB", "kind": "benchmark"}

    def page(self) -> str:
        """The whole page, rendered in-process (the same layout the notebook export uses)."""
        return html.page(self.page_settings(), self.sections())

    def main_text(self) -> str:
        """The visible text of the main part (title, contents, summary and the nine indicator screens)."""
        return "\n\n".join(s.text() for s in self.sections() if s.anchor in sections.MAIN_PART)

    def write_tables(self, folder: str | Path) -> list[Path]:
        """Write ``benchmark.csv``, ``benchmark.xlsx`` and ``manifest.json`` beside the page (see :mod:`.exports`)."""
        from wreslib.products.benchmark.exports import write_tables

        return write_tables(self.ctx, folder, self.page_settings())


def build(data: Dataset | str | Path, year: int, options: ReportOptions | Mapping[str, Any] | None = None, *,
          group_by: str = "region", region: str | None = None, name: str | None = None,
          data_label: str | None = None, **given: Any) -> BenchmarkPage:
    """Build the benchmark page of ``year`` (options as a ``ReportOptions``, a mapping, or keywords).

    Parameters
    ----------
    data : Dataset, str or Path
    year : int
    options : ReportOptions or mapping, optional
        ``bme_label``, ``suppress_below``, ``trend_years`` (also accepted as keywords).
    group_by : {"region", "org_type"}
    region : str, optional
        Build a region's own page: the region against every organisation outside it.
    name : str, optional
        What the whole set is called (default: an honest count, "the 42 ICBs in this data").
    data_label : str, optional
        How the page names the data (default: its path relative to the working folder).

    Examples
    --------
    >>> from pathlib import Path
    >>> b = build(Path(__file__).parents[3] / "data" / "synthetic", 2024, trend_years=2)
    >>> b.ctx.name, [s.anchor for s in b.sections()][:4]
    ('the 42 ICBs in this data', ['title', 'contents', 'summary', 'indicator-1'])
    """
    opts = ReportOptions.of(options, **given)
    return BenchmarkPage(build_context(data, year, opts, group_by=group_by, region=region, name=name,
                                       data_label=data_label))
