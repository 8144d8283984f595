"""The index of an output folder at the size of a national batch (250 reports): every report listed with
its region and ratings, only shared files linked, and the controls that filter and sort it (driven in a
browser by ``tests/browser/test_index_page.py``)."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

from wreslib.pipeline.index import write_index

REGIONS = ("London", "North West", "North East and Yorkshire", "Midlands", "East of England", "South East",
           "South West")
RAGS = ("red", "amber", "green", "grey")


def _folder(out: Path, count: int = 250) -> dict[str, dict]:
    """``count`` report folders as a batch leaves them (manifest and files; the private folder too)."""
    rng = random.Random(250)
    made = {}
    for i in range(1, count + 1):
        code = f"ZS{i:03d}"
        folder = out / code / "2024"
        (folder / "private").mkdir(parents=True)
        ratings = {str(n): rng.choice(RAGS) for n in range(1, 10)}
        manifest = {"kind": "report", "org_code": code, "org_name": f"Fictional ICB {i}", "org_type": "ICB",
                    "region": REGIONS[i % len(REGIONS)], "year": 2024, "synthetic": True, "ratings": ratings,
                    "files": ["report.html", "indicators.csv", "indicators.xlsx", "manifest.json"]}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        for name in ("report.html", "indicators.csv", "indicators.xlsx", "private/report.ipynb"):
            (folder / name).write_text("x", encoding="utf-8")
        made[code] = manifest
    (out / "_failed").mkdir()
    (out / "_failed" / "ZS251-2024.json").write_text(json.dumps(
        {"org_code": "ZS251", "year": 2024, "message": "the cell of section 'indicator-6' ran longer than 300 s",
         "kind": "timeout"}), encoding="utf-8")
    return made


def test_the_index_lists_every_report_with_its_region_and_ratings_and_links_only_shared_files(tmp_path):
    made = _folder(tmp_path)
    began = time.perf_counter()
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert time.perf_counter() - began < 5
    rows = re.findall(r'<tr data-region="([^"]*)" data-year="2024" data-ratings="([^"]*)">', page)
    assert len(rows) == 250
    assert set(re.findall(r'<a href="(ZS\d{3})/2024/report.html">', page)) == set(made)
    assert sorted(region for region, _ in rows) == sorted(m["region"] for m in made.values())
    assert sorted(r for _, ratings in rows for r in ratings.split()) == sorted(
        r for m in made.values() for r in m["ratings"].values())
    links = set(re.findall(r'href="([^"#]+)"', page))
    assert all(re.fullmatch(r"ZS\d{3}/2024/(report\.html|indicators\.csv|indicators\.xlsx)", link) for link in links)
    assert "private" not in page
    for control in ('id="f-region"', 'id="f-rating"', 'id="f-text"', 'data-sort="2"', 'data-sort="12"'):
        assert control in page
    assert all(f"<option>{region}</option>" in page for region in REGIONS)
    assert "ZS251 2024" in page and "indicator-6" in page
    assert len(page.encode("utf-8")) < 600_000


def test_the_index_lists_region_pages_and_links_a_pdf_only_where_one_was_made(tmp_path):
    _folder(tmp_path, count=2)
    one = json.loads((tmp_path / "ZS001" / "2024" / "manifest.json").read_text(encoding="utf-8"))
    one["files"].append("report.pdf")
    (tmp_path / "ZS001" / "2024" / "manifest.json").write_text(json.dumps(one), encoding="utf-8")
    for folder, title, files in (("benchmark/2024", "WRES benchmark 2024", ["benchmark.html", "benchmark.pdf"]),
                                 ("benchmark/2024/london", "WRES benchmark 2024: London", ["benchmark.html"]),
                                 ("benchmark/2023", "WRES benchmark 2023", ["benchmark.html"])):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "manifest.json").write_text(json.dumps(
            {"kind": "benchmark", "title": title, "year": int(folder.split("/")[1]), "files": files, "synthetic": True,
             "page_file": "benchmark.html"}), encoding="utf-8")
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert re.findall(r'<li><a href="(benchmark/[^"]+)">', page) == [
        "benchmark/2024/benchmark.html", "benchmark/2024/london/benchmark.html", "benchmark/2023/benchmark.html"]
    assert re.findall(r'href="([^"]+\.pdf)"', page) == ["benchmark/2024/benchmark.pdf", "ZS001/2024/report.pdf"]
    assert "WRES benchmark 2024: London" in page
