"""Tests for wreslib.legacy.report.charts.

Expected values come from independent sources: the figures printed in the BLMK ICB WRES report 2024
(``/work/shared/reference/blmk-wres-report-2024.txt``: indicator 2 at 2.31, 2.19 and 3.44; the survey
tables; the band and board tables), hand calculations written out here (Katz's interval, shares of
a headcount), and the matplotlib objects read back from the figure, never the module's own strings.
"""

from __future__ import annotations

import base64
import dataclasses
import math
import re
import subprocess
import sys
from math import exp, sqrt
from pathlib import Path
from statistics import NormalDist

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex, to_rgba
from matplotlib.text import Text

from wreslib.data.read import read_data
from wreslib.legacy.measures.indicators import compute_indicators
from wreslib.legacy.measures.results import (
    BoardMeasure,
    GroupCounts,
    IndicatorSet,
    RelativeLikelihoodIndicator,
    SurveyIndicator,
)
from wreslib.legacy.measures.stats import relative_likelihood
from wreslib.legacy.report import charts
from wreslib.legacy.report.charts import (
    Chart,
    board_chart,
    relative_likelihood_chart,
    render,
    report_charts,
    representation_trend_chart,
    survey_chart,
    to_html,
    workforce_composition_chart,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "example"
Z95 = NormalDist().inv_cdf(0.975)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def sets() -> list[IndicatorSet]:
    data = read_data(EXAMPLE)
    return [compute_indicators(data, "QHG", year) for year in (2022, 2023, 2024)]


# --------------------------------------------------------------------------------------------------
# Helpers: independent references and reading the figure back
# --------------------------------------------------------------------------------------------------


def katz(a: int, n_a: int, b: int, n_b: int) -> tuple[float, float]:
    """Katz et al. (1978) written out: RR * exp(-/+ z * sqrt(1/a - 1/n_a + 1/b - 1/n_b))."""
    rr = (a / n_a) / (b / n_b)
    se = sqrt(1 / a - 1 / n_a + 1 / b - 1 / n_b)
    return rr * exp(-Z95 * se), rr * exp(Z95 * se)


def axes(chart: Chart):
    """The chart's one plotting axes."""
    (ax,) = chart.figure.axes
    return ax


def by_gid(items, gid: str) -> list:
    return [item for item in items if item.get_gid() == gid]


def drawn_texts(chart: Chart) -> list[str]:
    """Every string drawn in the figure (titles, tick labels, legend, annotations, notes)."""
    chart.figure.canvas.draw()
    return [t.get_text() for t in chart.figure.findobj(Text) if t.get_visible() and t.get_text()]


def all_text(chart: Chart) -> str:
    return "\n".join(drawn_texts(chart))


def rl_points(chart: Chart) -> list[tuple[float, float]]:
    (points,) = by_gid(axes(chart).collections, "rl-points")
    return [tuple(map(float, xy)) for xy in points.get_offsets()]


def ci_segments(chart: Chart) -> dict[float, tuple[float, float]]:
    (bars,) = by_gid(axes(chart).collections, "rl-ci")
    return {float(seg[0][0]): (float(min(seg[:, 1])), float(max(seg[:, 1]))) for seg in bars.get_segments()}


def with_indicator(result: IndicatorSet, number: int, indicator: object, **changes) -> IndicatorSet:
    indicators = dict(result.indicators)
    indicators[number] = indicator
    return dataclasses.replace(result, indicators=indicators, **changes)


def rl_indicator(number: int, a: int, n_a: int, b: int, n_b: int, a_label="White", b_label="BME"):
    m = relative_likelihood(a, n_a, b, n_b, a_label=a_label, b_label=b_label)
    return RelativeLikelihoodIndicator(number, m.status, m.reason, m)


# --------------------------------------------------------------------------------------------------
# Indicators 2-4: the relative-likelihood chart
# --------------------------------------------------------------------------------------------------


def test_rl_chart_plots_the_published_indicator_2_values(sets):
    # BLMK ICB WRES report 2024, indicator 2 table: 2.31 (2022), 2.19 (2023), 3.44 (2024).
    chart = relative_likelihood_chart(sets, 2)
    points = rl_points(chart)
    assert [x for x, _ in points] == [0.0, 1.0, 2.0]
    assert [y for _, y in points] == pytest.approx([2.31, 2.19, 3.44], abs=0.005)
    assert [t.get_text() for t in axes(chart).get_xticklabels()] == ["2022", "2023", "2024"]


def test_rl_chart_y_axis_is_log_and_always_shows_half_to_double(sets):
    for number in (2, 3, 4):
        ax = axes(relative_likelihood_chart(sets, number))
        assert ax.get_yscale() == "log"
        low, high = ax.get_ylim()
        assert low <= 0.5 and high >= 2.0


def test_rl_chart_ticks_are_plain_readable_values(sets):
    ax = axes(relative_likelihood_chart(sets, 2))
    ticks = [float(t) for t in ax.get_yticks()]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    for wanted in (0.5, 0.8, 1.0, 1.25, 2.0, 4.0):
        assert wanted in ticks
    assert {"0.5", "0.8", "1", "1.25", "2", "4"} <= set(labels)
    assert not any("^" in label or "e" in label for label in labels)  # no 10^x or 1e+00 labels


def test_non_adverse_band_spans_the_four_fifths_rule(sets):
    chart = relative_likelihood_chart(sets, 2)
    ax = axes(chart)
    (band,) = by_gid(ax.patches, "non-adverse-band")
    # axhspan gives a Rectangle from matplotlib 3.9 and a Polygon before; both hold y in data units.
    ys = [band.get_y(), band.get_y() + band.get_height()] if hasattr(band, "get_height") else band.get_xy()[:, 1]
    assert (min(ys), max(ys)) == pytest.approx((0.80, 1.25))
    assert "non-adverse range (four-fifths rule)" in band.get_label()
    legend_texts = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert any("non-adverse range (four-fifths rule)" in t for t in legend_texts)
    assert any("parity" in t for t in legend_texts)
    (parity,) = by_gid(ax.lines, "parity")
    assert list(parity.get_ydata()) == [1.0, 1.0]


def test_error_bars_are_the_hand_computed_katz_interval(sets):
    # 2024: White 30 of 92 appointed, BME 9 of 95 (report's indicator 2 table).
    low, high = katz(30, 92, 9, 95)
    assert (low, high) == pytest.approx((1.73, 6.85), abs=0.005)
    segments = ci_segments(relative_likelihood_chart(sets, 2))
    assert segments[2.0] == pytest.approx((low, high), rel=1e-9)
    assert segments[0.0] == pytest.approx(katz(43, 185, 17, 169), rel=1e-9)


def test_significant_points_are_filled_and_others_hollow(sets):
    # Indicator 4, 2022: White 116 of 288 vs BME 48 of 96 accessed training; its interval spans 1.
    assert katz(116, 288, 48, 96)[0] < 1 < katz(116, 288, 48, 96)[1]
    assert katz(34, 288, 3, 96)[0] > 1  # 2024: significant
    chart = relative_likelihood_chart(sets, 4)
    (points,) = by_gid(axes(chart).collections, "rl-points")
    faces = [to_hex(c) for c in points.get_facecolors()]
    assert faces[0] == "#ffffff"  # 2022 hollow
    assert faces[2] == "#000000"  # 2024 filled
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert any("hollow" in t and "not significant" in t for t in legend)
    assert any("filled" in t and t.startswith("significant") for t in legend)


def test_rl_alt_text_names_who_is_compared_to_whom_and_every_value(sets):
    alt = relative_likelihood_chart(sets, 2).alt_text
    assert re.search(r"White applicants .* compared to BME applicants", alt)
    for year, value in ((2022, "2.31"), (2023, "2.19"), (2024, "3.44")):
        assert f"{year}: {value}" in alt
    assert "95% CI 1.73 to 6.85" in alt
    # Indicator 3 is the other way round: BME compared to White.
    alt3 = relative_likelihood_chart(sets, 3).alt_text
    assert re.search(r"BME staff .* compared to White staff", alt3)


def test_rl_title_and_axis_label_say_who_is_compared_to_whom(sets):
    chart = relative_likelihood_chart(sets, 2)
    assert re.search(r"White applicants .* compared to BME applicants", chart.title)
    assert "White compared to BME" in axes(chart).get_ylabel()
    assert "log scale" in axes(chart).get_ylabel()


def test_not_calculable_indicator_3_renders_with_a_note(sets):
    # The example has no disciplinary cases in any year (report: "no staff entered the process").
    chart = relative_likelihood_chart(sets, 3)
    assert render(chart).startswith(PNG_MAGIC)
    assert not by_gid(axes(chart).collections, "rl-points")
    text = all_text(chart)
    assert text.count("not calculable") >= 3
    assert "not calculable" in chart.alt_text.lower()
    assert chart.alt_text.count("not calculable") == 3


def test_zero_relative_likelihood_sits_at_the_axis_floor_marked_0(sets):
    # No White applicant appointed: 0/50 vs 5/60 is a relative likelihood of exactly 0.
    odd = [with_indicator(sets[2], 2, rl_indicator(2, 0, 50, 5, 60))]
    chart = relative_likelihood_chart(odd, 2)
    ax = axes(chart)
    (zero,) = by_gid(ax.collections, "rl-zero")
    assert float(zero.get_offsets()[0][1]) == pytest.approx(ax.get_ylim()[0])
    assert "0" in [t.get_text() for t in by_gid(ax.texts, "rl-value")]
    assert "2024: 0" in chart.alt_text
    assert render(chart).startswith(PNG_MAGIC)


def test_no_data_year_is_annotated_and_the_others_drawn(sets):
    missing = RelativeLikelihoodIndicator(2, "no_data", "there is no recruitment.csv in the data folder")
    odd = [sets[0], with_indicator(sets[1], 2, missing), sets[2]]
    chart = relative_likelihood_chart(odd, 2)
    assert [x for x, _ in rl_points(chart)] == [0.0, 2.0]
    assert any(t.get_text().startswith("no data") for t in by_gid(axes(chart).texts, "rl-missing"))
    assert "2023: no data (there is no recruitment.csv in the data folder)" in chart.alt_text
    assert "No data in 2023" in all_text(chart)


def test_sets_are_drawn_oldest_first_whatever_their_order(sets):
    chart = relative_likelihood_chart(list(reversed(sets)), 2)
    assert [y for _, y in rl_points(chart)] == pytest.approx([2.31, 2.19, 3.44], abs=0.005)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(1, 5000), st.integers(1, 5000), st.floats(0, 1), st.floats(0, 1)),
        min_size=1, max_size=4,
    )
)
def test_any_counts_give_a_chart_whose_points_match_the_ratio(sets, rows):
    base = sets[2]
    results = []
    expected = {}
    for k, (n_a, n_b, fa, fb) in enumerate(rows):
        a, b = round(fa * n_a), round(fb * n_b)
        results.append(with_indicator(dataclasses.replace(base, year=2020 + k), 2, rl_indicator(2, a, n_a, b, n_b)))
        if a and b:
            expected[float(k)] = (a / n_a) / (b / n_b)
    chart = relative_likelihood_chart(results, 2)
    chart.figure.canvas.draw()
    ax = axes(chart)
    low, high = ax.get_ylim()
    assert low <= 0.5 and high >= 2.0
    drawn = dict(rl_points(chart)) if expected else {}
    assert drawn == pytest.approx(expected, rel=1e-9)
    for y in drawn.values():
        assert low <= y <= high
    if expected:
        for lo, hi in ci_segments(chart).values():
            assert low <= lo <= hi <= high


