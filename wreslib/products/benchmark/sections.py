"""The sections of the benchmark page, in order, each a :class:`~wreslib.present.blocks.Section`.

The page passes the two-minute test of a regional director: the title and a contents list, then the
summary (one table: every indicator's pooled figure, its change, how many organisations are adverse by
their own adjusted test and how many lie outside the funnel's limits against how many chance would put
there), then one screen per indicator (the pooled figure of the whole set, each group and last year, the
tested change, the three furthest from parity, the counts, and for 1 to 4 the funnel plot). The detail
follows the main part: every organisation ranked on every indicator with its interval and movement, the
ratings of every organisation, the published figures beside ours, and an appendix (how to read a funnel,
methods, who is compared, small numbers, glossary, provenance). Nothing is hidden in collapsed blocks, so
the printed page holds everything the screen does.
"""

from __future__ import annotations

from markupsafe import Markup

from wreslib.benchmark.funnel import EXPLANATIONS, PARITY, PEER, QUESTIONS
from wreslib.measures import families
from wreslib.present import html
from wreslib.present.blocks import Fragment, Heading, Items, Prose, Section, section
from wreslib.present.words import GLOSSARY, capital, join
from wreslib.products.benchmark import charts, narrative, summary, tables
from wreslib.products.benchmark.context import PAGE_FILE, BenchmarkContext, Line, slug

#: The sections of the main part (the word count of the two-minute test is theirs); the rest is detail.
MAIN_PART = ("title", "contents", "summary", *(f"indicator-{n}" for n in families.NUMBERS))
FUNNEL_GLOSSARY: dict[str, str] = {
    "Funnel plot": (
        "Each organisation's figure against its precision, with limits that narrow as precision grows: an "
        "organisation outside the limits differs from the target by more than chance would give at its size."),
    "Parity view": QUESTIONS[PARITY] + " Limits around 1 (no difference between the groups).",
    "Peer view": QUESTIONS[PEER] + " Limits around the pooled value of organisations of the same type, widened "
                                   "by the real spread between them.",
    "Dispersion ratio": (
        "How widely organisations spread around their pooled value, against what chance alone would give (1). "
        "Well above 1, tested, means they really differ (over-dispersion)."),
    "Seats short": (
        "The members of the board's ethnic group it would have at its workforce's share, minus those it has."),
}


REFERENCES = (
    "Spiegelhalter DJ. Funnel plots for comparing institutional performance. Statistics in Medicine "
    "2005;24:1185–1202 (funnels; additive random-effects limits).",
    "Spiegelhalter DJ. Handling over-dispersion of performance indicators. Quality and Safety in Health Care "
    "2005;14:347–351.",
    "Miettinen O, Nurminen M. Comparative analysis of two rates. Statistics in Medicine 1985;4:213–226 (the score "
    "interval and test).",
    "Holm S. A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics "
    "1979;6:65–70.",
    "NHS Digital. Summary Hospital-level Mortality Indicator methodology (winsorised over-dispersion).",
    "NHS England. Workforce Race Equality Standard: technical guidance.",
)


def _texts(sentences: list) -> tuple[object, ...]:
    return tuple(s.text for s in sentences if s is not None)


def _focus_heading(ctx: BenchmarkContext) -> str:
    return f"WRES benchmark {ctx.year}" + (f": {ctx.region}" if ctx.region is not None else "")


def title(ctx: BenchmarkContext) -> Section:
    years = join([str(y) for y in ctx.bench.years])
    who = capital(ctx.name) if ctx.region is None else capital(ctx.focus_name) + (
        f", against {ctx.group_name(*ctx.rest)}" if ctx.rest is not None else "")
    lines = [
        f"{who}. Workforce at 31 March {ctx.year}; recruitment, disciplinary and training over the twelve months "
        f"to that date; NHS Staff Survey {families.survey_year_of(ctx.year)}. Years compared: {years}.",
    ]
    note = ("Names link to each organisation's own report in the same output folder; a link opens once that report "
            "has been made (wres batch).")
    notes: list[object] = [note]
    if ctx.region is None and ctx.bench.group_by == "region":
        regions = sorted(set(ctx.organisations["region"]))
        links = Markup("") + "Each region's own page: "
        for i, name in enumerate(regions):
            links += (", " if i else "") + html.render("link.html.j2", href=f"{slug(name)}/{PAGE_FILE}", text=name)
        notes.append(links + ".")
    elif ctx.region is not None:
        notes.append(html.render("link.html.j2", href=f"../{PAGE_FILE}", text=f"The page of {ctx.name}"))
    return Section("title", "Title", (Heading(_focus_heading(ctx), "top", 1), Prose(tuple(lines), css="lead"),
                                      Prose(tuple(notes), css="note")))


def contents(ctx: BenchmarkContext) -> Section:
    items = [("#summary", "Summary")]
    for n in families.NUMBERS:
        items.append((f"#indicator-{n}", f"{n}. {ctx.words(families.indicator(n).short_title)}"))
    items += [("#rankings", _ranked_title(ctx)), ("#organisations", "Ratings of every organisation"),
              ("#published", "Published figures"),
              ("#appendix", "Appendix: methods and provenance")]
    return Section("contents", "Contents", (Fragment(html.render("contents.html.j2", anchor="contents",
                                                                 title="Contents", items=items),
                                                     "Contents: " + "; ".join(t for _, t in items)),))


