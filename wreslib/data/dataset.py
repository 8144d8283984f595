"""The validated input: a :class:`Dataset` holds each table's valid rows, every fault and warning, and checksums.

A dataset is read once (``wreslib.data.read.read_data``) and then only read from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wreslib.data import ethnicity
from wreslib.data.contract import TABLES
from wreslib.errors import DataError, Fault, NotInDataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dataset", "group_totals", "iter_faults"]

@dataclass(frozen=True)
class Dataset:
    """A validated data folder or workbook.

    ``tables`` holds, per table present, the rows that passed validation with typed columns, an
    ``group`` column (White, BME or Unknown) where the table has ``ethnicity``, and ``row`` (the
    spreadsheet row). ``faults`` lists every fault found; ``warnings`` what an analyst should see.
    ``files`` names what was read (``workforce.csv``, or ``book.xlsx [workforce]`` for a sheet).
    ``checksum`` is ``sha256:`` and the hex digest of every table file's bytes (or the workbook's).

    The frames are shared, not copied: treat them as read-only.
    """

    source: str
    tables: dict[str, pd.DataFrame]
    faults: tuple[Fault, ...]
    warnings: tuple[Fault, ...]
    checksum: str
    files: tuple[str, ...] = field(default=())
    #: How messages name each table's source, when it is not ``<table>.csv`` (a workbook's sheets).
    labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _by_org: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    # --- what the data holds ---------------------------------------------------------------------

    def has(self, table: str) -> bool:
        """True when the data holds this table."""
        return table in self.tables

    def label(self, table: str) -> str:
        """How messages name a table's file or sheet: ``workforce.csv`` or ``book.xlsx [workforce]``."""
        return self.labels.get(table, TABLES[table].file)

    @property
    def org_codes(self) -> list[str]:
        """Every organisation code in organisations.csv, in file order."""
        if "organisations" not in self.tables:
            return []
        return list(self.tables["organisations"]["org_code"])

    def organisation(self, org_code: str) -> dict[str, Any]:
        """The organisations.csv row of one organisation, as a mapping."""
        orgs = self.tables["organisations"]
        row = orgs[orgs["org_code"] == org_code]
        if row.empty:
            raise NotInDataError(self._not_found_org(org_code))
        return row.iloc[0].to_dict()

    def years(self, org_code: str | None = None) -> list[int]:
        """The WRES years the workforce table holds (for one organisation when given)."""
        if "workforce" not in self.tables:
            return []
        wf = self.tables["workforce"]
        if org_code is not None:
            wf = self._org_rows("workforce", org_code)
        return sorted({int(y) for y in wf["year"]})

    # --- rows ------------------------------------------------------------------------------------

    def table(self, name: str, org_code: str | None = None, **where: Any) -> pd.DataFrame:
        """One table's valid rows, filtered by organisation and any column equality."""
        import pandas as pd

        spec = TABLES[name]
        if name not in self.tables:
            return pd.DataFrame(columns=[*spec.columns, "group", "row"])
        frame = self.tables[name]
        if org_code is not None:
            frame = self._org_rows(name, org_code)
        for column, value in where.items():
            frame = frame[frame[column] == value]
        return frame

    def _org_rows(self, name: str, org_code: str) -> pd.DataFrame:
        # A batch asks for one organisation's rows many times: split each table by organisation once.
        if (name, "") not in self._by_org:
            frame = self.tables[name]
            self._by_org[(name, "")] = frame.iloc[0:0]
            for code, rows in frame.groupby("org_code", sort=False):
                self._by_org[(name, str(code))] = rows
        return self._by_org.get((name, org_code), self._by_org[(name, "")])

    # --- faults ----------------------------------------------------------------------------------

    def faults_for(self, org_code: str) -> list[Fault]:
        """Faults that stop this organisation's indicators: its own and those that affect everyone."""
        return [f for f in self.faults if f.org_code is None or f.org_code == org_code]

    def warnings_for(self, org_code: str) -> list[Fault]:
        """Reading warnings that concern this organisation (or every organisation)."""
        return [w for w in self.warnings if w.org_code is None or w.org_code == org_code]

    @property
    def failed_orgs(self) -> list[str]:
        """Organisations whose rows hold a fault (a dataset-wide fault fails them all)."""
        if any(f.org_code is None for f in self.faults):
            return self.org_codes
        bad = {f.org_code for f in self.faults}
        return [code for code in self.org_codes if code in bad] + sorted(bad - set(self.org_codes))

    def require(self, org_code: str, year: int | None = None) -> None:
        """Raise a DataError unless this organisation (and year) can be computed from the data."""
        faults = self.faults_for(org_code)
        if faults:
            raise DataError(faults, heading=f"The data for {org_code} has {len(faults)} problem"
                            f"{'s' if len(faults) != 1 else ''}; correct {'them' if len(faults) != 1 else 'it'} "
                            "and run again")
        if org_code not in self.org_codes:
            raise NotInDataError(self._not_found_org(org_code))
        if year is not None and year not in self.years(org_code):
            present = ", ".join(str(y) for y in self.years(org_code)) or "none"
            raise NotInDataError(Fault(
                self.label("workforce"),
                f"no workforce rows for {org_code} in {year}; the years present for {org_code} are {present}. "
                "Ask for one of those years or add the workforce rows for this year",
                org_code=org_code,
            ))

    def _not_found_org(self, org_code: str) -> Fault:
        known = self.org_codes
        shown = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "")
        return Fault(
            self.label("organisations"),
            f"organisation {org_code!r} is not in the data; the organisations present are {shown or 'none'}. "
            "Check the code (an ODS code such as QHG)",
        )


def group_totals(frame: pd.DataFrame, value: str) -> dict[str, int]:
    """Sum a count column by ethnic group (White, BME, Unknown), zero for absent groups."""
    sums = frame.groupby("group")[value].sum() if not frame.empty else {}
    return {g: int(sums.get(g, 0)) for g in ethnicity.GROUPS}


def iter_faults(faults: Iterable[Fault]) -> list[str]:
    """Faults as the lines a user reads."""
    return [str(f) for f in faults]