# --------------------------------------------------------------------------------------------------
# Indicators 5-8: the survey chart
# --------------------------------------------------------------------------------------------------


def test_survey_chart_plots_the_published_percentages_and_benchmark(sets):
    # Report, indicator 8 table: White 5.2, 4.4, 2.6; BME 10.4, 14.8, 18.75; national average (2023)
    # for ICBs White 5.08, BME 14.5.
    chart = survey_chart(sets, 8)
    ax = axes(chart)
    (white,) = by_gid(ax.lines, "survey-white")
    (bme,) = by_gid(ax.lines, "survey-bme")
    assert list(white.get_ydata()) == pytest.approx([5.2, 4.4, 2.6])
    assert list(bme.get_ydata()) == pytest.approx([10.4, 14.8, 18.75])
    (bench_white,) = by_gid(ax.lines, "benchmark-white")
    (bench_bme,) = by_gid(ax.lines, "benchmark-bme")
    assert list(bench_white.get_ydata()) == pytest.approx([5.08])
    assert list(bench_bme.get_ydata()) == pytest.approx([14.5])
    assert float(bench_white.get_xdata()[0]) > 2.0  # beside the 2023 survey, the latest
    assert ax.get_ylim() == pytest.approx((0, 100))
    assert "Percent of respondents" in ax.get_ylabel()
    assert len(chart.figure.legends[0].get_texts()) == 4


