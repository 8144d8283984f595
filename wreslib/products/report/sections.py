"""The sections of an organisation's report, in order, each a :class:`~wreslib.present.blocks.Section`.

Page one is the summary (ratings, plain headlines, what changed, caveats, top actions, the ask of the
board); then the organisation's introduction, its workforce, one section per indicator (table, chart,
what the data says, the organisation's own words, links to its actions), the action plan once, the
conclusion, a glossary, and the appendix (methods, rules, tests, disclosure, data quality, provenance).
Each finding is stated once: page one holds the headline, the indicator section the detail.
"""

from __future__ import annotations

from markupsafe import Markup

from wreslib.measures import families
from wreslib.measures.rating import rule_text
from wreslib.present import html
from wreslib.present.blocks import Fragment, Heading, Items, Prose, Section, section
from wreslib.present.disclosure import rule as disclosure_rule
from wreslib.present.words import GLOSSARY, capital, join, plural
from wreslib.products.report import charts, corrections, narrative, summary, tables
from wreslib.products.report.context import ReportContext


def _voice(ctx: ReportContext, key: str, who: str | None = None) -> Fragment | None:
    said = ctx.said(key)
    if not said:
        return None
    name = who or "The organisation's comment"
    return Fragment(html.render("voice.html.j2", who=name, paragraphs=said))


def _texts(sentences: list) -> tuple[object, ...]:
    return tuple(s.text for s in sentences if s is not None)


def title(ctx: ReportContext) -> Section:
    s = ctx.current
    org = f"{s.org_name} ({s.org_code}, {s.org_type}" + (f", {s.region})" if s.region else ")")
    years = join([str(y) for y in ctx.years])
    lines = [org, f"Workforce at 31 March {ctx.year}; recruitment, disciplinary and training over the twelve months "
                  f"to that date; NHS Staff Survey {ctx.year - 1}. Years compared: {years}."]
    predecessors = ctx.report_info.get("predecessor", {})
    if predecessors:
        lines.append("Figures for " + join([f"{y} are those of {p}" for y, p in sorted(predecessors.items())]) + ".")
    return Section("title", "Title", (Heading(f"Workforce Race Equality Standard report {ctx.year}", "top", 1),
                                      Prose(tuple(lines), css="lead")))


def summary_section(ctx: ReportContext) -> Section:
    blocks: list[object] = [Prose(_texts([summary.ratings_lead(ctx)])), tables.summary_table(ctx)]
    headlines = summary.headlines(ctx)
    if headlines:
        blocks += [Heading("Headlines", "headlines", 3), Items(_texts(headlines), css="findings")]
    blocks += [Heading("What changed", "changes", 3), Prose(_texts(summary.changes(ctx)))]
    caveats = summary.caveats(ctx)
    if caveats:
        blocks.append(Fragment(html.render("callout.html.j2", title="Read the figures with these in mind",
                                           paragraphs=(), items=caveats, label="Caveats")))
    corrected = corrections.summary_lines(ctx)
    if corrected:
        blocks.append(Fragment(html.render("callout.html.j2", title="Corrections to figures published before",
                                           paragraphs=corrected[:1], items=corrected[1:],
                                           label="Corrections to figures published before")))
    top = summary.top_actions(ctx)
    if top:
        blocks += [Heading("Top actions", "top-actions", 3),
                   Items(tuple(Markup('{} ({}): {} <a href="#action-plan">Action plan</a>').format(
                       a.action_id, a.status, a.text) for a in top), css="own-words")]
    ask = ctx.report_info.get("board_ask", {}).get(ctx.year)
    approved = ctx.report_info.get("approved_by", {}).get(ctx.year)
    if ask or approved:
        lines = []
        if ask:
            lines.append(ask)
        if approved:
            date = ctx.report_info.get("approval_date", {}).get(ctx.year)
            lines.append(f"Approved by {approved}" + (f" on {date}." if date else "."))
        blocks += [Heading("What the board is asked to do", "board-ask", 3), Prose(tuple(lines))]
    blocks.append(Prose(_texts([summary.tests_statement(ctx)]), css="note"))
    chart = charts.comparisons_chart(ctx)
    if chart is not None:
        blocks.append(chart)
    return section("summary", "Summary", blocks)


