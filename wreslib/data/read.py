"""Reading and validating a WRES data folder.

Every fault is collected (never only the first), each naming the file, the spreadsheet row
(header = row 1), the column and the value, and saying what is expected. A fault in one
organisation's rows marks only that organisation as failed; a fault that cannot be attributed to
one organisation (a missing column, an unreadable file) fails every organisation.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.data import bands, ethnicity
from wreslib.data.contract import (
    ACTION_STATUSES,
    BLANK_ALLOWED,
    ORG_CODE_PATTERN,
    ORG_TYPES,
    SURVEY_INDICATORS,
    TABLES,
    YEAR_MAX,
    YEAR_MIN,
    TableSpec,
)
from wreslib.errors import DataError, Fault, NotInDataError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

_MISSING = object()


class _Bad(Exception):
    """A single value that does not convert; carries what was expected."""


# --- converters: raw text -> typed value, or raise _Bad(expected) ---------------------------------

def _clean(text: str) -> str:
    return " ".join(text.split())


def _org_code(text: str) -> str:
    code = _clean(text).upper()
    if not ORG_CODE_PATTERN.match(code):
        raise _Bad("expected an ODS-style organisation code: 3 to 5 capital letters or digits, such as QHG")
    return code


def _year(text: str) -> int:
    t = _clean(text)
    if re.fullmatch(r"\d{4}\s*[/-]\s*\d{2,4}", t):
        raise _Bad(
            "expected a single year: the WRES year is the year of the 31 March snapshot, "
            "so write 2024 for 2023/24"
        )
    try:
        value = float(t)
    except ValueError:
        raise _Bad(f"expected a year such as 2024 (a whole number from {YEAR_MIN} to {YEAR_MAX})") from None
    if not value.is_integer() or not YEAR_MIN <= value <= YEAR_MAX:
        raise _Bad(f"expected a year such as 2024 (a whole number from {YEAR_MIN} to {YEAR_MAX})")
    return int(value)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _count(text: str) -> int:
    t = _clean(text)
    # Excel writes thousands separators into CSV ("1,234"); accept them, but nothing looser.
    if not _NUMBER.match(t):
        raise _Bad("expected a whole number 0 or more (a count of people)")
    value = float(t.replace(",", ""))
    if not value.is_integer():
        raise _Bad("expected a whole number 0 or more (a count of people), not a fraction")
    if value < 0:
        raise _Bad("expected a whole number 0 or more (a count of people), not a negative number")
    return int(value)


def _percent(text: str) -> float:
    t = _clean(text).rstrip("%").strip()
    if not _NUMBER.match(t):
        raise _Bad("expected a percentage from 0 to 100 (such as 25.5)")
    value = float(t.replace(",", ""))
    if not 0 <= value <= 100:
        raise _Bad("expected a percentage from 0 to 100 (such as 25.5)")
    return value


def _survey_indicator(text: str) -> int:
    t = _clean(text)
    if t not in {str(i) for i in SURVEY_INDICATORS}:
        raise _Bad("expected a survey indicator number: 5, 6, 7 or 8")
    return int(t)


def _action_indicator(text: str) -> int | None:
    t = _clean(text)
    if t == "":
        return None  # an action that serves the whole plan
    if t not in {str(i) for i in range(1, 10)}:
        raise _Bad("expected an indicator number from 1 to 9, or blank for an action that serves the whole plan")
    return int(t)


def _ethnicity(text: str) -> str:
    # Keep the code as written (trimmed, upper-case) so that duplicates are judged on it; the group
    # goes in its own column.
    if ethnicity.ethnic_group(text) is None:
        raise _Bad(ethnicity.EXPECTED)
    return _clean(text).upper()


def _staff_group(text: str) -> str:
    value = bands.parse_staff_group(text)
    if value is None:
        raise _Bad(bands.EXPECTED_STAFF_GROUP)
    return value


def _band(text: str) -> str:
    value = bands.parse_band(text)
    if value is None:
        raise _Bad(bands.EXPECTED_BAND)
    return value


def _org_type(text: str) -> str:
    for org_type in ORG_TYPES:
        if _clean(text).lower() == org_type.lower():
            return org_type
    raise _Bad("expected ICB, Trust or Other")


def _boolean(text: str) -> bool:
    t = _clean(text).lower()
    if t in ("true", "yes", "y", "1"):
        return True
    if t in ("false", "no", "n", "0", ""):
        return False
    raise _Bad("expected true or false")


def _status(text: str) -> str:
    t = _clean(text).lower()
    if t not in ACTION_STATUSES:
        raise _Bad("expected completed, in progress or planned")
    return t


def _nonblank(text: str) -> str:
    if _clean(text) == "":
        raise _Bad("expected some text; the cell is blank")
    return text.strip()


def _text(text: str) -> str:
    return text.strip()


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "org_code": _org_code,
    "org_name": _nonblank,
    "org_type": _org_type,
    "region": _text,
    "survey_benchmark": _text,
    "synthetic": _boolean,
    "year": _year,
    "survey_year": _year,
    "staff_group": _staff_group,
    "band": _band,
    "ethnicity": _ethnicity,
    "percent": _percent,
    "bme_pct": _percent,
    "benchmark": _nonblank,
    "area": _nonblank,
    "source": _text,
    "status": _status,
    "text": _nonblank,
}
_TABLE_CONVERTERS: dict[tuple[str, str], Callable[[str], Any]] = {
    ("survey", "indicator"): _survey_indicator,
    ("survey_benchmarks", "indicator"): _survey_indicator,
    ("actions", "indicator"): _action_indicator,
}


def _converter(table: str, column: str) -> Callable[[str], Any]:
    if (table, column) in _TABLE_CONVERTERS:
        return _TABLE_CONVERTERS[(table, column)]
    if column in TABLES[table].counts:
        if (table, column) in BLANK_ALLOWED:
            return lambda text: None if _clean(text) == "" else _count(text)
        return _count
    return _CONVERTERS[column]


# --- the dataset -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    """A validated data folder.

    ``tables`` holds, per table present, the rows that passed validation with typed columns, an
    ``group`` column (White, BME or Unknown) where the table has ``ethnicity``, and ``row`` (the
    spreadsheet row). ``faults`` lists every fault found; ``warnings`` what an analyst should see.
    """

    source: str
    tables: dict[str, pd.DataFrame]
    faults: tuple[Fault, ...]
    warnings: tuple[Fault, ...]
    checksum: str
    files: tuple[str, ...] = field(default=())
    _by_org: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def has(self, table: str) -> bool:
        """True when the data folder holds this table."""
        return table in self.tables

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
            wf = wf[wf["org_code"] == org_code]
        return sorted({int(y) for y in wf["year"]})

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
                "workforce.csv",
                f"no workforce rows for {org_code} in {year}; the years present for {org_code} are {present}. "
                "Ask for one of those years or add the workforce rows for this year",
                org_code=org_code,
            ))

    def _not_found_org(self, org_code: str) -> Fault:
        known = self.org_codes
        shown = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "")
        return Fault(
            "organisations.csv",
            f"organisation {org_code!r} is not in the data; the organisations present are {shown or 'none'}. "
            "Check the code (an ODS code such as QHG)",
        )


# --- reading -------------------------------------------------------------------------------

def _read_table_file(path: Path) -> tuple[pd.DataFrame | None, list[Fault], list[Fault], bytes]:
    """Read one CSV as text cells, keeping spreadsheet row numbers. Returns frame, faults, warnings, bytes."""
    import pandas as pd

    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Fault(name, f"the file cannot be read ({exc.strerror}); check it is not open elsewhere")], [], b""
    if not raw.strip():
        return None, [Fault(name, "the file is empty; it needs a header row and at least one data row, "
                            "or remove the file if you have no data for this table")], [], raw
    warnings: list[Fault] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" saves in Windows-1252; read it, but say so.
        text = raw.decode("cp1252", errors="replace")
        warnings.append(Fault(name, "the file is not UTF-8; it was read as Windows-1252 (Excel's plain CSV). "
                              "Save it as 'CSV UTF-8' to be sure names are read as written"))
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        return None, [Fault(name, f"the file is not readable as CSV ({detail}); it needs one header row "
                            "and comma-separated columns")], warnings, raw
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    # Spreadsheet row of each record: header is row 1; blank lines were kept so the count stays true.
    frame.insert(0, "row", range(2, len(frame) + 2))
    value_cols = [c for c in frame.columns if c != "row"]
    blank = frame[value_cols].apply(lambda col: col.str.strip() == "").all(axis=1)
    frame = frame[~blank].reset_index(drop=True)
    if frame.empty:
        return None, [Fault(name, "the file has a header row but no data rows; add the data, or remove the "
                            "file if you have no data for this table")], warnings, raw
    return frame, [], warnings, raw


def _validate_table(spec: TableSpec, frame: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Fault], list[Fault]]:
    """Check one table's columns and every cell; return its valid rows, faults and warnings."""
    faults: list[Fault] = []
    warnings: list[Fault] = []
    columns = [c for c in frame.columns if c != "row"]
    # pandas renames a repeated header "headcount" to "headcount.1"; which one is meant is anyone's guess.
    repeated = sorted({c.rsplit(".", 1)[0] for c in columns
                       if re.fullmatch(r".+\.\d+", c) and c.rsplit(".", 1)[0] in columns})
    if repeated:
        faults.append(Fault(spec.file, f"the column{'s' if len(repeated) > 1 else ''} "
                            f"{', '.join(repr(c) for c in repeated)} appear{'' if len(repeated) > 1 else 's'} "
                            "more than once in the header; keep one", row=1))
        return None, faults, warnings
    missing = [c for c in spec.required if c not in columns]
    if missing:
        faults.append(Fault(
            spec.file,
            f"the required column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)} "
            f"{'are' if len(missing) > 1 else 'is'} missing; the header must name {', '.join(spec.required)}",
            row=1,
        ))
        return None, faults, warnings
    extra = [c for c in columns if c not in spec.columns]
    if extra:
        warnings.append(Fault(spec.file, f"column{'s' if len(extra) > 1 else ''} {', '.join(repr(c) for c in extra)} "
                              f"{'are' if len(extra) > 1 else 'is'} not part of the {spec.name} table and "
                              "will be ignored", row=1))

    import pandas as pd

    present = [c for c in spec.columns if c in columns]
    n = len(frame)
    rows = [int(r) for r in frame["row"]]
    orgs: list[str | None] = (
        [(_clean(str(v)).upper() or None) for v in frame["org_code"]] if "org_code" in frame.columns else [None] * n
    )
    ok = [True] * n
    found: list[tuple[int, int, Fault]] = []
    converted: dict[str, list[Any]] = {}
    for col_index, column in enumerate(present):
        convert = _converter(spec.name, column)
        # Tables repeat a handful of values (codes, years, bands): convert each distinct value once.
        memo: dict[str, Any] = {}
        values = []
        for i, text in enumerate(frame[column].astype(str)):
            if text not in memo:
                try:
                    memo[text] = convert(text)
                except _Bad as bad:
                    memo[text] = bad
            value = memo[text]
            if isinstance(value, _Bad):
                ok[i] = False
                found.append((i, col_index, Fault(spec.file, str(value), row=rows[i], column=column, value=text,
                                                  org_code=orgs[i])))
                value = None
            values.append(value)
        converted[column] = values
    for column in spec.optional:
        converted.setdefault(column, [None] * n)

    if spec.name == "recruitment":
        for i in range(n):
            if ok[i] and converted["appointed"][i] > converted["shortlisted"][i]:
                ok[i] = False
                found.append((i, len(present), Fault(
                    spec.file,
                    f"more applicants appointed ({converted['appointed'][i]}) than shortlisted "
                    f"({converted['shortlisted'][i]}); appointed must be at most shortlisted",
                    row=rows[i], column="appointed", value=str(frame["appointed"].iat[i]), org_code=orgs[i],
                )))
    if spec.name == "board":
        for i in range(n):
            voting, executive = converted["voting"][i], converted["executive"][i]
            if ok[i] and executive is not None and executive > voting:
                # Executives can sit on the board without a vote, so this is only worth a look.
                warnings.append(Fault(
                    spec.file,
                    f"more executive members ({executive}) than voting members ({voting}); "
                    "check the two columns are not swapped",
                    row=rows[i], column="executive", value=str(frame["executive"].iat[i]), org_code=orgs[i],
                ))
    faults.extend(f for _, _, f in sorted(found, key=lambda item: (item[0], item[1])))

    keep = [i for i in range(n) if ok[i]]
    clean = pd.DataFrame({"row": [rows[i] for i in keep],
                          **{c: [converted[c][i] for i in keep] for c in spec.columns}},
                         columns=["row", *spec.columns])
    if "ethnicity" in spec.columns:
        clean["group"] = ethnicity.group_values(list(clean["ethnicity"]))
    faults.extend(_duplicate_faults(spec, clean))
    return clean, faults, warnings


