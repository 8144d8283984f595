"""One organisation's WRES report: build it once, show it section by section.

In the report notebook (``notebooks/wres_report.ipynb``) and in JupyterLab::

    from wreslib.products import report
    r = report.build("data/example", "QHG", 2024)
    r.summary()            # headings and sentences as Markdown, tables as Styler, charts as images
    r.indicator(2)

``Report.page()`` renders the whole page in-process (the same HTML the notebook's export gives), which the
tests use to check content without running a kernel.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.measures import families
from wreslib.options import ReportOptions
from wreslib.present import html
from wreslib.products.report import sections
from wreslib.products.report.context import ReportContext, build_context

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset
    from wreslib.present.blocks import Section

__all__ = ["Report", "ReportContext", "build", "build_context"]

#: Sections before the appendix: the report's main body.
MAIN_BODY = ("title", "summary", "introduction", "workforce", *[f"indicator-{n}" for n in families.NUMBERS],
             "action-plan", "conclusion")


class Report:
    """The sections of one organisation's report, made from one :class:`ReportContext`."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx

    def title(self) -> Section:
        return sections.title(self.ctx)

    def summary(self) -> Section:
        return sections.summary_section(self.ctx)

    def introduction(self) -> Section:
        return sections.introduction(self.ctx)

    def workforce(self) -> Section:
        return sections.profile(self.ctx)

    def indicator(self, number: int) -> Section:
        return sections.indicator(self.ctx, families.indicator(number).number)

    def action_plan(self) -> Section:
        return sections.action_plan(self.ctx)

    def conclusion(self) -> Section:
        return sections.conclusion(self.ctx)

    def glossary(self) -> Section:
        return sections.glossary(self.ctx)

    def appendix(self) -> Section:
        return sections.appendix(self.ctx)

    def sections(self) -> list[Section]:
        return sections.all_sections(self.ctx)

    def page_settings(self) -> dict[str, Any]:
        """What the page layout needs: title, running title, synthetic marker, footer lines."""
        s = self.ctx.current
        title = f"WRES report {self.ctx.year}: {s.org_name}" + (" (synthetic data)" if s.synthetic else "")
        p = self.ctx.provenance
        footer = [f"WRES report {self.ctx.year}, {s.org_name} ({s.org_code}). Data {p.data_name}, checksum "
                  f"{p.data_checksum}; wreslib {p.software.get('wreslib')}."]
        return {"title": title, "running": f"WRES {self.ctx.year} · {s.org_name}", "synthetic": s.synthetic,
                "footer": footer, "lang": "en-GB"}

    def page(self) -> str:
        """The whole page, rendered in-process (the same layout the notebook export uses)."""
        return html.page(self.page_settings(), self.sections())

    def write_tables(self, folder: str | Path) -> list[Path]:
        """Write the report's tables beside its page (see :mod:`.exports`)."""
        from wreslib.products.report.exports import write_tables

        return write_tables(self.ctx, folder, self.page_settings())

    def main_text(self) -> str:
        """The visible text of the main body (every section before the appendix)."""
        return "\n\n".join(s.text() for s in self.sections() if s.anchor in MAIN_BODY)


def build(data: Dataset | str | Path, org_code: str, year: int, options: ReportOptions | Mapping[str, Any] | None
          = None, *, data_label: str | None = None, **given: Any) -> Report:
    """Build one organisation's report (options as a ``ReportOptions``, a mapping, or keywords).

    Examples
    --------
    >>> from pathlib import Path
    >>> r = build(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> r.ctx.current.ratings[2]
    'red'
    """
    opts = ReportOptions.of(options, **given)
    return Report(build_context(data, org_code, year, opts, data_label=data_label))