def test_survey_series_differ_by_colour_and_marker(sets):
    ax = axes(survey_chart(sets, 5))
    (white,) = by_gid(ax.lines, "survey-white")
    (bme,) = by_gid(ax.lines, "survey-bme")
    assert to_hex(white.get_color()) == "#0072b2"  # Okabe-Ito blue
    assert to_hex(bme.get_color()) == "#e69f00"  # Okabe-Ito orange
    assert white.get_marker() != bme.get_marker()
    assert white.get_linestyle() != bme.get_linestyle()


def test_survey_chart_stars_significant_gaps(sets):
    # Indicator 7's gap is significant in all three years (the report calls it a disparity each year).
    chart = survey_chart(sets, 7)
    labels = [t.get_text() for t in axes(chart).get_xticklabels()]
    assert all("*" in label for label in labels)
    assert "Fisher's exact test" in all_text(chart)


def test_survey_chart_with_no_data_year_notes_it(sets):
    gone = SurveyIndicator(6, "no_data", "survey.csv has no rows for QHG in survey year 2021", survey_year=2021)
    chart = survey_chart([with_indicator(sets[0], 6, gone), sets[1], sets[2]], 6)
    ax = axes(chart)
    (bme,) = by_gid(ax.lines, "survey-bme")
    ys = list(bme.get_ydata())
    assert math.isnan(ys[0]) and ys[1:] == pytest.approx([18.2, 25.5])
    assert "no data" in all_text(chart)
    assert "2021: no data" in chart.alt_text


