"""The validated input: a :class:`Dataset` holds each table's valid rows, every fault and warning, and checksums.

A dataset is read once (``wreslib.data.read.read_data``) and then only read from: by organisation
(``rows``, ``table``), by a set of organisations (``select``), and fingerprinted per organisation
(``org_checksum``) so that a batch can tell which reports are out of date.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wreslib.data import ethnicity
from wreslib.data.contract import TABLES
from wreslib.errors import DataError, Fault, NotInDataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dataset", "group_totals", "iter_faults"]

#: Bumped whenever the canonical text behind ``Dataset.org_checksum`` changes, so old checksums never match.
ORG_CHECKSUM_VERSION = 1


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

    def rows(self, table: str, org_code: str | None = None, years: Iterable[int] | None = None) -> pd.DataFrame:
        """One table's valid rows, in file order: all, or those one organisation uses, for some years.

        Parameters
        ----------
        table : str
            A table of the data contract (``workforce``, ``survey``, ``commentary``, …).
        org_code : str, optional
            The organisation. For a table with an ``org_code`` column, its own rows; for
            ``survey_benchmarks``, the rows of the benchmark its ``survey_benchmark`` names; for
            ``benchmarks`` (published figures for everyone), every row.
        years : iterable of int, optional
            Keep rows whose year is one of these, matched against the table's own year column
            (``survey_year`` for the survey tables). Ignored for tables without a year
            (``organisations``, ``population``).

        Returns
        -------
        pandas.DataFrame
            ``row`` (the spreadsheet row), the table's columns and, where it has ``ethnicity``, ``group``.
            Empty, with those columns, when the data lacks the table. Shared with the dataset: read-only.

        Raises
        ------
        ValueError
            When ``table`` is not a table of the data contract.

        Examples
        --------
        >>> from pathlib import Path
        >>> from wreslib.data.read import read_data
        >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
        >>> len(data.rows("recruitment", "QHG", years=[2023, 2024]))
        6
        """
        if table not in TABLES:
            raise ValueError(f"{table!r} is not a table of the data contract; the tables are {', '.join(TABLES)}")
        spec = TABLES[table]
        if table not in self.tables:
            import pandas as pd

            extra = ["group"] if "ethnicity" in spec.columns else []
            return pd.DataFrame(columns=["row", *spec.accepted, *extra])
        frame = self.tables[table] if org_code is None else self._own_rows(table, _code(org_code))
        if years is not None and spec.year_column is not None:
            wanted = {int(y) for y in years}
            frame = frame[frame[spec.year_column].isin(wanted)]
        return frame

    def _org_rows(self, name: str, org_code: str) -> pd.DataFrame:
        # A batch asks for one organisation's rows many times: split each table by organisation once.
        if (name, "") not in self._by_org:
            frame = self.tables[name]
            self._by_org[(name, "")] = frame.iloc[0:0]
            for code, rows in frame.groupby("org_code", sort=False):
                self._by_org[(name, str(code))] = rows
        return self._by_org.get((name, org_code), self._by_org[(name, "")])

    def _own_rows(self, name: str, org_code: str) -> pd.DataFrame:
        """The rows of a table that one organisation uses (see ``rows``); the table must be present."""
        frame = self.tables[name]
        if "org_code" in frame.columns:
            return self._org_rows(name, org_code)
        if name == "survey_benchmarks":
            orgs = self._org_rows("organisations", org_code) if "organisations" in self.tables else None
            chosen = orgs["survey_benchmark"].iloc[0] if orgs is not None and not orgs.empty else None
            return frame[frame["benchmark"] == chosen] if chosen else frame.iloc[0:0]
        return frame  # published figures (benchmarks) serve every organisation

    # --- a part of the data ----------------------------------------------------------------------

    def select(self, org_codes: Sequence[str]) -> Dataset:
        """The same data with only these organisations' rows in every table (organisations too).

        Tables without an ``org_code`` column (``survey_benchmarks``, ``benchmarks``) are kept whole.
        Faults and warnings are those of these organisations and those that concern every organisation;
        ``checksum``, ``source``, ``files`` and labels are the whole data's. A code that is not in the
        data gives no rows. Cheap to call once per organisation of a batch: each table is split by
        organisation once, and the parts are shared, not copied.

        Examples
        --------
        >>> from pathlib import Path
        >>> from wreslib.data.read import read_data
        >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
        >>> data.select(["QHG"]).org_codes, data.select(["ZZZ"]).org_codes
        (['QHG'], [])
        """
        import pandas as pd

        if isinstance(org_codes, str):  # a single code is a sequence of letters; take it as meant
            org_codes = [org_codes]
        wanted = list(dict.fromkeys(_code(c) for c in org_codes))
        chosen = set(wanted)
        tables: dict[str, pd.DataFrame] = {}
        by_org: dict[tuple[str, str], pd.DataFrame] = {}
        for name, frame in self.tables.items():
            if "org_code" not in frame.columns:
                tables[name] = frame
                continue
            by_org[(name, "")] = self._org_rows(name, "")  # splits the table once; "" is no organisation
            parts = [(code, self._org_rows(name, code)) for code in wanted]
            parts = [(code, rows) for code, rows in parts if not rows.empty]
            by_org.update(((name, code), rows) for code, rows in parts)
            if not parts:
                tables[name] = by_org[(name, "")]
            elif len(parts) == 1:
                tables[name] = parts[0][1]
            else:
                tables[name] = pd.concat([rows for _, rows in parts]).sort_index()  # file order
        return Dataset(
            source=self.source,
            tables=tables,
            faults=tuple(f for f in self.faults if f.org_code is None or f.org_code in chosen),
            warnings=tuple(w for w in self.warnings if w.org_code is None or w.org_code in chosen),
            checksum=self.checksum,
            files=self.files,
            labels=self.labels,
            _by_org=by_org,
        )

    def org_checksum(self, org_code: str) -> str:
        """``sha256:`` and the hex digest of everything in the data that concerns one organisation.

        The digest is of a canonical text: for every table present, in contract order, its name and the
        typed values of the rows the organisation uses (``rows(table, org_code)``: its own rows, its
        organisations row, the survey_benchmarks rows of its benchmark, every published benchmark), in
        file order; then its faults and warnings and those of the whole data. Another organisation's rows
        do not enter it, so editing them leaves it unchanged; editing any of this organisation's values
        changes it. Spreadsheet row numbers enter only through faults and warnings, and a change that
        leaves every typed value the same (``band 5`` for ``Band 5``) leaves it unchanged.

        Examples
        --------
        >>> from pathlib import Path
        >>> from wreslib.data.read import read_data
        >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
        >>> checksum = data.org_checksum("QHG")
        >>> checksum.startswith("sha256:"), len(checksum), checksum == data.select(["QHG"]).org_checksum("QHG")
        (True, 71, True)
        """
        code = _code(org_code)
        digest = hashlib.sha256()
        digest.update(f"wreslib organisation checksum {ORG_CHECKSUM_VERSION}\n{code}\n".encode())
        for name, spec in TABLES.items():
            if name not in self.tables:
                continue
            columns = list(spec.accepted)
            digest.update(_line(["table", name, columns]))
            for values in self._own_rows(name, code)[columns].itertuples(index=False, name=None):
                digest.update(_line([_canonical(v) for v in values]))
        for kind, found in (("fault", self.faults_for(code)), ("warning", self.warnings_for(code))):
            for item in found:
                digest.update(_line([kind, item.as_dict()]))
        return "sha256:" + digest.hexdigest()

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


def _code(org_code: object) -> str:
    """An organisation code as the data holds it (``qhg `` is QHG)."""
    return str(org_code).strip().upper()


def _canonical(value: Any) -> Any:
    """A typed cell as plain JSON, the same whatever dtype pandas gave its column.

    A column's dtype depends on every organisation's rows (one blank executive count makes the column
    float), so whole numbers are written as integers whatever their type, and NaN as null.
    """
    if hasattr(value, "item") and not isinstance(value, (str, bytes, tuple)):
        value = value.item()  # numpy scalars
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    return str(value)


def _line(item: Any) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"


def group_totals(frame: pd.DataFrame, value: str) -> dict[str, int]:
    """Sum a count column by ethnic group (White, BME, Unknown), zero for absent groups."""
    sums = frame.groupby("group")[value].sum() if not frame.empty else {}
    return {g: int(sums.get(g, 0)) for g in ethnicity.GROUPS}


def iter_faults(faults: Iterable[Fault]) -> list[str]:
    """Faults as the lines a user reads."""
    return [str(f) for f in faults]
