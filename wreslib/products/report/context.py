"""Everything one organisation's report needs, gathered once: its rows, its years' results, its own words.

:func:`build_context` reads the organisation's rows once (``Dataset.select``), computes its report years
together (:func:`wreslib.measures.compute.compute`), reads its action plan, commentary and report details,
and decides disclosure control for every count the report can show (:mod:`.figures`). Sections then
only lay out what the context holds: rendering computes nothing.

A process that makes reports of several organisations from one dataset (a batch worker's kernel) computes
every organisation's indicators together once it is asked for a second organisation, and takes each
report's part (:meth:`~wreslib.measures.compute.Computation.only`): computing 42 organisations costs
little more than computing one, and every figure is the same, because each family of tests is one
organisation-year's. A single report computes only its own organisation.

A report uses only its own organisation's rows (and shared reference tables), so it is up to date while
they, its options and the software are unchanged; the comparison with other organisations lives on the
benchmark page.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.lru import remember
from wreslib.measures import compute as compute_module
from wreslib.measures.tidy import table_of
from wreslib.options import ReportOptions
from wreslib.present.provenance import Provenance, data_name
from wreslib.present.words import Words

if TYPE_CHECKING:
    from wreslib.audit.results import AuditResult
    from wreslib.data.dataset import Dataset
    from wreslib.measures.compute import Computation
    from wreslib.measures.results import IndicatorSet
    from wreslib.present.disclosure import Disclosure

STATUS_ORDER = ("completed", "in progress", "planned")


@dataclass(frozen=True)
class Action:
    """One line of the organisation's action plan, as written."""

    action_id: str
    indicators: tuple[int, ...]
    status: str
    text: str
    theme: str = ""
    outcome: str = ""
    review: str = ""
    owner: str = ""
    due: str = ""


@dataclass(frozen=True)
class ReportContext:
    """One organisation's report: its results oldest year first, its own words, options and disclosure."""

    data: Dataset
    org_code: str
    year: int
    options: ReportOptions
    sets: tuple[IndicatorSet, ...]
    provenance: Provenance
    organisation: dict[str, Any]
    actions: tuple[Action, ...] = ()
    commentary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    report_info: dict[str, dict[int, str]] = field(default_factory=dict)
    population: tuple[tuple[str, float, str], ...] = ()
    references: tuple[dict[str, Any], ...] = ()
    computation: Computation | None = None
    audit: AuditResult | None = None
    disclosure: Disclosure | None = None

    @property
    def current(self) -> IndicatorSet:
        return self.sets[-1]

    @property
    def years(self) -> list[int]:
        return [s.year for s in self.sets]

    @property
    def words(self) -> Words:
        return Words(self.options)

    @property
    def synthetic(self) -> bool:
        return self.current.synthetic

    @property
    def disc(self) -> Disclosure:
        assert self.disclosure is not None
        return self.disclosure

    def actions_for(self, number: int) -> list[Action]:
        return [a for a in self.actions if number in a.indicators]

    def said(self, section: str) -> tuple[str, ...]:
        """The organisation's own words for a section (``introduction``, ``indicator_2`` …), as written."""
        return self.commentary.get(section, ())


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def _actions(data: Dataset, org_code: str, year: int) -> tuple[Action, ...]:
    rows = data.rows("actions", org_code, [year]) if data.has("actions") else None
    if rows is None or rows.empty:
        return ()
    out = []
    for i, r in enumerate(rows.to_dict("records"), start=1):
        indicators = r.get("indicator") or ()
        out.append(Action(
            action_id=_text(r.get("action_id")) or f"A{i}", indicators=tuple(int(n) for n in indicators),
            status=_text(r.get("status")), text=_text(r.get("text")), theme=_text(r.get("theme")),
            outcome=_text(r.get("outcome")), review=_text(r.get("review")), owner=_text(r.get("owner")),
            due=_text(r.get("due")),
        ))
    return tuple(out)


def _commentary(data: Dataset, org_code: str, year: int) -> dict[str, tuple[str, ...]]:
    if not data.has("commentary"):
        return {}
    rows = data.rows("commentary", org_code, [year])
    out: dict[str, list[str]] = {}
    for r in rows.to_dict("records"):
        out.setdefault(str(r["section"]), []).append(_text(r["text"]))
    return {k: tuple(v) for k, v in out.items()}


def _report_info(data: Dataset, org_code: str) -> dict[str, dict[int, str]]:
    if not data.has("report_info"):
        return {}
    out: dict[str, dict[int, str]] = {}
    for r in data.rows("report_info", org_code).to_dict("records"):
        out.setdefault(str(r["field"]), {})[int(r["year"])] = _text(r["value"])
    return out


