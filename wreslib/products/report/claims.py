"""Sentences as claims: every word that claims significance, direction, a trend or a position carries the
statistic that supports it, so the words can be checked against the numbers.

The narrative builds each sentence as a :class:`Sentence`: its text and the :class:`Claim` objects behind
it. :func:`problems` reads a sentence's text for the words that make claims and checks each against a
claim of that kind with its statistic: "statistically significant" needs an adjusted p-value below 0.05;
"not statistically significant" and "within what chance would give" one at or above it (or no test);
"worsened", "improved" and "reversed" a trend test with that verdict; "adverse to" and "in favour of" the
position they state; "higher" and "lower" the sign of the gap. A test renders the narrative for
thousands of random count sets and requires :func:`problems` to find nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from wreslib.measures.results import ALPHA

SIGNIFICANT = "significant"
NOT_SIGNIFICANT = "not_significant"
UNTESTED = "untested"
TREND = "trend"
POSITION = "position"
GAP = "gap"


@dataclass(frozen=True)
class Claim:
    """One claim a sentence makes, with its statistic.

    ``kind`` is one of the module's constants; ``p_adjusted`` the adjusted p-value behind a significance or
    trend claim; ``verdict`` a trend's verdict; ``position`` ``above``/``within``/``below`` for a relative
    likelihood or ``adverse``/``not_adverse`` for a survey gap; ``value`` the figure (a gap's sign).
    """

    kind: str
    number: int
    p_adjusted: float | None = None
    verdict: str | None = None
    position: str | None = None
    value: float | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence (plain text, or markup made by a kit template) and the claims it makes."""

    text: str | Markup
    claims: tuple[Claim, ...] = field(default=())

    def __str__(self) -> str:
        return str(self.text)


_NOT_SIG = re.compile(r"\bnot (?:statistically )?significant", re.I)
_SIG = re.compile(r"\b(?:statistically )?significant(?:ly)?\b", re.I)
_CHANCE = re.compile(r"within what chance would give", re.I)
_TREND = {"worsened": "worsened", "improved": "improved", "reversed": "reversed"}


def _has(claims: tuple[Claim, ...], kind: str, test: object = None) -> bool:
    return any(c.kind == kind and (test is None or test(c)) for c in claims)


def problems(sentence: Sentence) -> list[str]:
    """What in the sentence's words its claims do not support (empty when everything is supported)."""
    text = Markup(sentence.text).striptags() if isinstance(sentence.text, Markup) else str(sentence.text)
    claims = sentence.claims
    found: list[str] = []
    negatives = len(_NOT_SIG.findall(text)) + len(re.findall(r"\bno (?:statistically )?significant", text, re.I))
    positives = len(_SIG.findall(text)) - negatives
    if positives > 0 and not _has(claims, SIGNIFICANT, lambda c: c.p_adjusted is not None and c.p_adjusted < ALPHA):
        found.append(f"says significant without an adjusted p-value below {ALPHA}: {text}")
    if _has(claims, SIGNIFICANT, lambda c: c.p_adjusted is None or c.p_adjusted >= ALPHA):
        found.append(f"claims significance its statistic does not give: {text}")
    agrees = (_has(claims, NOT_SIGNIFICANT, lambda c: c.p_adjusted is None or c.p_adjusted >= ALPHA)
              or _has(claims, UNTESTED) or _has(claims, TREND, lambda c: c.verdict == "within_chance"))
    if (negatives or _CHANCE.search(text)) and not agrees:
        found.append(f"says not significant or within chance without a statistic that agrees: {text}")
    for word, verdict in _TREND.items():
        if re.search(rf"\b{word}\b", text, re.I) and not _has(
                claims, TREND,
                lambda c, v=verdict: c.verdict == v and c.p_adjusted is not None and c.p_adjusted < ALPHA):
            found.append(f"says {word} without a trend test that gives it: {text}")
    if re.search(r"\badverse to\b", text) and not _has(
            claims, POSITION, lambda c: c.position in ("above", "adverse")):
        found.append(f"says adverse without a position that is: {text}")
    if re.search(r"\bin favour of\b", text) and not _has(
            claims, POSITION, lambda c: c.position in ("below", "not_adverse", "favourable")):
        found.append(f"says in favour without a position that is: {text}")
    for c in claims:
        if c.kind == GAP and c.value is not None:
            if re.search(r"points higher\b", text) and not c.value > 0:
                found.append(f"says higher for a gap that is not positive: {text}")
            if re.search(r"points lower\b", text) and not c.value < 0:
                found.append(f"says lower for a gap that is not negative: {text}")
    return found
