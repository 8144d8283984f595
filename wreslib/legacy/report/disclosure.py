"""Disclosure control for shared outputs: the small-count suppression rule.

Rule (documented in docs/method.md, "Small counts"): in every shared table, a count of people from 1 up
to ``threshold - 1`` is shown as ``<threshold`` (default ``<5``, the threshold NHS England publications
commonly use; NHS Wales uses 10, so it is a parameter). Zero is shown: it discloses nothing about a
person. A rate computed from a suppressed count is not shown next to it. Relative likelihoods and survey
percentages stay visible: they are what WRES publishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_THRESHOLD = 5

# The threshold in force while a shared output is being written. Sentences and chart labels format their
# counts through ``fmt.count``, which reads it, so one setting covers tables, sentences and charts alike.
_ACTIVE: ContextVar[int | None] = ContextVar("wres_suppress_below", default=None)


@contextmanager
def suppressing(threshold: int = DEFAULT_THRESHOLD) -> Iterator[None]:
    """Within this block, ``fmt.count`` writes small counts as "fewer than N".

    Examples
    --------
    >>> from wreslib.legacy.report import fmt
    >>> with suppressing(5):
    ...     fmt.count(3), fmt.count(0), fmt.count(12)
    ('fewer than 5', '0', '12')
    >>> fmt.count(3)
    '3'
    """
    token = _ACTIVE.set(threshold)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_threshold() -> int | None:
    """The suppression threshold in force, or None outside any ``suppressing`` block."""
    return _ACTIVE.get()


def is_suppressed(n: int | None, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True when a count must not be shown.

    Examples
    --------
    >>> [is_suppressed(n) for n in (0, 1, 4, 5, None)]
    [False, True, True, False, False]
    """
    return n is not None and 0 < n < threshold


def show_count(n: int | None, threshold: int = DEFAULT_THRESHOLD) -> str:
    """A count as a shared table shows it.

    Examples
    --------
    >>> show_count(3), show_count(0), show_count(1234), show_count(None), show_count(9, threshold=10)
    ('<5', '0', '1,234', '—', '<10')
    """
    if n is None:
        return "—"
    if is_suppressed(n, threshold):
        return f"<{threshold}"
    return f"{n:,}"


#: Shown in place of a count hidden only so that a small count cannot be worked out from a total.
SECONDARY = "[c]"


def protect(parts: list[int | None], total: int | None, threshold: int = DEFAULT_THRESHOLD) -> tuple[list[bool], bool]:
    """Which of a table's parts, and whether its total, must be hidden.

    Primary suppression hides each count from 1 to ``threshold - 1``. Secondary suppression: when exactly
    one part is hidden and the total is shown, that part is the total minus the others, so the smallest
    other non-zero part is hidden too (or, if there is none, the total).

    Examples
    --------
    >>> protect([96, 288, 16], 400)        # nothing small
    ([False, False, False], False)
    >>> protect([2, 10, 1], 13)            # two small parts hide each other
    ([True, False, True], False)
    >>> protect([3, 10, 40], 53)           # one small part: the next smallest is hidden with it
    ([True, True, False], False)
    >>> protect([3, 0, 0], 3)              # the total is small itself
    ([True, False, False], True)
    """
    hidden = [is_suppressed(p, threshold) for p in parts]
    total_hidden = is_suppressed(total, threshold)
    if total is not None and not total_hidden and sum(hidden) == 1:
        others = [(p, i) for i, p in enumerate(parts) if not hidden[i] and p]
        if others:
            hidden[min(others)[1]] = True
        else:
            total_hidden = True
    return hidden, total_hidden


def show_protected(parts: list[int | None], total: int | None,
                   threshold: int = DEFAULT_THRESHOLD) -> tuple[list[str], str]:
    """Parts and total as a shared table shows them: ``<N`` for small counts, ``[c]`` for secondary ones.

    Examples
    --------
    >>> show_protected([3, 10, 40], 53)
    (['<5', '[c]', '40'], '53')
    """
    hidden, total_hidden = protect(parts, total, threshold)

    def one(n: int | None, hide: bool) -> str:
        return SECONDARY if hide and not is_suppressed(n, threshold) else show_count(n, threshold)

    return [one(p, h) for p, h in zip(parts, hidden, strict=True)], one(total, total_hidden)


_COUNT_TOKEN = re.compile(r"(?<![\w.\-])(\d+)(?![\w.%\-])")
_KEEP_AFTER = ("indicator ", "indicators ", "band ", "row ", "rows ", "year ", "survey year ")


def redact_counts(text: str, threshold: int = DEFAULT_THRESHOLD) -> str:
    """Replace small counts in a sentence (a warning message) with "fewer than N".

    Numbers that are not counts stay: years, indicator and band numbers, row numbers, decimals and
    percentages, and the ends of ranges.

    Examples
    --------
    >>> redact_counts("ethnicity is unknown for 1 of 13 voting board members in 2024")
    'ethnicity is unknown for fewer than 5 of 13 voting board members in 2024'
    >>> redact_counts("only 3 BME respondents for indicator 6 in survey year 2023 (2.5% of 120)")
    'only fewer than 5 BME respondents for indicator 6 in survey year 2023 (2.5% of 120)'
    >>> redact_counts("rows for both 'Band 1-7' and 'Band 5' overlap")
    "rows for both 'Band 1-7' and 'Band 5' overlap"
    """

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if not 0 < number < threshold or text[: match.start()].lower().endswith(_KEEP_AFTER):
            return match.group(0)
        return f"fewer than {threshold}"

    return _COUNT_TOKEN.sub(replace, text)
