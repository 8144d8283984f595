"""Disclosure control for shared outputs: the small-count suppression rule.

Rule (documented in docs/method.md, "Small counts"): in every shared table, a count of people from 1 up
to ``threshold - 1`` is shown as ``<threshold`` (default ``<5``, the threshold NHS England publications
commonly use; NHS Wales uses 10, so it is a parameter). Zero is shown: it discloses nothing about a
person. A rate computed from a suppressed count is not shown next to it. Relative likelihoods and survey
percentages stay visible: they are what WRES publishes.
"""

from __future__ import annotations

DEFAULT_THRESHOLD = 5


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
