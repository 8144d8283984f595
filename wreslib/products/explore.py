"""For analysts in JupyterLab: charts and tables of many organisations from the tidy indicator table.

Each function takes the DataFrame of :func:`wreslib.indicator_table` (or the data, where it needs the
benchmark's funnel) and returns something that shows itself in a notebook cell and can be kept: a
:class:`~wreslib.present.charts.Chart` (an SVG image; ``.figure`` is the matplotlib Figure to restyle,
``.save("trend.png")`` writes it) or a pandas ``Styler`` (``.data`` is the DataFrame behind it). Nothing
here computes a statistic: values, intervals, tests and ratings are the library's, the order of a league
is the benchmark's (:mod:`wreslib.benchmark.league`), and a funnel's limits are the benchmark page's.

These are for exploring: they show every count, so they are not for sharing outside the organisation
without the report's small-number rule (the reports and their tables apply it).

Examples
--------
>>> from pathlib import Path
>>> from wreslib.measures.tidy import indicator_table
>>> table = indicator_table(Path(__file__).parents[2] / "data" / "synthetic", years=[2023, 2024])
>>> chart = trend(table, 2, ["ZS001", "ZS002"])
>>> chart.title
'Indicator 2, appointment from shortlisting: relative likelihood of White compared to BME applicants, 2023 to 2024'
>>> compare(table, ["ZS001", "ZS002"], 2024).loc[2, ("ZS001", "rating")] in {"red", "amber", "green", "grey"}
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.errors import DataError, Fault
from wreslib.measures import families
from wreslib.present import charts as kit
from wreslib.present import fmt
from wreslib.present.words import join

if TYPE_CHECKING:
    import pandas as pd

    from wreslib.data.dataset import Dataset

#: The measure each indicator is charted and compared by (the one its rating follows).
HEADLINE_MEASURE = {1: "relative_likelihood", 2: "relative_likelihood", 3: "relative_likelihood",
                    4: "relative_likelihood", 5: "gap_pp", 6: "gap_pp", 7: "gap_pp", 8: "gap_pp",
                    9: "difference_pp"}
ORG_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")
ORG_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")


def _check_indicator(indicator: object) -> int:
    try:
        return families.indicator(indicator).number
    except ValueError as exc:
        raise DataError(str(exc)) from None


def _rows(table: pd.DataFrame, indicator: int, *, staff_group: str | None, membership: str | None) -> pd.DataFrame:
    """The headline measure of one indicator: one row per organisation and year."""
    rows = table[(table["indicator"] == indicator) & (table["measure"] == HEADLINE_MEASURE[indicator])]
    if indicator == 1:
        rows = rows[rows["headline"].astype(bool)] if staff_group is None else rows[rows["staff_group"] == staff_group]
    elif indicator == 9:
        rows = rows[rows["membership"] == (membership or "voting")]
    return rows


def _missing(table: pd.DataFrame, orgs: Sequence[str]) -> None:
    known = set(table["org_code"])
    absent = [c for c in orgs if c not in known]
    if absent:
        sample = ", ".join(sorted(known)[:6]) + (", …" if len(known) > 6 else "")
        raise DataError(Fault("(indicator table)", f"no rows for {join(absent)} in the table; it holds {sample} "
                              "(org_code column)"))


def describe(indicator: int, staff_group: str | None = None, membership: str | None = None) -> str:
    """What the charted value of an indicator is, in words ("relative likelihood of White compared to BME
    applicants"), from the indicator's definition."""
    ind = families.indicator(indicator)
    if ind.family in (families.WORKFORCE, families.LIKELIHOOD):
        who = ind.phrases.noun if ind.phrases else "staff"
        head = f"relative likelihood of {ind.numerator_group} compared to {ind.denominator_group} {who}"
        return head + (f" ({staff_group} staff)" if staff_group else "")
    if ind.family == families.SURVEY:
        return "BME minus White percentage answering yes, in percentage points"
    return f"board minus workforce BME share ({membership or 'voting'} members), in percentage points"


def trend(table: pd.DataFrame, indicator: int, orgs: Sequence[str], *, staff_group: str | None = None,
          membership: str | None = None) -> kit.Chart:
    """One indicator over the years for a few organisations, each value with its 95% interval.

    Relative likelihoods are drawn on a log scale around parity (1) with the non-adverse range shaded;
    gaps and differences in percentage points around 0. Indicator 1 follows the staff group its rating
    follows unless ``staff_group`` names one; indicator 9 shows voting members unless ``membership`` says
    ``executive``.
    """
    number = _check_indicator(indicator)
    orgs = [str(c).strip().upper() for c in ([orgs] if isinstance(orgs, str) else orgs)]
    _missing(table, orgs)
    rows = _rows(table[table["org_code"].isin(orgs)], number, staff_group=staff_group, membership=membership)
    years = sorted(int(y) for y in rows["year"].unique())
    ratio = HEADLINE_MEASURE[number] == "relative_likelihood"
    fig, ax = kit.figure(7.6, 3.4, left=0.1, right=0.64, bottom=0.14, top=0.95)
    values: list[float] = []
    described = []
    for i, code in enumerate(orgs):
        mine = rows[rows["org_code"] == code].sort_values("year")
        shift = (i - (len(orgs) - 1) / 2) * 0.06
        x = mine["year"].astype(float) + shift
        y = mine["value"].astype(float)
        low, high = mine["ci_low"].astype(float), mine["ci_high"].astype(float)
        finite = y.notna() & (y > 0 if ratio else y.notna()) & (y != float("inf"))
        colour, marker = ORG_COLOURS[i % len(ORG_COLOURS)], ORG_MARKERS[i % len(ORG_MARKERS)]
        name = str(mine["org_name"].iloc[0]) if not mine.empty else code
        ax.plot(x[finite], y[finite], color=colour, marker=marker, linewidth=1.2, markersize=5,
                label=_short(f"{code}: {name}", 34))
        bars = finite & low.notna() & high.notna()
        ax.vlines(x[bars], low[bars], high[bars], color=colour, linewidth=1.0)
        values += [*y[finite], *low[bars], *high[bars]]
        described.append(f"{code}: " + "; ".join(
            f"{int(r.year)} {_value(r.value, ratio)}" + (f" ({_value(r.ci_low, ratio)} to {_value(r.ci_high, ratio)})"
                                                        if r.ci_low == r.ci_low and r.ci_high == r.ci_high else "")
            for r in mine.itertuples()))
    if ratio:
        ax.set_yscale("log")
        kit.ratio_axis(ax, [v for v in values if v > 0] or [1.0], axis="y")
        kit.non_adverse_band(ax, 0.8, 1.25, axis="y")
        ax.axhline(1.0, color=kit.INK, linewidth=0.8)
    else:
        ax.axhline(0.0, color=kit.INK, linewidth=0.8)
    ax.set_xticks(years, [str(y) for y in years])
    family = families.indicator(number).family
    ax.set_ylabel({families.SURVEY: "BME minus White (percentage points)",
                   families.BOARD: "board minus workforce (percentage points)"}.get(
                       family, "relative likelihood (log scale)"), fontsize=kit.FONT)
    ax.set_xlabel("WRES year" + (" (NHS Staff Survey of the year before)" if family == families.SURVEY else ""),
                  fontsize=kit.FONT - 0.5)
    ax.legend(fontsize=kit.FONT - 1.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    what = describe(number, staff_group, membership)
    span = f"{years[0]} to {years[-1]}" if years else "no years"
    ind = families.indicator(number)
    title = f"Indicator {number}, {ind.short_title.lower()}: {what}, {span}"
    alt = f"{title}. " + ". ".join(described) + "." if described else title
    caption = "Bars: 95% confidence intervals (score method). " + (
        "Shaded: the non-adverse range 0.80 to 1.25." if ratio else "")
    return kit.Chart(fig, title, alt, caption.strip())


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _value(v: float, ratio: bool) -> str:
    if v != v:
        return "not available"
    return fmt.ratio(v) if ratio else fmt.pp_short(v)


def compare(table: pd.DataFrame, orgs: Sequence[str], year: int) -> pd.DataFrame:
    """The nine headline values of a few organisations side by side in one year: for each organisation its
    ``value``, ``ci_low``, ``ci_high``, ``p_adjusted`` and ``rating`` (columns), one row per indicator."""
    import pandas as pd

    orgs = [str(c).strip().upper() for c in ([orgs] if isinstance(orgs, str) else orgs)]
    _missing(table, orgs)
    parts = []
    for number in families.NUMBERS:
        rows = _rows(table[(table["year"] == int(year)) & table["org_code"].isin(orgs)], number, staff_group=None,
                     membership=None)
        parts.append(rows.assign(indicator=number))
    rows = pd.concat(parts)
    wide = rows.pivot_table(index="indicator", columns="org_code",
                            values=["value", "ci_low", "ci_high", "p_adjusted", "rating"], aggfunc="first",
                            dropna=False)
    wide = wide.swaplevel(0, 1, axis=1)
    order = [(c, m) for c in orgs for m in ("value", "ci_low", "ci_high", "p_adjusted", "rating") if (c, m) in wide]
    out = wide[order]
    out.index = pd.Index(out.index.astype(int), name="indicator")
    out.insert(0, ("", "measure"), [describe(int(n)) for n in out.index])
    return out


def league(data: Dataset | str | Path, indicator: int, year: int, *, staff_group: str | None = None,
           membership: str | None = None, region: str | None = None) -> Any:
    """Every organisation ranked on one indicator in ``year``, as a styled table (the benchmark's order:
    1 = the most adverse to BME staff; ties share a rank), each value with its interval, its adjusted p
    and its rating coloured as in the reports. ``region`` keeps one region's organisations (ranks stay
    those among all). Returns a pandas ``Styler``; ``.data`` is the DataFrame."""
    from wreslib.benchmark.league import league as rank
    from wreslib.benchmark.scope import population
    from wreslib.data.read import read_data
    from wreslib.measures.compute import compute

    number = _check_indicator(indicator)
    dataset = read_data(data) if isinstance(data, str | Path) else data
    people = population(dataset, int(year))
    standings = rank(compute(dataset, people.codes, [int(year)]), people, int(year))
    group = staff_group if number == 1 else None
    if number == 1 and group is None:
        group = "non-clinical"
    rows = standings.of(number, group, membership if number == 9 else None)
    if region is not None:
        if region not in set(rows["region"]):
            raise DataError(Fault("organisations.csv", f"no organisation compared in {year} is in the region "
                                  f"{region!r}; regions: {join(sorted(set(rows['region'])))} (region column)"))
        rows = rows[rows["region"] == region]
    ratio = rows["measure"].iloc[0] == "relative_likelihood" if not rows.empty else True
    shown = rows[["rank", "org_code", "org_name", "region", "value", "ci_low", "ci_high", "p_adjusted", "rag",
                  "direction"]].rename(columns={"rag": "rating"}).reset_index(drop=True)
    shown["rank"] = shown["rank"].astype("Int64")
    colours = {k: f"background-color: {v}; color: {'#000' if k == 'amber' else '#fff'}"
               for k, v in kit.RAG_COLOURS.items()}
    what = describe(number, group, membership)
    styler = (shown.style.hide(axis="index")
              .format(lambda v: _value(float(v), ratio), subset=["value", "ci_low", "ci_high"], na_rep="—")
              .format(lambda p: fmt.p_value(float(p)) if p == p else "—", subset=["p_adjusted"])
              .format(escape="html", subset=["org_code", "org_name", "region", "rating", "direction"], na_rep="—")
              .map(lambda r: colours.get(str(r), ""), subset=["rating"])
              .set_caption(f"Indicator {number} in {int(year)}: {what}. Rank 1 is the most adverse to BME staff."))
    finite = shown["value"].astype(float)
    finite = finite[finite.abs() < float("inf")]
    centre = 1.0 if ratio else 0.0
    if len(finite) and (finite.max() > centre or finite.min() < centre):
        styler = styler.bar(subset=["value"], color="#cfe3f3", align=centre,
                            vmin=min(finite.min(), centre), vmax=max(finite.max(), centre))
    return styler


def funnel(data: Dataset | str | Path, indicator: int, year: int, *, staff_group: str | None = None,
           region: str | None = None, view: str = "parity", peer_group: str | None = None) -> kit.Chart:
    """The benchmark page's funnel plot of one relative likelihood (indicators 1 to 4) in ``year``: each
    organisation against its own precision, with the 95% and 99.8% limits (``view`` ``parity``: around 1;
    ``peer``: around its peer group's pooled value, widened for over-dispersion). ``region`` draws a
    region's page (its organisations labelled)."""
    number = _check_indicator(indicator)
    if HEADLINE_MEASURE[number] != "relative_likelihood":
        raise DataError(f"a funnel plot is drawn for the relative likelihoods (indicators 1 to 4), not indicator "
                        f"{number}; use league() or trend() for it")
    from wreslib.products.benchmark import build
    from wreslib.products.benchmark.charts import funnel_chart

    page = build(data, int(year), region=region)
    group = (staff_group or "non-clinical") if number == 1 else None
    line = next((ln for ln in page.ctx.lines if ln.indicator == number and ln.staff_group == group), None)
    chart = None if line is None else funnel_chart(page.ctx, line, view, peer_group)
    if chart is None:
        raise DataError(f"no funnel can be drawn for indicator {number}" + (f" ({group} staff)" if group else "")
                        + f" in {year}: no organisation could be placed")
    return chart
