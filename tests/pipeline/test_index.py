"""The index of an output folder at the size of a national batch (250 reports): every report listed with
its region and ratings, only shared files linked, and filtering and sorting that work in a browser without
a server."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import time
from pathlib import Path

import pytest

from wreslib.pipeline.index import write_index

ROOT = Path(__file__).parents[2]
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


def _browser_driver():
    """The headless-Chromium driver of the report's browser test (reused, not copied)."""
    spec = importlib.util.spec_from_file_location("wres_browser_test", ROOT / "tests" / "test_browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_index_of_250_reports_filters_by_region_and_rating_and_sorts_in_a_browser(tmp_path):
    driver = _browser_driver()
    if driver.CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run should have installed Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from urllib.request import urlopen

    made = _folder(tmp_path / "out")
    index = write_index(tmp_path / "out")
    proc, port = driver._browser(tmp_path)
    try:
        targets = json.loads(urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        cdp = driver._Cdp(next(t for t in targets if t.get("type") == "page")["webSocketDebuggerUrl"])
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            cdp.call(domain)
        cdp.call("Page.navigate", url=index.as_uri())
        cdp.wait_for("Page.loadEventFired")

        def run(script: str):
            return cdp.call("Runtime.evaluate", expression=script, returnByValue=True)["result"].get("value")

        visible = ("Array.from(document.querySelectorAll('#reports-table tbody tr'))"
                   ".filter(r => !r.hidden)")
        assert run(f"{visible}.length") == 250
        run("const s = document.getElementById('f-region'); s.value = 'Midlands';"
            "s.dispatchEvent(new Event('input'));")
        assert run(f"{visible}.length") == sum(m["region"] == "Midlands" for m in made.values())
        run("const r = document.getElementById('f-rating'); r.value = 'red'; r.dispatchEvent(new Event('input'));")
        shown = run(f"{visible}.map(r => [r.dataset.region, r.dataset.ratings])")
        assert sorted(shown) == sorted([m["region"], " ".join(m["ratings"].values())] for m in made.values()
                                       if m["region"] == "Midlands" and "red" in m["ratings"].values())
        assert "of 250 reports shown" in run("document.getElementById('f-count').textContent")
        run("for (const id of ['f-region', 'f-rating']) { const e = document.getElementById(id); e.value = '';"
            " e.dispatchEvent(new Event('input')); }"
            "document.querySelector('button[data-sort=\"5\"]').click();")
        column = run(f"{visible}.map(r => r.cells[5].dataset.value)")
        assert column == sorted(column) and len(column) == 250  # indicator 2, red first
        errors = [e for e in cdp.events if e.get("method") == "Runtime.exceptionThrown"
                  or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert errors == []