def _duplicate_faults(spec: TableSpec, clean: pd.DataFrame) -> list[Fault]:
    """Rows with the same key as written are an error, never silently summed."""
    if not spec.key or clean.empty:
        return []
    dup = clean.duplicated(list(spec.key), keep=False)
    faults = []
    for _, rows in clean[dup].groupby(list(spec.key), sort=False):
        first = int(rows["row"].iloc[0])
        key_text = ", ".join(f"{k}={rows[k].iloc[0]}" for k in spec.key)
        for row_number in rows["row"].iloc[1:]:
            faults.append(Fault(
                spec.file,
                f"this row repeats the key of row {first} ({key_text}); remove the duplicate or, if both "
                "are real, add them into one row",
                row=int(row_number),
                org_code=str(rows["org_code"].iloc[0]) if "org_code" in rows else None,
            ))
    return faults


def read_data(path: str | Path) -> Dataset:
    """Read and validate a WRES data folder (one CSV per table, as in the data contract).

    Parameters
    ----------
    path : str or Path
        The data folder.

    Returns
    -------
    Dataset
        Valid rows per table, with every fault and warning found. Reading never raises for bad
        rows: call ``Dataset.require(org, year)`` to stop on the faults of one organisation.

    Raises
    ------
    DataError
        When the folder itself does not exist or is not a folder.

    Examples
    --------
    >>> from pathlib import Path
    >>> data = read_data(Path(__file__).parents[2] / "data" / "example")
    >>> data.org_codes, data.years("QHG"), data.faults
    (['QHG'], [2022, 2023, 2024], ())
    """
    folder = Path(path)
    if not folder.exists():
        raise DataError(Fault(str(folder), "this data folder does not exist; check the path given to --data"))
    if not folder.is_dir():
        raise DataError(Fault(str(folder), "expected a data folder holding one CSV file per table "
                              f"({', '.join(s.file for s in TABLES.values())})"))

    key = (str(folder.resolve()), _folder_checksum(folder))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]

    faults: list[Fault] = []
    warnings: list[Fault] = []
    tables: dict[str, pd.DataFrame] = {}
    digest = hashlib.sha256()
    files: list[str] = []
    for spec in TABLES.values():
        file = folder / spec.file
        if not file.exists():
            if spec.required_table:
                faults.append(Fault(spec.file, f"the required table {spec.file} is missing from {folder}; "
                                    f"it holds {spec.description}"))
            continue
        frame, read_faults, read_warnings, raw = _read_table_file(file)
        digest.update(spec.file.encode() + b"\0" + raw + b"\0")
        files.append(spec.file)
        faults += read_faults
        warnings += read_warnings
        if frame is None:
            continue
        clean, table_faults, table_warnings = _validate_table(spec, frame)
        faults += table_faults
        warnings += table_warnings
        if clean is not None:
            tables[spec.name] = clean

    known_files = {s.file for s in TABLES.values()} | {"README.md", "readme.md", ".gitkeep"}
    for other in sorted(p.name for p in folder.iterdir() if p.is_file()):
        if other not in known_files and not other.startswith("."):
            warnings.append(Fault(other, "this file is not one of the tables wreslib reads and is ignored; "
                                  f"table files are named {', '.join(s.file for s in TABLES.values())}"))

    faulty_orgs = {f.org_code for f in faults if f.file == "organisations.csv" and f.org_code}
    faults += _cross_table_faults(tables, faulty_orgs)
    warnings += _cross_table_warnings(tables)
    dataset = Dataset(
        source=str(folder),
        tables=tables,
        faults=tuple(faults),
        warnings=tuple(warnings),
        checksum="sha256:" + digest.hexdigest(),
        files=tuple(files),
    )
    _CACHE[key] = dataset
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return dataset


