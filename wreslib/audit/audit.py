"""The audit of an organisation's published figures: ``audit(data, org, year, published) -> AuditResult``.

Every figure of ``published.csv`` (for any year the report prints, not only the report's own year) is
recomputed from the organisation's counts (:mod:`~wreslib.audit.recompute`) and judged at the precision
printed (:mod:`~wreslib.audit.printed`): it **agrees** when the recomputed value rounds or truncates to it,
**disagrees** otherwise, and **cannot be checked** when the data lacks what it needs (a table, a year, a
group) or the figure is undefined (0 ÷ 0). Each figure that disagrees gets the single slips that reproduce
it (:mod:`~wreslib.audit.diagnose`), and the published figures are checked against one another
(:mod:`~wreslib.audit.consistency`). ``wres audit`` prints it; :func:`for_report` hands it to the report as
data; :func:`to_dict` is the JSON of the data contract.

References
----------
``data-contract.md``, "Published figures (for ``wres audit``)".
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wreslib.audit.consistency import check_consistency
from wreslib.audit.diagnose import Evidence, diagnose
from wreslib.audit.printed import BOTH, TRUNCATED, format_value, match, truncate
from wreslib.audit.published import PublishedFigure, figures_of, published_figures, read_published
from wreslib.audit.recompute import Recomputation, build_ledger, recompute
from wreslib.audit.results import AGREES, CANNOT_CHECK, DISAGREES, AuditResult, Claim, Input
from wreslib.audit.vocabulary import PCT, PP, RATIO
from wreslib.errors import DataError, Fault
from wreslib.export import rounded, rounded_p
from wreslib.version import VERSION

if TYPE_CHECKING:
    import pandas as pd

    from wreslib.data.dataset import Dataset

__all__ = ["audit", "for_report", "judge", "to_dict", "to_json"]


def _notes(figure: PublishedFigure) -> tuple[str, ...]:
    printed = figure.printed
    if printed is None:
        return ()
    kind = figure.spec.kind
    if kind == PP and printed.unit == "%":
        return ("a difference of two percentages printed with %: it is in percentage points (pp), and '%' reads "
                "as a relative change",)
    if kind in (PP, PCT) and printed.unit == "":
        return ("printed without a unit",)
    return ()


def _significance(figure: PublishedFigure, r: Recomputation) -> tuple[str, str | None, tuple[str, ...]]:
    """Verdict, reason and notes of a sentence's direction, with "significantly" if it says so."""
    assert figure.direction is not None and r.value is not None
    centre = Fraction(1) if figure.spec.kind == RATIO else Fraction(0)
    sign = (r.value > centre) - (r.value < centre)
    said = figure.direction
    shown = f"{float(r.value):.2f}" if r.value.denominator != 1 else str(r.value.numerator)
    value_text = (f"{r.text} = " if r.text else "") + shown + (" (1 is parity)" if centre == 1 else "")
    actual = {1: "higher" if centre == 0 else "above parity", -1: "lower" if centre == 0 else "below parity",
              0: "unchanged"}[sign]
    if sign != said.sign:
        return DISAGREES, f"the counts give {value_text}: {actual}, not {said.word}", ()
    if said.significant is None:
        return AGREES, f"the counts give {value_text}: {actual}", ()
    if r.p_value is None:
        return AGREES, f"the counts give {value_text}: {actual}", (
            f"the direction agrees; '{said.text}' also claims a test, which wres does not make for this figure, so "
            "that part is not checked",)
    significant = r.p_value < 0.05
    p = f"p = {rounded_p(r.p_value)} ({r.test})"
    if significant == said.significant:
        return AGREES, f"the counts give {value_text}: {actual}, and the test agrees: {p}", ()
    return DISAGREES, (f"the counts give {value_text}: {actual}, but "
                       + ("the difference is not significant" if said.significant else "the difference is significant")
                       + f": {p}"), ()


def judge(figure: PublishedFigure, r: Recomputation) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """The verdict on one figure: (verdict, reason, rounding, notes).

    Examples
    --------
    >>> from pathlib import Path
    >>> import pandas as pd
    >>> from wreslib.data.read import read_data
    >>> from wreslib.audit.published import published_figures
    >>> ledger = build_ledger(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG")
    >>> rows = pd.DataFrame([{"row": 2, "org_code": "QHG", "year": 2024, "indicator": 4,
    ...                       "measure": "relative_likelihood", "value": "3.77", "source": "", "staff_group": None,
    ...                       "band": None, "group": None}])
    >>> figure = published_figures(rows, "QHG")[0]
    >>> judge(figure, recompute(figure, ledger))[:3]
    ('agrees', 'the counts give 3.7778: truncated, it prints as 3.77 (rounded, 3.78)', 'truncated')
    """
    if r.value is None:
        return CANNOT_CHECK, r.reason, None, ()
    if figure.direction is not None:
        verdict, reason, notes = _significance(figure, r)
        return verdict, reason, None, notes
    printed = figure.printed
    assert printed is not None
    d = printed.decimals
    exact = format_value(r.value, d + 2) if r.value.denominator != 1 else str(r.value.numerator)
    how = match(r.value, printed)
    if printed.bound is not None:
        verdict = AGREES if how else DISAGREES
        return verdict, f"the counts give {exact}", None, _notes(figure)
    rounded_text = format_value(r.value, d, printed.unit)
    if how is None:
        cut = format_value(truncate(r.value, d), d, printed.unit)
        shown = rounded_text if cut == rounded_text else f"{rounded_text} (truncated, {cut})"
        return DISAGREES, f"the counts give {exact}, which prints as {shown}", None, _notes(figure)
    if how == BOTH:
        reason = f"the counts give {exact}"
    elif how == TRUNCATED:
        reason = f"the counts give {exact}: truncated, it prints as {printed.text} (rounded, {rounded_text})"
    else:
        reason = f"the counts give {exact}: rounded, it prints as {printed.text}"
    return AGREES, reason, how, _notes(figure)


