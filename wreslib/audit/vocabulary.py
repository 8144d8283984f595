"""The measures a published figure may be, per indicator: their names, units, and the groups they take.

A measure's name is the JSON key of ``wres indicators`` where there is one (``relative_likelihood``,
``white_pct``, ``gap_pp``, ``board_bme_pct``, ``difference_pp`` …), a count named as group and column
(``bme_shortlisted``, ``white_headcount``), or either of these followed by ``_direction`` for the words of
a sentence (``gap_pp_direction`` with value ``significantly higher``). The ethnic group may be written in
the name (``bme_pct``) or in the ``group`` column (``pct`` with group BME); the name without its group is
the measure's *base*.

=========  ==================================================================================
indicator  measures (``g`` is white, bme or unknown)
=========  ==================================================================================
1          ``headcount``, ``g_headcount``, ``g_pct``, ``known_pct``, ``g_change_pp``,
           ``headcount_change``, ``g_headcount_change``; with ``staff_group`` and ``band``
2          ``relative_likelihood``, ``g_rate_pct``, ``g_shortlisted``, ``g_appointed``, ``g_headcount``
3          ``relative_likelihood``, ``g_rate_pct``, ``g_entered``, ``g_headcount``
4          ``relative_likelihood``, ``g_rate_pct``, ``g_accessed``, ``g_headcount``
5-8        ``g_pct``, ``g_not_pct``, ``g_respondents``, ``gap_pp``, ``g_change_pp``,
           ``benchmark_g_pct``, ``g_benchmark_difference_pp``
9          ``board_g_pct``, ``workforce_g_pct``, ``difference_pp`` (``g_difference_pp``),
           ``board_members`` (``board_g_members``), ``g_headcount``, and ``executive_`` before the
           board measures for executive membership
=========  ==================================================================================

References
----------
``data-contract.md``, "Published figures (for ``wres audit``)" and "The JSON of ``wres indicators``".
"""

from __future__ import annotations

from dataclasses import dataclass

from wreslib.data.convert import BadValue
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE

__all__ = [
    "ALL",
    "CHANGE",
    "COUNT",
    "DIRECTION_SUFFIX",
    "GROUP_TOKENS",
    "MEASURES",
    "PCT",
    "PP",
    "RATIO",
    "MeasureSpec",
    "measure_name",
    "parse_measure_name",
]

#: Kinds of measure, which fix the unit a figure is printed in.
COUNT, CHANGE, PCT, PP, RATIO = "count", "change", "pct", "pp", "ratio"
#: The group of a total (everyone, whatever their ethnicity).
ALL = "All"
GROUP_TOKENS: dict[str, str] = {"white": WHITE, "bme": BME, "unknown": UNKNOWN}
DIRECTION_SUFFIX = "_direction"
_THREE = (WHITE, BME, UNKNOWN)
_TWO = (WHITE, BME)


@dataclass(frozen=True)
class MeasureSpec:
    """One base measure of one indicator.

    ``template`` places the group in the name (``board_{g}_pct``); ``groups`` are those it may be about
    (``All`` is the total, written without a group) and ``default`` the group when none is written
    (None: a group must be written, unless ``groups`` is empty). ``cells`` is True for measures that take
    a staff group and band (indicator 1).
    """

    base: str
    kind: str
    template: str
    groups: tuple[str, ...]
    default: str | None
    description: str
    cells: bool = False

    @property
    def directional(self) -> bool:
        """A sentence's direction (higher, lower, increased …) may be checked against this measure."""
        return self.kind in (PP, RATIO, CHANGE)


def _spec(base: str, kind: str, description: str, groups: tuple[str, ...] = (), default: str | None = None,
          template: str | None = None, cells: bool = False) -> MeasureSpec:
    return MeasureSpec(base, kind, template or ("{g}_" + base if groups else base), groups, default, description,
                       cells)


def _likelihood(cases: str, denominator: str) -> dict[str, MeasureSpec]:
    specs = [
        _spec("relative_likelihood", RATIO, "the relative likelihood"),
        _spec("rate_pct", PCT, f"the percentage of the group's {denominator} who were {cases}", _THREE),
        _spec(cases, COUNT, f"the number {cases}", (*_THREE, ALL), ALL),
        _spec("headcount", COUNT, "the workforce headcount", (*_THREE, ALL), ALL),
    ]
    if denominator != "headcount":
        specs.append(_spec(denominator, COUNT, f"the number {denominator}", (*_THREE, ALL), ALL))
    return {s.base: s for s in specs}


def _board(prefix: str, who: str) -> list[MeasureSpec]:
    return [
        _spec(f"{prefix}board_pct", PCT, f"the group's percentage of {who}", _THREE, BME, f"{prefix}board_{{g}}_pct"),
        _spec(f"{prefix}difference_pp", PP, f"the group's percentage of {who} minus its percentage of the "
              "workforce", _THREE, BME, f"{prefix}{{g}}_difference_pp"),
        _spec(f"{prefix}board_members", COUNT, f"the number of {who}", (*_THREE, ALL), ALL,
              f"{prefix}board_{{g}}_members"),
    ]


