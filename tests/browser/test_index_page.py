"""The index of a national batch (250 reports) as a reader opens it, without a server: it filters by
region and by rating, sorts by an indicator's rating, passes axe-core's WCAG 2.2 A/AA rules, and links
only the shared files."""

from __future__ import annotations

import json
import random

import pytest

from wreslib.pipeline.index import write_index

pytestmark = pytest.mark.browser
REGIONS = ("London", "North West", "North East and Yorkshire", "Midlands", "East of England", "South East",
           "South West")


@pytest.fixture(scope="module")
def index_tab(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    rng = random.Random(250)
    made = {}
    for i in range(1, 251):
        folder = out / f"ZS{i:03d}" / "2024"
        folder.mkdir(parents=True)
        made[f"ZS{i:03d}"] = manifest = {
            "kind": "report", "org_code": f"ZS{i:03d}", "org_name": f"Fictional ICB {i}", "org_type": "ICB",
            "region": REGIONS[i % len(REGIONS)], "year": 2024, "synthetic": True,
            "ratings": {str(n): rng.choice(("red", "amber", "green", "grey")) for n in range(1, 10)},
            "files": ["report.html", "indicators.csv", "indicators.xlsx", "manifest.json"]}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    tab = browser()
    tab.open(write_index(out))
    return tab, made


VISIBLE = "Array.from(document.querySelectorAll('#reports-table tbody tr')).filter(r => !r.hidden)"


def _choose(tab, control: str, value: str) -> None:
    tab.js(f"(() => {{ const e = document.getElementById('{control}'); e.value = {json.dumps(value)};"
           " e.dispatchEvent(new Event('input')); })()")


def test_the_index_filters_250_reports_by_region_and_rating(index_tab):
    tab, made = index_tab
    assert tab.js(f"{VISIBLE}.length") == 250
    _choose(tab, "f-region", "Midlands")
    assert tab.js(f"{VISIBLE}.length") == sum(m["region"] == "Midlands" for m in made.values())
    _choose(tab, "f-rating", "red")
    shown = tab.js(f"{VISIBLE}.map(r => r.cells[1].textContent)")
    assert sorted(shown) == sorted(code for code, m in made.items()
                                   if m["region"] == "Midlands" and "red" in m["ratings"].values())
    assert tab.js("document.getElementById('f-count').textContent") == f"{len(shown)} of 250 reports shown"
    _choose(tab, "f-region", "")
    _choose(tab, "f-rating", "")
    assert tab.errors() == []


def test_the_index_sorts_by_an_indicators_rating(index_tab):
    tab, made = index_tab
    tab.js("document.querySelector('button[data-sort=\"5\"]').click()")  # indicator 2
    order = {"red": 0, "amber": 1, "green": 2, "grey": 3}
    ranks = tab.js(f"{VISIBLE}.map(r => r.cells[1].textContent)")
    assert [order[made[code]["ratings"]["2"]] for code in ranks] == sorted(order[m["ratings"]["2"]]
                                                                         for m in made.values())


def test_the_index_passes_axe_core_wcag_22_aa_and_best_practices(index_tab, axe_source):
    tab, _ = index_tab
    violations = tab.axe(axe_source)
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(v["nodes"])
                                       for v in violations)
