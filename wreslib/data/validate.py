"""Validation: one table's text cells to a typed DataFrame, and the rules within and between tables.

Every cell is converted by :func:`wreslib.data.convert.converter` (each distinct value once: tables repeat
a handful of codes, years and bands). Every fault is collected, never only the first; each names the file,
the spreadsheet row, the column and the value, and says what is expected. A fault in one organisation's
rows carries its ``org_code`` and fails only that organisation; one that belongs to no organisation (a
shared table such as ``survey_benchmarks``, a row with a blank code) carries None and fails them all.

The rules checked here, beyond each cell's own type:

- recruitment: appointed is at most shortlisted;
- board: more executive than voting members is worth a warning (executives may sit without a vote);
- survey: each row gives a percent or a yes-count (or both, agreeing to the decimals written);
- benchmarks: a relative likelihood is not negative, and a measure ending ``_pct`` is from 0 to 100;
- every table with a key: two rows with the same key as written are a fault, never summed;
- between tables: an organisation named anywhere must be listed in organisations; a survey benchmark
  named there but absent from survey_benchmarks is a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from wreslib.data import ethnicity
from wreslib.data.contract import TABLES, TableSpec
from wreslib.data.convert import FORMULA_FAULT, BadValue, clean_text, converter, is_formula, written_decimals
from wreslib.data.sources import SourceRows, TableCells, structure
from wreslib.errors import Fault

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["cross_table_faults", "cross_table_warnings", "duplicate_faults", "validate_sources", "validate_table"]


def validate_table(spec: TableSpec, table: TableCells) -> tuple[pd.DataFrame, list[Fault], list[Fault]]:
    """Check every cell of one table and the rules between its columns; return its valid rows, faults, warnings.

    The frame holds ``row`` (the spreadsheet row), every accepted column of the table (None where a
    column is absent or a blank is allowed) and, where the table has ``ethnicity``, ``group`` (White, BME
    or Unknown). Rows with any fault are left out of it.
    """
    import pandas as pd

    label = table.label
    warnings: list[Fault] = []
    present = [c for c in spec.accepted if c in table.cells]
    n = len(table.rows)
    rows = table.rows
    orgs: list[str | None] = (
        [(clean_text(v).upper() or None) for v in table.cells["org_code"]] if "org_code" in table.cells
        else [None] * n
    )
    ok = [True] * n
    found: list[tuple[int, int, Fault]] = []
    converted: dict[str, list[Any]] = {}
    for col_index, column in enumerate(present):
        convert = converter(spec.name, column)
        # Tables repeat a handful of values (codes, years, bands): convert each distinct value once.
        memo: dict[str, Any] = {}
        values = []
        for i, text in enumerate(table.cells[column]):
            if text not in memo:
                if is_formula(text):
                    memo[text] = BadValue(FORMULA_FAULT)
                else:
                    try:
                        memo[text] = convert(text)
                    except BadValue as bad:
                        memo[text] = bad
            value = memo[text]
            if isinstance(value, BadValue):
                ok[i] = False
                found.append((i, col_index, Fault(label, str(value), row=rows[i], column=column, value=text,
                                                  org_code=orgs[i])))
                value = None
            values.append(value)
        converted[column] = values
    for column in spec.accepted:
        converted.setdefault(column, [None] * n)

    def text_of(column: str, i: int) -> str:
        return table.cells[column][i] if column in table.cells else ""

    def fail(i: int, column: str, message: str) -> None:
        ok[i] = False
        found.append((i, len(present), Fault(label, message, row=rows[i], column=column,
                                             value=text_of(column, i), org_code=orgs[i])))

    if spec.name == "recruitment":
        for i in range(n):
            if ok[i] and converted["appointed"][i] > converted["shortlisted"][i]:
                fail(i, "appointed", f"more applicants appointed ({converted['appointed'][i]}) than shortlisted "
                     f"({converted['shortlisted'][i]}); appointed must be at most shortlisted")
    if spec.name == "board":
        for i in range(n):
            voting, executive = converted["voting"][i], converted["executive"][i]
            if ok[i] and executive is not None and executive > voting:
                # Executives can sit on the board without a vote, so this is only worth a look.
                warnings.append(Fault(
                    label,
                    f"more executive members ({executive}) than voting members ({voting}); "
                    "check the two columns are not swapped",
                    row=rows[i], column="executive", value=text_of("executive", i), org_code=orgs[i],
                ))
    if spec.name == "benchmarks":
        for i in range(n):
            if ok[i]:
                _check_benchmark_value(converted["measure"][i], converted["value"][i], i, fail)
    if spec.one_of == ("percent", "yes"):
        _check_percent_or_yes(converted, ok, text_of, fail, has_percent="percent" in table.cells)
    faults = [f for _, _, f in sorted(found, key=lambda item: (item[0], item[1]))]

    keep = [i for i in range(n) if ok[i]]
    clean = pd.DataFrame({"row": [rows[i] for i in keep],
                          **{c: [converted[c][i] for i in keep] for c in spec.accepted}},
                         columns=["row", *spec.accepted])
    if "ethnicity" in spec.columns:
        clean["group"] = ethnicity.group_values(list(clean["ethnicity"]))
    faults.extend(duplicate_faults(spec, clean, label))
    return clean, faults, warnings


def _check_percent_or_yes(converted: dict[str, list[Any]], ok: list[bool], text_of: Callable[[str, int], str],
                          fail: Callable[[int, str, str], None], has_percent: bool) -> None:
    """Survey rows give the percent answering yes or the yes-count; a count becomes the exact percent."""
    for i, (percent, yes, respondents) in enumerate(zip(converted["percent"], converted["yes"],
                                                        converted["respondents"], strict=True)):
        if not ok[i]:
            continue
        if percent is None and yes is None:
            fail(i, "percent" if has_percent else "yes",
                 "expected a percentage from 0 to 100 in 'percent', or the number answering yes in 'yes'; "
                 "this row gives neither")
        elif yes is not None:
            if yes > respondents:
                fail(i, "yes", f"more answering yes ({yes}) than respondents ({respondents}); yes must be at most "
                     "respondents")
            elif respondents == 0:
                fail(i, "yes", "there are 0 respondents, so a yes-count gives no percentage; leave the row out")
            else:
                exact = 100.0 * yes / respondents
                # Agreement to the decimals the percent is written with (7.05 agrees with 16 of 227 = 7.048…).
                tolerance = 0.5 * 10.0 ** -written_decimals(text_of("percent", i)) + 1e-9
                if percent is not None and abs(exact - percent) > tolerance:
                    fail(i, "percent", f"percent ({clean_text(text_of('percent', i))}) and yes ({yes}) disagree: "
                         f"{yes} of {respondents} respondents is {exact:.2f}%; give one of the two, or correct the "
                         "other")
                else:
                    converted["percent"][i] = exact


def _check_benchmark_value(measure: str, value: float, i: int, fail: Callable[[int, str, str], None]) -> None:
    """A published figure's sign and range where its measure fixes them: reports do print signs wrongly."""
    if measure == "relative_likelihood" and value < 0:
        fail(i, "value", "a relative likelihood is 0 or more; check the sign (a difference belongs in a measure "
             "such as gap_pp or difference_pp)")
    elif measure.endswith("_pct") and not 0 <= value <= 100:
        fail(i, "value", f"{measure} is a percentage, from 0 to 100; a difference in percentage points belongs "
             "in a measure ending _pp, such as gap_pp or difference_pp")