def summary_section(ctx: BenchmarkContext) -> Section:
    blocks: list[object] = [Prose(_texts(summary.lead(ctx))), tables.summary_table(ctx),
                            Items(_texts(summary.changes(ctx))), Prose((summary.reading_note(ctx).text,), css="note")]
    return section("summary", "Summary", blocks)


def _peer_views(ctx: BenchmarkContext, line: Line) -> list:
    f = ctx.funnel(line)
    if f is None:
        return []
    focus_types = set(ctx.organisations.loc[ctx.organisations["org_code"].isin(ctx.focus), "org_type"])
    return [v for v in f.peers if v.over_dispersed and (v.peer_group in focus_types or v.peer_group == "all")]


def _line_blocks(ctx: BenchmarkContext, line: Line, *, own_heading: bool) -> list[object]:
    blocks: list[object] = []
    if own_heading:
        blocks.append(Heading(f"{capital(narrative.staff_group_name(line.staff_group))} staff", line.anchor, 3))
    blocks.append(Items(_texts(narrative.line_sentences(ctx, line))))
    if not own_heading:
        blocks.append(tables.groups_table(ctx, [line]))
    if line.ratio:
        # Headings never skip a level: the questions sit under the section (h3) or its staff group (h4).
        level = 4 if own_heading else 3
        chart = charts.funnel_chart(ctx, line, PARITY)
        if chart is not None:
            blocks += [Heading(QUESTIONS[PARITY], f"{line.anchor}-parity", level), chart]
        for view in _peer_views(ctx, line):
            chart = charts.funnel_chart(ctx, line, PEER, view.peer_group)
            if chart is not None:
                anchor = f"{line.anchor}-peer-{slug(view.peer_group or 'all')}"
                blocks += [Heading(QUESTIONS[PEER], anchor, level), chart]
    return blocks


def indicator(ctx: BenchmarkContext, number: int) -> Section:
    """One indicator's screen: for each of its lines the sentences, the groups table and the funnels."""
    ind = families.indicator(number)
    lines = ctx.lines_of(number)
    blocks: list[object] = []
    if number == 1:
        scope, group = ("region", ctx.region) if ctx.region is not None else ("all", "all")
        share = narrative.workforce_share_sentence(ctx, scope, group, ctx.group_name(scope, group))
        if share is not None:
            blocks.append(Prose((share.text,)))
    if len(lines) > 1:
        # Indicator 1: the staff groups side by side in one table, then each staff group's words and funnel.
        blocks.append(tables.groups_table(ctx, lines))
    for line in lines:
        blocks += _line_blocks(ctx, line, own_heading=len(lines) > 1)
    blocks.append(Prose((html.render("link.html.j2", href=f"#ranking-{lines[0].anchor}",
                                     text=f"All {ctx.noun} ranked"),), css="note"))
    published = narrative.published_sentences(ctx, number)
    if published:
        blocks.append(Items(_texts(published), css="published"))
    return section(f"indicator-{number}", f"Indicator {number}: {ctx.words(ind.short_title)}", blocks)


def _ranked_title(ctx: BenchmarkContext) -> str:
    return f"{ctx.region}'s organisations ranked" if ctx.region is not None else "Every organisation ranked"


def rankings(ctx: BenchmarkContext) -> Section:
    intro = ("Ranks are uncertain wherever intervals overlap, so read each rank with its interval; tied figures share "
             "the better rank, and organisations without a figure come last, unranked. Indicator 1 is ranked by "
             "staff group, 5 to 8 by the gap, 9 by seats short of the workforce's share. The change since the year "
             "before is each organisation's own test, adjusted for its other changes.")
    blocks: list[object] = [Prose((intro,), css="note")]
    for line in ctx.lines:
        blocks.append(Heading(narrative.line_title(ctx, line), f"ranking-{line.anchor}", 3))
        moved = narrative.movement_sentence(ctx, line)
        if moved is not None:
            blocks.append(Prose((moved.text,)))
        blocks.append(tables.ranking_table(ctx, line))
    return section("rankings", _ranked_title(ctx), blocks)


def organisations(ctx: BenchmarkContext) -> Section:
    return section("organisations", "Ratings of every organisation", [
        Prose(("Each organisation's red, amber or green rating per indicator, as its own report gives it, with a "
               "link to that report.",), css="note"), tables.ratings_table(ctx)])


def published(ctx: BenchmarkContext) -> Section:
    block = tables.published_table(ctx)
    if block is None:
        return section("published", "Published figures beside ours", [Prose((
            "No published reference figures were supplied with the data (benchmarks.csv).",))])
    return section("published", "Published figures beside ours", [block])


