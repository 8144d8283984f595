"""wreslib.audit.extract: a DRAFT published.csv from the example report's text (and from a PDF).

The hand transcription data/example/published.csv is the yardstick: the draft must find most of its
figures, and propose none that the transcription lacks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wreslib.audit.extract import DRAFT, compare, extract, read_report_text, write_draft
from wreslib.errors import DataError

REPORT = Path("/work/shared/reference/blmk-wres-report-2024.txt")
PUBLISHED = Path(__file__).parents[2] / "data" / "example" / "published.csv"
needs_report = pytest.mark.skipif(not REPORT.is_file(), reason="the published report's text is not on this machine")


@pytest.fixture(scope="module")
def draft():
    return extract(read_report_text(REPORT))


def transcribed() -> list[dict[str, str]]:
    with PUBLISHED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_report
def test_the_draft_finds_most_of_the_example_s_figures_and_nothing_else(draft):
    matched, drafted, total = compare(draft, transcribed())
    assert total == 373
    assert matched >= 340, matched          # 347 when written; the tables all, most sentences
    assert drafted - matched <= 5, drafted - matched  # no figure the hand transcription lacks


@needs_report
def test_the_draft_reads_the_tables(draft):
    found = {(f.year, f.indicator, f.measure, f.staff_group, f.band, f.value) for f in draft}
    assert (2023, 4, "relative_likelihood", "", "", "0.52") in found          # Ind. 4 table, line 168
    assert (2024, 9, "board_bme_pct", "", "", "25%") in found                 # Ind. 9 table, line 269
    assert (2024, 9, "bme_difference_pp", "", "", "-1%") in found
    assert (2022, 1, "white_pct", "clinical", "Band 8a-VSM", "57%") in found  # Ind. 1 clinical table, line 100
    assert (2024, 5, "bme_pct", "", "", "2.17") in found                      # survey 2023 is WRES 2024
    assert (2024, 8, "benchmark_bme_pct", "", "", "14.5%") in found


@needs_report
def test_every_drafted_row_is_marked_as_a_draft(draft, tmp_path):
    path = write_draft(draft, tmp_path / "published.csv", "QHG")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(draft)
    assert all(r["source"].startswith(DRAFT + " ") and ", line " in r["source"] for r in rows)
    assert list(rows[0]) == ["org_code", "year", "indicator", "measure", "value", "source", "staff_group", "band",
                             "group"]


def test_a_sentence_with_a_relative_likelihood_is_read():
    text = ("WRES REPORT 2024\nIn 2023, White candidates were 2.19 times more likely than BME candidates "
            "to be appointed.")
    assert [(f.year, f.indicator, f.measure, f.value) for f in extract(text)] == [
        (2023, 2, "relative_likelihood", "2.19")]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of text (Helvetica), built by hand with a correct cross-reference."""
    body = "BT /F1 11 Tf 72 760 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_a_pdf_report_is_read_through_pypdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(minimal_pdf(["WRES REPORT 2024", "White candidates are 3.44 times more likely to be "
                                                      "appointed from shortlisting than BME candidates."]))
    text = read_report_text(path)
    assert "3.44 times" in text
    assert [(f.year, f.indicator, f.measure, f.value) for f in extract(text)] == [
        (2024, 2, "relative_likelihood", "3.44")]


@pytest.mark.parametrize(("name", "content", "says"), [
    ("missing.txt", None, "does not exist"),
    ("report.docx", b"PK", "expected the report as a .txt file"),
    ("broken.pdf", b"%PDF-1.4 nonsense", "the PDF cannot be read"),
])
def test_a_report_that_cannot_be_read_is_refused(tmp_path, name, content, says):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError, match=says):
        read_report_text(path)
