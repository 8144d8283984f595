"""Every sentence of the report's narrative checked against its statistic, for thousands of organisations.

Random count sets (many organisations computed together, and hypothesis-chosen edge cases) are rendered
into the report's sentences; :func:`wreslib.products.report.claims.problems` must find nothing: no
"significant" without an adjusted p below 0.05, no "worsened" without a trend test that says so, no
"adverse" or "higher" against the sign of the figure.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wreslib.data.read import read_data
from wreslib.measures.compute import compute, trends
from wreslib.measures.families import NUMBERS
from wreslib.options import ReportOptions
from wreslib.products.report import narrative, summary
from wreslib.products.report.claims import Claim, Sentence, problems
from wreslib.products.report.context import assemble


def sentences_of(ctx) -> list[Sentence]:
    out = [summary.ratings_lead(ctx), *summary.headlines(ctx), *summary.changes(ctx), *summary.conclusion(ctx)]
    for number in NUMBERS:
        out += narrative.indicator_sentences(ctx, number)
    return out


def check_all(folder, report_year=2024) -> int:
    data = read_data(folder)
    comp = compute(data)
    tested = trends(comp, report_year, 3)
    checked = 0
    for code in data.org_codes:
        ctx = assemble(data, comp, code, report_year, ReportOptions(), tested)
        for sentence in sentences_of(ctx):
            assert problems(sentence) == [], (code, str(sentence))
            checked += 1
    return checked


def test_the_checker_finds_unsupported_claims():
    assert problems(Sentence("This is statistically significant.", ()))
    assert problems(Sentence("This is statistically significant.", (Claim("significant", 2, p_adjusted=0.2),)))
    assert problems(Sentence("It has worsened.", (Claim("trend", 2, p_adjusted=0.3, verdict="worsened"),)))
    assert problems(Sentence("This is adverse to BME staff.", (Claim("position", 2, position="below"),)))
    assert problems(Sentence("The BME figure is 3.0 percentage points higher.", (Claim("gap", 5, value=-3.0),)))
    assert problems(Sentence("A rise within what chance would give.", (Claim("not_significant", 2, p_adjusted=0.01),)))
    assert not problems(Sentence("This is statistically significant.", (Claim("significant", 2, p_adjusted=0.01),)))
    assert not problems(Sentence("This is not statistically significant.",
                                 (Claim("not_significant", 2, p_adjusted=0.2),)))


@pytest.mark.slow
def test_three_hundred_random_organisations(tmp_path, builders):
    rng = np.random.default_rng(1)
    orgs = [builders.random_organisation(rng, f"R{i:03d}", small=i % 4 == 0) for i in range(300)]
    checked = check_all(builders.write_folder(tmp_path / "random", orgs))
    assert checked > 6_000


counts = st.integers(0, 60)


@settings(max_examples=25)
@given(st.lists(st.tuples(counts, counts, counts, counts, counts, counts), min_size=6, max_size=6),
       st.integers(0, 2**32 - 1))
def test_hypothesis_chosen_edge_cases(tmp_path_factory, builders, tables, seed):
    # Six organisations whose recruitment and training hypothesis chooses (zeros, 100%, tiny groups).
    rng = np.random.default_rng(seed)
    orgs = []
    for i, (ws, wa, bs, ba, wt, bt) in enumerate(tables):
        org = builders.random_organisation(rng, f"E{i:02d}", small=True)
        for year in org.years:
            org.recruitment[year] = ((ws, min(wa, ws)), (bs, min(ba, bs)), (0, 0))
            white = sum(c[0] for c in org.workforce[year].values())
            bme = sum(c[1] for c in org.workforce[year].values())
            org.training[year] = (min(wt, white), min(bt, bme), None)
        orgs.append(org)
    assert check_all(builders.write_folder(tmp_path_factory.mktemp("edge"), orgs)) > 0
