"""The options of a report or benchmark page, checked once where they enter (CLI, notebook parameters, API).

Everything below the edge receives a ``ReportOptions`` and trusts it: no module checks ``bme_label`` or
``suppress_below`` again. A bad value raises :class:`OptionError` (an input fault, exit status 2) that
names the option as the analyst wrote it (``bme_label``, or ``--bme-label`` on the command line).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from wreslib.errors import DataError, Fault

#: The name of the group compared with White staff, as the data contract and the WRES guidance write it.
DEFAULT_BME_LABEL = "BME"
#: Longest display label accepted: it is written into headings, table captions and chart legends.
MAX_LABEL_LENGTH = 40
#: Counts from 1 to this minus 1 are suppressed in shared outputs (NHS England publications commonly use 5).
DEFAULT_SUPPRESS_BELOW = 5
#: Thresholds accepted for ``suppress_below`` (NHS Wales uses 10; above 100 nothing useful would remain).
SUPPRESS_BELOW_RANGE = (1, 100)
#: Report years shown in trend tables (the published report shows three).
DEFAULT_TREND_YEARS = 3
TREND_YEARS_RANGE = (1, 10)


class OptionError(DataError):
    """An option (parameter) of a report has a value that cannot be used."""


def _fault(name: str, value: object, expected: str) -> OptionError:
    flag = "--" + name.replace("_", "-")
    return OptionError(Fault("(parameters)", f"{name} ({flag}) {expected}", column=name, value=repr(value)),
                       heading="A report option cannot be used")


def _whole(name: str, value: object, bounds: tuple[int, int], expected: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral | str):
        raise _fault(name, value, expected)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _fault(name, value, expected) from None
    if not bounds[0] <= number <= bounds[1]:
        raise _fault(name, value, expected)
    return number


@dataclass(frozen=True)
class ReportOptions:
    """How a report or benchmark page is shown: the group's display label, suppression and trend length.

    Build it with :meth:`ReportOptions.of` (which checks every value) or the constructor (which checks
    too); both give a frozen, valid object.

    Attributes
    ----------
    bme_label : str
        Display label of the group compared with White staff ("BME", "Global Majority", "BAME"). A
        label only: the grouping of ethnic codes is unchanged.
    suppress_below : int
        Counts from 1 to ``suppress_below - 1`` are hidden in shared outputs.
    trend_years : int
        How many report years, ending with the report's year, the trends show.

    Examples
    --------
    >>> ReportOptions.of(bme_label=" Global  Majority ", suppress_below="10")
    ReportOptions(bme_label='Global Majority', suppress_below=10, trend_years=3)
    >>> try:
    ...     ReportOptions(bme_label="")
    ... except OptionError as error:
    ...     print(error.faults[0].message)
    bme_label (--bme-label) must be a short label such as 'BME' or 'Global Majority' (1 to 40 characters)
    """

    bme_label: str = DEFAULT_BME_LABEL
    suppress_below: int = DEFAULT_SUPPRESS_BELOW
    trend_years: int = DEFAULT_TREND_YEARS

    def __post_init__(self) -> None:
        label = self.bme_label
        expected = (f"must be a short label such as 'BME' or 'Global Majority' (1 to {MAX_LABEL_LENGTH} "
                    "characters)")
        if not isinstance(label, str):
            raise _fault("bme_label", label, expected)
        tidy = " ".join(label.split())
        if not tidy or len(tidy) > MAX_LABEL_LENGTH:
            raise _fault("bme_label", label, expected)
        low, high = SUPPRESS_BELOW_RANGE
        suppress = _whole("suppress_below", self.suppress_below, SUPPRESS_BELOW_RANGE,
                          f"must be a whole number from {low} to {high} (NHS publications commonly use "
                          f"{DEFAULT_SUPPRESS_BELOW}; NHS Wales uses 10)")
        first, last = TREND_YEARS_RANGE
        years = _whole("trend_years", self.trend_years, TREND_YEARS_RANGE,
                       f"must be a whole number of years from {first} to {last}")
        object.__setattr__(self, "bme_label", tidy)
        object.__setattr__(self, "suppress_below", suppress)
        object.__setattr__(self, "trend_years", years)

    @classmethod
    def of(cls, options: ReportOptions | Mapping[str, Any] | None = None, **given: Any) -> ReportOptions:
        """Options from another ``ReportOptions``, a mapping (notebook parameters) and/or keywords.

        Unknown names in a mapping are ignored (notebook parameters also hold ``org_code``, ``year``);
        keywords override the mapping.
        """
        values: dict[str, Any] = {}
        if isinstance(options, ReportOptions):
            values.update(asdict(options))
        elif options is not None:
            values.update({k: v for k, v in options.items() if k in cls.__dataclass_fields__})
        values.update(given)
        return cls(**values)

    def as_parameters(self) -> dict[str, Any]:
        """The options as notebook parameters and provenance (plain JSON values)."""
        return asdict(self)
