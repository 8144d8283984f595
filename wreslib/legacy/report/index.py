"""The batch index page: a link to every report in the output folder and every failure of the batch."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RAG_LETTER = {"red": "R", "amber": "A", "green": "G", "grey": "–"}
RAG_WORD = {"red": "red", "amber": "amber", "green": "green", "grey": "not rated"}


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _existing_reports(out: Path) -> list[dict[str, Any]]:
    """Reports already in the folder (from earlier runs), read from their indicators.json."""
    found = []
    for path in sorted(out.glob("*/*/indicators.json")):
        if path.parts[-3].startswith((".", "_")):
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not (path.parent / "report.html").exists():
            continue
        found.append({"org_code": doc.get("org_code", path.parts[-3]), "year": doc.get("year"),
                      "org_name": doc.get("org_name", ""), "region": doc.get("region", ""),
                      "synthetic": bool(doc.get("synthetic")), "href": path.parent.relative_to(out).as_posix()
                      + "/report.html",
                      "ratings": {int(k): v for k, v in (doc.get("ratings") or {}).items() if str(k).isdigit()}})
    return found


# --- benchmark pages (wreslib.legacy.report.benchmark_runner) -------------------------------------------------
#: The benchmark links sit between these markers, so that rendering a benchmark after a batch can refresh them.
BENCHMARK_LINKS_START = "<!-- wres-benchmark-links -->"
BENCHMARK_LINKS_END = "<!-- /wres-benchmark-links -->"


def _benchmark_links(out: Path) -> str:
    """Links to every benchmark page under ``out/benchmark/*/benchmark.html``, newest year first, between markers."""
    pages = sorted((p for p in Path(out).glob("benchmark/*/benchmark.html") if not p.parent.name.startswith(".")),
                   key=lambda p: p.parent.name, reverse=True)
    links = " · ".join(f'<a href="{_esc(p.relative_to(out).as_posix())}">WRES benchmark {_esc(p.parent.name)}: '
                       "every organisation compared</a>" for p in pages)
    block = f'<p class="benchmark-links"><strong>Benchmark:</strong> {links}</p>' if pages else ""
    return BENCHMARK_LINKS_START + block + BENCHMARK_LINKS_END
# --- end of benchmark pages ---------------------------------------------------------------------------


def write_index(out: Path, year: int, outcomes: Sequence[Any], *, data_checksum: str, data_source: str) -> Path:
    """Write ``out/index.html`` (atomically) and return its path.

    Lists every report in ``out`` (this batch's with their ratings first, then any earlier ones) and
    names every organisation of this batch that failed, with its fault. All data text is escaped.
    """
    import wreslib

    out = Path(out)
    this_batch = {(o.org_code, o.year) for o in outcomes if o.ok}
    rows = []
    for o in outcomes:
        if o.ok:
            rows.append({"org_code": o.org_code, "year": o.year, "org_name": o.org_name, "region": o.region,
                         "synthetic": o.synthetic, "href": f"{o.org_code}/{o.year}/report.html",
                         "ratings": o.ratings})
    rows += [r for r in _existing_reports(out) if (r["org_code"], r["year"]) not in this_batch]
    rows.sort(key=lambda r: (-(r["year"] or 0), r["region"] or "", r["org_name"] or r["org_code"]))

    def ratings_cells(r: dict[str, Any]) -> str:
        if not r["ratings"]:
            return '<td colspan="9" class="muted">see report</td>'
        return "".join(
            f'<td class="rag rag-{_esc(r["ratings"].get(n, "grey"))}" title="Indicator {n}: '
            f'{_esc(RAG_WORD.get(r["ratings"].get(n, "grey"), ""))}">{RAG_LETTER.get(r["ratings"].get(n, "grey"), "?")}'
            f'<span class="sr"> ({_esc(RAG_WORD.get(r["ratings"].get(n, "grey"), ""))})</span></td>'
            for n in range(1, 10))

    body = [f"<h1>WRES reports</h1><p>{len(rows)} report{'s' if len(rows) != 1 else ''}"
            + (f"; <strong>{sum(not o.ok for o in outcomes)} failed</strong> in this batch" if any(
                not o.ok for o in outcomes) else "") + ".</p>"]
    body.append(_benchmark_links(out))  # benchmark pages, linked at the top (wreslib.legacy.report.benchmark_runner)
    if rows:
        body.append('<table class="data"><thead><tr><th scope="col">Organisation</th><th scope="col">Code</th>'
                    '<th scope="col">Region</th><th scope="col">Year</th>'
                    + "".join(f'<th scope="col">{n}</th>' for n in range(1, 10)) + "</tr></thead><tbody>")
        for r in rows:
            synthetic = ' <span class="tag">synthetic</span>' if r["synthetic"] else ""
            body.append(f'<tr><th scope="row"><a href="{_esc(r["href"])}">{_esc(r["org_name"] or r["org_code"])}</a>'
                        f'{synthetic}</th><td>{_esc(r["org_code"])}</td><td>{_esc(r["region"])}</td>'
                        f'<td>{_esc(r["year"])}</td>{ratings_cells(r)}</tr>')
        body.append("</tbody></table><p class=\"muted\">Columns 1-9: this year's rating per indicator "
                    "(R red, A amber, G green, – not rated), by the rule in each report's appendix.</p>")
    failures = [o for o in outcomes if not o.ok]
    if failures:
        body.append('<h2 id="failures">Failed</h2><p>These organisations have no report this time. Correct the '
                    "data named below and run the batch again.</p><ul class=\"failures\">")
        for o in failures:
            debug = ""
            if o.debug_notebook:
                rel = os.path.relpath(o.debug_notebook, out)
                debug = f' <a href="{_esc(Path(rel).as_posix())}">partial notebook (for debugging)</a>'
            body.append(f"<li><strong>{_esc(o.org_code)}</strong> {_esc(o.org_name)} ({_esc(o.year)}){debug}"
                        f"<pre>{_esc(o.message or '')}</pre></li>")
        body.append("</ul>")
    body.append(f'<p class="muted">Batch of {_esc(year)} from {_esc(data_source)}; data checksum '
                f"<code>{_esc(data_checksum)}</code>; wreslib {_esc(wreslib.__version__)}.</p>")
    page = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>WRES reports</title>\n'
        "<style>body{font-family:Arial,Helvetica,sans-serif;max-width:1100px;margin:0 auto;padding:1.5rem;"
        "color:#1d1d1b}h1,h2{color:#005eb8}table{border-collapse:collapse;width:100%;font-size:.9rem}"
        "th,td{border:1px solid #d0d4d8;padding:.25rem .45rem;text-align:left}thead th{background:#e8edee}"
        "td.rag{text-align:center;font-weight:bold;width:2.2em}.rag-red{background:#d5281b;color:#fff}"
        ".rag-amber{background:#ffb81c}.rag-green{background:#007f3b;color:#fff}.rag-grey{background:#e8edee}"
        ".sr{position:absolute;left:-9999px}.tag{background:#ffeb3b;border:1px solid #000;font-size:.75rem;"
        "padding:0 .3rem}.muted{color:#55595c;font-size:.85rem}pre{white-space:pre-wrap;background:#f4f6f8;"
        "padding:.5rem}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
    target = out / "index.html"
    tmp = out / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, target)
    return target
