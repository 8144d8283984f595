"""Every count of people a report can show, and how they relate, registered for disclosure control.

The report shows the workforce by group, the bands and ranges of indicator 1, the counts behind each
relative likelihood, and figures named in data-quality warnings. Each count is registered once under its
key (:mod:`wreslib.measures.keys`), with the relations a reader could use to work a hidden count out:

- each total and its parts (the workforce by group; each band range by group; the ranges and the staff
  not in any range adding up to the workforce; the staff groups adding up to all staff groups; the
  applicants or staff of an event table by group);
- each relative likelihood the report prints, with its four counts.

:meth:`wreslib.present.disclosure.Disclosure.solve` then decides what is hidden, and every table,
sentence, chart and export of the report asks that one decision. Board membership and NHS Staff Survey
figures are registered as public (shown whatever their size).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wreslib.measures import keys
from wreslib.measures.families import BME, WHITE
from wreslib.measures.likelihood import SOURCES
from wreslib.measures.results import OK
from wreslib.present.disclosure import Disclosure

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wreslib.measures.results import IndicatorSet

UNKNOWN = "Unknown"
SHOWN_EVENT_TABLES = ("recruitment", "disciplinary", "training")
GROUPS = (WHITE, BME, UNKNOWN)
#: The band key of the staff outside every range and grade shown (derived, never displayed).
OTHER_BANDS = "other bands"


def likelihood_keys(number: int, year: int) -> dict[str, tuple[keys.Key, keys.Key]]:
    """(cases key, denominator key) of each group for indicator 2, 3 or 4 in one year."""
    table, cases, denominator = SOURCES[number]
    out = {}
    for group in GROUPS:
        total = keys.event(table, year, denominator, group) if denominator else keys.workforce(year, group)
        out[group] = (keys.event(table, year, cases, group), total)
    return out


def range_key(year: int, group: str, staff_group: str, label: str) -> keys.Key:
    return keys.workforce(year, group, staff_group=staff_group, band=label)


def compared_key(year: int, group: str, staff_group: str) -> keys.Key:
    """Staff of one group in both categories a staff group's senior-band likelihood compares (derived)."""
    return keys.workforce(year, group, staff_group=staff_group, band="compared")


def _workforce(d: Disclosure, s: IndicatorSet) -> None:
    w = s.workforce
    if w.overall is None:
        return
    year = s.year
    for group, value in zip(GROUPS, (w.overall.white, w.overall.bme, w.overall.unknown), strict=True):
        d.count(keys.workforce(year, group), value)
    d.count(keys.workforce(year), w.overall.total)
    d.total(keys.workforce(year), [keys.workforce(year, g) for g in GROUPS])
    by_label: dict[str, list[str]] = {}
    for c in w.by_published_range:
        staff_group = c.staff_group or "all"
        for group, value in zip(GROUPS, (c.white, c.bme, c.unknown), strict=True):
            d.count(range_key(year, group, staff_group, c.label), value)
        d.count(range_key(year, "all", staff_group, c.label), c.total)
        d.total(range_key(year, "all", staff_group, c.label),
                [range_key(year, g, staff_group, c.label) for g in GROUPS])
        if staff_group != "all":
            by_label.setdefault(c.label, []).append(staff_group)
    labels = sorted({c.label for c in w.by_published_range if c.staff_group == "all"})
    for label, staff_groups in by_label.items():
        for group in (*GROUPS, "all"):
            d.total(range_key(year, group, "all", label), [range_key(year, group, sg, label) for sg in staff_groups])
    # The workforce is the all-staff ranges plus everyone outside them (derived, never displayed).
    for group, overall in zip(GROUPS, (w.overall.white, w.overall.bme, w.overall.unknown), strict=True):
        in_ranges = sum(d.values.get(range_key(year, group, "all", label), 0) for label in labels)
        rest = keys.workforce(year, group, band=OTHER_BANDS)
        d.count(rest, overall - in_ranges)
        d.total(keys.workforce(year, group), [*(range_key(year, group, "all", label) for label in labels), rest])
    for g in w.groups:
        m = g.likelihood
        for group, cases, total in ((WHITE, m.a_cases, m.a_total), (BME, m.b_cases, m.b_total)):
            d.count(compared_key(year, group, g.staff_group), total)
            d.total(compared_key(year, group, g.staff_group),
                    [range_key(year, group, g.staff_group, g.senior), range_key(year, group, g.staff_group, g.lower)])
            d.count(range_key(year, group, g.staff_group, g.senior), cases)
        if m.status == OK:
            d.ratio(range_key(year, WHITE, g.staff_group, g.senior), compared_key(year, WHITE, g.staff_group),
                    range_key(year, BME, g.staff_group, g.senior), compared_key(year, BME, g.staff_group))


def _likelihoods(d: Disclosure, s: IndicatorSet) -> None:
    for r in s.likelihoods:
        m = r.likelihood
        if m is None:
            continue
        named = likelihood_keys(r.number, s.year)
        counts = {m.a_label: (m.a_cases, m.a_total), m.b_label: (m.b_cases, m.b_total),
                  UNKNOWN: (r.unknown_cases, r.unknown_total)}
        for group, (cases, total) in counts.items():
            d.count(named[group][0], cases)
            d.count(named[group][1], total)
        if m.status == OK:
            d.ratio(named[m.a_label][0], named[m.a_label][1], named[m.b_label][0], named[m.b_label][1])


def _public(d: Disclosure, s: IndicatorSet) -> None:
    for membership in (s.board.voting, s.board.executive):
        if membership.board is None:
            continue
        b = membership.board
        for group, value in zip(GROUPS, (b.white, b.bme, b.unknown), strict=True):
            d.count(keys.board(s.year, membership.membership, group), value, exempt=True)
        d.count(keys.board(s.year, membership.membership), b.total, exempt=True)
    for r in s.surveys:
        for group, share in ((WHITE, r.white), (BME, r.bme)):
            if share is not None and share.respondents is not None and r.survey_year is not None:
                d.count(keys.survey(r.survey_year, r.number, group, "respondents"), share.respondents, exempt=True)


def _warnings(d: Disclosure, s: IndicatorSet) -> None:
    """Figures named in warnings; a total a warning names (all shortlisted applicants, say) is shown there, so
    it joins the relation with its parts."""
    for w in s.warnings:
        for figure in getattr(w, "figures", {}).values():
            if figure.key not in d.values:
                d.count(figure.key, figure.value, exempt=keys.is_public(figure.key))
            if figure.key[0] in SHOWN_EVENT_TABLES and figure.key[-1] == keys.ALL:
                d.total(figure.key, [(*figure.key[:-1], g) for g in GROUPS])


def register(sets: Sequence[IndicatorSet], threshold: int) -> Disclosure:
    """The report's disclosure decision: every count its years' results can show, registered and solved."""
    d = Disclosure(threshold)
    for s in sets:
        _workforce(d, s)
        _likelihoods(d, s)
        _public(d, s)
    for s in sets:
        _warnings(d, s)
    d.solve()
    return d
