"""Disclosure control for shared outputs: the small-count suppression rule.

Rule (documented in docs/method.md, "Small counts"): in every shared table, a count of people from 1 up
to ``threshold - 1`` is shown as ``<threshold`` (default ``<5``, the threshold NHS England publications
commonly use; NHS Wales uses 10, so it is a parameter). Zero is shown: it discloses nothing about a
person. A rate computed from a suppressed count is not shown next to it. Relative likelihoods and survey
percentages stay visible: they are what WRES publishes.
"""

from __future__ import annotations

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
    >>> from wreslib.report import fmt
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
