"""The example report as a reader opens it in a browser: it renders without errors, passes axe-core's
WCAG 2.2 A/AA and best-practice rules, every chart has a text alternative, and it reads on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_tab(browser, rendered_example):
    tab = browser()
    tab.open(rendered_example / "report.html")
    return tab


def test_the_report_renders_without_console_errors(report_tab, tmp_path):
    assert report_tab.errors() == []
    assert report_tab.js("document.title").startswith("WRES report 2024: NHS Bedfordshire, Luton and Milton Keynes")
    assert report_tab.screenshot(tmp_path / "report.png").stat().st_size > 10_000


def test_the_report_passes_axe_core_wcag_22_aa_and_best_practices(report_tab, axe_source):
    violations = report_tab.axe(axe_source)
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(v["nodes"])
                                       for v in violations)


def test_every_chart_loads_and_says_what_it_shows(report_tab):
    images = report_tab.js("Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])")
    assert len(images) >= 4
    for loaded, alt in images:
        assert loaded and len(alt) > 20, alt


def test_the_report_reads_on_a_phone_without_sideways_scrolling_of_the_page(browser, rendered_example):
    tab = browser()
    tab.open(rendered_example / "report.html", width=375, height=800)
    # Wide tables scroll inside their own box; the page itself never does.
    assert tab.js("document.documentElement.scrollWidth") <= 375 + 1