def introduction(ctx: ReportContext) -> Section:
    label = ctx.words.label
    text = (f"The NHS Workforce Race Equality Standard (WRES) compares the experience of White staff and staff from "
            f"Black and minority ethnic backgrounds (called {label} in this report) on nine indicators. Every figure, "
            "chart and sentence here is computed from the organisation's data; where a difference is called "
            "statistically significant, a test says so, allowing for the number of tests made.")
    return section("introduction", "About this report", [Prose((text,)), _voice(ctx, "introduction")])


def profile(ctx: ReportContext) -> Section:
    s = ctx.current
    d = ctx.disc
    from wreslib.measures import keys

    total = d.words(keys.workforce(s.year))
    sentences = []
    if total is not None:
        parts = []
        for group, name in ((families.BME, ctx.words.label), (families.WHITE, "White"), ("Unknown", "of unknown "
                                                                                          "ethnicity")):
            count = d.words(keys.workforce(s.year, group))
            share = d.pct(keys.workforce(s.year, group), keys.workforce(s.year))
            if count is not None and share is not None:
                parts.append(f"{count} ({share}) {name}")
            elif count is not None:
                parts.append(f"{count} {name}")
        head = f"At 31 March {s.year}, {s.org_name} employed {total} staff"
        sentences.append(capital(head + (f": {join(parts)}." if parts else ".")))
    blocks: list[object] = [tables.workforce_table(ctx), Prose(tuple(sentences))]
    population = tables.population_table(ctx)
    if population is not None:
        blocks.append(population)
    chart = charts.composition_chart(ctx)
    if chart is not None:
        blocks.append(chart)
    return section("workforce", "Our workforce", blocks)


def _actions_line(ctx: ReportContext, number: int) -> Prose | None:
    ids = [a.action_id for a in ctx.actions_for(number)]
    if not ids:
        return None
    return Prose((Markup('Actions for this indicator: {} (see the <a href="#action-plan">action plan</a>).').format(
        ", ".join(ids)),), css="note")


def indicator(ctx: ReportContext, number: int) -> Section:
    ind = families.indicator(number)
    rating = ctx.current.result(number).rating
    blocks: list[object] = [
        Fragment(Markup("<p>Rating for {}: {}</p>").format(ctx.year, tables.rag_badge(rating.rag)),
                 f"Rating for {ctx.year}: {summary.RAG_WORDS[rating.rag]}"),
    ]
    family = ind.family
    if family == families.WORKFORCE:
        blocks += [tables.staff_groups_table(ctx), tables.bands_table(ctx)]
    elif family == families.LIKELIHOOD:
        blocks += [tables.likelihood_table(ctx, number), charts.likelihood_chart(ctx, number)]
    elif family == families.SURVEY:
        blocks += [tables.survey_table(ctx, number), charts.survey_chart(ctx, number)]
    else:
        blocks += [tables.board_table(ctx), charts.board_chart(ctx)]
    blocks += [Heading("What the data says", f"says-{number}", 3),
               Items(_texts(narrative.indicator_sentences(ctx, number))),
               _voice(ctx, f"indicator_{number}"), _actions_line(ctx, number)]
    return section(f"indicator-{number}", f"Indicator {number}: {ctx.words(ind.short_title)}", blocks)


def action_plan(ctx: ReportContext) -> Section:
    if not ctx.actions:
        return section("action-plan", "Action plan", [Prose((
            "No action plan was supplied with the data (actions.csv); add the organisation's actions there to "
            "include them.",))])
    blocks: list[object] = []
    for theme, actions in tables.grouped_actions(ctx):
        shared = {field: values.pop() for field in ("outcome", "review")
                  if len(values := {getattr(a, field) for a in actions}) == 1 and next(iter(values))}
        blocks.append(tables.actions_table(ctx, actions, theme or "Actions by indicator", shared=tuple(shared)))
        if shared.get("outcome"):
            outcomes = [line.strip().rstrip(".") for line in shared["outcome"].splitlines() if line.strip()]
            blocks.append(Prose(("Outcomes sought: " + "; ".join(outcomes) + ".",), css="own-words"))
        if shared.get("review"):
            blocks.append(Prose((f"Review: {shared['review']}.",), css="note"))
    return section("action-plan", "Action plan", blocks)


def conclusion(ctx: ReportContext) -> Section:
    blocks: list[object] = [Prose(_texts(summary.conclusion(ctx))), _voice(ctx, "conclusion")]
    contributors = ctx.report_info.get("contributors", {}).get(ctx.year)
    if contributors:
        blocks.append(Prose((f"Contributors: {contributors}.",), css="note"))
    return section("conclusion", "Conclusion", blocks)


