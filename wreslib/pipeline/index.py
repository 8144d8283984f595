"""The index of an output folder, rendered from a scan of the folder (never edited in place).

Every report folder (``CODE/YYYY/manifest.json``), every benchmark page (``benchmark/YYYY/manifest.json``,
and a region's ``benchmark/YYYY/REGION/manifest.json``) and every failure note (``_failed/CODE-YYYY.json``)
found is listed. The index links only the shared files of each report (the page, the CSV, the workbook and
the PDF when one was made), never its ``private/`` working files. It can be filtered
by name, region, year and rating and sorted by any column in the browser, without a server, so it stays
usable for a batch of hundreds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wreslib.pipeline.output import write_text
from wreslib.pipeline.pdf import BENCHMARK_PDF, REPORT_PDF
from wreslib.pipeline.render import FAILED_DIR
from wreslib.present import html

RAG_LETTER = {"red": "R", "amber": "A", "green": "G", "grey": "–"}
RAG_WORD = {"red": "red", "amber": "amber", "green": "green", "grey": "not rated"}
RAG_ORDER = {"red": "0", "amber": "1", "green": "2", "grey": "3"}


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def scan(out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Reports, benchmark pages and failures found in ``out``."""
    reports, benchmarks, failures = [], [], []
    # Reports are OUT/CODE/YYYY/; benchmark pages OUT/benchmark/YYYY/ and a region's OUT/benchmark/YYYY/REGION/.
    for manifest in sorted([*out.glob("*/*/manifest.json"), *out.glob("*/*/*/manifest.json")]):
        doc = _read(manifest)
        if doc is None or manifest.relative_to(out).parts[0].startswith((".", "_")):
            continue
        folder = manifest.parent.relative_to(out).as_posix()
        files = [str(f) for f in doc.get("files") or ()]
        if doc.get("kind") == "report" and len(manifest.relative_to(out).parts) == 3:
            reports.append({**doc, "folder": folder, "href": f"{folder}/report.html",
                            "pdf": f"{folder}/{REPORT_PDF}" if REPORT_PDF in files else None})
        elif doc.get("kind") == "benchmark":
            benchmarks.append({**doc, "href": f"{folder}/{doc.get('page_file', 'benchmark.html')}",
                               "pdf": f"{folder}/{BENCHMARK_PDF}" if BENCHMARK_PDF in files else None,
                               "order": (-int(doc.get("year") or 0), folder)})
    benchmarks.sort(key=lambda b: b["order"])
    made = {(r["org_code"], int(r["year"])) for r in reports}
    for note in sorted((out / FAILED_DIR).glob("*.json")):
        doc = _read(note)
        if doc is not None and (doc.get("org_code"), int(doc.get("year", 0))) not in made:
            failures.append(doc)
    reports.sort(key=lambda r: (-int(r["year"]), r.get("region") or "", r.get("org_name") or r["org_code"]))
    return reports, benchmarks, failures


def write_index(out: str | Path) -> Path:
    """Write ``out/index.html`` from what the folder holds (atomically) and return its path."""
    folder = Path(out)
    reports, benchmarks, failures = scan(folder)
    page = {"title": "WRES reports", "running": "WRES reports", "lang": "en-GB",
            "synthetic": bool(reports) and all(r.get("synthetic") for r in reports),
            "footer": [f"{len(reports)} reports, {len(benchmarks)} benchmark pages, {len(failures)} failures."]}
    text = html.environment().get_template("outputs.html.j2").render(
        page=page, reports=reports, benchmarks=benchmarks, failures=failures,
        regions=sorted({r.get("region") or "" for r in reports} - {""}),
        years=sorted({int(r["year"]) for r in reports}, reverse=True),
        rag_letter=RAG_LETTER, rag_word=RAG_WORD, rag_order=RAG_ORDER)
    return write_text(folder / "index.html", text)
