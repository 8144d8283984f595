"""The benchmark page's sentences as claims: every word that claims significance, a change, a funnel position
or unusualness carries the statistics that support it, so the words can be checked against the numbers.

The page speaks of single figures (a pooled relative likelihood and its change, a region against the rest),
as the report does, with :class:`~wreslib.products.report.claims.Claim` objects; and of **counts of
organisations** ("6 of the 42 ICBs are significantly adverse …", "18 lie beyond the 95% limits …"), with
a :class:`Tally` that carries each counted organisation's own statistic. :func:`problems` reads a
sentence's words and checks each against its claims:

- "significant(ly)" needs a significance claim with an adjusted p below 0.05, or a tally of organisations
  each significant by its own adjusted test in the direction said ("adverse to", "in favour of");
- "not significant" and "within what chance would give" need a claim that agrees (a test at or above 0.05,
  no test, a change within chance, or a spread no wider than chance);
- "worsened", "improved" and "reversed" need a change test with that verdict and an adjusted p below 0.05,
  or a tally of organisations whose own tests give it;
- "beyond the 95% limits", "beyond the 99.8% limits" need a tally of organisations whose funnel flags are
  beyond that limit; "unusual" and "outlier" need a tally of the peer view (the funnel that allows for the
  real spread between organisations);
- "percentage points higher/lower" needs a gap of that sign; "times as likely" must say "as" whom;
- every tally must state its count, and every counted organisation's statistic must support the tally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from wreslib.benchmark.funnel import OUTSIDE_95, OUTSIDE_998
from wreslib.measures.results import ALPHA
from wreslib.measures.trend import IMPROVED, REVERSED, WORSENED  # a tally of moves counts trend verdicts
from wreslib.present.words import number_word
from wreslib.products.report.claims import (
    GAP,
    NOT_SIGNIFICANT,
    POSITION,
    SIGNIFICANT,
    TREND,
    UNTESTED,
    Claim,
    Sentence,
)

#: What a tally counts.
SIGNIFICANTLY_ADVERSE, SIGNIFICANTLY_FAVOURABLE = "significantly_adverse", "significantly_favourable"
BEYOND_95, BEYOND_998 = "beyond_95", "beyond_998"
PEER_BEYOND_95, PEER_BEYOND_998 = "peer_beyond_95", "peer_beyond_998"
#: A claim about the spread of organisations around their pooled value (``value``: 1 over-dispersed, 0 not).
DISPERSION = "dispersion"
_FUNNEL = {BEYOND_95: OUTSIDE_95, BEYOND_998: OUTSIDE_998, PEER_BEYOND_95: OUTSIDE_95,
           PEER_BEYOND_998: OUTSIDE_998}
_MOVES = (WORSENED, IMPROVED, REVERSED)


@dataclass(frozen=True)
class Counted:
    """One organisation a tally counts, with its own statistic: the adjusted p-value and direction of its
    test, its funnel flag, or the verdict of its test of change."""

    org_code: str
    p_adjusted: float | None = None
    direction: str | None = None
    flag: str | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class Tally:
    """A count of organisations a sentence states (``what``: one of the module's constants), with each
    counted organisation's evidence."""

    what: str
    number: int
    counted: tuple[Counted, ...] = field(default=())

    @property
    def count(self) -> int:
        return len(self.counted)

    def faults(self) -> list[str]:
        """Counted organisations whose own statistic does not support the tally."""
        out = []
        for c in self.counted:
            if self.what in (SIGNIFICANTLY_ADVERSE, SIGNIFICANTLY_FAVOURABLE):
                side = "adverse" if self.what == SIGNIFICANTLY_ADVERSE else "favourable"
                if c.p_adjusted is None or not c.p_adjusted < ALPHA or c.direction != side:
                    out.append(f"{c.org_code} is counted as {self.what} with adjusted p {c.p_adjusted} and "
                               f"direction {c.direction}")
            elif self.what in _FUNNEL:
                if c.flag not in _FUNNEL[self.what]:
                    out.append(f"{c.org_code} is counted as {self.what} with funnel flag {c.flag}")
            elif self.what in _MOVES and (c.verdict != self.what or c.p_adjusted is None
                                          or not c.p_adjusted < ALPHA):
                out.append(f"{c.org_code} is counted as {self.what} with verdict {c.verdict} and adjusted p "
                           f"{c.p_adjusted}")
        return out

    @property
    def supported(self) -> bool:
        return not self.faults()


_NOT_SIG = re.compile(r"\bnot (?:statistically )?significant", re.I)
_SIG = re.compile(r"\b(?:statistically )?significant(?:ly)?\b", re.I)
_CHANCE = re.compile(r"within what chance would give", re.I)
_BEYOND = {
    BEYOND_95: re.compile(r"\bbeyond (?:the|its|their) (?:(?:upper|lower|parity|peer) )*95% limits?", re.I),
    BEYOND_998: re.compile(r"\bbeyond (?:the|its|their) (?:(?:upper|lower|parity|peer) )*99\.8% limits?", re.I),
}
_PEER_WORDS = re.compile(r"\b(?:unusual|outliers?)\b", re.I)


def _text(sentence: Sentence) -> str:
    return Markup(sentence.text).striptags() if isinstance(sentence.text, Markup) else str(sentence.text)


def _states(text: str, count: int) -> bool:
    """Whether the text states the count (as digits, as a word, or "none"/"no" for zero)."""
    words = {str(count), number_word(count)} | ({"none", "no"} if count == 0 else set())
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in words)


