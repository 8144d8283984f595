"""Disclosure control for shared outputs: which counts of people a reader may see, decided once per page.

A page registers every count of people it will show (:meth:`Disclosure.count`), every relation between
them a reader could use (a total and its parts, :meth:`Disclosure.total`; a relative likelihood and its
four counts, :meth:`Disclosure.ratio`), then :meth:`Disclosure.solve` decides what stays hidden. Every
table cell, sentence, chart label, alt text, CSV and workbook cell then asks this one object. The rule
(``RULE``, printed in the report's appendix) follows the Government Statistical Service's guidance on
disclosure control for tables (primary and secondary cell suppression) and NHS England's practice for
published workforce statistics (counts under 5 suppressed):

1. **Primary suppression.** A count of people from 1 to ``threshold − 1`` is not shown. Zero is shown:
   it discloses nothing about a person.
2. **Secondary suppression.** No relation may have exactly one hidden member, or the reader gets it back:
   in a total and its parts (by differencing) another part is hidden too (the smallest non-zero one, or
   the total); of the four counts of a shown relative likelihood, the other group's count of cases.
   This repeats until no relation gives a hidden count away, across tables, years and sections.
3. **Figures computed from hidden counts.** A percentage or rate is shown only when both its numerator
   and its denominator are shown (a shown percentage times a shown denominator would give the count
   back); a change of a percentage likewise.
4. **What stays visible, and why.** Relative likelihoods (indicators 1-4) are published because the WRES
   requires them; secondary suppression keeps their counts from being solved. NHS Staff Survey results
   (percentages and respondents) are already published by the survey, which suppresses groups under 11
   itself. Board membership is public office and board members are named in public papers, so board
   counts are shown whatever their size.

References
----------
Government Statistical Service. *Disclosure control guidance for tables produced from surveys* and
*... from administrative sources* (primary and secondary suppression; differencing).
NHS England. *NHS Workforce Statistics* methodology (counts below 5 suppressed in published tables).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from wreslib.options import DEFAULT_SUPPRESS_BELOW
from wreslib.present import fmt

Key = Hashable
#: Shown in a table in place of a count hidden only so that a small count cannot be worked out.
SECONDARY = "[c]"


def rule(threshold: int = DEFAULT_SUPPRESS_BELOW) -> list[str]:
    """The suppression rule in words, for a report's appendix (generated from the threshold in force).

    Examples
    --------
    >>> rule(5)[0]
    'A count of people from 1 to 4 is shown as "<5" in tables and as "fewer than 5" in sentences; zero is shown.'
    """
    return [
        f'A count of people from 1 to {threshold - 1} is shown as "<{threshold}" in tables and as "fewer than '
        f'{threshold}" in sentences; zero is shown.',
        f'Where a hidden count could be worked out from what is shown (a total minus its other parts, or a relative '
        f'likelihood with three of its four counts), another count is hidden too and shown as "{SECONDARY}".',
        "A percentage or rate is shown only when the counts it comes from are shown, so no hidden count can be "
        "worked back from it; sentences are written without hidden figures.",
        "Shown although they carry information about small groups: relative likelihoods (the WRES requires them "
        "to be published; their counts are protected as above), NHS Staff Survey percentages and respondents "
        "(already published by the survey, which suppresses groups of fewer than 11), and board membership "
        "(public office: board members are named in public papers).",
    ]


@dataclass
class Disclosure:
    """The counts one shared page shows and the decision of which stay hidden (see the module docstring).

    Examples
    --------
    The issue's trust of 52 staff, 3 of them BME: the BME count is hidden, and so is the next smallest
    part, so that 52 − 49 cannot give it back.

    >>> d = Disclosure(5)
    >>> for key, n in (("white", 49), ("bme", 3), ("unknown", 0), ("all", 52)):
    ...     d.count(key, n)
    >>> d.total("all", ["white", "bme", "unknown"])
    >>> d.solve()
    >>> d.cell("bme"), d.cell("white"), d.cell("unknown"), d.cell("all")
    ('<5', '[c]', '0', '52')
    >>> d.pct("bme", "all") is None and d.pct("white", "all") is None
    True
    """

    threshold: int = DEFAULT_SUPPRESS_BELOW
    values: dict[Key, int] = field(default_factory=dict)
    exempt: set[Key] = field(default_factory=set)
    sums: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)
    ratios: list[tuple[Key, Key, Key, Key]] = field(default_factory=list)
    hidden: set[Key] = field(default_factory=set)
    solved: bool = False

    # --- registering ---------------------------------------------------------------------------------

    def count(self, key: Key, value: int | None, *, exempt: bool = False) -> None:
        """Register a count of people the page may show (``exempt``: survey or board figures, always shown)."""
        if value is None:
            return
        self.values[key] = int(value)
        if exempt:
            self.exempt.add(key)
        self.solved = False

    def total(self, total: Key, parts: Iterable[Key]) -> None:
        """Register that ``total`` is the sum of ``parts`` (all registered counts)."""
        members = tuple(p for p in parts if p in self.values)
        if total in self.values and members:
            self.sums.append((total, members))
            self.solved = False

    def ratio(self, a_cases: Key, a_total: Key, b_cases: Key, b_total: Key) -> None:
        """Register that a relative likelihood of these four counts is shown."""
        keys = (a_cases, a_total, b_cases, b_total)
        if all(k in self.values for k in keys):
            self.ratios.append(keys)
            self.solved = False

    # --- deciding ------------------------------------------------------------------------------------

    def small(self, value: int) -> bool:
        return 0 < value < self.threshold

    def solve(self) -> None:
        """Primary suppression, then secondary suppression until no relation gives a hidden count away."""
        self.hidden = {k for k, v in self.values.items() if k not in self.exempt and self.small(v)}
        changed = True
        while changed:
            changed = False
            for total, parts in self.sums:
                members = (total, *parts)
                open_ = [k for k in members if k in self.hidden]
                if len(open_) == 1 and open_[0] not in self.exempt:
                    self._hide_another(parts, total)
                    changed = True
            for members in self.ratios:
                open_ = [k for k in members if k in self.hidden]
                if len(open_) == 1 and open_[0] not in self.exempt:
                    a_cases, _, b_cases, _ = members
                    partner = b_cases if open_[0] in (a_cases, members[1]) else a_cases
                    self._hide(partner if partner not in self.hidden else self._smallest(members))
                    changed = True
        self.solved = True

    def _smallest(self, keys: Iterable[Key]) -> Key:
        candidates = [(self.values[k], str(k), k) for k in keys if k not in self.hidden and k not in self.exempt]
        return min(candidates)[2]

    def _hide_another(self, parts: tuple[Key, ...], total: Key) -> None:
        candidates = [(self.values[k], str(k), k) for k in parts
                      if k not in self.hidden and k not in self.exempt and self.values[k] > 0]
        self._hide(min(candidates)[2] if candidates else total)

    def _hide(self, key: Key) -> None:
        if key in self.exempt:
            return
        self.hidden.add(key)

    # --- asking --------------------------------------------------------------------------------------

    def _check(self) -> None:
        if not self.solved:
            self.solve()

    def shown(self, key: Key) -> bool:
        """True when the count may be shown (unregistered keys are not counts of people: shown)."""
        self._check()
        return key not in self.hidden

    def primary(self, key: Key) -> bool:
        self._check()
        return key in self.hidden and self.small(self.values[key])

    def value(self, key: Key) -> int | None:
        """The count when shown, None when hidden."""
        return self.values.get(key) if self.shown(key) else None

    def cell(self, key: Key) -> str:
        """The count as a table cell shows it: the number, ``<5``, or ``[c]``."""
        self._check()
        if key not in self.values:
            return "—"
        if key in self.hidden:
            return f"<{self.threshold}" if self.primary(key) else SECONDARY
        return fmt.count(self.values[key])

    def words(self, key: Key) -> str | None:
        """The count as a sentence says it: the number, "fewer than 5", or None (a secondary-hidden count
        must not be said at all: the sentence is phrased without it)."""
        self._check()
        if key not in self.hidden:
            return fmt.count(self.values[key])
        return f"fewer than {self.threshold}" if self.primary(key) else None

    def pct(self, numerator: Key, denominator: Key, dp: int = 1) -> str | None:
        """``numerator / denominator`` as a percentage, or None unless both counts are shown."""
        if not (self.shown(numerator) and self.shown(denominator)):
            return None
        num, den = self.values.get(numerator), self.values.get(denominator)
        if num is None or not den:
            return None
        return fmt.pct(100.0 * num / den, dp)

    def all_shown(self, *keys: Key) -> bool:
        """True when every one of ``keys`` is shown (a figure computed from them may be shown)."""
        return all(self.shown(k) for k in keys)