def _claim(figure: PublishedFigure, r: Recomputation, verdict: str, reason: str | None, rounding: str | None,
           notes: tuple[str, ...], diagnoses: tuple = ()) -> Claim:
    printed = figure.printed
    decimals = printed.decimals if printed is not None else None
    return Claim(
        indicator=figure.indicator, measure=figure.measure, year=figure.year, published=figure.text,
        verdict=verdict, source=figure.source, row=figure.row,
        group=figure.group if figure.group not in (None, "All") else None,
        staff_group=figure.staff_group, band=figure.band,
        recomputed=None if r.value is None else float(r.value),
        recomputed_printed=(format_value(r.value, decimals or 0, printed.unit)
                            if r.value is not None and printed is not None and printed.bound is None else None),
        precision=decimals, unit=printed.unit if printed is not None else "", rounding=rounding, reason=reason,
        formula=r.text, inputs=tuple(Input(e.label, float(e.value), e.where) for e in r.inputs),
        diagnoses=diagnoses, notes=notes,
    )


def _figures(data: Dataset, org_code: str, published: str | Path | pd.DataFrame | None
             ) -> tuple[tuple[PublishedFigure, ...], str]:
    if published is None:
        if not data.has("published"):
            raise DataError(Fault(data.label("published"), "there are no published figures to audit: the data has no "
                                  "published table. Put published.csv in the data folder (or a 'published' sheet in "
                                  "the workbook), or name the file with --published"))
        label = data.label("published")
        return published_figures(data.rows("published"), org_code, label), label
    if isinstance(published, str | Path):
        rows, label = read_published(published)
    else:
        rows, label = published, "published.csv"
    return published_figures(rows, org_code, label), label


def audit(data: Dataset | str | Path, org_code: str, year: int,
          published: str | Path | pd.DataFrame | None = None) -> AuditResult:
    """Check every figure an organisation published against its own counts.

    Parameters
    ----------
    data : Dataset, str or Path
        The organisation's data (a dataset from ``read_data``, or a data folder or workbook).
    org_code : str
        ODS code of the organisation, e.g. ``"QHG"``.
    year : int
        The WRES year of the report. Its figures may concern earlier years too (a report prints three);
        every year of the organisation's published figures is audited.
    published : str, Path or DataFrame, optional
        The published figures: a CSV file (``wres audit --published``), or rows already read. By default
        the data's own published table (``published.csv`` in the data folder).

    Returns
    -------
    AuditResult
        One claim per published figure (verdict, recomputed value, rounding, diagnoses) and every
        consistency check of the published figures; ``exit_status`` is 3 when any figure disagrees.

    Raises
    ------
    DataError
        When the data or the published figures hold a fault (each named by file, row, column and value),
        the organisation or year is not in the data, or there are no published figures for it.

    References
    ----------
    NHS England, *Workforce Race Equality Standard: technical guidance*; ``data-contract.md``, "Published
    figures (for wres audit)".

    Examples
    --------
    >>> from pathlib import Path
    >>> result = audit(Path(__file__).parents[2] / "data" / "example", "QHG", 2024)
    >>> claim = next(c for c in result.claims if c.indicator == 4 and c.year == 2023
    ...              and c.measure == "relative_likelihood")
    >>> claim.published, claim.recomputed_printed, claim.verdict
    ('0.52', '0.57', 'disagrees')
    >>> claim.diagnoses[0].count, claim.diagnoses[0].value, claim.diagnoses[0].kind
    ('the 2023 BME workforce', 89.0, 'digit_changed')
    """
    from wreslib.data.read import read_data

    if isinstance(data, str | Path):
        data = read_data(data)
    code = str(org_code).strip().upper()
    data.require(code, int(year))
    figures, label = _figures(data, code, published)
    ledger = build_ledger(data, code)
    judged = []
    for figure in figures:
        r = recompute(figure, ledger)
        judged.append((figure, r, *judge(figure, r)))
    evidence = Evidence(tuple((f, r, verdict == AGREES) for f, r, verdict, *_rest in judged))
    claims = []
    for figure, r, verdict, reason, rounding, notes in judged:
        found = diagnose(figure, r, ledger, evidence) if verdict == DISAGREES else ()
        claims.append(_claim(figure, r, verdict, reason, rounding, notes, found))
    org = data.organisation(code)
    return AuditResult(
        org_code=code, org_name=str(org["org_name"]), year=int(year), published_file=label, claims=tuple(claims),
        checks=check_consistency(figures), data_checksum=data.checksum, wreslib_version=VERSION,
        warnings=tuple(str(w) for w in data.warnings_for(code)),
    )


