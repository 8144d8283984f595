"""The funnel plots: deterministic, described in words that carry every figure drawn, with a region's own
organisations picked out on its page (ported from the legacy page's chart tests)."""

from __future__ import annotations

import re

from wreslib.benchmark.funnel import PEER
from wreslib.products.benchmark.charts import funnel_chart
from wreslib.products.benchmark.context import Line


def test_a_funnel_is_the_same_bytes_every_time(demo_page):
    first = funnel_chart(demo_page.ctx, Line(2)).svg()
    second = funnel_chart(demo_page.ctx, Line(2)).svg()
    assert first == second and first.startswith(b"<?xml")


def test_the_alt_text_names_every_organisation_outside_the_limits_with_its_figure(demo_page):
    f = demo_page.ctx.funnel(Line(2))
    alt = funnel_chart(demo_page.ctx, Line(2)).alt
    outside = f.points[f.points["flag"].isin(["above_95", "above_99.8", "below_95", "below_99.8"])]
    for code, value, unbounded in zip(outside["org_code"], outside["value"], outside["unbounded"], strict=True):
        shown = "unbounded" if unbounded else f"{value:.2f}"
        assert f"{code} ({shown})" in alt, code
    within = int((f.points["flag"] == "within").sum())
    assert f"Within the 95% limits: {within} ICBs." in alt
    assert re.search(r"Chance alone would put about \d\.\d beyond the 95% limits", alt)
    assert "limits around parity (1)" in alt


def test_the_peer_view_is_drawn_around_the_peers_pooled_value_and_says_so(demo_page):
    chart = funnel_chart(demo_page.ctx, Line(2), PEER, "ICB")
    ax = chart.figure.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert "peers' pooled value (1.34)" in labels and "parity (1)" in labels
    assert "tau² = 0.097" in chart.caption and "Dispersion ratio 2.75" in chart.alt
    # No peer view where the organisations spread no more than chance (indicator 3 in the demo) is drawn on the page.
    assert not any(b.__class__.__name__ == "Chart" and "peer view" in b.title
                   for b in demo_page.indicator(3).blocks)


def test_a_region_page_picks_out_and_labels_its_own_organisations(london_page, regions):
    chart = funnel_chart(london_page.ctx, Line(2))
    ax = chart.figure.axes[0]
    labelled = sorted(t.get_text() for t in ax.texts)
    assert labelled == sorted(c for c, r in regions.items() if r == "London")
    assert "Organisations in London are drawn larger and labelled" in chart.alt


def test_shape_and_not_colour_alone_tells_where_a_point_lies(demo_page):
    ax = funnel_chart(demo_page.ctx, Line(2)).figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"above the 99.8% limit", "above the 95% limit only", "within the 95% limits", "no case in one group"} \
        <= set(legend)