def duplicate_faults(spec: TableSpec, clean: pd.DataFrame, label: str) -> list[Fault]:
    """Rows with the same key as written are an error, never silently summed (one fault per repeat)."""
    if not spec.key or clean.empty:
        return []
    dup = clean.duplicated(list(spec.key), keep=False)
    faults = []
    # dropna=False: a key may hold blank (None) cells, such as a published figure's staff group.
    for _, rows in clean[dup].groupby(list(spec.key), sort=False, dropna=False):
        first = int(rows["row"].iloc[0])
        key_text = ", ".join(f"{k}={rows[k].iloc[0]}" for k in spec.key)
        for row_number in rows["row"].iloc[1:]:
            faults.append(Fault(
                label,
                f"this row repeats the key of row {first} ({key_text}); remove the duplicate or, if both "
                "are real, add them into one row" if spec.counts else
                f"this row repeats the key of row {first} ({key_text}); keep one of the two rows, or correct the key",
                row=int(row_number),
                org_code=str(rows["org_code"].iloc[0]) if "org_code" in rows else None,
            ))
    return faults


def cross_table_faults(tables: dict[str, pd.DataFrame], faulty_orgs: set[str],
                       label: Callable[[str], str]) -> list[Fault]:
    """Rows that name an organisation missing from organisations (one whose row there is faulty is not missing)."""
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
                label(name),
                f"organisation {code!r} is not listed in {label('organisations')}"
                + (f" (also on {len(rows) - 1} more row{'s' if len(rows) > 2 else ''})" if len(rows) > 1 else "")
                + "; add it there or correct the code",
                row=int(rows["row"].iloc[0]), column="org_code", value=str(code), org_code=str(code),
            ))
    return faults


def cross_table_warnings(tables: dict[str, pd.DataFrame], label: Callable[[str], str]) -> list[Fault]:
    """Survey benchmark names that organisations refer to but survey_benchmarks lacks."""
    warnings: list[Fault] = []
    if "organisations" not in tables:
        return warnings
    orgs = tables["organisations"]
    names = set(tables["survey_benchmarks"]["benchmark"]) if "survey_benchmarks" in tables else set()
    for _, org in orgs.iterrows():
        wanted = org.get("survey_benchmark")
        if wanted and wanted not in names:
            warnings.append(Fault(
                label("organisations"),
                f"benchmark {wanted!r} is not in {label('survey_benchmarks')}, so indicators 5-8 are shown "
                "without a benchmark; check the spelling against the benchmark column there",
                row=int(org["row"]), column="survey_benchmark", value=str(wanted), org_code=org["org_code"],
            ))
    return warnings


def validate_sources(sources: Sequence[SourceRows], labels: dict[str, str]
                     ) -> tuple[dict[str, pd.DataFrame], list[Fault], list[Fault]]:
    """Check every table's cells with one validator, whatever they came from, and the rules between tables.

    Parameters
    ----------
    sources : sequence of SourceRows
        One per table read (a CSV file or a sheet).
    labels : dict
        How messages name a table whose source is not ``<table>.csv`` (a workbook's sheets).

    Returns
    -------
    tables, faults, warnings
        The valid rows of each usable table, and every fault and warning found, in table order.
    """
    tables: dict[str, pd.DataFrame] = {}
    faults: list[Fault] = []
    warnings: list[Fault] = []
    for src in sources:
        table, table_faults, table_warnings = structure(src)
        faults += table_faults
        warnings += table_warnings
        if table is None:
            continue
        clean, table_faults, table_warnings = validate_table(src.spec, table)
        faults += table_faults
        warnings += table_warnings
        tables[src.spec.name] = clean

    def label(name: str) -> str:
        return labels.get(name, TABLES[name].file)

    faulty_orgs = {f.org_code for f in faults if f.file == label("organisations") and f.org_code}
    faults += cross_table_faults(tables, faulty_orgs, label)
    warnings += cross_table_warnings(tables, label)
    return tables, faults, warnings