def appendix(ctx: BenchmarkContext) -> Section:
    f_questions = (
        f"The parity view asks: {QUESTIONS[PARITY]} {EXPLANATIONS[PARITY]}",
        f"The peer view asks: {QUESTIONS[PEER]} It is drawn where organisations of one type spread around their "
        "pooled value more than chance allows (the dispersion ratio, tested against chi-squared after winsorising "
        "the z-scores at 10% and 90%, as the SHMI does); its limits are widened by Spiegelhalter's additive random "
        "effects, tau². An organisation outside them is unusual even among its peers; one within them may still "
        "differ from parity.",
        "The horizontal axis is each organisation's own precision: 1 ÷ the squared standard error of its log "
        "relative likelihood, from its own group sizes and rate. The vertical axis is a log scale, so 2 and 0.5 are "
        "equally far from parity.",
        "Each point sits exactly where its own score test places it. An organisation with no case in one group "
        "(a ratio of 0, or unbounded) is placed too, ringed by a square; one with no case in either group, or "
        "where everyone in both groups was a case, is not placed, and the screen says why.",
        "About 1 organisation in 20 lies outside the 95% limits by chance alone (1.96 standard errors), and 1 in 500 "
        "outside the 99.8% limits (3.09); each screen states how many of its own organisations chance would put "
        "there (a seeded simulation with each organisation's own sizes and rate) beside how many are.",
    )
    methods = (
        "A figure for a set of organisations is pooled from their summed counts, never an average of their ratios, "
        "with the same score interval and test (Miettinen and Nurminen 1985) as each organisation's report.",
        "An organisation's figure, interval, test and rating are those of its own report; a count of organisations "
        "adverse by their own adjusted test uses each report's p-value after Holm's adjustment within that report.",
        "A change since the year before compares like with like (organisations with the figure in both years), "
        "tested as the ratio of two relative likelihoods or the change of a gap, adjusted (Holm) within the "
        "group's year; board changes are described, not tested.",
        "A region against the rest: the ratio of the two pooled relative likelihoods, or the difference of two gaps, "
        "tested as two independent sets of organisations and adjusted within the year.",
        "Ranks: 1 is the most adverse to the staff group compared; ties share the better rank. Seats short of "
        "parity run between the exact one-sided 95% bounds of the board's share (a 90% interval).",
        "Survey figures are shown by WRES year: the 2024 figures are those of the 2023 NHS Staff Survey.",
        "Differences of percentages are in percentage points. Figures are rounded half up.",
    )
    who = [f"Compared: {ctx.name}" + (f"; this page is about {ctx.focus_name}" if ctx.region is not None else "")
           + ". The set is named for what the data holds; it is not a national total unless the data holds every "
           "organisation."]
    for gone in ctx.bench.population.excluded:
        who.append(f"Not compared: {gone.org_code}: {ctx.words(gone.reason)}.")
    small = (
        "No organisation's counts of people are shown: only its published-style figures (relative likelihoods, "
        "survey percentages, board shares) and their intervals. Pooled figures come from the summed counts of many "
        "organisations.",
        "NHS Staff Survey results are published by the survey, which suppresses groups of fewer than 11; board "
        "membership is public office.",
        f"Each organisation's report hides counts from 1 to {ctx.options.suppress_below - 1} (the threshold in "
        "force).",
    )
    glossary = [(term, ctx.words(text)) for term, text in {**GLOSSARY, **FUNNEL_GLOSSARY}.items()]
    p = ctx.provenance
    region = f" --region {ctx.region!r}" if ctx.region is not None else ""
    provenance = (
        f"Data: {p.data_name}, checksum {p.data_checksum}.",
        "Software: " + ", ".join(f"{k} {v}" for k, v in p.software.items()) + ".",
        "Parameters: " + ", ".join(f"{k} = {v}" for k, v in sorted(p.parameters.items())) + ".",
        f"To make this page again: wres benchmark --data DATA --year {ctx.year} --group-by {ctx.bench.group_by}"
        f"{region} with data of the checksum above and these parameters. The same figures, with every "
        "organisation's, are in benchmark.csv and benchmark.xlsx beside this page.",
    )
    blocks = [
        Heading("How to read a funnel plot", "reading-funnels", 3), Items(f_questions),
        Heading("Methods", "methods", 3), Items(tuple(ctx.words(m) for m in methods)),
        Heading("Who is compared", "who", 3), Items(tuple(who)),
        Heading("Small numbers", "small-numbers", 3), Items(small),
        Heading("Glossary", "glossary", 3), Fragment(html.render("definitions.html.j2", items=glossary,
                                                                 css="glossary")),
        Heading("Provenance", "provenance", 3), Items(provenance),
        Heading("References", "references", 3), Items(REFERENCES),
    ]
    return section("appendix", "Appendix: how to read this page, methods and provenance", blocks)


def all_sections(ctx: BenchmarkContext) -> list[Section]:
    """Every section in order: the main part, then the detail and the appendix."""
    return [title(ctx), contents(ctx), summary_section(ctx), *[indicator(ctx, n) for n in families.NUMBERS],
            rankings(ctx), organisations(ctx), published(ctx), appendix(ctx)]


__all__ = ["MAIN_PART", "all_sections", "appendix", "contents", "indicator", "organisations", "published",
           "rankings", "summary_section", "title"]