def glossary(ctx: ReportContext) -> Section:
    items = [(term, ctx.words(text)) for term, text in GLOSSARY.items()]
    return section("glossary", "Glossary", [Fragment(html.render("definitions.html.j2", items=items,
                                                                 css="glossary"))])


def appendix(ctx: ReportContext) -> Section:
    label_rules = [(("Indicators 1-9" if key == "general" else f"Indicator {key}"), ctx.words(text))
                   for key, text in rule_text().items()]
    methods = (
        "Relative likelihoods (indicators 1 to 4) and survey gaps (5 to 8) each have a 95% confidence interval and a "
        "p-value from one statistic, the score statistic of Miettinen and Nurminen (1985), so the interval excludes "
        "parity exactly when the test is significant before adjustment.",
        "The tests of a year form one family (the staff groups of indicator 1, indicators 2 to 4, the four survey "
        "gaps, the eight year-on-year survey changes and the board); the tests of change since the first report "
        "year form another. Holm's method (1979) adjusts each p-value for the others in its family.",
        "A change of a relative likelihood is tested on the log scale (the ratio of the two years' ratios); a change "
        "of a survey indicator is the change of the gap between BME and White respondents; changes in board "
        "membership are not tested, as a board in two years is largely the same people.",
        "The board is tested by the exact chance that a board of its size, drawn at random at the workforce's BME "
        "share, would have so few BME members.",
        "Differences of percentages are in percentage points. Figures are rounded half up.",
    )
    warnings = []
    d = ctx.disc
    for s in reversed(ctx.sets):
        for w in s.warnings:
            if hasattr(w, "render"):
                text = w.render(lambda f: d.words(f.key), lambda f, whole: d.pct(f.key, whole.key))
                warnings.append(f"{s.year}, {w.file}: {ctx.words(text)}.")
            else:
                warnings.append(f"{s.year}, {w.file}: {ctx.words(w.message)}")
    p = ctx.provenance
    provenance = (
        f"Data: {p.data_name}, checksum {p.data_checksum}; this organisation's own rows: {p.org_checksum}.",
        "Software: " + ", ".join(f"{k} {v}" for k, v in p.software.items()) + ".",
        "Parameters: " + ", ".join(f"{k} = {v}" for k, v in sorted(p.parameters.items())) + ".",
        f"To make this report again: wres report --data DATA --org {ctx.org_code} --year {ctx.year} with data of "
        "the checksum above and these parameters.",
    )
    blocks = [
        Heading("Methods", "methods", 3), Items(tuple(ctx.words(m) for m in methods)),
        Heading("How ratings are given", "rating-rule", 3),
        Fragment(html.render("definitions.html.j2", items=label_rules, css="glossary")),
        Heading("The tests", "tests", 3), tables.tests_table(ctx),
        Heading("Small numbers", "small-numbers", 3), Items(tuple(disclosure_rule(ctx.options.suppress_below))),
        Heading("Data quality", "data-quality", 3),
        Items(tuple(warnings)) if warnings else Prose(("No data-quality warnings were raised.",)),
        Heading("Provenance", "provenance", 3), Items(provenance),
    ]
    figures, failed = corrections.appendix_lines(ctx), corrections.failed_checks(ctx)
    if ctx.audit is not None:
        note = (f"Checked with wres audit: {len(ctx.audit.claims)} printed figures, each against the counts at the "
                "precision printed.")
        if failed:
            note += (f" {capital(plural(failed, 'check'))} of the published tables against each other fail; "
                     "the analyst's audit lists them (they quote counts this report may hide).")
        blocks += [Heading("Figures published before, checked against the counts", "published-checked", 3),
                   Prose((note,), css="note")]
        if figures:
            blocks.append(Items(tuple(figures)))
    return section("appendix", "Appendix: methods, tests, data quality and provenance", blocks)


def all_sections(ctx: ReportContext) -> list[Section]:
    """Every section in order: the main body, then the glossary and the appendix."""
    return [title(ctx), summary_section(ctx), introduction(ctx), profile(ctx),
            *[indicator(ctx, n) for n in families.NUMBERS], action_plan(ctx), conclusion(ctx), glossary(ctx),
            appendix(ctx)]
