"""An attack on the shared outputs: can a reader work out a hidden count from what the report shows?

The reader reads the shared files as they are (the page's tables, sentences and alt text; indicators.csv;
indicators.xlsx) and knows how the figures relate (a workforce is its groups; a band range is its groups;
the staff groups add up to all staff; a relative likelihood is its four counts), as anyone reading the
tables would. For every count from 1 to ``suppress_below - 1`` in the input, it tries each route:

1. the count itself, in any table cell or file cell that stands for it;
2. differencing: a relation whose other members are all shown;
3. a shown percentage of it times its shown denominator;
4. a shown relative likelihood with its other three counts (at the most precise value shown anywhere);
5. the count said in a sentence or alt text ("3 of 52", "3 (5.8%)", "3 staff").

Relations and counts come from the input data here, not from the report's own disclosure bookkeeping.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wreslib.measures import keys
from wreslib.measures.families import BME, WHITE
from wreslib.options import ReportOptions
from wreslib.products import report
from wreslib.products.report.exports import shared_records, write_tables
from wreslib.products.report.figures import compared_key, likelihood_keys, range_key
from wreslib.products.report.tables import key_id

GROUPS = (WHITE, BME, "Unknown")


class Page(HTMLParser):
    """Table cells with their classes, image alt texts, and the visible text outside tables."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[set[str], str]] = []
        self.alts: list[str] = []
        self.prose: list[str] = []
        self._cell: list[str] | None = None
        self._classes: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "td" or tag == "th":
            self._cell, self._classes = [], set((attrs.get("class") or "").split())
        if tag == "img" and attrs.get("alt"):
            self.alts.append(attrs["alt"])

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append((self._classes, " ".join("".join(self._cell).split())))
            self._cell = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        else:
            self.prose.append(data)


def number(text: str) -> float | None:
    text = text.replace(",", "").replace("\u2212", "-").strip()
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None


