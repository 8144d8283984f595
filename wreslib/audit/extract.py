"""A DRAFT published.csv from a report's text (``.txt``, or ``.pdf`` through pypdf): best effort, to confirm.

Transcribing every figure of a report by hand is slow; this proposes the rows, for the analyst to check
against the report before auditing. It reads the report's tables (tab-separated rows, as a PDF or Word
document's text keeps them) and a few kinds of sentence:

- **tables** whose header cells carry years (``2022``, ``2021/22``, ``BLMK ICB 2023``, ``Band 1 - 7 (2022)``)
  and whose rows are ethnic groups (``White``, ``BME``, ``Not disclosed``, ``Total``) or measures
  (``Number shortlisted applicants``, ``Relative likelihood of …``). The indicator is the one of the
  heading above the table; staff group and band come from the table's title and header; a survey table's
  years are survey years, one less than the WRES year;
- **sentences** giving a relative likelihood (``3.44 times more likely``, ``0.81 in 2022``), a group's
  survey percentage (``25% of BME staff``), a change (``increased by 7.3%``, ``decreased by 6% … Bands
  1-7``) or a difference from the national average (``4.6% higher than the national … average``).

Every row it writes is marked as a draft: its ``source`` starts ``draft:`` and names the line. Figures it
cannot place are left out rather than guessed, so a draft is never complete: compare it with the report.

References
----------
``data-contract.md``, "Published figures (for ``wres audit``)"; pypdf (text extraction from PDF).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wreslib.audit.vocabulary import ALL, DIRECTION_SUFFIX, MEASURES, measure_name, parse_measure_name
from wreslib.data import bands
from wreslib.data.contract import TABLES
from wreslib.data.convert import BadValue
from wreslib.data.ethnicity import BME, UNKNOWN, WHITE
from wreslib.errors import DataError, Fault

__all__ = ["DRAFT", "DraftFigure", "compare", "extract", "read_report_text", "write_draft"]

#: Every draft row's source starts with this: the rows are proposals for the analyst to confirm.
DRAFT = "draft:"

_GROUP_LABELS = {"white": WHITE, "bme": BME, "bame": BME, "ethnic minority": BME, "global majority": BME,
                 "not disclosed": UNKNOWN, "not known": UNKNOWN, "unknown": UNKNOWN, "not stated": UNKNOWN,
                 "total": ALL, "total staff": ALL}
_NUMBER = re.compile(r"^\s*([+\-\u2212\u2013]?\d[\d,]*(?:\.\d+)?\s*%?)")
_YEAR = re.compile(r"(20\d\d)\s*(?:[/-]\s*(20)?(\d\d))?")
_SURVEY_ROW = re.compile(r"^\s*([5-8])\s*[\u2013\u2014-]")
_RESPONDENTS = re.compile(r"White\s+(\d+)\s*&\s*BME\s+(\d+)", re.IGNORECASE)
_SHARES = re.compile(r"White\s*:\s*([\d.]+%?)\s*BME\s*:\s*([\d.]+%?)", re.IGNORECASE)
_HEADING = re.compile(r"^\s*Indicator\s+([1-9])\s*:?", re.IGNORECASE)
_TITLE = re.compile(r"WRES\s+REPORT\s+(20\d\d)", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class DraftFigure:
    """One proposed row of published.csv."""

    year: int
    indicator: int
    measure: str
    value: str
    line: int
    where: str
    staff_group: str = ""
    band: str = ""

    def row(self, org_code: str) -> dict[str, str]:
        return {"org_code": org_code, "year": str(self.year), "indicator": str(self.indicator),
                "measure": self.measure, "value": self.value, "source": f"{DRAFT} {self.where}, line {self.line}",
                "staff_group": self.staff_group, "band": self.band, "group": ""}


def read_report_text(path: str | Path) -> str:
    """The text of a report: a ``.txt`` file as it is, a ``.pdf`` through pypdf (page texts joined).

    Raises
    ------
    DataError
        When the file does not exist, is neither text nor PDF, or cannot be read.
    """
    given = Path(path)
    if not given.is_file():
        raise DataError(Fault(str(given), "this report file does not exist; check the path given to --extract"))
    suffix = given.suffix.lower()
    if suffix == ".pdf":
        try:
            from pypdf import PdfReader
            from pypdf.errors import PdfReadError
        except ImportError:  # pragma: no cover - pypdf is a dependency
            raise DataError(Fault(given.name, "reading a PDF needs the pypdf package; install wreslib's "
                                  "dependencies again (make setup)")) from None
        try:
            reader = PdfReader(str(given))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, OSError, ValueError) as exc:
            raise DataError(Fault(given.name, f"the PDF cannot be read ({exc}); save the report's text as a .txt "
                                  "file and extract from that")) from None
    if suffix not in (".txt", ".text", ".md"):
        raise DataError(Fault(given.name, "expected the report as a .txt file (its text, tables as tab-separated "
                              "rows) or a .pdf"))
    raw = given.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _value(cell: str) -> str | None:
    found = _NUMBER.match(cell.replace("'", ""))
    if not found:
        return None
    return found.group(1).replace(" ", "").replace("\u2212", "-").replace("\u2013", "-")


def _group(label: str) -> str | None:
    return _GROUP_LABELS.get(" ".join(label.lower().split()))


def _year(text: str) -> int | None:
    """The WRES year a header names: 2022, 2021/22 -> 2022, 2022-2023 -> 2023, (2024) -> 2024."""
    found = _YEAR.search(text)
    if not found:
        return None
    first, _century, last = found.groups()
    return int(first[:2] + last) if last else int(first)


def _band(text: str) -> str:
    found = re.search(r"Bands?\s*[0-9a-z]+\s*(?:-|–|to)\s*[0-9a-z]+", text, re.IGNORECASE)
    if not found:
        return ""
    return bands.parse_band(found.group(0).replace("8 -", "8a -").replace("8-", "8a-")) or ""


def _staff_group(text: str) -> str:
    lower = text.lower()
    if "non-clinical" in lower or "non clinical" in lower:
        return "non-clinical"
    if "clinical" in lower:
        return "clinical"
    if "medical" in lower:
        return "medical"
    return ""


def _spread(cells: Sequence[str]) -> list[str]:
    """Header cells carried forward over the empty cells they span."""
    out, last = [], ""
    for cell in cells:
        if cell.strip():
            last = cell.strip()
        out.append(last)
    return out


class _Reader:
    def __init__(self, lines: Sequence[str], year: int) -> None:
        self.lines = lines
        self.year = year
        self.found: list[DraftFigure] = []
        self.staff_group = ""  # of bullets under a "Non-clinical staff:" line

    def add(self, year: int | None, indicator: int, base: str, group: str | None, value: str | None, line: int,
            where: str, staff_group: str = "", band: str = "") -> None:
        if value is None or year is None:
            return
        suffix = DIRECTION_SUFFIX if base.endswith(DIRECTION_SUFFIX) else ""
        base = base[: len(base) - len(suffix)] if suffix else base
        spec = MEASURES[indicator].get(base)
        if spec is None or (group is not None and group not in spec.groups and group != ALL) or \
                (group == ALL and ALL not in spec.groups):
            return
        self.found.append(DraftFigure(year, indicator, measure_name(spec, group) + suffix, value, line, where,
                                      staff_group if spec.cells else "", band if spec.cells else ""))

    # --- tables -------------------------------------------------------------------------------------

    def table(self, block: list[tuple[int, list[str]]], indicator: int, title: str) -> None:
        header: list[list[str]] = []
        rows: list[tuple[int, list[str]]] = []
        for number, cells in block:
            label = cells[0].strip()
            if not rows and not (_group(label) or _SURVEY_ROW.match(label) or self._measure_row(label)):
                header.append(cells)
            else:
                rows.append((number, cells))
        if not header or not rows:
            return
        width = max(len(c) for _n, c in block)
        spans = [_spread(h + [""] * (width - len(h))) for h in header]
        heading = " ".join(c for h in header for c in h)
        survey = any(_SURVEY_ROW.match(c[0]) for _n, c in rows)
        staff_group = _staff_group(title)
        where = (title or heading).split("\t")[0].strip()[:60] or f"Indicator {indicator} table"
        if survey:
            self.survey(rows, spans[0], where)
            return
        for number, cells in rows:
            label = cells[0].strip()
            group = _group(label)
            for j in range(1, len(cells)):
                value = _value(cells[j])
                if value is None:
                    continue
                years = [_year(s[j]) for s in spans if j < len(s) and _year(s[j])]
                subs = [s[j].lower() for s in spans if j < len(s)]
                year = years[0] if years else None
                band = next((_band(s[j]) for s in spans if j < len(s) and _band(s[j])), "")
                if group is not None:
                    self.group_cell(indicator, group, subs, value, year, number, where, staff_group, band)
                else:
                    self.measure_cell(indicator, label, subs, value, year, number, where)

    @staticmethod
    def _measure_row(label: str) -> bool:
        lower = label.lower()
        return any(w in lower for w in ("number", "likelihood", "relative"))

    def group_cell(self, indicator: int, group: str, subs: list[str], value: str, year: int | None, line: int,
                   where: str, staff_group: str, band: str) -> None:
        pct = value.endswith("%")
        sub = subs[-1] if subs and any(w in subs[-1] for w in ("difference", "board", "workforce")) else " ".join(subs)
        if "difference" in sub:
            if group != ALL:
                self.add(year, 9, "difference_pp", group, value, line, where)
        elif "board" in sub:
            self.add(year, 9, "board_pct" if pct else "board_members", group, value, line, where)
        elif "workforce" in sub:
            self.add(year, 9, "workforce_pct" if pct else "headcount", group, value, line, where)
        elif indicator == 1 or "number" in sub or "percentage" in sub:
            if group == ALL and pct:
                return
            self.add(year, 1, "pct" if pct else "headcount", group, value, line, where, staff_group, band)

    def measure_cell(self, indicator: int, label: str, subs: list[str], value: str, year: int | None, line: int,
                     where: str) -> None:
        lower = label.lower()
        group = next((g for s in subs if (g := _group(s)) is not None), None)
        if "relative likelihood of white" in lower or "relative likelihood of bme" in lower:
            self.add(year, indicator, "relative_likelihood", None, value, line, where)
        elif value.endswith("%") and "likelihood" in lower:
            self.add(year, indicator, "rate_pct", group, value, line, where)
        elif "workforce" in lower:
            self.add(year, indicator, "headcount", group, value, line, where)
        elif "shortlisted" in lower:
            self.add(year, indicator, "shortlisted", group, value, line, where)
        elif "appointed" in lower:
            self.add(year, indicator, "appointed", group, value, line, where)
        elif "accessing" in lower:
            self.add(year, indicator, "accessed", group, value, line, where)
        elif "disciplinary" in lower:
            self.add(year, indicator, "entered", group, value, line, where)

    def survey(self, rows: list[tuple[int, list[str]]], header: list[str], where: str) -> None:
        for number, cells in rows:
            found = _SURVEY_ROW.match(cells[0])
            if not found:
                continue
            indicator = int(found.group(1))
            for j in range(1, len(cells)):
                title = header[j] if j < len(header) else ""
                benchmark = "average" in title.lower() or "national" in title.lower()
                survey_year = _year(title)
                year = (survey_year + 1 if survey_year else None) if not benchmark else \
                    (survey_year + 1 if survey_year else self.year)
                text = cells[j]
                shares = _SHARES.search(text)
                if shares is None:
                    continue
                white, bme = (share.rstrip(".") for share in shares.groups())
                if benchmark:
                    self.add(year, indicator, "benchmark_pct", WHITE, white, number, where)
                    self.add(year, indicator, "benchmark_pct", BME, bme, number, where)
                    continue
                counted = _RESPONDENTS.search(text)
                if counted:
                    self.add(year, indicator, "respondents", WHITE, counted.group(1), number, where)
                    self.add(year, indicator, "respondents", BME, counted.group(2), number, where)
                self.add(year, indicator, "pct", WHITE, white, number, where)
                self.add(year, indicator, "pct", BME, bme, number, where)

    # --- sentences ----------------------------------------------------------------------------------

    def sentences(self, text: str, indicator: int | None, line: int, where: str) -> None:
        for sentence in re.split(r"(?<=[.!?])\s+|\t|</p>", _TAGS.sub(" ", text)):
            if sentence.strip():
                self.sentence(sentence, indicator, line, where)

    def sentence(self, s: str, indicator: int | None, line: int, where: str) -> None:
        lower = s.lower()
        ind = _indicator_of(lower, indicator)
        said = re.search(r"\bin (20\d\d)\b", s, re.IGNORECASE)
        year = int(said.group(1)) if said and int(said.group(1)) <= self.year else self.year
        for found in re.finditer(r"(\d+(?:\.\d+)?) times more likely", s):
            self.add(year, ind if ind in (2, 3, 4) else 2, "relative_likelihood", None, found.group(1), line, where)
        if ind in (2, 3, 4) and "likelihood" in lower and "times" not in lower:
            for found in re.finditer(r"(\d\.\d\d) in (20\d\d)", s):
                self.add(int(found.group(2)), ind, "relative_likelihood", None, found.group(1), line, where)
            now = re.search(r"now at (\d\.\d\d)\b", s)
            if now:
                self.add(self.year, ind, "relative_likelihood", None, now.group(1), line, where)
        if ind == 3 and re.search(r"no (?:members of \w+ )?staff entering", lower):
            for y in sorted({self.year, *(int(y) for y in re.findall(r"\b(20\d\d)\b", s) if int(y) < self.year)}):
                self.add(y, 3, "entered", ALL, "0", line, where)
        if ind == 4 and "likelihood of bme" in lower:
            for found in re.finditer(r"\b(20\d\d) (\d+(?:\.\d+)?%)", s):
                self.add(int(found.group(1)), 4, "rate_pct", BME, found.group(2), line, where)
        if ind in (5, 6, 7, 8):
            for found in re.finditer(r"(\d+(?:\.\d+)?%) of (?:BLMK )?BME (?:staff|colleagues)", s):
                base = "not_pct" if "do not" in lower[found.end():] else "pct"
                self.add(self.year, ind, base, BME, found.group(1), line, where)
            now = re.search(r"now at (\d+(?:\.\d+)?%)", s)
            if now and "bme" in lower:
                self.add(self.year, ind, "pct", BME, now.group(1), line, where)
            for found in re.finditer(r"average (?:of )?(?:at )?(\d+(?:\.\d+)?%)", s):
                if "bme" in lower or "incident rate" in lower:
                    self.add(self.year, ind, "benchmark_pct", BME, found.group(1), line, where)
            for found in re.finditer(r"(\d+(?:\.\d+)?)% lower than last year", s):
                self.add(self.year, ind, "change_pp", BME, f"-{found.group(1)}%", line, where)
            gap = re.search(r"(significantly )?(higher|lower)(?: \((\d+(?:\.\d+)?)%\))? than (?:their )?white", lower)
            if gap:
                self.add(self.year, ind, "gap_pp_direction", None, (gap.group(1) or "") + gap.group(2), line, where)
                if gap.group(3):
                    sign = "-" if gap.group(2) == "lower" else ""
                    self.add(self.year, ind, "gap_pp", None, f"{sign}{gap.group(3)}%", line, where)
            for found in re.finditer(r"(?:White colleagues at|of their White colleagues|of white staff)\D{0,3}"
                                     r"(\d+(?:\.\d+)?%)|(\d+(?:\.\d+)?%) of (?:their )?[Ww]hite", s):
                self.add(self.year, ind, "pct", WHITE, found.group(1) or found.group(2), line, where)
            for found in re.finditer(r"(increased|decreased|reduction of(?: over)?|decrease of|increase of)"
                                     r"(?: by)? (\d+(?:\.\d+)?)%", s):
                sign = "-" if found.group(1).startswith(("decrease", "reduction")) else ""
                if "bme" in lower:
                    self.add(self.year, ind, "change_pp", BME, f"{sign}{found.group(2)}%", line, where)
            for found in re.finditer(r"(\d+(?:\.\d+)?)% (higher|lower|less|more) than the national", s):
                sign = "-" if found.group(2) in ("lower", "less") else ""
                if "bme" in lower or "incident rate" in lower:
                    self.add(self.year, ind, "benchmark_difference_pp", BME, f"{sign}{found.group(1)}%", line, where)
        if ind == 9 or "the board" in lower:
            for found in re.finditer(r"(\d+(?:\.\d+)?%) (?:of the Board )?(?:are|have) (White|BME|not disclosed)", s,
                                     re.IGNORECASE):
                self.add(self.year, 9, "board_pct", _group(found.group(2)), found.group(1), line, where)
            last = re.search(r"last year when records showed (\d+(?:\.\d+)?%) BME", s)
            if last:
                self.add(self.year - 1, 9, "board_pct", BME, last.group(1), line, where)
            at = re.search(r"At (\d+(?:\.\d+)?%) the Board", s)
            if at:
                self.add(self.year, 9, "board_pct", BME, at.group(1), line, where)
            staff = re.search(r"workforce population which is (\d+(?:\.\d+)?%) BME", s)
            if staff:
                self.add(self.year, 9, "workforce_pct", BME, staff.group(1), line, where)
        if ind in (1, None):
            employs = re.search(r"employs (\d[\d,]*) (?:people|staff)", s)
            if employs:
                self.add(self.year, 1, "headcount", ALL, employs.group(1), line, where)
            for pattern, base, group in ((r"(\d+(?:\.\d+)?%) of staff completed their ethnicity", "known_pct", None),
                                         (r"(\d+(?:\.\d+)?%) of staff who have not disclosed", "pct", UNKNOWN)):
                found = re.search(pattern, s)
                if found:
                    self.add(self.year, 1, base, group, found.group(1), line, where)
            found = re.search(r"(\d+(?:\.\d+)?%) \(n(\d+)\) of staff identified as BME", s)
            if found:
                self.add(self.year, 1, "pct", BME, found.group(1), line, where)
                self.add(self.year, 1, "headcount", BME, found.group(2), line, where)
            for found in re.finditer(r"from (\d+(?:\.\d+)?%) \(n(\d+)\) in (20\d\d)", s):
                self.add(int(found.group(3)), 1, "pct", BME, found.group(1), line, where)
                self.add(int(found.group(3)), 1, "headcount", BME, found.group(2), line, where)
            change = re.search(r"not disclosed their ethnicity an increase of (\d+(?:\.\d+)?%)", s)
            if change:
                self.add(self.year, 1, "change_pp", UNKNOWN, change.group(1), line, where)
            change = re.search(r"increase in percentage terms of (\d+(?:\.\d+)?%)", s)
            if change and "bme" in lower:
                self.add(self.year, 1, "change_pp", BME, change.group(1), line, where)
            total = re.search(r"from (\d[\d,]*) in (20\d\d) to (\d[\d,]*) this year", s)
            if total and "number of staff" in lower:
                self.add(int(total.group(2)), 1, "headcount", ALL, total.group(1), line, where)
                self.add(self.year, 1, "headcount", ALL, total.group(3), line, where)
        if ind == 1:
            for found in re.finditer(r"Bands? (1\s*(?:-|–|to)\s*7|8a?\s*(?:-|–|to)\s*VSM)[^.%]*?(increased|decreased) "
                                     r"by (\d+(?:\.\d+)?)%|(increased|decreased) by (\d+(?:\.\d+)?)% at Bands? "
                                     r"(1\s*(?:-|–|to)\s*7|8a?\s*(?:-|–|to)\s*VSM)", s, re.IGNORECASE):
                band_text, verb, number = ((found.group(1), found.group(2), found.group(3)) if found.group(1)
                                           else (found.group(6), found.group(4), found.group(5)))
                band = bands.parse_band("Band " + re.sub(r"^8(?!a)", "8a", band_text.strip())) or ""
                sign = "-" if verb.lower() == "decreased" else ""
                named = re.findall(r"non-clinical|clinical", s[:found.start()], re.IGNORECASE)
                staff_group = named[-1].lower() if named else self.staff_group
                self.add(self.year, 1, "change_pp", BME, f"{sign}{number}%", line, where, staff_group, band)
                after = s[found.end():found.end() + 30]
                shares = re.match(r",? from (\d+(?:\.\d+)?%) to (\d+(?:\.\d+)?%)", after)
                if shares:
                    self.add(self.year - 1, 1, "pct", BME, shares.group(1), line, where, staff_group, band)
                    self.add(self.year, 1, "pct", BME, shares.group(2), line, where, staff_group, band)
            numbers = re.search(r"Bands? (1\s*(?:-|–|to)\s*7|8a?\s*(?:-|–|to)\s*VSM).*number of BME staff from "
                                r"(\d+) to (\d+)", s, re.IGNORECASE)
            if numbers:
                band = bands.parse_band("Band " + numbers.group(1)) or ""
                self.add(self.year - 1, 1, "headcount", BME, numbers.group(2), line, where, self.staff_group, band)
                self.add(self.year, 1, "headcount", BME, numbers.group(3), line, where, self.staff_group, band)


_KEYWORDS = ((2, ("shortlisting", "appointed")), (7, ("equal opportunit", "career progression")),
             (8, ("discrimination",)), (5, ("patients", "relatives")), (6, ("managers and colleagues",
                                                                               "from staff", "from their colleagues")),
             (4, ("training",)), (3, ("disciplinary",)), (9, ("board",)), (1, ("bands", "band ")))


def _indicator_of(sentence: str, default: int | None) -> int | None:
    if default is not None:
        return default
    for number, words in _KEYWORDS:
        if any(w in sentence for w in words):
            return number
    return None


def extract(text: str, year: int | None = None) -> tuple[DraftFigure, ...]:
    """Propose published figures from a report's text: its tables and some of its sentences.

    Parameters
    ----------
    text : str
        The report's text (tables as tab-separated rows).
    year : int, optional
        The report's WRES year; by default read from a title such as "WRES REPORT 2024".

    Returns
    -------
    tuple of DraftFigure
        One per figure found, in the order of the text. A draft: check each against the report.

    Examples
    --------
    >>> text = ("WRES REPORT 2024\\nIndicator 4\\n\\tNHS ICB 2023\\t\\tNHS ICB 2024\\t\\n"
    ...         "\\tWhite\\tBME\\tWhite\\tBME\\n"
    ...         "Relative likelihood of White staff accessing training compared to BME staff\\t0.52\\t\\t3.77\\t")
    >>> [(f.year, f.indicator, f.measure, f.value) for f in extract(text)]
    [(2023, 4, 'relative_likelihood', '0.52'), (2024, 4, 'relative_likelihood', '3.77')]
    """
    lines = text.splitlines()
    if year is None:
        title = _TITLE.search(text)
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", text)]
        year = int(title.group(1)) if title else (max(years) if years else 0)
    reader = _Reader(lines, year)
    indicator: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _HEADING.match(line)
        if heading and "\t" not in line.split(":")[0]:
            indicator = int(heading.group(1))
        if "\t" in line and _is_table_start(line):
            block, title = [], ""
            if i > 0 and "comparison" in lines[i - 1].lower():
                title = lines[i - 1]
            while i < len(lines) and "\t" in lines[i]:
                cells = lines[i].split("\t")
                if "comparison" in cells[0].lower() and not any(c.strip() for c in cells[1:]):
                    title = cells[0]
                else:
                    block.append((i + 1, cells))
                i += 1
            ind = _table_indicator(block, indicator, title)
            if ind is not None and _has_years(block) and _has_rows(block):
                reader.table(block, ind, title or block[0][1][0])
            else:
                for number, cells in block:
                    row_indicator = next((int(c) for c in cells[:5] if c.strip() in {str(n) for n in range(1, 10)}),
                                         None)
                    reader.sentences("\t".join(cells), row_indicator, number,
                                     "summary table" if row_indicator else "Key Findings")
            continue
        if re.match(r"^\s*(non-clinical|clinical) staff:?\s*$", line, re.IGNORECASE):
            reader.staff_group = _staff_group(line)
        elif line.strip() and not line.strip().startswith("-"):
            reader.staff_group = ""
        if line.strip() and not heading:
            reader.sentences(line, indicator, i + 1, f"Indicator {indicator}" if indicator else "text")
        i += 1
    return tuple(reader.found)


def _is_table_start(line: str) -> bool:
    return bool(line.strip())


def _has_rows(block: list[tuple[int, list[str]]]) -> bool:
    """A table has rows labelled by a group, a measure or a survey indicator (not narrative cells)."""
    return any(_group(c[0]) or _SURVEY_ROW.match(c[0]) or _Reader._measure_row(c[0]) for _n, c in block)


def _has_years(block: list[tuple[int, list[str]]]) -> bool:
    return any(_year(c) for _n, cells in block[:2] for c in cells[1:])


def _table_indicator(block: list[tuple[int, list[str]]], current: int | None, title: str) -> int | None:
    first = " ".join(block[0][1]).lower()
    named = re.search(r"indicator\s*([1-9])\b", first)
    if named:
        return int(named.group(1))
    if "indicators 5" in first or "indicators 7" in first:
        return 5
    if "comparison" in title.lower() or "staff group" in first:
        return 1
    if any(_group(c[0]) for _n, c in block) and current == 9:
        return 9
    return current if current is not None else (1 if any(_group(c[0]) for _n, c in block) else None)


def write_draft(figures: Iterable[DraftFigure], path: str | Path, org_code: str = "") -> Path:
    """Write the draft as published.csv (UTF-8, header row, the contract's columns); returns the path.

    Examples
    --------
    >>> import tempfile
    >>> figure = DraftFigure(2024, 4, "relative_likelihood", "3.77", 168, "Indicator 4 table")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     print(write_draft([figure], Path(folder) / "draft.csv", "QHG").read_text().splitlines()[1])
    QHG,2024,4,relative_likelihood,3.77,"draft: Indicator 4 table, line 168",,,
    """
    target = Path(path)
    columns = list(TABLES["published"].columns)
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for figure in figures:
            writer.writerow(figure.row(org_code))
    return target


def _key(indicator: int, measure: str, group: str | None, year: int, staff_group: str | None, band: str | None,
         value: str) -> tuple | None:
    try:
        spec, chosen, direction = parse_measure_name(indicator, measure, group)
    except BadValue:
        return None
    return (year, indicator, spec.base, chosen, direction, staff_group or "", band or "",
            value.replace("\u2212", "-").replace(" ", ""))


def compare(draft: Iterable[DraftFigure], published: Iterable[dict[str, str]]) -> tuple[int, int, int]:
    """How many drafted figures match a hand transcription: (matched, drafted, transcribed).

    Figures match on year, indicator, measure (and group), staff group, band and the printed value; each
    transcribed figure is matched at most as often as it is transcribed.

    Examples
    --------
    >>> draft = [DraftFigure(2024, 4, "relative_likelihood", "3.77", 168, "table")]
    >>> compare(draft, [{"year": "2024", "indicator": "4", "measure": "relative_likelihood", "value": "3.77"},
    ...                 {"year": "2024", "indicator": "2", "measure": "relative_likelihood", "value": "3.44"}])
    (1, 1, 2)
    """
    drafted = Counter(_key(f.indicator, f.measure, None, f.year, f.staff_group, f.band, f.value) for f in draft)
    rows = list(published)
    wanted = Counter(_key(int(r["indicator"]), r["measure"], r.get("group") or None, int(r["year"]),
                          r.get("staff_group"), r.get("band"), r["value"]) for r in rows)
    matched = sum(min(count, wanted[key]) for key, count in drafted.items() if key is not None)
    return matched, sum(drafted.values()), len(rows)
