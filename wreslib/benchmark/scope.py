"""Who is compared: the organisations of a benchmark, those left out and why, and an honest name for each group.

A benchmark compares the organisations **in the data**, not a country. Every group it pools is named by
what it holds: "the 42 ICBs in this data", "the 6 ICBs in London in this data", "the 36 ICBs outside
London in this data", "the 250 organisations in this data" when types are mixed. Only a caller who knows
the data holds every organisation of a country may name the whole set so (``name="England"``).

An organisation takes part when its rows hold no fault and the workforce table has rows for it in the
benchmark's year; every other organisation in ``organisations.csv`` is listed as an :class:`Exclusion`
with the reason, so a page can say who is missing.

``members`` is the one table every roll-up is pooled through: one row per (scope, group, organisation),
where the scope is ``all``, ``region``, ``org_type`` or, when a region is chosen, ``rest`` (every
organisation outside it). Pooling is then a merge and a group-by, never a loop over organisations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wreslib.errors import DataError, Fault, NotInDataError

if TYPE_CHECKING:
    from wreslib.data.dataset import Dataset

#: The ways organisations are grouped for roll-ups and movement (columns of organisations.csv).
GROUP_BY: tuple[str, ...] = ("region", "org_type")
#: Scopes of a roll-up: every organisation, one region, one organisation type, everyone outside the chosen region.
ALL, REGION, ORG_TYPE, REST = "all", "region", "org_type", "rest"
SCOPES: tuple[str, ...] = (ALL, REGION, ORG_TYPE, REST)
#: The group label of the ``all`` scope.
ALL_GROUP = "all"
#: Plural nouns of the organisation types of the data contract.
PLURALS: dict[str, str] = {"ICB": "ICBs", "Trust": "trusts", "Other": "other organisations"}
ORG_COLUMNS: tuple[str, ...] = ("org_code", "org_name", "org_type", "region", "synthetic")


@dataclass(frozen=True)
class Exclusion:
    """An organisation of organisations.csv left out of the benchmark, and why."""

    org_code: str
    reason: str


@dataclass(frozen=True)
class Population:
    """The organisations a benchmark compares.

    Attributes
    ----------
    year : int
        The benchmark's year: an organisation takes part when it has workforce rows in it.
    organisations : pandas.DataFrame
        ``org_code, org_name, org_type, region, synthetic``: the organisations compared, in file order.
    excluded : tuple of Exclusion
        Every other organisation of organisations.csv, with the reason.
    name : str
        What the whole set is called ("the 42 ICBs in this data", unless the caller named it).
    members : pandas.DataFrame
        ``scope, group, name, org_code``: which organisations each pooled group holds.
    region : str or None
        The region compared with the rest, when one was chosen.
    """

    year: int
    organisations: pd.DataFrame
    excluded: tuple[Exclusion, ...]
    name: str
    members: pd.DataFrame
    region: str | None = None

    @property
    def codes(self) -> list[str]:
        """The codes of the organisations compared."""
        return list(self.organisations["org_code"])

    @property
    def synthetic(self) -> bool:
        """True when any organisation compared is marked synthetic (a page must say so)."""
        return bool(self.organisations["synthetic"].any())

    @property
    def groups(self) -> pd.DataFrame:
        """One row per pooled group: ``scope, group, name, organisations``."""
        counted = self.members.groupby(["scope", "group", "name"], sort=False).size()
        return counted.rename("organisations").reset_index()


def plural(org_type: str) -> str:
    """The plural noun of an organisation type.

    Examples
    --------
    >>> plural("ICB"), plural("Trust"), plural("Hospice")
    ('ICBs', 'trusts', 'Hospice organisations')
    """
    return PLURALS.get(org_type, f"{org_type} organisations")


def describe(org_types: Sequence[str], where: str = "") -> str:
    """An honest name for a set of organisations: how many, of what type, and that they are those in the data.

    Parameters
    ----------
    org_types : sequence of str
        The type of each organisation in the set.
    where : str
        A qualifier such as ``"in London"`` or ``"outside London"``.

    Examples
    --------
    >>> describe(["ICB"] * 42)
    'the 42 ICBs in this data'
    >>> describe(["ICB"] * 5 + ["Trust"] * 3, "in London")
    'the 8 organisations in London in this data'
    >>> describe(["Trust"], "outside London")
    'the one trust outside London in this data'
    """
    kinds = set(org_types)
    count = len(org_types)
    if len(kinds) == 1:
        (kind,) = kinds
        noun = plural(kind) if count != 1 else (kind if kind == "ICB" else kind.lower())
    else:
        noun = "organisations" if count != 1 else "organisation"
    number = "one" if count == 1 else str(count)
    qualifier = f" {where}" if where else ""
    return f"the {number} {noun}{qualifier} in this data"


def check_group_by(group_by: object) -> str:
    """``region`` or ``org_type``; a DataError naming the option otherwise."""
    if group_by not in GROUP_BY:
        raise DataError(Fault("(parameters)", f"group_by must be one of {', '.join(GROUP_BY)}", column="group_by",
                              value=repr(group_by)), heading="A benchmark option cannot be used")
    return str(group_by)


def check_year(year: object) -> int:
    """A whole-number year; a DataError naming the value otherwise."""
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        raise DataError(Fault("(parameters)", "year must be a whole number such as 2024", column="year",
                              value=repr(year)), heading="A benchmark option cannot be used")
    return int(year)


def population(data: Dataset, year: int, *, region: str | None = None, name: str | None = None) -> Population:
    """The organisations compared in ``year``, those left out, and the members of every pooled group.

    Parameters
    ----------
    data : Dataset
    year : int
    region : str, optional
        A region to compare with the rest; it must hold at least one organisation compared.
    name : str, optional
        What to call the whole set; by default an honest count ("the 42 ICBs in this data").

    Raises
    ------
    NotInDataError
        When no organisation can be compared in ``year``, or ``region`` holds none of them.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> p = population(read_data(Path(__file__).parents[2] / "data" / "synthetic"), 2024, region="London")
    >>> p.name, len(p.excluded)
    ('the 42 ICBs in this data', 0)
    >>> p.groups[p.groups["scope"] == "rest"]["name"].tolist()
    ['the 36 ICBs outside London in this data']
    """
    year = check_year(year)
    if "organisations" not in data.tables:
        raise NotInDataError(Fault("organisations.csv", "there is no organisations table, so no one to compare"))
    orgs = data.tables["organisations"]
    orgs = orgs.assign(
        region=orgs["region"].fillna("").astype(str) if "region" in orgs.columns else "",
        synthetic=orgs["synthetic"].fillna(False).astype(bool) if "synthetic" in orgs.columns else False,
    )[list(ORG_COLUMNS)].reset_index(drop=True)
    orgs["region"] = orgs["region"].where(orgs["region"] != "", "(no region given)")
    workforce = data.tables.get("workforce")
    with_year = set() if workforce is None else set(workforce.loc[workforce["year"] == year, "org_code"])
    faults: dict[str, list[Fault]] = {}
    for fault in data.faults:
        faults.setdefault(fault.org_code or "", []).append(fault)
    everyone = faults.get("", [])
    faulty = orgs["org_code"].isin(list(faults)) | bool(everyone)
    keep = ~faulty & orgs["org_code"].isin(list(with_year))
    excluded: list[Exclusion] = []
    # Only the organisations left out are visited, to word their reason.
    for code, bad in zip(orgs.loc[~keep, "org_code"], faulty[~keep], strict=True):
        found = everyone + faults.get(code, [])
        if bad:
            more = len(found) - 1
            excluded.append(Exclusion(code, str(found[0]) + (f" (and {more} more problem{'s' if more > 1 else ''})"
                                                             if more else "")))
        else:
            excluded.append(Exclusion(code, f"no workforce rows in {year}"))
    included = orgs[keep].reset_index(drop=True)
    if included.empty:
        raise NotInDataError(Fault(data.label("workforce") if workforce is not None else "workforce.csv",
                                   f"no organisation can be compared in {year}: none has workforce rows for that "
                                   "year without a fault in its data"))
    if region is not None and region not in set(included["region"]):
        present = ", ".join(sorted(set(included["region"])))
        raise NotInDataError(Fault("(parameters)", f"region {region!r} holds none of the organisations compared in "
                                   f"{year}; the regions are {present}", column="region", value=repr(region)))
    whole = name or describe(list(included["org_type"]))
    parts = [included.assign(scope=ALL, group=ALL_GROUP, name=whole)]
    for scope, column in ((REGION, "region"), (ORG_TYPE, "org_type")):
        names = {}
        for group, rows in included.groupby(column, sort=True):
            names[group] = describe(list(rows["org_type"]), f"in {group}" if scope == REGION else "")
        parts.append(included.assign(scope=scope, group=included[column], name=included[column].map(names)))
    if region is not None:
        rest = included[included["region"] != region]
        if not rest.empty:
            parts.append(rest.assign(scope=REST, group=f"outside {region}",
                                     name=describe(list(rest["org_type"]), f"outside {region}")))
    members = pd.concat(parts, ignore_index=True)[["scope", "group", "name", "org_code"]]
    return Population(int(year), included, tuple(excluded), whole, members, region)


__all__ = ["ALL", "ALL_GROUP", "GROUP_BY", "ORG_TYPE", "REGION", "REST", "SCOPES", "Exclusion", "Population",
           "check_group_by", "check_year", "describe", "plural", "population"]
