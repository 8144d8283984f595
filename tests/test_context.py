"""The legacy report's context (wreslib.legacy.report.context): an action serving several indicators."""

from __future__ import annotations

from wreslib.legacy.report.context import build_context

ACTIONS = ("org_code,year,indicator,status,text,action_id,theme\n"
           "AAA,2024,1;2;4;7,planned,Promote leadership programmes,AP1,Career progression\n"
           "AAA,2024,2,completed,Publish recruitment guidance,I2.1,\n"
           "AAA,2024,,in progress,Refresh the whole plan,,\n"
           "AAA,2023,2,completed,Last year's line,,\n"
           "BBB,2024,2,planned,Beta's line,,\n")


def test_an_action_listing_several_indicators_is_under_each_of_them(make_data):
    ctx = build_context(make_data(actions=ACTIONS), "AAA", 2024)
    texts = {n: [a["text"] for a in ctx.actions(n)] for n in range(1, 10)}
    assert texts == {1: ["Promote leadership programmes"],
                     2: ["Promote leadership programmes", "Publish recruitment guidance"],
                     3: [], 4: ["Promote leadership programmes"], 5: [], 6: [],
                     7: ["Promote leadership programmes"], 8: [], 9: []}
    plan = ctx.actions()
    assert [(a["indicators"], a["action_id"], a["theme"]) for a in plan] == [
        ((1, 2, 4, 7), "AP1", "Career progression"), ((2,), "I2.1", None), ((), None, None)]


def test_the_action_plan_names_every_indicator_an_action_serves(make_data):
    from wreslib.legacy.report import present

    html = str(present.action_plan(build_context(make_data(actions=ACTIONS), "AAA", 2024)))
    assert "Indicators 1, 2, 4 and 7" in html and "Indicator 2<" in html and "All indicators" in html
    assert html.count("Promote leadership programmes") == 1
    assert "Beta" not in html and "Last year" not in html
