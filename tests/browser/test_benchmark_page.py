"""The benchmark page (the regional briefing) as a regional director opens it: no errors, axe-core's
WCAG 2.2 A/AA and best-practice rules, charts with text alternatives, readable on a phone, and its
board-pack PDF page by page."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def benchmark_page(tmp_path_factory) -> Path:
    """The page as ``wres benchmark --pdf`` makes it, with its board pack beside it."""
    from wreslib.cli import main

    out = tmp_path_factory.mktemp("bench")
    assert main(["benchmark", "--data", str(ROOT / "data" / "synthetic"), "--year", "2024", "--out", str(out),
                 "--pdf"]) == 0
    return out / "benchmark" / "2024" / "benchmark.html"


@pytest.fixture(scope="module")
def tab(browser, benchmark_page):
    page = browser()
    page.open(benchmark_page)
    return page


def test_the_benchmark_page_renders_without_console_errors(tab):
    assert tab.errors() == []
    assert tab.js("document.title").startswith("WRES benchmark 2024")


def test_the_benchmark_page_passes_axe_core_wcag_22_aa_and_best_practices(tab, axe_source):
    violations = tab.axe(axe_source)
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(v["nodes"])
                                       for v in violations)


def test_every_funnel_plot_loads_and_says_what_it_shows(tab):
    images = tab.js("Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])")
    assert len(images) >= 4
    for loaded, alt in images:
        assert loaded and "95%" in alt, alt


def test_the_benchmark_page_reads_on_a_phone(browser, benchmark_page):
    page = browser()
    page.open(benchmark_page, width=375, height=800)
    assert page.js("document.documentElement.scrollWidth") <= 375 + 1


def test_the_benchmark_board_pack_prints_each_indicator_on_its_own_pages(benchmark_page):
    pdf = benchmark_page.with_name("benchmark.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert "A4" in info and 10 <= pages <= 80
    for i in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Synthetic data" in text and f"Page {i} of {pages}" in text, f"page {i}"


def test_the_board_pack_is_listed_and_a_rerun_keeps_it(benchmark_page, capsys):
    from wreslib.cli import main

    out = benchmark_page.parents[2]
    manifest = json.loads(benchmark_page.with_name("manifest.json").read_text(encoding="utf-8"))
    assert "benchmark.pdf" in manifest["files"]
    assert 'href="benchmark/2024/benchmark.pdf"' in (out / "index.html").read_text(encoding="utf-8")
    made = benchmark_page.with_name("benchmark.pdf").stat().st_mtime_ns
    assert main(["benchmark", "--data", str(ROOT / "data" / "synthetic"), "--year", "2024", "--out", str(out),
                 "--pdf"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert benchmark_page.with_name("benchmark.pdf").stat().st_mtime_ns == made