def for_report(data: Dataset, org_code: str, year: int) -> AuditResult | None:
    """The audit for the report's optional section: the result as data, or None without published figures.

    The report shows this section whenever the data holds published figures for the organisation
    (``published.csv`` in the data folder, or a ``published`` sheet); it renders the result itself.

    Examples
    --------
    >>> from pathlib import Path
    >>> from wreslib.data.read import read_data
    >>> result = for_report(read_data(Path(__file__).parents[2] / "data" / "example"), "QHG", 2024)
    >>> result.exit_status, len(result.disagreeing) > 0
    (3, True)
    """
    if figures_of(data, str(org_code).strip().upper()) is None:
        return None
    return audit(data, org_code, year)


def _recomputed(value: float | None, decimals: int | None) -> float | None:
    return rounded(value, max(4, (decimals or 0) + 2))


def to_dict(result: AuditResult) -> dict[str, Any]:
    """The audit as the JSON object of ``wres audit --json`` (data contract, with extra keys).

    ``claims`` carries the contract's keys (``indicator``, ``measure``, ``published``, ``recomputed``,
    ``verdict``, ``diagnosis`` as sentences) and more: the claim's own ``year``, its cell, ``source``,
    ``precision``, ``rounding``, ``reason``, ``formula``, ``inputs``, ``notes`` and the structured
    ``diagnoses``. ``checks`` lists the consistency checks; ``summary`` counts both.

    References
    ----------
    ``data-contract.md``, "Published figures (for ``wres audit``)".

    Examples
    --------
    >>> from wreslib.audit.results import AuditResult, Claim
    >>> result = AuditResult("AAA", "Alpha ICB", 2024, "published.csv",
    ...                      (Claim(4, "relative_likelihood", 2024, "0.52", "disagrees", recomputed=0.574),))
    >>> out = to_dict(result)
    >>> out["claims"][0]["verdict"], out["claims"][0]["diagnosis"], out["summary"]["exit_status"]
    ('disagrees', [], 3)
    """
    claims = []
    for c in result.claims:
        claims.append({
            "indicator": c.indicator, "measure": c.measure, "published": c.published,
            "recomputed": _recomputed(c.recomputed, c.precision), "verdict": c.verdict,
            "diagnosis": [d.sentence for d in c.diagnoses],
            "year": c.year, "group": c.group, "staff_group": c.staff_group, "band": c.band, "source": c.source,
            "row": c.row, "recomputed_printed": c.recomputed_printed, "precision": c.precision, "unit": c.unit,
            "rounding": c.rounding, "reason": c.reason, "formula": c.formula,
            "inputs": [{"count": i.label, "value": rounded(i.value), "where": i.where} for i in c.inputs],
            "notes": list(c.notes),
            "diagnoses": [{"kind": d.kind, "count": d.count, "value": rounded(d.value), "actual": rounded(d.actual),
                           "source": d.source, "reproduces": d.reproduces, "match": d.match,
                           "corroborated_by": list(d.corroborated_by), "sentence": d.sentence}
                          for d in c.diagnoses],
        })
    return {
        "org_code": result.org_code, "year": result.year, "claims": claims,
        "checks": [{"kind": k.kind, "indicator": k.indicator, "year": k.year, "verdict": k.verdict,
                    "sentence": k.sentence, "figures": list(k.figures)} for k in result.checks],
        "summary": {
            "figures": len(result.claims), "agree": result.count(AGREES), "disagree": result.count(DISAGREES),
            "cannot_check": result.count(CANNOT_CHECK),
            "agree_only_truncated": sum(1 for c in result.claims if c.rounding == TRUNCATED),
            "checks": len(result.checks), "inconsistent_checks": len(result.inconsistent),
            "years": list(result.years), "exit_status": result.exit_status,
        },
        "org_name": result.org_name, "published_file": result.published_file,
        "provenance": {"data_checksum": result.data_checksum, "wreslib_version": result.wreslib_version},
        "warnings": list(result.warnings),
    }


def to_json(result: AuditResult, indent: int | None = 2) -> str:
    """Strict JSON text of :func:`to_dict` (no NaN or infinity)."""
    return json.dumps(to_dict(result), indent=indent, allow_nan=False, ensure_ascii=False)