# --------------------------------------------------------------------------------------------------
# Indicators 1 and 9
# --------------------------------------------------------------------------------------------------


def test_composition_chart_has_the_whole_workforce_first(sets):
    chart = workforce_composition_chart(sets[2])
    ax = axes(chart)
    bme = sorted(by_gid(ax.patches, "composition-bme"), key=lambda r: r.get_y())
    white = sorted(by_gid(ax.patches, "composition-white"), key=lambda r: r.get_y())
    unknown = sorted(by_gid(ax.patches, "composition-unknown"), key=lambda r: r.get_y())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("Whole workforce")
    # Report: total workforce 400 in 2024, 96 BME, 288 White, 16 not known.
    assert bme[0].get_width() == pytest.approx(100 * 96 / 400)
    assert white[0].get_width() == pytest.approx(100 * 288 / 400)
    assert unknown[0].get_width() == pytest.approx(100 * 16 / 400)
    # Report, clinical Band 8a-VSM 2024: 42 White, 24 BME, 6 not disclosed, 72 in all.
    row = labels.index("Clinical, Band 8a-VSM (n = 72)")
    assert bme[row].get_width() == pytest.approx(100 * 24 / 72)
    for b, w, u in zip(bme, white, unknown, strict=True):
        assert b.get_width() + w.get_width() + u.get_width() == pytest.approx(100)
    assert "Whole workforce (400 staff): BME 24.0%, White 72.0%, Unknown 4.0%" in chart.alt_text
    hatches = {by_gid(ax.patches, g)[0].get_hatch() for g in ("composition-bme", "composition-white",
                                                              "composition-unknown")}
    assert len(hatches) == 3  # told apart by pattern too, not colour alone


def test_composition_chart_without_workforce_data_says_so(sets):
    from wreslib.legacy.measures.results import Indicator1

    gone = Indicator1("no_data", "there is no workforce.csv in the data folder")
    chart = workforce_composition_chart(with_indicator(sets[2], 1, gone))
    assert "no data" in all_text(chart)
    assert "no workforce.csv" in chart.alt_text
    assert render(chart).startswith(PNG_MAGIC)


