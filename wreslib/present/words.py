"""Words shared by every page: the group's display label, lists, plurals and the glossary.

The data and the results always say "BME" (the data contract's label). A report may show another label
("Global Majority", "BAME"): :class:`Words` is the one place where that substitution happens, for
sentences, table headings, chart labels and alt text alike. It replaces the word "BME" wherever it stands
as a whole word, and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from wreslib.measures.families import BME
from wreslib.options import ReportOptions

_WHOLE_WORD = re.compile(rf"\b{BME}\b")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Words:
    """Display words for one page, from its options.

    Examples
    --------
    >>> w = Words(ReportOptions(bme_label="Global Majority"))
    >>> w.group("BME"), w.group("White"), w("no BME or White cases; BMEX stays")
    ('Global Majority', 'White', 'no Global Majority or White cases; BMEX stays')
    """

    options: ReportOptions = field(default_factory=ReportOptions)

    @property
    def label(self) -> str:
        return self.options.bme_label

    def group(self, name: str) -> str:
        """The display name of a group label stored in results."""
        return self.label if name == BME else name

    def __call__(self, text: str) -> str:
        """``text`` with every whole word "BME" shown as the page's label."""
        if self.label == BME:
            return text
        return _WHOLE_WORD.sub(lambda _: self.label, text)


def join(items: Sequence[str], word: str = "and") -> str:
    """"a", "a and b", "a, b and c".

    Examples
    --------
    >>> join(["2", "4", "7"]), join(["x"]), join([])
    ('2, 4 and 7', 'x', '')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """"1 test", "17 tests".

    Examples
    --------
    >>> plural(1, "test"), plural(17, "test"), plural(2, "staff group")
    ('1 test', '17 tests', '2 staff groups')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"


def number_word(n: int) -> str:
    """Small numbers as words ("no", "one" … "ten"), larger ones as digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def capital(text: str) -> str:
    """The text with its first letter a capital (a sentence may open with a figure's words).

    Examples
    --------
    >>> capital("fewer than 5 staff")
    'Fewer than 5 staff'
    """
    return text[:1].upper() + text[1:]


def indicators_phrase(numbers: Sequence[int]) -> str:
    """"indicator 2", "indicators 2, 4 and 7".

    Examples
    --------
    >>> indicators_phrase([2]), indicators_phrase([2, 4, 7])
    ('indicator 2', 'indicators 2, 4 and 7')
    """
    noun = "indicator" if len(numbers) == 1 else "indicators"
    return f"{noun} {join([str(n) for n in numbers])}"


#: The terms a board meets in a WRES report, in plain words (the report's glossary).
GLOSSARY: dict[str, str] = {
    "Relative likelihood": (
        "How many times as likely one group is as another to experience something: the first group's rate "
        "divided by the second's. 1.00 means the same likelihood (parity); 2.00 twice as likely; 0.50 half as "
        "likely. The report always says which group is compared to which."),
    "Non-adverse range (the four-fifths rule)": (
        "NHS England treats a relative likelihood from 0.80 to 1.25 as no adverse difference. 0.80 is four "
        "fifths; 1.25 is its inverse."),
    "Confidence interval": (
        "The range of values the data are consistent with, given their size. A 95% interval that does not "
        "include parity (1.00, or no difference) means the difference is unlikely to be chance alone."),
    "Statistically significant": (
        "A test says the difference is unlikely to be chance: its p-value is below 0.05 after allowing for the "
        "number of tests the report makes."),
    "p-value and adjusted p-value": (
        "The chance of a difference at least this large if there were none. The adjusted p-value allows for "
        "the other tests in the report (Holm's method), so that making many comparisons does not make a false "
        "alarm likely."),
    "Percentage points": (
        "The difference between two percentages: 30% against 20% is 10 percentage points (and 50% more)."),
    "Within what chance would give": (
        "A change or difference small enough, for the numbers involved, to arise by chance alone; the report "
        "gives the figures but does not call it a change."),
}