_SURVEY = {s.base: s for s in (
    _spec("pct", PCT, "the percentage of the group's respondents answering yes", _TWO),
    _spec("not_pct", PCT, "100 minus the percentage answering yes", _TWO),
    _spec("respondents", COUNT, "the group's respondents", _TWO),
    _spec("gap_pp", PP, "the BME percentage minus the White percentage"),
    _spec("change_pp", PP, "the group's percentage minus its percentage in the survey before", _TWO),
    _spec("benchmark_pct", PCT, "the benchmark's percentage for the group", _TWO, template="benchmark_{g}_pct"),
    _spec("benchmark_difference_pp", PP, "the group's percentage minus the benchmark's", _TWO),
)}

#: Every base measure, by indicator.
MEASURES: dict[int, dict[str, MeasureSpec]] = {
    1: {s.base: s for s in (
        _spec("headcount", COUNT, "the headcount", (*_THREE, ALL), ALL, cells=True),
        _spec("pct", PCT, "the group's percentage of the headcount (unknown ethnicity included)", _THREE,
              cells=True),
        _spec("known_pct", PCT, "the percentage whose ethnicity is recorded", cells=True),
        _spec("change_pp", PP, "the group's percentage minus its percentage the year before", _THREE, cells=True),
        _spec("headcount_change", CHANGE, "the headcount minus the headcount the year before", (*_THREE, ALL),
              ALL, cells=True),
    )},
    2: _likelihood("appointed", "shortlisted"),
    3: _likelihood("entered", "headcount"),
    4: _likelihood("accessed", "headcount"),
    5: _SURVEY, 6: _SURVEY, 7: _SURVEY, 8: _SURVEY,
    9: {s.base: s for s in (
        *_board("", "the voting board"), *_board("executive_", "the executive board"),
        _spec("workforce_pct", PCT, "the group's percentage of the workforce", _THREE, BME, "workforce_{g}_pct"),
        _spec("headcount", COUNT, "the workforce headcount", (*_THREE, ALL), ALL),
    )},
}


def measure_name(spec: MeasureSpec, group: str | None) -> str:
    """The canonical name of a base measure about a group (``board_bme_pct``, ``headcount``).

    Examples
    --------
    >>> measure_name(MEASURES[9]["board_pct"], "BME"), measure_name(MEASURES[2]["shortlisted"], "All")
    ('board_bme_pct', 'shortlisted')
    """
    if not spec.groups or group in (None, ALL):
        return spec.template.replace("{g}_", "").replace("_{g}", "")
    token = next(t for t, g in GROUP_TOKENS.items() if g == group)
    return spec.template.replace("{g}", token)


def _known(indicator: int) -> str:
    names = []
    for spec in MEASURES[indicator].values():
        if not spec.groups:
            names.append(spec.base)
        else:
            names.append(spec.template.replace("{g}", "g"))
    return ", ".join(names)


def parse_measure_name(indicator: int, measure: str, group: str | None = None
                       ) -> tuple[MeasureSpec, str | None, bool]:
    """Read a measure's name: its base spec, its group (None for none) and whether it is a direction.

    ``group`` is the row's ``group`` column (None when blank).

    Raises
    ------
    BadValue
        When the name is not a measure of the indicator, or names a group the measure does not take,
        or a group other than the ``group`` column's.

    Examples
    --------
    >>> spec, group, direction = parse_measure_name(9, "board_bme_pct")
    >>> spec.base, group, direction
    ('board_pct', 'BME', False)
    >>> spec, group, direction = parse_measure_name(7, "gap_pp_direction")
    >>> spec.base, group, direction
    ('gap_pp', None, True)
    >>> parse_measure_name(4, "pct", "BME")[0].base
    Traceback (most recent call last):
    ...
    wreslib.data.convert.BadValue: expected a measure of indicator 4: relative_likelihood, g_rate_pct, g_accessed, \
g_headcount (g is white, bme or unknown), each optionally followed by _direction for the words of a sentence \
(docs/audit.md lists them)
    """
    name = measure
    direction = name.endswith(DIRECTION_SUFFIX)
    if direction:
        name = name[: -len(DIRECTION_SUFFIX)]
    tokens = name.split("_")
    written = [t for t in tokens if t in GROUP_TOKENS]
    base = "_".join(t for t in tokens if t not in GROUP_TOKENS)
    specs = MEASURES[indicator]
    if base not in specs or len(written) > 1:
        raise BadValue(f"expected a measure of indicator {indicator}: {_known(indicator)} (g is white, bme or "
                       "unknown), each optionally followed by _direction for the words of a sentence "
                       "(docs/audit.md lists them)")
    spec = specs[base]
    named = GROUP_TOKENS[written[0]] if written else None
    if named is not None and group is not None and named != group:
        raise BadValue(f"the measure names the {named} group but the group column says {group}; give one, or "
                       "make them agree")
    chosen = named or group
    if chosen is not None and chosen not in spec.groups:
        allowed = [g for g in spec.groups if g != ALL]
        raise BadValue(f"{base} of indicator {indicator} is not about one ethnic group" if not allowed else
                       f"{base} of indicator {indicator} is about the {' or '.join(allowed)} group, not {chosen}")
    if chosen is None:
        chosen = spec.default
        if chosen is None and spec.groups:
            raise BadValue(f"say which group the figure is about: {measure_name(spec, WHITE)} or "
                           f"{measure_name(spec, BME)} (or give the group column)")
    if direction and not spec.directional:
        raise BadValue(f"{base} is not a comparison or a change, so it has no direction; a direction is "
                       "checked on a difference (_pp), a change or a relative likelihood")
    return spec, chosen, direction