# Reports in one kernel or worker read the same folder again and again; the cache is keyed by the
# checksum of every file's bytes, so any change to the data is read afresh. Datasets are read-only.
_CACHE: OrderedDict[tuple[str, str], Dataset] = OrderedDict()
_CACHE_SIZE = 4


def _folder_checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for spec in TABLES.values():
        path = folder / spec.file
        if path.exists():
            try:
                digest.update(spec.file.encode() + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                digest.update(spec.file.encode() + b"\0unreadable\0")
    others = sorted(p.name for p in folder.iterdir() if p.is_file())
    digest.update("\0".join(others).encode())
    return digest.hexdigest()


def _cross_table_faults(tables: dict[str, pd.DataFrame], faulty_orgs: set[str]) -> list[Fault]:
    """Rows that name an organisation missing from organisations.csv (one whose row there is faulty is not missing)."""
    if "organisations" not in tables:
        return []
    known = set(tables["organisations"]["org_code"]) | faulty_orgs
    faults = []
    for name, frame in tables.items():
        if name == "organisations" or "org_code" not in frame.columns:
            continue
        unknown = frame[~frame["org_code"].isin(known)]
        for code, rows in unknown.groupby("org_code", sort=False):
            faults.append(Fault(
                TABLES[name].file,
                f"organisation {code!r} is not listed in organisations.csv"
                + (f" (also on {len(rows) - 1} more row{'s' if len(rows) > 2 else ''})" if len(rows) > 1 else "")
                + "; add it there or correct the code",
                row=int(rows["row"].iloc[0]), column="org_code", value=str(code), org_code=str(code),
            ))
    return faults


def _cross_table_warnings(tables: dict[str, pd.DataFrame]) -> list[Fault]:
    """Survey benchmark names that organisations refer to but survey_benchmarks.csv lacks."""
    warnings: list[Fault] = []
    if "organisations" not in tables:
        return warnings
    orgs = tables["organisations"]
    names = set(tables["survey_benchmarks"]["benchmark"]) if "survey_benchmarks" in tables else set()
    for _, org in orgs.iterrows():
        wanted = org.get("survey_benchmark")
        if wanted and wanted not in names:
            warnings.append(Fault(
                "organisations.csv",
                f"benchmark {wanted!r} is not in survey_benchmarks.csv, so indicators 5-8 are shown without a "
                "benchmark; check the spelling against the benchmark column there",
                row=int(org["row"]), column="survey_benchmark", value=str(wanted), org_code=org["org_code"],
            ))
    return warnings


def group_totals(frame: pd.DataFrame, value: str) -> dict[str, int]:
    """Sum a count column by ethnic group (White, BME, Unknown), zero for absent groups."""
    sums = frame.groupby("group")[value].sum() if not frame.empty else {}
    return {g: int(sums.get(g, 0)) for g in ethnicity.GROUPS}


def iter_faults(faults: Iterable[Fault]) -> list[str]:
    """Faults as the lines a user reads."""
    return [str(f) for f in faults]
