"""Everything one report needs, computed once: the organisation, its years, and the indicator sets.

The notebook builds a ``ReportContext`` from its parameters and hands it to ``wreslib.legacy.report.present``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.errors import DataError, Fault
from wreslib.legacy.report.disclosure import DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from wreslib.data.read import Dataset
    from wreslib.legacy.measures.results import IndicatorSet

#: Report years shown in trend tables (the published report shows three).
DEFAULT_TREND_YEARS = 3


@dataclass(frozen=True)
class ReportContext:
    """One organisation's report: its data, its indicator sets oldest first, and the display options."""

    data: Dataset
    org_code: str
    year: int
    sets: tuple[IndicatorSet, ...]
    bme_label: str = "BME"
    suppress_below: int = DEFAULT_THRESHOLD
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def current(self) -> IndicatorSet:
        return self.sets[-1]

    @property
    def years(self) -> list[int]:
        return [s.year for s in self.sets]

    @property
    def org_name(self) -> str:
        return self.current.org_name

    @property
    def synthetic(self) -> bool:
        return self.current.synthetic

    def population(self) -> list[tuple[str, float, str]]:
        """(area, BME %, source) rows of population.csv for this organisation."""
        rows = self.data.table("population", self.org_code)
        return [(str(r["area"]), float(r["bme_pct"]), str(r["source"] or "")) for _, r in rows.iterrows()]

    def actions(self, indicator: int | None = None) -> list[dict[str, Any]]:
        """This year's action plan lines (all, or those serving one indicator), in file order.

        An action listing several indicators (``1;2;4;7``) serves each of them, so it is among the lines
        of each; one listing none serves the whole plan and is only in the full list. ``indicators`` is
        the tuple listed; the plan's own columns (``action_id``, ``theme``, …) are text or None.
        """
        rows = self.data.table("actions", self.org_code, year=self.year)
        lines = []
        for r in rows.to_dict("records"):
            indicators = tuple(int(i) for i in (r["indicator"] or ()))
            if indicator is not None and indicator not in indicators:
                continue
            line: dict[str, Any] = {"indicators": indicators, "status": str(r["status"]), "text": str(r["text"])}
            for column in ("action_id", "theme", "outcome", "review", "owner", "due"):
                value = r.get(column)
                # A blank cell reads as None, or as NaN in a text column of pandas' str dtype.
                line[column] = str(value) if isinstance(value, str) and value else None
            lines.append(line)
        return lines


#: The project root (the folder holding wreslib/, notebooks/ and data/).
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def resolve_data_dir(path: str | Path) -> Path:
    """The data folder as given, or, for a relative path that does not exist from here, from the project root.

    The notebook's default ``data/example`` thus works from the project root (papermill CLI, ``wres``) and
    from ``notebooks/`` (JupyterLab) alike.

    Examples
    --------
    >>> resolve_data_dir("data/example") == PROJECT_ROOT / "data" / "example"
    True
    """
    given = Path(path)
    if given.exists() or given.is_absolute():
        return given.resolve() if given.exists() else given
    from_root = PROJECT_ROOT / given
    return from_root if from_root.exists() else given


def build_context(
    data_dir: str | Path | Dataset,
    org_code: str,
    year: int,
    *,
    bme_label: str = "BME",
    suppress_below: int = DEFAULT_THRESHOLD,
    trend_years: int = DEFAULT_TREND_YEARS,
) -> ReportContext:
    """Read the data, check the organisation, and compute its indicators for ``year`` and the years before.

    Earlier years are included when the workforce table holds them and they are free of faults, up to
    ``trend_years`` years in all, so that trends never rest on data that failed validation.

    Raises
    ------
    DataError
        When the organisation's data has faults, or the organisation or year is not in the data, or an
        option is out of range.

    Examples
    --------
    >>> from pathlib import Path
    >>> ctx = build_context(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    >>> ctx.years, ctx.org_name[:16]
    ([2022, 2023, 2024], 'NHS Bedfordshire')
    """
    from wreslib.data.read import Dataset, read_data
    from wreslib.legacy.measures.indicators import compute_indicators

    if not isinstance(suppress_below, int) or isinstance(suppress_below, bool) or not 1 <= suppress_below <= 100:
        raise DataError(Fault("(parameters)", "suppress_below must be a whole number from 1 to 100 (default 5)",
                              column="suppress_below", value=str(suppress_below)))
    if not isinstance(bme_label, str) or not bme_label.strip() or len(bme_label) > 40:
        raise DataError(Fault("(parameters)", "bme_label must be a short group label such as 'BME' or "
                              "'Global Majority'", column="bme_label", value=str(bme_label)))
    if not isinstance(trend_years, int) or not 1 <= trend_years <= 10:
        raise DataError(Fault("(parameters)", "trend_years must be a whole number from 1 to 10",
                              column="trend_years", value=str(trend_years)))
    data = data_dir if isinstance(data_dir, Dataset) else read_data(resolve_data_dir(data_dir))
    org_code = str(org_code).strip().upper()
    year = int(year)
    data.require(org_code, year)
    years = [y for y in data.years(org_code) if y <= year][-trend_years:]
    sets = tuple(compute_indicators(data, org_code, y) for y in years)
    params = {"data_dir": str(data.source), "org_code": org_code, "year": year, "bme_label": bme_label,
              "suppress_below": suppress_below, "trend_years": trend_years}
    return ReportContext(data=data, org_code=org_code, year=year, sets=sets, bme_label=bme_label.strip(),
                         suppress_below=suppress_below, parameters=params)