def test_representation_trend_plots_band_shares(sets):
    # Report band tables, all staff groups: Band 8a-VSM 2024 = (35 + 24) BME of (163 + 72) staff.
    ax = axes(representation_trend_chart(sets))
    (upper,) = by_gid(ax.lines, "trend-band-8a-vsm")
    (workforce,) = by_gid(ax.lines, "trend-workforce")
    assert upper.get_ydata()[2] == pytest.approx(100 * (35 + 24) / (163 + 72))
    # Workforce BME share: 96/398, 99/421, 96/400 (report's indicator 2 "number of staff" row).
    assert list(workforce.get_ydata()) == pytest.approx([100 * 96 / 398, 100 * 99 / 421, 100 * 96 / 400])


def test_board_chart_bars_are_board_and_workforce_bme_shares(sets):
    # Report, 2023/24 board: 2 BME of 13 members (it prints 25%, but 2/13 is 15.4%); workforce 96 of 400.
    chart = board_chart(sets[2])
    ax = axes(chart)
    (board_bar,) = by_gid(ax.patches, "board-bars")
    (workforce_bar,) = by_gid(ax.patches, "workforce-bar")
    assert board_bar.get_height() == pytest.approx(100 * 2 / 13)
    assert workforce_bar.get_height() == pytest.approx(24.0)
    values = [t.get_text() for t in by_gid(ax.texts, "board-value")]
    assert values == ["15.4%", "24.0%"]
    assert "Executive board membership: no data" in all_text(chart)
    assert "executive board members: no data" in chart.alt_text


def test_board_chart_draws_executive_membership_when_given(sets):
    nine = sets[2].indicators[9]
    executive = BoardMeasure("executive", "ok", None, board=GroupCounts("board (executive)", 5, 1, 0),
                             workforce=nine.voting.workforce)
    chart = board_chart(with_indicator(sets[2], 9, dataclasses.replace(nine, executive=executive)))
    heights = [p.get_height() for p in by_gid(axes(chart).patches, "board-bars")]
    assert heights == pytest.approx([100 * 2 / 13, 100 * 1 / 6])
    assert "executive board members 16.7% BME (1 of 6)" in chart.alt_text


# --------------------------------------------------------------------------------------------------
# The display label, escaping, rendering
# --------------------------------------------------------------------------------------------------


def test_bme_label_replaces_bme_in_every_visible_string(sets):
    for chart in report_charts(sets, bme_label="Global Majority"):
        visible = drawn_texts(chart)
        assert not [t for t in visible if "BME" in t], chart.title
        assert "BME" not in chart.title
        assert "BME" not in chart.alt_text
    rl = relative_likelihood_chart(sets, 2, bme_label="Global Majority")
    assert "compared to Global Majority applicants" in rl.title
    assert "White compared to Global Majority" in axes(rl).get_ylabel()
    assert re.search(r"White .* compared to Global Majority", rl.alt_text)


def test_to_html_embeds_a_png_with_alt_text_and_caption(sets):
    chart = relative_likelihood_chart(sets, 2)
    page = to_html(chart)
    assert page.startswith("<figure") and page.endswith("</figure>")
    assert "<img" in page and 'src="data:image/png;base64,' in page
    encoded = re.search(r'base64,([A-Za-z0-9+/=]+)"', page).group(1)
    assert base64.b64decode(encoded).startswith(PNG_MAGIC)
    assert "<figcaption>Indicator 2: relative likelihood of White applicants" in page
    assert 'alt="Chart of the relative likelihood' in page


def test_to_html_escapes_data_derived_text(sets):
    hostile = [dataclasses.replace(s, org_name=f'{SCRIPT} "quoted"') for s in sets]
    for chart in (relative_likelihood_chart(hostile, 2, bme_label=SCRIPT), board_chart(hostile[2], bme_label=SCRIPT)):
        page = to_html(chart)
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        assert '"quoted"' not in page  # a quote would end the alt attribute


