"""Every sentence of the benchmark page checked against its statistics, for the demo (national and London's page)
and for 250 synthetic organisations: "significant", "outlier"/"unusual", "worsened", "improved", "beyond the
limits" appear only where the test of exactly that claim says so (:func:`wreslib.products.benchmark.claims.problems`).
"""

from __future__ import annotations

import pytest
from markupsafe import Markup

from wreslib.products.benchmark.claims import (
    BEYOND_95,
    DISPERSION,
    PEER_BEYOND_95,
    SIGNIFICANTLY_ADVERSE,
    WORSENED,
    Claim,
    Counted,
    Sentence,
    Tally,
    problems,
)
from wreslib.products.benchmark.context import Line


def six(flag: str = "above_95") -> tuple[Counted, ...]:
    return tuple(Counted(f"Z{i}", flag=flag) for i in range(6))


def test_the_checker_finds_unsupported_claims():
    adverse = Tally(SIGNIFICANTLY_ADVERSE, 2, (Counted("A", 0.01, "adverse"), Counted("B", 0.2, "adverse")))
    assert problems(Sentence("2 of the 42 ICBs are significantly adverse to BME applicants.", (adverse,)))
    wrong_side = Tally(SIGNIFICANTLY_ADVERSE, 2, (Counted("A", 0.01, "favourable"),))
    assert problems(Sentence("One of the 42 ICBs is significantly adverse to BME applicants.", (wrong_side,)))
    # The count must be stated as the tally has it.
    assert problems(Sentence("7 of the 42 placed lie beyond the 95% limits.", (Tally(BEYOND_95, 2, six()),)))
    assert problems(Sentence("6 lie beyond the 95% limits.", (Tally(BEYOND_95, 2, six("within")),)))
    # "Unusual" and "outlier" belong to the peer view only.
    assert problems(Sentence("6 ICBs are unusual among ICBs.", (Tally(BEYOND_95, 2, six()),)))
    assert problems(Sentence("ZS004 is an outlier."))
    assert not problems(Sentence("6 lie beyond its 95% limits: unusual among ICBs.",
                                 (Tally(PEER_BEYOND_95, 2, six()),)))
    # A change word needs a test of change that gives it.
    assert problems(Sentence("One ICB worsened.", (Tally(WORSENED, 2, (Counted("A", 0.2, verdict="worsened"),)),)))
    assert problems(Sentence("It has worsened beyond what chance would give.",
                             (Claim("trend", 2, p_adjusted=0.3, verdict="worsened"),)))
    # Spread claims follow the dispersion test.
    assert problems(Sentence("They differ more than chance allows.", (Claim(DISPERSION, 2, value=0),)))
    assert problems(Sentence("They differ no more than chance allows.", (Claim(DISPERSION, 2, value=1),)))
    # Who is compared to whom.
    assert problems(Sentence("White applicants were 1.34 times as likely to be appointed."))
    assert problems(Sentence("The BME figure is 3.0 percentage points higher.", (Claim("gap", 5, value=-3.0),)))
    assert not problems(Sentence("None of the 42 ICBs is significantly adverse to BME staff.",
                                 (Tally(SIGNIFICANTLY_ADVERSE, 3, ()),)))


def check(page) -> int:
    sentences = page.sentences()
    for sentence in sentences:
        assert problems(sentence) == [], str(sentence)
    return len(sentences)


def test_every_sentence_of_the_demo_pages_is_supported(demo_page, london_page):
    assert check(demo_page) > 40
    assert check(london_page) > 40


def test_the_page_says_exactly_these_sentences(demo_page, demo_html):
    text = " ".join(Markup(demo_html).striptags().split())
    for sentence in demo_page.sentences():
        plain = Markup(sentence.text).striptags() if isinstance(sentence.text, Markup) else str(sentence.text)
        assert " ".join(Markup.escape(plain).striptags().split()) in text or " ".join(plain.split()) in text, plain


def test_tallies_agree_with_the_benchmark(demo_page):
    ctx = demo_page.ctx
    from wreslib.products.benchmark import narrative

    for line in ctx.lines:
        tallies = [t for s in narrative.line_sentences(ctx, line) for t in s.claims if isinstance(t, Tally)]
        adverse = next(t for t in tallies if t.what == SIGNIFICANTLY_ADVERSE)
        assert adverse.count == ctx.standing(line).significantly_adverse, line
        if line.ratio:
            beyond = next(t for t in tallies if t.what == BEYOND_95)
            assert beyond.count == ctx.funnel(line).parity.outside_95, line


@pytest.fixture(scope="module")
def pages_250(synth_250):
    from wreslib.data.read import read_data
    from wreslib.products import benchmark

    data = read_data(synth_250)
    return (benchmark.build(data, 2024, data_label="synth"),
            benchmark.build(data, 2024, region="North West", data_label="synth"))


def test_every_sentence_for_250_organisations_is_supported(pages_250):
    national, region = pages_250
    assert national.ctx.name == "the 250 ICBs in this data"
    assert check(national) > 40
    assert check(region) > 40
    # With many organisations the page says "unusual" somewhere, always with its peer tally.
    unusual = [s for s in national.sentences() if "unusual" in str(s.text)]
    assert unusual and all(any(isinstance(c, Tally) and c.what.startswith("peer") for c in s.claims)
                           for s in unusual)
    assert Line(2) in national.ctx.lines


def test_one_organisation_alone_still_reads_plainly():
    # The bundled example holds one ICB, with no disciplinary case at all in 2024: nothing to place, no peers.
    from pathlib import Path

    from wreslib.products import benchmark

    page = benchmark.build(Path(__file__).parents[3] / "data" / "example", 2024, data_label="data/example")
    assert check(page) > 20
    three = page.indicator(3)
    text = three.text()
    assert "No ICB can be placed on this funnel." in text and "of the 0 placed" not in text
    assert "No peer view for the one ICB in this data" in text
    assert not any(b.__class__.__name__ == "Chart" for b in three.blocks)
    assert "<Angle>" not in page.page()