def _references(data: Dataset, year: int) -> tuple[dict[str, Any], ...]:
    if not data.has("benchmarks"):
        return ()
    rows = data.rows("benchmarks")
    return tuple(r for r in rows.to_dict("records") if int(r["year"]) == int(year))


def _audit(dataset: Dataset, code: str, year: int) -> AuditResult | None:
    """The check of the figures the organisation published before, when the data holds them."""
    from wreslib.audit.audit import for_report

    return for_report(dataset, code, year)


def build_context(data: Dataset | str | Path, org_code: str, year: int,
                  options: ReportOptions | Mapping[str, Any] | None = None, *,
                  data_label: str | None = None) -> ReportContext:
    """Read, compute and gather one organisation's report (see the module docstring).

    Parameters
    ----------
    data : Dataset, str or Path
        A dataset, or the data folder or workbook to read.
    org_code, year : the organisation and the WRES year of the report.
    options : ReportOptions or mapping
        Display label, suppression threshold and trend years (checked once here when a mapping).
    data_label : str, optional
        How the report names the data; by default its path relative to the working folder.

    Raises
    ------
    DataError
        When the organisation's rows hold a fault, or the organisation or year is not in the data.
    """
    from wreslib.data.read import read_data

    opts = ReportOptions.of(options)
    dataset = read_data(data) if isinstance(data, str | Path) else data
    code = str(org_code).strip().upper()
    dataset.require(code, int(year))
    comp, trends = _computed(dataset, code, int(year), opts.trend_years)
    return assemble(dataset, comp, code, int(year), opts, trends, data_label=data_label)


#: Per dataset (held, so its id cannot be reused) and report window: the organisations asked for, and the
#: computation of every organisation once a second one is asked for.
_SHARED: OrderedDict[tuple[int, int, int], dict[str, Any]] = OrderedDict()
_SHARED_SIZE = 2


def clear_cache() -> None:
    """Forget every shared computation (the next report computes its organisation alone)."""
    _SHARED.clear()


def _computed(dataset: Dataset, code: str, year: int, trend_years: int) -> tuple[Computation, Any]:
    """The organisation's computation and trends: its own, or its part of every organisation's (see above)."""
    entry = remember(_SHARED, (id(dataset), year, trend_years), lambda: {"data": dataset, "asked": set()},
                     _SHARED_SIZE)
    entry["asked"].add(code)
    if "every" not in entry and len(entry["asked"]) > 1:
        years = [y for y in dataset.years() if year - trend_years < y <= year]
        every = compute_module.compute(dataset, None, years).prepare()
        table_of(every)  # laid out once here; each report's tables then take their rows of it
        entry["every"] = (every, compute_module.trends(every, year, trend_years))
    if "every" in entry and code in set(entry["every"][0].org_years["org_code"]):
        every, trends = entry["every"]
        comp = every.only([code])
        several = comp.org_years["year"].nunique() > 1
        return comp, (trends[trends["org_code"] == code].reset_index(drop=True) if several else None)
    own = dataset.select([code])
    years = [y for y in own.years(code) if year - trend_years < y <= year]
    comp = compute_module.compute(own, [code], years)
    return comp, (compute_module.trends(comp, year, trend_years) if len(years) > 1 else None)


def assemble(dataset: Dataset, comp: Computation, code: str, year: int, opts: ReportOptions,
             trends: Any | None, *, data_label: str | None = None) -> ReportContext:
    """A report's context from a computation that holds its organisation (several may be computed at once)."""
    from wreslib.products.report.figures import register

    own = dataset.select([code])
    years = [y for y in sorted(set(comp.org_years[comp.org_years["org_code"] == code]["year"]))
             if year - opts.trend_years < y <= year]
    sets = tuple(compute_module.indicator_set(comp, code, y, trends if y == year else None) for y in years)
    label = data_label if data_label is not None else data_name(dataset.source)
    parameters = {"org_code": code, "year": year, **opts.as_parameters()}
    provenance = Provenance(dataset.checksum, label, parameters, org_checksum=dataset.org_checksum(code))
    population = ()
    if dataset.has("population"):
        population = tuple((str(r["area"]), float(r["bme_pct"]), _text(r.get("source")))
                           for r in own.rows("population", code).to_dict("records"))
    ctx = ReportContext(
        data=own, org_code=code, year=year, options=opts, sets=sets, provenance=provenance,
        organisation=dataset.organisation(code), actions=_actions(own, code, year),
        commentary=_commentary(own, code, year), report_info=_report_info(own, code),
        population=population, references=_references(dataset, year), computation=comp,
        audit=_audit(dataset, code, year),
    )
    return ReportContext(**{**ctx.__dict__, "disclosure": register(sets, opts.suppress_below)})