def round_half_up(x: float, places: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class Reader:
    """What a reader of one report's shared outputs knows."""

    def __init__(self, page: str, csv_text: str) -> None:
        parsed = Page()
        parsed.feed(page)
        self.known: dict[str, set[float]] = {}
        self.percentages: list[tuple[str, str, str]] = []  # (numerator id, denominator id, text)
        self.ratios: list[tuple[tuple[str, str, str, str], str]] = []
        for classes, text in parsed.cells:
            for c in classes:
                if c.startswith("k-") and (value := number(text)) is not None:
                    self.known.setdefault(c[2:], set()).add(value)
                if c.startswith("q-"):
                    _, num, den = c.split("-")
                    self.percentages.append((num, den, text))
                if c.startswith("r-"):
                    self.ratios.append((tuple(c.split("-")[1:]), text))
        self.text = " ".join(" ".join(parsed.prose).split())
        self.alts = parsed.alts
        self.csv_rows = list(csv.DictReader(io.StringIO(csv_text)))

    def add_csv(self, ids_of_row) -> None:
        """Counts in the CSV's count columns, by the key each column of each row stands for."""
        for row in self.csv_rows:
            for column, ident in ids_of_row(row).items():
                value = number(row.get(column) or "")
                if value is not None:
                    self.known.setdefault(ident, set()).add(value)
            if row["measure"] == "relative_likelihood" and number(row["value"] or "") is not None:
                ids = ids_of_row(row)
                four = tuple(ids.get(c) for c in ("white_cases", "white_total", "bme_cases", "bme_total"))
                if all(four):
                    self.ratios.append((four, row["value"]))

    def value(self, ident: str) -> float | None:
        values = self.known.get(ident)
        return next(iter(values)) if values else None


def csv_ids(row: dict) -> dict[str, str]:
    """Which count each CSV column of a row stands for (from the table's documented layout)."""
    n, year, measure = int(row["indicator"]), int(row["year"]), row["measure"]
    if n == 1 and measure == "bme_pct":
        sg, band = row["staff_group"], row["band"]
        ids = {f"{g.lower()}_cases": key_id(range_key(year, g, sg, band)) for g in GROUPS}
        ids.update({f"{g.lower()}_total": key_id(range_key(year, "all", sg, band)) for g in GROUPS})
        return ids
    if n == 1 and measure == "relative_likelihood" and row["band"]:
        sg, senior = row["staff_group"], row["band"].split(" vs ")[0]
        return {"white_cases": key_id(range_key(year, WHITE, sg, senior)),
                "bme_cases": key_id(range_key(year, BME, sg, senior)),
                "white_total": key_id(compared_key(year, WHITE, sg)), "bme_total": key_id(compared_key(year, BME, sg))}
    if n in (2, 3, 4):
        named = likelihood_keys(n, year)
        return {"white_cases": key_id(named[WHITE][0]), "white_total": key_id(named[WHITE][1]),
                "bme_cases": key_id(named[BME][0]), "bme_total": key_id(named[BME][1]),
                "unknown_cases": key_id(named["Unknown"][0]), "unknown_total": key_id(named["Unknown"][1])}
    if n == 9:
        return {"workforce_bme": key_id(keys.workforce(year, BME)), "workforce_total": key_id(keys.workforce(year))}
    return {}


def truth(ctx) -> tuple[dict[str, int], list[list[str]], list[tuple[str, str, str, str]]]:
    """The input's counts (by key), its additive relations and its ratios, built from the results."""
    counts: dict[str, int] = {}
    sums: list[list[str]] = []
    ratios: list[tuple[str, str, str, str]] = []

    def put(key, value) -> str:
        ident = key_id(key)
        counts[ident] = int(value)
        return ident

    for s in ctx.sets:
        w = s.workforce
        if w.overall is None:
            continue
        y = s.year
        parts = [put(keys.workforce(y, g), v) for g, v in zip(GROUPS, (w.overall.white, w.overall.bme,
                                                                          w.overall.unknown), strict=True)]
        sums.append([put(keys.workforce(y), w.overall.total), *parts])
        labels = {}
        for c in w.by_published_range:
            sg = c.staff_group or "all"
            members = [put(range_key(y, g, sg, c.label), v) for g, v in zip(GROUPS, (c.white, c.bme, c.unknown),
                                                                             strict=True)]
            sums.append([put(range_key(y, "all", sg, c.label), c.total), *members])
            if sg != "all":
                labels.setdefault(c.label, []).append(sg)
        for label, staff_groups in labels.items():
            for g in (*GROUPS, "all"):
                sums.append([key_id(range_key(y, g, "all", label)), *[key_id(range_key(y, g, sg, label))
                                                                      for sg in staff_groups]])
        for g, overall in zip(GROUPS, (w.overall.white, w.overall.bme, w.overall.unknown), strict=True):
            in_ranges = [range_key(y, g, "all", c.label) for c in w.by_published_range if c.staff_group == "all"]
            rest = put(("rest", y, g), overall - sum(counts[key_id(k)] for k in in_ranges))
            sums.append([key_id(keys.workforce(y, g)), *[key_id(k) for k in in_ranges], rest])
        for grp in w.groups:
            m = grp.likelihood
            a = put(range_key(y, WHITE, grp.staff_group, grp.senior), m.a_cases)
            b = put(range_key(y, BME, grp.staff_group, grp.senior), m.b_cases)
            big_a = put(compared_key(y, WHITE, grp.staff_group), m.a_total)
            big_b = put(compared_key(y, BME, grp.staff_group), m.b_total)
            for g, total in ((WHITE, big_a), (BME, big_b)):
                sums.append([total, key_id(range_key(y, g, grp.staff_group, grp.senior)),
                             key_id(range_key(y, g, grp.staff_group, grp.lower))])
            ratios.append((a, big_a, b, big_b))
        for r in s.likelihoods:
            m = r.likelihood
            if m is None:
                continue
            named = likelihood_keys(r.number, y)
            ids = {m.a_label: (put(named[m.a_label][0], m.a_cases), put(named[m.a_label][1], m.a_total)),
                   m.b_label: (put(named[m.b_label][0], m.b_cases), put(named[m.b_label][1], m.b_total))}
            if r.unknown_total is not None:
                put(named["Unknown"][1], r.unknown_total)
            if r.unknown_cases is not None:
                put(named["Unknown"][0], r.unknown_cases)
            ratios.append((*ids[WHITE], *ids[BME]))
    return counts, sums, ratios


def attack(ctx, reader: Reader) -> list[str]:
    """Every hidden count (1 to threshold - 1) the reader can work out, with the route."""
    threshold = ctx.options.suppress_below
    counts, sums, _ = truth(ctx)
    small = {i for i, v in counts.items() if 0 < v < threshold}
    leaks = []
    for ident in small:
        if ident in reader.known:
            leaks.append(f"{ident}: shown directly as {reader.known[ident]}")
    # Differencing, repeated: a count worked out joins what the reader knows.
    known = {i: reader.value(i) for i in counts if reader.value(i) is not None}
    changed = True
    while changed:
        changed = False
        for members in sums:
            total, *parts = members
            unknown = [m for m in members if m not in known]
            if len(unknown) != 1:
                continue
            missing = unknown[0]
            if missing == total:
                known[missing] = sum(known[p] for p in parts)
            else:
                known[missing] = known[total] - sum(known[p] for p in parts if p != missing)
            changed = True
            if missing in small:
                leaks.append(f"{missing}: worked out by differencing as {known[missing]}")
    for num, den, text in reader.percentages:
        if num in small and den in known and text.endswith("%") and known[den]:
            shown = Decimal(text.rstrip("%").replace("\u2212", "-"))
            places = -shown.as_tuple().exponent
            fits = [n for n in range(1, threshold) if round_half_up(100 * n / known[den], places) == shown]
            if len(fits) == 1:
                leaks.append(f"{num}: worked out from {text} of {known[den]} as {fits[0]}")
    for four, text in reader.ratios:
        value = number(text.split(" ")[0]) if text else None
        hidden = [i for i in four if i not in known]
        if value is None or len(hidden) != 1 or hidden[0] not in small or not value:
            continue
        places = len(text.split(" ")[0].split(".")[1]) if "." in text.split(" ")[0] else 0
        fits = []
        for n in range(1, threshold):
            trial = {**known, hidden[0]: n}
            a, big_a, b, big_b = (trial[i] for i in four)
            if big_a and big_b and b and round_half_up((a / big_a) / (b / big_b), places) == Decimal(
                    text.split(" ")[0]):
                fits.append(n)
        if len(fits) == 1:
            leaks.append(f"{hidden[0]}: worked out from the relative likelihood {text} as {fits[0]}")
    for text in [reader.text, *reader.alts]:
        for n in {counts[i] for i in small}:
            pattern = rf"(?<![\w.\-–]){n} (?:of \d|\(\d|staff\b|applicants\b|were\b)"
            for hit in re.finditer(pattern, text):
                context = text[max(0, hit.start() - 60):hit.end() + 40]
                if not re.search(r"board|respondents|indicator \d|Band|survey", context):
                    leaks.append(f"a count of {n} said in words: ...{context}...")
    return leaks


def render(folder, tmp_path, threshold: int = 5) -> tuple[object, Reader]:
    r = report.build(folder, "AAA", 2024, ReportOptions(suppress_below=threshold))
    write_tables(r.ctx, tmp_path, r.page_settings())
    reader = Reader(r.page(), (tmp_path / "indicators.csv").read_text(encoding="utf-8-sig"))
    reader.add_csv(csv_ids)
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "indicators.xlsx", read_only=True)
    rows = list(book["indicators"].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    for values in rows[1:]:
        row = {h: "" if v is None else str(v) for h, v in zip(header, values, strict=False)}
        for column, ident in csv_ids(row).items():
            value = number(row.get(column) or "")
            if value is not None:
                reader.known.setdefault(ident, set()).add(value)
    return r.ctx, reader


def test_the_attacker_finds_a_planted_leak(org_folder, builders, tmp_path):
    # Without disclosure control every small count would be shown: the attacker must see them.
    folder = org_folder(builders.Organisation(workforce={2024: {("clinical", "Band 5"): (49, 3, 0)}}))
    ctx, _ = render(folder, tmp_path)
    plain = Reader('<table><tr><td class="k-{}">49</td><td class="k-{}">0</td><td class="k-{}">52</td></tr>'
                   '</table>'.format(key_id(keys.workforce(2024, WHITE)), key_id(keys.workforce(2024, "Unknown")),
                                     key_id(keys.workforce(2024))), "org_code,indicator,year,measure\n")
    assert any("differencing" in leak for leak in attack(ctx, plain))
    said = Reader("<p>Of these, 3 of 52 were BME.</p>", "org_code,indicator,year,measure\n")
    assert any("said in words" in leak for leak in attack(ctx, said))


def test_the_trust_of_52_staff_3_of_them_bme_leaks_nothing(org_folder, builders, tmp_path):
    # The worked leak: 52 staff, 3 BME, 49 White; 43 in Bands 1-7 (3 BME), 9 White in training.
    org = builders.Organisation(workforce={2024: {("clinical", "Band 1-7"): (40, 3, 0),
                                                  ("clinical", "Band 8a-VSM"): (9, 0, 0)}},
                                training={2024: (9, 1, None)})
    ctx, reader = render(org_folder(org), tmp_path)
    assert attack(ctx, reader) == []
    visible = reader.text + " ".join(reader.alts)
    for leaked in ("5.8%", "94.2%", "49 (", "7.0%", "fewer than 5 of 43", "18.4%", "(9 of 49)"):
        assert leaked not in visible, leaked
    assert "fewer than 5 data-quality" not in visible


def test_the_example_leaks_nothing(tmp_path):
    from pathlib import Path

    folder = Path(__file__).parents[3] / "data" / "example"
    r = report.build(folder, "QHG", 2024)
    write_tables(r.ctx, tmp_path, r.page_settings())
    reader = Reader(r.page(), (tmp_path / "indicators.csv").read_text(encoding="utf-8-sig"))
    reader.add_csv(csv_ids)
    assert attack(r.ctx, reader) == []


def test_a_tiny_organisation_leaks_nothing(org_folder, builders, tmp_path):
    org = builders.Organisation(
        workforce={y: {("non-clinical", "Band 1-7"): (6, 2, 1), ("non-clinical", "Band 8a-VSM"): (3, 1, 0),
                       ("clinical", "Band 1-7"): (4, 4, 0), ("clinical", "Band 8a-VSM"): (2, 3, 1)}
                   for y in (2023, 2024)},
        recruitment={y: ((12, 3), (9, 1), (2, 1)) for y in (2023, 2024)},
        training={y: (8, 2, 1) for y in (2023, 2024)}, disciplinary={y: (1, 1, 0) for y in (2023, 2024)},
        board={y: (6, 1, 1) for y in (2023, 2024)}, years=(2023, 2024))
    ctx, reader = render(org_folder(org), tmp_path)
    assert attack(ctx, reader) == []


@pytest.mark.slow
@settings(max_examples=30)
@given(st.integers(0, 2**32 - 1), st.sampled_from([5, 10]))
def test_generated_small_organisations_leak_nothing(tmp_path_factory, builders, seed, threshold):
    rng = np.random.default_rng(seed)
    folder = builders.write_folder(tmp_path_factory.mktemp("org"),
                                   [builders.random_organisation(rng, "AAA", small=True)])
    ctx, reader = render(folder, tmp_path_factory.mktemp("out"), threshold)
    assert attack(ctx, reader) == []


def test_shared_tables_hide_what_the_page_hides(tmp_path):
    from pathlib import Path

    r = report.build(Path(__file__).parents[3] / "data" / "example", "QHG", 2024)
    records = shared_records(r.ctx)
    shown = {str(v) for rec in records for k, v in rec.items() if k.endswith(("_cases", "_total"))}
    assert "<5" in shown and "[c]" in shown


@pytest.mark.parametrize("cells", list(product([0, 1, 3], repeat=2)))
def test_differencing_is_blocked_for_every_small_pair(org_folder, builders, tmp_path, cells):
    bme, unknown = cells
    org = builders.Organisation(workforce={2024: {("clinical", "Band 5"): (40, bme, unknown)}})
    ctx, reader = render(org_folder(org), tmp_path)
    assert attack(ctx, reader) == []


def test_the_attacker_catches_primary_suppression_alone(org_folder, builders, tmp_path):
    # The same page with only small counts hidden (no secondary suppression): differencing must give them away.
    from dataclasses import replace

    from wreslib.present.disclosure import Disclosure

    org = builders.Organisation(workforce={2024: {("clinical", "Band 1-7"): (40, 3, 0),
                                                  ("clinical", "Band 8a-VSM"): (9, 0, 0)}})
    r = report.build(org_folder(org), "AAA", 2024)
    naive = Disclosure(5, values=dict(r.ctx.disc.values), exempt=set(r.ctx.disc.exempt))
    naive.hidden = {k for k, v in naive.values.items() if 0 < v < 5 and k not in naive.exempt}
    naive.solved = True
    weak = report.Report(replace(r.ctx, disclosure=naive))
    write_tables(weak.ctx, tmp_path, weak.page_settings())
    reader = Reader(weak.page(), (tmp_path / "indicators.csv").read_text(encoding="utf-8-sig"))
    reader.add_csv(csv_ids)
    assert any("differencing" in leak for leak in attack(weak.ctx, reader))
