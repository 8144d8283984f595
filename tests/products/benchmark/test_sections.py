"""The benchmark page's content, rendered in-process (no kernel): the summary first, one screen per indicator with
the whole set, each region and last year, the furthest from parity and the counts against chance; funnels drawn
exactly where each organisation's own test places it; links, rankings, the region page, published figures,
escaping, the display label, accessibility, print and length.

Expected values are worked by hand from the demo's CSV files (read with the csv module) or come from an
independent implementation (statsmodels' score test), never from wreslib's own output.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict

import pytest

from wreslib.products.benchmark.context import Line

REGIONS = ("East of England", "London", "Midlands", "North East and Yorkshire", "North West", "South East",
           "South West")
PARITY_QUESTION = "Does this organisation differ from parity beyond chance?"
PEER_QUESTION = "Is it unusual among organisations like it, allowing for the real spread between them?"
MAX_MAIN_WORDS = 3000  # the aim for the main part ("well under 3,000"; the old page had 10,650)


def words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def visible(html: str) -> str:
    """The text a reader sees (no style sheet, no tags)."""
    from markupsafe import Markup

    return Markup(re.sub(r"<style.*?</style>", " ", html, flags=re.S)).striptags()


def pooled(counts: dict, codes) -> float:
    """(White appointed / White shortlisted) ÷ (BME appointed / BME shortlisted) of summed counts."""
    wa = sum(counts[c]["White"][0] for c in codes)
    ws = sum(counts[c]["White"][1] for c in codes)
    ba = sum(counts[c]["BME"][0] for c in codes)
    bs = sum(counts[c]["BME"][1] for c in codes)
    return (wa / ws) / (ba / bs)


# --- the order of the page ----------------------------------------------------------------------------


def test_the_page_opens_with_the_title_a_contents_list_and_the_summary(demo_page, demo_html):
    anchors = [s.anchor for s in demo_page.sections()]
    assert anchors == ["title", "contents", "summary", *(f"indicator-{n}" for n in range(1, 10)), "rankings",
                       "organisations", "published", "appendix"]
    # The contents list is near the top, before the summary, and every entry leads to a heading of the page.
    assert demo_html.index('id="contents"') < demo_html.index('id="summary"') < demo_html.index('id="indicator-1"')
    targets = re.findall(r'<nav class="contents".*?</nav>', demo_html, re.S)[0]
    for href in re.findall(r'href="#([^"]+)"', targets):
        assert f'id="{href}"' in demo_html, href
    assert len(re.findall(r'href="#', targets)) == 14


def test_the_set_is_named_for_what_the_data_holds(demo_page, demo_html):
    text = visible(demo_html)
    assert "The 42 ICBs in this data" in demo_page.title().text()
    assert "This page compares the 42 ICBs in this data on the nine WRES indicators in 2024" in text
    # Not "England": the data does not say it holds every organisation (a region and NHS England aside).
    assert "England" not in text.replace("East of England", "").replace("NHS England", "")


def test_the_summary_gives_every_indicator_its_figure_change_and_two_counts(demo_page, recruitment):
    block = demo_page.summary().blocks[2]  # heading, lead, table
    frame = block.frame
    assert list(frame.columns) == ["Indicator", "2024 (95% CI)", "2023", "Change (95% CI)",
                                   "ICBs adverse by own adjusted test (of 42)",
                                   "Outside 95% parity limits (chance alone)", "ICBs worsened/improved"]
    assert len(frame) == 10  # indicator 1 for two staff groups, 2 to 8, and 9
    row = frame.iloc[2]
    # By hand from recruitment.csv: the 42 ICBs' summed appointed ÷ shortlisted, White against BME.
    assert row["2024 (95% CI)"].startswith(f"{pooled(recruitment[2024], recruitment[2024]):.2f} (")
    assert row["2023"] == f"{pooled(recruitment[2023], recruitment[2023]):.2f}"
    assert re.fullmatch(r"×\d\.\d\d \(\d\.\d\d to \d\.\d\d\)", row["Change (95% CI)"])


# --- one screen per indicator -------------------------------------------------------------------------


def test_each_screen_shows_the_set_each_region_and_last_year_with_the_change_and_its_interval(
        demo_page, recruitment, regions):
    section = demo_page.indicator(2)
    table = next(b for b in section.blocks if hasattr(b, "frame"))
    frame = table.frame
    assert list(frame["Organisations"]) == ["The 42 ICBs in this data", *REGIONS]
    assert list(frame.columns) == ["Organisations", "2024", "2023", "Change (95% CI)"]
    year_now, year_before = recruitment[2024], recruitment[2023]
    for region in REGIONS:
        codes_now = [c for c in year_now if regions[c] == region]
        codes_before = [c for c in year_before if regions[c] == region]
        row = frame[frame["Organisations"] == region].iloc[0]
        assert row["2024"] == f"{pooled(year_now, codes_now):.2f}", region
        assert row["2023"] == f"{pooled(year_before, codes_before):.2f}", region
        assert re.match(r"×\d+\.\d+ \(\d+\.\d+ to \d+\.\d+\)", row["Change (95% CI)"]), region


def test_a_change_is_marked_only_where_its_test_says_so(demo_page):
    frame = next(b for b in demo_page.indicator(2).blocks if hasattr(b, "frame")).frame
    marks = {r["Organisations"]: r["Change (95% CI)"].split(", ")[-1] for _, r in frame.iterrows()
             if ", " in r["Change (95% CI)"]}
    rows = {g: demo_page.ctx.change_row("region", g, Line(2)) for g in REGIONS}
    expected = {g: r["verdict"] for g, r in rows.items() if r["verdict"] in ("worsened", "improved", "reversed")}
    assert marks == expected
    for region in expected:
        assert rows[region]["p_adjusted"] < 0.05, region


def test_the_three_furthest_from_parity_are_named_and_linked(demo_page, recruitment):
    # By hand: each ICB's relative likelihood from its counts; one with no BME appointment is unbounded, infinitely
    # far from parity on the log scale, so it comes first.
    distance = {}
    for code, c in recruitment[2024].items():
        (wa, ws), (ba, bs) = c["White"], c["BME"]
        if wa == 0 and ba == 0:
            continue
        distance[code] = math.inf if wa == 0 or ba == 0 else abs(math.log((wa / ws) / (ba / bs)))
    expected = sorted(distance, key=lambda k: (-distance[k], k))[:3]
    text = next(str(s) for s in demo_page.indicator(2).blocks[1].items if str(s).startswith("Furthest"))
    found = re.findall(r'href="\.\./\.\./(ZS\d{3})/2024/report\.html"', text)
    assert found == expected
    assert "(unbounded)" in text or "(0)" in text


def test_counts_significantly_adverse_are_those_of_each_organisations_own_report(demo_page, demo_data):
    from wreslib.measures.compute import compute_indicators

    adverse = 0
    for code in demo_data.org_codes:
        m = compute_indicators(demo_data, code, 2024).likelihood(2).likelihood
        if m is not None and m.p_adjusted is not None and m.p_adjusted < 0.05 and m.position == "above":
            adverse += 1
    text = demo_page.indicator(2).text()
    assert f"{adverse} of the 42 ICBs are significantly adverse to BME applicants by their own report's adjusted " \
           "test" in text


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")  # statsmodels' ratio of a zero group
def test_outside_the_parity_limits_counts_each_organisations_own_score_test(demo_page, recruitment):
    from statsmodels.stats.proportion import test_proportions_2indep

    outside = placed = 0
    for c in recruitment[2024].values():
        (wa, ws), (ba, bs) = c["White"], c["BME"]
        if wa + ba == 0:
            continue
        placed += 1
        p = test_proportions_2indep(wa, ws, ba, bs, value=1, method="score", compare="ratio").pvalue
        outside += p < 0.05
    text = demo_page.indicator(2).text()
    said = re.search(r"(\d+) of the (\d+) placed lie beyond the 95% limits around parity, where chance alone would "
                     r"put about (\d+\.\d)", text)
    assert said, text
    assert (int(said.group(1)), int(said.group(2))) == (outside, placed)
    # About 1 in 20 of the placed organisations by chance alone (a simulation, so not exactly 5%).
    assert 0.03 * placed < float(said.group(3)) < 0.07 * placed


def test_the_parity_funnel_draws_each_point_where_its_own_test_places_it(demo_page, recruitment):
    from wreslib.products.benchmark.charts import funnel_chart

    # ZS001 by hand: 51 of 265 White and 13 of 167 BME applicants appointed. At parity the restricted rate is the
    # pooled 64/432; the score statistic (with N/(N−1)) and the standard error of the log ratio give the position.
    (wa, ws), (ba, bs) = recruitment[2024]["ZS001"]["White"], recruitment[2024]["ZS001"]["BME"]
    assert (wa, ws, ba, bs) == (51, 265, 13, 167)
    n = ws + bs
    p = (wa + ba) / n
    z = (wa / ws - ba / bs) / math.sqrt(p * (1 - p) * (1 / ws + 1 / bs) * n / (n - 1))
    s = math.sqrt((1 - p) / (ws * p) + (1 - p) / (bs * p))
    chart = funnel_chart(demo_page.ctx, Line(2))
    ax = chart.figure.axes[0]
    drawn = [tuple(xy) for coll in ax.collections for xy in coll.get_offsets()]
    assert any(x == pytest.approx(1 / s**2, rel=1e-9) and y == pytest.approx(math.exp(z * s), rel=1e-9)
               for x, y in drawn)
    assert ax.get_yscale() == "log" and ax.get_xscale() == "log"
    # Every placed organisation is drawn once at its position (the ring of a zero is drawn on top of its point).
    f = demo_page.ctx.funnel(Line(2))
    rings = [c for c in ax.collections if c.get_label() == "no case in one group"]
    assert len(drawn) - sum(len(c.get_offsets()) for c in rings) == f.parity.placed


def test_zeros_are_placed_and_marked(demo_page, raw):
    from wreslib.products.benchmark.charts import funnel_chart

    # By hand from disciplinary.csv: ICBs where exactly one group had a case in 2024 (a ratio of 0 or unbounded).
    entered: dict = defaultdict(dict)
    for r in raw("disciplinary"):
        if r["year"] == "2024" and r["ethnicity"] in ("White", "BME"):
            entered[r["org_code"]][r["ethnicity"]] = int(r["entered"])
    one_zero = sum(1 for e in entered.values() if (e["White"] == 0) != (e["BME"] == 0))
    assert one_zero > 0
    ax = funnel_chart(demo_page.ctx, Line(3)).figure.axes[0]
    rings = [c for c in ax.collections if c.get_label() == "no case in one group"]
    assert len(rings) == 1 and len(rings[0].get_offsets()) == one_zero
    neither = sum(1 for e in entered.values() if e["White"] == 0 and e["BME"] == 0)
    assert f"Not placed: {neither} ICBs" in demo_page.indicator(3).text()


def test_each_view_says_which_question_it_answers(demo_page):
    two = demo_page.indicator(2)
    headings = [b.text_ for b in two.blocks if hasattr(b, "level") and b.level == 3]
    assert headings == [PARITY_QUESTION, PEER_QUESTION]  # indicator 2 is over-dispersed in the demo
    three = demo_page.indicator(3)
    assert [b.text_ for b in three.blocks if hasattr(b, "level") and b.level == 3] == [PARITY_QUESTION]
    text = two.text()
    assert re.search(r"differ among themselves more than chance allows \(dispersion ratio \d\.\d\d, p < 0\.001\)",
                     text)
    assert re.search(r"no more than chance allows \(dispersion ratio \d\.\d\d, p = 0\.\d{3}\)", three.text())


def test_every_relative_likelihood_says_who_is_compared_to_whom(demo_page):
    for n, who in ((2, "White applicants were 1.34 times as likely as BME applicants"),
                   (3, "BME staff were 1.11 times as likely as White staff"),
                   (4, "White staff were 1.09 times as likely as BME staff")):
        assert who in demo_page.indicator(n).text(), n
    for m in re.finditer(r"times as likely", demo_page.main_text()):
        assert demo_page.main_text()[m.end():m.end() + 4] == " as ", m


def test_differences_of_percentages_are_percentage_points(demo_page):
    text = demo_page.indicator(6).text()
    assert "percentage points higher for BME respondents" in text
    assert not re.search(r"\d% (higher|lower)", demo_page.main_text())


def test_published_figures_sit_beside_ours(demo_page, raw, recruitment):
    published = {(r["year"], r["indicator"]): r["value"] for r in raw("benchmarks")}
    pooled_2024 = pooled(recruitment[2024], recruitment[2024])
    text = demo_page.indicator(2).text()
    assert f"Published by National figures (synthetic) for 2024: {float(published[('2024', '2')]):.2f}, beside " \
           f"{pooled_2024:.2f} here (not tested: the organisations may differ)." in text
    assert f"Published by National figures (synthetic) for 2024: {float(published[('2024', '9')]):.1f}%, beside" in \
           demo_page.indicator(9).text()
    frame = demo_page.published().blocks[1].frame
    assert len(frame) == len(published)


# --- rankings, links and movement ---------------------------------------------------------------------


def test_every_indicator_is_ranked_with_indicator_1_by_staff_group(demo_page):
    section = demo_page.rankings()
    tables = [b for b in section.blocks if hasattr(b, "frame")]
    assert len(tables) == 10  # indicator 1 for two staff groups, 2 to 8, and 9
    assert all(len(t.frame) == 42 for t in tables)
    titles = [b.text_ for b in section.blocks if hasattr(b, "level") and b.level == 3]
    assert titles[:2] == ["Indicator 1, non-clinical staff", "Indicator 1, clinical staff"]


def test_survey_indicators_are_ranked_by_the_gap(demo_page, raw):
    pct: dict = defaultdict(dict)
    for r in raw("survey"):
        if r["survey_year"] == "2023" and r["indicator"] == "6":
            pct[r["org_code"]][r["ethnicity"]] = float(r["percent"])
    gaps = {c: p["BME"] - p["White"] for c, p in pct.items()}
    table = [b for b in demo_page.rankings().blocks if hasattr(b, "frame")][6]  # 1 (two staff groups), 2 … 5, 6
    assert "Gap, pp (95% CI)" in table.frame.columns
    # Indicator 6 (abuse from staff): a higher BME figure is adverse, so the largest gap ranks first.
    top = table.frame.iloc[0]
    assert f"/{max(gaps, key=gaps.get)}/2024/report.html" in str(top["Organisation"])
    assert top["Rank"] == "1" and top["Gap, pp (95% CI)"].startswith(f"+{max(gaps.values()):.1f} pp (")


def test_boards_are_ranked_by_seats_short_of_parity(demo_page, raw):
    # By hand: seats short = voting members × the workforce's BME share − BME voting members.
    staff: dict = defaultdict(lambda: defaultdict(int))
    for r in raw("workforce"):
        if r["year"] == "2024":
            staff[r["org_code"]][r["ethnicity"]] += int(r["headcount"])
    board: dict = defaultdict(dict)
    for r in raw("board"):
        if r["year"] == "2024":
            board[r["org_code"]][r["ethnicity"]] = int(r["voting"])
    short = {}
    for code, b in board.items():
        share = staff[code]["BME"] / sum(staff[code].values())
        short[code] = sum(b.values()) * share - b["BME"]
    table = [b for b in demo_page.rankings().blocks if hasattr(b, "frame")][-1]
    assert "Seats short (90% interval)" in table.frame.columns
    assert f"/{max(short, key=short.get)}/2024/report.html" in str(table.frame.iloc[0]["Organisation"])
    assert table.frame.iloc[0]["Seats short (90% interval)"].startswith(f"{max(short.values()):.1f} (")


def test_every_organisation_is_linked_to_its_report_even_before_it_is_made(demo_html, demo_data):
    for code in demo_data.org_codes:
        assert f'href="../../{code}/2024/report.html"' in demo_html, code
    assert "a link opens once that report has been made" in visible(demo_html)


def test_movement_of_every_organisation_and_region_has_intervals(demo_page):
    ranking = [b for b in demo_page.rankings().blocks if hasattr(b, "frame")][2]  # indicator 2
    changes = list(ranking.frame["Change since 2023 (95% CI)"])
    assert sum(bool(re.match(r"×\d+\.\d\d \(\d+\.\d+ to \d+\.\d+\)", c)) for c in changes) == 42
    assert set(ranking.frame["Change tested"]) <= {"within chance", "worsened", "improved", "reversed",
                                                   "not comparable"}


# --- a region's own page ------------------------------------------------------------------------------


def test_the_region_page_sets_the_region_against_the_rest(london_page, london_html, recruitment, regions):
    year = recruitment[2024]
    london = [c for c in year if regions[c] == "London"]
    rest = [c for c in year if regions[c] != "London"]
    mine, theirs = pooled(year, london), pooled(year, rest)
    text = london_page.indicator(2).text()
    assert (f"London's pooled relative likelihood ({mine:.2f}) is {mine / theirs:.2f} times that of the 36 ICBs "
            f"outside London in this data ({theirs:.2f};") in text
    frame = next(b for b in london_page.indicator(2).blocks if hasattr(b, "frame")).frame
    assert list(frame["Organisations"]) == ["London", "Outside London", "The 42 ICBs in this data"]
    assert "WRES benchmark 2024: London" in london_html


def test_the_region_page_ranks_and_links_its_own_organisations(london_page, london_html, regions):
    tables = [b for b in london_page.rankings().blocks if hasattr(b, "frame")]
    own = sorted(c for c, r in regions.items() if r == "London")
    for t in tables:
        codes = sorted(re.search(r"/(ZS\d{3})/", str(o)).group(1) for o in t.frame["Organisation"])
        assert codes == own
    # One folder deeper than the national page: OUT/benchmark/2024/london/.
    assert f'href="../../../{own[0]}/2024/report.html"' in london_html
    assert 'href="../benchmark.html"' in london_html


def test_the_national_page_links_each_regions_page(demo_html):
    for region, folder in (("London", "london"), ("North East and Yorkshire", "north-east-and-yorkshire")):
        assert f'<a href="{folder}/benchmark.html">{region}</a>' in demo_html


# --- sharing rules ------------------------------------------------------------------------------------


def test_a_hostile_organisation_name_is_escaped(demo_html, london_html):
    for page in (demo_html, london_html):
        assert "NHS Ampersand &amp; &lt;Angle&gt; Quay Integrated Care Board (synthetic)" in page
        assert "<Angle>" not in page


def test_the_page_has_no_code_and_no_machine_folders(demo_html, london_html):
    from pathlib import Path

    here = str(Path(__file__).resolve().parents[3])
    for page in (demo_html, london_html):
        for leak in (here, "/home/", "/tmp/", "benchmark.build(", "b.indicator(", "import ", "data_dir",
                     "Traceback"):
            assert leak not in page, leak
        assert re.search(r"Data: data/synthetic, checksum sha256:[0-9a-f]{64}\.", visible(page))


def test_the_display_label_replaces_bme_everywhere(demo_data):
    from wreslib.products import benchmark

    page = benchmark.build(demo_data, 2024, bme_label="Global Majority", trend_years=2)
    text = page.main_text()
    assert "Global Majority applicants" in text
    assert not re.search(r"\bBME\b", text)


def test_every_chart_carries_its_numbers_in_words_and_every_table_a_caption(demo_html):
    images = re.findall(r"<img [^>]*>", demo_html)
    assert len(images) == 6  # indicator 1 (two staff groups), 2 (parity and peer), 3 and 4
    for img in images:
        alt = re.search(r'alt="([^"]*)"', img).group(1)
        assert re.search(r"ZS\d{3} \(\d+\.\d\d\)", alt) and "Within the 95% limits: " in alt, alt[:80]
    tables = re.findall(r"<table\b.*?</table>", demo_html, re.S)
    assert tables and all("<caption>" in t for t in tables)


def test_headings_never_skip_a_level(demo_html):
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", demo_html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_nothing_is_hidden_from_print(demo_html):
    # No collapsed blocks: a printed page holds all a screen does. Each indicator screen starts a printed page.
    assert "<details" not in demo_html
    assert '<body class="benchmark synthetic">' in demo_html
    assert '.benchmark h2[id^="indicator-"]' in demo_html


def test_the_main_part_is_short(demo_page):
    count = len(words(demo_page.main_text()))
    assert count < MAX_MAIN_WORDS, count


def test_the_appendix_explains_the_funnels_and_cites_the_methods(demo_page):
    text = demo_page.appendix().text()
    for needed in ("How to read a funnel plot", PARITY_QUESTION, PEER_QUESTION, "1.96", "3.09", "1 organisation in 20",
                   "summed counts", "Statistics in Medicine 2005;24:1185–1202", "Miettinen", "Holm",
                   "No organisation's counts of people are shown"):
        assert needed in text, needed