def test_dollar_signs_in_names_are_drawn_as_text_not_maths(sets):
    odd = [dataclasses.replace(s, org_name="A $1 and $2 trust") for s in sets]
    chart = relative_likelihood_chart(odd, 2)
    assert render(chart).startswith(PNG_MAGIC)
    assert "A $1 and $2 trust" in chart.alt_text


def test_same_input_gives_identical_bytes(sets):
    first = to_html(relative_likelihood_chart(sets, 4))
    second = to_html(relative_likelihood_chart(sets, 4))
    assert first == second
    png = render(board_chart(sets[2]))
    assert png == render(board_chart(sets[2]))
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    svg_one = render(survey_chart(sets, 6), fmt="svg")
    assert svg_one == render(survey_chart(sets, 6), fmt="svg")
    assert svg_one.lstrip().startswith(b"<?xml")


def test_to_html_svg_and_the_chart_stays_usable(sets):
    chart = board_chart(sets[2])
    page = to_html(chart, fmt="svg")
    assert 'src="data:image/svg+xml;base64,' in page
    assert render(chart).startswith(PNG_MAGIC)  # still drawable after to_html


def test_png_size_follows_dpi_and_the_html_states_it(sets):
    chart = board_chart(sets[2])
    width_in, height_in = chart.figure.get_size_inches()
    png = render(chart, dpi=50)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == pytest.approx(width_in * 50, abs=1) and height == pytest.approx(height_in * 50, abs=1)
    assert f'width="{width}" height="{height}"' in to_html(chart, dpi=50)


def test_a_report_has_at_least_four_distinct_charts(sets):
    made = report_charts(sets)
    assert len(made) >= 4
    assert len({c.title for c in made}) == len(made)
    assert len({render(c, dpi=40) for c in made}) == len(made)
    for chart in made:
        assert chart.title and chart.alt_text
        assert chart.figure.get_suptitle()
        assert axes(chart).get_xlabel() or axes(chart).get_ylabel()


# --------------------------------------------------------------------------------------------------
# Input checks and import weight
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: relative_likelihood_chart(s, 5), "2, 3 or 4"),
        (lambda s: survey_chart(s, 2), "5, 6, 7 or 8"),
        (lambda s: relative_likelihood_chart([], 2), "no results"),
        (lambda s: relative_likelihood_chart([s[0], s[0]], 2), "more than once"),
        (lambda s: relative_likelihood_chart([s[0], dataclasses.replace(s[1], org_code="AAA")], 2), "one organisation"),
        (lambda s: board_chart(s[2], bme_label=" "), "bme_label"),
        (lambda s: to_html(board_chart(s[2]), fmt="jpg"), "fmt"),
        (lambda s: render(board_chart(s[2]), dpi=0), "dpi"),
    ],
)
def test_bad_arguments_raise_value_error(sets, call, message):
    with pytest.raises(ValueError, match=message):
        call(sets)


def test_non_results_raise_type_error(sets):
    with pytest.raises(TypeError, match="IndicatorSet"):
        board_chart({"year": 2024})
    with pytest.raises(TypeError, match="Chart"):
        to_html(sets[0])


def test_import_is_light_and_drawing_never_touches_pyplot():
    code = (
        "import sys\n"
        "import wreslib.legacy.report.charts as c\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at package import'\n"
        "from wreslib.legacy.measures.indicators import compute_indicators\n"
        f"r = compute_indicators({str(EXAMPLE)!r}, 'QHG', 2024)\n"
        "c.to_html(c.board_chart(r))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr


def test_palette_constants_are_okabe_ito():
    assert [to_rgba(c) for c in (charts.WHITE_COLOUR, charts.BME_COLOUR, charts.UNKNOWN_COLOUR,
                                 charts.BENCHMARK_COLOUR)] == [
        to_rgba("#0072B2"), to_rgba("#E69F00"), to_rgba("#999999"), to_rgba("#009E73")]


def test_log_axis_puts_double_and_half_equally_far_from_parity(sets):
    chart = relative_likelihood_chart(sets, 2)
    ax = axes(chart)
    chart.figure.canvas.draw()
    to_pixels = ax.transData.transform
    parity = to_pixels((0, 1.0))[1]
    assert to_pixels((0, 2.0))[1] - parity == pytest.approx(parity - to_pixels((0, 0.5))[1])