def problems(sentence: Sentence) -> list[str]:
    """What in the sentence's words its claims do not support (empty when everything is supported).

    Examples
    --------
    >>> problems(Sentence("6 of the 42 ICBs are significantly adverse to BME applicants.",
    ...                   (Tally(SIGNIFICANTLY_ADVERSE, 2, tuple(Counted(f"Z{i}", 0.01, "adverse")
    ...                                                          for i in range(6))),)))
    []
    >>> two = (Counted("A", flag="within"), Counted("B", flag="above_95"))
    >>> for problem in problems(Sentence("2 ICBs lie beyond the 95% limits.", (Tally(BEYOND_95, 2, two),))):
    ...     print(problem)
    A is counted as beyond_95 with funnel flag within: 2 ICBs lie beyond the 95% limits.
    says beyond a funnel limit without a tally of funnel flags: 2 ICBs lie beyond the 95% limits.
    """
    text = _text(sentence)
    claims = [c for c in sentence.claims if isinstance(c, Claim)]
    tallies = [t for t in sentence.claims if isinstance(t, Tally)]
    found: list[str] = []

    def has(kind: str, test: object = None) -> bool:
        return any(c.kind == kind and (test is None or test(c)) for c in claims)

    def tallied(*what: str) -> bool:
        return any(t.what in what and t.supported for t in tallies)

    for t in tallies:
        found += [f"{fault}: {text}" for fault in t.faults()]
        if not _states(text, t.count):
            found.append(f"does not state the count {t.count} of its tally {t.what}: {text}")
    negatives = len(_NOT_SIG.findall(text)) + len(re.findall(r"\bno (?:statistically )?significant", text, re.I))
    positives = len(_SIG.findall(text)) - negatives
    if positives > 0 and not has(SIGNIFICANT, lambda c: c.p_adjusted is not None and c.p_adjusted < ALPHA) \
            and not tallied(SIGNIFICANTLY_ADVERSE, SIGNIFICANTLY_FAVOURABLE):
        found.append(f"says significant without an adjusted p-value below {ALPHA} or a tally of tests that give it: "
                     f"{text}")
    if has(SIGNIFICANT, lambda c: c.p_adjusted is None or c.p_adjusted >= ALPHA):
        found.append(f"claims significance its statistic does not give: {text}")
    if (negatives or _CHANCE.search(text)) and not (
            has(NOT_SIGNIFICANT, lambda c: c.p_adjusted is None or c.p_adjusted >= ALPHA) or has(UNTESTED)
            or has(TREND, lambda c: c.verdict == "within_chance") or has(DISPERSION, lambda c: c.value == 0)):
        found.append(f"says not significant or within chance without a statistic that agrees: {text}")
    if has(DISPERSION, lambda c: c.value == 1) and re.search(r"no more than chance", text, re.I):
        found.append(f"says the spread is no more than chance for over-dispersed organisations: {text}")
    if re.search(r"\bmore than chance\b", text, re.I) and not re.search(r"no more than chance", text, re.I) \
            and not has(DISPERSION, lambda c: c.value == 1):
        found.append(f"says the spread is more than chance without a dispersion test that gives it: {text}")
    for word in _MOVES:
        if re.search(rf"\b{word}\b", text, re.I) and not has(
                TREND, lambda c, v=word: c.verdict == v and c.p_adjusted is not None and c.p_adjusted < ALPHA) \
                and not tallied(word):
            found.append(f"says {word} without a test of change that gives it: {text}")
    if re.search(r"\badverse to\b", text) and not has(POSITION, lambda c: c.position in ("above", "adverse")) \
            and not tallied(SIGNIFICANTLY_ADVERSE):
        found.append(f"says adverse without a position or tally that is: {text}")
    if re.search(r"\bin favour of\b", text) and not has(
            POSITION, lambda c: c.position in ("below", "not_adverse", "favourable")) \
            and not tallied(SIGNIFICANTLY_FAVOURABLE):
        found.append(f"says in favour without a position or tally that is: {text}")
    for what, pattern in _BEYOND.items():
        if pattern.search(text) and not tallied(what, "peer_" + what):
            found.append(f"says beyond a funnel limit without a tally of funnel flags: {text}")
    if _PEER_WORDS.search(text) and not tallied(PEER_BEYOND_95, PEER_BEYOND_998):
        found.append(f"says unusual or outlier without a tally of the peer view: {text}")
    for c in claims:
        if c.kind == GAP and c.value is not None:
            if re.search(r"points higher\b", text) and not c.value > 0:
                found.append(f"says higher for a difference that is not positive: {text}")
            if re.search(r"points lower\b", text) and not c.value < 0:
                found.append(f"says lower for a difference that is not negative: {text}")
    if re.search(r"times as likely\b", text) and not re.search(r"times as likely as \S", text):
        found.append(f"gives a relative likelihood without saying whom it compares with: {text}")
    return found


__all__ = [
    "BEYOND_95", "BEYOND_998", "DISPERSION", "GAP", "IMPROVED", "NOT_SIGNIFICANT", "PEER_BEYOND_95",
    "PEER_BEYOND_998", "POSITION", "REVERSED", "SIGNIFICANT", "SIGNIFICANTLY_ADVERSE", "SIGNIFICANTLY_FAVOURABLE",
    "TREND", "UNTESTED", "WORSENED", "Claim", "Counted", "Sentence", "Tally", "problems",
]
